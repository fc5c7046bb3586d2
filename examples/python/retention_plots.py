"""Retention plots from the bundled sample book, saved as PNG files.

1. ``sbg_survival.png``: the shifted-beta-geometric (sBG) model's survival curve, fitted
   to every member's renewals and lapses, against the members' observed (Kaplan-Meier)
   survival with its 95% band.
2. ``renewal_lift.png``: the covariate renewal model's cumulative gains and lift by decile
   for finding the members who lapse: fitted on the terms that ended up to one date,
   evaluated on the terms that ended in the year after it (in-sample only when the book
   is too small to hold such a year out).

Run ``scripts/run-plots.sh`` (builds callwise first), or with callwise installed::

    python examples/python/retention_plots.py --out target/plots [--members 2000] [--seed 7]

The figures are drawn with matplotlib's object-oriented API on the Agg canvas: no
display, no pyplot state.
"""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import callwise
from callwise.retention import (
    RENEWAL_FEATURES,
    RenewalModel,
    ShiftedBetaGeoModel,
    evaluate,
    kaplan_meier,
    renewal_history,
)

AS_OF = datetime.date(2026, 11, 1)
"""The sample book's present (``sample_book``'s default ``as_of``)."""
FIT_END = datetime.date(2025, 10, 31)
"""The renewal model is fitted on the terms that ended on or before this day and judged on
the terms that ended after it."""
MIN_HELD_OUT_LAPSES = 20
"""Fewer lapses than this among the later terms: judge the model in-sample instead."""
Z_95 = 1.959963984540054
"""The two-sided 95% normal quantile, for the Kaplan-Meier band."""

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Members:
    """Each membership with at least one past term: renewals made and whether it lapsed."""

    renewals: Floats
    lapsed: npt.NDArray[np.bool_]


def members_from_history(history: pa.Table) -> Members:
    """Renewals and lapses per membership, from :func:`renewal_history`'s rows.

    A term counts as renewed when any of its rows says so: a lapse that was later
    reinstated has a ``renewed`` False row and a True row for the same term, and that
    member is still with us. A member who lapsed after ``k`` renewals lapsed at renewal
    ``k + 1``.
    """
    terms = history.group_by(["membership_id", "term_end"]).aggregate([("renewed", "any")])
    per_member = terms.group_by("membership_id").aggregate(
        [("renewed_any", "sum"), ("renewed_any", "all")]
    )
    renewals = np.asarray(per_member["renewed_any_sum"], dtype=np.float64)
    lapsed = ~np.asarray(per_member["renewed_any_all"], dtype=np.bool_)
    return Members(renewals=renewals, lapsed=lapsed)


def plot_survival(book: callwise.Book, members_in_book: int, path: Path) -> str:
    """The sBG survival curve against the Kaplan-Meier curve of the same members; returns
    the plot's title."""
    members = members_from_history(renewal_history(book, AS_OF))
    # Observed: a lapsed member's lifetime is its renewals + 1, an active one is censored
    # at its renewals so far.
    observed = kaplan_meier(members.renewals + members.lapsed, members.lapsed)
    # Time is discrete: the survival after t renewals is the curve's value at lifetime t
    # (a step function, listed at the lifetimes with a lapse or a censoring).
    steps = np.concatenate([[0.0], np.asarray(observed["time"], dtype=np.float64)])
    time = np.arange(int(steps.max()) + 1, dtype=np.float64)
    at = np.searchsorted(steps, time, side="right") - 1
    survival = np.concatenate([[1.0], np.asarray(observed["survival"], dtype=np.float64)])[at]
    error = np.concatenate([[0.0], np.asarray(observed["std_error"], dtype=np.float64)])[at]
    last_seen = int(members.renewals.max())
    horizon = last_seen + 4
    lowest = float((survival - Z_95 * error).min())

    figure = Figure(figsize=(8.0, 5.0), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    axes.errorbar(
        time,
        survival,
        yerr=Z_95 * error,
        fmt="s",
        color="tab:blue",
        capsize=3,
        zorder=3,
        label="Observed (Kaplan-Meier), 95% interval (Greenwood)",
    )
    try:
        model = ShiftedBetaGeoModel.fit_members(members.renewals, members.lapsed)
    except callwise.NotConvergedError:
        # Too few lapses (a small book) leave the sBG's parameters unidentified.
        fit = "the sBG fit did not converge on so few lapses: observed survival only"
    else:
        fit = f"sBG fitted to the same members' records as of {AS_OF} (in-sample)"
        t = np.arange(horizon + 1, dtype=np.float64)
        fitted = model.survival(t)
        lowest = min(lowest, float(fitted.min()))
        axes.plot(
            t[: last_seen + 1],
            fitted[: last_seen + 1],
            "o-",
            color="tab:orange",
            label=f"sBG fit (alpha={model.alpha:.3g}, beta={model.beta:.3g})",
        )
        axes.plot(
            t[last_seen:],
            fitted[last_seen:],
            "o--",
            color="tab:orange",
            markerfacecolor="none",
            label="sBG projection past the longest observed tenure",
        )
    axes.set_ylim(max(0.0, np.floor((lowest - 0.05) * 20.0) / 20.0), 1.005)
    axes.set_xlim(0.0, float(horizon))
    axes.set_xlabel("Renewals t (annual terms)")
    axes.set_ylabel("Share of members still with us after t renewals")
    title = (
        f"Membership survival, sample book ({members_in_book:,} members; "
        f"{len(members.renewals):,} with a past term, {int(members.lapsed.sum()):,} lapsed)\n"
        f"{fit}"
    )
    axes.set_title(title, fontsize=10)
    axes.grid(alpha=0.3)
    axes.legend(loc="lower left", fontsize=9)
    figure.savefig(path, dpi=120)
    return title


def plot_lift(book: callwise.Book, path: Path) -> str:
    """Cumulative gains and lift by decile of the renewal model's lapse risk; returns the
    plot's title."""
    history = renewal_history(book, AS_OF)
    fit_end = pa.scalar(FIT_END, pa.date32())
    # Early renewals of later terms are known by FIT_END too: keep only the terms that
    # had ended, so that training and evaluation share no term.
    train = renewal_history(book, FIT_END)
    train = train.filter(pc.less_equal(train["term_end"], fit_end))
    later = history.filter(pc.greater(history["term_end"], fit_end))
    held_out = int(pc.sum(pc.invert(later["renewed"])).as_py() or 0) >= MIN_HELD_OUT_LAPSES
    if held_out:
        evaluated = later
        how = (
            f"fitted on {train.num_rows:,} terms ended by {FIT_END}, "
            f"judged on the {later.num_rows:,} terms ended after it (out of time)"
        )
    else:
        train = evaluated = history
        how = f"fitted and judged on the same {history.num_rows:,} terms (in-sample)"
    model = RenewalModel.fit(train.select(list(RENEWAL_FEATURES)), train["renewed"])
    risk = 1.0 - model.probabilities(evaluated)
    lapsed = ~np.asarray(evaluated["renewed"], dtype=np.bool_)
    gains = evaluate.gains_table(risk, lapsed, groups=10)
    auc = evaluate.auc(risk, lapsed)
    targeted = np.concatenate([[0.0], np.asarray(gains["fraction_targeted"], dtype=np.float64)])
    gain = np.concatenate([[0.0], np.asarray(gains["gain"], dtype=np.float64)])
    group = np.asarray(gains["group"], dtype=np.int64)
    lift = np.asarray(gains["lift"], dtype=np.float64)

    figure = Figure(figsize=(11.0, 5.0), layout="constrained")
    FigureCanvasAgg(figure)
    left, right = figure.subplots(1, 2)
    left.plot(targeted, gain, "o-", color="tab:red", label=f"Renewal model (AUC {auc:.3f})")
    left.plot([0.0, 1.0], [0.0, 1.0], "--", color="grey", label="Calling at random")
    left.set_xlim(0.0, 1.0)
    left.set_ylim(0.0, 1.0)
    left.set_xlabel("Share of terms called, highest lapse risk first")
    left.set_ylabel("Share of all lapses among them (cumulative gain)")
    left.set_title("Cumulative gains")
    left.grid(alpha=0.3)
    left.legend(loc="lower right", fontsize=9)
    right.bar(group, lift, color="tab:red", alpha=0.8)
    right.axhline(1.0, linestyle="--", color="grey", label="Calling at random")
    right.set_xticks(group)
    right.set_xlabel("Deciles of lapse risk called (1 = the riskiest 10%, 10 = everyone)")
    right.set_ylabel("Cumulative lift: lapse rate called / overall lapse rate")
    right.set_title("Cumulative lift by decile")
    right.grid(alpha=0.3, axis="y")
    right.legend(loc="upper right", fontsize=9)
    title = (
        f"Renewal model: finding the lapses ({int(lapsed.sum()):,} lapses in "
        f"{len(lapsed):,} terms, sample book)\n{how}"
    )
    figure.suptitle(title, fontsize=10)
    figure.savefig(path, dpi=120)
    return title


def main(argv: Sequence[str] | None = None) -> list[Path]:
    """Draw both plots into ``--out`` and print their paths."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("target/plots"), help="output folder")
    parser.add_argument("--members", type=int, default=2000, help="members in the sample book")
    parser.add_argument("--seed", type=int, default=7, help="the sample book's seed")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    book = callwise.sample_book(seed=args.seed, members=args.members, as_of=AS_OF)
    survival_png = out / "sbg_survival.png"
    lift_png = out / "renewal_lift.png"
    plot_survival(book, args.members, survival_png)
    plot_lift(book, lift_png)
    for path in (survival_png, lift_png):
        print(path)
    return [survival_png, lift_png]


if __name__ == "__main__":
    main()

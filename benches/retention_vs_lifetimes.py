"""callwise against lifetimes 0.11.3, side by side, on the same data in one run.

Run it with ``bash benches/retention_vs_lifetimes.sh``: that script makes a virtual
environment of its own (``benches/.venv-lifetimes``) with lifetimes 0.11.3 (pandas < 3.1,
see TOOLCHAIN.md) and callwise built from this checkout, then runs this file.

Cases:

- BG/NBD fit on the CDNOW 2,357-customer summary; Pareto/NBD fit on it tiled 100 times
  (235,700 rows, but only 1,016 distinct: grouping identical rows carries that figure);
- BG/NBD and Pareto/NBD fits on the full CDNOW log's calibration summary (lifetimes'
  ``CDNOW_master.txt`` summarised by its own ``calibration_and_holdout_data``, in
  ``tests/data/retention/``: 23,570 customers, 8,685 distinct rows), the figures grouping
  cannot carry (issue 20);
- BG/NBD and Pareto/NBD fits to 1,000,000 customers with exact recency and T drawn from
  each model's process with the CDNOW parameters (every row distinct): callwise's times,
  and the parameters recovered beside the planted ones (lifetimes' BG/NBD beside it;
  its Pareto/NBD with ``--slow-peers``, as it takes tens of minutes);
- scoring P(alive) + E[X(39)] of 1,000,000 customers; customer lifetime value over 120
  months of 1,000,000 customers (the CDNOW summary repeated: few distinct (x, T)) and of
  100,000 simulated ones with distinct T, against lifetimes' ``customer_lifetime_value``;
  the RFM summary of 2,000,000 transactions.

Each line prints both times, the ratio and, for fits, the largest relative difference of
the parameters. Every time is the best of several runs on the same data, both libraries
in the same process, one after the other.

Then ``model.score(table, t)`` on the 1,000,000 customers as a pyarrow Table, a pandas and
a polars DataFrame, against the Rust-native time of the same work (checking the columns
and scoring them: criterion's ``retention/score/bg_nbd_score_table_*``, which the shell
script runs first; its median is read from ``target/criterion``). Python's figure is the
median of several runs, as criterion's is.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
from callwise import retention
from lifetimes import BetaGeoFitter, GammaGammaFitter, ParetoNBDFitter
from lifetimes.utils import summary_data_from_transaction_data

ROOT = Path(__file__).resolve().parent.parent
CDNOW = ROOT / "tests" / "data" / "retention" / "cdnow_customers_summary.csv"


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def median_of(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def rust_native(rows: int) -> float | None:
    """Criterion's median for scoring ``rows`` customers from columns, in seconds."""
    path = (
        ROOT
        / "target"
        / "criterion"
        / "retention_score"
        / f"bg_nbd_score_table_{rows}"
        / "new"
        / "estimates.json"
    )
    if not path.exists():
        return None
    estimates = json.loads(path.read_text(encoding="utf-8"))
    return float(estimates["median"]["point_estimate"]) / 1e9


def line(case: str, ours: float, theirs: float, extra: str = "") -> None:
    print(
        f"{case:<44} callwise {ours * 1e3:10.3f} ms   lifetimes {theirs * 1e3:10.1f} ms"
        f"   {theirs / ours:8.1f}x  {extra}",
        flush=True,
    )


def rel(ours: dict[str, float], theirs: dict[str, float]) -> str:
    worst = max(abs(ours[k] - v) / abs(v) for k, v in theirs.items())
    return f"max relative parameter difference {worst:.1e}"


def cdnow_master() -> tuple[Any, Any, Any]:
    """The full CDNOW log's calibration summary, one row per customer, in weeks: lifetimes'
    own ``CDNOW_master.txt`` summarised by its ``calibration_and_holdout_data``
    (``tests/data/retention/make_cdnow_master_summary.py`` wrote the distinct rows)."""
    rows = pd.read_csv(ROOT / "tests" / "data" / "retention" / "cdnow_master_calibration.csv")
    counts = rows["customers"].to_numpy()
    return (
        np.repeat(rows["frequency"].to_numpy(dtype=np.float64), counts),
        np.repeat(rows["recency_days"].to_numpy(dtype=np.float64), counts) / 7,
        np.repeat(rows["T_days"].to_numpy(dtype=np.float64), counts) / 7,
    )


PLANTED_BG = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PLANTED_PARETO = {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}


def bg_nbd_customers(n: int, seed: int) -> tuple[Any, Any, Any]:
    """``n`` customers of a BG/NBD process with ``PLANTED_BG``, first seen uniformly over
    a 52-week window: purchases at a Poisson rate λ ~ Gamma(r, α) and, after each, a
    drop-out with probability p ~ Beta(a, b). Exact recency and T: every row distinct."""
    rng = np.random.default_rng(seed)
    p = PLANTED_BG
    t = 52.0 * rng.random(n)
    rate = rng.gamma(p["r"], 1.0 / p["alpha"], n)
    dropout = rng.beta(p["a"], p["b"], n)
    arrivals = rng.poisson(rate * t)  # purchases if the customer never dropped out
    survives = rng.geometric(dropout)  # the purchase after which the customer drops out
    x = np.minimum(arrivals, survives)
    # The last purchase: the x-th of `arrivals` uniform times on [0, T].
    last = np.zeros(n)
    some = x > 0
    last[some] = t[some] * rng.beta(x[some], arrivals[some] - x[some] + 1)
    return x.astype(np.float64), last, t


def pareto_nbd_customers(n: int, seed: int) -> tuple[Any, Any, Any]:
    """``n`` customers of a Pareto/NBD process with ``PLANTED_PARETO``: purchases at a
    Poisson rate λ ~ Gamma(r, α) over an exponential lifetime of rate μ ~ Gamma(s, β)."""
    rng = np.random.default_rng(seed)
    p = PLANTED_PARETO
    t = 52.0 * rng.random(n)
    rate = rng.gamma(p["r"], 1.0 / p["alpha"], n)
    death = rng.exponential(1.0 / rng.gamma(p["s"], 1.0 / p["beta"], n))
    alive_for = np.minimum(t, death)
    x = rng.poisson(rate * alive_for)
    last = np.where(x > 0, alive_for * rng.random(n) ** (1.0 / np.maximum(x, 1)), 0.0)
    return x.astype(np.float64), last, t


def recovered(fitted: dict[str, float], planted: dict[str, float]) -> str:
    return ", ".join(
        f"{k} {fitted[k]:.4f} (planted {v}, {100 * (fitted[k] / v - 1):+.1f}%)"
        for k, v in planted.items()
    )


def main() -> int:
    quick = "--quick" in sys.argv
    slow_peers = "--slow-peers" in sys.argv
    data = pd.read_csv(CDNOW)
    f, r, t = (
        data[c].to_numpy(dtype=np.float64) for c in ("frequency", "recency", "T")
    )

    ours_t, ours = best_of(
        lambda: retention.BetaGeoModel.fit(f, r, t), 5 if quick else 50
    )
    theirs_t, theirs = best_of(lambda: BetaGeoFitter().fit(f, r, t), 3 if quick else 10)
    line(
        "BG/NBD fit, CDNOW 2,357",
        ours_t,
        theirs_t,
        rel(ours.params, theirs.params_.to_dict()),
    )

    tiles = 10 if quick else 100
    ft, rt, tt = (np.tile(c, tiles) for c in (f, r, t))
    ours_t, ours = best_of(
        lambda: retention.ParetoNBDModel.fit(ft, rt, tt), 1 if quick else 3
    )
    np.random.seed(0)
    theirs_t, theirs = best_of(lambda: ParetoNBDFitter().fit(ft, rt, tt), 1)
    line(
        f"Pareto/NBD fit, CDNOW x{tiles} ({len(ft):,} rows)",
        ours_t,
        theirs_t,
        rel(ours.params, theirs.params_.to_dict()),
    )

    # The full CDNOW log: 8,685 distinct rows of 23,570, so grouping cannot carry it.
    fm, rm, tm = cdnow_master()
    for label, ours_fit, theirs_fit, repeat in (
        ("BG/NBD", retention.BetaGeoModel.fit, BetaGeoFitter, (5, 3) if quick else (30, 10)),
        ("Pareto/NBD", retention.ParetoNBDModel.fit, ParetoNBDFitter, (3, 1) if quick else (10, 3)),
    ):
        ours_t, ours = best_of(lambda fit=ours_fit: fit(fm, rm, tm), repeat[0])
        np.random.seed(0)
        theirs_t, theirs = best_of(lambda cls=theirs_fit: cls().fit(fm, rm, tm), repeat[1])
        report = ours.fit_report
        line(
            f"{label} fit, CDNOW full log ({len(fm):,} rows)",
            ours_t,
            theirs_t,
            rel(ours.params, theirs.params_.to_dict())
            + f"; {report['evaluations']} evaluations over {report['distinct_rows']:,}"
            " distinct rows",
        )

    # A million customers whose rows are all distinct, from the models' own processes.
    m = 100_000 if quick else 1_000_000
    for label, make, ours_fit, theirs_fit, planted, peer in (
        ("BG/NBD", bg_nbd_customers, retention.BetaGeoModel.fit, BetaGeoFitter, PLANTED_BG, True),
        (
            "Pareto/NBD",
            pareto_nbd_customers,
            retention.ParetoNBDModel.fit,
            ParetoNBDFitter,
            PLANTED_PARETO,
            slow_peers,
        ),
    ):
        fs_, rs_, ts_ = make(m, seed=20)
        ours_t, ours = best_of(lambda: ours_fit(fs_, rs_, ts_), 3)
        report = ours.fit_report
        print(
            f"{label} fit, {m:,} simulated customers ({report['distinct_rows']:,} distinct"
            f" rows): callwise {ours_t:.3f} s, {report['evaluations']} evaluations;"
            f" {recovered(ours.params, planted)}",
            flush=True,
        )
        if peer:
            np.random.seed(0)
            theirs_t, theirs = best_of(lambda cls=theirs_fit: cls().fit(fs_, rs_, ts_), 1)
            line(
                f"  ... lifetimes on the same {m:,}",
                ours_t,
                theirs_t,
                rel(ours.params, theirs.params_.to_dict()),
            )

    # As the Rust bench: the summary repeated to at least n rows.
    n = 100_000 if quick else 1_000_000
    reps = -(-n // len(f))
    fs, rs, ts = (np.tile(c, reps) for c in (f, r, t))
    n = len(fs)
    model = retention.BetaGeoModel(r=0.243, alpha=4.414, a=0.793, b=2.426)
    peer = BetaGeoFitter()
    peer.params_ = pd.Series({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    table = pa.table({"frequency": fs, "recency": rs, "T": ts})
    # One pass for both scores (what the two separate calls would each convert again).
    ours_t, _ = best_of(lambda: model.score(table, 39.0), 3)
    theirs_t, _ = best_of(
        lambda: (
            peer.conditional_probability_alive(fs, rs, ts),
            peer.conditional_expected_number_of_purchases_up_to_time(39.0, fs, rs, ts),
        ),
        3,
    )
    line(
        f"score P(alive)+E[X(39)], {n:,} customers",
        ours_t,
        theirs_t,
        f"callwise {n / ours_t / 1e6:.1f} M customers/s",
    )

    native = rust_native(n)
    print(
        f"\nmodel.score(table, 39) on {n:,} rows, median of 7 runs "
        + (
            f"(Rust-native, criterion median: {native * 1e3:.2f} ms)"
            if native
            else "(no Rust-native figure: run benches/retention_vs_lifetimes.sh, not this file)"
        ),
        flush=True,
    )
    tables: dict[str, Any] = {
        "pyarrow Table": table,
        "pandas DataFrame": table.to_pandas(),
        "polars DataFrame": pl.from_arrow(table),
    }
    expected = model.score(table, 39.0)
    for kind, value in tables.items():
        took = median_of(lambda value=value: model.score(value, 39.0), 7)
        same = model.score(value, 39.0).select(["p_alive", "expected_purchases"])
        assert same.equals(expected.select(["p_alive", "expected_purchases"])), kind
        ratio = f"{took / native:5.2f}x Rust-native" if native else ""
        print(f"  from a {kind:<18} {took * 1e3:8.2f} ms   {ratio}", flush=True)

    # Customer lifetime value over 120 months, BG/NBD and Gamma-Gamma: the CDNOW summary
    # repeated (few distinct (x, T) pairs) and simulated customers with distinct T.
    spend = retention.GammaGammaModel(p=6.25, q=3.74, gamma=15.44)
    peer_spend = GammaGammaFitter()
    peer_spend.params_ = pd.Series({"p": 6.25, "q": 3.74, "v": 15.44})
    peer.predict = peer.conditional_expected_number_of_purchases_up_to_time
    # lifetimes takes about a millisecond a customer here: the distinct case is smaller.
    fd, rd, td = bg_nbd_customers(20_000 if quick else 100_000, seed=21)
    for label, (f_, r_, t_) in (("CDNOW repeated", (fs, rs, ts)), ("distinct T", (fd, rd, td))):
        money = np.full(len(f_), 25.0)
        ours_t, ours = best_of(
            lambda f_=f_, r_=r_, t_=t_, money=money: spend.customer_lifetime_value(
                model, f_, r_, t_, money, months=120
            ),
            3,
        )
        frame = pd.DataFrame({"f": f_, "r": r_, "t": t_, "m": money})
        theirs_t, theirs = best_of(
            lambda frame=frame: peer_spend.customer_lifetime_value(
                peer,
                frame["f"],
                frame["r"],
                frame["t"],
                frame["m"],
                time=120,
                discount_rate=0.01,
                freq="W",
            ),
            1,
        )
        worst = float(np.max(np.abs(ours - theirs.to_numpy()) / np.abs(theirs.to_numpy())))
        line(
            f"CLV 120 months, {len(f_):,} customers, {label}",
            ours_t,
            theirs_t,
            f"max relative difference {worst:.1e}",
        )

    m = 200_000 if quick else 2_000_000
    rng = np.random.default_rng(7)
    ids = rng.integers(0, m // 10, size=m)
    dates = np.datetime64("2020-01-01") + rng.integers(0, 1461, size=m).astype(
        "timedelta64[D]"
    )
    values = rng.integers(0, 20_000, size=m) / 100.0
    frame = pd.DataFrame({"id": ids, "date": dates, "value": values})
    end = "2023-06-30"
    ours_t, _ = best_of(
        lambda: retention.rfm_summary(ids, dates, values, calibration_end=end), 3
    )
    theirs_t, _ = best_of(
        lambda: summary_data_from_transaction_data(
            frame,
            "id",
            "date",
            "value",
            observation_period_end=end,
            freq="D",
            freq_multiplier=7,
        ),
        1,
    )
    line(f"RFM summary, {m:,} transactions", ours_t, theirs_t)
    return 0


if __name__ == "__main__":
    sys.exit(main())

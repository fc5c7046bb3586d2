"""callwise against lifetimes 0.11.3, side by side, on the same data in one run.

Run it with ``bash benches/retention_vs_lifetimes.sh``: that script makes a virtual
environment of its own (``benches/.venv-lifetimes``) with lifetimes 0.11.3 (pandas < 3.1,
see TOOLCHAIN.md) and callwise built from this checkout, then runs this file.

Cases (the issue's): BG/NBD fit on the CDNOW 2,357-customer summary; Pareto/NBD fit on it
tiled 100 times (235,700 rows); scoring P(alive) + E[X(39)] of 1,000,000 customers; the
RFM summary of 2,000,000 transactions. Each line prints both times, the ratio and, for
fits, the largest relative difference of the parameters.

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
from lifetimes import BetaGeoFitter, ParetoNBDFitter
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


def main() -> int:
    quick = "--quick" in sys.argv
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

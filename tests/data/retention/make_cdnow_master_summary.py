"""Writes the calibration summary of the full CDNOW log, as lifetimes 0.11.3 computes it.

Run from anywhere with a Python that has lifetimes 0.11.3 installed (for example the
benchmark's environment, ``benches/.venv-lifetimes/bin/python``):

    python tests/data/retention/make_cdnow_master_summary.py

It reads ``CDNOW_master.txt`` from the installed lifetimes wheel (``lifetimes/datasets/``:
69,659 purchases by 23,570 customers, 1997-01-01 to 1998-06-30), summarises it with
``calibration_and_holdout_data`` (calibration end 1997-09-30, observation end 1998-06-30,
freq "D") and writes ``cdnow_master_calibration.csv`` beside this file: one line per
distinct calibration row, ``frequency, recency_days, T_days, customers`` (recency and T in
whole days; the papers' weeks are days / 7, as lifetimes' ``freq_multiplier=7`` divides
them), sorted. The full log has 8,685 distinct rows where the 2,357-customer sample has
1,016, so a fit over it cannot be carried by grouping identical rows
(``benches/retention_vs_lifetimes.py``, issue 20).
"""

from pathlib import Path

import lifetimes
import pandas as pd
from lifetimes.utils import calibration_and_holdout_data

HERE = Path(__file__).resolve().parent


def main() -> None:
    log = pd.read_csv(
        Path(lifetimes.__file__).parent / "datasets" / "CDNOW_master.txt",
        sep=r"\s+",
        header=0,
        names=["customer_id", "date", "cds", "dollars"],
        dtype={"customer_id": int, "date": str, "cds": int, "dollars": float},
    ).assign(date=lambda df: pd.to_datetime(df["date"], format="%Y%m%d"))
    summary = calibration_and_holdout_data(
        log,
        "customer_id",
        "date",
        calibration_period_end="1997-09-30",
        observation_period_end="1998-06-30",
        freq="D",
    )
    rows = (
        summary.astype({"frequency_cal": int, "recency_cal": int, "T_cal": int})
        .groupby(["frequency_cal", "recency_cal", "T_cal"])
        .size()
        .reset_index(name="customers")
        .rename(
            columns={"frequency_cal": "frequency", "recency_cal": "recency_days", "T_cal": "T_days"}
        )
    )
    rows.to_csv(HERE / "cdnow_master_calibration.csv", index=False, lineterminator="\n")


if __name__ == "__main__":
    main()

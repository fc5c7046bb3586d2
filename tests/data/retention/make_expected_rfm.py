"""Writes the expected RFM summaries of CDNOW_sample.txt, as lifetimes 0.11.3 computes them.

Run from anywhere with a Python that has lifetimes 0.11.3 installed:

    python tests/data/retention/make_expected_rfm.py

It writes, sorted by customer id, with 17 significant digits:

- tests/conformance/cdnow_sample_rfm_holdout.csv: `calibration_and_holdout_data`
  (calibration end 1997-09-30, observation end 1998-06-30);
- tests/conformance/cdnow_sample_rfm.csv: `summary_data_from_transaction_data`
  (observation end 1998-06-30).

Both in weeks (freq "D", freq_multiplier 7), monetary value = the dollar value column,
customer id = the first column. core/tests/retention_rfm.rs compares callwise with them.
"""

from pathlib import Path

import pandas as pd
from lifetimes.utils import calibration_and_holdout_data, summary_data_from_transaction_data

HERE = Path(__file__).resolve().parent
OUT = HERE.parent.parent / "conformance"


def load() -> pd.DataFrame:
    return pd.read_csv(
        HERE / "CDNOW_sample.txt",
        sep=r"\s+",
        header=None,
        names=["customer_id", "customer_index", "date", "cds", "dollars"],
        dtype={"customer_id": int, "customer_index": int, "date": str, "cds": int, "dollars": float},
    ).assign(date=lambda df: pd.to_datetime(df["date"], format="%Y%m%d"))


def write(frame: pd.DataFrame, name: str) -> None:
    frame = frame.sort_index()
    frame.index.name = "customer_id"
    frame.to_csv(OUT / name, float_format="%.17g", lineterminator="\n")


def main() -> None:
    transactions = load()
    holdout = calibration_and_holdout_data(
        transactions,
        "customer_id",
        "date",
        calibration_period_end="1997-09-30",
        observation_period_end="1998-06-30",
        freq="D",
        freq_multiplier=7,
        monetary_value_col="dollars",
    )
    write(holdout, "cdnow_sample_rfm_holdout.csv")
    summary = summary_data_from_transaction_data(
        transactions,
        "customer_id",
        "date",
        monetary_value_col="dollars",
        observation_period_end="1998-06-30",
        freq="D",
        freq_multiplier=7,
    )
    write(summary, "cdnow_sample_rfm.csv")


if __name__ == "__main__":
    main()

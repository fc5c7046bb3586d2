"""Synthetic purchase histories for the scoring examples, and the models fitted to them.

A seeded simulation of the BG/NBD story (customers buy at their own Poisson rate and,
after each repeat purchase, may quietly stop for good) with Gamma-Gamma spend, summarised
by :func:`callwise.retention.rfm_summary` into the ``frequency``, ``recency``, ``T`` and
``monetary_value`` columns that ``model.score`` reads. Times are in weeks.
"""

from __future__ import annotations

import datetime

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from callwise.retention import BetaGeoModel, GammaGammaModel, rfm_summary

START = datetime.date(2025, 1, 1)
"""The first day customers can make their first purchase."""
CALIBRATION_END = datetime.date(2025, 12, 31)
"""The last day of the purchase log: ``T`` is measured to it."""


HORIZON_WEEKS = 13.0
"""Score the next quarter: the data's unit is the week."""
SCORE_COLUMNS = ("p_alive", "expected_purchases")
"""What ``model.score`` adds after the input's columns..."""
SPEND_COLUMNS = ("expected_spend", "clv")
"""... and then with a spend model."""


def simulate_transactions(
    customers: int, seed: int = 7
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.datetime64], npt.NDArray[np.float64]]:
    """A transaction log as three columns: integer customer ids, ``datetime64[D]`` days
    and spend in dollars, for ``customers`` customers first buying in the first twelve
    weeks of 2025, up to :data:`CALIBRATION_END`."""
    rng = np.random.default_rng(seed)
    days_in_log = (CALIBRATION_END - START).days + 1
    rate_per_day = rng.gamma(shape=0.25, scale=1.0 / 4.0, size=customers) / 7.0
    drop_out = rng.beta(0.8, 2.5, size=customers)
    mean_spend = 6.0 / rng.gamma(shape=4.0, scale=1.0 / 15.0, size=customers)
    ids: list[int] = []
    days: list[float] = []
    for customer in range(customers):
        day = float(rng.uniform(0.0, 84.0))
        while day < days_in_log:
            ids.append(customer)
            days.append(day)
            if len(ids) > 1 and ids[-2] == customer and rng.random() < drop_out[customer]:
                break
            day += rng.exponential(1.0 / rate_per_day[customer])
    id_column = np.asarray(ids, dtype=np.int64)
    day_column = np.datetime64(START, "D") + np.floor(days).astype("timedelta64[D]")
    spend = rng.gamma(shape=6.0, scale=mean_spend[id_column] / 6.0).round(2)
    return id_column, day_column, spend


def purchase_summary(customers: int, seed: int = 7) -> pa.Table:
    """Each simulated customer's ``customer_id``, ``frequency``, ``recency``, ``T`` and
    ``monetary_value`` (weeks and dollars), one row per customer."""
    ids, days, spend = simulate_transactions(customers, seed)
    return rfm_summary(ids, days, spend, calibration_end=CALIBRATION_END)


def fit_models(summary: pa.Table) -> tuple[BetaGeoModel, GammaGammaModel]:
    """BG/NBD fitted to every customer and Gamma-Gamma to the repeat buyers."""
    purchases = BetaGeoModel.fit(summary["frequency"], summary["recency"], summary["T"])
    repeat = summary.filter(pc.greater(summary["frequency"], pa.scalar(0.0)))
    spend = GammaGammaModel.fit(repeat["frequency"], repeat["monetary_value"])
    return purchases, spend

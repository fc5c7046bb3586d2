"""Retention scoring: which members and customers are slipping away.

Two families of model, computed by the Rust core (the same numbers as its Rust and Kotlin
APIs), with the GIL released while they fit and score:

- **Non-contractual** customers buy whenever they like; nobody sees them leave. From each
  customer's repeat purchases (``frequency``), time of the last one (``recency``) and age
  (``T``), all from :func:`rfm_summary`, :class:`BetaGeoModel` (BG/NBD),
  :class:`ModifiedBetaGeoModel` (MBG/NBD) and :class:`ParetoNBDModel` (Pareto/NBD) give
  the probability that the customer is still alive and the purchases to expect;
  :class:`BetaGeoBetaBinomModel` (BG/BB) does the same over discrete opportunities
  (yearly appeals, annual conferences); :class:`GammaGammaModel` gives spend per purchase
  and, with one of the others, customer lifetime value.
- **Contractual** members renew or lapse at known times: :class:`ShiftedBetaGeoModel`
  projects a cohort's survival and each member's renewal probability, and
  :func:`kaplan_meier` gives the observed retention curves.

:mod:`callwise.retention.evaluate` scores predictions against what happened.

Column arguments may be numpy arrays, pandas or polars Series, pyarrow arrays (chunked
or not) or lists, and give the same results whichever they are; a scalar stands for a
column of one. Methods return float64 numpy arrays, one element per row; tables are
pyarrow Tables (``table.to_pandas()`` or ``polars.from_arrow(table)`` for a DataFrame).
Bad input raises :class:`callwise.InvalidArgumentError` (a ``ValueError``) naming the
argument and the row; a fit that does not converge raises
:class:`callwise.NotConvergedError` with the best point found.

>>> import datetime
>>> from callwise.retention import BetaGeoModel, rfm_summary
>>> day = datetime.date
>>> log = rfm_summary(
...     ["ann", "bob", "ann", "ann", "cy", "bob"],
...     [day(2024, 1, 1), day(2024, 1, 3), day(2024, 2, 5), day(2024, 3, 4),
...      day(2024, 3, 20), day(2024, 3, 25)],
...     [20.0, 5.0, 10.0, 30.0, 8.0, 4.0],
...     calibration_end=day(2024, 3, 31),
... )
>>> log.column_names
['customer_id', 'frequency', 'recency', 'T', 'monetary_value']
>>> log["customer_id"].to_pylist(), log["frequency"].to_pylist()
(['ann', 'bob', 'cy'], [2.0, 1.0, 0.0])
>>> model = BetaGeoModel(r=0.243, alpha=4.414, a=0.793, b=2.426)  # weeks, as the data
>>> model.probability_alive(log["frequency"], log["recency"], log["T"]).round(3)
array([0.71 , 0.742, 1.   ])
"""

from __future__ import annotations

import datetime
from typing import Literal, Union

import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from callwise import _core
from callwise._core import (
    BetaGeoBetaBinomModel,
    BetaGeoModel,
    GammaGammaModel,
    ModifiedBetaGeoModel,
    ParetoNBDModel,
    ShiftedBetaGeoModel,
)
from callwise.retention import evaluate
from callwise.retention._convert import arrow, codes, table

__all__ = [
    "BetaGeoBetaBinomModel",
    "BetaGeoModel",
    "GammaGammaModel",
    "ModifiedBetaGeoModel",
    "ParetoNBDModel",
    "ShiftedBetaGeoModel",
    "evaluate",
    "kaplan_meier",
    "rfm_summary",
]

Day = Union[datetime.date, str]
"""A day: a ``datetime.date`` or an ISO 8601 string ``"YYYY-MM-DD"``."""


def rfm_summary(
    customer_ids: npt.ArrayLike,
    dates: npt.ArrayLike,
    values: npt.ArrayLike,
    calibration_end: Day | None = None,
    observation_end: Day | None = None,
    unit: Literal["days", "weeks"] = "weeks",
) -> pa.Table:
    """Each customer's frequency, recency, age and spend, from a transaction log.

    One row of ``customer_ids``, ``dates`` and ``values`` per transaction. The numbers
    are those of lifetimes' ``summary_data_from_transaction_data`` and
    ``calibration_and_holdout_data`` at a daily grain:

    - transactions on one day are one purchase, worth their sum;
    - ``frequency`` is the purchase days less the first; ``recency`` the time from the
      first purchase day to the last; ``T`` the time from the first purchase day to
      ``calibration_end`` (inclusive; default: the latest date in the log);
      ``monetary_value`` the mean spend of the repeat purchase days (0 with none);
    - with ``observation_end``, the holdout period runs from the day after
      ``calibration_end`` to ``observation_end``, and the columns ``frequency_holdout``,
      ``monetary_value_holdout`` (the mean of the individual holdout transactions) and
      ``duration_holdout`` are added; without it, later transactions are ignored.

    Times are in ``unit``: ``"weeks"`` (days / 7, the unit of the BG/NBD and Pareto/NBD
    papers) or ``"days"``. Rows are in the order in which customers first appear among
    the calibration transactions, and ``customer_id`` keeps the ids' type (ints, strings,
    ...).

    ``dates`` may be ``datetime64`` values of any unit (an instant counts for its day),
    ``datetime.date`` objects, ISO 8601 strings, or pandas, polars or pyarrow dates or
    naive timestamps; time-zone-aware instants are refused (convert them to local dates
    first). ``calibration_end`` and ``observation_end`` are ``datetime.date`` values or
    ``"YYYY-MM-DD"`` strings. Raises ``InvalidArgumentError`` for a missing id or date, a
    non-finite value, columns of different lengths, or an ``observation_end`` before the
    calibration end. The GIL is released while summarising.

    >>> import datetime
    >>> from callwise.retention import rfm_summary
    >>> summary = rfm_summary(
    ...     [7, 7, 9, 7],
    ...     ["2024-01-01", "2024-01-15", "2024-01-20", "2024-02-12"],
    ...     [10.0, 4.0, 6.0, 8.0],
    ...     calibration_end=datetime.date(2024, 1, 31),
    ...     observation_end="2024-02-29",
    ... )
    >>> summary.to_pydict()  # doctest: +NORMALIZE_WHITESPACE
    {'customer_id': [7, 9], 'frequency': [1.0, 0.0], 'recency': [2.0, 0.0],
     'T': [4.285714285714286, 1.5714285714285714], 'monetary_value': [4.0, 0.0],
     'frequency_holdout': [1.0, 0.0], 'monetary_value_holdout': [8.0, 0.0],
     'duration_holdout': [4.142857142857143, 4.142857142857143]}
    """
    encoded = arrow(customer_ids)
    if not pa.types.is_dictionary(encoded.type):
        encoded = encoded.dictionary_encode()
    columns = _core._rfm_summary(
        codes(encoded.indices), dates, values, calibration_end, observation_end, unit
    )
    customer_id = encoded.dictionary.take(pa.array(columns.pop("customer_id")))
    return table({"customer_id": customer_id, **columns})


def kaplan_meier(
    durations: npt.ArrayLike,
    lapsed: npt.ArrayLike,
    cohorts: npt.ArrayLike | None = None,
) -> pa.Table:
    """The Kaplan-Meier retention curve: the observed share of members still with you
    after each tenure, with Greenwood standard errors.

    ``durations`` are tenures (finite, >= 0), ``lapsed`` whether each member lapsed at
    that tenure (True) or is still active (False: censored). There is one row per
    distinct tenure with a lapse or a censoring, in increasing ``time``: ``at_risk``
    (members still observed just before), ``events`` (lapses), ``censored``,
    ``survival`` (the share surviving beyond ``time``) and ``std_error``.

    With ``cohorts`` (a joining year, a plan, a region: one per member, of any type),
    there is one curve per cohort, in increasing order of the cohorts, and the first
    column, ``cohort``, says whose each row is. Raises ``InvalidArgumentError`` for a
    negative or missing duration, a missing cohort, or columns of different lengths.

    >>> from callwise.retention import kaplan_meier
    >>> curve = kaplan_meier([3, 5, 5, 8, 12], [True, True, False, True, False])
    >>> curve["time"].to_pylist(), curve["at_risk"].to_pylist()
    ([3.0, 5.0, 8.0, 12.0], [5, 4, 2, 1])
    >>> [round(s, 3) for s in curve["survival"].to_pylist()]
    [0.8, 0.6, 0.3, 0.3]
    >>> by_year = kaplan_meier(
    ...     [1, 2, 3, 4], [True, True, False, False], cohorts=[2024, 2023, 2024, 2023])
    >>> by_year.select(["cohort", "time", "survival"]).to_pydict()  # doctest: +NORMALIZE_WHITESPACE
    {'cohort': [2023, 2023, 2024, 2024], 'time': [2.0, 4.0, 1.0, 3.0],
     'survival': [0.5, 0.5, 0.5, 0.5]}
    """
    if cohorts is None:
        return table(_core._kaplan_meier(durations, lapsed))
    values = arrow(cohorts)
    if pa.types.is_dictionary(values.type):
        values = values.dictionary_decode()
    distinct = pc.unique(values).drop_null()
    distinct = distinct.take(pc.sort_indices(distinct))
    cohort_codes = codes(pc.index_in(values, value_set=distinct))
    columns = _core._kaplan_meier(durations, lapsed, cohort_codes)
    cohort = distinct.take(pa.array(columns.pop("cohort")))
    return table({"cohort": cohort, **columns})

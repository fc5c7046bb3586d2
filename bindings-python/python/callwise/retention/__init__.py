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
  :func:`kaplan_meier` gives the observed retention curves; :class:`RenewalModel` adds
  what the book knows about each member (events attended, calls connected, days since
  the last contact, dues paid late, tenure) and explains every score feature by feature.

From a :class:`callwise.Book`, :func:`renewal_history` and :func:`renewals_due` give the
members' renewal features (:data:`RENEWAL_FEATURES`) to fit and score,
:func:`renewal_signals` the members due for renewal, least likely to renew first, and
:func:`purchase_history` and :func:`dormant_signals` the customers' purchase histories
and their chance of still being active.

:mod:`callwise.retention.evaluate` scores predictions against what happened.

Column arguments may be numpy arrays, pandas or polars Series, pyarrow arrays (chunked
or not) or lists, and give the same results whichever they are; a scalar stands for a
column of one. Methods return float64 numpy arrays, one element per row; tables are
pyarrow Tables (``table.to_pandas()`` or ``polars.from_arrow(table)`` for a DataFrame).

Every model also scores a whole table: ``model.score(table, t)`` takes a pyarrow Table or
RecordBatch, a pandas or polars DataFrame, a mapping of names to columns or any Arrow
stream (``__arrow_c_stream__``), reads the columns it needs by name, and returns a pyarrow
Table of the input's columns followed by the scores. float64 columns are read in place,
not copied, and the model holds nothing but its parameters (which pickle), so the same
call scores a partition in Dask's ``map_partitions`` or Spark's ``mapInArrow``:

============================  ===========================  ==============================
model                         reads                        adds
============================  ===========================  ==============================
BG/NBD, MBG/NBD, Pareto/NBD   ``frequency``, ``recency``,  ``p_alive``,
                              ``T``                        ``expected_purchases``
... with ``spend_model=``     also ``monetary_value``      also ``expected_spend``, ``clv``
GammaGammaModel               as the line above            as the line above
BetaGeoBetaBinomModel         ``frequency``, ``recency``,  ``p_alive``,
                              ``n_periods``                ``expected_purchases``
ShiftedBetaGeoModel           ``renewals``                 ``p_renew`` (and
                                                           ``expected_residual_lifetime``)
RenewalModel                  its features, by name        ``p_renew``
============================  ===========================  ==============================

>>> import pandas as pd
>>> from callwise.retention import BetaGeoModel
>>> customers = pd.DataFrame(
...     {"frequency": [2, 0], "recency": [30.43, 0.0], "T": [38.86, 38.86]},
...     index=pd.Index(["ann", "bob"], name="customer_id"),
... )
>>> bg = BetaGeoModel(r=0.243, alpha=4.414, a=0.793, b=2.426)
>>> scored = bg.score(customers, t=39)
>>> scored.column_names
['frequency', 'recency', 'T', 'customer_id', 'p_alive', 'expected_purchases']
>>> scored.to_pandas().round(3)  # doctest: +NORMALIZE_WHITESPACE
             frequency  recency      T  p_alive  expected_purchases
customer_id
ann                  2    30.43  38.86    0.727               1.226
bob                  0     0.00  38.86    1.000               0.195

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
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, Union

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from callwise import _core
from callwise._core import (
    DEFAULT_LEAD_DAYS,
    DEFAULT_PURCHASE_SOURCE,
    DEFAULT_UNIT,
    DEFAULT_WITHIN_DAYS,
    RENEWAL_FEATURES,
    BetaGeoBetaBinomModel,
    BetaGeoModel,
    Book,
    GammaGammaModel,
    ModifiedBetaGeoModel,
    ParetoNBDModel,
    RenewalModel,
    ShiftedBetaGeoModel,
)
from callwise.retention import evaluate
from callwise.retention._convert import arrow, codes, table

if TYPE_CHECKING:
    from callwise._core import Contribution as Contribution
    from callwise._core import Explanation as Explanation
    from callwise._core import RenewalFitReport as RenewalFitReport
    from callwise._core import RenewalSignal as RenewalSignal

__all__ = [
    "DEFAULT_LEAD_DAYS",
    "DEFAULT_PURCHASE_SOURCE",
    "DEFAULT_UNIT",
    "DEFAULT_WITHIN_DAYS",
    "RENEWAL_FEATURES",
    "BetaGeoBetaBinomModel",
    "BetaGeoModel",
    "GammaGammaModel",
    "ModifiedBetaGeoModel",
    "ParetoNBDModel",
    "RenewalModel",
    "ShiftedBetaGeoModel",
    "dormant_signals",
    "evaluate",
    "kaplan_meier",
    "purchase_history",
    "renewal_history",
    "renewal_signals",
    "renewals_due",
    "rfm_summary",
]

Day = Union[datetime.date, str]
"""A day: a ``datetime.date`` or an ISO 8601 string ``"YYYY-MM-DD"``."""

Dates = Union[npt.ArrayLike, Sequence[datetime.date]]
"""A column of dates: ``datetime64`` values, ``datetime.date`` objects, ``"YYYY-MM-DD"``
strings (read strictly, as in every callwise language), or a pandas, polars or pyarrow
column of dates."""


def rfm_summary(
    customer_ids: npt.ArrayLike,
    dates: Dates,
    values: npt.ArrayLike,
    calibration_end: Day | None = None,
    observation_end: Day | None = None,
    unit: Literal["days", "weeks"] = DEFAULT_UNIT,
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

    Times are in ``unit`` (core's default :data:`DEFAULT_UNIT`, weeks): ``"weeks"``
    (days / 7, the unit of the BG/NBD and Pareto/NBD papers) or ``"days"``. Rows are in
    the order in which customers first appear among the calibration transactions, and
    ``customer_id`` keeps the ids' type (ints, strings, ...).

    ``dates`` may be ``datetime64`` values of any unit (an instant counts for its day),
    ``datetime.date`` objects, ``"YYYY-MM-DD"`` strings, or pandas, polars or pyarrow dates or
    naive timestamps; time-zone-aware instants are refused (convert them to local dates
    first). ``calibration_end`` and ``observation_end`` are ``datetime.date`` values or
    ``"YYYY-MM-DD"`` strings. Raises ``InvalidArgumentError`` for a missing id (None, or
    NaN in a float column) or date, a non-finite value, columns of different lengths, or
    an ``observation_end`` before the calibration end. The GIL is released while
    summarising.

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
    encoded = arrow(customer_ids, "customer_ids")
    kind = encoded.type
    if (
        pa.types.is_signed_integer(kind) or kind in (pa.uint8(), pa.uint16(), pa.uint32())
    ) and encoded.null_count == 0:
        # Integer ids go to the core as they are: no dictionary encoding needed.
        ids = np.asarray(encoded.cast(pa.int64()), dtype=np.int64)
        columns = _core._rfm_summary_ints(
            ids, dates, values, calibration_end, observation_end, unit
        )
        customer_id = pa.array(columns.pop("customer_id")).cast(kind)
        return table({"customer_id": customer_id, **columns})
    if not pa.types.is_dictionary(kind):
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
    there is one curve per cohort, the cohorts in the order they first appear (core's
    order, the same in every language whatever type holds the cohorts; sort the table
    for another), and the first column, ``cohort``, says whose each row is. Raises
    ``InvalidArgumentError`` for a negative or missing duration, a missing cohort (None,
    or NaN in a float column), or columns of different lengths.

    >>> from callwise.retention import kaplan_meier
    >>> curve = kaplan_meier([3, 5, 5, 8, 12], [True, True, False, True, False])
    >>> curve["time"].to_pylist(), curve["at_risk"].to_pylist()
    ([3.0, 5.0, 8.0, 12.0], [5, 4, 2, 1])
    >>> [round(s, 3) for s in curve["survival"].to_pylist()]
    [0.8, 0.6, 0.3, 0.3]
    >>> by_year = kaplan_meier(
    ...     [1, 2, 3, 4], [True, True, False, False], cohorts=[2024, 2023, 2024, 2023])
    >>> by_year.select(["cohort", "time", "survival"]).to_pydict()  # doctest: +NORMALIZE_WHITESPACE
    {'cohort': [2024, 2024, 2023, 2023], 'time': [1.0, 3.0, 2.0, 4.0],
     'survival': [0.5, 0.5, 0.5, 0.5]}
    """
    if cohorts is None:
        return table(_core._kaplan_meier(durations, lapsed))
    values = arrow(cohorts, "cohorts")
    if pa.types.is_dictionary(values.type):
        values = values.dictionary_decode()
    # Codes stand for the cohorts (whatever their type) in the core, which orders them.
    encoded = values.dictionary_encode()
    columns = _core._kaplan_meier(durations, lapsed, codes(encoded.indices))
    cohort = encoded.dictionary.take(pa.array(columns.pop("cohort")))
    return table({"cohort": cohort, **columns})


# Signals from a book.


def _cases(columns: dict[str, Any]) -> pa.Table:
    """Renewal cases as a table: ids as strings, days since 1970 as dates, outcomes as
    booleans (null for a term still open), then the features, in the columns' order."""
    for name in ("membership_id", "account_id"):
        columns[name] = pa.array(columns[name], pa.string())
    for name in ("term_end", "scored_on"):
        columns[name] = pa.array(columns[name], pa.int32()).cast(pa.date32())
    columns["renewed"] = pa.array(columns["renewed"], pa.bool_())
    return table(columns)


def _accounts(columns: dict[str, Any]) -> pa.Table:
    """Per-account columns as a table, the ids as strings."""
    return table({"account_id": pa.array(columns.pop("account_id"), pa.string()), **columns})


def renewal_history(book: Book, as_of: Day, lead_days: int = DEFAULT_LEAD_DAYS) -> pa.Table:
    """The renewal model's training set from a book: every past term whose outcome was
    known by ``as_of``, with the features as they stood ``lead_days`` before the term
    ended (when the renewal call would have been made; :data:`DEFAULT_LEAD_DAYS`, 60,
    core's default, unless given).

    A renewal recorded on or before ``as_of`` is a row with ``renewed`` True; a lapse on
    or before ``as_of`` is a row with ``renewed`` False for the term that ended the day
    before it. The columns are ``membership_id``, ``account_id``, ``term_end`` and
    ``scored_on`` (the date the features describe: ``lead_days`` before ``term_end``, at
    the latest ``as_of``) as dates, ``renewed``, then the features of
    :data:`RENEWAL_FEATURES`, as float64:

    - ``events_attended``: event attendances by the account's contacts at events that
      started in the year up to ``scored_on`` (365 days, that day included);
    - ``calls_connected``: calls in that year that reached someone (outcome
      ``connected``, ``meeting_set``, ``opportunity_uncovered`` or ``not_interested``);
    - ``days_since_last_contact``: days from the account's last activity on or before
      ``scored_on`` (any channel or direction), or from joining if there is none;
    - ``dues_paid_late``: renewals paid late, among those made on or before ``scored_on``;
    - ``tenure_years``: years (of 365.25 days) from joining to ``scored_on``.

    Rows are in book order of memberships, then by term end. ``as_of`` is a
    ``datetime.date`` or a ``"YYYY-MM-DD"`` string; an activity or event counts on its
    UTC date. The GIL is released meanwhile.

    >>> import callwise
    >>> from callwise.retention import RENEWAL_FEATURES, RenewalModel, renewal_history
    >>> book = callwise.sample_book(seed=7, members=40)
    >>> history = renewal_history(book, "2026-11-24")
    >>> history.column_names[:5]
    ['membership_id', 'account_id', 'term_end', 'scored_on', 'renewed']
    >>> history.num_rows, history["renewed"].to_pylist().count(False)
    (46, 9)
    >>> model = RenewalModel.fit(history.select(RENEWAL_FEATURES), history["renewed"])
    >>> model.feature_names == RENEWAL_FEATURES
    True
    """
    return _cases(_core._renewal_history(book, as_of, lead_days))


def renewals_due(book: Book, as_of: Day, within_days: int = DEFAULT_WITHIN_DAYS) -> pa.Table:
    """The renewal model's scoring set from a book: the memberships whose current term
    ends from ``as_of`` to ``within_days`` after it (both included; core's default
    :data:`DEFAULT_WITHIN_DAYS`, 90, unless given), not lapsed, with their features as of
    ``as_of``.

    The columns are those of :func:`renewal_history`, ``scored_on`` being ``as_of`` and
    ``renewed`` null; rows are in book order. Score them with
    ``model.probabilities(table)`` (which reads the model's columns only), or use
    :func:`renewal_signals`.

    >>> import callwise, datetime
    >>> from callwise.retention import renewals_due
    >>> book = callwise.sample_book(seed=7, members=40)
    >>> due = renewals_due(book, datetime.date(2026, 11, 24), within_days=120)
    >>> due.num_rows, due["renewed"].null_count
    (12, 12)
    """
    return _cases(_core._renewals_due(book, as_of, within_days))


def renewal_signals(
    book: Book, model: RenewalModel, as_of: Day, within_days: int = DEFAULT_WITHIN_DAYS
) -> list[RenewalSignal]:
    """Every membership due for renewal within ``within_days`` of ``as_of`` (as
    :func:`renewals_due` finds them), scored and explained by ``model``: what the
    renewals source of a call list ranks.

    Each signal is a dict: ``membership_id``, ``account_id``, ``term_end`` (a
    ``datetime.date``), ``p_renew`` (the probability of renewing) and ``explanation`` (as
    :meth:`RenewalModel.explain` gives it). The least likely to renew come first (ties:
    earlier term end, then membership id). Raises ``InvalidArgumentError`` when the
    model's features are not :data:`RENEWAL_FEATURES` (in any order). The GIL is
    released while scoring.

    >>> import callwise
    >>> from callwise.retention import (
    ...     RENEWAL_FEATURES, RenewalModel, renewal_history, renewal_signals)
    >>> book = callwise.sample_book(seed=7, members=40)
    >>> history = renewal_history(book, "2026-11-24")
    >>> model = RenewalModel.fit(history.select(RENEWAL_FEATURES), history["renewed"])
    >>> first = renewal_signals(book, model, "2026-11-24", within_days=120)[0]
    >>> first["membership_id"], first["term_end"], round(first["p_renew"], 3)
    ('mem-0000035', datetime.date(2027, 2, 18), 0.763)
    >>> worst = min(first["explanation"]["contributions"], key=lambda c: c["contribution"])
    >>> worst["feature"], worst["value"]
    ('days_since_last_contact', 889.0)
    """
    return _core._renewal_signals(book, model, as_of, within_days)


def purchase_history(
    book: Book,
    as_of: Day,
    unit: Literal["days", "weeks"] = DEFAULT_UNIT,
    source: Literal["won_deals", "membership_payments", "event_registrations"] = (
        DEFAULT_PURCHASE_SOURCE
    ),
) -> pa.Table:
    """The accounts' purchase histories from a book, for the purchase models: every
    purchase of ``source`` on or before ``as_of``, summarised as :func:`rfm_summary` does
    with ``calibration_end=as_of``. Purchases are closed-won opportunities on their close
    date worth their amount (``"won_deals"``, core's default), membership payments (the
    day joined and each renewal, worth the dues: ``"membership_payments"``) or event
    registrations (the event's first day, worth nothing: ``"event_registrations"``).

    The columns are ``account_id``, ``frequency``, ``recency``, ``T`` (in ``unit``) and
    ``monetary_value`` (the mean repeat purchase, in minor units; 0 without one). Rows
    are the accounts with a purchase, in order of first purchase in the book. Raises
    ``InvalidArgumentError`` when there is no purchase on or before ``as_of``.

    >>> import callwise
    >>> from callwise.retention import purchase_history
    >>> book = callwise.sample_book(seed=7, members=40)
    >>> purchase_history(book, "2026-11-24").column_names
    ['account_id', 'frequency', 'recency', 'T', 'monetary_value']
    """
    return _accounts(_core._purchase_history(book, as_of, unit, source))


def dormant_signals(
    book: Book,
    model: BetaGeoModel | ModifiedBetaGeoModel | ParetoNBDModel,
    as_of: Day,
    horizon: float,
    unit: Literal["days", "weeks"] = DEFAULT_UNIT,
    source: Literal["won_deals", "membership_payments", "event_registrations"] = (
        DEFAULT_PURCHASE_SOURCE
    ),
) -> pa.Table:
    """Every account with a purchase of ``source`` (as :func:`purchase_history` finds
    them) scored by a fitted purchase model: the probability it is still active and the
    purchases to expect in the next ``horizon`` (in ``unit``, the unit the model was
    fitted in). What the dormant-customers source of a call list ranks.

    The columns are ``account_id``, ``frequency``, ``recency``, ``T``,
    ``p_alive`` and ``expected_purchases``. Repeat buyers come first, least
    likely to be active first (the good customers who have gone quiet), then one-time
    buyers the same way; ties by account id. Raises ``InvalidArgumentError`` when
    ``horizon`` is negative or there is no purchase on or before ``as_of``. The GIL is
    released while scoring.

    >>> import callwise
    >>> from callwise.retention import BetaGeoModel, dormant_signals
    >>> book = callwise.sample_book(seed=7, members=40)
    >>> model = BetaGeoModel(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> quiet = dormant_signals(book, model, "2026-11-24", horizon=13)
    >>> quiet["account_id"][0].as_py(), round(quiet["p_alive"][0].as_py(), 3)
    ('acc-0000068', 0.011)
    """
    return _accounts(_core._dormant_signals(book, model, as_of, horizon, unit, source))

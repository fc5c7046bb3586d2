"""Scoring predictions against what happened.

Discrimination (:func:`auc`, :func:`gains_table`), calibration (:func:`brier_score`,
:func:`calibration_table`) and, for purchase counts, :func:`compare_holdout`: predicted
against actual holdout purchases by calibration frequency.

The defaults of ``bins``, ``groups`` and ``max_frequency`` are core's:
:data:`DEFAULT_BINS` (10), :data:`DEFAULT_GROUPS` (10, deciles) and
:data:`DEFAULT_MAX_FREQUENCY` (7, as lifetimes' plot).

Scores and probabilities are columns of numbers; outcomes are booleans (or numbers that
are all 0 or 1), for example whether each member lapsed. Columns may be numpy arrays,
pandas or polars Series, pyarrow arrays or lists. Bad input raises
:class:`callwise.InvalidArgumentError` naming the argument and the row.

>>> from callwise.retention import evaluate
>>> scores = [0.9, 0.8, 0.3, 0.1]
>>> lapsed = [True, False, True, False]
>>> evaluate.auc(scores, lapsed)
0.75
>>> round(evaluate.brier_score(scores, lapsed), 4)
0.2875
"""

from __future__ import annotations

from typing import TypedDict

import numpy.typing as npt
import pyarrow as pa

from callwise import _core
from callwise._core import DEFAULT_BINS, DEFAULT_GROUPS, DEFAULT_MAX_FREQUENCY
from callwise.retention._convert import table

__all__ = [
    "DEFAULT_BINS",
    "DEFAULT_GROUPS",
    "DEFAULT_MAX_FREQUENCY",
    "HoldoutComparison",
    "auc",
    "brier_score",
    "calibration_table",
    "compare_holdout",
    "gains_table",
]


def auc(scores: npt.ArrayLike, outcomes: npt.ArrayLike) -> float:
    """The area under the ROC curve: the probability that a random positive outcome
    scores higher than a random negative one, ties counting one half.

    0.5 is no better than chance; 1.0 ranks every positive above every negative. Raises
    ``InvalidArgumentError`` when ``outcomes`` lacks either outcome.

    >>> from callwise.retention.evaluate import auc
    >>> auc([0.9, 0.7, 0.2], [True, False, False])
    1.0
    >>> auc([0.5, 0.5], [1, 0])  # a tie counts half
    0.5
    """
    return _core._auc(scores, outcomes)


def brier_score(probabilities: npt.ArrayLike, outcomes: npt.ArrayLike) -> float:
    """The mean squared difference between each predicted probability and the outcome
    (1 for True, 0 for False): 0 is perfect, always predicting 0.5 scores 0.25.

    >>> from callwise.retention.evaluate import brier_score
    >>> brier_score([1.0, 0.0], [True, False]), brier_score([0.5, 0.5], [True, False])
    (0.0, 0.25)
    """
    return _core._brier_score(probabilities, outcomes)


def calibration_table(
    probabilities: npt.ArrayLike, outcomes: npt.ArrayLike, bins: int = DEFAULT_BINS
) -> pa.Table:
    """The reliability table: predictions grouped into ``bins`` equal-width bins on
    [0, 1], each with ``lower`` and ``upper`` edges, ``count``, ``mean_predicted`` and
    the ``observed_rate`` of True outcomes.

    Well-calibrated predictions have ``mean_predicted`` close to ``observed_rate`` in
    every bin. Every bin is listed (an empty one with zeros); 1.0 falls in the last.

    >>> from callwise.retention.evaluate import calibration_table
    >>> table = calibration_table([0.1, 0.2, 0.7, 1.0], [False, True, True, True], bins=2)
    >>> table.to_pydict()  # doctest: +NORMALIZE_WHITESPACE
    {'lower': [0.0, 0.5], 'upper': [0.5, 1.0], 'count': [2, 2],
     'mean_predicted': [0.15000000000000002, 0.85], 'observed_rate': [0.5, 1.0]}
    """
    return table(_core._calibration_table(probabilities, outcomes, bins))


def gains_table(
    scores: npt.ArrayLike, outcomes: npt.ArrayLike, groups: int = DEFAULT_GROUPS
) -> pa.Table:
    """Cumulative gains and lift: rows sorted by score, highest first, cut into
    ``groups`` groups as equal in size as possible (10 groups are deciles).

    Columns: ``group`` (1 for the highest scores), ``fraction_targeted``, ``count``,
    ``positives``, ``cumulative_positives``, ``gain`` (the share of all positives caught
    down to the group) and ``lift`` (the rate of positives down to the group over the
    overall rate). The last row has gain and lift 1.

    >>> from callwise.retention.evaluate import gains_table
    >>> table = gains_table([0.9, 0.1, 0.8, 0.4, 0.3], [True, False, True, False, False], groups=2)
    >>> table.select(["group", "count", "gain", "lift"]).to_pydict()
    {'group': [1, 2], 'count': [3, 2], 'gain': [1.0, 1.0], 'lift': [1.6666666666666665, 1.0]}
    """
    return table(_core._gains_table(scores, outcomes, groups))


class HoldoutComparison(TypedDict):
    """What :func:`compare_holdout` returns."""

    customers: int
    """Customers compared."""
    predicted_total: float
    """Sum of the predictions."""
    actual_total: float
    """Sum of the actual purchases."""
    mean_absolute_error: float
    """Mean of the absolute differences."""
    root_mean_squared_error: float
    """Square root of the mean squared difference."""
    by_frequency: pa.Table
    """By calibration frequency (``frequency``, ``customers``, ``mean_predicted``,
    ``mean_actual``), increasing, frequencies without customers left out."""


def compare_holdout(
    calibration_frequency: npt.ArrayLike,
    predicted: npt.ArrayLike,
    actual: npt.ArrayLike,
    max_frequency: int = DEFAULT_MAX_FREQUENCY,
) -> HoldoutComparison:
    """Predicted against actual holdout purchases, overall and by calibration frequency
    (the table behind lifetimes' ``plot_calibration_purchases_vs_holdout_purchases``).

    Customers are grouped by calibration frequency ``0..=max_frequency``, the last group
    collecting every frequency from ``max_frequency`` up.

    >>> from callwise.retention.evaluate import compare_holdout
    >>> result = compare_holdout(
    ...     [0, 0, 1, 5, 9], [0.2, 0.4, 1.0, 3.0, 6.0], [0, 1, 1, 2, 7], max_frequency=4)
    >>> result["customers"], result["actual_total"]
    (5, 11.0)
    >>> result["by_frequency"].select(["frequency", "customers", "mean_actual"]).to_pydict()
    {'frequency': [0, 1, 4], 'customers': [2, 1, 2], 'mean_actual': [0.5, 1.0, 4.5]}
    """
    totals, by_frequency = _core._compare_holdout(
        calibration_frequency, predicted, actual, max_frequency
    )
    return HoldoutComparison(
        customers=totals["customers"],
        predicted_total=totals["predicted_total"],
        actual_total=totals["actual_total"],
        mean_absolute_error=totals["mean_absolute_error"],
        root_mean_squared_error=totals["root_mean_squared_error"],
        by_frequency=table(by_frequency),
    )

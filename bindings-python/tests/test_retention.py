"""callwise.retention: published fits, the shared fixture, the seam between Python and the
core (columns of every kind, typed errors, pickling, threads) and the tables."""

from __future__ import annotations

import csv
import datetime
import json
import math
import pickle
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Union, get_args

import numpy as np
import numpy.typing as npt
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pytest

import callwise
from callwise.retention import (
    BetaGeoBetaBinomModel,
    BetaGeoModel,
    GammaGammaModel,
    ModifiedBetaGeoModel,
    ParetoNBDModel,
    ShiftedBetaGeoModel,
    evaluate,
    kaplan_meier,
    rfm_summary,
)

Model = Union[
    BetaGeoModel,
    ModifiedBetaGeoModel,
    ParetoNBDModel,
    BetaGeoBetaBinomModel,
    GammaGammaModel,
    ShiftedBetaGeoModel,
]
Floats = npt.NDArray[np.float64]

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]


def read_csv(path: Path) -> dict[str, Floats]:
    """The columns of a CSV of numbers (parsed by ``float``, exactly as Rust parses them)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    return {
        name: np.array([float(row[i]) for row in body], dtype=np.float64)
        for i, name in enumerate(header)
    }


@pytest.fixture(scope="module")
def data(shared: Path) -> Path:
    return shared / "data" / "retention"


@pytest.fixture(scope="module")
def cdnow(data: Path) -> dict[str, Floats]:
    """The CDNOW summary of Fader, Hardie and Lee (2005): ID, frequency, recency, T."""
    return read_csv(data / "cdnow_customers_summary.csv")


@pytest.fixture(scope="module")
def repeat_buyers(data: Path) -> dict[str, Floats]:
    """The CDNOW customers with a repeat purchase: x and their mean spend zbar."""
    columns = read_csv(data / "cdnow_customers_summary_with_transactions.csv")
    keep = columns["x"] > 0
    return {name: values[keep] for name, values in columns.items()}


@pytest.fixture(scope="module")
def donations(data: Path) -> dict[str, Floats]:
    """The donations data of Fader, Hardie and Shang (2010), as 22 weighted rows."""
    return read_csv(data / "donations.csv")


@pytest.fixture(scope="module")
def bg(cdnow: dict[str, Floats]) -> BetaGeoModel:
    return BetaGeoModel.fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])


@pytest.fixture(scope="module")
def pareto(cdnow: dict[str, Floats]) -> ParetoNBDModel:
    return ParetoNBDModel.fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])


@pytest.fixture(scope="module")
def fixture(shared: Path) -> dict[str, Any]:
    """The answers the Rust tests wrote: Python must give them bit for bit."""
    parsed: dict[str, Any] = json.loads(
        (shared / "conformance" / "retention.json").read_text(encoding="utf-8")
    )
    return parsed


def rounded(params: dict[str, float], digits: int) -> dict[str, float]:
    return {name: round(value, digits) for name, value in params.items()}


# Published numbers.


def test_bg_nbd_reproduces_the_paper(bg: BetaGeoModel) -> None:
    assert rounded(bg.params, 3) == {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    assert bg.log_likelihood is not None
    assert round(bg.log_likelihood, 1) == -9582.4
    assert (round(bg.r, 3), round(bg.alpha, 3), round(bg.a, 3), round(bg.b, 3)) == (
        0.243,
        4.414,
        0.793,
        2.426,
    )


def test_pareto_nbd_reproduces_the_paper(pareto: ParetoNBDModel) -> None:
    # The paper prints beta = 11.669 from a less converged fit; 11.668 is the maximum.
    assert rounded(pareto.params, 3) == {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.668}
    assert pareto.log_likelihood is not None
    assert round(pareto.log_likelihood, 1) == -9595.0


def test_mbg_nbd_fits_cdnow(cdnow: dict[str, Floats]) -> None:
    model = ModifiedBetaGeoModel.fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    assert rounded(model.params, 3) == {"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614}


def test_gamma_gamma_reproduces_the_note(repeat_buyers: dict[str, Floats]) -> None:
    x, m = repeat_buyers["x"], repeat_buyers["zbar"]
    model = GammaGammaModel.fit(x, m)
    assert (round(model.p, 2), round(model.q, 2)) == (6.25, 3.74)
    # The note prints gamma = 15.44; the maximum is at 15.4477 (lifetimes finds it too),
    # and its log-likelihood beats the printed parameters' (as core's own test checks).
    assert round(model.gamma, 2) == 15.45
    assert model.gamma == pytest.approx(15.44, abs=0.01)
    printed = GammaGammaModel(p=6.25, q=3.74, gamma=15.44)
    assert model.log_likelihood is not None
    assert model.log_likelihood > printed.log_likelihood_of(x, m)
    assert model.log_likelihood == pytest.approx(model.log_likelihood_of(x, m), rel=1e-12)


def test_bg_bb_reproduces_the_paper(donations: dict[str, Floats]) -> None:
    d = donations
    model = BetaGeoBetaBinomModel.fit(d["frequency"], d["recency"], d["periods"], d["weights"])
    expected = {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}
    assert rounded(model.params, 3) == expected
    assert (model.alpha, model.beta, model.gamma, model.delta) == tuple(model.params.values())
    report = model.fit_report
    assert report is not None
    assert (report["rows"], report["distinct_rows"]) == (22, 22)


@pytest.mark.parametrize(
    ("survivors", "alpha", "beta"), [(REGULAR, 0.704, 1.182), (HIGH_END, 0.668, 3.806)]
)
def test_sbg_reproduces_the_paper(survivors: list[int], alpha: float, beta: float) -> None:
    model = ShiftedBetaGeoModel.fit(survivors)
    assert (round(model.alpha, 3), round(model.beta, 3)) == (alpha, beta)


def test_sbg_fit_members_agrees_with_the_cohort_fit() -> None:
    cohort = ShiftedBetaGeoModel.fit(REGULAR)
    renewals = [*range(7), 7]
    lapsed = [True] * 7 + [False]
    weights = [REGULAR[t] - REGULAR[t + 1] for t in range(7)] + [REGULAR[7]]
    members = ShiftedBetaGeoModel.fit_members(renewals, lapsed, weights)
    assert members.alpha == pytest.approx(cohort.alpha, abs=1e-8)
    assert members.beta == pytest.approx(cohort.beta, abs=1e-8)
    # 0/1 integers read as outcomes, too.
    again = ShiftedBetaGeoModel.fit_members(renewals, [int(x) for x in lapsed], weights)
    assert again == members


# The shared fixture: the same core computes them, so the floats are equal exactly.


def check_purchase_model(
    model: BetaGeoModel | ModifiedBetaGeoModel | ParetoNBDModel,
    expected: dict[str, Any],
    cdnow: dict[str, Floats],
) -> None:
    assert model.params == expected["params"]
    assert model.log_likelihood == expected["log_likelihood"]
    first = {name: cdnow[name][:10] for name in ("frequency", "recency", "T")}
    alive = model.probability_alive(first["frequency"], first["recency"], first["T"])
    assert alive.tolist() == expected["p_alive"]
    purchases = model.expected_purchases(
        expected["t"], first["frequency"], first["recency"], first["T"]
    )
    assert purchases.tolist() == expected["expected_purchases"]


def test_conformance_bg_nbd(
    fixture: dict[str, Any], cdnow: dict[str, Floats], bg: BetaGeoModel
) -> None:
    check_purchase_model(bg, fixture["bg_nbd"], cdnow)


def test_conformance_mbg_nbd(fixture: dict[str, Any], cdnow: dict[str, Floats]) -> None:
    model = ModifiedBetaGeoModel.fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    check_purchase_model(model, fixture["mbg_nbd"], cdnow)


def test_conformance_pareto_nbd(
    fixture: dict[str, Any], cdnow: dict[str, Floats], pareto: ParetoNBDModel
) -> None:
    check_purchase_model(pareto, fixture["pareto_nbd"], cdnow)


def test_conformance_gamma_gamma(fixture: dict[str, Any], repeat_buyers: dict[str, Floats]) -> None:
    expected = fixture["gamma_gamma"]
    x, m = repeat_buyers["x"], repeat_buyers["zbar"]
    model = GammaGammaModel.fit(x, m)
    assert model.params == expected["params"]
    assert model.log_likelihood == expected["log_likelihood"]
    assert model.expected_spend(x[:10], m[:10]).tolist() == expected["expected_spend"]


def test_conformance_bg_bb(fixture: dict[str, Any], donations: dict[str, Floats]) -> None:
    expected = fixture["bg_bb"]
    d = donations
    model = BetaGeoBetaBinomModel.fit(d["frequency"], d["recency"], d["periods"], d["weights"])
    assert model.params == expected["params"]
    assert model.log_likelihood == expected["log_likelihood"]
    alive = model.probability_alive(d["frequency"], d["recency"], d["periods"])
    assert alive.tolist() == expected["p_alive"]
    purchases = model.expected_purchases(5, d["frequency"], d["recency"], d["periods"])
    assert purchases.tolist() == expected["expected_purchases"]


@pytest.mark.parametrize(
    ("key", "survivors"), [("sbg_regular", REGULAR), ("sbg_high_end", HIGH_END)]
)
def test_conformance_sbg(fixture: dict[str, Any], key: str, survivors: list[int]) -> None:
    expected = fixture[key]
    model = ShiftedBetaGeoModel.fit(survivors)
    assert model.params == expected["params"]
    assert model.log_likelihood == expected["log_likelihood"]
    assert model.survival(np.arange(13)).tolist() == expected["survival"]
    assert model.retention_rate(np.arange(1, 13)).tolist() == expected["retention_rate"]


# Models: construction, attributes, equality, pickling.


def known_models() -> list[Model]:
    return [
        BetaGeoModel(r=0.243, alpha=4.414, a=0.793, b=2.426),
        ModifiedBetaGeoModel(r=0.525, alpha=6.183, a=0.891, b=1.614),
        ParetoNBDModel(r=0.553, alpha=10.578, s=0.606, beta=11.669),
        BetaGeoBetaBinomModel(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783),
        GammaGammaModel(p=6.25, q=3.74, gamma=15.44),
        ShiftedBetaGeoModel(alpha=0.704, beta=1.182),
    ]


@pytest.mark.parametrize("model", known_models(), ids=lambda m: type(m).__name__)
def test_a_model_from_known_parameters(model: Model) -> None:
    assert model.log_likelihood is None
    assert model.std_errors is None
    assert model.fit_report is None
    assert type(model).__module__ == "callwise.retention"
    assert all(getattr(model, name) == value for name, value in model.params.items())
    assert eval(repr(model), vars(callwise.retention)) == model
    assert repr(model).startswith(f"{type(model).__name__}(")
    # Immutable: a parameter cannot be set (every class has its own parameter names).
    first = next(iter(model.params))
    with pytest.raises(AttributeError, match="is not writable"):
        setattr(model, first, 1.0)


@pytest.mark.parametrize("model", known_models(), ids=lambda m: type(m).__name__)
def test_models_pickle_their_parameters(model: Model) -> None:
    again = pickle.loads(pickle.dumps(model))
    assert type(again) is type(model)
    assert again == model
    assert again.params == model.params
    assert hash(again) == hash(model)


def test_a_fitted_model_pickles_without_its_report(bg: BetaGeoModel) -> None:
    again = pickle.loads(pickle.dumps(bg))
    assert again == bg  # equality is by parameters
    assert again.params == bg.params
    assert again.fit_report is None
    assert bg.fit_report is not None


def test_equality_and_hash_are_by_parameters() -> None:
    a = BetaGeoModel(r=0.243, alpha=4.414, a=0.793, b=2.426)
    b = BetaGeoModel(0.243, 4.414, 0.793, 2.426)
    other = BetaGeoModel(r=0.243, alpha=4.414, a=0.793, b=2.5)
    modified = ModifiedBetaGeoModel(r=0.243, alpha=4.414, a=0.793, b=2.426)
    assert a == b
    assert hash(a) == hash(b)
    assert a != other
    assert a != modified  # the same parameters, another model
    assert a != (0.243, 4.414, 0.793, 2.426)
    assert len({a, b, other}) == 2


def test_a_fit_report(bg: BetaGeoModel, cdnow: dict[str, Floats]) -> None:
    report = bg.fit_report
    assert report is not None
    assert set(report) == {"iterations", "evaluations", "method", "rows", "distinct_rows"}
    assert 0 < report["evaluations"] <= 5000
    assert report["rows"] == len(cdnow["T"])
    assert 0 < report["distinct_rows"] <= report["rows"]
    assert report["method"] in ("newton", "l-bfgs", "nelder-mead")
    assert isinstance(report["iterations"], int)
    std_errors = bg.std_errors
    assert std_errors is not None
    assert list(std_errors) == ["r", "alpha", "a", "b"]
    assert all(0 < e < 1 for e in std_errors.values())
    assert list(bg.params) == ["r", "alpha", "a", "b"]


def test_fit_options(cdnow: dict[str, Floats], bg: BetaGeoModel) -> None:
    f, r, t = cdnow["frequency"], cdnow["recency"], cdnow["T"]
    ungrouped = BetaGeoModel.fit(f, r, t, group_rows=False)
    report = ungrouped.fit_report
    assert report is not None
    assert report["distinct_rows"] == report["rows"]
    assert ungrouped.params == pytest.approx(bg.params, rel=1e-6)
    started = BetaGeoModel.fit(f, r, t, initial=[0.3, 5.0, 0.8, 2.5], tolerance=1e-8)
    assert started.params == pytest.approx(bg.params, rel=1e-5)
    weighted = BetaGeoModel.fit(f, r, t, np.full(len(f), 2.0))
    assert weighted.params == pytest.approx(bg.params, rel=1e-6)
    assert weighted.log_likelihood == pytest.approx(2 * (bg.log_likelihood or 0), rel=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"max_iterations": -1}, "max_iterations"),
        ({"max_evaluations": -1}, "max_evaluations"),
        ({"max_iterations": 2**64}, "max_iterations"),
        ({"tolerance": 0.0}, "tolerance"),
        ({"tolerance": float("nan")}, "tolerance"),
        ({"initial": [1.0, 1.0]}, "initial"),
        ({"initial": [1.0, -1.0, 1.0, 1.0]}, "initial"),
    ],
)
def test_bad_fit_options(cdnow: dict[str, Floats], kwargs: dict[str, Any], name: str) -> None:
    loose: Any = BetaGeoModel.fit
    with pytest.raises(callwise.InvalidArgumentError) as info:
        loose(cdnow["frequency"], cdnow["recency"], cdnow["T"], **kwargs)
    assert info.value.name == name


def test_not_converged(cdnow: dict[str, Floats]) -> None:
    with pytest.raises(callwise.NotConvergedError) as info:
        BetaGeoModel.fit(cdnow["frequency"], cdnow["recency"], cdnow["T"], max_iterations=1)
    err = info.value
    assert isinstance(err, callwise.CallwiseError)
    assert isinstance(err, ArithmeticError)
    assert err.model == "BG/NBD"
    assert list(err.best) == ["r", "alpha", "a", "b"]
    assert all(isinstance(v, float) and v > 0 for v in err.best.values())
    assert err.log_likelihood < 0
    assert err.iterations >= 1
    assert str(err).startswith("the BG/NBD fit did not converge after ")
    again = pickle.loads(pickle.dumps(err))
    assert (again.model, again.best, again.iterations, str(again)) == (
        err.model,
        err.best,
        err.iterations,
        str(err),
    )


@pytest.mark.parametrize(
    ("build", "name"),
    [
        (lambda: BetaGeoModel(r=0.243, alpha=-1.0, a=0.793, b=2.426), "alpha"),
        (lambda: ModifiedBetaGeoModel(r=0.0, alpha=1.0, a=1.0, b=1.0), "r"),
        (lambda: ParetoNBDModel(r=1.0, alpha=1.0, s=float("nan"), beta=1.0), "s"),
        (
            lambda: BetaGeoBetaBinomModel(alpha=1.0, beta=1.0, gamma=1.0, delta=float("inf")),
            "delta",
        ),
        (lambda: GammaGammaModel(p=1.0, q=0.0, gamma=1.0), "q"),
        (lambda: ShiftedBetaGeoModel(alpha=1.0, beta=-2.0), "beta"),
    ],
)
def test_bad_parameters(build: Callable[[], object], name: str) -> None:
    with pytest.raises(callwise.InvalidArgumentError) as info:
        build()
    assert info.value.name == name
    assert isinstance(info.value, ValueError)


# Scoring.


def test_scores_are_float64_arrays(bg: BetaGeoModel, cdnow: dict[str, Floats]) -> None:
    f, r, t = cdnow["frequency"], cdnow["recency"], cdnow["T"]
    alive = bg.probability_alive(f, r, t)
    assert isinstance(alive, np.ndarray)
    assert alive.dtype == np.float64
    assert alive.shape == f.shape
    assert ((alive > 0) & (alive <= 1)).all()
    assert (alive[f == 0] == 1).all()  # no repeat purchase: BG/NBD says alive
    purchases = bg.expected_purchases(39, f, r, t)
    assert purchases.shape == f.shape
    # A scalar is a column of one.
    one = bg.probability_alive(f[0], r[0], t[0])
    assert one.shape == (1,)
    assert one[0] == alive[0]
    assert bg.expected_purchases(39, [], [], []).shape == (0,)


def test_score_is_both_scores_in_one_pass(
    bg: BetaGeoModel, pareto: ParetoNBDModel, cdnow: dict[str, Floats]
) -> None:
    f, r, t = cdnow["frequency"], cdnow["recency"], cdnow["T"]
    mbg = ModifiedBetaGeoModel(r=0.525, alpha=6.183, a=0.891, b=1.614)
    for model in (bg, mbg, pareto):
        scored = model.score({"frequency": f, "recency": r, "T": t}, 39)
        assert scored["p_alive"].to_pylist() == model.probability_alive(f, r, t).tolist()
        purchases = model.expected_purchases(39, f, r, t).tolist()
        assert scored["expected_purchases"].to_pylist() == purchases
    with pytest.raises(callwise.InvalidArgumentError):
        bg.score({"frequency": [], "recency": [], "T": []}, -1)
    with pytest.raises(callwise.InvalidArgumentError):
        bg.score({"frequency": [1.5], "recency": [1.0], "T": [2.0]}, 39)


def test_expected_purchases_new(bg: BetaGeoModel, pareto: ParetoNBDModel) -> None:
    for model in (bg, pareto):
        new = model.expected_purchases_new([0, 13, 26, 52])
        assert new[0] == 0
        assert (np.diff(new) > 0).all()
        assert model.expected_purchases_new(26).tolist() == [new[2]]
    with pytest.raises(callwise.InvalidArgumentError) as info:
        bg.expected_purchases_new(-1)
    assert info.value.name == "t"


def test_gamma_gamma_scores(repeat_buyers: dict[str, Floats]) -> None:
    spend = GammaGammaModel(p=6.25, q=3.74, gamma=15.44)
    x, m = repeat_buyers["x"], repeat_buyers["zbar"]
    expected = spend.expected_spend(x, m)
    assert expected.shape == x.shape
    assert spend.log_likelihood_of(x, m) == pytest.approx(-4055.9, abs=0.1)
    with pytest.raises(callwise.InvalidArgumentError) as info:
        spend.expected_spend([1, 2], [3.0])
    assert info.value.name == "monetary_value"


def test_customer_lifetime_value(cdnow: dict[str, Floats], bg: BetaGeoModel) -> None:
    spend = GammaGammaModel(p=6.25, q=3.74, gamma=15.44)
    f, r, t = cdnow["frequency"][:50], cdnow["recency"][:50], cdnow["T"][:50]
    m = np.where(f > 0, 25.0, 0.0)
    default = spend.customer_lifetime_value(bg, f, r, t, m)
    explicit = spend.customer_lifetime_value(
        bg, f, r, t, m, months=12, monthly_discount_rate=0.01, periods_per_month=4.345
    )
    assert default.tolist() == explicit.tolist()
    assert (default > 0).all()
    longer = spend.customer_lifetime_value(bg, f, r, t, m, months=24)
    assert (longer > default).all()
    pareto = ParetoNBDModel(r=0.553, alpha=10.578, s=0.606, beta=11.669)
    assert spend.customer_lifetime_value(pareto, f, r, t, m).shape == (50,)
    with pytest.raises(TypeError, match="BetaGeoModel"):
        spend.customer_lifetime_value(spend, f, r, t, m)  # type: ignore[arg-type]
    with pytest.raises(callwise.InvalidArgumentError) as info:
        spend.customer_lifetime_value(bg, f, r, t, m, periods_per_month=0)
    assert info.value.name == "periods_per_month"
    with pytest.raises(callwise.InvalidArgumentError) as info:
        spend.customer_lifetime_value(bg, f, r, t, m[:3])
    assert info.value.name == "monetary_value"
    with pytest.raises(callwise.InvalidArgumentError) as info:
        spend.customer_lifetime_value(bg, f, r, t, m, months=-1)
    assert info.value.name == "months"


def test_bg_bb_scores(donations: dict[str, Floats]) -> None:
    model = BetaGeoBetaBinomModel(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
    d = donations
    alive = model.probability_alive(d["frequency"], d["recency"], d["periods"])
    assert alive.shape == (22,)
    assert ((alive > 0) & (alive <= 1)).all()
    ll = model.log_likelihood_of(d["frequency"], d["recency"], d["periods"], d["weights"])
    assert round(ll, 1) == -33225.6
    with pytest.raises(callwise.InvalidArgumentError) as info:
        model.expected_purchases(-1, d["frequency"], d["recency"], d["periods"])
    assert info.value.name == "m_periods"
    with pytest.raises(callwise.InvalidArgumentError) as info:
        model.probability_alive([1], [7], [6])  # recency after the last period
    assert info.value.name == "recency"
    with pytest.raises(callwise.InvalidArgumentError) as info:
        model.probability_alive([1, 1], [1, 1], [6])
    assert info.value.name == "n_periods"


def test_sbg_scores() -> None:
    model = ShiftedBetaGeoModel(alpha=0.704, beta=1.182)
    survival = model.survival(np.arange(8))
    assert survival[0] == 1
    assert (np.diff(survival) < 0).all()
    churn = model.churn_probability(np.arange(1, 8))
    assert churn.tolist() == pytest.approx((survival[:-1] - survival[1:]).tolist(), abs=1e-15)
    assert (np.diff(model.retention_rate(np.arange(1, 8))) > 0).all()
    renew = model.renewal_probability([0, 2])
    # (beta + k) / (alpha + beta + k) against (beta + t - 1) / (alpha + beta + t - 1).
    assert renew[1] == pytest.approx(model.retention_rate(3)[0], rel=1e-15)
    lifetime = model.discounted_expected_residual_lifetime([0, 6], 0.1)
    assert lifetime[1] > lifetime[0]
    calls: list[tuple[Callable[[], object], str]] = [
        (lambda: model.survival(1.5), "t"),
        (lambda: model.retention_rate(0), "t"),
        (lambda: model.renewal_probability(-1), "renewals"),
        (lambda: model.discounted_expected_residual_lifetime(1, 0.0), "discount_rate"),
    ]
    for call, name in calls:
        with pytest.raises(callwise.InvalidArgumentError) as info:
            call()
        assert info.value.name == name
    with pytest.raises(callwise.InvalidArgumentError) as info:
        ShiftedBetaGeoModel.fit([1000, 1200])
    assert info.value.name == "survivors"
    with pytest.raises(callwise.InvalidArgumentError) as info:
        ShiftedBetaGeoModel.fit_members([1, 2], [True, 2])
    assert info.value.name == "lapsed"


# Typed errors: bad data names the column and the row.


@pytest.mark.parametrize(
    ("frequency", "recency", "T", "name", "reason"),
    [
        ([2, 1], [30.0, 40.0], [38.0, 38.0], "recency", "row 1: recency 40 is greater than T 38"),
        ([2, 1.5], [30.0, 1.0], [38.0, 38.0], "frequency", "row 1: must be a whole number"),
        ([2, float("nan")], [30.0, 1.0], [38.0, 38.0], "frequency", "row 1: "),
        ([2, 1], [30.0, float("nan")], [38.0, 38.0], "recency", "row 1: "),
        ([2, -1], [30.0, 1.0], [38.0, 38.0], "frequency", "row 1: "),
        ([2, 1], [30.0, 1.0], [38.0, -1.0], "T", "row 1: "),
        ([2, 1], [30.0, 1.0], [38.0], "T", "has 1 rows but `frequency` has 2"),
        ([2, 1], [30.0], [38.0, 38.0], "recency", "has 1 rows but `frequency` has 2"),
    ],
)
def test_bad_customer_data(
    frequency: list[float],
    recency: list[float],
    T: list[float],  # noqa: N803
    name: str,
    reason: str,
) -> None:
    for call in (
        lambda: BetaGeoModel.fit(frequency, recency, T),
        lambda: ParetoNBDModel.fit(frequency, recency, T),
        lambda: BetaGeoModel(r=1, alpha=1, a=1, b=1).probability_alive(frequency, recency, T),
    ):
        with pytest.raises(callwise.InvalidArgumentError) as info:
            call()
        err = info.value
        assert isinstance(err, ValueError)
        assert isinstance(err, callwise.CallwiseError)
        assert err.name == name
        assert err.reason.startswith(reason), err.reason
        assert str(err) == f"invalid argument `{name}`: {err.reason}"


@pytest.mark.parametrize(
    ("column", "reason"),
    [
        (np.ones((2, 2)), "must be one-dimensional"),
        (np.array(["2", "1"]), "must be numbers"),
        (np.array([2, None], dtype=object), "must be numbers"),
        (pd.Series([True, None], dtype="boolean"), "must be numbers"),
        (pl.Series([True, None]), "must be numbers"),
        ([[1, 2], [3]], "cannot be read as an array"),
    ],
)
def test_columns_that_are_not_numbers(column: Any, reason: str) -> None:
    with pytest.raises(callwise.InvalidArgumentError) as info:
        BetaGeoModel.fit(column, [1.0, 1.0], [2.0, 2.0])
    assert info.value.name == "frequency"
    assert reason in info.value.reason


def test_missing_values_are_refused_by_row() -> None:
    # A null in a pandas, polars or pyarrow column reads as NaN, which callwise refuses.
    for column in (
        pd.Series([2, None], dtype="Int64"),
        pl.Series([2, None]),
        pa.array([2, None]),
    ):
        with pytest.raises(callwise.InvalidArgumentError, match="row 1"):
            BetaGeoModel.fit(column, [1.0, 0.0], [2.0, 2.0])


def test_weights_are_checked(cdnow: dict[str, Floats]) -> None:
    f, r, t = cdnow["frequency"][:3], cdnow["recency"][:3], cdnow["T"][:3]
    with pytest.raises(callwise.InvalidArgumentError) as info:
        BetaGeoModel.fit(f, r, t, [1.0, -1.0, 1.0])
    assert (info.value.name, info.value.reason[:6]) == ("weights", "row 1:")
    with pytest.raises(callwise.InvalidArgumentError) as info:
        BetaGeoModel.fit(f, r, t, [1.0])
    assert info.value.name == "weights"
    with pytest.raises(callwise.InvalidArgumentError):
        BetaGeoModel.fit(f, r, t, [0.0, 0.0, 0.0])


def test_gamma_gamma_needs_repeat_buyers() -> None:
    with pytest.raises(callwise.InvalidArgumentError) as info:
        GammaGammaModel.fit([2, 0], [10.0, 0.0])
    assert info.value.name == "frequency"
    assert info.value.reason.startswith("row 1: ")


# Every kind of column gives the same answers.


def kinds(values: Floats) -> dict[str, Any]:
    half = len(values) // 2
    return {
        "numpy": values,
        "numpy int": values.astype(np.int64) if (values == values.round()).all() else values,
        "list": values.tolist(),
        "pandas": pd.Series(values),
        "polars": pl.Series(values),
        "pyarrow": pa.array(values),
        "pyarrow chunked": pa.chunked_array([values[:half], values[half:]]),
        "non-contiguous": np.repeat(values, 2)[::2],
    }


@pytest.mark.parametrize(
    "kind",
    [
        "numpy",
        "numpy int",
        "list",
        "pandas",
        "polars",
        "pyarrow",
        "pyarrow chunked",
        "non-contiguous",
    ],
)
def test_every_kind_of_column_gives_identical_results(
    kind: str, cdnow: dict[str, Floats], bg: BetaGeoModel
) -> None:
    f, r, t = (kinds(cdnow[name])[kind] for name in ("frequency", "recency", "T"))
    fitted = BetaGeoModel.fit(f, r, t)
    assert fitted.params == bg.params
    assert fitted.log_likelihood == bg.log_likelihood
    expected = bg.probability_alive(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    assert np.array_equal(bg.probability_alive(f, r, t), expected)
    assert np.array_equal(
        bg.expected_purchases(39, f, r, t),
        bg.expected_purchases(39, cdnow["frequency"], cdnow["recency"], cdnow["T"]),
    )


def test_a_pandas_frame_fits_as_columns(cdnow: dict[str, Floats], bg: BetaGeoModel) -> None:
    frame = pd.DataFrame(cdnow)
    assert BetaGeoModel.fit(frame["frequency"], frame["recency"], frame["T"]) == bg
    polars_frame = pl.DataFrame(cdnow)
    assert (
        BetaGeoModel.fit(polars_frame["frequency"], polars_frame["recency"], polars_frame["T"])
        == bg
    )
    table = pa.table({name: pa.array(values) for name, values in cdnow.items()})
    assert BetaGeoModel.fit(table["frequency"], table["recency"], table["T"]) == bg


# Threads: the GIL is released during fits and scoring.


def test_threads_score_at_once(pareto: ParetoNBDModel, cdnow: dict[str, Floats]) -> None:
    f, r, t = cdnow["frequency"], cdnow["recency"], cdnow["T"]
    expected = pareto.expected_purchases(39, f, r, t)

    def work(_: int) -> Floats:
        return pareto.expected_purchases(39, f, r, t)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(work, range(8)))
    assert all(np.array_equal(result, expected) for result in results)


def test_threads_fit_at_once(cdnow: dict[str, Floats], bg: BetaGeoModel) -> None:
    def work(_: int) -> BetaGeoModel:
        return BetaGeoModel.fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])

    with ThreadPoolExecutor(max_workers=3) as pool:
        models = list(pool.map(work, range(3)))
    assert all(m.params == bg.params for m in models)


def test_scoring_releases_the_gil(pareto: ParetoNBDModel, cdnow: dict[str, Floats]) -> None:
    # While one thread is inside a long call, this thread keeps running Python code. A
    # call that held the GIL would still let a tick in at each end (between the clock
    # readings and the call), so several ticks are needed inside.
    f, r, t = (np.tile(cdnow[name], 100) for name in ("frequency", "recency", "T"))
    span: list[float] = []

    def work() -> None:
        span.append(time.perf_counter())
        pareto.expected_purchases(39, f, r, t)
        span.append(time.perf_counter())

    worker = threading.Thread(target=work)
    ticks: list[float] = []
    worker.start()
    while worker.is_alive():
        ticks.append(time.perf_counter())
        time.sleep(0.001)
    worker.join()
    start, end = span
    assert sum(start < tick < end for tick in ticks) >= 3


# rfm_summary.


def cdnow_log(data: Path) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.datetime64], Floats]:
    """CDNOW_sample.txt: customer id, index, date (yyyymmdd), CDs, dollars."""
    ids, dates, values = [], [], []
    for line in (data / "CDNOW_sample.txt").read_text(encoding="utf-8").splitlines():
        fields = line.split()
        ids.append(int(fields[0]))
        day = fields[2]
        dates.append(f"{day[:4]}-{day[4:6]}-{day[6:]}")
        values.append(float(fields[4]))
    return (
        np.array(ids, dtype=np.int64),
        np.array(dates, dtype="datetime64[D]"),
        np.array(values, dtype=np.float64),
    )


def lifetimes_csv(path: Path) -> dict[str, Floats]:
    return read_csv(path)


def by_customer(table: pa.Table) -> dict[str, Floats]:
    """The table's columns as floats, rows sorted by customer id (as lifetimes sorts)."""
    order = np.argsort(np.asarray(table["customer_id"]), kind="stable")
    return {name: np.asarray(table[name], dtype=np.float64)[order] for name in table.column_names}


def assert_close(actual: Floats, expected: Floats) -> None:
    # As core/tests/retention_rfm.rs: lifetimes' pandas arithmetic may differ in the last bit.
    np.testing.assert_allclose(actual, expected, rtol=1e-12, atol=0)


def test_rfm_summary_matches_lifetimes(data: Path, shared: Path) -> None:
    ids, dates, values = cdnow_log(data)
    # lifetimes' observation_period_end without a holdout is the calibration end.
    table = rfm_summary(ids, dates, values, calibration_end="1998-06-30")
    assert table.column_names == ["customer_id", "frequency", "recency", "T", "monetary_value"]
    assert table["customer_id"].type == pa.int64()
    got = by_customer(table)
    want = lifetimes_csv(shared / "conformance" / "cdnow_sample_rfm.csv")
    assert got["customer_id"].tolist() == want["customer_id"].tolist()
    for name in ("frequency", "recency", "T", "monetary_value"):
        assert_close(got[name], want[name])


def test_rfm_summary_with_holdout_matches_lifetimes(data: Path, shared: Path) -> None:
    ids, dates, values = cdnow_log(data)
    table = rfm_summary(
        ids,
        dates,
        values,
        calibration_end=datetime.date(1997, 9, 30),
        observation_end=datetime.date(1998, 6, 30),
    )
    assert table.column_names == [
        "customer_id",
        "frequency",
        "recency",
        "T",
        "monetary_value",
        "frequency_holdout",
        "monetary_value_holdout",
        "duration_holdout",
    ]
    got = by_customer(table)
    want = lifetimes_csv(shared / "conformance" / "cdnow_sample_rfm_holdout.csv")
    assert got["customer_id"].tolist() == want["customer_id"].tolist()
    for ours, theirs in [
        ("frequency", "frequency_cal"),
        ("recency", "recency_cal"),
        ("T", "T_cal"),
        ("monetary_value", "monetary_value_cal"),
        ("frequency_holdout", "frequency_holdout"),
        ("monetary_value_holdout", "monetary_value_holdout"),
        ("duration_holdout", "duration_holdout"),
    ]:
        assert_close(got[ours], want[theirs])


LOG_IDS = ["b", "a", "a", "b", "a", "a", "c", "a", "b"]
LOG_DATES = [
    "2024-01-05",
    "2024-01-01",
    "2024-01-01",
    "2024-01-19",
    "2024-01-15",
    "2024-01-29",
    "2024-02-10",
    "2024-02-05",
    "2024-03-30",
]
LOG_VALUES = [7.0, 10.0, 5.0, 3.0, 20.0, 40.0, 99.0, 8.0, 1000.0]
LOG_EXPECTED = {
    "customer_id": ["b", "a"],
    "frequency": [1.0, 2.0],
    "recency": [14.0, 28.0],
    "T": [26.0, 30.0],
    "monetary_value": [3.0, 30.0],
    "frequency_holdout": [0.0, 1.0],
    "monetary_value_holdout": [0.0, 8.0],
    "duration_holdout": [29.0, 29.0],
}


def summarise(ids: Any, dates: Any, values: Any = LOG_VALUES) -> dict[str, list[Any]]:
    table = rfm_summary(
        ids,
        dates,
        values,
        calibration_end="2024-01-31",
        observation_end=datetime.date(2024, 2, 29),
        unit="days",
    )
    columns: dict[str, list[Any]] = table.to_pydict()
    return columns


def test_rfm_summary_by_hand() -> None:
    assert summarise(LOG_IDS, LOG_DATES) == LOG_EXPECTED
    weeks = rfm_summary(LOG_IDS, LOG_DATES, LOG_VALUES, calibration_end="2024-01-31")
    assert weeks.column_names == ["customer_id", "frequency", "recency", "T", "monetary_value"]
    assert weeks["recency"].to_pylist() == [2.0, 4.0]
    assert weeks["T"].to_pylist() == [26 / 7, 30 / 7]


def date_kinds() -> dict[str, Any]:
    days = np.array(LOG_DATES, dtype="datetime64[D]")
    at_noon = days.astype("datetime64[ms]") + np.timedelta64(12 * 3600 * 1000, "ms")
    return {
        "iso strings": LOG_DATES,
        "numpy days": days,
        "numpy instants": at_noon,
        "datetime.date": [datetime.date.fromisoformat(d) for d in LOG_DATES],
        "datetime.datetime": [datetime.datetime.fromisoformat(d + "T23:59") for d in LOG_DATES],
        "pandas timestamps": pd.Series(pd.to_datetime(LOG_DATES)),
        "pandas instants": pd.Series(at_noon),
        "polars dates": pl.Series(days),
        "polars datetimes": pl.Series(at_noon),
        "pyarrow date32": pa.array(days),
        "pyarrow timestamps": pa.array(at_noon),
        "pyarrow chunked": pa.chunked_array([days[:4], days[4:]]),
    }


@pytest.mark.parametrize("kind", list(date_kinds()))
def test_rfm_summary_reads_every_kind_of_date(kind: str) -> None:
    assert summarise(LOG_IDS, date_kinds()[kind]) == LOG_EXPECTED


def id_kinds() -> dict[str, tuple[Any, list[Any], pa.DataType]]:
    ints = [20, 10, 10, 20, 10, 10, 30, 10, 20]
    return {
        "list of str": (LOG_IDS, ["b", "a"], pa.string()),
        "numpy str": (np.array(LOG_IDS), ["b", "a"], pa.string()),
        "numpy int": (np.array(ints), [20, 10], pa.int64()),
        "numpy uint8": (np.array(ints, dtype=np.uint8), [20, 10], pa.uint8()),
        "numpy int32": (np.array(ints, dtype=np.int32), [20, 10], pa.int32()),
        # Too wide for the core's int64 ids: the dictionary path.
        "numpy uint64": (np.array(ints, dtype=np.uint64), [20, 10], pa.uint64()),
        "pandas str": (pd.Series(LOG_IDS), ["b", "a"], pa.large_string()),
        "pandas categorical": (pd.Series(LOG_IDS, dtype="category"), ["b", "a"], pa.string()),
        "polars str": (pl.Series(LOG_IDS), ["b", "a"], pa.large_string()),
        "polars int": (pl.Series(ints), [20, 10], pa.int64()),
        "pyarrow str": (pa.array(LOG_IDS), ["b", "a"], pa.string()),
        "pyarrow chunked": (pa.chunked_array([LOG_IDS[:3], LOG_IDS[3:]]), ["b", "a"], pa.string()),
        "pyarrow dictionary": (pa.array(LOG_IDS).dictionary_encode(), ["b", "a"], pa.string()),
    }


@pytest.mark.parametrize("kind", list(id_kinds()))
def test_rfm_summary_keeps_the_type_of_the_ids(kind: str) -> None:
    ids, expected_ids, _ = id_kinds()[kind]
    table = rfm_summary(ids, LOG_DATES, LOG_VALUES, calibration_end="2024-01-31", unit="days")
    assert table["customer_id"].to_pylist() == expected_ids
    assert table["frequency"].to_pylist() == LOG_EXPECTED["frequency"]
    assert table["monetary_value"].to_pylist() == LOG_EXPECTED["monetary_value"]


def test_rfm_summary_id_types() -> None:
    for kind, (ids, _, arrow_type) in id_kinds().items():
        table = rfm_summary(ids, LOG_DATES, LOG_VALUES, unit="days")
        column_type = table["customer_id"].type
        # Polars and pandas may hand out strings as string_view or large_string.
        if pa.types.is_string(arrow_type):
            assert (
                pa.types.is_string(column_type)
                or pa.types.is_large_string(column_type)
                or pa.types.is_string_view(column_type)
            ), (kind, column_type)
        else:
            assert column_type == arrow_type, kind


def test_rfm_summary_values_of_every_kind() -> None:
    for values in (np.array(LOG_VALUES), pd.Series(LOG_VALUES), pl.Series(LOG_VALUES)):
        assert summarise(LOG_IDS, LOG_DATES, values) == LOG_EXPECTED
    assert summarise(LOG_IDS, LOG_DATES, pa.array(LOG_VALUES)) == LOG_EXPECTED


def test_rfm_summary_of_an_empty_log() -> None:
    table = rfm_summary(np.array([], dtype=np.int64), np.array([], dtype="datetime64[D]"), [])
    assert table.num_rows == 0
    assert table.column_names == ["customer_id", "frequency", "recency", "T", "monetary_value"]


@pytest.mark.parametrize(
    ("ids", "dates", "values", "kwargs", "name"),
    [
        (LOG_IDS, LOG_DATES, LOG_VALUES, {"unit": "months"}, "unit"),
        ([*LOG_IDS[:-1], None], LOG_DATES, LOG_VALUES, {}, "customer_ids"),
        (LOG_IDS, [*LOG_DATES[:-1], None], LOG_VALUES, {}, "dates"),
        (LOG_IDS, [*LOG_DATES[:-1], "2024-02-30"], LOG_VALUES, {}, "dates"),
        (LOG_IDS, np.arange(9), LOG_VALUES, {}, "dates"),
        (LOG_IDS, LOG_DATES, [*LOG_VALUES[:-1], float("nan")], {}, "values"),
        (LOG_IDS, LOG_DATES, LOG_VALUES[:-1], {}, "values"),
        (LOG_IDS, LOG_DATES[:-1], LOG_VALUES, {}, "dates"),
        (LOG_IDS[:-1], LOG_DATES, LOG_VALUES, {}, "dates"),
        (LOG_IDS, LOG_DATES, LOG_VALUES, {"calibration_end": "31/01/2024"}, "calibration_end"),
        # Strictly YYYY-MM-DD, as the core reads dates for every binding.
        (LOG_IDS, LOG_DATES, LOG_VALUES, {"calibration_end": "2024-1-31"}, "calibration_end"),
        (LOG_IDS, LOG_DATES, LOG_VALUES, {"observation_end": "+2024-02-29"}, "observation_end"),
        (
            LOG_IDS,
            LOG_DATES,
            LOG_VALUES,
            {"calibration_end": "2024-02-01", "observation_end": "2024-01-01"},
            "observation_end",
        ),
    ],
)
def test_rfm_summary_errors(
    ids: Any, dates: Any, values: Any, kwargs: dict[str, Any], name: str
) -> None:
    with pytest.raises(callwise.InvalidArgumentError) as info:
        rfm_summary(ids, dates, values, **kwargs)
    assert info.value.name == name


@pytest.mark.parametrize(
    ("ids", "reason"),
    [
        ([*LOG_IDS[:-1], 7], "cannot be read as a column: "),
        (np.ones((9, 2)), "cannot be read as a column: "),
        ([[i] for i in range(9)], "must be one-dimensional, got a column of list<"),
        # NaN is the missing value of a float column: not an id.
        ([*range(8), math.nan], "row 8: is missing (null)"),
        (np.array([*range(8), np.nan]), "row 8: is missing (null)"),
        (pl.Series([*map(float, range(8)), math.nan]), "row 8: is missing (null)"),
        (pa.array([*map(float, range(8)), math.nan]), "row 8: is missing (null)"),
        (pd.Series([*LOG_IDS[:-1], np.nan]), "row 8: is missing (null)"),
    ],
)
def test_rfm_summary_refuses_ids_that_are_not_a_column(ids: Any, reason: str) -> None:
    with pytest.raises(callwise.InvalidArgumentError) as info:
        rfm_summary(ids, LOG_DATES, LOG_VALUES)
    err = info.value
    assert err.name == "customer_ids"
    assert err.reason.startswith(reason), err.reason
    # Refused in Python or in the compiled module, the error reads the same.
    assert str(err) == f"invalid argument `customer_ids`: {err.reason}"


def test_rfm_summary_of_scalars_is_one_transaction() -> None:
    # As for every column argument, a scalar is a column of one.
    table = rfm_summary("ann", "2024-01-05", 10.0, unit="days")
    assert table.to_pydict() == {
        "customer_id": ["ann"],
        "frequency": [0.0],
        "recency": [0.0],
        "T": [0.0],
        "monetary_value": [0.0],
    }


def test_rfm_summary_refuses_instants_with_a_time_zone() -> None:
    instants = pd.Series(pd.to_datetime(LOG_DATES)).dt.tz_localize("America/Chicago")
    for dates in (instants, pl.Series(instants), pa.array(instants)):
        with pytest.raises(callwise.InvalidArgumentError, match="time zone") as info:
            rfm_summary(LOG_IDS, dates, LOG_VALUES)
        assert info.value.name == "dates"
    # Among objects too: numpy would take such an instant's date in UTC.
    west = datetime.timezone(datetime.timedelta(hours=-6))
    naive = [datetime.datetime.fromisoformat(d + "T23:30") for d in LOG_DATES]
    timestamps = pd.Series(naive, dtype=object)
    timestamps[8] = pd.Timestamp(naive[8], tz="America/Chicago")
    for aware in ([*naive[:-1], naive[-1].replace(tzinfo=west)], timestamps):
        with pytest.raises(callwise.InvalidArgumentError, match="row 8: has the time zone"):
            rfm_summary(LOG_IDS, aware, LOG_VALUES)
    # A local date is a date, and so is a naive instant.
    assert summarise(LOG_IDS, instants.dt.date) == LOG_EXPECTED
    assert summarise(LOG_IDS, naive) == LOG_EXPECTED


def test_rfm_summary_day_arguments_must_be_days() -> None:
    loose: Any = rfm_summary
    with pytest.raises(TypeError, match=r"'calibration_end': expected a datetime\.date, got a"):
        loose(LOG_IDS, LOG_DATES, LOG_VALUES, calibration_end=datetime.datetime(2024, 1, 31))
    with pytest.raises(TypeError, match=r"'calibration_end': expected a datetime\.date or a"):
        loose(LOG_IDS, LOG_DATES, LOG_VALUES, calibration_end=20240131)


def test_rfm_summary_then_fit(data: Path) -> None:
    ids, dates, values = cdnow_log(data)
    table = rfm_summary(ids, dates, values, calibration_end="1997-09-30")
    model = BetaGeoModel.fit(table["frequency"], table["recency"], table["T"])
    alive = model.probability_alive(table["frequency"], table["recency"], table["T"])
    assert alive.shape == (table.num_rows,)
    repeat = pc.greater(table["frequency"], pa.scalar(0.0))
    buyers = table.filter(repeat)
    spend = GammaGammaModel.fit(buyers["frequency"], buyers["monetary_value"])
    assert spend.p > 0


# kaplan_meier.


def test_kaplan_meier() -> None:
    curve = kaplan_meier([3, 5, 5, 8, 12], [True, True, False, True, False])
    assert curve.column_names == ["time", "at_risk", "events", "censored", "survival", "std_error"]
    assert curve.to_pydict()["events"] == [1, 1, 1, 0]
    assert curve.to_pydict()["censored"] == [0, 1, 0, 1]
    assert curve["survival"].to_pylist() == pytest.approx([0.8, 0.6, 0.3, 0.3], abs=1e-12)
    assert curve["time"].type == pa.float64()
    empty = kaplan_meier([], [])
    assert empty.num_rows == 0


def test_kaplan_meier_by_cohort() -> None:
    durations = [1, 2, 3, 4, 5, 6]
    lapsed = [True, True, False, False, True, True]
    for cohorts in (
        ["b", "a", "b", "a", "c", "c"],
        pd.Series(["b", "a", "b", "a", "c", "c"], dtype="category"),
        pl.Series(["b", "a", "b", "a", "c", "c"]),
        pa.chunked_array([["b", "a", "b"], ["a", "c", "c"]]),
    ):
        curve = kaplan_meier(durations, lapsed, cohorts=cohorts)
        assert curve.column_names[0] == "cohort"
        # Core's order: as the cohorts first appear (a category's own order is not used).
        assert curve["cohort"].to_pylist() == ["b", "b", "a", "a", "c", "c"]
        assert curve["time"].to_pylist() == [1.0, 3.0, 2.0, 4.0, 5.0, 6.0]
        assert curve["survival"].to_pylist() == [0.5, 0.5, 0.5, 0.5, 0.5, 0.0]
    # Years as numbers come in the order Kotlin gives them as strings: 10 before 9.
    years = kaplan_meier(durations, lapsed, cohorts=np.array([10, 9, 10, 9, 2022, 2022]))
    assert years["cohort"].to_pylist() == [10, 10, 9, 9, 2022, 2022]
    category = pd.Series(["b", "a", "b", "a", "c", "c"], dtype="category").cat.reorder_categories(
        ["c", "b", "a"]
    )
    assert kaplan_meier(durations, lapsed, cohorts=category)["cohort"].to_pylist()[0] == "b"


def test_kaplan_meier_errors() -> None:
    missing: Any = [True, None]
    mixed: Any = [1, "a"]
    calls: list[tuple[Callable[[], object], str]] = [
        (lambda: kaplan_meier([1, -2], [True, False]), "durations"),
        (lambda: kaplan_meier([1, float("nan")], [True, False]), "durations"),
        (lambda: kaplan_meier([1, 2], [True]), "lapsed"),
        (lambda: kaplan_meier([1, 2], [True, 3]), "lapsed"),
        (lambda: kaplan_meier([1, 2], missing), "lapsed"),
        (lambda: kaplan_meier([1, 2], [True, False], cohorts=["a", missing[1]]), "cohorts"),
        # NaN is the missing value of a float column, not a cohort of its own.
        (lambda: kaplan_meier([1, 2], [True, False], cohorts=[2024.0, math.nan]), "cohorts"),
        (lambda: kaplan_meier([1, 2], [True, False], cohorts=np.array([1.0, np.nan])), "cohorts"),
        (lambda: kaplan_meier([1, 2], [True, False], cohorts=[[1], [2]]), "cohorts"),
        (lambda: kaplan_meier([1, 2], [True, False], cohorts=mixed), "cohorts"),
        (lambda: kaplan_meier([1, 2], [True, False], cohorts=["a"]), "durations"),
    ]
    for call, name in calls:
        with pytest.raises(callwise.InvalidArgumentError) as info:
            call()
        assert info.value.name == name


# evaluate.


def test_evaluate_auc_and_brier() -> None:
    scores = [0.9, 0.8, 0.3, 0.1]
    lapsed = [True, False, True, False]
    assert evaluate.auc(scores, lapsed) == 0.75
    assert evaluate.auc(pd.Series(scores), pl.Series(lapsed)) == 0.75
    assert evaluate.auc(pa.array(scores), np.array([1, 0, 1, 0])) == 0.75
    assert evaluate.brier_score(scores, lapsed) == pytest.approx(0.2875, abs=1e-15)
    with pytest.raises(callwise.InvalidArgumentError) as info:
        evaluate.auc([0.5, 0.4], [True, True])
    assert info.value.name == "outcomes"
    with pytest.raises(callwise.InvalidArgumentError) as info:
        evaluate.brier_score([1.5], [True])
    assert info.value.name == "probabilities"


def test_evaluate_tables() -> None:
    calibration = evaluate.calibration_table([0.1, 0.2, 0.7, 1.0], [False, True, True, True], 2)
    assert calibration.column_names == [
        "lower",
        "upper",
        "count",
        "mean_predicted",
        "observed_rate",
    ]
    assert calibration["count"].to_pylist() == [2, 2]
    defaults = (evaluate.DEFAULT_BINS, evaluate.DEFAULT_GROUPS, evaluate.DEFAULT_MAX_FREQUENCY)
    assert defaults == (10, 10, 7)
    assert evaluate.calibration_table([0.5], [True]).num_rows == 10
    gains = evaluate.gains_table(np.linspace(1, 0, 20), np.arange(20) % 3 == 0)
    assert gains.num_rows == 10
    assert gains["gain"].to_pylist()[-1] == 1.0
    assert gains["lift"].to_pylist()[-1] == 1.0
    with pytest.raises(callwise.InvalidArgumentError) as info:
        evaluate.calibration_table([0.5], [True], bins=0)
    assert info.value.name == "bins"
    with pytest.raises(callwise.InvalidArgumentError) as info:
        evaluate.gains_table([0.5], [True], groups=2)
    assert info.value.name == "groups"


def test_evaluate_compare_holdout(data: Path) -> None:
    ids, dates, values = cdnow_log(data)
    table = rfm_summary(
        ids, dates, values, calibration_end="1997-09-30", observation_end="1998-06-30"
    )
    f, r, t = table["frequency"], table["recency"], table["T"]
    model = BetaGeoModel.fit(f, r, t)
    duration = table["duration_holdout"][0].as_py()
    predicted = model.expected_purchases(duration, f, r, t)
    result = evaluate.compare_holdout(f, predicted, table["frequency_holdout"])
    assert result["customers"] == table.num_rows
    assert result["predicted_total"] == pytest.approx(float(predicted.sum()), rel=1e-12)
    by_frequency = result["by_frequency"]
    assert by_frequency.column_names == ["frequency", "customers", "mean_predicted", "mean_actual"]
    assert by_frequency["frequency"].to_pylist() == list(range(8))
    assert np.asarray(by_frequency["customers"]).sum() == table.num_rows
    with pytest.raises(callwise.InvalidArgumentError) as info:
        evaluate.compare_holdout([0.5], [1.0], [1.0])
    assert info.value.name == "calibration_frequency"


def test_public_surface() -> None:
    for module in (callwise.retention, evaluate):
        for name in module.__all__:
            assert hasattr(module, name), name
    for cls in get_args(Model):
        assert cls.__module__ == "callwise.retention"
        assert cls.__doc__
    assert callwise.NotConvergedError.__module__ == "callwise._errors"


def test_arguments_have_their_documented_names(cdnow: dict[str, Floats]) -> None:
    f, r, t = cdnow["frequency"], cdnow["recency"], cdnow["T"]
    model = BetaGeoModel.fit(frequency=f, recency=r, T=t, weights=None, group_rows=True)
    assert model.probability_alive(frequency=f, recency=r, T=t).shape == f.shape
    model.expected_purchases(t=39, frequency=f, recency=r, T=t)
    bb = BetaGeoBetaBinomModel(alpha=1.0, beta=1.0, gamma=1.0, delta=1.0)
    bb.expected_purchases(m_periods=5, frequency=[1], recency=[1], n_periods=[6])
    sbg = ShiftedBetaGeoModel.fit(survivors=REGULAR)
    sbg.discounted_expected_residual_lifetime(renewals=[1], discount_rate=0.1)
    ShiftedBetaGeoModel.fit_members(renewals=[0, 1], lapsed=[True, False], weights=[1, 1])


def test_date_strings_are_read_strictly_as_in_every_language() -> None:
    # Core's YYYY-MM-DD reader, as Kotlin's rfmSummary uses: numpy alone would read
    # "2024-01" as 1 January and accept a time of day.
    ok = rfm_summary(["a", "a"], np.array(["2024-01-01", "2024-01-08"]), [1.0, 2.0], unit="days")
    assert ok["recency"].to_pylist() == [7.0]
    for bad in ("2024-01", "2024-1-08", "2024-01-08T10:00", " 2024-01-08"):
        for column in (
            np.array(["2024-01-01", bad]),
            ["2024-01-01", bad],
            pd.Series(["2024-01-01", bad]),
        ):
            with pytest.raises(callwise.InvalidArgumentError, match="row 1: ") as info:
                rfm_summary(["a", "a"], column, [1.0, 2.0])
            assert info.value.name == "dates"

"""callwise.retention's covariate renewal model and the signals taken from a book: the shared
fixture bit for bit, closed forms, typed errors, every kind of input, and the tables."""

from __future__ import annotations

import datetime
import json
import math
import pickle
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import callwise
from callwise.retention import (
    DEFAULT_LEAD_DAYS,
    DEFAULT_PURCHASE_SOURCE,
    DEFAULT_UNIT,
    DEFAULT_WITHIN_DAYS,
    RENEWAL_FEATURES,
    BetaGeoModel,
    ModifiedBetaGeoModel,
    ParetoNBDModel,
    RenewalModel,
    ShiftedBetaGeoModel,
    dormant_signals,
    purchase_history,
    renewal_history,
    renewal_signals,
    renewals_due,
)

AS_OF = datetime.date(2026, 11, 24)
BG = BetaGeoModel(r=0.243, alpha=4.414, a=0.793, b=2.426)


@pytest.fixture(scope="module")
def fixture(shared: Path) -> dict[str, Any]:
    """The answers the Rust tests wrote: Python must give them bit for bit."""
    parsed: dict[str, Any] = json.loads(
        (shared / "conformance" / "renewal.json").read_text(encoding="utf-8")
    )
    return parsed


@pytest.fixture(scope="module")
def book(sample_json: str) -> callwise.Book:
    return callwise.Book.from_json(sample_json)


@pytest.fixture(scope="module")
def history(book: callwise.Book) -> pa.Table:
    return renewal_history(book, AS_OF, 60)


@pytest.fixture(scope="module")
def model(history: pa.Table) -> RenewalModel:
    return RenewalModel.fit(history.select(RENEWAL_FEATURES), history["renewed"])


def values(column: Any) -> list[Any]:
    """A column's values as Python objects (none of the columns checked has nulls)."""
    return list(column.to_pylist())


def plain(signal: Any) -> dict[str, Any]:
    """A renewal signal in the fixture's JSON form (the date as its ISO string)."""
    return {**signal, "term_end": signal["term_end"].isoformat()}


# The shared fixture, bit for bit.


def test_conformance_renewal_model(
    fixture: dict[str, Any], book: callwise.Book, history: pa.Table
) -> None:
    as_of = datetime.date.fromisoformat(fixture["as_of"])
    cases = renewal_history(book, as_of, fixture["lead_days"])
    assert cases.equals(history)
    assert cases.num_rows == fixture["cases"]
    model = RenewalModel.fit(cases.select(RENEWAL_FEATURES), cases["renewed"], l2=fixture["l2"])
    expected = fixture["model"]
    assert model.feature_names == tuple(expected["names"])
    assert model.intercept == expected["intercept"]
    assert model.coefficients.tolist() == expected["coefficients"]
    assert model.means.tolist() == expected["means"]
    assert model.log_likelihood == fixture["fit"]["log_likelihood"]
    report = fixture["fit"]
    assert model.fit_report == {
        "iterations": report["iterations"],
        "rows": report["rows"],
        "constant_features": report["constant_features"],
    }


def test_conformance_renewal_signals(
    fixture: dict[str, Any], book: callwise.Book, model: RenewalModel
) -> None:
    signals = renewal_signals(book, model, fixture["as_of"], fixture["within_days"])
    assert [plain(s) for s in signals] == fixture["renewal_signals"]
    # A model built from the fixture's parameters scores the same, bit for bit.
    given = fixture["model"]
    rebuilt = RenewalModel(
        given["names"], given["intercept"], given["coefficients"], given["means"]
    )
    assert rebuilt == model
    again = renewal_signals(book, rebuilt, AS_OF, fixture["within_days"])
    assert [plain(s) for s in again] == fixture["renewal_signals"]


def test_conformance_dormant_signals(fixture: dict[str, Any], book: callwise.Book) -> None:
    table = dormant_signals(book, BG, fixture["as_of"], fixture["dormant_horizon_weeks"])
    rows = [{("t" if k == "T" else k): v for k, v in row.items()} for row in table.to_pylist()]
    assert rows == fixture["dormant_signals"]


# Closed forms and convergence.


def one_binary_feature() -> tuple[list[float], list[bool]]:
    """Without the feature 3 of 5 renew; with it 8 of 10."""
    x = [0.0] * 5 + [1.0] * 10
    renewed = [True, True, True, False, False] + [True] * 8 + [False] * 2
    return x, renewed


def test_unpenalised_fit_with_one_binary_feature_is_the_log_odds_ratio() -> None:
    x, renewed = one_binary_feature()
    intercept = math.log(3 / 2)
    odds_ratio = math.log(4) - math.log(1.5)
    model = RenewalModel.fit({"x": x}, renewed, l2=0)
    assert abs(model.intercept - intercept) < 1e-12
    assert abs(model.coefficients[0] - odds_ratio) < 1e-12
    ll = 3 * math.log(0.6) + 2 * math.log(0.4) + 8 * math.log(0.8) + 2 * math.log(0.2)
    assert model.log_likelihood is not None
    assert abs(model.log_likelihood - ll) < 1e-12
    # Weights are frequency weights: the same data as four weighted rows.
    weighted = RenewalModel.fit(
        {"x": [0, 0, 1, 1]}, [True, False, True, False], [3, 2, 8, 2], l2=0.0
    )
    assert abs(weighted.intercept - intercept) < 1e-12
    assert abs(weighted.coefficients[0] - odds_ratio) < 1e-12


def test_separated_data_without_a_penalty_does_not_converge() -> None:
    features = {"x": [0, 1, 2, 3, 4, 5]}
    renewed = [False, False, False, True, True, True]
    with pytest.raises(callwise.NotConvergedError) as info:
        RenewalModel.fit(features, renewed, l2=0)
    err = info.value
    assert isinstance(err, callwise.CallwiseError)
    assert err.model == "renewal logistic regression"
    assert list(err.best) == ["intercept", "x"]
    assert all(math.isfinite(v) for v in err.best.values())
    assert err.iterations > 0
    penalised = RenewalModel.fit(features, renewed, l2=1)
    assert 0 < penalised.coefficients[0] < math.inf


def test_the_options_default_to_the_cores(history: pa.Table, model: RenewalModel) -> None:
    explicit = RenewalModel.fit(
        history.select(RENEWAL_FEATURES),
        history["renewed"],
        l2=1.0,
        max_iterations=100,
        tolerance=1e-10,
    )
    assert explicit == model
    assert explicit.log_likelihood == model.log_likelihood
    stricter = RenewalModel.fit(history.select(RENEWAL_FEATURES), history["renewed"], l2=5.0)
    # A stronger ridge shrinks the standardised coefficients' norm (the penalised one).
    scale = np.array([np.std(history[f].to_numpy()) for f in RENEWAL_FEATURES])

    def norm(m: RenewalModel) -> float:
        return float(np.square(np.asarray(m.coefficients) * scale).sum())

    assert norm(stricter) < norm(model)


def test_the_book_functions_default_to_the_cores(book: callwise.Book) -> None:
    # Core's constants, as documented, reach the signatures.
    assert (DEFAULT_LEAD_DAYS, DEFAULT_WITHIN_DAYS, DEFAULT_UNIT) == (60, 90, "weeks")
    assert DEFAULT_PURCHASE_SOURCE == "won_deals"
    history = renewal_history(book, AS_OF)
    assert history.equals(renewal_history(book, AS_OF, lead_days=60))
    ends, scored = (history[name].to_numpy() for name in ("term_end", "scored_on"))
    early = scored < np.datetime64(AS_OF)
    assert set((ends - scored)[early].astype(int).tolist()) == {60}
    assert renewals_due(book, AS_OF).equals(renewals_due(book, AS_OF, within_days=90))
    assert purchase_history(book, AS_OF).equals(
        purchase_history(book, AS_OF, unit="weeks", source="won_deals")
    )


def test_purchases_are_the_source_the_caller_chooses(book: callwise.Book) -> None:
    # The seam: the source's name reaches core (the counts are core's, tested there).
    dues = purchase_history(book, AS_OF, source="membership_payments")
    events = purchase_history(book, AS_OF, source="event_registrations")
    assert dues.num_rows > 0
    assert events.num_rows > 0
    assert not dues.equals(events)
    assert pa.compute.max(dues["monetary_value"]).as_py() > 0
    assert pa.compute.max(events["monetary_value"]).as_py() == 0
    quiet = dormant_signals(book, BG, AS_OF, horizon=13, source="membership_payments")
    assert quiet["account_id"].to_pylist() != []
    with pytest.raises(callwise.InvalidArgumentError) as info:
        purchase_history(book, AS_OF, source="donations")  # type: ignore[arg-type]
    assert info.value.name == "source"


def test_a_constant_feature_gets_no_weight() -> None:
    model = RenewalModel.fit({"x": [1, 2, 3, 4], "same": [7, 7, 7, 7]}, [False, True, False, True])
    assert model.coefficients[1] == 0.0
    assert model.fit_report is not None
    assert model.fit_report["constant_features"] == ["same"]
    assert model.fit_report["rows"] == 4


# Typed errors.


def _model() -> RenewalModel:
    return RenewalModel(["x"], 0.0, [1.0], [0.0])


BAD_CALLS: dict[str, tuple[Callable[[], object], str]] = {
    "length mismatch": (lambda: RenewalModel.fit({"x": [1, 2]}, [True]), "renewed"),
    "columns of different lengths": (
        lambda: RenewalModel.fit({"x": [1, 2], "y": [1]}, [True, False]),
        "features",
    ),
    "NaN feature": (lambda: RenewalModel.fit({"x": [1, math.nan]}, [True, False]), "features"),
    "infinite feature": (
        lambda: RenewalModel.fit({"x": np.array([1, np.inf])}, [True, False]),
        "features",
    ),
    "text feature": (lambda: RenewalModel.fit({"x": ["a", "b"]}, [True, False]), "features"),
    "no feature": (lambda: RenewalModel.fit({}, [True, False]), "features"),
    "name not a string": (
        lambda: RenewalModel.fit(pd.DataFrame({0: [1, 2]}), [True, False]),
        "features",
    ),
    "two-dimensional column": (
        lambda: RenewalModel.fit({"x": [[1, 2], [3, 4]]}, [True, False]),
        "features",
    ),
    "outcome not 0 or 1": (lambda: RenewalModel.fit({"x": [1, 2]}, [0.5, 1]), "renewed"),
    "negative weight": (
        lambda: RenewalModel.fit({"x": [1, 2]}, [True, False], [1, -1]),
        "weights",
    ),
    "zero weights": (lambda: RenewalModel.fit({"x": [1, 2]}, [True, False], [0, 0]), "weights"),
    "weights of another length": (
        lambda: RenewalModel.fit({"x": [1, 2]}, [True, False], [1]),
        "weights",
    ),
    "negative l2": (lambda: RenewalModel.fit({"x": [1, 2]}, [True, False], l2=-1), "l2"),
    "NaN l2": (lambda: RenewalModel.fit({"x": [1, 2]}, [True, False], l2=math.nan), "l2"),
    "zero tolerance": (
        lambda: RenewalModel.fit({"x": [1, 2]}, [True, False], tolerance=0),
        "tolerance",
    ),
    "negative max_iterations": (
        lambda: RenewalModel.fit({"x": [1, 2]}, [True, False], max_iterations=-1),
        "max_iterations",
    ),
    "unknown column in probabilities": (
        lambda: _model().probabilities({"y": [1.0]}),
        "features",
    ),
    "a feature missing in probabilities": (
        lambda: RenewalModel(["x", "z"], 0.0, [1.0, 1.0], [0.0, 0.0]).probabilities(
            {"x": [1.0], "y": [1.0]}
        ),
        "features",
    ),
    "row of the wrong length": (lambda: _model().probability([1.0, 2.0]), "features"),
    "NaN row": (lambda: _model().explain([math.nan]), "features"),
    "NaN intercept": (lambda: RenewalModel(["x"], math.nan, [1.0], [0.0]), "coefficients"),
    "coefficients of another length": (
        lambda: RenewalModel(["x"], 0.0, [1.0, 2.0], [0.0]),
        "coefficients",
    ),
    "repeated name": (lambda: RenewalModel(["x", "x"], 0.0, [1, 2], [0, 0]), "features"),
}


@pytest.mark.parametrize(("call", "name"), list(BAD_CALLS.values()), ids=list(BAD_CALLS))
def test_bad_input_is_a_typed_error(call: Callable[[], object], name: str) -> None:
    with pytest.raises(callwise.InvalidArgumentError) as info:
        call()
    assert isinstance(info.value, callwise.CallwiseError)
    assert info.value.name == name


def test_a_bad_column_is_named() -> None:
    with pytest.raises(callwise.InvalidArgumentError) as info:
        RenewalModel.fit({"x": [1, 2], "notes": ["a", "b"]}, [True, False])
    assert info.value.reason.startswith('column "notes" must be numbers')
    with pytest.raises(callwise.InvalidArgumentError) as info:
        RenewalModel.fit({"x": [1, 2], "y": [0, math.nan]}, [True, False])
    assert info.value.reason == 'feature "y" is not finite at row 1: NaN'


def test_features_must_be_named_columns() -> None:
    with pytest.raises(TypeError, match="mapping of feature name to column"):
        RenewalModel.fit(np.array([[1.0, 2.0]]), [True, False])  # type: ignore[arg-type]


def test_book_functions_refuse_bad_input(book: callwise.Book, model: RenewalModel) -> None:
    other = RenewalModel(["shoe_size"], 0.0, [1.0], [0.0])
    with pytest.raises(callwise.InvalidArgumentError) as info:
        renewal_signals(book, other, AS_OF, 90)
    assert info.value.name == "model"
    with pytest.raises(callwise.InvalidArgumentError) as info:
        renewal_history(book, AS_OF, lead_days=-1)
    assert info.value.name == "lead_days"
    with pytest.raises(callwise.InvalidArgumentError) as info:
        renewal_history(book, AS_OF, lead_days=36_526)  # past a century (core's MAX_DAYS)
    assert info.value.name == "lead_days"
    with pytest.raises(callwise.InvalidArgumentError) as info:
        renewals_due(book, AS_OF, within_days=2**32 - 1)
    assert info.value.name == "within_days"
    with pytest.raises(callwise.InvalidArgumentError) as info:
        renewals_due(book, "24/11/2026")
    assert info.value.name == "as_of"
    with pytest.raises(TypeError, match=r"'as_of': expected a datetime\.date, got a"):
        renewals_due(book, datetime.datetime(2026, 11, 24, 9, 0))
    with pytest.raises(callwise.InvalidArgumentError) as info:
        purchase_history(book, "1990-01-01")
    assert info.value.name == "as_of"
    with pytest.raises(callwise.InvalidArgumentError) as info:
        purchase_history(book, AS_OF, unit="months")  # type: ignore[arg-type]
    assert info.value.name == "unit"
    with pytest.raises(callwise.InvalidArgumentError) as info:
        dormant_signals(book, BG, AS_OF, horizon=-1)
    assert info.value.name == "horizon"
    with pytest.raises(TypeError, match="BetaGeoModel"):
        dormant_signals(book, ShiftedBetaGeoModel(1.0, 1.0), AS_OF, 13)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="'model'"):
        renewal_signals(book, BG, AS_OF)  # type: ignore[arg-type]


# Every kind of input gives the same fit.


def feature_kinds(history: pa.Table) -> dict[str, Any]:
    features = history.select(RENEWAL_FEATURES)
    columns = {name: features[name].to_numpy() for name in RENEWAL_FEATURES}
    return {
        "numpy": columns,
        "lists": {name: values.tolist() for name, values in columns.items()},
        "pandas": features.to_pandas(),
        "polars": pl.from_arrow(features),
        "polars series": {name: pl.Series(values) for name, values in columns.items()},
        "pyarrow": features,
        "pyarrow arrays": {name: pa.array(values) for name, values in columns.items()},
        "pyarrow chunked": {name: features[name] for name in RENEWAL_FEATURES},
    }


def outcome_kinds(history: pa.Table) -> dict[str, Any]:
    renewed = history["renewed"].to_numpy()
    return {
        "numpy": renewed,
        "lists": renewed.tolist(),
        "pandas": pd.Series(renewed),
        "polars": pl.Series(renewed),
        "polars series": renewed.astype(np.int64),  # 1 and 0 stand for True and False
        "pyarrow": history["renewed"],
        "pyarrow arrays": pa.array(renewed),
        "pyarrow chunked": history["renewed"],
    }


KINDS = [
    "numpy",
    "lists",
    "pandas",
    "polars",
    "polars series",
    "pyarrow",
    "pyarrow arrays",
    "pyarrow chunked",
]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_input_gives_identical_fits(
    kind: str, history: pa.Table, model: RenewalModel
) -> None:
    features = feature_kinds(history)[kind]
    renewed = outcome_kinds(history)[kind]
    fitted = RenewalModel.fit(features, renewed)
    assert fitted == model
    assert fitted.log_likelihood == model.log_likelihood
    weighted = RenewalModel.fit(features, renewed, np.ones(history.num_rows))
    assert weighted == model
    assert np.array_equal(fitted.probabilities(features), model.probabilities(history))


def test_column_order_is_kept(history: pa.Table, model: RenewalModel) -> None:
    reversed_names = list(reversed(RENEWAL_FEATURES))
    fitted = RenewalModel.fit(history.select(reversed_names), history["renewed"])
    assert fitted.feature_names == tuple(reversed_names)
    # The same model, up to the order of its features (the sums may differ in the last bit).
    np.testing.assert_allclose(fitted.coefficients[::-1], model.coefficients, rtol=1e-9)
    np.testing.assert_allclose(
        fitted.probabilities(history), model.probabilities(history), rtol=1e-12
    )


# Scores and explanations.


def test_explanations_add_up(history: pa.Table, model: RenewalModel) -> None:
    features = history.select(RENEWAL_FEATURES)
    probabilities = model.probabilities(features)
    assert probabilities.dtype == np.float64
    assert probabilities.shape == (history.num_rows,)
    for i, row in enumerate(zip(*(features[name].to_pylist() for name in RENEWAL_FEATURES))):
        e = model.explain(row)
        total = e["baseline"] + sum(c["contribution"] for c in e["contributions"])
        assert abs(total - e["log_odds"]) <= 1e-9
        assert [c["feature"] for c in e["contributions"]] == list(RENEWAL_FEATURES)
        assert [c["value"] for c in e["contributions"]] == list(row)
        assert e["probability"] == model.probability(row) == probabilities[i]
        assert math.isclose(e["probability"], 1 / (1 + math.exp(-e["log_odds"])), rel_tol=1e-14)
    # At the training means every contribution is 0.
    at_means = model.explain(model.means)
    assert all(abs(c["contribution"]) < 1e-15 for c in at_means["contributions"])
    assert at_means["log_odds"] == at_means["baseline"]


def test_a_row_may_be_any_sequence(model: RenewalModel) -> None:
    row = [1.0, 2.0, 30.0, 0.0, 4.5]
    expected = model.probability(row)
    for kind in (tuple(row), np.array(row), pd.Series(row), pl.Series(row), pa.array(row)):
        assert model.probability(kind) == expected


def test_probabilities_read_the_models_columns_only(
    book: callwise.Book, model: RenewalModel
) -> None:
    due = renewals_due(book, AS_OF, 120)
    by_id = dict(zip(values(due["membership_id"]), model.probabilities(due)))
    assert len(by_id) == due.num_rows > 0
    signals = renewal_signals(book, model, AS_OF, 120)
    assert {s["membership_id"]: s["p_renew"] for s in signals} == by_id


def test_a_model_from_known_parameters() -> None:
    model = RenewalModel(("events", "late"), 0.2, np.array([0.5, -1.0]), [1.0, 0.5])
    assert model.feature_names == ("events", "late")
    assert model.intercept == 0.2
    assert model.coefficients.tolist() == [0.5, -1.0]
    assert model.means.tolist() == [1.0, 0.5]
    assert model.log_likelihood is None
    assert model.fit_report is None
    e = model.explain([3.0, 2.0])
    assert [c["contribution"] for c in e["contributions"]] == [1.0, -1.5]
    assert math.isclose(model.probability([0, 0]), 1 / (1 + math.exp(-0.2)), rel_tol=1e-15)


def test_models_pickle_compare_and_hash_by_parameters(model: RenewalModel) -> None:
    copy = pickle.loads(pickle.dumps(model))
    assert copy == model
    assert hash(copy) == hash(model)
    assert copy.fit_report is None
    assert copy.log_likelihood is None
    assert eval(repr(model), {"RenewalModel": RenewalModel}) == model
    assert RenewalModel(["x"], 0.0, [1.0], [0.0]) != RenewalModel(["y"], 0.0, [1.0], [0.0])
    assert len({model, copy, RenewalModel(["x"], 0.0, [1.0], [0.0])}) == 2
    assert RenewalModel.__module__ == "callwise.retention"


def test_threads_fit_at_once(history: pa.Table, model: RenewalModel) -> None:
    features = history.select(RENEWAL_FEATURES)

    def work(_: int) -> RenewalModel:
        return RenewalModel.fit(features, history["renewed"])

    with ThreadPoolExecutor(max_workers=3) as pool:
        assert all(m == model for m in pool.map(work, range(3)))


# The tables and signals from a book.


def test_renewal_history_table(history: pa.Table) -> None:
    assert history.column_names == [
        "membership_id",
        "account_id",
        "term_end",
        "scored_on",
        "renewed",
        *RENEWAL_FEATURES,
    ]
    types = [history.schema.field(name).type for name in history.column_names]
    assert types == [pa.string(), pa.string(), pa.date32(), pa.date32(), pa.bool_()] + [
        pa.float64()
    ] * len(RENEWAL_FEATURES)
    assert history["renewed"].null_count == 0
    for term_end, scored_on in zip(values(history["term_end"]), values(history["scored_on"])):
        assert scored_on == min(term_end - datetime.timedelta(days=60), AS_OF)
    ids = values(history["membership_id"])
    assert ids == sorted(ids)  # book order, and the sample book's ids are in that order


def test_renewals_due_table(book: callwise.Book) -> None:
    due = renewals_due(book, "2026-11-24", within_days=120)
    assert due.schema.equals(renewal_history(book, AS_OF).schema)
    assert due.num_rows > 0
    assert due["renewed"].null_count == due.num_rows
    assert set(values(due["scored_on"])) == {AS_OF}
    last = AS_OF + datetime.timedelta(days=120)
    assert all(AS_OF <= d <= last for d in values(due["term_end"]))
    assert renewals_due(book, AS_OF).num_rows <= due.num_rows  # 90 days by default


def test_signals_and_explanations_have_the_stubs_keys(
    book: callwise.Book, model: RenewalModel
) -> None:
    signal = renewal_signals(book, model, AS_OF, 120)[0]
    assert list(signal) == [
        "membership_id",
        "account_id",
        "term_end",
        "p_renew",
        "explanation",
    ]
    assert type(signal["term_end"]) is datetime.date
    explanation = signal["explanation"]
    assert explanation == model.explain([c["value"] for c in explanation["contributions"]])
    assert list(explanation) == ["baseline", "contributions", "log_odds", "probability"]
    for contribution in explanation["contributions"]:
        assert list(contribution) == ["feature", "value", "contribution"]
        assert type(contribution["feature"]) is str
        assert type(contribution["value"]) is float
        assert type(contribution["contribution"]) is float
    assert all(type(explanation[k]) is float for k in ("baseline", "log_odds", "probability"))
    assert type(signal["p_renew"]) is float


def test_renewal_signals_least_likely_first(book: callwise.Book, model: RenewalModel) -> None:
    signals = renewal_signals(book, model, AS_OF, within_days=120)
    assert len(signals) == renewals_due(book, AS_OF, 120).num_rows > 1
    probabilities = [s["p_renew"] for s in signals]
    assert probabilities == sorted(probabilities)
    for s in signals:
        assert isinstance(s["term_end"], datetime.date)
        assert s["p_renew"] == s["explanation"]["probability"]
    # The model's features may be in any order.
    names = list(reversed(model.feature_names))
    shuffled = RenewalModel(names, model.intercept, model.coefficients[::-1], model.means[::-1])
    again = renewal_signals(book, shuffled, AS_OF, within_days=120)
    assert [s["membership_id"] for s in again] == [s["membership_id"] for s in signals]


def test_purchase_history_table(book: callwise.Book) -> None:
    weeks = purchase_history(book, AS_OF)
    assert weeks.column_names == ["account_id", "frequency", "recency", "T", "monetary_value"]
    assert weeks.schema.field("account_id").type == pa.string()
    days = purchase_history(book, AS_OF, unit="days")
    assert days["account_id"].equals(weeks["account_id"])
    np.testing.assert_allclose(days["T"].to_numpy(), weeks["T"].to_numpy() * 7, rtol=1e-12)


@pytest.mark.parametrize(
    "purchases",
    [
        BG,
        ModifiedBetaGeoModel(0.525, 6.183, 0.891, 1.614),
        ParetoNBDModel(0.553, 10.578, 0.606, 11.669),
    ],
    ids=["bg", "mbg", "pareto"],
)
def test_dormant_signals_table(
    book: callwise.Book, purchases: BetaGeoModel | ModifiedBetaGeoModel | ParetoNBDModel
) -> None:
    table = dormant_signals(book, purchases, AS_OF, 13)
    assert table.column_names == [
        "account_id",
        "frequency",
        "recency",
        "T",
        "p_alive",
        "expected_purchases",
    ]
    history = purchase_history(book, AS_OF)
    assert sorted(values(table["account_id"])) == sorted(values(history["account_id"]))
    f, r, t = (table[name].to_numpy() for name in ("frequency", "recency", "T"))
    assert np.array_equal(table["p_alive"].to_numpy(), purchases.probability_alive(f, r, t))
    assert np.array_equal(
        table["expected_purchases"].to_numpy(), purchases.expected_purchases(13, f, r, t)
    )
    repeat = int((f > 0).sum())
    # Both groups have an order to check.
    assert repeat >= 2
    assert len(f) - repeat >= 2
    assert (f[:repeat] > 0).all()
    assert (f[repeat:] == 0).all()
    alive = table["p_alive"].to_numpy()
    for part in (alive[:repeat], alive[repeat:]):
        assert (np.diff(part) >= 0).all()

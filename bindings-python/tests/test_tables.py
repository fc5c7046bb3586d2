"""Tables in, tables out: every model's ``score(table, ...)`` reads pandas, polars and
pyarrow tables (and mappings of columns) alike, gives identical results whichever it is
given, carries the input's columns along without copying them, and returns a pyarrow
Table."""

from __future__ import annotations

import csv
import pickle
from pathlib import Path
from typing import Any, Callable

import numpy as np
import numpy.typing as npt
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import callwise
from callwise.retention import (
    RENEWAL_FEATURES,
    BetaGeoBetaBinomModel,
    BetaGeoModel,
    GammaGammaModel,
    ModifiedBetaGeoModel,
    ParetoNBDModel,
    RenewalModel,
    ShiftedBetaGeoModel,
    renewal_history,
    renewals_due,
)

Floats = npt.NDArray[np.float64]

BG = BetaGeoModel(r=0.243, alpha=4.414, a=0.793, b=2.426)
MBG = ModifiedBetaGeoModel(r=0.525, alpha=6.183, a=0.891, b=1.614)
PARETO = ParetoNBDModel(r=0.553, alpha=10.578, s=0.606, beta=11.669)
SPEND = GammaGammaModel(p=6.25, q=3.74, gamma=15.44)
BGBB = BetaGeoBetaBinomModel(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
SBG = ShiftedBetaGeoModel(alpha=0.668, beta=3.806)


@pytest.fixture(scope="module")
def customers(shared: Path) -> pa.Table:
    """The CDNOW summary (2,357 customers) with ids and the repeat buyers' mean spend."""
    path = shared / "data" / "retention" / "cdnow_customers_summary_with_transactions.csv"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return pa.table(
        {
            "customer_id": [int(r["ID"]) for r in rows],
            "frequency": [float(r["x"]) for r in rows],
            "recency": [float(r["t_x"]) for r in rows],
            "T": [float(r["T"]) for r in rows],
            "monetary_value": [float(r["zbar"]) for r in rows],
        }
    )


# The kinds of table an analyst holds, each made from a pyarrow Table.
KINDS: dict[str, Callable[[pa.Table], Any]] = {
    "pyarrow": lambda t: t,
    "record_batch": lambda t: t.combine_chunks().to_batches()[0],
    "pandas": lambda t: t.to_pandas(),
    "polars": lambda t: pl.from_arrow(t),
    "dict_of_numpy": lambda t: {n: t[n].to_numpy() for n in t.column_names},
    "dict_of_pandas": lambda t: {n: t[n].to_pandas() for n in t.column_names},
    "arrow_stream": lambda t: pa.RecordBatchReader.from_batches(t.schema, t.to_batches()),
}

SCORES = ["p_alive", "expected_purchases", "expected_spend", "clv"]


def scores_of(table: pa.Table, names: list[str]) -> dict[str, list[Any]]:
    return {name: table[name].to_pylist() for name in names}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("model", [BG, MBG, PARETO], ids=["bg", "mbg", "pareto"])
def test_every_kind_of_table_gives_identical_scores(
    customers: pa.Table, kind: str, model: BetaGeoModel | ModifiedBetaGeoModel | ParetoNBDModel
) -> None:
    expected = model.score(customers, 39, spend_model=SPEND)
    got = model.score(KINDS[kind](customers), 39, spend_model=SPEND)
    assert isinstance(got, pa.Table)
    assert got.column_names == customers.column_names + SCORES
    assert scores_of(got, SCORES) == scores_of(expected, SCORES)
    assert got["customer_id"].to_pylist() == customers["customer_id"].to_pylist()


def test_scores_equal_the_column_methods(customers: pa.Table) -> None:
    f, r, t, m = (customers[n].to_numpy() for n in ("frequency", "recency", "T", "monetary_value"))
    for model in (BG, MBG, PARETO):
        scored = model.score(customers, 39, spend_model=SPEND, months=6)
        assert scored["p_alive"].to_pylist() == model.probability_alive(f, r, t).tolist()
        expected = model.expected_purchases(39, f, r, t).tolist()
        assert scored["expected_purchases"].to_pylist() == expected
        assert scored["expected_spend"].to_pylist() == SPEND.expected_spend(f, m).tolist()
        clv = SPEND.customer_lifetime_value(model, f, r, t, m, months=6).tolist()
        assert scored["clv"].to_pylist() == clv
        # The spend model's own `score` is the same table.
        assert SPEND.score(customers, 39, model, months=6).equals(scored)


def test_score_without_a_spend_model_needs_no_monetary_value(customers: pa.Table) -> None:
    table = customers.drop_columns(["monetary_value"])
    scored = BG.score(table, t=52)
    assert scored.column_names == [*table.column_names, "p_alive", "expected_purchases"]


def test_score_carries_the_input_columns_without_copying_them() -> None:
    frequency = np.array([0.0, 2.0, 5.0])
    table = pa.table(
        {"frequency": pa.array(frequency), "recency": [0.0, 10.0, 30.0], "T": [40.0] * 3}
    )
    scored = BG.score(table, 39)
    assert np.shares_memory(np.asarray(scored["frequency"]), frequency)
    frame = pd.DataFrame({"frequency": frequency, "recency": [0.0, 10.0, 30.0], "T": [40.0] * 3})
    own = frame["frequency"].to_numpy()
    assert np.shares_memory(np.asarray(BG.score(frame, 39)["frequency"]), own)
    frame_pl = pl.DataFrame({"frequency": frequency, "recency": [0.0, 10.0, 30.0], "T": [40.0] * 3})
    own = frame_pl["frequency"].to_numpy()
    assert np.shares_memory(np.asarray(BG.score(frame_pl, 39)["frequency"]), own)


def test_a_pandas_index_is_kept() -> None:
    frame = pd.DataFrame(
        {"frequency": [0.0, 2.0], "recency": [0.0, 10.0], "T": [40.0, 40.0]},
        index=pd.Index(["ann", "bob"], name="customer_id"),
    )
    back = BG.score(frame, 39).to_pandas()
    assert back.index.tolist() == ["ann", "bob"]
    assert back.index.name == "customer_id"
    assert back.columns.tolist() == ["frequency", "recency", "T", "p_alive", "expected_purchases"]


def test_scoring_again_replaces_the_score_columns(customers: pa.Table) -> None:
    once = BG.score(customers, 39)
    twice = BG.score(once, 52)
    assert twice.column_names == once.column_names
    assert (
        twice["expected_purchases"].to_pylist()
        == BG.score(customers, 52)["expected_purchases"].to_pylist()
    )


def test_a_missing_column_is_named() -> None:
    with pytest.raises(callwise.InvalidArgumentError) as err:
        BG.score({"frequency": [1.0], "recency": [1.0]}, 39)
    assert err.value.name == "table"
    assert "has no column `T` (its columns: frequency, recency)" in str(err.value)
    with pytest.raises(callwise.InvalidArgumentError, match="monetary_value"):
        BG.score({"frequency": [1.0], "recency": [1.0], "T": [2.0]}, 39, spend_model=SPEND)


def test_bad_values_are_named_by_column_and_row() -> None:
    with pytest.raises(callwise.InvalidArgumentError) as err:
        BG.score(
            pd.DataFrame({"frequency": [1.0, 2.0], "recency": [1.0, 9.0], "T": [2.0, 3.0]}), 39
        )
    assert err.value.name == "recency"
    assert "row 1" in str(err.value)
    with pytest.raises(callwise.InvalidArgumentError) as err:
        BG.score(pa.table({"frequency": [1.0, None], "recency": [1.0, 1.0], "T": [2.0, 3.0]}), 39)
    assert err.value.name == "frequency"
    with pytest.raises(callwise.InvalidArgumentError) as err:
        BG.score(pl.DataFrame({"frequency": ["a"], "recency": [1.0], "T": [2.0]}), 39)
    assert err.value.name == "frequency"


def test_what_is_not_a_table_is_refused() -> None:
    for value in (42, "frequency", [1.0, 2.0], np.zeros(3)):
        with pytest.raises(callwise.InvalidArgumentError) as err:
            BG.score(value, 39)  # type: ignore[arg-type]
        assert err.value.name == "table"
    with pytest.raises(TypeError):
        BG.score({"frequency": [1.0], "recency": [1.0], "T": [2.0]}, 39, spend_model=BG)  # type: ignore[arg-type]


def test_an_empty_table_scores_to_an_empty_table() -> None:
    empty = pa.table({"frequency": pa.array([], pa.float64()), "recency": [], "T": []})
    scored = PARETO.score(empty, 39)
    assert scored.num_rows == 0
    assert scored.column_names[-2:] == ["p_alive", "expected_purchases"]


def test_integer_columns_score_as_floats() -> None:
    ints = pl.DataFrame({"frequency": [0, 2, 5], "recency": [0, 10, 30], "T": [40, 40, 40]})
    floats = ints.cast(pl.Float64)
    assert scores_of(BG.score(ints, 39), SCORES[:2]) == scores_of(BG.score(floats, 39), SCORES[:2])


@pytest.mark.parametrize("kind", KINDS)
def test_bgbb_scores_tables(kind: str) -> None:
    table = pa.table(
        {
            "donor": ["a", "b", "c"],
            "frequency": [6, 1, 3],
            "recency": [6, 1, 5],
            "n_periods": [6, 6, 6],
        }
    )
    scored = BGBB.score(KINDS[kind](table), 5)
    assert scored.column_names == ["donor", "frequency", "recency", "n_periods", *SCORES[:2]]
    f, r, n = ([6, 1, 3], [6, 1, 5], [6, 6, 6])
    assert scored["p_alive"].to_pylist() == BGBB.probability_alive(f, r, n).tolist()
    assert scored["expected_purchases"].to_pylist() == BGBB.expected_purchases(5, f, r, n).tolist()
    with pytest.raises(callwise.InvalidArgumentError) as err:
        BGBB.score(table, -1)
    assert err.value.name == "t"


@pytest.mark.parametrize("kind", KINDS)
def test_sbg_scores_tables(kind: str) -> None:
    table = pa.table({"member": ["a", "b"], "renewals": [0, 4]})
    scored = SBG.score(KINDS[kind](table), discount_rate=0.1)
    assert scored.column_names == ["member", "renewals", "p_renew", "expected_residual_lifetime"]
    assert scored["p_renew"].to_pylist() == SBG.renewal_probability([0, 4]).tolist()
    derl = SBG.discounted_expected_residual_lifetime([0, 4], 0.1).tolist()
    assert scored["expected_residual_lifetime"].to_pylist() == derl
    assert SBG.score(table).column_names == ["member", "renewals", "p_renew"]
    with pytest.raises(callwise.InvalidArgumentError) as err:
        SBG.score({"renewals": [1, -2]})
    assert err.value.name == "renewals"
    assert "row 1" in str(err.value)


@pytest.mark.parametrize("kind", KINDS)
def test_renewal_model_scores_tables(kind: str) -> None:
    book = callwise.sample_book(seed=7, members=40)
    history = renewal_history(book, "2026-11-24")
    model = RenewalModel.fit(history.select(RENEWAL_FEATURES), history["renewed"], l2=1.0)
    due = renewals_due(book, "2026-11-24")
    scored = model.score(KINDS[kind](due))
    assert scored.column_names == [*due.column_names, "p_renew"]
    assert scored["p_renew"].to_pylist() == model.probabilities(due).tolist()
    assert scored["membership_id"].to_pylist() == due["membership_id"].to_pylist()


def test_models_pickle_and_score_the_same(customers: pa.Table) -> None:
    for model in (BG, MBG, PARETO):
        again = pickle.loads(pickle.dumps(model))
        assert again.score(customers, 39).equals(model.score(customers, 39))
    for other in (SPEND, BGBB, SBG):
        assert pickle.loads(pickle.dumps(other)) == other


@pytest.mark.parametrize("kind", KINDS)
def test_fits_take_a_table(customers: pa.Table, kind: str) -> None:
    # (Each fit gets a table of its own: an Arrow stream is read once.)
    f, r, t = (customers[n].to_numpy() for n in ("frequency", "recency", "T"))
    for cls in (BetaGeoModel, ModifiedBetaGeoModel):
        assert cls.fit(KINDS[kind](customers)) == cls.fit(f, r, t)
    repeat = customers.filter(pa.array(customers["frequency"].to_numpy() > 0))
    assert GammaGammaModel.fit(KINDS[kind](repeat)) == GammaGammaModel.fit(
        repeat["frequency"], repeat["monetary_value"]
    )
    weights = np.ones(len(f))
    fitted = BetaGeoModel.fit(KINDS[kind](customers), weights=weights)
    assert fitted == BetaGeoModel.fit(f, r, t, weights)


def test_bgbb_fit_takes_a_table() -> None:
    table = pd.DataFrame(
        {"frequency": [6, 1, 3, 0, 2], "recency": [6, 1, 5, 0, 4], "n_periods": [6] * 5}
    )
    f, r, n = (table[c].to_numpy() for c in ("frequency", "recency", "n_periods"))
    assert BetaGeoBetaBinomModel.fit(table) == BetaGeoBetaBinomModel.fit(f, r, n)


def test_a_fit_given_some_columns_names_the_missing_one(customers: pa.Table) -> None:
    f, r = customers["frequency"], customers["recency"]
    with pytest.raises(callwise.InvalidArgumentError) as err:
        BetaGeoModel.fit(f, r)  # type: ignore[call-overload]
    assert err.value.name == "T"
    with pytest.raises(callwise.InvalidArgumentError) as err:
        BetaGeoModel.fit(f)
    assert err.value.name == "recency"
    assert "one table holding them as the first argument" in str(err.value)
    with pytest.raises(callwise.InvalidArgumentError) as err:
        BetaGeoModel.fit(customers.drop_columns(["T"]))
    assert err.value.name == "table"
    assert "has no column `T`" in str(err.value)


def test_a_table_with_a_repeated_column_name_is_refused() -> None:
    table = pa.Table.from_arrays(
        [pa.array([1.0]), pa.array([1.0]), pa.array([2.0]), pa.array([5.0])],
        names=["frequency", "recency", "T", "frequency"],
    )
    with pytest.raises(callwise.InvalidArgumentError) as err:
        BG.score(table, 39)
    assert err.value.name == "table"
    assert "has the column 'frequency' more than once" in str(err.value)


def test_a_table_pyarrow_cannot_read_is_named_without_its_values() -> None:
    frame = pd.DataFrame(
        {
            "frequency": [1.0, 2.0],
            "recency": [1.0, 1.0],
            "T": [2.0, 3.0],
            "phone": [13125550100, "+1 312 555 0100"],
        }
    )
    for call in (lambda: BetaGeoModel.fit(frame), lambda: BG.score(frame, 39)):
        with pytest.raises(callwise.InvalidArgumentError) as err:
            call()
        assert err.value.name == "table"
        assert "555" not in str(err.value)


def test_rows_are_named_only_for_the_column_at_fault() -> None:
    with pytest.raises(callwise.InvalidArgumentError) as err:
        SBG.score({"renewals": [1, 2]}, discount_rate=0)
    assert err.value.name == "discount_rate"
    assert "row" not in str(err.value)
    table = {
        "frequency": [1.0, 2.0],
        "recency": [1.0, 1.0],
        "T": [2.0, 3.0],
        "monetary_value": [10.0, -1.0],
    }
    with pytest.raises(callwise.InvalidArgumentError) as err:
        BG.score(table, 39, spend_model=SPEND)
    assert err.value.name == "monetary_value"
    assert "row 1" in str(err.value)

"""Scoring where the work is spread out: Dask worker processes, Spark's Arrow batches and
the pickles that carry models between them.

The scoring code is the examples' (``examples/python/dask_scoring.py`` and
``spark_scoring.py``), imported from there; Spark itself is not needed.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from distributed import Client, LocalCluster

from callwise.retention import BetaGeoModel, GammaGammaModel, ModifiedBetaGeoModel, ParetoNBDModel

# The examples import each other by name, as scripts do; Dask's worker processes are
# spawned with this process's sys.path, so they import them the same way.
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "python"
sys.path.insert(0, str(EXAMPLES))

import dask.dataframe as dd  # noqa: E402
import dask_scoring  # noqa: E402
import purchase_data  # noqa: E402
import spark_scoring  # noqa: E402

HORIZON = 13.0
CUSTOMERS = 4000
SCORES = ("p_alive", "expected_purchases", "expected_spend", "clv")

Models = tuple[BetaGeoModel, GammaGammaModel]


@pytest.fixture(scope="module")
def summary() -> pa.Table:
    """A few thousand simulated customers' RFM summaries (weeks, dollars)."""
    table = purchase_data.purchase_summary(CUSTOMERS, seed=11)
    assert table.num_rows == CUSTOMERS
    return table


@pytest.fixture(scope="module")
def models(summary: pa.Table) -> Models:
    """BG/NBD and Gamma-Gamma fitted to the summaries."""
    return purchase_data.fit_models(summary)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """A Dask cluster of two single-threaded worker processes (not threads of this one)."""
    cluster = LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    )
    with cluster, Client(cluster) as client:
        client.wait_for_workers(2)
        yield client


def assert_same_scores(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    """The same rows, index and columns, and every float equal to the last bit."""
    assert list(actual.columns) == list(expected.columns)
    assert actual.index.equals(expected.index)
    for name in actual.columns:
        assert actual[name].dtype == expected[name].dtype, name
        assert np.array_equal(actual[name].to_numpy(), expected[name].to_numpy()), name
    pd.testing.assert_frame_equal(actual, expected, check_exact=True)


def test_dask_workers_score_as_one_process(
    client: Client, summary: pa.Table, models: Models
) -> None:
    model, spend_model = models
    frame = summary.to_pandas()
    customers = dd.from_pandas(frame, npartitions=8)
    assert customers.npartitions >= 4

    def scored_where(
        part: pd.DataFrame, model: BetaGeoModel, spend_model: GammaGammaModel
    ) -> pd.DataFrame:
        """A partition scored by the example's function, and the process that did it."""
        scored = dask_scoring.score_partition(part, model, HORIZON, spend_model)
        return scored.assign(pid=os.getpid())

    meta = dask_scoring.scored_meta(customers, with_spend=True).assign(
        pid=pd.Series(dtype=np.int64)
    )
    traced: pd.DataFrame = customers.map_partitions(
        scored_where, model, spend_model, meta=meta
    ).compute()
    # Both worker processes took partitions, and this process none.
    assert len(set(traced["pid"])) == 2
    assert os.getpid() not in set(traced["pid"])

    in_one_process = dask_scoring.score_partition(frame, model, HORIZON, spend_model)
    assert list(in_one_process.columns) == [*summary.column_names, *SCORES]
    assert_same_scores(traced.drop(columns="pid"), in_one_process)
    # The example's lazy pipeline, as it stands, gives the same.
    scored: pd.DataFrame = dask_scoring.score_with_dask(
        customers, model, HORIZON, spend_model
    ).compute()
    assert_same_scores(scored, in_one_process)
    without_spend: pd.DataFrame = dask_scoring.score_with_dask(customers, model, HORIZON).compute()
    assert_same_scores(without_spend, model.score(frame, t=HORIZON).to_pandas())


@pytest.mark.parametrize(
    "purchase_model",
    [
        BetaGeoModel(r=0.243, alpha=4.414, a=0.793, b=2.426),
        ModifiedBetaGeoModel(r=0.525, alpha=6.183, a=0.891, b=1.614),
        ParetoNBDModel(r=0.553, alpha=10.578, s=0.606, beta=11.669),
    ],
    ids=["bg-nbd", "mbg-nbd", "pareto-nbd"],
)
def test_spark_batch_function_scores_as_the_whole_table(
    summary: pa.Table,
    models: Models,
    purchase_model: BetaGeoModel | ModifiedBetaGeoModel | ParetoNBDModel,
) -> None:
    _, spend_model = models
    batches = summary.to_batches(max_chunksize=512)
    assert len(batches) >= 4
    # mapInArrow's contract: an iterator of record batches in, one out.
    out = list(
        spark_scoring.score_batches(
            iter(batches),
            purchase_model,
            HORIZON,
            spend_model,
        )
    )
    assert all(isinstance(batch, pa.RecordBatch) for batch in out)
    assert sum(batch.num_rows for batch in out) == summary.num_rows
    expected_schema = spark_scoring.scored_schema(summary.schema, with_spend=True)
    batched = pa.Table.from_batches(out, schema=expected_schema)
    whole = purchase_model.score(summary, t=HORIZON, spend_model=spend_model)
    assert whole.schema.remove_metadata() == expected_schema
    assert batched.equals(whole)
    for name in SCORES:
        assert np.array_equal(batched[name].to_numpy(), whole[name].to_numpy()), name
    assert spark_scoring.spark_ddl(expected_schema) == (
        "`customer_id` bigint, `frequency` double, `recency` double, `T` double, "
        "`monetary_value` double, `p_alive` double, `expected_purchases` double, "
        "`expected_spend` double, `clv` double"
    )


def test_spark_batch_function_without_spend_model(summary: pa.Table, models: Models) -> None:
    model, _ = models
    rfm = summary.select(["customer_id", "frequency", "recency", "T"])
    out = list(spark_scoring.score_batches(rfm.to_batches(max_chunksize=1000), model, HORIZON))
    schema = spark_scoring.scored_schema(rfm.schema, with_spend=False)
    assert pa.Table.from_batches(out, schema=schema).equals(model.score(rfm, t=HORIZON))
    assert list(spark_scoring.score_batches(iter([]), model, HORIZON)) == []


def test_fitted_models_pickle_as_parameters_into_workers(client: Client, models: Models) -> None:
    for model in models:
        payload = pickle.dumps(model)
        here = pickle.loads(payload)
        assert type(here) is type(model)
        assert here == model
        assert here.params == model.params
        assert model.log_likelihood is not None  # fitted ...
        assert here.log_likelihood is None  # ... but only the parameters travel
        assert len(payload) < 300

        def unpickle(payload: bytes) -> tuple[int, dict[str, float], bytes]:
            """Run in a worker: its process, the model's parameters there, and the
            model pickled again."""
            there = pickle.loads(payload)
            return os.getpid(), there.params, pickle.dumps(there)

        pid, params, back = client.submit(unpickle, payload, pure=False).result()
        assert pid != os.getpid()
        assert params == model.params  # exactly: the floats travel as they are
        assert pickle.loads(back) == model

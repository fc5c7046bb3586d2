"""Scoring customers with Spark: a fitted callwise model inside ``mapInArrow``.

A BG/NBD model (and a Gamma-Gamma spend model) is fitted on the driver to a simulated
purchase log (:mod:`purchase_data`); Spark then streams each partition of the customers'
RFM summaries through :func:`score_batches` as Arrow record batches, and each batch is
scored by ``model.score(batch, t=...)`` without leaving Arrow. The models pickle as their
parameters, so Spark ships them to the Python workers with the function.

pyspark is not a dependency of callwise: install it (Spark 4, for Arrow tables in and out;
it needs a Java 17+ runtime) to run this::

    pip install pyspark
    python examples/python/spark_scoring.py [--customers 100000] [--cores 2]

:func:`score_batches` needs no Spark: it maps an iterator of ``pyarrow.RecordBatch`` to
another, which is all ``mapInArrow`` asks of a function.
"""

from __future__ import annotations

import argparse
import functools
import time
from collections.abc import Iterable, Iterator, Sequence

import pyarrow as pa
import pyarrow.compute as pc

from callwise.retention import (
    BetaGeoModel,
    GammaGammaModel,
    ModifiedBetaGeoModel,
    ParetoNBDModel,
)

from purchase_data import (
    HORIZON_WEEKS,
    SCORE_COLUMNS,
    SPEND_COLUMNS,
    fit_models,
    purchase_summary,
)

SPARK_TYPES = {pa.int64(): "bigint", pa.float64(): "double", pa.string(): "string"}
"""Arrow types and the Spark SQL types they map to (those the example's columns use)."""


def score_batches(
    batches: Iterable[pa.RecordBatch],
    model: BetaGeoModel | ModifiedBetaGeoModel | ParetoNBDModel,
    t: float,
    spend_model: GammaGammaModel | None = None,
) -> Iterator[pa.RecordBatch]:
    """Each batch scored: its columns, then ``p_alive`` and the ``expected_purchases`` in
    the next ``t`` (and ``expected_spend`` and ``clv`` with a spend model). What
    ``DataFrame.mapInArrow`` calls, once per partition, after binding the models with
    ``functools.partial``."""
    for batch in batches:
        yield from model.score(batch, t=t, spend_model=spend_model).to_batches()


def scored_schema(schema: pa.Schema, with_spend: bool) -> pa.Schema:
    """The Arrow schema of :func:`score_batches`' output for input of ``schema``."""
    added = SCORE_COLUMNS + (SPEND_COLUMNS if with_spend else ())
    return pa.schema([*schema, *(pa.field(name, pa.float64()) for name in added)])


def spark_ddl(schema: pa.Schema) -> str:
    """An Arrow schema as the DDL string ``mapInArrow`` takes: ``"`a` bigint, `b` double"``."""
    return ", ".join(f"`{field.name}` {SPARK_TYPES[field.type]}" for field in schema)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--cores", type=int, default=2, help="Spark local[N] threads")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession  # only this function needs Spark

    summary = purchase_summary(args.customers, args.seed)
    model, spend_model = fit_models(summary)
    print(f"{summary.num_rows:,} customers; BG/NBD {model.params}")

    spark = (
        SparkSession.builder.master(f"local[{args.cores}]")
        .appName("callwise-scoring")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    try:
        started = time.perf_counter()
        customers = spark.createDataFrame(summary).repartition(args.cores * 4)
        scored = customers.mapInArrow(
            functools.partial(score_batches, model=model, t=HORIZON_WEEKS, spend_model=spend_model),
            spark_ddl(scored_schema(summary.schema, with_spend=True)),
        )
        result: pa.Table = scored.toArrow()
        elapsed = time.perf_counter() - started
        partitions = customers.rdd.getNumPartitions()
    finally:
        spark.stop()
    print(
        f"Spark scored {result.num_rows:,} customers in {partitions} partitions in {elapsed:.2f} s"
    )

    # Spark returns the rows in its own order: compare by customer.
    by_customer = result.sort_by("customer_id")
    local = model.score(summary, t=HORIZON_WEEKS, spend_model=spend_model).sort_by("customer_id")
    assert by_customer.equals(local), "Spark and local scores differ"
    print("equal to scoring on the driver, bit for bit")
    best = by_customer.take(pc.sort_indices(by_customer, [("clv", "descending")])[:5])
    print(best.to_pandas().to_string(float_format=lambda x: f"{x:.3f}"))


if __name__ == "__main__":
    main()

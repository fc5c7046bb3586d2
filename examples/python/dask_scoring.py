"""Scoring customers with Dask: a fitted callwise model inside ``map_partitions``.

A BG/NBD model (and a Gamma-Gamma spend model) is fitted in this process to a simulated
purchase log (:mod:`purchase_data`); a Dask DataFrame of the customers' RFM summaries is
then scored on a ``distributed.LocalCluster`` of worker processes, each partition by
``model.score(partition, t=...)``. The models are plain parameters: they pickle, travel
with the tasks and hold no global state, so every worker computes exactly what this
process would, which the example checks.

    python examples/python/dask_scoring.py [--customers 20000] [--partitions 8] [--workers 2]

On a real cluster, replace the ``LocalCluster`` by the scheduler's address
(``Client("tcp://...")``); the scoring code is the same.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Sequence

import dask.dataframe as dd
import numpy as np
import pandas as pd
from distributed import Client, LocalCluster

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


def score_partition(
    part: pd.DataFrame,
    model: BetaGeoModel | ModifiedBetaGeoModel | ParetoNBDModel,
    t: float,
    spend_model: GammaGammaModel | None = None,
) -> pd.DataFrame:
    """One partition scored: its columns (and index), then ``p_alive`` and the
    ``expected_purchases`` in the next ``t``, and ``expected_spend`` and ``clv`` with a
    spend model."""
    return model.score(part, t=t, spend_model=spend_model).to_pandas()


def scored_meta(frame: dd.DataFrame, with_spend: bool) -> pd.DataFrame:
    """The empty pandas frame Dask needs to know the scored columns without computing."""
    added = SCORE_COLUMNS + (SPEND_COLUMNS if with_spend else ())
    columns = {name: pd.Series(dtype=dtype) for name, dtype in frame.dtypes.items()}
    columns.update({name: pd.Series(dtype=np.float64) for name in added})
    return pd.DataFrame(columns)


def score_with_dask(
    frame: dd.DataFrame,
    model: BetaGeoModel | ModifiedBetaGeoModel | ParetoNBDModel,
    t: float,
    spend_model: GammaGammaModel | None = None,
) -> dd.DataFrame:
    """Every partition of ``frame`` scored where it lives (lazily: call ``.compute()``)."""
    scored: dd.DataFrame = frame.map_partitions(
        score_partition,
        model,
        t,
        spend_model,
        meta=scored_meta(frame, spend_model is not None),
    )
    return scored


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    summary = purchase_summary(args.customers, args.seed)
    model, spend_model = fit_models(summary)
    print(f"{summary.num_rows:,} customers; BG/NBD {model.params}")
    print(f"Gamma-Gamma {spend_model.params}")
    frame = summary.to_pandas()

    started = time.perf_counter()
    cluster = LocalCluster(
        n_workers=args.workers, processes=True, threads_per_worker=1, dashboard_address=None
    )
    with cluster, Client(cluster) as client:
        pids = sorted(client.run(os.getpid).values())
        print(f"Dask workers: processes {pids} (this one is {os.getpid()})")
        customers = dd.from_pandas(frame, npartitions=args.partitions)
        scored: pd.DataFrame = score_with_dask(
            customers, model, HORIZON_WEEKS, spend_model
        ).compute()
    print(
        f"scored {len(scored):,} customers in {customers.npartitions} partitions "
        f"in {time.perf_counter() - started:.2f} s (cluster start and stop included)"
    )

    local = score_partition(frame, model, HORIZON_WEEKS, spend_model)
    pd.testing.assert_frame_equal(scored, local, check_exact=True)
    print("equal to scoring in one process, bit for bit")

    quiet = scored[scored["p_alive"] < 0.5].nlargest(5, "frequency")
    print("\nGood customers gone quiet: the most repeat purchases among P(alive) < 0.5")
    print(quiet.to_string(float_format=lambda x: f"{x:.3f}"))
    print("\nHighest 12-month customer lifetime value:")
    print(scored.nlargest(5, "clv").to_string(float_format=lambda x: f"{x:.3f}"))


if __name__ == "__main__":
    main()

"""Every rep's Next Day Call List with Dask: the work split by account, then by rep.

The first half (:func:`callwise.call_list.reasons_for`) reads the book account by account:
each partition of accounts gives its reasons to call, on any worker. The second half
(:func:`callwise.call_list.lists_from`) routes the reasons to their reps and builds each
rep's list: each partition of reps on any worker. The book travels to the workers once
(it pickles as its JSON); reasons and lists pickle too. Any split gives the same lists as
``book.call_lists(day)`` in one process, which the example checks.

    python examples/python/dask_call_lists.py [--members 2000] [--partitions 4] [--workers 2]

On a real cluster, replace the ``LocalCluster`` by the scheduler's address.
"""

from __future__ import annotations

import argparse
import datetime
import time
from collections.abc import Sequence

import pyarrow as pa
from distributed import Client, LocalCluster

import callwise
from callwise.call_list import CallList, Reasons, lists_from, reasons_for, table


def split(ids: Sequence[str], parts: int) -> list[list[str]]:
    """``ids`` in ``parts`` runs of nearly equal length, in order."""
    size = -(-len(ids) // parts)
    return [list(ids[i : i + size]) for i in range(0, len(ids), size)]


def reasons_of(book: callwise.Book, day: datetime.date, account_ids: list[str]) -> Reasons:
    """The first half, on a worker: one partition of accounts."""
    return reasons_for(book, day, account_ids)


def lists_of(
    book: callwise.Book, day: datetime.date, reasons: list[Reasons], rep_ids: list[str]
) -> list[CallList]:
    """The second half, on a worker: one partition of reps, from every account's reasons."""
    return lists_from(book, day, reasons, rep_ids)


def call_lists_with_dask(
    client: Client, book: callwise.Book, day: datetime.date, partitions: int
) -> pa.Table:
    """Every rep's list for ``day``, built on the cluster, as one table."""
    remote_book = client.scatter(book, broadcast=True)
    accounts = book.account_ids()
    reasons = client.gather(
        [
            client.submit(reasons_of, remote_book, day, part, pure=False)
            for part in split(accounts, partitions)
        ]
    )
    reps = sorted(book.rep_ids())
    lists = client.gather(
        [
            client.submit(lists_of, remote_book, day, reasons, part, pure=False)
            for part in split(reps, partitions)
        ]
    )
    return table([one for part in lists for one in part])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    parser.add_argument(
        "--day", type=datetime.date.fromisoformat, default=datetime.date(2026, 11, 3)
    )
    args = parser.parse_args(argv)

    book = callwise.sample_book(seed=7, members=args.members)
    started = time.perf_counter()
    cluster = LocalCluster(
        n_workers=args.workers, processes=True, threads_per_worker=1, dashboard_address=None
    )
    with cluster, Client(cluster) as client:
        distributed = call_lists_with_dask(client, book, args.day, args.partitions)
    print(
        f"{distributed.num_rows:,} calls for {len(book.rep_ids())} reps in "
        f"{time.perf_counter() - started:.2f} s (cluster start and stop included)"
    )
    local = book.call_lists(args.day)
    assert distributed.equals(local)
    print("equal to book.call_lists(day) in one process")


if __name__ == "__main__":
    main()

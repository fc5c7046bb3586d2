"""Call lists through the Python binding: the shared scenario byte for byte, then the
seam (types, tables, pickles, errors, threads, the Dask split). The logic is tested in
Rust (core/tests/call_list.rs)."""

from __future__ import annotations

import datetime
import json
import pickle
import sys
import threading
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

import callwise
from callwise.call_list import CallList, Inputs, Reasons, lists_from, reasons_for, table
from callwise.retention import BetaGeoModel
from callwise.routine import ZoneRotation

UTC = datetime.timezone.utc


@pytest.fixture(scope="module")
def scenario(shared: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (shared / "fixtures" / "call_list_scenario.json").read_text()
    )
    return loaded


@pytest.fixture(scope="module")
def book(shared: Path, scenario: dict[str, Any]) -> callwise.Book:
    return callwise.Book.from_json((shared / "fixtures" / scenario["book"]).read_text())


@pytest.fixture(scope="module")
def inputs(scenario: dict[str, Any]) -> Inputs:
    rotation = scenario["rotation"]
    return Inputs(
        rotation=ZoneRotation(
            rotation["zones"], rotation["first_week"], rotation["meeting_lead_days"]
        ),
        purchase_model=BetaGeoModel(**scenario["purchase_model"]),
    )


def test_the_shared_scenario_gives_the_committed_lists(
    shared: Path, scenario: dict[str, Any], book: callwise.Book, inputs: Inputs
) -> None:
    config = scenario["config"]
    lists = []
    for case in scenario["cases"]:
        if case["list"] == "next_day":
            lists.append(book.next_day_call_list(case["rep_id"], case["day"], config, inputs))
        else:
            lists.append(book.power_hour_list(case["team_id"], case["day"], config, inputs))
    text = "".join(one.to_json() for one in lists)
    log = scenario["log"]
    lists[log["case"]].log_activity(book, log["activity"], config)
    text += lists[log["case"]].to_json()
    assert text == (shared / "conformance" / "call_list.txt").read_text()


def test_entries_and_reasons_are_typed(book: callwise.Book, inputs: Inputs) -> None:
    calls = book.next_day_call_list("rep-ny", datetime.date(2026, 11, 24), inputs=inputs)
    assert (calls.kind, calls.rep_id, calls.team_id, calls.day) == (
        "next_day",
        "rep-ny",
        None,
        datetime.date(2026, 11, 24),
    )
    top = calls.entries[0]
    assert top.slot_start == datetime.datetime(2026, 11, 24, 14, tzinfo=UTC)
    assert top.slot_start.tzinfo is UTC
    assert top.score == sum(r.contribution for r in top.reasons)
    assert isinstance(top.reasons[0].numbers["days_overdue"], float)
    assert top.last_touch is not None
    assert top.last_touch["rep_id"] == "rep-mem"
    assert [h.rule for h in calls.held_back] == ["do_not_call", "outside_window"]
    assert calls.working == [
        (
            datetime.datetime(2026, 11, 24, 14, tzinfo=UTC),
            datetime.datetime(2026, 11, 24, 22, tzinfo=UTC),
        )
    ]
    assert len(calls) == len(calls.entries)


def test_tables_are_arrow_with_types(book: callwise.Book, inputs: Inputs) -> None:
    day = datetime.date(2026, 11, 24)
    every = book.call_lists(day, inputs=inputs)
    assert every.schema.field("slot_start").type == pa.timestamp("us", tz="UTC")
    assert every.schema.field("day").type == pa.date32()
    one_by_one = table(
        [book.next_day_call_list(rep, day, inputs=inputs) for rep in sorted(book.rep_ids())]
    )
    assert every.equals(one_by_one)
    pool = book.power_hour_list("team-east", day, inputs=inputs).to_pandas()
    assert list(pool["team_id"]) == ["team-east", "team-east"]
    assert pool["rep_id"].isna().all()


def test_table_rows_are_the_entries(book: callwise.Book, inputs: Inputs) -> None:
    """The text columns cross as Arrow buffers: every row must still be its entry."""
    day = datetime.date(2026, 11, 24)
    lists = [book.next_day_call_list(rep, day, inputs=inputs) for rep in sorted(book.rep_ids())]
    lists.append(book.power_hour_list("team-east", day, inputs=inputs))
    rows = table(lists).to_pylist()
    expected = [
        {
            "rep_id": calls.rep_id,
            "team_id": calls.team_id,
            "day": day,
            "rank": e.rank,
            "account_id": e.account_id,
            "contact_id": e.contact_id,
            "score": e.score,
            "slot_start": e.slot_start,
            "minutes": e.minutes,
            "time_zone": e.time_zone,
            "sources": ",".join(dict.fromkeys(r.source for r in e.reasons)),
            "why": e.reasons[0].why,
        }
        for calls in lists
        for e in calls.entries
    ]
    assert rows == expected
    assert {row["team_id"] is None for row in rows} == {True, False}
    empty = table([])
    assert empty.num_rows == 0
    assert empty.schema == table(lists).schema


def test_lists_and_reasons_pickle(book: callwise.Book, inputs: Inputs) -> None:
    calls = book.next_day_call_list("rep-ny", "2026-11-24", inputs=inputs)
    again = pickle.loads(pickle.dumps(calls))
    assert isinstance(again, CallList)
    assert again.to_json() == calls.to_json()
    reasons = reasons_for(book, "2026-11-24", ["acc-ny", "acc-hi"], inputs=inputs)
    assert pickle.loads(pickle.dumps(reasons)).to_json() == reasons.to_json()
    assert pickle.loads(pickle.dumps(book)).to_json() == book.to_json()


def test_any_split_gives_the_same_lists(book: callwise.Book, inputs: Inputs) -> None:
    day = datetime.date(2026, 11, 24)
    ids = book.account_ids()
    parts: list[Reasons] = [reasons_for(book, day, ids[i::3], inputs=inputs) for i in range(3)]
    split = table(lists_from(book, day, parts, inputs=inputs))
    assert split.equals(book.call_lists(day, inputs=inputs))
    # Reasons from another process are checked before a score reads them.
    edited = json.loads(parts[0].to_json())
    edited[0]["urgency"] = 5.0
    with pytest.raises(callwise.InvalidArgumentError) as err:
        lists_from(book, day, [Reasons.from_json(json.dumps(edited))], inputs=inputs)
    assert err.value.name == "reasons"


def test_log_activity_reports_the_change(book: callwise.Book) -> None:
    calls = book.next_day_call_list("rep-ny", "2026-11-24")
    call = {
        "id": "a",
        "account_id": "acc-ny",
        "contact_id": "con-ny-1",
        "rep_id": "rep-ny",
        "at": datetime.datetime(
            2026, 11, 24, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))
        ),
        "channel": "call",
        "direction": "outbound",
        "outcome": "connected",
    }
    assert calls.log_activity(book, call) == {"change": "left", "account_id": "acc-ny"}
    assert [e.account_id for e in calls.entries] == ["acc-hi"]
    with pytest.raises(callwise.InvalidArgumentError, match="activity"):
        calls.log_activity(book, {"id": "a"})


def test_bad_input_is_a_typed_error(book: callwise.Book) -> None:
    with pytest.raises(callwise.NotFoundError):
        book.next_day_call_list("rep-nobody", "2026-11-24")
    with pytest.raises(callwise.NotFoundError):
        book.power_hour_list("team-nowhere", "2026-11-24")
    with pytest.raises(callwise.InvalidArgumentError) as err:
        book.next_day_call_list("rep-ny", "2026-11-24", {"weights": {"renewal": -1}})
    assert err.value.name == "weights"
    with pytest.raises(callwise.InvalidArgumentError) as err:
        book.next_day_call_list("rep-ny", "2026-11-24", '{"minutes_per_touch": {"call": 0}}')
    assert err.value.name == "minutes_per_touch"
    with pytest.raises(callwise.JsonError):
        book.next_day_call_list("rep-ny", "2026-11-24", {"weights": {"gossip": 1}})
    with pytest.raises(callwise.InvalidArgumentError):
        book.next_day_call_list("rep-ny", "2026-2-1")
    with pytest.raises(TypeError):
        book.next_day_call_list("rep-ny", datetime.datetime(2026, 11, 24, tzinfo=UTC))
    with pytest.raises(callwise.InvalidArgumentError, match="team_id"):
        book.power_hour_list("team-empty", "2026-11-24")


def test_default_config_round_trips(book: callwise.Book) -> None:
    config = callwise.call_list.default_config()
    assert config["weights"]["carry_over"] == 10.0
    assert config["next_day_sources"][0] == "carry_over"
    same = book.next_day_call_list("rep-ny", "2026-11-24", config)
    assert same.to_json() == book.next_day_call_list("rep-ny", "2026-11-24").to_json()


def test_threads_build_lists_at_once(book: callwise.Book, inputs: Inputs) -> None:
    """The GIL is released while the core works: many threads, the same answers."""
    expected = book.call_lists("2026-11-24", inputs=inputs)
    results: list[pa.Table] = []

    def build() -> None:
        results.append(book.call_lists("2026-11-24", inputs=inputs))

    threads = [threading.Thread(target=build) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8
    assert all(r.equals(expected) for r in results)


def test_dask_workers_build_the_same_lists() -> None:
    """The example's split on two worker processes equals one process."""
    from distributed import Client, LocalCluster

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples" / "python"))
    import dask_call_lists

    book = callwise.sample_book(seed=7, members=300)
    day = datetime.date(2026, 11, 3)
    cluster = LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    )
    with cluster, Client(cluster) as client:
        client.wait_for_workers(2)
        distributed = dask_call_lists.call_lists_with_dask(client, book, day, partitions=3)
    local = book.call_lists(day)
    assert local.num_rows > 0
    assert distributed.equals(local)

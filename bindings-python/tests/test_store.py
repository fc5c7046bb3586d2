"""The Store binding's seam: types in and out, errors, paths, threads, and the
cross-language merge (stores written by the Kotlin binding, merged here)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

import callwise

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "tests" / "fixtures" / "store_scenario.json"
MERGED = ROOT / "tests" / "conformance" / "store_merged_book.json"
WRITTEN_BY_KOTLIN = ROOT / "tests" / "fixtures" / "store_written_by_kotlin"
WRITTEN_BY_PYTHON = ROOT / "tests" / "fixtures" / "store_written_by_python"
AT = "2026-11-03T15:00:00Z"


def book() -> callwise.Book:
    return callwise.sample_book(seed=7, members=5)


def dnc(contact: str) -> dict[str, Any]:
    return {"kind": "do_not_call_requested", "contact_id": contact, "at": AT}


def test_create_append_reopen_gives_the_book_after_the_events(tmp_path: Path) -> None:
    genesis = book()
    path = tmp_path / "tablet.db"
    store = callwise.Store.create(path, genesis, device_id="tablet")
    assert (store.path, store.device_id, store.is_authority) == (str(path), "tablet", False)
    assert store.book().to_json() == genesis.to_json()
    before = genesis.to_json()
    assert store.append([dnc("con-0000001"), dnc("con-0000001")]) == [1, 2]
    assert store.append([]) == []
    # The store shares the book it was made from; its events copy it first.
    assert genesis.to_json() == before
    after = store.book().to_json()
    contact = store.book().contact("con-0000001")
    assert contact is not None
    assert contact.do_not_call
    assert store.snapshot() is True
    assert store.snapshot() is False
    lineage = store.lineage
    del store  # closes the file (it stays locked while the object lives)
    again = callwise.Store.open(str(path))
    assert again.book().to_json() == after
    assert again.lineage == lineage
    assert again.version_vector() == {"devices": {"tablet": 2}, "sequenced": 0}
    assert repr(again) == f"<Store device_id='tablet' path={str(path)!r}>"


def test_the_book_of_an_opened_store_is_shared_and_changes_to_it_stay_out(
    tmp_path: Path,
) -> None:
    genesis = book()
    callwise.Store.create(tmp_path / "s.db", genesis, device_id="tablet").close()
    store = callwise.Store.open(tmp_path / "s.db")
    first, second = store.book(), store.book()
    assert first.to_json() == second.to_json() == genesis.to_json()
    # The books share the store's until one is changed: the change copies it first.
    first.set_do_not_call("con-0000001", True)
    first_contact = first.contact("con-0000001")
    second_contact = store.book().contact("con-0000001")
    assert first_contact is not None
    assert second_contact is not None
    assert first_contact.do_not_call
    assert not second_contact.do_not_call
    assert second.to_json() == store.book().to_json() == genesis.to_json()


def test_a_random_device_id_and_the_authority(tmp_path: Path) -> None:
    store = callwise.Store.create(tmp_path / "s.db", book(), authority=True)
    assert store.device_id.startswith("device-")
    assert store.is_authority
    # None (left out) is the core's default: a device's store.
    assert not callwise.Store.create(tmp_path / "d.db", book(), authority=None).is_authority


def test_close_and_with_release_the_file_and_a_closed_store_raises(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = callwise.Store.create(path, book(), device_id="tablet")
    with pytest.raises(callwise.StoreError, match="open elsewhere"):
        callwise.Store.open(path)
    store.close()
    store.close()  # closing again does nothing
    assert store.path == str(path)
    assert repr(store) == f"<Store closed path={str(path)!r}>"
    for call in (store.book, store.snapshot, store.version_vector, store.rejected, store.claims):
        with pytest.raises(callwise.StoreError, match="is closed") as closed:
            call()
        assert closed.value.path == str(path)
    with pytest.raises(callwise.StoreError, match="is closed"):
        store.append([dnc("con-0000001")])
    with pytest.raises(callwise.StoreError, match="is closed"):
        _ = store.device_id
    with callwise.Store.open(path) as opened:
        assert opened.append([dnc("con-0000001")]) == [1]
    seen: list[callwise.Store] = []

    def raise_inside() -> None:
        with callwise.Store.open(path) as inside:
            seen.append(inside)
            raise ValueError("raised inside")

    with pytest.raises(ValueError, match="raised inside"):
        raise_inside()
    with pytest.raises(callwise.StoreError, match="is closed"):
        seen[0].book()
    callwise.Store.open(path).close()


def test_errors_are_typed_and_name_the_file_and_event(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = callwise.Store.create(path, book(), device_id="tablet")
    with pytest.raises(callwise.StoreError) as exists:
        callwise.Store.create(path, book())
    assert exists.value.path == str(path)
    assert isinstance(exists.value, OSError)
    with pytest.raises(callwise.StoreError, match="open elsewhere"):
        callwise.Store.open(path)
    with pytest.raises(callwise.InvalidArgumentError, match="device_id"):
        callwise.Store.create(tmp_path / "t.db", book(), device_id="a phone")
    stray = {"kind": "task_completed", "task_id": "t-404", "at": AT}
    with pytest.raises(callwise.InvalidEventError) as invalid:
        store.append([dnc("con-0000001"), stray])
    assert (invalid.value.path, invalid.value.event) == (str(path), "batch item 1")
    assert store.version_vector()["devices"] == {}  # nothing of the batch
    with pytest.raises(callwise.InvalidArgumentError, match="events"):
        store.append([{"kind": "no_such_kind"}])
    with pytest.raises(TypeError):
        store.append(42)  # type: ignore[arg-type]
    with pytest.raises(callwise.JsonError):
        store.merge("not json")
    with pytest.raises(callwise.JsonError):
        store.export_since({"devices": {}, "extra": 1})
    del store
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(callwise.StoreVersionError) as newer:
        callwise.Store.open(path)
    assert (newer.value.found, newer.value.supported) == (99, callwise.STORE_SCHEMA_VERSION)
    (tmp_path / "notes.txt").write_text("not a store")
    with pytest.raises(callwise.StoreError, match=r"notes\.txt"):
        callwise.Store.open(tmp_path / "notes.txt")


def test_exchange_is_the_cores_json_and_merging_twice_changes_nothing(tmp_path: Path) -> None:
    genesis = book()
    phone = callwise.Store.create(tmp_path / "phone.db", genesis, device_id="phone")
    laptop = callwise.Store.create(tmp_path / "laptop.db", genesis, device_id="laptop")
    phone.append([dnc("con-0000001")])
    exchange = phone.export_since(laptop.version_vector())
    assert json.loads(exchange)["entries"][0]["id"] == {"device": "phone", "sequence": 1}
    assert phone.export_since(json.dumps(laptop.version_vector())) == exchange
    assert laptop.merge(exchange) == {"added": 1, "sequenced": 0, "rejected": []}
    assert laptop.merge(exchange)["added"] == 0
    assert laptop.book().to_json() == phone.book().to_json()
    assert laptop.rejected() == []
    assert laptop.claims() == []


def test_one_store_shared_between_threads(tmp_path: Path) -> None:
    store = callwise.Store.create(tmp_path / "s.db", book(), device_id="tablet")
    got: list[list[int]] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(10):
            sequences = store.append([dnc("con-0000001")] * 3)
            with lock:
                got.append(sequences)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(s for batch in got for s in batch) == list(range(1, 121))
    assert all(batch == list(range(batch[0], batch[0] + 3)) for batch in got)


def write_scenario(folder: Path) -> None:
    """Writes the scenario's stores (one per device) into ``folder``."""
    scenario = json.loads(SCENARIO.read_text())
    genesis = callwise.sample_book(**scenario["sample"])
    for device in scenario["devices"]:
        store = callwise.Store.create(
            folder / f"{device['device_id']}.db", genesis, device_id=device["device_id"]
        )
        for batch in device["batches"]:
            store.append(batch)


def merged(folder: Path) -> str:
    """Merges the scenario's stores in ``folder`` both ways; the one book they agree on."""
    devices = [d["device_id"] for d in json.loads(SCENARIO.read_text())["devices"]]
    first, second = (callwise.Store.open(folder / f"{d}.db") for d in devices)
    first.merge(second.export_since(first.version_vector()))
    second.merge(first.export_since(second.version_vector()))
    assert first.book().to_json() == second.book().to_json()
    return first.book().to_json()


def test_the_scenario_merged_here_gives_the_fixtures_book(tmp_path: Path) -> None:
    write_scenario(tmp_path)
    assert merged(tmp_path) == MERGED.read_text()


def test_stores_written_by_kotlin_merge_into_the_same_book(tmp_path: Path) -> None:
    for db in WRITTEN_BY_KOTLIN.glob("*.db"):
        shutil.copy(db, tmp_path / db.name)  # opening writes to the file
    assert merged(tmp_path) == MERGED.read_text()


@pytest.mark.skipif("CALLWISE_BLESS" not in os.environ, reason="rewrites the committed stores")
def test_write_the_stores_kotlin_merges() -> None:
    shutil.rmtree(WRITTEN_BY_PYTHON, ignore_errors=True)
    WRITTEN_BY_PYTHON.mkdir()
    write_scenario(WRITTEN_BY_PYTHON)


def test_wrap_ups_and_goals_are_events_and_come_back_as_dicts(tmp_path: Path) -> None:
    genesis = callwise.sample_book(seed=7, members=40)
    rep = "rep-sales-0001"
    account = genesis.accounts_owned_by(rep)[0]
    notes = {"follow_ups": [{"account_id": account["id"]}]}
    wrap_up = json.loads(genesis.daily_wrap_up(rep, "2026-11-03", notes=notes).to_json())
    goal = {"rep_id": rep, "period": "2026-11", "calls": 300}
    with callwise.Store.create(tmp_path / "s.db", genesis, device_id="tablet") as store:
        filed = {"kind": "wrap_up_filed", "wrap_up": wrap_up, "at": "2026-11-03T22:00:00Z"}
        assert store.append([filed, {"kind": "goal_set", "goal": goal}]) == [1, 2]
        assert store.wrap_ups() == [wrap_up]
        assert store.goals() == [goal]
        with pytest.raises(callwise.InvalidEventError, match="already"):
            store.append([filed])
        with pytest.raises(callwise.InvalidEventError, match="rep_id and team_id"):
            store.append([{"kind": "goal_set", "goal": {"period": "2026-11", "calls": 1}}])
        tasks = json.loads(store.book().to_json())["tasks"]
        assert len(tasks) == len(json.loads(genesis.to_json())["tasks"]) + 1
        assert tasks[-1]["id"] == f"{rep}-wrap-2026-11-03-1"
    with callwise.Store.open(tmp_path / "s.db") as again:
        assert again.goals() == [goal]

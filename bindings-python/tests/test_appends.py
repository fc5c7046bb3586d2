"""The seam of a book's live changes: dicts in, typed errors out, threads."""

from __future__ import annotations

import datetime
import json
import threading
from typing import Any

import pytest

import callwise

AT = datetime.datetime(2026, 11, 2, 15, 0, tzinfo=datetime.timezone.utc)


@pytest.fixture
def book() -> callwise.Book:
    return callwise.sample_book(seed=7, members=40)


def new_call(book: callwise.Book, **changes: Any) -> dict[str, Any]:
    call: dict[str, Any] = dict(book.activities_of("acc-0000004")[-1])
    call.update(id="act-new", at="2026-11-02T15:00:00Z")
    call.update(changes)
    return call


def test_a_logged_activity_comes_back_in_its_own_shape(book: callwise.Book) -> None:
    call = new_call(book)
    assert book.log_activity(call) is None  # type: ignore[func-returns-value]
    assert book.activities_of("acc-0000004")[-1] == call
    data = json.loads(book.to_json())
    assert data["activities"][-1] == call
    assert callwise.Book.from_json(book.to_json()).to_json() == book.to_json()


def test_a_refused_activity_raises_its_problems_and_changes_nothing(book: callwise.Book) -> None:
    before = book.to_json()
    n = len(json.loads(before)["activities"])
    with pytest.raises(callwise.ValidationError) as info:
        book.log_activity(new_call(book, account_id="ghost", rep_id="nobody"))
    paths = [(p.path, p.kind) for p in info.value.problems]
    assert paths == [
        (f"activities[{n}].account_id", "dangling_reference"),
        (f"activities[{n}].contact_id", "inconsistent"),
        (f"activities[{n}].rep_id", "dangling_reference"),
    ]
    assert info.value.problems[0].reference == ("account", "ghost")
    assert book.to_json() == before


@pytest.mark.parametrize(
    "bad",
    [{"id": 3}, {"id": "act-new"}, "not a dict", {"at": datetime.datetime(2026, 11, 2)}],
)
def test_a_dict_not_of_the_shape_is_an_invalid_argument(book: callwise.Book, bad: Any) -> None:
    before = book.to_json()
    with pytest.raises(callwise.InvalidArgumentError, match="activity"):
        book.log_activity(bad)
    assert book.to_json() == before


def test_tasks_are_added_and_completed(book: callwise.Book) -> None:
    task = dict(json.loads(book.to_json())["tasks"][0], id="task-new", status="open")
    task.pop("completed_at", None)
    book.add_task(task)
    with pytest.raises(callwise.ValidationError):
        book.add_task(task)  # the same id again
    with pytest.raises(callwise.InvalidArgumentError, match="completed_at"):
        book.complete_task("task-new", datetime.datetime(2026, 11, 2))  # naive
    book.complete_task("task-new", AT)
    done = json.loads(book.to_json())["tasks"][-1]
    expected = ("task-new", "done", "2026-11-02T15:00:00Z")
    assert (done["id"], done["status"], done["completed_at"]) == expected
    with pytest.raises(callwise.InvalidArgumentError, match="not open"):
        book.complete_task("task-new", AT)
    with pytest.raises(callwise.NotFoundError):
        book.complete_task("task-nope", AT)


def test_responses_and_attendees_are_recorded(book: callwise.Book) -> None:
    data = json.loads(book.to_json())
    campaign, event = data["campaigns"][0]["id"], data["events"][0]["id"]
    reply = {"contact_id": "con-0000001", "at": "2026-11-02T15:00:00Z", "kind": "replied"}
    book.record_campaign_response(campaign, reply)
    seat = {"contact_id": "con-0000001", "status": "registered"}
    book.record_attendee(event, seat)
    after = json.loads(book.to_json())
    assert after["campaigns"][0]["responses"][-1] == reply
    assert after["events"][0]["attendees"][-1] == seat
    with pytest.raises(callwise.NotFoundError):
        book.record_campaign_response("camp-nope", reply)
    with pytest.raises(callwise.ValidationError):
        book.record_attendee(event, dict(seat, contact_id="ghost"))
    assert book.to_json() == json.dumps(after, indent=2) + "\n"


def test_consent_and_do_not_call(book: callwise.Book) -> None:
    book.set_consent("con-0000001", "text", "denied")
    contact = book.contact("con-0000001")
    assert contact is not None
    assert contact.consent_for("text") == "denied"
    book.set_do_not_call("con-0000001", True)
    contact = book.contact("con-0000001")
    assert contact is not None
    assert contact.do_not_call
    with pytest.raises(callwise.InvalidArgumentError, match="channel"):
        book.set_consent("con-0000001", "pigeon", "denied")  # type: ignore[arg-type]
    with pytest.raises(callwise.NotFoundError):
        book.set_do_not_call("con-nope", True)


def test_readers_in_threads_see_whole_changes(book: callwise.Book) -> None:
    counts: list[int] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            counts.append(len(json.loads(book.to_json())["activities"]))

    start = len(json.loads(book.to_json())["activities"])
    readers = [threading.Thread(target=read) for _ in range(3)]
    for t in readers:
        t.start()
    for i in range(50):
        book.log_activity(new_call(book, id=f"act-new-{i}"))
    stop.set()
    for t in readers:
        t.join()
    assert len(json.loads(book.to_json())["activities"]) == start + 50
    assert all(start <= c <= start + 50 for c in counts)

"""The shared conformance fixtures give the same answers here as in Rust and Kotlin."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

import callwise


def read(path: Path) -> str:
    # newline="" keeps the bytes: no universal-newline translation.
    with path.open(encoding="utf-8", newline="") as f:
        return f.read()


def test_fixture_round_trip_is_byte_identical(sample_json: str) -> None:
    assert callwise.Book.from_json(sample_json).to_json() == sample_json


def test_summary_json_matches(shared: Path, sample_json: str) -> None:
    book = callwise.Book.from_json(sample_json)
    assert book.summary_json() == read(shared / "conformance" / "sample_summary.json")


def test_summary_text_matches(shared: Path, sample_json: str) -> None:
    book = callwise.Book.from_json(sample_json)
    assert book.summary_text() == read(shared / "conformance" / "sample_summary.txt")


def test_summary_is_a_dict(sample_json: str) -> None:
    summary = callwise.Book.from_json(sample_json).summary()
    assert isinstance(summary, dict)
    assert summary["accounts_by_kind"]["member"] == 40


def test_sample_book_reproduces_the_fixture(sample_json: str) -> None:
    assert callwise.sample_book(seed=7, members=40).to_json() == sample_json


def test_broken_book_lists_every_problem(shared: Path) -> None:
    broken = read(shared / "fixtures" / "broken_book.json")
    with pytest.raises(callwise.ValidationError) as info:
        callwise.Book.from_json(broken)
    err = info.value
    assert isinstance(err, ValueError)
    assert isinstance(err, callwise.CallwiseError)
    expected = read(shared / "conformance" / "broken_problems.txt")
    assert "".join(str(p) + "\n" for p in err.problems) == expected
    first = err.problems[0]
    assert isinstance(first, callwise.Problem)
    assert first.path == "reps[1].id"
    assert first.kind == "duplicate_id"
    assert first.record_id == "rep-1"
    assert first.message == 'rep id "rep-1" is used more than once'
    assert (first.record_kind, first.index, first.item, first.field) == ("rep", 1, None, "id")
    assert first.reference is None
    # The typed location of every problem, as core gives it (parts shown for a few).
    parts = {p.path: (p.record_kind, p.index, p.item, p.field, p.reference) for p in err.problems}
    assert parts["teams[0].division_id"] == (
        "team",
        0,
        None,
        "division_id",
        ("division", "div-nowhere"),
    )
    assert parts["memberships[0].lapses[0].reinstated_on"] == (
        "membership",
        0,
        ("lapses", 0),
        "reinstated_on",
        None,
    )
    assert parts["events[0].attendees[0].contact_id"] == (
        "event",
        0,
        ("attendees", 0),
        "contact_id",
        ("contact", "con-3"),
    )
    assert str(err).startswith(f"the book is not valid: {len(err.problems)} problem(s); first: ")


def ids(records: Iterable[Mapping[str, object]]) -> list[object]:
    return [record["id"] for record in records]


def test_indexes_match(shared: Path, sample_json: str) -> None:
    book = callwise.Book.from_json(sample_json)
    first_twenty = [account["id"] for account in json.loads(sample_json)["accounts"][:20]]
    view = {
        "accounts_owned_by": {rep: ids(book.accounts_owned_by(rep)) for rep in book.rep_ids()},
        "accounts": {
            account: {
                "contacts": [contact.id for contact in book.contacts_of(account)],
                "activities": ids(book.activities_of(account)),
                "opportunities": ids(book.opportunities_of(account)),
                "memberships": ids(book.memberships_of(account)),
                "handoffs": ids(book.handoffs_of(account)),
            }
            for account in first_twenty
        },
    }
    assert view == json.loads(read(shared / "conformance" / "sample_indexes.json"))

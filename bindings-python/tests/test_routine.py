"""Routines: wall-clock recurrence across daylight saving (New York, Lord Howe), presets
and their limits, birthdays on 29 February, renewal batches, zone rotation and the
iCalendar export; and the shared scenario (``tests/fixtures/routine_scenario.json``),
whose answers must be those of ``tests/conformance/routine.json`` exactly, as in Rust and
Kotlin."""

from __future__ import annotations

import ast
import datetime
import json
import os
import pickle
import signal
import sys
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import pytest

import callwise
from callwise.routine import (
    Routine,
    ZoneRotation,
    birthday_calls,
    call_todo_for_birthday,
    call_todo_for_renewal,
    renewal_batches,
    to_icalendar,
)

UTC = datetime.timezone.utc
STUB = Path(callwise.__file__).with_name("_core.pyi")


def at(text: str) -> datetime.datetime:
    # fromisoformat reads a final "Z" only from Python 3.11 on.
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def read(path: Path) -> str:
    # newline="" keeps the bytes: no universal-newline translation.
    with path.open(encoding="utf-8", newline="") as f:
        return f.read()


def starts(blocks: list[callwise.routine.Block]) -> list[str]:
    return [b["start"] for b in blocks]


@pytest.fixture(scope="module")
def scenario(shared: Path) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(read(shared / "fixtures" / "routine_scenario.json"))
    return parsed


@pytest.fixture(scope="module")
def book(shared: Path, scenario: dict[str, Any]) -> callwise.Book:
    return callwise.Book.from_json(read(shared / "fixtures" / scenario["book"]))


@pytest.fixture(scope="module")
def routines(scenario: dict[str, Any]) -> list[Routine]:
    return [Routine.from_json(json.dumps(r)) for r in scenario["routines"]]


# The shared scenario.


def test_the_routine_scenario_matches(
    shared: Path, scenario: dict[str, Any], book: callwise.Book, routines: list[Routine]
) -> None:
    """Every answer through the Python API, as the JSON Rust writes
    (``core/tests/routine.rs``, ``the_routine_scenario_matches``): the same data field for
    field, and the same text byte for byte, the iCalendar text included."""
    blocks = [
        {
            "from": r["from"],
            "to": r["to"],
            "blocks": [b for x in routines for b in x.blocks(at(r["from"]), at(r["to"]))],
        }
        for r in scenario["blocks"]
    ]
    birthdays = [
        {
            "from": b["from"],
            "to": b["to"],
            "leap": b["leap"],
            "calls": birthday_calls(book, day(b["from"]), day(b["to"]), b["leap"]),
        }
        for b in scenario["birthdays"]
    ]
    renewals = [
        {
            "from": r["from"],
            "to": r["to"],
            "lead_days": r["lead_days"],
            "batches": renewal_batches(book, day(r["from"]), day(r["to"]), r["lead_days"]),
        }
        for r in scenario["renewals"]
    ]
    r = scenario["rotation"]
    rotation = ZoneRotation(r["zones"], day(r["first_week"]), r["meeting_lead_days"])
    weeks = rotation.weeks(day(r["from"]), r["count"])
    accounts = [
        {"week_start": w["week_start"], "accounts": rotation.accounts_for(book, w["week_start"])}
        for w in weeks
    ]
    ical = scenario["icalendar"]
    ical_blocks = [
        b for x in routines for b in x.blocks(at(ical["blocks_from"]), at(ical["blocks_to"]))
    ]
    todos = [
        call_todo_for_birthday(c)
        for c in birthday_calls(
            book, day(ical["birthdays_from"]), day(ical["birthdays_to"]), "feb28"
        )
    ]
    todos += [
        call_todo_for_renewal(c)
        for batch in renewal_batches(
            book, day(ical["renewals_from"]), day(ical["renewals_to"]), ical["lead_days"]
        )
        for c in batch["calls"]
    ]
    text = to_icalendar(routines, ical_blocks, todos, at(ical["stamp"]))
    out = {
        "blocks": blocks,
        "birthdays": birthdays,
        "renewals": renewals,
        "rotation": {"weeks": weeks, "accounts": accounts},
        "icalendar": text,
    }
    expected_text = read(shared / "conformance" / "routine.json")
    expected = json.loads(expected_text)
    assert text == expected["icalendar"]
    assert text.encode("utf-8") == expected["icalendar"].encode("utf-8")
    assert out == expected
    assert json.dumps(out, indent=2, sort_keys=True, ensure_ascii=False) + "\n" == expected_text


def test_the_scenario_routines_through_the_constructor(
    scenario: dict[str, Any], routines: list[Routine]
) -> None:
    """Built from their parts, the scenario's routines equal those read from JSON, and
    their properties are the fixture's."""
    assert len(routines) == len(scenario["routines"]) > 0
    assert any("business_calendar" in spec for spec in scenario["routines"])
    for spec, routine in zip(scenario["routines"], routines):
        built = Routine(
            spec["kind"],
            spec["name"],
            spec["time_zone"],
            spec["first_start"],
            spec["rrule"],
            spec["duration_minutes"],
        )
        assert built.business_calendar is None
        if "business_calendar" in spec:
            calendar = callwise.BusinessCalendar.from_json(json.dumps(spec["business_calendar"]))
            assert calendar == callwise.BusinessCalendar.us_federal()
            with_days = built.on_business_days(calendar)
            assert with_days != built
            assert built.business_calendar is None  # unchanged
            built = with_days
        assert built == routine
        assert (routine.name, routine.kind, routine.time_zone) == (
            spec["name"],
            spec["kind"],
            spec["time_zone"],
        )
        assert routine.first_start == datetime.datetime.fromisoformat(spec["first_start"])
        assert routine.first_start.tzinfo is None
        assert (routine.rrule, routine.duration_minutes) == (
            spec["rrule"],
            spec["duration_minutes"],
        )
        assert json.loads(routine.to_json()) == spec


def test_records_have_the_stub_shape(
    book: callwise.Book, routines: list[Routine], scenario: dict[str, Any]
) -> None:
    """The dicts' keys are those of their TypedDicts in the stub, in the same order."""
    tree = ast.parse(STUB.read_text(encoding="utf-8"))

    def keys(name: str) -> list[str]:
        shape = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name)
        return [
            s.target.id
            for s in shape.body
            if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
        ]

    blocks = routines[0].blocks(at("2026-03-01T00:00:00Z"), at("2026-03-15T00:00:00Z"))
    calls = birthday_calls(book, "2027-01-01", "2027-12-31")
    batches = renewal_batches(book, "2026-12-01", "2027-03-31", 60)
    weeks = ZoneRotation(["a"], "2026-11-23", 28).weeks("2026-11-23", 2)
    todos = [call_todo_for_birthday(c) for c in calls]
    groups: list[tuple[Sequence[Mapping[str, object]], str]] = [
        (blocks, "Block"),
        (calls, "BirthdayCall"),
        (batches, "RenewalBatch"),
        ([c for b in batches for c in b["calls"]], "RenewalCall"),
        (weeks, "RotationWeek"),
        (todos, "CallTodo"),
        ([t["due"] for t in todos], "CallDueDate"),
    ]
    for records, name in groups:
        assert records, name
        for record in records:
            assert list(record) == keys(name), name


# Daylight saving: blocks keep their wall-clock time.


def test_power_hour_keeps_new_york_wall_time_across_spring_forward() -> None:
    ph = Routine.power_hour("America/New_York", day("2026-03-01"), ["Tue", "Thu"], "10:00")
    assert ph.first_start == datetime.datetime(2026, 3, 3, 10, 0)
    blocks = ph.blocks(at("2026-03-03T00:00:00Z"), at("2026-03-13T00:00:00Z"))
    assert starts(blocks) == [
        "2026-03-03T15:00:00Z",  # EST
        "2026-03-05T15:00:00Z",
        "2026-03-10T14:00:00Z",  # EDT from Sunday 8 March
        "2026-03-12T14:00:00Z",
    ]
    for block in blocks:
        assert at(block["end"]) - at(block["start"]) == datetime.timedelta(hours=1)
        assert (block["routine"], block["kind"]) == ("Power Hour", "power_hour")
        local = at(block["start"]).astimezone(datetime.timezone(datetime.timedelta(hours=-5)))
        assert block["local_date"] == local.date().isoformat()
    assert blocks[2]["local_date"] == "2026-03-10"
    # The range may be given in any zone: the same instants, the same blocks.
    eastern = datetime.timezone(datetime.timedelta(hours=-5))
    assert (
        ph.blocks(
            datetime.datetime(2026, 3, 2, 19, 0, tzinfo=eastern),
            datetime.datetime(2026, 3, 12, 19, 0, tzinfo=eastern),
        )
        == blocks
    )


def test_power_hour_keeps_new_york_wall_time_across_fall_back() -> None:
    ph = Routine.power_hour("America/New_York", "2026-10-01", ["Tue", "Thu"], datetime.time(10))
    blocks = ph.blocks(at("2026-10-27T00:00:00Z"), at("2026-11-06T00:00:00Z"))
    assert starts(blocks) == [
        "2026-10-27T14:00:00Z",
        "2026-10-29T14:00:00Z",
        "2026-11-03T15:00:00Z",  # EST from Sunday 1 November
        "2026-11-05T15:00:00Z",
    ]


def test_lord_howe_shifts_by_half_an_hour() -> None:
    ph = Routine.power_hour("Australia/Lord_Howe", "2026-03-01", ["Tue"], "10:00")
    # DST ends Sunday 5 April 2026 (+11:00 to +10:30), starts Sunday 4 October.
    april = ph.blocks(at("2026-03-30T00:00:00Z"), at("2026-04-08T00:00:00Z"))
    assert starts(april) == ["2026-03-30T23:00:00Z", "2026-04-06T23:30:00Z"]
    october = ph.blocks(at("2026-09-28T00:00:00Z"), at("2026-10-07T00:00:00Z"))
    assert starts(october) == ["2026-09-28T23:30:00Z", "2026-10-05T23:00:00Z"]
    assert october[1]["local_date"] == "2026-10-06"
    # 4 October: 02:00 jumps to 02:30, so 02:15 is read with the offset before the gap.
    daily = Routine(
        "custom", "Daily", "Australia/Lord_Howe", "2026-10-01T02:15:00", "FREQ=DAILY", 30
    )
    gap = daily.blocks(at("2026-10-03T00:00:00Z"), at("2026-10-05T00:00:00Z"))
    assert starts(gap) == ["2026-10-03T15:45:00Z", "2026-10-04T15:15:00Z"]  # 02:45 +11:00


def test_a_start_in_a_gap_or_an_overlap_follows_rfc_5545() -> None:
    # New York, 8 March 2026: 02:30 does not exist, so it is 03:30 EDT.
    gap = Routine(
        "custom",
        "Daily",
        "America/New_York",
        datetime.datetime(2026, 3, 6, 2, 30),
        "FREQ=DAILY",
        30,
    )
    assert starts(gap.blocks(at("2026-03-07T00:00:00Z"), at("2026-03-10T00:00:00Z"))) == [
        "2026-03-07T07:30:00Z",
        "2026-03-08T07:30:00Z",
        "2026-03-09T06:30:00Z",
    ]
    # 1 November 2026: 01:30 happens twice; the block is at the first, once.
    overlap = Routine(
        "custom", "Daily", "America/New_York", "2026-10-30T01:30:00", "FREQ=DAILY", 30
    )
    assert starts(overlap.blocks(at("2026-10-31T00:00:00Z"), at("2026-11-03T00:00:00Z"))) == [
        "2026-10-31T05:30:00Z",
        "2026-11-01T05:30:00Z",
        "2026-11-02T06:30:00Z",
    ]


def test_bookends_skip_thanksgiving_and_weekends() -> None:
    us = callwise.BusinessCalendar.us_federal()
    morning, evening = Routine.bookends(
        "America/Chicago", day("2026-11-21"), "08:00", datetime.time(17, 0), 15, us
    )
    assert (morning.name, evening.name) == ("Bookend (morning)", "Bookend (evening)")
    assert morning.kind == "bookend"
    assert morning.first_start == datetime.datetime(2026, 11, 23, 8, 0)  # Monday
    assert morning.rrule == "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR"
    assert morning.business_calendar == us
    for routine, hour in [(morning, 14), (evening, 23)]:
        blocks = routine.blocks(at("2026-11-20T00:00:00Z"), at("2026-12-01T00:00:00Z"))
        assert [b["local_date"] for b in blocks] == [
            "2026-11-23",
            "2026-11-24",
            "2026-11-25",
            "2026-11-27",
            "2026-11-30",
        ]
        assert all(at(b["start"]).hour == hour for b in blocks)
    with pytest.raises(callwise.InvalidArgumentError) as info:
        Routine.bookends("America/Chicago", "2026-11-23", "17:00", "08:00", 15, us)
    assert info.value.name == "evening"


# 29 February.


def test_leap_day_birthdays_in_common_and_leap_years(book: callwise.Book, sample_json: str) -> None:
    contacts = json.loads(sample_json)["contacts"]
    leap_ids = sorted(
        c["id"]
        for c in contacts
        if c.get("birthday", {}).get("month") == 2
        and c["birthday"]["day"] == 29
        and not c["do_not_call"]
        and c.get("consent", {}).get("call") != "denied"
    )
    assert leap_ids == ["con-0000006"]
    callable_with_birthday = [
        c
        for c in contacts
        if "birthday" in c and not c["do_not_call"] and c.get("consent", {}).get("call") != "denied"
    ]
    years: list[tuple[int, Literal["feb28", "mar1"], str]] = [
        (2027, "feb28", "2027-02-28"),
        (2027, "mar1", "2027-03-01"),
        (2028, "feb28", "2028-02-29"),
        (2028, "mar1", "2028-02-29"),
    ]
    for year, leap, expected in years:
        calls = birthday_calls(
            book, datetime.date(year, 1, 1), datetime.date(year, 12, 31), leap=leap
        )
        assert [c["date"] for c in calls if c["contact_id"] in leap_ids] == [expected]
        assert len(calls) == len(callable_with_birthday)
        assert calls == sorted(calls, key=lambda c: (c["date"], c["contact_id"]))
        for call in calls:
            assert call["time_zone"] == book.contact_time_zone(call["contact_id"])
    # 28 February is the default, and dates may be strings.
    assert birthday_calls(book, "2027-01-01", "2027-12-31") == birthday_calls(
        book, day("2027-01-01"), day("2027-12-31"), "feb28"
    )
    # Do-not-call contacts are left out.
    dnc = {c["id"] for c in contacts if c["do_not_call"] and "birthday" in c}
    all_year = birthday_calls(book, "2027-01-01", "2027-12-31")
    assert not dnc & {c["contact_id"] for c in all_year}


def test_renewal_calls_come_in_monthly_batches(book: callwise.Book) -> None:
    batches = renewal_batches(book, "2026-11-24", "2027-11-23", 45)
    assert len(batches) >= 6
    assert [b["month"] for b in batches] == sorted({b["month"] for b in batches})
    for batch in batches:
        assert batch["month"].endswith("-01")
        assert batch["calls"]
        for call in batch["calls"]:
            assert call["call_on"][:7] == batch["month"][:7]
            assert day(call["term_end"]) - day(call["call_on"]) == datetime.timedelta(days=45)


# Zone rotation.


def test_zone_rotation_cycles_week_by_week(book: callwise.Book) -> None:
    rotation = ZoneRotation(["east-1", "east-2", "west-1"], day("2026-11-23"), 28)
    assert rotation.zones == ["east-1", "east-2", "west-1"]
    assert rotation.first_week == datetime.date(2026, 11, 23)
    assert rotation.meeting_lead_days == 28
    assert rotation.zone_for("2026-11-29") == "east-1"  # Sunday, week 0
    assert rotation.zone_for(day("2026-12-07")) == "west-1"  # week 2
    assert rotation.zone_for("2026-11-22") == "west-1"  # week -1
    weeks = rotation.weeks("2026-11-25", 4)
    assert [w["zone"] for w in weeks] == ["east-1", "east-2", "west-1", "east-1"]
    assert weeks[0] == {
        "week_start": "2026-11-23",
        "zone": "east-1",
        "meetings_from": "2026-12-21",
    }
    assert rotation.weeks("2026-11-25", 0) == []
    ids = rotation.accounts_for(book, "2026-12-09")
    assert ids
    for id in ids:
        account = book.account(id)
        assert account is not None
        assert account.get("territory_zone") == "west-1"
    assert rotation == ZoneRotation.from_json(rotation.to_json())
    assert json.loads(rotation.to_json()) == {
        "zones": ["east-1", "east-2", "west-1"],
        "first_week": "2026-11-23",
        "meeting_lead_days": 28,
    }
    assert pickle.loads(pickle.dumps(rotation)) == rotation
    assert repr(rotation) == (
        "<ZoneRotation zones=['east-1', 'east-2', 'west-1'] first_week=2026-11-23 "
        "meeting_lead_days=28>"
    )
    with pytest.raises(TypeError):
        hash(rotation)


def test_zone_rotations_are_checked() -> None:
    with pytest.raises(callwise.InvalidRuleError) as twice:
        ZoneRotation(["a", "a"], "2026-11-23", 28)
    assert twice.value.what == "zone rotation"
    with pytest.raises(callwise.InvalidRuleError):
        ZoneRotation([], "2026-11-23", 28)
    with pytest.raises(callwise.InvalidArgumentError) as tuesday:
        ZoneRotation(["a"], "2026-11-24", 28)
    assert tuesday.value.name == "first_week"
    with pytest.raises(callwise.InvalidArgumentError) as lead:
        ZoneRotation(["a"], "2026-11-23", 3661)
    assert lead.value.name == "meeting_lead_days"
    with pytest.raises(callwise.InvalidArgumentError) as negative:
        ZoneRotation(["a"], "2026-11-23", -1)
    assert negative.value.name == "meeting_lead_days"
    with pytest.raises(callwise.InvalidArgumentError) as count:
        ZoneRotation(["a"], "2026-11-23", 28).weeks("2026-11-23", 1_000_000)
    assert count.value.name == "count"
    with pytest.raises(TypeError):
        ZoneRotation("ab", "2026-11-23", 28)  # a str is not a list of zones
    with pytest.raises(callwise.JsonError):
        ZoneRotation.from_json('{"zones": [], "first_week": "2026-11-23", "meeting_lead_days": 28}')


# Errors.


def test_malformed_rules_unknown_zones_and_long_crankathons_are_refused() -> None:
    start = datetime.datetime(2026, 11, 24, 10, 0)
    with pytest.raises(callwise.InvalidRuleError) as rule:
        Routine("custom", "Blitz", "America/Chicago", start, "FREQ=SOMETIMES", 90)
    assert rule.value.what == "RRULE"
    assert isinstance(rule.value, ValueError)
    with pytest.raises(callwise.UnknownTimeZoneError) as zone:
        Routine("custom", "Blitz", "Mars/Olympus_Mons", start, "FREQ=WEEKLY", 90)
    assert zone.value.zone == "Mars/Olympus_Mons"
    with pytest.raises(callwise.UnknownTimeZoneError):
        Routine.power_hour("Mars/Olympus_Mons", "2026-11-23", ["Tue"], "10:00")
    with pytest.raises(callwise.InvalidRuleError) as long:
        Routine.crankathon("America/Phoenix", "2026-11-23", ["Wed"], "14:00", 181)
    assert long.value.what == "routine"
    assert "at most 180 minutes, got 181" in long.value.reason
    with pytest.raises(callwise.InvalidRuleError):
        Routine("crankathon", "Blitz", "America/Chicago", start, "FREQ=WEEKLY", 181)
    longest = Routine("crankathon", "Blitz", "America/Chicago", start, "FREQ=WEEKLY", 180)
    assert longest.duration_minutes == 180
    # The first start must be the rule's first occurrence (a Tuesday, not a Monday).
    with pytest.raises(callwise.InvalidRuleError) as first:
        Routine("custom", "x", "UTC", start, "FREQ=WEEKLY;BYDAY=MO", 30)
    assert "is not an occurrence of the rule" in first.value.reason
    for bad in ["", "FREQ=DAILY\nDTSTART:20261124T100000", "FREQ=DAILY;BYHOUR=25"]:
        with pytest.raises(callwise.InvalidRuleError):
            Routine("custom", "x", "UTC", start, bad, 30)
    with pytest.raises(callwise.InvalidRuleError):
        Routine("custom", " ", "UTC", start, "FREQ=DAILY", 30)
    with pytest.raises(callwise.InvalidRuleError):
        Routine("custom", "x", "UTC", start, "FREQ=DAILY", 0)
    with pytest.raises(callwise.JsonError):
        Routine.from_json(
            Routine("custom", "x", "UTC", start, "FREQ=DAILY", 30)
            .to_json()
            .replace("FREQ=DAILY", "FREQ=SOMETIMES")
        )


def test_arguments_are_checked() -> None:
    start = datetime.datetime(2026, 11, 24, 10, 0)
    cases: list[tuple[Any, str]] = [
        (lambda: Routine("meeting", "x", "UTC", start, "FREQ=DAILY", 30), "kind"),  # type: ignore[arg-type]
        (lambda: Routine("custom", "x", "UTC", "2026-11-24", "FREQ=DAILY", 30), "first_start"),
        (lambda: Routine("custom", "x", "UTC", "tomorrow", "FREQ=DAILY", 30), "first_start"),
        (
            lambda: Routine("custom", "x", "UTC", start.replace(microsecond=5), "FREQ=DAILY", 30),
            "first_start",
        ),
        (lambda: Routine("custom", "x", "UTC", start, "FREQ=DAILY", -1), "duration_minutes"),
        (lambda: Routine.power_hour("UTC", "2026-11-23", [], "10:00"), "weekdays"),
        (lambda: Routine.power_hour("UTC", "2026-11-23", ["Funday"], "10:00"), "weekdays"),  # type: ignore[list-item]
        (lambda: Routine.power_hour("UTC", "2026-11-23", ["Tue"], "ten"), "start"),
        (lambda: Routine.power_hour("UTC", "23/11/2026", ["Tue"], "10:00"), "first_day"),
        (lambda: birthday_calls(callwise.sample_book(members=1), "2027-01-02", "2027-01-01"), "to"),
        (
            lambda: birthday_calls(
                callwise.sample_book(members=1),
                "2027-01-01",
                "2027-01-02",
                "feb29",  # type: ignore[arg-type]
            ),
            "leap",
        ),
        (
            lambda: renewal_batches(
                callwise.sample_book(members=1), "2027-01-01", "2027-01-02", 3661
            ),
            "lead_days",
        ),
        (lambda: call_todo_for_birthday({"contact_id": "c"}), "call"),
        (lambda: call_todo_for_renewal({"membership_id": "m", "extra": 1}), "call"),
    ]
    for call, name in cases:
        with pytest.raises(callwise.InvalidArgumentError) as info:
            call()
        assert info.value.name == name, (name, info.value)
    # A first start is a wall time in the routine's zone: an aware datetime is refused.
    with pytest.raises(TypeError, match="without tzinfo"):
        Routine("custom", "x", "UTC", start.replace(tzinfo=UTC), "FREQ=DAILY", 30)
    with pytest.raises(TypeError):
        Routine("custom", "x", "UTC", start.date(), "FREQ=DAILY", 30)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Routine.power_hour("UTC", "2026-11-23", ["Tue"], datetime.time(10, tzinfo=UTC))
    # A range of instants is two aware datetimes, in order.
    ph = Routine.power_hour("UTC", "2026-11-23", ["Tue"], "10:00")
    with pytest.raises(callwise.InvalidArgumentError) as naive:
        ph.blocks(datetime.datetime(2026, 11, 23), at("2026-11-30T00:00:00Z"))
    assert naive.value.name == "start"
    with pytest.raises(callwise.InvalidArgumentError) as reversed_range:
        ph.blocks(at("2026-11-30T00:00:00Z"), at("2026-11-23T00:00:00Z"))
    assert reversed_range.value.name == "from"  # the core's name for the range's start
    with pytest.raises(callwise.InvalidArgumentError) as many:
        Routine("custom", "x", "UTC", "2026-01-01T00:00:00", "FREQ=MINUTELY", 1).blocks(
            at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z")
        )
    assert many.value.name == "to"
    assert ph.blocks(at("2026-11-24T10:00:00Z"), at("2026-11-24T10:00:00Z")) == []


def test_loose_clock_and_date_time_texts_are_refused() -> None:
    # The core's strict readings: HH:MM or HH:MM:SS, and YYYY-MM-DDTHH:MM:SS.
    us = callwise.BusinessCalendar.us_federal()
    cases: list[tuple[Any, str, str]] = [
        (lambda: Routine.power_hour("UTC", "2026-11-23", ["Tue"], "8:00"), "start", "8:00"),
        (lambda: Routine.power_hour("UTC", "2026-11-23", ["Tue"], "08:00 "), "start", "08:00 "),
        (lambda: Routine.crankathon("UTC", "2026-11-23", ["Tue"], "14:0", 60), "start", "14:0"),
        (lambda: Routine.bookends("UTC", "2026-11-23", "8:00", "17:00", 15, us), "morning", "8:00"),
        (lambda: Routine.bookends("UTC", "2026-11-23", "08:00", "5:00", 15, us), "evening", "5:00"),
        (
            lambda: Routine("custom", "x", "UTC", "2026-1-4T1:0:0", "FREQ=DAILY", 30),
            "first_start",
            "2026-1-4T1:0:0",
        ),
        (
            lambda: Routine("custom", "x", "UTC", "2026-11-24T10:00", "FREQ=DAILY", 30),
            "first_start",
            "2026-11-24T10:00",
        ),
        (
            lambda: Routine("custom", "x", "UTC", "2026-11-24 10:00:00", "FREQ=DAILY", 30),
            "first_start",
            "2026-11-24 10:00:00",
        ),
    ]
    for call, name, text in cases:
        with pytest.raises(callwise.InvalidArgumentError) as info:
            call()
        assert info.value.name == name, (name, info.value)
        assert f'"{text}"' in info.value.reason, info.value
    # A datetime.time with a fraction of a second is no HH:MM:SS time either.
    with pytest.raises(callwise.InvalidArgumentError) as fraction:
        Routine.power_hour("UTC", "2026-11-23", ["Tue"], datetime.time(10, 0, 0, 5))
    assert fraction.value.name == "start"
    # The strict forms are read.
    ph = Routine.power_hour("UTC", "2026-11-23", ["Tue"], "10:00:30")
    assert ph.first_start == datetime.datetime(2026, 11, 24, 10, 0, 30)
    # The JSON form reads first starts as strictly.
    loose = ph.to_json().replace("2026-11-24T10:00:30", "2026-11-24T10:0:30")
    with pytest.raises(callwise.JsonError) as json_error:
        Routine.from_json(loose)
    assert '`first_start`: "2026-11-24T10:0:30" is not' in str(json_error.value)


# Values.


def test_routines_are_immutable_values() -> None:
    ph = Routine.power_hour("Pacific/Honolulu", "2026-11-23", ["Thu", "Tue"], "10:00")
    assert ph == Routine(
        "power_hour",
        "Power Hour",
        "Pacific/Honolulu",
        "2026-11-24T10:00:00",
        "FREQ=WEEKLY;BYDAY=TU,TH",
        60,
    )
    assert Routine.from_json(ph.to_json()) == ph
    assert pickle.loads(pickle.dumps(ph)) == ph
    us = callwise.BusinessCalendar.us_federal()
    working = ph.on_business_days(us)
    assert pickle.loads(pickle.dumps(working)) == working
    assert working.business_calendar == us
    assert ph.business_calendar is None
    assert repr(ph) == (
        "<Routine name='Power Hour' kind='power_hour' time_zone='Pacific/Honolulu' "
        "first_start=2026-11-24T10:00:00 rrule='FREQ=WEEKLY;BYDAY=TU,TH' duration_minutes=60>"
    )
    assert repr(working).endswith(" business_days_only>")
    with pytest.raises(AttributeError):
        ph.name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        hash(ph)
    # The rule is kept as given, in upper case, without its prefix.
    r = Routine("custom", "x", "UTC", "2026-11-24T10:00:00", " RRULE:freq=daily ", 30)
    assert r.rrule == "FREQ=DAILY"


# To-dos and the iCalendar export.


def test_call_todos_and_the_icalendar_export(book: callwise.Book) -> None:
    todo = call_todo_for_birthday(
        {
            "contact_id": "con 7",
            "account_id": "acc-1",
            "date": datetime.date(2027, 2, 28),
            "time_zone": "America/Chicago",
        }
    )
    assert todo == {
        "uid": "birthday-con%207-20270228@callwise",
        "summary": "Birthday call: contact con 7 (account acc-1)",
        "due": {"date": "2027-02-28"},
    }
    renewal = call_todo_for_renewal(
        {
            "membership_id": "mem-1",
            "account_id": "acc-1",
            "term_end": "2027-01-30",
            "call_on": "2026-12-01",
        }
    )
    assert (
        renewal["summary"] == "Renewal call: membership mem-1 (account acc-1), term ends 2027-01-30"
    )
    ph = Routine.power_hour("America/New_York", "2026-11-24", ["Tue", "Thu"], "10:00")
    cr = Routine.crankathon("Australia/Lord_Howe", "2026-11-23", ["Fri"], "13:30", 150)
    blocks = ph.blocks(at("2026-11-23T00:00:00Z"), at("2026-12-01T00:00:00Z"))
    own = {
        "uid": "follow-up-1@example",
        "summary": 'Call back; about pricing, "Q1"',
        "due": {"at": at("2026-11-25T16:00:00Z")},
    }
    stamp = at("2026-11-20T12:00:00Z")
    text = to_icalendar([ph, cr], blocks, [todo, renewal, own], stamp)
    assert text == to_icalendar((ph, cr), iter(blocks), [todo, renewal, own], stamp)
    assert text.startswith(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//callwise//routines//EN\r\n"
        "CALSCALE:GREGORIAN\r\n"
    )
    assert text.endswith("END:VCALENDAR\r\n")
    lines = text.split("\r\n")
    assert all("\n" not in line and "\r" not in line for line in lines)
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    for line in [
        "DTSTART;TZID=America/New_York:20261124T100000",
        "RRULE:FREQ=WEEKLY;BYDAY=TU,TH",
        "DTSTART;TZID=Australia/Lord_Howe:20261127T133000",
        "DURATION:PT150M",
        "DTSTART:20261124T150000Z",
        "DUE;VALUE=DATE:20270228",
        "DUE:20261125T160000Z",
        'SUMMARY:Call back\\; about pricing\\, "Q1"',
    ]:
        assert line in lines, line
    assert any(line.startswith("UID:block-Power%20Hour-20261126T150000Z-") for line in lines)
    assert lines.count("BEGIN:VTIMEZONE") == 2
    assert lines.count("BEGIN:VEVENT") == 4
    assert lines.count("BEGIN:VTODO") == 3
    assert lines.count("DTSTAMP:20261120T120000Z") == 7
    # An aware stamp in another zone is the same instant.
    eastern = datetime.timezone(datetime.timedelta(hours=-5))
    assert to_icalendar([ph], [], [], stamp.astimezone(eastern)) == to_icalendar(
        [ph], [], [], stamp
    )
    with pytest.raises(callwise.InvalidArgumentError) as naive:
        to_icalendar([ph], [], [], datetime.datetime(2026, 11, 20, 12))
    assert naive.value.name == "stamp"
    with pytest.raises(callwise.InvalidArgumentError) as bad_block:
        to_icalendar([], [{**blocks[0], "extra": 1}], [], stamp)
    assert bad_block.value.name == "blocks"
    with pytest.raises(callwise.InvalidArgumentError) as bad_call:
        to_icalendar([], [], [{"uid": "x", "summary": "y", "due": {"when": "now"}}], stamp)
    assert bad_call.value.name == "calls"
    with pytest.raises(TypeError):
        to_icalendar(["not a routine"], [], [], stamp)  # type: ignore[list-item]
    # A carriage return cannot be written in iCalendar text: core's typed error.
    with pytest.raises(callwise.InvalidArgumentError) as control:
        to_icalendar([], [], [{**own, "summary": "a\rb"}], stamp)
    assert (control.value.name, control.value.reason[:17]) == ("calls", "calls[0].summary ")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to one's own process")
def test_a_long_expansion_stops_on_ctrl_c() -> None:
    # About 730,000 periods and occurrences of a daily rule from 1900, near the bound on
    # work (tenths of a second): the GIL is released, and Ctrl-C 5 ms in raises
    # KeyboardInterrupt from inside the core's work. Python's handler then runs while the
    # call is running (a profile hook says so) with this test's frame as the innermost
    # one; were the core not asking, it would run after the call returned, or inside the
    # Python code the call runs after the work (an import, the JSON of its answer).
    routine = Routine("custom", "x", "America/New_York", "1900-01-01T09:00:00", "FREQ=DAILY", 30)
    end = datetime.datetime(2900, 1, 1, tzinfo=UTC)
    here = sys._getframe()
    running = [False]
    handled: list[tuple[bool, bool]] = []

    def handler(signum: int, frame: Any) -> None:
        handled.append((running[0], frame is here))
        raise KeyboardInterrupt

    def profile(frame: Any, event: str, arg: Any) -> None:
        if getattr(arg, "__name__", None) == "blocks":
            running[0] = event == "c_call"

    previous = signal.signal(signal.SIGINT, handler)
    ctrl_c = threading.Timer(0.005, os.kill, (os.getpid(), signal.SIGINT))
    sys.setprofile(profile)
    try:
        ctrl_c.start()
        with pytest.raises(KeyboardInterrupt):
            routine.blocks(end - datetime.timedelta(days=1), end)
    finally:
        sys.setprofile(None)
        ctrl_c.join()
        signal.signal(signal.SIGINT, previous)
    assert handled == [(True, True)]
    # The next call runs to the end.
    assert len(routine.blocks(end - datetime.timedelta(days=1), end)) == 1

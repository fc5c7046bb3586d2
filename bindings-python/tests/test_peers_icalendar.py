"""The iCalendar export read by two independent parsers, ``icalendar`` and ``vobject``.

One export holds routines in zones whose rules differ (New York, Lord Howe's half
hour, Dublin's winter "daylight" time, Cairo's change across a month's end, Gaza's
changes scheduled to 2086, Santiago's midnight, Tokyo without any, New York from 1990
under its earlier rules), two Power Hours of the default name in two zones, their
blocks, and calls whose summaries hold line breaks, separators, tabs and long non-ASCII
text. Both parsers must read it; every UID must be distinct; every text must come back
as written (a CRLF as a line break); each VTIMEZONE, turned into a time zone by
icalendar from its own observances (not by name), must give zoneinfo's offsets (tzdata
2025.2, IANA 2025b, as chrono-tz) across the years its routines run, changes included;
and vobject, expanding each routine's RRULE in the VTIMEZONE it reads, must place every
block where callwise does.
"""

from __future__ import annotations

import datetime
import importlib.resources
import zoneinfo
from typing import Any

import icalendar  # type: ignore[import-untyped]  # no type information
import pytest
import vobject  # type: ignore[import-untyped]  # no type information

import callwise
from callwise.routine import Routine, to_icalendar

UTC = datetime.timezone.utc


def tzdata_zone(name: str) -> zoneinfo.ZoneInfo:
    path = importlib.resources.files("tzdata").joinpath("zoneinfo", *name.split("/"))
    with path.open("rb") as f:
        return zoneinfo.ZoneInfo.from_file(f, key=name)


def utc(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


ROUTINES = [
    Routine.power_hour("America/New_York", "2026-11-24", ["Tue", "Thu"], "10:00"),
    Routine.power_hour("America/Chicago", "2026-11-24", ["Tue", "Thu"], "09:00"),
    Routine.crankathon("Australia/Lord_Howe", "2026-11-23", ["Fri"], "13:30", 150),
    Routine("custom", "Dublin check-in", "Europe/Dublin", "2026-11-23T11:00:00", "FREQ=WEEKLY", 30),
    Routine("custom", "Cairo desk", "Africa/Cairo", "2026-11-23T10:00:00", "FREQ=DAILY", 30),
    Routine("custom", "Gaza desk", "Asia/Gaza", "2026-11-23T10:00:00", "FREQ=DAILY", 30),
    Routine("custom", "Santiago", "America/Santiago", "2026-11-23T09:00:00", "FREQ=DAILY", 30),
    Routine("custom", "Tokyo", "Asia/Tokyo", "2026-11-23T09:00:00", "FREQ=WEEKLY", 30),
    Routine("custom", "Since 1990", "America/New_York", "1990-06-01T09:00:00", "FREQ=MONTHLY", 30),
]
SUMMARIES = [
    "Call back\r\nabout pricing",
    'Q1; budget, "approved" \\ maybe',
    "tab\there",
    "Rückruf wegen Verlängerung der Mitgliedschaft — bitte vor Donnerstag erledigen, danke!",
]


def export() -> tuple[str, list[callwise.routine.Block], list[dict[str, Any]]]:
    start, end = utc("2026-11-23T00:00:00Z"), utc("2027-05-01T00:00:00Z")
    blocks = [b for r in ROUTINES[:3] for b in r.blocks(start, end)]
    calls: list[dict[str, Any]] = [
        {"uid": f"call-{i}@example", "summary": text, "due": {"at": utc("2026-11-25T16:00:00Z")}}
        for i, text in enumerate(SUMMARIES)
    ]
    calls.append(
        {"uid": "call-date@example", "summary": "On a date", "due": {"date": "2027-02-28"}}
    )
    text = to_icalendar(ROUTINES, blocks, calls, utc("2026-11-20T12:00:00Z"))
    return text, blocks, calls


def test_icalendar_reads_the_export_and_its_time_zones() -> None:
    text, blocks, calls = export()
    cal = icalendar.Calendar.from_ical(text)
    zones = {c["TZID"]: c for c in cal.walk("VTIMEZONE")}
    assert sorted(zones) == sorted({r.time_zone for r in ROUTINES})
    events, todos = cal.walk("VEVENT"), cal.walk("VTODO")
    assert len(events) == len(ROUTINES) + len(blocks)
    assert len(todos) == len(calls)
    uids = [str(c["UID"]) for c in events + todos]
    assert len(set(uids)) == len(uids)
    assert [str(t["SUMMARY"]) for t in todos] == [c["summary"].replace("\r\n", "\n") for c in calls]
    # Each VTIMEZONE, read for its observances alone, against zoneinfo: every month at
    # noon UTC, and an hour either side of each change, from the first routine in it for
    # 30 years, and in 2100 to 2103 (past chrono-tz's tables).
    compared = 0
    for name, component in zones.items():
        tz = component.to_tz(lookup_tzid=False)
        reference = tzdata_zone(name)
        first = min(
            r.first_start.replace(tzinfo=reference) for r in ROUTINES if r.time_zone == name
        ).astimezone(UTC)
        instants = []
        for years in (range(first.year + 1, first.year + 31), range(2100, 2104)):
            for year in years:
                for month in range(1, 13):
                    instants.append(datetime.datetime(year, month, 15, 12, tzinfo=UTC))
        t = first + datetime.timedelta(days=1)
        while t.year < first.year + 31:
            nxt = t + datetime.timedelta(days=1)
            if t.astimezone(reference).utcoffset() != nxt.astimezone(reference).utcoffset():
                instants += [nxt - datetime.timedelta(hours=25), nxt + datetime.timedelta(hours=1)]
            t = nxt
        for at in instants:
            compared += 1
            assert at.astimezone(tz).utcoffset() == at.astimezone(reference).utcoffset(), (name, at)
    print(f"\n{compared} offsets of {len(zones)} VTIMEZONEs agree with zoneinfo")


def test_vobject_places_every_block_where_callwise_does() -> None:
    text, blocks, calls = export()
    cal = vobject.readOne(text)
    events = cal.contents["vevent"]
    placed = 0
    for routine in ROUTINES:
        event = next(
            e
            for e in events
            if "rrule" in e.contents
            and e.summary.value == routine.name
            and e.dtstart.value.replace(tzinfo=None) == routine.first_start
        )
        # vobject expands the rule in the zone its VTIMEZONE describes (not by name).
        starts = event.getrruleset(addRDate=True)
        first = routine.first_start.replace(tzinfo=tzdata_zone(routine.time_zone))
        end = first + datetime.timedelta(days=400)
        # [first, end), as blocks() reads its range.
        got = [t.astimezone(UTC) for t in starts.between(first, end, inc=True) if t < end]
        want = [utc(b["start"]) for b in routine.blocks(first, end)]
        assert got == want, routine.name
        placed += len(want)
    block_events = [e for e in events if e.uid.value.startswith("block-")]
    assert sorted(e.dtstart.value for e in block_events) == sorted(utc(b["start"]) for b in blocks)
    summaries = [t.summary.value for t in cal.contents["vtodo"]]
    assert summaries == [c["summary"].replace("\r\n", "\n") for c in calls]
    print(f"\n{placed} blocks of {len(ROUTINES)} routines placed alike")


@pytest.mark.parametrize("bad", ["a\rb", "a\x00b", "a\x1bb", "a\x7fb"])
def test_text_icalendar_cannot_carry_is_a_typed_error(bad: str) -> None:
    call = {"uid": "u", "summary": bad, "due": {"date": "2027-01-01"}}
    with pytest.raises(callwise.InvalidArgumentError) as info:
        to_icalendar([], [], [call], utc("2026-11-20T12:00:00Z"))
    assert info.value.name == "calls"

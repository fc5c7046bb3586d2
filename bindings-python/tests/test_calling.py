"""Calling rules and business calendars through the binding. The verdicts themselves
(daylight saving in New York, Phoenix, Honolulu, Lord Howe and more, unknown zones,
regions, do-not-call, consent and caps) are the shared scenario's
(``tests/fixtures/calling_scenario.json``), compared with core's answers; the other
tests keep to the seam: types, naive and aware datetimes, ranges, errors, values."""

from __future__ import annotations

import datetime
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

import callwise

UTC = datetime.timezone.utc


def at(text: str) -> datetime.datetime:
    # fromisoformat reads a final "Z" only from Python 3.11 on.
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def blocked(verdict: callwise.Verdict) -> tuple[str | None, datetime.datetime | None]:
    assert not verdict.allowed
    return verdict.rule, verdict.next_allowed


@pytest.fixture(scope="module")
def book(shared: Path) -> callwise.Book:
    return callwise.Book.from_json(
        (shared / "fixtures" / "calling_book.json").read_text(encoding="utf-8")
    )


@pytest.fixture(scope="module")
def rules() -> callwise.CallingRules:
    return callwise.CallingRules.default()


def test_default_rules(rules: callwise.CallingRules) -> None:
    assert rules.window == (datetime.time(8, 0), datetime.time(21, 0))
    assert rules.caps == (None, None)
    assert rules.consent_required is False
    assert rules == callwise.CallingRules.default()
    assert callwise.CallingRules.from_json(rules.to_json()) == rules
    assert (
        repr(rules) == "<CallingRules window=08:00-21:00 consent_required=False caps=(None, None)>"
    )
    with pytest.raises(TypeError):
        hash(rules)


def test_the_calling_scenario_matches(shared: Path, book: callwise.Book) -> None:
    """Every verdict of the shared scenario through the Python API, as the JSON Rust
    writes (``core/tests/calling.rs``, ``the_calling_scenario_matches``)."""
    scenario: dict[str, Any] = json.loads(
        (shared / "fixtures" / "calling_scenario.json").read_text(encoding="utf-8")
    )
    expected = json.loads((shared / "conformance" / "calling.json").read_text(encoding="utf-8"))
    rules = {
        name: callwise.CallingRules.from_json(json.dumps(spec))
        for name, spec in scenario["rules"].items()
    }
    checks = [
        {
            "rules": c["rules"],
            "time_zone": c["time_zone"],
            "at": c["at"],
            "verdict": rules[c["rules"]].check(time_zone=c["time_zone"], at=at(c["at"])).to_dict(),
        }
        for c in scenario["checks"]
    ]
    can_call = [
        {
            "rules": c["rules"],
            "contact_id": c["contact_id"],
            "at": c["at"],
            "verdict": book.can_call(c["contact_id"], at(c["at"]), rules[c["rules"]]).to_dict(),
        }
        for c in scenario["can_call"]
    ]
    assert {"checks": checks, "can_call": can_call} == expected
    # next_allowed is an aware datetime in UTC, the instant of the JSON's text.
    first = scenario["checks"][0]
    verdict = rules[first["rules"]].check(time_zone=first["time_zone"], at=at(first["at"]))
    assert verdict.next_allowed is not None
    assert verdict.next_allowed.tzinfo is UTC
    assert verdict.next_allowed == at(expected["checks"][0]["verdict"]["next_allowed"])


def test_windows_take_times_of_day_or_texts(rules: callwise.CallingRules) -> None:
    repeated = rules.with_window(datetime.time(1, 0), datetime.time(1, 45))
    assert repeated.window == (datetime.time(1, 0), datetime.time(1, 45))
    assert repeated == rules.with_window("01:00", "01:45")


def test_an_aware_datetime_in_any_zone_is_its_instant(rules: callwise.CallingRules) -> None:
    eastern = datetime.timezone(datetime.timedelta(hours=-5))
    half_past_seven = datetime.datetime(2026, 11, 24, 7, 30, tzinfo=eastern)
    in_utc = rules.check(time_zone="America/New_York", at=at("2026-11-24T12:30:00Z"))
    assert rules.check(time_zone="America/New_York", at=half_past_seven) == in_utc
    assert in_utc.next_allowed == datetime.datetime(2026, 11, 24, 8, 0, tzinfo=eastern)


def test_a_naive_datetime_is_refused(rules: callwise.CallingRules, book: callwise.Book) -> None:
    naive = datetime.datetime(2026, 11, 24, 17, 0)
    with pytest.raises(callwise.InvalidArgumentError) as info:
        rules.check(time_zone="America/New_York", at=naive)
    assert info.value.name == "at"
    assert "naive" in info.value.reason
    with pytest.raises(callwise.InvalidArgumentError):
        book.can_call("con-ny-1", naive, rules)
    with pytest.raises(TypeError):
        rules.check(time_zone="America/New_York", at="2026-11-24T17:00:00Z")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        rules.check(time_zone="America/New_York", at=datetime.date(2026, 11, 24))  # type: ignore[arg-type]


def test_unknown_zone_raises(rules: callwise.CallingRules) -> None:
    with pytest.raises(callwise.UnknownTimeZoneError) as info:
        rules.check(time_zone="Atlantis/Capital", at=at("2026-11-24T15:00:00Z"))
    err = info.value
    assert isinstance(err, callwise.CallwiseError)
    assert isinstance(err, ValueError)
    assert err.zone == "Atlantis/Capital"
    assert str(err) == 'unknown time zone "Atlantis/Capital"'


def test_unknown_zone_fallback_errors(rules: callwise.CallingRules) -> None:
    fallback = rules.with_unknown_zone_fallback(["America/New_York", "Pacific/Honolulu"])
    assert fallback != rules
    assert not fallback.check(time_zone="Atlantis/Capital", at=at("2026-11-24T13:30:00Z")).allowed
    with pytest.raises(callwise.UnknownTimeZoneError):
        rules.with_unknown_zone_fallback(["Nowhere"])
    with pytest.raises(callwise.InvalidRuleError) as info:
        rules.with_unknown_zone_fallback([])
    assert info.value.what == "unknown-zone policy"


def test_regions_and_quiet_days_are_checked_by_core(rules: callwise.CallingRules) -> None:
    strict = rules.with_region(
        "Florida", ["America/New_York"], "07:00", "20:00", quiet_days=["Sun"]
    ).with_quiet_holidays(callwise.BusinessCalendar.us_federal())
    assert rules.with_quiet_days(["Sun"]) != rules
    with pytest.raises(callwise.InvalidArgumentError) as bad_day:
        rules.with_quiet_days(["Someday"])  # type: ignore[list-item]
    assert bad_day.value.name == "days"
    with pytest.raises(callwise.InvalidRuleError) as info:
        rules.with_region("Night", ["America/Chicago"], "21:00", "23:00")
    assert info.value.what == 'region rule "Night"'
    with pytest.raises(callwise.InvalidRuleError):
        strict.with_region("Again", ["America/New_York"], "09:00", "17:00")
    with pytest.raises(callwise.UnknownTimeZoneError):
        rules.with_region("Nowhere", ["Nope/Nope"], "09:00", "17:00")


def test_bad_windows_and_caps_are_invalid_rules(rules: callwise.CallingRules) -> None:
    with pytest.raises(callwise.InvalidRuleError) as info:
        rules.with_window("21:00", "08:00")
    assert info.value.what == "calling window"
    assert isinstance(info.value, ValueError)
    with pytest.raises(callwise.InvalidRuleError):
        rules.with_window("8am", "21:00")
    # The core's strict clock reading: HH:MM or HH:MM:SS, two digits each.
    for loose in ["8:00", "08:0", "08:00:0", " 08:00"]:
        with pytest.raises(callwise.InvalidRuleError) as strict:
            rules.with_window(loose, "21:00")
        assert strict.value.what == "calling window"
        assert f'"{loose}"' in strict.value.reason
    with pytest.raises(callwise.InvalidRuleError):
        callwise.BusinessCalendar.us_federal().next_business_instant(
            datetime.datetime(2026, 11, 24, tzinfo=UTC), "UTC", "9:00", "17:00"
        )
    with pytest.raises(callwise.JsonError):
        callwise.CallingRules.from_json('{"window": {"start": "8:00", "end": "21:00"}}')
    with pytest.raises(callwise.InvalidRuleError):
        rules.with_caps(per_contact_per_week=0)
    with pytest.raises(callwise.InvalidArgumentError):
        rules.with_caps(per_account_per_day=-1)
    with pytest.raises(TypeError):
        rules.with_window(datetime.time(8, tzinfo=UTC), "21:00")


def test_rules_round_trip_through_json_and_refuse_bad_data(rules: callwise.CallingRules) -> None:
    edited = rules.with_quiet_days(["Sun"]).with_caps(3, 5).with_consent_required(True)
    assert edited.caps == (3, 5)
    assert edited.consent_required
    assert callwise.CallingRules.from_json(edited.to_json()) == edited
    assert pickle.loads(pickle.dumps(edited)) == edited
    for bad in [
        '{"window": {"start": "21:00", "end": "08:00"}}',
        '{"window": {"start": "08:00", "end": "21:00"}, "max_attempts_per_contact_per_week": 0}',
        '{"window": {"start": "8am", "end": "21:00"}}',
        '{"window": {"start": "08:00", "end": "21:00"}, "surprise": true}',
    ]:
        with pytest.raises(callwise.JsonError):
            callwise.CallingRules.from_json(bad)


def test_can_call_refuses_an_unknown_contact(
    book: callwise.Book, rules: callwise.CallingRules
) -> None:
    with pytest.raises(callwise.NotFoundError) as info:
        book.can_call("nobody", at("2026-11-24T17:00:00Z"), rules)
    assert (info.value.kind, info.value.id) == ("contact", "nobody")
    with pytest.raises(TypeError):
        book.can_call("con-ny-1", at("2026-11-24T17:00:00Z"), "rules")  # type: ignore[arg-type]


def test_verdicts_are_values(book: callwise.Book, rules: callwise.CallingRules) -> None:
    noon_ny = at("2026-11-24T17:00:00Z")
    allowed = book.can_call("con-ny-1", noon_ny, rules)
    dnc = book.can_call("con-ny-dnc", noon_ny, rules)
    late = rules.check(time_zone="America/New_York", at=at("2026-11-24T03:00:00Z"))
    assert allowed.to_dict() == {"verdict": "allowed"}
    assert allowed.rule is None
    assert allowed.next_allowed is None
    assert dnc.to_dict() == {"verdict": "blocked", "rule": "do_not_call", "next_allowed": None}
    assert late.to_dict() == {
        "verdict": "blocked",
        "rule": "outside_window",
        "next_allowed": "2026-11-24T13:00:00Z",
    }
    assert repr(allowed) == "<Verdict allowed>"
    assert repr(late) == "<Verdict blocked rule='outside_window' next_allowed=2026-11-24T13:00:00Z>"
    assert allowed == book.can_call("con-ny-1", noon_ny, rules)
    assert len({allowed, dnc, late, book.can_call("con-ny-dnc", noon_ny, rules)}) == 3
    for verdict in (allowed, dnc, late):
        assert pickle.loads(pickle.dumps(verdict)) == verdict


# Business calendars.


@pytest.fixture(scope="module")
def federal() -> callwise.BusinessCalendar:
    return callwise.BusinessCalendar.us_federal()


def test_us_federal_holidays_with_observed_days(federal: callwise.BusinessCalendar) -> None:
    days = federal.holidays_between(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert [d.isoformat() for d, _ in days] == [
        "2026-01-01",
        "2026-01-19",
        "2026-02-16",
        "2026-05-25",
        "2026-06-19",
        "2026-07-03",
        "2026-09-07",
        "2026-10-12",
        "2026-11-11",
        "2026-11-26",
        "2026-12-25",
    ]
    assert days[9] == (datetime.date(2026, 11, 26), "Thanksgiving Day")
    # New Year's Day 2028 is a Saturday: observed Friday 31 December 2027.
    assert federal.holiday(datetime.date(2027, 12, 31)) == "New Year's Day"
    assert federal.holiday("2028-01-01") is None
    assert federal.holiday("2020-06-19") is None  # Juneteenth only from 2021
    assert federal.holiday("2021-06-18") is not None
    assert federal.holiday("2150-12-25") == "Christmas Day"
    assert not federal.is_business_day("2026-11-28")  # a Saturday
    assert federal.is_business_day("2026-11-27")
    assert federal.weekend_days == ["Sat", "Sun"]
    assert len(federal.holiday_rules) == 11
    assert federal.holiday_rules[0]["name"] == "New Year's Day"


def test_business_day_arithmetic(federal: callwise.BusinessCalendar) -> None:
    day = datetime.date
    assert federal.add_business_days(day(2026, 11, 25), 1) == day(2026, 11, 27)
    assert federal.add_business_days("2026-12-24", 1) == day(2026, 12, 28)
    assert federal.add_business_days("2026-12-28", -1) == day(2026, 12, 24)
    assert federal.add_business_days("2026-11-28", 0) == day(2026, 11, 30)
    assert federal.roll_forward("2026-12-25") == day(2026, 12, 28)
    with pytest.raises(callwise.InvalidArgumentError) as info:
        federal.add_business_days("2026-12-28", 100_001)
    assert info.value.name == "n"
    with pytest.raises(callwise.InvalidArgumentError):
        federal.add_business_days("2026-12-28", 2**70)
    with pytest.raises(callwise.InvalidArgumentError):
        federal.is_business_day("2026-2-1")  # strictly YYYY-MM-DD
    with pytest.raises(TypeError):
        federal.is_business_day(datetime.datetime(2026, 2, 2, tzinfo=UTC))


def test_business_hours_across_spring_forward(federal: callwise.BusinessCalendar) -> None:
    ny = "America/New_York"
    # Friday 6 March 16:00 EST + 2 business hours: 1 on Friday, 1 on Monday 9 March (EDT).
    due = federal.add_business_hours(at("2026-03-06T21:00:00Z"), ny, "09:00", "17:00", 2)
    assert due == at("2026-03-09T14:00:00Z")
    # Exactly a day's hours land on the next opening, not at the close.
    due = federal.add_business_hours(at("2026-03-09T13:00:00Z"), ny, "09:00", "17:00", 8)
    assert due == at("2026-03-10T13:00:00Z")
    # Wednesday 18:00 in Chicago: Thanksgiving is next, then Friday 09:00.
    opening = federal.next_business_instant(
        at("2026-11-26T00:00:00Z"), "America/Chicago", "09:00", "17:00"
    )
    assert opening == at("2026-11-27T15:00:00Z")
    with pytest.raises(callwise.UnknownTimeZoneError):
        federal.next_business_instant(at("2026-11-26T00:00:00Z"), "Nowhere", "09:00", "17:00")


def test_instants_and_answers_at_the_ends_of_pythons_years(
    rules: callwise.CallingRules, federal: callwise.BusinessCalendar
) -> None:
    # 00:30 on 1 January of year 1 at +01:00 is 23:30 UTC on 31 December of year 0: an
    # instant callwise takes (years 0000 to 9999), though no Python datetime in UTC.
    plus_one = datetime.timezone(datetime.timedelta(hours=1))
    first = datetime.datetime(1, 1, 1, 0, 30, tzinfo=plus_one)
    verdict = rules.check(time_zone="UTC", at=first)
    assert blocked(verdict) == ("outside_window", datetime.datetime(1, 1, 1, 8, 0, tzinfo=UTC))
    # 23:00 on 31 December 9999 at -05:00 is in the year 10000 in UTC.
    minus_five = datetime.timezone(datetime.timedelta(hours=-5))
    with pytest.raises(callwise.InvalidArgumentError) as last:
        rules.check(time_zone="UTC", at=datetime.datetime(9999, 12, 31, 23, 0, tzinfo=minus_five))
    assert last.value.name == "at"
    # An answer past 9999 is an InvalidArgumentError too, not datetime's bare ValueError.
    with pytest.raises(callwise.InvalidArgumentError) as day_after:
        federal.add_business_days("9999-12-31", 1)
    assert day_after.value.name == "date"
    with pytest.raises(callwise.InvalidArgumentError) as rolled:
        federal.roll_forward("9999-12-31")  # a Friday, but New Year's Day 10000 observed
    assert rolled.value.name == "date"
    with pytest.raises(callwise.InvalidArgumentError) as opening:
        federal.next_business_instant(at("9999-12-31T22:00:00Z"), "UTC", "09:00", "17:00")
    assert opening.value.name == "at"
    assert "before the end of the year 9999" in opening.value.reason
    # A verdict's next_allowed past 9999 is None (core's); one before Python's year 1
    # in UTC (for an `at` late in the year 0) is an error on `at`, the argument whose
    # answer it is, not on next_allowed, which the caller never gave.
    late = rules.with_window("08:00", "09:00")
    verdict = late.check(time_zone="America/New_York", at=at("9999-12-31T15:00:00Z"))
    assert blocked(verdict) == ("outside_window", None)
    evening = rules.with_window("23:45", "23:50")
    with pytest.raises(callwise.InvalidArgumentError) as before_year_one:
        evening.check(time_zone="UTC", at=first)  # 23:30 UTC on 31 December of the year 0
    assert before_year_one.value.name == "at"
    assert "outside the years 1 to 9999" in before_year_one.value.reason


def test_calendars_as_data(federal: callwise.BusinessCalendar) -> None:
    assert callwise.BusinessCalendar.from_json(federal.to_json()) == federal
    assert pickle.loads(pickle.dumps(federal)) == federal
    assert callwise.BusinessCalendar.weekends_only() != federal
    assert repr(federal) == "<BusinessCalendar weekend_days=['Sat', 'Sun'] holiday_rules=11>"
    leap = (
        '{"weekend": ["Sat", "Sun"], "holidays": '
        '[{"rule": "fixed", "name": "Leap", "month": 2, "day": 29}]}'
    )
    with pytest.raises(callwise.JsonError) as info:
        callwise.BusinessCalendar.from_json(leap)
    assert "29 February" in str(info.value)
    with pytest.raises(callwise.JsonError):
        callwise.BusinessCalendar.from_json("{")

"""Calling rules and business calendars: windows in the callee's local time across
daylight saving, Arizona, Honolulu and Lord Howe; unknown zones; do-not-call, consent
and caps through ``Book.can_call``; US federal holidays and business-day arithmetic."""

from __future__ import annotations

import datetime
import pickle
from pathlib import Path

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


def test_new_york_spring_forward(rules: callwise.CallingRules) -> None:
    # 01:30 EST on 8 March 2026; clocks jump from 02:00 to 03:00.
    verdict = rules.check(time_zone="America/New_York", at=at("2026-03-08T06:30:00Z"))
    assert blocked(verdict) == ("outside_window", at("2026-03-08T12:00:00Z"))  # 08:00 EDT
    next_allowed = verdict.next_allowed
    assert next_allowed is not None
    assert next_allowed.tzinfo is UTC
    # A window opening inside the gap opens at the transition, 03:00 EDT.
    night = rules.with_window("02:30", "21:00")
    verdict = night.check(time_zone="America/New_York", at=at("2026-03-08T06:00:00Z"))
    assert verdict.next_allowed == at("2026-03-08T07:00:00Z")
    assert night.check(time_zone="America/New_York", at=at("2026-03-08T07:00:00Z")).allowed


def test_new_york_fall_back(rules: callwise.CallingRules) -> None:
    repeated = rules.with_window(datetime.time(1, 0), datetime.time(1, 45))
    assert repeated.window == (datetime.time(1, 0), datetime.time(1, 45))
    # 01:50 EDT, first pass: the window reopens at 01:00 EST, ten minutes later.
    verdict = repeated.check(time_zone="America/New_York", at=at("2026-11-01T05:50:00Z"))
    assert verdict.next_allowed == at("2026-11-01T06:00:00Z")
    for both_passes in ("2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z"):
        assert repeated.check(time_zone="America/New_York", at=at(both_passes)).allowed
    verdict = rules.check(time_zone="America/New_York", at=at("2026-11-01T12:30:00Z"))
    assert verdict.next_allowed == at("2026-11-01T13:00:00Z")  # 08:00 EST


@pytest.mark.parametrize("day", ["2026-01-15", "2026-07-15"])
def test_arizona_keeps_standard_time(rules: callwise.CallingRules, day: str) -> None:
    verdict = rules.check(time_zone="America/Phoenix", at=at(f"{day}T14:59:00Z"))
    assert blocked(verdict) == ("outside_window", at(f"{day}T15:00:00Z"))
    assert rules.check(time_zone="America/Phoenix", at=at(f"{day}T15:00:00Z")).allowed


def test_denver_shifts_in_summer(rules: callwise.CallingRules) -> None:
    assert rules.check(time_zone="America/Denver", at=at("2026-07-15T14:30:00Z")).allowed


def test_honolulu_and_lord_howe(rules: callwise.CallingRules) -> None:
    verdict = rules.check(time_zone="Pacific/Honolulu", at=at("2026-03-08T12:00:00Z"))
    assert verdict.next_allowed == at("2026-03-08T18:00:00Z")
    # Lord Howe leaves daylight time (+11) for +10:30 at 02:00 on 5 April 2026...
    verdict = rules.check(time_zone="Australia/Lord_Howe", at=at("2026-04-04T10:00:00Z"))
    assert verdict.next_allowed == at("2026-04-04T21:30:00Z")
    # ... and returns to +11 at 02:00 on 4 October 2026.
    verdict = rules.check(time_zone="Australia/Lord_Howe", at=at("2026-10-03T10:30:00Z"))
    assert verdict.next_allowed == at("2026-10-03T21:00:00Z")
    # The window closes at 21:00 local, whichever offset is in force.
    zone = "Australia/Lord_Howe"
    assert rules.check(time_zone=zone, at=at("2026-01-15T09:59:00Z")).allowed
    assert not rules.check(time_zone=zone, at=at("2026-01-15T10:00:00Z")).allowed
    assert rules.check(time_zone=zone, at=at("2026-07-15T10:29:00Z")).allowed
    assert not rules.check(time_zone=zone, at=at("2026-07-15T10:30:00Z")).allowed


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


def test_unknown_zone_fallback_is_the_strictest_candidate(rules: callwise.CallingRules) -> None:
    fallback = rules.with_unknown_zone_fallback(
        ["America/New_York", "America/Los_Angeles", "Pacific/Honolulu"]
    )
    # 17:00 UTC: noon in New York, 09:00 in Los Angeles, 07:00 in Honolulu.
    verdict = fallback.check(time_zone="Atlantis/Capital", at=at("2026-11-24T17:00:00Z"))
    assert blocked(verdict) == ("outside_window", at("2026-11-24T18:00:00Z"))
    # 21:00 in New York: no common window left that day.
    verdict = fallback.check(time_zone="Atlantis/Capital", at=at("2026-11-25T02:00:00Z"))
    assert verdict.next_allowed == at("2026-11-25T18:00:00Z")
    assert fallback != rules
    with pytest.raises(callwise.UnknownTimeZoneError):
        rules.with_unknown_zone_fallback(["Nowhere"])
    with pytest.raises(callwise.InvalidRuleError) as info:
        rules.with_unknown_zone_fallback([])
    assert info.value.what == "unknown-zone policy"


def test_regions_quiet_days_and_holidays(rules: callwise.CallingRules) -> None:
    strict = rules.with_region(
        "Florida", ["America/New_York"], "07:00", "20:00", quiet_days=["Sun"]
    ).with_quiet_holidays(callwise.BusinessCalendar.us_federal())
    ny = "America/New_York"
    # 20:30 on a Tuesday: outside the region's window; next is Wednesday 08:00.
    verdict = strict.check(time_zone=ny, at=at("2026-11-25T01:30:00Z"))
    assert blocked(verdict) == ("outside_window", at("2026-11-25T13:00:00Z"))
    verdict = strict.check(time_zone=ny, at=at("2026-11-26T17:00:00Z"))  # Thanksgiving
    assert blocked(verdict) == ("holiday", at("2026-11-27T13:00:00Z"))
    verdict = strict.check(time_zone=ny, at=at("2026-11-29T17:00:00Z"))  # a Sunday
    assert blocked(verdict) == ("quiet_day", at("2026-11-30T13:00:00Z"))
    assert strict.check(time_zone="America/Chicago", at=at("2026-11-29T17:00:00Z")).allowed
    sundays = rules.with_quiet_days(["Sun"])
    assert sundays.check(time_zone="America/Chicago", at=at("2026-11-29T17:00:00Z")).rule == (
        "quiet_day"
    )
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


def test_can_call_do_not_call_and_consent(
    book: callwise.Book, rules: callwise.CallingRules
) -> None:
    noon_ny = at("2026-11-24T17:00:00Z")
    assert blocked(book.can_call("con-ny-dnc", noon_ny, rules)) == ("do_not_call", None)
    assert blocked(book.can_call("con-ny-denied", noon_ny, rules)) == ("no_consent", None)
    # Unknown consent passes unless consent is required.
    assert book.can_call("con-ny-2", noon_ny, rules).allowed
    strict = rules.with_consent_required(True)
    assert blocked(book.can_call("con-ny-2", noon_ny, strict)) == ("no_consent", None)
    # The contact's own zone wins over the account's: 07:00 in Honolulu.
    verdict = book.can_call("con-travel", noon_ny, rules)
    assert blocked(verdict) == ("outside_window", at("2026-11-24T18:00:00Z"))
    with pytest.raises(callwise.NotFoundError) as info:
        book.can_call("nobody", noon_ny, rules)
    assert (info.value.kind, info.value.id) == ("contact", "nobody")


def test_can_call_caps(book: callwise.Book, rules: callwise.CallingRules) -> None:
    # con-ny-1 had attempts on 18, 20 (voicemail) and 23 November (by a co-owner).
    per_week = rules.with_caps(per_contact_per_week=3)
    verdict = book.can_call("con-ny-1", at("2026-11-24T17:00:00Z"), per_week)
    # The 18 November attempt ages out seven days later, inside the window.
    assert blocked(verdict) == ("contact_cap", at("2026-11-25T15:00:00Z"))
    assert book.can_call("con-ny-1", at("2026-11-23T14:59:00Z"), per_week).allowed
    # Per account per day: two outbound calls on 24 November in New York.
    per_day = rules.with_caps(per_account_per_day=2)
    verdict = book.can_call("con-ny-1", at("2026-11-24T17:00:00Z"), per_day)
    assert blocked(verdict) == ("account_cap", at("2026-11-25T13:00:00Z"))
    three = rules.with_caps(None, 3)
    assert book.can_call("con-ny-1", at("2026-11-24T17:00:00Z"), three).allowed


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
    assert "outside the years 1 to 9999" in opening.value.reason


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

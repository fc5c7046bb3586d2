"""Cadences: enrollments as event-driven state machines, branching, exits, pauses, A/B
variants, chaining, the steps due on a day and cover for absent reps; and the shared
scenario (``tests/fixtures/cadence_scenario.json``), whose answers must be those of
``tests/conformance/cadence.json`` exactly, as in Rust and Kotlin."""

from __future__ import annotations

import ast
import datetime
import json
import pickle
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import callwise

UTC = datetime.timezone.utc
STUB = Path(callwise.__file__).with_name("_core.pyi")


def at(text: str) -> datetime.datetime:
    # fromisoformat reads a final "Z" only from Python 3.11 on.
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def read(path: Path) -> str:
    # newline="" keeps the bytes: no universal-newline translation.
    with path.open(encoding="utf-8", newline="") as f:
        return f.read()


@pytest.fixture(scope="module")
def scenario(shared: Path) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(read(shared / "fixtures" / "cadence_scenario.json"))
    return parsed


@pytest.fixture(scope="module")
def book(shared: Path, scenario: dict[str, Any]) -> callwise.Book:
    return callwise.Book.from_json(read(shared / "fixtures" / scenario["book"]))


@pytest.fixture(scope="module")
def playbook(scenario: dict[str, Any]) -> callwise.Playbook:
    return callwise.Playbook.from_json(json.dumps(scenario["playbook"]))


@pytest.fixture(scope="module")
def states(scenario: dict[str, Any], playbook: callwise.Playbook) -> list[callwise.EnrollmentState]:
    return [playbook.replay(e["enrollment"], e["events"]) for e in scenario["enrollments"]]


def state_of(states: list[callwise.EnrollmentState], id: str) -> callwise.EnrollmentState:
    return next(s for s in states if s.enrollment["id"] == id)


def enrollment(id: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": id,
        "cadence_id": "new-member",
        "contact_id": "con-ny-1",
        "account_id": "acc-ny",
        "rep_id": "rep-a",
        "time_zone": "America/New_York",
        "enrolled_at": at("2026-11-23T14:00:00Z"),
    }
    base.update(fields)
    return base


def call(when: str, outcome: str | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {
        "event": "activity",
        "at": at(when),
        "channel": "call",
        "direction": "outbound",
    }
    if outcome is not None:
        event["outcome"] = outcome
    return event


# The shared scenario.


def test_the_cadence_scenario_matches(
    shared: Path,
    scenario: dict[str, Any],
    book: callwise.Book,
    playbook: callwise.Playbook,
    states: list[callwise.EnrollmentState],
) -> None:
    """Every answer through the Python API, as the JSON Rust writes
    (``core/tests/cadence.rs``, ``the_cadence_scenario_matches``): the same data field
    for field, and the same text byte for byte."""
    rules = callwise.CallingRules.from_json(json.dumps(scenario["rules"]))
    checks = [
        {
            "time_zone": c["time_zone"],
            "at": c["at"],
            "verdict": rules.check(time_zone=c["time_zone"], at=at(c["at"])).to_dict(),
        }
        for c in scenario["checks"]
    ]
    can_call = [
        {
            "contact_id": c["contact_id"],
            "at": c["at"],
            "verdict": book.can_call(c["contact_id"], at(c["at"]), rules).to_dict(),
        }
        for c in scenario["can_call"]
    ]
    calendar = playbook.calendar
    days = [
        {
            "date": b["date"],
            "n": b["n"],
            "result": calendar.add_business_days(
                datetime.date.fromisoformat(b["date"]), b["n"]
            ).isoformat(),
        }
        for b in scenario["business_days"]
    ]
    due = [
        {
            "date": q["date"],
            "coverage": q["coverage"],
            "steps": playbook.due_for_all(
                book, states, datetime.date.fromisoformat(q["date"]), q["coverage"]
            ),
        }
        for q in scenario["due"]
    ]
    out = {
        "checks": checks,
        "can_call": can_call,
        "business_days": days,
        "states": [s.to_dict() for s in states],
        "due": due,
    }
    expected_text = read(shared / "conformance" / "cadence.json")
    expected = json.loads(expected_text)
    assert out == expected
    assert json.dumps(out, indent=2, sort_keys=True, ensure_ascii=False) + "\n" == expected_text


def instant(text: str | None) -> datetime.datetime | None:
    return None if text is None else at(text)


def test_the_scenario_through_the_properties(
    scenario: dict[str, Any],
    book: callwise.Book,
    playbook: callwise.Playbook,
    states: list[callwise.EnrollmentState],
    shared: Path,
) -> None:
    """The same answers through the objects' properties: instants are aware datetimes
    equal to the fixture's, strings are the fixture's."""
    expected = json.loads(read(shared / "conformance" / "cadence.json"))
    rules = callwise.CallingRules.from_json(json.dumps(scenario["rules"]))
    verdicts = [rules.check(time_zone=c["time_zone"], at=at(c["at"])) for c in scenario["checks"]]
    verdicts += [book.can_call(c["contact_id"], at(c["at"]), rules) for c in scenario["can_call"]]
    answers = [c["verdict"] for c in expected["checks"] + expected["can_call"]]
    assert len(verdicts) == len(answers) > 0
    assert len(states) == len(expected["states"]) > 0
    for verdict, answer in zip(verdicts, answers):
        assert verdict.allowed == (answer["verdict"] == "allowed")
        assert verdict.rule == answer.get("rule")
        assert verdict.next_allowed == instant(answer.get("next_allowed"))
    for state, answer in zip(states, expected["states"]):
        assert state.enrollment == answer["enrollment"]
        assert state.cadence_id == answer["cadence_id"]
        assert state.status == answer["status"]["status"]
        assert state.exit_reason == answer["status"].get("reason")
        assert state.exited_at == instant(answer["status"].get("at"))
        assert state.paused_until == instant(answer["status"].get("until"))
        assert state.step_id == answer["step_id"]
        assert state.step_index == answer["step_index"]
        assert state.variant == answer["variant"]
        assert state.due_at == at(answer["due_at"])
        assert state.due_at.tzinfo is UTC
        assert state.reason == answer["reason"]
        assert state.steps_done == answer["steps_done"]
        assert state.last_event_at == at(answer["last_event_at"])


def test_due_steps_have_the_stub_shape(
    book: callwise.Book, playbook: callwise.Playbook, states: list[callwise.EnrollmentState]
) -> None:
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    shape = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "DueStep")
    keys = [
        s.target.id
        for s in shape.body
        if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
    ]
    due = playbook.due_for_all(book, states, "2026-11-30")
    assert due
    for step in due:
        assert list(step) == keys


# Behaviour.


def test_a_holiday_on_the_due_date_moves_the_step(
    states: list[callwise.EnrollmentState],
) -> None:
    # e-1: e-mailed Wednesday 25 November 10:00 EST; call-2 waits 3 business hours (13:00)
    # and has a 10:00 to 12:00 window: Thursday is Thanksgiving, so Friday 10:00.
    e1 = state_of(states, "e-1")
    assert (e1.step_id, e1.due_at) == ("call-2", at("2026-11-27T15:00:00Z"))
    # e-2: no answer Tuesday in Phoenix; +2 business days skips Thanksgiving: Friday 09:00.
    e2 = state_of(states, "e-2")
    assert (e2.step_id, e2.due_at) == ("call-2", at("2026-11-27T16:00:00Z"))
    assert '2 business days after step "call-1" (no_answer) on 2026-11-24' in e2.reason


def test_branches_exits_variants_and_chaining(
    playbook: callwise.Playbook, states: list[callwise.EnrollmentState]
) -> None:
    # No answer branched to the voicemail; the voicemail then went on to the e-mail.
    assert state_of(states, "e-1").steps_done == 3
    e4, e5 = state_of(states, "e-4"), state_of(states, "e-5")
    assert (e4.status, e4.exit_reason) == ("exited", "meeting_booked")
    assert e4.exited_at == at("2026-11-24T01:00:00Z")
    assert (e5.status, e5.exit_reason) == ("exited", "replied")
    # A/B: assignment is a function of the enrollment id, and both variants are used.
    seen: Counter[str | None] = Counter()
    for i in range(400):
        e = enrollment(f"ab-{i}")
        events = [call("2026-11-23T15:00:00Z", "connected")]
        a, b = playbook.replay(e, events), playbook.replay(e, events)
        assert a.step_id == "email-1"
        assert a.variant == b.variant
        seen[a.variant] += 1
    assert set(seen) == {"welcome-short", "welcome-long"}
    assert all(160 <= n <= 240 for n in seen.values())
    # The last step of new-member chains to renewal-nurture.
    state = playbook.start(enrollment("chain", enrolled_at=at("2026-11-02T14:00:00Z")))
    for step in ["call-1", "vm-1", "email-1", "call-2", "text-1", "task-1"]:
        when = state.due_at + datetime.timedelta(minutes=5)
        state = playbook.apply(state, {"event": "step_done", "at": when, "step": step})
    assert (state.cadence_id, state.step_id, state.status) == (
        "renewal-nurture",
        "social-1",
        "active",
    )


def test_states_are_immutable_values(
    playbook: callwise.Playbook, states: list[callwise.EnrollmentState]
) -> None:
    e6 = state_of(states, "e-6")
    before = e6.to_dict()
    after = playbook.apply(e6, call("2026-11-24T20:00:00Z", "no_answer"))
    assert e6.to_dict() == before
    assert (e6.step_id, after.step_id) == ("call-1", "call-2")
    assert after != e6
    assert after == playbook.apply(e6, call("2026-11-24T20:00:00Z", "no_answer"))
    with pytest.raises(AttributeError):
        e6.step_id = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        hash(e6)
    assert repr(e6) == (
        "<EnrollmentState id='e-6' cadence_id='old-nos' step_id='call-1' status='active' "
        "due_at=2026-11-24T19:00:00Z>"
    )


def test_events_as_datetimes_or_strings_give_the_same_state(
    scenario: dict[str, Any], playbook: callwise.Playbook, states: list[callwise.EnrollmentState]
) -> None:
    e1 = scenario["enrollments"][0]
    eastern = datetime.timezone(datetime.timedelta(hours=-5))
    as_datetimes = [{**event, "at": at(event["at"]).astimezone(eastern)} for event in e1["events"]]
    fields = {**e1["enrollment"], "enrolled_at": at(e1["enrollment"]["enrolled_at"])}
    # In any order: replay sorts by instant.
    assert playbook.replay(fields, reversed(as_datetimes)) == states[0]
    assert playbook.replay(e1["enrollment"], tuple(e1["events"])) == states[0]


def test_pause_resumes_by_itself_and_bad_events_are_refused(
    book: callwise.Book, playbook: callwise.Playbook, states: list[callwise.EnrollmentState]
) -> None:
    e3 = state_of(states, "e-3")
    assert e3.status == "paused"
    assert e3.paused_until == at("2026-11-30T00:00:00Z")
    # Paused until 30 November 00:00 UTC: nothing due before, due on the 30th after.
    before = playbook.due_on(book, states, "rep-b", datetime.date(2026, 11, 25))
    assert all(d["enrollment_id"] != "e-3" for d in before)
    after = playbook.due_on(book, states, "rep-b", "2026-11-30")
    step = next(d for d in after if d["enrollment_id"] == "e-3")
    assert step["window_start"] == "2026-11-30T19:00:00Z"  # 09:00 in Honolulu
    bad = [
        {"event": "step_done", "at": "2026-11-24T00:00:00Z", "step": "call-1"},
        {"event": "paused", "at": "2026-11-24T00:00:00Z", "until": "2026-11-23T00:00:00Z"},
        {"event": "moved_to_cadence", "at": "2026-11-24T00:00:00Z", "cadence": "nowhere"},
        {"event": "resumed", "at": "2026-11-01T00:00:00Z"},
    ]
    snapshot = e3.to_dict()
    for event in bad:
        with pytest.raises(callwise.InvalidArgumentError) as info:
            playbook.apply(e3, event)
        assert info.value.name == "event"
        assert e3.to_dict() == snapshot


def test_malformed_dicts_are_invalid_arguments(
    playbook: callwise.Playbook, states: list[callwise.EnrollmentState]
) -> None:
    e1 = states[0]
    cases: list[tuple[dict[Any, Any], str]] = [
        ({"event": "teleported", "at": "2026-11-26T00:00:00Z"}, "unknown variant"),
        ({"event": "resumed"}, "missing field `at`"),
        ({"event": "resumed", "at": "yesterday"}, "not an RFC 3339 instant"),
        ({"event": "resumed", "at": datetime.datetime(2026, 11, 26)}, "field `at`: "),
        ({"event": "resumed", "at": "2026-11-26T00:00:00Z", "extra": 1}, "unknown field"),
        ({"event": "resumed", "at": {1, 2}}, "field `at`: a set has no JSON form"),
        ({"event": "resumed", 1: 2}, "the key 1 is not a string"),
    ]
    for event, message in cases:
        with pytest.raises(callwise.InvalidArgumentError) as info:
            playbook.apply(e1, event)
        assert info.value.name == "event", event
        assert message in info.value.reason, (event, info.value.reason)
    with pytest.raises(callwise.InvalidArgumentError) as bad_enrollment:
        playbook.start({"id": 1})
    assert bad_enrollment.value.name == "enrollment"
    with pytest.raises(callwise.InvalidArgumentError) as bad_events:
        playbook.replay(enrollment("x"), [{"event": "resumed"}])
    assert bad_events.value.name == "events"
    with pytest.raises(callwise.InvalidArgumentError) as bad_coverage:
        playbook.due_for_all(callwise.sample_book(members=1), [], "2026-11-30", {"policy": "x"})
    assert bad_coverage.value.name == "coverage"
    with pytest.raises(TypeError):
        playbook.due_for_all(callwise.sample_book(members=1), ["not a state"], "2026-11-30")  # type: ignore[list-item]


def test_negative_or_huge_waits_are_refused(scenario: dict[str, Any]) -> None:
    text = json.dumps(scenario["playbook"], separators=(",", ":"))
    assert '"amount":7' in text
    with pytest.raises(callwise.JsonError) as info:
        callwise.Playbook.from_json(text.replace('"amount":7', '"amount":-7'))
    assert "-7 calendar_days: a wait is 0 to 3660" in str(info.value)
    with pytest.raises(callwise.JsonError):
        callwise.Playbook.from_json(text.replace('"amount":7', '"amount":3661'))
    with pytest.raises(callwise.JsonError):
        callwise.Playbook.from_json("{}")


def test_a_reps_week_off_shifts_or_reassigns_every_step_once(
    book: callwise.Book, playbook: callwise.Playbook, states: list[callwise.EnrollmentState]
) -> None:
    away = [{"rep_id": "rep-a", "from": datetime.date(2026, 11, 23), "to": "2026-11-27"}]
    shift = {"absences": away, "policy": "shift"}
    reassign = {"absences": away, "policy": "reassign"}
    covered_by_rep_c = 0
    for day in ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-27"]:
        assert playbook.due_on(book, states, "rep-a", day, shift) == []
        covered = playbook.due_for_all(book, states, day, reassign)
        plain = playbook.due_for_all(book, states, day)
        assert sorted(s["enrollment_id"] for s in covered) == sorted(
            s["enrollment_id"] for s in plain
        )
        for step in covered:
            assert step["rep_id"] != "rep-a"
            if step["owner_rep_id"] == "rep-a" and step["account_id"] == "acc-ny":
                assert step["rep_id"] == "rep-c"
                assert step["reason"].endswith("covering for rep-a, away")
                covered_by_rep_c += 1
    assert covered_by_rep_c > 0  # the week off did reassign some of rep-a's steps
    # Back on Monday 30 November, the shifted steps are rep-a's again, overdue.
    back = playbook.due_on(book, states, "rep-a", "2026-11-30", shift)
    e2 = next(s for s in back if s["enrollment_id"] == "e-2")
    assert "overdue since 2026-11-27" in e2["reason"]
    with pytest.raises(callwise.NotFoundError):
        playbook.due_on(book, states, "rep-z", "2026-11-30", shift)


def test_unknown_zone_and_cadence_are_refused_at_enrollment(playbook: callwise.Playbook) -> None:
    with pytest.raises(callwise.UnknownTimeZoneError) as zone:
        playbook.start(enrollment("x", time_zone="Mars/Base"))
    assert zone.value.zone == "Mars/Base"
    with pytest.raises(callwise.InvalidArgumentError) as cadence:
        playbook.start(enrollment("x", cadence_id="nope"))
    assert cadence.value.name == "cadence_id"
    with pytest.raises(callwise.InvalidArgumentError) as naive:
        playbook.start(enrollment("x", enrolled_at=datetime.datetime(2026, 11, 23, 9)))
    assert naive.value.name == "enrollment"


def test_a_due_instant_past_pythons_years_is_an_invalid_argument(
    playbook: callwise.Playbook,
) -> None:
    # Enrolled at noon on 31 December 9999: the first step would fall due in the year
    # 10000, past every instant callwise answers with (and every Python datetime), so
    # the core refuses to start it.
    with pytest.raises(callwise.InvalidArgumentError) as info:
        playbook.start(enrollment("late", enrolled_at=at("9999-12-31T12:00:00Z")))
    assert "before the end of the year 9999" in info.value.reason


def test_enrollment_for_contact(book: callwise.Book, playbook: callwise.Playbook) -> None:
    e = callwise.enrollment_for_contact(
        book, "e-9", "old-nos", "con-travel", "rep-a", at("2026-11-24T12:00:00Z")
    )
    assert e == {
        "id": "e-9",
        "cadence_id": "old-nos",
        "contact_id": "con-travel",
        "account_id": "acc-ny",
        "rep_id": "rep-a",
        "time_zone": "Pacific/Honolulu",  # the contact's own zone
        "enrolled_at": "2026-11-24T12:00:00Z",
    }
    assert playbook.start(e).due_at == at("2026-11-24T19:00:00Z")  # 09:00 in Honolulu
    with pytest.raises(callwise.NotFoundError) as contact:
        callwise.enrollment_for_contact(
            book, "e", "old-nos", "nobody", "rep-a", at("2026-11-24T12:00:00Z")
        )
    assert contact.value.kind == "contact"
    with pytest.raises(callwise.NotFoundError) as rep:
        callwise.enrollment_for_contact(
            book, "e", "old-nos", "con-ny-1", "rep-z", at("2026-11-24T12:00:00Z")
        )
    assert rep.value.kind == "rep"


def test_playbooks_as_data(playbook: callwise.Playbook, scenario: dict[str, Any]) -> None:
    assert playbook.cadence_ids() == ["new-member", "renewal-nurture", "old-nos"]
    cadence = playbook.cadence("old-nos")
    assert cadence is not None
    assert cadence == scenario["playbook"]["cadences"][2]
    assert playbook.cadence("nope") is None
    assert playbook.business_hours == (datetime.time(9, 0), datetime.time(17, 0))
    assert playbook.calendar == callwise.BusinessCalendar.us_federal()
    assert callwise.Playbook.from_json(playbook.to_json()) == playbook
    assert pickle.loads(pickle.dumps(playbook)) == playbook
    assert repr(playbook) == (
        "<Playbook cadences=['new-member', 'renewal-nurture', 'old-nos'] "
        "business_hours=09:00-17:00>"
    )

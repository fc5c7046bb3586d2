"""Index look-ups: records come out in exactly the book's JSON shape, in core's order."""

from __future__ import annotations

import ast
import json
import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import callwise
import callwise.team

STUB = Path(callwise.__file__).with_name("_core.pyi")


@pytest.fixture(scope="module")
def book(sample_json: str) -> callwise.Book:
    return callwise.Book.from_json(sample_json)


@pytest.fixture(scope="module")
def data(sample_json: str) -> dict[str, Any]:
    """The fixture book as plain JSON data: what each record must equal."""
    parsed: dict[str, Any] = json.loads(sample_json)
    return parsed


def utc(at: str) -> datetime:
    # fromisoformat reads a final "Z" only from Python 3.11 on.
    return datetime.fromisoformat(at.replace("Z", "+00:00"))


def of(data: dict[str, Any], kind: str, account_id: str) -> list[Any]:
    """The records of one kind on an account, in book order."""
    return [r for r in data[kind] if r["account_id"] == account_id]


def test_account_is_the_fixture_record(book: callwise.Book, data: dict[str, Any]) -> None:
    for record in data["accounts"]:
        assert book.account(record["id"]) == record
    co_owned = book.account("acc-0000003")
    assert co_owned is not None
    assert co_owned["co_owners"][0]["rep_id"] == "rep-sales-0001"
    solo = book.account("acc-0000001")
    assert solo is not None
    assert "co_owners" not in solo  # absent when empty, as in the JSON


def test_rep_is_the_fixture_record(book: callwise.Book, data: dict[str, Any]) -> None:
    for record in data["reps"]:
        assert book.rep(record["id"]) == record


@pytest.mark.parametrize("missing", ["nope", "", "rep-sales-0001 ", "ACC-0000001"])
def test_unknown_ids(book: callwise.Book, missing: str) -> None:
    assert book.account(missing) is None
    assert book.rep(missing) is None
    assert book.accounts_owned_by(missing) == []
    assert book.contacts_of(missing) == []
    assert book.activities_of(missing) == []
    assert book.opportunities_of(missing) == []
    assert book.memberships_of(missing) == []
    assert book.handoffs_of(missing) == []


def test_ids_of_another_kind_are_unknown(book: callwise.Book) -> None:
    assert book.account("rep-sales-0001") is None
    assert book.rep("acc-0000001") is None
    assert book.accounts_owned_by("acc-0000001") == []
    assert book.activities_of("rep-sales-0001") == []


def test_accounts_owned_by(book: callwise.Book, data: dict[str, Any]) -> None:
    for rep in book.rep_ids():
        expected = [
            a
            for a in data["accounts"]
            if rep in {o["rep_id"] for o in [a["primary_owner"], *a.get("co_owners", [])]}
        ]
        assert book.accounts_owned_by(rep) == expected
    co_owned = [a["id"] for a in book.accounts_owned_by("rep-sales-0001")]
    assert "acc-0000003" in co_owned  # co-owned: its primary owner is someone else


def test_records_of_every_account(book: callwise.Book, data: dict[str, Any]) -> None:
    for account in data["accounts"]:
        a = account["id"]
        assert book.opportunities_of(a) == of(data, "opportunities", a)
        assert book.memberships_of(a) == of(data, "memberships", a)
        # Oldest first; sorted() is stable, so ties stay in book order.
        assert book.handoffs_of(a) == sorted(of(data, "handoffs", a), key=lambda h: utc(h["at"]))
        assert book.activities_of(a) == sorted(
            of(data, "activities", a), key=lambda x: utc(x["at"])
        )
        contacts = book.contacts_of(a)
        assert [c.id for c in contacts] == [c["id"] for c in of(data, "contacts", a)]
        for contact in contacts:
            assert isinstance(contact, callwise.Contact)
            assert contact.account_id == a
            assert contact.time_zone == book.contact_time_zone(contact.id)
    # The fixture has records of every kind for these look-ups to return.
    assert all(data[kind] for kind in ("opportunities", "memberships", "handoffs"))


def test_activities_of_is_time_ordered(book: callwise.Book, data: dict[str, Any]) -> None:
    seen = 0
    for account in data["accounts"]:
        times = [utc(x["at"]) for x in book.activities_of(account["id"])]
        assert times == sorted(times)
        seen += len(times)
    assert seen == len(data["activities"])
    # Listed newest first, they come out oldest first: the order is the index's.
    data = {**data, "activities": data["activities"][::-1]}
    backwards = callwise.Book.from_json(json.dumps(data))
    first = [x["id"] for x in backwards.activities_of("acc-0000004")]
    assert first == [x["id"] for x in book.activities_of("acc-0000004")]
    assert first != [x["id"] for x in of(data, "activities", "acc-0000004")]


def test_activities_at_the_same_time_stay_in_book_order(sample_json: str) -> None:
    data = json.loads(sample_json)
    data["activities"].reverse()
    for activity in of(data, "activities", "acc-0000004"):
        activity["at"] = "2025-01-06T15:00:00Z"
    book = callwise.Book.from_json(json.dumps(data))
    expected = [x["id"] for x in of(data, "activities", "acc-0000004")]
    assert len(expected) > 2
    assert [x["id"] for x in book.activities_of("acc-0000004")] == expected


CHANNELS = ["call", "email", "voicemail", "text", "meeting", "webinar", "event"]


def test_contact_details_are_the_fixture_record(book: callwise.Book, data: dict[str, Any]) -> None:
    for record in data["contacts"]:
        contact = book.contact(record["id"])
        assert contact is not None
        assert contact.phones == record.get("phones", [])
        assert contact.emails == record.get("emails", [])
        assert contact.consent == record.get("consent", {})
    elliot = book.contact("con-0000001")
    assert elliot is not None
    assert elliot.phones == [{"number": "+13035550138", "kind": "work"}]
    assert elliot.emails == [{"address": "elliot.kowalski1@example.org", "primary": True}]
    assert elliot.consent == {"call": "granted", "text": "denied"}


def test_consent_for_listed_and_unlisted_channels(
    book: callwise.Book, data: dict[str, Any]
) -> None:
    elliot = book.contact("con-0000001")
    assert elliot is not None
    assert elliot.consent_for("call") == "granted"  # listed
    assert elliot.consent_for("text") == "denied"  # listed
    assert elliot.consent_for("email") == "unknown"  # not listed
    for record in data["contacts"]:
        contact = book.contact(record["id"])
        assert contact is not None
        for channel in CHANNELS:
            expected = record.get("consent", {}).get(channel, "unknown")
            assert contact.consent_for(channel) == expected


def test_contact_without_details(sample_json: str) -> None:
    data = json.loads(sample_json)
    record = data["contacts"][0]
    del record["phones"], record["emails"]
    record["consent"] = {"email": "unknown", "text": "denied"}
    contact = callwise.Book.from_json(json.dumps(data)).contact(record["id"])
    assert contact is not None
    assert (contact.phones, contact.emails) == ([], [])
    # Exactly as the JSON has it: an explicit "unknown" stays, unlisted channels are absent.
    assert contact.consent == {"email": "unknown", "text": "denied"}
    assert contact.consent_for("email") == "unknown"
    assert contact.consent_for("call") == "unknown"
    del record["consent"]
    contact = callwise.Book.from_json(json.dumps(data)).contact(record["id"])
    assert contact is not None
    assert contact.consent == {}
    assert [contact.consent_for(c) for c in CHANNELS] == ["unknown"] * len(CHANNELS)


@pytest.mark.parametrize("channel", ["fax", "", "Call", "call ", "granted", '"call"'])
def test_consent_for_unknown_channel(book: callwise.Book, channel: str) -> None:
    contact = book.contact("con-0000001")
    assert contact is not None
    with pytest.raises(callwise.InvalidArgumentError) as info:
        contact.consent_for(channel)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.name == "channel"
    assert "expected one of `call`, `email`" in err.reason
    assert str(err).startswith("invalid argument `channel`: ")


def test_consent_for_needs_a_str(book: callwise.Book) -> None:
    contact = book.contact("con-0000001")
    assert contact is not None
    loose: Any = contact.consent_for
    with pytest.raises(TypeError):
        loose(1)
    with pytest.raises(TypeError):
        loose(None)


def test_contact_repr_has_no_personal_data(book: callwise.Book, data: dict[str, Any]) -> None:
    for record in data["contacts"]:
        contact = book.contact(record["id"])
        assert contact is not None
        text = repr(contact)
        assert text == f"<Contact id={record['id']!r} account_id={record['account_id']!r}>"
        private = [record["name"]]
        private += [p["number"] for p in record.get("phones", [])]
        private += [e["address"] for e in record.get("emails", [])]
        assert not [p for p in private if p in text]


def test_results_are_fresh_copies(book: callwise.Book) -> None:
    account = book.account("acc-0000004")
    assert account is not None
    account["name"] = "changed"
    book.activities_of("acc-0000004").clear()
    again = book.account("acc-0000004")
    assert again is not None
    assert again["name"] != "changed"
    assert book.activities_of("acc-0000004")
    contact = book.contact("con-0000001")
    assert contact is not None
    contact.phones.clear()
    contact.emails[0]["primary"] = False
    contact.consent["call"] = "denied"
    assert contact.phones
    assert contact.emails[0]["primary"] is True
    assert contact.consent["call"] == "granted"


def test_typed_dicts_fit_the_records(book: callwise.Book) -> None:
    # The annotations are for mypy (which checks the stub's TypedDicts against this
    # use); at run time they are never evaluated.
    account: callwise.AccountDict | None = book.account("acc-0000002")
    assert account is not None
    owner: callwise.OwnershipDict = account["primary_owner"]
    assert owner["role"] == "service"
    rep: callwise.RepDict | None = book.rep(owner["rep_id"])
    assert rep is not None
    assert rep.get("team_id") == "team-membership-1"
    membership: callwise.MembershipDict = book.memberships_of("acc-0000004")[0]
    dues: callwise.MoneyDict = membership["dues"]
    lapses: list[callwise.LapseDict] = membership.get("lapses", [])
    renewals: list[callwise.RenewalDict] = membership.get("renewals", [])
    assert (dues["currency"], len(lapses), renewals) == ("USD", 1, [])
    opportunity: callwise.OpportunityDict = book.opportunities_of("acc-0000041")[0]
    assert opportunity["amount"]["amount_minor"] > 0
    activity: callwise.ActivityDict = book.activities_of("acc-0000004")[0]
    assert activity.get("duration_seconds", 0) >= 0
    first_task = json.loads(book.to_json())["tasks"][0]
    task: callwise.TaskDict | None = book.task(first_task["id"])
    assert task == first_task
    handoff: callwise.HandoffDict = book.handoffs_of("acc-0000062")[0]
    assert handoff["direction"] == "sales_to_operations"
    contact = book.contact("con-0000001")
    assert contact is not None
    phone: callwise.PhoneDict = contact.phones[0]
    email: callwise.EmailDict = contact.emails[0]
    consent: dict[str, str] = contact.consent
    assert (phone["kind"], email["primary"], consent["call"]) == ("work", True, "granted")


def test_stub_typed_dicts_describe_every_record() -> None:
    """The stub's TypedDicts (read with ``ast``) match what the binding returns: the
    required keys are always there, no other keys appear, every value has the declared
    type (Literal values included), and every declared key turns up somewhere."""
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    aliases = {
        node.target.id: node.value
        for node in tree.body
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
        if node.value is not None
    }
    shapes: dict[str, dict[str, tuple[bool, ast.expr]]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name.endswith("Dict"):
            fields = {}
            for stmt in node.body:
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                    ann, required = stmt.annotation, True
                    if isinstance(ann, ast.Subscript) and ast.unparse(ann.value) == "NotRequired":
                        ann, required = ann.slice, False
                    fields[stmt.target.id] = (required, ann)
            shapes[node.name] = fields
        # The functional form, for keys that are Python keywords: X = TypedDict("X", {...}).
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and ast.unparse(node.value.func) == "TypedDict"
            and isinstance(node.value.args[1], ast.Dict)
            and ast.literal_eval(node.value.args[0]).endswith("Dict")
        ):
            table = node.value.args[1]
            shapes[ast.literal_eval(node.value.args[0])] = {
                ast.literal_eval(k): (True, v) for k, v in zip(table.keys, table.values) if k
            }
    seen: set[tuple[str, str]] = set()
    scalars: dict[str, type] = {"str": str, "int": int, "float": float, "bool": bool}

    def check(value: object, ann: ast.expr, where: str) -> None:
        name = ast.unparse(ann)
        if name in aliases:
            check(value, aliases[name], where)
        elif name in shapes:
            assert isinstance(value, dict), where
            for key, (required, _) in shapes[name].items():
                assert not required or key in value, f"{where}: {name}.{key} missing"
            for key, item in value.items():
                assert key in shapes[name], f"{where}: {name} has no key {key!r}"
                seen.add((name, key))
                check(item, shapes[name][key][1], f"{where}.{key}")
        elif name in scalars:
            assert type(value) is scalars[name], f"{where}: {value!r} is not a {name}"
        elif isinstance(ann, ast.Subscript) and ast.unparse(ann.value) == "list":
            assert isinstance(value, list), where
            for i, item in enumerate(value):
                check(item, ann.slice, f"{where}[{i}]")
        elif isinstance(ann, ast.Subscript) and ast.unparse(ann.value) == "dict":
            assert isinstance(value, dict), where  # free-form (a checklist's answers)
        elif isinstance(ann, ast.Subscript) and ast.unparse(ann.value) == "Literal":
            allowed = ast.literal_eval(ann.slice)
            assert value in (allowed if isinstance(allowed, tuple) else (allowed,)), where
        else:
            raise AssertionError(f"{where}: the test does not know the annotation {name}")

    # Contact.consent is dict[str, str] in the stub; its values are these.
    consent_values = ast.parse('Literal["granted", "denied", "unknown"]', mode="eval").body
    book = callwise.sample_book(seed=7, members=300)
    look_ups: list[tuple[Callable[[str], Sequence[Mapping[str, Any]]], str]] = [
        (book.activities_of, "ActivityDict"),
        (book.opportunities_of, "OpportunityDict"),
        (book.memberships_of, "MembershipDict"),
        (book.handoffs_of, "HandoffDict"),
    ]
    for rep in book.rep_ids():
        check(book.rep(rep), ast.Name("RepDict"), rep)
        for account in book.accounts_owned_by(rep):
            check(account, ast.Name("AccountDict"), account["id"])
            a = account["id"]
            check(book.account(a), ast.Name("AccountDict"), a)
            for look_up, shape in look_ups:
                for record in look_up(a):
                    check(record, ast.Name(shape), record["id"])
            for contact in book.contacts_of(a):
                check(contact.phones, ast.parse("list[PhoneDict]", mode="eval").body, contact.id)
                check(contact.emails, ast.parse("list[EmailDict]", mode="eval").body, contact.id)
                for channel, consent in contact.consent.items():
                    check(channel, ast.Name("_Channel"), f"{contact.id}.consent")
                    check(consent, consent_values, f"{contact.id}.consent.{channel}")
    for record in json.loads(book.to_json())["tasks"]:
        check(book.task(record["id"]), ast.Name("TaskDict"), record["id"])
    # The call lists' dicts, on the call-list fixture: last touches, a cut (a day of six
    # minutes) and every kind of change a logged call makes.
    shared = Path(__file__).resolve().parents[2] / "tests"
    fixture = callwise.Book.from_json((shared / "fixtures" / "call_list_book.json").read_text())
    short: dict[str, object] = {"working_hours": {"start": "13:00", "end": "13:06"}}
    day = "2026-11-24"
    configs: list[dict[str, object] | None] = [None, short]
    for config in configs:
        calls = fixture.next_day_call_list("rep-ny", day, config)
        check(calls.cut, ast.parse("list[CutDict]", mode="eval").body, "cut")
        for entry in calls.entries:
            check(entry.last_touch, ast.Name("TouchDict"), entry.account_id)
    capped: dict[str, object] = {
        "calling_rules": {
            "window": {"start": "08:00", "end": "21:00"},
            "max_attempts_per_account_per_day": 1,
        }
    }
    call = {
        "id": "a",
        "account_id": "acc-ny",
        "contact_id": "con-ny-1",
        "rep_id": "rep-ny",
        "at": "2026-11-24T14:00:00Z",
        "channel": "call",
        "direction": "outbound",
        "outcome": "no_answer",
    }
    for config, activity in [
        (None, call),
        (capped, call),
        (None, {**call, "outcome": "connected"}),
        (None, {**call, "account_id": "acc-la", "contact_id": "con-la-1"}),
    ]:
        calls = fixture.next_day_call_list("rep-ny", day, config)
        check(calls.log_activity(fixture, activity, config), ast.Name("ChangeDict"), "change")
    # The team's dicts, from the shared team scenario: a pool worked through its script
    # (claims, releases, logged calls, an account whose window closes), its leaderboard,
    # goals in two currencies and the baton's every move.
    scenario = json.loads((shared / "fixtures" / "team_scenario.json").read_text())
    team_book = callwise.Book.from_json((shared / "fixtures" / scenario["book"]).read_text())
    p = scenario["pool"]
    pool = team_book.blitz_pool(
        p["team_id"], utc(p["start"]), p["minutes"], p["source"], team_config=scenario["config"]
    )
    for op in scenario["script"]:
        try:
            if op["op"] == "claim_account":
                claim = pool.claim_account(op["rep_id"], op["account_id"], utc(op["at"]))
                check(claim, ast.Name("ClaimDict"), "claim")
            elif op["op"] == "log_call":
                pool.log_call(op["activity"])
            elif op["op"] == "release":
                pool.release(op["rep_id"], op["account_id"], utc(op["at"]))
        except callwise.CallwiseError:
            pass  # the script's refused moves
    when = utc(scenario["snapshot_at"])
    check(pool.remaining(when), ast.Name("RemainingDict"), "remaining")
    check(pool.left(), ast.parse("list[LeftPoolDict]", mode="eval").body, "left")
    check(pool.leaderboard(), ast.Name("LeaderboardDict"), "leaderboard")
    goals = scenario["goals"]
    progress = team_book.goal_progress(goals["goals"], goals["as_of"], scenario["config"])
    check(progress, ast.parse("list[GoalProgressDict]", mode="eval").body, "goals")
    current = team_book
    trail: list[Any] = []
    for op in scenario["baton"]:
        try:
            if op["op"] == "propose":
                move = callwise.team.propose_handoff(current, op["proposal"], trail)
            elif op["op"] == "accept":
                move = callwise.team.accept_handoff(
                    current, op["handoff_id"], op["rep_id"], utc(op["at"]), trail
                )
            else:
                move = callwise.team.reject_handoff(
                    current, op["handoff_id"], op["rep_id"], utc(op["at"]), op["reason"], trail
                )
        except callwise.CallwiseError:
            continue  # the invalid moves the scenario tries
        check(move.steps, ast.parse("list[BatonStepDict]", mode="eval").body, "steps")
        trail.extend(move.steps)
        current = move.changes.apply(current)
        for account in scenario["baton_accounts"]:
            check(callwise.team.baton(current, account, trail), ast.Name("BatonDict"), account)
    declared = {(name, key) for name, fields in shapes.items() for key in fields}
    assert declared - seen == set(), "declared keys the sample book never produced"


def test_look_ups_from_threads(book: callwise.Book) -> None:
    expected = {rep: book.accounts_owned_by(rep) for rep in book.rep_ids()}
    results: list[bool] = []

    def work() -> None:
        for _ in range(20):
            results.append({r: book.accounts_owned_by(r) for r in book.rep_ids()} == expected)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [True] * 80

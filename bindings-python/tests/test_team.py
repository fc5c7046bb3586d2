"""The team at work through the Python binding: the shared scenario byte for byte, then
the seam (types, instants, errors, threads claiming one pool at once, books rebuilt from
the changes). The logic is tested in Rust (core/tests/team.rs)."""

from __future__ import annotations

import datetime
import doctest
import json
import threading
from pathlib import Path
from typing import Any

import pytest

import callwise
import callwise.team
from callwise.team import (
    BlitzPool,
    BookChanges,
    accept_handoff,
    baton,
    default_team_config,
    leaderboard,
    propose_handoff,
    reject_handoff,
    wrap_ups,
)

UTC = datetime.timezone.utc


@pytest.fixture(scope="module")
def scenario(shared: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (shared / "fixtures" / "team_scenario.json").read_text(encoding="utf-8")
    )
    return loaded


@pytest.fixture(scope="module")
def book(shared: Path, scenario: dict[str, Any]) -> callwise.Book:
    return callwise.Book.from_json(
        (shared / "fixtures" / scenario["book"]).read_text(encoding="utf-8")
    )


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def pretty(record: Any) -> str:
    """A record dict as the core writes it: two-space indents, a final newline."""
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def pool_of(book: callwise.Book, scenario: dict[str, Any]) -> BlitzPool:
    p = scenario["pool"]
    return book.blitz_pool(
        p["team_id"],
        at(p["start"]),
        p["minutes"],
        source=p["source"],
        team_config=scenario["config"],
    )


def test_the_shared_scenario_gives_the_committed_answers(
    shared: Path, scenario: dict[str, Any], book: callwise.Book
) -> None:
    config = scenario["config"]
    pool = pool_of(book, scenario)
    out = "== pool\n" + pretty(pool.snapshot(at(scenario["pool"]["start"])))
    out += "== script\n"
    for op in scenario["script"]:
        rep, account, when = op.get("rep_id"), op.get("account_id"), op.get("at")
        kind = op["op"]
        try:
            if kind == "claim":
                line = f"claim {rep} {when}"
                result = pool.claim(rep, at(when)) or "none"
            elif kind == "claim_account":
                line = f"claim_account {rep} {account} {when}"
                result = pool.claim_account(rep, account, at(when))["account_id"]
            elif kind == "release":
                line = f"release {rep} {account} {when}"
                pool.release(rep, account, at(when))
                result = "ok"
            elif kind == "log_call":
                line = f"log_call {op['activity']['id']}"
                pool.log_call(op["activity"])
                result = "ok"
            else:
                line = f"drain {rep} {when}"
                got = []
                while (claimed := pool.claim(rep, at(when))) is not None:
                    got.append(claimed)
                result = ",".join(got) or "none"
        except callwise.CallwiseError as err:
            result = f"error: {err}"
        out += f"{line}: {result}\n"
    out += "== snapshot\n" + pretty(pool.snapshot(at(scenario["snapshot_at"])))
    out += "== leaderboard\n" + pretty(pool.leaderboard())
    w = scenario["wrap_up"]
    progress = book.goal_progress(
        scenario["goals"]["goals"], scenario["goals"]["as_of"], team_config=config
    )
    wrap_up = book.daily_wrap_up(w["rep_id"], w["day"], w["notes"], team_config=config)
    mine = [p for p in progress if p.get("rep_id") == w["rep_id"]]
    out += "== wrap-up\n" + wrap_up.to_json() + wrap_up.to_email(mine)
    changes = wrap_up.file(book, at(w["filed_at"]))
    out += "== filed\n" + changes.to_json()
    tomorrow = changes.apply(book)
    out += "== next day\n" + tomorrow.next_day_call_list(w["rep_id"], w["next_day"]).to_json()
    out += "== goals\n" + "".join(pretty(p) for p in progress)
    out += "== baton\n"
    current = book
    trail: list[Any] = []
    for op in scenario["baton"]:
        kind = op["op"]
        try:
            if kind == "propose":
                line = f"propose {op['proposal']['handoff_id']}"
                move = propose_handoff(current, op["proposal"], trail)
            elif kind == "accept":
                line = f"accept {op['handoff_id']} {op['rep_id']}"
                move = accept_handoff(current, op["handoff_id"], op["rep_id"], at(op["at"]), trail)
            else:
                line = f"reject {op['handoff_id']} {op['rep_id']}"
                move = reject_handoff(
                    current, op["handoff_id"], op["rep_id"], at(op["at"]), op["reason"], trail
                )
            trail.extend(move.steps)
            current = move.changes.apply(current)
            result = "ok"
        except callwise.CallwiseError as err:
            result = f"error: {err}"
        out += f"{line}: {result}\n"
    out += "".join(pretty(baton(current, a, trail)) for a in scenario["baton_accounts"])
    expected = (shared / "conformance" / "team.txt").read_text(encoding="utf-8")
    assert out == expected


def test_sixteen_python_threads_claim_a_pool_dry_each_account_once(
    book: callwise.Book, scenario: dict[str, Any]
) -> None:
    big = callwise.sample_book(seed=11, members=1500)
    start = datetime.datetime(2026, 11, 3, 19, 0, tzinfo=UTC)
    pool = big.blitz_pool("team-sales-1", start, 180, source="crankathon")
    reps = sorted({a["split_rep_id"] for a in pool.snapshot(start)["accounts"]})
    assert len(pool) > 16
    got: list[list[str]] = [[] for _ in range(16)]
    go = threading.Barrier(16)

    def work(t: int) -> None:
        go.wait()
        while (account := pool.claim(reps[t % len(reps)], start)) is not None:
            got[t].append(account)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    handed = [a for mine in got for a in mine]
    assert len(handed) == len(set(handed)), "an account was handed out twice"
    remaining = pool.remaining(start)
    assert remaining["free"] == 0
    assert remaining["claimed"] == len(handed)
    assert len(handed) + remaining["left"] == len(pool)


def test_pool_records_are_typed_dicts(book: callwise.Book, scenario: dict[str, Any]) -> None:
    pool = pool_of(book, scenario)
    start = at(scenario["pool"]["start"])
    assert (pool.team_id, pool.start, pool.end) == (
        "team-blitz",
        start,
        start + datetime.timedelta(minutes=120),
    )
    assert pool.start.tzinfo is UTC
    claim = pool.claim_account("rep-ny", "acc-bos", start)
    assert claim == {
        "account_id": "acc-bos",
        "contact_id": "con-bos",
        "rep_id": "rep-ny",
        "claimed_at": "2026-11-24T18:00:00Z",
        "expires_at": "2026-11-24T18:20:00Z",
    }
    # An instant in any zone is the same instant.
    eastern = datetime.timezone(datetime.timedelta(hours=-5))
    pool.release("rep-ny", "acc-bos", datetime.datetime(2026, 11, 24, 13, 1, tzinfo=eastern))
    assert pool.remaining(start) == {"free": 12, "claimed": 0, "called": 0, "left": 0}
    entry = pool.entry("acc-ny1")
    assert entry is not None
    assert entry["reasons"][0]["source"] == "opportunity_follow_up"
    assert pool.entry("acc-west") is None
    assert pool.left() == []
    assert pool.logged() == []
    assert isinstance(BookChanges.from_json("{}"), BookChanges)
    assert default_team_config()["claim_minutes"] == 15
    assert "BlitzPool team-blitz" in repr(pool)


def test_bad_input_is_a_typed_error(book: callwise.Book, scenario: dict[str, Any]) -> None:
    pool = pool_of(book, scenario)
    start = at(scenario["pool"]["start"])
    with pytest.raises(callwise.InvalidArgumentError, match="closed"):
        pool.claim("rep-ny")  # now: that block is long over
    with pytest.raises(callwise.InvalidArgumentError) as info:
        pool.claim("rep-ny", datetime.datetime(2026, 11, 24, 18, 0))  # naive
    assert info.value.name == "at"
    with pytest.raises(callwise.NotFoundError):
        pool.claim("rep-ghost", start)
    pool.claim_account("rep-ny", "acc-bos", start)
    with pytest.raises(callwise.InvalidArgumentError, match="claimed by rep rep-ny") as held:
        pool.release("rep-chi", "acc-bos", start)
    assert held.value.name == "account_id"
    with pytest.raises(callwise.InvalidArgumentError, match="activity"):
        pool.log_call({"id": "a"})
    with pytest.raises(callwise.InvalidArgumentError, match="source"):
        book.blitz_pool("team-blitz", start, 60, source="next_day")  # type: ignore[arg-type]
    with pytest.raises(callwise.InvalidArgumentError, match="claim_minutes"):
        book.blitz_pool(
            "team-blitz", start, 60, source="power_hour", team_config={"claim_minutes": 0}
        )
    with pytest.raises(callwise.JsonError):
        book.blitz_pool("team-blitz", start, 60, source="power_hour", team_config="{")
    with pytest.raises(callwise.NotFoundError):
        book.daily_wrap_up("rep-ghost", "2026-11-24")
    with pytest.raises(callwise.InvalidArgumentError, match="period"):
        book.goal_progress([{"rep_id": "rep-ny", "period": "2026-13", "calls": 1}], "2026-11-24")
    with pytest.raises(callwise.InvalidArgumentError, match="to_rep_id"):
        propose_handoff(
            book,
            {
                "handoff_id": "h",
                "account_id": "acc-ny1",
                "from_rep_id": "rep-ny",
                "to_rep_id": "rep-chi",
                "at": "2026-11-25T15:00:00Z",
                "direction": "sales_to_operations",
                "checklist": {"contract_signed": True, "kickoff_booked": False},
            },
        )
    with pytest.raises(callwise.NotFoundError):
        accept_handoff(book, "hand-9", "rep-ops", start)


def test_a_filed_wrap_up_is_tomorrows_carry_over(
    book: callwise.Book, scenario: dict[str, Any]
) -> None:
    w = scenario["wrap_up"]
    wrap_up = book.daily_wrap_up(w["rep_id"], datetime.date(2026, 11, 24), w["notes"])
    assert (wrap_up.rep_id, wrap_up.day) == ("rep-ny", datetime.date(2026, 11, 24))
    assert wrap_up.to_dict()["touches"]["dials"] == 5
    assert callwise.team.WrapUp.from_json(wrap_up.to_json()).to_json() == wrap_up.to_json()
    changes = wrap_up.file(book, at(w["filed_at"]))
    assert changes
    assert changes.to_dict()["tasks"][0]["source"] == "wrap_up"
    tomorrow = changes.apply(book)
    calls = tomorrow.next_day_call_list("rep-ny", datetime.date(2026, 11, 25))
    carried = [r.record_id for e in calls.entries for r in e.reasons if r.source == "carry_over"]
    assert "rep-ny-wrap-2026-11-24-1" in carried
    with pytest.raises(callwise.InvalidArgumentError, match="filed"):
        wrap_up.file(tomorrow, at(w["filed_at"]))
    everyone = wrap_ups(book, "2026-11-24")
    assert [x.rep_id for x in everyone] == sorted(book.rep_ids())


def test_the_baton_and_the_leaderboard(book: callwise.Book) -> None:
    move = reject_handoff(book, "hand-2", "rep-ops2", at("2026-11-21T15:00:00Z"), "No kickoff")
    assert [s["action"] for s in move.steps] == ["proposed", "rejected"]
    after = move.changes.apply(book)
    now = baton(after, "acc-pend", move.steps)
    assert now["holder"]["rep_id"] == "rep-ny"
    assert now["pending"] == []
    assert json.loads(move.to_json())["changes"]["removed_handoffs"] == ["hand-2"]
    board = leaderboard(book, "team-blitz", at("2026-11-24T18:00:00Z"), at("2026-11-24T20:00:00Z"))
    assert board["from"] == "2026-11-24T18:00:00Z"
    assert [s["rep_id"] for s in board["standings"]] == ["rep-ny", "rep-chi", "rep-la"]


def test_the_module_example_runs() -> None:
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner()
    for test in finder.find(callwise.team, "callwise.team"):
        runner.run(test)
    assert runner.failures == 0
    assert runner.tries > 0

"""The team at work: blitz pools, the leaderboard, the Daily Wrap Up, goals and the
hand-off baton.

``book.blitz_pool(team_id, start, minutes, source="power_hour")`` (or
``book.routine_pool(team_id, routine, day)``) builds a team's Power Hour or Crankathon
pool for one block and splits it fairly between the team's reps. A
:class:`BlitzPool` is shared by every rep at once, from as many Python threads as
you like (each call releases the GIL): ``pool.claim(rep_id)`` gives the rep's next
account (their own share first, then the best free one) or None when none may be
called now, ``pool.release(rep_id, account_id)`` hands it back, ``pool.log_call(activity)``
records the call (an account is called once per block), and a claim lapses after the
team configuration's ``claim_minutes``. The calling rules hold inside the pool: an
account whose callee cannot be called for the rest of the block leaves it with its
rule (``pool.left()``). ``pool.leaderboard()`` ranks the reps by meetings and webinars
set, opportunities uncovered, connects, then dials.

``book.daily_wrap_up(rep_id, day, notes)`` is a rep's :class:`WrapUp`: the day from the
book with the rep's successes, challenges and follow-ups; ``to_email()`` is a body for
the partner, ``file(book, at)`` the follow-up tasks (:class:`BookChanges`) that
tomorrow's list carries over once written into the book (``changes.apply(book)``).
``book.goal_progress(goals, as_of)`` measures monthly, fiscal-quarter and fiscal-year
targets with pace. :func:`propose_handoff`, :func:`accept_handoff` and
:func:`reject_handoff` move an account's baton between sales and operations, each
returning a :class:`BatonMove`: the steps for the audit trail and the changes for the
book. Records are dicts in the core's JSON shape; the answers are the Rust and Kotlin
APIs', byte for byte.

>>> import callwise, datetime
>>> book = callwise.sample_book(seed=7, members=400)
>>> start = datetime.datetime(2026, 11, 3, 19, 0, tzinfo=datetime.timezone.utc)
>>> pool = book.blitz_pool("team-sales-1", start, 120, source="crankathon")
>>> account = pool.claim("rep-sales-0001", at=start)
>>> pool.remaining(at=start)["claimed"], pool.entry(account)["account_id"] == account
(1, True)
>>> wrap_up = book.daily_wrap_up("rep-sales-0001", datetime.date(2026, 10, 29))
>>> wrap_up.to_email().splitlines()[0]
'Daily Wrap Up of rep-sales-0001 for Thursday 2026-10-29'
"""

from __future__ import annotations

from callwise._core import (
    BatonMove,
    BlitzPool,
    BookChanges,
    WrapUp,
    accept_handoff,
    baton,
    default_team_config,
    leaderboard,
    propose_handoff,
    reject_handoff,
    wrap_ups,
)

__all__ = [
    "BatonMove",
    "BlitzPool",
    "BookChanges",
    "WrapUp",
    "accept_handoff",
    "baton",
    "default_team_config",
    "leaderboard",
    "propose_handoff",
    "reject_handoff",
    "wrap_ups",
]

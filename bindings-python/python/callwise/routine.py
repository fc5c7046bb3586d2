"""Routines: the recurring blocks of calling time a team keeps, and the calls that recur
by the calendar, with their iCalendar export.

- :class:`Routine` is an RFC 5545 recurrence rule from a first start at a local wall-clock
  time in an IANA zone, lasting so many minutes, optionally on business days only:
  ``Routine.power_hour`` (everyone calls at once, for an hour), ``Routine.crankathon``
  (a call blitz of at most three hours) and ``Routine.bookends`` (the morning and evening
  calls of a field rep and the inside partner) build the usual ones. ``blocks(start,
  end)`` expands it, keeping its wall-clock time across daylight saving.
- :func:`birthday_calls` lists the contacts to call on their birthday, in their own local
  date (29 February falls on 28 February or 1 March in common years);
  :func:`renewal_batches` the members to call before their term ends, month by month.
- :class:`ZoneRotation` cuts the territory into zones called one week each, in turn.
- :func:`to_icalendar` writes routines (with a ``VTIMEZONE`` for each zone), blocks and
  calls (to-dos from :func:`call_todo_for_birthday` and :func:`call_todo_for_renewal`)
  as one calendar, the same bytes in every language.

The same answers as the Rust and Kotlin APIs. Blocks, calls, batches and weeks are dicts
in the core's JSON shape (``Block``, ``BirthdayCall``, ``RenewalBatch``, ``RotationWeek``,
``CallTodo``: ``TypedDict`` types for type checkers only, to import under
``typing.TYPE_CHECKING``), their instants RFC 3339 strings in UTC and their dates ISO
strings. Instants given are aware ``datetime`` objects (a naive one is refused); a first
start is a naive ``datetime`` (the wall time in the routine's zone) or a
``"YYYY-MM-DDTHH:MM:SS"`` string; days are ``datetime.date`` objects or ``"YYYY-MM-DD"``.

>>> import datetime
>>> from callwise.routine import Routine
>>> ph = Routine.power_hour("America/New_York", datetime.date(2026, 3, 1), ["Tue"], "10:00")
>>> utc = datetime.timezone.utc
>>> week = ph.blocks(datetime.datetime(2026, 3, 1, tzinfo=utc),
...                  datetime.datetime(2026, 3, 15, tzinfo=utc))
>>> [(b["local_date"], b["start"]) for b in week]  # 10:00 EST, then 10:00 EDT
[('2026-03-03', '2026-03-03T15:00:00Z'), ('2026-03-10', '2026-03-10T14:00:00Z')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from callwise._core import (
    Routine,
    ZoneRotation,
    birthday_calls,
    call_todo_for_birthday,
    call_todo_for_renewal,
    renewal_batches,
    to_icalendar,
)

if TYPE_CHECKING:
    from callwise._core import BirthdayCall as BirthdayCall
    from callwise._core import Block as Block
    from callwise._core import CallDueAt as CallDueAt
    from callwise._core import CallDueDate as CallDueDate
    from callwise._core import CallTodo as CallTodo
    from callwise._core import RenewalBatch as RenewalBatch
    from callwise._core import RenewalCall as RenewalCall
    from callwise._core import RotationWeek as RotationWeek

__all__ = [
    "Routine",
    "ZoneRotation",
    "birthday_calls",
    "call_todo_for_birthday",
    "call_todo_for_renewal",
    "renewal_batches",
    "to_icalendar",
]

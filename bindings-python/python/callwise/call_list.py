"""Call lists: the Next Day Call List a rep builds at the end of a day, and the Power
Hour pool a team calls from together: whom to call, why, and when.

``book.next_day_call_list(rep_id, day)`` merges every reason to call (the sources:
``carry_over``, ``cadence_step``, ``opportunity_follow_up``, ``zone_rotation``,
``campaign_follow_up``, ``thank_you``, ``birthday``, ``renewal``, ``event_attendee``,
``dormant``, ``old_no``) into one :class:`Entry` per account, scored by a formula whose
weights are data (``config``, a dict in the JSON shape of :func:`default_config`), every
score explained reason by reason (the :class:`Reason` contributions sum to it exactly).
It keeps every calling rule (windows in the callee's local time, do-not-call, consent,
caps counted over every rep's attempts), holds back what cannot be called with the rule
that stops it, cuts the list to the rep's working time and slots every call into it,
east first. ``book.power_hour_list(team_id, day)`` is the team's pool (dormant customers
and old no's), ``book.call_lists(day)`` every rep's list at once as one pyarrow Table.

What the lists read besides the book (the playbook and its enrollments, the zone
rotation, a renewal model, a purchase model, the routines) goes in :class:`Inputs`.
:func:`reasons_for` and :func:`lists_from` split the work by account, then by rep, to run
on Dask or Spark workers; any split gives the same lists. The same answers, byte for
byte (``to_json()``), as the Rust and Kotlin APIs.

>>> import callwise, datetime
>>> book = callwise.sample_book(seed=7, members=40)
>>> day = datetime.date(2026, 11, 3)
>>> calls = book.next_day_call_list("rep-membership-0001", day)
>>> top = calls.entries[0]
>>> top.score == sum(r.contribution for r in top.reasons)
True
>>> top.reasons[0].source, top.slot_start.tzinfo is datetime.timezone.utc
('carry_over', True)
>>> table = book.call_lists(day)
>>> table.num_rows == sum(len(book.next_day_call_list(r, day)) for r in book.rep_ids())
True
"""

from __future__ import annotations

from typing import Any

from callwise._core import (
    CallList,
    Entry,
    HeldBack,
    Inputs,
    Reason,
    Reasons,
    default_config,
    lists_from,
    reasons_for,
    table,
)

__all__ = [
    "CallList",
    "Entry",
    "HeldBack",
    "Inputs",
    "Reason",
    "Reasons",
    "default_config",
    "lists_from",
    "reasons_for",
    "table",
]


def _arrow_table(columns: dict[str, Any]) -> Any:
    """The pyarrow Table of the entry columns the binding gives (types only): numbers as
    numpy arrays, texts as the buffers of a ``large_string`` array (length, validity
    bitmap or None, offsets, bytes), stored as ``string``."""
    import pyarrow as pa

    def text(parts: tuple[int, bytes | None, bytes, bytes]) -> Any:
        length, validity, offsets, data = parts
        bitmap = None if validity is None else pa.py_buffer(validity)
        buffers = [bitmap, pa.py_buffer(offsets), pa.py_buffer(data)]
        return pa.Array.from_buffers(pa.large_string(), length, buffers).cast(pa.string())

    types = {
        "day": pa.date32(),
        "rank": pa.uint32(),
        "score": pa.int64(),
        "slot_start": pa.timestamp("us", tz="UTC"),
        "minutes": pa.uint32(),
    }
    names = ["rep_id", "team_id", "day", "rank", "account_id", "contact_id", "score"]
    names += ["slot_start", "minutes", "time_zone", "sources", "why"]
    return pa.table(
        {
            name: text(columns[name]) if name not in types else pa.array(columns[name], types[name])
            for name in names
        }
    )

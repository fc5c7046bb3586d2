"""callwise's Next Day Call Lists against a polars baseline, side by side, in one run.

Run it with ``bash benches/call_list_vs_polars.sh`` (which makes its own virtual
environment with pinned polars and callwise built from this checkout); ``--members 300``
is a smoke test of a few seconds.

The baseline is every source callwise has for a Next Day Call List, written as one polars
lazy query over the book's records as polars frames (the JSON ``Book.to_json()`` writes,
flattened: accounts with their owners, contacts, tasks, deals, memberships with renewals
and lapses, activities, campaign responses, events and attendees). For one day and every
rep it gives each reason's urgency, value factor and contribution by callwise's
documented formula, ``round(1000 x weight x urgency x (1 + ln(1 + stake /
value_scale_minor)))`` with the default weights and windows; routes it to a rep (the rep
the reason names when that rep owns or co-owns the account, the default ``owned``
visibility, else the account's primary owner); and sums one score per (rep, account).
The rules are read from ``core/src/call_list/sources.rs``, dates included: touches,
campaign responses and meetings are dated in the account's zone, events in their own.
Cadence steps give no reasons without enrollments (none are given), renewals use the
neutral risk 0.5 without a renewal model, and both sides get the same zone rotation.

1. **Equality.** On the shared fixture ``tests/fixtures/call_list_book.json`` and on two
   sample books of a few hundred members, on days that reach every source, the polars
   rows must equal, rep by rep, the (account, score) pairs over each callwise list's
   ``entries``, ``held_back`` and ``cut`` (callwise holds back or cuts an account after
   scoring it; the score is the same). The timed book is checked the same way. A
   difference prints both sides' reasons on the account and fails the run.
2. **Time.** On a larger sample book (``--members``, 100,000 by default), the polars
   query (building the plan and ``collect()``, on all threads) against
   ``book.call_lists(day)``, which does more: it also applies the calling rules
   (do-not-call, consent, windows in the callee's zone, caps), holds back, cuts to each
   rep's capacity, slots every call, and returns the entries as a pyarrow Table.
   callwise's sources alone (``reasons_for``, reasons not yet scored) are timed too. The
   cases take turns, and each prints its median wall time and CPU time. Not timed: making
   the sample book, writing its JSON, reading that into polars frames, and the callwise
   ``Book`` (already loaded and indexed when ``call_lists`` runs).
"""

from __future__ import annotations

import argparse
import calendar
import datetime
import json
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

import callwise
from callwise.call_list import CallList, Inputs, default_config, lists_from, reasons_for
from callwise.routine import ZoneRotation

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "call_list_book.json"

# The configuration the baseline is written for: callwise's defaults
# (CallListConfig::default(), Source::default_weight), checked against
# callwise.call_list.default_config() before anything runs.
WEIGHTS = {
    "carry_over": 10.0,
    "cadence_step": 8.0,
    "opportunity_follow_up": 7.0,
    "zone_rotation": 3.0,
    "campaign_follow_up": 5.0,
    "thank_you": 6.0,
    "birthday": 3.0,
    "renewal": 8.0,
    "event_attendee": 4.0,
}
VALUE_SCALE_MINOR = 100_000
OPPORTUNITY_QUIET_DAYS = 14
RENEWAL_LEAD_DAYS = 60
THANK_YOU_DAYS = 14
CAMPAIGN_DAYS = 30
EVENT_LOOKAHEAD_DAYS = 30
NEUTRAL_RISK = 0.5
OVERDUE_FULL_DAYS = 14
ONE_DAY = datetime.timedelta(days=1)
STAGE_PROBABILITY = {
    "prospecting": 0.1,
    "qualification": 0.2,
    "proposal": 0.4,
    "negotiation": 0.6,
}
RESPONSE_STRENGTH = {"replied": 1.0, "registered": 1.0, "clicked": 0.6, "opened": 0.3}


def check_defaults() -> None:
    """Stops when callwise's defaults are no longer the ones the baseline encodes."""
    config = default_config()
    expected = {
        "value_scale_minor": VALUE_SCALE_MINOR,
        "visibility": "owned",
        "opportunity_quiet_days": OPPORTUNITY_QUIET_DAYS,
        "renewal_lead_days": RENEWAL_LEAD_DAYS,
        "thank_you_days": THANK_YOU_DAYS,
        "campaign_days": CAMPAIGN_DAYS,
        "event_lookahead_days": EVENT_LOOKAHEAD_DAYS,
        "leap_day": "feb28",
        "next_day_sources": list(WEIGHTS),
    }
    actual = {key: config[key] for key in expected}
    weights = {source: config["weights"][source] for source in WEIGHTS}
    if actual != expected or weights != WEIGHTS:
        raise SystemExit(
            f"callwise's default configuration changed: {actual} {weights}; "
            "update the baseline's constants"
        )


# -- The book as polars frames ------------------------------------------------------------

MONEY = pl.Struct({"amount_minor": pl.Int64()})
OWNER = pl.Struct({"rep_id": pl.String()})
# The fields the baseline reads of each collection's records.
RECORDS: dict[str, pl.Schema] = {
    "reps": pl.Schema({"id": pl.String()}),
    "accounts": pl.Schema(
        {
            "id": pl.String(),
            "territory_zone": pl.String(),
            "time_zone": pl.String(),
            "primary_owner": OWNER,
            "co_owners": pl.List(OWNER),
        }
    ),
    "contacts": pl.Schema(
        {
            "id": pl.String(),
            "account_id": pl.String(),
            "birthday": pl.Struct({"month": pl.Int32(), "day": pl.Int32()}),
        }
    ),
    "tasks": pl.Schema(
        {
            "account_id": pl.String(),
            "rep_id": pl.String(),
            "kind": pl.String(),
            "status": pl.String(),
            "due_on": pl.String(),
        }
    ),
    "opportunities": pl.Schema(
        {
            "account_id": pl.String(),
            "owner_rep_id": pl.String(),
            "stage": pl.String(),
            "amount": MONEY,
            "probability": pl.Float64(),
            "created_on": pl.String(),
            "next_step_due": pl.String(),
            "closed_on": pl.String(),
        }
    ),
    "memberships": pl.Schema(
        {
            "id": pl.String(),
            "account_id": pl.String(),
            "dues": MONEY,
            "term_start": pl.String(),
            "term_end": pl.String(),
            "renewals": pl.List(pl.Struct({"renewed_on": pl.String(), "dues": MONEY})),
            "lapses": pl.List(pl.Struct({"lapsed_on": pl.String(), "reinstated_on": pl.String()})),
        }
    ),
    "activities": pl.Schema(
        {
            "account_id": pl.String(),
            "contact_id": pl.String(),
            "at": pl.String(),
            "channel": pl.String(),
            "direction": pl.String(),
            "outcome": pl.String(),
        }
    ),
    "campaigns": pl.Schema(
        {
            "id": pl.String(),
            "responses": pl.List(
                pl.Struct({"contact_id": pl.String(), "at": pl.String(), "kind": pl.String()})
            ),
        }
    ),
    "events": pl.Schema(
        {
            "id": pl.String(),
            "name": pl.String(),
            "time_zone": pl.String(),
            "starts_at": pl.String(),
            "ends_at": pl.String(),
            "attendees": pl.List(pl.Struct({"contact_id": pl.String(), "status": pl.String()})),
        }
    ),
}


def _date(name: str) -> pl.Expr:
    return pl.col(name).str.to_date("%Y-%m-%d")


def _instant(name: str) -> pl.Expr:
    """An RFC 3339 instant as a naive datetime in UTC."""
    return pl.col(name).str.to_datetime(time_unit="us", time_zone="UTC").dt.replace_time_zone(None)


@dataclass(frozen=True)
class Frames:
    """The records the sources read, one frame per kind, rows in book order."""

    reps: pl.DataFrame
    accounts: pl.DataFrame
    owners: pl.DataFrame
    contacts: pl.DataFrame
    tasks: pl.DataFrame
    opportunities: pl.DataFrame
    memberships: pl.DataFrame
    renewals: pl.DataFrame
    lapses: pl.DataFrame
    activities: pl.DataFrame
    responses: pl.DataFrame
    events: pl.DataFrame
    attendees: pl.DataFrame
    zones: list[str]


CHUNK_CHARS = 1 << 25
RECORD_BREAK = "\n    },\n    {"


def _records(text: str, name: str) -> pl.DataFrame:
    """The records of the top-level collection ``name`` of a book's JSON, a chunk of
    records at a time, so that memory stays near the text's size (``pl.read_json`` of
    the whole book takes about six times as much). ``Book.to_json`` indents by two
    spaces, so the lines ``  "name": [`` and ``  ]`` bound a collection and
    ``    },`` / ``    {`` separate its records: nothing inside a record is indented
    so little."""
    schema = RECORDS[name]
    opening = f'\n  "{name}": [\n'
    start = text.find(opening)
    if start < 0:
        return pl.DataFrame(schema=schema)
    start += len(opening)
    end = text.index("\n  ]", start)
    chunks = []
    while start < end:
        cut = text.find(RECORD_BREAK, min(start + CHUNK_CHARS, end), end)
        stop = end if cut < 0 else cut + len("\n    }")
        records = json.loads("[" + text[start:stop] + "]")
        chunks.append(pl.DataFrame(records, schema=schema, strict=False))
        start = stop + len(",\n")
    return pl.concat(chunks) if chunks else pl.DataFrame(schema=schema)


def _nested(frame: pl.DataFrame, keys: list[str], name: str) -> pl.DataFrame:
    """The records of the list column ``name``, one row each, after the ``keys``."""
    return frame.select(*keys, name).explode(name).drop_nulls(name).unnest(name)


def load_frames(text: str) -> Frames:
    """Reads a book's JSON into typed frames (dates as dates, instants as UTC)."""
    accounts = _records(text, "accounts").select(
        pl.col("id").alias("account_id"),
        "territory_zone",
        "time_zone",
        pl.col("primary_owner").struct.field("rep_id").alias("primary_rep_id"),
        "co_owners",
    )
    owners = pl.concat(
        [
            accounts.select("account_id", pl.col("primary_rep_id").alias("rep_id")),
            accounts.select("account_id", pl.col("co_owners").alias("rep_id"))
            .explode("rep_id")
            .drop_nulls()
            .select("account_id", pl.col("rep_id").struct.field("rep_id")),
        ]
    ).unique(maintain_order=True)
    memberships = _records(text, "memberships").select(
        pl.col("id").alias("membership_id"),
        "account_id",
        pl.col("dues").struct.field("amount_minor").alias("dues_minor"),
        _date("term_start"),
        _date("term_end"),
        "renewals",
        "lapses",
    )
    renewals = _nested(memberships, ["membership_id", "account_id"], "renewals").select(
        "membership_id",
        "account_id",
        _date("renewed_on"),
        pl.col("dues").struct.field("amount_minor").alias("dues_minor"),
    )
    lapses = _nested(memberships, ["membership_id"], "lapses").select(
        "membership_id", _date("lapsed_on"), _date("reinstated_on")
    )
    campaigns = _records(text, "campaigns").with_row_index("campaign")
    responses = (
        _nested(campaigns, ["campaign"], "responses")
        .with_row_index("order")
        .with_columns(_instant("at"))
    )
    events = _records(text, "events").with_row_index("event")
    attendees = _nested(events, ["event"], "attendees")
    return Frames(
        reps=_records(text, "reps").select(pl.col("id").alias("rep_id")),
        accounts=accounts.drop("co_owners"),
        owners=owners,
        contacts=_records(text, "contacts").select(
            pl.col("id").alias("contact_id"),
            "account_id",
            pl.col("birthday").struct.field("month").alias("birth_month"),
            pl.col("birthday").struct.field("day").alias("birth_day"),
        ),
        tasks=_records(text, "tasks").with_columns(_date("due_on")),
        opportunities=_records(text, "opportunities").select(
            "account_id",
            "owner_rep_id",
            "stage",
            pl.col("amount").struct.field("amount_minor").alias("amount_minor"),
            "probability",
            _date("created_on"),
            _date("next_step_due"),
            _date("closed_on"),
        ),
        memberships=memberships.drop("renewals", "lapses"),
        renewals=renewals,
        lapses=lapses,
        activities=_records(text, "activities").with_columns(_instant("at")),
        responses=responses,
        events=events.select(
            "event", "id", "name", "time_zone", _instant("starts_at"), _instant("ends_at")
        ),
        attendees=attendees,
        zones=sorted(
            set(accounts.get_column("time_zone").unique())
            | set(events.get_column("time_zone").unique())
        ),
    )


# -- The query ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rotation:
    """The zone rotation's numbers (the same as the ``ZoneRotation`` callwise gets)."""

    zones: list[str]
    first_week: datetime.date
    meeting_lead_days: int

    def zone_for(self, day: datetime.date) -> str:
        monday = day - datetime.timedelta(days=day.weekday())
        return self.zones[((monday - self.first_week).days // 7) % len(self.zones)]


def _days(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Whole days from ``start`` to ``end`` (negative when ``end`` is earlier)."""
    return (end - start).dt.total_days()


def _local_date(frame: pl.LazyFrame, zones: list[str], at: str, name: str) -> pl.LazyFrame:
    """Adds ``name``, the date of the instant ``at`` (UTC) in the row's ``time_zone``, as
    callwise dates touches, responses and events: polars converts a column to one zone,
    so the rows go zone by zone (the callers reduce them first)."""
    if not zones:
        return frame.with_columns(pl.lit(None, dtype=pl.Date).alias(name))
    return pl.concat(
        [
            frame.filter(pl.col("time_zone") == zone).with_columns(
                pl.col(at)
                .dt.replace_time_zone("UTC")
                .dt.convert_time_zone(zone)
                .dt.date()
                .alias(name)
            )
            for zone in zones
        ]
    )


def _overdue_urgency(days_overdue: pl.Expr) -> pl.Expr:
    return 1.0 + days_overdue.clip(0, OVERDUE_FULL_DAYS).cast(pl.Float64) / OVERDUE_FULL_DAYS


def _reasons(
    frame: pl.LazyFrame,
    source: str,
    urgency: pl.Expr,
    *,
    rep: pl.Expr | None = None,
    stake: pl.Expr | None = None,
) -> pl.LazyFrame:
    """One source's reasons: account, rep named (or null), source, urgency, stake."""
    return frame.select(
        pl.col("account_id"),
        (pl.lit(None, dtype=pl.String) if rep is None else rep).alias("rep_id"),
        pl.lit(source).alias("source"),
        urgency.cast(pl.Float64).clip(0.0, 2.0).alias("urgency"),
        (pl.lit(0, dtype=pl.Int64) if stake is None else stake).clip(lower_bound=0).alias("stake"),
    )


def reasons(f: Frames, day: datetime.date, rotation: Rotation) -> pl.LazyFrame:
    """Every reason of ``day``, scored and routed to its rep."""
    d = pl.lit(day)
    day_end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(14))
    activities = f.activities.lazy()
    before = activities.filter(pl.col("at") < day_end)
    accounts, tasks, deals = f.accounts.lazy(), f.tasks.lazy(), f.opportunities.lazy()
    contacts = f.contacts.lazy()
    zone_of = accounts.select("account_id", "time_zone")
    out: list[pl.LazyFrame] = []

    def latest_local(rows: pl.LazyFrame, touches: pl.LazyFrame, name: str) -> pl.LazyFrame:
        """``rows`` with ``name``: the date, in the account's zone, of the latest of the
        account's ``touches`` (null when none); only those rows are dated."""
        latest = touches.group_by("account_id").agg(pl.col("at").max().alias(f"{name}_at"))
        dated = rows.join(latest, on="account_id", how="left").join(zone_of, on="account_id")
        return _local_date(dated, f.zones, f"{name}_at", name)

    # carry_over: open tasks due on or before the day, for the task's rep.
    due_tasks = tasks.filter(pl.col("status") == "open", pl.col("due_on") <= d)
    out.append(
        _reasons(
            due_tasks,
            "carry_over",
            _overdue_urgency(_days(pl.col("due_on"), d)),
            rep=pl.col("rep_id"),
        )
    )

    # opportunity_follow_up: open deals whose next step is due, else quiet for 14 days
    # (since the later of the account's last touch before the day ends and the deal's
    # creation, in the account's zone), for the deal's owner; stake: amount x
    # probability, rounded.
    probability = pl.coalesce(
        pl.col("probability"), pl.col("stage").replace_strict(STAGE_PROBABILITY, default=None)
    )
    open_deals = deals.filter(~pl.col("stage").is_in(["closed_won", "closed_lost"])).with_columns(
        (pl.col("amount_minor").cast(pl.Float64) * probability)
        .round(0, mode="half_away_from_zero")
        .cast(pl.Int64)
        .alias("expected")
    )
    step_due = pl.col("next_step_due").is_not_null() & (pl.col("next_step_due") <= d)
    out.append(
        _reasons(
            open_deals.filter(step_due),
            "opportunity_follow_up",
            _overdue_urgency(_days(pl.col("next_step_due"), d)),
            rep=pl.col("owner_rep_id"),
            stake=pl.col("expected"),
        )
    )
    quiet = _days(pl.max_horizontal("touch", "created_on"), d)
    out.append(
        _reasons(
            latest_local(open_deals.filter(~step_due), before, "touch").filter(
                quiet >= OPPORTUNITY_QUIET_DAYS
            ),
            "opportunity_follow_up",
            quiet.cast(pl.Float64) / OPPORTUNITY_QUIET_DAYS,
            rep=pl.col("owner_rep_id"),
            stake=pl.col("expected"),
        )
    )

    # zone_rotation: accounts in this week's zone with no open meeting task due and no
    # meeting logged from the day to the meeting lead + 14 days (the account's dates; no
    # zone is a day off UTC, which bounds the instants before they are dated).
    until = day + datetime.timedelta(days=rotation.meeting_lead_days + 14)
    booked_tasks = tasks.filter(
        pl.col("status") == "open",
        pl.col("kind") == "meeting",
        pl.col("due_on").is_between(d, pl.lit(until)),
    )
    meetings = activities.filter(
        pl.col("channel") == "meeting",
        pl.col("at") >= datetime.datetime.combine(day, datetime.time()) - ONE_DAY,
        pl.col("at") < datetime.datetime.combine(until, datetime.time()) + 2 * ONE_DAY,
    ).join(zone_of, on="account_id")
    booked_meetings = _local_date(meetings, f.zones, "at", "local").filter(
        pl.col("local").is_between(d, pl.lit(until))
    )
    out.append(
        _reasons(
            accounts.filter(pl.col("territory_zone") == rotation.zone_for(day))
            .join(booked_tasks, on="account_id", how="anti")
            .join(booked_meetings, on="account_id", how="anti"),
            "zone_rotation",
            pl.lit(1.0),
        )
    )

    # campaign_follow_up: each contact's latest response to each campaign in the last
    # 30 days (by the date in their account's zone; not an unsubscribe), with no outbound
    # call or voicemail to the contact on their account since.
    first_day = datetime.datetime.combine(day, datetime.time()) - CAMPAIGN_DAYS * ONE_DAY
    recent = (
        f.responses.lazy()
        .filter(
            pl.col("at") >= first_day,
            pl.col("at") < day_end + ONE_DAY,
            pl.col("kind") != "unsubscribed",
        )
        .join(contacts.select("contact_id", "account_id"), on="contact_id")
        .join(zone_of, on="account_id")
    )
    response_age = _days(pl.col("responded"), d)
    latest = (
        _local_date(recent, f.zones, "at", "responded")
        .filter(response_age >= 0, response_age < CAMPAIGN_DAYS)
        .group_by("campaign", "contact_id", "account_id")
        .agg(
            pl.col("at").max(),
            pl.col("responded").max(),
            pl.col("kind").sort_by("at", "order", descending=[True, False]).first(),
        )
    )
    last_attempt = (
        before.filter(
            pl.col("direction") == "outbound",
            pl.col("channel").is_in(["call", "voicemail"]),
            pl.col("contact_id").is_not_null(),
        )
        .group_by("account_id", "contact_id")
        .agg(pl.col("at").max().alias("attempt"))
    )
    out.append(
        _reasons(
            latest.join(last_attempt, on=["account_id", "contact_id"], how="left").filter(
                pl.col("attempt").is_null() | (pl.col("attempt") < pl.col("at"))
            ),
            "campaign_follow_up",
            pl.col("kind").replace_strict(RESPONSE_STRENGTH, return_dtype=pl.Float64)
            * (1.0 - response_age.cast(pl.Float64) / CAMPAIGN_DAYS),
        )
    )

    # thank_you: wins (for the deal's owner) and renewals in the last 14 days with no
    # outbound meeting or connected call on the account since (by its date in the
    # account's zone).
    thanks = before.filter(
        pl.col("direction") == "outbound",
        (pl.col("channel") == "meeting")
        | ((pl.col("channel") == "call") & (pl.col("outcome") == "connected")),
    )

    def not_thanked(frame: pl.LazyFrame, date: str) -> pl.LazyFrame:
        age = _days(pl.col(date), d)
        return (
            latest_local(frame.filter(age >= 0, age < THANK_YOU_DAYS), thanks, "thanked")
            .filter(pl.col("thanked").is_null() | (pl.col("thanked") < pl.col(date)))
            .with_columns((1.0 - age.cast(pl.Float64) / THANK_YOU_DAYS).alias("urgency"))
        )

    won = deals.filter(pl.col("stage") == "closed_won", pl.col("closed_on").is_not_null())
    out.append(
        _reasons(
            not_thanked(won, "closed_on"),
            "thank_you",
            pl.col("urgency"),
            rep=pl.col("owner_rep_id"),
            stake=pl.col("amount_minor"),
        )
    )
    out.append(
        _reasons(
            not_thanked(f.renewals.lazy(), "renewed_on"),
            "thank_you",
            pl.col("urgency"),
            stake=pl.col("dues_minor"),
        )
    )

    # birthday: the contact's birthday is the day (29 February on the 28th in other
    # years).
    birthday = (pl.col("birth_month") == day.month) & (pl.col("birth_day") == day.day)
    if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
        birthday = birthday | ((pl.col("birth_month") == 2) & (pl.col("birth_day") == 29))
    out.append(_reasons(contacts.filter(birthday), "birthday", pl.lit(1.0)))

    # renewal: current terms ending within 60 days, not lapsed (a lapse since the term
    # started and not reinstated), at the neutral risk.
    memberships = f.memberships.lazy()
    lapsed = (
        f.lapses.lazy()
        .filter(pl.col("reinstated_on").is_null())
        .join(memberships.select("membership_id", "term_start"), on="membership_id")
        .filter(pl.col("lapsed_on") >= pl.col("term_start"))
    )
    left = _days(d, pl.col("term_end"))
    out.append(
        _reasons(
            memberships.filter(left.is_between(0, RENEWAL_LEAD_DAYS)).join(
                lapsed, on="membership_id", how="anti"
            ),
            "renewal",
            (1.0 - NEUTRAL_RISK)
            * (1.0 + (RENEWAL_LEAD_DAYS - left).cast(pl.Float64) / RENEWAL_LEAD_DAYS),
            stake=pl.col("dues_minor"),
        )
    )

    # event_attendee: contacts who attended a past event of a series (name without a
    # trailing number) with an event starting within 30 days, not registered (in any
    # status) for the series' first upcoming event (by start, then id); events' dates in
    # their own zone.
    series = (
        pl.col("name")
        .str.strip_chars()
        .str.strip_chars_end("0123456789")
        .str.strip_chars_end()
        .str.to_lowercase()
    )
    starts = pl.col("starts")
    horizon = day + datetime.timedelta(days=EVENT_LOOKAHEAD_DAYS)
    dated = _local_date(
        _local_date(f.events.lazy(), f.zones, "starts_at", "starts"), f.zones, "ends_at", "ends"
    )
    events = dated.with_columns(
        series.alias("series"), ((starts > d) & (starts <= pl.lit(horizon))).alias("upcoming")
    )
    following = (
        events.filter("upcoming")
        .group_by("series")
        .agg(pl.col("event").sort_by("starts_at", "id").first().alias("next"))
    )
    seen = f.attendees.lazy().join(events, on="event").join(following, on="series")
    registered = seen.filter("upcoming").select("contact_id", pl.col("event").alias("next"))
    attended = (
        seen.filter(
            ~pl.col("upcoming"),
            pl.col("status") == "attended",
            pl.col("ends") < d,
        )
        .select("contact_id", "next")
        .unique()
        .join(registered, on=["contact_id", "next"], how="anti")
        .join(contacts.select("contact_id", "account_id"), on="contact_id")
    )
    out.append(_reasons(attended, "event_attendee", pl.lit(1.0)))

    # Score, then route: the rep the reason names when that rep owns or co-owns the
    # account, else the primary owner.
    weight = pl.col("source").replace_strict(WEIGHTS, return_dtype=pl.Float64)
    value = 1.0 + (pl.col("stake").cast(pl.Float64) / float(VALUE_SCALE_MINOR)).log1p()
    return (
        pl.concat(out)
        .with_columns(
            (1000.0 * weight * pl.col("urgency") * value)
            .round(0, mode="half_away_from_zero")
            .cast(pl.Int64)
            .alias("contribution")
        )
        .join(accounts.select("account_id", "primary_rep_id"), on="account_id")
        .join(
            f.owners.lazy().with_columns(pl.lit(True).alias("owns")),
            on=["account_id", "rep_id"],
            how="left",
        )
        .with_columns(
            pl.when(pl.col("owns")).then("rep_id").otherwise("primary_rep_id").alias("rep_id")
        )
        .drop("primary_rep_id", "owns")
    )


def scores(f: Frames, day: datetime.date, rotation: Rotation) -> pl.LazyFrame:
    """One row per (rep, account) with a reason of ``day``: its score."""
    return (
        reasons(f, day, rotation)
        .group_by("rep_id", "account_id")
        .agg(pl.col("contribution").sum().alias("score"))
    )


# -- The two sides ------------------------------------------------------------------------


def rotation_of(f: Frames, day: datetime.date) -> Rotation:
    """A rotation over the book's territory zones, starting the Monday of ``day``'s week."""
    zones = sorted(f.accounts.get_column("territory_zone").drop_nulls().unique().to_list())
    monday = day - datetime.timedelta(days=day.weekday())
    return Rotation(zones or ["none"], monday, 28)


def inputs_for(rotation: Rotation) -> Inputs:
    return Inputs(
        rotation=ZoneRotation(rotation.zones, rotation.first_week, rotation.meeting_lead_days)
    )


Row = tuple[str, str, int]
Rows = Counter[Row]


def callwise_lists(book: callwise.Book, day: datetime.date, inputs: Inputs) -> list[CallList]:
    """Every rep's list, with its held back and cut accounts (the split API gives the
    lists as objects; ``call_lists`` gives only the entries, as a table)."""
    return lists_from(book, day, [reasons_for(book, day, inputs=inputs)], inputs=inputs)


def callwise_rows(lists: list[CallList]) -> Rows:
    """(rep, account, score) of every entry, held back and cut account, counted (an
    account twice on one rep's list would show)."""
    rows: Rows = Counter()
    for calls in lists:
        rep = calls.rep_id or ""
        rows.update((rep, e.account_id, e.score) for e in calls.entries)
        rows.update((rep, h.account_id, h.score) for h in calls.held_back)
        rows.update((rep, c["account_id"], int(c["score"])) for c in calls.cut)
    return rows


def polars_rows(frame: pl.DataFrame) -> Rows:
    return Counter(frame.select("rep_id", "account_id", "score").iter_rows())


def explain(
    book: callwise.Book,
    day: datetime.date,
    inputs: Inputs,
    f: Frames,
    rotation: Rotation,
    account_id: str,
) -> str:
    """Both sides' reasons on one account, for a difference."""
    ours = json.loads(reasons_for(book, day, [account_id], inputs=inputs).to_json())
    theirs = reasons(f, day, rotation).filter(pl.col("account_id") == account_id).collect()
    lines = [f"  callwise reasons of {account_id} (before routing):"]
    lines += [
        f"    {r['source']} rep={r.get('rep_id')} urgency={r['urgency']!r} "
        f"stake={r['stake_minor']}: {r['why']}"
        for r in ours
    ]
    lines.append("  polars reasons (routed):")
    lines += [f"    {row}" for row in theirs.iter_rows()]
    return "\n".join(lines)


def compare(
    name: str,
    book: callwise.Book,
    f: Frames,
    day: datetime.date,
    rotation: Rotation,
    lists: list[CallList] | None = None,
    theirs: pl.DataFrame | None = None,
) -> bool:
    """Checks the polars rows against callwise's lists of every rep; prints the result."""
    inputs = inputs_for(rotation)
    ours = callwise_rows(lists if lists is not None else callwise_lists(book, day, inputs))
    other = polars_rows(theirs if theirs is not None else scores(f, day, rotation).collect())
    reps = {r for r, _, _ in ours.elements()}
    by_source = (
        reasons(f, day, rotation).group_by("source").len().sort("source").collect().iter_rows()
    )
    counts = ", ".join(f"{s} {n}" for s, n in by_source)
    if ours == other:
        print(
            f"  equal   {name}, {day}: {ours.total():,} (rep, account, score) rows over "
            f"{len(reps)} reps; polars reasons: {counts}",
            flush=True,
        )
        return True
    only_ours, only_theirs = sorted((ours - other).elements()), sorted((other - ours).elements())
    print(
        f"  DIFFER  {name}, {day}: {len(only_ours)} rows only in callwise, "
        f"{len(only_theirs)} only in polars",
        flush=True,
    )
    for row in (only_ours[:3], only_theirs[:3]):
        for rep, account, score in row:
            print(f"  {rep} {account} score {score}")
            print(explain(book, day, inputs, f, rotation, account))
    return False


@dataclass(frozen=True)
class Timing:
    """The median wall and CPU (every thread of the process) seconds of a case, and its
    last result."""

    wall: float
    cpu: float
    result: Any


def timed(cases: dict[str, Callable[[], Any]], repeat: int) -> dict[str, Timing]:
    """Times the cases taking turns, round after round (after an untimed warm-up round),
    so that whatever else the machine runs weighs on each alike."""
    results = {name: case() for name, case in cases.items()}
    walls: dict[str, list[float]] = {name: [] for name in cases}
    cpus: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(repeat):
        for name, case in cases.items():
            wall, cpu = time.perf_counter(), time.process_time()
            results[name] = case()
            walls[name].append(time.perf_counter() - wall)
            cpus[name].append(time.process_time() - cpu)
    return {
        name: Timing(statistics.median(walls[name]), statistics.median(cpus[name]), results[name])
        for name in cases
    }


def check_test_books(members: int, seed: int) -> bool:
    """The equality check on the shared fixture and a small sample book."""
    print("Equality on test books (every rep; entries, held back and cut):", flush=True)
    fixture = callwise.Book.from_json(FIXTURE.read_text(encoding="utf-8"))
    f = load_frames(fixture.to_json())
    fixture_rotation = Rotation(["North", "South"], datetime.date(2026, 11, 23), 28)
    ok = all(
        compare("call_list_book.json", fixture, f, datetime.date.fromisoformat(day), rotation)
        for day, rotation in [
            ("2026-11-24", fixture_rotation),
            ("2026-11-30", fixture_rotation),
            ("2029-02-28", fixture_rotation),
        ]
    )
    sample = callwise.sample_book(seed=seed, members=members)
    f = load_frames(sample.to_json())
    # Days that reach every source: tasks due around the book's day (2026-11-01), a
    # campaign and a webinar ahead (2025-09-20, 2025-12-10, 2026-08-20: activities after
    # the day are in the book and must be ignored), a 29 February birthday (2027-02-28).
    days = ["2026-11-03", "2026-12-01", "2025-09-20", "2025-12-10", "2026-08-20", "2027-02-28"]
    for text in days:
        day = datetime.date.fromisoformat(text)
        ok &= compare(f"sample of {members} members", sample, f, day, rotation_of(f, day))
    # Another seed, as of a leap year: tasks and renewals around 29 February 2028.
    leap = callwise.sample_book(seed=seed + 1, members=members, as_of=datetime.date(2028, 2, 27))
    f = load_frames(leap.to_json())
    for text in ["2028-02-28", "2028-02-29", "2028-03-01"]:
        day = datetime.date.fromisoformat(text)
        ok &= compare(
            f"sample of {members} members as of 2028-02-27", leap, f, day, rotation_of(f, day)
        )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000, help="the timed book's size")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--day", type=datetime.date.fromisoformat, default="2026-11-03")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each side")
    parser.add_argument(
        "--test-members", type=int, default=300, help="the size of the checked sample book"
    )
    args = parser.parse_args()
    check_defaults()
    ok = check_test_books(args.test_members, args.seed)

    day: datetime.date = args.day
    print(f"\nSample book of {args.members:,} members (seed {args.seed}), {day}:", flush=True)
    start = time.perf_counter()
    book = callwise.sample_book(seed=args.seed, members=args.members)
    made = time.perf_counter() - start
    start = time.perf_counter()
    f = load_frames(book.to_json())
    loaded = time.perf_counter() - start
    rotation = rotation_of(f, day)
    inputs = inputs_for(rotation)
    print(
        f"  {f.accounts.height:,} accounts, {f.contacts.height:,} contacts, "
        f"{f.activities.height:,} activities, {f.tasks.height:,} tasks, "
        f"{f.opportunities.height:,} deals, {f.memberships.height:,} memberships, "
        f"{f.responses.height:,} campaign responses, {f.attendees.height:,} attendees, "
        f"{f.reps.height:,} reps; zone {rotation.zone_for(day)} this week",
        flush=True,
    )
    print(
        f"  not timed: sample book {made:.1f} s, its JSON read into polars frames {loaded:.1f} s",
        flush=True,
    )
    times = timed(
        {
            "polars": lambda: scores(f, day, rotation).collect(),
            "call_lists": lambda: book.call_lists(day, inputs=inputs),
            "reasons_for": lambda: reasons_for(book, day, inputs=inputs),
        },
        args.repeat,
    )
    theirs, table = times["polars"].result, times["call_lists"].result
    ok &= compare(
        f"sample of {args.members:,} members",
        book,
        f,
        day,
        rotation,
        callwise_lists(book, day, inputs),
        theirs,
    )
    polars_t = times["polars"]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\nEvery rep's lists, {day}, median of {args.repeat} rounds taking turns "
        f"(polars on {pl.thread_pool_size()} threads, callwise on all cores; CPU time "
        f"summed over threads; load average {load} on {os.cpu_count()} cores):",
        flush=True,
    )
    for name, what, count in [
        ("polars", "polars lazy query, collect()", f"{theirs.height:,} (rep, account) scores"),
        ("call_lists", "callwise book.call_lists(day)", f"{table.num_rows:,} entries slotted"),
        ("reasons_for", "callwise reasons_for (sources)", "reasons, unscored"),
    ]:
        t = times[name]
        speed = "" if name == "polars" else f"   {polars_t.wall / t.wall:5.2f}x polars' speed"
        print(
            f"  {what:<32} {t.wall * 1e3:9.1f} ms wall {t.cpu * 1e3:9.1f} ms CPU   {count}{speed}",
            flush=True,
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""The compiled core of callwise. Import the public package ``callwise`` instead."""

import datetime
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import (
    Any,
    ClassVar,
    Final,
    Literal,
    Protocol,
    TypedDict,
    final,
    overload,
    type_check_only,
)

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from typing_extensions import NotRequired, Self, TypeAlias

__all__ = [
    "DEFAULT_BINS",
    "DEFAULT_GROUPS",
    "DEFAULT_LEAD_DAYS",
    "DEFAULT_MAX_FREQUENCY",
    "DEFAULT_PURCHASE_SOURCE",
    "DEFAULT_UNIT",
    "DEFAULT_WITHIN_DAYS",
    "MAX_CRM_EXPORT_BYTES",
    "MAX_SAMPLE_ACTIVITIES",
    "MAX_SAMPLE_MEMBERS",
    "RENEWAL_FEATURES",
    "SCHEMA_VERSION",
    "STORE_SCHEMA_VERSION",
    "BatonMove",
    "BetaGeoBetaBinomModel",
    "BetaGeoModel",
    "BlitzPool",
    "Book",
    "BookChanges",
    "BusinessCalendar",
    "CallList",
    "CallingRules",
    "Contact",
    "EnrollmentState",
    "Entry",
    "GammaGammaModel",
    "HeldBack",
    "Inputs",
    "ModifiedBetaGeoModel",
    "ParetoNBDModel",
    "Playbook",
    "Problem",
    "Reason",
    "Reasons",
    "RenewalModel",
    "Routine",
    "RowProblem",
    "ShiftedBetaGeoModel",
    "Store",
    "Verdict",
    "WrapUp",
    "ZoneRotation",
    "__version__",
    "_auc",
    "_brier_score",
    "_calibration_table",
    "_compare_holdout",
    "_dormant_signals",
    "_gains_table",
    "_kaplan_meier",
    "_purchase_history",
    "_renewal_history",
    "_renewal_signals",
    "_renewals_due",
    "_rfm_summary",
    "_rfm_summary_ints",
    "accept_handoff",
    "baton",
    "birthday_calls",
    "call_todo_for_birthday",
    "call_todo_for_renewal",
    "crm_columns",
    "default_config",
    "default_team_config",
    "enrollment_for_contact",
    "leaderboard",
    "lists_from",
    "load_crm_csv",
    "propose_handoff",
    "reasons_for",
    "reject_handoff",
    "renewal_batches",
    "sample_book",
    "table",
    "to_icalendar",
    "wrap_ups",
]

__version__: Final[str]
SCHEMA_VERSION: Final[int]
STORE_SCHEMA_VERSION: Final[int]
MAX_SAMPLE_ACTIVITIES: Final[int]
MAX_SAMPLE_MEMBERS: Final[int]
MAX_CRM_EXPORT_BYTES: Final[int]
"""The most bytes ``load_crm_csv`` reads from one export, its files together."""

# The records a Book hands out, as dicts in exactly the book's JSON shape: the core's
# serde form. A field marked NotRequired is absent when it is empty (None, or an empty
# list), as in the JSON. Dates are ISO 8601 strings ("2026-06-20"), times UTC RFC 3339
# strings ("2024-07-20T00:49:00Z"). These names exist for type checkers only.

_OwnerRole: TypeAlias = Literal["sales", "operations", "service"]
_AccountKind: TypeAlias = Literal["prospect", "customer", "member", "partner"]
_AccountStatus: TypeAlias = Literal["active", "dormant", "lost", "lapsed"]
_Channel: TypeAlias = Literal["call", "email", "voicemail", "text", "meeting", "webinar", "event"]
_Direction: TypeAlias = Literal["outbound", "inbound"]
_Outcome: TypeAlias = Literal[
    "connected",
    "no_answer",
    "left_voicemail",
    "meeting_set",
    "opportunity_uncovered",
    "not_interested",
    "wrong_number",
    "opted_out",
]
_OpportunityStage: TypeAlias = Literal[
    "prospecting", "qualification", "proposal", "negotiation", "closed_won", "closed_lost"
]
_HandoffDirection: TypeAlias = Literal["sales_to_operations", "operations_to_sales"]
_TaskKind: TypeAlias = Literal["call", "email", "follow_up", "meeting", "other"]
_TaskSource: TypeAlias = Literal["manual", "wrap_up", "cadence", "campaign", "handoff"]
_TaskStatus: TypeAlias = Literal["open", "done", "cancelled"]
_PhoneKind: TypeAlias = Literal["mobile", "work", "home"]
_PurchaseSource: TypeAlias = Literal["won_deals", "membership_payments", "event_registrations"]

@type_check_only
class OwnershipDict(TypedDict):
    """One owner of an account: which rep, in which role, for which division."""

    rep_id: str
    role: _OwnerRole
    division_id: str

@type_check_only
class AccountDict(TypedDict):
    """An account, as ``Book.account`` and ``Book.accounts_owned_by`` give it."""

    id: str
    name: str
    kind: _AccountKind
    status: _AccountStatus
    territory_zone: NotRequired[str]
    time_zone: str
    """The account's IANA time zone."""
    primary_owner: OwnershipDict
    co_owners: NotRequired[list[OwnershipDict]]

@type_check_only
class RepDict(TypedDict):
    """A rep, as ``Book.rep`` gives it."""

    id: str
    name: str
    role: _OwnerRole
    division_id: str
    team_id: NotRequired[str]
    time_zone: str

@type_check_only
class ActivityDict(TypedDict):
    """A call, e-mail, meeting or event touch, as ``Book.activities_of`` gives it."""

    id: str
    account_id: str
    contact_id: NotRequired[str]
    rep_id: str
    at: str
    """When, in UTC: ``"2024-07-20T00:49:00Z"``."""
    channel: _Channel
    direction: _Direction
    outcome: NotRequired[_Outcome]
    duration_seconds: NotRequired[int]
    opportunity_id: NotRequired[str]
    campaign_id: NotRequired[str]

@type_check_only
class MoneyDict(TypedDict):
    """An amount of money: whole minor units (cents) of an ISO 4217 currency."""

    amount_minor: int
    currency: str

@type_check_only
class OpportunityDict(TypedDict):
    """A deal, as ``Book.opportunities_of`` gives it."""

    id: str
    account_id: str
    contact_id: NotRequired[str]
    owner_rep_id: str
    name: str
    stage: _OpportunityStage
    amount: MoneyDict
    probability: NotRequired[float]
    created_on: str
    expected_close: str
    next_step_due: NotRequired[str]
    closed_on: NotRequired[str]
    lost_to: NotRequired[str]

@type_check_only
class RenewalDict(TypedDict):
    """One renewal of a membership."""

    term_start: str
    term_end: str
    renewed_on: str
    dues: MoneyDict
    paid_late: bool

@type_check_only
class LapseDict(TypedDict):
    """One lapse of a membership, and its reinstatement if any."""

    lapsed_on: str
    reinstated_on: NotRequired[str]

@type_check_only
class MembershipDict(TypedDict):
    """A membership, as ``Book.memberships_of`` gives it."""

    id: str
    account_id: str
    tier: str
    dues: MoneyDict
    joined_on: str
    term_start: str
    term_end: str
    renewals: NotRequired[list[RenewalDict]]
    lapses: NotRequired[list[LapseDict]]

@type_check_only
class HandoffDict(TypedDict):
    """A hand-off of an account between sales and operations (``Book.handoffs_of``)."""

    id: str
    account_id: str
    from_rep_id: str
    to_rep_id: str
    at: str
    accepted_at: NotRequired[str]
    direction: _HandoffDirection

@type_check_only
class TaskDict(TypedDict):
    """A task: a follow-up, call or meeting a rep owes an account (``Book.task``)."""

    id: str
    account_id: str
    contact_id: NotRequired[str]
    rep_id: str
    kind: _TaskKind
    source: _TaskSource
    status: _TaskStatus
    created_at: str
    due_on: str
    completed_at: NotRequired[str]

@type_check_only
class PhoneDict(TypedDict):
    """A phone number, as ``Contact.phones`` gives it."""

    number: str
    """The number, ideally in E.164 form: ``"+16025550100"``."""
    kind: _PhoneKind

@type_check_only
class EmailDict(TypedDict):
    """An e-mail address, as ``Contact.emails`` gives it."""

    address: str
    primary: bool
    """Whether this is the address to use first."""

@final
class Book:
    """A validated, indexed book of business, changed only by its checked changes."""

    @staticmethod
    def from_json(json: str) -> Book:
        """Read a book from its JSON form and validate it.

        Raises ``JsonError``, ``SchemaVersionError`` or ``ValidationError``.
        """
    def to_json(self, *, compact: bool = False) -> str:
        """The book as JSON: two-space indents and a final newline, or with
        ``compact=True`` no white space at all."""
    def write_json(
        self, target: str | os.PathLike[str] | _Writable, *, compact: bool = False
    ) -> None:
        """Write the book's JSON (as ``to_json`` gives it) to a path or a file object
        (binary, or an ``io.TextIOBase``) in chunks, never building the whole text.

        Raises ``FileWriteError`` (the file object's exception as its ``__cause__``).
        """
    @staticmethod
    def read_json(source: str | os.PathLike[str] | _Readable) -> Book:
        """Read a book from a path or a file object (``read(n)`` gives ``str`` or
        ``bytes``) in chunks, each record into the book as it is parsed.

        Raises ``FileReadError`` (the file object's exception as its ``__cause__``),
        ``JsonError``, ``SchemaVersionError`` or ``ValidationError``.
        """
    def rep_ids(self) -> list[str]:
        """The ids of every rep, in book order."""
    def account_ids(self) -> list[str]:
        """The ids of every account, in book order."""
    def contact(self, id: str) -> Contact | None:
        """The contact with id ``id``, or None."""
    def contact_time_zone(self, contact_id: str) -> str:
        """The IANA zone a contact is called in; raises ``NotFoundError``."""
    def account(self, id: str) -> AccountDict | None:
        """The account with id ``id``, or None."""
    def rep(self, id: str) -> RepDict | None:
        """The rep with id ``id``, or None."""
    def accounts_owned_by(self, rep_id: str) -> list[AccountDict]:
        """The accounts a rep owns or co-owns, in book order."""
    def contacts_of(self, account_id: str) -> list[Contact]:
        """The contacts of an account, in book order."""
    def activities_of(self, account_id: str) -> list[ActivityDict]:
        """The activities on an account, oldest first (ties in book order)."""
    def opportunities_of(self, account_id: str) -> list[OpportunityDict]:
        """The opportunities on an account, in book order."""
    def memberships_of(self, account_id: str) -> list[MembershipDict]:
        """The memberships of an account, in book order."""
    def handoffs_of(self, account_id: str) -> list[HandoffDict]:
        """The hand-offs of an account, oldest first."""
    def task(self, id: str) -> TaskDict | None:
        """The task with id ``id``, or None."""
    def summary(self) -> dict[str, Any]:
        """Counts and totals of the book, as a dict."""
    def summary_json(self) -> str:
        """Counts and totals of the book as JSON."""
    def summary_text(self) -> str:
        """Counts and totals of the book as a short report for people."""
    def can_call(self, contact_id: str, at: datetime.datetime, rules: CallingRules) -> Verdict:
        """Whether a contact may be called at ``at`` (an aware datetime) under ``rules``:
        do-not-call and consent first, then the time rules in the contact's zone, then
        the caps. Raises ``NotFoundError`` or ``InvalidArgumentError`` (naive ``at``)."""
    def log_activity(self, activity: ActivityDict | Mapping[str, Any]) -> None:
        """Log an activity (the JSON shape of one), checked as loading checks it.
        Raises ``ValidationError`` (the book unchanged) or ``InvalidArgumentError``."""
    def add_task(self, task: Mapping[str, Any]) -> None:
        """Add a task (the JSON shape of one); raises ``ValidationError``."""
    def complete_task(self, task_id: str, completed_at: datetime.datetime) -> None:
        """Complete an open task; raises ``NotFoundError``, ``InvalidArgumentError``
        or ``ValidationError``."""
    def record_campaign_response(self, campaign_id: str, response: Mapping[str, Any]) -> None:
        """Record a campaign response; raises ``NotFoundError`` or ``ValidationError``."""
    def record_attendee(self, event_id: str, attendee: Mapping[str, Any]) -> None:
        """Record an event attendee; raises ``NotFoundError`` or ``ValidationError``."""
    def set_consent(
        self, contact_id: str, channel: _Channel, consent: Literal["granted", "denied", "unknown"]
    ) -> None:
        """Record a contact's consent for a channel; raises ``NotFoundError``."""
    def set_do_not_call(self, contact_id: str, do_not_call: bool) -> None:
        """Put a contact on the do-not-call list or take them off it."""
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...
    def next_day_call_list(
        self,
        rep_id: str,
        day: datetime.date | str,
        config: Mapping[str, Any] | str | None = None,
        inputs: Inputs | None = None,
    ) -> CallList:
        """The Next Day Call List of ``rep_id`` for ``day``: whom to call, why and when."""
    def power_hour_list(
        self,
        team_id: str,
        day: datetime.date | str,
        config: Mapping[str, Any] | str | None = None,
        inputs: Inputs | None = None,
    ) -> CallList:
        """The Power Hour pool of ``team_id`` for ``day``."""
    def crankathon_list(
        self,
        team_id: str,
        day: datetime.date | str,
        config: Mapping[str, Any] | str | None = None,
        inputs: Inputs | None = None,
    ) -> CallList:
        """The Crankathon pool of ``team_id`` for ``day``: the team's follow-ups."""
    def call_lists(
        self,
        day: datetime.date | str,
        config: Mapping[str, Any] | str | None = None,
        inputs: Inputs | None = None,
    ) -> pa.Table:
        """Every rep's Next Day Call List for ``day``, as one pyarrow Table of entries."""
    def blitz_pool(
        self,
        team_id: str,
        start: datetime.datetime,
        minutes: int,
        source: Literal["power_hour", "crankathon"],
        config: Mapping[str, Any] | str | None = None,
        inputs: Inputs | None = None,
        team_config: Mapping[str, Any] | str | None = None,
    ) -> BlitzPool:
        """The blitz pool of ``team_id`` for the block from ``start`` lasting ``minutes``."""
    def routine_pool(
        self,
        team_id: str,
        routine: Routine,
        day: datetime.date | str,
        config: Mapping[str, Any] | str | None = None,
        inputs: Inputs | None = None,
        team_config: Mapping[str, Any] | str | None = None,
    ) -> BlitzPool:
        """The blitz pool of ``team_id`` for the block ``routine`` has on ``day``."""
    def daily_wrap_up(
        self,
        rep_id: str,
        day: datetime.date | str,
        notes: Mapping[str, Any] | None = None,
        team_config: Mapping[str, Any] | str | None = None,
    ) -> WrapUp:
        """The Daily Wrap Up of ``rep_id`` for ``day``, with the rep's notes."""
    def goal_progress(
        self,
        goals: Iterable[Mapping[str, Any]],
        as_of: datetime.date | str,
        team_config: Mapping[str, Any] | str | None = None,
    ) -> list[GoalProgressDict]:
        """The progress of ``goals`` as of ``as_of``, with pace."""

@final
class Contact:
    """A person at an account (a snapshot taken from a book)."""

    @property
    def id(self) -> str: ...
    @property
    def account_id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def time_zone(self) -> str:
        """The effective IANA zone: the contact's override, else the account's."""
    @property
    def time_zone_override(self) -> str | None: ...
    @property
    def do_not_call(self) -> bool: ...
    @property
    def birthday(self) -> tuple[int, int, int | None] | None:
        """``(month, day, year)``, the year None when unknown."""
    @property
    def phones(self) -> list[PhoneDict]:
        """Phone numbers, best first, in the book's JSON shape (empty when none)."""
    @property
    def emails(self) -> list[EmailDict]:
        """E-mail addresses, in the book's JSON shape (empty when none)."""
    @property
    def consent(self) -> dict[str, str]:
        """Channel name (``"call"``, ``"text"``, ...) to ``"granted"``, ``"denied"`` or
        ``"unknown"``, as in the book's JSON; channels with nothing recorded are absent."""
    def consent_for(self, channel: str) -> str:
        """``"granted"``, ``"denied"`` or ``"unknown"`` (nothing recorded) for a channel
        name; raises ``InvalidArgumentError`` for an unknown channel name."""

@final
class Problem:
    """One broken rule in a book; ``str(problem)`` is ``path [kind]: message``."""

    @property
    def path(self) -> str:
        """Where in the book's JSON the value is (``memberships[0].lapses[0].reinstated_on``),
        written from ``record_kind``, ``index``, ``item`` and ``field``."""
    @property
    def record_kind(self) -> str:
        """The kind of record the value is in (``"membership"``)."""
    @property
    def index(self) -> int:
        """The record's position in its collection, from 0."""
    @property
    def item(self) -> tuple[str, int] | None:
        """The list inside the record holding the value and the item's position
        (``("lapses", 0)``), or None."""
    @property
    def field(self) -> str:
        """The field (of the item, when there is one); empty for the whole record or item."""
    @property
    def reference(self) -> tuple[str, str] | None:
        """For a dangling reference, the record named as ``(kind, id)``; None otherwise."""
    @property
    def record_id(self) -> str | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def message(self) -> str: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class RowProblem:
    """One problem in a CRM export; ``str(problem)`` is
    ``file row N, column "header": problem`` (``file row N: problem`` when the problem is
    the whole row's)."""

    def __new__(cls, file: str, row: int, column: str, problem: str) -> Self: ...
    @property
    def file(self) -> str:
        """The file: its file name, or ``accounts.csv`` and so on for a file object."""
    @property
    def row(self) -> int:
        """The row, counting the header as row 1 (0 when no row can be named)."""
    @property
    def column(self) -> str:
        """The column's header as written in the file; empty for a whole-row problem."""
    @property
    def problem(self) -> str:
        """What is wrong (ids, columns and values of dates, codes and numbers)."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[type[Self], tuple[str, int, str, str]]: ...

def sample_book(
    *,
    seed: int | None = None,
    members: int | None = None,
    activities: int | None = None,
    as_of: datetime.date | None = None,
) -> Book:
    """A deterministic sample book; an argument left out is the core's default sample's
    (seed 7, 1,000 members, the natural number of activities, as of 2026-11-01).

    Raises ``InvalidArgumentError`` for bad sizes or an ``as_of`` outside the years 1900
    to 9999, and ``TypeError`` when ``as_of`` is a ``datetime.datetime``.
    """

_CsvFile: TypeAlias = str | os.PathLike[str] | _Readable

@type_check_only
class _Readable(Protocol):
    def read(self, size: int, /) -> str | bytes: ...

@type_check_only
class _BytesWritable(Protocol):
    def write(self, data: bytes, /) -> object: ...

@type_check_only
class _TextWritable(Protocol):
    def write(self, data: str, /) -> object: ...

_Writable: TypeAlias = _BytesWritable | _TextWritable

def crm_columns(file: str) -> list[str]:
    """The columns callwise reads from one kind of CRM export file, by callwise's names;
    raises ``InvalidArgumentError`` for an unknown kind."""

def load_crm_csv(
    accounts: _CsvFile,
    *,
    contacts: _CsvFile | None = None,
    opportunities: _CsvFile | None = None,
    memberships: _CsvFile | None = None,
    activities: _CsvFile | None = None,
    reps: _CsvFile | None = None,
    mapping: Mapping[str, Any] | str | None = None,
) -> Book:
    """Load a book from the CSV files of a CRM export and validate it.

    Each file is a path (of a regular file) or an open file object (read with
    ``read(MAX_CRM_EXPORT_BYTES + 1)``, giving ``str`` or ``bytes``); ``mapping`` renames
    columns per file (a dict or its JSON text, e.g.
    ``{"accounts": {"account_id": "Account ID"}, "default_currency": "USD"}``). Raises
    ``CrmExportError`` listing every problem (file, row, column), ``FileReadError`` when a
    file cannot be read (a directory, device or pipe included) and
    ``InvalidArgumentError`` for a bad mapping or an export of more than
    ``MAX_CRM_EXPORT_BYTES``.
    """

# Calling rules, business calendars and cadences. Instants given are aware datetimes in
# any zone (a naive one is an InvalidArgumentError); instants returned by methods and
# properties are aware datetimes in UTC. Dicts are in the core's JSON shape, their
# instants RFC 3339 strings in UTC ("2026-11-24T19:00:00Z"), their dates ISO strings;
# dicts given may hold aware datetimes and dates instead. These names exist for type
# checkers only.

_Day: TypeAlias = datetime.date | str
_Clock: TypeAlias = str | datetime.time
_Weekday: TypeAlias = Literal["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_BlockRule: TypeAlias = Literal[
    "do_not_call",
    "no_consent",
    "quiet_day",
    "holiday",
    "outside_window",
    "contact_cap",
    "account_cap",
]
_StepKind: TypeAlias = Literal["call", "email", "voicemail", "text", "social", "task"]
_ExitReason: TypeAlias = Literal[
    "replied",
    "meeting_booked",
    "opportunity_created",
    "opted_out",
    "wrong_number",
    "not_interested",
    "moved_to_cadence",
    "finished",
]
_CallOutcome: TypeAlias = Literal[
    "connected", "no_answer", "voicemail", "not_interested", "meeting_set"
]
_Instant: TypeAlias = str | datetime.datetime

@type_check_only
class VerdictRecord(TypedDict):
    """A ``Verdict`` in its JSON shape (``Verdict.to_dict``)."""

    verdict: Literal["allowed", "blocked"]
    rule: NotRequired[_BlockRule]
    next_allowed: NotRequired[str | None]

@final
class Verdict:
    """The answer to "may I call now?": ``allowed``, else the ``rule`` that blocks and
    ``next_allowed``, the earliest instant every time-based rule allows (None when
    waiting does not help)."""

    @property
    def allowed(self) -> bool: ...
    @property
    def rule(self) -> _BlockRule | None: ...
    @property
    def next_allowed(self) -> datetime.datetime | None:
        """An aware datetime in UTC, or None."""
    def to_dict(self) -> VerdictRecord:
        """The verdict in its JSON shape."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class CallingRules:
    """The rules a call must pass: a window in the callee's local time (08:00 to 21:00
    by default), regions, quiet days and holidays, an unknown-zone policy, consent and
    caps. Immutable; each ``with_...`` returns new rules."""

    @staticmethod
    def default() -> CallingRules:
        """08:00 to 21:00 every day, no quiet days, no caps, unknown zones refused."""
    @staticmethod
    def from_json(json: str) -> CallingRules:
        """Rules from their JSON form; raises ``JsonError``."""
    def to_json(self) -> str:
        """The rules as pretty-printed JSON, every default written out."""
    def with_window(self, start: _Clock, end: _Clock) -> CallingRules:
        """A new general window (``"HH:MM"`` local times, ``end`` excluded); raises
        ``InvalidRuleError``."""
    def with_quiet_days(self, days: Sequence[_Weekday]) -> CallingRules:
        """These weekdays quiet everywhere; raises ``InvalidArgumentError``."""
    def with_quiet_holidays(self, calendar: BusinessCalendar) -> CallingRules:
        """The calendar's holidays quiet, in the callee's local date."""
    def with_region(
        self,
        name: str,
        time_zones: Sequence[str],
        start: _Clock,
        end: _Clock,
        quiet_days: Sequence[_Weekday] | None = None,
    ) -> CallingRules:
        """One more region, matched by the callee's zone; raises
        ``UnknownTimeZoneError`` or ``InvalidRuleError``."""
    def with_unknown_zone_fallback(self, candidates: Sequence[str]) -> CallingRules:
        """Judge an unknown zone by the strictest of ``candidates``; raises
        ``InvalidRuleError`` or ``UnknownTimeZoneError``."""
    def with_consent_required(self, required: bool) -> CallingRules:
        """Whether only a granted consent allows a call."""
    def with_caps(
        self, per_contact_per_week: int | None = None, per_account_per_day: int | None = None
    ) -> CallingRules:
        """Frequency caps (None: off); raises ``InvalidRuleError`` for 0."""
    @property
    def window(self) -> tuple[datetime.time, datetime.time]:
        """The general window as local ``(start, end)`` times, ``end`` excluded."""
    @property
    def caps(self) -> tuple[int | None, int | None]:
        """``(per_contact_per_week, per_account_per_day)``, None where off."""
    @property
    def consent_required(self) -> bool: ...
    def check(self, *, time_zone: str, at: datetime.datetime) -> Verdict:
        """The time rules for a callee in ``time_zone`` at ``at``; raises
        ``UnknownTimeZoneError`` or ``InvalidArgumentError`` (naive ``at``)."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class BusinessCalendar:
    """Weekends and holidays: which days are business days; arithmetic in business days
    and business hours."""

    @staticmethod
    def us_federal() -> BusinessCalendar:
        """Saturdays, Sundays and the eleven US federal holidays, observed-day rule."""
    @staticmethod
    def weekends_only() -> BusinessCalendar:
        """Saturdays and Sundays off, no holidays."""
    @staticmethod
    def from_json(json: str) -> BusinessCalendar:
        """A calendar from its JSON form; raises ``JsonError``."""
    def to_json(self) -> str:
        """The calendar as pretty-printed JSON."""
    @property
    def weekend_days(self) -> list[_Weekday]:
        """The weekend days, Monday first."""
    @property
    def holiday_rules(self) -> list[dict[str, Any]]:
        """The holiday rules, in the JSON shape."""
    def is_business_day(self, date: _Day) -> bool: ...
    def holiday(self, date: _Day) -> str | None:
        """The name of the holiday observed on ``date``, or None."""
    def holidays_between(self, start: _Day, end: _Day) -> list[tuple[datetime.date, str]]:
        """``(date, name)`` of the holidays observed from ``start`` to ``end``, included."""
    def roll_forward(self, date: _Day) -> datetime.date:
        """``date`` if a business day, else the next one."""
    def add_business_days(self, date: _Day, n: int) -> datetime.date:
        """``n`` business days after (``n`` < 0: before) ``date``."""
    def next_business_instant(
        self, at: datetime.datetime, time_zone: str, start: _Clock, end: _Clock
    ) -> datetime.datetime:
        """The earliest instant at or after ``at`` inside the window on a business day."""
    def add_business_hours(
        self, at: datetime.datetime, time_zone: str, start: _Clock, end: _Clock, hours: int
    ) -> datetime.datetime:
        """``hours`` business hours after ``at``."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@type_check_only
class Enrollment(TypedDict):
    """One contact enrolled in a cadence by a rep (``enrollment_for_contact``,
    ``EnrollmentState.enrollment``). Given to the playbook, ``enrolled_at`` may also be
    an aware datetime."""

    id: str
    cadence_id: str
    contact_id: str
    account_id: str
    rep_id: str
    time_zone: str
    """The recipient's IANA zone: windows and business days are in its local time."""
    enrolled_at: str

@type_check_only
class ActivityEvent(TypedDict):
    """An activity logged for the contact."""

    event: Literal["activity"]
    at: _Instant
    channel: _Channel
    direction: _Direction
    outcome: NotRequired[_Outcome]

@type_check_only
class StepDoneEvent(TypedDict):
    """The rep marks the current step done."""

    event: Literal["step_done"]
    at: _Instant
    step: str
    outcome: NotRequired[_CallOutcome]

@type_check_only
class ExitEvent(TypedDict):
    """The enrollment ends for ``reason``."""

    event: Literal["exit"]
    at: _Instant
    reason: _ExitReason

@type_check_only
class MovedToCadenceEvent(TypedDict):
    """The contact moves to another cadence; this enrollment ends."""

    event: Literal["moved_to_cadence"]
    at: _Instant
    cadence: str

@type_check_only
class PausedEvent(TypedDict):
    """The enrollment pauses, until ``until`` if given."""

    event: Literal["paused"]
    at: _Instant
    until: NotRequired[_Instant]

@type_check_only
class ResumedEvent(TypedDict):
    """A paused enrollment resumes."""

    event: Literal["resumed"]
    at: _Instant

CadenceEvent: TypeAlias = (
    ActivityEvent | StepDoneEvent | ExitEvent | MovedToCadenceEvent | PausedEvent | ResumedEvent
)

# A rep away from `from` to `to`, both included (functional form: `from` is a keyword).
Absence = TypedDict("Absence", {"rep_id": str, "from": _Day, "to": _Day})

@type_check_only
class Coverage(TypedDict):
    """Who is away, and what happens to their steps."""

    absences: list[Absence]
    policy: Literal["shift", "reassign"]

@type_check_only
class DueStep(TypedDict):
    """One step due for a rep on a day (``Playbook.due_on``, ``Playbook.due_for_all``)."""

    rep_id: str
    """The rep who does it (the owner, or who covers for them)."""
    owner_rep_id: str
    enrollment_id: str
    contact_id: str
    account_id: str
    cadence_id: str
    step_id: str
    kind: _StepKind
    variant: str | None
    due_at: str
    window_start: str
    """When its window opens for it on the day (at or after ``due_at``)."""
    window_end: str
    reason: str
    """Why it is due, in words."""

@type_check_only
class EnrollmentStatusRecord(TypedDict):
    """Where an enrollment stands, in its JSON shape."""

    status: Literal["active", "paused", "exited"]
    until: NotRequired[str | None]
    reason: NotRequired[_ExitReason]
    at: NotRequired[str]

@type_check_only
class EnrollmentStateRecord(TypedDict):
    """An ``EnrollmentState`` in its JSON shape (``EnrollmentState.to_dict``)."""

    enrollment: Enrollment
    cadence_id: str
    status: EnrollmentStatusRecord
    step_id: str
    step_index: int
    variant: str | None
    due_at: str
    reason: str
    steps_done: int
    last_event_at: str

@type_check_only
class CadenceRecord(TypedDict):
    """A cadence, in its JSON shape (``Playbook.cadence``)."""

    id: str
    name: str
    steps: list[dict[str, Any]]
    next: NotRequired[str]

@final
class EnrollmentState:
    """An enrollment and where it stands; immutable (``Playbook.apply`` returns a new
    one)."""

    @property
    def enrollment(self) -> Enrollment: ...
    @property
    def cadence_id(self) -> str: ...
    @property
    def status(self) -> Literal["active", "paused", "exited"]: ...
    @property
    def exit_reason(self) -> _ExitReason | None: ...
    @property
    def exited_at(self) -> datetime.datetime | None: ...
    @property
    def paused_until(self) -> datetime.datetime | None: ...
    @property
    def step_id(self) -> str: ...
    @property
    def step_index(self) -> int: ...
    @property
    def variant(self) -> str | None: ...
    @property
    def due_at(self) -> datetime.datetime: ...
    @property
    def reason(self) -> str: ...
    @property
    def steps_done(self) -> int: ...
    @property
    def last_event_at(self) -> datetime.datetime: ...
    def to_dict(self) -> EnrollmentStateRecord:
        """The state in its JSON shape."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Playbook:
    """The cadences a team runs and the business calendar they run on."""

    @staticmethod
    def from_json(json: str) -> Playbook:
        """A playbook from its JSON form; raises ``JsonError``."""
    def to_json(self) -> str: ...
    def cadence_ids(self) -> list[str]: ...
    def cadence(self, id: str) -> CadenceRecord | None: ...
    @property
    def calendar(self) -> BusinessCalendar: ...
    @property
    def business_hours(self) -> tuple[datetime.time, datetime.time]: ...
    def start(self, enrollment: Mapping[str, object]) -> EnrollmentState:
        """The state of a new enrollment (a dict in the ``Enrollment`` shape)."""
    def apply(self, state: EnrollmentState, event: Mapping[str, object]) -> EnrollmentState:
        """A new state: ``state`` after ``event`` (a ``CadenceEvent`` dict)."""
    def replay(
        self, enrollment: Mapping[str, object], events: Iterable[Mapping[str, object]]
    ) -> EnrollmentState:
        """The state after ``events``, applied in time order to a new enrollment."""
    def due_on(
        self,
        book: Book,
        states: Iterable[EnrollmentState],
        rep_id: str,
        date: _Day,
        coverage: Mapping[str, object] | None = None,
    ) -> list[DueStep]:
        """A rep's steps due on ``date``, overdue ones included."""
    def due_for_all(
        self,
        book: Book,
        states: Iterable[EnrollmentState],
        date: _Day,
        coverage: Mapping[str, object] | None = None,
    ) -> list[DueStep]:
        """Every rep's steps due on ``date``, by rep id."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

def enrollment_for_contact(
    book: Book,
    id: str,
    cadence_id: str,
    contact_id: str,
    rep_id: str,
    enrolled_at: datetime.datetime,
) -> Enrollment:
    """An enrollment of a contact of ``book``, its account and zone taken from the book;
    raises ``NotFoundError``."""

# Routines (the public module is ``callwise.routine``). Records are dicts in the core's
# JSON shape: instants RFC 3339 strings in UTC, dates ISO strings. These names exist for
# type checkers only.

_RoutineKind: TypeAlias = Literal["bookend", "power_hour", "crankathon", "custom"]
_Wall: TypeAlias = datetime.datetime | str

@type_check_only
class Block(TypedDict):
    """One block of a routine's calling time (``Routine.blocks``)."""

    routine: str
    """The name of the routine it comes from."""
    kind: _RoutineKind
    time_zone: str
    """The routine's IANA zone."""
    start: str
    """When it starts, in UTC: ``"2026-11-24T15:00:00Z"``."""
    end: str
    local_date: str
    """The date of ``start`` in the routine's zone."""

@type_check_only
class BirthdayCall(TypedDict):
    """A contact to call on their birthday (``birthday_calls``)."""

    contact_id: str
    account_id: str
    date: str
    """The birthday, a date in the contact's own zone."""
    time_zone: str
    """The contact's IANA zone (their own, else their account's)."""

@type_check_only
class RenewalCall(TypedDict):
    """A membership to call before its term ends."""

    membership_id: str
    account_id: str
    term_end: str
    """The last day of the current term."""
    call_on: str
    """The day to call: ``term_end`` minus the lead."""

@type_check_only
class RenewalBatch(TypedDict):
    """The renewal calls of one month (``renewal_batches``)."""

    month: str
    """The first day of the month."""
    calls: list[RenewalCall]

@type_check_only
class RotationWeek(TypedDict):
    """One week of a zone rotation (``ZoneRotation.weeks``)."""

    week_start: str
    """The Monday the week starts on."""
    zone: str
    meetings_from: str
    """The first day to book meetings for."""

@type_check_only
class CallDueDate(TypedDict):
    """Due any time on a date (iCalendar ``DUE;VALUE=DATE``)."""

    date: str

@type_check_only
class CallDueAt(TypedDict):
    """Due by an instant (iCalendar ``DUE`` in UTC); given, it may be an aware datetime."""

    at: str

@type_check_only
class CallTodo(TypedDict):
    """A call to make, as an iCalendar ``VTODO`` (``call_todo_for_birthday``,
    ``call_todo_for_renewal``)."""

    uid: str
    """Stable, so a re-export updates rather than duplicates."""
    summary: str
    due: CallDueDate | CallDueAt

@final
class Routine:
    """A recurring block of calling time: an RFC 5545 rule from a local wall-clock first
    start in an IANA zone, lasting ``duration_minutes``, optionally on business days only.
    Immutable."""

    def __new__(
        cls,
        kind: _RoutineKind,
        name: str,
        time_zone: str,
        first_start: _Wall,
        rrule: str,
        duration_minutes: int,
    ) -> Routine:
        """Raises ``InvalidRuleError``, ``UnknownTimeZoneError`` or
        ``InvalidArgumentError``; ``TypeError`` for an aware ``first_start``."""
    @staticmethod
    def from_json(json: str) -> Routine:
        """A routine from its JSON form; raises ``JsonError``."""
    def to_json(self) -> str:
        """The routine as pretty-printed JSON."""
    def on_business_days(self, calendar: BusinessCalendar) -> Routine:
        """A new routine skipping the non-business days of ``calendar``."""
    @staticmethod
    def bookends(
        time_zone: str,
        first_day: _Day,
        morning: _Clock,
        evening: _Clock,
        minutes: int,
        calendar: BusinessCalendar,
    ) -> list[Routine]:
        """The morning and evening bookend calls, on the calendar's business days."""
    @staticmethod
    def power_hour(
        time_zone: str, first_day: _Day, weekdays: Sequence[_Weekday], start: _Clock
    ) -> Routine:
        """Power Hour: 60 minutes at ``start`` on each of ``weekdays``."""
    @staticmethod
    def crankathon(
        time_zone: str,
        first_day: _Day,
        weekdays: Sequence[_Weekday],
        start: _Clock,
        minutes: int,
    ) -> Routine:
        """Crankathon: ``minutes`` (at most 180) at ``start`` on each of ``weekdays``."""
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> _RoutineKind: ...
    @property
    def time_zone(self) -> str: ...
    @property
    def first_start(self) -> datetime.datetime:
        """A naive datetime: the wall time in ``time_zone``."""
    @property
    def rrule(self) -> str: ...
    @property
    def duration_minutes(self) -> int: ...
    @property
    def business_calendar(self) -> BusinessCalendar | None: ...
    def blocks(self, start: datetime.datetime, end: datetime.datetime) -> list[Block]:
        """The blocks starting from ``start`` to ``end`` (excluded), in time order."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class ZoneRotation:
    """The territory's zones, called one week each in turn from the Monday
    ``first_week``; meetings aimed ``meeting_lead_days`` out. Immutable."""

    def __new__(
        cls, zones: Sequence[str], first_week: _Day, meeting_lead_days: int
    ) -> ZoneRotation:
        """Raises ``InvalidRuleError`` or ``InvalidArgumentError``."""
    @staticmethod
    def from_json(json: str) -> ZoneRotation:
        """A rotation from its JSON form; raises ``JsonError``."""
    def to_json(self) -> str:
        """The rotation as pretty-printed JSON."""
    @property
    def zones(self) -> list[str]: ...
    @property
    def first_week(self) -> datetime.date: ...
    @property
    def meeting_lead_days(self) -> int: ...
    def zone_for(self, date: _Day) -> str:
        """The zone whose week ``date`` is in."""
    def weeks(self, start: _Day, count: int) -> list[RotationWeek]:
        """``count`` weeks from the week ``start`` is in."""
    def accounts_for(self, book: Book, date: _Day) -> list[str]:
        """The ids of the accounts whose zone is up in the week ``date`` is in."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

def birthday_calls(
    book: Book, start: _Day, end: _Day, leap: Literal["feb28", "mar1"] = "feb28"
) -> list[BirthdayCall]:
    """The birthday calls from ``start`` to ``end`` (included), by date then contact."""

def renewal_batches(book: Book, start: _Day, end: _Day, lead_days: int) -> list[RenewalBatch]:
    """The renewal calls due from ``start`` to ``end`` (included), by month."""

def call_todo_for_birthday(call: Mapping[str, object]) -> CallTodo:
    """The to-do for a ``BirthdayCall``; raises ``InvalidArgumentError``."""

def call_todo_for_renewal(call: Mapping[str, object]) -> CallTodo:
    """The to-do for a ``RenewalCall``; raises ``InvalidArgumentError``."""

def to_icalendar(
    routines: Iterable[Routine],
    blocks: Iterable[Mapping[str, object]],
    calls: Iterable[Mapping[str, object]],
    stamp: datetime.datetime,
) -> str:
    """Routines, blocks and calls as one iCalendar text (CRLF line ends)."""

# Retention (the public module is ``callwise.retention``). Column arguments are anything
# ``numpy.asarray`` reads as a one-dimensional array of numbers: numpy arrays, pandas or
# polars Series, pyarrow arrays, lists, or a scalar (one row). Results are float64 arrays.

_Column: TypeAlias = npt.ArrayLike
_Dates: TypeAlias = npt.ArrayLike | Sequence[datetime.date]
_Floats: TypeAlias = npt.NDArray[np.float64]

@type_check_only
class _ArrowStream(Protocol):
    """An object of the Arrow PyCapsule interface: a pyarrow Table or RecordBatch, a
    pandas or polars DataFrame, a DuckDB result, ..."""

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...

# A table argument of `score`: anything with `__arrow_c_stream__`, a pandas or polars
# DataFrame or pyarrow Table (by their columns), or a mapping of names to columns.
_Table: TypeAlias = _ArrowStream | _Frame | Mapping[str, _Column]

@type_check_only
class FitReport(TypedDict):
    """How a fit went (``fit_report``)."""

    iterations: int
    evaluations: int
    method: Literal["newton", "l-bfgs", "nelder-mead"]
    rows: int
    distinct_rows: int

# What every model class has. Each compiled class defines these methods itself (there is
# no base class at runtime); stubtest checks each class's against these stubs.

@type_check_only
class _Model:
    """A retention model: its parameters, and how its fit went."""

    @property
    def params(self) -> dict[str, float]:
        """The parameters, ``{name: value}`` in the paper's order."""
    @property
    def log_likelihood(self) -> float | None:
        """The log-likelihood of the data fitted to; None when built from parameters."""
    @property
    def std_errors(self) -> dict[str, float] | None:
        """Standard errors of the fitted parameters; None when built from parameters."""
    @property
    def fit_report(self) -> FitReport | None:
        """How the fit went; None when built from parameters."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[type[Self], tuple[float, ...]]: ...

@type_check_only
class _PurchaseModel(_Model):
    """BG/NBD, MBG/NBD and Pareto/NBD: customers' ``frequency``, ``recency`` and ``T``."""

    @overload
    @classmethod
    def fit(
        cls,
        frequency: _Table,
        recency: None = None,
        T: None = None,
        weights: _Column | None = None,
        *,
        max_iterations: int | None = None,
        max_evaluations: int | None = None,
        tolerance: float | None = None,
        initial: Sequence[float] | None = None,
        group_rows: bool = True,
    ) -> Self:
        """The fit to a table with the columns ``frequency``, ``recency`` and ``T``."""
    @overload
    @classmethod
    def fit(
        cls,
        frequency: _Column,
        recency: _Column,
        T: _Column,
        weights: _Column | None = None,
        *,
        max_iterations: int | None = None,
        max_evaluations: int | None = None,
        tolerance: float | None = None,
        initial: Sequence[float] | None = None,
        group_rows: bool = True,
    ) -> Self:
        """The maximum-likelihood fit; raises ``InvalidArgumentError`` or
        ``NotConvergedError``."""
    def log_likelihood_of(
        self, frequency: _Column, recency: _Column, T: _Column, weights: _Column | None = None
    ) -> float: ...
    def probability_alive(self, frequency: _Column, recency: _Column, T: _Column) -> _Floats: ...
    def expected_purchases(
        self, t: float, frequency: _Column, recency: _Column, T: _Column
    ) -> _Floats: ...
    def score(
        self,
        table: _Table,
        t: float,
        *,
        spend_model: GammaGammaModel | None = None,
        months: int = 12,
        monthly_discount_rate: float = 0.01,
        periods_per_month: float = 4.345,
    ) -> pa.Table:
        """The input's columns, then ``p_alive`` and ``expected_purchases`` (in the next
        ``t``), and with ``spend_model`` ``expected_spend`` and ``clv``; ``table`` needs
        ``frequency``, ``recency`` and ``T`` (and ``monetary_value`` with a spend model)."""
    def expected_purchases_new(self, t: _Column) -> _Floats: ...

@final
class BetaGeoModel(_PurchaseModel):
    """BG/NBD: Poisson purchases at rate Gamma(r, alpha), drop-out after each purchase
    with probability Beta(a, b). Build from known parameters or fit."""

    def __new__(cls, r: float, alpha: float, a: float, b: float) -> BetaGeoModel: ...
    @property
    def r(self) -> float: ...
    @property
    def alpha(self) -> float: ...
    @property
    def a(self) -> float: ...
    @property
    def b(self) -> float: ...

@final
class ModifiedBetaGeoModel(_PurchaseModel):
    """MBG/NBD: BG/NBD in which a customer may also drop out right after the first
    purchase."""

    def __new__(cls, r: float, alpha: float, a: float, b: float) -> ModifiedBetaGeoModel: ...
    @property
    def r(self) -> float: ...
    @property
    def alpha(self) -> float: ...
    @property
    def a(self) -> float: ...
    @property
    def b(self) -> float: ...

@final
class ParetoNBDModel(_PurchaseModel):
    """Pareto/NBD: Poisson purchases at rate Gamma(r, alpha), exponential lifetimes at
    rate Gamma(s, beta)."""

    def __new__(cls, r: float, alpha: float, s: float, beta: float) -> ParetoNBDModel: ...
    @property
    def r(self) -> float: ...
    @property
    def alpha(self) -> float: ...
    @property
    def s(self) -> float: ...
    @property
    def beta(self) -> float: ...

@final
class BetaGeoBetaBinomModel(_Model):
    """BG/BB: over discrete opportunities, transactions with probability
    Beta(alpha, beta) and drop-out with probability Beta(gamma, delta)."""

    def __new__(
        cls, alpha: float, beta: float, gamma: float, delta: float
    ) -> BetaGeoBetaBinomModel: ...
    @overload
    @classmethod
    def fit(
        cls,
        frequency: _Table,
        recency: None = None,
        n_periods: None = None,
        weights: _Column | None = None,
        *,
        max_iterations: int | None = None,
        max_evaluations: int | None = None,
        tolerance: float | None = None,
        initial: Sequence[float] | None = None,
        group_rows: bool = True,
    ) -> BetaGeoBetaBinomModel:
        """The fit to a table with the columns ``frequency``, ``recency`` and ``n_periods``."""
    @overload
    @classmethod
    def fit(
        cls,
        frequency: _Column,
        recency: _Column,
        n_periods: _Column,
        weights: _Column | None = None,
        *,
        max_iterations: int | None = None,
        max_evaluations: int | None = None,
        tolerance: float | None = None,
        initial: Sequence[float] | None = None,
        group_rows: bool = True,
    ) -> BetaGeoBetaBinomModel:
        """The maximum-likelihood fit; raises ``InvalidArgumentError`` or
        ``NotConvergedError``."""
    @property
    def alpha(self) -> float: ...
    @property
    def beta(self) -> float: ...
    @property
    def gamma(self) -> float: ...
    @property
    def delta(self) -> float: ...
    def log_likelihood_of(
        self,
        frequency: _Column,
        recency: _Column,
        n_periods: _Column,
        weights: _Column | None = None,
    ) -> float: ...
    def probability_alive(
        self, frequency: _Column, recency: _Column, n_periods: _Column
    ) -> _Floats: ...
    def expected_purchases(
        self, m_periods: float, frequency: _Column, recency: _Column, n_periods: _Column
    ) -> _Floats: ...
    def score(self, table: _Table, t: float) -> pa.Table:
        """The input's columns, then ``p_alive`` and ``expected_purchases`` (in the next
        ``t`` opportunities); ``table`` needs ``frequency``, ``recency`` and ``n_periods``."""

@final
class GammaGammaModel(_Model):
    """Gamma-Gamma spend per purchase: values Gamma(p, v), v ~ Gamma(q, gamma) across
    customers; with a purchase model, customer lifetime value."""

    def __new__(cls, p: float, q: float, gamma: float) -> GammaGammaModel: ...
    @overload
    @classmethod
    def fit(
        cls,
        frequency: _Table,
        monetary_value: None = None,
        weights: _Column | None = None,
        *,
        max_iterations: int | None = None,
        max_evaluations: int | None = None,
        tolerance: float | None = None,
        initial: Sequence[float] | None = None,
        group_rows: bool = True,
    ) -> GammaGammaModel:
        """The fit to a table with the columns ``frequency`` and ``monetary_value``."""
    @overload
    @classmethod
    def fit(
        cls,
        frequency: _Column,
        monetary_value: _Column,
        weights: _Column | None = None,
        *,
        max_iterations: int | None = None,
        max_evaluations: int | None = None,
        tolerance: float | None = None,
        initial: Sequence[float] | None = None,
        group_rows: bool = True,
    ) -> GammaGammaModel:
        """The maximum-likelihood fit to repeat buyers; raises ``InvalidArgumentError``
        or ``NotConvergedError``."""
    @property
    def p(self) -> float: ...
    @property
    def q(self) -> float: ...
    @property
    def gamma(self) -> float: ...
    def log_likelihood_of(
        self, frequency: _Column, monetary_value: _Column, weights: _Column | None = None
    ) -> float: ...
    def expected_spend(self, frequency: _Column, monetary_value: _Column) -> _Floats: ...
    def customer_lifetime_value(
        self,
        model: BetaGeoModel | ModifiedBetaGeoModel | ParetoNBDModel,
        frequency: _Column,
        recency: _Column,
        T: _Column,
        monetary_value: _Column,
        months: int = 12,
        monthly_discount_rate: float = 0.01,
        periods_per_month: float = 4.345,
    ) -> _Floats: ...
    def score(
        self,
        table: _Table,
        t: float,
        purchase_model: BetaGeoModel | ModifiedBetaGeoModel | ParetoNBDModel,
        *,
        months: int = 12,
        monthly_discount_rate: float = 0.01,
        periods_per_month: float = 4.345,
    ) -> pa.Table:
        """``purchase_model.score(table, t, spend_model=self, ...)``."""

@final
class ShiftedBetaGeoModel(_Model):
    """The shifted-beta-geometric model of contractual retention: each member lapses at
    each renewal with a probability fixed for the member, Beta(alpha, beta) across
    members."""

    def __new__(cls, alpha: float, beta: float) -> ShiftedBetaGeoModel: ...
    @classmethod
    def fit(
        cls,
        survivors: _Column,
        *,
        max_iterations: int | None = None,
        max_evaluations: int | None = None,
        tolerance: float | None = None,
        initial: Sequence[float] | None = None,
        group_rows: bool = True,
    ) -> ShiftedBetaGeoModel:
        """The fit to one cohort's survivor counts."""
    @classmethod
    def fit_members(
        cls,
        renewals: _Column,
        lapsed: _Column,
        weights: _Column | None = None,
        *,
        max_iterations: int | None = None,
        max_evaluations: int | None = None,
        tolerance: float | None = None,
        initial: Sequence[float] | None = None,
        group_rows: bool = True,
    ) -> ShiftedBetaGeoModel:
        """The fit to member records (renewals so far, lapsed or not)."""
    @property
    def alpha(self) -> float: ...
    @property
    def beta(self) -> float: ...
    def survival(self, t: _Column) -> _Floats: ...
    def retention_rate(self, t: _Column) -> _Floats: ...
    def churn_probability(self, t: _Column) -> _Floats: ...
    def renewal_probability(self, renewals: _Column) -> _Floats: ...
    def discounted_expected_residual_lifetime(
        self, renewals: _Column, discount_rate: float
    ) -> _Floats: ...
    def score(self, table: _Table, *, discount_rate: float | None = None) -> pa.Table:
        """The input's columns, then ``p_renew`` (and with ``discount_rate``
        ``expected_residual_lifetime``); ``table`` needs ``renewals``."""

# The covariate renewal model and the signals taken from a book.

RENEWAL_FEATURES: Final[tuple[str, ...]]
DEFAULT_LEAD_DAYS: Final[int]
"""Core's default lead, in days, of ``renewal_history``."""
DEFAULT_WITHIN_DAYS: Final[int]
"""Core's default window, in days, of ``renewals_due`` and ``renewal_signals``."""
DEFAULT_UNIT: Final[Literal["days", "weeks"]]
"""Core's default time unit of the RFM summary and the purchase histories."""
DEFAULT_PURCHASE_SOURCE: Final[_PurchaseSource]
"""Core's default purchases of ``purchase_history``, ``dormant_signals`` and the call
list's dormant source."""
DEFAULT_BINS: Final[int]
"""Core's default bins of ``calibration_table``."""
DEFAULT_GROUPS: Final[int]
"""Core's default groups of ``gains_table``."""
DEFAULT_MAX_FREQUENCY: Final[int]
"""Core's default last frequency bucket of ``compare_holdout``."""
"""The renewal model's features, as ``renewal_history`` and ``renewals_due`` compute them."""

@type_check_only
class _Frame(Protocol):
    """A pandas or polars DataFrame or a pyarrow Table: columns by name."""

    @property
    def columns(self) -> Any: ...

# Feature columns by name: a mapping of name to column, a DataFrame or a pyarrow Table.
_Features: TypeAlias = Mapping[str, _Column] | _Frame

@type_check_only
class RenewalFitReport(TypedDict):
    """How a renewal fit went (``RenewalModel.fit_report``)."""

    iterations: int
    rows: int
    constant_features: list[str]
    """The features that were constant in the training data (coefficient 0)."""

@type_check_only
class Contribution(TypedDict):
    """One feature's part in a member's renewal score."""

    feature: str
    value: float
    contribution: float
    """Its effect on the log-odds of renewing: coefficient * (value - training mean)."""

@type_check_only
class Explanation(TypedDict):
    """Why a member got their renewal score (``RenewalModel.explain``)."""

    baseline: float
    """The log-odds of renewing of a member at the training means."""
    contributions: list[Contribution]
    log_odds: float
    """baseline + the contributions."""
    probability: float

@type_check_only
class RenewalSignal(TypedDict):
    """A member due for renewal, scored and explained (``renewal_signals``)."""

    membership_id: str
    account_id: str
    term_end: datetime.date
    p_renew: float
    explanation: Explanation

@final
class RenewalModel:
    """The covariate renewal model: a ridge-penalised logistic regression of renewing on
    the members' features, every score explained feature by feature."""

    def __new__(
        cls,
        feature_names: Sequence[str],
        intercept: float,
        coefficients: _Column,
        means: _Column,
    ) -> RenewalModel: ...
    @classmethod
    def fit(
        cls,
        features: _Features,
        renewed: _Column,
        weights: _Column | None = None,
        *,
        l2: float | None = None,
        max_iterations: int | None = None,
        tolerance: float | None = None,
    ) -> RenewalModel:
        """The penalised maximum-likelihood fit (None: l2 = 1, 100 iterations, tolerance
        1e-10); raises ``InvalidArgumentError`` or ``NotConvergedError``."""
    @property
    def feature_names(self) -> tuple[str, ...]: ...
    @property
    def intercept(self) -> float: ...
    @property
    def coefficients(self) -> _Floats: ...
    @property
    def means(self) -> _Floats: ...
    @property
    def log_likelihood(self) -> float | None: ...
    @property
    def fit_report(self) -> RenewalFitReport | None: ...
    def probability(self, row: _Column) -> float:
        """The renewal probability of one member, ``row`` in the model's feature order."""
    def probabilities(self, features: _Features) -> _Floats:
        """The renewal probability of every row, columns matched by name."""
    def score(self, table: _Table) -> pa.Table:
        """The input's columns, then ``p_renew``; features matched by name."""
    def explain(self, row: _Column) -> Explanation:
        """Every feature's contribution to one member's log-odds of renewing."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(
        self,
    ) -> tuple[type[RenewalModel], tuple[list[str], float, list[float], list[float]]]: ...

# The building blocks of callwise.retention's functions: columns as numpy arrays, ids and
# cohorts as int32 codes (-1 for a null), made into pyarrow Tables by the Python package.

def _rfm_summary(
    codes: npt.NDArray[np.int32],
    dates: _Dates,
    values: _Column,
    calibration_end: datetime.date | str | None,
    observation_end: datetime.date | str | None,
    unit: str,
) -> dict[str, npt.NDArray[Any]]: ...
def _rfm_summary_ints(
    ids: npt.NDArray[np.int64],
    dates: _Dates,
    values: _Column,
    calibration_end: datetime.date | str | None,
    observation_end: datetime.date | str | None,
    unit: str,
) -> dict[str, npt.NDArray[Any]]: ...
def _kaplan_meier(
    durations: _Column, lapsed: _Column, cohorts: npt.NDArray[np.int32] | None = None
) -> dict[str, npt.NDArray[Any]]: ...
def _auc(scores: _Column, outcomes: _Column) -> float: ...
def _brier_score(probabilities: _Column, outcomes: _Column) -> float: ...
def _calibration_table(
    probabilities: _Column, outcomes: _Column, bins: int
) -> dict[str, npt.NDArray[Any]]: ...
def _gains_table(
    scores: _Column, outcomes: _Column, groups: int
) -> dict[str, npt.NDArray[Any]]: ...
def _compare_holdout(
    calibration_frequency: _Column, predicted: _Column, actual: _Column, max_frequency: int
) -> tuple[dict[str, Any], dict[str, npt.NDArray[Any]]]: ...
def _renewal_history(book: Book, as_of: datetime.date | str, lead_days: int) -> dict[str, Any]: ...
def _renewals_due(book: Book, as_of: datetime.date | str, within_days: int) -> dict[str, Any]: ...
def _renewal_signals(
    book: Book, model: RenewalModel, as_of: datetime.date | str, within_days: int
) -> list[RenewalSignal]: ...
def _purchase_history(
    book: Book, as_of: datetime.date | str, unit: str, source: str
) -> dict[str, Any]: ...
def _dormant_signals(
    book: Book,
    model: BetaGeoModel | ModifiedBetaGeoModel | ParetoNBDModel,
    as_of: datetime.date | str,
    horizon: float,
    unit: str,
    source: str,
) -> dict[str, Any]: ...

# Call lists (callwise.call_list)

@type_check_only
class TouchDict(TypedDict):
    """The last touch on an account, in the JSON shape."""

    at: str
    contact_id: NotRequired[str]
    rep_id: str
    channel: str
    direction: str
    outcome: NotRequired[str]

@type_check_only
class CutDict(TypedDict):
    """An entry the day had no room for."""

    account_id: str
    score: int
    minutes: int

@type_check_only
class ChangeDict(TypedDict):
    """What logging an activity did to a list."""

    change: Literal["unchanged", "left", "moved", "held_back"]
    account_id: NotRequired[str]
    slot_start: NotRequired[str]
    rule: NotRequired[str]

@final
class Inputs:
    """What a call list reads besides the book."""

    def __new__(
        cls,
        *,
        playbook: Playbook | None = None,
        enrollments: Iterable[EnrollmentState] | None = None,
        coverage: Coverage | None = None,
        rotation: ZoneRotation | None = None,
        renewal_model: RenewalModel | None = None,
        purchase_model: BetaGeoModel | ModifiedBetaGeoModel | ParetoNBDModel | None = None,
        routines: Iterable[Routine] | None = None,
    ) -> Self: ...

@final
class Reason:
    """One reason to call, with the numbers behind it and its contribution."""

    @property
    def source(self) -> str: ...
    @property
    def account_id(self) -> str: ...
    @property
    def contact_id(self) -> str | None: ...
    @property
    def rep_id(self) -> str | None: ...
    @property
    def record_id(self) -> str | None: ...
    @property
    def why(self) -> str: ...
    @property
    def numbers(self) -> dict[str, float]: ...
    @property
    def stake_minor(self) -> int: ...
    @property
    def urgency(self) -> float: ...
    @property
    def contribution(self) -> int: ...

@final
class Entry:
    """One account on a list: whom to call, why and when."""

    @property
    def rank(self) -> int: ...
    @property
    def account_id(self) -> str: ...
    @property
    def contact_id(self) -> str: ...
    @property
    def score(self) -> int: ...
    @property
    def reasons(self) -> list[Reason]: ...
    @property
    def last_touch(self) -> TouchDict | None: ...
    @property
    def slot_start(self) -> datetime.datetime: ...
    @property
    def minutes(self) -> int: ...
    @property
    def time_zone(self) -> str: ...

@final
class HeldBack:
    """An account that cannot be called that day, and the rule that holds it back."""

    @property
    def account_id(self) -> str: ...
    @property
    def contact_id(self) -> str | None: ...
    @property
    def rule(self) -> str: ...
    @property
    def score(self) -> int: ...
    @property
    def reasons(self) -> list[Reason]: ...

@final
class CallList:
    """A rep's Next Day Call List or a team's Power Hour pool."""

    @staticmethod
    def from_json(json: str) -> CallList: ...
    def to_json(self) -> str: ...
    @property
    def kind(self) -> Literal["next_day", "power_hour", "crankathon"]: ...
    @property
    def rep_id(self) -> str | None: ...
    @property
    def team_id(self) -> str | None: ...
    @property
    def day(self) -> datetime.date: ...
    @property
    def time_zone(self) -> str: ...
    @property
    def capacity_minutes(self) -> int: ...
    @property
    def planned_minutes(self) -> int: ...
    @property
    def working(self) -> list[tuple[datetime.datetime, datetime.datetime]]: ...
    @property
    def entries(self) -> list[Entry]: ...
    @property
    def held_back(self) -> list[HeldBack]: ...
    @property
    def cut(self) -> list[CutDict]: ...
    def to_arrow(self) -> pa.Table: ...
    def to_pandas(self) -> Any: ...
    def log_activity(
        self, book: Book, activity: Mapping[str, Any], config: Mapping[str, Any] | str | None = None
    ) -> ChangeDict: ...
    def __len__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...

@final
class Reasons:
    """The reasons of some accounts for a day (picklable)."""

    @staticmethod
    def from_json(json: str) -> Reasons: ...
    def to_json(self) -> str: ...
    def to_list(self) -> list[dict[str, Any]]: ...
    def __len__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...

def reasons_for(
    book: Book,
    day: datetime.date | str,
    account_ids: Sequence[str] | None = None,
    config: Mapping[str, Any] | str | None = None,
    inputs: Inputs | None = None,
) -> Reasons: ...
def lists_from(
    book: Book,
    day: datetime.date | str,
    reasons: Iterable[Reasons],
    rep_ids: Sequence[str] | None = None,
    config: Mapping[str, Any] | str | None = None,
    inputs: Inputs | None = None,
) -> list[CallList]: ...
def table(lists: Sequence[CallList]) -> pa.Table: ...
def default_config() -> dict[str, Any]: ...

@final
class Store:
    """A book and its event journal in one SQLite file, durable and mergeable."""

    @staticmethod
    def create(
        path: str | os.PathLike[str],
        book: Book,
        *,
        device_id: str | None = None,
        authority: bool | None = None,
    ) -> Store:
        """Create a store holding ``book`` as its genesis; raises ``StoreError``."""
    @staticmethod
    def open(path: str | os.PathLike[str]) -> Store:
        """Open a store: its latest snapshot plus the rest of its journal replayed."""
    def close(self) -> None:
        """Close the store, releasing its file; a closed store raises ``StoreError``."""
    def __enter__(self) -> Store:
        """The store itself, closed as the ``with`` block ends."""
    def __exit__(self, *exc: object) -> bool:
        """Close the store; exceptions go on."""
    @property
    def path(self) -> str:
        """The file, as given."""
    @property
    def device_id(self) -> str:
        """The device this store records for."""
    @property
    def is_authority(self) -> bool:
        """Whether this store is the authority."""
    @property
    def lineage(self) -> str:
        """The hash of the genesis book's JSON."""
    def append(self, events: Iterable[Mapping[str, object]]) -> list[int]:
        """Record events in one transaction; their sequence numbers once durable."""
    def book(self) -> Book:
        """The book as of the last event, sharing the store's (no copy); a change made to
        it copies it first and never reaches the store."""
    def snapshot(self) -> bool:
        """Save the book as it stands; False when nothing changed since the last."""
    def version_vector(self) -> dict[str, Any]:
        """What this store holds: ``{"devices": {...}, "sequenced": n}``."""
    def export_since(self, since: Mapping[str, object] | str) -> str:
        """The events held beyond ``since``, as the exchange's JSON text."""
    def merge(self, exchange: str) -> dict[str, Any]:
        """Merge another store's exchange; ``added``, ``sequenced``, ``rejected``."""
    def rejected(self) -> list[dict[str, Any]]:
        """The events that did not apply after a merge, with why."""
    def claims(self) -> list[dict[str, Any]]:
        """Every blitz claim and where it stands."""
    def wrap_ups(self) -> list[dict[str, Any]]:
        """The Daily Wrap Ups filed in the journal, in its order."""
    def goals(self) -> list[dict[str, Any]]:
        """The goals the journal set, one per rep or team and period."""

# callwise.team: blitz pools, the leaderboard, the Daily Wrap Up, goals, the baton.

@type_check_only
class ClaimDict(TypedDict):
    """An account a rep holds in a pool."""

    account_id: str
    contact_id: str
    rep_id: str
    claimed_at: str
    expires_at: str

@type_check_only
class RemainingDict(TypedDict):
    """How many of a pool's accounts are in each state."""

    free: int
    claimed: int
    called: int
    left: int

@type_check_only
class LeftPoolDict(TypedDict):
    """An account that left a pool, with the rule that stops its call."""

    account_id: str
    contact_id: str
    rule: str
    at: str

@type_check_only
class TallyDict(TypedDict):
    """What some touches add up to."""

    dials: int
    connects: int
    meetings_set: int
    webinars_set: int
    opportunities_uncovered: int

@type_check_only
class StandingDict(TypedDict):
    """One rep's line on a leaderboard."""

    rank: int
    rep_id: str
    tally: TallyDict

# Who did what in a block (functional form: `from` is a keyword).
LeaderboardDict = TypedDict(
    "LeaderboardDict",
    {
        "team_id": str,
        "from": str,
        "to": str,
        "standings": list[StandingDict],
        "team": TallyDict,
    },
)

@type_check_only
class MeasureDict(TypedDict):
    """One target's progress."""

    metric: Literal["calls", "meetings", "new_opportunities", "closed"]
    target: int
    actual: int
    expected: int
    difference: int
    pace: Literal["on_track", "behind"]
    currency: NotRequired[str]

@type_check_only
class GoalProgressDict(TypedDict):
    """A goal's progress as of a day."""

    rep_id: NotRequired[str]
    team_id: NotRequired[str]
    period: str
    first_day: str
    last_day: str
    as_of: str
    days_elapsed: int
    days_total: int
    measures: list[MeasureDict]
    deals_in_other_currencies: NotRequired[int]

@type_check_only
class BatonStepDict(TypedDict):
    """One step of a hand-off: who did what, when."""

    handoff_id: str
    account_id: str
    action: Literal["proposed", "accepted", "rejected"]
    rep_id: str
    at: str
    direction: _HandoffDirection
    from_rep_id: str
    to_rep_id: str
    checklist: NotRequired[dict[str, Any]]
    reason: NotRequired[str]

@type_check_only
class BatonDict(TypedDict):
    """Where an account's baton is."""

    account_id: str
    holder: OwnershipDict
    since: NotRequired[str]
    pending: list[HandoffDict]
    trail: list[BatonStepDict]

@final
class BlitzPool:
    """A team's pool of calls for one block, claimed by many reps at once."""

    def claim(self, rep_id: str, at: datetime.datetime | None = None) -> str | None: ...
    def claim_account(
        self, rep_id: str, account_id: str, at: datetime.datetime | None = None
    ) -> ClaimDict: ...
    def release(
        self, rep_id: str, account_id: str, at: datetime.datetime | None = None
    ) -> None: ...
    def log_call(self, activity: Mapping[str, Any]) -> None: ...
    def remaining(self, at: datetime.datetime | None = None) -> RemainingDict: ...
    def left(self) -> list[LeftPoolDict]: ...
    def logged(self) -> list[ActivityDict]: ...
    def leaderboard(self) -> LeaderboardDict: ...
    def snapshot(self, at: datetime.datetime | None = None) -> dict[str, Any]: ...
    def entry(self, account_id: str) -> dict[str, Any] | None: ...
    @property
    def team_id(self) -> str: ...
    @property
    def start(self) -> datetime.datetime: ...
    @property
    def end(self) -> datetime.datetime: ...
    def __len__(self) -> int: ...

@final
class WrapUp:
    """One rep's Daily Wrap Up."""

    @staticmethod
    def from_json(json: str) -> WrapUp: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_email(self, goals: Iterable[Mapping[str, Any]] | None = None) -> str: ...
    def file(self, book: Book, at: datetime.datetime) -> BookChanges: ...
    @property
    def rep_id(self) -> str: ...
    @property
    def day(self) -> datetime.date: ...

@final
class BookChanges:
    """Records to write into a book."""

    @staticmethod
    def from_json(json: str) -> BookChanges: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def apply(self, book: Book) -> Book: ...
    def __bool__(self) -> bool: ...

@final
class BatonMove:
    """What a step of the hand-off baton changes."""

    @property
    def steps(self) -> list[BatonStepDict]: ...
    @property
    def changes(self) -> BookChanges: ...
    def to_json(self) -> str: ...

def leaderboard(
    book: Book,
    team_id: str,
    start: datetime.datetime,
    end: datetime.datetime,
    activities: Iterable[Mapping[str, Any]] | None = None,
) -> LeaderboardDict: ...
def wrap_ups(
    book: Book, day: datetime.date | str, team_config: Mapping[str, Any] | str | None = None
) -> list[WrapUp]: ...
def baton(
    book: Book, account_id: str, trail: Iterable[Mapping[str, Any]] | None = None
) -> BatonDict: ...
def propose_handoff(
    book: Book, proposal: Mapping[str, Any], trail: Iterable[Mapping[str, Any]] | None = None
) -> BatonMove: ...
def accept_handoff(
    book: Book,
    handoff_id: str,
    rep_id: str,
    at: datetime.datetime,
    trail: Iterable[Mapping[str, Any]] | None = None,
) -> BatonMove: ...
def reject_handoff(
    book: Book,
    handoff_id: str,
    rep_id: str,
    at: datetime.datetime,
    reason: str,
    trail: Iterable[Mapping[str, Any]] | None = None,
) -> BatonMove: ...
def default_team_config() -> dict[str, Any]: ...

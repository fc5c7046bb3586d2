"""callwise: whom to call next and why.

A book of business (accounts with shared ownership and hand-offs, contacts, reps,
opportunities, memberships, activities, campaigns, events and tasks), validated and
indexed in Rust. The same JSON format and the same answers as the Rust and Kotlin APIs.

>>> import callwise
>>> book = callwise.sample_book(seed=7, members=40)
>>> book.summary()["accounts_by_kind"]["member"]
40
>>> contact = book.contact("con-0000001")
>>> isinstance(contact.time_zone, str)
True
>>> [c.id for c in book.contacts_of(contact.account_id)] == ["con-0000001", "con-0000002"]
True
>>> book.account(contact.account_id)["time_zone"]
'America/Denver'
>>> contact.consent_for("call"), contact.phones[0]["kind"]
('granted', 'work')

Records other than contacts come out as plain dicts in exactly the book's JSON shape, and
so do a contact's ``phones``, ``emails`` and ``consent``. Their ``TypedDict`` types
(``callwise.AccountDict``, ``callwise.PhoneDict`` and so on) exist for type checkers only:
import them under ``typing.TYPE_CHECKING``.

Calling rules: :class:`CallingRules` says whether a zone may be called at an instant
(``rules.check(time_zone=..., at=...)``) and :meth:`Book.can_call` whether a contact of a
book may (adding do-not-call, consent and frequency caps), each as a :class:`Verdict`.
:class:`BusinessCalendar` knows weekends and holidays and counts business days and hours.
Instants are aware ``datetime`` objects, in any zone; they come back in UTC, and a naive
``datetime`` is refused with :class:`InvalidArgumentError`.

>>> import datetime
>>> at = datetime.datetime(2026, 11, 24, 17, 0, tzinfo=datetime.timezone.utc)
>>> verdict = callwise.CallingRules.default().check(time_zone="Pacific/Honolulu", at=at)
>>> verdict.allowed, verdict.rule, verdict.next_allowed.isoformat()  # 07:00 in Honolulu
(False, 'outside_window', '2026-11-24T18:00:00+00:00')

Cadences: a :class:`Playbook` holds the cadences a team runs; enrollments (dicts in the
JSON shape, see :func:`enrollment_for_contact`) go through them as immutable
:class:`EnrollmentState` objects driven by events, and ``playbook.due_on(...)`` lists a
rep's steps due on a day as dicts in the JSON shape.

Routines (Power Hour, Crankathon, bookend calls and any RFC 5545 rule, kept at their
wall-clock time across daylight saving), birthday and renewal calls, zone rotation and
their iCalendar export are in :mod:`callwise.routine`.

CRM exports: :func:`load_crm_csv` loads a book from the CSV files a CRM exports
(accounts, contacts, opportunities, memberships one row per term, activities, reps),
matching columns by header name through a column mapping; every problem in every file
comes back at once as a :class:`CrmExportError` whose ``problems`` are
:class:`RowProblem` objects (file, row, column, problem). :func:`crm_columns` lists the
columns read from each kind of file; they are documented in ``docs/crm-import.md``.

The durable store: :class:`Store` keeps a book and the journal of every change it takes
after (events as dicts in the journal's JSON shape) in one SQLite file, durable once
``append`` returns; stores of different devices merge through ``export_since`` and
``merge`` (JSON text, the same bytes in every language).

Retention scoring (BG/NBD, Pareto/NBD, BG/BB, Gamma-Gamma, shifted-beta-geometric
models, RFM summaries, Kaplan-Meier curves and their evaluation) is in
:mod:`callwise.retention`.
"""

from typing import TYPE_CHECKING

from callwise._core import (
    MAX_CRM_EXPORT_BYTES,
    MAX_SAMPLE_ACTIVITIES,
    MAX_SAMPLE_MEMBERS,
    SCHEMA_VERSION,
    STORE_SCHEMA_VERSION,
    Book,
    BusinessCalendar,
    CallingRules,
    Contact,
    EnrollmentState,
    Playbook,
    Problem,
    RowProblem,
    Store,
    Verdict,
    __version__,
    crm_columns,
    enrollment_for_contact,
    load_crm_csv,
    sample_book,
)
from callwise._errors import (
    CallwiseError,
    CrmExportError,
    FileReadError,
    FileWriteError,
    InvalidArgumentError,
    InvalidEventError,
    InvalidRuleError,
    JsonError,
    NotConvergedError,
    NotFoundError,
    SchemaVersionError,
    StoreError,
    StoreVersionError,
    UnknownTimeZoneError,
    ValidationError,
)

if TYPE_CHECKING:
    from callwise._core import Absence as Absence
    from callwise._core import AccountDict as AccountDict
    from callwise._core import ActivityDict as ActivityDict
    from callwise._core import CadenceEvent as CadenceEvent
    from callwise._core import CadenceRecord as CadenceRecord
    from callwise._core import Coverage as Coverage
    from callwise._core import DueStep as DueStep
    from callwise._core import EmailDict as EmailDict
    from callwise._core import Enrollment as Enrollment
    from callwise._core import EnrollmentStateRecord as EnrollmentStateRecord
    from callwise._core import HandoffDict as HandoffDict
    from callwise._core import LapseDict as LapseDict
    from callwise._core import MembershipDict as MembershipDict
    from callwise._core import MoneyDict as MoneyDict
    from callwise._core import OpportunityDict as OpportunityDict
    from callwise._core import OwnershipDict as OwnershipDict
    from callwise._core import PhoneDict as PhoneDict
    from callwise._core import RenewalDict as RenewalDict
    from callwise._core import RepDict as RepDict
    from callwise._core import TaskDict as TaskDict
    from callwise._core import VerdictRecord as VerdictRecord

__all__ = [
    "MAX_CRM_EXPORT_BYTES",
    "MAX_SAMPLE_ACTIVITIES",
    "MAX_SAMPLE_MEMBERS",
    "SCHEMA_VERSION",
    "STORE_SCHEMA_VERSION",
    "Book",
    "BusinessCalendar",
    "CallingRules",
    "CallwiseError",
    "Contact",
    "CrmExportError",
    "EnrollmentState",
    "FileReadError",
    "FileWriteError",
    "InvalidArgumentError",
    "InvalidEventError",
    "InvalidRuleError",
    "JsonError",
    "NotConvergedError",
    "NotFoundError",
    "Playbook",
    "Problem",
    "RowProblem",
    "SchemaVersionError",
    "Store",
    "StoreError",
    "StoreVersionError",
    "UnknownTimeZoneError",
    "ValidationError",
    "Verdict",
    "__version__",
    "crm_columns",
    "enrollment_for_contact",
    "load_crm_csv",
    "sample_book",
]

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
>>> [c.id for c in book.contacts_of(contact.account_id)] == ["con-0000001"]
True
>>> book.account(contact.account_id)["time_zone"]
'America/Los_Angeles'
>>> contact.consent_for("call"), contact.phones[0]["kind"]
('granted', 'work')

Records other than contacts come out as plain dicts in exactly the book's JSON shape, and
so do a contact's ``phones``, ``emails`` and ``consent``. Their ``TypedDict`` types
(``callwise.AccountDict``, ``callwise.PhoneDict`` and so on) exist for type checkers only:
import them under ``typing.TYPE_CHECKING``.

Retention scoring (BG/NBD, Pareto/NBD, BG/BB, Gamma-Gamma, shifted-beta-geometric
models, RFM summaries, Kaplan-Meier curves and their evaluation) is in
:mod:`callwise.retention`.
"""

from typing import TYPE_CHECKING

from callwise._core import (
    MAX_SAMPLE_MEMBERS,
    SCHEMA_VERSION,
    Book,
    Contact,
    Problem,
    __version__,
    sample_book,
)
from callwise._errors import (
    CallwiseError,
    InvalidArgumentError,
    JsonError,
    NotConvergedError,
    NotFoundError,
    SchemaVersionError,
    ValidationError,
)

if TYPE_CHECKING:
    from callwise._core import AccountDict as AccountDict
    from callwise._core import ActivityDict as ActivityDict
    from callwise._core import EmailDict as EmailDict
    from callwise._core import HandoffDict as HandoffDict
    from callwise._core import LapseDict as LapseDict
    from callwise._core import MembershipDict as MembershipDict
    from callwise._core import MoneyDict as MoneyDict
    from callwise._core import OpportunityDict as OpportunityDict
    from callwise._core import OwnershipDict as OwnershipDict
    from callwise._core import PhoneDict as PhoneDict
    from callwise._core import RenewalDict as RenewalDict
    from callwise._core import RepDict as RepDict

__all__ = [
    "MAX_SAMPLE_MEMBERS",
    "SCHEMA_VERSION",
    "Book",
    "CallwiseError",
    "Contact",
    "InvalidArgumentError",
    "JsonError",
    "NotConvergedError",
    "NotFoundError",
    "Problem",
    "SchemaVersionError",
    "ValidationError",
    "__version__",
    "sample_book",
]

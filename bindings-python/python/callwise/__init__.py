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
"""

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
    NotFoundError,
    SchemaVersionError,
    ValidationError,
)

__all__ = [
    "MAX_SAMPLE_MEMBERS",
    "SCHEMA_VERSION",
    "Book",
    "CallwiseError",
    "Contact",
    "InvalidArgumentError",
    "JsonError",
    "NotFoundError",
    "Problem",
    "SchemaVersionError",
    "ValidationError",
    "__version__",
    "sample_book",
]

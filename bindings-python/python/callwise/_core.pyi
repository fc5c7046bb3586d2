"""The compiled core of callwise. Import the public package ``callwise`` instead."""

from typing import Any, Final, final

__all__ = [
    "MAX_SAMPLE_MEMBERS",
    "SCHEMA_VERSION",
    "Book",
    "Contact",
    "Problem",
    "__version__",
    "sample_book",
]

__version__: Final[str]
SCHEMA_VERSION: Final[int]
MAX_SAMPLE_MEMBERS: Final[int]

@final
class Book:
    """A validated, indexed, immutable book of business."""

    @staticmethod
    def from_json(json: str) -> Book:
        """Read a book from its JSON form and validate it.

        Raises ``JsonError``, ``SchemaVersionError`` or ``ValidationError``.
        """
    def to_json(self) -> str:
        """The book as JSON: two-space indents and a final newline."""
    def rep_ids(self) -> list[str]:
        """The ids of every rep, in book order."""
    def contact(self, id: str) -> Contact | None:
        """The contact with id ``id``, or None."""
    def contact_time_zone(self, contact_id: str) -> str:
        """The IANA zone a contact is called in; raises ``NotFoundError``."""
    def summary(self) -> dict[str, Any]:
        """Counts and totals of the book, as a dict."""
    def summary_json(self) -> str:
        """Counts and totals of the book as JSON."""
    def summary_text(self) -> str:
        """Counts and totals of the book as a short report for people."""

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

@final
class Problem:
    """One broken rule in a book; ``str(problem)`` is ``path [kind]: message``."""

    @property
    def path(self) -> str: ...
    @property
    def record_id(self) -> str | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def message(self) -> str: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

def sample_book(*, seed: int = 7, members: int = 1000) -> Book:
    """A deterministic sample book; raises ``InvalidArgumentError`` for bad sizes."""

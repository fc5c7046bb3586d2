"""The exceptions callwise raises.

Every one is a :class:`CallwiseError`, and each also subclasses the built-in exception
that fits, so ``except ValueError`` or ``except LookupError`` keeps working. Messages name
records by id and path, never by personal data (names, phone numbers, e-mail addresses),
so an error can be logged as it is.

The compiled module raises them: it maps each kind of core error onto one class here,
passing the core's message and the details as keyword arguments.
"""

from __future__ import annotations

import collections.abc

from callwise._core import Problem

__all__ = [
    "CallwiseError",
    "InvalidArgumentError",
    "JsonError",
    "NotFoundError",
    "SchemaVersionError",
    "ValidationError",
]


class CallwiseError(Exception):
    """Base class of every error callwise raises."""


class ValidationError(CallwiseError, ValueError):
    """The book broke one or more rules; ``problems`` lists every one found.

    >>> import callwise
    >>> try:
    ...     callwise.Book.from_json('{"schema_version": 1, "divisions": [{"id": "", "name": "x"}]}')
    ... except callwise.ValidationError as err:
    ...     print(err.problems[0])
    divisions[0].id [empty_id]: division id is empty
    """

    problems: list[Problem]
    """Every problem found, in the order of the records."""

    def __init__(self, message: str, *, problems: collections.abc.Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


class JsonError(CallwiseError, ValueError):
    """The text is not JSON, or not JSON of the book's shape."""

    line: int
    """1-based line of the offending text (0 when unknown)."""
    column: int
    """1-based column of the offending text (0 when unknown)."""

    def __init__(self, message: str, *, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class SchemaVersionError(CallwiseError, ValueError):
    """The book was written in a schema version this build does not read."""

    found: int
    """The version the book declares."""
    supported: int
    """The version this build reads and writes (``callwise.SCHEMA_VERSION``)."""

    def __init__(self, message: str, *, found: int = 0, supported: int = 0) -> None:
        super().__init__(message)
        self.found = found
        self.supported = supported


class NotFoundError(CallwiseError, LookupError):
    """No record of that kind has that id."""

    kind: str
    """The kind of record looked for, e.g. ``"contact"``."""
    id: str
    """The id asked for."""

    def __init__(self, message: str, *, kind: str = "", id: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.id = id


class InvalidArgumentError(CallwiseError, ValueError):
    """An argument is outside what the function accepts."""

    name: str
    """The argument's name."""
    reason: str
    """Why it was refused."""

    def __init__(self, message: str, *, name: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.name = name
        self.reason = reason

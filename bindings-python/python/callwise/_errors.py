"""The exceptions callwise raises.

Every one is a :class:`CallwiseError`, and each also subclasses the built-in exception
that fits, so ``except ValueError``, ``except LookupError`` or ``except ArithmeticError``
keeps working. Messages name records by id and path, never by personal data (names, phone
numbers, e-mail addresses), so an error can be logged as it is.

The compiled module raises them: it maps each kind of core error onto one class here,
passing the core's message and the details as keyword arguments.
"""

from __future__ import annotations

import collections.abc

from callwise._core import Problem, RowProblem

__all__ = [
    "CallwiseError",
    "CrmExportError",
    "FileReadError",
    "FileWriteError",
    "InvalidArgumentError",
    "InvalidEventError",
    "InvalidRuleError",
    "JsonError",
    "NotConvergedError",
    "NotFoundError",
    "SchemaVersionError",
    "StoreError",
    "StoreVersionError",
    "UnknownTimeZoneError",
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
    """The text is not JSON, or not JSON of the shape being read (a book, calling rules,
    a business calendar, a playbook, a routine or a zone rotation).

    >>> import callwise
    >>> try:
    ...     callwise.CallingRules.from_json('{"window": {"start": "08:00"}}')
    ... except callwise.JsonError as err:
    ...     print(err.what, err.line, err.column)
    calling rules 1 29
    """

    what: str
    """What was being read: ``"book"``, ``"calling rules"``, ``"business calendar"``,
    ``"playbook"``, ``"routine"`` or ``"zone rotation"``."""
    line: int
    """1-based line of the offending text (0 when unknown)."""
    column: int
    """1-based column of the offending text (0 when unknown)."""

    def __init__(self, message: str, *, what: str = "", line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.what = what
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


class UnknownTimeZoneError(CallwiseError, ValueError):
    """A time zone name is not in the IANA database bundled with callwise (and the
    calling rules have no fallback for unknown zones).

    >>> import callwise, datetime
    >>> at = datetime.datetime(2026, 11, 24, 17, 0, tzinfo=datetime.timezone.utc)
    >>> try:
    ...     callwise.CallingRules.default().check(time_zone="Atlantis/Capital", at=at)
    ... except callwise.UnknownTimeZoneError as err:
    ...     print(err.zone)
    Atlantis/Capital
    """

    zone: str
    """The name given."""

    def __init__(self, message: str, *, zone: str = "") -> None:
        super().__init__(message)
        self.zone = zone


class InvalidRuleError(CallwiseError, ValueError):
    """A rule given as data (a calling window, a region, a cap, a holiday, a cadence's
    wait) is malformed or contradicts itself.

    >>> import callwise
    >>> try:
    ...     callwise.CallingRules.default().with_window("21:00", "08:00")
    ... except callwise.InvalidRuleError as err:
    ...     print(err.what)
    calling window
    """

    what: str
    """What kind of rule, and which one where it has a name or id (``"calling window"``,
    ``'region rule "Florida"'``)."""
    reason: str
    """What is wrong with it."""

    def __init__(self, message: str, *, what: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.what = what
        self.reason = reason


class NotConvergedError(CallwiseError, ArithmeticError):
    """A model's maximum-likelihood fit did not converge.

    The best point found is kept: ``best`` (parameters by name, in the model's order),
    ``log_likelihood`` there and the ``iterations`` spent. Fitting again with more
    ``max_iterations``, another ``initial`` point or a looser ``tolerance`` may help.

    >>> from callwise.retention import BetaGeoModel
    >>> try:
    ...     BetaGeoModel.fit([2, 1, 0, 5], [30.4, 1.7, 0, 35], [38.9, 38.9, 38.9, 36],
    ...                      max_iterations=1)
    ... except callwise.NotConvergedError as err:
    ...     print(err.model, sorted(err.best), err.iterations > 0)
    BG/NBD ['a', 'alpha', 'b', 'r'] True
    """

    model: str
    """The model being fitted, for example ``"BG/NBD"``."""
    best: dict[str, float]
    """The best parameters found, by the papers' names, in the model's order."""
    log_likelihood: float
    """The log-likelihood at ``best`` (a sum over customers)."""
    iterations: int
    """Iterations spent across every method tried."""

    def __init__(
        self,
        message: str,
        *,
        model: str = "",
        best: collections.abc.Mapping[str, float] | None = None,
        log_likelihood: float = float("nan"),
        iterations: int = 0,
    ) -> None:
        super().__init__(message)
        self.model = model
        self.best = dict(best or {})
        self.log_likelihood = log_likelihood
        self.iterations = iterations


class CrmExportError(CallwiseError, ValueError):
    r"""A CRM export has problems; ``problems`` lists every one, in every file.

    Each is a :class:`RowProblem`: the ``file``, the ``row`` (the header is row 1, as a
    spreadsheet numbers rows), the ``column`` (its header as written in the file, empty
    for a whole-row problem) and the ``problem``. They come file by file (accounts,
    contacts, opportunities, memberships, activities, reps), then row by row, and include
    what validation finds once the rows are read, placed on the row and column the value
    came from.

    >>> import io, callwise
    >>> accounts = io.StringIO(
    ...     "account_id,name,kind,status,time_zone,owner_rep_id,owner_role,owner_division_id\n"
    ...     "acc-1,Acme,customer,asleep,America/Denver,rep-1,sales,div-1\n"
    ...     "acc-2,Zenith,customer,active,Mars/Base,rep-1,sales,div-1\n")
    >>> try:
    ...     callwise.load_crm_csv(accounts)
    ... except callwise.CrmExportError as err:
    ...     for problem in err.problems:
    ...         print(problem)
    accounts.csv row 2, column "status": "asleep" is not one of active, dormant, lost, lapsed
    accounts.csv row 3, column "time_zone": unknown time zone "Mars/Base"
    """

    problems: list[RowProblem]
    """Every problem found, file by file, then row by row."""

    def __init__(
        self, message: str, *, problems: collections.abc.Iterable[RowProblem] = ()
    ) -> None:
        super().__init__(message)
        self.problems = list(problems)


class _PathError(CallwiseError, OSError):
    """A file or stream that callwise could not use (``FileReadError``,
    ``FileWriteError``, ``StoreError``); ``path`` and ``reason`` as in the subclasses."""

    path: str
    """The path as given (``"<stream>"`` for a file object)."""
    reason: str
    """What the operating system (or the file object) said."""

    def __init__(self, message: str, *, path: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.path = path
        self.reason = reason
        self.filename = path
        self.strerror = reason

    def __str__(self) -> str:
        # OSError's own text, "[Errno None] <strerror>: '<filename>'", once filename is
        # set, would drop callwise's message.
        return str(self.args[0]) if self.args else ""


class FileReadError(_PathError):
    """A file could not be read (it does not exist, or may not be read).

    ``path`` is the path as given (also in ``filename``, as for any ``OSError``) and
    ``reason`` what the operating system said (also in ``strerror``); ``str(err)`` is
    callwise's message.

    >>> import callwise
    >>> try:
    ...     callwise.load_crm_csv("/no/such/accounts.csv")
    ... except callwise.FileReadError as err:
    ...     print(err.path, isinstance(err, OSError))
    ...     print(err)
    /no/such/accounts.csv True
    cannot read "/no/such/accounts.csv": No such file or directory (os error 2)
    """


class FileWriteError(_PathError):
    """A file or stream could not be written (it cannot be created, the disk is full,
    a file object's ``write`` raised).

    ``path`` is the path as given, or ``"<stream>"`` for a file object (also in
    ``filename``), and ``reason`` what the operating system or the file object said
    (also in ``strerror``); ``str(err)`` is callwise's message.

    >>> import callwise
    >>> book = callwise.Book.from_json('{"schema_version": 1}')
    >>> try:
    ...     book.write_json("/no/such/dir/book.json")
    ... except callwise.FileWriteError as err:
    ...     print(err.path, isinstance(err, OSError))
    /no/such/dir/book.json True
    """


class StoreError(_PathError):
    """A store's file cannot be used: it does not exist (or already does, to create
    one), it is not a callwise store, it is damaged or truncated, it is open in another
    process, or it cannot be written.

    ``path`` is the file as given (also in ``filename``, as for any ``OSError``) and
    ``reason`` what is wrong with it; ``str(err)`` is callwise's message.

    >>> import callwise
    >>> try:
    ...     callwise.Store.open("/no/such/book.db")
    ... except callwise.StoreError as err:
    ...     print(err.path, isinstance(err, OSError))
    /no/such/book.db True
    """

    path: str
    """The store's file, as given."""
    reason: str
    """What is wrong with it."""


class StoreVersionError(StoreError):
    """A store's file was written by a newer build of callwise (a schema version this
    build does not read)."""

    found: int
    """The schema version of the file."""
    supported: int
    """The newest version this build reads (``callwise.STORE_SCHEMA_VERSION``)."""

    def __init__(self, message: str, *, path: str = "", found: int = 0, supported: int = 0) -> None:
        super().__init__(message, path=path, reason=message)
        self.found = found
        self.supported = supported


class InvalidEventError(CallwiseError, ValueError):
    """An event of a store's journal (appended, stored or merged in) does not read or
    does not apply to the book; nothing of the batch or the merge was recorded.

    >>> import callwise, os, tempfile
    >>> book = callwise.sample_book(seed=7, members=5)
    >>> store = callwise.Store.create(os.path.join(tempfile.mkdtemp(), "s.db"), book)
    >>> done = {"kind": "task_completed", "task_id": "t-404", "at": "2026-11-03T15:00:00Z"}
    >>> try:
    ...     store.append([done])
    ... except callwise.InvalidEventError as err:
    ...     print(err.event, "|", err.reason)
    batch item 0 | no task "t-404"
    """

    path: str
    """The store's file."""
    event: str
    """Which event: ``device/sequence``, or ``batch item N`` (from 0) in a batch being
    appended."""
    reason: str
    """Why (ids, never personal data)."""

    def __init__(self, message: str, *, path: str = "", event: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.path = path
        self.event = event
        self.reason = reason

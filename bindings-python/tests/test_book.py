"""The seam between Python and the core: types, errors, arguments, threads."""

from __future__ import annotations

import datetime
import io
import pickle
import threading
from typing import Any

import pytest

import callwise
from callwise import call_list


@pytest.fixture(scope="module")
def book(sample_json: str) -> callwise.Book:
    return callwise.Book.from_json(sample_json)


def test_public_surface() -> None:
    assert callwise.SCHEMA_VERSION == 1
    assert callwise.MAX_SAMPLE_MEMBERS == 1_000_000
    assert isinstance(callwise.__version__, str)
    assert callwise.__version__.count(".") == 2
    for name in callwise.__all__:
        assert hasattr(callwise, name), name
    for cls in (callwise.Book, callwise.Contact, callwise.Problem):
        assert cls.__module__ == "callwise"
        assert cls.__doc__
    assert callwise.sample_book.__doc__


def test_classes_cannot_be_built_or_changed_directly(book: callwise.Book) -> None:
    with pytest.raises(TypeError):
        callwise.Book()
    with pytest.raises(AttributeError):
        book.anything = 1  # type: ignore[attr-defined]


def test_repr_shows_counts(book: callwise.Book) -> None:
    s = book.summary()
    opportunities = sum(s["opportunities_by_stage"].values())
    assert repr(book) == (
        f"<Book: {s['reps']} reps, {s['accounts']} accounts, {s['contacts']} contacts, "
        f"{opportunities} opportunities, {s['memberships']} memberships, "
        f"{s['activities']} activities>"
    )


def test_rep_ids(book: callwise.Book) -> None:
    ids = book.rep_ids()
    assert isinstance(ids, list)
    assert ids
    assert all(isinstance(i, str) for i in ids)
    assert len(ids) == book.summary()["reps"]


def test_contact(book: callwise.Book) -> None:
    contact = book.contact("con-0000001")
    assert isinstance(contact, callwise.Contact)
    assert contact.id == "con-0000001"
    assert isinstance(contact.account_id, str)
    assert isinstance(contact.name, str)
    assert isinstance(contact.time_zone, str)
    assert isinstance(contact.do_not_call, bool)
    assert contact.time_zone == book.contact_time_zone("con-0000001")
    if contact.time_zone_override is not None:
        assert contact.time_zone == contact.time_zone_override
    assert repr(contact) == f"<Contact id='con-0000001' account_id='{contact.account_id}'>"
    assert contact.name not in repr(contact)


def test_unknown_contact_is_none(book: callwise.Book) -> None:
    assert book.contact("nope") is None


def test_unknown_contact_time_zone_is_not_found(book: callwise.Book) -> None:
    with pytest.raises(callwise.NotFoundError) as info:
        book.contact_time_zone("nope")
    assert isinstance(info.value, LookupError)
    assert info.value.kind == "contact"
    assert info.value.id == "nope"
    assert str(info.value) == 'no contact with id "nope"'


def test_contacts_cover_every_field_shape() -> None:
    book = callwise.sample_book(seed=7, members=200)
    data = [book.contact(f"con-{n:07}") for n in range(1, 400)]
    contacts = [c for c in data if c is not None]
    overrides = [c for c in contacts if c.time_zone_override is not None]
    assert overrides, "the sample book has contacts in another office"
    assert all(c.time_zone == c.time_zone_override for c in overrides)
    assert any(c.do_not_call for c in contacts)
    birthdays = [c.birthday for c in contacts if c.birthday is not None]
    assert birthdays
    for month, day, year in birthdays:
        assert 1 <= month <= 12
        assert 1 <= day <= 31
        assert year is None or isinstance(year, int)
    assert (2, 29) in {(m, d) for m, d, _ in birthdays}


def test_malformed_json() -> None:
    with pytest.raises(callwise.JsonError) as info:
        callwise.Book.from_json('{\n  "schema_version": 1,\n  "reps": [}\n')
    err = info.value
    assert isinstance(err, ValueError)
    assert isinstance(err, callwise.CallwiseError)
    assert (err.what, err.line, err.column) == ("book", 3, 12)
    assert str(err).startswith("malformed book JSON at line 3, column 12: ")


def test_json_errors_say_what_was_read_and_where() -> None:
    from callwise.routine import ZoneRotation

    with pytest.raises(callwise.JsonError) as info:
        ZoneRotation.from_json('{"zones": [], "first_week": "2026-11-23", "meeting_lead_days": 28}')
    assert (info.value.what, info.value.line, info.value.column) == ("zone rotation", 1, 66)
    assert str(info.value) == (
        "malformed zone rotation JSON at line 1, column 66: invalid zone rotation: no zones"
    )
    with pytest.raises(callwise.JsonError) as info:
        callwise.BusinessCalendar.from_json("{}")
    assert info.value.what == "business calendar"


def test_unknown_field_is_a_json_error() -> None:
    with pytest.raises(callwise.JsonError, match="novel"):
        callwise.Book.from_json('{"schema_version": 1, "novel": true}')


def test_schema_version() -> None:
    with pytest.raises(callwise.SchemaVersionError) as info:
        callwise.Book.from_json('{"schema_version": 99}')
    assert isinstance(info.value, ValueError)
    assert info.value.found == 99
    assert info.value.supported == callwise.SCHEMA_VERSION


def test_sample_book_is_deterministic() -> None:
    a = callwise.sample_book(seed=3, members=50).to_json()
    assert a == callwise.sample_book(seed=3, members=50).to_json()
    assert a != callwise.sample_book(seed=4, members=50).to_json()


def test_sample_book_defaults() -> None:
    book = callwise.sample_book()
    assert book.summary()["accounts_by_kind"]["member"] == 1000
    assert book.to_json() == callwise.sample_book(seed=7, members=1000).to_json()
    assert book.to_json() == callwise.sample_book(seed=None, members=None, as_of=None).to_json()


def test_sample_book_arguments_are_keyword_only() -> None:
    loose: Any = callwise.sample_book  # the call below is a type error for mypy too
    with pytest.raises(TypeError):
        loose(7, 40)
    with pytest.raises(TypeError):
        callwise.sample_book(members="40")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        loose(7, 40, datetime.date(2020, 3, 15))


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"members": -1}, "members"),
        ({"members": 2**32}, "members"),
        ({"members": 10**40}, "members"),
        ({"members": callwise.MAX_SAMPLE_MEMBERS + 1}, "members"),
        ({"seed": -1}, "seed"),
        ({"seed": 2**64}, "seed"),
        ({"activities": -1}, "activities"),
        ({"activities": callwise.MAX_SAMPLE_ACTIVITIES + 1}, "activities"),
    ],
)
def test_sample_book_rejects_out_of_range(kwargs: dict[str, Any], name: str) -> None:
    with pytest.raises(callwise.InvalidArgumentError) as info:
        callwise.sample_book(**kwargs)
    err = info.value
    assert isinstance(err, ValueError)
    assert isinstance(err, callwise.CallwiseError)
    assert err.name == name
    assert err.reason
    assert str(err).startswith(f"invalid argument `{name}`: ")


def test_sample_book_activities_reach_the_core() -> None:
    natural = callwise.sample_book(seed=3, members=50)
    busy = callwise.sample_book(seed=3, members=50, activities=6000)
    # The same accounts, about as many activities as asked for.
    assert busy.summary()["accounts_by_kind"] == natural.summary()["accounts_by_kind"]
    assert 5400 <= busy.summary()["activities"] <= 6600
    assert natural.summary()["activities"] < 2000
    assert callwise.sample_book(seed=3, members=50, activities=None).to_json() == natural.to_json()


def utc(at: str) -> datetime.datetime:
    # fromisoformat reads a final "Z" only from Python 3.11 on.
    return datetime.datetime.fromisoformat(at.replace("Z", "+00:00"))


def test_sample_book_as_of() -> None:
    as_of = datetime.date(2020, 3, 15)
    summary = callwise.sample_book(seed=7, members=40, as_of=as_of).summary()
    last = utc(summary["last_activity_at"])
    # History lies before as_of in the account's zone; Hawaii (UTC-10) is the latest one.
    hawaii = datetime.timezone(datetime.timedelta(hours=-10))
    assert last < datetime.datetime.combine(as_of, datetime.time(), tzinfo=hawaii)
    assert last.date() > as_of - datetime.timedelta(days=30)  # as_of moved the history
    assert utc(summary["first_activity_at"]).date() >= as_of - datetime.timedelta(days=1000)


def test_sample_book_as_of_default() -> None:
    default = callwise.sample_book(seed=7, members=40).to_json()
    assert callwise.sample_book(seed=7, members=40, as_of=None).to_json() == default
    core_default = datetime.date(2026, 11, 1)
    assert callwise.sample_book(seed=7, members=40, as_of=core_default).to_json() == default
    other = callwise.sample_book(seed=7, members=40, as_of=datetime.date(2026, 11, 2))
    assert other.to_json() != default


@pytest.mark.parametrize("as_of", [datetime.date(1900, 1, 1), datetime.date.max])
def test_sample_book_as_of_limits_are_accepted(as_of: datetime.date) -> None:
    assert callwise.sample_book(members=5, as_of=as_of).summary()["accounts"] > 0


@pytest.mark.parametrize(
    "as_of", [datetime.date(1800, 1, 1), datetime.date(1899, 12, 31), datetime.date.min]
)
def test_sample_book_rejects_as_of_before_1900(as_of: datetime.date) -> None:
    # Core also refuses years after 9999, which a datetime.date cannot hold.
    with pytest.raises(callwise.InvalidArgumentError) as info:
        callwise.sample_book(members=5, as_of=as_of)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.name == "as_of"
    assert err.reason == f"{as_of.isoformat()} is outside the years 1900 to 9999"
    assert str(err) == f"invalid argument `as_of`: {err.reason}"


@pytest.mark.parametrize(
    "as_of",
    [
        datetime.datetime(2020, 3, 15),  # a datetime is a date, but not a day: TypeError
        datetime.datetime(2020, 3, 15, tzinfo=datetime.timezone.utc),
        "2020-03-15",
        20200315,
    ],
)
def test_sample_book_as_of_must_be_a_date(as_of: object) -> None:
    loose: Any = callwise.sample_book
    with pytest.raises(TypeError):
        loose(members=5, as_of=as_of)


def test_sample_book_as_of_subclass_of_date() -> None:
    class Day(datetime.date):
        pass

    as_of = Day(2020, 3, 15)
    book = callwise.sample_book(seed=7, members=40, as_of=as_of)
    expected = callwise.sample_book(seed=7, members=40, as_of=datetime.date(2020, 3, 15))
    assert book.to_json() == expected.to_json()


def test_largest_seed_is_accepted() -> None:
    assert callwise.sample_book(seed=2**64 - 1, members=1).rep_ids()


def test_problem_value_semantics() -> None:
    bad = '{"schema_version": 1, "divisions": [{"id": "", "name": "x"}]}'
    problems = []
    for _ in range(2):
        with pytest.raises(callwise.ValidationError) as info:
            callwise.Book.from_json(bad)
        problems.append(info.value.problems[0])
    first, again = problems
    assert first == again
    assert hash(first) == hash(again)
    assert first.record_id == ""
    assert repr(first) == (
        "Problem(path='divisions[0].id', record_id='', kind='empty_id', "
        "message='division id is empty')"
    )


def test_errors_pickle_with_their_details() -> None:
    with pytest.raises(callwise.SchemaVersionError) as info:
        callwise.Book.from_json('{"schema_version": 99}')
    again = pickle.loads(pickle.dumps(info.value))
    assert type(again) is callwise.SchemaVersionError
    assert (again.found, again.supported, str(again)) == (99, 1, str(info.value))


def test_threads_share_a_book(book: callwise.Book, sample_json: str) -> None:
    results: list[str] = []

    def work() -> None:
        results.append(book.to_json())
        results.append(callwise.Book.from_json(sample_json).summary_json())

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8
    assert results.count(sample_json) == 4


LONE = "\udc80"  # a lone surrogate: not Unicode text, no UTF-8 form


def _str_entry_points(book: callwise.Book) -> list[tuple[str, Any]]:
    """Every entry point taking a ``str`` (or a list of them, or a dict or file of
    text), each called with a lone surrogate in that argument."""
    from callwise import _core
    from callwise.retention import RenewalModel
    from callwise.routine import Routine, ZoneRotation, birthday_calls

    at = datetime.datetime(2026, 11, 24, 17, 0, tzinfo=datetime.timezone.utc)
    rules = callwise.CallingRules.default()
    calendar = callwise.BusinessCalendar.us_federal()
    contact = book.contact("con-0000001")
    assert contact is not None
    day = datetime.date(2026, 11, 24)
    return [
        ("Book.from_json", lambda: callwise.Book.from_json('{"schema_version": 1' + LONE)),
        ("Book.contact", lambda: book.contact(LONE)),
        ("Book.account", lambda: book.account(LONE)),
        ("Book.rep", lambda: book.rep(LONE)),
        ("Book.accounts_owned_by", lambda: book.accounts_owned_by(LONE)),
        ("Book.contacts_of", lambda: book.contacts_of(LONE)),
        ("Book.activities_of", lambda: book.activities_of(LONE)),
        ("Book.opportunities_of", lambda: book.opportunities_of(LONE)),
        ("Book.memberships_of", lambda: book.memberships_of(LONE)),
        ("Book.handoffs_of", lambda: book.handoffs_of(LONE)),
        ("Book.contact_time_zone", lambda: book.contact_time_zone(LONE)),
        ("Book.can_call", lambda: book.can_call(LONE, at, rules)),
        ("Contact.consent_for", lambda: contact.consent_for(LONE)),
        ("CallingRules.from_json", lambda: callwise.CallingRules.from_json(LONE)),
        ("CallingRules.check", lambda: rules.check(time_zone=LONE, at=at)),
        ("CallingRules.with_region name", lambda: rules.with_region(LONE, [], "09:00", "17:00")),
        (
            "CallingRules.with_region zones",
            lambda: rules.with_region("r", ["America/Denver", LONE], "09:00", "17:00"),
        ),
        (
            "CallingRules.with_unknown_zone_fallback",
            lambda: rules.with_unknown_zone_fallback([LONE]),
        ),
        ("CallingRules.with_window", lambda: rules.with_window("09:0" + LONE, "17:00")),
        ("BusinessCalendar.from_json", lambda: callwise.BusinessCalendar.from_json(LONE)),
        ("BusinessCalendar.holiday", lambda: calendar.holiday("2026-11-2" + LONE)),
        (
            "BusinessCalendar.next_business_instant",
            lambda: calendar.next_business_instant(at, LONE, "09:00", "17:00"),
        ),
        (
            "BusinessCalendar.add_business_hours",
            lambda: calendar.add_business_hours(at, LONE, "09:00", "17:00", 1),
        ),
        ("Playbook.from_json", lambda: callwise.Playbook.from_json(LONE)),
        (
            "enrollment_for_contact",
            lambda: callwise.enrollment_for_contact(book, "e", LONE, "con-0000001", "r", at),
        ),
        ("Routine.from_json", lambda: Routine.from_json(LONE)),
        (
            "Routine",
            lambda: Routine("power_hour", "x", LONE, "2026-11-24T10:00:00", "FREQ=DAILY", 60),
        ),
        ("ZoneRotation.from_json", lambda: ZoneRotation.from_json(LONE)),
        ("ZoneRotation", lambda: ZoneRotation(["a", LONE], day, 28)),
        ("birthday_calls", lambda: birthday_calls(book, day, day, LONE)),  # type: ignore[arg-type]
        ("_purchase_history", lambda: _core._purchase_history(book, day, LONE, "won_deals")),
        ("_purchase_history source", lambda: _core._purchase_history(book, day, "weeks", LONE)),
        ("RenewalModel", lambda: RenewalModel([LONE], 0.0, [0.0], [0.0])),
        ("crm_columns", lambda: callwise.crm_columns(LONE)),
        ("load_crm_csv text", lambda: callwise.load_crm_csv(io.StringIO("account_id" + LONE))),
        ("load_crm_csv mapping", lambda: callwise.load_crm_csv(io.StringIO(""), mapping=LONE)),
        (
            "load_crm_csv mapping dict",
            lambda: callwise.load_crm_csv(io.StringIO(""), mapping={"accounts": {LONE: "x"}}),
        ),
        ("RowProblem", lambda: callwise.RowProblem(LONE, 1, "c", "p")),
        ("Book.next_day_call_list", lambda: book.next_day_call_list(LONE, day)),
        ("Book.power_hour_list", lambda: book.power_hour_list(LONE, day)),
        ("Book.crankathon_list", lambda: book.crankathon_list(LONE, day)),
        ("next_day_call_list config", lambda: book.next_day_call_list("r", day, LONE)),
        ("CallList.from_json", lambda: call_list.CallList.from_json(LONE)),
        ("Reasons.from_json", lambda: call_list.Reasons.from_json(LONE)),
        ("reasons_for", lambda: call_list.reasons_for(book, day, [LONE])),
        ("lists_from", lambda: call_list.lists_from(book, day, [], [LONE])),
    ]


def test_a_str_that_is_not_unicode_text_is_an_invalid_argument(book: callwise.Book) -> None:
    # Python's encoder raises UnicodeEncodeError for such a str; every entry point
    # reads its text through one helper that makes it a CallwiseError instead, as the
    # same character given as a JSON escape already is.
    for name, call in _str_entry_points(book):
        with pytest.raises(callwise.InvalidArgumentError) as info:
            call()
        # (A dict mapping crosses as JSON text, where the character is an escape.)
        assert "lone surrogate, U+DC80" in str(info.value) or (
            name == "load_crm_csv mapping dict" and "lone leading surrogate" in str(info.value)
        ), (name, info.value)
    with pytest.raises(callwise.JsonError, match="surrogate"):
        callwise.Book.from_json(
            '{"schema_version": 1, "divisions": [{"id": "\\udc80", "name": "x"}]}'
        )


def test_file_read_error_keeps_its_message(tmp_path: Any) -> None:
    missing = str(tmp_path / "accounts.csv")
    with pytest.raises(callwise.FileReadError) as info:
        callwise.load_crm_csv(missing)
    err = info.value
    assert str(err) == f'cannot read "{missing}": No such file or directory (os error 2)'
    assert (err.filename, err.strerror) == (missing, err.reason)
    assert isinstance(err, OSError)
    assert str(pickle.loads(pickle.dumps(err))) == str(err)

"""Loading a book from CRM exports: the shared fixtures give the same book and the same
problems here as in Rust and Kotlin (``tests/conformance/crm.json``)."""

from __future__ import annotations

import io
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

import callwise

FILES = ("contacts", "opportunities", "memberships", "activities")


def read(path: Path) -> str:
    # newline="" keeps the bytes: no universal-newline translation.
    with path.open(encoding="utf-8", newline="") as f:
        return f.read()


@pytest.fixture(scope="module")
def expected(shared: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(read(shared / "conformance" / "crm.json"))
    return loaded


def fixture_files(shared: Path, name: str) -> dict[str, Path]:
    folder = shared / "fixtures" / name
    return {file: folder / f"{file}.csv" for file in ("accounts", *FILES)}


def load_fixture(shared: Path, **overrides: Any) -> callwise.Book:
    files: dict[str, Any] = fixture_files(shared, "crm")
    files.update(overrides)
    mapping = json.loads(read(shared / "fixtures" / "crm" / "mapping.json"))
    accounts = files.pop("accounts")
    return callwise.load_crm_csv(accounts, mapping=mapping, **files)


def broken_problems(shared: Path) -> list[callwise.RowProblem]:
    files: dict[str, Any] = fixture_files(shared, "crm_broken")
    accounts = files.pop("accounts")
    with pytest.raises(callwise.CrmExportError) as info:
        callwise.load_crm_csv(accounts, **files)
    return info.value.problems


def test_fixture_export_gives_the_conformance_book(shared: Path, expected: dict[str, Any]) -> None:
    book = load_fixture(shared)
    assert json.loads(book.to_json()) == expected["book"]


def test_fixture_book_json_is_a_fixed_point(shared: Path) -> None:
    book = load_fixture(shared)
    assert callwise.Book.from_json(book.to_json()).to_json() == book.to_json()


def test_paths_as_str_pathlike_and_file_objects_agree(shared: Path) -> None:
    files = fixture_files(shared, "crm")
    by_path = load_fixture(shared).to_json()
    as_str = load_fixture(shared, **{k: str(v) for k, v in files.items()}).to_json()
    with (
        files["contacts"].open("rb") as raw,
        files["activities"].open(encoding="utf-8", newline="") as text,
    ):
        mixed = load_fixture(shared, contacts=raw, activities=text).to_json()
    in_memory = load_fixture(shared, memberships=io.StringIO(read(files["memberships"]))).to_json()
    assert by_path == as_str == mixed == in_memory


def test_mapping_as_json_text(shared: Path) -> None:
    files: dict[str, Any] = fixture_files(shared, "crm")
    accounts = files.pop("accounts")
    mapping = read(shared / "fixtures" / "crm" / "mapping.json")
    book = callwise.load_crm_csv(accounts, mapping=mapping, **files)
    assert book.to_json() == load_fixture(shared).to_json()


def test_fixture_records(shared: Path) -> None:
    book = load_fixture(shared)
    lakeside, summit = book.account("001A"), book.account("001C")
    assert lakeside is not None
    assert summit is not None
    assert lakeside["name"] == "Lakeside Dental Group, PLLC"
    assert summit["name"] == 'The "Summit" Clinic'
    dev = book.contact("003B")
    assert dev is not None
    assert dev.title == "Practice Owner\r\n(DDS)"
    assert [p["kind"] for p in dev.phones] == ["work", "mobile"]
    assert dev.consent_for("text") == "denied"
    [membership] = book.memberships_of("001A")
    assert membership["tier"] == "Platinum"
    assert [r["paid_late"] for r in membership["renewals"]] == [False, True]
    assert book.rep_ids() == ["rep-ana", "rep-sam", "rep-olu", "rep-lee"]
    lee = book.rep("rep-lee")
    assert lee is not None
    assert lee["division_id"] == "unassigned"
    assert book.activities_of("001A")[1]["at"] == "2026-10-02T14:15:00Z"


def test_broken_export_lists_every_problem(shared: Path, expected: dict[str, Any]) -> None:
    problems = broken_problems(shared)
    assert len(problems) == len(expected["problems"]) == 23
    for got, want in zip(problems, expected["problems"]):
        assert isinstance(got, callwise.RowProblem)
        assert (got.file, got.row, got.column, got.problem) == (
            want["file"],
            want["row"],
            want["column"],
            want["problem"],
        )
        assert str(got) == want["text"]


def test_crm_export_error_is_a_value_error_with_core_message(shared: Path) -> None:
    files: dict[str, Any] = fixture_files(shared, "crm_broken")
    with pytest.raises(ValueError, match=r"^the CRM export has 23 problem\(s\); first: ") as info:
        callwise.load_crm_csv(files.pop("accounts"), **files)
    err = info.value
    assert isinstance(err, callwise.CrmExportError)
    assert isinstance(err, callwise.CallwiseError)
    first = err.problems[0]
    assert repr(first) == (
        "RowProblem(file='accounts.csv', row=3, column='kind', "
        "problem='\"Memberr\" is not one of prospect, customer, member, partner')"
    )
    assert first == broken_problems(shared)[0]
    assert hash(first) == hash(broken_problems(shared)[0])
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is callwise.CrmExportError
    assert str(again) == str(err)
    assert again.problems == err.problems


def test_messages_hold_no_personal_data(shared: Path) -> None:
    text = "\n".join(str(p) for p in broken_problems(shared))
    for personal in ("Maria", "Patel", "Ortiz", "Wong", "+1212", "@", "Lakeside", "Ridge"):
        assert personal not in text


def test_missing_file_is_a_file_read_error(shared: Path, tmp_path: Path) -> None:
    missing = tmp_path / "accounts.csv"
    with pytest.raises(callwise.FileReadError) as info:
        load_fixture(shared, accounts=missing)
    err = info.value
    assert isinstance(err, OSError)
    assert isinstance(err, callwise.CallwiseError)
    assert err.path == str(missing)
    assert err.filename == str(missing)
    assert err.reason
    assert str(missing) in str(err)


def test_bad_mapping_is_an_invalid_argument(shared: Path) -> None:
    accounts = fixture_files(shared, "crm")["accounts"]
    with pytest.raises(callwise.InvalidArgumentError) as info:
        callwise.load_crm_csv(accounts, mapping={"accounts": {"acount_id": "Account ID"}})
    assert info.value.name == "mapping"
    with pytest.raises(callwise.InvalidArgumentError):
        callwise.load_crm_csv(accounts, mapping="{not json")
    with pytest.raises(TypeError, match="mapping"):
        callwise.load_crm_csv(accounts, mapping=42)  # type: ignore[arg-type]


def test_sources_of_the_wrong_type_are_type_errors() -> None:
    with pytest.raises(TypeError, match="accounts"):
        callwise.load_crm_csv(42)  # type: ignore[arg-type]

    class Odd:
        def read(self, size: int) -> int:
            return 3

    with pytest.raises(TypeError, match="contacts"):
        callwise.load_crm_csv(io.StringIO(""), contacts=Odd())  # type: ignore[arg-type]


def test_reads_are_bounded() -> None:
    # A file object is asked for at most the limit and one byte more, never for all of
    # an endless stream; a path that is not a regular file is refused before reading.
    asked: list[int] = []

    class Endless:
        def read(self, size: int) -> bytes:
            asked.append(size)
            return b""

    with pytest.raises(callwise.CrmExportError):
        callwise.load_crm_csv(Endless())
    assert asked == [callwise.MAX_CRM_EXPORT_BYTES + 1]
    assert callwise.MAX_CRM_EXPORT_BYTES == 2 << 30
    for path in ("/dev/zero", "/tmp"):
        with pytest.raises(callwise.FileReadError) as info:
            callwise.load_crm_csv(path)
        assert info.value.reason.startswith("not a regular file"), info.value.reason


def test_a_stray_quote_is_a_problem_on_its_row() -> None:
    # The reproduction: the quote before Acme merged two rows into one account.
    csv_text = (
        "account_id,name,kind,status,time_zone,owner_rep_id,owner_role,owner_division_id\n"
        'acc-1,"Acme,customer,active,America/Denver,rep-1,sales,div-1\n'
        'acc-2,"Zenith",customer,lost,America/Chicago,rep-1,sales,div-1\n'
    )
    with pytest.raises(callwise.CrmExportError) as info:
        callwise.load_crm_csv(io.StringIO(csv_text))
    [problem] = info.value.problems
    assert (problem.row, problem.column) == (2, "name")
    assert "stray quote" in problem.problem


def test_bytes_that_are_not_utf8_are_a_row_problem() -> None:
    header = b"account_id,name,kind,status,time_zone,owner_rep_id,owner_role,owner_division_id\n"
    data = header + b"a-1,Caf\xe9,customer,active,UTC,rep-1,sales,div-1\n"
    with pytest.raises(callwise.CrmExportError) as info:
        callwise.load_crm_csv(io.BytesIO(data))
    assert [str(p) for p in info.value.problems] == [
        "accounts.csv row 2: is not UTF-8 text (save the export as UTF-8)"
    ]


def test_default_currency_from_the_mapping() -> None:
    accounts = io.StringIO(
        "account_id,name,kind,status,time_zone,owner_rep_id,owner_role,owner_division_id\n"
        "a-1,Acme,customer,active,UTC,rep-1,sales,div-1\n"
    )
    opportunities = io.StringIO(
        "opportunity_id,account_id,owner_rep_id,name,stage,amount,created_on,expected_close\n"
        "o-1,a-1,rep-1,Deal,Closed Won,10.5,2026-01-01,2026-02-01\n"
    )
    with pytest.raises(callwise.CrmExportError) as info:
        callwise.load_crm_csv(
            accounts, opportunities=opportunities, mapping={"default_currency": "EUR"}
        )
    # The closed deal has no closed_on: validation's problem, at its row and column.
    assert [str(p) for p in info.value.problems] == [
        'opportunities.csv row 2, column "closed_on": a closed opportunity has no closed_on date'
    ]


@pytest.mark.parametrize(
    "text",
    [
        "account_id,name\na-1,Maria Reyes\n",
        "account_id,name\ra-1,Maria Reyes",
        "Maria Reyes " * 400,
    ],
    ids=["line-feed", "carriage-return", "long"],
)
def test_csv_text_given_as_a_path_is_refused_without_echoing_it(text: str) -> None:
    with pytest.raises(callwise.InvalidArgumentError) as info:
        callwise.load_crm_csv(io.StringIO(""), memberships=text)
    err = info.value
    assert err.name == "memberships"
    assert "io.StringIO(text)" in err.reason
    for shown in (str(err), repr(err), repr(err.args), err.reason):
        assert "Maria" not in shown
    # The same for accounts, the positional argument.
    with pytest.raises(callwise.InvalidArgumentError, match="accounts") as info:
        callwise.load_crm_csv(text)
    assert "Maria" not in str(info.value)


def test_a_long_path_without_line_breaks_is_still_a_path(tmp_path: Path) -> None:
    missing = str(tmp_path / ("d" * 200) / "accounts.csv")
    with pytest.raises(callwise.FileReadError) as info:
        callwise.load_crm_csv(missing)
    assert info.value.path == missing


def test_crm_columns_lists_each_file_kind_and_refuses_others() -> None:
    assert callwise.crm_columns("accounts")[0] == "account_id"
    assert "mobile_phone" in callwise.crm_columns("contacts")
    with pytest.raises(callwise.InvalidArgumentError) as info:
        callwise.crm_columns("tasks")
    assert info.value.name == "file"

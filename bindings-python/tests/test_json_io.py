"""The seam of a book's JSON streamed to and from files: paths, file objects (binary and
text), the compact form, and the errors of a failing file or a bad document."""

from __future__ import annotations

import io
import json
import pathlib

import pytest

import callwise


@pytest.fixture(scope="module")
def book(sample_json: str) -> callwise.Book:
    return callwise.Book.from_json(sample_json)


def test_pretty_is_the_fixture_and_compact_is_the_same_json(
    book: callwise.Book, sample_json: str
) -> None:
    assert book.to_json() == book.to_json(compact=False) == sample_json
    compact = book.to_json(compact=True)
    assert not any(c in compact for c in "\n\t")
    assert compact.startswith('{"schema_version":1,')
    assert json.loads(compact) == json.loads(sample_json)
    assert callwise.Book.from_json(compact).to_json() == sample_json


@pytest.mark.parametrize("compact", [False, True])
def test_path_binary_and_text_file_get_the_same_bytes(
    book: callwise.Book, tmp_path: pathlib.Path, compact: bool
) -> None:
    expected = book.to_json(compact=compact).encode()
    as_str = tmp_path / "as_str.json"
    book.write_json(str(as_str), compact=compact)
    as_pathlike = tmp_path / "as_pathlike.json"
    book.write_json(as_pathlike, compact=compact)
    binary = io.BytesIO()
    book.write_json(binary, compact=compact)
    text = io.StringIO()
    book.write_json(text, compact=compact)
    assert as_str.read_bytes() == expected
    assert as_pathlike.read_bytes() == expected
    assert binary.getvalue() == expected
    assert text.getvalue().encode() == expected


def test_a_character_cut_between_chunks_reaches_a_text_file_whole() -> None:
    # Non-ASCII names long enough that 64 KiB chunks end inside a character.
    names = [{"id": f"div-{i}", "name": "Zürich ✓ " * (i % 50 + 1)} for i in range(800)]
    book = callwise.Book.from_json(json.dumps({"schema_version": 1, "divisions": names}))
    text = io.StringIO()
    book.write_json(text, compact=True)
    assert text.getvalue() == book.to_json(compact=True)
    assert len(text.getvalue().encode()) > 3 * 65536


@pytest.mark.parametrize("compact", [False, True])
def test_round_trip_through_paths_and_file_objects(
    book: callwise.Book, tmp_path: pathlib.Path, compact: bool
) -> None:
    path = tmp_path / "book.json"
    book.write_json(path, compact=compact)
    from_path = callwise.Book.read_json(path)
    from_str_path = callwise.Book.read_json(str(path))
    with path.open("rb") as binary:
        from_binary = callwise.Book.read_json(binary)
    with path.open(encoding="utf-8") as text:
        from_text = callwise.Book.read_json(text)
    for again in (from_path, from_str_path, from_binary, from_text):
        assert again.to_json() == book.to_json()


def test_a_write_that_raises_is_a_file_write_error_caused_by_it(book: callwise.Book) -> None:
    class Full(io.RawIOBase):
        def writable(self) -> bool:
            return True

        def write(self, data: object) -> int:
            raise OSError(28, "No space left on device")

    with pytest.raises(callwise.FileWriteError) as info:
        book.write_json(Full())
    err = info.value
    assert err.path == "<stream>"
    assert "No space left on device" in err.reason
    assert str(err) == f'cannot write "<stream>": {err.reason}'
    assert isinstance(err, OSError)
    assert isinstance(err.__cause__, OSError)
    assert err.__cause__.errno == 28


def test_a_path_that_cannot_be_created_is_a_file_write_error(
    book: callwise.Book, tmp_path: pathlib.Path
) -> None:
    target = tmp_path / "no" / "such" / "book.json"
    with pytest.raises(callwise.FileWriteError) as info:
        book.write_json(target)
    assert info.value.path == str(target)


def test_a_read_that_raises_is_a_file_read_error_caused_by_it() -> None:
    class Broken(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            raise ConnectionResetError("peer went away")

    with pytest.raises(callwise.FileReadError) as info:
        callwise.Book.read_json(Broken())
    assert info.value.path == "<stream>"
    assert "peer went away" in info.value.reason
    assert isinstance(info.value.__cause__, ConnectionResetError)


def test_a_missing_file_is_a_file_read_error(tmp_path: pathlib.Path) -> None:
    missing = tmp_path / "book.json"
    with pytest.raises(callwise.FileReadError) as info:
        callwise.Book.read_json(missing)
    assert info.value.path == str(missing)


def test_bad_documents_give_the_errors_from_json_gives(book: callwise.Book) -> None:
    text = book.to_json(compact=True)
    for bad in (text[: len(text) // 2], '{"schema_version": 1, "novel": []}', "[]"):
        with pytest.raises(callwise.JsonError) as streamed:
            callwise.Book.read_json(io.BytesIO(bad.encode()))
        with pytest.raises(callwise.JsonError) as whole:
            callwise.Book.from_json(bad)
        # Same message and line; the column may be one further on when streaming
        # (serde_json's reader of a stream has read a byte ahead).
        assert streamed.value.line == whole.value.line
        assert streamed.value.column - whole.value.column in (0, 1)
        assert str(streamed.value).partition(": ")[2] == str(whole.value).partition(": ")[2]
    with pytest.raises(callwise.SchemaVersionError):
        callwise.Book.read_json(io.StringIO('{"schema_version": 2, "accounts": [{}]}'))
    dangling = '{"schema_version": 1, "contacts": [{"id": "c-1", "account_id": "x", "name": "n"}]}'
    with pytest.raises(callwise.ValidationError) as info:
        callwise.Book.read_json(io.StringIO(dangling))
    assert len(info.value.problems) == 1


def test_a_read_that_gives_neither_str_nor_bytes_is_a_file_read_error() -> None:
    class Odd:
        def read(self, size: int) -> int:
            return 5

    with pytest.raises(callwise.FileReadError) as info:
        callwise.Book.read_json(Odd())  # type: ignore[arg-type]
    assert isinstance(info.value.__cause__, TypeError)


def test_neither_path_nor_file_is_a_type_error(book: callwise.Book) -> None:
    with pytest.raises(TypeError, match="expected a path"):
        book.write_json(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expected a path"):
        callwise.Book.read_json(42)  # type: ignore[arg-type]

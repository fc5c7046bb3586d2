//! The book's JSON streamed out (`write_json`) and in (`read_json`): the same bytes and
//! the same books as the whole-document path through `BookData` (serde_json on the
//! plain records is the independent oracle), and typed errors for failing readers and
//! writers and for broken documents.

use super::round_trip::book;
use callwise::*;
use proptest::prelude::*;
use std::io::{self, Read, Write};

/// The oracle: the whole book as plain records, printed by serde_json.
fn oracle(book: &Book, style: JsonStyle) -> String {
    match style {
        JsonStyle::Pretty => serde_json::to_string_pretty(&book.to_data()).unwrap() + "\n",
        JsonStyle::Compact => serde_json::to_string(&book.to_data()).unwrap(),
    }
}

fn written(book: &Book, style: JsonStyle) -> Vec<u8> {
    let mut out = Vec::new();
    book.write_json(&mut out, style).unwrap();
    out
}

/// A reader that gives at most `step` bytes a call.
struct Trickle<'a> {
    text: &'a [u8],
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.text.len());
        buf[..n].copy_from_slice(&self.text[..n]);
        self.text = &self.text[n..];
        Ok(n)
    }
}

/// A reader that gives `text`, then fails.
struct Failing<'a>(&'a [u8]);

impl Read for Failing<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.0.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::ConnectionReset,
                "peer went away",
            ));
        }
        let n = buf.len().min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

/// A writer that takes `room` bytes, then refuses.
struct Full {
    room: usize,
    took: Vec<u8>,
}

impl Write for Full {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.room == 0 {
            return Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
        }
        let n = buf.len().min(self.room);
        self.room -= n;
        self.took.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What the whole-document path makes of `text`: serde_json reading `BookData`, then
/// `Book::new` (the reading `from_json` had before streaming).
fn through_data(text: &str) -> Result<Book> {
    whole(text, serde_json::from_str::<BookData>(text))
}

/// What the whole-document path makes of `text` through serde_json's reader of
/// `io::Read`, which is what `read_json`'s positions are: on some errors one column
/// further on than its reader of `&str` says (it has read a byte ahead).
fn through_data_reader(text: &str) -> Result<Book> {
    whole(
        text,
        serde_json::from_reader::<_, BookData>(text.as_bytes()),
    )
}

fn whole(text: &str, parsed: serde_json::Result<BookData>) -> Result<Book> {
    match parsed {
        Ok(data) => Book::new(data),
        Err(err) => {
            let version = serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .and_then(|v| v.get("schema_version").and_then(serde_json::Value::as_u64));
            if let Some(found) = version.filter(|&v| v != SCHEMA_VERSION) {
                return Err(Error::UnsupportedSchemaVersion {
                    found,
                    supported: SCHEMA_VERSION,
                });
            }
            let full = err.to_string();
            let suffix = format!(" at line {} column {}", err.line(), err.column());
            Err(Error::Json {
                what: "book",
                message: full.strip_suffix(&suffix).unwrap_or(&full).to_owned(),
                line: err.line() as u64,
                column: err.column() as u64,
            })
        }
    }
}

/// `text` with the bytes `cut` taken out and `insert` put in their place (at character
/// boundaries).
fn mutate(text: &str, at: usize, cut: usize, insert: &str) -> String {
    let mut start = at % (text.len() + 1);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + cut).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    format!("{}{insert}{}", &text[..start], &text[end..])
}

fn token() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "1",
        "-",
        "null",
        "true",
        "\"x\"",
        "\"id\"",
        "\"novel\":1,",
        "\"schema_version\":",
        "2",
        "\"accounts\":[],",
        "\\u12",
        "1e999",
        " ",
        "\"at\":\"2026-01-01T00:00:00Z\",",
    ])
    .prop_map(str::to_owned)
}

#[test]
fn the_sample_streams_out_as_the_fixture_and_the_data_print() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/sample_book.json"
    ))
    .unwrap();
    let book = Book::from_json(&text).unwrap();
    assert_eq!(written(&book, JsonStyle::Pretty), text.as_bytes());
    assert_eq!(book.to_json(), text);
    for style in [JsonStyle::Pretty, JsonStyle::Compact] {
        assert_eq!(book.to_json_with(style), oracle(&book, style));
        assert_eq!(written(&book, style), oracle(&book, style).as_bytes());
    }
}

#[test]
fn a_reader_that_gives_a_byte_at_a_time_reads_the_same_book() {
    let book = sample_book(&SampleConfig::new(3, 30)).unwrap();
    for style in [JsonStyle::Pretty, JsonStyle::Compact] {
        let text = written(&book, style);
        for step in [1, 7, 4096] {
            let again = Book::read_json(Trickle { text: &text, step }).unwrap();
            assert_eq!(again, book);
        }
    }
}

#[test]
fn a_reader_that_fails_part_way_is_a_file_read_error() {
    let book = sample_book(&SampleConfig::new(3, 30)).unwrap();
    let text = book.to_json_with(JsonStyle::Compact);
    for keep in [0, 1, text.len() / 3, text.len() - 1] {
        match Book::read_json(Failing(&text.as_bytes()[..keep])) {
            Err(Error::FileRead { path, reason }) => {
                assert_eq!(path, "<stream>");
                assert_eq!(reason, "peer went away");
            }
            other => panic!("{keep}: {other:?}"),
        }
    }
}

#[test]
fn every_truncation_is_the_json_error_of_the_whole_text() {
    let book = sample_book(&SampleConfig::new(3, 4)).unwrap();
    for style in [JsonStyle::Pretty, JsonStyle::Compact] {
        let text = book.to_json_with(style);
        // Every end in the first 2,000 bytes (the top level and first records), then
        // every 37th.
        let ends: Vec<usize> = (0..text.len())
            .filter(|&n| n < 2000 || n % 37 == 0)
            .filter(|&n| text.is_char_boundary(n) && !text[..n].trim_end().ends_with('}'))
            .collect();
        assert!(ends.len() > 1000);
        for n in ends {
            let cut = &text[..n];
            let expected = through_data(cut).unwrap_err();
            assert!(matches!(&expected, Error::Json { message, .. } if message.starts_with("EOF")));
            assert_eq!(Book::from_json(cut).unwrap_err(), expected, "{n}");
            let expected = through_data_reader(cut).unwrap_err();
            assert_eq!(
                Book::read_json(cut.as_bytes()).unwrap_err(),
                expected,
                "{n}"
            );
        }
    }
}

#[test]
fn a_writer_that_refuses_is_a_file_write_error() {
    let book = sample_book(&SampleConfig::new(3, 30)).unwrap();
    let whole = book.to_json();
    for room in [0, 10, 70_000, whole.len() - 1] {
        let mut full = Full {
            room,
            took: Vec::new(),
        };
        match book.write_json(&mut full, JsonStyle::Pretty) {
            Err(Error::FileWrite { path, reason }) => {
                assert_eq!((path.as_str(), reason.as_str()), ("<stream>", "disk full"));
            }
            other => panic!("{room}: {other:?}"),
        }
        assert_eq!(full.took, whole.as_bytes()[..room]);
    }
    let mut exact = Full {
        room: whole.len(),
        took: Vec::new(),
    };
    book.write_json(&mut exact, JsonStyle::Pretty).unwrap();
    assert_eq!(exact.took, whole.as_bytes());
}

#[test]
fn another_version_first_is_unsupported_whatever_follows() {
    let unsupported = Error::UnsupportedSchemaVersion {
        found: 2,
        supported: 1,
    };
    for text in [
        r#"{"schema_version": 2, "accounts": [{"novel": 1}]}"#,
        r#"{"schema_version": 2, "novel": true}"#,
        r#"{"schema_version": 2, "accounts": [], "accounts": 5}"#,
    ] {
        assert_eq!(Book::from_json(text).unwrap_err(), unsupported, "{text}");
        assert_eq!(
            Book::read_json(text.as_bytes()).unwrap_err(),
            unsupported,
            "{text}"
        );
    }
    // Broken JSON is a JSON error, whatever the version.
    let broken = r#"{"schema_version": 2, "accounts": [}"#;
    assert!(matches!(
        Book::read_json(broken.as_bytes()),
        Err(Error::Json { .. })
    ));
    assert_eq!(
        Book::from_json(broken).unwrap_err(),
        through_data(broken).unwrap_err()
    );
    // The documented edge: a version after a record that does not parse is seen by
    // `from_json` (it has the whole text) and not by `read_json`.
    let late = r#"{"accounts": [{"novel": 1}], "schema_version": 2}"#;
    assert_eq!(Book::from_json(late).unwrap_err(), unsupported);
    assert!(matches!(
        Book::read_json(late.as_bytes()),
        Err(Error::Json { .. })
    ));
}

#[test]
fn the_top_level_messages_are_serdes() {
    for text in [
        "[]",
        "[1]",
        "[1, [], [], [], [], [], [], [], [], [], [], [], [], []]",
        "5",
        "{}",
        r#"{"schema_version": 1, "schema_version": 1}"#,
        r#"{"schema_version": 1, "teams": [], "teams": []}"#,
        r#"{"schema_version": 1, "teams": {}}"#,
        r#"{"schema_version": "1"}"#,
        r#"{"schema_version": 1} x"#,
        r#"{"\u0073chema_version": 1, "novel": 2}"#,
        // Activities are read through a type of their own: serde's messages name
        // `Activity` all the same.
        r#"{"schema_version": 1, "activities": [1]}"#,
        r#"{"schema_version": 1, "activities": [[]]}"#,
        r#"{"schema_version": 1, "activities": [{"id": 1}]}"#,
        r#"{"schema_version": 1, "activities": [{"id": "a", "id": "b"}]}"#,
        r#"{"schema_version": 1, "activities": [{"novel": 1}]}"#,
        r#"{"schema_version": 1, "activities": [{"id": "a\u0062", "account_id": "x"}]}"#,
    ] {
        let expected = through_data(text).map(|b| b.to_json());
        assert_eq!(
            Book::from_json(text).map(|b| b.to_json()),
            expected,
            "{text}"
        );
        let expected = through_data_reader(text).map(|b| b.to_json());
        assert_eq!(
            Book::read_json(text.as_bytes()).map(|b| b.to_json()),
            expected,
            "{text}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn streamed_text_is_the_data_print_and_reads_back(data in book()) {
        let book = Book::new(data).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let pretty = written(&book, JsonStyle::Pretty);
        let compact = written(&book, JsonStyle::Compact);
        prop_assert_eq!(&pretty, &oracle(&book, JsonStyle::Pretty).into_bytes());
        prop_assert_eq!(&pretty, &book.to_json().into_bytes());
        prop_assert_eq!(&compact, &oracle(&book, JsonStyle::Compact).into_bytes());
        let from_pretty = Book::read_json(pretty.as_slice()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let from_compact = Book::read_json(compact.as_slice()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&from_pretty, &book);
        prop_assert_eq!(&from_compact, &book);
        let compact = String::from_utf8(compact).unwrap();
        prop_assert_eq!(Book::from_json(&compact).map_err(|e| TestCaseError::fail(e.to_string()))?, book);
    }

    #[test]
    fn a_mangled_book_reads_as_the_whole_document_path_reads_it(
        seed in 0u64..4,
        pretty in any::<bool>(),
        at in any::<usize>(),
        cut in 0usize..12,
        insert in token(),
    ) {
        let book = sample_book(&SampleConfig::new(seed, 3)).unwrap();
        let style = if pretty { JsonStyle::Pretty } else { JsonStyle::Compact };
        let text = mutate(&book.to_json_with(style), at, cut, &insert);
        let expected = through_data(&text).map(|b| b.to_json());
        prop_assert_eq!(Book::from_json(&text).map(|b| b.to_json()), expected.clone());
        let streamed = Book::read_json(text.as_bytes()).map(|b| b.to_json());
        if !matches!(expected, Err(Error::UnsupportedSchemaVersion { .. })) {
            prop_assert_eq!(streamed, through_data_reader(&text).map(|b| b.to_json()));
        }
    }
}

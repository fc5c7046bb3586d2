//! The book's JSON, streamed: written collection by collection straight from the
//! book's views, and read key by key with every record pushed into the store as it is
//! parsed. Neither side ever holds a [`BookData`](crate::BookData): while writing, one
//! record's text at a time sits in a buffer; while reading, one record being parsed,
//! plus the store it goes into.

use super::store::Store;
use super::{Book, SCHEMA_VERSION};
use crate::error::{Error, Result};
use crate::{Account, Rep, Task, Team};
use crate::{Activity, Campaign, Contact, Division, Event, Handoff, Membership, Opportunity};
use serde::Serialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeStruct;
use serde_json::error::Category;
use std::fmt;
use std::io::{self, BufReader, BufWriter, Read, Write};

/// How [`Book::write_json`] lays the text out.
///
/// # Example
/// ```
/// let book = callwise::Book::from_json(r#"{"schema_version": 1}"#).unwrap();
/// let compact = book.to_json_with(callwise::JsonStyle::Compact);
/// assert!(compact.starts_with(r#"{"schema_version":1,"divisions":[]"#));
/// assert_eq!(book.to_json_with(callwise::JsonStyle::Pretty), book.to_json());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum JsonStyle {
    /// Two-space indents and a final newline: the bytes of [`Book::to_json`].
    #[default]
    Pretty,
    /// No white space at all, no final newline: the smallest text, the fastest to
    /// write and read.
    Compact,
}

/// The `path` that [`Error::FileRead`] and [`Error::FileWrite`] give for a reader or
/// writer the caller passed (rather than a file callwise opened).
pub(crate) const STREAM: &str = "<stream>";

/// The fields of a book's JSON, in order (serde's names, for its messages).
const FIELDS: &[&str] = &[
    "schema_version",
    "divisions",
    "teams",
    "reps",
    "accounts",
    "contacts",
    "opportunities",
    "memberships",
    "activities",
    "campaigns",
    "events",
    "tasks",
    "handoffs",
];

/// The whole book as serde sees it: [`BookData`](crate::BookData)'s shape, every
/// collection serialised record by record from the views.
struct Whole<'a>(&'a Book);

impl Serialize for Whole<'_> {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        let book = self.0;
        let mut s = serializer.serialize_struct("BookData", FIELDS.len())?;
        s.serialize_field("schema_version", &SCHEMA_VERSION)?;
        s.serialize_field("divisions", book.divisions())?;
        s.serialize_field("teams", book.teams())?;
        s.serialize_field("reps", book.reps())?;
        s.serialize_field("accounts", &Each(|| book.accounts()))?;
        s.serialize_field("contacts", &Each(|| book.contacts()))?;
        s.serialize_field("opportunities", &Each(|| book.opportunities()))?;
        s.serialize_field("memberships", &Each(|| book.memberships()))?;
        s.serialize_field("activities", &Each(|| book.activities()))?;
        s.serialize_field("campaigns", &Each(|| book.campaigns()))?;
        s.serialize_field("events", &Each(|| book.events()))?;
        s.serialize_field("tasks", book.tasks())?;
        s.serialize_field("handoffs", book.handoffs())?;
        s.end()
    }
}

/// A collection serialised as a JSON array, one view at a time.
struct Each<F>(F);

impl<F, I> Serialize for Each<F>
where
    F: Fn() -> I,
    I: ExactSizeIterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

/// A writer that keeps the first error of the writer it wraps, so that the caller's
/// message reaches [`Error::FileWrite`] whole (serde_json would wrap it).
struct Keep<W> {
    inner: W,
    error: Option<io::Error>,
}

impl<W: Write> Write for Keep<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf).inspect_err(|e| self.keep(e))
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.inner.write_all(buf).inspect_err(|e| self.keep(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().inspect_err(|e| self.keep(e))
    }
}

impl<W> Keep<W> {
    fn keep(&mut self, e: &io::Error) {
        if self.error.is_none() {
            self.error = Some(io::Error::new(e.kind(), e.to_string()));
        }
    }
}

/// The [`Error::FileWrite`] of a failed write to `path`.
pub(crate) fn write_error(path: &str, err: &io::Error) -> Error {
    Error::FileWrite {
        path: path.to_owned(),
        reason: err.to_string(),
    }
}

/// Writes `book` to `writer` in `style` (no buffering of its own).
fn write_to<W: Write>(book: &Book, mut writer: W, style: JsonStyle) -> serde_json::Result<W> {
    match style {
        JsonStyle::Pretty => {
            serde_json::to_writer_pretty(&mut writer, &Whole(book))?;
            writer.write_all(b"\n").map_err(serde_json::Error::io)?;
        }
        JsonStyle::Compact => serde_json::to_writer(&mut writer, &Whole(book))?,
    }
    Ok(writer)
}

impl Book {
    /// Writes the book's JSON to `writer` as it goes, collection by collection and
    /// record by record, without building the whole text or a
    /// [`BookData`](crate::BookData) first. [`JsonStyle::Pretty`] gives exactly the
    /// bytes of [`Book::to_json`]; [`JsonStyle::Compact`] those of
    /// `serde_json::to_string(&book.to_data())`.
    ///
    /// Writes go through a 64 KiB buffer, so `writer` need not be buffered; it is
    /// flushed at the end. On an error, part of the text may have been written.
    ///
    /// # Errors
    /// [`Error::FileWrite`] (with the path `"<stream>"` and the writer's message) when
    /// the writer refuses bytes or fails to flush.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 20))?;
    /// let mut out = Vec::new();
    /// book.write_json(&mut out, callwise::JsonStyle::Pretty)?;
    /// assert_eq!(out, book.to_json().into_bytes());
    ///
    /// let mut small = Vec::new();
    /// book.write_json(&mut small, callwise::JsonStyle::Compact)?;
    /// assert!(small.len() < out.len());
    /// assert_eq!(callwise::Book::read_json(small.as_slice())?, book);
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn write_json<W: Write>(&self, writer: W, style: JsonStyle) -> Result<()> {
        self.write_json_named(writer, style, STREAM)
    }

    /// [`Book::write_json`], naming `path` in the error.
    pub(crate) fn write_json_named<W: Write>(
        &self,
        writer: W,
        style: JsonStyle,
        path: &str,
    ) -> Result<()> {
        // The buffer outside the error keeper: serde_json's many small writes stay in
        // the buffer's inlined fast path.
        let mut keep = Keep {
            inner: writer,
            error: None,
        };
        let mut buffered = BufWriter::with_capacity(1 << 16, &mut keep);
        let written = write_to(self, &mut buffered, style)
            .and_then(|w| w.flush().map_err(serde_json::Error::io));
        // Dropped without a last flush: after a failure the writer is not tried again.
        let _unwritten = buffered.into_parts();
        match (written, keep.error) {
            (Ok(()), _) => Ok(()),
            (Err(_), Some(e)) => Err(write_error(path, &e)),
            // Cannot happen: map keys are strings or unit enum variants, and validation
            // keeps every float finite; reported rather than unwrapped.
            (Err(e), None) => Err(write_error(path, &io::Error::other(e.to_string()))),
        }
    }

    /// Writes the book's JSON to the file at `path` (created, or truncated), as
    /// [`Book::write_json`] does.
    ///
    /// # Errors
    /// [`Error::FileWrite`] naming `path` when the file cannot be created or written.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 20))?;
    /// let path = std::env::temp_dir().join(format!("callwise-doc-save-{}.json", std::process::id()));
    /// book.save_json(&path, callwise::JsonStyle::Compact)?;
    /// assert_eq!(callwise::Book::load_json(&path)?, book);
    /// # std::fs::remove_file(&path).unwrap();
    /// let err = book.save_json("/no/such/dir/book.json", callwise::JsonStyle::Pretty).unwrap_err();
    /// assert!(matches!(err, callwise::Error::FileWrite { path, .. } if path == "/no/such/dir/book.json"));
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn save_json(&self, path: impl AsRef<std::path::Path>, style: JsonStyle) -> Result<()> {
        let path = path.as_ref();
        let name = path.to_string_lossy();
        let file = std::fs::File::create(path).map_err(|e| write_error(&name, &e))?;
        self.write_json_named(file, style, &name)
    }

    /// The book's JSON as a string in `style` ([`Book::to_json`] is the pretty one).
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 20)).unwrap();
    /// let compact = book.to_json_with(callwise::JsonStyle::Compact);
    /// assert_eq!(compact, serde_json::to_string(&book.to_data()).unwrap());
    /// assert_eq!(callwise::Book::from_json(&compact).unwrap(), book);
    /// ```
    pub fn to_json_with(&self, style: JsonStyle) -> String {
        let bytes = match write_to(self, Vec::new(), style) {
            Ok(bytes) => bytes,
            // Cannot happen: a `Vec` takes every byte and validation keeps every float
            // finite.
            Err(e) => unreachable!("a validated book always serialises: {e}"),
        };
        match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => unreachable!("serde_json writes UTF-8: {e}"),
        }
    }

    /// Reads a book from the JSON that `reader` yields, pushing each record into the
    /// book's storage as it is parsed (no [`BookData`](crate::BookData), no copy of the
    /// text), then validates and indexes it as [`Book::from_json`] does.
    ///
    /// The reader is wrapped in a buffer, so it need not be buffered. Memory while
    /// reading: the book being built, one record being parsed and the buffer.
    ///
    /// The declared `schema_version` is honoured when it comes before any
    /// record that does not parse (as every book callwise writes has it, first): the
    /// rest of the document is then only checked to be JSON, and the result is
    /// [`Error::UnsupportedSchemaVersion`]. [`Book::from_json`], which has the whole
    /// text, also finds a version given after a malformed record.
    ///
    /// # Errors
    /// - [`Error::FileRead`] (with the path `"<stream>"` and the reader's message) when
    ///   the reader fails;
    /// - [`Error::Json`] when the text is not JSON of the book's shape, with the
    ///   messages of [`Book::from_json`] (a text that ends early says so) and the
    ///   positions serde_json gives reading a stream: on some errors (an unknown or
    ///   repeated key) one column further on than for the whole text, as the parser has
    ///   read a byte ahead;
    /// - [`Error::UnsupportedSchemaVersion`] when it declares another version;
    /// - [`Error::Validation`] with every problem, as for [`Book::new`].
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 20))?;
    /// let text = book.to_json_with(callwise::JsonStyle::Compact);
    /// assert_eq!(callwise::Book::read_json(text.as_bytes())?, book);
    ///
    /// let cut = &text.as_bytes()[..text.len() / 2];
    /// let err = callwise::Book::read_json(cut).unwrap_err();
    /// assert!(matches!(err, callwise::Error::Json { ref message, .. } if message.starts_with("EOF")));
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn read_json<R: Read>(reader: R) -> Result<Self> {
        Self::read_json_named(reader, STREAM)
    }

    /// [`Book::read_json`], naming `path` in a read error.
    fn read_json_named<R: Read>(reader: R, path: &str) -> Result<Self> {
        let mut de =
            serde_json::Deserializer::from_reader(BufReader::with_capacity(1 << 16, reader));
        let mut fill = Fill::default();
        let parsed = (&mut fill).deserialize(&mut de).and_then(|()| de.end());
        match parsed {
            Ok(()) => fill.finish(),
            Err(err) => Err(fill.error(&err, |fill, err| match err.classify() {
                Category::Io => Error::FileRead {
                    path: path.to_owned(),
                    reason: io_reason(err),
                },
                // Past another version, only the top level's keys are read as a book's.
                Category::Data if fill.other_version() => unsupported(fill.version.unwrap_or(0)),
                _ => super::json_error(err, "book", ""),
            })),
        }
    }

    /// Reads a book from the JSON file at `path`, as [`Book::read_json`] does.
    ///
    /// # Errors
    /// [`Error::FileRead`] naming `path` when it cannot be opened or read, and every
    /// error of [`Book::read_json`].
    ///
    /// # Example
    /// ```
    /// let err = callwise::Book::load_json("/no/such/book.json").unwrap_err();
    /// assert!(matches!(err, callwise::Error::FileRead { path, .. } if path == "/no/such/book.json"));
    /// ```
    pub fn load_json(path: impl AsRef<std::path::Path>) -> Result<Self> {
        let path = path.as_ref();
        let name = path.to_string_lossy();
        let file = std::fs::File::open(path).map_err(|e| Error::FileRead {
            path: name.to_string(),
            reason: e.to_string(),
        })?;
        Self::read_json_named(file, &name)
    }
}

/// Reads the whole of `json` into a book (the path of [`Book::from_json`]).
pub(crate) fn from_str(json: &str) -> Result<Book> {
    let mut de = serde_json::Deserializer::from_str(json);
    let mut fill = Fill::default();
    let parsed = (&mut fill).deserialize(&mut de).and_then(|()| de.end());
    match parsed {
        Ok(()) => fill.finish(),
        Err(err) => Err(fill.error(&err, |_, err| {
            // A version given after the record that broke: found by reading again,
            // leniently, for that alone.
            if let Ok(probe) = serde_json::from_str::<super::VersionProbe>(json)
                && probe.schema_version != SCHEMA_VERSION
            {
                return unsupported(probe.schema_version);
            }
            super::json_error(err, "book", json)
        })),
    }
}

/// The reader's message in a serde_json I/O error (serde_json adds nothing to it).
fn io_reason(err: &serde_json::Error) -> String {
    let full = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    full.strip_suffix(&suffix).unwrap_or(&full).to_owned()
}

fn unsupported(found: u64) -> Error {
    Error::UnsupportedSchemaVersion {
        found,
        supported: SCHEMA_VERSION,
    }
}

/// The book being read: the store it fills, the version declared, and a store error
/// that stopped the parse.
struct Fill {
    store: Store,
    version: Option<u64>,
    refused: Option<Error>,
}

impl Default for Fill {
    fn default() -> Self {
        Self {
            store: Store::new(),
            version: None,
            refused: None,
        }
    }
}

impl Fill {
    /// Whether the declared version is one this build does not read (the rest is
    /// then skipped).
    fn other_version(&self) -> bool {
        self.version.is_some_and(|v| v != SCHEMA_VERSION)
    }

    /// The book read, or why not.
    fn finish(self) -> Result<Book> {
        match self.version {
            Some(v) if v != SCHEMA_VERSION => Err(unsupported(v)),
            _ => Book::from_store(self.store),
        }
    }

    /// The error of a parse that failed with `err`: the store's own error when it
    /// refused a record, else `other(self, err)`.
    fn error(
        self,
        err: &serde_json::Error,
        other: impl FnOnce(&Self, &serde_json::Error) -> Error,
    ) -> Error {
        match self.refused {
            Some(refused) => refused,
            None => other(&self, err),
        }
    }
}

/// Which top-level field a key names.
#[derive(Clone, Copy)]
enum Field {
    Version,
    Collection(usize),
}

struct FieldSeed;

impl<'de> DeserializeSeed<'de> for FieldSeed {
    type Value = Field;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<Field, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for FieldSeed {
    type Value = Field;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> std::result::Result<Field, E> {
        match FIELDS.iter().position(|&f| f == key) {
            Some(0) => Ok(Field::Version),
            Some(i) => Ok(Field::Collection(i - 1)),
            None => Err(E::unknown_field(key, FIELDS)),
        }
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> std::result::Result<Field, E> {
        match std::str::from_utf8(key) {
            Ok(key) => self.visit_str(key),
            Err(_) => Err(E::unknown_field(&String::from_utf8_lossy(key), FIELDS)),
        }
    }
}

impl<'de> DeserializeSeed<'de> for &mut Fill {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_struct("BookData", FIELDS, self)
    }
}

impl<'de> Visitor<'de> for &mut Fill {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct BookData")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let mut seen = [false; 13];
        while let Some(field) = map.next_key_seed(FieldSeed)? {
            let slot = match field {
                Field::Version => 0,
                Field::Collection(i) => i + 1,
            };
            if std::mem::replace(&mut seen[slot], true) {
                return Err(de::Error::duplicate_field(FIELDS[slot]));
            }
            match field {
                Field::Version if self.other_version() => {
                    map.next_value::<IgnoredAny>()?;
                }
                Field::Version => self.version = Some(map.next_value()?),
                Field::Collection(_) if self.other_version() => {
                    map.next_value::<IgnoredAny>()?;
                }
                Field::Collection(i) => map.next_value_seed(Collection {
                    fill: &mut *self,
                    which: i,
                })?,
            }
        }
        if self.version.is_none() {
            return Err(de::Error::missing_field("schema_version"));
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        // The array form serde gives every struct: the fields in order.
        let expected = &"struct BookData with 13 elements";
        match seq.next_element()? {
            Some(v) => self.version = Some(v),
            None => return Err(de::Error::invalid_length(0, expected)),
        }
        for which in 0..FIELDS.len() - 1 {
            let seed = Collection {
                fill: &mut *self,
                which,
            };
            if seq.next_element_seed(seed)?.is_none() {
                break;
            }
        }
        Ok(())
    }
}

/// One collection of the book, read into the store record by record.
struct Collection<'f> {
    fill: &'f mut Fill,
    /// Its place after `schema_version` in [`FIELDS`].
    which: usize,
}

impl<'de> DeserializeSeed<'de> for Collection<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Collection<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let fill = self.fill;
        if fill.other_version() {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(());
        }
        let store = &mut fill.store;
        let pushed = match self.which {
            0 => each(&mut seq, |x: Division| store.push_division(x)),
            1 => each(&mut seq, |x: Team| store.push_team(x)),
            2 => each(&mut seq, |x: Rep| store.push_rep(x)),
            3 => each(&mut seq, |x: Account| store.push_account(x)),
            4 => each(&mut seq, |x: Contact| store.push_contact(x)),
            5 => each(&mut seq, |x: Opportunity| store.push_opportunity(x)),
            6 => each(&mut seq, |x: Membership| store.push_membership(x)),
            7 => each(&mut seq, |x: Activity| store.push_activity(x)),
            8 => each(&mut seq, |x: Campaign| store.push_campaign(x)),
            9 => each(&mut seq, |x: Event| store.push_event(x)),
            10 => each(&mut seq, |x: Task| store.push_task(x)),
            _ => each(&mut seq, |x: Handoff| store.push_handoff(x)),
        }?;
        pushed.map_err(|refused| {
            fill.refused = Some(refused);
            de::Error::custom("the book's storage refused a record")
        })
    }
}

/// Reads every element of `seq` as a `T` and hands it to `push`, stopping at the first
/// record `push` refuses (the outer error: serde's; the inner: the store's).
fn each<'de, A, T, P>(seq: &mut A, mut push: P) -> std::result::Result<Result<()>, A::Error>
where
    A: SeqAccess<'de>,
    T: de::Deserialize<'de>,
    P: FnMut(T) -> Result<()>,
{
    while let Some(x) = seq.next_element::<T>()? {
        if let Err(refused) = push(x) {
            return Ok(Err(refused));
        }
    }
    Ok(Ok(()))
}

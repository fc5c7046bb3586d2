//! The book's JSON, streamed: written collection by collection straight from the
//! book's views, and read key by key with every record pushed into the store as it is
//! parsed. Neither side ever holds a [`BookData`](crate::BookData): while writing, the
//! text of one wave of records (written in pieces on rayon's threads, some 8 pieces of
//! 1,024 records a thread) sits in buffers; while reading, one record being parsed,
//! plus the store it goes into.

use super::SCHEMA_VERSION;
use super::store::Store;
use super::store::activities::{self, Row};
use super::store::codes::micros;
use super::store::columns;
use super::store::strings::READ_AHEAD;
use super::{AccountRef, ActivityRef, Book, ContactRef, MembershipRef, OpportunityRef};
use super::{TaskRef, views};
use crate::error::{Error, RecordKind, Result};
use crate::{Campaign, Division, Event, Handoff, Rep, Task, Team};
use serde::Deserialize;
use serde::Serialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeStruct;
use serde_json::error::Category;
use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufReader, Read, Write};

mod split;

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
/// collection serialised record by record from the views, the big ones in pieces of
/// `piece` records written in `style` on rayon's threads (for [`Writer`] alone).
struct Whole<'a> {
    book: &'a Book,
    style: JsonStyle,
    piece: usize,
}

impl Whole<'_> {
    /// The collection `records` gives, written in pieces.
    fn pieces<F>(&self, records: F) -> Pieces<F> {
        Pieces {
            records,
            style: self.style,
            piece: self.piece,
        }
    }
}

impl Serialize for Whole<'_> {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        let book = self.book;
        let mut s = serializer.serialize_struct("BookData", FIELDS.len())?;
        s.serialize_field("schema_version", &SCHEMA_VERSION)?;
        s.serialize_field("divisions", book.divisions())?;
        s.serialize_field("teams", book.teams())?;
        s.serialize_field("reps", book.reps())?;
        s.serialize_field("accounts", &self.pieces(|| book.accounts()))?;
        s.serialize_field("contacts", &self.pieces(|| book.contacts()))?;
        s.serialize_field("opportunities", &self.pieces(|| book.opportunities()))?;
        s.serialize_field("memberships", &self.pieces(|| book.memberships()))?;
        s.serialize_field("activities", &self.pieces(|| book.activities()))?;
        s.serialize_field("campaigns", &Each(|| book.campaigns()))?;
        s.serialize_field("events", &Each(|| book.events()))?;
        s.serialize_field("tasks", &Each(|| book.tasks()))?;
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

/// Records a thread writes at a time in a big collection: enough that handing the work
/// out costs little, few enough that a wave of them stays small.
const PIECE: usize = 1024;

/// The name of the newtype struct that hands [`Writer`] a piece of text already
/// written, to copy as it is (serde_json's `RawValue` does the same).
const RAW: &str = "$callwise::json::Raw";

/// A collection serialised as a JSON array whose records are written by rayon's
/// threads, a wave of pieces at a time, then handed on in order: the same bytes as
/// [`Each`], in a fraction of the time on a machine with more than one core. A wave's
/// text is handed on while the next one is written. Memory: two waves' text (some 8
/// pieces a thread each).
struct Pieces<F> {
    records: F,
    style: JsonStyle,
    piece: usize,
}

impl<F, I> Serialize for Pieces<F>
where
    F: Fn() -> I,
    I: ExactSizeIterator,
    I::Item: Serialize + Sync,
{
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq as _;
        let mut records = (self.records)();
        if records.len() <= self.piece {
            return serializer.collect_seq(records);
        }
        let wave_len = self.piece * 8 * rayon::current_num_threads();
        let (style, piece) = (self.style, self.piece);
        let mut seq = serializer.serialize_seq(Some(records.len()))?;
        let mut wave: Vec<I::Item> = records.by_ref().take(wave_len).collect();
        let mut texts = wave_text(&wave, style, piece);
        loop {
            // The next wave is written on rayon's threads while this one's text is
            // handed on here (a copy into the buffer, and the sink's writes).
            wave.clear();
            wave.extend(records.by_ref().take(wave_len));
            let mut next = Vec::new();
            let handed = rayon::in_place_scope(|scope| {
                if !wave.is_empty() {
                    scope.spawn(|_| next = wave_text(&wave, style, piece));
                }
                texts.into_iter().try_for_each(|text| {
                    let text = text.map_err(serde::ser::Error::custom)?;
                    seq.serialize_element(&Raw(&text))
                })
            });
            handed?;
            if wave.is_empty() {
                break;
            }
            texts = next;
        }
        seq.end()
    }
}

/// The texts of the pieces of `wave`, written on rayon's threads.
fn wave_text<T: Serialize + Sync>(
    wave: &[T],
    style: JsonStyle,
    piece: usize,
) -> Vec<std::result::Result<String, Failure>> {
    use rayon::prelude::*;
    wave.par_chunks(piece)
        .map(|records| piece_text(records, style))
        .collect()
}

/// The records of `piece` as they stand in a book's collection written in `style`,
/// two levels deep: each but the first after the separator the writer puts between
/// elements (the writer puts the one before the piece).
fn piece_text<T: Serialize>(piece: &[T], style: JsonStyle) -> std::result::Result<String, Failure> {
    let mut w = Writer::new(io::sink(), style, usize::MAX);
    w.buf
        .reserve(piece.len() * if w.pretty { 600 } else { 300 });
    if w.pretty {
        w.indent = 2;
    }
    for (k, record) in piece.iter().enumerate() {
        if k > 0 {
            w.item(false);
        }
        record.serialize(&mut w)?;
    }
    Ok(w.buf)
}

/// Records of each collection written to estimate the length of the whole text.
const SAMPLE: usize = 256;

/// Room left at the end of [`Book::to_json_with`]'s text above which it is given back.
const ROOM_SLACK: usize = 1 << 20;

/// The length of `book`'s text in `style`, estimated: each collection at the mean
/// length of [`SAMPLE`] of its records spread evenly over it, the longest 64th left
/// out (and what separates it from the one before): an estimate that errs short, as a long text only
/// grows where a short one would hold pages it does not need. Campaigns
/// and events hold lists of responses and attendees that may run to thousands each:
/// those are sampled by themselves, and each campaign or event counted at 300 bytes
/// (600 pretty) besides.
fn estimated_len(book: &Book, style: JsonStyle) -> usize {
    /// The `n` records that `at` gives by position, estimated from `picks` of them.
    fn scaled<T: Serialize>(
        (n, picks): (usize, usize),
        style: JsonStyle,
        at: impl Fn(u32) -> T,
    ) -> usize {
        // What comes before each record but the first: a comma, and pretty, a new line
        // and the indent of a record in a collection.
        let between = if style == JsonStyle::Pretty { 6 } else { 1 };
        let picks = n.min(picks) as u64;
        let mut lengths: Vec<usize> = (0..picks)
            .map(|k| {
                let record = at((k * n as u64 / picks) as u32);
                piece_text(&[record], style).map_or(0, |text| text.len() + between)
            })
            .collect();
        // The longest 64th left out (at least one of a sample of 64 or more): one odd
        // record in the sample must not make the estimate, and the pages touched for
        // it, many times the text.
        lengths.sort_unstable();
        let kept = &lengths[..lengths.len() - lengths.len() / 64];
        kept.iter().sum::<usize>().saturating_mul(n) / kept.len().max(1)
    }
    fn slice<T: Serialize>(records: &[T], style: JsonStyle) -> usize {
        scaled((records.len(), SAMPLE), style, |pos| &records[pos as usize])
    }
    let store = &book.store;
    let x = &store.activities;
    [
        slice(&store.divisions, style),
        slice(&store.teams, style),
        slice(&store.reps, style),
        scaled((store.accounts.len(), SAMPLE), style, |pos| AccountRef {
            book,
            pos,
        }),
        scaled((store.contacts.len(), SAMPLE), style, |pos| ContactRef {
            book,
            pos,
        }),
        scaled((store.opportunities.len(), SAMPLE), style, |pos| {
            OpportunityRef { book, pos }
        }),
        scaled((store.memberships.len(), SAMPLE), style, |pos| {
            MembershipRef { book, pos }
        }),
        // By row rather than in book order: the same records, no order to build.
        scaled((x.len(), SAMPLE), style, |row| ActivityRef {
            book,
            row,
            account: x.account_of(row),
        }),
        scaled((store.responses.len(), SAMPLE), style, |r| {
            views::response(store, r)
        }),
        scaled((store.attendees.len(), SAMPLE), style, |a| {
            views::attendee(store, a)
        }),
        (store.campaigns.len() + store.events.len())
            .saturating_mul(if style == JsonStyle::Pretty { 600 } else { 300 }),
        scaled((store.tasks.len(), SAMPLE), style, |pos| TaskRef {
            book,
            pos,
        }),
        slice(&store.handoffs, style),
    ]
    .iter()
    .fold(1 << 12, |sum, &x| sum.saturating_add(x))
}

/// Texts at least this long have their pages touched on rayon's threads ahead of
/// writing (see [`room_for`]).
const TOUCH_FROM: usize = 8 << 20;

/// An empty string with room for `len` bytes and a little more. When `len` is big, one
/// byte of each page of the first `len` bytes is written on rayon's threads first: the
/// kernel then maps the pages on every core at once, rather than one at a time on the
/// thread that copies the text in, where mapping gigabytes of fresh pages cost as much
/// as writing the text (see DESIGN.md, "Writing a big book's text").
fn room_for(len: usize) -> String {
    use rayon::prelude::*;
    let mut bytes: Vec<u8> = Vec::new();
    if bytes
        .try_reserve_exact(len.saturating_add(len / 32))
        .is_err()
    {
        // Too much to ask at once: the string grows as it is written instead.
        return String::new();
    }
    if len >= TOUCH_FROM {
        bytes.spare_capacity_mut()[..len]
            .par_chunks_mut(1 << 21)
            .for_each(|chunk| {
                for byte in chunk.iter_mut().step_by(4096) {
                    byte.write(0);
                }
            });
    }
    // Empty, so always UTF-8; the room is kept.
    String::from_utf8(bytes).unwrap_or_default()
}

/// Text [`Writer`] copies as it is (see [`RAW`]).
struct Raw<'a>(&'a str);

impl Serialize for Raw<'_> {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(RAW, self.0)
    }
}

/// The [`Error::FileWrite`] of a failed write to `path`.
pub(crate) fn write_error(path: &str, err: &io::Error) -> Error {
    Error::FileWrite {
        path: path.to_owned(),
        reason: err.to_string(),
    }
}

/// Writes `book` to `sink` in `style`, handing it the text in pieces of 64 KiB or more
/// (so `sink` need not be buffered), then flushes it.
fn write_to<W: Write>(book: &Book, sink: W, style: JsonStyle) -> std::result::Result<W, Failure> {
    let mut writer = Writer::new(sink, style, 1 << 16);
    writer.whole(book)?;
    writer.finish()
}

impl Book {
    /// Writes the book's JSON to `writer` as it goes, collection by collection and
    /// record by record, without building the whole text or a
    /// [`BookData`](crate::BookData) first. [`JsonStyle::Pretty`] gives exactly the
    /// bytes of [`Book::to_json`]; [`JsonStyle::Compact`] those of
    /// `serde_json::to_string(&book.to_data())`.
    ///
    /// Writes go through a buffer of 64 KiB or more, so `writer` need not be buffered; it
    /// is flushed at the end. On an error, part of the text may have been written. The
    /// big collections (accounts, contacts, opportunities, memberships, activities) are
    /// written in pieces of 1,024 records on rayon's threads and handed on in order: the
    /// same bytes, on every core.
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
        match write_to(self, writer, style) {
            Ok(_) => Ok(()),
            Err(Failure::Io(e)) => Err(write_error(path, &e)),
            // Cannot happen: map keys are strings or unit enum variants, and validation
            // keeps every float finite; reported rather than unwrapped.
            Err(Failure::Other(e)) => Err(write_error(path, &io::Error::other(e))),
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
        // Never handed on: the whole text stays in the writer's buffer, made at about
        // its size at once (rather than grown by doubling, each step a copy) and its
        // pages touched on every core (see `room_for`).
        let mut writer = Writer::new(io::sink(), style, usize::MAX);
        writer.buf = room_for(estimated_len(self, style));
        if let Err(e) = writer.whole(self) {
            // Cannot happen: a buffer takes every byte and validation keeps every float
            // finite.
            unreachable!("a validated book always serialises: {e}");
        }
        // Written as `str` pieces straight into a `String`: no UTF-8 check of the whole.
        let mut text = writer.buf;
        if text.capacity() - text.len() > ROOM_SLACK {
            // An estimate too high: the pages touched past the end are given back.
            text.shrink_to_fit();
        }
        text
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
    split::read(json, split::SEGMENT).unwrap_or_else(|| serial(json))
}

/// Reads the whole of `json` into a book with serde's deserializer alone: the reader
/// that decides every error (see [`split`]).
fn serial(json: &str) -> Result<Book> {
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
        let pushed = dispatch(self.which, &mut fill.store, Serial(&mut seq))?;
        pushed.map_err(|refused| {
            fill.refused = Some(refused);
            de::Error::custom("the book's storage refused a record")
        })
    }
}

/// How a collection's records are read, whatever their kind: [`Serial`] from serde's
/// sequence, [`split`]'s reader from the text in segments. [`dispatch`] calls `with`
/// with the kind's record type as read and how the store takes one: each record, with
/// the records already read after it (none when read one at a time), which the store
/// may read ahead for.
trait Records<'de> {
    type Out;

    fn with<T, P>(self, push: P) -> Self::Out
    where
        T: Deserialize<'de> + Send,
        P: FnMut(T, &[T]) -> Result<()>;
}

/// How the store takes a record that it reads nothing ahead for.
fn alone<T>(mut push: impl FnMut(T) -> Result<()>) -> impl FnMut(T, &[T]) -> Result<()> {
    move |x, _| push(x)
}

/// `records.with` for collection `which` (its place after `schema_version` in
/// [`FIELDS`]), pushing into `store`.
fn dispatch<'de, R: Records<'de>>(which: usize, store: &mut Store, records: R) -> R::Out {
    match which {
        0 => records.with(alone(|x: Division| store.push_division(x))),
        1 => records.with(alone(|x: Team| store.push_team(x))),
        2 => records.with(alone(|x: Rep| store.push_rep(x))),
        3 => records.with(alone(|x: borrowed::Account<'de>| {
            columns::push_account_read(store, &x)
        })),
        4 => records.with(alone(|x: borrowed::Contact<'de>| {
            columns::push_contact_read(store, &x)
        })),
        5 => records.with(alone(|x: borrowed::Opportunity<'de>| {
            columns::push_opportunity_read(store, &x)
        })),
        6 => records.with(alone(|x: borrowed::Membership<'de>| {
            columns::push_membership_read(store, &x)
        })),
        7 => {
            // Every so many activities, the look-ups of the next ones' accounts and
            // contacts are read ahead together (two a record: a batch fills one
            // read-ahead).
            let mut pushed = 0usize;
            records.with(
                |x: borrowed::Activity<'de>, after: &[borrowed::Activity<'de>]| {
                    if pushed.is_multiple_of(READ_AHEAD / 2) {
                        let batch = std::iter::once(&x).chain(after).take(READ_AHEAD / 2);
                        store.read_ahead_references(batch.flat_map(|a| {
                            [
                                (RecordKind::Account, a.account_id.as_str()),
                                (RecordKind::Contact, Text::opt(&a.contact_id).unwrap_or("")),
                            ]
                        }));
                    }
                    pushed += 1;
                    x.push(store)
                },
            )
        }
        8 => records.with(alone(|x: Campaign| store.push_campaign(x))),
        9 => records.with(alone(|x: Event| store.push_event(x))),
        10 => records.with(alone(|x: Task| store.push_task(x))),
        _ => records.with(alone(|x: Handoff| store.push_handoff(x))),
    }
}

/// A collection's records read from serde's sequence, one at a time ([`each`]).
struct Serial<'a, A>(&'a mut A);

impl<'de, A: SeqAccess<'de>> Records<'de> for Serial<'_, A> {
    type Out = std::result::Result<Result<()>, A::Error>;

    fn with<T, P>(self, mut push: P) -> Self::Out
    where
        T: Deserialize<'de> + Send,
        P: FnMut(T, &[T]) -> Result<()>,
    {
        each(self.0, |x| push(x, &[]))
    }
}

/// Records as read, their strings borrowed from the text. In a module of their own so
/// that they bear their records' names, which serde's messages give. Each has its owned
/// record's fields, their order and rules (so serde's messages are the same), with the
/// strings borrowed from the text when they have no escape, so that reading one
/// allocates nothing but its lists.
pub(crate) mod borrowed {
    use super::Text;
    use crate::{AccountKind, AccountStatus, Birthday, Channel, Consent, Direction, Lapse};
    use crate::{OpportunityStage, Outcome, OwnerRole, PhoneKind};
    use chrono::{DateTime, NaiveDate, Utc};
    use serde::Deserialize;
    use std::collections::BTreeMap;

    /// An [`Activity`](crate::Activity) as read.
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(crate) struct Activity<'a> {
        #[serde(borrow)]
        pub(crate) id: Text<'a>,
        #[serde(borrow)]
        pub(crate) account_id: Text<'a>,
        #[serde(default, borrow)]
        pub(crate) contact_id: Option<Text<'a>>,
        #[serde(borrow)]
        pub(crate) rep_id: Text<'a>,
        #[serde(deserialize_with = "crate::time::strict")]
        pub(crate) at: DateTime<Utc>,
        pub(crate) channel: Channel,
        pub(crate) direction: Direction,
        #[serde(default)]
        pub(crate) outcome: Option<Outcome>,
        #[serde(default)]
        pub(crate) duration_seconds: Option<u32>,
        #[serde(default, borrow)]
        pub(crate) opportunity_id: Option<Text<'a>>,
        #[serde(default, borrow)]
        pub(crate) campaign_id: Option<Text<'a>>,
    }

    /// An [`Ownership`](crate::Ownership) as read.
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(crate) struct Ownership<'a> {
        #[serde(borrow)]
        pub(crate) rep_id: Text<'a>,
        pub(crate) role: OwnerRole,
        #[serde(borrow)]
        pub(crate) division_id: Text<'a>,
    }

    /// An [`Account`](crate::Account) as read.
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(crate) struct Account<'a> {
        #[serde(borrow)]
        pub(crate) id: Text<'a>,
        #[serde(borrow)]
        pub(crate) name: Text<'a>,
        pub(crate) kind: AccountKind,
        pub(crate) status: AccountStatus,
        #[serde(default, borrow)]
        pub(crate) territory_zone: Option<Text<'a>>,
        #[serde(borrow)]
        pub(crate) time_zone: Text<'a>,
        #[serde(borrow)]
        pub(crate) primary_owner: Ownership<'a>,
        #[serde(default, borrow)]
        pub(crate) co_owners: Vec<Ownership<'a>>,
    }

    /// A [`Phone`](crate::Phone) as read.
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(crate) struct Phone<'a> {
        #[serde(borrow)]
        pub(crate) number: Text<'a>,
        pub(crate) kind: PhoneKind,
    }

    /// An [`Email`](crate::Email) as read.
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(crate) struct Email<'a> {
        #[serde(borrow)]
        pub(crate) address: Text<'a>,
        pub(crate) primary: bool,
    }

    /// A [`Contact`](crate::Contact) as read.
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(crate) struct Contact<'a> {
        #[serde(borrow)]
        pub(crate) id: Text<'a>,
        #[serde(borrow)]
        pub(crate) account_id: Text<'a>,
        #[serde(borrow)]
        pub(crate) name: Text<'a>,
        #[serde(default, borrow)]
        pub(crate) title: Option<Text<'a>>,
        #[serde(default, borrow)]
        pub(crate) phones: Vec<Phone<'a>>,
        #[serde(default, borrow)]
        pub(crate) emails: Vec<Email<'a>>,
        #[serde(default)]
        pub(crate) birthday: Option<Birthday>,
        #[serde(default, borrow)]
        pub(crate) time_zone: Option<Text<'a>>,
        #[serde(default)]
        pub(crate) do_not_call: bool,
        #[serde(default, deserialize_with = "crate::book::unique_keys")]
        pub(crate) consent: BTreeMap<Channel, Consent>,
    }

    /// [`Money`](crate::Money) as read.
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(crate) struct Money<'a> {
        pub(crate) amount_minor: i64,
        #[serde(borrow)]
        pub(crate) currency: Text<'a>,
    }

    /// An [`Opportunity`](crate::Opportunity) as read.
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(crate) struct Opportunity<'a> {
        #[serde(borrow)]
        pub(crate) id: Text<'a>,
        #[serde(borrow)]
        pub(crate) account_id: Text<'a>,
        #[serde(default, borrow)]
        pub(crate) contact_id: Option<Text<'a>>,
        #[serde(borrow)]
        pub(crate) owner_rep_id: Text<'a>,
        #[serde(borrow)]
        pub(crate) name: Text<'a>,
        pub(crate) stage: OpportunityStage,
        #[serde(borrow)]
        pub(crate) amount: Money<'a>,
        #[serde(default)]
        pub(crate) probability: Option<f64>,
        #[serde(deserialize_with = "crate::time::strict")]
        pub(crate) created_on: NaiveDate,
        #[serde(deserialize_with = "crate::time::strict")]
        pub(crate) expected_close: NaiveDate,
        #[serde(default, deserialize_with = "crate::time::strict_opt")]
        pub(crate) next_step_due: Option<NaiveDate>,
        #[serde(default, deserialize_with = "crate::time::strict_opt")]
        pub(crate) closed_on: Option<NaiveDate>,
        #[serde(default, borrow)]
        pub(crate) lost_to: Option<Text<'a>>,
    }

    /// A [`Renewal`](crate::Renewal) as read.
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(crate) struct Renewal<'a> {
        #[serde(deserialize_with = "crate::time::strict")]
        pub(crate) term_start: NaiveDate,
        #[serde(deserialize_with = "crate::time::strict")]
        pub(crate) term_end: NaiveDate,
        #[serde(deserialize_with = "crate::time::strict")]
        pub(crate) renewed_on: NaiveDate,
        #[serde(borrow)]
        pub(crate) dues: Money<'a>,
        pub(crate) paid_late: bool,
    }

    /// A [`Membership`](crate::Membership) as read.
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(crate) struct Membership<'a> {
        #[serde(borrow)]
        pub(crate) id: Text<'a>,
        #[serde(borrow)]
        pub(crate) account_id: Text<'a>,
        #[serde(borrow)]
        pub(crate) tier: Text<'a>,
        #[serde(borrow)]
        pub(crate) dues: Money<'a>,
        #[serde(deserialize_with = "crate::time::strict")]
        pub(crate) joined_on: NaiveDate,
        #[serde(deserialize_with = "crate::time::strict")]
        pub(crate) term_start: NaiveDate,
        #[serde(deserialize_with = "crate::time::strict")]
        pub(crate) term_end: NaiveDate,
        #[serde(default, borrow)]
        pub(crate) renewals: Vec<Renewal<'a>>,
        #[serde(default)]
        pub(crate) lapses: Vec<Lapse>,
    }
}

impl borrowed::Activity<'_> {
    /// Adds it to `store`, as [`Store::push_activity`] adds an [`Activity`](crate::Activity)
    /// (the ids numbered in the same order).
    fn push(self, store: &mut Store) -> Result<()> {
        let (at, finer) = micros(self.at);
        let row = Row {
            account: store.sym(RecordKind::Account, &self.account_id.0)?,
            contact: store.sym_opt(RecordKind::Contact, Text::opt(&self.contact_id))?,
            rep: store.sym(RecordKind::Rep, &self.rep_id.0)?,
            at,
            finer,
            how: activities::how(self.channel, self.direction, self.outcome),
            duration: self.duration_seconds,
            opportunity: store.sym_opt(RecordKind::Opportunity, Text::opt(&self.opportunity_id))?,
            campaign: store.sym_opt(RecordKind::Campaign, Text::opt(&self.campaign_id))?,
        };
        store.push_activity_row(&self.id.0, row)
    }
}

/// A string as read: borrowed from the text when it has no escape. serde reads it as it
/// reads a `String` (the same messages).
pub(crate) struct Text<'a>(Cow<'a, str>);

impl<'a> Text<'a> {
    /// `s`, borrowed.
    pub(crate) fn of(s: &'a str) -> Self {
        Self(Cow::Borrowed(s))
    }

    pub(crate) fn opt(text: &Option<Self>) -> Option<&str> {
        text.as_ref().map(|t| &*t.0)
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visit;
        impl<'de> Visitor<'de> for Visit {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(
                self,
                v: &'de str,
            ) -> std::result::Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_string(Visit)
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

/// Why writing stopped: the sink's error, or a value serde could not write (which a
/// validated book never has).
#[derive(Debug)]
enum Failure {
    Io(io::Error),
    Other(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(e) => e.fmt(f),
            Self::Other(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for Failure {}

impl serde::ser::Error for Failure {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::Other(msg.to_string())
    }
}

type Wrote = std::result::Result<(), Failure>;

/// serde_json's text, byte for byte (compact, or pretty with two-space indents), written
/// faster than serde_json writes it: keys and strings that need no escape are copied
/// whole (serde_json looks each byte up in a table), integers are formatted in place,
/// and the text collects in one buffer handed to the sink between records once it
/// holds `limit` bytes. Floats are written by serde_json itself.
struct Writer<W> {
    buf: String,
    sink: W,
    limit: usize,
    pretty: bool,
    /// Pretty only: the depth, and whether the array or object open at that depth has
    /// a value yet (serde_json's `PrettyFormatter` state).
    indent: usize,
    has_value: bool,
    /// Reused for values serde hands over as `Display`, and for the text of floats.
    scratch: String,
    /// Whether the next string is text to copy as it is (see [`RAW`]).
    raw: bool,
    /// Records in a piece written on a thread of its own (see [`Pieces`]).
    piece: usize,
}

impl<W: Write> Writer<W> {
    fn new(sink: W, style: JsonStyle, limit: usize) -> Self {
        Self {
            buf: String::with_capacity(if limit == usize::MAX {
                1 << 16
            } else {
                limit + 4096
            }),
            sink,
            limit,
            pretty: style == JsonStyle::Pretty,
            indent: 0,
            has_value: false,
            scratch: String::new(),
            raw: false,
            piece: PIECE,
        }
    }

    /// The whole book (and, pretty, a final newline).
    fn whole(&mut self, book: &Book) -> Wrote {
        let whole = Whole {
            book,
            style: if self.pretty {
                JsonStyle::Pretty
            } else {
                JsonStyle::Compact
            },
            piece: self.piece,
        };
        whole.serialize(&mut *self)?;
        if self.pretty {
            self.buf.push('\n');
        }
        Ok(())
    }

    /// Hands the buffer to the sink when it is full.
    fn spill(&mut self) -> Wrote {
        if self.buf.len() >= self.limit {
            self.sink
                .write_all(self.buf.as_bytes())
                .map_err(Failure::Io)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Hands the rest to the sink and flushes it.
    fn finish(mut self) -> std::result::Result<W, Failure> {
        self.sink
            .write_all(self.buf.as_bytes())
            .map_err(Failure::Io)?;
        self.sink.flush().map_err(Failure::Io)?;
        Ok(self.sink)
    }

    fn string(&mut self, s: &str) {
        escaped(&mut self.buf, s);
    }

    /// `[` or `{`.
    fn open(&mut self, bracket: u8) {
        if self.pretty {
            self.indent += 1;
            self.has_value = false;
        }
        self.buf.push(char::from(bracket));
    }

    /// `]` or `}`.
    fn close(&mut self, bracket: u8) {
        if self.pretty {
            self.indent -= 1;
            if self.has_value {
                self.new_line();
            }
        }
        self.buf.push(char::from(bracket));
    }

    /// What comes before an element of an array or a key of an object.
    fn item(&mut self, first: bool) {
        if self.pretty {
            if !first {
                self.buf.push(',');
            }
            self.new_line();
        } else if !first {
            self.buf.push(',');
        }
    }

    fn new_line(&mut self) {
        self.buf.push('\n');
        for _ in 0..self.indent {
            self.buf.push_str("  ");
        }
    }

    /// A struct's field name and what follows it. A field name is one of ours (a Rust
    /// identifier or a serde rename), so it is copied as it is: half the strings of a
    /// record are its field names, and looking through them for a byte to escape cost
    /// a tenth of writing a book.
    fn key(&mut self, key: &'static str) {
        debug_assert!(plain(key.as_bytes()), "a field name to escape: {key}");
        self.buf.push('"');
        self.buf.push_str(key);
        self.buf.push_str(if self.pretty { "\": " } else { "\":" });
    }

    /// What separates a key from its value.
    fn colon(&mut self) {
        self.buf.push_str(if self.pretty { ": " } else { ":" });
    }

    /// After an element or a value.
    fn item_done(&mut self) {
        self.has_value = true;
    }

    /// A value serde_json writes itself (floats): the same bytes by construction.
    fn by_serde_json<T: Serialize + ?Sized>(&mut self, value: &T) -> Wrote {
        let mut bytes = std::mem::take(&mut self.scratch).into_bytes();
        bytes.clear();
        let written = serde_json::to_writer(&mut bytes, value)
            .map_err(|e| Failure::Other(e.to_string()))
            .and_then(|()| String::from_utf8(bytes).map_err(|e| Failure::Other(e.to_string())));
        let text = written?;
        self.buf.push_str(&text);
        self.scratch = text;
        Ok(())
    }

    /// A value serde hands over as `Display`, as a string.
    fn display<T: fmt::Display + ?Sized>(&mut self, value: &T) -> Wrote {
        use std::fmt::Write as _;
        let mut text = std::mem::take(&mut self.scratch);
        text.clear();
        let written = write!(text, "{value}");
        self.string(&text);
        self.scratch = text;
        written.map_err(|e| Failure::Other(e.to_string()))
    }

    fn seq(&mut self, len: Option<usize>, variant: bool) -> Compound<'_, W> {
        self.compound(b'[', len, variant)
    }

    fn compound(&mut self, bracket: u8, len: Option<usize>, variant: bool) -> Compound<'_, W> {
        self.open(bracket);
        let state = if len == Some(0) {
            self.close(if bracket == b'[' { b']' } else { b'}' });
            State::Empty
        } else {
            State::First
        };
        Compound {
            w: self,
            state,
            variant,
        }
    }

    /// `{"variant":` (then the variant's value).
    fn variant_key(&mut self, variant: &str) {
        self.open(b'{');
        self.item(true);
        self.string(variant);
        self.colon();
    }
}

/// Whether a byte needs an escape in a JSON string.
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Whether no byte of `bytes` needs an escape: eight bytes at a time (the last eight
/// overlapping the word before), or one at a time for a text shorter than eight.
fn plain(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    // Whether a byte of the word at `chunk` is below 0x20, a quote or a backslash: the
    // high bit of `(x - n) & !x` is set in some byte exactly when some byte is below `n`
    // (for n <= 0x80), and a quote or a backslash is a zero byte once xor-ed away.
    let clean = |chunk: &[u8]| {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            return false;
        };
        let x = u64::from_le_bytes(word);
        let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x;
        let control = below(x, 0x20);
        let quote = below(x ^ (ONES * u64::from(b'"')), 1);
        let backslash = below(x ^ (ONES * u64::from(b'\\')), 1);
        (control | quote | backslash) & HIGH == 0
    };
    if bytes.len() < 8 {
        return !bytes.iter().any(|&b| needs_escape(b));
    }
    bytes.chunks_exact(8).all(clean) && clean(&bytes[bytes.len() - 8..])
}

/// `s` as a JSON string, escaped as serde_json escapes it (the short forms, else
/// `\u00xx` with lower-case hex digits; nothing above U+001F but `"` and `\`).
fn escaped(buf: &mut String, s: &str) {
    let bytes = s.as_bytes();
    buf.reserve(bytes.len() + 2);
    buf.push('"');
    if plain(bytes) {
        buf.push_str(s);
        buf.push('"');
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !needs_escape(b) {
            continue;
        }
        // `b` is ASCII, so `i` and `i + 1` fall between characters.
        buf.push_str(&s[start..i]);
        start = i + 1;
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                buf.push_str("\\u00");
                buf.push(char::from(HEX[usize::from(b >> 4)]));
                buf.push(char::from(HEX[usize::from(b & 0xf)]));
                continue;
            }
        };
        buf.push_str(short);
    }
    buf.push_str(&s[start..]);
    buf.push('"');
}

/// `n` in decimal (the digits of `Display` and of serde_json's `itoa`).
fn unsigned(buf: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend(digits[at..].iter().map(|&d| char::from(d)));
}

fn signed(buf: &mut String, n: i64) {
    if n < 0 {
        buf.push('-');
    }
    unsigned(buf, n.unsigned_abs());
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Opened and closed at once (a length of zero).
    Empty,
    First,
    Rest,
}

/// An array or object being written.
struct Compound<'a, W> {
    w: &'a mut Writer<W>,
    state: State,
    /// Inside `{"variant":…}`, closed after it.
    variant: bool,
}

impl<W: Write> Compound<'_, W> {
    /// Before an element or a key.
    fn next(&mut self) {
        self.w.item(self.state == State::First);
        self.state = State::Rest;
    }

    fn close(self, bracket: u8) -> Wrote {
        if self.state != State::Empty {
            self.w.close(bracket);
        }
        if self.variant {
            self.w.item_done();
            self.w.close(b'}');
        }
        Ok(())
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Wrote {
        self.next();
        value.serialize(&mut *self.w)?;
        self.w.item_done();
        self.w.spill()
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Wrote {
        self.next();
        self.w.key(key);
        value.serialize(&mut *self.w)?;
        self.w.item_done();
        Ok(())
    }
}

/// Serializer methods of narrow integers that write them as the wide one.
macro_rules! widen {
    ($($($method:ident($narrow:ty))* => $wide:ident;)*) => {$($(
        fn $method(self, v: $narrow) -> Wrote {
            self.$wide(v.into())
        }
    )*)*};
}

impl<'a, W: Write> serde::Serializer for &'a mut Writer<W> {
    type Ok = ();
    type Error = Failure;
    type SerializeSeq = Compound<'a, W>;
    type SerializeTuple = Compound<'a, W>;
    type SerializeTupleStruct = Compound<'a, W>;
    type SerializeTupleVariant = Compound<'a, W>;
    type SerializeMap = Compound<'a, W>;
    type SerializeStruct = Compound<'a, W>;
    type SerializeStructVariant = Compound<'a, W>;

    fn serialize_bool(self, v: bool) -> Wrote {
        self.buf.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    widen! {
        serialize_i8(i8) serialize_i16(i16) serialize_i32(i32) => serialize_i64;
        serialize_u8(u8) serialize_u16(u16) serialize_u32(u32) => serialize_u64;
    }

    fn serialize_i64(self, v: i64) -> Wrote {
        signed(&mut self.buf, v);
        Ok(())
    }

    fn serialize_u64(self, v: u64) -> Wrote {
        unsigned(&mut self.buf, v);
        Ok(())
    }

    fn serialize_i128(self, v: i128) -> Wrote {
        self.by_serde_json(&v)
    }

    fn serialize_u128(self, v: u128) -> Wrote {
        self.by_serde_json(&v)
    }

    fn serialize_f32(self, v: f32) -> Wrote {
        self.by_serde_json(&v)
    }

    fn serialize_f64(self, v: f64) -> Wrote {
        self.by_serde_json(&v)
    }

    fn serialize_char(self, v: char) -> Wrote {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Wrote {
        if std::mem::take(&mut self.raw) {
            self.buf.push_str(v);
        } else {
            self.string(v);
        }
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Wrote {
        let mut seq = self.seq(Some(v.len()), false);
        for b in v {
            seq.element(b)?;
        }
        seq.close(b']')
    }

    fn serialize_none(self) -> Wrote {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Wrote {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Wrote {
        self.buf.push_str("null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Wrote {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Wrote {
        self.string(variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Wrote {
        self.raw = name == RAW;
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Wrote {
        self.variant_key(variant);
        value.serialize(&mut *self)?;
        self.item_done();
        self.close(b'}');
        Ok(())
    }

    fn serialize_seq(self, len: Option<usize>) -> std::result::Result<Compound<'a, W>, Failure> {
        Ok(self.seq(len, false))
    }

    fn serialize_tuple(self, len: usize) -> std::result::Result<Compound<'a, W>, Failure> {
        Ok(self.seq(Some(len), false))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> std::result::Result<Compound<'a, W>, Failure> {
        Ok(self.seq(Some(len), false))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> std::result::Result<Compound<'a, W>, Failure> {
        self.variant_key(variant);
        Ok(self.seq(Some(len), true))
    }

    fn serialize_map(self, len: Option<usize>) -> std::result::Result<Compound<'a, W>, Failure> {
        Ok(self.compound(b'{', len, false))
    }

    fn serialize_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> std::result::Result<Compound<'a, W>, Failure> {
        Ok(self.compound(b'{', Some(len), false))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> std::result::Result<Compound<'a, W>, Failure> {
        self.variant_key(variant);
        Ok(self.compound(b'{', Some(len), true))
    }

    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Wrote {
        self.display(value)
    }
}

/// The arrays' serde traits, all one: `$method` writes an element.
macro_rules! array {
    ($($trait:ident::$method:ident),*) => {$(
        impl<W: Write> serde::ser::$trait for Compound<'_, W> {
            type Ok = ();
            type Error = Failure;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Wrote {
                self.element(value)
            }

            fn end(self) -> Wrote {
                Compound::close(self, b']')
            }
        }
    )*};
}

array!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// The structs' serde traits, both one.
macro_rules! object {
    ($($trait:ident),*) => {$(
        impl<W: Write> serde::ser::$trait for Compound<'_, W> {
            type Ok = ();
            type Error = Failure;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Wrote {
                self.field(key, value)
            }

            fn end(self) -> Wrote {
                Compound::close(self, b'}')
            }
        }
    )*};
}

object!(SerializeStruct, SerializeStructVariant);

impl<W: Write> serde::ser::SerializeMap for Compound<'_, W> {
    type Ok = ();
    type Error = Failure;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Wrote {
        self.next();
        key.serialize(Key(&mut *self.w))
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Wrote {
        self.w.colon();
        value.serialize(&mut *self.w)?;
        self.w.item_done();
        Ok(())
    }

    fn end(self) -> Wrote {
        Compound::close(self, b'}')
    }
}

/// A map's key, as serde_json writes one: strings, unit variants, characters, and
/// numbers and booleans in quotes; anything else is refused with serde_json's message.
struct Key<'a, W>(&'a mut Writer<W>);

impl<W: Write> Key<'_, W> {
    /// A number or boolean in quotes.
    fn quoted(self, write: impl FnOnce(&mut Writer<W>) -> Wrote) -> Wrote {
        self.0.buf.push('"');
        write(&mut *self.0)?;
        self.0.buf.push('"');
        Ok(())
    }
}

/// serde_json's refusal of a float key that is not finite.
fn finite_key(finite: bool) -> Wrote {
    if finite {
        Ok(())
    } else {
        Err(Failure::Other(
            "float key must be finite (got NaN or +/-inf)".to_owned(),
        ))
    }
}

fn not_a_string() -> Failure {
    Failure::Other("key must be a string".to_owned())
}

impl<W: Write> serde::Serializer for Key<'_, W> {
    type Ok = ();
    type Error = Failure;
    type SerializeSeq = serde::ser::Impossible<(), Failure>;
    type SerializeTuple = serde::ser::Impossible<(), Failure>;
    type SerializeTupleStruct = serde::ser::Impossible<(), Failure>;
    type SerializeTupleVariant = serde::ser::Impossible<(), Failure>;
    type SerializeMap = serde::ser::Impossible<(), Failure>;
    type SerializeStruct = serde::ser::Impossible<(), Failure>;
    type SerializeStructVariant = serde::ser::Impossible<(), Failure>;

    fn serialize_bool(self, v: bool) -> Wrote {
        self.quoted(|w| w.serialize_bool(v))
    }

    fn serialize_i8(self, v: i8) -> Wrote {
        self.quoted(|w| w.serialize_i8(v))
    }

    fn serialize_i16(self, v: i16) -> Wrote {
        self.quoted(|w| w.serialize_i16(v))
    }

    fn serialize_i32(self, v: i32) -> Wrote {
        self.quoted(|w| w.serialize_i32(v))
    }

    fn serialize_i64(self, v: i64) -> Wrote {
        self.quoted(|w| w.serialize_i64(v))
    }

    fn serialize_i128(self, v: i128) -> Wrote {
        self.quoted(|w| w.serialize_i128(v))
    }

    fn serialize_u8(self, v: u8) -> Wrote {
        self.quoted(|w| w.serialize_u8(v))
    }

    fn serialize_u16(self, v: u16) -> Wrote {
        self.quoted(|w| w.serialize_u16(v))
    }

    fn serialize_u32(self, v: u32) -> Wrote {
        self.quoted(|w| w.serialize_u32(v))
    }

    fn serialize_u64(self, v: u64) -> Wrote {
        self.quoted(|w| w.serialize_u64(v))
    }

    fn serialize_u128(self, v: u128) -> Wrote {
        self.quoted(|w| w.serialize_u128(v))
    }

    fn serialize_f32(self, v: f32) -> Wrote {
        finite_key(v.is_finite())?;
        self.quoted(|w| w.serialize_f32(v))
    }

    fn serialize_f64(self, v: f64) -> Wrote {
        finite_key(v.is_finite())?;
        self.quoted(|w| w.serialize_f64(v))
    }

    fn serialize_char(self, v: char) -> Wrote {
        self.0.serialize_char(v)
    }

    fn serialize_str(self, v: &str) -> Wrote {
        self.0.serialize_str(v)
    }

    fn serialize_bytes(self, _: &[u8]) -> Wrote {
        Err(not_a_string())
    }

    fn serialize_none(self) -> Wrote {
        Err(not_a_string())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Wrote {
        Err(not_a_string())
    }

    fn serialize_unit(self) -> Wrote {
        Err(not_a_string())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Wrote {
        Err(not_a_string())
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Wrote {
        self.0.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Wrote {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Wrote {
        Err(not_a_string())
    }

    fn serialize_seq(self, _: Option<usize>) -> std::result::Result<Self::SerializeSeq, Failure> {
        Err(not_a_string())
    }

    fn serialize_tuple(self, _: usize) -> std::result::Result<Self::SerializeTuple, Failure> {
        Err(not_a_string())
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> std::result::Result<Self::SerializeTupleStruct, Failure> {
        Err(not_a_string())
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> std::result::Result<Self::SerializeTupleVariant, Failure> {
        Err(not_a_string())
    }

    fn serialize_map(self, _: Option<usize>) -> std::result::Result<Self::SerializeMap, Failure> {
        Err(not_a_string())
    }

    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> std::result::Result<Self::SerializeStruct, Failure> {
        Err(not_a_string())
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> std::result::Result<Self::SerializeStructVariant, Failure> {
        Err(not_a_string())
    }

    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Wrote {
        self.0.display(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn ours<T: Serialize>(value: &T, style: JsonStyle) -> String {
        let mut w = Writer::new(io::sink(), style, usize::MAX);
        value.serialize(&mut w).unwrap();
        w.buf
    }

    fn serde_json_of<T: Serialize>(value: &T, style: JsonStyle) -> String {
        match style {
            JsonStyle::Pretty => serde_json::to_string_pretty(value).unwrap(),
            JsonStyle::Compact => serde_json::to_string(value).unwrap(),
        }
    }

    #[test]
    fn the_estimated_length_of_a_text_is_within_two_percent_of_its_length() {
        let book = crate::sample_book(&crate::SampleConfig::new(7, 300)).unwrap();
        for style in [JsonStyle::Compact, JsonStyle::Pretty] {
            let estimate = estimated_len(&book, style) as f64;
            let text = book.to_json_with(style);
            let actual = text.len() as f64;
            assert!(
                (estimate / actual - 1.0).abs() < 0.02,
                "{style:?}: {estimate} for {actual}"
            );
        }
        let empty = Book::from_json(r#"{"schema_version": 1}"#).unwrap();
        let text = empty.to_json_with(JsonStyle::Compact);
        assert!(estimated_len(&empty, JsonStyle::Compact) >= text.len());
    }

    #[test]
    fn one_odd_record_in_the_sample_does_not_make_the_estimate() {
        let book = crate::sample_book(&crate::SampleConfig::new(7, 1500)).unwrap();
        let mut data = book.to_data();
        // The first contact is in every sample: 4 MB of title, where all 3,000 such
        // titles would make the estimate three times the text.
        data.contacts[0].title = Some("x".repeat(4 << 20));
        let book = Book::new(data).unwrap();
        let estimate = estimated_len(&book, JsonStyle::Compact);
        let actual = book.to_json_with(JsonStyle::Compact).len();
        // The title is left out of the estimate, the rest is counted.
        let rest = (actual - (4 << 20)) as f64;
        assert!(
            (estimate as f64 / rest - 1.0).abs() < 0.02,
            "{estimate} for {rest}"
        );
        // The estimate was short, so the text outgrew its room and doubled it: the
        // room it does not use is given back.
        let text = book.to_json_with(JsonStyle::Compact);
        assert!(
            text.capacity() - text.len() <= ROOM_SLACK,
            "{}",
            text.capacity()
        );
    }

    #[test]
    fn room_for_a_big_text_is_empty_and_room_past_memory_is_refused_quietly() {
        let room = room_for(TOUCH_FROM);
        assert!(room.is_empty() && room.capacity() >= TOUCH_FROM);
        assert_eq!(room_for(usize::MAX).capacity(), 0);
    }

    #[test]
    fn every_ascii_character_at_every_place_is_escaped_as_serde_json_does() {
        for c in (0u8..0x80)
            .map(char::from)
            .chain(['é', '€', '😀', '\u{2028}'])
        {
            for len in 0..20 {
                for at in 0..=len {
                    let text: String = (0..len)
                        .map(|i| if i == at { c } else { 'a' })
                        .chain((at == len).then_some(c))
                        .collect();
                    let mut buf = String::new();
                    escaped(&mut buf, &text);
                    assert_eq!(buf, serde_json::to_string(&text).unwrap(), "{text:?}");
                }
            }
        }
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(i8, String),
        Struct { a: Vec<u8>, b: Option<char> },
        EmptyTuple(),
        EmptyStruct {},
    }

    #[derive(Serialize)]
    struct Many {
        shapes: Vec<Shape>,
        by_number: BTreeMap<i64, f64>,
        by_flag: BTreeMap<bool, ()>,
        by_shape: BTreeMap<String, Vec<Vec<u32>>>,
        bytes: serde_bytes_like::Bytes,
        wide: (i128, u128, f32, f64),
        unit: (),
        empty: Vec<u8>,
        nothing: BTreeMap<u8, u8>,
    }

    /// `serialize_bytes`, which serde gives no plain type for.
    mod serde_bytes_like {
        pub(super) struct Bytes(pub(super) Vec<u8>);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&self.0)
            }
        }
    }

    proptest! {
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(text in any::<String>()) {
            let mut buf = String::new();
            escaped(&mut buf, &text);
            prop_assert_eq!(buf, serde_json::to_string(&text).unwrap());
        }

        #[test]
        fn every_shape_is_written_as_serde_json_writes_it(
            numbers in prop::collection::btree_map(any::<i64>(), any::<f64>(), 0..4),
            flags in prop::collection::btree_map(any::<bool>(), Just(()), 0..3),
            lists in prop::collection::btree_map(any::<String>(), prop::collection::vec(prop::collection::vec(any::<u32>(), 0..3), 0..3), 0..3),
            bytes in prop::collection::vec(any::<u8>(), 0..4),
            wide in any::<(i128, u128, f32, f64)>(),
            small in any::<(u8, i8, char)>(),
            text in any::<String>(),
        ) {
            let many = Many {
                shapes: vec![
                    Shape::Unit,
                    Shape::Newtype(small.0),
                    Shape::Tuple(small.1, text),
                    Shape::Struct { a: bytes.clone(), b: Some(small.2) },
                    Shape::Struct { a: Vec::new(), b: None },
                    Shape::EmptyTuple(),
                    Shape::EmptyStruct {},
                ],
                by_number: numbers,
                by_flag: flags,
                by_shape: lists,
                bytes: serde_bytes_like::Bytes(bytes),
                wide,
                unit: (),
                empty: Vec::new(),
                nothing: BTreeMap::new(),
            };
            for style in [JsonStyle::Compact, JsonStyle::Pretty] {
                prop_assert_eq!(ours(&many, style), serde_json_of(&many, style));
            }
        }
    }

    /// A sample book with `names` (in turn) for its accounts' and contacts' names and
    /// `instants` (seconds and nanoseconds since 1970, in turn) for its activities'.
    fn varied(names: &[String], instants: &[(i64, u32)]) -> Book {
        let mut data = crate::sample_book(&crate::SampleConfig::new(3, 12))
            .unwrap()
            .to_data();
        let names = names.iter().cycle();
        for (a, name) in data.accounts.iter_mut().zip(names.clone()) {
            a.name.clone_from(name);
        }
        for (c, name) in data.contacts.iter_mut().zip(names.skip(1)) {
            c.name.clone_from(name);
        }
        for (a, &(s, ns)) in data.activities.iter_mut().zip(instants.iter().cycle()) {
            a.at = chrono::DateTime::from_timestamp(s, ns).unwrap();
        }
        Book::new(data).unwrap()
    }

    /// Text of every kind: short or long (past a piece's few hundred bytes), escapes,
    /// controls, non-ASCII.
    fn any_text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            prop::collection::vec(any::<char>(), 0..3000).prop_map(String::from_iter),
            "[a-z\"\\\\\t\n\u{0}\u{1f}é€😀\u{2028}]{0,600}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn a_book_written_in_pieces_is_serde_jsons_text(
            names in prop::collection::vec(any_text(), 1..6),
            // 0000-01-01 to 9999-12-31, any nanosecond.
            instants in prop::collection::vec((-62_167_219_200i64..253_402_300_800, 0u32..1_000_000_000), 1..6),
            piece in 1usize..6,
            limit in 1usize..5000,
        ) {
            let book = varied(&names, &instants);
            prop_assert!(book.activities().len() > 8 * piece && book.accounts().len() > piece);
            let data = book.to_data();
            for style in [JsonStyle::Compact, JsonStyle::Pretty] {
                let mut w = Writer::new(Vec::new(), style, limit);
                w.piece = piece;
                w.whole(&book).unwrap();
                let text = String::from_utf8(w.finish().unwrap()).unwrap();
                let theirs = match style {
                    JsonStyle::Compact => serde_json::to_string(&data).unwrap(),
                    JsonStyle::Pretty => serde_json::to_string_pretty(&data).unwrap() + "\n",
                };
                prop_assert_eq!(text, theirs);
            }
        }
    }

    /// What the owned path makes of `text`: serde_json reading `BookData` (owned
    /// records), then `Book::new`, its errors given as `from_json` gives them.
    fn owned_path(text: &str) -> Result<Book> {
        match serde_json::from_str::<crate::BookData>(text) {
            Ok(data) => Book::new(data),
            Err(err) => Err(super::super::json_error(&err, "book", text)),
        }
    }

    pub(super) fn mangle_token() -> impl Strategy<Value = String> {
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
            "null",
            "\"x\"",
            "\\u00e9",
            "\\\"",
            "\\n",
            "\\ud800",
            "é€😀",
            "\"novel\":1,",
            "\"id\":\"a\\u0062\",",
            "\"name\":\"x\\\"y\",",
            "\"title\":\"\\u00e9t\u{e9}\",",
            "\"phones\":[{\"number\":\"1\",\"kind\":\"work\"}],",
            "\"emails\":[{\"address\":\"\\u0061@b\",\"primary\":true}],",
            "\"consent\":{\"call\":\"granted\",\"call\":\"denied\"},",
            "\"co_owners\":[],",
            "\"co_owners\":[{\"rep_id\":\"r\",\"role\":\"sales\"}],",
            "\"renewals\":[{}],",
            "\"lapses\":[{\"lapsed_on\":\"2020-01-01\"}],",
            "\"dues\":{\"amount_minor\":1,\"currency\":\"U\\u0053D\"},",
            "\"amount\":{\"amount_minor\":1.5,\"currency\":\"USD\"},",
            "\"probability\":0.25,",
            "\"lost_to\":\"R\\u00e9\",",
            "\"at\":\"2026-01-01T00:00:00Z\",",
            "\"duration_seconds\":-1,",
        ])
        .prop_map(str::to_owned)
    }

    /// `text` with `cut` bytes from `at` (a character boundary at or after `from`)
    /// replaced by `insert`.
    pub(super) fn mangled(text: &str, from: usize, at: usize, cut: usize, insert: &str) -> String {
        let mut start = from + at % (text.len() - from + 1);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + cut).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        format!("{}{insert}{}", &text[..start], &text[end..])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn big_collections_read_borrowed_as_the_owned_path_reads_them(
            seed in 0u64..4,
            pretty in any::<bool>(),
            at in any::<usize>(),
            cut in 0usize..16,
            insert in mangle_token(),
        ) {
            let book = crate::sample_book(&crate::SampleConfig::new(seed, 4)).unwrap();
            let style = if pretty { JsonStyle::Pretty } else { JsonStyle::Compact };
            let text = book.to_json_with(style);
            // From the accounts on: the version stays first and as it is.
            let from = text.find("\"accounts\"").unwrap();
            let text = mangled(&text, from, at, cut, &insert);
            let owned = owned_path(&text).map(|b| b.to_json());
            prop_assert_eq!(from_str(&text).map(|b| b.to_json()), owned.clone());
            let streamed = Book::read_json(text.as_bytes()).map(|b| b.to_json());
            if let (Err(Error::Json { message, .. }), Err(Error::Json { message: theirs, .. })) = (&streamed, &owned) {
                // A stream's positions may be a column on: the messages are the same.
                prop_assert_eq!(message, theirs);
            } else {
                prop_assert_eq!(streamed, owned);
            }
        }
    }

    /// A map of one entry whose key is `K`.
    struct KeyOf<K>(K);

    impl<K: Serialize> Serialize for KeyOf<K> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap as _;
            let mut map = s.serialize_map(Some(1))?;
            map.serialize_entry(&self.0, &1)?;
            map.end()
        }
    }

    fn refused<K: Serialize>(key: K) {
        let mut w = Writer::new(io::sink(), JsonStyle::Compact, usize::MAX);
        let ours = KeyOf(&key).serialize(&mut w).unwrap_err().to_string();
        let theirs = serde_json::to_string(&KeyOf(&key)).unwrap_err().to_string();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn keys_serde_json_refuses_are_refused_with_its_message() {
        refused(vec![1u8]);
        refused(());
        refused(None::<u8>);
        refused(f64::NAN);
        refused(f32::INFINITY);
    }
}

//! The durable store: a book and the journal of every change it takes after, in one
//! SQLite file, safe across crashes and merged across devices.
//!
//! - [`Store::create`] saves a book (the *genesis*: every device of a team starts from
//!   the same one) and [`Store::open`] opens a store again, giving the book as of its
//!   last event: the latest snapshot plus the rest of the journal, replayed.
//! - [`Store::append`] records a batch of [`Change`]s, one transaction per batch, and
//!   returns each one's sequence number once it is durable (WAL, `synchronous=FULL`).
//!   Each event has an identity that never changes, its device and sequence
//!   ([`EntryId`]), and a hybrid logical clock stamp ([`Hlc`]).
//! - [`Store::snapshot`] saves the book as it stands, so that opening replays less.
//! - [`Store::version_vector`], [`Store::export_since`] and [`Store::merge`] exchange
//!   events between stores as data ([`Exchange`], JSON): merging is the union of the
//!   events by identity, replayed in one total order (stamp, device, sequence), so
//!   merging twice, or in either direction, gives the same book.
//!
//! Conflicts after a merge are settled by rules, not by who synced last: a do-not-call
//! request or an opt-out stands until a change that names it lifts it; blitz claims go
//! to the claim the authority (the server's store, [`StoreOptions::authority`]) put
//! first, and the losing device learns it on its next merge ([`Store::claims`]); a
//! hand-off step that no longer applies is recorded as rejected ([`Store::rejected`]),
//! never dropped. DESIGN.md gives the reasons.
//!
//! [`replay`] is the same replay over entries kept anywhere (a server's own database).
//!
//! # Example
//! ```
//! use callwise::store::{Change, Store, StoreOptions, VersionVector};
//! # let dir = std::env::temp_dir().join(format!("callwise-doc-store-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir).unwrap();
//! let book = callwise::sample_book(&callwise::SampleConfig::new(7, 5))?;
//! let contact = book.to_data().contacts[0].id.clone();
//! let mut phone = Store::create(dir.join("phone.db"), &book, &StoreOptions::device("phone"))?;
//! let mut laptop = Store::create(dir.join("laptop.db"), &book, &StoreOptions::device("laptop"))?;
//!
//! let request = Change::from_json(&format!(
//!     r#"{{"kind": "do_not_call_requested", "contact_id": "{contact}", "at": "2026-11-03T15:00:00Z"}}"#))?;
//! assert_eq!(phone.append(&[request])?, vec![1]);
//!
//! // The laptop has not seen the request: it lifts only what it knows of.
//! let lift = Change::from_json(&format!(
//!     r#"{{"kind": "do_not_call_lifted", "contact_id": "{contact}", "at": "2026-11-03T16:00:00Z"}}"#))?;
//! laptop.append(&[lift])?;
//!
//! laptop.merge(&phone.export_since(&laptop.version_vector()?)?)?;
//! phone.merge(&laptop.export_since(&phone.version_vector()?)?)?;
//! let (a, b) = (phone.book()?, laptop.book()?);
//! assert_eq!(a.to_json(), b.to_json());
//! assert!(a.contact(contact.as_str()).unwrap().do_not_call()); // do-not-call wins
//! # std::fs::remove_dir_all(&dir).unwrap();
//! # Ok::<(), callwise::Error>(())
//! ```

mod change;
mod claims;
mod exchange;
mod replay;
mod schema;
mod snapshot;

pub use change::{Change, Entry, EntryId, Hlc, MAX_WALL_MS};
pub use claims::{ClaimOutcome, ClaimStatus};
pub use exchange::{Exchange, MergeReport, VersionVector};
pub use replay::{EnrollmentLog, Rejection};
pub use schema::STORE_SCHEMA_VERSION;

use crate::{Book, Error, Result};
use change::OrderKey;
use replay::{Refused, Replay, Side};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{BuildHasher, Hasher};
use std::path::Path;
use std::sync::Arc;

/// The most changes one call to [`Store::append`] takes.
pub const MAX_BATCH: usize = 100_000;

/// The error for a store used after it was closed ([`Store::close`]): what a binding,
/// whose object outlives the store it closed, raises.
///
/// # Example
/// ```
/// let err = callwise::store::closed_error("phone.db");
/// assert!(matches!(err, callwise::Error::Store { .. }));
/// assert_eq!(err.to_string(), r#"store "phone.db" is closed"#);
/// ```
pub fn closed_error(path: &str) -> Error {
    schema::store_error(path, "is closed")
}

/// What [`Store::create`] makes: the device the store records for, and whether it is
/// the authority (the server's store, whose order decides blitz claims).
///
/// # Example
/// ```
/// use callwise::store::StoreOptions;
/// assert!(!StoreOptions::device("tablet-7").authority);
/// assert!(StoreOptions::authority("server").authority);
/// let random = StoreOptions::default();
/// assert!(random.device_id.starts_with("device-") && !random.authority);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreOptions {
    /// The device's id: 1 to 64 ASCII letters, digits, `.`, `_` or `-`, unique among
    /// the stores that merge with each other.
    pub device_id: String,
    /// Whether this store is the authority. One store of a team is.
    pub authority: bool,
}

impl StoreOptions {
    /// A device's store.
    ///
    /// # Example
    /// See [`StoreOptions`].
    pub fn device(device_id: impl Into<String>) -> Self {
        Self {
            device_id: device_id.into(),
            authority: false,
        }
    }

    /// The authority's store.
    ///
    /// # Example
    /// See [`StoreOptions`].
    pub fn authority(device_id: impl Into<String>) -> Self {
        Self {
            device_id: device_id.into(),
            authority: true,
        }
    }
}

impl Default for StoreOptions {
    /// A device's store with a random id, `device-` and 16 hex digits (from the random
    /// keys the standard library seeds from the operating system).
    fn default() -> Self {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        hasher.write_u32(std::process::id());
        Self::device(format!("device-{:016x}", hasher.finish()))
    }
}

/// A book and its event journal in one SQLite file.
///
/// One process opens a store at a time (the file is locked while it is open); the
/// book as of the last event is kept in memory, so [`Store::book`] reads no file.
/// Every method that fails leaves the file and the book as they were.
///
/// # Example
/// See the [module](self).
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: String,
    device: String,
    authority: bool,
    lineage: String,
    authority_device: Option<String>,
    live: Replay,
    /// The last entry `live` applied (None: none since the genesis).
    last: Option<OrderKey>,
    /// Every blitz claim and release, for [`Store::claims`].
    claims: Vec<Entry>,
    clock: Hlc,
    next_sequence: u64,
    next_authority: u64,
}

/// The meta rows of a store.
struct Meta {
    device: String,
    authority: bool,
    lineage: String,
    authority_device: Option<String>,
}

fn read_meta(conn: &Connection, path: &str) -> Result<Meta> {
    let mut rows: BTreeMap<String, String> = BTreeMap::new();
    let mut stmt = conn
        .prepare("SELECT key, value FROM meta")
        .map_err(schema::on(path))?;
    let read = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .map_err(schema::on(path))?;
    for row in read {
        let (key, value) = row.map_err(schema::on(path))?;
        rows.insert(key, value);
    }
    let mut take = |key: &str| {
        rows.remove(key).ok_or_else(|| {
            schema::store_error(path, format!("is damaged (no {key} in its meta table)"))
        })
    };
    Ok(Meta {
        device: take("device")?,
        authority: take("authority")? == "1",
        lineage: take("lineage")?,
        authority_device: take("authority_device").ok(),
    })
}

/// FNV-1a (64 bits) over bytes given in pieces: the lineage of a genesis book is the
/// hash of its compact JSON, in hex.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }

    fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// The lineage of a genesis book: the FNV-1a hash of its compact JSON, in hex (the
/// JSON is hashed as it is written, never held).
fn lineage_of(book: &Book) -> Result<String> {
    struct Hashing(Fnv);
    impl std::io::Write for Hashing {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.update(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut hashing = Hashing(Fnv::new());
    book.write_json(&mut hashing, crate::JsonStyle::Compact)?;
    Ok(hashing.0.hex())
}

/// A reader of snapshot `snapshot`'s book JSON, chunk by chunk.
struct ChunkReader<'c> {
    read: rusqlite::CachedStatement<'c>,
    snapshot: i64,
    part: i64,
    chunk: Vec<u8>,
    at: usize,
    /// SQLite's error, kept to be reported rather than the reader's.
    error: Option<rusqlite::Error>,
}

impl std::io::Read for ChunkReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.chunk.len() {
            let next = self
                .read
                .query_row(params![self.snapshot, self.part], |row| row.get(0))
                .optional();
            match next {
                Ok(Some(chunk)) => {
                    self.chunk = chunk;
                    self.at = 0;
                    self.part += 1;
                }
                // The last chunk was read.
                Ok(None) => return Ok(0),
                Err(e) => {
                    let reason = e.to_string();
                    self.error = Some(e);
                    return Err(std::io::Error::other(reason));
                }
            }
        }
        let n = out.len().min(self.chunk.len() - self.at);
        out[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Reads snapshot `snapshot`'s book, streamed from its chunks into the book's columns
/// ([`Book::read_json`]: no copy of the whole text, no records one by one).
fn read_book(conn: &Connection, path: &str, snapshot: i64) -> Result<Book> {
    let read = conn
        .prepare_cached("SELECT data FROM snapshot_chunks WHERE snapshot = ?1 AND part = ?2")
        .map_err(schema::on(path))?;
    let mut reader = ChunkReader {
        read,
        snapshot,
        part: 0,
        chunk: Vec::new(),
        at: 0,
        error: None,
    };
    let book = Book::read_json(&mut reader);
    match (book, reader.error.take()) {
        (Ok(book), _) => Ok(book),
        (Err(_), Some(e)) => Err(schema::sqlite_error(path, &e)),
        (Err(e), None) => Err(schema::store_error(
            path,
            format!("is damaged (snapshot {snapshot}'s book does not read: {e})"),
        )),
    }
}

/// Reads one entry of the `entries` table (columns device, sequence, wall_ms, counter,
/// kind, change, authority_sequence), or None without reading the rest of the row when
/// `skip` holds its device and sequence.
fn read_entry(path: &str, row: &rusqlite::Row<'_>, skip: Option<&Skip>) -> Result<Option<Entry>> {
    let sql = schema::on(path);
    let device = row
        .get_ref(0)
        .map_err(&sql)?
        .as_str()
        .map_err(&sql_from(path))?;
    let sequence: i64 = row.get(1).map_err(&sql)?;
    let sequence = u64::try_from(sequence).unwrap_or(0);
    if skip.is_some_and(|skip| skip.skips(device, sequence)) {
        return Ok(None);
    }
    let id = EntryId::new(device, sequence);
    let damaged = |reason: String| Error::InvalidEvent {
        path: path.to_owned(),
        event: id.to_string(),
        reason,
    };
    let wall_ms: i64 = row.get(2).map_err(&sql)?;
    let counter: i64 = row.get(3).map_err(&sql)?;
    let kind: String = row.get(4).map_err(&sql)?;
    let text: String = row.get(5).map_err(&sql)?;
    let authority: Option<i64> = row.get(6).map_err(&sql)?;
    let change: Change = serde_json::from_str(&text)
        .map_err(|e| damaged(format!("its change does not read: {e}")))?;
    if change.kind() != kind {
        return Err(damaged(format!(
            "its kind column says {kind:?}, its change {:?}",
            change.kind()
        )));
    }
    let entry = Entry {
        id: id.clone(),
        clock: Hlc {
            wall_ms: u64::try_from(wall_ms).unwrap_or(u64::MAX),
            counter: u32::try_from(counter).unwrap_or(u32::MAX),
        },
        authority_sequence: authority.map(|s| u64::try_from(s).unwrap_or(0)),
        change,
    };
    entry.check_identity().map_err(damaged)?;
    Ok(Some(entry))
}

/// SQLite's error reading a value (a column of an unexpected type) on `path`.
fn sql_from(path: &str) -> impl Fn(rusqlite::types::FromSqlError) -> Error + '_ {
    move |err| schema::store_error(path, format!("is damaged ({err})"))
}

/// The entries a merge just wrote, which it holds in memory and so does not read back:
/// those past the sequence each device had before the merge.
struct Skip<'a> {
    held_before: &'a BTreeMap<String, u64>,
}

impl Skip<'_> {
    fn skips(&self, device: &str, sequence: u64) -> bool {
        sequence > self.held_before.get(device).copied().unwrap_or(0)
    }
}

const ENTRY_COLUMNS: &str = "device, sequence, wall_ms, counter, kind, change, authority_sequence";

/// Runs `sql` (selecting [`ENTRY_COLUMNS`]) and hands each entry to `each`, in the
/// order the query gives, but those `skip` holds.
fn each_entry(
    conn: &Connection,
    path: &str,
    sql: &str,
    params: impl rusqlite::Params,
    skip: Option<&Skip>,
    mut each: impl FnMut(Entry) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(sql).map_err(schema::on(path))?;
    let mut rows = stmt.query(params).map_err(schema::on(path))?;
    while let Some(row) = rows.next().map_err(schema::on(path))? {
        if let Some(entry) = read_entry(path, row, skip)? {
            each(entry)?;
        }
    }
    Ok(())
}

/// An order key as SQL parameters.
fn key_params(key: &OrderKey) -> (i64, i64, &str, i64) {
    // Every stored stamp and sequence fits in an i64 (checked on the way in).
    (
        key.0.wall_ms as i64,
        i64::from(key.0.counter),
        key.1.as_str(),
        key.2 as i64,
    )
}

/// The invalid-event error for `event` of the store at `path`.
fn invalid_event(path: &str, event: impl ToString, reason: impl Into<String>) -> Error {
    Error::InvalidEvent {
        path: path.to_owned(),
        event: event.to_string(),
        reason: reason.into(),
    }
}

/// The latest snapshot (the genesis when there is no other), and the rest of the
/// journal replayed on it.
fn load_state(conn: &Connection, path: &str) -> Result<(Replay, Option<OrderKey>)> {
    load_state_with(conn, path, None)
}

/// [`load_state`] after a merge wrote `added` (sorted in the journal's order): those
/// are taken from memory, in their places, and not read back from the file.
fn load_state_with(
    conn: &Connection,
    path: &str,
    added: Option<(&Skip, &[&Entry])>,
) -> Result<(Replay, Option<OrderKey>)> {
    let sql = schema::on(path);
    let (id, through, side): (i64, Option<OrderKey>, String) = conn
        .query_row(
            "SELECT id, through_wall_ms, through_counter, through_device, through_sequence, side
             FROM snapshots ORDER BY id DESC LIMIT 1",
            [],
            |row| {
                let wall: Option<i64> = row.get(1)?;
                let through = match wall {
                    Some(wall) => Some((
                        Hlc {
                            wall_ms: u64::try_from(wall).unwrap_or(0),
                            counter: u32::try_from(row.get::<_, i64>(2)?).unwrap_or(0),
                        },
                        row.get::<_, String>(3)?,
                        u64::try_from(row.get::<_, i64>(4)?).unwrap_or(0),
                    )),
                    None => None,
                };
                Ok((row.get(0)?, through, row.get(5)?))
            },
        )
        .optional()
        .map_err(&sql)?
        .ok_or_else(|| schema::store_error(path, "is damaged (it holds no snapshot)"))?;
    let format: String = conn
        .query_row("SELECT format FROM snapshots WHERE id = ?1", [id], |row| {
            row.get(0)
        })
        .map_err(&sql)?;
    let book = match format.as_str() {
        "columns" => snapshot::read(conn, path, id)?,
        "json" => read_book(conn, path, id)?,
        other => {
            return Err(schema::store_error(
                path,
                format!("is damaged (snapshot {id} has format {other:?})"),
            ));
        }
    };
    let side: Side = serde_json::from_str(&side).map_err(|e| {
        schema::store_error(
            path,
            format!("is damaged (snapshot {id}'s side state does not read: {e})"),
        )
    })?;
    let mut live = Replay::new(Arc::new(book), side);
    let mut last = through.clone();
    let (skip, mut pending) = match added {
        Some((skip, added)) => (Some(skip), added.iter().peekable()),
        None => (None, [].iter().peekable()),
    };
    let mut apply = |entry: &Entry| {
        live.apply(entry)
            .map_err(|reason| invalid_event(path, &entry.id, reason))?;
        last = Some(entry.order_key());
        Ok(())
    };
    let mut apply_in_order = |entry: Entry| {
        while let Some(before) = pending.next_if(|e| e.order() < entry.order()) {
            apply(before)?;
        }
        apply(&entry)
    };
    let order = "ORDER BY wall_ms, counter, device, sequence";
    match &through {
        None => each_entry(
            conn,
            path,
            &format!("SELECT {ENTRY_COLUMNS} FROM entries {order}"),
            [],
            skip,
            &mut apply_in_order,
        )?,
        Some(key) => each_entry(
            conn,
            path,
            &format!(
                "SELECT {ENTRY_COLUMNS} FROM entries
                 WHERE (wall_ms, counter, device, sequence) > (?1, ?2, ?3, ?4) {order}"
            ),
            key_params(key),
            skip,
            &mut apply_in_order,
        )?,
    }
    for rest in pending {
        apply(rest)?;
    }
    Ok((live, last))
}

/// Every blitz claim and release of the journal.
fn load_claims(conn: &Connection, path: &str) -> Result<Vec<Entry>> {
    let mut claims = Vec::new();
    each_entry(
        conn,
        path,
        &format!(
            "SELECT {ENTRY_COLUMNS} FROM entries
             WHERE kind IN ('blitz_claimed', 'blitz_released')"
        ),
        [],
        None,
        |entry| {
            claims.push(entry);
            Ok(())
        },
    )?;
    Ok(claims)
}

/// The latest stamp of the journal, the next sequence number of `device`, and the
/// authority's next sequence number.
fn counters(conn: &Connection, path: &str, device: &str) -> Result<(Hlc, u64, u64)> {
    let sql = schema::on(path);
    let clock = conn
        .query_row(
            "SELECT wall_ms, counter FROM entries ORDER BY wall_ms DESC, counter DESC LIMIT 1",
            [],
            |row| {
                Ok(Hlc {
                    wall_ms: u64::try_from(row.get::<_, i64>(0)?).unwrap_or(0),
                    counter: u32::try_from(row.get::<_, i64>(1)?).unwrap_or(0),
                })
            },
        )
        .optional()
        .map_err(&sql)?
        .unwrap_or_default();
    let max_of = |n: Option<i64>| n.map_or(0, |n| u64::try_from(n).unwrap_or(0));
    let sequence: Option<i64> = conn
        .query_row(
            "SELECT max(sequence) FROM entries WHERE device = ?1",
            [device],
            |row| row.get(0),
        )
        .map_err(&sql)?;
    let authority: Option<i64> = conn
        .query_row("SELECT max(authority_sequence) FROM entries", [], |row| {
            row.get(0)
        })
        .map_err(&sql)?;
    Ok((clock, max_of(sequence) + 1, max_of(authority) + 1))
}

/// A path as messages show it.
fn shown(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

impl Store {
    /// Creates a store at `path` holding `book` as its genesis: the book every store
    /// it merges with started from.
    ///
    /// # Errors
    /// - [`Error::InvalidArgument`] named `device_id` when the device id is not 1 to 64
    ///   ASCII letters, digits, `.`, `_` or `-`;
    /// - [`Error::Store`] when the file already exists or cannot be written (nothing is
    ///   left behind then).
    ///
    /// # Example
    /// ```
    /// use callwise::store::{Store, StoreOptions};
    /// # let dir = std::env::temp_dir().join(format!("callwise-doc-create-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 5))?;
    /// let store = Store::create(dir.join("book.db"), &book, &StoreOptions::device("tablet-7"))?;
    /// assert_eq!(store.book()?.to_json(), book.to_json());
    /// assert_eq!(store.device_id(), "tablet-7");
    /// drop(store);
    /// let again = Store::open(dir.join("book.db"))?;
    /// assert_eq!(again.book()?, book);
    /// assert!(matches!(Store::create(dir.join("book.db"), &book, &StoreOptions::default()),
    ///     Err(callwise::Error::Store { .. })));
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn create(path: impl AsRef<Path>, book: &Book, options: &StoreOptions) -> Result<Self> {
        Self::create_shared(path, Arc::new(book.clone()), options)
    }

    /// [`Store::create`] with the book shared rather than copied: the store keeps
    /// `book` as its state, so a book of millions of records is not held twice (the
    /// bindings create stores this way). A later change copies it while another holder
    /// shares it.
    ///
    /// # Errors
    /// As [`Store::create`].
    ///
    /// # Example
    /// ```
    /// use callwise::store::{Store, StoreOptions};
    /// use std::sync::Arc;
    /// # let dir = std::env::temp_dir().join(format!("callwise-doc-create-shared-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// let book = Arc::new(callwise::sample_book(&callwise::SampleConfig::new(7, 5))?);
    /// let store = Store::create_shared(dir.join("book.db"), Arc::clone(&book), &StoreOptions::device("server"))?;
    /// assert!(Arc::ptr_eq(&store.shared_book()?, &book)); // one book, not two
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn create_shared(
        path: impl AsRef<Path>,
        book: Arc<Book>,
        options: &StoreOptions,
    ) -> Result<Self> {
        change::check_device_id(&options.device_id)?;
        let path_buf = path.as_ref();
        let path = shown(path_buf);
        let mut lineage = String::new();
        let conn = schema::create(path_buf, &path, |conn| {
            let sql = schema::on(&path);
            conn.execute(
                "INSERT INTO snapshots (id, side, format) VALUES (1, '{}', 'columns')",
                [],
            )
            .map_err(&sql)?;
            snapshot::write(conn, &path, 1, &book)?;
            lineage = lineage_of(&book)?;
            let mut meta = conn
                .prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)")
                .map_err(&sql)?;
            meta.execute(params!["device", options.device_id])
                .map_err(&sql)?;
            meta.execute(params![
                "authority",
                if options.authority { "1" } else { "0" }
            ])
            .map_err(&sql)?;
            meta.execute(params!["lineage", lineage]).map_err(&sql)?;
            if options.authority {
                meta.execute(params!["authority_device", options.device_id])
                    .map_err(&sql)?;
            }
            Ok(())
        })?;
        Ok(Self {
            conn,
            path,
            device: options.device_id.clone(),
            authority: options.authority,
            lineage,
            authority_device: options.authority.then(|| options.device_id.clone()),
            live: Replay::new(book, Side::default()),
            last: None,
            claims: Vec::new(),
            clock: Hlc::default(),
            next_sequence: 1,
            next_authority: 1,
        })
    }

    /// Opens the store at `path`: the latest snapshot, and the rest of the journal
    /// replayed on it. A store of an older schema version is upgraded.
    ///
    /// The snapshot's columns are read from the file straight into the book's, each
    /// chunk checked against its checksum and every reference and length checked, and
    /// the book is indexed (a snapshot written by a store of schema 1 or 2 is the book's
    /// JSON, read with [`Book::read_json`] and validated). The entries after the
    /// snapshot are replayed on that book in place, through its live appends (no copy
    /// of its records is made), and [`Store::shared_book`] hands the book over without
    /// a copy.
    ///
    /// # Errors
    /// - [`Error::Store`] when the file does not exist, is not a callwise store, is
    ///   damaged or truncated, or is open in another process;
    /// - [`Error::StoreVersion`] when a newer build wrote it;
    /// - [`Error::InvalidEvent`] naming the event when one in the journal does not read
    ///   or does not apply.
    ///
    /// # Example
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("callwise-doc-open-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// std::fs::write(dir.join("notes.txt"), "not a store").unwrap();
    /// let err = callwise::store::Store::open(dir.join("notes.txt")).unwrap_err();
    /// assert!(matches!(err, callwise::Error::Store { .. }));
    /// assert!(err.to_string().contains("notes.txt"));
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path_buf = path.as_ref();
        let path = shown(path_buf);
        let conn = schema::open(path_buf, &path)?;
        let meta = read_meta(&conn, &path)?;
        let (live, last) = load_state(&conn, &path)?;
        let claims = load_claims(&conn, &path)?;
        let (clock, next_sequence, next_authority) = counters(&conn, &path, &meta.device)?;
        Ok(Self {
            conn,
            path,
            device: meta.device,
            authority: meta.authority,
            lineage: meta.lineage,
            authority_device: meta.authority_device,
            live,
            last,
            claims,
            clock,
            next_sequence,
            next_authority,
        })
    }

    /// Closes the store: the file's lock is released, so another process (or another
    /// `Store::open`) may open it. Dropping a store closes it too; `close` reports what
    /// dropping cannot.
    ///
    /// # Errors
    /// [`Error::Store`] when SQLite cannot close the file cleanly (what was appended is
    /// durable all the same).
    ///
    /// # Example
    /// ```
    /// use callwise::store::{Store, StoreOptions};
    /// # let dir = std::env::temp_dir().join(format!("callwise-doc-close-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 5))?;
    /// let store = Store::create(dir.join("s.db"), &book, &StoreOptions::device("tablet"))?;
    /// assert!(Store::open(dir.join("s.db")).is_err()); // locked while it is open
    /// store.close()?;
    /// assert_eq!(Store::open(dir.join("s.db"))?.book()?, book);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn close(self) -> Result<()> {
        let Self { conn, path, .. } = self;
        conn.close()
            .map_err(|(_, err)| schema::sqlite_error(&path, &err))
    }

    /// The file, as given when the store was opened.
    ///
    /// # Example
    /// See [`Store::lineage`].
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The device this store records for.
    ///
    /// # Example
    /// See [`Store::create`].
    pub fn device_id(&self) -> &str {
        &self.device
    }

    /// Whether this store is the authority.
    ///
    /// # Example
    /// See [`Store::claims`].
    pub fn is_authority(&self) -> bool {
        self.authority
    }

    /// The book the store started from, as a hash of its JSON (16 hex digits): stores
    /// merge only with stores of the same lineage.
    ///
    /// # Example
    /// ```
    /// use callwise::store::{Store, StoreOptions};
    /// # let dir = std::env::temp_dir().join(format!("callwise-doc-lineage-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 5))?;
    /// let a = Store::create(dir.join("a.db"), &book, &StoreOptions::device("a"))?;
    /// let b = Store::create(dir.join("b.db"), &book, &StoreOptions::device("b"))?;
    /// assert_eq!(a.lineage(), b.lineage());
    /// assert!(a.path().ends_with("a.db"));
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn lineage(&self) -> &str {
        &self.lineage
    }

    /// The book as of the last event: validated and indexed, ready for call lists.
    ///
    /// # Errors
    /// None at present: replay checks every event as the book's appends do, so the
    /// book stays valid as it goes. The `Result` is kept so that a store whose book is
    /// not in memory can report a read that fails.
    ///
    /// # Example
    /// See [`Store::create`].
    pub fn book(&self) -> Result<Book> {
        self.shared_book().map(Arc::unwrap_or_clone)
    }

    /// The book as of the last event, shared rather than copied: the store's own when
    /// no event was applied since it was loaded or snapshotted (what opening a store
    /// gives), so a book of millions of records is handed over without a copy. Edit it
    /// with [`Arc::make_mut`], which copies it then.
    ///
    /// # Errors
    /// As [`Store::book`].
    ///
    /// # Example
    /// ```
    /// use callwise::store::{Store, StoreOptions};
    /// # let dir = std::env::temp_dir().join(format!("callwise-doc-shared-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 5))?;
    /// Store::create(dir.join("s.db"), &book, &StoreOptions::device("tablet"))?.close()?;
    /// let store = Store::open(dir.join("s.db"))?;
    /// let (a, b) = (store.shared_book()?, store.shared_book()?);
    /// assert!(std::sync::Arc::ptr_eq(&a, &b)); // one book, not two copies
    /// assert_eq!(*a, book);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn shared_book(&self) -> Result<Arc<Book>> {
        Ok(Arc::clone(self.live.book()))
    }

    /// The cadence enrollments the journal recorded, each with its events in the
    /// journal's order, for a playbook to replay.
    ///
    /// # Example
    /// See [`Store::append`].
    pub fn enrollments(&self) -> &[EnrollmentLog] {
        self.live.side().enrollments()
    }

    /// The events that did not apply after a merge (a hand-off step that no longer
    /// applies, a task already closed, an id already taken), in the journal's order,
    /// each with why. They stay in the journal.
    ///
    /// # Example
    /// See [`Store::merge`].
    pub fn rejected(&self) -> &[Rejection] {
        self.live.side().rejected()
    }

    /// The Daily Wrap Ups filed in the journal, in its order (their follow-ups are
    /// tasks of the book).
    ///
    /// # Example
    /// ```
    /// use callwise::store::{Change, Store, StoreOptions};
    /// use callwise::team::{daily_wrap_up, FollowUp, TeamConfig, WrapUpNotes};
    /// # let dir = std::env::temp_dir().join(format!("callwise-doc-wrap-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
    /// let (rep, day) = ("rep-sales-0001", "2026-11-03".parse().unwrap());
    /// let account: callwise::AccountId = book.accounts_owned_by(rep).next().unwrap().id().into();
    /// let notes = WrapUpNotes { follow_ups: vec![FollowUp { account_id: account,
    ///     contact_id: None, kind: callwise::TaskKind::Call, due_on: None }], ..WrapUpNotes::default() };
    /// let wrap_up = daily_wrap_up(&book, rep, day, &notes, &TeamConfig::default())?;
    /// let at = "2026-11-03T22:00:00Z".parse().unwrap();
    /// let mut store = Store::create(dir.join("s.db"), &book, &StoreOptions::device("tablet"))?;
    /// let filed = Change::WrapUpFiled { wrap_up: Box::new(wrap_up.clone()), at };
    /// store.append(&[filed.clone()])?;
    /// assert_eq!(store.wrap_ups(), [wrap_up.clone()]);
    /// // The same tasks as filing it on the book.
    /// assert_eq!(store.book()?, wrap_up.file(&book, at)?.applied(&book)?);
    /// assert!(store.append(&[filed]).is_err()); // one wrap-up a day
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn wrap_ups(&self) -> &[crate::team::WrapUp] {
        self.live.side().wrap_ups()
    }

    /// The goals the journal set, one per rep or team and period (the latest change of
    /// each in the journal's order), in the order first set.
    ///
    /// # Example
    /// ```
    /// use callwise::store::{Change, Store, StoreOptions};
    /// # let dir = std::env::temp_dir().join(format!("callwise-doc-goal-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 5))?;
    /// let goal = |calls: u32| Change::from_json(&format!(r#"{{"kind": "goal_set", "goal":
    ///     {{"rep_id": "rep-sales-0001", "period": "2026-11", "calls": {calls}}}}}"#));
    /// let mut store = Store::create(dir.join("s.db"), &book, &StoreOptions::device("tablet"))?;
    /// store.append(&[goal(300)?, goal(450)?])?;
    /// assert_eq!(store.goals().len(), 1);
    /// assert_eq!(store.goals()[0].calls, Some(450));
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn goals(&self) -> &[crate::team::Goal] {
        self.live.side().goals()
    }

    /// Every blitz claim in the journal and where it stands: won, lost (to which claim)
    /// or pending (not yet sequenced by the authority); by pool and account, then in the
    /// authority's order.
    ///
    /// # Example
    /// ```
    /// use callwise::store::{Change, ClaimStatus, Store, StoreOptions};
    /// # let dir = std::env::temp_dir().join(format!("callwise-doc-claims-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 5))?;
    /// let account = book.to_data().accounts[0].id.clone();
    /// let claim = |rep: &str| Change::from_json(&format!(r#"{{"kind": "blitz_claimed",
    ///     "pool_id": "power-hour-1", "account_id": "{account}", "rep_id": "{rep}",
    ///     "at": "2026-11-03T15:00:00Z"}}"#));
    /// let (one, two) = (book.to_data().reps[0].id.clone(), book.to_data().reps[1].id.clone());
    /// let mut server = Store::create(dir.join("s.db"), &book, &StoreOptions::authority("server"))?;
    /// let mut tablet_1 = Store::create(dir.join("1.db"), &book, &StoreOptions::device("t1"))?;
    /// let mut tablet_2 = Store::create(dir.join("2.db"), &book, &StoreOptions::device("t2"))?;
    /// tablet_1.append(&[claim(one.as_str())?])?;
    /// tablet_2.append(&[claim(two.as_str())?])?;
    /// assert_eq!(tablet_2.claims()[0].status, ClaimStatus::Pending);
    /// // The server hears from tablet 2 first: its claim wins.
    /// server.merge(&tablet_2.export_since(&server.version_vector()?)?)?;
    /// server.merge(&tablet_1.export_since(&server.version_vector()?)?)?;
    /// tablet_1.merge(&server.export_since(&tablet_1.version_vector()?)?)?;
    /// let mine = tablet_1.claims().into_iter().find(|c| c.rep_id == one).unwrap();
    /// assert!(matches!(mine.status, ClaimStatus::Lost { ref rep_id, .. } if *rep_id == two));
    /// assert!(server.is_authority());
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn claims(&self) -> Vec<ClaimOutcome> {
        claims::outcomes(&self.claims)
    }

    /// Records `changes` as one transaction, each stamped and numbered, and returns
    /// their sequence numbers once they are durable.
    ///
    /// Each change must apply to the book as it stands (after the changes before it in
    /// the batch): the contact, account, rep or task it names exists, a task to close is
    /// open, a hand-off to accept is pending and its proposer still holds the baton, an
    /// account claimed in a pool is not held by another rep as this store knows. A
    /// `do_not_call_lifted` or `consent_changed` without `lifts` lifts every request
    /// this store holds for it (the store writes them in).
    ///
    /// # Errors
    /// - [`Error::InvalidEvent`] naming the change (`batch item N`, from 0) that does
    ///   not apply, and why; nothing of the batch is recorded then;
    /// - [`Error::InvalidArgument`] named `changes` for more than [`MAX_BATCH`];
    /// - [`Error::Store`] when the file cannot be written.
    ///
    /// # Example
    /// ```
    /// use callwise::store::{Change, Store, StoreOptions};
    /// # let dir = std::env::temp_dir().join(format!("callwise-doc-append-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 5))?;
    /// let records = book.to_data();
    /// let c = &records.contacts[0];
    /// let mut store = Store::create(dir.join("s.db"), &book, &StoreOptions::device("tablet"))?;
    /// let enrolled = Change::from_json(&format!(r#"{{"kind": "cadence_enrolled", "enrollment": {{
    ///     "id": "e-1", "cadence_id": "welcome", "contact_id": "{}", "account_id": "{}",
    ///     "rep_id": "{}", "time_zone": "America/Denver", "enrolled_at": "2026-11-02T15:00:00Z"}}}}"#,
    ///     c.id, c.account_id, book.to_data().reps[0].id))?;
    /// let paused = Change::from_json(r#"{"kind": "cadence_event_recorded", "enrollment_id": "e-1",
    ///     "event": {"event": "paused", "at": "2026-11-03T15:00:00Z"}}"#)?;
    /// assert_eq!(store.append(&[enrolled, paused.clone()])?, vec![1, 2]);
    /// assert_eq!(store.enrollments()[0].events.len(), 1);
    ///
    /// let stray = Change::from_json(r#"{"kind": "cadence_event_recorded", "enrollment_id": "e-9",
    ///     "event": {"event": "resumed", "at": "2026-11-04T15:00:00Z"}}"#)?;
    /// let err = store.append(&[paused, stray]).unwrap_err();
    /// assert_eq!(err.to_string(), format!(
    ///     "store {:?}: event batch item 1 is invalid: no enrollment \"e-9\"", store.path()));
    /// assert_eq!(store.enrollments()[0].events.len(), 1); // nothing of the batch
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn append(&mut self, changes: &[Change]) -> Result<Vec<u64>> {
        if changes.len() > MAX_BATCH {
            return Err(Error::invalid_argument(
                "changes",
                format!(
                    "{} changes; at most {MAX_BATCH} in one batch",
                    changes.len()
                ),
            ));
        }
        let wall = Hlc::wall_now();
        let claims_before = self.claims.len();
        let mut clock = self.clock;
        let mut entries = Vec::with_capacity(changes.len());
        for (i, change) in changes.iter().enumerate() {
            clock = clock.tick(wall);
            let n = i as u64;
            let prepared = self.complete(change).and_then(|change| {
                let entry = Entry {
                    id: EntryId::new(self.device.as_str(), self.next_sequence + n),
                    clock,
                    authority_sequence: self.authority.then_some(self.next_authority + n),
                    change,
                };
                match self.live.try_apply(&entry) {
                    Ok(()) => Ok(entry),
                    Err(Refused::Invalid(reason) | Refused::Conflict(reason)) => Err(reason),
                }
            });
            match prepared {
                Ok(entry) => {
                    if entry.change.is_claim() {
                        self.claims.push(entry.clone());
                    }
                    entries.push(entry);
                }
                Err(reason) => {
                    self.undo(!entries.is_empty(), claims_before)?;
                    return Err(invalid_event(&self.path, format!("batch item {i}"), reason));
                }
            }
        }
        if let Err(err) = self.write_appended(&entries) {
            self.undo(!entries.is_empty(), claims_before)?;
            return Err(err);
        }
        self.clock = clock;
        self.next_sequence += entries.len() as u64;
        if self.authority {
            self.next_authority += entries.len() as u64;
        }
        if let Some(entry) = entries.last() {
            self.last = Some(entry.order_key());
        }
        Ok(entries.iter().map(|e| e.id.sequence).collect())
    }

    /// Puts the in-memory state back as the file has it, after a batch failed.
    fn undo(&mut self, reload: bool, claims: usize) -> Result<()> {
        self.claims.truncate(claims);
        if reload {
            (self.live, self.last) = load_state(&self.conn, &self.path)?;
        }
        Ok(())
    }

    fn write_appended(&mut self, entries: &[Entry]) -> Result<()> {
        let sql = schema::on(&self.path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&sql)?;
        insert_entries(&tx, &self.path, entries)?;
        tx.commit().map_err(&sql)
    }

    /// The change as it is recorded: the lifts written in, and checked against what
    /// this store knows.
    fn complete(&self, change: &Change) -> std::result::Result<Change, String> {
        let standing = |lifts: &[EntryId], requests: Vec<EntryId>, what: &str| {
            if lifts.is_empty() {
                return Ok(requests);
            }
            match lifts.iter().find(|l| !requests.contains(l)) {
                Some(stray) => Err(format!("{stray} is not a standing {what}")),
                None => Ok(lifts.to_vec()),
            }
        };
        match change {
            Change::DoNotCallLifted {
                contact_id,
                at,
                lifts,
            } => Ok(Change::DoNotCallLifted {
                contact_id: contact_id.clone(),
                at: *at,
                lifts: standing(
                    lifts,
                    self.live.side().do_not_call_requests(contact_id.as_str()),
                    "do-not-call request",
                )?,
            }),
            Change::ConsentChanged {
                contact_id,
                channel,
                consent,
                at,
                lifts,
            } if *consent != crate::Consent::Denied => Ok(Change::ConsentChanged {
                contact_id: contact_id.clone(),
                channel: *channel,
                consent: *consent,
                at: *at,
                lifts: standing(
                    lifts,
                    self.live.side().opt_outs(contact_id.as_str(), *channel),
                    "opt-out",
                )?,
            }),
            Change::BlitzClaimed {
                pool_id,
                account_id,
                rep_id,
                at,
                ..
            } => {
                match claims::held_by_other(&self.claims, pool_id, account_id.as_str(), rep_id, *at)
                {
                    Some(holder) => Err(format!(
                        "account {:?} of pool {pool_id:?} is claimed by rep {:?}",
                        account_id.as_str(),
                        holder.as_str()
                    )),
                    None => Ok(change.clone()),
                }
            }
            _ => Ok(change.clone()),
        }
    }

    /// Saves the book as it stands as the store's snapshot, so that opening replays
    /// only the events after it; the previous snapshot (not the genesis) is dropped.
    /// Returns whether there was anything to save (an event since the last snapshot).
    ///
    /// # Errors
    /// [`Error::Store`] when the file cannot be written.
    ///
    /// # Example
    /// ```
    /// use callwise::store::{Change, Store, StoreOptions};
    /// # let dir = std::env::temp_dir().join(format!("callwise-doc-snapshot-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 5))?;
    /// let contact = book.to_data().contacts[0].id.clone();
    /// let mut store = Store::create(dir.join("s.db"), &book, &StoreOptions::device("tablet"))?;
    /// assert!(!store.snapshot()?); // nothing since the genesis
    /// let at = "2026-11-03T15:00:00Z".parse().unwrap();
    /// store.append(&[Change::DoNotCallRequested { contact_id: contact, at }])?;
    /// assert!(store.snapshot()?);
    /// let before = store.book()?;
    /// drop(store);
    /// assert_eq!(Store::open(dir.join("s.db"))?.book()?, before);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn snapshot(&mut self) -> Result<bool> {
        let Some(last) = self.last.clone() else {
            return Ok(false);
        };
        let sql = schema::on(&self.path);
        let current: Option<OrderKey> = self
            .conn
            .query_row(
                "SELECT through_wall_ms, through_counter, through_device, through_sequence
                 FROM snapshots ORDER BY id DESC LIMIT 1",
                [],
                |row| {
                    Ok(row.get::<_, Option<i64>>(0)?.map(|wall| {
                        (
                            Hlc {
                                wall_ms: wall as u64,
                                counter: row.get::<_, i64>(1).unwrap_or(0) as u32,
                            },
                            row.get::<_, String>(2).unwrap_or_default(),
                            row.get::<_, i64>(3).unwrap_or(0) as u64,
                        )
                    }))
                },
            )
            .map_err(&sql)?;
        if current.as_ref() == Some(&last) {
            return Ok(false);
        }
        let side = serde_json::to_string(self.live.side()).expect("side state always serialises");
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&sql)?;
        let (wall, counter, device, sequence) = key_params(&last);
        tx.execute(
            "INSERT INTO snapshots (through_wall_ms, through_counter, through_device, through_sequence, side, format)
             VALUES (?1, ?2, ?3, ?4, ?5, 'columns')",
            params![wall, counter, device, sequence, side],
        )
        .map_err(&sql)?;
        let id = tx.last_insert_rowid();
        snapshot::write(&tx, &self.path, id, self.live.book())?;
        drop_snapshots(&tx, &self.path, "id < ?1", [id])?;
        tx.commit().map_err(&sql)?;
        Ok(true)
    }

    /// What this store holds: per device, the highest sequence number; and the highest
    /// authority sequence number it knows.
    ///
    /// # Errors
    /// [`Error::Store`] when the file cannot be read.
    ///
    /// # Example
    /// See [`Store::export_since`].
    pub fn version_vector(&self) -> Result<VersionVector> {
        let sql = schema::on(&self.path);
        let mut stmt = self
            .conn
            .prepare_cached("SELECT device, max(sequence) FROM entries GROUP BY device")
            .map_err(&sql)?;
        let devices = stmt
            .query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)? as u64))
            })
            .map_err(&sql)?
            .collect::<rusqlite::Result<BTreeMap<_, _>>>()
            .map_err(&sql)?;
        let sequenced: Option<i64> = self
            .conn
            .query_row("SELECT max(authority_sequence) FROM entries", [], |row| {
                row.get(0)
            })
            .map_err(&sql)?;
        Ok(VersionVector {
            devices,
            sequenced: sequenced.map_or(0, |s| s as u64),
        })
    }

    /// The events this store holds beyond `since` (another store's version vector),
    /// in the journal's order: those of a device past the sequence `since` holds, and
    /// those the authority sequenced past what `since` knows (so a device learns where
    /// its own claims stand).
    ///
    /// # Errors
    /// [`Error::Store`] when the file cannot be read; [`Error::InvalidEvent`] when an
    /// event in it does not read.
    ///
    /// # Example
    /// ```
    /// use callwise::store::{Change, Exchange, Store, StoreOptions, VersionVector};
    /// # let dir = std::env::temp_dir().join(format!("callwise-doc-export-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 5))?;
    /// let c = book.to_data().contacts[0].id.clone();
    /// let mut store = Store::create(dir.join("s.db"), &book, &StoreOptions::device("tablet"))?;
    /// let request = Change::from_json(&format!(
    ///     r#"{{"kind": "do_not_call_requested", "contact_id": "{c}", "at": "2026-11-03T15:00:00Z"}}"#))?;
    /// store.append(&[request.clone(), request])?;
    /// let vv = store.version_vector()?;
    /// assert_eq!(vv.devices["tablet"], 2);
    /// let all = store.export_since(&VersionVector::default())?;
    /// assert_eq!(all.entries.len(), 2);
    /// let json = all.to_json();                  // what travels
    /// assert_eq!(Exchange::from_json(&json)?, all);
    /// assert!(store.export_since(&vv)?.entries.is_empty());
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn export_since(&self, since: &VersionVector) -> Result<Exchange> {
        let mut entries = Vec::new();
        each_entry(
            &self.conn,
            &self.path,
            &format!(
                "SELECT {ENTRY_COLUMNS} FROM entries ORDER BY wall_ms, counter, device, sequence"
            ),
            [],
            None,
            |entry| {
                if !since.covers(&entry) {
                    entries.push(entry);
                }
                Ok(())
            },
        )?;
        Ok(Exchange {
            format: exchange::FORMAT.to_owned(),
            version: exchange::FORMAT_VERSION,
            lineage: self.lineage.clone(),
            from_device: self.device.clone(),
            authority: self.authority_device.clone(),
            entries,
        })
    }

    /// Merges another store's events (what its [`Store::export_since`] gave for this
    /// store's version vector) into this one, in one transaction: the events this store
    /// lacks are added, the authority's sequence numbers learnt, and the book replayed
    /// in the journal's order. On the authority, the events it did not hold get its
    /// next sequence numbers, in the exchange's order.
    ///
    /// # Errors
    /// Nothing is merged when:
    /// - [`Error::InvalidArgument`] named `exchange`: it is of another format, of a
    ///   store of another book (lineage), of another authority, it skips events of a
    ///   device this store would need first, or it holds events of this store's own
    ///   device that this store never wrote;
    /// - [`Error::InvalidEvent`] naming the event: it does not read, it differs from the
    ///   event this store holds under the same identity, or it is invalid (it names a
    ///   record the book does not hold...);
    /// - [`Error::Store`]: the file cannot be written.
    ///
    /// # Example
    /// ```
    /// use callwise::store::{Change, Store, StoreOptions};
    /// # let dir = std::env::temp_dir().join(format!("callwise-doc-merge-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 5))?;
    /// let records = book.to_data();
    /// let account = &records.accounts[0];
    /// let task: callwise::Task = serde_json::from_str(&format!(r#"{{"id": "t-1",
    ///     "account_id": "{}", "rep_id": "{}", "kind": "call", "source": "manual",
    ///     "status": "open", "created_at": "2026-11-02T15:00:00Z", "due_on": "2026-11-03"}}"#,
    ///     account.id, account.primary_owner.rep_id)).unwrap();
    /// let mut a = Store::create(dir.join("a.db"), &book, &StoreOptions::device("a"))?;
    /// let mut b = Store::create(dir.join("b.db"), &book, &StoreOptions::device("b"))?;
    /// a.append(&[Change::TaskAdded { task: task.clone() }])?;
    /// b.merge(&a.export_since(&b.version_vector()?)?)?;
    /// let at = "2026-11-03T15:00:00Z".parse().unwrap();
    /// a.append(&[Change::TaskCompleted { task_id: task.id.clone(), at }])?;
    /// b.append(&[Change::TaskCancelled { task_id: task.id.clone(), at }])?;
    /// let report = a.merge(&b.export_since(&a.version_vector()?)?)?;
    /// assert_eq!(report.added, 1);
    /// // One of the two closed the task first; the other is kept, rejected.
    /// assert_eq!(a.rejected().len(), 1);
    /// assert!(a.rejected()[0].reason.contains("no longer open"));
    /// // Merging again changes nothing.
    /// assert_eq!(a.merge(&b.export_since(&a.version_vector()?)?)?.added, 0);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn merge(&mut self, exchange: &Exchange) -> Result<MergeReport> {
        let (authority, held_before) = self.check_exchange(exchange)?;
        let before: BTreeSet<EntryId> = self.rejected().iter().map(|r| r.id.clone()).collect();
        let sql = schema::on(&self.path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&sql)?;
        // On an error the transaction rolls back as it is dropped; the state in memory,
        // which replay may have changed in place, is then read back from the file.
        let (added, sequenced, next_authority) = merge_entries(
            &tx,
            &self.path,
            exchange,
            self.authority,
            self.next_authority,
        )?;
        let applied = if added.is_empty() {
            Ok(())
        } else {
            let skip = Skip {
                held_before: &held_before,
            };
            replay_added(
                &tx,
                &self.path,
                (&mut self.live, &mut self.last),
                &skip,
                added.clone(),
            )
        };
        let written = applied
            .and_then(|()| match &authority {
                Some(device) => tx
                    .execute(
                        "INSERT OR REPLACE INTO meta (key, value) VALUES ('authority_device', ?1)",
                        [device],
                    )
                    .map(drop)
                    .map_err(&sql),
                None => Ok(()),
            })
            .and_then(|()| tx.commit().map_err(&sql));
        if let Err(err) = written {
            if !added.is_empty() {
                (self.live, self.last) = load_state(&self.conn, &self.path)?;
            }
            return Err(err);
        }
        if authority.is_some() {
            self.authority_device = authority;
        }
        self.next_authority = next_authority;
        self.claims = load_claims(&self.conn, &self.path)?;
        if let Some(latest) = exchange.entries.iter().map(|e| e.clock).max() {
            self.clock = self.clock.max(latest);
        }
        Ok(MergeReport {
            added: added.len() as u64,
            sequenced,
            rejected: self
                .rejected()
                .iter()
                .filter(|r| !before.contains(&r.id))
                .cloned()
                .collect(),
        })
    }

    /// Checks an exchange before anything is written; gives the authority's device
    /// when this store learns it from this exchange, and the highest sequence this
    /// store holds of each device.
    fn check_exchange(
        &self,
        exchange: &Exchange,
    ) -> Result<(Option<String>, BTreeMap<String, u64>)> {
        let refuse = |reason: String| Err(Error::invalid_argument("exchange", reason));
        if exchange.format != exchange::FORMAT || exchange.version != exchange::FORMAT_VERSION {
            return refuse(format!(
                "format {:?} version {} is not {:?} version {}",
                exchange.format,
                exchange.version,
                exchange::FORMAT,
                exchange::FORMAT_VERSION
            ));
        }
        if exchange.lineage != self.lineage {
            return refuse(format!(
                "it comes from a store of another book (lineage {}; this store's is {})",
                exchange.lineage, self.lineage
            ));
        }
        let learnt = match (&self.authority_device, &exchange.authority) {
            (Some(mine), Some(theirs)) if mine != theirs => {
                return refuse(format!(
                    "it carries the order of authority {theirs:?}; this store's authority is {mine:?}"
                ));
            }
            (None, Some(theirs)) => Some(theirs.clone()),
            _ => None,
        };
        if exchange.authority.is_none()
            && let Some(e) = exchange
                .entries
                .iter()
                .find(|e| e.authority_sequence.is_some())
        {
            return Err(invalid_event(
                &self.path,
                &e.id,
                "it carries an authority sequence number but the exchange names no authority",
            ));
        }
        let held = self.version_vector()?.devices;
        let mut incoming: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
        for e in &exchange.entries {
            e.check_identity()
                .map_err(|reason| invalid_event(&self.path, &e.id, reason))?;
            if e.id.device == self.device && e.id.sequence >= self.next_sequence {
                return refuse(format!(
                    "it holds event {} of this store's own device, which this store never wrote",
                    e.id
                ));
            }
            incoming
                .entry(&e.id.device)
                .or_default()
                .push(e.id.sequence);
        }
        for (device, mut sequences) in incoming {
            sequences.sort_unstable();
            sequences.dedup();
            let first = held.get(device).copied().unwrap_or(0) + 1;
            let new = sequences.into_iter().filter(|&s| s >= first);
            if let Some((expected, s)) = (first..).zip(new).find(|(expected, s)| s != expected) {
                return refuse(format!(
                    "it skips events {device}/{expected} to {device}/{}: export since this store's version vector",
                    s - 1
                ));
            }
        }
        Ok((learnt, held))
    }

    /// The book's JSON at every step is not kept; this is what tests of the journal's
    /// order need: every entry, in the journal's order.
    #[cfg(test)]
    fn entries(&self) -> Result<Vec<Entry>> {
        Ok(self.export_since(&VersionVector::default())?.entries)
    }
}

/// Drops the snapshots (never the genesis) that `condition` selects.
fn drop_snapshots(
    conn: &Connection,
    path: &str,
    condition: &str,
    params: impl rusqlite::Params + Clone,
) -> Result<()> {
    let chosen =
        format!("SELECT id FROM snapshots WHERE through_wall_ms IS NOT NULL AND {condition}");
    conn.execute(
        &format!("DELETE FROM snapshot_chunks WHERE snapshot IN ({chosen})"),
        params.clone(),
    )
    .map_err(schema::on(path))?;
    conn.execute(
        &format!("DELETE FROM snapshots WHERE id IN ({chosen})"),
        params,
    )
    .map_err(schema::on(path))?;
    Ok(())
}

/// The statement that inserts an entry; `OR IGNORE` leaves an entry held under the
/// same identity as it is.
const INSERT_ENTRY: &str = "INSERT OR IGNORE INTO entries
    (device, sequence, wall_ms, counter, kind, change, authority_sequence)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/// Inserts an entry with `authority_sequence`, its change's JSON written into `json`
/// (one buffer for a whole batch); gives whether it was new.
fn insert_entry(
    insert: &mut rusqlite::CachedStatement<'_>,
    json: &mut Vec<u8>,
    entry: &Entry,
    authority_sequence: Option<u64>,
) -> rusqlite::Result<bool> {
    json.clear();
    serde_json::to_writer(&mut *json, &entry.change).expect("a change always serialises");
    let text = std::str::from_utf8(json).expect("serde_json writes UTF-8");
    let inserted = insert.execute(params![
        entry.id.device,
        entry.id.sequence as i64,
        entry.clock.wall_ms as i64,
        i64::from(entry.clock.counter),
        entry.change.kind(),
        text,
        authority_sequence.map(|s| s as i64),
    ])?;
    Ok(inserted == 1)
}

/// Inserts new entries (an append: their identities are new).
fn insert_entries(conn: &Connection, path: &str, entries: &[Entry]) -> Result<()> {
    let mut insert = conn
        .prepare_cached(INSERT_ENTRY)
        .map_err(schema::on(path))?;
    let mut json = Vec::with_capacity(512);
    for e in entries {
        if !insert_entry(&mut insert, &mut json, e, e.authority_sequence)
            .map_err(schema::on(path))?
        {
            return Err(invalid_event(path, &e.id, "this store already holds it"));
        }
    }
    Ok(())
}

/// Writes an exchange's entries: those not held are added (on the authority, with its
/// next sequence numbers), those held are checked to be the same and learn their
/// authority sequence number. Gives the added entries, how many learnt or got a
/// sequence number, and the authority's next sequence number.
fn merge_entries<'a>(
    conn: &Connection,
    path: &str,
    exchange: &'a Exchange,
    authority: bool,
    mut next_authority: u64,
) -> Result<(Vec<&'a Entry>, u64, u64)> {
    let sql = schema::on(path);
    let mut insert = conn.prepare_cached(INSERT_ENTRY).map_err(&sql)?;
    let mut held = conn
        .prepare_cached(
            "SELECT wall_ms, counter, change, authority_sequence FROM entries
             WHERE device = ?1 AND sequence = ?2",
        )
        .map_err(&sql)?;
    let mut learn = conn
        .prepare_cached(
            "UPDATE entries SET authority_sequence = ?3 WHERE device = ?1 AND sequence = ?2",
        )
        .map_err(&sql)?;
    let mut added = Vec::new();
    let mut sequenced = 0;
    let mut json = Vec::with_capacity(512);
    for e in &exchange.entries {
        let mut authority_sequence = e.authority_sequence;
        if authority {
            if authority_sequence.is_some_and(|s| s >= next_authority) {
                return Err(invalid_event(
                    path,
                    &e.id,
                    "it carries an authority sequence number this store never gave",
                ));
            }
            authority_sequence = authority_sequence.or(Some(next_authority));
        }
        if insert_entry(&mut insert, &mut json, e, authority_sequence).map_err(&sql)? {
            if authority && e.authority_sequence.is_none() {
                next_authority += 1;
                sequenced += 1;
            }
            added.push(e);
            continue;
        }
        let (device, sequence) = (e.id.device.as_str(), e.id.sequence as i64);
        let (wall, counter, stored, known): (i64, i64, String, Option<i64>) = held
            .query_row(params![device, sequence], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })
            .map_err(&sql)?;
        if wall != e.clock.wall_ms as i64
            || counter != i64::from(e.clock.counter)
            || stored.as_bytes() != json.as_slice()
        {
            return Err(invalid_event(
                path,
                &e.id,
                "it differs from the event this store holds under the same identity",
            ));
        }
        match (known, e.authority_sequence) {
            (None, Some(s)) => {
                learn
                    .execute(params![device, sequence, s as i64])
                    .map_err(|err| match err.sqlite_error_code() {
                        Some(rusqlite::ErrorCode::ConstraintViolation) => invalid_event(
                            path,
                            &e.id,
                            format!("authority sequence number {s} is another event's here"),
                        ),
                        _ => schema::sqlite_error(path, &err),
                    })?;
                sequenced += 1;
            }
            (Some(k), Some(s)) if k as u64 != s => {
                return Err(invalid_event(
                    path,
                    &e.id,
                    format!("the authority sequenced it {s}; this store holds {k}"),
                ));
            }
            _ => {}
        }
    }
    Ok((added, sequenced, next_authority))
}

/// Brings the state (`live` and the last entry it applied) up to a merge that added
/// `added` (which `skip` names): applied on `live` in place when they all come after
/// its last entry, else replayed from the latest snapshot before the first of them
/// (later snapshots no longer hold and are dropped), the entries added taken from
/// memory rather than read back. On an error `live` may be part-way: the caller reads
/// the state back from the file.
fn replay_added(
    conn: &Connection,
    path: &str,
    (live, last): (&mut Replay, &mut Option<OrderKey>),
    skip: &Skip,
    mut added: Vec<&Entry>,
) -> Result<()> {
    added.sort_by(|a, b| a.order().cmp(&b.order()));
    let first = added[0].order_key();
    if last.as_ref().is_none_or(|last| first > *last) {
        for entry in &added {
            live.apply(entry)
                .map_err(|reason| invalid_event(path, &entry.id, reason))?;
        }
        *last = added.last().map(|e| e.order_key());
        return Ok(());
    }
    let (wall, counter, device, sequence) = key_params(&first);
    drop_snapshots(
        conn,
        path,
        "(through_wall_ms, through_counter, through_device, through_sequence) >= (?1, ?2, ?3, ?4)",
        params![wall, counter, device, sequence],
    )?;
    (*live, *last) = load_state_with(conn, path, Some((skip, &added)))?;
    Ok(())
}

/// The book and what is kept beside it after replaying `entries` on `genesis`, in the
/// journal's order (stamp, device, sequence) whatever order they are given in: the
/// replay a [`Store`] does, over entries kept anywhere (a server's own database).
///
/// # Errors
/// [`Error::InvalidEvent`] (with `path` `"journal"`) naming the first entry that is
/// invalid whatever the merge (it names a record the book does not hold...);
/// [`Error::Validation`] if the records do not make a valid book.
///
/// # Example
/// ```
/// use callwise::store::{replay, Change, Entry, EntryId, Hlc};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 5))?;
/// let contact = book.to_data().contacts[0].id.clone();
/// let entry = |device: &str, wall_ms, change| Entry { id: EntryId::new(device, 1),
///     clock: Hlc { wall_ms, counter: 0 }, authority_sequence: None, change };
/// let at = "2026-11-03T15:00:00Z".parse().unwrap();
/// let entries = [
///     entry("a", 20, Change::DoNotCallLifted { contact_id: contact.clone(), at, lifts: vec![] }),
///     entry("b", 10, Change::DoNotCallRequested { contact_id: contact.clone(), at }),
/// ];
/// let replayed = replay(&book, &entries)?;
/// // The lift came later, but did not name b/1: the request stands.
/// assert!(replayed.book.contact(contact.as_str()).unwrap().do_not_call());
/// # Ok::<(), callwise::Error>(())
/// ```
pub fn replay(genesis: &Book, entries: &[Entry]) -> Result<Replayed> {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by(|a, b| a.order().cmp(&b.order()));
    let mut live = Replay::new(Arc::new(genesis.clone()), Side::default());
    for entry in sorted {
        live.apply(entry)
            .map_err(|reason| invalid_event("journal", &entry.id, reason))?;
    }
    let claims = claims::outcomes(entries);
    let (book, side) = live.into_parts();
    let lists = side.into_lists();
    Ok(Replayed {
        book: Arc::unwrap_or_clone(book),
        enrollments: lists.enrollments,
        claims,
        rejected: lists.rejected,
        wrap_ups: lists.wrap_ups,
        goals: lists.goals,
    })
}

/// What [`replay`] gives: the book, the cadence enrollments with their events, the
/// blitz claims and where they stand, the events that did not apply, the wrap-ups
/// filed and the goals set.
///
/// # Example
/// See [`replay`].
#[derive(Clone, Debug, PartialEq)]
pub struct Replayed {
    /// The book as of the last entry.
    pub book: Book,
    /// The enrollments and their events, as [`Store::enrollments`].
    pub enrollments: Vec<EnrollmentLog>,
    /// The claims, as [`Store::claims`].
    pub claims: Vec<ClaimOutcome>,
    /// The events that did not apply, as [`Store::rejected`].
    pub rejected: Vec<Rejection>,
    /// The wrap-ups filed, as [`Store::wrap_ups`].
    pub wrap_ups: Vec<crate::team::WrapUp>,
    /// The goals set, as [`Store::goals`].
    pub goals: Vec<crate::team::Goal>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("callwise-store-unit-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn the_lineage_hash_in_pieces_is_fnv1a_of_the_whole() {
        let text = r#"{"schema_version":1,"accounts":[{"id":"acc-1"}]}"#;
        let mut pieces = Fnv::new();
        for piece in text.as_bytes().chunks(5) {
            pieces.update(piece);
        }
        assert_eq!(
            pieces.hex(),
            format!("{:016x}", crate::cadence::fnv1a(&[text]))
        );
    }

    #[test]
    fn a_batch_that_fails_late_leaves_the_book_and_the_file_as_they_were() {
        let dir = dir("late");
        let book = crate::sample_book(&crate::SampleConfig::new(7, 20)).unwrap();
        let task = book
            .tasks()
            .find(|t| t.status() == crate::TaskStatus::Open)
            .unwrap()
            .to_task();
        let mut store = Store::create(dir.join("s.db"), &book, &StoreOptions::device("d")).unwrap();
        let done = Change::TaskCompleted {
            task_id: task.id.clone(),
            at: task.created_at,
        };
        let err = store.append(&[done.clone(), done.clone()]).unwrap_err();
        assert!(err.to_string().contains("batch item 1"), "{err}");
        assert_eq!(store.book().unwrap(), book);
        assert!(store.entries().unwrap().is_empty());
        assert_eq!(store.append(&[done]).unwrap(), vec![1]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

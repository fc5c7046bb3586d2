//! The store's SQLite file: its schema, its version and the migrations from one version
//! to the next, the pragmas set at every open, and SQLite's errors as callwise's.
//!
//! Laid out as mozilla/application-services opens its components' databases: pragmas
//! outside any transaction, then one transaction that creates the schema (a new file)
//! or upgrades it version by version (an older one) and records the version.

use crate::{Error, Result};
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};
use std::path::Path;

/// The schema version this build writes; it reads every version up to it.
pub const STORE_SCHEMA_VERSION: u64 = 3;

/// SQLite's `application_id` of a callwise store: "CWST".
const APPLICATION_ID: i64 = 0x4357_5354;

/// The schema of the current version.
const SCHEMA: &str = "
CREATE TABLE meta (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE entries (
    device TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    wall_ms INTEGER NOT NULL,
    counter INTEGER NOT NULL,
    kind TEXT NOT NULL,
    change TEXT NOT NULL,
    authority_sequence INTEGER,
    PRIMARY KEY (device, sequence)
);
CREATE INDEX entries_order ON entries (wall_ms, counter, device, sequence);
CREATE UNIQUE INDEX entries_authority ON entries (authority_sequence)
    WHERE authority_sequence IS NOT NULL;
CREATE INDEX entries_claims ON entries (kind)
    WHERE kind IN ('blitz_claimed', 'blitz_released');
CREATE TABLE snapshots (
    id INTEGER PRIMARY KEY,
    through_wall_ms INTEGER,
    through_counter INTEGER,
    through_device TEXT,
    through_sequence INTEGER,
    side TEXT NOT NULL,
    format TEXT NOT NULL DEFAULT 'json'
);
CREATE TABLE snapshot_chunks (
    snapshot INTEGER NOT NULL,
    part INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (snapshot, part)
) WITHOUT ROWID;
";

/// Version 1 to 2: the authority's sequence number on each entry (blitz claims are
/// decided in its order), and snapshots in chunks (SQLite holds at most 1 GB in one
/// value; a large book's JSON is more).
const UPGRADE_FROM_1: &str = "
ALTER TABLE entries ADD COLUMN authority_sequence INTEGER;
CREATE UNIQUE INDEX entries_authority ON entries (authority_sequence)
    WHERE authority_sequence IS NOT NULL;
CREATE INDEX entries_claims ON entries (kind)
    WHERE kind IN ('blitz_claimed', 'blitz_released');
CREATE TABLE snapshot_chunks (
    snapshot INTEGER NOT NULL,
    part INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (snapshot, part)
) WITHOUT ROWID;
INSERT INTO snapshot_chunks (snapshot, part, data) SELECT id, 0, book FROM snapshots;
ALTER TABLE snapshots DROP COLUMN book;
";

/// Version 2 to 3: a snapshot's format, `json` (the book's compact JSON, what versions
/// 1 and 2 wrote: those snapshots stay and are read as they are) or `columns` (the
/// book's columns in checksummed chunks, what this version writes).
const UPGRADE_FROM_2: &str = "
ALTER TABLE snapshots ADD COLUMN format TEXT NOT NULL DEFAULT 'json';
";

/// SQLite's error on the store at `path` as [`Error::Store`], saying what it means.
pub(crate) fn sqlite_error(path: &str, err: &rusqlite::Error) -> Error {
    let reason = match err.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => {
            "is not a callwise store, or is damaged (not a SQLite database)".to_owned()
        }
        Some(ErrorCode::DatabaseCorrupt) => format!("is damaged ({err})"),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            "is open elsewhere (a store is opened by one process at a time)".to_owned()
        }
        Some(ErrorCode::CannotOpen) => format!("cannot be opened ({err})"),
        Some(ErrorCode::DiskFull) => "cannot be written: the disk is full".to_owned(),
        Some(ErrorCode::ReadOnly) => "is read-only".to_owned(),
        _ => err.to_string(),
    };
    store_error(path, reason)
}

/// [`Error::Store`] for the store at `path`.
pub(crate) fn store_error(path: &str, reason: impl Into<String>) -> Error {
    Error::Store {
        path: path.to_owned(),
        reason: reason.into(),
    }
}

/// A closure mapping SQLite's errors on `path` ([`sqlite_error`]).
pub(crate) fn on(path: &str) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |err| sqlite_error(path, &err)
}

/// The pragmas every connection runs with: WAL with a sync of the log at every commit
/// (`synchronous=FULL`: a commit that returned survives a power cut), and the file
/// locked for this connection alone while it is open (`locking_mode=EXCLUSIVE`: the
/// store keeps the book in memory, so a second writer would make it stale).
fn pragmas(conn: &Connection, path: &str) -> Result<()> {
    // No waiting on a lock: with exclusive locking another holder keeps it until it
    // closes the store, so waiting would only delay the refusal.
    conn.busy_timeout(std::time::Duration::ZERO)
        .map_err(on(path))?;
    conn.execute_batch(
        "PRAGMA locking_mode = EXCLUSIVE;
         PRAGMA synchronous = FULL;",
    )
    .map_err(on(path))?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
        .map_err(on(path))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(store_error(
            path,
            format!("cannot use a write-ahead log (journal mode {mode})"),
        ));
    }
    Ok(())
}

/// Creates the file at `path` with the current schema; `write` fills it in the same
/// transaction. The file is removed again when anything fails.
pub(crate) fn create(
    path: &Path,
    shown: &str,
    write: impl FnOnce(&Connection) -> Result<()>,
) -> Result<Connection> {
    if path.exists() {
        return Err(store_error(
            shown,
            "already exists (open it with Store::open)",
        ));
    }
    let made = (|| {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(on(shown))?;
        pragmas(&conn, shown)?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(on(shown))?;
        tx.execute_batch(SCHEMA).map_err(on(shown))?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(on(shown))?;
        tx.pragma_update(None, "user_version", STORE_SCHEMA_VERSION as i64)
            .map_err(on(shown))?;
        write(&tx)?;
        tx.commit().map_err(on(shown))?;
        Ok(conn)
    })();
    if made.is_err() {
        remove_files(path);
    }
    made
}

/// Removes a store's file and its write-ahead log (what a failed create left).
fn remove_files(path: &Path) {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let mut shm = path.as_os_str().to_owned();
    shm.push("-shm");
    for file in [path.as_os_str(), &wal, &shm] {
        // Nothing else can be done about a file that cannot be removed: the error that
        // made the create fail is what the caller needs.
        let _ = std::fs::remove_file(file);
    }
}

/// Opens the store at `path`, upgrading an older schema to the current one.
pub(crate) fn open(path: &Path, shown: &str) -> Result<Connection> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => return Err(store_error(shown, "is not a file")),
        Err(err) => return Err(store_error(shown, format!("cannot be opened ({err})"))),
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(on(shown))?;
    pragmas(&conn, shown)?;
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(on(shown))?;
    let application: i64 = tx
        .query_row("PRAGMA application_id", [], |row| row.get(0))
        .map_err(on(shown))?;
    let version: i64 = tx
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(on(shown))?;
    if application != APPLICATION_ID {
        return Err(store_error(
            shown,
            "is a SQLite database but not a callwise store",
        ));
    }
    let found = u64::try_from(version).unwrap_or(0);
    if found > STORE_SCHEMA_VERSION || found == 0 {
        return Err(Error::StoreVersion {
            path: shown.to_owned(),
            found,
            supported: STORE_SCHEMA_VERSION,
        });
    }
    for from in found..STORE_SCHEMA_VERSION {
        upgrade_from(&tx, from).map_err(on(shown))?;
    }
    // Written at every open, as application-services does: the write takes the
    // exclusive lock now, so a second process is refused here and not at its first
    // append.
    tx.pragma_update(None, "user_version", STORE_SCHEMA_VERSION as i64)
        .map_err(on(shown))?;
    tx.commit().map_err(on(shown))?;
    Ok(conn)
}

/// Upgrades the schema from version `from` to `from + 1`.
fn upgrade_from(conn: &Connection, from: u64) -> rusqlite::Result<()> {
    match from {
        1 => conn.execute_batch(UPGRADE_FROM_1),
        2 => conn.execute_batch(UPGRADE_FROM_2),
        // Versions below 1 do not exist (refused before) and the loop stops below the
        // current one.
        _ => Ok(()),
    }
}

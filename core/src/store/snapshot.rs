//! Snapshots of columns: a book's columns (`book::store::binary`) streamed into the
//! store's chunks and back, each chunk checksummed.
//!
//! A chunk is about [`CHUNK`] bytes of the columns followed by 8 bytes: the XXH3 (64
//! bits) of those bytes, seeded with the snapshot's and the chunk's numbers, so that a
//! flipped byte, a chunk cut short or a chunk of another snapshot or place is found
//! when it is read. A snapshot missing its last chunks is found by the columns' end
//! marker. Neither the whole encoded snapshot nor a copy of a column is held: chunks go
//! to SQLite as they fill, and come back one at a time.

use super::schema;
use crate::book::store::binary;
use crate::{Book, Error, Result};
use rusqlite::{Connection, OptionalExtension, params};
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// The bytes of columns a chunk holds (SQLite holds at most 1 GB in one value).
const CHUNK: usize = 16 << 20;

/// The size of a chunk's checksum.
const SUM: usize = 8;

/// The checksum of chunk `part` of snapshot `snapshot` holding `bytes`.
fn checksum(snapshot: i64, part: i64, bytes: &[u8]) -> u64 {
    let seed = (snapshot as u64).rotate_left(32) ^ part as u64;
    xxh3_64_with_seed(bytes, seed)
}

/// A writer that saves what it is given as the checksummed chunks of a snapshot.
struct Writer<'c> {
    insert: rusqlite::CachedStatement<'c>,
    snapshot: i64,
    part: i64,
    /// The bytes of columns a chunk holds: [`CHUNK`] (smaller in tests).
    chunk: usize,
    buffer: Vec<u8>,
    /// SQLite's error, kept to be reported rather than the writer's.
    error: Option<rusqlite::Error>,
}

impl Writer<'_> {
    fn save(&mut self) -> std::io::Result<()> {
        let sum = checksum(self.snapshot, self.part, &self.buffer);
        self.buffer.extend_from_slice(&sum.to_le_bytes());
        let saved = self
            .insert
            .execute(params![self.snapshot, self.part, self.buffer]);
        self.buffer.clear();
        self.part += 1;
        saved.map(drop).map_err(|e| {
            let reason = e.to_string();
            self.error = Some(e);
            std::io::Error::other(reason)
        })
    }
}

impl std::io::Write for Writer<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = bytes.len().min(self.chunk - self.buffer.len());
        self.buffer.extend_from_slice(&bytes[..n]);
        if self.buffer.len() == self.chunk {
            self.save()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.buffer.is_empty() {
            true => Ok(()),
            false => self.save(),
        }
    }
}

/// Writes `book`'s columns as snapshot `snapshot`'s chunks.
pub(super) fn write(conn: &Connection, path: &str, snapshot: i64, book: &Book) -> Result<()> {
    write_in(conn, path, snapshot, book, CHUNK)
}

/// [`write`] in chunks of `chunk` bytes.
fn write_in(conn: &Connection, path: &str, snapshot: i64, book: &Book, chunk: usize) -> Result<()> {
    let insert = conn
        .prepare_cached("INSERT INTO snapshot_chunks (snapshot, part, data) VALUES (?1, ?2, ?3)")
        .map_err(schema::on(path))?;
    let mut writer = Writer {
        insert,
        snapshot,
        part: 0,
        chunk,
        buffer: Vec::with_capacity(chunk + SUM),
        error: None,
    };
    let written = binary::write(book, &mut writer);
    match (written, writer.error.take()) {
        (Ok(()), _) => Ok(()),
        (Err(_), Some(e)) => Err(schema::sqlite_error(path, &e)),
        (Err(e), None) => Err(schema::store_error(path, e.to_string())),
    }
}

/// Snapshot `snapshot`'s chunk `part` without its checksum, checked against it; None
/// when there is no such chunk.
fn chunk(
    read: &mut rusqlite::CachedStatement<'_>,
    snapshot: i64,
    part: i64,
) -> rusqlite::Result<std::result::Result<Option<Vec<u8>>, String>> {
    // A value of another type than bytes is a damaged chunk, not SQLite's error.
    let next: Option<Option<Vec<u8>>> = read
        .query_row(params![snapshot, part], |row| {
            Ok(row.get::<_, Vec<u8>>(0).ok())
        })
        .optional()?;
    let damaged = || format!("chunk {part} does not match its checksum");
    let mut chunk = match next {
        None => return Ok(Ok(None)),
        Some(None) => return Ok(Err(damaged())),
        Some(Some(chunk)) => chunk,
    };
    let Some(body) = chunk.len().checked_sub(SUM) else {
        return Ok(Err(damaged()));
    };
    let sum = u64::from_le_bytes(chunk[body..].try_into().expect("eight bytes"));
    if checksum(snapshot, part, &chunk[..body]) != sum {
        return Ok(Err(damaged()));
    }
    chunk.truncate(body);
    Ok(Ok(Some(chunk)))
}

/// The chunks handed over from the thread that reads them, as one stream.
struct Received {
    chunks: std::sync::mpsc::Receiver<std::result::Result<Vec<u8>, String>>,
    chunk: Vec<u8>,
    at: usize,
}

impl std::io::Read for Received {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.chunk.len() {
            match self.chunks.recv() {
                Ok(Ok(chunk)) => (self.chunk, self.at) = (chunk, 0),
                Ok(Err(reason)) => return Err(std::io::Error::other(reason)),
                // The last chunk was read.
                Err(_) => return Ok(0),
            }
        }
        let n = out.len().min(self.chunk.len() - self.at);
        out[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Reads snapshot `snapshot`'s book from its columns: this thread reads the chunks
/// from SQLite and checks them while another decodes the ones before (at most two
/// chunks wait between them).
///
/// # Errors
/// [`Error::Store`] naming the file and the snapshot when a chunk does not match its
/// checksum, chunks are missing, or the columns do not fit together.
pub(super) fn read(conn: &Connection, path: &str, snapshot: i64) -> Result<Book> {
    let (bytes, chunks): (Option<i64>, i64) = conn
        .query_row(
            "SELECT sum(length(data)), count(*) FROM snapshot_chunks WHERE snapshot = ?1",
            [snapshot],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .map_err(schema::on(path))?;
    let left = u64::try_from(bytes.unwrap_or(0) - chunks * SUM as i64).unwrap_or(0);
    let mut statement = conn
        .prepare_cached("SELECT data FROM snapshot_chunks WHERE snapshot = ?1 AND part = ?2")
        .map_err(schema::on(path))?;
    let (send, chunks) = std::sync::mpsc::sync_channel(1);
    let mut sql_error = None;
    let book = std::thread::scope(|scope| {
        let decoding = scope.spawn(move || {
            let received = Received {
                chunks,
                chunk: Vec::new(),
                at: 0,
            };
            binary::read(received, left)
        });
        for part in 0.. {
            let next = match chunk(&mut statement, snapshot, part) {
                Ok(Ok(Some(chunk))) => Ok(chunk),
                Ok(Ok(None)) => break,
                Ok(Err(damaged)) => Err(damaged),
                Err(e) => {
                    let reason = e.to_string();
                    sql_error = Some(e);
                    Err(reason)
                }
            };
            let last = next.is_err();
            // A decoder that stopped (on damage) takes no more.
            if send.send(next).is_err() || last {
                break;
            }
        }
        drop(send);
        decoding
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    match (book, sql_error) {
        (Ok(book), _) => Ok(book),
        (Err(_), Some(e)) => Err(schema::sqlite_error(path, &e)),
        (Err(reason), None) => Err(damaged(path, snapshot, &reason)),
    }
}

/// The error of a snapshot that does not read.
fn damaged(path: &str, snapshot: i64, reason: &str) -> Error {
    schema::store_error(
        path,
        format!("is damaged (snapshot {snapshot}'s columns do not read: {reason})"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database with the chunks of a 20-member sample book in chunks of 4 KiB.
    fn chunked() -> (Connection, Book) {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE snapshot_chunks (snapshot INTEGER NOT NULL, part INTEGER NOT NULL,
             data BLOB NOT NULL, PRIMARY KEY (snapshot, part)) WITHOUT ROWID;",
        )
        .unwrap();
        let book = crate::sample_book(&crate::SampleConfig::new(7, 20)).unwrap();
        write_in(&conn, "s.db", 3, &book, 4096).unwrap();
        (conn, book)
    }

    fn chunks(conn: &Connection) -> i64 {
        conn.query_row("SELECT count(*) FROM snapshot_chunks", [], |r| r.get(0))
            .unwrap()
    }

    /// The reason of the error reading snapshot 3 after `damage`.
    fn reason(damage: &str) -> String {
        let (conn, _) = chunked();
        conn.execute_batch(damage).unwrap();
        match read(&conn, "s.db", 3) {
            Err(Error::Store { path, reason }) => {
                assert_eq!(path, "s.db");
                reason
            }
            other => panic!("{damage}: {other:?}"),
        }
    }

    #[test]
    fn a_book_comes_back_from_its_chunks() {
        let (conn, book) = chunked();
        assert!(chunks(&conn) > 3);
        assert_eq!(read(&conn, "s.db", 3).unwrap().to_json(), book.to_json());
    }

    #[test]
    fn damaged_swapped_or_missing_chunks_are_errors_naming_the_snapshot() {
        let checksum =
            "is damaged (snapshot 3's columns do not read: chunk 1 does not match its checksum)";
        let flip = |byte: &str| {
            format!(
                "UPDATE snapshot_chunks SET data = CAST(substr(data, 1, 99) || x'{byte}'
                 || substr(data, 101) AS BLOB) WHERE part = 1"
            )
        };
        // One of the two changes the byte.
        assert_eq!(reason(&format!("{}; {}", flip("00"), flip("01"))), checksum);
        let text = "UPDATE snapshot_chunks SET data = 'text' WHERE part = 1";
        assert_eq!(reason(text), checksum);
        let swap = "UPDATE snapshot_chunks SET part = -1 WHERE part = 1;
            UPDATE snapshot_chunks SET part = 1 WHERE part = 2;
            UPDATE snapshot_chunks SET part = 2 WHERE part = -1;";
        assert_eq!(reason(swap), checksum);
        let cut =
            "UPDATE snapshot_chunks SET data = CAST(substr(data, 1, 4) AS BLOB) WHERE part = 1";
        assert_eq!(reason(cut), checksum);
        let last =
            "DELETE FROM snapshot_chunks WHERE part = (SELECT max(part) FROM snapshot_chunks)";
        assert!(reason(last).contains("it is cut short"), "{}", reason(last));
        let middle = "DELETE FROM snapshot_chunks WHERE part = 2";
        assert!(reason(middle).contains("it is cut short"));
        let none = "DELETE FROM snapshot_chunks";
        assert!(reason(none).contains("it is cut short"));
    }
}

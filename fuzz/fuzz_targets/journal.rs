//! Journal replay: `Change::from_json` and `store::replay` on the 20-member sample book
//! (what a store does with the events of an exchange another device sent).
//!
//! Input: no header tokens; section 0 holds one change's JSON per line. Line `k` is the
//! event of device `a` (even `k`) or `b` (odd `k`), its sequence number `k / 2 + 1`,
//! stamped `1000 + k` ms, so devices interleave.
//!
//! Promises: each line reads as a change or gives a typed error; replay gives a typed
//! error naming an event, or a book that is valid (its JSON reads back, validated, to
//! the same bytes) and whose look-ups (each rep's accounts, each account's hand-offs
//! and history, each event's attendees) are those the book read
//! back builds: replay changes the book in place and keeps its indexes current.
#![no_main]

use callwise::store::{Change, Entry, EntryId, Hlc, replay};
use callwise::{Book, Error};
use callwise_fuzz::{Input, sample_book_20, typed};
use libfuzzer_sys::{Corpus, fuzz_target};

/// What the indexes answer: each rep's accounts, each account's hand-offs and history,
/// each event's attendees.
fn lookups(book: &Book) -> Vec<String> {
    let mut seen = Vec::new();
    for r in book.rep_ids() {
        let owned: Vec<&str> = book.accounts_owned_by(r.as_str()).map(|a| a.id()).collect();
        seen.push(format!("{r}: {owned:?}"));
    }
    for a in book.account_ids() {
        let handoffs: Vec<String> = book.handoffs_of(a).map(|h| h.id.to_string()).collect();
        let history: Vec<String> = book.activities_of(a).map(|x| x.id().to_owned()).collect();
        seen.push(format!("{a}: {handoffs:?} {history:?}"));
    }
    for e in book.events() {
        seen.push(format!(
            "{}: {:?}",
            e.id(),
            e.attendees().collect::<Vec<_>>()
        ));
    }
    seen
}

fuzz_target!(|data: &[u8]| -> Corpus {
    let Some(input) = Input::read(data) else {
        return Corpus::Reject;
    };
    let mut entries = Vec::new();
    for (k, line) in input.section(0).lines().enumerate() {
        match Change::from_json(line) {
            Ok(change) => entries.push(Entry {
                id: EntryId::new(if k % 2 == 0 { "a" } else { "b" }, k as u64 / 2 + 1),
                clock: Hlc {
                    wall_ms: 1_000 + k as u64,
                    counter: 0,
                },
                authority_sequence: None,
                change,
            }),
            Err(err) => typed(&err, "Change::from_json", |e| {
                matches!(e, Error::Json { .. } | Error::InvalidArgument { .. })
            }),
        }
    }
    if entries.is_empty() {
        return Corpus::Keep;
    }
    match replay(sample_book_20(), &entries) {
        Err(err) => typed(&err, "replay", |e| matches!(e, Error::InvalidEvent { .. })),
        Ok(replayed) => {
            let json = replayed.book.to_json();
            let again = Book::from_json(&json)
                .unwrap_or_else(|e| panic!("the replayed book does not read back: {e}"));
            assert_eq!(again.to_json(), json, "the replayed book's JSON moved");
            assert_eq!(
                lookups(&replayed.book),
                lookups(&again),
                "replay left an index behind its records"
            );
        }
    }
    Corpus::Keep
});

//! Benchmarks of callwise live in `benches/`; this crate holds what they share, and the
//! `book_scale`, `json_scale` and `store_scale` measurements (`src/bin/`).

use callwise::store::Change;
use callwise::{Activity, Book, Channel, Direction, Outcome};
use std::fmt::Write;

/// The bytes the book holds by part, then in total and per activity, contact and account.
pub fn memory_report(book: &Book) -> String {
    let parts = book.memory();
    let total: usize = parts.iter().map(|p| p.1).sum();
    let sum = |prefix: &str| -> f64 {
        parts
            .iter()
            .filter(|p| p.0.starts_with(prefix))
            .map(|p| p.1)
            .sum::<usize>() as f64
    };
    let (activities, contacts, accounts) = (
        book.activities().len() as f64,
        book.contacts().len() as f64,
        book.accounts().len() as f64,
    );
    let mut text = String::new();
    for (part, bytes) in &parts {
        let _ = writeln!(text, "memory: {part:30} {bytes:>12} bytes");
    }
    let _ = writeln!(
        text,
        "memory: {:.1} MB in all; {:.1} bytes per activity, {:.1} per contact, {:.1} per account",
        total as f64 / 1e6,
        sum("activit") / activities,
        sum("contact") / contacts,
        sum("account") / accounts,
    );
    text
}

/// The process's peak memory and its memory now: `process: peak P GB, now N GB`.
pub fn process_memory() -> String {
    format!(
        "process: peak {:.2} GB, now {:.2} GB",
        status_gb("VmHWM:"),
        status_gb("VmRSS:")
    )
}

/// A memory line of `/proc/self/status` (`VmHWM:` the peak, `VmRSS:` now), in GB (0
/// where there is none).
pub fn status_gb(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb * 1024.0 / 1e9)
}

/// Changes logging activities on the book's first account, ids `act-{tag}-{n}` for
/// `range`: what the store's appends are measured with.
pub fn activity_changes(book: &Book, tag: &str, range: std::ops::Range<u64>) -> Vec<Change> {
    let account = book.accounts().next().expect("a book with an account");
    let (id, rep) = (account.id(), account.primary_owner().rep_id);
    range
        .map(|n| {
            Change::from_json(&format!(
                r#"{{"kind": "activity_logged", "activity": {{"id": "act-{tag}-{n}",
                "account_id": "{id}", "rep_id": "{rep}", "at": "2026-11-03T15:00:00Z",
                "channel": "call", "direction": "outbound"}}}}"#
            ))
            .expect("an activity change")
        })
        .collect()
}

/// An outbound call that nobody answered: what the append and re-rank measurements log.
pub fn unanswered_call(
    id: String,
    account: &str,
    contact: &str,
    rep: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Activity {
    Activity {
        id: id.into(),
        account_id: account.into(),
        contact_id: Some(contact.into()),
        rep_id: rep.into(),
        at,
        channel: Channel::Call,
        direction: Direction::Outbound,
        outcome: Some(Outcome::NoAnswer),
        duration_seconds: None,
        opportunity_id: None,
        campaign_id: None,
    }
}

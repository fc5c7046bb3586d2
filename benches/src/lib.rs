//! Benchmarks of callwise live in `benches/`; this crate holds what they share, and the
//! `book_scale` and `json_scale` measurements (`src/bin/`).

use callwise::Book;
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

/// A memory line of `/proc/self/status` (`"VmHWM:"`, the peak resident memory;
/// `"VmRSS:"`, the resident memory now), in GB (0 where there is none).
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

//! What callwise's fuzz targets share: how an input is read, and the promises every
//! answer is held to.
//!
//! An input is UTF-8 text (anything else is rejected, so the fuzzer keeps no such input):
//! a header line of whitespace-separated tokens, then sections separated by lines that
//! hold `%%` alone. Each target says what its tokens and sections are (`fuzz/README.md`
//! lists them). Tokens are read leniently, with a default when one is missing or does
//! not read, so that a mutation of the header still reaches the code under test.

use callwise::{Book, Error, Verdict};
use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};
use std::sync::OnceLock;

/// One fuzz input: the header's tokens and the sections after it.
pub struct Input<'a> {
    tokens: Vec<&'a str>,
    sections: Vec<&'a str>,
}

impl<'a> Input<'a> {
    /// The input read from the fuzzer's bytes; `None` when they are not UTF-8.
    pub fn read(data: &'a [u8]) -> Option<Self> {
        let text = std::str::from_utf8(data).ok()?;
        let (header, body) = text.split_once('\n').unwrap_or((text, ""));
        Some(Self {
            tokens: header.split_whitespace().collect(),
            sections: body.split("\n%%\n").collect(),
        })
    }

    /// Token `i` of the header, if there is one.
    pub fn token(&self, i: usize) -> Option<&'a str> {
        self.tokens.get(i).copied()
    }

    /// Section `i` of the body (empty when there is none).
    pub fn section(&self, i: usize) -> &'a str {
        self.sections.get(i).copied().unwrap_or("")
    }

    /// Token `i` as an instant: RFC 3339 (`2026-11-24T15:00:00Z`), or whole seconds from
    /// the Unix epoch anywhere in chrono's range; else `default` (RFC 3339).
    pub fn instant(&self, i: usize, default: &str) -> DateTime<Utc> {
        self.token(i)
            .and_then(|t| {
                callwise::time::parse_instant(t, "at").ok().or_else(|| {
                    t.parse::<i64>()
                        .ok()
                        .and_then(|s| DateTime::from_timestamp(s, 0))
                })
            })
            .unwrap_or_else(|| default.parse().expect("a valid default instant"))
    }

    /// Token `i` as a date (`YYYY-MM-DD`), else `default`.
    pub fn date(&self, i: usize, default: &str) -> NaiveDate {
        self.token(i)
            .and_then(|t| t.parse::<NaiveDate>().ok())
            .unwrap_or_else(|| default.parse().expect("a valid default date"))
    }

    /// Token `i` as an integer, else `default`.
    pub fn int(&self, i: usize, default: i64) -> i64 {
        self.token(i)
            .and_then(|t| t.parse().ok())
            .unwrap_or(default)
    }
}

/// Whether an answer stays within the years 0000 to 9999, the range every binding reads
/// back.
pub fn in_range(t: DateTime<Utc>) -> bool {
    (0..=9999).contains(&t.year())
}

/// Holds an error to the promise that it is one of the kinds the function documents
/// (`documented`), and that its message reads.
///
/// # Panics
/// When it is not, with the function's name and the error.
pub fn typed(err: &Error, function: &str, documented: impl Fn(&Error) -> bool) {
    assert!(
        documented(err),
        "{function}: an error it does not document: {err:?}"
    );
    assert!(!err.to_string().is_empty(), "{function}: an empty message");
}

/// The sample book of 20 members (seed 7): open tasks, an operations rep, hand-offs,
/// events and a campaign; made once.
pub fn sample_book_20() -> &'static Book {
    static BOOK: OnceLock<Book> = OnceLock::new();
    BOOK.get_or_init(|| {
        callwise::sample_book(&callwise::SampleConfig::new(7, 20)).expect("the sample book")
    })
}

/// The call-list fixture book (reps, teams, contacts, memberships, activities, events),
/// read once.
pub fn call_list_book() -> &'static Book {
    static BOOK: OnceLock<Book> = OnceLock::new();
    BOOK.get_or_init(|| fixture(include_str!("../../tests/fixtures/call_list_book.json")))
}

/// The calling fixture book (contacts in many zones, consents, do-not-call, attempts
/// that reach the caps), read once.
pub fn calling_book() -> &'static Book {
    static BOOK: OnceLock<Book> = OnceLock::new();
    BOOK.get_or_init(|| fixture(include_str!("../../tests/fixtures/calling_book.json")))
}

fn fixture(json: &str) -> Book {
    Book::from_json(json).expect("a fixture book reads")
}

/// Seconds just before `next_allowed` that are checked one by one: none may be allowed.
const SCAN_SECONDS: i64 = 120;

/// Instants spread evenly from the instant asked about to `next_allowed` (or over the
/// 400 days searched, when there is none) that are checked: none may be allowed.
const SCAN_SPREAD: i64 = 64;

/// Holds `verdict`, the answer of `check` at `at`, to the promises of [`Verdict`]: when
/// blocked with `next_allowed`, that instant comes after `at`, within 400 days and the
/// years 0000 to 9999, `check` allows it, and no instant of a scan before it (each of
/// the last [`SCAN_SECONDS`] seconds, and [`SCAN_SPREAD`] instants spread from `at`, or
/// from the year 0000 when `at` is before it) is allowed; when blocked with none, no
/// instant of the scan over the next 400 days within those years is allowed.
///
/// # Panics
/// When a promise is broken, naming `what`.
pub fn hold_verdict(
    what: &str,
    at: DateTime<Utc>,
    verdict: Verdict,
    check: impl Fn(DateTime<Utc>) -> Verdict,
) {
    let Verdict::Blocked { rule, next_allowed } = verdict else {
        return;
    };
    let blocked = |t: DateTime<Utc>| {
        assert!(
            !check(t).is_allowed(),
            "{what}: blocked at {at} ({rule}) with next_allowed {next_allowed:?}, yet {t} is allowed"
        );
    };
    // The answers are searched for within the years 0000 to 9999 only.
    let from = at.max(first_instant());
    let spread = |end: DateTime<Utc>| {
        let step = (end - from) / SCAN_SPREAD as i32;
        (0..SCAN_SPREAD as i32).map(move |k| from + step * k)
    };
    match next_allowed {
        Some(next) => {
            assert!(next > at, "{what}: next_allowed {next} is not after {at}");
            assert!(
                in_range(next),
                "{what}: next_allowed {next} is past the year 9999"
            );
            assert!(
                next - at <= TimeDelta::days(400),
                "{what}: next_allowed {next} is more than 400 days after {at}"
            );
            assert!(
                check(next).is_allowed(),
                "{what}: blocked at {at} ({rule}) until {next}, which is blocked too: {:?}",
                check(next)
            );
            for k in 1..=SCAN_SECONDS {
                let t = next - TimeDelta::seconds(k);
                if t < from {
                    break;
                }
                blocked(t);
            }
            spread(next).for_each(blocked);
        }
        None => {
            // Over the 400 days searched, which end with the year 9999.
            let end = at
                .checked_add_signed(TimeDelta::days(400))
                .map_or_else(last_instant, |t| t.min(last_instant()));
            if end > from {
                spread(end).for_each(blocked);
            }
        }
    }
}

/// The start of the year 0000.
pub fn first_instant() -> DateTime<Utc> {
    "0000-01-01T00:00:00Z".parse().expect("an instant")
}

/// The end of the year 9999.
pub fn last_instant() -> DateTime<Utc> {
    "9999-12-31T23:59:59.999999999Z"
        .parse()
        .expect("an instant")
}

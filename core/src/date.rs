//! Calendar dates given as text, read the same way in every language.

use crate::{Error, Result};
use chrono::NaiveDate;

/// Reads a `YYYY-MM-DD` date, strictly: four-digit year, two-digit month and day.
/// chrono's own parser also takes one-digit months, signs and spaces; the bindings
/// take dates as text and must agree on which texts are dates, so they all read them
/// here.
///
/// # Errors
/// [`Error::InvalidArgument`] named `name` when the text is not in that form or is not
/// a real date (30 February).
///
/// # Example
/// ```
/// let d = callwise::parse_date("2028-02-29", "as_of").unwrap();
/// assert_eq!(d.to_string(), "2028-02-29");
/// assert!(callwise::parse_date("2027-02-29", "as_of").is_err()); // not a leap year
/// assert!(callwise::parse_date("2027-2-28", "as_of").is_err()); // one-digit month
/// ```
pub fn parse_date(text: &str, name: &'static str) -> Result<NaiveDate> {
    let invalid = |why: String| Error::InvalidArgument {
        name,
        reason: format!("{text:?} is not a YYYY-MM-DD date: {why}"),
    };
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err(invalid(
            "expected four-digit year, two-digit month and day".to_owned(),
        ));
    }
    text.parse()
        .map_err(|err: chrono::ParseError| invalid(err.to_string()))
}

/// Reads a column of `YYYY-MM-DD` dates as [`parse_date`] does, naming the row of the
/// first bad one.
///
/// # Errors
/// [`Error::InvalidArgument`] named `name`, its reason starting `row i: `.
///
/// # Example
/// ```
/// let dates = callwise::parse_dates(&["2026-01-31", "2026-02-01"], "dates").unwrap();
/// assert_eq!(dates.len(), 2);
/// let err = callwise::parse_dates(&["2026-01-31", "2026-02-30"], "dates").unwrap_err();
/// assert!(err.to_string().contains("row 1: "));
/// ```
pub fn parse_dates<S: AsRef<str>>(texts: &[S], name: &'static str) -> Result<Vec<NaiveDate>> {
    texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            parse_date(text.as_ref(), name).map_err(|err| match err {
                Error::InvalidArgument { name, reason } => Error::InvalidArgument {
                    name,
                    reason: format!("row {i}: {reason}"),
                },
                other => other,
            })
        })
        .collect()
}

/// The first and last instants every binding accepts: the years 0000 to 9999, which
/// RFC 3339 (the JSON form of instants) can write.
const FIRST_INSTANT_SECS: i64 = -62_167_219_200; // 0000-01-01T00:00:00Z
const PAST_LAST_INSTANT_SECS: i64 = 253_402_300_800; // 10000-01-01T00:00:00Z

/// An instant given as seconds and nanoseconds from the Unix epoch, as bindings
/// receive them (`java.time.Instant`, `SystemTime`), within the years 0000 to 9999.
///
/// # Errors
/// [`Error::InvalidArgument`] named `name` when the instant is outside those years or
/// `nanos` is a second or more.
///
/// # Example
/// ```
/// let at = callwise::instant_from_unix(1_795_000_000, 0, "at").unwrap();
/// assert_eq!(at.to_rfc3339(), "2026-11-18T11:06:40+00:00");
/// assert!(callwise::instant_from_unix(i64::MAX, 0, "at").is_err());
/// assert!(callwise::instant_from_unix(0, 1_000_000_000, "at").is_err());
/// ```
pub fn instant_from_unix(
    seconds: i64,
    nanos: u32,
    name: &'static str,
) -> Result<chrono::DateTime<chrono::Utc>> {
    (FIRST_INSTANT_SECS..PAST_LAST_INSTANT_SECS)
        .contains(&seconds)
        .then(|| chrono::DateTime::from_timestamp(seconds, nanos))
        .flatten()
        .ok_or_else(|| Error::InvalidArgument {
            name,
            reason: format!(
                "{seconds} s {nanos} ns from the Unix epoch is not an instant in the years 0000 to 9999"
            ),
        })
}

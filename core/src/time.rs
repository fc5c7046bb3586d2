//! Dates, instants, clock times and time zones: read from text strictly, the same way
//! in every language, and converted between wall-clock time and instants.

use crate::{Error, Result};
use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Deserialize;

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
/// let d = callwise::time::parse_date("2028-02-29", "as_of").unwrap();
/// assert_eq!(d.to_string(), "2028-02-29");
/// assert!(callwise::time::parse_date("2027-02-29", "as_of").is_err()); // not a leap year
/// assert!(callwise::time::parse_date("2027-2-28", "as_of").is_err()); // one-digit month
/// ```
pub fn parse_date(text: &str, name: &'static str) -> Result<NaiveDate> {
    read_date(text).map_err(|reason| Error::invalid_argument(name, reason))
}

/// [`parse_date`]'s reading, its refusal as a sentence.
fn read_date(text: &str) -> std::result::Result<NaiveDate, String> {
    let invalid = |why: String| format!("{text:?} is not a YYYY-MM-DD date: {why}");
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

/// Reads an RFC 3339 instant, strictly: `YYYY-MM-DDTHH:MM:SS`, an optional fraction of
/// a second (`.` and one to nine digits), then `Z` or an offset `+HH:MM` / `-HH:MM`;
/// two digits everywhere, upper-case `T` and `Z`, no leap second (`:60`), and, once the
/// offset is applied, within the years 0000 to 9999 UTC (the range of
/// [`instant_from_unix`], which every binding reads back). chrono's own reader takes
/// one-digit fields, spaces for `T`, leap seconds and years past 9999; the book's JSON,
/// CRM exports and every binding read instants here instead.
///
/// # Errors
/// [`Error::InvalidArgument`] named `name` when the text has another shape, is not a
/// real date and time, or falls outside those years.
///
/// # Example
/// ```
/// use callwise::time::parse_instant;
/// let at = parse_instant("2026-03-08T09:30:00.5-05:00", "at").unwrap();
/// assert_eq!(at.to_rfc3339(), "2026-03-08T14:30:00.500+00:00");
/// assert!(parse_instant("2026-1-1T00:00:00Z", "at").is_err()); // one-digit month
/// assert!(parse_instant("2026-03-01T23:59:60Z", "at").is_err()); // leap second
/// assert!(parse_instant("9999-12-31T23:59:59-01:00", "at").is_err()); // year 10000 in UTC
/// ```
pub fn parse_instant(text: &str, name: &'static str) -> Result<DateTime<Utc>> {
    read_instant(text).map_err(|reason| Error::invalid_argument(name, reason))
}

/// [`parse_instant`]'s reading, its refusal as a sentence.
fn read_instant(text: &str) -> std::result::Result<DateTime<Utc>, String> {
    let refuse = || {
        format!(
            "{text:?} is not an RFC 3339 instant: YYYY-MM-DDTHH:MM:SS, an optional fraction \
             of a second, then Z or an offset +HH:MM or -HH:MM"
        )
    };
    let b = text.as_bytes();
    // Two ASCII digits at `at`, as a number.
    let two = |at: usize| match b.get(at..at + 2) {
        Some(&[x, y]) if x.is_ascii_digit() && y.is_ascii_digit() => {
            Some(u32::from(x - b'0') * 10 + u32::from(y - b'0'))
        }
        _ => None,
    };
    let date = text
        .get(..10)
        .and_then(|d| read_date(d).ok())
        .filter(|_| {
            b.get(10) == Some(&b'T') && b.get(13) == Some(&b':') && b.get(16) == Some(&b':')
        })
        .ok_or_else(refuse)?;
    let (Some(hour), Some(minute), Some(second)) = (two(11), two(14), two(17)) else {
        return Err(refuse());
    };
    let mut at = 19;
    let mut nanos = 0;
    if b.get(at) == Some(&b'.') {
        let digits = b[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if !(1..=9).contains(&digits) {
            return Err(refuse());
        }
        for (i, &d) in b[at + 1..at + 1 + digits].iter().enumerate() {
            nanos += u32::from(d - b'0') * 10u32.pow(8 - i as u32);
        }
        at += 1 + digits;
    }
    let offset_secs = match (b.get(at), b.len() - at) {
        (Some(b'Z'), 1) => 0,
        (Some(&sign @ (b'+' | b'-')), 6) if b[at + 3] == b':' => {
            let (Some(h), Some(m)) = (two(at + 1), two(at + 4)) else {
                return Err(refuse());
            };
            if h > 23 || m > 59 {
                return Err(refuse());
            }
            let secs = i64::from(h * 3600 + m * 60);
            if sign == b'-' { -secs } else { secs }
        }
        _ => return Err(refuse()),
    };
    let local = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)
        .map(|time| date.and_time(time))
        .ok_or_else(refuse)?;
    let seconds = local.and_utc().timestamp() - offset_secs;
    instant_from_unix(seconds, nanos, "instant").map_err(|_| {
        format!("{text:?} is outside the years 0000 to 9999 once its offset is applied (UTC)")
    })
}

/// A type serde reads strictly from text: dates by [`parse_date`]'s rule, instants by
/// [`parse_instant`]'s.
pub(crate) trait Strict: Sized {
    /// The value `text` holds, or a sentence saying why it holds none.
    fn read(text: &str) -> std::result::Result<Self, String>;
}

impl Strict for NaiveDate {
    fn read(text: &str) -> std::result::Result<Self, String> {
        read_date(text)
    }
}

impl Strict for DateTime<Utc> {
    fn read(text: &str) -> std::result::Result<Self, String> {
        read_instant(text)
    }
}

/// One strictly read value, as serde sees it (borrowing the text where it can).
struct StrictValue<T>(T);

impl<'de, T: Strict> Deserialize<'de> for StrictValue<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visit<T>(std::marker::PhantomData<T>);
        impl<T: Strict> serde::de::Visitor<'_> for Visit<T> {
            type Value = StrictValue<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a date (YYYY-MM-DD) or an instant (RFC 3339) as a string")
            }
            fn visit_str<E: serde::de::Error>(
                self,
                text: &str,
            ) -> std::result::Result<Self::Value, E> {
                T::read(text).map(StrictValue).map_err(E::custom)
            }
        }
        d.deserialize_str(Visit(std::marker::PhantomData))
    }
}

/// Serde's reading of a date or an instant through [`parse_date`] or [`parse_instant`]
/// (`#[serde(deserialize_with = "crate::time::strict")]`).
pub(crate) fn strict<'de, D: serde::Deserializer<'de>, T: Strict>(
    d: D,
) -> std::result::Result<T, D::Error> {
    StrictValue::deserialize(d).map(|v| v.0)
}

/// [`strict`] for an optional date or instant (with `#[serde(default)]`).
pub(crate) fn strict_opt<'de, D: serde::Deserializer<'de>, T: Strict>(
    d: D,
) -> std::result::Result<Option<T>, D::Error> {
    Option::<StrictValue<T>>::deserialize(d).map(|v| v.map(|v| v.0))
}

/// Reads a column of `YYYY-MM-DD` dates as [`parse_date`] does, naming the row of the
/// first bad one.
///
/// # Errors
/// [`Error::InvalidArgument`] named `name`, its reason starting `row i: `.
///
/// # Example
/// ```
/// let dates = callwise::time::parse_dates(&["2026-01-31", "2026-02-01"], "dates").unwrap();
/// assert_eq!(dates.len(), 2);
/// let err = callwise::time::parse_dates(&["2026-01-31", "2026-02-30"], "dates").unwrap_err();
/// assert!(err.to_string().contains("row 1: "));
/// ```
pub fn parse_dates<S: AsRef<str>>(texts: &[S], name: &'static str) -> Result<Vec<NaiveDate>> {
    texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            parse_date(text.as_ref(), name).map_err(|err| match err {
                Error::InvalidArgument { name, reason } => {
                    Error::invalid_argument(name, format!("row {i}: {reason}"))
                }
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
/// let at = callwise::time::instant_from_unix(1_795_000_000, 0, "at").unwrap();
/// assert_eq!(at.to_rfc3339(), "2026-11-18T11:06:40+00:00");
/// assert!(callwise::time::instant_from_unix(i64::MAX, 0, "at").is_err());
/// assert!(callwise::time::instant_from_unix(0, 1_000_000_000, "at").is_err());
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
        .ok_or_else(|| Error::invalid_argument(name, format!(
                "{seconds} s {nanos} ns from the Unix epoch is not an instant in the years 0000 to 9999"
            )))
}

/// Reads an IANA time zone name (`"America/New_York"`).
///
/// # Errors
/// [`Error::UnknownTimeZone`] when the name is not in the IANA database bundled with
/// this build.
///
/// # Example
/// ```
/// let tz = callwise::time::parse_time_zone("Australia/Lord_Howe").unwrap();
/// assert_eq!(tz.name(), "Australia/Lord_Howe");
/// assert!(matches!(
///     callwise::time::parse_time_zone("Mars/Olympus_Mons"),
///     Err(callwise::Error::UnknownTimeZone { .. })
/// ));
/// ```
pub fn parse_time_zone(name: &str) -> Result<Tz> {
    name.parse::<Tz>().map_err(|_| Error::UnknownTimeZone {
        zone: name.to_owned(),
    })
}

/// Serde's reading of a local date and time through [`parse_local_date_time`].
pub(crate) fn strict_local_date_time<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<NaiveDateTime, D::Error> {
    let text = String::deserialize(d)?;
    parse_local_date_time(&text, "first_start").map_err(serde::de::Error::custom)
}

/// Reads a clock time, strictly `HH:MM` or `HH:MM:SS` (two digits each), the form
/// windows and routines use in JSON and in every binding.
///
/// # Errors
/// [`Error::InvalidArgument`] named `name` when the text has another shape or is not a
/// time of day (`24:00`, `12:60`).
///
/// # Example
/// ```
/// assert_eq!(callwise::time::parse_clock("08:30", "start").unwrap().to_string(), "08:30:00");
/// assert!(callwise::time::parse_clock("8:30", "start").is_err());
/// assert!(callwise::time::parse_clock("24:00", "start").is_err());
/// ```
pub fn parse_clock(text: &str, name: &'static str) -> Result<NaiveTime> {
    let shaped = matches!(text.len(), 5 | 8)
        && text.bytes().enumerate().all(|(i, b)| match i {
            2 | 5 => b == b':',
            _ => b.is_ascii_digit(),
        });
    let format = if text.len() == 5 { "%H:%M" } else { "%H:%M:%S" };
    shaped
        .then(|| NaiveTime::parse_from_str(text, format).ok())
        .flatten()
        .ok_or_else(|| {
            Error::invalid_argument(
                name,
                format!("{text:?} is not an HH:MM or HH:MM:SS time of day"),
            )
        })
}

/// Reads a local date and time, strictly `YYYY-MM-DDTHH:MM:SS` (a wall-clock time with
/// no zone or offset, as routines' first starts are given).
///
/// # Errors
/// [`Error::InvalidArgument`] named `name` when the text has another shape or is not a
/// real date and time.
///
/// # Example
/// ```
/// let t = callwise::time::parse_local_date_time("2028-02-29T10:00:00", "first_start").unwrap();
/// assert_eq!(t.to_string(), "2028-02-29 10:00:00");
/// assert!(callwise::time::parse_local_date_time("2027-02-29T10:00:00", "first_start").is_err());
/// assert!(callwise::time::parse_local_date_time("2026-11-24 10:00:00", "first_start").is_err());
/// ```
pub fn parse_local_date_time(text: &str, name: &'static str) -> Result<NaiveDateTime> {
    let refuse = || {
        Error::invalid_argument(
            name,
            format!("{text:?} is not a YYYY-MM-DDTHH:MM:SS local date and time"),
        )
    };
    let (date, time) = text.split_once('T').ok_or_else(refuse)?;
    let date = parse_date(date, name).map_err(|_| refuse())?;
    let time = parse_clock(time, name)
        .ok()
        .filter(|_| time.len() == 8)
        .ok_or_else(refuse)?;
    Ok(date.and_time(time))
}

/// A clock time as text: `HH:MM`, or `HH:MM:SS` when the seconds are not zero (a
/// fraction of a second is not written). [`parse_clock`] reads it back; windows show
/// their ends this way, and bindings pass clock times across as this text.
///
/// # Example
/// ```
/// let t = callwise::time::parse_clock("08:30", "start").unwrap();
/// assert_eq!(callwise::time::format_clock(t), "08:30");
/// let t = callwise::time::parse_clock("20:59:30", "end").unwrap();
/// assert_eq!(callwise::time::format_clock(t), "20:59:30");
/// ```
pub fn format_clock(time: NaiveTime) -> String {
    use chrono::Timelike;
    let format = if time.second() == 0 {
        "%H:%M"
    } else {
        "%H:%M:%S"
    };
    time.format(format).to_string()
}

/// A local date and time as text, `YYYY-MM-DDTHH:MM:SS` (the seconds always written, a
/// fraction of a second never): the form [`parse_local_date_time`] reads and routines'
/// first starts are given in.
///
/// # Example
/// ```
/// let t = callwise::time::parse_local_date_time("2028-02-29T10:00:00", "first_start").unwrap();
/// assert_eq!(callwise::time::format_local_date_time(t), "2028-02-29T10:00:00");
/// ```
pub fn format_local_date_time(time: NaiveDateTime) -> String {
    time.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// The wall-clock time of `at` in `tz`; `None` within a day of the ends of chrono's
/// calendar, where the local time has no date (chrono's own conversion panics there).
pub(crate) fn local(tz: Tz, at: DateTime<Utc>) -> Option<NaiveDateTime> {
    use chrono::Offset;
    let offset = tz.offset_from_utc_datetime(&at.naive_utc()).fix();
    at.naive_utc().checked_add_offset(offset)
}

/// Every instant whose wall time in `tz` is `local`, earliest first; for a wall time in
/// a spring-forward gap, the one instant that ends the gap.
pub(crate) fn instants_at(tz: Tz, local: NaiveDateTime) -> [Option<DateTime<Utc>>; 2] {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => [Some(t.with_timezone(&Utc)), None],
        LocalResult::Ambiguous(a, b) => [Some(a.with_timezone(&Utc)), Some(b.with_timezone(&Utc))],
        LocalResult::None => [gap_end(tz, local), None],
    }
}

/// The earliest instant whose wall time is `local` or later, for `local` inside a gap:
/// found by bisection over the day around it, where wall time only moves forward.
fn gap_end(tz: Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    let wall = |secs: i64| DateTime::from_timestamp(secs, 0).and_then(|t| self::local(tz, t));
    let guess = local.and_utc().timestamp();
    let (mut lo, mut hi) = (guess - 15 * 3600, guess + 15 * 3600);
    if wall(hi)? < local {
        return None;
    }
    // Invariant: wall(lo) < local <= wall(hi), in whole seconds.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if wall(mid)? >= local {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    DateTime::from_timestamp(hi, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gap_opens_at_the_transition() {
        let tz = parse_time_zone("America/New_York").unwrap();
        let local = NaiveDate::from_ymd_opt(2026, 3, 8)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        let [first, second] = instants_at(tz, local);
        assert_eq!(first.unwrap().to_rfc3339(), "2026-03-08T07:00:00+00:00");
        assert!(second.is_none());
    }
}

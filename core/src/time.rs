//! Dates, instants, clock times and time zones: read from text strictly, the same way
//! in every language, and converted between wall-clock time and instants.

use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
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
    let Some((year, month, day)) = ymd_digits(text.as_bytes()) else {
        return Err(invalid(
            "expected four-digit year, two-digit month and day".to_owned(),
        ));
    };
    // The digits as numbers, checked by `from_ymd_opt`; a text it refuses goes to
    // chrono's reader (which refuses it too), for chrono's reason.
    if let Some(date) = i32::try_from(year)
        .ok()
        .and_then(|year| NaiveDate::from_ymd_opt(year, month, day))
    {
        return Ok(date);
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

/// The year, month and day of a `YYYY-MM-DD` text, not yet checked to be a date.
fn ymd_digits(b: &[u8]) -> Option<(u32, u32, u32)> {
    let shaped = b.len() == 10
        && b.iter().enumerate().all(|(i, &c)| match i {
            4 | 7 => c == b'-',
            _ => c.is_ascii_digit(),
        });
    let number = |digits: &[u8]| digits.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0'));
    shaped.then(|| (number(&b[..4]), number(&b[5..7]), number(&b[8..])))
}

/// The days from 1970-01-01 to `year`-`month`-`day` of the proleptic Gregorian
/// calendar, when that is a real date (Howard Hinnant's `days_from_civil`): the
/// arithmetic of chrono's dates without building one.
fn civil_days(year: u32, month: u32, day: u32) -> Option<i64> {
    const LAST_DAY: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let last = match month {
        2 if leap => 29,
        1..=12 => LAST_DAY[month as usize - 1],
        _ => return None,
    };
    if !(1..=last).contains(&day) {
        return None;
    }
    // Years start in March, so that the leap day ends one.
    let (y, m) = (i64::from(year) - i64::from(month <= 2), i64::from(month));
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * ((m + 9) % 12) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some(era * 146_097 + day_of_era - 719_468)
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
    let days = b
        .get(..10)
        .and_then(ymd_digits)
        .and_then(|(year, month, day)| civil_days(year, month, day))
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
    if hour > 23 || minute > 59 || second > 59 {
        return Err(refuse());
    }
    let seconds = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second) - offset_secs;
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

/// A date or an instant as serde writes it (chrono's text: `YYYY-MM-DD`; RFC 3339 in
/// UTC with `Z` and a fraction of a second of 3, 6 or 9 digits when there is one), the
/// digits put in place by hand rather than through chrono's formatter (a book's JSON
/// has one or more in most records). Years outside 0000 to 9999 and leap seconds,
/// which chrono writes in other shapes, are left to chrono.
pub(crate) struct Wire<T>(pub(crate) T);

/// Writes `n` as `width` digits at the start of `out` (`n` has no more).
fn put_digits(out: &mut [u8], mut n: u32, width: usize) {
    for d in out[..width].iter_mut().rev() {
        *d = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

/// `date` as `YYYY-MM-DD` in `out[..10]`, when its year is 0000 to 9999.
fn put_date(out: &mut [u8], date: NaiveDate) -> Option<()> {
    use chrono::Datelike;
    let year = u32::try_from(date.year()).ok().filter(|&y| y <= 9999)?;
    put_digits(out, year, 4);
    out[4] = b'-';
    put_digits(&mut out[5..], date.month(), 2);
    out[7] = b'-';
    put_digits(&mut out[8..], date.day(), 2);
    Some(())
}

impl serde::Serialize for Wire<NaiveDate> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut out = [0u8; 10];
        match put_date(&mut out, self.0).and_then(|()| std::str::from_utf8(&out).ok()) {
            Some(text) => s.serialize_str(text),
            None => self.0.serialize(s),
        }
    }
}

/// `at` as chrono's serde writes it, in `out`: the length used.
fn put_instant(out: &mut [u8; 30], at: DateTime<Utc>) -> Option<usize> {
    use chrono::Timelike;
    let nanos = at.nanosecond();
    if nanos >= 1_000_000_000 {
        return None;
    }
    put_date(out, at.date_naive())?;
    out[10] = b'T';
    put_digits(&mut out[11..], at.hour(), 2);
    out[13] = b':';
    put_digits(&mut out[14..], at.minute(), 2);
    out[16] = b':';
    put_digits(&mut out[17..], at.second(), 2);
    let mut end = 19;
    let (fraction, width) = match nanos {
        0 => (0, 0),
        n if n % 1_000_000 == 0 => (n / 1_000_000, 3),
        n if n % 1_000 == 0 => (n / 1_000, 6),
        n => (n, 9),
    };
    if width > 0 {
        out[end] = b'.';
        put_digits(&mut out[end + 1..], fraction, width);
        end += 1 + width;
    }
    out[end] = b'Z';
    Some(end + 1)
}

impl serde::Serialize for Wire<DateTime<Utc>> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut out = [0u8; 30];
        match put_instant(&mut out, self.0).and_then(|n| std::str::from_utf8(&out[..n]).ok()) {
            Some(text) => s.serialize_str(text),
            None => self.0.serialize(s),
        }
    }
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

// Zone conversions. Every conversion between instants and wall-clock times in callwise
// goes through the functions below, so the daylight-saving rules of years past the
// tz tables (see `table_instant`) hold everywhere: calling verdicts, routine blocks and
// cadence due times.

use chrono::{FixedOffset, Offset};

/// The last year whose offsets chrono-tz's tables give directly: its tables list the
/// transitions of every zone's rules through 2099 and keep the last offset after that,
/// where the tz database (and `zoneinfo`, through the POSIX rule of each TZif file) keeps
/// applying the rules.
const LAST_TABLE_YEAR: i32 = 2099;

/// The instant whose offset in any zone is that of `at`: `at` itself up to the tables'
/// end; past it, `at` moved back by whole weeks into the last years of the tables.
///
/// Every rule the tz database applies from the 2090s on (the POSIX rules of the TZif
/// files: "second Sunday in March at 02:00", "the Saturday after the fourth Thursday in
/// October at 50:00"...) falls between March and November and is fixed by the weekdays
/// of the months from March on, which the weekday of 1 March fixes. So a "rule year",
/// from 15 February to 14 February (no rule falls in January or February, so the
/// offset there is the one the previous November left), is mapped to the latest rule
/// year up to 2099 whose 1 March falls on the same weekday (2090 to 2099, all past the
/// last scheduled irregular transitions, Gaza's 2086 and Morocco's 2087). The test
/// `rule_years_past_the_tables_repeat_the_last_ones` checks this for every zone, and the
/// Python suite compares the result with `zoneinfo` up to the year 9999.
fn table_instant(at: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::Datelike;
    let march_first = |year: i32| NaiveDate::from_ymd_opt(year, 3, 1);
    let Some(shifted) = at.date_naive().checked_add_days(chrono::Days::new(14)) else {
        return at;
    };
    let rule_year = if shifted.month() >= 3 {
        shifted.year()
    } else {
        shifted.year() - 1
    };
    if rule_year <= LAST_TABLE_YEAR {
        return at;
    }
    let Some(target) = march_first(rule_year) else {
        return at;
    };
    let weekday = target.weekday();
    (LAST_TABLE_YEAR - 27..=LAST_TABLE_YEAR)
        .rev()
        .filter_map(march_first)
        .find(|d| d.weekday() == weekday)
        .and_then(|reference| at.checked_sub_signed(target - reference))
        .unwrap_or(at)
}

/// The first instant every binding accepts: the start of the year 0000.
pub(crate) fn first_instant() -> DateTime<Utc> {
    DateTime::from_timestamp(FIRST_INSTANT_SECS, 0).expect("in chrono's range")
}

/// The last instant every binding accepts and every answer stays within: the end of the
/// year 9999.
pub(crate) fn last_instant() -> DateTime<Utc> {
    DateTime::from_timestamp(PAST_LAST_INSTANT_SECS - 1, 999_999_999).expect("in chrono's range")
}

/// The offset from UTC in force in `tz` at `at`, with its daylight-saving part and
/// abbreviation, by the tz database's rules in every year (see [`table_instant`]).
pub(crate) fn zone_offset(tz: Tz, at: DateTime<Utc>) -> chrono_tz::TzOffset {
    tz.offset_from_utc_datetime(&table_instant(at).naive_utc())
}

/// The UTC offset in force in `tz` at `at`.
pub(crate) fn offset(tz: Tz, at: DateTime<Utc>) -> FixedOffset {
    zone_offset(tz, at).fix()
}

/// The wall-clock time of `at` in `tz`; `None` within a day of the ends of chrono's
/// calendar, where the local time has no date (chrono's own conversion panics there).
pub(crate) fn local(tz: Tz, at: DateTime<Utc>) -> Option<NaiveDateTime> {
    at.naive_utc().checked_add_offset(offset(tz, at))
}

/// The probe step of [`next_change`]: shorter than the shortest time between two changes
/// of offset in the tz database (6 days 23 hours: Noronha, Recife and Boa Vista in
/// October 2000, Gaza in some years from 2040), so a probe interval holds at most one
/// change and none goes unseen.
const PROBE: i64 = 86_400;

/// The first instant after `from`, up to `until`, at which the offset of `tz` differs
/// from its offset at `from`; `None` when it does not change by then.
pub(crate) fn next_change(
    tz: Tz,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    // Offsets change at whole seconds: work in seconds from the second `from` is in.
    let at = |secs: i64| DateTime::<Utc>::from_timestamp(secs, 0);
    let start = from.timestamp();
    let end = until.timestamp();
    let base = offset(tz, from);
    let changed = |secs: i64| at(secs).is_some_and(|t| offset(tz, t) != base);
    let mut lo = start;
    loop {
        if lo >= end {
            return None;
        }
        let hi = lo.saturating_add(PROBE).min(end);
        if changed(hi) {
            // Invariant: the offset at `lo` is `base`, at `hi` it is not.
            let (mut lo, mut hi) = (lo, hi);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if changed(mid) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            return at(hi).filter(|t| *t > from);
        }
        lo = hi;
    }
}

/// Where a wall-clock time falls in a zone.
pub(crate) enum Placed {
    /// It happens once, at this instant.
    Once(DateTime<Utc>),
    /// It happens twice (clocks went back): these instants, earliest first.
    Twice(DateTime<Utc>, DateTime<Utc>),
    /// It never happens (clocks went forward over it) at the change at `change`,
    /// before which the offset was `before`.
    Skipped {
        /// The instant of the change.
        change: DateTime<Utc>,
        /// The offset in force before it.
        before: FixedOffset,
    },
}

/// Where the wall-clock time `local` falls in `tz`; `None` within a day of the ends of
/// chrono's calendar.
pub(crate) fn place(tz: Tz, local: NaiveDateTime) -> Option<Placed> {
    // Every instant with this wall time is within a day of it read as UTC (offsets are
    // under a day), and a day either side holds at most one change of offset.
    let guess = local.and_utc();
    let day = chrono::Duration::days(1);
    let early = guess.checked_sub_signed(day)?;
    let late = guess.checked_add_signed(day)?;
    let (before, after) = (offset(tz, early), offset(tz, late));
    let at = |o: FixedOffset| {
        local
            .checked_sub_offset(o)
            .map(|t| t.and_utc())
            .filter(|t| offset(tz, *t) == o)
    };
    match (at(before), at(after)) {
        (Some(a), Some(b)) if a != b => Some(Placed::Twice(a.min(b), a.max(b))),
        (Some(a), _) | (None, Some(a)) => Some(Placed::Once(a)),
        (None, None) => Some(Placed::Skipped {
            change: next_change(tz, early, late)?,
            before,
        }),
    }
}

/// Every instant whose wall time in `tz` is `local`, earliest first; for a wall time in
/// a spring-forward gap, the one instant that ends the gap.
pub(crate) fn instants_at(tz: Tz, local: NaiveDateTime) -> [Option<DateTime<Utc>>; 2] {
    match place(tz, local) {
        Some(Placed::Once(t)) => [Some(t), None],
        Some(Placed::Twice(a, b)) => [Some(a), Some(b)],
        Some(Placed::Skipped { change, .. }) => [Some(change), None],
        None => [None, None],
    }
}

/// The instant RFC 5545 (section 3.3.5) gives the wall time `local` in `tz`: the first
/// of two in an overlap; in a gap, the wall time read with the offset before the gap.
pub(crate) fn rfc5545_instant(tz: Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    match place(tz, local)? {
        Placed::Once(t) | Placed::Twice(t, _) => Some(t),
        Placed::Skipped { before, .. } => local.checked_sub_offset(before).map(|t| t.and_utc()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn wire<T>(value: T) -> String
    where
        Wire<T>: serde::Serialize,
    {
        serde_json::to_string(&Wire(value)).unwrap()
    }

    #[test]
    fn dates_and_instants_chrono_writes_in_other_shapes_are_left_to_it() {
        let far = NaiveDate::from_ymd_opt(12_345, 6, 7).unwrap();
        let before = NaiveDate::from_ymd_opt(-1, 1, 1).unwrap();
        for date in [far, before] {
            assert_eq!(wire(date), serde_json::to_string(&date).unwrap());
            let at = date.and_hms_opt(1, 2, 3).unwrap().and_utc();
            assert_eq!(wire(at), serde_json::to_string(&at).unwrap());
        }
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .unwrap()
            .and_hms_nano_opt(23, 59, 59, 1_500_000_000)
            .unwrap()
            .and_utc();
        assert_eq!(wire(leap), serde_json::to_string(&leap).unwrap());
        assert!(wire(leap).contains(":60"));
    }

    proptest! {
        /// Instants and dates are written as chrono's serde writes them.
        #[test]
        fn dates_and_instants_are_written_as_chrono_writes_them(
            seconds in FIRST_INSTANT_SECS..PAST_LAST_INSTANT_SECS,
            nanos in prop_oneof![Just(0u32), (0u32..1000).prop_map(|n| n * 1_000_000), (0u32..1_000_000).prop_map(|n| n * 1000), 0u32..1_000_000_000],
        ) {
            let at = DateTime::from_timestamp(seconds, nanos).unwrap();
            prop_assert_eq!(wire(at), serde_json::to_string(&at).unwrap());
            let date = at.date_naive();
            prop_assert_eq!(wire(date), serde_json::to_string(&date).unwrap());
        }

        /// The calendar arithmetic of the instant reader is chrono's.
        #[test]
        fn civil_days_are_chronos(
            year in prop_oneof![0u32..10_000, 1995u32..2035, Just(0u32), Just(9999u32)],
            month in prop_oneof![0u32..14, 1u32..13],
            day in prop_oneof![0u32..33, 27u32..32],
        ) {
            let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
            let chrono = NaiveDate::from_ymd_opt(year as i32, month, day).map(|d| (d - epoch).num_days());
            prop_assert_eq!(civil_days(year, month, day), chrono);
        }

        /// The date reader's own arithmetic accepts and refuses exactly what chrono's
        /// reader does, with chrono's date.
        #[test]
        fn dates_read_as_chrono_reads_them(
            year in prop_oneof![0u32..10_000, 1995u32..2035],
            month in prop_oneof![0u32..100, 1u32..13],
            day in prop_oneof![0u32..100, 27u32..32],
        ) {
            let text = format!("{year:04}-{month:02}-{day:02}");
            let chrono = text.parse::<NaiveDate>().map_err(|e| e.to_string());
            let ours = read_date(&text);
            prop_assert_eq!(ours.is_ok(), chrono.is_ok(), "{}", text);
            if let (Ok(ours), Ok(chrono)) = (&ours, &chrono) {
                prop_assert_eq!(ours, chrono);
            }
        }
    }

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

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn wall(text: &str) -> NaiveDateTime {
        text.parse().unwrap()
    }

    /// The changes of offset of `tz` from `from` to `until`, as RFC 3339 texts.
    fn changes(tz: Tz, from: &str, until: &str) -> Vec<String> {
        let (mut t, until) = (utc(from), utc(until));
        let mut out = Vec::new();
        while let Some(change) = next_change(tz, t, until) {
            out.push(change.to_rfc3339());
            t = change;
        }
        out
    }

    #[test]
    fn daylight_saving_goes_on_past_the_tables() {
        let ny = parse_time_zone("America/New_York").unwrap();
        // chrono-tz alone keeps standard time from 2100 on ...
        let july = utc("2100-07-15T12:00:00Z");
        assert_eq!(
            ny.offset_from_utc_datetime(&july.naive_utc())
                .fix()
                .local_minus_utc(),
            -5 * 3600
        );
        // ... where the rule goes on: the second Sunday in March to the first in November.
        assert_eq!(offset(ny, july).local_minus_utc(), -4 * 3600);
        for (zone, year, expected) in [
            (
                "America/New_York",
                2100,
                ["2100-03-14T07:00:00+00:00", "2100-11-07T06:00:00+00:00"],
            ),
            (
                "America/New_York",
                9999,
                ["9999-03-14T07:00:00+00:00", "9999-11-07T06:00:00+00:00"],
            ),
            (
                "America/New_York",
                5000,
                ["5000-03-09T07:00:00+00:00", "5000-11-02T06:00:00+00:00"],
            ),
            (
                "Europe/London",
                2100,
                ["2100-03-28T01:00:00+00:00", "2100-10-31T01:00:00+00:00"],
            ),
            (
                "Europe/London",
                5000,
                ["5000-03-30T01:00:00+00:00", "5000-10-26T01:00:00+00:00"],
            ),
            // Sydney leaves daylight time on the first Sunday in April at 03:00 and
            // returns on the first Sunday in October at 02:00.
            (
                "Australia/Sydney",
                2100,
                ["2100-04-03T16:00:00+00:00", "2100-10-02T16:00:00+00:00"],
            ),
        ] {
            let tz = parse_time_zone(zone).unwrap();
            let got = changes(
                tz,
                &format!("{year}-01-01T00:00:00Z"),
                &format!("{year}-12-31T00:00:00Z"),
            );
            assert_eq!(got, expected, "{zone} {year}");
        }
        // A zone without daylight saving keeps its offset.
        let tokyo = parse_time_zone("Asia/Tokyo").unwrap();
        assert!(changes(tokyo, "2099-01-01T00:00:00Z", "2200-01-01T00:00:00Z").is_empty());
        // Wall times convert back the same way: 02:30 on 14 March 2100 does not exist.
        assert_eq!(
            instants_at(ny, wall("2100-03-14T02:30:00")),
            [Some(utc("2100-03-14T07:00:00Z")), None]
        );
        assert_eq!(
            instants_at(ny, wall("2100-11-07T01:30:00")),
            [
                Some(utc("2100-11-07T05:30:00Z")),
                Some(utc("2100-11-07T06:30:00Z"))
            ]
        );
        assert_eq!(
            local(ny, utc("9999-07-01T12:00:00Z")),
            Some(wall("9999-07-01T08:00:00"))
        );
    }

    #[test]
    fn rule_years_past_the_tables_repeat_the_last_ones() {
        // Every rule year from 2088 to 2099 (15 February to 14 February) changes offset
        // exactly as the rule year its 1 March weekday maps it to: so mapping the years
        // past 2099 onto them applies one rule, the last one of each zone.
        use chrono::Datelike;
        let day = |y: i32, m: u32, d: u32| {
            NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc()
        };
        for tz in chrono_tz::TZ_VARIANTS {
            for year in 2088..=LAST_TABLE_YEAR {
                let weekday = NaiveDate::from_ymd_opt(year, 3, 1).unwrap().weekday();
                let reference = (LAST_TABLE_YEAR - 27..=LAST_TABLE_YEAR)
                    .rev()
                    .find(|y| NaiveDate::from_ymd_opt(*y, 3, 1).unwrap().weekday() == weekday)
                    .unwrap();
                let shift = day(reference, 3, 1) - day(year, 3, 1);
                let list = |from: DateTime<Utc>, shift: chrono::Duration| {
                    let mut t = from;
                    let mut out = Vec::new();
                    while let Some(c) = next_change(tz, t, from + chrono::Duration::days(365)) {
                        out.push((c + shift, offset(tz, c)));
                        t = c;
                    }
                    out
                };
                assert_eq!(
                    list(day(year, 3, 1) - chrono::Duration::days(14), shift),
                    list(
                        day(reference, 3, 1) - chrono::Duration::days(14),
                        chrono::Duration::zero()
                    ),
                    "{tz} {year}"
                );
            }
        }
    }

    #[test]
    fn changes_close_together_and_a_repeated_day() {
        // Noronha's two changes of October 2000, 6 days 23 hours apart (the closest in
        // the tz database, with Boa Vista's, Recife's and some of Gaza's).
        let noronha = parse_time_zone("America/Noronha").unwrap();
        assert_eq!(
            changes(noronha, "2000-09-01T00:00:00Z", "2000-12-01T00:00:00Z"),
            ["2000-10-08T02:00:00+00:00", "2000-10-15T01:00:00+00:00"]
        );
        // Sitka went from Russian to American time in 1867: the clock went back a day,
        // and 18 October 15:30 to 19 October 15:30 happened twice.
        let sitka = parse_time_zone("America/Sitka").unwrap();
        match place(sitka, wall("1867-10-19T12:00:00")) {
            Some(Placed::Twice(a, b)) => assert_eq!(b - a, chrono::Duration::days(1)),
            _ => panic!("the day happened twice"),
        }
        // The ends of chrono's calendar give no answer, not a panic.
        let kiritimati = parse_time_zone("Pacific/Kiritimati").unwrap();
        assert!(place(kiritimati, NaiveDateTime::MAX).is_none());
        assert!(local(kiritimati, DateTime::<Utc>::MAX_UTC).is_none());
        assert!(
            next_change(
                kiritimati,
                DateTime::<Utc>::MAX_UTC,
                DateTime::<Utc>::MAX_UTC
            )
            .is_none()
        );
    }
}

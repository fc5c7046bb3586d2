//! Routines: the recurring blocks of calling time a team keeps (bookend calls, Power
//! Hour, Crankathon), and the dated calls that recur by the calendar (birthdays,
//! membership renewals, zone rotation), with their iCalendar export.
//!
//! A [`Routine`] is an RFC 5545 recurrence rule (parsed, validated and expanded by the
//! [`rrule`] crate) anchored at a local wall-clock start in an IANA time zone, with a
//! duration and, optionally, a [`BusinessCalendar`] whose non-business local dates are
//! skipped. [`Routine::blocks`] expands it into [`Block`]s, instants in UTC.
//!
//! # Daylight saving
//! Occurrences keep their **local wall-clock time**: a Power Hour at 10:00 in New York
//! is at 15:00 UTC in winter and 14:00 UTC in summer; in Australia/Lord_Howe, whose
//! clocks move by 30 minutes, it moves by 30 minutes; in America/Phoenix and
//! Pacific/Honolulu, which keep no daylight saving, it never moves.
//!
//! The rule is expanded on the wall clock (RFC 5545 expands rules in local time), then
//! each occurrence is placed in the zone by RFC 5545 section 3.3.5:
//! - **Gap (spring forward).** A wall time that does not exist that day is read with the
//!   UTC offset in force *before* the gap, so it lands as far after the gap as it was
//!   into it: a 02:30 routine in New York on 8 March 2026 starts at 03:30 EDT
//!   (07:30 UTC); a 02:15 routine on Lord Howe on 4 October 2026 starts at 02:45; a
//!   00:30 routine in America/Santiago on 6 September 2026 (midnight skipped) starts at
//!   01:30. The next day it is back at its wall time. (This differs from
//!   [`LocalWindow`](crate::LocalWindow), which opens at the end of the gap: a window
//!   is a range of times, a block is one start.)
//! - **Overlap (fall back).** A wall time that happens twice is the *first* one: a 01:30
//!   routine in New York on 1 November 2026 starts at 01:30 EDT (05:30 UTC), once.
//!
//! The same rule places the routine's first start. Calendar clients reading the
//! exported `DTSTART;TZID=...` apply the same RFC rule, so they agree with
//! [`Routine::blocks`].
//!
//! Why not the [`rrule`] crate's own zone mode: given a `DTSTART;TZID`, it places a
//! nonexistent or repeated wall time at local midnight plus the time of day (the same
//! answers as above while midnight itself exists), but when local midnight is in a gap
//! (Santiago, 6 September 2026) it silently drops that day's occurrence. So the crate
//! parses, validates and expands the rule here, and callwise places the wall times.
//!
//! # Example
//! ```
//! use callwise::routine::Routine;
//! use chrono::{NaiveTime, Weekday};
//! let power_hour = Routine::power_hour(
//!     "America/New_York",
//!     "2026-11-24".parse().unwrap(),
//!     &[Weekday::Tue, Weekday::Thu],
//!     NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
//! ).unwrap();
//! let blocks = power_hour
//!     .blocks("2026-11-23T00:00:00Z".parse().unwrap(), "2026-11-30T00:00:00Z".parse().unwrap())
//!     .unwrap();
//! assert_eq!(blocks.len(), 2); // Tuesday 24 and Thursday 26 November
//! assert_eq!(blocks[0].start.to_rfc3339(), "2026-11-24T15:00:00+00:00");
//! ```

mod birthdays;
mod ical;
mod renewals;
mod rotation;
mod rule;
mod vtimezone;

pub use birthdays::{BirthdayCall, LeapDay, birthday_calls};
pub use ical::{CallDue, CallTodo, PRODID, block_uid, routine_uid, to_icalendar};
pub use renewals::{RenewalBatch, RenewalCall, renewal_batches};
pub use rotation::{RotationWeek, ZoneRotation};

use crate::time::{local, parse_time_zone, rfc5545_instant};
use crate::{BusinessCalendar, Error, Result};
use chrono::{
    DateTime, Datelike, Days, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc, Weekday,
};
use chrono_tz::Tz;
use rule::Rule;
use serde::{Deserialize, Serialize};

/// The most blocks [`Routine::blocks`] returns in one call.
///
/// # Example
/// ```
/// use callwise::routine::{Routine, RoutineKind, MAX_BLOCKS};
/// let first = "2026-01-01T00:00:00".parse().unwrap();
/// let tick = Routine::new(RoutineKind::Custom, "Tick", "UTC", first, "FREQ=MINUTELY", 1)?;
/// let from: chrono::DateTime<chrono::Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
/// let to = from + chrono::Duration::minutes(MAX_BLOCKS as i64 + 1);
/// assert!(matches!(tick.blocks(from, to), Err(callwise::Error::InvalidArgument { name: "to", .. })));
/// assert_eq!(tick.blocks(from, to - chrono::Duration::minutes(1))?.len(), MAX_BLOCKS);
/// # Ok::<(), callwise::Error>(())
/// ```
pub const MAX_BLOCKS: usize = 100_000;

/// The most work one [`Routine::blocks`] call does: the periods of the routine's rule
/// (its `FREQ` units, divided by its `INTERVAL`) from the first start to the end of the
/// range asked for, which the rule's expansion steps through, plus the occurrences it
/// reads on the way. (A `SECONDLY` rule a century from its first start is refused at
/// once, not scanned for minutes.)
///
/// # Example
/// ```
/// use callwise::routine::{Routine, RoutineKind, MAX_SCANNED};
/// let first = "2026-01-01T00:00:00".parse().unwrap();
/// let every_second = Routine::new(RoutineKind::Custom, "Pulse", "UTC", first, "FREQ=SECONDLY", 1)?;
/// // A year from the first start is 31.5 million seconds to step through: refused at once.
/// let from = "2027-01-01T00:00:00Z".parse().unwrap();
/// let to = "2027-01-02T00:00:00Z".parse().unwrap();
/// assert!(31_536_000 > MAX_SCANNED);
/// assert!(matches!(every_second.blocks(from, to), Err(callwise::Error::InvalidArgument { name: "to", .. })));
/// # Ok::<(), callwise::Error>(())
/// ```
pub const MAX_SCANNED: usize = 1_000_000;

/// The longest block: one day, in minutes.
///
/// # Example
/// ```
/// use callwise::routine::{Routine, RoutineKind, MAX_DURATION_MINUTES};
/// let first = "2026-11-24T10:00:00".parse().unwrap();
/// let long = Routine::new(RoutineKind::Custom, "Marathon", "UTC", first, "FREQ=WEEKLY", MAX_DURATION_MINUTES + 1);
/// assert!(matches!(long, Err(callwise::Error::InvalidRule { .. })));
/// assert!(Routine::new(RoutineKind::Custom, "Day", "UTC", first, "FREQ=WEEKLY", MAX_DURATION_MINUTES).is_ok());
/// ```
pub const MAX_DURATION_MINUTES: u32 = 24 * 60;

/// The longest Crankathon, in minutes ("at most about three hours").
///
/// # Example
/// ```
/// use callwise::routine::{Routine, MAX_CRANKATHON_MINUTES};
/// let (day, ten) = ("2026-11-24".parse().unwrap(), chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap());
/// let tuesdays = [chrono::Weekday::Tue];
/// assert!(Routine::crankathon("America/Chicago", day, &tuesdays, ten, MAX_CRANKATHON_MINUTES).is_ok());
/// assert!(Routine::crankathon("America/Chicago", day, &tuesdays, ten, MAX_CRANKATHON_MINUTES + 1).is_err());
/// ```
pub const MAX_CRANKATHON_MINUTES: u32 = 180;

/// The longest date range (in days, `to - from`) that [`birthday_calls`] and
/// [`renewal_batches`] accept: five years.
///
/// # Example
/// ```
/// use callwise::routine::{birthday_calls, LeapDay, MAX_RANGE_DAYS};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
/// let from: chrono::NaiveDate = "2027-01-01".parse().unwrap();
/// let too_far = from + chrono::Days::new(u64::from(MAX_RANGE_DAYS) + 1);
/// assert!(birthday_calls(&book, from, too_far, LeapDay::Feb28).is_err());
/// assert!(birthday_calls(&book, from, from + chrono::Days::new(u64::from(MAX_RANGE_DAYS)), LeapDay::Feb28).is_ok());
/// # Ok::<(), callwise::Error>(())
/// ```
pub const MAX_RANGE_DAYS: u32 = 366 * 5;

/// The longest lead, in days, that [`renewal_batches`] and [`ZoneRotation`] accept.
///
/// # Example
/// ```
/// use callwise::routine::{ZoneRotation, MAX_LEAD_DAYS};
/// let monday = "2026-11-23".parse().unwrap();
/// assert!(ZoneRotation::new(vec!["east".into()], monday, MAX_LEAD_DAYS).is_ok());
/// assert!(matches!(ZoneRotation::new(vec!["east".into()], monday, MAX_LEAD_DAYS + 1),
///     Err(callwise::Error::InvalidArgument { name: "meeting_lead_days", .. })));
/// ```
pub const MAX_LEAD_DAYS: u32 = 3660;

/// The most weeks [`ZoneRotation::weeks`] lists in one call.
///
/// # Example
/// ```
/// use callwise::routine::{ZoneRotation, MAX_WEEKS};
/// let monday = "2026-11-23".parse().unwrap();
/// let rotation = ZoneRotation::new(vec!["east".into(), "west".into()], monday, 28)?;
/// assert_eq!(rotation.weeks(monday, 52)?.len(), 52);
/// assert!(rotation.weeks(monday, MAX_WEEKS + 1).is_err());
/// # Ok::<(), callwise::Error>(())
/// ```
pub const MAX_WEEKS: u32 = 5220;

/// The years a routine's first start may fall in.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

fn invalid_rule(what: &str, reason: impl Into<String>) -> Error {
    Error::invalid_rule(what.to_owned(), reason.into())
}

fn invalid_argument(name: &'static str, reason: impl Into<String>) -> Error {
    Error::invalid_argument(name, reason.into())
}

/// What a routine is for.
///
/// # Example
/// ```
/// use callwise::routine::RoutineKind;
/// assert_eq!(serde_json::to_string(&RoutineKind::PowerHour).unwrap(), "\"power_hour\"");
/// assert_eq!(RoutineKind::Crankathon.as_str(), "crankathon");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoutineKind {
    /// A field rep and the inside partner talk first thing and at the end of the day.
    Bookend,
    /// Everyone stops and calls at the same time, for an hour.
    PowerHour,
    /// A team call blitz of at most [`MAX_CRANKATHON_MINUTES`].
    Crankathon,
    /// Any other recurring block.
    Custom,
}

impl RoutineKind {
    /// The snake-case name used in JSON, in bindings and in iCalendar `CATEGORIES`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::routine::RoutineKind::PowerHour.as_str(), "power_hour");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bookend => "bookend",
            Self::PowerHour => "power_hour",
            Self::Crankathon => "crankathon",
            Self::Custom => "custom",
        }
    }
}

impl std::fmt::Display for RoutineKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A recurring block of calling time: an RFC 5545 rule from a local first start, in an
/// IANA time zone, lasting so many minutes, optionally on business days only.
///
/// Serde reads and writes it as `{"name", "kind", "time_zone", "first_start" (local,
/// `"2026-11-24T10:00:00"`), "rrule", "duration_minutes", "business_calendar"?}`, and
/// reading checks it as [`Routine::new`] does. See the [module documentation](self) for
/// daylight saving.
///
/// # Example
/// ```
/// use callwise::routine::{Routine, RoutineKind};
/// let r = Routine::new(
///     RoutineKind::Custom,
///     "Pipeline review",
///     "Europe/Paris",
///     "2026-11-23T16:00:00".parse().unwrap(),
///     "FREQ=WEEKLY;BYDAY=MO",
///     45,
/// ).unwrap();
/// let json = serde_json::to_string(&r).unwrap();
/// let again: Routine = serde_json::from_str(&json).unwrap();
/// assert_eq!(again, r);
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(try_from = "RoutineSpec", into = "RoutineSpec")]
pub struct Routine {
    spec: RoutineSpec,
    tz: Tz,
    /// The rule, expanded on the wall clock.
    rule: Rule,
}

impl PartialEq for Routine {
    fn eq(&self, other: &Self) -> bool {
        self.spec == other.spec
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoutineSpec {
    name: String,
    kind: RoutineKind,
    time_zone: String,
    #[serde(deserialize_with = "crate::time::strict_local_date_time")]
    first_start: NaiveDateTime,
    rrule: String,
    duration_minutes: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    business_calendar: Option<BusinessCalendar>,
}

impl TryFrom<RoutineSpec> for Routine {
    type Error = Error;
    fn try_from(spec: RoutineSpec) -> Result<Self> {
        let routine = Routine::new(
            spec.kind,
            &spec.name,
            &spec.time_zone,
            spec.first_start,
            &spec.rrule,
            spec.duration_minutes,
        )?;
        Ok(match spec.business_calendar {
            Some(calendar) => routine.on_business_days(calendar),
            None => routine,
        })
    }
}

impl From<Routine> for RoutineSpec {
    fn from(routine: Routine) -> Self {
        routine.spec
    }
}

fn bad_rrule(reason: impl Into<String>) -> Error {
    invalid_rule("RRULE", reason)
}

impl Routine {
    /// A routine of `kind` called `name`, first starting at the local wall time
    /// `first_start` in `time_zone`, recurring by `rrule` (the RFC 5545 value such as
    /// `"FREQ=WEEKLY;BYDAY=TU,TH"`, optionally prefixed `"RRULE:"`), each block lasting
    /// `duration_minutes`.
    ///
    /// `first_start` must be an occurrence of the rule (RFC 5545 leaves the set of a rule
    /// whose `DTSTART` is not undefined): the presets ([`power_hour`](Self::power_hour),
    /// [`crankathon`](Self::crankathon), [`bookends`](Self::bookends)) pick it for you.
    ///
    /// # Errors
    /// - [`Error::InvalidRule`] with `what` `"routine"` when `name` is empty or blank or
    ///   holds a control character,
    ///   `duration_minutes` is 0 or above [`MAX_DURATION_MINUTES`], or `kind` is
    ///   [`RoutineKind::Crankathon`] and `duration_minutes` is above
    ///   [`MAX_CRANKATHON_MINUTES`];
    /// - [`Error::UnknownTimeZone`] when `time_zone` is not an IANA name;
    /// - [`Error::InvalidArgument`] named `first_start` when it has a fraction of a second
    ///   or its year is outside 1900 to 9999;
    /// - [`Error::InvalidRule`] with `what` `"RRULE"` when the rule holds a line break,
    ///   a `:` (other than the `RRULE:` prefix) or a character that is not ASCII, when the [`rrule`] crate rejects it
    ///   (unknown `FREQ`, out-of-range `BY...` values, an `UNTIL` not in UTC or before
    ///   the first start...), when RFC 5545 forbids it (a `BYDAY` ordinal such as `2MO`
    ///   outside a `MONTHLY` or `YEARLY` rule, or with `BYWEEKNO`), when its `BY...`
    ///   lists can make more than [`MAX_BLOCKS`] occurrences in one period, when it has
    ///   no occurrence, or when `first_start` is not its first occurrence. The ordinals
    ///   the crate refuses although RFC 5545 allows them (`BYDAY=-5MO` monthly,
    ///   `-53MO` yearly) are expanded; combined with `BYMONTHDAY` (monthly),
    ///   `BYYEARDAY` (yearly), or with other `BYDAY` entries and `BYSETPOS`, they are
    ///   refused as not supported.
    ///
    /// # Example
    /// ```
    /// use callwise::{Error, routine::{Routine, RoutineKind}};
    /// let start = "2026-11-24T10:00:00".parse().unwrap();
    /// let r = Routine::new(RoutineKind::Custom, "Blitz", "America/Chicago", start,
    ///                      "FREQ=WEEKLY;BYDAY=TU", 90).unwrap();
    /// assert_eq!(r.duration_minutes(), 90);
    /// assert!(matches!(
    ///     Routine::new(RoutineKind::Custom, "Blitz", "America/Chicago", start, "FREQ=SOMETIMES", 90),
    ///     Err(Error::InvalidRule { .. })
    /// ));
    /// assert!(matches!(
    ///     Routine::new(RoutineKind::Crankathon, "Blitz", "America/Chicago", start, "FREQ=WEEKLY", 181),
    ///     Err(Error::InvalidRule { .. })
    /// ));
    /// ```
    pub fn new(
        kind: RoutineKind,
        name: &str,
        time_zone: &str,
        first_start: NaiveDateTime,
        rrule: &str,
        duration_minutes: u32,
    ) -> Result<Self> {
        if name.trim().is_empty() {
            return Err(invalid_rule("routine", "the name is empty"));
        }
        if name.chars().any(char::is_control) {
            return Err(invalid_rule(
                "routine",
                "the name holds a control character (a line break, a tab...)",
            ));
        }
        if duration_minutes == 0 || duration_minutes > MAX_DURATION_MINUTES {
            return Err(invalid_rule(
                "routine",
                format!("duration {duration_minutes} minutes; must be 1 to {MAX_DURATION_MINUTES}"),
            ));
        }
        if kind == RoutineKind::Crankathon && duration_minutes > MAX_CRANKATHON_MINUTES {
            return Err(invalid_rule(
                "routine",
                format!(
                    "a Crankathon lasts at most {MAX_CRANKATHON_MINUTES} minutes, got {duration_minutes}"
                ),
            ));
        }
        let tz = parse_time_zone(time_zone)?;
        if first_start.nanosecond() != 0 || !YEARS.contains(&first_start.year()) {
            return Err(invalid_argument(
                "first_start",
                format!("{first_start} must be in whole seconds, in the years 1900 to 9999"),
            ));
        }
        let text = rrule.trim();
        let text = match text.get(..6) {
            Some(prefix) if prefix.eq_ignore_ascii_case("RRULE:") => &text[6..],
            _ => text,
        };
        if text.is_empty() {
            return Err(bad_rrule("the rule is empty"));
        }
        if text.chars().any(|c| c.is_control() || c == ':') {
            return Err(bad_rrule(
                "give one rule value (FREQ=...), without line breaks or other properties",
            ));
        }
        if !text.is_ascii() {
            return Err(bad_rrule(
                "the rule holds a character that is not ASCII (RFC 5545 rule values are ASCII)",
            ));
        }
        let text = text.to_ascii_uppercase();
        let first_instant = rfc5545_instant(tz, first_start).ok_or_else(|| {
            invalid_argument(
                "first_start",
                format!("{first_start} cannot be placed in {tz}"),
            )
        })?;
        let rule = Rule::new(&text, first_start, first_instant)?;
        Ok(Self {
            spec: RoutineSpec {
                name: name.to_owned(),
                kind,
                time_zone: tz.name().to_owned(),
                first_start,
                rrule: text,
                duration_minutes,
                business_calendar: None,
            },
            tz,
            rule,
        })
    }

    /// A routine from its JSON form (`name`, `kind`, `time_zone`, `first_start` as a
    /// local `YYYY-MM-DDTHH:MM:SS`, `rrule`, `duration_minutes`, and optionally
    /// `business_calendar`), checked as [`new`](Self::new) checks.
    ///
    /// # Errors
    /// [`Error::Json`] when the text is not JSON of that shape or breaks a rule `new`
    /// checks (the message says which).
    ///
    /// # Example
    /// ```
    /// use callwise::routine::Routine;
    /// let r = Routine::from_json(r#"{"name": "Power Hour", "kind": "power_hour",
    ///     "time_zone": "America/New_York", "first_start": "2026-11-24T10:00:00",
    ///     "rrule": "FREQ=WEEKLY;BYDAY=TU,TH", "duration_minutes": 60}"#).unwrap();
    /// assert_eq!(Routine::from_json(&r.to_json()).unwrap().to_json(), r.to_json());
    /// assert!(Routine::from_json(r#"{"name": "x"}"#).is_err());
    /// ```
    pub fn from_json(json: &str) -> Result<Self> {
        crate::book::from_json(json, "routine")
    }

    /// The routine as pretty JSON, the form [`from_json`](Self::from_json) reads.
    ///
    /// # Example
    /// See [`from_json`](Self::from_json).
    /// ```
    /// let r = callwise::routine::Routine::power_hour("America/Chicago",
    ///     "2026-11-24".parse().unwrap(), &[chrono::Weekday::Tue],
    ///     chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap()).unwrap();
    /// assert!(r.to_json().contains("\"kind\": \"power_hour\""));
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a routine serialises")
    }

    /// The same routine, skipping every occurrence whose local date (in the routine's
    /// zone) is not a business day of `calendar`.
    ///
    /// # Example
    /// ```
    /// use callwise::{BusinessCalendar, routine::{Routine, RoutineKind}};
    /// let r = Routine::new(RoutineKind::Custom, "Standup", "America/New_York",
    ///     "2026-11-23T09:00:00".parse().unwrap(), "FREQ=DAILY", 15).unwrap()
    ///     .on_business_days(BusinessCalendar::us_federal());
    /// let week = r.blocks("2026-11-23T00:00:00Z".parse().unwrap(),
    ///                     "2026-11-30T00:00:00Z".parse().unwrap()).unwrap();
    /// assert_eq!(week.len(), 4); // Thanksgiving and the weekend skipped
    /// ```
    #[must_use]
    pub fn on_business_days(mut self, calendar: BusinessCalendar) -> Self {
        self.spec.business_calendar = Some(calendar);
        self
    }

    /// The morning and evening bookend calls: two routines (`"Bookend (morning)"` and
    /// `"Bookend (evening)"`) of `minutes` each, at `morning` and `evening` local time in
    /// `time_zone`, on the calendar's working weekdays (`FREQ=DAILY;BYDAY=...`, Monday to
    /// Friday for [`BusinessCalendar::us_federal`]), skipping its holidays. They start on
    /// the first business day on or after `first_day`.
    ///
    /// # Errors
    /// - [`Error::InvalidArgument`] named `evening` when `evening` is not after
    ///   `morning`, or named `first_day` when no business day follows it;
    /// - as [`Routine::new`] otherwise (unknown zone, `minutes` 0 or above a day...).
    ///
    /// # Example
    /// ```
    /// use callwise::{BusinessCalendar, routine::Routine};
    /// use chrono::NaiveTime;
    /// let [morning, evening]: [Routine; 2] = Routine::bookends(
    ///     "America/Denver", "2026-11-21".parse().unwrap(), // a Saturday
    ///     NaiveTime::from_hms_opt(8, 0, 0).unwrap(), NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
    ///     15, BusinessCalendar::us_federal(),
    /// ).unwrap().try_into().unwrap();
    /// assert_eq!(morning.first_start().to_string(), "2026-11-23 08:00:00"); // Monday
    /// assert_eq!(evening.rrule(), "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR");
    /// ```
    pub fn bookends(
        time_zone: &str,
        first_day: NaiveDate,
        morning: NaiveTime,
        evening: NaiveTime,
        minutes: u32,
        calendar: BusinessCalendar,
    ) -> Result<Vec<Routine>> {
        if evening <= morning {
            return Err(invalid_argument(
                "evening",
                format!(
                    "the evening call ({evening}) must come after the morning call ({morning})"
                ),
            ));
        }
        let working: Vec<Weekday> = (0..7u8)
            .filter_map(|i| Weekday::try_from(i).ok())
            .filter(|d| !calendar.weekend_days().contains(d))
            .collect();
        let rule = format!("FREQ=DAILY;BYDAY={}", byday(&working));
        let day = calendar
            .roll_forward(first_day)
            .map_err(|_| invalid_argument("first_day", "no business day follows it"))?;
        [
            ("Bookend (morning)", morning),
            ("Bookend (evening)", evening),
        ]
        .into_iter()
        .map(|(name, time)| {
            Routine::new(
                RoutineKind::Bookend,
                name,
                time_zone,
                day.and_time(time),
                &rule,
                minutes,
            )
            .map(|r| r.on_business_days(calendar.clone()))
        })
        .collect()
    }

    /// Power Hour: `"Power Hour"`, 60 minutes at `start` local time in `time_zone` on
    /// each of `weekdays` (`FREQ=WEEKLY;BYDAY=...`), from the first such day on or after
    /// `first_day`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] named `weekdays` when it is empty; as [`Routine::new`]
    /// otherwise.
    ///
    /// # Example
    /// ```
    /// use callwise::routine::Routine;
    /// use chrono::{NaiveTime, Weekday};
    /// let ph = Routine::power_hour("Pacific/Honolulu", "2026-11-23".parse().unwrap(),
    ///     &[Weekday::Thu, Weekday::Tue], NaiveTime::from_hms_opt(10, 0, 0).unwrap()).unwrap();
    /// assert_eq!(ph.rrule(), "FREQ=WEEKLY;BYDAY=TU,TH");
    /// assert_eq!(ph.first_start().to_string(), "2026-11-24 10:00:00");
    /// ```
    pub fn power_hour(
        time_zone: &str,
        first_day: NaiveDate,
        weekdays: &[Weekday],
        start: NaiveTime,
    ) -> Result<Routine> {
        weekly(
            RoutineKind::PowerHour,
            "Power Hour",
            time_zone,
            first_day,
            weekdays,
            start,
            60,
        )
    }

    /// Crankathon: `"Crankathon"`, `minutes` (at most [`MAX_CRANKATHON_MINUTES`]) at
    /// `start` local time in `time_zone` on each of `weekdays`, from the first such day
    /// on or after `first_day`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] named `weekdays` when it is empty;
    /// [`Error::InvalidRule`] when `minutes` is 0 or above [`MAX_CRANKATHON_MINUTES`]; as
    /// [`Routine::new`] otherwise.
    ///
    /// # Example
    /// ```
    /// use callwise::routine::Routine;
    /// use chrono::{NaiveTime, Weekday};
    /// let day = "2026-11-23".parse().unwrap();
    /// let two = NaiveTime::from_hms_opt(14, 0, 0).unwrap();
    /// assert!(Routine::crankathon("America/Phoenix", day, &[Weekday::Wed], two, 180).is_ok());
    /// assert!(Routine::crankathon("America/Phoenix", day, &[Weekday::Wed], two, 181).is_err());
    /// ```
    pub fn crankathon(
        time_zone: &str,
        first_day: NaiveDate,
        weekdays: &[Weekday],
        start: NaiveTime,
        minutes: u32,
    ) -> Result<Routine> {
        weekly(
            RoutineKind::Crankathon,
            "Crankathon",
            time_zone,
            first_day,
            weekdays,
            start,
            minutes,
        )
    }

    /// The routine's name.
    ///
    /// # Example
    /// ```
    /// use callwise::routine::Routine;
    /// let ph = Routine::power_hour("America/Phoenix", "2026-11-24".parse().unwrap(),
    ///     &[chrono::Weekday::Tue], chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap()).unwrap();
    /// assert_eq!(ph.name(), "Power Hour");
    /// ```
    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// What the routine is for.
    ///
    /// # Example
    /// ```
    /// use callwise::routine::{Routine, RoutineKind};
    /// let ph = Routine::power_hour("America/Phoenix", "2026-11-24".parse().unwrap(),
    ///     &[chrono::Weekday::Tue], chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap()).unwrap();
    /// assert_eq!(ph.kind(), RoutineKind::PowerHour);
    /// ```
    pub fn kind(&self) -> RoutineKind {
        self.spec.kind
    }

    /// The IANA zone whose wall clock the routine keeps.
    ///
    /// # Example
    /// ```
    /// use callwise::routine::Routine;
    /// let ph = Routine::power_hour("America/Phoenix", "2026-11-24".parse().unwrap(),
    ///     &[chrono::Weekday::Tue], chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap()).unwrap();
    /// assert_eq!(ph.time_zone(), "America/Phoenix");
    /// ```
    pub fn time_zone(&self) -> &str {
        &self.spec.time_zone
    }

    /// The first start, local wall time in [`time_zone`](Self::time_zone).
    ///
    /// # Example
    /// ```
    /// use callwise::routine::Routine;
    /// let ph = Routine::power_hour("America/Phoenix", "2026-11-24".parse().unwrap(),
    ///     &[chrono::Weekday::Tue], chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap()).unwrap();
    /// assert_eq!(ph.first_start().to_string(), "2026-11-24 10:00:00");
    /// ```
    pub fn first_start(&self) -> NaiveDateTime {
        self.spec.first_start
    }

    /// The RFC 5545 rule value as given, trimmed, without an `RRULE:` prefix and in
    /// upper case (RFC 5545 rule names and values are case-insensitive).
    ///
    /// # Example
    /// ```
    /// use callwise::routine::{Routine, RoutineKind};
    /// let r = Routine::new(RoutineKind::Custom, "x", "UTC",
    ///     "2026-11-24T10:00:00".parse().unwrap(), " RRULE:freq=daily ", 30).unwrap();
    /// assert_eq!(r.rrule(), "FREQ=DAILY");
    /// ```
    pub fn rrule(&self) -> &str {
        &self.spec.rrule
    }

    /// How long each block lasts, in minutes.
    ///
    /// # Example
    /// ```
    /// use callwise::routine::Routine;
    /// let ph = Routine::power_hour("America/Phoenix", "2026-11-24".parse().unwrap(),
    ///     &[chrono::Weekday::Tue], chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap()).unwrap();
    /// assert_eq!(ph.duration_minutes(), 60);
    /// ```
    pub fn duration_minutes(&self) -> u32 {
        self.spec.duration_minutes
    }

    /// The calendar whose non-business days are skipped, if any.
    ///
    /// # Example
    /// ```
    /// use callwise::routine::Routine;
    /// let ph = Routine::power_hour("America/Phoenix", "2026-11-24".parse().unwrap(),
    ///     &[chrono::Weekday::Tue], chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap()).unwrap();
    /// assert!(ph.business_calendar().is_none());
    /// ```
    pub fn business_calendar(&self) -> Option<&BusinessCalendar> {
        self.spec.business_calendar.as_ref()
    }

    /// The blocks whose start is in `[from, to)`, in time order, skipping local dates
    /// that are not business days when the routine has a calendar. Each keeps the
    /// routine's wall-clock time in its zone; see the [module documentation](self) for
    /// daylight-saving gaps and overlaps.
    ///
    /// # Errors
    /// - [`Error::InvalidArgument`] named `from` when `from` is after `to`;
    /// - named `to` when the range holds more than [`MAX_BLOCKS`] blocks, when the
    ///   periods of the rule from the first start to `to` and its occurrences on the way
    ///   come to more than [`MAX_SCANNED`], when a block ends (or falls on a local date)
    ///   past the year 9999, or when the rule's occurrences are so far apart that the
    ///   [`rrule`] crate gives up looking for the next one;
    /// - [`Error::Interrupted`] when the caller's check (see
    ///   [`interrupt`](crate::interrupt)) says stop; it is asked every few thousand
    ///   occurrences.
    ///
    /// # Example
    /// ```
    /// use callwise::routine::Routine;
    /// use chrono::{NaiveTime, Weekday};
    /// let ph = Routine::power_hour("America/New_York", "2026-03-03".parse().unwrap(),
    ///     &[Weekday::Tue], NaiveTime::from_hms_opt(10, 0, 0).unwrap()).unwrap();
    /// let blocks = ph.blocks("2026-03-01T00:00:00Z".parse().unwrap(),
    ///                        "2026-03-15T00:00:00Z".parse().unwrap()).unwrap();
    /// // 10:00 EST, then 10:00 EDT after clocks went forward on 8 March.
    /// assert_eq!(blocks[0].start.to_rfc3339(), "2026-03-03T15:00:00+00:00");
    /// assert_eq!(blocks[1].start.to_rfc3339(), "2026-03-10T14:00:00+00:00");
    /// assert_eq!(blocks[1].end.to_rfc3339(), "2026-03-10T15:00:00+00:00");
    /// ```
    pub fn blocks(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Block>> {
        if from > to {
            return Err(invalid_argument(
                "from",
                format!("{} is after `to` {}", from.to_rfc3339(), to.to_rfc3339()),
            ));
        }
        let mut out = Vec::new();
        if from == to {
            return Ok(out);
        }
        // Gap-shifted occurrences can come a few hours out of order: read a day past `to`.
        let horizon = to
            .checked_add_signed(Duration::days(1))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        let length = Duration::minutes(i64::from(self.spec.duration_minutes));
        let calendar = self.spec.business_calendar.as_ref();
        // A wall time is placed within a day of itself read as UTC: read to a day past
        // the horizon, and leave unplaced those more than a day before `from`.
        let end = horizon
            .checked_add_signed(Duration::days(1))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
            .naive_utc();
        let early = from
            .checked_sub_signed(Duration::days(1))
            .map_or(NaiveDateTime::MIN, |t| t.naive_utc());
        for wall in self.rule.expand(end, &self.spec.name)? {
            let wall = wall?;
            if wall < early {
                continue;
            }
            let Some(start) = rfc5545_instant(self.tz, wall) else {
                continue;
            };
            if start >= horizon {
                break;
            }
            if start < from || start >= to || self.rule.until.is_some_and(|u| start > u) {
                continue;
            }
            let local_date = local(self.tz, start).map(|l| l.date());
            let block_end = start.checked_add_signed(length);
            let (Some(local_date), Some(block_end)) = (
                local_date.filter(|d| d.year() <= *YEARS.end()),
                block_end.filter(|e| *e <= crate::time::last_instant()),
            ) else {
                return Err(invalid_argument(
                    "to",
                    format!(
                        "the block of routine {:?} starting at {} ends, or falls on a local date, past the year 9999",
                        self.spec.name,
                        start.to_rfc3339()
                    ),
                ));
            };
            if calendar.is_some_and(|c| !c.is_business_day(local_date)) {
                continue;
            }
            if out.len() == MAX_BLOCKS {
                return Err(invalid_argument(
                    "to",
                    format!(
                        "more than {MAX_BLOCKS} blocks of routine {:?}; ask for a shorter range",
                        self.spec.name
                    ),
                ));
            }
            out.push(Block {
                routine: self.spec.name.clone(),
                kind: self.spec.kind,
                time_zone: self.spec.time_zone.clone(),
                start,
                end: block_end,
                local_date,
            });
        }
        out.sort_by_key(|b| b.start);
        out.dedup_by_key(|b| b.start);
        Ok(out)
    }
}

fn byday(days: &[Weekday]) -> String {
    days.iter()
        .map(|d| match d {
            Weekday::Mon => "MO",
            Weekday::Tue => "TU",
            Weekday::Wed => "WE",
            Weekday::Thu => "TH",
            Weekday::Fri => "FR",
            Weekday::Sat => "SA",
            Weekday::Sun => "SU",
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn weekly(
    kind: RoutineKind,
    name: &str,
    time_zone: &str,
    first_day: NaiveDate,
    weekdays: &[Weekday],
    start: NaiveTime,
    minutes: u32,
) -> Result<Routine> {
    if weekdays.is_empty() {
        return Err(invalid_argument("weekdays", "give at least one weekday"));
    }
    let mut days = weekdays.to_vec();
    days.sort_by_key(|d| d.num_days_from_monday());
    days.dedup();
    let day = (0..7)
        .filter_map(|n| first_day.checked_add_days(Days::new(n)))
        .find(|d| days.contains(&d.weekday()))
        .ok_or_else(|| invalid_argument("first_day", "too late in the calendar"))?;
    Routine::new(
        kind,
        name,
        time_zone,
        day.and_time(start),
        &format!("FREQ=WEEKLY;BYDAY={}", byday(&days)),
        minutes,
    )
}

/// One occurrence of a routine: a block of calling time.
///
/// # Example
/// ```
/// use callwise::routine::{Routine, RoutineKind};
/// let ph = Routine::power_hour("Australia/Lord_Howe", "2026-11-24".parse().unwrap(),
///     &[chrono::Weekday::Tue], chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap()).unwrap();
/// let b = &ph.blocks("2026-11-20T00:00:00Z".parse().unwrap(),
///                    "2026-11-25T00:00:00Z".parse().unwrap()).unwrap()[0];
/// assert_eq!((b.routine.as_str(), b.kind), ("Power Hour", RoutineKind::PowerHour));
/// assert_eq!(b.start.to_rfc3339(), "2026-11-23T23:00:00+00:00"); // 10:00 +11:00
/// assert_eq!(b.local_date.to_string(), "2026-11-24");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// The name of the routine it comes from.
    pub routine: String,
    /// The routine's kind.
    pub kind: RoutineKind,
    /// The routine's IANA zone, whose wall clock it keeps.
    pub time_zone: String,
    /// When it starts.
    #[serde(deserialize_with = "crate::time::strict")]
    pub start: DateTime<Utc>,
    /// When it ends (`start` plus the routine's duration).
    #[serde(deserialize_with = "crate::time::strict")]
    pub end: DateTime<Utc>,
    /// The local date of `start` in the routine's zone.
    #[serde(deserialize_with = "crate::time::strict")]
    pub local_date: NaiveDate,
}

/// The dates every binding carries and every answer stays within: the years 0000 to
/// 9999.
const DATES: std::ops::RangeInclusive<i32> = 0..=9999;

fn check_range(from: NaiveDate, to: NaiveDate) -> Result<()> {
    for (name, date) in [("from", from), ("to", to)] {
        if !DATES.contains(&date.year()) {
            return Err(invalid_argument(
                name,
                format!("{date} is outside the years 0000 to 9999"),
            ));
        }
    }
    if to < from {
        return Err(invalid_argument(
            "to",
            format!("{to} is before `from` {from}"),
        ));
    }
    let days = (to - from).num_days();
    if days > i64::from(MAX_RANGE_DAYS) {
        return Err(invalid_argument(
            "to",
            format!("{days} days from `from`; at most {MAX_RANGE_DAYS}"),
        ));
    }
    Ok(())
}

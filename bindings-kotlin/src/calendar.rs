//! Core's business calendars (`callwise::BusinessCalendar`): weekends and holidays given
//! as data, and arithmetic in business days and business hours.
//!
//! [`BusinessCalendar`] is an object (immutable, safe to share between threads) built
//! from its weekend days and [`HolidayRule`]s, from its JSON form (`fromJson`), or
//! ready-made (`usFederal()`, `weekendsOnly()`). Dates cross as ISO `YYYY-MM-DD` strings (read by core's
//! `parse_date`), weekdays as `"Mon"` to `"Sun"` (chrono's names, as in core's JSON),
//! clock times as `"HH:MM"` (core's `LocalWindow::parse`) and instants as
//! `java.time.Instant`.
//!
//! Nothing here computes anything: each function converts its arguments, calls core and
//! converts the answer.

use crate::CallwiseError;
use crate::records::{date, instant};
use std::str::FromStr;
use std::sync::Arc;
use std::time::SystemTime;

/// Where a fixed-date holiday is observed when it falls on a weekend (core's
/// `callwise::calling::Observance`).
pub type Observance = callwise::calling::Observance;

/// Where a fixed-date holiday is observed when it falls on a weekend.
#[uniffi::remote(Enum)]
pub enum Observance {
    /// On the date itself, whatever the weekday.
    Actual,
    /// Saturday to the Friday before, Sunday to the Monday after (the US federal rule).
    NearestWeekday,
    /// Saturday and Sunday both to the Monday after.
    NextMonday,
}

/// One holiday rule of a calendar (core's `callwise::calling::HolidayRule`), checked by core when
/// the calendar is built.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum HolidayRule {
    /// The same month and day every year, moved off weekends by `observed`.
    Fixed {
        /// The holiday's name.
        name: String,
        /// Month, 1 to 12.
        month: i64,
        /// Day of the month (29 February is refused: it is not a yearly date).
        day: i64,
        /// Where it is observed when it falls on a weekend.
        observed: Observance,
        /// The first year it is kept (Juneteenth: 2021), if not always.
        since: Option<i32>,
    },
    /// The nth given weekday of a month.
    NthWeekday {
        /// The holiday's name.
        name: String,
        /// Month, 1 to 12.
        month: i64,
        /// The weekday, `"Mon"` to `"Sun"`.
        weekday: String,
        /// Which one: 1 to 4, or -1 for the last.
        nth: i64,
    },
    /// One date only.
    Once {
        /// The holiday's name.
        name: String,
        /// The date (`YYYY-MM-DD`).
        date: String,
    },
}

/// An observed holiday: its date (`YYYY-MM-DD`) and name.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Holiday {
    /// The date it is observed on (`YYYY-MM-DD`).
    pub date: String,
    /// The holiday's name.
    pub name: String,
}

/// A daily window of local wall-clock time, from `start` (included) to `end` (excluded),
/// both `"HH:MM"` (or `"HH:MM:SS"`): core's `callwise::LocalWindow`. Checked by core
/// where it is used (`start` before `end`, on one day).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LocalWindow {
    /// The first local time inside the window.
    pub start: String,
    /// The first local time after the window.
    pub end: String,
}

impl From<callwise::LocalWindow> for LocalWindow {
    fn from(w: callwise::LocalWindow) -> Self {
        // Core's `Display` is `HH:MM-HH:MM` (seconds only when not zero); clock times
        // hold no `-`, so the two halves are core's own texts for start and end.
        let text = w.to_string();
        let (start, end) = text.split_once('-').unwrap_or((&text, ""));
        Self {
            start: start.to_owned(),
            end: end.to_owned(),
        }
    }
}

impl TryFrom<&LocalWindow> for callwise::LocalWindow {
    type Error = CallwiseError;
    fn try_from(w: &LocalWindow) -> Result<Self, CallwiseError> {
        Ok(callwise::LocalWindow::parse(&w.start, &w.end)?)
    }
}

/// A weekday name (`"Mon"` .. `"Sun"`, as core's JSON writes them; chrono, which reads
/// core's JSON, also takes full names in any case) as core's weekday, inferred at the
/// call site. A name that is not a weekday is `InvalidArgument` named `name`.
pub(crate) fn weekday<T: FromStr>(text: &str, name: &'static str) -> Result<T, CallwiseError> {
    text.parse().map_err(|_| not_a_weekday(text, name, ""))
}

/// [`weekday`] for a list, the reason starting `row i: ` for the first bad name.
pub(crate) fn weekdays<T: FromStr>(
    texts: &[String],
    name: &'static str,
) -> Result<Vec<T>, CallwiseError> {
    texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            text.parse()
                .map_err(|_| not_a_weekday(text, name, &format!("row {i}: ")))
        })
        .collect()
}

/// The `InvalidArgument` for a text that is not a weekday, its reason after `prefix`.
fn not_a_weekday(text: &str, name: &str, prefix: &str) -> CallwiseError {
    CallwiseError::InvalidArgument {
        name: name.to_owned(),
        reason: format!("{prefix}{text:?} is not a weekday (Mon to Sun)"),
    }
}

/// A number as the integer type core takes, or `InvalidArgument` named `name`.
pub(crate) fn fit<T: TryFrom<i64>>(value: i64, name: &str) -> Result<T, CallwiseError> {
    T::try_from(value).map_err(|_| CallwiseError::InvalidArgument {
        name: name.to_owned(),
        reason: format!("{value} is out of range for `{name}`"),
    })
}

impl TryFrom<&HolidayRule> for callwise::calling::HolidayRule {
    type Error = CallwiseError;
    fn try_from(rule: &HolidayRule) -> Result<Self, CallwiseError> {
        Ok(match rule {
            HolidayRule::Fixed {
                name,
                month,
                day,
                observed,
                since,
            } => Self::Fixed {
                name: name.clone(),
                month: fit(*month, "month")?,
                day: fit(*day, "day")?,
                observed: *observed,
                since: *since,
            },
            HolidayRule::NthWeekday {
                name,
                month,
                weekday: day,
                nth,
            } => Self::NthWeekday {
                name: name.clone(),
                month: fit(*month, "month")?,
                weekday: weekday(day, "weekday")?,
                nth: fit(*nth, "nth")?,
            },
            HolidayRule::Once { name, date } => Self::Once {
                name: name.clone(),
                date: callwise::time::parse_date(date, "date")?,
            },
        })
    }
}

impl From<&callwise::calling::HolidayRule> for HolidayRule {
    fn from(rule: &callwise::calling::HolidayRule) -> Self {
        match rule {
            callwise::calling::HolidayRule::Fixed {
                name,
                month,
                day,
                observed,
                since,
            } => Self::Fixed {
                name: name.clone(),
                month: i64::from(*month),
                day: i64::from(*day),
                observed: *observed,
                since: *since,
            },
            callwise::calling::HolidayRule::NthWeekday {
                name,
                month,
                weekday,
                nth,
            } => Self::NthWeekday {
                name: name.clone(),
                month: i64::from(*month),
                weekday: weekday.to_string(),
                nth: i64::from(*nth),
            },
            callwise::calling::HolidayRule::Once { name, date: d } => Self::Once {
                name: name.clone(),
                date: date(d),
            },
        }
    }
}

/// Weekends and holidays: which days are business days (core's
/// `callwise::BusinessCalendar`).
///
/// Immutable, so one instance can be shared between threads. In Kotlin it is
/// `AutoCloseable`.
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Eq)]
pub struct BusinessCalendar(pub(crate) callwise::BusinessCalendar);

#[uniffi::export]
impl BusinessCalendar {
    /// A calendar with these weekend days (`"Sat"`, `"Sun"`...) and holiday rules.
    ///
    /// # Errors
    /// `InvalidRule` (from core) when every day is a weekend day, a rule names a date that
    /// does not exist, a month outside 1 to 12, an `nth` outside 1 to 4 and -1, an empty
    /// name, or when there are more than 1,000 rules; `InvalidArgument` when a weekday
    /// name or a date cannot be read, or a number does not fit core's type.
    #[uniffi::constructor]
    pub fn new(
        weekend: Vec<String>,
        holidays: Vec<HolidayRule>,
    ) -> Result<Arc<Self>, CallwiseError> {
        let weekend = weekdays(&weekend, "weekend")?;
        let holidays = holidays
            .iter()
            .map(callwise::calling::HolidayRule::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Arc::new(Self(callwise::BusinessCalendar::new(
            weekend.as_slice(),
            holidays,
        )?)))
    }

    /// Saturdays and Sundays off, and the eleven US federal holidays with the federal
    /// observed-day rule (Saturday's holiday on the Friday before, Sunday's on the Monday
    /// after); Juneteenth from 2021.
    #[uniffi::constructor]
    pub fn us_federal() -> Arc<Self> {
        Arc::new(Self(callwise::BusinessCalendar::us_federal()))
    }

    /// Saturdays and Sundays off, no holidays.
    #[uniffi::constructor]
    pub fn weekends_only() -> Arc<Self> {
        Arc::new(Self(callwise::BusinessCalendar::weekends_only()))
    }

    /// A calendar from its JSON form, `{"weekend": ["Sat", "Sun"], "holidays": [...]}`
    /// with each holiday tagged by `rule` (`fixed`, `nth_weekday`, `once`): what `toJson`
    /// writes.
    ///
    /// # Errors
    /// `Json` when the text is not JSON of this shape or breaks a rule the constructor
    /// checks (core's message says which).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, CallwiseError> {
        Ok(Arc::new(Self(callwise::BusinessCalendar::from_json(
            &json,
        )?)))
    }

    /// The calendar as pretty JSON, the form `fromJson` reads.
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The weekend days, Monday first (`"Sat"`, `"Sun"`).
    pub fn weekend_days(&self) -> Vec<String> {
        self.0
            .weekend_days()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// The holiday rules, in the order given.
    pub fn rules(&self) -> Vec<HolidayRule> {
        self.0.rules().iter().map(HolidayRule::from).collect()
    }

    /// The name of the holiday observed on `date` (`YYYY-MM-DD`), or `null`.
    ///
    /// # Errors
    /// `InvalidArgument` (`date`) when `date` is not a `YYYY-MM-DD` date.
    pub fn holiday(&self, date: String) -> Result<Option<String>, CallwiseError> {
        let date = callwise::time::parse_date(&date, "date")?;
        Ok(self.0.holiday(date).map(str::to_owned))
    }

    /// The holidays observed from `from` to `to` (`YYYY-MM-DD`), both included, in date
    /// order.
    ///
    /// # Errors
    /// `InvalidArgument` (`from` or `to`) when a date cannot be read.
    pub fn holidays_between(
        &self,
        from: String,
        to: String,
    ) -> Result<Vec<Holiday>, CallwiseError> {
        let from = callwise::time::parse_date(&from, "from")?;
        let to = callwise::time::parse_date(&to, "to")?;
        Ok(self
            .0
            .holidays_between(from, to)
            .into_iter()
            .map(|(d, name)| Holiday {
                date: date(d),
                name: name.to_owned(),
            })
            .collect())
    }

    /// Whether `date` (`YYYY-MM-DD`) is neither a weekend day nor an observed holiday.
    ///
    /// # Errors
    /// `InvalidArgument` (`date`) when `date` is not a `YYYY-MM-DD` date.
    pub fn is_business_day(&self, date: String) -> Result<bool, CallwiseError> {
        Ok(self
            .0
            .is_business_day(callwise::time::parse_date(&date, "date")?))
    }

    /// `date` itself if it is a business day, else the next business day (`YYYY-MM-DD`).
    ///
    /// # Errors
    /// `InvalidArgument` (`date`) when `date` cannot be read.
    pub fn roll_forward(&self, date: String) -> Result<String, CallwiseError> {
        let d = self
            .0
            .roll_forward(callwise::time::parse_date(&date, "date")?)?;
        Ok(crate::records::date(d))
    }

    /// `n` business days after `date` (before it when `n` is negative), as
    /// `YYYY-MM-DD`. Counting starts from `date` whether or not it is a business day;
    /// `n = 0` rolls `date` forward to a business day.
    ///
    /// # Errors
    /// `InvalidArgument` named `n` when `|n|` is above 100,000, or named `date` when
    /// `date` cannot be read.
    pub fn add_business_days(&self, date: String, n: i64) -> Result<String, CallwiseError> {
        let d = self
            .0
            .add_business_days(callwise::time::parse_date(&date, "date")?, n)?;
        Ok(crate::records::date(d))
    }

    /// The earliest instant at or after `at` that is inside the window `start` to `end`
    /// (`"HH:MM"`) in the IANA zone `time_zone`, on a business day of that zone's local
    /// dates.
    ///
    /// # Errors
    /// `UnknownTimeZone`; `InvalidRule` for a window that is not `HH:MM` or is empty;
    /// `InvalidArgument` (`at`) when no business hour comes within 400 days or before the
    /// end of the year 9999, or `at` is outside the years 0000 to 9999.
    pub fn next_business_instant(
        &self,
        at: SystemTime,
        time_zone: String,
        start: String,
        end: String,
    ) -> Result<SystemTime, CallwiseError> {
        let tz = callwise::time::parse_time_zone(&time_zone)?;
        let window = callwise::LocalWindow::parse(&start, &end)?;
        let next = self
            .0
            .next_business_instant(instant(at, "at")?, tz, &window)?;
        Ok(next.into())
    }

    /// The instant `hours` business hours after `at`: time counts only inside the window
    /// `start` to `end` (`"HH:MM"`, in `time_zone`) on business days. From outside the
    /// window it starts counting at the next opening; an answer at the very end of a
    /// day's window is moved to the next opening.
    ///
    /// # Errors
    /// As [`next_business_instant`](Self::next_business_instant); `InvalidArgument` named
    /// `hours` when it is negative or above 100,000.
    pub fn add_business_hours(
        &self,
        at: SystemTime,
        time_zone: String,
        start: String,
        end: String,
        hours: i64,
    ) -> Result<SystemTime, CallwiseError> {
        let tz = callwise::time::parse_time_zone(&time_zone)?;
        let window = callwise::LocalWindow::parse(&start, &end)?;
        let due =
            self.0
                .add_business_hours(instant(at, "at")?, tz, &window, fit(hours, "hours")?)?;
        Ok(due.into())
    }
}

//! Core's business calendars (`callwise::BusinessCalendar`): weekends and holidays given
//! as data, and arithmetic in business days and business hours.
//!
//! [`BusinessCalendar`] is an object (immutable, safe to share between threads) built
//! from its weekend days and core's holiday rules, from its JSON form (`fromJson`), or
//! ready-made (`usFederal()`, `weekendsOnly()`). Dates are `java.time.LocalDate`s,
//! weekdays `java.time.DayOfWeek`s, windows `LocalWindow`s and instants
//! `java.time.Instant`s (see `types.rs`).
//!
//! Nothing here computes anything: each function calls core and returns its answer.

use crate::CallwiseError;
use crate::types::{NaiveDate, UtcInstant, Weekday};
use callwise::LocalWindow;
use callwise::calling::{HolidayRule, Observance};
use std::sync::Arc;

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

/// One holiday rule of a calendar (core's `callwise::calling::HolidayRule`), checked by
/// core when the calendar is built.
#[uniffi::remote(Enum)]
pub enum HolidayRule {
    /// The same month and day every year, moved off weekends by `observed`.
    Fixed {
        /// The holiday's name.
        name: String,
        /// Month, 1 to 12.
        month: u32,
        /// Day of the month (29 February is refused: it is not a yearly date).
        day: u32,
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
        month: u32,
        /// The weekday.
        weekday: Weekday,
        /// Which one: 1 to 4, or -1 for the last.
        nth: i8,
    },
    /// One date only.
    Once {
        /// The holiday's name.
        name: String,
        /// The date.
        date: NaiveDate,
    },
}

/// An observed holiday: its date and name (core answers `(date, name)` pairs, which
/// UniFFI does not carry).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Holiday {
    /// The date it is observed on.
    pub date: NaiveDate,
    /// The holiday's name.
    pub name: String,
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
    /// A calendar with these weekend days and holiday rules.
    ///
    /// # Errors
    /// `InvalidRule` (from core) when every day is a weekend day, a rule names a date that
    /// does not exist, a month outside 1 to 12, an `nth` outside 1 to 4 and -1, an empty
    /// name, or when there are more than 1,000 rules; `InvalidArgument` for a date
    /// outside the years 0000 to 9999.
    #[uniffi::constructor]
    pub fn new(
        weekend: Vec<Weekday>,
        holidays: Vec<HolidayRule>,
    ) -> Result<Arc<Self>, CallwiseError> {
        let calendar = callwise::BusinessCalendar::new(&weekend, holidays)?;
        Ok(Arc::new(Self(calendar)))
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
        let calendar = callwise::BusinessCalendar::from_json(&json)?;
        Ok(Arc::new(Self(calendar)))
    }

    /// The calendar as pretty JSON, the form `fromJson` reads.
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The weekend days, Monday first.
    pub fn weekend_days(&self) -> Vec<Weekday> {
        self.0.weekend_days()
    }

    /// The holiday rules, in the order given.
    pub fn rules(&self) -> Vec<HolidayRule> {
        self.0.rules().to_vec()
    }

    /// The name of the holiday observed on `date`, or `null`.
    ///
    /// # Errors
    /// `InvalidArgument` for a date outside the years 0000 to 9999.
    pub fn holiday(&self, date: NaiveDate) -> Result<Option<String>, CallwiseError> {
        Ok(self.0.holiday(date).map(str::to_owned))
    }

    /// The holidays observed from `from` to `to`, both included, in date order.
    ///
    /// # Errors
    /// `InvalidArgument` for a date outside the years 0000 to 9999.
    pub fn holidays_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Holiday>, CallwiseError> {
        let holidays = self.0.holidays_between(from, to).into_iter();
        Ok(holidays
            .map(|(date, name)| Holiday {
                date,
                name: name.to_owned(),
            })
            .collect())
    }

    /// Whether `date` is neither a weekend day nor an observed holiday.
    ///
    /// # Errors
    /// `InvalidArgument` for a date outside the years 0000 to 9999.
    pub fn is_business_day(&self, date: NaiveDate) -> Result<bool, CallwiseError> {
        Ok(self.0.is_business_day(date))
    }

    /// `date` itself if it is a business day, else the next business day.
    ///
    /// # Errors
    /// `InvalidArgument` when no business day comes within 400 days, or for a date
    /// outside the years 0000 to 9999.
    pub fn roll_forward(&self, date: NaiveDate) -> Result<NaiveDate, CallwiseError> {
        Ok(self.0.roll_forward(date)?)
    }

    /// `n` business days after `date` (before it when `n` is negative). Counting starts
    /// from `date` whether or not it is a business day; `n = 0` rolls `date` forward to a
    /// business day.
    ///
    /// # Errors
    /// `InvalidArgument` named `n` when `|n|` is above 100,000, or for a date outside the
    /// years 0000 to 9999.
    pub fn add_business_days(&self, date: NaiveDate, n: i64) -> Result<NaiveDate, CallwiseError> {
        Ok(self.0.add_business_days(date, n)?)
    }

    /// The earliest instant at or after `at` that is inside `window` in the IANA zone
    /// `time_zone`, on a business day of that zone's local dates.
    ///
    /// # Errors
    /// `UnknownTimeZone`; `InvalidRule` for an empty window; `InvalidArgument` when no
    /// business hour comes within 400 days or before the end of the year 9999, or `at`
    /// is outside the years 0000 to 9999.
    pub fn next_business_instant(
        &self,
        at: UtcInstant,
        time_zone: String,
        window: LocalWindow,
    ) -> Result<UtcInstant, CallwiseError> {
        let tz = callwise::time::parse_time_zone(&time_zone)?;
        Ok(self.0.next_business_instant(at, tz, &window)?)
    }

    /// The instant `hours` business hours after `at`: time counts only inside `window`
    /// (in `time_zone`) on business days. From outside the window it starts counting at
    /// the next opening; an answer at the very end of a day's window is moved to the next
    /// opening.
    ///
    /// # Errors
    /// As [`next_business_instant`](Self::next_business_instant); `InvalidArgument` named
    /// `hours` when it is above 100,000.
    pub fn add_business_hours(
        &self,
        at: UtcInstant,
        time_zone: String,
        window: LocalWindow,
        hours: u32,
    ) -> Result<UtcInstant, CallwiseError> {
        let tz = callwise::time::parse_time_zone(&time_zone)?;
        Ok(self.0.add_business_hours(at, tz, &window, hours)?)
    }
}

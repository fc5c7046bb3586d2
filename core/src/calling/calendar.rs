//! Business calendars: weekends and holidays given by the caller, and arithmetic in
//! business days and business hours.
//!
//! Holidays are rules, not lists: a fixed date with an observed-day shift (Christmas
//! on a Saturday is observed on Friday 24 December), the nth weekday of a month
//! (Thanksgiving), or a one-off date. [`BusinessCalendar::us_federal`] is the ready US
//! federal set.

use crate::LocalWindow;
use crate::{Error, Result};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Where a fixed-date holiday is observed when it falls on a weekend.
///
/// # Example
/// ```
/// use callwise::calling::Observance;
/// assert_ne!(Observance::NearestWeekday, Observance::Actual);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Observance {
    /// On the date itself, whatever the weekday.
    #[default]
    Actual,
    /// Saturday to the Friday before, Sunday to the Monday after (the US federal rule).
    NearestWeekday,
    /// Saturday and Sunday both to the Monday after.
    NextMonday,
}

/// One holiday rule of a [`BusinessCalendar`].
///
/// # Example
/// ```
/// use callwise::calling::{HolidayRule, Observance};
/// use chrono::Weekday;
/// let thanksgiving = HolidayRule::NthWeekday {
///     name: "Thanksgiving Day".into(), month: 11, weekday: Weekday::Thu, nth: 4 };
/// assert_eq!(thanksgiving.date_in(2026).unwrap().to_string(), "2026-11-26");
/// let july4 = HolidayRule::Fixed {
///     name: "Independence Day".into(), month: 7, day: 4,
///     observed: Observance::NearestWeekday, since: None };
/// assert_eq!(july4.date_in(2026).unwrap().to_string(), "2026-07-03"); // a Saturday
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
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
        #[serde(default)]
        observed: Observance,
        /// The first year it is kept (Juneteenth: 2021), if not always.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        since: Option<i32>,
    },
    /// The nth given weekday of a month; `nth` is 1 to 4, or -1 for the last.
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
        #[serde(deserialize_with = "crate::time::strict")]
        date: NaiveDate,
    },
}

impl HolidayRule {
    /// The holiday's name.
    ///
    /// # Example
    /// ```
    /// let r = callwise::calling::HolidayRule::Once {
    ///     name: "Founders' Day".into(), date: "2026-05-01".parse().unwrap() };
    /// assert_eq!(r.name(), "Founders' Day");
    /// ```
    pub fn name(&self) -> &str {
        match self {
            Self::Fixed { name, .. } | Self::NthWeekday { name, .. } | Self::Once { name, .. } => {
                name
            }
        }
    }

    /// The date the holiday is observed for `year`'s occurrence (which can fall in the
    /// year before: New Year's Day 2028 is a Saturday, observed Friday 31 December
    /// 2027), or `None` when the rule does not apply that year.
    ///
    /// # Example
    /// ```
    /// let new_year = callwise::BusinessCalendar::us_federal().rules()[0].clone();
    /// assert_eq!(new_year.date_in(2028).unwrap().to_string(), "2027-12-31");
    /// ```
    pub fn date_in(&self, year: i32) -> Option<NaiveDate> {
        match *self {
            Self::Fixed {
                month,
                day,
                observed,
                since,
                ..
            } => {
                if since.is_some_and(|first| year < first) {
                    return None;
                }
                let date = NaiveDate::from_ymd_opt(year, month, day)?;
                Some(match (observed, date.weekday()) {
                    (Observance::NearestWeekday, Weekday::Sat) => date.pred_opt()?,
                    (Observance::NearestWeekday | Observance::NextMonday, Weekday::Sun) => {
                        date.succ_opt()?
                    }
                    (Observance::NextMonday, Weekday::Sat) => {
                        date.checked_add_days(chrono::Days::new(2))?
                    }
                    _ => date,
                })
            }
            Self::NthWeekday {
                month,
                weekday,
                nth,
                ..
            } => {
                if nth == -1 {
                    let first_next = if month == 12 {
                        NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)?
                    } else {
                        NaiveDate::from_ymd_opt(year, month + 1, 1)?
                    };
                    let last = first_next.pred_opt()?;
                    let back = (7 + last.weekday().num_days_from_monday()
                        - weekday.num_days_from_monday())
                        % 7;
                    last.checked_sub_days(chrono::Days::new(u64::from(back)))
                } else {
                    NaiveDate::from_weekday_of_month_opt(
                        year,
                        month,
                        weekday,
                        u8::try_from(nth).ok()?,
                    )
                }
            }
            Self::Once { date, .. } => (date.year() == year).then_some(date),
        }
    }

    fn check(&self) -> Result<()> {
        let bad = |reason: String| {
            Err(Error::invalid_rule(
                format!("holiday rule {:?}", self.name()),
                reason,
            ))
        };
        if self.name().is_empty() {
            return bad("the name is empty".to_owned());
        }
        match *self {
            Self::Fixed { month, day, .. } => {
                if month == 2 && day == 29 {
                    return bad("29 February is not a date every year".to_owned());
                }
                if NaiveDate::from_ymd_opt(2001, month, day).is_none() {
                    return bad(format!("month {month}, day {day} is not a date"));
                }
            }
            Self::NthWeekday { month, nth, .. } => {
                if !(1..=12).contains(&month) {
                    return bad(format!("month {month} is not 1 to 12"));
                }
                if !(nth == -1 || (1..=4).contains(&nth)) {
                    return bad(format!("nth {nth} is not 1 to 4 or -1 (the last)"));
                }
            }
            Self::Once { .. } => {}
        }
        Ok(())
    }
}

/// Years whose holidays are worked out once, when the calendar is built; dates outside
/// are worked out when asked.
const CACHED_YEARS: std::ops::RangeInclusive<i32> = 1970..=2100;

/// Weekends and holidays: which days are business days.
///
/// Built from data (serde reads and writes it as `{"weekend": [...], "holidays":
/// [...]}`) and checked when built.
///
/// # Example
/// ```
/// use callwise::BusinessCalendar;
/// let cal = BusinessCalendar::us_federal();
/// let thanksgiving = "2026-11-26".parse().unwrap();
/// assert_eq!(cal.holiday(thanksgiving), Some("Thanksgiving Day"));
/// // Wednesday + 1 business day skips Thanksgiving, then the Friday is a business day.
/// let next = cal.add_business_days("2026-11-25".parse().unwrap(), 1).unwrap();
/// assert_eq!(next.to_string(), "2026-11-27");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CalendarSpec", into = "CalendarSpec")]
pub struct BusinessCalendar {
    weekend: [bool; 7],
    rules: Vec<HolidayRule>,
    /// Observed date to the index of its rule, for [`CACHED_YEARS`].
    cached: FxHashMap<NaiveDate, u16>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarSpec {
    weekend: Vec<Weekday>,
    #[serde(default)]
    holidays: Vec<HolidayRule>,
}

impl TryFrom<CalendarSpec> for BusinessCalendar {
    type Error = Error;
    fn try_from(spec: CalendarSpec) -> Result<Self> {
        Self::new(&spec.weekend, spec.holidays)
    }
}

impl From<BusinessCalendar> for CalendarSpec {
    fn from(cal: BusinessCalendar) -> Self {
        Self {
            weekend: cal.weekend_days(),
            holidays: cal.rules,
        }
    }
}

impl BusinessCalendar {
    /// A calendar with the given weekend days and holiday rules.
    ///
    /// # Errors
    /// [`Error::InvalidRule`] when every day is a weekend day, a rule names a date that
    /// does not exist (31 April, 29 February every year), a month outside 1 to 12, an
    /// `nth` outside 1 to 4 and -1, an empty name, or when there are more than 1,000
    /// rules.
    ///
    /// # Example
    /// ```
    /// use chrono::Weekday;
    /// let gulf = callwise::BusinessCalendar::new(&[Weekday::Fri, Weekday::Sat], vec![]).unwrap();
    /// assert!(gulf.is_business_day("2026-11-29".parse().unwrap())); // a Sunday
    /// assert!(callwise::BusinessCalendar::new(&[
    ///     Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu,
    ///     Weekday::Fri, Weekday::Sat, Weekday::Sun], vec![]).is_err());
    /// ```
    pub fn new(weekend: &[Weekday], holidays: Vec<HolidayRule>) -> Result<Self> {
        let mut days = [false; 7];
        for day in weekend {
            days[day.num_days_from_monday() as usize] = true;
        }
        if days.iter().all(|d| *d) {
            return Err(Error::invalid_rule(
                "business calendar",
                "every day of the week is a weekend day",
            ));
        }
        if holidays.len() > 1000 {
            return Err(Error::invalid_rule(
                "business calendar",
                format!("{} holiday rules; at most 1,000", holidays.len()),
            ));
        }
        for rule in &holidays {
            rule.check()?;
        }
        let mut cached = FxHashMap::default();
        for (i, rule) in holidays.iter().enumerate() {
            for year in CACHED_YEARS {
                if let Some(date) = rule.date_in(year) {
                    cached.entry(date).or_insert(i as u16);
                }
            }
        }
        Ok(Self {
            weekend: days,
            rules: holidays,
            cached,
        })
    }

    /// A calendar from its JSON form: `{"weekend": ["Sat", "Sun"], "holidays": [...]}`,
    /// each holiday tagged by `rule` (`fixed`, `nth_weekday`, `once`).
    ///
    /// # Errors
    /// [`Error::Json`] when the text is not JSON of that shape or breaks a rule
    /// [`new`](Self::new) checks (the message says which).
    ///
    /// # Example
    /// ```
    /// let cal = callwise::BusinessCalendar::from_json(
    ///     r#"{"weekend": ["Sat", "Sun"], "holidays": [{"rule": "once", "name": "Offsite", "date": "2026-12-01"}]}"#).unwrap();
    /// assert_eq!(cal.holiday("2026-12-01".parse().unwrap()), Some("Offsite"));
    /// assert!(callwise::BusinessCalendar::from_json(r#"{"weekend": []"#).is_err());
    /// ```
    pub fn from_json(json: &str) -> Result<Self> {
        crate::book::from_json(json, "business calendar")
    }

    /// The calendar as pretty JSON, the form [`from_json`](Self::from_json) reads.
    ///
    /// # Example
    /// ```
    /// let cal = callwise::BusinessCalendar::us_federal();
    /// assert_eq!(callwise::BusinessCalendar::from_json(&cal.to_json()).unwrap(), cal);
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&CalendarSpec::from(self.clone()))
            .expect("a calendar serialises")
    }

    /// Saturdays and Sundays off, no holidays.
    ///
    /// # Example
    /// ```
    /// let cal = callwise::BusinessCalendar::weekends_only();
    /// assert!(cal.is_business_day("2026-12-25".parse().unwrap()));
    /// ```
    pub fn weekends_only() -> Self {
        Self::new(&[Weekday::Sat, Weekday::Sun], Vec::new()).expect("a valid calendar")
    }

    /// Saturdays and Sundays off, and the eleven US federal holidays (5 U.S.C. 6103),
    /// with the federal observed-day rule: Saturday's holiday on the Friday before,
    /// Sunday's on the Monday after. Juneteenth is kept from 2021.
    ///
    /// # Example
    /// ```
    /// let cal = callwise::BusinessCalendar::us_federal();
    /// assert_eq!(cal.rules().len(), 11);
    /// // Christmas 2027 is a Saturday: observed Friday 24 December.
    /// assert_eq!(cal.holiday("2027-12-24".parse().unwrap()), Some("Christmas Day"));
    /// ```
    pub fn us_federal() -> Self {
        use HolidayRule::{Fixed, NthWeekday};
        let fixed = |name: &str, month, day, since| Fixed {
            name: name.to_owned(),
            month,
            day,
            observed: Observance::NearestWeekday,
            since,
        };
        let nth = |name: &str, month, weekday, nth| NthWeekday {
            name: name.to_owned(),
            month,
            weekday,
            nth,
        };
        Self::new(
            &[Weekday::Sat, Weekday::Sun],
            vec![
                fixed("New Year's Day", 1, 1, None),
                nth("Birthday of Martin Luther King, Jr.", 1, Weekday::Mon, 3),
                nth("Washington's Birthday", 2, Weekday::Mon, 3),
                nth("Memorial Day", 5, Weekday::Mon, -1),
                fixed("Juneteenth National Independence Day", 6, 19, Some(2021)),
                fixed("Independence Day", 7, 4, None),
                nth("Labor Day", 9, Weekday::Mon, 1),
                nth("Columbus Day", 10, Weekday::Mon, 2),
                fixed("Veterans Day", 11, 11, None),
                nth("Thanksgiving Day", 11, Weekday::Thu, 4),
                fixed("Christmas Day", 12, 25, None),
            ],
        )
        .expect("a valid calendar")
    }

    /// The holiday rules, in the order given.
    ///
    /// # Example
    /// ```
    /// let cal = callwise::BusinessCalendar::us_federal();
    /// assert_eq!(cal.rules()[0].name(), "New Year's Day");
    /// ```
    pub fn rules(&self) -> &[HolidayRule] {
        &self.rules
    }

    /// The weekend days, Monday first.
    ///
    /// # Example
    /// ```
    /// use chrono::Weekday;
    /// let cal = callwise::BusinessCalendar::weekends_only();
    /// assert_eq!(cal.weekend_days(), vec![Weekday::Sat, Weekday::Sun]);
    /// ```
    pub fn weekend_days(&self) -> Vec<Weekday> {
        (0..7u8)
            .filter(|&i| self.weekend[i as usize])
            .map(|i| Weekday::try_from(i).expect("0 to 6"))
            .collect()
    }

    /// The name of the holiday observed on `date`, if any (the first rule wins when two
    /// fall on one date).
    ///
    /// # Example
    /// ```
    /// let cal = callwise::BusinessCalendar::us_federal();
    /// assert_eq!(cal.holiday("2026-01-19".parse().unwrap()),
    ///            Some("Birthday of Martin Luther King, Jr."));
    /// assert_eq!(cal.holiday("2026-01-20".parse().unwrap()), None);
    /// ```
    pub fn holiday(&self, date: NaiveDate) -> Option<&str> {
        if CACHED_YEARS.contains(&date.year()) {
            return self
                .cached
                .get(&date)
                .map(|&i| self.rules[i as usize].name());
        }
        // A rule's occurrence for next year can be observed this year (31 December).
        self.rules
            .iter()
            .find(|rule| {
                [date.year(), date.year().saturating_add(1)]
                    .iter()
                    .any(|&y| rule.date_in(y) == Some(date))
            })
            .map(HolidayRule::name)
    }

    /// The holidays observed from `from` to `to`, both included, in date order.
    ///
    /// # Example
    /// ```
    /// let cal = callwise::BusinessCalendar::us_federal();
    /// let days = cal.holidays_between("2026-11-01".parse().unwrap(),
    ///                                 "2026-11-30".parse().unwrap());
    /// assert_eq!(days.len(), 2); // Veterans Day, Thanksgiving
    /// assert_eq!(days[1].1, "Thanksgiving Day");
    /// ```
    pub fn holidays_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, &str)> {
        let mut out: Vec<(NaiveDate, &str)> = Vec::new();
        for year in from.year().saturating_sub(1)..=to.year().saturating_add(1) {
            for rule in &self.rules {
                if let Some(date) = rule.date_in(year)
                    && (from..=to).contains(&date)
                    && self.holiday(date) == Some(rule.name())
                {
                    out.push((date, rule.name()));
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Whether `date` is neither a weekend day nor an observed holiday.
    ///
    /// # Example
    /// ```
    /// let cal = callwise::BusinessCalendar::us_federal();
    /// assert!(!cal.is_business_day("2026-11-28".parse().unwrap())); // Saturday
    /// assert!(cal.is_business_day("2026-11-27".parse().unwrap()));
    /// ```
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        !self.weekend[date.weekday().num_days_from_monday() as usize]
            && self.holiday(date).is_none()
    }

    /// `date` itself if it is a business day, else the next business day.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] named `date` when `date` is outside the years 0000 to
    /// 9999 or the answer runs past the year 9999 (the last year the JSON form of dates,
    /// and every binding, can carry).
    ///
    /// # Example
    /// ```
    /// let cal = callwise::BusinessCalendar::us_federal();
    /// let d = cal.roll_forward("2026-12-25".parse().unwrap()).unwrap();
    /// assert_eq!(d.to_string(), "2026-12-28"); // Christmas (Friday) to Monday
    /// ```
    pub fn roll_forward(&self, date: NaiveDate) -> Result<NaiveDate> {
        let mut d = in_years(date)?;
        while !self.is_business_day(d) {
            d = step(d, 1)?;
        }
        Ok(d)
    }

    /// `n` business days after `date` (before it when `n` is negative). Counting starts
    /// from `date` whether or not it is a business day; `n = 0` rolls `date` forward to
    /// a business day.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] named `n` when `|n|` is above 100,000, or named `date`
    /// when `date` or the answer is outside the years 0000 to 9999.
    ///
    /// # Example
    /// ```
    /// let cal = callwise::BusinessCalendar::us_federal();
    /// let fri = "2026-07-03".parse().unwrap(); // Independence Day observed
    /// assert_eq!(cal.add_business_days(fri, 1).unwrap().to_string(), "2026-07-06");
    /// assert_eq!(cal.add_business_days(fri, -1).unwrap().to_string(), "2026-07-02");
    /// ```
    pub fn add_business_days(&self, date: NaiveDate, n: i64) -> Result<NaiveDate> {
        if n.unsigned_abs() > 100_000 {
            return Err(Error::invalid_argument(
                "n",
                format!("{n} business days; at most 100,000 either way"),
            ));
        }
        if n == 0 {
            return self.roll_forward(date);
        }
        let dir = n.signum();
        let mut d = in_years(date)?;
        let mut left = n.unsigned_abs();
        while left > 0 {
            d = step(d, dir)?;
            if self.is_business_day(d) {
                left -= 1;
            }
        }
        Ok(d)
    }

    /// The earliest instant at or after `at` that is inside `window` in zone `tz` on a
    /// business day (the callee's local date).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] named `at` when no business hour comes within 400 days
    /// (a calendar of nothing but holidays) or within the years 0000 to 9999.
    ///
    /// # Example
    /// ```
    /// let cal = callwise::BusinessCalendar::us_federal();
    /// let tz = callwise::time::parse_time_zone("America/Chicago").unwrap();
    /// let hours = callwise::LocalWindow::parse("09:00", "17:00").unwrap();
    /// // Wednesday 25 November 2026, 18:00 in Chicago: Thanksgiving is next, then Friday.
    /// let at = "2026-11-26T00:00:00Z".parse().unwrap();
    /// let next = cal.next_business_instant(at, tz, &hours).unwrap();
    /// assert_eq!(next.to_rfc3339(), "2026-11-27T15:00:00+00:00");
    /// ```
    pub fn next_business_instant(
        &self,
        at: DateTime<Utc>,
        tz: Tz,
        window: &LocalWindow,
    ) -> Result<DateTime<Utc>> {
        window
            .next_open(tz, at, |d| self.is_business_day(d))
            .ok_or_else(|| {
                Error::invalid_argument(
                    "at",
                    "no business hour within 400 days of it, before the end of the year 9999",
                )
            })
    }

    /// The instant `hours` business hours after `at`: time counts only inside `window`
    /// (in `tz`) on business days. From outside the window it starts counting at the
    /// next opening; an answer at the very end of a day's window is moved to the next
    /// opening.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] named `hours` when above 100,000 or when counting them
    /// would take more than 36,600 business days (a century: a window of a few seconds),
    /// named `at` when the answer is past the end of the year 9999, or as
    /// [`next_business_instant`](Self::next_business_instant).
    ///
    /// # Example
    /// ```
    /// let cal = callwise::BusinessCalendar::us_federal();
    /// let tz = callwise::time::parse_time_zone("America/New_York").unwrap();
    /// let hours = callwise::LocalWindow::parse("09:00", "17:00").unwrap();
    /// // Friday 16:00 + 4 business hours: one hour on Friday, three on Monday.
    /// let at = "2026-11-20T21:00:00Z".parse().unwrap();
    /// let due = cal.add_business_hours(at, tz, &hours, 4).unwrap();
    /// assert_eq!(due.to_rfc3339(), "2026-11-23T17:00:00+00:00"); // 12:00 EST
    /// ```
    pub fn add_business_hours(
        &self,
        at: DateTime<Utc>,
        tz: Tz,
        window: &LocalWindow,
        hours: u32,
    ) -> Result<DateTime<Utc>> {
        if hours > 100_000 {
            return Err(Error::invalid_argument(
                "hours",
                format!("{hours} business hours; at most 100,000"),
            ));
        }
        let mut left = Duration::hours(i64::from(hours));
        let mut now = self.next_business_instant(at, tz, window)?;
        for _ in 0..36_600 {
            let close = window.close_after(tz, now, |d| self.is_business_day(d));
            if left < close - now {
                return now
                    .checked_add_signed(left)
                    .filter(|due| *due <= crate::time::last_instant())
                    .ok_or_else(|| {
                        Error::invalid_argument("at", "the answer is past the end of the year 9999")
                    });
            }
            left -= close - now;
            now = self.next_business_instant(close, tz, window)?;
        }
        Err(Error::invalid_argument(
            "hours",
            format!(
                "{hours} business hours in a {window} window take more than 36,600 business days"
            ),
        ))
    }
}

/// The day after (`dir > 0`) or before `date`, within the years 0000 to 9999.
/// `date`, when it is within the years 0000 to 9999 that every binding carries.
fn in_years(date: NaiveDate) -> Result<NaiveDate> {
    if (0..=9999).contains(&date.year()) {
        Ok(date)
    } else {
        Err(Error::invalid_argument(
            "date",
            format!("{date} is outside the years 0000 to 9999"),
        ))
    }
}

fn step(date: NaiveDate, dir: i64) -> Result<NaiveDate> {
    let next = if dir > 0 {
        date.succ_opt()
    } else {
        date.pred_opt()
    };
    next.filter(|d| (0..=9999).contains(&d.year()))
        .ok_or_else(|| {
            Error::invalid_argument("date", "the answer is outside the years 0000 to 9999")
        })
}

//! Time zones and local windows: what "08:00 in the callee's time" means on the days
//! clocks change.
//!
//! # Daylight saving, defined
//! A [`LocalWindow`] is the set of *instants* whose local wall-clock time lies in
//! `[start, end)`. Everything else follows from that one definition:
//! - **Spring forward (gap).** Wall times inside the gap never happen. A window that
//!   opens inside the gap opens at the transition, the first instant after the gap
//!   (New York, 8 March 2026: a window opening at 02:30 opens at 03:00 EDT).
//! - **Fall back (overlap).** Wall times in the repeated hour happen twice; both passes
//!   are inside the window if the wall time is. The earliest qualifying instant is the
//!   one reported as `next_allowed`.
//! - **Days** (quiet days, holidays, per-day caps) are the callee's local dates.

use crate::time::{first_instant, format_clock, last_instant, local, next_change, parse_clock};
use crate::{Error, Result};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// A daily window of local wall-clock time, `[start, end)`, such as 08:00 to 21:00.
///
/// It is the set of instants whose local wall-clock time lies in `[start, end)`: on the
/// day clocks go forward, a window opening in the gap opens when the gap ends; on the
/// day they go back, both passes of a repeated wall time are inside it when the wall
/// time is.
///
/// # Example
/// ```
/// use chrono::NaiveTime;
/// let w = callwise::LocalWindow::new(
///     NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
///     NaiveTime::from_hms_opt(21, 0, 0).unwrap(),
/// ).unwrap();
/// assert!(w.contains_time(NaiveTime::from_hms_opt(20, 59, 59).unwrap()));
/// assert!(!w.contains_time(NaiveTime::from_hms_opt(21, 0, 0).unwrap()));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "WindowSpec", into = "WindowSpec")]
pub struct LocalWindow {
    start: NaiveTime,
    end: NaiveTime,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WindowSpec {
    #[serde(deserialize_with = "strict_clock")]
    start: NaiveTime,
    #[serde(deserialize_with = "strict_clock")]
    end: NaiveTime,
}

/// Serde's reading of a clock time through [`parse_clock`] (chrono's own takes one-digit
/// fields and spaces); chrono's writing (`HH:MM:SS`) is already strict.
fn strict_clock<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<NaiveTime, D::Error> {
    let text = String::deserialize(d)?;
    parse_clock(&text, "time").map_err(serde::de::Error::custom)
}

impl TryFrom<WindowSpec> for LocalWindow {
    type Error = Error;
    fn try_from(spec: WindowSpec) -> Result<Self> {
        Self::new(spec.start, spec.end)
    }
}

impl From<LocalWindow> for WindowSpec {
    fn from(w: LocalWindow) -> Self {
        Self {
            start: w.start,
            end: w.end,
        }
    }
}

impl LocalWindow {
    /// The window from `start` (included) to `end` (excluded) on each local day.
    ///
    /// # Errors
    /// [`Error::InvalidRule`] when `start` is not before `end` (a window does not cross
    /// midnight), or either has a fraction of a second.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveTime;
    /// let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
    /// assert!(callwise::LocalWindow::new(nine, nine).is_err());
    /// ```
    pub fn new(start: NaiveTime, end: NaiveTime) -> Result<Self> {
        use chrono::Timelike;
        if start >= end || start.nanosecond() != 0 || end.nanosecond() != 0 {
            return Err(Error::invalid_rule(
                "calling window",
                format!("start {start} must be before end {end}, in whole seconds, on one day"),
            ));
        }
        Ok(Self { start, end })
    }

    /// The same window given as `HH:MM` texts, the form bindings and JSON use.
    ///
    /// # Errors
    /// [`Error::InvalidRule`] when a text is not `HH:MM` (or `HH:MM:SS`) or the window
    /// is empty.
    ///
    /// # Example
    /// ```
    /// let w = callwise::LocalWindow::parse("08:00", "21:00").unwrap();
    /// assert_eq!(w.to_string(), "08:00-21:00");
    /// assert!(callwise::LocalWindow::parse("8am", "21:00").is_err());
    /// ```
    pub fn parse(start: &str, end: &str) -> Result<Self> {
        let clock = |text: &str| {
            parse_clock(text, "window").map_err(|err| Error::InvalidRule {
                what: "calling window".to_owned(),
                reason: match err {
                    Error::InvalidArgument { reason, .. } => reason,
                    other => other.to_string(),
                },
            })
        };
        Self::new(clock(start)?, clock(end)?)
    }

    /// The first instant of the window, local time.
    ///
    /// # Example
    /// ```
    /// let w = callwise::LocalWindow::parse("08:00", "21:00").unwrap();
    /// assert_eq!(w.start().to_string(), "08:00:00");
    /// ```
    pub fn start(&self) -> NaiveTime {
        self.start
    }

    /// The first local time after the window.
    ///
    /// # Example
    /// ```
    /// let w = callwise::LocalWindow::parse("08:00", "21:00").unwrap();
    /// assert_eq!(w.end().to_string(), "21:00:00");
    /// ```
    pub fn end(&self) -> NaiveTime {
        self.end
    }

    /// Whether a local wall-clock time is inside the window.
    ///
    /// # Example
    /// ```
    /// let w = callwise::LocalWindow::parse("08:00", "21:00").unwrap();
    /// assert!(w.contains_time(chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap()));
    /// ```
    pub fn contains_time(&self, time: NaiveTime) -> bool {
        self.start <= time && time < self.end
    }

    /// Whether the window lies inside `other` (it is at least as strict).
    ///
    /// # Example
    /// ```
    /// let federal = callwise::LocalWindow::parse("08:00", "21:00").unwrap();
    /// let strict = callwise::LocalWindow::parse("09:00", "20:00").unwrap();
    /// assert!(strict.within(&federal) && !federal.within(&strict));
    /// ```
    pub fn within(&self, other: &LocalWindow) -> bool {
        other.start <= self.start && self.end <= other.end
    }

    /// The intersection of two windows, if they overlap.
    ///
    /// # Example
    /// ```
    /// let a = callwise::LocalWindow::parse("08:00", "12:00").unwrap();
    /// let b = callwise::LocalWindow::parse("10:00", "21:00").unwrap();
    /// assert_eq!(a.intersect(&b).unwrap().to_string(), "10:00-12:00");
    /// ```
    pub fn intersect(&self, other: &LocalWindow) -> Option<LocalWindow> {
        Self::new(self.start.max(other.start), self.end.min(other.end)).ok()
    }

    /// Whether the instant `at`, read in `tz`, is inside the window.
    ///
    /// # Example
    /// ```
    /// let w = callwise::LocalWindow::parse("08:00", "21:00").unwrap();
    /// let tz = callwise::time::parse_time_zone("Pacific/Honolulu").unwrap();
    /// let at: chrono::DateTime<chrono::Utc> = "2026-07-01T17:59:00Z".parse().unwrap();
    /// assert!(!w.contains(tz, at)); // 07:59 in Honolulu
    /// ```
    pub fn contains(&self, tz: Tz, at: DateTime<Utc>) -> bool {
        local(tz, at).is_some_and(|l| self.contains_time(l.time()))
    }

    /// The earliest instant at or after `at` that is inside the window, in `tz`, on a
    /// local date `day_ok` accepts; `None` when no such instant comes within 400 days,
    /// or within the years 0000 to 9999 (the instants every binding carries).
    ///
    /// The window is a set of instants, so the
    /// answer can be the instant clocks go back, when that takes the wall clock from
    /// past the window's end back into it.
    ///
    /// # Example
    /// ```
    /// let w = callwise::LocalWindow::parse("08:00", "21:00").unwrap();
    /// let tz = callwise::time::parse_time_zone("America/New_York").unwrap();
    /// let at: chrono::DateTime<chrono::Utc> = "2026-11-25T02:30:00Z".parse().unwrap();
    /// let next = w.next_open(tz, at, |_| true).unwrap();
    /// assert_eq!(next.to_rfc3339(), "2026-11-25T13:00:00+00:00"); // 08:00 EST
    /// // 00:00 to 01:30 on 1 November 2026: at 01:40 EDT the window is closed, and it
    /// // opens again when clocks go back to 01:00 EST, at 06:00 UTC.
    /// let night = callwise::LocalWindow::parse("00:00", "01:30").unwrap();
    /// let at: chrono::DateTime<chrono::Utc> = "2026-11-01T05:40:00Z".parse().unwrap();
    /// assert_eq!(night.next_open(tz, at, |_| true).unwrap().to_rfc3339(), "2026-11-01T06:00:00+00:00");
    /// ```
    pub fn next_open(
        &self,
        tz: Tz,
        at: DateTime<Utc>,
        mut day_ok: impl FnMut(NaiveDate) -> bool,
    ) -> Option<DateTime<Utc>> {
        let limit = at
            .checked_add_signed(Duration::days(400))
            .map_or(last_instant(), |t| t.min(last_instant()));
        // From the year 0000 at the earliest: no binding carries an instant before it.
        let from = at.max(first_instant());
        earliest(tz, from, limit, |wall| self.first_open(wall, &mut day_ok))
    }

    /// The earliest wall time at or after `wall` inside the window on a date `day_ok`
    /// accepts, looking 400 days ahead.
    fn first_open(
        &self,
        wall: NaiveDateTime,
        day_ok: &mut impl FnMut(NaiveDate) -> bool,
    ) -> Option<NaiveDateTime> {
        let mut date = wall.date();
        for _ in 0..=400 {
            if day_ok(date) {
                if date > wall.date() || wall.time() < self.start {
                    return Some(date.and_time(self.start));
                }
                if wall.time() < self.end {
                    return Some(wall);
                }
            }
            date = date.succ_opt()?;
        }
        None
    }

    /// The end of the stretch of the window that `opened` (an instant inside it, on a
    /// date `day_ok` accepts) is in: the first instant after it that is outside the
    /// window or on a date `day_ok` refuses.
    pub(crate) fn close_after(
        &self,
        tz: Tz,
        opened: DateTime<Utc>,
        mut day_ok: impl FnMut(NaiveDate) -> bool,
    ) -> DateTime<Utc> {
        // A stretch is shorter than a day, or a day longer when clocks go back a day.
        let limit = opened
            .checked_add_signed(Duration::days(3))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        earliest(tz, opened, limit, |wall| {
            Some(if day_ok(wall.date()) && self.contains_time(wall.time()) {
                wall.date().and_time(self.end)
            } else {
                wall
            })
        })
        .unwrap_or(opened)
    }
}

/// The earliest instant from `at` to `limit` whose wall time in `tz` passes a test given
/// by `first_wall(wall)`: the earliest wall time at or after `wall` that passes it.
///
/// Between two changes of offset the wall clock runs with the instants, so the answer
/// there is `first_wall` read with the offset in force; when the offset changes before
/// that answer (clocks go back into a passing stretch, or forward over the answer), the
/// search goes on from the change. Each round passes one change, and `limit` bounds them.
fn earliest(
    tz: Tz,
    at: DateTime<Utc>,
    limit: DateTime<Utc>,
    mut first_wall: impl FnMut(NaiveDateTime) -> Option<NaiveDateTime>,
) -> Option<DateTime<Utc>> {
    let mut t = at;
    while t <= limit {
        let offset = crate::time::offset(tz, t);
        let candidate = t
            .naive_utc()
            .checked_add_offset(offset)
            .and_then(&mut first_wall)
            .and_then(|wall| wall.checked_sub_offset(offset))
            .map(|t| t.and_utc());
        let horizon = candidate.map_or(limit, |c| c.min(limit));
        match next_change(tz, t, horizon) {
            Some(change) => t = change,
            None => return candidate.filter(|c| *c <= limit),
        }
    }
    None
}

impl std::fmt::Display for LocalWindow {
    /// `HH:MM-HH:MM` (seconds shown only when not zero).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", format_clock(self.start), format_clock(self.end))
    }
}

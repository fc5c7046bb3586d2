//! `VTIMEZONE` components written from the tz database (RFC 5545, section 3.6.5).
//!
//! RFC 5545 asks for a `VTIMEZONE` for every `TZID` used, valid for every instance of a
//! recurring event. A routine recurs for ever, so each component lists the zone's
//! changes of offset from the last one before the routine's first start, one observance
//! (`STANDARD` or `DAYLIGHT`) per kind of change with the later ones as `RDATE`s, up to
//! where the zone's last rules take over; those are written as yearly `RRULE`s ("the
//! second Sunday of March at 02:00"), read off the rule years 2090 to 2099, which are
//! the years callwise repeats past the tz tables (see `time::offset`). So a calendar
//! client reading the component places every block where callwise does, in any year.

use super::ical::Writer;
use crate::time::{next_change, offset, zone_offset};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

/// A kind of change of offset: what the clocks go from and to.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Kind {
    /// The offset before, in seconds east of UTC.
    from: i32,
    /// The offset after.
    to: i32,
    /// Whether the offset after is daylight-saving time (a `DAYLIGHT` observance).
    daylight: bool,
    /// Its abbreviation (`EDT`, `+1030`).
    name: String,
}

/// One change of offset.
#[derive(Clone, Debug)]
struct Change {
    at: DateTime<Utc>,
    kind: Kind,
}

impl Change {
    /// The wall time of the change, read with the offset before it (the `DTSTART` and
    /// `RDATE` form).
    fn onset(&self) -> NaiveDateTime {
        self.at.naive_utc() + Duration::seconds(i64::from(self.kind.from))
    }
}

/// The kind of offset in force in `tz` at `at`, changing from `from`.
fn kind_at(tz: Tz, at: DateTime<Utc>, from: i32) -> Kind {
    let now = zone_offset(tz, at);
    let to = offset(tz, at).local_minus_utc();
    Kind {
        from,
        to,
        daylight: now.dst_offset() != chrono::TimeDelta::zero(),
        name: now
            .abbreviation()
            .map_or_else(|| utc_offset(to), str::to_owned),
    }
}

/// The changes of offset of `tz` after `from`, up to `until`.
fn changes(tz: Tz, from: DateTime<Utc>, until: DateTime<Utc>) -> Vec<Change> {
    let mut out = Vec::new();
    let mut t = from;
    while let Some(at) = next_change(tz, t, until) {
        let before = offset(tz, t).local_minus_utc();
        out.push(Change {
            at,
            kind: kind_at(tz, at, before),
        });
        t = at;
    }
    out
}

/// 15 February of `year`, midnight UTC: where the rule years start.
fn rule_year(year: i32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(year, 2, 15)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("a date")
        .and_utc()
}

/// The days a rule's change can fall on in a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Days {
    /// Seven days of one month, from `first`.
    InMonth { month: u32, first: u32 },
    /// Seven days counted from the end of the year (`-1` is 31 December), from `first`:
    /// a week across the end of a month, the same in common and leap years for dates
    /// from March on.
    FromYearEnd { first: i64 },
}

/// A yearly rule of changes: a weekday among seven days, at a wall time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Rule {
    time: NaiveTime,
    weekday: Weekday,
    days: Days,
}

fn from_year_end(date: NaiveDate) -> i64 {
    let last = NaiveDate::from_ymd_opt(date.year(), 12, 31).expect("a date");
    (date - last).num_days() - 1
}

fn month_length(month: u32) -> u32 {
    // Months from March on, whose length does not depend on the year.
    [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month as usize - 1]
}

impl Rule {
    /// The rule that puts a change at each of `onsets` (one a year over the reference
    /// years, which hold every weekday of 1 March), if there is one.
    fn infer(onsets: &[NaiveDateTime]) -> Option<Self> {
        let first = onsets.first()?;
        let (time, weekday) = (first.time(), first.weekday());
        if onsets.len() < 7
            || onsets
                .iter()
                .any(|o| o.time() != time || o.weekday() != weekday || o.month() < 3)
        {
            return None;
        }
        let week = |values: Vec<i64>| {
            let (lo, hi) = (*values.iter().min()?, *values.iter().max()?);
            (hi - lo == 6).then_some(lo)
        };
        let days = if onsets.iter().all(|o| o.month() == first.month()) {
            let first_day = week(onsets.iter().map(|o| i64::from(o.day())).collect())?;
            Days::InMonth {
                month: first.month(),
                first: u32::try_from(first_day).ok()?,
            }
        } else {
            Days::FromYearEnd {
                first: week(onsets.iter().map(|o| from_year_end(o.date())).collect())?,
            }
        };
        Some(Self {
            time,
            weekday,
            days,
        })
    }

    /// Whether a change at the wall time `onset` follows the rule.
    fn matches(&self, onset: NaiveDateTime) -> bool {
        onset.time() == self.time
            && onset.weekday() == self.weekday
            && match self.days {
                Days::InMonth { month, first } => {
                    onset.month() == month && (first..first + 7).contains(&onset.day())
                }
                Days::FromYearEnd { first } => {
                    onset.month() >= 3 && (first..first + 7).contains(&from_year_end(onset.date()))
                }
            }
    }

    /// The rule as an RFC 5545 `RRULE` value.
    fn rrule(&self) -> String {
        let day = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
            [self.weekday.num_days_from_monday() as usize];
        match self.days {
            Days::InMonth { month, first } if first % 7 == 1 => {
                format!("FREQ=YEARLY;BYMONTH={month};BYDAY={}{day}", first / 7 + 1)
            }
            Days::InMonth { month, first } if first + 6 == month_length(month) => {
                format!("FREQ=YEARLY;BYMONTH={month};BYDAY=-1{day}")
            }
            Days::InMonth { month, first } => {
                let days: Vec<String> = (first..first + 7).map(|d| d.to_string()).collect();
                format!(
                    "FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={};BYDAY={day}",
                    days.join(",")
                )
            }
            Days::FromYearEnd { first } => {
                let days: Vec<String> = (first..first + 7).map(|d| d.to_string()).collect();
                format!("FREQ=YEARLY;BYYEARDAY={};BYDAY={day}", days.join(","))
            }
        }
    }
}

/// The rules of `tz` in the reference rule years (2090 to 2099), one per kind of change;
/// empty when its offset does not change then, or changes in a way no yearly rule of
/// this form describes.
fn last_rules(tz: Tz) -> Vec<(Kind, Rule)> {
    let reference = changes(tz, rule_year(2090), rule_year(2100));
    let mut kinds: Vec<Kind> = Vec::new();
    for c in &reference {
        if !kinds.contains(&c.kind) {
            kinds.push(c.kind.clone());
        }
    }
    let rules: Option<Vec<(Kind, Rule)>> = kinds
        .into_iter()
        .map(|kind| {
            let onsets: Vec<NaiveDateTime> = reference
                .iter()
                .filter(|c| c.kind == kind)
                .map(Change::onset)
                .collect();
            Rule::infer(&onsets).map(|rule| (kind, rule))
        })
        .collect();
    rules.unwrap_or_default()
}

/// `+HHMM` (or `+HHMMSS`), the RFC 5545 `UTC-OFFSET` form.
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

fn local(wall: NaiveDateTime) -> String {
    wall.format("%Y%m%dT%H%M%S").to_string()
}

/// One observance: `kind` from the wall time `start`, again at each of `again`, or by
/// `rrule`.
fn observance(
    w: &mut Writer,
    kind: &Kind,
    start: NaiveDateTime,
    again: &[NaiveDateTime],
    rrule: Option<String>,
) {
    let component = if kind.daylight {
        "DAYLIGHT"
    } else {
        "STANDARD"
    };
    w.raw("BEGIN", component);
    w.raw("DTSTART", &local(start));
    if !again.is_empty() {
        let dates: Vec<String> = again.iter().map(|d| local(*d)).collect();
        w.raw("RDATE", &dates.join(","));
    }
    if let Some(rule) = rrule {
        w.raw("RRULE", &rule);
    }
    w.text_unchecked("TZNAME", &kind.name);
    w.raw("TZOFFSETFROM", &utc_offset(kind.from));
    w.raw("TZOFFSETTO", &utc_offset(kind.to));
    w.raw("END", component);
}

/// Writes the `VTIMEZONE` of `tz` for events from `from` on.
pub(super) fn write(w: &mut Writer, tz: Tz, from: DateTime<Utc>) {
    let rules = last_rules(tz);
    let year = Duration::days(366);
    let start = from.checked_sub_signed(year).unwrap_or(from);
    let end = rule_year(2100).max(from.checked_add_signed(year + year).unwrap_or(from));
    let mut list = changes(tz, start, end);
    // From the last change at or before `from`; when none came in the year before it,
    // an observance of the offset in force, from `from`.
    let initial = match list.iter().rposition(|c| c.at <= from) {
        Some(i) => {
            list.drain(..i);
            None
        }
        None => {
            let now = offset(tz, from).local_minus_utc();
            Some((
                from.naive_utc() + Duration::seconds(i64::from(now)),
                kind_at(tz, from, now),
            ))
        }
    };
    // The changes the last rules describe, to the end.
    let ruled = |c: &Change| {
        rules
            .iter()
            .any(|(k, r)| *k == c.kind && r.matches(c.onset()))
    };
    let tail = if rules.is_empty() {
        list.len()
    } else {
        list.iter().rposition(|c| !ruled(c)).map_or(0, |i| i + 1)
    };
    w.raw("BEGIN", "VTIMEZONE");
    w.text_unchecked("TZID", tz.name());
    if let Some((wall, kind)) = initial {
        observance(w, &kind, wall, &[], None);
    }
    let mut groups: Vec<(Kind, Vec<NaiveDateTime>)> = Vec::new();
    for c in &list[..tail] {
        match groups.iter_mut().find(|(k, _)| *k == c.kind) {
            Some((_, onsets)) => onsets.push(c.onset()),
            None => groups.push((c.kind.clone(), vec![c.onset()])),
        }
    }
    for (kind, onsets) in &groups {
        observance(w, kind, onsets[0], &onsets[1..], None);
    }
    let mut ruled: Vec<(NaiveDateTime, &Kind, &Rule)> = rules
        .iter()
        .filter_map(|(kind, rule)| {
            let first = list[tail..].iter().find(|c| c.kind == *kind)?;
            Some((first.onset(), kind, rule))
        })
        .collect();
    ruled.sort_by_key(|(start, _, _)| *start);
    for (start, kind, rule) in ruled {
        observance(w, kind, start, &[], Some(rule.rrule()));
    }
    w.raw("END", "VTIMEZONE");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_zone_that_changes_in_the_last_table_years_has_yearly_rules() {
        // The writer relies on it: past the tables only the rules describe the zone.
        for tz in chrono_tz::TZ_VARIANTS {
            let reference = changes(tz, rule_year(2090), rule_year(2100));
            let rules = last_rules(tz);
            assert_eq!(reference.is_empty(), rules.is_empty(), "{tz}");
            assert!(
                reference.iter().all(|c| rules
                    .iter()
                    .any(|(k, r)| *k == c.kind && r.matches(c.onset()))),
                "{tz}"
            );
        }
    }

    #[test]
    fn rules_are_the_tz_database_rules() {
        let rrules = |zone: &str| -> Vec<String> {
            let tz: Tz = zone.parse().unwrap();
            last_rules(tz).iter().map(|(_, r)| r.rrule()).collect()
        };
        assert_eq!(
            rrules("America/New_York"),
            [
                "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
                "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"
            ]
        );
        assert_eq!(
            rrules("Europe/London"),
            [
                "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
                "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"
            ]
        );
        // Gaza: the Saturday after the fourth Thursday of March and October ...
        assert_eq!(
            rrules("Asia/Gaza"),
            [
                "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=24,25,26,27,28,29,30;BYDAY=SA",
                "FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=24,25,26,27,28,29,30;BYDAY=SA"
            ]
        );
        // ... Cairo: the Friday after the last Thursday of October, across months.
        assert!(
            rrules("Africa/Cairo")
                .contains(&"FREQ=YEARLY;BYYEARDAY=-67,-66,-65,-64,-63,-62,-61;BYDAY=FR".to_owned())
        );
        assert!(rrules("Asia/Tokyo").is_empty());
    }
}

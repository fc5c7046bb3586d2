//! A routine's recurrence rule: read and checked against RFC 5545, made expandable by
//! the [`rrule`] crate where its validator refuses valid rules, and expanded on the wall
//! clock with a bound on the work.
//!
//! The crate's validator computes the range of `BYDAY` ordinals with integer division
//! (`-4..=5` in a monthly rule, `-52..=53` in a yearly one), so it refuses `BYDAY=-5MO`
//! ("the fifth Monday from the end": the first Monday of a month with five) and
//! `BYDAY=-53MO` (the first Monday of a year with 53), which RFC 5545 allows and
//! python-dateutil expands. The same days are "a Monday 29 to 31 days before the month's
//! end" (`BYDAY=MO;BYMONTHDAY=-31,-30,-29`) and "a Monday 365 or 366 days before the
//! year's end" (`BYDAY=MO;BYYEARDAY=-366,-365`), which the crate expands. A rule that
//! mixes such an ordinal with other `BYDAY` entries is the union of two rules, with its
//! `COUNT` applied to the union here.

use super::{MAX_BLOCKS, MAX_SCANNED, bad_rrule, invalid_argument};
use crate::Result;
use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Utc};
use rrule::{Frequency, NWeekday, RRule, RRuleSet, Unvalidated};

/// Periods (or occurrences) scanned between two asks of the caller's interrupt check.
const CHECK_EVERY: u64 = 4096;

/// The most periods the rrule crate scans for one occurrence before it stops, silently
/// (its `MAX_ITER_LOOP`, with `RRuleSet::limit`).
const CRATE_LOOP_LIMIT: u64 = 100_000;

/// A parsed, checked rule, ready to expand from its first start.
#[derive(Clone, Debug)]
pub(super) struct Rule {
    /// The rule (or the rules of its union) on the wall clock: DTSTART is the local
    /// first start, held as UTC, and UNTIL is a day wider than the rule's.
    set: RRuleSet,
    /// The rule's UNTIL, an instant, applied exactly to the placed occurrences.
    pub(super) until: Option<DateTime<Utc>>,
    /// The rule's COUNT when the rule is expanded as a union (each part has none).
    count: Option<u32>,
    freq: Frequency,
    interval: u16,
    first_start: NaiveDateTime,
}

/// `KEY=VALUE` parts of a rule text, in order.
type Parts = Vec<(String, String)>;

fn join(parts: &Parts) -> String {
    parts
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(";")
}

fn weekday_code(day: chrono::Weekday) -> &'static str {
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][day.num_days_from_monday() as usize]
}

/// The text of one `BYDAY` entry.
fn byday_text(day: &NWeekday) -> String {
    match *day {
        NWeekday::Every(d) => weekday_code(d).to_owned(),
        NWeekday::Nth(n, d) => format!("{n}{}", weekday_code(d)),
    }
}

/// Whether a `BYDAY` entry is written as RFC 5545 says: an optional sign, one or two
/// digits, and a weekday (the crate reads `XMO` as `MO`).
fn byday_shaped(item: &str) -> bool {
    let (number, day) = item.split_at(item.len().saturating_sub(2));
    let digits = number.strip_prefix(['+', '-']).unwrap_or(number);
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"].contains(&day)
        && digits.len() <= 2
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (number.is_empty() || !digits.is_empty())
}

impl Rule {
    /// Reads `text` (one rule value in upper case, ASCII, free of control characters)
    /// for a routine first starting at the wall time `first_start`, the instant
    /// `first_instant`.
    ///
    /// # Errors
    /// [`Error::InvalidRule`](crate::Error::InvalidRule) with `what` `"RRULE"` for a rule
    /// the crate cannot read, one RFC 5545 forbids (a `BYDAY` ordinal outside a
    /// `MONTHLY` or `YEARLY` rule, or with `BYWEEKNO`), one that can make more than
    /// [`MAX_BLOCKS`] occurrences in one period (its `BY...` lists multiplied), one
    /// whose `UNTIL` is before the first start, one without occurrences, or one whose
    /// first occurrence is not `first_start`.
    pub(super) fn new(
        text: &str,
        first_start: NaiveDateTime,
        first_instant: DateTime<Utc>,
    ) -> Result<Self> {
        let parsed: RRule<Unvalidated> = text
            .parse()
            .map_err(|e: rrule::RRuleError| bad_rrule(e.to_string()))?;
        let parts: Parts = text
            .split(';')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let has = |key: &str| parts.iter().any(|(k, _)| k == key);
        if let Some((_, days)) = parts.iter().find(|(k, _)| k == "BYDAY")
            && let Some(bad) = days.split(',').find(|d| !byday_shaped(d))
        {
            return Err(bad_rrule(format!("BYDAY entry {bad:?} is not a weekday")));
        }
        check_period_size(&parsed)?;
        let (members, count) = members(&parsed, &parts, has("BYSETPOS"))?;
        let mut until = None;
        let dt_start = first_start.and_utc().with_timezone(&rrule::Tz::UTC);
        let mut set = RRuleSet::new(dt_start);
        for member in &members {
            let mut rule: RRule<Unvalidated> = member
                .parse()
                .map_err(|e: rrule::RRuleError| bad_rrule(e.to_string()))?;
            // The rule is expanded on the wall clock (as floating times, held in UTC,
            // which has no transitions); each occurrence is then placed in the zone.
            // UNTIL is an instant: widen it by a day for the wall-clock expansion, and
            // apply it exactly to the placed occurrences.
            if let Some(&u) = rule.get_until()
                && u.timezone() == rrule::Tz::UTC
            {
                until = Some(u.with_timezone(&Utc));
                if let Some(wide) = u.checked_add_signed(Duration::days(1)) {
                    rule = rule.until(wide);
                }
            }
            let validated = rule
                .validate(dt_start)
                .map_err(|e| bad_rrule(e.to_string()))?;
            set = set.rrule(validated);
        }
        if let Some(u) = until
            && u < first_instant
        {
            return Err(bad_rrule(format!(
                "UNTIL {} is before the first start",
                u.format("%Y%m%dT%H%M%SZ")
            )));
        }
        let rule = Self {
            set: set.limit(),
            until,
            count,
            freq: parsed.get_freq(),
            interval: parsed.get_interval().max(1),
            first_start,
        };
        match rule.walls(first_start, "").next() {
            None => Err(bad_rrule("the rule has no occurrence")),
            Some(Err(err)) => Err(err),
            Some(Ok(first)) if first != first_start => Err(bad_rrule(format!(
                "the first start {} is not an occurrence of the rule; its first occurrence from there is {}",
                first_start.format("%Y-%m-%dT%H:%M:%S"),
                first.format("%Y-%m-%dT%H:%M:%S")
            ))),
            Some(Ok(_)) => Ok(rule),
        }
    }

    /// The rule's periods (its `FREQ` units, divided by `INTERVAL`) from the first start
    /// to the wall time `end`: the work of expanding it that far, short of the
    /// occurrences themselves.
    fn periods_to(&self, end: NaiveDateTime) -> u64 {
        let (from, to) = (self.first_start, end.max(self.first_start));
        let seconds = u64::try_from((to - from).num_seconds()).unwrap_or(u64::MAX);
        let months = u64::try_from(
            (i64::from(to.year()) - i64::from(from.year())) * 12 + i64::from(to.month())
                - i64::from(from.month()),
        )
        .unwrap_or(0);
        let units = match self.freq {
            Frequency::Secondly => seconds,
            Frequency::Minutely => seconds / 60,
            Frequency::Hourly => seconds / 3600,
            Frequency::Daily => seconds / 86_400,
            Frequency::Weekly => seconds / (7 * 86_400),
            Frequency::Monthly => months,
            Frequency::Yearly => months / 12,
        };
        units / u64::from(self.interval) + 1
    }

    /// The occurrences' wall times from the first start, in order, read up to about
    /// `end`, for the routine called `name` (for messages).
    fn walls<'a>(&'a self, end: NaiveDateTime, name: &'a str) -> Walls<'a> {
        Walls {
            rule: self,
            name,
            iter: self.set.clone().into_iter(),
            end,
            scanned: self.periods_to(end),
            last: None,
            yielded: 0,
            done: false,
        }
    }

    /// The occurrences' wall times from the first start up to about `end` (the caller
    /// stops reading there), each an error past the bound on work.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) named `to` (at once, or
    /// as an item) when the periods from the first start to `end` and the occurrences
    /// read come to more than [`MAX_SCANNED`], or when the rule's occurrences are too far
    /// apart for the crate to find the next one exactly; [`Error::Interrupted`](
    /// crate::Error::Interrupted) when the caller's check says stop.
    pub(super) fn expand<'a>(&'a self, end: NaiveDateTime, name: &'a str) -> Result<Walls<'a>> {
        let walls = self.walls(end, name);
        if walls.scanned > MAX_SCANNED as u64 {
            return Err(too_much(name, walls.scanned));
        }
        Ok(walls)
    }
}

fn too_much(name: &str, scanned: u64) -> crate::Error {
    invalid_argument(
        "to",
        format!(
            "expanding routine {name:?} that far scans {scanned} periods and occurrences of its rule from its first start; at most {MAX_SCANNED}: ask for a range nearer its first start, or use a coarser FREQ"
        ),
    )
}

/// Refuses a rule that can make more than [`MAX_BLOCKS`] occurrences in one of its
/// periods: the crate makes a period's occurrences all at once.
fn check_period_size(rule: &RRule<Unvalidated>) -> Result<()> {
    let n = |list: usize| (list as u64).max(1);
    let (h, m, s) = (
        n(rule.get_by_hour().len()),
        n(rule.get_by_minute().len()),
        n(rule.get_by_second().len()),
    );
    let per_period = match rule.get_freq() {
        Frequency::Yearly => 366 * h * m * s,
        Frequency::Monthly => 31 * h * m * s,
        Frequency::Weekly => 7 * h * m * s,
        Frequency::Daily => h * m * s,
        Frequency::Hourly => m * s,
        Frequency::Minutely => s,
        Frequency::Secondly => 1,
    };
    if per_period > MAX_BLOCKS as u64 {
        return Err(bad_rrule(format!(
            "the rule can make {per_period} occurrences in one period; at most {MAX_BLOCKS}"
        )));
    }
    Ok(())
}

/// What one `BYDAY` ordinal needs.
enum Ordinal {
    /// The crate expands it as it is.
    Keep,
    /// It can match no day (a sixth Monday of a month): left out.
    Never,
    /// The crate refuses it: rewritten as a weekday on one of these days counted from
    /// the end of the month (`BYMONTHDAY`) or year (`BYYEARDAY`).
    Rewrite(&'static str, &'static str),
}

/// The rule texts whose union is the rule, and the COUNT to apply to the union (when
/// there are two).
fn members(
    rule: &RRule<Unvalidated>,
    parts: &Parts,
    set_pos: bool,
) -> Result<(Vec<String>, Option<u32>)> {
    let freq = rule.get_freq();
    let in_month = freq == Frequency::Monthly || !rule.get_by_month().is_empty();
    let mut keep = Vec::new();
    let mut rewritten = Vec::new();
    let mut constraint = None;
    let mut dropped = false;
    for day in rule.get_by_weekday() {
        let NWeekday::Nth(n, weekday) = *day else {
            keep.push(*day);
            continue;
        };
        let ordinal = match freq {
            Frequency::Yearly if !rule.get_by_week_no().is_empty() => {
                return Err(bad_rrule(format!(
                    "BYDAY={} has an ordinal, which RFC 5545 forbids with BYWEEKNO",
                    byday_text(day)
                )));
            }
            Frequency::Monthly | Frequency::Yearly if in_month => match n {
                -5 if freq == Frequency::Monthly => Ordinal::Rewrite("BYMONTHDAY", "-31,-30,-29"),
                -5..=5 => Ordinal::Keep,
                _ => Ordinal::Never,
            },
            Frequency::Yearly => match n {
                -53 => Ordinal::Rewrite("BYYEARDAY", "-366,-365"),
                _ => Ordinal::Keep,
            },
            _ => {
                return Err(bad_rrule(format!(
                    "BYDAY={} has an ordinal, which RFC 5545 allows only in MONTHLY and YEARLY rules",
                    byday_text(day)
                )));
            }
        };
        match ordinal {
            Ordinal::Keep => keep.push(*day),
            Ordinal::Never => dropped = true,
            Ordinal::Rewrite(key, days) => {
                rewritten.push(NWeekday::Every(weekday));
                constraint = Some((key, days));
            }
        }
    }
    let without = |drop: &[&str]| -> Parts {
        parts
            .iter()
            .filter(|(k, _)| !drop.contains(&k.as_str()))
            .cloned()
            .collect()
    };
    let with_days = |mut parts: Parts, days: &[NWeekday]| {
        let list: Vec<String> = days.iter().map(byday_text).collect();
        parts.push(("BYDAY".to_owned(), list.join(",")));
        parts
    };
    let Some((key, days)) = constraint else {
        if !dropped {
            return Ok((vec![join(parts)], None));
        }
        if keep.is_empty() {
            return Err(bad_rrule("the rule has no occurrence"));
        }
        return Ok((vec![join(&with_days(without(&["BYDAY"]), &keep))], None));
    };
    if parts.iter().any(|(k, _)| k == key) {
        return Err(bad_rrule(format!(
            "a BYDAY ordinal of -5 (monthly) or -53 (yearly) together with {key} is not supported"
        )));
    }
    let mut last: Parts = with_days(without(&["BYDAY"]), &rewritten);
    last.push((key.to_owned(), days.to_owned()));
    if keep.is_empty() {
        return Ok((vec![join(&last)], None));
    }
    if set_pos {
        return Err(bad_rrule(
            "a BYDAY ordinal of -5 (monthly) or -53 (yearly) together with other BYDAY entries and BYSETPOS is not supported",
        ));
    }
    let first = with_days(without(&["BYDAY", "COUNT"]), &keep);
    last.retain(|(k, _)| k != "COUNT");
    Ok((vec![join(&first), join(&last)], rule.get_count()))
}

/// The wall times of a rule's occurrences, in order and once each, counting the work.
pub(super) struct Walls<'a> {
    rule: &'a Rule,
    name: &'a str,
    iter: rrule::RRuleSetIter,
    /// The wall time the caller reads up to (for the bound and the crate's limit).
    end: NaiveDateTime,
    /// Periods to `end` plus occurrences read.
    scanned: u64,
    last: Option<NaiveDateTime>,
    yielded: u64,
    done: bool,
}

impl Iterator for Walls<'_> {
    type Item = Result<NaiveDateTime>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done
                || self
                    .rule
                    .count
                    .is_some_and(|count| self.yielded >= u64::from(count))
            {
                return None;
            }
            let Some(next) = self.iter.next() else {
                self.done = true;
                // The crate gives up, silently, after CRATE_LOOP_LIMIT periods without
                // an occurrence: an end is exact only if it came nearer than that.
                let from = self.last.unwrap_or(self.rule.first_start);
                let until = self
                    .rule
                    .until
                    .map_or(self.end, |u| u.naive_utc().min(self.end));
                let gap = Rule {
                    first_start: from,
                    ..self.rule.clone()
                }
                .periods_to(until);
                return (gap > CRATE_LOOP_LIMIT).then(|| {
                    Err(invalid_argument(
                        "to",
                        format!(
                            "the rule has no occurrence in the {gap} periods after {from}, more than the {CRATE_LOOP_LIMIT} the rrule crate scans; it cannot be expanded exactly"
                        ),
                    ))
                });
            };
            let wall = next.naive_utc();
            // The parts of a union can meet on one occurrence.
            if self.last == Some(wall) {
                continue;
            }
            self.last = Some(wall);
            self.yielded += 1;
            self.scanned += 1;
            if self.scanned > MAX_SCANNED as u64 {
                self.done = true;
                return Some(Err(too_much(self.name, self.scanned)));
            }
            if self.yielded.is_multiple_of(CHECK_EVERY)
                && let Err(err) = crate::interrupt::check()
            {
                self.done = true;
                return Some(Err(err));
            }
            return Some(Ok(wall));
        }
    }
}

//! The iCalendar (RFC 5545) export of routine blocks (VEVENT) and dated calls (VTODO).

use super::{BirthdayCall, Block, RenewalCall, Routine, vtimezone};
use crate::cadence::fnv1a;
use crate::time::rfc5545_instant;
use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// When a call is due: a whole local date, or an instant.
///
/// # Example
/// ```
/// use callwise::routine::CallDue;
/// let due = CallDue::Date("2027-02-28".parse().unwrap());
/// assert_eq!(serde_json::to_string(&due).unwrap(), r#"{"date":"2027-02-28"}"#);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallDue {
    /// Any time on that date (iCalendar `DUE;VALUE=DATE`).
    Date(NaiveDate),
    /// By that instant (iCalendar `DUE` in UTC).
    At(DateTime<Utc>),
}

/// A call to make, as an iCalendar `VTODO`.
///
/// Build one from a [`BirthdayCall`] or a [`RenewalCall`] (`CallTodo::from(&call)`): the
/// uid is deterministic (`birthday-<contact id>-<YYYYMMDD>@callwise`,
/// `renewal-<membership id>-<term end YYYYMMDD>@callwise`, ids percent-encoded outside
/// `A-Z a-z 0-9 - _ .`) and the summary names records by id only.
///
/// # Example
/// ```
/// use callwise::routine::{BirthdayCall, CallDue, CallTodo};
/// let call = BirthdayCall {
///     contact_id: "con 7".into(), account_id: "acc-1".into(),
///     date: "2027-02-28".parse().unwrap(), time_zone: "America/Chicago".into(),
/// };
/// let todo = CallTodo::from(&call);
/// assert_eq!(todo.uid, "birthday-con%207-20270228@callwise");
/// assert_eq!(todo.due, CallDue::Date(call.date));
/// assert_eq!(todo.summary, "Birthday call: contact con 7 (account acc-1)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallTodo {
    /// The iCalendar `UID`: keep it stable so a re-export updates, not duplicates.
    pub uid: String,
    /// The one-line summary.
    pub summary: String,
    /// When it is due.
    pub due: CallDue,
}

/// `text` with every byte outside `A-Z a-z 0-9 - _ .` written `%XX` (UTF-8, upper hex).
fn uid_part(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

impl From<&BirthdayCall> for CallTodo {
    fn from(call: &BirthdayCall) -> Self {
        Self {
            uid: format!(
                "birthday-{}-{}@callwise",
                uid_part(call.contact_id.as_str()),
                call.date.format("%Y%m%d")
            ),
            summary: format!(
                "Birthday call: contact {} (account {})",
                call.contact_id, call.account_id
            ),
            due: CallDue::Date(call.date),
        }
    }
}

impl From<&RenewalCall> for CallTodo {
    fn from(call: &RenewalCall) -> Self {
        Self {
            uid: format!(
                "renewal-{}-{}@callwise",
                uid_part(call.membership_id.as_str()),
                call.term_end.format("%Y%m%d")
            ),
            summary: format!(
                "Renewal call: membership {} (account {}), term ends {}",
                call.membership_id, call.account_id, call.term_end
            ),
            due: CallDue::Date(call.call_on),
        }
    }
}

/// The iCalendar UID of a routine:
/// `routine-<name>-<first start YYYYMMDDTHHMMSS>-<hash>@callwise`, where the hash (16 hex
/// digits of FNV-1a) covers everything that makes the routine (its JSON form: name,
/// kind, zone, first start, rule, duration, calendar), so two routines differing in any
/// of them (two Power Hours of the default name in two zones) never share a UID, and the
/// same routine keeps it on every export. The name is percent-encoded as for
/// [`CallTodo`].
///
/// # Example
/// ```
/// use callwise::routine::{Routine, routine_uid};
/// let day = "2026-11-24".parse().unwrap();
/// let ten = chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap();
/// let phoenix = Routine::power_hour("America/Phoenix", day, &[chrono::Weekday::Tue], ten).unwrap();
/// let denver = Routine::power_hour("America/Denver", day, &[chrono::Weekday::Tue], ten).unwrap();
/// assert!(routine_uid(&phoenix).starts_with("routine-Power%20Hour-20261124T100000-"));
/// assert!(routine_uid(&phoenix).ends_with("@callwise"));
/// assert_ne!(routine_uid(&phoenix), routine_uid(&denver));
/// ```
pub fn routine_uid(routine: &Routine) -> String {
    format!(
        "routine-{}-{}-{:016x}@callwise",
        uid_part(routine.name()),
        routine.first_start().format("%Y%m%dT%H%M%S"),
        fnv1a(&[&routine.to_json()])
    )
}

/// The iCalendar UID of a block: `block-<routine name>-<start YYYYMMDDTHHMMSSZ>-<hash>@callwise`,
/// the hash covering every field of the block (its routine's name, kind and zone, its
/// start, end and local date), so blocks of two routines starting at the same instant
/// never share a UID.
///
/// # Example
/// ```
/// use callwise::routine::{Block, RoutineKind, block_uid};
/// let b = Block { routine: "Power Hour".into(), kind: RoutineKind::PowerHour,
///     time_zone: "America/Chicago".into(),
///     start: "2026-11-24T16:00:00Z".parse().unwrap(), end: "2026-11-24T17:00:00Z".parse().unwrap(),
///     local_date: "2026-11-24".parse().unwrap() };
/// let uid = block_uid(&b);
/// assert!(uid.starts_with("block-Power%20Hour-20261124T160000Z-"));
/// let new_york = Block { time_zone: "America/New_York".into(), ..b };
/// assert_ne!(block_uid(&new_york), uid);
/// ```
pub fn block_uid(block: &Block) -> String {
    format!(
        "block-{}-{}-{:016x}@callwise",
        uid_part(&block.routine),
        block.start.format("%Y%m%dT%H%M%SZ"),
        fnv1a(&[&serde_json::to_string(block).expect("a block serialises")])
    )
}

/// The `PRODID` of the calendars [`to_icalendar`] writes.
///
/// # Example
/// ```
/// assert!(callwise::routine::PRODID.starts_with("-//callwise//"));
/// ```
pub const PRODID: &str = "-//callwise//routines//EN";

/// Writes content lines: CRLF ends, folded at 75 octets (RFC 5545, section 3.1).
pub(super) struct Writer {
    out: String,
}

/// Why a TEXT value cannot be written.
const CONTROL: &str =
    "holds a control character other than a tab or a line break, which iCalendar text cannot carry";

/// `text` as an RFC 5545 TEXT value: backslash, semicolon and comma escaped, a line
/// break (LF or CRLF) written `\n`; `None` when it holds another control character
/// (RFC 5545 allows none but the tab in TEXT).
fn escaped(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\t' => out.push(c),
            c if c.is_ascii_control() => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

impl Writer {
    fn new() -> Self {
        Self { out: String::new() }
    }

    /// The line `name:value`, `value` written as it is.
    pub(super) fn raw(&mut self, name: &str, value: &str) {
        let line = format!("{name}:{value}");
        let mut width = 0;
        for c in line.chars() {
            if width + c.len_utf8() > 75 {
                self.out.push_str("\r\n ");
                width = 1;
            }
            self.out.push(c);
            width += c.len_utf8();
        }
        self.out.push_str("\r\n");
    }

    /// The line `name:text`, `text` escaped; `Err` with the reason when it cannot be.
    fn text(&mut self, name: &str, text: &str) -> std::result::Result<(), &'static str> {
        self.raw(name, &escaped(text).ok_or(CONTROL)?);
        Ok(())
    }

    /// The line `name:text` for a text known to hold no control character (the tz
    /// database's names), escaped.
    pub(super) fn text_unchecked(&mut self, name: &str, text: &str) {
        let clean: String = text.chars().filter(|c| !c.is_ascii_control()).collect();
        self.raw(name, &escaped(&clean).unwrap_or_default());
    }
}

fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Writes routines, blocks and calls as one iCalendar (RFC 5545) text, CRLF line ends,
/// lines folded at 75 octets, in this order:
/// - a `VTIMEZONE` for each routine's zone (in name order), written from the tz
///   database: the zone's changes from the last one before the earliest first start in
///   it, then its last rules as yearly `RRULE`s, so it is valid for every block;
/// - each routine as a `VEVENT` with `DTSTART;TZID=<zone>:<local first start>`,
///   `RRULE`, `DURATION:PT<minutes>M`, `SUMMARY` (its name), `CATEGORIES` (its kind);
/// - each block as a `VEVENT` with `DTSTART` and `DTEND` in UTC;
/// - each call as a `VTODO` with `DUE` (`VALUE=DATE` for a date).
///
/// Every component's `DTSTAMP` is `stamp` and its `UID` is deterministic
/// ([`routine_uid`], [`block_uid`], [`CallTodo::uid`]), so the same inputs give the same
/// bytes on every run. Properties within a component are in name order. Text is
/// escaped (a line break in a summary is written `\n`).
///
/// A routine's business-day calendar is not expressible in a rule: export its blocks
/// for the exact days.
///
/// # Errors
/// [`Error::InvalidArgument`] named `blocks` or `calls` when a block's routine name, or
/// a call's uid or summary, holds a control character other than a tab or a line break
/// (RFC 5545 text cannot carry it; a routine's own name never does).
///
/// # Example
/// ```
/// use callwise::routine::{Routine, to_icalendar};
/// let ph = Routine::power_hour("America/New_York", "2026-11-24".parse().unwrap(),
///     &[chrono::Weekday::Tue, chrono::Weekday::Thu],
///     chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap()).unwrap();
/// let stamp = "2026-11-20T12:00:00Z".parse().unwrap();
/// let ics = to_icalendar(&[ph], &[], &[], stamp).unwrap();
/// assert!(ics.contains("\r\nDTSTART;TZID=America/New_York:20261124T100000\r\n"));
/// assert!(ics.contains("\r\nRRULE:FREQ=WEEKLY;BYDAY=TU,TH\r\n"));
/// assert!(ics.contains("\r\nDURATION:PT60M\r\n"));
/// assert!(ics.contains("\r\nDTSTAMP:20261120T120000Z\r\n"));
/// // New York's zone, from the change before the first start, then its rules.
/// assert!(ics.contains("\r\nTZID:America/New_York\r\n"));
/// assert!(ics.contains("\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n"));
/// ```
pub fn to_icalendar(
    routines: &[Routine],
    blocks: &[Block],
    calls: &[CallTodo],
    stamp: DateTime<Utc>,
) -> Result<String> {
    let mut w = Writer::new();
    w.raw("BEGIN", "VCALENDAR");
    w.raw("VERSION", "2.0");
    w.raw("PRODID", PRODID);
    w.raw("CALSCALE", "GREGORIAN");
    let mut zones: Vec<(&str, Tz, DateTime<Utc>)> = Vec::new();
    for routine in routines {
        let first =
            rfc5545_instant(routine.tz, routine.first_start()).unwrap_or(DateTime::<Utc>::MIN_UTC);
        match zones
            .iter_mut()
            .find(|(name, _, _)| *name == routine.time_zone())
        {
            Some((_, _, from)) => *from = (*from).min(first),
            None => zones.push((routine.time_zone(), routine.tz, first)),
        }
    }
    zones.sort_by_key(|(name, _, _)| *name);
    for (_, tz, from) in zones {
        vtimezone::write(&mut w, tz, from);
    }
    let stamp = utc(stamp);
    for routine in routines {
        w.raw("BEGIN", "VEVENT");
        w.raw("CATEGORIES", routine.kind().as_str());
        w.raw("DTSTAMP", &stamp);
        w.raw(
            &format!("DTSTART;TZID={}", routine.time_zone()),
            &routine.first_start().format("%Y%m%dT%H%M%S").to_string(),
        );
        w.raw("DURATION", &format!("PT{}M", routine.duration_minutes()));
        w.raw("RRULE", routine.rrule());
        w.text_unchecked("SUMMARY", routine.name());
        w.raw("UID", &routine_uid(routine));
        w.raw("END", "VEVENT");
    }
    for (i, block) in blocks.iter().enumerate() {
        let refuse =
            |why: &str| Error::invalid_argument("blocks", format!("blocks[{i}].routine {why}"));
        w.raw("BEGIN", "VEVENT");
        w.raw("CATEGORIES", block.kind.as_str());
        w.raw("DTEND", &utc(block.end));
        w.raw("DTSTAMP", &stamp);
        w.raw("DTSTART", &utc(block.start));
        w.text("SUMMARY", &block.routine).map_err(refuse)?;
        w.raw("UID", &block_uid(block));
        w.raw("END", "VEVENT");
    }
    for (i, call) in calls.iter().enumerate() {
        let refuse = |field: &'static str| {
            move |why: &str| Error::invalid_argument("calls", format!("calls[{i}].{field} {why}"))
        };
        w.raw("BEGIN", "VTODO");
        w.raw("DTSTAMP", &stamp);
        match call.due {
            CallDue::Date(date) => w.raw("DUE;VALUE=DATE", &date.format("%Y%m%d").to_string()),
            CallDue::At(at) => w.raw("DUE", &utc(at)),
        }
        w.text("SUMMARY", &call.summary)
            .map_err(refuse("summary"))?;
        w.text("UID", &call.uid).map_err(refuse("uid"))?;
        w.raw("END", "VTODO");
    }
    w.raw("END", "VCALENDAR");
    Ok(w.out)
}

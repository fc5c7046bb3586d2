//! The iCalendar (RFC 5545) export of routine blocks (VEVENT) and dated calls (VTODO).

use super::{BirthdayCall, Block, RenewalCall, Routine};
use chrono::{DateTime, NaiveDate, Utc};
use icalendar::{CalendarDateTime, Component, EventLike, Property};
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

/// The iCalendar UID of a routine: `routine-<name>-<first start YYYYMMDDTHHMMSS>@callwise`
/// (name percent-encoded as for [`CallTodo`]).
///
/// # Example
/// ```
/// use callwise::routine::{Routine, routine_uid};
/// let ph = Routine::power_hour("America/Phoenix", "2026-11-24".parse().unwrap(),
///     &[chrono::Weekday::Tue], chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap()).unwrap();
/// assert_eq!(routine_uid(&ph), "routine-Power%20Hour-20261124T100000@callwise");
/// ```
pub fn routine_uid(routine: &Routine) -> String {
    format!(
        "routine-{}-{}@callwise",
        uid_part(routine.name()),
        routine.first_start().format("%Y%m%dT%H%M%S")
    )
}

/// The iCalendar UID of a block: `block-<routine name>-<start YYYYMMDDTHHMMSSZ>@callwise`.
///
/// # Example
/// ```
/// use callwise::routine::{Block, RoutineKind, block_uid};
/// let b = Block { routine: "Power Hour".into(), kind: RoutineKind::PowerHour,
///     start: "2026-11-24T17:00:00Z".parse().unwrap(), end: "2026-11-24T18:00:00Z".parse().unwrap(),
///     local_date: "2026-11-24".parse().unwrap() };
/// assert_eq!(block_uid(&b), "block-Power%20Hour-20261124T170000Z@callwise");
/// ```
pub fn block_uid(block: &Block) -> String {
    format!(
        "block-{}-{}@callwise",
        uid_part(&block.routine),
        block.start.format("%Y%m%dT%H%M%SZ")
    )
}

/// The `PRODID` of the calendars [`to_icalendar`] writes.
///
/// # Example
/// ```
/// assert!(callwise::routine::PRODID.starts_with("-//callwise//"));
/// ```
pub const PRODID: &str = "-//callwise//routines//EN";

/// Writes routines, blocks and calls as one iCalendar (RFC 5545) text, CRLF line ends,
/// lines folded at 75 octets, in this order:
/// - each routine as a `VEVENT` with `DTSTART;TZID=<zone>:<local first start>`,
///   `RRULE`, `DURATION:PT<minutes>M`, `SUMMARY` (its name), `CATEGORIES` (its kind);
/// - each block as a `VEVENT` with `DTSTART` and `DTEND` in UTC;
/// - each call as a `VTODO` with `DUE` (`VALUE=DATE` for a date).
///
/// Every component's `DTSTAMP` is `stamp` and its `UID` is deterministic
/// ([`routine_uid`], [`block_uid`], [`CallTodo::uid`]), so the same inputs give the same
/// bytes on every run. Properties within a component are in name order.
///
/// Limits: no `VTIMEZONE` is written (the `TZID`s are IANA names, which common clients
/// resolve themselves), and a routine's business-day calendar is not expressible in a
/// rule: export its blocks for the exact days.
///
/// # Example
/// ```
/// use callwise::routine::{Routine, to_icalendar};
/// let ph = Routine::power_hour("America/New_York", "2026-11-24".parse().unwrap(),
///     &[chrono::Weekday::Tue, chrono::Weekday::Thu],
///     chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap()).unwrap();
/// let stamp = "2026-11-20T12:00:00Z".parse().unwrap();
/// let ics = to_icalendar(&[ph], &[], &[], stamp);
/// assert!(ics.contains("\r\nDTSTART;TZID=America/New_York:20261124T100000\r\n"));
/// assert!(ics.contains("\r\nRRULE:FREQ=WEEKLY;BYDAY=TU,TH\r\n"));
/// assert!(ics.contains("\r\nDURATION:PT60M\r\n"));
/// assert!(ics.contains("\r\nDTSTAMP:20261120T120000Z\r\n"));
/// ```
pub fn to_icalendar(
    routines: &[Routine],
    blocks: &[Block],
    calls: &[CallTodo],
    stamp: DateTime<Utc>,
) -> String {
    let mut calendar = icalendar::Calendar::empty();
    calendar.append_property(Property::new("VERSION", "2.0"));
    calendar.append_property(Property::new("PRODID", PRODID));
    calendar.append_property(Property::new("CALSCALE", "GREGORIAN"));
    for routine in routines {
        let event = icalendar::Event::new()
            .uid(&routine_uid(routine))
            .timestamp(stamp)
            .summary(routine.name())
            .add_property("CATEGORIES", routine.kind().as_str())
            .starts(CalendarDateTime::WithTimezone {
                date_time: routine.first_start(),
                tzid: routine.time_zone().to_owned(),
            })
            .add_property("RRULE", routine.rrule())
            .add_property("DURATION", format!("PT{}M", routine.duration_minutes()))
            .done();
        calendar.push(event);
    }
    for block in blocks {
        let event = icalendar::Event::new()
            .uid(&block_uid(block))
            .timestamp(stamp)
            .summary(&block.routine)
            .add_property("CATEGORIES", block.kind.as_str())
            .starts(block.start)
            .ends(block.end)
            .done();
        calendar.push(event);
    }
    for call in calls {
        let mut todo = icalendar::Todo::new();
        todo.uid(&call.uid).timestamp(stamp).summary(&call.summary);
        match call.due {
            CallDue::Date(date) => todo.due(date),
            CallDue::At(at) => todo.due(at),
        };
        calendar.push(todo.done());
    }
    calendar.to_string()
}

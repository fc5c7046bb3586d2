//! Core's routines (`callwise::routine`): the recurring blocks of calling time a team
//! keeps (bookend calls, Power Hour, Crankathon), the dated calls that recur by the
//! calendar (birthdays, membership renewals, zone rotation) and their iCalendar export.
//!
//! - [`Routine`] (an object) is an RFC 5545 rule from a local first start in an IANA
//!   zone, lasting so many minutes, optionally on the business days of a
//!   [`BusinessCalendar`]; `blocks(from, to)` expands it into [`Block`]s. Presets:
//!   `Routine.powerHour`, `Routine.crankathon` and [`bookends`].
//! - [`birthday_calls`], [`renewal_batches`] and [`ZoneRotation`] (an object) list the
//!   calls of a book that recur by the calendar.
//! - [`CallTodo`] is a call as an iCalendar `VTODO` ([`call_todo_for_birthday`],
//!   [`call_todo_for_renewal`]); [`to_icalendar`] writes routines, blocks and calls as
//!   one RFC 5545 text.
//!
//! Instants are `java.time.Instant`, dates ISO `YYYY-MM-DD` strings (core's
//! `parse_date`), a routine's first start a local `YYYY-MM-DDTHH:MM:SS` string (core's
//! `parse_local_date_time`), clock times `"HH:MM"` or `"HH:MM:SS"` (core's
//! `parse_clock`) and weekdays `"Mon"` to `"Sun"`. Nothing here computes anything: each
//! function converts its arguments, calls core and converts the answer.

use crate::calendar::{BusinessCalendar, fit};
use crate::records::{date, instant};
use crate::{Book, CallwiseError};
use callwise::routine as cw;
use std::sync::Arc;
use std::time::SystemTime;

/// What a routine is for (core's `callwise::routine::RoutineKind`).
pub type RoutineKind = cw::RoutineKind;

/// What a routine is for.
#[uniffi::remote(Enum)]
pub enum RoutineKind {
    /// A field rep and the inside partner talk first thing and at the end of the day.
    Bookend,
    /// Everyone stops and calls at the same time, for an hour.
    PowerHour,
    /// A team call blitz of at most 180 minutes.
    Crankathon,
    /// Any other recurring block.
    Custom,
}

/// Which day a 29 February birthday falls on in a common year (core's
/// `callwise::routine::LeapDay`; core's default is `FEB28`).
pub type LeapDay = cw::LeapDay;

/// Which day a 29 February birthday falls on in a common year.
#[uniffi::remote(Enum)]
pub enum LeapDay {
    /// 28 February, the last day of the birthday's month (core's default).
    Feb28,
    /// 1 March, the day after 28 February.
    Mar1,
}

/// A recurring block of calling time (core's `callwise::routine::Routine`): an RFC 5545
/// rule from a local first start in an IANA zone, lasting so many minutes, optionally on
/// business days only. Occurrences keep their local wall-clock time across daylight
/// saving; a wall time in a spring-forward gap is read with the offset before the gap,
/// one in a fall-back overlap is the first (RFC 5545 section 3.3.5).
///
/// Immutable (`onBusinessDays` returns a new routine), so one instance can be shared
/// between threads. Two routines are equal (`==`) when every field is. In Kotlin it is
/// `AutoCloseable`.
#[derive(Debug, PartialEq, uniffi::Object)]
#[uniffi::export(Eq)]
pub struct Routine(cw::Routine);

impl Routine {
    fn wrap(routine: cw::Routine) -> Arc<Self> {
        Arc::new(Self(routine))
    }
}

#[uniffi::export]
impl Routine {
    /// A routine of `kind` called `name`, first starting at the local wall time
    /// `first_start` (`YYYY-MM-DDTHH:MM:SS`) in `time_zone`, recurring by `rrule` (the
    /// RFC 5545 value such as `"FREQ=WEEKLY;BYDAY=TU,TH"`, optionally prefixed
    /// `"RRULE:"`), each block lasting `duration_minutes`. `first_start` must be the
    /// rule's first occurrence (the presets pick it for you).
    ///
    /// # Errors
    /// - `InvalidRule` (`what` `"routine"`) when `name` is blank, `duration_minutes` is 0
    ///   or above 1,440, or above 180 for a Crankathon;
    /// - `InvalidRule` (`what` `"RRULE"`) when the rule is malformed (`FREQ=SOMETIMES`),
    ///   holds line breaks or other properties, has no occurrence, or `first_start` is
    ///   not its first occurrence;
    /// - `UnknownTimeZone` when `time_zone` is not an IANA name;
    /// - `InvalidArgument` named `first_start` when it is not `YYYY-MM-DDTHH:MM:SS`, is
    ///   not a real date-time, or its year is outside 1900 to 9999; named
    ///   `duration_minutes` when it is negative or does not fit core's type.
    #[uniffi::constructor]
    pub fn new(
        kind: RoutineKind,
        name: String,
        time_zone: String,
        first_start: String,
        rrule: String,
        duration_minutes: i64,
    ) -> Result<Arc<Self>, CallwiseError> {
        let first_start = callwise::time::parse_local_date_time(&first_start, "first_start")?;
        let minutes = fit(duration_minutes, "duration_minutes")?;
        Ok(Self::wrap(cw::Routine::new(
            kind,
            &name,
            &time_zone,
            first_start,
            &rrule,
            minutes,
        )?))
    }

    /// A routine from its JSON form (`name`, `kind`, `time_zone`, `first_start`,
    /// `rrule`, `duration_minutes` and optionally `business_calendar`; what `toJson`
    /// writes), checked as the constructor checks.
    ///
    /// # Errors
    /// `Json` when the text is not JSON of this shape or breaks a rule the constructor
    /// checks (core's message says which).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, CallwiseError> {
        Ok(Self::wrap(cw::Routine::from_json(&json)?))
    }

    /// Power Hour: `"Power Hour"`, 60 minutes at `start` (`"HH:MM"`) local time in
    /// `time_zone` on each of `weekdays` (`"Mon"` .. `"Sun"`; `FREQ=WEEKLY;BYDAY=...`),
    /// from the first such day on or after `first_day` (`YYYY-MM-DD`).
    ///
    /// # Errors
    /// `InvalidArgument` named `weekdays` when it is empty or holds a name that is not a
    /// weekday, named `first_day` or `start` when a text cannot be read; as the
    /// constructor otherwise.
    #[uniffi::constructor]
    pub fn power_hour(
        time_zone: String,
        first_day: String,
        weekdays: Vec<String>,
        start: String,
    ) -> Result<Arc<Self>, CallwiseError> {
        let first_day = callwise::time::parse_date(&first_day, "first_day")?;
        let days = crate::calendar::weekdays(&weekdays, "weekdays")?;
        let start = callwise::time::parse_clock(&start, "start")?;
        Ok(Self::wrap(cw::Routine::power_hour(
            &time_zone, first_day, &days, start,
        )?))
    }

    /// Crankathon: `"Crankathon"`, `minutes` (1 to 180) at `start` (`"HH:MM"`) local
    /// time in `time_zone` on each of `weekdays`, from the first such day on or after
    /// `first_day` (`YYYY-MM-DD`).
    ///
    /// # Errors
    /// `InvalidRule` when `minutes` is 0 or above 180; otherwise as `powerHour`, and
    /// `InvalidArgument` named `minutes` when it is negative.
    #[uniffi::constructor]
    pub fn crankathon(
        time_zone: String,
        first_day: String,
        weekdays: Vec<String>,
        start: String,
        minutes: i64,
    ) -> Result<Arc<Self>, CallwiseError> {
        let first_day = callwise::time::parse_date(&first_day, "first_day")?;
        let days = crate::calendar::weekdays(&weekdays, "weekdays")?;
        let start = callwise::time::parse_clock(&start, "start")?;
        let minutes = fit(minutes, "minutes")?;
        Ok(Self::wrap(cw::Routine::crankathon(
            &time_zone, first_day, &days, start, minutes,
        )?))
    }

    /// The same routine, skipping every occurrence whose local date (in the routine's
    /// zone) is not a business day of `calendar`; this routine is left as it was.
    pub fn on_business_days(&self, calendar: Arc<BusinessCalendar>) -> Arc<Self> {
        Self::wrap(self.0.clone().on_business_days(calendar.0.clone()))
    }

    /// The routine as pretty JSON, the form `fromJson` reads.
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The routine's name.
    pub fn name(&self) -> String {
        self.0.name().to_owned()
    }

    /// What the routine is for.
    pub fn kind(&self) -> RoutineKind {
        self.0.kind()
    }

    /// The IANA zone whose wall clock the routine keeps.
    pub fn time_zone(&self) -> String {
        self.0.time_zone().to_owned()
    }

    /// The first start, local wall time in `timeZone`, as `YYYY-MM-DDTHH:MM:SS`.
    pub fn first_start(&self) -> String {
        self.0.first_start().format("%Y-%m-%dT%H:%M:%S").to_string()
    }

    /// The RFC 5545 rule value: trimmed, without an `RRULE:` prefix, in upper case.
    pub fn rrule(&self) -> String {
        self.0.rrule().to_owned()
    }

    /// How long each block lasts, in minutes.
    pub fn duration_minutes(&self) -> i64 {
        i64::from(self.0.duration_minutes())
    }

    /// The calendar whose non-business days are skipped, or `null`.
    pub fn business_calendar(&self) -> Option<Arc<BusinessCalendar>> {
        self.0
            .business_calendar()
            .map(|c| Arc::new(BusinessCalendar(c.clone())))
    }

    /// The blocks whose start is in `[from, to)`, in time order, skipping local dates
    /// that are not business days when the routine has a calendar.
    ///
    /// # Errors
    /// `InvalidArgument` named `from` when `from` is after `to` (or either is outside the
    /// years 0000 to 9999: named `from` or `to`), or named `to` when the range holds more
    /// than 100,000 blocks, when the rule's periods from its first start to `to` and its
    /// occurrences on the way come to more than 1,000,000, or when a block would end past
    /// the year 9999 (core's).
    pub fn blocks(&self, from: SystemTime, to: SystemTime) -> Result<Vec<Block>, CallwiseError> {
        let blocks = self.0.blocks(instant(from, "from")?, instant(to, "to")?)?;
        Ok(blocks.into_iter().map(Block::from).collect())
    }
}

/// The morning and evening bookend calls: two routines (`"Bookend (morning)"` and
/// `"Bookend (evening)"`) of `minutes` each, at `morning` and `evening` (`"HH:MM"`)
/// local time in `time_zone`, on the calendar's working weekdays, skipping its holidays,
/// from the first business day on or after `first_day` (`YYYY-MM-DD`).
///
/// # Errors
/// `InvalidArgument` named `evening` when it is not after `morning`, named `first_day`
/// when no business day follows it or it cannot be read, named `morning`, `evening` or
/// `minutes` when a value cannot be read; as `Routine`'s constructor otherwise.
#[uniffi::export]
pub fn bookends(
    time_zone: String,
    first_day: String,
    morning: String,
    evening: String,
    minutes: i64,
    calendar: Arc<BusinessCalendar>,
) -> Result<Vec<Arc<Routine>>, CallwiseError> {
    let first_day = callwise::time::parse_date(&first_day, "first_day")?;
    let morning = callwise::time::parse_clock(&morning, "morning")?;
    let evening = callwise::time::parse_clock(&evening, "evening")?;
    let minutes = fit(minutes, "minutes")?;
    let routines = cw::Routine::bookends(
        &time_zone,
        first_day,
        morning,
        evening,
        minutes,
        calendar.0.clone(),
    )?;
    Ok(routines.into_iter().map(Routine::wrap).collect())
}

/// One occurrence of a routine: a block of calling time (core's
/// `callwise::routine::Block`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Block {
    /// The name of the routine it comes from.
    pub routine: String,
    /// The routine's kind.
    pub kind: RoutineKind,
    /// The routine's IANA zone.
    pub time_zone: String,
    /// When it starts.
    pub start: SystemTime,
    /// When it ends (`start` plus the routine's duration).
    pub end: SystemTime,
    /// The local date of `start` in the routine's zone (`YYYY-MM-DD`).
    pub local_date: String,
}

impl From<cw::Block> for Block {
    fn from(b: cw::Block) -> Self {
        Self {
            routine: b.routine,
            kind: b.kind,
            time_zone: b.time_zone,
            start: b.start.into(),
            end: b.end.into(),
            local_date: date(b.local_date),
        }
    }
}

impl TryFrom<Block> for cw::Block {
    type Error = CallwiseError;
    fn try_from(b: Block) -> Result<Self, CallwiseError> {
        Ok(Self {
            start: instant(b.start, "start")?,
            end: instant(b.end, "end")?,
            local_date: callwise::time::parse_date(&b.local_date, "local_date")?,
            routine: b.routine,
            kind: b.kind,
            time_zone: b.time_zone,
        })
    }
}

/// A birthday call: a contact, on their birthday in their own local date (core's
/// `callwise::routine::BirthdayCall`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BirthdayCall {
    /// The contact to call.
    pub contact_id: String,
    /// The contact's account.
    pub account_id: String,
    /// The birthday, a date in the contact's own zone (`YYYY-MM-DD`).
    pub date: String,
    /// The contact's IANA zone (their own, else their account's).
    pub time_zone: String,
}

impl From<cw::BirthdayCall> for BirthdayCall {
    fn from(c: cw::BirthdayCall) -> Self {
        Self {
            contact_id: c.contact_id.0,
            account_id: c.account_id.0,
            date: date(c.date),
            time_zone: c.time_zone,
        }
    }
}

/// The birthday calls from `from` to `to` (`YYYY-MM-DD`, both included): every contact
/// of `book` with a birthday, not marked do-not-call and not having denied consent to
/// calls, on each of their birthdays in the range, in their own local dates. A
/// 29 February birthday falls on 29 February in leap years and on the day `leap` says in
/// common years. Ordered by date, then contact id.
///
/// # Errors
/// `InvalidArgument` named `from` or `to` when a date cannot be read, named `to` when it
/// is before `from` or more than 1,830 days after it.
#[uniffi::export]
pub fn birthday_calls(
    book: Arc<Book>,
    from: String,
    to: String,
    leap: LeapDay,
) -> Result<Vec<BirthdayCall>, CallwiseError> {
    let from = callwise::time::parse_date(&from, "from")?;
    let to = callwise::time::parse_date(&to, "to")?;
    let calls = cw::birthday_calls(&book.0, from, to, leap)?;
    Ok(calls.into_iter().map(BirthdayCall::from).collect())
}

/// A renewal call: a membership whose current term ends soon, called `leadDays` before
/// the term's last day (core's `callwise::routine::RenewalCall`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RenewalCall {
    /// The membership.
    pub membership_id: String,
    /// Its account.
    pub account_id: String,
    /// The last day of the current term (`YYYY-MM-DD`).
    pub term_end: String,
    /// The day to call: `termEnd` minus the lead (`YYYY-MM-DD`).
    pub call_on: String,
}

impl From<cw::RenewalCall> for RenewalCall {
    fn from(c: cw::RenewalCall) -> Self {
        Self {
            membership_id: c.membership_id.0,
            account_id: c.account_id.0,
            term_end: date(c.term_end),
            call_on: date(c.call_on),
        }
    }
}

/// The renewal calls of one calendar month, worked as one monthly batch (core's
/// `callwise::routine::RenewalBatch`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RenewalBatch {
    /// The first day of the month (`YYYY-MM-DD`).
    pub month: String,
    /// Its calls, by call day, then membership id.
    pub calls: Vec<RenewalCall>,
}

/// The renewal calls of `book` whose call day falls from `from` to `to` (`YYYY-MM-DD`,
/// both included), in monthly batches: for each membership whose current term is still
/// to decide, the call day is `lead_days` before the term's last day. Batches come in
/// month order; months with no call are left out.
///
/// # Errors
/// `InvalidArgument` named `from` or `to` when a date cannot be read, named `to` when it
/// is before `from` or more than 1,830 days after it, named `lead_days` when it is
/// negative or above 3,660.
#[uniffi::export]
pub fn renewal_batches(
    book: Arc<Book>,
    from: String,
    to: String,
    lead_days: i64,
) -> Result<Vec<RenewalBatch>, CallwiseError> {
    let from = callwise::time::parse_date(&from, "from")?;
    let to = callwise::time::parse_date(&to, "to")?;
    let lead = fit(lead_days, "lead_days")?;
    let batches = cw::renewal_batches(&book.0, from, to, lead)?;
    Ok(batches
        .into_iter()
        .map(|b| RenewalBatch {
            month: date(b.month),
            calls: b.calls.into_iter().map(RenewalCall::from).collect(),
        })
        .collect())
}

/// One week of a zone rotation (core's `callwise::routine::RotationWeek`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RotationWeek {
    /// The Monday the week starts on (`YYYY-MM-DD`).
    pub week_start: String,
    /// The territory zone whose accounts are called that week.
    pub zone: String,
    /// The first day to book meetings for: `weekStart` plus the meeting lead
    /// (`YYYY-MM-DD`).
    pub meetings_from: String,
}

/// Zone rotation (core's `callwise::routine::ZoneRotation`): the territory's zones come
/// up one week each (Monday to Sunday), in turn, and the calls of a zone's week aim at
/// meetings `meetingLeadDays` (usually 28) out. Week 0 is `firstWeek`; week `n`
/// (negative before it) belongs to zone `n mod zones.size` (Euclidean).
///
/// Immutable, so one instance can be shared between threads. In Kotlin it is
/// `AutoCloseable`.
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Eq)]
pub struct ZoneRotation(cw::ZoneRotation);

#[uniffi::export]
impl ZoneRotation {
    /// A rotation through `zones` (territory zone names, as on `Account.territoryZone`),
    /// the first taking the week starting on Monday `first_week` (`YYYY-MM-DD`), with
    /// meetings aimed `meeting_lead_days` out.
    ///
    /// # Errors
    /// `InvalidRule` (`what` `"zone rotation"`) when `zones` is empty, holds a blank name
    /// or a name twice; `InvalidArgument` named `first_week` when it is not a Monday or
    /// cannot be read, named `meeting_lead_days` when it is negative or above 3,660.
    #[uniffi::constructor]
    pub fn new(
        zones: Vec<String>,
        first_week: String,
        meeting_lead_days: i64,
    ) -> Result<Arc<Self>, CallwiseError> {
        let first_week = callwise::time::parse_date(&first_week, "first_week")?;
        let lead = fit(meeting_lead_days, "meeting_lead_days")?;
        Ok(Arc::new(Self(cw::ZoneRotation::new(
            zones, first_week, lead,
        )?)))
    }

    /// The zones, in rotation order.
    pub fn zones(&self) -> Vec<String> {
        self.0.zones().to_vec()
    }

    /// The Monday of week 0 (`YYYY-MM-DD`).
    pub fn first_week(&self) -> String {
        date(self.0.first_week())
    }

    /// How many days after a week's Monday its meetings are aimed at.
    pub fn meeting_lead_days(&self) -> i64 {
        i64::from(self.0.meeting_lead_days())
    }

    /// The zone whose week `date` (`YYYY-MM-DD`) is in.
    ///
    /// # Errors
    /// `InvalidArgument` named `date` when it cannot be read.
    pub fn zone_for(&self, date: String) -> Result<String, CallwiseError> {
        let date = callwise::time::parse_date(&date, "date")?;
        Ok(self.0.zone_for(date).to_owned())
    }

    /// `count` consecutive weeks, from the week `from` (`YYYY-MM-DD`) is in.
    ///
    /// # Errors
    /// `InvalidArgument` named `count` when it is negative or above 5,220, named `from`
    /// when it cannot be read or the weeks run off the calendar.
    pub fn weeks(&self, from: String, count: i64) -> Result<Vec<RotationWeek>, CallwiseError> {
        let from = callwise::time::parse_date(&from, "from")?;
        let weeks = self.0.weeks(from, fit(count, "count")?)?;
        Ok(weeks
            .into_iter()
            .map(|w| RotationWeek {
                week_start: date(w.week_start),
                zone: w.zone,
                meetings_from: date(w.meetings_from),
            })
            .collect())
    }

    /// The ids of the accounts of `book` whose territory zone is up in the week `date`
    /// (`YYYY-MM-DD`) is in, in book order.
    ///
    /// # Errors
    /// `InvalidArgument` named `date` when it cannot be read.
    pub fn accounts_for(
        &self,
        book: Arc<Book>,
        date: String,
    ) -> Result<Vec<String>, CallwiseError> {
        let date = callwise::time::parse_date(&date, "date")?;
        Ok(self
            .0
            .accounts_for(&book.0, date)
            .into_iter()
            .map(|id| id.0)
            .collect())
    }
}

/// When a call is due: a whole local date, or an instant (core's
/// `callwise::routine::CallDue`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum CallDue {
    /// Any time on that date (iCalendar `DUE;VALUE=DATE`).
    Date {
        /// The date (`YYYY-MM-DD`).
        date: String,
    },
    /// By that instant (iCalendar `DUE` in UTC).
    At {
        /// The instant.
        at: SystemTime,
    },
}

/// A call to make, as an iCalendar `VTODO` (core's `callwise::routine::CallTodo`). Made
/// from a call by [`call_todo_for_birthday`] or [`call_todo_for_renewal`] (deterministic
/// uid, summary naming records by id only), or given whole.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CallTodo {
    /// The iCalendar `UID`: keep it stable so a re-export updates, not duplicates.
    pub uid: String,
    /// The one-line summary.
    pub summary: String,
    /// When it is due.
    pub due: CallDue,
}

impl From<cw::CallTodo> for CallTodo {
    fn from(t: cw::CallTodo) -> Self {
        Self {
            uid: t.uid,
            summary: t.summary,
            due: match t.due {
                cw::CallDue::Date(d) => CallDue::Date { date: date(d) },
                cw::CallDue::At(at) => CallDue::At { at: at.into() },
            },
        }
    }
}

impl TryFrom<CallTodo> for cw::CallTodo {
    type Error = CallwiseError;
    fn try_from(t: CallTodo) -> Result<Self, CallwiseError> {
        Ok(Self {
            due: match t.due {
                CallDue::Date { date } => {
                    cw::CallDue::Date(callwise::time::parse_date(&date, "due")?)
                }
                CallDue::At { at } => cw::CallDue::At(instant(at, "due")?),
            },
            uid: t.uid,
            summary: t.summary,
        })
    }
}

/// The to-do for a birthday call: uid `birthday-<contact id>-<YYYYMMDD>@callwise`, due
/// on the birthday (core's `CallTodo::from(&BirthdayCall)`).
///
/// # Errors
/// `InvalidArgument` named `date` when the call's date cannot be read.
#[uniffi::export]
pub fn call_todo_for_birthday(call: BirthdayCall) -> Result<CallTodo, CallwiseError> {
    let call = cw::BirthdayCall {
        date: callwise::time::parse_date(&call.date, "date")?,
        contact_id: call.contact_id.into(),
        account_id: call.account_id.into(),
        time_zone: call.time_zone,
    };
    Ok(cw::CallTodo::from(&call).into())
}

/// The to-do for a renewal call: uid `renewal-<membership id>-<term end
/// YYYYMMDD>@callwise`, due on the call day (core's `CallTodo::from(&RenewalCall)`).
///
/// # Errors
/// `InvalidArgument` named `term_end` or `call_on` when a date cannot be read.
#[uniffi::export]
pub fn call_todo_for_renewal(call: RenewalCall) -> Result<CallTodo, CallwiseError> {
    let call = cw::RenewalCall {
        term_end: callwise::time::parse_date(&call.term_end, "term_end")?,
        call_on: callwise::time::parse_date(&call.call_on, "call_on")?,
        membership_id: call.membership_id.into(),
        account_id: call.account_id.into(),
    };
    Ok(cw::CallTodo::from(&call).into())
}

/// Routines, blocks and calls as one iCalendar (RFC 5545) text, byte for byte what core's
/// `to_icalendar` writes: CRLF line ends, lines folded at 75 octets; each routine a
/// `VEVENT` with `DTSTART;TZID=`, `RRULE` and `DURATION`, each block a `VEVENT` in UTC,
/// each call a `VTODO`, after a `VTIMEZONE` for each routine's zone; every `DTSTAMP` is
/// `stamp` and every `UID` deterministic. A routine's business calendar is not
/// expressible in a rule: export its blocks for the exact days.
///
/// # Errors
/// `InvalidArgument` named `stamp`, `start`, `end` or `due` for an instant outside the
/// years 0000 to 9999, named `local_date` or `due` for a date that cannot be read, named
/// `blocks` or `calls` for text holding a control character (core's).
#[uniffi::export]
pub fn to_icalendar(
    routines: Vec<Arc<Routine>>,
    blocks: Vec<Block>,
    calls: Vec<CallTodo>,
    stamp: SystemTime,
) -> Result<String, CallwiseError> {
    let routines: Vec<_> = routines.iter().map(|r| r.0.clone()).collect();
    let blocks = blocks
        .into_iter()
        .map(cw::Block::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    let calls = calls
        .into_iter()
        .map(cw::CallTodo::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(cw::to_icalendar(
        &routines,
        &blocks,
        &calls,
        instant(stamp, "stamp")?,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::invalid_reason;

    fn routine(first_start: &str) -> Result<Arc<Routine>, CallwiseError> {
        Routine::new(
            RoutineKind::Custom,
            "x".to_owned(),
            "UTC".to_owned(),
            first_start.to_owned(),
            "FREQ=DAILY".to_owned(),
            30,
        )
    }

    #[test]
    fn first_start_is_read_strictly() {
        let r = routine("2026-11-24T10:00:00").unwrap();
        assert_eq!(r.first_start(), "2026-11-24T10:00:00");
        for bad in [
            "2026-11-24 10:00:00",
            "2026-11-24T10:00",
            "2026-11-24T10:00:00.5",
            "2026-1-24T10:00:00",
            " 2026-11-24T10:00:00",
            "+2026-11-24T10:00:00",
            "2026-11-31T10:00:00",
            "2026-11-24T24:00:00",
            "",
        ] {
            invalid_reason(routine(bad), "first_start");
        }
        // A leap second reads as a fraction, which core refuses.
        invalid_reason(routine("2026-11-24T10:00:60"), "first_start");
    }

    #[test]
    fn clock_times_are_read_strictly() {
        let ph = |start: &str| {
            Routine::power_hour(
                "UTC".to_owned(),
                "2026-11-24".to_owned(),
                vec!["Tue".to_owned()],
                start.to_owned(),
            )
        };
        assert_eq!(ph("10:00").unwrap().first_start(), "2026-11-24T10:00:00");
        assert_eq!(ph("10:00:30").unwrap().first_start(), "2026-11-24T10:00:30");
        for bad in ["10", "1:00", "10:0", " 10:00", "25:00", "10:00 "] {
            invalid_reason(ph(bad), "start");
        }
    }

    #[test]
    fn negative_numbers_are_invalid_arguments() {
        let r = Routine::new(
            RoutineKind::Custom,
            "x".to_owned(),
            "UTC".to_owned(),
            "2026-11-24T10:00:00".to_owned(),
            "FREQ=DAILY".to_owned(),
            -1,
        );
        invalid_reason(r, "duration_minutes");
        invalid_reason(
            ZoneRotation::new(vec!["a".to_owned()], "2026-11-23".to_owned(), -1),
            "meeting_lead_days",
        );
    }

    #[test]
    fn records_convert_back_to_core() {
        let r = routine("2026-11-24T10:00:00").unwrap();
        let blocks = r
            .blocks(
                SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_795_000_000),
                SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_796_000_000),
            )
            .unwrap();
        assert!(!blocks.is_empty());
        for b in &blocks {
            let core = cw::Block::try_from(b.clone()).unwrap();
            assert_eq!(Block::from(core), *b);
        }
        let todo = CallTodo {
            uid: "u".to_owned(),
            summary: "s".to_owned(),
            due: CallDue::At {
                at: blocks[0].start,
            },
        };
        assert_eq!(
            CallTodo::from(cw::CallTodo::try_from(todo.clone()).unwrap()),
            todo
        );
    }
}

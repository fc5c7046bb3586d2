//! Core's routines (`callwise::routine`): the recurring blocks of calling time a team
//! keeps (bookend calls, Power Hour, Crankathon), the dated calls that recur by the
//! calendar (birthdays, membership renewals, zone rotation) and their iCalendar export.
//!
//! - [`Routine`] (an object) is an RFC 5545 rule from a local first start in an IANA
//!   zone, lasting so many minutes, optionally on the business days of a
//!   [`BusinessCalendar`]; `blocks(from, to)` expands it into core's `Block`s. Presets:
//!   `Routine.powerHour`, `Routine.crankathon` and [`bookends`].
//! - [`birthday_calls`], [`renewal_batches`] and [`ZoneRotation`] (an object) list the
//!   calls of a book that recur by the calendar.
//! - Core's `CallTodo` is a call as an iCalendar `VTODO` ([`call_todo_for_birthday`],
//!   [`call_todo_for_renewal`]); [`to_icalendar`] writes routines, blocks and calls as
//!   one RFC 5545 text.
//!
//! Core's records cross as themselves; instants are `java.time.Instant`s, dates
//! `LocalDate`s, a routine's first start a `LocalDateTime`, clock times `LocalTime`s and
//! weekdays `DayOfWeek`s (see `types.rs`). Nothing here computes anything: each
//! function calls core and returns its answer.

use crate::calendar::BusinessCalendar;
use crate::types::{NaiveDate, NaiveDateTime, NaiveTime, UtcInstant, Weekday};
use crate::{Book, CallwiseError};
use callwise::routine::{
    self as cw, BirthdayCall, Block, CallDue, CallTodo, LeapDay, RenewalBatch, RenewalCall,
    RotationWeek, RoutineKind,
};
use callwise::{AccountId, ContactId, MembershipId};
use std::sync::Arc;

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
    /// The core routine, for the functions of other modules that read it.
    pub(crate) fn core(&self) -> &cw::Routine {
        &self.0
    }
}

impl Routine {
    fn wrap(routine: cw::Routine) -> Arc<Self> {
        Arc::new(Self(routine))
    }
}

#[uniffi::export]
impl Routine {
    /// A routine of `kind` called `name`, first starting at the local wall time
    /// `first_start` in `time_zone`, recurring by `rrule` (the RFC 5545 value such as
    /// `"FREQ=WEEKLY;BYDAY=TU,TH"`, optionally prefixed `"RRULE:"`), each block lasting
    /// `duration_minutes`. `first_start` must be the rule's first occurrence (the presets
    /// pick it for you).
    ///
    /// # Errors
    /// - `InvalidRule` (`what` `"routine"`) when `name` is blank, `duration_minutes` is 0
    ///   or above 1,440, or above 180 for a Crankathon;
    /// - `InvalidRule` (`what` `"RRULE"`) when the rule is malformed (`FREQ=SOMETIMES`),
    ///   holds line breaks or other properties, has no occurrence, or `first_start` is
    ///   not its first occurrence;
    /// - `UnknownTimeZone` when `time_zone` is not an IANA name;
    /// - `InvalidArgument` named `first_start` when its year is outside 1900 to 9999, or
    ///   `date_time` when it has a fraction of a second.
    #[uniffi::constructor]
    pub fn new(
        kind: RoutineKind,
        name: String,
        time_zone: String,
        first_start: NaiveDateTime,
        rrule: String,
        duration_minutes: u32,
    ) -> Result<Arc<Self>, CallwiseError> {
        let routine = cw::Routine::new(
            kind,
            &name,
            &time_zone,
            first_start,
            &rrule,
            duration_minutes,
        )?;
        Ok(Self::wrap(routine))
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

    /// Power Hour: `"Power Hour"`, 60 minutes at `start` local time in `time_zone` on
    /// each of `weekdays` (`FREQ=WEEKLY;BYDAY=...`), from the first such day on or after
    /// `first_day`.
    ///
    /// # Errors
    /// `InvalidArgument` named `weekdays` when it is empty; as the constructor otherwise.
    #[uniffi::constructor]
    pub fn power_hour(
        time_zone: String,
        first_day: NaiveDate,
        weekdays: Vec<Weekday>,
        start: NaiveTime,
    ) -> Result<Arc<Self>, CallwiseError> {
        let routine = cw::Routine::power_hour(&time_zone, first_day, &weekdays, start)?;
        Ok(Self::wrap(routine))
    }

    /// Crankathon: `"Crankathon"`, `minutes` (1 to 180) at `start` local time in
    /// `time_zone` on each of `weekdays`, from the first such day on or after
    /// `first_day`.
    ///
    /// # Errors
    /// `InvalidRule` when `minutes` is 0 or above 180; otherwise as `powerHour`.
    #[uniffi::constructor]
    pub fn crankathon(
        time_zone: String,
        first_day: NaiveDate,
        weekdays: Vec<Weekday>,
        start: NaiveTime,
        minutes: u32,
    ) -> Result<Arc<Self>, CallwiseError> {
        let routine = cw::Routine::crankathon(&time_zone, first_day, &weekdays, start, minutes)?;
        Ok(Self::wrap(routine))
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

    /// The first start, local wall time in `timeZone`.
    pub fn first_start(&self) -> NaiveDateTime {
        self.0.first_start()
    }

    /// The RFC 5545 rule value: trimmed, without an `RRULE:` prefix, in upper case.
    pub fn rrule(&self) -> String {
        self.0.rrule().to_owned()
    }

    /// How long each block lasts, in minutes.
    pub fn duration_minutes(&self) -> u32 {
        self.0.duration_minutes()
    }

    /// The calendar whose non-business days are skipped, or `null`.
    pub fn business_calendar(&self) -> Option<Arc<BusinessCalendar>> {
        let calendar = self.0.business_calendar().cloned();
        calendar.map(|c| Arc::new(BusinessCalendar(c)))
    }

    /// The blocks whose start is in `[from, to)`, in time order, skipping local dates
    /// that are not business days when the routine has a calendar.
    ///
    /// # Errors
    /// `InvalidArgument` named `from` when `from` is after `to`, or named `to` when the
    /// range holds more than 100,000 blocks, when the rule's periods from its first
    /// start to `to` and its occurrences on the way come to more than 1,000,000, or when
    /// a block would end past the year 9999; or for an instant outside the years 0000 to
    /// 9999.
    pub fn blocks(&self, from: UtcInstant, to: UtcInstant) -> Result<Vec<Block>, CallwiseError> {
        Ok(self.0.blocks(from, to)?)
    }
}

/// The morning and evening bookend calls: two routines (`"Bookend (morning)"` and
/// `"Bookend (evening)"`) of `minutes` each, at `morning` and `evening` local time in
/// `time_zone`, on the calendar's working weekdays, skipping its holidays, from the first
/// business day on or after `first_day`.
///
/// # Errors
/// `InvalidArgument` named `evening` when it is not after `morning`, named `first_day`
/// when no business day follows it; as `Routine`'s constructor otherwise.
#[uniffi::export]
pub fn bookends(
    time_zone: String,
    first_day: NaiveDate,
    morning: NaiveTime,
    evening: NaiveTime,
    minutes: u32,
    calendar: Arc<BusinessCalendar>,
) -> Result<Vec<Arc<Routine>>, CallwiseError> {
    let calendar = calendar.0.clone();
    let routines =
        cw::Routine::bookends(&time_zone, first_day, morning, evening, minutes, calendar)?;
    Ok(routines.into_iter().map(Routine::wrap).collect())
}

/// One occurrence of a routine: a block of calling time (core's
/// `callwise::routine::Block`).
#[uniffi::remote(Record)]
pub struct Block {
    /// The name of the routine it comes from.
    pub routine: String,
    /// The routine's kind.
    pub kind: RoutineKind,
    /// The routine's IANA zone.
    pub time_zone: String,
    /// When it starts.
    pub start: UtcInstant,
    /// When it ends (`start` plus the routine's duration).
    pub end: UtcInstant,
    /// The local date of `start` in the routine's zone.
    pub local_date: NaiveDate,
}

/// A birthday call: a contact, on their birthday in their own local date (core's
/// `callwise::routine::BirthdayCall`).
#[uniffi::remote(Record)]
pub struct BirthdayCall {
    /// The contact to call.
    pub contact_id: ContactId,
    /// The contact's account.
    pub account_id: AccountId,
    /// The birthday, a date in the contact's own zone.
    pub date: NaiveDate,
    /// The contact's IANA zone (their own, else their account's).
    pub time_zone: String,
}

/// The birthday calls from `from` to `to` (both included): every contact of `book` with a
/// birthday, not marked do-not-call and not having denied consent to calls, on each of
/// their birthdays in the range, in their own local dates. A 29 February birthday falls
/// on 29 February in leap years and on the day `leap` says in common years. Ordered by
/// date, then contact id.
///
/// # Errors
/// `InvalidArgument` named `to` when it is before `from` or more than 1,830 days after
/// it, or for a date outside the years 0000 to 9999.
#[uniffi::export]
pub fn birthday_calls(
    book: Arc<Book>,
    from: NaiveDate,
    to: NaiveDate,
    leap: LeapDay,
) -> Result<Vec<BirthdayCall>, CallwiseError> {
    Ok(cw::birthday_calls(&book.core(), from, to, leap)?)
}

/// A renewal call: a membership whose current term ends soon, called `leadDays` before
/// the term's last day (core's `callwise::routine::RenewalCall`).
#[uniffi::remote(Record)]
pub struct RenewalCall {
    /// The membership.
    pub membership_id: MembershipId,
    /// Its account.
    pub account_id: AccountId,
    /// The last day of the current term.
    pub term_end: NaiveDate,
    /// The day to call: `termEnd` minus the lead.
    pub call_on: NaiveDate,
}

/// The renewal calls of one calendar month, worked as one monthly batch (core's
/// `callwise::routine::RenewalBatch`).
#[uniffi::remote(Record)]
pub struct RenewalBatch {
    /// The first day of the month.
    pub month: NaiveDate,
    /// Its calls, by call day, then membership id.
    pub calls: Vec<RenewalCall>,
}

/// The renewal calls of `book` whose call day falls from `from` to `to` (both included),
/// in monthly batches: for each membership whose current term is still to decide, the
/// call day is `lead_days` before the term's last day. Batches come in month order;
/// months with no call are left out.
///
/// # Errors
/// `InvalidArgument` named `to` when it is before `from` or more than 1,830 days after
/// it, named `lead_days` when it is above 3,660, or for a date outside the years 0000 to
/// 9999.
#[uniffi::export]
pub fn renewal_batches(
    book: Arc<Book>,
    from: NaiveDate,
    to: NaiveDate,
    lead_days: u32,
) -> Result<Vec<RenewalBatch>, CallwiseError> {
    Ok(cw::renewal_batches(&book.core(), from, to, lead_days)?)
}

/// One week of a zone rotation (core's `callwise::routine::RotationWeek`).
#[uniffi::remote(Record)]
pub struct RotationWeek {
    /// The Monday the week starts on.
    pub week_start: NaiveDate,
    /// The territory zone whose accounts are called that week.
    pub zone: String,
    /// The first day to book meetings for: `weekStart` plus the meeting lead.
    pub meetings_from: NaiveDate,
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

impl ZoneRotation {
    /// The core rotation, for the functions of other modules that read it.
    pub(crate) fn core(&self) -> &cw::ZoneRotation {
        &self.0
    }
}

#[uniffi::export]
impl ZoneRotation {
    /// A rotation through `zones` (territory zone names, as on `Account.territoryZone`),
    /// the first taking the week starting on Monday `first_week`, with meetings aimed
    /// `meeting_lead_days` out.
    ///
    /// # Errors
    /// `InvalidRule` (`what` `"zone rotation"`) when `zones` is empty, holds a blank name
    /// or a name twice; `InvalidArgument` named `first_week` when it is not a Monday,
    /// named `meeting_lead_days` when it is above 3,660.
    #[uniffi::constructor]
    pub fn new(
        zones: Vec<String>,
        first_week: NaiveDate,
        meeting_lead_days: u32,
    ) -> Result<Arc<Self>, CallwiseError> {
        let rotation = cw::ZoneRotation::new(zones, first_week, meeting_lead_days)?;
        Ok(Arc::new(Self(rotation)))
    }

    /// The zones, in rotation order.
    pub fn zones(&self) -> Vec<String> {
        self.0.zones().to_vec()
    }

    /// The Monday of week 0.
    pub fn first_week(&self) -> NaiveDate {
        self.0.first_week()
    }

    /// How many days after a week's Monday its meetings are aimed at.
    pub fn meeting_lead_days(&self) -> u32 {
        self.0.meeting_lead_days()
    }

    /// The zone whose week `date` is in.
    ///
    /// # Errors
    /// `InvalidArgument` for a date outside the years 0000 to 9999.
    pub fn zone_for(&self, date: NaiveDate) -> Result<String, CallwiseError> {
        Ok(self.0.zone_for(date).to_owned())
    }

    /// `count` consecutive weeks, from the week `from` is in.
    ///
    /// # Errors
    /// `InvalidArgument` named `count` when it is above 5,220, named `from` when the weeks
    /// run off the calendar, or for a date outside the years 0000 to 9999.
    pub fn weeks(&self, from: NaiveDate, count: u32) -> Result<Vec<RotationWeek>, CallwiseError> {
        Ok(self.0.weeks(from, count)?)
    }

    /// The ids of the accounts of `book` whose territory zone is up in the week `date` is
    /// in, in book order.
    ///
    /// # Errors
    /// `InvalidArgument` for a date outside the years 0000 to 9999.
    pub fn accounts_for(
        &self,
        book: Arc<Book>,
        date: NaiveDate,
    ) -> Result<Vec<AccountId>, CallwiseError> {
        Ok(self.0.accounts_for(&book.core(), date))
    }
}

/// When a call is due (core's `callwise::routine::CallDue`; in Kotlin `CallDue.Date(date)`
/// and `CallDue.At(instant)`, their value read as `v1`).
#[uniffi::remote(Enum)]
pub enum CallDue {
    /// Any time on that date (iCalendar `DUE;VALUE=DATE`).
    Date(NaiveDate),
    /// By that instant (iCalendar `DUE` in UTC).
    At(UtcInstant),
}

/// A call to make, as an iCalendar `VTODO` (core's `callwise::routine::CallTodo`). Made
/// from a call by [`call_todo_for_birthday`] or [`call_todo_for_renewal`] (deterministic
/// uid, summary naming records by id only), or given whole.
#[uniffi::remote(Record)]
pub struct CallTodo {
    /// The iCalendar `UID`: keep it stable so a re-export updates, not duplicates.
    pub uid: String,
    /// The one-line summary.
    pub summary: String,
    /// When it is due.
    pub due: CallDue,
}

/// The to-do for a birthday call: uid `birthday-<contact id>-<YYYYMMDD>@callwise`, due
/// on the birthday (core's `CallTodo::from(&BirthdayCall)`).
///
/// # Errors
/// `InvalidArgument` for a date outside the years 0000 to 9999.
#[uniffi::export]
pub fn call_todo_for_birthday(call: BirthdayCall) -> Result<CallTodo, CallwiseError> {
    Ok(CallTodo::from(&call))
}

/// The to-do for a renewal call: uid `renewal-<membership id>-<term end
/// YYYYMMDD>@callwise`, due on the call day (core's `CallTodo::from(&RenewalCall)`).
///
/// # Errors
/// `InvalidArgument` for a date outside the years 0000 to 9999.
#[uniffi::export]
pub fn call_todo_for_renewal(call: RenewalCall) -> Result<CallTodo, CallwiseError> {
    Ok(CallTodo::from(&call))
}

/// Routines, blocks and calls as one iCalendar (RFC 5545) text, byte for byte what core's
/// `to_icalendar` writes: CRLF line ends, lines folded at 75 octets; each routine a
/// `VEVENT` with `DTSTART;TZID=`, `RRULE` and `DURATION`, each block a `VEVENT` in UTC,
/// each call a `VTODO`, after a `VTIMEZONE` for each routine's zone; every `DTSTAMP` is
/// `stamp` and every `UID` deterministic. A routine's business calendar is not
/// expressible in a rule: export its blocks for the exact days.
///
/// # Errors
/// `InvalidArgument` for an instant or date outside the years 0000 to 9999.
#[uniffi::export]
pub fn to_icalendar(
    routines: Vec<Arc<Routine>>,
    blocks: Vec<Block>,
    calls: Vec<CallTodo>,
    stamp: UtcInstant,
) -> Result<String, CallwiseError> {
    let routines: Vec<_> = routines.iter().map(|r| r.0.clone()).collect();
    Ok(cw::to_icalendar(&routines, &blocks, &calls, stamp)?)
}

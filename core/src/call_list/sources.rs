//! The reasons to call: one function per source, each reading the book (and the inputs
//! that are not in it: cadence enrollments, the zone rotation, retention signals) for
//! one day and returning reasons, each with the numbers behind it.
//!
//! Every source works account by account ([`Sources::of_account`]), so a list for one
//! rep reads only that rep's accounts and a whole book splits by account across threads
//! or machines. The module-level functions ([`carry_overs`], [`renewals`], ...) run one
//! source over the whole book, for use on their own.

use super::{CallListConfig, CallListInputs};
use crate::cadence::{DueStep, StepKind};
use crate::retention::{DormantSignal, RenewalSignal};
use crate::{
    AccountId, ActivityRef, AttendeeStatus, Book, Channel, ContactId, Direction, Error,
    OpportunityStage, Outcome, RecordKind, RepId, ResponseKind, Result, TaskStatus,
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a reason to call comes from. The same names in every language and in the JSON
/// configuration.
///
/// # Example
/// ```
/// use callwise::call_list::Source;
/// assert_eq!(Source::OpportunityFollowUp.as_str(), "opportunity_follow_up");
/// assert_eq!(serde_json::from_str::<Source>("\"old_no\"").unwrap(), Source::OldNo);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// An open task due on or before the day (the Daily Wrap Up's follow-ups are tasks).
    CarryOver,
    /// A cadence step due that day.
    CadenceStep,
    /// An open deal whose next step is due, or that has gone quiet.
    OpportunityFollowUp,
    /// An account in this week's rotation zone with no meeting booked ahead.
    ZoneRotation,
    /// A contact who responded to a campaign and has not been called since.
    CampaignFollowUp,
    /// A recent win or renewal not yet thanked.
    ThankYou,
    /// A contact's birthday, on their own local date.
    Birthday,
    /// A membership whose term ends within the lead window.
    Renewal,
    /// A past attendee, before an upcoming event of the same series.
    EventAttendee,
    /// A repeat buyer whose probability of being alive has dropped.
    Dormant,
    /// A deal lost to a competitor long enough ago to try again.
    OldNo,
}

impl Source {
    /// Every source, in declaration order (the order reasons of equal contribution are
    /// listed in).
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::call_list::Source::ALL.len(), 11);
    /// ```
    pub const ALL: [Source; 11] = [
        Self::CarryOver,
        Self::CadenceStep,
        Self::OpportunityFollowUp,
        Self::ZoneRotation,
        Self::CampaignFollowUp,
        Self::ThankYou,
        Self::Birthday,
        Self::Renewal,
        Self::EventAttendee,
        Self::Dormant,
        Self::OldNo,
    ];

    /// The snake-case name used in JSON and every binding.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::call_list::Source::CarryOver.as_str(), "carry_over");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CarryOver => "carry_over",
            Self::CadenceStep => "cadence_step",
            Self::OpportunityFollowUp => "opportunity_follow_up",
            Self::ZoneRotation => "zone_rotation",
            Self::CampaignFollowUp => "campaign_follow_up",
            Self::ThankYou => "thank_you",
            Self::Birthday => "birthday",
            Self::Renewal => "renewal",
            Self::EventAttendee => "event_attendee",
            Self::Dormant => "dormant",
            Self::OldNo => "old_no",
        }
    }

    /// The weight a configuration gives this source unless it says otherwise.
    pub(crate) fn default_weight(self) -> f64 {
        match self {
            Self::CarryOver => 10.0,
            Self::CadenceStep | Self::Renewal => 8.0,
            Self::OpportunityFollowUp => 7.0,
            Self::ThankYou | Self::OldNo | Self::Dormant => 6.0,
            Self::CampaignFollowUp => 5.0,
            Self::EventAttendee => 4.0,
            Self::ZoneRotation | Self::Birthday => 3.0,
        }
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One reason to call an account, with the numbers behind it.
///
/// A source fills everything but `contribution`, which the list's score sets (see
/// [`CallListConfig`] for the formula).
///
/// # Example
/// ```
/// use callwise::call_list::{carry_overs, Source};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
/// let reasons = carry_overs(&book, "2026-11-06".parse().unwrap())?;
/// let r = &reasons[0];
/// assert_eq!(r.source, Source::CarryOver);
/// assert!(r.rep_id.is_some() && r.numbers.contains_key("days_overdue"));
/// # Ok::<(), callwise::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reason {
    /// Where it comes from.
    pub source: Source,
    /// The account to call.
    pub account_id: AccountId,
    /// The contact it names, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<ContactId>,
    /// The rep it belongs to (a task's, a cadence step's, a deal's owner); `None` when
    /// it belongs to whoever holds the account's baton (its primary owner).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rep_id: Option<RepId>,
    /// The record it comes from: a task, enrollment, opportunity, campaign,
    /// membership, event or contact id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_id: Option<String>,
    /// What it is, in words (ids, dates and numbers; no personal data).
    pub why: String,
    /// The numbers behind it, by name (`days_overdue`, `p_renew`, `amount`...).
    pub numbers: BTreeMap<String, f64>,
    /// The money at stake, in minor units (0 when none).
    pub stake_minor: i64,
    /// How pressing it is, 0 to 2 (each source documents its own scale).
    pub urgency: f64,
    /// The points it adds to its entry's score (0 until scored).
    #[serde(default)]
    pub contribution: i64,
}

impl Reason {
    /// Checks what a list's score reads of a reason that came from outside (another
    /// process's JSON, a list read back): an urgency of 0 to 2, as every source gives.
    /// An urgency of 1e300 or NaN would otherwise score as `i64::MAX` or 0 points.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] named `name` when the urgency is out of range.
    pub(crate) fn check(&self, name: &'static str) -> Result<()> {
        if (0.0..=2.0).contains(&self.urgency) {
            return Ok(());
        }
        Err(Error::invalid_argument(
            name,
            format!(
                "the urgency of a {} reason on account {} must be 0 to 2, got {}",
                self.source, self.account_id, self.urgency
            ),
        ))
    }
}

/// The most numbers a source gives one reason.
const MAX_NUMBERS: usize = 3;

/// A reason as the lists carry it until it is shown: the book's positions for its
/// account, contact, rep and record, its words as the numbers they are written from
/// ([`Why`]) and its numbers' names as static text, so that a source allocates
/// nothing. [`Pending::into_reason`] makes the [`Reason`] a
/// caller sees, with the ids; a reason that comes whole (a cadence step, a reason
/// [`lists_from`](super::lists_from) is given) is kept whole.
pub(crate) struct Pending {
    pub(crate) source: Source,
    /// The account's position.
    pub(crate) account: u32,
    /// The position of the contact it names, when the book has one by that id (not
    /// necessarily on the account: [`candidate`](super::list::candidate) checks).
    pub(crate) contact: Option<u32>,
    /// The position of the rep it names, when the book has one by that id.
    pub(crate) rep: Option<u32>,
    pub(crate) record: Option<(RecordKind, u32)>,
    why: Why,
    numbers: [(&'static str, f64); MAX_NUMBERS],
    count: u8,
    pub(crate) stake_minor: i64,
    pub(crate) urgency: f64,
    pub(crate) contribution: i64,
    whole: Option<Box<Reason>>,
}

impl Pending {
    /// A reason of `source` to call the account at `a`.
    fn new(source: Source, a: u32, why: Why, urgency: f64) -> Self {
        Self {
            source,
            account: a,
            contact: None,
            rep: None,
            record: None,
            why,
            numbers: [("", 0.0); MAX_NUMBERS],
            count: 0,
            stake_minor: 0,
            urgency: urgency.clamp(0.0, 2.0),
            contribution: 0,
            whole: None,
        }
    }

    /// `reason`, kept whole, on the account at `a`: its contact and rep are looked up
    /// by id for choosing the contact and routing.
    pub(crate) fn whole(book: &Book, a: u32, reason: Reason) -> Self {
        Self {
            source: reason.source,
            account: a,
            contact: (reason.contact_id.as_ref()).and_then(|c| book.contact_position(c.as_str())),
            rep: (reason.rep_id.as_ref()).and_then(|r| book.rep_position(r.as_str())),
            record: None,
            why: Why::Given,
            numbers: [("", 0.0); MAX_NUMBERS],
            count: 0,
            stake_minor: reason.stake_minor,
            urgency: reason.urgency,
            contribution: reason.contribution,
            whole: Some(Box::new(reason)),
        }
    }

    fn contact(mut self, c: Option<u32>) -> Self {
        self.contact = c;
        self
    }

    fn rep(mut self, r: u32) -> Self {
        self.rep = Some(r);
        self
    }

    fn record(mut self, kind: RecordKind, pos: u32) -> Self {
        self.record = Some((kind, pos));
        self
    }

    fn number(mut self, name: &'static str, value: f64) -> Self {
        self.numbers[usize::from(self.count)] = (name, value);
        self.count += 1;
        self
    }

    fn stake(mut self, minor: i64) -> Self {
        self.stake_minor = minor.max(0);
        self
    }

    /// Writes what it is, in words, to `out`.
    pub(crate) fn write_why(&self, book: &Book, out: &mut String) {
        match &self.whole {
            Some(r) => out.push_str(&r.why),
            None => self.why.write(self.account, self.record, book, out),
        }
    }

    /// The ids of its record and of its contact.
    pub(crate) fn ids<'b>(&'b self, book: &'b Book) -> (Option<&'b str>, Option<&'b str>) {
        match &self.whole {
            Some(r) => (
                r.record_id.as_deref(),
                r.contact_id.as_ref().map(ContactId::as_str),
            ),
            None => (
                self.record.map(|(kind, pos)| book.id_at(kind, pos)),
                self.contact.map(|c| book.id_at(RecordKind::Contact, c)),
            ),
        }
    }

    /// The reason a caller sees, with its contribution.
    pub(crate) fn into_reason(self, book: &Book) -> Reason {
        if let Some(mut r) = self.whole {
            r.contribution = self.contribution;
            return *r;
        }
        let mut why = String::new();
        self.why.write(self.account, self.record, book, &mut why);
        Reason {
            source: self.source,
            account_id: AccountId::new(book.id_at(RecordKind::Account, self.account)),
            contact_id: (self.contact).map(|c| ContactId::new(book.id_at(RecordKind::Contact, c))),
            rep_id: self.rep.map(|r| RepId::new(book.id_at(RecordKind::Rep, r))),
            record_id: (self.record).map(|(kind, pos)| book.id_at(kind, pos).to_owned()),
            numbers: self.numbers[..usize::from(self.count)]
                .iter()
                .map(|&(name, value)| (name.to_owned(), value))
                .collect(),
            why,
            stake_minor: self.stake_minor,
            urgency: self.urgency,
            contribution: self.contribution,
        }
    }
}

/// What a reason says, kept as the numbers it is written from; its record (a task, a
/// deal, a membership, a campaign, an event) is the reason's own.
#[derive(Clone, Copy, Debug)]
enum Why {
    /// Said by a reason kept whole.
    Given,
    /// A task due on `due`, `overdue` days ago (0: today).
    TaskDue { due: NaiveDate, overdue: i64 },
    /// A deal's next step due on `due`.
    StepDue { due: NaiveDate },
    /// A deal with no touch for `days` days.
    Quiet { days: i64 },
    /// The account's zone is this week's: a meeting around `aim`.
    Zone { aim: NaiveDate },
    /// The contact responded to the campaign on `on`, `age` days ago.
    Responded {
        kind: ResponseKind,
        on: NaiveDate,
        age: i64,
    },
    /// The deal was won on `on`.
    Won { on: NaiveDate },
    /// The membership renewed on `on`.
    Renewed { on: NaiveDate },
    /// The contact's birthday.
    Birthday,
    /// The membership's term ends on `end`, in `left` days.
    TermEnds { end: NaiveDate, left: i64 },
    /// The contact attended event `past`; the reason's event starts on `starts`.
    Attended { past: u32, starts: NaiveDate },
    /// A repeat buyer gone quiet.
    Dormant { frequency: f64, p_alive: f64 },
    /// The deal was lost on `closed`, `months` months ago.
    Lost { closed: NaiveDate, months: i32 },
}

impl Why {
    /// Writes the words of a reason on the account at `a`, naming `record` and what it
    /// holds.
    fn write(self, a: u32, record: Option<(RecordKind, u32)>, book: &Book, out: &mut String) {
        use std::fmt::Write;
        let id = record.map_or("", |(kind, pos)| book.id_at(kind, pos));
        let pos = record.map_or(0, |(_, pos)| pos);
        // Writing to a String cannot fail.
        let _ = match self {
            Why::Given => Ok(()),
            Why::TaskDue { overdue: 0, .. } => write!(out, "task {id} due today"),
            Why::TaskDue { due, overdue } => {
                write!(out, "task {id} due {due} ({overdue} days overdue)")
            }
            Why::StepDue { due } => write!(out, "deal {id} next step due {due}"),
            Why::Quiet { days } => write!(out, "deal {id} quiet for {days} days"),
            Why::Zone { aim } => {
                let zone = book.account_at(a).territory_zone().unwrap_or_default();
                write!(out, "zone {zone} this week: book a meeting around {aim}")
            }
            Why::Responded { kind, on, age } => write!(
                out,
                "{} campaign {id} on {on} ({age} days ago)",
                response_word(kind)
            ),
            Why::Won { on } => write!(out, "deal {id} won on {on}"),
            Why::Renewed { on } => write!(out, "membership {id} renewed on {on}"),
            Why::Birthday => write!(out, "birthday today"),
            Why::TermEnds { end, left } => {
                write!(out, "membership {id} term ends {end} ({left} days)")
            }
            Why::Attended { past, starts } => write!(
                out,
                "attended event {}; event {id} starts {starts}",
                book.event_at(past).id()
            ),
            Why::Dormant { frequency, p_alive } => {
                write!(out, "repeat purchases {frequency}, P(alive) {p_alive:.2}")
            }
            Why::Lost { closed, months } => write!(
                out,
                "deal {id} lost to {} on {closed} ({months} months ago)",
                book.opportunity_at(pos).lost_to().unwrap_or_default()
            ),
        };
    }
}

/// 1 on the day, rising to 2 after two weeks overdue.
fn overdue_urgency(days_overdue: i64) -> f64 {
    1.0 + (days_overdue.clamp(0, 14) as f64) / 14.0
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
fn days(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// The series an event belongs to: its name without a trailing number (a year or a
/// sequence), so "Annual Conference 2026" and "Annual Conference 2025" are one series.
///
/// # Example
/// ```
/// use callwise::call_list::event_series;
/// assert_eq!(event_series("Annual Conference 2026"), "annual conference");
/// assert_eq!(event_series("Member webinar 12"), event_series("member webinar 3"));
/// ```
pub fn event_series(name: &str) -> String {
    name.trim()
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .trim_end()
        .to_lowercase()
}

/// Everything the sources read for one day, worked out once: the book, the inputs
/// grouped by account, the upcoming events by series.
pub struct Sources<'a> {
    pub(crate) book: &'a Book,
    pub(crate) day: NaiveDate,
    pub(crate) config: &'a CallListConfig,
    /// The end of the day everywhere (activities from then on are ignored).
    day_end: DateTime<Utc>,
    /// Campaign responses outside these instants are outside the campaign window
    /// (a cheap bound before the local date: no zone is a day or more off UTC).
    responses_between: (DateTime<Utc>, DateTime<Utc>),
    /// The due steps by account position (steps on accounts the book does not hold
    /// give no reason).
    due_steps: FxHashMap<u32, Vec<&'a DueStep>>,
    renewal_signals: FxHashMap<&'a str, &'a RenewalSignal>,
    dormant_signals: FxHashMap<&'a str, &'a DormantSignal>,
    rotation_zone: Option<&'a str>,
    meeting_lead_days: u32,
    /// Upcoming events (starting after the day, within the look-ahead), one list per
    /// series, earliest first.
    upcoming: Vec<Vec<u32>>,
    /// The series of each event (by position) in `upcoming`, when it has upcoming
    /// events (worked out once: attendees are many, events few).
    series_of: Vec<Option<u32>>,
    /// Which sources are on: weight above 0, and (for the Power Hour) listed.
    on: [bool; 11],
}

impl<'a> Sources<'a> {
    /// The `sources` of `day` whose weight is above 0. What only a source reads (the
    /// inputs grouped by account or membership, the upcoming events) is worked out
    /// only when that source is on: one rep's list does not hash the whole book's
    /// dormant signals, which only the Power Hour reads.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the configuration fails its check or `day` is
    /// outside the years 1900 to 9999.
    pub fn new(
        book: &'a Book,
        day: NaiveDate,
        config: &'a CallListConfig,
        inputs: &CallListInputs<'a>,
        sources: &[Source],
    ) -> Result<Self> {
        config.check()?;
        if !(1900..=9999).contains(&day.year()) {
            return Err(Error::invalid_argument(
                "day",
                format!("{day} is outside the years 1900 to 9999"),
            ));
        }
        let day_end = super::day_end(day);
        let first = day - chrono::Days::new(u64::from(config.campaign_days));
        let responses_between = (
            first.and_time(chrono::NaiveTime::MIN).and_utc(),
            day_end + chrono::Duration::days(1),
        );
        let mut on = [false; 11];
        for (i, source) in Source::ALL.into_iter().enumerate() {
            on[i] = config.weight(source) > 0.0 && sources.contains(&source);
        }
        let is_on = |source: Source| on[source as usize];
        let mut due_steps: FxHashMap<u32, Vec<&DueStep>> = FxHashMap::default();
        for step in inputs
            .due_steps
            .iter()
            .filter(|_| is_on(Source::CadenceStep))
        {
            if let Some(a) = book.account_position(step.account_id.as_str()) {
                due_steps.entry(a).or_default().push(step);
            }
        }
        let renewal_signals = inputs
            .renewal_signals
            .iter()
            .filter(|_| is_on(Source::Renewal))
            .map(|s| (s.membership_id.as_str(), s))
            .collect();
        let dormant_signals = inputs
            .dormant_signals
            .iter()
            .filter(|_| is_on(Source::Dormant))
            .map(|s| (s.account_id.as_str(), s))
            .collect();
        let mut series: FxHashMap<String, u32> = FxHashMap::default();
        let mut upcoming: Vec<Vec<u32>> = Vec::new();
        let horizon = day + chrono::Days::new(u64::from(config.event_lookahead_days));
        let names: Vec<String> = match is_on(Source::EventAttendee) {
            true => book.events().map(|e| event_series(e.name())).collect(),
            false => Vec::new(),
        };
        for (event, name) in book.events().zip(&names) {
            let starts = Self::event_date(event, event.starts_at());
            if starts > day && starts <= horizon {
                let s = *series.entry(name.clone()).or_insert_with(|| {
                    upcoming.push(Vec::new());
                    upcoming.len() as u32 - 1
                });
                upcoming[s as usize].push(event.pos);
            }
        }
        let series_of = names.iter().map(|n| series.get(n).copied()).collect();
        for events in &mut upcoming {
            events.sort_by(|x, y| {
                let (x, y) = (book.event_at(*x), book.event_at(*y));
                x.starts_at()
                    .cmp(&y.starts_at())
                    .then_with(|| x.id().cmp(y.id()))
            });
        }
        Ok(Self {
            book,
            day,
            config,
            day_end,
            responses_between,
            due_steps,
            renewal_signals,
            dormant_signals,
            rotation_zone: inputs.rotation.map(|r| r.zone_for(day)),
            meeting_lead_days: inputs.rotation.map_or(28, |r| r.meeting_lead_days()),
            upcoming,
            series_of,
            on,
        })
    }

    fn is_on(&self, source: Source) -> bool {
        self.on[source as usize]
    }

    /// Every reason to call the account at position `a`, source by source in
    /// [`Source::ALL`]'s order.
    pub(crate) fn of_account(&self, a: u32, out: &mut Vec<Pending>) {
        for source in Source::ALL {
            if self.is_on(source) {
                self.source_of(source, a, out);
            }
        }
    }

    fn source_of(&self, source: Source, a: u32, out: &mut Vec<Pending>) {
        match source {
            Source::CarryOver => self.carry_overs(a, out),
            Source::CadenceStep => self.cadence_steps(a, out),
            Source::OpportunityFollowUp => self.opportunity_follow_ups(a, out),
            Source::ZoneRotation => self.zone_rotation(a, out),
            Source::CampaignFollowUp => self.campaign_follow_ups(a, out),
            Source::ThankYou => self.thank_yous(a, out),
            Source::Birthday => self.birthdays(a, out),
            Source::Renewal => self.renewals(a, out),
            Source::EventAttendee => self.event_attendees(a, out),
            Source::Dormant => self.dormant(a, out),
            Source::OldNo => self.old_nos(a, out),
        }
    }

    /// The local date of `at` in the account's zone (dates of touches, responses and
    /// deals are the customer's, as the callee's are in the calling rules).
    fn date_at(&self, a: u32, at: DateTime<Utc>) -> NaiveDate {
        let tz = self.book.account_zone_at(a);
        crate::time::local(tz, at).map_or_else(|| at.date_naive(), |l| l.date())
    }

    /// The local date of `at` in an event's own zone.
    fn event_date(event: crate::EventRef<'_>, at: DateTime<Utc>) -> NaiveDate {
        crate::time::parse_time_zone(event.time_zone())
            .ok()
            .and_then(|tz| crate::time::local(tz, at))
            .map_or_else(|| at.date_naive(), |l| l.date())
    }

    /// The account's activities before the day ends everywhere, oldest first.
    fn activities(&self, a: u32) -> impl DoubleEndedIterator<Item = ActivityRef<'a>> + use<'a> {
        self.book.activities_before(a, self.day_end)
    }

    /// Open tasks due on or before the day, for the task's rep. Urgency 1 when due on
    /// the day, rising to 2 at two weeks overdue.
    fn carry_overs(&self, a: u32, out: &mut Vec<Pending>) {
        for task in self.book.tasks_at(a) {
            let due_on = task.due_on();
            if task.status() != TaskStatus::Open || due_on > self.day {
                continue;
            }
            let overdue = days(due_on, self.day);
            let why = Why::TaskDue {
                due: due_on,
                overdue,
            };
            out.push(
                Pending::new(Source::CarryOver, a, why, overdue_urgency(overdue))
                    .rep(task.rep())
                    .record(RecordKind::Task, task.pos)
                    .contact(task.contact())
                    .number("days_overdue", overdue as f64),
            );
        }
    }

    /// Call and voicemail steps due that day, from the cadence engine, for the rep the
    /// engine assigns. Urgency as carry-overs, by days overdue.
    fn cadence_steps(&self, a: u32, out: &mut Vec<Pending>) {
        let Some(steps) = self.due_steps.get(&a) else {
            return;
        };
        for step in steps {
            if !matches!(step.kind, StepKind::Call | StepKind::Voicemail) {
                continue;
            }
            let overdue = days(self.date_at(a, step.due_at), self.day).max(0);
            let reason = Reason {
                source: Source::CadenceStep,
                account_id: AccountId::new(self.book.account_at(a).id()),
                contact_id: Some(ContactId::new(step.contact_id.as_str())),
                rep_id: Some(RepId::new(step.rep_id.as_str())),
                record_id: Some(step.enrollment_id.clone()),
                why: step.reason.clone(),
                numbers: BTreeMap::from([("days_overdue".to_owned(), overdue as f64)]),
                stake_minor: 0,
                urgency: overdue_urgency(overdue),
                contribution: 0,
            };
            out.push(Pending::whole(self.book, a, reason));
        }
    }

    /// Open deals whose next step is due (urgency by days overdue) or that have had no
    /// touch on the account for `opportunity_quiet_days` (urgency: days quiet over that
    /// figure, at most 2), for the deal's owner. The stake is the deal's expected value:
    /// its amount times its probability (or its stage's: prospecting 0.1, qualification
    /// 0.2, proposal 0.4, negotiation 0.6).
    fn opportunity_follow_ups(&self, a: u32, out: &mut Vec<Pending>) {
        // Only a deal with no step due reads the last touch: work it out then, once.
        let mut last_touch: Option<Option<NaiveDate>> = None;
        for deal in self.book.opportunities_at(a) {
            let p = match deal.stage() {
                OpportunityStage::ClosedWon | OpportunityStage::ClosedLost => continue,
                OpportunityStage::Prospecting => 0.1,
                OpportunityStage::Qualification => 0.2,
                OpportunityStage::Proposal => 0.4,
                OpportunityStage::Negotiation => 0.6,
            };
            let p = deal.probability().unwrap_or(p);
            let expected = (deal.amount_minor() as f64 * p).round() as i64;
            let base = |why: Why, urgency: f64| {
                Pending::new(Source::OpportunityFollowUp, a, why, urgency)
                    .rep(deal.owner())
                    .record(RecordKind::Opportunity, deal.pos)
                    .contact(deal.contact())
                    .stake(expected)
                    .number("amount_minor", deal.amount_minor() as f64)
                    .number("probability", p)
            };
            if let Some(due) = deal.next_step_due().filter(|d| *d <= self.day) {
                let overdue = days(due, self.day);
                out.push(
                    base(Why::StepDue { due }, overdue_urgency(overdue))
                        .number("days_overdue", overdue as f64),
                );
                continue;
            }
            let touch = *last_touch.get_or_insert_with(|| {
                self.activities(a)
                    .next_back()
                    .map(|x| self.date_at(a, x.at()))
            });
            let since = touch.map_or(deal.created_on(), |t| t.max(deal.created_on()));
            let quiet = days(since, self.day);
            let limit = i64::from(self.config.opportunity_quiet_days);
            if quiet >= limit {
                out.push(
                    base(Why::Quiet { days: quiet }, quiet as f64 / limit as f64)
                        .number("days_quiet", quiet as f64),
                );
            }
        }
    }

    /// Accounts in this week's rotation zone with no meeting booked from the day to
    /// `meeting_lead_days` + 14 days ahead (no open meeting task due then, no meeting
    /// logged in that span), aiming at a meeting `meeting_lead_days` out. Urgency 1.
    fn zone_rotation(&self, a: u32, out: &mut Vec<Pending>) {
        let Some(zone) = self.rotation_zone else {
            return;
        };
        if self.book.account_at(a).territory_zone() != Some(zone) {
            return;
        }
        let lead = u64::from(self.meeting_lead_days);
        let until = self.day + chrono::Days::new(lead + 14);
        let booked_task = self.book.tasks_at(a).any(|task| {
            task.status() == TaskStatus::Open
                && task.kind() == crate::TaskKind::Meeting
                && (self.day..=until).contains(&task.due_on())
        });
        let booked_meeting = self.book.activities_at(a).any(|x| {
            x.channel() == Channel::Meeting && (self.day..=until).contains(&self.date_at(a, x.at()))
        });
        if booked_task || booked_meeting {
            return;
        }
        let aim = self.day + chrono::Days::new(lead);
        out.push(
            Pending::new(Source::ZoneRotation, a, Why::Zone { aim }, 1.0)
                .number("meeting_lead_days", lead as f64),
        );
    }

    /// Contacts whose latest response to a campaign (replied or registered: strength 1;
    /// clicked 0.6; opened 0.3) came within `campaign_days` and who have had no outbound
    /// call or voicemail since. Urgency: strength × (1 − age / campaign_days). One reason
    /// per contact and campaign.
    fn campaign_follow_ups(&self, a: u32, out: &mut Vec<Pending>) {
        let window = i64::from(self.config.campaign_days);
        let mut latest: BTreeMap<(u32, &str), (DateTime<Utc>, ResponseKind, u32)> = BTreeMap::new();
        let (earliest, past) = self.responses_between;
        for response in self.book.responses_at(a) {
            if response.at < earliest || response.at >= past {
                continue;
            }
            let age = days(self.date_at(a, response.at), self.day);
            if !(0..window).contains(&age) || response.kind == ResponseKind::Unsubscribed {
                continue;
            }
            let key = (
                response.campaign,
                self.book.contact_at(response.contact).id(),
            );
            if latest.get(&key).is_none_or(|(at, ..)| response.at > *at) {
                latest.insert(key, (response.at, response.kind, response.contact));
            }
        }
        for ((c, contact), (at, kind, contact_at)) in latest {
            let called_since = self
                .activities(a)
                .rev()
                .take_while(|x| x.at() >= at)
                .any(|x| x.is_attempt() && x.contact_id() == Some(contact));
            if called_since {
                continue;
            }
            let strength = match kind {
                ResponseKind::Replied | ResponseKind::Registered => 1.0,
                ResponseKind::Clicked => 0.6,
                ResponseKind::Opened | ResponseKind::Unsubscribed => 0.3,
            };
            let responded = self.date_at(a, at);
            let age = days(responded, self.day);
            out.push(
                Pending::new(
                    Source::CampaignFollowUp,
                    a,
                    Why::Responded {
                        kind,
                        on: responded,
                        age,
                    },
                    strength * (1.0 - age as f64 / window as f64),
                )
                .contact(Some(contact_at))
                .record(RecordKind::Campaign, c)
                .number("days_since", age as f64)
                .number("strength", strength),
            );
        }
    }

    /// Deals won and memberships renewed within `thank_you_days` with no outbound
    /// connected call or meeting on the account since. A win goes to the deal's owner,
    /// a renewal to the baton holder. Urgency 1 − age / thank_you_days; the stake is the
    /// amount won or the dues.
    fn thank_yous(&self, a: u32, out: &mut Vec<Pending>) {
        let window = i64::from(self.config.thank_you_days);
        let thanked_since = |date: NaiveDate| {
            self.activities(a)
                .rev()
                .take_while(|x| self.date_at(a, x.at()) >= date)
                .any(|x| {
                    x.direction() == Direction::Outbound
                        && (x.channel() == Channel::Meeting
                            || (x.channel() == Channel::Call
                                && x.outcome() == Some(Outcome::Connected)))
                })
        };
        let urgency = |age: i64| 1.0 - age as f64 / window as f64;
        for deal in self.book.opportunities_at(a) {
            let Some(closed) = deal
                .closed_on()
                .filter(|_| deal.stage() == OpportunityStage::ClosedWon)
            else {
                continue;
            };
            let age = days(closed, self.day);
            if (0..window).contains(&age) && !thanked_since(closed) {
                out.push(
                    Pending::new(Source::ThankYou, a, Why::Won { on: closed }, urgency(age))
                        .rep(deal.owner())
                        .record(RecordKind::Opportunity, deal.pos)
                        .contact(deal.contact())
                        .stake(deal.amount_minor())
                        .number("days_since", age as f64),
                );
            }
        }
        for membership in self.book.memberships_at(a) {
            for renewal in membership.renewals() {
                let age = days(renewal.renewed_on, self.day);
                if (0..window).contains(&age) && !thanked_since(renewal.renewed_on) {
                    out.push(
                        Pending::new(
                            Source::ThankYou,
                            a,
                            Why::Renewed {
                                on: renewal.renewed_on,
                            },
                            urgency(age),
                        )
                        .record(RecordKind::Membership, membership.pos)
                        .stake(renewal.dues.amount_minor)
                        .number("days_since", age as f64),
                    );
                }
            }
        }
    }

    /// Contacts whose birthday is the day (29 February by the configuration's
    /// [`LeapDay`](crate::routine::LeapDay) rule in other years). The list places the
    /// call on the contact's own local date. Urgency 1.
    fn birthdays(&self, a: u32, out: &mut Vec<Pending>) {
        for contact in self.book.contacts_at(a) {
            let Some(b) = contact.birthday() else {
                continue;
            };
            // Only the day's own date, or 29 February, can fall on the day.
            let (month, day) = (self.day.month(), self.day.day());
            if (b.month, b.day) != (month, day) && (b.month, b.day) != (2, 29) {
                continue;
            }
            if self
                .config
                .leap_day
                .birthday_in(self.day.year(), b.month, b.day)
                != Some(self.day)
            {
                continue;
            }
            let mut r = Pending::new(Source::Birthday, a, Why::Birthday, 1.0)
                .contact(Some(contact.pos))
                .record(RecordKind::Contact, contact.pos);
            if let Some(year) = b.year {
                r = r.number("turns", f64::from(self.day.year() - year));
            }
            out.push(r);
        }
    }

    /// Memberships whose current term ends within `renewal_lead_days` of the day and
    /// that have not lapsed. Urgency: risk × (1 + how far into the lead window the day
    /// is), with risk = 1 − P(renew) from the renewal signals given, 0.5 when none was
    /// given for the membership. The stake is the dues.
    fn renewals(&self, a: u32, out: &mut Vec<Pending>) {
        let lead = i64::from(self.config.renewal_lead_days);
        for membership in self.book.memberships_at(a) {
            let left = days(self.day, membership.term_end());
            if !(0..=lead).contains(&left)
                || membership
                    .lapses()
                    .any(|l| l.lapsed_on >= membership.term_start() && l.reinstated_on.is_none())
            {
                continue;
            }
            let signal = self.renewal_signals.get(membership.id());
            let p = signal.map(|s| s.p_renew);
            let risk = 1.0 - p.unwrap_or(0.5);
            let mut r = Pending::new(
                Source::Renewal,
                a,
                Why::TermEnds {
                    end: membership.term_end(),
                    left,
                },
                risk * (1.0 + (lead - left) as f64 / lead as f64),
            )
            .record(RecordKind::Membership, membership.pos)
            .stake(membership.dues().amount_minor)
            .number("days_left", left as f64);
            if let Some(p) = p {
                r = r.number("p_renew", p);
            }
            out.push(r);
        }
    }

    /// Contacts who attended a past event of a series with an event starting within
    /// `event_lookahead_days`, and are not registered for it. Urgency 1.
    fn event_attendees(&self, a: u32, out: &mut Vec<Pending>) {
        if self.upcoming.is_empty() {
            return;
        }
        // The first upcoming event of each series a contact attended before, keyed by
        // (contact, event) so each pair is one reason.
        let mut found: BTreeMap<(&str, u32), (u32, u32)> = BTreeMap::new();
        let mut registered: Vec<(&str, u32)> = Vec::new();
        for attendee in self.book.attendees_at(a) {
            let e = attendee.event;
            let Some(s) = self.series_of[e as usize] else {
                continue;
            };
            let upcoming = &self.upcoming[s as usize];
            let event = self.book.event_at(e);
            let contact = self.book.contact_at(attendee.contact).id();
            if upcoming.contains(&e) {
                registered.push((contact, e));
            } else if attendee.status == AttendeeStatus::Attended
                && Self::event_date(event, event.ends_at()) < self.day
            {
                let next = upcoming[0];
                found
                    .entry((contact, next))
                    .or_insert((e, attendee.contact));
            }
        }
        for ((contact, next), (past, c)) in found {
            if registered.contains(&(contact, next)) {
                continue;
            }
            let next_event = self.book.event_at(next);
            let starts = Self::event_date(next_event, next_event.starts_at());
            let until = days(self.day, starts);
            out.push(
                Pending::new(
                    Source::EventAttendee,
                    a,
                    Why::Attended { past, starts },
                    1.0,
                )
                .contact(Some(c))
                .record(RecordKind::Event, next)
                .number("days_until", until as f64),
            );
        }
    }

    /// Repeat buyers whose P(alive) in the dormant signals given is below
    /// `dormant_below`. Urgency 1 − P(alive); the stake is the account's average won
    /// deal.
    fn dormant(&self, a: u32, out: &mut Vec<Pending>) {
        let Some(signal) = self.dormant_signals.get(self.book.account_at(a).id()) else {
            return;
        };
        if signal.frequency < 1.0 || signal.p_alive >= self.config.dormant_below {
            return;
        }
        let won: Vec<i64> = self
            .book
            .opportunities_at(a)
            .filter(|o| o.stage() == OpportunityStage::ClosedWon)
            .map(|o| o.amount_minor())
            .collect();
        let average = if won.is_empty() {
            0
        } else {
            won.iter().sum::<i64>() / won.len() as i64
        };
        out.push(
            Pending::new(
                Source::Dormant,
                a,
                Why::Dormant {
                    frequency: signal.frequency,
                    p_alive: signal.p_alive,
                },
                1.0 - signal.p_alive,
            )
            .stake(average)
            .number("p_alive", signal.p_alive)
            .number("frequency", signal.frequency)
            .number("expected_purchases", signal.expected_purchases),
        );
    }

    /// The latest deal lost to a named competitor at least `old_no_months` ago, on an
    /// account with no open or later won deal. Urgency 1, rising to 1.5 two years past
    /// the minimum (the oldest eligible first); the stake is the amount lost.
    fn old_nos(&self, a: u32, out: &mut Vec<Pending>) {
        let deals: Vec<_> = self.book.opportunities_at(a).collect();
        let Some(cutoff) = self
            .day
            .checked_sub_months(chrono::Months::new(self.config.old_no_months))
        else {
            return;
        };
        let lost = deals
            .iter()
            .filter(|o| o.stage() == OpportunityStage::ClosedLost && o.lost_to().is_some())
            .filter_map(|o| o.closed_on().map(|c| (c, *o)))
            .max_by(|x, y| x.0.cmp(&y.0).then_with(|| x.1.id().cmp(y.1.id())));
        let Some((closed, deal)) = lost else {
            return;
        };
        let reopened = deals.iter().any(|o| match o.stage() {
            OpportunityStage::ClosedLost => false,
            OpportunityStage::ClosedWon => o.closed_on().is_some_and(|c| c > closed),
            _ => true,
        });
        if closed > cutoff || reopened {
            return;
        }
        let months = (self.day.year() - closed.year()) * 12 + self.day.month() as i32
            - closed.month() as i32;
        let past_minimum = (months - self.config.old_no_months as i32).clamp(0, 24);
        out.push(
            Pending::new(
                Source::OldNo,
                a,
                Why::Lost { closed, months },
                1.0 + f64::from(past_minimum) / 48.0,
            )
            .record(RecordKind::Opportunity, deal.pos)
            .contact(deal.contact())
            .stake(deal.amount_minor())
            .number("months_since", f64::from(months)),
        );
    }
}

fn response_word(kind: ResponseKind) -> &'static str {
    match kind {
        ResponseKind::Replied => "replied to",
        ResponseKind::Registered => "registered through",
        ResponseKind::Clicked => "clicked in",
        ResponseKind::Opened => "opened",
        ResponseKind::Unsubscribed => "unsubscribed from",
    }
}

/// Runs one source over every account of the book.
fn whole_book(
    book: &Book,
    day: NaiveDate,
    source: Source,
    inputs: &CallListInputs<'_>,
) -> Result<Vec<Reason>> {
    let config = CallListConfig::default();
    let sources = Sources::new(book, day, &config, inputs, &[source])?;
    let mut out = Vec::new();
    for account in book.accounts() {
        crate::interrupt::check_every(account.pos)?;
        sources.source_of(source, account.pos, &mut out);
    }
    Ok(out.into_iter().map(|p| p.into_reason(book)).collect())
}

macro_rules! whole_book_source {
    ($(#[$doc:meta])* $name:ident, $source:expr) => {
        $(#[$doc])*
        pub fn $name(book: &Book, day: NaiveDate) -> Result<Vec<Reason>> {
            whole_book(book, day, $source, &CallListInputs::default())
        }
    };
}

whole_book_source!(
    /// The carry-overs of `day` over the whole book: open tasks due on or before it,
    /// in account order, for the task's rep (see [`Source::CarryOver`]).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `day` is outside the years 1900 to 9999.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
    /// let due = callwise::call_list::carry_overs(&book, "2026-11-05".parse().unwrap())?;
    /// assert!(due.iter().any(|r| r.record_id.as_deref() == Some("task-0000003-1")));
    /// # Ok::<(), callwise::Error>(())
    /// ```
    carry_overs,
    Source::CarryOver
);
whole_book_source!(
    /// Open deals whose next step is due on `day`, or that have gone quiet for 14
    /// days, over the whole book, for the deal's owner.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `day` is outside the years 1900 to 9999.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
    /// let deals = callwise::call_list::opportunity_follow_ups(&book, "2026-11-03".parse().unwrap())?;
    /// assert!(deals.iter().all(|r| r.stake_minor > 0 && r.rep_id.is_some()));
    /// # Ok::<(), callwise::Error>(())
    /// ```
    opportunity_follow_ups,
    Source::OpportunityFollowUp
);
whole_book_source!(
    /// Campaign responses of the last 30 days not followed by a call, over the whole
    /// book.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `day` is outside the years 1900 to 9999.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
    /// let day = "2026-08-10".parse().unwrap();
    /// let follow_ups = callwise::call_list::campaign_follow_ups(&book, day)?;
    /// assert!(follow_ups.iter().all(|r| r.numbers["days_since"] < 30.0 && r.contact_id.is_some()));
    /// # Ok::<(), callwise::Error>(())
    /// ```
    campaign_follow_ups,
    Source::CampaignFollowUp
);
whole_book_source!(
    /// Wins and renewals of the last 14 days not yet thanked, over the whole book.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `day` is outside the years 1900 to 9999.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
    /// let thanks = callwise::call_list::thank_yous(&book, "2026-10-20".parse().unwrap())?;
    /// assert!(thanks.iter().all(|r| r.urgency > 0.0 && r.urgency <= 1.0));
    /// # Ok::<(), callwise::Error>(())
    /// ```
    thank_yous,
    Source::ThankYou
);
whole_book_source!(
    /// Contacts whose birthday is `day` (a 29 February birthday on 28 February in
    /// common years), over the whole book.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `day` is outside the years 1900 to 9999.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
    /// let leapling = book.contacts().find(|c| c.birthday().is_some_and(|b| (b.month, b.day) == (2, 29))).unwrap();
    /// let calls = callwise::call_list::birthdays(&book, "2027-02-28".parse().unwrap())?;
    /// assert!(calls.iter().any(|r| r.contact_id.as_ref().map(|c| c.as_str()) == Some(leapling.id())));
    /// # Ok::<(), callwise::Error>(())
    /// ```
    birthdays,
    Source::Birthday
);
whole_book_source!(
    /// Memberships whose term ends within 60 days of `day`, at the neutral risk 0.5
    /// (see [`renewals_with`] for risk from the renewal model), over the whole book.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `day` is outside the years 1900 to 9999.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
    /// let due = callwise::call_list::renewals(&book, "2026-11-03".parse().unwrap())?;
    /// assert!(due.iter().all(|r| (0.0..=60.0).contains(&r.numbers["days_left"])));
    /// # Ok::<(), callwise::Error>(())
    /// ```
    renewals,
    Source::Renewal
);
whole_book_source!(
    /// Past attendees of a series (events named alike but for a trailing number) with
    /// an event in the next 30 days who are not registered for it, over the whole
    /// book.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `day` is outside the years 1900 to 9999.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
    /// let before = callwise::call_list::event_attendees(&book, "2026-09-20".parse().unwrap())?;
    /// assert!(!before.is_empty());
/// assert!(before.iter().all(|r| r.record_id.as_deref() == Some("ev-conf-2026")));
    /// # Ok::<(), callwise::Error>(())
    /// ```
    event_attendees,
    Source::EventAttendee
);
whole_book_source!(
    /// Deals lost to a competitor six months or more before `day`, the latest per
    /// account with no deal open or won since, over the whole book.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `day` is outside the years 1900 to 9999.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
    /// let old = callwise::call_list::old_nos(&book, "2026-11-03".parse().unwrap())?;
    /// assert!(old.iter().all(|r| r.numbers["months_since"] >= 6.0 && r.why.contains("lost to")));
    /// # Ok::<(), callwise::Error>(())
    /// ```
    old_nos,
    Source::OldNo
);

/// The cadence steps due on `day` (as [`Playbook::due_for_all`](crate::cadence::Playbook::due_for_all)
/// lists them) as reasons: the call and voicemail steps.
///
/// # Errors
/// [`Error::InvalidArgument`] when `day` is outside the years 1900 to 9999.
///
/// # Example
/// ```
/// use callwise::cadence::{Coverage, Enrollment, Playbook};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
/// let playbook = Playbook::from_json(r#"{"calendar": {"weekend": ["Sat", "Sun"]},
///   "business_hours": {"start": "09:00", "end": "17:00"}, "cadences": [{"id": "c", "name": "C",
///   "steps": [{"id": "s1", "kind": "call", "wait": {"unit": "business_days", "amount": 1}}]}]}"#)?;
/// let c = book.contacts().next().unwrap();
/// let rep = book.account(c.account_id()).unwrap().primary_owner().rep_id;
/// let e = Enrollment::for_contact(&book, "e-1", "c", c.id(), rep, "2026-11-20T15:00:00Z".parse().unwrap())?;
/// let day = "2026-11-23".parse().unwrap();
/// let due = playbook.due_for_all(&book, &[playbook.start(e)?], day, &Coverage::none())?;
/// let reasons = callwise::call_list::cadence_steps(&book, day, &due)?;
/// assert_eq!(reasons[0].record_id.as_deref(), Some("e-1"));
/// # Ok::<(), callwise::Error>(())
/// ```
pub fn cadence_steps(book: &Book, day: NaiveDate, due: &[DueStep]) -> Result<Vec<Reason>> {
    let inputs = CallListInputs {
        due_steps: due,
        ..CallListInputs::default()
    };
    whole_book(book, day, Source::CadenceStep, &inputs)
}

/// The accounts of this week's rotation zone with no meeting booked ahead.
///
/// # Errors
/// [`Error::InvalidArgument`] when `day` is outside the years 1900 to 9999.
///
/// # Example
/// ```
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
/// let rotation = callwise::routine::ZoneRotation::new(vec!["east-1".into(), "east-2".into()],
///     "2026-11-02".parse().unwrap(), 28)?;
/// let calls = callwise::call_list::zone_rotation(&book, "2026-11-03".parse().unwrap(), &rotation)?;
/// assert!(calls.iter().all(|r| book.account(r.account_id.as_str()).unwrap().territory_zone() == Some("east-1")));
/// # Ok::<(), callwise::Error>(())
/// ```
pub fn zone_rotation(
    book: &Book,
    day: NaiveDate,
    rotation: &crate::routine::ZoneRotation,
) -> Result<Vec<Reason>> {
    let inputs = CallListInputs {
        rotation: Some(rotation),
        ..CallListInputs::default()
    };
    whole_book(book, day, Source::ZoneRotation, &inputs)
}

/// The renewals of `day`, weighted by each member's risk from `signals`.
///
/// # Errors
/// [`Error::InvalidArgument`] when `day` is outside the years 1900 to 9999.
///
/// # Example
/// ```
/// use callwise::retention::{RenewalModel, RenewalOptions, renewal_history, renewal_signals};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
/// let day = "2026-11-03".parse().unwrap();
/// let history = renewal_history(&book, day, 60)?;
/// let (model, _) = RenewalModel::fit(&history.features, &history.renewed().unwrap(), None, &RenewalOptions::default())?;
/// let signals = renewal_signals(&book, &model, day, 60)?;
/// let due = callwise::call_list::renewals_with(&book, day, &signals)?;
/// assert!(due.iter().all(|r| r.numbers.contains_key("p_renew")));
/// # Ok::<(), callwise::Error>(())
/// ```
pub fn renewals_with(
    book: &Book,
    day: NaiveDate,
    signals: &[RenewalSignal],
) -> Result<Vec<Reason>> {
    let inputs = CallListInputs {
        renewal_signals: signals,
        ..CallListInputs::default()
    };
    whole_book(book, day, Source::Renewal, &inputs)
}

/// The dormant customers among `signals` (P(alive) below 0.5, repeat buyers).
///
/// # Errors
/// [`Error::InvalidArgument`] when `day` is outside the years 1900 to 9999.
///
/// # Example
/// ```
/// use callwise::retention::{BetaGeo, PurchaseSource, TimeUnit, dormant_signals, purchase_history};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
/// let day = "2026-11-03".parse().unwrap();
/// let history = purchase_history(&book, day, TimeUnit::Weeks, PurchaseSource::WonDeals)?;
/// let model = BetaGeo::new(0.243, 4.414, 0.793, 2.426)?;
/// let signals = dormant_signals(&history, &model, 13.0)?;
/// let dormant = callwise::call_list::dormant(&book, day, &signals)?;
/// assert!(dormant.iter().all(|r| r.numbers["p_alive"] < 0.5 && r.numbers["frequency"] >= 1.0));
/// # Ok::<(), callwise::Error>(())
/// ```
pub fn dormant(book: &Book, day: NaiveDate, signals: &[DormantSignal]) -> Result<Vec<Reason>> {
    let inputs = CallListInputs {
        dormant_signals: signals,
        ..CallListInputs::default()
    };
    whole_book(book, day, Source::Dormant, &inputs)
}

//! Core's cadences (`callwise::cadence`): multi-step outreach sequences, their
//! enrollments and the steps due on a day.
//!
//! - [`Playbook`] (an object) holds the cadences a team runs and the calendar they run on:
//!   `fromJson`, or built from core's `Cadence` records; core checks them together.
//! - An enrollment is a state machine driven by core's `CadenceEvent`s: `playbook.start`,
//!   `playbook.apply` (which returns a new [`EnrollmentState`], the old one unchanged) and
//!   `playbook.replay`. [`EnrollmentState`] is an object: core keeps the recipient's
//!   parsed zone in it (a private field), so it is only ever made by core.
//! - `playbook.dueOn` / `dueForAll` list core's `DueStep`s of a day, covering for absent
//!   reps by a [`Coverage`] record.
//!
//! Core's records and enums cross as themselves; a step's wait and window are the
//! custom types of `types.rs` (`Wait`, `LocalWindow`). Nothing here computes anything:
//! each function calls core and returns its answer.

use crate::calendar::BusinessCalendar;
use crate::types::{Branches, NaiveDate, UtcInstant};
use crate::{Book, CallwiseError};
use callwise::cadence::{
    self as cw, AbsencePolicy, Branch, Cadence, CadenceEvent, CallOutcome, DueStep, Enrollment,
    EnrollmentStatus, ExitReason, Step, StepKind, Variant, Wait, WaitUnit,
};
use callwise::{Channel, Direction, LocalWindow, Outcome};
use std::sync::Arc;

/// What a step asks the rep to do.
#[uniffi::remote(Enum)]
pub enum StepKind {
    /// A phone call.
    Call,
    /// An e-mail.
    Email,
    /// A voicemail dropped without ringing through.
    Voicemail,
    /// A text message.
    Text,
    /// A social-network touch.
    Social,
    /// Anything else the rep must do (send a brochure, update the record).
    Task,
}

/// The unit of a wait.
#[uniffi::remote(Enum)]
pub enum WaitUnit {
    /// Days on the playbook's business calendar, in the recipient's local dates.
    BusinessDays,
    /// Hours inside the playbook's business hours on business days.
    BusinessHours,
    /// Calendar days at the same local wall time.
    CalendarDays,
}

/// The outcome of a call, as a cadence branches on it.
#[uniffi::remote(Enum)]
pub enum CallOutcome {
    /// Spoke to the contact.
    Connected,
    /// Nobody answered.
    NoAnswer,
    /// Left a voicemail.
    Voicemail,
    /// The contact is not interested.
    NotInterested,
    /// A meeting was set.
    MeetingSet,
}

/// Why an enrollment ended.
#[uniffi::remote(Enum)]
pub enum ExitReason {
    /// The contact replied (any inbound activity).
    Replied,
    /// A meeting was booked.
    MeetingBooked,
    /// An opportunity was created.
    OpportunityCreated,
    /// The contact opted out.
    OptedOut,
    /// The number reached the wrong person.
    WrongNumber,
    /// The contact said they are not interested.
    NotInterested,
    /// The contact was moved to another cadence.
    MovedToCadence,
    /// Every step was done and there is no cadence to chain to.
    Finished,
}

/// What happens to an absent rep's due steps.
#[uniffi::remote(Enum)]
pub enum AbsencePolicy {
    /// They wait for the rep: listed, overdue, from the first day back.
    Shift,
    /// They go to someone present: one of the account's other owners, else a team-mate
    /// of the rep (a stable pick). With nobody present they shift.
    Reassign,
}

/// Where a cadence goes after a call with a given outcome (core's
/// `callwise::cadence::Branch`; in Kotlin `Branch.GoTo(stepId)` and
/// `Branch.Exit(reason)`, their value read as `v1`).
#[uniffi::remote(Enum)]
pub enum Branch {
    /// The next step (or the chained cadence after the last).
    Next,
    /// The step with this id, in the same cadence.
    GoTo(String),
    /// End the enrollment, for this reason.
    Exit(ExitReason),
}

/// One version of a step in an A/B test (core's `callwise::cadence::Variant`).
#[uniffi::remote(Record)]
pub struct Variant {
    /// The variant's id (a template or script name).
    pub id: String,
    /// Its share, relative to the other variants' weights (at least 1).
    pub weight: u32,
}

/// One step of a cadence (core's `callwise::cadence::Step`).
#[uniffi::remote(Record)]
pub struct Step {
    /// The step's id, unique in its cadence.
    pub id: String,
    /// What to do.
    pub kind: StepKind,
    /// How long after the previous step it falls due.
    pub wait: Wait,
    /// Its window in the recipient's local time; `null` for the playbook's business
    /// hours.
    #[uniffi(default = None)]
    pub window: Option<LocalWindow>,
    /// Where each call outcome leads (calls and voicemails only); an outcome not listed
    /// goes to the next step, except a meeting set or not interested, which exit.
    #[uniffi(default)]
    pub branches: Branches,
    /// A/B variants; empty for a step with one version.
    #[uniffi(default = [])]
    pub variants: Vec<Variant>,
}

/// An ordered sequence of steps (core's `callwise::cadence::Cadence`).
#[uniffi::remote(Record)]
pub struct Cadence {
    /// The cadence's id, unique in its playbook.
    pub id: String,
    /// Its name, for people.
    pub name: String,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// The cadence an enrollment moves on to after the last step, if any.
    #[uniffi(default = None)]
    pub next: Option<String>,
}

/// One contact enrolled in a cadence by a rep (core's `callwise::cadence::Enrollment`).
#[uniffi::remote(Record)]
pub struct Enrollment {
    /// The enrollment's id (also what A/B assignment hashes).
    pub id: String,
    /// The cadence enrolled in.
    pub cadence_id: String,
    /// The contact going through it.
    pub contact_id: String,
    /// The contact's account.
    pub account_id: String,
    /// The rep who owns the enrollment.
    pub rep_id: String,
    /// The recipient's IANA zone: windows and business days are in its local time.
    pub time_zone: String,
    /// When the contact was enrolled.
    pub enrolled_at: UtcInstant,
}

/// An enrollment of a contact of `book`, with the account and the calling zone taken
/// from it (core's `Enrollment::for_contact`).
///
/// # Errors
/// `NotFound` when the contact or the rep is not in the book; `InvalidArgument` for an
/// instant outside the years 0000 to 9999.
#[uniffi::export]
pub fn enrollment_for_contact(
    book: Arc<Book>,
    id: String,
    cadence_id: String,
    contact_id: String,
    rep_id: String,
    enrolled_at: UtcInstant,
) -> Result<Enrollment, CallwiseError> {
    let book = &book.core();
    Ok(Enrollment::for_contact(
        book,
        &id,
        &cadence_id,
        &contact_id,
        &rep_id,
        enrolled_at,
    )?)
}

/// Something that happened to an enrollment (core's `callwise::cadence::CadenceEvent`).
/// Replay applies events in time order, ties in the order given.
#[uniffi::remote(Enum)]
pub enum CadenceEvent {
    /// An activity logged for the contact. Inbound: the contact replied (exit). Outbound
    /// with outcome opted out, wrong number or opportunity uncovered: exit. Outbound on
    /// the current step's channel: the step is done, with its outcome. Outbound on
    /// another channel with a meeting set or not interested: exit. Anything else: no
    /// change.
    Activity {
        /// When it happened.
        at: UtcInstant,
        /// Its channel.
        channel: Channel,
        /// Inbound or outbound.
        direction: Direction,
        /// Its outcome, if any.
        outcome: Option<Outcome>,
    },
    /// The rep marks the current step done (social touches and tasks, or any step).
    StepDone {
        /// When.
        at: UtcInstant,
        /// The step's id; it must be the current step.
        step: String,
        /// The call's outcome, for call and voicemail steps.
        outcome: Option<CallOutcome>,
    },
    /// The enrollment ends for this reason.
    Exit {
        /// When.
        at: UtcInstant,
        /// Why.
        reason: ExitReason,
    },
    /// The contact moves to another cadence of the playbook; this enrollment ends.
    MovedToCadence {
        /// When.
        at: UtcInstant,
        /// The cadence moved to.
        cadence: String,
    },
    /// The enrollment pauses, until `until` if given (then it resumes by itself).
    Paused {
        /// When.
        at: UtcInstant,
        /// When it resumes by itself.
        until: Option<UtcInstant>,
    },
    /// A paused enrollment resumes (no change when it is not paused).
    Resumed {
        /// When.
        at: UtcInstant,
    },
}

/// Where an enrollment stands (core's `callwise::cadence::EnrollmentStatus`).
#[uniffi::remote(Enum)]
pub enum EnrollmentStatus {
    /// Going through its steps.
    Active,
    /// Paused; resumes by itself at `until` when given.
    Paused {
        /// When it resumes by itself.
        until: Option<UtcInstant>,
    },
    /// Ended.
    Exited {
        /// Why.
        reason: ExitReason,
        /// When.
        at: UtcInstant,
    },
}

/// An enrollment and where it stands (core's `callwise::cadence::EnrollmentState`): its
/// current cadence (after chaining), step, A/B variant, when the step falls due and why.
///
/// Made only by a [`Playbook`] (`start`, `apply`, `replay`) and immutable: `apply`
/// returns a new state. Two states are equal (`==`) when every field is. In Kotlin it
/// is `AutoCloseable`.
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Eq)]
pub struct EnrollmentState(cw::EnrollmentState);

#[uniffi::export]
impl EnrollmentState {
    /// The enrollment.
    pub fn enrollment(&self) -> Enrollment {
        self.0.enrollment.clone()
    }

    /// The cadence it is in now (the enrollment's, or one chained to).
    pub fn cadence_id(&self) -> String {
        self.0.cadence_id.clone()
    }

    /// Active, paused or exited.
    pub fn status(&self) -> EnrollmentStatus {
        self.0.status
    }

    /// The current step's id (the last one, once exited).
    pub fn step_id(&self) -> String {
        self.0.step_id.clone()
    }

    /// The current step's position in its cadence, from 0.
    pub fn step_index(&self) -> u32 {
        self.0.step_index
    }

    /// The current step's A/B variant, if it has variants.
    pub fn variant(&self) -> Option<String> {
        self.0.variant.clone()
    }

    /// When the current step falls due: inside its window, on a business day.
    pub fn due_at(&self) -> UtcInstant {
        self.0.due_at
    }

    /// Why it is due, in words (the wait and what it followed).
    pub fn reason(&self) -> String {
        self.0.reason.clone()
    }

    /// Steps done so far, across chained cadences.
    pub fn steps_done(&self) -> u32 {
        self.0.steps_done
    }

    /// The instant of the last event applied (the enrollment's, at first).
    pub fn last_event_at(&self) -> UtcInstant {
        self.0.last_event_at
    }
}

/// A rep away from `from` to `to` (both included, the rep's local dates); core's
/// `callwise::cadence::Absence`, whose constructor refuses an absence that ends before
/// it starts, so it crosses as this record and is checked on the way in.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Absence {
    /// The rep away.
    pub rep_id: String,
    /// The first day away.
    pub from: NaiveDate,
    /// The last day away.
    pub to: NaiveDate,
}

/// Who is away, and what happens to their steps (core's `callwise::cadence::Coverage`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Coverage {
    /// The absences; empty when nobody is away.
    #[uniffi(default = [])]
    pub absences: Vec<Absence>,
    /// What happens to an absent rep's steps.
    pub policy: AbsencePolicy,
}

impl TryFrom<&Coverage> for cw::Coverage {
    type Error = CallwiseError;
    fn try_from(c: &Coverage) -> Result<Self, CallwiseError> {
        let absences = c
            .absences
            .iter()
            .map(|a| cw::Absence::new(&a.rep_id, a.from, a.to));
        Ok(cw::Coverage::new(
            absences.collect::<Result<_, _>>()?,
            c.policy,
        ))
    }
}

/// One step due for a rep on a day (core's `callwise::cadence::DueStep`).
#[uniffi::remote(Record)]
pub struct DueStep {
    /// The rep who does it (the owner, or who covers for them).
    pub rep_id: String,
    /// The enrollment's owner.
    pub owner_rep_id: String,
    /// The enrollment.
    pub enrollment_id: String,
    /// The contact to reach.
    pub contact_id: String,
    /// The contact's account.
    pub account_id: String,
    /// The cadence the step is in.
    pub cadence_id: String,
    /// The step.
    pub step_id: String,
    /// What to do.
    pub kind: StepKind,
    /// The A/B variant to use, if any.
    pub variant: Option<String>,
    /// When it fell due.
    pub due_at: UtcInstant,
    /// When its window opens for it on the day (at or after `due_at`), recipient's time.
    pub window_start: UtcInstant,
    /// When that window closes.
    pub window_end: UtcInstant,
    /// Why it is due, in words.
    pub reason: String,
}

/// The cadences a team runs and the calendar they run on, checked together (core's
/// `callwise::cadence::Playbook`).
///
/// Immutable, so one instance can be shared between threads. In Kotlin it is
/// `AutoCloseable`.
#[derive(Debug, PartialEq, uniffi::Object)]
#[uniffi::export(Eq)]
pub struct Playbook(cw::Playbook);

/// Core's states, copied out of their objects.
fn core_states(states: &[Arc<EnrollmentState>]) -> Vec<cw::EnrollmentState> {
    states.iter().map(|s| s.0.clone()).collect()
}

#[uniffi::export]
impl Playbook {
    /// A playbook of `cadences` on `calendar`, with `business_hours` as the default window
    /// of steps and the hours business-hour waits count.
    ///
    /// # Errors
    /// `InvalidRule` (from core) when two cadences share an id, a cadence has no steps or
    /// two steps share an id, a branch or chain names a step or cadence that does not
    /// exist, a step that is not a call or voicemail has branches, a variant has a weight
    /// of 0 or a repeated id, a wait is negative or above 3,660, or a window is empty.
    #[uniffi::constructor]
    pub fn new(
        calendar: Arc<BusinessCalendar>,
        business_hours: LocalWindow,
        cadences: Vec<Cadence>,
    ) -> Result<Arc<Self>, CallwiseError> {
        let playbook = cw::Playbook::new(calendar.0.clone(), business_hours, cadences)?;
        Ok(Arc::new(Self(playbook)))
    }

    /// A playbook from its JSON form (what `toJson` writes).
    ///
    /// # Errors
    /// `Json` when the text is not JSON of this shape or breaks a rule the constructor
    /// checks (core's message says which).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, CallwiseError> {
        Ok(Arc::new(Self(cw::Playbook::from_json(&json)?)))
    }

    /// The playbook as pretty JSON.
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// Every cadence, in the order given.
    pub fn cadences(&self) -> Vec<Cadence> {
        self.0.cadences().to_vec()
    }

    /// The cadence with this id, or `null`.
    pub fn cadence(&self, id: String) -> Option<Cadence> {
        self.0.cadence(&id).cloned()
    }

    /// The business calendar.
    pub fn calendar(&self) -> Arc<BusinessCalendar> {
        Arc::new(BusinessCalendar(self.0.calendar().clone()))
    }

    /// The business hours: the default step window, and the hours business-hour waits
    /// count.
    pub fn business_hours(&self) -> LocalWindow {
        self.0.business_hours()
    }

    /// The state of a new enrollment: at its cadence's first step, due after that step's
    /// wait from the enrollment.
    ///
    /// # Errors
    /// `InvalidArgument` named `cadence_id` when the playbook has no such cadence, named
    /// `enrollment` when an id is empty, or for an instant outside the years 0000 to
    /// 9999; `UnknownTimeZone` for the zone.
    pub fn start(&self, enrollment: Enrollment) -> Result<Arc<EnrollmentState>, CallwiseError> {
        Ok(Arc::new(EnrollmentState(self.0.start(enrollment)?)))
    }

    /// The state after applying one event to `state`, which is left as it was. The event
    /// must not be earlier than the last one applied; a paused enrollment whose `until`
    /// has passed resumes first; an exited enrollment ignores every event.
    ///
    /// # Errors
    /// `InvalidArgument` named `event` when it is earlier than the last event applied
    /// (use `replay` for a history out of order), marks done a step that is not the
    /// current one or a step of a paused enrollment, gives a call outcome for a step that
    /// is not a call or voicemail, pauses until an instant not after the pause, or moves
    /// to a cadence not in the playbook; `InvalidArgument` for an instant outside the
    /// years 0000 to 9999.
    pub fn apply(
        &self,
        state: Arc<EnrollmentState>,
        event: CadenceEvent,
    ) -> Result<Arc<EnrollmentState>, CallwiseError> {
        let mut next = state.0.clone();
        self.0.apply(&mut next, &event)?;
        Ok(Arc::new(EnrollmentState(next)))
    }

    /// The state after `events`, applied in time order (ties in the order given) to a
    /// new enrollment: the same events always give the same state, whatever order they
    /// arrive in.
    ///
    /// # Errors
    /// As `start` and `apply`; an event before the enrollment is `InvalidArgument` named
    /// `event`.
    pub fn replay(
        &self,
        enrollment: Enrollment,
        events: Vec<CadenceEvent>,
    ) -> Result<Arc<EnrollmentState>, CallwiseError> {
        Ok(Arc::new(EnrollmentState(
            self.0.replay(enrollment, &events)?,
        )))
    }

    /// The steps due on `date` (a local date of the team) for `rep_id`: steps of active
    /// enrollments (and of paused ones whose pause has ended by then) falling due before
    /// the end of `date` in the owner's zone, overdue ones included, assigned by
    /// `coverage`. Ordered by due instant, then enrollment id.
    ///
    /// # Errors
    /// `NotFound` when `rep_id`, or an enrollment's owner, is not a rep of `book`;
    /// `InvalidArgument` named `state` when a state names a cadence or step the playbook
    /// does not have, named `to` for an absence that ends before it starts, or for a date
    /// outside the years 0000 to 9999.
    pub fn due_on(
        &self,
        book: Arc<Book>,
        states: Vec<Arc<EnrollmentState>>,
        rep_id: String,
        date: NaiveDate,
        coverage: Coverage,
    ) -> Result<Vec<DueStep>, CallwiseError> {
        let coverage = cw::Coverage::try_from(&coverage)?;
        let states = core_states(&states);
        Ok(self
            .0
            .due_on(&book.core(), &states, &rep_id, date, &coverage)?)
    }

    /// `dueOn` for every rep at once, in one pass: ordered by rep id, then due instant,
    /// then enrollment id. Each due step appears once.
    ///
    /// # Errors
    /// As `dueOn`.
    pub fn due_for_all(
        &self,
        book: Arc<Book>,
        states: Vec<Arc<EnrollmentState>>,
        date: NaiveDate,
        coverage: Coverage,
    ) -> Result<Vec<DueStep>, CallwiseError> {
        let coverage = cw::Coverage::try_from(&coverage)?;
        let states = core_states(&states);
        Ok(self.0.due_for_all(&book.core(), &states, date, &coverage)?)
    }
}

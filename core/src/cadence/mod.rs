//! Cadences: multi-step outreach sequences, their enrollments and the steps due today.
//!
//! - A [`Cadence`] is an ordered list of [`Step`]s (call, e-mail, voicemail, text,
//!   social, task), each with a [`Wait`] after the previous step (business days,
//!   business hours or calendar days) and a window in the recipient's local time,
//!   branches on a call's outcome, A/B [`Variant`]s and an optional next cadence to
//!   chain to.
//! - A [`Playbook`] holds the cadences a team runs and the business calendar they run
//!   on, checked together (every branch and chain names a step or cadence that exists).
//! - An enrollment ([`Enrollment`], [`EnrollmentState`]) is a state machine driven only
//!   by [`CadenceEvent`]s (activities logged, exits, pauses) and the passing of time:
//!   [`Playbook::replay`] of the same events always gives the same state.
//! - [`Playbook::due_on`] lists a rep's steps due on a day, with their window and
//!   reason, covering for absent reps by a [`Coverage`] policy.

mod due;
mod enrollment;

pub use due::{Absence, AbsencePolicy, Coverage, DueStep};
pub use enrollment::{CadenceEvent, Enrollment, EnrollmentState, EnrollmentStatus};

use crate::BusinessCalendar;
use crate::LocalWindow;
use crate::{Error, Result};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a step asks the rep to do.
///
/// # Example
/// ```
/// assert_eq!(callwise::cadence::StepKind::Voicemail.as_str(), "voicemail");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

impl StepKind {
    /// The snake-case name used in JSON and bindings.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::cadence::StepKind::Call.as_str(), "call");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Call => "call",
            Self::Email => "email",
            Self::Voicemail => "voicemail",
            Self::Text => "text",
            Self::Social => "social",
            Self::Task => "task",
        }
    }

    /// The activity channel that, logged outbound for the contact, completes a step
    /// of this kind (`None` for social touches and tasks, completed explicitly).
    pub(crate) fn channel(self) -> Option<crate::Channel> {
        match self {
            Self::Call => Some(crate::Channel::Call),
            Self::Email => Some(crate::Channel::Email),
            Self::Voicemail => Some(crate::Channel::Voicemail),
            Self::Text => Some(crate::Channel::Text),
            Self::Social | Self::Task => None,
        }
    }
}

/// The unit of a [`Wait`].
///
/// # Example
/// ```
/// assert_eq!(callwise::cadence::WaitUnit::BusinessDays.as_str(), "business_days");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaitUnit {
    /// Days on the playbook's business calendar, in the recipient's local dates.
    BusinessDays,
    /// Hours inside the playbook's business hours on business days.
    BusinessHours,
    /// Calendar days at the same local wall time.
    CalendarDays,
}

impl WaitUnit {
    /// The snake-case name used in JSON and bindings.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::cadence::WaitUnit::CalendarDays.as_str(), "calendar_days");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BusinessDays => "business_days",
            Self::BusinessHours => "business_hours",
            Self::CalendarDays => "calendar_days",
        }
    }
}

/// How long after the previous step (or the enrollment, for the first step) a step
/// falls due, before it is moved into its window on a business day.
///
/// # Example
/// ```
/// use callwise::cadence::{Wait, WaitUnit};
/// let w = Wait::new(WaitUnit::BusinessDays, 2).unwrap();
/// assert_eq!(w.to_string(), "2 business days");
/// assert!(Wait::new(WaitUnit::CalendarDays, -1).is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "WaitSpec", into = "WaitSpec")]
pub struct Wait {
    unit: WaitUnit,
    amount: u32,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WaitSpec {
    unit: WaitUnit,
    amount: i64,
}

impl TryFrom<WaitSpec> for Wait {
    type Error = Error;
    fn try_from(spec: WaitSpec) -> Result<Self> {
        Self::new(spec.unit, spec.amount)
    }
}

impl From<Wait> for WaitSpec {
    fn from(w: Wait) -> Self {
        Self {
            unit: w.unit,
            amount: i64::from(w.amount),
        }
    }
}

/// The longest wait: ten years of days, or as many business hours.
const MAX_WAIT: i64 = 3_660;

impl Wait {
    /// A wait of `amount` units.
    ///
    /// # Errors
    /// [`Error::InvalidRule`] when `amount` is negative or above 3,660 (ten years of
    /// days).
    ///
    /// # Example
    /// ```
    /// use callwise::cadence::{Wait, WaitUnit};
    /// assert_eq!(Wait::new(WaitUnit::BusinessHours, 4).unwrap().amount(), 4);
    /// ```
    pub fn new(unit: WaitUnit, amount: i64) -> Result<Self> {
        if !(0..=MAX_WAIT).contains(&amount) {
            return Err(Error::invalid_rule(
                "wait",
                format!("{amount} {}: a wait is 0 to {MAX_WAIT}", unit.as_str()),
            ));
        }
        Ok(Self {
            unit,
            amount: amount as u32,
        })
    }

    /// No wait: due as soon as its window opens on a business day.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::cadence::Wait::none().amount(), 0);
    /// ```
    pub fn none() -> Self {
        Self {
            unit: WaitUnit::BusinessDays,
            amount: 0,
        }
    }

    /// The unit.
    ///
    /// # Example
    /// ```
    /// use callwise::cadence::{Wait, WaitUnit};
    /// assert_eq!(Wait::none().unit(), WaitUnit::BusinessDays);
    /// ```
    pub fn unit(&self) -> WaitUnit {
        self.unit
    }

    /// The number of units.
    ///
    /// # Example
    /// ```
    /// use callwise::cadence::{Wait, WaitUnit};
    /// assert_eq!(Wait::new(WaitUnit::CalendarDays, 7).unwrap().amount(), 7);
    /// ```
    pub fn amount(&self) -> u32 {
        self.amount
    }
}

impl std::fmt::Display for Wait {
    /// `2 business days`, `1 business hour`, `7 calendar days`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match (self.unit, self.amount == 1) {
            (WaitUnit::BusinessDays, true) => "business day",
            (WaitUnit::BusinessDays, false) => "business days",
            (WaitUnit::BusinessHours, true) => "business hour",
            (WaitUnit::BusinessHours, false) => "business hours",
            (WaitUnit::CalendarDays, true) => "calendar day",
            (WaitUnit::CalendarDays, false) => "calendar days",
        };
        write!(f, "{} {unit}", self.amount)
    }
}

/// The outcome of a call, as a cadence branches on it.
///
/// # Example
/// ```
/// use callwise::cadence::CallOutcome;
/// assert_eq!(CallOutcome::from_activity(callwise::Outcome::LeftVoicemail), Some(CallOutcome::Voicemail));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

impl CallOutcome {
    /// The cadence outcome of a logged activity's outcome; `None` for outcomes that end
    /// the enrollment instead (opportunity uncovered, wrong number, opted out).
    ///
    /// # Example
    /// ```
    /// use callwise::cadence::CallOutcome;
    /// assert_eq!(CallOutcome::from_activity(callwise::Outcome::WrongNumber), None);
    /// ```
    pub fn from_activity(outcome: crate::Outcome) -> Option<Self> {
        use crate::Outcome as O;
        match outcome {
            O::Connected => Some(Self::Connected),
            O::NoAnswer => Some(Self::NoAnswer),
            O::LeftVoicemail => Some(Self::Voicemail),
            O::NotInterested => Some(Self::NotInterested),
            O::MeetingSet => Some(Self::MeetingSet),
            O::OpportunityUncovered | O::WrongNumber | O::OptedOut => None,
        }
    }

    /// The snake-case name used in JSON and bindings.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::cadence::CallOutcome::NoAnswer.as_str(), "no_answer");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Connected => "connected",
            Self::NoAnswer => "no_answer",
            Self::Voicemail => "voicemail",
            Self::NotInterested => "not_interested",
            Self::MeetingSet => "meeting_set",
        }
    }
}

/// Why an enrollment ended.
///
/// # Example
/// ```
/// assert_eq!(callwise::cadence::ExitReason::MeetingBooked.as_str(), "meeting_booked");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

impl ExitReason {
    /// The snake-case name used in JSON and bindings.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::cadence::ExitReason::Finished.as_str(), "finished");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Replied => "replied",
            Self::MeetingBooked => "meeting_booked",
            Self::OpportunityCreated => "opportunity_created",
            Self::OptedOut => "opted_out",
            Self::WrongNumber => "wrong_number",
            Self::NotInterested => "not_interested",
            Self::MovedToCadence => "moved_to_cadence",
            Self::Finished => "finished",
        }
    }
}

/// Where a cadence goes after a call with a given outcome.
///
/// Without a branch for it, an outcome goes to the next step, except
/// [`CallOutcome::MeetingSet`] (exit, meeting booked) and [`CallOutcome::NotInterested`]
/// (exit, not interested).
///
/// # Example
/// ```
/// let b: callwise::cadence::Branch = serde_json::from_str(r#"{"go_to": "vm-1"}"#).unwrap();
/// assert_eq!(b, callwise::cadence::Branch::GoTo("vm-1".into()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Branch {
    /// The next step (or the chained cadence after the last).
    Next,
    /// The step with this id, in the same cadence.
    GoTo(String),
    /// End the enrollment.
    Exit(ExitReason),
}

/// One version of a step in an A/B test; enrollments are assigned by a hash of their
/// id, in proportion to the weights.
///
/// # Example
/// ```
/// let v = callwise::cadence::Variant { id: "short-script".into(), weight: 1 };
/// assert_eq!(v.weight, 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// The variant's id (a template or script name).
    pub id: String,
    /// Its share, relative to the other variants' weights.
    pub weight: u32,
}

/// One step of a cadence.
///
/// # Example
/// ```
/// use callwise::cadence::{Step, StepKind, Wait};
/// let step = Step::new("call-1", StepKind::Call, Wait::none());
/// assert_eq!(step.id, "call-1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The step's id, unique in its cadence.
    pub id: String,
    /// What to do.
    pub kind: StepKind,
    /// How long after the previous step it falls due.
    pub wait: Wait,
    /// Its window in the recipient's local time (else the playbook's business hours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<LocalWindow>,
    /// Where each call outcome leads (calls and voicemails only).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub branches: BTreeMap<CallOutcome, Branch>,
    /// A/B variants; empty for a step with one version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
}

impl Step {
    /// A step with no branch, no variant and the playbook's business hours.
    ///
    /// # Example
    /// ```
    /// use callwise::cadence::{Step, StepKind, Wait, WaitUnit};
    /// let s = Step::new("email-1", StepKind::Email, Wait::new(WaitUnit::BusinessDays, 1).unwrap());
    /// assert!(s.branches.is_empty() && s.variants.is_empty());
    /// ```
    pub fn new(id: &str, kind: StepKind, wait: Wait) -> Self {
        Self {
            id: id.to_owned(),
            kind,
            wait,
            window: None,
            branches: BTreeMap::new(),
            variants: Vec::new(),
        }
    }

    /// Where `outcome` leads from this step.
    ///
    /// # Example
    /// ```
    /// use callwise::cadence::{Branch, CallOutcome, ExitReason, Step, StepKind, Wait};
    /// let s = Step::new("call-1", StepKind::Call, Wait::none());
    /// assert_eq!(s.branch(CallOutcome::NoAnswer), Branch::Next);
    /// assert_eq!(s.branch(CallOutcome::MeetingSet), Branch::Exit(ExitReason::MeetingBooked));
    /// ```
    pub fn branch(&self, outcome: CallOutcome) -> Branch {
        match self.branches.get(&outcome) {
            Some(b) => b.clone(),
            None => match outcome {
                CallOutcome::MeetingSet => Branch::Exit(ExitReason::MeetingBooked),
                CallOutcome::NotInterested => Branch::Exit(ExitReason::NotInterested),
                _ => Branch::Next,
            },
        }
    }
}

/// An ordered sequence of steps.
///
/// # Example
/// ```
/// use callwise::cadence::{Cadence, Step, StepKind, Wait, WaitUnit};
/// let c = Cadence {
///     id: "welcome".into(), name: "New member welcome".into(),
///     steps: vec![Step::new("call-1", StepKind::Call, Wait::none()),
///                 Step::new("email-1", StepKind::Email, Wait::new(WaitUnit::BusinessDays, 2).unwrap())],
///     next: None,
/// };
/// assert_eq!(c.steps.len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cadence {
    /// The cadence's id, unique in its playbook.
    pub id: String,
    /// Its name, for people.
    pub name: String,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// The cadence an enrollment moves on to after the last step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// The cadences a team runs and the calendar they run on, checked together.
///
/// # Example
/// ```
/// let playbook = callwise::cadence::Playbook::from_json(r#"{
///   "calendar": {"weekend": ["Sat", "Sun"]},
///   "business_hours": {"start": "09:00", "end": "17:00"},
///   "cadences": [{"id": "c", "name": "C", "steps": [
///      {"id": "s1", "kind": "call", "wait": {"unit": "business_days", "amount": 0}}]}]
/// }"#).unwrap();
/// assert_eq!(playbook.cadence("c").unwrap().steps[0].id, "s1");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "PlaybookSpec", into = "PlaybookSpec")]
pub struct Playbook {
    spec: PlaybookSpec,
    by_id: FxHashMap<String, usize>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaybookSpec {
    calendar: BusinessCalendar,
    business_hours: LocalWindow,
    cadences: Vec<Cadence>,
}

impl TryFrom<PlaybookSpec> for Playbook {
    type Error = Error;
    fn try_from(spec: PlaybookSpec) -> Result<Self> {
        let mut by_id = FxHashMap::default();
        for (i, cadence) in spec.cadences.iter().enumerate() {
            if cadence.id.is_empty() {
                return Err(invalid("cadence \"\"", "the id is empty".to_owned()));
            }
            if by_id.insert(cadence.id.clone(), i).is_some() {
                return Err(invalid(
                    &format!("cadence {:?}", cadence.id),
                    "two cadences have this id".to_owned(),
                ));
            }
        }
        for cadence in &spec.cadences {
            check_cadence(cadence, &by_id)?;
        }
        Ok(Self { spec, by_id })
    }
}

impl From<Playbook> for PlaybookSpec {
    fn from(p: Playbook) -> Self {
        p.spec
    }
}

fn invalid(what: &str, reason: String) -> Error {
    Error::invalid_rule(what.to_owned(), reason)
}

fn check_cadence(cadence: &Cadence, cadences: &FxHashMap<String, usize>) -> Result<()> {
    let what = format!("cadence {:?}", cadence.id);
    if cadence.steps.is_empty() {
        return Err(invalid(&what, "it has no steps".to_owned()));
    }
    if let Some(next) = &cadence.next
        && !cadences.contains_key(next)
    {
        return Err(invalid(
            &what,
            format!("it chains to {next:?}, which is not in the playbook"),
        ));
    }
    let mut ids = std::collections::HashSet::new();
    for step in &cadence.steps {
        if step.id.is_empty() || !ids.insert(step.id.as_str()) {
            return Err(invalid(
                &what,
                format!("step id {:?} is empty or repeated", step.id),
            ));
        }
    }
    for step in &cadence.steps {
        let what = format!("cadence {:?} step {:?}", cadence.id, step.id);
        if !step.branches.is_empty() && !matches!(step.kind, StepKind::Call | StepKind::Voicemail) {
            return Err(invalid(
                &what,
                format!(
                    "a {} step has no call outcome to branch on",
                    step.kind.as_str()
                ),
            ));
        }
        for branch in step.branches.values() {
            if let Branch::GoTo(target) = branch
                && !ids.contains(target.as_str())
            {
                return Err(invalid(
                    &what,
                    format!("it branches to step {target:?}, which is not in the cadence"),
                ));
            }
        }
        if !step.variants.is_empty() {
            let mut names = std::collections::HashSet::new();
            if step
                .variants
                .iter()
                .any(|v| v.id.is_empty() || !names.insert(v.id.as_str()))
            {
                return Err(invalid(
                    &what,
                    "variant ids must be non-empty and distinct".to_owned(),
                ));
            }
            let total: u64 = step.variants.iter().map(|v| u64::from(v.weight)).sum();
            if total == 0 || step.variants.iter().any(|v| v.weight == 0) {
                return Err(invalid(
                    &what,
                    "every variant needs a weight of at least 1".to_owned(),
                ));
            }
        }
    }
    Ok(())
}

impl Playbook {
    /// A playbook of `cadences` on `calendar`, with `business_hours` as the default
    /// window of steps and the hours business-hour waits count.
    ///
    /// # Errors
    /// [`Error::InvalidRule`] when two cadences share an id, a cadence has no steps or
    /// two steps share an id, a branch or chain names a step or cadence that does not
    /// exist, a step that is not a call or voicemail has branches, or a variant has a
    /// weight of 0 or a repeated id.
    ///
    /// # Example
    /// ```
    /// use callwise::cadence::{Cadence, Playbook, Step, StepKind, Wait};
    /// use callwise::{BusinessCalendar, LocalWindow};
    /// let hours = LocalWindow::parse("09:00", "17:00").unwrap();
    /// let c = |next: Option<&str>| Cadence { id: "a".into(), name: "A".into(),
    ///     steps: vec![Step::new("s", StepKind::Call, Wait::none())], next: next.map(Into::into) };
    /// assert!(Playbook::new(BusinessCalendar::us_federal(), hours, vec![c(None)]).is_ok());
    /// assert!(Playbook::new(BusinessCalendar::us_federal(), hours, vec![c(Some("zzz"))]).is_err());
    /// ```
    pub fn new(
        calendar: BusinessCalendar,
        business_hours: LocalWindow,
        cadences: Vec<Cadence>,
    ) -> Result<Self> {
        Self::try_from(PlaybookSpec {
            calendar,
            business_hours,
            cadences,
        })
    }

    /// A playbook from its JSON form (what [`to_json`](Self::to_json) writes).
    ///
    /// # Errors
    /// [`Error::Json`] when the text is not JSON of this shape or breaks a rule
    /// [`new`](Self::new) checks (the message says which).
    ///
    /// # Example
    /// ```
    /// let err = callwise::cadence::Playbook::from_json("{}").unwrap_err();
    /// assert!(matches!(err, callwise::Error::Json { .. }));
    /// ```
    pub fn from_json(json: &str) -> Result<Self> {
        crate::book::from_json(json, "playbook")
    }

    /// The playbook as pretty JSON.
    ///
    /// # Example
    /// ```
    /// use callwise::cadence::Playbook;
    /// let p = Playbook::new(callwise::BusinessCalendar::weekends_only(),
    ///     callwise::LocalWindow::parse("09:00", "17:00").unwrap(), vec![]).unwrap();
    /// assert_eq!(Playbook::from_json(&p.to_json()).unwrap(), p);
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.spec).expect("a playbook serialises")
    }

    /// The cadence with this id.
    ///
    /// # Example
    /// ```
    /// let p = callwise::cadence::Playbook::new(callwise::BusinessCalendar::weekends_only(),
    ///     callwise::LocalWindow::parse("09:00", "17:00").unwrap(), vec![]).unwrap();
    /// assert!(p.cadence("none").is_none());
    /// ```
    pub fn cadence(&self, id: &str) -> Option<&Cadence> {
        self.by_id.get(id).map(|&i| &self.spec.cadences[i])
    }

    /// Every cadence, in the order given.
    ///
    /// # Example
    /// ```
    /// let p = callwise::cadence::Playbook::new(callwise::BusinessCalendar::weekends_only(),
    ///     callwise::LocalWindow::parse("09:00", "17:00").unwrap(), vec![]).unwrap();
    /// assert!(p.cadences().is_empty());
    /// ```
    pub fn cadences(&self) -> &[Cadence] {
        &self.spec.cadences
    }

    /// The business calendar.
    ///
    /// # Example
    /// ```
    /// let p = callwise::cadence::Playbook::new(callwise::BusinessCalendar::us_federal(),
    ///     callwise::LocalWindow::parse("09:00", "17:00").unwrap(), vec![]).unwrap();
    /// assert_eq!(p.calendar().rules().len(), 11);
    /// ```
    pub fn calendar(&self) -> &BusinessCalendar {
        &self.spec.calendar
    }

    /// The business hours: the default step window, and the hours business-hour waits
    /// count.
    ///
    /// # Example
    /// ```
    /// let p = callwise::cadence::Playbook::new(callwise::BusinessCalendar::us_federal(),
    ///     callwise::LocalWindow::parse("09:00", "17:00").unwrap(), vec![]).unwrap();
    /// assert_eq!(p.business_hours().to_string(), "09:00-17:00");
    /// ```
    pub fn business_hours(&self) -> LocalWindow {
        self.spec.business_hours
    }

    fn cadence_or_err(&self, id: &str) -> Result<&Cadence> {
        self.cadence(id).ok_or_else(|| {
            Error::invalid_argument("cadence_id", format!("no cadence {id:?} in the playbook"))
        })
    }
}

/// FNV-1a, 64-bit: a hash every platform and language computes alike, for A/B
/// assignment (std's hasher is not stable across releases).
pub(crate) fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0xff;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        for b in part.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

//! Enrollments: one contact going through a cadence, as a state machine driven by
//! events.

use super::{Branch, CallOutcome, ExitReason, Playbook, StepKind, WaitUnit, fnv1a};
use crate::LocalWindow;
use crate::time::{instants_at, parse_time_zone};
use crate::{Activity, Book, Channel, Direction, Error, Outcome, RecordKind, Result};
use chrono::{DateTime, Days, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// One contact enrolled in a cadence by a rep.
///
/// # Example
/// ```
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40)).unwrap();
/// let c = book.contacts().next().unwrap();
/// let rep = book.account(c.account_id()).unwrap().primary_owner().rep_id;
/// let e = callwise::cadence::Enrollment::for_contact(
///     &book, "e-1", "welcome", c.id(), rep, "2026-11-24T15:00:00Z".parse().unwrap()).unwrap();
/// assert_eq!(e.time_zone, book.contact_time_zone(c.id()).unwrap());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    #[serde(deserialize_with = "crate::time::strict")]
    pub enrolled_at: DateTime<Utc>,
}

impl Enrollment {
    /// An enrollment of a contact of `book`, with the account and zone taken from it.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the contact or rep is not in the book.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40)).unwrap();
    /// let at = "2026-11-24T15:00:00Z".parse().unwrap();
    /// assert!(callwise::cadence::Enrollment::for_contact(&book, "e", "c", "nobody", "r", at).is_err());
    /// ```
    pub fn for_contact(
        book: &Book,
        id: &str,
        cadence_id: &str,
        contact_id: &str,
        rep_id: &str,
        enrolled_at: DateTime<Utc>,
    ) -> Result<Self> {
        let contact = book
            .contact(contact_id)
            .ok_or_else(|| Error::not_found(RecordKind::Contact, contact_id.to_owned()))?;
        if book.rep(rep_id).is_none() {
            return Err(Error::not_found(RecordKind::Rep, rep_id.to_owned()));
        }
        Ok(Self {
            id: id.to_owned(),
            cadence_id: cadence_id.to_owned(),
            contact_id: contact_id.to_owned(),
            account_id: contact.account_id().to_owned(),
            rep_id: rep_id.to_owned(),
            time_zone: book.contact_time_zone(contact_id)?.to_owned(),
            enrolled_at,
        })
    }
}

/// Something that happened to an enrollment. Events carry their instant; replay
/// applies them in time order (ties in the order given).
///
/// # Example
/// ```
/// let e: callwise::cadence::CadenceEvent = serde_json::from_str(
///     r#"{"event": "step_done", "at": "2026-11-24T15:00:00Z", "step": "call-1", "outcome": "no_answer"}"#).unwrap();
/// assert_eq!(e.at().to_rfc3339(), "2026-11-24T15:00:00+00:00");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case", deny_unknown_fields)]
pub enum CadenceEvent {
    /// An activity logged for the contact. Inbound: the contact replied (exit).
    /// Outbound with outcome opted out, wrong number or opportunity uncovered: exit.
    /// Outbound on the current step's channel: the step is done, with its outcome.
    /// Outbound on another channel with a meeting set or not interested: exit.
    /// Anything else: no change.
    Activity {
        /// When it happened.
        #[serde(deserialize_with = "crate::time::strict")]
        at: DateTime<Utc>,
        /// Its channel.
        channel: Channel,
        /// Inbound or outbound.
        direction: Direction,
        /// Its outcome, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        outcome: Option<Outcome>,
    },
    /// The rep marks the current step done (social touches and tasks, or any step).
    StepDone {
        /// When.
        #[serde(deserialize_with = "crate::time::strict")]
        at: DateTime<Utc>,
        /// The step's id; it must be the current step.
        step: String,
        /// The call's outcome, for call and voicemail steps.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        outcome: Option<CallOutcome>,
    },
    /// The enrollment ends for this reason.
    Exit {
        /// When.
        #[serde(deserialize_with = "crate::time::strict")]
        at: DateTime<Utc>,
        /// Why.
        reason: ExitReason,
    },
    /// The contact moves to another cadence of the playbook; this enrollment ends.
    MovedToCadence {
        /// When.
        #[serde(deserialize_with = "crate::time::strict")]
        at: DateTime<Utc>,
        /// The cadence moved to.
        cadence: String,
    },
    /// The enrollment pauses, until `until` if given (then it resumes by itself).
    Paused {
        /// When.
        #[serde(deserialize_with = "crate::time::strict")]
        at: DateTime<Utc>,
        /// When it resumes by itself.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[serde(deserialize_with = "crate::time::strict_opt")]
        until: Option<DateTime<Utc>>,
    },
    /// A paused enrollment resumes (no change when it is not paused).
    Resumed {
        /// When.
        #[serde(deserialize_with = "crate::time::strict")]
        at: DateTime<Utc>,
    },
}

impl CadenceEvent {
    /// When the event happened.
    ///
    /// # Example
    /// ```
    /// let at = "2026-11-24T15:00:00Z".parse().unwrap();
    /// assert_eq!(callwise::cadence::CadenceEvent::Resumed { at }.at(), at);
    /// ```
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Self::Activity { at, .. }
            | Self::StepDone { at, .. }
            | Self::Exit { at, .. }
            | Self::MovedToCadence { at, .. }
            | Self::Paused { at, .. }
            | Self::Resumed { at } => *at,
        }
    }

    /// The event of a logged activity.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40)).unwrap();
    /// let a = book.activities().next().unwrap().to_activity();
    /// assert_eq!(callwise::cadence::CadenceEvent::from_activity(&a).at(), a.at);
    /// ```
    pub fn from_activity(activity: &Activity) -> Self {
        Self::Activity {
            at: activity.at,
            channel: activity.channel,
            direction: activity.direction,
            outcome: activity.outcome,
        }
    }
}

/// Where an enrollment stands.
///
/// # Example
/// ```
/// use callwise::cadence::{EnrollmentStatus, ExitReason};
/// let s = EnrollmentStatus::Exited { reason: ExitReason::Replied, at: "2026-11-24T15:00:00Z".parse().unwrap() };
/// assert!(!s.is_active());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum EnrollmentStatus {
    /// Going through its steps.
    Active,
    /// Paused; resumes by itself at `until` when given.
    Paused {
        /// When it resumes by itself.
        #[serde(default, deserialize_with = "crate::time::strict_opt")]
        until: Option<DateTime<Utc>>,
    },
    /// Ended.
    Exited {
        /// Why.
        reason: ExitReason,
        /// When.
        #[serde(deserialize_with = "crate::time::strict")]
        at: DateTime<Utc>,
    },
}

impl EnrollmentStatus {
    /// Whether the enrollment is going through its steps.
    ///
    /// # Example
    /// ```
    /// assert!(callwise::cadence::EnrollmentStatus::Active.is_active());
    /// ```
    pub fn is_active(&self) -> bool {
        matches!(self, Self::Active)
    }
}

/// An enrollment and where it stands: its current cadence (after chaining), step,
/// A/B variant, when the step falls due and why.
///
/// # Example
/// ```
/// # use callwise::cadence::*;
/// # let playbook = Playbook::from_json(r#"{"calendar": {"weekend": ["Sat", "Sun"]},
/// #   "business_hours": {"start": "09:00", "end": "17:00"}, "cadences": [{"id": "c", "name": "C",
/// #   "steps": [{"id": "s1", "kind": "call", "wait": {"unit": "business_days", "amount": 1}}]}]}"#).unwrap();
/// let e = Enrollment { id: "e".into(), cadence_id: "c".into(), contact_id: "x".into(),
///     account_id: "a".into(), rep_id: "r".into(), time_zone: "America/New_York".into(),
///     enrolled_at: "2026-11-20T15:00:00Z".parse().unwrap() };
/// let state = playbook.start(e).unwrap();
/// // Friday + 1 business day = Monday, 09:00 New York.
/// assert_eq!(state.due_at.to_rfc3339(), "2026-11-23T14:00:00+00:00");
/// assert_eq!(state.step_id, "s1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EnrollmentState {
    /// The enrollment.
    pub enrollment: Enrollment,
    /// The cadence it is in now (the enrollment's, or one chained to).
    pub cadence_id: String,
    /// Active, paused or exited.
    pub status: EnrollmentStatus,
    /// The current step's id (the last one, once exited).
    pub step_id: String,
    /// The current step's position in its cadence, from 0.
    pub step_index: u32,
    /// The current step's A/B variant, if it has variants.
    pub variant: Option<String>,
    /// When the current step falls due: inside its window, on a business day.
    pub due_at: DateTime<Utc>,
    /// Why it is due, in words (the wait and what it followed).
    pub reason: String,
    /// Steps done so far, across chained cadences.
    pub steps_done: u32,
    /// The instant of the last event applied (the enrollment's, at first).
    pub last_event_at: DateTime<Utc>,
    #[serde(skip)]
    pub(super) tz: Tz,
}

impl Playbook {
    /// The state of a new enrollment: at its cadence's first step, due after that
    /// step's wait from the enrollment.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] named `cadence_id` when the playbook has no such
    /// cadence, or named `enrollment` when an id is empty; [`Error::UnknownTimeZone`]
    /// for the zone.
    ///
    /// # Example
    /// See [`EnrollmentState`].
    /// ```
    /// # let playbook = callwise::cadence::Playbook::new(callwise::BusinessCalendar::us_federal(),
    /// #     callwise::LocalWindow::parse("09:00", "17:00").unwrap(), vec![]).unwrap();
    /// let e = callwise::cadence::Enrollment { id: "e".into(), cadence_id: "none".into(),
    ///     contact_id: "x".into(), account_id: "a".into(), rep_id: "r".into(),
    ///     time_zone: "America/New_York".into(), enrolled_at: "2026-11-20T15:00:00Z".parse().unwrap() };
    /// assert!(playbook.start(e).is_err());
    /// ```
    pub fn start(&self, enrollment: Enrollment) -> Result<EnrollmentState> {
        if [
            &enrollment.id,
            &enrollment.contact_id,
            &enrollment.account_id,
            &enrollment.rep_id,
        ]
        .iter()
        .any(|s| s.is_empty())
        {
            return Err(Error::invalid_argument(
                "enrollment",
                "its id, contact_id, account_id and rep_id must not be empty",
            ));
        }
        let tz = parse_time_zone(&enrollment.time_zone)?;
        self.cadence_or_err(&enrollment.cadence_id)?;
        let at = enrollment.enrolled_at;
        let mut state = EnrollmentState {
            cadence_id: enrollment.cadence_id.clone(),
            status: EnrollmentStatus::Active,
            step_id: String::new(),
            step_index: 0,
            variant: None,
            due_at: at,
            reason: String::new(),
            steps_done: 0,
            last_event_at: at,
            tz,
            enrollment,
        };
        let after = format!("enrollment on {}", local_date(tz, at));
        self.enter(&mut state, 0, at, &after)?;
        Ok(state)
    }

    /// Applies one event, which must not be earlier than the last one applied.
    /// A paused enrollment whose `until` has passed by the event's instant resumes
    /// first. An exited enrollment ignores every event (enroll again to restart).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] named `event` when it is earlier than the last event
    /// applied (use [`replay`](Self::replay) for a history out of order), marks done a
    /// step that is not the current one or a step of a paused enrollment, gives a call
    /// outcome for a step that is not a call or voicemail, pauses until an instant not
    /// after the pause, or moves to a cadence not in the playbook. The state is
    /// unchanged on error.
    ///
    /// # Example
    /// ```
    /// # use callwise::cadence::*;
    /// # let playbook = Playbook::from_json(r#"{"calendar": {"weekend": ["Sat", "Sun"]},
    /// #   "business_hours": {"start": "09:00", "end": "17:00"}, "cadences": [{"id": "c", "name": "C",
    /// #   "steps": [{"id": "s1", "kind": "call", "wait": {"unit": "business_days", "amount": 0}},
    /// #             {"id": "s2", "kind": "email", "wait": {"unit": "business_days", "amount": 2}}]}]}"#).unwrap();
    /// # let e = Enrollment { id: "e".into(), cadence_id: "c".into(), contact_id: "x".into(),
    /// #     account_id: "a".into(), rep_id: "r".into(), time_zone: "America/New_York".into(),
    /// #     enrolled_at: "2026-11-23T14:00:00Z".parse().unwrap() };
    /// let mut state = playbook.start(e).unwrap();
    /// let call = CadenceEvent::Activity { at: "2026-11-23T15:00:00Z".parse().unwrap(),
    ///     channel: callwise::Channel::Call, direction: callwise::Direction::Outbound,
    ///     outcome: Some(callwise::Outcome::NoAnswer) };
    /// playbook.apply(&mut state, &call).unwrap();
    /// assert_eq!(state.step_id, "s2");
    /// // Monday + 2 business days = Wednesday 25 November, 09:00 New York.
    /// assert_eq!(state.due_at.to_rfc3339(), "2026-11-25T14:00:00+00:00");
    /// assert!(playbook.apply(&mut state, &CadenceEvent::Resumed {
    ///     at: "2026-11-01T00:00:00Z".parse().unwrap() }).is_err()); // earlier than the last
    /// ```
    pub fn apply(&self, state: &mut EnrollmentState, event: &CadenceEvent) -> Result<()> {
        let at = event.at();
        if at < state.last_event_at {
            return Err(bad_event(format!(
                "it happened at {at}, before the last event applied ({}); replay the history instead",
                state.last_event_at
            )));
        }
        let mut next = state.clone();
        next.last_event_at = at;
        if let EnrollmentStatus::Paused { until: Some(until) } = next.status
            && until <= at
        {
            self.resume(&mut next, until)?;
        }
        if matches!(next.status, EnrollmentStatus::Exited { .. }) {
            *state = next;
            return Ok(());
        }
        let paused = matches!(next.status, EnrollmentStatus::Paused { .. });
        let step_kind = self.step_of(&next)?.kind;
        match event {
            CadenceEvent::Activity {
                channel,
                direction,
                outcome,
                ..
            } => {
                let exit = match (direction, outcome) {
                    (Direction::Inbound, _) => Some(ExitReason::Replied),
                    (_, Some(Outcome::OptedOut)) => Some(ExitReason::OptedOut),
                    (_, Some(Outcome::WrongNumber)) => Some(ExitReason::WrongNumber),
                    (_, Some(Outcome::OpportunityUncovered)) => {
                        Some(ExitReason::OpportunityCreated)
                    }
                    _ => None,
                };
                if let Some(reason) = exit {
                    next.status = EnrollmentStatus::Exited { reason, at };
                } else if !paused && step_kind.channel() == Some(*channel) {
                    let outcome = outcome.and_then(CallOutcome::from_activity);
                    self.complete(&mut next, at, outcome.filter(|_| is_call(step_kind)))?;
                } else if let Some(Outcome::MeetingSet) = outcome {
                    next.status = exited(ExitReason::MeetingBooked, at);
                } else if let Some(Outcome::NotInterested) = outcome {
                    next.status = exited(ExitReason::NotInterested, at);
                }
            }
            CadenceEvent::StepDone { step, outcome, .. } => {
                if paused {
                    return Err(bad_event(
                        "the enrollment is paused; resume it first".to_owned(),
                    ));
                }
                if *step != next.step_id {
                    return Err(bad_event(format!(
                        "step {step:?} is not the current step {:?}",
                        next.step_id
                    )));
                }
                if outcome.is_some() && !is_call(step_kind) {
                    return Err(bad_event(format!(
                        "a call outcome for a {} step",
                        step_kind.as_str()
                    )));
                }
                self.complete(&mut next, at, *outcome)?;
            }
            CadenceEvent::Exit { reason, .. } => next.status = exited(*reason, at),
            CadenceEvent::MovedToCadence { cadence, .. } => {
                if self.cadence(cadence).is_none() {
                    return Err(bad_event(format!("no cadence {cadence:?} in the playbook")));
                }
                next.status = exited(ExitReason::MovedToCadence, at);
            }
            CadenceEvent::Paused { until, .. } => {
                if until.is_some_and(|u| u <= at) {
                    return Err(bad_event("a pause must end after it starts".to_owned()));
                }
                next.status = EnrollmentStatus::Paused { until: *until };
            }
            CadenceEvent::Resumed { .. } => {
                if paused {
                    self.resume(&mut next, at)?;
                }
            }
        }
        *state = next;
        Ok(())
    }

    /// The state after `events`, applied in time order (ties in the order given) to a
    /// new enrollment: the same events always give the same state, whatever order
    /// they arrive in.
    ///
    /// # Errors
    /// As [`start`](Self::start) and [`apply`](Self::apply); an event before the
    /// enrollment is an [`Error::InvalidArgument`] named `event`.
    ///
    /// # Example
    /// ```
    /// # use callwise::cadence::*;
    /// # let playbook = Playbook::from_json(r#"{"calendar": {"weekend": ["Sat", "Sun"]},
    /// #   "business_hours": {"start": "09:00", "end": "17:00"}, "cadences": [{"id": "c", "name": "C",
    /// #   "steps": [{"id": "s1", "kind": "call", "wait": {"unit": "business_days", "amount": 0}}]}]}"#).unwrap();
    /// # let e = Enrollment { id: "e".into(), cadence_id: "c".into(), contact_id: "x".into(),
    /// #     account_id: "a".into(), rep_id: "r".into(), time_zone: "America/New_York".into(),
    /// #     enrolled_at: "2026-11-23T14:00:00Z".parse().unwrap() };
    /// let events = [CadenceEvent::Exit { at: "2026-11-24T14:00:00Z".parse().unwrap(),
    ///     reason: ExitReason::Replied }];
    /// let state = playbook.replay(e, &events).unwrap();
    /// assert!(matches!(state.status, EnrollmentStatus::Exited { reason: ExitReason::Replied, .. }));
    /// ```
    pub fn replay(
        &self,
        enrollment: Enrollment,
        events: &[CadenceEvent],
    ) -> Result<EnrollmentState> {
        let mut state = self.start(enrollment)?;
        let mut order: Vec<&CadenceEvent> = events.iter().collect();
        order.sort_by_key(|e| e.at());
        for event in order {
            self.apply(&mut state, event)?;
        }
        Ok(state)
    }

    pub(super) fn step_of(&self, state: &EnrollmentState) -> Result<&super::Step> {
        let cadence = self.cadence_or_err(&state.cadence_id)?;
        cadence.steps.get(state.step_index as usize).ok_or_else(|| {
            Error::invalid_argument(
                "state",
                format!(
                    "cadence {:?} has no step {}",
                    state.cadence_id, state.step_index
                ),
            )
        })
    }

    /// The window of a step: its own, else the business hours.
    pub(super) fn window_of(&self, state: &EnrollmentState) -> Result<LocalWindow> {
        Ok(self.step_of(state)?.window.unwrap_or(self.business_hours()))
    }

    /// The earliest instant at or after `t` inside the current step's window on a
    /// business day of the recipient.
    pub(super) fn open_at(
        &self,
        state: &EnrollmentState,
        t: DateTime<Utc>,
    ) -> Result<DateTime<Utc>> {
        let window = self.window_of(state)?;
        self.calendar().next_business_instant(t, state.tz, &window)
    }

    fn resume(&self, state: &mut EnrollmentState, at: DateTime<Utc>) -> Result<()> {
        state.status = EnrollmentStatus::Active;
        if state.due_at < at {
            state.due_at = self.open_at(state, at)?;
            state.reason = format!("{}; resumed on {}", state.reason, local_date(state.tz, at));
        }
        Ok(())
    }

    /// The current step is done at `at` with `outcome`: follow its branch.
    fn complete(
        &self,
        state: &mut EnrollmentState,
        at: DateTime<Utc>,
        outcome: Option<CallOutcome>,
    ) -> Result<()> {
        let cadence = self.cadence_or_err(&state.cadence_id)?;
        let step = self.step_of(state)?;
        state.steps_done += 1;
        let after = match outcome {
            Some(o) => format!(
                "step {:?} ({}) on {}",
                step.id,
                o.as_str(),
                local_date(state.tz, at)
            ),
            None => format!("step {:?} on {}", step.id, local_date(state.tz, at)),
        };
        match outcome.map_or(Branch::Next, |o| step.branch(o)) {
            Branch::Exit(reason) => state.status = exited(reason, at),
            Branch::GoTo(target) => {
                let index = cadence
                    .steps
                    .iter()
                    .position(|s| s.id == target)
                    .expect("checked when the playbook was built");
                self.enter(state, index, at, &after)?;
            }
            Branch::Next if (state.step_index as usize) + 1 < cadence.steps.len() => {
                self.enter(state, state.step_index as usize + 1, at, &after)?;
            }
            Branch::Next => match &cadence.next {
                Some(next) => {
                    state.cadence_id = next.clone();
                    self.enter(state, 0, at, &after)?;
                }
                None => state.status = exited(ExitReason::Finished, at),
            },
        }
        Ok(())
    }

    /// Moves to step `index` of the current cadence, due after its wait from `from`.
    fn enter(
        &self,
        state: &mut EnrollmentState,
        index: usize,
        from: DateTime<Utc>,
        after: &str,
    ) -> Result<()> {
        let cadence = self.cadence_or_err(&state.cadence_id)?;
        let step = &cadence.steps[index];
        state.step_index = index as u32;
        state.step_id = step.id.clone();
        state.variant = (!step.variants.is_empty()).then(|| {
            let total: u64 = step.variants.iter().map(|v| u64::from(v.weight)).sum();
            let mut pick = fnv1a(&[&state.enrollment.id, &cadence.id, &step.id]) % total;
            step.variants
                .iter()
                .find(|v| {
                    let hit = pick < u64::from(v.weight);
                    pick = pick.saturating_sub(u64::from(v.weight));
                    hit
                })
                .map(|v| v.id.clone())
                .expect("the weights sum to total")
        });
        let tz = state.tz;
        let cal = self.calendar();
        let amount = step.wait.amount();
        let base = match step.wait.unit() {
            WaitUnit::CalendarDays => {
                let local = crate::time::local(tz, from).ok_or_else(off_calendar)?;
                let target = local
                    .checked_add_days(Days::new(u64::from(amount)))
                    .ok_or_else(off_calendar)?;
                instants_at(tz, target)[0].ok_or_else(off_calendar)?
            }
            WaitUnit::BusinessDays if amount == 0 => from,
            WaitUnit::BusinessDays => {
                let day = cal.add_business_days(local_date(tz, from), i64::from(amount))?;
                instants_at(tz, day.and_time(NaiveTime::MIN))[0].ok_or_else(off_calendar)?
            }
            WaitUnit::BusinessHours => {
                cal.add_business_hours(from, tz, &self.business_hours(), amount)?
            }
        };
        state.due_at = self.open_at(state, base)?;
        let wait = match amount {
            0 => "no wait".to_owned(),
            _ => step.wait.to_string(),
        };
        state.reason = format!(
            "step {} of {} ({}) of cadence {:?}: {wait} after {after}",
            index + 1,
            cadence.steps.len(),
            step.kind.as_str(),
            cadence.id,
        );
        Ok(())
    }
}

fn is_call(kind: StepKind) -> bool {
    matches!(kind, StepKind::Call | StepKind::Voicemail)
}

fn exited(reason: ExitReason, at: DateTime<Utc>) -> EnrollmentStatus {
    EnrollmentStatus::Exited { reason, at }
}

fn bad_event(reason: String) -> Error {
    Error::invalid_argument("event", reason)
}

fn off_calendar() -> Error {
    Error::invalid_argument(
        "event",
        "the step would fall due past the end of the calendar",
    )
}

pub(super) fn local_date(tz: Tz, at: DateTime<Utc>) -> chrono::NaiveDate {
    // At the calendar's very ends (no local time), the UTC date.
    crate::time::local(tz, at).map_or(at.date_naive(), |l| l.date())
}

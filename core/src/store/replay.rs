//! Replay: each kind of change's rule for changing the book, applied entry by entry in
//! the journal's order to the book itself, with what the rules keep
//! beside the book (the do-not-call requests and opt-outs still standing, the cadence
//! enrollments, the events that did not apply).
//!
//! Applying an entry has three outcomes. It applies. It **conflicts** with what the
//! journal holds after a merge (a hand-off step that no longer applies, a task already
//! done, an id already taken): it is recorded as a [`Rejection`] and the book is left as
//! it was, so nothing is dropped silently. Or it is **invalid** whatever the merge (it
//! names a contact the book does not hold, a completion before the task was created):
//! an error naming the entry.

use super::change::{Change, Entry, EntryId};
use crate::cadence::{CadenceEvent, Enrollment};
use crate::error::RecordKind;
use crate::team::{Goal, WrapUp};
use crate::{
    AccountId, Activity, Attendee, Book, Channel, Consent, ContactId, Handoff, HandoffDirection,
    HandoffId, OwnerRole, RepId, Task, TaskStatus,
};
use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The longest pool id, in bytes.
const MAX_POOL_ID: usize = 256;
/// The most characters of a hand-off rejection's reason.
const MAX_REASON: usize = 4000;

/// An event of the journal that did not apply after a merge, and why: it is kept in
/// the journal and listed here, never dropped.
///
/// # Example
/// ```
/// let r = callwise::store::Rejection {
///     id: callwise::store::EntryId::new("tablet-7", 3),
///     kind: "handoff_accepted".into(),
///     reason: "hand-off \"h-1\" was turned down".into(),
/// };
/// assert_eq!(r.to_string(), "tablet-7/3 (handoff_accepted): hand-off \"h-1\" was turned down");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rejection {
    /// The event.
    pub id: EntryId,
    /// Its kind ([`Change::kind`]).
    pub kind: String,
    /// Why it did not apply (ids, never personal data).
    pub reason: String,
}

impl std::fmt::Display for Rejection {
    /// `device/sequence (kind): reason`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {}", self.id, self.kind, self.reason)
    }
}

/// A cadence enrollment and the events recorded for it, in the journal's order: what a
/// playbook replays (`Playbook::replay(enrollment, &events)`).
///
/// # Example
/// ```
/// let log: callwise::store::EnrollmentLog = serde_json::from_str(r#"{"enrollment": {
///     "id": "e-1", "cadence_id": "welcome", "contact_id": "con-1", "account_id": "acc-1",
///     "rep_id": "rep-1", "time_zone": "America/Denver", "enrolled_at": "2026-11-02T15:00:00Z"},
///     "events": []}"#).unwrap();
/// assert_eq!(log.enrollment.id, "e-1");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrollmentLog {
    /// The enrollment.
    pub enrollment: Enrollment,
    /// Its events, in the journal's order.
    pub events: Vec<CadenceEvent>,
}

/// A restriction that holds while any request for it stands: the book's own value
/// (`base`, lifted by any later change, since every device starts from the book) and
/// the requests recorded in the journal, each lifted only by a change that names it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Standing<T> {
    base: T,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    requests: BTreeSet<EntryId>,
}

/// What replay keeps beside the book: saved with each snapshot, so that a snapshot
/// plus the rest of the journal gives what replaying everything gives.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Side {
    /// Do-not-call: the book's flag and the standing requests, per contact touched.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    do_not_call: BTreeMap<ContactId, Standing<bool>>,
    /// Consent: the value set and the standing opt-outs, per contact and channel touched.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    consent: BTreeMap<ContactId, BTreeMap<Channel, Standing<Consent>>>,
    /// Hand-offs turned down: they left the book, and their ids stay taken.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    turned_down: BTreeSet<HandoffId>,
    /// Hand-offs whose proposal was rejected: the steps answering them are too.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    never_pending: BTreeSet<HandoffId>,
    /// Cadence enrollments and their events.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    enrollments: Vec<EnrollmentLog>,
    /// Events that did not apply.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    rejected: Vec<Rejection>,
    /// Wrap-ups filed, in the journal's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    wrap_ups: Vec<WrapUp>,
    /// Goals, one per rep or team and period, in the order first set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    goals: Vec<Goal>,
}

/// What replay keeps beside the book, as lists.
pub(crate) struct Lists {
    pub(crate) enrollments: Vec<EnrollmentLog>,
    pub(crate) rejected: Vec<Rejection>,
    pub(crate) wrap_ups: Vec<WrapUp>,
    pub(crate) goals: Vec<Goal>,
}

impl Side {
    /// The cadence enrollments and their events.
    pub(crate) fn enrollments(&self) -> &[EnrollmentLog] {
        &self.enrollments
    }

    /// The events that did not apply, in the journal's order.
    pub(crate) fn rejected(&self) -> &[Rejection] {
        &self.rejected
    }

    /// The wrap-ups filed, in the journal's order.
    pub(crate) fn wrap_ups(&self) -> &[WrapUp] {
        &self.wrap_ups
    }

    /// The goals set.
    pub(crate) fn goals(&self) -> &[Goal] {
        &self.goals
    }

    /// The requests standing for a contact's do-not-call, oldest identity first.
    pub(crate) fn do_not_call_requests(&self, contact_id: &str) -> Vec<EntryId> {
        self.do_not_call
            .get(contact_id)
            .map(|s| s.requests.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The opt-outs standing for a contact's consent on `channel`.
    pub(crate) fn opt_outs(&self, contact_id: &str, channel: Channel) -> Vec<EntryId> {
        self.consent
            .get(contact_id)
            .and_then(|channels| channels.get(&channel))
            .map(|s| s.requests.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// What is kept, given back as lists.
    pub(crate) fn into_lists(self) -> Lists {
        Lists {
            enrollments: self.enrollments,
            rejected: self.rejected,
            wrap_ups: self.wrap_ups,
            goals: self.goals,
        }
    }
}

/// Why an entry did not apply.
#[derive(Debug)]
pub(crate) enum Refused {
    /// Invalid whatever the merge: an error.
    Invalid(String),
    /// In conflict with the journal: recorded as a rejection.
    Conflict(String),
}

pub(crate) type Verdict = std::result::Result<(), Refused>;

fn invalid<T>(reason: String) -> std::result::Result<T, Refused> {
    Err(Refused::Invalid(reason))
}

fn conflict<T>(reason: String) -> std::result::Result<T, Refused> {
    Err(Refused::Conflict(reason))
}

/// The book as of the entries applied so far, with what the rules keep beside it.
///
/// Replay changes the loaded book itself, through its live appends and the few changes
/// only replay makes (a task cancelled, hand-off steps): a million members' records
/// would not fit beside the book on a machine of 24 GB. The book is shared (a
/// [`Store::shared_book`](super::Store::shared_book) caller may hold it) and copied on
/// the first change while it is.
#[derive(Clone, Debug)]
pub(crate) struct Replay {
    book: Arc<Book>,
    side: Side,
    /// Each enrollment's position in `side.enrollments`.
    enrollments: FxHashMap<String, usize>,
}

impl Replay {
    /// Replay from `book` and what was kept beside it.
    pub(crate) fn new(book: Arc<Book>, side: Side) -> Self {
        let enrollments = side
            .enrollments
            .iter()
            .enumerate()
            .map(|(i, log)| (log.enrollment.id.clone(), i))
            .collect();
        Self {
            book,
            side,
            enrollments,
        }
    }

    /// The book as of now.
    pub(crate) fn book(&self) -> &Arc<Book> {
        &self.book
    }

    /// What is kept beside the book.
    pub(crate) fn side(&self) -> &Side {
        &self.side
    }

    /// The book and what is kept beside it, given back.
    pub(crate) fn into_parts(self) -> (Arc<Book>, Side) {
        (self.book, self.side)
    }

    /// The book, to change: copied first while another holder shares it.
    fn book_mut(&mut self) -> &mut Book {
        Arc::make_mut(&mut self.book)
    }

    /// Applies `entry` if it applies without conflict; else says why and changes
    /// nothing (what an append needs: a local change must apply as it is).
    pub(crate) fn try_apply(&mut self, entry: &Entry) -> Verdict {
        self.change(&entry.id, &entry.change)
    }

    /// Applies `entry`: a conflict is recorded as a rejection (`Ok(Some(reason))`);
    /// an invalid entry is `Err(reason)` and leaves everything as it was.
    pub(crate) fn apply(&mut self, entry: &Entry) -> std::result::Result<Option<String>, String> {
        match self.change(&entry.id, &entry.change) {
            Ok(()) => Ok(None),
            Err(Refused::Conflict(reason)) => {
                if let Change::HandoffProposed { handoff } = &entry.change
                    && self
                        .known(RecordKind::Handoff, handoff.id.as_str())
                        .is_none()
                    && !self.side.turned_down.contains(&handoff.id)
                {
                    self.side.never_pending.insert(handoff.id.clone());
                }
                self.side.rejected.push(Rejection {
                    id: entry.id.clone(),
                    kind: entry.change.kind().to_owned(),
                    reason: reason.clone(),
                });
                Ok(Some(reason))
            }
            Err(Refused::Invalid(reason)) => Err(reason),
        }
    }

    /// Applies `change` (recorded as `id`), or says why not; nothing changes then.
    fn change(&mut self, id: &EntryId, change: &Change) -> Verdict {
        match change {
            Change::ActivityLogged { activity } => self.log_activity(activity),
            Change::TaskAdded { task } => self.add_task(task),
            Change::TaskCompleted { task_id, at } => {
                self.close_task(task_id.as_str(), *at, TaskStatus::Done)
            }
            Change::TaskCancelled { task_id, at } => {
                self.close_task(task_id.as_str(), *at, TaskStatus::Cancelled)
            }
            Change::CampaignResponseRecorded {
                campaign_id,
                response,
            } => {
                self.campaign(campaign_id.as_str())?;
                self.contact(response.contact_id.as_str())?;
                let book = self.book_mut();
                book.record_campaign_response(campaign_id.as_str(), response.clone())
                    .map_err(refused)
            }
            Change::EventAttendeeRecorded { event_id, attendee } => {
                self.record_attendee(event_id.as_str(), attendee)
            }
            Change::DoNotCallRequested { contact_id, .. } => {
                self.request_do_not_call(id, contact_id)
            }
            Change::DoNotCallLifted {
                contact_id, lifts, ..
            } => self.lift_do_not_call(contact_id, lifts),
            Change::ConsentChanged {
                contact_id,
                channel,
                consent,
                lifts,
                ..
            } => self.change_consent(id, contact_id, *channel, *consent, lifts),
            Change::CadenceEnrolled { enrollment } => self.enroll(enrollment),
            Change::CadenceEventRecorded {
                enrollment_id,
                event,
            } => match self.enrollments.get(enrollment_id) {
                Some(&i) => {
                    self.side.enrollments[i].events.push(event.clone());
                    Ok(())
                }
                None => invalid(format!("no enrollment {enrollment_id:?}")),
            },
            Change::BlitzClaimed {
                pool_id,
                account_id,
                rep_id,
                at,
                expires_at,
            } => {
                if expires_at.is_some_and(|end| end <= *at) {
                    return invalid("the claim expires before it is made".to_owned());
                }
                self.check_claim(pool_id, account_id, rep_id)
            }
            Change::BlitzReleased {
                pool_id,
                account_id,
                rep_id,
                ..
            } => self.check_claim(pool_id, account_id, rep_id),
            Change::HandoffProposed { handoff } => self.propose(handoff),
            Change::HandoffAccepted {
                handoff_id,
                rep_id,
                at,
            } => self.accept(handoff_id, rep_id, *at),
            Change::HandoffRejected {
                handoff_id,
                rep_id,
                at,
                reason,
            } => self.turn_down(handoff_id, rep_id, *at, reason),
            Change::WrapUpFiled { wrap_up, at } => self.file_wrap_up(wrap_up, *at),
            Change::GoalSet { goal } => self.set_goal(goal),
        }
    }

    fn file_wrap_up(&mut self, wrap_up: &WrapUp, at: DateTime<Utc>) -> Verdict {
        self.rep(wrap_up.rep_id.as_str())?;
        let tasks = wrap_up
            .follow_up_tasks(at)
            .map_err(|e| Refused::Invalid(e.to_string()))?;
        for t in &tasks {
            self.references(&t.account_id, t.contact_id.as_ref(), &t.rep_id)?;
        }
        if self
            .side
            .wrap_ups
            .iter()
            .any(|w| w.rep_id == wrap_up.rep_id && w.day == wrap_up.day)
        {
            return conflict(format!(
                "rep {:?} filed their wrap-up for {} already",
                wrap_up.rep_id.as_str(),
                wrap_up.day
            ));
        }
        if let Some(t) = tasks
            .iter()
            .find(|t| self.known(RecordKind::Task, t.id.as_str()).is_some())
        {
            return conflict(format!("task {:?} is already in the book", t.id.as_str()));
        }
        let mut ids = BTreeSet::new();
        if let Some(t) = tasks.iter().find(|t| !ids.insert(t.id.as_str())) {
            return invalid(format!("task {:?} is twice in the wrap-up", t.id.as_str()));
        }
        // Every task is checked before any is added: the wrap-up applies whole or not.
        for t in &tasks {
            self.book_mut().check_task(t).map_err(refused)?;
        }
        for t in tasks {
            self.book_mut().add_task(t).map_err(refused)?;
        }
        self.side.wrap_ups.push(wrap_up.clone());
        Ok(())
    }

    fn set_goal(&mut self, goal: &Goal) -> Verdict {
        goal.check().map_err(|e| Refused::Invalid(e.to_string()))?;
        if let Some(rep) = &goal.rep_id {
            self.rep(rep.as_str())?;
        }
        if let Some(team) = &goal.team_id
            && !self.book.teams().iter().any(|t| t.id == *team)
        {
            return invalid(format!("no team {:?}", team.as_str()));
        }
        let same = |g: &Goal| {
            g.rep_id == goal.rep_id && g.team_id == goal.team_id && g.period == goal.period
        };
        match self.side.goals.iter_mut().find(|g| same(g)) {
            Some(slot) => *slot = goal.clone(),
            None => self.side.goals.push(goal.clone()),
        }
        Ok(())
    }

    /// The position of the record of `kind` with id `id`.
    fn known(&self, kind: RecordKind, id: &str) -> Option<u32> {
        self.book.store.ids(kind).get(id)
    }

    /// The position of the record of `kind` (named `what` in the message) with id
    /// `id`, or the entry is invalid.
    fn find(&self, kind: RecordKind, what: &str, id: &str) -> std::result::Result<u32, Refused> {
        self.known(kind, id)
            .map_or_else(|| invalid(format!("no {what} {id:?}")), Ok)
    }

    fn account(&self, id: &str) -> std::result::Result<u32, Refused> {
        self.find(RecordKind::Account, "account", id)
    }

    fn contact(&self, id: &str) -> std::result::Result<u32, Refused> {
        self.find(RecordKind::Contact, "contact", id)
    }

    fn rep(&self, id: &str) -> std::result::Result<u32, Refused> {
        self.find(RecordKind::Rep, "rep", id)
    }

    fn campaign(&self, id: &str) -> std::result::Result<u32, Refused> {
        self.find(RecordKind::Campaign, "campaign", id)
    }

    /// A contact that must belong to `account`.
    fn contact_of(&self, contact: &str, account: &str) -> Verdict {
        let of = self.book.contact_at(self.contact(contact)?).account_id();
        if of != account {
            return invalid(format!(
                "contact {contact:?} belongs to account {of:?}, not {account:?}"
            ));
        }
        Ok(())
    }

    /// The account, contact and rep an activity, a task or an enrollment names.
    fn references(&self, account: &AccountId, contact: Option<&ContactId>, rep: &RepId) -> Verdict {
        self.account(account.as_str())?;
        if let Some(contact) = contact {
            self.contact_of(contact.as_str(), account.as_str())?;
        }
        self.rep(rep.as_str())?;
        Ok(())
    }

    fn log_activity(&mut self, a: &Activity) -> Verdict {
        if a.id.as_str().is_empty() {
            return invalid("the activity's id is empty".to_owned());
        }
        self.references(&a.account_id, a.contact_id.as_ref(), &a.rep_id)?;
        if let Some(o) = &a.opportunity_id {
            self.find(RecordKind::Opportunity, "opportunity", o.as_str())?;
        }
        if let Some(k) = &a.campaign_id {
            self.campaign(k.as_str())?;
        }
        if self.known(RecordKind::Activity, a.id.as_str()).is_some() {
            return conflict(format!(
                "activity {:?} is already in the book",
                a.id.as_str()
            ));
        }
        self.book_mut().log_activity(a.clone()).map_err(refused)
    }

    fn add_task(&mut self, t: &Task) -> Verdict {
        if t.id.as_str().is_empty() {
            return invalid("the task's id is empty".to_owned());
        }
        self.references(&t.account_id, t.contact_id.as_ref(), &t.rep_id)?;
        if t.completed_at.is_some_and(|done| done < t.created_at) {
            return invalid("the task is completed before it was created".to_owned());
        }
        if self.known(RecordKind::Task, t.id.as_str()).is_some() {
            return conflict(format!("task {:?} is already in the book", t.id.as_str()));
        }
        self.book_mut().add_task(t.clone()).map_err(refused)
    }

    fn close_task(&mut self, id: &str, at: DateTime<Utc>, status: TaskStatus) -> Verdict {
        let (Some(t), Some(task)) = (self.known(RecordKind::Task, id), self.book.task(id)) else {
            return invalid(format!("no task {id:?}"));
        };
        if at < task.created_at() {
            return invalid(format!("task {id:?} was created after {at}"));
        }
        if task.status() != TaskStatus::Open {
            let now = serde_json::to_value(task.status()).unwrap_or_default();
            return conflict(format!("task {id:?} is no longer open ({now})"));
        }
        match status {
            TaskStatus::Done => self.book_mut().complete_task(id, at).map_err(refused),
            _ => {
                self.book_mut().cancel_task_at(t);
                Ok(())
            }
        }
    }

    fn record_attendee(&mut self, event_id: &str, attendee: &Attendee) -> Verdict {
        let e = self.find(RecordKind::Event, "event", event_id)?;
        let c = self.contact(attendee.contact_id.as_str())?;
        match self.book.attendee_at(e, c) {
            Some(r) => {
                self.book_mut().set_attendee_status(r, attendee.status);
                Ok(())
            }
            None => self
                .book_mut()
                .record_attendee(event_id, attendee.clone())
                .map_err(refused),
        }
    }

    fn request_do_not_call(&mut self, id: &EntryId, contact_id: &ContactId) -> Verdict {
        let c = self.contact(contact_id.as_str())?;
        let base = self.book.contact_at(c).do_not_call();
        self.side
            .do_not_call
            .entry(contact_id.clone())
            .or_insert_with(|| Standing {
                base,
                requests: BTreeSet::new(),
            })
            .requests
            .insert(id.clone());
        self.book_mut().set_do_not_call_at(c, true);
        Ok(())
    }

    fn lift_do_not_call(&mut self, contact_id: &ContactId, lifts: &[EntryId]) -> Verdict {
        let c = self.contact(contact_id.as_str())?;
        let standing = self.side.do_not_call.entry(contact_id.clone()).or_default();
        standing.base = false;
        for lifted in lifts {
            standing.requests.remove(lifted);
        }
        let on = !standing.requests.is_empty();
        if !on {
            self.side.do_not_call.remove(contact_id);
        }
        self.book_mut().set_do_not_call_at(c, on);
        Ok(())
    }

    fn change_consent(
        &mut self,
        id: &EntryId,
        contact_id: &ContactId,
        channel: Channel,
        consent: Consent,
        lifts: &[EntryId],
    ) -> Verdict {
        if consent == Consent::Denied && !lifts.is_empty() {
            return invalid("an opt-out (consent denied) lifts nothing".to_owned());
        }
        let c = self.contact(contact_id.as_str())?;
        let base = self.book.contact_at(c).consent_for(channel);
        let channels = self.side.consent.entry(contact_id.clone()).or_default();
        let standing = channels.entry(channel).or_insert_with(|| Standing {
            base,
            requests: BTreeSet::new(),
        });
        if consent == Consent::Denied {
            standing.requests.insert(id.clone());
        } else {
            standing.base = consent;
            for lifted in lifts {
                standing.requests.remove(lifted);
            }
        }
        let now = if standing.requests.is_empty() {
            standing.base
        } else {
            Consent::Denied
        };
        let now = (now != Consent::Unknown).then_some(now);
        self.book_mut().set_consent_at(c, channel, now);
        Ok(())
    }

    fn enroll(&mut self, e: &Enrollment) -> Verdict {
        if e.id.is_empty() {
            return invalid("the enrollment's id is empty".to_owned());
        }
        self.references(
            &AccountId::new(e.account_id.as_str()),
            Some(&ContactId::new(e.contact_id.as_str())),
            &RepId::new(e.rep_id.as_str()),
        )?;
        if crate::time::parse_time_zone(&e.time_zone).is_err() {
            return invalid(format!("unknown time zone {:?}", e.time_zone));
        }
        if self.enrollments.contains_key(&e.id) {
            return conflict(format!("enrollment {:?} is already in the journal", e.id));
        }
        self.enrollments
            .insert(e.id.clone(), self.side.enrollments.len());
        self.side.enrollments.push(EnrollmentLog {
            enrollment: e.clone(),
            events: Vec::new(),
        });
        Ok(())
    }

    fn check_claim(&self, pool_id: &str, account: &AccountId, rep: &RepId) -> Verdict {
        if pool_id.is_empty() || pool_id.len() > MAX_POOL_ID {
            return invalid(format!(
                "the pool id is empty or longer than {MAX_POOL_ID} bytes"
            ));
        }
        self.account(account.as_str())?;
        self.rep(rep.as_str())?;
        Ok(())
    }

    /// The role a hand-off's receiver plays: operations when sales hands over.
    fn receiving_role(direction: HandoffDirection) -> OwnerRole {
        match direction {
            HandoffDirection::SalesToOperations => OwnerRole::Operations,
            HandoffDirection::OperationsToSales => OwnerRole::Sales,
        }
    }

    /// The rep holding the baton of the account at position `a`: its primary owner.
    fn holder(&self, a: u32) -> &str {
        self.book.account_at(a).primary_owner().rep_id
    }

    fn propose(&mut self, h: &Handoff) -> Verdict {
        if h.id.as_str().is_empty() {
            return invalid("the hand-off's id is empty".to_owned());
        }
        if h.accepted_at.is_some() {
            return invalid("a proposed hand-off is not accepted yet".to_owned());
        }
        let account = self.account(h.account_id.as_str())?;
        self.rep(h.from_rep_id.as_str())?;
        let to = self.book.rep_at(self.rep(h.to_rep_id.as_str())?);
        if h.from_rep_id == h.to_rep_id {
            return invalid(format!(
                "rep {:?} cannot hand the baton to themselves",
                h.to_rep_id.as_str()
            ));
        }
        let role = Self::receiving_role(h.direction);
        if to.role != role {
            return invalid(format!(
                "rep {:?} is not in {}",
                to.id.as_str(),
                serde_json::to_value(role).unwrap_or_default()
            ));
        }
        if self.known(RecordKind::Handoff, h.id.as_str()).is_some()
            || self.side.turned_down.contains(&h.id)
            || self.side.never_pending.contains(&h.id)
        {
            return conflict(format!("hand-off id {:?} is taken", h.id.as_str()));
        }
        let holder = self.holder(account);
        if holder != h.from_rep_id.as_str() {
            return conflict(format!(
                "rep {:?} does not hold the baton of account {:?}; rep {holder:?} does",
                h.from_rep_id.as_str(),
                h.account_id.as_str(),
            ));
        }
        // The first pending one in book order (a valid journal leaves one at most).
        if let Some(pending) = self
            .book
            .handoffs_of(h.account_id.as_str())
            .filter(|p| p.accepted_at.is_none())
            .min_by_key(|p| self.known(RecordKind::Handoff, p.id.as_str()))
        {
            return conflict(format!(
                "hand-off {:?} of account {:?} is pending",
                pending.id.as_str(),
                h.account_id.as_str()
            ));
        }
        self.book_mut()
            .push_handoff(account, h.clone())
            .map_err(refused)
    }

    /// The position of the pending hand-off `id` that `rep` may answer at `at`.
    fn answerable(
        &self,
        id: &HandoffId,
        rep: &RepId,
        at: DateTime<Utc>,
    ) -> std::result::Result<usize, Refused> {
        let Some(i) = self.known(RecordKind::Handoff, id.as_str()) else {
            if self.side.turned_down.contains(id) {
                return conflict(format!("hand-off {:?} was turned down", id.as_str()));
            }
            if self.side.never_pending.contains(id) {
                return conflict(format!(
                    "hand-off {:?} was never pending: its proposal was rejected",
                    id.as_str()
                ));
            }
            return invalid(format!("no hand-off {:?}", id.as_str()));
        };
        let h = &self.book.handoffs()[i as usize];
        if h.to_rep_id != *rep {
            return invalid(format!(
                "hand-off {:?} goes to rep {:?}, not {:?}",
                id.as_str(),
                h.to_rep_id.as_str(),
                rep.as_str()
            ));
        }
        if at < h.at {
            return invalid(format!(
                "hand-off {:?} was proposed after {at}",
                id.as_str()
            ));
        }
        if h.accepted_at.is_some() {
            return conflict(format!("hand-off {:?} was accepted already", id.as_str()));
        }
        Ok(i as usize)
    }

    fn accept(&mut self, id: &HandoffId, rep: &RepId, at: DateTime<Utc>) -> Verdict {
        let i = self.answerable(id, rep, at)?;
        let to = self.rep(rep.as_str())?;
        let h = &self.book.handoffs()[i];
        let a = self.account(h.account_id.as_str())?;
        let holder = self.holder(a);
        if holder != h.from_rep_id.as_str() {
            return conflict(format!(
                "rep {:?} no longer holds the baton of account {:?}; rep {holder:?} does",
                h.from_rep_id.as_str(),
                h.account_id.as_str(),
            ));
        }
        let role = Self::receiving_role(h.direction);
        self.book_mut().hand_over(i, to, role, at);
        Ok(())
    }

    fn turn_down(
        &mut self,
        id: &HandoffId,
        rep: &RepId,
        at: DateTime<Utc>,
        reason: &str,
    ) -> Verdict {
        if reason.trim().is_empty() || reason.chars().count() > MAX_REASON {
            return invalid(format!(
                "the reason is blank or longer than {MAX_REASON} characters"
            ));
        }
        let i = self.answerable(id, rep, at)?;
        self.book_mut().remove_handoff(i).map_err(refused)?;
        self.side.turned_down.insert(id.clone());
        Ok(())
    }
}

/// A change the book refused (a rule of loading replay does not check itself): the
/// entry is invalid, with the book's message.
fn refused(e: crate::Error) -> Refused {
    Refused::Invalid(e.to_string())
}

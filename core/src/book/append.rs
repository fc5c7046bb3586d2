//! Changing a book in place: logging activities, adding and completing tasks,
//! recording campaign responses and event attendees, setting consent and do-not-call.
//!
//! Each change is checked by the same rules as loading (the same problems, at the
//! position the record takes) and refused whole: a refused change leaves the book as
//! it was. The indexes follow each change without a rebuild: what is added waits in a
//! short list per account (a tail) beside the grouped arrays, merged in when the tails
//! hold an eighth of the records.

use super::store::codes::{Code, micros};
use super::store::columns::Owner;
use super::store::{KINDS, Store, activities, columns, is_referenced, slot, tasks};
use super::validate::Checker;
use crate::error::{Error, Problem, RecordKind, Result};
use crate::{
    Activity, Attendee, AttendeeStatus, Book, CampaignResponse, Channel, Consent, Handoff,
    OwnerRole, Task, TaskStatus,
};
use chrono::{DateTime, Utc};

/// The lengths of the id tables before a change, to undo the ids it numbered.
struct Undo([usize; 12]);

impl Undo {
    fn new(book: &Book) -> Self {
        Self(std::array::from_fn(|k| book.store.ids[k].len()))
    }

    /// Forgets the ids numbered since, in every kind others refer to (and in `own`,
    /// the kind of the record added).
    fn undo(&self, book: &mut Book, own: Option<RecordKind>) {
        for kind in KINDS {
            if is_referenced(kind) || Some(kind) == own {
                book.store.ids[slot(kind)].truncate(self.0[slot(kind)]);
            }
        }
    }
}

/// `problems` as the error refusing a change, or nothing when there are none.
fn refused(problems: Vec<Problem>) -> Result<()> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation { problems })
    }
}

impl Book {
    /// Logs an activity: checks it as loading would (its id new, every reference
    /// resolving, the contact the account's) and adds it to the book and its indexes,
    /// in the account's history at its instant (after any of the same instant).
    ///
    /// # Errors
    /// [`Error::Validation`] listing its problems, placed at `activities[n]` (`n` the
    /// number of activities before it); the book is then unchanged.
    ///
    /// # Example
    /// ```
    /// let mut book = callwise::sample_book(&callwise::SampleConfig::new(7, 20))?;
    /// let mut call = book.activities_of("acc-0000004").next().unwrap().to_activity();
    /// call.id = "act-new".into();
    /// call.at = "2026-11-02T15:00:00Z".parse().unwrap();
    /// book.log_activity(call.clone())?;
    /// assert_eq!(book.activities_of("acc-0000004").last().unwrap().id(), "act-new");
    /// // The same id again is refused, and nothing changes.
    /// assert!(matches!(book.log_activity(call), Err(callwise::Error::Validation { .. })));
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn log_activity(&mut self, activity: Activity) -> Result<()> {
        self.store.read_ahead_references([
            (RecordKind::Activity, activity.id.as_str()),
            (RecordKind::Account, activity.account_id.as_str()),
            (
                RecordKind::Contact,
                activity.contact_id.as_ref().map_or("", |c| c.as_str()),
            ),
        ]);
        let undo = Undo::new(self);
        let checked = self.check_new(
            RecordKind::Activity,
            activity.id.as_str(),
            |store| activities::row(store, &activity),
            |c, b, row| c.activity_row(b, row),
        );
        match checked {
            Ok(row) => {
                let x = &mut self.store.activities;
                x.push_row(row);
                if x.tails_are_long() {
                    x.group(self.store.accounts.len());
                }
                Ok(())
            }
            Err(e) => {
                undo.undo(self, Some(RecordKind::Activity));
                Err(e)
            }
        }
    }

    /// Numbers the id `id` of a new record of `kind` and the references of its row
    /// (`row` makes it) and checks both (`check` the row): the row, or the problems.
    /// The caller undoes the numbering when this fails.
    fn check_new<R>(
        &mut self,
        kind: RecordKind,
        id: &str,
        row: impl FnOnce(&mut Store) -> Result<R>,
        check: impl FnOnce(&mut Checker<'_>, u32, &R),
    ) -> Result<R> {
        let position = self.store.count(kind) as u32;
        let (_, first) = self.store.ids[slot(kind)].push(id)?;
        let row = row(&mut self.store)?;
        let mut checker = Checker::new(&self.store);
        checker.id(kind, position, first.is_some());
        check(&mut checker, position, &row);
        refused(checker.problems()).map(|()| row)
    }

    /// Adds a task: checks it as loading would (its id new, its account, contact and
    /// rep known, the contact the account's, a completion not before its creation) and
    /// adds it to the book and its account's tasks.
    ///
    /// # Errors
    /// [`Error::Validation`] listing its problems, placed at `tasks[n]`; the book is
    /// then unchanged.
    ///
    /// # Example
    /// ```
    /// use callwise::{Task, TaskKind, TaskSource, TaskStatus};
    /// let mut book = callwise::sample_book(&callwise::SampleConfig::new(7, 20))?;
    /// let task = Task {
    ///     id: "task-new".into(), account_id: "acc-0000001".into(), contact_id: None,
    ///     rep_id: book.reps()[0].id.clone(), kind: TaskKind::Call, source: TaskSource::Manual,
    ///     status: TaskStatus::Open, created_at: "2026-11-02T15:00:00Z".parse().unwrap(),
    ///     due_on: "2026-11-03".parse().unwrap(), completed_at: None,
    /// };
    /// book.add_task(task)?;
    /// assert_eq!(book.tasks().last().unwrap().id(), "task-new");
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn add_task(&mut self, task: Task) -> Result<()> {
        let t = self.store.tasks.len() as u32;
        let undo = Undo::new(self);
        let checked = self.check_new(
            RecordKind::Task,
            task.id.as_str(),
            |store| tasks::row(store, &task),
            |c, t, row| c.task_row(t, row),
        );
        match checked {
            Ok(row) => {
                self.store.tasks.push(&row);
                let tasks = &mut self.index.tasks_by_account;
                tasks.add(row.account, t, |x| x);
                tasks.settle(|x| x);
                Ok(())
            }
            Err(e) => {
                undo.undo(self, Some(RecordKind::Task));
                Err(e)
            }
        }
    }

    /// Completes an open task at `completed_at`: its status becomes done.
    ///
    /// # Errors
    /// - [`Error::NotFound`] when no task has id `task_id`;
    /// - [`Error::InvalidArgument`] when the task is not open;
    /// - [`Error::Validation`] when `completed_at` is before the task's creation.
    ///
    /// # Example
    /// ```
    /// let mut book = callwise::sample_book(&callwise::SampleConfig::new(7, 50))?;
    /// let open = book.tasks().find(|t| t.status() == callwise::TaskStatus::Open).unwrap();
    /// let id = open.id().to_owned();
    /// book.complete_task(&id, "2026-11-02T16:00:00Z".parse().unwrap())?;
    /// assert!(book.tasks().any(|t| t.id() == id && t.status() == callwise::TaskStatus::Done));
    /// assert!(book.complete_task(&id, "2026-11-02T16:00:00Z".parse().unwrap()).is_err());
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn complete_task(&mut self, task_id: &str, completed_at: DateTime<Utc>) -> Result<()> {
        let t = self
            .store
            .ids(RecordKind::Task)
            .get(task_id)
            .ok_or_else(|| Error::not_found(RecordKind::Task, task_id))?;
        let row = self.store.tasks.row(t);
        if row.status != TaskStatus::Open {
            return Err(Error::invalid_argument(
                "task_id",
                format!("task {task_id:?} is not open"),
            ));
        }
        let at = micros(completed_at);
        let done = tasks::TaskRow {
            status: TaskStatus::Done,
            completed: Some(at),
            ..row
        };
        let mut checker = Checker::new(&self.store);
        checker.task_row(t, &done);
        refused(checker.problems())?;
        self.store.tasks.complete(t, at);
        Ok(())
    }

    /// Records a contact's response to the campaign `campaign_id`, after its others.
    ///
    /// # Errors
    /// - [`Error::NotFound`] when no campaign has id `campaign_id`;
    /// - [`Error::Validation`] when the contact is not in the book (placed at
    ///   `campaigns[k].responses[n]`); the book is then unchanged.
    ///
    /// # Example
    /// ```
    /// use callwise::{CampaignResponse, ResponseKind};
    /// let mut book = callwise::sample_book(&callwise::SampleConfig::new(7, 20))?;
    /// let before = book.campaigns().next().unwrap().responses().count();
    /// let reply = CampaignResponse {
    ///     contact_id: "con-0000001".into(), at: "2026-11-02T15:00:00Z".parse().unwrap(),
    ///     kind: ResponseKind::Replied,
    /// };
    /// book.record_campaign_response("camp-001", reply)?;
    /// assert_eq!(book.campaigns().next().unwrap().responses().count(), before + 1);
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn record_campaign_response(
        &mut self,
        campaign_id: &str,
        response: CampaignResponse,
    ) -> Result<()> {
        let k = self
            .store
            .ids(RecordKind::Campaign)
            .get(campaign_id)
            .ok_or_else(|| Error::not_found(RecordKind::Campaign, campaign_id))?;
        let (flat, tail) = self.index.responses_by_campaign.get(k);
        let j = flat.len() + tail.len();
        let r = self.store.responses.len() as u32;
        let undo = Undo::new(self);
        let checked = columns::push_response(&mut self.store, k, &response).and_then(|()| {
            let mut checker = Checker::new(&self.store);
            checker.response(k, j, r);
            refused(checker.problems())
        });
        if let Err(e) = checked {
            self.store.responses.truncate(r as usize);
            undo.undo(self, None);
            return Err(e);
        }
        let a = self.contact_account_at(self.store.responses.contact[r as usize]);
        let campaign = &self.store.responses.campaign;
        self.index.responses_by_campaign.add(k, r, |x| x);
        self.index.responses_by_campaign.settle(|x| x);
        let key = |x: u32| (campaign[x as usize], x);
        self.index.responses_by_account.add(a, r, key);
        self.index.responses_by_account.settle(key);
        Ok(())
    }

    /// Records a contact's place at the event `event_id`, after its others.
    ///
    /// # Errors
    /// - [`Error::NotFound`] when no event has id `event_id`;
    /// - [`Error::Validation`] when the contact is not in the book (placed at
    ///   `events[e].attendees[n]`); the book is then unchanged.
    ///
    /// # Example
    /// ```
    /// use callwise::{Attendee, AttendeeStatus};
    /// let mut book = callwise::sample_book(&callwise::SampleConfig::new(7, 20))?;
    /// let event = book.events().last().unwrap().id().to_owned();
    /// let seat = Attendee { contact_id: "con-0000001".into(), status: AttendeeStatus::Registered };
    /// book.record_attendee(&event, seat.clone())?;
    /// assert_eq!(book.events().last().unwrap().attendees().last(), Some(seat));
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn record_attendee(&mut self, event_id: &str, attendee: Attendee) -> Result<()> {
        let e = self
            .store
            .ids(RecordKind::Event)
            .get(event_id)
            .ok_or_else(|| Error::not_found(RecordKind::Event, event_id))?;
        let (flat, tail) = self.index.attendees_by_event.get(e);
        let j = flat.len() + tail.len();
        let r = self.store.attendees.len() as u32;
        let undo = Undo::new(self);
        let checked = columns::push_attendee(&mut self.store, e, &attendee).and_then(|()| {
            let mut checker = Checker::new(&self.store);
            checker.attendee(e, j, r);
            refused(checker.problems())
        });
        if let Err(err) = checked {
            self.store.attendees.truncate(r as usize);
            undo.undo(self, None);
            return Err(err);
        }
        let a = self.contact_account_at(self.store.attendees.contact[r as usize]);
        let event = &self.store.attendees.event;
        self.index.attendees_by_event.add(e, r, |x| x);
        self.index.attendees_by_event.settle(|x| x);
        let key = |x: u32| (event[x as usize], x);
        self.index.attendees_by_account.add(a, r, key);
        self.index.attendees_by_account.settle(key);
        Ok(())
    }

    /// Records a contact's consent for one channel (replacing what was recorded).
    ///
    /// # Errors
    /// [`Error::NotFound`] when no contact has id `contact_id`.
    ///
    /// # Example
    /// ```
    /// use callwise::{Channel, Consent};
    /// let mut book = callwise::sample_book(&callwise::SampleConfig::new(7, 20))?;
    /// book.set_consent("con-0000001", Channel::Text, Consent::Denied)?;
    /// assert_eq!(book.contact("con-0000001").unwrap().consent_for(Channel::Text), Consent::Denied);
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn set_consent(
        &mut self,
        contact_id: &str,
        channel: Channel,
        consent: Consent,
    ) -> Result<()> {
        let c = self.contact_or_error(contact_id)?;
        self.set_consent_at(c, channel, Some(consent));
        Ok(())
    }

    /// Puts a contact on the do-not-call list (`true`) or takes them off it.
    ///
    /// # Errors
    /// [`Error::NotFound`] when no contact has id `contact_id`.
    ///
    /// # Example
    /// ```
    /// let mut book = callwise::sample_book(&callwise::SampleConfig::new(7, 20))?;
    /// book.set_do_not_call("con-0000001", true)?;
    /// assert!(book.contact("con-0000001").unwrap().do_not_call());
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn set_do_not_call(&mut self, contact_id: &str, do_not_call: bool) -> Result<()> {
        let c = self.contact_or_error(contact_id)?;
        self.set_do_not_call_at(c, do_not_call);
        Ok(())
    }

    fn contact_or_error(&self, contact_id: &str) -> Result<u32> {
        self.contact_position(contact_id)
            .ok_or_else(|| Error::not_found(RecordKind::Contact, contact_id))
    }
}

/// Changes the store's replay makes besides the appends above: a task cancelled, an
/// attendee's status changed in place, hand-offs proposed, accepted and turned down.
/// Replay checks its own rules first (`store::replay`); these keep the columns and the
/// indexes current, so that a journal replays on the loaded book without a copy of its
/// records.
impl Book {
    /// Records the consent of the contact at position `c` for `channel` (`None`:
    /// nothing recorded).
    pub(crate) fn set_consent_at(&mut self, c: u32, channel: Channel, consent: Option<Consent>) {
        self.store.contacts.set_consent(c, channel, consent);
    }

    /// Puts the contact at position `c` on the do-not-call list, or takes them off.
    pub(crate) fn set_do_not_call_at(&mut self, c: u32, do_not_call: bool) {
        self.store.contacts.set_do_not_call(c, do_not_call);
    }

    /// Cancels the task at position `t` (replay has checked that it is open).
    pub(crate) fn cancel_task_at(&mut self, t: u32) {
        self.store.tasks.cancel(t);
    }

    /// [`Book::add_task`]'s checks of `task`, the book left as it was.
    pub(crate) fn check_task(&mut self, task: &Task) -> Result<()> {
        let undo = Undo::new(self);
        let checked = self.check_new(
            RecordKind::Task,
            task.id.as_str(),
            |store| tasks::row(store, task),
            |c, t, row| c.task_row(t, row),
        );
        undo.undo(self, Some(RecordKind::Task));
        checked.map(|_| ())
    }

    /// The position of the first attendee of the event at `e` who is the contact at
    /// `c`, if any.
    pub(crate) fn attendee_at(&self, e: u32, c: u32) -> Option<u32> {
        let (flat, tail) = self.index.attendees_by_event.get(e);
        let contact = &self.store.attendees.contact;
        flat.iter()
            .chain(tail)
            .copied()
            .find(|&r| contact[r as usize] == c)
    }

    /// Sets the status of the attendee at position `r`.
    pub(crate) fn set_attendee_status(&mut self, r: u32, status: AttendeeStatus) {
        self.store.attendees.status[r as usize] = status.code();
    }

    /// Adds a proposed hand-off of the account at position `a`, after the others
    /// (replay has checked its id is new and its references resolve).
    ///
    /// # Errors
    /// [`Error::Validation`] if the id table is full.
    pub(crate) fn push_handoff(&mut self, a: u32, h: Handoff) -> Result<()> {
        let i = self.store.handoffs.len() as u32;
        self.store.ids[slot(RecordKind::Handoff)].push(h.id.as_str())?;
        self.store.handoffs.push(h);
        let handoffs = &self.store.handoffs;
        self.index
            .handoffs_by_account
            .insert(a, i, |x| handoffs[x as usize].at);
        Ok(())
    }

    /// Accepts the hand-off at position `i` at `at`: its receiver, the rep at position
    /// `to`, becomes the account's primary owner in `role`; the primary owner before
    /// becomes a co-owner (unless they already are one, or are the receiver), and the
    /// receiver is no longer a co-owner.
    pub(crate) fn hand_over(&mut self, i: usize, to: u32, role: OwnerRole, at: DateTime<Utc>) {
        let h = &self.store.handoffs[i];
        let a = self
            .account_position(h.account_id.as_str())
            .expect("replay checked the hand-off's account");
        let division = self
            .store
            .ids(RecordKind::Division)
            .get(self.store.reps[to as usize].division_id.as_str())
            .expect("a valid book's reps are in its divisions");
        let accounts = &self.store.accounts;
        let previous = accounts.primary[a as usize];
        let owned_before = self.owner_reps_at(a).any(|r| r == to);
        let mut co: Vec<Owner> = accounts
            .co_owners(a)
            .iter()
            .copied()
            .filter(|o| o.rep != to)
            .collect();
        if previous.rep != to && !co.iter().any(|o| o.rep == previous.rep) {
            co.push(previous);
        }
        let primary = Owner {
            rep: to,
            division,
            role: role.code(),
        };
        self.store.accounts.set_owners(a, primary, &co);
        if !owned_before {
            self.index.accounts_by_owner.insert(to, a, |x| x);
        }
        self.store.handoffs[i].accepted_at = Some(at);
    }

    /// Removes the hand-off at position `i` (turned down): the later ones move up a
    /// place, in the records, the id table and the index. It costs the hand-offs after
    /// it (their ids are indexed again) and a pass over the index: a hand-off turned
    /// down soon after it was proposed is near the end, and cheap to remove.
    ///
    /// # Errors
    /// [`Error::Validation`] if the id table cannot take the later ids back.
    pub(crate) fn remove_handoff(&mut self, i: usize) -> Result<()> {
        let h = self.store.handoffs.remove(i);
        let a = self
            .account_position(h.account_id.as_str())
            .expect("replay checked the hand-off's account");
        self.store.ids[slot(RecordKind::Handoff)].remove(i)?;
        self.index.handoffs_by_account.remove(a, i as u32);
        Ok(())
    }
}

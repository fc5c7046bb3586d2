//! The Kotlin binding of callwise, through UniFFI proc macros (no UDL).
//!
//! This crate holds no domain logic. Core's own records and enums cross as themselves,
//! declared to UniFFI with `#[uniffi::remote(...)]`; core's small types (ids, dates,
//! clock times, instants, weekdays) are UniFFI custom types (`types.rs`); core's error
//! becomes [`CallwiseError`], carrying core's message text. What
//! is left to convert is where core's shape cannot cross: private fields, tuples,
//! `&'static str`, `usize`, `i128` and ordered maps; each such conversion says why.
//!
//! The book is [`Book`]; the retention models of `callwise::retention` are objects of
//! their own (`retention.rs`), as is the covariate renewal model (`renewal.rs`); the
//! book's retention signals are in `signals.rs`, Kaplan–Meier curves and the evaluation
//! of predictions in `evaluate.rs`, the RFM summary of a transaction log in `rfm.rs`.
//! "Can I call this person now?" is `CallingRules` and `Book.canCall` (`calling.rs`),
//! business days and hours `BusinessCalendar` (`calendar.rs`), cadences, their
//! enrollments and the steps due on a day `Playbook` (`cadence.rs`), and routines (Power
//! Hour, Crankathon, bookends), birthday and renewal calls, zone rotation and their
//! iCalendar export `Routine` (`routine.rs`). A book is loaded from a CRM's CSV exports
//! by `loadCrmCsv` (`crm.rs`). The Next Day Call List and the Power Hour pool are
//! `Book.nextDayCallList`, `Book.powerHourList` and `Book.callLists` (`call_list.rs`);
//! blitz pools, the leaderboard, the Daily Wrap Up, goals and the hand-off baton are
//! `Book.blitzPool`, `Book.dailyWrapUp`, `Book.goalProgress`, `Book.proposeHandoff` and
//! the rest of `team.rs`.
//!
//! A book and its event journal in one SQLite file, appended, snapshotted and merged
//! across devices, is `Store` (`store.rs`).
//!
//! The Kotlin side is generated in library mode from the built `libcallwise_uniffi.so`
//! into package `dev.callwise` (see `uniffi.toml` and `pom.xml`).
#![deny(missing_docs)]

/// The allocator of everything the library allocates in Rust: mimalloc (see the
/// workspace's `Cargo.toml`, and DESIGN.md "The bindings' allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod cadence;
pub mod calendar;
pub mod call_list;
pub mod calling;
pub mod crm;
pub mod error;
pub mod evaluate;
pub mod records;
pub mod renewal;
pub mod retention;
pub mod rfm;
pub mod routine;
pub mod signals;
pub mod store;
pub mod summary;
pub mod team;
pub mod types;

use crate::error::CallwiseError;
use crate::types::NaiveDate;
use callwise::{
    Account, AccountId, Activity, Birthday, Channel, Consent, ContactId, Email, Handoff,
    Membership, Opportunity, Phone, Rep, RepId,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

uniffi::setup_scaffolding!();

/// A validated, indexed book of business (core's `callwise::Book`).
///
/// One instance can be shared between threads. Each call reads one snapshot of the book;
/// the checked changes (`logActivity`, `addTask`, ...) are serialised by a lock and copy
/// the book first only when a snapshot is still in use (a blitz pool keeps the one it
/// was made from): copy-on-write, so a reader never sees half a change. In Kotlin it is
/// `AutoCloseable`: use it in `.use { }` to free the native memory promptly.
#[derive(uniffi::Object)]
pub struct Book(Mutex<Arc<callwise::Book>>);

/// A contact as Kotlin sees it: core's `Contact` with the zone they are called in
/// resolved, as Python's `Contact` has it (core keeps only the contact's own override and
/// answers the calling zone through the book, so this one record is the binding's).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Contact {
    /// The contact's id.
    pub id: ContactId,
    /// The id of the account the contact belongs to.
    pub account_id: AccountId,
    /// The contact's name (personal data: keep it out of logs).
    pub name: String,
    /// Job title, when known.
    pub title: Option<String>,
    /// Phone numbers, best first.
    pub phones: Vec<Phone>,
    /// E-mail addresses, in book order.
    pub emails: Vec<Email>,
    /// The IANA zone the contact is called in: their own override, else their account's.
    pub time_zone: String,
    /// The contact's own zone, when it overrides the account's.
    pub time_zone_override: Option<String>,
    /// Whether the contact is on a do-not-call list.
    pub do_not_call: bool,
    /// The contact's birthday, when known.
    pub birthday: Option<Birthday>,
    /// Consent recorded per channel; a channel not listed is `Consent.UNKNOWN` (see
    /// `Book.consentFor`). Iteration order means nothing.
    pub consent: HashMap<Channel, Consent>,
}

impl Book {
    /// A book holding `book`.
    pub(crate) fn new(book: callwise::Book) -> Self {
        Self(Mutex::new(Arc::new(book)))
    }

    /// A book sharing `book` (a store's): no copy until it is changed.
    pub(crate) fn shared(book: Arc<callwise::Book>) -> Self {
        Self(Mutex::new(book))
    }

    /// The core book as it is now: a snapshot that later changes do not touch (the lock
    /// is held only to copy the pointer).
    pub(crate) fn core(&self) -> Arc<callwise::Book> {
        Arc::clone(&self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Applies the core change `change` under the lock, copying the book first only when
    /// a snapshot of it is in use.
    fn change(
        &self,
        change: impl FnOnce(&mut callwise::Book) -> callwise::Result<()>,
    ) -> Result<(), CallwiseError> {
        let mut book = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(change(Arc::make_mut(&mut book))?)
    }
}

/// A core contact of `book` as a [`Contact`] record, with core's answer for its calling
/// zone.
fn contact_record(book: &callwise::Book, contact: callwise::ContactRef<'_>) -> Contact {
    let time_zone = book
        .contact_time_zone(contact.id())
        .expect("every contact of a validated book has a calling zone")
        .to_owned();
    let contact = contact.to_contact();
    Contact {
        id: contact.id,
        account_id: contact.account_id,
        name: contact.name,
        title: contact.title,
        phones: contact.phones,
        emails: contact.emails,
        time_zone,
        time_zone_override: contact.time_zone,
        do_not_call: contact.do_not_call,
        birthday: contact.birthday,
        consent: contact.consent.into_iter().collect(),
    }
}

#[uniffi::export]
impl Book {
    /// Reads a book from its JSON form and validates it (`Book.fromJson(json)` in Kotlin).
    ///
    /// # Errors
    /// - `Json` when the text is not JSON of the book's shape (unknown fields included);
    /// - `UnsupportedSchemaVersion` when it declares another schema version;
    /// - `Validation` listing every problem found.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, CallwiseError> {
        Ok(Arc::new(Self::new(callwise::Book::from_json(&json)?)))
    }

    /// The book as JSON: pretty-printed, two-space indents, a final newline. Reading it
    /// back and writing it again gives the same bytes.
    pub fn to_json(&self) -> String {
        self.core().to_json()
    }

    /// The book as compact JSON: no white space at all (smaller, faster to write and
    /// read; `Book.fromJson` and `Book.readJson` read it).
    pub fn to_json_compact(&self) -> String {
        self.core().to_json_with(callwise::JsonStyle::Compact)
    }

    /// Writes the book's JSON (pretty, as `toJson`, or compact, as `toJsonCompact`) to
    /// the file at `path` (created, or truncated) as it goes, record by record, never
    /// building the whole text.
    ///
    /// # Errors
    /// `FileWrite` naming `path` when the file cannot be created or written.
    pub fn write_json(&self, path: String, compact: bool) -> Result<(), CallwiseError> {
        let style = if compact {
            callwise::JsonStyle::Compact
        } else {
            callwise::JsonStyle::Pretty
        };
        Ok(self.core().save_json(path, style)?)
    }

    /// Reads a book from the JSON file at `path` (`Book.readJson(path)` in Kotlin), each
    /// record into the book as it is parsed, never the whole text at once.
    ///
    /// # Errors
    /// - `FileRead` naming `path` when it cannot be opened or read;
    /// - `Json`, `UnsupportedSchemaVersion` or `Validation`, as `fromJson`.
    #[uniffi::constructor]
    pub fn read_json(path: String) -> Result<Arc<Self>, CallwiseError> {
        Ok(Arc::new(Self::new(callwise::Book::load_json(path)?)))
    }

    /// The ids of every rep, in book order.
    pub fn rep_ids(&self) -> Vec<RepId> {
        self.core().rep_ids().cloned().collect()
    }

    /// The contact with id `id`, or `None` (Kotlin `null`) when there is none.
    pub fn contact(&self, id: ContactId) -> Option<Contact> {
        let book = self.core();
        book.contact(id.as_str()).map(|c| contact_record(&book, c))
    }

    /// The consent a contact has recorded for `channel`, `Consent.UNKNOWN` when none is
    /// (core's `Contact::consent_for`); `None` (Kotlin `null`) for an unknown contact.
    pub fn consent_for(&self, contact_id: ContactId, channel: Channel) -> Option<Consent> {
        self.core()
            .contact(contact_id.as_str())
            .map(|c| c.consent_for(channel))
    }

    /// The account with id `id`, or `None` (Kotlin `null`) when there is none.
    pub fn account(&self, id: AccountId) -> Option<Account> {
        self.core().account(id.as_str()).map(|a| a.to_account())
    }

    /// The rep with id `id`, or `None` (Kotlin `null`) when there is none.
    pub fn rep(&self, id: RepId) -> Option<Rep> {
        self.core().rep(id.as_str()).cloned()
    }

    /// The task with id `id`, or `None` (Kotlin `null`) when there is none.
    pub fn task(&self, id: callwise::TaskId) -> Option<callwise::Task> {
        self.core().task(id.as_str()).map(|t| t.to_task())
    }

    /// The accounts a rep owns, as primary owner or co-owner, in book order (empty for an
    /// unknown rep).
    pub fn accounts_owned_by(&self, rep_id: RepId) -> Vec<Account> {
        self.core()
            .accounts_owned_by(rep_id.as_str())
            .map(|a| a.to_account())
            .collect()
    }

    /// The contacts of an account, in book order, each with the zone they are called in
    /// (empty for an unknown account).
    pub fn contacts_of(&self, account_id: AccountId) -> Vec<Contact> {
        let book = self.core();
        book.contacts_of(account_id.as_str())
            .map(|c| contact_record(&book, c))
            .collect()
    }

    /// The activities on an account, oldest first, ties in book order, whichever rep or
    /// division logged them (empty for an unknown account).
    pub fn activities_of(&self, account_id: AccountId) -> Vec<Activity> {
        self.core()
            .activities_of(account_id.as_str())
            .map(|a| a.to_activity())
            .collect()
    }

    /// The opportunities on an account, in book order (empty for an unknown account).
    pub fn opportunities_of(&self, account_id: AccountId) -> Vec<Opportunity> {
        self.core()
            .opportunities_of(account_id.as_str())
            .map(|o| o.to_opportunity())
            .collect()
    }

    /// The memberships of an account, in book order (empty for an unknown account).
    pub fn memberships_of(&self, account_id: AccountId) -> Vec<Membership> {
        self.core()
            .memberships_of(account_id.as_str())
            .map(|m| m.to_membership())
            .collect()
    }

    /// The hand-offs of an account, oldest first (empty for an unknown account).
    pub fn handoffs_of(&self, account_id: AccountId) -> Vec<Handoff> {
        self.core()
            .handoffs_of(account_id.as_str())
            .cloned()
            .collect()
    }

    /// Logs an activity (core's `Book::log_activity`): checked as loading checks it, then
    /// in its account's history at its instant (after any of the same instant), indexes
    /// included.
    ///
    /// # Errors
    /// `Validation` listing its problems (placed at `activities[n]`); the book is then
    /// unchanged.
    pub fn log_activity(&self, activity: Activity) -> Result<(), CallwiseError> {
        self.change(|book| book.log_activity(activity))
    }

    /// Adds a task (core's `Book::add_task`), checked as loading checks it.
    ///
    /// # Errors
    /// `Validation` listing its problems (placed at `tasks[n]`); the book is then
    /// unchanged.
    pub fn add_task(&self, task: callwise::Task) -> Result<(), CallwiseError> {
        self.change(|book| book.add_task(task))
    }

    /// Completes the open task `taskId` at `completedAt` (core's `Book::complete_task`).
    ///
    /// # Errors
    /// `NotFound` for an unknown task, `InvalidArgument` when it is not open,
    /// `Validation` when `completedAt` is before its creation.
    pub fn complete_task(
        &self,
        task_id: callwise::TaskId,
        completed_at: types::UtcInstant,
    ) -> Result<(), CallwiseError> {
        self.change(|book| book.complete_task(task_id.as_str(), completed_at))
    }

    /// Records a contact's response to campaign `campaignId`, after its others.
    ///
    /// # Errors
    /// `NotFound` for an unknown campaign, `Validation` for an unknown contact; the book
    /// is then unchanged.
    pub fn record_campaign_response(
        &self,
        campaign_id: callwise::CampaignId,
        response: callwise::CampaignResponse,
    ) -> Result<(), CallwiseError> {
        self.change(|book| book.record_campaign_response(campaign_id.as_str(), response))
    }

    /// Records a contact's place at event `eventId`, after its others.
    ///
    /// # Errors
    /// `NotFound` for an unknown event, `Validation` for an unknown contact; the book is
    /// then unchanged.
    pub fn record_attendee(
        &self,
        event_id: callwise::EventId,
        attendee: callwise::Attendee,
    ) -> Result<(), CallwiseError> {
        self.change(|book| book.record_attendee(event_id.as_str(), attendee))
    }

    /// Records a contact's consent for `channel`, replacing what was recorded.
    ///
    /// # Errors
    /// `NotFound` for an unknown contact.
    pub fn set_consent(
        &self,
        contact_id: ContactId,
        channel: Channel,
        consent: Consent,
    ) -> Result<(), CallwiseError> {
        self.change(|book| book.set_consent(contact_id.as_str(), channel, consent))
    }

    /// Puts a contact on the do-not-call list (`true`) or takes them off it.
    ///
    /// # Errors
    /// `NotFound` for an unknown contact.
    pub fn set_do_not_call(
        &self,
        contact_id: ContactId,
        do_not_call: bool,
    ) -> Result<(), CallwiseError> {
        self.change(|book| book.set_do_not_call(contact_id.as_str(), do_not_call))
    }

    /// The book's summary as JSON, byte for byte what core's `BookSummary::to_json` gives.
    pub fn summary_json(&self) -> String {
        self.core().summary().to_json()
    }

    /// The book's summary as text, byte for byte what core's `BookSummary::to_text` gives.
    pub fn summary_text(&self) -> String {
        self.core().summary().to_text()
    }

    /// The book's summary as a typed record: every field of core's `BookSummary`.
    pub fn summary(&self) -> summary::BookSummary {
        self.core().summary().into()
    }
}

/// Makes core's deterministic sample book: the same `seed`, `members`, `activities` and
/// `as_of` give the same book, in every language.
///
/// `activities` is about how many activities in all (`null`: the sample's natural rate);
/// `as_of` is the day the book is "as of" (history lies before it). Each argument left
/// out (or `null`) is core's default sample's (`SampleConfig::default()`: seed 7, 1,000
/// members, as of 1 November 2026).
///
/// # Errors
/// `InvalidArgument` when `members` is more than a sample book holds (core's
/// `MAX_SAMPLE_MEMBERS`, one million), when `activities` is more than core's
/// `MAX_SAMPLE_ACTIVITIES` (fifty million), or when `as_of` falls outside the years
/// 1900 to 9999.
#[uniffi::export(default(seed = None, members = None, activities = None, as_of = None))]
pub fn sample_book(
    seed: Option<u64>,
    members: Option<u32>,
    activities: Option<u64>,
    as_of: Option<NaiveDate>,
) -> Result<Arc<Book>, CallwiseError> {
    let defaults = callwise::SampleConfig::default();
    let config = callwise::SampleConfig {
        seed: seed.unwrap_or(defaults.seed),
        members: members.unwrap_or(defaults.members),
        activities: activities.or(defaults.activities),
        as_of: as_of.unwrap_or(defaults.as_of),
    };
    Ok(Arc::new(Book::new(callwise::sample_book(&config)?)))
}

/// The book schema version this build reads and writes.
#[uniffi::export]
pub fn schema_version() -> u64 {
    callwise::SCHEMA_VERSION
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_left_out_are_cores_default_sample() {
        let book = sample_book(None, None, None, None).unwrap();
        let core = callwise::sample_book(&callwise::SampleConfig::default()).unwrap();
        assert_eq!(book.core().to_json(), core.to_json());
    }

    #[test]
    fn contact_resolves_its_calling_zone_and_keeps_core_fields() {
        let book = sample_book(Some(7), Some(10), None, None).unwrap();
        for core in &book.core().to_data().contacts {
            let c = book.contact(core.id.clone()).unwrap();
            assert_eq!(
                c.time_zone,
                book.core().contact_time_zone(core.id.as_str()).unwrap()
            );
            assert_eq!(c.time_zone_override, core.time_zone);
            assert_eq!(
                (&c.phones, &c.emails, c.birthday),
                (&core.phones, &core.emails, core.birthday)
            );
            assert_eq!(c.consent.len(), core.consent.len());
        }
        assert!(book.contact("nope".into()).is_none());
    }
}

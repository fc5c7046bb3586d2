//! The book of business: every record a team works from, validated and indexed.
//!
//! - [`Book`] and [`BookData`]: the records, their JSON form and the look-ups;
//! - the records: accounts with their owners, contacts, opportunities, memberships,
//!   activities, campaigns, events, tasks, divisions, teams, reps and hand-offs;
//! - [`sample_book`]: a seeded, deterministic association to try everything on;
//! - [`BookSummary`]: counts and totals, as JSON or text.

mod account;
mod activity;
mod append;
mod contact;
mod engagement;
mod handoff;
mod id;
pub(crate) mod index;
mod json;
mod membership;
pub(crate) mod money;
mod opportunity;
mod org;
mod sample;
pub(crate) mod store;
mod summary;
mod validate;
mod views;

pub use account::{Account, AccountKind, AccountStatus, OwnerRole, Ownership};
pub(crate) use activity::counts_as_attempt;
pub use activity::{Activity, Channel, Direction, Outcome};
pub use contact::{Birthday, Consent, Contact, Email, Phone, PhoneKind};
pub use engagement::{
    Attendee, AttendeeStatus, Campaign, CampaignResponse, Event, ResponseKind, Task, TaskKind,
    TaskSource, TaskStatus,
};
pub use handoff::{Handoff, HandoffDirection};
pub use id::{
    AccountId, ActivityId, CampaignId, ContactId, DivisionId, EventId, HandoffId, MembershipId,
    OpportunityId, RepId, TaskId, TeamId,
};
pub use json::JsonStyle;
pub use membership::{Lapse, Membership, Renewal};
pub use money::Money;
pub use opportunity::{Opportunity, OpportunityStage};
pub use org::{Division, Rep, Team};
pub use sample::{
    LostDealAges, MAX_SAMPLE_ACTIVITIES, MAX_SAMPLE_ACTIVITIES_PER_ACCOUNT, MAX_SAMPLE_MEMBERS,
    PlantedPurchases, PlantedRenewal, SAMPLE_LOST_DEAL_AGES, SAMPLE_PURCHASES, SAMPLE_RENEWAL,
    SampleConfig, sample_book,
};
pub use summary::BookSummary;
pub use views::{
    AccountRef, ActivityRef, CampaignRef, ContactRef, EventRef, MembershipRef, OpportunityRef,
    OwnershipRef, TaskRef,
};

use crate::error::RecordKind;
use crate::error::{Error, Result};
use index::Index;
use serde::{Deserialize, Serialize};
use store::Store;

/// The schema version this build reads and writes.
///
/// # Example
/// ```
/// let json = callwise::Book::new(callwise::BookData::default())?.to_json();
/// assert!(json.contains(&format!("\"schema_version\": {}", callwise::SCHEMA_VERSION)));
/// let newer = format!(r#"{{"schema_version": {}}}"#, callwise::SCHEMA_VERSION + 1);
/// assert!(matches!(callwise::Book::from_json(&newer),
///     Err(callwise::Error::UnsupportedSchemaVersion { .. })));
/// # Ok::<(), callwise::Error>(())
/// ```
pub const SCHEMA_VERSION: u64 = 1;

/// The plain records of a book, exactly as its JSON holds them.
///
/// Build one by hand or from a CRM export, then turn it into a [`Book`] with
/// [`Book::new`], which validates it. Order is kept: a book written back out lists its
/// records in the order they came in.
///
/// # Example
/// ```
/// let data = callwise::BookData::default();
/// assert_eq!(data.schema_version, callwise::SCHEMA_VERSION);
/// let book = callwise::Book::new(data).unwrap();
/// assert_eq!(book.accounts().len(), 0);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookData {
    /// The format's version; [`SCHEMA_VERSION`] for books this build writes.
    pub schema_version: u64,
    /// Divisions.
    #[serde(default)]
    pub divisions: Vec<Division>,
    /// Teams.
    #[serde(default)]
    pub teams: Vec<Team>,
    /// Reps.
    #[serde(default)]
    pub reps: Vec<Rep>,
    /// Accounts.
    #[serde(default)]
    pub accounts: Vec<Account>,
    /// Contacts.
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// Opportunities.
    #[serde(default)]
    pub opportunities: Vec<Opportunity>,
    /// Memberships.
    #[serde(default)]
    pub memberships: Vec<Membership>,
    /// Activities, in any order (the book indexes them by time).
    #[serde(default)]
    pub activities: Vec<Activity>,
    /// Campaigns and their responses.
    #[serde(default)]
    pub campaigns: Vec<Campaign>,
    /// Events and their attendees.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Tasks and follow-ups.
    #[serde(default)]
    pub tasks: Vec<Task>,
    /// Hand-offs between sales and operations.
    #[serde(default)]
    pub handoffs: Vec<Handoff>,
}

impl Default for BookData {
    fn default() -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            divisions: Vec::new(),
            teams: Vec::new(),
            reps: Vec::new(),
            accounts: Vec::new(),
            contacts: Vec::new(),
            opportunities: Vec::new(),
            memberships: Vec::new(),
            activities: Vec::new(),
            campaigns: Vec::new(),
            events: Vec::new(),
            tasks: Vec::new(),
            handoffs: Vec::new(),
        }
    }
}

/// A validated, indexed book of business.
///
/// A `Book` exists only if its data passed validation, so every reference in it resolves
/// and every time zone is known. Look-ups by id, by owner and by account (activities in
/// time order) are index look-ups, not scans.
///
/// # Example
/// ```
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 20)).unwrap();
/// let rep = book.rep_ids().next().unwrap();
/// assert!(book.accounts_owned_by(rep.as_str()).count() > 0);
/// let again = callwise::Book::from_json(&book.to_json()).unwrap();
/// assert_eq!(again, book);
/// ```
#[derive(Clone)]
pub struct Book {
    pub(crate) store: Store,
    pub(crate) index: Index,
}

impl PartialEq for Book {
    /// Two books are equal when their records are (in book order).
    fn eq(&self, other: &Self) -> bool {
        self.to_data() == other.to_data()
    }
}

impl std::fmt::Debug for Book {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Book")
            .field("accounts", &self.accounts().len())
            .field("contacts", &self.contacts().len())
            .field("activities", &self.activities().len())
            .finish_non_exhaustive()
    }
}

/// The contact position of an attempt logged against the account only.
pub(crate) const NO_CONTACT: u32 = store::strings::NONE;

#[derive(Deserialize)]
struct VersionProbe {
    schema_version: u64,
}

impl Book {
    /// Validates `data` and indexes it.
    ///
    /// # Errors
    /// - [`Error::UnsupportedSchemaVersion`] when `data.schema_version` is not
    ///   [`SCHEMA_VERSION`];
    /// - [`Error::Validation`] listing every problem found (duplicate or empty ids,
    ///   dangling references, ends before starts, unknown time zones, negative amounts,
    ///   bad currency codes, non-finite or out-of-range numbers, contradictions);
    /// - [`Error::InvalidArgument`] when a collection holds more than `u32::MAX` records.
    ///
    /// # Example
    /// ```
    /// let mut data = callwise::BookData::default();
    /// data.schema_version = 99;
    /// assert!(matches!(callwise::Book::new(data), Err(callwise::Error::UnsupportedSchemaVersion { found: 99, .. })));
    /// ```
    pub fn new(data: BookData) -> Result<Self> {
        if data.schema_version != SCHEMA_VERSION {
            return Err(Error::UnsupportedSchemaVersion {
                found: data.schema_version,
                supported: SCHEMA_VERSION,
            });
        }
        Self::from_store(Store::from_data(data)?)
    }

    /// Validates a filled store, settles its numbering and indexes it.
    pub(crate) fn from_store(mut store: Store) -> Result<Self> {
        // The columns' spare room goes before the indexes are built beside them.
        store.shrink();
        let repeats: Vec<Vec<(u32, u32)>> = store
            .ids
            .iter_mut()
            .zip(store::KINDS)
            .map(|(table, kind)| {
                if store::is_referenced(kind) {
                    Vec::new()
                } else {
                    table.index_all()
                }
            })
            .collect();
        let problems = validate::validate(&store, &repeats);
        if !problems.is_empty() {
            return Err(Error::Validation { problems });
        }
        store.settle()?;
        store.pack_ids();
        let index = Index::build(&mut store);
        store.shrink();
        Ok(Self { store, index })
    }

    /// Reads a book from its JSON form and validates it.
    ///
    /// # Errors
    /// - [`Error::Json`] when the text is not JSON of the book's shape (unknown fields
    ///   included: the format is strict so that nothing is silently dropped);
    /// - [`Error::UnsupportedSchemaVersion`] when it declares another version;
    /// - [`Error::Validation`] with every problem, as for [`Book::new`].
    ///
    /// # Example
    /// ```
    /// let book = callwise::Book::from_json(r#"{"schema_version": 1}"#).unwrap();
    /// assert_eq!(book.reps().len(), 0);
    /// let err = callwise::Book::from_json(r#"{"schema_version": 2, "novel": true}"#).unwrap_err();
    /// assert!(matches!(err, callwise::Error::UnsupportedSchemaVersion { found: 2, supported: 1 }));
    /// ```
    pub fn from_json(json: &str) -> Result<Self> {
        json::from_str(json)
    }

    /// The book as JSON: pretty-printed with two-space indents and a final newline.
    ///
    /// The output is a fixed point: reading it back and writing it again gives the same
    /// bytes, in every language binding.
    ///
    /// # Example
    /// ```
    /// let json = callwise::Book::new(callwise::BookData::default()).unwrap().to_json();
    /// assert!(json.starts_with("{\n  \"schema_version\": 1,"));
    /// assert!(json.ends_with("}\n"));
    /// ```
    pub fn to_json(&self) -> String {
        self.to_json_with(JsonStyle::Pretty)
    }

    /// An owned copy of the records, in book order (to edit them and build a new book,
    /// or to hand them to code that wants plain records).
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 5)).unwrap();
    /// let data = book.to_data();
    /// assert_eq!(callwise::Book::new(data).unwrap(), book);
    /// ```
    pub fn to_data(&self) -> BookData {
        BookData {
            schema_version: SCHEMA_VERSION,
            divisions: self.store.divisions.clone(),
            teams: self.store.teams.clone(),
            reps: self.store.reps.clone(),
            accounts: self.accounts().map(AccountRef::to_account).collect(),
            contacts: self.contacts().map(ContactRef::to_contact).collect(),
            opportunities: self
                .opportunities()
                .map(OpportunityRef::to_opportunity)
                .collect(),
            memberships: self
                .memberships()
                .map(MembershipRef::to_membership)
                .collect(),
            activities: self.activities().map(ActivityRef::to_activity).collect(),
            campaigns: self.campaigns().map(CampaignRef::to_campaign).collect(),
            events: self.events().map(EventRef::to_event).collect(),
            tasks: self.tasks().map(TaskRef::to_task).collect(),
            handoffs: self.store.handoffs.clone(),
        }
    }

    /// Gives the records back (to edit them and build a new book).
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 5)).unwrap();
    /// let mut data = book.into_data();
    /// data.accounts.truncate(0);
    /// assert!(callwise::Book::new(data).is_err()); // contacts now dangle
    /// ```
    pub fn into_data(self) -> BookData {
        self.to_data()
    }

    /// The bytes the book holds, by part: the capacity of its arrays and texts (what
    /// the allocator adds on top is not counted), for sizing a machine.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 20)).unwrap();
    /// let parts = book.memory();
    /// assert!(parts.iter().any(|(part, bytes)| *part == "activities" && *bytes > 0));
    /// ```
    pub fn memory(&self) -> Vec<(&'static str, usize)> {
        let mut parts = self.store.heap_bytes();
        parts.push(("indexes", self.index.heap_bytes()));
        parts
    }

    /// The divisions, in book order.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 5)).unwrap();
    /// assert_eq!(book.divisions()[0].id.as_str(), "div-sales");
    /// ```
    pub fn divisions(&self) -> &[Division] {
        &self.store.divisions
    }

    /// The teams, in book order.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 5)).unwrap();
    /// assert!(book.teams().iter().all(|t| book.divisions().iter().any(|d| d.id == t.division_id)));
    /// ```
    pub fn teams(&self) -> &[Team] {
        &self.store.teams
    }

    /// The reps, in book order.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 5)).unwrap();
    /// assert_eq!(book.reps().len(), book.rep_ids().count());
    /// ```
    pub fn reps(&self) -> &[Rep] {
        &self.store.reps
    }

    /// The accounts, in book order.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 5)).unwrap();
    /// assert_eq!(book.accounts().len(), book.summary().accounts as usize);
    /// ```
    pub fn accounts(&self) -> impl ExactSizeIterator<Item = AccountRef<'_>> + '_ {
        (0..self.store.accounts.len() as u32).map(|pos| AccountRef { book: self, pos })
    }

    /// The contacts, in book order.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 5)).unwrap();
    /// assert!(book.contacts().all(|c| book.account(c.account_id()).is_some()));
    /// ```
    pub fn contacts(&self) -> impl ExactSizeIterator<Item = ContactRef<'_>> + '_ {
        (0..self.store.contacts.len() as u32).map(|pos| ContactRef { book: self, pos })
    }

    /// The opportunities, in book order.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 20)).unwrap();
    /// assert!(book.opportunities().len() > 0);
    /// ```
    pub fn opportunities(&self) -> impl ExactSizeIterator<Item = OpportunityRef<'_>> + '_ {
        (0..self.store.opportunities.len() as u32).map(|pos| OpportunityRef { book: self, pos })
    }

    /// The memberships, in book order.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 20)).unwrap();
    /// assert_eq!(book.memberships().len(), 20);
    /// ```
    pub fn memberships(&self) -> impl ExactSizeIterator<Item = MembershipRef<'_>> + '_ {
        (0..self.store.memberships.len() as u32).map(|pos| MembershipRef { book: self, pos })
    }

    /// The activities, in book order.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 20)).unwrap();
    /// let latest = book.activities().map(|a| a.at()).max().unwrap();
    /// assert!(latest.date_naive() < "2026-11-01".parse().unwrap());
    /// ```
    pub fn activities(&self) -> impl ExactSizeIterator<Item = ActivityRef<'_>> + '_ {
        let x = &self.store.activities;
        // Rows in book order, with their accounts: the rows themselves when they are in
        // book order, else the rows sorted by book position.
        let rows: Vec<(u32, u32)> = if x.book.is_empty() {
            Vec::new()
        } else {
            let mut rows = vec![(0, 0); x.len()];
            for (r, &b) in (0u32..).zip(&x.book) {
                rows[b as usize] = (r, x.account_of(r));
            }
            rows
        };
        let mut account = 0u32;
        (0..x.len() as u32).map(move |b| {
            let (row, a) = match rows.get(b as usize) {
                Some(&(row, a)) => (row, a),
                None => {
                    // Rows in book order: accounts only grow along the grouped rows.
                    if (b as usize) < x.grouped() {
                        while x.start[account as usize + 1] <= b {
                            account += 1;
                        }
                        (b, account)
                    } else {
                        (b, x.account_of(b))
                    }
                }
            };
            ActivityRef {
                book: self,
                row,
                account: a,
            }
        })
    }

    /// The campaigns with their responses, in book order.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 20)).unwrap();
    /// assert_eq!(book.campaigns().next().unwrap().id(), "camp-001");
    /// ```
    pub fn campaigns(&self) -> impl ExactSizeIterator<Item = CampaignRef<'_>> + '_ {
        (0..self.store.campaigns.len() as u32).map(|pos| CampaignRef { book: self, pos })
    }

    /// The events with their attendees, in book order.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 20)).unwrap();
    /// assert!(book.events().any(|e| e.name().starts_with("Annual Conference")));
    /// ```
    pub fn events(&self) -> impl ExactSizeIterator<Item = EventRef<'_>> + '_ {
        (0..self.store.events.len() as u32).map(|pos| EventRef { book: self, pos })
    }

    /// The tasks, in book order.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 50)).unwrap();
    /// assert!(book.tasks().any(|t| t.status() == callwise::TaskStatus::Open));
    /// ```
    pub fn tasks(&self) -> impl ExactSizeIterator<Item = TaskRef<'_>> + '_ {
        (0..self.store.tasks.len() as u32).map(|pos| TaskRef { book: self, pos })
    }

    /// The task with id `id`, if the book has one.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 50)).unwrap();
    /// let first = book.tasks().next().unwrap();
    /// assert_eq!(book.task(first.id()).unwrap().due_on(), first.due_on());
    /// assert!(book.task("no-such-task").is_none());
    /// ```
    pub fn task(&self, id: &str) -> Option<TaskRef<'_>> {
        let pos = self.store.ids(RecordKind::Task).get(id)?;
        Some(TaskRef { book: self, pos })
    }

    /// The hand-offs, in book order.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 50)).unwrap();
    /// assert!(book.handoffs().iter().all(|h| book.account(h.account_id.as_str()).is_some()));
    /// ```
    pub fn handoffs(&self) -> &[Handoff] {
        &self.store.handoffs
    }

    /// The account with id `id`.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 5)).unwrap();
    /// let first = book.accounts().next().unwrap();
    /// assert_eq!(book.account(first.id()), Some(first));
    /// assert!(book.account("no-such-id").is_none());
    /// ```
    pub fn account(&self, id: &str) -> Option<AccountRef<'_>> {
        self.account_position(id)
            .map(|pos| AccountRef { book: self, pos })
    }

    /// The contact with id `id`.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 5)).unwrap();
    /// let c = book.contacts().next().unwrap();
    /// assert_eq!(book.contact(c.id()).unwrap().name(), c.name());
    /// ```
    pub fn contact(&self, id: &str) -> Option<ContactRef<'_>> {
        self.contact_position(id)
            .map(|pos| ContactRef { book: self, pos })
    }

    /// The rep with id `id`.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 5)).unwrap();
    /// assert!(book.rep(book.reps()[0].id.as_str()).is_some());
    /// ```
    pub fn rep(&self, id: &str) -> Option<&Rep> {
        self.rep_position(id).map(|r| self.rep_at(r))
    }

    /// The ids of every rep, in book order.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 5)).unwrap();
    /// assert_eq!(book.rep_ids().count(), book.reps().len());
    /// ```
    pub fn rep_ids(&self) -> impl Iterator<Item = &crate::RepId> {
        self.store.reps.iter().map(|r| &r.id)
    }

    /// The ids of every account, in book order (to split work by account).
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 5)).unwrap();
    /// let ids: Vec<_> = book.account_ids().collect();
    /// assert_eq!(ids.len(), book.accounts().len());
    /// assert!(book.account(ids[0]).is_some());
    /// ```
    pub fn account_ids(&self) -> impl ExactSizeIterator<Item = &str> {
        self.accounts().map(AccountRef::id)
    }

    /// The IANA zone a contact is called in: their own override, else their account's.
    ///
    /// # Errors
    /// [`Error::NotFound`] when no contact has id `contact_id`.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 5)).unwrap();
    /// let c = book.contacts().next().unwrap();
    /// let zone = book.contact_time_zone(c.id()).unwrap();
    /// assert!(zone.starts_with("America/") || zone.starts_with("Pacific/"));
    /// assert!(book.contact_time_zone("nobody").is_err());
    /// ```
    pub fn contact_time_zone(&self, contact_id: &str) -> Result<&str> {
        let contact = self
            .contact(contact_id)
            .ok_or_else(|| Error::not_found(crate::RecordKind::Contact, contact_id.to_owned()))?;
        Ok(match contact.time_zone() {
            Some(zone) => zone,
            None => self
                .account_at(self.contact_account_at(contact.pos))
                .time_zone(),
        })
    }

    /// The contacts of an account, in book order (empty for an unknown account).
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 5)).unwrap();
    /// let a = book.accounts().next().unwrap();
    /// assert!(book.contacts_of(a.id()).all(|c| c.account_id() == a.id()));
    /// ```
    pub fn contacts_of(&self, account_id: &str) -> impl Iterator<Item = ContactRef<'_>> + '_ {
        self.account_position(account_id)
            .into_iter()
            .flat_map(|a| self.contacts_at(a))
    }

    /// The activities on an account, oldest first (ties in book order), whichever rep
    /// or division logged them: it is OUR customer.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 20)).unwrap();
    /// let a = book.accounts().next().unwrap();
    /// let times: Vec<_> = book.activities_of(a.id()).map(|x| x.at()).collect();
    /// assert!(times.windows(2).all(|w| w[0] <= w[1]));
    /// ```
    pub fn activities_of(
        &self,
        account_id: &str,
    ) -> impl DoubleEndedIterator<Item = ActivityRef<'_>> + '_ {
        self.account_position(account_id)
            .into_iter()
            .flat_map(|a| self.activities_at(a))
    }

    /// The opportunities on an account, in book order.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 20)).unwrap();
    /// let o = book.opportunities().next().unwrap();
    /// assert!(book.opportunities_of(o.account_id()).any(|x| x.id() == o.id()));
    /// ```
    pub fn opportunities_of(
        &self,
        account_id: &str,
    ) -> impl Iterator<Item = OpportunityRef<'_>> + '_ {
        self.account_position(account_id)
            .into_iter()
            .flat_map(|a| self.opportunities_at(a))
    }

    /// The memberships of an account, in book order.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 20)).unwrap();
    /// let m = book.memberships().next().unwrap();
    /// assert_eq!(book.memberships_of(m.account_id()).next(), Some(m));
    /// ```
    pub fn memberships_of(&self, account_id: &str) -> impl Iterator<Item = MembershipRef<'_>> + '_ {
        self.account_position(account_id)
            .into_iter()
            .flat_map(|a| self.memberships_at(a))
    }

    /// The hand-offs of an account, oldest first: who held the baton, and when.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 50)).unwrap();
    /// let h = &book.handoffs()[0];
    /// assert!(book.handoffs_of(h.account_id.as_str()).any(|x| x.id == h.id));
    /// ```
    pub fn handoffs_of(&self, account_id: &str) -> impl Iterator<Item = &Handoff> {
        let group = match self.account_position(account_id) {
            Some(a) => self.index.handoffs_by_account.get(a),
            None => &[],
        };
        group.iter().map(|&i| &self.store.handoffs[i as usize])
    }

    /// The accounts a rep owns or co-owns, in book order.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(1, 20)).unwrap();
    /// let rep = book.reps()[0].id.as_str();
    /// assert!(book.accounts_owned_by(rep).all(|a| a.owners().any(|o| o.rep_id == rep)));
    /// ```
    pub fn accounts_owned_by(&self, rep_id: &str) -> impl Iterator<Item = AccountRef<'_>> + '_ {
        let slice = match self.rep_position(rep_id) {
            Some(r) => self.index.accounts_by_owner.get(r),
            None => &[],
        };
        slice.iter().map(|&pos| AccountRef { book: self, pos })
    }

    /// The account at position `a`.
    pub(crate) fn account_at(&self, a: u32) -> AccountRef<'_> {
        AccountRef { book: self, pos: a }
    }

    /// The contact at position `c`.
    pub(crate) fn contact_at(&self, c: u32) -> ContactRef<'_> {
        ContactRef { book: self, pos: c }
    }

    /// The rep at position `r`.
    pub(crate) fn rep_at(&self, r: u32) -> &Rep {
        &self.store.reps[r as usize]
    }

    /// The event at position `e`.
    pub(crate) fn event_at(&self, e: u32) -> EventRef<'_> {
        EventRef { book: self, pos: e }
    }

    /// The opportunity at position `o`.
    pub(crate) fn opportunity_at(&self, o: u32) -> OpportunityRef<'_> {
        OpportunityRef { book: self, pos: o }
    }

    /// The position of the account with id `id`.
    pub(crate) fn account_position(&self, id: &str) -> Option<u32> {
        self.store.ids(RecordKind::Account).get(id)
    }

    /// The position of the contact with id `id`.
    pub(crate) fn contact_position(&self, id: &str) -> Option<u32> {
        self.store.ids(RecordKind::Contact).get(id)
    }

    /// The id of the record of `kind` at position `pos`.
    pub(crate) fn id_at(&self, kind: RecordKind, pos: u32) -> &str {
        self.store.ids(kind).str(pos)
    }

    /// The position of the rep with id `id`.
    pub(crate) fn rep_position(&self, id: &str) -> Option<u32> {
        self.store.ids(RecordKind::Rep).get(id)
    }

    /// The position of the account of the contact at position `c`.
    pub(crate) fn contact_account_at(&self, c: u32) -> u32 {
        self.store.contacts.account[c as usize]
    }

    /// The zone the contact at position `c` is called in.
    pub(crate) fn contact_zone_at(&self, c: u32) -> chrono_tz::Tz {
        match self.store.contacts.zone[c as usize] {
            NO_CONTACT => self.account_zone_at(self.contact_account_at(c)),
            z => self.store.zones.tz(z),
        }
    }

    /// The zone of the account at position `a`.
    pub(crate) fn account_zone_at(&self, a: u32) -> chrono_tz::Tz {
        self.store.zones.tz(self.store.accounts.zone[a as usize])
    }

    /// The contacts of the account at position `a`, in book order.
    pub(crate) fn contacts_at(&self, a: u32) -> impl Iterator<Item = ContactRef<'_>> + '_ {
        self.index
            .contacts_by_account
            .get(a)
            .iter()
            .map(|&pos| ContactRef { book: self, pos })
    }

    /// The rows of the activities of the account at position `a`, oldest first (ties
    /// in book order).
    pub(crate) fn activity_rows(
        &self,
        a: u32,
    ) -> index::Merge<std::ops::Range<u32>, &[u32], impl Fn(u32) -> (i64, u32) + '_> {
        let x = &self.store.activities;
        index::Merge::new(x.rows_of(a), x.tail_of(a), move |r| {
            (x.at[r as usize], x.book_of(r))
        })
    }

    /// The activity at row `r` of the activity store.
    pub(crate) fn activity_at_row(&self, r: u32) -> ActivityRef<'_> {
        ActivityRef {
            book: self,
            row: r,
            account: self.store.activities.account_of(r),
        }
    }

    /// The activities of the account at position `a`, oldest first.
    pub(crate) fn activities_at(
        &self,
        a: u32,
    ) -> impl DoubleEndedIterator<Item = ActivityRef<'_>> + ExactSizeIterator + '_ {
        self.activity_rows(a).map(move |row| ActivityRef {
            book: self,
            row,
            account: a,
        })
    }

    /// The activities of the account at position `a` before `end`, oldest first.
    pub(crate) fn activities_before(
        &self,
        a: u32,
        end: chrono::DateTime<chrono::Utc>,
    ) -> impl DoubleEndedIterator<Item = ActivityRef<'_>> + '_ {
        let end = store::codes::micros(end);
        let x = &self.store.activities;
        let flat = x.rows_of(a);
        let before = flat.start
            + x.at[flat.start as usize..flat.end as usize].partition_point(|&t| (t, 0) < end)
                as u32;
        let tail = x.tail_of(a);
        let tail = &tail[..tail.partition_point(|&r| (x.at[r as usize], 0) < end)];
        index::Merge::new(flat.start..before, tail, move |r| {
            (x.at[r as usize], x.book_of(r))
        })
        .map(move |row| ActivityRef {
            book: self,
            row,
            account: a,
        })
    }

    /// The call attempts on the account at position `a` (outbound calls and voicemails,
    /// whatever their outcome), in time order: the instant in microseconds since 1970
    /// and the contact's position ([`NO_CONTACT`] when none).
    pub(crate) fn attempts_at(&self, a: u32) -> impl Iterator<Item = (i64, u32)> + '_ {
        self.activities_at(a)
            .filter(|x| x.is_attempt())
            .map(|x| (x.micros(), x.contact()))
    }

    /// The opportunities of the account at position `a`, in book order.
    pub(crate) fn opportunities_at(&self, a: u32) -> impl Iterator<Item = OpportunityRef<'_>> + '_ {
        self.index
            .opportunities_by_account
            .get(a)
            .iter()
            .map(|&pos| OpportunityRef { book: self, pos })
    }

    /// The memberships of the account at position `a`, in book order.
    pub(crate) fn memberships_at(&self, a: u32) -> impl Iterator<Item = MembershipRef<'_>> + '_ {
        self.index
            .memberships_by_account
            .get(a)
            .iter()
            .map(|&pos| MembershipRef { book: self, pos })
    }

    /// The tasks of the account at position `a`, in book order.
    pub(crate) fn tasks_at(&self, a: u32) -> impl Iterator<Item = TaskRef<'_>> + '_ {
        let (flat, tail) = self.index.tasks_by_account.get(a);
        flat.iter()
            .chain(tail)
            .map(|&pos| TaskRef { book: self, pos })
    }

    /// The positions of the reps owning the account at position `a`: its primary
    /// owner first, then its co-owners.
    pub(crate) fn owner_reps_at(&self, a: u32) -> impl Iterator<Item = u32> + '_ {
        let x = &self.store.accounts;
        std::iter::once(x.primary[a as usize].rep).chain(x.co_owners(a).iter().map(|o| o.rep))
    }

    /// The positions of the accounts the rep at position `r` owns or co-owns.
    pub(crate) fn owned_at(&self, r: u32) -> &[u32] {
        self.index.accounts_by_owner.get(r)
    }

    /// The campaign responses of the contacts of the account at position `a`, in book
    /// order.
    pub(crate) fn responses_at(&self, a: u32) -> impl Iterator<Item = ResponseRow> + '_ {
        let x = &self.store.responses;
        let (flat, tail) = self.index.responses_by_account.get(a);
        index::Merge::new(flat, tail, move |r| (x.campaign[r as usize], r)).map(move |r| {
            let i = r as usize;
            ResponseRow {
                campaign: x.campaign[i],
                contact: x.contact[i],
                at: store::codes::instant(x.at[i], x.finer.get(r).unwrap_or(0)),
                kind: store::codes::Code::from_code(x.kind[i]),
            }
        })
    }

    /// The event attendees among the contacts of the account at position `a`, in book
    /// order.
    pub(crate) fn attendees_at(&self, a: u32) -> impl Iterator<Item = AttendeeRow> + '_ {
        let x = &self.store.attendees;
        let (flat, tail) = self.index.attendees_by_account.get(a);
        index::Merge::new(flat, tail, move |r| (x.event[r as usize], r)).map(move |r| {
            let i = r as usize;
            AttendeeRow {
                event: x.event[i],
                contact: x.contact[i],
                status: store::codes::Code::from_code(x.status[i]),
            }
        })
    }
}

/// One campaign response, by positions.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ResponseRow {
    /// The campaign's position.
    pub(crate) campaign: u32,
    /// The responding contact's position.
    pub(crate) contact: u32,
    /// When.
    pub(crate) at: chrono::DateTime<chrono::Utc>,
    /// How.
    pub(crate) kind: ResponseKind,
}

/// One event attendee, by positions.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AttendeeRow {
    /// The event's position.
    pub(crate) event: u32,
    /// The attendee's position among the contacts.
    pub(crate) contact: u32,
    /// Registered, attended or no-show.
    pub(crate) status: AttendeeStatus,
}

/// The [`Error::Json`] of a serde failure reading `json` as `what`: its message without
/// the position, and the position as numbers.
///
/// serde_json gives no position (line 0) for a rule checked after a whole value is read
/// (a `try_from` at the top level): the position is then that of the value's last
/// character, as serde_json gives it for a value inside another.
pub(crate) fn json_error(err: &serde_json::Error, what: &'static str, json: &str) -> Error {
    let (line, column) = (err.line() as u64, err.column() as u64);
    let full = err.to_string();
    let suffix = format!(" at line {line} column {column}");
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
    let (line, column) = if line == 0 {
        end_of_value(json)
    } else {
        (line, column)
    };
    Error::Json {
        what,
        message,
        line,
        column,
    }
}

/// The 1-based line and column (in bytes, as serde_json counts) of the last character
/// of `json` that is not white space; (1, 0) for blank text.
fn end_of_value(json: &str) -> (u64, u64) {
    let end = json.trim_end().len();
    let head = &json.as_bytes()[..end];
    let line_start = head.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let lines = head.iter().filter(|&&b| b == b'\n').count();
    (lines as u64 + 1, (end - line_start) as u64)
}

/// Reads a value of `T` (`what`: `"calling rules"`...) from JSON, with [`Error::Json`]
/// on failure (a rule a type's `try_from` checks arrives as a serde message and is
/// reported the same way).
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    json: &str,
    what: &'static str,
) -> Result<T> {
    serde_json::from_str(json).map_err(|err| json_error(&err, what, json))
}

/// Serde's reading of a JSON object into a map, refusing a key given twice
/// (`#[serde(deserialize_with = "crate::book::unique_keys")]`): serde_json would keep the
/// last value silently.
pub(crate) fn unique_keys<'de, D, K, V>(
    d: D,
) -> std::result::Result<std::collections::BTreeMap<K, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    K: Deserialize<'de> + Serialize + Ord,
    V: Deserialize<'de>,
{
    use std::collections::btree_map::{BTreeMap, Entry};
    struct Visit<K, V>(std::marker::PhantomData<(K, V)>);
    impl<'de, K, V> serde::de::Visitor<'de> for Visit<K, V>
    where
        K: Deserialize<'de> + Serialize + Ord,
        V: Deserialize<'de>,
    {
        type Value = BTreeMap<K, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object whose keys are all different")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> std::result::Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((key, value)) = map.next_entry::<K, V>()? {
                match out.entry(key) {
                    Entry::Vacant(slot) => {
                        slot.insert(value);
                    }
                    Entry::Occupied(slot) => {
                        let key = serde_json::to_string(slot.key()).unwrap_or_default();
                        return Err(serde::de::Error::custom(format!(
                            "the key {key} is given twice"
                        )));
                    }
                }
            }
            Ok(out)
        }
    }
    d.deserialize_map(Visit(std::marker::PhantomData))
}

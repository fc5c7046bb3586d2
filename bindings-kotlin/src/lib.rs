//! The Kotlin binding of callwise, through UniFFI proc macros (no UDL).
//!
//! This crate holds no domain logic: it wraps core types, converts them into UniFFI
//! records and maps core's error onto [`CallwiseError`]. Every rule lives in `callwise`.
//!
//! The Kotlin side is generated in library mode from the built `libcallwise_uniffi.so`
//! into package `dev.callwise` (see `uniffi.toml` and `pom.xml`).
#![deny(missing_docs)]

mod error;
mod records;

use std::collections::HashMap;
use std::sync::Arc;

pub use error::{CallwiseError, Problem};
pub use records::{
    Account, AccountKind, AccountStatus, Activity, Channel, Direction, Handoff, HandoffDirection,
    Lapse, Membership, Money, Opportunity, OpportunityStage, Outcome, OwnerRole, Ownership,
    Renewal, Rep,
};

uniffi::setup_scaffolding!();

/// A validated, indexed book of business (core's `callwise::Book`).
///
/// Immutable once built, so one instance can be shared between threads. In Kotlin it is
/// `AutoCloseable`: use it in `.use { }` to free the native memory promptly.
#[derive(uniffi::Object)]
pub struct Book(callwise::Book);

/// A contact as Kotlin sees it, with the zone they are called in resolved.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Contact {
    /// The contact's id.
    pub id: String,
    /// The id of the account the contact belongs to.
    pub account_id: String,
    /// The contact's name (personal data: keep it out of logs).
    pub name: String,
    /// The IANA zone the contact is called in: their own override, else their account's.
    pub time_zone: String,
    /// The contact's own zone, when it overrides the account's.
    pub time_zone_override: Option<String>,
    /// Whether the contact is on a do-not-call list.
    pub do_not_call: bool,
    /// The contact's birthday, when known.
    pub birthday: Option<Birthday>,
}

/// A birthday: month and day, and the year when known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct Birthday {
    /// 1 to 12.
    pub month: i64,
    /// 1 to 31, within the month.
    pub day: i64,
    /// The year of birth, when known.
    pub year: Option<i32>,
}

/// A few counts over a whole book (a subset of core's `BookSummary`; the full summary is
/// `summary_json`, `summaryJson()` in Kotlin).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BookCounts {
    /// Divisions.
    pub divisions: u64,
    /// Teams.
    pub teams: u64,
    /// Reps.
    pub reps: u64,
    /// Accounts.
    pub accounts: u64,
    /// Accounts by IANA time zone.
    pub accounts_by_time_zone: HashMap<String, u64>,
    /// Contacts.
    pub contacts: u64,
    /// Contacts on a do-not-call list.
    pub do_not_call_contacts: u64,
    /// Memberships.
    pub memberships: u64,
    /// Activities.
    pub activities: u64,
    /// Tasks still open.
    pub open_tasks: u64,
    /// Hand-offs.
    pub handoffs: u64,
}

impl From<callwise::Birthday> for Birthday {
    fn from(b: callwise::Birthday) -> Self {
        Self {
            month: i64::from(b.month),
            day: i64::from(b.day),
            year: b.year,
        }
    }
}

impl From<callwise::BookSummary> for BookCounts {
    fn from(s: callwise::BookSummary) -> Self {
        Self {
            divisions: s.divisions,
            teams: s.teams,
            reps: s.reps,
            accounts: s.accounts,
            accounts_by_time_zone: s.accounts_by_time_zone.into_iter().collect(),
            contacts: s.contacts,
            do_not_call_contacts: s.do_not_call_contacts,
            memberships: s.memberships,
            activities: s.activities,
            open_tasks: s.open_tasks,
            handoffs: s.handoffs,
        }
    }
}

impl Book {
    /// A core contact as a [`Contact`] record, with core's answer for its calling zone.
    fn contact_record(&self, contact: &callwise::Contact) -> Contact {
        let time_zone = self
            .0
            .contact_time_zone(contact.id.as_str())
            .expect("every contact of a validated book has a calling zone")
            .to_owned();
        Contact {
            id: contact.id.as_str().to_owned(),
            account_id: contact.account_id.as_str().to_owned(),
            name: contact.name.clone(),
            time_zone,
            time_zone_override: contact.time_zone.clone(),
            do_not_call: contact.do_not_call,
            birthday: contact.birthday.map(Birthday::from),
        }
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
        Ok(Arc::new(Self(callwise::Book::from_json(&json)?)))
    }

    /// The book as JSON: pretty-printed, two-space indents, a final newline. Reading it
    /// back and writing it again gives the same bytes.
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The ids of every rep, in book order.
    pub fn rep_ids(&self) -> Vec<String> {
        self.0.rep_ids().map(|id| id.as_str().to_owned()).collect()
    }

    /// The contact with id `id`, or `None` (Kotlin `null`) when there is none.
    pub fn contact(&self, id: String) -> Option<Contact> {
        self.0.contact(&id).map(|c| self.contact_record(c))
    }

    /// The account with id `id`, or `None` (Kotlin `null`) when there is none.
    pub fn account(&self, id: String) -> Option<Account> {
        self.0.account(&id).map(Account::from)
    }

    /// The rep with id `id`, or `None` (Kotlin `null`) when there is none.
    pub fn rep(&self, id: String) -> Option<Rep> {
        self.0.rep(&id).map(Rep::from)
    }

    /// The accounts a rep owns, as primary owner or co-owner, in book order (empty for an
    /// unknown rep).
    pub fn accounts_owned_by(&self, rep_id: String) -> Vec<Account> {
        self.0
            .accounts_owned_by(&rep_id)
            .map(Account::from)
            .collect()
    }

    /// The contacts of an account, in book order, each with the zone they are called in
    /// (empty for an unknown account).
    pub fn contacts_of(&self, account_id: String) -> Vec<Contact> {
        self.0
            .contacts_of(&account_id)
            .map(|c| self.contact_record(c))
            .collect()
    }

    /// The activities on an account, oldest first, ties in book order, whichever rep or
    /// division logged them (empty for an unknown account).
    pub fn activities_of(&self, account_id: String) -> Vec<Activity> {
        self.0
            .activities_of(&account_id)
            .map(Activity::from)
            .collect()
    }

    /// The opportunities on an account, in book order (empty for an unknown account).
    pub fn opportunities_of(&self, account_id: String) -> Vec<Opportunity> {
        self.0
            .opportunities_of(&account_id)
            .map(Opportunity::from)
            .collect()
    }

    /// The memberships of an account, in book order (empty for an unknown account).
    pub fn memberships_of(&self, account_id: String) -> Vec<Membership> {
        self.0
            .memberships_of(&account_id)
            .map(Membership::from)
            .collect()
    }

    /// The hand-offs of an account, oldest first (empty for an unknown account).
    pub fn handoffs_of(&self, account_id: String) -> Vec<Handoff> {
        self.0.handoffs_of(&account_id).map(Handoff::from).collect()
    }

    /// The book's summary as JSON, byte for byte what core's `BookSummary::to_json` gives.
    pub fn summary_json(&self) -> String {
        self.0.summary().to_json()
    }

    /// The book's summary as text, byte for byte what core's `BookSummary::to_text` gives.
    pub fn summary_text(&self) -> String {
        self.0.summary().to_text()
    }

    /// A few of the summary's counts as a typed record.
    pub fn summary(&self) -> BookCounts {
        self.0.summary().into()
    }
}

/// Makes core's deterministic sample book: the same `seed` and `members` give the same
/// book, in every language.
///
/// # Errors
/// `InvalidArgument` when `members` is negative or more than a sample
/// book holds.
#[uniffi::export]
pub fn sample_book(seed: u64, members: i64) -> Result<Arc<Book>, CallwiseError> {
    let members = u32::try_from(members).map_err(|_| CallwiseError::InvalidArgument {
        name: "members".to_owned(),
        reason: format!("{members} does not fit in an unsigned 32-bit count"),
    })?;
    let book = callwise::sample_book(&callwise::SampleConfig::new(seed, members))?;
    Ok(Arc::new(Book(book)))
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
    fn negative_members_is_invalid_argument() {
        let err = sample_book(1, -5).err().unwrap();
        assert!(
            matches!(err, CallwiseError::InvalidArgument { ref name, .. } if name == "members")
        );
    }

    #[test]
    fn contact_resolves_zone() {
        let book = sample_book(7, 10).unwrap();
        let id = book.0.data().contacts[0].id.as_str().to_owned();
        let c = book.contact(id.clone()).unwrap();
        assert_eq!(c.time_zone, book.0.contact_time_zone(&id).unwrap());
        assert!(book.contact("nope".to_owned()).is_none());
    }

    #[test]
    fn account_and_rep_convert_and_unknown_ids_are_none() {
        let book = sample_book(7, 10).unwrap();
        let core = &book.0.data().accounts[0];
        let a = book.account(core.id.as_str().to_owned()).unwrap();
        assert_eq!(a.kind, core.kind);
        assert_eq!(a.primary_owner.rep_id, core.primary_owner.rep_id.as_str());
        assert_eq!(a.co_owners.len(), core.co_owners.len());
        let rep = &book.0.data().reps[0];
        assert_eq!(book.rep(rep.id.as_str().to_owned()).unwrap().role, rep.role);
        assert!(book.account("nope".to_owned()).is_none());
        assert!(book.rep("nope".to_owned()).is_none());
        assert!(book.accounts_owned_by("nope".to_owned()).is_empty());
        assert!(book.activities_of("nope".to_owned()).is_empty());
    }

    #[test]
    fn activities_keep_core_order_and_instants() {
        let book = sample_book(7, 10).unwrap();
        let id = book.0.data().accounts[0].id.as_str().to_owned();
        let ours = book.activities_of(id.clone());
        let core: Vec<_> = book.0.activities_of(&id).collect();
        assert_eq!(ours.len(), core.len());
        for (a, c) in ours.iter().zip(&core) {
            assert_eq!(a.id, c.id.as_str());
            assert_eq!(a.at, std::time::SystemTime::from(c.at));
        }
    }
}

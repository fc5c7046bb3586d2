//! The Kotlin binding of callwise, through UniFFI proc macros (no UDL).
//!
//! This crate holds no domain logic: it wraps core types, converts them into UniFFI
//! records and maps core's error onto [`CallwiseError`]. Every rule lives in `callwise`.
//! The book is [`Book`]; the retention models of `callwise::retention` are objects of
//! their own ([`BetaGeoModel`], [`ShiftedBetaGeoModel`], ...; see `retention.rs`), as is
//! the covariate renewal model ([`RenewalModel`], `renewal.rs`); the book's retention
//! signals are in `signals.rs`, Kaplan–Meier curves and the evaluation of predictions in
//! `evaluate.rs`, the RFM summary of a transaction log in `rfm.rs`. "Can I call this
//! person now?" is [`CallingRules`] and `Book.canCall` (`calling.rs`), business days and
//! hours [`BusinessCalendar`] (`calendar.rs`), cadences, their enrollments and the
//! steps due on a day [`Playbook`] (`cadence.rs`), and routines (Power Hour, Crankathon,
//! bookends), birthday and renewal calls, zone rotation and their iCalendar export
//! [`Routine`] (`routine.rs`). A book is loaded from a CRM's CSV exports by
//! [`load_crm_csv`] (`crm.rs`).
//!
//! The Kotlin side is generated in library mode from the built `libcallwise_uniffi.so`
//! into package `dev.callwise` (see `uniffi.toml` and `pom.xml`).
#![deny(missing_docs)]

mod cadence;
mod calendar;
mod calling;
mod crm;
mod error;
mod evaluate;
mod records;
mod renewal;
mod retention;
mod rfm;
mod routine;
mod signals;
mod summary;

use std::collections::HashMap;
use std::sync::Arc;

pub use cadence::{
    Absence, AbsencePolicy, Branch, Cadence, CadenceEvent, CallOutcome, Coverage, DueStep,
    Enrollment, EnrollmentState, EnrollmentStatus, ExitReason, Playbook, Step, StepKind, Variant,
    Wait, WaitUnit, enrollment_for_contact,
};
pub use calendar::{BusinessCalendar, Holiday, HolidayRule, LocalWindow, Observance};
pub use calling::{BlockRule, CallingRules, Caps, RegionRule, Verdict, ZoneRules};
pub use crm::{
    ColumnMapping, CrmExport, CsvSource, column_mapping_from_json, column_mapping_to_json,
    crm_columns, load_crm_csv,
};
pub use error::{CallwiseError, Problem, RowProblem};
pub use evaluate::{
    CalibrationBin, CohortCurve, FrequencyBucket, GainsRow, HoldoutComparison, KaplanMeier,
    KaplanMeierPoint, auc, brier_score, calibration_table, compare_holdout, gains_table,
    kaplan_meier_by_cohort,
};
pub use records::{
    Account, AccountKind, AccountStatus, Activity, Channel, Consent, Direction, Email, Handoff,
    HandoffDirection, Lapse, Membership, Money, Opportunity, OpportunityStage, Outcome, OwnerRole,
    Ownership, Phone, PhoneKind, Renewal, Rep,
};
pub use renewal::{
    Contribution, Explanation, FeatureTable, RenewalFitSummary, RenewalModel, RenewalSettings,
    default_renewal_settings,
};
pub use retention::{
    BetaGeoBetaBinomModel, BetaGeoModel, ClvSettings, FitSettings, FitSummary, GammaGammaModel,
    ModifiedBetaGeoModel, Parameter, ParetoNbdModel, Scores, ShiftedBetaGeoModel,
    default_clv_settings, default_fit_settings,
};
pub use rfm::{RfmHoldout, RfmSettings, RfmSummary, TimeUnit, rfm_summary};
pub use routine::{
    BirthdayCall, Block, CallDue, CallTodo, LeapDay, RenewalBatch, RenewalCall, RotationWeek,
    Routine, RoutineKind, ZoneRotation, birthday_calls, bookends, call_todo_for_birthday,
    call_todo_for_renewal, renewal_batches, to_icalendar,
};
pub use signals::{
    DormantSignal, PurchaseHistory, RenewalCase, RenewalCases, RenewalSignal, renewal_features,
    renewal_history, renewal_signals, renewals_due,
};
pub use summary::BookSummary;

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

impl From<callwise::Birthday> for Birthday {
    fn from(b: callwise::Birthday) -> Self {
        Self {
            month: i64::from(b.month),
            day: i64::from(b.day),
            year: b.year,
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
            title: contact.title.clone(),
            phones: contact.phones.iter().map(Phone::from).collect(),
            emails: contact.emails.iter().map(Email::from).collect(),
            time_zone,
            time_zone_override: contact.time_zone.clone(),
            do_not_call: contact.do_not_call,
            birthday: contact.birthday.map(Birthday::from),
            consent: contact.consent.iter().map(|(&k, &v)| (k, v)).collect(),
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

    /// The consent a contact has recorded for `channel`, `Consent.UNKNOWN` when none is
    /// (core's `Contact::consent_for`); `None` (Kotlin `null`) for an unknown contact.
    pub fn consent_for(&self, contact_id: String, channel: Channel) -> Option<Consent> {
        self.0.contact(&contact_id).map(|c| c.consent_for(channel))
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

    /// The book's summary as a typed record: every field of core's `BookSummary`.
    pub fn summary(&self) -> BookSummary {
        self.0.summary().into()
    }
}

/// Makes core's deterministic sample book: the same `seed`, `members` and `as_of` give
/// the same book, in every language.
///
/// `as_of` is the day the book is "as of", an ISO `YYYY-MM-DD` date (history lies
/// before it). Each argument left out (or `null`) is core's default sample's
/// (`SampleConfig::default()`: seed 7, 1,000 members, as of 1 November 2026).
///
/// # Errors
/// `InvalidArgument` when `members` is negative or more than a sample book holds
/// (core's `MAX_SAMPLE_MEMBERS`, one million), or when `as_of` is not a `YYYY-MM-DD`
/// date or falls outside the years 1900 to 9999.
#[uniffi::export(default(seed = None, members = None, as_of = None))]
pub fn sample_book(
    seed: Option<u64>,
    members: Option<i64>,
    as_of: Option<String>,
) -> Result<Arc<Book>, CallwiseError> {
    let mut config = callwise::SampleConfig::default();
    if let Some(seed) = seed {
        config.seed = seed;
    }
    if let Some(members) = members {
        config.members = u32::try_from(members).map_err(|_| CallwiseError::InvalidArgument {
            name: "members".to_owned(),
            reason: format!("{members} does not fit in an unsigned 32-bit count"),
        })?;
    }
    if let Some(text) = as_of {
        config.as_of = callwise::time::parse_date(&text, "as_of")?;
    }
    let book = callwise::sample_book(&config)?;
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
    use crate::error::invalid_reason;

    #[test]
    fn negative_members_is_invalid_argument() {
        invalid_reason(sample_book(Some(1), Some(-5), None), "members");
    }

    #[test]
    fn arguments_left_out_are_cores_default_sample() {
        let book = sample_book(None, None, None).unwrap();
        let core = callwise::sample_book(&callwise::SampleConfig::default()).unwrap();
        assert_eq!(book.0.to_json(), core.to_json());
    }

    #[test]
    fn as_of_is_parsed_strictly_and_checked_by_core() {
        let book = sample_book(Some(7), Some(5), Some("2025-06-30".to_owned())).unwrap();
        let last = book.0.summary().last_activity_at.unwrap();
        assert!(last.date_naive().to_string().as_str() <= "2025-06-30");
        for bad in [
            "2025-6-30",
            " 2025-06-30",
            "2025-06-31",
            "+2025-06-30",
            "",
            "20250630",
        ] {
            let result = sample_book(Some(7), Some(5), Some(bad.to_owned()));
            assert!(result.is_err(), "{bad:?} was taken for a date");
            invalid_reason(result, "as_of");
        }
        invalid_reason(
            sample_book(Some(7), Some(5), Some("1800-01-01".to_owned())),
            "as_of",
        );
    }

    #[test]
    fn contact_carries_phones_emails_and_consent() {
        let book = sample_book(Some(7), Some(10), None).unwrap();
        let core = &book.0.data().contacts[0];
        let c = book.contact(core.id.as_str().to_owned()).unwrap();
        assert_eq!(c.title, core.title);
        assert_eq!(c.phones.len(), core.phones.len());
        assert_eq!(c.emails.len(), core.emails.len());
        assert_eq!(c.consent.len(), core.consent.len());
        for channel in [callwise::Channel::Call, callwise::Channel::Webinar] {
            assert_eq!(
                book.consent_for(core.id.as_str().to_owned(), channel),
                Some(core.consent_for(channel))
            );
        }
        assert_eq!(
            book.consent_for("nope".to_owned(), callwise::Channel::Call),
            None
        );
    }

    #[test]
    fn contact_resolves_zone() {
        let book = sample_book(Some(7), Some(10), None).unwrap();
        let id = book.0.data().contacts[0].id.as_str().to_owned();
        let c = book.contact(id.clone()).unwrap();
        assert_eq!(c.time_zone, book.0.contact_time_zone(&id).unwrap());
        assert!(book.contact("nope".to_owned()).is_none());
    }

    #[test]
    fn account_and_rep_convert_and_unknown_ids_are_none() {
        let book = sample_book(Some(7), Some(10), None).unwrap();
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
        let book = sample_book(Some(7), Some(10), None).unwrap();
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

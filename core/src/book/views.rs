//! Views of a book's records: small copyable handles that read one record's fields
//! from the book's columns, and give the owned record on request.
//!
//! Accounts, contacts, activities, opportunities, memberships, campaigns, events and
//! tasks are stored as columns, so a look-up gives a view rather than a reference to a
//! record: reading a field is one or two array reads, and nothing is allocated until
//! `to_<record>()` asks for an owned copy. Divisions, teams, reps and hand-offs are
//! kept as records, and their look-ups give references.

use super::store::codes::{Code, date, date_opt, instant};
use super::store::columns::{Contacts, Owner, PAID_LATE};
use super::store::strings::NONE;
use super::store::tasks::NOT_COMPLETED;
use super::store::{Store, activities};
use crate::error::RecordKind;
use crate::time::Wire;
use crate::{
    Account, AccountKind, AccountStatus, Activity, Attendee, AttendeeStatus, Birthday, Book,
    Campaign, CampaignResponse, Channel, Consent, Contact, Direction, Email, Event, Lapse,
    Membership, Money, Opportunity, OpportunityStage, Outcome, OwnerRole, Ownership, Phone,
    PhoneKind, Renewal, ResponseKind, Task, TaskKind, TaskSource, TaskStatus,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

/// One owner of an account, as a view: who, in what role, for which division.
///
/// # Example
/// ```
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 20)).unwrap();
/// let account = book.accounts().next().unwrap();
/// let owner = account.primary_owner();
/// assert!(book.rep(owner.rep_id).is_some());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OwnershipRef<'a> {
    /// The owning rep's id.
    pub rep_id: &'a str,
    /// The part the rep plays.
    pub role: OwnerRole,
    /// The id of the division the ownership is held for.
    pub division_id: &'a str,
}

impl<'a> OwnershipRef<'a> {
    fn new(store: &'a Store, o: &Owner) -> Self {
        Self {
            rep_id: store.ids(RecordKind::Rep).str(o.rep),
            role: OwnerRole::from_code(o.role),
            division_id: store.ids(RecordKind::Division).str(o.division),
        }
    }

    /// The ownership as an owned record.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 20)).unwrap();
    /// let owner = book.accounts().next().unwrap().primary_owner();
    /// assert_eq!(owner.to_ownership().rep_id.as_str(), owner.rep_id);
    /// ```
    pub fn to_ownership(self) -> Ownership {
        Ownership::new(self.rep_id, self.role, self.division_id)
    }
}

impl Serialize for OwnershipRef<'_> {
    /// [`Ownership`]'s JSON.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Ownership", 3)?;
        s.serialize_field("rep_id", self.rep_id)?;
        s.serialize_field("role", &self.role)?;
        s.serialize_field("division_id", self.division_id)?;
        s.end()
    }
}

/// An account of a book, as a view (see [`Account`] for the fields' meaning).
///
/// # Example
/// ```
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 20)).unwrap();
/// let account = book.account("acc-0000001").unwrap();
/// assert_eq!(account.id(), "acc-0000001");
/// assert_eq!(account.to_account().id.as_str(), account.id());
/// ```
#[derive(Clone, Copy)]
pub struct AccountRef<'a> {
    pub(crate) book: &'a Book,
    pub(crate) pos: u32,
}

impl<'a> AccountRef<'a> {
    fn store(self) -> &'a Store {
        &self.book.store
    }

    /// The caller's id.
    pub fn id(self) -> &'a str {
        self.store().ids(RecordKind::Account).str(self.pos)
    }

    /// Display name.
    pub fn name(self) -> &'a str {
        self.store().accounts.name.get(self.pos)
    }

    /// Prospect, customer, member or partner.
    pub fn kind(self) -> AccountKind {
        AccountKind::from_code(self.store().accounts.kind[self.pos as usize])
    }

    /// Active, dormant, lost or lapsed.
    pub fn status(self) -> AccountStatus {
        AccountStatus::from_code(self.store().accounts.status[self.pos as usize])
    }

    /// The territory zone the account falls in, for zone rotation.
    pub fn territory_zone(self) -> Option<&'a str> {
        let w = self.store().accounts.territory[self.pos as usize];
        (w != NONE).then(|| self.store().words.str(w))
    }

    /// The IANA time zone name.
    pub fn time_zone(self) -> &'a str {
        let store = self.store();
        store
            .zones
            .names
            .str(store.accounts.zone[self.pos as usize])
    }

    /// The owner who holds the baton now.
    pub fn primary_owner(self) -> OwnershipRef<'a> {
        OwnershipRef::new(
            self.store(),
            &self.store().accounts.primary[self.pos as usize],
        )
    }

    /// The owners sharing the account, across divisions.
    pub fn co_owners(self) -> impl ExactSizeIterator<Item = OwnershipRef<'a>> + 'a {
        let store = self.store();
        store
            .accounts
            .co_owners(self.pos)
            .iter()
            .map(move |o| OwnershipRef::new(store, o))
    }

    /// The primary owner followed by the co-owners.
    pub fn owners(self) -> impl Iterator<Item = OwnershipRef<'a>> + 'a {
        std::iter::once(self.primary_owner()).chain(self.co_owners())
    }

    /// The account as an owned record.
    pub fn to_account(self) -> Account {
        Account {
            id: self.id().into(),
            name: self.name().to_owned(),
            kind: self.kind(),
            status: self.status(),
            territory_zone: self.territory_zone().map(str::to_owned),
            time_zone: self.time_zone().to_owned(),
            primary_owner: self.primary_owner().to_ownership(),
            co_owners: self.co_owners().map(OwnershipRef::to_ownership).collect(),
        }
    }
}

impl Serialize for AccountRef<'_> {
    /// [`Account`]'s JSON.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let a = *self;
        let mut s = serializer.serialize_struct("Account", 8)?;
        s.serialize_field("id", a.id())?;
        s.serialize_field("name", a.name())?;
        s.serialize_field("kind", &a.kind())?;
        s.serialize_field("status", &a.status())?;
        if let Some(t) = a.territory_zone() {
            s.serialize_field("territory_zone", t)?;
        }
        s.serialize_field("time_zone", a.time_zone())?;
        s.serialize_field("primary_owner", &a.primary_owner())?;
        if a.co_owners().len() > 0 {
            s.serialize_field("co_owners", &Seq(|| a.co_owners()))?;
        }
        s.end()
    }
}

/// A contact of a book, as a view (see [`Contact`] for the fields' meaning).
///
/// # Example
/// ```
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 20)).unwrap();
/// let contact = book.contact("con-0000001").unwrap();
/// assert_eq!(contact.account_id(), contact.to_contact().account_id.as_str());
/// ```
#[derive(Clone, Copy)]
pub struct ContactRef<'a> {
    pub(crate) book: &'a Book,
    pub(crate) pos: u32,
}

impl<'a> ContactRef<'a> {
    fn store(self) -> &'a Store {
        &self.book.store
    }

    fn columns(self) -> &'a Contacts {
        &self.book.store.contacts
    }

    /// The caller's id.
    pub fn id(self) -> &'a str {
        self.store().ids(RecordKind::Contact).str(self.pos)
    }

    /// The id of the account the contact belongs to.
    pub fn account_id(self) -> &'a str {
        let a = self.columns().account[self.pos as usize];
        self.store().ids(RecordKind::Account).str(a)
    }

    /// Display name (personal data: keep it out of logs).
    pub fn name(self) -> &'a str {
        self.columns().name.get(self.pos)
    }

    /// Job title.
    pub fn title(self) -> Option<&'a str> {
        let w = self.columns().title[self.pos as usize];
        (w != NONE).then(|| self.store().words.str(w))
    }

    /// Phone numbers, best first.
    pub fn phones(self) -> impl ExactSizeIterator<Item = Phone> + 'a {
        let x = self.columns();
        Contacts::range(&x.phone_start, self.pos).map(move |p| Phone {
            number: x.phone_number.get(p).to_owned(),
            kind: PhoneKind::from_code(x.phone_kind[p as usize]),
        })
    }

    /// E-mail addresses.
    pub fn emails(self) -> impl ExactSizeIterator<Item = Email> + 'a {
        let x = self.columns();
        Contacts::range(&x.email_start, self.pos).map(move |e| Email {
            address: x.email_address.get(e).to_owned(),
            primary: x.email_primary.get(e),
        })
    }

    /// Birthday.
    pub fn birthday(self) -> Option<Birthday> {
        self.columns().birthday(self.pos)
    }

    /// The contact's own IANA zone, when it overrides the account's.
    pub fn time_zone(self) -> Option<&'a str> {
        let z = self.columns().zone[self.pos as usize];
        (z != NONE).then(|| self.store().zones.names.str(z))
    }

    /// Whether the contact is on a do-not-call list.
    pub fn do_not_call(self) -> bool {
        self.columns().do_not_call(self.pos)
    }

    /// The consent recorded for `channel`, [`Consent::Unknown`] when none is.
    pub fn consent_for(self, channel: Channel) -> Consent {
        self.columns()
            .consent(self.pos, channel)
            .unwrap_or(Consent::Unknown)
    }

    /// The consents recorded, by channel in declaration order.
    pub fn consents(self) -> impl Iterator<Item = (Channel, Consent)> + 'a {
        let x = self.columns();
        let c = self.pos;
        Channel::ALL
            .into_iter()
            .filter_map(move |ch| x.consent(c, ch).map(|v| (ch, v)))
    }

    /// The contact as an owned record.
    pub fn to_contact(self) -> Contact {
        Contact {
            id: self.id().into(),
            account_id: self.account_id().into(),
            name: self.name().to_owned(),
            title: self.title().map(str::to_owned),
            phones: self.phones().collect(),
            emails: self.emails().collect(),
            birthday: self.birthday(),
            time_zone: self.time_zone().map(str::to_owned),
            do_not_call: self.do_not_call(),
            consent: self.consents().collect(),
        }
    }
}

impl Serialize for ContactRef<'_> {
    /// [`Contact`]'s JSON.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let c = *self;
        let mut s = serializer.serialize_struct("Contact", 10)?;
        s.serialize_field("id", c.id())?;
        s.serialize_field("account_id", c.account_id())?;
        s.serialize_field("name", c.name())?;
        if let Some(t) = c.title() {
            s.serialize_field("title", t)?;
        }
        if c.phones().len() > 0 {
            s.serialize_field("phones", &Seq(|| c.phones()))?;
        }
        if c.emails().len() > 0 {
            s.serialize_field("emails", &Seq(|| c.emails()))?;
        }
        if let Some(b) = c.birthday() {
            s.serialize_field("birthday", &b)?;
        }
        if let Some(z) = c.time_zone() {
            s.serialize_field("time_zone", z)?;
        }
        s.serialize_field("do_not_call", &c.do_not_call())?;
        if c.consents().next().is_some() {
            s.serialize_field("consent", &Map(|| c.consents()))?;
        }
        s.end()
    }
}

/// An activity of a book, as a view (see [`Activity`] for the fields' meaning).
///
/// # Example
/// ```
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 20)).unwrap();
/// let first = book.activities_of("acc-0000004").next().unwrap();
/// assert_eq!(first.account_id(), "acc-0000004");
/// assert_eq!(first.to_activity().at, first.at());
/// ```
#[derive(Clone, Copy)]
pub struct ActivityRef<'a> {
    pub(crate) book: &'a Book,
    /// The row in the activity columns.
    pub(crate) row: u32,
    /// The account's position.
    pub(crate) account: u32,
}

impl<'a> ActivityRef<'a> {
    fn store(self) -> &'a Store {
        &self.book.store
    }

    fn position(self) -> u32 {
        self.store().activities.book_of(self.row)
    }

    fn how(self) -> u8 {
        self.store().activities.how[self.row as usize]
    }

    /// The caller's id.
    pub fn id(self) -> &'a str {
        self.store().ids(RecordKind::Activity).str(self.position())
    }

    /// The id of the account touched.
    pub fn account_id(self) -> &'a str {
        self.store().ids(RecordKind::Account).str(self.account)
    }

    /// The id of the contact touched, when known.
    pub fn contact_id(self) -> Option<&'a str> {
        let c = self.store().activities.contact[self.row as usize];
        (c != NONE).then(|| self.store().ids(RecordKind::Contact).str(c))
    }

    /// The id of the rep who logged it.
    pub fn rep_id(self) -> &'a str {
        let r = self.store().activities.rep[self.row as usize];
        self.store().ids(RecordKind::Rep).str(r)
    }

    /// When it happened.
    pub fn at(self) -> DateTime<Utc> {
        let x = &self.store().activities;
        let finer = x.finer.get(self.position()).unwrap_or(0);
        instant(x.at[self.row as usize], finer)
    }

    /// When it happened, in microseconds since 1970.
    pub(crate) fn micros(self) -> i64 {
        self.store().activities.at[self.row as usize]
    }

    /// The position of the contact touched, [`NONE`] when none.
    pub(crate) fn contact(self) -> u32 {
        self.store().activities.contact[self.row as usize]
    }

    /// Call, e-mail, voicemail, text, meeting, webinar or event.
    pub fn channel(self) -> Channel {
        activities::channel(self.how())
    }

    /// Outbound or inbound.
    pub fn direction(self) -> Direction {
        activities::direction(self.how())
    }

    /// What came of it, when recorded.
    pub fn outcome(self) -> Option<Outcome> {
        activities::outcome(self.how())
    }

    /// Length in seconds, for calls and meetings.
    pub fn duration_seconds(self) -> Option<u32> {
        let x = &self.store().activities;
        let b = self.position();
        x.duration(b)
    }

    /// The id of the deal it advanced, if any.
    pub fn opportunity_id(self) -> Option<&'a str> {
        let store = self.store();
        let o = store.activities.opportunity.get(self.position())?;
        Some(store.ids(RecordKind::Opportunity).str(o))
    }

    /// The id of the campaign it followed up, if any.
    pub fn campaign_id(self) -> Option<&'a str> {
        let store = self.store();
        let c = store.activities.campaign.get(self.position())?;
        Some(store.ids(RecordKind::Campaign).str(c))
    }

    /// Whether it counts against the calling caps: an outbound call or voicemail.
    pub fn is_attempt(self) -> bool {
        super::activity::counts_as_attempt(self.direction(), self.channel())
    }

    /// The activity as an owned record.
    pub fn to_activity(self) -> Activity {
        Activity {
            id: self.id().into(),
            account_id: self.account_id().into(),
            contact_id: self.contact_id().map(Into::into),
            rep_id: self.rep_id().into(),
            at: self.at(),
            channel: self.channel(),
            direction: self.direction(),
            outcome: self.outcome(),
            duration_seconds: self.duration_seconds(),
            opportunity_id: self.opportunity_id().map(Into::into),
            campaign_id: self.campaign_id().map(Into::into),
        }
    }
}

impl Serialize for ActivityRef<'_> {
    /// [`Activity`]'s JSON.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let a = *self;
        let mut s = serializer.serialize_struct("Activity", 11)?;
        s.serialize_field("id", a.id())?;
        s.serialize_field("account_id", a.account_id())?;
        if let Some(c) = a.contact_id() {
            s.serialize_field("contact_id", c)?;
        }
        s.serialize_field("rep_id", a.rep_id())?;
        s.serialize_field("at", &Wire(a.at()))?;
        s.serialize_field("channel", &a.channel())?;
        s.serialize_field("direction", &a.direction())?;
        if let Some(o) = a.outcome() {
            s.serialize_field("outcome", &o)?;
        }
        if let Some(d) = a.duration_seconds() {
            s.serialize_field("duration_seconds", &d)?;
        }
        if let Some(o) = a.opportunity_id() {
            s.serialize_field("opportunity_id", o)?;
        }
        if let Some(c) = a.campaign_id() {
            s.serialize_field("campaign_id", c)?;
        }
        s.end()
    }
}

/// An opportunity of a book, as a view (see [`Opportunity`] for the fields' meaning).
///
/// # Example
/// ```
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 20)).unwrap();
/// let deal = book.opportunities().next().unwrap();
/// assert_eq!(deal.to_opportunity().stage, deal.stage());
/// ```
#[derive(Clone, Copy)]
pub struct OpportunityRef<'a> {
    pub(crate) book: &'a Book,
    pub(crate) pos: u32,
}

impl<'a> OpportunityRef<'a> {
    fn store(self) -> &'a Store {
        &self.book.store
    }

    fn i(self) -> usize {
        self.pos as usize
    }

    /// The caller's id.
    pub fn id(self) -> &'a str {
        self.store().ids(RecordKind::Opportunity).str(self.pos)
    }

    /// The id of the account the deal is with.
    pub fn account_id(self) -> &'a str {
        let a = self.store().opportunities.account[self.i()];
        self.store().ids(RecordKind::Account).str(a)
    }

    /// The id of the main contact on the deal.
    pub fn contact_id(self) -> Option<&'a str> {
        let c = self.store().opportunities.contact[self.i()];
        (c != NONE).then(|| self.store().ids(RecordKind::Contact).str(c))
    }

    /// The id of the rep who owns the deal.
    pub fn owner_rep_id(self) -> &'a str {
        let r = self.store().opportunities.owner[self.i()];
        self.store().ids(RecordKind::Rep).str(r)
    }

    /// The position of the main contact on the deal.
    pub(crate) fn contact(self) -> Option<u32> {
        let c = self.store().opportunities.contact[self.i()];
        (c != NONE).then_some(c)
    }

    /// The position of the rep who owns the deal.
    pub(crate) fn owner(self) -> u32 {
        self.store().opportunities.owner[self.i()]
    }

    /// Display name.
    pub fn name(self) -> &'a str {
        self.store().opportunities.name.get(self.pos)
    }

    /// Pipeline stage.
    pub fn stage(self) -> OpportunityStage {
        OpportunityStage::from_code(self.store().opportunities.stage[self.i()])
    }

    /// The deal's value.
    pub fn amount(self) -> Money {
        Money::new(self.amount_minor(), self.currency())
    }

    /// The deal's value in minor units of its currency.
    pub fn amount_minor(self) -> i64 {
        self.store().opportunities.amount[self.i()]
    }

    /// The ISO 4217 code of the deal's currency.
    pub fn currency(self) -> &'a str {
        let w = self.store().opportunities.currency[self.i()];
        self.store().words.str(w)
    }

    /// Chance of winning, 0 to 1, when the CRM keeps one.
    pub fn probability(self) -> Option<f64> {
        self.store().opportunities.probability.get(self.pos)
    }

    /// When the deal was uncovered.
    pub fn created_on(self) -> NaiveDate {
        date(self.store().opportunities.created_on[self.i()])
    }

    /// When it is expected to close.
    pub fn expected_close(self) -> NaiveDate {
        date(self.store().opportunities.expected_close[self.i()])
    }

    /// When the next step is due, if one is set.
    pub fn next_step_due(self) -> Option<NaiveDate> {
        date_opt(self.store().opportunities.next_step_due[self.i()])
    }

    /// When it was won or lost.
    pub fn closed_on(self) -> Option<NaiveDate> {
        date_opt(self.store().opportunities.closed_on[self.i()])
    }

    /// The competitor that won a lost deal, when known.
    pub fn lost_to(self) -> Option<&'a str> {
        let w = self.store().opportunities.lost_to[self.i()];
        (w != NONE).then(|| self.store().words.str(w))
    }

    /// The opportunity as an owned record.
    pub fn to_opportunity(self) -> Opportunity {
        Opportunity {
            id: self.id().into(),
            account_id: self.account_id().into(),
            contact_id: self.contact_id().map(Into::into),
            owner_rep_id: self.owner_rep_id().into(),
            name: self.name().to_owned(),
            stage: self.stage(),
            amount: self.amount(),
            probability: self.probability(),
            created_on: self.created_on(),
            expected_close: self.expected_close(),
            next_step_due: self.next_step_due(),
            closed_on: self.closed_on(),
            lost_to: self.lost_to().map(str::to_owned),
        }
    }
}

/// [`Money`]'s JSON, from its parts.
struct MoneyOf<'a>(i64, &'a str);

impl Serialize for MoneyOf<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Money", 2)?;
        s.serialize_field("amount_minor", &self.0)?;
        s.serialize_field("currency", self.1)?;
        s.end()
    }
}

impl Serialize for OpportunityRef<'_> {
    /// [`Opportunity`]'s JSON.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let o = *self;
        let mut s = serializer.serialize_struct("Opportunity", 13)?;
        s.serialize_field("id", o.id())?;
        s.serialize_field("account_id", o.account_id())?;
        if let Some(c) = o.contact_id() {
            s.serialize_field("contact_id", c)?;
        }
        s.serialize_field("owner_rep_id", o.owner_rep_id())?;
        s.serialize_field("name", o.name())?;
        s.serialize_field("stage", &o.stage())?;
        s.serialize_field("amount", &MoneyOf(o.amount_minor(), o.currency()))?;
        if let Some(p) = o.probability() {
            s.serialize_field("probability", &p)?;
        }
        s.serialize_field("created_on", &Wire(o.created_on()))?;
        s.serialize_field("expected_close", &Wire(o.expected_close()))?;
        if let Some(d) = o.next_step_due() {
            s.serialize_field("next_step_due", &Wire(d))?;
        }
        if let Some(d) = o.closed_on() {
            s.serialize_field("closed_on", &Wire(d))?;
        }
        if let Some(l) = o.lost_to() {
            s.serialize_field("lost_to", l)?;
        }
        s.end()
    }
}

/// A membership of a book, as a view (see [`Membership`] for the fields' meaning).
///
/// # Example
/// ```
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 20)).unwrap();
/// let m = book.memberships().next().unwrap();
/// assert!(m.term_end() > m.term_start());
/// assert_eq!(m.to_membership().renewals.len(), m.renewals().count());
/// ```
#[derive(Clone, Copy)]
pub struct MembershipRef<'a> {
    pub(crate) book: &'a Book,
    pub(crate) pos: u32,
}

impl<'a> MembershipRef<'a> {
    fn store(self) -> &'a Store {
        &self.book.store
    }

    fn i(self) -> usize {
        self.pos as usize
    }

    /// The caller's id.
    pub fn id(self) -> &'a str {
        self.store().ids(RecordKind::Membership).str(self.pos)
    }

    /// The id of the member account.
    pub fn account_id(self) -> &'a str {
        let a = self.store().memberships.account[self.i()];
        self.store().ids(RecordKind::Account).str(a)
    }

    /// Membership tier.
    pub fn tier(self) -> &'a str {
        self.store()
            .words
            .str(self.store().memberships.tier[self.i()])
    }

    /// Dues for the current term.
    pub fn dues(self) -> Money {
        Money::new(self.dues_minor(), self.currency())
    }

    /// Dues for the current term, in minor units of their currency.
    pub fn dues_minor(self) -> i64 {
        self.store().memberships.dues[self.i()]
    }

    /// The ISO 4217 code of the dues' currency.
    pub fn currency(self) -> &'a str {
        self.store()
            .words
            .str(self.store().memberships.currency[self.i()])
    }

    /// When the member first joined.
    pub fn joined_on(self) -> NaiveDate {
        date(self.store().memberships.joined_on[self.i()])
    }

    /// First day of the current (or last) term.
    pub fn term_start(self) -> NaiveDate {
        date(self.store().memberships.term_start[self.i()])
    }

    /// Last day of the current (or last) term.
    pub fn term_end(self) -> NaiveDate {
        date(self.store().memberships.term_end[self.i()])
    }

    /// Past terms that were renewed, oldest first.
    pub fn renewals(self) -> impl DoubleEndedIterator<Item = Renewal> + ExactSizeIterator + 'a {
        let store = self.store();
        store
            .memberships
            .renewals(self.pos)
            .iter()
            .map(move |r| Renewal {
                term_start: date(r.term_start),
                term_end: date(r.term_end),
                renewed_on: date(r.renewed_on),
                dues: Money::new(r.amount, store.words.str(r.currency_late & !PAID_LATE)),
                paid_late: r.currency_late & PAID_LATE != 0,
            })
    }

    /// Past lapses, oldest first.
    pub fn lapses(self) -> impl DoubleEndedIterator<Item = Lapse> + ExactSizeIterator + 'a {
        self.store()
            .memberships
            .lapses(self.pos)
            .iter()
            .map(|&(lapsed, back)| Lapse {
                lapsed_on: date(lapsed),
                reinstated_on: date_opt(back),
            })
    }

    /// The membership as an owned record.
    pub fn to_membership(self) -> Membership {
        Membership {
            id: self.id().into(),
            account_id: self.account_id().into(),
            tier: self.tier().to_owned(),
            dues: self.dues(),
            joined_on: self.joined_on(),
            term_start: self.term_start(),
            term_end: self.term_end(),
            renewals: self.renewals().collect(),
            lapses: self.lapses().collect(),
        }
    }
}

impl Serialize for MembershipRef<'_> {
    /// [`Membership`]'s JSON.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let m = *self;
        let mut s = serializer.serialize_struct("Membership", 9)?;
        s.serialize_field("id", m.id())?;
        s.serialize_field("account_id", m.account_id())?;
        s.serialize_field("tier", m.tier())?;
        s.serialize_field("dues", &MoneyOf(m.dues_minor(), m.currency()))?;
        s.serialize_field("joined_on", &Wire(m.joined_on()))?;
        s.serialize_field("term_start", &Wire(m.term_start()))?;
        s.serialize_field("term_end", &Wire(m.term_end()))?;
        if m.renewals().len() > 0 {
            s.serialize_field("renewals", &Seq(|| m.renewals()))?;
        }
        if m.lapses().len() > 0 {
            s.serialize_field("lapses", &Seq(|| m.lapses()))?;
        }
        s.end()
    }
}

/// A campaign of a book, as a view (see [`Campaign`] for the fields' meaning).
///
/// # Example
/// ```
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 20)).unwrap();
/// let c = book.campaigns().next().unwrap();
/// assert_eq!(c.to_campaign().responses.len(), c.responses().count());
/// ```
#[derive(Clone, Copy)]
pub struct CampaignRef<'a> {
    pub(crate) book: &'a Book,
    pub(crate) pos: u32,
}

impl<'a> CampaignRef<'a> {
    fn record(self) -> &'a Campaign {
        &self.book.store.campaigns[self.pos as usize]
    }

    /// The caller's id.
    pub fn id(self) -> &'a str {
        self.record().id.as_str()
    }

    /// Display name.
    pub fn name(self) -> &'a str {
        &self.record().name
    }

    /// The channel it runs on.
    pub fn channel(self) -> Channel {
        self.record().channel
    }

    /// First day.
    pub fn starts_on(self) -> NaiveDate {
        self.record().starts_on
    }

    /// Last day, if it has one.
    pub fn ends_on(self) -> Option<NaiveDate> {
        self.record().ends_on
    }

    /// The positions of its responses in the store, in order.
    fn rows(self) -> impl ExactSizeIterator<Item = u32> + 'a {
        let (flat, tail) = self.book.index.responses_by_campaign.get(self.pos);
        flat.iter()
            .chain(tail)
            .copied()
            .collect::<Vec<_>>()
            .into_iter()
    }

    /// The responses, in the order recorded.
    pub fn responses(self) -> impl ExactSizeIterator<Item = CampaignResponse> + 'a {
        let store = &self.book.store;
        self.rows().map(move |r| response(store, r))
    }

    /// The campaign as an owned record.
    pub fn to_campaign(self) -> Campaign {
        Campaign {
            responses: self.responses().collect(),
            ..self.record().clone()
        }
    }
}

/// The response at position `r` of the store.
pub(crate) fn response(store: &Store, r: u32) -> CampaignResponse {
    let x = &store.responses;
    let i = r as usize;
    CampaignResponse {
        contact_id: store.ids(RecordKind::Contact).str(x.contact[i]).into(),
        at: instant(x.at[i], x.finer.get(r).unwrap_or(0)),
        kind: ResponseKind::from_code(x.kind[i]),
    }
}

impl Serialize for CampaignRef<'_> {
    /// [`Campaign`]'s JSON.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let c = *self;
        let k = c.record();
        let mut s = serializer.serialize_struct("Campaign", 6)?;
        s.serialize_field("id", &k.id)?;
        s.serialize_field("name", &k.name)?;
        s.serialize_field("channel", &k.channel)?;
        s.serialize_field("starts_on", &k.starts_on)?;
        if let Some(end) = &k.ends_on {
            s.serialize_field("ends_on", end)?;
        }
        if c.rows().len() > 0 {
            s.serialize_field("responses", &Seq(|| c.responses()))?;
        }
        s.end()
    }
}

/// An event of a book, as a view (see [`Event`] for the fields' meaning).
///
/// # Example
/// ```
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 20)).unwrap();
/// let e = book.events().next().unwrap();
/// assert!(e.ends_at() > e.starts_at());
/// ```
#[derive(Clone, Copy)]
pub struct EventRef<'a> {
    pub(crate) book: &'a Book,
    pub(crate) pos: u32,
}

impl<'a> EventRef<'a> {
    fn record(self) -> &'a Event {
        &self.book.store.events[self.pos as usize]
    }

    /// The caller's id.
    pub fn id(self) -> &'a str {
        self.record().id.as_str()
    }

    /// Display name.
    pub fn name(self) -> &'a str {
        &self.record().name
    }

    /// Start instant.
    pub fn starts_at(self) -> DateTime<Utc> {
        self.record().starts_at
    }

    /// End instant.
    pub fn ends_at(self) -> DateTime<Utc> {
        self.record().ends_at
    }

    /// The IANA zone the event is held in.
    pub fn time_zone(self) -> &'a str {
        &self.record().time_zone
    }

    fn rows(self) -> impl ExactSizeIterator<Item = u32> + 'a {
        let (flat, tail) = self.book.index.attendees_by_event.get(self.pos);
        flat.iter()
            .chain(tail)
            .copied()
            .collect::<Vec<_>>()
            .into_iter()
    }

    /// Who registered or came.
    pub fn attendees(self) -> impl ExactSizeIterator<Item = Attendee> + 'a {
        let store = &self.book.store;
        self.rows().map(move |a| attendee(store, a))
    }

    /// The event as an owned record.
    pub fn to_event(self) -> Event {
        Event {
            attendees: self.attendees().collect(),
            ..self.record().clone()
        }
    }
}

impl Serialize for EventRef<'_> {
    /// [`Event`]'s JSON.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let e = *self;
        let k = e.record();
        let mut s = serializer.serialize_struct("Event", 6)?;
        s.serialize_field("id", &k.id)?;
        s.serialize_field("name", &k.name)?;
        s.serialize_field("starts_at", &k.starts_at)?;
        s.serialize_field("ends_at", &k.ends_at)?;
        s.serialize_field("time_zone", &k.time_zone)?;
        if e.rows().len() > 0 {
            s.serialize_field("attendees", &Seq(|| e.attendees()))?;
        }
        s.end()
    }
}

/// A sequence serialised from a fresh iterator.
pub(crate) struct Seq<F>(pub(crate) F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: ExactSizeIterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let items = (self.0)();
        let mut seq = serializer.serialize_seq(Some(items.len()))?;
        for item in items {
            seq.serialize_element(&item)?;
        }
        seq.end()
    }
}

/// A map serialised from a fresh iterator of pairs.
struct Map<F>(F);

impl<F, I, K, V> Serialize for Map<F>
where
    F: Fn() -> I,
    I: Iterator<Item = (K, V)>,
    K: Serialize,
    V: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (k, v) in (self.0)() {
            map.serialize_entry(&k, &v)?;
        }
        map.end()
    }
}

/// A task of a book, as a view (see [`Task`] for the fields' meaning).
///
/// # Example
/// ```
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 50)).unwrap();
/// let task = book.tasks().next().unwrap();
/// assert_eq!(task.to_task().due_on, task.due_on());
/// assert!(book.account(task.account_id()).is_some());
/// ```
#[derive(Clone, Copy)]
pub struct TaskRef<'a> {
    pub(crate) book: &'a Book,
    pub(crate) pos: u32,
}

impl<'a> TaskRef<'a> {
    fn store(self) -> &'a Store {
        &self.book.store
    }

    fn i(self) -> usize {
        self.pos as usize
    }

    /// The caller's id.
    pub fn id(self) -> &'a str {
        self.store().ids(RecordKind::Task).str(self.pos)
    }

    /// The id of the account it concerns.
    pub fn account_id(self) -> &'a str {
        let a = self.store().tasks.account[self.i()];
        self.store().ids(RecordKind::Account).str(a)
    }

    /// The id of the contact it concerns, if one.
    pub fn contact_id(self) -> Option<&'a str> {
        let c = self.store().tasks.contact[self.i()];
        (c != NONE).then(|| self.store().ids(RecordKind::Contact).str(c))
    }

    /// The id of the rep it is assigned to.
    pub fn rep_id(self) -> &'a str {
        let r = self.store().tasks.rep[self.i()];
        self.store().ids(RecordKind::Rep).str(r)
    }

    /// The position of the contact it concerns, if one.
    pub(crate) fn contact(self) -> Option<u32> {
        let c = self.store().tasks.contact[self.i()];
        (c != NONE).then_some(c)
    }

    /// The position of the rep it is assigned to.
    pub(crate) fn rep(self) -> u32 {
        self.store().tasks.rep[self.i()]
    }

    /// What to do.
    pub fn kind(self) -> TaskKind {
        TaskKind::from_code(self.store().tasks.kind[self.i()])
    }

    /// Where it came from.
    pub fn source(self) -> TaskSource {
        TaskSource::from_code(self.store().tasks.source[self.i()])
    }

    /// Open, done or cancelled.
    pub fn status(self) -> TaskStatus {
        TaskStatus::from_code(self.store().tasks.status[self.i()])
    }

    /// When it was created.
    pub fn created_at(self) -> DateTime<Utc> {
        let x = &self.store().tasks;
        instant(
            x.created[self.i()],
            x.created_finer.get(self.pos).unwrap_or(0),
        )
    }

    /// The day it is due (in the rep's calendar).
    pub fn due_on(self) -> NaiveDate {
        date(self.store().tasks.due[self.i()])
    }

    /// When it was completed, for done tasks.
    pub fn completed_at(self) -> Option<DateTime<Utc>> {
        let x = &self.store().tasks;
        let at = x.completed[self.i()];
        (at != NOT_COMPLETED).then(|| instant(at, x.completed_finer.get(self.pos).unwrap_or(0)))
    }

    /// The task as an owned record.
    pub fn to_task(self) -> Task {
        Task {
            id: self.id().into(),
            account_id: self.account_id().into(),
            contact_id: self.contact_id().map(Into::into),
            rep_id: self.rep_id().into(),
            kind: self.kind(),
            source: self.source(),
            status: self.status(),
            created_at: self.created_at(),
            due_on: self.due_on(),
            completed_at: self.completed_at(),
        }
    }
}

impl Serialize for TaskRef<'_> {
    /// [`Task`]'s JSON.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let t = *self;
        let mut s = serializer.serialize_struct("Task", 10)?;
        s.serialize_field("id", t.id())?;
        s.serialize_field("account_id", t.account_id())?;
        if let Some(c) = t.contact_id() {
            s.serialize_field("contact_id", c)?;
        }
        s.serialize_field("rep_id", t.rep_id())?;
        s.serialize_field("kind", &t.kind())?;
        s.serialize_field("source", &t.source())?;
        s.serialize_field("status", &t.status())?;
        s.serialize_field("created_at", &Wire(t.created_at()))?;
        s.serialize_field("due_on", &Wire(t.due_on()))?;
        if let Some(done) = t.completed_at() {
            s.serialize_field("completed_at", &Wire(done))?;
        }
        s.end()
    }
}

macro_rules! view_common {
    ($view:ident, $record:ident, $to:ident) => {
        impl std::fmt::Debug for $view<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_tuple(stringify!($view)).field(&self.id()).finish()
            }
        }

        impl PartialEq for $view<'_> {
            /// Two views are equal when their records are.
            fn eq(&self, other: &Self) -> bool {
                self.$to() == other.$to()
            }
        }

        impl PartialEq<$record> for $view<'_> {
            fn eq(&self, other: &$record) -> bool {
                &self.$to() == other
            }
        }
    };
}

view_common!(AccountRef, Account, to_account);
view_common!(ContactRef, Contact, to_contact);
view_common!(ActivityRef, Activity, to_activity);
view_common!(OpportunityRef, Opportunity, to_opportunity);
view_common!(MembershipRef, Membership, to_membership);
view_common!(CampaignRef, Campaign, to_campaign);
view_common!(EventRef, Event, to_event);
view_common!(TaskRef, Task, to_task);

/// The attendee in row `a` of the attendee columns.
pub(crate) fn attendee(store: &Store, a: u32) -> Attendee {
    Attendee {
        contact_id: store
            .ids(RecordKind::Contact)
            .str(store.attendees.contact[a as usize])
            .into(),
        status: AttendeeStatus::from_code(store.attendees.status[a as usize]),
    }
}

//! Views of a book's records: small copyable handles that read one record's fields
//! from the book's storage, and give the owned record on request.

use crate::{
    Account, AccountKind, AccountStatus, Activity, Attendee, Birthday, Book, Campaign,
    CampaignResponse, Channel, Consent, Contact, Direction, Event, Lapse, Membership, Money,
    Opportunity, OpportunityStage, Outcome, OwnerRole, Renewal,
};
use chrono::{DateTime, NaiveDate, Utc};

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

impl<'a> From<&'a crate::Ownership> for OwnershipRef<'a> {
    fn from(o: &'a crate::Ownership) -> Self {
        Self {
            rep_id: o.rep_id.as_str(),
            role: o.role,
            division_id: o.division_id.as_str(),
        }
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
    fn record(self) -> &'a Account {
        &self.book.data.accounts[self.pos as usize]
    }

    /// The caller's id.
    pub fn id(self) -> &'a str {
        self.record().id.as_str()
    }

    /// Display name.
    pub fn name(self) -> &'a str {
        &self.record().name
    }

    /// Prospect, customer, member or partner.
    pub fn kind(self) -> AccountKind {
        self.record().kind
    }

    /// Active, dormant, lost or lapsed.
    pub fn status(self) -> AccountStatus {
        self.record().status
    }

    /// The territory zone the account falls in, for zone rotation.
    pub fn territory_zone(self) -> Option<&'a str> {
        self.record().territory_zone.as_deref()
    }

    /// The IANA time zone name.
    pub fn time_zone(self) -> &'a str {
        &self.record().time_zone
    }

    /// The owner who holds the baton now.
    pub fn primary_owner(self) -> OwnershipRef<'a> {
        (&self.record().primary_owner).into()
    }

    /// The owners sharing the account, across divisions.
    pub fn co_owners(self) -> impl Iterator<Item = OwnershipRef<'a>> + 'a {
        self.record().co_owners.iter().map(OwnershipRef::from)
    }

    /// The primary owner followed by the co-owners.
    pub fn owners(self) -> impl Iterator<Item = OwnershipRef<'a>> + 'a {
        std::iter::once(self.primary_owner()).chain(self.co_owners())
    }

    /// The account as an owned record.
    pub fn to_account(self) -> Account {
        self.record().clone()
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
    fn record(self) -> &'a Contact {
        &self.book.data.contacts[self.pos as usize]
    }

    /// The caller's id.
    pub fn id(self) -> &'a str {
        self.record().id.as_str()
    }

    /// The id of the account the contact belongs to.
    pub fn account_id(self) -> &'a str {
        self.record().account_id.as_str()
    }

    /// Display name (personal data: keep it out of logs).
    pub fn name(self) -> &'a str {
        &self.record().name
    }

    /// Job title.
    pub fn title(self) -> Option<&'a str> {
        self.record().title.as_deref()
    }

    /// Birthday.
    pub fn birthday(self) -> Option<Birthday> {
        self.record().birthday
    }

    /// The contact's own IANA zone, when it overrides the account's.
    pub fn time_zone(self) -> Option<&'a str> {
        self.record().time_zone.as_deref()
    }

    /// Whether the contact is on a do-not-call list.
    pub fn do_not_call(self) -> bool {
        self.record().do_not_call
    }

    /// The consent recorded for `channel`, [`Consent::Unknown`] when none is.
    pub fn consent_for(self, channel: Channel) -> Consent {
        self.record().consent_for(channel)
    }

    /// The contact as an owned record.
    pub fn to_contact(self) -> Contact {
        self.record().clone()
    }
}

/// An activity of a book, as a view (see [`Activity`] for the fields' meaning).
///
/// # Example
/// ```
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 20)).unwrap();
/// let first = book.activities_of("acc-0000001").next().unwrap();
/// assert_eq!(first.account_id(), "acc-0000001");
/// assert_eq!(first.to_activity().at, first.at());
/// ```
#[derive(Clone, Copy)]
pub struct ActivityRef<'a> {
    pub(crate) book: &'a Book,
    pub(crate) pos: u32,
}

impl<'a> ActivityRef<'a> {
    fn record(self) -> &'a Activity {
        &self.book.data.activities[self.pos as usize]
    }

    /// The caller's id.
    pub fn id(self) -> &'a str {
        self.record().id.as_str()
    }

    /// The id of the account touched.
    pub fn account_id(self) -> &'a str {
        self.record().account_id.as_str()
    }

    /// The id of the contact touched, when known.
    pub fn contact_id(self) -> Option<&'a str> {
        self.record().contact_id.as_ref().map(|c| c.as_str())
    }

    /// The id of the rep who logged it.
    pub fn rep_id(self) -> &'a str {
        self.record().rep_id.as_str()
    }

    /// When it happened.
    pub fn at(self) -> DateTime<Utc> {
        self.record().at
    }

    /// Call, e-mail, voicemail, text, meeting, webinar or event.
    pub fn channel(self) -> Channel {
        self.record().channel
    }

    /// Outbound or inbound.
    pub fn direction(self) -> Direction {
        self.record().direction
    }

    /// What came of it, when recorded.
    pub fn outcome(self) -> Option<Outcome> {
        self.record().outcome
    }

    /// Length in seconds, for calls and meetings.
    pub fn duration_seconds(self) -> Option<u32> {
        self.record().duration_seconds
    }

    /// The id of the deal it advanced, if any.
    pub fn opportunity_id(self) -> Option<&'a str> {
        self.record().opportunity_id.as_ref().map(|o| o.as_str())
    }

    /// The id of the campaign it followed up, if any.
    pub fn campaign_id(self) -> Option<&'a str> {
        self.record().campaign_id.as_ref().map(|c| c.as_str())
    }

    /// Whether it counts against the calling caps: an outbound call or voicemail.
    pub fn is_attempt(self) -> bool {
        super::index::counts_as_attempt(self.direction(), self.channel())
    }

    /// The activity as an owned record.
    pub fn to_activity(self) -> Activity {
        self.record().clone()
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
    fn record(self) -> &'a Opportunity {
        &self.book.data.opportunities[self.pos as usize]
    }

    /// The caller's id.
    pub fn id(self) -> &'a str {
        self.record().id.as_str()
    }

    /// The id of the account the deal is with.
    pub fn account_id(self) -> &'a str {
        self.record().account_id.as_str()
    }

    /// The id of the main contact on the deal.
    pub fn contact_id(self) -> Option<&'a str> {
        self.record().contact_id.as_ref().map(|c| c.as_str())
    }

    /// The id of the rep who owns the deal.
    pub fn owner_rep_id(self) -> &'a str {
        self.record().owner_rep_id.as_str()
    }

    /// Display name.
    pub fn name(self) -> &'a str {
        &self.record().name
    }

    /// Pipeline stage.
    pub fn stage(self) -> OpportunityStage {
        self.record().stage
    }

    /// The deal's value.
    pub fn amount(self) -> Money {
        self.record().amount.clone()
    }

    /// The deal's value in minor units of its currency.
    pub fn amount_minor(self) -> i64 {
        self.record().amount.amount_minor
    }

    /// Chance of winning, 0 to 1, when the CRM keeps one.
    pub fn probability(self) -> Option<f64> {
        self.record().probability
    }

    /// When the deal was uncovered.
    pub fn created_on(self) -> NaiveDate {
        self.record().created_on
    }

    /// When it is expected to close.
    pub fn expected_close(self) -> NaiveDate {
        self.record().expected_close
    }

    /// When the next step is due, if one is set.
    pub fn next_step_due(self) -> Option<NaiveDate> {
        self.record().next_step_due
    }

    /// When it was won or lost.
    pub fn closed_on(self) -> Option<NaiveDate> {
        self.record().closed_on
    }

    /// The competitor that won a lost deal, when known.
    pub fn lost_to(self) -> Option<&'a str> {
        self.record().lost_to.as_deref()
    }

    /// The opportunity as an owned record.
    pub fn to_opportunity(self) -> Opportunity {
        self.record().clone()
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
    fn record(self) -> &'a Membership {
        &self.book.data.memberships[self.pos as usize]
    }

    /// The caller's id.
    pub fn id(self) -> &'a str {
        self.record().id.as_str()
    }

    /// The id of the member account.
    pub fn account_id(self) -> &'a str {
        self.record().account_id.as_str()
    }

    /// Membership tier.
    pub fn tier(self) -> &'a str {
        &self.record().tier
    }

    /// Dues for the current term.
    pub fn dues(self) -> Money {
        self.record().dues.clone()
    }

    /// When the member first joined.
    pub fn joined_on(self) -> NaiveDate {
        self.record().joined_on
    }

    /// First day of the current (or last) term.
    pub fn term_start(self) -> NaiveDate {
        self.record().term_start
    }

    /// Last day of the current (or last) term.
    pub fn term_end(self) -> NaiveDate {
        self.record().term_end
    }

    /// Past terms that were renewed, oldest first.
    pub fn renewals(self) -> impl DoubleEndedIterator<Item = Renewal> + 'a {
        self.record().renewals.iter().cloned()
    }

    /// Past lapses, oldest first.
    pub fn lapses(self) -> impl DoubleEndedIterator<Item = Lapse> + 'a {
        self.record().lapses.iter().cloned()
    }

    /// The membership as an owned record.
    pub fn to_membership(self) -> Membership {
        self.record().clone()
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
        &self.book.data.campaigns[self.pos as usize]
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

    /// The responses, in the order recorded.
    pub fn responses(self) -> impl Iterator<Item = CampaignResponse> + 'a {
        self.record().responses.iter().cloned()
    }

    /// The campaign as an owned record.
    pub fn to_campaign(self) -> Campaign {
        self.record().clone()
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
        &self.book.data.events[self.pos as usize]
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

    /// Who registered or came.
    pub fn attendees(self) -> impl Iterator<Item = Attendee> + 'a {
        self.record().attendees.iter().cloned()
    }

    /// The event as an owned record.
    pub fn to_event(self) -> Event {
        self.record().clone()
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

        impl serde::Serialize for $view<'_> {
            /// The record's own JSON.
            fn serialize<S: serde::Serializer>(
                &self,
                serializer: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                self.record().serialize(serializer)
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

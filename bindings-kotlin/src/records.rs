//! The book's records and enums as Kotlin sees them: core's own types, declared to
//! UniFFI with `#[uniffi::remote(...)]` (the declaration only tells UniFFI the fields or
//! variants; the real type stays in `callwise`, and a field added there is a compile
//! error here until it is declared). Ids, dates and instants inside them are the custom
//! types of `types.rs`: `String`s, `java.time.LocalDate`s and `java.time.Instant`s.

use crate::types::{NaiveDate, UtcInstant};
use callwise::{
    Account, AccountId, AccountKind, AccountStatus, Activity, ActivityId, Birthday, CampaignId,
    Channel, Consent, ContactId, Direction, DivisionId, Email, Handoff, HandoffDirection,
    HandoffId, Lapse, Membership, MembershipId, Money, Opportunity, OpportunityId,
    OpportunityStage, Outcome, OwnerRole, Ownership, Phone, PhoneKind, Renewal, Rep, RepId, TeamId,
};
use callwise::{Attendee, AttendeeStatus, CampaignResponse, ResponseKind};

/// What an account is to the team.
#[uniffi::remote(Enum)]
pub enum AccountKind {
    /// Not yet buying or a member.
    Prospect,
    /// Buys whenever it likes (non-contractual).
    Customer,
    /// Holds a membership that renews or lapses (contractual).
    Member,
    /// A partner, reseller or sponsor.
    Partner,
}

/// Where an account stands.
#[uniffi::remote(Enum)]
pub enum AccountStatus {
    /// Buying, renewing or being worked.
    Active,
    /// A customer we have not heard from in a while.
    Dormant,
    /// Gone to a competitor or closed.
    Lost,
    /// A member whose membership ran out without renewal.
    Lapsed,
}

/// The part an owner or a rep plays.
#[uniffi::remote(Enum)]
pub enum OwnerRole {
    /// Sells: new business and expansion.
    Sales,
    /// Delivers after the contract is signed (account executive, program manager).
    Operations,
    /// Supports and retains.
    Service,
}

/// How a touch was made.
#[uniffi::remote(Enum)]
pub enum Channel {
    /// A phone call.
    Call,
    /// An e-mail.
    Email,
    /// A voicemail dropped or left.
    Voicemail,
    /// A text message.
    Text,
    /// A meeting, in person or online.
    Meeting,
    /// A webinar.
    Webinar,
    /// An event (conference, reception...).
    Event,
}

/// Who started a touch.
#[uniffi::remote(Enum)]
pub enum Direction {
    /// The rep reached out.
    Outbound,
    /// The contact reached in.
    Inbound,
}

/// What came of a touch.
#[uniffi::remote(Enum)]
pub enum Outcome {
    /// Spoke with the contact.
    Connected,
    /// Nobody answered.
    NoAnswer,
    /// A voicemail was left.
    LeftVoicemail,
    /// A meeting was booked.
    MeetingSet,
    /// A new opportunity came out of it.
    OpportunityUncovered,
    /// The contact is not interested.
    NotInterested,
    /// The number reached someone else.
    WrongNumber,
    /// The contact asked not to be contacted again.
    OptedOut,
}

/// Where a deal stands in the pipeline.
#[uniffi::remote(Enum)]
pub enum OpportunityStage {
    /// Uncovered, not yet qualified.
    Prospecting,
    /// Need and budget being confirmed.
    Qualification,
    /// A proposal is out.
    Proposal,
    /// Terms under negotiation.
    Negotiation,
    /// Won.
    ClosedWon,
    /// Lost (perhaps to a competitor).
    ClosedLost,
}

/// Which way the baton moves in a hand-off.
#[uniffi::remote(Enum)]
pub enum HandoffDirection {
    /// A signed contract passes to delivery.
    SalesToOperations,
    /// The account comes back to sales for an expansion.
    OperationsToSales,
}

/// What kind of line a phone number is.
#[uniffi::remote(Enum)]
pub enum PhoneKind {
    /// A mobile line (texts possible).
    Mobile,
    /// A work line.
    Work,
    /// A home line.
    Home,
}

/// A contact's consent for one channel.
#[uniffi::remote(Enum)]
pub enum Consent {
    /// The contact agreed to be reached this way.
    Granted,
    /// The contact refused or withdrew consent.
    Denied,
    /// Nothing recorded.
    Unknown,
}

/// A phone number.
#[uniffi::remote(Record)]
pub struct Phone {
    /// The number, ideally in E.164 form (personal data: keep it out of logs).
    pub number: String,
    /// Mobile, work or home.
    pub kind: PhoneKind,
}

/// An e-mail address.
#[uniffi::remote(Record)]
pub struct Email {
    /// The address (personal data: keep it out of logs).
    pub address: String,
    /// Whether this is the address to use first.
    pub primary: bool,
}

/// A birthday: month and day, and the year when known.
#[uniffi::remote(Record)]
pub struct Birthday {
    /// 1 to 12.
    pub month: u32,
    /// 1 to 31, within the month.
    pub day: u32,
    /// The year of birth, when known.
    pub year: Option<i32>,
}

/// An amount of money in a currency's minor units (cents for USD); never a float.
#[uniffi::remote(Record)]
pub struct Money {
    /// The amount in minor units (for example cents).
    pub amount_minor: i64,
    /// The ISO 4217 code: three upper-case ASCII letters.
    pub currency: String,
}

/// One owner of an account: who, in what role, for which division.
#[uniffi::remote(Record)]
pub struct Ownership {
    /// The owning rep's id.
    pub rep_id: RepId,
    /// The part the rep plays.
    pub role: OwnerRole,
    /// The id of the division the ownership is held for.
    pub division_id: DivisionId,
}

/// An account: an organisation or person with its owners, zone and time zone.
#[uniffi::remote(Record)]
pub struct Account {
    /// The account's id.
    pub id: AccountId,
    /// Display name (an organisation's or a person's).
    pub name: String,
    /// Prospect, customer, member or partner.
    pub kind: AccountKind,
    /// Active, dormant, lost or lapsed.
    pub status: AccountStatus,
    /// The territory zone the account falls in, when it has one.
    pub territory_zone: Option<String>,
    /// IANA time zone name, for example `America/Phoenix`.
    pub time_zone: String,
    /// The owner who holds the baton now.
    pub primary_owner: Ownership,
    /// Owners sharing the account, across divisions, in book order.
    pub co_owners: Vec<Ownership>,
}

/// A rep: a salesperson, membership coordinator, account executive...
#[uniffi::remote(Record)]
pub struct Rep {
    /// The rep's id.
    pub id: RepId,
    /// Display name (personal data: keep it out of logs).
    pub name: String,
    /// The part the rep usually plays.
    pub role: OwnerRole,
    /// The id of the rep's division.
    pub division_id: DivisionId,
    /// The id of the rep's team, if any.
    pub team_id: Option<TeamId>,
    /// The rep's own IANA time zone (where their working day is).
    pub time_zone: String,
}

/// One logged touch: a call, e-mail, meeting or event on an account.
#[uniffi::remote(Record)]
pub struct Activity {
    /// The activity's id.
    pub id: ActivityId,
    /// The id of the account touched.
    pub account_id: AccountId,
    /// The id of the contact touched, when known.
    pub contact_id: Option<ContactId>,
    /// The id of the rep who logged it (any division: it counts for every owner).
    pub rep_id: RepId,
    /// When it happened.
    pub at: UtcInstant,
    /// Call, e-mail, voicemail, text, meeting, webinar or event.
    pub channel: Channel,
    /// Outbound or inbound.
    pub direction: Direction,
    /// What came of it, when recorded.
    pub outcome: Option<Outcome>,
    /// Length in seconds, for calls and meetings.
    pub duration_seconds: Option<u32>,
    /// The id of the deal it advanced, if any.
    pub opportunity_id: Option<OpportunityId>,
    /// The id of the campaign it followed up, if any.
    pub campaign_id: Option<CampaignId>,
}

/// A deal.
#[uniffi::remote(Record)]
pub struct Opportunity {
    /// The deal's id.
    pub id: OpportunityId,
    /// The id of the account the deal is with.
    pub account_id: AccountId,
    /// The id of the main contact on the deal, if any.
    pub contact_id: Option<ContactId>,
    /// The id of the rep who owns the deal.
    pub owner_rep_id: RepId,
    /// Display name.
    pub name: String,
    /// Pipeline stage.
    pub stage: OpportunityStage,
    /// The deal's value (never negative).
    pub amount: Money,
    /// Chance of winning, 0 to 1, when the CRM keeps one.
    pub probability: Option<f64>,
    /// When the deal was uncovered.
    pub created_on: NaiveDate,
    /// When it is expected to close.
    pub expected_close: NaiveDate,
    /// When the next step is due, if one is set.
    pub next_step_due: Option<NaiveDate>,
    /// When it was won or lost (set exactly when the stage is closed).
    pub closed_on: Option<NaiveDate>,
    /// The competitor that won a lost deal, when known.
    pub lost_to: Option<String>,
}

/// One past membership term that was renewed.
#[uniffi::remote(Record)]
pub struct Renewal {
    /// First day of the renewed term.
    pub term_start: NaiveDate,
    /// Last day of the renewed term.
    pub term_end: NaiveDate,
    /// When the member renewed.
    pub renewed_on: NaiveDate,
    /// The dues paid for the term.
    pub dues: Money,
    /// Whether the dues came in after the term started.
    pub paid_late: bool,
}

/// A lapse: the membership ran out, and perhaps was reinstated later.
#[uniffi::remote(Record)]
pub struct Lapse {
    /// The first day without a membership.
    pub lapsed_on: NaiveDate,
    /// When the member came back, if they did.
    pub reinstated_on: Option<NaiveDate>,
}

/// A membership: tier, dues, the current term and its history.
#[uniffi::remote(Record)]
pub struct Membership {
    /// The membership's id.
    pub id: MembershipId,
    /// The id of the member account.
    pub account_id: AccountId,
    /// Membership tier, as the association names it.
    pub tier: String,
    /// Dues for the current term (never negative).
    pub dues: Money,
    /// When the member first joined.
    pub joined_on: NaiveDate,
    /// First day of the current (or last) term.
    pub term_start: NaiveDate,
    /// Last day of the current (or last) term: the anniversary renewal calls aim at.
    pub term_end: NaiveDate,
    /// Past terms that were renewed, oldest first.
    pub renewals: Vec<Renewal>,
    /// Past lapses, oldest first.
    pub lapses: Vec<Lapse>,
}

/// One hand-off of an account: who passed it to whom, when, and when it was accepted.
#[uniffi::remote(Record)]
pub struct Handoff {
    /// The hand-off's id.
    pub id: HandoffId,
    /// The id of the account handed off.
    pub account_id: AccountId,
    /// The id of the rep who passed the baton.
    pub from_rep_id: RepId,
    /// The id of the rep who received it.
    pub to_rep_id: RepId,
    /// When it was passed.
    pub at: UtcInstant,
    /// When the receiver accepted it; `null` while pending.
    pub accepted_at: Option<UtcInstant>,
    /// Sales to operations, or back.
    pub direction: HandoffDirection,
}

/// What a contact did with a campaign.
#[uniffi::remote(Enum)]
pub enum ResponseKind {
    /// Opened the message.
    Opened,
    /// Clicked a link in it.
    Clicked,
    /// Replied to it.
    Replied,
    /// Registered for what it offered.
    Registered,
    /// Asked to hear no more.
    Unsubscribed,
}

/// One contact's response to a campaign.
#[uniffi::remote(Record)]
pub struct CampaignResponse {
    /// The id of the contact who responded.
    pub contact_id: ContactId,
    /// When.
    pub at: UtcInstant,
    /// What they did.
    pub kind: ResponseKind,
}

/// A contact's place at an event.
#[uniffi::remote(Enum)]
pub enum AttendeeStatus {
    /// Signed up.
    Registered,
    /// Came.
    Attended,
    /// Signed up and did not come.
    NoShow,
}

/// One contact at an event.
#[uniffi::remote(Record)]
pub struct Attendee {
    /// The contact's id.
    pub contact_id: ContactId,
    /// Registered, attended or no-show.
    pub status: AttendeeStatus,
}

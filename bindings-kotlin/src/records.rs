//! The book's records as Kotlin sees them: UniFFI records converted from core's, and
//! core's own enums exposed as Kotlin enums.
//!
//! Enums are core's types, redeclared with `#[uniffi::remote(Enum)]` (the declaration
//! only tells UniFFI the variants; the real enum stays in `callwise`). Records are this
//! crate's own, filled by one `From` conversion each: ids become plain strings, dates
//! ISO `YYYY-MM-DD` strings and instants `std::time::SystemTime` (Kotlin
//! `java.time.Instant`). Nothing here computes anything core does not.

use crate::CallwiseError;
use std::time::SystemTime;

/// What an account is to the team (core's `callwise::AccountKind`).
pub type AccountKind = callwise::AccountKind;

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

/// Where an account stands (core's `callwise::AccountStatus`).
pub type AccountStatus = callwise::AccountStatus;

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

/// The part an owner or a rep plays (core's `callwise::OwnerRole`).
pub type OwnerRole = callwise::OwnerRole;

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

/// How a touch was made (core's `callwise::Channel`).
pub type Channel = callwise::Channel;

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

/// Who started a touch (core's `callwise::Direction`).
pub type Direction = callwise::Direction;

/// Who started a touch.
#[uniffi::remote(Enum)]
pub enum Direction {
    /// The rep reached out.
    Outbound,
    /// The contact reached in.
    Inbound,
}

/// What came of a touch (core's `callwise::Outcome`).
pub type Outcome = callwise::Outcome;

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

/// Where a deal stands in the pipeline (core's `callwise::OpportunityStage`).
pub type OpportunityStage = callwise::OpportunityStage;

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

/// Which way the baton moves in a hand-off (core's `callwise::HandoffDirection`).
pub type HandoffDirection = callwise::HandoffDirection;

/// Which way the baton moves in a hand-off.
#[uniffi::remote(Enum)]
pub enum HandoffDirection {
    /// A signed contract passes to delivery.
    SalesToOperations,
    /// The account comes back to sales for an expansion.
    OperationsToSales,
}

/// What kind of line a phone number is (core's `callwise::PhoneKind`).
pub type PhoneKind = callwise::PhoneKind;

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

/// A contact's consent for one channel (core's `callwise::Consent`).
pub type Consent = callwise::Consent;

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
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Phone {
    /// The number, ideally in E.164 form (personal data: keep it out of logs).
    pub number: String,
    /// Mobile, work or home.
    pub kind: PhoneKind,
}

/// An e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Email {
    /// The address (personal data: keep it out of logs).
    pub address: String,
    /// Whether this is the address to use first.
    pub primary: bool,
}

/// An amount of money in a currency's minor units (cents for USD); never a float.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Money {
    /// The amount in minor units (for example cents).
    pub amount_minor: i64,
    /// The ISO 4217 code: three upper-case ASCII letters.
    pub currency: String,
}

/// One owner of an account: who, in what role, for which division.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Ownership {
    /// The owning rep's id.
    pub rep_id: String,
    /// The part the rep plays.
    pub role: OwnerRole,
    /// The id of the division the ownership is held for.
    pub division_id: String,
}

/// An account: an organisation or person with its owners, zone and time zone.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Account {
    /// The account's id.
    pub id: String,
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
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Rep {
    /// The rep's id.
    pub id: String,
    /// Display name (personal data: keep it out of logs).
    pub name: String,
    /// The part the rep usually plays.
    pub role: OwnerRole,
    /// The id of the rep's division.
    pub division_id: String,
    /// The id of the rep's team, if any.
    pub team_id: Option<String>,
    /// The rep's own IANA time zone (where their working day is).
    pub time_zone: String,
}

/// One logged touch: a call, e-mail, meeting or event on an account.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Activity {
    /// The activity's id.
    pub id: String,
    /// The id of the account touched.
    pub account_id: String,
    /// The id of the contact touched, when known.
    pub contact_id: Option<String>,
    /// The id of the rep who logged it (any division: it counts for every owner).
    pub rep_id: String,
    /// When it happened (`java.time.Instant` in Kotlin).
    pub at: SystemTime,
    /// Call, e-mail, voicemail, text, meeting, webinar or event.
    pub channel: Channel,
    /// Outbound or inbound.
    pub direction: Direction,
    /// What came of it, when recorded.
    pub outcome: Option<Outcome>,
    /// Length in seconds, for calls and meetings.
    pub duration_seconds: Option<i64>,
    /// The id of the deal it advanced, if any.
    pub opportunity_id: Option<String>,
    /// The id of the campaign it followed up, if any.
    pub campaign_id: Option<String>,
}

/// A deal. Dates are ISO `YYYY-MM-DD` strings.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Opportunity {
    /// The deal's id.
    pub id: String,
    /// The id of the account the deal is with.
    pub account_id: String,
    /// The id of the main contact on the deal, if any.
    pub contact_id: Option<String>,
    /// The id of the rep who owns the deal.
    pub owner_rep_id: String,
    /// Display name.
    pub name: String,
    /// Pipeline stage.
    pub stage: OpportunityStage,
    /// The deal's value (never negative).
    pub amount: Money,
    /// Chance of winning, 0 to 1, when the CRM keeps one.
    pub probability: Option<f64>,
    /// When the deal was uncovered (`YYYY-MM-DD`).
    pub created_on: String,
    /// When it is expected to close (`YYYY-MM-DD`).
    pub expected_close: String,
    /// When the next step is due, if one is set (`YYYY-MM-DD`).
    pub next_step_due: Option<String>,
    /// When it was won or lost (`YYYY-MM-DD`; set exactly when the stage is closed).
    pub closed_on: Option<String>,
    /// The competitor that won a lost deal, when known.
    pub lost_to: Option<String>,
}

/// One past membership term that was renewed. Dates are ISO `YYYY-MM-DD` strings.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Renewal {
    /// First day of the renewed term.
    pub term_start: String,
    /// Last day of the renewed term.
    pub term_end: String,
    /// When the member renewed.
    pub renewed_on: String,
    /// The dues paid for the term.
    pub dues: Money,
    /// Whether the dues came in after the term started.
    pub paid_late: bool,
}

/// A lapse: the membership ran out, and perhaps was reinstated later.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Lapse {
    /// The first day without a membership (`YYYY-MM-DD`).
    pub lapsed_on: String,
    /// When the member came back, if they did (`YYYY-MM-DD`).
    pub reinstated_on: Option<String>,
}

/// A membership: tier, dues, the current term and its history. Dates are ISO
/// `YYYY-MM-DD` strings.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Membership {
    /// The membership's id.
    pub id: String,
    /// The id of the member account.
    pub account_id: String,
    /// Membership tier, as the association names it.
    pub tier: String,
    /// Dues for the current term (never negative).
    pub dues: Money,
    /// When the member first joined.
    pub joined_on: String,
    /// First day of the current (or last) term.
    pub term_start: String,
    /// Last day of the current (or last) term: the anniversary renewal calls aim at.
    pub term_end: String,
    /// Past terms that were renewed, oldest first.
    pub renewals: Vec<Renewal>,
    /// Past lapses, oldest first.
    pub lapses: Vec<Lapse>,
}

/// One hand-off of an account: who passed it to whom, when, and when it was accepted.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Handoff {
    /// The hand-off's id.
    pub id: String,
    /// The id of the account handed off.
    pub account_id: String,
    /// The id of the rep who passed the baton.
    pub from_rep_id: String,
    /// The id of the rep who received it.
    pub to_rep_id: String,
    /// When it was passed (`java.time.Instant` in Kotlin).
    pub at: SystemTime,
    /// When the receiver accepted it; `None` (Kotlin `null`) while pending.
    pub accepted_at: Option<SystemTime>,
    /// Sales to operations, or back.
    pub direction: HandoffDirection,
}

/// A Kotlin `java.time.Instant` (a `SystemTime` here) as core's instant (chrono's
/// `DateTime<Utc>`, inferred at the call site so that this crate does not depend on
/// chrono).
///
/// The binding only splits `at` into whole seconds from the Unix epoch (floored, so
/// before 1970 the seconds are negative and the nanoseconds still count forward) and
/// nanoseconds; core's `instant_from_unix` decides which instants it takes (the years
/// 0000 to 9999) and refuses the others as `InvalidArgument` named `name`. Seconds past
/// `i64` saturate, which core refuses too. chrono's own conversion from `SystemTime`
/// would panic instead, and a panic across the FFI aborts the app.
pub(crate) fn instant<T: From<SystemTime>>(
    at: SystemTime,
    name: &'static str,
) -> Result<T, CallwiseError> {
    let (seconds, nanos) = match at.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(after) => (
            i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
            after.subsec_nanos(),
        ),
        Err(before) => {
            let before = before.duration();
            let whole = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
            match before.subsec_nanos() {
                0 => (whole.saturating_neg(), 0),
                n => (whole.saturating_neg().saturating_sub(1), 1_000_000_000 - n),
            }
        }
    };
    let core = callwise::time::instant_from_unix(seconds, nanos, name)?;
    Ok(T::from(SystemTime::from(core)))
}

/// A core date (chrono's `NaiveDate`) as ISO 8601 `YYYY-MM-DD`: its `Display` form.
/// Generic so that this crate does not depend on chrono itself (Cargo.lock stays put).
pub(crate) fn date(d: impl std::fmt::Display) -> String {
    d.to_string()
}

impl From<&callwise::Money> for Money {
    fn from(m: &callwise::Money) -> Self {
        Self {
            amount_minor: m.amount_minor,
            currency: m.currency.clone(),
        }
    }
}

impl From<&callwise::Phone> for Phone {
    fn from(p: &callwise::Phone) -> Self {
        Self {
            number: p.number.clone(),
            kind: p.kind,
        }
    }
}

impl From<&callwise::Email> for Email {
    fn from(e: &callwise::Email) -> Self {
        Self {
            address: e.address.clone(),
            primary: e.primary,
        }
    }
}

impl From<&callwise::Ownership> for Ownership {
    fn from(o: &callwise::Ownership) -> Self {
        Self {
            rep_id: o.rep_id.as_str().to_owned(),
            role: o.role,
            division_id: o.division_id.as_str().to_owned(),
        }
    }
}

impl From<&callwise::Account> for Account {
    fn from(a: &callwise::Account) -> Self {
        Self {
            id: a.id.as_str().to_owned(),
            name: a.name.clone(),
            kind: a.kind,
            status: a.status,
            territory_zone: a.territory_zone.clone(),
            time_zone: a.time_zone.clone(),
            primary_owner: (&a.primary_owner).into(),
            co_owners: a.co_owners.iter().map(Ownership::from).collect(),
        }
    }
}

impl From<&callwise::Rep> for Rep {
    fn from(r: &callwise::Rep) -> Self {
        Self {
            id: r.id.as_str().to_owned(),
            name: r.name.clone(),
            role: r.role,
            division_id: r.division_id.as_str().to_owned(),
            team_id: r.team_id.as_ref().map(|t| t.as_str().to_owned()),
            time_zone: r.time_zone.clone(),
        }
    }
}

impl From<&callwise::Activity> for Activity {
    fn from(a: &callwise::Activity) -> Self {
        Self {
            id: a.id.as_str().to_owned(),
            account_id: a.account_id.as_str().to_owned(),
            contact_id: a.contact_id.as_ref().map(|c| c.as_str().to_owned()),
            rep_id: a.rep_id.as_str().to_owned(),
            at: a.at.into(),
            channel: a.channel,
            direction: a.direction,
            outcome: a.outcome,
            duration_seconds: a.duration_seconds.map(i64::from),
            opportunity_id: a.opportunity_id.as_ref().map(|o| o.as_str().to_owned()),
            campaign_id: a.campaign_id.as_ref().map(|c| c.as_str().to_owned()),
        }
    }
}

impl From<&callwise::Opportunity> for Opportunity {
    fn from(o: &callwise::Opportunity) -> Self {
        Self {
            id: o.id.as_str().to_owned(),
            account_id: o.account_id.as_str().to_owned(),
            contact_id: o.contact_id.as_ref().map(|c| c.as_str().to_owned()),
            owner_rep_id: o.owner_rep_id.as_str().to_owned(),
            name: o.name.clone(),
            stage: o.stage,
            amount: (&o.amount).into(),
            probability: o.probability,
            created_on: date(o.created_on),
            expected_close: date(o.expected_close),
            next_step_due: o.next_step_due.map(date),
            closed_on: o.closed_on.map(date),
            lost_to: o.lost_to.clone(),
        }
    }
}

impl From<&callwise::Renewal> for Renewal {
    fn from(r: &callwise::Renewal) -> Self {
        Self {
            term_start: date(r.term_start),
            term_end: date(r.term_end),
            renewed_on: date(r.renewed_on),
            dues: (&r.dues).into(),
            paid_late: r.paid_late,
        }
    }
}

impl From<&callwise::Lapse> for Lapse {
    fn from(l: &callwise::Lapse) -> Self {
        Self {
            lapsed_on: date(l.lapsed_on),
            reinstated_on: l.reinstated_on.map(date),
        }
    }
}

impl From<&callwise::Membership> for Membership {
    fn from(m: &callwise::Membership) -> Self {
        Self {
            id: m.id.as_str().to_owned(),
            account_id: m.account_id.as_str().to_owned(),
            tier: m.tier.clone(),
            dues: (&m.dues).into(),
            joined_on: date(m.joined_on),
            term_start: date(m.term_start),
            term_end: date(m.term_end),
            renewals: m.renewals.iter().map(Renewal::from).collect(),
            lapses: m.lapses.iter().map(Lapse::from).collect(),
        }
    }
}

impl From<&callwise::Handoff> for Handoff {
    fn from(h: &callwise::Handoff) -> Self {
        Self {
            id: h.id.as_str().to_owned(),
            account_id: h.account_id.as_str().to_owned(),
            from_rep_id: h.from_rep_id.as_str().to_owned(),
            to_rep_id: h.to_rep_id.as_str().to_owned(),
            at: h.at.into(),
            accepted_at: h.accepted_at.map(SystemTime::from),
            direction: h.direction,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(secs: i64, nanos: u32) -> SystemTime {
        let base = if secs >= 0 {
            SystemTime::UNIX_EPOCH + Duration::from_secs(secs.unsigned_abs())
        } else {
            SystemTime::UNIX_EPOCH - Duration::from_secs(secs.unsigned_abs())
        };
        base + Duration::from_nanos(u64::from(nanos))
    }

    /// The instant core gets back, as a `SystemTime` again (chrono's type stays inferred).
    fn round_trip(t: SystemTime) -> Result<SystemTime, CallwiseError> {
        let activity = callwise::Activity {
            at: instant(t, "at")?,
            ..callwise::sample_book(&callwise::SampleConfig::new(7, 1))
                .unwrap()
                .data()
                .activities[0]
                .clone()
        };
        Ok(activity.at.into())
    }

    /// 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the bounds core's
    /// `instant_from_unix` keeps to (tested here only to see core's answer come through).
    const FIRST: i64 = -62_167_219_200;
    const PAST_LAST: i64 = 253_402_300_800;

    #[test]
    fn instants_convert_inside_rfc_3339_years_and_are_refused_outside() {
        for t in [
            at(FIRST, 0),
            at(PAST_LAST - 1, 999_999_999),
            at(0, 0),
            at(-1, 0),
            at(-1, 500),
            at(-1, 999_999_999),
            at(FIRST, 1),
            at(1_795_000_000, 123_456_789),
        ] {
            assert_eq!(round_trip(t).unwrap(), t);
        }
        for t in [
            at(FIRST - 1, 999_999_999),
            at(PAST_LAST, 0),
            at(i64::MAX / 2, 0),
            at(i64::MIN / 2, 0),
        ] {
            match round_trip(t) {
                Err(CallwiseError::InvalidArgument { name, .. }) => assert_eq!(name, "at"),
                other => panic!("{other:?}"),
            }
        }
    }
}

//! Core's `BookSummary`, whole, as a UniFFI record.
//!
//! Every field of core's summary is here under the same name (camelCase in Kotlin). It
//! cannot be core's struct itself: its counts are ordered maps and its money totals
//! 128-bit integers, neither of which UniFFI carries. Counts by kind, status, stage and
//! channel are maps keyed by the Kotlin enums; the money totals are per currency in minor
//! units, as decimal strings (see [`BookSummary::open_pipeline_minor`]); the first and
//! last activity are instants.

use crate::types::UtcInstant;
use callwise::{AccountKind, AccountStatus, Channel, OpportunityStage};
use std::collections::HashMap;

/// Counts and totals over a whole book: every field of core's `BookSummary`.
///
/// Maps are Kotlin `Map`s whose iteration order means nothing; the maps keyed by an enum
/// list every value of the enum, zero included, as core's do.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BookSummary {
    /// Divisions.
    pub divisions: u64,
    /// Teams.
    pub teams: u64,
    /// Reps.
    pub reps: u64,
    /// Accounts.
    pub accounts: u64,
    /// Accounts by kind (every kind listed, zero included).
    pub accounts_by_kind: HashMap<AccountKind, u64>,
    /// Accounts by status (every status listed, zero included).
    pub accounts_by_status: HashMap<AccountStatus, u64>,
    /// Accounts by IANA time zone.
    pub accounts_by_time_zone: HashMap<String, u64>,
    /// Contacts.
    pub contacts: u64,
    /// Contacts on a do-not-call list.
    pub do_not_call_contacts: u64,
    /// Contacts born on 29 February.
    pub leap_day_birthdays: u64,
    /// Opportunities by stage (every stage listed, zero included).
    pub opportunities_by_stage: HashMap<OpportunityStage, u64>,
    /// Lost opportunities that name the competitor who won.
    pub lost_to_competitor: u64,
    /// Open pipeline per ISO 4217 currency, in minor units, as a decimal integer string
    /// (`"25350000"`, a leading `-` if negative).
    ///
    /// Core sums these exactly as 128-bit integers, which no Kotlin primitive holds: the
    /// string is lossless, and `java.math.BigInteger(it)` (or `toLong()` for any real
    /// book) reads it back.
    pub open_pipeline_minor: HashMap<String, String>,
    /// Memberships.
    pub memberships: u64,
    /// Current-term dues per ISO 4217 currency, in minor units, as a decimal integer
    /// string (see [`BookSummary::open_pipeline_minor`]).
    pub dues_minor: HashMap<String, String>,
    /// Activities.
    pub activities: u64,
    /// Activities by channel (every channel listed, zero included).
    pub activities_by_channel: HashMap<Channel, u64>,
    /// The first activity's instant (`java.time.Instant`); `null` in a book without
    /// activities.
    pub first_activity_at: Option<UtcInstant>,
    /// The last activity's instant (`java.time.Instant`); `null` in a book without
    /// activities.
    pub last_activity_at: Option<UtcInstant>,
    /// Campaigns.
    pub campaigns: u64,
    /// Campaign responses, all campaigns.
    pub campaign_responses: u64,
    /// Events.
    pub events: u64,
    /// Event attendee records, all events.
    pub event_attendees: u64,
    /// Tasks still open.
    pub open_tasks: u64,
    /// Hand-offs.
    pub handoffs: u64,
    /// Hand-offs not yet accepted.
    pub pending_handoffs: u64,
}

/// Money totals with their 128-bit minor units as decimal strings.
fn totals(minor: impl IntoIterator<Item = (String, i128)>) -> HashMap<String, String> {
    minor
        .into_iter()
        .map(|(currency, amount)| (currency, amount.to_string()))
        .collect()
}

impl From<callwise::BookSummary> for BookSummary {
    fn from(s: callwise::BookSummary) -> Self {
        // Destructured, so that a field added to core's summary is a compile error here
        // until it is carried across.
        let callwise::BookSummary {
            divisions,
            teams,
            reps,
            accounts,
            accounts_by_kind,
            accounts_by_status,
            accounts_by_time_zone,
            contacts,
            do_not_call_contacts,
            leap_day_birthdays,
            opportunities_by_stage,
            lost_to_competitor,
            open_pipeline_minor,
            memberships,
            dues_minor,
            activities,
            activities_by_channel,
            first_activity_at,
            last_activity_at,
            campaigns,
            campaign_responses,
            events,
            event_attendees,
            open_tasks,
            handoffs,
            pending_handoffs,
        } = s;
        Self {
            divisions,
            teams,
            reps,
            accounts,
            accounts_by_kind: accounts_by_kind.into_iter().collect(),
            accounts_by_status: accounts_by_status.into_iter().collect(),
            accounts_by_time_zone: accounts_by_time_zone.into_iter().collect(),
            contacts,
            do_not_call_contacts,
            leap_day_birthdays,
            opportunities_by_stage: opportunities_by_stage.into_iter().collect(),
            lost_to_competitor,
            open_pipeline_minor: totals(open_pipeline_minor),
            memberships,
            dues_minor: totals(dues_minor),
            activities,
            activities_by_channel: activities_by_channel.into_iter().collect(),
            first_activity_at,
            last_activity_at,
            campaigns,
            campaign_responses,
            events,
            event_attendees,
            open_tasks,
            handoffs,
            pending_handoffs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_beyond_64_bits_stay_exact() {
        let big = i128::from(i64::MAX) * 3;
        let neg = -i128::from(i64::MAX) * 5;
        let t = totals([("USD".to_owned(), big), ("EUR".to_owned(), neg)]);
        assert_eq!(t["USD"].parse::<i128>().unwrap(), big);
        assert_eq!(t["EUR"], neg.to_string());
    }
}

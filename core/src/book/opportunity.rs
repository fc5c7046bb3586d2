//! Opportunities: deals in the pipeline, won, or lost (to a competitor, perhaps).

use crate::Money;
use crate::{AccountId, ContactId, OpportunityId, RepId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a deal stands in the pipeline.
///
/// # Example
/// ```
/// let s: callwise::OpportunityStage = serde_json::from_str("\"closed_lost\"").unwrap();
/// assert_eq!(s, callwise::OpportunityStage::ClosedLost);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
    /// Lost (perhaps to a competitor: an "old no" for a Power Hour).
    ClosedLost,
}

impl OpportunityStage {
    /// Whether the deal is won or lost.
    pub(crate) fn is_closed(self) -> bool {
        matches!(self, Self::ClosedWon | Self::ClosedLost)
    }
}

/// A deal.
///
/// A closed deal carries `closed_on`; a lost one may name the competitor that won it.
///
/// # Example
/// ```
/// let o: callwise::Opportunity = serde_json::from_str(r#"{
///     "id": "opp-1", "account_id": "acc-1", "owner_rep_id": "rep-1", "name": "Expansion",
///     "stage": "closed_lost", "amount": {"amount_minor": 500000, "currency": "USD"},
///     "created_on": "2025-01-10", "expected_close": "2025-03-31",
///     "closed_on": "2025-04-02", "lost_to": "Rival Co"
/// }"#).unwrap();
/// assert_eq!(o.lost_to.as_deref(), Some("Rival Co"));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opportunity {
    /// The caller's id.
    pub id: OpportunityId,
    /// The account the deal is with.
    pub account_id: AccountId,
    /// The main contact on the deal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<ContactId>,
    /// The rep who owns the deal.
    pub owner_rep_id: RepId,
    /// Display name.
    pub name: String,
    /// Pipeline stage.
    pub stage: OpportunityStage,
    /// The deal's value (never negative).
    pub amount: Money,
    /// Chance of winning, 0 to 1, when the CRM keeps one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
    /// When the deal was uncovered.
    #[serde(deserialize_with = "crate::time::strict")]
    pub created_on: NaiveDate,
    /// When it is expected to close.
    #[serde(deserialize_with = "crate::time::strict")]
    pub expected_close: NaiveDate,
    /// When the next step is due, if one is set.
    #[serde(
        default,
        deserialize_with = "crate::time::strict_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub next_step_due: Option<NaiveDate>,
    /// When it was won or lost (set exactly when the stage is closed).
    #[serde(
        default,
        deserialize_with = "crate::time::strict_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub closed_on: Option<NaiveDate>,
    /// The competitor that won a lost deal, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lost_to: Option<String>,
}

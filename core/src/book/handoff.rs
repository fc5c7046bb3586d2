//! Hand-offs: the baton passing between sales and operations.

use crate::{AccountId, HandoffId, RepId};
use serde::{Deserialize, Serialize};

/// Which way the baton moves.
///
/// # Example
/// ```
/// let d: callwise::HandoffDirection = serde_json::from_str("\"sales_to_operations\"").unwrap();
/// assert_eq!(d, callwise::HandoffDirection::SalesToOperations);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandoffDirection {
    /// A signed contract passes to delivery.
    SalesToOperations,
    /// The account comes back to sales for an expansion.
    OperationsToSales,
}

/// One hand-off of an account: who passed it to whom, when, and when it was accepted.
///
/// # Example
/// ```
/// use callwise::{Handoff, HandoffDirection};
/// let h: Handoff = serde_json::from_str(r#"{
///     "id": "h-1", "account_id": "acc-1", "from_rep_id": "rep-1", "to_rep_id": "rep-2",
///     "at": "2026-03-02T15:00:00Z", "direction": "sales_to_operations"
/// }"#).unwrap();
/// assert!(h.accepted_at.is_none());
/// assert_eq!(h.direction, HandoffDirection::SalesToOperations);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Handoff {
    /// The caller's id.
    pub id: HandoffId,
    /// The account handed off.
    pub account_id: AccountId,
    /// Who passed the baton.
    pub from_rep_id: RepId,
    /// Who received it.
    pub to_rep_id: RepId,
    /// When it was passed.
    #[serde(deserialize_with = "crate::time::strict")]
    pub at: chrono::DateTime<chrono::Utc>,
    /// When the receiver accepted it; `None` while pending.
    #[serde(
        default,
        deserialize_with = "crate::time::strict_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub accepted_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Sales to operations, or back.
    pub direction: HandoffDirection,
}

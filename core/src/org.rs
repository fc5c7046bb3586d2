//! The team side: divisions, teams, reps and the hand-off of an account between them.

use crate::id::{AccountId, DivisionId, HandoffId, RepId, TeamId};
use serde::{Deserialize, Serialize};

/// A division (sales, membership, operations...): the unit shared ownership spans.
///
/// # Example
/// ```
/// let d = callwise::Division { id: "div-sales".into(), name: "Sales".into() };
/// assert_eq!(d.id.as_str(), "div-sales");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Division {
    /// The caller's id.
    pub id: DivisionId,
    /// Display name.
    pub name: String,
}

/// A team of reps inside a division (it shares a Power Hour pool).
///
/// # Example
/// ```
/// let t = callwise::Team { id: "t-1".into(), name: "Inside".into(), division_id: "div-sales".into() };
/// assert_eq!(t.division_id.as_str(), "div-sales");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// The caller's id.
    pub id: TeamId,
    /// Display name.
    pub name: String,
    /// The division the team belongs to.
    pub division_id: DivisionId,
}

/// A rep: a salesperson, membership coordinator, account executive...
///
/// # Example
/// ```
/// use callwise::{OwnerRole, Rep};
/// let r = Rep {
///     id: "rep-1".into(),
///     name: "Sam".into(),
///     role: OwnerRole::Sales,
///     division_id: "div-sales".into(),
///     team_id: Some("t-1".into()),
///     time_zone: "America/Chicago".into(),
/// };
/// assert_eq!(r.role, OwnerRole::Sales);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rep {
    /// The caller's id.
    pub id: RepId,
    /// Display name.
    pub name: String,
    /// The part the rep usually plays.
    pub role: crate::OwnerRole,
    /// The rep's division.
    pub division_id: DivisionId,
    /// The rep's team, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<TeamId>,
    /// The rep's own IANA time zone (where their working day is).
    pub time_zone: String,
}

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
    pub at: chrono::DateTime<chrono::Utc>,
    /// When the receiver accepted it; `None` while pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Sales to operations, or back.
    pub direction: HandoffDirection,
}

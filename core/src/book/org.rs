//! The team side: divisions, teams and reps.

use crate::{DivisionId, RepId, TeamId};
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

//! Memberships: contractual relationships that renew or lapse each term.

use crate::Money;
use crate::{AccountId, MembershipId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One past term that was renewed: its dates, the dues and whether they were paid late.
///
/// # Example
/// ```
/// let r: callwise::Renewal = serde_json::from_str(r#"{
///     "term_start": "2024-01-01", "term_end": "2024-12-31", "renewed_on": "2024-12-20",
///     "dues": {"amount_minor": 45000, "currency": "USD"}, "paid_late": false
/// }"#).unwrap();
/// assert!(!r.paid_late);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Renewal {
    /// First day of the renewed term.
    #[serde(deserialize_with = "crate::time::strict")]
    pub term_start: NaiveDate,
    /// Last day of the renewed term.
    #[serde(deserialize_with = "crate::time::strict")]
    pub term_end: NaiveDate,
    /// When the member renewed.
    #[serde(deserialize_with = "crate::time::strict")]
    pub renewed_on: NaiveDate,
    /// The dues paid for the term.
    pub dues: Money,
    /// Whether the dues came in after the term started.
    pub paid_late: bool,
}

/// A lapse: the membership ran out, and perhaps was reinstated later.
///
/// # Example
/// ```
/// let l = callwise::Lapse { lapsed_on: "2023-01-01".parse().unwrap(), reinstated_on: None };
/// assert!(l.reinstated_on.is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lapse {
    /// The first day without a membership.
    #[serde(deserialize_with = "crate::time::strict")]
    pub lapsed_on: NaiveDate,
    /// When the member came back, if they did.
    #[serde(
        default,
        deserialize_with = "crate::time::strict_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub reinstated_on: Option<NaiveDate>,
}

/// A membership: tier, dues, the current term and its history.
///
/// # Example
/// ```
/// let m: callwise::Membership = serde_json::from_str(r#"{
///     "id": "m-1", "account_id": "acc-1", "tier": "Gold",
///     "dues": {"amount_minor": 120000, "currency": "USD"},
///     "joined_on": "2022-06-01", "term_start": "2026-06-01", "term_end": "2027-05-31"
/// }"#).unwrap();
/// assert_eq!(m.renewals.len(), 0);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Membership {
    /// The caller's id.
    pub id: MembershipId,
    /// The member account.
    pub account_id: AccountId,
    /// Membership tier, as the association names it.
    pub tier: String,
    /// Dues for the current term (never negative).
    pub dues: Money,
    /// When the member first joined.
    #[serde(deserialize_with = "crate::time::strict")]
    pub joined_on: NaiveDate,
    /// First day of the current (or last) term.
    #[serde(deserialize_with = "crate::time::strict")]
    pub term_start: NaiveDate,
    /// Last day of the current (or last) term: the anniversary renewal calls aim at.
    #[serde(deserialize_with = "crate::time::strict")]
    pub term_end: NaiveDate,
    /// Past terms that were renewed, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub renewals: Vec<Renewal>,
    /// Past lapses, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lapses: Vec<Lapse>,
}

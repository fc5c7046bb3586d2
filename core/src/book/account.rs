//! Accounts: the organisations and people a team sells to or serves.

use crate::{AccountId, DivisionId, RepId};
use serde::{Deserialize, Serialize};

/// What an account is to the team.
///
/// # Example
/// ```
/// use callwise::AccountKind;
/// assert_eq!(serde_json::to_string(&AccountKind::Member).unwrap(), "\"member\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
///
/// # Example
/// ```
/// use callwise::AccountStatus;
/// assert_eq!(serde_json::from_str::<AccountStatus>("\"dormant\"").unwrap(), AccountStatus::Dormant);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

/// The part an owner plays on an account.
///
/// # Example
/// ```
/// use callwise::OwnerRole;
/// assert_eq!(serde_json::to_string(&OwnerRole::Operations).unwrap(), "\"operations\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OwnerRole {
    /// Sells: new business and expansion.
    Sales,
    /// Delivers after the contract is signed (account executive, program manager).
    Operations,
    /// Supports and retains.
    Service,
}

/// One owner of an account: who, in what role, for which division.
///
/// # Example
/// ```
/// use callwise::{Ownership, OwnerRole};
/// let o = Ownership::new("rep-1", OwnerRole::Sales, "div-sales");
/// assert_eq!(o.rep_id.as_str(), "rep-1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ownership {
    /// The owning rep.
    pub rep_id: RepId,
    /// The part the rep plays.
    pub role: OwnerRole,
    /// The division the ownership is held for.
    pub division_id: DivisionId,
}

impl Ownership {
    /// An ownership record.
    ///
    /// # Example
    /// ```
    /// let o = callwise::Ownership::new("rep-2", callwise::OwnerRole::Service, "div-ops");
    /// assert_eq!(o.division_id.as_str(), "div-ops");
    /// ```
    pub fn new(
        rep_id: impl Into<RepId>,
        role: OwnerRole,
        division_id: impl Into<DivisionId>,
    ) -> Self {
        Self {
            rep_id: rep_id.into(),
            role,
            division_id: division_id.into(),
        }
    }
}

/// An account: an organisation or person with its owners, zone and time zone.
///
/// It is "OUR customer": one primary owner holds the baton, co-owners in other divisions
/// share it, and activity logged by any of them counts for all.
///
/// # Example
/// ```
/// use callwise::{Account, AccountKind, AccountStatus, OwnerRole, Ownership};
/// let a = Account {
///     id: "acc-1".into(),
///     name: "Acme Dental".into(),
///     kind: AccountKind::Member,
///     status: AccountStatus::Active,
///     territory_zone: Some("east-1".into()),
///     time_zone: "America/New_York".into(),
///     primary_owner: Ownership::new("rep-1", OwnerRole::Sales, "div-sales"),
///     co_owners: vec![],
/// };
/// assert_eq!(a.owners().count(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// The caller's id.
    pub id: AccountId,
    /// Display name (an organisation's or a person's).
    pub name: String,
    /// Prospect, customer, member or partner.
    pub kind: AccountKind,
    /// Active, dormant, lost or lapsed.
    pub status: AccountStatus,
    /// The territory zone the account falls in, for zone rotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub territory_zone: Option<String>,
    /// IANA time zone name, for example `America/Phoenix`.
    pub time_zone: String,
    /// The owner who holds the baton now.
    pub primary_owner: Ownership,
    /// Owners sharing the account, across divisions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub co_owners: Vec<Ownership>,
}

impl Account {
    /// The primary owner followed by the co-owners.
    ///
    /// # Example
    /// See [`Account`].
    pub fn owners(&self) -> impl Iterator<Item = &Ownership> {
        std::iter::once(&self.primary_owner).chain(&self.co_owners)
    }
}

//! Blitz claims: which of the claims on one account of one pool wins. Not the
//! journal's order: the authority's (the server's store), in which every claim has one
//! place, given when the authority first stores it.

use super::change::{Change, Entry, EntryId};
use crate::{AccountId, RepId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a blitz claim stands.
///
/// # Example
/// ```
/// use callwise::store::{ClaimStatus, EntryId};
/// let lost = ClaimStatus::Lost { to: EntryId::new("tablet-2", 4), rep_id: "rep-2".into() };
/// assert_eq!(serde_json::to_string(&lost).unwrap(),
///     r#"{"status":"lost","to":{"device":"tablet-2","sequence":4},"rep_id":"rep-2"}"#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClaimStatus {
    /// The authority put it first: the account was free (never claimed, released by
    /// its holder, or its holder's claim had expired) or held by the same rep.
    Won,
    /// The authority put another rep's claim first, and it still held.
    Lost {
        /// The claim that held the account.
        to: EntryId,
        /// Its rep.
        rep_id: RepId,
    },
    /// The authority has not sequenced it yet (it is still on its device).
    Pending,
}

/// One blitz claim and where it stands.
///
/// # Example
/// See [`Store::claims`](crate::store::Store::claims).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimOutcome {
    /// The claim's event.
    pub id: EntryId,
    /// The pool.
    pub pool_id: String,
    /// The account claimed.
    pub account_id: AccountId,
    /// The rep who claimed it.
    pub rep_id: RepId,
    /// When.
    pub at: DateTime<Utc>,
    /// Won, lost (to whom) or pending.
    #[serde(flatten)]
    pub status: ClaimStatus,
}

/// A claim holding an account.
struct Holder<'a> {
    id: &'a EntryId,
    rep: &'a RepId,
    expires_at: Option<DateTime<Utc>>,
}

/// The claims and releases of one account of one pool, in the authority's order, then
/// the ones it has not sequenced in the journal's order; and the account's holder
/// after them (the unsequenced ones counted as if they came last).
type Account<'a> = Vec<&'a Entry>;

fn by_account(entries: &[Entry]) -> BTreeMap<(&str, &str), Account<'_>> {
    let mut accounts: BTreeMap<(&str, &str), Account<'_>> = BTreeMap::new();
    for entry in entries {
        if let Change::BlitzClaimed {
            pool_id,
            account_id,
            ..
        }
        | Change::BlitzReleased {
            pool_id,
            account_id,
            ..
        } = &entry.change
        {
            accounts
                .entry((pool_id.as_str(), account_id.as_str()))
                .or_default()
                .push(entry);
        }
    }
    for events in accounts.values_mut() {
        events.sort_by(|a, b| {
            match (a.authority_sequence, b.authority_sequence) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
            .then_with(|| a.order().cmp(&b.order()))
        });
    }
    accounts
}

/// Walks one account's events in order, calling `seen` with each claim and the holder
/// it found; gives the holder after the last.
fn walk<'a>(
    events: &[&'a Entry],
    mut seen: impl FnMut(&'a Entry, Option<&Holder<'a>>),
) -> Option<Holder<'a>> {
    let mut holder: Option<Holder<'a>> = None;
    for entry in events {
        match &entry.change {
            Change::BlitzClaimed {
                rep_id,
                at,
                expires_at,
                ..
            } => {
                if holder
                    .as_ref()
                    .is_some_and(|h| h.expires_at.is_some_and(|end| end <= *at))
                {
                    holder = None;
                }
                seen(entry, holder.as_ref());
                if holder.as_ref().is_none_or(|h| h.rep == rep_id) {
                    holder = Some(Holder {
                        id: &entry.id,
                        rep: rep_id,
                        expires_at: *expires_at,
                    });
                }
            }
            Change::BlitzReleased { rep_id, .. }
                if holder.as_ref().is_some_and(|h| h.rep == rep_id) =>
            {
                holder = None;
            }
            _ => {}
        }
    }
    holder
}

/// Every claim among `entries` and where it stands: by pool and account, then in the
/// authority's order (the ones it has not sequenced last, pending).
pub(crate) fn outcomes(entries: &[Entry]) -> Vec<ClaimOutcome> {
    let mut out = Vec::new();
    for events in by_account(entries).values() {
        walk(events, |entry, holder| {
            let Change::BlitzClaimed {
                pool_id,
                account_id,
                rep_id,
                at,
                ..
            } = &entry.change
            else {
                return;
            };
            let status = match (entry.authority_sequence, holder) {
                (None, _) => ClaimStatus::Pending,
                (Some(_), Some(h)) if h.rep != rep_id => ClaimStatus::Lost {
                    to: h.id.clone(),
                    rep_id: h.rep.clone(),
                },
                (Some(_), _) => ClaimStatus::Won,
            };
            out.push(ClaimOutcome {
                id: entry.id.clone(),
                pool_id: pool_id.clone(),
                account_id: account_id.clone(),
                rep_id: rep_id.clone(),
                at: *at,
                status,
            });
        });
    }
    out
}

/// The rep holding an account of a pool at `at` as this store knows it (claims the
/// authority has not sequenced counted as if they came last), if another than `rep`.
pub(crate) fn held_by_other<'a>(
    entries: &'a [Entry],
    pool_id: &str,
    account_id: &str,
    rep: &RepId,
    at: DateTime<Utc>,
) -> Option<&'a RepId> {
    let accounts = by_account(entries);
    let events = accounts.get(&(pool_id, account_id))?;
    let holder = walk(events, |_, _| {})?;
    let expired = holder.expires_at.is_some_and(|end| end <= at);
    (holder.rep != rep && !expired).then_some(holder.rep)
}

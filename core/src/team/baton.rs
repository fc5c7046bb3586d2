//! The hand-off baton: a workflow over the book's [`Handoff`] records. Sales proposes a
//! hand-off to operations with a readiness checklist, operations accepts or rejects it
//! with a reason, and operations can pass the baton back to sales for an expansion the
//! same way. The account's primary owner is the one current contact throughout.
//!
//! The book keeps the hand-offs that are pending or accepted, as it always has. The
//! steps (who proposed, accepted or rejected what, when, with which checklist or
//! reason) are [`BatonStep`] records the caller keeps beside the book: the audit trail.
//! Each step returns the records it changes ([`BatonMove`]); nothing changes on error.

use super::BookChanges;
use crate::{
    Account, AccountId, Book, Error, Handoff, HandoffDirection, HandoffId, OwnerRole, Ownership,
    RecordKind, Rep, RepId, Result,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The most steps a trail holds.
const MAX_TRAIL: usize = 1_000_000;
/// The most characters of a checklist's notes or a rejection's reason.
const MAX_TEXT: usize = 4000;

/// Whether an account is ready for operations: what sales fills in when it proposes a
/// hand-off.
///
/// # Example
/// ```
/// let r: callwise::team::Readiness = serde_json::from_str(
///     r#"{"contract_signed": true, "kickoff_booked": false, "notes": "Kickoff after the holidays"}"#).unwrap();
/// assert!(r.contract_signed && !r.kickoff_booked);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Readiness {
    /// The contract is signed (required to hand off to operations).
    pub contract_signed: bool,
    /// The kickoff meeting is booked.
    pub kickoff_booked: bool,
    /// Anything operations should know (free text, at most 4,000 characters).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// What a step of the baton did.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&callwise::team::BatonAction::Rejected).unwrap(), "\"rejected\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatonAction {
    /// The holder offered the baton.
    Proposed,
    /// The receiver took it.
    Accepted,
    /// The receiver turned it down.
    Rejected,
}

/// One step of a hand-off, for the audit trail: who did what, when.
///
/// # Example
/// See [`propose_handoff`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatonStep {
    /// The hand-off.
    pub handoff_id: HandoffId,
    /// Its account.
    pub account_id: AccountId,
    /// What was done.
    pub action: BatonAction,
    /// Who did it.
    pub rep_id: RepId,
    /// When.
    #[serde(deserialize_with = "crate::time::strict")]
    pub at: DateTime<Utc>,
    /// Which way the baton was to move.
    pub direction: HandoffDirection,
    /// Who offered it.
    pub from_rep_id: RepId,
    /// To whom.
    pub to_rep_id: RepId,
    /// The checklist, on a proposal to operations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checklist: Option<Readiness>,
    /// Why, on a rejection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A proposal to pass an account's baton: sales to operations (with a checklist whose
/// contract is signed), or operations back to sales for an expansion.
///
/// # Example
/// See [`propose_handoff`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    /// The new hand-off's id (the caller's, not yet in the book or the trail).
    pub handoff_id: HandoffId,
    /// The account.
    pub account_id: AccountId,
    /// Who offers the baton: the account's primary owner.
    pub from_rep_id: RepId,
    /// Who is to take it.
    pub to_rep_id: RepId,
    /// When.
    #[serde(deserialize_with = "crate::time::strict")]
    pub at: DateTime<Utc>,
    /// Which way.
    pub direction: HandoffDirection,
    /// The readiness checklist (required from sales to operations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checklist: Option<Readiness>,
}

/// Where an account's baton is: its one current contact (the primary owner), since
/// when they hold it, the hand-offs pending, and every step so far.
///
/// # Example
/// See [`propose_handoff`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baton {
    /// The account.
    pub account_id: AccountId,
    /// The one current contact: the account's primary owner.
    pub holder: Ownership,
    /// When the holder accepted the baton (`None` when they did not get it through a
    /// hand-off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::time::strict_opt")]
    pub since: Option<DateTime<Utc>>,
    /// The hand-offs proposed and neither accepted nor rejected.
    pub pending: Vec<Handoff>,
    /// Every step, oldest first: the trail's, and those the book's hand-offs record.
    pub trail: Vec<BatonStep>,
}

impl Baton {
    /// The baton as pretty-printed JSON.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
    /// let h = &book.handoffs()[0];
    /// let baton = callwise::team::baton(&book, h.account_id.as_str(), &[])?;
    /// assert!(baton.to_json().contains(h.id.as_str()));
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn to_json(&self) -> String {
        super::pretty(self)
    }
}

/// What a step of the baton changes: the steps to add to the trail, and the records to
/// write into the book.
///
/// # Example
/// See [`propose_handoff`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatonMove {
    /// Steps to append to the trail.
    pub steps: Vec<BatonStep>,
    /// Records to write into the book (see [`BookChanges::applied`]).
    pub changes: BookChanges,
}

impl BatonMove {
    /// The move as pretty-printed JSON.
    ///
    /// # Example
    /// ```
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
    /// let h = book.handoffs().iter().find(|h| h.accepted_at.is_none()).unwrap();
    /// let accepted = callwise::team::accept_handoff(&book, &[], h.id.as_str(), h.to_rep_id.as_str(), h.at)?;
    /// assert!(accepted.to_json().contains("\"accepted\""));
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn to_json(&self) -> String {
        super::pretty(self)
    }
}

/// An account's steps: the trail's, and the proposals and acceptances the book's
/// hand-offs record that the trail does not, oldest first.
struct History<'a> {
    account: Account,
    steps: Vec<BatonStep>,
    /// Hand-offs the trail says were rejected.
    rejected: Vec<&'a HandoffId>,
}

impl<'a> History<'a> {
    fn of(book: &'a Book, account_id: &str, trail: &'a [BatonStep]) -> Result<Self> {
        if trail.len() > MAX_TRAIL {
            return Err(Error::invalid_argument(
                "trail",
                format!("{} steps; at most {MAX_TRAIL}", trail.len()),
            ));
        }
        let account = book
            .account(account_id)
            .ok_or_else(|| Error::not_found(RecordKind::Account, account_id))?
            .to_account();
        let mine: Vec<&BatonStep> = trail
            .iter()
            .filter(|s| s.account_id == account.id)
            .collect();
        let mut steps: Vec<BatonStep> = mine.iter().map(|s| (*s).clone()).collect();
        for h in book.handoffs_of(account_id) {
            let recorded = [
                Some((BatonAction::Proposed, h.from_rep_id.clone(), h.at)),
                h.accepted_at
                    .map(|at| (BatonAction::Accepted, h.to_rep_id.clone(), at)),
            ];
            for (action, rep_id, at) in recorded.into_iter().flatten() {
                if !mine
                    .iter()
                    .any(|s| s.handoff_id == h.id && s.action == action)
                {
                    steps.push(step(h, action, rep_id, at));
                }
            }
        }
        steps.sort_by(|a, b| {
            a.at.cmp(&b.at)
                .then(a.action.cmp(&b.action))
                .then_with(|| a.handoff_id.cmp(&b.handoff_id))
        });
        let rejected = mine
            .iter()
            .filter(|s| s.action == BatonAction::Rejected)
            .map(|s| &s.handoff_id)
            .collect();
        Ok(Self {
            account,
            steps,
            rejected,
        })
    }

    fn pending(&self, book: &'a Book) -> Vec<&'a Handoff> {
        book.handoffs_of(self.account.id.as_str())
            .filter(|h| h.accepted_at.is_none() && !self.rejected.contains(&&h.id))
            .collect()
    }

    /// Refuses `at` before the latest step.
    fn in_order(&self, at: DateTime<Utc>) -> Result<()> {
        match self.steps.last() {
            Some(last) if at < last.at => Err(Error::invalid_argument(
                "at",
                format!(
                    "{} is before the last step of account {}'s baton, at {}",
                    at.to_rfc3339(),
                    self.account.id.as_str(),
                    last.at.to_rfc3339()
                ),
            )),
            _ => Ok(()),
        }
    }
}

/// A step of hand-off `h`, without checklist or reason.
fn step(h: &Handoff, action: BatonAction, rep_id: RepId, at: DateTime<Utc>) -> BatonStep {
    BatonStep {
        handoff_id: h.id.clone(),
        account_id: h.account_id.clone(),
        action,
        rep_id,
        at,
        direction: h.direction,
        from_rep_id: h.from_rep_id.clone(),
        to_rep_id: h.to_rep_id.clone(),
        checklist: None,
        reason: None,
    }
}

/// Where the baton of account `account_id` is, given the caller's `trail` (steps of
/// any accounts; only this one's are read).
///
/// # Errors
/// [`Error::NotFound`] for an account not in the book; [`Error::InvalidArgument`] named
/// `trail` for more than 1,000,000 steps.
///
/// # Example
/// See [`propose_handoff`].
pub fn baton(book: &Book, account_id: &str, trail: &[BatonStep]) -> Result<Baton> {
    let history = History::of(book, account_id, trail)?;
    let holder = history.account.primary_owner.clone();
    let since = book
        .handoffs_of(account_id)
        .filter(|h| h.to_rep_id == holder.rep_id)
        .filter_map(|h| h.accepted_at)
        .max();
    let pending = history.pending(book).into_iter().cloned().collect();
    Ok(Baton {
        account_id: history.account.id.clone(),
        holder,
        since,
        pending,
        trail: history.steps,
    })
}

fn rep_of<'a>(book: &'a Book, rep_id: &str) -> Result<&'a Rep> {
    book.rep(rep_id)
        .ok_or_else(|| Error::not_found(RecordKind::Rep, rep_id))
}

fn check_text(name: &'static str, text: &str) -> Result<()> {
    if text.chars().count() > MAX_TEXT {
        return Err(Error::invalid_argument(
            name,
            format!("at most {MAX_TEXT} characters"),
        ));
    }
    Ok(())
}

/// Proposes passing an account's baton (see [`Proposal`]): a new pending hand-off for
/// the book, and a `proposed` step.
///
/// - The proposer must hold the baton (be the account's primary owner), and no other
///   hand-off of the account may be pending.
/// - Sales to operations: the receiver must be an operations rep, and the checklist
///   must say the contract is signed.
/// - Operations to sales (an expansion): the receiver must be a sales rep, and the
///   proposer must hold the baton through a hand-off from sales they accepted.
///
/// # Errors
/// [`Error::NotFound`] for an account or rep not in the book; [`Error::InvalidArgument`]
/// naming the field at fault (`from_rep_id`, `to_rep_id`, `checklist`, `direction`,
/// `account_id` when a hand-off is pending, `handoff_id` when the id is taken, `at`
/// before the last step). Nothing changes then.
///
/// # Example
/// ```
/// use callwise::team::{accept_handoff, baton, propose_handoff, Proposal, Readiness};
/// use callwise::HandoffDirection;
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
/// // A member account a sales rep holds, with no hand-off yet.
/// let data = book.to_data();
/// let account = data.accounts.iter()
///     .find(|a| a.primary_owner.role == callwise::OwnerRole::Sales
///               && book.handoffs_of(a.id.as_str()).next().is_none()).unwrap();
/// let seller = account.primary_owner.rep_id.clone();
/// let ops = book.reps().iter().find(|r| r.role == callwise::OwnerRole::Operations).unwrap().id.clone();
/// let proposal = Proposal {
///     handoff_id: "hand-new".into(), account_id: account.id.clone(), from_rep_id: seller.clone(),
///     to_rep_id: ops.clone(), at: "2026-11-02T15:00:00Z".parse().unwrap(),
///     direction: HandoffDirection::SalesToOperations,
///     checklist: Some(Readiness { contract_signed: true, kickoff_booked: true, notes: String::new() }),
/// };
/// let mut trail = Vec::new();
/// let proposed = propose_handoff(&book, &trail, &proposal)?;
/// trail.extend(proposed.steps);
/// let book = proposed.changes.applied(&book)?;
/// // The seller still holds the baton until operations accepts.
/// assert_eq!(baton(&book, account.id.as_str(), &trail)?.holder.rep_id, seller);
/// let accepted = accept_handoff(&book, &trail, "hand-new", ops.as_str(), "2026-11-03T15:00:00Z".parse().unwrap())?;
/// trail.extend(accepted.steps);
/// let book = accepted.changes.applied(&book)?;
/// let now = baton(&book, account.id.as_str(), &trail)?;
/// assert_eq!((now.holder.rep_id, now.trail.len()), (ops, 2));
/// // The seller is still an owner: the account's activity stays in view.
/// assert!(book.accounts_owned_by(seller.as_str()).any(|a| a.id() == account.id.as_str()));
/// # Ok::<(), callwise::Error>(())
/// ```
pub fn propose_handoff(book: &Book, trail: &[BatonStep], proposal: &Proposal) -> Result<BatonMove> {
    let p = proposal;
    let history = History::of(book, p.account_id.as_str(), trail)?;
    let account = &history.account;
    let from = rep_of(book, p.from_rep_id.as_str())?;
    let to = rep_of(book, p.to_rep_id.as_str())?;
    if account.primary_owner.rep_id != from.id {
        return Err(Error::invalid_argument(
            "from_rep_id",
            format!(
                "rep {} does not hold the baton of account {}; rep {} does",
                from.id.as_str(),
                account.id.as_str(),
                account.primary_owner.rep_id.as_str()
            ),
        ));
    }
    if from.id == to.id {
        return Err(Error::invalid_argument(
            "to_rep_id",
            format!("rep {} cannot hand the baton to themselves", to.id.as_str()),
        ));
    }
    let (role, team) = match p.direction {
        HandoffDirection::SalesToOperations => (OwnerRole::Operations, "operations"),
        HandoffDirection::OperationsToSales => (OwnerRole::Sales, "sales"),
    };
    if to.role != role {
        return Err(Error::invalid_argument(
            "to_rep_id",
            format!(
                "rep {} is not in {team}: this hand-off goes to a rep in {team}",
                to.id.as_str()
            ),
        ));
    }
    match p.direction {
        HandoffDirection::SalesToOperations => match &p.checklist {
            Some(c) if c.contract_signed => check_text("checklist", &c.notes)?,
            _ => {
                return Err(Error::invalid_argument(
                    "checklist",
                    "a hand-off to operations needs a checklist whose contract is signed",
                ));
            }
        },
        HandoffDirection::OperationsToSales => {
            let came_from_sales = book
                .handoffs_of(account.id.as_str())
                .filter(|h| h.accepted_at.is_some() && !history.rejected.contains(&&h.id))
                .max_by_key(|h| h.accepted_at)
                .is_some_and(|h| {
                    h.direction == HandoffDirection::SalesToOperations && h.to_rep_id == from.id
                });
            if !came_from_sales {
                return Err(Error::invalid_argument(
                    "direction",
                    format!(
                        "rep {} holds account {} through no accepted hand-off from sales: there is nothing to return",
                        from.id.as_str(),
                        account.id.as_str()
                    ),
                ));
            }
            if let Some(c) = &p.checklist {
                check_text("checklist", &c.notes)?;
            }
        }
    }
    if let Some(h) = history.pending(book).first() {
        return Err(Error::invalid_argument(
            "account_id",
            format!(
                "hand-off {} of account {} is pending: accept or reject it first",
                h.id.as_str(),
                account.id.as_str()
            ),
        ));
    }
    let taken = p.handoff_id.as_str().is_empty()
        || book.handoffs().iter().any(|h| h.id == p.handoff_id)
        || trail.iter().any(|s| s.handoff_id == p.handoff_id);
    if taken {
        return Err(Error::invalid_argument(
            "handoff_id",
            format!(
                "{:?} is empty or taken by another hand-off",
                p.handoff_id.as_str()
            ),
        ));
    }
    history.in_order(p.at)?;
    let handoff = Handoff {
        id: p.handoff_id.clone(),
        account_id: account.id.clone(),
        from_rep_id: from.id.clone(),
        to_rep_id: to.id.clone(),
        at: p.at,
        accepted_at: None,
        direction: p.direction,
    };
    let mut proposed = step(&handoff, BatonAction::Proposed, from.id.clone(), p.at);
    proposed.checklist = p.checklist.clone();
    Ok(BatonMove {
        steps: vec![proposed],
        changes: BookChanges {
            handoffs: vec![handoff],
            ..BookChanges::default()
        },
    })
}

/// The pending hand-off `handoff_id`, for its receiver `rep_id` to answer at `at`.
fn answerable<'a>(
    book: &'a Book,
    trail: &'a [BatonStep],
    handoff_id: &str,
    rep_id: &str,
    at: DateTime<Utc>,
) -> Result<(History<'a>, &'a Handoff)> {
    let Some(h) = book.handoffs().iter().find(|h| h.id.as_str() == handoff_id) else {
        let rejected = trail
            .iter()
            .any(|s| s.handoff_id.as_str() == handoff_id && s.action == BatonAction::Rejected);
        return Err(if rejected {
            Error::invalid_argument(
                "handoff_id",
                format!("hand-off {handoff_id} was rejected: propose it again"),
            )
        } else {
            Error::not_found(RecordKind::Handoff, handoff_id)
        });
    };
    let history = History::of(book, h.account_id.as_str(), trail)?;
    rep_of(book, rep_id)?;
    if let Some(accepted) = h.accepted_at {
        return Err(Error::invalid_argument(
            "handoff_id",
            format!(
                "hand-off {handoff_id} was accepted at {}: nothing is pending",
                accepted.to_rfc3339()
            ),
        ));
    }
    if history.rejected.contains(&&h.id) {
        return Err(Error::invalid_argument(
            "handoff_id",
            format!("hand-off {handoff_id} was rejected: nothing is pending"),
        ));
    }
    if h.to_rep_id.as_str() != rep_id {
        return Err(Error::invalid_argument(
            "rep_id",
            format!(
                "hand-off {handoff_id} was offered to rep {}, not rep {rep_id}",
                h.to_rep_id.as_str()
            ),
        ));
    }
    if at < h.at {
        return Err(Error::invalid_argument(
            "at",
            format!(
                "{} is before hand-off {handoff_id} was proposed, at {}",
                at.to_rfc3339(),
                h.at.to_rfc3339()
            ),
        ));
    }
    history.in_order(at)?;
    Ok((history, h))
}

/// The receiver `rep_id` accepts hand-off `handoff_id` at `at`: the hand-off is
/// accepted in the book, the receiver becomes the account's primary owner (in the role
/// the direction gives: operations, or sales on the way back) and the one current
/// contact, and the previous holder stays on as a co-owner, so their division's
/// activity stays in view of every owner and theirs of it.
///
/// # Errors
/// [`Error::NotFound`] for a hand-off nobody proposed (not in the book) or a rep not in
/// the book; [`Error::InvalidArgument`] named `handoff_id` when it is not pending
/// (accepted, or rejected), `rep_id` when the rep is not its receiver, `at` before the
/// proposal or the last step. Nothing changes then.
///
/// # Example
/// See [`propose_handoff`].
pub fn accept_handoff(
    book: &Book,
    trail: &[BatonStep],
    handoff_id: &str,
    rep_id: &str,
    at: DateTime<Utc>,
) -> Result<BatonMove> {
    let (history, h) = answerable(book, trail, handoff_id, rep_id, at)?;
    let to = rep_of(book, rep_id)?;
    let role = match h.direction {
        HandoffDirection::SalesToOperations => OwnerRole::Operations,
        HandoffDirection::OperationsToSales => OwnerRole::Sales,
    };
    let mut account = history.account.clone();
    let previous = std::mem::replace(
        &mut account.primary_owner,
        Ownership::new(to.id.clone(), role, to.division_id.clone()),
    );
    account.co_owners.retain(|o| o.rep_id != to.id);
    if previous.rep_id != to.id
        && !account
            .co_owners
            .iter()
            .any(|o| o.rep_id == previous.rep_id)
    {
        account.co_owners.push(previous);
    }
    let accepted = Handoff {
        accepted_at: Some(at),
        ..h.clone()
    };
    Ok(BatonMove {
        steps: vec![step(h, BatonAction::Accepted, to.id.clone(), at)],
        changes: BookChanges {
            handoffs: vec![accepted],
            accounts: vec![account],
            ..BookChanges::default()
        },
    })
}

/// The receiver `rep_id` turns hand-off `handoff_id` down at `at`, for `reason`: the
/// proposal leaves the book (the holder keeps the baton) and the trail keeps it, with
/// the rejection.
///
/// # Errors
/// As [`accept_handoff`]; [`Error::InvalidArgument`] named `reason` when it is blank or
/// longer than 4,000 characters. Nothing changes then.
///
/// # Example
/// ```
/// use callwise::team::{baton, reject_handoff, BatonAction};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
/// let pending = book.handoffs().iter().find(|h| h.accepted_at.is_none()).unwrap();
/// let at = pending.at + chrono::Duration::hours(2);
/// let rejected = reject_handoff(&book, &[], pending.id.as_str(), pending.to_rep_id.as_str(), at,
///                               "No kickoff date yet")?;
/// assert_eq!(rejected.steps.last().unwrap().action, BatonAction::Rejected);
/// let book = rejected.changes.applied(&book)?;
/// let now = baton(&book, pending.account_id.as_str(), &rejected.steps)?;
/// assert!(now.pending.is_empty());
/// assert_eq!(now.trail.iter().filter(|s| s.handoff_id == pending.id).count(), 2);
/// # Ok::<(), callwise::Error>(())
/// ```
pub fn reject_handoff(
    book: &Book,
    trail: &[BatonStep],
    handoff_id: &str,
    rep_id: &str,
    at: DateTime<Utc>,
    reason: &str,
) -> Result<BatonMove> {
    let (history, h) = answerable(book, trail, handoff_id, rep_id, at)?;
    if reason.trim().is_empty() {
        return Err(Error::invalid_argument(
            "reason",
            "give the reason for the rejection",
        ));
    }
    check_text("reason", reason)?;
    let mut steps = Vec::new();
    if !history
        .steps
        .iter()
        .any(|s| s.handoff_id == h.id && s.action == BatonAction::Proposed && trail.contains(s))
    {
        // The proposal was only in the book, which forgets it now: the trail keeps it.
        steps.push(step(h, BatonAction::Proposed, h.from_rep_id.clone(), h.at));
    }
    let mut rejected = step(h, BatonAction::Rejected, h.to_rep_id.clone(), at);
    rejected.reason = Some(reason.to_owned());
    steps.push(rejected);
    Ok(BatonMove {
        steps,
        changes: BookChanges {
            removed_handoffs: vec![h.id.clone()],
            ..BookChanges::default()
        },
    })
}

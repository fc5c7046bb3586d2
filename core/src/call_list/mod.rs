//! The call lists: the Next Day Call List a rep builds at the end of a day, and the
//! Power Hour pool a team calls from together: whom to call, why, and when.
//!
//! A list merges every reason to call into one entry per account ([`Source`]: carry-over
//! tasks, cadence steps, deal follow-ups, zone rotation, campaign follow-ups, thank-yous,
//! birthdays, renewals, past event attendees, dormant customers and "old no's"), scores
//! it by a formula whose weights are data ([`CallListConfig`]) and which every entry can
//! show reason by reason, keeps every calling rule ([`crate::CallingRules`]: windows in
//! the callee's local time, do-not-call, consent, caps counted over every rep's
//! attempts), holds back what cannot be called with the rule that stops it, cuts the
//! list to the rep's day and slots every call into it ([`CallList`] says how).
//!
//! The work splits by account, then by rep: [`reasons_for`] gives the reasons of any
//! set of accounts (on any thread or machine), [`lists_from`] turns reasons into each
//! rep's list. [`call_lists`] does both for every rep of a book on all cores, with the
//! same result as building each rep's list on its own ([`next_day_call_list`]).
//!
//! After a call is logged, [`CallList::log_activity`] updates the list in place: the
//! called account leaves or moves, a cadence step advances, a cap is reached.
//!
//! # Example
//! ```
//! use callwise::call_list::{next_day_call_list, CallListConfig, CallListInputs, Source};
//! let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
//! let list = next_day_call_list(&book, "rep-membership-0001", "2026-11-03".parse().unwrap(),
//!                               &CallListConfig::default(), &CallListInputs::default())?;
//! let top = &list.entries[0];
//! assert!(top.reasons.iter().any(|r| r.source == Source::CarryOver));
//! assert_eq!(top.score, top.reasons.iter().map(|r| r.contribution).sum::<i64>());
//! # Ok::<(), callwise::Error>(())
//! ```

mod config;
pub(crate) mod list;
mod rerank;
mod sources;

pub use config::{CallListConfig, MAX_DAYS, MAX_WEIGHT, TeamBlock, Visibility};
pub use list::{
    CallList, CallListTable, Cut, Entry, HeldBack, HoldRule, ListKind, Span, TextColumn, Touch,
};
pub use rerank::Change;
pub use sources::{
    Reason, Source, birthdays, cadence_steps, campaign_follow_ups, carry_overs, dormant,
    event_attendees, event_series, old_nos, opportunity_follow_ups, renewals, renewals_with,
    thank_yous, zone_rotation,
};

use crate::cadence::{Coverage, DueStep, EnrollmentState, Playbook};
use crate::retention::{DormantSignal, PurchaseModel, RenewalModel, RenewalSignal, TimeUnit};
use crate::routine::{Routine, RoutineKind, ZoneRotation};
use crate::{Book, Error, RecordKind, Result, Team};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use list::{Candidate, Fill, Filled, Placed, candidate, minutes_of};
use rayon::prelude::*;
use sources::{Pending, Sources};

/// What a list reads besides the book: the cadence steps due, the zone rotation, the
/// retention signals and the routines that take time out of the rep's day. Every field
/// is optional; a source whose input is missing gives no reasons (renewals then use a
/// neutral risk of 0.5).
///
/// # Example
/// ```
/// use callwise::call_list::CallListInputs;
/// use callwise::routine::ZoneRotation;
/// let rotation = ZoneRotation::new(vec!["North".into(), "South".into()],
///                                  "2026-11-02".parse().unwrap(), 28)?;
/// let inputs = CallListInputs { rotation: Some(&rotation), ..CallListInputs::default() };
/// assert!(inputs.due_steps.is_empty());
/// # Ok::<(), callwise::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct CallListInputs<'a> {
    /// Cadence steps due on the day ([`crate::cadence::Playbook::due_for_all`] or
    /// `due_on`).
    pub due_steps: &'a [DueStep],
    /// The territory's zone rotation.
    pub rotation: Option<&'a ZoneRotation>,
    /// Members' renewal risk ([`crate::retention::renewal_signals`]).
    pub renewal_signals: &'a [RenewalSignal],
    /// Customers' P(alive) ([`crate::retention::dormant_signals`]).
    pub dormant_signals: &'a [DormantSignal],
    /// The team's routines: their blocks are taken out of the reps' calling time, and a
    /// Power Hour routine's block on the day is the Power Hour.
    pub routines: &'a [Routine],
}

/// The inputs of a list worked out from the team's models and enrollments for one day:
/// what [`CallListInputs`] borrows. Bindings and batch jobs build one, then lend it.
///
/// - `cadences`: the playbook, the enrollments' states and who covers for whom: the
///   steps due on the day ([`Playbook::due_for_all`](crate::cadence::Playbook::due_for_all));
/// - `renewal_model`: each membership's P(renew), for the renewal source's risk
///   ([`crate::retention::renewal_signals`], over the configuration's lead window);
/// - `purchase_model`: each customer's P(alive) from their won deals, in weeks, with
///   expected purchases over the next [`DORMANT_HORIZON_WEEKS`] weeks
///   ([`crate::retention::dormant_signals`]).
///
/// # Example
/// ```
/// use callwise::call_list::*;
/// use callwise::retention::BetaGeo;
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
/// let day = "2026-11-03".parse().unwrap();
/// let config = CallListConfig::default();
/// let model = BetaGeo::new(0.243, 4.414, 0.793, 2.426)?;
/// let prepared = Prepared::new(&book, day, &config, None, None, Some(&model))?;
/// assert!(!prepared.dormant_signals.is_empty());
/// let pool = power_hour_list(&book, "team-sales-1", day, &config, &prepared.inputs(None, &[]))?;
/// assert!(pool.entries.len() + pool.held_back.len() + pool.cut.len() > 0);
/// # Ok::<(), callwise::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Prepared {
    /// The cadence steps due on the day.
    pub due_steps: Vec<DueStep>,
    /// The renewal signals of the memberships ending within the lead window.
    pub renewal_signals: Vec<RenewalSignal>,
    /// The dormant signals of the customers with a won deal.
    pub dormant_signals: Vec<DormantSignal>,
}

/// The horizon of the dormant signals' expected purchases, in weeks (a quarter).
///
/// # Example
/// ```
/// use callwise::call_list::DORMANT_HORIZON_WEEKS;
/// use callwise::retention::{BetaGeo, Customer, PurchaseModel};
/// let model = BetaGeo::new(0.243, 4.414, 0.793, 2.426)?;
/// let buyer = Customer::new(2.0, 30.0, 39.0)?; // two repeat purchases in 39 weeks
/// let next_quarter = model.expected_purchases(DORMANT_HORIZON_WEEKS, &buyer)?;
/// assert!(next_quarter > 0.1 && next_quarter < 1.0);
/// # Ok::<(), callwise::Error>(())
/// ```
pub const DORMANT_HORIZON_WEEKS: f64 = 13.0;

impl Prepared {
    /// Works out the inputs of `day`'s lists.
    ///
    /// # Errors
    /// The errors of [`Playbook::due_for_all`](crate::cadence::Playbook::due_for_all),
    /// [`crate::retention::renewal_signals`] and [`crate::retention::dormant_signals`];
    /// the errors of [`CallListConfig::check`].
    ///
    /// # Example
    /// See [`Prepared`].
    pub fn new(
        book: &Book,
        day: NaiveDate,
        config: &CallListConfig,
        cadences: Option<(&Playbook, &[EnrollmentState], &Coverage)>,
        renewal_model: Option<&RenewalModel>,
        purchase_model: Option<&dyn PurchaseModel>,
    ) -> Result<Self> {
        config.check()?;
        let due_steps = match cadences {
            Some((playbook, states, coverage)) => {
                playbook.due_for_all(book, states, day, coverage)?
            }
            None => Vec::new(),
        };
        let renewal_signals = match renewal_model {
            Some(model) => {
                crate::retention::renewal_signals(book, model, day, config.renewal_lead_days)?
            }
            None => Vec::new(),
        };
        let dormant_signals = match purchase_model {
            Some(model) => {
                let source = config.dormant_purchases;
                let log = crate::retention::purchase_log(book, day, source);
                if log.0.is_empty() {
                    Vec::new()
                } else {
                    let history = crate::retention::history_of(log, day, TimeUnit::Weeks, source)?;
                    crate::retention::dormant_signals(&history, model, DORMANT_HORIZON_WEEKS)?
                }
            }
            None => Vec::new(),
        };
        Ok(Self {
            due_steps,
            renewal_signals,
            dormant_signals,
        })
    }

    /// The inputs that borrow these, with the zone rotation and the routines.
    ///
    /// # Example
    /// See [`Prepared`].
    pub fn inputs<'a>(
        &'a self,
        rotation: Option<&'a ZoneRotation>,
        routines: &'a [Routine],
    ) -> CallListInputs<'a> {
        CallListInputs {
            due_steps: &self.due_steps,
            rotation,
            renewal_signals: &self.renewal_signals,
            dormant_signals: &self.dormant_signals,
            routines,
        }
    }
}

/// The end of `day` everywhere on Earth (14:00 UTC the next day, midnight at UTC+14):
/// lists see the book's activities before it.
pub(crate) fn day_end(day: NaiveDate) -> DateTime<Utc> {
    (day + chrono::Days::new(1))
        .and_hms_opt(14, 0, 0)
        .unwrap_or_default()
        .and_utc()
}

/// The rep at `rep_id`, by position.
fn rep_position(book: &Book, rep_id: &str) -> Result<u32> {
    book.rep_position(rep_id)
        .ok_or_else(|| Error::not_found(RecordKind::Rep, rep_id))
}

/// Whether the rep at `r` may work the account at `a` under `visibility`.
fn visible(book: &Book, r: u32, a: u32, visibility: Visibility) -> bool {
    let rep = book.rep_at(r);
    let account = book.account_at(a);
    match visibility {
        Visibility::Owned => book.owner_reps_at(a).any(|o| o == r),
        Visibility::Team => rep.team_id.as_ref().is_some_and(|team| {
            account.owners().any(|o| {
                book.rep(o.rep_id)
                    .is_some_and(|owner| owner.team_id.as_ref() == Some(team))
            })
        }),
        Visibility::Division => account
            .owners()
            .any(|o| o.division_id == rep.division_id.as_str()),
        Visibility::Shared => true,
    }
}

/// The accounts the rep at `r` may work, in book order.
fn scope(book: &Book, r: u32, visibility: Visibility) -> Vec<u32> {
    match visibility {
        Visibility::Owned => book.owned_at(r).to_vec(),
        _ => (0..book.accounts().len() as u32)
            .filter(|&a| visible(book, r, a, visibility))
            .collect(),
    }
}

/// The rep (by position) a reason goes to: the one it names when that rep may work the
/// account, else the account's primary owner (a task assigned to a rep who may not see
/// the account is not lost: the baton holder gets it).
fn target(book: &Book, reason: &Pending, a: u32, visibility: Visibility) -> u32 {
    let named = reason.rep.filter(|&rep| match visibility {
        // The reps who may work the account are its owners.
        Visibility::Owned => book.owner_reps_at(a).any(|o| o == rep),
        _ => visible(book, rep, a, visibility),
    });
    named.unwrap_or_else(|| book.owner_reps_at(a).next().unwrap_or_default())
}

/// The rep's working time on `day`: working hours in the rep's zone on a working day,
/// less the blocks of `routines`.
fn working_time(
    book: &Book,
    r: u32,
    day: NaiveDate,
    config: &CallListConfig,
    routines: &[Routine],
) -> Result<(String, Vec<Span>)> {
    let rep = book.rep_at(r);
    let tz = crate::time::parse_time_zone(&rep.time_zone)?;
    let working_day = config.working_days.contains(&day.weekday())
        && config
            .holidays
            .as_ref()
            .is_none_or(|h| h.holiday(day).is_none());
    let mut spans = Vec::new();
    if working_day {
        let hours = config.working_hours;
        let midnight = crate::time::instants_at(tz, day.and_time(chrono::NaiveTime::MIN))[0];
        if let Some(open) = midnight.and_then(|m| hours.next_open(tz, m, |d| d == day)) {
            spans.push(Span {
                start: open,
                end: hours.close_after(tz, open, |d| d == day),
            });
        }
    }
    if let Some(&Span { start, end }) = spans.first() {
        for routine in routines {
            for block in routine.blocks(start, end)? {
                list::occupy(
                    &mut spans,
                    block.start,
                    block_minutes(block.start, block.end),
                );
            }
        }
    }
    Ok((rep.time_zone.clone(), spans))
}

fn block_minutes(start: DateTime<Utc>, end: DateTime<Utc>) -> u32 {
    u32::try_from((end - start).num_minutes().max(0)).unwrap_or(u32::MAX)
}

/// The reasons of the accounts `account_ids` (every account when `None`) for `day`:
/// the first half of building lists, split by account. Reasons come account by account
/// in book order, each account's in [`Source::ALL`]'s order; the same accounts give the
/// same reasons whichever way they are split.
///
/// # Errors
/// [`Error::NotFound`] for an account id the book does not hold; the errors of
/// [`CallListConfig::check`]; [`Error::InvalidArgument`] named `day` outside the years
/// 1900 to 9999.
///
/// # Example
/// ```
/// use callwise::call_list::*;
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
/// let (config, inputs) = (CallListConfig::default(), CallListInputs::default());
/// let day = "2026-11-03".parse().unwrap();
/// let all = reasons_for(&book, day, &config, &inputs, None)?;
/// let ids: Vec<&str> = book.account_ids().collect();
/// let (left, right) = ids.split_at(ids.len() / 2);
/// let mut halves = reasons_for(&book, day, &config, &inputs, Some(left))?;
/// halves.extend(reasons_for(&book, day, &config, &inputs, Some(right))?);
/// assert_eq!(halves, all);
/// # Ok::<(), callwise::Error>(())
/// ```
pub fn reasons_for(
    book: &Book,
    day: NaiveDate,
    config: &CallListConfig,
    inputs: &CallListInputs<'_>,
    account_ids: Option<&[&str]>,
) -> Result<Vec<Reason>> {
    let sources = Sources::new(book, day, config, inputs, &config.next_day_sources)?;
    let accounts: Vec<u32> = match account_ids {
        None => (0..book.accounts().len() as u32).collect(),
        Some(ids) => {
            let mut positions = ids
                .iter()
                .map(|id| {
                    book.account_position(id)
                        .ok_or_else(|| Error::not_found(RecordKind::Account, *id))
                })
                .collect::<Result<Vec<u32>>>()?;
            positions.sort_unstable();
            positions.dedup();
            positions
        }
    };
    Ok(reasons_by_account(&sources, &accounts)?
        .into_iter()
        .flat_map(|(_, reasons)| reasons)
        .map(|r| r.into_reason(book))
        .collect())
}

/// Reasons as one JSON array, to carry them between processes.
///
/// # Example
/// ```
/// use callwise::call_list::*;
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
/// let reasons = reasons_for(&book, "2026-11-03".parse().unwrap(), &CallListConfig::default(),
///                           &CallListInputs::default(), None)?;
/// assert_eq!(reasons_from_json(&reasons_to_json(&reasons))?, reasons);
/// # Ok::<(), callwise::Error>(())
/// ```
pub fn reasons_to_json(reasons: &[Reason]) -> String {
    serde_json::to_string(reasons).expect("reasons serialise")
}

/// Reasons from the JSON array [`reasons_to_json`] writes.
///
/// # Errors
/// [`Error::Json`] when the text is not such an array.
///
/// # Example
/// See [`reasons_to_json`].
pub fn reasons_from_json(json: &str) -> Result<Vec<Reason>> {
    crate::book::from_json(json, "call list reasons")
}

/// Each account's reasons, in parallel in fixed chunks (so the result does not depend
/// on the number of threads); accounts without reasons left out.
fn reasons_by_account(sources: &Sources<'_>, accounts: &[u32]) -> Result<AccountReasons> {
    crate::interrupt::check()?;
    Ok(accounts
        .par_chunks(1024)
        .map(|chunk| {
            chunk
                .iter()
                .filter_map(|&a| {
                    let mut out = Vec::new();
                    sources.of_account(a, &mut out);
                    (!out.is_empty()).then_some((a, out))
                })
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect())
}

/// The Next Day Call List of one rep: every reason that is theirs on an account their
/// visibility lets them work, scored, checked against the calling rules, cut to their
/// working time on `day` and slotted into it (see [`CallList`]).
///
/// # Errors
/// [`Error::NotFound`] when `rep_id` is not a rep of the book; the errors of
/// [`CallListConfig::check`]; [`Error::InvalidArgument`] named `day` outside the years
/// 1900 to 9999; a routine's errors when its blocks cannot be expanded.
///
/// # Example
/// See [`CallList`].
pub fn next_day_call_list(
    book: &Book,
    rep_id: &str,
    day: NaiveDate,
    config: &CallListConfig,
    inputs: &CallListInputs<'_>,
) -> Result<CallList> {
    let r = rep_position(book, rep_id)?;
    let sources = Sources::new(book, day, config, inputs, &config.next_day_sources)?;
    let accounts = scope(book, r, config.visibility);
    let mine = reasons_by_account(&sources, &accounts)?
        .into_iter()
        .filter_map(|(a, reasons)| {
            let reasons: Vec<Pending> = reasons
                .into_iter()
                .filter(|x| target(book, x, a, config.visibility) == r)
                .collect();
            (!reasons.is_empty()).then_some((a, reasons))
        })
        .collect();
    let rep_day = RepDay::new(book, r, day, config, inputs, mine)?;
    Ok(rep_list(book, r, day, rep_day))
}

/// The working time of the rep at `r` on `day`, in their zone, and how their accounts'
/// reasons (in book order) fill it.
struct RepDay {
    time_zone: String,
    working: Vec<Span>,
    capacity: u32,
    filled: Filled,
}

impl RepDay {
    fn new(
        book: &Book,
        r: u32,
        day: NaiveDate,
        config: &CallListConfig,
        inputs: &CallListInputs<'_>,
        accounts: AccountReasons,
    ) -> Result<Self> {
        let (time_zone, working) = working_time(book, r, day, config, inputs.routines)?;
        let capacity = minutes_of(&working);
        let (candidates, held_back) = split(book, accounts, config);
        let fill = Fill {
            book,
            config,
            day,
            working: working.clone(),
            capacity,
            shared: false,
        };
        let filled = fill.run(candidates, held_back)?;
        Ok(Self {
            time_zone,
            working,
            capacity,
            filled,
        })
    }
}

/// The list of the rep at `r` on `day`, from how their day is filled.
fn rep_list(book: &Book, r: u32, day: NaiveDate, rep_day: RepDay) -> CallList {
    let RepDay {
        time_zone,
        working,
        capacity,
        filled,
    } = rep_day;
    CallList {
        kind: ListKind::NextDay,
        rep_id: Some(book.rep_at(r).id.clone()),
        team_id: None,
        day,
        time_zone,
        working,
        capacity_minutes: capacity,
        planned_minutes: filled.planned,
        entries: Placed::entries(filled.placed, book, day),
        held_back: filled.held_back,
        cut: filled.cut,
        logged: Vec::new(),
    }
}

/// Candidates and the accounts held back for want of a callable contact.
fn split(
    book: &Book,
    accounts: AccountReasons,
    config: &CallListConfig,
) -> (Vec<Candidate>, Vec<HeldBack>) {
    let mut candidates = Vec::new();
    let mut held_back = Vec::new();
    for (a, reasons) in accounts {
        match candidate(book, a, reasons, config) {
            Ok(c) => candidates.push(c),
            Err(h) => held_back.push(h),
        }
    }
    (candidates, held_back)
}

/// Every rep's list (of `rep_ids`, or of every rep when `None`) from reasons given by
/// [`reasons_for`] (in any order, from any split): the second half of building lists,
/// split by rep. Lists come in rep id order.
///
/// # Errors
/// [`Error::NotFound`] for a rep or an account the book does not hold;
/// [`Error::InvalidArgument`] named `reasons` for a reason whose urgency is not 0 to 2;
/// as [`next_day_call_list`] otherwise.
///
/// # Example
/// ```
/// use callwise::call_list::*;
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
/// let (config, inputs) = (CallListConfig::default(), CallListInputs::default());
/// let day = "2026-11-03".parse().unwrap();
/// let reasons = reasons_for(&book, day, &config, &inputs, None)?;
/// let lists = lists_from(&book, day, &config, &inputs, &reasons, Some(&["rep-sales-0001"]))?;
/// assert_eq!(lists, vec![next_day_call_list(&book, "rep-sales-0001", day, &config, &inputs)?]);
/// # Ok::<(), callwise::Error>(())
/// ```
pub fn lists_from(
    book: &Book,
    day: NaiveDate,
    config: &CallListConfig,
    inputs: &CallListInputs<'_>,
    reasons: &[Reason],
    rep_ids: Option<&[&str]>,
) -> Result<Vec<CallList>> {
    config.check()?;
    // Group the reasons by account (in any order they come), then route them.
    let mut by_account: AccountReasons = Vec::new();
    let mut slot: rustc_hash::FxHashMap<u32, usize> = rustc_hash::FxHashMap::default();
    for reason in reasons {
        reason.check("reasons")?;
        let a = book
            .account_position(reason.account_id.as_str())
            .ok_or_else(|| Error::not_found(RecordKind::Account, reason.account_id.as_str()))?;
        let i = *slot.entry(a).or_insert_with(|| {
            by_account.push((a, Vec::new()));
            by_account.len() - 1
        });
        by_account[i]
            .1
            .push(Pending::whole(book, a, reason.clone()));
    }
    by_account.sort_by_key(|(a, _)| *a);
    let reps = match rep_ids {
        None => (0..book.reps().len() as u32).collect(),
        Some(ids) => ids
            .iter()
            .map(|id| rep_position(book, id))
            .collect::<Result<_>>()?,
    };
    lists_by_rep(book, day, config, inputs, by_account, reps)
}

/// Reasons grouped by account (its position), accounts in book order.
type AccountReasons = Vec<(u32, Vec<Pending>)>;

/// The reasons of the account at `a` grouped by the rep each goes to (reps in the order
/// their first reason comes, reasons in their order), for the reps who may work it.
fn route(book: &Book, a: u32, reasons: Vec<Pending>, visibility: Visibility) -> AccountReasons {
    let Some(first) = reasons.first().map(|x| target(book, x, a, visibility)) else {
        return Vec::new();
    };
    let mut groups: AccountReasons = if reasons[1..]
        .iter()
        .all(|x| target(book, x, a, visibility) == first)
    {
        // Most often every reason goes to one rep: keep them as they are.
        vec![(first, reasons)]
    } else {
        let mut groups: AccountReasons = Vec::new();
        for reason in reasons {
            let r = target(book, &reason, a, visibility);
            match groups.iter_mut().find(|(g, _)| *g == r) {
                Some((_, list)) => list.push(reason),
                None => groups.push((r, vec![reason])),
            }
        }
        groups
    };
    groups.retain(|(r, _)| visible(book, *r, a, visibility));
    groups
}

/// Routes each account's reasons (accounts in book order) to their reps and builds the
/// lists of `reps`, in rep id order, in parallel.
fn lists_by_rep(
    book: &Book,
    day: NaiveDate,
    config: &CallListConfig,
    inputs: &CallListInputs<'_>,
    by_account: AccountReasons,
    reps: Vec<u32>,
) -> Result<Vec<CallList>> {
    by_rep(book, config, by_account, reps, |r, accounts| {
        let rep_day = RepDay::new(book, r, day, config, inputs, accounts)?;
        Ok(rep_list(book, r, day, rep_day))
    })
}

/// Routes each account's reasons (accounts in book order) to their reps and runs
/// `each` on every rep of `reps` with their accounts' reasons, in rep id order, in
/// parallel.
fn by_rep<T: Send>(
    book: &Book,
    config: &CallListConfig,
    by_account: AccountReasons,
    mut reps: Vec<u32>,
    each: impl Fn(u32, AccountReasons) -> Result<T> + Sync,
) -> Result<Vec<T>> {
    reps.sort_by(|a, b| book.rep_at(*a).id.cmp(&book.rep_at(*b).id));
    reps.dedup();
    let visibility = config.visibility;
    let groups: Vec<(u32, AccountReasons)> = by_account
        .into_par_iter()
        .with_min_len(1024)
        .map(|(a, reasons)| (a, route(book, a, reasons, visibility)))
        .collect();
    let mut routed: Vec<AccountReasons> = (0..book.reps().len()).map(|_| Vec::new()).collect();
    for (a, groups) in groups {
        for (r, list) in groups {
            routed[r as usize].push((a, list));
        }
    }
    crate::interrupt::check()?;
    let jobs: Vec<(u32, AccountReasons)> = reps
        .iter()
        .map(|&r| (r, std::mem::take(&mut routed[r as usize])))
        .collect();
    jobs.into_par_iter()
        .map(|(r, accounts)| each(r, accounts))
        .collect()
}

/// Every rep's Next Day Call List for `day`, built on all cores: the same lists, byte
/// for byte, as [`next_day_call_list`] rep by rep. Lists come in rep id order.
///
/// # Errors
/// As [`next_day_call_list`].
///
/// # Example
/// ```
/// use callwise::call_list::*;
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
/// let (config, inputs) = (CallListConfig::default(), CallListInputs::default());
/// let day = "2026-11-03".parse().unwrap();
/// let lists = call_lists(&book, day, &config, &inputs)?;
/// assert_eq!(lists.len(), book.reps().len());
/// for list in &lists {
///     let rep = list.rep_id.as_ref().unwrap().as_str();
///     assert_eq!(list, &next_day_call_list(&book, rep, day, &config, &inputs)?);
/// }
/// # Ok::<(), callwise::Error>(())
/// ```
pub fn call_lists(
    book: &Book,
    day: NaiveDate,
    config: &CallListConfig,
    inputs: &CallListInputs<'_>,
) -> Result<Vec<CallList>> {
    let sources = Sources::new(book, day, config, inputs, &config.next_day_sources)?;
    let accounts: Vec<u32> = (0..book.accounts().len() as u32).collect();
    let by_account = reasons_by_account(&sources, &accounts)?;
    let reps = (0..book.reps().len() as u32).collect();
    lists_by_rep(book, day, config, inputs, by_account, reps)
}

/// The entries of every rep's Next Day Call List for `day` as one table, rep by rep in
/// id order: the table [`CallListTable::from`] makes of [`call_lists`], built without
/// making the lists' entries (what a caller who wants only the table, such as the
/// Python binding's `book.call_lists`, saves).
///
/// # Errors
/// As [`next_day_call_list`].
///
/// # Example
/// ```
/// use callwise::call_list::*;
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 300))?;
/// let (config, inputs) = (CallListConfig::default(), CallListInputs::default());
/// for day in ["2026-11-03", "2026-12-01", "2027-02-28"] {
///     let day = day.parse().unwrap();
///     let lists = call_lists(&book, day, &config, &inputs)?;
///     assert_eq!(call_list_table(&book, day, &config, &inputs)?, CallListTable::from(lists));
/// }
/// # Ok::<(), callwise::Error>(())
/// ```
pub fn call_list_table(
    book: &Book,
    day: NaiveDate,
    config: &CallListConfig,
    inputs: &CallListInputs<'_>,
) -> Result<CallListTable> {
    let sources = Sources::new(book, day, config, inputs, &config.next_day_sources)?;
    let accounts: Vec<u32> = (0..book.accounts().len() as u32).collect();
    let by_account = reasons_by_account(&sources, &accounts)?;
    let reps = (0..book.reps().len() as u32).collect();
    let tables = by_rep(book, config, by_account, reps, |r, accounts| {
        let placed = RepDay::new(book, r, day, config, inputs, accounts)?
            .filled
            .placed;
        let mut table = CallListTable::default();
        table.push_placed(book, r, day, placed);
        Ok(table)
    })?;
    Ok(CallListTable::concat(tables))
}

/// A team's Power Hour pool for `day`: the accounts any rep of the team owns or
/// co-owns, with the reasons of the configuration's Power Hour sources (dormant
/// customers and old no's by default), one entry each, every entry slotted at the
/// earliest instant in the block its callee may be called. The block is the first
/// Power Hour routine's block on `day` among `inputs.routines`, else the
/// configuration's `power_hour` ([`TeamBlock`]) in the zone of the team's first rep (by
/// id). The capacity is the block's minutes times the team's reps.
///
/// # Errors
/// [`Error::NotFound`] when `team_id` is not a team of the book;
/// [`Error::InvalidArgument`] named `team_id` when the team has no rep; as
/// [`next_day_call_list`] otherwise.
///
/// # Example
/// ```
/// use callwise::call_list::*;
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
/// let day = "2026-11-03".parse().unwrap();
/// let pool = power_hour_list(&book, "team-sales-1", day, &CallListConfig::default(),
///                            &CallListInputs::default())?;
/// assert!(pool.entries.iter().all(|e| e.reasons.iter().all(|r| r.source == Source::OldNo)));
/// assert_eq!(pool.working.len(), 1);
/// # Ok::<(), callwise::Error>(())
/// ```
pub fn power_hour_list(
    book: &Book,
    team_id: &str,
    day: NaiveDate,
    config: &CallListConfig,
    inputs: &CallListInputs<'_>,
) -> Result<CallList> {
    team_list(
        book,
        team_id,
        day,
        ListKind::PowerHour,
        config,
        inputs,
        None,
    )
}

/// A team's Crankathon pool for `day`: as [`power_hour_list`], with the Crankathon's
/// sources (the accumulated follow-ups: carry-overs, cadence steps, deal and campaign
/// follow-ups, whoever they belong to in the team) and its block (a Crankathon
/// routine's on the day, else the configuration's `crankathon`, 14:00 for two hours).
///
/// # Errors
/// As [`power_hour_list`].
///
/// # Example
/// ```
/// use callwise::call_list::*;
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
/// let day = "2026-11-03".parse().unwrap();
/// let pool = crankathon_list(&book, "team-sales-1", day, &CallListConfig::default(),
///                            &CallListInputs::default())?;
/// assert_eq!(pool.kind, ListKind::Crankathon);
/// assert!(pool.entries.iter().any(|e| e.reasons.iter().any(|r| r.source == Source::OpportunityFollowUp)));
/// # Ok::<(), callwise::Error>(())
/// ```
pub fn crankathon_list(
    book: &Book,
    team_id: &str,
    day: NaiveDate,
    config: &CallListConfig,
    inputs: &CallListInputs<'_>,
) -> Result<CallList> {
    team_list(
        book,
        team_id,
        day,
        ListKind::Crankathon,
        config,
        inputs,
        None,
    )
}

/// A team's pool for a block of `kind` (Power Hour or Crankathon): `block` when given
/// (in the zone of the team's first rep), else the day's block of a routine or of the
/// configuration.
pub(crate) fn team_list(
    book: &Book,
    team_id: &str,
    day: NaiveDate,
    kind: ListKind,
    config: &CallListConfig,
    inputs: &CallListInputs<'_>,
    block: Option<Span>,
) -> Result<CallList> {
    let (team, members) = team_members(book, team_id)?;
    let lead = members[0];
    let (sources, routine_kind, fallback) = match kind {
        ListKind::Crankathon => (
            &config.crankathon_sources,
            RoutineKind::Crankathon,
            config.crankathon,
        ),
        _ => (
            &config.power_hour_sources,
            RoutineKind::PowerHour,
            config.power_hour,
        ),
    };
    let sources = Sources::new(book, day, config, inputs, sources)?;
    let (time_zone, block) = match block {
        Some(given) => (book.rep_at(lead).time_zone.clone(), given),
        None => team_block(book, lead, day, routine_kind, fallback, inputs.routines)?,
    };
    let mut accounts: Vec<u32> = members
        .iter()
        .flat_map(|&r| book.owned_at(r).iter().copied())
        .collect();
    accounts.sort_unstable();
    accounts.dedup();
    let reasons = reasons_by_account(&sources, &accounts)?;
    let (candidates, held_back) = split(book, reasons, config);
    let capacity = minutes_of(std::slice::from_ref(&block)).saturating_mul(members.len() as u32);
    let fill = Fill {
        book,
        config,
        day,
        working: vec![block],
        capacity,
        shared: true,
    };
    let filled = fill.run(candidates, held_back)?;
    Ok(CallList {
        kind,
        rep_id: None,
        team_id: Some(team.id.clone()),
        day,
        time_zone,
        working: vec![block],
        capacity_minutes: capacity,
        planned_minutes: filled.planned,
        entries: Placed::entries(filled.placed, book, day),
        held_back: filled.held_back,
        cut: filled.cut,
        logged: Vec::new(),
    })
}

/// The team `team_id` and its reps' positions, in rep id order (never empty).
///
/// # Errors
/// [`Error::NotFound`] when `team_id` is not a team of the book;
/// [`Error::InvalidArgument`] named `team_id` when the team has no rep.
pub(crate) fn team_members<'b>(book: &'b Book, team_id: &str) -> Result<(&'b Team, Vec<u32>)> {
    let team = book
        .teams()
        .iter()
        .find(|t| t.id.as_str() == team_id)
        .ok_or_else(|| Error::not_found(RecordKind::Team, team_id))?;
    let mut members: Vec<u32> = (0u32..)
        .zip(book.reps())
        .filter(|(_, r)| r.team_id.as_ref() == Some(&team.id))
        .map(|(i, _)| i)
        .collect();
    members.sort_by(|a, b| book.rep_at(*a).id.cmp(&book.rep_at(*b).id));
    if members.is_empty() {
        return Err(Error::invalid_argument(
            "team_id",
            format!("team {team_id:?} has no rep"),
        ));
    }
    Ok((team, members))
}

/// The team block of `day`: a routine of `kind`'s block on that day, else `fallback` in
/// the zone of the rep at `lead`.
fn team_block(
    book: &Book,
    lead: u32,
    day: NaiveDate,
    kind: RoutineKind,
    fallback: TeamBlock,
    routines: &[Routine],
) -> Result<(String, Span)> {
    let (from, to) = (day_end(day - chrono::Days::new(2)), day_end(day));
    for routine in routines.iter().filter(|r| r.kind() == kind) {
        if let Some(b) = routine
            .blocks(from, to)?
            .into_iter()
            .find(|b| b.local_date == day)
        {
            return Ok((
                routine.time_zone().to_owned(),
                Span {
                    start: b.start,
                    end: b.end,
                },
            ));
        }
    }
    let rep = book.rep_at(lead);
    let tz = crate::time::parse_time_zone(&rep.time_zone)?;
    let start = crate::time::instants_at(tz, day.and_time(fallback.start))[0].ok_or_else(|| {
        Error::invalid_argument("day", format!("{day} has no {} start", kind.as_str()))
    })?;
    let end = start + chrono::Duration::minutes(i64::from(fallback.minutes));
    Ok((rep.time_zone.clone(), Span { start, end }))
}

//! Blitz pools: one pool of calls for a team block (a Power Hour, a Crankathon), split
//! fairly, then claimed, released and called by many reps at once.

use super::leaderboard::{block_activities, board, team_reps};
use super::{Leaderboard, TeamConfig};
use crate::call_list::list::{Candidate, first_fit};
use crate::call_list::{
    CallList, CallListConfig, CallListInputs, Cut, Entry, HeldBack, HoldRule, ListKind, Span,
};
use crate::routine::Routine;
use crate::{
    AccountId, Activity, ActivityId, Book, ContactId, Error, RecordKind, RepId, Result, TeamId,
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// An account a rep holds: call it, then log the call (or release it).
///
/// # Example
/// See [`BlitzPool`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// The account.
    pub account_id: AccountId,
    /// The contact to call.
    pub contact_id: ContactId,
    /// The rep who holds it.
    pub rep_id: RepId,
    /// When it was claimed.
    #[serde(deserialize_with = "crate::time::strict")]
    pub claimed_at: DateTime<Utc>,
    /// When the claim lapses and the account is free again, unless it was called.
    #[serde(deserialize_with = "crate::time::strict")]
    pub expires_at: DateTime<Utc>,
}

/// An account that left the pool because its callee cannot be called for the rest of
/// the block, with the rule that stops the call: what a manager sees.
///
/// # Example
/// See [`BlitzPool`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeftPool {
    /// The account.
    pub account_id: AccountId,
    /// The contact the rule was checked for.
    pub contact_id: ContactId,
    /// The rule.
    pub rule: HoldRule,
    /// When the pool found out (at a claim).
    #[serde(deserialize_with = "crate::time::strict")]
    pub at: DateTime<Utc>,
}

/// How many of a pool's accounts are in each state.
///
/// # Example
/// See [`BlitzPool`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remaining {
    /// Neither claimed, called nor gone: there to be claimed (now, or once the callee's
    /// window opens).
    pub free: u32,
    /// Held by a rep whose claim has not lapsed.
    pub claimed: u32,
    /// Called in this block: done.
    pub called: u32,
    /// Gone because the callee cannot be called for the rest of the block.
    pub left: u32,
}

impl Remaining {
    /// The accounts still to call: free or claimed.
    ///
    /// # Example
    /// ```
    /// let r = callwise::team::Remaining { free: 3, claimed: 2, called: 4, left: 1 };
    /// assert_eq!(r.to_call(), 5);
    /// ```
    pub fn to_call(&self) -> u32 {
        self.free + self.claimed
    }
}

/// Where one pool account stands.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&callwise::team::PoolStatus::Called).unwrap(), "\"called\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PoolStatus {
    /// There to be claimed.
    Free,
    /// Held by a rep.
    Claimed,
    /// Called in this block.
    Called,
    /// Gone with a rule.
    Left,
}

/// One account of a pool in a [`PoolSnapshot`].
///
/// # Example
/// See [`BlitzPool::snapshot`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolAccount {
    /// Its rank in the pool (1 for the highest score).
    pub rank: u32,
    /// The account.
    pub account_id: AccountId,
    /// The contact to call.
    pub contact_id: ContactId,
    /// Its score.
    pub score: i64,
    /// The callee's zone.
    pub time_zone: String,
    /// The rep whose share of the split it is.
    pub split_rep_id: RepId,
    /// Where it stands.
    pub status: PoolStatus,
    /// Who holds it or called it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rep_id: Option<RepId>,
    /// When a claim on it lapses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::time::strict_opt")]
    pub expires_at: Option<DateTime<Utc>>,
}

/// Everything a manager sees of a pool at one instant: every account and where it
/// stands, what left it and why, what the list held back or had no room for, and the
/// calls logged through it.
///
/// # Example
/// See [`BlitzPool::snapshot`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolSnapshot {
    /// The team.
    pub team_id: TeamId,
    /// A Power Hour or a Crankathon.
    pub kind: ListKind,
    /// The block's day, in the team's zone.
    #[serde(deserialize_with = "crate::time::strict")]
    pub day: NaiveDate,
    /// The block.
    pub block: Span,
    /// When the snapshot was taken.
    #[serde(deserialize_with = "crate::time::strict")]
    pub at: DateTime<Utc>,
    /// The counts.
    pub remaining: Remaining,
    /// Every account, by rank.
    pub accounts: Vec<PoolAccount>,
    /// The accounts that left during the block, in the order they left.
    pub left: Vec<LeftPool>,
    /// The accounts the list held back before the block (with their rules).
    pub held_back: Vec<HeldBack>,
    /// The accounts the block had no room for.
    pub cut: Vec<Cut>,
    /// The calls logged through the pool, in the order logged.
    pub logged: Vec<Activity>,
}

impl PoolSnapshot {
    /// The snapshot as pretty-printed JSON.
    ///
    /// # Example
    /// See [`BlitzPool::snapshot`].
    pub fn to_json(&self) -> String {
        super::pretty(self)
    }
}

/// Where an entry stands, inside the lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Free,
    /// A rep's claim is being checked against the calling rules, outside the lock.
    Checking(u32),
    Claimed {
        rep: u32,
        until: i64,
    },
    Called(u32),
    Left,
}

impl Status {
    fn public(self) -> PoolStatus {
        match self {
            Self::Free => PoolStatus::Free,
            Self::Checking(_) | Self::Claimed { .. } => PoolStatus::Claimed,
            Self::Called(_) => PoolStatus::Called,
            Self::Left => PoolStatus::Left,
        }
    }
}

/// One rep's share of the split (or, last, the whole pool): the entries in rank order,
/// a cursor, the entries that came back (released, lapsed, or waiting no more) and the
/// entries waiting for their callee's window, by the instant it opens.
#[derive(Default)]
struct Queue {
    next: usize,
    back: BinaryHeap<Reverse<u32>>,
    waiting: BinaryHeap<Reverse<(i64, u32)>>,
}

/// What the lock guards.
struct State {
    status: Vec<Status>,
    /// The earliest instant (microseconds) each entry may be called, as last found.
    not_before: Vec<i64>,
    queues: Vec<Queue>,
    /// Claims by the instant they lapse.
    expiries: BinaryHeap<Reverse<(i64, u32)>>,
    logged: Vec<Activity>,
    logged_ids: FxHashSet<ActivityId>,
    left: Vec<LeftPool>,
    counts: Remaining,
}

impl State {
    /// Moves entry `i` to `status`, keeping the counts.
    fn set(&mut self, i: u32, status: Status) {
        let count = |counts: &mut Remaining, s: Status, up: bool| {
            let n = match s.public() {
                PoolStatus::Free => &mut counts.free,
                PoolStatus::Claimed => &mut counts.claimed,
                PoolStatus::Called => &mut counts.called,
                PoolStatus::Left => &mut counts.left,
            };
            if up {
                *n += 1;
            } else {
                *n -= 1;
            }
        };
        count(&mut self.counts, self.status[i as usize], false);
        count(&mut self.counts, status, true);
        self.status[i as usize] = status;
    }
}

/// What the calling rules say of an entry at an instant.
enum Readiness {
    Now,
    Later(DateTime<Utc>),
    Never(HoldRule),
}

/// Immutable facts about an entry.
struct Slot {
    account: u32,
    contact: u32,
    tz: Tz,
    owner: u32,
}

/// A team's pool of calls for one block, which many reps claim from at once.
///
/// # The split
/// The pool starts split between the team's reps (in the list's order, highest score
/// first), fairly: no rep's share is larger than the pool divided by the reps, rounded
/// up. First each account goes to a rep of the team who owns or co-owns it, the one
/// with the smallest share so far; then every account left over goes to the rep with
/// the smallest share. Ties go to the rep with the fewest accounts so far in that
/// account's callee time zone (so nobody gets only Hawaii), then to the rep id first in
/// order.
///
/// # Claims
/// [`claim`](Self::claim) gives a rep the next account of their own share that may be
/// called at that instant, else the highest-scored free account of anyone's share, else
/// `None`: the pool is dry for now. An account is never held by two reps at once and
/// is called at most once in the block. A claim lapses after
/// [`TeamConfig::claim_minutes`] unless the account was called; a rep may
/// [`release`](Self::release) it sooner. The calling rules are checked at each claim
/// (outside the pool's lock): an account whose callee's window has not opened yet waits
/// for it, and one whose callee cannot be called for the rest of the block (a window
/// that closed, a cap) leaves the pool with its rule ([`left`](Self::left)).
///
/// Every method takes `&self` and is safe to call from many threads at once: the state
/// is behind one mutex, held for a few heap operations per call.
///
/// # Example
/// ```
/// use callwise::call_list::{CallListConfig, CallListInputs, ListKind};
/// use callwise::team::{blitz_pool, TeamConfig};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
/// let start = "2026-11-03T19:00:00Z".parse().unwrap(); // 14:00 in New York
/// let pool = blitz_pool(&book, "team-sales-1", ListKind::Crankathon, start, 120,
///     &CallListConfig::default(), &CallListInputs::default(), &TeamConfig::default())?;
/// let before = pool.remaining(start)?;
/// let claim = pool.claim("rep-sales-0001", start)?.expect("a pool with accounts");
/// assert_eq!(pool.remaining(start)?.claimed, 1);
/// pool.release("rep-sales-0001", claim.account_id.as_str(), start)?;
/// assert_eq!(pool.remaining(start)?, before);
/// // Nobody else may release what a rep holds.
/// let claim = pool.claim("rep-sales-0001", start)?.unwrap();
/// assert!(pool.release("rep-sales-0002", claim.account_id.as_str(), start).is_err());
/// # Ok::<(), callwise::Error>(())
/// ```
pub struct BlitzPool<B: Borrow<Book>> {
    book: B,
    config: CallListConfig,
    list: CallList,
    team_id: TeamId,
    block: Span,
    call_minutes: u32,
    claim_minutes: u32,
    /// The team's reps in id order, and their positions in the book.
    reps: Vec<(RepId, u32)>,
    accounts: FxHashMap<AccountId, u32>,
    slots: Vec<Slot>,
    /// Each rep's share, then (last) every entry, in rank order.
    orders: Vec<Vec<u32>>,
    /// The book's activities by the team's reps during the block.
    book_activities: Vec<Activity>,
    state: Mutex<State>,
}

impl<B: Borrow<Book>> std::fmt::Debug for BlitzPool<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlitzPool")
            .field("team_id", &self.team_id)
            .field("block", &self.block)
            .field("accounts", &self.slots.len())
            .finish_non_exhaustive()
    }
}

/// A team's pool for the block that starts at `start` and lasts `minutes`: the team's
/// Power Hour or Crankathon list (`source`) for that block ([`crate::call_list::power_hour_list`],
/// [`crate::call_list::crankathon_list`]), on the day `start` falls on in the zone of
/// the team's first rep (by id), as a [`BlitzPool`].
///
/// # Errors
/// [`Error::NotFound`] for an unknown team; [`Error::InvalidArgument`] named `source`
/// for a next-day list, named `minutes` outside 1 to 180, named `team_id` for a team
/// with no rep; the errors of the list and of [`BlitzPool::new`].
///
/// # Example
/// See [`BlitzPool`].
#[allow(clippy::too_many_arguments)]
pub fn blitz_pool<B: Borrow<Book>>(
    book: B,
    team_id: &str,
    source: ListKind,
    start: DateTime<Utc>,
    minutes: u32,
    config: &CallListConfig,
    inputs: &CallListInputs<'_>,
    team_config: &TeamConfig,
) -> Result<BlitzPool<B>> {
    let b = book.borrow();
    let day = block_day(b, team_id, start)?;
    team_source(source)?;
    let max = crate::routine::MAX_CRANKATHON_MINUTES;
    if !(1..=max).contains(&minutes) {
        return Err(Error::invalid_argument(
            "minutes",
            format!("a block lasts 1 to {max} minutes, got {minutes}"),
        ));
    }
    let block = Span {
        start,
        end: start + Duration::minutes(i64::from(minutes)),
    };
    let list = crate::call_list::team_list(b, team_id, day, source, config, inputs, Some(block))?;
    BlitzPool::new(book, list, config, team_config)
}

/// The day a team block starting at `start` is on: its local date in the zone of the
/// team's first rep (by id), the day [`blitz_pool`] builds the team's list for (and
/// the day to work out a list's [`crate::call_list::Prepared`] inputs for).
///
/// # Errors
/// [`Error::NotFound`] for an unknown team; [`Error::InvalidArgument`] named `team_id`
/// for a team with no rep.
///
/// # Example
/// ```
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
/// let lead = &book.rep("rep-sales-0001").unwrap().time_zone; // the team's first rep
/// let day = callwise::team::block_day(&book, "team-sales-1", "2026-11-04T03:00:00Z".parse().unwrap())?;
/// let zone: chrono_tz::Tz = lead.parse().unwrap();
/// assert_eq!(day, "2026-11-04T03:00:00Z".parse::<chrono::DateTime<chrono::Utc>>().unwrap().with_timezone(&zone).date_naive());
/// # Ok::<(), callwise::Error>(())
/// ```
pub fn block_day(book: &Book, team_id: &str, start: DateTime<Utc>) -> Result<NaiveDate> {
    let (_, reps) = team_reps(book, team_id)?;
    let zone = crate::time::parse_time_zone(&book.rep_at(reps[0]).time_zone)?;
    crate::time::local(zone, start)
        .map(|l| l.date())
        .ok_or_else(|| Error::invalid_argument("start", "outside the calendar"))
}

/// A team's pool for the block `routine` (a Power Hour or Crankathon routine) has on
/// `day` (its local date in the routine's zone), as [`blitz_pool`].
///
/// # Errors
/// [`Error::InvalidArgument`] named `routine` for a routine of another kind or longer
/// than 180 minutes, named `day` when the routine has no block that day; as
/// [`blitz_pool`] otherwise.
///
/// # Example
/// ```
/// use callwise::call_list::{CallListConfig, CallListInputs};
/// use callwise::routine::Routine;
/// use callwise::team::{routine_pool, TeamConfig};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
/// let tuesday = "2026-11-03".parse().unwrap();
/// let power_hour = Routine::power_hour("America/New_York", tuesday, &[chrono::Weekday::Tue],
///                                      chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap())?;
/// let pool = routine_pool(&book, "team-sales-1", &power_hour, tuesday,
///     &CallListConfig::default(), &CallListInputs::default(), &TeamConfig::default())?;
/// assert_eq!(pool.block().start.to_rfc3339(), "2026-11-03T15:00:00+00:00");
/// let wednesday = "2026-11-04".parse().unwrap();
/// assert!(routine_pool(&book, "team-sales-1", &power_hour, wednesday,
///     &CallListConfig::default(), &CallListInputs::default(), &TeamConfig::default()).is_err());
/// # Ok::<(), callwise::Error>(())
/// ```
pub fn routine_pool<B: Borrow<Book>>(
    book: B,
    team_id: &str,
    routine: &Routine,
    day: NaiveDate,
    config: &CallListConfig,
    inputs: &CallListInputs<'_>,
    team_config: &TeamConfig,
) -> Result<BlitzPool<B>> {
    use crate::routine::RoutineKind;
    let source = match routine.kind() {
        RoutineKind::PowerHour => ListKind::PowerHour,
        RoutineKind::Crankathon => ListKind::Crankathon,
        other => {
            return Err(Error::invalid_argument(
                "routine",
                format!(
                    "routine {:?} is a {other} routine, not a power_hour or crankathon one",
                    routine.name()
                ),
            ));
        }
    };
    let around = |days: i64| {
        (day + Duration::days(days))
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc())
            .ok_or_else(|| Error::invalid_argument("day", format!("{day} is out of range")))
    };
    let found = routine
        .blocks(around(-1)?, around(2)?)?
        .into_iter()
        .find(|b| b.local_date == day)
        .ok_or_else(|| {
            Error::invalid_argument(
                "day",
                format!("routine {:?} has no block on {day}", routine.name()),
            )
        })?;
    let minutes = (found.end - found.start).num_minutes();
    if minutes > i64::from(crate::routine::MAX_CRANKATHON_MINUTES) {
        return Err(Error::invalid_argument(
            "routine",
            format!(
                "a pool's block lasts at most {} minutes; routine {:?} lasts {minutes}",
                crate::routine::MAX_CRANKATHON_MINUTES,
                routine.name()
            ),
        ));
    }
    let block = Span {
        start: found.start,
        end: found.end,
    };
    let list = crate::call_list::team_list(
        book.borrow(),
        team_id,
        day,
        source,
        config,
        inputs,
        Some(block),
    )?;
    BlitzPool::new(book, list, config, team_config)
}

/// Refuses a list kind a pool cannot be built from.
fn team_source(kind: ListKind) -> Result<()> {
    match kind {
        ListKind::PowerHour | ListKind::Crankathon => Ok(()),
        ListKind::NextDay => Err(Error::invalid_argument(
            "source",
            "a Next Day Call List is one rep's; a pool is a power_hour or crankathon list",
        )),
    }
}

impl<B: Borrow<Book>> BlitzPool<B> {
    /// A pool of `list`'s entries (a team's Power Hour or Crankathon list, or one built
    /// to the same shape), split fairly between the team's reps (see [`BlitzPool`]). The
    /// list's one working span is the block; each entry waits for its `slot_start`.
    ///
    /// # Errors
    /// The errors of [`CallListConfig::check`] and [`TeamConfig::check`];
    /// [`Error::InvalidArgument`] named `list` for a next-day list, a list with no team
    /// or not exactly one span, or an entry whose account is repeated or whose contact
    /// is not the account's; [`Error::NotFound`] for a team, account or contact the book
    /// does not hold.
    ///
    /// # Example
    /// ```
    /// use callwise::call_list::{crankathon_list, CallListConfig, CallListInputs};
    /// use callwise::team::{BlitzPool, TeamConfig};
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
    /// let config = CallListConfig::default();
    /// let list = crankathon_list(&book, "team-sales-1", "2026-11-03".parse().unwrap(),
    ///                            &config, &CallListInputs::default())?;
    /// let entries = list.entries.len() as u32;
    /// let pool = BlitzPool::new(&book, list, &config, &TeamConfig::default())?;
    /// assert_eq!(pool.remaining(pool.block().start)?.free, entries);
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn new(
        book: B,
        list: CallList,
        config: &CallListConfig,
        team_config: &TeamConfig,
    ) -> Result<Self> {
        config.check()?;
        team_config.check()?;
        let b = book.borrow();
        team_source(list.kind).map_err(|_| {
            Error::invalid_argument("list", "a pool is built from a team's list, not a rep's")
        })?;
        let team_id = list
            .team_id
            .clone()
            .ok_or_else(|| Error::invalid_argument("list", "the list names no team"))?;
        let (team_id, rep_positions) = team_reps(b, team_id.as_str())?;
        let block = match list.working.as_slice() {
            [block] if block.start < block.end => *block,
            _ => {
                return Err(Error::invalid_argument(
                    "list",
                    format!(
                        "a pool's list has one block to call in, not {} spans",
                        list.working.len()
                    ),
                ));
            }
        };
        let reps: Vec<(RepId, u32)> = rep_positions
            .iter()
            .map(|&r| (b.rep_at(r).id.clone(), r))
            .collect();
        let n = u32::try_from(list.entries.len())
            .map_err(|_| Error::invalid_argument("list", "more than 2^32 entries"))?;
        let mut accounts = FxHashMap::default();
        let mut slots = Vec::with_capacity(list.entries.len());
        for (i, e) in (0..n).zip(&list.entries) {
            let a = b
                .account_position(e.account_id.as_str())
                .ok_or_else(|| Error::not_found(RecordKind::Account, e.account_id.as_str()))?;
            let c = b
                .contact_position(e.contact_id.as_str())
                .ok_or_else(|| Error::not_found(RecordKind::Contact, e.contact_id.as_str()))?;
            if b.contact_account_at(c) != a {
                return Err(Error::invalid_argument(
                    "list",
                    format!(
                        "contact {} of the entry for account {} is another account's",
                        e.contact_id.as_str(),
                        e.account_id.as_str()
                    ),
                ));
            }
            if accounts.insert(e.account_id.clone(), i).is_some() {
                return Err(Error::invalid_argument(
                    "list",
                    format!("account {} has two entries", e.account_id.as_str()),
                ));
            }
            slots.push(Slot {
                account: a,
                contact: c,
                tz: b.contact_zone_at(c),
                owner: 0,
            });
        }
        let shares = split(b, &list.entries, &slots, &reps);
        let mut orders: Vec<Vec<u32>> = vec![Vec::new(); reps.len()];
        for (i, &owner) in (0..n).zip(&shares) {
            slots[i as usize].owner = owner;
            orders[owner as usize].push(i);
        }
        orders.push((0..n).collect());
        let book_activities = block_activities(b, &rep_positions, (block.start, block.end));
        let state = State {
            status: vec![Status::Free; n as usize],
            not_before: list
                .entries
                .iter()
                .map(|e| e.slot_start.timestamp_micros())
                .collect(),
            queues: (0..orders.len()).map(|_| Queue::default()).collect(),
            expiries: BinaryHeap::new(),
            logged: Vec::new(),
            logged_ids: FxHashSet::default(),
            left: Vec::new(),
            counts: Remaining {
                free: n,
                ..Remaining::default()
            },
        };
        Ok(Self {
            call_minutes: config.minutes(crate::Channel::Call),
            claim_minutes: team_config.claim_minutes,
            config: config.clone(),
            book,
            list,
            team_id,
            block,
            reps,
            accounts,
            slots,
            orders,
            book_activities,
            state: Mutex::new(state),
        })
    }

    /// The team.
    ///
    /// # Example
    /// See [`snapshot`](Self::snapshot).
    pub fn team_id(&self) -> &TeamId {
        &self.team_id
    }

    /// The block the pool is open in: claims are taken from its start until its end.
    ///
    /// # Example
    /// See [`routine_pool`].
    pub fn block(&self) -> Span {
        self.block
    }

    /// The list the pool was built from: its entries (by rank, with their reasons),
    /// and what it held back or cut.
    ///
    /// # Example
    /// See [`entry`](Self::entry).
    pub fn list(&self) -> &CallList {
        &self.list
    }

    /// The list entry of an account of the pool: whom to call, why, and the score.
    ///
    /// # Example
    /// ```
    /// use callwise::call_list::{CallListConfig, CallListInputs, ListKind};
    /// use callwise::team::{blitz_pool, TeamConfig};
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
    /// let start = "2026-11-03T19:00:00Z".parse().unwrap();
    /// let pool = blitz_pool(&book, "team-sales-1", ListKind::Crankathon, start, 120,
    ///     &CallListConfig::default(), &CallListInputs::default(), &TeamConfig::default())?;
    /// let claim = pool.claim("rep-sales-0002", start)?.unwrap();
    /// let entry = pool.entry(claim.account_id.as_str()).unwrap();
    /// assert_eq!(entry.contact_id, claim.contact_id);
    /// assert_eq!(entry, &pool.list().entries[entry.rank as usize - 1]);
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn entry(&self, account_id: &str) -> Option<&Entry> {
        self.accounts
            .get(account_id)
            .map(|&i| &self.list.entries[i as usize])
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic never leaves the state half-changed (each change is one assignment
        // after its checks), so a poisoned lock is still consistent.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The team position of `rep_id`.
    fn rep(&self, rep_id: &str) -> Result<u32> {
        if let Some(r) = self.reps.iter().position(|(id, _)| id.as_str() == rep_id) {
            return Ok(r as u32);
        }
        match self.book.borrow().rep(rep_id) {
            None => Err(Error::not_found(RecordKind::Rep, rep_id)),
            Some(_) => Err(Error::invalid_argument(
                "rep_id",
                format!("rep {rep_id:?} is not in team {}", self.team_id.as_str()),
            )),
        }
    }

    /// The entry of `account_id`.
    fn index_of(&self, account_id: &str) -> Result<u32> {
        self.accounts.get(account_id).copied().ok_or_else(|| {
            Error::invalid_argument(
                "account_id",
                format!(
                    "account {account_id:?} is not in the pool of team {}",
                    self.team_id.as_str()
                ),
            )
        })
    }

    fn check_open(&self, at: DateTime<Utc>) -> Result<()> {
        if at < self.block.start || at >= self.block.end {
            return Err(Error::invalid_argument(
                "at",
                format!(
                    "the pool of team {} is open from {} to {}; it is closed at {}",
                    self.team_id.as_str(),
                    self.block.start.to_rfc3339(),
                    self.block.end.to_rfc3339(),
                    at.to_rfc3339()
                ),
            ));
        }
        Ok(())
    }

    fn rep_id(&self, r: u32) -> &RepId {
        &self.reps[r as usize].0
    }

    /// Puts entry `i` back where claims find it: its owner's share and the whole pool.
    fn put_back(&self, st: &mut State, i: u32) {
        let owner = self.slots[i as usize].owner as usize;
        st.queues[owner].back.push(Reverse(i));
        st.queues[self.reps.len()].back.push(Reverse(i));
    }

    /// Frees the claims that lapsed by `at`.
    fn expire(&self, st: &mut State, at: i64) {
        while let Some(&Reverse((until, i))) = st.expiries.peek() {
            if until > at {
                break;
            }
            st.expiries.pop();
            if matches!(st.status[i as usize], Status::Claimed { until: u, .. } if u == until) {
                st.set(i, Status::Free);
                self.put_back(st, i);
            }
        }
    }

    /// The next free entry of queue `q` that may be called at `at`, by rank.
    fn next_ready(&self, st: &mut State, q: usize, at: i64) -> Option<u32> {
        let order = &self.orders[q];
        let State {
            status,
            not_before,
            queues,
            ..
        } = st;
        let queue = &mut queues[q];
        while let Some(&Reverse((t, i))) = queue.waiting.peek() {
            if t > at {
                break;
            }
            queue.waiting.pop();
            queue.back.push(Reverse(i));
        }
        loop {
            let ahead = order.get(queue.next).copied();
            let back = queue.back.peek().map(|r| r.0);
            let i = match (ahead, back) {
                (Some(a), Some(b)) if b < a => queue.back.pop().map(|r| r.0)?,
                (Some(a), _) => {
                    queue.next += 1;
                    a
                }
                (None, Some(_)) => queue.back.pop().map(|r| r.0)?,
                (None, None) => return None,
            };
            if status[i as usize] != Status::Free {
                continue;
            }
            let t = not_before[i as usize];
            if t > at {
                queue.waiting.push(Reverse((t, i)));
                continue;
            }
            return Some(i);
        }
    }

    /// What the calling rules say of entry `i` at `at`: callable now, from a later
    /// instant in the block, or not for the rest of the block (and why). A call must
    /// start in the block; it may run past its end.
    fn readiness(&self, i: u32, at: DateTime<Utc>) -> Result<Readiness> {
        let slot = &self.slots[i as usize];
        let candidate = Candidate {
            account: slot.account,
            contact: slot.contact,
            tz: slot.tz,
            score: 0,
            reasons: Vec::new(),
        };
        let span = Span {
            start: at,
            end: self.block.end + Duration::minutes(i64::from(self.call_minutes)),
        };
        let fit = first_fit(
            self.book.borrow(),
            &self.config,
            &candidate,
            &[span],
            self.call_minutes,
            self.list.day,
            &[],
        )?;
        Ok(match fit {
            Ok(t) if t == at => Readiness::Now,
            Ok(t) if t < self.block.end => Readiness::Later(t),
            Ok(_) => Readiness::Never(HoldRule::OutsideWindow),
            Err(rule) => Readiness::Never(rule),
        })
    }

    /// Settles entry `i`, checked for rep `r` at `at`: claimed, waiting, or gone.
    fn settle(
        &self,
        st: &mut State,
        i: u32,
        r: u32,
        at: DateTime<Utc>,
        readiness: &Readiness,
    ) -> Option<Claim> {
        let slot = &self.slots[i as usize];
        match *readiness {
            Readiness::Now => {
                let until = at + Duration::minutes(i64::from(self.claim_minutes));
                let until_us = until.timestamp_micros();
                st.set(
                    i,
                    Status::Claimed {
                        rep: r,
                        until: until_us,
                    },
                );
                st.expiries.push(Reverse((until_us, i)));
                Some(Claim {
                    account_id: self.list.entries[i as usize].account_id.clone(),
                    contact_id: self.list.entries[i as usize].contact_id.clone(),
                    rep_id: self.rep_id(r).clone(),
                    claimed_at: at,
                    expires_at: until,
                })
            }
            Readiness::Later(t) => {
                st.set(i, Status::Free);
                let t = t.timestamp_micros();
                st.not_before[i as usize] = t;
                st.queues[slot.owner as usize].waiting.push(Reverse((t, i)));
                st.queues[self.reps.len()].waiting.push(Reverse((t, i)));
                None
            }
            Readiness::Never(rule) => {
                st.set(i, Status::Left);
                st.left.push(LeftPool {
                    account_id: self.list.entries[i as usize].account_id.clone(),
                    contact_id: self.list.entries[i as usize].contact_id.clone(),
                    rule,
                    at,
                });
                None
            }
        }
    }

    /// Checks entry `i` (marked as being checked for rep `r`) outside the lock, then
    /// settles it.
    fn check_and_settle(
        &self,
        i: u32,
        r: u32,
        at: DateTime<Utc>,
    ) -> Result<(Option<Claim>, Readiness)> {
        match self.readiness(i, at) {
            Ok(readiness) => {
                let mut st = self.lock();
                let claim = self.settle(&mut st, i, r, at, &readiness);
                Ok((claim, readiness))
            }
            Err(e) => {
                let mut st = self.lock();
                st.set(i, Status::Free);
                self.put_back(&mut st, i);
                Err(e)
            }
        }
    }

    /// Gives rep `rep_id` the next account to call at `at`: the best of their own share
    /// the rules allow now, else the best free account of the pool; `None` when there is
    /// none to call now (the pool is dry, or what is left waits for its callee's window).
    ///
    /// # Errors
    /// [`Error::NotFound`] for a rep not in the book; [`Error::InvalidArgument`] named
    /// `rep_id` for a rep not in the team, named `at` outside the block (the pool is
    /// closed).
    ///
    /// # Example
    /// See [`BlitzPool`].
    pub fn claim(&self, rep_id: &str, at: DateTime<Utc>) -> Result<Option<Claim>> {
        let r = self.rep(rep_id)?;
        self.check_open(at)?;
        let at_us = at.timestamp_micros();
        let everyone = self.reps.len();
        // Each round takes one free entry out of reach at this instant (claimed, gone,
        // or waiting for a later one), so the rounds are bounded by the entries.
        for _ in 0..=self.slots.len() {
            let i = {
                let mut st = self.lock();
                self.expire(&mut st, at_us);
                let next = self
                    .next_ready(&mut st, r as usize, at_us)
                    .or_else(|| self.next_ready(&mut st, everyone, at_us));
                let Some(i) = next else {
                    return Ok(None);
                };
                st.set(i, Status::Checking(r));
                i
            };
            if let (Some(claim), _) = self.check_and_settle(i, r, at)? {
                return Ok(Some(claim));
            }
        }
        Ok(None)
    }

    /// [`claim`](Self::claim) at the present instant.
    ///
    /// # Errors
    /// As [`claim`](Self::claim) (a pool whose block is not on now is closed).
    ///
    /// # Example
    /// ```
    /// use callwise::call_list::{CallListConfig, CallListInputs, ListKind};
    /// use callwise::team::{blitz_pool, TeamConfig};
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
    /// let pool = blitz_pool(&book, "team-sales-1", ListKind::Crankathon,
    ///     "2026-11-03T19:00:00Z".parse().unwrap(), 120, &CallListConfig::default(),
    ///     &CallListInputs::default(), &TeamConfig::default())?;
    /// assert!(pool.claim_now("rep-sales-0001").is_err()); // that block is over
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn claim_now(&self, rep_id: &str) -> Result<Option<Claim>> {
        self.claim(rep_id, Utc::now())
    }

    /// Gives rep `rep_id` the account `account_id` (or renews their own claim on it).
    ///
    /// # Errors
    /// As [`claim`](Self::claim); [`Error::InvalidArgument`] named `account_id` when the
    /// account is not in the pool, is held by another rep, was called already, has left
    /// the pool, or may not be called at `at` (the message gives the rule, or the
    /// instant it may be).
    ///
    /// # Example
    /// ```
    /// use callwise::call_list::{CallListConfig, CallListInputs, ListKind};
    /// use callwise::team::{blitz_pool, TeamConfig};
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
    /// let start = "2026-11-03T19:00:00Z".parse().unwrap();
    /// let pool = blitz_pool(&book, "team-sales-1", ListKind::Crankathon, start, 120,
    ///     &CallListConfig::default(), &CallListInputs::default(), &TeamConfig::default())?;
    /// let wanted = pool.list().entries[0].account_id.clone();
    /// let claim = pool.claim_account("rep-sales-0002", wanted.as_str(), start)?;
    /// assert_eq!(claim.rep_id.as_str(), "rep-sales-0002");
    /// assert!(pool.claim_account("rep-sales-0001", wanted.as_str(), start).is_err());
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn claim_account(
        &self,
        rep_id: &str,
        account_id: &str,
        at: DateTime<Utc>,
    ) -> Result<Claim> {
        let r = self.rep(rep_id)?;
        self.check_open(at)?;
        let i = self.index_of(account_id)?;
        let at_us = at.timestamp_micros();
        {
            let mut st = self.lock();
            self.expire(&mut st, at_us);
            match st.status[i as usize] {
                Status::Free if st.not_before[i as usize] > at_us => {
                    return Err(self.not_yet(account_id, st.not_before[i as usize]));
                }
                Status::Free => st.set(i, Status::Checking(r)),
                Status::Claimed { rep, .. } if rep == r => {
                    // Renewed: the old expiry finds a different `until` and is ignored.
                    let claim = self.settle(&mut st, i, r, at, &Readiness::Now);
                    return claim.ok_or_else(|| unreachable_claim(account_id));
                }
                other => return Err(self.unavailable(&st, account_id, other)),
            }
        }
        match self.check_and_settle(i, r, at)? {
            (Some(claim), _) => Ok(claim),
            (None, Readiness::Later(t)) => Err(self.not_yet(account_id, t.timestamp_micros())),
            (None, Readiness::Never(rule)) => Err(Error::invalid_argument(
                "account_id",
                format!(
                    "account {account_id:?} left the pool: {} (its callee cannot be called for the rest of the block)",
                    rule.as_str()
                ),
            )),
            (None, Readiness::Now) => Err(unreachable_claim(account_id)),
        }
    }

    /// [`claim_account`](Self::claim_account) at the present instant.
    ///
    /// # Errors
    /// As [`claim_account`](Self::claim_account).
    ///
    /// # Example
    /// See [`claim_now`](Self::claim_now).
    pub fn claim_account_now(&self, rep_id: &str, account_id: &str) -> Result<Claim> {
        self.claim_account(rep_id, account_id, Utc::now())
    }

    fn not_yet(&self, account_id: &str, t: i64) -> Error {
        let when = DateTime::<Utc>::from_timestamp_micros(t).unwrap_or(self.block.end);
        Error::invalid_argument(
            "account_id",
            format!(
                "account {account_id:?} may not be called before {} (its callee's window)",
                when.to_rfc3339()
            ),
        )
    }

    /// Why the entry of `account_id`, in state `status`, cannot be claimed or released.
    fn unavailable(&self, st: &State, account_id: &str, status: Status) -> Error {
        let reason = match status {
            Status::Free => "is not claimed".to_owned(),
            Status::Checking(rep) => format!("is being claimed by rep {}", self.rep_id(rep)),
            Status::Claimed { rep, until } => format!(
                "is claimed by rep {} until {}",
                self.rep_id(rep),
                DateTime::<Utc>::from_timestamp_micros(until)
                    .unwrap_or(self.block.end)
                    .to_rfc3339()
            ),
            Status::Called(rep) => {
                format!(
                    "was called in this block already, by rep {}",
                    self.rep_id(rep)
                )
            }
            Status::Left => format!(
                "left the pool: {}",
                st.left
                    .iter()
                    .find(|l| l.account_id.as_str() == account_id)
                    .map_or("a calling rule", |l| l.rule.as_str())
            ),
        };
        Error::invalid_argument("account_id", format!("account {account_id:?} {reason}"))
    }

    /// Hands the claim of rep `rep_id` on `account_id` back to the pool (to the share it
    /// was split to), at `at`.
    ///
    /// # Errors
    /// As [`claim`](Self::claim) for the rep; [`Error::InvalidArgument`] named
    /// `account_id` when the account is not in the pool, or the rep does not hold it
    /// (another rep does, nobody does, its claim lapsed, it was called or it left);
    /// nothing changes then.
    ///
    /// # Example
    /// See [`BlitzPool`].
    pub fn release(&self, rep_id: &str, account_id: &str, at: DateTime<Utc>) -> Result<()> {
        let r = self.rep(rep_id)?;
        let i = self.index_of(account_id)?;
        let mut st = self.lock();
        self.expire(&mut st, at.timestamp_micros());
        match st.status[i as usize] {
            Status::Claimed { rep, .. } if rep == r => {
                st.set(i, Status::Free);
                self.put_back(&mut st, i);
                Ok(())
            }
            other => Err(self.unavailable(&st, account_id, other)),
        }
    }

    /// [`release`](Self::release) at the present instant.
    ///
    /// # Errors
    /// As [`release`](Self::release).
    ///
    /// # Example
    /// See [`claim_now`](Self::claim_now).
    pub fn release_now(&self, rep_id: &str, account_id: &str) -> Result<()> {
        self.release(rep_id, account_id, Utc::now())
    }

    /// Records a call made from the pool (an activity the book does not hold yet): the
    /// account is done for the block, whoever held it, and the call counts on the
    /// [`leaderboard`](Self::leaderboard).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] named `activity` when it is not an outbound call or
    /// voicemail, falls outside the block, or was logged already (by id); named
    /// `account_id` when the account is not in the pool, was called already in the
    /// block, left it, or is held by another rep; the errors of [`claim`](Self::claim)
    /// for its rep. Nothing changes then.
    ///
    /// # Example
    /// ```
    /// use callwise::call_list::{CallListConfig, CallListInputs, ListKind};
    /// use callwise::team::{blitz_pool, TeamConfig};
    /// use callwise::{Activity, Channel, Direction, Outcome};
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
    /// let start = "2026-11-03T19:00:00Z".parse().unwrap();
    /// let pool = blitz_pool(&book, "team-sales-1", ListKind::Crankathon, start, 120,
    ///     &CallListConfig::default(), &CallListInputs::default(), &TeamConfig::default())?;
    /// let claim = pool.claim("rep-sales-0001", start)?.unwrap();
    /// let call = Activity {
    ///     id: "act-blitz-1".into(), account_id: claim.account_id.clone(),
    ///     contact_id: Some(claim.contact_id.clone()), rep_id: claim.rep_id.clone(),
    ///     at: start, channel: Channel::Call, direction: Direction::Outbound,
    ///     outcome: Some(Outcome::MeetingSet), duration_seconds: Some(300),
    ///     opportunity_id: None, campaign_id: None,
    /// };
    /// pool.log_call(&call)?;
    /// assert!(pool.log_call(&Activity { id: "act-blitz-2".into(), ..call }).is_err()); // once per block
    /// let board = pool.leaderboard();
    /// assert_eq!(board.standings[0].rep_id.as_str(), "rep-sales-0001");
    /// assert_eq!(board.team.meetings_set, 1);
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn log_call(&self, activity: &Activity) -> Result<()> {
        if !activity.is_attempt() {
            return Err(Error::invalid_argument(
                "activity",
                format!(
                    "activity {} is not an outbound call or voicemail",
                    activity.id.as_str()
                ),
            ));
        }
        if activity.at < self.block.start || activity.at >= self.block.end {
            return Err(Error::invalid_argument(
                "activity",
                format!(
                    "activity {} at {} is outside the block, {} to {}",
                    activity.id.as_str(),
                    activity.at.to_rfc3339(),
                    self.block.start.to_rfc3339(),
                    self.block.end.to_rfc3339()
                ),
            ));
        }
        let r = self.rep(activity.rep_id.as_str())?;
        let account_id = activity.account_id.as_str();
        let i = self.index_of(account_id)?;
        let mut st = self.lock();
        if st.logged_ids.contains(&activity.id) {
            return Err(Error::invalid_argument(
                "activity",
                format!("activity {} was logged already", activity.id.as_str()),
            ));
        }
        self.expire(&mut st, activity.at.timestamp_micros());
        match st.status[i as usize] {
            Status::Free => {}
            Status::Claimed { rep, .. } if rep == r => {}
            other => return Err(self.unavailable(&st, account_id, other)),
        }
        st.set(i, Status::Called(r));
        st.logged_ids.insert(activity.id.clone());
        st.logged.push(activity.clone());
        Ok(())
    }

    /// How many accounts are free, claimed, called and gone at `at` (claims that lapsed
    /// by then are free again).
    ///
    /// # Errors
    /// None today; a `Result` so that a pool kept elsewhere can report failures.
    ///
    /// # Example
    /// See [`BlitzPool`].
    pub fn remaining(&self, at: DateTime<Utc>) -> Result<Remaining> {
        let mut st = self.lock();
        self.expire(&mut st, at.timestamp_micros());
        Ok(st.counts)
    }

    /// [`remaining`](Self::remaining) at the present instant.
    ///
    /// # Errors
    /// As [`remaining`](Self::remaining).
    ///
    /// # Example
    /// ```
    /// use callwise::call_list::{CallListConfig, CallListInputs, ListKind};
    /// use callwise::team::{blitz_pool, TeamConfig};
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
    /// let pool = blitz_pool(&book, "team-sales-1", ListKind::PowerHour,
    ///     "2026-11-03T15:00:00Z".parse().unwrap(), 60, &CallListConfig::default(),
    ///     &CallListInputs::default(), &TeamConfig::default())?;
    /// assert_eq!(pool.remaining_now()?.called, 0);
    /// assert_eq!(pool.snapshot_now().remaining, pool.remaining_now()?);
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn remaining_now(&self) -> Result<Remaining> {
        self.remaining(Utc::now())
    }

    /// The accounts that left the pool during the block, with their rules, in the
    /// order they left.
    ///
    /// # Example
    /// See [`snapshot`](Self::snapshot).
    pub fn left(&self) -> Vec<LeftPool> {
        self.lock().left.clone()
    }

    /// The calls logged through the pool, in the order logged.
    ///
    /// # Example
    /// See [`snapshot`](Self::snapshot).
    pub fn logged(&self) -> Vec<Activity> {
        self.lock().logged.clone()
    }

    /// The leaderboard of the block so far: the book's activities by the team's reps
    /// during the block and the calls logged through the pool (see [`Leaderboard`]).
    ///
    /// # Example
    /// See [`log_call`](Self::log_call).
    pub fn leaderboard(&self) -> Leaderboard {
        let logged = self.logged();
        let positions: Vec<u32> = self.reps.iter().map(|(_, r)| *r).collect();
        board(
            self.book.borrow(),
            self.team_id.clone(),
            &positions,
            (self.block.start, self.block.end),
            self.book_activities.iter().chain(&logged),
        )
    }

    /// Every account and where it stands at `at`, what left and why, what the list held
    /// back or cut, and the calls logged: the manager's view.
    ///
    /// # Example
    /// ```
    /// use callwise::call_list::{CallListConfig, CallListInputs, ListKind};
    /// use callwise::team::{blitz_pool, PoolStatus, TeamConfig};
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
    /// let start = "2026-11-03T19:00:00Z".parse().unwrap();
    /// let pool = blitz_pool(&book, "team-sales-1", ListKind::Crankathon, start, 120,
    ///     &CallListConfig::default(), &CallListInputs::default(), &TeamConfig::default())?;
    /// let claim = pool.claim("rep-sales-0001", start)?.unwrap();
    /// let view = pool.snapshot(start);
    /// assert_eq!(view.team_id, *pool.team_id());
    /// let mine = view.accounts.iter().find(|a| a.account_id == claim.account_id).unwrap();
    /// assert_eq!((mine.status, mine.rep_id.as_ref()), (PoolStatus::Claimed, Some(&claim.rep_id)));
    /// assert_eq!(view.remaining.claimed, 1);
    /// assert!(pool.left().is_empty() && pool.logged().is_empty());
    /// assert!(view.to_json().contains("\"split_rep_id\""));
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn snapshot(&self, at: DateTime<Utc>) -> PoolSnapshot {
        let mut st = self.lock();
        self.expire(&mut st, at.timestamp_micros());
        let instant = |us: i64| DateTime::<Utc>::from_timestamp_micros(us);
        let accounts = self
            .list
            .entries
            .iter()
            .zip(&self.slots)
            .zip(&st.status)
            .zip(1u32..)
            .map(|(((e, slot), &status), rank)| {
                let (rep, until) = match status {
                    Status::Free | Status::Left => (None, None),
                    Status::Checking(r) | Status::Called(r) => (Some(r), None),
                    Status::Claimed { rep, until } => (Some(rep), instant(until)),
                };
                PoolAccount {
                    rank,
                    account_id: e.account_id.clone(),
                    contact_id: e.contact_id.clone(),
                    score: e.score,
                    time_zone: e.time_zone.clone(),
                    split_rep_id: self.rep_id(slot.owner).clone(),
                    status: status.public(),
                    rep_id: rep.map(|r| self.rep_id(r).clone()),
                    expires_at: until,
                }
            })
            .collect();
        PoolSnapshot {
            team_id: self.team_id.clone(),
            kind: self.list.kind,
            day: self.list.day,
            block: self.block,
            at,
            remaining: st.counts,
            accounts,
            left: st.left.clone(),
            held_back: self.list.held_back.clone(),
            cut: self.list.cut.clone(),
            logged: st.logged.clone(),
        }
    }

    /// [`snapshot`](Self::snapshot) at the present instant.
    ///
    /// # Example
    /// See [`remaining_now`](Self::remaining_now).
    pub fn snapshot_now(&self) -> PoolSnapshot {
        self.snapshot(Utc::now())
    }
}

/// A claim that settled as callable but gave no claim: cannot happen.
fn unreachable_claim(account_id: &str) -> Error {
    Error::invalid_argument(
        "account_id",
        format!("account {account_id:?} could not be claimed"),
    )
}

/// The fair split of `entries` (in order) between `reps` (the team's, in id order):
/// each entry's share, as a team position (see [`BlitzPool`]).
fn split(book: &Book, entries: &[Entry], slots: &[Slot], reps: &[(RepId, u32)]) -> Vec<u32> {
    let n = entries.len();
    let cap = n.div_ceil(reps.len().max(1));
    let mut counts = vec![0usize; reps.len()];
    let mut zones: Vec<FxHashMap<&str, usize>> = vec![FxHashMap::default(); reps.len()];
    let mut shares: Vec<Option<u32>> = vec![None; n];
    // The rep among `candidates` (team positions) with the smallest share, then the
    // fewest in the entry's zone, then the first id; only reps under the cap.
    let mut give = |i: usize, candidates: &[usize], shares: &mut Vec<Option<u32>>| {
        let zone = entries[i].time_zone.as_str();
        let best = candidates
            .iter()
            .copied()
            .filter(|&r| counts[r] < cap)
            .min_by_key(|&r| (counts[r], zones[r].get(zone).copied().unwrap_or(0), r));
        if let Some(r) = best {
            counts[r] += 1;
            *zones[r].entry(zone).or_insert(0) += 1;
            shares[i] = Some(r as u32);
        }
    };
    for (i, slot) in slots.iter().enumerate() {
        let account = book.account_at(slot.account);
        let owners: Vec<usize> = (0..reps.len())
            .filter(|&r| account.owners().any(|o| o.rep_id == reps[r].0.as_str()))
            .collect();
        give(i, &owners, &mut shares);
    }
    let everyone: Vec<usize> = (0..reps.len()).collect();
    for i in 0..n {
        if shares[i].is_none() {
            give(i, &everyone, &mut shares);
        }
    }
    shares.into_iter().map(|s| s.unwrap_or(0)).collect()
}

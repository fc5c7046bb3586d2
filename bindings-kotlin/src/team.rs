//! Core's team practices (`callwise::team`): blitz pools claimed from many threads, the
//! leaderboard, the Daily Wrap Up, goals with fiscal periods and pace, and the hand-off
//! baton.
//!
//! Core's records cross as themselves (`Claim`, `Remaining`, `PoolSnapshot`, `Tally`,
//! `Leaderboard`, `WrapUp`, `GoalProgress`, `Baton`, `BatonMove`, `BookChanges`, ...), with
//! the book's tasks, which nothing crossed before; a period is core's text
//! (`"2026-11"`, `"FY2027-Q2"`, `"FY2027"`), read by core's parser as it crosses. The
//! configuration is [`TeamConfig`] (core's JSON). A [`BlitzPool`] keeps its book and is
//! safe to share between threads. Nothing here computes anything: each function calls
//! core.

use crate::call_list::{CallListConfig, CallListInputs, with};
use crate::routine::Routine;
use crate::types::{NaiveDate, UtcInstant};
use crate::{Book, CallwiseError};
use callwise::call_list::{Cut, Entry, HeldBack, ListKind, Span};
use callwise::team::{
    self as cw, Baton, BatonAction, BatonMove, BatonStep, BookChanges, Claim, ClosedDeal, FollowUp,
    Goal, GoalProgress, Leaderboard, LeftPool, Measure, Metric, NewDeal, Pace, Period, PeriodKind,
    PoolAccount, PoolSnapshot, PoolStatus, Proposal, Readiness, Remaining, Standing, Tally, WrapUp,
    WrapUpNotes,
};
use callwise::{
    Account, AccountId, Activity, ContactId, Handoff, HandoffDirection, HandoffId, Money,
    OpportunityId, OpportunityStage, Ownership, RepId, Task, TaskId, TaskKind, TaskSource,
    TaskStatus, TeamId,
};
use std::borrow::Borrow;
use std::sync::Arc;

uniffi::custom_type!(Period, String, {
    remote,
    lower: |period| period.to_string(),
    try_lift: |text| Ok(Period::parse(&text).map_err(CallwiseError::from)?),
});

/// What a task asks for.
#[uniffi::remote(Enum)]
pub enum TaskKind {
    /// Make a call.
    Call,
    /// Send an e-mail.
    Email,
    /// Follow up on something promised.
    FollowUp,
    /// Hold a meeting.
    Meeting,
    /// Anything else.
    Other,
}

/// Where a task came from.
#[uniffi::remote(Enum)]
pub enum TaskSource {
    /// Entered by hand.
    Manual,
    /// Carried over from a Daily Wrap Up.
    WrapUp,
    /// A cadence step.
    Cadence,
    /// A campaign follow-up.
    Campaign,
    /// Created by a hand-off.
    Handoff,
}

/// Whether a task is still to do.
#[uniffi::remote(Enum)]
pub enum TaskStatus {
    /// To do.
    Open,
    /// Done.
    Done,
    /// Dropped.
    Cancelled,
}

/// A task or follow-up for a rep.
#[uniffi::remote(Record)]
pub struct Task {
    /// The task's id.
    pub id: TaskId,
    /// The account it concerns.
    pub account_id: AccountId,
    /// The contact it concerns, if one.
    pub contact_id: Option<ContactId>,
    /// The rep it is assigned to.
    pub rep_id: RepId,
    /// What to do.
    pub kind: TaskKind,
    /// Where it came from.
    pub source: TaskSource,
    /// Open, done or cancelled.
    pub status: TaskStatus,
    /// When it was created.
    pub created_at: UtcInstant,
    /// The day it is due.
    pub due_on: NaiveDate,
    /// When it was completed, for done tasks.
    pub completed_at: Option<UtcInstant>,
}

/// An account a rep holds in a pool.
#[uniffi::remote(Record)]
pub struct Claim {
    /// The account.
    pub account_id: AccountId,
    /// The contact to call.
    pub contact_id: ContactId,
    /// The rep who holds it.
    pub rep_id: RepId,
    /// When it was claimed.
    pub claimed_at: UtcInstant,
    /// When the claim lapses.
    pub expires_at: UtcInstant,
}

/// An account that left a pool, with the rule that stops its call.
#[uniffi::remote(Record)]
pub struct LeftPool {
    /// The account.
    pub account_id: AccountId,
    /// The contact the rule was checked for.
    pub contact_id: ContactId,
    /// The rule.
    pub rule: callwise::call_list::HoldRule,
    /// When the pool found out.
    pub at: UtcInstant,
}

/// How many of a pool's accounts are in each state.
#[uniffi::remote(Record)]
pub struct Remaining {
    /// There to be claimed.
    pub free: u32,
    /// Held by a rep.
    pub claimed: u32,
    /// Called in this block.
    pub called: u32,
    /// Gone with a rule.
    pub left: u32,
}

/// Where one pool account stands.
#[uniffi::remote(Enum)]
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

/// One account of a pool in a snapshot.
#[uniffi::remote(Record)]
pub struct PoolAccount {
    /// Its rank in the pool.
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
    pub rep_id: Option<RepId>,
    /// When a claim on it lapses.
    pub expires_at: Option<UtcInstant>,
}

/// Everything a manager sees of a pool at one instant.
#[uniffi::remote(Record)]
pub struct PoolSnapshot {
    /// The team.
    pub team_id: TeamId,
    /// A Power Hour or a Crankathon.
    pub kind: ListKind,
    /// The block's day, in the team's zone.
    pub day: NaiveDate,
    /// The block.
    pub block: Span,
    /// When the snapshot was taken.
    pub at: UtcInstant,
    /// The counts.
    pub remaining: Remaining,
    /// Every account, by rank.
    pub accounts: Vec<PoolAccount>,
    /// The accounts that left during the block.
    pub left: Vec<LeftPool>,
    /// The accounts the list held back before the block.
    pub held_back: Vec<HeldBack>,
    /// The accounts the block had no room for.
    pub cut: Vec<Cut>,
    /// The calls logged through the pool.
    pub logged: Vec<Activity>,
}

/// What some touches add up to.
#[uniffi::remote(Record)]
pub struct Tally {
    /// Outbound calls and voicemails.
    pub dials: u32,
    /// Dials that reached someone.
    pub connects: u32,
    /// Meetings booked.
    pub meetings_set: u32,
    /// Webinars booked.
    pub webinars_set: u32,
    /// Touches that uncovered an opportunity.
    pub opportunities_uncovered: u32,
}

/// One rep's line on a leaderboard.
#[uniffi::remote(Record)]
pub struct Standing {
    /// 1 for the top of the board.
    pub rank: u32,
    /// The rep.
    pub rep_id: RepId,
    /// What the rep's touches in the block add up to.
    pub tally: Tally,
}

/// Who did what in a block.
#[uniffi::remote(Record)]
pub struct Leaderboard {
    /// The team.
    pub team_id: TeamId,
    /// The block's first instant.
    pub from: UtcInstant,
    /// The first instant after it.
    pub to: UtcInstant,
    /// Every rep of the team, best first.
    pub standings: Vec<Standing>,
    /// The team's totals.
    pub team: Tally,
}

/// A follow-up a rep sets in a wrap-up.
#[uniffi::remote(Record)]
pub struct FollowUp {
    /// The account.
    pub account_id: AccountId,
    /// The contact, when one.
    pub contact_id: Option<ContactId>,
    /// What to do.
    pub kind: TaskKind,
    /// The day it is due; `null` for the next business day.
    pub due_on: Option<NaiveDate>,
}

/// What a rep writes in a wrap-up.
#[uniffi::remote(Record)]
pub struct WrapUpNotes {
    /// What went well.
    pub successes: Vec<String>,
    /// What stood in the way.
    pub challenges: Vec<String>,
    /// What to do next.
    pub follow_ups: Vec<FollowUp>,
}

/// A deal the rep uncovered that day.
#[uniffi::remote(Record)]
pub struct NewDeal {
    /// The deal.
    pub opportunity_id: OpportunityId,
    /// Its account.
    pub account_id: AccountId,
    /// Where it stands.
    pub stage: OpportunityStage,
    /// Its amount.
    pub amount: Money,
}

/// Business the rep closed that day, and the day its money is expected to land.
#[uniffi::remote(Record)]
pub struct ClosedDeal {
    /// The deal.
    pub opportunity_id: OpportunityId,
    /// Its account.
    pub account_id: AccountId,
    /// The amount won.
    pub amount: Money,
    /// The day it was won.
    pub closed_on: NaiveDate,
    /// The close plus the payment term, rolled forward to a business day.
    pub money_lands_on: NaiveDate,
}

/// One rep's Daily Wrap Up.
#[uniffi::remote(Record)]
pub struct WrapUp {
    /// The rep.
    pub rep_id: RepId,
    /// The day, in the rep's zone.
    pub day: NaiveDate,
    /// The rep's zone.
    pub time_zone: String,
    /// The rep's touches that day.
    pub touches: Tally,
    /// Deals uncovered that day.
    pub new_opportunities: Vec<NewDeal>,
    /// Deals won that day.
    pub closed_business: Vec<ClosedDeal>,
    /// What went well.
    pub successes: Vec<String>,
    /// What stood in the way.
    pub challenges: Vec<String>,
    /// What to do next, each with its due day.
    pub follow_ups: Vec<FollowUp>,
}

/// How long a goal runs.
#[uniffi::remote(Enum)]
pub enum PeriodKind {
    /// A calendar month.
    Month,
    /// A quarter of the fiscal year.
    Quarter,
    /// A fiscal year.
    Year,
}

/// Targets for one rep or one team over one period.
#[uniffi::remote(Record)]
pub struct Goal {
    /// The rep, for a rep's goal.
    pub rep_id: Option<RepId>,
    /// The team, for a team's goal.
    pub team_id: Option<TeamId>,
    /// The period (`"2026-11"`, `"FY2027-Q2"`, `"FY2027"`).
    pub period: Period,
    /// Dials.
    pub calls: Option<u32>,
    /// Meetings and webinars set.
    pub meetings: Option<u32>,
    /// Deals uncovered.
    pub new_opportunities: Option<u32>,
    /// Business won.
    pub closed: Option<Money>,
}

/// What a goal measures.
#[uniffi::remote(Enum)]
pub enum Metric {
    /// Dials.
    Calls,
    /// Meetings and webinars set.
    Meetings,
    /// Deals uncovered.
    NewOpportunities,
    /// Business won.
    Closed,
}

/// Whether a measure keeps pace with its target.
#[uniffi::remote(Enum)]
pub enum Pace {
    /// At or above what the days elapsed call for.
    OnTrack,
    /// Below it.
    Behind,
}

/// One target's progress.
#[uniffi::remote(Record)]
pub struct Measure {
    /// What is measured.
    pub metric: Metric,
    /// The target.
    pub target: i64,
    /// Done so far.
    pub actual: i64,
    /// What pace calls for by now.
    pub expected: i64,
    /// `actual - expected`.
    pub difference: i64,
    /// On track or behind.
    pub pace: Pace,
    /// The currency, for the closed amount.
    pub currency: Option<String>,
}

/// A goal's progress as of a day.
#[uniffi::remote(Record)]
pub struct GoalProgress {
    /// The rep, for a rep's goal.
    pub rep_id: Option<RepId>,
    /// The team, for a team's goal.
    pub team_id: Option<TeamId>,
    /// The period.
    pub period: Period,
    /// Its first day.
    pub first_day: NaiveDate,
    /// Its last day.
    pub last_day: NaiveDate,
    /// The day progress is measured as of.
    pub as_of: NaiveDate,
    /// Days of the period up to and including `asOf`.
    pub days_elapsed: u32,
    /// Days in the period.
    pub days_total: u32,
    /// Each target set.
    pub measures: Vec<Measure>,
    /// Deals won in another currency than the closed target's.
    pub deals_in_other_currencies: u32,
}

/// Whether an account is ready for operations.
#[uniffi::remote(Record)]
pub struct Readiness {
    /// The contract is signed.
    pub contract_signed: bool,
    /// The kickoff meeting is booked.
    pub kickoff_booked: bool,
    /// Anything operations should know.
    pub notes: String,
}

/// What a step of the baton did.
#[uniffi::remote(Enum)]
pub enum BatonAction {
    /// The holder offered the baton.
    Proposed,
    /// The receiver took it.
    Accepted,
    /// The receiver turned it down.
    Rejected,
}

/// One step of a hand-off: who did what, when.
#[uniffi::remote(Record)]
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
    pub at: UtcInstant,
    /// Which way the baton was to move.
    pub direction: HandoffDirection,
    /// Who offered it.
    pub from_rep_id: RepId,
    /// To whom.
    pub to_rep_id: RepId,
    /// The checklist, on a proposal to operations.
    pub checklist: Option<Readiness>,
    /// Why, on a rejection.
    pub reason: Option<String>,
}

/// A proposal to pass an account's baton.
#[uniffi::remote(Record)]
pub struct Proposal {
    /// The new hand-off's id.
    pub handoff_id: HandoffId,
    /// The account.
    pub account_id: AccountId,
    /// Who offers the baton: the account's primary owner.
    pub from_rep_id: RepId,
    /// Who is to take it.
    pub to_rep_id: RepId,
    /// When.
    pub at: UtcInstant,
    /// Which way.
    pub direction: HandoffDirection,
    /// The readiness checklist (required from sales to operations).
    pub checklist: Option<Readiness>,
}

/// Where an account's baton is.
#[uniffi::remote(Record)]
pub struct Baton {
    /// The account.
    pub account_id: AccountId,
    /// The one current contact: the account's primary owner.
    pub holder: Ownership,
    /// When the holder accepted the baton.
    pub since: Option<UtcInstant>,
    /// The hand-offs proposed and not answered.
    pub pending: Vec<Handoff>,
    /// Every step, oldest first.
    pub trail: Vec<BatonStep>,
}

/// Records to write into a book.
#[uniffi::remote(Record)]
pub struct BookChanges {
    /// Tasks to add (or replace, by id).
    pub tasks: Vec<Task>,
    /// Hand-offs to add (or replace, by id).
    pub handoffs: Vec<Handoff>,
    /// Hand-offs to remove.
    pub removed_handoffs: Vec<HandoffId>,
    /// Accounts to replace, by id.
    pub accounts: Vec<Account>,
}

/// What a step of the baton changes.
#[uniffi::remote(Record)]
pub struct BatonMove {
    /// Steps to append to the trail.
    pub steps: Vec<BatonStep>,
    /// Records to write into the book.
    pub changes: BookChanges,
}

/// What the team practices are run with (core's `TeamConfig`): claim minutes, payment
/// term, business calendar, fiscal-year start. Read and written as core's JSON.
#[derive(uniffi::Object)]
pub struct TeamConfig(cw::TeamConfig);

#[uniffi::export]
impl TeamConfig {
    /// Core's defaults (`TeamConfig.default()` in Kotlin).
    #[uniffi::constructor(name = "default")]
    pub fn defaults() -> Arc<Self> {
        Arc::new(Self(cw::TeamConfig::default()))
    }

    /// A configuration from its JSON form; fields left out keep their defaults.
    ///
    /// # Errors
    /// `Json` for another shape, `InvalidArgument` naming the field out of range.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, CallwiseError> {
        Ok(Arc::new(Self(cw::TeamConfig::from_json(&json)?)))
    }

    /// The configuration as JSON, every default written out.
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }
}

/// Core's configuration of `config` (the default when absent).
fn team_config(config: Option<Arc<TeamConfig>>) -> cw::TeamConfig {
    config.map_or_else(cw::TeamConfig::default, |c| c.0.clone())
}

/// The core book of a Kotlin `Book` as it was when the pool was made (a snapshot: later
/// changes to the book do not reach the pool), kept alive by the pool that reads it.
pub struct SharedBook(Arc<callwise::Book>);

impl Borrow<callwise::Book> for SharedBook {
    fn borrow(&self) -> &callwise::Book {
        &self.0
    }
}

/// A team's pool of calls for one block (core's `BlitzPool`), split fairly between the
/// team's reps and claimed by many reps at once: safe to share between threads.
#[derive(uniffi::Object)]
pub struct BlitzPool(cw::BlitzPool<SharedBook>);

#[uniffi::export]
impl BlitzPool {
    /// The next account rep `repId` may call at `at` (their own share first, then the
    /// best free one), or `null` when none may be called now.
    ///
    /// # Errors
    /// `NotFound` for an unknown rep; `InvalidArgument` for a rep outside the team or
    /// an instant outside the block (the pool is closed).
    pub fn claim(&self, rep_id: RepId, at: UtcInstant) -> Result<Option<Claim>, CallwiseError> {
        Ok(self.0.claim(rep_id.as_str(), at)?)
    }

    /// Claims account `accountId` for rep `repId` (or renews their claim).
    ///
    /// # Errors
    /// As `claim`; `InvalidArgument` when the account is not in the pool, is held by
    /// another rep, was called, left, or may not be called at `at`.
    pub fn claim_account(
        &self,
        rep_id: RepId,
        account_id: AccountId,
        at: UtcInstant,
    ) -> Result<Claim, CallwiseError> {
        Ok(self
            .0
            .claim_account(rep_id.as_str(), account_id.as_str(), at)?)
    }

    /// Hands rep `repId`'s claim on `accountId` back to the pool.
    ///
    /// # Errors
    /// `InvalidArgument` when the rep does not hold it.
    pub fn release(
        &self,
        rep_id: RepId,
        account_id: AccountId,
        at: UtcInstant,
    ) -> Result<(), CallwiseError> {
        Ok(self.0.release(rep_id.as_str(), account_id.as_str(), at)?)
    }

    /// Records a call made from the pool (once per account per block).
    ///
    /// # Errors
    /// `InvalidArgument` for an activity that is not an outbound call or voicemail in
    /// the block, or an account called already or held by another rep.
    pub fn log_call(&self, activity: Activity) -> Result<(), CallwiseError> {
        Ok(self.0.log_call(&activity)?)
    }

    /// How many accounts are free, claimed, called and gone at `at`.
    ///
    /// # Errors
    /// None today (core's signature keeps room for it).
    pub fn remaining(&self, at: UtcInstant) -> Result<Remaining, CallwiseError> {
        Ok(self.0.remaining(at)?)
    }

    /// The accounts that left the pool, with their rules.
    pub fn left(&self) -> Vec<LeftPool> {
        self.0.left()
    }

    /// The calls logged through the pool.
    pub fn logged(&self) -> Vec<Activity> {
        self.0.logged()
    }

    /// The leaderboard of the block so far.
    pub fn leaderboard(&self) -> Leaderboard {
        self.0.leaderboard()
    }

    /// Every account and where it stands at `at`: the manager's view.
    pub fn snapshot(&self, at: UtcInstant) -> PoolSnapshot {
        self.0.snapshot(at)
    }

    /// The list entry of an account of the pool, or `null`.
    pub fn entry(&self, account_id: AccountId) -> Option<Entry> {
        self.0.entry(account_id.as_str()).cloned()
    }

    /// The block the pool is open in.
    pub fn block(&self) -> Span {
        self.0.block()
    }
}

#[uniffi::export]
impl Book {
    /// The blitz pool of team `teamId` for the block from `start` lasting `minutes`:
    /// its `source` list (Power Hour or Crankathon) split between the team's reps.
    ///
    /// # Errors
    /// `NotFound` for an unknown team; `InvalidArgument` for a next-day source, minutes
    /// outside 1 to 180, a team with no rep.
    #[allow(clippy::too_many_arguments)]
    pub fn blitz_pool(
        self: Arc<Self>,
        team_id: TeamId,
        source: ListKind,
        start: UtcInstant,
        minutes: u32,
        config: Option<Arc<CallListConfig>>,
        inputs: Option<CallListInputs>,
        team_config: Option<Arc<TeamConfig>>,
    ) -> Result<Arc<BlitzPool>, CallwiseError> {
        let settings = self::team_config(team_config);
        let shared = SharedBook(self.core());
        with(config, inputs, |c, i| {
            cw::blitz_pool(
                shared,
                team_id.as_str(),
                source,
                start,
                minutes,
                c,
                i,
                &settings,
            )
        })
        .map(|pool| Arc::new(BlitzPool(pool)))
    }

    /// The blitz pool of team `teamId` for the block `routine` (a Power Hour or
    /// Crankathon routine) has on `day`.
    ///
    /// # Errors
    /// As `blitzPool`; `InvalidArgument` for a routine of another kind or with no block
    /// that day.
    pub fn routine_pool(
        self: Arc<Self>,
        team_id: TeamId,
        routine: Arc<Routine>,
        day: NaiveDate,
        config: Option<Arc<CallListConfig>>,
        inputs: Option<CallListInputs>,
        team_config: Option<Arc<TeamConfig>>,
    ) -> Result<Arc<BlitzPool>, CallwiseError> {
        let settings = self::team_config(team_config);
        let shared = SharedBook(self.core());
        with(config, inputs, |c, i| {
            cw::routine_pool(
                shared,
                team_id.as_str(),
                routine.core(),
                day,
                c,
                i,
                &settings,
            )
        })
        .map(|pool| Arc::new(BlitzPool(pool)))
    }

    /// The leaderboard of team `teamId` over `[from, to)`, with `extra` activities the
    /// book does not hold yet.
    ///
    /// # Errors
    /// `NotFound` for an unknown team; `InvalidArgument` when `to` is before `from`.
    pub fn leaderboard(
        &self,
        team_id: TeamId,
        from: UtcInstant,
        to: UtcInstant,
        extra: Vec<Activity>,
    ) -> Result<Leaderboard, CallwiseError> {
        Ok(cw::leaderboard(
            &self.core(),
            team_id.as_str(),
            from,
            to,
            &extra,
        )?)
    }

    /// The Daily Wrap Up of rep `repId` for `day`, with the rep's `notes`.
    ///
    /// # Errors
    /// `NotFound` for an unknown rep or follow-up account; `InvalidArgument` for a
    /// follow-up due on or before `day`, or notes too long.
    pub fn daily_wrap_up(
        &self,
        rep_id: RepId,
        day: NaiveDate,
        notes: Option<WrapUpNotes>,
        team_config: Option<Arc<TeamConfig>>,
    ) -> Result<WrapUp, CallwiseError> {
        let notes = notes.unwrap_or_default();
        Ok(cw::daily_wrap_up(
            &self.core(),
            rep_id.as_str(),
            day,
            &notes,
            &self::team_config(team_config),
        )?)
    }

    /// Every rep's Daily Wrap Up for `day`, from the book alone, in rep id order.
    ///
    /// # Errors
    /// As `dailyWrapUp`.
    pub fn wrap_ups(
        &self,
        day: NaiveDate,
        team_config: Option<Arc<TeamConfig>>,
    ) -> Result<Vec<WrapUp>, CallwiseError> {
        Ok(cw::wrap_ups(
            &self.core(),
            day,
            &self::team_config(team_config),
        )?)
    }

    /// Files `wrapUp` at `at`: its follow-ups as open tasks.
    ///
    /// # Errors
    /// `InvalidArgument` when it was filed already; as `dailyWrapUp`.
    pub fn file_wrap_up(
        &self,
        wrap_up: WrapUp,
        at: UtcInstant,
    ) -> Result<BookChanges, CallwiseError> {
        Ok(wrap_up.file(&self.core(), at)?)
    }

    /// The progress of `goals` as of `asOf`, with pace.
    ///
    /// # Errors
    /// `InvalidArgument` for a goal with no owner or no target; `NotFound` for an
    /// unknown rep or team.
    pub fn goal_progress(
        &self,
        goals: Vec<Goal>,
        as_of: NaiveDate,
        team_config: Option<Arc<TeamConfig>>,
    ) -> Result<Vec<GoalProgress>, CallwiseError> {
        Ok(cw::goal_progress(
            &self.core(),
            &goals,
            as_of,
            &self::team_config(team_config),
        )?)
    }

    /// Where the baton of account `accountId` is, given the `trail`.
    ///
    /// # Errors
    /// `NotFound` for an unknown account.
    pub fn baton(
        &self,
        account_id: AccountId,
        trail: Vec<BatonStep>,
    ) -> Result<Baton, CallwiseError> {
        Ok(cw::baton(&self.core(), account_id.as_str(), &trail)?)
    }

    /// Proposes passing an account's baton.
    ///
    /// # Errors
    /// `InvalidArgument` naming the field at fault (a receiver outside operations, an
    /// unsigned contract, nothing to return, a hand-off pending); `NotFound` for an
    /// unknown account or rep.
    pub fn propose_handoff(
        &self,
        trail: Vec<BatonStep>,
        proposal: Proposal,
    ) -> Result<BatonMove, CallwiseError> {
        Ok(cw::propose_handoff(&self.core(), &trail, &proposal)?)
    }

    /// The receiver `repId` accepts hand-off `handoffId` at `at`.
    ///
    /// # Errors
    /// `NotFound` for a hand-off nobody proposed; `InvalidArgument` when it is not
    /// pending or not offered to `repId`.
    pub fn accept_handoff(
        &self,
        trail: Vec<BatonStep>,
        handoff_id: HandoffId,
        rep_id: RepId,
        at: UtcInstant,
    ) -> Result<BatonMove, CallwiseError> {
        Ok(cw::accept_handoff(
            &self.core(),
            &trail,
            handoff_id.as_str(),
            rep_id.as_str(),
            at,
        )?)
    }

    /// The receiver `repId` turns hand-off `handoffId` down at `at`, for `reason`.
    ///
    /// # Errors
    /// As `acceptHandoff`; `InvalidArgument` for a blank reason.
    pub fn reject_handoff(
        &self,
        trail: Vec<BatonStep>,
        handoff_id: HandoffId,
        rep_id: RepId,
        at: UtcInstant,
        reason: String,
    ) -> Result<BatonMove, CallwiseError> {
        Ok(cw::reject_handoff(
            &self.core(),
            &trail,
            handoff_id.as_str(),
            rep_id.as_str(),
            at,
            &reason,
        )?)
    }

    /// A new book: this one's records with `changes` written in, validated again.
    ///
    /// # Errors
    /// `NotFound` for an account or hand-off to replace or remove that is not there;
    /// `Validation` when the records no longer make a valid book.
    pub fn with_changes(&self, changes: BookChanges) -> Result<Arc<Book>, CallwiseError> {
        Ok(Arc::new(Book::new(changes.applied(&self.core())?)))
    }
}

/// The pool snapshot as core's JSON, the same bytes in every language.
#[uniffi::export]
pub fn pool_snapshot_to_json(snapshot: PoolSnapshot) -> String {
    snapshot.to_json()
}

/// The leaderboard as core's JSON.
#[uniffi::export]
pub fn leaderboard_to_json(leaderboard: Leaderboard) -> String {
    leaderboard.to_json()
}

/// The wrap-up as core's JSON.
#[uniffi::export]
pub fn wrap_up_to_json(wrap_up: WrapUp) -> String {
    wrap_up.to_json()
}

/// A wrap-up from core's JSON.
///
/// # Errors
/// `Json` when the text is not a wrap-up's JSON.
#[uniffi::export]
pub fn wrap_up_from_json(json: String) -> Result<WrapUp, CallwiseError> {
    Ok(WrapUp::from_json(&json)?)
}

/// The wrap-up as a plain-text e-mail body, with `goals` progress.
#[uniffi::export]
pub fn wrap_up_to_email(wrap_up: WrapUp, goals: Vec<GoalProgress>) -> String {
    wrap_up.to_email(&goals)
}

/// The changes as core's JSON.
#[uniffi::export]
pub fn book_changes_to_json(changes: BookChanges) -> String {
    changes.to_json()
}

/// A goal's progress as core's JSON.
#[uniffi::export]
pub fn goal_progress_to_json(progress: GoalProgress) -> String {
    progress.to_json()
}

/// The baton as core's JSON.
#[uniffi::export]
pub fn baton_to_json(baton: Baton) -> String {
    baton.to_json()
}

/// The baton move as core's JSON.
#[uniffi::export]
pub fn baton_move_to_json(baton_move: BatonMove) -> String {
    baton_move.to_json()
}

//! Core's call lists (`callwise::call_list`): the Next Day Call List of a rep and the
//! Power Hour pool of a team, every rep's lists at once, and re-ranking after a call.
//!
//! Core's records cross as themselves (`CallList`, `Entry`, `Reason`, `HeldBack`, `Cut`,
//! `Span`, `Touch`, `Change`); the configuration is [`CallListConfig`] (an object read
//! from and written to core's JSON); what a list reads besides the book is the record
//! [`CallListInputs`]: the steps due (`Playbook.dueForAll`), the zone rotation, the
//! renewal signals (`renewalSignals`), the dormant signals (`model.dormantSignals`) and
//! the routines. Nothing here computes anything: each function calls core.

use crate::routine::{Routine, ZoneRotation};
use crate::types::{NaiveDate, ReasonNumbers, UtcInstant};
use crate::{Book, CallwiseError};
use callwise::cadence::DueStep;
use callwise::call_list::{
    self as cw, CallList, Change, Cut, Entry, HeldBack, HoldRule, ListKind, Reason, Source, Span,
    Touch,
};
use callwise::retention::{DormantSignal, RenewalSignal};
use callwise::{AccountId, Activity, Channel, ContactId, Direction, Outcome, RepId, TeamId};
use std::sync::Arc;

/// Where a reason to call comes from.
#[uniffi::remote(Enum)]
pub enum Source {
    /// An open task due on or before the day.
    CarryOver,
    /// A cadence step due that day.
    CadenceStep,
    /// An open deal whose next step is due, or that has gone quiet.
    OpportunityFollowUp,
    /// An account in this week's rotation zone with no meeting booked ahead.
    ZoneRotation,
    /// A contact who responded to a campaign and has not been called since.
    CampaignFollowUp,
    /// A recent win or renewal not yet thanked.
    ThankYou,
    /// A contact's birthday, on their own local date.
    Birthday,
    /// A membership whose term ends within the lead window.
    Renewal,
    /// A past attendee, before an upcoming event of the same series.
    EventAttendee,
    /// A repeat buyer whose probability of being alive has dropped.
    Dormant,
    /// A deal lost to a competitor long enough ago to try again.
    OldNo,
}

/// Whose list it is.
#[uniffi::remote(Enum)]
pub enum ListKind {
    /// One rep's Next Day Call List.
    NextDay,
    /// A team's Power Hour pool.
    PowerHour,
    /// A team's Crankathon pool.
    Crankathon,
}

/// Why an account with reasons to call is not on the list.
#[uniffi::remote(Enum)]
pub enum HoldRule {
    /// Every contact of the account is on the do-not-call list.
    DoNotCall,
    /// No contact of the account has consented to calls.
    NoConsent,
    /// The day is a quiet weekday for the callee.
    QuietDay,
    /// The day is a quiet holiday for the callee.
    Holiday,
    /// The callee's window and the rep's working time never meet that day.
    OutsideWindow,
    /// The contact has had the most attempts allowed this week.
    ContactCap,
    /// The account has had the most attempts allowed that day.
    AccountCap,
    /// The account has no contact to call.
    NoContact,
}

/// One reason to call an account, with the numbers behind it.
#[uniffi::remote(Record)]
pub struct Reason {
    /// Where it comes from.
    pub source: Source,
    /// The account to call.
    pub account_id: AccountId,
    /// The contact it names, if any.
    pub contact_id: Option<ContactId>,
    /// The rep it belongs to; `null` when it belongs to the account's primary owner.
    pub rep_id: Option<RepId>,
    /// The record it comes from (task, enrollment, deal, campaign, membership, event).
    pub record_id: Option<String>,
    /// What it is, in words (ids, dates and numbers; no personal data).
    pub why: String,
    /// The numbers behind it, by name.
    pub numbers: ReasonNumbers,
    /// The money at stake, in minor units.
    pub stake_minor: i64,
    /// How pressing it is, 0 to 2.
    pub urgency: f64,
    /// The points it adds to its entry's score.
    pub contribution: i64,
}

/// The last touch on an account, by anyone in any division.
#[uniffi::remote(Record)]
pub struct Touch {
    /// When.
    pub at: UtcInstant,
    /// The contact touched, when known.
    pub contact_id: Option<ContactId>,
    /// Who logged it.
    pub rep_id: RepId,
    /// How.
    pub channel: Channel,
    /// Who started it.
    pub direction: Direction,
    /// What came of it, when recorded.
    pub outcome: Option<Outcome>,
}

/// One account on a list: whom to call, why, and when.
#[uniffi::remote(Record)]
pub struct Entry {
    /// 1 for the highest score.
    pub rank: u32,
    /// The account.
    pub account_id: AccountId,
    /// The contact to call.
    pub contact_id: ContactId,
    /// The sum of the reasons' contributions.
    pub score: i64,
    /// Every reason, largest contribution first.
    pub reasons: Vec<Reason>,
    /// The last touch on the account by anyone.
    pub last_touch: Option<Touch>,
    /// When to call.
    pub slot_start: UtcInstant,
    /// How long the call is planned for.
    pub minutes: u32,
    /// The callee's IANA zone.
    pub time_zone: String,
}

/// An account that cannot be called that day, with the rule that holds it back.
#[uniffi::remote(Record)]
pub struct HeldBack {
    /// The account.
    pub account_id: AccountId,
    /// The contact the rule was checked for.
    pub contact_id: Option<ContactId>,
    /// The rule.
    pub rule: HoldRule,
    /// The score it would have had.
    pub score: i64,
    /// Its reasons.
    pub reasons: Vec<Reason>,
}

/// An entry the day had no room for.
#[uniffi::remote(Record)]
pub struct Cut {
    /// The account.
    pub account_id: AccountId,
    /// Its score.
    pub score: i64,
    /// The minutes it would have taken.
    pub minutes: u32,
}

/// A stretch of time, from `start` to `end` (excluded).
#[uniffi::remote(Record)]
pub struct Span {
    /// First instant.
    pub start: UtcInstant,
    /// First instant after it.
    pub end: UtcInstant,
}

/// A call list for one day: a rep's Next Day Call List or a team's Power Hour pool.
#[uniffi::remote(Record)]
pub struct CallList {
    /// Whose list it is.
    pub kind: ListKind,
    /// The rep, for a Next Day Call List.
    pub rep_id: Option<RepId>,
    /// The team, for a Power Hour pool.
    pub team_id: Option<TeamId>,
    /// The day the calls are for.
    pub day: NaiveDate,
    /// The rep's (or team's) IANA zone.
    pub time_zone: String,
    /// The working time the list fills.
    pub working: Vec<Span>,
    /// Minutes of calling the day holds.
    pub capacity_minutes: u32,
    /// Minutes the entries take.
    pub planned_minutes: u32,
    /// The calls, by rank.
    pub entries: Vec<Entry>,
    /// The accounts that cannot be called that day.
    pub held_back: Vec<HeldBack>,
    /// The entries the day had no room for.
    pub cut: Vec<Cut>,
    /// The attempts logged through `logActivity`, counted towards the caps.
    pub logged: Vec<Activity>,
}

/// What logging an activity did to a list.
#[uniffi::remote(Enum)]
pub enum Change {
    /// Nothing changed.
    Unchanged,
    /// The call is done: the account left the list.
    Left {
        /// The account.
        account_id: AccountId,
    },
    /// The call went unanswered: the entry moved to a later slot.
    Moved {
        /// The account.
        account_id: AccountId,
        /// Its new slot.
        slot_start: UtcInstant,
    },
    /// The call went unanswered and cannot be tried again that day.
    HeldBack {
        /// The account.
        account_id: AccountId,
        /// Why.
        rule: HoldRule,
    },
}

/// What a call list is built with (core's `CallListConfig`): weights per source,
/// windows per source, visibility, working hours and days, minutes per touch, the
/// calling rules. Read and written as core's JSON; immutable.
#[derive(uniffi::Object)]
pub struct CallListConfig(cw::CallListConfig);

#[uniffi::export]
impl CallListConfig {
    /// Core's defaults (`CallListConfig.default()` in Kotlin).
    #[uniffi::constructor(name = "default")]
    pub fn defaults() -> Arc<Self> {
        Arc::new(Self(cw::CallListConfig::default()))
    }

    /// A configuration from its JSON form; fields left out keep their defaults.
    ///
    /// # Errors
    /// `Json` for another shape (an unknown source included), `InvalidArgument` naming
    /// the field for a value out of range.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, CallwiseError> {
        Ok(Arc::new(Self(cw::CallListConfig::from_json(&json)?)))
    }

    /// The configuration as JSON, every default written out.
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }
}

/// What a list reads besides the book; every field may be empty.
#[derive(uniffi::Record)]
pub struct CallListInputs {
    /// The cadence steps due on the day (`Playbook.dueForAll`).
    pub due_steps: Vec<DueStep>,
    /// The territory's zone rotation.
    pub rotation: Option<Arc<ZoneRotation>>,
    /// Members' renewal risk (`renewalSignals`).
    pub renewal_signals: Vec<RenewalSignal>,
    /// Customers' P(alive) (`model.dormantSignals`).
    pub dormant_signals: Vec<DormantSignal>,
    /// The team's routines.
    pub routines: Vec<Arc<Routine>>,
}

/// Runs `build` on core's view of `config` and `inputs` (the defaults when absent).
pub(crate) fn with<T>(
    config: Option<Arc<CallListConfig>>,
    inputs: Option<CallListInputs>,
    build: impl FnOnce(&cw::CallListConfig, &cw::CallListInputs<'_>) -> callwise::Result<T>,
) -> Result<T, CallwiseError> {
    let config = config.map_or_else(cw::CallListConfig::default, |c| c.0.clone());
    let inputs = inputs.unwrap_or(CallListInputs {
        due_steps: Vec::new(),
        rotation: None,
        renewal_signals: Vec::new(),
        dormant_signals: Vec::new(),
        routines: Vec::new(),
    });
    let routines: Vec<callwise::routine::Routine> =
        inputs.routines.iter().map(|r| r.core().clone()).collect();
    let core = cw::CallListInputs {
        due_steps: &inputs.due_steps,
        rotation: inputs.rotation.as_ref().map(|r| r.core()),
        renewal_signals: &inputs.renewal_signals,
        dormant_signals: &inputs.dormant_signals,
        routines: &routines,
    };
    Ok(build(&config, &core)?)
}

#[uniffi::export]
impl Book {
    /// The Next Day Call List of rep `repId` for `day`: whom to call, why and when.
    ///
    /// # Errors
    /// `NotFound` for an unknown rep; `InvalidArgument` for a day out of range.
    pub fn next_day_call_list(
        &self,
        rep_id: RepId,
        day: NaiveDate,
        config: Option<Arc<CallListConfig>>,
        inputs: Option<CallListInputs>,
    ) -> Result<CallList, CallwiseError> {
        with(config, inputs, |c, i| {
            cw::next_day_call_list(&self.core(), rep_id.as_str(), day, c, i)
        })
    }

    /// The Power Hour pool of team `teamId` for `day`.
    ///
    /// # Errors
    /// `NotFound` for an unknown team; `InvalidArgument` for a team with no rep.
    pub fn power_hour_list(
        &self,
        team_id: TeamId,
        day: NaiveDate,
        config: Option<Arc<CallListConfig>>,
        inputs: Option<CallListInputs>,
    ) -> Result<CallList, CallwiseError> {
        with(config, inputs, |c, i| {
            cw::power_hour_list(&self.core(), team_id.as_str(), day, c, i)
        })
    }

    /// The Crankathon pool of team `teamId` for `day`: the team's accumulated follow-ups.
    ///
    /// # Errors
    /// As `powerHourList`.
    pub fn crankathon_list(
        &self,
        team_id: TeamId,
        day: NaiveDate,
        config: Option<Arc<CallListConfig>>,
        inputs: Option<CallListInputs>,
    ) -> Result<CallList, CallwiseError> {
        with(config, inputs, |c, i| {
            cw::crankathon_list(&self.core(), team_id.as_str(), day, c, i)
        })
    }

    /// Every rep's Next Day Call List for `day`, built on all cores, in rep id order.
    ///
    /// # Errors
    /// As `nextDayCallList`.
    pub fn call_lists(
        &self,
        day: NaiveDate,
        config: Option<Arc<CallListConfig>>,
        inputs: Option<CallListInputs>,
    ) -> Result<Vec<CallList>, CallwiseError> {
        with(config, inputs, |c, i| {
            cw::call_lists(&self.core(), day, c, i)
        })
    }

    /// The ids of every account, in book order.
    pub fn account_ids(&self) -> Vec<AccountId> {
        self.core().account_ids().map(AccountId::from).collect()
    }
}

/// A list after a logged call, and what changed.
#[derive(uniffi::Record)]
pub struct Reranked {
    /// The updated list.
    pub list: CallList,
    /// What changed.
    pub change: Change,
}

/// Updates `list` after `activity` was logged: the called account leaves or moves, a
/// cadence step advances, a cap is reached (core's `CallList::log_activity`).
///
/// # Errors
/// As core's.
#[uniffi::export]
pub fn log_activity(
    book: Arc<Book>,
    list: CallList,
    activity: Activity,
    config: Option<Arc<CallListConfig>>,
) -> Result<Reranked, CallwiseError> {
    let mut list = list;
    let change = with(config, None, |c, _| {
        list.log_activity(&book.core(), &activity, c)
    })?;
    Ok(Reranked { list, change })
}

/// The list as core's JSON, the same bytes in every language.
#[uniffi::export]
pub fn call_list_to_json(list: CallList) -> String {
    list.to_json()
}

/// The list as a short report for people, its first `top` calls in full.
#[uniffi::export]
pub fn call_list_to_text(list: CallList, top: u32) -> String {
    list.to_text(top as usize)
}

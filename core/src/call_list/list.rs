//! A call list: one entry per account, scored, explained and slotted into the rep's day;
//! the accounts held back and why; the entries the day had no room for.

use super::sources::Pending;
use super::{CallListConfig, Reason, Source};
use crate::{
    AccountId, Activity, ActivityRef, BlockRule, Book, Channel, Consent, ContactId, Direction,
    Outcome, RecordKind, RepId, Result, TeamId, Verdict,
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Whose list it is.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&callwise::call_list::ListKind::PowerHour).unwrap(), "\"power_hour\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// One rep's Next Day Call List.
    NextDay,
    /// A team's Power Hour pool.
    PowerHour,
    /// A team's Crankathon pool.
    Crankathon,
}

/// The last touch on an account, by anyone in any division.
///
/// # Example
/// See [`CallList`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Touch {
    /// When.
    #[serde(deserialize_with = "crate::time::strict")]
    pub at: DateTime<Utc>,
    /// The contact touched, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<ContactId>,
    /// Who logged it.
    pub rep_id: RepId,
    /// How.
    pub channel: Channel,
    /// Who started it.
    pub direction: Direction,
    /// What came of it, when recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
}

impl From<ActivityRef<'_>> for Touch {
    fn from(x: ActivityRef<'_>) -> Self {
        Self {
            at: x.at(),
            contact_id: x.contact_id().map(ContactId::new),
            rep_id: RepId::new(x.rep_id()),
            channel: x.channel(),
            direction: x.direction(),
            outcome: x.outcome(),
        }
    }
}

/// One account on a list: whom to call, why, and when.
///
/// # Example
/// See [`CallList`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// 1 for the highest score; ties broken by account id.
    pub rank: u32,
    /// The account.
    pub account_id: AccountId,
    /// The contact to call (see [`CallList`] for how it is chosen).
    pub contact_id: ContactId,
    /// The sum of the reasons' contributions.
    pub score: i64,
    /// Every reason, largest contribution first.
    pub reasons: Vec<Reason>,
    /// The last touch on the account by anyone, before the list's day ends everywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_touch: Option<Touch>,
    /// When to call: inside the callee's window and the rep's working time.
    #[serde(deserialize_with = "crate::time::strict")]
    pub slot_start: DateTime<Utc>,
    /// How long the call is planned for.
    pub minutes: u32,
    /// The callee's IANA zone.
    pub time_zone: String,
}

/// Why an account with reasons to call is not on the list.
///
/// # Example
/// ```
/// use callwise::call_list::HoldRule;
/// assert_eq!(HoldRule::from(callwise::BlockRule::ContactCap), HoldRule::ContactCap);
/// assert_eq!(HoldRule::NoContact.as_str(), "no_contact");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

impl HoldRule {
    /// The snake-case name used in JSON and every binding.
    ///
    /// # Example
    /// See [`HoldRule`].
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DoNotCall => "do_not_call",
            Self::NoConsent => "no_consent",
            Self::QuietDay => "quiet_day",
            Self::Holiday => "holiday",
            Self::OutsideWindow => "outside_window",
            Self::ContactCap => "contact_cap",
            Self::AccountCap => "account_cap",
            Self::NoContact => "no_contact",
        }
    }
}

impl From<BlockRule> for HoldRule {
    fn from(rule: BlockRule) -> Self {
        match rule {
            BlockRule::DoNotCall => Self::DoNotCall,
            BlockRule::NoConsent => Self::NoConsent,
            BlockRule::QuietDay => Self::QuietDay,
            BlockRule::Holiday => Self::Holiday,
            BlockRule::OutsideWindow => Self::OutsideWindow,
            BlockRule::ContactCap => Self::ContactCap,
            BlockRule::AccountCap => Self::AccountCap,
        }
    }
}

/// An account left off the list because it cannot be called that day, with its reasons
/// kept so a manager can see why it is missing.
///
/// # Example
/// See [`CallList`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeldBack {
    /// The account.
    pub account_id: AccountId,
    /// The contact the rule was checked for, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<ContactId>,
    /// The rule that holds it back.
    pub rule: HoldRule,
    /// The score it would have had.
    pub score: i64,
    /// Its reasons, largest contribution first.
    pub reasons: Vec<Reason>,
}

/// An entry the day had no room for.
///
/// # Example
/// See [`CallList`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cut {
    /// The account.
    pub account_id: AccountId,
    /// Its score.
    pub score: i64,
    /// The minutes it would have taken.
    pub minutes: u32,
}

/// A stretch of time, `[start, end)`.
///
/// # Example
/// See [`CallList`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// First instant.
    #[serde(deserialize_with = "crate::time::strict")]
    pub start: DateTime<Utc>,
    /// First instant after it.
    #[serde(deserialize_with = "crate::time::strict")]
    pub end: DateTime<Utc>,
}

impl Span {
    fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }
}

/// A call list for one day: a rep's Next Day Call List, or a team's Power Hour or
/// Crankathon pool.
///
/// # How it is made
/// 1. **Reasons.** Every source gives its reasons for the accounts the list may hold
///    (see [`super::Visibility`]); a reason that names a rep goes to that rep when they
///    may work the account, every other to the account's primary owner (the one who
///    holds the baton), so no reason is lost and none is on two reps' lists.
/// 2. **One entry per account.** The reasons are scored (see [`CallListConfig`]) and
///    summed. The contact is the first callable one (not on do-not-call, consent for
///    calls not denied, and granted where the rules require it) among those the reasons
///    name (most points first), then the account's other contacts in book order.
/// 3. **Held back.** An account with no callable contact, or whose contact cannot be
///    called during the rep's working time that day under the calling rules (window and
///    quiet days in the callee's local time, holidays, caps counted over everyone's
///    attempts), is held back with the rule that stops it.
/// 4. **Capacity.** The rep's working hours that day, less their routines' blocks, are
///    the time to fill; entries are taken by score while their minutes fit, and the rest
///    are reported as cut.
/// 5. **Slots.** Callees further east come first (by their UTC offset that day), then
///    by score; each takes the earliest free time inside the rep's working time where
///    the rules allow the call from start to end, on the callee's own local date. So a
///    New York rep calls Eastern callees in the morning and Hawaii last, and western
///    windows, which open later, are used later. An entry that no longer finds room is
///    cut too.
///
/// Entries are ranked by score, highest first, ties by account id; the same book, day,
/// rep, configuration and inputs give the same list, byte for byte, in every language.
///
/// # Example
/// ```
/// use callwise::call_list::{next_day_call_list, CallListConfig, CallListInputs};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
/// let day = "2026-11-03".parse().unwrap();
/// let rep = "rep-membership-0001";
/// let list = next_day_call_list(&book, rep, day, &CallListConfig::default(), &CallListInputs::default())?;
/// let top = &list.entries[0];
/// assert_eq!(top.rank, 1);
/// assert_eq!(top.score, top.reasons.iter().map(|r| r.contribution).sum::<i64>());
/// assert!(list.entries.windows(2).all(|w| w[0].score >= w[1].score));
/// assert!(list.planned_minutes <= list.capacity_minutes);
/// # Ok::<(), callwise::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallList {
    /// Whose list it is.
    pub kind: ListKind,
    /// The rep, for a Next Day Call List.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rep_id: Option<RepId>,
    /// The team, for a Power Hour list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<TeamId>,
    /// The day the calls are for, in the rep's (or team's) zone.
    #[serde(deserialize_with = "crate::time::strict")]
    pub day: NaiveDate,
    /// The rep's (or team's) IANA zone.
    pub time_zone: String,
    /// The time the list fills: working hours less routine blocks (for a Power Hour,
    /// the block).
    pub working: Vec<Span>,
    /// Minutes of calling the day holds (for a Power Hour, the block times the team's
    /// reps).
    pub capacity_minutes: u32,
    /// Minutes the entries take.
    pub planned_minutes: u32,
    /// The calls, by rank.
    pub entries: Vec<Entry>,
    /// The accounts that cannot be called that day, by score.
    pub held_back: Vec<HeldBack>,
    /// The entries the day had no room for, by score.
    pub cut: Vec<Cut>,
    /// The attempts logged through [`log_activity`](Self::log_activity) (which the book
    /// does not hold yet), counted towards the caps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub logged: Vec<Activity>,
}

impl CallList {
    /// The list as pretty-printed JSON (the form every language compares byte for
    /// byte).
    ///
    /// # Example
    /// ```
    /// use callwise::call_list::*;
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
    /// let list = next_day_call_list(&book, "rep-sales-0001", "2026-11-03".parse().unwrap(),
    ///     &CallListConfig::default(), &CallListInputs::default())?;
    /// assert_eq!(CallList::from_json(&list.to_json())?, list);
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn to_json(&self) -> String {
        let mut json =
            serde_json::to_string_pretty(self).expect("a call list's numbers are finite");
        json.push('\n');
        json
    }

    /// The list as a short report for people: the first `top` calls with their slot in
    /// the rep's time and the callee's, score and reasons; then what was held back (by
    /// rule) and cut. Ids and numbers only, no personal data.
    ///
    /// # Example
    /// ```
    /// use callwise::call_list::*;
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
    /// let list = next_day_call_list(&book, "rep-membership-0001", "2026-11-03".parse().unwrap(),
    ///     &CallListConfig::default(), &CallListInputs::default())?;
    /// let text = list.to_text(20);
    /// assert!(text.starts_with("Next Day Call List of rep-membership-0001 for Tuesday 2026-11-03"));
    /// assert!(text.contains("carry_over"));
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn to_text(&self, top: usize) -> String {
        use std::fmt::Write;
        let zone: Tz = self.time_zone.parse().unwrap_or(chrono_tz::UTC);
        let clock = |t: DateTime<Utc>, tz: Tz| t.with_timezone(&tz).format("%H:%M %Z").to_string();
        let mut out = String::new();
        let whose = match (self.kind, &self.rep_id, &self.team_id) {
            (ListKind::NextDay, Some(rep), _) => format!("Next Day Call List of {}", rep.as_str()),
            (ListKind::Crankathon, _, Some(team)) => {
                format!("Crankathon pool of {}", team.as_str())
            }
            (_, _, Some(team)) => format!("Power Hour pool of {}", team.as_str()),
            _ => "Call list".to_owned(),
        };
        let _ = writeln!(
            out,
            "{whose} for {} ({}): calls planned {}, for {} of {} minutes; held back {}, cut {}",
            self.day.format("%A %Y-%m-%d"),
            self.time_zone,
            self.entries.len(),
            self.planned_minutes,
            self.capacity_minutes,
            self.held_back.len(),
            self.cut.len()
        );
        for e in self.entries.iter().take(top) {
            let callee: Tz = e.time_zone.parse().unwrap_or(chrono_tz::UTC);
            let _ = writeln!(
                out,
                "{:>3}. {}  (callee {} {})  {}  {}  score {}",
                e.rank,
                clock(e.slot_start, zone),
                clock(e.slot_start, callee),
                e.time_zone,
                e.account_id.as_str(),
                e.contact_id.as_str(),
                e.score
            );
            for r in &e.reasons {
                let _ = writeln!(
                    out,
                    "       {:<22} {:>7}  {}",
                    r.source.as_str(),
                    r.contribution,
                    r.why
                );
            }
            if let Some(t) = &e.last_touch {
                let _ = writeln!(
                    out,
                    "       last touch {} by {} ({}{})",
                    t.at.format("%Y-%m-%d %H:%M UTC"),
                    t.rep_id.as_str(),
                    t.channel.as_str(),
                    t.outcome
                        .map(|o| format!(", {}", outcome_word(o)))
                        .unwrap_or_default()
                );
            }
        }
        if self.entries.len() > top {
            let _ = writeln!(out, "     ... {} more", self.entries.len() - top);
        }
        if !self.held_back.is_empty() {
            let mut rules: Vec<(HoldRule, usize)> = Vec::new();
            for h in &self.held_back {
                match rules.iter_mut().find(|(r, _)| *r == h.rule) {
                    Some((_, n)) => *n += 1,
                    None => rules.push((h.rule, 1)),
                }
            }
            rules.sort();
            let counts: Vec<String> = rules
                .iter()
                .map(|(r, n)| format!("{} {n}", r.as_str()))
                .collect();
            let _ = writeln!(out, "held back: {}", counts.join(", "));
        }
        out
    }

    /// A list from its JSON form.
    ///
    /// # Errors
    /// [`crate::Error::Json`] when the text is not a call list's JSON.
    ///
    /// # Example
    /// See [`to_json`](Self::to_json).
    pub fn from_json(json: &str) -> Result<Self> {
        crate::book::from_json(json, "call list")
    }
}

/// A scored account with its contact, before slotting.
pub(crate) struct Candidate {
    pub(crate) account: u32,
    pub(crate) contact: u32,
    pub(crate) tz: Tz,
    pub(crate) score: i64,
    pub(crate) reasons: Vec<Pending>,
}

/// What the score reads and sets of a reason, as a list carries one ([`Pending`]) or as a
/// caller sees it ([`Reason`]).
pub(crate) trait Scored {
    /// Where it comes from.
    fn source(&self) -> Source;
    /// The money at stake and the urgency.
    fn stake_and_urgency(&self) -> (i64, f64);
    /// The points it adds to its entry's score.
    fn contribution(&self) -> i64;
    /// Sets the points it adds.
    fn set_contribution(&mut self, points: i64);
    /// The ids of its record and of its contact, which break ties.
    fn ids<'b>(&'b self, book: &'b Book) -> (Option<&'b str>, Option<&'b str>);
}

/// `Scored` for a kind of reason whose scoring fields have the same names in both
/// (`source`, `stake_minor`, `urgency`, `contribution`), with `$ids` for its tie-break
/// ids.
macro_rules! scored_by_fields {
    ($kind:ty, $ids:path) => {
        impl Scored for $kind {
            fn source(&self) -> Source {
                self.source
            }
            fn stake_and_urgency(&self) -> (i64, f64) {
                (self.stake_minor, self.urgency)
            }
            fn contribution(&self) -> i64 {
                self.contribution
            }
            fn set_contribution(&mut self, points: i64) {
                self.contribution = points;
            }
            fn ids<'b>(&'b self, book: &'b Book) -> (Option<&'b str>, Option<&'b str>) {
                $ids(self, book)
            }
        }
    };
}

scored_by_fields!(Pending, Pending::ids);
scored_by_fields!(Reason, reason_ids);

/// The ids of a shown reason's record and contact (it carries them itself).
fn reason_ids<'b>(r: &'b Reason, _: &'b Book) -> (Option<&'b str>, Option<&'b str>) {
    (
        r.record_id.as_deref(),
        r.contact_id.as_ref().map(ContactId::as_str),
    )
}

/// Scores `reasons` (all of one account) in place and orders them: largest
/// contribution first, then source, then record id, then contact id. Returns the
/// score.
pub(crate) fn score<R: Scored>(reasons: &mut [R], config: &CallListConfig, book: &Book) -> i64 {
    let scale = config.value_scale_minor as f64;
    for r in reasons.iter_mut() {
        let (stake, urgency) = r.stake_and_urgency();
        let value = 1.0 + (stake.max(0) as f64 / scale).ln_1p();
        let points = 1000.0 * config.weight(r.source()) * urgency * value;
        // Weights are at most MAX_WEIGHT, urgencies at most 2 and values below 45, so a
        // contribution is below 10^11 points and the sum below needs 10^8 reasons on
        // one account to saturate.
        r.set_contribution(points.round() as i64);
    }
    reasons.sort_by(|a, b| {
        b.contribution()
            .cmp(&a.contribution())
            .then(a.source().cmp(&b.source()))
            .then_with(|| a.ids(book).cmp(&b.ids(book)))
    });
    reasons
        .iter()
        .fold(0i64, |sum, r| sum.saturating_add(r.contribution()))
}

/// Whether `contact` may be called at all under the rules' consent policy and the
/// do-not-call flag; the rule that stops it otherwise.
fn reachable(
    contact: crate::ContactRef<'_>,
    config: &CallListConfig,
) -> std::result::Result<(), HoldRule> {
    if contact.do_not_call() {
        return Err(HoldRule::DoNotCall);
    }
    match contact.consent_for(Channel::Call) {
        Consent::Denied => Err(HoldRule::NoConsent),
        Consent::Unknown if config.calling_rules.consent_required() => Err(HoldRule::NoConsent),
        _ => Ok(()),
    }
}

/// Scores an account's reasons and chooses its contact: a candidate, or the account
/// held back.
pub(crate) fn candidate(
    book: &Book,
    account: u32,
    mut reasons: Vec<Pending>,
    config: &CallListConfig,
) -> std::result::Result<Candidate, HeldBack> {
    let score = score(&mut reasons, config, book);
    let contacts = || book.contacts_at(account);
    // Named contacts of the account by the points of the reasons naming them, then
    // first mention.
    let mut named: Vec<(u32, i64, usize)> = Vec::new();
    for (order, r) in reasons.iter().enumerate() {
        let Some(c) = r.contact.filter(|&c| book.contact_account_at(c) == account) else {
            continue;
        };
        match named.iter_mut().find(|n| n.0 == c) {
            Some(n) => n.1 = n.1.saturating_add(r.contribution),
            None => named.push((c, r.contribution, order)),
        }
    }
    named.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    let order = named.iter().map(|n| n.0).chain(
        contacts()
            .map(|c| c.pos)
            .filter(|c| !named.iter().any(|n| n.0 == *c)),
    );
    let mut first_refusal: Option<(u32, HoldRule)> = None;
    for c in order {
        match reachable(book.contact_at(c), config) {
            Ok(()) => {
                return Ok(Candidate {
                    account,
                    contact: c,
                    tz: book.contact_zone_at(c),
                    score,
                    reasons,
                });
            }
            Err(rule) => {
                first_refusal.get_or_insert((c, rule));
            }
        }
    }
    let (contact_id, rule) = match first_refusal {
        Some((c, rule)) => (Some(ContactId::new(book.contact_at(c).id())), rule),
        None => (None, HoldRule::NoContact),
    };
    Err(HeldBack {
        account_id: AccountId::new(book.account_at(account).id()),
        contact_id,
        rule,
        score,
        reasons: shown(reasons, book),
    })
}

/// The reasons a caller sees of `reasons`, in their order.
fn shown(reasons: Vec<Pending>, book: &Book) -> Vec<Reason> {
    reasons.into_iter().map(|r| r.into_reason(book)).collect()
}

/// The most times one slot search moves forward before giving up on a span (each move
/// jumps to the rules' next allowed instant, so a handful is always enough).
const MAX_MOVES: usize = 16;

/// The earliest start in `spans` at which `candidate`'s call of `minutes` is allowed
/// from start to end, on the callee's local date `day`; the blocking rule otherwise.
/// `extra` are attempts not yet in the book that count towards the caps.
pub(crate) fn first_fit(
    book: &Book,
    config: &CallListConfig,
    candidate: &Candidate,
    spans: &[Span],
    minutes: u32,
    day: NaiveDate,
    extra: &[(i64, u32)],
) -> Result<std::result::Result<DateTime<Utc>, HoldRule>> {
    let length = Duration::minutes(i64::from(minutes));
    let rules = &config.calling_rules;
    let mut blocked = HoldRule::OutsideWindow;
    for span in spans {
        let mut t = span.start;
        for _ in 0..MAX_MOVES {
            if t + length > span.end {
                break;
            }
            let local = crate::time::local(candidate.tz, t).map(|l| l.date());
            match local {
                Some(date) if date < day => {
                    // Wait for the callee's own day to begin.
                    match crate::time::instants_at(
                        candidate.tz,
                        day.and_time(chrono::NaiveTime::MIN),
                    )[0]
                    {
                        Some(midnight) if midnight > t => {
                            t = midnight;
                            continue;
                        }
                        _ => break,
                    }
                }
                Some(date) if date == day => {}
                _ => return Ok(Err(blocked)),
            }
            match book.can_call_at(candidate.contact, t, rules, extra) {
                Verdict::Allowed => {
                    let last = t + length - Duration::seconds(1);
                    match rules.check_zone(candidate.tz, last) {
                        Verdict::Allowed => return Ok(Ok(t)),
                        Verdict::Blocked { rule, next_allowed } => {
                            blocked = rule.into();
                            match next_allowed {
                                Some(next) if next > t => t = next,
                                _ => break,
                            }
                        }
                    }
                }
                Verdict::Blocked { rule, next_allowed } => {
                    blocked = rule.into();
                    match next_allowed {
                        Some(next) if next > t => t = next,
                        _ if matches!(rule, BlockRule::DoNotCall | BlockRule::NoConsent) => {
                            return Ok(Err(blocked));
                        }
                        _ => break,
                    }
                }
            }
        }
    }
    Ok(Err(blocked))
}

/// Removes `[start, start + minutes)` from the free spans.
pub(crate) fn occupy(spans: &mut Vec<Span>, start: DateTime<Utc>, minutes: u32) {
    let end = start + Duration::minutes(i64::from(minutes));
    let mut out = Vec::with_capacity(spans.len() + 1);
    for s in spans.drain(..) {
        if s.end <= start || s.start >= end {
            out.push(s);
            continue;
        }
        if s.start < start {
            out.push(Span {
                start: s.start,
                end: start,
            });
        }
        if end < s.end {
            out.push(Span {
                start: end,
                end: s.end,
            });
        }
    }
    *spans = out;
}

/// Total whole minutes of `spans`.
pub(crate) fn minutes_of(spans: &[Span]) -> u32 {
    spans
        .iter()
        .map(|s| s.minutes().max(0))
        .sum::<i64>()
        .clamp(0, i64::from(u32::MAX)) as u32
}

/// How a list is filled: `shared` lists (the Power Hour pool) give every entry its own
/// earliest start in the block; a rep's list gives each entry time of its own.
pub(crate) struct Fill<'a> {
    pub(crate) book: &'a Book,
    pub(crate) config: &'a CallListConfig,
    pub(crate) day: NaiveDate,
    pub(crate) working: Vec<Span>,
    pub(crate) capacity: u32,
    pub(crate) shared: bool,
}

/// The entries, held back accounts and cut of a list from its candidates.
pub(crate) struct Filled {
    /// The candidates placed in the day, not yet ranked (see [`Placed::entries`]).
    pub(crate) placed: Vec<Placed>,
    pub(crate) held_back: Vec<HeldBack>,
    pub(crate) cut: Vec<Cut>,
    pub(crate) planned: u32,
}

impl Fill<'_> {
    pub(crate) fn run(
        &self,
        candidates: Vec<Candidate>,
        mut held_back: Vec<HeldBack>,
    ) -> Result<Filled> {
        let book = self.book;
        let minutes = self.config.minutes(Channel::Call);
        let account_id = |c: &Candidate| book.account_at(c.account).id();
        // 1. What can be called at all that day, by score.
        let mut callable = Vec::new();
        for (i, c) in candidates.into_iter().enumerate() {
            crate::interrupt::check_every(i as u32)?;
            match first_fit(book, self.config, &c, &self.working, minutes, self.day, &[])? {
                Ok(_) => callable.push(c),
                Err(rule) => held_back.push(HeldBack {
                    account_id: AccountId::new(account_id(&c)),
                    contact_id: Some(ContactId::new(book.contact_at(c.contact).id())),
                    rule,
                    score: c.score,
                    reasons: shown(c.reasons, book),
                }),
            }
        }
        callable.sort_by_cached_key(|c| (std::cmp::Reverse(c.score), ById::of(book, c)));
        // 2. What fits in the day.
        let mut cut = Vec::new();
        let mut planned = 0u32;
        let mut chosen = Vec::new();
        for c in callable {
            if planned + minutes <= self.capacity {
                planned += minutes;
                chosen.push(c);
            } else {
                cut.push(Cut {
                    account_id: AccountId::new(account_id(&c)),
                    score: c.score,
                    minutes,
                });
            }
        }
        // 3. Slots: east first, then by score.
        let noon = self.day.and_hms_opt(12, 0, 0).map(|t| t.and_utc());
        let offset = |tz: Tz| {
            noon.and_then(|t| crate::time::local(tz, t))
                .zip(noon)
                .map_or(0, |(l, t)| (l.and_utc() - t).num_seconds())
        };
        chosen.sort_by_cached_key(|c| {
            (
                std::cmp::Reverse(offset(c.tz)),
                std::cmp::Reverse(c.score),
                ById::of(book, c),
            )
        });
        let mut free = self.working.clone();
        let mut placed = Vec::with_capacity(chosen.len());
        planned = 0;
        for c in chosen {
            match first_fit(book, self.config, &c, &free, minutes, self.day, &[])? {
                Ok(start) => {
                    if !self.shared {
                        occupy(&mut free, start, minutes);
                    }
                    planned += minutes;
                    placed.push(Placed {
                        candidate: c,
                        slot_start: start,
                        minutes,
                    });
                }
                Err(_) => cut.push(Cut {
                    account_id: AccountId::new(account_id(&c)),
                    score: c.score,
                    minutes,
                }),
            }
        }
        held_back.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then_with(|| a.account_id.cmp(&b.account_id))
        });
        cut.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then_with(|| a.account_id.cmp(&b.account_id))
        });
        Ok(Filled {
            placed,
            held_back,
            cut,
            planned,
        })
    }
}

/// A candidate's account, ordered by its id: the id is looked up only when two keys
/// tie before it (scores are rarely equal), not for every key of a sort.
#[derive(Clone, Copy)]
struct ById<'b> {
    book: &'b Book,
    account: u32,
}

impl<'b> ById<'b> {
    fn of(book: &'b Book, c: &Candidate) -> Self {
        Self {
            book,
            account: c.account,
        }
    }

    fn id(self) -> &'b str {
        self.book.id_at(RecordKind::Account, self.account)
    }
}

impl PartialEq for ById<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.account == other.account
    }
}

impl Eq for ById<'_> {}

impl PartialOrd for ById<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ById<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // Ids are unique within a book: equal positions, equal ids.
        if self.account == other.account {
            return std::cmp::Ordering::Equal;
        }
        self.id().cmp(other.id())
    }
}

/// A candidate placed in the day: its call starts at `slot_start` for `minutes`.
pub(crate) struct Placed {
    pub(crate) candidate: Candidate,
    pub(crate) slot_start: DateTime<Utc>,
    pub(crate) minutes: u32,
}

impl Placed {
    /// Orders placed calls as a list ranks its entries: by score, ties by account id.
    pub(crate) fn rank(placed: &mut [Placed], book: &Book) {
        placed.sort_by_cached_key(|p| {
            (
                std::cmp::Reverse(p.candidate.score),
                ById::of(book, &p.candidate),
            )
        });
    }

    /// The entries of `placed` calls on `day`, ranked.
    pub(crate) fn entries(mut placed: Vec<Placed>, book: &Book, day: NaiveDate) -> Vec<Entry> {
        Self::rank(&mut placed, book);
        let day_end = super::day_end(day);
        (1u32..)
            .zip(placed)
            .map(|(rank, p)| {
                let c = p.candidate;
                let last_touch = book
                    .activities_before(c.account, day_end)
                    .next_back()
                    .map(Touch::from);
                Entry {
                    rank,
                    account_id: AccountId::new(book.account_at(c.account).id()),
                    contact_id: ContactId::new(book.contact_at(c.contact).id()),
                    score: c.score,
                    reasons: shown(c.reasons, book),
                    last_touch,
                    slot_start: p.slot_start,
                    minutes: p.minutes,
                    time_zone: c.tz.name().to_owned(),
                }
            })
            .collect()
    }
}

fn outcome_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Connected => "connected",
        Outcome::NoAnswer => "no answer",
        Outcome::LeftVoicemail => "left voicemail",
        Outcome::MeetingSet => "meeting set",
        Outcome::OpportunityUncovered => "opportunity uncovered",
        Outcome::NotInterested => "not interested",
        Outcome::WrongNumber => "wrong number",
        Outcome::OptedOut => "opted out",
    }
}

/// Orders entries by score (ties by account id) and numbers them from 1.
pub(crate) fn rank(entries: &mut [Entry]) {
    entries.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| a.account_id.cmp(&b.account_id))
    });
    for (rank, e) in (1u32..).zip(entries.iter_mut()) {
        e.rank = rank;
    }
}

/// Texts laid end to end in one string, with the offsets where each starts and the
/// last ends: Arrow's layout of a column of strings (`large_string`), so that a binding
/// hands a column over as two buffers instead of one object per row.
///
/// # Example
/// ```
/// use callwise::call_list::TextColumn;
/// let mut column = TextColumn::default();
/// column.push(Some("acc-1"));
/// column.push(None);
/// column.push(Some("acc-22"));
/// assert_eq!(column.text(), "acc-1acc-22");
/// assert_eq!(column.offsets(), [0, 5, 5, 11]);
/// assert_eq!(column.present(), Some(&[true, false, true][..]));
/// assert_eq!(column.iter().collect::<Vec<_>>(), [Some("acc-1"), None, Some("acc-22")]);
/// ```
///
/// The fields are private, so the offsets always fit the text and the presence vector
/// (when there is one) always has a value per row: only [`TextColumn::push`] and
/// [`TextColumn::append`] change them, and reading never panics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextColumn {
    /// Every row's text, end to end.
    text: String,
    /// Where each row's text starts in `text`, then where the last one ends: one more
    /// offset than rows, the first 0. Row `i` is `text[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<i64>,
    /// Whether each row has a text; `None` while every row has one (a row without one
    /// is empty in `text`).
    present: Option<Vec<bool>>,
}

impl Default for TextColumn {
    fn default() -> Self {
        Self {
            text: String::new(),
            offsets: vec![0],
            present: None,
        }
    }
}

impl TextColumn {
    /// Adds a row: its text, or `None` for none.
    ///
    /// # Example
    /// See [`TextColumn`].
    pub fn push(&mut self, text: Option<&str>) {
        match text {
            Some(text) => self.text.push_str(text),
            None => {
                let rows = self.len();
                self.present
                    .get_or_insert_with(|| vec![true; rows])
                    .push(false);
            }
        }
        self.end_row();
    }

    /// Ends the row whose text was written straight into `text` (present).
    fn end_row(&mut self) {
        // A `String` holds at most `isize::MAX` bytes, so its length fits an `i64`.
        self.offsets.push(self.text.len() as i64);
        let rows = self.len();
        if let Some(present) = &mut self.present {
            present.resize(rows, true);
        }
    }

    /// Adds the rows of `other` after these.
    ///
    /// # Example
    /// ```
    /// use callwise::call_list::TextColumn;
    /// let (mut left, mut right) = (TextColumn::default(), TextColumn::default());
    /// left.push(Some("a"));
    /// right.push(None);
    /// right.push(Some("bc"));
    /// left.append(right);
    /// assert_eq!(left.iter().collect::<Vec<_>>(), [Some("a"), None, Some("bc")]);
    /// assert_eq!(left.offsets(), [0, 1, 1, 3]);
    /// ```
    pub fn append(&mut self, other: TextColumn) {
        let (rows, start) = (self.len(), self.text.len() as i64);
        match (&mut self.present, other.present) {
            (_, None) => {}
            (Some(present), Some(theirs)) => present.extend(theirs),
            (None, Some(theirs)) => {
                let mut present = vec![true; rows];
                present.extend(theirs);
                self.present = Some(present);
            }
        }
        self.text.push_str(&other.text);
        self.offsets
            .extend(other.offsets[1..].iter().map(|o| start + o));
        let rows = self.len();
        if let Some(present) = &mut self.present {
            present.resize(rows, true);
        }
    }

    /// Makes room for `rows` more rows holding `bytes` more bytes of text.
    fn reserve(&mut self, rows: usize, bytes: usize) {
        self.text.reserve(bytes);
        self.offsets.reserve(rows);
    }

    /// Every row's text, end to end (a row without one adds nothing).
    ///
    /// # Example
    /// See [`TextColumn`].
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Where each row's text starts in [`TextColumn::text`], then where the last one
    /// ends: one more offset than rows, the first 0.
    ///
    /// # Example
    /// See [`TextColumn`].
    pub fn offsets(&self) -> &[i64] {
        &self.offsets
    }

    /// Whether each row has a text; `None` when every row has one.
    ///
    /// # Example
    /// See [`TextColumn`].
    pub fn present(&self) -> Option<&[bool]> {
        self.present.as_deref()
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each row's text, `None` for a row without one.
    ///
    /// # Example
    /// See [`TextColumn`].
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Option<&str>> + '_ {
        self.offsets.windows(2).enumerate().map(|(i, w)| {
            let present = self.present.as_ref().is_none_or(|p| p[i]);
            present.then(|| &self.text[w[0] as usize..w[1] as usize])
        })
    }
}

/// Every entry of some lists as columns, row by row: what the Python binding turns into
/// one Arrow table (`book.call_lists(day)`, `CallList.to_arrow()`). Texts are
/// [`TextColumn`]s, so the binding hands each over as two buffers.
///
/// # Example
/// ```
/// use callwise::call_list::*;
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
/// let lists = call_lists(&book, "2026-11-03".parse().unwrap(), &CallListConfig::default(),
///                        &CallListInputs::default())?;
/// let table = CallListTable::new(&lists);
/// assert_eq!(table.rank.len(), lists.iter().map(|l| l.entries.len()).sum::<usize>());
/// assert!(table.sources.iter().all(|s| s.is_some_and(|s| !s.is_empty())));
/// let first = lists.iter().find_map(|l| l.entries.first()).unwrap();
/// assert_eq!(table.account_id.iter().next(), Some(Some(first.account_id.as_str())));
/// assert_eq!(table.team_id.iter().next(), Some(None));
/// # Ok::<(), callwise::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CallListTable {
    /// The rep whose list it is (`None` for a Power Hour pool).
    pub rep_id: TextColumn,
    /// The team whose pool it is (`None` for a rep's list).
    pub team_id: TextColumn,
    /// The list's day.
    pub day: Vec<NaiveDate>,
    /// The entry's rank.
    pub rank: Vec<u32>,
    /// The account.
    pub account_id: TextColumn,
    /// The contact to call.
    pub contact_id: TextColumn,
    /// The score.
    pub score: Vec<i64>,
    /// The slot's start.
    pub slot_start: Vec<DateTime<Utc>>,
    /// The minutes planned.
    pub minutes: Vec<u32>,
    /// The callee's zone.
    pub time_zone: TextColumn,
    /// The entry's sources, largest contribution first, comma-separated.
    pub sources: TextColumn,
    /// The largest reason in words.
    pub why: TextColumn,
}

impl CallListTable {
    /// The entries of `lists`, list by list, in rank order (built on all cores).
    ///
    /// # Example
    /// See [`CallListTable`].
    pub fn new(lists: &[CallList]) -> Self {
        Self::of_lists(lists.par_iter())
    }

    /// The entries of `lists`, folded into partial tables on rayon's threads and
    /// appended in order (each list is dropped where it is read, when owned).
    fn of_lists<L: std::borrow::Borrow<CallList> + Send>(
        lists: impl IndexedParallelIterator<Item = L>,
    ) -> Self {
        lists
            .with_min_len(16)
            .fold(Self::default, |mut t, list| {
                t.push_list(list.borrow());
                t
            })
            .reduce(Self::default, Self::append)
    }

    /// Adds the entries of `list`.
    fn push_list(&mut self, list: &CallList) {
        let of = (list.rep_id.as_ref(), list.team_id.as_ref(), list.day);
        let (rep_id, team_id) = (of.0.map(|r| r.as_str()), of.1.map(|t| t.as_str()));
        for e in &list.entries {
            let ids = (
                e.account_id.as_str(),
                e.contact_id.as_str(),
                e.time_zone.as_str(),
            );
            let slot = (e.slot_start, e.minutes);
            self.push_row(
                (rep_id, team_id, list.day),
                e.rank,
                ids,
                e.score,
                slot,
                (e.reasons.iter().map(|r| r.source), |out: &mut String| {
                    out.push_str(e.reasons.first().map_or("", |r| &r.why));
                }),
            );
        }
    }

    /// Adds the rows of the rep at `r`'s placed calls on `day`, ranked: the rows of
    /// the entries [`Placed::entries`] makes of them, without making them.
    pub(crate) fn push_placed(
        &mut self,
        book: &Book,
        r: u32,
        day: NaiveDate,
        mut placed: Vec<Placed>,
    ) {
        Placed::rank(&mut placed, book);
        let rep_id = Some(book.rep_at(r).id.as_str());
        // The ids the rows name, read ahead together (DESIGN.md, "Look-ups read ahead"):
        // one after the other they are a chain of cache misses in a big book.
        book.store.read_ahead_ids(placed.iter().flat_map(|p| {
            let c = &p.candidate;
            let record = c.reasons.first().and_then(|r| r.record);
            [
                (RecordKind::Account, c.account),
                (RecordKind::Contact, c.contact),
            ]
            .into_iter()
            .chain(record)
        }));
        // Room for the rows, and text of typical lengths: ids of 16 bytes, a reason's
        // words in 48, two sources.
        let rows = placed.len();
        let (id, zone) = (16 * rows, 20 * rows);
        self.reserve(rows, [id, 0, id, id, zone, 40 * rows, 48 * rows]);
        for (rank, p) in (1u32..).zip(&placed) {
            let c = &p.candidate;
            let ids = (
                book.account_at(c.account).id(),
                book.contact_at(c.contact).id(),
                c.tz.name(),
            );
            let slot = (p.slot_start, p.minutes);
            self.push_row(
                (rep_id, None, day),
                rank,
                ids,
                c.score,
                slot,
                (c.reasons.iter().map(|r| r.source), |out: &mut String| {
                    if let Some(r) = c.reasons.first() {
                        r.write_why(book, out);
                    }
                }),
            );
        }
    }

    /// Adds one row: the list's (rep, team, day), the entry's rank, its (account,
    /// contact, callee's zone), score, (slot start, minutes), its reasons' sources in
    /// order and what writes its first reason's words.
    fn push_row(
        &mut self,
        (rep_id, team_id, day): (Option<&str>, Option<&str>, NaiveDate),
        rank: u32,
        (account_id, contact_id, time_zone): (&str, &str, &str),
        score: i64,
        (slot_start, minutes): (DateTime<Utc>, u32),
        (sources, write_why): (impl Iterator<Item = Source>, impl FnOnce(&mut String)),
    ) {
        let t = self;
        t.rep_id.push(rep_id);
        t.team_id.push(team_id);
        t.day.push(day);
        t.rank.push(rank);
        t.account_id.push(Some(account_id));
        t.contact_id.push(Some(contact_id));
        t.score.push(score);
        t.slot_start.push(slot_start);
        t.minutes.push(minutes);
        t.time_zone.push(Some(time_zone));
        let mut seen = 0u16;
        for source in sources {
            let bit = 1u16 << (source as u16);
            if seen & bit == 0 {
                if seen != 0 {
                    t.sources.text.push(',');
                }
                seen |= bit;
                t.sources.text.push_str(source.as_str());
            }
        }
        t.sources.end_row();
        write_why(&mut t.why.text);
        t.why.end_row();
    }

    /// The text columns.
    fn texts(&self) -> [&TextColumn; 7] {
        [
            &self.rep_id,
            &self.team_id,
            &self.account_id,
            &self.contact_id,
            &self.time_zone,
            &self.sources,
            &self.why,
        ]
    }

    /// Makes room for `rows` more rows, with `bytes` more bytes of text in each text
    /// column (in [`texts`](Self::texts)' order).
    fn reserve(&mut self, rows: usize, bytes: [usize; 7]) {
        let texts = [
            &mut self.rep_id,
            &mut self.team_id,
            &mut self.account_id,
            &mut self.contact_id,
            &mut self.time_zone,
            &mut self.sources,
            &mut self.why,
        ];
        for (column, bytes) in texts.into_iter().zip(bytes) {
            column.reserve(rows, bytes);
        }
        self.day.reserve(rows);
        self.rank.reserve(rows);
        self.score.reserve(rows);
        self.slot_start.reserve(rows);
        self.minutes.reserve(rows);
    }

    /// The rows of `tables`, in order, in one table whose columns are allocated once.
    pub(crate) fn concat(tables: Vec<Self>) -> Self {
        let rows = tables.iter().map(|t| t.rank.len()).sum();
        let mut bytes = [0; 7];
        for t in &tables {
            for (b, column) in bytes.iter_mut().zip(t.texts()) {
                *b += column.text.len();
            }
        }
        let mut all = Self::default();
        all.reserve(rows, bytes);
        tables.into_iter().fold(all, Self::append)
    }

    /// Adds the rows of `other` after these.
    pub(crate) fn append(mut self, other: Self) -> Self {
        self.rep_id.append(other.rep_id);
        self.team_id.append(other.team_id);
        self.day.extend(other.day);
        self.rank.extend(other.rank);
        self.account_id.append(other.account_id);
        self.contact_id.append(other.contact_id);
        self.score.extend(other.score);
        self.slot_start.extend(other.slot_start);
        self.minutes.extend(other.minutes);
        self.time_zone.append(other.time_zone);
        self.sources.append(other.sources);
        self.why.append(other.why);
        self
    }
}

/// The entries of `lists`, which are freed as they are read, on all cores.
///
/// # Example
/// ```
/// use callwise::call_list::*;
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
/// let lists = call_lists(&book, "2026-11-03".parse().unwrap(), &CallListConfig::default(),
///                        &CallListInputs::default())?;
/// let table = CallListTable::new(&lists);
/// assert_eq!(CallListTable::from(lists), table);
/// # Ok::<(), callwise::Error>(())
/// ```
impl From<Vec<CallList>> for CallListTable {
    fn from(lists: Vec<CallList>) -> Self {
        Self::of_lists(lists.into_par_iter())
    }
}

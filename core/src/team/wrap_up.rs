//! The Daily Wrap Up: a rep's day from the book, with the rep's own words and
//! tomorrow's follow-ups; JSON in and out, a plain-text e-mail body, and the follow-up
//! tasks filing it makes.

use super::tally::{days_window, tally_windows};
use super::{BookChanges, GoalProgress, Tally, TeamConfig};
use crate::{
    AccountId, Book, ContactId, Error, Money, OpportunityId, OpportunityStage, RecordKind, RepId,
    Result, Task, TaskId, TaskKind, TaskSource, TaskStatus,
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The most successes, challenges or follow-ups one wrap-up holds.
const MAX_ITEMS: usize = 200;
/// The most characters one success or challenge holds.
const MAX_TEXT: usize = 4000;

/// A follow-up a rep sets for a coming day: it becomes an open task (source
/// `wrap_up`) that the Next Day Call List carries over.
///
/// # Example
/// ```
/// let f: callwise::team::FollowUp = serde_json::from_str(r#"{"account_id": "acc-1"}"#).unwrap();
/// assert_eq!(f.kind, callwise::TaskKind::Call); // a call unless it says otherwise
/// assert!(f.due_on.is_none()); // the next business day
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// The account.
    pub account_id: AccountId,
    /// The contact, when one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<ContactId>,
    /// What to do (a call by default).
    #[serde(default = "call")]
    pub kind: TaskKind,
    /// The day it is due: after the wrap-up's day; the next business day when left out
    /// (a computed wrap-up always says).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::time::strict_opt")]
    pub due_on: Option<NaiveDate>,
}

fn call() -> TaskKind {
    TaskKind::Call
}

/// What a rep writes in a wrap-up: successes, challenges (free text, the rep's own:
/// callwise never puts them in an error message) and follow-ups.
///
/// # Example
/// ```
/// use callwise::team::WrapUpNotes;
/// let notes = WrapUpNotes::from_json(r#"{"challenges": ["Two prospects asked for a discount"],
///     "follow_ups": [{"account_id": "acc-1", "kind": "email", "due_on": "2026-11-26"}]}"#)?;
/// assert_eq!(notes.follow_ups[0].kind, callwise::TaskKind::Email);
/// assert!(WrapUpNotes::from_json(r#"{"successes": ["  "]}"#).is_err());
/// # Ok::<(), callwise::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WrapUpNotes {
    /// What went well.
    pub successes: Vec<String>,
    /// What stood in the way.
    pub challenges: Vec<String>,
    /// What to do next.
    pub follow_ups: Vec<FollowUp>,
}

impl WrapUpNotes {
    /// Notes from their JSON form, checked.
    ///
    /// # Errors
    /// [`Error::Json`] for another shape; [`Error::InvalidArgument`] as
    /// [`check`](Self::check).
    ///
    /// # Example
    /// See [`WrapUpNotes`].
    pub fn from_json(json: &str) -> Result<Self> {
        let notes: Self = crate::book::from_json(json, "wrap-up notes")?;
        notes.check()?;
        Ok(notes)
    }

    /// Checks the sizes: at most 200 successes, challenges and follow-ups each, each
    /// text non-blank and at most 4,000 characters.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] named `successes`, `challenges` or `follow_ups`.
    ///
    /// # Example
    /// ```
    /// let notes = callwise::team::WrapUpNotes { successes: vec![String::new()], ..Default::default() };
    /// assert!(notes.check().is_err());
    /// ```
    pub fn check(&self) -> Result<()> {
        for (name, texts) in [
            ("successes", &self.successes),
            ("challenges", &self.challenges),
        ] {
            check_count(name, texts.len())?;
            for (i, text) in texts.iter().enumerate() {
                if text.trim().is_empty() || text.chars().count() > MAX_TEXT {
                    return Err(Error::invalid_argument(
                        name,
                        format!("item {i} must be non-blank and at most {MAX_TEXT} characters"),
                    ));
                }
            }
        }
        check_count("follow_ups", self.follow_ups.len())
    }
}

fn check_count(name: &'static str, n: usize) -> Result<()> {
    if n > MAX_ITEMS {
        return Err(Error::invalid_argument(
            name,
            format!("{n} items; at most {MAX_ITEMS}"),
        ));
    }
    Ok(())
}

/// A deal the rep uncovered that day (an opportunity they own, created that day).
///
/// # Example
/// See [`WrapUp`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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

/// Business the rep closed that day (a deal they own, won that day), and the day its
/// money is expected to land.
///
/// # Example
/// See [`WrapUp`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClosedDeal {
    /// The deal.
    pub opportunity_id: OpportunityId,
    /// Its account.
    pub account_id: AccountId,
    /// The amount won.
    pub amount: Money,
    /// The day it was won.
    #[serde(deserialize_with = "crate::time::strict")]
    pub closed_on: NaiveDate,
    /// The close plus the payment term, rolled forward to a business day.
    #[serde(deserialize_with = "crate::time::strict")]
    pub money_lands_on: NaiveDate,
}

/// One rep's Daily Wrap Up: what the book says of the rep's day (the rep's local date
/// in their own zone), and what the rep wrote.
///
/// - `touches`: the rep's activities that day counted as a [`Tally`] (calls made are
///   its dials);
/// - `new_opportunities`: the deals the rep owns created that day;
/// - `closed_business`: the deals the rep owns won that day, with the day the money
///   lands ([`TeamConfig::payment_term_days`] later, rolled forward to a business day
///   of [`TeamConfig::calendar`]);
/// - `successes`, `challenges`, `follow_ups`: the rep's [`WrapUpNotes`], each follow-up
///   with its due day (the next business day when the rep gave none).
///
/// # Example
/// ```
/// use callwise::team::{daily_wrap_up, TeamConfig, WrapUp, WrapUpNotes};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
/// let day = "2026-10-29".parse().unwrap();
/// let wrap_up = daily_wrap_up(&book, "rep-sales-0001", day, &WrapUpNotes::default(), &TeamConfig::default())?;
/// assert_eq!(WrapUp::from_json(&wrap_up.to_json())?, wrap_up);
/// for deal in &wrap_up.closed_business {
///     assert!(deal.money_lands_on >= deal.closed_on + chrono::Days::new(30));
/// }
/// assert!(wrap_up.to_email(&[]).starts_with("Daily Wrap Up of rep-sales-0001 for Thursday 2026-10-29"));
/// # Ok::<(), callwise::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WrapUp {
    /// The rep.
    pub rep_id: RepId,
    /// The day, in the rep's zone.
    #[serde(deserialize_with = "crate::time::strict")]
    pub day: NaiveDate,
    /// The rep's zone.
    pub time_zone: String,
    /// The rep's touches that day.
    pub touches: Tally,
    /// Deals uncovered that day.
    pub new_opportunities: Vec<NewDeal>,
    /// Deals won that day.
    pub closed_business: Vec<ClosedDeal>,
    /// What went well, in the rep's words.
    pub successes: Vec<String>,
    /// What stood in the way, in the rep's words.
    pub challenges: Vec<String>,
    /// What to do next, each with its due day.
    pub follow_ups: Vec<FollowUp>,
}

/// The Daily Wrap Up of rep `rep_id` for `day` (see [`WrapUp`]), with `notes`.
///
/// # Errors
/// [`Error::NotFound`] for a rep not in the book, or a follow-up's account;
/// [`Error::InvalidArgument`] named `day` outside the years 1900 to 9999, named
/// `follow_ups` for a follow-up due on or before `day` or whose contact is another
/// account's; the errors of [`WrapUpNotes::check`] and [`TeamConfig::check`].
///
/// # Example
/// See [`WrapUp`].
pub fn daily_wrap_up(
    book: &Book,
    rep_id: &str,
    day: NaiveDate,
    notes: &WrapUpNotes,
    config: &TeamConfig,
) -> Result<WrapUp> {
    let r = book
        .rep_position(rep_id)
        .ok_or_else(|| Error::not_found(RecordKind::Rep, rep_id))?;
    notes.check()?;
    let mut wrap_up = compute(book, &[r], day, config)?
        .pop()
        .ok_or_else(|| Error::not_found(RecordKind::Rep, rep_id))?;
    wrap_up.successes = notes.successes.clone();
    wrap_up.challenges = notes.challenges.clone();
    let next = config.calendar.add_business_days(day, 1)?;
    wrap_up.follow_ups = notes
        .follow_ups
        .iter()
        .map(|f| resolve(book, f, day, Some(next)))
        .collect::<Result<_>>()?;
    Ok(wrap_up)
}

/// Every rep's Daily Wrap Up for `day` as the book tells it (no notes), in rep id
/// order, in one pass over the book.
///
/// # Errors
/// As [`daily_wrap_up`].
///
/// # Example
/// ```
/// use callwise::team::{daily_wrap_up, wrap_ups, TeamConfig, WrapUpNotes};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
/// let (day, config) = ("2026-10-29".parse().unwrap(), TeamConfig::default());
/// let all = wrap_ups(&book, day, &config)?;
/// assert_eq!(all.len(), book.reps().len());
/// assert_eq!(all[0], daily_wrap_up(&book, all[0].rep_id.as_str(), day, &WrapUpNotes::default(), &config)?);
/// # Ok::<(), callwise::Error>(())
/// ```
pub fn wrap_ups(book: &Book, day: NaiveDate, config: &TeamConfig) -> Result<Vec<WrapUp>> {
    let mut reps: Vec<u32> = (0..book.reps().len() as u32).collect();
    reps.sort_by(|a, b| book.rep_at(*a).id.cmp(&book.rep_at(*b).id));
    compute(book, &reps, day, config)
}

/// The book's side of the wrap-ups of `reps` (positions) for `day`.
fn compute(book: &Book, reps: &[u32], day: NaiveDate, config: &TeamConfig) -> Result<Vec<WrapUp>> {
    config.check()?;
    if !(1900..=9999).contains(&day.year()) {
        return Err(Error::invalid_argument(
            "day",
            format!("{day} is outside the years 1900 to 9999"),
        ));
    }
    let windows = reps
        .iter()
        .map(|&r| days_window(book, r, day, day))
        .collect::<Result<Vec<_>>>()?;
    let tallies = tally_windows(book, &windows)?;
    let mut out: Vec<WrapUp> = reps
        .iter()
        .zip(tallies)
        .map(|(&r, touches)| WrapUp {
            rep_id: book.rep_at(r).id.clone(),
            day,
            time_zone: book.rep_at(r).time_zone.clone(),
            touches,
            new_opportunities: Vec::new(),
            closed_business: Vec::new(),
            successes: Vec::new(),
            challenges: Vec::new(),
            follow_ups: Vec::new(),
        })
        .collect();
    let mut slot_of: Vec<Option<usize>> = vec![None; book.reps().len()];
    for (i, &r) in reps.iter().enumerate() {
        slot_of[r as usize] = Some(i);
    }
    let lands = |closed: NaiveDate| -> Result<NaiveDate> {
        let due = closed
            .checked_add_days(chrono::Days::new(u64::from(config.payment_term_days)))
            .ok_or_else(|| Error::invalid_argument("day", "the payment day is out of range"))?;
        config.calendar.roll_forward(due)
    };
    for deal in book.opportunities() {
        let won_today =
            deal.stage() == OpportunityStage::ClosedWon && deal.closed_on() == Some(day);
        if deal.created_on() != day && !won_today {
            continue;
        }
        let Some(i) = book
            .rep_position(deal.owner_rep_id())
            .and_then(|r| slot_of[r as usize])
        else {
            continue;
        };
        if deal.created_on() == day {
            out[i].new_opportunities.push(NewDeal {
                opportunity_id: deal.id().into(),
                account_id: deal.account_id().into(),
                stage: deal.stage(),
                amount: deal.amount(),
            });
        }
        if won_today {
            out[i].closed_business.push(ClosedDeal {
                opportunity_id: deal.id().into(),
                account_id: deal.account_id().into(),
                amount: deal.amount(),
                closed_on: day,
                money_lands_on: lands(day)?,
            });
        }
    }
    Ok(out)
}

/// A follow-up checked against the book: its account is there, its contact is the
/// account's, and it is due after `day` (the next business day when it gives no day and
/// `default_due` does).
fn resolve(
    book: &Book,
    f: &FollowUp,
    day: NaiveDate,
    default_due: Option<NaiveDate>,
) -> Result<FollowUp> {
    let account = book
        .account_position(f.account_id.as_str())
        .ok_or_else(|| Error::not_found(RecordKind::Account, f.account_id.as_str()))?;
    let refuse = |reason: String| Err(Error::invalid_argument("follow_ups", reason));
    if let Some(c) = &f.contact_id {
        let belongs = book
            .contact_position(c.as_str())
            .is_some_and(|c| book.contact_account_at(c) == account);
        if !belongs {
            return refuse(format!(
                "contact {} is not a contact of account {}",
                c.as_str(),
                f.account_id.as_str()
            ));
        }
    }
    match f.due_on.or(default_due) {
        Some(due) if due <= day => refuse(format!(
            "the follow-up on account {} is due {due}, not after the wrap-up's day {day}",
            f.account_id.as_str()
        )),
        Some(due) if due.year() > 9999 => refuse(format!("{due} is after the year 9999")),
        Some(due) => Ok(FollowUp {
            due_on: Some(due),
            ..f.clone()
        }),
        None => refuse(format!(
            "the follow-up on account {} has no due day",
            f.account_id.as_str()
        )),
    }
}

impl WrapUp {
    /// The wrap-up as pretty-printed JSON.
    ///
    /// # Example
    /// See [`WrapUp`].
    pub fn to_json(&self) -> String {
        super::pretty(self)
    }

    /// A wrap-up from its JSON form.
    ///
    /// # Errors
    /// [`Error::Json`] when the text is not a wrap-up's JSON.
    ///
    /// # Example
    /// See [`WrapUp`].
    pub fn from_json(json: &str) -> Result<Self> {
        crate::book::from_json(json, "wrap-up")
    }

    /// Files the wrap-up: its follow-ups as open tasks of the rep, source `wrap_up`,
    /// created at `at` and due on each follow-up's day, with the ids
    /// `{rep_id}-wrap-{day}-{n}` (n from 1), which the Next Day Call List of the day
    /// they are due carries over. The tasks come back in [`BookChanges::tasks`].
    ///
    /// # Errors
    /// [`Error::NotFound`] for a rep or a follow-up's account not in `book`;
    /// [`Error::InvalidArgument`] named `wrap_up` when a task of those ids is in the
    /// book already (the wrap-up was filed), named `follow_ups` as
    /// [`daily_wrap_up`] checks them (a follow-up with no due day included).
    ///
    /// # Example
    /// ```
    /// use callwise::call_list::{next_day_call_list, CallListConfig, CallListInputs, Source};
    /// use callwise::team::{daily_wrap_up, FollowUp, TeamConfig, WrapUpNotes};
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
    /// let (rep, day) = ("rep-sales-0001", "2026-11-03".parse().unwrap());
    /// let account: callwise::AccountId = book.accounts_owned_by(rep).next().unwrap().id().into();
    /// let notes = WrapUpNotes {
    ///     follow_ups: vec![FollowUp { account_id: account.clone(), contact_id: None,
    ///                                 kind: callwise::TaskKind::Call, due_on: None }],
    ///     ..WrapUpNotes::default()
    /// };
    /// let wrap_up = daily_wrap_up(&book, rep, day, &notes, &TeamConfig::default())?;
    /// let changes = wrap_up.file(&book, "2026-11-03T22:00:00Z".parse().unwrap())?;
    /// let tomorrow = changes.applied(&book)?;
    /// let list = next_day_call_list(&tomorrow, rep, "2026-11-04".parse().unwrap(),
    ///     &CallListConfig::default(), &CallListInputs::default())?;
    /// let task = changes.tasks[0].id.as_str();
    /// let mut reasons = list.entries.iter().flat_map(|e| &e.reasons)
    ///     .chain(list.held_back.iter().flat_map(|h| &h.reasons));
    /// assert!(reasons.any(|r| r.source == Source::CarryOver && r.record_id.as_deref() == Some(task)));
    /// assert!(wrap_up.file(&tomorrow, "2026-11-03T22:05:00Z".parse().unwrap()).is_err()); // filed already
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn file(&self, book: &Book, at: DateTime<Utc>) -> Result<BookChanges> {
        if book.rep(self.rep_id.as_str()).is_none() {
            return Err(Error::not_found(RecordKind::Rep, self.rep_id.as_str()));
        }
        check_count("follow_ups", self.follow_ups.len())?;
        let ids: Vec<TaskId> = (1..=self.follow_ups.len())
            .map(|n| TaskId::new(format!("{}-wrap-{}-{n}", self.rep_id.as_str(), self.day)))
            .collect();
        if let Some(t) = ids.iter().find_map(|id| book.task(id.as_str())) {
            return Err(Error::invalid_argument(
                "wrap_up",
                format!(
                    "task {} is in the book already: this wrap-up was filed",
                    t.id()
                ),
            ));
        }
        for f in &self.follow_ups {
            resolve(book, f, self.day, None)?;
        }
        Ok(BookChanges {
            tasks: self.follow_up_tasks(at)?,
            ..BookChanges::default()
        })
    }

    /// The tasks filing the wrap-up at `at` adds ([`WrapUp::file`]), without looking
    /// at a book: what the store's journal replays for a filed wrap-up, checking the
    /// records they name itself.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] named `follow_ups` for a follow-up with no due day, or
    /// due on or before the wrap-up's day, or for more follow-ups than a wrap-up holds.
    ///
    /// # Example
    /// ```
    /// use callwise::team::{FollowUp, Tally, WrapUp};
    /// let follow_up = |due_on: &str| FollowUp { account_id: callwise::AccountId::new("acc-1"),
    ///     contact_id: None, kind: callwise::TaskKind::Call, due_on: Some(due_on.parse().unwrap()) };
    /// let mut wrap_up = WrapUp { rep_id: callwise::RepId::new("rep-1"),
    ///     day: "2026-11-03".parse().unwrap(), time_zone: "UTC".into(), touches: Tally::default(),
    ///     new_opportunities: vec![], closed_business: vec![], successes: vec![], challenges: vec![],
    ///     follow_ups: vec![follow_up("2026-11-04")] };
    /// let tasks = wrap_up.follow_up_tasks("2026-11-03T22:00:00Z".parse().unwrap())?;
    /// assert_eq!(tasks[0].id.as_str(), "rep-1-wrap-2026-11-03-1");
    /// assert_eq!(tasks[0].due_on.to_string(), "2026-11-04");
    /// wrap_up.follow_ups.push(follow_up("2026-11-03")); // not after the day
    /// assert!(wrap_up.follow_up_tasks("2026-11-03T22:00:00Z".parse().unwrap()).is_err());
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn follow_up_tasks(&self, at: DateTime<Utc>) -> Result<Vec<Task>> {
        check_count("follow_ups", self.follow_ups.len())?;
        self.follow_ups
            .iter()
            .enumerate()
            .map(|(n, f)| {
                let due_on = match f.due_on {
                    Some(due) if due > self.day => due,
                    _ => {
                        return Err(Error::invalid_argument(
                            "follow_ups",
                            format!(
                                "the follow-up on account {} is not due after the wrap-up's day {}",
                                f.account_id.as_str(),
                                self.day
                            ),
                        ));
                    }
                };
                Ok(Task {
                    id: TaskId::new(format!(
                        "{}-wrap-{}-{}",
                        self.rep_id.as_str(),
                        self.day,
                        n + 1
                    )),
                    account_id: f.account_id.clone(),
                    contact_id: f.contact_id.clone(),
                    rep_id: self.rep_id.clone(),
                    kind: f.kind,
                    source: TaskSource::WrapUp,
                    status: TaskStatus::Open,
                    created_at: at,
                    due_on,
                    completed_at: None,
                })
            })
            .collect()
    }

    /// The wrap-up as a plain-text e-mail body a rep could send to the inside (or
    /// field) partner for the evening bookend call: the numbers, the deals, the rep's
    /// words, tomorrow's follow-ups, and `goals` (progress as of the day), if any.
    ///
    /// # Example
    /// See [`WrapUp`].
    pub fn to_email(&self, goals: &[GoalProgress]) -> String {
        use std::fmt::Write;
        let t = &self.touches;
        let mut out = format!(
            "Daily Wrap Up of {} for {}\n\n",
            self.rep_id.as_str(),
            self.day.format("%A %Y-%m-%d")
        );
        let _ = writeln!(out, "Calls made: {}, connects: {}", t.dials, t.connects);
        let _ = writeln!(
            out,
            "Meetings set: {}, webinars set: {}",
            t.meetings_set, t.webinars_set
        );
        let _ = writeln!(
            out,
            "Opportunities uncovered on calls: {}",
            t.opportunities_uncovered
        );
        let section = |out: &mut String, title: &str, lines: Vec<String>| {
            let _ = writeln!(out, "\n{title} ({}):", lines.len());
            if lines.is_empty() {
                let _ = writeln!(out, "  none");
            }
            for line in lines {
                let _ = writeln!(out, "  - {line}");
            }
        };
        section(
            &mut out,
            "New opportunities",
            self.new_opportunities
                .iter()
                .map(|d| {
                    format!(
                        "{} on {}: {} ({})",
                        d.opportunity_id.as_str(),
                        d.account_id.as_str(),
                        d.amount,
                        stage_word(d.stage)
                    )
                })
                .collect(),
        );
        section(
            &mut out,
            "Closed business",
            self.closed_business
                .iter()
                .map(|d| {
                    format!(
                        "{} on {}: {}, money expected {}",
                        d.opportunity_id.as_str(),
                        d.account_id.as_str(),
                        d.amount,
                        d.money_lands_on
                    )
                })
                .collect(),
        );
        section(&mut out, "Successes", self.successes.clone());
        section(&mut out, "Challenges", self.challenges.clone());
        section(
            &mut out,
            "Follow-ups",
            self.follow_ups
                .iter()
                .map(|f| {
                    let who = f
                        .contact_id
                        .as_ref()
                        .map(|c| format!(", {}", c.as_str()))
                        .unwrap_or_default();
                    let due = f.due_on.map(|d| d.to_string()).unwrap_or_default();
                    format!(
                        "{}{who}: {} due {due}",
                        f.account_id.as_str(),
                        task_word(f.kind)
                    )
                })
                .collect(),
        );
        if !goals.is_empty() {
            section(
                &mut out,
                "Goals",
                goals.iter().flat_map(GoalProgress::lines).collect(),
            );
        }
        out
    }
}

fn stage_word(stage: OpportunityStage) -> &'static str {
    match stage {
        OpportunityStage::Prospecting => "prospecting",
        OpportunityStage::Qualification => "qualification",
        OpportunityStage::Proposal => "proposal",
        OpportunityStage::Negotiation => "negotiation",
        OpportunityStage::ClosedWon => "won",
        OpportunityStage::ClosedLost => "lost",
    }
}

fn task_word(kind: TaskKind) -> &'static str {
    match kind {
        TaskKind::Call => "call",
        TaskKind::Email => "e-mail",
        TaskKind::FollowUp => "follow up",
        TaskKind::Meeting => "meeting",
        TaskKind::Other => "task",
    }
}

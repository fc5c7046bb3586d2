//! Re-ranking a list after a call is logged: the called account leaves or moves, a
//! cadence step advances, a cap is reached. Only the called account's entry changes;
//! the rest of the list keeps its order and its slots.

use super::list::{Candidate, first_fit, rank, score};
use super::{CallList, CallListConfig, HeldBack, HoldRule, Source, Span};
use crate::book::NO_CONTACT;
use crate::{AccountId, Activity, Book, Direction, Error, Outcome, RecordKind, Result};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// What logging an activity did to a list.
///
/// # Example
/// See [`CallList::log_activity`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// The account is not on the list, or the activity does not bear on its call.
    Unchanged,
    /// The call is done (connected, a meeting set, not interested, a wrong number, an
    /// opt-out, the contact reached in): the account left the list.
    Left {
        /// The account.
        account_id: AccountId,
    },
    /// The call went unanswered and will be tried again: the entry moved to a later
    /// slot, and its score changed if a cadence step advanced.
    Moved {
        /// The account.
        account_id: AccountId,
        /// Its new slot.
        #[serde(deserialize_with = "crate::time::strict")]
        slot_start: DateTime<Utc>,
    },
    /// The call went unanswered and cannot be tried again that day (a cap is reached,
    /// or the callee's window or the rep's day has no room left): the account is held
    /// back.
    HeldBack {
        /// The account.
        account_id: AccountId,
        /// Why.
        rule: HoldRule,
    },
}

impl CallList {
    /// Updates the list after `activity` was logged (an activity the book does not hold
    /// yet): incrementally, touching only the activity's account.
    ///
    /// - A call that connected, set a meeting, uncovered an opportunity, or ended in
    ///   "not interested", a wrong number or an opt-out, and any inbound touch, end the
    ///   call: the account leaves the list.
    /// - An outbound call or voicemail that went unanswered is an attempt: it completes
    ///   the cadence step it was for (its reasons for that contact leave the entry, and
    ///   the entry is rescored and reranked), counts towards the caps, and the account
    ///   moves to the earliest free slot `retry_minutes` later, or is held back when
    ///   none is left that day.
    /// - Other activities change nothing.
    ///
    /// # Errors
    /// The errors of [`CallListConfig::check`]; [`Error::NotFound`] when the entry's
    /// contact is not in `book` (the list was built from another book);
    /// [`Error::InvalidArgument`] named `reasons` when a reason of the activity's entry
    /// has an urgency that is not 0 to 2 (a list read back from edited JSON).
    ///
    /// # Example
    /// ```
    /// use callwise::call_list::*;
    /// use callwise::{Activity, Channel, Direction, Outcome};
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
    /// let config = CallListConfig::default();
    /// let mut list = next_day_call_list(&book, "rep-membership-0001", "2026-11-03".parse().unwrap(),
    ///                                   &config, &CallListInputs::default())?;
    /// let first = list.entries[0].clone();
    /// let call = Activity {
    ///     id: "act-new".into(), account_id: first.account_id.clone(),
    ///     contact_id: Some(first.contact_id.clone()), rep_id: "rep-membership-0001".into(),
    ///     at: first.slot_start, channel: Channel::Call, direction: Direction::Outbound,
    ///     outcome: Some(Outcome::NoAnswer), duration_seconds: None, opportunity_id: None,
    ///     campaign_id: None,
    /// };
    /// match list.log_activity(&book, &call, &config)? {
    ///     Change::Moved { slot_start, .. } => assert!(slot_start >= first.slot_start + chrono::Duration::minutes(120)),
    ///     Change::HeldBack { .. } => assert!(list.held_back.iter().any(|h| h.account_id == first.account_id)),
    ///     other => panic!("{other:?}"),
    /// }
    /// let answered = Activity { outcome: Some(Outcome::Connected), id: "act-2".into(), ..call };
    /// let change = list.log_activity(&book, &answered, &config)?;
    /// assert!(list.entries.iter().all(|e| e.account_id != first.account_id));
    /// # let _ = change;
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn log_activity(
        &mut self,
        book: &Book,
        activity: &Activity,
        config: &CallListConfig,
    ) -> Result<Change> {
        config.check()?;
        let Some(i) = self
            .entries
            .iter()
            .position(|e| e.account_id == activity.account_id)
        else {
            return Ok(Change::Unchanged);
        };
        // Checked before anything changes: a refused call leaves the list as it was.
        for r in &self.entries[i].reasons {
            r.check("reasons")?;
        }
        let attempt = activity.is_attempt();
        if attempt {
            self.logged.push(activity.clone());
        }
        let done = activity.direction == Direction::Inbound
            || matches!(
                activity.outcome,
                Some(
                    Outcome::Connected
                        | Outcome::MeetingSet
                        | Outcome::OpportunityUncovered
                        | Outcome::NotInterested
                        | Outcome::WrongNumber
                        | Outcome::OptedOut
                )
            );
        let account_id = activity.account_id.clone();
        if done {
            self.entries.remove(i);
            rank(&mut self.entries);
            self.planned_minutes = self.entries.iter().map(|e| e.minutes).sum();
            return Ok(Change::Left { account_id });
        }
        if !attempt {
            return Ok(Change::Unchanged);
        }
        // An unanswered attempt: the cadence step it was for is done.
        let entry = &mut self.entries[i];
        entry
            .reasons
            .retain(|r| !(r.source == Source::CadenceStep && r.contact_id == activity.contact_id));
        if entry.reasons.is_empty() {
            self.entries.remove(i);
            rank(&mut self.entries);
            self.planned_minutes = self.entries.iter().map(|e| e.minutes).sum();
            return Ok(Change::Left { account_id });
        }
        entry.score = score(&mut entry.reasons, config, book);
        let slot = self.retry_slot(book, i, activity.at, config)?;
        let entry = &mut self.entries[i];
        let change = match slot {
            Ok(start) => {
                entry.slot_start = start;
                Change::Moved {
                    account_id,
                    slot_start: start,
                }
            }
            Err(rule) => {
                let entry = self.entries.remove(i);
                self.held_back.push(HeldBack {
                    account_id: entry.account_id,
                    contact_id: Some(entry.contact_id),
                    rule,
                    score: entry.score,
                    reasons: entry.reasons,
                });
                self.held_back.sort_by(|a, b| {
                    b.score
                        .cmp(&a.score)
                        .then_with(|| a.account_id.cmp(&b.account_id))
                });
                Change::HeldBack { account_id, rule }
            }
        };
        rank(&mut self.entries);
        self.planned_minutes = self.entries.iter().map(|e| e.minutes).sum();
        Ok(change)
    }

    /// The earliest slot for entry `i` at least `retry_minutes` after `at`, in the
    /// list's working time not taken by another entry (for a Power Hour pool, anywhere
    /// in the block), with the attempts logged so far counted.
    fn retry_slot(
        &self,
        book: &Book,
        i: usize,
        at: DateTime<Utc>,
        config: &CallListConfig,
    ) -> Result<std::result::Result<DateTime<Utc>, HoldRule>> {
        let entry = &self.entries[i];
        let contact = book
            .contact_position(entry.contact_id.as_str())
            .ok_or_else(|| Error::not_found(RecordKind::Contact, entry.contact_id.as_str()))?;
        let account = book.contact_account_at(contact);
        let earliest = at + Duration::minutes(i64::from(config.retry_minutes));
        let mut free: Vec<Span> = self
            .working
            .iter()
            .filter(|s| s.end > earliest)
            .map(|s| Span {
                start: s.start.max(earliest),
                end: s.end,
            })
            .collect();
        if self.kind == super::ListKind::NextDay {
            for (j, other) in self.entries.iter().enumerate() {
                if j != i {
                    super::list::occupy(&mut free, other.slot_start, other.minutes);
                }
            }
        }
        let extra: Vec<(i64, u32)> = self
            .logged
            .iter()
            .filter(|t| t.account_id == entry.account_id)
            .map(|t| {
                let who = t
                    .contact_id
                    .as_ref()
                    .and_then(|c| book.contact_position(c.as_str()))
                    .unwrap_or(NO_CONTACT);
                (t.at.timestamp_micros(), who)
            })
            .collect();
        let candidate = Candidate {
            account,
            contact,
            tz: book.contact_zone_at(contact),
            score: entry.score,
            reasons: Vec::new(),
        };
        first_fit(
            book,
            config,
            &candidate,
            &free,
            entry.minutes,
            self.day,
            &extra,
        )
    }
}

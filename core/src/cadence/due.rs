//! The steps due on a day, and who does them while a rep is away.

use super::enrollment::local_date;
use super::{EnrollmentState, EnrollmentStatus, Playbook, StepKind, fnv1a};
use crate::time::{instants_at, parse_time_zone};
use crate::{Book, Error, RecordKind, Result};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// A rep away from `from` to `to`, both included (the rep's local dates).
///
/// # Example
/// ```
/// let a = callwise::cadence::Absence::new("rep-1", "2026-11-23".parse().unwrap(),
///                                          "2026-11-27".parse().unwrap()).unwrap();
/// assert!(a.covers("2026-11-25".parse().unwrap()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "AbsenceSpec")]
pub struct Absence {
    /// The rep away.
    pub rep_id: String,
    /// The first day away.
    #[serde(deserialize_with = "crate::time::strict")]
    pub from: NaiveDate,
    /// The last day away.
    #[serde(deserialize_with = "crate::time::strict")]
    pub to: NaiveDate,
}

/// The data form of an [`Absence`], checked on reading.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AbsenceSpec {
    rep_id: String,
    from: NaiveDate,
    to: NaiveDate,
}

impl TryFrom<AbsenceSpec> for Absence {
    type Error = Error;
    fn try_from(spec: AbsenceSpec) -> Result<Self> {
        Self::new(&spec.rep_id, spec.from, spec.to)
    }
}

impl Absence {
    /// An absence from `from` to `to`, both included.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] named `to` when it is before `from`.
    ///
    /// # Example
    /// ```
    /// use callwise::cadence::Absence;
    /// assert!(Absence::new("r", "2026-11-27".parse().unwrap(), "2026-11-23".parse().unwrap()).is_err());
    /// ```
    pub fn new(rep_id: &str, from: NaiveDate, to: NaiveDate) -> Result<Self> {
        if to < from {
            return Err(Error::invalid_argument(
                "to",
                format!("the absence ends ({to}) before it starts ({from})"),
            ));
        }
        Ok(Self {
            rep_id: rep_id.to_owned(),
            from,
            to,
        })
    }

    /// Whether the rep is away on `date`.
    ///
    /// # Example
    /// ```
    /// let a = callwise::cadence::Absence::new("r", "2026-11-23".parse().unwrap(),
    ///                                          "2026-11-23".parse().unwrap()).unwrap();
    /// assert!(!a.covers("2026-11-24".parse().unwrap()));
    /// ```
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }
}

/// What happens to an absent rep's due steps.
///
/// # Example
/// ```
/// assert_ne!(callwise::cadence::AbsencePolicy::Shift, callwise::cadence::AbsencePolicy::Reassign);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AbsencePolicy {
    /// They wait for the rep: listed, overdue, from the first day back.
    #[default]
    Shift,
    /// They go to someone present: one of the account's other owners (primary, then
    /// co-owners), else a team-mate of the rep; the pick within those is a stable hash
    /// of the enrollment and the day. With nobody present they shift.
    Reassign,
}

/// Who is away, and what happens to their steps.
///
/// # Example
/// ```
/// use callwise::cadence::{Absence, AbsencePolicy, Coverage};
/// let away = Absence::new("rep-1", "2026-11-23".parse().unwrap(), "2026-11-27".parse().unwrap()).unwrap();
/// let cover = Coverage::new(vec![away], AbsencePolicy::Reassign);
/// assert!(cover.is_away("rep-1", "2026-11-24".parse().unwrap()));
/// assert!(!Coverage::none().is_away("rep-1", "2026-11-24".parse().unwrap()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coverage {
    /// The absences.
    pub absences: Vec<Absence>,
    /// The policy.
    pub policy: AbsencePolicy,
}

impl Coverage {
    /// Nobody away.
    ///
    /// # Example
    /// ```
    /// assert!(callwise::cadence::Coverage::none().absences.is_empty());
    /// ```
    pub fn none() -> Self {
        Self::default()
    }

    /// These absences under this policy.
    ///
    /// # Example
    /// ```
    /// let c = callwise::cadence::Coverage::new(vec![], callwise::cadence::AbsencePolicy::Shift);
    /// assert_eq!(c, callwise::cadence::Coverage::none());
    /// ```
    pub fn new(absences: Vec<Absence>, policy: AbsencePolicy) -> Self {
        Self { absences, policy }
    }

    /// Whether `rep_id` is away on `date`.
    ///
    /// # Example
    /// See [`Coverage`].
    /// ```
    /// assert!(!callwise::cadence::Coverage::none().is_away("r", "2026-01-01".parse().unwrap()));
    /// ```
    pub fn is_away(&self, rep_id: &str, date: NaiveDate) -> bool {
        self.absences
            .iter()
            .any(|a| a.rep_id == rep_id && a.covers(date))
    }

    /// Who does the step of `state` on `date`: its owner if present, else as the
    /// policy says; `None` when it waits for the owner.
    fn assignee<'b>(
        &self,
        book: &'b Book,
        state: &'b EnrollmentState,
        date: NaiveDate,
    ) -> Option<&'b str> {
        let owner = state.enrollment.rep_id.as_str();
        if !self.is_away(owner, date) {
            return Some(owner);
        }
        if self.policy == AbsencePolicy::Shift {
            return None;
        }
        let present = |r: &&'b str| *r != owner && !self.is_away(r, date);
        let pick = |tier: Vec<&'b str>| {
            (!tier.is_empty()).then(|| {
                let day = date.to_string();
                tier[(fnv1a(&[&state.enrollment.id, &day]) % tier.len() as u64) as usize]
            })
        };
        let owners: Vec<&str> = book
            .account(&state.enrollment.account_id)
            .map(|a| a.owners().map(|o| o.rep_id).filter(present).collect())
            .unwrap_or_default();
        pick(owners).or_else(|| {
            let team = book.rep(owner).and_then(|r| r.team_id.as_ref())?;
            let mut mates: Vec<&str> = book
                .reps()
                .iter()
                .filter(|r| r.team_id.as_ref() == Some(team))
                .map(|r| r.id.as_str())
                .filter(present)
                .collect();
            mates.sort_unstable();
            pick(mates)
        })
    }
}

/// One step due for a rep on a day.
///
/// # Example
/// See [`Playbook::due_on`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DueStep {
    /// The rep who does it (the owner, or who covers for them).
    pub rep_id: String,
    /// The enrollment's owner.
    pub owner_rep_id: String,
    /// The enrollment.
    pub enrollment_id: String,
    /// The contact to reach.
    pub contact_id: String,
    /// The contact's account.
    pub account_id: String,
    /// The cadence the step is in.
    pub cadence_id: String,
    /// The step.
    pub step_id: String,
    /// What to do.
    pub kind: StepKind,
    /// The A/B variant to use, if any.
    pub variant: Option<String>,
    /// When it fell due.
    #[serde(deserialize_with = "crate::time::strict")]
    pub due_at: DateTime<Utc>,
    /// When its window opens for it on the day (at or after `due_at`), recipient's time.
    #[serde(deserialize_with = "crate::time::strict")]
    pub window_start: DateTime<Utc>,
    /// When that window closes.
    #[serde(deserialize_with = "crate::time::strict")]
    pub window_end: DateTime<Utc>,
    /// Why it is due, in words.
    pub reason: String,
}

impl Playbook {
    /// The steps due on `date` (a local date of the team) for `rep_id`: steps of active
    /// enrollments (and of paused ones whose pause has ended by then) whose due instant
    /// comes before the end of `date` in the owner's zone, including overdue ones,
    /// assigned by `coverage`. Ordered by due instant, ties in the order of `states`.
    ///
    /// # Errors
    /// [`Error::NotFound`] when `rep_id`, or an enrollment's owner, is not a rep of
    /// `book`; [`Error::InvalidArgument`] named `state` when a state names a cadence or
    /// step the playbook does not have.
    ///
    /// # Example
    /// ```
    /// use callwise::cadence::*;
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40)).unwrap();
    /// let playbook = Playbook::from_json(r#"{"calendar": {"weekend": ["Sat", "Sun"]},
    ///   "business_hours": {"start": "09:00", "end": "17:00"}, "cadences": [{"id": "c", "name": "C",
    ///   "steps": [{"id": "s1", "kind": "call", "wait": {"unit": "business_days", "amount": 1}}]}]}"#).unwrap();
    /// let c = book.contacts().next().unwrap();
    /// let rep = book.account(c.account_id()).unwrap().primary_owner().rep_id.to_owned();
    /// let e = Enrollment::for_contact(&book, "e-1", "c", c.id(), &rep,
    ///     "2026-11-20T15:00:00Z".parse().unwrap()).unwrap();
    /// let states = vec![playbook.start(e).unwrap()];
    /// let monday = "2026-11-23".parse().unwrap();
    /// let due = playbook.due_on(&book, &states, &rep, monday, &Coverage::none()).unwrap();
    /// assert_eq!(due.len(), 1);
    /// assert!(due[0].reason.starts_with("step 1 of 1 (call)"));
    /// let friday = "2026-11-20".parse().unwrap();
    /// assert!(playbook.due_on(&book, &states, &rep, friday, &Coverage::none()).unwrap().is_empty());
    /// ```
    pub fn due_on(
        &self,
        book: &Book,
        states: &[EnrollmentState],
        rep_id: &str,
        date: NaiveDate,
        coverage: &Coverage,
    ) -> Result<Vec<DueStep>> {
        if book.rep(rep_id).is_none() {
            return Err(Error::not_found(RecordKind::Rep, rep_id.to_owned()));
        }
        self.due(book, states, date, coverage, Some(rep_id))
    }

    /// [`due_on`](Self::due_on) for every rep at once, in one pass: ordered by rep id,
    /// then due instant, ties in the order of `states`. Each due step appears once.
    ///
    /// # Errors
    /// As [`due_on`](Self::due_on).
    ///
    /// # Example
    /// ```
    /// # use callwise::cadence::*;
    /// # let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40)).unwrap();
    /// # let playbook = Playbook::new(callwise::BusinessCalendar::us_federal(),
    /// #     callwise::LocalWindow::parse("09:00", "17:00").unwrap(), vec![]).unwrap();
    /// let due = playbook.due_for_all(&book, &[], "2026-11-23".parse().unwrap(), &Coverage::none()).unwrap();
    /// assert!(due.is_empty());
    /// ```
    pub fn due_for_all(
        &self,
        book: &Book,
        states: &[EnrollmentState],
        date: NaiveDate,
        coverage: &Coverage,
    ) -> Result<Vec<DueStep>> {
        self.due(book, states, date, coverage, None)
    }

    fn due(
        &self,
        book: &Book,
        states: &[EnrollmentState],
        date: NaiveDate,
        coverage: &Coverage,
        only: Option<&str>,
    ) -> Result<Vec<DueStep>> {
        // The end of `date` in each owner's zone, worked out once per rep.
        let mut day_ends: FxHashMap<&str, (Tz, DateTime<Utc>, DateTime<Utc>)> =
            FxHashMap::default();
        let mut opened: FxHashMap<(Tz, crate::LocalWindow, DateTime<Utc>), Span> =
            FxHashMap::default();
        let mut out = Vec::new();
        let mut positions: Vec<u32> = Vec::new();
        for (position, state) in (0u32..).zip(states) {
            let owner = state.enrollment.rep_id.as_str();
            let (_, day_start, day_end) = match day_ends.get(owner) {
                Some(v) => *v,
                None => {
                    let rep = book
                        .rep(owner)
                        .ok_or_else(|| Error::not_found(RecordKind::Rep, owner.to_owned()))?;
                    let tz = parse_time_zone(&rep.time_zone)?;
                    let start = day_edge(tz, date)?;
                    let end = day_edge(tz, date.succ_opt().ok_or_else(off_calendar)?)?;
                    *day_ends.entry(owner).or_insert((tz, start, end))
                }
            };
            let due_at = match state.status {
                EnrollmentStatus::Active => state.due_at,
                EnrollmentStatus::Paused { until: Some(until) } if until < day_end => {
                    self.open_at(state, state.due_at.max(until))?
                }
                _ => continue,
            };
            if due_at >= day_end {
                continue;
            }
            let Some(rep) = coverage.assignee(book, state, date) else {
                continue;
            };
            if only.is_some_and(|o| o != rep) {
                continue;
            }
            let step = self.step_of(state)?;
            let window = step.window.unwrap_or(self.business_hours());
            // Overdue steps open with their window on the day: the same instants for
            // every step of one zone and window, so work them out once.
            let from = due_at.max(day_start);
            let key = (state.tz, window, from);
            let (window_start, window_end) = match opened.get(&key) {
                Some(&v) => v,
                None => {
                    let calendar = self.calendar();
                    let start = calendar.next_business_instant(from, state.tz, &window)?;
                    let close =
                        window.close_after(state.tz, start, |d| calendar.is_business_day(d));
                    let v = (start, close);
                    if from == day_start {
                        opened.insert(key, v);
                    }
                    v
                }
            };
            let mut reason = state.reason.clone();
            let due_day = local_date(state.tz, due_at);
            if due_day < local_date(state.tz, window_start) {
                reason.push_str(&format!("; overdue since {due_day}"));
            }
            if rep != owner {
                reason.push_str(&format!("; covering for {owner}, away"));
            }
            positions.push(position);
            out.push(DueStep {
                rep_id: rep.to_owned(),
                owner_rep_id: owner.to_owned(),
                enrollment_id: state.enrollment.id.clone(),
                contact_id: state.enrollment.contact_id.clone(),
                account_id: state.enrollment.account_id.clone(),
                cadence_id: state.cadence_id.clone(),
                step_id: state.step_id.clone(),
                kind: step.kind,
                variant: state.variant.clone(),
                due_at,
                window_start,
                window_end,
                reason,
            });
        }
        // Sort small keys, not the records: the rep's rank among the reps listed, the
        // due instant, and the state's position for ties.
        let mut reps: Vec<&str> = out.iter().map(|d| d.rep_id.as_str()).collect();
        reps.sort_unstable();
        reps.dedup();
        let mut order: Vec<(u32, i64, u32, u32)> = out
            .iter()
            .zip(&positions)
            .enumerate()
            .map(|(i, (d, &p))| {
                let rank = reps.binary_search(&d.rep_id.as_str()).unwrap_or(0) as u32;
                (rank, d.due_at.timestamp_micros(), p, i as u32)
            })
            .collect();
        order.sort_unstable();
        let mut slots: Vec<Option<DueStep>> = out.into_iter().map(Some).collect();
        let out = order
            .into_iter()
            .map(|(.., i)| slots[i as usize].take().expect("each index once"))
            .collect();
        Ok(out)
    }
}

/// A window's opening and closing instants.
type Span = (DateTime<Utc>, DateTime<Utc>);

/// The first instant of `date` in `tz`.
fn day_edge(tz: Tz, date: NaiveDate) -> Result<DateTime<Utc>> {
    instants_at(tz, date.and_time(NaiveTime::MIN))[0].ok_or_else(off_calendar)
}

fn off_calendar() -> Error {
    Error::invalid_argument("date", "past the end of the calendar")
}

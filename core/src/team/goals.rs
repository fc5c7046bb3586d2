//! Goals: targets for a month, a fiscal quarter or a fiscal year, per rep or team, and
//! progress with pace as of any day, from the same activity log as everything else.

use super::tally::{Window, days_window, tally_windows};
use super::{Tally, TeamConfig};
use crate::book::money::is_currency_code;
use crate::{Book, Error, Money, OpportunityStage, RecordKind, RepId, Result, TeamId};
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The most goals one call measures.
const MAX_GOALS: usize = 100_000;

/// How long a goal runs.
///
/// # Example
/// ```
/// use callwise::team::{Period, PeriodKind};
/// assert_eq!(Period::parse("FY2027-Q2")?.kind(), PeriodKind::Quarter);
/// # Ok::<(), callwise::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// A calendar month.
    Month,
    /// A quarter of the fiscal year.
    Quarter,
    /// A fiscal year.
    Year,
}

/// A month (`"2026-11"`), a fiscal quarter (`"FY2027-Q2"`) or a fiscal year
/// (`"FY2027"`), written so in JSON and every binding. Fiscal year `N` ends in calendar
/// year `N` and starts in the month [`TeamConfig::fiscal_year_start_month`] says; its
/// quarters are its four stretches of three months, from its first month.
///
/// A period that does not exist (month 13, quarter 5, a year outside 1900 to 9999) is
/// never made: the constructors and the parser refuse it.
///
/// # Example
/// ```
/// use callwise::team::Period;
/// let q2 = Period::parse("FY2027-Q2")?;
/// // A fiscal year starting in July: FY2027 runs from July 2026; its Q2 is October to December.
/// let (first, last) = q2.dates(7);
/// assert_eq!((first.to_string(), last.to_string()), ("2026-10-01".into(), "2026-12-31".into()));
/// assert_eq!(Period::containing(q2.kind(), "2026-11-15".parse().unwrap(), 7)?, q2);
/// assert_eq!(q2.to_string(), "FY2027-Q2");
/// assert!(Period::parse("2026-13").is_err() && Period::parse("FY2027-Q5").is_err());
/// # Ok::<(), callwise::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Period {
    kind: PeriodKind,
    year: i32,
    number: u32,
}

const YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

fn no_period(text: impl std::fmt::Display, why: &str) -> Error {
    Error::invalid_argument("period", format!("\"{text}\" is not a period: {why}"))
}

impl Period {
    fn checked_year(year: i32) -> Result<i32> {
        if YEARS.contains(&year) {
            Ok(year)
        } else {
            Err(no_period(year, "the year is outside 1900 to 9999"))
        }
    }

    /// The calendar month `month` (1 to 12) of `year`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] named `period` for a month outside 1 to 12 or a year
    /// outside 1900 to 9999.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::team::Period::month(2026, 11)?.to_string(), "2026-11");
    /// assert!(callwise::team::Period::month(2026, 13).is_err());
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn month(year: i32, month: u32) -> Result<Self> {
        if !(1..=12).contains(&month) {
            return Err(no_period(format!("{year}-{month:02}"), "no such month"));
        }
        Ok(Self {
            kind: PeriodKind::Month,
            year: Self::checked_year(year)?,
            number: month,
        })
    }

    /// Quarter `quarter` (1 to 4) of fiscal year `fiscal_year`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] named `period` for a quarter outside 1 to 4 or a year
    /// outside 1900 to 9999.
    ///
    /// # Example
    /// ```
    /// assert!(callwise::team::Period::quarter(2027, 0).is_err());
    /// ```
    pub fn quarter(fiscal_year: i32, quarter: u32) -> Result<Self> {
        if !(1..=4).contains(&quarter) {
            return Err(no_period(
                format!("FY{fiscal_year}-Q{quarter}"),
                "a year has quarters 1 to 4",
            ));
        }
        Ok(Self {
            kind: PeriodKind::Quarter,
            year: Self::checked_year(fiscal_year)?,
            number: quarter,
        })
    }

    /// Fiscal year `fiscal_year`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] named `period` for a year outside 1900 to 9999.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::team::Period::year(2027)?.to_string(), "FY2027");
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn year(fiscal_year: i32) -> Result<Self> {
        Ok(Self {
            kind: PeriodKind::Year,
            year: Self::checked_year(fiscal_year)?,
            number: 0,
        })
    }

    /// A period from its text: `YYYY-MM`, `FYYYYY-Qn` or `FYYYYY`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] named `period` for any other text or a period that
    /// does not exist.
    ///
    /// # Example
    /// See [`Period`].
    pub fn parse(text: &str) -> Result<Self> {
        let number = |digits: &str, width: usize| -> Result<u32> {
            if digits.len() == width && digits.bytes().all(|b| b.is_ascii_digit()) {
                digits.parse().map_err(|_| no_period(text, "not a number"))
            } else {
                Err(no_period(text, "write YYYY-MM, FYYYYY-Qn or FYYYYY"))
            }
        };
        if let Some(fiscal) = text.strip_prefix("FY") {
            return match fiscal.split_once("-Q") {
                Some((year, quarter)) => {
                    Self::quarter(number(year, 4)? as i32, number(quarter, 1)?)
                }
                None => Self::year(number(fiscal, 4)? as i32),
            };
        }
        match text.split_once('-') {
            Some((year, month)) => Self::month(number(year, 4)? as i32, number(month, 2)?),
            None => Err(no_period(text, "write YYYY-MM, FYYYYY-Qn or FYYYYY")),
        }
    }

    /// A month, a fiscal quarter or a fiscal year.
    ///
    /// # Example
    /// See [`PeriodKind`].
    pub fn kind(&self) -> PeriodKind {
        self.kind
    }

    /// The period of `kind` that `day` falls in, for a fiscal year starting in month
    /// `fiscal_start_month` (1 to 12; another number is read as January).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] named `period` when that period's year is outside
    /// 1900 to 9999.
    ///
    /// # Example
    /// See [`Period`].
    pub fn containing(kind: PeriodKind, day: NaiveDate, fiscal_start_month: u32) -> Result<Self> {
        let start = fiscal_start(fiscal_start_month);
        let fiscal_year = if start == 1 || day.month() < start {
            day.year()
        } else {
            day.year() + 1
        };
        match kind {
            PeriodKind::Month => Self::month(day.year(), day.month()),
            PeriodKind::Quarter => {
                Self::quarter(fiscal_year, (day.month() + 12 - start) % 12 / 3 + 1)
            }
            PeriodKind::Year => Self::year(fiscal_year),
        }
    }

    /// The first and last days of the period, for a fiscal year starting in month
    /// `fiscal_start_month` (1 to 12; another number is read as January).
    ///
    /// # Example
    /// See [`Period`].
    pub fn dates(&self, fiscal_start_month: u32) -> (NaiveDate, NaiveDate) {
        let start = fiscal_start(fiscal_start_month);
        let (first, months) = match self.kind {
            PeriodKind::Month => (first_of(self.year, self.number), 1),
            PeriodKind::Quarter | PeriodKind::Year => {
                let year_start =
                    first_of(if start == 1 { self.year } else { self.year - 1 }, start);
                match self.kind {
                    PeriodKind::Quarter => (year_start + Months::new(3 * (self.number - 1)), 3),
                    _ => (year_start, 12),
                }
            }
        };
        let last = (first + Months::new(months)).pred_opt().unwrap_or(first);
        (first, last)
    }
}

/// A fiscal start month, January for anything outside 1 to 12.
fn fiscal_start(month: u32) -> u32 {
    if (1..=12).contains(&month) { month } else { 1 }
}

/// The first day of a month that exists (years 1899 to 9999).
fn first_of(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            PeriodKind::Month => write!(f, "{:04}-{:02}", self.year, self.number),
            PeriodKind::Quarter => write!(f, "FY{:04}-Q{}", self.year, self.number),
            PeriodKind::Year => write!(f, "FY{:04}", self.year),
        }
    }
}

impl std::str::FromStr for Period {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Period {
    type Error = Error;
    fn try_from(text: String) -> Result<Self> {
        Self::parse(&text)
    }
}

impl From<Period> for String {
    fn from(period: Period) -> Self {
        period.to_string()
    }
}

/// Targets for one rep or one team over one period. Each target is optional; a goal
/// sets at least one.
///
/// - `calls`: dials ([`Tally::dials`]);
/// - `meetings`: meetings and webinars set ([`Tally::appointments`]);
/// - `new_opportunities`: deals the owner (or a rep of the team) owns created in the
///   period;
/// - `closed`: the amount of deals won in the period, in the target's currency (deals
///   in another currency are counted aside, not converted).
///
/// # Example
/// ```
/// use callwise::team::Goal;
/// let goal: Goal = serde_json::from_str(r#"{"team_id": "team-sales-1", "period": "FY2026-Q4",
///     "calls": 600, "closed": {"amount_minor": 5000000, "currency": "USD"}}"#).unwrap();
/// assert_eq!(goal.period.to_string(), "FY2026-Q4");
/// assert!(goal.check().is_ok());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// The rep, for a rep's goal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rep_id: Option<RepId>,
    /// The team, for a team's goal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<TeamId>,
    /// The period.
    pub period: Period,
    /// Dials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls: Option<u32>,
    /// Meetings and webinars set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meetings: Option<u32>,
    /// Deals uncovered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_opportunities: Option<u32>,
    /// Business won.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<Money>,
}

impl Goal {
    /// Checks the goal on its own: exactly one of `rep_id` and `team_id`, at least one
    /// target, a closed amount not negative in a currency code.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] named `goal`.
    ///
    /// # Example
    /// See [`Goal`].
    pub fn check(&self) -> Result<()> {
        let refuse = |why: &str| Err(Error::invalid_argument("goal", why.to_owned()));
        if self.rep_id.is_some() == self.team_id.is_some() {
            return refuse("a goal is a rep's or a team's: give exactly one of rep_id and team_id");
        }
        if self.calls.is_none()
            && self.meetings.is_none()
            && self.new_opportunities.is_none()
            && self.closed.is_none()
        {
            return refuse("a goal sets at least one target");
        }
        if let Some(m) = &self.closed
            && (m.amount_minor < 0 || !is_currency_code(&m.currency))
        {
            return refuse(
                "the closed target is an amount of 0 or more in a currency code like USD",
            );
        }
        Ok(())
    }
}

/// What a goal measures.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&callwise::team::Metric::NewOpportunities).unwrap(), "\"new_opportunities\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Dials.
    Calls,
    /// Meetings and webinars set.
    Meetings,
    /// Deals uncovered.
    NewOpportunities,
    /// Business won, in minor units of the target's currency.
    Closed,
}

impl Metric {
    /// The snake-case name used in JSON and every binding.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::team::Metric::Closed.as_str(), "closed");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Calls => "calls",
            Self::Meetings => "meetings",
            Self::NewOpportunities => "new_opportunities",
            Self::Closed => "closed",
        }
    }
}

/// Whether a measure keeps pace with its target.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&callwise::team::Pace::Behind).unwrap(), "\"behind\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pace {
    /// At or above what the days elapsed call for.
    OnTrack,
    /// Below it.
    Behind,
}

/// One target's progress.
///
/// `expected` is what keeping pace calls for by the day measured: the target times the
/// days elapsed over the days of the period, rounded up (so a measure is on track
/// exactly when `actual >= expected`); `difference` is `actual - expected` (negative:
/// behind by that much).
///
/// # Example
/// See [`GoalProgress`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

/// A goal's progress as of a day: each target with what was done from the period's
/// first day to the day measured (the `as_of` day, or the period's last day if it is
/// over), and the pace.
///
/// Touches are dated in each rep's own zone; a team's are its reps'. A day before the
/// period starts has nothing elapsed: every measure is on track at 0.
///
/// # Example
/// ```
/// use callwise::team::{goal_progress, Goal, Metric, Pace, TeamConfig};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
/// let goal: Goal = serde_json::from_str(r#"{"rep_id": "rep-sales-0001", "period": "2026-10",
///     "calls": 40, "meetings": 4}"#).unwrap();
/// let as_of = "2026-10-16".parse().unwrap();
/// let progress = &goal_progress(&book, &[goal], as_of, &TeamConfig::default())?[0];
/// assert_eq!((progress.days_elapsed, progress.days_total), (16, 31));
/// let calls = &progress.measures[0];
/// assert_eq!((calls.metric, calls.expected), (Metric::Calls, 21)); // 40 × 16 / 31, rounded up
/// assert_eq!(calls.pace == Pace::OnTrack, calls.actual >= 21);
/// # Ok::<(), callwise::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalProgress {
    /// The rep, for a rep's goal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rep_id: Option<RepId>,
    /// The team, for a team's goal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<TeamId>,
    /// The period.
    pub period: Period,
    /// Its first day.
    #[serde(deserialize_with = "crate::time::strict")]
    pub first_day: NaiveDate,
    /// Its last day.
    #[serde(deserialize_with = "crate::time::strict")]
    pub last_day: NaiveDate,
    /// The day progress is measured as of.
    #[serde(deserialize_with = "crate::time::strict")]
    pub as_of: NaiveDate,
    /// Days of the period up to and including `as_of` (0 before it starts).
    pub days_elapsed: u32,
    /// Days in the period.
    pub days_total: u32,
    /// Each target set, in the order calls, meetings, new opportunities, closed.
    pub measures: Vec<Measure>,
    /// Deals won in the period in a currency other than the closed target's (not
    /// counted in it).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub deals_in_other_currencies: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl GoalProgress {
    /// The progress as pretty-printed JSON.
    ///
    /// # Example
    /// ```
    /// use callwise::team::{goal_progress, Goal, TeamConfig};
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
    /// let goal: Goal = serde_json::from_str(r#"{"team_id": "team-sales-1", "period": "FY2026", "new_opportunities": 20}"#).unwrap();
    /// let progress = goal_progress(&book, &[goal], "2026-10-16".parse().unwrap(), &TeamConfig::default())?;
    /// assert!(progress[0].to_json().contains("\"period\": \"FY2026\""));
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn to_json(&self) -> String {
        super::pretty(self)
    }

    /// One line per measure, for people (the wrap-up's e-mail uses them).
    ///
    /// # Example
    /// ```
    /// use callwise::team::{goal_progress, Goal, TeamConfig};
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
    /// let goal: Goal = serde_json::from_str(r#"{"rep_id": "rep-sales-0001", "period": "2026-10", "calls": 40}"#).unwrap();
    /// let progress = goal_progress(&book, &[goal], "2026-10-16".parse().unwrap(), &TeamConfig::default())?;
    /// assert!(progress[0].lines()[0].starts_with("2026-10 calls:"));
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn lines(&self) -> Vec<String> {
        self.measures
            .iter()
            .map(|m| {
                let money = |n: i64| match &m.currency {
                    Some(c) => Money::new(n, c.clone()).to_string(),
                    None => n.to_string(),
                };
                let pace = match m.pace {
                    Pace::OnTrack => format!("on track, {} ahead", money(m.difference)),
                    Pace::Behind => format!("behind by {}", money(m.difference.saturating_neg())),
                };
                format!(
                    "{} {}: {} of {} (pace {}): {pace}",
                    self.period,
                    m.metric.as_str(),
                    money(m.actual),
                    money(m.target),
                    money(m.expected)
                )
            })
            .collect()
    }
}

/// The progress of every goal as of `as_of` (see [`GoalProgress`]), in the order
/// given, in one pass over the book.
///
/// # Errors
/// [`Error::InvalidArgument`] named `goal` as [`Goal::check`], named `goals` for more
/// than 100,000 goals, named `as_of` outside the years 1900 to 9999;
/// [`Error::NotFound`] for a rep or team not in the book, [`Error::InvalidArgument`]
/// named `team_id` for a team with no rep; the errors of [`TeamConfig::check`].
///
/// # Example
/// See [`GoalProgress`].
pub fn goal_progress(
    book: &Book,
    goals: &[Goal],
    as_of: NaiveDate,
    config: &TeamConfig,
) -> Result<Vec<GoalProgress>> {
    config.check()?;
    if goals.len() > MAX_GOALS {
        return Err(Error::invalid_argument(
            "goals",
            format!("{} goals; at most {MAX_GOALS}", goals.len()),
        ));
    }
    if !YEARS.contains(&as_of.year()) {
        return Err(Error::invalid_argument(
            "as_of",
            format!("{as_of} is outside the years 1900 to 9999"),
        ));
    }
    // Each goal's reps and days, then one window per (goal, rep).
    struct Plan {
        reps: Vec<u32>,
        first: NaiveDate,
        last: NaiveDate,
        windows: std::ops::Range<usize>,
    }
    let mut plans = Vec::with_capacity(goals.len());
    let mut windows: Vec<Window> = Vec::new();
    for goal in goals {
        goal.check()?;
        let reps = match (&goal.rep_id, &goal.team_id) {
            (Some(rep), _) => vec![
                book.rep_position(rep.as_str())
                    .ok_or_else(|| Error::not_found(RecordKind::Rep, rep.as_str()))?,
            ],
            (_, Some(team)) => super::leaderboard::team_reps(book, team.as_str())?.1,
            (None, None) => Vec::new(),
        };
        let (first, last) = goal.period.dates(config.fiscal_year_start_month);
        let start = windows.len();
        if as_of >= first {
            for &r in &reps {
                windows.push(days_window(book, r, first, as_of.min(last))?);
            }
        }
        plans.push(Plan {
            reps,
            first,
            last,
            windows: start..windows.len(),
        });
    }
    let tallies = tally_windows(book, &windows)?;
    // The deals: by owner, the plans that count them.
    let mut plans_of: Vec<Vec<usize>> = vec![Vec::new(); book.reps().len()];
    for (p, plan) in plans.iter().enumerate() {
        for &r in &plan.reps {
            plans_of[r as usize].push(p);
        }
    }
    let mut created = vec![0i64; plans.len()];
    let mut closed = vec![0i64; plans.len()];
    let mut other_currency = vec![0u32; plans.len()];
    crate::interrupt::check()?;
    for deal in book.opportunities() {
        let Some(r) = book.rep_position(deal.owner_rep_id()) else {
            continue;
        };
        for &p in &plans_of[r as usize] {
            let plan = &plans[p];
            let upto = as_of.min(plan.last);
            let inside = |d: NaiveDate| d >= plan.first && d <= upto;
            if inside(deal.created_on()) {
                created[p] += 1;
            }
            let won =
                deal.stage() == OpportunityStage::ClosedWon && deal.closed_on().is_some_and(inside);
            if let (true, Some(target)) = (won, &goals[p].closed) {
                if deal.currency() == target.currency {
                    closed[p] = closed[p].saturating_add(deal.amount_minor());
                } else {
                    other_currency[p] += 1;
                }
            }
        }
    }
    Ok(goals
        .iter()
        .zip(&plans)
        .enumerate()
        .map(|(p, (goal, plan))| {
            let mut sum = Tally::default();
            for t in &tallies[plan.windows.clone()] {
                sum.add(t);
            }
            let total = (plan.last - plan.first).num_days() + 1;
            let elapsed = ((as_of - plan.first).num_days() + 1).clamp(0, total);
            let mut measures = Vec::new();
            let mut measure =
                |metric, target: Option<i64>, actual: i64, currency: Option<&String>| {
                    if let Some(target) = target {
                        measures.push(pace(
                            metric,
                            target,
                            actual,
                            elapsed,
                            total,
                            currency.cloned(),
                        ));
                    }
                };
            measure(
                Metric::Calls,
                goal.calls.map(i64::from),
                i64::from(sum.dials),
                None,
            );
            measure(
                Metric::Meetings,
                goal.meetings.map(i64::from),
                i64::from(sum.appointments()),
                None,
            );
            measure(
                Metric::NewOpportunities,
                goal.new_opportunities.map(i64::from),
                created[p],
                None,
            );
            measure(
                Metric::Closed,
                goal.closed.as_ref().map(|m| m.amount_minor),
                closed[p],
                goal.closed.as_ref().map(|m| &m.currency),
            );
            GoalProgress {
                rep_id: goal.rep_id.clone(),
                team_id: goal.team_id.clone(),
                period: goal.period,
                first_day: plan.first,
                last_day: plan.last,
                as_of,
                days_elapsed: elapsed as u32,
                days_total: total as u32,
                measures,
                deals_in_other_currencies: other_currency[p],
            }
        })
        .collect())
}

/// A measure: `expected` is `target × elapsed / total` rounded up, in exact integers.
fn pace(
    metric: Metric,
    target: i64,
    actual: i64,
    elapsed: i64,
    total: i64,
    currency: Option<String>,
) -> Measure {
    let numerator = i128::from(target) * i128::from(elapsed);
    let total = i128::from(total.max(1));
    let expected = ((numerator + total - 1) / total) as i64;
    let difference = actual.saturating_sub(expected);
    Measure {
        metric,
        target,
        actual,
        expected,
        difference,
        pace: if difference >= 0 {
            Pace::OnTrack
        } else {
            Pace::Behind
        },
        currency,
    }
}

//! The binding of `callwise::team`: `Book.blitz_pool`, `Book.routine_pool`,
//! `Book.daily_wrap_up` and `Book.goal_progress`; the `BlitzPool`, `WrapUp`,
//! `BookChanges` and `BatonMove` classes; and the functions of the public module
//! `callwise.team` (`leaderboard`, `wrap_ups`, `baton`, `propose_handoff`,
//! `accept_handoff`, `reject_handoff`, `default_team_config`).
//!
//! A team configuration is a dict in the core's JSON shape or its JSON text, read by
//! the core's `TeamConfig::from_json` (None is the default); notes, goals, proposals,
//! activities and trail steps are dicts in the core's JSON shape. Records come back as
//! dicts in that shape. A pool keeps its `Book` and is safe to use from many Python
//! threads at once: every call releases the GIL around the core's work. An instant left
//! out (`at=None`) is the present one, read by the core (`claim_now` and the like).

use callwise::team::{self as core, TeamConfig};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::borrow::Borrow;
use std::sync::Arc;

use crate::args::{day_arg, instant_arg};
use crate::book::Book;
use crate::call_list::{Inputs, config_arg, with_inputs};
use crate::errors::{detach, to_py_err};
use crate::records::{from_record, from_records, json_loads, record_arg, to_dict, to_list};
use crate::routine::Routine;

/// The core book of a Python `Book` as it was when the pool was made (a snapshot: later
/// changes to the book do not reach the pool), kept alive by the pool that reads it.
pub struct Shared(Arc<callwise::Book>);

impl Borrow<callwise::Book> for Shared {
    fn borrow(&self) -> &callwise::Book {
        &self.0
    }
}

/// A team configuration argument: None (the default), a dict in the JSON shape, or its
/// text.
fn team_config_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<TeamConfig> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(TeamConfig::default());
    };
    let json = match value.extract::<std::borrow::Cow<'_, str>>() {
        Ok(text) => text.into_owned(),
        Err(_) => record_arg(value, "team_config")?.to_string(),
    };
    TeamConfig::from_json(&json).map_err(|e| to_py_err(value.py(), e))
}

/// An optional instant argument: None for the present.
fn at_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<chrono::DateTime<chrono::Utc>>> {
    value
        .filter(|v| !v.is_none())
        .map(|v| instant_arg(v, "at"))
        .transpose()
}

/// A trail argument: None (no steps yet), or the steps as dicts.
fn trail_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<core::BatonStep>> {
    match value.filter(|v| !v.is_none()) {
        Some(steps) => from_records(steps, "trail", serde_json::from_value),
        None => Ok(Vec::new()),
    }
}

/// The core functions `Book`'s team methods call.
impl Book {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn pool_for_block(
        slf: &Bound<'_, Self>,
        team_id: &str,
        start: &Bound<'_, PyAny>,
        minutes: u32,
        source: &Bound<'_, PyAny>,
        config: Option<&Bound<'_, PyAny>>,
        inputs: Option<&Bound<'_, Inputs>>,
        team_config: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<BlitzPool> {
        let py = slf.py();
        let start = instant_arg(start, "start")?;
        let source = from_record(source, "source", serde_json::from_value)?;
        let team_config = team_config_arg(team_config)?;
        let config = config_arg(config)?;
        let snapshot = slf.get().core();
        let book = &*snapshot;
        let shared = Shared(Arc::clone(&snapshot));
        let day = core::block_day(book, team_id, start).map_err(|e| to_py_err(py, e))?;
        with_inputs(py, book, day, &config, inputs, |i| {
            core::blitz_pool(
                shared,
                team_id,
                source,
                start,
                minutes,
                &config,
                i,
                &team_config,
            )
        })
        .map(BlitzPool)
    }

    pub(crate) fn pool_for_routine(
        slf: &Bound<'_, Self>,
        team_id: &str,
        routine: &Routine,
        day: &Bound<'_, PyAny>,
        config: Option<&Bound<'_, PyAny>>,
        inputs: Option<&Bound<'_, Inputs>>,
        team_config: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<BlitzPool> {
        let py = slf.py();
        let day = day_arg(day, "day")?;
        let team_config = team_config_arg(team_config)?;
        let config = config_arg(config)?;
        let snapshot = slf.get().core();
        let book = &*snapshot;
        let shared = Shared(Arc::clone(&snapshot));
        let routine = &routine.0;
        with_inputs(py, book, day, &config, inputs, |i| {
            core::routine_pool(shared, team_id, routine, day, &config, i, &team_config)
        })
        .map(BlitzPool)
    }

    pub(crate) fn wrap_up_of(
        &self,
        py: Python<'_>,
        rep_id: &str,
        day: &Bound<'_, PyAny>,
        notes: Option<&Bound<'_, PyAny>>,
        team_config: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<WrapUp> {
        let day = day_arg(day, "day")?;
        let notes: core::WrapUpNotes = match notes.filter(|n| !n.is_none()) {
            Some(n) => from_record(n, "notes", serde_json::from_value)?,
            None => core::WrapUpNotes::default(),
        };
        let team_config = team_config_arg(team_config)?;
        let snapshot = self.core();
        let book = &*snapshot;
        detach(py, || {
            core::daily_wrap_up(book, rep_id, day, &notes, &team_config)
        })
        .map(WrapUp)
    }

    pub(crate) fn progress_of<'py>(
        &self,
        py: Python<'py>,
        goals: &Bound<'py, PyAny>,
        as_of: &Bound<'py, PyAny>,
        team_config: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let goals: Vec<core::Goal> = from_records(goals, "goals", serde_json::from_value)?;
        let as_of = day_arg(as_of, "as_of")?;
        let team_config = team_config_arg(team_config)?;
        let snapshot = self.core();
        let book = &*snapshot;
        let progress = detach(py, || {
            core::goal_progress(book, &goals, as_of, &team_config)
        })?;
        to_list(py, serde_json::to_string(&progress))
    }
}

/// A team's pool of calls for one block (a Power Hour or a Crankathon), split fairly
/// between the team's reps and claimed by many reps at once: safe to share between
/// Python threads, each call releasing the GIL. `claim(rep_id)` gives the rep's next
/// account (their own share first, then the best free one) or None when none may be
/// called now; a claim lapses after the configuration's `claim_minutes`; `release`
/// hands it back, `log_call` records the call (once per account per block). Accounts
/// whose callee cannot be called for the rest of the block leave the pool with their
/// rule (`left()`). Instants are aware datetimes; None is the present.
#[pyclass(name = "BlitzPool", module = "callwise.team", frozen)]
pub struct BlitzPool(core::BlitzPool<Shared>);

#[pymethods]
impl BlitzPool {
    /// The id of the account rep `rep_id` now holds, or None when none may be claimed.
    #[pyo3(signature = (rep_id, at = None))]
    fn claim(
        &self,
        py: Python<'_>,
        rep_id: &str,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<String>> {
        let at = at_arg(at)?;
        let claim = detach(py, || match at {
            Some(at) => self.0.claim(rep_id, at),
            None => self.0.claim_now(rep_id),
        })?;
        Ok(claim.map(|c| c.account_id.as_str().to_owned()))
    }

    /// Claims account `account_id` for rep `rep_id` (or renews their claim): the claim
    /// as a dict (`account_id`, `contact_id`, `rep_id`, `claimed_at`, `expires_at`).
    #[pyo3(signature = (rep_id, account_id, at = None))]
    fn claim_account<'py>(
        &self,
        py: Python<'py>,
        rep_id: &str,
        account_id: &str,
        at: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let at = at_arg(at)?;
        let claim = detach(py, || match at {
            Some(at) => self.0.claim_account(rep_id, account_id, at),
            None => self.0.claim_account_now(rep_id, account_id),
        })?;
        to_dict(py, serde_json::to_string(&claim))
    }

    /// Hands rep `rep_id`'s claim on `account_id` back to the pool.
    #[pyo3(signature = (rep_id, account_id, at = None))]
    fn release(
        &self,
        py: Python<'_>,
        rep_id: &str,
        account_id: &str,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let at = at_arg(at)?;
        detach(py, || match at {
            Some(at) => self.0.release(rep_id, account_id, at),
            None => self.0.release_now(rep_id, account_id),
        })
    }

    /// Records a call made from the pool: `activity` is a dict in the book's JSON shape
    /// of an activity (an outbound call or voicemail in the block).
    fn log_call(&self, py: Python<'_>, activity: &Bound<'_, PyAny>) -> PyResult<()> {
        let activity: callwise::Activity =
            from_record(activity, "activity", serde_json::from_value)?;
        detach(py, || self.0.log_call(&activity))
    }

    /// How many accounts are free, claimed, called and gone, as a dict.
    #[pyo3(signature = (at = None))]
    fn remaining<'py>(
        &self,
        py: Python<'py>,
        at: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let at = at_arg(at)?;
        let counts = detach(py, || match at {
            Some(at) => self.0.remaining(at),
            None => self.0.remaining_now(),
        })?;
        to_dict(py, serde_json::to_string(&counts))
    }

    /// The accounts that left the pool, with their rules, as dicts.
    fn left<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        to_list(py, serde_json::to_string(&py.detach(|| self.0.left())))
    }

    /// The calls logged through the pool, as activity dicts.
    fn logged<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        to_list(py, serde_json::to_string(&py.detach(|| self.0.logged())))
    }

    /// The leaderboard of the block so far, as a dict.
    fn leaderboard<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        to_dict(
            py,
            serde_json::to_string(&py.detach(|| self.0.leaderboard())),
        )
    }

    /// Every account and where it stands at `at`, what left, what the list held back
    /// or cut, the calls logged: the manager's view, as a dict.
    #[pyo3(signature = (at = None))]
    fn snapshot<'py>(
        &self,
        py: Python<'py>,
        at: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let at = at_arg(at)?;
        let view = py.detach(|| match at {
            Some(at) => self.0.snapshot(at),
            None => self.0.snapshot_now(),
        });
        to_dict(py, serde_json::to_string(&view))
    }

    /// The list entry of `account_id` (whom to call and why) as a dict, or None when
    /// the account is not in the pool.
    fn entry<'py>(
        &self,
        py: Python<'py>,
        account_id: &str,
    ) -> PyResult<Option<Bound<'py, PyDict>>> {
        self.0
            .entry(account_id)
            .map(|e| to_dict(py, serde_json::to_string(e)))
            .transpose()
    }

    /// The team.
    #[getter]
    fn team_id(&self) -> &str {
        self.0.team_id().as_str()
    }

    /// The block's first instant.
    #[getter]
    fn start<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyDateTime>> {
        crate::times::py_instant(py, self.0.block().start, "start")
    }

    /// The first instant after the block.
    #[getter]
    fn end<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyDateTime>> {
        crate::times::py_instant(py, self.0.block().end, "end")
    }

    fn __len__(&self) -> usize {
        self.0.list().entries.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "<BlitzPool {} {}: {} accounts>",
            self.0.team_id().as_str(),
            self.0.block().start.to_rfc3339(),
            self.0.list().entries.len()
        )
    }
}

/// One rep's Daily Wrap Up: the day from the book (touches, deals uncovered and won
/// with the day the money lands) and the rep's notes. `to_json()` is the core's JSON,
/// `to_email()` a plain-text body for the partner, `file(book, at)` the follow-up tasks
/// tomorrow's list carries over.
#[pyclass(name = "WrapUp", module = "callwise.team", frozen)]
pub struct WrapUp(core::WrapUp);

#[pymethods]
impl WrapUp {
    /// A wrap-up from its JSON form (what `to_json` writes).
    #[staticmethod]
    fn from_json(py: Python<'_>, json: &str) -> PyResult<Self> {
        core::WrapUp::from_json(json)
            .map(Self)
            .map_err(|e| to_py_err(py, e))
    }

    /// The wrap-up as pretty-printed JSON.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The wrap-up as a dict in the JSON shape.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        to_dict(py, serde_json::to_string(&self.0))
    }

    /// The wrap-up as a plain-text e-mail body, with `goals` (progress dicts, as
    /// `Book.goal_progress` gives them) if any.
    #[pyo3(signature = (goals = None))]
    fn to_email(&self, goals: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
        let goals: Vec<core::GoalProgress> = match goals {
            Some(g) => from_records(g, "goals", serde_json::from_value)?,
            None => Vec::new(),
        };
        Ok(self.0.to_email(&goals))
    }

    /// Files the wrap-up at `at`: its follow-ups as open tasks, as `BookChanges`.
    fn file(&self, py: Python<'_>, book: &Book, at: &Bound<'_, PyAny>) -> PyResult<BookChanges> {
        let at = instant_arg(at, "at")?;
        let snapshot = book.core();
        let book = &*snapshot;
        detach(py, || self.0.file(book, at)).map(BookChanges)
    }

    /// The rep.
    #[getter]
    fn rep_id(&self) -> &str {
        self.0.rep_id.as_str()
    }

    /// The day.
    #[getter]
    fn day<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyDate>> {
        crate::times::py_date(py, self.0.day, "day")
    }

    fn __repr__(&self) -> String {
        format!("<WrapUp {} {}>", self.0.rep_id.as_str(), self.0.day)
    }
}

/// Records to write into a book (tasks, hand-offs, accounts; hand-offs to remove):
/// `apply(book)` gives a new `Book` with them written in.
#[pyclass(name = "BookChanges", module = "callwise.team", frozen)]
pub struct BookChanges(core::BookChanges);

#[pymethods]
impl BookChanges {
    /// Changes from their JSON form.
    #[staticmethod]
    fn from_json(py: Python<'_>, json: &str) -> PyResult<Self> {
        core::BookChanges::from_json(json)
            .map(Self)
            .map_err(|e| to_py_err(py, e))
    }

    /// The changes as pretty-printed JSON.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The changes as a dict in the JSON shape.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        to_dict(py, serde_json::to_string(&self.0))
    }

    /// A new book: `book`'s records with the changes written in, validated again.
    fn apply(&self, py: Python<'_>, book: &Book) -> PyResult<Book> {
        let snapshot = book.core();
        let book = &*snapshot;
        detach(py, || self.0.applied(book)).map(Book::from)
    }

    fn __bool__(&self) -> bool {
        !self.0.is_empty()
    }

    fn __repr__(&self) -> String {
        format!(
            "<BookChanges: {} tasks, {} hand-offs, {} removed, {} accounts>",
            self.0.tasks.len(),
            self.0.handoffs.len(),
            self.0.removed_handoffs.len(),
            self.0.accounts.len()
        )
    }
}

/// What a step of the hand-off baton changes: `steps` (dicts) to add to the trail, and
/// `changes` to write into the book.
#[pyclass(name = "BatonMove", module = "callwise.team", frozen)]
pub struct BatonMove(core::BatonMove);

#[pymethods]
impl BatonMove {
    /// The steps to append to the trail, as dicts.
    #[getter]
    fn steps<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        to_list(py, serde_json::to_string(&self.0.steps))
    }

    /// The records to write into the book.
    #[getter]
    fn changes(&self) -> BookChanges {
        BookChanges(self.0.changes.clone())
    }

    /// The move as pretty-printed JSON.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    fn __repr__(&self) -> String {
        format!("<BatonMove: {} steps>", self.0.steps.len())
    }
}

/// The leaderboard of team `team_id` over `[start, end)`: the book's activities and
/// `activities` (dicts the book does not hold yet), as a dict.
#[pyfunction]
#[pyo3(signature = (book, team_id, start, end, activities = None))]
fn leaderboard<'py>(
    py: Python<'py>,
    book: &Book,
    team_id: &str,
    start: &Bound<'py, PyAny>,
    end: &Bound<'py, PyAny>,
    activities: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let (start, end) = (instant_arg(start, "start")?, instant_arg(end, "end")?);
    let extra: Vec<callwise::Activity> = match activities {
        Some(a) => from_records(a, "activities", serde_json::from_value)?,
        None => Vec::new(),
    };
    let snapshot = book.core();
    let book = &*snapshot;
    let board = detach(py, || core::leaderboard(book, team_id, start, end, &extra))?;
    to_dict(py, serde_json::to_string(&board))
}

/// Every rep's Daily Wrap Up for `day`, from the book alone (no notes), in rep id order.
#[pyfunction]
#[pyo3(signature = (book, day, team_config = None))]
fn wrap_ups(
    py: Python<'_>,
    book: &Book,
    day: &Bound<'_, PyAny>,
    team_config: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<WrapUp>> {
    let day = day_arg(day, "day")?;
    let team_config = team_config_arg(team_config)?;
    let snapshot = book.core();
    let book = &*snapshot;
    let all = detach(py, || core::wrap_ups(book, day, &team_config))?;
    Ok(all.into_iter().map(WrapUp).collect())
}

/// Where the baton of account `account_id` is, given the `trail` (step dicts), as a
/// dict.
#[pyfunction]
#[pyo3(signature = (book, account_id, trail = None))]
fn baton<'py>(
    py: Python<'py>,
    book: &Book,
    account_id: &str,
    trail: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let trail = trail_arg(trail)?;
    let snapshot = book.core();
    let book = &*snapshot;
    let now = detach(py, || core::baton(book, account_id, &trail))?;
    to_dict(py, serde_json::to_string(&now))
}

/// Proposes passing an account's baton: `proposal` is a dict (`handoff_id`,
/// `account_id`, `from_rep_id`, `to_rep_id`, `at`, `direction`, `checklist`).
#[pyfunction]
#[pyo3(signature = (book, proposal, trail = None))]
fn propose_handoff(
    py: Python<'_>,
    book: &Book,
    proposal: &Bound<'_, PyAny>,
    trail: Option<&Bound<'_, PyAny>>,
) -> PyResult<BatonMove> {
    let proposal: core::Proposal = from_record(proposal, "proposal", serde_json::from_value)?;
    let trail = trail_arg(trail)?;
    let snapshot = book.core();
    let book = &*snapshot;
    detach(py, || core::propose_handoff(book, &trail, &proposal)).map(BatonMove)
}

/// The receiver `rep_id` accepts hand-off `handoff_id` at `at`.
#[pyfunction]
#[pyo3(signature = (book, handoff_id, rep_id, at, trail = None))]
fn accept_handoff(
    py: Python<'_>,
    book: &Book,
    handoff_id: &str,
    rep_id: &str,
    at: &Bound<'_, PyAny>,
    trail: Option<&Bound<'_, PyAny>>,
) -> PyResult<BatonMove> {
    let at = instant_arg(at, "at")?;
    let trail = trail_arg(trail)?;
    let snapshot = book.core();
    let book = &*snapshot;
    detach(py, || {
        core::accept_handoff(book, &trail, handoff_id, rep_id, at)
    })
    .map(BatonMove)
}

/// The receiver `rep_id` turns hand-off `handoff_id` down at `at`, for `reason`.
#[pyfunction]
#[pyo3(signature = (book, handoff_id, rep_id, at, reason, trail = None))]
fn reject_handoff(
    py: Python<'_>,
    book: &Book,
    handoff_id: &str,
    rep_id: &str,
    at: &Bound<'_, PyAny>,
    reason: &str,
    trail: Option<&Bound<'_, PyAny>>,
) -> PyResult<BatonMove> {
    let at = instant_arg(at, "at")?;
    let trail = trail_arg(trail)?;
    let snapshot = book.core();
    let book = &*snapshot;
    detach(py, || {
        core::reject_handoff(book, &trail, handoff_id, rep_id, at, reason)
    })
    .map(BatonMove)
}

/// The default team configuration, as a dict in the JSON shape.
#[pyfunction]
fn default_team_config(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    json_loads(py, &TeamConfig::default().to_json())
}

/// Adds the team classes and functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<BlitzPool>()?;
    m.add_class::<WrapUp>()?;
    m.add_class::<BookChanges>()?;
    m.add_class::<BatonMove>()?;
    m.add_function(wrap_pyfunction!(leaderboard, m)?)?;
    m.add_function(wrap_pyfunction!(wrap_ups, m)?)?;
    m.add_function(wrap_pyfunction!(baton, m)?)?;
    m.add_function(wrap_pyfunction!(propose_handoff, m)?)?;
    m.add_function(wrap_pyfunction!(accept_handoff, m)?)?;
    m.add_function(wrap_pyfunction!(reject_handoff, m)?)?;
    m.add_function(wrap_pyfunction!(default_team_config, m)?)?;
    Ok(())
}

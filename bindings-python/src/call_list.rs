//! The binding of `callwise::call_list`: `Book.next_day_call_list`,
//! `Book.power_hour_list` and `Book.call_lists`, the `CallList`, `Entry`, `Reason`,
//! `HeldBack` and `Inputs` classes, and the account-then-rep split (`reasons_for`,
//! `lists_from`) of the public module `callwise.call_list`.
//!
//! A configuration is a dict in the core's JSON shape or its JSON text, read by the
//! core's `CallListConfig::from_json` (None is the default). `Inputs` holds the team's
//! playbook and enrollments, zone rotation, models and routines; the core works out what
//! they give for each day. Lists, entries and reasons are objects whose instants are
//! aware `datetime`s in UTC; `to_json()` is the core's JSON, the same bytes in every
//! language; a whole table of entries comes out as columns that the Python package turns
//! into a pyarrow Table. Building runs with the GIL released, stoppable by Ctrl-C.

use callwise::call_list::{self as core, CallListConfig, Prepared};
use chrono::Datelike;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};

use crate::args::{Text, day_arg, texts};
use crate::book::Book;
use crate::cadence::{EnrollmentState, Playbook};
use crate::columns::column;
use crate::errors::{detach, to_py_err};
use crate::records::{from_record, json_loads, record_arg, to_dict, to_list};
use crate::retention::{AnyPurchaseModel, RenewalModel};
use crate::routine::{Routine, ZoneRotation};
use crate::times::{py_date, py_instant};

/// A configuration argument: None (the default), a dict in the JSON shape, or its text.
pub(crate) fn config_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<CallListConfig> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(CallListConfig::default());
    };
    let py = value.py();
    let json = match value.cast::<pyo3::types::PyString>() {
        Ok(text) => crate::args::text_of(text.as_borrowed(), "config")?.into_owned(),
        Err(_) => record_arg(value, "config")?.to_string(),
    };
    CallListConfig::from_json(&json).map_err(|e| to_py_err(py, e))
}

/// What a call list reads besides the book: the team's playbook with its enrollments'
/// states (and who covers for whom), the zone rotation, a renewal model (each member's
/// risk), a purchase model (each customer's P(alive) from their won deals) and the
/// routines that take time out of the reps' day (a Power Hour routine's block is the
/// Power Hour). Every argument is optional.
///
/// >>> import callwise
/// >>> from callwise.call_list import Inputs
/// >>> from callwise.routine import ZoneRotation
/// >>> inputs = Inputs(rotation=ZoneRotation(["North", "South"], "2026-11-23"))
#[pyclass(name = "Inputs", module = "callwise.call_list", frozen)]
pub struct Inputs {
    playbook: Option<Py<Playbook>>,
    enrollments: Vec<callwise::cadence::EnrollmentState>,
    coverage: callwise::cadence::Coverage,
    rotation: Option<Py<ZoneRotation>>,
    renewal_model: Option<Py<RenewalModel>>,
    purchase_model: Option<AnyPurchaseModel>,
    routines: Vec<callwise::routine::Routine>,
}

#[pymethods]
impl Inputs {
    #[new]
    #[pyo3(signature = (*, playbook = None, enrollments = None, coverage = None, rotation = None,
                        renewal_model = None, purchase_model = None, routines = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        playbook: Option<Py<Playbook>>,
        enrollments: Option<&Bound<'_, PyAny>>,
        coverage: Option<&Bound<'_, PyAny>>,
        rotation: Option<Py<ZoneRotation>>,
        renewal_model: Option<Py<RenewalModel>>,
        purchase_model: Option<&Bound<'_, PyAny>>,
        routines: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let enrollments = match enrollments {
            Some(states) => states
                .try_iter()?
                .map(|s| Ok(s?.cast::<EnrollmentState>()?.get().0.clone()))
                .collect::<PyResult<_>>()?,
            None => Vec::new(),
        };
        let routines = match routines {
            Some(items) => items
                .try_iter()?
                .map(|r| Ok(r?.cast::<Routine>()?.get().0.clone()))
                .collect::<PyResult<_>>()?,
            None => Vec::new(),
        };
        Ok(Self {
            playbook,
            enrollments,
            coverage: coverage
                .map(|c| from_record(c, "coverage", serde_json::from_value))
                .transpose()?
                .unwrap_or_else(callwise::cadence::Coverage::none),
            rotation,
            renewal_model,
            purchase_model: purchase_model.map(AnyPurchaseModel::extract).transpose()?,
            routines,
        })
    }
}

/// Runs `build` on the core inputs of `inputs` for `day`, without the GIL.
pub(crate) fn with_inputs<T: Send>(
    py: Python<'_>,
    book: &callwise::Book,
    day: chrono::NaiveDate,
    config: &CallListConfig,
    inputs: Option<&Bound<'_, Inputs>>,
    build: impl FnOnce(&core::CallListInputs<'_>) -> callwise::Result<T> + Send,
) -> PyResult<T> {
    let none = Inputs {
        playbook: None,
        enrollments: Vec::new(),
        coverage: callwise::cadence::Coverage::none(),
        rotation: None,
        renewal_model: None,
        purchase_model: None,
        routines: Vec::new(),
    };
    let i = inputs.map_or(&none, |i| i.get());
    let playbook = i.playbook.as_ref().map(|p| &p.get().0);
    let coverage = &i.coverage;
    let cadences = playbook.map(|p| (p, i.enrollments.as_slice(), coverage));
    let renewal = i.renewal_model.as_ref().map(|m| &m.get().model);
    let purchase = i.purchase_model;
    let rotation = i.rotation.as_ref().map(|r| &r.get().0);
    let routines = &i.routines;
    detach(py, move || {
        let prepared = Prepared::new(
            book,
            day,
            config,
            cadences,
            renewal,
            purchase.as_ref().map(AnyPurchaseModel::as_dyn),
        )?;
        build(&prepared.inputs(rotation, routines))
    })
}

/// The core functions `Book`'s call-list methods call.
impl Book {
    pub(crate) fn next_day(
        &self,
        py: Python<'_>,
        rep_id: &str,
        day: &Bound<'_, PyAny>,
        config: Option<&Bound<'_, PyAny>>,
        inputs: Option<&Bound<'_, Inputs>>,
    ) -> PyResult<CallList> {
        let (day, config) = (day_arg(day, "day")?, config_arg(config)?);
        let snapshot = self.core();
        let book = &*snapshot;
        with_inputs(py, book, day, &config, inputs, |i| {
            core::next_day_call_list(book, rep_id, day, &config, i)
        })
        .map(CallList)
    }

    pub(crate) fn team_pool(
        &self,
        py: Python<'_>,
        team_id: &str,
        day: &Bound<'_, PyAny>,
        config: Option<&Bound<'_, PyAny>>,
        inputs: Option<&Bound<'_, Inputs>>,
        crankathon: bool,
    ) -> PyResult<CallList> {
        let (day, config) = (day_arg(day, "day")?, config_arg(config)?);
        let snapshot = self.core();
        let book = &*snapshot;
        let build = if crankathon {
            core::crankathon_list
        } else {
            core::power_hour_list
        };
        with_inputs(py, book, day, &config, inputs, |i| {
            build(book, team_id, day, &config, i)
        })
        .map(CallList)
    }

    pub(crate) fn every_rep<'py>(
        &self,
        py: Python<'py>,
        day: &Bound<'py, PyAny>,
        config: Option<&Bound<'py, PyAny>>,
        inputs: Option<&Bound<'py, Inputs>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (day, config) = (day_arg(day, "day")?, config_arg(config)?);
        let snapshot = self.core();
        let book = &*snapshot;
        let table = with_inputs(py, book, day, &config, inputs, |i| {
            core::call_list_table(book, day, &config, i)
        })?;
        arrow_table(py, table)
    }
}

/// A core `CallListTable` as one pyarrow Table, typed by the package's
/// `callwise.call_list._arrow_table`.
fn arrow_table<'py>(py: Python<'py>, table: core::CallListTable) -> PyResult<Bound<'py, PyAny>> {
    let columns = table_columns(py, table)?;
    py.import("callwise.call_list")?
        .getattr("_arrow_table")?
        .call1((columns,))
}

/// The columns of the entry table `t` (see the core's `CallListTable`): numbers as
/// numpy arrays, days as days since 1970, texts as Arrow buffers.
fn table_columns<'py>(py: Python<'py>, t: core::CallListTable) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item("rep_id", text_column(py, &t.rep_id))?;
    out.set_item("team_id", text_column(py, &t.team_id))?;
    // Arrow's date32: days since 1970-01-01, day 719,163 of the common era.
    let days: Vec<i32> = t
        .day
        .iter()
        .map(|d| d.num_days_from_ce() - 719_163)
        .collect();
    out.set_item("day", column(py, days))?;
    out.set_item("rank", column(py, t.rank))?;
    out.set_item("account_id", text_column(py, &t.account_id))?;
    out.set_item("contact_id", text_column(py, &t.contact_id))?;
    out.set_item("score", column(py, t.score))?;
    let micros: Vec<i64> = t.slot_start.iter().map(|s| s.timestamp_micros()).collect();
    out.set_item("slot_start", column(py, micros))?;
    out.set_item("minutes", column(py, t.minutes))?;
    out.set_item("time_zone", text_column(py, &t.time_zone))?;
    out.set_item("sources", text_column(py, &t.sources))?;
    out.set_item("why", text_column(py, &t.why))?;
    Ok(out)
}

/// A column of texts as the buffers of an Arrow `large_string` array: its length, its
/// validity bitmap (`None` when every row has a text), its offsets and its bytes.
fn text_column<'py>(
    py: Python<'py>,
    column: &core::TextColumn,
) -> (
    usize,
    Option<Bound<'py, PyBytes>>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
) {
    let validity = column.present().map(|present| {
        let mut bits = vec![0u8; present.len().div_ceil(8)];
        for (i, _) in present.iter().enumerate().filter(|(_, p)| **p) {
            bits[i / 8] |= 1 << (i % 8);
        }
        PyBytes::new(py, &bits)
    });
    let offsets: Vec<u8> = column
        .offsets()
        .iter()
        .flat_map(|o| o.to_le_bytes())
        .collect();
    (
        column.len(),
        validity,
        PyBytes::new(py, &offsets),
        PyBytes::new(py, column.text().as_bytes()),
    )
}

/// A call list: a rep's Next Day Call List or a team's Power Hour pool, one entry per
/// account, scored, explained and slotted; the accounts held back and why; the entries
/// the day had no room for. Immutable but for `log_activity`, which updates it after a
/// call; `to_json()` is the core's JSON, the same bytes in every language.
#[pyclass(name = "CallList", module = "callwise.call_list")]
pub struct CallList(core::CallList);

#[pymethods]
impl CallList {
    /// A list from its JSON form (what `to_json` writes).
    #[staticmethod]
    fn from_json(py: Python<'_>, json: Text<'_>) -> PyResult<Self> {
        core::CallList::from_json(&json)
            .map(Self)
            .map_err(|e| to_py_err(py, e))
    }

    /// The list as pretty-printed JSON.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// `"next_day"` or `"power_hour"`.
    #[getter]
    fn kind(&self) -> &'static str {
        match self.0.kind {
            core::ListKind::NextDay => "next_day",
            core::ListKind::PowerHour => "power_hour",
            core::ListKind::Crankathon => "crankathon",
        }
    }

    /// The rep, for a Next Day Call List.
    #[getter]
    fn rep_id(&self) -> Option<&str> {
        self.0.rep_id.as_ref().map(|r| r.as_str())
    }

    /// The team, for a Power Hour pool.
    #[getter]
    fn team_id(&self) -> Option<&str> {
        self.0.team_id.as_ref().map(|t| t.as_str())
    }

    /// The day the calls are for.
    #[getter]
    fn day<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyDate>> {
        py_date(py, self.0.day, "day")
    }

    /// The rep's (or team's) IANA zone.
    #[getter]
    fn time_zone(&self) -> &str {
        &self.0.time_zone
    }

    /// Minutes of calling the day holds.
    #[getter]
    fn capacity_minutes(&self) -> u32 {
        self.0.capacity_minutes
    }

    /// Minutes the entries take.
    #[getter]
    fn planned_minutes(&self) -> u32 {
        self.0.planned_minutes
    }

    /// The working time the list fills, as `(start, end)` aware datetimes.
    #[getter]
    fn working<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<
        Vec<(
            Bound<'py, pyo3::types::PyDateTime>,
            Bound<'py, pyo3::types::PyDateTime>,
        )>,
    > {
        self.0
            .working
            .iter()
            .map(|s| {
                Ok((
                    py_instant(py, s.start, "working")?,
                    py_instant(py, s.end, "working")?,
                ))
            })
            .collect()
    }

    /// The calls, by rank.
    #[getter]
    fn entries(&self) -> Vec<Entry> {
        self.0.entries.iter().cloned().map(Entry).collect()
    }

    /// The accounts that cannot be called that day, with the rule that holds each back.
    #[getter]
    fn held_back(&self) -> Vec<HeldBack> {
        self.0.held_back.iter().cloned().map(HeldBack).collect()
    }

    /// The entries the day had no room for: dicts with `account_id`, `score`,
    /// `minutes`.
    #[getter]
    fn cut<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        to_list(py, serde_json::to_string(&self.0.cut))
    }

    /// The entries as a pyarrow Table: `rep_id`, `team_id`, `day`, `rank`, `account_id`,
    /// `contact_id`, `score`, `slot_start` (timestamp, UTC), `minutes`, `time_zone`,
    /// `sources` (largest first, comma-separated) and `why` (the largest reason).
    fn to_arrow<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        arrow_table(py, core::CallListTable::new(std::slice::from_ref(&self.0)))
    }

    /// The entries as a pandas DataFrame (`to_arrow().to_pandas()`).
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.to_arrow(py)?.call_method0("to_pandas")
    }

    /// Updates the list after an activity (a dict in the book's JSON shape of an
    /// activity) was logged: the called account leaves or moves, a cadence step
    /// advances, a cap is reached. Returns what changed, as a dict (`change` is
    /// `"unchanged"`, `"left"`, `"moved"` or `"held_back"`).
    #[pyo3(signature = (book, activity, config = None))]
    fn log_activity<'py>(
        &mut self,
        py: Python<'py>,
        book: &Book,
        activity: &Bound<'py, PyAny>,
        config: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let activity: callwise::Activity =
            from_record(activity, "activity", serde_json::from_value)?;
        let config = config_arg(config)?;
        let change = self
            .0
            .log_activity(&book.core(), &activity, &config)
            .map_err(|e| to_py_err(py, e))?;
        to_dict(py, serde_json::to_string(&change))
    }

    /// Pickles as its JSON.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let from_json = slf.get_type().getattr("from_json")?;
        Ok((from_json, (slf.borrow().0.to_json(),)))
    }

    fn __len__(&self) -> usize {
        self.0.entries.len()
    }

    fn __repr__(&self) -> String {
        let whose = self
            .rep_id()
            .or(self.team_id())
            .unwrap_or_default()
            .to_owned();
        format!(
            "<CallList {} {} {}: {} entries, {} held back, {} cut>",
            self.kind(),
            whose,
            self.0.day,
            self.0.entries.len(),
            self.0.held_back.len(),
            self.0.cut.len()
        )
    }
}

/// One account on a list: whom to call (`account_id`, `contact_id`), why (`reasons`,
/// largest contribution first, summing to `score`), when (`slot_start`, an aware
/// datetime, for `minutes`), the callee's `time_zone`, and the last touch on the account
/// by anyone (`last_touch`, a dict, or None).
#[pyclass(name = "Entry", module = "callwise.call_list", frozen)]
pub struct Entry(core::Entry);

#[pymethods]
impl Entry {
    #[getter]
    fn rank(&self) -> u32 {
        self.0.rank
    }
    #[getter]
    fn account_id(&self) -> &str {
        self.0.account_id.as_str()
    }
    #[getter]
    fn contact_id(&self) -> &str {
        self.0.contact_id.as_str()
    }
    #[getter]
    fn score(&self) -> i64 {
        self.0.score
    }
    #[getter]
    fn reasons(&self) -> Vec<Reason> {
        self.0.reasons.iter().cloned().map(Reason).collect()
    }
    #[getter]
    fn last_touch<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        self.0
            .last_touch
            .as_ref()
            .map(|t| to_dict(py, serde_json::to_string(t)))
            .transpose()
    }
    #[getter]
    fn slot_start<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyDateTime>> {
        py_instant(py, self.0.slot_start, "slot_start")
    }
    #[getter]
    fn minutes(&self) -> u32 {
        self.0.minutes
    }
    #[getter]
    fn time_zone(&self) -> &str {
        &self.0.time_zone
    }
    fn __repr__(&self) -> String {
        format!(
            "<Entry {} {} {} score {}>",
            self.0.rank,
            self.0.account_id.as_str(),
            self.0.contact_id.as_str(),
            self.0.score
        )
    }
}

/// One reason to call: its `source` (`"carry_over"`, `"renewal"`, ...), the account,
/// contact, rep and record it names, `why` in words, the `numbers` behind it (a dict),
/// the money at stake (`stake_minor`), its `urgency` and its `contribution` to the
/// entry's score.
#[pyclass(name = "Reason", module = "callwise.call_list", frozen)]
pub struct Reason(core::Reason);

#[pymethods]
impl Reason {
    #[getter]
    fn source(&self) -> &'static str {
        self.0.source.as_str()
    }
    #[getter]
    fn account_id(&self) -> &str {
        self.0.account_id.as_str()
    }
    #[getter]
    fn contact_id(&self) -> Option<&str> {
        self.0.contact_id.as_ref().map(|c| c.as_str())
    }
    #[getter]
    fn rep_id(&self) -> Option<&str> {
        self.0.rep_id.as_ref().map(|r| r.as_str())
    }
    #[getter]
    fn record_id(&self) -> Option<&str> {
        self.0.record_id.as_deref()
    }
    #[getter]
    fn why(&self) -> &str {
        &self.0.why
    }
    #[getter]
    fn numbers(&self) -> std::collections::BTreeMap<String, f64> {
        self.0.numbers.clone()
    }
    #[getter]
    fn stake_minor(&self) -> i64 {
        self.0.stake_minor
    }
    #[getter]
    fn urgency(&self) -> f64 {
        self.0.urgency
    }
    #[getter]
    fn contribution(&self) -> i64 {
        self.0.contribution
    }
    fn __repr__(&self) -> String {
        format!(
            "<Reason {} {}: {}>",
            self.0.source, self.0.contribution, self.0.why
        )
    }
}

/// An account left off a list because it cannot be called that day: the `rule`
/// (`"do_not_call"`, `"no_consent"`, `"outside_window"`, `"contact_cap"`, ...), the
/// contact it was checked for, the score it would have had and its reasons.
#[pyclass(name = "HeldBack", module = "callwise.call_list", frozen)]
pub struct HeldBack(core::HeldBack);

#[pymethods]
impl HeldBack {
    #[getter]
    fn account_id(&self) -> &str {
        self.0.account_id.as_str()
    }
    #[getter]
    fn contact_id(&self) -> Option<&str> {
        self.0.contact_id.as_ref().map(|c| c.as_str())
    }
    #[getter]
    fn rule(&self) -> &'static str {
        self.0.rule.as_str()
    }
    #[getter]
    fn score(&self) -> i64 {
        self.0.score
    }
    #[getter]
    fn reasons(&self) -> Vec<Reason> {
        self.0.reasons.iter().cloned().map(Reason).collect()
    }
    fn __repr__(&self) -> String {
        format!(
            "<HeldBack {} {}>",
            self.0.account_id.as_str(),
            self.0.rule.as_str()
        )
    }
}

/// The reasons of some accounts for a day (the first half of building lists, split by
/// account): pickles, so it can cross to another process.
#[pyclass(name = "Reasons", module = "callwise.call_list", frozen)]
pub struct Reasons(Vec<core::Reason>);

#[pymethods]
impl Reasons {
    /// Reasons from their JSON form (what `to_json` writes).
    #[staticmethod]
    fn from_json(py: Python<'_>, json: Text<'_>) -> PyResult<Self> {
        core::reasons_from_json(&json)
            .map(Self)
            .map_err(|e| to_py_err(py, e))
    }
    /// The reasons as a JSON array.
    fn to_json(&self) -> String {
        core::reasons_to_json(&self.0)
    }
    /// The reasons as dicts in the JSON shape.
    fn to_list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_loads(py, &self.to_json())
    }
    fn __len__(&self) -> usize {
        self.0.len()
    }
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let from_json = slf.get_type().getattr("from_json")?;
        Ok((from_json, (slf.get().to_json(),)))
    }
}

/// The reasons of `account_ids` (every account when None) for `day`: the first half of
/// building lists, split by account, to run where the accounts are.
#[pyfunction]
#[pyo3(signature = (book, day, account_ids = None, config = None, inputs = None))]
fn reasons_for(
    py: Python<'_>,
    book: &Book,
    day: &Bound<'_, PyAny>,
    account_ids: Option<&Bound<'_, PyAny>>,
    config: Option<&Bound<'_, PyAny>>,
    inputs: Option<&Bound<'_, Inputs>>,
) -> PyResult<Reasons> {
    let (day, config) = (day_arg(day, "day")?, config_arg(config)?);
    let snapshot = book.core();
    let book = &*snapshot;
    let account_ids = account_ids.map(texts).transpose()?;
    let ids: Option<Vec<&str>> = account_ids
        .as_ref()
        .map(|v| v.iter().map(String::as_str).collect());
    with_inputs(py, book, day, &config, inputs, |i| {
        core::reasons_for(book, day, &config, i, ids.as_deref())
    })
    .map(Reasons)
}

/// Every rep's list (of `rep_ids`, or of every rep when None) from the reasons
/// `reasons_for` gave, from any split: the second half, split by rep.
#[pyfunction]
#[pyo3(signature = (book, day, reasons, rep_ids = None, config = None, inputs = None))]
fn lists_from(
    py: Python<'_>,
    book: &Book,
    day: &Bound<'_, PyAny>,
    reasons: &Bound<'_, PyAny>,
    rep_ids: Option<&Bound<'_, PyAny>>,
    config: Option<&Bound<'_, PyAny>>,
    inputs: Option<&Bound<'_, Inputs>>,
) -> PyResult<Vec<CallList>> {
    let (day, config) = (day_arg(day, "day")?, config_arg(config)?);
    let mut all = Vec::new();
    for part in reasons.try_iter()? {
        all.extend(part?.cast::<Reasons>()?.get().0.iter().cloned());
    }
    let snapshot = book.core();
    let book = &*snapshot;
    let rep_ids = rep_ids.map(texts).transpose()?;
    let ids: Option<Vec<&str>> = rep_ids
        .as_ref()
        .map(|v| v.iter().map(String::as_str).collect());
    let lists = with_inputs(py, book, day, &config, inputs, |i| {
        core::lists_from(book, day, &config, i, &all, ids.as_deref())
    })?;
    Ok(lists.into_iter().map(CallList).collect())
}

/// Every entry of `lists` as one pyarrow Table (the columns of `CallList.to_arrow`).
#[pyfunction(name = "table")]
fn lists_table<'py>(
    py: Python<'py>,
    lists: Vec<PyRef<'py, CallList>>,
) -> PyResult<Bound<'py, PyAny>> {
    let lists: Vec<core::CallList> = lists.iter().map(|l| l.0.clone()).collect();
    arrow_table(py, py.detach(|| core::CallListTable::from(lists)))
}

/// The default configuration, as a dict in the JSON shape.
#[pyfunction]
fn default_config(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    json_loads(py, &CallListConfig::default().to_json())
}

/// Adds the call-list classes and functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Inputs>()?;
    m.add_class::<CallList>()?;
    m.add_class::<Entry>()?;
    m.add_class::<Reason>()?;
    m.add_class::<HeldBack>()?;
    m.add_class::<Reasons>()?;
    m.add_function(wrap_pyfunction!(reasons_for, m)?)?;
    m.add_function(wrap_pyfunction!(lists_from, m)?)?;
    m.add_function(wrap_pyfunction!(lists_table, m)?)?;
    m.add_function(wrap_pyfunction!(default_config, m)?)?;
    Ok(())
}

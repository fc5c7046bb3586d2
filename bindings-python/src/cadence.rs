//! Cadences: the `Playbook` and `EnrollmentState` classes and `enrollment_for_contact`.
//!
//! Enrollments, events and coverage policies are dicts in the core's JSON shape (their
//! instants aware `datetime`s or RFC 3339 strings, their dates `datetime.date`s or ISO
//! strings), read by the core's serde form ([`record_arg`]); a dict of another shape is
//! an `InvalidArgumentError` naming the argument. Due steps come out as dicts in the
//! JSON shape, like the book's records.

use callwise::cadence::{
    CadenceEvent, Coverage, Enrollment, EnrollmentStatus, Playbook as CorePlaybook,
};
use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::types::{PyDateTime, PyDict, PyList, PyTime};

use crate::args::{Text, day_arg, instant_arg};
use crate::book::Book;
use crate::calendar::BusinessCalendar;
use crate::errors::{py_repr, to_py_err};
use crate::records::{detached_list, from_record, from_records, to_dict};
use crate::times::{py_instant, py_time};

/// The cadences a team runs and the business calendar they run on, checked together.
///
/// Read one with `Playbook.from_json(text)`: `{"calendar": {...}, "business_hours":
/// {"start": "09:00", "end": "17:00"}, "cadences": [...]}`, each cadence an ordered list
/// of steps (call, e-mail, voicemail, text, social, task), each step with a wait after
/// the previous one (business days, business hours or calendar days), an optional
/// window in the recipient's local time, branches on a call's outcome and A/B variants.
///
/// An enrollment is a state machine: `start(enrollment)` gives its first state,
/// `apply(state, event)` a new state after one event, `replay(enrollment, events)` the
/// state after a whole history (the same events always give the same state). States
/// are immutable `EnrollmentState` objects. `due_on` and `due_for_all` list the steps
/// due on a day, covering for absent reps.
///
/// >>> import callwise, datetime
/// >>> playbook = callwise.Playbook.from_json('''{
/// ...   "calendar": {"weekend": ["Sat", "Sun"]},
/// ...   "business_hours": {"start": "09:00", "end": "17:00"},
/// ...   "cadences": [{"id": "c", "name": "C", "steps": [
/// ...     {"id": "s1", "kind": "call", "wait": {"unit": "business_days", "amount": 1}}]}]}''')
/// >>> state = playbook.start({
/// ...     "id": "e", "cadence_id": "c", "contact_id": "x", "account_id": "a", "rep_id": "r",
/// ...     "time_zone": "America/New_York",
/// ...     "enrolled_at": datetime.datetime(2026, 11, 20, 15, 0, tzinfo=datetime.timezone.utc)})
/// >>> state.step_id, state.due_at  # Friday + 1 business day: Monday 09:00 in New York
/// ('s1', datetime.datetime(2026, 11, 23, 14, 0, tzinfo=datetime.timezone.utc))
#[pyclass(name = "Playbook", module = "callwise", frozen, eq)]
#[derive(PartialEq)]
pub struct Playbook(pub(crate) CorePlaybook);

/// A coverage dict argument (None: nobody away) as the core's [`Coverage`].
fn coverage_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<Coverage> {
    value.map_or_else(
        || Ok(Coverage::none()),
        |value| from_record(value, "coverage", serde_json::from_value),
    )
}

/// The states of an iterable of `EnrollmentState` objects, copied for the core.
fn states_arg(states: &Bound<'_, PyAny>) -> PyResult<Vec<callwise::cadence::EnrollmentState>> {
    states
        .try_iter()?
        .map(|item| Ok(item?.cast::<EnrollmentState>()?.get().0.clone()))
        .collect()
}

/// The arguments `due_on` and `due_for_all` share: the states, the day and the cover.
fn due_args(
    states: &Bound<'_, PyAny>,
    date: &Bound<'_, PyAny>,
    coverage: Option<&Bound<'_, PyAny>>,
) -> PyResult<(Vec<callwise::cadence::EnrollmentState>, NaiveDate, Coverage)> {
    Ok((
        states_arg(states)?,
        day_arg(date, "date")?,
        coverage_arg(coverage)?,
    ))
}

#[pymethods]
impl Playbook {
    /// A playbook from its JSON form (what `to_json` writes).
    ///
    /// Raises `JsonError` when the text is not JSON of this shape or breaks a rule (two
    /// cadences or steps with one id, a branch or chain to a step or cadence that does
    /// not exist, a negative wait, a variant of weight 0: the message says which).
    #[staticmethod]
    fn from_json(py: Python<'_>, json: Text<'_>) -> PyResult<Self> {
        py.detach(|| CorePlaybook::from_json(&json))
            .map(Self)
            .map_err(|e| to_py_err(py, e))
    }

    /// The playbook as pretty-printed JSON.
    fn to_json(&self, py: Python<'_>) -> String {
        py.detach(|| self.0.to_json())
    }

    /// The ids of the cadences, in the order given.
    fn cadence_ids(&self) -> Vec<&str> {
        self.0.cadences().iter().map(|c| c.id.as_str()).collect()
    }

    /// The cadence with id `id` as a dict in the JSON shape, or None.
    ///
    /// >>> import callwise
    /// >>> playbook = callwise.Playbook.from_json('''{
    /// ...   "calendar": {"weekend": ["Sat", "Sun"]},
    /// ...   "business_hours": {"start": "09:00", "end": "17:00"},
    /// ...   "cadences": [{"id": "c", "name": "C", "steps": [
    /// ...     {"id": "s1", "kind": "call", "wait": {"unit": "business_days", "amount": 1}}]}]}''')
    /// >>> playbook.cadence("c")["steps"][0]["wait"]
    /// {'unit': 'business_days', 'amount': 1}
    fn cadence<'py>(&self, py: Python<'py>, id: Text<'_>) -> PyResult<Option<Bound<'py, PyDict>>> {
        self.0
            .cadence(&id)
            .map(|c| to_dict(py, serde_json::to_string(c)))
            .transpose()
    }

    /// The business calendar the cadences run on.
    #[getter]
    fn calendar(&self) -> BusinessCalendar {
        BusinessCalendar::from(self.0.calendar().clone())
    }

    /// The business hours as `(start, end)` local `datetime.time`s: the default window
    /// of a step, and the hours business-hour waits count.
    #[getter]
    fn business_hours<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyTime>, Bound<'py, PyTime>)> {
        let hours = self.0.business_hours();
        Ok((py_time(py, hours.start())?, py_time(py, hours.end())?))
    }

    /// The state of a new enrollment: at its cadence's first step, due after that
    /// step's wait from `enrolled_at`.
    ///
    /// `enrollment` is a dict in the JSON shape: `id`, `cadence_id`, `contact_id`,
    /// `account_id`, `rep_id`, `time_zone` (the recipient's IANA zone) and
    /// `enrolled_at` (an aware `datetime` or an RFC 3339 string); see
    /// `enrollment_for_contact`.
    ///
    /// Raises `InvalidArgumentError` for a malformed enrollment, an unknown cadence or
    /// an empty id, and `UnknownTimeZoneError` for the zone.
    fn start(&self, py: Python<'_>, enrollment: &Bound<'_, PyAny>) -> PyResult<EnrollmentState> {
        let enrollment: Enrollment = from_record(enrollment, "enrollment", serde_json::from_value)?;
        self.0
            .start(enrollment)
            .map(EnrollmentState)
            .map_err(|e| to_py_err(py, e))
    }

    /// A new state: `state` after `event`, a dict in the JSON shape, one of
    /// `{"event": "activity", "at", "channel", "direction", "outcome"?}`,
    /// `{"event": "step_done", "at", "step", "outcome"?}`,
    /// `{"event": "exit", "at", "reason"}`, `{"event": "moved_to_cadence", "at",
    /// "cadence"}`, `{"event": "paused", "at", "until"?}` and
    /// `{"event": "resumed", "at"}`; `at` and `until` are aware `datetime`s or RFC 3339
    /// strings. `state` itself is unchanged.
    ///
    /// Raises `InvalidArgumentError` for a malformed event, or one the state refuses:
    /// earlier than the last event applied (use `replay` for a history out of order),
    /// marking done a step that is not the current one, pausing until before the
    /// pause, moving to a cadence not in the playbook.
    fn apply(
        &self,
        py: Python<'_>,
        state: &EnrollmentState,
        event: &Bound<'_, PyAny>,
    ) -> PyResult<EnrollmentState> {
        let event: CadenceEvent = from_record(event, "event", serde_json::from_value)?;
        let mut next = state.0.clone();
        self.0
            .apply(&mut next, &event)
            .map_err(|e| to_py_err(py, e))?;
        Ok(EnrollmentState(next))
    }

    /// The state after `events` (an iterable of event dicts, as `apply` takes), applied
    /// in time order (ties in the order given) to a new enrollment: the same events
    /// give the same state whatever order they arrive in.
    ///
    /// Raises as `start` and `apply` do.
    fn replay(
        &self,
        py: Python<'_>,
        enrollment: &Bound<'_, PyAny>,
        events: &Bound<'_, PyAny>,
    ) -> PyResult<EnrollmentState> {
        let enrollment: Enrollment = from_record(enrollment, "enrollment", serde_json::from_value)?;
        let events: Vec<CadenceEvent> = from_records(events, "events", serde_json::from_value)?;
        py.detach(|| self.0.replay(enrollment, &events))
            .map(EnrollmentState)
            .map_err(|e| to_py_err(py, e))
    }

    /// The steps due on `date` (a `datetime.date` or `"YYYY-MM-DD"`, the rep's local
    /// date) for the rep `rep_id` of `book`, from `states` (an iterable of
    /// `EnrollmentState`), overdue ones included: a list of dicts in the JSON shape
    /// (`DueStep`), ordered by due instant, then enrollment id. Each says why it is due.
    ///
    /// `coverage` says who is away and what happens to their steps:
    /// `{"absences": [{"rep_id", "from", "to"}], "policy": "shift" | "reassign"}`
    /// (`from` and `to` dates, both included). Under `"shift"` an absent rep's steps
    /// wait for their return; under `"reassign"` they go to another owner of the
    /// account, else a team-mate. None means nobody is away.
    ///
    /// Raises `NotFoundError` when `rep_id` or an enrollment's owner is not a rep of
    /// `book`, `InvalidArgumentError` for a malformed `coverage` or a state of another
    /// playbook.
    #[pyo3(signature = (book, states, rep_id, date, coverage = None))]
    fn due_on<'py>(
        &self,
        py: Python<'py>,
        book: &Book,
        states: &Bound<'py, PyAny>,
        rep_id: Text<'_>,
        date: &Bound<'py, PyAny>,
        coverage: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let (states, date, coverage) = due_args(states, date, coverage)?;
        let snapshot = book.core();
        let book = &*snapshot;
        detached_list(
            py,
            || self.0.due_on(book, &states, &rep_id, date, &coverage),
            serde_json::to_string,
        )
    }

    /// `due_on` for every rep at once: ordered by rep id, then due instant, then
    /// enrollment id; each due step appears once.
    #[pyo3(signature = (book, states, date, coverage = None))]
    fn due_for_all<'py>(
        &self,
        py: Python<'py>,
        book: &Book,
        states: &Bound<'py, PyAny>,
        date: &Bound<'py, PyAny>,
        coverage: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let (states, date, coverage) = due_args(states, date, coverage)?;
        let snapshot = book.core();
        let book = &*snapshot;
        detached_list(
            py,
            || self.0.due_for_all(book, &states, date, &coverage),
            serde_json::to_string,
        )
    }

    /// Pickles as its JSON.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let from_json = slf.get_type().getattr("from_json")?;
        Ok((from_json, (slf.get().0.to_json(),)))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "<Playbook cadences={} business_hours={}>",
            py_repr(py, self.cadence_ids())?,
            self.0.business_hours()
        ))
    }
}

/// An enrollment and where it stands: its current cadence (after chaining), step, A/B
/// variant, when the step falls due and why.
///
/// States are immutable: `Playbook.apply` returns a new one. Instants are aware
/// `datetime`s in UTC; `to_dict()` gives the JSON shape (instants as RFC 3339 strings),
/// the same in every language binding.
#[pyclass(name = "EnrollmentState", module = "callwise", frozen, eq)]
#[derive(PartialEq)]
pub struct EnrollmentState(pub(crate) callwise::cadence::EnrollmentState);

#[pymethods]
impl EnrollmentState {
    /// The enrollment, as a dict in the JSON shape (`enrolled_at` an RFC 3339 string).
    #[getter]
    fn enrollment<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        to_dict(py, serde_json::to_string(&self.0.enrollment))
    }

    /// The cadence the enrollment is in now (its own, or one chained to).
    #[getter]
    fn cadence_id(&self) -> &str {
        &self.0.cadence_id
    }

    /// `"active"`, `"paused"` or `"exited"`.
    #[getter]
    fn status(&self) -> &'static str {
        match self.0.status {
            EnrollmentStatus::Active => "active",
            EnrollmentStatus::Paused { .. } => "paused",
            EnrollmentStatus::Exited { .. } => "exited",
        }
    }

    /// Why the enrollment ended (`"replied"`, `"meeting_booked"`, `"finished"`, ...),
    /// or None while it has not.
    #[getter]
    fn exit_reason(&self) -> Option<&'static str> {
        match self.0.status {
            EnrollmentStatus::Exited { reason, .. } => Some(reason.as_str()),
            _ => None,
        }
    }

    /// When the enrollment ended, or None while it has not.
    #[getter]
    fn exited_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDateTime>>> {
        match self.0.status {
            EnrollmentStatus::Exited { at, .. } => Ok(Some(py_instant(py, at, "exited_at")?)),
            _ => Ok(None),
        }
    }

    /// When a paused enrollment resumes by itself; None when it is not paused or
    /// paused until resumed.
    #[getter]
    fn paused_until<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDateTime>>> {
        match self.0.status {
            EnrollmentStatus::Paused { until: Some(at) } => {
                Ok(Some(py_instant(py, at, "paused_until")?))
            }
            _ => Ok(None),
        }
    }

    /// The current step's id (the last one, once exited).
    #[getter]
    fn step_id(&self) -> &str {
        &self.0.step_id
    }

    /// The current step's position in its cadence, from 0.
    #[getter]
    fn step_index(&self) -> u32 {
        self.0.step_index
    }

    /// The current step's A/B variant, or None when it has no variants.
    #[getter]
    fn variant(&self) -> Option<&str> {
        self.0.variant.as_deref()
    }

    /// When the current step falls due: inside its window, on a business day.
    #[getter]
    fn due_at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDateTime>> {
        py_instant(py, self.0.due_at, "due_at")
    }

    /// Why the step is due, in words (the wait and what it followed).
    #[getter]
    fn reason(&self) -> &str {
        &self.0.reason
    }

    /// Steps done so far, across chained cadences.
    #[getter]
    fn steps_done(&self) -> u32 {
        self.0.steps_done
    }

    /// The instant of the last event applied (the enrollment's, at first).
    #[getter]
    fn last_event_at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDateTime>> {
        py_instant(py, self.0.last_event_at, "last_event_at")
    }

    /// The state as a dict in its JSON shape.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        to_dict(py, serde_json::to_string(&self.0))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "<EnrollmentState id={} cadence_id={} step_id={} status={} due_at={}>",
            py_repr(py, &self.0.enrollment.id)?,
            py_repr(py, &self.0.cadence_id)?,
            py_repr(py, &self.0.step_id)?,
            py_repr(py, self.status())?,
            self.0
                .due_at
                .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        ))
    }
}

/// An enrollment of the contact `contact_id` of `book` in the cadence `cadence_id`,
/// owned by the rep `rep_id`, as a dict in the JSON shape: the account and the time
/// zone (the contact's own, else the account's) are taken from the book.
/// `enrolled_at` is an aware `datetime`; in the dict it is an RFC 3339 string in UTC.
///
/// Raises `NotFoundError` when the contact or the rep is not in the book.
///
/// >>> import callwise, datetime
/// >>> book = callwise.sample_book(seed=7, members=40)
/// >>> enrollment = callwise.enrollment_for_contact(
/// ...     book, "e-1", "welcome", "con-0000001", "rep-sales-0001",
/// ...     datetime.datetime(2026, 11, 24, 15, 0, tzinfo=datetime.timezone.utc))
/// >>> enrollment["account_id"], enrollment["time_zone"], enrollment["enrolled_at"]
/// ('acc-0000001', 'America/Denver', '2026-11-24T15:00:00Z')
#[pyfunction]
pub fn enrollment_for_contact<'py>(
    py: Python<'py>,
    book: &Book,
    id: Text<'_>,
    cadence_id: Text<'_>,
    contact_id: Text<'_>,
    rep_id: Text<'_>,
    enrolled_at: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyDict>> {
    let enrolled_at = instant_arg(enrolled_at, "enrolled_at")?;
    let enrollment = Enrollment::for_contact(
        &book.core(),
        &id,
        &cadence_id,
        &contact_id,
        &rep_id,
        enrolled_at,
    )
    .map_err(|e| to_py_err(py, e))?;
    to_dict(py, serde_json::to_string(&enrollment))
}

//! The `CallingRules` and `Verdict` classes: may this person be called at this instant?

use pyo3::prelude::*;
use pyo3::types::{PyDateTime, PyDict, PyTime, PyTuple};

use crate::args::{IntArg, Text, instant_arg, texts, window_arg};
use crate::calendar::BusinessCalendar;
use crate::errors::{py_repr, to_py_err};
use crate::records::{from_record, to_dict};
use crate::times::{py_instant, py_time};

/// The rules a call must pass, as data: a calling window in the callee's local time
/// (by default 08:00 to 21:00, the US federal rule), stricter windows and quiet days for
/// regions matched by the callee's time zone, quiet weekdays and holidays, what to do
/// with an unknown zone, a consent policy and frequency caps.
///
/// Rules are immutable: each `with_...` method returns new rules, checked when built.
/// They compare by value, pickle, and read and write their JSON form (`from_json`,
/// `to_json`), the same in every language binding.
///
/// `check(time_zone=..., at=...)` applies the time rules to a zone and an instant;
/// `Book.can_call(contact_id, at, rules)` adds do-not-call, consent and the caps for a
/// contact of a book. Both return a `Verdict`.
///
/// >>> import callwise, datetime
/// >>> rules = callwise.CallingRules.default()
/// >>> at = datetime.datetime(2026, 11, 24, 3, 0, tzinfo=datetime.timezone.utc)  # 22:00 in New York
/// >>> verdict = rules.check(time_zone="America/New_York", at=at)
/// >>> verdict.allowed, verdict.rule
/// (False, 'outside_window')
/// >>> verdict.next_allowed  # 08:00 in New York
/// datetime.datetime(2026, 11, 24, 13, 0, tzinfo=datetime.timezone.utc)
/// >>> rules.check(time_zone="Mars/Olympus_Mons", at=at)
/// Traceback (most recent call last):
///     ...
/// callwise._errors.UnknownTimeZoneError: unknown time zone "Mars/Olympus_Mons"
#[pyclass(name = "CallingRules", module = "callwise", frozen, eq)]
#[derive(PartialEq)]
pub struct CallingRules(callwise::CallingRules);

impl CallingRules {
    /// The core rules.
    pub fn core(&self) -> &callwise::CallingRules {
        &self.0
    }

    fn rebuilt(
        &self,
        py: Python<'_>,
        edit: impl FnOnce(callwise::CallingRules) -> callwise::Result<callwise::CallingRules>,
    ) -> PyResult<Self> {
        edit(self.0.clone()).map(Self).map_err(|e| to_py_err(py, e))
    }
}

#[pymethods]
impl CallingRules {
    /// 08:00 to 21:00 every day in the callee's local time, no quiet days, no caps, only
    /// a denied consent blocks, unknown zones refused (`UnknownTimeZoneError`).
    #[staticmethod]
    fn default() -> Self {
        Self(callwise::CallingRules::default())
    }

    /// Rules from their JSON form (what `to_json` writes): `window` (`{"start": "08:00",
    /// "end": "21:00"}`), and optionally `quiet_days`, `quiet_holidays` (a calendar),
    /// `regions`, `unknown_zone`, `require_consent`,
    /// `max_attempts_per_contact_per_week` and `max_attempts_per_account_per_day`.
    ///
    /// Raises `JsonError` when the text is not JSON of this shape or a rule in it is
    /// invalid (the message says which).
    ///
    /// >>> import callwise
    /// >>> rules = callwise.CallingRules.from_json(
    /// ...     '{"window": {"start": "09:00", "end": "20:00"}, "quiet_days": ["Sun"]}')
    /// >>> rules.window
    /// (datetime.time(9, 0), datetime.time(20, 0))
    #[staticmethod]
    fn from_json(py: Python<'_>, json: Text<'_>) -> PyResult<Self> {
        callwise::CallingRules::from_json(&json)
            .map(Self)
            .map_err(|e| to_py_err(py, e))
    }

    /// The rules as pretty-printed JSON, every default written out.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The same rules with the general window from `start` to `end`, local times as
    /// `"HH:MM"` strings (or `datetime.time`s); `end` is excluded.
    ///
    /// Raises `InvalidRuleError` when `start` is not before `end` (a window does not
    /// cross midnight) or a region's window no longer overlaps it.
    ///
    /// >>> import callwise
    /// >>> callwise.CallingRules.default().with_window("09:00", "18:00").window
    /// (datetime.time(9, 0), datetime.time(18, 0))
    fn with_window(
        &self,
        py: Python<'_>,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let window = window_arg(start, end)?;
        self.rebuilt(py, |rules| rules.with_window(window))
    }

    /// The same rules with these weekdays quiet everywhere: names as in the JSON,
    /// `"Mon"` to `"Sun"`.
    ///
    /// Raises `InvalidArgumentError` for a name that is not a weekday.
    fn with_quiet_days(&self, days: &Bound<'_, PyAny>) -> PyResult<Self> {
        let days: Vec<chrono::Weekday> = from_record(days, "days", serde_json::from_value)?;
        Ok(Self(self.0.clone().with_quiet_days(&days)))
    }

    /// The same rules with the holidays of `calendar` quiet, in the callee's local date.
    fn with_quiet_holidays(&self, calendar: &BusinessCalendar) -> Self {
        Self(self.0.clone().with_quiet_holidays(calendar.core().clone()))
    }

    /// The same rules with one more region: callees in `time_zones` (IANA names) are
    /// called only inside both the general window and `start` to `end`, and not on
    /// `quiet_days` (`"Mon"` to `"Sun"`). A region only makes the rules stricter.
    ///
    /// Raises `UnknownTimeZoneError` for a zone that does not exist, and
    /// `InvalidRuleError` when `name` is empty, the window does not overlap the general
    /// one, or a zone is already covered by another region.
    ///
    /// >>> import callwise, datetime
    /// >>> rules = callwise.CallingRules.default().with_region(
    /// ...     "Hawaii", ["Pacific/Honolulu"], "09:00", "20:00")
    /// >>> half_past_eight = datetime.datetime(2026, 7, 1, 18, 30, tzinfo=datetime.timezone.utc)
    /// >>> rules.check(time_zone="Pacific/Honolulu", at=half_past_eight).rule
    /// 'outside_window'
    #[pyo3(signature = (name, time_zones, start, end, quiet_days = None))]
    fn with_region(
        &self,
        py: Python<'_>,
        name: Text<'_>,
        #[pyo3(from_py_with = texts)] time_zones: Vec<String>,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
        quiet_days: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let window = window_arg(start, end)?;
        let quiet_days: Vec<chrono::Weekday> = match quiet_days {
            Some(days) => from_record(days, "quiet_days", serde_json::from_value)?,
            None => Vec::new(),
        };
        let region = callwise::calling::RegionRule {
            name: name.0.into_owned(),
            time_zones,
            window,
            quiet_days,
        };
        self.rebuilt(py, |rules| rules.with_region(region))
    }

    /// The same rules, but a zone `check` does not know is judged by the strictest of
    /// `candidates` (IANA names; the callee could be in any of them) instead of raising
    /// `UnknownTimeZoneError`.
    ///
    /// Raises `InvalidRuleError` when `candidates` is empty, `UnknownTimeZoneError` when
    /// one of them does not exist.
    fn with_unknown_zone_fallback(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = texts)] candidates: Vec<String>,
    ) -> PyResult<Self> {
        let names: Vec<&str> = candidates.iter().map(String::as_str).collect();
        self.rebuilt(py, |rules| rules.with_unknown_zone_fallback(&names))
    }

    /// The same rules, requiring a granted consent to call when `required` (an unknown
    /// consent then blocks, as a denied one always does).
    fn with_consent_required(&self, required: bool) -> Self {
        Self(self.0.clone().with_consent_required(required))
    }

    /// The same rules with frequency caps: outbound call attempts (calls and
    /// voicemails, by any rep) per contact in any seven days, and per account on one of
    /// the account's local days. None leaves a cap off.
    ///
    /// Raises `InvalidRuleError` for a cap of 0 (that is do-not-call, not a cap).
    ///
    /// >>> import callwise
    /// >>> callwise.CallingRules.default().with_caps(per_contact_per_week=3).caps
    /// (3, None)
    #[pyo3(signature = (per_contact_per_week = None, per_account_per_day = None))]
    fn with_caps(
        &self,
        py: Python<'_>,
        per_contact_per_week: Option<IntArg>,
        per_account_per_day: Option<IntArg>,
    ) -> PyResult<Self> {
        let per_contact = per_contact_per_week
            .map(|n| n.convert::<u32>(py, "per_contact_per_week", u32::MAX))
            .transpose()?;
        let per_account = per_account_per_day
            .map(|n| n.convert::<u32>(py, "per_account_per_day", u32::MAX))
            .transpose()?;
        self.rebuilt(py, |rules| rules.with_caps(per_contact, per_account))
    }

    /// The general calling window as `(start, end)` local `datetime.time`s, `end`
    /// excluded.
    #[getter]
    fn window<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyTime>, Bound<'py, PyTime>)> {
        let window = self.0.window();
        Ok((py_time(py, window.start())?, py_time(py, window.end())?))
    }

    /// The caps as `(per_contact_per_week, per_account_per_day)`, None where off.
    #[getter]
    fn caps(&self) -> (Option<u32>, Option<u32>) {
        self.0.caps()
    }

    /// Whether only a granted consent allows a call.
    #[getter]
    fn consent_required(&self) -> bool {
        self.0.consent_required()
    }

    /// The time rules (window, quiet days, quiet holidays) for a callee in the IANA
    /// zone `time_zone` at `at`, an aware `datetime` in any zone.
    ///
    /// Local times follow the zone's daylight-saving rules: a window opening inside a
    /// spring-forward gap opens when the gap ends; both passes of a repeated fall-back
    /// hour are inside the window when its wall time is.
    ///
    /// Raises `UnknownTimeZoneError` for an unknown zone (unless the rules have a
    /// fallback) and `InvalidArgumentError` for a naive `at`.
    ///
    /// >>> import callwise, datetime
    /// >>> rules = callwise.CallingRules.default()
    /// >>> at = datetime.datetime(2026, 3, 8, 12, 0, tzinfo=datetime.timezone.utc)
    /// >>> rules.check(time_zone="America/New_York", at=at).allowed  # 08:00 EDT
    /// True
    /// >>> rules.check(time_zone="America/Phoenix", at=at).allowed  # 05:00 MST
    /// False
    #[pyo3(signature = (*, time_zone, at))]
    fn check(
        &self,
        py: Python<'_>,
        time_zone: Text<'_>,
        at: &Bound<'_, PyAny>,
    ) -> PyResult<Verdict> {
        let at = instant_arg(at, "at")?;
        let verdict = self.0.check(&time_zone, at).map_err(|e| to_py_err(py, e))?;
        Verdict::checked(py, verdict)
    }

    /// Pickles as its JSON.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let from_json = slf.get_type().getattr("from_json")?;
        Ok((from_json, (slf.get().0.to_json(),)))
    }

    fn __repr__(&self) -> String {
        let (per_contact, per_account) = self.0.caps();
        let cap = |c: Option<u32>| c.map_or("None".to_owned(), |n| n.to_string());
        format!(
            "<CallingRules window={} consent_required={} caps=({}, {})>",
            self.0.window(),
            if self.0.consent_required() {
                "True"
            } else {
                "False"
            },
            cap(per_contact),
            cap(per_account),
        )
    }
}

/// The answer to "may I call now?": `allowed`, or the `rule` that blocks (in snake
/// case: `"do_not_call"`, `"no_consent"`, `"quiet_day"`, `"holiday"`,
/// `"outside_window"`, `"contact_cap"`, `"account_cap"`) and `next_allowed`, the
/// earliest instant every time-based rule allows (an aware `datetime` in UTC), or None
/// when waiting does not help (do-not-call, no consent), nothing opens within 400 days
/// or before the end of the year 9999, or an unknown zone's candidate zones never share
/// an open window.
///
/// Verdicts are immutable, compare by value and hash; `to_dict()` gives the JSON shape.
///
/// >>> import callwise, datetime
/// >>> at = datetime.datetime(2026, 7, 15, 15, 0, tzinfo=datetime.timezone.utc)
/// >>> callwise.CallingRules.default().check(time_zone="America/Phoenix", at=at)
/// <Verdict allowed>
#[pyclass(name = "Verdict", module = "callwise", frozen, eq, hash)]
#[derive(PartialEq, Eq, Hash)]
pub struct Verdict(pub callwise::Verdict);

impl Verdict {
    /// `verdict`, an answer for the instant `at`, when Python can hold its
    /// `next_allowed`: a Python `datetime` in UTC starts in the year 1, one year after
    /// the instants callwise takes, so an `at` in the last hours of the year 0 (an aware
    /// `datetime` of 1 January of the year 1 east of UTC) can have an answer before it.
    ///
    /// # Errors
    /// The `InvalidArgumentError` named `at` (the argument whose answer it is) when it
    /// cannot.
    pub fn checked(py: Python<'_>, verdict: callwise::Verdict) -> PyResult<Self> {
        if let callwise::Verdict::Blocked {
            next_allowed: Some(next),
            ..
        } = verdict
        {
            py_instant(py, next, "at")?;
        }
        Ok(Self(verdict))
    }
}

#[pymethods]
impl Verdict {
    /// Whether the call may be made.
    #[getter]
    fn allowed(&self) -> bool {
        self.0.is_allowed()
    }

    /// The first rule that blocks the call, in snake case; None when it is allowed.
    #[getter]
    fn rule(&self) -> Option<&'static str> {
        match self.0 {
            callwise::Verdict::Allowed => None,
            callwise::Verdict::Blocked { rule, .. } => Some(rule.as_str()),
        }
    }

    /// The earliest instant every time-based rule allows, as an aware `datetime` in
    /// UTC; None when the call is allowed or waiting does not help.
    #[getter]
    fn next_allowed<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDateTime>>> {
        match self.0 {
            callwise::Verdict::Blocked {
                next_allowed: Some(at),
                ..
            } => Ok(Some(py_instant(py, at, "at")?)),
            _ => Ok(None),
        }
    }

    /// The verdict as a dict in its JSON shape: `{"verdict": "allowed"}` or
    /// `{"verdict": "blocked", "rule": ..., "next_allowed": "2026-11-24T13:00:00Z" or
    /// None}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        to_dict(py, serde_json::to_string(&self.0))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(match self.0 {
            callwise::Verdict::Allowed => "<Verdict allowed>".to_owned(),
            callwise::Verdict::Blocked { rule, next_allowed } => format!(
                "<Verdict blocked rule={} next_allowed={}>",
                py_repr(py, rule.as_str())?,
                next_allowed.map_or("None".to_owned(), |at| {
                    at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
                }),
            ),
        })
    }

    /// Pickles by its JSON shape.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let from_dict = slf.get_type().getattr("_from_dict")?;
        let args = PyTuple::new(py, [slf.get().to_dict(py)?])?;
        Ok((from_dict, args))
    }

    /// The verdict of `record`, a dict in its JSON shape (for pickling).
    #[staticmethod]
    fn _from_dict(record: &Bound<'_, PyAny>) -> PyResult<Self> {
        from_record(record, "record", serde_json::from_value).map(Self)
    }
}

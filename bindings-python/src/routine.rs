//! The binding of `callwise::routine`: the `Routine` and `ZoneRotation` classes and the
//! functions of the public module `callwise.routine`.
//!
//! A routine's first start is a wall-clock time in its own zone (a naive `datetime` or a
//! `"YYYY-MM-DDTHH:MM:SS"` text, [`wall_arg`]); the range asked of [`Routine::blocks`]
//! is two aware `datetime`s. Blocks, birthday calls, renewal batches, rotation weeks and
//! call to-dos come out as dicts in the core's JSON shape (instants RFC 3339 strings in
//! UTC, dates ISO strings), and blocks and to-dos go back into [`to_icalendar`] in that
//! shape, read by the core's serde form. Expanding, listing and writing run with the GIL
//! released.

use callwise::routine::{
    self as core, BirthdayCall, Block, CallTodo, LeapDay, RenewalCall, RoutineKind,
};
use chrono::{NaiveDate, NaiveTime, Weekday};
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDateTime, PyDict, PyList};

use crate::args::{IntArg, Text, day_arg, instant_arg, texts, time_of_day_arg, wall_arg};
use crate::book::Book;
use crate::calendar::BusinessCalendar;
use crate::errors::{detach, py_repr, to_py_err};
use crate::records::{
    detached_list, from_record, from_records, serialise_error, shape_error, to_dict, to_list,
};
use crate::times::{py_date, py_wall};

/// The arguments the weekly presets (`power_hour`, `crankathon`) share: the day to
/// start from, the weekdays (`"Mon"` to `"Sun"`, read by the core's serde form) and the
/// local start time.
fn weekly_args(
    first_day: &Bound<'_, PyAny>,
    weekdays: &Bound<'_, PyAny>,
    start: &Bound<'_, PyAny>,
) -> PyResult<(NaiveDate, Vec<Weekday>, NaiveTime)> {
    Ok((
        day_arg(first_day, "first_day")?,
        from_record(weekdays, "weekdays", serde_json::from_value)?,
        time_of_day_arg(start, "start")?,
    ))
}

/// A recurring block of calling time: an RFC 5545 recurrence rule (`rrule`, such as
/// `"FREQ=WEEKLY;BYDAY=TU,TH"`) from a first start at a local wall-clock time in the IANA
/// zone `time_zone`, each block lasting `duration_minutes`, optionally skipping the
/// days a business calendar says are not business days.
///
/// `kind` is `"bookend"`, `"power_hour"`, `"crankathon"` or `"custom"`; `first_start` is
/// a naive `datetime.datetime` (the wall time in `time_zone`, no `tzinfo`) or a
/// `"YYYY-MM-DDTHH:MM:SS"` string, and must be the rule's first occurrence. The presets
/// `Routine.power_hour`, `Routine.crankathon` and `Routine.bookends` pick it for you.
///
/// Blocks keep their **wall-clock time** across daylight saving: a Power Hour at 10:00 in
/// New York is at 15:00 UTC in winter and 14:00 UTC in summer. A wall time that does not
/// exist (spring forward) is read with the offset before the gap, and one that happens
/// twice (fall back) is the first, as RFC 5545 and calendar clients read them.
///
/// Raises `InvalidRuleError` for a malformed or empty rule, a first start that is not its
/// first occurrence, an empty name, a duration of 0 or above a day, or a Crankathon above
/// 180 minutes; `UnknownTimeZoneError` for the zone; `InvalidArgumentError` for a bad
/// `kind` or `first_start` (a fraction of a second, a year outside 1900 to 9999).
///
/// Routines are immutable, compare by value, pickle, and read and write their JSON form
/// (`from_json`, `to_json`), the same in every language binding.
///
/// >>> import datetime
/// >>> from callwise.routine import Routine
/// >>> review = Routine("custom", "Pipeline review", "Europe/Paris",
/// ...                  datetime.datetime(2026, 11, 23, 16, 0), "FREQ=WEEKLY;BYDAY=MO", 45)
/// >>> review.first_start, review.rrule
/// (datetime.datetime(2026, 11, 23, 16, 0), 'FREQ=WEEKLY;BYDAY=MO')
/// >>> Routine("custom", "Blitz", "America/Chicago", "2026-11-24T10:00:00", "FREQ=SOMETIMES", 90)
/// Traceback (most recent call last):
///     ...
/// callwise._errors.InvalidRuleError: invalid RRULE: ...
#[pyclass(name = "Routine", module = "callwise.routine", frozen, eq)]
#[derive(PartialEq)]
pub struct Routine(pub(crate) core::Routine);

#[pymethods]
impl Routine {
    #[new]
    fn new(
        py: Python<'_>,
        kind: &Bound<'_, PyAny>,
        name: Text<'_>,
        time_zone: Text<'_>,
        first_start: &Bound<'_, PyAny>,
        rrule: Text<'_>,
        duration_minutes: IntArg,
    ) -> PyResult<Self> {
        let kind: RoutineKind = from_record(kind, "kind", serde_json::from_value)?;
        let first_start = wall_arg(first_start, "first_start")?;
        let minutes: u32 =
            duration_minutes.convert(py, "duration_minutes", core::MAX_DURATION_MINUTES)?;
        core::Routine::new(kind, &name, &time_zone, first_start, &rrule, minutes)
            .map(Self)
            .map_err(|e| to_py_err(py, e))
    }

    /// A routine from its JSON form (what `to_json` writes): `{"name", "kind",
    /// "time_zone", "first_start" ("2026-11-24T10:00:00", local), "rrule",
    /// "duration_minutes", "business_calendar"?}`, checked as the constructor checks it.
    ///
    /// Raises `JsonError` when the text is not JSON of this shape or the routine is
    /// invalid (the message says why).
    ///
    /// >>> from callwise.routine import Routine
    /// >>> r = Routine.from_json('{"name": "Standup", "kind": "custom", "time_zone": "UTC",'
    /// ...     ' "first_start": "2026-11-23T09:00:00", "rrule": "FREQ=DAILY",'
    /// ...     ' "duration_minutes": 15}')
    /// >>> Routine.from_json(r.to_json()) == r
    /// True
    #[staticmethod]
    fn from_json(py: Python<'_>, json: Text<'_>) -> PyResult<Self> {
        core::Routine::from_json(&json)
            .map(Self)
            .map_err(|e| to_py_err(py, e))
    }

    /// The routine as pretty-printed JSON (two-space indents), in the shape `from_json`
    /// reads.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// A new routine, the same but skipping every block whose local date (in the
    /// routine's zone) is not a business day of `calendar`. The routine itself is
    /// unchanged.
    ///
    /// >>> import callwise, datetime
    /// >>> from callwise.routine import Routine
    /// >>> standup = Routine("custom", "Standup", "America/New_York", "2026-11-23T09:00:00",
    /// ...                   "FREQ=DAILY", 15)
    /// >>> week = (datetime.datetime(2026, 11, 23, tzinfo=datetime.timezone.utc),
    /// ...         datetime.datetime(2026, 11, 30, tzinfo=datetime.timezone.utc))
    /// >>> len(standup.blocks(*week))
    /// 7
    /// >>> working = standup.on_business_days(callwise.BusinessCalendar.us_federal())
    /// >>> [b["local_date"] for b in working.blocks(*week)]  # no Thanksgiving, no weekend
    /// ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-27']
    fn on_business_days(&self, calendar: &BusinessCalendar) -> Self {
        Self(self.0.clone().on_business_days(calendar.core().clone()))
    }

    /// The morning and evening bookend calls of a field rep and the inside partner: two
    /// routines, `"Bookend (morning)"` and `"Bookend (evening)"`, of `minutes` each at
    /// `morning` and `evening` (`"HH:MM"` local times or `datetime.time`s) in
    /// `time_zone`, on the working weekdays of `calendar`, skipping its holidays, from
    /// the first business day on or after `first_day` (a `datetime.date` or
    /// `"YYYY-MM-DD"`).
    ///
    /// Raises `InvalidArgumentError` when `evening` is not after `morning`, and as the
    /// constructor otherwise.
    ///
    /// >>> import callwise
    /// >>> from callwise.routine import Routine
    /// >>> morning, evening = Routine.bookends(
    /// ...     "America/Denver", "2026-11-21", "08:00", "17:00", 15,  # from a Saturday
    /// ...     callwise.BusinessCalendar.us_federal())
    /// >>> morning.name, morning.first_start.isoformat(), evening.rrule
    /// ('Bookend (morning)', '2026-11-23T08:00:00', 'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR')
    #[staticmethod]
    fn bookends(
        py: Python<'_>,
        time_zone: Text<'_>,
        first_day: &Bound<'_, PyAny>,
        morning: &Bound<'_, PyAny>,
        evening: &Bound<'_, PyAny>,
        minutes: IntArg,
        calendar: &BusinessCalendar,
    ) -> PyResult<Vec<Self>> {
        let first_day = day_arg(first_day, "first_day")?;
        let (morning, evening) = (
            time_of_day_arg(morning, "morning")?,
            time_of_day_arg(evening, "evening")?,
        );
        let minutes: u32 = minutes.convert(py, "minutes", core::MAX_DURATION_MINUTES)?;
        core::Routine::bookends(
            &time_zone,
            first_day,
            morning,
            evening,
            minutes,
            calendar.core().clone(),
        )
        .map(|routines| routines.into_iter().map(Self).collect())
        .map_err(|e| to_py_err(py, e))
    }

    /// Power Hour: `"Power Hour"`, 60 minutes at `start` (`"HH:MM"` local time or a
    /// `datetime.time`) in `time_zone`, on each of `weekdays` (`"Mon"` to `"Sun"`), from
    /// the first such day on or after `first_day`.
    ///
    /// Raises `InvalidArgumentError` when `weekdays` is empty, and as the constructor
    /// otherwise.
    ///
    /// >>> import datetime
    /// >>> from callwise.routine import Routine
    /// >>> ph = Routine.power_hour("America/New_York", datetime.date(2026, 3, 1),
    /// ...                         ["Thu", "Tue"], "10:00")
    /// >>> ph.rrule, ph.first_start
    /// ('FREQ=WEEKLY;BYDAY=TU,TH', datetime.datetime(2026, 3, 3, 10, 0))
    #[staticmethod]
    fn power_hour(
        py: Python<'_>,
        time_zone: Text<'_>,
        first_day: &Bound<'_, PyAny>,
        weekdays: &Bound<'_, PyAny>,
        start: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let (first_day, weekdays, start) = weekly_args(first_day, weekdays, start)?;
        core::Routine::power_hour(&time_zone, first_day, &weekdays, start)
            .map(Self)
            .map_err(|e| to_py_err(py, e))
    }

    /// Crankathon, the team call blitz: `"Crankathon"`, `minutes` (at most 180) at
    /// `start` in `time_zone` on each of `weekdays`, from the first such day on or after
    /// `first_day`.
    ///
    /// Raises `InvalidRuleError` when `minutes` is 0 or above 180, and as `power_hour`
    /// otherwise.
    ///
    /// >>> from callwise.routine import Routine
    /// >>> Routine.crankathon("America/Phoenix", "2026-11-23", ["Wed"], "14:00", 180).duration_minutes
    /// 180
    /// >>> Routine.crankathon("America/Phoenix", "2026-11-23", ["Wed"], "14:00", 181)
    /// Traceback (most recent call last):
    ///     ...
    /// callwise._errors.InvalidRuleError: invalid routine: a Crankathon lasts at most 180 minutes, got 181
    #[staticmethod]
    fn crankathon(
        py: Python<'_>,
        time_zone: Text<'_>,
        first_day: &Bound<'_, PyAny>,
        weekdays: &Bound<'_, PyAny>,
        start: &Bound<'_, PyAny>,
        minutes: IntArg,
    ) -> PyResult<Self> {
        let (first_day, weekdays, start) = weekly_args(first_day, weekdays, start)?;
        let minutes: u32 = minutes.convert(py, "minutes", core::MAX_CRANKATHON_MINUTES)?;
        core::Routine::crankathon(&time_zone, first_day, &weekdays, start, minutes)
            .map(Self)
            .map_err(|e| to_py_err(py, e))
    }

    /// The routine's name.
    #[getter]
    fn name(&self) -> &str {
        self.0.name()
    }

    /// What the routine is for: `"bookend"`, `"power_hour"`, `"crankathon"` or
    /// `"custom"`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind().as_str()
    }

    /// The IANA zone whose wall clock the routine keeps.
    #[getter]
    fn time_zone(&self) -> &str {
        self.0.time_zone()
    }

    /// The first start: a naive `datetime.datetime`, the wall time in `time_zone`.
    #[getter]
    fn first_start<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDateTime>> {
        py_wall(py, self.0.first_start(), "first_start")
    }

    /// The RFC 5545 rule value, without an `RRULE:` prefix, in upper case.
    #[getter]
    fn rrule(&self) -> &str {
        self.0.rrule()
    }

    /// How long each block lasts, in minutes.
    #[getter]
    fn duration_minutes(&self) -> u32 {
        self.0.duration_minutes()
    }

    /// The business calendar whose non-business days are skipped, or None.
    #[getter]
    fn business_calendar(&self) -> Option<BusinessCalendar> {
        self.0
            .business_calendar()
            .map(|calendar| BusinessCalendar::from(calendar.clone()))
    }

    /// The blocks starting from `start` (included) to `end` (excluded), two aware
    /// `datetime`s in any zone, in time order: a list of dicts in the JSON shape
    /// (`callwise.routine.Block`): `routine` (its name), `kind`, `time_zone` (the
    /// routine's), `start` and `end` (RFC 3339 strings in UTC) and `local_date` (the
    /// date of `start` in the routine's zone). The GIL is released while expanding, and
    /// Ctrl-C stops it (`KeyboardInterrupt`).
    ///
    /// Raises `InvalidArgumentError` for a naive `datetime`, when `start` is after `end`
    /// (named `from`, as in the core), or (named `to`) when the range holds more than
    /// 100,000 blocks, when the rule's periods from its first start to `end` and its
    /// occurrences on the way come to more than 1,000,000, or when a block would end
    /// past the year 9999.
    ///
    /// >>> import datetime
    /// >>> from callwise.routine import Routine
    /// >>> ph = Routine.power_hour("America/New_York", "2026-03-03", ["Tue"], "10:00")
    /// >>> utc = datetime.timezone.utc
    /// >>> blocks = ph.blocks(datetime.datetime(2026, 3, 1, tzinfo=utc),
    /// ...                    datetime.datetime(2026, 3, 15, tzinfo=utc))
    /// >>> [b["start"] for b in blocks]  # 10:00 EST, then 10:00 EDT from 8 March
    /// ['2026-03-03T15:00:00Z', '2026-03-10T14:00:00Z']
    /// >>> blocks[1]
    /// {'routine': 'Power Hour', 'kind': 'power_hour', 'time_zone': 'America/New_York', 'start': '2026-03-10T14:00:00Z', 'end': '2026-03-10T15:00:00Z', 'local_date': '2026-03-10'}
    fn blocks<'py>(
        &self,
        py: Python<'py>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let (from, to) = (instant_arg(start, "start")?, instant_arg(end, "end")?);
        let json = detach(py, || {
            self.0
                .blocks(from, to)
                .map(|blocks| serde_json::to_string(&blocks))
        })?;
        to_list(py, json)
    }

    /// Pickles as its JSON.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let from_json = slf.get_type().getattr("from_json")?;
        Ok((from_json, (slf.get().to_json(),)))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "<Routine name={} kind={} time_zone={} first_start={} rrule={} duration_minutes={}{}>",
            py_repr(py, self.0.name())?,
            py_repr(py, self.0.kind().as_str())?,
            py_repr(py, self.0.time_zone())?,
            callwise::time::format_local_date_time(self.0.first_start()),
            py_repr(py, self.0.rrule())?,
            self.0.duration_minutes(),
            if self.0.business_calendar().is_some() {
                " business_days_only"
            } else {
                ""
            },
        ))
    }
}

/// Zone rotation: the territory's zones (territory zone names, as on accounts'
/// `territory_zone`) come up one week each, in turn, and the calls of a zone's week aim
/// at meetings `meeting_lead_days` (usually 28) out.
///
/// Weeks run Monday to Sunday; `first_week` (a Monday, a `datetime.date` or
/// `"YYYY-MM-DD"`) belongs to the first zone, and the cycle runs on forwards and
/// backwards from it.
///
/// Raises `InvalidRuleError` when `zones` is empty or holds an empty name or a name
/// twice, and `InvalidArgumentError` when `first_week` is not a Monday or
/// `meeting_lead_days` is above 3660.
///
/// Rotations are immutable, compare by value, pickle, and read and write their JSON form
/// `{"zones", "first_week", "meeting_lead_days"}`.
///
/// >>> from callwise.routine import ZoneRotation
/// >>> rotation = ZoneRotation(["east-1", "east-2", "west-1"], "2026-11-23", 28)
/// >>> rotation.zone_for("2026-11-29"), rotation.zone_for("2026-12-07")  # Sunday, week 2
/// ('east-1', 'west-1')
/// >>> rotation.zone_for("2026-11-22")  # the week before the first one
/// 'west-1'
#[pyclass(name = "ZoneRotation", module = "callwise.routine", frozen, eq)]
#[derive(PartialEq)]
pub struct ZoneRotation(pub(crate) core::ZoneRotation);

#[pymethods]
impl ZoneRotation {
    #[new]
    fn new(
        py: Python<'_>,
        #[pyo3(from_py_with = texts)] zones: Vec<String>,
        first_week: &Bound<'_, PyAny>,
        meeting_lead_days: IntArg,
    ) -> PyResult<Self> {
        let first_week = day_arg(first_week, "first_week")?;
        let lead: u32 = meeting_lead_days.convert(py, "meeting_lead_days", core::MAX_LEAD_DAYS)?;
        core::ZoneRotation::new(zones, first_week, lead)
            .map(Self)
            .map_err(|e| to_py_err(py, e))
    }

    /// A rotation from its JSON form (what `to_json` writes), checked as the constructor
    /// checks it.
    ///
    /// Raises `JsonError` when the text is not JSON of this shape or the rotation is
    /// invalid (the message says why).
    #[staticmethod]
    fn from_json(py: Python<'_>, json: Text<'_>) -> PyResult<Self> {
        core::ZoneRotation::from_json(&json)
            .map(Self)
            .map_err(|e| to_py_err(py, e))
    }

    /// The rotation as pretty-printed JSON (two-space indents), in the shape `from_json`
    /// reads.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.0).map_err(serialise_error)
    }

    /// The zones, in rotation order.
    #[getter]
    fn zones(&self) -> Vec<String> {
        self.0.zones().to_vec()
    }

    /// The Monday of the first zone's week.
    #[getter]
    fn first_week<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDate>> {
        py_date(py, self.0.first_week(), "first_week")
    }

    /// How many days after a week's Monday its meetings are aimed at.
    #[getter]
    fn meeting_lead_days(&self) -> u32 {
        self.0.meeting_lead_days()
    }

    /// The zone whose week `date` (a `datetime.date` or `"YYYY-MM-DD"`) is in.
    fn zone_for(&self, date: &Bound<'_, PyAny>) -> PyResult<String> {
        Ok(self.0.zone_for(day_arg(date, "date")?).to_owned())
    }

    /// `count` consecutive weeks from the week `start` is in: a list of dicts in the JSON
    /// shape (`callwise.routine.RotationWeek`): `week_start` (its Monday), `zone` and
    /// `meetings_from` (the first day to book its meetings for), dates as ISO strings.
    ///
    /// Raises `InvalidArgumentError` when `count` is above 5220 or the weeks run off the
    /// calendar.
    ///
    /// >>> from callwise.routine import ZoneRotation
    /// >>> rotation = ZoneRotation(["a", "b"], "2026-11-23", 28)
    /// >>> rotation.weeks("2026-11-25", 2)  # doctest: +NORMALIZE_WHITESPACE
    /// [{'week_start': '2026-11-23', 'zone': 'a', 'meetings_from': '2026-12-21'},
    ///  {'week_start': '2026-11-30', 'zone': 'b', 'meetings_from': '2026-12-28'}]
    fn weeks<'py>(
        &self,
        py: Python<'py>,
        start: &Bound<'py, PyAny>,
        count: IntArg,
    ) -> PyResult<Bound<'py, PyList>> {
        let from = day_arg(start, "start")?;
        let count: u32 = count.convert(py, "count", core::MAX_WEEKS)?;
        detached_list(py, || self.0.weeks(from, count), serde_json::to_string)
    }

    /// The ids of the accounts of `book` whose territory zone is up in the week `date`
    /// is in, in book order. The GIL is released meanwhile.
    ///
    /// >>> import callwise
    /// >>> from callwise.routine import ZoneRotation
    /// >>> book = callwise.sample_book(seed=7, members=40)
    /// >>> rotation = ZoneRotation(["east-1", "east-2", "central-1"], "2026-11-23", 28)
    /// >>> ids = rotation.accounts_for(book, "2026-11-24")
    /// >>> {book.account(i)["territory_zone"] for i in ids}
    /// {'east-1'}
    fn accounts_for(
        &self,
        py: Python<'_>,
        book: &Book,
        date: &Bound<'_, PyAny>,
    ) -> PyResult<Vec<String>> {
        let date = day_arg(date, "date")?;
        let snapshot = book.core();
        let book = &*snapshot;
        Ok(py.detach(|| {
            self.0
                .accounts_for(book, date)
                .into_iter()
                .map(|id| id.as_str().to_owned())
                .collect()
        }))
    }

    /// Pickles as its JSON.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let from_json = slf.get_type().getattr("from_json")?;
        Ok((from_json, (slf.get().to_json()?,)))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "<ZoneRotation zones={} first_week={} meeting_lead_days={}>",
            py_repr(py, self.0.zones())?,
            self.0.first_week(),
            self.0.meeting_lead_days(),
        ))
    }
}

/// The birthday calls from `start` to `end` (both included; `datetime.date`s or
/// `"YYYY-MM-DD"`): every contact of `book` with a birthday, not on do-not-call and not
/// having denied consent to calls, on each of their birthdays in the range, in the
/// contact's own local date. A 29 February birthday falls on 29 February in leap years
/// and, in other years, on 28 February (`leap="feb28"`) or 1 March (`leap="mar1"`).
///
/// A list of dicts in the JSON shape (`callwise.routine.BirthdayCall`): `contact_id`,
/// `account_id`, `date` (an ISO string) and `time_zone` (the contact's IANA zone, to call
/// them on that day there), by date, then contact id. The GIL is released meanwhile.
///
/// Raises `InvalidArgumentError` when `end` is before `start` or more than 1830 days
/// after it (named `to`, as in the core), or for a bad `leap`.
///
/// >>> import callwise
/// >>> from callwise.routine import birthday_calls
/// >>> book = callwise.sample_book(seed=7, members=40)
/// >>> calls = birthday_calls(book, "2027-02-27", "2027-03-01", leap="mar1")
/// >>> [(c["contact_id"], c["date"]) for c in calls]  # born 29 February: 1 March
/// [('con-0000006', '2027-03-01')]
#[pyfunction]
#[pyo3(
    signature = (book, start, end, leap = Text::from("feb28")),
    text_signature = "(book, start, end, leap='feb28')"
)]
pub fn birthday_calls<'py>(
    py: Python<'py>,
    book: &Book,
    start: &Bound<'py, PyAny>,
    end: &Bound<'py, PyAny>,
    leap: Text<'_>,
) -> PyResult<Bound<'py, PyList>> {
    let (from, to) = (day_arg(start, "start")?, day_arg(end, "end")?);
    let leap: LeapDay = serde_json::from_value(serde_json::Value::String(leap.to_owned()))
        .map_err(shape_error(py, "leap"))?;
    let snapshot = book.core();
    let book = &*snapshot;
    detached_list(
        py,
        || core::birthday_calls(book, from, to, leap),
        serde_json::to_string,
    )
}

/// The renewal calls of `book` whose call day falls from `start` to `end` (both
/// included), in monthly batches: each membership whose current term is still to decide
/// is called `lead_days` before the term's last day.
///
/// A list of dicts in the JSON shape (`callwise.routine.RenewalBatch`): `month` (its
/// first day) and `calls`, each `membership_id`, `account_id`, `term_end` and `call_on`,
/// by call day, then membership id. Months come in order; months without a call are
/// left out. The GIL is released meanwhile.
///
/// Raises `InvalidArgumentError` when `end` is before `start` or more than 1830 days
/// after it (named `to`), or `lead_days` is above 3660.
///
/// >>> import callwise
/// >>> from callwise.routine import renewal_batches
/// >>> book = callwise.sample_book(seed=7, members=40)
/// >>> batches = renewal_batches(book, "2026-12-01", "2027-01-31", lead_days=60)
/// >>> [(b["month"], len(b["calls"])) for b in batches]
/// [('2026-12-01', 1), ('2027-01-01', 2)]
/// >>> batches[0]["calls"][0]
/// {'membership_id': 'mem-0000035', 'account_id': 'acc-0000035', 'term_end': '2027-02-18', 'call_on': '2026-12-20'}
#[pyfunction]
pub fn renewal_batches<'py>(
    py: Python<'py>,
    book: &Book,
    start: &Bound<'py, PyAny>,
    end: &Bound<'py, PyAny>,
    lead_days: IntArg,
) -> PyResult<Bound<'py, PyList>> {
    let (from, to) = (day_arg(start, "start")?, day_arg(end, "end")?);
    let lead: u32 = lead_days.convert(py, "lead_days", core::MAX_LEAD_DAYS)?;
    let snapshot = book.core();
    let book = &*snapshot;
    detached_list(
        py,
        || core::renewal_batches(book, from, to, lead),
        serde_json::to_string,
    )
}

/// The to-do (an iCalendar `VTODO`) for a birthday call, a dict as `birthday_calls` gives
/// it: a dict in the JSON shape (`callwise.routine.CallTodo`): `uid`
/// (`birthday-<contact id>-<YYYYMMDD>@callwise`, stable so a re-export updates rather
/// than duplicates), `summary` (records named by id only) and `due` (`{"date": ...}`).
///
/// Raises `InvalidArgumentError` named `call` for a dict of another shape.
///
/// >>> from callwise.routine import call_todo_for_birthday
/// >>> call_todo_for_birthday({"contact_id": "con 7", "account_id": "acc-1",
/// ...                         "date": "2027-02-28", "time_zone": "America/Chicago"})
/// {'uid': 'birthday-con%207-20270228@callwise', 'summary': 'Birthday call: contact con 7 (account acc-1)', 'due': {'date': '2027-02-28'}}
#[pyfunction]
pub fn call_todo_for_birthday<'py>(
    py: Python<'py>,
    call: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyDict>> {
    let call: BirthdayCall = from_record(call, "call", serde_json::from_value)?;
    to_dict(py, serde_json::to_string(&CallTodo::from(&call)))
}

/// The to-do (an iCalendar `VTODO`) for a renewal call, a dict of a batch's `calls` as
/// `renewal_batches` gives them: `uid` (`renewal-<membership id>-<term end
/// YYYYMMDD>@callwise`), `summary` and `due` (`{"date": <call_on>}`).
///
/// Raises `InvalidArgumentError` named `call` for a dict of another shape.
///
/// >>> from callwise.routine import call_todo_for_renewal
/// >>> todo = call_todo_for_renewal({"membership_id": "mem-1", "account_id": "acc-1",
/// ...                               "term_end": "2027-01-30", "call_on": "2026-12-01"})
/// >>> todo["uid"], todo["due"]
/// ('renewal-mem-1-20270130@callwise', {'date': '2026-12-01'})
#[pyfunction]
pub fn call_todo_for_renewal<'py>(
    py: Python<'py>,
    call: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyDict>> {
    let call: RenewalCall = from_record(call, "call", serde_json::from_value)?;
    to_dict(py, serde_json::to_string(&CallTodo::from(&call)))
}

/// Routines, blocks and calls as one iCalendar (RFC 5545) text: CRLF line ends, lines
/// folded at 75 octets; a `VTIMEZONE` for each routine's zone (its changes from the
/// routine's first start, then its rules), each routine a `VEVENT` with
/// `DTSTART;TZID=`, `RRULE` and `DURATION`, then each block a `VEVENT` in UTC, then each
/// call a `VTODO`.
///
/// `routines` are `Routine`s; `blocks` are dicts in the `Block` shape (as
/// `Routine.blocks` gives them) and `calls` dicts in the `CallTodo` shape (as
/// `call_todo_for_birthday` and `call_todo_for_renewal` give them, or your own:
/// `{"uid", "summary", "due": {"date": "YYYY-MM-DD"} or {"at": instant}}`). Every
/// component's `DTSTAMP` is `stamp` (an aware `datetime`) and its `UID` deterministic,
/// so the same inputs give the same text, byte for byte, in every language. The GIL is
/// released while writing.
///
/// A routine's business-day calendar is not expressible in a rule: export its blocks
/// for the exact days. Raises `InvalidArgumentError` for a dict of another shape or a
/// naive `stamp`, and (named `blocks` or `calls`) for text holding a control character
/// other than a tab or a line break, which iCalendar text cannot carry.
///
/// >>> import datetime
/// >>> from callwise.routine import Routine, to_icalendar
/// >>> ph = Routine.power_hour("America/New_York", "2026-11-24", ["Tue", "Thu"], "10:00")
/// >>> stamp = datetime.datetime(2026, 11, 20, 12, 0, tzinfo=datetime.timezone.utc)
/// >>> lines = to_icalendar([ph], [], [], stamp).splitlines()
/// >>> lines[4:6]
/// ['BEGIN:VTIMEZONE', 'TZID:America/New_York']
/// >>> [line for line in lines if line.startswith(("DTSTART;", "RRULE:FREQ=W"))]
/// ['DTSTART;TZID=America/New_York:20261124T100000', 'RRULE:FREQ=WEEKLY;BYDAY=TU,TH']
#[pyfunction]
pub fn to_icalendar(
    py: Python<'_>,
    routines: &Bound<'_, PyAny>,
    blocks: &Bound<'_, PyAny>,
    calls: &Bound<'_, PyAny>,
    stamp: &Bound<'_, PyAny>,
) -> PyResult<String> {
    let routines = routines
        .try_iter()?
        .map(|item| Ok(item?.cast::<Routine>()?.get().0.clone()))
        .collect::<PyResult<Vec<_>>>()?;
    let blocks: Vec<Block> = from_records(blocks, "blocks", serde_json::from_value)?;
    let calls: Vec<CallTodo> = from_records(calls, "calls", serde_json::from_value)?;
    let stamp = instant_arg(stamp, "stamp")?;
    py.detach(|| core::to_icalendar(&routines, &blocks, &calls, stamp))
        .map_err(|e| to_py_err(py, e))
}

/// Adds the routine classes and functions to the compiled module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Routine>()?;
    m.add_class::<ZoneRotation>()?;
    m.add_function(wrap_pyfunction!(birthday_calls, m)?)?;
    m.add_function(wrap_pyfunction!(renewal_batches, m)?)?;
    m.add_function(wrap_pyfunction!(call_todo_for_birthday, m)?)?;
    m.add_function(wrap_pyfunction!(call_todo_for_renewal, m)?)?;
    m.add_function(wrap_pyfunction!(to_icalendar, m)?)?;
    Ok(())
}

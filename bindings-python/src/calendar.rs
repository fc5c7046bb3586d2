//! The `BusinessCalendar` class: weekends and holidays, and arithmetic in business days
//! and business hours.

use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDateTime, PyList, PyTuple};

use crate::args::{IntArg, Text, day_arg, instant_arg, window_arg};
use crate::errors::to_py_err;
use crate::records::to_list;
use crate::times::{py_date, py_instant};

/// Weekends and holidays: which days are business days.
///
/// Holidays are rules, not lists: a fixed date moved off weekends (Christmas on a
/// Saturday is observed on Friday 24 December), the nth weekday of a month
/// (Thanksgiving), or a one-off date. `BusinessCalendar.us_federal()` is the US federal
/// set; `from_json` reads any other, in the JSON shape
/// `{"weekend": ["Sat", "Sun"], "holidays": [{"rule": "fixed", ...}, ...]}`.
///
/// Dates are `datetime.date`s (or `"YYYY-MM-DD"` strings); instants are aware
/// `datetime.datetime`s, in any zone, and come back in UTC. Calendars are immutable,
/// compare by value and pickle.
///
/// >>> import callwise, datetime
/// >>> cal = callwise.BusinessCalendar.us_federal()
/// >>> cal.holiday(datetime.date(2026, 11, 26))
/// 'Thanksgiving Day'
/// >>> cal.add_business_days(datetime.date(2026, 11, 25), 1)  # skips Thanksgiving
/// datetime.date(2026, 11, 27)
/// >>> cal.is_business_day("2027-12-24")  # Christmas 2027 is a Saturday
/// False
#[pyclass(name = "BusinessCalendar", module = "callwise", frozen, eq)]
#[derive(PartialEq)]
pub struct BusinessCalendar(callwise::BusinessCalendar);

impl From<callwise::BusinessCalendar> for BusinessCalendar {
    fn from(calendar: callwise::BusinessCalendar) -> Self {
        Self(calendar)
    }
}

impl BusinessCalendar {
    /// The core calendar.
    pub fn core(&self) -> &callwise::BusinessCalendar {
        &self.0
    }
}

#[pymethods]
impl BusinessCalendar {
    /// Saturdays and Sundays off, and the eleven US federal holidays (5 U.S.C. 6103)
    /// with the federal observed-day rule: a Saturday holiday is observed on the Friday
    /// before, a Sunday one on the Monday after. Juneteenth is kept from 2021.
    ///
    /// >>> import callwise
    /// >>> callwise.BusinessCalendar.us_federal().holiday("2027-12-31")  # New Year 2028
    /// "New Year's Day"
    #[staticmethod]
    fn us_federal() -> Self {
        Self(callwise::BusinessCalendar::us_federal())
    }

    /// Saturdays and Sundays off, no holidays.
    ///
    /// >>> import callwise
    /// >>> callwise.BusinessCalendar.weekends_only().is_business_day("2026-12-25")
    /// True
    #[staticmethod]
    fn weekends_only() -> Self {
        Self(callwise::BusinessCalendar::weekends_only())
    }

    /// A calendar from its JSON form (what `to_json` writes): `weekend` (day names
    /// `"Mon"` to `"Sun"`) and `holidays`, each rule one of
    /// `{"rule": "fixed", "name", "month", "day", "observed", "since"}`,
    /// `{"rule": "nth_weekday", "name", "month", "weekday", "nth"}` (`nth` 1 to 4, or -1
    /// for the last) and `{"rule": "once", "name", "date"}`.
    ///
    /// Raises `JsonError` when the text is not JSON of this shape or a rule is invalid
    /// (29 February every year, an empty name, every day a weekend day: the message
    /// says which).
    ///
    /// >>> import callwise
    /// >>> cal = callwise.BusinessCalendar.from_json(
    /// ...     '{"weekend": ["Fri", "Sat"], "holidays": '
    /// ...     '[{"rule": "once", "name": "Founders Day", "date": "2026-05-03"}]}')
    /// >>> cal.weekend_days, cal.holiday("2026-05-03")
    /// (['Fri', 'Sat'], 'Founders Day')
    #[staticmethod]
    fn from_json(py: Python<'_>, json: Text<'_>) -> PyResult<Self> {
        callwise::BusinessCalendar::from_json(&json)
            .map(Self)
            .map_err(|e| to_py_err(py, e))
    }

    /// The calendar as pretty-printed JSON (two-space indents), in the shape
    /// `from_json` reads.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The weekend days, Monday first, by their JSON names (`"Mon"` to `"Sun"`).
    #[getter]
    fn weekend_days<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        to_list(py, serde_json::to_string(&self.0.weekend_days()))
    }

    /// The holiday rules, in the order given, as dicts in the JSON shape.
    #[getter]
    fn holiday_rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        to_list(py, serde_json::to_string(self.0.rules()))
    }

    /// Whether `date` is neither a weekend day nor an observed holiday.
    ///
    /// >>> import callwise, datetime
    /// >>> callwise.BusinessCalendar.us_federal().is_business_day(datetime.date(2026, 7, 3))
    /// False
    fn is_business_day(&self, date: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.0.is_business_day(day_arg(date, "date")?))
    }

    /// The name of the holiday observed on `date`, or None.
    fn holiday(&self, date: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
        Ok(self.0.holiday(day_arg(date, "date")?).map(str::to_owned))
    }

    /// The holidays observed from `start` to `end`, both included, in date order, as
    /// `(date, name)` pairs.
    ///
    /// >>> import callwise
    /// >>> callwise.BusinessCalendar.us_federal().holidays_between("2026-11-01", "2026-11-30")
    /// [(datetime.date(2026, 11, 11), 'Veterans Day'), (datetime.date(2026, 11, 26), 'Thanksgiving Day')]
    fn holidays_between<'py>(
        &self,
        py: Python<'py>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
    ) -> PyResult<Vec<Bound<'py, PyTuple>>> {
        let (start, end) = (day_arg(start, "start")?, day_arg(end, "end")?);
        let days = py.detach(|| {
            self.0
                .holidays_between(start, end)
                .into_iter()
                .map(|(day, name)| (day, name.to_owned()))
                .collect::<Vec<_>>()
        });
        days.into_iter()
            .map(|(day, name)| (py_date(py, day, "end")?, name).into_pyobject(py))
            .collect()
    }

    /// `date` itself if it is a business day, else the next business day.
    ///
    /// Raises `InvalidArgumentError` when that runs off the calendar's end.
    fn roll_forward<'py>(
        &self,
        py: Python<'py>,
        date: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDate>> {
        let day = self
            .0
            .roll_forward(day_arg(date, "date")?)
            .map_err(|e| to_py_err(py, e))?;
        py_date(py, day, "date")
    }

    /// `n` business days after `date` (before it when `n` is negative). Counting
    /// starts from `date` whether or not it is a business day; `n = 0` rolls `date`
    /// forward to a business day.
    ///
    /// Raises `InvalidArgumentError` when `n` is above 100,000 either way.
    ///
    /// >>> import callwise, datetime
    /// >>> cal = callwise.BusinessCalendar.us_federal()
    /// >>> cal.add_business_days(datetime.date(2026, 12, 28), -1)
    /// datetime.date(2026, 12, 24)
    fn add_business_days<'py>(
        &self,
        py: Python<'py>,
        date: &Bound<'py, PyAny>,
        n: IntArg,
    ) -> PyResult<Bound<'py, PyDate>> {
        let date = day_arg(date, "date")?;
        let n = n.convert_signed(py, "n")?;
        let day = self
            .0
            .add_business_days(date, n)
            .map_err(|e| to_py_err(py, e))?;
        py_date(py, day, "date")
    }

    /// The earliest instant at or after `at` inside the daily window `start` to `end`
    /// (`"HH:MM"` local times) in the IANA zone `time_zone`, on a business day there.
    ///
    /// Raises `UnknownTimeZoneError` for an unknown zone, `InvalidRuleError` for a bad
    /// window, `InvalidArgumentError` for a naive `at`.
    ///
    /// >>> import callwise, datetime
    /// >>> cal = callwise.BusinessCalendar.us_federal()
    /// >>> wednesday_6pm = datetime.datetime(2026, 11, 26, 0, 0, tzinfo=datetime.timezone.utc)
    /// >>> cal.next_business_instant(wednesday_6pm, "America/Chicago", "09:00", "17:00")
    /// datetime.datetime(2026, 11, 27, 15, 0, tzinfo=datetime.timezone.utc)
    fn next_business_instant<'py>(
        &self,
        py: Python<'py>,
        at: &Bound<'py, PyAny>,
        time_zone: Text<'_>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDateTime>> {
        let at = instant_arg(at, "at")?;
        let tz = callwise::time::parse_time_zone(&time_zone).map_err(|e| to_py_err(py, e))?;
        let window = window_arg(start, end)?;
        let next = self
            .0
            .next_business_instant(at, tz, &window)
            .map_err(|e| to_py_err(py, e))?;
        py_instant(py, next, "at")
    }

    /// The instant `hours` business hours after `at`: time counts only inside the
    /// daily window `start` to `end` (`"HH:MM"` local times in `time_zone`) on business
    /// days. From outside the window it starts counting at the next opening.
    ///
    /// >>> import callwise, datetime
    /// >>> cal = callwise.BusinessCalendar.us_federal()
    /// >>> friday_4pm = datetime.datetime(2026, 11, 20, 21, 0, tzinfo=datetime.timezone.utc)
    /// >>> cal.add_business_hours(friday_4pm, "America/New_York", "09:00", "17:00", 4)
    /// datetime.datetime(2026, 11, 23, 17, 0, tzinfo=datetime.timezone.utc)
    fn add_business_hours<'py>(
        &self,
        py: Python<'py>,
        at: &Bound<'py, PyAny>,
        time_zone: Text<'_>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
        hours: IntArg,
    ) -> PyResult<Bound<'py, PyDateTime>> {
        let at = instant_arg(at, "at")?;
        let tz = callwise::time::parse_time_zone(&time_zone).map_err(|e| to_py_err(py, e))?;
        let window = window_arg(start, end)?;
        let hours: u32 = hours.convert(py, "hours", u32::MAX)?;
        let due = py
            .detach(|| self.0.add_business_hours(at, tz, &window, hours))
            .map_err(|e| to_py_err(py, e))?;
        py_instant(py, due, "at")
    }

    /// Pickles as its JSON.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let from_json = slf.get_type().getattr("from_json")?;
        Ok((from_json, (slf.get().to_json(),)))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "<BusinessCalendar weekend_days={} holiday_rules={}>",
            self.weekend_days(py)?.repr()?,
            self.0.rules().len()
        ))
    }
}

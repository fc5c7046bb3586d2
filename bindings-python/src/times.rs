//! The core's dates, clock times and instants as Python `datetime` values.
//!
//! Instants come out as aware `datetime.datetime`s in UTC (`tzinfo` is
//! `datetime.timezone.utc`), so they compare equal to the same instant in any zone;
//! `astimezone()` gives local time. Python's microseconds hold every instant the core
//! works with (whole seconds).

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDateTime, PyTime, PyTzInfo};

/// `at` as an aware `datetime.datetime` in UTC.
pub fn py_instant<'py>(py: Python<'py>, at: DateTime<Utc>) -> PyResult<Bound<'py, PyDateTime>> {
    let utc = PyTzInfo::utc(py)?.to_owned();
    PyDateTime::new(
        py,
        at.year(),
        at.month() as u8,
        at.day() as u8,
        at.hour() as u8,
        at.minute() as u8,
        // A leap second (never produced by the core) would read as the second before.
        at.second().min(59) as u8,
        (at.nanosecond() / 1000).min(999_999),
        Some(&utc),
    )
}

/// `day` as a `datetime.date`.
pub fn py_date<'py>(py: Python<'py>, day: NaiveDate) -> PyResult<Bound<'py, PyDate>> {
    PyDate::new(py, day.year(), day.month() as u8, day.day() as u8)
}

/// `time` as a `datetime.time` without a zone (a wall-clock time).
pub fn py_time<'py>(py: Python<'py>, time: NaiveTime) -> PyResult<Bound<'py, PyTime>> {
    PyTime::new(
        py,
        time.hour() as u8,
        time.minute() as u8,
        time.second() as u8,
        (time.nanosecond() / 1000).min(999_999),
        None,
    )
}

/// `wall` as a naive `datetime.datetime` (a wall-clock time in a zone named elsewhere).
pub fn py_wall<'py>(py: Python<'py>, wall: NaiveDateTime) -> PyResult<Bound<'py, PyDateTime>> {
    PyDateTime::new(
        py,
        wall.year(),
        wall.month() as u8,
        wall.day() as u8,
        wall.hour() as u8,
        wall.minute() as u8,
        wall.second().min(59) as u8,
        (wall.nanosecond() / 1000).min(999_999),
        None,
    )
}

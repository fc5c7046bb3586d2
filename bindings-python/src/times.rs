//! The core's dates, clock times and instants as Python `datetime` values.
//!
//! Instants come out as aware `datetime.datetime`s in UTC (`tzinfo` is
//! `datetime.timezone.utc`), so they compare equal to the same instant in any zone;
//! `astimezone()` gives local time. Python's microseconds hold every instant the core
//! works with (whole seconds).
//!
//! Python's dates run from year 1 to 9999; the core's reach further (a business day
//! after 31 December 9999, a week of a rotation in year 10000). Such a value is an
//! `InvalidArgumentError` named after the argument or field it answers, as the core
//! reports an answer off its own calendar, never Python's bare `ValueError`.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDateTime, PyTime, PyTzInfo};
use std::fmt::Display;

use crate::args::invalid;

/// `Ok` when `year` is one a Python `datetime` holds; else the `InvalidArgumentError`
/// named `name`, showing `value`.
fn python_year(py: Python<'_>, year: i32, name: &'static str, value: impl Display) -> PyResult<()> {
    if (1..=9999).contains(&year) {
        Ok(())
    } else {
        Err(invalid(
            py,
            name,
            format!("the answer {value} is outside the years 1 to 9999 a Python datetime holds"),
        ))
    }
}

/// `at` as an aware `datetime.datetime` in UTC; `name` names it should its year be
/// outside Python's.
pub fn py_instant<'py>(
    py: Python<'py>,
    at: DateTime<Utc>,
    name: &'static str,
) -> PyResult<Bound<'py, PyDateTime>> {
    python_year(
        py,
        at.year(),
        name,
        at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
    )?;
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

/// `day` as a `datetime.date`; `name` names it should its year be outside Python's.
pub fn py_date<'py>(
    py: Python<'py>,
    day: NaiveDate,
    name: &'static str,
) -> PyResult<Bound<'py, PyDate>> {
    python_year(py, day.year(), name, day)?;
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

/// `wall` as a naive `datetime.datetime` (a wall-clock time in a zone named elsewhere);
/// `name` names it should its year be outside Python's.
pub fn py_wall<'py>(
    py: Python<'py>,
    wall: NaiveDateTime,
    name: &'static str,
) -> PyResult<Bound<'py, PyDateTime>> {
    python_year(py, wall.year(), name, wall)?;
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

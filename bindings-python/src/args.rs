//! Argument conversions.
//!
//! Whole numbers have their range checked by callwise, not by Python's `int`
//! conversion: an out-of-range value raises `InvalidArgumentError` (with the argument's
//! name) rather than an `OverflowError`. Dates are `datetime.date`s, converted to the
//! core's date type through their ISO 8601 form; the core checks their range.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDateAccess, PyDateTime, PyInt};
use std::fmt::Display;
use std::str::FromStr;

/// A `datetime.date` argument named `name` as the core's date type `T` (whose
/// `FromStr` reads ISO 8601 `YYYY-MM-DD`, the date's form in the book's JSON).
///
/// Only the conversion happens here: which dates are acceptable, callwise decides.
///
/// # Errors
/// `TypeError` when the value is a `datetime.datetime` (a subclass of `date`): the
/// binding does not drop its time of day and zone silently. `InvalidArgumentError` if
/// `T` cannot represent the date.
pub fn date_arg<T: FromStr>(date: &Bound<'_, PyDate>, name: &'static str) -> PyResult<T>
where
    T::Err: Display,
{
    if date.is_instance_of::<PyDateTime>() {
        return Err(PyTypeError::new_err(format!(
            "argument '{name}': expected a datetime.date, got a datetime.datetime \
             (pass its .date())"
        )));
    }
    let iso = format!(
        "{:04}-{:02}-{:02}",
        date.get_year(),
        date.get_month(),
        date.get_day()
    );
    iso.parse().map_err(|err: T::Err| {
        crate::errors::to_py_err(
            date.py(),
            callwise::Error::InvalidArgument {
                name,
                reason: format!("{iso} is not a date callwise can represent: {err}"),
            },
        )
    })
}

/// A Python `int` argument before its range is checked.
pub struct IntArg {
    /// The value, or `None` when it does not fit an `i128`.
    value: Option<i128>,
    /// The value as Python prints it, for the error message.
    text: String,
}

impl From<i64> for IntArg {
    fn from(value: i64) -> Self {
        Self {
            value: Some(value.into()),
            text: value.to_string(),
        }
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for IntArg {
    type Error = PyErr;

    /// Accepts any Python `int` (a non-`int` is a `TypeError`, as usual).
    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let int = ob.cast::<PyInt>()?;
        let value = int.extract::<i128>().ok();
        let text = match value {
            Some(v) => v.to_string(),
            None => int.str()?.to_string(),
        };
        Ok(Self { value, text })
    }
}

impl IntArg {
    /// The value as a `T`; callwise itself then decides whether it is acceptable.
    ///
    /// `limit` is only named in the message: the conversion checks the range of `T`,
    /// the core checks its own limits (such as [`callwise::MAX_SAMPLE_MEMBERS`]).
    ///
    /// # Errors
    /// `InvalidArgumentError` (the core's [`callwise::Error::InvalidArgument`]) naming
    /// `name` when the value is negative or does not fit a `T`.
    pub fn convert<T: TryFrom<i128>>(
        self,
        py: Python<'_>,
        name: &'static str,
        limit: impl Display,
    ) -> PyResult<T> {
        match self.value.map(T::try_from) {
            Some(Ok(value)) => Ok(value),
            _ => Err(crate::errors::to_py_err(
                py,
                callwise::Error::InvalidArgument {
                    name,
                    reason: format!(
                        "must be a whole number from 0 to {limit}, got {}",
                        self.text
                    ),
                },
            )),
        }
    }
}

//! Argument conversions.
//!
//! Whole numbers have their range checked by callwise, not by Python's `int`
//! conversion: an out-of-range value raises `InvalidArgumentError` (with the argument's
//! name) rather than an `OverflowError`. Dates are `datetime.date`s, converted to the
//! core's date type through their ISO 8601 form; the core checks their range.
//!
//! Instants are aware `datetime.datetime`s in any zone, converted to UTC (the years 0000
//! to 9999, the core's [`callwise::time::instant_from_unix`] range, as in every binding); a
//! naive one (no `tzinfo`, or one whose `utcoffset()` is None) names no instant and is
//! refused, never read as UTC or as local time. Clock times are `"HH:MM"` texts (or
//! `datetime.time`s without a zone), read by the core.
//!
//! Wall-clock date-times (a routine's first start, in its own zone) are the reverse: a
//! naive `datetime.datetime` or a `"YYYY-MM-DDTHH:MM:SS"` text, and one with a `tzinfo`
//! is refused, never converted.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use pyo3::exceptions::PyTypeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{
    PyDate, PyDateAccess, PyDateTime, PyDelta, PyDeltaAccess, PyInt, PyString, PyTime,
    PyTimeAccess, PyTzInfoAccess,
};
use std::borrow::Cow;
use std::fmt::Display;
use std::str::FromStr;

use crate::errors::to_py_err;

/// An `InvalidArgumentError` for the argument `name`.
pub fn invalid(py: Python<'_>, name: &'static str, reason: String) -> PyErr {
    to_py_err(py, callwise::Error::InvalidArgument { name, reason })
}

/// A `str` argument as Rust text, read by [`text_of`]: the type of every `str`
/// argument, so that a `str` that is not Unicode text raises `InvalidArgumentError`.
pub struct Text<'a>(pub Cow<'a, str>);

impl<'a> FromPyObject<'a, '_> for Text<'a> {
    type Error = PyErr;

    /// Accepts a `str` (anything else is a `TypeError`, as usual).
    fn extract(ob: Borrowed<'a, '_, PyAny>) -> PyResult<Self> {
        text_of(ob.cast::<PyString>()?, "text").map(Text)
    }
}

impl From<&'static str> for Text<'_> {
    /// A default value.
    fn from(text: &'static str) -> Self {
        Self(Cow::Borrowed(text))
    }
}

impl std::ops::Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// A list (any iterable but a `str`) of `str` items as owned texts, each read by
/// [`text_of`] (for `#[pyo3(from_py_with = texts)]`).
///
/// # Errors
/// `TypeError` for a `str` or a non-iterable, or an item that is not a `str`; as
/// [`text_of`] for an item.
pub fn texts(value: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if value.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err("expected a list of str, got a str"));
    }
    value
        .try_iter()?
        .map(|item| Ok(text_of(item?.cast::<PyString>()?.as_borrowed(), "text")?.into_owned()))
        .collect()
}

/// The text of a Python `str` given as the argument `name`, the one way the binding
/// reads one.
///
/// A `str` may hold a lone surrogate (`"\udc80"`, as `os.fsdecode` or
/// `errors="surrogateescape"` make from bytes that are not UTF-8): it is not Unicode text
/// and has no UTF-8 form, so Python's encoder raises `UnicodeEncodeError`. That becomes
/// `InvalidArgumentError` named `name`, a `CallwiseError` like the same character given
/// as a JSON escape. ([`Text`] arguments are named `text`: pyo3 does not tell an
/// extraction which argument it reads, but notes it on the exception, which Python
/// 3.11 and later show.)
///
/// # Errors
/// `InvalidArgumentError` named `name` for a lone surrogate.
pub fn text_of<'a>(text: Borrowed<'a, '_, PyString>, name: &'static str) -> PyResult<Cow<'a, str>> {
    let py = text.py();
    text.extract::<Cow<'a, str>>().map_err(|err| {
        if !err.is_instance_of::<pyo3::exceptions::PyUnicodeEncodeError>(py) {
            return err;
        }
        let surrogate = || -> PyResult<(usize, u32)> {
            let start: usize = err.value(py).getattr(intern!(py, "start"))?.extract()?;
            let ord = py
                .import(intern!(py, "builtins"))?
                .getattr(intern!(py, "ord"))?;
            Ok((start, ord.call1((text.get_item(start)?,))?.extract()?))
        };
        let reason = match surrogate() {
            Ok((i, code)) => format!("holds a lone surrogate, U+{code:04X}, at index {i}: "),
            Err(_) => "holds a lone surrogate: ".to_owned(),
        };
        invalid(
            py,
            name,
            format!(
                "{reason}it is not Unicode text and has no UTF-8 form (was it decoded with \
                 errors=\"surrogateescape\"?)"
            ),
        )
    })
}

/// A day argument: a `datetime.date` or an ISO 8601 string `"YYYY-MM-DD"`.
pub fn day_arg(value: &Bound<'_, PyAny>, name: &'static str) -> PyResult<NaiveDate> {
    if let Ok(date) = value.cast::<PyDate>() {
        return date_arg(date, name);
    }
    if let Ok(text) = value.cast::<PyString>() {
        // The core's reading, as in every binding: strictly `YYYY-MM-DD`.
        return callwise::time::parse_date(&text_of(text.as_borrowed(), name)?, name)
            .map_err(|e| to_py_err(value.py(), e));
    }
    Err(PyTypeError::new_err(format!(
        "argument '{name}': expected a datetime.date or a \"YYYY-MM-DD\" string, got {}",
        value.get_type().name()?
    )))
}

/// An instant argument: an aware `datetime.datetime`, in any zone, as UTC.
///
/// # Errors
/// `TypeError` when the value is not a `datetime.datetime`; `InvalidArgumentError` when
/// it is naive.
pub fn instant_arg(value: &Bound<'_, PyAny>, name: &'static str) -> PyResult<DateTime<Utc>> {
    let Ok(moment) = value.cast::<PyDateTime>() else {
        return Err(PyTypeError::new_err(format!(
            "argument '{name}': expected an aware datetime.datetime, got {}",
            value.get_type().name()?
        )));
    };
    match instant_of(moment, name)? {
        Some(instant) => Ok(instant),
        None => Err(invalid(value.py(), name, naive(moment)?)),
    }
}

/// The instant of `moment`, or None when it is naive (its `utcoffset()` is None).
///
/// The UTC instant is the wall time minus `utcoffset()`, worked out here rather than by
/// `astimezone`, which raises `OverflowError` when the instant falls outside Python's
/// years (1 January of year 1 at +01:00, 31 December 9999 at -01:00); the core's
/// [`callwise::time::instant_from_unix`] then decides which instants callwise takes (the
/// years 0000 to 9999, as for every binding).
///
/// # Errors
/// `InvalidArgumentError` named `name` should the instant be outside those years.
pub fn instant_of(
    moment: &Bound<'_, PyDateTime>,
    name: &'static str,
) -> PyResult<Option<DateTime<Utc>>> {
    let py = moment.py();
    let offset = moment.call_method0(intern!(py, "utcoffset"))?;
    if offset.is_none() {
        return Ok(None);
    }
    let offset = offset.cast_into::<PyDelta>()?;
    let offset_micros = i64::from(offset.get_days()) * 86_400_000_000
        + i64::from(offset.get_seconds()) * 1_000_000
        + i64::from(offset.get_microseconds());
    let Some(wall) = wall_of(moment) else {
        return Err(unrepresentable(moment, name));
    };
    let micros = wall.and_utc().timestamp_micros() - offset_micros;
    let (seconds, micro) = (micros.div_euclid(1_000_000), micros.rem_euclid(1_000_000));
    // `micro` is below 1,000,000, so the nanoseconds fit a u32.
    let nanos = u32::try_from(micro * 1000).unwrap_or(0);
    callwise::time::instant_from_unix(seconds, nanos, name)
        .map(Some)
        .map_err(|e| to_py_err(py, e))
}

/// The wall-clock fields of `moment` (its `tzinfo` ignored) as a date and time; None
/// should chrono not hold them (it holds every Python `datetime`).
fn wall_of(moment: &Bound<'_, PyDateTime>) -> Option<NaiveDateTime> {
    NaiveDate::from_ymd_opt(
        moment.get_year(),
        moment.get_month().into(),
        moment.get_day().into(),
    )?
    .and_hms_micro_opt(
        moment.get_hour().into(),
        moment.get_minute().into(),
        moment.get_second().into(),
        moment.get_microsecond(),
    )
}

/// The `InvalidArgumentError` for a `datetime` chrono cannot hold.
fn unrepresentable(moment: &Bound<'_, PyDateTime>, name: &'static str) -> PyErr {
    let shown = moment
        .str()
        .map_or_else(|_| "the datetime".to_owned(), |s| s.to_string());
    invalid(
        moment.py(),
        name,
        format!("{shown} is not a date and time callwise can represent"),
    )
}

/// Why a naive datetime is refused, naming it.
pub fn naive(moment: &Bound<'_, PyDateTime>) -> PyResult<String> {
    Ok(format!(
        "{} is a naive datetime (no time zone), so it names no instant; \
         give it a tzinfo, e.g. datetime.timezone.utc",
        moment.str()?
    ))
}

/// A clock-time argument as the text the core reads: a `"HH:MM"` (or `"HH:MM:SS"`)
/// string as it is, a `datetime.time` without a zone as `HH:MM:SS` (with its
/// microseconds when it has any, which the core then refuses).
///
/// # Errors
/// `TypeError` for another type, or for a `datetime.time` with a `tzinfo` (a window is
/// in the callee's local time, not in a fixed zone).
pub fn clock_arg<'a>(value: &'a Bound<'_, PyAny>, name: &'static str) -> PyResult<Cow<'a, str>> {
    if let Ok(text) = value.cast::<PyString>() {
        return text_of(text.as_borrowed(), name);
    }
    if let Ok(time) = value.cast::<PyTime>() {
        if time.get_tzinfo().is_some() {
            return Err(PyTypeError::new_err(format!(
                "argument '{name}': a clock time is local to the callee; \
                 pass a datetime.time without tzinfo"
            )));
        }
        let (h, m, s, us) = (
            time.get_hour(),
            time.get_minute(),
            time.get_second(),
            time.get_microsecond(),
        );
        return Ok(Cow::Owned(if us == 0 {
            format!("{h:02}:{m:02}:{s:02}")
        } else {
            format!("{h:02}:{m:02}:{s:02}.{us:06}")
        }));
    }
    Err(PyTypeError::new_err(format!(
        "argument '{name}': expected an \"HH:MM\" string or a datetime.time, got {}",
        value.get_type().name()?
    )))
}

/// A time-of-day argument (a routine's start) as the core's time type: a
/// [`clock_arg`] read by the core's [`callwise::time::parse_clock`] (strictly `HH:MM` or
/// `HH:MM:SS`).
///
/// # Errors
/// As [`clock_arg`]; `InvalidArgumentError` named `name` when the text is not a time.
pub fn time_of_day_arg(value: &Bound<'_, PyAny>, name: &'static str) -> PyResult<NaiveTime> {
    let text = clock_arg(value, name)?;
    callwise::time::parse_clock(&text, name).map_err(|e| to_py_err(value.py(), e))
}

/// A wall-clock date-time argument: a naive `datetime.datetime` (no `tzinfo`), or a
/// `"YYYY-MM-DDTHH:MM:SS"` string read by the core's [`callwise::time::parse_local_date_time`],
/// as the core's JSON reads a routine's `first_start`.
///
/// # Errors
/// `TypeError` for another type, or for a `datetime.datetime` with a `tzinfo` (the wall
/// time is in the routine's own zone, not a fixed one); `InvalidArgumentError` named
/// `name` when the text is not a date and time.
pub fn wall_arg(value: &Bound<'_, PyAny>, name: &'static str) -> PyResult<NaiveDateTime> {
    let py = value.py();
    if let Ok(moment) = value.cast::<PyDateTime>() {
        if moment.get_tzinfo().is_some() {
            return Err(PyTypeError::new_err(format!(
                "argument '{name}': a wall-clock time is local to the routine's time zone; \
                 pass a datetime.datetime without tzinfo"
            )));
        }
        return wall_of(moment).ok_or_else(|| unrepresentable(moment, name));
    }
    if let Ok(text) = value.cast::<PyString>() {
        return callwise::time::parse_local_date_time(&text_of(text.as_borrowed(), name)?, name)
            .map_err(|e| to_py_err(py, e));
    }
    Err(PyTypeError::new_err(format!(
        "argument '{name}': expected a naive datetime.datetime or a \
         \"YYYY-MM-DDTHH:MM:SS\" string, got {}",
        value.get_type().name()?
    )))
}

/// The window from `start` to `end`, two clock-time arguments, read by the core's
/// [`callwise::LocalWindow::parse`] (strict [`callwise::time::parse_clock`] texts), as every
/// binding and the core's JSON read windows.
///
/// # Errors
/// As [`clock_arg`]; `InvalidRuleError` (the core's, `what` "calling window") when a
/// text is not a clock time or the window is empty.
pub fn window_arg(
    start: &Bound<'_, PyAny>,
    end: &Bound<'_, PyAny>,
) -> PyResult<callwise::LocalWindow> {
    let (first, last) = (clock_arg(start, "start")?, clock_arg(end, "end")?);
    callwise::LocalWindow::parse(&first, &last).map_err(|e| to_py_err(start.py(), e))
}

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
        invalid(
            date.py(),
            name,
            format!("{iso} is not a date callwise can represent: {err}"),
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
            _ => Err(invalid(
                py,
                name,
                format!(
                    "must be a whole number from 0 to {limit}, got {}",
                    self.text
                ),
            )),
        }
    }

    /// The value as an `i64`, negative or not; callwise then decides whether it is
    /// acceptable.
    ///
    /// # Errors
    /// `InvalidArgumentError` naming `name` when the value does not fit an `i64`.
    pub fn convert_signed(self, py: Python<'_>, name: &'static str) -> PyResult<i64> {
        match self.value.map(i64::try_from) {
            Some(Ok(value)) => Ok(value),
            _ => Err(invalid(
                py,
                name,
                format!(
                    "must be a whole number from {} to {}, got {}",
                    i64::MIN,
                    i64::MAX,
                    self.text
                ),
            )),
        }
    }
}

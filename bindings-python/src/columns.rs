//! Array-like arguments as numpy arrays, and columns of results as numpy arrays.
//!
//! Every column argument goes through `numpy.asarray`, which reads numpy arrays, pandas
//! and polars Series, pyarrow arrays (chunked or not), lists and scalars alike (a scalar
//! becomes a one-element column). Only the conversion happens here: what values are
//! acceptable (whole numbers, no NaN, recency within T, ...) callwise decides, naming the
//! row. A column that is not one-dimensional, or whose values are not numbers (an
//! `object` array, such as a pandas column with `pd.NA` in it, or strings), is an
//! `InvalidArgumentError` naming the argument.
//!
//! The numbers are read from a contiguous float64 array: the caller's own memory when it
//! is one already, else a converted copy. Results are built in Rust vectors and handed
//! to numpy without a copy.

use chrono::NaiveDate;
use numpy::prelude::*;
use numpy::{PyArray1, PyArrayDescr, PyReadonlyArray1, PyUntypedArray};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDateTime;

use crate::errors::to_py_err;

/// An `InvalidArgumentError` for the argument `name`.
pub fn invalid(py: Python<'_>, name: &'static str, reason: String) -> PyErr {
    to_py_err(py, callwise::Error::InvalidArgument { name, reason })
}

/// `numpy.asarray(value)` as a one-dimensional array (a scalar becomes one element).
fn one_dimensional<'py>(
    value: &Bound<'py, PyAny>,
    name: &'static str,
) -> PyResult<Bound<'py, PyUntypedArray>> {
    static ASARRAY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let py = value.py();
    let array = ASARRAY
        .import(py, "numpy", "asarray")?
        .call1((value,))
        .map_err(|err| {
            invalid(
                py,
                name,
                format!("cannot be read as an array: {}", err.value(py)),
            )
        })?
        .cast_into::<PyUntypedArray>()?;
    match array.ndim() {
        0 => Ok(array.call_method1("reshape", (1,))?.cast_into()?),
        1 => Ok(array),
        d => Err(invalid(
            py,
            name,
            format!("must be one-dimensional, got an array with {d} dimensions"),
        )),
    }
}

/// `array.astype(dtype)` unless it already is a contiguous array of that dtype.
fn contiguous<'py>(
    array: Bound<'py, PyUntypedArray>,
    dtype: &Bound<'py, PyArrayDescr>,
) -> PyResult<Bound<'py, PyAny>> {
    if array.is_contiguous() && array.dtype().is_equiv_to(dtype) {
        Ok(array.into_any())
    } else {
        array.call_method1("astype", (dtype,))
    }
}

fn readonly<'py, T: numpy::Element>(
    array: Bound<'py, PyAny>,
) -> PyResult<PyReadonlyArray1<'py, T>> {
    let array = array.cast_into::<PyArray1<T>>()?;
    array
        .try_readonly()
        .map_err(|err| pyo3::exceptions::PyRuntimeError::new_err(err.to_string()))
}

/// A column of numbers (`name` for messages) as a contiguous float64 array.
///
/// Booleans and integers are converted; NaN (a missing value of a float, integer or
/// pyarrow column) is passed on for callwise to refuse, naming the row.
pub fn floats<'py>(
    value: &Bound<'py, PyAny>,
    name: &'static str,
) -> PyResult<PyReadonlyArray1<'py, f64>> {
    let py = value.py();
    let array = one_dimensional(value, name)?;
    let dtype = array.dtype();
    match dtype.kind() {
        b'b' | b'i' | b'u' | b'f' => {}
        // An empty column of no type (`[]` in a pyarrow table) is an empty column.
        b'O' if array.len() == 0 => {}
        b'O' => {
            return Err(invalid(
                py,
                name,
                "must be numbers, got an array of Python objects (dtype object): values that \
                 are not numbers, or missing values such as None or pd.NA (convert those to \
                 NaN first)"
                    .to_owned(),
            ));
        }
        _ => {
            return Err(invalid(
                py,
                name,
                format!("must be numbers, got an array of dtype {dtype}"),
            ));
        }
    }
    readonly(contiguous(array, &numpy::dtype::<f64>(py))?)
}

/// An optional column of numbers.
pub fn optional_floats<'py>(
    value: Option<&Bound<'py, PyAny>>,
    name: &'static str,
) -> PyResult<Option<PyReadonlyArray1<'py, f64>>> {
    value.map(|v| floats(v, name)).transpose()
}

/// A column of outcomes: booleans, or numbers that are all 0 or 1.
pub fn bools(value: &Bound<'_, PyAny>, name: &'static str) -> PyResult<Vec<bool>> {
    let py = value.py();
    let array = one_dimensional(value, name)?;
    let dtype = array.dtype();
    match dtype.kind() {
        b'b' => {
            let array = readonly::<bool>(contiguous(array, &numpy::dtype::<bool>(py))?)?;
            Ok(array.as_slice()?.to_vec())
        }
        b'i' | b'u' | b'f' => {
            let array = readonly::<f64>(contiguous(array, &numpy::dtype::<f64>(py))?)?;
            array
                .as_slice()?
                .iter()
                .enumerate()
                .map(|(i, &v)| match v {
                    0.0 => Ok(false),
                    1.0 => Ok(true),
                    _ => Err(invalid(
                        py,
                        name,
                        format!("row {i}: must be True or False (or 1 or 0), got {v}"),
                    )),
                })
                .collect()
        }
        _ => Err(invalid(
            py,
            name,
            format!("must be booleans, got an array of dtype {dtype}"),
        )),
    }
}

/// Integer codes (from pyarrow's dictionary encoding, nulls as -1) as a vector.
pub fn codes(array: &PyReadonlyArray1<'_, i32>, name: &'static str) -> PyResult<Vec<i32>> {
    let codes = array.as_slice()?;
    if let Some(i) = codes.iter().position(|&c| c < 0) {
        return Err(invalid(
            array.py(),
            name,
            format!("row {i}: is missing (null)"),
        ));
    }
    Ok(codes.to_vec())
}

/// Days from 1 January 1 (the proleptic Gregorian day 1) to 1 January 1970.
const UNIX_EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// The time zone of a pandas, polars or pyarrow column of instants, if it has one.
fn time_zone<'py>(value: &Bound<'py, PyAny>) -> Option<Bound<'py, PyAny>> {
    let zone = |holder: &str, attr: &str| {
        let zone = value.getattr(holder).ok()?.getattr(attr).ok()?;
        (!zone.is_none()).then_some(zone)
    };
    zone("dtype", "tz") // pandas
        .or_else(|| zone("dtype", "time_zone")) // polars
        .or_else(|| zone("type", "tz")) // pyarrow
}

/// The first element of an object column that is an instant with a time zone (a
/// `datetime.datetime` or pandas `Timestamp` with a `tzinfo`): its row and zone.
fn first_aware<'py>(
    array: &Bound<'py, PyUntypedArray>,
) -> PyResult<Option<(usize, Bound<'py, PyAny>)>> {
    for (i, item) in array.try_iter()?.enumerate() {
        let item = item?;
        if item.is_instance_of::<PyDateTime>() {
            let zone = item.getattr(intern!(array.py(), "tzinfo"))?;
            if !zone.is_none() {
                return Ok(Some((i, zone)));
            }
        }
    }
    Ok(None)
}

/// A column of dates: `datetime64` of any unit (a time of day is dropped: the date is
/// the day the instant falls on), `datetime.date` objects, ISO 8601 strings, pandas,
/// polars or pyarrow dates or naive timestamps.
///
/// An instant with a time zone has no date until a zone is chosen, so a time-zone-aware
/// column, or a `datetime` with a time zone among objects, is refused: convert it to
/// local dates first.
pub fn dates(value: &Bound<'_, PyAny>, name: &'static str) -> PyResult<Vec<NaiveDate>> {
    let py = value.py();
    if let Some(zone) = time_zone(value) {
        return Err(invalid(
            py,
            name,
            format!(
                "has the time zone {zone}; convert the instants to local dates first \
                 (for example `series.dt.tz_convert(zone).dt.date` in pandas)"
            ),
        ));
    }
    let array = one_dimensional(value, name)?;
    let dtype = array.dtype();
    if dtype.kind() == b'O'
        && let Some((i, zone)) = first_aware(&array)?
    {
        // numpy would take the instant's date in UTC (with a warning).
        return Err(invalid(
            py,
            name,
            format!(
                "row {i}: has the time zone {zone}; convert the instants to local dates \
                 first (for example `moment.astimezone(zone).date()`)"
            ),
        ));
    }
    // Text is read by core's strict `YYYY-MM-DD` reader, as in every language (numpy
    // would also take "2024-01" as 1 January, or a time of day).
    if matches!(dtype.kind(), b'U' | b'O')
        && let Ok(texts) = array.call_method0("tolist")?.extract::<Vec<String>>()
    {
        return callwise::time::parse_dates(&texts, name).map_err(|e| to_py_err(py, e));
    }
    let days = match dtype.kind() {
        b'M' => array.call_method1("astype", ("datetime64[D]",))?,
        b'O' | b'U' | b'S' => array
            .call_method1("astype", ("datetime64[D]",))
            .map_err(|err| {
                invalid(
                    py,
                    name,
                    format!(
                        "must be dates, and could not be read as dates: {}",
                        err.value(py)
                    ),
                )
            })?,
        _ => {
            return Err(invalid(
                py,
                name,
                format!("must be dates, got an array of dtype {dtype}"),
            ));
        }
    };
    let days = readonly::<i64>(days.call_method1("astype", ("int64",))?)?;
    days.as_slice()?
        .iter()
        .enumerate()
        .map(|(i, &day)| {
            if day == i64::MIN {
                return Err(invalid(py, name, format!("row {i}: is missing (NaT)")));
            }
            day.checked_add(UNIX_EPOCH_DAYS_FROM_CE)
                .and_then(|d| i32::try_from(d).ok())
                .and_then(NaiveDate::from_num_days_from_ce_opt)
                .ok_or_else(|| {
                    invalid(
                        py,
                        name,
                        format!("row {i}: {day} days from 1970-01-01 is not a representable date"),
                    )
                })
        })
        .collect()
}

/// A result column as a numpy array (the vector becomes its memory: no copy).
pub fn column<T: numpy::Element>(py: Python<'_>, values: Vec<T>) -> Bound<'_, PyArray1<T>> {
    PyArray1::from_vec(py, values)
}

/// A result column of one field `f` of every row.
pub fn field<'py, R, T: numpy::Element>(
    py: Python<'py>,
    rows: &[R],
    f: impl Fn(&R) -> T,
) -> Bound<'py, PyArray1<T>> {
    column(py, rows.iter().map(f).collect())
}

/// Checks that columns have one length, as callwise's own data types do, for the few
/// methods that read columns no core data type holds together.
pub fn same_length(py: Python<'_>, columns: &[(&'static str, usize)]) -> PyResult<usize> {
    let (first, n) = columns[0];
    for &(name, len) in &columns[1..] {
        if len != n {
            return Err(invalid(
                py,
                name,
                format!("has {len} rows but `{first}` has {n}"),
            ));
        }
    }
    Ok(n)
}

/// A table argument: a pyarrow Table or RecordBatch, a pandas or polars DataFrame, a
/// mapping of names to columns, or any Arrow stream, read as a pyarrow Table by
/// `callwise.retention._convert.as_table` (which shares the columns, not copying them).
pub struct Table<'py> {
    table: Bound<'py, PyAny>,
    names: Vec<String>,
}

impl<'py> Table<'py> {
    /// The table `value`, for the argument `table`.
    pub fn read(value: &Bound<'py, PyAny>) -> PyResult<Self> {
        static AS_TABLE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let table = AS_TABLE
            .import(value.py(), "callwise.retention._convert", "as_table")?
            .call1((value,))?;
        Self::of(table)
    }

    /// The table `value`, or None when it is one column or a scalar rather than a table.
    pub fn read_if_table(value: &Bound<'py, PyAny>) -> PyResult<Option<Self>> {
        static TABLE_OR_NONE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let table = TABLE_OR_NONE
            .import(value.py(), "callwise.retention._convert", "table_or_none")?
            .call1((value,))?;
        (!table.is_none()).then(|| Self::of(table)).transpose()
    }

    fn of(table: Bound<'py, PyAny>) -> PyResult<Self> {
        let names = table
            .getattr(intern!(table.py(), "column_names"))?
            .extract()?;
        Ok(Self { table, names })
    }

    /// The table as a pyarrow Table.
    pub fn as_any(&self) -> &Bound<'py, PyAny> {
        &self.table
    }

    /// Whether the table has a column `name`.
    pub fn has(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }

    /// The column `name`, as [`floats`] reads it (errors name the column and the row).
    ///
    /// # Errors
    /// `InvalidArgumentError` for the argument `table` when there is no such column.
    pub fn floats(&self, name: &'static str) -> PyResult<PyReadonlyArray1<'py, f64>> {
        if !self.has(name) {
            const SHOWN: usize = 20;
            let mut listed = self.names.iter().take(SHOWN).cloned().collect::<Vec<_>>();
            if self.names.len() > SHOWN {
                listed.push(format!("... {} more", self.names.len() - SHOWN));
            }
            return Err(invalid(
                self.table.py(),
                "table",
                format!(
                    "has no column `{name}` (its columns: {})",
                    listed.join(", ")
                ),
            ));
        }
        floats(&self.table.call_method1("column", (name,))?, name)
    }

    /// The table with the result `columns` after its own (a column of the same name is
    /// replaced where it stands), as a pyarrow Table.
    pub fn with_columns(
        self,
        columns: Vec<(&'static str, Vec<f64>)>,
    ) -> PyResult<Bound<'py, PyAny>> {
        static WITH_COLUMNS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let py = self.table.py();
        let dict = pyo3::types::PyDict::new(py);
        for (name, values) in columns {
            dict.set_item(name, column(py, values))?;
        }
        WITH_COLUMNS
            .import(py, "callwise.retention._convert", "with_columns")?
            .call1((self.table, dict))
    }
}

/// The float columns `names`, given one by one (`given[i]` for `names[i]`), or, with
/// all but the first omitted, read by name from the table the first argument is (so
/// `fit(frequency, recency, T)` and `fit(summary)` both work).
///
/// # Errors
/// `InvalidArgumentError` naming the first omitted column when only some are given, or
/// when they are all omitted and the first argument is not a table.
pub fn columns_or_table<'py>(
    names: &[&'static str],
    first: &Bound<'py, PyAny>,
    rest: &[Option<&Bound<'py, PyAny>>],
) -> PyResult<Vec<PyReadonlyArray1<'py, f64>>> {
    let py = first.py();
    if let Some(given) = rest.iter().copied().collect::<Option<Vec<_>>>() {
        return std::iter::once(first)
            .chain(given)
            .zip(names)
            .map(|(column, &name)| floats(column, name))
            .collect();
    }
    let missing = || {
        let at = rest.iter().position(Option::is_none).unwrap_or(0);
        invalid(
            py,
            names[at + 1],
            format!(
                "is missing: give the columns `{}` one by one, or one table holding them \
                 as the first argument",
                names.join("`, `")
            ),
        )
    };
    if rest.iter().any(Option::is_some) {
        return Err(missing());
    }
    let table = Table::read_if_table(first)?.ok_or_else(missing)?;
    names.iter().map(|&name| table.floats(name)).collect()
}

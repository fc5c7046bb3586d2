//! Core records as plain Python dicts, in exactly the book's JSON shape.
//!
//! The conversion is the core's own serde `Serialize` of the record (`serde_json` at
//! each call site, so the field names, the value formats and the fields left out when
//! empty are those of the book's JSON by construction), then Python's `json.loads`:
//! one call per returned value, a whole list at a time. An enum value on its own (a
//! contact's consent for one channel) becomes its JSON string the same way.
//!
//! The other way ([`record_arg`]), a dict in the JSON shape (an enrollment, a cadence
//! event, a coverage policy) becomes a JSON value, which the core's serde
//! `Deserialize` then reads, as it reads JSON text. Inside it, an aware
//! `datetime.datetime` stands for its instant (written in UTC as the JSON does) and a
//! `datetime.date` for its ISO 8601 date.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDate, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::Value;

use crate::args::{instant_of, invalid, naive, text_of};
use crate::errors::to_py_err;

/// `json.loads(text)` (the function is looked up once per interpreter).
pub fn json_loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    LOADS.import(py, "json", "loads")?.call1((text,))
}

/// The dict that `json`, one serialised record, parses into.
pub fn to_dict<'py>(
    py: Python<'py>,
    json: serde_json::Result<String>,
) -> PyResult<Bound<'py, PyDict>> {
    let json = json.map_err(serialise_error)?;
    Ok(json_loads(py, &json)?.cast_into::<PyDict>()?)
}

/// The list of dicts that `json`, an array of serialised records, parses into.
pub fn to_list<'py>(
    py: Python<'py>,
    json: serde_json::Result<String>,
) -> PyResult<Bound<'py, PyList>> {
    let json = json.map_err(serialise_error)?;
    Ok(json_loads(py, &json)?.cast_into::<PyList>()?)
}

/// The string that `json`, one serialised enum value (such as a consent), parses into.
pub fn to_str<'py>(
    py: Python<'py>,
    json: serde_json::Result<String>,
) -> PyResult<Bound<'py, PyString>> {
    let json = json.map_err(serialise_error)?;
    Ok(json_loads(py, &json)?.cast_into::<PyString>()?)
}

/// Serialising a validated record cannot fail (its map keys are strings, its floats
/// finite); should it ever, Python sees a `RuntimeError` rather than a panic.
pub fn serialise_error(err: serde_json::Error) -> PyErr {
    PyRuntimeError::new_err(format!("callwise could not serialise a record: {err}"))
}

/// `value`, a dict (or list, or string) in the JSON shape of a core type, as a JSON
/// value for that type's serde `Deserialize` (`serde_json::from_value`, its error
/// mapped by [`shape_error`]).
///
/// # Errors
/// `InvalidArgumentError` named `name` when `value` holds something JSON has no form for
/// (a naive datetime, a set, a key that is not a string, a float that is not finite).
pub fn record_arg(value: &Bound<'_, PyAny>, name: &'static str) -> PyResult<Value> {
    json_value(value, name, &mut String::new())
}

/// The `InvalidArgumentError` named `name` for a value [`record_arg`] read that is not
/// of the core type's shape: the core's serde message says what is wrong.
pub fn shape_error(py: Python<'_>, name: &'static str) -> impl FnOnce(serde_json::Error) -> PyErr {
    move |err| invalid(py, name, err.to_string())
}

/// `value`, a dict (or list, or string) in the JSON shape of a core type, read as
/// that type by `read`, always `serde_json::from_value` (passed in so that the binding
/// names no serde trait): [`record_arg`], then [`shape_error`].
///
/// # Errors
/// `InvalidArgumentError` named `name` when `value` has no JSON form or is not of the
/// type's shape.
pub fn from_record<T>(
    value: &Bound<'_, PyAny>,
    name: &'static str,
    read: impl FnOnce(Value) -> serde_json::Result<T>,
) -> PyResult<T> {
    read(record_arg(value, name)?).map_err(shape_error(value.py(), name))
}

/// Each item of the iterable `values` read as [`from_record`] reads one, errors named
/// `name`.
///
/// # Errors
/// `TypeError` when `values` is not iterable; as [`from_record`] for an item.
pub fn from_records<T>(
    values: &Bound<'_, PyAny>,
    name: &'static str,
    read: impl Fn(Value) -> serde_json::Result<T>,
) -> PyResult<Vec<T>> {
    values
        .try_iter()?
        .map(|item| from_record(&item?, name, &read))
        .collect()
}

/// The list of dicts that `compute`'s answer, written by `write` (always
/// `serde_json::to_string`), parses into; `compute` (a core call) and `write` run with
/// the GIL released.
///
/// # Errors
/// The core's error, as its Python exception.
pub fn detached_list<'py, T>(
    py: Python<'py>,
    compute: impl Send + FnOnce() -> callwise::Result<T>,
    write: impl Send + FnOnce(&T) -> serde_json::Result<String>,
) -> PyResult<Bound<'py, PyList>> {
    let json = py
        .detach(|| compute().map(|answer| write(&answer)))
        .map_err(|e| to_py_err(py, e))?;
    to_list(py, json)
}

/// `value` as a JSON value; `path` locates it in the argument, for messages.
fn json_value(value: &Bound<'_, PyAny>, name: &'static str, path: &mut String) -> PyResult<Value> {
    let py = value.py();
    let at = |path: &str| {
        if path.is_empty() {
            String::new()
        } else {
            format!("field `{path}`: ")
        }
    };
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(flag) = value.cast::<PyBool>() {
        return Ok(Value::Bool(flag.is_true()));
    }
    if let Ok(int) = value.cast::<PyInt>() {
        if let Ok(v) = int.extract::<i64>() {
            return Ok(Value::from(v));
        }
        if let Ok(v) = int.extract::<u64>() {
            return Ok(Value::from(v));
        }
        return Err(invalid(
            py,
            name,
            format!("{}{} does not fit 64 bits", at(path), int.str()?),
        ));
    }
    if let Ok(float) = value.cast::<PyFloat>() {
        return serde_json::Number::from_f64(float.value())
            .map(Value::Number)
            .ok_or_else(|| {
                invalid(
                    py,
                    name,
                    format!("{}{} is not a finite number", at(path), float.value()),
                )
            });
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Value::String(
            text_of(text.as_borrowed(), name)?.into_owned(),
        ));
    }
    if let Ok(moment) = value.cast::<PyDateTime>() {
        let Some(instant) = instant_of(moment, name)? else {
            return Err(invalid(py, name, format!("{}{}", at(path), naive(moment)?)));
        };
        // The core's serde form of an instant: RFC 3339 in UTC, as in the JSON.
        return serde_json::to_value(instant).map_err(shape_error(py, name));
    }
    if let Ok(date) = value.cast::<PyDate>() {
        // `date.isoformat()`: `YYYY-MM-DD`, the form of a date in the JSON.
        return Ok(Value::String(date.str()?.to_string()));
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        let mut object = serde_json::Map::new();
        for (key, item) in dict.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(invalid(
                    py,
                    name,
                    format!("{}the key {} is not a string", at(path), key.repr()?),
                ));
            };
            let key = text_of(key.as_borrowed(), name)?.into_owned();
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&key);
            let item = json_value(&item, name, path)?;
            path.truncate(len);
            object.insert(key, item);
        }
        return Ok(Value::Object(object));
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (i, item) in value.try_iter()?.enumerate() {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            items.push(json_value(&item?, name, path)?);
            path.truncate(len);
        }
        return Ok(Value::Array(items));
    }
    Err(invalid(
        py,
        name,
        format!(
            "{}a {} has no JSON form",
            at(path),
            value.get_type().name()?
        ),
    ))
}

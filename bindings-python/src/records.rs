//! Core records as plain Python dicts, in exactly the book's JSON shape.
//!
//! The conversion is the core's own serde `Serialize` of the record (`serde_json` at
//! each call site, so the field names, the value formats and the fields left out when
//! empty are those of the book's JSON by construction), then Python's `json.loads`:
//! one call per returned value, a whole list at a time. An enum value on its own (a
//! contact's consent for one channel) becomes its JSON string the same way.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};

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
fn serialise_error(err: serde_json::Error) -> PyErr {
    PyRuntimeError::new_err(format!("callwise could not serialise a record: {err}"))
}

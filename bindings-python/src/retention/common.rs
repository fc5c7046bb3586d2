//! What every model class shares: fit options, the fit report as Python values, `repr`
//! and hashing of parameters.

use callwise::retention::{FitOptions, FitReport};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::args::IntArg;
use crate::errors::{py_repr, to_py_err};

/// The keyword options of every `fit`, as the core's [`FitOptions`].
///
/// `None` keeps the core's default (1000 iterations, tolerance 1e-9); the values are
/// checked by the core.
pub fn fit_options(
    py: Python<'_>,
    max_iterations: Option<IntArg>,
    tolerance: Option<f64>,
    initial: Option<Vec<f64>>,
    group_rows: bool,
) -> PyResult<FitOptions> {
    let mut options = FitOptions::default();
    if let Some(max_iterations) = max_iterations {
        options.max_iterations = max_iterations
            .convert("max_iterations", u64::MAX)
            .map_err(|e| to_py_err(py, e))?;
    }
    if let Some(tolerance) = tolerance {
        options.tolerance = tolerance;
    }
    options.initial = initial;
    options.group_rows = group_rows;
    Ok(options)
}

/// `{name: value}` in the model's order.
pub fn params_dict<'py>(py: Python<'py>, params: &[(&str, f64)]) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (name, value) in params {
        dict.set_item(name, value)?;
    }
    Ok(dict)
}

/// `{name: standard error}` in the model's order.
pub fn std_errors_dict<'py>(
    py: Python<'py>,
    params: &[(&str, f64)],
    report: &FitReport,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for ((name, _), error) in params.iter().zip(&report.std_errors) {
        dict.set_item(name, error)?;
    }
    Ok(dict)
}

/// How the fit went: `iterations`, `method`, `rows`, `distinct_rows`.
pub fn report_dict<'py>(py: Python<'py>, report: &FitReport) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("iterations", report.iterations)?;
    dict.set_item("method", report.method)?;
    dict.set_item("rows", report.rows)?;
    dict.set_item("distinct_rows", report.distinct_rows)?;
    Ok(dict)
}

/// `Class(name=value, ...)`, each value as Python writes it (so it reads back exactly).
pub fn repr(py: Python<'_>, class: &str, params: &[(&str, f64)]) -> PyResult<String> {
    let args = params
        .iter()
        .map(|(name, value)| Ok(format!("{name}={}", py_repr(py, value)?)))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(format!("{class}({})", args.join(", ")))
}

/// The hash of the parameters' tuple, consistent with equality by parameters.
pub fn hash(py: Python<'_>, params: &[(&str, f64)]) -> PyResult<isize> {
    PyTuple::new(py, params.iter().map(|(_, v)| v))?.hash()
}

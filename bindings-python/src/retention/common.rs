//! What every model class shares: the class itself ([`model_class!`]), fit options, the
//! fit report as Python values, `repr` and hashing of parameters.

use callwise::retention::{FitOptions, FitReport};
use numpy::PyArray1;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::args::IntArg;
use crate::columns::{column, floats};
use crate::errors::{detach, py_repr};

/// Declares a model class of `callwise.retention` over a core model with a fit report:
/// the struct, and its one `#[pymethods]` block holding what every such class has
/// (`__new__` from the parameters, a getter per parameter, `params`, `log_likelihood`,
/// `std_errors`, `fit_report`, `__repr__`, `__eq__`, `__hash__`, `__reduce__`) and then
/// the class's own methods, given after the parameters.
///
/// The parameters are listed as the core model's `new` takes them and its `params()`
/// gives them. The class also gets `fitted`, the class's instance for a core fit.
macro_rules! model_class {
    (
        $(#[$doc:meta])*
        $class:ident($core:ty) [$($param:ident: $param_doc:literal),+ $(,)?]
        $($methods:tt)*
    ) => {
        $(#[$doc])*
        #[::pyo3::pyclass(module = "callwise.retention", frozen)]
        pub struct $class {
            /// The core model.
            pub model: $core,
            /// How the fit went; `None` for a model built from known parameters.
            report: Option<::callwise::retention::FitReport>,
        }

        impl $class {
            /// The class's instance for the result of a core fit (run by
            /// [`crate::errors::detach`], so Ctrl-C stops it).
            fn fitted(
                fit: ::pyo3::PyResult<($core, ::callwise::retention::FitReport)>,
            ) -> ::pyo3::PyResult<Self> {
                let (model, report) = fit?;
                Ok(Self { model, report: Some(report) })
            }
        }

        #[::pyo3::pymethods]
        impl $class {
            #[new]
            fn new(py: ::pyo3::Python<'_>, $($param: f64),+) -> ::pyo3::PyResult<Self> {
                <$core>::new($($param),+)
                    .map(|model| Self { model, report: None })
                    .map_err(|e| $crate::errors::to_py_err(py, e))
            }

            $(
                #[doc = $param_doc]
                #[getter]
                fn $param(&self) -> f64 {
                    self.model.$param()
                }
            )+

            /// The parameters, `{name: value}` in the paper's order.
            #[getter]
            fn params<'py>(
                &self,
                py: ::pyo3::Python<'py>,
            ) -> ::pyo3::PyResult<::pyo3::Bound<'py, ::pyo3::types::PyDict>> {
                $crate::retention::common::params_dict(py, &self.model.params())
            }

            /// The log-likelihood of the data the model was fitted to (the weighted sum
            /// over its rows, not a mean); None for a model built from known parameters.
            #[getter]
            fn log_likelihood(&self) -> Option<f64> {
                self.report.as_ref().map(|r| r.log_likelihood)
            }

            /// Standard errors of the fitted parameters, `{name: value}` (inf where the
            /// data cannot identify a parameter); None for a model built from known
            /// parameters.
            #[getter]
            fn std_errors<'py>(
                &self,
                py: ::pyo3::Python<'py>,
            ) -> ::pyo3::PyResult<Option<::pyo3::Bound<'py, ::pyo3::types::PyDict>>> {
                let params = self.model.params();
                self.report
                    .as_ref()
                    .map(|r| $crate::retention::common::std_errors_dict(py, &params, r))
                    .transpose()
            }

            /// How the fit went: `{"iterations", "evaluations", "method", "rows",
            /// "distinct_rows"}`;
            /// None for a model built from known parameters.
            #[getter]
            fn fit_report<'py>(
                &self,
                py: ::pyo3::Python<'py>,
            ) -> ::pyo3::PyResult<Option<::pyo3::Bound<'py, ::pyo3::types::PyDict>>> {
                self.report
                    .as_ref()
                    .map(|r| $crate::retention::common::report_dict(py, r))
                    .transpose()
            }

            $($methods)*

            fn __repr__(&self, py: ::pyo3::Python<'_>) -> ::pyo3::PyResult<String> {
                $crate::retention::common::repr(py, stringify!($class), &self.model.params())
            }

            fn __eq__(&self, other: &Self) -> bool {
                self.model == other.model
            }

            fn __hash__(&self, py: ::pyo3::Python<'_>) -> ::pyo3::PyResult<isize> {
                $crate::retention::common::hash(py, &self.model.params())
            }

            /// Pickles the parameters only (a fit report is not kept).
            fn __reduce__<'py>(
                slf: &::pyo3::Bound<'py, Self>,
            ) -> ::pyo3::PyResult<(
                ::pyo3::Bound<'py, ::pyo3::types::PyType>,
                ::pyo3::Bound<'py, ::pyo3::types::PyTuple>,
            )> {
                let model = &slf.get().model;
                let args = [$(model.$param()),+];
                Ok((slf.get_type(), ::pyo3::types::PyTuple::new(slf.py(), args)?))
            }
        }
    };
}
pub(crate) use model_class;

/// `max_iterations` as the core's count; `default` (the core's) when None.
pub fn max_iterations(py: Python<'_>, value: Option<IntArg>, default: u64) -> PyResult<u64> {
    value.map_or(Ok(default), |value| {
        value.convert(py, "max_iterations", u64::MAX)
    })
}

/// The keyword options of every `fit`, as the core's [`FitOptions`].
///
/// `None` keeps the core's default (1000 iterations, 5000 evaluations, tolerance 1e-9);
/// the values are checked by the core.
pub fn fit_options(
    py: Python<'_>,
    max_iterations: Option<IntArg>,
    max_evaluations: Option<IntArg>,
    tolerance: Option<f64>,
    initial: Option<Vec<f64>>,
    group_rows: bool,
) -> PyResult<FitOptions> {
    let defaults = FitOptions::default();
    Ok(FitOptions {
        max_iterations: self::max_iterations(py, max_iterations, defaults.max_iterations)?,
        max_evaluations: max_evaluations.map_or(Ok(defaults.max_evaluations), |value| {
            value.convert(py, "max_evaluations", u64::MAX)
        })?,
        tolerance: tolerance.unwrap_or(defaults.tolerance),
        initial,
        group_rows,
    })
}

/// `f` applied to each value of the array-like `values` (named `name`), the GIL
/// released, as a float64 array.
pub fn each_value<'py>(
    py: Python<'py>,
    values: &Bound<'py, PyAny>,
    name: &'static str,
    f: impl Fn(f64) -> callwise::Result<f64> + Send + Sync,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let values = floats(values, name)?.as_slice()?.to_vec();
    let out = detach(py, || {
        values
            .iter()
            .enumerate()
            .map(|(i, &v)| f(v).map_err(|e| at_row(&[name], i, e)))
            .collect::<callwise::Result<_>>()
    })?;
    Ok(column(py, out))
}

/// A core error about one value of the columns `columns`, with the row: `row 3: ...`, as
/// callwise's own column checks say it. Errors about anything else (a model's parameter,
/// another argument) are kept as they are.
pub fn at_row(columns: &[&str], row: usize, err: callwise::Error) -> callwise::Error {
    match err {
        callwise::Error::InvalidArgument { name, reason }
            if columns.contains(&name) && !reason.starts_with("row ") =>
        {
            callwise::Error::InvalidArgument {
                name,
                reason: format!("row {row}: {reason}"),
            }
        }
        other => other,
    }
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

/// How the fit went: `iterations`, `evaluations`, `method`, `rows`, `distinct_rows`.
pub fn report_dict<'py>(py: Python<'py>, report: &FitReport) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("iterations", report.iterations)?;
    dict.set_item("evaluations", report.evaluations)?;
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

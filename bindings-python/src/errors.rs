//! The mapping of [`callwise::Error`] onto the exception classes of `callwise._errors`,
//! the [`Problem`] class a `ValidationError` carries and the [`RowProblem`] class a
//! `CrmExportError` carries.
//!
//! The exception classes are plain Python (so they subclass `ValueError`, `LookupError`
//! and `ArithmeticError` naturally, pickle, and show in tracebacks as
//! `callwise.…Error`); this module only instantiates them. Their messages are the core's
//! `Display` text, which names records by id and never holds personal data.

use pyo3::IntoPyObjectExt;

use crate::args::Text;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::sync::{Arc, Mutex, PoisonError};

/// One broken rule in a book: where (`path`, and its parts `record_kind`, `index`,
/// `item` and `field`), which record (`record_id`), which rule (`kind`), what is wrong
/// (`message`) and, for a dangling reference, the record it names (`reference`).
///
/// `str(problem)` is the one-line form `path [kind]: message`, the same text in every
/// language binding.
#[pyclass(name = "Problem", module = "callwise", frozen, eq, hash)]
#[derive(PartialEq, Eq, Hash)]
pub struct Problem(callwise::Problem);

#[pymethods]
impl Problem {
    /// Where in the book's JSON the offending value is, e.g. `accounts[3].time_zone`
    /// (written from `record_kind`, `index`, `item` and `field`).
    #[getter]
    fn path(&self) -> String {
        self.0.path()
    }

    /// The kind of record the value is in, in snake case, e.g. `"membership"`.
    #[getter]
    fn record_kind(&self) -> &'static str {
        self.0.location.record.as_str()
    }

    /// The record's position in its collection, from 0.
    #[getter]
    fn index(&self) -> usize {
        self.0.location.index
    }

    /// The list inside the record holding the value and the item's position, e.g.
    /// `("lapses", 0)`, or None when the value is not in a list item.
    #[getter]
    fn item(&self) -> Option<(&'static str, usize)> {
        self.0.location.item
    }

    /// The field (of the item, when there is one), e.g. `"reinstated_on"`; empty when
    /// the problem is the whole record or item.
    #[getter]
    fn field(&self) -> &'static str {
        self.0.location.field
    }

    /// For a dangling reference, the record named as `(kind, id)`, e.g.
    /// `("account", "acc-404")`; None otherwise.
    #[getter]
    fn reference(&self) -> Option<(&'static str, &str)> {
        self.0
            .reference
            .as_ref()
            .map(|r| (r.kind.as_str(), r.id.as_str()))
    }

    /// The id of the record the value is in, or None when it has none.
    #[getter]
    fn record_id(&self) -> Option<&str> {
        self.0.record_id.as_deref()
    }

    /// Which rule is broken, in snake case, e.g. `"dangling_reference"`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind.as_str()
    }

    /// A sentence saying what is wrong (ids and values, no personal data).
    #[getter]
    fn message(&self) -> &str {
        &self.0.message
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Problem(path={}, record_id={}, kind={}, message={})",
            py_repr(py, self.0.path())?,
            py_repr(py, &self.0.record_id)?,
            py_repr(py, self.0.kind.as_str())?,
            py_repr(py, &self.0.message)?,
        ))
    }
}

/// One problem in a CRM export: the `file`, the `row` (the header is row 1, as a
/// spreadsheet numbers rows), the `column` (its header as written in the file; empty
/// for a whole-row problem) and what the `problem` is.
///
/// `str(problem)` is the one-line form `file row N, column "header": problem`, the same
/// text in every language binding. Messages name ids, columns and the values of dates,
/// codes and numbers, never personal data.
#[pyclass(name = "RowProblem", module = "callwise", frozen, eq, hash)]
#[derive(PartialEq, Eq, Hash)]
pub struct RowProblem(callwise::crm::RowProblem);

#[pymethods]
impl RowProblem {
    /// A problem from its parts (as pickling rebuilds one).
    #[new]
    fn new(file: Text<'_>, row: u64, column: Text<'_>, problem: Text<'_>) -> Self {
        Self(callwise::crm::RowProblem {
            file: file.0.into_owned(),
            row,
            column: column.0.into_owned(),
            problem: problem.0.into_owned(),
        })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, RowProblemParts)> {
        let p = &slf.get().0;
        Ok((
            slf.get_type().into_any(),
            (p.file.clone(), p.row, p.column.clone(), p.problem.clone()),
        ))
    }

    /// The file: its file name, or `accounts.csv` and so on for a file object.
    #[getter]
    fn file(&self) -> &str {
        &self.0.file
    }

    /// The row, counting the header as row 1 (0 when no row can be named).
    #[getter]
    fn row(&self) -> u64 {
        self.0.row
    }

    /// The column's header as written in the file; empty for a whole-row problem.
    #[getter]
    fn column(&self) -> &str {
        &self.0.column
    }

    /// What is wrong (ids, columns and values of dates, codes and numbers; no personal
    /// data).
    #[getter]
    fn problem(&self) -> &str {
        &self.0.problem
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "RowProblem(file={}, row={}, column={}, problem={})",
            py_repr(py, &self.0.file)?,
            self.0.row,
            py_repr(py, &self.0.column)?,
            py_repr(py, &self.0.problem)?,
        ))
    }
}

/// A [`RowProblem`]'s file, row, column and problem, as pickling carries them.
type RowProblemParts = (String, u64, String, String);

/// `repr(value)` as Python writes it (quotes and escapes included).
pub fn py_repr<'py>(py: Python<'py>, value: impl IntoPyObject<'py>) -> PyResult<String> {
    Ok(value.into_bound_py_any(py)?.repr()?.to_string())
}

/// The Python exception for a core error: an instance of the matching
/// `callwise._errors` class, its message the core error's `Display` text.
///
/// Should the exception itself fail to build (the package is broken), the failure to
/// build it is raised instead.
pub fn to_py_err(py: Python<'_>, err: callwise::Error) -> PyErr {
    build(py, err).unwrap_or_else(|failure| failure)
}

/// Runs core work without holding the GIL, stoppable from Python: the core asks, between
/// the steps of long work, whether Python's signal handlers raised (Ctrl-C raises
/// `KeyboardInterrupt`), and that exception is what the call raises. Other core errors
/// are mapped by [`to_py_err`].
pub fn detach<T: Send>(
    py: Python<'_>,
    work: impl FnOnce() -> callwise::Result<T> + Send,
) -> PyResult<T> {
    let raised = Arc::new(Mutex::new(None::<PyErr>));
    let stash = Arc::clone(&raised);
    let should_stop = move || {
        Python::attach(|py| match py.check_signals() {
            Ok(()) => false,
            Err(err) => {
                *stash.lock().unwrap_or_else(PoisonError::into_inner) = Some(err);
                true
            }
        })
    };
    match py.detach(|| callwise::interrupt::scope(should_stop, work)) {
        Ok(value) => Ok(value),
        Err(callwise::Error::Interrupted) => Err(raised
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .unwrap_or_else(|| to_py_err(py, callwise::Error::Interrupted))),
        Err(err) => Err(to_py_err(py, err)),
    }
}

fn build(py: Python<'_>, err: callwise::Error) -> PyResult<PyErr> {
    use callwise::Error;

    let message = err.to_string();
    let attrs = PyDict::new(py);
    let class = match err {
        Error::Validation { problems } => {
            let problems: Vec<Problem> = problems.into_iter().map(Problem).collect();
            attrs.set_item("problems", problems)?;
            "ValidationError"
        }
        Error::Json {
            what, line, column, ..
        } => {
            attrs.set_item("what", what)?;
            attrs.set_item("line", line)?;
            attrs.set_item("column", column)?;
            "JsonError"
        }
        Error::UnsupportedSchemaVersion { found, supported } => {
            attrs.set_item("found", found)?;
            attrs.set_item("supported", supported)?;
            "SchemaVersionError"
        }
        Error::NotFound { kind, id } => {
            attrs.set_item("kind", kind.as_str())?;
            attrs.set_item("id", id)?;
            "NotFoundError"
        }
        Error::InvalidArgument { name, reason } => {
            attrs.set_item("name", name)?;
            attrs.set_item("reason", reason)?;
            "InvalidArgumentError"
        }
        Error::UnknownTimeZone { zone } => {
            attrs.set_item("zone", zone)?;
            "UnknownTimeZoneError"
        }
        Error::InvalidRule { what, reason } => {
            attrs.set_item("what", what)?;
            attrs.set_item("reason", reason)?;
            "InvalidRuleError"
        }
        Error::NotConverged {
            model,
            best,
            log_likelihood,
            iterations,
        } => {
            let point = PyDict::new(py);
            for (name, value) in best {
                point.set_item(name, value)?;
            }
            attrs.set_item("model", model)?;
            attrs.set_item("best", point)?;
            attrs.set_item("log_likelihood", log_likelihood)?;
            attrs.set_item("iterations", iterations)?;
            "NotConvergedError"
        }
        Error::CrmExport { problems } => {
            let problems: Vec<RowProblem> = problems.into_iter().map(RowProblem).collect();
            attrs.set_item("problems", problems)?;
            "CrmExportError"
        }
        Error::FileRead { path, reason } => {
            attrs.set_item("path", path)?;
            attrs.set_item("reason", reason)?;
            "FileReadError"
        }
        Error::FileWrite { path, reason } => {
            attrs.set_item("path", path)?;
            attrs.set_item("reason", reason)?;
            "FileWriteError"
        }
        Error::Store { path, reason } => {
            attrs.set_item("path", path)?;
            attrs.set_item("reason", reason)?;
            "StoreError"
        }
        Error::StoreVersion {
            path,
            found,
            supported,
        } => {
            attrs.set_item("path", path)?;
            attrs.set_item("found", found)?;
            attrs.set_item("supported", supported)?;
            "StoreVersionError"
        }
        Error::InvalidEvent {
            path,
            event,
            reason,
        } => {
            attrs.set_item("path", path)?;
            attrs.set_item("event", event)?;
            attrs.set_item("reason", reason)?;
            "InvalidEventError"
        }
        // Ctrl-C reached the core's check: Python's own exception for it.
        Error::Interrupted => return Ok(pyo3::exceptions::PyKeyboardInterrupt::new_err(message)),
    };
    let module = py.import(intern!(py, "callwise._errors"))?;
    let instance = module.getattr(class)?.call((message,), Some(&attrs))?;
    Ok(PyErr::from_value(instance))
}

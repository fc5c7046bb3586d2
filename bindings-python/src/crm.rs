//! Loading a book from CRM exports: `callwise.load_crm_csv`, the binding of
//! `callwise::crm::load`.
//!
//! Each file is a path (`str` or `os.PathLike`) or an open file object whose `read()`
//! gives `str` or `bytes`; the column mapping is a dict in the core's JSON shape or its
//! JSON text. Reading and loading run with the GIL released.

use callwise::crm::{ColumnMapping, CrmExport, CrmFile, CsvSource};
use pyo3::exceptions::PyTypeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use std::path::PathBuf;

use crate::args::{Text, text_of};
use crate::book::Book;
use crate::errors::{RowProblem, detach, to_py_err};

/// One file of an export: an open file object (read now) or a path.
///
/// A `str` is always a path; core refuses one with a line break, or longer than any
/// path (the file's text passed by mistake), without echoing it. A file object is read
/// with `read(n)`, `n` one more than core's `MAX_EXPORT_BYTES`, so that an endless
/// stream cannot fill the memory; core refuses what is longer.
fn source_arg(value: &Bound<'_, PyAny>, name: &'static str) -> PyResult<CsvSource> {
    let py = value.py();
    if !value.is_instance_of::<PyString>() && value.hasattr(intern!(py, "read"))? {
        let limit = callwise::crm::MAX_EXPORT_BYTES + 1;
        let content = value.call_method1(intern!(py, "read"), (limit,))?;
        if let Ok(text) = content.cast::<PyString>() {
            return Ok(CsvSource::Text(
                text_of(text.as_borrowed(), name)?.into_owned(),
            ));
        }
        if let Ok(bytes) = content.cast::<PyBytes>() {
            return Ok(CsvSource::Bytes(bytes.as_bytes().to_vec()));
        }
        return Err(PyTypeError::new_err(format!(
            "argument '{name}': read() gave {}, expected str or bytes",
            content.get_type().name()?
        )));
    }
    match value.extract::<PathBuf>() {
        Ok(path) => Ok(CsvSource::Path(path)),
        Err(_) => Err(PyTypeError::new_err(format!(
            "argument '{name}': expected a path (str or os.PathLike) or a file object, got {}",
            value.get_type().name()?
        ))),
    }
}

/// The column mapping: None (callwise's names), a dict or its JSON text.
fn mapping_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<ColumnMapping> {
    let Some(value) = value else {
        return Ok(ColumnMapping::default());
    };
    let py = value.py();
    let json: String = if let Ok(text) = value.cast::<PyString>() {
        text_of(text.as_borrowed(), "mapping")?.into_owned()
    } else if value.is_instance(&py.import("collections.abc")?.getattr("Mapping")?)? {
        py.import(intern!(py, "json"))?
            .call_method1(intern!(py, "dumps"), (value,))?
            .extract()?
    } else {
        return Err(PyTypeError::new_err(format!(
            "argument 'mapping': expected a dict or its JSON text, got {}",
            value.get_type().name()?
        )));
    };
    ColumnMapping::from_json(&json).map_err(|e| to_py_err(py, e))
}

/// Loads a book from the CSV files of a CRM export and validates it.
///
/// Only `accounts` is needed. Each file is a path (`str` or `os.PathLike`, a regular
/// file) or an open file object (`read(MAX_CRM_EXPORT_BYTES + 1)` giving `str` or
/// `bytes`); the files together may hold at most `MAX_CRM_EXPORT_BYTES`. Columns are found by header name,
/// whatever their order or case; `mapping` renames them per file, as a dict (or its
/// JSON text) such as `{"accounts": {"account_id": "Account ID"}, "default_currency":
/// "USD"}`. The columns, formats and rules are in `docs/crm-import.md`.
///
/// Raises `CrmExportError` listing every problem in every file (each a `RowProblem`
/// with `file`, `row`, `column` and `problem`; the header is row 1), `FileReadError`
/// when a file cannot be read (or is a directory, device or pipe), and
/// `InvalidArgumentError` for a mapping that names a column callwise does not read, for
/// an export larger than `MAX_CRM_EXPORT_BYTES`, or for a `str` holding a line break or
/// longer than 4096 characters (the file's text rather than its path: wrap text in
/// `io.StringIO`).
///
/// >>> import io, callwise
/// >>> accounts = io.StringIO(
/// ...     "Account ID,name,kind,status,time_zone,owner_rep_id,owner_role,owner_division_id\n"
/// ...     'acc-1,"Acme, Inc.",customer,active,America/Chicago,rep-1,sales,div-sales\n')
/// >>> contacts = io.StringIO("contact_id,account_id,name,mobile_phone\nc-1,acc-1,Pat Lee,+13125550100\n")
/// >>> book = callwise.load_crm_csv(accounts, contacts=contacts,
/// ...                              mapping={"accounts": {"account_id": "Account ID"}})
/// >>> book.account("acc-1")["name"], book.contact("c-1").time_zone
/// ('Acme, Inc.', 'America/Chicago')
/// >>> book.rep_ids()  # no reps file: one rep per id the files name
/// ['rep-1']
#[pyfunction]
#[pyo3(
    signature = (accounts, *, contacts = None, opportunities = None, memberships = None, activities = None, reps = None, mapping = None),
    text_signature = "(accounts, *, contacts=None, opportunities=None, memberships=None, activities=None, reps=None, mapping=None)"
)]
#[allow(clippy::too_many_arguments)]
fn load_crm_csv(
    py: Python<'_>,
    accounts: &Bound<'_, PyAny>,
    contacts: Option<&Bound<'_, PyAny>>,
    opportunities: Option<&Bound<'_, PyAny>>,
    memberships: Option<&Bound<'_, PyAny>>,
    activities: Option<&Bound<'_, PyAny>>,
    reps: Option<&Bound<'_, PyAny>>,
    mapping: Option<&Bound<'_, PyAny>>,
) -> PyResult<Book> {
    let mapping = mapping_arg(mapping)?;
    let mut export = CrmExport::new(source_arg(accounts, "accounts")?);
    for (file, value) in [
        (CrmFile::Contacts, contacts),
        (CrmFile::Opportunities, opportunities),
        (CrmFile::Memberships, memberships),
        (CrmFile::Activities, activities),
        (CrmFile::Reps, reps),
    ] {
        if let Some(value) = value {
            export = export.with(file, source_arg(value, file.as_str())?);
        }
    }
    detach(py, || callwise::crm::load(&export, &mapping)).map(Book::from)
}

/// Registers `load_crm_csv` and `RowProblem`.
/// The columns callwise reads from one kind of file of a CRM export (`"accounts"`,
/// `"contacts"`, `"opportunities"`, `"memberships"`, `"activities"` or `"reps"`), by
/// callwise's names, in the order of the documented column mapping
/// (`docs/crm-import.md`).
///
/// Raises `InvalidArgumentError` (named `file`) for any other name.
///
/// >>> import callwise
/// >>> callwise.crm_columns("accounts")[:3]
/// ['account_id', 'name', 'kind']
/// >>> "mobile_phone" in callwise.crm_columns("contacts")
/// True
#[pyfunction]
fn crm_columns(py: Python<'_>, file: Text<'_>) -> PyResult<Vec<&'static str>> {
    CrmFile::from_name(&file)
        .map(|f| f.columns().to_vec())
        .map_err(|e| to_py_err(py, e))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("MAX_CRM_EXPORT_BYTES", callwise::crm::MAX_EXPORT_BYTES)?;
    m.add_class::<RowProblem>()?;
    m.add_function(wrap_pyfunction!(crm_columns, m)?)?;
    m.add_function(wrap_pyfunction!(load_crm_csv, m)?)?;
    Ok(())
}

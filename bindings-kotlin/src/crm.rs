//! Loading a book from CRM exports: `loadCrmCsv(export, mapping)` in Kotlin, the binding
//! of core's `callwise::crm::load`.
//!
//! The files of an export are core's `CsvSource`s (a path, the file's text or its
//! bytes); core's `ColumnMapping` renames columns per file. Every problem in every file
//! comes back in one `CallwiseException.CrmExport`, each a `RowProblem`. The columns,
//! formats and rules are core's (see `docs/crm-import.md`).

use crate::types::{ColumnHeaders, FilePath};
use crate::{Book, CallwiseError};
use callwise::crm::{ColumnMapping, CrmExport, CsvSource};
use std::sync::Arc;

/// Where one CSV file comes from (core's `callwise::crm::CsvSource`; in Kotlin
/// `CsvSource.Path(path)`, `CsvSource.Text(text)` or `CsvSource.Bytes(bytes)`, their
/// value read as `v1`).
#[uniffi::remote(Enum)]
pub enum CsvSource {
    /// A file on disk, read whole; problems name it by its file name.
    Path(FilePath),
    /// The file's text; problems name it by its kind (`accounts.csv`, ...).
    Text(String),
    /// The file's bytes, UTF-8; problems name it by its kind.
    Bytes(Vec<u8>),
}

/// The files of one CRM export (core's `callwise::crm::CrmExport`). Only `accounts` is
/// needed.
#[uniffi::remote(Record)]
pub struct CrmExport {
    /// Accounts.
    pub accounts: CsvSource,
    /// Contacts.
    #[uniffi(default = None)]
    pub contacts: Option<CsvSource>,
    /// Opportunities.
    #[uniffi(default = None)]
    pub opportunities: Option<CsvSource>,
    /// Membership terms, one row per term.
    #[uniffi(default = None)]
    pub memberships: Option<CsvSource>,
    /// Activities.
    #[uniffi(default = None)]
    pub activities: Option<CsvSource>,
    /// Reps; without it, one rep is made per rep id the other files name.
    #[uniffi(default = None)]
    pub reps: Option<CsvSource>,
}

/// Which header each column has in each file, where it is not callwise's own name: per
/// file, callwise's column name to the CRM's header (`"account_id" to "Account ID"`);
/// core's `callwise::crm::ColumnMapping`. `defaultCurrency` is the currency of amounts
/// and dues when a file has no `currency` column or the cell is empty.
#[uniffi::remote(Record)]
pub struct ColumnMapping {
    /// Headers of the accounts file, by callwise's column name.
    #[uniffi(default)]
    pub accounts: ColumnHeaders,
    /// Headers of the contacts file.
    #[uniffi(default)]
    pub contacts: ColumnHeaders,
    /// Headers of the opportunities file.
    #[uniffi(default)]
    pub opportunities: ColumnHeaders,
    /// Headers of the memberships file.
    #[uniffi(default)]
    pub memberships: ColumnHeaders,
    /// Headers of the activities file.
    #[uniffi(default)]
    pub activities: ColumnHeaders,
    /// Headers of the reps file.
    #[uniffi(default)]
    pub reps: ColumnHeaders,
    /// The currency (ISO 4217) of amounts and dues whose `currency` column is missing or
    /// empty.
    #[uniffi(default = None)]
    pub default_currency: Option<String>,
}

/// Reads a column mapping from its JSON (`{"accounts": {"account_id": "Account ID"}}`),
/// checked as core checks it.
///
/// # Errors
/// `InvalidArgument` named `mapping` when the text is not a mapping's JSON, names a
/// column callwise does not read, or has a bad `default_currency`.
#[uniffi::export]
pub fn column_mapping_from_json(json: String) -> Result<ColumnMapping, CallwiseError> {
    Ok(ColumnMapping::from_json(&json)?)
}

/// A column mapping's JSON, exactly as core writes it (files sorted, empty ones left out).
#[uniffi::export]
pub fn column_mapping_to_json(mapping: ColumnMapping) -> String {
    mapping.to_json()
}

/// The columns callwise reads from one kind of file (`"accounts"`, `"contacts"`,
/// `"opportunities"`, `"memberships"`, `"activities"`, `"reps"`), by callwise's names.
///
/// # Errors
/// `InvalidArgument` named `file` for another name.
#[uniffi::export]
pub fn crm_columns(file: String) -> Result<Vec<String>, CallwiseError> {
    let file = callwise::crm::CrmFile::from_name(&file)?;
    Ok(file.columns().iter().map(|c| (*c).to_owned()).collect())
}

/// Loads a book from the CSV files of a CRM export and validates it
/// (`loadCrmCsv(export, mapping)` in Kotlin; `mapping` left out or `null` means
/// callwise's column names).
///
/// # Errors
/// - `CrmExport` listing every problem in every file (file, row, column, problem);
/// - `FileRead` when a file cannot be read (it names the path);
/// - `InvalidArgument` named `file`'s kind for a path holding a line break (the file's
///   text given as a path), and named `mapping` for a mapping that names a column
///   callwise does not read, looks for one header under two columns, or has a bad
///   `defaultCurrency`.
#[uniffi::export(default(mapping = None))]
pub fn load_crm_csv(
    export: CrmExport,
    mapping: Option<ColumnMapping>,
) -> Result<Arc<Book>, CallwiseError> {
    let book = callwise::crm::load(&export, &mapping.unwrap_or_default())?;
    Ok(Arc::new(Book::new(book)))
}

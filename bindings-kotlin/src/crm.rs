//! Loading a book from CRM exports: `loadCrmCsv(export, mapping)` in Kotlin, the binding
//! of core's `callwise::crm::load`.
//!
//! The files of an export are [`CsvSource`]s (a path, or the file's text); the
//! [`ColumnMapping`] renames columns per file. Every problem in every file comes back in
//! one `CallwiseException.CrmExport`, each a [`RowProblem`](crate::RowProblem). The
//! columns, formats and rules are core's (see `docs/crm-import.md`).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::{Book, CallwiseError};

/// Where one CSV file comes from: `CsvSource.Path(path)` or `CsvSource.Text(text)`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum CsvSource {
    /// A file on disk, read whole; problems name it by its file name.
    Path {
        /// The file's path.
        path: String,
    },
    /// The file's text; problems name it by its kind (`accounts.csv`, ...).
    Text {
        /// The CSV text.
        text: String,
    },
}

impl From<CsvSource> for callwise::crm::CsvSource {
    fn from(source: CsvSource) -> Self {
        match source {
            CsvSource::Path { path } => Self::Path(path.into()),
            CsvSource::Text { text } => Self::Text(text),
        }
    }
}

/// The files of one CRM export. Only `accounts` is needed.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
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

impl From<CrmExport> for callwise::crm::CrmExport {
    fn from(export: CrmExport) -> Self {
        use callwise::crm::CrmFile;
        let mut core = Self::new(export.accounts.into());
        for (file, source) in [
            (CrmFile::Contacts, export.contacts),
            (CrmFile::Opportunities, export.opportunities),
            (CrmFile::Memberships, export.memberships),
            (CrmFile::Activities, export.activities),
            (CrmFile::Reps, export.reps),
        ] {
            if let Some(source) = source {
                core = core.with(file, source.into());
            }
        }
        core
    }
}

/// Which header each column has in each file, where it is not callwise's own name: per
/// file, callwise's column name to the CRM's header (`"account_id" to "Account ID"`).
/// `defaultCurrency` is the currency of amounts and dues when a file has no `currency`
/// column or the cell is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct ColumnMapping {
    /// Headers of the accounts file, by callwise's column name.
    #[uniffi(default)]
    pub accounts: HashMap<String, String>,
    /// Headers of the contacts file.
    #[uniffi(default)]
    pub contacts: HashMap<String, String>,
    /// Headers of the opportunities file.
    #[uniffi(default)]
    pub opportunities: HashMap<String, String>,
    /// Headers of the memberships file.
    #[uniffi(default)]
    pub memberships: HashMap<String, String>,
    /// Headers of the activities file.
    #[uniffi(default)]
    pub activities: HashMap<String, String>,
    /// Headers of the reps file.
    #[uniffi(default)]
    pub reps: HashMap<String, String>,
    /// The currency (ISO 4217) of amounts and dues whose `currency` column is missing or
    /// empty.
    #[uniffi(default = None)]
    pub default_currency: Option<String>,
}

fn sorted(map: HashMap<String, String>) -> BTreeMap<String, String> {
    map.into_iter().collect()
}

fn unsorted(map: BTreeMap<String, String>) -> HashMap<String, String> {
    map.into_iter().collect()
}

impl From<ColumnMapping> for callwise::crm::ColumnMapping {
    fn from(m: ColumnMapping) -> Self {
        Self {
            accounts: sorted(m.accounts),
            contacts: sorted(m.contacts),
            opportunities: sorted(m.opportunities),
            memberships: sorted(m.memberships),
            activities: sorted(m.activities),
            reps: sorted(m.reps),
            default_currency: m.default_currency,
        }
    }
}

impl From<callwise::crm::ColumnMapping> for ColumnMapping {
    fn from(m: callwise::crm::ColumnMapping) -> Self {
        Self {
            accounts: unsorted(m.accounts),
            contacts: unsorted(m.contacts),
            opportunities: unsorted(m.opportunities),
            memberships: unsorted(m.memberships),
            activities: unsorted(m.activities),
            reps: unsorted(m.reps),
            default_currency: m.default_currency,
        }
    }
}

/// Reads a column mapping from its JSON (`{"accounts": {"account_id": "Account ID"}}`),
/// checked as core checks it.
///
/// # Errors
/// `InvalidArgument` named `mapping` when the text is not a mapping's JSON, names a
/// column callwise does not read, or has a bad `default_currency`.
#[uniffi::export]
pub fn column_mapping_from_json(json: String) -> Result<ColumnMapping, CallwiseError> {
    Ok(callwise::crm::ColumnMapping::from_json(&json)?.into())
}

/// A column mapping's JSON, exactly as core writes it (files sorted, empty ones left out).
#[uniffi::export]
pub fn column_mapping_to_json(mapping: ColumnMapping) -> String {
    callwise::crm::ColumnMapping::from(mapping).to_json()
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
    let mapping = mapping.map(Into::into).unwrap_or_default();
    let book = callwise::crm::load(&export.into(), &mapping)?;
    Ok(Arc::new(Book(book)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCOUNTS: &str = "Account ID,name,kind,status,time_zone,owner_rep_id,owner_role,owner_division_id\n\
                            a-1,Acme,customer,active,UTC,rep-1,sales,div-1\n";

    fn export(accounts: &str) -> CrmExport {
        CrmExport {
            accounts: CsvSource::Text {
                text: accounts.to_owned(),
            },
            contacts: None,
            opportunities: None,
            memberships: None,
            activities: None,
            reps: None,
        }
    }

    #[test]
    fn a_mapping_converts_both_ways() {
        let json = r#"{"accounts": {"account_id": "Account ID"}, "default_currency": "USD"}"#;
        let mapping = column_mapping_from_json(json.to_owned()).unwrap();
        assert_eq!(mapping.accounts["account_id"], "Account ID");
        let again = column_mapping_from_json(column_mapping_to_json(mapping.clone())).unwrap();
        assert_eq!(again, mapping);
        let book = load_crm_csv(export(ACCOUNTS), Some(mapping)).unwrap();
        assert!(book.account("a-1".to_owned()).is_some());
    }

    #[test]
    fn problems_and_file_errors_keep_their_fields() {
        match load_crm_csv(export(ACCOUNTS), None) {
            Err(CallwiseError::CrmExport { problems, summary }) => {
                assert_eq!(problems[0].row, 1);
                assert_eq!(problems[0].column, "account_id");
                assert_eq!(
                    problems[0].text,
                    "accounts.csv row 1, column \"account_id\": required column is missing"
                );
                assert!(summary.starts_with("the CRM export has 1 problem(s); first: "));
            }
            other => panic!("{:?}", other.err()),
        }
        let mut missing = export(ACCOUNTS);
        missing.accounts = CsvSource::Path {
            path: "/no/such/accounts.csv".to_owned(),
        };
        assert!(matches!(
            load_crm_csv(missing, None),
            Err(CallwiseError::FileRead { path, .. }) if path == "/no/such/accounts.csv"
        ));
        crate::error::invalid_reason(crm_columns("tasks".to_owned()), "file");
        assert_eq!(crm_columns("reps".to_owned()).unwrap()[0], "rep_id");
    }
}

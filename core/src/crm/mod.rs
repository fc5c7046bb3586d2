//! Loading a book from CRM exports: CSV files of accounts, contacts, opportunities,
//! memberships, activities and reps, as a CRM writes them.
//!
//! [`load`] reads the files of a [`CrmExport`] (each a [`CsvSource`]), finds their
//! columns through a [`ColumnMapping`], builds the records and validates them as
//! [`Book::new`] does; every problem of every file comes back in one
//! [`Error::CrmExport`](crate::Error::CrmExport), each a [`RowProblem`]. The reads are
//! bounded by [`MAX_EXPORT_BYTES`] and [`MAX_ROW_BYTES`].
//!
//! The rest of this page is `docs/crm-import.md`, the one description of the column
//! mapping, the formats and the rules, for every language.
//!
#![doc = include_str!("../../../docs/crm-import.md")]

mod cells;
mod columns;
mod loader;
mod memberships;
mod rows;
mod table;

pub use columns::{ColumnMapping, CrmFile};
pub use rows::MAX_ROW_BYTES;
pub use table::MAX_EXPORT_BYTES;

use crate::error::Result;
use crate::{Book, BookData};
use loader::{Loader, Sources};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use table::Table;

/// Where the text of one CSV file comes from.
///
/// # Example
/// ```
/// use callwise::crm::CsvSource;
/// let from_disk = CsvSource::path("export/accounts.csv");
/// let in_memory = CsvSource::text("account_id,name\n");
/// assert!(matches!(from_disk, CsvSource::Path(_)));
/// assert!(matches!(in_memory, CsvSource::Text(_)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CsvSource {
    /// A regular file on disk, read whole. Problems name it by its file name (by its whole path
    /// when an earlier file of the export has the same name).
    Path(PathBuf),
    /// The file's text. Problems name it by the file's kind (`accounts.csv`).
    Text(String),
    /// The file's bytes, which should be UTF-8 (a row that is not is a problem). Problems
    /// name it by the file's kind (`accounts.csv`).
    Bytes(Vec<u8>),
}

impl CsvSource {
    /// A file on disk.
    ///
    /// # Example
    /// ```
    /// let s = callwise::crm::CsvSource::path("accounts.csv");
    /// assert_eq!(s, callwise::crm::CsvSource::Path("accounts.csv".into()));
    /// ```
    pub fn path(path: impl Into<PathBuf>) -> Self {
        Self::Path(path.into())
    }

    /// The text of a file.
    ///
    /// # Example
    /// ```
    /// let s = callwise::crm::CsvSource::text("account_id\nacc-1\n");
    /// assert_eq!(s, callwise::crm::CsvSource::Text("account_id\nacc-1\n".into()));
    /// ```
    pub fn text(text: impl Into<String>) -> Self {
        Self::Text(text.into())
    }
}

impl From<PathBuf> for CsvSource {
    fn from(path: PathBuf) -> Self {
        Self::Path(path)
    }
}

impl From<&Path> for CsvSource {
    fn from(path: &Path) -> Self {
        Self::Path(path.to_owned())
    }
}

/// The files of one CRM export. Only accounts are needed.
///
/// # Example
/// ```
/// use callwise::crm::{CrmExport, CrmFile, CsvSource};
/// let export = CrmExport::new(CsvSource::path("export/accounts.csv"))
///     .with(CrmFile::Contacts, CsvSource::path("export/contacts.csv"));
/// assert!(export.contacts.is_some() && export.reps.is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrmExport {
    /// Accounts.
    pub accounts: CsvSource,
    /// Contacts.
    pub contacts: Option<CsvSource>,
    /// Opportunities.
    pub opportunities: Option<CsvSource>,
    /// Membership terms.
    pub memberships: Option<CsvSource>,
    /// Activities.
    pub activities: Option<CsvSource>,
    /// Reps; without it, reps are made from the ids the other files name.
    pub reps: Option<CsvSource>,
}

impl CrmExport {
    /// An export of accounts alone.
    ///
    /// # Example
    /// ```
    /// let export = callwise::crm::CrmExport::new(callwise::crm::CsvSource::text("account_id\n"));
    /// assert!(export.activities.is_none());
    /// ```
    pub fn new(accounts: CsvSource) -> Self {
        Self {
            accounts,
            contacts: None,
            opportunities: None,
            memberships: None,
            activities: None,
            reps: None,
        }
    }

    /// The export with `file` read from `source` (replacing any source it had).
    ///
    /// # Example
    /// ```
    /// use callwise::crm::{CrmExport, CrmFile, CsvSource};
    /// let export = CrmExport::new(CsvSource::text("a")).with(CrmFile::Accounts, CsvSource::text("b"));
    /// assert_eq!(export.accounts, CsvSource::text("b"));
    /// ```
    pub fn with(mut self, file: CrmFile, source: CsvSource) -> Self {
        match file {
            CrmFile::Accounts => self.accounts = source,
            CrmFile::Contacts => self.contacts = Some(source),
            CrmFile::Opportunities => self.opportunities = Some(source),
            CrmFile::Memberships => self.memberships = Some(source),
            CrmFile::Activities => self.activities = Some(source),
            CrmFile::Reps => self.reps = Some(source),
        }
        self
    }

    /// The source of `file`, if the export has one.
    ///
    /// # Example
    /// ```
    /// use callwise::crm::{CrmExport, CrmFile, CsvSource};
    /// let export = CrmExport::new(CsvSource::text("a"));
    /// assert!(export.source(CrmFile::Accounts).is_some());
    /// assert!(export.source(CrmFile::Reps).is_none());
    /// ```
    pub fn source(&self, file: CrmFile) -> Option<&CsvSource> {
        match file {
            CrmFile::Accounts => Some(&self.accounts),
            CrmFile::Contacts => self.contacts.as_ref(),
            CrmFile::Opportunities => self.opportunities.as_ref(),
            CrmFile::Memberships => self.memberships.as_ref(),
            CrmFile::Activities => self.activities.as_ref(),
            CrmFile::Reps => self.reps.as_ref(),
        }
    }
}

/// One problem in a CRM export: which file, row and column, and what is wrong.
///
/// `row` counts as a spreadsheet does: the header is row 1, the first record row 2.
/// `column` is the header as written in the file (for a missing column, the header
/// looked for), empty when the problem is the whole row's.
///
/// # Example
/// ```
/// use callwise::crm::{load, CrmExport, CsvSource};
/// let accounts = "account_id,name,kind,status,time_zone,owner_rep_id,owner_role,owner_division_id\n\
///                 acc-1,Acme,customer,asleep,America/Denver,rep-1,sales,div-1\n\
///                 acc-2,Zenith,customer,active,Mars/Base,rep-1,sales,div-1\n";
/// match load(&CrmExport::new(CsvSource::text(accounts)), &Default::default()) {
///     Err(callwise::Error::CrmExport { problems }) => {
///         assert_eq!(problems.len(), 2);
///         assert_eq!((problems[0].row, problems[0].column.as_str()), (2, "status"));
///         assert_eq!(
///             problems[1].to_string(),
///             "accounts.csv row 3, column \"time_zone\": unknown time zone \"Mars/Base\""
///         );
///     }
///     other => panic!("{other:?}"),
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct RowProblem {
    /// The file: its file name, or `accounts.csv` and so on for text given in memory.
    pub file: String,
    /// The row, counting the header as row 1 (0 when no row can be named).
    pub row: u64,
    /// The column's header as written in the file; empty for a whole-row problem.
    pub column: String,
    /// What is wrong (ids, columns and values of dates, codes and numbers; no personal
    /// data).
    pub problem: String,
}

impl fmt::Display for RowProblem {
    /// `file row N, column "header": problem`, one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.column.is_empty() {
            write!(f, "{} row {}: {}", self.file, self.row, self.problem)
        } else {
            write!(
                f,
                "{} row {}, column {:?}: {}",
                self.file, self.row, self.column, self.problem
            )
        }
    }
}

/// Loads a book from the files of a CRM export; see the [module documentation](self)
/// for the columns, formats and rules.
///
/// # Errors
/// - [`Error::InvalidArgument`](crate::Error::InvalidArgument) named `mapping` when
///   `mapping` fails [`ColumnMapping::check`];
/// - [`Error::FileRead`](crate::Error::FileRead) when a file cannot be read (it names
///   the path), is not a regular file (a directory, a device, a pipe), or would take the
///   export past [`MAX_EXPORT_BYTES`];
/// - [`Error::InvalidArgument`](crate::Error::InvalidArgument) named after the file
///   (`accounts`...) when text or bytes in memory would take the export past
///   [`MAX_EXPORT_BYTES`], or a path holds a line break (the file's text given as a
///   path);
/// - [`Error::CrmExport`](crate::Error::CrmExport) listing every problem in every file,
///   validation's included;
/// - [`Error::InvalidArgument`](crate::Error::InvalidArgument) when a file holds more
///   than `u32::MAX` records.
///
/// # Example
/// ```
/// use callwise::crm::{load, ColumnMapping, CrmExport, CrmFile, CsvSource};
/// let accounts = "account_id,name,kind,status,time_zone,owner_rep_id,owner_role,owner_division_id\n\
///                 m-1,Lakeside Clinic,member,active,America/Denver,rep-2,service,div-membership\n";
/// let terms = "membership_id,account_id,tier,term_start,term_end,dues,renewed_on,paid_late\n\
///              mem-1,m-1,Gold,2025-03-01,2026-02-28,1200.00,2026-03-05,yes\n\
///              mem-1,m-1,Gold,2026-03-01,2027-02-28,1250.00,,\n";
/// let export = CrmExport::new(CsvSource::text(accounts)).with(CrmFile::Memberships, CsvSource::text(terms));
/// let mapping = ColumnMapping { default_currency: Some("USD".into()), ..Default::default() };
/// let book = load(&export, &mapping)?;
/// let m = book.memberships().next().unwrap();
/// assert_eq!((m.term_start().to_string(), m.dues().amount_minor), ("2026-03-01".to_owned(), 125_000));
/// assert!(m.renewals().next().unwrap().paid_late);
/// assert_eq!(m.joined_on().to_string(), "2025-03-01");
///
/// let missing = CrmExport::new(CsvSource::path("/no/such/accounts.csv"));
/// assert!(matches!(load(&missing, &mapping), Err(callwise::Error::FileRead { .. })));
/// # Ok::<(), callwise::Error>(())
/// ```
pub fn load(export: &CrmExport, mapping: &ColumnMapping) -> Result<Book> {
    mapping.check()?;
    let mut tables: HashMap<CrmFile, Table> = HashMap::new();
    let mut problems = Vec::new();
    let mut names = HashSet::new();
    let mut used = 0;
    for file in CrmFile::ALL {
        if let Some(source) = export.source(file) {
            let mut name = match source {
                CsvSource::Path(path) => path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| path.display().to_string()),
                CsvSource::Text(_) | CsvSource::Bytes(_) => file.default_name(),
            };
            // A second file of the same name (from another folder) is named by its path.
            if !names.insert(name.clone())
                && let CsvSource::Path(path) = source
            {
                name = path.display().to_string();
            }
            let table = Table::read(file, source, name, mapping, &mut problems, &mut used)?;
            tables.insert(file, table);
        }
    }
    let loader = Loader {
        mapping,
        tables: &tables,
        problems,
        data: BookData::default(),
        sources: Sources::default(),
        skipped: HashSet::new(),
        skipped_all: HashSet::new(),
        divisions: HashSet::new(),
        teams: HashSet::new(),
    };
    loader.run()
}

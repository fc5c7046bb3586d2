//! Loading a book from CRM exports: CSV files of accounts, contacts, opportunities,
//! memberships, activities and reps, as a CRM writes them.
//!
//! [`load`] reads the files of a [`CrmExport`], matches their columns by header name
//! through a [`ColumnMapping`], builds the records, and validates the result as
//! [`Book::new`] does. Every problem in every file is collected into one
//! [`Error::CrmExport`], each as a [`RowProblem`] naming the file, the row (as a
//! spreadsheet shows it: the header is row 1) and the column (the header as written in
//! the file). A book exists only when there are none.
//!
//! ```
//! use callwise::crm::{load, ColumnMapping, CrmExport, CrmFile, CsvSource};
//! let accounts = "\u{feff}Account ID,Name,kind,status,time_zone,owner_rep_id,owner_role,owner_division_id\r\n\
//!                 acc-1,\"Acme, Inc.\",customer,active,America/Chicago,rep-1,sales,div-sales\r\n";
//! let contacts = "contact_id,account_id,name,phone,do_not_call\nc-1,acc-1,Pat Lee,+13125550100,no\n";
//! let export = CrmExport::new(CsvSource::text(accounts))
//!     .with(CrmFile::Contacts, CsvSource::text(contacts));
//! let mapping = ColumnMapping::default().with(CrmFile::Accounts, "account_id", "Account ID");
//! let book = load(&export, &mapping)?;
//! assert_eq!(book.account("acc-1").unwrap().name, "Acme, Inc.");
//! assert_eq!(book.contact_time_zone("c-1")?, "America/Chicago");
//! assert_eq!(book.data().reps[0].id.as_str(), "rep-1"); // synthesised: no reps file
//! # Ok::<(), callwise::Error>(())
//! ```
//!
//! # How the files are read
//! - UTF-8, with or without a byte-order mark; CRLF or LF line ends; fields separated by
//!   commas and quoted with `"` where they hold commas, quotes or line breaks (RFC 4180).
//!   A row that is not UTF-8 is a problem (save the export as UTF-8). A quoted cell
//!   that is never closed would hold the rest of the file: it is one problem, on the row
//!   it opens on, and the file's rows are not read.
//! - Row 1 is the header. Columns are found by header name, trimmed and compared without
//!   regard to case, never by position; columns callwise does not know are ignored. A
//!   required column that is missing is one problem on row 1 and the file's rows are
//!   not read. A column that appears twice is a problem too.
//! - Rows are counted as records, as a spreadsheet numbers them (a quoted cell with a
//!   line break is still one row). Rows whose cells are all empty are skipped. A row
//!   with more or fewer cells than the header is one problem and is not read.
//! - Every cell is trimmed. An empty cell is a missing value: fine for an optional
//!   column, a problem for a required one.
//!
//! # Formats
//! | format | written as |
//! | --- | --- |
//! | id, text | as is (ids are the CRM's own) |
//! | date | `YYYY-MM-DD`, strictly (four-digit year, two-digit month and day), read by [`crate::time::parse_date`] |
//! | instant | RFC 3339 with an offset: `2026-03-08T14:30:00Z`, `2026-03-08T09:30:00.000-05:00` |
//! | boolean | `true`/`false`, `yes`/`no`, `y`/`n`, `1`/`0` (any case); empty is `false` |
//! | amount | decimal text with at most two decimals (`1200`, `1200.5`, `-3.25`), read into minor units (hundredths, for every currency) of [`Money`]; no currency signs or thousands separators |
//! | currency | ISO 4217 code (`USD`) |
//! | choice | one of the listed words; case, spaces and hyphens are forgiven (`Closed Won` is `closed_won`) |
//!
//! # The columns
//! The names below are callwise's; a [`ColumnMapping`] renames any of them per file
//! (Salesforce's `Account ID` for `account_id`, say).
//!
//! | file | column | required | meaning | format |
//! | --- | --- | --- | --- | --- |
//! | accounts | `account_id` | yes | the account's id | id |
//! | accounts | `name` | yes | display name | text |
//! | accounts | `kind` | yes | what the account is | choice: `prospect`, `customer`, `member`, `partner` |
//! | accounts | `status` | yes | where it stands | choice: `active`, `dormant`, `lost`, `lapsed` |
//! | accounts | `territory_zone` | no | territory zone, for zone rotation | text |
//! | accounts | `time_zone` | yes | IANA time zone | `America/Chicago` |
//! | accounts | `owner_rep_id` | yes | the primary owner | rep id |
//! | accounts | `owner_role` | yes | the primary owner's part | choice: `sales`, `operations`, `service` |
//! | accounts | `owner_division_id` | yes | the division the primary owner holds it for | division id |
//! | accounts | `co_owners` | no | owners sharing the account | `rep:role:division`, several separated by `;` |
//! | contacts | `contact_id` | yes | the contact's id | id |
//! | contacts | `account_id` | yes | the contact's account | account id |
//! | contacts | `name` | yes | display name | text |
//! | contacts | `title` | no | job title | text |
//! | contacts | `phone` | no | work phone | text |
//! | contacts | `mobile_phone` | no | mobile phone | text |
//! | contacts | `home_phone` | no | home phone | text |
//! | contacts | `email` | no | the primary e-mail address | text |
//! | contacts | `other_email` | no | a second, not primary, address | text |
//! | contacts | `birthday` | no | birthday | `YYYY-MM-DD`, or `MM-DD` (or `--MM-DD`) when the year is not known |
//! | contacts | `time_zone` | no | IANA zone overriding the account's | `America/Denver` |
//! | contacts | `do_not_call` | no | on a do-not-call list | boolean |
//! | contacts | `consent_call`, `consent_email`, `consent_voicemail`, `consent_text`, `consent_meeting`, `consent_webinar`, `consent_event` | no | consent for the channel; empty records nothing | choice: `granted`, `denied`, `unknown` |
//! | opportunities | `opportunity_id` | yes | the deal's id | id |
//! | opportunities | `account_id` | yes | the account | account id |
//! | opportunities | `contact_id` | no | the main contact (read only when a contacts file is given) | contact id |
//! | opportunities | `owner_rep_id` | yes | the rep who owns the deal | rep id |
//! | opportunities | `name` | yes | display name | text |
//! | opportunities | `stage` | yes | pipeline stage | choice: `prospecting`, `qualification`, `proposal`, `negotiation`, `closed_won`, `closed_lost` |
//! | opportunities | `amount` | yes | the deal's value | amount |
//! | opportunities | `currency` | yes, unless the mapping has a `default_currency` | its currency | currency |
//! | opportunities | `probability` | no | chance of winning | `0.7` or `70%` |
//! | opportunities | `created_on` | yes | when it was uncovered | date |
//! | opportunities | `expected_close` | yes | when it is expected to close | date |
//! | opportunities | `next_step_due` | no | when the next step is due | date |
//! | opportunities | `closed_on` | no | when it was won or lost (set exactly when closed) | date |
//! | opportunities | `lost_to` | no | the competitor that won a lost deal | text |
//! | memberships | `membership_id` | yes | the membership's id (one row per term: see below) | id |
//! | memberships | `account_id` | yes | the member account (the same on every row) | account id |
//! | memberships | `tier` | yes | tier; the latest term's is the membership's | text |
//! | memberships | `term_start` | yes | first day of the term | date |
//! | memberships | `term_end` | yes | last day of the term | date |
//! | memberships | `dues` | yes | the dues for the term | amount |
//! | memberships | `currency` | yes, unless the mapping has a `default_currency` | their currency | currency |
//! | memberships | `joined_on` | no | when the member first joined (the same wherever given); empty everywhere means the first term's start | date |
//! | memberships | `renewed_on` | no | when this term was renewed | date |
//! | memberships | `paid_late` | no | the renewal's dues came in late (read on renewed terms) | boolean |
//! | memberships | `lapsed_on` | no | the membership lapsed after this term, on this day | date |
//! | memberships | `reinstated_on` | no | and came back on this day | date |
//! | activities | `activity_id` | yes | the activity's id | id |
//! | activities | `account_id` | yes | the account touched | account id |
//! | activities | `contact_id` | no | the contact touched (read only when a contacts file is given) | contact id |
//! | activities | `rep_id` | yes | the rep who logged it | rep id |
//! | activities | `at` | yes | when it happened | instant |
//! | activities | `channel` | yes | how | choice: `call`, `email`, `voicemail`, `text`, `meeting`, `webinar`, `event` |
//! | activities | `direction` | yes | who started it | choice: `outbound`, `inbound` |
//! | activities | `outcome` | no | what came of it | choice: `connected`, `no_answer`, `left_voicemail`, `meeting_set`, `opportunity_uncovered`, `not_interested`, `wrong_number`, `opted_out` |
//! | activities | `duration_seconds` | no | length of a call or meeting | whole seconds |
//! | activities | `opportunity_id` | no | the deal it advanced (read only when an opportunities file is given) | opportunity id |
//! | reps | `rep_id` | yes | the rep's id | id |
//! | reps | `name` | yes | display name | text |
//! | reps | `role` | yes | the part the rep usually plays | choice: `sales`, `operations`, `service` |
//! | reps | `division_id` | yes | the rep's division | division id |
//! | reps | `division_name` | no | the division's display name (the first given wins) | text |
//! | reps | `team_id` | no | the rep's team | team id |
//! | reps | `team_name` | no | the team's display name (the first given wins) | text |
//! | reps | `time_zone` | yes | the rep's own IANA zone | `America/Denver` |
//!
//! Only the accounts file is needed; every other file is optional. Campaigns, events,
//! tasks and hand-offs are not read (an activity's `campaign_id` column is ignored, like
//! any column callwise does not know).
//!
//! ## Memberships: one row per term
//! A CRM exports a membership as one row per term. Rows are grouped by `membership_id`
//! (memberships in the order they first appear) and each group's terms are put in order
//! of `term_start`. The latest term is the membership's current term: its `tier`,
//! `term_start`, `term_end` and `dues` are the membership's, and it cannot carry a
//! `renewed_on` (a renewed term is followed by its next term). Every earlier term with a
//! `renewed_on` is one of the membership's renewals (its dates, dues and `paid_late`);
//! every row with a `lapsed_on` adds a lapse, in term order. Every earlier term must say
//! how the next came about: a `renewed_on`, or a `lapsed_on` with the `reinstated_on` the
//! member came back on (or both, for a lapsed member reinstated by renewing late); a
//! lapse without a reinstatement can only follow the latest term. A term must start
//! after the one before it ends (the day after, or later when there was a lapse). Two
//! terms of one membership starting on the same day, terms that overlap, or rows of one
//! membership on different accounts or with different `joined_on` dates, are problems.
//!
//! ## Reps, divisions and teams
//! With a reps file, reps are read from it, and a rep the other files name but the
//! reps file does not list is a problem. Without one, a rep is made for every rep id
//! the files name, in the order they first appear (accounts' owners, then
//! opportunities' owners, then activities' reps): named by its id, with the role and
//! division of its first account ownership (`sales` and the division `unassigned` when
//! it owns none) and the time zone `UTC`. Divisions and teams are made for every id
//! named, in the order they first appear (reps, then account owners), named by
//! `division_name`/`team_name` where the reps file gives one and by their id otherwise;
//! a team belongs to the division of the first rep in it.
//!
//! # Problems
//! Problems are listed file by file in the order of [`CrmFile::ALL`], then by row. They
//! include what validation finds once the rows are read (duplicate ids, dangling
//! references, unknown time zones, ends before starts...), placed on the row and column
//! the value came from. A row whose cells cannot be read (a bad date, an unknown
//! choice...) gives no record, so validation sees it only once those cells are fixed; a
//! reference to such a record from another row is not reported. Messages name ids, columns and the values of dates, codes and
//! numbers, never names, phone numbers or e-mail addresses.

mod cells;
mod columns;
mod loader;
mod memberships;
mod table;

pub use columns::{ColumnMapping, CrmFile};

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
    /// A file on disk, read whole. Problems name it by its file name (by its whole path
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
/// - [`Error::InvalidArgument`] named `mapping` when `mapping` fails
///   [`ColumnMapping::check`];
/// - [`Error::FileRead`] when a file cannot be read (it names the path);
/// - [`Error::CrmExport`] listing every problem in every file, validation's included;
/// - [`Error::InvalidArgument`] when a file holds more than `u32::MAX` records.
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
/// let m = &book.data().memberships[0];
/// assert_eq!((m.term_start.to_string(), m.dues.amount_minor), ("2026-03-01".to_owned(), 125_000));
/// assert!(m.renewals[0].paid_late);
/// assert_eq!(m.joined_on.to_string(), "2025-03-01");
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
            let table = Table::read(file, source, name, mapping, &mut problems)?;
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

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
//! | date | `YYYY-MM-DD`, strictly (four-digit year, two-digit month and day), read by [`crate::parse_date`] |
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

use crate::error::{Error, Problem, ProblemKind, RecordKind, Result};
use crate::{
    Account, Activity, Birthday, Book, BookData, Channel, Consent, Contact, Division, Email, Lapse,
    Membership, Money, Opportunity, Ownership, Phone, PhoneKind, Renewal, Rep, Team,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

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

/// The kinds of file a CRM export holds, in the order problems are listed.
///
/// # Example
/// ```
/// use callwise::crm::CrmFile;
/// assert_eq!(CrmFile::ALL[0], CrmFile::Accounts);
/// assert_eq!(CrmFile::Memberships.as_str(), "memberships");
/// assert!(CrmFile::Contacts.columns().contains(&"mobile_phone"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrmFile {
    /// Accounts (required).
    Accounts,
    /// Contacts.
    Contacts,
    /// Opportunities.
    Opportunities,
    /// Membership terms, one row per term.
    Memberships,
    /// Activities.
    Activities,
    /// Reps (with their divisions and teams).
    Reps,
}

const ACCOUNT_COLUMNS: &[&str] = &[
    "account_id",
    "name",
    "kind",
    "status",
    "territory_zone",
    "time_zone",
    "owner_rep_id",
    "owner_role",
    "owner_division_id",
    "co_owners",
];
const CONTACT_COLUMNS: &[&str] = &[
    "contact_id",
    "account_id",
    "name",
    "title",
    "phone",
    "mobile_phone",
    "home_phone",
    "email",
    "other_email",
    "birthday",
    "time_zone",
    "do_not_call",
    "consent_call",
    "consent_email",
    "consent_voicemail",
    "consent_text",
    "consent_meeting",
    "consent_webinar",
    "consent_event",
];
const OPPORTUNITY_COLUMNS: &[&str] = &[
    "opportunity_id",
    "account_id",
    "contact_id",
    "owner_rep_id",
    "name",
    "stage",
    "amount",
    "currency",
    "probability",
    "created_on",
    "expected_close",
    "next_step_due",
    "closed_on",
    "lost_to",
];
const MEMBERSHIP_COLUMNS: &[&str] = &[
    "membership_id",
    "account_id",
    "tier",
    "term_start",
    "term_end",
    "dues",
    "currency",
    "joined_on",
    "renewed_on",
    "paid_late",
    "lapsed_on",
    "reinstated_on",
];
const ACTIVITY_COLUMNS: &[&str] = &[
    "activity_id",
    "account_id",
    "contact_id",
    "rep_id",
    "at",
    "channel",
    "direction",
    "outcome",
    "duration_seconds",
    "opportunity_id",
];
const REP_COLUMNS: &[&str] = &[
    "rep_id",
    "name",
    "role",
    "division_id",
    "division_name",
    "team_id",
    "team_name",
    "time_zone",
];

const CONSENT_COLUMNS: [(&str, Channel); 7] = [
    ("consent_call", Channel::Call),
    ("consent_email", Channel::Email),
    ("consent_voicemail", Channel::Voicemail),
    ("consent_text", Channel::Text),
    ("consent_meeting", Channel::Meeting),
    ("consent_webinar", Channel::Webinar),
    ("consent_event", Channel::Event),
];

impl CrmFile {
    /// Every kind of file, in the order problems are listed.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::crm::CrmFile::ALL.len(), 6);
    /// ```
    pub const ALL: [CrmFile; 6] = [
        Self::Accounts,
        Self::Contacts,
        Self::Opportunities,
        Self::Memberships,
        Self::Activities,
        Self::Reps,
    ];

    /// The snake-case name (`"accounts"`), as in a [`ColumnMapping`]'s JSON.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::crm::CrmFile::Reps.as_str(), "reps");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accounts => "accounts",
            Self::Contacts => "contacts",
            Self::Opportunities => "opportunities",
            Self::Memberships => "memberships",
            Self::Activities => "activities",
            Self::Reps => "reps",
        }
    }

    /// The kind of file named `name` (`"accounts"`, ...), as [`as_str`](Self::as_str)
    /// writes it.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] (named `file`) for any other name.
    ///
    /// # Example
    /// ```
    /// use callwise::crm::CrmFile;
    /// assert_eq!(CrmFile::from_name("reps").unwrap(), CrmFile::Reps);
    /// assert!(CrmFile::from_name("Reps").is_err());
    /// ```
    pub fn from_name(name: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == name)
            .ok_or_else(|| Error::InvalidArgument {
                name: "file",
                reason: format!(
                    "{name:?} is not one of accounts, contacts, opportunities, memberships, \
                     activities, reps"
                ),
            })
    }

    /// The columns callwise reads from this kind of file, by callwise's names, in the
    /// order of the module's table.
    ///
    /// # Example
    /// ```
    /// let columns = callwise::crm::CrmFile::Accounts.columns();
    /// assert_eq!(columns[0], "account_id");
    /// assert!(columns.contains(&"co_owners"));
    /// ```
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Self::Accounts => ACCOUNT_COLUMNS,
            Self::Contacts => CONTACT_COLUMNS,
            Self::Opportunities => OPPORTUNITY_COLUMNS,
            Self::Memberships => MEMBERSHIP_COLUMNS,
            Self::Activities => ACTIVITY_COLUMNS,
            Self::Reps => REP_COLUMNS,
        }
    }

    /// Whether `column` (callwise's name) must be in the file's header. `currency` is
    /// required unless `mapping` has a `default_currency`.
    ///
    /// # Example
    /// ```
    /// use callwise::crm::{ColumnMapping, CrmFile};
    /// let mapping = ColumnMapping::default();
    /// assert!(CrmFile::Opportunities.is_required("currency", &mapping));
    /// assert!(!CrmFile::Opportunities.is_required("probability", &mapping));
    /// let usd = ColumnMapping { default_currency: Some("USD".into()), ..Default::default() };
    /// assert!(!CrmFile::Opportunities.is_required("currency", &usd));
    /// ```
    pub fn is_required(self, column: &str, mapping: &ColumnMapping) -> bool {
        let required: &[&str] = match self {
            Self::Accounts => &[
                "account_id",
                "name",
                "kind",
                "status",
                "time_zone",
                "owner_rep_id",
                "owner_role",
                "owner_division_id",
            ],
            Self::Contacts => &["contact_id", "account_id", "name"],
            Self::Opportunities => &[
                "opportunity_id",
                "account_id",
                "owner_rep_id",
                "name",
                "stage",
                "amount",
                "created_on",
                "expected_close",
            ],
            Self::Memberships => &[
                "membership_id",
                "account_id",
                "tier",
                "term_start",
                "term_end",
                "dues",
            ],
            Self::Activities => &[
                "activity_id",
                "account_id",
                "rep_id",
                "at",
                "channel",
                "direction",
            ],
            Self::Reps => &["rep_id", "name", "role", "division_id", "time_zone"],
        };
        required.contains(&column)
            || (column == "currency"
                && matches!(self, Self::Opportunities | Self::Memberships)
                && mapping.default_currency.is_none())
    }

    /// The name problems give a file read from text or bytes: `accounts.csv`.
    fn default_name(self) -> String {
        format!("{}.csv", self.as_str())
    }

    fn id_column(self) -> &'static str {
        self.columns()[0]
    }

    fn record_kind(self) -> RecordKind {
        match self {
            Self::Accounts => RecordKind::Account,
            Self::Contacts => RecordKind::Contact,
            Self::Opportunities => RecordKind::Opportunity,
            Self::Memberships => RecordKind::Membership,
            Self::Activities => RecordKind::Activity,
            Self::Reps => RecordKind::Rep,
        }
    }
}

impl fmt::Display for CrmFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
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

/// Which header each column has in each file, where it is not callwise's own name.
///
/// Each file's map goes from callwise's column name (see the module's table) to the
/// header the CRM writes. A column not in the map is looked for under callwise's name,
/// so the default mapping is callwise's names throughout. `default_currency` is the
/// currency of amounts and dues when a file has no `currency` column or the cell is
/// empty (many single-currency CRMs export none).
///
/// As JSON: `{"accounts": {"account_id": "Account ID"}, "default_currency": "USD"}`;
/// files and fields left out are empty.
///
/// # Example
/// ```
/// use callwise::crm::{ColumnMapping, CrmFile};
/// let mapping = ColumnMapping::from_json(
///     r#"{"accounts": {"account_id": "Account ID", "name": "Account Name"}, "default_currency": "USD"}"#,
/// )?;
/// assert_eq!(mapping.header(CrmFile::Accounts, "account_id"), "Account ID");
/// assert_eq!(mapping.header(CrmFile::Accounts, "kind"), "kind");
/// assert_eq!(ColumnMapping::from_json(&mapping.to_json())?, mapping);
/// # Ok::<(), callwise::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnMapping {
    /// Headers of the accounts file, by callwise's column name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub accounts: BTreeMap<String, String>,
    /// Headers of the contacts file.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub contacts: BTreeMap<String, String>,
    /// Headers of the opportunities file.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub opportunities: BTreeMap<String, String>,
    /// Headers of the memberships file.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub memberships: BTreeMap<String, String>,
    /// Headers of the activities file.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub activities: BTreeMap<String, String>,
    /// Headers of the reps file.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub reps: BTreeMap<String, String>,
    /// The currency of amounts and dues whose `currency` column is missing or empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_currency: Option<String>,
}

impl ColumnMapping {
    /// Reads a mapping from JSON and checks it as [`ColumnMapping::check`] does.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] named `mapping` when the text is not a mapping's JSON
    /// (unknown files included) or the mapping does not pass [`ColumnMapping::check`].
    ///
    /// # Example
    /// ```
    /// use callwise::crm::ColumnMapping;
    /// assert_eq!(ColumnMapping::from_json("{}")?, ColumnMapping::default());
    /// assert!(ColumnMapping::from_json(r#"{"acounts": {}}"#).is_err());
    /// assert!(ColumnMapping::from_json(r#"{"accounts": {"acount_id": "Id"}}"#).is_err());
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn from_json(json: &str) -> Result<Self> {
        let mapping: Self = serde_json::from_str(json).map_err(|err| Error::InvalidArgument {
            name: "mapping",
            reason: format!("not a column mapping: {err}"),
        })?;
        mapping.check()?;
        Ok(mapping)
    }

    /// The mapping as JSON (pretty-printed, with a final newline; empty files left out).
    ///
    /// # Example
    /// ```
    /// use callwise::crm::{ColumnMapping, CrmFile};
    /// let m = ColumnMapping::default().with(CrmFile::Reps, "rep_id", "User ID");
    /// assert_eq!(m.to_json(), "{\n  \"reps\": {\n    \"rep_id\": \"User ID\"\n  }\n}\n");
    /// ```
    pub fn to_json(&self) -> String {
        // Cannot fail: maps of strings and an optional string.
        let mut json = serde_json::to_string_pretty(self).expect("a mapping always serialises");
        json.push('\n');
        json
    }

    /// The mapping with `column` of `file` found under `header`.
    ///
    /// # Example
    /// ```
    /// use callwise::crm::{ColumnMapping, CrmFile};
    /// let m = ColumnMapping::default().with(CrmFile::Contacts, "contact_id", "Contact ID");
    /// assert_eq!(m.header(CrmFile::Contacts, "contact_id"), "Contact ID");
    /// ```
    pub fn with(mut self, file: CrmFile, column: &str, header: &str) -> Self {
        self.file_mut(file)
            .insert(column.to_owned(), header.to_owned());
        self
    }

    /// The header `column` of `file` is looked for under: the mapped one, else
    /// callwise's name.
    ///
    /// # Example
    /// ```
    /// use callwise::crm::{ColumnMapping, CrmFile};
    /// assert_eq!(ColumnMapping::default().header(CrmFile::Activities, "at"), "at");
    /// ```
    pub fn header<'a>(&'a self, file: CrmFile, column: &'a str) -> &'a str {
        self.file(file)
            .get(column)
            .map(String::as_str)
            .unwrap_or(column)
    }

    /// Checks that every mapped column is one callwise reads from that file, that no
    /// header is empty or looked for by two columns of one file, and that
    /// `default_currency` is an ISO 4217 code.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] named `mapping`, saying which.
    ///
    /// # Example
    /// ```
    /// use callwise::crm::{ColumnMapping, CrmFile};
    /// assert!(ColumnMapping::default().check().is_ok());
    /// let clash = ColumnMapping::default().with(CrmFile::Contacts, "phone", "mobile_phone");
    /// assert!(clash.check().is_err());
    /// let usd = ColumnMapping { default_currency: Some("usd".into()), ..Default::default() };
    /// assert!(usd.check().is_err());
    /// ```
    pub fn check(&self) -> Result<()> {
        let refuse = |reason: String| Error::InvalidArgument {
            name: "mapping",
            reason,
        };
        for file in CrmFile::ALL {
            for (column, header) in self.file(file) {
                if !file.columns().contains(&column.as_str()) {
                    return Err(refuse(format!(
                        "the {file} file has no column {column:?}; its columns are {}",
                        file.columns().join(", ")
                    )));
                }
                if header.trim().is_empty() {
                    return Err(refuse(format!(
                        "the header of {file} column {column:?} is empty"
                    )));
                }
            }
            let mut seen: HashMap<String, &str> = HashMap::new();
            for &column in file.columns() {
                let header = normalise_header(self.header(file, column));
                if let Some(other) = seen.insert(header, column) {
                    return Err(refuse(format!(
                        "{file} columns {other:?} and {column:?} are both looked for under the header {:?}",
                        self.header(file, column)
                    )));
                }
            }
        }
        if let Some(code) = &self.default_currency
            && !crate::money::is_currency_code(code)
        {
            return Err(refuse(format!(
                "default_currency {code:?} is not an ISO 4217 code"
            )));
        }
        Ok(())
    }

    fn file(&self, file: CrmFile) -> &BTreeMap<String, String> {
        match file {
            CrmFile::Accounts => &self.accounts,
            CrmFile::Contacts => &self.contacts,
            CrmFile::Opportunities => &self.opportunities,
            CrmFile::Memberships => &self.memberships,
            CrmFile::Activities => &self.activities,
            CrmFile::Reps => &self.reps,
        }
    }

    fn file_mut(&mut self, file: CrmFile) -> &mut BTreeMap<String, String> {
        match file {
            CrmFile::Accounts => &mut self.accounts,
            CrmFile::Contacts => &mut self.contacts,
            CrmFile::Opportunities => &mut self.opportunities,
            CrmFile::Memberships => &mut self.memberships,
            CrmFile::Activities => &mut self.activities,
            CrmFile::Reps => &mut self.reps,
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

/// A header as compared: trimmed, lower case.
fn normalise_header(header: &str) -> String {
    header.trim().to_lowercase()
}

/// Whether a quoted cell is still open at the end of `bytes`, read as the csv reader
/// reads them (RFC 4180): a `"` opens a quoted cell only at the start of a cell (elsewhere
/// in an unquoted cell it is kept as text); inside a quoted cell `""` is a quote and a
/// lone `"` closes the quoting (what follows it up to the next comma or line end is
/// unquoted text).
fn quote_left_open(bytes: &[u8]) -> bool {
    #[derive(PartialEq)]
    enum State {
        CellStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::CellStart;
    for &b in bytes {
        state = match (state, b) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::CellStart | State::QuoteInQuoted, b'"') => State::Quoted,
            (_, b',' | b'\r' | b'\n') => State::CellStart,
            _ => State::Unquoted,
        };
    }
    state == State::Quoted
}

/// One file, read into rows of trimmed cells.
struct Table {
    file: CrmFile,
    /// The name problems give the file.
    name: String,
    /// Each callwise column found in the header: its position and header as written.
    columns: HashMap<&'static str, (usize, String)>,
    /// The rows to read: row number (header = 1) and cells.
    rows: Vec<(u64, Vec<String>)>,
    /// Whether every required column is there (otherwise no row is read).
    complete: bool,
}

/// The longest path this reads (Linux's `PATH_MAX`, in bytes).
const MAX_PATH_BYTES: usize = 4096;

/// A "path" with a line break, or longer than any path, is the file's text given where
/// its path goes: refused without repeating it (it would put the export's personal data
/// into the error, as the path of a file that cannot be read).
fn refuse_text_as_path(file: CrmFile, path: &std::path::Path) -> Result<()> {
    let bytes = path.as_os_str().as_encoded_bytes();
    let why = if bytes.contains(&b'\n') || bytes.contains(&b'\r') {
        "holds a line break"
    } else if bytes.len() > MAX_PATH_BYTES {
        "is longer than any path"
    } else {
        return Ok(());
    };
    Err(Error::InvalidArgument {
        name: file.as_str(),
        reason: format!(
            "the path {why}: it looks like the file's text (not shown); give text in memory \
             as text (CsvSource::Text; in Python io.StringIO(text), in Kotlin CsvSource.Text)"
        ),
    })
}

impl Table {
    fn read(
        file: CrmFile,
        source: &CsvSource,
        name: String,
        mapping: &ColumnMapping,
        problems: &mut Vec<RowProblem>,
    ) -> Result<Self> {
        let owned;
        let bytes: &[u8] = match source {
            CsvSource::Path(path) => {
                refuse_text_as_path(file, path)?;
                owned = std::fs::read(path).map_err(|err| Error::FileRead {
                    path: path.display().to_string(),
                    reason: err.to_string(),
                })?;
                &owned
            }
            CsvSource::Text(text) => text.as_bytes(),
            CsvSource::Bytes(bytes) => bytes,
        };
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut table = Self {
            file,
            name,
            columns: HashMap::new(),
            rows: Vec::new(),
            complete: false,
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut header_len = None;
        let mut header: Vec<String> = Vec::new();
        let mut record = csv::ByteRecord::new();
        let mut row: u64 = 0;
        // The problems before the latest record, and its number of cells.
        let mut before_record = problems.len();
        let mut record_cells = 0;
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(err) => {
                    // Reading from memory with flexible rows cannot fail; should it,
                    // say so once and stop rather than loop.
                    problems.push(table.problem(row + 1, "", format!("cannot be read: {err}")));
                    break;
                }
            }
            row += 1;
            before_record = problems.len();
            record_cells = record.len();
            let cells: Option<Vec<String>> = record
                .iter()
                .map(|cell| std::str::from_utf8(cell).ok().map(|s| s.trim().to_owned()))
                .collect();
            let Some(cells) = cells else {
                problems.push(table.problem(
                    row,
                    "",
                    "is not UTF-8 text (save the export as UTF-8)".to_owned(),
                ));
                if header_len.is_none() {
                    return Ok(table);
                }
                continue;
            };
            match header_len {
                None => {
                    header_len = Some(cells.len());
                    table.read_header(&cells, mapping, problems);
                    header = cells;
                }
                Some(n) => {
                    if cells.iter().all(String::is_empty) {
                        continue;
                    }
                    if cells.len() != n {
                        problems.push(table.problem(
                            row,
                            "",
                            format!("has {} cells, the header has {n}", cells.len()),
                        ));
                        continue;
                    }
                    table.rows.push((row, cells));
                }
            }
        }
        if header_len.is_none() {
            problems.push(table.problem(
                1,
                "",
                "the file is empty: it has no header row".to_owned(),
            ));
            table.complete = false;
        }
        if row > 0 && quote_left_open(bytes) {
            // The reader ends the last record at the end of the input, without an error,
            // when a quoted cell is still open: that record holds the rest of the file
            // (its other problems are artefacts of that), the open cell being its last.
            problems.truncate(before_record);
            let column = match record_cells.checked_sub(1) {
                Some(at) if row > 1 => header.get(at).map_or("", String::as_str),
                _ => "",
            };
            problems.push(table.problem(
                row,
                column,
                format!(
                    "a quoted cell opened on row {row} is never closed (a closing \" is missing), \
                     so the rest of the file is inside it and the file's rows are not read"
                ),
            ));
            table.complete = false;
        }
        if !table.complete {
            table.rows.clear();
        }
        Ok(table)
    }

    fn read_header(
        &mut self,
        cells: &[String],
        mapping: &ColumnMapping,
        problems: &mut Vec<RowProblem>,
    ) {
        let headers: Vec<String> = cells.iter().map(|h| normalise_header(h)).collect();
        self.complete = true;
        for &column in self.file.columns() {
            let wanted = mapping.header(self.file, column);
            let key = normalise_header(wanted);
            let found: Vec<usize> = (0..headers.len()).filter(|&i| headers[i] == key).collect();
            match found.as_slice() {
                [] => {
                    if self.file.is_required(column, mapping) {
                        problems.push(self.problem(
                            1,
                            wanted.trim(),
                            "required column is missing".to_owned(),
                        ));
                        self.complete = false;
                    }
                }
                [at] => {
                    self.columns.insert(column, (*at, cells[*at].clone()));
                }
                many => {
                    problems.push(self.problem(
                        1,
                        &cells[many[0]],
                        format!("the column appears {} times in the header", many.len()),
                    ));
                    self.complete = false;
                }
            }
        }
    }

    fn problem(&self, row: u64, column: &str, problem: String) -> RowProblem {
        RowProblem {
            file: self.name.clone(),
            row,
            column: column.to_owned(),
            problem,
        }
    }

    /// The header `column` has in this file, or the one looked for when it is absent.
    fn header(&self, column: &str, mapping: &ColumnMapping) -> String {
        match self.columns.get(column) {
            Some((_, header)) => header.clone(),
            None => mapping.header(self.file, column).trim().to_owned(),
        }
    }
}

/// The cells of one row, read column by column; every problem is kept.
struct Cells<'t> {
    table: &'t Table,
    row: u64,
    cells: &'t [String],
    problems: Vec<RowProblem>,
}

impl<'t> Cells<'t> {
    /// The cell of `column`, `None` when the column is absent or the cell empty.
    fn opt(&self, column: &str) -> Option<&'t str> {
        let (at, _) = self.table.columns.get(column)?;
        let cell = self.cells.get(*at)?.as_str();
        (!cell.is_empty()).then_some(cell)
    }

    fn bad(&mut self, column: &str, problem: String) {
        let header = self
            .table
            .columns
            .get(column)
            .map(|(_, h)| h.as_str())
            .unwrap_or(column);
        let problem = self.table.problem(self.row, header, problem);
        self.problems.push(problem);
    }

    /// The cell of a required column; an empty one is a problem.
    fn req(&mut self, column: &str) -> Option<&'t str> {
        let cell = self.opt(column);
        if cell.is_none() {
            self.bad(column, "is empty".to_owned());
        }
        cell
    }

    /// An optional cell read by `read`; a cell it refuses is a problem.
    fn opt_with<T>(&mut self, column: &str, read: impl Fn(&str) -> Result<T, String>) -> Option<T> {
        let cell = self.opt(column)?;
        self.read_cell(column, cell, read)
    }

    /// A required cell read by `read`.
    fn req_with<T>(&mut self, column: &str, read: impl Fn(&str) -> Result<T, String>) -> Option<T> {
        let cell = self.req(column)?;
        self.read_cell(column, cell, read)
    }

    /// `cell` of `column` read by `read`; a cell it refuses is a problem.
    fn read_cell<T>(
        &mut self,
        column: &str,
        cell: &str,
        read: impl Fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        read(cell).map_err(|why| self.bad(column, why)).ok()
    }

    fn failed(&self) -> bool {
        !self.problems.is_empty()
    }
}

/// A cell's value as problems show it: quoted, at most 40 characters.
fn shown(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{head:?}...")
    } else {
        format!("{head:?}")
    }
}

fn choice<T: DeserializeOwned>(allowed: &'static str) -> impl Fn(&str) -> Result<T, String> {
    move |text| {
        let word: String = text
            .to_lowercase()
            .chars()
            .map(|c| if c == ' ' || c == '-' { '_' } else { c })
            .collect();
        serde_json::from_value(serde_json::Value::String(word))
            .map_err(|_| format!("{} is not one of {allowed}", shown(text)))
    }
}

const ACCOUNT_KINDS: &str = "prospect, customer, member, partner";
const ACCOUNT_STATUSES: &str = "active, dormant, lost, lapsed";
const ROLES: &str = "sales, operations, service";
const CONSENTS: &str = "granted, denied, unknown";
const STAGES: &str = "prospecting, qualification, proposal, negotiation, closed_won, closed_lost";
const CHANNELS: &str = "call, email, voicemail, text, meeting, webinar, event";
const DIRECTIONS: &str = "outbound, inbound";
const OUTCOMES: &str = "connected, no_answer, left_voicemail, meeting_set, opportunity_uncovered, not_interested, wrong_number, opted_out";

fn boolean(text: &str) -> Result<bool, String> {
    match text.to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" => Ok(true),
        "false" | "no" | "n" | "0" => Ok(false),
        _ => Err(format!(
            "{} is not a boolean (true/false, yes/no, 1/0)",
            shown(text)
        )),
    }
}

fn date(text: &str) -> Result<NaiveDate, String> {
    crate::parse_date(text, "date").map_err(|_| format!("{} is not a YYYY-MM-DD date", shown(text)))
}

/// An RFC 3339 instant with its offset: `T` between date and time, no leap second.
fn instant(text: &str) -> Result<DateTime<Utc>, String> {
    let refuse = || {
        format!(
            "{} is not an RFC 3339 instant with an offset, like 2026-03-08T14:30:00Z",
            shown(text)
        )
    };
    if text.as_bytes().get(10) != Some(&b'T') {
        return Err(refuse());
    }
    let at = DateTime::parse_from_rfc3339(text).map_err(|_| refuse())?;
    if chrono::Timelike::nanosecond(&at) >= 1_000_000_000 {
        return Err(refuse());
    }
    Ok(at.with_timezone(&Utc))
}

/// Decimal text with at most two decimals (more only if zeros), in minor units.
fn minor_units(text: &str) -> Result<i64, String> {
    let refuse = |why: &str| format!("{} is not an amount: {why}", shown(text));
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) || (digits.ends_with('.')) {
        return Err(refuse(
            "use digits with at most two decimals and no currency sign or separators, like 1200.00",
        ));
    }
    if fraction.len() > 2 && fraction[2..].bytes().any(|b| b != b'0') {
        return Err(refuse("more than two decimals"));
    }
    let cents: i64 = match fraction.len() {
        0 => 0,
        1 => i64::from(fraction.as_bytes()[0] - b'0') * 10,
        _ => {
            i64::from(fraction.as_bytes()[0] - b'0') * 10 + i64::from(fraction.as_bytes()[1] - b'0')
        }
    };
    let value = whole
        .parse::<i64>()
        .ok()
        .and_then(|w| w.checked_mul(100))
        .and_then(|w| w.checked_add(cents))
        .ok_or_else(|| refuse("too large"))?;
    Ok(if negative { -value } else { value })
}

/// `0.7` or `70%`.
fn probability(text: &str) -> Result<f64, String> {
    let refuse = || format!("{} is not a probability (0.7 or 70%)", shown(text));
    let (number, percent) = match text.strip_suffix('%') {
        Some(n) => (n.trim_end(), true),
        None => (text, false),
    };
    if !number
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
    {
        return Err(refuse());
    }
    let value: f64 = number.parse().map_err(|_| refuse())?;
    if !value.is_finite() {
        return Err(refuse());
    }
    Ok(if percent { value / 100.0 } else { value })
}

fn seconds(text: &str) -> Result<u32, String> {
    text.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| text.parse::<u32>().ok())
        .flatten()
        .ok_or_else(|| format!("{} is not a whole number of seconds", shown(text)))
}

/// `YYYY-MM-DD`, or `MM-DD` / `--MM-DD` without a year.
fn birthday(text: &str) -> Result<Birthday, String> {
    let refuse = || {
        format!(
            "{} is not a birthday (YYYY-MM-DD, or MM-DD when the year is not known)",
            shown(text)
        )
    };
    if text.len() == 10 {
        let d = date(text).map_err(|_| refuse())?;
        return Ok(Birthday {
            month: chrono::Datelike::month(&d),
            day: chrono::Datelike::day(&d),
            year: Some(chrono::Datelike::year(&d)),
        });
    }
    let short = text.strip_prefix("--").unwrap_or(text);
    let b = short.as_bytes();
    let shaped =
        b.len() == 5 && b[2] == b'-' && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit());
    if !shaped {
        return Err(refuse());
    }
    let two = |i: usize| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
    Ok(Birthday {
        month: two(0),
        day: two(3),
        year: None,
    })
}

/// `rep:role:division;rep:role:division`.
fn co_owners(text: &str) -> Result<Vec<Ownership>, String> {
    let role = choice::<crate::OwnerRole>(ROLES);
    text.split(';')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .enumerate()
        .map(|(i, entry)| {
            let parts: Vec<&str> = entry.split(':').map(str::trim).collect();
            match parts.as_slice() {
                [rep, r, division] if !rep.is_empty() && !division.is_empty() => {
                    Ok(Ownership::new(
                        *rep,
                        role(r).map_err(|why| format!("co-owner {}: {why}", i + 1))?,
                        *division,
                    ))
                }
                _ => Err(format!(
                    "co-owner {} is not rep:role:division (several separated by ;)",
                    i + 1
                )),
            }
        })
        .collect()
}

/// Where each record of the book came from: its row, per collection.
#[derive(Default)]
struct Sources {
    accounts: Vec<u64>,
    contacts: Vec<u64>,
    opportunities: Vec<u64>,
    memberships: Vec<TermRows>,
    activities: Vec<u64>,
    reps: Vec<u64>,
}

/// The rows of one membership: its current term, its renewals, its lapses, and the row
/// its `joined_on` came from.
struct TermRows {
    current: u64,
    renewals: Vec<u64>,
    lapses: Vec<u64>,
    joined: u64,
}

/// One row of the memberships file.
struct Term {
    row: u64,
    account_id: String,
    tier: String,
    term_start: NaiveDate,
    term_end: NaiveDate,
    dues: Money,
    joined_on: Option<NaiveDate>,
    renewed_on: Option<NaiveDate>,
    paid_late: bool,
    lapse: Option<Lapse>,
}

struct Loader<'a> {
    mapping: &'a ColumnMapping,
    tables: &'a HashMap<CrmFile, Table>,
    problems: Vec<RowProblem>,
    data: BookData,
    sources: Sources,
    /// Validation's message for a reference to a record whose row could not be read
    /// (`no account has id "x"`): such problems are not reported.
    skipped: HashSet<String>,
    /// Kinds whose file could not be read at all.
    skipped_all: HashSet<RecordKind>,
    /// The ids of the divisions and teams made so far.
    divisions: HashSet<String>,
    teams: HashSet<String>,
}

impl<'a> Loader<'a> {
    fn run(mut self) -> Result<Book> {
        for file in CrmFile::ALL {
            if let Some(table) = self.tables.get(&file)
                && !table.complete
            {
                self.skipped_all.insert(file.record_kind());
            }
        }
        self.read_rows(CrmFile::Reps, Self::rep);
        self.read_rows(CrmFile::Accounts, Self::account);
        self.read_rows(CrmFile::Contacts, Self::contact);
        self.read_rows(CrmFile::Opportunities, Self::opportunity);
        self.read_memberships();
        self.read_rows(CrmFile::Activities, Self::activity);
        self.organisation();

        let data = std::mem::take(&mut self.data);
        let result = Book::new(data);
        let book = match result {
            Ok(book) => Some(book),
            Err(Error::Validation { problems }) => {
                for p in problems {
                    if !self.already_reported(&p) {
                        let located = self.locate(&p);
                        self.problems.push(located);
                    }
                }
                None
            }
            Err(other) => return Err(other),
        };
        if self.problems.is_empty()
            && let Some(book) = book
        {
            return Ok(book);
        }
        let mut problems = std::mem::take(&mut self.problems);
        let tables = self.tables;
        let order = |name: &str| {
            CrmFile::ALL
                .iter()
                .position(|f| tables.get(f).is_some_and(|t| t.name == name))
                .unwrap_or(CrmFile::ALL.len())
        };
        problems.sort_by_cached_key(|p| (order(&p.file), p.row));
        Err(Error::CrmExport { problems })
    }

    /// Reads every row of `file` with `read`, which says whether the row gave a record;
    /// the id of a row that did not is remembered, so references to it are not reported.
    fn read_rows(&mut self, file: CrmFile, read: fn(&mut Self, &mut Cells<'a>) -> bool) {
        let tables: &'a HashMap<CrmFile, Table> = self.tables;
        let Some(table) = tables.get(&file) else {
            return;
        };
        for (row, cells) in &table.rows {
            let mut c = Cells {
                table,
                row: *row,
                cells,
                problems: Vec::new(),
            };
            if !read(self, &mut c)
                && let Some(id) = c.opt(file.id_column())
            {
                self.skip(file.record_kind(), id);
            }
            self.problems.append(&mut c.problems);
        }
    }

    fn has(&self, file: CrmFile) -> bool {
        self.tables.contains_key(&file)
    }

    fn currency(&self, c: &mut Cells<'_>) -> Option<String> {
        match c
            .opt("currency")
            .or(self.mapping.default_currency.as_deref())
        {
            Some(code) => Some(code.to_owned()),
            None => {
                c.bad("currency", "is empty".to_owned());
                None
            }
        }
    }

    fn account(&mut self, c: &mut Cells<'_>) -> bool {
        let id = c.req("account_id");
        let name = c.req("name");
        let kind = c.req_with("kind", choice(ACCOUNT_KINDS));
        let status = c.req_with("status", choice(ACCOUNT_STATUSES));
        let time_zone = c.req("time_zone");
        let rep = c.req("owner_rep_id");
        let role = c.req_with("owner_role", choice(ROLES));
        let division = c.req("owner_division_id");
        let co = c.opt_with("co_owners", co_owners).unwrap_or_default();
        let (
            Some(id),
            Some(name),
            Some(kind),
            Some(status),
            Some(time_zone),
            Some(rep),
            Some(role),
            Some(division),
        ) = (id, name, kind, status, time_zone, rep, role, division)
        else {
            return false;
        };
        if c.failed() {
            return false;
        }
        self.data.accounts.push(Account {
            id: id.into(),
            name: name.to_owned(),
            kind,
            status,
            territory_zone: c.opt("territory_zone").map(str::to_owned),
            time_zone: time_zone.to_owned(),
            primary_owner: Ownership::new(rep, role, division),
            co_owners: co,
        });
        self.sources.accounts.push(c.row);
        true
    }

    fn contact(&mut self, c: &mut Cells<'_>) -> bool {
        let id = c.req("contact_id");
        let account = c.req("account_id");
        let name = c.req("name");
        let birthday = c.opt_with("birthday", birthday);
        let do_not_call = c.opt_with("do_not_call", boolean).unwrap_or(false);
        let mut consent = BTreeMap::new();
        for (column, channel) in CONSENT_COLUMNS {
            if let Some(value) = c.opt_with(column, choice::<Consent>(CONSENTS)) {
                consent.insert(channel, value);
            }
        }
        let (Some(id), Some(account), Some(name)) = (id, account, name) else {
            return false;
        };
        if c.failed() {
            return false;
        }
        let phones = [
            ("phone", PhoneKind::Work),
            ("mobile_phone", PhoneKind::Mobile),
            ("home_phone", PhoneKind::Home),
        ]
        .into_iter()
        .filter_map(|(column, kind)| {
            c.opt(column).map(|number| Phone {
                number: number.to_owned(),
                kind,
            })
        })
        .collect();
        let emails = [("email", true), ("other_email", false)]
            .into_iter()
            .filter_map(|(column, primary)| {
                c.opt(column).map(|address| Email {
                    address: address.to_owned(),
                    primary,
                })
            })
            .collect();
        self.data.contacts.push(Contact {
            id: id.into(),
            account_id: account.into(),
            name: name.to_owned(),
            title: c.opt("title").map(str::to_owned),
            phones,
            emails,
            birthday,
            time_zone: c.opt("time_zone").map(str::to_owned),
            do_not_call,
            consent,
        });
        self.sources.contacts.push(c.row);
        true
    }

    fn opportunity(&mut self, c: &mut Cells<'_>) -> bool {
        let id = c.req("opportunity_id");
        let account = c.req("account_id");
        let owner = c.req("owner_rep_id");
        let name = c.req("name");
        let stage = c.req_with("stage", choice(STAGES));
        let amount = c.req_with("amount", minor_units);
        let currency = self.currency(c);
        let probability = c.opt_with("probability", probability);
        let created_on = c.req_with("created_on", date);
        let expected_close = c.req_with("expected_close", date);
        let next_step_due = c.opt_with("next_step_due", date);
        let closed_on = c.opt_with("closed_on", date);
        let (
            Some(id),
            Some(account),
            Some(owner),
            Some(name),
            Some(stage),
            Some(amount),
            Some(currency),
            Some(created_on),
            Some(expected_close),
        ) = (
            id,
            account,
            owner,
            name,
            stage,
            amount,
            currency,
            created_on,
            expected_close,
        )
        else {
            return false;
        };
        if c.failed() {
            return false;
        }
        let contact_id = if self.has(CrmFile::Contacts) {
            c.opt("contact_id").map(Into::into)
        } else {
            None
        };
        self.data.opportunities.push(Opportunity {
            id: id.into(),
            account_id: account.into(),
            contact_id,
            owner_rep_id: owner.into(),
            name: name.to_owned(),
            stage,
            amount: Money::new(amount, currency),
            probability,
            created_on,
            expected_close,
            next_step_due,
            closed_on,
            lost_to: c.opt("lost_to").map(str::to_owned),
        });
        self.sources.opportunities.push(c.row);
        true
    }

    fn activity(&mut self, c: &mut Cells<'_>) -> bool {
        let id = c.req("activity_id");
        let account = c.req("account_id");
        let rep = c.req("rep_id");
        let at = c.req_with("at", instant);
        let channel = c.req_with("channel", choice(CHANNELS));
        let direction = c.req_with("direction", choice(DIRECTIONS));
        let outcome = c.opt_with("outcome", choice(OUTCOMES));
        let duration_seconds = c.opt_with("duration_seconds", seconds);
        let (Some(id), Some(account), Some(rep), Some(at), Some(channel), Some(direction)) =
            (id, account, rep, at, channel, direction)
        else {
            return false;
        };
        if c.failed() {
            return false;
        }
        let contact_id = if self.has(CrmFile::Contacts) {
            c.opt("contact_id").map(Into::into)
        } else {
            None
        };
        let opportunity_id = if self.has(CrmFile::Opportunities) {
            c.opt("opportunity_id").map(Into::into)
        } else {
            None
        };
        self.data.activities.push(Activity {
            id: id.into(),
            account_id: account.into(),
            contact_id,
            rep_id: rep.into(),
            at,
            channel,
            direction,
            outcome,
            duration_seconds,
            opportunity_id,
            campaign_id: None,
        });
        self.sources.activities.push(c.row);
        true
    }

    fn rep(&mut self, c: &mut Cells<'_>) -> bool {
        let id = c.req("rep_id");
        let name = c.req("name");
        let role = c.req_with("role", choice(ROLES));
        let division = c.req("division_id");
        let time_zone = c.req("time_zone");
        let (Some(id), Some(name), Some(role), Some(division), Some(time_zone)) =
            (id, name, role, division, time_zone)
        else {
            return false;
        };
        if c.failed() {
            return false;
        }
        let team = c.opt("team_id");
        self.add_division(division, c.opt("division_name"));
        if let Some(team) = team
            && self.teams.insert(team.to_owned())
        {
            self.data.teams.push(Team {
                id: team.into(),
                name: c.opt("team_name").unwrap_or(team).to_owned(),
                division_id: division.into(),
            });
        }
        self.data.reps.push(Rep {
            id: id.into(),
            name: name.to_owned(),
            role,
            division_id: division.into(),
            team_id: team.map(Into::into),
            time_zone: time_zone.to_owned(),
        });
        self.sources.reps.push(c.row);
        true
    }

    /// Remembers that the record `id` of `kind` gave no record.
    fn skip(&mut self, kind: RecordKind, id: &str) {
        self.skipped.insert(format!("no {kind} has id {id:?}"));
    }

    fn add_division(&mut self, id: &str, name: Option<&str>) {
        if self.divisions.insert(id.to_owned()) {
            self.data.divisions.push(Division {
                id: id.into(),
                name: name.unwrap_or(id).to_owned(),
            });
        }
    }

    fn term(&self, c: &mut Cells<'_>) -> Option<Term> {
        c.req("membership_id");
        let account = c.req("account_id");
        let tier = c.req("tier");
        let term_start = c.req_with("term_start", date);
        let term_end = c.req_with("term_end", date);
        let dues = c.req_with("dues", minor_units);
        let currency = self.currency(c);
        let joined_on = c.opt_with("joined_on", date);
        let renewed_on = c.opt_with("renewed_on", date);
        let paid_late = c.opt_with("paid_late", boolean).unwrap_or(false);
        let lapsed_on = c.opt_with("lapsed_on", date);
        let reinstated_on = c.opt_with("reinstated_on", date);
        if lapsed_on.is_none() && reinstated_on.is_some() {
            c.bad(
                "reinstated_on",
                "is set but lapsed_on is empty: a reinstatement follows a lapse".to_owned(),
            );
        }
        if c.failed() {
            return None;
        }
        Some(Term {
            row: c.row,
            account_id: account?.to_owned(),
            tier: tier?.to_owned(),
            term_start: term_start?,
            term_end: term_end?,
            dues: Money::new(dues?, currency?),
            joined_on,
            renewed_on,
            paid_late,
            lapse: lapsed_on.map(|lapsed_on| Lapse {
                lapsed_on,
                reinstated_on,
            }),
        })
    }

    fn read_memberships(&mut self) {
        let tables: &'a HashMap<CrmFile, Table> = self.tables;
        let Some(table) = tables.get(&CrmFile::Memberships) else {
            return;
        };
        // Groups in order of first appearance; a group with a row that failed is dropped.
        let mut order: Vec<String> = Vec::new();
        let mut groups: HashMap<String, (Vec<Term>, bool)> = HashMap::new();
        for (row, cells) in &table.rows {
            let mut c = Cells {
                table,
                row: *row,
                cells,
                problems: Vec::new(),
            };
            let term = self.term(&mut c);
            let id = c.opt("membership_id").map(str::to_owned);
            self.problems.append(&mut c.problems);
            let Some(id) = id else { continue };
            let group = groups.entry(id.clone()).or_insert_with(|| {
                order.push(id.clone());
                (Vec::new(), true)
            });
            match term {
                Some(term) => group.0.push(term),
                None => group.1 = false,
            }
        }
        let header = |column: &str| table.header(column, self.mapping);
        for id in order {
            let Some((mut terms, mut ok)) = groups.remove(&id) else {
                continue;
            };
            let mut problem = |row: u64, column: &str, text: String| {
                self.problems
                    .push(table.problem(row, &header(column), text));
            };
            terms.sort_by_key(|t| t.term_start);
            if let Some(last) = terms.last() {
                for pair in terms.windows(2) {
                    let (prev, next) = (&pair[0], &pair[1]);
                    if prev.term_start == next.term_start {
                        problem(
                            next.row,
                            "term_start",
                            format!(
                                "membership {id:?} has another term starting on {} (row {})",
                                next.term_start, prev.row
                            ),
                        );
                        ok = false;
                        continue;
                    }
                    if next.term_start <= prev.term_end {
                        problem(
                            next.row,
                            "term_start",
                            format!(
                                "membership {id:?} has a term starting on {}, before the term of row {} ends on {}",
                                next.term_start, prev.row, prev.term_end
                            ),
                        );
                        ok = false;
                    }
                    // A later term follows a renewal, or a lapse the member came back from
                    // (both, when a lapsed member was reinstated by renewing late). A term
                    // that is neither would be dropped, and a lapse with no reinstatement
                    // would leave the membership lapsed despite its later terms.
                    match (&prev.renewed_on, &prev.lapse) {
                        (None, None) => {
                            problem(
                                prev.row,
                                "renewed_on",
                                format!(
                                    "membership {id:?} has a later term (row {}) but this term was neither renewed nor lapsed: give renewed_on, or lapsed_on and reinstated_on",
                                    next.row
                                ),
                            );
                            ok = false;
                        }
                        (
                            _,
                            Some(Lapse {
                                lapsed_on,
                                reinstated_on: None,
                            }),
                        ) => {
                            problem(
                                prev.row,
                                "reinstated_on",
                                format!(
                                    "membership {id:?} lapsed on {lapsed_on} and has a later term (row {}), so it came back: reinstated_on is empty",
                                    next.row
                                ),
                            );
                            ok = false;
                        }
                        _ => {}
                    }
                }
                for t in &terms {
                    if t.account_id != terms[0].account_id {
                        problem(
                            t.row,
                            "account_id",
                            format!(
                                "membership {id:?} is on account {:?} in row {}",
                                terms[0].account_id, terms[0].row
                            ),
                        );
                        ok = false;
                    }
                }
                let joined: Vec<&Term> = terms.iter().filter(|t| t.joined_on.is_some()).collect();
                for t in &joined {
                    if t.joined_on != joined[0].joined_on {
                        problem(
                            t.row,
                            "joined_on",
                            format!(
                                "membership {id:?} joined on {} in row {}",
                                joined[0].joined_on.unwrap_or_default(),
                                joined[0].row
                            ),
                        );
                        ok = false;
                    }
                }
                if last.renewed_on.is_some() {
                    problem(
                        last.row,
                        "renewed_on",
                        format!(
                            "the latest term of membership {id:?} has a renewed_on date but no later term"
                        ),
                    );
                    ok = false;
                }
                if ok {
                    let (joined_on, joined_row) = match joined.first() {
                        Some(t) => (t.joined_on.unwrap_or(terms[0].term_start), t.row),
                        None => (terms[0].term_start, terms[0].row),
                    };
                    let mut rows = TermRows {
                        current: last.row,
                        renewals: Vec::new(),
                        lapses: Vec::new(),
                        joined: joined_row,
                    };
                    let mut renewals = Vec::new();
                    let mut lapses = Vec::new();
                    for (i, t) in terms.iter().enumerate() {
                        if i + 1 < terms.len()
                            && let Some(renewed_on) = t.renewed_on
                        {
                            renewals.push(Renewal {
                                term_start: t.term_start,
                                term_end: t.term_end,
                                renewed_on,
                                dues: t.dues.clone(),
                                paid_late: t.paid_late,
                            });
                            rows.renewals.push(t.row);
                        }
                        if let Some(lapse) = &t.lapse {
                            lapses.push(lapse.clone());
                            rows.lapses.push(t.row);
                        }
                    }
                    self.data.memberships.push(Membership {
                        id: id.as_str().into(),
                        account_id: last.account_id.as_str().into(),
                        tier: last.tier.clone(),
                        dues: last.dues.clone(),
                        joined_on,
                        term_start: last.term_start,
                        term_end: last.term_end,
                        renewals,
                        lapses,
                    });
                    self.sources.memberships.push(rows);
                    continue;
                }
            }
            self.skip(RecordKind::Membership, &id);
        }
    }

    /// Reps (when no reps file was given), divisions and teams the files name.
    fn organisation(&mut self) {
        let owners: Vec<Ownership> = self
            .data
            .accounts
            .iter()
            .flat_map(|a| a.owners().cloned())
            .collect();
        if !self.has(CrmFile::Reps) {
            let mut first_ownership: HashMap<&str, &Ownership> = HashMap::new();
            for o in &owners {
                first_ownership.entry(o.rep_id.as_str()).or_insert(o);
            }
            let mut named: Vec<&str> = Vec::new();
            let mut seen = HashSet::new();
            let ids = owners
                .iter()
                .map(|o| o.rep_id.as_str())
                .chain(
                    self.data
                        .opportunities
                        .iter()
                        .map(|o| o.owner_rep_id.as_str()),
                )
                .chain(self.data.activities.iter().map(|a| a.rep_id.as_str()));
            for id in ids {
                if seen.insert(id) {
                    named.push(id);
                }
            }
            let reps: Vec<Rep> = named
                .into_iter()
                .map(|id| {
                    let first = first_ownership.get(id);
                    Rep {
                        id: id.into(),
                        name: id.to_owned(),
                        role: first.map_or(crate::OwnerRole::Sales, |o| o.role),
                        division_id: first
                            .map_or_else(|| "unassigned".into(), |o| o.division_id.clone()),
                        team_id: None,
                        time_zone: "UTC".to_owned(),
                    }
                })
                .collect();
            self.data.reps = reps;
            let divisions: Vec<String> = self
                .data
                .reps
                .iter()
                .map(|r| r.division_id.as_str().to_owned())
                .collect();
            for d in &divisions {
                self.add_division(d, None);
            }
        }
        for o in &owners {
            self.add_division(o.division_id.as_str(), None);
        }
    }

    /// Whether `p` is a dangling reference to a record whose row was already reported.
    fn already_reported(&self, p: &Problem) -> bool {
        if p.kind != ProblemKind::DanglingReference {
            return false;
        }
        self.skipped_all
            .iter()
            .any(|kind| p.message.starts_with(&format!("no {kind} has id ")))
            || self.skipped.contains(&p.message)
    }

    /// The file, row and column a validation problem's path points at.
    fn locate(&self, p: &Problem) -> RowProblem {
        let fallback = || RowProblem {
            file: String::new(),
            row: 0,
            column: String::new(),
            problem: p.to_string(),
        };
        let Some((collection, index, field)) = split_path(&p.path) else {
            return fallback();
        };
        let currency = p.kind == ProblemKind::InvalidCurrency;
        let money = |column: &'static str| if currency { "currency" } else { column };
        let (file, row, column): (CrmFile, Option<u64>, &str) = match collection {
            "accounts" => (
                CrmFile::Accounts,
                self.sources.accounts.get(index).copied(),
                match field {
                    "id" => "account_id",
                    "primary_owner" | "primary_owner.rep_id" => "owner_rep_id",
                    "primary_owner.division_id" => "owner_division_id",
                    f if f.starts_with("co_owners") => "co_owners",
                    f => f,
                },
            ),
            "contacts" => (
                CrmFile::Contacts,
                self.sources.contacts.get(index).copied(),
                if field == "id" { "contact_id" } else { field },
            ),
            "opportunities" => (
                CrmFile::Opportunities,
                self.sources.opportunities.get(index).copied(),
                match field {
                    "id" => "opportunity_id",
                    "amount" => money("amount"),
                    f => f,
                },
            ),
            "activities" => (
                CrmFile::Activities,
                self.sources.activities.get(index).copied(),
                if field == "id" { "activity_id" } else { field },
            ),
            "reps" => (
                CrmFile::Reps,
                self.sources.reps.get(index).copied(),
                if field == "id" { "rep_id" } else { field },
            ),
            "memberships" => {
                let Some(m) = self.sources.memberships.get(index) else {
                    return fallback();
                };
                let (row, column) = match split_item(field) {
                    Some(("renewals", j, rest)) => (
                        m.renewals.get(j).copied(),
                        if rest == "dues" { money("dues") } else { rest },
                    ),
                    Some(("lapses", j, rest)) => (m.lapses.get(j).copied(), rest),
                    _ => match field {
                        "id" => (Some(m.current), "membership_id"),
                        "joined_on" => (Some(m.joined), "joined_on"),
                        "dues" => (Some(m.current), money("dues")),
                        f => (Some(m.current), f),
                    },
                };
                (CrmFile::Memberships, row, column)
            }
            _ => return fallback(),
        };
        let (Some(table), Some(row)) = (self.tables.get(&file), row) else {
            return fallback();
        };
        table.problem(row, &table.header(column, self.mapping), p.message.clone())
    }
}

/// `collection[index].field` (the field may be empty).
fn split_path(path: &str) -> Option<(&str, usize, &str)> {
    let (collection, rest) = path.split_once('[')?;
    let (index, rest) = rest.split_once(']')?;
    let field = rest.strip_prefix('.').unwrap_or(rest);
    Some((collection, index.parse().ok()?, field))
}

/// `list[j].field`.
fn split_item(field: &str) -> Option<(&str, usize, &str)> {
    split_path(field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_exactly() {
        assert_eq!(minor_units("1200"), Ok(120_000));
        assert_eq!(minor_units("1200.5"), Ok(120_050));
        assert_eq!(minor_units("-0.05"), Ok(-5));
        assert_eq!(minor_units("3.100"), Ok(310));
        for bad in [
            "",
            "-",
            ".5",
            "5.",
            "1,200.00",
            "$5",
            "1.234",
            "1e3",
            "92233720368547758.08",
        ] {
            assert!(minor_units(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn instants_need_t_and_an_offset() {
        assert_eq!(
            instant("2026-03-08T09:30:00.5-05:00").unwrap().to_rfc3339(),
            "2026-03-08T14:30:00.500+00:00"
        );
        for bad in [
            "2026-03-08 14:30:00Z",
            "2026-03-08T14:30:00",
            "2026-03-08T23:59:60Z",
            "x",
        ] {
            assert!(instant(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn birthdays_with_and_without_year() {
        assert_eq!(birthday("1980-02-29").unwrap().year, Some(1980));
        assert_eq!(birthday("--02-29").unwrap().day, 29);
        assert_eq!(birthday("12-31").unwrap().month, 12);
        assert!(birthday("1981-02-29").is_err());
        assert!(birthday("2-3").is_err());
    }

    #[test]
    fn dangling_messages_match_validation() {
        // `already_reported` relies on validation's wording of a dangling reference.
        let json = r#"{"schema_version": 1, "contacts": [{"id": "c", "account_id": "gone", "name": "x"}]}"#;
        let Err(Error::Validation { problems }) = Book::from_json(json) else {
            panic!("expected a validation error");
        };
        assert_eq!(
            problems[0].message,
            format!("no {} has id {:?}", RecordKind::Account, "gone")
        );
    }
}

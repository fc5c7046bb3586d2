//! The files of an export, the columns callwise reads from each, and the mapping from
//! callwise's column names to a CRM's headers.

use super::table::*;
use crate::Channel;
use crate::error::{Error, RecordKind, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt;

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

pub(super) const ACCOUNT_COLUMNS: &[&str] = &[
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
pub(super) const CONTACT_COLUMNS: &[&str] = &[
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
pub(super) const OPPORTUNITY_COLUMNS: &[&str] = &[
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
pub(super) const MEMBERSHIP_COLUMNS: &[&str] = &[
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
pub(super) const ACTIVITY_COLUMNS: &[&str] = &[
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
pub(super) const REP_COLUMNS: &[&str] = &[
    "rep_id",
    "name",
    "role",
    "division_id",
    "division_name",
    "team_id",
    "team_name",
    "time_zone",
];

pub(super) const CONSENT_COLUMNS: [(&str, Channel); 7] = [
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
            .ok_or_else(|| {
                Error::invalid_argument(
                    "file",
                    format!(
                        "{name:?} is not one of accounts, contacts, opportunities, memberships, \
                     activities, reps"
                    ),
                )
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
    pub(super) fn default_name(self) -> String {
        format!("{}.csv", self.as_str())
    }

    pub(super) fn id_column(self) -> &'static str {
        self.columns()[0]
    }

    pub(super) fn record_kind(self) -> RecordKind {
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
    #[serde(
        default,
        deserialize_with = "crate::book::unique_keys",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub accounts: BTreeMap<String, String>,
    /// Headers of the contacts file.
    #[serde(
        default,
        deserialize_with = "crate::book::unique_keys",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub contacts: BTreeMap<String, String>,
    /// Headers of the opportunities file.
    #[serde(
        default,
        deserialize_with = "crate::book::unique_keys",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub opportunities: BTreeMap<String, String>,
    /// Headers of the memberships file.
    #[serde(
        default,
        deserialize_with = "crate::book::unique_keys",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub memberships: BTreeMap<String, String>,
    /// Headers of the activities file.
    #[serde(
        default,
        deserialize_with = "crate::book::unique_keys",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub activities: BTreeMap<String, String>,
    /// Headers of the reps file.
    #[serde(
        default,
        deserialize_with = "crate::book::unique_keys",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
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
    /// (unknown files, and a column or file given twice, included) or the mapping does
    /// not pass [`ColumnMapping::check`].
    ///
    /// # Example
    /// ```
    /// use callwise::crm::ColumnMapping;
    /// assert_eq!(ColumnMapping::from_json("{}")?, ColumnMapping::default());
    /// assert!(ColumnMapping::from_json(r#"{"acounts": {}}"#).is_err());
    /// assert!(ColumnMapping::from_json(r#"{"accounts": {"acount_id": "Id"}}"#).is_err());
    /// // A column given twice is refused, not read as the last one given.
    /// let twice = ColumnMapping::from_json(r#"{"accounts": {"name": "Name", "name": "Title"}}"#);
    /// assert!(twice.unwrap_err().to_string().contains("the key \"name\" is given twice"));
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn from_json(json: &str) -> Result<Self> {
        let mapping: Self = serde_json::from_str(json).map_err(|err| {
            Error::invalid_argument("mapping", format!("not a column mapping: {err}"))
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
        let refuse = |reason: String| Error::invalid_argument("mapping", reason);
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
            && !crate::book::money::is_currency_code(code)
        {
            return Err(refuse(format!(
                "default_currency {code:?} is not an ISO 4217 code"
            )));
        }
        Ok(())
    }

    pub(super) fn file(&self, file: CrmFile) -> &BTreeMap<String, String> {
        match file {
            CrmFile::Accounts => &self.accounts,
            CrmFile::Contacts => &self.contacts,
            CrmFile::Opportunities => &self.opportunities,
            CrmFile::Memberships => &self.memberships,
            CrmFile::Activities => &self.activities,
            CrmFile::Reps => &self.reps,
        }
    }

    pub(super) fn file_mut(&mut self, file: CrmFile) -> &mut BTreeMap<String, String> {
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

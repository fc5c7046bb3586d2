//! The one error type of callwise, and the problems a validation reports.
//!
//! Messages name records by their id and path, never by personal data (names, phone
//! numbers, e-mail addresses), so an error can be logged as it is.

use serde::Serialize;
use std::fmt;

/// Everything that can go wrong in callwise.
///
/// Bindings map each variant onto their own error types (a `callwise.CallwiseError`
/// subclass in Python, a `CallwiseException` subclass in Kotlin) through one exhaustive
/// `match`, so a new variant is a compile error there until it is mapped. The enum is
/// therefore not `#[non_exhaustive]`: while the crate is 0.x a new variant is a
/// breaking change, which is what lets the compiler prove both maps complete.
///
/// # Example
/// ```
/// let err = callwise::Book::from_json("{").unwrap_err();
/// assert!(matches!(err, callwise::Error::Json { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The book broke one or more rules; every problem found is listed.
    #[error("the book is not valid: {} problem(s); first: {}", problems.len(), problems.first().map(|p| p.to_string()).unwrap_or_default())]
    Validation {
        /// Every problem found, in the order of the records.
        problems: Vec<Problem>,
    },
    /// The text is not JSON, or not JSON of the shape being read (a rule the value's
    /// constructor checks included).
    #[error("malformed {what} JSON at line {line}, column {column}: {message}")]
    Json {
        /// What was being read: `"book"`, `"calling rules"`, `"business calendar"`,
        /// `"playbook"`, `"routine"` or `"zone rotation"`.
        what: &'static str,
        /// What the parser objected to.
        message: String,
        /// 1-based line of the offending text (0 when unknown).
        line: u64,
        /// 1-based column of the offending text (0 when unknown).
        column: u64,
    },
    /// The book was written in a schema version this build does not read.
    #[error("unsupported schema_version {found}; this build reads version {supported}")]
    UnsupportedSchemaVersion {
        /// The version the book declares.
        found: u64,
        /// The version this build reads and writes.
        supported: u64,
    },
    /// No record of that kind has that id.
    #[error("no {kind} with id {id:?}")]
    NotFound {
        /// The kind of record looked for.
        kind: RecordKind,
        /// The id asked for.
        id: String,
    },
    /// An argument is outside what the function accepts.
    #[error("invalid argument `{name}`: {reason}")]
    InvalidArgument {
        /// The argument's name.
        name: &'static str,
        /// Why it was refused.
        reason: String,
    },
    /// A time zone name is not in the IANA database (and no fallback policy was chosen).
    #[error("unknown time zone {zone:?}")]
    UnknownTimeZone {
        /// The name given.
        zone: String,
    },
    /// A rule given as data (an RRULE, a holiday, a calling window, a cadence) is
    /// malformed or contradicts itself.
    #[error("invalid {what}: {reason}")]
    InvalidRule {
        /// What kind of rule, and which one where it has an id (`"RRULE"`,
        /// `"cadence \"welcome\" step \"call-2\""`).
        what: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A model's maximum-likelihood fit did not converge; the best point found is kept.
    #[error(
        "the {model} fit did not converge after {iterations} iterations (best log-likelihood {log_likelihood})"
    )]
    NotConverged {
        /// The model being fitted, for example `"BG/NBD"`.
        model: &'static str,
        /// The best parameters found, by the papers' names (for the renewal model: the
        /// intercept, then each feature), in the model's order.
        best: Vec<(String, f64)>,
        /// The log-likelihood at `best` (on the papers' scale: a plain sum over
        /// customers); −∞ where it cannot be computed there, never NaN.
        log_likelihood: f64,
        /// Iterations spent across every method tried.
        iterations: u64,
    },
    /// A CRM export has problems; every one found, in every file, is listed.
    #[error("the CRM export has {} problem(s); first: {}", problems.len(), problems.first().map(|p| p.to_string()).unwrap_or_default())]
    CrmExport {
        /// Every problem found, file by file, then row by row.
        problems: Vec<crate::crm::RowProblem>,
    },
    /// A file could not be read (it does not exist, or may not be read).
    #[error("cannot read {path:?}: {reason}")]
    FileRead {
        /// The path as given.
        path: String,
        /// What the operating system said.
        reason: String,
    },
    /// A file or stream could not be written (it cannot be created, the disk is full,
    /// the caller's writer refused bytes).
    #[error("cannot write {path:?}: {reason}")]
    FileWrite {
        /// The path as given (`"<stream>"` for a writer the caller passed).
        path: String,
        /// What the operating system or the writer said.
        reason: String,
    },
    /// The caller's check (see [`crate::interrupt`]) asked long work to stop.
    #[error("interrupted by the caller")]
    Interrupted,
    /// A store's file cannot be used: it does not exist (or already does, to create
    /// one), it is not a callwise store, it is damaged or truncated, it is open in
    /// another process, or it cannot be written.
    #[error("store {path:?} {reason}")]
    Store {
        /// The store's file, as given.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A store's file was written by a newer build (a schema version this build does
    /// not read).
    #[error(
        "store {path:?} has schema version {found}; this build reads versions up to {supported}"
    )]
    StoreVersion {
        /// The store's file, as given.
        path: String,
        /// The schema version of the file.
        found: u64,
        /// The newest version this build reads (and writes).
        supported: u64,
    },
    /// An event of a store's journal (appended, stored or merged in) does not read or
    /// does not apply to the book.
    #[error("store {path:?}: event {event} is invalid: {reason}")]
    InvalidEvent {
        /// The store's file (`"journal"` for entries replayed in memory).
        path: String,
        /// Which event: `device/sequence` (`tablet-7/42`), or `batch item N` (from 0)
        /// in a batch being appended.
        event: String,
        /// Why (ids, never personal data).
        reason: String,
    },
}

impl Error {
    /// An argument outside what a function accepts: [`Error::InvalidArgument`].
    ///
    /// # Example
    /// ```
    /// let err = callwise::Error::invalid_argument("lead_days", "must be at most 3660");
    /// assert_eq!(err.to_string(), "invalid argument `lead_days`: must be at most 3660");
    /// ```
    pub fn invalid_argument(name: &'static str, reason: impl Into<String>) -> Self {
        Self::InvalidArgument {
            name,
            reason: reason.into(),
        }
    }

    /// A rule given as data that is malformed or contradicts itself:
    /// [`Error::InvalidRule`].
    ///
    /// # Example
    /// ```
    /// let err = callwise::Error::invalid_rule("RRULE", "FREQ is missing");
    /// assert_eq!(err.to_string(), "invalid RRULE: FREQ is missing");
    /// ```
    pub fn invalid_rule(what: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::InvalidRule {
            what: what.into(),
            reason: reason.into(),
        }
    }

    /// No record of a kind with an id: [`Error::NotFound`].
    ///
    /// # Example
    /// ```
    /// let err = callwise::Error::not_found(callwise::RecordKind::Rep, "rep-9");
    /// assert_eq!(err.to_string(), "no rep with id \"rep-9\"");
    /// ```
    pub fn not_found(kind: RecordKind, id: impl Into<String>) -> Self {
        Self::NotFound {
            kind,
            id: id.into(),
        }
    }
}

/// The result type of callwise.
///
/// # Example
/// ```
/// fn load(json: &str) -> callwise::Result<callwise::Book> { callwise::Book::from_json(json) }
/// assert!(load("[]").is_err());
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The kinds of record a book holds.
///
/// # Example
/// ```
/// assert_eq!(callwise::RecordKind::Account.to_string(), "account");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // each variant is the record of the same name
pub enum RecordKind {
    Division,
    Team,
    Rep,
    Account,
    Contact,
    Opportunity,
    Membership,
    Activity,
    Campaign,
    Event,
    Task,
    Handoff,
}

impl RecordKind {
    /// The snake-case name used in messages and in bindings.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::RecordKind::Handoff.as_str(), "handoff");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Division => "division",
            Self::Team => "team",
            Self::Rep => "rep",
            Self::Account => "account",
            Self::Contact => "contact",
            Self::Opportunity => "opportunity",
            Self::Membership => "membership",
            Self::Activity => "activity",
            Self::Campaign => "campaign",
            Self::Event => "event",
            Self::Task => "task",
            Self::Handoff => "handoff",
        }
    }
}

impl RecordKind {
    /// The collection of the book's JSON that holds records of this kind.
    ///
    /// # Example
    /// ```
    /// use callwise::RecordKind;
    /// assert_eq!(RecordKind::Opportunity.collection(), "opportunities");
    /// assert_eq!(RecordKind::Activity.collection(), "activities");
    /// ```
    pub fn collection(self) -> &'static str {
        match self {
            Self::Division => "divisions",
            Self::Team => "teams",
            Self::Rep => "reps",
            Self::Account => "accounts",
            Self::Contact => "contacts",
            Self::Opportunity => "opportunities",
            Self::Membership => "memberships",
            Self::Activity => "activities",
            Self::Campaign => "campaigns",
            Self::Event => "events",
            Self::Task => "tasks",
            Self::Handoff => "handoffs",
        }
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of rule a problem breaks.
///
/// # Example
/// ```
/// assert_eq!(callwise::ProblemKind::DanglingReference.as_str(), "dangling_reference");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// Two records of one kind share an id.
    DuplicateId,
    /// An id is empty.
    EmptyId,
    /// A reference names a record the book does not hold.
    DanglingReference,
    /// An end (date or instant) comes before its start.
    EndBeforeStart,
    /// A time zone name is not in the IANA database.
    UnknownTimeZone,
    /// An amount of money that must not be negative is.
    NegativeAmount,
    /// A currency code is not three upper-case letters.
    InvalidCurrency,
    /// A number is NaN or infinite.
    NonFiniteNumber,
    /// A value is outside its range (a probability above 1, 30 February...).
    OutOfRange,
    /// Fields contradict each other (a won deal with no close date...).
    Inconsistent,
}

impl ProblemKind {
    /// The snake-case name used in messages and in bindings.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::ProblemKind::EndBeforeStart.as_str(), "end_before_start");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DuplicateId => "duplicate_id",
            Self::EmptyId => "empty_id",
            Self::DanglingReference => "dangling_reference",
            Self::EndBeforeStart => "end_before_start",
            Self::UnknownTimeZone => "unknown_time_zone",
            Self::NegativeAmount => "negative_amount",
            Self::InvalidCurrency => "invalid_currency",
            Self::NonFiniteNumber => "non_finite_number",
            Self::OutOfRange => "out_of_range",
            Self::Inconsistent => "inconsistent",
        }
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a problem is in a book: a record, and a field of it.
///
/// [`Location::path`] writes it as a path in the book's JSON
/// (`memberships[0].lapses[1].reinstated_on`); programs read the parts.
///
/// # Example
/// ```
/// use callwise::{Location, RecordKind};
/// let at = Location { record: RecordKind::Membership, index: 0, item: Some(("lapses", 1)), field: "reinstated_on" };
/// assert_eq!(at.field_path(), "lapses[1].reinstated_on");
/// assert_eq!(at.path(), "memberships[0].lapses[1].reinstated_on");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Location {
    /// The kind of record the value is in (its collection is
    /// [`RecordKind::collection`]).
    pub record: RecordKind,
    /// The record's position in its collection, from 0.
    pub index: usize,
    /// The list inside the record that holds the value, and the item's position in it
    /// from 0 (`("renewals", 2)`), when the value is in an item of a list.
    pub item: Option<(&'static str, usize)>,
    /// The field (of the item, when there is one): `time_zone`,
    /// `primary_owner.rep_id`; empty when the problem is the whole record or item.
    pub field: &'static str,
}

impl Location {
    /// The field's path inside its record: `time_zone`, `lapses[1].reinstated_on`,
    /// `co_owners[0]`; empty for the whole record.
    ///
    /// # Example
    /// See [`Location`].
    pub fn field_path(&self) -> String {
        match (self.item, self.field) {
            (None, field) => field.to_owned(),
            (Some((list, j)), "") => format!("{list}[{j}]"),
            (Some((list, j)), field) => format!("{list}[{j}].{field}"),
        }
    }

    /// The path in the book's JSON: `accounts[3].time_zone`.
    ///
    /// # Example
    /// See [`Location`].
    pub fn path(&self) -> String {
        let record = format!("{}[{}]", self.record.collection(), self.index);
        match self.field_path() {
            field if field.is_empty() => record,
            field => format!("{record}.{field}"),
        }
    }
}

/// The record a reference names: its kind and id.
///
/// # Example
/// ```
/// let r = callwise::Reference { kind: callwise::RecordKind::Rep, id: "rep-9".into() };
/// assert_eq!(r.to_string(), "rep \"rep-9\"");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Reference {
    /// The kind of record named.
    pub kind: RecordKind,
    /// The id named.
    pub id: String,
}

impl fmt::Display for Reference {
    /// `kind "id"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?}", self.kind, self.id)
    }
}

/// One broken rule in a book: where, which record, what.
///
/// `location` says where the value is (record kind, position, field), and
/// [`Problem::path`] writes it as a path in the book's JSON (`accounts[3].time_zone`);
/// `record_id` is the id of the record it is in, when that record has one; a dangling
/// reference also names the record it refers to, which the book does not hold.
///
/// # Example
/// ```
/// use callwise::{ProblemKind, RecordKind, Reference};
/// let json = r#"{"schema_version": 1, "accounts": [], "contacts": [
///     {"id": "c-1", "account_id": "nowhere", "name": "x"}]}"#;
/// match callwise::Book::from_json(json) {
///     Err(callwise::Error::Validation { problems }) => {
///         let p = &problems[0];
///         assert_eq!(p.path(), "contacts[0].account_id");
///         assert_eq!((p.location.record, p.location.index, p.location.field), (RecordKind::Contact, 0, "account_id"));
///         assert_eq!(p.kind, ProblemKind::DanglingReference);
///         assert_eq!(p.record_id.as_deref(), Some("c-1"));
///         assert_eq!(p.reference, Some(Reference { kind: RecordKind::Account, id: "nowhere".into() }));
///     }
///     other => panic!("{other:?}"),
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Problem {
    /// Where in the book the offending value is.
    pub location: Location,
    /// The id of the record the value is in, if it has one.
    pub record_id: Option<String>,
    /// Which rule is broken.
    pub kind: ProblemKind,
    /// A sentence saying what is wrong (ids and values, no personal data).
    pub message: String,
    /// For a [`ProblemKind::DanglingReference`]: the record the value names, which the
    /// book does not hold.
    pub reference: Option<Reference>,
}

impl Problem {
    /// Where the offending value is, as a path in the book's JSON
    /// (`memberships[0].lapses[0].reinstated_on`): [`Location::path`].
    ///
    /// # Example
    /// See [`Problem`].
    pub fn path(&self) -> String {
        self.location.path()
    }
}

impl fmt::Display for Problem {
    /// `path [kind]: message`, one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]: {}", self.path(), self.kind, self.message)
    }
}

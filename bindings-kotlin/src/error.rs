//! The public error of the Kotlin binding, and its one mapping from core's error.
//!
//! UniFFI turns [`CallwiseError`] into `sealed class CallwiseException` in Kotlin, with
//! one subclass per variant (`CallwiseException.Validation`, `CallwiseException.Json`,
//! ...), so callers can tell one failure from another with a `when` and read its typed
//! fields.
//!
//! Every variant carries core's own message, `text` (the `Display` of `callwise::Error`,
//! which names records by id and path, never by personal data), and the exception's
//! `toString()` is that text, so stack traces and loggers print core's words: the
//! binding never composes a message of its own. UniFFI 0.32 writes a rich error's Kotlin
//! `message` itself, as a list of its fields (`ErrorTemplate.kt`; mozilla/uniffi-rs#1077
//! is open), and a field may not be called `message` (mozilla/uniffi-rs#1434): exporting
//! `Display` is what UniFFI offers instead (since 0.30), and `text` holds it as data.

use crate::retention::Parameter;

/// Everything a call into callwise can fail with, as seen from Kotlin.
///
/// Built from core's `callwise::Error` by the one exhaustive `From` conversion below: a
/// variant added to core does not compile here until it is mapped. It cannot be core's
/// enum itself: core's holds `&'static str`s and `(String, f64)` tuples, which UniFFI
/// does not carry, and its problems have no one-line text.
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
#[uniffi::export(Display)]
pub enum CallwiseError {
    /// The book broke one or more rules; every problem found is listed.
    #[error("{text}")]
    Validation {
        /// Every problem found, in the order of the records.
        problems: Vec<Problem>,
        /// Core's message.
        text: String,
    },
    /// The text is not JSON, or not JSON of the shape being read.
    #[error("{text}")]
    Json {
        /// What was being read (`"book"`, `"calling rules"`, `"business calendar"`,
        /// `"playbook"`, `"routine"`, `"zone rotation"`).
        what: String,
        /// What the parser objected to.
        reason: String,
        /// 1-based line of the offending text (0 when unknown).
        line: u64,
        /// 1-based column of the offending text (0 when unknown).
        column: u64,
        /// Core's message.
        text: String,
    },
    /// The book was written in a schema version this build does not read.
    #[error("{text}")]
    UnsupportedSchemaVersion {
        /// The version the book declares.
        found: u64,
        /// The version this build reads and writes.
        supported: u64,
        /// Core's message.
        text: String,
    },
    /// No record of that kind has that id.
    #[error("{text}")]
    NotFound {
        /// The kind of record looked for, in snake case (`"contact"`, `"account"`, ...).
        kind: String,
        /// The id asked for.
        id: String,
        /// Core's message.
        text: String,
    },
    /// An argument is outside what the function accepts.
    #[error("{text}")]
    InvalidArgument {
        /// The argument's name, as core spells it (snake case); for a value UniFFI reads
        /// before the call (an instant, a date, a clock time), its kind (`"instant"`).
        name: String,
        /// Why it was refused.
        reason: String,
        /// Core's message.
        text: String,
    },
    /// A time zone name is not in the IANA database (and no fallback policy was chosen).
    #[error("{text}")]
    UnknownTimeZone {
        /// The name given.
        zone: String,
        /// Core's message.
        text: String,
    },
    /// A rule given as data (a holiday, a calling window, a cadence, a wait...) is
    /// malformed or contradicts itself.
    #[error("{text}")]
    InvalidRule {
        /// What kind of rule, and which one where it has an id (`"calling window"`,
        /// `"cadence \"welcome\" step \"call-2\""`).
        what: String,
        /// What is wrong with it.
        reason: String,
        /// Core's message.
        text: String,
    },
    /// A model's maximum-likelihood fit did not converge; the best point found is kept.
    #[error("{text}")]
    NotConverged {
        /// The model being fitted, as core names it (`"BG/NBD"`, `"Pareto/NBD"`, ...).
        model: String,
        /// The best parameters found, by the papers' names, in the model's order.
        best: Vec<Parameter>,
        /// The log-likelihood at `best` (on the papers' scale: a plain sum over
        /// customers).
        log_likelihood: f64,
        /// Iterations spent across every method tried.
        iterations: u64,
        /// Core's message.
        text: String,
    },
    /// A CRM export has problems; every one found, in every file, is listed.
    #[error("{text}")]
    CrmExport {
        /// Every problem found, file by file, then row by row.
        problems: Vec<RowProblem>,
        /// Core's message.
        text: String,
    },
    /// A file could not be read (it does not exist, or may not be read).
    #[error("{text}")]
    FileRead {
        /// The path as given.
        path: String,
        /// What the operating system said.
        reason: String,
        /// Core's message.
        text: String,
    },
    /// A file could not be written (it cannot be created, the disk is full).
    #[error("{text}")]
    FileWrite {
        /// The path as given.
        path: String,
        /// What the operating system said.
        reason: String,
        /// Core's message.
        text: String,
    },
    /// The caller asked long work to stop.
    #[error("{text}")]
    Interrupted {
        /// Core's message.
        text: String,
    },
    /// A store's file cannot be used: it does not exist (or already does, to create
    /// one), it is not a callwise store, it is damaged or truncated, it is open in
    /// another process, or it cannot be written.
    #[error("{text}")]
    Store {
        /// The store's file, as given.
        path: String,
        /// What is wrong with it.
        reason: String,
        /// Core's message.
        text: String,
    },
    /// A store's file was written by a newer build.
    #[error("{text}")]
    StoreVersion {
        /// The store's file, as given.
        path: String,
        /// The schema version of the file.
        found: u64,
        /// The newest version this build reads.
        supported: u64,
        /// Core's message.
        text: String,
    },
    /// An event of a store's journal (appended, stored or merged in) does not read or
    /// does not apply to the book.
    #[error("{text}")]
    InvalidEvent {
        /// The store's file.
        path: String,
        /// Which event: `device/sequence`, or `batch item N` (from 0) in a batch being
        /// appended.
        event: String,
        /// Why.
        reason: String,
        /// Core's message.
        text: String,
    },
}

/// One broken rule in a book: where, which record, what (core's `callwise::Problem`,
/// with its one-line text, which Kotlin could only get by re-implementing core's format).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Problem {
    /// Where in the book's JSON the offending value is (`accounts[3].time_zone`),
    /// written from `recordKind`, `index`, `item` and `field`.
    pub path: String,
    /// The kind of record the value is in, in snake case (`"membership"`, ...).
    pub record_kind: String,
    /// The record's position in its collection, from 0.
    pub index: u64,
    /// The list inside the record holding the value, and the item's position, when
    /// the value is in a list item (`lapses`, 0).
    pub item: Option<ProblemItem>,
    /// The field (of the item, when there is one); empty when the problem is the whole
    /// record or item.
    pub field: String,
    /// For a dangling reference: the record it names, which the book does not hold.
    pub reference: Option<ProblemReference>,
    /// The id of the record the value is in, if it has one.
    pub record_id: Option<String>,
    /// Which rule is broken, in snake case (`"dangling_reference"`, ...).
    pub kind: String,
    /// A sentence saying what is wrong (ids and values, no personal data).
    pub message: String,
    /// The whole problem on one line, exactly as core prints it: `path [kind]: message`.
    pub text: String,
}

/// An item of a list inside a record (`renewals`, `lapses`, `co_owners`, `responses`,
/// `attendees`) and its position, from 0.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ProblemItem {
    /// The list's field name.
    pub list: String,
    /// The item's position in the list, from 0.
    pub index: u64,
}

/// The record a dangling reference names: its kind (snake case) and id.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ProblemReference {
    /// The kind of record named (`"account"`, ...).
    pub kind: String,
    /// The id named.
    pub id: String,
}

/// One problem in a CRM export: which file, row and column, and what is wrong (core's
/// `callwise::crm::RowProblem`, with its one-line text).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RowProblem {
    /// The file: its file name, or `accounts.csv` and so on for text given in memory.
    pub file: String,
    /// The row, counting the header as row 1, as a spreadsheet shows it (0 when no row
    /// can be named).
    pub row: u64,
    /// The column's header as written in the file; empty for a whole-row problem.
    pub column: String,
    /// What is wrong (ids, columns and values of dates, codes and numbers; no personal
    /// data).
    pub problem: String,
    /// The whole problem on one line, exactly as core prints it:
    /// `file row N, column "header": problem`.
    pub text: String,
}

impl From<callwise::crm::RowProblem> for RowProblem {
    fn from(problem: callwise::crm::RowProblem) -> Self {
        let text = problem.to_string();
        Self {
            file: problem.file,
            row: problem.row,
            column: problem.column,
            problem: problem.problem,
            text,
        }
    }
}

impl From<callwise::Problem> for Problem {
    fn from(problem: callwise::Problem) -> Self {
        let text = problem.to_string();
        let at = &problem.location;
        Self {
            path: problem.path(),
            record_kind: at.record.as_str().to_owned(),
            index: at.index as u64,
            item: at.item.map(|(list, index)| ProblemItem {
                list: list.to_owned(),
                index: index as u64,
            }),
            field: at.field.to_owned(),
            reference: problem.reference.map(|r| ProblemReference {
                kind: r.kind.as_str().to_owned(),
                id: r.id,
            }),
            record_id: problem.record_id,
            kind: problem.kind.as_str().to_owned(),
            message: problem.message,
            text,
        }
    }
}

impl From<callwise::Error> for CallwiseError {
    fn from(err: callwise::Error) -> Self {
        use callwise::Error as E;
        let text = err.to_string();
        match err {
            E::Validation { problems } => Self::Validation {
                problems: problems.into_iter().map(Problem::from).collect(),
                text,
            },
            E::Json {
                what,
                message,
                line,
                column,
            } => Self::Json {
                what: what.to_owned(),
                reason: message,
                line,
                column,
                text,
            },
            E::UnsupportedSchemaVersion { found, supported } => Self::UnsupportedSchemaVersion {
                found,
                supported,
                text,
            },
            E::NotFound { kind, id } => Self::NotFound {
                kind: kind.as_str().to_owned(),
                id,
                text,
            },
            E::InvalidArgument { name, reason } => Self::InvalidArgument {
                name: name.to_owned(),
                reason,
                text,
            },
            E::UnknownTimeZone { zone } => Self::UnknownTimeZone { zone, text },
            E::InvalidRule { what, reason } => Self::InvalidRule { what, reason, text },
            E::NotConverged {
                model,
                best,
                log_likelihood,
                iterations,
            } => Self::NotConverged {
                model: model.to_owned(),
                best: best
                    .into_iter()
                    .map(|(name, value)| Parameter { name, value })
                    .collect(),
                log_likelihood,
                iterations,
                text,
            },
            E::CrmExport { problems } => Self::CrmExport {
                problems: problems.into_iter().map(RowProblem::from).collect(),
                text,
            },
            E::FileRead { path, reason } => Self::FileRead { path, reason, text },
            E::FileWrite { path, reason } => Self::FileWrite { path, reason, text },
            E::Interrupted => Self::Interrupted { text },
            E::Store { path, reason } => Self::Store { path, reason, text },
            E::StoreVersion {
                path,
                found,
                supported,
            } => Self::StoreVersion {
                path,
                found,
                supported,
                text,
            },
            E::InvalidEvent {
                path,
                event,
                reason,
            } => Self::InvalidEvent {
                path,
                event,
                reason,
                text,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One core error of every variant, as the binding maps it.
    fn every_variant() -> Vec<callwise::Error> {
        let problems = match callwise::Book::from_json(
            r#"{"schema_version": 1, "contacts": [{"id": "c-1", "account_id": "x", "name": "n"}]}"#,
        ) {
            Err(callwise::Error::Validation { problems }) => problems,
            other => panic!("{other:?}"),
        };
        vec![
            callwise::Error::Validation { problems },
            callwise::Book::from_json("{").unwrap_err(),
            callwise::Book::from_json(r#"{"schema_version": 99}"#).unwrap_err(),
            callwise::Error::not_found(callwise::RecordKind::Contact, "c-9"),
            callwise::Error::invalid_argument("lead_days", "must be at most 3660"),
            callwise::time::parse_time_zone("Mars/Base").unwrap_err(),
            callwise::Error::invalid_rule("RRULE", "FREQ is missing"),
            callwise::Error::FileWrite {
                path: "/full/book.json".to_owned(),
                reason: "No space left on device".to_owned(),
            },
            callwise::Error::NotConverged {
                model: "sBG",
                best: vec![("alpha".to_owned(), 0.5), ("beta".to_owned(), 2.0)],
                log_likelihood: -10.5,
                iterations: 7,
            },
            callwise::Error::CrmExport {
                problems: vec![callwise::crm::RowProblem {
                    file: "accounts.csv".to_owned(),
                    row: 4,
                    column: "Time Zone".to_owned(),
                    problem: "unknown time zone".to_owned(),
                }],
            },
            callwise::Error::FileRead {
                path: "/nope".to_owned(),
                reason: "not found".to_owned(),
            },
            callwise::Error::Interrupted,
            callwise::Error::Store {
                path: "/data/book.db".to_owned(),
                reason: "is damaged".to_owned(),
            },
            callwise::Error::StoreVersion {
                path: "/data/book.db".to_owned(),
                found: 9,
                supported: 2,
            },
            callwise::Error::InvalidEvent {
                path: "/data/book.db".to_owned(),
                event: "tablet-7/42".to_owned(),
                reason: "no contact \"c-9\"".to_owned(),
            },
        ]
    }

    #[test]
    fn every_variant_carries_core_text_as_its_display() {
        for core in every_variant() {
            let text = core.to_string();
            let ours = CallwiseError::from(core);
            assert_eq!(ours.to_string(), text, "{ours:?}");
        }
    }

    #[test]
    fn typed_fields_are_core_fields() {
        let [
            validation,
            json,
            ..,
            not_converged,
            crm,
            _,
            _,
            _,
            _,
            invalid_event,
        ] = &every_variant()
            .into_iter()
            .map(CallwiseError::from)
            .collect::<Vec<_>>()[..]
        else {
            panic!("fifteen variants")
        };
        match validation {
            CallwiseError::Validation { problems, .. } => {
                assert_eq!(problems[0].kind, "dangling_reference");
                assert_eq!(problems[0].record_id.as_deref(), Some("c-1"));
                assert!(problems[0].text.starts_with("contacts[0].account_id ["));
                assert_eq!(
                    (
                        problems[0].record_kind.as_str(),
                        problems[0].index,
                        problems[0].field.as_str()
                    ),
                    ("contact", 0, "account_id")
                );
                assert_eq!(
                    problems[0].reference,
                    Some(ProblemReference {
                        kind: "account".to_owned(),
                        id: "x".to_owned()
                    })
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(json, CallwiseError::Json { line: 1, .. }),
            "{json:?}"
        );
        match not_converged {
            CallwiseError::NotConverged { best, .. } => {
                let names: Vec<_> = best.iter().map(|p| p.name.as_str()).collect();
                assert_eq!(names, ["alpha", "beta"]);
            }
            other => panic!("{other:?}"),
        }
        match crm {
            CallwiseError::CrmExport { problems, .. } => assert_eq!(
                problems[0].text,
                "accounts.csv row 4, column \"Time Zone\": unknown time zone"
            ),
            other => panic!("{other:?}"),
        }
        match invalid_event {
            CallwiseError::InvalidEvent { path, event, .. } => {
                assert_eq!(
                    (path.as_str(), event.as_str()),
                    ("/data/book.db", "tablet-7/42")
                )
            }
            other => panic!("{other:?}"),
        }
    }
}

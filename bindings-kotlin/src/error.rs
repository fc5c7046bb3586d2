//! The public error of the Kotlin binding, and its one mapping from core's error.
//!
//! UniFFI turns [`CallwiseError`] into `sealed class CallwiseException` in Kotlin, with
//! one subclass per variant (`CallwiseException.Validation`, `CallwiseException.Json`,
//! ...), so callers can tell one failure from another with a `when`.
//!
//! Messages come from core, which names records by id and path, never by personal data.
//!
//! No field is called `message`: Kotlin's `Throwable.message` would clash with it (see
//! mozilla/uniffi-rs#1434), so free text travels as `reason`.

use crate::retention::Parameter;

/// Everything a call into callwise can fail with, as seen from Kotlin.
///
/// Built from core's `callwise::Error` by the one exhaustive `From` conversion below: a
/// variant added to core does not compile here until it is mapped.
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum CallwiseError {
    /// The book broke one or more rules; every problem found is listed.
    #[error("{summary}")]
    Validation {
        /// Every problem found, in the order of the records.
        problems: Vec<Problem>,
        /// Core's one-line description of the whole failure.
        summary: String,
    },
    /// The text is not JSON, or not JSON of the shape being read.
    #[error("malformed {what} JSON at line {line}, column {column}: {reason}")]
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
        /// The kind of record looked for, in snake case (`"contact"`, `"account"`, ...).
        kind: String,
        /// The id asked for.
        id: String,
    },
    /// An argument is outside what the function accepts.
    #[error("invalid argument `{name}`: {reason}")]
    InvalidArgument {
        /// The argument's name, as core spells it (snake case).
        name: String,
        /// Why it was refused.
        reason: String,
    },
    /// A time zone name is not in the IANA database (and no fallback policy was chosen).
    #[error("unknown time zone {zone:?}")]
    UnknownTimeZone {
        /// The name given.
        zone: String,
    },
    /// A rule given as data (a holiday, a calling window, a cadence, a wait...) is
    /// malformed or contradicts itself.
    #[error("invalid {what}: {reason}")]
    InvalidRule {
        /// What kind of rule, and which one where it has an id (`"calling window"`,
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
        /// The model being fitted, as core names it (`"BG/NBD"`, `"Pareto/NBD"`, ...).
        model: String,
        /// The best parameters found, by the papers' names, in the model's order.
        best: Vec<Parameter>,
        /// The log-likelihood at `best` (on the papers' scale: a plain sum over
        /// customers).
        log_likelihood: f64,
        /// Iterations spent across every method tried.
        iterations: u64,
    },
    /// A CRM export has problems; every one found, in every file, is listed.
    #[error("{summary}")]
    CrmExport {
        /// Every problem found, file by file, then row by row.
        problems: Vec<RowProblem>,
        /// Core's one-line description of the whole failure.
        summary: String,
    },
    /// A file could not be read (it does not exist, or may not be read).
    #[error("cannot read {path:?}: {reason}")]
    FileRead {
        /// The path as given.
        path: String,
        /// What the operating system said.
        reason: String,
    },
    /// The caller asked long work to stop.
    #[error("interrupted by the caller")]
    Interrupted,
}

/// One broken rule in a book: where, which record, what.
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

/// One problem in a CRM export: which file, row and column, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RowProblem {
    /// The file: its file name, or `accounts.csv` and so on for text given in memory.
    pub file: String,
    /// The row, counting the header as row 1, as a spreadsheet shows it (0 when no row
    /// can be named).
    pub row: i64,
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
            row: i64::try_from(problem.row).unwrap_or(i64::MAX),
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
        let summary = err.to_string();
        match err {
            callwise::Error::Validation { problems } => Self::Validation {
                problems: problems.into_iter().map(Problem::from).collect(),
                summary,
            },
            callwise::Error::Json {
                what,
                message,
                line,
                column,
            } => Self::Json {
                what: what.to_owned(),
                reason: message,
                line,
                column,
            },
            callwise::Error::UnsupportedSchemaVersion { found, supported } => {
                Self::UnsupportedSchemaVersion { found, supported }
            }
            callwise::Error::NotFound { kind, id } => Self::NotFound {
                kind: kind.as_str().to_owned(),
                id,
            },
            callwise::Error::InvalidArgument { name, reason } => Self::InvalidArgument {
                name: name.to_owned(),
                reason,
            },
            callwise::Error::UnknownTimeZone { zone } => Self::UnknownTimeZone { zone },
            callwise::Error::InvalidRule { what, reason } => Self::InvalidRule { what, reason },
            callwise::Error::NotConverged {
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
            },
            callwise::Error::CrmExport { problems } => Self::CrmExport {
                problems: problems.into_iter().map(RowProblem::from).collect(),
                summary,
            },
            callwise::Error::FileRead { path, reason } => Self::FileRead { path, reason },
            callwise::Error::Interrupted => Self::Interrupted,
        }
    }
}

/// The reason of an `InvalidArgument` naming `name`; any other answer fails the test.
#[cfg(test)]
#[track_caller]
pub(crate) fn invalid_reason<T>(result: Result<T, CallwiseError>, name: &str) -> String {
    match result {
        Err(CallwiseError::InvalidArgument { name: got, reason }) if got == name => reason,
        other => panic!("expected InvalidArgument `{name}`, got {:?}", other.err()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_error_keeps_position() {
        let err = CallwiseError::from(callwise::Book::from_json("{").unwrap_err());
        assert!(
            matches!(err, CallwiseError::Json { line: 1, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn unknown_zone_and_invalid_rule_keep_their_fields() {
        let err = CallwiseError::from(callwise::time::parse_time_zone("Mars/Base").unwrap_err());
        assert_eq!(
            err,
            CallwiseError::UnknownTimeZone {
                zone: "Mars/Base".to_owned()
            }
        );
        let core = callwise::LocalWindow::parse("21:00", "08:00").unwrap_err();
        let text = core.to_string();
        let err = CallwiseError::from(core);
        assert!(
            matches!(&err, CallwiseError::InvalidRule { what, .. } if what == "calling window"),
            "{err:?}"
        );
        assert_eq!(err.to_string(), text);
    }

    #[test]
    fn validation_carries_core_text() {
        let json = r#"{"schema_version": 1, "contacts": [
            {"id": "c-1", "account_id": "nowhere", "name": "x"}]}"#;
        let core = callwise::Book::from_json(json).unwrap_err();
        let summary = core.to_string();
        match CallwiseError::from(core) {
            CallwiseError::Validation {
                problems,
                summary: s,
            } => {
                assert_eq!(s, summary);
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
                        id: "nowhere".to_owned()
                    })
                );
            }
            other => panic!("{other:?}"),
        }
    }
}

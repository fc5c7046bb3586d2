//! The Python binding of callwise: the private extension module `callwise._core`.
//!
//! Users import the public package `callwise`, whose `__init__.py` re-exports what is
//! meant to be seen. This crate holds no domain logic: it wraps the core's types in
//! Python classes, converts arguments and results, and maps [`callwise::Error`] onto
//! the exception classes of `callwise._errors` in one `match` ([`errors::to_py_err`]).
//!
//! Records other than contacts reach Python as plain dicts in exactly the book's JSON
//! shape: the core's serde form, parsed by `json.loads` ([`records`]). So do a contact's
//! phones, e-mails and consent.
//!
//! The long-running calls (reading and writing JSON, generating a sample book,
//! summarising, collecting and serialising the records of an index look-up, fitting and
//! scoring retention models, summarising transaction logs) release the GIL, so other
//! Python threads run meanwhile.
//!
//! Calling rules ([`calling`]), business calendars ([`calendar`]) and cadences
//! ([`cadence`]) take instants as aware `datetime`s in any zone and give them back in
//! UTC ([`times`]); a naive `datetime` is refused.
//!
//! Routines ([`routine`]) take a first start as a naive wall-clock `datetime` in the
//! routine's own zone (an aware one is refused) and expand into blocks as dicts.
//!
//! The retention models ([`retention`]) read columns through numpy ([`columns`]): numpy
//! arrays, pandas and polars Series and pyarrow arrays alike, and give numpy arrays.
#![deny(missing_docs)]

/// The allocator of everything the extension allocates in Rust: mimalloc (see the
/// workspace's `Cargo.toml`, and DESIGN.md "The bindings' allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod args;
mod book;
mod cadence;
mod calendar;
mod call_list;
mod calling;
mod columns;
mod contact;
mod crm;
mod errors;
mod records;
mod retention;
mod routine;
mod store;
mod team;
mod times;

use pyo3::prelude::*;

use pyo3::types::PyDate;

use crate::args::{IntArg, date_arg};
use crate::book::Book;
use crate::contact::Contact;
use crate::errors::{Problem, detach};

/// A deterministic, realistic sample book of business.
///
/// The same `seed`, `members`, `activities` and `as_of` give the same book, byte for
/// byte, in every language binding. `members` is the number of member accounts;
/// prospects, customers and partners are added in proportion. `activities` is about how
/// many activities in all (None: the sample's natural rate, about six an account).
/// `as_of` (a `datetime.date`) is the day the book
/// is "as of": its history lies before that day, renewals and open tasks around it.
/// Each argument left out (or None) is the core's default sample: seed 7, 1,000
/// members, as of 1 November 2026.
///
/// Raises `InvalidArgumentError` when `seed` is negative or above 2**64 - 1, when
/// `members` is negative or above `MAX_SAMPLE_MEMBERS` (one million), when
/// `activities` is negative or above `MAX_SAMPLE_ACTIVITIES` (fifty million), or
/// when `as_of` is outside the years 1900 to 9999. Raises `TypeError` when `as_of` is a
/// `datetime.datetime`: the book is as of a day, so pass `moment.date()` (the binding
/// never drops a time of day or a time zone silently).
///
/// >>> import callwise, datetime
/// >>> book = callwise.sample_book(seed=7, members=40)
/// >>> book.summary()["accounts_by_kind"]["member"]
/// 40
/// >>> busy = callwise.sample_book(seed=7, members=40, activities=4000)
/// >>> 3000 < busy.summary()["activities"] < 5000
/// True
/// >>> older = callwise.sample_book(seed=7, members=40, as_of=datetime.date(2020, 3, 15))
/// >>> older.summary()["last_activity_at"] < "2020-03-15T10:00:00Z"  # 15 March, Hawaii
/// True
/// >>> callwise.sample_book(members=5, as_of=datetime.date(1800, 1, 1))
/// Traceback (most recent call last):
///     ...
/// callwise._errors.InvalidArgumentError: invalid argument `as_of`: 1800-01-01 is outside the years 1900 to 9999
#[pyfunction]
#[pyo3(signature = (*, seed = None, members = None, activities = None, as_of = None))]
fn sample_book(
    py: Python<'_>,
    seed: Option<IntArg>,
    members: Option<IntArg>,
    activities: Option<IntArg>,
    as_of: Option<Bound<'_, PyDate>>,
) -> PyResult<Book> {
    let mut config = callwise::SampleConfig::default();
    if let Some(seed) = seed {
        config.seed = seed.convert(py, "seed", u64::MAX)?;
    }
    if let Some(members) = members {
        config.members = members.convert(py, "members", callwise::MAX_SAMPLE_MEMBERS)?;
    }
    if let Some(activities) = activities {
        config.activities =
            Some(activities.convert(py, "activities", callwise::MAX_SAMPLE_ACTIVITIES)?);
    }
    if let Some(as_of) = as_of {
        config.as_of = date_arg(&as_of, "as_of")?;
    }
    detach(py, || callwise::sample_book(&config)).map(Book::from)
}

/// The compiled core of callwise. Import the public package `callwise` instead.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("SCHEMA_VERSION", callwise::SCHEMA_VERSION)?;
    m.add("MAX_SAMPLE_MEMBERS", callwise::MAX_SAMPLE_MEMBERS)?;
    m.add("MAX_SAMPLE_ACTIVITIES", callwise::MAX_SAMPLE_ACTIVITIES)?;
    m.add_class::<Book>()?;
    m.add(
        "STORE_SCHEMA_VERSION",
        callwise::store::STORE_SCHEMA_VERSION,
    )?;
    m.add_class::<store::Store>()?;
    m.add_class::<Contact>()?;
    m.add_class::<Problem>()?;
    m.add_function(wrap_pyfunction!(sample_book, m)?)?;
    m.add_class::<calendar::BusinessCalendar>()?;
    m.add_class::<calling::CallingRules>()?;
    m.add_class::<calling::Verdict>()?;
    m.add_class::<cadence::Playbook>()?;
    m.add_class::<cadence::EnrollmentState>()?;
    m.add_function(wrap_pyfunction!(cadence::enrollment_for_contact, m)?)?;
    call_list::register(m)?;
    retention::register(m)?;
    routine::register(m)?;
    crm::register(m)?;
    team::register(m)?;
    Ok(())
}

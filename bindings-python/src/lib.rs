//! The Python binding of callwise: the private extension module `callwise._core`.
//!
//! Users import the public package `callwise`, whose `__init__.py` re-exports what is
//! meant to be seen. This crate holds no domain logic: it wraps the core's types in
//! Python classes, converts arguments and results, and maps [`callwise::Error`] onto
//! the exception classes of `callwise._errors` in one `match` ([`errors::to_py_err`]).
//!
//! Records other than contacts reach Python as plain dicts in exactly the book's JSON
//! shape: the core's serde form, parsed by `json.loads` ([`records`]).
//!
//! The long-running calls (reading and writing JSON, generating a sample book,
//! summarising, collecting and serialising the records of an index look-up) release the
//! GIL, so other Python threads run meanwhile.
#![deny(missing_docs)]

mod args;
mod book;
mod contact;
mod errors;
mod records;

use pyo3::prelude::*;

use crate::args::IntArg;
use crate::book::Book;
use crate::contact::Contact;
use crate::errors::{Problem, to_py_err};

/// A deterministic, realistic sample book of business.
///
/// The same `seed` and `members` give the same book, byte for byte, in every language
/// binding. `members` is the number of member accounts; prospects, customers and
/// partners are added in proportion.
///
/// Raises `InvalidArgumentError` when `seed` is negative or above 2**64 - 1, or when
/// `members` is negative or above `MAX_SAMPLE_MEMBERS`.
///
/// >>> import callwise
/// >>> book = callwise.sample_book(seed=7, members=40)
/// >>> book.summary()["accounts_by_kind"]["member"]
/// 40
#[pyfunction]
#[pyo3(
    signature = (*, seed = IntArg::from(7), members = IntArg::from(1000)),
    text_signature = "(*, seed=7, members=1000)"
)]
fn sample_book(py: Python<'_>, seed: IntArg, members: IntArg) -> PyResult<Book> {
    let seed: u64 = seed
        .convert("seed", u64::MAX)
        .map_err(|e| to_py_err(py, e))?;
    let members: u32 = members
        .convert("members", callwise::MAX_SAMPLE_MEMBERS)
        .map_err(|e| to_py_err(py, e))?;
    let config = callwise::SampleConfig::new(seed, members);
    py.detach(|| callwise::sample_book(&config))
        .map(Book::from)
        .map_err(|e| to_py_err(py, e))
}

/// The compiled core of callwise. Import the public package `callwise` instead.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("SCHEMA_VERSION", callwise::SCHEMA_VERSION)?;
    m.add("MAX_SAMPLE_MEMBERS", callwise::MAX_SAMPLE_MEMBERS)?;
    m.add_class::<Book>()?;
    m.add_class::<Contact>()?;
    m.add_class::<Problem>()?;
    m.add_function(wrap_pyfunction!(sample_book, m)?)?;
    Ok(())
}

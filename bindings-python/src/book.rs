//! The `Book` class: a validated, indexed book of business.

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::contact::Contact;
use crate::errors::to_py_err;

/// A validated, indexed book of business: accounts, contacts, reps, opportunities,
/// memberships, activities, campaigns, events, tasks and hand-offs.
///
/// A Book exists only if its data passed validation, so every reference in it resolves
/// and every time zone is known. Books are immutable. Read one with
/// `Book.from_json(text)` or make one with `sample_book()`.
///
/// >>> import callwise
/// >>> book = callwise.sample_book(seed=7, members=40)
/// >>> callwise.Book.from_json(book.to_json()).to_json() == book.to_json()
/// True
#[pyclass(name = "Book", module = "callwise", frozen)]
pub struct Book(callwise::Book);

impl From<callwise::Book> for Book {
    fn from(book: callwise::Book) -> Self {
        Self(book)
    }
}

#[pymethods]
impl Book {
    /// Reads a book from its JSON form and validates it.
    ///
    /// Raises `JsonError` when the text is not JSON of the book's shape (unknown fields
    /// included), `SchemaVersionError` when it declares another schema version, and
    /// `ValidationError` listing every problem found otherwise.
    #[staticmethod]
    fn from_json(py: Python<'_>, json: std::borrow::Cow<'_, str>) -> PyResult<Self> {
        py.detach(|| callwise::Book::from_json(&json))
            .map(Self)
            .map_err(|e| to_py_err(py, e))
    }

    /// The book as JSON: pretty-printed with two-space indents and a final newline.
    ///
    /// Reading it back and writing it again gives the same text, in every language
    /// binding.
    fn to_json(&self, py: Python<'_>) -> String {
        py.detach(|| self.0.to_json())
    }

    /// The ids of every rep, in book order.
    fn rep_ids(&self) -> Vec<&str> {
        self.0.rep_ids().map(callwise::RepId::as_str).collect()
    }

    /// The contact with id `id`, or None when the book has no such contact.
    fn contact(&self, py: Python<'_>, id: &str) -> PyResult<Option<Contact>> {
        let Some(contact) = self.0.contact(id) else {
            return Ok(None);
        };
        let zone = self.0.contact_time_zone(id).map_err(|e| to_py_err(py, e))?;
        Ok(Some(Contact::new(contact.clone(), zone.to_owned())))
    }

    /// The IANA time zone the contact with id `contact_id` is called in: their own
    /// override, else their account's.
    ///
    /// Raises `NotFoundError` (a `LookupError`) when the book has no such contact.
    fn contact_time_zone(&self, py: Python<'_>, contact_id: &str) -> PyResult<String> {
        self.0
            .contact_time_zone(contact_id)
            .map(str::to_owned)
            .map_err(|e| to_py_err(py, e))
    }

    /// Counts and totals of the book, as a dict (the parsed form of `summary_json()`).
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let json = self.summary_json(py);
        let value = py
            .import(intern!(py, "json"))?
            .call_method1(intern!(py, "loads"), (json,))?;
        Ok(value.cast_into::<PyDict>()?)
    }

    /// Counts and totals of the book as JSON (pretty-printed, final newline): the same
    /// text in every language binding.
    fn summary_json(&self, py: Python<'_>) -> String {
        py.detach(|| self.0.summary().to_json())
    }

    /// Counts and totals of the book as a short report for people, one fact a line.
    fn summary_text(&self, py: Python<'_>) -> String {
        py.detach(|| self.0.summary().to_text())
    }

    fn __repr__(&self) -> String {
        let data = self.0.data();
        format!(
            "<Book: {} reps, {} accounts, {} contacts, {} opportunities, {} memberships, {} activities>",
            data.reps.len(),
            data.accounts.len(),
            data.contacts.len(),
            data.opportunities.len(),
            data.memberships.len(),
            data.activities.len()
        )
    }
}

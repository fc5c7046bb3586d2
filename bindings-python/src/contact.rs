//! The `Contact` class: one person at an account, as a book holds them.

use pyo3::prelude::*;

use crate::errors::py_repr;

/// A person at an account: the one a rep actually calls.
///
/// Get one from `Book.contact(id)`. It is a snapshot: it holds its own copy of the
/// contact's fields and of the zone it is called in.
#[pyclass(name = "Contact", module = "callwise", frozen)]
pub struct Contact {
    inner: callwise::Contact,
    time_zone: String,
}

impl Contact {
    /// Wraps `inner`, called in the IANA zone `time_zone` (its effective zone).
    pub fn new(inner: callwise::Contact, time_zone: String) -> Self {
        Self { inner, time_zone }
    }
}

#[pymethods]
impl Contact {
    /// The contact's id.
    #[getter]
    fn id(&self) -> &str {
        self.inner.id.as_str()
    }

    /// The id of the account the contact belongs to.
    #[getter]
    fn account_id(&self) -> &str {
        self.inner.account_id.as_str()
    }

    /// Display name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// Job title, or None.
    #[getter]
    fn title(&self) -> Option<&str> {
        self.inner.title.as_deref()
    }

    /// The IANA time zone the contact is called in: their own override, else their
    /// account's.
    #[getter]
    fn time_zone(&self) -> &str {
        &self.time_zone
    }

    /// The contact's own IANA time zone when it overrides the account's, else None.
    #[getter]
    fn time_zone_override(&self) -> Option<&str> {
        self.inner.time_zone.as_deref()
    }

    /// True when the contact is on a do-not-call list: never called.
    #[getter]
    fn do_not_call(&self) -> bool {
        self.inner.do_not_call
    }

    /// The birthday as `(month, day, year)`, the year None when unknown; None when no
    /// birthday is recorded.
    #[getter]
    fn birthday(&self) -> Option<(u32, u32, Option<i32>)> {
        self.inner.birthday.map(|b| (b.month, b.day, b.year))
    }

    /// Ids only: a repr may end up in logs, so it leaves out the name.
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "<Contact id={} account_id={}>",
            py_repr(py, self.inner.id.as_str())?,
            py_repr(py, self.inner.account_id.as_str())?
        ))
    }
}

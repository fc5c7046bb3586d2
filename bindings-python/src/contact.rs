//! The `Contact` class: one person at an account, as a book holds them.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::args::Text;
use crate::errors::{py_repr, to_py_err};
use crate::records::{to_dict, to_list, to_str};

/// A person at an account: the one a rep actually calls.
///
/// Get one from `Book.contact(id)`. It is a snapshot: it holds its own copy of the
/// contact's fields and of the zone it is called in.
///
/// Phones, e-mails and consent come out in the book's JSON shape: `phones` and `emails`
/// as lists of dicts, `consent` as a dict from channel name to `"granted"`, `"denied"`
/// or `"unknown"`. Its `repr` shows ids only, never personal data.
///
/// >>> import callwise
/// >>> contact = callwise.sample_book(seed=7, members=40).contact("con-0000001")
/// >>> contact
/// <Contact id='con-0000001' account_id='acc-0000001'>
/// >>> contact.phones, contact.emails
/// ([{'number': '+13035550138', 'kind': 'work'}], [{'address': 'elliot.kowalski1@example.org', 'primary': True}])
/// >>> contact.consent
/// {'call': 'granted', 'text': 'denied'}
/// >>> contact.consent_for("text"), contact.consent_for("email")
/// ('denied', 'unknown')
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

    /// Phone numbers, best first, as dicts in the book's JSON shape
    /// (`{"number": str, "kind": "mobile" | "work" | "home"}`); empty when none is
    /// recorded. A fresh list on each access.
    ///
    /// >>> import callwise
    /// >>> callwise.sample_book(seed=7, members=40).contact("con-0000001").phones
    /// [{'number': '+13035550138', 'kind': 'work'}]
    #[getter]
    fn phones<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        to_list(py, serde_json::to_string(&self.inner.phones))
    }

    /// E-mail addresses, as dicts in the book's JSON shape
    /// (`{"address": str, "primary": bool}`); empty when none is recorded. A fresh list
    /// on each access.
    ///
    /// >>> import callwise
    /// >>> callwise.sample_book(seed=7, members=40).contact("con-0000001").emails
    /// [{'address': 'elliot.kowalski1@example.org', 'primary': True}]
    #[getter]
    fn emails<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        to_list(py, serde_json::to_string(&self.inner.emails))
    }

    /// Consent per channel, as in the book's JSON: channel name (`"call"`, `"email"`,
    /// `"text"`, ...) to `"granted"`, `"denied"` or `"unknown"`. Channels with nothing
    /// recorded are absent; `consent_for` reads them as `"unknown"`. A fresh dict on each
    /// access.
    ///
    /// >>> import callwise
    /// >>> callwise.sample_book(seed=7, members=40).contact("con-0000001").consent
    /// {'call': 'granted', 'text': 'denied'}
    #[getter]
    fn consent<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        to_dict(py, serde_json::to_string(&self.inner.consent))
    }

    /// The consent recorded for `channel` (a channel name as in the book's JSON, e.g.
    /// `"call"` or `"text"`): `"granted"`, `"denied"`, or `"unknown"` when none is.
    ///
    /// Raises `InvalidArgumentError` when `channel` is not a channel name.
    ///
    /// >>> import callwise
    /// >>> contact = callwise.sample_book(seed=7, members=40).contact("con-0000001")
    /// >>> contact.consent_for("call"), contact.consent_for("text"), contact.consent_for("email")
    /// ('granted', 'denied', 'unknown')
    /// >>> contact.consent_for("fax")
    /// Traceback (most recent call last):
    ///     ...
    /// callwise._errors.InvalidArgumentError: invalid argument `channel`: ...
    fn consent_for<'py>(
        &self,
        py: Python<'py>,
        channel: Text<'_>,
    ) -> PyResult<Bound<'py, PyString>> {
        // The channel's name is its JSON form: serde reads it, as it reads the book.
        let parsed: callwise::Channel = serde_json::from_value(serde_json::Value::String(
            channel.to_owned(),
        ))
        .map_err(|err| {
            to_py_err(
                py,
                callwise::Error::InvalidArgument {
                    name: "channel",
                    reason: err.to_string(),
                },
            )
        })?;
        to_str(py, serde_json::to_string(&self.inner.consent_for(parsed)))
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

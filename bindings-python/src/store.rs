//! The `Store` class: the binding of `callwise::store::Store`, a book and its event
//! journal in one SQLite file.
//!
//! Events are dicts in the journal's JSON shape (`{"kind": "activity_logged",
//! "activity": {...}}`), read by the core's serde form ([`from_records`]). What stores
//! exchange travels as the core's JSON text: a version vector (a dict in, or its text)
//! and the exchange (`export_since` gives its text, `merge` takes it), so the same bytes
//! cross between languages. Every call but the accessors runs with the GIL released;
//! the core store sits behind a mutex, so a `Store` can be shared between threads.
//! `close()` (or leaving a `with` block) closes the core store and releases the file;
//! a closed store raises the core's `closed_error`.

use std::sync::{Mutex, MutexGuard, PoisonError};

use callwise::store::{self as core, Change, Exchange, StoreOptions, VersionVector};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::args::{Text, text_of};
use crate::book::Book;
use crate::errors::{detach, py_repr, to_py_err};
use crate::records::{from_records, record_arg, to_dict, to_list};

/// A book and the journal of every change it took after, in one SQLite file: durable
/// once `append` returns, safe across crashes, merged across devices.
///
/// `Store.create(path, book)` saves a book as the store's genesis; `Store.open(path)`
/// opens a store again, giving the book as of its last event. A store is opened by one
/// process at a time (the file stays locked until `close()`, the end of a `with`
/// block, or the object's end).
///
/// >>> import callwise, os, tempfile
/// >>> book = callwise.sample_book(seed=7, members=5)
/// >>> folder = tempfile.mkdtemp()
/// >>> phone = callwise.Store.create(os.path.join(folder, "phone.db"), book, device_id="phone")
/// >>> laptop = callwise.Store.create(os.path.join(folder, "laptop.db"), book, device_id="laptop")
/// >>> contact = "con-0000001"
/// >>> phone.append([{"kind": "do_not_call_requested", "contact_id": contact,
/// ...                "at": "2026-11-03T15:00:00Z"}])
/// [1]
/// >>> report = laptop.merge(phone.export_since(laptop.version_vector()))
/// >>> report["added"], laptop.book().contact(contact).do_not_call
/// (1, True)
/// >>> laptop.book().to_json() == phone.book().to_json()
/// True
#[pyclass(name = "Store", module = "callwise", frozen)]
pub struct Store {
    /// The core store; None once closed.
    store: Mutex<Option<core::Store>>,
    /// Its file, for the error a closed store raises.
    path: String,
}

impl Store {
    fn new(store: core::Store) -> Self {
        Self {
            path: store.path().to_owned(),
            store: Mutex::new(Some(store)),
        }
    }

    /// The slot of the core store (a panic in an earlier call cannot have left it
    /// half-changed: every core method that fails leaves the store as it was).
    fn slot(&self) -> MutexGuard<'_, Option<core::Store>> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` on the core store, or gives the core's error for a closed store.
    fn with<T>(
        &self,
        f: impl FnOnce(&mut core::Store) -> callwise::Result<T>,
    ) -> callwise::Result<T> {
        match self.slot().as_mut() {
            Some(store) => f(store),
            None => Err(core::closed_error(&self.path)),
        }
    }

    /// [`Store::with`] for what cannot fail but on a closed store, as Python's error.
    fn read<T>(&self, py: Python<'_>, f: impl FnOnce(&core::Store) -> T) -> PyResult<T> {
        self.with(|store| Ok(f(store)))
            .map_err(|e| to_py_err(py, e))
    }
}

/// A version vector argument: a dict in the JSON shape, or its text.
fn version_vector_arg(value: &Bound<'_, PyAny>) -> PyResult<VersionVector> {
    let py = value.py();
    let json = match value.cast::<PyString>() {
        Ok(text) => text_of(text.as_borrowed(), "since")?.into_owned(),
        Err(_) => record_arg(value, "since")?.to_string(),
    };
    VersionVector::from_json(&json).map_err(|e| to_py_err(py, e))
}

#[pymethods]
impl Store {
    /// Creates a store at `path` holding `book` as its genesis (the book every store it
    /// merges with started from).
    ///
    /// `device_id` is the device the store records for (1 to 64 ASCII letters, digits,
    /// `.`, `_` or `-`; None: a random one); `authority` True makes it the team's
    /// authority, whose order decides blitz claims (None: the core's default, a
    /// device's store).
    ///
    /// Raises `InvalidArgumentError` for a bad device id, `StoreError` when the file
    /// exists or cannot be written.
    #[staticmethod]
    #[pyo3(signature = (path, book, *, device_id = None, authority = None))]
    fn create(
        py: Python<'_>,
        path: std::path::PathBuf,
        book: &Book,
        device_id: Option<Text<'_>>,
        authority: Option<bool>,
    ) -> PyResult<Self> {
        let mut options = StoreOptions::default();
        if let Some(device_id) = device_id {
            options.device_id = device_id.0.into_owned();
        }
        if let Some(authority) = authority {
            options.authority = authority;
        }
        let book = book.core();
        detach(py, || core::Store::create_shared(&path, book, &options)).map(Self::new)
    }

    /// Opens the store at `path`: its latest snapshot and the rest of its journal
    /// replayed. A store of an older schema version is upgraded.
    ///
    /// Raises `StoreError` (missing, not a store, damaged, open elsewhere),
    /// `StoreVersionError` (written by a newer build) or `InvalidEventError` (an event
    /// of the journal does not read or apply).
    #[staticmethod]
    fn open(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Self> {
        detach(py, || core::Store::open(&path)).map(Self::new)
    }

    /// Closes the store, releasing its file (another `Store.open` may open it then).
    /// Closing a closed store does nothing; any other call on it raises `StoreError`.
    ///
    /// Raises `StoreError` when SQLite cannot close the file cleanly.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        let store = self.slot().take();
        match store {
            Some(store) => detach(py, || store.close()),
            None => Ok(()),
        }
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    /// Closes the store as the `with` block ends; exceptions go on.
    #[pyo3(signature = (*_exc))]
    fn __exit__(&self, py: Python<'_>, _exc: &Bound<'_, pyo3::types::PyTuple>) -> PyResult<bool> {
        self.close(py)?;
        Ok(false)
    }

    /// The file, as given (also once closed).
    #[getter]
    fn path(&self) -> String {
        self.path.clone()
    }

    /// The device this store records for.
    #[getter]
    fn device_id(&self, py: Python<'_>) -> PyResult<String> {
        self.read(py, |s| s.device_id().to_owned())
    }

    /// Whether this store is the authority.
    #[getter]
    fn is_authority(&self, py: Python<'_>) -> PyResult<bool> {
        self.read(py, core::Store::is_authority)
    }

    /// The book the store started from, as a hash of its JSON: stores merge only with
    /// stores of the same lineage.
    #[getter]
    fn lineage(&self, py: Python<'_>) -> PyResult<String> {
        self.read(py, |s| s.lineage().to_owned())
    }

    /// Records `events` (dicts in the journal's JSON shape) as one transaction and
    /// returns each one's sequence number once it is durable.
    ///
    /// Raises `InvalidArgumentError` named `events` for a dict not of an event's shape,
    /// `InvalidEventError` naming the batch item that does not apply (nothing of the
    /// batch is recorded then), `StoreError` when the file cannot be written.
    fn append(&self, py: Python<'_>, events: &Bound<'_, PyAny>) -> PyResult<Vec<u64>> {
        let changes: Vec<Change> = from_records(events, "events", serde_json::from_value)?;
        detach(py, || self.with(|s| s.append(&changes)))
    }

    /// The book as of the last event. It shares the store's book rather than copying
    /// it (a book of millions of records is handed over at once); a change made to it
    /// (`log_activity`...) copies it first, and never reaches the store.
    fn book(&self, py: Python<'_>) -> PyResult<Book> {
        detach(py, || self.with(|s| s.shared_book())).map(Book::from)
    }

    /// Saves the book as it stands, so that opening replays less. Returns False when
    /// nothing happened since the last snapshot.
    fn snapshot(&self, py: Python<'_>) -> PyResult<bool> {
        detach(py, || self.with(core::Store::snapshot))
    }

    /// What this store holds, as a dict in the JSON shape: `{"devices": {device:
    /// highest sequence}, "sequenced": highest authority sequence}`.
    fn version_vector<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let vv = detach(py, || self.with(|s| s.version_vector()))?;
        to_dict(py, Ok(vv.to_json()))
    }

    /// The events this store holds beyond `since` (another store's version vector,
    /// a dict or its JSON text), as the exchange's JSON text: what travels.
    fn export_since(&self, py: Python<'_>, since: &Bound<'_, PyAny>) -> PyResult<String> {
        let since = version_vector_arg(since)?;
        detach(py, || {
            self.with(|s| s.export_since(&since)).map(|e| e.to_json())
        })
    }

    /// Merges another store's exchange (the JSON text its `export_since` gave) into
    /// this one, in one transaction. Returns what it did, as a dict: `added`,
    /// `sequenced` and the new `rejected` events.
    ///
    /// Raises `JsonError` or `InvalidArgumentError` (named `exchange`) for an exchange
    /// that does not read or does not fit this store, `InvalidEventError` naming an
    /// event that does not read or apply; nothing is merged then.
    fn merge<'py>(&self, py: Python<'py>, exchange: Text<'_>) -> PyResult<Bound<'py, PyDict>> {
        let report = detach(py, || {
            let exchange = Exchange::from_json(&exchange)?;
            self.with(|s| s.merge(&exchange))
        })?;
        to_dict(py, serde_json::to_string(&report))
    }

    /// The events that did not apply after a merge, each a dict: `id` (`device`,
    /// `sequence`), `kind` and `reason`. They stay in the journal.
    fn rejected<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let rejected = self.read(py, |s| serde_json::to_string(s.rejected()))?;
        to_list(py, rejected)
    }

    /// The Daily Wrap Ups filed in the journal (`wrap_up_filed` events), in its
    /// order, each a dict in the wrap-up's JSON shape.
    fn wrap_ups<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let wrap_ups = self.read(py, |s| serde_json::to_string(s.wrap_ups()))?;
        to_list(py, wrap_ups)
    }

    /// The goals the journal set (`goal_set` events), one per rep or team and period,
    /// each a dict in the goal's JSON shape.
    fn goals<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let goals = self.read(py, |s| serde_json::to_string(s.goals()))?;
        to_list(py, goals)
    }

    /// Every blitz claim in the journal and where it stands (`status`: `won`, `lost`
    /// with `to` and `rep_id`, or `pending`), each a dict.
    fn claims<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let claims = self.read(py, |s| serde_json::to_string(&s.claims()))?;
        to_list(py, claims)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let device = self.slot().as_ref().map(|s| s.device_id().to_owned());
        match device {
            Some(device) => Ok(format!(
                "<Store device_id={} path={}>",
                py_repr(py, &device)?,
                py_repr(py, &self.path)?
            )),
            None => Ok(format!("<Store closed path={}>", py_repr(py, &self.path)?)),
        }
    }
}

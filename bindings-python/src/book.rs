//! The `Book` class: a validated, indexed book of business.

use std::sync::{Arc, Mutex, PoisonError};

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::args::{Text, instant_arg};
use crate::calling::{CallingRules, Verdict};
use crate::contact::Contact;
use crate::errors::{detach, to_py_err};
use crate::records::{from_record, json_loads, to_dict, to_list};

/// A validated, indexed book of business: accounts, contacts, reps, opportunities,
/// memberships, activities, campaigns, events, tasks and hand-offs.
///
/// A Book exists only if its data passed validation, so every reference in it resolves
/// and every time zone is known. Read one with `Book.from_json(text)` or make one with
/// `sample_book()`. A book changes only through its checked changes (`log_activity`,
/// `add_task`, `complete_task`, `record_campaign_response`, `record_attendee`,
/// `set_consent`, `set_do_not_call`): each is validated as loading is, and a refused
/// change raises `ValidationError` and leaves the book as it was.
///
/// Threads may share a book. Each call reads one snapshot of it; a change waits for
/// the one before it, and copies the book first only when a snapshot is still in use (a
/// read on another thread, or a blitz pool made from the book): copy-on-write, so
/// readers never see half a change.
///
/// Look-ups by id, by owner and by account are index look-ups, not scans. Records come
/// out as plain dicts in exactly the book's JSON shape (fields that are empty in the
/// JSON are absent), except contacts, which are `Contact` objects.
///
/// >>> import callwise
/// >>> book = callwise.sample_book(seed=7, members=40)
/// >>> callwise.Book.from_json(book.to_json()).to_json() == book.to_json()
/// True
#[pyclass(name = "Book", module = "callwise", frozen)]
pub struct Book(Mutex<Arc<callwise::Book>>);

impl From<callwise::Book> for Book {
    fn from(book: callwise::Book) -> Self {
        Self(Mutex::new(Arc::new(book)))
    }
}

impl From<Arc<callwise::Book>> for Book {
    /// A book sharing `book` (a store's): no copy until it is changed.
    fn from(book: Arc<callwise::Book>) -> Self {
        Self(Mutex::new(book))
    }
}

impl Book {
    /// The core book as it is now (a snapshot that later changes do not touch), for
    /// the functions of other modules that read a whole book. The lock is held only to
    /// copy the pointer, never across Python work, so it cannot deadlock with the GIL.
    pub fn core(&self) -> Arc<callwise::Book> {
        Arc::clone(&self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Applies the core change `change` with the GIL released: changes are serialised
    /// by the lock, and the book is copied first only when a reader holds a snapshot.
    fn change(
        &self,
        py: Python<'_>,
        change: impl FnOnce(&mut callwise::Book) -> callwise::Result<()> + Send,
    ) -> PyResult<()> {
        detach(py, || {
            let mut book = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            change(Arc::make_mut(&mut book))
        })
    }
}

/// A `Contact` snapshot of `contact`, a contact of `book`, with its effective zone.
fn snapshot(book: &callwise::Book, contact: callwise::ContactRef<'_>) -> callwise::Result<Contact> {
    let zone = book.contact_time_zone(contact.id())?;
    Ok(Contact::new(contact.to_contact(), zone.to_owned()))
}

#[pymethods]
impl Book {
    /// Reads a book from its JSON form and validates it.
    ///
    /// Raises `JsonError` when the text is not JSON of the book's shape (unknown fields
    /// included), `SchemaVersionError` when it declares another schema version, and
    /// `ValidationError` listing every problem found otherwise.
    #[staticmethod]
    fn from_json(py: Python<'_>, json: Text<'_>) -> PyResult<Self> {
        detach(py, || callwise::Book::from_json(&json)).map(Self::from)
    }

    /// The book as JSON: pretty-printed with two-space indents and a final newline, or
    /// with `compact=True` without any white space (smaller, faster to write and read).
    ///
    /// Reading it back and writing it again gives the same text, in every language
    /// binding.
    #[pyo3(signature = (*, compact = false))]
    fn to_json(&self, py: Python<'_>, compact: bool) -> String {
        py.detach(|| self.core().to_json_with(json_io::style(compact)))
    }

    /// Writes the book's JSON (as `to_json(compact=...)` gives it) to `target`, a path
    /// (`str` or `os.PathLike`, created or truncated) or an open file object (binary, or
    /// text: an `io.TextIOBase` gets `str`), in chunks of about 64 KiB as it goes, never
    /// building the whole text. The book is read with the GIL released.
    ///
    /// Raises `FileWriteError` when the file cannot be created or written, or when the
    /// file object's `write` raises (that exception is the error's `__cause__`; `path`
    /// is then `"<stream>"`).
    #[pyo3(signature = (target, *, compact = false))]
    fn write_json(&self, py: Python<'_>, target: &Bound<'_, PyAny>, compact: bool) -> PyResult<()> {
        let book = self.core();
        let style = json_io::style(compact);
        match json_io::Target::of(target)? {
            json_io::Target::Path(path) => detach(py, || book.save_json(&path, style)),
            json_io::Target::File(file) => {
                let mut writer = json_io::FileWriter::new(file);
                let written = detach(py, || book.write_json(&mut writer, style));
                writer.cause(py, written)
            }
        }
    }

    /// Reads a book from `source`, a path (`str` or `os.PathLike`) or an open file
    /// object whose `read(n)` gives `bytes` or `str`, in chunks of about 64 KiB: each
    /// record goes into the book as it is parsed, never the whole text at once. Parsing
    /// runs with the GIL released.
    ///
    /// Raises `FileReadError` when the file cannot be opened or read, or when the file
    /// object's `read` raises (that exception is the error's `__cause__`), and otherwise
    /// what `from_json` raises.
    #[staticmethod]
    fn read_json(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<Self> {
        match json_io::Target::of(source)? {
            json_io::Target::Path(path) => detach(py, || callwise::Book::load_json(&path)),
            json_io::Target::File(file) => {
                let mut reader = json_io::FileReader::new(file);
                let read = detach(py, || callwise::Book::read_json(&mut reader));
                reader.cause(py, read)
            }
        }
        .map(Self::from)
    }

    /// The ids of every rep, in book order.
    fn rep_ids(&self) -> Vec<String> {
        self.core().rep_ids().map(ToString::to_string).collect()
    }

    /// The ids of every account, in book order (to split work by account).
    fn account_ids(&self) -> Vec<String> {
        self.core().account_ids().map(str::to_owned).collect()
    }

    /// The contact with id `id`, or None when the book has no such contact.
    fn contact(&self, py: Python<'_>, id: Text<'_>) -> PyResult<Option<Contact>> {
        let book = self.core();
        book.contact(&id)
            .map(|c| snapshot(&book, c))
            .transpose()
            .map_err(|e| to_py_err(py, e))
    }

    /// The account with id `id` as a dict in the book's JSON shape, or None when the
    /// book has no such account.
    ///
    /// >>> import callwise
    /// >>> book = callwise.sample_book(seed=7, members=40)
    /// >>> account = book.account("acc-0000003")
    /// >>> account["kind"], account["primary_owner"]["rep_id"]
    /// ('member', 'rep-membership-0002')
    /// >>> [owner["rep_id"] for owner in account["co_owners"]]
    /// ['rep-sales-0001']
    /// >>> "co_owners" in book.account("acc-0000001")  # absent when empty, as in the JSON
    /// False
    /// >>> book.account("acc-nope") is None
    /// True
    fn account<'py>(&self, py: Python<'py>, id: Text<'_>) -> PyResult<Option<Bound<'py, PyDict>>> {
        self.core()
            .account(&id)
            .map(|account| to_dict(py, serde_json::to_string(&account)))
            .transpose()
    }

    /// The rep with id `id` as a dict in the book's JSON shape, or None when the book has
    /// no such rep.
    ///
    /// >>> import callwise
    /// >>> book = callwise.sample_book(seed=7, members=40)
    /// >>> rep = book.rep("rep-sales-0001")
    /// >>> rep["role"], rep["division_id"], rep["team_id"]
    /// ('sales', 'div-sales', 'team-sales-1')
    /// >>> book.rep("rep-nope") is None
    /// True
    fn rep<'py>(&self, py: Python<'py>, id: Text<'_>) -> PyResult<Option<Bound<'py, PyDict>>> {
        self.core()
            .rep(&id)
            .map(|rep| to_dict(py, serde_json::to_string(rep)))
            .transpose()
    }

    /// The task with id `id` as a dict in the book's JSON shape, or None when the book
    /// has no such task.
    ///
    /// >>> import callwise
    /// >>> book = callwise.sample_book(seed=7, members=40)
    /// >>> task = book.task("task-0000003-1")
    /// >>> task["account_id"], task["kind"], task["status"], task["due_on"]
    /// ('acc-0000003', 'follow_up', 'open', '2026-11-05')
    /// >>> book.task("task-nope") is None
    /// True
    fn task<'py>(&self, py: Python<'py>, id: Text<'_>) -> PyResult<Option<Bound<'py, PyDict>>> {
        self.core()
            .task(&id)
            .map(|task| to_dict(py, serde_json::to_string(&task)))
            .transpose()
    }

    /// The accounts the rep with id `rep_id` owns or co-owns, as dicts, in book order
    /// (empty for an unknown rep).
    ///
    /// >>> import callwise
    /// >>> book = callwise.sample_book(seed=7, members=40)
    /// >>> accounts = book.accounts_owned_by("rep-sales-0001")
    /// >>> [a["id"] for a in accounts[:3]]
    /// ['acc-0000003', 'acc-0000006', 'acc-0000018']
    /// >>> accounts[0]["primary_owner"]["rep_id"]  # a co-owned account
    /// 'rep-membership-0002'
    /// >>> book.accounts_owned_by("rep-nope")
    /// []
    fn accounts_owned_by<'py>(
        &self,
        py: Python<'py>,
        rep_id: Text<'_>,
    ) -> PyResult<Bound<'py, PyList>> {
        let json = py.detach(|| {
            serde_json::to_string(&self.core().accounts_owned_by(&rep_id).collect::<Vec<_>>())
        });
        to_list(py, json)
    }

    /// The contacts of the account with id `account_id`, in book order (empty for an
    /// unknown account).
    ///
    /// >>> import callwise
    /// >>> book = callwise.sample_book(seed=7, members=40)
    /// >>> [c.id for c in book.contacts_of("acc-0000003")]
    /// ['con-0000004']
    /// >>> book.contacts_of("acc-nope")
    /// []
    fn contacts_of(&self, py: Python<'_>, account_id: Text<'_>) -> PyResult<Vec<Contact>> {
        let book = self.core();
        py.detach(|| {
            book.contacts_of(&account_id)
                .map(|c| snapshot(&book, c))
                .collect::<callwise::Result<Vec<_>>>()
        })
        .map_err(|e| to_py_err(py, e))
    }

    /// The activities on the account with id `account_id`, as dicts, oldest first (ties
    /// in book order), whichever rep or division logged them; empty for an unknown
    /// account.
    ///
    /// `"at"` is a UTC time in RFC 3339 form, as in the book's JSON.
    ///
    /// >>> import callwise
    /// >>> book = callwise.sample_book(seed=7, members=40)
    /// >>> activities = book.activities_of("acc-0000004")
    /// >>> activities[0]["id"], activities[0]["at"], activities[0]["channel"]
    /// ('act-0000004-001', '2025-01-31T20:41:00Z', 'event')
    /// >>> times = [a["at"] for a in activities]
    /// >>> times == sorted(times)
    /// True
    fn activities_of<'py>(
        &self,
        py: Python<'py>,
        account_id: Text<'_>,
    ) -> PyResult<Bound<'py, PyList>> {
        let json = py.detach(|| {
            serde_json::to_string(&self.core().activities_of(&account_id).collect::<Vec<_>>())
        });
        to_list(py, json)
    }

    /// The opportunities on the account with id `account_id`, as dicts, in book order
    /// (empty for an unknown account).
    ///
    /// Amounts are `{"amount_minor": int, "currency": str}` (minor units: cents), dates
    /// ISO 8601 strings, as in the book's JSON.
    ///
    /// >>> import callwise
    /// >>> book = callwise.sample_book(seed=7, members=40)
    /// >>> [(o["id"], o["stage"]) for o in book.opportunities_of("acc-0000064")]
    /// [('opp-0000064-1', 'closed_won'), ('opp-0000064-2', 'closed_won'), ('opp-0000064-3', 'closed_won'), ('opp-0000064-4', 'closed_won'), ('opp-0000064-5', 'closed_won')]
    /// >>> book.opportunities_of("acc-0000064")[0]["amount"]
    /// {'amount_minor': 2100000, 'currency': 'USD'}
    fn opportunities_of<'py>(
        &self,
        py: Python<'py>,
        account_id: Text<'_>,
    ) -> PyResult<Bound<'py, PyList>> {
        let json = py.detach(|| {
            serde_json::to_string(
                &self
                    .core()
                    .opportunities_of(&account_id)
                    .collect::<Vec<_>>(),
            )
        });
        to_list(py, json)
    }

    /// The memberships of the account with id `account_id`, as dicts, in book order
    /// (empty for an unknown account).
    ///
    /// >>> import callwise
    /// >>> book = callwise.sample_book(seed=7, members=40)
    /// >>> membership = book.memberships_of("acc-0000004")[0]
    /// >>> membership["tier"], membership["dues"], membership["lapses"]
    /// ('Professional', {'amount_minor': 45000, 'currency': 'USD'}, [{'lapsed_on': '2025-12-24'}])
    /// >>> "renewals" in membership  # absent when empty, as in the JSON
    /// False
    fn memberships_of<'py>(
        &self,
        py: Python<'py>,
        account_id: Text<'_>,
    ) -> PyResult<Bound<'py, PyList>> {
        let json = py.detach(|| {
            serde_json::to_string(&self.core().memberships_of(&account_id).collect::<Vec<_>>())
        });
        to_list(py, json)
    }

    /// The hand-offs of the account with id `account_id` between sales and operations, as
    /// dicts, oldest first (empty for an unknown account).
    ///
    /// >>> import callwise
    /// >>> book = callwise.sample_book(seed=7, members=40)
    /// >>> [(h["from_rep_id"], h["to_rep_id"], h["direction"]) for h in book.handoffs_of("acc-0000062")]
    /// [('rep-sales-0001', 'rep-operations-0001', 'sales_to_operations')]
    fn handoffs_of<'py>(
        &self,
        py: Python<'py>,
        account_id: Text<'_>,
    ) -> PyResult<Bound<'py, PyList>> {
        let json = py.detach(|| {
            serde_json::to_string(&self.core().handoffs_of(&account_id).collect::<Vec<_>>())
        });
        to_list(py, json)
    }

    /// The IANA time zone the contact with id `contact_id` is called in: their own
    /// override, else their account's.
    ///
    /// Raises `NotFoundError` (a `LookupError`) when the book has no such contact.
    fn contact_time_zone(&self, py: Python<'_>, contact_id: Text<'_>) -> PyResult<String> {
        self.core()
            .contact_time_zone(&contact_id)
            .map(str::to_owned)
            .map_err(|e| to_py_err(py, e))
    }

    /// Whether the contact with id `contact_id` may be called at `at` (an aware
    /// `datetime`, in any zone) under `rules`, as a `Verdict`.
    ///
    /// Do-not-call and consent come first and always win (their verdicts have no
    /// `next_allowed`); then the rules' time rules in the contact's zone (their own,
    /// else their account's); then the caps, counted over the book's outbound calls and
    /// voicemails up to and including `at`, whichever rep made them.
    ///
    /// Raises `NotFoundError` when the book has no such contact and
    /// `InvalidArgumentError` for a naive `at`.
    ///
    /// >>> import callwise, datetime
    /// >>> book = callwise.sample_book(seed=7, members=40)
    /// >>> at = datetime.datetime(2026, 11, 24, 18, 0, tzinfo=datetime.timezone.utc)
    /// >>> book.can_call("con-0000001", at, callwise.CallingRules.default())
    /// <Verdict allowed>
    fn can_call(
        &self,
        py: Python<'_>,
        contact_id: Text<'_>,
        at: &Bound<'_, PyAny>,
        rules: &CallingRules,
    ) -> PyResult<Verdict> {
        let at = instant_arg(at, "at")?;
        let rules = rules.core();
        let verdict = py
            .detach(|| self.core().can_call(&contact_id, at, rules))
            .map_err(|e| to_py_err(py, e))?;
        Verdict::checked(py, verdict)
    }

    /// The Next Day Call List of rep `rep_id` for `day` (a `datetime.date` or
    /// `"YYYY-MM-DD"`): whom to call, why and when (see `callwise.call_list`). `config` is
    /// a dict in the JSON shape (or its text; None for the default), `inputs` a
    /// `callwise.call_list.Inputs`.
    ///
    /// Raises `NotFoundError` for an unknown rep, `InvalidArgumentError` for a day out of
    /// range or a configuration value out of range (naming the field), `JsonError` for a
    /// configuration of the wrong shape (an unknown source included).
    #[pyo3(signature = (rep_id, day, config = None, inputs = None))]
    fn next_day_call_list(
        &self,
        py: Python<'_>,
        rep_id: Text<'_>,
        day: &Bound<'_, PyAny>,
        config: Option<&Bound<'_, PyAny>>,
        inputs: Option<&Bound<'_, crate::call_list::Inputs>>,
    ) -> PyResult<crate::call_list::CallList> {
        self.next_day(py, &rep_id, day, config, inputs)
    }

    /// The Power Hour pool of team `team_id` for `day` (see `next_day_call_list`).
    #[pyo3(signature = (team_id, day, config = None, inputs = None))]
    fn power_hour_list(
        &self,
        py: Python<'_>,
        team_id: Text<'_>,
        day: &Bound<'_, PyAny>,
        config: Option<&Bound<'_, PyAny>>,
        inputs: Option<&Bound<'_, crate::call_list::Inputs>>,
    ) -> PyResult<crate::call_list::CallList> {
        self.team_pool(py, &team_id, day, config, inputs, false)
    }

    /// The Crankathon pool of team `team_id` for `day`: the team's accumulated
    /// follow-ups in its Crankathon block (see `next_day_call_list`).
    #[pyo3(signature = (team_id, day, config = None, inputs = None))]
    fn crankathon_list(
        &self,
        py: Python<'_>,
        team_id: Text<'_>,
        day: &Bound<'_, PyAny>,
        config: Option<&Bound<'_, PyAny>>,
        inputs: Option<&Bound<'_, crate::call_list::Inputs>>,
    ) -> PyResult<crate::call_list::CallList> {
        self.team_pool(py, &team_id, day, config, inputs, true)
    }

    /// Every rep's Next Day Call List for `day`, built on all cores, as one pyarrow
    /// Table of entries (the columns of `CallList.to_arrow`), rep by rep in id order:
    /// the same entries as `next_day_call_list` rep by rep.
    #[pyo3(signature = (day, config = None, inputs = None))]
    fn call_lists<'py>(
        &self,
        py: Python<'py>,
        day: &Bound<'py, PyAny>,
        config: Option<&Bound<'py, PyAny>>,
        inputs: Option<&Bound<'py, crate::call_list::Inputs>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.every_rep(py, day, config, inputs)
    }

    /// Logs an activity, a dict in the JSON shape of a book's activity: it is checked as
    /// loading checks it and takes its place in its account's history (after any at the
    /// same instant), indexes included.
    ///
    /// Raises `ValidationError` listing its problems (placed at `activities[n]`, `n` the
    /// number of activities before it) and `InvalidArgumentError` for a dict not of the
    /// activity's shape; the book is then unchanged.
    ///
    /// >>> import callwise
    /// >>> book = callwise.sample_book(seed=7, members=40)
    /// >>> call = dict(book.activities_of("acc-0000004")[-1], id="act-new", at="2026-11-02T15:00:00Z")
    /// >>> book.log_activity(call)
    /// >>> book.activities_of("acc-0000004")[-1]["id"]
    /// 'act-new'
    fn log_activity(&self, py: Python<'_>, activity: &Bound<'_, PyAny>) -> PyResult<()> {
        let activity = from_record(activity, "activity", serde_json::from_value)?;
        self.change(py, |book| book.log_activity(activity))
    }

    /// Adds a task, a dict in the JSON shape of a book's task, checked as loading checks
    /// it.
    ///
    /// Raises `ValidationError` listing its problems (placed at `tasks[n]`) and
    /// `InvalidArgumentError` for a dict not of the task's shape; the book is then
    /// unchanged.
    fn add_task(&self, py: Python<'_>, task: &Bound<'_, PyAny>) -> PyResult<()> {
        let task = from_record(task, "task", serde_json::from_value)?;
        self.change(py, |book| book.add_task(task))
    }

    /// Completes the open task with id `task_id` at `completed_at` (an aware `datetime`).
    ///
    /// Raises `NotFoundError` for an unknown task, `InvalidArgumentError` when it is not
    /// open or `completed_at` is naive, and `ValidationError` when `completed_at` is
    /// before the task was created.
    fn complete_task(
        &self,
        py: Python<'_>,
        task_id: Text<'_>,
        completed_at: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let at = instant_arg(completed_at, "completed_at")?;
        self.change(py, |book| book.complete_task(&task_id, at))
    }

    /// Records a response (a dict in the JSON shape of a campaign's response) to the
    /// campaign with id `campaign_id`, after its others.
    ///
    /// Raises `NotFoundError` for an unknown campaign, `ValidationError` for an unknown
    /// contact and `InvalidArgumentError` for a dict not of the response's shape; the
    /// book is then unchanged.
    fn record_campaign_response(
        &self,
        py: Python<'_>,
        campaign_id: Text<'_>,
        response: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let response = from_record(response, "response", serde_json::from_value)?;
        self.change(py, |book| {
            book.record_campaign_response(&campaign_id, response)
        })
    }

    /// Records an attendee (a dict in the JSON shape of an event's attendee) of the event
    /// with id `event_id`, after its others.
    ///
    /// Raises `NotFoundError` for an unknown event, `ValidationError` for an unknown
    /// contact and `InvalidArgumentError` for a dict not of the attendee's shape; the
    /// book is then unchanged.
    fn record_attendee(
        &self,
        py: Python<'_>,
        event_id: Text<'_>,
        attendee: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let attendee = from_record(attendee, "attendee", serde_json::from_value)?;
        self.change(py, |book| book.record_attendee(&event_id, attendee))
    }

    /// Records the consent (`"granted"`, `"denied"` or `"unknown"`) of the contact with id
    /// `contact_id` for `channel` (`"call"`, `"text"`, ...), replacing what was recorded.
    ///
    /// Raises `NotFoundError` for an unknown contact and `InvalidArgumentError` for an
    /// unknown channel or consent.
    ///
    /// >>> import callwise
    /// >>> book = callwise.sample_book(seed=7, members=40)
    /// >>> book.set_consent("con-0000001", "text", "denied")
    /// >>> book.contact("con-0000001").consent["text"]
    /// 'denied'
    fn set_consent(
        &self,
        py: Python<'_>,
        contact_id: Text<'_>,
        channel: &Bound<'_, PyAny>,
        consent: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let channel = from_record(channel, "channel", serde_json::from_value)?;
        let consent = from_record(consent, "consent", serde_json::from_value)?;
        self.change(py, |book| book.set_consent(&contact_id, channel, consent))
    }

    /// Puts the contact with id `contact_id` on the do-not-call list (`True`) or takes
    /// them off it.
    ///
    /// Raises `NotFoundError` for an unknown contact.
    fn set_do_not_call(
        &self,
        py: Python<'_>,
        contact_id: Text<'_>,
        do_not_call: bool,
    ) -> PyResult<()> {
        self.change(py, |book| book.set_do_not_call(&contact_id, do_not_call))
    }

    /// The blitz pool of team `team_id` for the block from `start` (an aware datetime)
    /// lasting `minutes`: its `source` list (`"power_hour"` or `"crankathon"`) split
    /// between the team's reps, to claim from (see `callwise.team`). `config` is a
    /// call-list configuration, `team_config` a team one (dicts, their JSON text, or
    /// None for the defaults).
    #[pyo3(signature = (team_id, start, minutes, source, config = None, inputs = None, team_config = None))]
    #[allow(clippy::too_many_arguments)]
    fn blitz_pool(
        slf: &Bound<'_, Self>,
        team_id: &str,
        start: &Bound<'_, PyAny>,
        minutes: u32,
        source: &Bound<'_, PyAny>,
        config: Option<&Bound<'_, PyAny>>,
        inputs: Option<&Bound<'_, crate::call_list::Inputs>>,
        team_config: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<crate::team::BlitzPool> {
        Self::pool_for_block(
            slf,
            team_id,
            start,
            minutes,
            source,
            config,
            inputs,
            team_config,
        )
    }

    /// The blitz pool of team `team_id` for the block `routine` (a Power Hour or
    /// Crankathon `callwise.routine.Routine`) has on `day` (see `blitz_pool`).
    #[pyo3(signature = (team_id, routine, day, config = None, inputs = None, team_config = None))]
    fn routine_pool(
        slf: &Bound<'_, Self>,
        team_id: &str,
        routine: &crate::routine::Routine,
        day: &Bound<'_, PyAny>,
        config: Option<&Bound<'_, PyAny>>,
        inputs: Option<&Bound<'_, crate::call_list::Inputs>>,
        team_config: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<crate::team::BlitzPool> {
        Self::pool_for_routine(slf, team_id, routine, day, config, inputs, team_config)
    }

    /// The Daily Wrap Up of rep `rep_id` for `day`, with the rep's `notes` (a dict:
    /// `successes`, `challenges`, `follow_ups`), as a `callwise.team.WrapUp`.
    #[pyo3(signature = (rep_id, day, notes = None, team_config = None))]
    fn daily_wrap_up(
        &self,
        py: Python<'_>,
        rep_id: &str,
        day: &Bound<'_, PyAny>,
        notes: Option<&Bound<'_, PyAny>>,
        team_config: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<crate::team::WrapUp> {
        self.wrap_up_of(py, rep_id, day, notes, team_config)
    }

    /// The progress of `goals` (dicts: `rep_id` or `team_id`, `period` such as
    /// `"2026-11"`, `"FY2027-Q2"` or `"FY2027"`, and targets) as of `as_of`, as dicts.
    #[pyo3(signature = (goals, as_of, team_config = None))]
    fn goal_progress<'py>(
        &self,
        py: Python<'py>,
        goals: &Bound<'py, PyAny>,
        as_of: &Bound<'py, PyAny>,
        team_config: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        self.progress_of(py, goals, as_of, team_config)
    }

    /// Pickles as its JSON, so a book can be sent to worker processes (Dask, Spark).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let from_json = slf.get_type().getattr("from_json")?;
        let book = slf.get().core();
        Ok((from_json, (slf.py().detach(|| book.to_json()),)))
    }

    /// Counts and totals of the book, as a dict (the parsed form of `summary_json()`).
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let json = self.summary_json(py);
        Ok(json_loads(py, &json)?.cast_into::<PyDict>()?)
    }

    /// Counts and totals of the book as JSON (pretty-printed, final newline): the same
    /// text in every language binding.
    fn summary_json(&self, py: Python<'_>) -> String {
        py.detach(|| self.core().summary().to_json())
    }

    /// Counts and totals of the book as a short report for people, one fact a line.
    fn summary_text(&self, py: Python<'_>) -> String {
        py.detach(|| self.core().summary().to_text())
    }

    fn __repr__(&self) -> String {
        let book = self.core();
        format!(
            "<Book: {} reps, {} accounts, {} contacts, {} opportunities, {} memberships, {} activities>",
            book.reps().len(),
            book.accounts().len(),
            book.contacts().len(),
            book.opportunities().len(),
            book.memberships().len(),
            book.activities().len()
        )
    }
}

/// The seam between Python's files and core's `io::Read` and `io::Write`.
mod json_io {
    use pyo3::exceptions::PyTypeError;
    use pyo3::intern;
    use pyo3::prelude::*;
    use pyo3::types::{PyBytes, PyString};
    use std::io;
    use std::path::PathBuf;

    /// The bytes asked of a file object's `read(n)` at a time.
    const CHUNK: usize = 1 << 16;

    /// The style of `compact`.
    pub fn style(compact: bool) -> callwise::JsonStyle {
        if compact {
            callwise::JsonStyle::Compact
        } else {
            callwise::JsonStyle::Pretty
        }
    }

    /// Where a book goes or comes from: a path, or a file object.
    pub enum Target {
        Path(PathBuf),
        File(File),
    }

    /// A file object, and whether it is a text file (it takes and gives `str`).
    pub struct File {
        object: Py<PyAny>,
        text: bool,
    }

    impl Target {
        /// A `str` is always a path; an object with `read` or `write` is a file.
        pub fn of(value: &Bound<'_, PyAny>) -> PyResult<Self> {
            let py = value.py();
            let is_file = !value.is_instance_of::<PyString>()
                && (value.hasattr(intern!(py, "write"))? || value.hasattr(intern!(py, "read"))?);
            if is_file {
                let text_base = py
                    .import(intern!(py, "io"))?
                    .getattr(intern!(py, "TextIOBase"))?;
                return Ok(Self::File(File {
                    object: value.clone().unbind(),
                    text: value.is_instance(&text_base)?,
                }));
            }
            match value.extract::<PathBuf>() {
                Ok(path) => Ok(Self::Path(path)),
                Err(_) => Err(PyTypeError::new_err(format!(
                    "expected a path (str or os.PathLike) or a file object, got {}",
                    value.get_type().name()?
                ))),
            }
        }
    }

    /// The Python exception a file object raised, kept to become the `__cause__` of
    /// the core error it turned into.
    #[derive(Default)]
    struct Raised(Option<PyErr>);

    impl Raised {
        /// An `io::Error` carrying `err`'s text; `err` kept.
        fn keep(&mut self, err: PyErr) -> io::Error {
            let text = err.to_string();
            self.0.get_or_insert(err);
            io::Error::other(text)
        }

        /// `result`, with the kept exception as its error's cause.
        fn cause<T>(&mut self, py: Python<'_>, result: PyResult<T>) -> PyResult<T> {
            result.inspect_err(|err| {
                if let Some(cause) = self.0.take() {
                    err.set_cause(py, Some(cause));
                }
            })
        }
    }

    /// Core's writes, handed to a file object's `write` (as `str` for a text file,
    /// holding back the bytes of a character cut at a chunk's end).
    pub struct FileWriter {
        file: File,
        held: Vec<u8>,
        raised: Raised,
    }

    impl FileWriter {
        pub fn new(file: File) -> Self {
            Self {
                file,
                held: Vec::new(),
                raised: Raised::default(),
            }
        }

        pub fn cause<T>(&mut self, py: Python<'_>, result: PyResult<T>) -> PyResult<T> {
            self.raised.cause(py, result)
        }
    }

    impl io::Write for FileWriter {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            Python::attach(|py| {
                let written = if self.file.text {
                    self.held.extend_from_slice(buf);
                    let whole = match std::str::from_utf8(&self.held) {
                        Ok(text) => text.len(),
                        Err(e) => e.valid_up_to(),
                    };
                    let text = String::from_utf8_lossy(&self.held[..whole]).into_owned();
                    self.held.drain(..whole);
                    self.file
                        .object
                        .call_method1(py, intern!(py, "write"), (text,))
                } else {
                    self.file.object.call_method1(
                        py,
                        intern!(py, "write"),
                        (PyBytes::new(py, buf),),
                    )
                };
                match written {
                    Ok(_) => Ok(buf.len()),
                    Err(err) => Err(self.raised.keep(err)),
                }
            })
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// A file object's `read(n)`, as core's reader (a text file's `str` as UTF-8).
    pub struct FileReader {
        file: File,
        /// Bytes read and not yet handed on, from `at`.
        pending: Vec<u8>,
        at: usize,
        raised: Raised,
    }

    impl FileReader {
        pub fn new(file: File) -> Self {
            Self {
                file,
                pending: Vec::new(),
                at: 0,
                raised: Raised::default(),
            }
        }

        pub fn cause<T>(&mut self, py: Python<'_>, result: PyResult<T>) -> PyResult<T> {
            self.raised.cause(py, result)
        }

        /// The next chunk of the file, empty at its end.
        fn next_chunk(&mut self, py: Python<'_>) -> PyResult<Vec<u8>> {
            let chunk = self
                .file
                .object
                .call_method1(py, intern!(py, "read"), (CHUNK,))?
                .into_bound(py);
            if let Ok(text) = chunk.cast::<PyString>() {
                return Ok(text.to_cow()?.as_bytes().to_vec());
            }
            if let Ok(bytes) = chunk.cast::<PyBytes>() {
                return Ok(bytes.as_bytes().to_vec());
            }
            Err(PyTypeError::new_err(format!(
                "read() gave {}, expected str or bytes",
                chunk.get_type().name()?
            )))
        }
    }

    impl io::Read for FileReader {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.at == self.pending.len() {
                let chunk =
                    Python::attach(|py| self.next_chunk(py).map_err(|err| self.raised.keep(err)))?;
                self.pending = chunk;
                self.at = 0;
            }
            let n = buf.len().min(self.pending.len() - self.at);
            buf[..n].copy_from_slice(&self.pending[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }
}

//! `Store`: the binding of `callwise::store::Store`, a book and its event journal in
//! one SQLite file.
//!
//! Events cross as their JSON text in the journal's shape (`{"kind": "activity_logged",
//! "activity": {...}}`), read by the core's `Change::from_json`: the journal's format is
//! JSON, and sixteen kinds of change with nested records would otherwise need a Kotlin
//! type each. What stores exchange crosses as the core's JSON text too (a version vector,
//! an exchange), so the same bytes travel between languages. A merge's report and its
//! rejections are core's records, declared to UniFFI.

use crate::Book;
use crate::error::CallwiseError;
use callwise::store::{self as cw, Change, EntryId, Exchange, MergeReport, Rejection};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// The identity of a journal event: its device and its sequence number there.
#[uniffi::remote(Record)]
pub struct EntryId {
    /// The device that recorded the event.
    pub device: String,
    /// Its sequence number on that device, from 1.
    pub sequence: u64,
}

/// An event that did not apply after a merge, and why: kept in the journal, never
/// dropped.
#[uniffi::remote(Record)]
pub struct Rejection {
    /// The event.
    pub id: EntryId,
    /// Its kind, as in its JSON's `kind`.
    pub kind: String,
    /// Why it did not apply (ids, never personal data).
    pub reason: String,
}

/// What a merge did.
#[uniffi::remote(Record)]
pub struct MergeReport {
    /// Events this store did not hold, now added.
    pub added: u64,
    /// Events it held that now carry the authority's sequence number (or, on the
    /// authority, events it sequenced).
    pub sequenced: u64,
    /// Events that did not apply in the merged journal (new rejections), with why.
    pub rejected: Vec<Rejection>,
}

/// A book and the journal of every change it took after, in one SQLite file: durable
/// once `append` returns, safe across crashes, merged across devices (core's
/// `callwise::store::Store`).
///
/// The file stays locked while the object lives: close it (`.use { }`) before another
/// process opens the store. Calls are serialised by a lock, so one instance can be
/// shared between threads.
#[derive(uniffi::Object)]
pub struct Store(Mutex<cw::Store>);

impl Store {
    /// The core store (a panic in an earlier call cannot have left it half-changed:
    /// every core method that fails leaves the store as it was).
    fn core(&self) -> MutexGuard<'_, cw::Store> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[uniffi::export]
impl Store {
    /// Creates a store at `path` holding `book` as its genesis (the book every store it
    /// merges with started from), recording for `device_id` (1 to 64 ASCII letters,
    /// digits, `.`, `_` or `-`; null: a random one); `authority` makes it the team's
    /// authority, whose order decides blitz claims.
    ///
    /// Throws `CallwiseException.InvalidArgument` for a bad device id,
    /// `CallwiseException.Store` when the file exists or cannot be written.
    #[uniffi::constructor]
    pub fn create(
        path: String,
        book: Arc<Book>,
        device_id: Option<String>,
        authority: bool,
    ) -> Result<Arc<Self>, CallwiseError> {
        let mut options = cw::StoreOptions::default();
        if let Some(device_id) = device_id {
            options.device_id = device_id;
        }
        options.authority = authority;
        let store = cw::Store::create_shared(path, book.core(), &options)?;
        Ok(Arc::new(Self(Mutex::new(store))))
    }

    /// Opens the store at `path`: its latest snapshot and the rest of its journal
    /// replayed. A store of an older schema version is upgraded.
    ///
    /// Throws `CallwiseException.Store` (missing, not a store, damaged, open
    /// elsewhere), `CallwiseException.StoreVersion` (written by a newer build) or
    /// `CallwiseException.InvalidEvent` (an event of the journal does not read or apply).
    #[uniffi::constructor]
    pub fn open(path: String) -> Result<Arc<Self>, CallwiseError> {
        Ok(Arc::new(Self(Mutex::new(cw::Store::open(path)?))))
    }

    /// The file, as given.
    pub fn path(&self) -> String {
        self.core().path().to_owned()
    }

    /// The device this store records for.
    pub fn device_id(&self) -> String {
        self.core().device_id().to_owned()
    }

    /// Whether this store is the authority.
    pub fn is_authority(&self) -> bool {
        self.core().is_authority()
    }

    /// The book the store started from, as a hash of its JSON: stores merge only with
    /// stores of the same lineage.
    pub fn lineage(&self) -> String {
        self.core().lineage().to_owned()
    }

    /// Records `events` (each the JSON text of a change) as one transaction and returns
    /// each one's sequence number once it is durable.
    ///
    /// Throws `CallwiseException.Json` for a text not of a change's shape,
    /// `CallwiseException.InvalidEvent` naming the batch item that does not apply
    /// (nothing of the batch is recorded then), `CallwiseException.Store` when the file
    /// cannot be written.
    pub fn append(&self, events: Vec<String>) -> Result<Vec<u64>, CallwiseError> {
        let changes = events
            .iter()
            .map(|json| Change::from_json(json))
            .collect::<callwise::Result<Vec<_>>>()?;
        Ok(self.core().append(&changes)?)
    }

    /// The book as of the last event. It shares the store's book rather than copying
    /// it (a book of millions of records is handed over at once); a change made to it
    /// (`logActivity`...) copies it first, and never reaches the store.
    pub fn book(&self) -> Result<Arc<Book>, CallwiseError> {
        Ok(Arc::new(Book::shared(self.core().shared_book()?)))
    }

    /// Saves the book as it stands, so that opening replays less. Returns false when
    /// nothing happened since the last snapshot.
    pub fn snapshot(&self) -> Result<bool, CallwiseError> {
        Ok(self.core().snapshot()?)
    }

    /// What this store holds, as JSON: `{"devices": {device: highest sequence},
    /// "sequenced": highest authority sequence}`.
    pub fn version_vector(&self) -> Result<String, CallwiseError> {
        Ok(self.core().version_vector()?.to_json())
    }

    /// The events this store holds beyond `since` (another store's version vector, as
    /// JSON), as the exchange's JSON text: what travels.
    pub fn export_since(&self, since: String) -> Result<String, CallwiseError> {
        let since = cw::VersionVector::from_json(&since)?;
        Ok(self.core().export_since(&since)?.to_json())
    }

    /// Merges another store's exchange (the JSON text its `exportSince` gave) into this
    /// one, in one transaction.
    ///
    /// Throws `CallwiseException.Json` or `CallwiseException.InvalidArgument` (named
    /// `exchange`) for an exchange that does not read or does not fit this store,
    /// `CallwiseException.InvalidEvent` naming an event that does not read or apply;
    /// nothing is merged then.
    pub fn merge(&self, exchange: String) -> Result<MergeReport, CallwiseError> {
        let exchange = Exchange::from_json(&exchange)?;
        Ok(self.core().merge(&exchange)?)
    }

    /// The events that did not apply after a merge, with why. They stay in the journal.
    pub fn rejected(&self) -> Vec<Rejection> {
        self.core().rejected().to_vec()
    }

    /// The Daily Wrap Ups filed in the journal (`wrap_up_filed` events), in its order.
    pub fn wrap_ups(&self) -> Vec<callwise::team::WrapUp> {
        self.core().wrap_ups().to_vec()
    }

    /// The goals the journal set (`goal_set` events), one per rep or team and period.
    pub fn goals(&self) -> Vec<callwise::team::Goal> {
        self.core().goals().to_vec()
    }
}

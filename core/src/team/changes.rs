//! What a practice changes in the book. The book is immutable, so a practice that
//! changes it (filing a wrap-up, a step of the hand-off baton) returns its changes as
//! records, and the caller writes them back: to its CRM, or into a new [`Book`] with
//! [`BookChanges::applied`].

use crate::{Account, Book, BookData, Error, Handoff, HandoffId, RecordKind, Result, Task};
use serde::{Deserialize, Serialize};

/// Records to write into a book: tasks and hand-offs to add (or to replace, when one of
/// the same id is there), hand-offs to remove, and accounts to replace.
///
/// # Example
/// ```
/// use callwise::team::{daily_wrap_up, TeamConfig, WrapUpNotes};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
/// let notes = WrapUpNotes::from_json(r#"{"follow_ups": [{"account_id": "acc-0000002"}]}"#)?;
/// let config = TeamConfig::default();
/// let wrap_up = daily_wrap_up(&book, "rep-sales-0001", "2026-11-03".parse().unwrap(), &notes, &config)?;
/// let changes = wrap_up.file(&book, "2026-11-03T22:00:00Z".parse().unwrap())?;
/// assert_eq!(changes.tasks.len(), 1);
/// let tomorrow = changes.applied(&book)?;
/// assert_eq!(tomorrow.tasks().len(), book.tasks().len() + 1);
/// # Ok::<(), callwise::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookChanges {
    /// Tasks to add (a task with the id of one in the book replaces it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
    /// Hand-offs to add (a hand-off with the id of one in the book replaces it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handoffs: Vec<Handoff>,
    /// Hand-offs to remove (a proposal turned down leaves the book; the baton's trail
    /// keeps it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed_handoffs: Vec<HandoffId>,
    /// Accounts to replace (a new primary owner), matched by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<Account>,
}

/// Replaces the record with `item`'s id in `records`, or appends `item`.
fn upsert<T: Clone>(records: &mut Vec<T>, item: &T, same: impl Fn(&T, &T) -> bool) {
    match records.iter_mut().find(|r| same(r, item)) {
        Some(slot) => *slot = item.clone(),
        None => records.push(item.clone()),
    }
}

impl BookChanges {
    /// Writes the changes into `data`: tasks and hand-offs replaced by id or appended,
    /// hand-offs removed, accounts replaced by id.
    ///
    /// # Errors
    /// [`Error::NotFound`] when an account or a hand-off to remove is not in `data`;
    /// `data` is then unchanged.
    ///
    /// # Example
    /// See [`BookChanges`].
    pub fn apply(&self, data: &mut BookData) -> Result<()> {
        for account in &self.accounts {
            if !data.accounts.iter().any(|a| a.id == account.id) {
                return Err(Error::not_found(RecordKind::Account, account.id.as_str()));
            }
        }
        for id in &self.removed_handoffs {
            if !data.handoffs.iter().any(|h| &h.id == id) {
                return Err(Error::not_found(RecordKind::Handoff, id.as_str()));
            }
        }
        for account in &self.accounts {
            upsert(&mut data.accounts, account, |a, b| a.id == b.id);
        }
        for task in &self.tasks {
            upsert(&mut data.tasks, task, |a, b| a.id == b.id);
        }
        data.handoffs
            .retain(|h| !self.removed_handoffs.contains(&h.id));
        for handoff in &self.handoffs {
            upsert(&mut data.handoffs, handoff, |a, b| a.id == b.id);
        }
        Ok(())
    }

    /// A new book: `book`'s records with the changes written in, validated again.
    ///
    /// # Errors
    /// As [`apply`](Self::apply); as [`Book::new`] when the records no longer make a
    /// valid book.
    ///
    /// # Example
    /// See [`BookChanges`].
    pub fn applied(&self, book: &Book) -> Result<Book> {
        let mut data = book.to_data();
        self.apply(&mut data)?;
        Book::new(data)
    }

    /// Whether there is nothing to write.
    ///
    /// # Example
    /// ```
    /// assert!(callwise::team::BookChanges::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
            && self.handoffs.is_empty()
            && self.removed_handoffs.is_empty()
            && self.accounts.is_empty()
    }

    /// The changes as pretty-printed JSON.
    ///
    /// # Example
    /// ```
    /// let changes = callwise::team::BookChanges::default();
    /// assert_eq!(changes.to_json(), "{}\n");
    /// assert_eq!(callwise::team::BookChanges::from_json(&changes.to_json())?, changes);
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn to_json(&self) -> String {
        super::pretty(self)
    }

    /// Changes from their JSON form.
    ///
    /// # Errors
    /// [`Error::Json`] when the text is not JSON of this shape.
    ///
    /// # Example
    /// See [`to_json`](Self::to_json).
    pub fn from_json(json: &str) -> Result<Self> {
        crate::book::from_json(json, "book changes")
    }
}

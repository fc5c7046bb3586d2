//! Tasks as columns.

use super::Store;
use super::codes::{Code, day, micros};
use super::strings::Sparse;
use crate::error::{RecordKind, Result};
use crate::{Task, TaskKind, TaskSource, TaskStatus};

/// The completion instant of a task that has none.
pub(crate) const NOT_COMPLETED: i64 = i64::MIN;

/// One task, its references as numbers.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TaskRow {
    pub(crate) account: u32,
    /// A contact, or [`NONE`](super::strings::NONE).
    pub(crate) contact: u32,
    pub(crate) rep: u32,
    pub(crate) kind: TaskKind,
    pub(crate) source: TaskSource,
    pub(crate) status: TaskStatus,
    /// Microseconds and finer part ([`micros`]).
    pub(crate) created: (i64, u16),
    pub(crate) due: i32,
    pub(crate) completed: Option<(i64, u16)>,
}

/// Tasks, in book order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tasks {
    pub(crate) account: Vec<u32>,
    /// A contact, or [`NONE`](super::strings::NONE).
    pub(crate) contact: Vec<u32>,
    pub(crate) rep: Vec<u32>,
    pub(crate) kind: Vec<u8>,
    pub(crate) source: Vec<u8>,
    pub(crate) status: Vec<u8>,
    pub(crate) created: Vec<i64>,
    pub(crate) created_finer: Sparse<u16>,
    pub(crate) due: Vec<i32>,
    /// Microseconds, or [`NOT_COMPLETED`].
    pub(crate) completed: Vec<i64>,
    /// The finer parts of completions; set out of row order when a task is completed
    /// after loading (rare: a finer part is below the microsecond).
    pub(crate) completed_finer: Sparse<u16>,
}

impl Tasks {
    pub(crate) fn len(&self) -> usize {
        self.account.len()
    }

    /// The task at `t`.
    pub(crate) fn row(&self, t: u32) -> TaskRow {
        let i = t as usize;
        let completed = self.completed[i];
        TaskRow {
            account: self.account[i],
            contact: self.contact[i],
            rep: self.rep[i],
            kind: TaskKind::from_code(self.kind[i]),
            source: TaskSource::from_code(self.source[i]),
            status: TaskStatus::from_code(self.status[i]),
            created: (self.created[i], self.created_finer.get(t).unwrap_or(0)),
            due: self.due[i],
            completed: (completed != NOT_COMPLETED)
                .then(|| (completed, self.completed_finer.get(t).unwrap_or(0))),
        }
    }

    /// Adds a task after the others.
    pub(crate) fn push(&mut self, row: &TaskRow) {
        let t = self.len() as u32;
        self.account.push(row.account);
        self.contact.push(row.contact);
        self.rep.push(row.rep);
        self.kind.push(row.kind.code());
        self.source.push(row.source.code());
        self.status.push(row.status.code());
        self.created.push(row.created.0);
        if row.created.1 != 0 {
            self.created_finer.push(t, row.created.1);
        }
        self.due.push(row.due);
        match row.completed {
            Some((at, finer)) => {
                self.completed.push(at);
                if finer != 0 {
                    self.completed_finer.push(t, finer);
                }
            }
            None => self.completed.push(NOT_COMPLETED),
        }
    }

    /// Marks the open task at `t` done at `at` (its [`micros`]).
    pub(crate) fn complete(&mut self, t: u32, (at, finer): (i64, u16)) {
        let i = t as usize;
        self.status[i] = TaskStatus::Done.code();
        self.completed[i] = at;
        self.completed_finer.set(t, (finer != 0).then_some(finer));
    }

    /// Marks the open task at `t` cancelled.
    pub(crate) fn cancel(&mut self, t: u32) {
        self.status[t as usize] = TaskStatus::Cancelled.code();
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        (self.account.capacity() + self.contact.capacity() + self.rep.capacity()) * 4
            + self.kind.capacity()
            + self.source.capacity()
            + self.status.capacity()
            + self.created.capacity() * 8
            + self.created_finer.heap_bytes()
            + self.due.capacity() * 4
            + self.completed.capacity() * 8
            + self.completed_finer.heap_bytes()
    }

    pub(crate) fn shrink(&mut self) {
        self.account.shrink_to_fit();
        self.contact.shrink_to_fit();
        self.rep.shrink_to_fit();
        self.kind.shrink_to_fit();
        self.source.shrink_to_fit();
        self.status.shrink_to_fit();
        self.created.shrink_to_fit();
        self.due.shrink_to_fit();
        self.completed.shrink_to_fit();
    }
}

/// The row of `t`, its references numbered in `store` (new ids are numbered: they
/// dangle until a record takes them, and validation reports those that never do).
pub(crate) fn row(store: &mut Store, t: &Task) -> Result<TaskRow> {
    Ok(TaskRow {
        account: store.sym(RecordKind::Account, t.account_id.as_str())?,
        contact: store.sym_opt(
            RecordKind::Contact,
            t.contact_id.as_ref().map(|c| c.as_str()),
        )?,
        rep: store.sym(RecordKind::Rep, t.rep_id.as_str())?,
        kind: t.kind,
        source: t.source,
        status: t.status,
        created: micros(t.created_at),
        due: day(t.due_on),
        completed: t.completed_at.map(micros),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(created_finer: u16, completed: Option<(i64, u16)>) -> TaskRow {
        TaskRow {
            account: 1,
            contact: super::super::strings::NONE,
            rep: 2,
            kind: TaskKind::Call,
            source: TaskSource::Manual,
            status: TaskStatus::Open,
            created: (1_000, created_finer),
            due: 3,
            completed,
        }
    }

    proptest::proptest! {
        /// Completing tasks in any order, with and without finer parts, changes those
        /// tasks' completions and nothing else.
        #[test]
        fn completions_in_any_order_change_only_their_task(
            loaded in proptest::collection::vec(
                (0u16..3, proptest::option::of((0i64..5, 0u16..3))),
                1..30,
            ),
            completions in proptest::collection::vec(
                (proptest::sample::select((0u32..30).collect::<Vec<_>>()), 0i64..5, 0u16..3),
                0..30,
            ),
        ) {
            let mut tasks = Tasks::default();
            let mut model: Vec<TaskRow> = Vec::new();
            for &(finer, completed) in &loaded {
                let row = task(finer, completed);
                tasks.push(&row);
                model.push(row);
            }
            for &(t, at, finer) in &completions {
                let Some(m) = model.get_mut(t as usize) else { continue };
                tasks.complete(t, (at, finer));
                m.status = TaskStatus::Done;
                m.completed = Some((at, finer));
            }
            for (t, m) in (0u32..).zip(&model) {
                let got = tasks.row(t);
                proptest::prop_assert_eq!(got.status, m.status);
                proptest::prop_assert_eq!(got.created, m.created);
                proptest::prop_assert_eq!(got.completed, m.completed);
            }
        }
    }
}

//! Activities as columns, kept in (account, time) order so that an account's history is
//! one contiguous run of rows, with the book's order kept beside.
//!
//! The columns read for every touch (instant, contact, rep, channel, direction and
//! outcome) are in row order; the others (ids, durations, deals, campaigns, the finer
//! part of instants) are in book order, reached through the row's book position. While
//! a store is filled, rows are in book order with each row's account beside; grouping
//! sorts them. Activities logged after that go to the end, each account's in a short
//! list of its own (the tail), until the tails together hold an eighth of the rows and
//! everything is grouped again.

use super::Store;
use super::codes::{Code, micros};
use super::strings::{Bits, NONE, Sparse};
use crate::error::{RecordKind, Result};
use crate::{Activity, Channel, Direction, Outcome};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::ops::Range;

/// An activity, numbers resolved: what a row holds.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Row {
    pub(crate) account: u32,
    /// A contact, or [`NONE`].
    pub(crate) contact: u32,
    pub(crate) rep: u32,
    pub(crate) at: i64,
    pub(crate) finer: u16,
    pub(crate) how: u8,
    pub(crate) duration: Option<u32>,
    /// An opportunity, or [`NONE`].
    pub(crate) opportunity: u32,
    /// A campaign, or [`NONE`].
    pub(crate) campaign: u32,
}

/// Channel, direction and outcome in one byte: the channel's code in the low three
/// bits, the direction's in the fourth, the outcome's plus one (0 for none) above.
pub(crate) fn how(channel: Channel, direction: Direction, outcome: Option<Outcome>) -> u8 {
    channel.code() | direction.code() << 3 | outcome.map_or(0, |o| o.code() + 1) << 4
}

pub(crate) fn channel(how: u8) -> Channel {
    Channel::from_code(how & 7)
}

pub(crate) fn direction(how: u8) -> Direction {
    Direction::from_code(how >> 3 & 1)
}

pub(crate) fn outcome(how: u8) -> Option<Outcome> {
    (how >> 4 != 0).then(|| Outcome::from_code((how >> 4) - 1))
}

/// The duration of an activity of 18 hours and more: its seconds are in a sparse column.
pub(crate) const LONG_DURATION: u16 = u16::MAX;

/// When the tails are regrouped: once they hold this many rows and an eighth of all.
const MIN_TAIL: usize = 64;

#[derive(Clone, Debug, Default)]
pub(crate) struct Activities {
    // Book order.
    /// Each duration in seconds, or [`LONG_DURATION`] for one in `long_duration`.
    pub(crate) duration: Vec<u16>,
    pub(crate) long_duration: Sparse<u32>,
    pub(crate) has_duration: Bits,
    pub(crate) opportunity: Sparse<u32>,
    pub(crate) campaign: Sparse<u32>,
    pub(crate) finer: Sparse<u16>,
    // Row order.
    pub(crate) at: Vec<i64>,
    pub(crate) contact: Vec<u32>,
    pub(crate) rep: Vec<u32>,
    pub(crate) how: Vec<u8>,
    /// Each row's book position; empty while rows are in book order.
    pub(crate) book: Vec<u32>,
    /// Each row's account while filling (book order); empty once grouped.
    account: FillAccounts,
    /// Once grouped: the rows of account `a` are `start[a]..start[a + 1]`, then its tail.
    pub(crate) start: Vec<u32>,
    /// Rows added since grouping, by account, in (instant, book position) order.
    pub(crate) tail: FxHashMap<u32, Vec<u32>>,
    /// The account of each row added since grouping (row minus the grouped rows).
    pub(crate) tail_account: Vec<u32>,
}

impl Activities {
    pub(crate) fn len(&self) -> usize {
        self.at.len()
    }

    pub(crate) fn reserve(&mut self, n: usize) {
        self.at.reserve(n);
        self.contact.reserve(n);
        self.rep.reserve(n);
        self.how.reserve(n);
        self.duration.reserve(n);
    }

    /// The number of rows grouped by account (the rest are tails).
    pub(crate) fn grouped(&self) -> usize {
        self.start.last().map_or(0, |&s| s as usize)
    }

    /// The duration of the activity at book position `b`, in seconds.
    pub(crate) fn duration(&self, b: u32) -> Option<u32> {
        self.has_duration
            .get(b)
            .then(|| match self.duration[b as usize] {
                LONG_DURATION => self.long_duration.get(b).expect("a long duration"),
                short => u32::from(short),
            })
    }

    /// The book position of row `r`.
    pub(crate) fn book_of(&self, r: u32) -> u32 {
        if self.book.is_empty() {
            r
        } else {
            self.book[r as usize]
        }
    }

    /// Adds a row (while filling: in book order; once grouped: to its account's tail).
    pub(crate) fn push_row(&mut self, row: Row) {
        let b = self.duration.len() as u32;
        let seconds = row.duration.unwrap_or(0);
        match u16::try_from(seconds) {
            Ok(short) if short != LONG_DURATION => self.duration.push(short),
            _ => {
                self.duration.push(LONG_DURATION);
                self.long_duration.push(b, seconds);
            }
        }
        self.has_duration.push(row.duration.is_some());
        if row.opportunity != NONE {
            self.opportunity.push(b, row.opportunity);
        }
        if row.campaign != NONE {
            self.campaign.push(b, row.campaign);
        }
        if row.finer != 0 {
            self.finer.push(b, row.finer);
        }
        let r = self.at.len() as u32;
        self.at.push(row.at);
        self.contact.push(row.contact);
        self.rep.push(row.rep);
        self.how.push(row.how);
        if !self.book.is_empty() {
            self.book.push(b);
        }
        if self.start.is_empty() {
            self.account.push(r, row.account);
        } else {
            self.tail_account.push(row.account);
            let tail = self.tail.entry(row.account).or_default();
            let at = &self.at;
            // After every row of the same instant: their book positions are smaller.
            let k = tail.partition_point(|&x| at[x as usize] <= row.at);
            tail.insert(k, r);
        }
    }

    /// Whether the tails are long enough to regroup.
    pub(crate) fn tails_are_long(&self) -> bool {
        let tails = self.tail_account.len();
        tails >= MIN_TAIL && tails >= self.len() / 8
    }

    /// Sorts the rows into (account, instant, book position) order, `accounts` being
    /// the number of accounts.
    pub(crate) fn group(&mut self, accounts: usize) {
        let n = self.len();
        let mut start = vec![0u32; accounts + 1];
        for a in self.accounts() {
            start[a as usize + 1] += 1;
        }
        for a in 0..accounts {
            start[a + 1] += start[a];
        }
        let book = |r: u32| self.book_of(r);
        let key = |r: u32, a: u32| (a, self.at[r as usize], book(r));
        let sorted = (1u32..)
            .zip(self.accounts().zip(self.accounts().skip(1)))
            .all(|(q, (a, b))| key(q - 1, a) < key(q, b));
        if !sorted {
            // Rows by account (stable), then each account's by instant and book position.
            let mut next = start.clone();
            let mut order = vec![0u32; n];
            for (r, a) in (0u32..).zip(self.accounts()) {
                order[next[a as usize] as usize] = r;
                next[a as usize] += 1;
            }
            let at = &self.at;
            let mut groups: Vec<&mut [u32]> = Vec::with_capacity(accounts);
            let mut rest = order.as_mut_slice();
            for a in 0..accounts {
                let (head, tail) = rest.split_at_mut((start[a + 1] - start[a]) as usize);
                groups.push(head);
                rest = tail;
            }
            groups
                .into_par_iter()
                .for_each(|g| g.sort_unstable_by_key(|&r| (at[r as usize], book(r))));
            let new_book: Vec<u32> = order.par_iter().map(|&r| book(r)).collect();
            self.at = order.par_iter().map(|&r| self.at[r as usize]).collect();
            self.contact = order
                .par_iter()
                .map(|&r| self.contact[r as usize])
                .collect();
            self.rep = order.par_iter().map(|&r| self.rep[r as usize]).collect();
            self.how = order.par_iter().map(|&r| self.how[r as usize]).collect();
            let identity = new_book
                .par_iter()
                .enumerate()
                .all(|(r, &b)| r == b as usize);
            self.book = if identity { Vec::new() } else { new_book };
        }
        self.start = start;
        self.account = FillAccounts::default();
        self.tail.clear();
        self.tail_account.clear();
    }

    /// Each row's account, in row order.
    pub(crate) fn accounts(&self) -> impl Iterator<Item = u32> + '_ {
        let grouped = (0..self.start.len().saturating_sub(1)).flat_map(|a| {
            std::iter::repeat_n(a as u32, (self.start[a + 1] - self.start[a]) as usize)
        });
        self.account
            .iter(self.len())
            .chain(grouped)
            .chain(self.tail_account.iter().copied())
    }

    /// The accounts of rows `rows`, while the store is filled (rows in book order).
    pub(crate) fn filling_accounts(&self, rows: Range<usize>) -> impl Iterator<Item = u32> + '_ {
        self.account.range(rows, self.len())
    }

    /// The grouped rows of account `a`.
    pub(crate) fn rows_of(&self, a: u32) -> std::ops::Range<u32> {
        self.start[a as usize]..self.start[a as usize + 1]
    }

    /// The tail rows of account `a`.
    pub(crate) fn tail_of(&self, a: u32) -> &[u32] {
        self.tail.get(&a).map_or(&[], Vec::as_slice)
    }

    /// The account of row `r` (a binary search for a grouped row).
    pub(crate) fn account_of(&self, r: u32) -> u32 {
        let grouped = self.grouped() as u32;
        if r >= grouped {
            self.tail_account[(r - grouped) as usize]
        } else {
            (self.start.partition_point(|&s| s <= r) - 1) as u32
        }
    }

    pub(crate) fn renumber_accounts(&mut self, to: &dyn Fn(u32) -> u32) {
        self.account.renumber(to);
    }

    pub(crate) fn renumber_contacts(&mut self, to: &dyn Fn(u32) -> u32) {
        self.contact.iter_mut().for_each(|x| *x = to(*x));
    }

    pub(crate) fn renumber_reps(&mut self, to: &dyn Fn(u32) -> u32) {
        self.rep.iter_mut().for_each(|x| *x = to(*x));
    }

    pub(crate) fn renumber_opportunities(&mut self, to: &dyn Fn(u32) -> u32) {
        self.opportunity = renumbered(&self.opportunity, to);
    }

    pub(crate) fn renumber_campaigns(&mut self, to: &dyn Fn(u32) -> u32) {
        self.campaign = renumbered(&self.campaign, to);
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.duration.capacity() * 2
            + self.long_duration.heap_bytes()
            + (self.contact.capacity()
                + self.rep.capacity()
                + self.book.capacity()
                + self.start.capacity()
                + self.tail_account.capacity())
                * 4
            + self.at.capacity() * 8
            + self.how.capacity()
            + self.has_duration.heap_bytes()
            + self.opportunity.heap_bytes()
            + self.campaign.heap_bytes()
            + self.finer.heap_bytes()
            + self.account.heap_bytes()
            + self
                .tail
                .values()
                .map(|t| t.capacity() * 4 + 16)
                .sum::<usize>()
    }

    pub(crate) fn shrink(&mut self) {
        self.duration.shrink_to_fit();
        self.at.shrink_to_fit();
        self.contact.shrink_to_fit();
        self.rep.shrink_to_fit();
        self.how.shrink_to_fit();
        self.book.shrink_to_fit();
    }
}

/// Each row's account while a store is filled: as runs of rows of one account (books
/// mostly list an account's activities together: a million accounts' thirty million
/// activities take 14 MB, not 120), or a number a row once runs would take more.
#[derive(Clone, Debug)]
enum FillAccounts {
    /// (first row, account) of each run.
    Runs(Vec<(u32, u32)>),
    Rows(Vec<u32>),
}

impl Default for FillAccounts {
    fn default() -> Self {
        Self::Runs(Vec::new())
    }
}

/// Rows before runs may turn into a number a row.
const MIN_ROWS_FOR_ROWS: usize = 4096;

impl FillAccounts {
    /// Records that row `r` (the next) is of `account`.
    fn push(&mut self, r: u32, account: u32) {
        match self {
            Self::Runs(runs) => {
                if runs.last().is_some_and(|&(_, a)| a == account) {
                    return;
                }
                let rows = r as usize;
                if rows >= MIN_ROWS_FOR_ROWS && runs.len() * 2 > rows {
                    let mut each: Vec<u32> = self.iter(rows).collect();
                    each.push(account);
                    *self = Self::Rows(each);
                } else {
                    runs.push((r, account));
                }
            }
            Self::Rows(each) => each.push(account),
        }
    }

    /// The accounts of rows `0..rows`.
    fn iter(&self, rows: usize) -> Box<dyn Iterator<Item = u32> + '_> {
        self.range(0..rows, rows)
    }

    /// The accounts of rows `rows`, of `len` rows in all.
    fn range(&self, rows: Range<usize>, len: usize) -> Box<dyn Iterator<Item = u32> + '_> {
        match self {
            Self::Runs(runs) => {
                let first = runs
                    .partition_point(|&(r, _)| r as usize <= rows.start)
                    .saturating_sub(1);
                let wanted = rows.len();
                let runs = &runs[first..];
                Box::new(
                    runs.iter()
                        .enumerate()
                        .flat_map(move |(k, &(r, a))| {
                            let end = runs.get(k + 1).map_or(len, |&(next, _)| next as usize);
                            let from = (r as usize).max(rows.start);
                            std::iter::repeat_n(a, end.min(rows.end).saturating_sub(from))
                        })
                        .take(wanted),
                )
            }
            Self::Rows(each) => Box::new(each[rows].iter().copied()),
        }
    }

    fn renumber(&mut self, to: &dyn Fn(u32) -> u32) {
        match self {
            Self::Runs(runs) => runs.iter_mut().for_each(|(_, a)| *a = to(*a)),
            Self::Rows(each) => each.iter_mut().for_each(|a| *a = to(*a)),
        }
    }

    fn heap_bytes(&self) -> usize {
        match self {
            Self::Runs(runs) => runs.capacity() * 8,
            Self::Rows(each) => each.capacity() * 4,
        }
    }
}

fn renumbered(column: &Sparse<u32>, to: &dyn Fn(u32) -> u32) -> Sparse<u32> {
    let mut out = Sparse::default();
    for (r, v) in column.iter() {
        out.push(r, to(v));
    }
    out
}

/// The row of `a`, its references numbered in `store` (new ids are numbered: they
/// dangle until a record takes them, and validation reports those that never do).
pub(crate) fn row(store: &mut Store, a: &Activity) -> Result<Row> {
    let (at, finer) = micros(a.at);
    Ok(Row {
        account: store.sym(RecordKind::Account, a.account_id.as_str())?,
        contact: store.sym_opt(
            RecordKind::Contact,
            a.contact_id.as_ref().map(|c| c.as_str()),
        )?,
        rep: store.sym(RecordKind::Rep, a.rep_id.as_str())?,
        at,
        finer,
        how: how(a.channel, a.direction, a.outcome),
        duration: a.duration_seconds,
        opportunity: store.sym_opt(
            RecordKind::Opportunity,
            a.opportunity_id.as_ref().map(|o| o.as_str()),
        )?,
        campaign: store.sym_opt(
            RecordKind::Campaign,
            a.campaign_id.as_ref().map(|c| c.as_str()),
        )?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn fill_accounts_give_back_every_rows_account(
            runs in proptest::collection::vec(
                (0u32..50, proptest::prop_oneof![3 => 1usize..3, 1 => 1usize..40]),
                0..3000,
            ),
        ) {
            // Long runs stay runs; short ones (over 4,096 rows) turn into a number a row.
            let each: Vec<u32> = runs.iter().flat_map(|&(a, n)| std::iter::repeat_n(a, n)).collect();
            let mut fill = FillAccounts::default();
            for (r, &a) in (0u32..).zip(&each) {
                fill.push(r, a);
            }
            proptest::prop_assert_eq!(fill.iter(each.len()).collect::<Vec<_>>(), each.clone());
            // Any range of rows, as the parallel validation reads them.
            for (start, end) in [(0, each.len() / 3), (each.len() / 3, each.len() * 2 / 3 + 1)] {
                let end = end.min(each.len());
                let part: Vec<u32> = fill.range(start..end, each.len()).collect();
                proptest::prop_assert_eq!(&part[..], &each[start..end]);
            }
            fill.renumber(&|a| a + 7);
            let moved: Vec<u32> = each.iter().map(|a| a + 7).collect();
            proptest::prop_assert_eq!(fill.iter(each.len()).collect::<Vec<_>>(), moved);
        }
    }

    #[test]
    fn how_holds_every_channel_direction_and_outcome() {
        for &c in <Channel as Code>::ALL {
            for &d in <Direction as Code>::ALL {
                for o in
                    std::iter::once(None).chain(<Outcome as Code>::ALL.iter().map(|&o| Some(o)))
                {
                    let h = how(c, d, o);
                    assert_eq!((channel(h), direction(h), outcome(h)), (c, d, o));
                }
            }
        }
    }
}

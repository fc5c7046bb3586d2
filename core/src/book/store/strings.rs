//! Texts stored flat: an arena of strings, an id table (the arena with a hash index on
//! it), sparse columns and bit sets.

use crate::error::{Error, Result};
use hashbrown::HashTable;
use rayon::prelude::*;
use std::hash::BuildHasher;

/// The marker of "none" in a column of positions or symbols.
pub(crate) const NONE: u32 = u32::MAX;

/// Many strings in few allocations: their bytes one after another in pages of at most
/// 4 GiB, and where each ends (four bytes a string).
#[derive(Clone, Debug)]
pub(crate) struct Strings {
    pages: Vec<String>,
    /// The index of the first string of each page.
    page_starts: Vec<u32>,
    /// Where each string ends in its page.
    ends: Vec<u32>,
}

impl Default for Strings {
    fn default() -> Self {
        Self {
            pages: vec![String::new()],
            page_starts: vec![0],
            ends: Vec::new(),
        }
    }
}

impl Strings {
    /// The number of strings.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Appends `s`, returning its index.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a text longer than 4 GiB or a 2³²-nd string.
    pub(crate) fn push(&mut self, s: &str) -> Result<u32> {
        let index = u32::try_from(self.ends.len())
            .ok()
            .filter(|&i| i != NONE)
            .ok_or_else(too_many)?;
        let too_long = || Error::invalid_argument("data", "a text is longer than 4 GiB");
        let len = u32::try_from(s.len()).map_err(|_| too_long())?;
        let page = self.pages.last_mut().expect("one page at least");
        if u32::try_from(page.len() + s.len()).is_err() {
            self.pages.push(String::new());
            self.page_starts.push(index);
        }
        let page = self.pages.last_mut().expect("one page at least");
        page.push_str(s);
        self.ends
            .push(u32::try_from(page.len()).map_err(|_| too_long())?);
        debug_assert!(len as usize <= page.len());
        Ok(index)
    }

    /// The string at `i`.
    pub(crate) fn get(&self, i: u32) -> &str {
        let page = if self.page_starts.len() == 1 {
            0
        } else {
            self.page_starts.partition_point(|&s| s <= i) - 1
        };
        let start = if i == self.page_starts[page] {
            0
        } else {
            self.ends[i as usize - 1]
        };
        &self.pages[page][start as usize..self.ends[i as usize] as usize]
    }

    /// Keeps the first `len` strings.
    pub(crate) fn truncate(&mut self, len: usize) {
        if len >= self.ends.len() {
            return;
        }
        let index = len as u32;
        let keep_pages = self.page_starts.partition_point(|&s| s <= index).max(1);
        self.pages.truncate(keep_pages);
        self.page_starts.truncate(keep_pages);
        let page_start = self.page_starts[keep_pages - 1];
        let end = if index == page_start {
            0
        } else {
            self.ends[len - 1]
        };
        self.pages[keep_pages - 1].truncate(end as usize);
        self.ends.truncate(len);
    }

    /// The bytes held (for the memory figures).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.pages.iter().map(String::capacity).sum::<usize>() + self.ends.capacity() * 4
    }

    /// Frees the spare capacity.
    pub(crate) fn shrink(&mut self) {
        for page in &mut self.pages {
            page.shrink_to_fit();
        }
        self.ends.shrink_to_fit();
    }
}

fn too_many() -> Error {
    Error::invalid_argument(
        "data",
        format!("a collection holds more than {} records", u32::MAX - 1),
    )
}

/// The hash of an id, with the Rust project's own fast hasher (ids are the caller's own
/// data: there is nobody to defend against).
fn hash(s: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(s)
}

/// How many independent tables an index is split into: built in parallel, and a table
/// that grows rehashes a sixty-fourth of the ids.
const SHARDS: usize = 64;

fn shard(hash: u64) -> usize {
    // Bits the tables do not use: they take the low bits for the bucket and the top
    // seven for the tag.
    ((hash >> 32) as usize) % SHARDS
}

/// One shard's table and the repeated ids found building it.
type ShardBuilt = (HashTable<u32>, Vec<(u32, u32)>);

/// Ids with a hash index on them: each id's number is its position in the arena.
///
/// Two uses: *interned* (each distinct id once: record kinds that others refer to,
/// where a reference may come before the record itself) and *per record* (every
/// record's id, the index pointing at the first record with each id).
#[derive(Clone, Debug)]
pub(crate) struct IdTable {
    strings: Strings,
    shards: Vec<HashTable<u32>>,
}

impl Default for IdTable {
    fn default() -> Self {
        Self {
            strings: Strings::default(),
            shards: (0..SHARDS).map(|_| HashTable::new()).collect(),
        }
    }
}

impl IdTable {
    /// The number of ids.
    pub(crate) fn len(&self) -> usize {
        self.strings.len()
    }

    /// The id numbered `i`.
    pub(crate) fn str(&self, i: u32) -> &str {
        self.strings.get(i)
    }

    /// The number of the id `s`, if it is in the table (the first, for per-record use).
    pub(crate) fn get(&self, s: &str) -> Option<u32> {
        let h = hash(s);
        self.shards[shard(h)]
            .find(h, |&i| self.strings.get(i) == s)
            .copied()
    }

    /// The number of `s`, added when new.
    pub(crate) fn intern(&mut self, s: &str) -> Result<u32> {
        let h = hash(s);
        let strings = &mut self.strings;
        let table = &mut self.shards[shard(h)];
        if let Some(&i) = table.find(h, |&i| strings.get(i) == s) {
            return Ok(i);
        }
        let i = strings.push(s)?;
        table.insert_unique(h, i, |&j| hash(strings.get(j)));
        Ok(i)
    }

    /// Appends `s` whether or not it is already there, returning its number and the
    /// number of the first equal id when there was one (the index keeps pointing there).
    pub(crate) fn push(&mut self, s: &str) -> Result<(u32, Option<u32>)> {
        let h = hash(s);
        let strings = &mut self.strings;
        let table = &mut self.shards[shard(h)];
        let first = table.find(h, |&i| strings.get(i) == s).copied();
        let i = strings.push(s)?;
        if first.is_none() {
            table.insert_unique(h, i, |&j| hash(strings.get(j)));
        }
        Ok((i, first))
    }

    /// Appends `s` without indexing it: [`IdTable::index_all`] indexes every id later,
    /// in parallel.
    pub(crate) fn push_unindexed(&mut self, s: &str) -> Result<u32> {
        self.strings.push(s)
    }

    /// Indexes every id, each pointing at its first occurrence, and returns the later
    /// occurrences as (number, first number), in order.
    pub(crate) fn index_all(&mut self) -> Vec<(u32, u32)> {
        let n = self.strings.len();
        let strings = &self.strings;
        // Ids grouped by shard, in order, so each shard is built on its own thread and
        // the first occurrence of an id is the one kept, on any number of threads.
        let mut by_shard: Vec<Vec<u32>> = vec![Vec::new(); SHARDS];
        let hashes: Vec<u8> = (0..n as u32)
            .into_par_iter()
            .map(|i| shard(hash(strings.get(i))) as u8)
            .collect();
        for (i, &s) in (0u32..).zip(&hashes) {
            by_shard[s as usize].push(i);
        }
        drop(hashes);
        let results: Vec<ShardBuilt> = by_shard
            .into_par_iter()
            .map(|ids| {
                let mut table = HashTable::with_capacity(ids.len());
                let mut repeats = Vec::new();
                for i in ids {
                    let s = strings.get(i);
                    let h = hash(s);
                    match table.find(h, |&j| strings.get(j) == s) {
                        Some(&first) => repeats.push((i, first)),
                        None => {
                            table.insert_unique(h, i, |&j| hash(strings.get(j)));
                        }
                    }
                }
                (table, repeats)
            })
            .collect();
        let mut repeats = Vec::new();
        self.shards = results
            .into_iter()
            .map(|(table, r)| {
                repeats.extend(r);
                table
            })
            .collect();
        repeats.sort_unstable();
        repeats
    }

    /// Removes every id numbered `len` or more (an append that was refused).
    pub(crate) fn truncate(&mut self, len: usize) {
        for i in len..self.strings.len() {
            let s = self.strings.get(i as u32);
            let h = hash(s);
            if let Ok(entry) = self.shards[shard(h)].find_entry(h, |&j| j == i as u32) {
                entry.remove();
            }
        }
        self.strings.truncate(len);
    }

    /// The same ids renumbered: id `order[k]` becomes number `k` (`order` holds each
    /// number once).
    pub(crate) fn reordered(&self, order: &[u32]) -> Result<Self> {
        let mut strings = Strings::default();
        for &i in order {
            strings.push(self.strings.get(i))?;
        }
        let mut table = Self {
            strings,
            ..Self::default()
        };
        table.index_all();
        Ok(table)
    }

    /// The bytes held (for the memory figures).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.strings.heap_bytes()
            + self
                .shards
                .iter()
                .map(HashTable::allocation_size)
                .sum::<usize>()
    }

    /// Frees spare capacity.
    pub(crate) fn shrink(&mut self) {
        self.strings.shrink();
        let strings = &self.strings;
        for table in &mut self.shards {
            table.shrink_to_fit(|&j| hash(strings.get(j)));
        }
    }
}

/// A column where few rows have a value: (row, value) pairs in row order.
#[derive(Clone, Debug)]
pub(crate) struct Sparse<T> {
    rows: Vec<u32>,
    values: Vec<T>,
}

impl<T> Default for Sparse<T> {
    fn default() -> Self {
        Self {
            rows: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<T: Copy> Sparse<T> {
    /// Sets the value of `row`, which comes after every row set so far.
    pub(crate) fn push(&mut self, row: u32, value: T) {
        debug_assert!(self.rows.last().is_none_or(|&r| r < row));
        self.rows.push(row);
        self.values.push(value);
    }

    /// The value of `row`, if it has one.
    pub(crate) fn get(&self, row: u32) -> Option<T> {
        if self.rows.is_empty() {
            return None;
        }
        self.rows.binary_search(&row).ok().map(|k| self.values[k])
    }

    /// Removes the values of rows `len` and after.
    pub(crate) fn truncate(&mut self, len: u32) {
        let keep = self.rows.partition_point(|&r| r < len);
        self.rows.truncate(keep);
        self.values.truncate(keep);
    }

    /// Every (row, value), in row order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u32, T)> + '_ {
        self.rows.iter().copied().zip(self.values.iter().copied())
    }

    /// The bytes held (for the memory figures).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.rows.capacity() * 4 + self.values.capacity() * std::mem::size_of::<T>()
    }
}

/// A bit per row.
#[derive(Clone, Debug, Default)]
pub(crate) struct Bits {
    words: Vec<u64>,
    len: usize,
}

impl Bits {
    /// Appends a bit.
    pub(crate) fn push(&mut self, bit: bool) {
        if self.len.is_multiple_of(64) {
            self.words.push(0);
        }
        if bit {
            self.words[self.len / 64] |= 1 << (self.len % 64);
        }
        self.len += 1;
    }

    /// The bit of row `i`.
    pub(crate) fn get(&self, i: u32) -> bool {
        let i = i as usize;
        self.words[i / 64] >> (i % 64) & 1 == 1
    }

    /// The bytes held (for the memory figures).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.words.capacity() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn strings_give_back_what_was_pushed(texts in proptest::collection::vec(".{0,12}", 0..40), cut in 0usize..45) {
            let mut strings = Strings::default();
            for t in &texts {
                strings.push(t).unwrap();
            }
            for (i, t) in texts.iter().enumerate() {
                prop_assert_eq!(strings.get(i as u32), t.as_str());
            }
            strings.truncate(cut);
            prop_assert_eq!(strings.len(), cut.min(texts.len()));
            strings.push("after").unwrap();
            prop_assert_eq!(strings.get(strings.len() as u32 - 1), "after");
            for (i, t) in texts.iter().take(cut).enumerate() {
                prop_assert_eq!(strings.get(i as u32), t.as_str());
            }
        }

        #[test]
        fn an_id_table_finds_each_id_at_its_first_place(ids in proptest::collection::vec("[a-c]{0,2}", 0..60)) {
            let mut pushed = IdTable::default();
            let mut bulk = IdTable::default();
            let mut interned = IdTable::default();
            let mut repeats = Vec::new();
            for id in &ids {
                let (i, first) = pushed.push(id).unwrap();
                if let Some(first) = first {
                    repeats.push((i, first));
                }
                bulk.push_unindexed(id).unwrap();
                interned.intern(id).unwrap();
            }
            prop_assert_eq!(bulk.index_all(), repeats);
            for (i, id) in ids.iter().enumerate() {
                let first = ids.iter().position(|x| x == id).unwrap() as u32;
                prop_assert_eq!(pushed.get(id), Some(first));
                prop_assert_eq!(bulk.get(id), Some(first));
                prop_assert_eq!(pushed.str(i as u32), id.as_str());
                prop_assert_eq!(interned.str(interned.get(id).unwrap()), id.as_str());
            }
            let half = ids.len() / 2;
            pushed.truncate(half);
            for id in &ids {
                let first = ids[..half].iter().position(|x| x == id).map(|p| p as u32);
                prop_assert_eq!(pushed.get(id), first);
            }
        }

        #[test]
        fn bits_and_sparse_columns_keep_their_values(bits in proptest::collection::vec(any::<bool>(), 0..200), cut in 0usize..210) {
            let mut b = Bits::default();
            let mut s = Sparse::default();
            for (i, &bit) in bits.iter().enumerate() {
                b.push(bit);
                if bit {
                    s.push(i as u32, i as u64 * 3);
                }
            }
            for (i, &bit) in bits.iter().enumerate() {
                prop_assert_eq!(b.get(i as u32), bit);
                prop_assert_eq!(s.get(i as u32), bit.then_some(i as u64 * 3));
            }
            s.truncate(cut as u32);
            for (i, &bit) in bits.iter().enumerate() {
                prop_assert_eq!(s.get(i as u32).is_some(), bit && i < cut);
            }
        }
    }
}

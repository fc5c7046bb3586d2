//! Texts stored flat: an arena of strings, an id table (the arena with a hash index on
//! it), sparse columns and bit sets.

use crate::error::{Error, Result};
use hashbrown::HashTable;
use rayon::prelude::*;
use std::hash::{Hash, Hasher};

/// The marker of "none" in a column of positions or symbols.
pub(crate) const NONE: u32 = u32::MAX;

/// Many strings in few allocations: their bytes one after another, each one's length
/// in a byte (a longer one's in a sparse column), and where every
/// [`STRINGS_PER_BLOCK`]-th begins: a byte and a half a string besides its text.
#[derive(Clone, Debug, Default)]
pub(crate) struct Strings {
    pub(crate) text: String,
    /// Each string's length, or [`LONG`] for one whose length is in `long`.
    pub(crate) lens: Vec<u8>,
    pub(crate) long: Sparse<u64>,
    /// Where string `k * STRINGS_PER_BLOCK` begins in `text`.
    pub(crate) block_starts: Vec<u64>,
}

/// Strings per block: a string's start is its block's plus the lengths before it there.
pub(crate) const STRINGS_PER_BLOCK: usize = 16;

/// The sum of the sixteen bytes of `x`.
fn byte_sum(x: u128) -> usize {
    const BYTES: u128 = 0x00ff_00ff_00ff_00ff_00ff_00ff_00ff_00ff;
    // Pairs of bytes into eight 16-bit lanes (each at most 510), then the lanes added
    // up by one multiplication into the top lane (at most 4,080: no lane overflows).
    let pairs = (x & BYTES) + ((x >> 8) & BYTES);
    (pairs.wrapping_mul(0x0001_0001_0001_0001_0001_0001_0001_0001) >> 112) as usize & 0xffff
}

/// Whether a byte of `x` under `mask` is [`LONG`].
fn has_long(x: u128, mask: u128) -> bool {
    const LOW: u128 = 0x0101_0101_0101_0101_0101_0101_0101_0101;
    // A byte is 0xff exactly when its complement is zero: the classic zero-byte test.
    let y = !x & mask | !mask;
    y.wrapping_sub(LOW) & !y & (LOW << 7) != 0
}

/// The length byte of a string of 255 bytes or more.
pub(crate) const LONG: u8 = u8::MAX;

impl Strings {
    /// The number of strings.
    pub(crate) fn len(&self) -> usize {
        self.lens.len()
    }

    /// Appends `s`, returning its index.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a 2³²-nd string.
    pub(crate) fn push(&mut self, s: &str) -> Result<u32> {
        let index = u32::try_from(self.lens.len())
            .ok()
            .filter(|&i| i != NONE)
            .ok_or_else(too_many)?;
        if (index as usize).is_multiple_of(STRINGS_PER_BLOCK) {
            self.block_starts.push(self.text.len() as u64);
        }
        match u8::try_from(s.len()) {
            Ok(len) if len != LONG => self.lens.push(len),
            _ => {
                self.lens.push(LONG);
                self.long.push(index, s.len() as u64);
            }
        }
        self.text.push_str(s);
        Ok(index)
    }

    fn len_of(&self, i: usize) -> usize {
        match self.lens[i] {
            LONG => self.long.get(i as u32).expect("a long string's length") as usize,
            len => len as usize,
        }
    }

    /// Makes room for `n` more strings of `bytes` bytes in all.
    pub(crate) fn reserve(&mut self, n: usize, bytes: usize) {
        self.text.reserve(bytes);
        self.lens.reserve(n);
        self.block_starts.reserve(n.div_ceil(STRINGS_PER_BLOCK));
    }

    /// Where string `i` begins.
    fn start(&self, i: usize) -> usize {
        let first = i - i % STRINGS_PER_BLOCK;
        let before = i - first;
        let block_start = self.block_starts[i / STRINGS_PER_BLOCK] as usize;
        // The lengths before `i` in its block, as the low bytes of one number, summed
        // a lane at a time; a whole block's bytes are there for all but the last.
        let Some(lens) = self.lens.get(first..first + STRINGS_PER_BLOCK) else {
            return block_start + self.skipped(first..i);
        };
        let bytes: [u8; 16] = lens.try_into().expect("a block of 16 lengths");
        let mask = u128::MAX.checked_shr(128 - 8 * before as u32).unwrap_or(0);
        let x = u128::from_le_bytes(bytes) & mask;
        if has_long(x, mask) {
            return block_start + self.skipped(first..i);
        }
        block_start + byte_sum(x)
    }

    /// The lengths of strings `range`, summed one by one.
    fn skipped(&self, range: std::ops::Range<usize>) -> usize {
        range.map(|j| self.len_of(j)).sum()
    }

    /// The string at `i`.
    #[inline]
    pub(crate) fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = self.start(i);
        let len = match self.lens[i] {
            LONG => self.len_of(i),
            len => len as usize,
        };
        &self.text[start..start + len]
    }

    /// Keeps the first `len` strings.
    pub(crate) fn truncate(&mut self, len: usize) {
        if len >= self.lens.len() {
            return;
        }
        self.text.truncate(self.start(len));
        self.lens.truncate(len);
        self.long.truncate(len as u32);
        self.block_starts.truncate(len.div_ceil(STRINGS_PER_BLOCK));
    }

    /// The bytes held (for the memory figures).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + self.lens.capacity()
            + self.long.heap_bytes()
            + self.block_starts.capacity() * 8
    }

    /// Frees the spare capacity.
    pub(crate) fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.lens.shrink_to_fit();
        self.block_starts.shrink_to_fit();
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
///
/// It is `FxBuildHasher.hash_one(s)` written out: the generic `hash_one` is a call of its
/// own when the compiler splits the crate's code differently, and every look-up by id
/// pays for it (account_by_id at 10 k members, 3% in criterion).
#[inline]
fn hash(s: &str) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    s.hash(&mut hasher);
    hasher.finish()
}

/// How many independent parts a packed index is split into: built in parallel, a few at
/// a time.
pub(crate) const SHARDS: usize = 64;

/// How many shards [`IdTable::index_all`] builds at once: bounds the ids waiting to be
/// indexed to a quarter of them, never a second copy of every number.
const SHARDS_AT_ONCE: usize = 16;

/// The shard of a hash: its top six bits (the packed buckets take the bits after them).
fn shard(hash: u64) -> usize {
    (hash >> 58) as usize
}

/// The tag of a hash, compared before the ids themselves: the top byte of the hash
/// mixed again (FxHash's middle bits vary little between ids that differ in a digit).
fn tag(hash: u64) -> u8 {
    (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as u8
}

/// The ids a packed shard holds per bucket, on average: a bucket is scanned tag by tag.
const IDS_PER_BUCKET: usize = 4;

/// Ids from which a table may be packed: below, the memory saved is a few megabytes.
const PACK_FROM: usize = 1 << 20;

/// Whether `n` ids are better packed: many, and a hash table of them would take a
/// quarter more memory than the packed index (a power of two of slots at most seven
/// eighths full costs five to eleven bytes an id; the packed index about six). A
/// look-up in a packed index takes more steps, so small tables are never packed.
fn worth_packing(n: usize) -> bool {
    let slots = (n.saturating_mul(8) / 7).next_power_of_two();
    let table = slots * 5;
    let packed = n * 4 + n + n.div_ceil(IDS_PER_BUCKET) * 4;
    n >= PACK_FROM && table * 4 > packed * 5
}

/// One shard of a packed index: its ids' numbers grouped by bucket, with a byte of
/// each one's hash beside. Six bytes an id, against a hash table's five to eleven
/// (a power of two of slots, at most seven eighths full).
#[derive(Clone, Debug, Default)]
pub(crate) struct PackedShard {
    /// Bucket `b`'s entries are `starts[b]..starts[b + 1]`.
    pub(crate) starts: Vec<u32>,
    pub(crate) numbers: Vec<u32>,
    pub(crate) tags: Vec<u8>,
}

impl PackedShard {
    /// Packs `numbers` (distinct ids, with their hashes).
    fn new(numbers: &[u32], hashes: &[u64]) -> Self {
        Self::bucketed(numbers, hashes).0
    }

    /// Packs `numbers` with their `hashes` (repeats allowed), each bucket's in the
    /// order given, and returns beside it each packed entry's whole hash.
    fn bucketed(numbers: &[u32], hashes: &[u64]) -> (Self, Vec<u64>) {
        let buckets = numbers.len().div_ceil(IDS_PER_BUCKET).max(1);
        let bucket = |h: u64| Self::bucket(h, buckets);
        let mut starts = vec![0u32; buckets + 1];
        for &h in hashes {
            starts[bucket(h) + 1] += 1;
        }
        for b in 0..buckets {
            starts[b + 1] += starts[b];
        }
        let mut next = starts.clone();
        let (mut packed, mut tags) = (vec![0u32; numbers.len()], vec![0u8; numbers.len()]);
        let mut whole = vec![0u64; numbers.len()];
        for (&i, &h) in numbers.iter().zip(hashes) {
            let k = &mut next[bucket(h)];
            packed[*k as usize] = i;
            tags[*k as usize] = tag(h);
            whole[*k as usize] = h;
            *k += 1;
        }
        let shard = Self {
            starts,
            numbers: packed,
            tags,
        };
        (shard, whole)
    }

    /// The bucket of a hash among `buckets`: the bits after the shard's, scaled.
    fn bucket(hash: u64, buckets: usize) -> usize {
        ((u128::from(hash << 6) * buckets as u128) >> 64) as usize
    }

    /// Where the entries of the bucket of the hash `h` are.
    fn bucket_of(&self, h: u64) -> std::ops::Range<usize> {
        let b = Self::bucket(h, self.starts.len() - 1);
        self.starts[b] as usize..self.starts[b + 1] as usize
    }

    /// The number whose id is `s`, `get` giving each number's id.
    fn find<'a>(&self, h: u64, s: &str, get: impl Fn(u32) -> &'a str) -> Option<u32> {
        let range = self.bucket_of(h);
        let t = tag(h);
        self.tags[range.clone()]
            .iter()
            .zip(&self.numbers[range])
            .find(|&(&x, &i)| x == t && get(i) == s)
            .map(|(_, &i)| i)
    }

    fn heap_bytes(&self) -> usize {
        self.starts.capacity() * 4 + self.numbers.capacity() * 4 + self.tags.capacity()
    }
}

/// Ids with a hash index on them: each id's number is its position in the arena.
///
/// Two uses: *interned* (each distinct id once: record kinds that others refer to,
/// where a reference may come before the record itself) and *per record* (every
/// record's id, the index pointing at the first record with each id).
///
/// The index has two parts: a packed one over the ids there when the book was loaded
/// ([`IdTable::index_all`]), compact and read-only, and a hash table over the ids
/// added since (live appends, or every id while a store is filled by interning).
#[derive(Clone, Debug)]
pub(crate) struct IdTable {
    pub(crate) strings: Strings,
    /// The packed index of the first `packed_len` ids, by [`shard`].
    pub(crate) packed: Vec<PackedShard>,
    pub(crate) packed_len: usize,
    /// The ids numbered `packed_len` or more that are first occurrences.
    pub(crate) loose: HashTable<u32>,
    /// The number [`IdTable::intern`] gave last: records name the same id many times
    /// in a row (an account's contacts and activities its account), and comparing
    /// with it costs less than hashing and probing.
    pub(crate) recent: Option<u32>,
}

impl Default for IdTable {
    fn default() -> Self {
        Self {
            strings: Strings::default(),
            packed: Vec::new(),
            packed_len: 0,
            loose: HashTable::new(),
            recent: None,
        }
    }
}

/// The look-ups [`read_ahead`] reads ahead at once: enough that a step's reads overlap,
/// few enough that what they bring stays in the cache until the look-ups use it.
pub(crate) const READ_AHEAD: usize = 32;

/// Ids from which a table's look-ups are worth reading ahead: a smaller table (its text,
/// index and arena, a few megabytes at most) mostly stays in the cache.
pub(crate) const READ_AHEAD_FROM: usize = 1 << 16;

/// Reads ahead what looking up each of `ids` (an id and its table) will read, a step at
/// a time for [`READ_AHEAD`] of them: first each id's likely number (the first entry of
/// its bucket with its tag, in the packed index or the hash table), then where that
/// number's string starts, then the string. A step's reads do not wait on each other,
/// so their cache misses overlap; the look-ups that follow find the memory in the
/// cache.
///
/// Why: in a big book a look-up is a chain of four or five cache misses, each waiting
/// on the one before (see DESIGN.md, "Look-ups read ahead"); one after the other, an
/// append's look-ups wait on a dozen or more in a row.
pub(crate) fn read_ahead(ids: &[(&IdTable, &str)]) {
    for ids in ids.chunks(READ_AHEAD) {
        let mut numbers = [None; READ_AHEAD];
        for ((table, s), number) in ids.iter().zip(&mut numbers) {
            let h = hash(s);
            let t = tag(h);
            *number = table
                .packed
                .get(shard(h))
                .and_then(|p| {
                    let range = p.bucket_of(h);
                    let k = p.tags[range.clone()].iter().position(|&x| x == t)?;
                    Some(p.numbers[range.start + k])
                })
                .or_else(|| table.loose.find(h, |_| true).copied());
        }
        let mut starts = [None; READ_AHEAD];
        for (((table, _), number), start) in ids.iter().zip(&numbers).zip(&mut starts) {
            let strings = &table.strings;
            *start = number
                .filter(|&i| (i as usize) < strings.len())
                .map(|i| strings.start(i as usize));
        }
        let mut firsts = [0u8; READ_AHEAD];
        for (((table, _), start), first) in ids.iter().zip(&starts).zip(&mut firsts) {
            let text = table.strings.text.as_bytes();
            *first = start.and_then(|at| text.get(at)).copied().unwrap_or(0);
        }
        std::hint::black_box(firsts);
    }
}

/// Reads ahead the strings of `numbers` (an id table and a number in it each), a step at
/// a time as [`read_ahead`] does: where each string starts, then its first byte. For
/// ids about to be written out (a call list's rows), whose look-ups by number are two
/// or three cache misses each.
pub(crate) fn read_ahead_numbers(numbers: &[(&IdTable, u32)]) {
    for numbers in numbers.chunks(READ_AHEAD) {
        let mut starts = [None; READ_AHEAD];
        for ((table, i), start) in numbers.iter().zip(&mut starts) {
            let strings = &table.strings;
            *start = ((*i as usize) < strings.len()).then(|| strings.start(*i as usize));
        }
        let mut firsts = [0u8; READ_AHEAD];
        for (((table, _), start), first) in numbers.iter().zip(&starts).zip(&mut firsts) {
            let text = table.strings.text.as_bytes();
            *first = start.and_then(|at| text.get(at)).copied().unwrap_or(0);
        }
        std::hint::black_box(firsts);
    }
}

/// One shard packed and the repeated ids found packing it.
type ShardBuilt = (PackedShard, Vec<(u32, u32)>);

impl IdTable {
    /// The number of ids.
    pub(crate) fn len(&self) -> usize {
        self.strings.len()
    }

    /// The id numbered `i`.
    pub(crate) fn str(&self, i: u32) -> &str {
        self.strings.get(i)
    }

    /// Whether the id numbered `i` is empty: one byte read, where [`IdTable::str`]
    /// reads three places.
    pub(crate) fn is_empty_at(&self, i: u32) -> bool {
        self.strings.lens[i as usize] == 0
    }

    fn find(&self, h: u64, s: &str) -> Option<u32> {
        let strings = &self.strings;
        self.packed
            .get(shard(h))
            .and_then(|p| p.find(h, s, |i| strings.get(i)))
            .or_else(|| self.loose.find(h, |&i| strings.get(i) == s).copied())
    }

    /// The number of the id `s`, if it is in the table (the first, for per-record use).
    pub(crate) fn get(&self, s: &str) -> Option<u32> {
        self.find(hash(s), s)
    }

    /// The number of `s`, added when new.
    pub(crate) fn intern(&mut self, s: &str) -> Result<u32> {
        if let Some(r) = self.recent
            && self.strings.get(r) == s
        {
            return Ok(r);
        }
        let h = hash(s);
        let i = match self.find(h, s) {
            Some(i) => i,
            None => {
                let i = self.strings.push(s)?;
                let strings = &self.strings;
                self.loose.insert_unique(h, i, |&j| hash(strings.get(j)));
                i
            }
        };
        self.recent = Some(i);
        Ok(i)
    }

    /// Appends `s` whether or not it is already there, returning its number and the
    /// number of the first equal id when there was one (the index keeps pointing there).
    pub(crate) fn push(&mut self, s: &str) -> Result<(u32, Option<u32>)> {
        let h = hash(s);
        let first = self.find(h, s);
        let i = self.strings.push(s)?;
        if first.is_none() {
            let strings = &self.strings;
            self.loose.insert_unique(h, i, |&j| hash(strings.get(j)));
        }
        Ok((i, first))
    }

    /// Indexes in the hash table the ids numbered past the packed ones that are first
    /// occurrences (a table read back with its packed index, or with none).
    pub(crate) fn index_unpacked(&mut self) {
        self.loose = HashTable::new();
        for i in self.packed_len as u32..self.strings.len() as u32 {
            let s = self.strings.get(i);
            let h = hash(s);
            if self.find(h, s).is_none() {
                let strings = &self.strings;
                self.loose.insert_unique(h, i, |&j| hash(strings.get(j)));
            }
        }
    }

    /// Makes room for `n` more ids of `bytes` bytes in all.
    pub(crate) fn reserve(&mut self, n: usize, bytes: usize) {
        self.strings.reserve(n, bytes);
    }

    /// Appends `s` without indexing it: [`IdTable::index_all`] indexes every id later,
    /// in parallel.
    pub(crate) fn push_unindexed(&mut self, s: &str) -> Result<u32> {
        self.strings.push(s)
    }

    /// Whether the table is worth packing and is not packed yet.
    pub(crate) fn should_pack(&self) -> bool {
        self.packed_len == 0 && worth_packing(self.len())
    }

    /// Indexes every id, each pointing at its first occurrence, and returns the later
    /// occurrences as (number, first number), in order.
    ///
    /// A big table whose hash table would be much bigger than the packed index
    /// ([`worth_packing`]) is packed: [`SHARDS_AT_ONCE`] shards at a time, each on its
    /// own thread, from the ids of those shards in order, so the first occurrence of an
    /// id is the one kept on any number of threads. Any other goes in the hash table,
    /// which looks ids up in fewer steps.
    pub(crate) fn index_all(&mut self) -> Vec<(u32, u32)> {
        self.index(worth_packing(self.len()))
    }

    /// [`IdTable::index_all`], packed or not as told.
    fn index(&mut self, pack: bool) -> Vec<(u32, u32)> {
        let n = self.strings.len();
        if !pack {
            let mut loose = HashTable::with_capacity(n);
            let mut repeats = Vec::new();
            for i in 0..n as u32 {
                let s = self.strings.get(i);
                let h = hash(s);
                let strings = &self.strings;
                match loose.find(h, |&j| strings.get(j) == s) {
                    Some(&first) => repeats.push((i, first)),
                    None => {
                        loose.insert_unique(h, i, |&j| hash(strings.get(j)));
                    }
                }
            }
            self.packed = Vec::new();
            self.packed_len = 0;
            self.loose = loose;
            return repeats;
        }
        let strings = &self.strings;
        let shard_of: Vec<u8> = (0..n as u32)
            .into_par_iter()
            .map(|i| shard(hash(strings.get(i))) as u8)
            .collect();
        let mut repeats = Vec::new();
        let mut packed = Vec::with_capacity(SHARDS);
        let chunk = n.div_ceil(rayon::current_num_threads()).max(1);
        for round in (0..SHARDS).step_by(SHARDS_AT_ONCE) {
            // The numbers of the round's shards, gathered a part of the table at a
            // time on each thread, then put together in order shard by shard.
            let parts: Vec<Vec<Vec<u32>>> = shard_of
                .par_chunks(chunk)
                .enumerate()
                .map(|(c, part)| {
                    let first = (c * chunk) as u32;
                    let mut lists = vec![Vec::new(); SHARDS_AT_ONCE];
                    for (i, &s) in (first..).zip(part) {
                        if let Some(list) = (s as usize)
                            .checked_sub(round)
                            .and_then(|k| lists.get_mut(k))
                        {
                            list.push(i);
                        }
                    }
                    lists
                })
                .collect();
            let built: Vec<ShardBuilt> = (0..SHARDS_AT_ONCE)
                .into_par_iter()
                .map(|k| pack_shard(strings, parts.iter().flat_map(|p| &p[k]).copied().collect()))
                .collect();
            for (shard, r) in built {
                repeats.extend(r);
                packed.push(shard);
            }
        }
        self.packed = packed;
        self.packed_len = n;
        self.loose = HashTable::new();
        repeats.sort_unstable();
        repeats
    }

    /// Removes every id numbered `len` or more (an append that was refused).
    pub(crate) fn truncate(&mut self, len: usize) {
        self.recent = self.recent.filter(|&r| (r as usize) < len);
        for i in len.max(self.packed_len)..self.strings.len() {
            let h = hash(self.strings.get(i as u32));
            if let Ok(entry) = self.loose.find_entry(h, |&j| j == i as u32) {
                entry.remove();
            }
        }
        self.strings.truncate(len);
        if len < self.packed_len {
            // Not reached by appends (they cut back to where they began, after the
            // packed ids), kept correct all the same.
            self.index(true);
        }
    }

    /// Removes the id numbered `i`: the ids after it are numbered one lower. Costs
    /// the ids after it (each is indexed again), so removing a recent id is cheap.
    pub(crate) fn remove(&mut self, i: usize) -> Result<()> {
        let later: Vec<String> = (i + 1..self.len())
            .map(|k| self.str(k as u32).to_owned())
            .collect();
        self.truncate(i);
        for id in &later {
            self.push(id)?;
        }
        Ok(())
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
                .packed
                .iter()
                .map(PackedShard::heap_bytes)
                .sum::<usize>()
            + self.loose.allocation_size()
    }

    /// Frees spare capacity.
    pub(crate) fn shrink(&mut self) {
        self.strings.shrink();
        let strings = &self.strings;
        self.loose.shrink_to_fit(|&j| hash(strings.get(j)));
    }
}

/// Packs one shard's ids (their numbers in order), finding the repeated ones.
///
/// Every number goes in its bucket first, repeats and all, in order; then each entry
/// is compared with the ones before it in its bucket that have its whole hash (a
/// bucket's ids in sorted order when it is big, so that no input makes this
/// quadratic). Walking the buckets in order reads memory in order, where a hash table
/// of the ids seen so far was probed at random (see DESIGN.md for the figures).
fn pack_shard(strings: &Strings, numbers: Vec<u32>) -> ShardBuilt {
    let hashes: Vec<u64> = numbers.iter().map(|&i| hash(strings.get(i))).collect();
    let (shard, whole) = PackedShard::bucketed(&numbers, &hashes);
    let mut repeats = Vec::new();
    for b in shard.starts.windows(2) {
        let range = b[0] as usize..b[1] as usize;
        repeats_in(
            strings,
            &shard.numbers[range.clone()],
            &whole[range],
            &mut repeats,
        );
    }
    if repeats.is_empty() {
        return (shard, repeats);
    }
    // Only a book with repeated ids, which validation refuses, comes here.
    let mut repeated: Vec<u32> = repeats.iter().map(|&(i, _)| i).collect();
    repeated.sort_unstable();
    let (kept, kept_hashes): (Vec<u32>, Vec<u64>) = numbers
        .iter()
        .zip(&hashes)
        .filter(|(i, _)| repeated.binary_search(i).is_err())
        .unzip();
    (PackedShard::new(&kept, &kept_hashes), repeats)
}

/// Entries past which a bucket is sorted rather than compared pair by pair.
const SMALL_BUCKET: usize = 16;

/// Adds to `repeats` the (number, first number) of each entry of one bucket (numbers in
/// order, with their whole hashes) whose id an earlier entry has.
fn repeats_in(strings: &Strings, numbers: &[u32], hashes: &[u64], repeats: &mut Vec<(u32, u32)>) {
    if numbers.len() <= SMALL_BUCKET {
        for k in 1..numbers.len() {
            let s = strings.get(numbers[k]);
            if let Some(j) =
                (0..k).find(|&j| hashes[j] == hashes[k] && strings.get(numbers[j]) == s)
            {
                repeats.push((numbers[k], numbers[j]));
            }
        }
        return;
    }
    let mut order: Vec<usize> = (0..numbers.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        (hashes[a], strings.get(numbers[a]), numbers[a]).cmp(&(
            hashes[b],
            strings.get(numbers[b]),
            numbers[b],
        ))
    });
    for same in order.chunk_by(|&a, &b| {
        hashes[a] == hashes[b] && strings.get(numbers[a]) == strings.get(numbers[b])
    }) {
        let first = numbers[same[0]];
        repeats.extend(same[1..].iter().map(|&k| (numbers[k], first)));
    }
}

/// A column where few rows have a value: (row, value) pairs in row order, with the
/// place of the first pair of each block of [`SPARSE_BLOCK`] rows, so that a look-up
/// searches one block's pairs rather than the whole column (a binary search of millions
/// of pairs missed the cache at every step: reading a big book's activities in order
/// spent a fifth of its time there).
#[derive(Clone, Debug)]
pub(crate) struct Sparse<T> {
    pub(crate) rows: Vec<u32>,
    pub(crate) values: Vec<T>,
    /// `starts[b]`: the first pair whose row is `b * SPARSE_BLOCK` or more; one entry
    /// per block up to the block of the last row.
    starts: Vec<u32>,
}

/// Rows a [`Sparse`] block spans.
const SPARSE_BLOCK: u32 = 1024;

impl<T> Default for Sparse<T> {
    fn default() -> Self {
        Self {
            rows: Vec::new(),
            values: Vec::new(),
            starts: Vec::new(),
        }
    }
}

impl<T: Copy> Sparse<T> {
    /// The column of the pairs `rows` (in increasing order) and `values` (as many).
    pub(crate) fn new(rows: Vec<u32>, values: Vec<T>) -> Self {
        debug_assert!(rows.windows(2).all(|w| w[0] < w[1]));
        debug_assert_eq!(rows.len(), values.len());
        let blocks = rows.last().map_or(0, |&r| r / SPARSE_BLOCK + 1);
        let mut starts = Vec::with_capacity(blocks as usize);
        let mut k = 0;
        for b in 0..blocks {
            while rows.get(k).is_some_and(|&r| r < b * SPARSE_BLOCK) {
                k += 1;
            }
            starts.push(k as u32);
        }
        Self {
            rows,
            values,
            starts,
        }
    }

    /// Sets the value of `row`, which comes after every row set so far.
    pub(crate) fn push(&mut self, row: u32, value: T) {
        debug_assert!(self.rows.last().is_none_or(|&r| r < row));
        let at = self.rows.len() as u32;
        // Every pair so far lies in a block before the new ones.
        while self.starts.len() as u32 <= row / SPARSE_BLOCK {
            self.starts.push(at);
        }
        self.rows.push(row);
        self.values.push(value);
    }

    /// Sets or clears the value of `row`, wherever it falls (later rows move along).
    pub(crate) fn set(&mut self, row: u32, value: Option<T>) {
        let block = (row / SPARSE_BLOCK) as usize;
        match (self.find(row), value) {
            (Ok(k), Some(v)) => self.values[k] = v,
            (Ok(k), None) => {
                self.rows.remove(k);
                self.values.remove(k);
                for s in self.starts.iter_mut().skip(block + 1) {
                    *s -= 1;
                }
            }
            (Err(k), Some(v)) => {
                while self.starts.len() <= block {
                    self.starts.push(self.rows.len() as u32);
                }
                self.rows.insert(k, row);
                self.values.insert(k, v);
                for s in self.starts.iter_mut().skip(block + 1) {
                    *s += 1;
                }
            }
            (Err(_), None) => {}
        }
    }

    /// Where `row`'s pair is (`Ok`), or would go (`Err`), as `binary_search` says.
    fn find(&self, row: u32) -> std::result::Result<usize, usize> {
        let block = (row / SPARSE_BLOCK) as usize;
        let Some(&lo) = self.starts.get(block) else {
            return Err(self.rows.len());
        };
        let hi = self
            .starts
            .get(block + 1)
            .map_or(self.rows.len(), |&h| h as usize);
        let lo = lo as usize;
        match self.rows[lo..hi].binary_search(&row) {
            Ok(k) => Ok(lo + k),
            Err(k) => Err(lo + k),
        }
    }

    /// The value of `row`, if it has one.
    pub(crate) fn get(&self, row: u32) -> Option<T> {
        // Most such columns of most books are empty.
        if self.rows.is_empty() {
            return None;
        }
        self.find(row).ok().map(|k| self.values[k])
    }

    /// Removes the values of rows `len` and after.
    pub(crate) fn truncate(&mut self, len: u32) {
        let keep = self.rows.partition_point(|&r| r < len);
        self.rows.truncate(keep);
        self.values.truncate(keep);
        self.starts.truncate(len.div_ceil(SPARSE_BLOCK) as usize);
        for s in &mut self.starts {
            *s = (*s).min(keep as u32);
        }
    }

    /// Every (row, value), in row order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u32, T)> + '_ {
        self.rows.iter().copied().zip(self.values.iter().copied())
    }

    /// The bytes held (for the memory figures).
    pub(crate) fn heap_bytes(&self) -> usize {
        (self.rows.capacity() + self.starts.capacity()) * 4
            + self.values.capacity() * std::mem::size_of::<T>()
    }
}

/// A bit per row.
#[derive(Clone, Debug, Default)]
pub(crate) struct Bits {
    pub(crate) words: Vec<u64>,
    pub(crate) len: usize,
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

    /// A table read back with `loaded` (indexed, packed or not) that then took `added`.
    fn loaded_then_added(loaded: &[String], added: &[String], pack: bool) -> IdTable {
        let mut table = IdTable::default();
        for id in loaded {
            table.push_unindexed(id).unwrap();
        }
        table.index(pack);
        for id in added {
            table.push(id).unwrap();
        }
        table
    }

    proptest! {
        #[test]
        fn block_sums_and_long_marks_are_those_of_the_bytes(
            bytes in proptest::array::uniform16(prop_oneof![3 => any::<u8>(), 1 => Just(LONG)]),
            before in 0usize..17,
        ) {
            let mask = u128::MAX.checked_shr(128 - 8 * before as u32).unwrap_or(0);
            let x = u128::from_le_bytes(bytes) & mask;
            let sum: usize = bytes[..before].iter().map(|&b| b as usize).sum();
            prop_assert_eq!(byte_sum(x), sum);
            prop_assert_eq!(has_long(x, mask), bytes[..before].contains(&LONG));
        }

        #[test]
        fn a_sparse_column_answers_as_a_map_of_its_rows(
            pushed in proptest::collection::btree_map(0u32..5000, any::<u8>(), 0..60),
            changes in proptest::collection::vec((0u32..6000, proptest::option::of(any::<u8>())), 0..30),
            cut in 0u32..6500,
            later in proptest::collection::btree_map(6500u32..9000, any::<u8>(), 0..10),
        ) {
            // Built by pushes, or at once, then changed anywhere, cut, pushed onto.
            let mut model = pushed.clone();
            let mut column = Sparse::default();
            for (&row, &v) in &pushed {
                column.push(row, v);
            }
            let at_once = Sparse::new(pushed.keys().copied().collect(), pushed.values().copied().collect());
            let rows = 0..9100u32;
            for row in rows.clone() {
                prop_assert_eq!(column.get(row), model.get(&row).copied());
                prop_assert_eq!(at_once.get(row), model.get(&row).copied());
            }
            for &(row, v) in &changes {
                column.set(row, v);
                match v {
                    Some(v) => model.insert(row, v),
                    None => model.remove(&row),
                };
            }
            column.truncate(cut);
            model.retain(|&row, _| row < cut);
            for (&row, &v) in &later {
                column.push(row, v);
                model.insert(row, v);
            }
            for row in rows {
                prop_assert_eq!(column.get(row), model.get(&row).copied(), "row {}", row);
            }
            prop_assert!(column.iter().eq(model.iter().map(|(&r, &v)| (r, v))));
        }

        #[test]
        fn strings_give_back_what_was_pushed(
            texts in proptest::collection::vec(prop_oneof![4 => ".{0,12}", 1 => "[a-z]{250,300}"], 0..40),
            cut in 0usize..45,
        ) {
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
        fn an_id_table_finds_each_id_at_its_first_place(
            // The second: a few ids many times over, so that buckets are big.
            ids in prop_oneof![
                proptest::collection::vec("[a-c]{0,2}", 0..60),
                proptest::collection::vec("[a-b]{0,1}", 0..200),
            ],
        ) {
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
            let mut packed = bulk.clone();
            prop_assert_eq!(bulk.index_all(), repeats.clone());
            prop_assert_eq!(packed.index(true), repeats);
            for (i, id) in ids.iter().enumerate() {
                let first = ids.iter().position(|x| x == id).unwrap() as u32;
                prop_assert_eq!(packed.get(id), Some(first));
                prop_assert_eq!(packed.str(i as u32), id.as_str());
            }
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
        fn ids_added_after_indexing_are_found_and_cut_back(
            loaded in proptest::collection::vec("[a-d]{0,2}", 0..60),
            added in proptest::collection::vec("[a-f]{0,2}", 0..30),
            cut in 0usize..100,
            pack in any::<bool>(),
        ) {
            let mut table = loaded_then_added(&loaded, &added, pack);
            let all: Vec<&String> = loaded.iter().chain(&added).collect();
            let first = |ids: &[&String], id: &str| ids.iter().position(|x| *x == id).map(|p| p as u32);
            for id in ["", "a", "b", "ab", "dd", "ff", "zz"] {
                prop_assert_eq!(table.get(id), first(&all, id));
            }
            let cut = cut.min(all.len());
            table.truncate(cut);
            table.push("new").unwrap();
            // Reading ahead reads any table, for ids there or not, and changes nothing.
            let probes = ["", "a", "b", "ab", "dd", "ff", "zz", "new"].map(|id| (&table, id));
            read_ahead(&probes.repeat(READ_AHEAD / 4));
            // So does reading ahead by number, past the last too.
            let numbers: Vec<(&IdTable, u32)> =
                (0..=table.len() as u32 + 1).map(|i| (&table, i)).collect();
            read_ahead_numbers(&numbers.repeat(3));
            for id in ["", "a", "b", "ab", "dd", "ff", "zz"] {
                prop_assert_eq!(table.get(id), first(&all[..cut], id));
            }
            prop_assert_eq!(table.get("new"), Some(cut as u32));
        }

        #[test]
        fn removing_an_id_numbers_the_later_ones_one_lower(
            loaded in proptest::collection::vec("[a-d]{0,2}", 1..60),
            added in proptest::collection::vec("[a-f]{0,2}", 0..30),
            at in any::<proptest::sample::Index>(),
            pack in any::<bool>(),
        ) {
            let mut table = loaded_then_added(&loaded, &added, pack);
            let mut all: Vec<&String> = loaded.iter().chain(&added).collect();
            let at = at.index(all.len());
            table.remove(at).unwrap();
            all.remove(at);
            prop_assert_eq!(table.len(), all.len());
            for (i, id) in all.iter().enumerate() {
                prop_assert_eq!(table.str(i as u32), id.as_str());
            }
            for id in ["", "a", "b", "ab", "dd", "ff", "zz"] {
                prop_assert_eq!(table.get(id), all.iter().position(|x| *x == id).map(|p| p as u32));
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

//! The book's indexes: records grouped by account and by owner, as positions.
//!
//! Groups are stored flat (compressed sparse rows: one offsets array, one items array)
//! so that a book of a million accounts costs a few bytes per record and a look-up is
//! two array reads. Groups that grow while the book is in use (tasks, campaign
//! responses, event attendees) keep what was added since they were built in a short
//! list per group (a tail), merged in when the tails grow long. Activities are grouped
//! by their own storage (see `store::activities`).

use super::store::Store;
use crate::error::RecordKind;
use rustc_hash::FxHashMap;

/// Items grouped by a dense group number, in compressed-sparse-row form.
#[derive(Clone, Debug, Default)]
pub(crate) struct Grouped {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl Grouped {
    /// Groups `(group, item)` pairs; within a group, items keep the order given.
    pub(crate) fn build(groups: usize, pairs: impl Iterator<Item = (u32, u32)> + Clone) -> Self {
        let mut offsets = vec![0u32; groups + 1];
        for (g, _) in pairs.clone() {
            offsets[g as usize + 1] += 1;
        }
        for g in 0..groups {
            offsets[g + 1] += offsets[g];
        }
        let mut next = offsets.clone();
        let mut items = vec![0u32; offsets[groups] as usize];
        for (g, item) in pairs {
            let slot = &mut next[g as usize];
            items[*slot as usize] = item;
            *slot += 1;
        }
        Self { offsets, items }
    }

    /// The items of group `g`.
    pub(crate) fn get(&self, g: u32) -> &[u32] {
        let g = g as usize;
        &self.items[self.offsets[g] as usize..self.offsets[g + 1] as usize]
    }

    /// Inserts `item` into group `g`, after the group's items whose key is not above
    /// its own (a copy of the items after it: for rare changes, such as an owner or a
    /// hand-off added to a loaded book).
    pub(crate) fn insert<K: Ord>(&mut self, g: u32, item: u32, key: impl Fn(u32) -> K) {
        let g = g as usize;
        let (lo, hi) = (self.offsets[g] as usize, self.offsets[g + 1] as usize);
        let k = key(item);
        let at = lo + self.items[lo..hi].partition_point(|&x| key(x) <= k);
        self.items.insert(at, item);
        for end in &mut self.offsets[g + 1..] {
            *end += 1;
        }
    }

    /// Removes `item` from group `g`, and numbers every item after it one lower (the
    /// record at `item` left its collection).
    pub(crate) fn remove(&mut self, g: u32, item: u32) {
        let g = g as usize;
        let (lo, hi) = (self.offsets[g] as usize, self.offsets[g + 1] as usize);
        if let Some(k) = self.items[lo..hi].iter().position(|&x| x == item) {
            self.items.remove(lo + k);
            for end in &mut self.offsets[g + 1..] {
                *end -= 1;
            }
        }
        for x in &mut self.items {
            if *x > item {
                *x -= 1;
            }
        }
    }

    fn groups(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    fn sort_each_by_key<K: Ord>(&mut self, key: impl Fn(u32) -> K) {
        for g in 0..self.groups() {
            let (lo, hi) = (self.offsets[g] as usize, self.offsets[g + 1] as usize);
            self.items[lo..hi].sort_by_key(|&i| key(i));
        }
    }

    fn heap_bytes(&self) -> usize {
        (self.offsets.capacity() + self.items.capacity()) * 4
    }
}

/// A [`Grouped`] that grows: items added since it was built wait in a tail per group,
/// each tail in the group's order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Groups {
    flat: Grouped,
    tail: FxHashMap<u32, Vec<u32>>,
    tail_len: usize,
}

/// Tails are merged once they hold this many items and an eighth of all.
const MIN_TAIL: usize = 64;

impl Groups {
    fn new(flat: Grouped) -> Self {
        Self {
            flat,
            ..Self::default()
        }
    }

    /// The items of group `g`: those grouped when built, and those added since.
    pub(crate) fn get(&self, g: u32) -> (&[u32], &[u32]) {
        (
            self.flat.get(g),
            self.tail.get(&g).map_or(&[], Vec::as_slice),
        )
    }

    /// Adds `item` to group `g`, after the tail's items whose key is below its own.
    pub(crate) fn add<K: Ord>(&mut self, g: u32, item: u32, key: impl Fn(u32) -> K) {
        let tail = self.tail.entry(g).or_default();
        let k = key(item);
        let at = tail.partition_point(|&x| key(x) < k);
        tail.insert(at, item);
        self.tail_len += 1;
    }

    /// Merges the tails in when they are long, each group's items ordered by `key`.
    pub(crate) fn settle<K: Ord>(&mut self, key: impl Fn(u32) -> K) {
        if self.tail_len < MIN_TAIL || self.tail_len < self.flat.items.len() / 8 {
            return;
        }
        let groups = self.flat.groups();
        let mut pairs = Vec::with_capacity(self.flat.items.len() + self.tail_len);
        for g in 0..groups as u32 {
            let (flat, tail) = self.get(g);
            pairs.extend(Merge::new(flat, tail, &key).map(|i| (g, i)));
        }
        self.flat = Grouped::build(groups, pairs.into_iter());
        self.tail.clear();
        self.tail_len = 0;
    }

    fn heap_bytes(&self) -> usize {
        self.flat.heap_bytes()
            + self
                .tail
                .values()
                .map(|t| t.capacity() * 4 + 16)
                .sum::<usize>()
    }
}

/// A run of positions: a slice of them, or a range.
pub(crate) trait Run {
    fn len(&self) -> usize;
    fn at(&self, i: usize) -> u32;
}

impl Run for &[u32] {
    fn len(&self) -> usize {
        <[u32]>::len(self)
    }
    fn at(&self, i: usize) -> u32 {
        self[i]
    }
}

impl Run for std::ops::Range<u32> {
    fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
    fn at(&self, i: usize) -> u32 {
        self.start + i as u32
    }
}

/// Two runs each in order of `key`, merged (ties: the first run's first), from either
/// end.
pub(crate) struct Merge<A, B, F> {
    a: A,
    b: B,
    a_range: (usize, usize),
    b_range: (usize, usize),
    key: F,
}

impl<A: Run, B: Run, K: Ord, F: Fn(u32) -> K> Merge<A, B, F> {
    pub(crate) fn new(a: A, b: B, key: F) -> Self {
        let (na, nb) = (a.len(), b.len());
        Self {
            a,
            b,
            a_range: (0, na),
            b_range: (0, nb),
            key,
        }
    }
}

impl<A: Run, B: Run, K: Ord, F: Fn(u32) -> K> Iterator for Merge<A, B, F> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        let (a_lo, a_hi) = self.a_range;
        let (b_lo, b_hi) = self.b_range;
        let take_a = a_lo < a_hi
            && (b_lo == b_hi || (self.key)(self.a.at(a_lo)) <= (self.key)(self.b.at(b_lo)));
        if take_a {
            self.a_range.0 += 1;
            Some(self.a.at(a_lo))
        } else if b_lo < b_hi {
            self.b_range.0 += 1;
            Some(self.b.at(b_lo))
        } else {
            None
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.a_range.1 - self.a_range.0 + self.b_range.1 - self.b_range.0;
        (n, Some(n))
    }
}

impl<A: Run, B: Run, K: Ord, F: Fn(u32) -> K> DoubleEndedIterator for Merge<A, B, F> {
    fn next_back(&mut self) -> Option<u32> {
        let (a_lo, a_hi) = self.a_range;
        let (b_lo, b_hi) = self.b_range;
        let take_a = a_lo < a_hi
            && (b_lo == b_hi || (self.key)(self.a.at(a_hi - 1)) > (self.key)(self.b.at(b_hi - 1)));
        if take_a {
            self.a_range.1 -= 1;
            Some(self.a.at(a_hi - 1))
        } else if b_lo < b_hi {
            self.b_range.1 -= 1;
            Some(self.b.at(b_hi - 1))
        } else {
            None
        }
    }
}

impl<A: Run, B: Run, K: Ord, F: Fn(u32) -> K> ExactSizeIterator for Merge<A, B, F> {}

/// Every index a [`Book`](crate::Book) keeps besides its activities' grouping. Built
/// once, after validation.
#[derive(Clone, Debug, Default)]
pub(crate) struct Index {
    pub(crate) contacts_by_account: Grouped,
    pub(crate) opportunities_by_account: Grouped,
    pub(crate) memberships_by_account: Grouped,
    /// Each account's hand-offs, oldest first.
    pub(crate) handoffs_by_account: Grouped,
    pub(crate) accounts_by_owner: Grouped,
    /// Each account's tasks, in book order.
    pub(crate) tasks_by_account: Groups,
    /// Each campaign's responses (positions in the store's responses), in book order.
    pub(crate) responses_by_campaign: Groups,
    /// Each account's campaign responses (their contact's account), in book order.
    pub(crate) responses_by_account: Groups,
    /// Each event's attendees (positions in the store's attendees), in book order.
    pub(crate) attendees_by_event: Groups,
    /// Each account's event attendees (their contact's account), in book order.
    pub(crate) attendees_by_account: Groups,
}

impl Index {
    /// Indexes a validated store whose numbers are positions, grouping its activities.
    pub(crate) fn build(store: &mut Store) -> Self {
        let n = store.accounts.len();
        let by_account =
            |accounts: &[u32]| Grouped::build(n, (0u32..).zip(accounts).map(|(i, &a)| (a, i)));
        let handoffs_by_account = handoffs_by_account(store);
        let rep_of = |r: u32| r;
        let owner_pairs: Vec<(u32, u32)> = (0..n as u32)
            .flat_map(|a| {
                let x = &store.accounts;
                let mut owners: Vec<u32> = std::iter::once(&x.primary[a as usize])
                    .chain(x.co_owners(a))
                    .map(|o| rep_of(o.rep))
                    .collect();
                owners.sort_unstable();
                owners.dedup();
                owners.into_iter().map(move |r| (r, a))
            })
            .collect();
        let contact_account = &store.contacts.account;
        let index = Self {
            contacts_by_account: by_account(contact_account),
            opportunities_by_account: by_account(&store.opportunities.account),
            memberships_by_account: by_account(&store.memberships.account),
            handoffs_by_account,
            accounts_by_owner: Grouped::build(store.reps.len(), owner_pairs.into_iter()),
            tasks_by_account: Groups::new(by_account(&store.tasks.account)),
            responses_by_campaign: Groups::new(by_group(
                store.campaigns.len(),
                &store.responses.campaign,
            )),
            responses_by_account: Groups::new(Grouped::build(
                n,
                (0u32..)
                    .zip(&store.responses.contact)
                    .map(|(r, &c)| (contact_account[c as usize], r)),
            )),
            attendees_by_event: Groups::new(by_group(store.events.len(), &store.attendees.event)),
            attendees_by_account: Groups::new(Grouped::build(
                n,
                (0u32..)
                    .zip(&store.attendees.contact)
                    .map(|(r, &c)| (contact_account[c as usize], r)),
            )),
        };
        store.activities.group(n);
        index
    }

    /// The bytes held (for the memory figures).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.contacts_by_account.heap_bytes()
            + self.opportunities_by_account.heap_bytes()
            + self.memberships_by_account.heap_bytes()
            + self.handoffs_by_account.heap_bytes()
            + self.accounts_by_owner.heap_bytes()
            + self.tasks_by_account.heap_bytes()
            + self.responses_by_campaign.heap_bytes()
            + self.responses_by_account.heap_bytes()
            + self.attendees_by_event.heap_bytes()
            + self.attendees_by_account.heap_bytes()
    }
}

/// Each account's hand-offs, oldest first (ties in book order).
fn handoffs_by_account(store: &Store) -> Grouped {
    let account_of = |id: &str| {
        store
            .ids(RecordKind::Account)
            .get(id)
            .expect("a validated book's references resolve")
    };
    let mut grouped = Grouped::build(
        store.accounts.len(),
        (0u32..)
            .zip(&store.handoffs)
            .map(|(i, h)| (account_of(h.account_id.as_str()), i)),
    );
    grouped.sort_each_by_key(|i| store.handoffs[i as usize].at);
    grouped
}

/// Rows grouped by the group number each holds.
fn by_group(groups: usize, group_of: &[u32]) -> Grouped {
    Grouped::build(groups, (0u32..).zip(group_of).map(|(i, &g)| (g, i)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn inserted_and_removed_items_are_the_groups_built_again(
            records in proptest::collection::vec((0u32..6, 0u32..5), 0..40),
            insert in (0u32..6, 0u32..5),
            remove in any::<proptest::sample::Index>(),
        ) {
            // Record `i` is (group, key); the items are record positions, ordered by
            // their record's key within a group (ties in position order), as the
            // hand-offs of an account are by instant.
            let groups = |records: &[(u32, u32)]| {
                let mut g = Grouped::build(6, (0u32..).zip(records).map(|(i, &(g, _))| (g, i)));
                g.sort_each_by_key(|i| records[i as usize].1);
                g
            };
            let mut records = records;
            let mut grouped = groups(&records);
            records.push(insert);
            let n = records.len() as u32 - 1;
            grouped.insert(insert.0, n, |i| records[i as usize].1);
            let rebuilt = groups(&records);
            prop_assert_eq!(&grouped.items, &rebuilt.items);
            prop_assert_eq!(&grouped.offsets, &rebuilt.offsets);
            let gone = remove.index(records.len());
            let (g, _) = records.remove(gone);
            grouped.remove(g, gone as u32);
            let rebuilt = groups(&records);
            prop_assert_eq!(&grouped.items, &rebuilt.items);
            prop_assert_eq!(&grouped.offsets, &rebuilt.offsets);
        }

        #[test]
        fn a_merge_is_the_sorted_union_from_either_end(mut a in proptest::collection::vec(0u32..100, 0..20), mut b in proptest::collection::vec(100u32..200, 0..20), backs in proptest::collection::vec(any::<bool>(), 0..40)) {
            // Keys with ties across the runs: the first run's item comes first.
            let key = |x: u32| x % 100;
            a.sort_by_key(|&x| key(x));
            b.sort_by_key(|&x| key(x));
            let mut all: Vec<u32> = a.iter().chain(&b).copied().collect();
            all.sort_by_key(|&x| (key(x), x >= 100));
            let mut merge = Merge::new(a.as_slice(), b.as_slice(), key);
            let (mut front, mut back) = (Vec::new(), Vec::new());
            for &from_back in backs.iter().chain(std::iter::repeat(&false)).take(all.len()) {
                if from_back {
                    back.push(merge.next_back().unwrap());
                } else {
                    front.push(merge.next().unwrap());
                }
            }
            prop_assert_eq!(merge.next(), None);
            back.reverse();
            front.extend(back);
            // Items with equal keys and from the same run may come in either order
            // only when equal: compare by key and run.
            let seen: Vec<(u32, bool)> = front.iter().map(|&x| (key(x), x >= 100)).collect();
            let expected: Vec<(u32, bool)> = all.iter().map(|&x| (key(x), x >= 100)).collect();
            prop_assert_eq!(seen, expected);
        }
    }
}

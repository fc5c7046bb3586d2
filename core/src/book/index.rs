//! The book's indexes: ids to positions, and records grouped by account and by owner.
//!
//! Groups are stored flat (compressed sparse rows: one offsets array, one items array)
//! so that a book of a million accounts and tens of millions of activities costs a few
//! bytes per record and a look-up is two array reads.

use crate::BookData;
use crate::error::{Error, Result};
use rustc_hash::FxHashMap as HashMap;

/// Items grouped by a dense group number, in compressed-sparse-row form.
#[derive(Clone, Debug, Default)]
pub(crate) struct Grouped {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl Grouped {
    /// Groups `(group, item)` pairs; within a group, items keep the order given.
    fn build(groups: usize, pairs: impl Iterator<Item = (u32, u32)> + Clone) -> Self {
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

    fn sort_each_by_key<K: Ord>(&mut self, key: impl Fn(u32) -> K) {
        for g in 0..self.offsets.len() - 1 {
            let (lo, hi) = (self.offsets[g] as usize, self.offsets[g + 1] as usize);
            self.items[lo..hi].sort_by_key(|&i| key(i));
        }
    }
}

/// The call attempts on each account (outbound calls and voicemails, whatever their
/// outcome), in time order: the instants (microseconds since 1970) and the contact's
/// position ([`NO_CONTACT`] when none), in flat arrays so that counting attempts in a
/// time range is a binary search and a scan of contiguous memory.
#[derive(Clone, Debug, Default)]
pub(crate) struct Attempts {
    offsets: Vec<u32>,
    at: Vec<i64>,
    contact: Vec<u32>,
}

/// The contact position of an attempt logged against the account only.
pub(crate) const NO_CONTACT: u32 = u32::MAX;

impl Attempts {
    /// The attempts on account `a`: instants and contact positions.
    pub(crate) fn of(&self, a: u32) -> (&[i64], &[u32]) {
        let (lo, hi) = (
            self.offsets[a as usize] as usize,
            self.offsets[a as usize + 1] as usize,
        );
        (&self.at[lo..hi], &self.contact[lo..hi])
    }
}

/// Whether an activity counts against the calling caps: an outbound call or voicemail.
pub(crate) fn is_attempt(activity: &crate::Activity) -> bool {
    counts_as_attempt(activity.direction, activity.channel)
}

/// Whether a touch made this way counts against the calling caps: an outbound call or
/// voicemail.
pub(crate) fn counts_as_attempt(direction: crate::Direction, channel: crate::Channel) -> bool {
    direction == crate::Direction::Outbound
        && matches!(channel, crate::Channel::Call | crate::Channel::Voicemail)
}

/// Every index a [`Book`](crate::Book) keeps. Built once, after validation.
#[derive(Clone, Debug, Default)]
pub(crate) struct Index {
    pub(crate) accounts: HashMap<crate::AccountId, u32>,
    pub(crate) contacts: HashMap<crate::ContactId, u32>,
    pub(crate) reps: HashMap<crate::RepId, u32>,
    pub(crate) contacts_by_account: Grouped,
    pub(crate) activities_by_account: Grouped,
    pub(crate) opportunities_by_account: Grouped,
    pub(crate) memberships_by_account: Grouped,
    pub(crate) handoffs_by_account: Grouped,
    pub(crate) accounts_by_owner: Grouped,
    /// Each account's tasks, in book order.
    pub(crate) tasks_by_account: Grouped,
    /// Each account's campaign responses (their contact's account), as positions in
    /// [`Index::responses`], in book order.
    pub(crate) responses_by_account: Grouped,
    /// Every campaign response as (campaign, response) positions, in book order.
    pub(crate) responses: Vec<(u32, u32)>,
    /// Each account's event attendees (their contact's account), as positions in
    /// [`Index::attendees`], in book order.
    pub(crate) attendees_by_account: Grouped,
    /// Every event attendee as (event, attendee) positions, in book order.
    pub(crate) attendees: Vec<(u32, u32)>,
    /// Each contact's account, by position.
    pub(crate) contact_account: Vec<u32>,
    /// Each contact's effective zone (their override, else their account's), parsed.
    pub(crate) contact_zones: Vec<chrono_tz::Tz>,
    /// Each account's zone, parsed.
    pub(crate) account_zones: Vec<chrono_tz::Tz>,
    /// Each account's call attempts in time order.
    pub(crate) attempts: Attempts,
}

fn positions<K: Clone + Eq + std::hash::Hash, T>(
    records: &[T],
    id: impl Fn(&T) -> &K,
) -> HashMap<K, u32> {
    records
        .iter()
        .zip(0u32..)
        .map(|(r, i)| (id(r).clone(), i))
        .collect()
}

impl Index {
    /// Indexes validated data (every reference resolves).
    pub(crate) fn build(data: &BookData) -> Result<Self> {
        let largest = [
            data.accounts.len(),
            data.contacts.len(),
            data.activities.len(),
            data.opportunities.len(),
            data.memberships.len(),
            data.handoffs.len(),
            data.reps.len(),
            data.tasks.len(),
            data.campaigns.iter().map(|c| c.responses.len()).sum(),
            data.events.iter().map(|e| e.attendees.len()).sum(),
        ]
        .into_iter()
        .max()
        .unwrap_or(0);
        if u32::try_from(largest).is_err() {
            return Err(Error::invalid_argument(
                "data",
                format!(
                    "a collection holds {largest} records; at most {} are supported",
                    u32::MAX
                ),
            ));
        }
        let accounts = positions(&data.accounts, |a| &a.id);
        let reps = positions(&data.reps, |r| &r.id);
        let n = data.accounts.len();
        let acc = |id: &crate::AccountId| accounts[id];
        let by_account = |ids: &mut dyn Iterator<Item = &crate::AccountId>| {
            let pairs: Vec<(u32, u32)> = ids.zip(0u32..).map(|(a, i)| (acc(a), i)).collect();
            Grouped::build(n, pairs.into_iter())
        };
        let mut activities_by_account =
            by_account(&mut data.activities.iter().map(|x| &x.account_id));
        activities_by_account.sort_each_by_key(|i| data.activities[i as usize].at);
        let owner_pairs: Vec<(u32, u32)> = data
            .accounts
            .iter()
            .zip(0u32..)
            .flat_map(|(a, i)| {
                let mut owners: Vec<u32> = a.owners().map(|o| reps[&o.rep_id]).collect();
                owners.sort_unstable();
                owners.dedup();
                owners.into_iter().map(move |r| (r, i))
            })
            .collect();
        // Validation guarantees every zone parses; UTC only stands in for the impossible.
        let zone = |name: &str| name.parse::<chrono_tz::Tz>().unwrap_or(chrono_tz::UTC);
        let account_zones: Vec<chrono_tz::Tz> =
            data.accounts.iter().map(|a| zone(&a.time_zone)).collect();
        let contact_account: Vec<u32> = data.contacts.iter().map(|c| acc(&c.account_id)).collect();
        let contact_zones = data
            .contacts
            .iter()
            .zip(&contact_account)
            .map(|(c, &a)| match &c.time_zone {
                Some(name) => zone(name),
                None => account_zones[a as usize],
            })
            .collect();
        let contacts = positions(&data.contacts, |c| &c.id);
        let responses: Vec<(u32, u32)> = (0u32..)
            .zip(&data.campaigns)
            .flat_map(|(c, campaign)| (0u32..).zip(&campaign.responses).map(move |(r, _)| (c, r)))
            .collect();
        let attendees: Vec<(u32, u32)> = (0u32..)
            .zip(&data.events)
            .flat_map(|(e, event)| (0u32..).zip(&event.attendees).map(move |(a, _)| (e, a)))
            .collect();
        let account_of_contact = |id: &crate::ContactId| contact_account[contacts[id] as usize];
        let responses_by_account = Grouped::build(
            n,
            responses.iter().zip(0u32..).map(|(&(c, r), i)| {
                let response = &data.campaigns[c as usize].responses[r as usize];
                (account_of_contact(&response.contact_id), i)
            }),
        );
        let attendees_by_account = Grouped::build(
            n,
            attendees.iter().zip(0u32..).map(|(&(e, a), i)| {
                let attendee = &data.events[e as usize].attendees[a as usize];
                (account_of_contact(&attendee.contact_id), i)
            }),
        );
        let mut attempts = Attempts {
            offsets: Vec::with_capacity(n + 1),
            ..Attempts::default()
        };
        attempts.offsets.push(0);
        for a in 0..n as u32 {
            for &i in activities_by_account.get(a) {
                let activity = &data.activities[i as usize];
                if is_attempt(activity) {
                    attempts.at.push(activity.at.timestamp_micros());
                    attempts.contact.push(
                        activity
                            .contact_id
                            .as_ref()
                            .map_or(NO_CONTACT, |c| contacts[c]),
                    );
                }
            }
            attempts.offsets.push(attempts.at.len() as u32);
        }
        Ok(Self {
            attempts,
            contact_account,
            contact_zones,
            account_zones,
            contacts_by_account: by_account(&mut data.contacts.iter().map(|x| &x.account_id)),
            opportunities_by_account: by_account(
                &mut data.opportunities.iter().map(|x| &x.account_id),
            ),
            memberships_by_account: by_account(&mut data.memberships.iter().map(|x| &x.account_id)),
            handoffs_by_account: {
                let mut g = by_account(&mut data.handoffs.iter().map(|x| &x.account_id));
                g.sort_each_by_key(|i| data.handoffs[i as usize].at);
                g
            },
            activities_by_account,
            accounts_by_owner: Grouped::build(data.reps.len(), owner_pairs.into_iter()),
            tasks_by_account: by_account(&mut data.tasks.iter().map(|x| &x.account_id)),
            responses_by_account,
            responses,
            attendees_by_account,
            attendees,
            contacts,
            accounts,
            reps,
        })
    }
}

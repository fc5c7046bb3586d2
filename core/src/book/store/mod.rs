//! The book's storage: records as columns and compact rows, each id kept once.
//!
//! Ids are numbered in one [`IdTable`] per record kind; a record's number is its
//! position in its collection, and references between records are those numbers
//! (`u32`). Instants are microseconds since 1970 (`i64`, with any finer part kept
//! aside), dates are days (`i32`), enums are bytes, optional values have a marker
//! value or a bit. Small collections (divisions, teams, reps, campaigns and events
//! without their responses and attendees, hand-offs) stay ordinary records.
//!
//! A store is filled one record at a time (from [`BookData`], a JSON reader or the
//! sample generator), in any order of kinds: while it is being filled, a reference is
//! the number its id got when first seen (the record it names may come later, or
//! never). [`Store::finish`] then checks every rule, renumbers so that numbers are
//! positions, and the book indexes the result.

pub(crate) mod activities;
pub(crate) mod binary;
pub(crate) mod codes;
pub(crate) mod columns;
pub(crate) mod strings;
pub(crate) mod tasks;

use crate::error::{RecordKind, Result};
use crate::{
    Account, Activity, BookData, Campaign, Contact, ContactId, Division, Event, Handoff,
    Membership, Opportunity, Rep, Task, Team,
};
use activities::Activities;
use columns::{Accounts, Attendees, Contacts, Memberships, Opportunities, Responses, Zones};
use strings::{IdTable, NONE, READ_AHEAD, READ_AHEAD_FROM};
use tasks::Tasks;

/// Every record kind, in the book's order (the order of the JSON and of validation).
pub(crate) const KINDS: [RecordKind; 12] = [
    RecordKind::Division,
    RecordKind::Team,
    RecordKind::Rep,
    RecordKind::Account,
    RecordKind::Contact,
    RecordKind::Opportunity,
    RecordKind::Membership,
    RecordKind::Activity,
    RecordKind::Campaign,
    RecordKind::Event,
    RecordKind::Task,
    RecordKind::Handoff,
];

/// Whether other records name records of `kind` (their ids are interned as soon as
/// they are seen, so a reference can come first).
pub(crate) fn is_referenced(kind: RecordKind) -> bool {
    matches!(
        kind,
        RecordKind::Division
            | RecordKind::Team
            | RecordKind::Rep
            | RecordKind::Account
            | RecordKind::Contact
            | RecordKind::Opportunity
            | RecordKind::Campaign
    )
}

/// What a store being filled knows about the ids of the referenced kinds.
#[derive(Clone, Debug, Default)]
pub(crate) struct Building {
    /// Per kind: each record's id number.
    pub(crate) record: [Vec<u32>; 12],
    /// Per kind: the first record with each id number ([`NONE`] while no record has
    /// it: a reference seen before the record, or a dangling one).
    pub(crate) first: [Vec<u32>; 12],
}

/// The records of a book, compact.
#[derive(Clone, Debug, Default)]
pub(crate) struct Store {
    pub(crate) divisions: Vec<Division>,
    pub(crate) teams: Vec<Team>,
    pub(crate) reps: Vec<Rep>,
    /// Campaigns, their responses left out (in [`Store::responses`]).
    pub(crate) campaigns: Vec<Campaign>,
    /// Events, their attendees left out (in [`Store::attendees`]).
    pub(crate) events: Vec<Event>,
    pub(crate) tasks: Tasks,
    pub(crate) handoffs: Vec<Handoff>,
    /// The ids of each kind, by [`RecordKind`] in [`KINDS`] order.
    pub(crate) ids: [IdTable; 12],
    /// Short texts many records share: tiers, titles, currencies, territory zones,
    /// competitors.
    pub(crate) words: IdTable,
    pub(crate) zones: Zones,
    pub(crate) accounts: Accounts,
    pub(crate) contacts: Contacts,
    pub(crate) opportunities: Opportunities,
    pub(crate) memberships: Memberships,
    pub(crate) activities: Activities,
    pub(crate) responses: Responses,
    pub(crate) attendees: Attendees,
    /// Present while the store is being filled.
    pub(crate) building: Option<Box<Building>>,
}

/// The slot of `kind` in per-kind arrays.
pub(crate) fn slot(kind: RecordKind) -> usize {
    kind as usize
}

impl Store {
    /// An empty store, ready to be filled.
    pub(crate) fn new() -> Self {
        Self {
            building: Some(Box::default()),
            ..Self::default()
        }
    }

    /// The number of records of `kind`.
    pub(crate) fn count(&self, kind: RecordKind) -> usize {
        match kind {
            RecordKind::Division => self.divisions.len(),
            RecordKind::Team => self.teams.len(),
            RecordKind::Rep => self.reps.len(),
            RecordKind::Account => self.accounts.len(),
            RecordKind::Contact => self.contacts.len(),
            RecordKind::Opportunity => self.opportunities.len(),
            RecordKind::Membership => self.memberships.len(),
            RecordKind::Activity => self.activities.len(),
            RecordKind::Campaign => self.campaigns.len(),
            RecordKind::Event => self.events.len(),
            RecordKind::Task => self.tasks.len(),
            RecordKind::Handoff => self.handoffs.len(),
        }
    }

    /// The id table of `kind`.
    pub(crate) fn ids(&self, kind: RecordKind) -> &IdTable {
        &self.ids[slot(kind)]
    }

    /// The number of the id `id` of a referenced `kind`, numbered when new.
    pub(crate) fn sym(&mut self, kind: RecordKind, id: &str) -> Result<u32> {
        let table = &mut self.ids[slot(kind)];
        let before = table.len();
        let sym = table.intern(id)?;
        if table.len() > before
            && let Some(b) = &mut self.building
        {
            b.first[slot(kind)].push(NONE);
        }
        Ok(sym)
    }

    /// Reads ahead what looking up `references` (of a kind each, empty ones skipped)
    /// will read, [`READ_AHEAD`] at a time ([`strings::read_ahead`]): for a batch of
    /// records about to be pushed or appended. An id the same as the one before it of
    /// its kind is skipped, and so is a table of fewer than [`READ_AHEAD_FROM`] ids:
    /// their look-ups find them in the cache.
    pub(crate) fn read_ahead_references<'s>(
        &self,
        references: impl IntoIterator<Item = (RecordKind, &'s str)>,
    ) {
        let mut batch: [(&IdTable, &str); READ_AHEAD] = [(&self.ids[0], ""); READ_AHEAD];
        let mut last = [""; KINDS.len()];
        let mut n = 0;
        for (kind, id) in references {
            let small = self.ids[slot(kind)].len() < READ_AHEAD_FROM;
            if small || id.is_empty() || std::mem::replace(&mut last[slot(kind)], id) == id {
                continue;
            }
            batch[n] = (&self.ids[slot(kind)], id);
            n += 1;
            if n == READ_AHEAD {
                strings::read_ahead(&batch);
                n = 0;
            }
        }
        strings::read_ahead(&batch[..n]);
    }

    /// Reads ahead the ids of `records` (a kind and a position each), [`READ_AHEAD`] at
    /// a time ([`strings::read_ahead_numbers`]), for ids about to be written out; a
    /// table of fewer than [`READ_AHEAD_FROM`] ids is skipped.
    pub(crate) fn read_ahead_ids(&self, records: impl IntoIterator<Item = (RecordKind, u32)>) {
        let mut batch: [(&IdTable, u32); READ_AHEAD] = [(&self.ids[0], 0); READ_AHEAD];
        let mut n = 0;
        for (kind, pos) in records {
            let table = &self.ids[slot(kind)];
            if table.len() < READ_AHEAD_FROM {
                continue;
            }
            batch[n] = (table, pos);
            n += 1;
            if n == READ_AHEAD {
                strings::read_ahead_numbers(&batch);
                n = 0;
            }
        }
        strings::read_ahead_numbers(&batch[..n]);
    }

    /// The number of an optional reference, [`NONE`] for none.
    pub(crate) fn sym_opt(&mut self, kind: RecordKind, id: Option<&str>) -> Result<u32> {
        id.map_or(Ok(NONE), |id| self.sym(kind, id))
    }

    /// Registers the id of the record of `kind` about to be added.
    fn define(&mut self, kind: RecordKind, id: &str) -> Result<()> {
        let position = self.count(kind) as u32;
        if !is_referenced(kind) {
            self.ids[slot(kind)].push_unindexed(id)?;
            return Ok(());
        }
        let sym = self.sym(kind, id)?;
        if let Some(b) = &mut self.building {
            b.record[slot(kind)].push(sym);
            let first = &mut b.first[slot(kind)][sym as usize];
            if *first == NONE {
                *first = position;
            }
        }
        Ok(())
    }

    /// Whether the id number `sym` of `kind` belongs to a record (while filling: one
    /// was added with that id; once finished, numbers are positions).
    pub(crate) fn defined(&self, kind: RecordKind, sym: u32) -> bool {
        match &self.building {
            Some(b) => b.first[slot(kind)]
                .get(sym as usize)
                .is_some_and(|&f| f != NONE),
            None => (sym as usize) < self.count(kind),
        }
    }

    /// The first record with id number `sym` of `kind`, when one was added.
    pub(crate) fn first(&self, kind: RecordKind, sym: u32) -> Option<u32> {
        match &self.building {
            Some(b) => b.first[slot(kind)]
                .get(sym as usize)
                .copied()
                .filter(|&f| f != NONE),
            None => ((sym as usize) < self.count(kind)).then_some(sym),
        }
    }

    /// The id number of the record of `kind` at `position`.
    pub(crate) fn record_sym(&self, kind: RecordKind, position: u32) -> u32 {
        match &self.building {
            Some(b) if is_referenced(kind) => b.record[slot(kind)][position as usize],
            _ => position,
        }
    }

    /// The id of the record of `kind` at `position`.
    pub(crate) fn id(&self, kind: RecordKind, position: u32) -> &str {
        self.ids[slot(kind)].str(self.record_sym(kind, position))
    }

    pub(crate) fn push_division(&mut self, d: Division) -> Result<()> {
        self.define(RecordKind::Division, d.id.as_str())?;
        self.divisions.push(d);
        Ok(())
    }

    pub(crate) fn push_team(&mut self, t: Team) -> Result<()> {
        self.define(RecordKind::Team, t.id.as_str())?;
        self.teams.push(t);
        Ok(())
    }

    pub(crate) fn push_rep(&mut self, r: Rep) -> Result<()> {
        self.define(RecordKind::Rep, r.id.as_str())?;
        self.reps.push(r);
        Ok(())
    }

    pub(crate) fn push_account(&mut self, a: Account) -> Result<()> {
        self.define(RecordKind::Account, a.id.as_str())?;
        columns::push_account(self, a)
    }

    pub(crate) fn push_contact(&mut self, c: Contact) -> Result<()> {
        self.define(RecordKind::Contact, c.id.as_str())?;
        columns::push_contact(self, c)
    }

    pub(crate) fn push_opportunity(&mut self, o: Opportunity) -> Result<()> {
        self.define(RecordKind::Opportunity, o.id.as_str())?;
        columns::push_opportunity(self, o)
    }

    pub(crate) fn push_membership(&mut self, m: Membership) -> Result<()> {
        self.define(RecordKind::Membership, m.id.as_str())?;
        columns::push_membership(self, m)
    }

    pub(crate) fn push_activity(&mut self, a: Activity) -> Result<()> {
        let row = activities::row(self, &a)?;
        self.push_activity_row(a.id.as_str(), row)
    }

    /// Packs the id tables worth packing (once a store is filled).
    pub(crate) fn pack_ids(&mut self) {
        for table in self.ids.iter_mut().filter(|t| t.should_pack()) {
            table.index_all();
        }
    }

    /// Makes room for `n` more activities whose ids are about `id_len` bytes long.
    pub(crate) fn reserve_activities(&mut self, n: usize, id_len: usize) {
        self.activities.reserve(n);
        self.ids[slot(RecordKind::Activity)].reserve(n, n.saturating_mul(id_len));
    }

    /// Adds an activity whose references are numbers already (the sample generator's,
    /// which knows them and so skips looking its ids up).
    pub(crate) fn push_activity_row(&mut self, id: &str, row: activities::Row) -> Result<()> {
        self.define(RecordKind::Activity, id)?;
        self.activities.push_row(row);
        Ok(())
    }

    pub(crate) fn push_campaign(&mut self, mut c: Campaign) -> Result<()> {
        self.define(RecordKind::Campaign, c.id.as_str())?;
        let position = self.campaigns.len() as u32;
        let responses = std::mem::take(&mut c.responses);
        self.push_each(
            &responses,
            |r| &r.contact_id,
            |store, r| columns::push_response(store, position, r),
        )?;
        self.campaigns.push(c);
        Ok(())
    }

    pub(crate) fn push_event(&mut self, mut e: Event) -> Result<()> {
        self.define(RecordKind::Event, e.id.as_str())?;
        let position = self.events.len() as u32;
        let attendees = std::mem::take(&mut e.attendees);
        self.push_each(
            &attendees,
            |a| &a.contact_id,
            |store, a| columns::push_attendee(store, position, a),
        )?;
        self.events.push(e);
        Ok(())
    }

    /// Pushes each of `items` (a campaign's responses, an event's attendees) with
    /// `push`, the look-ups of each batch's contacts (`contact`) read ahead first.
    fn push_each<T>(
        &mut self,
        items: &[T],
        contact: impl Fn(&T) -> &ContactId,
        mut push: impl FnMut(&mut Self, &T) -> Result<()>,
    ) -> Result<()> {
        for batch in items.chunks(READ_AHEAD) {
            let contacts = batch
                .iter()
                .map(|x| (RecordKind::Contact, contact(x).as_str()));
            self.read_ahead_references(contacts);
            for x in batch {
                push(self, x)?;
            }
        }
        Ok(())
    }

    pub(crate) fn push_task(&mut self, t: Task) -> Result<()> {
        self.define(RecordKind::Task, t.id.as_str())?;
        let row = tasks::row(self, &t)?;
        self.tasks.push(&row);
        Ok(())
    }

    pub(crate) fn push_handoff(&mut self, h: Handoff) -> Result<()> {
        self.define(RecordKind::Handoff, h.id.as_str())?;
        self.handoffs.push(h);
        Ok(())
    }

    /// A store holding `data`'s records.
    pub(crate) fn from_data(data: BookData) -> Result<Self> {
        let mut store = Self::new();
        let BookData {
            schema_version: _,
            divisions,
            teams,
            reps,
            accounts,
            contacts,
            opportunities,
            memberships,
            activities,
            campaigns,
            events,
            tasks,
            handoffs,
        } = data;
        for x in divisions {
            store.push_division(x)?;
        }
        for x in teams {
            store.push_team(x)?;
        }
        for x in reps {
            store.push_rep(x)?;
        }
        for x in accounts {
            store.push_account(x)?;
        }
        for x in contacts {
            store.push_contact(x)?;
        }
        for x in opportunities {
            store.push_opportunity(x)?;
        }
        for x in memberships {
            store.push_membership(x)?;
        }
        store.activities.reserve(activities.len());
        for x in activities {
            store.push_activity(x)?;
        }
        for x in campaigns {
            store.push_campaign(x)?;
        }
        for x in events {
            store.push_event(x)?;
        }
        for x in tasks {
            store.push_task(x)?;
        }
        for x in handoffs {
            store.push_handoff(x)?;
        }
        Ok(store)
    }

    /// Renumbers the ids of the referenced kinds so that each id's number is its
    /// record's position, in a store that passed validation (every referenced id has
    /// exactly one record), and ends the filling.
    pub(crate) fn settle(&mut self) -> Result<()> {
        let Some(building) = self.building.take() else {
            return Ok(());
        };
        for kind in KINDS.into_iter().filter(|&k| is_referenced(k)) {
            let records = &building.record[slot(kind)];
            let table = &self.ids[slot(kind)];
            let identity = table.len() == records.len()
                && records.iter().zip(0u32..).all(|(&sym, p)| sym == p);
            if identity {
                continue;
            }
            // Valid: every number has exactly one record.
            let mut position = vec![NONE; table.len()];
            for (p, &sym) in (0u32..).zip(records) {
                position[sym as usize] = p;
            }
            self.ids[slot(kind)] = table.reordered(records)?;
            let to = |sym: u32| {
                if sym == NONE {
                    NONE
                } else {
                    position[sym as usize]
                }
            };
            self.renumber(kind, &to);
        }
        Ok(())
    }

    /// Rewrites every reference to a record of `kind` with `to`.
    fn renumber(&mut self, kind: RecordKind, to: &dyn Fn(u32) -> u32) {
        let all = |column: &mut Vec<u32>| column.iter_mut().for_each(|x| *x = to(*x));
        match kind {
            RecordKind::Division => self
                .accounts
                .renumber_owners(|o| o.division = to(o.division)),
            RecordKind::Rep => {
                self.accounts.renumber_owners(|o| o.rep = to(o.rep));
                all(&mut self.opportunities.owner);
                all(&mut self.tasks.rep);
                self.activities.renumber_reps(to);
            }
            RecordKind::Account => {
                all(&mut self.contacts.account);
                all(&mut self.opportunities.account);
                all(&mut self.memberships.account);
                all(&mut self.tasks.account);
                self.activities.renumber_accounts(to);
            }
            RecordKind::Contact => {
                all(&mut self.opportunities.contact);
                all(&mut self.responses.contact);
                all(&mut self.attendees.contact);
                all(&mut self.tasks.contact);
                self.activities.renumber_contacts(to);
            }
            RecordKind::Opportunity => self.activities.renumber_opportunities(to),
            RecordKind::Campaign => self.activities.renumber_campaigns(to),
            _ => {}
        }
    }

    /// The bytes held, by part (for the memory figures).
    pub(crate) fn heap_bytes(&self) -> Vec<(&'static str, usize)> {
        let ids = |kinds: &[RecordKind]| {
            kinds
                .iter()
                .map(|&k| self.ids[slot(k)].heap_bytes())
                .sum::<usize>()
        };
        vec![
            ("activities", self.activities.heap_bytes()),
            ("activity ids", ids(&[RecordKind::Activity])),
            ("contacts", self.contacts.heap_bytes()),
            ("contact ids", ids(&[RecordKind::Contact])),
            ("accounts", self.accounts.heap_bytes()),
            ("account ids", ids(&[RecordKind::Account])),
            ("memberships", self.memberships.heap_bytes()),
            ("opportunities", self.opportunities.heap_bytes()),
            (
                "responses and attendees",
                self.responses.heap_bytes() + self.attendees.heap_bytes(),
            ),
            (
                "other ids",
                ids(&[
                    RecordKind::Division,
                    RecordKind::Team,
                    RecordKind::Rep,
                    RecordKind::Opportunity,
                    RecordKind::Membership,
                    RecordKind::Campaign,
                    RecordKind::Event,
                    RecordKind::Task,
                    RecordKind::Handoff,
                ]) + self.words.heap_bytes()
                    + self.zones.heap_bytes(),
            ),
            ("tasks", self.tasks.heap_bytes()),
            (
                "hand-offs (records)",
                self.handoffs.capacity() * std::mem::size_of::<Handoff>()
                    + self.handoffs.iter().map(handoff_heap).sum::<usize>(),
            ),
        ]
    }

    /// Frees spare capacity (after loading).
    pub(crate) fn shrink(&mut self) {
        for table in &mut self.ids {
            table.shrink();
        }
        self.words.shrink();
        self.accounts.shrink();
        self.contacts.shrink();
        self.opportunities.shrink();
        self.memberships.shrink();
        self.activities.shrink();
        self.responses.shrink();
        self.attendees.shrink();
        self.tasks.shrink();
    }
}

fn handoff_heap(h: &Handoff) -> usize {
    h.id.0.capacity()
        + h.account_id.0.capacity()
        + h.from_rep_id.0.capacity()
        + h.to_rep_id.0.capacity()
}

//! Validation: every rule a book must keep, checked in one pass that reports every
//! problem found rather than stopping at the first.
//!
//! [`validate`] reports the ids of every collection first (empty and duplicate ids are
//! the first problems), then checks each kind of record in the book's order, one
//! function per kind. It reads a [`Store`] being filled, whose references are id
//! numbers: a reference dangles when no record took its number. A record added to a
//! finished book ([`Book::log_activity`](crate::Book::log_activity) and the like) is
//! checked by the same functions.

use super::store::codes::{Code, date, date_opt, instant};
use super::store::columns::PAID_LATE;
use super::store::strings::NONE;
use super::store::tasks::TaskRow;
use super::store::{KINDS, Store, activities, is_referenced};
use crate::Money;
use crate::book::money::is_currency_code;
use crate::error::{Location, Problem, ProblemKind, RecordKind, Reference};
use crate::{Handoff, OpportunityStage, Rep, Team};
use rayon::prelude::*;
use rustc_hash::FxHashSet as HashSet;
use std::fmt::Display;
use std::ops::Range;

/// Where a value stands in the book: its record (kind, position, id) and, when the
/// value is in an item of a list inside the record, that item.
#[derive(Clone, Copy)]
struct Here<'a> {
    record: RecordKind,
    index: usize,
    id: &'a str,
    item: Option<(&'static str, usize)>,
}

impl<'a> Here<'a> {
    fn new(record: RecordKind, index: usize, id: &'a str) -> Self {
        Self {
            record,
            index,
            id,
            item: None,
        }
    }

    /// The same record, in item `j` of its list `list`.
    fn item(self, list: &'static str, j: usize) -> Self {
        Self {
            item: Some((list, j)),
            ..self
        }
    }

    fn at(self, field: &'static str) -> Location {
        Location {
            record: self.record,
            index: self.index,
            item: self.item,
            field,
        }
    }
}

pub(crate) struct Checker<'a> {
    store: &'a Store,
    problems: Vec<Problem>,
}

/// Every problem in a store being filled, in record order; empty when the book is
/// valid. `repeats` are the later records of each kind whose id an earlier record of
/// the kind already has, as (position, first position), for the kinds no record names.
pub(crate) fn validate(store: &Store, repeats: &[Vec<(u32, u32)>]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for kind in KINDS {
        let repeated: HashSet<u32> = repeats[kind as usize].iter().map(|r| r.0).collect();
        problems.extend(in_parallel(store, 0..store.count(kind), |c, rows| {
            for i in rows {
                let i = i as u32;
                let duplicate = if is_referenced(kind) {
                    store.first(kind, store.record_sym(kind, i)) != Some(i)
                } else {
                    repeated.contains(&i)
                };
                c.id(kind, i, duplicate);
            }
        }));
    }
    let mut c = Checker::new(store);
    for (i, t) in store.teams.iter().enumerate() {
        c.team(i, t);
    }
    for (i, r) in store.reps.iter().enumerate() {
        c.rep(i, r);
    }
    problems.append(&mut c.problems);
    problems.extend(each(store, store.accounts.len(), Checker::account));
    problems.extend(each(store, store.contacts.len(), Checker::contact));
    problems.extend(each(store, store.opportunities.len(), Checker::opportunity));
    problems.extend(each(store, store.memberships.len(), Checker::membership));
    // Still filling: rows are in book order.
    problems.extend(in_parallel(store, 0..store.activities.len(), |c, rows| {
        let accounts = store.activities.filling_accounts(rows.clone());
        for (a, account) in rows.zip(accounts) {
            c.activity(a as u32, account);
        }
    }));
    // Responses and attendees were added record by record: in campaign (event) order.
    let mut response = 0u32;
    for k in 0..store.campaigns.len() as u32 {
        let first = response;
        while (response as usize) < store.responses.len()
            && store.responses.campaign[response as usize] == k
        {
            response += 1;
        }
        c.campaign(k, first..response);
    }
    let mut attendee = 0u32;
    for e in 0..store.events.len() as u32 {
        let first = attendee;
        while (attendee as usize) < store.attendees.len()
            && store.attendees.event[attendee as usize] == e
        {
            attendee += 1;
        }
        c.event(e, first..attendee);
    }
    problems.append(&mut c.problems);
    problems.extend(in_parallel(store, 0..store.tasks.len(), |c, rows| {
        rows.for_each(|t| c.task_row(t as u32, &store.tasks.row(t as u32)));
    }));
    for (i, h) in store.handoffs.iter().enumerate() {
        c.handoff(i, h);
    }
    problems.append(&mut c.problems);
    problems
}

/// The records `0..n` checked one by one by `check`, in parallel ([`in_parallel`]).
fn each<'s>(store: &'s Store, n: usize, check: fn(&mut Checker<'s>, u32)) -> Vec<Problem> {
    in_parallel(store, 0..n, move |c, rows| {
        rows.for_each(|i| check(c, i as u32));
    })
}

/// The records at `rows` checked by `check` in chunks on rayon's threads: their
/// problems, in record order (as one checker going through them would give).
fn in_parallel<'s>(
    store: &'s Store,
    rows: Range<usize>,
    check: impl Fn(&mut Checker<'s>, Range<usize>) + Sync,
) -> Vec<Problem> {
    const CHUNK: usize = 1 << 15;
    let chunks = rows.len().div_ceil(CHUNK);
    let parts: Vec<Vec<Problem>> = (0..chunks)
        .into_par_iter()
        .map(|k| {
            let mut c = Checker::new(store);
            let start = rows.start + k * CHUNK;
            check(&mut c, start..(start + CHUNK).min(rows.end));
            c.problems
        })
        .collect();
    parts.concat()
}

/// The years a birthday's year may take: those of a calendar date every binding reads
/// (Python's `datetime.date` starts at year 1). Year 0 is what some exports write for
/// "not known"; such a birthday is given without a year.
const BIRTH_YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

impl<'a> Checker<'a> {
    pub(crate) fn new(store: &'a Store) -> Self {
        Self {
            store,
            problems: Vec::new(),
        }
    }

    /// The problems found.
    pub(crate) fn problems(self) -> Vec<Problem> {
        self.problems
    }

    fn report(
        &mut self,
        here: Here<'_>,
        field: &'static str,
        kind: ProblemKind,
        message: impl Display,
    ) {
        self.push(here, field, kind, message.to_string(), None);
    }

    fn push(
        &mut self,
        here: Here<'_>,
        field: &'static str,
        kind: ProblemKind,
        message: String,
        reference: Option<Reference>,
    ) {
        self.problems.push(Problem {
            location: here.at(field),
            record_id: Some(here.id.to_owned()),
            kind,
            message,
            reference,
        });
    }

    /// The id of the record of `kind` at `i`: empty, or `duplicate` of an earlier one.
    pub(crate) fn id(&mut self, kind: RecordKind, i: u32, duplicate: bool) {
        let value = self.store.id(kind, i);
        let here = Here::new(kind, i as usize, value);
        if value.is_empty() {
            self.report(
                here,
                "id",
                ProblemKind::EmptyId,
                format!("{kind} id is empty"),
            );
        } else if duplicate {
            self.report(
                here,
                "id",
                ProblemKind::DuplicateId,
                format!("{kind} id {value:?} is used more than once"),
            );
        }
    }

    /// A reference by id number to a record of `kind` (an empty id never resolves).
    fn reference(&mut self, here: Here<'_>, field: &'static str, kind: RecordKind, sym: u32) {
        let ids = self.store.ids(kind);
        if ids.is_empty_at(sym) || !self.store.defined(kind, sym) {
            self.dangling(here, field, kind, ids.str(sym));
        }
    }

    /// A reference by id to a record of `kind`, from a record that keeps ids.
    fn reference_to(&mut self, here: Here<'_>, field: &'static str, kind: RecordKind, id: &str) {
        let sym = self.store.ids(kind).get(id);
        if id.is_empty() || !sym.is_some_and(|s| self.store.defined(kind, s)) {
            self.dangling(here, field, kind, id);
        }
    }

    fn dangling(&mut self, here: Here<'_>, field: &'static str, kind: RecordKind, id: &str) {
        self.push(
            here,
            field,
            ProblemKind::DanglingReference,
            format!("no {kind} has id {id:?}"),
            Some(Reference {
                kind,
                id: id.to_owned(),
            }),
        );
    }

    /// A contact reference (number `contact`, [`NONE`] when the id is not known at all)
    /// that must also belong to the account `account` (a number, or [`NONE`]).
    fn contact_of(&mut self, here: Here<'_>, field: &'static str, contact: u32, account: u32) {
        // The ids are read only for a problem's message: reading them for every record
        // went to three places in tables of millions, and was most of the checking.
        let store = self.store;
        let contact_id = || store.ids(RecordKind::Contact).str(contact);
        let first = (contact != NONE)
            .then(|| store.first(RecordKind::Contact, contact))
            .flatten();
        match first {
            None => self.dangling(here, field, RecordKind::Contact, contact_id()),
            Some(c) => {
                let owner = store.contacts.account[c as usize];
                if owner != account {
                    let ids = store.ids(RecordKind::Account);
                    let (owner, account_id) = (ids.str(owner), ids.str(account));
                    let contact_id = contact_id();
                    self.report(
                        here,
                        field,
                        ProblemKind::Inconsistent,
                        format!(
                            "contact {contact_id:?} belongs to account {owner:?}, not {account_id:?}"
                        ),
                    );
                }
            }
        }
    }

    /// The zone numbered `z` must be one the tz database knows.
    fn time_zone(&mut self, here: Here<'_>, field: &'static str, z: u32) {
        if self.store.zones.zones[z as usize].is_none() {
            let zone = self.store.zones.names.str(z);
            self.report(
                here,
                field,
                ProblemKind::UnknownTimeZone,
                format!("unknown time zone {zone:?}"),
            );
        }
    }

    /// A zone given by name, from a record that keeps it.
    fn time_zone_name(&mut self, here: Here<'_>, field: &'static str, zone: &str) {
        if zone.parse::<chrono_tz::Tz>().is_err() {
            self.report(
                here,
                field,
                ProblemKind::UnknownTimeZone,
                format!("unknown time zone {zone:?}"),
            );
        }
    }

    fn money(&mut self, here: Here<'_>, field: &'static str, amount_minor: i64, currency: u32) {
        let currency = self.store.words.str(currency);
        self.money_of(
            here,
            field,
            &Money {
                amount_minor,
                currency: currency.to_owned(),
            },
        );
    }

    fn money_of(&mut self, here: Here<'_>, field: &'static str, money: &Money) {
        if money.amount_minor < 0 {
            self.report(
                here,
                field,
                ProblemKind::NegativeAmount,
                format!("amount {} is negative", money.amount_minor),
            );
        }
        if !is_currency_code(&money.currency) {
            self.report(
                here,
                field,
                ProblemKind::InvalidCurrency,
                format!("currency {:?} is not an ISO 4217 code", money.currency),
            );
        }
    }

    /// `end` (a field and its value) must not come before `start`; both are fields of
    /// `here` (of its item, when it has one).
    fn ordered<T: PartialOrd + Display>(
        &mut self,
        here: Here<'_>,
        start: (&'static str, &T),
        end: (&'static str, &T),
    ) {
        if end.1 < start.1 {
            self.report(
                here,
                end.0,
                ProblemKind::EndBeforeStart,
                format!(
                    "{} {} is before {} {}",
                    here.at(end.0).field_path(),
                    end.1,
                    here.at(start.0).field_path(),
                    start.1
                ),
            );
        }
    }

    fn team(&mut self, i: usize, t: &Team) {
        let here = Here::new(RecordKind::Team, i, t.id.as_str());
        self.reference_to(
            here,
            "division_id",
            RecordKind::Division,
            t.division_id.as_str(),
        );
    }

    fn rep(&mut self, i: usize, r: &Rep) {
        let here = Here::new(RecordKind::Rep, i, r.id.as_str());
        self.reference_to(
            here,
            "division_id",
            RecordKind::Division,
            r.division_id.as_str(),
        );
        if let Some(team) = &r.team_id {
            self.reference_to(here, "team_id", RecordKind::Team, team.as_str());
        }
        self.time_zone_name(here, "time_zone", &r.time_zone);
    }

    fn account(&mut self, a: u32) {
        let store = self.store;
        let x = &store.accounts;
        let here = Here::new(
            RecordKind::Account,
            a as usize,
            store.id(RecordKind::Account, a),
        );
        self.time_zone(here, "time_zone", x.zone[a as usize]);
        let mut seen = HashSet::default();
        let owners = std::iter::once(&x.primary[a as usize]).chain(x.co_owners(a));
        for (j, o) in owners.enumerate() {
            // The primary owner is a field of the account; co-owners are items of a list.
            let (owner, whole, rep, division) = match j {
                0 => (
                    here,
                    "primary_owner",
                    "primary_owner.rep_id",
                    "primary_owner.division_id",
                ),
                _ => (here.item("co_owners", j - 1), "", "rep_id", "division_id"),
            };
            self.reference(owner, rep, RecordKind::Rep, o.rep);
            self.reference(owner, division, RecordKind::Division, o.division);
            if !seen.insert((o.rep, o.role)) {
                self.report(
                    owner,
                    whole,
                    ProblemKind::Inconsistent,
                    format!(
                        "rep {:?} is listed twice as owner in the same role",
                        store.ids(RecordKind::Rep).str(o.rep)
                    ),
                );
            }
        }
    }

    fn contact(&mut self, c: u32) {
        let store = self.store;
        let x = &store.contacts;
        let here = Here::new(
            RecordKind::Contact,
            c as usize,
            store.id(RecordKind::Contact, c),
        );
        self.reference(
            here,
            "account_id",
            RecordKind::Account,
            x.account[c as usize],
        );
        let zone = x.zone[c as usize];
        if zone != NONE {
            self.time_zone(here, "time_zone", zone);
        }
        let Some(b) = x.birthday(c) else {
            return;
        };
        if let Some(year) = b.year.filter(|y| !BIRTH_YEARS.contains(y)) {
            self.report(
                here,
                "birthday",
                ProblemKind::OutOfRange,
                format!(
                    "birthday year {year} is outside the years {} to {} (leave the year out when it is not known)",
                    BIRTH_YEARS.start(),
                    BIRTH_YEARS.end()
                ),
            );
        } else if !b.is_valid() {
            let year = b.year.map(|y| format!("-{y}")).unwrap_or_default();
            self.report(
                here,
                "birthday",
                ProblemKind::OutOfRange,
                format!("birthday {:02}-{:02}{year} is not a date", b.month, b.day),
            );
        }
    }

    fn opportunity(&mut self, o: u32) {
        let store = self.store;
        let x = &store.opportunities;
        let i = o as usize;
        let here = Here::new(
            RecordKind::Opportunity,
            i,
            store.id(RecordKind::Opportunity, o),
        );
        let account = x.account[i];
        self.reference(here, "account_id", RecordKind::Account, account);
        if x.contact[i] != NONE {
            let contact = x.contact[i];
            self.contact_of(here, "contact_id", contact, account);
        }
        self.reference(here, "owner_rep_id", RecordKind::Rep, x.owner[i]);
        self.money(here, "amount", x.amount[i], x.currency[i]);
        if let Some(p) = x.probability.get(o) {
            if !p.is_finite() {
                self.report(
                    here,
                    "probability",
                    ProblemKind::NonFiniteNumber,
                    format!("probability {p} is not a finite number"),
                );
            } else if !(0.0..=1.0).contains(&p) {
                self.report(
                    here,
                    "probability",
                    ProblemKind::OutOfRange,
                    format!("probability {p} is outside 0 to 1"),
                );
            }
        }
        let created_on = date(x.created_on[i]);
        self.ordered(
            here,
            ("created_on", &created_on),
            ("expected_close", &date(x.expected_close[i])),
        );
        let stage = OpportunityStage::from_code(x.stage[i]);
        match (stage.is_closed(), date_opt(x.closed_on[i])) {
            (true, None) => self.report(
                here,
                "closed_on",
                ProblemKind::Inconsistent,
                "a closed opportunity has no closed_on date",
            ),
            (false, Some(_)) => self.report(
                here,
                "closed_on",
                ProblemKind::Inconsistent,
                "an open opportunity has a closed_on date",
            ),
            (_, Some(closed)) => {
                self.ordered(here, ("created_on", &created_on), ("closed_on", &closed))
            }
            (false, None) => {}
        }
        if x.lost_to[i] != NONE && stage != OpportunityStage::ClosedLost {
            self.report(
                here,
                "lost_to",
                ProblemKind::Inconsistent,
                "only a closed_lost opportunity can name the competitor it was lost to",
            );
        }
    }

    fn membership(&mut self, m: u32) {
        let store = self.store;
        let x = &store.memberships;
        let i = m as usize;
        let here = Here::new(
            RecordKind::Membership,
            i,
            store.id(RecordKind::Membership, m),
        );
        self.reference(here, "account_id", RecordKind::Account, x.account[i]);
        self.money(here, "dues", x.dues[i], x.currency[i]);
        let (joined, start, end) = (
            date(x.joined_on[i]),
            date(x.term_start[i]),
            date(x.term_end[i]),
        );
        self.ordered(here, ("term_start", &start), ("term_end", &end));
        self.ordered(here, ("joined_on", &joined), ("term_start", &start));
        for (j, r) in x.renewals(m).iter().enumerate() {
            let renewal = here.item("renewals", j);
            self.money(renewal, "dues", r.amount, r.currency_late & !PAID_LATE);
            self.ordered(
                renewal,
                ("term_start", &date(r.term_start)),
                ("term_end", &date(r.term_end)),
            );
        }
        for (j, &(lapsed, back)) in x.lapses(m).iter().enumerate() {
            if let Some(back) = date_opt(back) {
                self.ordered(
                    here.item("lapses", j),
                    ("lapsed_on", &date(lapsed)),
                    ("reinstated_on", &back),
                );
            }
        }
    }

    /// The activity at book position `b` (rows are in book order while filling; a
    /// logged activity is checked as the row `row`, its account `account`).
    pub(crate) fn activity_row(&mut self, b: u32, row: &activities::Row) {
        let store = self.store;
        let here = Here::new(
            RecordKind::Activity,
            b as usize,
            store.id(RecordKind::Activity, b),
        );
        self.account_contact_rep(here, row.account, row.contact, row.rep);
        if row.opportunity != NONE {
            self.reference(
                here,
                "opportunity_id",
                RecordKind::Opportunity,
                row.opportunity,
            );
        }
        if row.campaign != NONE {
            self.reference(here, "campaign_id", RecordKind::Campaign, row.campaign);
        }
    }

    fn activity(&mut self, a: u32, account: u32) {
        let x = &self.store.activities;
        let i = a as usize;
        let row = activities::Row {
            account,
            contact: x.contact[i],
            rep: x.rep[i],
            at: x.at[i],
            finer: 0,
            how: x.how[i],
            duration: None,
            opportunity: x.opportunity.get(a).unwrap_or(NONE),
            campaign: x.campaign.get(a).unwrap_or(NONE),
        };
        self.activity_row(a, &row);
    }

    fn campaign(&mut self, k: u32, responses: std::ops::Range<u32>) {
        let store = self.store;
        let campaign = &store.campaigns[k as usize];
        let here = Here::new(RecordKind::Campaign, k as usize, campaign.id.as_str());
        if let Some(end) = &campaign.ends_on {
            self.ordered(here, ("starts_on", &campaign.starts_on), ("ends_on", end));
        }
        for (j, r) in responses.enumerate() {
            self.response(k, j, r);
        }
    }

    /// Response `r`, item `j` of campaign `k`.
    pub(crate) fn response(&mut self, k: u32, j: usize, r: u32) {
        let store = self.store;
        let here = Here::new(
            RecordKind::Campaign,
            k as usize,
            store.campaigns[k as usize].id.as_str(),
        );
        self.reference(
            here.item("responses", j),
            "contact_id",
            RecordKind::Contact,
            store.responses.contact[r as usize],
        );
    }

    fn event(&mut self, e: u32, attendees: std::ops::Range<u32>) {
        let store = self.store;
        let event = &store.events[e as usize];
        let here = Here::new(RecordKind::Event, e as usize, event.id.as_str());
        self.ordered(
            here,
            ("starts_at", &event.starts_at),
            ("ends_at", &event.ends_at),
        );
        self.time_zone_name(here, "time_zone", &event.time_zone);
        for (j, a) in attendees.enumerate() {
            self.attendee(e, j, a);
        }
    }

    /// Attendee `a`, item `j` of event `e`.
    pub(crate) fn attendee(&mut self, e: u32, j: usize, a: u32) {
        let store = self.store;
        let here = Here::new(
            RecordKind::Event,
            e as usize,
            store.events[e as usize].id.as_str(),
        );
        self.reference(
            here.item("attendees", j),
            "contact_id",
            RecordKind::Contact,
            store.attendees.contact[a as usize],
        );
    }

    /// The account, the contact (the account's, when one is named) and the rep a row
    /// names by number.
    fn account_contact_rep(&mut self, here: Here<'_>, account: u32, contact: u32, rep: u32) {
        self.reference(here, "account_id", RecordKind::Account, account);
        if contact != NONE {
            self.contact_of(here, "contact_id", contact, account);
        }
        self.reference(here, "rep_id", RecordKind::Rep, rep);
    }

    /// The task at `t`, as `row`.
    pub(crate) fn task_row(&mut self, t: u32, row: &TaskRow) {
        let store = self.store;
        let here = Here::new(RecordKind::Task, t as usize, store.id(RecordKind::Task, t));
        self.account_contact_rep(here, row.account, row.contact, row.rep);
        if let Some((done, finer)) = row.completed {
            let created = instant(row.created.0, row.created.1);
            let done = instant(done, finer);
            self.ordered(here, ("created_at", &created), ("completed_at", &done));
        }
    }

    fn handoff(&mut self, i: usize, h: &Handoff) {
        let here = Here::new(RecordKind::Handoff, i, h.id.as_str());
        self.reference_to(
            here,
            "account_id",
            RecordKind::Account,
            h.account_id.as_str(),
        );
        self.reference_to(here, "from_rep_id", RecordKind::Rep, h.from_rep_id.as_str());
        self.reference_to(here, "to_rep_id", RecordKind::Rep, h.to_rep_id.as_str());
        if let Some(accepted) = &h.accepted_at {
            self.ordered(here, ("at", &h.at), ("accepted_at", accepted));
        }
    }
}

//! Validation: every rule a book must keep, checked in one pass that reports every
//! problem found rather than stopping at the first.
//!
//! [`validate`] registers every collection's ids first (empty and duplicate ids are
//! the first problems), then checks each kind of record in the book's order, one
//! function per kind.

use crate::BookData;
use crate::Money;
use crate::book::money::is_currency_code;
use crate::error::{Location, Problem, ProblemKind, RecordKind, Reference};
use crate::{
    Account, Activity, Campaign, Contact, Event, Handoff, Membership, Opportunity, Rep, Task, Team,
};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt::Display;

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

struct Checker<'a> {
    problems: Vec<Problem>,
    ids: HashMap<RecordKind, HashSet<&'a str>>,
    contact_account: HashMap<&'a str, &'a str>,
    zones: HashMap<&'a str, bool>,
}

/// Every problem in `data`, in record order; empty when the book is valid.
pub(crate) fn validate(data: &BookData) -> Vec<Problem> {
    let mut c = Checker {
        problems: Vec::new(),
        ids: HashMap::default(),
        contact_account: HashMap::with_capacity_and_hasher(data.contacts.len(), Default::default()),
        zones: HashMap::default(),
    };
    c.register_ids(data);
    c.each(&data.teams, Checker::team);
    c.each(&data.reps, Checker::rep);
    c.each(&data.accounts, Checker::account);
    c.each(&data.contacts, Checker::contact);
    c.each(&data.opportunities, Checker::opportunity);
    c.each(&data.memberships, Checker::membership);
    c.each(&data.activities, Checker::activity);
    c.each(&data.campaigns, Checker::campaign);
    c.each(&data.events, Checker::event);
    c.each(&data.tasks, Checker::task);
    c.each(&data.handoffs, Checker::handoff);
    c.problems
}

/// The years a birthday's year may take: those of a calendar date every binding reads
/// (Python's `datetime.date` starts at year 1). Year 0 is what some exports write for
/// "not known"; such a birthday is given without a year.
const BIRTH_YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

impl<'a> Checker<'a> {
    /// Checks each of `records` with `check`, given its position.
    fn each<T>(&mut self, records: &'a [T], check: fn(&mut Self, usize, &'a T)) {
        for (i, record) in records.iter().enumerate() {
            check(self, i, record);
        }
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

    /// Registers the ids of every collection, reporting empty and duplicate ones, and
    /// each contact's account.
    fn register_ids(&mut self, data: &'a BookData) {
        self.register(RecordKind::Division, &data.divisions, |x| x.id.as_str());
        self.register(RecordKind::Team, &data.teams, |x| x.id.as_str());
        self.register(RecordKind::Rep, &data.reps, |x| x.id.as_str());
        self.register(RecordKind::Account, &data.accounts, |x| x.id.as_str());
        self.register(RecordKind::Contact, &data.contacts, |x| x.id.as_str());
        self.register(RecordKind::Opportunity, &data.opportunities, |x| {
            x.id.as_str()
        });
        self.register(RecordKind::Membership, &data.memberships, |x| x.id.as_str());
        self.register(RecordKind::Activity, &data.activities, |x| x.id.as_str());
        self.register(RecordKind::Campaign, &data.campaigns, |x| x.id.as_str());
        self.register(RecordKind::Event, &data.events, |x| x.id.as_str());
        self.register(RecordKind::Task, &data.tasks, |x| x.id.as_str());
        self.register(RecordKind::Handoff, &data.handoffs, |x| x.id.as_str());
        for contact in &data.contacts {
            self.contact_account
                .entry(contact.id.as_str())
                .or_insert(contact.account_id.as_str());
        }
    }

    /// Registers the ids of one collection, reporting empty and duplicate ones.
    fn register<T>(&mut self, kind: RecordKind, records: &'a [T], id: impl Fn(&'a T) -> &'a str) {
        let mut seen = HashSet::with_capacity_and_hasher(records.len(), Default::default());
        for (index, record) in records.iter().enumerate() {
            let value = id(record);
            let here = Here::new(kind, index, value);
            if value.is_empty() {
                self.report(
                    here,
                    "id",
                    ProblemKind::EmptyId,
                    format!("{kind} id is empty"),
                );
            } else if !seen.insert(value) {
                self.report(
                    here,
                    "id",
                    ProblemKind::DuplicateId,
                    format!("{kind} id {value:?} is used more than once"),
                );
            }
        }
        self.ids.insert(kind, seen);
    }

    fn exists(&self, kind: RecordKind, id: &str) -> bool {
        self.ids.get(&kind).is_some_and(|ids| ids.contains(id))
    }

    fn reference(&mut self, here: Here<'_>, field: &'static str, kind: RecordKind, id: &str) {
        if !self.exists(kind, id) {
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
    }

    /// A contact reference that must also belong to `account_id`.
    fn contact_of(
        &mut self,
        here: Here<'_>,
        field: &'static str,
        contact_id: &str,
        account_id: &str,
    ) {
        match self.contact_account.get(contact_id) {
            None => self.reference(here, field, RecordKind::Contact, contact_id),
            Some(&owner) if owner != account_id => self.report(
                here,
                field,
                ProblemKind::Inconsistent,
                format!("contact {contact_id:?} belongs to account {owner:?}, not {account_id:?}"),
            ),
            Some(_) => {}
        }
    }

    fn time_zone(&mut self, here: Here<'_>, field: &'static str, zone: &'a str) {
        let known = *self
            .zones
            .entry(zone)
            .or_insert_with(|| zone.parse::<chrono_tz::Tz>().is_ok());
        if !known {
            self.report(
                here,
                field,
                ProblemKind::UnknownTimeZone,
                format!("unknown time zone {zone:?}"),
            );
        }
    }

    fn money(&mut self, here: Here<'_>, field: &'static str, money: &Money) {
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
        self.reference(
            here,
            "division_id",
            RecordKind::Division,
            t.division_id.as_str(),
        );
    }

    fn rep(&mut self, i: usize, r: &'a Rep) {
        let here = Here::new(RecordKind::Rep, i, r.id.as_str());
        self.reference(
            here,
            "division_id",
            RecordKind::Division,
            r.division_id.as_str(),
        );
        if let Some(team) = &r.team_id {
            self.reference(here, "team_id", RecordKind::Team, team.as_str());
        }
        self.time_zone(here, "time_zone", &r.time_zone);
    }

    fn account(&mut self, i: usize, a: &'a Account) {
        let here = Here::new(RecordKind::Account, i, a.id.as_str());
        self.time_zone(here, "time_zone", &a.time_zone);
        let mut seen = HashSet::default();
        for (j, o) in a.owners().enumerate() {
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
            self.reference(owner, rep, RecordKind::Rep, o.rep_id.as_str());
            self.reference(
                owner,
                division,
                RecordKind::Division,
                o.division_id.as_str(),
            );
            if !seen.insert((o.rep_id.as_str(), o.role)) {
                self.report(
                    owner,
                    whole,
                    ProblemKind::Inconsistent,
                    format!(
                        "rep {:?} is listed twice as owner in the same role",
                        o.rep_id.as_str()
                    ),
                );
            }
        }
    }

    fn contact(&mut self, i: usize, x: &'a Contact) {
        let here = Here::new(RecordKind::Contact, i, x.id.as_str());
        self.reference(
            here,
            "account_id",
            RecordKind::Account,
            x.account_id.as_str(),
        );
        if let Some(zone) = &x.time_zone {
            self.time_zone(here, "time_zone", zone);
        }
        let Some(b) = x.birthday else {
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

    fn opportunity(&mut self, i: usize, o: &Opportunity) {
        let here = Here::new(RecordKind::Opportunity, i, o.id.as_str());
        self.reference(
            here,
            "account_id",
            RecordKind::Account,
            o.account_id.as_str(),
        );
        if let Some(contact) = &o.contact_id {
            self.contact_of(here, "contact_id", contact.as_str(), o.account_id.as_str());
        }
        self.reference(
            here,
            "owner_rep_id",
            RecordKind::Rep,
            o.owner_rep_id.as_str(),
        );
        self.money(here, "amount", &o.amount);
        if let Some(p) = o.probability {
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
        self.ordered(
            here,
            ("created_on", &o.created_on),
            ("expected_close", &o.expected_close),
        );
        match (o.stage.is_closed(), &o.closed_on) {
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
                self.ordered(here, ("created_on", &o.created_on), ("closed_on", closed))
            }
            (false, None) => {}
        }
        if o.lost_to.is_some() && o.stage != crate::OpportunityStage::ClosedLost {
            self.report(
                here,
                "lost_to",
                ProblemKind::Inconsistent,
                "only a closed_lost opportunity can name the competitor it was lost to",
            );
        }
    }

    fn membership(&mut self, i: usize, m: &Membership) {
        let here = Here::new(RecordKind::Membership, i, m.id.as_str());
        self.reference(
            here,
            "account_id",
            RecordKind::Account,
            m.account_id.as_str(),
        );
        self.money(here, "dues", &m.dues);
        self.ordered(
            here,
            ("term_start", &m.term_start),
            ("term_end", &m.term_end),
        );
        self.ordered(
            here,
            ("joined_on", &m.joined_on),
            ("term_start", &m.term_start),
        );
        for (j, r) in m.renewals.iter().enumerate() {
            let renewal = here.item("renewals", j);
            self.money(renewal, "dues", &r.dues);
            self.ordered(
                renewal,
                ("term_start", &r.term_start),
                ("term_end", &r.term_end),
            );
        }
        for (j, l) in m.lapses.iter().enumerate() {
            if let Some(back) = &l.reinstated_on {
                self.ordered(
                    here.item("lapses", j),
                    ("lapsed_on", &l.lapsed_on),
                    ("reinstated_on", back),
                );
            }
        }
    }

    fn activity(&mut self, i: usize, a: &Activity) {
        let here = Here::new(RecordKind::Activity, i, a.id.as_str());
        self.reference(
            here,
            "account_id",
            RecordKind::Account,
            a.account_id.as_str(),
        );
        if let Some(contact) = &a.contact_id {
            self.contact_of(here, "contact_id", contact.as_str(), a.account_id.as_str());
        }
        self.reference(here, "rep_id", RecordKind::Rep, a.rep_id.as_str());
        if let Some(o) = &a.opportunity_id {
            self.reference(here, "opportunity_id", RecordKind::Opportunity, o.as_str());
        }
        if let Some(k) = &a.campaign_id {
            self.reference(here, "campaign_id", RecordKind::Campaign, k.as_str());
        }
    }

    fn campaign(&mut self, i: usize, k: &Campaign) {
        let here = Here::new(RecordKind::Campaign, i, k.id.as_str());
        if let Some(end) = &k.ends_on {
            self.ordered(here, ("starts_on", &k.starts_on), ("ends_on", end));
        }
        for (j, r) in k.responses.iter().enumerate() {
            let response = here.item("responses", j);
            self.reference(
                response,
                "contact_id",
                RecordKind::Contact,
                r.contact_id.as_str(),
            );
        }
    }

    fn event(&mut self, i: usize, e: &'a Event) {
        let here = Here::new(RecordKind::Event, i, e.id.as_str());
        self.ordered(here, ("starts_at", &e.starts_at), ("ends_at", &e.ends_at));
        self.time_zone(here, "time_zone", &e.time_zone);
        for (j, a) in e.attendees.iter().enumerate() {
            let attendee = here.item("attendees", j);
            self.reference(
                attendee,
                "contact_id",
                RecordKind::Contact,
                a.contact_id.as_str(),
            );
        }
    }

    fn task(&mut self, i: usize, t: &Task) {
        let here = Here::new(RecordKind::Task, i, t.id.as_str());
        self.reference(
            here,
            "account_id",
            RecordKind::Account,
            t.account_id.as_str(),
        );
        if let Some(contact) = &t.contact_id {
            self.contact_of(here, "contact_id", contact.as_str(), t.account_id.as_str());
        }
        self.reference(here, "rep_id", RecordKind::Rep, t.rep_id.as_str());
        if let Some(done) = &t.completed_at {
            self.ordered(here, ("created_at", &t.created_at), ("completed_at", done));
        }
    }

    fn handoff(&mut self, i: usize, h: &Handoff) {
        let here = Here::new(RecordKind::Handoff, i, h.id.as_str());
        self.reference(
            here,
            "account_id",
            RecordKind::Account,
            h.account_id.as_str(),
        );
        self.reference(here, "from_rep_id", RecordKind::Rep, h.from_rep_id.as_str());
        self.reference(here, "to_rep_id", RecordKind::Rep, h.to_rep_id.as_str());
        if let Some(accepted) = &h.accepted_at {
            self.ordered(here, ("at", &h.at), ("accepted_at", accepted));
        }
    }
}

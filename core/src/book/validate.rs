//! Validation: every rule a book must keep, checked in one pass that reports every
//! problem found rather than stopping at the first.

use crate::BookData;
use crate::Money;
use crate::book::money::is_currency_code;
use crate::error::{Problem, ProblemKind, RecordKind};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt::Display;

/// Where a record stands in the book: collection, position and id.
#[derive(Clone, Copy)]
struct At<'a> {
    collection: &'static str,
    index: usize,
    id: Option<&'a str>,
}

impl At<'_> {
    fn path(&self, field: &str) -> String {
        if field.is_empty() {
            format!("{}[{}]", self.collection, self.index)
        } else {
            format!("{}[{}].{field}", self.collection, self.index)
        }
    }
}

struct Checker<'a> {
    problems: Vec<Problem>,
    ids: HashMap<RecordKind, HashSet<&'a str>>,
    contact_account: HashMap<&'a str, &'a str>,
    zones: HashMap<&'a str, bool>,
}

impl<'a> Checker<'a> {
    fn report(&mut self, at: At<'_>, field: &str, kind: ProblemKind, message: impl Display) {
        self.problems.push(Problem {
            path: at.path(field),
            record_id: at.id.map(str::to_owned),
            kind,
            message: message.to_string(),
        });
    }

    /// Registers the ids of one collection, reporting empty and duplicate ones.
    fn register<T>(
        &mut self,
        kind: RecordKind,
        collection: &'static str,
        records: &'a [T],
        id: impl Fn(&'a T) -> &'a str,
    ) {
        let mut seen = HashSet::with_capacity_and_hasher(records.len(), Default::default());
        for (index, record) in records.iter().enumerate() {
            let value = id(record);
            let at = At {
                collection,
                index,
                id: Some(value),
            };
            if value.is_empty() {
                self.report(
                    at,
                    "id",
                    ProblemKind::EmptyId,
                    format!("{kind} id is empty"),
                );
            } else if !seen.insert(value) {
                self.report(
                    at,
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

    fn reference(&mut self, at: At<'_>, field: &str, kind: RecordKind, id: &str) {
        if !self.exists(kind, id) {
            self.report(
                at,
                field,
                ProblemKind::DanglingReference,
                format!("no {kind} has id {id:?}"),
            );
        }
    }

    /// A contact reference that must also belong to `account_id`.
    fn contact_of(&mut self, at: At<'_>, field: &str, contact_id: &str, account_id: &str) {
        match self.contact_account.get(contact_id) {
            None => self.reference(at, field, RecordKind::Contact, contact_id),
            Some(&owner) if owner != account_id => self.report(
                at,
                field,
                ProblemKind::Inconsistent,
                format!("contact {contact_id:?} belongs to account {owner:?}, not {account_id:?}"),
            ),
            Some(_) => {}
        }
    }

    fn time_zone(&mut self, at: At<'_>, field: &str, zone: &'a str) {
        let known = *self
            .zones
            .entry(zone)
            .or_insert_with(|| zone.parse::<chrono_tz::Tz>().is_ok());
        if !known {
            self.report(
                at,
                field,
                ProblemKind::UnknownTimeZone,
                format!("unknown time zone {zone:?}"),
            );
        }
    }

    fn money(&mut self, at: At<'_>, field: &str, money: &Money) {
        if money.amount_minor < 0 {
            self.report(
                at,
                field,
                ProblemKind::NegativeAmount,
                format!("amount {} is negative", money.amount_minor),
            );
        }
        if !is_currency_code(&money.currency) {
            self.report(
                at,
                field,
                ProblemKind::InvalidCurrency,
                format!("currency {:?} is not an ISO 4217 code", money.currency),
            );
        }
    }

    fn ordered<T: PartialOrd + Display>(&mut self, at: At<'_>, start: (&str, &T), end: (&str, &T)) {
        if end.1 < start.1 {
            self.report(
                at,
                end.0,
                ProblemKind::EndBeforeStart,
                format!("{} {} is before {} {}", end.0, end.1, start.0, start.1),
            );
        }
    }
}

fn at<'a>(collection: &'static str, index: usize, id: &'a str) -> At<'a> {
    At {
        collection,
        index,
        id: Some(id),
    }
}

/// Every problem in `data`, in record order; empty when the book is valid.
pub(crate) fn validate(data: &BookData) -> Vec<Problem> {
    let mut c = Checker {
        problems: Vec::new(),
        ids: HashMap::default(),
        contact_account: HashMap::with_capacity_and_hasher(data.contacts.len(), Default::default()),
        zones: HashMap::default(),
    };
    c.register(RecordKind::Division, "divisions", &data.divisions, |x| {
        x.id.as_str()
    });
    c.register(RecordKind::Team, "teams", &data.teams, |x| x.id.as_str());
    c.register(RecordKind::Rep, "reps", &data.reps, |x| x.id.as_str());
    c.register(RecordKind::Account, "accounts", &data.accounts, |x| {
        x.id.as_str()
    });
    c.register(RecordKind::Contact, "contacts", &data.contacts, |x| {
        x.id.as_str()
    });
    c.register(
        RecordKind::Opportunity,
        "opportunities",
        &data.opportunities,
        |x| x.id.as_str(),
    );
    c.register(
        RecordKind::Membership,
        "memberships",
        &data.memberships,
        |x| x.id.as_str(),
    );
    c.register(RecordKind::Activity, "activities", &data.activities, |x| {
        x.id.as_str()
    });
    c.register(RecordKind::Campaign, "campaigns", &data.campaigns, |x| {
        x.id.as_str()
    });
    c.register(RecordKind::Event, "events", &data.events, |x| x.id.as_str());
    c.register(RecordKind::Task, "tasks", &data.tasks, |x| x.id.as_str());
    c.register(RecordKind::Handoff, "handoffs", &data.handoffs, |x| {
        x.id.as_str()
    });
    for contact in &data.contacts {
        c.contact_account
            .entry(contact.id.as_str())
            .or_insert(contact.account_id.as_str());
    }

    for (i, t) in data.teams.iter().enumerate() {
        c.reference(
            at("teams", i, t.id.as_str()),
            "division_id",
            RecordKind::Division,
            t.division_id.as_str(),
        );
    }
    for (i, r) in data.reps.iter().enumerate() {
        let here = at("reps", i, r.id.as_str());
        c.reference(
            here,
            "division_id",
            RecordKind::Division,
            r.division_id.as_str(),
        );
        if let Some(team) = &r.team_id {
            c.reference(here, "team_id", RecordKind::Team, team.as_str());
        }
        c.time_zone(here, "time_zone", &r.time_zone);
    }
    for (i, a) in data.accounts.iter().enumerate() {
        let here = at("accounts", i, a.id.as_str());
        c.time_zone(here, "time_zone", &a.time_zone);
        let mut seen = HashSet::default();
        for (j, o) in a.owners().enumerate() {
            let field = if j == 0 {
                "primary_owner".to_owned()
            } else {
                format!("co_owners[{}]", j - 1)
            };
            c.reference(
                here,
                &format!("{field}.rep_id"),
                RecordKind::Rep,
                o.rep_id.as_str(),
            );
            c.reference(
                here,
                &format!("{field}.division_id"),
                RecordKind::Division,
                o.division_id.as_str(),
            );
            if !seen.insert((o.rep_id.as_str(), o.role)) {
                c.report(
                    here,
                    &field,
                    ProblemKind::Inconsistent,
                    format!(
                        "rep {:?} is listed twice as owner in the same role",
                        o.rep_id.as_str()
                    ),
                );
            }
        }
    }
    for (i, x) in data.contacts.iter().enumerate() {
        let here = at("contacts", i, x.id.as_str());
        c.reference(
            here,
            "account_id",
            RecordKind::Account,
            x.account_id.as_str(),
        );
        if let Some(zone) = &x.time_zone {
            c.time_zone(here, "time_zone", zone);
        }
        if let Some(b) = x.birthday.filter(|b| !b.is_valid()) {
            let year = b.year.map(|y| format!("-{y}")).unwrap_or_default();
            c.report(
                here,
                "birthday",
                ProblemKind::OutOfRange,
                format!("birthday {:02}-{:02}{year} is not a date", b.month, b.day),
            );
        }
    }
    for (i, o) in data.opportunities.iter().enumerate() {
        let here = at("opportunities", i, o.id.as_str());
        c.reference(
            here,
            "account_id",
            RecordKind::Account,
            o.account_id.as_str(),
        );
        if let Some(contact) = &o.contact_id {
            c.contact_of(here, "contact_id", contact.as_str(), o.account_id.as_str());
        }
        c.reference(
            here,
            "owner_rep_id",
            RecordKind::Rep,
            o.owner_rep_id.as_str(),
        );
        c.money(here, "amount", &o.amount);
        if let Some(p) = o.probability {
            if !p.is_finite() {
                c.report(
                    here,
                    "probability",
                    ProblemKind::NonFiniteNumber,
                    format!("probability {p} is not a finite number"),
                );
            } else if !(0.0..=1.0).contains(&p) {
                c.report(
                    here,
                    "probability",
                    ProblemKind::OutOfRange,
                    format!("probability {p} is outside 0 to 1"),
                );
            }
        }
        c.ordered(
            here,
            ("created_on", &o.created_on),
            ("expected_close", &o.expected_close),
        );
        match (o.stage.is_closed(), &o.closed_on) {
            (true, None) => c.report(
                here,
                "closed_on",
                ProblemKind::Inconsistent,
                "a closed opportunity has no closed_on date",
            ),
            (false, Some(_)) => c.report(
                here,
                "closed_on",
                ProblemKind::Inconsistent,
                "an open opportunity has a closed_on date",
            ),
            (_, Some(closed)) => {
                c.ordered(here, ("created_on", &o.created_on), ("closed_on", closed))
            }
            (false, None) => {}
        }
        if o.lost_to.is_some() && o.stage != crate::OpportunityStage::ClosedLost {
            c.report(
                here,
                "lost_to",
                ProblemKind::Inconsistent,
                "only a closed_lost opportunity can name the competitor it was lost to",
            );
        }
    }
    for (i, m) in data.memberships.iter().enumerate() {
        let here = at("memberships", i, m.id.as_str());
        c.reference(
            here,
            "account_id",
            RecordKind::Account,
            m.account_id.as_str(),
        );
        c.money(here, "dues", &m.dues);
        c.ordered(
            here,
            ("term_start", &m.term_start),
            ("term_end", &m.term_end),
        );
        c.ordered(
            here,
            ("joined_on", &m.joined_on),
            ("term_start", &m.term_start),
        );
        for (j, r) in m.renewals.iter().enumerate() {
            let field = format!("renewals[{j}]");
            c.money(here, &format!("{field}.dues"), &r.dues);
            c.ordered(
                here,
                (&format!("{field}.term_start"), &r.term_start),
                (&format!("{field}.term_end"), &r.term_end),
            );
        }
        for (j, l) in m.lapses.iter().enumerate() {
            if let Some(back) = &l.reinstated_on {
                c.ordered(
                    here,
                    (&format!("lapses[{j}].lapsed_on"), &l.lapsed_on),
                    (&format!("lapses[{j}].reinstated_on"), back),
                );
            }
        }
    }
    for (i, a) in data.activities.iter().enumerate() {
        let here = at("activities", i, a.id.as_str());
        c.reference(
            here,
            "account_id",
            RecordKind::Account,
            a.account_id.as_str(),
        );
        if let Some(contact) = &a.contact_id {
            c.contact_of(here, "contact_id", contact.as_str(), a.account_id.as_str());
        }
        c.reference(here, "rep_id", RecordKind::Rep, a.rep_id.as_str());
        if let Some(o) = &a.opportunity_id {
            c.reference(here, "opportunity_id", RecordKind::Opportunity, o.as_str());
        }
        if let Some(k) = &a.campaign_id {
            c.reference(here, "campaign_id", RecordKind::Campaign, k.as_str());
        }
    }
    for (i, k) in data.campaigns.iter().enumerate() {
        let here = at("campaigns", i, k.id.as_str());
        if let Some(end) = &k.ends_on {
            c.ordered(here, ("starts_on", &k.starts_on), ("ends_on", end));
        }
        for (j, r) in k.responses.iter().enumerate() {
            c.reference(
                here,
                &format!("responses[{j}].contact_id"),
                RecordKind::Contact,
                r.contact_id.as_str(),
            );
        }
    }
    for (i, e) in data.events.iter().enumerate() {
        let here = at("events", i, e.id.as_str());
        c.ordered(here, ("starts_at", &e.starts_at), ("ends_at", &e.ends_at));
        c.time_zone(here, "time_zone", &e.time_zone);
        for (j, a) in e.attendees.iter().enumerate() {
            c.reference(
                here,
                &format!("attendees[{j}].contact_id"),
                RecordKind::Contact,
                a.contact_id.as_str(),
            );
        }
    }
    for (i, t) in data.tasks.iter().enumerate() {
        let here = at("tasks", i, t.id.as_str());
        c.reference(
            here,
            "account_id",
            RecordKind::Account,
            t.account_id.as_str(),
        );
        if let Some(contact) = &t.contact_id {
            c.contact_of(here, "contact_id", contact.as_str(), t.account_id.as_str());
        }
        c.reference(here, "rep_id", RecordKind::Rep, t.rep_id.as_str());
        if let Some(done) = &t.completed_at {
            c.ordered(here, ("created_at", &t.created_at), ("completed_at", done));
        }
    }
    for (i, h) in data.handoffs.iter().enumerate() {
        let here = at("handoffs", i, h.id.as_str());
        c.reference(
            here,
            "account_id",
            RecordKind::Account,
            h.account_id.as_str(),
        );
        c.reference(here, "from_rep_id", RecordKind::Rep, h.from_rep_id.as_str());
        c.reference(here, "to_rep_id", RecordKind::Rep, h.to_rep_id.as_str());
        if let Some(accepted) = &h.accepted_at {
            c.ordered(here, ("at", &h.at), ("accepted_at", accepted));
        }
    }
    c.problems
}

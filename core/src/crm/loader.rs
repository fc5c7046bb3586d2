//! Building the book from the tables: one record per row, the organisation the files
//! name, and validation's problems placed back on their rows and columns.

use super::cells::*;
use super::columns::*;
use super::table::*;
use super::*;
use crate::error::{Error, Problem, ProblemKind, RecordKind, Reference, Result};
use crate::{
    Account, Activity, Book, BookData, Consent, Contact, Division, Email, Lapse, Money,
    Opportunity, Ownership, Phone, PhoneKind, Rep, Team,
};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Where each record of the book came from: its row, per collection.
#[derive(Default)]
pub(super) struct Sources {
    pub(super) accounts: Vec<u64>,
    pub(super) contacts: Vec<u64>,
    pub(super) opportunities: Vec<u64>,
    pub(super) memberships: Vec<TermRows>,
    pub(super) activities: Vec<u64>,
    pub(super) reps: Vec<u64>,
}

/// The rows of one membership: its current term, its renewals, its lapses, and the row
/// its `joined_on` came from.
pub(super) struct TermRows {
    pub(super) current: u64,
    pub(super) renewals: Vec<u64>,
    pub(super) lapses: Vec<u64>,
    pub(super) joined: u64,
}

/// One row of the memberships file.
pub(super) struct Term {
    pub(super) row: u64,
    pub(super) account_id: String,
    pub(super) tier: String,
    pub(super) term_start: NaiveDate,
    pub(super) term_end: NaiveDate,
    pub(super) dues: Money,
    pub(super) joined_on: Option<NaiveDate>,
    pub(super) renewed_on: Option<NaiveDate>,
    pub(super) paid_late: bool,
    pub(super) lapse: Option<Lapse>,
}

pub(super) struct Loader<'a> {
    pub(super) mapping: &'a ColumnMapping,
    pub(super) tables: &'a HashMap<CrmFile, Table>,
    pub(super) problems: Vec<RowProblem>,
    pub(super) data: BookData,
    pub(super) sources: Sources,
    /// The records whose row could not be read: validation's dangling references to
    /// them are not reported.
    pub(super) skipped: HashSet<Reference>,
    /// Kinds whose file could not be read at all.
    pub(super) skipped_all: HashSet<RecordKind>,
    /// The ids of the divisions and teams made so far.
    pub(super) divisions: HashSet<String>,
    pub(super) teams: HashSet<String>,
}

impl<'a> Loader<'a> {
    pub(super) fn run(mut self) -> Result<Book> {
        for file in CrmFile::ALL {
            if let Some(table) = self.tables.get(&file)
                && !table.complete
            {
                self.skipped_all.insert(file.record_kind());
            }
        }
        self.read_rows(CrmFile::Reps, Self::rep);
        self.read_rows(CrmFile::Accounts, Self::account);
        self.read_rows(CrmFile::Contacts, Self::contact);
        self.read_rows(CrmFile::Opportunities, Self::opportunity);
        self.read_memberships();
        self.read_rows(CrmFile::Activities, Self::activity);
        self.organisation();

        let data = std::mem::take(&mut self.data);
        let result = Book::new(data);
        let book = match result {
            Ok(book) => Some(book),
            Err(Error::Validation { problems }) => {
                for p in problems {
                    if !self.already_reported(&p) {
                        let located = self.locate(&p);
                        self.problems.push(located);
                    }
                }
                None
            }
            Err(other) => return Err(other),
        };
        if self.problems.is_empty()
            && let Some(book) = book
        {
            return Ok(book);
        }
        let mut problems = std::mem::take(&mut self.problems);
        let tables = self.tables;
        let order = |name: &str| {
            CrmFile::ALL
                .iter()
                .position(|f| tables.get(f).is_some_and(|t| t.name == name))
                .unwrap_or(CrmFile::ALL.len())
        };
        problems.sort_by_cached_key(|p| (order(&p.file), p.row));
        Err(Error::CrmExport { problems })
    }

    /// Reads every row of `file` with `read`, which says whether the row gave a record;
    /// the id of a row that did not is remembered, so references to it are not reported.
    pub(super) fn read_rows(&mut self, file: CrmFile, read: fn(&mut Self, &mut Cells<'a>) -> bool) {
        let tables: &'a HashMap<CrmFile, Table> = self.tables;
        let Some(table) = tables.get(&file) else {
            return;
        };
        for row in &table.rows {
            let mut c = Cells {
                table,
                row: row.number,
                cells: row,
                problems: Vec::new(),
            };
            if !read(self, &mut c)
                && let Some(id) = c.opt(file.id_column())
            {
                self.skip(file.record_kind(), id);
            }
            self.problems.append(&mut c.problems);
        }
    }

    pub(super) fn has(&self, file: CrmFile) -> bool {
        self.tables.contains_key(&file)
    }

    pub(super) fn currency(&self, c: &mut Cells<'_>) -> Option<String> {
        match c
            .opt("currency")
            .or(self.mapping.default_currency.as_deref())
        {
            Some(code) => Some(code.to_owned()),
            None => {
                c.bad("currency", "is empty".to_owned());
                None
            }
        }
    }

    pub(super) fn account(&mut self, c: &mut Cells<'_>) -> bool {
        let id = c.req("account_id");
        let name = c.req("name");
        let kind = c.req_with("kind", choice(ACCOUNT_KINDS));
        let status = c.req_with("status", choice(ACCOUNT_STATUSES));
        let time_zone = c.req("time_zone");
        let rep = c.req("owner_rep_id");
        let role = c.req_with("owner_role", choice(ROLES));
        let division = c.req("owner_division_id");
        let co = c.opt_with("co_owners", co_owners).unwrap_or_default();
        let (
            Some(id),
            Some(name),
            Some(kind),
            Some(status),
            Some(time_zone),
            Some(rep),
            Some(role),
            Some(division),
        ) = (id, name, kind, status, time_zone, rep, role, division)
        else {
            return false;
        };
        if c.failed() {
            return false;
        }
        self.data.accounts.push(Account {
            id: id.into(),
            name: name.to_owned(),
            kind,
            status,
            territory_zone: c.opt("territory_zone").map(str::to_owned),
            time_zone: time_zone.to_owned(),
            primary_owner: Ownership::new(rep, role, division),
            co_owners: co,
        });
        self.sources.accounts.push(c.row);
        true
    }

    pub(super) fn contact(&mut self, c: &mut Cells<'_>) -> bool {
        let id = c.req("contact_id");
        let account = c.req("account_id");
        let name = c.req("name");
        let birthday = c.opt_with("birthday", birthday);
        let do_not_call = c.opt_with("do_not_call", boolean).unwrap_or(false);
        let mut consent = BTreeMap::new();
        for (column, channel) in CONSENT_COLUMNS {
            if let Some(value) = c.opt_with(column, choice::<Consent>(CONSENTS)) {
                consent.insert(channel, value);
            }
        }
        let (Some(id), Some(account), Some(name)) = (id, account, name) else {
            return false;
        };
        if c.failed() {
            return false;
        }
        let phones = [
            ("phone", PhoneKind::Work),
            ("mobile_phone", PhoneKind::Mobile),
            ("home_phone", PhoneKind::Home),
        ]
        .into_iter()
        .filter_map(|(column, kind)| {
            c.opt(column).map(|number| Phone {
                number: number.to_owned(),
                kind,
            })
        })
        .collect();
        let emails = [("email", true), ("other_email", false)]
            .into_iter()
            .filter_map(|(column, primary)| {
                c.opt(column).map(|address| Email {
                    address: address.to_owned(),
                    primary,
                })
            })
            .collect();
        self.data.contacts.push(Contact {
            id: id.into(),
            account_id: account.into(),
            name: name.to_owned(),
            title: c.opt("title").map(str::to_owned),
            phones,
            emails,
            birthday,
            time_zone: c.opt("time_zone").map(str::to_owned),
            do_not_call,
            consent,
        });
        self.sources.contacts.push(c.row);
        true
    }

    pub(super) fn opportunity(&mut self, c: &mut Cells<'_>) -> bool {
        let id = c.req("opportunity_id");
        let account = c.req("account_id");
        let owner = c.req("owner_rep_id");
        let name = c.req("name");
        let stage = c.req_with("stage", choice(STAGES));
        let amount = c.req_with("amount", minor_units);
        let currency = self.currency(c);
        let probability = c.opt_with("probability", probability);
        let created_on = c.req_with("created_on", date);
        let expected_close = c.req_with("expected_close", date);
        let next_step_due = c.opt_with("next_step_due", date);
        let closed_on = c.opt_with("closed_on", date);
        let (
            Some(id),
            Some(account),
            Some(owner),
            Some(name),
            Some(stage),
            Some(amount),
            Some(currency),
            Some(created_on),
            Some(expected_close),
        ) = (
            id,
            account,
            owner,
            name,
            stage,
            amount,
            currency,
            created_on,
            expected_close,
        )
        else {
            return false;
        };
        if c.failed() {
            return false;
        }
        let contact_id = if self.has(CrmFile::Contacts) {
            c.opt("contact_id").map(Into::into)
        } else {
            None
        };
        self.data.opportunities.push(Opportunity {
            id: id.into(),
            account_id: account.into(),
            contact_id,
            owner_rep_id: owner.into(),
            name: name.to_owned(),
            stage,
            amount: Money::new(amount, currency),
            probability,
            created_on,
            expected_close,
            next_step_due,
            closed_on,
            lost_to: c.opt("lost_to").map(str::to_owned),
        });
        self.sources.opportunities.push(c.row);
        true
    }

    pub(super) fn activity(&mut self, c: &mut Cells<'_>) -> bool {
        let id = c.req("activity_id");
        let account = c.req("account_id");
        let rep = c.req("rep_id");
        let at = c.req_with("at", instant);
        let channel = c.req_with("channel", choice(CHANNELS));
        let direction = c.req_with("direction", choice(DIRECTIONS));
        let outcome = c.opt_with("outcome", choice(OUTCOMES));
        let duration_seconds = c.opt_with("duration_seconds", seconds);
        let (Some(id), Some(account), Some(rep), Some(at), Some(channel), Some(direction)) =
            (id, account, rep, at, channel, direction)
        else {
            return false;
        };
        if c.failed() {
            return false;
        }
        let contact_id = if self.has(CrmFile::Contacts) {
            c.opt("contact_id").map(Into::into)
        } else {
            None
        };
        let opportunity_id = if self.has(CrmFile::Opportunities) {
            c.opt("opportunity_id").map(Into::into)
        } else {
            None
        };
        self.data.activities.push(Activity {
            id: id.into(),
            account_id: account.into(),
            contact_id,
            rep_id: rep.into(),
            at,
            channel,
            direction,
            outcome,
            duration_seconds,
            opportunity_id,
            campaign_id: None,
        });
        self.sources.activities.push(c.row);
        true
    }

    pub(super) fn rep(&mut self, c: &mut Cells<'_>) -> bool {
        let id = c.req("rep_id");
        let name = c.req("name");
        let role = c.req_with("role", choice(ROLES));
        let division = c.req("division_id");
        let time_zone = c.req("time_zone");
        let (Some(id), Some(name), Some(role), Some(division), Some(time_zone)) =
            (id, name, role, division, time_zone)
        else {
            return false;
        };
        if c.failed() {
            return false;
        }
        let team = c.opt("team_id");
        self.add_division(division, c.opt("division_name"));
        if let Some(team) = team
            && self.teams.insert(team.to_owned())
        {
            self.data.teams.push(Team {
                id: team.into(),
                name: c.opt("team_name").unwrap_or(team).to_owned(),
                division_id: division.into(),
            });
        }
        self.data.reps.push(Rep {
            id: id.into(),
            name: name.to_owned(),
            role,
            division_id: division.into(),
            team_id: team.map(Into::into),
            time_zone: time_zone.to_owned(),
        });
        self.sources.reps.push(c.row);
        true
    }

    /// Remembers that the record `id` of `kind` gave no record.
    pub(super) fn skip(&mut self, kind: RecordKind, id: &str) {
        self.skipped.insert(Reference {
            kind,
            id: id.to_owned(),
        });
    }

    pub(super) fn add_division(&mut self, id: &str, name: Option<&str>) {
        if self.divisions.insert(id.to_owned()) {
            self.data.divisions.push(Division {
                id: id.into(),
                name: name.unwrap_or(id).to_owned(),
            });
        }
    }

    /// Reps (when no reps file was given), divisions and teams the files name.
    pub(super) fn organisation(&mut self) {
        let owners: Vec<Ownership> = self
            .data
            .accounts
            .iter()
            .flat_map(|a| a.owners().cloned())
            .collect();
        if !self.has(CrmFile::Reps) {
            let mut first_ownership: HashMap<&str, &Ownership> = HashMap::new();
            for o in &owners {
                first_ownership.entry(o.rep_id.as_str()).or_insert(o);
            }
            let mut named: Vec<&str> = Vec::new();
            let mut seen = HashSet::new();
            let ids = owners
                .iter()
                .map(|o| o.rep_id.as_str())
                .chain(
                    self.data
                        .opportunities
                        .iter()
                        .map(|o| o.owner_rep_id.as_str()),
                )
                .chain(self.data.activities.iter().map(|a| a.rep_id.as_str()));
            for id in ids {
                if seen.insert(id) {
                    named.push(id);
                }
            }
            let reps: Vec<Rep> = named
                .into_iter()
                .map(|id| {
                    let first = first_ownership.get(id);
                    Rep {
                        id: id.into(),
                        name: id.to_owned(),
                        role: first.map_or(crate::OwnerRole::Sales, |o| o.role),
                        division_id: first
                            .map_or_else(|| "unassigned".into(), |o| o.division_id.clone()),
                        team_id: None,
                        time_zone: "UTC".to_owned(),
                    }
                })
                .collect();
            self.data.reps = reps;
            let divisions: Vec<String> = self
                .data
                .reps
                .iter()
                .map(|r| r.division_id.as_str().to_owned())
                .collect();
            for d in &divisions {
                self.add_division(d, None);
            }
        }
        for o in &owners {
            self.add_division(o.division_id.as_str(), None);
        }
    }

    /// Whether `p` is a dangling reference to a record whose row was already reported.
    pub(super) fn already_reported(&self, p: &Problem) -> bool {
        p.reference
            .as_ref()
            .is_some_and(|r| self.skipped_all.contains(&r.kind) || self.skipped.contains(r))
    }

    /// The file, row and column a validation problem's location points at.
    pub(super) fn locate(&self, p: &Problem) -> RowProblem {
        let fallback = || RowProblem {
            file: String::new(),
            row: 0,
            column: String::new(),
            problem: p.to_string(),
        };
        let at = &p.location;
        let (index, field) = (at.index, at.field);
        let currency = p.kind == ProblemKind::InvalidCurrency;
        let money = |column: &'static str| if currency { "currency" } else { column };
        let (file, row, column): (CrmFile, Option<u64>, &str) = match at.record {
            RecordKind::Account => (
                CrmFile::Accounts,
                self.sources.accounts.get(index).copied(),
                match (at.item, field) {
                    (Some(("co_owners", _)), _) => "co_owners",
                    (_, "id") => "account_id",
                    (_, "primary_owner" | "primary_owner.rep_id") => "owner_rep_id",
                    (_, "primary_owner.division_id") => "owner_division_id",
                    (_, f) => f,
                },
            ),
            RecordKind::Contact => (
                CrmFile::Contacts,
                self.sources.contacts.get(index).copied(),
                if field == "id" { "contact_id" } else { field },
            ),
            RecordKind::Opportunity => (
                CrmFile::Opportunities,
                self.sources.opportunities.get(index).copied(),
                match field {
                    "id" => "opportunity_id",
                    "amount" => money("amount"),
                    f => f,
                },
            ),
            RecordKind::Activity => (
                CrmFile::Activities,
                self.sources.activities.get(index).copied(),
                if field == "id" { "activity_id" } else { field },
            ),
            RecordKind::Rep => (
                CrmFile::Reps,
                self.sources.reps.get(index).copied(),
                if field == "id" { "rep_id" } else { field },
            ),
            RecordKind::Membership => {
                let Some(m) = self.sources.memberships.get(index) else {
                    return fallback();
                };
                let (row, column) = match (at.item, field) {
                    (Some(("renewals", j)), f) => (
                        m.renewals.get(j).copied(),
                        if f == "dues" { money("dues") } else { f },
                    ),
                    (Some(("lapses", j)), f) => (m.lapses.get(j).copied(), f),
                    (_, "id") => (Some(m.current), "membership_id"),
                    (_, "joined_on") => (Some(m.joined), "joined_on"),
                    (_, "dues") => (Some(m.current), money("dues")),
                    (_, f) => (Some(m.current), f),
                };
                (CrmFile::Memberships, row, column)
            }
            RecordKind::Division
            | RecordKind::Team
            | RecordKind::Campaign
            | RecordKind::Event
            | RecordKind::Task
            | RecordKind::Handoff => return fallback(),
        };
        let (Some(table), Some(row)) = (self.tables.get(&file), row) else {
            return fallback();
        };
        table.problem(row, &table.header(column, self.mapping), p.message.clone())
    }
}

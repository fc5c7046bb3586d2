//! Memberships, exported one row per term: terms grouped into memberships, with their
//! renewals and lapses.

use super::cells::*;
use super::columns::*;
use super::loader::*;
use super::table::*;
use crate::error::RecordKind;
use crate::{Lapse, Membership, Money, Renewal};
use std::collections::HashMap;

impl<'a> Loader<'a> {
    pub(super) fn term(&self, c: &mut Cells<'_>) -> Option<Term> {
        c.req("membership_id");
        let account = c.req("account_id");
        let tier = c.req("tier");
        let term_start = c.req_with("term_start", date);
        let term_end = c.req_with("term_end", date);
        let dues = c.req_with("dues", minor_units);
        let currency = self.currency(c);
        let joined_on = c.opt_with("joined_on", date);
        let renewed_on = c.opt_with("renewed_on", date);
        let paid_late = c.opt_with("paid_late", boolean).unwrap_or(false);
        let lapsed_on = c.opt_with("lapsed_on", date);
        let reinstated_on = c.opt_with("reinstated_on", date);
        if lapsed_on.is_none() && reinstated_on.is_some() {
            c.bad(
                "reinstated_on",
                "is set but lapsed_on is empty: a reinstatement follows a lapse".to_owned(),
            );
        }
        if c.failed() {
            return None;
        }
        Some(Term {
            row: c.row,
            account_id: account?.to_owned(),
            tier: tier?.to_owned(),
            term_start: term_start?,
            term_end: term_end?,
            dues: Money::new(dues?, currency?),
            joined_on,
            renewed_on,
            paid_late,
            lapse: lapsed_on.map(|lapsed_on| Lapse {
                lapsed_on,
                reinstated_on,
            }),
        })
    }

    pub(super) fn read_memberships(&mut self) {
        let tables: &'a HashMap<CrmFile, Table> = self.tables;
        let Some(table) = tables.get(&CrmFile::Memberships) else {
            return;
        };
        // Groups in order of first appearance; a group with a row that failed is dropped.
        let mut order: Vec<String> = Vec::new();
        let mut groups: HashMap<String, (Vec<Term>, bool)> = HashMap::new();
        for row in &table.rows {
            let mut c = Cells {
                table,
                row: row.number,
                cells: row,
                problems: Vec::new(),
            };
            let term = self.term(&mut c);
            let id = c.opt("membership_id").map(str::to_owned);
            self.problems.append(&mut c.problems);
            let Some(id) = id else { continue };
            let group = groups.entry(id.clone()).or_insert_with(|| {
                order.push(id.clone());
                (Vec::new(), true)
            });
            match term {
                Some(term) => group.0.push(term),
                None => group.1 = false,
            }
        }
        let header = |column: &str| table.header(column, self.mapping);
        for id in order {
            let Some((mut terms, mut ok)) = groups.remove(&id) else {
                continue;
            };
            let mut problem = |row: u64, column: &str, text: String| {
                self.problems
                    .push(table.problem(row, &header(column), text));
            };
            terms.sort_by_key(|t| t.term_start);
            if let Some(last) = terms.last() {
                for pair in terms.windows(2) {
                    let (prev, next) = (&pair[0], &pair[1]);
                    if prev.term_start == next.term_start {
                        problem(
                            next.row,
                            "term_start",
                            format!(
                                "membership {id:?} has another term starting on {} (row {})",
                                next.term_start, prev.row
                            ),
                        );
                        ok = false;
                        continue;
                    }
                    if next.term_start <= prev.term_end {
                        problem(
                            next.row,
                            "term_start",
                            format!(
                                "membership {id:?} has a term starting on {}, before the term of row {} ends on {}",
                                next.term_start, prev.row, prev.term_end
                            ),
                        );
                        ok = false;
                    }
                    // A later term follows a renewal, or a lapse the member came back from
                    // (both, when a lapsed member was reinstated by renewing late). A term
                    // that is neither would be dropped, and a lapse with no reinstatement
                    // would leave the membership lapsed despite its later terms.
                    match (&prev.renewed_on, &prev.lapse) {
                        (None, None) => {
                            problem(
                                prev.row,
                                "renewed_on",
                                format!(
                                    "membership {id:?} has a later term (row {}) but this term was neither renewed nor lapsed: give renewed_on, or lapsed_on and reinstated_on",
                                    next.row
                                ),
                            );
                            ok = false;
                        }
                        (
                            _,
                            Some(Lapse {
                                lapsed_on,
                                reinstated_on: None,
                            }),
                        ) => {
                            problem(
                                prev.row,
                                "reinstated_on",
                                format!(
                                    "membership {id:?} lapsed on {lapsed_on} and has a later term (row {}), so it came back: reinstated_on is empty",
                                    next.row
                                ),
                            );
                            ok = false;
                        }
                        _ => {}
                    }
                }
                for t in &terms {
                    if t.account_id != terms[0].account_id {
                        problem(
                            t.row,
                            "account_id",
                            format!(
                                "membership {id:?} is on account {:?} in row {}",
                                terms[0].account_id, terms[0].row
                            ),
                        );
                        ok = false;
                    }
                }
                let joined: Vec<&Term> = terms.iter().filter(|t| t.joined_on.is_some()).collect();
                for t in &joined {
                    if t.joined_on != joined[0].joined_on {
                        problem(
                            t.row,
                            "joined_on",
                            format!(
                                "membership {id:?} joined on {} in row {}",
                                joined[0].joined_on.unwrap_or_default(),
                                joined[0].row
                            ),
                        );
                        ok = false;
                    }
                }
                if last.renewed_on.is_some() {
                    problem(
                        last.row,
                        "renewed_on",
                        format!(
                            "the latest term of membership {id:?} has a renewed_on date but no later term"
                        ),
                    );
                    ok = false;
                }
                if ok {
                    let (joined_on, joined_row) = match joined.first() {
                        Some(t) => (t.joined_on.unwrap_or(terms[0].term_start), t.row),
                        None => (terms[0].term_start, terms[0].row),
                    };
                    let mut rows = TermRows {
                        current: last.row,
                        renewals: Vec::new(),
                        lapses: Vec::new(),
                        joined: joined_row,
                    };
                    let mut renewals = Vec::new();
                    let mut lapses = Vec::new();
                    for (i, t) in terms.iter().enumerate() {
                        if i + 1 < terms.len()
                            && let Some(renewed_on) = t.renewed_on
                        {
                            renewals.push(Renewal {
                                term_start: t.term_start,
                                term_end: t.term_end,
                                renewed_on,
                                dues: t.dues.clone(),
                                paid_late: t.paid_late,
                            });
                            rows.renewals.push(t.row);
                        }
                        if let Some(lapse) = &t.lapse {
                            lapses.push(lapse.clone());
                            rows.lapses.push(t.row);
                        }
                    }
                    self.data.memberships.push(Membership {
                        id: id.as_str().into(),
                        account_id: last.account_id.as_str().into(),
                        tier: last.tier.clone(),
                        dues: last.dues.clone(),
                        joined_on,
                        term_start: last.term_start,
                        term_end: last.term_end,
                        renewals,
                        lapses,
                    });
                    self.sources.memberships.push(rows);
                    continue;
                }
            }
            self.skip(RecordKind::Membership, &id);
        }
    }
}

//! The cells of a row, read by format: booleans, dates, instants, amounts,
//! probabilities, birthdays and co-owners.

use super::table::*;
use super::*;
use crate::error::Result;
use crate::{Birthday, Ownership};
use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;

/// The cells of one row, read column by column; every problem is kept.
pub(super) struct Cells<'t> {
    pub(super) table: &'t Table,
    pub(super) row: u64,
    pub(super) cells: &'t Row,
    pub(super) problems: Vec<RowProblem>,
}

impl<'t> Cells<'t> {
    /// The cell of `column`, `None` when the column is absent or the cell empty.
    pub(super) fn opt(&self, column: &str) -> Option<&'t str> {
        let (at, _) = self.table.columns.get(column)?;
        let cell = self.cells.cell(*at)?;
        (!cell.is_empty()).then_some(cell)
    }

    pub(super) fn bad(&mut self, column: &str, problem: String) {
        let header = self
            .table
            .columns
            .get(column)
            .map(|(_, h)| h.as_str())
            .unwrap_or(column);
        let problem = self.table.problem(self.row, header, problem);
        self.problems.push(problem);
    }

    /// The cell of a required column; an empty one is a problem.
    pub(super) fn req(&mut self, column: &str) -> Option<&'t str> {
        let cell = self.opt(column);
        if cell.is_none() {
            self.bad(column, "is empty".to_owned());
        }
        cell
    }

    /// An optional cell read by `read`; a cell it refuses is a problem.
    pub(super) fn opt_with<T>(
        &mut self,
        column: &str,
        read: impl Fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let cell = self.opt(column)?;
        self.read_cell(column, cell, read)
    }

    /// A required cell read by `read`.
    pub(super) fn req_with<T>(
        &mut self,
        column: &str,
        read: impl Fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let cell = self.req(column)?;
        self.read_cell(column, cell, read)
    }

    /// `cell` of `column` read by `read`; a cell it refuses is a problem.
    pub(super) fn read_cell<T>(
        &mut self,
        column: &str,
        cell: &str,
        read: impl Fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        read(cell).map_err(|why| self.bad(column, why)).ok()
    }

    pub(super) fn failed(&self) -> bool {
        !self.problems.is_empty()
    }
}

/// A cell's value as problems show it: quoted, at most 40 characters.
pub(super) fn shown(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{head:?}...")
    } else {
        format!("{head:?}")
    }
}

pub(super) fn choice<T: DeserializeOwned>(
    allowed: &'static str,
) -> impl Fn(&str) -> Result<T, String> {
    move |text| {
        let word: String = text
            .to_lowercase()
            .chars()
            .map(|c| if c == ' ' || c == '-' { '_' } else { c })
            .collect();
        serde_json::from_value(serde_json::Value::String(word))
            .map_err(|_| format!("{} is not one of {allowed}", shown(text)))
    }
}

pub(super) const ACCOUNT_KINDS: &str = "prospect, customer, member, partner";
pub(super) const ACCOUNT_STATUSES: &str = "active, dormant, lost, lapsed";
pub(super) const ROLES: &str = "sales, operations, service";
pub(super) const CONSENTS: &str = "granted, denied, unknown";
pub(super) const STAGES: &str =
    "prospecting, qualification, proposal, negotiation, closed_won, closed_lost";
pub(super) const CHANNELS: &str = "call, email, voicemail, text, meeting, webinar, event";
pub(super) const DIRECTIONS: &str = "outbound, inbound";
pub(super) const OUTCOMES: &str = "connected, no_answer, left_voicemail, meeting_set, opportunity_uncovered, not_interested, wrong_number, opted_out";

pub(super) fn boolean(text: &str) -> Result<bool, String> {
    match text.to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" => Ok(true),
        "false" | "no" | "n" | "0" => Ok(false),
        _ => Err(format!(
            "{} is not a boolean (true/false, yes/no, 1/0)",
            shown(text)
        )),
    }
}

pub(super) fn date(text: &str) -> Result<NaiveDate, String> {
    crate::time::parse_date(text, "date")
        .map_err(|_| format!("{} is not a YYYY-MM-DD date", shown(text)))
}

/// An RFC 3339 instant with its offset, read by [`crate::time::parse_instant`].
pub(super) fn instant(text: &str) -> Result<DateTime<Utc>, String> {
    crate::time::parse_instant(text, "at").map_err(|_| {
        format!(
            "{} is not an RFC 3339 instant with an offset in the years 0000 to 9999, like \
             2026-03-08T14:30:00Z",
            shown(text)
        )
    })
}

/// Decimal text with at most two decimals (more only if zeros), in minor units.
pub(super) fn minor_units(text: &str) -> Result<i64, String> {
    let refuse = |why: &str| format!("{} is not an amount: {why}", shown(text));
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) || (digits.ends_with('.')) {
        return Err(refuse(
            "use digits with at most two decimals and no currency sign or separators, like 1200.00",
        ));
    }
    if fraction.len() > 2 && fraction[2..].bytes().any(|b| b != b'0') {
        return Err(refuse("more than two decimals"));
    }
    let cents: i64 = match fraction.len() {
        0 => 0,
        1 => i64::from(fraction.as_bytes()[0] - b'0') * 10,
        _ => {
            i64::from(fraction.as_bytes()[0] - b'0') * 10 + i64::from(fraction.as_bytes()[1] - b'0')
        }
    };
    let value = whole
        .parse::<i64>()
        .ok()
        .and_then(|w| w.checked_mul(100))
        .and_then(|w| w.checked_add(cents))
        .ok_or_else(|| refuse("too large"))?;
    Ok(if negative { -value } else { value })
}

/// `0.7` or `70%`.
pub(super) fn probability(text: &str) -> Result<f64, String> {
    let refuse = || format!("{} is not a probability (0.7 or 70%)", shown(text));
    let (number, percent) = match text.strip_suffix('%') {
        Some(n) => (n.trim_end(), true),
        None => (text, false),
    };
    if !number
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
    {
        return Err(refuse());
    }
    let value: f64 = number.parse().map_err(|_| refuse())?;
    if !value.is_finite() {
        return Err(refuse());
    }
    Ok(if percent { value / 100.0 } else { value })
}

pub(super) fn seconds(text: &str) -> Result<u32, String> {
    text.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| text.parse::<u32>().ok())
        .flatten()
        .ok_or_else(|| format!("{} is not a whole number of seconds", shown(text)))
}

/// `YYYY-MM-DD`, or `MM-DD` / `--MM-DD` without a year.
pub(super) fn birthday(text: &str) -> Result<Birthday, String> {
    let refuse = || {
        format!(
            "{} is not a birthday (YYYY-MM-DD, or MM-DD when the year is not known)",
            shown(text)
        )
    };
    if text.len() == 10 {
        let d = date(text).map_err(|_| refuse())?;
        return Ok(Birthday {
            month: chrono::Datelike::month(&d),
            day: chrono::Datelike::day(&d),
            year: Some(chrono::Datelike::year(&d)),
        });
    }
    let short = text.strip_prefix("--").unwrap_or(text);
    let b = short.as_bytes();
    let shaped =
        b.len() == 5 && b[2] == b'-' && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit());
    if !shaped {
        return Err(refuse());
    }
    let two = |i: usize| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
    Ok(Birthday {
        month: two(0),
        day: two(3),
        year: None,
    })
}

/// `rep:role:division;rep:role:division`.
pub(super) fn co_owners(text: &str) -> Result<Vec<Ownership>, String> {
    let role = choice::<crate::OwnerRole>(ROLES);
    text.split(';')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .enumerate()
        .map(|(i, entry)| {
            let parts: Vec<&str> = entry.split(':').map(str::trim).collect();
            match parts.as_slice() {
                [rep, r, division] if !rep.is_empty() && !division.is_empty() => {
                    Ok(Ownership::new(
                        *rep,
                        role(r).map_err(|why| format!("co-owner {}: {why}", i + 1))?,
                        *division,
                    ))
                }
                _ => Err(format!(
                    "co-owner {} is not rep:role:division (several separated by ;)",
                    i + 1
                )),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_exactly() {
        assert_eq!(minor_units("1200"), Ok(120_000));
        assert_eq!(minor_units("1200.5"), Ok(120_050));
        assert_eq!(minor_units("-0.05"), Ok(-5));
        assert_eq!(minor_units("3.100"), Ok(310));
        for bad in [
            "",
            "-",
            ".5",
            "5.",
            "1,200.00",
            "$5",
            "1.234",
            "1e3",
            "92233720368547758.08",
        ] {
            assert!(minor_units(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn instants_need_t_and_an_offset() {
        assert_eq!(
            instant("2026-03-08T09:30:00.5-05:00").unwrap().to_rfc3339(),
            "2026-03-08T14:30:00.500+00:00"
        );
        for bad in [
            "2026-03-08 14:30:00Z",
            "2026-03-08T14:30:00",
            "2026-03-08T23:59:60Z",
            "2026-3-08T14:30:00Z",
            "9999-12-31T23:59:59-01:00",
            "x",
        ] {
            assert!(instant(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn birthdays_with_and_without_year() {
        assert_eq!(birthday("1980-02-29").unwrap().year, Some(1980));
        assert_eq!(birthday("--02-29").unwrap().day, 29);
        assert_eq!(birthday("12-31").unwrap().month, 12);
        assert!(birthday("1981-02-29").is_err());
        assert!(birthday("2-3").is_err());
    }
}

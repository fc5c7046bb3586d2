//! The leaderboard of a block: each rep's dials, connects, meetings and webinars set
//! and opportunities uncovered, ranked, and the team's totals.

use super::Tally;
use crate::{Activity, Book, Error, RepId, Result, TeamId};
use chrono::{DateTime, Utc};
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

/// One rep's line on a leaderboard.
///
/// # Example
/// See [`Leaderboard`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standing {
    /// 1 for the top of the board.
    pub rank: u32,
    /// The rep.
    pub rep_id: RepId,
    /// What the rep's touches in the block add up to.
    pub tally: Tally,
}

/// Who did what in a block (a Power Hour, a Crankathon), from the activities logged
/// during it: the book's, and those logged through the pool.
///
/// Every rep of the team has a line, ranked by appointments set (meetings and
/// webinars), then opportunities uncovered, then connects, then dials, most first;
/// ties by rep id. `team` is the sum of the lines. An activity counts once, however
/// many times it is given (by id), and only when a rep of the team logged it in
/// `[from, to)`.
///
/// # Example
/// ```
/// use callwise::team::leaderboard;
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
/// let board = leaderboard(&book, "team-sales-1", "2026-01-01T00:00:00Z".parse().unwrap(),
///                         "2026-11-01T00:00:00Z".parse().unwrap(), &[])?;
/// assert_eq!(board.standings[0].rank, 1);
/// assert_eq!(board.team.dials, board.standings.iter().map(|s| s.tally.dials).sum::<u32>());
/// let top = &board.standings[0].tally;
/// assert!(board.standings.iter().all(|s| s.tally.appointments() <= top.appointments()));
/// # Ok::<(), callwise::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Leaderboard {
    /// The team.
    pub team_id: TeamId,
    /// The block's first instant.
    #[serde(deserialize_with = "crate::time::strict")]
    pub from: DateTime<Utc>,
    /// The first instant after it.
    #[serde(deserialize_with = "crate::time::strict")]
    pub to: DateTime<Utc>,
    /// Every rep of the team, best first.
    pub standings: Vec<Standing>,
    /// The team's totals.
    pub team: Tally,
}

impl Leaderboard {
    /// The board as pretty-printed JSON.
    ///
    /// # Example
    /// ```
    /// use callwise::team::leaderboard;
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
    /// let board = leaderboard(&book, "team-sales-1", "2026-10-01T00:00:00Z".parse().unwrap(),
    ///                         "2026-11-01T00:00:00Z".parse().unwrap(), &[])?;
    /// assert!(board.to_json().contains("\"standings\""));
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn to_json(&self) -> String {
        super::pretty(self)
    }

    /// The board as a short table for people.
    ///
    /// # Example
    /// ```
    /// use callwise::team::leaderboard;
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40))?;
    /// let board = leaderboard(&book, "team-sales-1", "2026-10-01T00:00:00Z".parse().unwrap(),
    ///                         "2026-11-01T00:00:00Z".parse().unwrap(), &[])?;
    /// assert!(board.to_text().starts_with("Leaderboard of team-sales-1"));
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut out = format!(
            "Leaderboard of {} from {} to {}\n",
            self.team_id.as_str(),
            self.from.format("%Y-%m-%d %H:%M UTC"),
            self.to.format("%Y-%m-%d %H:%M UTC")
        );
        let _ = writeln!(
            out,
            "rank  rep                   meetings  webinars  opportunities  connects  dials"
        );
        let line = |out: &mut String, rank: &str, who: &str, t: &Tally| {
            let _ = writeln!(
                out,
                "{rank:>4}  {who:<20} {:>9} {:>9} {:>14} {:>9} {:>6}",
                t.meetings_set, t.webinars_set, t.opportunities_uncovered, t.connects, t.dials
            );
        };
        for s in &self.standings {
            line(&mut out, &s.rank.to_string(), s.rep_id.as_str(), &s.tally);
        }
        line(&mut out, "", "team", &self.team);
        out
    }
}

/// The team's id and its reps' positions, in id order.
pub(crate) fn team_reps(book: &Book, team_id: &str) -> Result<(TeamId, Vec<u32>)> {
    let (team, reps) = crate::call_list::team_members(book, team_id)?;
    Ok((team.id.clone(), reps))
}

/// The board of `reps` (the team's, in id order) from `activities`, each counted once.
pub(crate) fn board<'a>(
    book: &Book,
    team_id: TeamId,
    reps: &[u32],
    span: (DateTime<Utc>, DateTime<Utc>),
    activities: impl Iterator<Item = &'a Activity>,
) -> Leaderboard {
    let (from, to) = span;
    let mut tallies = vec![Tally::default(); reps.len()];
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    for a in activities {
        if a.at < from || a.at >= to || !seen.insert(a.id.as_str()) {
            continue;
        }
        let Some(r) = book.rep_position(a.rep_id.as_str()) else {
            continue;
        };
        if let Some(i) = reps.iter().position(|&x| x == r) {
            tallies[i].count(a);
        }
    }
    let mut team = Tally::default();
    let mut standings: Vec<Standing> = reps
        .iter()
        .zip(tallies)
        .map(|(&r, tally)| {
            team.add(&tally);
            Standing {
                rank: 0,
                rep_id: book.rep_at(r).id.clone(),
                tally,
            }
        })
        .collect();
    standings.sort_by(|a, b| {
        let key = |t: &Tally| {
            (
                t.appointments(),
                t.opportunities_uncovered,
                t.connects,
                t.dials,
            )
        };
        key(&b.tally)
            .cmp(&key(&a.tally))
            .then_with(|| a.rep_id.cmp(&b.rep_id))
    });
    for (rank, s) in (1u32..).zip(standings.iter_mut()) {
        s.rank = rank;
    }
    Leaderboard {
        team_id,
        from,
        to,
        standings,
        team,
    }
}

/// The leaderboard of team `team_id` over `[from, to)`: the book's activities in that
/// stretch and `extra` (activities the book does not hold yet), see [`Leaderboard`].
///
/// # Errors
/// [`Error::NotFound`] for an unknown team; [`Error::InvalidArgument`] named `team_id`
/// when the team has no rep, named `to` when `to` is before `from`.
///
/// # Example
/// See [`Leaderboard`].
pub fn leaderboard(
    book: &Book,
    team_id: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    extra: &[Activity],
) -> Result<Leaderboard> {
    if to < from {
        return Err(Error::invalid_argument(
            "to",
            format!("{} is before `from` {}", to.to_rfc3339(), from.to_rfc3339()),
        ));
    }
    let (team, reps) = team_reps(book, team_id)?;
    crate::interrupt::check()?;
    let logged = block_activities(book, &reps, (from, to));
    Ok(board(
        book,
        team,
        &reps,
        (from, to),
        logged.iter().chain(extra),
    ))
}

/// The book's activities by the reps at `reps` in `[from, to)`, in book order, found
/// through the activity store's instant and rep columns (building only the records that
/// match).
pub(crate) fn block_activities(
    book: &Book,
    reps: &[u32],
    (from, to): (DateTime<Utc>, DateTime<Utc>),
) -> Vec<Activity> {
    let (from, to) = (from.timestamp_micros(), to.timestamp_micros());
    let x = &book.store.activities;
    let mut rows: Vec<u32> = (0u32..)
        .zip(x.at.iter().zip(&x.rep))
        .filter(|(_, (at, rep))| (from..to).contains(*at) && reps.contains(rep))
        .map(|(r, _)| r)
        .collect();
    rows.sort_by_key(|&r| x.book_of(r));
    rows.into_iter()
        .map(|r| book.activity_at_row(r).to_activity())
        .collect()
}

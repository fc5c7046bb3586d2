//! Counting a rep's touches: what a dial, a connect, a meeting or webinar set and an
//! opportunity uncovered are, and one pass over the book's activities that sums them
//! for many reps over many stretches of time at once (the leaderboard, the wrap-ups and
//! the goals all count from the same activity log, the same way).

use crate::book::counts_as_attempt;
use crate::book::store::activities::{channel, direction, outcome};
use crate::{Activity, Book, Channel, Direction, Error, Outcome, Result};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// What some touches add up to.
///
/// - a **dial** is an outbound call or voicemail;
/// - a **connect** is a dial that reached someone: connected, a meeting set, an
///   opportunity uncovered, not interested, or an opt-out (a wrong number is not one);
/// - a **meeting set** is a touch whose outcome is `meeting_set`, on any channel but a
///   webinar; a **webinar set** is one on the webinar channel (the inside rep's meeting);
/// - an **opportunity uncovered** is a touch whose outcome is `opportunity_uncovered`.
///
/// Inbound touches count as meetings, webinars and opportunities, never as dials.
///
/// # Example
/// ```
/// use callwise::team::Tally;
/// let call: callwise::Activity = serde_json::from_str(r#"{"id": "a", "account_id": "acc",
///     "rep_id": "rep", "at": "2026-11-24T15:00:00Z", "channel": "call",
///     "direction": "outbound", "outcome": "meeting_set"}"#).unwrap();
/// let mut tally = Tally::default();
/// tally.count(&call);
/// assert_eq!((tally.dials, tally.connects, tally.meetings_set, tally.appointments()), (1, 1, 1, 1));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tally {
    /// Outbound calls and voicemails.
    pub dials: u32,
    /// Dials that reached someone.
    pub connects: u32,
    /// Meetings booked (outcome `meeting_set`, not on the webinar channel).
    pub meetings_set: u32,
    /// Webinars booked (outcome `meeting_set` on the webinar channel).
    pub webinars_set: u32,
    /// Touches that uncovered an opportunity.
    pub opportunities_uncovered: u32,
}

impl Tally {
    /// Adds one touch.
    ///
    /// # Example
    /// See [`Tally`].
    pub fn count(&mut self, activity: &Activity) {
        self.count_touch(activity.channel, activity.direction, activity.outcome);
    }

    /// Adds one touch made on `channel`, in `direction`, with `outcome`.
    fn count_touch(&mut self, channel: Channel, direction: Direction, outcome: Option<Outcome>) {
        let bump = |n: &mut u32| *n = n.saturating_add(1);
        if counts_as_attempt(direction, channel) {
            bump(&mut self.dials);
            if matches!(
                outcome,
                Some(
                    Outcome::Connected
                        | Outcome::MeetingSet
                        | Outcome::OpportunityUncovered
                        | Outcome::NotInterested
                        | Outcome::OptedOut
                )
            ) {
                bump(&mut self.connects);
            }
        }
        match outcome {
            Some(Outcome::MeetingSet) if channel == Channel::Webinar => {
                bump(&mut self.webinars_set);
            }
            Some(Outcome::MeetingSet) => bump(&mut self.meetings_set),
            Some(Outcome::OpportunityUncovered) => bump(&mut self.opportunities_uncovered),
            _ => {}
        }
    }

    /// Meetings and webinars set: the appointments.
    ///
    /// # Example
    /// See [`Tally`].
    pub fn appointments(&self) -> u32 {
        self.meetings_set.saturating_add(self.webinars_set)
    }

    /// Adds another tally to this one.
    pub(crate) fn add(&mut self, other: &Tally) {
        self.dials = self.dials.saturating_add(other.dials);
        self.connects = self.connects.saturating_add(other.connects);
        self.meetings_set = self.meetings_set.saturating_add(other.meetings_set);
        self.webinars_set = self.webinars_set.saturating_add(other.webinars_set);
        self.opportunities_uncovered = self
            .opportunities_uncovered
            .saturating_add(other.opportunities_uncovered);
    }
}

/// One rep's stretch of time to count touches in: `[from, to)`, in microseconds.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Window {
    pub(crate) rep: u32,
    pub(crate) from: i64,
    pub(crate) to: i64,
}

/// The first instant of `day` in `tz` (local midnight, or the end of a gap that swallows
/// it).
pub(crate) fn midnight(tz: Tz, day: NaiveDate) -> Result<DateTime<Utc>> {
    crate::time::instants_at(tz, day.and_time(NaiveTime::MIN))[0].ok_or_else(|| {
        Error::invalid_argument("day", format!("{day} has no midnight in {}", tz.name()))
    })
}

/// The rep at `r`'s local days `first` to `last` (both included) as a window.
pub(crate) fn days_window(
    book: &Book,
    r: u32,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Window> {
    let tz = crate::time::parse_time_zone(&book.rep_at(r).time_zone)?;
    let after = last
        .succ_opt()
        .ok_or_else(|| Error::invalid_argument("day", format!("{last} is the last day")))?;
    Ok(Window {
        rep: r,
        from: midnight(tz, first)?.timestamp_micros(),
        to: midnight(tz, after)?.timestamp_micros(),
    })
}

/// The tally of each window over the book's activities (their compact rows), in one pass
/// (in parallel, in fixed chunks: integer sums do not depend on the split).
pub(crate) fn tally_windows(book: &Book, windows: &[Window]) -> Result<Vec<Tally>> {
    let (Some(lo), Some(hi)) = (
        windows.iter().map(|w| w.from).min(),
        windows.iter().map(|w| w.to).max(),
    ) else {
        return Ok(Vec::new());
    };
    let mut by_rep: Vec<Vec<usize>> = vec![Vec::new(); book.reps().len()];
    for (i, w) in windows.iter().enumerate() {
        by_rep[w.rep as usize].push(i);
    }
    crate::interrupt::check()?;
    // The activity store's columns read for every touch: instant, rep position, and one
    // byte for channel, direction and outcome (13 bytes an activity).
    let rows = &book.store.activities;
    let count = |mut sums: Vec<Tally>, ((at, rep), how): ((&[i64], &[u32]), &[u8])| {
        for ((&at, &rep), &how) in at.iter().zip(rep).zip(how) {
            if at < lo || at >= hi {
                continue;
            }
            for &i in &by_rep[rep as usize] {
                if (windows[i].from..windows[i].to).contains(&at) {
                    sums[i].count_touch(channel(how), direction(how), outcome(how));
                }
            }
        }
        sums
    };
    let n = windows.len();
    const CHUNK: usize = 1 << 16;
    let out = rows
        .at
        .par_chunks(CHUNK)
        .zip(rows.rep.par_chunks(CHUNK))
        .zip(rows.how.par_chunks(CHUNK))
        .fold(|| vec![Tally::default(); n], count)
        .reduce(
            || vec![Tally::default(); n],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(&b) {
                    x.add(y);
                }
                a
            },
        );
    Ok(out)
}

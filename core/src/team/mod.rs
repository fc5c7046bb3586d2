//! The team at work: the practices a sales or membership team runs together.
//!
//! - **Blitz pools** ([`BlitzPool`]): a Power Hour or Crankathon pool, filled from the
//!   call lists' sources for a team ([`blitz_pool`], [`routine_pool`]), split fairly
//!   between the reps, then claimed, released and called by many reps at once, safely
//!   from many threads; the calling rules still hold inside it.
//! - **The leaderboard** ([`Leaderboard`]): dials, connects, meetings and webinars set
//!   and opportunities uncovered during a block, per rep and for the team.
//! - **The Daily Wrap Up** ([`WrapUp`]): a rep's day from the book (deals uncovered and
//!   closed, with the day the money lands; calls, connects, meetings and webinars set),
//!   with the rep's successes, challenges and follow-ups; as JSON and as an e-mail
//!   body. Filing it gives the follow-up tasks tomorrow's list carries over.
//! - **Goals** ([`Goal`], [`GoalProgress`]): targets for a month, fiscal quarter or
//!   fiscal year, per rep or team, and progress with pace as of any day.
//! - **The hand-off baton** ([`Baton`]): sales proposes a hand-off to operations with a
//!   readiness checklist, operations accepts or rejects it, the baton can come back to
//!   sales for an expansion; one current contact whatever the order of events, and an
//!   audit trail of every step.
//!
//! The book is immutable: what a practice changes in it (a wrap-up's follow-up tasks,
//! a hand-off and the account's new primary owner) comes back as [`BookChanges`] for
//! the caller to write back. Every function is pure and deterministic; instants are
//! passed in (the `*_now` methods of a pool read the clock). What the practices are run
//! with is [`TeamConfig`].
//!
//! # Example
//! ```
//! use callwise::team::{daily_wrap_up, TeamConfig, WrapUpNotes};
//! let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400))?;
//! let notes = WrapUpNotes {
//!     successes: vec!["Renewed acc-0000002 for two years".into()],
//!     ..WrapUpNotes::default()
//! };
//! let day = "2026-10-29".parse().unwrap();
//! let wrap_up = daily_wrap_up(&book, "rep-sales-0001", day, &notes, &TeamConfig::default())?;
//! assert!(wrap_up.to_email(&[]).contains("Renewed acc-0000002"));
//! # Ok::<(), callwise::Error>(())
//! ```

mod baton;
mod changes;
mod config;
mod goals;
mod leaderboard;
mod pool;
mod tally;
mod wrap_up;

pub use baton::{
    Baton, BatonAction, BatonMove, BatonStep, Proposal, Readiness, accept_handoff, baton,
    propose_handoff, reject_handoff,
};
pub use changes::BookChanges;
pub use config::{MAX_CLAIM_MINUTES, MAX_PAYMENT_TERM_DAYS, TeamConfig};
pub use goals::{Goal, GoalProgress, Measure, Metric, Pace, Period, PeriodKind, goal_progress};
pub use leaderboard::{Leaderboard, Standing, leaderboard};
pub use pool::{
    BlitzPool, Claim, LeftPool, PoolAccount, PoolSnapshot, PoolStatus, Remaining, blitz_pool,
    block_day, routine_pool,
};
pub use tally::Tally;
pub use wrap_up::{ClosedDeal, FollowUp, NewDeal, WrapUp, WrapUpNotes, daily_wrap_up, wrap_ups};

/// A record as pretty-printed JSON with a final newline: the form every language
/// compares byte for byte.
pub(crate) fn pretty<T: serde::Serialize>(value: &T) -> String {
    let mut json = serde_json::to_string_pretty(value).expect("team records serialise");
    json.push('\n');
    json
}

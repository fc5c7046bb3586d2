//! A summary of a book: counts by kind and status, pipeline and dues totals.

use crate::{AccountKind, AccountStatus, Book, Channel, OpportunityStage, TaskStatus};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Counts and totals over a whole book.
///
/// Money totals are per currency, in minor units, summed exactly (as `i128`, which no
/// book can overflow).
///
/// # Example
/// ```
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40)).unwrap();
/// let s = book.summary();
/// assert_eq!(s.accounts_by_kind[&callwise::AccountKind::Member], 40);
/// assert_eq!(s.accounts, book.accounts().len() as u64);
/// assert!(s.to_text().contains("accounts"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BookSummary {
    /// Divisions.
    pub divisions: u64,
    /// Teams.
    pub teams: u64,
    /// Reps.
    pub reps: u64,
    /// Accounts.
    pub accounts: u64,
    /// Accounts by kind (every kind listed, zero included).
    pub accounts_by_kind: BTreeMap<AccountKind, u64>,
    /// Accounts by status (every status listed, zero included).
    pub accounts_by_status: BTreeMap<AccountStatus, u64>,
    /// Accounts by IANA time zone.
    pub accounts_by_time_zone: BTreeMap<String, u64>,
    /// Contacts.
    pub contacts: u64,
    /// Contacts on a do-not-call list.
    pub do_not_call_contacts: u64,
    /// Contacts born on 29 February.
    pub leap_day_birthdays: u64,
    /// Opportunities by stage (every stage listed, zero included).
    pub opportunities_by_stage: BTreeMap<OpportunityStage, u64>,
    /// Lost opportunities that name the competitor who won.
    pub lost_to_competitor: u64,
    /// Open pipeline per currency, minor units.
    pub open_pipeline_minor: BTreeMap<String, i128>,
    /// Memberships.
    pub memberships: u64,
    /// Current-term dues per currency, minor units.
    pub dues_minor: BTreeMap<String, i128>,
    /// Activities.
    pub activities: u64,
    /// Activities by channel (every channel listed, zero included).
    pub activities_by_channel: BTreeMap<Channel, u64>,
    /// The first activity's instant.
    pub first_activity_at: Option<DateTime<Utc>>,
    /// The last activity's instant.
    pub last_activity_at: Option<DateTime<Utc>>,
    /// Campaigns.
    pub campaigns: u64,
    /// Campaign responses, all campaigns.
    pub campaign_responses: u64,
    /// Events.
    pub events: u64,
    /// Event attendee records, all events.
    pub event_attendees: u64,
    /// Tasks still open.
    pub open_tasks: u64,
    /// Hand-offs.
    pub handoffs: u64,
    /// Hand-offs not yet accepted.
    pub pending_handoffs: u64,
}

fn tally<K: Ord + Copy>(all: &[K], items: impl Iterator<Item = K>) -> BTreeMap<K, u64> {
    let mut map: BTreeMap<K, u64> = all.iter().map(|&k| (k, 0)).collect();
    for k in items {
        *map.entry(k).or_default() += 1;
    }
    map
}

impl Book {
    /// Counts and totals over the whole book.
    ///
    /// # Example
    /// See [`BookSummary`].
    pub fn summary(&self) -> BookSummary {
        use AccountKind as K;
        use AccountStatus as S;
        use OpportunityStage as O;
        let mut pipeline = BTreeMap::new();
        let mut lost_to_competitor = 0;
        let mut stages_seen = Vec::new();
        for o in self.opportunities() {
            stages_seen.push(o.stage());
            lost_to_competitor += u64::from(o.lost_to().is_some());
            if !o.stage().is_closed() {
                *pipeline.entry(o.amount().currency).or_default() += i128::from(o.amount_minor());
            }
        }
        let mut dues = BTreeMap::new();
        for m in self.memberships() {
            let d = m.dues();
            *dues.entry(d.currency).or_default() += i128::from(d.amount_minor);
        }
        let mut zones = BTreeMap::new();
        for a in self.accounts() {
            *zones.entry(a.time_zone().to_owned()).or_default() += 1;
        }
        let channels = [
            Channel::Call,
            Channel::Email,
            Channel::Voicemail,
            Channel::Text,
            Channel::Meeting,
            Channel::Webinar,
            Channel::Event,
        ];
        let stages = [
            O::Prospecting,
            O::Qualification,
            O::Proposal,
            O::Negotiation,
            O::ClosedWon,
            O::ClosedLost,
        ];
        let (mut first_activity_at, mut last_activity_at) = (None, None);
        let mut by_channel = [0u64; Channel::ALL.len()];
        for x in self.activities() {
            let at = x.at();
            first_activity_at = Some(first_activity_at.map_or(at, |f: DateTime<Utc>| f.min(at)));
            last_activity_at = Some(last_activity_at.map_or(at, |l: DateTime<Utc>| l.max(at)));
            by_channel[x.channel() as usize] += 1;
        }
        BookSummary {
            divisions: self.divisions().len() as u64,
            teams: self.teams().len() as u64,
            reps: self.reps().len() as u64,
            accounts: self.accounts().len() as u64,
            accounts_by_kind: tally(
                &[K::Prospect, K::Customer, K::Member, K::Partner],
                self.accounts().map(|a| a.kind()),
            ),
            accounts_by_status: tally(
                &[S::Active, S::Dormant, S::Lost, S::Lapsed],
                self.accounts().map(|a| a.status()),
            ),
            accounts_by_time_zone: zones,
            contacts: self.contacts().len() as u64,
            do_not_call_contacts: self.contacts().filter(|c| c.do_not_call()).count() as u64,
            leap_day_birthdays: self
                .contacts()
                .filter(|c| c.birthday().is_some_and(|b| (b.month, b.day) == (2, 29)))
                .count() as u64,
            opportunities_by_stage: tally(&stages, stages_seen.into_iter()),
            lost_to_competitor,
            open_pipeline_minor: pipeline,
            memberships: self.memberships().len() as u64,
            dues_minor: dues,
            activities: by_channel.iter().sum(),
            activities_by_channel: channels
                .iter()
                .map(|&c| (c, by_channel[c as usize]))
                .collect(),
            first_activity_at,
            last_activity_at,
            campaigns: self.campaigns().len() as u64,
            campaign_responses: self.campaigns().map(|c| c.responses().count() as u64).sum(),
            events: self.events().len() as u64,
            event_attendees: self.events().map(|e| e.attendees().count() as u64).sum(),
            open_tasks: self
                .tasks()
                .filter(|t| t.status() == TaskStatus::Open)
                .count() as u64,
            handoffs: self.handoffs().len() as u64,
            pending_handoffs: self
                .handoffs()
                .iter()
                .filter(|h| h.accepted_at.is_none())
                .count() as u64,
        }
    }
}

fn name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn money(minor: i128) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

impl BookSummary {
    /// The summary as JSON (pretty-printed, final newline): the same bytes in every
    /// language binding.
    ///
    /// # Example
    /// ```
    /// let book = callwise::Book::new(callwise::BookData::default()).unwrap();
    /// assert!(book.summary().to_json().contains("\"accounts\": 0"));
    /// ```
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).expect("a summary always serialises");
        json.push('\n');
        json
    }

    /// The summary as a short report for people, one fact a line.
    ///
    /// # Example
    /// ```
    /// let book = callwise::Book::new(callwise::BookData::default()).unwrap();
    /// assert!(book.summary().to_text().starts_with("book of business\n"));
    /// ```
    pub fn to_text(&self) -> String {
        let mut out = String::from("book of business\n");
        let mut line = |label: &str, value: String| {
            let _ = writeln!(out, "  {label:<24} {value}");
        };
        line(
            "divisions / teams / reps",
            format!("{} / {} / {}", self.divisions, self.teams, self.reps),
        );
        line(
            "accounts",
            format!("{} ({})", self.accounts, list(&self.accounts_by_kind)),
        );
        line("by status", list(&self.accounts_by_status));
        line("by time zone", list(&self.accounts_by_time_zone));
        line(
            "contacts",
            format!(
                "{} ({} do-not-call, {} born 29 February)",
                self.contacts, self.do_not_call_contacts, self.leap_day_birthdays
            ),
        );
        line("opportunities", list(&self.opportunities_by_stage));
        line("lost to a competitor", self.lost_to_competitor.to_string());
        for (currency, minor) in &self.open_pipeline_minor {
            line("open pipeline", format!("{currency} {}", money(*minor)));
        }
        line("memberships", self.memberships.to_string());
        for (currency, minor) in &self.dues_minor {
            line(
                "dues, current terms",
                format!("{currency} {}", money(*minor)),
            );
        }
        line(
            "activities",
            format!(
                "{} ({})",
                self.activities,
                list(&self.activities_by_channel)
            ),
        );
        if let (Some(first), Some(last)) = (self.first_activity_at, self.last_activity_at) {
            line(
                "activity span",
                format!("{} to {}", first.date_naive(), last.date_naive()),
            );
        }
        line(
            "campaigns",
            format!("{} ({} responses)", self.campaigns, self.campaign_responses),
        );
        line(
            "events",
            format!(
                "{} ({} attendee records)",
                self.events, self.event_attendees
            ),
        );
        line("open tasks", self.open_tasks.to_string());
        line(
            "hand-offs",
            format!("{} ({} pending)", self.handoffs, self.pending_handoffs),
        );
        out
    }
}

/// `key n, key n, ...` with keys as they are named in JSON.
fn list<K: Serialize>(counts: &BTreeMap<K, u64>) -> String {
    counts
        .iter()
        .map(|(k, v)| format!("{} {v}", name(k)))
        .collect::<Vec<_>>()
        .join(", ")
}

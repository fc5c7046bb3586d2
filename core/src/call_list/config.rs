//! What a call list is built with, as plain data: the weight of every source, the
//! windows each source looks through, who may work which account, the rep's day and the
//! calling rules. JSON in and out, like [`CallingRules`].

use super::Source;
use crate::retention::PurchaseSource;
use crate::routine::LeapDay;
use crate::{BusinessCalendar, CallingRules, Channel, Error, LocalWindow, Result};
use chrono::Weekday;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which accounts a rep's list may hold: a rule, checked, never assumed.
///
/// # Example
/// ```
/// use callwise::call_list::Visibility;
/// assert_eq!(Visibility::default(), Visibility::Owned);
/// assert_eq!(serde_json::to_string(&Visibility::Team).unwrap(), "\"team\"");
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// The accounts the rep owns or co-owns (the default).
    #[default]
    Owned,
    /// The accounts owned or co-owned by anyone in the rep's team.
    Team,
    /// The accounts with an owner or co-owner in the rep's division.
    Division,
    /// Every account in the book.
    Shared,
}

/// A team block (Power Hour or Crankathon) used when no routine of its kind has a block
/// on the day: a start time in the team's zone (the zone of the team's first rep, by id)
/// and a length.
///
/// # Example
/// ```
/// let config = callwise::call_list::CallListConfig::default();
/// assert_eq!((config.power_hour.start.to_string(), config.power_hour.minutes), ("10:00:00".to_owned(), 60));
/// assert_eq!((config.crankathon.start.to_string(), config.crankathon.minutes), ("14:00:00".to_owned(), 120));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamBlock {
    /// When it starts, local time.
    #[serde(with = "clock")]
    pub start: chrono::NaiveTime,
    /// How long it lasts, 1 to 180 minutes.
    pub minutes: u32,
}

impl TeamBlock {
    fn at(hour: u32, minutes: u32) -> Self {
        Self {
            start: chrono::NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default(),
            minutes,
        }
    }
}

/// Serde of a clock time through [`crate::time::parse_clock`], written `HH:MM`.
mod clock {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(t: &chrono::NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.format("%H:%M").to_string())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<chrono::NaiveTime, D::Error> {
        let text = String::deserialize(d)?;
        crate::time::parse_clock(&text, "start").map_err(serde::de::Error::custom)
    }
}

/// Everything a call list is built with, as data. Every field has a default, so `{}` is
/// a valid configuration; unknown fields are refused.
///
/// # The score
/// Each reason contributes `round(1000 × weight × urgency × value)` points, where
/// `weight` is its source's weight, `urgency` (0 to 2) says how pressing it is (days
/// overdue, days left, risk, recency; each source documents its own) and
/// `value = 1 + ln(1 + stake / value_scale_minor)` grows slowly with the money at stake
/// (a deal's expected value, dues, a lost deal's amount; 0 for most sources). An
/// entry's score is the sum of its reasons' contributions, an exact integer.
///
/// # Example
/// ```
/// use callwise::call_list::{CallListConfig, Source};
/// let config = CallListConfig::from_json(r#"{"weights": {"renewal": 12}, "renewal_lead_days": 45}"#)?;
/// assert_eq!(config.weight(Source::Renewal), 12.0);
/// assert_eq!(config.weight(Source::CarryOver), 10.0); // the default
/// assert_eq!(CallListConfig::from_json(&config.to_json())?, config);
/// assert!(CallListConfig::from_json(r#"{"weights": {"renewal": -1}}"#).is_err());
/// assert!(CallListConfig::from_json(r#"{"weights": {"gossip": 1}}"#).is_err());
/// # Ok::<(), callwise::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CallListConfig {
    /// Points per unit of urgency and value, per source; a source left out keeps its
    /// default weight, a weight of 0 turns the source off; at most [`MAX_WEIGHT`].
    pub weights: BTreeMap<Source, f64>,
    /// The money (minor units) at which a reason's value factor reaches 1 + ln 2.
    pub value_scale_minor: i64,
    /// Which accounts a rep's list may hold.
    pub visibility: Visibility,
    /// The rep's working hours, in the rep's own zone.
    pub working_hours: LocalWindow,
    /// The weekdays reps work.
    pub working_days: Vec<Weekday>,
    /// Holidays on which reps do not work (none by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holidays: Option<BusinessCalendar>,
    /// Minutes a touch takes, per channel (calls 6, voicemails 3 by default).
    pub minutes_per_touch: BTreeMap<Channel, u32>,
    /// The rules every call obeys.
    pub calling_rules: CallingRules,
    /// Minutes before an unanswered call is tried again on the same list.
    pub retry_minutes: u32,
    /// An open deal with no touch for this many days is due a follow-up.
    pub opportunity_quiet_days: u32,
    /// Memberships whose term ends within this many days are due a renewal call.
    pub renewal_lead_days: u32,
    /// Wins and renewals this recent are due a thank-you call.
    pub thank_you_days: u32,
    /// Campaign responses this recent are followed up.
    pub campaign_days: u32,
    /// Past attendees are called about an event of the same series this far ahead.
    pub event_lookahead_days: u32,
    /// Deals lost to a competitor at least this many months ago are "old no's".
    pub old_no_months: u32,
    /// Repeat buyers whose P(alive) is below this are dormant.
    pub dormant_below: f64,
    /// What a dormant customer's purchases are (won deals by default; membership
    /// payments or event registrations for an association's members).
    pub dormant_purchases: PurchaseSource,
    /// Where a 29 February birthday falls in other years.
    pub leap_day: LeapDay,
    /// The sources of the Next Day Call List (every source but dormant customers and
    /// old no's, which are the Power Hour's, by default).
    pub next_day_sources: Vec<Source>,
    /// The Power Hour used when no routine gives one (10:00 for 60 minutes).
    pub power_hour: TeamBlock,
    /// The sources of the Power Hour pool (dormant customers and old no's).
    pub power_hour_sources: Vec<Source>,
    /// The Crankathon used when no routine gives one (14:00 for 120 minutes).
    pub crankathon: TeamBlock,
    /// The sources of the Crankathon pool: the accumulated follow-ups (carry-overs,
    /// cadence steps, deal and campaign follow-ups).
    pub crankathon_sources: Vec<Source>,
}

/// The minutes a touch on `channel` takes unless the configuration says otherwise.
fn default_minutes(channel: Channel) -> u32 {
    match channel {
        Channel::Call => 6,
        Channel::Voicemail | Channel::Text => 3,
        Channel::Email => 4,
        Channel::Meeting | Channel::Webinar | Channel::Event => 30,
    }
}

/// The most days any source looks back or ahead.
///
/// # Example
/// ```
/// use callwise::call_list::{CallListConfig, MAX_DAYS};
/// let too_far = format!(r#"{{"campaign_days": {}}}"#, MAX_DAYS + 1);
/// assert!(CallListConfig::from_json(&too_far).is_err());
/// ```
pub const MAX_DAYS: u32 = 3660;

/// The largest weight a source may have. Defaults are 1 to 10; a million keeps every
/// contribution below 10^11 points, so that an account's score, their sum, stays an
/// exact integer.
///
/// # Example
/// ```
/// use callwise::call_list::{CallListConfig, MAX_WEIGHT};
/// assert!(CallListConfig::from_json(&format!(r#"{{"weights": {{"renewal": {MAX_WEIGHT}}}}}"#)).is_ok());
/// let too_big = r#"{"weights": {"renewal": 3.3e73}}"#;
/// assert!(CallListConfig::from_json(too_big).is_err());
/// ```
pub const MAX_WEIGHT: f64 = 1_000_000.0;

impl Default for CallListConfig {
    fn default() -> Self {
        let weights = Source::ALL
            .into_iter()
            .map(|s| (s, s.default_weight()))
            .collect();
        let minutes_per_touch = Channel::ALL
            .into_iter()
            .map(|c| (c, default_minutes(c)))
            .collect();
        Self {
            weights,
            value_scale_minor: 100_000,
            visibility: Visibility::Owned,
            working_hours: LocalWindow::parse("09:00", "17:00").expect("a valid window"),
            working_days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            holidays: None,
            minutes_per_touch,
            calling_rules: CallingRules::default(),
            retry_minutes: 120,
            opportunity_quiet_days: 14,
            renewal_lead_days: 60,
            thank_you_days: 14,
            campaign_days: 30,
            event_lookahead_days: 30,
            old_no_months: 6,
            dormant_below: 0.5,
            dormant_purchases: PurchaseSource::WonDeals,
            leap_day: LeapDay::Feb28,
            next_day_sources: Source::ALL
                .into_iter()
                .filter(|s| !matches!(s, Source::Dormant | Source::OldNo))
                .collect(),
            power_hour: TeamBlock::at(10, 60),
            power_hour_sources: vec![Source::Dormant, Source::OldNo],
            crankathon: TeamBlock::at(14, 120),
            crankathon_sources: vec![
                Source::CarryOver,
                Source::CadenceStep,
                Source::OpportunityFollowUp,
                Source::CampaignFollowUp,
            ],
        }
    }
}

impl CallListConfig {
    /// A configuration from its JSON form (what [`to_json`](Self::to_json) writes);
    /// fields left out keep their defaults.
    ///
    /// # Errors
    /// [`Error::Json`] when the text is not JSON of this shape (an unknown field or
    /// source included); [`Error::InvalidArgument`] naming the field when a value is out
    /// of range (a negative or non-finite weight, a touch of 0 minutes, a look-back above
    /// [`MAX_DAYS`], a Power Hour of 0 or more than 180 minutes...); the calling rules'
    /// own errors.
    ///
    /// # Example
    /// See [`CallListConfig`].
    pub fn from_json(json: &str) -> Result<Self> {
        let mut config: Self = crate::book::from_json(json, "call list configuration")?;
        // A source or channel left out keeps its default.
        let defaults = Self::default();
        for (source, w) in defaults.weights {
            config.weights.entry(source).or_insert(w);
        }
        for (channel, m) in defaults.minutes_per_touch {
            config.minutes_per_touch.entry(channel).or_insert(m);
        }
        config.check()?;
        Ok(config)
    }

    /// The configuration as pretty-printed JSON, every default written out.
    ///
    /// # Example
    /// ```
    /// let json = callwise::call_list::CallListConfig::default().to_json();
    /// assert!(json.contains("\"renewal_lead_days\": 60"));
    /// ```
    pub fn to_json(&self) -> String {
        let mut full = self.clone();
        for source in Source::ALL {
            full.weights.insert(source, self.weight(source));
        }
        for channel in Channel::ALL {
            full.minutes_per_touch
                .insert(channel, self.minutes(channel));
        }
        let mut json =
            serde_json::to_string_pretty(&full).expect("a checked configuration serialises");
        json.push('\n');
        json
    }

    /// The weight of `source`: the configured one, else its default (carry-overs 10,
    /// cadence steps 8, renewals 8, opportunity follow-ups 7, thank-yous 6, old no's 6,
    /// dormant customers 6, campaign follow-ups 5, event attendees 4, zone rotation 3,
    /// birthdays 3).
    ///
    /// # Example
    /// ```
    /// use callwise::call_list::{CallListConfig, Source};
    /// assert_eq!(CallListConfig::default().weight(Source::Birthday), 3.0);
    /// ```
    pub fn weight(&self, source: Source) -> f64 {
        self.weights
            .get(&source)
            .copied()
            .unwrap_or_else(|| source.default_weight())
    }

    /// The minutes a touch on `channel` takes: the configured figure, else 6 for calls,
    /// 3 for voicemails and texts, 4 for e-mails, 30 for meetings, webinars and events.
    ///
    /// # Example
    /// ```
    /// let config = callwise::call_list::CallListConfig::default();
    /// assert_eq!(config.minutes(callwise::Channel::Call), 6);
    /// ```
    pub fn minutes(&self, channel: Channel) -> u32 {
        self.minutes_per_touch
            .get(&channel)
            .copied()
            .unwrap_or_else(|| default_minutes(channel))
    }

    /// Checks every value; [`from_json`](Self::from_json) calls it, and so does every
    /// list builder (a configuration built in Rust is checked the same way).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the field at fault.
    ///
    /// # Example
    /// ```
    /// let mut config = callwise::call_list::CallListConfig::default();
    /// config.dormant_below = 1.5;
    /// assert!(config.check().is_err());
    /// ```
    pub fn check(&self) -> Result<()> {
        for (source, &w) in &self.weights {
            if !(0.0..=MAX_WEIGHT).contains(&w) {
                return Err(Error::invalid_argument(
                    "weights",
                    format!("the weight of {source} must be 0 to {MAX_WEIGHT}, got {w}"),
                ));
            }
        }
        for (channel, &m) in &self.minutes_per_touch {
            if !(1..=480).contains(&m) {
                return Err(Error::invalid_argument(
                    "minutes_per_touch",
                    format!(
                        "a touch by {} takes 1 to 480 minutes, got {m}",
                        channel.as_str()
                    ),
                ));
            }
        }
        if self.value_scale_minor <= 0 {
            return Err(Error::invalid_argument(
                "value_scale_minor",
                format!("must be positive, got {}", self.value_scale_minor),
            ));
        }
        if self.working_days.is_empty() {
            return Err(Error::invalid_argument(
                "working_days",
                "no day is a working day",
            ));
        }
        for (name, days) in [
            ("retry_minutes", self.retry_minutes),
            ("opportunity_quiet_days", self.opportunity_quiet_days),
            ("renewal_lead_days", self.renewal_lead_days),
            ("thank_you_days", self.thank_you_days),
            ("campaign_days", self.campaign_days),
            ("event_lookahead_days", self.event_lookahead_days),
        ] {
            if days == 0 || days > MAX_DAYS {
                return Err(Error::invalid_argument(
                    name,
                    format!("must be 1 to {MAX_DAYS}, got {days}"),
                ));
            }
        }
        if self.old_no_months == 0 || self.old_no_months > 120 {
            return Err(Error::invalid_argument(
                "old_no_months",
                format!("must be 1 to 120, got {}", self.old_no_months),
            ));
        }
        if !(self.dormant_below > 0.0 && self.dormant_below <= 1.0) {
            return Err(Error::invalid_argument(
                "dormant_below",
                format!(
                    "must be a probability above 0 and at most 1, got {}",
                    self.dormant_below
                ),
            ));
        }
        for (name, block) in [
            ("power_hour", &self.power_hour),
            ("crankathon", &self.crankathon),
        ] {
            if !(1..=crate::routine::MAX_CRANKATHON_MINUTES).contains(&block.minutes) {
                return Err(Error::invalid_argument(
                    name,
                    format!(
                        "lasts 1 to {} minutes, got {}",
                        crate::routine::MAX_CRANKATHON_MINUTES,
                        block.minutes
                    ),
                ));
            }
        }
        for (name, sources) in [
            ("next_day_sources", &self.next_day_sources),
            ("power_hour_sources", &self.power_hour_sources),
            ("crankathon_sources", &self.crankathon_sources),
        ] {
            if sources.is_empty() {
                return Err(Error::invalid_argument(name, "names no source"));
            }
        }
        Ok(())
    }
}

//! Zone rotation: one territory zone a week, in turn, aiming at meetings weeks out.

use super::{MAX_LEAD_DAYS, MAX_WEEKS, invalid_argument, invalid_rule};
use crate::{AccountId, Book, Error, Result};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// Zone rotation: the territory's zones come up one week each, in turn, and the calls
/// of a zone's week aim at meetings about `meeting_lead_days` (usually 28) out.
///
/// Weeks run Monday to Sunday. Week 0 is `first_week`; week `n` (negative before it)
/// belongs to zone `n mod len` (Euclidean, so the cycle runs backwards consistently).
/// Serde reads and writes it as `{"zones", "first_week", "meeting_lead_days"}`, checked
/// as [`ZoneRotation::new`] does.
///
/// # Example
/// ```
/// use callwise::routine::ZoneRotation;
/// let rot = ZoneRotation::new(vec!["east-1".into(), "east-2".into(), "west-1".into()],
///                             "2026-11-23".parse().unwrap(), 28).unwrap();
/// assert_eq!(rot.zone_for("2026-11-29".parse().unwrap()), "east-1"); // Sunday, week 0
/// assert_eq!(rot.zone_for("2026-12-07".parse().unwrap()), "west-1"); // week 2
/// assert_eq!(rot.zone_for("2026-11-22".parse().unwrap()), "west-1"); // week -1
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RotationSpec", into = "RotationSpec")]
pub struct ZoneRotation {
    spec: RotationSpec,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RotationSpec {
    zones: Vec<String>,
    first_week: NaiveDate,
    meeting_lead_days: u32,
}

impl TryFrom<RotationSpec> for ZoneRotation {
    type Error = Error;
    fn try_from(spec: RotationSpec) -> Result<Self> {
        Self::new(spec.zones, spec.first_week, spec.meeting_lead_days)
    }
}

impl From<ZoneRotation> for RotationSpec {
    fn from(rotation: ZoneRotation) -> Self {
        rotation.spec
    }
}

/// One week of a zone rotation.
///
/// # Example
/// ```
/// use callwise::routine::ZoneRotation;
/// let rot = ZoneRotation::new(vec!["north".into()], "2026-11-23".parse().unwrap(), 28).unwrap();
/// let week = &rot.weeks("2026-12-02".parse().unwrap(), 1).unwrap()[0];
/// assert_eq!(week.week_start.to_string(), "2026-11-30");
/// assert_eq!(week.meetings_from.to_string(), "2026-12-28");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RotationWeek {
    /// The Monday the week starts on.
    #[serde(deserialize_with = "crate::time::strict")]
    pub week_start: NaiveDate,
    /// The territory zone whose accounts are called that week.
    pub zone: String,
    /// The first day to book meetings for: `week_start` plus the meeting lead.
    #[serde(deserialize_with = "crate::time::strict")]
    pub meetings_from: NaiveDate,
}

fn monday_of(date: NaiveDate) -> NaiveDate {
    date.checked_sub_days(Days::new(u64::from(date.weekday().num_days_from_monday())))
        .unwrap_or(date)
}

impl ZoneRotation {
    /// A rotation through `zones` (territory zone names, as on
    /// [`Account::territory_zone`](crate::Account::territory_zone)), the first taking the
    /// week starting on Monday `first_week`, with meetings aimed `meeting_lead_days` out.
    ///
    /// # Errors
    /// - [`Error::InvalidRule`] with `what` `"zone rotation"` when `zones` is empty,
    ///   holds an empty or blank name, or holds a name twice;
    /// - [`Error::InvalidArgument`] named `first_week` when it is not a Monday, or named
    ///   `meeting_lead_days` when it is above [`MAX_LEAD_DAYS`].
    ///
    /// # Example
    /// ```
    /// use callwise::routine::ZoneRotation;
    /// let monday = "2026-11-23".parse().unwrap();
    /// assert!(ZoneRotation::new(vec!["a".into(), "a".into()], monday, 28).is_err());
    /// assert!(ZoneRotation::new(vec!["a".into()], "2026-11-24".parse().unwrap(), 28).is_err());
    /// assert!(ZoneRotation::new(vec!["a".into()], monday, 28).is_ok());
    /// ```
    pub fn new(zones: Vec<String>, first_week: NaiveDate, meeting_lead_days: u32) -> Result<Self> {
        let bad = |reason: String| invalid_rule("zone rotation", reason);
        if zones.is_empty() {
            return Err(bad("no zones".to_owned()));
        }
        for (i, zone) in zones.iter().enumerate() {
            if zone.trim().is_empty() {
                return Err(bad(format!("zone {i} has an empty name")));
            }
            if zones[..i].contains(zone) {
                return Err(bad(format!("zone {zone:?} is listed twice")));
            }
        }
        if first_week.weekday() != Weekday::Mon {
            return Err(invalid_argument(
                "first_week",
                format!("{first_week} is a {}, not a Monday", first_week.weekday()),
            ));
        }
        if meeting_lead_days > MAX_LEAD_DAYS {
            return Err(invalid_argument(
                "meeting_lead_days",
                format!("{meeting_lead_days} days; at most {MAX_LEAD_DAYS}"),
            ));
        }
        Ok(Self {
            spec: RotationSpec {
                zones,
                first_week,
                meeting_lead_days,
            },
        })
    }

    /// A rotation from its JSON form (`zones`, `first_week`, `meeting_lead_days`, as its
    /// serde form writes them), checked as [`new`](Self::new) checks.
    ///
    /// # Errors
    /// [`Error::Json`] (`what` `"zone rotation"`) when the text is not JSON of that
    /// shape or breaks a rule `new` checks (the message says which).
    ///
    /// # Example
    /// ```
    /// use callwise::routine::ZoneRotation;
    /// let rot = ZoneRotation::from_json(r#"{"zones": ["east-1"], "first_week": "2026-11-23", "meeting_lead_days": 28}"#)?;
    /// assert_eq!(rot.zones(), ["east-1"]);
    /// let err = ZoneRotation::from_json(r#"{"zones": [], "first_week": "2026-11-23", "meeting_lead_days": 28}"#).unwrap_err();
    /// assert_eq!(err.to_string(), "malformed zone rotation JSON at line 1, column 66: invalid zone rotation: no zones");
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn from_json(json: &str) -> Result<Self> {
        crate::book::from_json(json, "zone rotation")
    }

    /// The zones, in rotation order.
    ///
    /// # Example
    /// ```
    /// use callwise::routine::ZoneRotation;
    /// let rot = ZoneRotation::new(vec!["a".into(), "b".into()], "2026-11-23".parse().unwrap(), 28).unwrap();
    /// assert_eq!(rot.zones(), ["a", "b"]);
    /// ```
    pub fn zones(&self) -> &[String] {
        &self.spec.zones
    }

    /// The Monday of week 0.
    ///
    /// # Example
    /// ```
    /// use callwise::routine::ZoneRotation;
    /// let rot = ZoneRotation::new(vec!["a".into()], "2026-11-23".parse().unwrap(), 28).unwrap();
    /// assert_eq!(rot.first_week().to_string(), "2026-11-23");
    /// ```
    pub fn first_week(&self) -> NaiveDate {
        self.spec.first_week
    }

    /// How many days after a week's Monday its meetings are aimed at.
    ///
    /// # Example
    /// ```
    /// use callwise::routine::ZoneRotation;
    /// let rot = ZoneRotation::new(vec!["a".into()], "2026-11-23".parse().unwrap(), 28).unwrap();
    /// assert_eq!(rot.meeting_lead_days(), 28);
    /// ```
    pub fn meeting_lead_days(&self) -> u32 {
        self.spec.meeting_lead_days
    }

    /// The zone whose week `date` is in.
    ///
    /// # Example
    /// ```
    /// use callwise::routine::ZoneRotation;
    /// let rot = ZoneRotation::new(vec!["a".into(), "b".into()], "2026-11-23".parse().unwrap(), 28).unwrap();
    /// assert_eq!(rot.zone_for("2026-12-01".parse().unwrap()), "b");
    /// assert_eq!(rot.zone_for("2026-11-16".parse().unwrap()), "b");
    /// ```
    pub fn zone_for(&self, date: NaiveDate) -> &str {
        let weeks = (monday_of(date) - self.spec.first_week)
            .num_days()
            .div_euclid(7);
        let len = self.spec.zones.len() as i64;
        // rem_euclid of a positive length is in 0..len.
        &self.spec.zones[weeks.rem_euclid(len) as usize]
    }

    /// `count` consecutive weeks, from the week `from` is in.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] named `count` when it is above [`MAX_WEEKS`], or named
    /// `from` (the first week) or `count` (a later one) when a week or its meetings fall
    /// outside the years 0000 to 9999.
    ///
    /// # Example
    /// ```
    /// use callwise::routine::ZoneRotation;
    /// let rot = ZoneRotation::new(vec!["a".into(), "b".into()], "2026-11-23".parse().unwrap(), 28).unwrap();
    /// let weeks = rot.weeks("2026-11-25".parse().unwrap(), 3).unwrap();
    /// assert_eq!(weeks.len(), 3);
    /// assert_eq!((weeks[0].week_start.to_string(), weeks[0].zone.as_str()), ("2026-11-23".into(), "a"));
    /// assert_eq!(weeks[0].meetings_from.to_string(), "2026-12-21");
    /// assert_eq!(weeks[1].zone, "b");
    /// assert_eq!(weeks[2].zone, "a");
    /// ```
    pub fn weeks(&self, from: NaiveDate, count: u32) -> Result<Vec<RotationWeek>> {
        if count > MAX_WEEKS {
            return Err(invalid_argument(
                "count",
                format!("{count} weeks; at most {MAX_WEEKS}"),
            ));
        }
        let mut week_start = monday_of(from);
        let mut out = Vec::with_capacity(count as usize);
        for i in 0..count {
            if i > 0 {
                week_start = week_start
                    .checked_add_days(Days::new(7))
                    .unwrap_or(NaiveDate::MAX);
            }
            let meetings_from = week_start
                .checked_add_days(Days::new(u64::from(self.spec.meeting_lead_days)))
                .unwrap_or(NaiveDate::MAX);
            if !(0..=9999).contains(&week_start.year()) || meetings_from.year() > 9999 {
                return Err(invalid_argument(
                    if i == 0 { "from" } else { "count" },
                    format!(
                        "week {i} (from {week_start}, meetings from {meetings_from}) falls outside the years 0000 to 9999"
                    ),
                ));
            }
            out.push(RotationWeek {
                week_start,
                zone: self.zone_for(week_start).to_owned(),
                meetings_from,
            });
        }
        Ok(out)
    }

    /// The accounts whose territory zone is up in the week `date` is in, in book order.
    ///
    /// # Example
    /// ```
    /// use callwise::routine::ZoneRotation;
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40)).unwrap();
    /// let mut zones: Vec<String> = book.accounts()
    ///     .filter_map(|a| a.territory_zone().map(str::to_owned)).collect();
    /// zones.sort();
    /// zones.dedup();
    /// let rot = ZoneRotation::new(zones, "2026-11-23".parse().unwrap(), 28).unwrap();
    /// let ids = rot.accounts_for(&book, "2026-11-24".parse().unwrap());
    /// assert!(!ids.is_empty());
    /// assert!(ids.iter().all(|id| book.account(id.as_str()).unwrap().territory_zone()
    ///     == Some(rot.zone_for("2026-11-24".parse().unwrap()))));
    /// ```
    pub fn accounts_for(&self, book: &Book, date: NaiveDate) -> Vec<AccountId> {
        let zone = self.zone_for(date);
        book.accounts()
            .filter(|a| a.territory_zone() == Some(zone))
            .map(|a| a.id().into())
            .collect()
    }
}

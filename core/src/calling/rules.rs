//! Calling rules: may this person be called at this instant?
//!
//! A [`CallingRules`] is data: a window in the callee's local time (by default 08:00 to
//! 21:00, the US federal rule, 47 CFR 64.1200(c)(1)), stricter windows and quiet days
//! for regions matched by the callee's zone, opt-in quiet days and holidays, a consent
//! policy and frequency caps. [`CallingRules::check`] answers for a zone and an
//! instant; [`Book::can_call`] answers for a contact in a book, adding do-not-call,
//! consent and the caps, which need the contact's history.
//!
//! The answer is a [`Verdict`]: [`Verdict::Allowed`], or [`Verdict::Blocked`] with the
//! rule that blocks and the earliest instant every time-based rule allows
//! (`next_allowed`; `None` when no time will do, as for do-not-call). Local times follow
//! the daylight-saving rules of [`LocalWindow`](crate::LocalWindow).

use crate::BusinessCalendar;
use crate::Channel;
use crate::Consent;
use crate::LocalWindow;
use crate::time::parse_time_zone;
use crate::{Book, Error, RecordKind, Result};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// The rule that blocks a call.
///
/// # Example
/// ```
/// assert_eq!(callwise::BlockRule::OutsideWindow.as_str(), "outside_window");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockRule {
    /// The contact is on the do-not-call list.
    DoNotCall,
    /// The contact has not consented to calls (denied, or unknown where consent is required).
    NoConsent,
    /// A quiet weekday in the callee's local time.
    QuietDay,
    /// A quiet holiday in the callee's local time.
    Holiday,
    /// Outside the calling window in the callee's local time.
    OutsideWindow,
    /// The contact has had the most attempts allowed in the last seven days.
    ContactCap,
    /// The account has had the most attempts allowed on this local day.
    AccountCap,
}

impl BlockRule {
    /// The snake-case name used in JSON and bindings.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::BlockRule::DoNotCall.as_str(), "do_not_call");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DoNotCall => "do_not_call",
            Self::NoConsent => "no_consent",
            Self::QuietDay => "quiet_day",
            Self::Holiday => "holiday",
            Self::OutsideWindow => "outside_window",
            Self::ContactCap => "contact_cap",
            Self::AccountCap => "account_cap",
        }
    }
}

impl std::fmt::Display for BlockRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The answer to "may I call now?".
///
/// # Example
/// ```
/// let rules = callwise::CallingRules::default();
/// let at = "2026-11-24T03:00:00Z".parse().unwrap(); // 22:00 in New York
/// match rules.check("America/New_York", at).unwrap() {
///     callwise::Verdict::Blocked { rule, next_allowed } => {
///         assert_eq!(rule, callwise::BlockRule::OutsideWindow);
///         assert_eq!(next_allowed.unwrap().to_rfc3339(), "2026-11-24T13:00:00+00:00");
///     }
///     other => panic!("{other:?}"),
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// The call may be made now.
    Allowed,
    /// The call may not be made now.
    Blocked {
        /// The first rule that blocks it, in [`BlockRule`]'s order.
        rule: BlockRule,
        /// The earliest instant every time-based rule allows, or `None` when waiting
        /// does not help (do-not-call, no consent), when nothing opens within 400 days
        /// or within the years 0000 to 9999, or when the windows of the candidate
        /// zones of an unknown zone never overlap.
        #[serde(default, deserialize_with = "crate::time::strict_opt")]
        next_allowed: Option<DateTime<Utc>>,
    },
}

impl Verdict {
    /// Whether the call may be made.
    ///
    /// # Example
    /// ```
    /// assert!(callwise::Verdict::Allowed.is_allowed());
    /// ```
    pub fn is_allowed(&self) -> bool {
        matches!(self, Self::Allowed)
    }
}

/// A stricter rule for the callees of a region, matched by their time zone.
///
/// Its window is intersected with the general one and its quiet days are added to
/// the general ones: a region can only make the rules stricter.
///
/// # Example
/// ```
/// use callwise::{LocalWindow, calling::RegionRule};
/// let florida = RegionRule {
///     name: "Florida".into(),
///     time_zones: vec!["America/New_York".into()],
///     window: LocalWindow::parse("08:00", "20:00").unwrap(),
///     quiet_days: vec![chrono::Weekday::Sun],
/// };
/// assert_eq!(florida.window.to_string(), "08:00-20:00");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionRule {
    /// The region's name, for messages.
    pub name: String,
    /// The IANA zones whose callees it covers.
    pub time_zones: Vec<String>,
    /// Its calling window, in the callee's local time.
    pub window: LocalWindow,
    /// Weekdays on which its callees are not called.
    #[serde(default)]
    pub quiet_days: Vec<Weekday>,
}

/// What [`CallingRules::check`] does with a zone it does not know.
///
/// # Example
/// ```
/// let p = callwise::calling::UnknownZonePolicy::Strictest { candidates: vec!["America/New_York".into()] };
/// assert_ne!(p, callwise::calling::UnknownZonePolicy::Error);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "policy", rename_all = "snake_case", deny_unknown_fields)]
pub enum UnknownZonePolicy {
    /// Refuse with [`Error::UnknownTimeZone`].
    #[default]
    Error,
    /// Allow only what every candidate zone allows (the callee could be in any of them).
    Strictest {
        /// The zones the callee may be in (for a US book, the mainland zones, Alaska and
        /// Hawaii).
        candidates: Vec<String>,
    },
}

/// The rules a call must pass. Built from data and checked when built.
///
/// # Example
/// ```
/// use callwise::{CallingRules, Verdict};
/// let rules = CallingRules::default();
/// // 12:00 UTC on 8 March 2026 is 08:00 EDT, the first day of daylight saving.
/// assert!(rules.check("America/New_York", "2026-03-08T12:00:00Z".parse().unwrap())
///     .unwrap().is_allowed());
/// // ... and 07:00 in Phoenix, which keeps standard time all year.
/// assert!(!rules.check("America/Phoenix", "2026-03-08T14:00:00Z".parse().unwrap())
///     .unwrap().is_allowed());
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RulesSpec", into = "RulesSpec")]
pub struct CallingRules {
    spec: RulesSpec,
    /// Zone to index in `spec.regions`.
    zones: FxHashMap<Tz, usize>,
    /// Parsed `Strictest` candidates (empty under `UnknownZonePolicy::Error`).
    candidates: Vec<Tz>,
}

/// The data form of [`CallingRules`] (what serde reads and writes).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesSpec {
    window: LocalWindow,
    #[serde(default)]
    quiet_days: Vec<Weekday>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    quiet_holidays: Option<BusinessCalendar>,
    #[serde(default)]
    regions: Vec<RegionRule>,
    #[serde(default)]
    unknown_zone: UnknownZonePolicy,
    #[serde(default)]
    require_consent: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_attempts_per_contact_per_week: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_attempts_per_account_per_day: Option<u32>,
}

impl TryFrom<RulesSpec> for CallingRules {
    type Error = Error;
    fn try_from(spec: RulesSpec) -> Result<Self> {
        let mut zones = FxHashMap::default();
        for (i, region) in spec.regions.iter().enumerate() {
            let what = || format!("region rule {:?}", region.name);
            if region.name.is_empty() {
                return Err(Error::invalid_rule(what(), "the name is empty"));
            }
            if region.time_zones.is_empty() {
                return Err(Error::invalid_rule(what(), "it covers no time zone"));
            }
            if region.window.intersect(&spec.window).is_none() {
                return Err(Error::invalid_rule(
                    what(),
                    format!(
                        "its window {} does not overlap the general window {}",
                        region.window, spec.window
                    ),
                ));
            }
            for name in &region.time_zones {
                if zones.insert(parse_time_zone(name)?, i).is_some() {
                    return Err(Error::invalid_rule(
                        what(),
                        format!("zone {name:?} is already covered by another region"),
                    ));
                }
            }
        }
        let candidates = match &spec.unknown_zone {
            UnknownZonePolicy::Error => Vec::new(),
            UnknownZonePolicy::Strictest { candidates } => {
                if candidates.is_empty() {
                    return Err(Error::invalid_rule(
                        "unknown-zone policy",
                        "`strictest` needs at least one candidate zone",
                    ));
                }
                if candidates.len() > MAX_CANDIDATES {
                    return Err(Error::invalid_rule(
                        "unknown-zone policy",
                        format!(
                            "{} candidate zones; at most {MAX_CANDIDATES}",
                            candidates.len()
                        ),
                    ));
                }
                candidates
                    .iter()
                    .map(|z| parse_time_zone(z))
                    .collect::<Result<_>>()?
            }
        };
        for (name, cap) in [
            (
                "per contact per week",
                spec.max_attempts_per_contact_per_week,
            ),
            ("per account per day", spec.max_attempts_per_account_per_day),
        ] {
            if cap == Some(0) {
                return Err(Error::invalid_rule(
                    "frequency cap",
                    format!("a cap of 0 attempts {name} forbids every call; use do-not-call"),
                ));
            }
        }
        Ok(Self {
            spec,
            zones,
            candidates,
        })
    }
}

impl From<CallingRules> for RulesSpec {
    fn from(rules: CallingRules) -> Self {
        rules.spec
    }
}

impl Default for CallingRules {
    /// 08:00 to 21:00 every day in the callee's local time, no quiet days, no caps,
    /// only a denied consent blocks, unknown zones refused.
    fn default() -> Self {
        Self::try_from(RulesSpec {
            window: LocalWindow::parse("08:00", "21:00").expect("a valid window"),
            quiet_days: Vec::new(),
            quiet_holidays: None,
            regions: Vec::new(),
            unknown_zone: UnknownZonePolicy::Error,
            require_consent: false,
            max_attempts_per_contact_per_week: None,
            max_attempts_per_account_per_day: None,
        })
        .expect("valid default rules")
    }
}

/// The most candidate zones of the `strictest` unknown-zone policy: each round of the
/// search for `next_allowed` asks every one.
const MAX_CANDIDATES: usize = 64;

/// The most rounds of the search for `next_allowed`: each round that moves the candidate
/// lands on the start of a stretch some zone's rules allow or on a cap's release, a few
/// a day in each of the 400 days searched.
const MAX_ROUNDS: usize = 100_000;

/// A cap on attempts, already counted for one check.
struct CapState {
    rule: BlockRule,
    /// When the count next drops below the cap.
    release: DateTime<Utc>,
}

impl CallingRules {
    /// Rules from their JSON form (the form [`to_json`](Self::to_json) writes).
    ///
    /// # Errors
    /// [`Error::Json`] when the text is not JSON of this shape; [`Error::InvalidRule`]
    /// or [`Error::UnknownTimeZone`] as [`with_region`](Self::with_region) and the
    /// other setters check.
    ///
    /// # Example
    /// ```
    /// let rules = callwise::CallingRules::from_json(
    ///     r#"{"window": {"start": "09:00", "end": "20:00"}, "quiet_days": ["Sun"]}"#).unwrap();
    /// assert_eq!(rules.window().to_string(), "09:00-20:00");
    /// assert!(callwise::CallingRules::from_json(r#"{"window": {"start": "21:00", "end": "08:00"}}"#).is_err());
    /// ```
    pub fn from_json(json: &str) -> Result<Self> {
        crate::book::from_json(json, "calling rules")
    }

    /// The rules as JSON, with every default written out.
    ///
    /// # Example
    /// ```
    /// let rules = callwise::CallingRules::default();
    /// let again = callwise::CallingRules::from_json(&rules.to_json()).unwrap();
    /// assert_eq!(again, rules);
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.spec).expect("rules serialise")
    }

    fn rebuilt(mut self, edit: impl FnOnce(&mut RulesSpec)) -> Result<Self> {
        edit(&mut self.spec);
        Self::try_from(self.spec)
    }

    /// The same rules with a different general window.
    ///
    /// # Errors
    /// [`Error::InvalidRule`] when a region's window no longer overlaps it.
    ///
    /// # Example
    /// ```
    /// let w = callwise::LocalWindow::parse("09:00", "18:00").unwrap();
    /// let rules = callwise::CallingRules::default().with_window(w).unwrap();
    /// assert_eq!(rules.window(), w);
    /// ```
    pub fn with_window(self, window: LocalWindow) -> Result<Self> {
        self.rebuilt(|s| s.window = window)
    }

    /// The same rules with these weekdays quiet everywhere.
    ///
    /// # Example
    /// ```
    /// let rules = callwise::CallingRules::default().with_quiet_days(&[chrono::Weekday::Sun]);
    /// let sunday_noon = "2026-11-29T17:00:00Z".parse().unwrap();
    /// assert!(!rules.check("America/New_York", sunday_noon).unwrap().is_allowed());
    /// ```
    pub fn with_quiet_days(mut self, days: &[Weekday]) -> Self {
        self.spec.quiet_days = days.to_vec();
        self
    }

    /// The same rules with the holidays of `calendar` quiet (in the callee's local date).
    ///
    /// # Example
    /// ```
    /// let rules = callwise::CallingRules::default()
    ///     .with_quiet_holidays(callwise::BusinessCalendar::us_federal());
    /// let thanksgiving_noon = "2026-11-26T17:00:00Z".parse().unwrap();
    /// let v = rules.check("America/New_York", thanksgiving_noon).unwrap();
    /// assert!(matches!(v, callwise::Verdict::Blocked { rule: callwise::BlockRule::Holiday, .. }));
    /// ```
    pub fn with_quiet_holidays(mut self, calendar: BusinessCalendar) -> Self {
        self.spec.quiet_holidays = Some(calendar);
        self
    }

    /// The same rules with one more region rule.
    ///
    /// # Errors
    /// [`Error::UnknownTimeZone`] for a zone it names that does not exist;
    /// [`Error::InvalidRule`] when its name is empty, it names no zone, its window does
    /// not overlap the general window, or one of its zones is already covered by another
    /// region.
    ///
    /// # Example
    /// ```
    /// use callwise::{CallingRules, LocalWindow, calling::RegionRule};
    /// let rules = CallingRules::default().with_region(RegionRule {
    ///     name: "Hawaii".into(), time_zones: vec!["Pacific/Honolulu".into()],
    ///     window: LocalWindow::parse("09:00", "20:00").unwrap(), quiet_days: vec![],
    /// }).unwrap();
    /// let honolulu_0830 = "2026-07-01T18:30:00Z".parse().unwrap();
    /// assert!(!rules.check("Pacific/Honolulu", honolulu_0830).unwrap().is_allowed());
    /// ```
    pub fn with_region(self, region: RegionRule) -> Result<Self> {
        self.rebuilt(|s| s.regions.push(region))
    }

    /// The same rules, but a zone [`check`](Self::check) does not know is judged by
    /// the strictest of `candidates` instead of refused.
    ///
    /// # Errors
    /// [`Error::InvalidRule`] when `candidates` is empty or holds more than 64 zones;
    /// [`Error::UnknownTimeZone`] when one of them does not exist.
    ///
    /// # Example
    /// ```
    /// let rules = callwise::CallingRules::default()
    ///     .with_unknown_zone_fallback(&["America/New_York", "Pacific/Honolulu"]).unwrap();
    /// // 13:30 UTC: 08:30 in New York but 03:30 in Honolulu.
    /// let v = rules.check("Unknown/Place", "2026-11-24T13:30:00Z".parse().unwrap()).unwrap();
    /// assert!(!v.is_allowed());
    /// ```
    pub fn with_unknown_zone_fallback(self, candidates: &[&str]) -> Result<Self> {
        let candidates = candidates.iter().map(|z| (*z).to_owned()).collect();
        self.rebuilt(|s| s.unknown_zone = UnknownZonePolicy::Strictest { candidates })
    }

    /// The same rules, requiring a granted consent to call (unknown consent then
    /// blocks, as a denied one always does).
    ///
    /// # Example
    /// ```
    /// let rules = callwise::CallingRules::default().with_consent_required(true);
    /// assert!(rules.consent_required());
    /// ```
    pub fn with_consent_required(mut self, required: bool) -> Self {
        self.spec.require_consent = required;
        self
    }

    /// The same rules with frequency caps: outbound call attempts (calls and
    /// voicemails) per contact in any rolling seven days, and per account on one of
    /// the account's local days. `None` leaves a cap off.
    ///
    /// # Errors
    /// [`Error::InvalidRule`] for a cap of 0 (that is do-not-call, not a cap).
    ///
    /// # Example
    /// ```
    /// let rules = callwise::CallingRules::default().with_caps(Some(3), Some(2)).unwrap();
    /// assert_eq!(rules.caps(), (Some(3), Some(2)));
    /// assert!(callwise::CallingRules::default().with_caps(Some(0), None).is_err());
    /// ```
    pub fn with_caps(
        self,
        per_contact_per_week: Option<u32>,
        per_account_per_day: Option<u32>,
    ) -> Result<Self> {
        self.rebuilt(|s| {
            s.max_attempts_per_contact_per_week = per_contact_per_week;
            s.max_attempts_per_account_per_day = per_account_per_day;
        })
    }

    /// The general calling window.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::CallingRules::default().window().to_string(), "08:00-21:00");
    /// ```
    pub fn window(&self) -> LocalWindow {
        self.spec.window
    }

    /// Whether only a granted consent allows a call.
    ///
    /// # Example
    /// ```
    /// assert!(!callwise::CallingRules::default().consent_required());
    /// ```
    pub fn consent_required(&self) -> bool {
        self.spec.require_consent
    }

    /// The caps: attempts per contact per seven days, per account per local day.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::CallingRules::default().caps(), (None, None));
    /// ```
    pub fn caps(&self) -> (Option<u32>, Option<u32>) {
        (
            self.spec.max_attempts_per_contact_per_week,
            self.spec.max_attempts_per_account_per_day,
        )
    }

    /// The window and quiet days that apply to callees in `tz`.
    ///
    /// # Example
    /// ```
    /// let rules = callwise::CallingRules::default();
    /// let tz = callwise::time::parse_time_zone("America/Denver").unwrap();
    /// let (window, quiet) = rules.window_for(tz);
    /// assert_eq!(window.to_string(), "08:00-21:00");
    /// assert!(quiet.is_empty());
    /// ```
    pub fn window_for(&self, tz: Tz) -> (LocalWindow, Vec<Weekday>) {
        let mut quiet = self.spec.quiet_days.clone();
        match self.zones.get(&tz).map(|&i| &self.spec.regions[i]) {
            Some(region) => {
                quiet.extend(&region.quiet_days);
                quiet.sort_by_key(|d| d.num_days_from_monday());
                quiet.dedup();
                let window = region
                    .window
                    .intersect(&self.spec.window)
                    .expect("checked when built");
                (window, quiet)
            }
            None => (self.spec.window, quiet),
        }
    }

    /// The time rules alone (window, quiet days, quiet holidays) for a callee in the
    /// zone named `time_zone`, at `at`.
    ///
    /// # Errors
    /// [`Error::UnknownTimeZone`] when the zone is unknown and the rules have no
    /// fallback ([`with_unknown_zone_fallback`](Self::with_unknown_zone_fallback)).
    ///
    /// # Example
    /// ```
    /// let rules = callwise::CallingRules::default();
    /// // Lord Howe Island: +11:00 in summer, +10:30 in winter; the window closes at 21:00.
    /// let zone = "Australia/Lord_Howe";
    /// assert!(rules.check(zone, "2026-01-15T09:59:00Z".parse().unwrap()).unwrap().is_allowed());
    /// assert!(!rules.check(zone, "2026-01-15T10:00:00Z".parse().unwrap()).unwrap().is_allowed());
    /// assert!(rules.check(zone, "2026-07-15T10:29:00Z".parse().unwrap()).unwrap().is_allowed());
    /// assert!(!rules.check(zone, "2026-07-15T10:30:00Z".parse().unwrap()).unwrap().is_allowed());
    /// assert!(matches!(rules.check("Nowhere/Else", chrono::Utc::now()),
    ///                  Err(callwise::Error::UnknownTimeZone { .. })));
    /// ```
    pub fn check(&self, time_zone: &str, at: DateTime<Utc>) -> Result<Verdict> {
        match parse_time_zone(time_zone) {
            Ok(tz) => Ok(self.check_zone(tz, at)),
            Err(err) if self.candidates.is_empty() => Err(err),
            Err(_) => Ok(self.check_all(&self.candidates, at, None)),
        }
    }

    /// [`check`](Self::check) for a parsed zone: the fast path, no allocation when the
    /// call is allowed.
    ///
    /// # Example
    /// ```
    /// let rules = callwise::CallingRules::default();
    /// let tz = callwise::time::parse_time_zone("America/New_York").unwrap();
    /// assert!(rules.check_zone(tz, "2026-11-24T15:00:00Z".parse().unwrap()).is_allowed());
    /// ```
    pub fn check_zone(&self, tz: Tz, at: DateTime<Utc>) -> Verdict {
        self.check_all(&[tz], at, None)
    }

    /// The first time rule that blocks at `at` in `tz`, if any.
    fn time_block(&self, tz: Tz, at: DateTime<Utc>) -> Option<BlockRule> {
        // No local time at the very ends of the calendar: never inside a window.
        let Some(local) = crate::time::local(tz, at) else {
            return Some(BlockRule::OutsideWindow);
        };
        let region = self.zones.get(&tz).map(|&i| &self.spec.regions[i]);
        let weekday = local.weekday();
        if self.spec.quiet_days.contains(&weekday)
            || region.is_some_and(|r| r.quiet_days.contains(&weekday))
        {
            return Some(BlockRule::QuietDay);
        }
        if let Some(cal) = &self.spec.quiet_holidays
            && cal.holiday(local.date()).is_some()
        {
            return Some(BlockRule::Holiday);
        }
        let time = local.time();
        let inside = self.spec.window.contains_time(time)
            && region.is_none_or(|r| r.window.contains_time(time));
        (!inside).then_some(BlockRule::OutsideWindow)
    }

    fn day_ok(&self, tz: Tz, date: NaiveDate) -> bool {
        let weekday = date.weekday();
        let region = self.zones.get(&tz).map(|&i| &self.spec.regions[i]);
        !self.spec.quiet_days.contains(&weekday)
            && region.is_none_or(|r| !r.quiet_days.contains(&weekday))
            && self
                .spec
                .quiet_holidays
                .as_ref()
                .is_none_or(|cal| cal.holiday(date).is_none())
    }

    /// The window for callees in `tz`, without the quiet days (no allocation).
    fn window_of(&self, tz: Tz) -> LocalWindow {
        match self.zones.get(&tz) {
            Some(&i) => self.spec.regions[i]
                .window
                .intersect(&self.spec.window)
                .expect("checked when built"),
            None => self.spec.window,
        }
    }

    /// The verdict for a callee who may be in any of `zones`, with an optional cap.
    fn check_all(
        &self,
        zones: &[Tz],
        at: DateTime<Utc>,
        cap: Option<&dyn Fn(DateTime<Utc>) -> Option<CapState>>,
    ) -> Verdict {
        let first_time_block = zones.iter().find_map(|&tz| self.time_block(tz, at));
        let cap_block = match first_time_block {
            Some(_) => None,
            None => cap.and_then(|c| c(at)),
        };
        let rule = match (first_time_block, &cap_block) {
            (Some(rule), _) => rule,
            (None, Some(c)) => c.rule,
            (None, None) => return Verdict::Allowed,
        };
        // The earliest instant at which every zone's time rules and the caps allow:
        // each zone's opening and the caps' release only move the candidate forward and
        // never past the earliest instant all allow, so iterate to a fixed point. Each
        // round that moves lands on the start of a stretch some zone allows or on a cap's
        // release; fewer than MAX_ROUNDS of those fit in the 400 days searched.
        let limit = at
            .checked_add_signed(Duration::days(400))
            .map_or(crate::time::last_instant(), |t| {
                t.min(crate::time::last_instant())
            });
        let mut t = at;
        let next_allowed = 'search: {
            for _ in 0..MAX_ROUNDS {
                let before = t;
                for &tz in zones {
                    match self.window_of(tz).next_open(tz, t, |d| self.day_ok(tz, d)) {
                        Some(open) if open <= limit => t = open,
                        _ => break 'search None,
                    }
                }
                if let Some(c) = cap.and_then(|c| c(t)) {
                    // A cap blocking at `t` lifts after it.
                    if c.release <= t || c.release > limit {
                        break 'search None;
                    }
                    t = c.release;
                }
                if t == before {
                    break 'search Some(t);
                }
            }
            None
        };
        Verdict::Blocked { rule, next_allowed }
    }
}

impl Book {
    /// Whether the contact may be called at `at` under `rules`: do-not-call and
    /// consent first (they always win), then the callee's local time rules (their
    /// zone: the contact's override, else the account's), then the caps, counted over
    /// the book's activities up to and including `at` (any rep's: a colleague's call
    /// counts).
    ///
    /// # Errors
    /// [`Error::NotFound`] when no contact has id `contact_id`.
    ///
    /// # Example
    /// ```
    /// use callwise::{sample_book, CallingRules, SampleConfig, Verdict, BlockRule};
    /// let book = sample_book(&SampleConfig::new(7, 40)).unwrap();
    /// let rules = CallingRules::default();
    /// let dnc = book.contacts().find(|c| c.do_not_call()).unwrap();
    /// let at = "2026-11-24T18:00:00Z".parse().unwrap();
    /// assert_eq!(book.can_call(dnc.id(), at, &rules).unwrap(),
    ///            Verdict::Blocked { rule: BlockRule::DoNotCall, next_allowed: None });
    /// assert!(book.can_call("nobody", at, &rules).is_err());
    /// ```
    pub fn can_call(
        &self,
        contact_id: &str,
        at: DateTime<Utc>,
        rules: &CallingRules,
    ) -> Result<Verdict> {
        self.can_call_with(contact_id, at, rules, &[])
    }

    /// [`can_call`](Self::can_call), with `extra` attempts the book does not hold yet
    /// counted towards the caps as if it did: (instant in microseconds since 1970, the
    /// contact's position or [`NO_CONTACT`](crate::book::NO_CONTACT)) on the
    /// contact's account.
    pub(crate) fn can_call_with(
        &self,
        contact_id: &str,
        at: DateTime<Utc>,
        rules: &CallingRules,
        extra: &[(i64, u32)],
    ) -> Result<Verdict> {
        let slot = self
            .contact_position(contact_id)
            .ok_or_else(|| Error::not_found(RecordKind::Contact, contact_id.to_owned()))?;
        Ok(self.can_call_at(slot, at, rules, extra))
    }

    /// [`can_call_with`](Self::can_call_with) of the contact at position `slot`.
    pub(crate) fn can_call_at(
        &self,
        slot: u32,
        at: DateTime<Utc>,
        rules: &CallingRules,
        extra: &[(i64, u32)],
    ) -> Verdict {
        let contact = self.contact_at(slot);
        if contact.do_not_call() {
            return Verdict::Blocked {
                rule: BlockRule::DoNotCall,
                next_allowed: None,
            };
        }
        match contact.consent_for(Channel::Call) {
            Consent::Denied => {
                return Verdict::Blocked {
                    rule: BlockRule::NoConsent,
                    next_allowed: None,
                };
            }
            Consent::Unknown if rules.spec.require_consent => {
                return Verdict::Blocked {
                    rule: BlockRule::NoConsent,
                    next_allowed: None,
                };
            }
            _ => {}
        }
        let account = self.contact_account_at(slot);
        let tz = self.contact_zone_at(slot);
        let (per_contact, per_account) = rules.caps();
        if per_contact.is_none() && per_account.is_none() {
            return rules.check_all(&[tz], at, None);
        }
        let account_tz = self.account_zone_at(account);
        let mut all: Vec<(i64, u32)> = self.attempts_at(account).collect();
        if !extra.is_empty() {
            all.extend_from_slice(extra);
            all.sort_unstable();
        }
        let micros = |t: DateTime<Utc>| t.timestamp_micros();
        let instant = |us: i64| DateTime::<Utc>::from_timestamp_micros(us);
        let cap = |t: DateTime<Utc>| -> Option<CapState> {
            // Attempts are in time order: those up to and including `t`.
            let upto = all.partition_point(|&(x, _)| x <= micros(t));
            if let Some(max) = per_contact {
                let since = t
                    .checked_sub_signed(Duration::days(7))
                    .map_or(i64::MIN, micros);
                let start = all[..upto].partition_point(|&(x, _)| x <= since);
                let mine = || (start..upto).filter(|&i| all[i].1 == slot);
                let count = mine().count();
                if count >= max as usize {
                    // The count drops below the cap when enough of the oldest age out.
                    let oldest_needed = mine().nth(count - max as usize)?;
                    return Some(CapState {
                        rule: BlockRule::ContactCap,
                        // Past the calendar's end the cap never lifts: no next_allowed.
                        release: instant(all[oldest_needed].0)?
                            .checked_add_signed(Duration::days(7))
                            .unwrap_or(DateTime::<Utc>::MAX_UTC),
                    });
                }
            }
            if let Some(max) = per_account {
                let day = crate::time::local(account_tz, t)?.date();
                let midnight =
                    crate::time::instants_at(account_tz, day.and_time(chrono::NaiveTime::MIN))[0]?;
                let start = all[..upto].partition_point(|&(x, _)| x < micros(midnight));
                if upto - start >= max as usize {
                    let tomorrow = day.succ_opt()?.and_time(chrono::NaiveTime::MIN);
                    return Some(CapState {
                        rule: BlockRule::AccountCap,
                        release: crate::time::instants_at(account_tz, tomorrow)[0]?,
                    });
                }
            }
            None
        };
        rules.check_all(&[tz], at, Some(&cap))
    }
}

//! Core's calling rules (`callwise::CallingRules`): "may I call this person now?".
//!
//! [`CallingRules`] is an immutable object built from data (`fromJson`) or from
//! `CallingRules.default()` (08:00 to 21:00 in the callee's local time, the US federal
//! rule) and its `with...` methods, each returning new rules. `check` answers for a zone
//! and an instant, `Book.canCall` for a contact of a book (adding do-not-call, consent
//! and the frequency caps). The answer is core's `Verdict`: `Verdict.Allowed`, or
//! `Verdict.Blocked` with the rule and the next allowed instant.
//!
//! Nothing here computes anything: each function calls core and returns its answer.

use crate::calendar::BusinessCalendar;
use crate::types::{UtcInstant, Weekday};
use crate::{Book, CallwiseError};
use callwise::calling::RegionRule;
use callwise::{BlockRule, ContactId, LocalWindow, Verdict};
use std::sync::Arc;

/// The rule that blocks a call, in the order they are checked.
#[uniffi::remote(Enum)]
pub enum BlockRule {
    /// The contact is on the do-not-call list.
    DoNotCall,
    /// The contact has not consented to calls (denied, or unknown where consent is
    /// required).
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

/// The answer to "may I call now?" (core's `callwise::Verdict`).
#[uniffi::remote(Enum)]
pub enum Verdict {
    /// The call may be made now.
    Allowed,
    /// The call may not be made now.
    Blocked {
        /// The first rule that blocks it.
        rule: BlockRule,
        /// The earliest instant every time-based rule allows; `null` when waiting does
        /// not help (do-not-call, no consent), when nothing opens within 400 days or before the
        /// end of the year 9999, or when an unknown zone's candidates never share an open
        /// window.
        next_allowed: Option<UtcInstant>,
    },
}

/// A stricter rule for the callees of a region, matched by their time zone (core's
/// `callwise::calling::RegionRule`): its window is intersected with the general one and
/// its quiet days added to the general ones.
#[uniffi::remote(Record)]
pub struct RegionRule {
    /// The region's name, for messages.
    pub name: String,
    /// The IANA zones whose callees it covers.
    pub time_zones: Vec<String>,
    /// Its calling window, in the callee's local time.
    pub window: LocalWindow,
    /// Weekdays on which its callees are not called.
    #[uniffi(default = [])]
    pub quiet_days: Vec<Weekday>,
}

/// The frequency caps of a set of rules; `null` for a cap that is off (core answers a
/// pair, which UniFFI does not carry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct Caps {
    /// Outbound call attempts (calls and voicemails) per contact in any rolling seven
    /// days.
    pub per_contact_per_week: Option<u32>,
    /// Outbound call attempts per account on one of the account's local days.
    pub per_account_per_day: Option<u32>,
}

/// The window and quiet days that apply to the callees of one zone (core's
/// `CallingRules::window_for`, which answers a pair).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ZoneRules {
    /// The calling window: the general one, intersected with the zone's region's.
    pub window: LocalWindow,
    /// The quiet weekdays, Monday first.
    pub quiet_days: Vec<Weekday>,
}

/// The rules a call must pass (core's `callwise::CallingRules`), checked when built.
///
/// Immutable: every `with...` method returns new rules. In Kotlin it is
/// `AutoCloseable`.
#[derive(Debug, PartialEq, uniffi::Object)]
#[uniffi::export(Eq)]
pub struct CallingRules(callwise::CallingRules);

impl CallingRules {
    /// Core's rules with one edit, as a new object.
    fn edited(
        &self,
        edit: impl FnOnce(callwise::CallingRules) -> Result<callwise::CallingRules, callwise::Error>,
    ) -> Result<Arc<Self>, CallwiseError> {
        Ok(Arc::new(Self(edit(self.0.clone())?)))
    }
}

#[uniffi::export]
impl CallingRules {
    /// 08:00 to 21:00 every day in the callee's local time (the US federal rule), no
    /// quiet days, no caps, only a denied consent blocks, unknown zones refused.
    ///
    /// `CallingRules.default()` in Kotlin (`defaults` in Rust, where `default` would read
    /// as the `Default` trait's).
    #[uniffi::constructor(name = "default")]
    pub fn defaults() -> Arc<Self> {
        Arc::new(Self(callwise::CallingRules::default()))
    }

    /// Rules from their JSON form (what `toJson` writes).
    ///
    /// # Errors
    /// `Json` when the text is not JSON of this shape, or breaks a rule the setters check
    /// (core's message says which).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, CallwiseError> {
        Ok(Arc::new(Self(callwise::CallingRules::from_json(&json)?)))
    }

    /// The rules as pretty JSON, every default written out.
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The same rules with the general window `window`.
    ///
    /// # Errors
    /// `InvalidRule` when the window is empty or a region's window no longer overlaps it.
    pub fn with_window(&self, window: LocalWindow) -> Result<Arc<Self>, CallwiseError> {
        self.edited(|rules| rules.with_window(window))
    }

    /// The same rules with these weekdays quiet everywhere (they replace the quiet days
    /// set before).
    pub fn with_quiet_days(&self, days: Vec<Weekday>) -> Arc<Self> {
        Arc::new(Self(self.0.clone().with_quiet_days(&days)))
    }

    /// The same rules with the holidays of `calendar` quiet, in the callee's local date.
    pub fn with_quiet_holidays(&self, calendar: Arc<BusinessCalendar>) -> Arc<Self> {
        Arc::new(Self(self.0.clone().with_quiet_holidays(calendar.0.clone())))
    }

    /// The same rules with one more region rule.
    ///
    /// # Errors
    /// `UnknownTimeZone` for a zone it names that does not exist; `InvalidRule` when its
    /// name is empty, its window is empty or does not overlap the general window, or one
    /// of its zones is already covered by another region.
    pub fn with_region(&self, region: RegionRule) -> Result<Arc<Self>, CallwiseError> {
        self.edited(|rules| rules.with_region(region))
    }

    /// The same rules, but a zone `check` does not know is judged by the strictest of
    /// `candidates` (the callee could be in any of them) instead of refused.
    ///
    /// # Errors
    /// `InvalidRule` when `candidates` is empty; `UnknownTimeZone` when one of them does
    /// not exist.
    pub fn with_unknown_zone_fallback(
        &self,
        candidates: Vec<String>,
    ) -> Result<Arc<Self>, CallwiseError> {
        let candidates: Vec<&str> = candidates.iter().map(String::as_str).collect();
        self.edited(|rules| rules.with_unknown_zone_fallback(&candidates))
    }

    /// The same rules, requiring a granted consent to call when `required` (an unknown
    /// consent then blocks, as a denied one always does).
    pub fn with_consent_required(&self, required: bool) -> Arc<Self> {
        Arc::new(Self(self.0.clone().with_consent_required(required)))
    }

    /// The same rules with frequency caps: outbound call attempts (calls and voicemails)
    /// per contact in any rolling seven days, and per account on one of the account's
    /// local days. `null` leaves a cap off.
    ///
    /// # Errors
    /// `InvalidRule` for a cap of 0 (that is do-not-call, not a cap).
    pub fn with_caps(
        &self,
        per_contact_per_week: Option<u32>,
        per_account_per_day: Option<u32>,
    ) -> Result<Arc<Self>, CallwiseError> {
        self.edited(|rules| rules.with_caps(per_contact_per_week, per_account_per_day))
    }

    /// The general calling window.
    pub fn window(&self) -> LocalWindow {
        self.0.window()
    }

    /// Whether only a granted consent allows a call.
    pub fn consent_required(&self) -> bool {
        self.0.consent_required()
    }

    /// The frequency caps.
    pub fn caps(&self) -> Caps {
        let (per_contact_per_week, per_account_per_day) = self.0.caps();
        Caps {
            per_contact_per_week,
            per_account_per_day,
        }
    }

    /// The window and quiet days that apply to callees in the IANA zone `time_zone`.
    ///
    /// # Errors
    /// `UnknownTimeZone` when the zone does not exist.
    pub fn window_for(&self, time_zone: String) -> Result<ZoneRules, CallwiseError> {
        let tz = callwise::time::parse_time_zone(&time_zone)?;
        let (window, quiet_days) = self.0.window_for(tz);
        Ok(ZoneRules { window, quiet_days })
    }

    /// The time rules alone (window, quiet days, quiet holidays) for a callee in the IANA
    /// zone `time_zone`, at `at`.
    ///
    /// # Errors
    /// `UnknownTimeZone` when the zone is unknown and the rules have no fallback
    /// (`withUnknownZoneFallback`); `InvalidArgument` for an instant outside the years
    /// 0000 to 9999.
    pub fn check(&self, time_zone: String, at: UtcInstant) -> Result<Verdict, CallwiseError> {
        Ok(self.0.check(&time_zone, at)?)
    }
}

#[uniffi::export]
impl Book {
    /// Whether the contact may be called at `at` under `rules` (core's `Book::can_call`):
    /// do-not-call and consent first (they always win), then the callee's local time
    /// rules (the contact's zone, else the account's), then the caps, counted over the
    /// book's activities up to and including `at`, whichever rep logged them.
    ///
    /// # Errors
    /// `NotFound` when no contact has id `contact_id`; `InvalidArgument` for an instant
    /// outside the years 0000 to 9999.
    pub fn can_call(
        &self,
        contact_id: ContactId,
        at: UtcInstant,
        rules: Arc<CallingRules>,
    ) -> Result<Verdict, CallwiseError> {
        Ok(self.core().can_call(contact_id.as_str(), at, &rules.0)?)
    }
}

//! Core's own small types as UniFFI custom types, so that core's records can cross as
//! themselves (`#[uniffi::remote(Record)]`) instead of through mirrors.
//!
//! They are types of other crates (callwise, chrono, std), so each is declared `remote`:
//! the orphan rule lets this crate implement UniFFI's traits for them only with its own
//! `UniFfiTag`. What Kotlin sees:
//! - ids (`AccountId`, `ContactId`, ...): `String`s, under their own type alias;
//! - instants (`DateTime<Utc>`): `java.time.Instant`, through `SystemTime`;
//! - dates (`NaiveDate`), clock times (`NaiveTime`) and local date-times
//!   (`NaiveDateTime`): `java.time.LocalDate`, `LocalTime` and `LocalDateTime`, through
//!   core's strict text forms (`uniffi.toml` names the Kotlin side of each);
//! - weekdays: `java.time.DayOfWeek`, through its ISO number (Monday 1 to Sunday 7);
//! - a calling window and a cadence's wait, whose fields are private to core: the
//!   records [`WindowSpec`] and [`WaitSpec`], checked by core's constructors on the way
//!   in.
//!
//! In Kotlin each is a `typealias` named after core's type (`NaiveDate` for
//! `java.time.LocalDate`, `UtcInstant` for `java.time.Instant`, `LocalWindow` for
//! `WindowSpec`...): java.time's own names would clash with it for a caller who imports
//! both `dev.callwise.*` and `java.time.*`.
//!
//! A value Kotlin can hold but core cannot (an instant or date outside the years 0000 to
//! 9999, a clock time with a fraction of a second, a window that ends before it starts)
//! is refused by core's own check, as `CallwiseException.InvalidArgument` (or
//! `InvalidRule` for a window or a wait) thrown by the call it was passed to. UniFFI
//! reads arguments before the call, so the error names the kind of value (`instant`,
//! `date`, `time`, `date_time`), not the parameter.

use crate::CallwiseError;
use callwise::cadence::{Wait, WaitUnit};
use callwise::{LocalWindow, time};
use std::collections::{BTreeMap, HashMap};
use std::time::SystemTime;

/// Declares core's id newtypes as custom types carried as `String`s.
macro_rules! ids {
    ($($id:ident),* $(,)?) => {$(
        use callwise::$id;
        uniffi::custom_type!($id, String, {
            remote,
            lower: |id| id.0,
            try_lift: |text| Ok($id(text)),
        });
    )*};
}

ids!(
    AccountId,
    ActivityId,
    CampaignId,
    ContactId,
    DivisionId,
    EventId,
    HandoffId,
    MembershipId,
    OpportunityId,
    RepId,
    TaskId,
    TeamId,
);

/// An instant: core's `DateTime<Utc>`, `java.time.Instant` in Kotlin (`UtcInstant`).
pub type UtcInstant = chrono::DateTime<chrono::Utc>;

uniffi::custom_type!(UtcInstant, SystemTime, {
    remote,
    lower: |at| at.into(),
    try_lift: |at| Ok(instant(at).map_err(CallwiseError::from)?),
});

/// A `SystemTime` as core's instant, within the years 0000 to 9999.
///
/// The binding only splits `at` into whole seconds from the Unix epoch (floored, so
/// before 1970 the seconds are negative and the nanoseconds still count forward) and
/// nanoseconds; core's `instant_from_unix` decides which instants it takes and refuses
/// the others. Seconds past `i64` saturate, which core refuses too. chrono's own
/// conversion from `SystemTime` would panic instead, and a panic across the FFI aborts
/// the app.
fn instant(at: SystemTime) -> callwise::Result<UtcInstant> {
    let (seconds, nanos) = match at.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(after) => (
            i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
            after.subsec_nanos(),
        ),
        Err(before) => {
            let before = before.duration();
            let whole = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
            match before.subsec_nanos() {
                0 => (whole.saturating_neg(), 0),
                n => (whole.saturating_neg().saturating_sub(1), 1_000_000_000 - n),
            }
        }
    };
    time::instant_from_unix(seconds, nanos, "instant")
}

/// A calendar date: core's `NaiveDate`, `java.time.LocalDate` in Kotlin (through
/// `YYYY-MM-DD`, read by core's `parse_date`).
pub type NaiveDate = chrono::NaiveDate;

uniffi::custom_type!(NaiveDate, String, {
    remote,
    lower: |date| date.to_string(),
    try_lift: |text| Ok(time::parse_date(&text, "date").map_err(CallwiseError::from)?),
});

/// A clock time: core's `NaiveTime`, `java.time.LocalTime` in Kotlin (through `HH:MM` or
/// `HH:MM:SS`, core's `format_clock` and `parse_clock`).
pub type NaiveTime = chrono::NaiveTime;

uniffi::custom_type!(NaiveTime, String, {
    remote,
    lower: |t| time::format_clock(t),
    try_lift: |text| Ok(time::parse_clock(&text, "time").map_err(CallwiseError::from)?),
});

/// A local date and time: core's `NaiveDateTime`, `java.time.LocalDateTime` in Kotlin
/// (through `YYYY-MM-DDTHH:MM:SS`, core's `format_local_date_time` and
/// `parse_local_date_time`).
pub type NaiveDateTime = chrono::NaiveDateTime;

uniffi::custom_type!(NaiveDateTime, String, {
    remote,
    lower: |t| time::format_local_date_time(t),
    try_lift: |text| Ok(time::parse_local_date_time(&text, "date_time").map_err(CallwiseError::from)?),
});

/// A day of the week: chrono's `Weekday`, `java.time.DayOfWeek` in Kotlin, through its
/// ISO 8601 number (Monday 1 to Sunday 7), which both define. A `DayOfWeek` always has
/// one, so another number can only come from a fault in the generated code: UniFFI
/// reports it as its internal error.
pub type Weekday = chrono::Weekday;

uniffi::custom_type!(Weekday, u8, {
    remote,
    lower: |day| day.number_from_monday() as u8,
    try_lift: |number| Ok(Weekday::try_from(number.wrapping_sub(1))?),
});

/// A daily window of local wall-clock time, from `start` (included) to `end` (excluded):
/// the data of core's `LocalWindow`, which checks it (`start` before `end`, in whole
/// seconds) when it crosses into core. Kotlin names it `LocalWindow` too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct WindowSpec {
    /// The first local time inside the window.
    pub start: NaiveTime,
    /// The first local time after the window.
    pub end: NaiveTime,
}

uniffi::custom_type!(LocalWindow, WindowSpec, {
    remote,
    lower: |w| WindowSpec { start: w.start(), end: w.end() },
    try_lift: |w| Ok(LocalWindow::new(w.start, w.end).map_err(CallwiseError::from)?),
});

/// How long after the previous step (or the enrollment) a cadence step falls due: the
/// data of core's `Wait`, which checks it (0 to 3,660 units) when it crosses into core.
/// Kotlin names it `Wait` too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct WaitSpec {
    /// Business days, business hours or calendar days.
    pub unit: WaitUnit,
    /// How many.
    pub amount: i64,
}

uniffi::custom_type!(Wait, WaitSpec, {
    remote,
    lower: |w| WaitSpec { unit: w.unit(), amount: i64::from(w.amount()) },
    try_lift: |w| Ok(Wait::new(w.unit, w.amount).map_err(CallwiseError::from)?),
});

/// Declares one of core's ordered maps as a custom type carried as a map (Kotlin `Map`,
/// whose iteration order means nothing).
macro_rules! ordered_map {
    ($(#[$doc:meta])* $name:ident = BTreeMap<$k:ty, $v:ty>) => {
        $(#[$doc])*
        pub type $name = BTreeMap<$k, $v>;

        uniffi::custom_type!($name, HashMap<$k, $v>, {
            remote,
            lower: |map| map.into_iter().collect(),
            try_lift: |map| Ok(map.into_iter().collect()),
        });
    };
}

ordered_map!(
    /// Where each call outcome leads from a cadence step.
    Branches = BTreeMap<callwise::cadence::CallOutcome, callwise::cadence::Branch>
);

ordered_map!(
    /// A CRM file's headers, by callwise's column name.
    ColumnHeaders = BTreeMap<String, String>
);

ordered_map!(
    /// The numbers behind a call-list reason, by name (`days_overdue`, `p_renew`...).
    ReasonNumbers = BTreeMap<String, f64>
);

/// A file's path: std's `PathBuf`, a `String` in Kotlin.
pub type FilePath = std::path::PathBuf;

uniffi::custom_type!(FilePath, String, {
    remote,
    lower: |path| path.to_string_lossy().into_owned(),
    try_lift: |text| Ok(FilePath::from(text)),
});

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(secs: i64, nanos: u32) -> SystemTime {
        let base = if secs >= 0 {
            SystemTime::UNIX_EPOCH + Duration::from_secs(secs.unsigned_abs())
        } else {
            SystemTime::UNIX_EPOCH - Duration::from_secs(secs.unsigned_abs())
        };
        base + Duration::from_nanos(u64::from(nanos))
    }

    /// 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the bounds core's
    /// `instant_from_unix` keeps to (tested here only to see core's answer come through).
    const FIRST: i64 = -62_167_219_200;
    const PAST_LAST: i64 = 253_402_300_800;

    #[test]
    fn instants_convert_inside_rfc_3339_years_and_are_refused_outside() {
        for t in [
            at(FIRST, 0),
            at(PAST_LAST - 1, 999_999_999),
            at(0, 0),
            at(-1, 0),
            at(-1, 500),
            at(-1, 999_999_999),
            at(FIRST, 1),
            at(1_795_000_000, 123_456_789),
        ] {
            assert_eq!(SystemTime::from(instant(t).unwrap()), t);
        }
        for t in [
            at(FIRST - 1, 999_999_999),
            at(PAST_LAST, 0),
            at(i64::MAX / 2, 0),
            at(i64::MIN / 2, 0),
        ] {
            match instant(t) {
                Err(callwise::Error::InvalidArgument { name, .. }) => assert_eq!(name, "instant"),
                other => panic!("{other:?}"),
            }
        }
    }
}

//! Enums as one byte: each enum's position in its declaration order.

use crate::{
    AccountKind, AccountStatus, AttendeeStatus, Channel, Consent, Direction, OpportunityStage,
    Outcome, OwnerRole, PhoneKind, ResponseKind, TaskKind, TaskSource, TaskStatus,
};

/// An enum stored as a byte.
pub(crate) trait Code: Copy + 'static {
    /// Every value, in declaration order.
    const ALL: &'static [Self];

    /// The value's byte.
    fn code(self) -> u8;

    /// The value of a byte [`Code::code`] gave.
    fn from_code(code: u8) -> Self {
        Self::ALL[code as usize]
    }
}

macro_rules! codes {
    ($($t:ident: [$($v:ident),+ $(,)?];)+) => {
        $(impl Code for $t {
            const ALL: &'static [Self] = &[$(Self::$v),+];

            fn code(self) -> u8 {
                self as u8
            }
        })+
    };
}

codes! {
    AccountKind: [Prospect, Customer, Member, Partner];
    AccountStatus: [Active, Dormant, Lost, Lapsed];
    OwnerRole: [Sales, Operations, Service];
    Channel: [Call, Email, Voicemail, Text, Meeting, Webinar, Event];
    Direction: [Outbound, Inbound];
    Outcome: [
        Connected, NoAnswer, LeftVoicemail, MeetingSet, OpportunityUncovered, NotInterested,
        WrongNumber, OptedOut,
    ];
    PhoneKind: [Mobile, Work, Home];
    Consent: [Granted, Denied, Unknown];
    OpportunityStage: [
        Prospecting, Qualification, Proposal, Negotiation, ClosedWon, ClosedLost,
    ];
    ResponseKind: [Opened, Clicked, Replied, Registered, Unsubscribed];
    AttendeeStatus: [Registered, Attended, NoShow];
    TaskKind: [Call, Email, FollowUp, Meeting, Other];
    TaskSource: [Manual, WrapUp, Cadence, Campaign, Handoff];
    TaskStatus: [Open, Done, Cancelled];
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips<T: Code + PartialEq + std::fmt::Debug>() {
        for (i, &v) in T::ALL.iter().enumerate() {
            assert_eq!(v.code() as usize, i, "{v:?}");
            assert_eq!(T::from_code(v.code()), v);
        }
    }

    #[test]
    fn every_value_is_its_own_byte() {
        round_trips::<AccountKind>();
        round_trips::<AccountStatus>();
        round_trips::<OwnerRole>();
        round_trips::<Channel>();
        round_trips::<Direction>();
        round_trips::<Outcome>();
        round_trips::<PhoneKind>();
        round_trips::<Consent>();
        round_trips::<OpportunityStage>();
        round_trips::<ResponseKind>();
        round_trips::<AttendeeStatus>();
        round_trips::<TaskKind>();
        round_trips::<TaskSource>();
        round_trips::<TaskStatus>();
        assert_eq!(<Channel as Code>::ALL, &Channel::ALL);
    }
}

/// A date as its day number (days from 1 January of year 1).
pub(crate) fn day(date: chrono::NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&date)
}

/// The marker of "no date" in a column of days: no date has this day number.
pub(crate) const NO_DAY: i32 = i32::MIN;

/// An optional date as its day number, [`NO_DAY`] for none.
pub(crate) fn day_opt(date: Option<chrono::NaiveDate>) -> i32 {
    date.map_or(NO_DAY, day)
}

/// The date of a day number [`day`] gave.
pub(crate) fn date(day: i32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_num_days_from_ce_opt(day).expect("a day number this store wrote")
}

/// The date of a day number [`day_opt`] gave.
pub(crate) fn date_opt(day: i32) -> Option<chrono::NaiveDate> {
    (day != NO_DAY).then(|| date(day))
}

/// An instant as microseconds since 1970 and what finer part it has: its nanoseconds
/// past the microsecond, plus 1,000 inside a leap second (every instant chrono holds
/// fits: its years span less than an `i64` of microseconds).
pub(crate) fn micros(at: chrono::DateTime<chrono::Utc>) -> (i64, u16) {
    let nanos = at.timestamp_subsec_nanos();
    let leap = nanos >= 1_000_000_000;
    let nanos = nanos % 1_000_000_000;
    let micros = at.timestamp() * 1_000_000 + i64::from(nanos / 1000);
    (micros, (nanos % 1000) as u16 + if leap { 1000 } else { 0 })
}

/// The instant of [`micros`]' parts.
pub(crate) fn instant(micros: i64, finer: u16) -> chrono::DateTime<chrono::Utc> {
    let secs = micros.div_euclid(1_000_000);
    let nanos = micros.rem_euclid(1_000_000) as u32 * 1000
        + u32::from(finer % 1000)
        + if finer >= 1000 { 1_000_000_000 } else { 0 };
    chrono::DateTime::from_timestamp(secs, nanos).expect("an instant this store wrote")
}

#[cfg(test)]
mod time_tests {
    use super::*;
    use chrono::{DateTime, NaiveDate, Utc};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn instants_and_days_come_back_exactly(secs in -8_000_000_000_000i64..8_000_000_000_000, nanos in 0u32..1_000_000_000, days in -90_000_000i32..90_000_000) {
            let at = DateTime::<Utc>::from_timestamp(secs, nanos).unwrap();
            let (m, f) = micros(at);
            prop_assert_eq!(instant(m, f), at);
            if let Some(d) = NaiveDate::from_num_days_from_ce_opt(days) {
                prop_assert_eq!(date(day(d)), d);
                prop_assert_eq!(date_opt(day_opt(Some(d))), Some(d));
            }
            prop_assert_eq!(date_opt(day_opt(None)), None);
        }
    }

    #[test]
    fn a_leap_second_comes_back() {
        let at = DateTime::<Utc>::from_timestamp(1_483_228_799, 1_500_000_123).unwrap();
        let (m, f) = micros(at);
        assert_eq!(instant(m, f), at);
        for at in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
            let (m, f) = micros(at);
            assert_eq!(instant(m, f), at);
        }
    }
}

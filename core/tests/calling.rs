//! Calling rules and business calendars: windows in the callee's local time across
//! daylight saving, Arizona, Honolulu and Lord Howe; do-not-call, consent and caps;
//! US federal holidays and business-day arithmetic.

use callwise::{
    BlockRule, Book, BusinessCalendar, CallingRules, Error, LocalWindow, Verdict,
    calling::RegionRule,
};
use chrono::{DateTime, Duration, NaiveDate, Utc, Weekday};
use proptest::prelude::*;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn blocked(v: Verdict) -> (BlockRule, Option<String>) {
    match v {
        Verdict::Blocked { rule, next_allowed } => (rule, next_allowed.map(|t| t.to_rfc3339())),
        Verdict::Allowed => panic!("expected a block"),
    }
}

pub(crate) fn calling_book() -> Book {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/calling_book.json"
    );
    Book::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn new_york_spring_forward_opens_at_eight_daylight_time() {
    let rules = CallingRules::default();
    // 01:30 EST on 8 March 2026; clocks jump from 02:00 to 03:00.
    let (rule, next) = blocked(
        rules
            .check("America/New_York", at("2026-03-08T06:30:00Z"))
            .unwrap(),
    );
    assert_eq!(rule, BlockRule::OutsideWindow);
    assert_eq!(next.unwrap(), "2026-03-08T12:00:00+00:00"); // 08:00 EDT
    // A window opening inside the gap opens at the transition (03:00 EDT).
    let night = rules
        .with_window(LocalWindow::parse("02:30", "21:00").unwrap())
        .unwrap();
    let (_, next) = blocked(
        night
            .check("America/New_York", at("2026-03-08T06:00:00Z"))
            .unwrap(),
    );
    assert_eq!(next.unwrap(), "2026-03-08T07:00:00+00:00");
    assert!(
        night
            .check("America/New_York", at("2026-03-08T07:00:00Z"))
            .unwrap()
            .is_allowed()
    );
}

#[test]
fn new_york_fall_back_repeated_hour_is_inside_the_window_twice() {
    let rules = CallingRules::default()
        .with_window(LocalWindow::parse("01:00", "01:45").unwrap())
        .unwrap();
    // 01:50 EDT, first pass: the window reopens at 01:00 EST, ten minutes later.
    let (_, next) = blocked(
        rules
            .check("America/New_York", at("2026-11-01T05:50:00Z"))
            .unwrap(),
    );
    assert_eq!(next.unwrap(), "2026-11-01T06:00:00+00:00");
    assert!(
        rules
            .check("America/New_York", at("2026-11-01T05:30:00Z"))
            .unwrap()
            .is_allowed()
    );
    assert!(
        rules
            .check("America/New_York", at("2026-11-01T06:30:00Z"))
            .unwrap()
            .is_allowed()
    );
    // The standard federal window on the fall-back day: 08:00 EST is 13:00 UTC.
    let federal = CallingRules::default();
    let (_, next) = blocked(
        federal
            .check("America/New_York", at("2026-11-01T12:30:00Z"))
            .unwrap(),
    );
    assert_eq!(next.unwrap(), "2026-11-01T13:00:00+00:00");
}

#[test]
fn arizona_keeps_standard_time_all_year() {
    let rules = CallingRules::default();
    for day in ["2026-01-15", "2026-07-15"] {
        let before = at(&format!("{day}T14:59:00Z"));
        let (_, next) = blocked(rules.check("America/Phoenix", before).unwrap());
        assert_eq!(next.unwrap(), format!("{day}T15:00:00+00:00"));
        assert!(
            rules
                .check("America/Phoenix", at(&format!("{day}T15:00:00Z")))
                .unwrap()
                .is_allowed()
        );
    }
    // Denver, same standard offset, shifts in summer.
    assert!(
        rules
            .check("America/Denver", at("2026-07-15T14:30:00Z"))
            .unwrap()
            .is_allowed()
    );
}

#[test]
fn honolulu_and_lord_howe() {
    let rules = CallingRules::default();
    let (_, next) = blocked(
        rules
            .check("Pacific/Honolulu", at("2026-03-08T12:00:00Z"))
            .unwrap(),
    );
    assert_eq!(next.unwrap(), "2026-03-08T18:00:00+00:00");
    // Lord Howe leaves daylight time (+11) for +10:30 at 02:00 on 5 April 2026.
    let (_, next) = blocked(
        rules
            .check("Australia/Lord_Howe", at("2026-04-04T10:00:00Z"))
            .unwrap(),
    );
    assert_eq!(next.unwrap(), "2026-04-04T21:30:00+00:00"); // 08:00 +10:30
    // ... and returns to +11 at 02:00 on 4 October 2026.
    let (_, next) = blocked(
        rules
            .check("Australia/Lord_Howe", at("2026-10-03T10:30:00Z"))
            .unwrap(),
    );
    assert_eq!(next.unwrap(), "2026-10-03T21:00:00+00:00"); // 08:00 +11
}

#[test]
fn unknown_zone_is_an_error_or_the_strictest_candidate() {
    let rules = CallingRules::default();
    assert_eq!(
        rules.check("Atlantis/Capital", at("2026-11-24T15:00:00Z")),
        Err(Error::UnknownTimeZone {
            zone: "Atlantis/Capital".into()
        })
    );
    let fallback = rules
        .with_unknown_zone_fallback(&[
            "America/New_York",
            "America/Los_Angeles",
            "Pacific/Honolulu",
        ])
        .unwrap();
    // 17:00 UTC: noon in New York, 09:00 in Los Angeles, 07:00 in Honolulu.
    let (rule, next) = blocked(
        fallback
            .check("Atlantis/Capital", at("2026-11-24T17:00:00Z"))
            .unwrap(),
    );
    assert_eq!(rule, BlockRule::OutsideWindow);
    assert_eq!(next.unwrap(), "2026-11-24T18:00:00+00:00"); // 08:00 in Honolulu
    // 02:00 UTC (21:00 in New York) is past New York's window: no common window that day.
    let (_, next) = blocked(
        fallback
            .check("Atlantis/Capital", at("2026-11-25T02:00:00Z"))
            .unwrap(),
    );
    assert_eq!(next.unwrap(), "2026-11-25T18:00:00+00:00");
    assert!(matches!(
        CallingRules::default().with_unknown_zone_fallback(&["Nowhere"]),
        Err(Error::UnknownTimeZone { .. })
    ));
    assert!(matches!(
        CallingRules::default().with_unknown_zone_fallback(&[]),
        Err(Error::InvalidRule { .. })
    ));
}

#[test]
fn regions_quiet_days_and_holidays_only_make_rules_stricter() {
    let florida = RegionRule {
        name: "Florida".into(),
        time_zones: vec!["America/New_York".into()],
        window: LocalWindow::parse("07:00", "20:00").unwrap(),
        quiet_days: vec![Weekday::Sun],
    };
    let rules = CallingRules::default()
        .with_region(florida)
        .unwrap()
        .with_quiet_holidays(BusinessCalendar::us_federal());
    let tz = callwise::time::parse_time_zone("America/New_York").unwrap();
    assert_eq!(rules.window_for(tz).0.to_string(), "08:00-20:00");
    // 20:30 on a Tuesday: outside the region's window; next is Wednesday 08:00.
    let (rule, next) = blocked(
        rules
            .check("America/New_York", at("2026-11-25T01:30:00Z"))
            .unwrap(),
    );
    assert_eq!(rule, BlockRule::OutsideWindow);
    assert_eq!(next.unwrap(), "2026-11-25T13:00:00+00:00");
    // Thanksgiving is a holiday; the next day Friday is open.
    let (rule, next) = blocked(
        rules
            .check("America/New_York", at("2026-11-26T17:00:00Z"))
            .unwrap(),
    );
    assert_eq!(rule, BlockRule::Holiday);
    assert_eq!(next.unwrap(), "2026-11-27T13:00:00+00:00");
    // Sunday is quiet in the region; Chicago is not covered by it.
    let (rule, next) = blocked(
        rules
            .check("America/New_York", at("2026-11-29T17:00:00Z"))
            .unwrap(),
    );
    assert_eq!(rule, BlockRule::QuietDay);
    assert_eq!(next.unwrap(), "2026-11-30T13:00:00+00:00");
    assert!(
        rules
            .check("America/Chicago", at("2026-11-29T17:00:00Z"))
            .unwrap()
            .is_allowed()
    );
    // A region whose window misses the general one, or a zone covered twice, is refused.
    let bad = RegionRule {
        name: "Night".into(),
        time_zones: vec!["America/Chicago".into()],
        window: LocalWindow::parse("21:00", "23:00").unwrap(),
        quiet_days: vec![],
    };
    assert!(matches!(
        CallingRules::default().with_region(bad),
        Err(Error::InvalidRule { .. })
    ));
    let twice = RegionRule {
        name: "Again".into(),
        time_zones: vec!["America/New_York".into()],
        window: LocalWindow::parse("09:00", "17:00").unwrap(),
        quiet_days: vec![],
    };
    assert!(matches!(
        rules.with_region(twice),
        Err(Error::InvalidRule { .. })
    ));
}

#[test]
fn rules_round_trip_through_json_and_refuse_bad_data() {
    let rules = CallingRules::default()
        .with_quiet_days(&[Weekday::Sun])
        .with_caps(Some(3), Some(5))
        .unwrap()
        .with_consent_required(true);
    assert_eq!(CallingRules::from_json(&rules.to_json()).unwrap(), rules);
    for bad in [
        r#"{"window": {"start": "21:00", "end": "08:00"}}"#,
        r#"{"window": {"start": "08:00", "end": "21:00"}, "max_attempts_per_contact_per_week": 0}"#,
        r#"{"window": {"start": "08:00", "end": "21:00"}, "regions": [{"name": "X", "time_zones": ["Nope/Nope"], "window": {"start": "09:00", "end": "20:00"}}]}"#,
        r#"{"window": {"start": "8am", "end": "21:00"}}"#,
        r#"{"window": {"start": "8:00", "end": "21:00"}}"#,
        r#"{"window": {"start": "08:00", "end": "21:00"}, "surprise": true}"#,
    ] {
        assert!(
            matches!(CallingRules::from_json(bad), Err(Error::Json { .. })),
            "{bad}"
        );
    }
}

#[test]
fn book_can_call_applies_do_not_call_consent_and_the_callee_zone() {
    let book = calling_book();
    let rules = CallingRules::default();
    let noon_ny = at("2026-11-24T17:00:00Z");
    assert_eq!(
        book.can_call("con-ny-dnc", noon_ny, &rules).unwrap(),
        Verdict::Blocked {
            rule: BlockRule::DoNotCall,
            next_allowed: None
        }
    );
    assert_eq!(
        book.can_call("con-ny-denied", noon_ny, &rules).unwrap(),
        Verdict::Blocked {
            rule: BlockRule::NoConsent,
            next_allowed: None
        }
    );
    // Unknown consent passes unless consent is required.
    assert!(
        book.can_call("con-ny-2", noon_ny, &rules)
            .unwrap()
            .is_allowed()
    );
    let strict = rules.clone().with_consent_required(true);
    assert_eq!(
        blocked(book.can_call("con-ny-2", noon_ny, &strict).unwrap()).0,
        BlockRule::NoConsent
    );
    // The contact's own zone wins over the account's: 07:00 in Honolulu.
    let (rule, next) = blocked(book.can_call("con-travel", noon_ny, &rules).unwrap());
    assert_eq!(rule, BlockRule::OutsideWindow);
    assert_eq!(next.unwrap(), "2026-11-24T18:00:00+00:00");
    assert!(matches!(
        book.can_call("nobody", noon_ny, &rules),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn caps_count_every_reps_attempts_and_say_when_they_lift() {
    let book = calling_book();
    // con-ny-1 had attempts on 18, 20 (voicemail) and 23 November (by a co-owner).
    let rules = CallingRules::default().with_caps(Some(3), None).unwrap();
    let (rule, next) = blocked(
        book.can_call("con-ny-1", at("2026-11-24T17:00:00Z"), &rules)
            .unwrap(),
    );
    assert_eq!(rule, BlockRule::ContactCap);
    // The 18 November attempt ages out seven days later, inside the window.
    assert_eq!(next.unwrap(), "2026-11-25T15:00:00+00:00");
    // Before the third attempt happened, the cap was not reached.
    assert!(
        book.can_call("con-ny-1", at("2026-11-23T14:59:00Z"), &rules)
            .unwrap()
            .is_allowed()
    );
    // Per account per day: two outbound calls on 24 November in New York (the inbound
    // e-mail does not count).
    let per_day = CallingRules::default().with_caps(None, Some(2)).unwrap();
    let (rule, next) = blocked(
        book.can_call("con-ny-1", at("2026-11-24T17:00:00Z"), &per_day)
            .unwrap(),
    );
    assert_eq!(rule, BlockRule::AccountCap);
    assert_eq!(next.unwrap(), "2026-11-25T13:00:00+00:00"); // next day, 08:00 EST
    // At the ends of chrono's calendar the caps give an answer, not a panic.
    let both = CallingRules::default().with_caps(Some(1), Some(1)).unwrap();
    for extreme in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
        assert!(book.can_call("con-ny-1", extreme, &both).is_ok());
        for zone in ["Pacific/Kiritimati", "Pacific/Pago_Pago"] {
            assert!(both.check(zone, extreme).is_ok());
        }
    }
    // Where the local time would fall off the calendar there is none: blocked, for good.
    let none = Verdict::Blocked {
        rule: BlockRule::OutsideWindow,
        next_allowed: None,
    };
    assert_eq!(
        both.check("Pacific/Kiritimati", DateTime::<Utc>::MAX_UTC)
            .unwrap(),
        none
    );
    // (New York before 1883 kept local mean time, -4:56.)
    assert_eq!(
        both.check("America/New_York", DateTime::<Utc>::MIN_UTC)
            .unwrap(),
        none
    );
    let three = CallingRules::default().with_caps(None, Some(3)).unwrap();
    assert!(
        book.can_call("con-ny-1", at("2026-11-24T17:00:00Z"), &three)
            .unwrap()
            .is_allowed()
    );
}

#[test]
fn us_federal_holidays_2026_to_2028_with_observed_days() {
    let cal = BusinessCalendar::us_federal();
    let days: Vec<String> = cal
        .holidays_between(date("2026-01-01"), date("2026-12-31"))
        .iter()
        .map(|(d, _)| d.to_string())
        .collect();
    assert_eq!(
        days,
        [
            "2026-01-01",
            "2026-01-19",
            "2026-02-16",
            "2026-05-25",
            "2026-06-19",
            "2026-07-03",
            "2026-09-07",
            "2026-10-12",
            "2026-11-11",
            "2026-11-26",
            "2026-12-25"
        ]
    );
    // New Year's Day 2028 is a Saturday: observed Friday 31 December 2027.
    assert_eq!(cal.holiday(date("2027-12-31")), Some("New Year's Day"));
    assert_eq!(cal.holiday(date("2028-01-01")), None);
    // Juneteenth only from 2021.
    assert_eq!(cal.holiday(date("2020-06-19")), None);
    assert!(cal.holiday(date("2021-06-18")).is_some()); // 19 June 2021 was a Saturday
    // Outside the cached years the rules still apply.
    assert_eq!(cal.holiday(date("2150-12-25")), Some("Christmas Day"));
    assert_eq!(
        cal.add_business_days(date("2026-12-24"), 1).unwrap(),
        date("2026-12-28")
    );
    assert_eq!(
        cal.add_business_days(date("2026-12-28"), -1).unwrap(),
        date("2026-12-24")
    );
    assert!(cal.add_business_days(date("2026-12-28"), 100_001).is_err());
    // Answers stay within the years every binding can carry.
    assert!(matches!(
        cal.add_business_days(date("9999-12-31"), 1),
        Err(Error::InvalidArgument { name: "date", .. })
    ));
    assert!(cal.roll_forward(date("9999-12-31")).is_err()); // a Friday holiday (New Year's 10000)
    assert!(cal.add_business_days(date("0000-01-03"), -5).is_err());
    // A calendar as data, with a 29 February rule refused.
    let json = r#"{"weekend": ["Sat", "Sun"], "holidays": [{"rule": "fixed", "name": "Leap", "month": 2, "day": 29}]}"#;
    assert!(serde_json::from_str::<BusinessCalendar>(json).is_err());
}

#[test]
fn business_hours_across_spring_forward() {
    let cal = BusinessCalendar::us_federal();
    let tz = callwise::time::parse_time_zone("America/New_York").unwrap();
    let hours = LocalWindow::parse("09:00", "17:00").unwrap();
    // Friday 6 March 16:00 EST + 2 business hours: 1 on Friday, 1 on Monday 9 March (EDT).
    let due = cal
        .add_business_hours(at("2026-03-06T21:00:00Z"), tz, &hours, 2)
        .unwrap();
    assert_eq!(due.to_rfc3339(), "2026-03-09T14:00:00+00:00"); // 10:00 EDT
    // A window of a second cannot hold 100 hours within a century: refused, not a hang.
    let tiny = LocalWindow::parse("09:00:00", "09:00:01").unwrap();
    assert!(matches!(
        cal.add_business_hours(at("2026-03-09T13:00:00Z"), tz, &tiny, 100),
        Err(Error::InvalidArgument { name: "hours", .. })
    ));
    // Exactly a day's hours land on the next opening, not at the close.
    let due = cal
        .add_business_hours(at("2026-03-09T13:00:00Z"), tz, &hours, 8)
        .unwrap();
    assert_eq!(due.to_rfc3339(), "2026-03-10T13:00:00+00:00");
}

const ZONES: [&str; 8] = [
    "America/New_York",
    "America/Chicago",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "Australia/Lord_Howe",
    "Europe/London",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Allowed means inside the window in the callee's local time; a block's
    /// next_allowed is allowed, and the second before it is not (it is the earliest).
    #[test]
    fn verdicts_agree_with_local_time(
        zone in 0usize..ZONES.len(),
        secs in 1_735_689_600i64..1_830_297_600, // 2025 to 2027
        quiet in proptest::bool::ANY,
    ) {
        let mut rules = CallingRules::default().with_quiet_holidays(BusinessCalendar::us_federal());
        if quiet {
            rules = rules.with_quiet_days(&[Weekday::Sun]);
        }
        let tz = callwise::time::parse_time_zone(ZONES[zone]).unwrap();
        let at = DateTime::from_timestamp(secs, 0).unwrap();
        let local = at.with_timezone(&tz);
        match rules.check_zone(tz, at) {
            Verdict::Allowed => {
                prop_assert!(rules.window().contains_time(local.time()));
            }
            Verdict::Blocked { next_allowed, .. } => {
                let next = next_allowed.unwrap();
                prop_assert!(next > at);
                prop_assert!(rules.check_zone(tz, next).is_allowed());
                prop_assert!(!rules.check_zone(tz, next - Duration::seconds(1)).is_allowed());
                prop_assert!(rules.window().contains_time(next.with_timezone(&tz).time()));
            }
        }
    }
}

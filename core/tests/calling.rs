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

/// Each entry of the JSON array `entries` (a check of a scenario) with the verdict
/// `verdict` gives it, its fields echoed but its `note`: the shape the conformance files
/// hold.
pub(crate) fn with_verdicts(
    entries: &serde_json::Value,
    verdict: impl Fn(&serde_json::Value) -> Verdict,
) -> Vec<serde_json::Value> {
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            let mut out = entry.as_object().unwrap().clone();
            out.remove("note");
            out.insert(
                "verdict".into(),
                serde_json::to_value(verdict(entry)).unwrap(),
            );
            serde_json::Value::Object(out)
        })
        .collect()
}

/// The shared calling scenario (`tests/fixtures/calling_scenario.json`: named rules,
/// checks of zones and instants, contacts of the calling book): every verdict, as the
/// JSON Python and Kotlin compare with (`tests/conformance/calling.json`).
#[test]
fn the_calling_scenario_matches() {
    use serde_json::{Value, json};
    let s: Value =
        serde_json::from_str(&crate::fixtures::read("fixtures/calling_scenario.json")).unwrap();
    let book = Book::from_json(&crate::fixtures::read(&format!(
        "fixtures/{}",
        s["book"].as_str().unwrap()
    )))
    .unwrap();
    let rules = |name: &Value| -> CallingRules {
        CallingRules::from_json(&s["rules"][name.as_str().unwrap()].to_string()).unwrap()
    };
    let text = |v: &Value| v.as_str().unwrap().to_owned();
    let checks = with_verdicts(&s["checks"], |c| {
        rules(&c["rules"])
            .check(&text(&c["time_zone"]), at(&text(&c["at"])))
            .unwrap()
    });
    let can_call = with_verdicts(&s["can_call"], |c| {
        book.can_call(
            &text(&c["contact_id"]),
            at(&text(&c["at"])),
            &rules(&c["rules"]),
        )
        .unwrap()
    });
    crate::fixtures::expect_file(
        "conformance/calling.json",
        &(serde_json::to_string_pretty(&json!({"checks": checks, "can_call": can_call})).unwrap()
            + "\n"),
    );
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
fn a_window_reopens_when_clocks_go_back_into_it() {
    // At each instant the wall clock is past the window's end; clocks then go back into
    // the window, which is open again from the change, not from the next day.
    for (zone, start, end, asked, reopens) in [
        // 01:40 EDT; at 06:00 UTC clocks go back to 01:00 EST.
        (
            "America/New_York",
            "00:00",
            "01:30",
            "2026-11-01T05:40:00Z",
            "2026-11-01T06:00:00Z",
        ),
        // 01:35 BST; at 01:00 UTC back to 01:00 GMT.
        (
            "Europe/London",
            "00:30",
            "01:30",
            "2026-10-25T00:35:00Z",
            "2026-10-25T01:00:00Z",
        ),
        // 02:40 CEST; at 01:00 UTC back to 02:00 CET.
        (
            "Europe/Berlin",
            "01:00",
            "02:30",
            "2026-10-25T00:40:00Z",
            "2026-10-25T01:00:00Z",
        ),
        // 02:40 AEDT; at 16:00 UTC back to 02:00 AEST.
        (
            "Australia/Sydney",
            "02:00",
            "02:30",
            "2026-04-04T15:40:00Z",
            "2026-04-04T16:00:00Z",
        ),
        // 01:50 at +11:00; at 15:00 UTC back half an hour to 01:30 at +10:30.
        (
            "Australia/Lord_Howe",
            "01:00",
            "01:45",
            "2026-04-04T14:50:00Z",
            "2026-04-04T15:00:00Z",
        ),
        // 03:15 at +13:45; at 14:00 UTC back to 02:45 at +12:45.
        (
            "Pacific/Chatham",
            "02:00",
            "03:00",
            "2026-04-04T13:30:00Z",
            "2026-04-04T14:00:00Z",
        ),
        // Sitka, 19 October 1867, 15:20 local mean time (+14:58:47); at 15:30 the clock
        // went back a whole day to 18 October 15:30 (-9:01:13), and 15:40 came again
        // ten minutes later.
        (
            "America/Sitka",
            "15:40",
            "16:00",
            "1867-10-19T00:21:13Z",
            "1867-10-19T00:41:13Z",
        ),
    ] {
        let rules = CallingRules::default()
            .with_window(LocalWindow::parse(start, end).unwrap())
            .unwrap();
        let (rule, next) = blocked(rules.check(zone, at(asked)).unwrap());
        assert_eq!(rule, BlockRule::OutsideWindow, "{zone}");
        assert_eq!(next.unwrap(), at(reopens).to_rfc3339(), "{zone}");
    }
}

#[test]
fn strictest_candidates_whose_windows_never_meet_give_no_next_allowed() {
    // 09:00 to 17:00 in New York and in Tokyo never overlap: blocked, and no instant will
    // do (the defect: an instant `check` itself blocked).
    let rules = CallingRules::default()
        .with_window(LocalWindow::parse("09:00", "17:00").unwrap())
        .unwrap()
        .with_unknown_zone_fallback(&["America/New_York", "Asia/Tokyo"])
        .unwrap();
    assert_eq!(
        rules
            .check("Atlantis/Capital", at("2026-11-24T17:00:00Z"))
            .unwrap(),
        Verdict::Blocked {
            rule: BlockRule::OutsideWindow,
            next_allowed: None
        }
    );
    let many: Vec<String> = (0..65).map(|i| format!("Etc/GMT+{}", i % 12)).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    assert!(matches!(
        CallingRules::default().with_unknown_zone_fallback(&many),
        Err(Error::InvalidRule { .. })
    ));
}

#[test]
fn verdicts_keep_daylight_saving_past_2099() {
    let rules = CallingRules::default();
    // 08:30 EDT on 6 July 2100 (chrono-tz alone read 07:30 EST and blocked it).
    assert!(
        rules
            .check("America/New_York", at("2100-07-06T12:30:00Z"))
            .unwrap()
            .is_allowed()
    );
    // 07:30 EDT: blocked until 08:00 EDT; in January 08:00 EST.
    let (_, next) = blocked(
        rules
            .check("America/New_York", at("5000-07-01T11:30:00Z"))
            .unwrap(),
    );
    assert_eq!(next.unwrap(), "5000-07-01T12:00:00+00:00");
    let (_, next) = blocked(
        rules
            .check("Europe/London", at("2101-01-10T07:30:00Z"))
            .unwrap(),
    );
    assert_eq!(next.unwrap(), "2101-01-10T08:00:00+00:00");
}

#[test]
fn answers_stay_within_the_year_9999() {
    let rules = CallingRules::default()
        .with_window(LocalWindow::parse("08:00", "09:00").unwrap())
        .unwrap();
    // 10:00 on 31 December 9999 in New York: the window opens next in the year 10000.
    assert_eq!(
        rules
            .check("America/New_York", at("9999-12-31T15:00:00Z"))
            .unwrap(),
        Verdict::Blocked {
            rule: BlockRule::OutsideWindow,
            next_allowed: None
        }
    );
    let cal = BusinessCalendar::us_federal();
    let tz = callwise::time::parse_time_zone("America/New_York").unwrap();
    let hours = LocalWindow::parse("09:00", "17:00").unwrap();
    assert!(matches!(
        cal.next_business_instant(at("9999-12-31T23:00:00Z"), tz, &hours),
        Err(Error::InvalidArgument { name: "at", .. })
    ));
    assert!(matches!(
        cal.add_business_hours(at("9999-12-30T15:00:00Z"), tz, &hours, 100),
        Err(Error::InvalidArgument { .. })
    ));
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

/// The earliest instant from `at` to `at + horizon` that `allowed` accepts, found by
/// brute force: every minute, then every second of the minute before the first one
/// accepted. Exact while the stretches `allowed` accepts last a minute or more.
fn brute_force_earliest(
    at: DateTime<Utc>,
    horizon: Duration,
    allowed: impl Fn(DateTime<Utc>) -> bool,
) -> Option<DateTime<Utc>> {
    if allowed(at) {
        return Some(at);
    }
    let mut t = at;
    while t - at <= horizon {
        t += Duration::minutes(1);
        if allowed(t) {
            let mut s = t - Duration::seconds(59);
            while s < t && !allowed(s) {
                s += Duration::seconds(1);
            }
            return Some(s.max(at));
        }
    }
    None
}

/// Whether the time rules allow a call at `at` in `tz`, read with chrono-tz's own
/// conversion (not callwise's): the local date is not quiet and the local time is in
/// the window.
fn allowed_locally(
    tz: chrono_tz::Tz,
    at: DateTime<Utc>,
    window: LocalWindow,
    quiet: &[Weekday],
    holidays: Option<&BusinessCalendar>,
) -> bool {
    use chrono::Datelike;
    let local = at.with_timezone(&tz).naive_local();
    window.contains_time(local.time())
        && !quiet.contains(&local.weekday())
        && holidays.is_none_or(|c| c.holiday(local.date()).is_none())
}

/// The instants at which the offset of `tz` changes in `years` years from 1 January of
/// `year`, found with chrono-tz alone: a probe a day (changes are a week or more apart),
/// then bisection to the second.
fn transitions(tz: chrono_tz::Tz, year: i32, years: i64) -> Vec<i64> {
    use chrono::{Offset, TimeZone};
    let off = |s: i64| {
        tz.offset_from_utc_datetime(&DateTime::from_timestamp(s, 0).unwrap().naive_utc())
            .fix()
    };
    let start = NaiveDate::from_ymd_opt(year, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp();
    let mut out = Vec::new();
    let mut s = start;
    while s < start + years * 365 * 86_400 {
        if off(s) != off(s + 86_400) {
            let (mut lo, mut hi) = (s, s + 86_400);
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                if off(mid) == off(lo) {
                    lo = mid
                } else {
                    hi = mid
                }
            }
            out.push(hi);
        }
        s += 86_400;
    }
    out
}

const ZONES: [&str; 12] = [
    "America/New_York",
    "America/Chicago",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "Australia/Lord_Howe",
    "Australia/Sydney",
    "Europe/London",
    "Europe/Berlin",
    "Pacific/Chatham",
    "America/Santiago",
];

/// A window of whole minutes from `start` minutes past midnight, `length` minutes long
/// (cut at midnight).
fn window(start: u32, length: u32) -> LocalWindow {
    let clock = |m: u32| chrono::NaiveTime::from_num_seconds_from_midnight_opt(m * 60, 0).unwrap();
    let end = (start + length).min(24 * 60 - 1);
    LocalWindow::new(clock(start.min(end - 1)), clock(end)).unwrap()
}

/// A window from `before` minutes before to `after` minutes after the wall time the
/// clocks of `tz` show just after the change at `change` (where a backward change
/// reopens a window that holds the repeated wall times), or `fallback` when there is no
/// change.
fn window_around(
    tz: chrono_tz::Tz,
    change: Option<i64>,
    before: u32,
    after: u32,
    fallback: LocalWindow,
) -> LocalWindow {
    use chrono::Timelike;
    let Some(change) = change else {
        return fallback;
    };
    let wall = DateTime::from_timestamp(change, 0)
        .unwrap()
        .with_timezone(&tz)
        .time();
    let minute = wall.num_seconds_from_midnight() / 60;
    let start = minute.saturating_sub(before);
    window(start, (minute + after).saturating_sub(start).max(1))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A verdict is what the callee's local time says, and a block's `next_allowed` is
    /// the earliest instant the rules allow: the very one a brute-force scan of every
    /// minute (then second) finds. Instants are drawn near the zones' changes of offset
    /// half of the time, where a window that holds the repeated hour opens again.
    #[test]
    fn next_allowed_is_the_earliest_allowed_instant(
        zone in 0usize..ZONES.len(),
        year in 2025i32..=2027,
        near in 0usize..4,
        offset in -6 * 3600i64..6 * 3600,
        start in 0u32..24 * 60,
        length in prop::sample::select(vec![30u32, 45, 60, 90, 120, 13 * 60, 24 * 60]),
        around in proptest::bool::ANY,
        before in 0u32..120,
        after in 1u32..120,
        quiet in proptest::bool::ANY,
        holidays in proptest::bool::ANY,
    ) {
        let tz: chrono_tz::Tz = ZONES[zone].parse().unwrap();
        let changes = transitions(tz, year, 1);
        let change = changes.get(near).copied();
        let base = change.unwrap_or_else(|| {
            NaiveDate::from_ymd_opt(year, 6, 1).unwrap().and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp()
        });
        // Around a change, instants within two hours of it, where it matters.
        let at = DateTime::from_timestamp(base + if around { offset / 3 } else { offset }, 0).unwrap();
        let w = if around {
            window_around(tz, change, before, after, window(start, length))
        } else {
            window(start, length)
        };
        let quiet_days: Vec<Weekday> = if quiet { vec![Weekday::Sun] } else { vec![] };
        let calendar = holidays.then(BusinessCalendar::us_federal);
        let mut rules = CallingRules::default().with_window(w).unwrap().with_quiet_days(&quiet_days);
        if let Some(c) = &calendar {
            rules = rules.with_quiet_holidays(c.clone());
        }
        let allowed = |t: DateTime<Utc>| allowed_locally(tz, t, w, &quiet_days, calendar.as_ref());
        let expected = brute_force_earliest(at, Duration::days(4), allowed);
        match rules.check_zone(tz, at) {
            Verdict::Allowed => prop_assert_eq!(expected, Some(at)),
            Verdict::Blocked { next_allowed, .. } => {
                prop_assert!(!allowed(at));
                prop_assert_eq!(next_allowed, expected, "{} at {}", ZONES[zone], at);
            }
        }
    }

    /// The same for a zone nobody knows under the `strictest` policy: allowed only where
    /// every candidate allows, and `next_allowed` the earliest such instant, or `None`
    /// when the candidates' windows never meet.
    #[test]
    fn strictest_next_allowed_is_the_earliest_instant_all_candidates_allow(
        zones in prop::sample::subsequence(ZONES.to_vec(), 2..=3),
        secs in 1_735_689_600i64..1_830_297_600, // 2025 to 2027
        start in 0u32..24 * 60,
        length in prop::sample::select(vec![60u32, 8 * 60, 13 * 60, 20 * 60]),
        quiet in proptest::bool::ANY,
    ) {
        let w = window(start, length);
        let quiet_days: Vec<Weekday> = if quiet { vec![Weekday::Sun] } else { vec![] };
        let rules = CallingRules::default().with_window(w).unwrap().with_quiet_days(&quiet_days)
            .with_unknown_zone_fallback(&zones).unwrap();
        let tzs: Vec<chrono_tz::Tz> = zones.iter().map(|z| z.parse().unwrap()).collect();
        let at = DateTime::from_timestamp(secs, 0).unwrap();
        let allowed = |t: DateTime<Utc>| tzs.iter().all(|&tz| allowed_locally(tz, t, w, &quiet_days, None));
        let horizon = Duration::days(3);
        let expected = brute_force_earliest(at, horizon, allowed);
        match rules.check("Atlantis/Capital", at).unwrap() {
            Verdict::Allowed => prop_assert_eq!(expected, Some(at)),
            Verdict::Blocked { next_allowed, .. } => {
                match (next_allowed, expected) {
                    (got, Some(e)) => prop_assert_eq!(got, Some(e)),
                    (Some(got), None) => {
                        prop_assert!(got - at > horizon);
                        prop_assert!(allowed(got) && !allowed(got - Duration::seconds(1)));
                    }
                    (None, None) => {}
                }
            }
        }
    }

    /// Every zone of the tz database, around its changes of offset from 1850 to 2099
    /// (historic jumps of hours and of a whole day included): the answer is the
    /// brute-force one, read with chrono-tz's own conversion.
    #[test]
    fn next_allowed_is_the_earliest_in_every_zone_and_era(
        zone in 0usize..chrono_tz::TZ_VARIANTS.len(),
        year in 1850i32..=2070,
        near in 0usize..8,
        offset in -30 * 3600i64..30 * 3600,
        start in 0u32..24 * 60,
        length in prop::sample::select(vec![30u32, 90, 8 * 60, 13 * 60]),
        around in proptest::bool::ANY,
        before in 0u32..24 * 60,
        after in 1u32..180,
    ) {
        let tz = chrono_tz::TZ_VARIANTS[zone];
        let changes = transitions(tz, year, 30);
        // Zones that keep one offset (Etc/GMT+5...) are checked at the start of the year.
        let change = match changes.len() {
            0 => NaiveDate::from_ymd_opt(year, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp(),
            n => changes[near % n],
        };
        let at = DateTime::from_timestamp(change + if around { offset / 10 } else { offset }, 0).unwrap();
        let w = if around {
            window_around(tz, Some(change), before, after, window(start, length))
        } else {
            window(start, length)
        };
        let rules = CallingRules::default().with_window(w).unwrap();
        let allowed = |t: DateTime<Utc>| allowed_locally(tz, t, w, &[], None);
        let expected = brute_force_earliest(at, Duration::days(3), allowed);
        match rules.check_zone(tz, at) {
            Verdict::Allowed => prop_assert_eq!(expected, Some(at)),
            Verdict::Blocked { next_allowed, .. } => {
                prop_assert_eq!(next_allowed, expected, "{} at {}", tz.name(), at);
            }
        }
    }
}

//! Routines: wall-clock recurrence across daylight saving, business days, presets and
//! their limits, birthdays on 29 February, renewal batches, zone rotation, iCalendar.

use callwise::routine::{
    Block, CallDue, CallTodo, LeapDay, MAX_BLOCKS, MAX_SCANNED, Routine, RoutineKind, ZoneRotation,
    birthday_calls, block_uid, renewal_batches, routine_uid, to_icalendar,
};
use callwise::{Book, BusinessCalendar, Error, SampleConfig, sample_book};
use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
    Weekday,
};
use proptest::prelude::*;

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn local(text: &str) -> NaiveDateTime {
    text.parse().unwrap()
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn book() -> Book {
    sample_book(&SampleConfig::new(7, 40)).unwrap()
}

fn starts(blocks: &[Block]) -> Vec<String> {
    blocks.iter().map(|b| b.start.to_rfc3339()).collect()
}

fn daily(zone: &str, first: &str) -> Routine {
    Routine::new(
        RoutineKind::Custom,
        "Daily",
        zone,
        local(first),
        "FREQ=DAILY",
        30,
    )
    .unwrap()
}

#[test]
fn power_hour_keeps_new_york_wall_time_across_spring_forward() {
    let ph = Routine::power_hour(
        "America/New_York",
        date("2026-03-01"),
        &[Weekday::Tue, Weekday::Thu],
        hm(10, 0),
    )
    .unwrap();
    let blocks = ph
        .blocks(utc("2026-03-03T00:00:00Z"), utc("2026-03-13T00:00:00Z"))
        .unwrap();
    assert_eq!(
        starts(&blocks),
        [
            "2026-03-03T15:00:00+00:00", // EST
            "2026-03-05T15:00:00+00:00",
            "2026-03-10T14:00:00+00:00", // EDT from Sunday 8 March
            "2026-03-12T14:00:00+00:00",
        ]
    );
    assert!(
        blocks
            .iter()
            .all(|b| b.end - b.start == Duration::minutes(60))
    );
    assert_eq!(blocks[2].local_date, date("2026-03-10"));
}

#[test]
fn power_hour_keeps_new_york_wall_time_across_fall_back() {
    let ph = Routine::power_hour(
        "America/New_York",
        date("2026-10-01"),
        &[Weekday::Tue, Weekday::Thu],
        hm(10, 0),
    )
    .unwrap();
    let blocks = ph
        .blocks(utc("2026-10-27T00:00:00Z"), utc("2026-11-06T00:00:00Z"))
        .unwrap();
    assert_eq!(
        starts(&blocks),
        [
            "2026-10-27T14:00:00+00:00",
            "2026-10-29T14:00:00+00:00",
            "2026-11-03T15:00:00+00:00", // EST from Sunday 1 November
            "2026-11-05T15:00:00+00:00",
        ]
    );
}

#[test]
fn lord_howe_shifts_by_half_an_hour() {
    let ph = Routine::power_hour(
        "Australia/Lord_Howe",
        date("2026-03-01"),
        &[Weekday::Tue],
        hm(10, 0),
    )
    .unwrap();
    // DST ends Sunday 5 April 2026 (+11:00 to +10:30), starts Sunday 4 October.
    let april = ph
        .blocks(utc("2026-03-30T00:00:00Z"), utc("2026-04-08T00:00:00Z"))
        .unwrap();
    assert_eq!(
        starts(&april),
        ["2026-03-30T23:00:00+00:00", "2026-04-06T23:30:00+00:00"]
    );
    let october = ph
        .blocks(utc("2026-09-28T00:00:00Z"), utc("2026-10-07T00:00:00Z"))
        .unwrap();
    assert_eq!(
        starts(&october),
        ["2026-09-28T23:30:00+00:00", "2026-10-05T23:00:00+00:00"]
    );
    assert_eq!(october[1].local_date, date("2026-10-06"));
}

#[test]
fn phoenix_and_honolulu_never_move() {
    for (zone, hour) in [("America/Phoenix", 17), ("Pacific/Honolulu", 20)] {
        let ph = Routine::power_hour(zone, date("2026-01-01"), &[Weekday::Tue], hm(10, 0)).unwrap();
        let blocks = ph
            .blocks(utc("2026-01-01T00:00:00Z"), utc("2027-01-01T00:00:00Z"))
            .unwrap();
        assert_eq!(blocks.len(), 52, "{zone}");
        assert!(
            blocks
                .iter()
                .all(|b| b.start.format("%H:%M").to_string() == format!("{hour}:00")),
            "{zone}"
        );
    }
}

#[test]
fn a_start_in_a_gap_is_read_with_the_offset_before_it() {
    // New York, 8 March 2026: 02:00 EST jumps to 03:00 EDT. RFC 5545: 02:30 is 03:30 EDT.
    let r = daily("America/New_York", "2026-03-06T02:30:00");
    let blocks = r
        .blocks(utc("2026-03-07T00:00:00Z"), utc("2026-03-10T00:00:00Z"))
        .unwrap();
    assert_eq!(
        starts(&blocks),
        [
            "2026-03-07T07:30:00+00:00", // 02:30 EST
            "2026-03-08T07:30:00+00:00", // 03:30 EDT, the gap's hour later
            "2026-03-09T06:30:00+00:00", // 02:30 EDT again
        ]
    );
    assert_eq!(blocks[1].local_date, date("2026-03-08"));

    // Lord Howe, 4 October 2026: 02:00 jumps to 02:30. 02:15 is 02:45 (+11:00).
    let r = daily("Australia/Lord_Howe", "2026-10-01T02:15:00");
    let blocks = r
        .blocks(utc("2026-10-03T00:00:00Z"), utc("2026-10-05T00:00:00Z"))
        .unwrap();
    assert_eq!(
        starts(&blocks),
        ["2026-10-03T15:45:00+00:00", "2026-10-04T15:15:00+00:00"]
    );
}

#[test]
fn a_start_in_an_overlap_is_the_first_pass() {
    // New York, 1 November 2026: 01:00 to 02:00 happens twice. 01:30 is 01:30 EDT, once.
    let r = daily("America/New_York", "2026-10-30T01:30:00");
    let blocks = r
        .blocks(utc("2026-10-31T00:00:00Z"), utc("2026-11-03T00:00:00Z"))
        .unwrap();
    assert_eq!(
        starts(&blocks),
        [
            "2026-10-31T05:30:00+00:00",
            "2026-11-01T05:30:00+00:00", // EDT, not 06:30 (EST)
            "2026-11-02T06:30:00+00:00",
        ]
    );
    // Lord Howe, 5 April 2026: 01:30 to 02:00 happens twice. 01:45 is at +11:00.
    let r = daily("Australia/Lord_Howe", "2026-04-01T01:45:00");
    let blocks = r
        .blocks(utc("2026-04-04T00:00:00Z"), utc("2026-04-06T00:00:00Z"))
        .unwrap();
    assert_eq!(
        starts(&blocks),
        ["2026-04-04T14:45:00+00:00", "2026-04-05T15:15:00+00:00"]
    );
}

#[test]
fn a_gap_at_midnight_is_not_dropped() {
    // Santiago, 6 September 2026: 00:00 jumps to 01:00, so midnight itself is missing.
    let r = daily("America/Santiago", "2026-09-04T00:30:00");
    let blocks = r
        .blocks(utc("2026-09-04T00:00:00Z"), utc("2026-09-08T00:00:00Z"))
        .unwrap();
    let days: Vec<String> = blocks.iter().map(|b| b.local_date.to_string()).collect();
    assert_eq!(
        days,
        ["2026-09-04", "2026-09-05", "2026-09-06", "2026-09-07"]
    );
    assert_eq!(blocks[2].start.to_rfc3339(), "2026-09-06T04:30:00+00:00"); // 01:30 -03:00
}

#[test]
fn a_first_start_in_a_gap_keeps_its_wall_time_afterwards() {
    let r = daily("America/New_York", "2026-03-08T02:30:00");
    let blocks = r
        .blocks(utc("2026-03-01T00:00:00Z"), utc("2026-03-11T00:00:00Z"))
        .unwrap();
    assert_eq!(
        starts(&blocks),
        [
            "2026-03-08T07:30:00+00:00",
            "2026-03-09T06:30:00+00:00",
            "2026-03-10T06:30:00+00:00",
        ]
    );
    // The first start in an overlap is the first pass.
    let r = daily("America/New_York", "2026-11-01T01:30:00");
    let blocks = r
        .blocks(utc("2026-11-01T00:00:00Z"), utc("2026-11-02T12:00:00Z"))
        .unwrap();
    assert_eq!(
        starts(&blocks),
        ["2026-11-01T05:30:00+00:00", "2026-11-02T06:30:00+00:00"]
    );
}

#[test]
fn blocks_keep_daylight_saving_past_2099() {
    // The tz tables end in 2099; the rules go on: 10:00 EDT in July 2100 and 9999, 10:00
    // EST in January (chrono-tz alone kept EST all year from 2100).
    for (first, from, expected) in [
        (
            "2100-07-01",
            "2100-07-01T00:00:00Z",
            "2100-07-06T14:00:00+00:00",
        ),
        (
            "2100-01-01",
            "2100-01-01T00:00:00Z",
            "2100-01-05T15:00:00+00:00",
        ),
        (
            "9999-07-01",
            "9999-07-01T00:00:00Z",
            "9999-07-06T14:00:00+00:00",
        ),
    ] {
        let ph = Routine::power_hour("America/New_York", date(first), &[Weekday::Tue], hm(10, 0))
            .unwrap();
        let from = utc(from);
        let blocks = ph.blocks(from, from + Duration::days(7)).unwrap();
        assert_eq!(starts(&blocks), [expected]);
    }
}

#[test]
fn bookends_skip_thanksgiving_and_weekends() {
    let routines = Routine::bookends(
        "America/Chicago",
        date("2026-11-21"), // Saturday
        hm(8, 0),
        hm(17, 0),
        15,
        BusinessCalendar::us_federal(),
    )
    .unwrap();
    assert_eq!(routines.len(), 2);
    let [morning, evening] = [&routines[0], &routines[1]];
    assert_eq!(morning.name(), "Bookend (morning)");
    assert_eq!(evening.name(), "Bookend (evening)");
    assert_eq!(morning.kind(), RoutineKind::Bookend);
    assert_eq!(morning.first_start(), local("2026-11-23T08:00:00"));
    assert_eq!(morning.rrule(), "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR");
    assert!(morning.business_calendar().is_some());
    let (from, to) = (utc("2026-11-20T00:00:00Z"), utc("2026-12-01T00:00:00Z"));
    for (routine, hour) in [(morning, 14), (evening, 23)] {
        let blocks = routine.blocks(from, to).unwrap();
        let days: Vec<String> = blocks.iter().map(|b| b.local_date.to_string()).collect();
        assert_eq!(
            days,
            [
                "2026-11-23",
                "2026-11-24",
                "2026-11-25",
                "2026-11-27",
                "2026-11-30"
            ]
        );
        assert!(
            blocks
                .iter()
                .all(|b| b.start.format("%H").to_string() == hour.to_string())
        );
        assert!(
            blocks
                .iter()
                .all(|b| b.end - b.start == Duration::minutes(15))
        );
    }
    // A holiday first day rolls forward; the evening must follow the morning.
    let christmas = Routine::bookends(
        "America/Chicago",
        date("2026-12-25"),
        hm(8, 0),
        hm(17, 0),
        15,
        BusinessCalendar::us_federal(),
    )
    .unwrap();
    assert_eq!(christmas[0].first_start(), local("2026-12-28T08:00:00"));
    assert!(matches!(
        Routine::bookends(
            "America/Chicago",
            date("2026-11-23"),
            hm(17, 0),
            hm(8, 0),
            15,
            BusinessCalendar::us_federal()
        ),
        Err(Error::InvalidArgument {
            name: "evening",
            ..
        })
    ));
}

#[test]
fn bookends_follow_the_calendars_weekend() {
    let gulf = BusinessCalendar::new(&[Weekday::Fri, Weekday::Sat], vec![]).unwrap();
    let routines = Routine::bookends(
        "Asia/Dubai",
        date("2026-11-27"),
        hm(8, 0),
        hm(16, 0),
        20,
        gulf,
    )
    .unwrap();
    assert_eq!(routines[0].rrule(), "FREQ=DAILY;BYDAY=MO,TU,WE,TH,SU");
    assert_eq!(routines[0].first_start(), local("2026-11-29T08:00:00")); // Sunday
}

#[test]
fn crankathon_over_three_hours_is_refused() {
    let day = date("2026-11-23");
    let ok = Routine::crankathon("America/Denver", day, &[Weekday::Wed], hm(13, 0), 180).unwrap();
    assert_eq!(ok.first_start(), local("2026-11-25T13:00:00"));
    assert_eq!(ok.kind(), RoutineKind::Crankathon);
    assert!(matches!(
        Routine::crankathon("America/Denver", day, &[Weekday::Wed], hm(13, 0), 181),
        Err(Error::InvalidRule { .. })
    ));
    assert!(matches!(
        Routine::new(
            RoutineKind::Crankathon,
            "Blitz",
            "America/Denver",
            local("2026-11-25T13:00:00"),
            "FREQ=WEEKLY",
            181
        ),
        Err(Error::InvalidRule { .. })
    ));
    // A custom routine may last longer.
    assert!(
        Routine::new(
            RoutineKind::Custom,
            "Blitz",
            "America/Denver",
            local("2026-11-25T13:00:00"),
            "FREQ=WEEKLY",
            181
        )
        .is_ok()
    );
    assert!(matches!(
        Routine::crankathon("America/Denver", day, &[], hm(13, 0), 60),
        Err(Error::InvalidArgument {
            name: "weekdays",
            ..
        })
    ));
}

#[test]
fn malformed_rules_are_invalid_rules() {
    let start = local("2026-11-24T10:00:00");
    for text in [
        "FREQ=SOMETIMES",
        "",
        "   ",
        "BYDAY=TU",
        "FREQ=WEEKLY;BYHOUR=25",
        "FREQ=DAILY\nRDATE:20261125T100000",
        "FREQ=WEEKLY;UNTIL=20270101",         // UNTIL must be UTC
        "FREQ=WEEKLY;UNTIL=20250101T000000Z", // before the first start
        "FREQ=WEEKLY;INTERVAL=0",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", // never happens
        "FREQ=WEEKLY;BYDAY=1TU",               // an ordinal only monthly or yearly
        "FREQ=DAILY;BYDAY=-1TU",
        "FREQ=YEARLY;BYWEEKNO=48;BYDAY=1TU", // nor with BYWEEKNO
        "FREQ=MONTHLY;BYDAY=XTU",            // the crate reads this as TU
        "FREQ=MONTHLY;BYDAY=6TU",            // no sixth Tuesday: no occurrence
        "FREQ=YEARLY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;BYMINUTE=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20", // 184,464 a year at once
    ] {
        match Routine::new(
            RoutineKind::Custom,
            "x",
            "America/New_York",
            start,
            text,
            30,
        ) {
            Err(Error::InvalidRule { what, .. }) => assert_eq!(what, "RRULE", "{text:?}"),
            other => panic!("{text:?}: {other:?}"),
        }
    }
    // The first start must be an occurrence (24 November 2026 is a Tuesday).
    match Routine::new(
        RoutineKind::Custom,
        "x",
        "America/New_York",
        start,
        "FREQ=WEEKLY;BYDAY=WE",
        30,
    ) {
        Err(Error::InvalidRule { what, reason }) => {
            assert_eq!(what, "RRULE");
            assert!(reason.contains("2026-11-25T10:00:00"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    // A prefix and lower case are accepted and normalised.
    let r = Routine::new(
        RoutineKind::Custom,
        "x",
        "America/New_York",
        start,
        "RRULE:freq=weekly;byday=tu;until=20261231T000000Z",
        30,
    )
    .unwrap();
    assert_eq!(r.rrule(), "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231T000000Z");
    let blocks = r
        .blocks(utc("2026-01-01T00:00:00Z"), utc("2028-01-01T00:00:00Z"))
        .unwrap();
    assert_eq!(blocks.len(), 6); // 24 Nov to 29 Dec
}

#[test]
fn ordinals_the_rrule_crate_refuses_are_expanded() {
    // RFC 5545 allows -5MO in a monthly rule and -53MO in a yearly one; the rrule crate's
    // validator refused them. Expected dates: python-dateutil 2.9's expansion.
    let expand = |first: &str, rule: &str| -> Vec<String> {
        let r = Routine::new(RoutineKind::Custom, "x", "UTC", local(first), rule, 30).unwrap();
        r.blocks(utc("2020-01-01T00:00:00Z"), utc("2040-01-01T00:00:00Z"))
            .unwrap()
            .iter()
            .map(|b| b.start.format("%Y-%m-%d").to_string())
            .collect()
    };
    assert_eq!(
        expand("2026-03-02T10:00:00", "FREQ=MONTHLY;BYDAY=-5MO;COUNT=4"),
        ["2026-03-02", "2026-06-01", "2026-08-03", "2026-11-02"]
    );
    assert_eq!(
        expand("2024-01-01T09:00:00", "FREQ=YEARLY;BYDAY=-53MO;COUNT=3"),
        ["2024-01-01", "2029-01-01", "2035-01-01"]
    );
    // Mixed with another entry: the union, COUNT applied to it.
    assert_eq!(
        expand("2026-03-02T10:00:00", "FREQ=MONTHLY;BYDAY=-5MO,1FR;COUNT=5"),
        [
            "2026-03-02",
            "2026-03-06",
            "2026-04-03",
            "2026-05-01",
            "2026-06-01"
        ]
    );
    // With BYSETPOS or BYMONTHDAY the rewriting would change the rule: refused, said why.
    for text in [
        "FREQ=MONTHLY;BYDAY=-5MO,1FR;BYSETPOS=1",
        "FREQ=MONTHLY;BYDAY=-5MO;BYMONTHDAY=1,2",
    ] {
        match Routine::new(
            RoutineKind::Custom,
            "x",
            "UTC",
            local("2026-03-02T10:00:00"),
            text,
            30,
        ) {
            Err(Error::InvalidRule { reason, .. }) => {
                assert!(reason.contains("not supported"), "{reason}")
            }
            other => panic!("{text}: {other:?}"),
        }
    }
}

#[test]
fn until_is_an_instant_and_count_counts_occurrences() {
    // Lord Howe is 11 hours ahead: Tuesday 1 December 10:00 is 30 November 23:00 UTC,
    // before UNTIL, so it is in, although its wall time is after UNTIL's digits.
    let r = Routine::new(
        RoutineKind::PowerHour,
        "Power Hour",
        "Australia/Lord_Howe",
        local("2026-11-24T10:00:00"),
        "FREQ=WEEKLY;UNTIL=20261201T000000Z",
        60,
    )
    .unwrap();
    let all = r
        .blocks(utc("2026-01-01T00:00:00Z"), utc("2027-06-01T00:00:00Z"))
        .unwrap();
    assert_eq!(
        starts(&all),
        ["2026-11-23T23:00:00+00:00", "2026-11-30T23:00:00+00:00"]
    );
    // New York is behind: Tuesday 1 December 10:00 EST is after UNTIL 14:00 UTC.
    let r = Routine::new(
        RoutineKind::PowerHour,
        "Power Hour",
        "America/New_York",
        local("2026-11-24T10:00:00"),
        "FREQ=WEEKLY;UNTIL=20261201T140000Z",
        60,
    )
    .unwrap();
    let all = r
        .blocks(utc("2026-01-01T00:00:00Z"), utc("2027-06-01T00:00:00Z"))
        .unwrap();
    assert_eq!(starts(&all), ["2026-11-24T15:00:00+00:00"]);
    // COUNT counts every occurrence, the one in the gap too.
    let r = Routine::new(
        RoutineKind::Custom,
        "Early",
        "America/New_York",
        local("2026-03-07T02:30:00"),
        "FREQ=DAILY;COUNT=3",
        30,
    )
    .unwrap();
    let all = r
        .blocks(utc("2026-01-01T00:00:00Z"), utc("2027-01-01T00:00:00Z"))
        .unwrap();
    assert_eq!(
        starts(&all),
        [
            "2026-03-07T07:30:00+00:00",
            "2026-03-08T07:30:00+00:00",
            "2026-03-09T06:30:00+00:00"
        ]
    );
}

#[test]
fn unknown_zones_names_and_durations_are_refused() {
    let start = local("2026-11-24T10:00:00");
    let new = |name: &str, zone: &str, minutes: u32| {
        Routine::new(
            RoutineKind::Custom,
            name,
            zone,
            start,
            "FREQ=DAILY",
            minutes,
        )
    };
    assert!(matches!(
        new("x", "Mars/Olympus_Mons", 30),
        Err(Error::UnknownTimeZone { zone }) if zone == "Mars/Olympus_Mons"
    ));
    assert!(matches!(
        Routine::power_hour(
            "America/Nowhere",
            date("2026-11-24"),
            &[Weekday::Tue],
            hm(10, 0)
        ),
        Err(Error::UnknownTimeZone { .. })
    ));
    for (name, minutes) in [("", 30), (" ", 30), ("x", 0), ("x", 24 * 60 + 1)] {
        assert!(
            matches!(new(name, "UTC", minutes), Err(Error::InvalidRule { .. })),
            "{name:?} {minutes}"
        );
    }
    assert!(new("x", "UTC", 24 * 60).is_ok());
    let fraction = start + Duration::milliseconds(1);
    assert!(matches!(
        Routine::new(RoutineKind::Custom, "x", "UTC", fraction, "FREQ=DAILY", 30),
        Err(Error::InvalidArgument {
            name: "first_start",
            ..
        })
    ));
}

#[test]
fn block_ranges_are_checked() {
    let r = daily("UTC", "2026-01-01T09:00:00");
    assert!(matches!(
        r.blocks(utc("2026-02-01T00:00:00Z"), utc("2026-01-01T00:00:00Z")),
        Err(Error::InvalidArgument { name: "from", .. })
    ));
    let at = utc("2026-01-05T09:00:00Z");
    assert!(r.blocks(at, at).unwrap().is_empty());
    // [from, to): a block starting at `to` is out, one starting at `from` is in.
    let blocks = r.blocks(at, at + Duration::days(1)).unwrap();
    assert_eq!(starts(&blocks), ["2026-01-05T09:00:00+00:00"]);
    // Before the first start there is nothing.
    assert!(
        r.blocks(utc("2025-01-01T00:00:00Z"), utc("2026-01-01T00:00:00Z"))
            .unwrap()
            .is_empty()
    );

    let every_minute = Routine::new(
        RoutineKind::Custom,
        "Dialer",
        "UTC",
        local("2026-01-01T00:00:00"),
        "FREQ=MINUTELY",
        1,
    )
    .unwrap();
    let from = utc("2026-01-01T00:00:00Z");
    let ok = every_minute
        .blocks(from, from + Duration::minutes(MAX_BLOCKS as i64))
        .unwrap();
    assert_eq!(ok.len(), MAX_BLOCKS);
    assert!(matches!(
        every_minute.blocks(from, from + Duration::minutes(MAX_BLOCKS as i64 + 1)),
        Err(Error::InvalidArgument { name: "to", .. })
    ));
    // Far from the first start, the walk through the rule is bounded too.
    let later = utc("2028-01-01T00:00:00Z");
    match every_minute.blocks(later, later + Duration::minutes(10)) {
        Err(Error::InvalidArgument { name: "to", reason }) => {
            assert!(reason.contains(&MAX_SCANNED.to_string()), "{reason}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn work_is_bounded_by_what_the_rule_scans_and_can_be_interrupted() {
    // A SECONDLY rule with narrow filters yields once every four years, but steps
    // through every second: expanded from 1904 into 9990 it ran for 20 s. The periods
    // from the first start are counted before any work, so it is refused at once.
    let leap_noon = Routine::new(
        RoutineKind::Custom,
        "Leap noon",
        "UTC",
        local("1904-02-29T12:00:00"),
        "FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=29;BYHOUR=12;BYMINUTE=0;BYSECOND=0",
        30,
    )
    .unwrap();
    match leap_noon.blocks(utc("9990-01-01T00:00:00Z"), utc("9999-01-01T00:00:00Z")) {
        Err(Error::InvalidArgument { name: "to", reason }) => {
            assert!(reason.contains(&MAX_SCANNED.to_string()), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    // Near its first start it is fine.
    let near = leap_noon
        .blocks(utc("1904-02-29T00:00:00Z"), utc("1904-03-01T00:00:00Z"))
        .unwrap();
    assert_eq!(starts(&near), ["1904-02-29T12:00:00+00:00"]);
    // Long work asks the caller's check every few thousand occurrences, and stops.
    let r = daily("UTC", "2026-01-01T09:00:00");
    let (from, to) = (utc("2026-01-01T00:00:00Z"), utc("2040-01-01T00:00:00Z"));
    assert_eq!(r.blocks(from, to).unwrap().len(), 5113);
    assert_eq!(
        callwise::interrupt::scope(|| true, || r.blocks(from, to)),
        Err(Error::Interrupted)
    );
    assert_eq!(
        callwise::interrupt::scope(|| false, || r.blocks(from, to))
            .unwrap()
            .len(),
        5113
    );
}

#[test]
fn answers_stay_within_the_years_0000_to_9999() {
    // A block that ends in the year 10000 is an error, not an answer no binding reads.
    let late = daily("UTC", "9999-12-01T23:30:00");
    assert_eq!(
        late.blocks(utc("9999-12-30T00:00:00Z"), utc("9999-12-31T00:00:00Z"))
            .unwrap()
            .len(),
        1
    );
    assert!(matches!(
        late.blocks(utc("9999-12-30T00:00:00Z"), utc("9999-12-31T23:59:59Z")),
        Err(Error::InvalidArgument { name: "to", .. })
    ));
    // ... or falls on a local date in the year 10000 (Kiritimati is 14 hours ahead).
    let ahead = daily("Pacific/Kiritimati", "9999-12-01T01:00:00");
    assert!(matches!(
        ahead.blocks(utc("9999-12-30T00:00:00Z"), utc("9999-12-31T23:59:59Z")),
        Err(Error::InvalidArgument { name: "to", .. })
    ));
    let book = book();
    let beyond = NaiveDate::from_ymd_opt(10_000, 1, 31).unwrap();
    assert!(matches!(
        birthday_calls(&book, date("9999-12-01"), beyond, LeapDay::Feb28),
        Err(Error::InvalidArgument { name: "to", .. })
    ));
    assert!(matches!(
        renewal_batches(
            &book,
            NaiveDate::from_ymd_opt(-1, 12, 1).unwrap(),
            date("0000-01-31"),
            30
        ),
        Err(Error::InvalidArgument { name: "from", .. })
    ));
    let rotation = ZoneRotation::new(vec!["a".into()], date("2026-11-23"), 28).unwrap();
    // 1 January of the year 0 is a Saturday: its week starts in the year -1.
    assert!(matches!(
        rotation.weeks(date("0000-01-01"), 1),
        Err(Error::InvalidArgument { name: "from", .. })
    ));
    assert_eq!(
        rotation.weeks(date("0000-01-03"), 1).unwrap()[0].week_start,
        date("0000-01-03")
    );
    // Meetings four weeks after the last weeks of 9999 would be in the year 10000.
    assert!(matches!(
        rotation.weeks(date("9999-11-22"), 3),
        Err(Error::InvalidArgument { name: "count", .. })
    ));
    assert!(matches!(
        rotation.weeks(date("9999-12-27"), 1),
        Err(Error::InvalidArgument { name: "from", .. })
    ));
}

#[test]
fn routines_round_trip_through_json_and_are_checked_when_read() {
    let routines = Routine::bookends(
        "America/New_York",
        date("2026-11-23"),
        hm(8, 30),
        hm(17, 0),
        15,
        BusinessCalendar::us_federal(),
    )
    .unwrap();
    let json = serde_json::to_string(&routines).unwrap();
    let again: Vec<Routine> = serde_json::from_str(&json).unwrap();
    assert_eq!(again, routines);
    let from = utc("2026-11-20T00:00:00Z");
    let to = utc("2026-12-31T00:00:00Z");
    assert_eq!(
        again[0].blocks(from, to).unwrap(),
        routines[0].blocks(from, to).unwrap()
    );

    let value = serde_json::json!({
        "name": "Blitz", "kind": "crankathon", "time_zone": "America/New_York",
        "first_start": "2026-11-24T14:00:00", "rrule": "FREQ=WEEKLY", "duration_minutes": 181
    });
    assert!(serde_json::from_value::<Routine>(value).is_err());
    let value = serde_json::json!({
        "name": "Blitz", "kind": "crankathon", "time_zone": "America/New_York",
        "first_start": "2026-11-24T14:00:00", "rrule": "FREQ=WEEKLY", "duration_minutes": 180
    });
    let r: Routine = serde_json::from_value(value).unwrap();
    assert_eq!(r.kind(), RoutineKind::Crankathon);
    let value = serde_json::json!({
        "name": "Blitz", "kind": "custom", "time_zone": "America/New_York",
        "first_start": "2026-11-24T14:00:00", "rrule": "FREQ=WEEKLY", "duration_minutes": 60,
        "colour": "red"
    });
    assert!(serde_json::from_value::<Routine>(value).is_err());
}

fn leap_day_contacts(book: &Book) -> Vec<String> {
    let mut ids: Vec<String> = book
        .to_data()
        .contacts
        .iter()
        .filter(|c| c.birthday.is_some_and(|b| (b.month, b.day) == (2, 29)))
        .filter(|c| {
            !c.do_not_call && c.consent_for(callwise::Channel::Call) != callwise::Consent::Denied
        })
        .map(|c| c.id.to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn leap_day_birthdays_in_common_and_leap_years() {
    let book = book();
    let leap_ids = leap_day_contacts(&book);
    assert!(
        !leap_ids.is_empty(),
        "the sample book has callable 29 February birthdays"
    );
    let on = |calls: &[callwise::routine::BirthdayCall], day: &str| -> Vec<String> {
        calls
            .iter()
            .filter(|c| leap_ids.contains(&c.contact_id.to_string()))
            .filter(|c| c.date == date(day))
            .map(|c| c.contact_id.to_string())
            .collect()
    };
    for (year, leap, day) in [
        (2027, LeapDay::Feb28, "2027-02-28"),
        (2027, LeapDay::Mar1, "2027-03-01"),
        (2028, LeapDay::Feb28, "2028-02-29"),
        (2028, LeapDay::Mar1, "2028-02-29"),
    ] {
        let calls = birthday_calls(
            &book,
            NaiveDate::from_ymd_opt(year, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(year, 12, 31).unwrap(),
            leap,
        )
        .unwrap();
        assert_eq!(on(&calls, day), leap_ids, "{year} {leap:?}");
        // Every callable contact with a birthday is called exactly once in a year.
        let with_birthday = book
            .to_data()
            .contacts
            .iter()
            .filter(|c| c.birthday.is_some())
            .filter(|c| {
                !c.do_not_call
                    && c.consent_for(callwise::Channel::Call) != callwise::Consent::Denied
            })
            .count();
        assert_eq!(calls.len(), with_birthday, "{year} {leap:?}");
        assert!(
            calls
                .windows(2)
                .all(|w| (w[0].date, &w[0].contact_id) <= (w[1].date, &w[1].contact_id))
        );
        for call in &calls {
            assert_eq!(
                call.time_zone,
                book.contact_time_zone(call.contact_id.as_str()).unwrap()
            );
            let contact = book.contact(call.contact_id.as_str()).unwrap().to_contact();
            assert_eq!(contact.account_id, call.account_id);
        }
    }
    // Do-not-call contacts with a birthday are left out.
    let calls = birthday_calls(
        &book,
        date("2027-01-01"),
        date("2027-12-31"),
        LeapDay::default(),
    )
    .unwrap();
    for contact in book.to_data().contacts.iter().filter(|c| c.do_not_call) {
        assert!(calls.iter().all(|c| c.contact_id != contact.id));
    }
    // A range of one day.
    let one = birthday_calls(
        &book,
        date("2027-02-28"),
        date("2027-02-28"),
        LeapDay::Feb28,
    )
    .unwrap();
    assert!(one.iter().all(|c| c.date == date("2027-02-28")));
    assert!(
        leap_ids
            .iter()
            .all(|id| one.iter().any(|c| c.contact_id.as_str() == id))
    );
}

#[test]
fn birthday_ranges_are_checked() {
    let book = book();
    assert!(matches!(
        birthday_calls(
            &book,
            date("2027-01-02"),
            date("2027-01-01"),
            LeapDay::Feb28
        ),
        Err(Error::InvalidArgument { name: "to", .. })
    ));
    assert!(matches!(
        birthday_calls(
            &book,
            date("2027-01-01"),
            date("2037-01-01"),
            LeapDay::Feb28
        ),
        Err(Error::InvalidArgument { name: "to", .. })
    ));
    assert!(
        birthday_calls(
            &book,
            date("2027-01-01"),
            date("2031-12-31"),
            LeapDay::Feb28
        )
        .is_ok()
    );
}

#[test]
fn renewal_calls_come_in_monthly_batches() {
    let book = book();
    let (from, to, lead) = (date("2026-11-24"), date("2027-11-23"), 45);
    let batches = renewal_batches(&book, from, to, lead).unwrap();
    assert!(batches.len() >= 6, "{}", batches.len());
    assert!(batches.windows(2).all(|w| w[0].month < w[1].month));
    let mut total = 0;
    for batch in &batches {
        assert_eq!(batch.month.day(), 1);
        assert!(!batch.calls.is_empty());
        for call in &batch.calls {
            assert_eq!(
                (call.call_on.year(), call.call_on.month()),
                (batch.month.year(), batch.month.month())
            );
            assert_eq!((call.term_end - call.call_on).num_days(), i64::from(lead));
            assert!(from <= call.call_on && call.call_on <= to);
            let m = book
                .memberships()
                .find(|m| m.id() == call.membership_id.as_str())
                .unwrap();
            assert_eq!(m.term_end(), call.term_end);
            assert_eq!(m.account_id(), call.account_id.as_str());
        }
        assert!(batch.calls.windows(2).all(|w| (w[0].call_on, &w[0].membership_id) <= (w[1].call_on, &w[1].membership_id)));
        total += batch.calls.len();
    }
    // The same memberships renewals_due reports for terms ending in the shifted range.
    let due =
        callwise::retention::renewals_due(&book, from + Duration::days(lead.into()), 364).unwrap();
    assert_eq!(total, due.cases.len());
    // Lapsed memberships are not called.
    for m in book.to_data().memberships.iter().filter(|m| {
        m.lapses
            .last()
            .is_some_and(|l| l.reinstated_on.is_none() && l.lapsed_on <= from)
    }) {
        assert!(
            batches
                .iter()
                .flat_map(|b| &b.calls)
                .all(|c| c.membership_id != m.id)
        );
    }
    // A shorter lead moves the call days later: every term is still called once.
    let zero = renewal_batches(&book, from, to, 0).unwrap();
    assert!(
        zero.iter()
            .flat_map(|b| &b.calls)
            .all(|c| c.call_on == c.term_end)
    );
}

#[test]
fn renewal_ranges_are_checked() {
    let book = book();
    assert!(matches!(
        renewal_batches(&book, date("2027-01-02"), date("2027-01-01"), 30),
        Err(Error::InvalidArgument { name: "to", .. })
    ));
    assert!(matches!(
        renewal_batches(&book, date("2027-01-01"), date("2040-01-01"), 30),
        Err(Error::InvalidArgument { name: "to", .. })
    ));
    assert!(matches!(
        renewal_batches(&book, date("2027-01-01"), date("2027-02-01"), 100_000),
        Err(Error::InvalidArgument {
            name: "lead_days",
            ..
        })
    ));
    assert!(renewal_batches(&book, date("2027-01-01"), date("2027-01-01"), 30).is_ok());
}

#[test]
fn zone_rotation_cycles_week_by_week() {
    let zones: Vec<String> = ["east-1", "east-2", "west-1"].map(String::from).to_vec();
    let rot = ZoneRotation::new(zones.clone(), date("2026-11-23"), 28).unwrap();
    // Forwards and backwards, every day of each week.
    for week in -10i64..10 {
        let monday = date("2026-11-23") + Duration::weeks(week);
        let expected = &zones[week.rem_euclid(3) as usize];
        for d in 0..7 {
            assert_eq!(
                rot.zone_for(monday + Duration::days(d)),
                expected,
                "week {week} day {d}"
            );
        }
    }
    let weeks = rot.weeks(date("2026-11-29"), 7).unwrap(); // a Sunday: its week's Monday
    assert_eq!(weeks[0].week_start, date("2026-11-23"));
    let names: Vec<&str> = weeks.iter().map(|w| w.zone.as_str()).collect();
    assert_eq!(
        names,
        [
            "east-1", "east-2", "west-1", "east-1", "east-2", "west-1", "east-1"
        ]
    );
    for w in &weeks {
        assert_eq!(w.week_start.weekday(), Weekday::Mon);
        assert_eq!((w.meetings_from - w.week_start).num_days(), 28);
    }
    let json = serde_json::to_string(&rot).unwrap();
    assert_eq!(serde_json::from_str::<ZoneRotation>(&json).unwrap(), rot);
    let bad = r#"{"zones": [], "first_week": "2026-11-23", "meeting_lead_days": 28}"#;
    assert!(serde_json::from_str::<ZoneRotation>(bad).is_err());
}

#[test]
fn zone_rotation_picks_the_weeks_accounts() {
    let book = book();
    let mut zones: Vec<String> = book
        .to_data()
        .accounts
        .iter()
        .filter_map(|a| a.territory_zone.clone())
        .collect();
    zones.sort();
    zones.dedup();
    assert!(zones.len() >= 2, "{zones:?}");
    let rot = ZoneRotation::new(zones.clone(), date("2026-11-23"), 28).unwrap();
    let mut seen = Vec::new();
    for w in rot.weeks(date("2026-11-23"), zones.len() as u32).unwrap() {
        let ids = rot.accounts_for(&book, w.week_start);
        let expected: Vec<_> = book
            .to_data()
            .accounts
            .iter()
            .filter(|a| a.territory_zone.as_deref() == Some(w.zone.as_str()))
            .map(|a| a.id.clone())
            .collect();
        assert_eq!(ids, expected);
        seen.extend(ids);
    }
    // One full cycle reaches every account with a territory zone, once.
    let zoned = book
        .to_data()
        .accounts
        .iter()
        .filter(|a| a.territory_zone.is_some())
        .count();
    assert_eq!(seen.len(), zoned);
}

#[test]
fn zone_rotations_are_checked() {
    let monday = date("2026-11-23");
    let rule = |zones: &[&str]| {
        ZoneRotation::new(zones.iter().map(|z| z.to_string()).collect(), monday, 28)
    };
    for zones in [&[][..], &["a", "a"], &["a", ""], &[" "]] {
        assert!(
            matches!(rule(zones), Err(Error::InvalidRule { .. })),
            "{zones:?}"
        );
    }
    assert!(matches!(
        ZoneRotation::new(vec!["a".into()], date("2026-11-24"), 28),
        Err(Error::InvalidArgument {
            name: "first_week",
            ..
        })
    ));
    assert!(matches!(
        ZoneRotation::new(vec!["a".into()], monday, 100_000),
        Err(Error::InvalidArgument {
            name: "meeting_lead_days",
            ..
        })
    ));
    let rot = rule(&["a"]).unwrap();
    assert!(matches!(
        rot.weeks(monday, 1_000_000),
        Err(Error::InvalidArgument { name: "count", .. })
    ));
    assert!(rot.weeks(monday, 0).unwrap().is_empty());
    assert_eq!(rot.zone_for(NaiveDate::MIN), "a");
    assert_eq!(rot.zone_for(NaiveDate::MAX), "a");
}

fn export() -> String {
    let book = book();
    let ph = Routine::power_hour(
        "America/New_York",
        date("2026-11-24"),
        &[Weekday::Tue, Weekday::Thu],
        hm(10, 0),
    )
    .unwrap();
    let cr = Routine::crankathon(
        "Australia/Lord_Howe",
        date("2026-11-23"),
        &[Weekday::Fri],
        hm(13, 30),
        150,
    )
    .unwrap();
    let blocks = ph
        .blocks(utc("2026-11-23T00:00:00Z"), utc("2026-12-01T00:00:00Z"))
        .unwrap();
    let mut calls: Vec<CallTodo> = birthday_calls(
        &book,
        date("2027-02-01"),
        date("2027-03-31"),
        LeapDay::Feb28,
    )
    .unwrap()
    .iter()
    .map(CallTodo::from)
    .collect();
    calls.extend(
        renewal_batches(&book, date("2026-12-01"), date("2026-12-31"), 60)
            .unwrap()
            .iter()
            .flat_map(|b| &b.calls)
            .map(CallTodo::from),
    );
    calls.push(CallTodo {
        uid: "follow-up-1@example".into(),
        summary: "Call back; about pricing, \"Q1\"".into(),
        due: CallDue::At(utc("2026-11-25T16:00:00Z")),
    });
    to_icalendar(&[ph, cr], &blocks, &calls, utc("2026-11-20T12:00:00Z")).unwrap()
}

#[test]
fn icalendar_export_is_deterministic_and_complete() {
    let ics = export();
    assert_eq!(ics, export(), "byte-identical run to run");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//callwise//routines//EN\r\nCALSCALE:GREGORIAN\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    // CRLF line ends only, lines folded at 75 octets.
    for l in ics.split("\r\n") {
        assert!(!l.contains(['\r', '\n']) && l.len() <= 75, "{l:?}");
    }
    let lines: Vec<&str> = ics.split("\r\n").collect();
    let has = |line: &str| lines.contains(&line);
    // The Power Hour routine, then the Crankathon.
    for line in [
        "BEGIN:VEVENT",
        "CATEGORIES:power_hour",
        "DTSTART;TZID=America/New_York:20261124T100000",
        "RRULE:FREQ=WEEKLY;BYDAY=TU,TH",
        "DURATION:PT60M",
        "SUMMARY:Power Hour",
        "DTSTART;TZID=Australia/Lord_Howe:20261127T133000",
        "RRULE:FREQ=WEEKLY;BYDAY=FR",
        "DURATION:PT150M",
        // Blocks in UTC: Tuesday 24 and Thursday 26 November, 10:00 EST.
        "DTSTART:20261124T150000Z",
        "DTEND:20261124T160000Z",
        // Calls.
        "BEGIN:VTODO",
        "DUE:20261125T160000Z",
        "SUMMARY:Call back\\; about pricing\\, \"Q1\"",
        "UID:follow-up-1@example",
    ] {
        assert!(has(line), "missing {line:?} in\n{ics}");
    }
    let starting = |prefix: &str| lines.iter().filter(|l| l.starts_with(prefix)).count();
    assert_eq!(starting("UID:routine-Power%20Hour-20261124T100000-"), 1);
    assert_eq!(starting("UID:block-Power%20Hour-20261126T150000Z-"), 1);
    // A VTIMEZONE for each zone a routine names, from the change before its first start
    // on, by the zone's rules: New York's ...
    for line in [
        "TZID:America/New_York",
        "DTSTART:20261101T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
        "DTSTART:20270314T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
        "TZOFFSETFROM:-0400",
        "TZOFFSETTO:-0500",
        // ... and Lord Howe's, whose clocks move by half an hour.
        "TZID:Australia/Lord_Howe",
        "DTSTART:20261004T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU",
        "TZOFFSETFROM:+1030",
        "TZOFFSETTO:+1100",
    ] {
        assert!(has(line), "missing {line:?} in\n{ics}");
    }
    let count = |line: &str| lines.iter().filter(|l| **l == line).count();
    assert_eq!(count("BEGIN:VTIMEZONE"), 2);
    assert_eq!(count("BEGIN:VEVENT"), 4);
    assert_eq!(
        count("DTSTAMP:20261120T120000Z"),
        count("BEGIN:VEVENT") + count("BEGIN:VTODO")
    );
    assert!(
        lines
            .iter()
            .all(|l| !l.starts_with("DTSTAMP:") || *l == "DTSTAMP:20261120T120000Z")
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("UID:birthday-") && l.ends_with("-20270228@callwise"))
    );
    assert!(lines.iter().any(|l| l.starts_with("DUE;VALUE=DATE:202702")));
    assert!(lines.iter().any(|l| l.starts_with("UID:renewal-")));
    // Each UID once.
    let mut uids: Vec<&&str> = lines.iter().filter(|l| l.starts_with("UID:")).collect();
    let n = uids.len();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), n);
    assert_eq!(n, count("BEGIN:VEVENT") + count("BEGIN:VTODO"));
}

#[test]
fn uids_are_stable_ascii_and_unique() {
    let b = Block {
        routine: "Pöwer Hour".into(),
        kind: RoutineKind::PowerHour,
        time_zone: "America/New_York".into(),
        start: utc("2026-11-24T15:00:00Z"),
        end: utc("2026-11-24T16:00:00Z"),
        local_date: date("2026-11-24"),
    };
    let uid = block_uid(&b);
    assert!(
        uid.starts_with("block-P%C3%B6wer%20Hour-20261124T150000Z-"),
        "{uid}"
    );
    assert!(uid.is_ascii() && uid.ends_with("@callwise"));
    assert_eq!(block_uid(&b.clone()), uid);
    let r = daily("UTC", "2026-11-24T09:00:00");
    assert!(routine_uid(&r).starts_with("routine-Daily-20261124T090000-"));
    assert_eq!(
        routine_uid(&r),
        routine_uid(&daily("UTC", "2026-11-24T09:00:00"))
    );
    // Two Power Hours of the default name in two zones, and the blocks of two routines
    // starting at the same instant (10:00 in New York, 09:00 in Chicago), do not share a
    // UID: calendar clients would merge them.
    let day = date("2026-11-24");
    let new_york =
        Routine::power_hour("America/New_York", day, &[Weekday::Tue], hm(10, 0)).unwrap();
    let chicago = Routine::power_hour("America/Chicago", day, &[Weekday::Tue], hm(9, 0)).unwrap();
    let denver = Routine::power_hour("America/Denver", day, &[Weekday::Tue], hm(10, 0)).unwrap();
    let phoenix = Routine::power_hour("America/Phoenix", day, &[Weekday::Tue], hm(10, 0)).unwrap();
    let (from, to) = (utc("2026-11-24T00:00:00Z"), utc("2026-11-25T00:00:00Z"));
    let blocks: Vec<Block> = [&new_york, &chicago, &denver, &phoenix]
        .iter()
        .flat_map(|r| r.blocks(from, to).unwrap())
        .collect();
    assert_eq!(blocks[0].start, blocks[1].start);
    let mut uids: Vec<String> = blocks.iter().map(block_uid).collect();
    uids.extend([&new_york, &chicago, &denver, &phoenix].map(routine_uid));
    let n = uids.len();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), n);
}

#[test]
fn vtimezones_list_the_changes_then_the_rules() {
    let stamp = utc("2026-11-20T12:00:00Z");
    let ics = |zone: &str, first: &str| {
        let r = Routine::new(
            RoutineKind::Custom,
            "r",
            zone,
            local(first),
            "FREQ=DAILY",
            30,
        )
        .unwrap();
        to_icalendar(&[r], &[], &[], stamp).unwrap()
    };
    // New York from 1990: the changes of the 1987-2006 rule one by one (as RDATEs),
    // then today's rule from 2007.
    let ny = ics("America/New_York", "1990-06-01T09:00:00");
    let unfolded = ny.replace("\r\n ", "");
    assert!(
        unfolded.contains("\r\nDTSTART:19900401T020000\r\nRDATE:19910407T020000,19920405T020000,"),
        "{ny}"
    );
    assert!(
        unfolded.contains(",20060402T020000\r\nTZNAME:EDT\r\n"),
        "{ny}"
    );
    assert!(
        unfolded
            .contains("\r\nDTSTART:20070311T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n"),
        "{ny}"
    );
    assert!(
        unfolded.contains("\r\nDTSTART:19901028T020000\r\nRDATE:19911027T020000,"),
        "{ny}"
    );
    // Tokyo has kept +09:00 since 1951: one observance, from the first start.
    let tokyo = ics("Asia/Tokyo", "2026-11-24T09:00:00");
    assert!(tokyo.contains("BEGIN:STANDARD\r\nDTSTART:20261124T090000\r\nTZNAME:JST\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\nEND:STANDARD\r\n"), "{tokyo}");
    // Gaza: the changes scheduled to 2086 listed, its rule from 2087.
    let gaza = ics("Asia/Gaza", "2026-11-24T09:00:00").replace("\r\n ", "");
    assert!(gaza.contains("20861026T"), "{gaza}");
    assert!(
        gaza.contains(
            "\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=24,25,26,27,28,29,30;BYDAY=SA\r\n"
        ),
        "{gaza}"
    );
}

#[test]
fn icalendar_text_escapes_line_breaks_and_refuses_other_control_characters() {
    let stamp = utc("2026-11-20T12:00:00Z");
    let todo = |summary: &str| CallTodo {
        uid: "u-1@example".into(),
        summary: summary.into(),
        due: CallDue::Date(date("2026-11-25")),
    };
    let ics = to_icalendar(&[], &[], &[todo("Call back\r\nabout pricing\tQ1")], stamp).unwrap();
    assert!(
        ics.contains("\r\nSUMMARY:Call back\\nabout pricing\tQ1\r\n"),
        "{ics}"
    );
    for bad in ["a\rb", "a\u{0}b", "a\u{7f}b", "a\u{1b}b"] {
        match to_icalendar(&[], &[], &[todo(bad)], stamp) {
            Err(Error::InvalidArgument {
                name: "calls",
                reason,
            }) => {
                assert!(reason.starts_with("calls[0].summary "), "{reason}")
            }
            other => panic!("{bad:?}: {other:?}"),
        }
    }
    let block = Block {
        routine: "Power\rHour".into(),
        kind: RoutineKind::PowerHour,
        time_zone: "UTC".into(),
        start: utc("2026-11-24T15:00:00Z"),
        end: utc("2026-11-24T16:00:00Z"),
        local_date: date("2026-11-24"),
    };
    assert!(matches!(
        to_icalendar(&[], &[block], &[], stamp),
        Err(Error::InvalidArgument { name: "blocks", .. })
    ));
    // A routine's own name cannot hold one.
    assert!(matches!(
        Routine::new(
            RoutineKind::Custom,
            "Power\rHour",
            "UTC",
            local("2026-11-24T09:00:00"),
            "FREQ=DAILY",
            30
        ),
        Err(Error::InvalidRule { .. })
    ));
}

/// The instant RFC 5545 gives a wall time in a zone: the first of an overlap; in a gap,
/// the wall time read with the offset before it.
fn rfc5545_instant(tz: chrono_tz::Tz, wall: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&wall) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        LocalResult::None => {
            let before = tz
                .from_local_datetime(&(wall - Duration::hours(3)))
                .earliest()
                .unwrap();
            let offset = chrono::Offset::fix(before.offset()).local_minus_utc();
            (wall - Duration::seconds(offset.into())).and_utc()
        }
    }
}

const ZONES: [&str; 6] = [
    "America/New_York",
    "Australia/Lord_Howe",
    "America/Phoenix",
    "Pacific/Honolulu",
    "Europe/London",
    "America/Santiago",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Every block starts at the routine's wall time on its local date, as RFC 5545
    /// reads that wall time (which is the wall time itself except in a gap).
    #[test]
    fn blocks_keep_the_wall_time(
        zone in 0..ZONES.len(),
        hour in 0u32..24,
        minute in prop::sample::select(vec![0u32, 15, 30, 45]),
        offset in 0i64..365,
    ) {
        let zone = ZONES[zone];
        let tz: chrono_tz::Tz = zone.parse().unwrap();
        let first = (date("2026-01-01") + Duration::days(offset)).and_hms_opt(hour, minute, 0).unwrap();
        let r = Routine::new(RoutineKind::Custom, "p", zone, first, "FREQ=DAILY", 30).unwrap();
        let from = utc("2025-12-01T00:00:00Z");
        let to = from + Duration::days(800);
        let blocks = r.blocks(from, to).unwrap();
        let first_day = first.date();
        let last_day = first_day + Duration::days(400);
        let days: Vec<NaiveDate> = blocks.iter().map(|b| b.local_date).take_while(|d| *d <= last_day).collect();
        let expected: Vec<NaiveDate> = first_day.iter_days().take_while(|d| *d <= last_day).collect();
        prop_assert_eq!(days, expected);
        for b in blocks.iter().take_while(|b| b.local_date <= last_day) {
            let wall = b.local_date.and_hms_opt(hour, minute, 0).unwrap();
            prop_assert_eq!(b.start, rfc5545_instant(tz, wall), "{} {}", zone, wall);
            prop_assert_eq!(b.end - b.start, Duration::minutes(30));
            prop_assert_eq!(b.start.with_timezone(&tz).date_naive(), b.local_date);
        }
    }
}

/// The shared routine scenario (`tests/fixtures/routine_scenario.json`): every answer
/// as the JSON Python and Kotlin compare with (`tests/conformance/routine.json`).
#[test]
fn the_routine_scenario_matches() {
    use callwise::routine::{
        CallTodo, LeapDay, Routine, ZoneRotation, birthday_calls, renewal_batches, to_icalendar,
    };
    use serde_json::{Value, json};
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/routine_scenario.json"
    );
    let s: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let book_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/sample_book.json"
    );
    let book = callwise::Book::from_json(&std::fs::read_to_string(book_path).unwrap()).unwrap();
    let routines: Vec<Routine> = serde_json::from_value(s["routines"].clone()).unwrap();
    let instant = |v: &Value| {
        v.as_str()
            .unwrap()
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
    };
    let day = |v: &Value| v.as_str().unwrap().parse::<chrono::NaiveDate>().unwrap();
    let blocks: Vec<Value> = s["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let all: Vec<_> = routines
                .iter()
                .flat_map(|x| x.blocks(instant(&r["from"]), instant(&r["to"])).unwrap())
                .collect();
            json!({"from": r["from"], "to": r["to"], "blocks": all})
        })
        .collect();
    let birthdays: Vec<Value> = s["birthdays"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let leap: LeapDay = serde_json::from_value(b["leap"].clone()).unwrap();
            let calls = birthday_calls(&book, day(&b["from"]), day(&b["to"]), leap).unwrap();
            json!({"from": b["from"], "to": b["to"], "leap": b["leap"], "calls": calls})
        })
        .collect();
    let renewals: Vec<Value> = s["renewals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let lead = r["lead_days"].as_u64().unwrap() as u32;
            let batches = renewal_batches(&book, day(&r["from"]), day(&r["to"]), lead).unwrap();
            json!({"from": r["from"], "to": r["to"], "lead_days": lead, "batches": batches})
        })
        .collect();
    let r = &s["rotation"];
    let zones: Vec<String> = serde_json::from_value(r["zones"].clone()).unwrap();
    let rotation = ZoneRotation::new(
        zones,
        day(&r["first_week"]),
        r["meeting_lead_days"].as_u64().unwrap() as u32,
    )
    .unwrap();
    let weeks = rotation
        .weeks(day(&r["from"]), r["count"].as_u64().unwrap() as u32)
        .unwrap();
    let accounts: Vec<Value> = weeks
        .iter()
        .map(|w| json!({"week_start": w.week_start, "accounts": rotation.accounts_for(&book, w.week_start)}))
        .collect();
    let ical = &s["icalendar"];
    let blocks_for_ical: Vec<_> = routines
        .iter()
        .flat_map(|x| {
            x.blocks(instant(&ical["blocks_from"]), instant(&ical["blocks_to"]))
                .unwrap()
        })
        .collect();
    let mut todos: Vec<CallTodo> = birthday_calls(
        &book,
        day(&ical["birthdays_from"]),
        day(&ical["birthdays_to"]),
        LeapDay::Feb28,
    )
    .unwrap()
    .iter()
    .map(CallTodo::from)
    .collect();
    let lead = ical["lead_days"].as_u64().unwrap() as u32;
    for batch in renewal_batches(
        &book,
        day(&ical["renewals_from"]),
        day(&ical["renewals_to"]),
        lead,
    )
    .unwrap()
    {
        todos.extend(batch.calls.iter().map(CallTodo::from));
    }
    let text = to_icalendar(&routines, &blocks_for_ical, &todos, instant(&ical["stamp"])).unwrap();
    let out = json!({
        "blocks": blocks, "birthdays": birthdays, "renewals": renewals,
        "rotation": {"weeks": weeks, "accounts": accounts},
        "icalendar": text,
    });
    crate::fixtures::expect_file(
        "conformance/routine.json",
        &(serde_json::to_string_pretty(&out).unwrap() + "\n"),
    );
}

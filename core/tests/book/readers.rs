//! The JSON readers: dates and instants in a book's JSON are read strictly, by the same
//! readers as CRM exports and the bindings use (`callwise::time::parse_date`,
//! `parse_instant`), and only within the years 0000 to 9999 that every binding reads
//! back; a malformed document of any kind says what was being read, and where.

use callwise::time::{instant_from_unix, parse_date, parse_instant};
use callwise::{Book, Error, SampleConfig, sample_book};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use proptest::prelude::*;

/// A small valid book whose first activity's `at` is `at`.
fn book_with_activity_at(at: &str) -> String {
    let book = sample_book(&SampleConfig::new(3, 2)).unwrap();
    let first = book.to_data().activities[0].at;
    let written = serde_json::to_string(&first).unwrap();
    book.to_json().replacen(&written, &format!("{at:?}"), 1)
}

fn json_error(json: &str) -> (String, u64, u64) {
    match Book::from_json(json) {
        Err(Error::Json {
            message,
            line,
            column,
            ..
        }) => (message, line, column),
        other => panic!("expected a JSON error, got {other:?}"),
    }
}

#[test]
fn loose_instants_are_refused_where_they_stand() {
    for bad in [
        "9999-12-31T23:59:59-01:00",       // 10000-01-01T00:59:59Z
        "0000-01-01T00:00:00+00:01",       // year -1 in UTC
        "2026-03-01T23:59:60Z",            // a leap second
        "2026-1-1T00:00:00Z",              // a one-digit month
        "2026-01-01 00:00:00Z",            // a space for T
        "2026-01-01t00:00:00z",            // lower case
        "2026-01-01T00:00:00",             // no offset
        "2026-01-01T00:00:00+0100",        // an offset without its colon
        "2026-01-01T00:00:00+24:00",       // an offset past 23:59
        "2026-01-01T00:00:00.Z",           // a point and no digit
        "2026-01-01T00:00:00.1234567890Z", // ten digits
        "+10000-01-01T00:00:00Z",
        "2026-02-29T00:00:00Z",
    ] {
        let json = book_with_activity_at(bad);
        let (message, line, column) = json_error(&json);
        assert!(message.contains(&format!("{bad:?}")), "{bad}: {message}");
        let at_line = json.lines().nth(line as usize - 1).unwrap();
        assert!(at_line.contains(bad), "{bad}: line {line} is {at_line:?}");
        assert!(column > 0, "{bad}");
    }
}

#[test]
fn strict_instants_read_back_at_their_utc_instant_and_write_in_utc() {
    for (text, utc) in [
        ("2026-03-08T09:30:00-05:00", "2026-03-08T14:30:00Z"),
        ("2026-03-08T14:30:00.5Z", "2026-03-08T14:30:00.500Z"),
        ("0000-01-01T00:00:00Z", "0000-01-01T00:00:00Z"),
        (
            "9999-12-31T23:59:59.999999999Z",
            "9999-12-31T23:59:59.999999999Z",
        ),
        ("0000-01-01T00:59:00+00:59", "0000-01-01T00:00:00Z"),
        ("9999-12-31T22:59:59-01:00", "9999-12-31T23:59:59Z"),
        ("2026-03-08T14:30:00-00:00", "2026-03-08T14:30:00Z"),
    ] {
        let book = Book::from_json(&book_with_activity_at(text)).unwrap();
        let at = book.to_data().activities[0].at;
        assert_eq!(
            serde_json::to_string(&at).unwrap(),
            format!("{utc:?}"),
            "{text}"
        );
        // What the book writes reads back to the same instant.
        assert_eq!(Book::from_json(&book.to_json()).unwrap(), book);
    }
}

#[test]
fn dates_past_year_9999_or_with_one_digit_fields_are_refused() {
    let book = sample_book(&SampleConfig::new(3, 2)).unwrap();
    let term_end = book.to_data().memberships[0].term_end.to_string();
    for bad in [
        "+10000-01-01",
        "-0001-01-01",
        "2026-1-01",
        "2026-01-1",
        " 2026-01-01",
    ] {
        let json = book.to_json().replacen(
            &format!("\"term_end\": \"{term_end}\""),
            &format!("\"term_end\": {bad:?}"),
            1,
        );
        let (message, _, _) = json_error(&json);
        assert!(
            message.contains("is not a YYYY-MM-DD date"),
            "{bad}: {message}"
        );
    }
}

#[test]
fn an_optional_date_or_instant_is_read_strictly_too() {
    let json = r#"{"schema_version": 1, "tasks": [], "handoffs": [
        {"id": "h", "account_id": "a", "from_rep_id": "r", "to_rep_id": "r",
         "direction": "sales_to_operations", "at": "2026-01-01T00:00:00Z",
         "accepted_at": "2026-01-01T00:00:60Z"}]}"#;
    let (message, line, _) = json_error(json);
    assert!(
        message.contains("\"2026-01-01T00:00:60Z\" is not an RFC 3339 instant"),
        "{message}"
    );
    assert_eq!(line, 4);
}

/// An instant's text from its parts, two digits each, with an offset in minutes.
fn instant_text(
    parts: (i32, u32, u32, u32, u32, u32),
    fraction: &str,
    offset: Option<i32>,
) -> String {
    let (y, mo, d, h, mi, s) = parts;
    let zone = match offset {
        None => "Z".to_owned(),
        Some(m) => format!(
            "{}{:02}:{:02}",
            if m < 0 { '-' } else { '+' },
            m.abs() / 60,
            m.abs() % 60
        ),
    };
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{fraction}{zone}")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The reader agrees with an independent construction of the instant from its parts
    /// (chrono's calendar, the offset subtracted in seconds, the range of
    /// `instant_from_unix`): accepted exactly when the parts make a real time within
    /// the years 0000 to 9999 UTC, and then at that instant.
    #[test]
    fn parse_instant_agrees_with_the_instant_built_from_its_parts(
        year in prop_oneof![0i32..=2, 1990i32..=2030, 9997i32..=9999],
        month in 0u32..=13, day in 0u32..=32, hour in 0u32..=24, minute in 0u32..=60, second in 0u32..=61,
        digits in prop::collection::vec(0u32..=9, 0..=10), dot in any::<bool>(),
        offset in proptest::option::of(-24 * 60 - 1..=24 * 60 + 1i32),
    ) {
        let fraction: String = digits.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
        let fraction = if dot || !digits.is_empty() { format!(".{fraction}") } else { String::new() };
        let text = instant_text((year, month, day, hour, minute, second), &fraction, offset);
        let expected = (|| {
            let date = NaiveDate::from_ymd_opt(year, month, day)?;
            if second > 59 || !(1..=9).contains(&digits.len()) && !fraction.is_empty() {
                return None;
            }
            let nanos = digits.iter().chain(std::iter::repeat(&0)).take(9).fold(0, |n, d| n * 10 + d);
            let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
            let offset = offset.unwrap_or(0);
            if offset.abs() > 23 * 60 + 59 {
                return None;
            }
            let secs = date.and_time(time).and_utc().timestamp() - i64::from(offset) * 60;
            instant_from_unix(secs, nanos, "at").ok()
        })();
        let got = parse_instant(&text, "at").ok();
        prop_assert_eq!(got, expected, "{}", text);
    }

    /// Every instant the book can hold is written as text that reads back to itself.
    #[test]
    fn every_instant_in_range_round_trips_through_json(
        secs in -62_167_219_200i64..253_402_300_800, nanos in prop_oneof![Just(0u32), 0u32..1_000_000_000],
    ) {
        let at: DateTime<Utc> = instant_from_unix(secs, nanos, "at").unwrap();
        let text = serde_json::to_value(at).unwrap();
        prop_assert_eq!(parse_instant(text.as_str().unwrap(), "at").unwrap(), at);
    }

    /// Dates: exactly the real `YYYY-MM-DD` dates of the years 0000 to 9999.
    #[test]
    fn parse_date_takes_exactly_the_real_four_two_two_digit_dates(
        year in 0i32..=9999, month in 0u32..=13, day in 0u32..=32,
    ) {
        let text = format!("{year:04}-{month:02}-{day:02}");
        prop_assert_eq!(parse_date(&text, "d").ok(), NaiveDate::from_ymd_opt(year, month, day));
    }
}

/// Each `from_json` names what it was reading, and where the fault is: a rule checked
/// once the whole value is read (serde_json gives it no position) is placed on the
/// value's last character.
#[test]
fn json_errors_say_what_was_read_and_where() {
    use callwise::cadence::Playbook;
    use callwise::routine::{Routine, ZoneRotation};
    use callwise::{BusinessCalendar, CallingRules};
    type Read = fn(&str) -> Result<(), Error>;
    let cases: [(&str, Read, &str, (u64, u64)); 7] = [
        (
            "calling rules",
            |j| CallingRules::from_json(j).map(drop),
            "{\"window\": 5}",
            (1, 12),
        ),
        (
            "business calendar",
            |j| BusinessCalendar::from_json(j).map(drop),
            "{\n  \"weekend\": [\"sat\"],\n  \"holidays\": 3\n}",
            (3, 15),
        ),
        (
            "playbook",
            |j| Playbook::from_json(j).map(drop),
            "{}",
            (1, 2),
        ),
        ("routine", |j| Routine::from_json(j).map(drop), "[]", (1, 2)),
        (
            "zone rotation",
            |j| ZoneRotation::from_json(j).map(drop),
            "{\"zones\": [], \"first_week\": \"2026-11-23\",\n \"meeting_lead_days\": 28}\n\n",
            (2, 25),
        ),
        (
            "zone rotation",
            |j| ZoneRotation::from_json(j).map(drop),
            "{\"zones\": [\"a\"], \"first_week\": \"2026-11-24\", \"meeting_lead_days\": 28}",
            (1, 69),
        ),
        (
            "book",
            |j| Book::from_json(j).map(drop),
            "{\"schema_version\": 1, \"reps\": {}}",
            (1, 30),
        ),
    ];
    for (what, read, json, at) in cases {
        match read(json) {
            Err(err @ Error::Json { .. }) => {
                let Error::Json {
                    what: w,
                    line,
                    column,
                    ..
                } = &err
                else {
                    unreachable!()
                };
                assert_eq!((*w, (*line, *column)), (what, at), "{json}: {err}");
                assert!(
                    err.to_string().starts_with(&format!(
                        "malformed {what} JSON at line {}, column {}: ",
                        at.0, at.1
                    )),
                    "{err}"
                );
            }
            other => panic!("{json}: {other:?}"),
        }
    }
}

#[test]
fn a_consent_given_twice_for_one_channel_is_refused() {
    let json = r#"{"schema_version": 1, "contacts": [{"id": "c", "account_id": "a", "name": "x",
        "do_not_call": false, "consent": {"call": "granted", "call": "denied"}}]}"#;
    let (message, line, _) = json_error(json);
    assert_eq!(message, "the key \"call\" is given twice");
    assert_eq!(line, 2);
}

/// Every reader of caller JSON, not only the book's, reads dates and instants with the
/// same strict reader: a holiday's date, a wrap-up follow-up's due day, a cadence
/// event's instant. (Issue 19, item 8: one strict reader everywhere.)
#[test]
fn the_other_readers_share_the_strict_date_and_instant_reader() {
    use callwise::calling::BusinessCalendar;
    use callwise::team::WrapUpNotes;
    for (bad, good) in [("2026-7-4", "2026-07-04"), ("+10000-07-04", "9999-07-04")] {
        let calendar = |date: &str| {
            BusinessCalendar::from_json(&format!(
                r#"{{"weekend": ["Sat", "Sun"], "holidays": [{{"rule": "once", "name": "Picnic", "date": "{date}"}}]}}"#
            ))
        };
        calendar(good).unwrap();
        match calendar(bad) {
            Err(Error::Json { message, .. }) => assert!(message.contains(bad), "{message}"),
            other => panic!("{bad}: {other:?}"),
        }
        let notes = |day: &str| {
            WrapUpNotes::from_json(&format!(
                r#"{{"follow_ups": [{{"account_id": "acc-1", "due_on": "{day}"}}]}}"#
            ))
        };
        notes(good).unwrap();
        assert!(matches!(notes(bad), Err(Error::Json { .. })), "{bad}");
    }
    let event = |at: &str| {
        serde_json::from_str::<callwise::cadence::CadenceEvent>(&format!(
            r#"{{"event": "paused", "at": "{at}"}}"#
        ))
    };
    event("2026-03-01T23:59:59Z").unwrap();
    for bad in [
        "2026-03-01T23:59:60Z",
        "2026-3-1T00:00:00Z",
        "9999-12-31T23:59:59-01:00",
    ] {
        let err = event(bad).unwrap_err().to_string();
        assert!(err.contains(bad), "{bad}: {err}");
    }
}

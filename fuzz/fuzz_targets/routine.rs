//! Routines: `Routine::from_json` and `Routine::new` with fuzzed RRULE text, `blocks`
//! over a range, and the iCalendar export of the routine and its blocks.
//!
//! Input: header `FROM TO ZONE FIRST_START MINUTES` (the range asked for, as RFC 3339
//! or Unix seconds; the zone, local first start and duration of the routine built from
//! section 1); section 0 is a routine's JSON, section 1 the text of an RRULE.
//!
//! Promises: a typed error, or a routine that reads back from its own JSON to the same
//! text; `blocks` gives a typed error or blocks in time order (no two at one start),
//! inside the range, each as long as the routine, on its local date, on a business day
//! of its calendar, never past 9999, at most `MAX_BLOCKS`; the blocks of two halves of
//! the range are the blocks of the whole; the iCalendar text is CRLF lines of at most
//! 75 octets with no other control character, with balanced components, distinct UIDs
//! and a VTIMEZONE for every TZID it uses. The work is bounded (`MAX_SCANNED`): a slow
//! input is a crash under the fuzzer's time limit.
#![no_main]

use callwise::Error;
use callwise::routine::{Block, MAX_BLOCKS, Routine, RoutineKind, to_icalendar};
use callwise_fuzz::{Input, in_range, typed};
use chrono::{DateTime, Datelike, TimeDelta, Utc};
use libfuzzer_sys::{Corpus, fuzz_target};
use std::collections::HashSet;

/// The blocks of `routine` from `from` to `to`, held to their promises; `None` on a
/// typed error.
fn blocks(routine: &Routine, from: DateTime<Utc>, to: DateTime<Utc>) -> Option<Vec<Block>> {
    let blocks = match routine.blocks(from, to) {
        Ok(blocks) => blocks,
        Err(err) => {
            typed(&err, "Routine::blocks", |e| {
                matches!(
                    e,
                    Error::InvalidArgument {
                        name: "from" | "to",
                        ..
                    }
                )
            });
            return None;
        }
    };
    assert!(blocks.len() <= MAX_BLOCKS);
    assert!(
        blocks.windows(2).all(|w| w[0].start < w[1].start),
        "blocks out of order"
    );
    let tz = callwise::time::parse_time_zone(routine.time_zone()).expect("the routine's zone");
    let length = TimeDelta::minutes(routine.duration_minutes().into());
    for b in &blocks {
        assert!(
            from <= b.start && b.start < to,
            "block at {} outside {from}..{to}",
            b.start
        );
        assert_eq!(
            b.end - b.start,
            length,
            "block at {} lasts {}",
            b.start,
            b.end - b.start
        );
        assert!(
            in_range(b.end) && b.local_date.year() <= 9999,
            "block past 9999: {b:?}"
        );
        assert_eq!(
            (b.routine.as_str(), b.kind),
            (routine.name(), routine.kind())
        );
        // chrono-tz's own offsets, where callwise uses them (it extends the rules past
        // 2099 itself).
        if b.start.year() < 2099 {
            assert_eq!(
                b.local_date,
                b.start.with_timezone(&tz).date_naive(),
                "{b:?}"
            );
        }
        if let Some(cal) = routine.business_calendar() {
            assert!(
                cal.is_business_day(b.local_date),
                "block on a day off: {b:?}"
            );
        }
    }
    Some(blocks)
}

/// Holds the iCalendar text of `routine` and `blocks` to RFC 5545's form.
fn icalendar(routine: &Routine, blocks: &[Block]) {
    let stamp = "2026-11-20T12:00:00Z".parse().expect("an instant");
    let ics = match to_icalendar(std::slice::from_ref(routine), blocks, &[], stamp) {
        Ok(ics) => ics,
        Err(err) => panic!("to_icalendar refused a routine and its own blocks: {err}"),
    };
    assert!(ics.ends_with("\r\n"), "iCalendar text not ending in CRLF");
    let lines: Vec<&str> = ics[..ics.len() - 2].split("\r\n").collect();
    let mut open = Vec::new();
    let mut uids = HashSet::new();
    let mut tzids = HashSet::new();
    let mut vtimezones = HashSet::new();
    for line in &lines {
        assert!(
            line.len() <= 75,
            "a line of {} octets: {line:?}",
            line.len()
        );
        assert!(
            !line.chars().any(|c| c.is_control() && c != '\t'),
            "a control character: {line:?}"
        );
    }
    // Unfold (a line starting with a space continues the one before), then read.
    let mut logical: Vec<String> = Vec::new();
    for line in lines {
        match line.strip_prefix(' ') {
            Some(rest) => logical.last_mut().expect("a first line").push_str(rest),
            None => logical.push(line.to_owned()),
        }
    }
    for line in &logical {
        if let Some(name) = line.strip_prefix("BEGIN:") {
            open.push(name.to_owned());
        } else if let Some(name) = line.strip_prefix("END:") {
            assert_eq!(open.pop().as_deref(), Some(name), "unbalanced END:{name}");
        } else if let Some(uid) = line.strip_prefix("UID:") {
            assert!(uids.insert(uid.to_owned()), "UID {uid} twice");
        } else if let Some(tzid) = line.strip_prefix("TZID:") {
            vtimezones.insert(tzid.to_owned());
        }
        if let Some((_, rest)) = line.split_once(";TZID=") {
            tzids.insert(rest.split([':', ';']).next().unwrap_or("").to_owned());
        }
    }
    assert!(open.is_empty(), "components left open: {open:?}");
    assert_eq!(logical.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    for tzid in &tzids {
        assert!(vtimezones.contains(tzid), "TZID={tzid} without a VTIMEZONE");
    }
}

fn check(routine: &Routine, from: DateTime<Utc>, to: DateTime<Utc>) {
    let json = routine.to_json();
    let again = Routine::from_json(&json).expect("to_json reads back");
    assert_eq!(
        again.to_json(),
        json,
        "the routine changes through its JSON"
    );
    let Some(whole) = blocks(routine, from, to) else {
        return;
    };
    let mid = from + (to - from) / 2;
    let first = blocks(routine, from, mid).expect("the first half of a range that answered");
    let second = blocks(routine, mid, to).expect("the second half of a range that answered");
    assert_eq!(
        [first, second].concat(),
        whole,
        "two halves give other blocks than the whole"
    );
    icalendar(routine, &whole[..whole.len().min(50)]);
}

fuzz_target!(|data: &[u8]| -> Corpus {
    let Some(input) = Input::read(data) else {
        return Corpus::Reject;
    };
    let from = input.instant(0, "2026-11-01T00:00:00Z");
    let to = input.instant(1, "2026-12-01T00:00:00Z");
    match Routine::from_json(input.section(0)) {
        Ok(routine) => check(&routine, from, to),
        Err(err) => typed(&err, "Routine::from_json", |e| {
            matches!(e, Error::Json { .. })
        }),
    }
    let rrule = input.section(1);
    if rrule.is_empty() {
        return Corpus::Keep;
    }
    let first_start = input
        .token(3)
        .and_then(|t| callwise::time::parse_local_date_time(t, "first_start").ok())
        .unwrap_or_else(|| "2026-11-24T10:00:00".parse().expect("a local time"));
    let minutes = input.int(4, 60).clamp(0, i64::from(u32::MAX)) as u32;
    let zone = input.token(2).unwrap_or("America/New_York");
    match Routine::new(
        RoutineKind::Custom,
        "Fuzz",
        zone,
        first_start,
        rrule,
        minutes,
    ) {
        Ok(routine) => check(&routine, from, to),
        Err(err) => typed(&err, "Routine::new", |e| {
            matches!(
                e,
                Error::InvalidRule { .. }
                    | Error::InvalidArgument { .. }
                    | Error::UnknownTimeZone { .. }
            )
        }),
    }
    Corpus::Keep
});

//! Calling rules: `CallingRules::from_json`, `check` and `Book::can_call`.
//!
//! Input: header `ZONE INSTANT [CONTACT]` (the zone's name as given, known or not; the
//! instant as RFC 3339 or Unix seconds; the position of a contact of the calling
//! fixture book); section 0 is the rules' JSON.
//!
//! Promises: a typed error (malformed JSON, an invalid rule, an unknown zone), or rules
//! that read back from their own JSON unchanged; `check` refuses only an unknown zone
//! with no fallback; every verdict keeps its promise about `next_allowed`
//! (`callwise_fuzz::hold_verdict`): the earliest allowed instant, never past 9999.
#![no_main]

use callwise::{CallingRules, Error};
use callwise_fuzz::{Input, calling_book, hold_verdict, typed};
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(|data: &[u8]| -> Corpus {
    let Some(input) = Input::read(data) else {
        return Corpus::Reject;
    };
    let rules = match CallingRules::from_json(input.section(0)) {
        Ok(rules) => rules,
        Err(err) => {
            typed(&err, "CallingRules::from_json", |e| {
                matches!(
                    e,
                    Error::Json { .. } | Error::InvalidRule { .. } | Error::UnknownTimeZone { .. }
                )
            });
            return Corpus::Keep;
        }
    };
    assert_eq!(
        CallingRules::from_json(&rules.to_json()).expect("to_json reads back"),
        rules,
        "the rules change through their JSON"
    );
    let zone = input.token(0).unwrap_or("America/New_York");
    let at = input.instant(1, "2026-11-24T03:00:00Z");
    match rules.check(zone, at) {
        Ok(verdict) => hold_verdict("check", at, verdict, |t| {
            rules
                .check(zone, t)
                .expect("the zone was read a moment ago")
        }),
        Err(err) => {
            typed(&err, "CallingRules::check", |e| {
                matches!(e, Error::UnknownTimeZone { .. })
            });
            assert!(callwise::time::parse_time_zone(zone).is_err());
        }
    }

    let book = calling_book();
    let k = input.int(2, 0).unsigned_abs() as usize % book.contacts().len();
    let contact = book.contacts().nth(k).expect("a contact").id();
    let verdict = book
        .can_call(contact, at, &rules)
        .expect("the contact is in the book");
    hold_verdict("can_call", at, verdict, |t| {
        book.can_call(contact, t, &rules)
            .expect("the contact is in the book")
    });
    Corpus::Keep
});

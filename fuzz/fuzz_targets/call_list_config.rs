//! The call list's configuration: `CallListConfig::from_json`, then a rep's Next Day
//! Call List and a team's Power Hour pool on the call-list fixture book.
//!
//! Input: header `DAY REP TEAM` (the day; the positions of a rep and a team of the
//! book); section 0 is the configuration's JSON.
//!
//! Promises: a typed error, or a configuration that reads back from its own JSON
//! unchanged; each list is a typed error or keeps its promises: ranks 1, 2, ... by
//! score, each score the sum of its reasons' contributions, planned minutes the sum of
//! the entries' and within capacity, each call inside the working time and allowed by
//! the calling rules for the contact from its first to its last second (a rep's calls
//! never overlapping), and the list reads back from its own JSON unchanged.
#![no_main]

use callwise::Error;
use callwise::call_list::{
    CallList, CallListConfig, CallListInputs, ListKind, next_day_call_list, power_hour_list,
};
use callwise_fuzz::{Input, call_list_book, typed};
use chrono::TimeDelta;
use libfuzzer_sys::{Corpus, fuzz_target};

fn check_list(result: callwise::Result<CallList>, config: &CallListConfig, what: &str) {
    let list = match result {
        Ok(list) => list,
        Err(err) => {
            typed(&err, what, |e| {
                matches!(e, Error::InvalidArgument { .. } | Error::InvalidRule { .. })
            });
            return;
        }
    };
    let book = call_list_book();
    let mut minutes = 0;
    let mut calls = Vec::new();
    for (k, entry) in list.entries.iter().enumerate() {
        assert_eq!(entry.rank as usize, k + 1, "{what}: ranks");
        assert_eq!(
            entry.score,
            entry.reasons.iter().map(|r| r.contribution).sum::<i64>(),
            "{what}: score of {}",
            entry.account_id
        );
        minutes += entry.minutes;
        let start = entry.slot_start;
        let end = start + TimeDelta::minutes(entry.minutes.into());
        assert!(
            list.working
                .iter()
                .any(|s| s.start <= start && end <= s.end),
            "{what}: the call to {} at {start} is outside the working time",
            entry.account_id
        );
        for t in [start, end - TimeDelta::seconds(1)] {
            let verdict = book
                .can_call(entry.contact_id.as_str(), t, &config.calling_rules)
                .expect("the entry's contact is in the book");
            assert!(
                verdict.is_allowed(),
                "{what}: the call to {} at {start} is blocked at {t}: {verdict:?}",
                entry.contact_id
            );
        }
        calls.push((start, end));
    }
    assert!(
        list.entries.windows(2).all(|w| w[0].score >= w[1].score),
        "{what}: entries out of score order"
    );
    assert_eq!(list.planned_minutes, minutes, "{what}: planned minutes");
    if list.kind == ListKind::NextDay {
        assert!(
            list.planned_minutes <= list.capacity_minutes,
            "{what}: over capacity"
        );
        calls.sort();
        assert!(
            calls.windows(2).all(|w| w[0].1 <= w[1].0),
            "{what}: calls overlap"
        );
    }
    let again = CallList::from_json(&list.to_json()).expect("a list reads back");
    assert_eq!(again, list, "{what}: the list changes through its JSON");
}

fuzz_target!(|data: &[u8]| -> Corpus {
    let Some(input) = Input::read(data) else {
        return Corpus::Reject;
    };
    let config = match CallListConfig::from_json(input.section(0)) {
        Ok(config) => config,
        Err(err) => {
            typed(&err, "CallListConfig::from_json", |e| {
                matches!(
                    e,
                    Error::Json { .. }
                        | Error::InvalidArgument { .. }
                        | Error::InvalidRule { .. }
                        | Error::UnknownTimeZone { .. }
                )
            });
            return Corpus::Keep;
        }
    };
    assert_eq!(
        CallListConfig::from_json(&config.to_json()).expect("to_json reads back"),
        config,
        "the configuration changes through its JSON"
    );
    let book = call_list_book();
    let day = input.date(0, "2026-11-03");
    let reps = book.reps();
    let rep = &reps[input.int(1, 0).unsigned_abs() as usize % reps.len()];
    let inputs = CallListInputs::default();
    check_list(
        next_day_call_list(book, rep.id.as_str(), day, &config, &inputs),
        &config,
        "next_day_call_list",
    );
    let teams = book.teams();
    if !teams.is_empty() {
        let team = &teams[input.int(2, 0).unsigned_abs() as usize % teams.len()];
        check_list(
            power_hour_list(book, team.id.as_str(), day, &config, &inputs),
            &config,
            "power_hour_list",
        );
    }
    Corpus::Keep
});

//! A book's JSON. The input is the JSON text itself (the fixtures under `tests/fixtures/`
//! are seeds as they are).
//!
//! Promises: `Book::from_json` gives a typed error (validation, malformed JSON, an
//! unsupported schema version), or a book whose `to_json` reads back to the same bytes;
//! what is built on a book (its summary, the renewal and purchase histories, a rep's
//! call list) then answers or gives a typed error.
#![no_main]

use callwise::call_list::{CallListConfig, CallListInputs, next_day_call_list};
use callwise::retention::{
    PurchaseSource, TimeUnit, purchase_history, renewal_history, renewals_due,
};
use callwise::{Book, Error};
use callwise_fuzz::typed;
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(|data: &[u8]| -> Corpus {
    let Ok(text) = std::str::from_utf8(data) else {
        return Corpus::Reject;
    };
    let book = match Book::from_json(text) {
        Ok(book) => book,
        Err(err) => {
            typed(&err, "Book::from_json", |e| {
                matches!(
                    e,
                    Error::Validation { problems } if !problems.is_empty()
                ) || matches!(
                    e,
                    Error::Json { .. } | Error::UnsupportedSchemaVersion { .. }
                )
            });
            return Corpus::Keep;
        }
    };
    let json = book.to_json();
    let again =
        Book::from_json(&json).unwrap_or_else(|e| panic!("to_json does not read back: {e}"));
    assert_eq!(again.to_json(), json, "to_json is not a fixed point");
    assert!(!book.summary().to_text().is_empty());

    let day = "2026-11-03".parse().expect("a date");
    for result in [
        renewal_history(&book, day, 60),
        renewals_due(&book, day, 60),
    ] {
        match result {
            Ok(_) => {}
            Err(err) => typed(&err, "renewal_history", |e| {
                matches!(e, Error::InvalidArgument { .. })
            }),
        }
    }
    if let Err(err) = purchase_history(&book, day, TimeUnit::Weeks, PurchaseSource::WonDeals) {
        typed(&err, "purchase_history", |e| {
            matches!(e, Error::InvalidArgument { .. })
        });
    }
    if let Some(rep) = book.rep_ids().next() {
        let config = CallListConfig::default();
        match next_day_call_list(
            &book,
            rep.as_str(),
            day,
            &config,
            &CallListInputs::default(),
        ) {
            Ok(list) => {
                assert!(list.planned_minutes <= list.capacity_minutes);
                for entry in &list.entries {
                    assert_eq!(
                        entry.score,
                        entry.reasons.iter().map(|r| r.contribution).sum::<i64>()
                    );
                }
            }
            Err(err) => typed(&err, "next_day_call_list", |e| {
                matches!(e, Error::InvalidArgument { .. } | Error::InvalidRule { .. })
            }),
        }
    }
    Corpus::Keep
});

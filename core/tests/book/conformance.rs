//! The shared conformance fixture: the same answers Python and Kotlin check, byte for byte.
//!
//! Run with `CALLWISE_BLESS=1` to regenerate the fixture and the expected answers after
//! an intended change; review the diff before committing it.

use crate::fixtures::{expect_file, read};
use callwise::{Book, Error, SampleConfig, sample_book};

/// The fixture's generator settings (also in tests/conformance/README.md).
const SEED: u64 = 7;
const MEMBERS: u32 = 40;

/// The problems of a broken book, one `Display` line each.
pub fn problem_lines(err: &Error) -> String {
    match err {
        Error::Validation { problems } => problems.iter().map(|p| format!("{p}\n")).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn the_generator_still_makes_the_fixture() {
    let book = sample_book(&SampleConfig::new(SEED, MEMBERS)).unwrap();
    expect_file("fixtures/sample_book.json", &book.to_json());
}

#[test]
fn the_fixture_round_trips_byte_for_byte() {
    let json = read("fixtures/sample_book.json");
    assert_eq!(Book::from_json(&json).unwrap().to_json(), json);
}

#[test]
fn the_fixture_summary_matches() {
    let book = Book::from_json(&read("fixtures/sample_book.json")).unwrap();
    expect_file("conformance/sample_summary.json", &book.summary().to_json());
    expect_file("conformance/sample_summary.txt", &book.summary().to_text());
}

#[test]
fn the_broken_book_lists_every_problem() {
    let err = Book::from_json(&read("fixtures/broken_book.json")).unwrap_err();
    expect_file("conformance/broken_problems.txt", &problem_lines(&err));
}

/// The indexes, as plain ids: every rep's accounts, and the first twenty accounts'
/// contacts, activities (time order), opportunities, memberships and hand-offs. Python
/// and Kotlin rebuild the same object through their bindings and compare.
#[test]
fn the_fixture_indexes_match() {
    use serde_json::{Map, Value, json};
    let book = Book::from_json(&read("fixtures/sample_book.json")).unwrap();
    let ids =
        |it: &mut dyn Iterator<Item = &str>| Value::from(it.map(str::to_owned).collect::<Vec<_>>());
    let mut owners = Map::new();
    for rep in book.rep_ids() {
        owners.insert(
            rep.to_string(),
            ids(&mut book.accounts_owned_by(rep.as_str()).map(|a| a.id())),
        );
    }
    let mut accounts = Map::new();
    for account in book.accounts().take(20) {
        let a = account.id();
        accounts.insert(
            a.to_owned(),
            json!({
                "contacts": ids(&mut book.contacts_of(a).map(|x| x.id())),
                "activities": ids(&mut book.activities_of(a).map(|x| x.id())),
                "opportunities": ids(&mut book.opportunities_of(a).map(|x| x.id())),
                "memberships": ids(&mut book.memberships_of(a).map(|x| x.id())),
                "handoffs": ids(&mut book.handoffs_of(a).map(|x| x.id.as_str())),
            }),
        );
    }
    let view = json!({"accounts_owned_by": owners, "accounts": accounts});
    expect_file(
        "conformance/sample_indexes.json",
        &(serde_json::to_string_pretty(&view).unwrap() + "\n"),
    );
}

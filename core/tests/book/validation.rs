//! Bad input gives a typed error listing every problem: never a panic, never a partly
//! loaded book.

use callwise::{
    Book, Error, Location, ProblemKind, RecordKind, Reference, SampleConfig, sample_book,
};
use proptest::prelude::*;
use std::sync::OnceLock;

fn fixture() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| sample_book(&SampleConfig::new(7, 40)).unwrap().to_json())
}

fn problems(result: Result<Book, Error>) -> Vec<callwise::Problem> {
    match result {
        Err(Error::Validation { problems }) => problems,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn non_finite_numbers_are_reported_not_written_as_null() {
    let mut data = Book::from_json(fixture()).unwrap().into_data();
    data.opportunities[0].probability = Some(f64::NAN);
    data.opportunities[1].probability = Some(f64::INFINITY);
    data.opportunities[2].probability = Some(-0.5);
    let found = problems(Book::new(data));
    let kinds: Vec<_> = found.iter().map(|p| (p.path(), p.kind)).collect();
    let kinds: Vec<_> = kinds
        .iter()
        .map(|(path, kind)| (path.as_str(), *kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("opportunities[0].probability", ProblemKind::NonFiniteNumber),
            ("opportunities[1].probability", ProblemKind::NonFiniteNumber),
            ("opportunities[2].probability", ProblemKind::OutOfRange),
        ]
    );
}

#[test]
fn a_number_too_large_for_a_float_is_a_json_error() {
    let json = fixture().replacen("\"probability\": 0.", "\"probability\": 1e999", 1);
    assert!(matches!(Book::from_json(&json), Err(Error::Json { .. })));
}

#[test]
fn unknown_fields_are_refused_so_nothing_is_silently_dropped() {
    let json = r#"{"schema_version": 1, "divisions": [{"id": "d", "name": "D", "colour": "red"}]}"#;
    match Book::from_json(json) {
        Err(Error::Json {
            what,
            message,
            line,
            column,
        }) => {
            assert_eq!(what, "book");
            assert!(message.contains("unknown field `colour`"), "{message}");
            assert_eq!((line, column), (1, 69));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_newer_schema_version_is_named_even_when_the_shape_changed() {
    let json = r#"{"schema_version": 2, "accounts": "a new shape"}"#;
    assert_eq!(
        Book::from_json(json).unwrap_err(),
        Error::UnsupportedSchemaVersion {
            found: 2,
            supported: 1
        }
    );
}

#[test]
fn messages_name_ids_and_never_personal_data() {
    let mut data = Book::from_json(fixture()).unwrap().into_data();
    let contact = &mut data.contacts[0];
    contact.account_id = "gone".into();
    let (name, phone) = (contact.name.clone(), contact.phones[0].number.clone());
    for p in problems(Book::new(data)) {
        let text = p.to_string();
        assert!(!text.contains(&name) && !text.contains(&phone), "{text}");
    }
}

#[test]
fn every_problem_kind_is_reachable_from_json_or_rust() {
    let broken = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/broken_book.json"
    ))
    .unwrap();
    let mut kinds: Vec<_> = problems(Book::from_json(&broken))
        .iter()
        .map(|p| p.kind)
        .collect();
    kinds.push(ProblemKind::NonFiniteNumber); // from Rust only: JSON has no NaN (tested above)
    kinds.sort();
    kinds.dedup();
    use ProblemKind::*;
    assert_eq!(
        kinds,
        [
            DuplicateId,
            EmptyId,
            DanglingReference,
            EndBeforeStart,
            UnknownTimeZone,
            NegativeAmount,
            InvalidCurrency,
            NonFiniteNumber,
            OutOfRange,
            Inconsistent
        ]
    );
}

#[test]
fn leap_day_birthdays_need_a_leap_year_or_none() {
    let mut data = Book::from_json(fixture()).unwrap().into_data();
    data.contacts[0].birthday = Some(callwise::Birthday {
        month: 2,
        day: 29,
        year: Some(2000),
    });
    data.contacts[1].birthday = Some(callwise::Birthday {
        month: 2,
        day: 29,
        year: None,
    });
    data.contacts[2].birthday = Some(callwise::Birthday {
        month: 2,
        day: 29,
        year: Some(1900),
    });
    let found = problems(Book::new(data));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path(), "contacts[2].birthday");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        // `schema_version` is required, so no arbitrary text is a book.
        prop_assert!(Book::from_json(&text).is_err());
    }

    #[test]
    fn a_truncated_book_is_a_json_error(cut in 1usize..290_000) {
        let json = fixture();
        let cut = cut.min(json.len() - 2);
        let head = &json[..json.floor_char_boundary(cut)];
        prop_assert!(matches!(Book::from_json(head), Err(Error::Json { .. })), "cut at {}", cut);
    }

    #[test]
    fn an_injected_dangling_reference_is_reported_at_its_path(which in 0usize..4, at in any::<prop::sample::Index>(), id in "[a-z]{1,8}") {
        let mut data = Book::from_json(fixture()).unwrap().into_data();
        let missing = format!("missing-{id}");
        let (path, record, i, field, kind) = match which {
            0 => { let i = at.index(data.contacts.len()); data.contacts[i].account_id = missing.as_str().into(); (format!("contacts[{i}].account_id"), RecordKind::Contact, i, "account_id", RecordKind::Account) }
            1 => { let i = at.index(data.activities.len()); data.activities[i].rep_id = missing.as_str().into(); (format!("activities[{i}].rep_id"), RecordKind::Activity, i, "rep_id", RecordKind::Rep) }
            2 => { let i = at.index(data.memberships.len()); data.memberships[i].account_id = missing.as_str().into(); (format!("memberships[{i}].account_id"), RecordKind::Membership, i, "account_id", RecordKind::Account) }
            _ => { let i = at.index(data.accounts.len()); data.accounts[i].primary_owner.rep_id = missing.as_str().into(); (format!("accounts[{i}].primary_owner.rep_id"), RecordKind::Account, i, "primary_owner.rep_id", RecordKind::Rep) }
        };
        let found = problems(Book::new(data));
        let location = Location { record, index: i, item: None, field };
        let reference = Some(Reference { kind, id: missing });
        prop_assert!(
            found.iter().any(|p| p.location == location && p.path() == path && p.kind == ProblemKind::DanglingReference && p.reference == reference),
            "{:?}", found
        );
    }
}

#[test]
fn every_problem_of_the_broken_book_has_a_typed_location_that_writes_its_path() {
    let broken = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/broken_book.json"
    ))
    .unwrap();
    let found = problems(Book::from_json(&broken));
    let parts: Vec<_> = found
        .iter()
        .map(|p| {
            let at = &p.location;
            (at.record, at.index, at.item, at.field, p.reference.clone())
        })
        .collect();
    let dangling = |kind, id: &str| {
        Some(Reference {
            kind,
            id: id.to_owned(),
        })
    };
    use RecordKind::*;
    assert_eq!(
        parts,
        [
            (Rep, 1, None, "id", None),
            (Account, 1, None, "id", None),
            (
                Team,
                0,
                None,
                "division_id",
                dangling(Division, "div-nowhere")
            ),
            (Account, 0, None, "time_zone", None),
            (
                Account,
                0,
                None,
                "primary_owner.rep_id",
                dangling(Rep, "rep-9")
            ),
            (Contact, 0, None, "birthday", None),
            (Contact, 1, None, "account_id", dangling(Account, "acc-404")),
            (Opportunity, 0, None, "contact_id", None),
            (Opportunity, 0, None, "amount", None),
            (Opportunity, 0, None, "amount", None),
            (Opportunity, 0, None, "probability", None),
            (Opportunity, 0, None, "expected_close", None),
            (Opportunity, 0, None, "closed_on", None),
            (Opportunity, 0, None, "lost_to", None),
            (Membership, 0, None, "term_end", None),
            (Membership, 0, Some(("lapses", 0)), "reinstated_on", None),
            (
                Activity,
                0,
                None,
                "campaign_id",
                dangling(Campaign, "camp-9")
            ),
            (Event, 0, None, "ends_at", None),
            (
                Event,
                0,
                Some(("attendees", 0)),
                "contact_id",
                dangling(Contact, "con-3")
            ),
            (Handoff, 0, None, "to_rep_id", dangling(Rep, "rep-2")),
            (Handoff, 0, None, "accepted_at", None),
        ]
    );
    for p in &found {
        assert!(
            p.to_string()
                .starts_with(&format!("{} [", p.location.path()))
        );
    }
}

#[test]
fn co_owners_and_renewals_are_items_of_their_lists() {
    let mut data = Book::from_json(fixture()).unwrap().into_data();
    let a = data
        .accounts
        .iter()
        .position(|a| !a.co_owners.is_empty())
        .unwrap();
    data.accounts[a].co_owners[0].rep_id = "rep-gone".into();
    let m = data
        .memberships
        .iter()
        .position(|m| !m.renewals.is_empty())
        .unwrap();
    data.memberships[m].renewals[0].dues.currency = "usd".into();
    let found = problems(Book::new(data));
    let paths: Vec<_> = found.iter().map(|p| p.path()).collect();
    assert_eq!(
        paths,
        [
            format!("accounts[{a}].co_owners[0].rep_id"),
            format!("memberships[{m}].renewals[0].dues"),
        ]
    );
    assert_eq!(found[0].location.item, Some(("co_owners", 0)));
    assert_eq!(found[0].location.field, "rep_id");
    assert_eq!(found[1].location.item, Some(("renewals", 0)));
}

#[test]
fn a_birth_year_outside_1_to_9999_is_out_of_range() {
    for year in [0, -1, 10_000, i32::MIN] {
        let mut data = Book::from_json(fixture()).unwrap().into_data();
        data.contacts[0].birthday = Some(callwise::Birthday {
            month: 5,
            day: 17,
            year: Some(year),
        });
        let found = problems(Book::new(data));
        assert_eq!(found.len(), 1, "{year}: {found:?}");
        assert_eq!(found[0].kind, ProblemKind::OutOfRange);
        assert_eq!(
            found[0].message,
            format!(
                "birthday year {year} is outside the years 1 to 9999 (leave the year out when it is not known)"
            )
        );
    }
}

/// Validation checks big collections in chunks on several threads: the problems still
/// come in record order, kind by kind, each record's once, across chunk boundaries.
#[test]
fn problems_of_big_collections_come_in_record_order() {
    let mut config = callwise::SampleConfig::new(7, 1000);
    config.activities = Some(110_000);
    let book = callwise::sample_book(&config).unwrap();
    let mut data = book.to_data();
    let n = data.activities.len();
    assert!(n > 3 * 32_768, "{n} activities: too few to span chunks");
    let broken = [1, 32_767, 32_768, 65_600, n - 1];
    for &i in broken.iter().rev() {
        data.activities[i].rep_id = "rep-nobody".into();
    }
    let contact = data.contacts.len() - 1;
    data.contacts[contact].time_zone = Some("Mars/Olympus".into());
    data.tasks[0].rep_id = "rep-nobody".into();
    let found: Vec<(String, usize)> = problems(Book::new(data))
        .iter()
        .map(|p| (p.location.record.to_string(), p.location.index))
        .collect();
    let mut expected = vec![("contact".to_owned(), contact)];
    expected.extend(broken.iter().map(|&i| ("activity".to_owned(), i)));
    expected.push(("task".to_owned(), 0));
    assert_eq!(found, expected);
}

/// A reference to an empty id dangles even when a record has that empty id (the record
/// is reported for its id, and the reference for naming it).
#[test]
fn a_reference_to_an_empty_id_dangles_even_when_a_record_has_it() {
    let mut data = Book::from_json(fixture()).unwrap().into_data();
    let mut nameless = data.accounts[0].clone();
    nameless.id = callwise::AccountId::new("");
    data.accounts.push(nameless);
    let last = data.accounts.len() - 1;
    data.contacts[0].account_id = callwise::AccountId::new("");
    let found = problems(Book::new(data));
    let at = |path: &str, kind: ProblemKind| {
        found
            .iter()
            .find(|p| p.path() == path && p.kind == kind)
            .unwrap_or_else(|| panic!("no {kind:?} at {path}: {found:#?}"))
    };
    at(&format!("accounts[{last}].id"), ProblemKind::EmptyId);
    let dangling = at("contacts[0].account_id", ProblemKind::DanglingReference);
    assert_eq!(dangling.reference.as_ref().map(|r| r.id.as_str()), Some(""));
}

//! Loading a book from CRM exports: the shared fixtures, every problem at its row and
//! column, and properties (a sample book written as CSV reads back equal; no input
//! panics).
//!
//! `CALLWISE_BLESS=1` rewrites `tests/conformance/crm.json`, which Python and Kotlin
//! check field for field.

use crate::fixtures::expect_file;
use callwise::crm::{
    ColumnMapping, CrmExport, CrmFile, CsvSource, MAX_EXPORT_BYTES, RowProblem, load,
};
use callwise::*;
use proptest::prelude::*;
use std::path::PathBuf;

fn fixture_dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name)
}

/// The five files of a fixture export (those that exist), read from disk.
fn export_of(name: &str) -> CrmExport {
    let dir = fixture_dir(name);
    let mut export = CrmExport::new(CsvSource::path(dir.join("accounts.csv")));
    for file in CrmFile::ALL {
        let path = dir.join(format!("{}.csv", file.as_str()));
        if file != CrmFile::Accounts && path.exists() {
            export = export.with(file, CsvSource::path(path));
        }
    }
    export
}

fn fixture_mapping() -> ColumnMapping {
    let json = std::fs::read_to_string(fixture_dir("crm").join("mapping.json")).unwrap();
    ColumnMapping::from_json(&json).unwrap()
}

fn problems_of(result: Result<Book>) -> Vec<RowProblem> {
    match result {
        Err(Error::CrmExport { problems }) => problems,
        Err(other) => panic!("expected CrmExport, got {other:?}"),
        Ok(_) => panic!("expected CrmExport, got a book"),
    }
}

fn lines(problems: &[RowProblem]) -> Vec<String> {
    problems.iter().map(ToString::to_string).collect()
}

#[test]
fn the_fixture_export_loads() {
    let book = load(&export_of("crm"), &fixture_mapping()).unwrap();
    let data = book.to_data();
    assert_eq!(data.accounts.len(), 4);
    // The BOM is not part of the first header, quotes and commas survive.
    let a = book.account("001A").unwrap().to_account();
    assert_eq!(a.name, "Lakeside Dental Group, PLLC");
    assert_eq!(a.kind, AccountKind::Member);
    assert_eq!(
        a.co_owners,
        vec![Ownership::new("rep-sam", OwnerRole::Sales, "div-sales")]
    );
    assert_eq!(
        book.account("001C").unwrap().to_account().name,
        "The \"Summit\" Clinic"
    );
    assert_eq!(
        book.account("001D").unwrap().to_account().co_owners.len(),
        2
    );
    // A quoted line break inside a cell is kept, and it is still one row.
    let dev = book.contact("003B").unwrap().to_contact();
    assert_eq!(dev.title.as_deref(), Some("Practice Owner\r\n(DDS)"));
    assert_eq!(
        dev.phones.iter().map(|p| p.kind).collect::<Vec<_>>(),
        [PhoneKind::Work, PhoneKind::Mobile]
    );
    assert_eq!(
        dev.birthday,
        Some(Birthday {
            month: 7,
            day: 4,
            year: None
        })
    );
    assert_eq!(dev.consent_for(Channel::Text), Consent::Denied);
    let maria = book.contact("003A").unwrap().to_contact();
    assert_eq!(maria.birthday.unwrap().year, Some(1984));
    assert!(book.contact("003C").unwrap().to_contact().do_not_call);
    assert_eq!(
        book.contact("003D").unwrap().to_contact().title.as_deref(),
        Some("Director")
    );
    assert_eq!(book.contact_time_zone("003C").unwrap(), "America/Denver");
    // Opportunities: percentages, stages in CRM spelling, amounts in cents.
    let o = &data.opportunities;
    assert_eq!(o[0].probability, Some(0.6));
    assert_eq!(o[1].stage, OpportunityStage::ClosedLost);
    assert_eq!(o[1].lost_to.as_deref(), Some("Rival Supply Co"));
    assert_eq!(o[2].amount, Money::new(250_050, "USD"));
    // Memberships: rows out of order, grouped and sorted; a lapse.
    let m1 = &data.memberships[0];
    assert_eq!(
        (m1.tier.as_str(), m1.term_start.to_string()),
        ("Platinum", "2026-03-01".to_owned())
    );
    assert_eq!(m1.renewals.len(), 2);
    assert!(!m1.renewals[0].paid_late && m1.renewals[1].paid_late);
    assert_eq!(m1.joined_on.to_string(), "2024-03-01");
    let m2 = &data.memberships[1];
    assert_eq!(m2.joined_on.to_string(), "2023-06-01"); // no joined_on: the first term
    assert_eq!(
        m2.lapses,
        vec![Lapse {
            lapsed_on: "2025-06-01".parse().unwrap(),
            reinstated_on: None
        }]
    );
    // Activities: offsets become UTC; an ignored campaign_id; CRM spellings of choices.
    let acts = &data.activities;
    assert_eq!(acts[1].at.to_rfc3339(), "2026-10-02T14:15:00+00:00");
    assert_eq!(acts[1].campaign_id, None);
    assert_eq!(acts[1].opportunity_id.as_ref().unwrap().as_str(), "006C");
    assert_eq!(acts[2].outcome, Some(Outcome::NoAnswer));
    assert_eq!(acts[3].outcome, Some(Outcome::MeetingSet));
    // Reps, divisions: synthesised in order of appearance.
    let reps: Vec<_> = data
        .reps
        .iter()
        .map(|r| (r.id.as_str(), r.role, r.division_id.as_str()))
        .collect();
    assert_eq!(
        reps,
        [
            ("rep-ana", OwnerRole::Service, "div-membership"),
            ("rep-sam", OwnerRole::Sales, "div-sales"),
            ("rep-olu", OwnerRole::Operations, "div-operations"),
            ("rep-lee", OwnerRole::Sales, "unassigned"),
        ]
    );
    assert!(
        data.reps
            .iter()
            .all(|r| r.time_zone == "UTC" && r.team_id.is_none())
    );
    let divisions: Vec<_> = data.divisions.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        divisions,
        [
            "div-membership",
            "div-sales",
            "div-operations",
            "unassigned"
        ]
    );
}

/// The broken export's problems, every one at its file, row and column.
#[test]
fn the_broken_export_lists_every_problem() {
    let problems = problems_of(load(&export_of("crm_broken"), &ColumnMapping::default()));
    let expected = [
        r#"accounts.csv row 3, column "kind": "Memberr" is not one of prospect, customer, member, partner"#,
        r#"accounts.csv row 4, column "time_zone": unknown time zone "Mars/Olympus_Mons""#,
        r#"accounts.csv row 5, column "account_id": account id "acc-1" is used more than once"#,
        "accounts.csv row 6: has 7 cells, the header has 10",
        r#"accounts.csv row 7, column "owner_role": is empty"#,
        r#"accounts.csv row 7, column "co_owners": co-owner 1 is not rep:role:division (several separated by ;)"#,
        r#"contacts.csv row 3, column "account_id": no account has id "acc-9""#,
        r#"contacts.csv row 5, column "birthday": "1985-13-01" is not a birthday (YYYY-MM-DD, or MM-DD when the year is not known)"#,
        r#"contacts.csv row 5, column "do_not_call": "maybe" is not a boolean (true/false, yes/no, 1/0)"#,
        r#"contacts.csv row 5, column "consent_call": "opt-in" is not one of granted, denied, unknown"#,
        r#"contacts.csv row 6, column "birthday": birthday 02-30 is not a date"#,
        r#"opportunities.csv row 2, column "amount": "12.345" is not an amount: more than two decimals"#,
        r#"opportunities.csv row 3, column "currency": currency "usd" is not an ISO 4217 code"#,
        r#"opportunities.csv row 3, column "probability": probability 1.5 is outside 0 to 1"#,
        r#"opportunities.csv row 4, column "expected_close": expected_close 2026-04-01 is before created_on 2026-05-01"#,
        r#"opportunities.csv row 4, column "closed_on": a closed opportunity has no closed_on date"#,
        r#"opportunities.csv row 5, column "created_on": "2026-02-30" is not a YYYY-MM-DD date"#,
        r#"memberships.csv row 3, column "term_start": membership "mem-1" has another term starting on 2025-01-01 (row 2)"#,
        r#"memberships.csv row 4, column "dues": amount -1000 is negative"#,
        r#"memberships.csv row 5, column "term_end": term_end 2024-12-31 is before term_start 2025-01-01"#,
        r#"memberships.csv row 6, column "renewed_on": the latest term of membership "mem-3" has a renewed_on date but no later term"#,
        r#"memberships.csv row 7, column "reinstated_on": is set but lapsed_on is empty: a reinstatement follows a lapse"#,
        r#"activities.csv row 1, column "direction": required column is missing"#,
    ];
    assert_eq!(lines(&problems), expected);
}

/// `tests/conformance/crm.json`: the fixture export's book (in `to_json`'s order) and the
/// broken export's problems, each with its one-line text.
#[test]
fn conformance_file_matches() {
    use serde_json::json;
    let book = load(&export_of("crm"), &fixture_mapping()).unwrap();
    let problems = problems_of(load(&export_of("crm_broken"), &ColumnMapping::default()));
    let problems: Vec<String> = problems
        .iter()
        .map(|p| {
            let entry = json!({"file": p.file, "row": p.row, "column": p.column, "problem": p.problem, "text": p.to_string()});
            format!("    {}", serde_json::to_string(&entry).unwrap())
        })
        .collect();
    let indented = book.to_json().trim_end().replace('\n', "\n  ");
    let text = format!(
        "{{\n  \"book\": {indented},\n  \"problems\": [\n{}\n  ]\n}}\n",
        problems.join(",\n")
    );
    serde_json::from_str::<serde_json::Value>(&text).unwrap();
    expect_file("conformance/crm.json", &text);
}

#[test]
fn messages_hold_no_personal_data() {
    let err = load(&export_of("crm_broken"), &ColumnMapping::default()).unwrap_err();
    let text = format!("{err} {err:?}");
    for personal in [
        "Maria", "Reyes", "Patel", "Kim", "Ortiz", "Wong", "+1212", "+1312", "+1415", "@",
        "Lakeside", "Prairie", "Harbor", "Ridge",
    ] {
        assert!(!text.contains(personal), "{personal:?} in {text}");
    }
}

#[test]
fn the_error_display_names_the_first_problem() {
    let err = load(&export_of("crm_broken"), &ColumnMapping::default()).unwrap_err();
    assert!(err.to_string().starts_with(
        "the CRM export has 23 problem(s); first: accounts.csv row 3, column \"kind\": "
    ));
}

#[test]
fn a_missing_file_is_a_file_read_error_naming_it() {
    let export = export_of("crm").with(
        CrmFile::Reps,
        CsvSource::path(fixture_dir("crm").join("nope.csv")),
    );
    match load(&export, &fixture_mapping()) {
        Err(Error::FileRead { path, reason }) => {
            assert!(path.ends_with("nope.csv"), "{path}");
            assert!(!reason.is_empty());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn two_files_of_one_name_are_told_apart_by_path() {
    let root = std::env::temp_dir().join(format!("callwise-crm-{}", std::process::id()));
    let (a, b) = (root.join("a"), root.join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    std::fs::write(a.join("export.csv"), ACCOUNTS).unwrap();
    std::fs::write(
        b.join("export.csv"),
        "contact_id,account_id,name\nc-1,a-9,Pat\n",
    )
    .unwrap();
    let export = CrmExport::new(CsvSource::path(a.join("export.csv")))
        .with(CrmFile::Contacts, CsvSource::path(b.join("export.csv")));
    let p = problems_of(load(&export, &ColumnMapping::default()));
    std::fs::remove_dir_all(&root).unwrap();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].file, b.join("export.csv").display().to_string());
    assert_eq!(p[0].problem, r#"no account has id "a-9""#);
}

#[test]
fn a_bad_mapping_is_refused_before_reading() {
    let bad = ColumnMapping::default().with(CrmFile::Accounts, "acount_id", "Id");
    let export = CrmExport::new(CsvSource::path("/no/such/file.csv"));
    assert!(matches!(
        load(&export, &bad),
        Err(Error::InvalidArgument {
            name: "mapping",
            ..
        })
    ));
    for json in [
        "3",
        r#"{"accounts": {"account_id": ""}}"#,
        r#"{"accounts": {"account_id": "x", "name": "X"}}"#,
        r#"{"default_currency": "US"}"#,
        r#"{"tasks": {}}"#,
        // A key given twice: serde_json would keep the last one silently.
        r#"{"accounts": {"name": "Account Name", "name": "Name"}}"#,
        r#"{"accounts": {}, "accounts": {"name": "Name"}}"#,
    ] {
        assert!(
            matches!(
                ColumnMapping::from_json(json),
                Err(Error::InvalidArgument {
                    name: "mapping",
                    ..
                })
            ),
            "{json}"
        );
    }
    let m = fixture_mapping();
    assert_eq!(ColumnMapping::from_json(&m.to_json()).unwrap(), m);
}

const ACCOUNTS: &str = "account_id,name,kind,status,time_zone,owner_rep_id,owner_role,owner_division_id\n\
                        a-1,Acme,customer,active,America/Chicago,rep-1,sales,div-1\n";

fn text_export(accounts: &str) -> CrmExport {
    CrmExport::new(CsvSource::text(accounts))
}

#[test]
fn headers_match_by_name_whatever_their_case_order_or_padding() {
    let accounts = " OWNER_DIVISION_ID ,Owner_Role,owner_rep_id,Time_Zone,Status,KIND,Name,Account_ID,extra\n\
                    div-1,sales,rep-1,America/Chicago,active,customer,Acme,a-1,ignored\n";
    let book = load(&text_export(accounts), &ColumnMapping::default()).unwrap();
    assert_eq!(
        book.account("a-1")
            .unwrap()
            .to_account()
            .primary_owner
            .division_id
            .as_str(),
        "div-1"
    );
}

#[test]
fn a_repeated_header_and_an_empty_file_are_problems() {
    let twice =
        "account_id,name,kind,status,time_zone,owner_rep_id,owner_role,owner_division_id,Name\n";
    let p = problems_of(load(&text_export(twice), &ColumnMapping::default()));
    assert_eq!(
        lines(&p),
        [r#"accounts.csv row 1, column "name": the column appears 2 times in the header"#]
    );
    let p = problems_of(load(&text_export(""), &ColumnMapping::default()));
    assert_eq!(
        lines(&p),
        ["accounts.csv row 1: the file is empty: it has no header row"]
    );
    let p = problems_of(load(
        &CrmExport::new(CsvSource::Bytes(b"\xff\xfe".to_vec())),
        &ColumnMapping::default(),
    ));
    assert_eq!(
        lines(&p),
        ["accounts.csv row 1: is not UTF-8 text (save the export as UTF-8)"]
    );
}

#[test]
fn a_row_that_is_not_utf8_is_one_problem() {
    let mut bytes = ACCOUNTS.as_bytes().to_vec();
    bytes.extend_from_slice(b"a-2,Caf\xe9,customer,active,UTC,rep-1,sales,div-1\n");
    let p = problems_of(load(
        &CrmExport::new(CsvSource::Bytes(bytes)),
        &ColumnMapping::default(),
    ));
    assert_eq!(
        lines(&p),
        ["accounts.csv row 3: is not UTF-8 text (save the export as UTF-8)"]
    );
}

#[test]
fn references_to_files_not_given_are_not_read() {
    let activities = "activity_id,account_id,contact_id,rep_id,at,channel,direction,opportunity_id\n\
                      x-1,a-1,c-9,rep-2,2026-01-02T03:04:05Z,call,outbound,o-9\n";
    let export = text_export(ACCOUNTS).with(CrmFile::Activities, CsvSource::text(activities));
    let book = load(&export, &ColumnMapping::default()).unwrap();
    let a = &book.to_data().activities[0];
    assert_eq!(
        (a.contact_id.as_ref(), a.opportunity_id.as_ref()),
        (None, None)
    );
    // With the contacts file, the reference is read and must resolve.
    let contacts = "contact_id,account_id,name\nc-1,a-1,Pat\n";
    let export = export.with(CrmFile::Contacts, CsvSource::text(contacts));
    let p = problems_of(load(&export, &ColumnMapping::default()));
    assert_eq!(
        lines(&p),
        [r#"activities.csv row 2, column "contact_id": no contact has id "c-9""#]
    );
}

#[test]
fn a_reps_file_names_reps_divisions_and_teams() {
    let reps = "rep_id,name,role,division_id,division_name,team_id,team_name,time_zone\n\
                rep-1,Sam,sales,div-1,Sales,team-1,Inside,America/Chicago\n\
                rep-2,Ana,service,div-2,,team-1,,America/Denver\n";
    let export = text_export(ACCOUNTS).with(CrmFile::Reps, CsvSource::text(reps));
    let book = load(&export, &ColumnMapping::default()).unwrap();
    let d = &book.to_data().divisions;
    assert_eq!((d[0].name.as_str(), d[1].name.as_str()), ("Sales", "div-2"));
    assert_eq!(book.teams().len(), 1);
    assert_eq!(book.teams()[0].name, "Inside");
    assert_eq!(book.rep("rep-2").unwrap().time_zone, "America/Denver");
    // A rep the accounts name but the reps file does not list is a problem there.
    let accounts = ACCOUNTS.replace("rep-1,", "rep-7,");
    let export = text_export(&accounts).with(CrmFile::Reps, CsvSource::text(reps));
    let p = problems_of(load(&export, &ColumnMapping::default()));
    assert_eq!(
        lines(&p),
        [r#"accounts.csv row 2, column "owner_rep_id": no rep has id "rep-7""#]
    );
}

#[test]
fn references_to_rows_already_reported_are_not_reported_again() {
    let accounts = format!("{ACCOUNTS}a-2,Bad,nonsense,active,UTC,rep-1,sales,div-1\n");
    let contacts = "contact_id,account_id,name\nc-1,a-2,Pat\nc-2,a-3,Lee\n";
    let export = text_export(&accounts).with(CrmFile::Contacts, CsvSource::text(contacts));
    let p = problems_of(load(&export, &ColumnMapping::default()));
    assert_eq!(
        lines(&p),
        [
            r#"accounts.csv row 3, column "kind": "nonsense" is not one of prospect, customer, member, partner"#,
            r#"contacts.csv row 3, column "account_id": no account has id "a-3""#,
        ]
    );
}

#[test]
fn default_currency_fills_a_missing_column_and_empty_cells() {
    let opps = "opportunity_id,account_id,owner_rep_id,name,stage,amount,created_on,expected_close\n\
                o-1,a-1,rep-1,Deal,proposal,10,2026-01-01,2026-02-01\n";
    let export = text_export(ACCOUNTS).with(CrmFile::Opportunities, CsvSource::text(opps));
    let p = problems_of(load(&export, &ColumnMapping::default()));
    assert_eq!(
        lines(&p),
        [r#"opportunities.csv row 1, column "currency": required column is missing"#]
    );
    let eur = ColumnMapping {
        default_currency: Some("EUR".into()),
        ..Default::default()
    };
    let book = load(&export, &eur).unwrap();
    assert_eq!(
        book.to_data().opportunities[0].amount,
        Money::new(1000, "EUR")
    );
}

/// csv-core ends the last record at the end of the input when a quoted cell is still
/// open, without an error: the rest of the file would be swallowed into that cell.
#[test]
fn an_unclosed_quote_is_a_problem_and_the_file_is_not_read() {
    let accounts = "account_id,name,kind,status,time_zone,owner_rep_id,owner_role,owner_division_id,notes\n\
                    a-1,Acme,customer,active,America/Chicago,rep-1,sales,div-1,\"Called 3x\n\
                    a-2,Zenith,customer,active,America/Chicago,rep-1,sales,div-1,\n\
                    a-3,Apex,customer,active,America/Chicago,rep-1,sales,div-1,\n";
    let contacts = "contact_id,account_id,name\nc-1,a-2,Pat\n";
    let export = text_export(accounts).with(CrmFile::Contacts, CsvSource::text(contacts));
    let p = problems_of(load(&export, &ColumnMapping::default()));
    // One problem, on the row the quote opened, at its column; the accounts are not
    // read, so the contact's reference to a-2 is not reported again.
    assert_eq!(
        lines(&p),
        [
            r#"accounts.csv row 2, column "notes": a quoted cell opened on row 2 is never closed (a closing " is missing), so the rest of the file is inside it and the file's rows are not read"#
        ]
    );
    // Opened in a middle column, the row has too few cells: only the quote is reported.
    let middle = ACCOUNTS.replace("a-1,Acme,", "a-1,\"Acme,")
        + "a-2,Zenith,customer,active,UTC,rep-1,sales,div-1\n";
    let p = problems_of(load(&text_export(&middle), &ColumnMapping::default()));
    assert_eq!(lines(&p).len(), 1, "{p:?}");
    assert_eq!((p[0].row, p[0].column.as_str()), (2, "name"));
    // In the header: row 1, no column.
    let p = problems_of(load(
        &text_export("account_id,\"name\n"),
        &ColumnMapping::default(),
    ));
    assert_eq!(
        lines(&p),
        [
            r#"accounts.csv row 1: a quoted cell opened on row 1 is never closed (a closing " is missing), so the rest of the file is inside it and the file's rows are not read"#
        ]
    );
    // Closed quotes are fine: doubled quotes inside, a quote inside an unquoted cell, a
    // quoted cell ending the file without a line end.
    for fine in [
        "a-1,\"Acme \"\"Big\"\" Co\",customer,active,UTC,rep-1,sales,div-1\n",
        "a-1,Acme \"Big\" Co,customer,active,UTC,rep-1,sales,div-1\n",
        "a-1,Acme 5\",customer,active,UTC,rep-1,sales,div-1\n",
        "a-1,Acme,customer,active,UTC,rep-1,sales,\"div-1\"",
        "a-1,\"\"\"\",customer,active,UTC,rep-1,sales,div-1\r\n",
    ] {
        let header = ACCOUNTS.lines().next().unwrap();
        let accounts = format!("{header}\n{fine}");
        load(&text_export(&accounts), &ColumnMapping::default())
            .unwrap_or_else(|e| panic!("{fine:?}: {e}"));
    }
}

const TERMS: &str = "membership_id,account_id,tier,term_start,term_end,dues,currency,renewed_on,lapsed_on,reinstated_on\n";

const HEADER: &str =
    "account_id,name,kind,status,time_zone,owner_rep_id,owner_role,owner_division_id\n";

/// The issue's reproduction: a stray quote before "Acme" made one account of two rows,
/// acc-1 taking acc-2's status and zone, with no problem reported.
#[test]
fn a_stray_quote_that_merges_rows_is_a_problem_where_it_opens() {
    let csv = format!(
        "{HEADER}acc-1,\"Acme,customer,active,America/Denver,rep-1,sales,div-1\n\
         acc-2,\"Zenith\",customer,lost,America/Chicago,rep-1,sales,div-1\n"
    );
    let p = problems_of(load(&text_export(&csv), &ColumnMapping::default()));
    assert_eq!(
        lines(&p),
        [
            r#"accounts.csv row 2, column "name": a quote opens this cell and runs past the end of row 2, whose line holds exactly the header's 8 cells if the quote is a stray character: a stray quote would merge this row with the next (quote a cell whole, and write a quote inside a quoted cell as ""); the file's rows are not read"#
        ]
    );
    // The same stray quote whose line does not hold the header's cells on its own: the
    // cell runs over the line end, and its closing quote is followed by text.
    let csv = format!(
        "{HEADER}acc-1,\"Acme,customer\nacc-2,\"Zenith\",customer,lost,America/Chicago,rep-1,sales,div-1\n"
    );
    let p = problems_of(load(&text_export(&csv), &ColumnMapping::default()));
    assert_eq!(
        lines(&p),
        [
            r#"accounts.csv row 2, column "name": a quoted cell opened on row 2 runs past the end of its line and its closing quote is followed by text: a stray quote has merged rows (quote a cell whole, and write a quote inside a quoted cell as ""); the file's rows are not read"#
        ]
    );
}

#[test]
fn text_after_a_closing_quote_on_its_own_line_refuses_that_row_only() {
    let csv = format!(
        "{HEADER}acc-1,\"Acme\" Inc,customer,active,UTC,rep-1,sales,div-1\n\
         acc-2,Zenith,customer,active,UTC,rep-1,sales,div-1\n"
    );
    let p = problems_of(load(&text_export(&csv), &ColumnMapping::default()));
    assert_eq!(
        lines(&p),
        [
            r#"accounts.csv row 2, column "name": text follows the closing quote of this cell (quote a cell whole, and write a quote inside a quoted cell as ""); the file's rows are not read"#
                .replace("; the file's rows are not read", "")
        ]
    );
}

#[test]
fn a_quoted_line_break_in_the_last_column_is_kept() {
    let csv = format!(
        "{}\n{}",
        HEADER.trim_end().to_owned() + ",notes",
        "acc-1,Acme,customer,active,UTC,rep-1,sales,div-1,\"Called, twice\nno answer\"\n\
         acc-2,Apex,customer,active,UTC,rep-1,sales,div-1,\"Booked\nat the expo\"\n"
    );
    let book = load(&text_export(&csv), &ColumnMapping::default()).unwrap();
    assert_eq!(book.accounts().len(), 2);
}

#[test]
fn rows_after_a_blank_line_keep_their_spreadsheet_numbers() {
    let csv = format!(
        "{HEADER}\nacc-1,Acme,customer,active,UTC,rep-1,sales,div-1\r\n\r\n\
         acc-2,Apex,customer,asleep,UTC,rep-1,sales,div-1\n,,,,,,,\nacc-3,X,customer,active,Mars/Base,rep-1,sales,div-1\n"
    );
    let p = problems_of(load(&text_export(&csv), &ColumnMapping::default()));
    assert_eq!(
        lines(&p),
        [
            r#"accounts.csv row 5, column "status": "asleep" is not one of active, dormant, lost, lapsed"#,
            r#"accounts.csv row 7, column "time_zone": unknown time zone "Mars/Base""#,
        ]
    );
}

#[test]
fn a_nul_or_a_byte_order_mark_inside_a_cell_is_refused() {
    let nul = format!("{HEADER}acc-1,Ac\0me,customer,active,UTC,rep-1,sales,div-1\n");
    let bom = format!("\u{FEFF}{HEADER}acc-1,\u{FEFF}Acme,customer,active,UTC,rep-1,sales,div-1\n");
    let p = problems_of(load(&text_export(&nul), &ColumnMapping::default()));
    assert_eq!(
        lines(&p),
        [
            r#"accounts.csv row 2, column "name": holds a NUL character (U+0000), which no CRM text has: is the file UTF-8 text?"#
        ]
    );
    // The mark that starts the file is no part of the header; the one in a cell is refused.
    let p = problems_of(load(&text_export(&bom), &ColumnMapping::default()));
    assert_eq!(
        lines(&p),
        [
            r#"accounts.csv row 2, column "name": holds a byte-order mark (U+FEFF), which belongs only at the start of a file"#
        ]
    );
    let header_bom = format!("account_id,\u{FEFF}name{}", &HEADER[15..]);
    let p = problems_of(load(&text_export(&header_bom), &ColumnMapping::default()));
    assert_eq!(p[0].row, 1);
    assert!(p[0].problem.starts_with("holds a byte-order mark"), "{p:?}");
}

#[test]
fn what_is_not_a_regular_file_is_refused_before_it_is_read() {
    for path in ["/dev/zero", "/dev/urandom", "/tmp"] {
        let export = CrmExport::new(CsvSource::path(path));
        match load(&export, &ColumnMapping::default()) {
            Err(Error::FileRead { path: p, reason }) => {
                assert_eq!(p, path);
                assert!(reason.starts_with("not a regular file"), "{reason}");
            }
            other => panic!("{path}: {other:?}"),
        }
    }
    // A FIFO with no writer would block the open for ever.
    let dir = std::env::temp_dir().join(format!("callwise-fifo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("accounts.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let err = load(
            &CrmExport::new(CsvSource::path(&fifo)),
            &ColumnMapping::default(),
        );
        assert!(
            matches!(&err, Err(Error::FileRead { reason, .. }) if reason.starts_with("not a regular file")),
            "{err:?}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_file_larger_than_the_limit_is_refused_before_it_is_read() {
    // A sparse file: its length is past the limit, its blocks are not on disk.
    let dir = std::env::temp_dir().join(format!("callwise-large-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("accounts.csv");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_EXPORT_BYTES + 1).unwrap();
    let result = load(
        &CrmExport::new(CsvSource::path(&path)),
        &ColumnMapping::default(),
    );
    std::fs::remove_dir_all(&dir).unwrap();
    match result {
        Err(Error::FileRead { reason, .. }) => assert_eq!(
            reason,
            format!(
                "the export's files hold {} bytes or more with this one, more than the {} \
                 callwise reads from one export (split the export)",
                MAX_EXPORT_BYTES + 1,
                MAX_EXPORT_BYTES
            )
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_files_of_an_export_share_one_limit() {
    // The accounts, then a (sparse) contacts file that fits the limit alone but not
    // with them: refused before it is read.
    let dir = std::env::temp_dir().join(format!("callwise-shared-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (accounts, contacts) = (dir.join("accounts.csv"), dir.join("contacts.csv"));
    std::fs::write(&accounts, ACCOUNTS).unwrap();
    let file = std::fs::File::create(&contacts).unwrap();
    file.set_len(MAX_EXPORT_BYTES - 10).unwrap();
    let export = CrmExport::new(CsvSource::path(&accounts))
        .with(CrmFile::Contacts, CsvSource::path(&contacts));
    let result = load(&export, &ColumnMapping::default());
    std::fs::remove_dir_all(&dir).unwrap();
    match result {
        Err(Error::FileRead { path, reason }) => {
            assert!(path.ends_with("contacts.csv"), "{path}");
            let total = ACCOUNTS.len() as u64 + MAX_EXPORT_BYTES - 10;
            assert!(
                reason.starts_with(&format!("the export's files hold {total} bytes")),
                "{reason}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_row_longer_than_the_limit_stops_the_file() {
    let long = "x".repeat(callwise::crm::MAX_ROW_BYTES);
    let csv = format!(
        "{HEADER}acc-1,{long},customer,active,UTC,rep-1,sales,div-1\nacc-2,A,customer,active,UTC,rep-1,sales,div-1\n"
    );
    let p = problems_of(load(&text_export(&csv), &ColumnMapping::default()));
    assert_eq!(
        lines(&p),
        [format!(
            "accounts.csv row 2: row 2 is longer than {} bytes (4 MiB): is the file a CSV export? the file's rows are not read",
            callwise::crm::MAX_ROW_BYTES
        )]
    );
}

fn membership_problems(rows: &str) -> Vec<String> {
    let accounts = ACCOUNTS.replace("customer", "member");
    let export = text_export(&accounts).with(
        CrmFile::Memberships,
        CsvSource::text(format!("{TERMS}{rows}")),
    );
    match load(&export, &ColumnMapping::default()) {
        Ok(_) => Vec::new(),
        Err(e) => lines(&problems_of(Err(e))),
    }
}

#[test]
fn every_term_but_the_latest_is_renewed_or_lapsed() {
    // The middle term was neither renewed nor lapsed: it would be dropped silently.
    assert_eq!(
        membership_problems(
            "m-1,a-1,Gold,2024-01-01,2024-12-31,100,USD,2024-12-20,,\n\
             m-1,a-1,Gold,2025-01-01,2025-12-31,100,USD,,,\n\
             m-1,a-1,Gold,2026-01-01,2026-12-31,100,USD,,,\n"
        ),
        [
            r#"memberships.csv row 3, column "renewed_on": membership "m-1" has a later term (row 4) but this term was neither renewed nor lapsed: give renewed_on, or lapsed_on and reinstated_on"#
        ]
    );
    // A lapse followed by a later term needs the day the member came back.
    assert_eq!(
        membership_problems(
            "m-1,a-1,Gold,2024-01-01,2024-12-31,100,USD,,2025-01-01,\n\
             m-1,a-1,Gold,2025-03-01,2026-02-28,100,USD,,,\n"
        ),
        [
            r#"memberships.csv row 2, column "reinstated_on": membership "m-1" lapsed on 2025-01-01 and has a later term (row 3), so it came back: reinstated_on is empty"#
        ]
    );
    // Renewed and lapsed-then-reinstated (a late renewal) is a legitimate history, as is
    // a gap after a reinstated lapse, and a lapse after the latest term.
    let accounts = ACCOUNTS.replace("customer", "member");
    let rows = "m-1,a-1,Gold,2023-01-01,2023-12-31,100,USD,2024-01-20,2024-01-01,2024-01-20\n\
                m-1,a-1,Gold,2024-01-01,2024-12-31,100,USD,,2025-01-01,2025-02-15\n\
                m-1,a-1,Gold,2025-03-01,2026-02-28,100,USD,2026-02-20,,\n\
                m-1,a-1,Gold,2026-03-01,2027-02-28,100,USD,,2027-03-01,\n";
    let export = text_export(&accounts).with(
        CrmFile::Memberships,
        CsvSource::text(format!("{TERMS}{rows}")),
    );
    let book = load(&export, &ColumnMapping::default()).unwrap();
    let m = &book.to_data().memberships[0];
    assert_eq!(m.renewals.len(), 2);
    assert_eq!(m.lapses.len(), 3);
    assert_eq!(m.term_start.to_string(), "2026-03-01");
}

#[test]
fn overlapping_terms_are_refused_at_the_later_term() {
    assert_eq!(
        membership_problems(
            "m-1,a-1,Gold,2025-01-01,2025-12-31,100,USD,2025-12-20,,\n\
             m-1,a-1,Gold,2025-12-31,2026-12-30,100,USD,,,\n"
        ),
        [
            r#"memberships.csv row 3, column "term_start": membership "m-1" has a term starting on 2025-12-31, before the term of row 2 ends on 2025-12-31"#
        ]
    );
    // The next term may start the day after the last ends, or later.
    assert!(
        membership_problems(
            "m-1,a-1,Gold,2025-01-01,2025-12-31,100,USD,2025-12-20,,\n\
             m-1,a-1,Gold,2026-01-01,2026-12-31,100,USD,,,\n"
        )
        .is_empty()
    );
    // Two terms starting on one day stay one problem.
    assert_eq!(
        membership_problems(
            "m-1,a-1,Gold,2025-01-01,2025-12-31,100,USD,,,\n\
             m-1,a-1,Gold,2025-01-01,2025-12-31,100,USD,,,\n"
        ),
        [
            r#"memberships.csv row 3, column "term_start": membership "m-1" has another term starting on 2025-01-01 (row 2)"#
        ]
    );
}

// ---------------------------------------------------------------------------------
// A test-side writer: a book's accounts, contacts, opportunities, memberships,
// activities and reps as the CSV files the module documents.

fn csv_text(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).unwrap();
    for row in rows {
        w.write_record(&row).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

fn word<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

fn amount(m: &Money) -> String {
    let sign = if m.amount_minor < 0 { "-" } else { "" };
    let abs = m.amount_minor.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn write_export(data: &BookData) -> CrmExport {
    let accounts = data
        .accounts
        .iter()
        .map(|a| {
            let co = a
                .co_owners
                .iter()
                .map(|o| format!("{}:{}:{}", o.rep_id, word(&o.role), o.division_id))
                .collect::<Vec<_>>()
                .join(";");
            vec![
                a.id.to_string(),
                a.name.clone(),
                word(&a.kind),
                word(&a.status),
                opt(a.territory_zone.as_ref()),
                a.time_zone.clone(),
                a.primary_owner.rep_id.to_string(),
                word(&a.primary_owner.role),
                a.primary_owner.division_id.to_string(),
                co,
            ]
        })
        .collect();
    let contacts = data
        .contacts
        .iter()
        .map(|c| {
            let phone = |kind| {
                let found: Vec<_> = c.phones.iter().filter(|p| p.kind == kind).collect();
                assert!(found.len() <= 1, "one phone of each kind");
                opt(found.first().map(|p| &p.number))
            };
            let email = |primary| {
                opt(c
                    .emails
                    .iter()
                    .find(|e| e.primary == primary)
                    .map(|e| &e.address))
            };
            let birthday = c.birthday.map(|b| match b.year {
                Some(y) => format!("{y:04}-{:02}-{:02}", b.month, b.day),
                None => format!("--{:02}-{:02}", b.month, b.day),
            });
            let mut row = vec![
                c.id.to_string(),
                c.account_id.to_string(),
                c.name.clone(),
                opt(c.title.as_ref()),
                phone(PhoneKind::Work),
                phone(PhoneKind::Mobile),
                phone(PhoneKind::Home),
                email(true),
                email(false),
                opt(birthday),
                opt(c.time_zone.as_ref()),
                c.do_not_call.to_string(),
            ];
            for channel in [
                Channel::Call,
                Channel::Email,
                Channel::Voicemail,
                Channel::Text,
                Channel::Meeting,
                Channel::Webinar,
                Channel::Event,
            ] {
                row.push(opt(c.consent.get(&channel).map(word)));
            }
            row
        })
        .collect();
    let opportunities = data
        .opportunities
        .iter()
        .map(|o| {
            vec![
                o.id.to_string(),
                o.account_id.to_string(),
                opt(o.contact_id.as_ref()),
                o.owner_rep_id.to_string(),
                o.name.clone(),
                word(&o.stage),
                amount(&o.amount),
                o.amount.currency.clone(),
                opt(o.probability),
                o.created_on.to_string(),
                o.expected_close.to_string(),
                opt(o.next_step_due),
                opt(o.closed_on),
                opt(o.lost_to.as_ref()),
            ]
        })
        .collect();
    let mut terms = Vec::new();
    for m in &data.memberships {
        // Each renewal is a past term; the current term comes last. A lapse goes on the
        // latest term ending before it.
        let mut rows: Vec<(NaiveDateRange, Vec<String>)> = Vec::new();
        let base = |start: chrono::NaiveDate, end: chrono::NaiveDate, dues: &Money| {
            vec![
                m.id.to_string(),
                m.account_id.to_string(),
                m.tier.clone(),
                start.to_string(),
                end.to_string(),
                amount(dues),
                dues.currency.clone(),
                m.joined_on.to_string(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]
        };
        for r in &m.renewals {
            let mut row = base(r.term_start, r.term_end, &r.dues);
            row[8] = r.renewed_on.to_string();
            row[9] = r.paid_late.to_string();
            rows.push(((r.term_start, r.term_end), row));
        }
        rows.push((
            (m.term_start, m.term_end),
            base(m.term_start, m.term_end, &m.dues),
        ));
        for l in &m.lapses {
            let at = rows
                .iter()
                .rposition(|((_, end), _)| *end < l.lapsed_on)
                .unwrap_or(0);
            assert!(rows[at].1[10].is_empty(), "one lapse per term");
            rows[at].1[10] = l.lapsed_on.to_string();
            rows[at].1[11] = opt(l.reinstated_on);
        }
        terms.extend(rows.into_iter().map(|(_, row)| row));
    }
    let activities = data
        .activities
        .iter()
        .map(|a| {
            vec![
                a.id.to_string(),
                a.account_id.to_string(),
                opt(a.contact_id.as_ref()),
                a.rep_id.to_string(),
                a.at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                word(&a.channel),
                word(&a.direction),
                opt(a.outcome.as_ref().map(word)),
                opt(a.duration_seconds),
                opt(a.opportunity_id.as_ref()),
            ]
        })
        .collect();
    let division_name = |id: &DivisionId| {
        data.divisions
            .iter()
            .find(|d| &d.id == id)
            .map(|d| d.name.clone())
    };
    let team_name = |id: &TeamId| {
        data.teams
            .iter()
            .find(|t| &t.id == id)
            .map(|t| t.name.clone())
    };
    let reps = data
        .reps
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.name.clone(),
                word(&r.role),
                r.division_id.to_string(),
                opt(division_name(&r.division_id)),
                opt(r.team_id.as_ref()),
                opt(r.team_id.as_ref().and_then(team_name)),
                r.time_zone.clone(),
            ]
        })
        .collect();
    CrmExport::new(CsvSource::text(csv_text(
        CrmFile::Accounts.columns(),
        accounts,
    )))
    .with(
        CrmFile::Contacts,
        CsvSource::text(csv_text(CrmFile::Contacts.columns(), contacts)),
    )
    .with(
        CrmFile::Opportunities,
        CsvSource::text(csv_text(CrmFile::Opportunities.columns(), opportunities)),
    )
    .with(
        CrmFile::Memberships,
        CsvSource::text(csv_text(CrmFile::Memberships.columns(), terms)),
    )
    .with(
        CrmFile::Activities,
        CsvSource::text(csv_text(CrmFile::Activities.columns(), activities)),
    )
    .with(
        CrmFile::Reps,
        CsvSource::text(csv_text(CrmFile::Reps.columns(), reps)),
    )
}

type NaiveDateRange = (chrono::NaiveDate, chrono::NaiveDate);

/// What of a book the CSV files hold: no campaigns, events, tasks or hand-offs, and
/// activities without their campaign.
fn csv_part(data: &BookData) -> BookData {
    let mut part = data.clone();
    part.campaigns.clear();
    part.events.clear();
    part.tasks.clear();
    part.handoffs.clear();
    for a in &mut part.activities {
        a.campaign_id = None;
    }
    part
}

#[test]
fn the_fixture_book_round_trips_through_csv() {
    let book = Book::from_json(&std::fs::read_to_string(fixture_dir("sample_book.json")).unwrap())
        .unwrap();
    let again = load(&write_export(&book.to_data()), &ColumnMapping::default()).unwrap();
    assert_eq!(&again.to_data(), &csv_part(&book.to_data()));
}

/// Arbitrary cells: quotes, commas, line breaks, BOMs, non-ASCII, and the words the
/// columns take.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,12}",
        prop::sample::select(vec![
            "",
            "\"",
            ",",
            "\r\n",
            "\u{feff}",
            "yes",
            "member",
            "closed_won",
            "2026-02-29",
            "2026-03-08T14:30:00Z",
            "1200.00",
            "-1",
            "70%",
            "NaN",
            "UTC",
            "Mars/Base",
            "r:sales:d",
            "a-1",
            "rep-1",
            "div-1",
            "--02-29",
            "99999999999999999999",
        ])
        .prop_map(str::to_owned),
    ]
}

fn random_file(file: CrmFile) -> impl Strategy<Value = String> {
    let columns: Vec<&'static str> = file.columns().to_vec();
    (
        prop::sample::subsequence(columns.clone(), 0..=columns.len()),
        prop::collection::vec(prop::collection::vec(cell(), 0..12), 0..6),
        any::<bool>(),
    )
        .prop_map(move |(header, rows, crlf)| {
            let end = if crlf { "\r\n" } else { "\n" };
            let mut text = header.join(",") + end;
            for row in rows {
                let quoted: Vec<String> = row
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        if i % 2 == 0 {
                            format!("\"{}\"", c.replace('"', "\"\""))
                        } else {
                            c.clone()
                        }
                    })
                    .collect();
                text += &(quoted.join(",") + end);
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A sample book, written as the documented CSV files, reads back as the same book.
    #[test]
    fn a_sample_book_round_trips_through_csv(seed in any::<u64>(), members in 1u32..12) {
        let book = sample_book(&SampleConfig::new(seed, members)).unwrap();
        let again = load(&write_export(&book.to_data()), &ColumnMapping::default())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&again.to_data(), &csv_part(&book.to_data()));
    }

    /// No input panics; every problem names a file and a row that exists.
    #[test]
    fn random_files_never_panic(
        accounts in random_file(CrmFile::Accounts),
        contacts in random_file(CrmFile::Contacts),
        opportunities in random_file(CrmFile::Opportunities),
        memberships in random_file(CrmFile::Memberships),
        activities in random_file(CrmFile::Activities),
        reps in proptest::option::of(random_file(CrmFile::Reps)),
    ) {
        let mut export = CrmExport::new(CsvSource::text(accounts))
            .with(CrmFile::Contacts, CsvSource::text(contacts))
            .with(CrmFile::Opportunities, CsvSource::text(opportunities))
            .with(CrmFile::Memberships, CsvSource::text(memberships))
            .with(CrmFile::Activities, CsvSource::text(activities));
        if let Some(reps) = reps {
            export = export.with(CrmFile::Reps, CsvSource::text(reps));
        }
        let usd = ColumnMapping { default_currency: Some("USD".into()), ..Default::default() };
        match load(&export, &usd) {
            Ok(book) => prop_assert_eq!(Book::from_json(&book.to_json()).unwrap(), book),
            Err(Error::CrmExport { problems }) => {
                prop_assert!(!problems.is_empty());
                for p in &problems {
                    prop_assert!(p.file.ends_with(".csv") && p.row >= 1, "{}", p);
                }
            }
            Err(other) => prop_assert!(false, "unexpected {other:?}"),
        }
    }
}

#[test]
fn a_path_holding_the_files_text_is_refused_without_repeating_it() {
    let text = "account_id,name\na-1,Maria Reyes\n";
    let export = CrmExport::new(CsvSource::Path(text.into()));
    match callwise::crm::load(&export, &ColumnMapping::default()) {
        Err(callwise::Error::InvalidArgument { name, reason }) => {
            assert_eq!(name, "accounts");
            assert!(!reason.contains("Maria"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

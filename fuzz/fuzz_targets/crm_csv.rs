//! CRM exports: `callwise::crm::load` on in-memory CSV text.
//!
//! Input: header `OTHER [bytes]` (`OTHER` names the second file: contacts,
//! opportunities, memberships, activities or reps; `bytes` hands both files over as
//! bytes instead of text); section 0 is the accounts file, section 1 the other file,
//! section 2 the column mapping's JSON (the default mapping when empty).
//!
//! Promises: a typed error (`CrmExport` listing at least one problem, each with its
//! file, a row (the header is row 1) and a message; `InvalidArgument` for a mapping refused), or a valid book: it reads
//! back from its own JSON to the same bytes, and it holds one account per record of
//! the accounts file as an independent CSV reader (the `csv` crate) counts them, so no
//! row was merged or dropped silently.
#![no_main]

use callwise::crm::{ColumnMapping, CrmExport, CrmFile, CsvSource, load};
use callwise::{Book, Error};
use callwise_fuzz::{Input, typed};
use libfuzzer_sys::{Corpus, fuzz_target};

/// The records of a CSV text with a header row, as the `csv` crate reads them, leaving
/// out records whose every cell is empty; `None` when it refuses the text.
fn records(text: &str) -> Option<usize> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut n = 0;
    for record in reader.records() {
        if record.ok()?.iter().any(|cell| !cell.trim().is_empty()) {
            n += 1;
        }
    }
    Some(n)
}

fuzz_target!(|data: &[u8]| -> Corpus {
    let Some(input) = Input::read(data) else {
        return Corpus::Reject;
    };
    let other = CrmFile::from_name(input.token(0).unwrap_or("contacts"))
        .ok()
        .filter(|f| *f != CrmFile::Accounts)
        .unwrap_or(CrmFile::Contacts);
    let source = |text: &str| {
        if input.token(1) == Some("bytes") {
            CsvSource::Bytes(text.as_bytes().to_vec())
        } else {
            CsvSource::text(text)
        }
    };
    let accounts = input.section(0);
    let mapping = match input.section(2).trim() {
        "" => ColumnMapping::default(),
        json => match ColumnMapping::from_json(json) {
            Ok(m) => m,
            Err(err) => {
                typed(&err, "ColumnMapping::from_json", |e| {
                    matches!(e, Error::InvalidArgument { .. })
                });
                return Corpus::Keep;
            }
        },
    };
    let export = CrmExport::new(source(accounts)).with(other, source(input.section(1)));
    match load(&export, &mapping) {
        Ok(book) => {
            let json = book.to_json();
            let again = Book::from_json(&json)
                .unwrap_or_else(|e| panic!("a loaded book does not read back: {e}"));
            assert_eq!(
                again.to_json(),
                json,
                "a loaded book's JSON is not a fixed point"
            );
            // A BOM before the header is the loader's to strip; the csv crate keeps it
            // in the first header, which changes no count.
            if let Some(n) = records(accounts) {
                assert_eq!(
                    book.accounts().len(),
                    n,
                    "the accounts file has {n} records, the book {} accounts",
                    book.accounts().len()
                );
            }
        }
        Err(err) => typed(&err, "crm::load", |e| match e {
            Error::CrmExport { problems } => {
                !problems.is_empty()
                    && problems
                        .iter()
                        .all(|p| p.row >= 1 && !p.file.is_empty() && !p.problem.is_empty())
            }
            Error::InvalidArgument { .. } => true,
            _ => false,
        }),
    }
    Corpus::Keep
});

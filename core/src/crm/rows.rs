//! Splitting a CSV file's bytes into rows of cells, strictly (RFC 4180), numbering the
//! rows as a spreadsheet does.
//!
//! Cells are separated by commas and rows by CRLF, LF or CR. A cell that starts with
//! `"` is quoted: it runs to the next lone `"` (a doubled `""` is one quote inside it)
//! and may hold commas and line breaks; a `"` anywhere else in an unquoted cell is
//! text. Rows are numbered from 1 as a spreadsheet numbers them: a blank line is a row
//! (it gives no cells), a quoted line break is not a new row.
//!
//! What RFC 4180 does not allow, and what a stray quote leaves behind, is reported on
//! the row where the quote opens rather than read some other way:
//! - text after a cell's closing quote (`"Zenith" Inc`): when the quoted part stayed on
//!   its line, that row is not read; when it ran over a line end, the quote has merged
//!   rows, and the rest of the file cannot be split (reading stops);
//! - a quoted cell that runs past the end of its line although that line, read with the
//!   quote as text, holds exactly the cells the header names: a stray quote that would
//!   merge this row with the next (reading stops);
//! - a quoted cell never closed (reading stops);
//! - a row longer than [`MAX_ROW_BYTES`] (reading stops: the file is not a CSV export,
//!   or a quote has swallowed it).

use std::borrow::Cow;

/// The longest row read, in bytes (4 MiB): room for several of a CRM's longest text
/// fields (Salesforce's long text areas hold 131,072 characters), far below a file
/// that is not CSV at all. A longer row is one problem, and the file's rows are not
/// read.
///
/// # Example
/// ```
/// use callwise::crm::{load, CrmExport, CsvSource, MAX_ROW_BYTES};
/// let binary = format!("account_id\n{}", "x".repeat(MAX_ROW_BYTES + 1));
/// match load(&CrmExport::new(CsvSource::text(binary)), &Default::default()) {
///     Err(callwise::Error::CrmExport { problems }) => {
///         assert!(problems.iter().any(|p| p.row == 2 && p.problem.contains("longer than")))
///     }
///     other => panic!("{other:?}"),
/// }
/// ```
pub const MAX_ROW_BYTES: usize = 4 << 20;

/// What the splitter found next.
#[derive(Debug, PartialEq)]
pub(super) enum Item<'a> {
    /// A row's cells, quotes removed (not trimmed, not yet read as text).
    Row { row: u64, cells: Vec<Cow<'a, [u8]>> },
    /// A row that cannot be split into cells; splitting goes on at the next row. `cell`
    /// is the position of the cell at fault.
    BadRow {
        row: u64,
        cell: usize,
        problem: String,
    },
    /// The rest of the file cannot be split into rows; nothing follows.
    Stop {
        row: u64,
        cell: Option<usize>,
        problem: String,
    },
}

/// The rows of a file's bytes (a byte-order mark already removed), in order.
pub(super) struct Splitter<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// The number of the next row.
    row: u64,
    /// The number of cells of the first row (the header), once read.
    header: Option<usize>,
    stopped: bool,
}

/// The length of the line end at `at` (`\r\n`, `\n` or `\r`), if there is one.
fn line_end(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at)? {
        b'\r' if bytes.get(at + 1) == Some(&b'\n') => Some(2),
        b'\r' | b'\n' => Some(1),
        _ => None,
    }
}

const ADVICE: &str = "quote a cell whole, and write a quote inside a quoted cell as \"\"";

impl<'a> Splitter<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            pos: 0,
            row: 1,
            header: None,
            stopped: false,
        }
    }

    fn stop(&mut self, row: u64, cell: Option<usize>, problem: String) -> Item<'a> {
        self.stopped = true;
        Item::Stop { row, cell, problem }
    }

    /// The quoted cell opening at `self.pos`, the `k`th of row `row`, and whether text
    /// follows its closing quote; the position is then past the cell.
    fn quoted(&mut self, row: u64, k: usize) -> Result<(Cow<'a, [u8]>, bool), Item<'a>> {
        let b = self.bytes;
        let body = self.pos + 1;
        let (mut i, mut escaped, mut broke_line) = (body, false, false);
        loop {
            match b.get(i) {
                None => {
                    return Err(self.stop(
                        row,
                        Some(k),
                        format!(
                            "a quoted cell opened on row {row} is never closed (a closing \" is \
                             missing), so the rest of the file is inside it and the file's rows \
                             are not read"
                        ),
                    ));
                }
                Some(b'"') if b.get(i + 1) == Some(&b'"') => {
                    escaped = true;
                    i += 2;
                }
                Some(b'"') => break,
                Some(b'\r' | b'\n') if !broke_line => {
                    broke_line = true;
                    let commas = b[body..i].iter().filter(|&&c| c == b',').count();
                    if commas > 0 && self.header.is_some_and(|n| k + 1 + commas == n) {
                        let n = k + 1 + commas;
                        return Err(self.stop(
                            row,
                            Some(k),
                            format!(
                                "a quote opens this cell and runs past the end of row {row}, \
                                 whose line holds exactly the header's {n} cells if the quote \
                                 is a stray character: a stray quote would merge this row with \
                                 the next ({ADVICE}); the file's rows are not read"
                            ),
                        ));
                    }
                    i += 1;
                }
                Some(_) => i += 1,
            }
        }
        self.pos = i + 1;
        let text_after = !matches!(b.get(self.pos), None | Some(b',' | b'\r' | b'\n'));
        if text_after {
            if broke_line {
                return Err(self.stop(
                    row,
                    Some(k),
                    format!(
                        "a quoted cell opened on row {row} runs past the end of its line and its \
                         closing quote is followed by text: a stray quote has merged rows \
                         ({ADVICE}); the file's rows are not read"
                    ),
                ));
            }
            // The row will not be read; the cell ends where an unquoted one would (a
            // quote in it is text), as the csv crate reads it.
            self.pos = unquoted_end(b, self.pos);
        }
        let text = &b[body..i];
        let cell = if escaped {
            let mut unescaped = Vec::with_capacity(text.len());
            let mut j = 0;
            while j < text.len() {
                unescaped.push(text[j]);
                j += if text[j] == b'"' { 2 } else { 1 };
            }
            Cow::Owned(unescaped)
        } else {
            Cow::Borrowed(text)
        };
        Ok((cell, text_after))
    }
}

/// Where the unquoted cell at `at` ends: the next comma or line end, or the end.
fn unquoted_end(bytes: &[u8], at: usize) -> usize {
    bytes[at..]
        .iter()
        .position(|&c| matches!(c, b',' | b'\r' | b'\n'))
        .map_or(bytes.len(), |n| at + n)
}

impl<'a> Iterator for Splitter<'a> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        let b = self.bytes;
        if self.stopped {
            return None;
        }
        // Blank lines are rows without cells.
        while let Some(len) = line_end(b, self.pos) {
            self.pos += len;
            self.row += 1;
        }
        if self.pos >= b.len() {
            return None;
        }
        let (row, start) = (self.row, self.pos);
        self.row += 1;
        let mut cells = Vec::new();
        // The first cell whose closing quote text follows: the row is not read.
        let mut text_after = None;
        loop {
            if b.get(self.pos) == Some(&b'"') {
                match self.quoted(row, cells.len()) {
                    Ok((cell, after)) => {
                        if after && text_after.is_none() {
                            text_after = Some(cells.len());
                        }
                        cells.push(cell);
                    }
                    Err(item) => return Some(item),
                }
            } else {
                let end = unquoted_end(b, self.pos);
                cells.push(Cow::Borrowed(&b[self.pos..end]));
                self.pos = end;
            }
            if self.pos - start > MAX_ROW_BYTES {
                let problem = format!(
                    "row {row} is longer than {MAX_ROW_BYTES} bytes (4 MiB): is the file a CSV \
                     export? the file's rows are not read"
                );
                return Some(self.stop(row, None, problem));
            }
            match b.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(_) => {
                    self.pos += line_end(b, self.pos).unwrap_or(0);
                    break;
                }
                None => break,
            }
        }
        self.header.get_or_insert(cells.len());
        Some(match text_after {
            Some(cell) => Item::BadRow {
                row,
                cell,
                problem: format!("text follows the closing quote of this cell ({ADVICE})"),
            },
            None => Item::Row { row, cells },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The csv crate's records of `text` (flexible rows, empty lines skipped), and
    /// whether it left a quoted cell open at the end (a line added after the text then
    /// lands inside the last record).
    fn csv_crate(text: &str) -> (Vec<Vec<String>>, bool) {
        let read = |text: String| -> Vec<Vec<String>> {
            csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes())
                .records()
                .map(|r| r.unwrap().iter().map(str::to_owned).collect())
                .collect()
        };
        let records = read(text.to_owned());
        let open = read(format!("{text}\nzq\n")).last() != Some(&vec!["zq".to_owned()]);
        (records, open)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Against the csv crate (BurntSushi's, which the Rust ecosystem reads CSV
        /// with): where the splitter finds nothing wrong it gives exactly the csv crate's
        /// records; a quote left open is always found; rows are numbered as lines, a
        /// quoted line break and the CRLF pair not counting.
        #[test]
        fn rows_agree_with_the_csv_crate_where_the_file_is_rfc_4180(
            header_cells in 1usize..4,
            body in prop::collection::vec(prop::sample::select(vec!["\"", ",", "\n", "\r\n", "\r", "a", " ", "\"\""]), 0..30),
        ) {
            let header = vec!["h"; header_cells].join(",");
            let text = format!("{header}\n{}", body.concat());
            let items: Vec<Item<'_>> = Splitter::new(text.as_bytes()).collect();
            let (records, open) = csv_crate(&text);
            let clean = items.iter().all(|i| matches!(i, Item::Row { .. }));
            if open {
                prop_assert!(matches!(items.last(), Some(Item::Stop { .. })), "{:?}: {:?}", text, items);
            }
            if !items.iter().any(|i| matches!(i, Item::Stop { .. })) {
                // Rows read or refused, the splitter ends rows where the csv crate does.
                prop_assert_eq!(items.len(), records.len(), "{:?}: {:?}", text, items);
            }
            if clean {
                let ours: Vec<Vec<String>> = items
                    .iter()
                    .map(|i| match i {
                        Item::Row { cells, .. } => cells.iter().map(|c| String::from_utf8(c.to_vec()).unwrap()).collect(),
                        _ => unreachable!(),
                    })
                    .collect();
                prop_assert_eq!(&ours, &records, "{:?}", text);
                // Row numbers: the line breaks outside quotes before the row, plus one.
                for item in &items {
                    let Item::Row { row, .. } = item else { unreachable!() };
                    prop_assert!(*row >= 1);
                }
                let rows: Vec<u64> = items.iter().map(|i| match i { Item::Row { row, .. } => *row, _ => 0 }).collect();
                prop_assert!(rows.windows(2).all(|w| w[0] < w[1]), "{:?}", rows);
            }
        }
    }

    fn rows(text: &str) -> Vec<(u64, Vec<String>)> {
        Splitter::new(text.as_bytes())
            .map(|item| match item {
                Item::Row { row, cells } => (
                    row,
                    cells
                        .iter()
                        .map(|c| String::from_utf8(c.to_vec()).unwrap())
                        .collect(),
                ),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn blank_lines_are_rows_and_quoted_line_breaks_are_not() {
        assert_eq!(
            rows("a,b\r\n\r\n\"x\ny\",\"q\"\"t\"\rz,\n"),
            [
                (1, vec!["a".to_owned(), "b".to_owned()]),
                (3, vec!["x\ny".to_owned(), "q\"t".to_owned()]),
                (4, vec!["z".to_owned(), String::new()]),
            ]
        );
    }

    #[test]
    fn a_stray_quote_is_reported_where_it_opens() {
        let text = "a,b,c\n1,\"x,y\n2,3,4\n";
        let items: Vec<_> = Splitter::new(text.as_bytes()).collect();
        assert!(
            matches!(
                &items[1],
                Item::Stop {
                    row: 2,
                    cell: Some(1),
                    ..
                }
            ),
            "{items:?}"
        );
        assert_eq!(items.len(), 2);
        // Text after a closing quote on the same line: that row only.
        let text = "a,b\n\"x\" y,1\n2,3\n";
        let items: Vec<_> = Splitter::new(text.as_bytes()).collect();
        assert!(
            matches!(
                &items[1],
                Item::BadRow {
                    row: 2,
                    cell: 0,
                    ..
                }
            ),
            "{items:?}"
        );
        assert!(matches!(&items[2], Item::Row { row: 3, .. }), "{items:?}");
    }
}

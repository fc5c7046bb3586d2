//! Reading one CSV file into a table of cells: headers, rows, quoting and encodings.

use super::columns::*;
use super::*;
use crate::error::{Error, Result};
use std::collections::HashMap;

/// A header as compared: trimmed, lower case.
pub(super) fn normalise_header(header: &str) -> String {
    header.trim().to_lowercase()
}

/// Whether a quoted cell is still open at the end of `bytes`, read as the csv reader
/// reads them (RFC 4180): a `"` opens a quoted cell only at the start of a cell (elsewhere
/// in an unquoted cell it is kept as text); inside a quoted cell `""` is a quote and a
/// lone `"` closes the quoting (what follows it up to the next comma or line end is
/// unquoted text).
pub(super) fn quote_left_open(bytes: &[u8]) -> bool {
    #[derive(PartialEq)]
    enum State {
        CellStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::CellStart;
    for &b in bytes {
        state = match (state, b) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::CellStart | State::QuoteInQuoted, b'"') => State::Quoted,
            (_, b',' | b'\r' | b'\n') => State::CellStart,
            _ => State::Unquoted,
        };
    }
    state == State::Quoted
}

/// One file, read into rows of trimmed cells.
pub(super) struct Table {
    pub(super) file: CrmFile,
    /// The name problems give the file.
    pub(super) name: String,
    /// Each callwise column found in the header: its position and header as written.
    pub(super) columns: HashMap<&'static str, (usize, String)>,
    /// The rows to read: row number (header = 1) and cells.
    pub(super) rows: Vec<(u64, Vec<String>)>,
    /// Whether every required column is there (otherwise no row is read).
    pub(super) complete: bool,
}

/// The longest path this reads (Linux's `PATH_MAX`, in bytes).
pub(super) const MAX_PATH_BYTES: usize = 4096;

/// A "path" with a line break, or longer than any path, is the file's text given where
/// its path goes: refused without repeating it (it would put the export's personal data
/// into the error, as the path of a file that cannot be read).
pub(super) fn refuse_text_as_path(file: CrmFile, path: &std::path::Path) -> Result<()> {
    let bytes = path.as_os_str().as_encoded_bytes();
    let why = if bytes.contains(&b'\n') || bytes.contains(&b'\r') {
        "holds a line break"
    } else if bytes.len() > MAX_PATH_BYTES {
        "is longer than any path"
    } else {
        return Ok(());
    };
    Err(Error::invalid_argument(
        file.as_str(),
        format!(
            "the path {why}: it looks like the file's text (not shown); give text in memory \
             as text (CsvSource::Text; in Python io.StringIO(text), in Kotlin CsvSource.Text)"
        ),
    ))
}

impl Table {
    pub(super) fn read(
        file: CrmFile,
        source: &CsvSource,
        name: String,
        mapping: &ColumnMapping,
        problems: &mut Vec<RowProblem>,
    ) -> Result<Self> {
        let owned;
        let bytes: &[u8] = match source {
            CsvSource::Path(path) => {
                refuse_text_as_path(file, path)?;
                owned = std::fs::read(path).map_err(|err| Error::FileRead {
                    path: path.display().to_string(),
                    reason: err.to_string(),
                })?;
                &owned
            }
            CsvSource::Text(text) => text.as_bytes(),
            CsvSource::Bytes(bytes) => bytes,
        };
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut table = Self {
            file,
            name,
            columns: HashMap::new(),
            rows: Vec::new(),
            complete: false,
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut header_len = None;
        let mut header: Vec<String> = Vec::new();
        let mut record = csv::ByteRecord::new();
        let mut row: u64 = 0;
        // The problems before the latest record, and its number of cells.
        let mut before_record = problems.len();
        let mut record_cells = 0;
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(err) => {
                    // Reading from memory with flexible rows cannot fail; should it,
                    // say so once and stop rather than loop.
                    problems.push(table.problem(row + 1, "", format!("cannot be read: {err}")));
                    break;
                }
            }
            row += 1;
            before_record = problems.len();
            record_cells = record.len();
            let cells: Option<Vec<String>> = record
                .iter()
                .map(|cell| std::str::from_utf8(cell).ok().map(|s| s.trim().to_owned()))
                .collect();
            let Some(cells) = cells else {
                problems.push(table.problem(
                    row,
                    "",
                    "is not UTF-8 text (save the export as UTF-8)".to_owned(),
                ));
                if header_len.is_none() {
                    return Ok(table);
                }
                continue;
            };
            match header_len {
                None => {
                    header_len = Some(cells.len());
                    table.read_header(&cells, mapping, problems);
                    header = cells;
                }
                Some(n) => {
                    if cells.iter().all(String::is_empty) {
                        continue;
                    }
                    if cells.len() != n {
                        problems.push(table.problem(
                            row,
                            "",
                            format!("has {} cells, the header has {n}", cells.len()),
                        ));
                        continue;
                    }
                    table.rows.push((row, cells));
                }
            }
        }
        if header_len.is_none() {
            problems.push(table.problem(
                1,
                "",
                "the file is empty: it has no header row".to_owned(),
            ));
            table.complete = false;
        }
        if row > 0 && quote_left_open(bytes) {
            // The reader ends the last record at the end of the input, without an error,
            // when a quoted cell is still open: that record holds the rest of the file
            // (its other problems are artefacts of that), the open cell being its last.
            problems.truncate(before_record);
            let column = match record_cells.checked_sub(1) {
                Some(at) if row > 1 => header.get(at).map_or("", String::as_str),
                _ => "",
            };
            problems.push(table.problem(
                row,
                column,
                format!(
                    "a quoted cell opened on row {row} is never closed (a closing \" is missing), \
                     so the rest of the file is inside it and the file's rows are not read"
                ),
            ));
            table.complete = false;
        }
        if !table.complete {
            table.rows.clear();
        }
        Ok(table)
    }

    pub(super) fn read_header(
        &mut self,
        cells: &[String],
        mapping: &ColumnMapping,
        problems: &mut Vec<RowProblem>,
    ) {
        let headers: Vec<String> = cells.iter().map(|h| normalise_header(h)).collect();
        self.complete = true;
        for &column in self.file.columns() {
            let wanted = mapping.header(self.file, column);
            let key = normalise_header(wanted);
            let found: Vec<usize> = (0..headers.len()).filter(|&i| headers[i] == key).collect();
            match found.as_slice() {
                [] => {
                    if self.file.is_required(column, mapping) {
                        problems.push(self.problem(
                            1,
                            wanted.trim(),
                            "required column is missing".to_owned(),
                        ));
                        self.complete = false;
                    }
                }
                [at] => {
                    self.columns.insert(column, (*at, cells[*at].clone()));
                }
                many => {
                    problems.push(self.problem(
                        1,
                        &cells[many[0]],
                        format!("the column appears {} times in the header", many.len()),
                    ));
                    self.complete = false;
                }
            }
        }
    }

    pub(super) fn problem(&self, row: u64, column: &str, problem: String) -> RowProblem {
        RowProblem {
            file: self.name.clone(),
            row,
            column: column.to_owned(),
            problem,
        }
    }

    /// The header `column` has in this file, or the one looked for when it is absent.
    pub(super) fn header(&self, column: &str, mapping: &ColumnMapping) -> String {
        match self.columns.get(column) {
            Some((_, header)) => header.clone(),
            None => mapping.header(self.file, column).trim().to_owned(),
        }
    }
}

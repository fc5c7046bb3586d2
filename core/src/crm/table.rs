//! Reading one CSV file into a table of cells: headers, rows, quoting and encodings.

use super::columns::*;
use super::rows::{Item, Splitter};
use super::*;
use crate::error::{Error, Result};
use std::collections::HashMap;

/// A header as compared: trimmed, lower case.
pub(super) fn normalise_header(header: &str) -> String {
    header.trim().to_lowercase()
}

/// One row of a file: its number (the header is row 1) and its cells, trimmed, kept
/// in one string (a row of ten short cells costs one allocation, not ten).
pub(super) struct Row {
    pub(super) number: u64,
    text: Box<str>,
    /// Where each cell ends in `text`.
    ends: Box<[u32]>,
}

impl Row {
    /// A row of `cells`, which together are at most `MAX_ROW_BYTES` long.
    fn new(number: u64, cells: &[&str]) -> Self {
        let mut text = String::with_capacity(cells.iter().map(|c| c.len()).sum());
        let mut ends = Vec::with_capacity(cells.len());
        for cell in cells {
            text.push_str(cell);
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        }
        Self {
            number,
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        }
    }

    /// The `i`th cell.
    pub(super) fn cell(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = i.checked_sub(1).map_or(0, |j| self.ends[j] as usize);
        self.text.get(start..end)
    }
}

/// One file, read into rows of trimmed cells.
pub(super) struct Table {
    pub(super) file: CrmFile,
    /// The name problems give the file.
    pub(super) name: String,
    /// Each callwise column found in the header: its position and header as written.
    pub(super) columns: HashMap<&'static str, (usize, String)>,
    /// The rows to read.
    pub(super) rows: Vec<Row>,
    /// Whether every required column is there (otherwise no row is read).
    pub(super) complete: bool,
}

/// The most bytes callwise reads from one CRM export, its files together (2 GiB).
///
/// Loading holds the rows read and the book they become: about 5.5 times the files'
/// size at its peak (measured on sample exports of 218 MB, two million activities), so
/// an export at the limit needs about 12 GB. The columnar book (see DESIGN.md) will
/// lower that, and the limit with it.
///
/// # Example
/// ```
/// // Whether an export on disk fits, before loading it.
/// let files = ["export/accounts.csv", "export/activities.csv"];
/// let total: u64 = files.iter().filter_map(|f| std::fs::metadata(f).ok()).map(|m| m.len()).sum();
/// let fits = total <= callwise::crm::MAX_EXPORT_BYTES;
/// assert!(fits); // (these files do not exist: 0 bytes)
/// ```
pub const MAX_EXPORT_BYTES: u64 = 2 << 30;

/// Why a file is refused: with the files before it, the export would hold `total` bytes.
fn too_large(total: u64) -> String {
    format!(
        "the export's files hold {total} bytes or more with this one, more than the \
         {MAX_EXPORT_BYTES} callwise reads from one export (split the export)"
    )
}

/// The bytes of the file at `path`: a regular file of at most `budget` bytes (`used`
/// bytes of the export having been read before it). A directory, a device or a pipe is
/// refused before it is read: `/dev/zero` would never end, and opening a FIFO with no
/// writer would never return.
fn read_file(path: &std::path::Path, budget: u64, used: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let refuse = |reason: String| Error::FileRead {
        path: path.display().to_string(),
        reason,
    };
    let regular = |meta: std::fs::Metadata| {
        if !meta.is_file() {
            return Err(refuse(
                "not a regular file (a directory, a device or a pipe): give the file's text \
                 or bytes instead"
                    .to_owned(),
            ));
        }
        if meta.len() > budget {
            return Err(refuse(too_large(used.saturating_add(meta.len()))));
        }
        Ok(meta.len())
    };
    regular(std::fs::metadata(path).map_err(|err| refuse(err.to_string()))?)?;
    let file = std::fs::File::open(path).map_err(|err| refuse(err.to_string()))?;
    // The file may have changed since: check what was opened, and read no more than
    // the budget allows.
    let len = regular(file.metadata().map_err(|err| refuse(err.to_string()))?)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(budget.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| refuse(err.to_string()))?;
    if bytes.len() as u64 > budget {
        return Err(refuse(too_large(used + bytes.len() as u64)));
    }
    Ok(bytes)
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
    /// Reads one file of an export; `used` is the bytes of the export read before it
    /// (together they may not pass [`MAX_EXPORT_BYTES`]), and grows by this file's.
    pub(super) fn read(
        file: CrmFile,
        source: &CsvSource,
        name: String,
        mapping: &ColumnMapping,
        problems: &mut Vec<RowProblem>,
        used: &mut u64,
    ) -> Result<Self> {
        let budget = MAX_EXPORT_BYTES.saturating_sub(*used);
        let owned;
        let bytes: &[u8] = match source {
            CsvSource::Path(path) => {
                refuse_text_as_path(file, path)?;
                owned = read_file(path, budget, *used)?;
                &owned
            }
            CsvSource::Text(text) => text.as_bytes(),
            CsvSource::Bytes(bytes) => bytes,
        };
        if bytes.len() as u64 > budget {
            return Err(Error::invalid_argument(
                file.as_str(),
                too_large(*used + bytes.len() as u64),
            ));
        }
        *used += bytes.len() as u64;
        // A byte-order mark is allowed at the start of the file only.
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut table = Self {
            file,
            name,
            columns: HashMap::new(),
            rows: Vec::new(),
            complete: false,
        };
        // The header's cells once read.
        let mut header: Option<Vec<String>> = None;
        let column = |header: &Option<Vec<String>>, at: Option<usize>| match (header, at) {
            (Some(h), Some(at)) => h.get(at).cloned().unwrap_or_default(),
            _ => String::new(),
        };
        for item in Splitter::new(bytes) {
            let (row, cells) = match item {
                Item::Row { row, cells } => (row, cells),
                Item::BadRow { row, cell, problem } => {
                    problems.push(table.problem(row, &column(&header, Some(cell)), problem));
                    if header.is_none() {
                        return Ok(table);
                    }
                    continue;
                }
                Item::Stop { row, cell, problem } => {
                    problems.push(table.problem(row, &column(&header, cell), problem));
                    table.complete = false;
                    table.rows.clear();
                    return Ok(table);
                }
            };
            let Some(cells) = table.cells(row, &cells, header.as_deref(), problems) else {
                if header.is_none() {
                    return Ok(table);
                }
                continue;
            };
            match &header {
                None => {
                    table.read_header(row, &cells, mapping, problems);
                    header = Some(cells.iter().map(|c| (*c).to_owned()).collect());
                }
                Some(h) => {
                    if cells.iter().all(|c| c.is_empty()) {
                        continue;
                    }
                    if cells.len() != h.len() {
                        problems.push(table.problem(
                            row,
                            "",
                            format!("has {} cells, the header has {}", cells.len(), h.len()),
                        ));
                        continue;
                    }
                    table.rows.push(Row::new(row, &cells));
                }
            }
        }
        if header.is_none() {
            problems.push(table.problem(
                1,
                "",
                "the file is empty: it has no header row".to_owned(),
            ));
            table.complete = false;
        }
        if !table.complete {
            table.rows.clear();
        }
        Ok(table)
    }

    /// The cells of row `row` as trimmed text, or None (with the problems) when a cell
    /// is not UTF-8 or holds a NUL or a byte-order mark: such a row is not read.
    fn cells<'c>(
        &self,
        row: u64,
        cells: &'c [std::borrow::Cow<'_, [u8]>],
        header: Option<&[String]>,
        problems: &mut Vec<RowProblem>,
    ) -> Option<Vec<&'c str>> {
        let Ok(texts) = cells
            .iter()
            .map(|cell| std::str::from_utf8(cell))
            .collect::<std::result::Result<Vec<&str>, _>>()
        else {
            problems.push(self.problem(
                row,
                "",
                "is not UTF-8 text (save the export as UTF-8)".to_owned(),
            ));
            return None;
        };
        let before = problems.len();
        for (at, cell) in texts.iter().enumerate() {
            let why = if cell.contains('\0') {
                "holds a NUL character (U+0000), which no CRM text has: is the file UTF-8 text?"
            } else if cell.contains('\u{FEFF}') {
                "holds a byte-order mark (U+FEFF), which belongs only at the start of a file"
            } else {
                continue;
            };
            let column = header.and_then(|h| h.get(at)).map_or("", String::as_str);
            problems.push(self.problem(row, column, why.to_owned()));
        }
        (problems.len() == before).then(|| texts.into_iter().map(str::trim).collect())
    }

    pub(super) fn read_header(
        &mut self,
        row: u64,
        cells: &[&str],
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
                            row,
                            wanted.trim(),
                            "required column is missing".to_owned(),
                        ));
                        self.complete = false;
                    }
                }
                [at] => {
                    self.columns.insert(column, (*at, cells[*at].to_owned()));
                }
                many => {
                    problems.push(self.problem(
                        row,
                        cells[many[0]],
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

//! Reading what offices keep: CSV files (with or without a byte-order mark,
//! comma, semicolon or tab separated, CRLF, quoted line breaks) and XLSX
//! workbooks, into tables of cells with the row numbers a spreadsheet shows.

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader};

use super::msg::msg;
use crate::exchange::{ExchangeError, Result};

/// The largest file read: 256 MiB (a register of 100,000 agreements is
/// about 30 MiB).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// The longest line of a CSV file: 1 MiB.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;
/// The most rows of one CSV file or worksheet.
pub const MAX_ROWS: usize = 1_000_000;

fn too_big(path: &str) -> ExchangeError {
    ExchangeError::Options(msg!("limit_size", path = path, mib = MAX_FILE_BYTES >> 20))
}

fn too_many_rows(path: &str) -> ExchangeError {
    ExchangeError::Options(msg!("limit_rows", path = path, rows = MAX_ROWS))
}

/// Reads a CSV file (or a pipe, or a device) up to the stated limits,
/// stopping as soon as the file is too big or a line too long, so an
/// endless input such as /dev/zero ends with a message, not all memory.
pub fn read_limited(path: &Path) -> Result<Vec<u8>> {
    let shown = path.display().to_string();
    let failed =
        |e: std::io::Error| ExchangeError::Options(msg!("cannot_read", path = shown, detail = e));
    let mut file = std::fs::File::open(path).map_err(failed)?;
    let known = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    if known.is_some_and(|n| n > MAX_FILE_BYTES) {
        return Err(too_big(&shown));
    }
    let mut out = Vec::with_capacity(known.unwrap_or(0).min(MAX_FILE_BYTES) as usize);
    let mut chunk = vec![0u8; 64 * 1024];
    let mut line = 0usize;
    let mut lines = 1usize;
    loop {
        let n = match file.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(failed(e)),
        };
        let got = chunk.get(..n).unwrap_or_default();
        for b in got {
            if *b == b'\n' {
                line = 0;
                lines += 1;
            } else {
                line += 1;
                if line > MAX_LINE_BYTES {
                    return Err(ExchangeError::Options(msg!(
                        "limit_line",
                        path = shown,
                        line = lines,
                        mib = MAX_LINE_BYTES >> 20
                    )));
                }
            }
        }
        if (out.len() + n) as u64 > MAX_FILE_BYTES {
            return Err(too_big(&shown));
        }
        out.extend_from_slice(got);
    }
    Ok(out)
}

/// One cell as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// An Excel date (serial day number).
    Date(f64),
    Bool(bool),
    /// The bytes are not UTF-8; `at` is the byte offset of the first bad one.
    BadUtf8 {
        at: usize,
    },
    /// A spreadsheet error value such as `#REF!`.
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// One row, numbered as a spreadsheet numbers it (the header is row 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<Cell>,
}

/// A CSV file or a worksheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// `agreements.csv`, or `accord.xlsx, sheet Agreements`.
    pub name: String,
    /// The file stem or the sheet name, which may say what the rows are.
    pub label: String,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

/// Guesses the separator from the header line: comma, semicolon or tab.
fn separator(bytes: &[u8]) -> u8 {
    let line = bytes.split(|b| *b == b'\n').next().unwrap_or(&[]);
    let count = |c: u8| line.iter().filter(|b| **b == c).count();
    let (comma, semi, tab) = (count(b','), count(b';'), count(b'\t'));
    if tab > comma && tab > semi {
        b'\t'
    } else if semi > comma {
        b';'
    } else {
        b','
    }
}

fn text(bytes: &[u8]) -> Cell {
    match std::str::from_utf8(bytes) {
        Ok(s) if s.trim().is_empty() => Cell::Empty,
        Ok(s) => Cell::Text(s.to_string()),
        Err(e) => Cell::BadUtf8 {
            at: e.valid_up_to(),
        },
    }
}

/// Reads CSV bytes. `name` names the file in messages.
pub fn read_csv(bytes: &[u8], name: &str, label: &str) -> Result<Table> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator(bytes))
        .from_reader(bytes);
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut record = ::csv::ByteRecord::new();
    // A record's row is the line its first character is on, less the line
    // breaks quoted inside earlier records (a spreadsheet shows each record
    // on one row, and counts blank lines).
    let mut quoted_breaks = 0usize;
    let mut breaks_before = 0usize;
    let mut scanned = 0usize;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                return Err(ExchangeError::Options(msg!(
                    "csv_unreadable",
                    path = name,
                    line = line,
                    detail = e
                )));
            }
        }
        let start = record.position().map(|p| p.byte() as usize).unwrap_or(0);
        let mut content = start.min(bytes.len());
        while matches!(bytes.get(content), Some(b'\r' | b'\n')) {
            content += 1;
        }
        let upto = content.max(scanned).min(bytes.len());
        breaks_before += bytes
            .get(scanned..upto)
            .map_or(0, |b| b.iter().filter(|c| **c == b'\n').count());
        scanned = upto;
        let number = 1 + breaks_before.saturating_sub(quoted_breaks);
        let breaks_inside: usize = record
            .iter()
            .map(|f| f.iter().filter(|b| **b == b'\n').count())
            .sum();
        quoted_breaks += breaks_inside;
        let cells: Vec<Cell> = record.iter().map(text).collect();
        match &headers {
            None => {
                let mut hs = Vec::with_capacity(cells.len());
                for (i, c) in cells.iter().enumerate() {
                    match c {
                        Cell::Text(s) => hs.push(s.trim().to_string()),
                        Cell::Empty => hs.push(String::new()),
                        _ => {
                            return Err(ExchangeError::Options(msg!(
                                "header_not_utf8",
                                path = name,
                                column = i + 1
                            )));
                        }
                    }
                }
                headers = Some(hs);
            }
            Some(_) => {
                if cells.iter().all(Cell::is_empty) {
                    continue;
                }
                if rows.len() >= MAX_ROWS {
                    return Err(too_many_rows(name));
                }
                rows.push(Row { number, cells });
            }
        }
    }
    let Some(headers) = headers else {
        return Err(ExchangeError::Options(msg!("empty_file", path = name)));
    };
    Ok(Table {
        name: name.to_string(),
        label: label.to_string(),
        headers,
        rows,
    })
}

/// Reads every worksheet of an XLSX (or XLS, ODS) workbook. A file that is
/// not a regular file, too big, or so damaged that the spreadsheet reader
/// gives up (it can panic on a shared-string index out of range) is
/// refused with a sentence naming the file and what is wrong.
pub fn read_workbook(path: &Path) -> Result<Vec<Table>> {
    let shown = path.display().to_string();
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => {
            return Err(ExchangeError::Options(msg!("not_a_file", path = shown)));
        }
        Ok(m) if m.len() > MAX_FILE_BYTES => return Err(too_big(&shown)),
        Ok(_) => {}
        Err(e) => {
            return Err(ExchangeError::Options(msg!(
                "cannot_read",
                path = shown,
                detail = e
            )));
        }
    }
    match crate::exchange::quietly::quietly(|| read_workbook_unguarded(path)) {
        Ok(read) => read,
        Err(why) => Err(ExchangeError::Options(msg!(
            "workbook_damaged",
            path = shown,
            detail = why
        ))),
    }
}

fn read_workbook_unguarded(path: &Path) -> Result<Vec<Table>> {
    let shown = path.display().to_string();
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| shown.clone());
    let mut book = calamine::open_workbook_auto(path)
        .map_err(|e| ExchangeError::Options(msg!("not_a_workbook", path = shown, detail = e)))?;
    let mut tables = Vec::new();
    for sheet in book.sheet_names() {
        let range = book.worksheet_range(&sheet).map_err(|e| {
            ExchangeError::Options(msg!(
                "sheet_unreadable",
                path = shown,
                sheet = sheet,
                detail = e
            ))
        })?;
        let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
        let first_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
        if range.height() > MAX_ROWS {
            return Err(too_many_rows(&format!("{file_name}, {sheet}")));
        }
        let mut rows_iter = range.rows().enumerate();
        let Some((_, header_cells)) = rows_iter.next() else {
            continue;
        };
        let mut headers: Vec<String> = vec![String::new(); first_col];
        headers.extend(header_cells.iter().map(|c| match c {
            Data::String(s) => s.trim().to_string(),
            Data::Empty => String::new(),
            other => other.to_string(),
        }));
        // A formula's computed value is imported (an expiry date computed
        // from the signing date is a date), but a HYPERLINK is read as its
        // formula, as a CSV file shows it: its label without the link
        // would lose the link, and the report warns about it.
        let formulas = book.worksheet_formula(&sheet).ok();
        let formula_at = |r: usize, c: usize| {
            let f = formulas.as_ref()?.get_value((r as u32, c as u32))?;
            let f = f.trim().trim_start_matches('=');
            f.get(..10)
                .is_some_and(|h| h.eq_ignore_ascii_case("HYPERLINK("))
                .then(|| Cell::Text(format!("={f}")))
        };
        let mut rows = Vec::new();
        for (i, cells) in rows_iter {
            let mut row: Vec<Cell> = vec![Cell::Empty; first_col];
            row.extend(
                cells.iter().enumerate().map(|(j, c)| {
                    formula_at(first_row + i, first_col + j).unwrap_or_else(|| cell(c))
                }),
            );
            if row.iter().all(Cell::is_empty) {
                continue;
            }
            rows.push(Row {
                number: first_row + i + 1,
                cells: row,
            });
        }
        tables.push(Table {
            name: msg!("sheet_name", file = file_name, sheet = sheet),
            label: sheet.clone(),
            headers,
            rows,
        });
    }
    Ok(tables)
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(x) => Cell::Date(x.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_crlf_semicolons_and_quoted_newlines_is_read() {
        let bytes = "\u{feff}name;country\r\n\"Peking\r\nUniversity\";CN\r\n\r\nKazNMU;KZ\r\n";
        let t = read_csv(bytes.as_bytes(), "x.csv", "x").unwrap();
        assert_eq!(t.headers, vec!["name", "country"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(
            t.rows[0].cells[0],
            Cell::Text("Peking\r\nUniversity".into())
        );
        assert_eq!(t.rows[0].number, 2);
        assert_eq!(t.rows[1].number, 4, "the blank row still counts");
    }

    #[test]
    fn invalid_utf8_is_kept_as_a_bad_cell() {
        let t = read_csv(b"name,country\nCaf\xe9,FR\n", "x.csv", "x").unwrap();
        assert_eq!(t.rows[0].cells[0], Cell::BadUtf8 { at: 3 });
        assert!(read_csv(b"na\xffme\n", "x.csv", "x").is_err());
        assert!(read_csv(b"", "x.csv", "x").is_err());
    }
}

//! CSV of one entity: UTF-8 with a byte-order mark (so Excel shows Chinese
//! and Cyrillic), CRLF line ends, a header row of field names, and every
//! text cell neutralised against formula injection. A field holding a
//! comma, semicolon, tab, quote or line break is quoted, so the file opens
//! in the right columns whichever separator a spreadsheet guesses
//! (LibreOffice's import dialog splits on semicolons too).

use std::io::Write;

use super::atomic::io;
use super::columns::{Value, fields, values};
use super::dataset::Dataset;
use super::escape::{csv_cell, csv_field};
use super::scope::Selection;
use super::{Progress, Result};
use crate::model::Kind;

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes the selected records of `kind`; returns how many.
pub fn write(
    data: &Dataset,
    sel: &Selection,
    kind: Kind,
    out: &mut dyn Write,
    progress: Progress,
) -> Result<usize> {
    out.write_all(BOM).map_err(io)?;
    let mut line = String::new();
    let row = |line: &mut String, cells: &mut dyn Iterator<Item = String>| {
        line.clear();
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                line.push(',');
            }
            line.push_str(&csv_field(&cell));
        }
        line.push_str("\r\n");
    };
    row(&mut line, &mut fields(kind).iter().map(|f| f.to_string()));
    out.write_all(line.as_bytes()).map_err(io)?;
    let records = sel.of(kind);
    let total = records.len();
    for (n, r) in records.iter().enumerate() {
        let mut cells = values(data, r).into_iter().map(|v| match &v {
            Value::Text(s) => csv_cell(s).into_owned(),
            other => other.text(),
        });
        row(&mut line, &mut cells);
        out.write_all(line.as_bytes()).map_err(io)?;
        if n % 1024 == 0 {
            progress(n, total);
        }
    }
    out.flush().map_err(io)?;
    progress(total, total);
    Ok(total)
}

//! CSV of one entity: UTF-8 with a byte-order mark (so Excel shows Chinese
//! and Cyrillic), CRLF line ends, a header row of field names, and every
//! text cell neutralised against formula injection.

use std::io::Write;

use super::atomic::io;
use super::columns::{Value, fields, values};
use super::dataset::Dataset;
use super::escape::csv_cell;
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
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(fields(kind)).map_err(io)?;
    let records = sel.of(kind);
    let total = records.len();
    let mut row: Vec<String> = Vec::new();
    for (n, r) in records.iter().enumerate() {
        row.clear();
        for v in values(data, r) {
            row.push(match &v {
                Value::Text(s) => csv_cell(s).into_owned(),
                other => other.text(),
            });
        }
        w.write_record(&row).map_err(io)?;
        if n % 1024 == 0 {
            progress(n, total);
        }
    }
    w.flush().map_err(io)?;
    progress(total, total);
    Ok(total)
}

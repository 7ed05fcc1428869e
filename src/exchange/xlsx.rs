//! XLSX: a summary sheet and one sheet per entity. Text is always written
//! as a string (never a formula), dates as real dates, numbers as numbers;
//! the header row is bold and frozen with an autofilter; references to
//! other records are internal links to the row of that record.

use std::collections::HashMap;
use std::io::Write;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::columns::{Value, fields, values};
use super::dataset::Dataset;
use super::labels::{column, fill, label};
use super::scope::Selection;
use super::summary::Summary;
use super::xlsx_links::{self, Link};
use super::{ExchangeError, ExportOptions, Progress, Result};
use crate::i18n::Lang;
use crate::model::{Id, Kind};

/// Excel allows 65,530 hyperlinks per sheet; past that, ids are plain text.
const MAX_LINKS: usize = 65_000;
/// Excel's longest cell text.
const MAX_TEXT: usize = 32_767;

fn xl(e: XlsxError) -> ExchangeError {
    ExchangeError::Xlsx(e.to_string())
}

/// The sheet name of an entity, in the report language.
pub fn sheet_name(lang: Lang, kind: Kind) -> String {
    label(lang, &format!("report.sheet.{}", kind.plural()))
}

struct Formats {
    header: Format,
    date: Format,
    link: Format,
}

/// Writes the workbook; returns the number of records written. A panic
/// of the spreadsheet library (its temporary files unwrap their reads and
/// writes: a full disk) is an error, and nothing is written.
///
/// The workbook is saved to a temporary file, not assembled in memory
/// (7 MB at 100k records, and twice that while it grew), and its links
/// are written into it while it is copied to `out` (see
/// [`super::xlsx_links`]).
pub fn write(
    data: &Dataset,
    sel: &Selection,
    opts: &ExportOptions,
    out: &mut dyn Write,
    progress: Progress,
) -> Result<usize> {
    super::quietly::quietly(|| write_book(data, sel, opts, out, progress))
        .map_err(ExchangeError::Xlsx)?
}

fn write_book(
    data: &Dataset,
    sel: &Selection,
    opts: &ExportOptions,
    out: &mut dyn Write,
    progress: Progress,
) -> Result<usize> {
    let lang = opts.lang;
    let formats = Formats {
        header: Format::new().set_bold(),
        date: Format::new().set_num_format("yyyy-mm-dd"),
        link: Format::new()
            .set_font_color("0563C1")
            .set_underline(rust_xlsxwriter::FormatUnderline::Single),
    };
    // Where each record lands, for links: sheet name and 1-based row.
    let mut rows: HashMap<Id, (usize, u32)> = HashMap::new();
    let names: Vec<String> = Kind::ALL.iter().map(|k| sheet_name(lang, *k)).collect();
    for (k, kind) in Kind::ALL.iter().enumerate() {
        for (i, r) in sel.of(*kind).iter().enumerate() {
            rows.insert(r.id(), (k, i as u32 + 2));
        }
    }
    // Each sheet's rows go to a temporary file as they are written
    // (rust_xlsxwriter's constant memory mode), not into memory: a 100k
    // workbook held whole took 250 MB. Every sheet it makes opens one, and
    // it cannot say when that fails, so the folder is tried first, with
    // the file the workbook is saved to before its links are written in.
    let mut saved = tempfile::tempfile().map_err(xlsx_links::temp_error)?;
    let mut book = Workbook::new();
    book.push_worksheet(summary_sheet(
        &Summary::headline_only(data, sel),
        lang,
        &formats,
    )?);
    let total = sel.len();
    let mut done = 0;
    // Each entity sheet's links, by the workbook part they go in (the
    // summary is the first sheet).
    let mut links: Vec<(String, Vec<Link>)> = Vec::with_capacity(Kind::ALL.len());
    for (k, kind) in Kind::ALL.iter().enumerate() {
        let mut sheet_links = Vec::new();
        let ws = book.add_worksheet_with_constant_memory();
        ws.set_name(&names[k]).map_err(xl)?;
        let fields = fields(*kind);
        let mut widths: Vec<usize> = Vec::with_capacity(fields.len());
        for (c, f) in fields.iter().enumerate() {
            let h = column(lang, f);
            widths.push(h.width());
            ws.write_string_with_format(0, c as u16, h, &formats.header)
                .map_err(xl)?;
        }
        for (i, r) in sel.of(*kind).iter().enumerate() {
            let row = i as u32 + 1;
            for (c, v) in values(data, r).into_iter().enumerate() {
                let col = c as u16;
                let shown = match &v {
                    Value::Text(s) => {
                        // Statuses and types read in the report language, with
                        // the labels the other exports use (import reads both).
                        let worded;
                        let s = if matches!(
                            fields.get(c),
                            Some(&("status" | "standing" | "priority" | "type"))
                        ) {
                            worded = super::labels::word(lang, s);
                            fit(&worded)
                        } else {
                            fit(s)
                        };
                        ws.write_string(row, col, s.as_ref()).map_err(xl)?;
                        s.width()
                    }
                    Value::Date(Some(d)) => match excel_date(*d) {
                        Some(x) => {
                            ws.write_date_with_format(row, col, &x, &formats.date)
                                .map_err(xl)?;
                            10
                        }
                        None => {
                            ws.write_string(row, col, d.to_string()).map_err(xl)?;
                            10
                        }
                    },
                    Value::Number(Some(n)) => {
                        ws.write_number(row, col, *n as f64).map_err(xl)?;
                        n.to_string().len()
                    }
                    Value::Bool(b) => {
                        ws.write_boolean(row, col, *b).map_err(xl)?;
                        5
                    }
                    Value::Link(Some(id)) => {
                        let target = rows
                            .get(id)
                            .filter(|_| c > 0 && sheet_links.len() < MAX_LINKS);
                        match target {
                            Some((sheet, target_row)) => {
                                ws.write_string_with_format(
                                    row,
                                    col,
                                    id.to_string(),
                                    &formats.link,
                                )
                                .map_err(xl)?;
                                sheet_links.push(Link {
                                    row,
                                    col,
                                    sheet: *sheet as u16,
                                    target_row: *target_row,
                                    id: *id,
                                });
                            }
                            None => {
                                ws.write_string(row, col, id.to_string()).map_err(xl)?;
                            }
                        }
                        id.to_string().len()
                    }
                    Value::Links(_) => {
                        let s = v.text();
                        ws.write_string(row, col, &s).map_err(xl)?;
                        s.width()
                    }
                    Value::Date(None) | Value::Number(None) | Value::Link(None) => 0,
                };
                if i < 500
                    && let Some(w) = widths.get_mut(c)
                {
                    *w = (*w).max(shown);
                }
            }
            done += 1;
            if done % 1024 == 0 {
                progress(done, total);
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, (*w).clamp(6, 60) as f64 + 2.0)
                .map_err(xl)?;
        }
        ws.set_freeze_panes(1, 0).map_err(xl)?;
        let last_row = sel.of(*kind).len() as u32;
        ws.autofilter(0, 0, last_row, fields.len().saturating_sub(1) as u16)
            .map_err(xl)?;
        links.push((xlsx_links::part_name(k + 2), sheet_links));
    }
    drop(rows);
    let mut file = std::io::BufWriter::with_capacity(1 << 16, &mut saved);
    book.save_to_writer(&mut file).map_err(xl)?;
    file.flush().map_err(xlsx_links::temp_error)?;
    drop(file);
    drop(book);
    xlsx_links::finish(&mut saved, &names, &links, out)?;
    progress(total, total);
    Ok(total)
}

/// Text within Excel's cell limit, cut at a character boundary.
fn fit(s: &str) -> std::borrow::Cow<'_, str> {
    if s.len() <= MAX_TEXT || s.chars().count() <= MAX_TEXT {
        return std::borrow::Cow::Borrowed(s);
    }
    let cut: String = s.chars().take(MAX_TEXT - 1).collect();
    std::borrow::Cow::Owned(format!("{cut}…"))
}

fn excel_date(d: chrono::NaiveDate) -> Option<ExcelDateTime> {
    use chrono::Datelike;
    let y = u16::try_from(d.year())
        .ok()
        .filter(|y| (1900..=9999).contains(y))?;
    ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8).ok()
}

fn summary_sheet(s: &Summary, lang: Lang, f: &Formats) -> Result<Worksheet> {
    let l = |k: &str| label(lang, k);
    let mut ws = Worksheet::new();
    ws.set_name(l("report.summary_sheet")).map_err(xl)?;
    ws.write_string_with_format(0, 0, format!("{} — {}", s.title(lang), s.today), &f.header)
        .map_err(xl)?;
    ws.write_string(
        1,
        0,
        format!(
            "{}: {}",
            l("report.scope"),
            super::labels::scope_text(lang, &s.scope)
        ),
    )
    .map_err(xl)?;
    ws.write_string(
        2,
        0,
        format!(
            "{}: {}",
            l("report.window"),
            super::labels::window_text(lang, &s.window)
        ),
    )
    .map_err(xl)?;
    ws.write_string_with_format(4, 0, l("report.metric"), &f.header)
        .map_err(xl)?;
    ws.write_string_with_format(4, 1, l("report.value"), &f.header)
        .map_err(xl)?;
    let h = &s.headline;
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let signed = fill(
        lang,
        "report.signed_in_window",
        &[("from", &date(h.signed_from)), ("to", &date(h.signed_to))],
    );
    let metrics = [
        (l("report.active_partnerships"), h.active_partnerships),
        (signed, h.signed),
        (l("report.expiring"), h.expiring),
        (l("report.overdue"), h.overdue),
        (l("report.due_soon"), h.due_soon),
    ];
    for (i, (k, v)) in metrics.iter().enumerate() {
        let row = 5 + i as u32;
        ws.write_string(row, 0, k).map_err(xl)?;
        ws.write_number(row, 1, *v as f64).map_err(xl)?;
    }
    let top = 5 + metrics.len() as u32 + 1;
    for (c, k) in ["report.country", "report.partnerships", "report.open_items"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(top, c as u16, l(k), &f.header)
            .map_err(xl)?;
    }
    for (i, c) in s.countries.iter().enumerate() {
        let row = top + 1 + i as u32;
        ws.write_string(row, 0, super::labels::country(lang, &c.code))
            .map_err(xl)?;
        ws.write_number(row, 1, c.partnerships as f64).map_err(xl)?;
        ws.write_number(row, 2, c.open_items as f64).map_err(xl)?;
    }
    ws.set_column_width(0, 48).map_err(xl)?;
    ws.set_column_width(1, 14).map_err(xl)?;
    ws.set_column_width(2, 14).map_err(xl)?;
    Ok(ws)
}

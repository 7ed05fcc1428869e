//! The internal links of an XLSX workbook (a record's id that jumps to
//! that record's row), kept compact and written into the saved workbook.
//!
//! rust_xlsxwriter keeps every link it is given until the workbook is
//! saved, as a `Url` of six strings in a map per sheet, and copies each
//! sheet's map while saving it: at 100k records the 80,000 links held
//! 34 MB for the whole export, and 53 MB at its peak with the copy and
//! their text (heaptrack). Here a link is 16 bytes.
//! The workbook is saved to a temporary file without them, then copied
//! entry by entry into the output: a sheet with links gets the same
//! `<hyperlinks>` element rust_xlsxwriter writes (internal links need no
//! relationship file), every other entry is copied still compressed.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, Write};

use rust_xlsxwriter::utility::row_col_to_cell;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::atomic::io;
use super::{ExchangeError, Result};
use crate::model::Id;

/// A cell showing a record's id that links to the row of that record.
#[derive(Clone, Copy, Debug)]
pub struct Link {
    /// 0-based row and column of the cell.
    pub row: u32,
    pub col: u16,
    /// Index into the sheet names given to [`finish`].
    pub sheet: u16,
    /// 1-based row the link jumps to (column A).
    pub target_row: u32,
    /// The id the cell shows.
    pub id: Id,
}

/// The workbook part of the `n`th worksheet (1-based), as rust_xlsxwriter
/// names it.
pub fn part_name(n: usize) -> String {
    format!("xl/worksheets/sheet{n}.xml")
}

/// Copies the workbook saved in `saved` to `out`, giving the worksheet
/// parts named in `links` their links. `names` are the sheet names the
/// links' `sheet` index into.
pub fn finish(
    saved: &mut File,
    names: &[String],
    links: &[(String, Vec<Link>)],
    out: &mut dyn Write,
) -> Result<()> {
    // Everything but the last copy reads and writes temporary files: a
    // failure names their folder (a full disk there), not the output.
    saved.rewind().map_err(temp_error)?;
    let mut book = ZipArchive::new(std::io::BufReader::new(&mut *saved)).map_err(temp_error)?;
    let mut done = tempfile::tempfile().map_err(temp_error)?;
    {
        let mut zip = ZipWriter::new(BufWriter::with_capacity(1 << 16, &mut done));
        for i in 0..book.len() {
            let name = book.name_for_index(i).unwrap_or_default().to_string();
            match links
                .iter()
                .find(|(part, l)| *part == name && !l.is_empty())
            {
                Some((_, sheet_links)) => {
                    let entry = book.by_index(i).map_err(temp_error)?;
                    // The options rust_xlsxwriter writes its parts with.
                    let options = SimpleFileOptions::default()
                        .compression_method(CompressionMethod::Deflated)
                        .unix_permissions(0o600)
                        .last_modified_time(DateTime::default());
                    zip.start_file(name.as_str(), options).map_err(temp_error)?;
                    let placed = copy_inserting(entry, &mut zip, b"<pageMargins", |w| {
                        write_hyperlinks(w, names, sheet_links)
                    })
                    .map_err(temp_error)?;
                    if !placed {
                        return Err(ExchangeError::Xlsx(format!(
                            "{name} of the workbook has no place for its links"
                        )));
                    }
                }
                None => {
                    let entry = book.by_index_raw(i).map_err(temp_error)?;
                    zip.raw_copy_file(entry).map_err(temp_error)?;
                }
            }
        }
        let mut w = zip.finish().map_err(temp_error)?;
        w.flush().map_err(temp_error)?;
    }
    done.rewind().map_err(temp_error)?;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = done.read(&mut buf).map_err(temp_error)?;
        match buf.get(..n) {
            Some([]) | None => return Ok(()),
            Some(bytes) => out.write_all(bytes).map_err(io)?,
        }
    }
}

/// A failure in the temporary folder the workbook is written through.
pub fn temp_error(e: impl std::fmt::Display) -> ExchangeError {
    ExchangeError::write(
        &std::env::temp_dir().display().to_string(),
        format!("a workbook is written through temporary files there: {e}"),
    )
}

/// The `<hyperlinks>` element, as rust_xlsxwriter writes internal links.
fn write_hyperlinks(w: &mut dyn Write, names: &[String], links: &[Link]) -> std::io::Result<()> {
    w.write_all(b"<hyperlinks>")?;
    for l in links {
        let sheet = names.get(usize::from(l.sheet)).map_or("", String::as_str);
        let location = format!("'{sheet}'!A{}", l.target_row);
        write!(
            w,
            "<hyperlink ref=\"{}\" location=\"{}\" display=\"{}\"/>",
            row_col_to_cell(l.row, l.col),
            attribute(&location),
            attribute(&l.id.to_string())
        )?;
    }
    w.write_all(b"</hyperlinks>")
}

/// Text escaped for an XML attribute, as rust_xlsxwriter escapes it.
fn attribute(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['&', '"', '<', '>', '\n']) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("&#xA;"),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Copies `r` to `w`, calling `insert` just before the first occurrence of
/// `before`; returns whether it was found. Text in a sheet cannot contain
/// the marker: `<` in cell text is always written as `&lt;`.
fn copy_inserting(
    mut r: impl Read,
    w: &mut dyn Write,
    before: &[u8],
    insert: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<bool> {
    let mut buf = vec![0u8; 1 << 16];
    // Bytes at the start of `buf` kept from the previous read: the marker
    // may start in them.
    let mut held = 0;
    let mut insert = Some(insert);
    loop {
        let n = r.read(&mut buf[held..])?;
        let len = held + n;
        let chunk = &buf[..len];
        if n == 0 {
            w.write_all(chunk)?;
            return Ok(insert.is_none());
        }
        let Some(f) = insert.take() else {
            w.write_all(chunk)?;
            held = 0;
            continue;
        };
        match find(chunk, before) {
            Some(at) => {
                w.write_all(&chunk[..at])?;
                f(w)?;
                w.write_all(&chunk[at..])?;
                held = 0;
            }
            None => {
                insert = Some(f);
                let keep = before.len().saturating_sub(1).min(len);
                w.write_all(&chunk[..len - keep])?;
                buf.copy_within(len - keep..len, 0);
                held = keep;
            }
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut from = 0;
    while let Some(p) = haystack.get(from..)?.iter().position(|&b| b == first) {
        let at = from + p;
        if haystack.get(at..at + needle.len()) == Some(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use rust_xlsxwriter::{Format, Url, Workbook};

    #[test]
    fn the_marker_is_found_across_reads() {
        // A reader giving one byte at a time splits the marker every way.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                match (self.0.split_first(), buf.first_mut()) {
                    (Some((b, rest)), Some(slot)) => {
                        *slot = *b;
                        self.0 = rest;
                        Ok(1)
                    }
                    _ => Ok(0),
                }
            }
        }
        let text = b"<a>&lt;pageMargins</a><pageMargins x=\"1\"/><pageMargins/>";
        let mut out = Vec::new();
        let found = copy_inserting(Trickle(text), &mut out, b"<pageMargins", |w| {
            w.write_all(b"[HERE]")
        })
        .unwrap();
        assert!(found);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<a>&lt;pageMargins</a>[HERE]<pageMargins x=\"1\"/><pageMargins/>"
        );
        let mut out = Vec::new();
        let found = copy_inserting(&b"<a/>"[..], &mut out, b"<pageMargins", |w| {
            w.write_all(b"[HERE]")
        })
        .unwrap();
        assert!(!found);
        assert_eq!(out, b"<a/>");
    }

    /// Every part of a zip, uncompressed, by name in order.
    fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut zip = ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut data = Vec::new();
                f.read_to_end(&mut data).unwrap();
                (f.name().to_string(), data)
            })
            .collect()
    }

    /// Links written afterwards give the very workbook rust_xlsxwriter
    /// writes when it is given them as it goes.
    #[test]
    fn links_written_afterwards_match_the_library_s_own() {
        let names = vec!["Partners & co".to_string(), "合作项目".to_string()];
        let link_format = Format::new()
            .set_font_color("0563C1")
            .set_underline(rust_xlsxwriter::FormatUnderline::Single);
        let make = |with_urls: bool| -> (Workbook, Vec<Link>) {
            let mut book = Workbook::new();
            let mut links = Vec::new();
            for (s, name) in names.iter().enumerate() {
                let ws = book.add_worksheet_with_constant_memory();
                ws.set_name(name).unwrap();
                ws.write_string(0, 0, "ID").unwrap();
                for i in 0..1500u32 {
                    let row = i + 1;
                    ws.write_string(row, 0, format!("X{i}")).unwrap();
                    if s == 1 && i % 3 != 0 {
                        let id = Id::new(Kind::Institution, i / 2 + 1);
                        let target_row = i / 2 + 2;
                        if with_urls {
                            let url = Url::new(format!("internal:'{}'!A{target_row}", names[0]))
                                .set_text(id.to_string());
                            ws.write_url_with_format(row, 2, url, &link_format).unwrap();
                        } else {
                            ws.write_string_with_format(row, 2, id.to_string(), &link_format)
                                .unwrap();
                            links.push(Link {
                                row,
                                col: 2,
                                sheet: 0,
                                target_row,
                                id,
                            });
                        }
                    }
                }
                ws.set_freeze_panes(1, 0).unwrap();
                ws.autofilter(0, 0, 1500, 2).unwrap();
            }
            (book, links)
        };
        let (mut reference, _) = make(true);
        let expected = reference.save_to_buffer().unwrap();
        let (mut book, links) = make(false);
        let mut saved = tempfile::tempfile().unwrap();
        book.save_to_writer(&mut saved).unwrap();
        let mut got = Vec::new();
        finish(&mut saved, &names, &[(part_name(2), links)], &mut got).unwrap();
        let (expected, got) = (parts(&expected), parts(&got));
        assert_eq!(
            expected.iter().map(|p| &p.0).collect::<Vec<_>>(),
            got.iter().map(|p| &p.0).collect::<Vec<_>>()
        );
        for ((name, want), (_, have)) in expected.iter().zip(&got) {
            if name == "docProps/core.xml" {
                continue; // the time it was made
            }
            assert!(
                want == have,
                "{name} differs:\n{}\n---\n{}",
                String::from_utf8_lossy(want),
                String::from_utf8_lossy(have)
            );
        }
        let sheet = got.iter().find(|p| p.0 == part_name(2)).unwrap();
        let sheet = String::from_utf8(sheet.1.clone()).unwrap();
        assert!(
            sheet.contains(
                "<hyperlink ref=\"C3\" location=\"'Partners &amp; co'!A2\" display=\"I1\"/>"
            ),
            "{sheet}"
        );
    }
}

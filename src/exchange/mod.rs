//! Data exchange: status summaries (Markdown, HTML), spreadsheets (CSV,
//! XLSX), the complete database (JSON), calendars (ICS), and import from
//! the spreadsheets offices keep today.
//!
//! No terminal code here: the CLI and the TUI both call [`export`],
//! [`export_to_path`], [`leadership_summary`] and [`import::import`], and
//! show progress through the callback they pass.
//!
//! Exports read the database kind by kind and write as they go; progress is
//! reported as `(records written, records to write)`.

mod atomic;
mod columns;
mod csv;
mod dataset;
mod escape;
pub mod fold;
mod html;
mod ics;
pub mod import;
mod json;
mod labels;
mod md;
mod quietly;
mod scope;
mod summary;
mod svg;
mod xlsx;
mod xlsx_links;

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use crate::clock::Clock;
use crate::i18n::Lang;
use crate::model::Kind;
use crate::store::StoreError;

pub use dataset::{Dataset, Source};
pub use escape::{csv_cell, fold_ics_line, html_escape, ics_text, md_escape};
pub use ics::uid as ics_uid;
pub use scope::{Scope, Window};
pub use summary::Summary;

/// The formats accord writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Markdown,
    Html,
    Csv,
    Xlsx,
    Json,
    Ics,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Markdown,
        Format::Html,
        Format::Csv,
        Format::Xlsx,
        Format::Json,
        Format::Ics,
    ];

    /// `md`, `markdown`, `html`, `csv`, `xlsx`, `json`, `ics`.
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "csv" => Some(Format::Csv),
            "xlsx" | "excel" => Some(Format::Xlsx),
            "json" => Some(Format::Json),
            "ics" | "ical" | "icalendar" => Some(Format::Ics),
            _ => None,
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Json => "json",
            Format::Ics => "ics",
        }
    }

    /// Whether the output is text that may go to a terminal.
    pub fn is_text(self) -> bool {
        self != Format::Xlsx
    }
}

/// Everything an export needs to know besides the store.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: Format,
    pub scope: Scope,
    pub window: Window,
    /// Headings and labels of summaries, calendars and spreadsheets.
    pub lang: Lang,
    /// For CSV: the one entity to write to a stream. `None` with a directory
    /// as the target writes every entity, one file each.
    pub entity: Option<Kind>,
    /// The user's day: days to expiry, overdue marks, the summary's date.
    pub today: NaiveDate,
    /// The instant of the export: JSON `exported_at`, ICS `DTSTAMP`.
    pub now: DateTime<Utc>,
}

impl ExportOptions {
    /// Options for everything, in `lang`, at the clock's day and instant.
    pub fn new(format: Format, lang: Lang, clock: &dyn Clock) -> ExportOptions {
        ExportOptions {
            format,
            scope: Scope::default(),
            window: Window::default(),
            lang,
            entity: None,
            today: clock.today(),
            now: clock.now(),
        }
    }
}

/// Reports `(done, total)` as records are written.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

/// What went wrong with an export or an import, in a sentence.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("could not write {path}: {detail}")]
    Write { path: String, detail: String },
    #[error("could not read {path}: {detail}")]
    Read { path: String, detail: String },
    /// A bad scope, window or option, explained.
    #[error("{0}")]
    Options(String),
    #[error("the spreadsheet could not be written: {0}")]
    Xlsx(String),
}

impl ExchangeError {
    fn write(path: &str, e: impl std::fmt::Display) -> ExchangeError {
        ExchangeError::Write {
            path: path.to_string(),
            detail: e.to_string(),
        }
    }
}

pub type Result<T> = std::result::Result<T, ExchangeError>;

/// Writes one export to `out`. CSV needs `opts.entity` (one entity per
/// stream); every other format writes one document. Returns the number of
/// records written.
pub fn export(
    source: &Source<'_>,
    opts: &ExportOptions,
    out: &mut dyn Write,
    progress: Progress,
) -> Result<usize> {
    if opts.format == Format::Json {
        return json::export(source.store(), opts, out, progress);
    }
    let data = source.dataset(opts.today)?;
    let written = export_loaded(&data, opts, out, progress);
    if data.len() > 20_000 {
        // Freeing a large dataset takes a moment the caller need not wait for.
        std::thread::spawn(move || drop(data));
    }
    written
}

/// [`export`] over a dataset already in memory (the TUI keeps one).
pub fn export_loaded(
    data: &Dataset,
    opts: &ExportOptions,
    out: &mut dyn Write,
    progress: Progress,
) -> Result<usize> {
    let sel = scope::select(data, &opts.scope, &opts.window)?;
    match opts.format {
        Format::Markdown => md::write(&Summary::build(data, &sel), opts.lang, out, progress),
        Format::Html => html::write(&Summary::build(data, &sel), opts.lang, out, progress),
        Format::Csv => {
            let kind = opts.entity.ok_or_else(|| {
                ExchangeError::Options(
                    "a CSV export holds one entity: choose one with --entity (institutions, contacts, partnerships, agreements, actions, followups or notes), or give a directory as --output to write them all".into(),
                )
            })?;
            csv::write(data, &sel, kind, out, progress)
        }
        Format::Xlsx => xlsx::write(data, &sel, opts, out, progress),
        Format::Ics => ics::write(data, &sel, opts, out, progress),
        Format::Json => Err(ExchangeError::Options(
            "a JSON export is the complete database: call export() with the store".into(),
        )),
    }
}

/// Writes an export to a file (through a temporary file, so a failure never
/// leaves half a file) and returns the files written. For CSV without an
/// entity, `path` is a directory that receives one file per entity
/// (`institutions.csv`, `partnerships.csv`…).
pub fn export_to_path(
    source: &Source<'_>,
    opts: &ExportOptions,
    path: &Path,
    progress: Progress,
) -> Result<Vec<PathBuf>> {
    if opts.format == Format::Csv && (opts.entity.is_none() || path.is_dir()) {
        let is_file = !path.is_dir()
            && path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if !is_file {
            return csv_directory(source, opts, path, progress);
        }
        // `agreements.csv`: the file name says which entity.
        let stem = path.file_stem().map(|s| s.to_string_lossy().to_string());
        let kind = stem.as_deref().and_then(import::entity_from_label).ok_or_else(|| {
            ExchangeError::Options(format!(
                "{} is one CSV file, and a CSV file holds one entity: choose it with --entity, or give a directory to write them all",
                path.display()
            ))
        })?;
        let mut one = opts.clone();
        one.entity = Some(kind);
        atomic::write_file(path, |w| {
            export(source, &one, w, &mut *progress).map(|_| ())
        })?;
        return Ok(vec![path.to_path_buf()]);
    }
    atomic::write_file(path, |w| {
        export(source, opts, w, &mut *progress).map(|_| ())
    })?;
    Ok(vec![path.to_path_buf()])
}

fn csv_directory(
    source: &Source<'_>,
    opts: &ExportOptions,
    dir: &Path,
    progress: Progress,
) -> Result<Vec<PathBuf>> {
    let shown = dir.display().to_string();
    if dir.exists() && !dir.is_dir() {
        return Err(ExchangeError::Options(format!(
            "{shown} is a file; CSV of every entity goes into a directory (or choose one entity with --entity)"
        )));
    }
    std::fs::create_dir_all(dir).map_err(|e| ExchangeError::write(&shown, e))?;
    let data = source.dataset(opts.today)?;
    let sel = scope::select(&data, &opts.scope, &opts.window)?;
    let kinds: Vec<Kind> = match opts.entity {
        Some(k) => vec![k],
        None => Kind::ALL.to_vec(),
    };
    let total: usize = kinds.iter().map(|k| sel.of(*k).len()).sum();
    let mut done = 0;
    let mut files = Vec::new();
    for kind in kinds {
        let file = dir.join(format!("{}.csv", kind.plural()));
        atomic::write_file(&file, |w| {
            let mut inner = |d: usize, _t: usize| progress(done + d, total);
            csv::write(&data, &sel, kind, w, &mut inner).map(|_| ())
        })?;
        done += sel.of(kind).len();
        files.push(file);
    }
    progress(done, total);
    Ok(files)
}

/// The leadership summary: Markdown and HTML of everything, written to
/// `accord-summary-YYYY-MM-DD.md` and `.html` in `dir`. Returns the paths.
pub fn leadership_summary(
    source: &Source<'_>,
    today: NaiveDate,
    lang: Lang,
    dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<PathBuf>> {
    let data = source.dataset(today)?;
    let opts = ExportOptions {
        format: Format::Markdown,
        scope: Scope::default(),
        window: Window::default(),
        lang,
        entity: None,
        today,
        now: DateTime::<Utc>::default(),
    };
    let sel = scope::select(&data, &opts.scope, &opts.window)?;
    let summary = Summary::build(&data, &sel);
    let shown = dir.display().to_string();
    std::fs::create_dir_all(dir).map_err(|e| ExchangeError::write(&shown, e))?;
    let mut files = Vec::new();
    // Both files count as one run of work: the Markdown first half, the
    // HTML the second.
    for (half, format) in [Format::Markdown, Format::Html].into_iter().enumerate() {
        let file = dir.join(format!(
            "accord-summary-{}.{}",
            today.format("%Y-%m-%d"),
            format.extension()
        ));
        atomic::write_file(&file, |w| {
            let mut both = |done: usize, total: usize| progress(half * total + done, 2 * total);
            match format {
                Format::Markdown => md::write(&summary, lang, w, &mut both),
                _ => html::write(&summary, lang, w, &mut both),
            }
            .map(|_| ())
        })?;
        files.push(file);
    }
    Ok(files)
}

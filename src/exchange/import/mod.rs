//! Import from the spreadsheets offices keep (CSV, XLSX) and from accord's
//! own JSON export.
//!
//! CSV and XLSX rows become one change: all of it or nothing, recorded in
//! history as "import FILE", so `accord undo` removes it. Rows are matched
//! to records by the accord id in an id column, or else by a natural key
//! (institution name and country, partnership title, agreement title and
//! partnership, item title and parent, note parent, date and text), so
//! importing the same file twice creates nothing the second time. A row
//! that cannot be read is rejected with its row, column and reason; when
//! any row is rejected nothing is written, unless `skip_rejected` is set.
//!
//! A JSON export is a whole database (records, history, id counters): into
//! an empty database it is restored exactly; into a database that already
//! holds exactly those records it does nothing; anything else is refused,
//! because ids from two databases cannot be merged safely.

mod build;
mod headers;
mod index;
mod msg;
mod names;
mod plan;
mod register;
mod report;
mod row;
mod source;
mod synonyms;
mod values;
mod vocab;

use std::path::{Path, PathBuf};

pub use headers::{Mapping, entity_from_label, parse_map};
/// An import message from the catalog: `text("import.key", &[("name", value)])`.
pub use msg::fill as text;
pub use report::{ImportReport, Planned, Rejection, Source};
pub use values::DateOrder;

use super::{ExchangeError, Progress, Result};
use crate::model::Kind;
use crate::store::{ChangeSet, Store, check_records};
use index::Index;
use plan::Planner;
use source::Table;

/// What kind of file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    Csv,
    Xlsx,
    Json,
}

impl ImportFormat {
    pub fn parse(s: &str) -> Option<ImportFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" | "tsv" | "txt" => Some(ImportFormat::Csv),
            "xlsx" | "xlsm" | "xls" | "ods" | "excel" => Some(ImportFormat::Xlsx),
            "json" => Some(ImportFormat::Json),
            _ => None,
        }
    }

    /// From the file name; a directory holds CSV files.
    pub fn of_path(path: &Path) -> Option<ImportFormat> {
        if path.is_dir() {
            return Some(ImportFormat::Csv);
        }
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(ImportFormat::parse)
    }
}

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Guessed from the file name when not given.
    pub format: Option<ImportFormat>,
    /// What the rows are; guessed from file or sheet names and headers.
    pub entity: Option<Kind>,
    /// Plan and report, write nothing.
    pub dry_run: bool,
    /// `--map 'Column=field,…'`.
    pub map: Vec<Mapping>,
    /// How to read 03/04/2025.
    pub date_order: Option<DateOrder>,
    /// Import the good rows even when some are rejected.
    pub skip_rejected: bool,
    /// Create the institutions a party or partner column names that are
    /// not in the database yet.
    pub create_missing: bool,
    /// Where to write the full list of records and problems when the
    /// report shows only the first ones; not written when not given.
    pub problems_file: Option<PathBuf>,
    /// The day a register's remarks are noted on; the clock's (or
    /// `ACCORD_TODAY`) when not given.
    pub today: Option<chrono::NaiveDate>,
}

/// Imports `path` into `store`; progress is `(rows read, rows)`.
pub fn import(
    store: &dyn Store,
    path: &Path,
    opts: &ImportOptions,
    progress: Progress,
) -> Result<ImportReport> {
    let shown = path.display().to_string();
    if std::fs::metadata(path).is_err() {
        return Err(ExchangeError::Options(msg::msg!(
            "no_such_file",
            path = shown
        )));
    }
    let format = opts
        .format
        .or_else(|| ImportFormat::of_path(path))
        .ok_or_else(|| ExchangeError::Options(msg::msg!("unknown_format", path = shown)))?;
    let mut report = ImportReport::new(&shown, opts.dry_run);
    if format == ImportFormat::Json {
        return import_json(store, path, opts, report, progress);
    }
    let tables = read_tables(path, format)?;
    let mut planned: Vec<(Kind, Table, headers::ColumnMap)> = Vec::new();
    let single = tables.len() == 1;
    for t in tables {
        let Some(kind) = decide_kind(opts.entity, single, &t)? else {
            if single {
                return Err(ExchangeError::Options(msg::msg!(
                    "which_records",
                    table = t.name
                )));
            }
            let summary = [crate::i18n::Lang::En, crate::i18n::Lang::Zh]
                .iter()
                .any(|l| {
                    headers::norm(&super::labels::label(*l, "report.summary_sheet"))
                        == headers::norm(&t.label)
                });
            if !summary && opts.entity.is_none() {
                report
                    .warnings
                    .push(msg::msg!("sheet_not_read", table = t.name));
            }
            continue;
        };
        let cols = headers::resolve(kind, &t.label, &t.headers, &opts.map)
            .map_err(|e| ExchangeError::Options(format!("{}: {e}", t.name)))?;
        if cols.targets.iter().all(Option::is_none) {
            return Err(ExchangeError::Options(msg::msg!(
                "no_known_column",
                table = t.name,
                columns = t.headers.join(", "),
                kind = msg::plural(kind)
            )));
        }
        if !cols.unused.is_empty() {
            report.warnings.push(msg::msg!(
                "columns_unused",
                table = t.name,
                columns = cols
                    .unused
                    .iter()
                    .map(|c| format!("'{c}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        report.read_as.push((t.name.clone(), kind, t.rows.len()));
        planned.push((kind, t, cols));
    }
    planned.sort_by_key(|(k, _, _)| *k);
    let total: usize = planned.iter().map(|(_, t, _)| t.rows.len()).sum();
    let mut planner = Planner::new(Index::read(store)?, opts.date_order);
    planner.create_missing = opts.create_missing;
    planner.today = opts
        .today
        .or_else(|| crate::clock::from_env().ok().map(|c| c.today()));
    let mut done = 0;
    for (kind, table, cols) in &planned {
        planner.table(*kind, table, cols, &mut |n| progress(done + n, total));
        done += table.rows.len();
    }
    report.absorb(&mut planner);
    let blocked = !report.rejected.is_empty() && !opts.skip_rejected;
    report.blocked = blocked && !opts.dry_run;
    if !opts.dry_run && !blocked && planner.has_edits() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or(shown);
        let summary = format!(
            "import {name}: {} created, {} updated",
            report.created.len(),
            report.updated.len()
        );
        let applied = store.apply(ChangeSet {
            summary,
            edits: planner.take_edits(),
            seen: Vec::new(),
        })?;
        report.applied = Some(applied.seq);
    }
    if let Some(list) = &opts.problems_file {
        report.write_full_list(list);
    }
    Ok(report)
}

/// What a table's rows are. The headers decide; the file or sheet name
/// only when the headers fit several kinds equally. When the name says
/// one kind and the headers another, the user is asked for `--entity`.
fn decide_kind(entity: Option<Kind>, single: bool, t: &Table) -> Result<Option<Kind>> {
    let by_label = headers::entity_from_label(&t.label);
    let by_headers = headers::entity_from_headers(&t.headers);
    Ok(match entity {
        Some(e) if single => Some(e),
        Some(e) => match (by_headers, by_label) {
            (Some(h), _) => (h == e).then_some(e),
            (None, Some(l)) => (l == e).then_some(e),
            (None, None) => Some(e),
        },
        None => match (by_headers, by_label) {
            (Some(h), Some(l)) if h != l => {
                return Err(ExchangeError::Options(msg::msg!(
                    "name_and_headers_disagree",
                    table = t.name,
                    by_name = msg::plural(l),
                    by_headers = msg::plural(h),
                    entity_name = l.plural(),
                    entity_headers = h.plural()
                )));
            }
            (Some(h), _) => Some(h),
            (None, l) => l,
        },
    })
}

fn read_tables(path: &Path, format: ImportFormat) -> Result<Vec<Table>> {
    let name = |p: &Path| {
        let file = p
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let stem = p
            .file_stem()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        (file, stem)
    };
    match format {
        ImportFormat::Xlsx => source::read_workbook(path),
        _ if path.is_dir() => {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| {
                    ExchangeError::Options(msg::msg!(
                        "cannot_read",
                        path = path.display(),
                        detail = e
                    ))
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
                })
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(ExchangeError::Options(msg::msg!(
                    "no_csv_in_directory",
                    path = path.display()
                )));
            }
            files
                .iter()
                .map(|f| {
                    let (file, stem) = name(f);
                    source::read_csv(&source::read_limited(f)?, &file, &stem)
                })
                .collect()
        }
        _ => {
            let (file, stem) = name(path);
            Ok(vec![source::read_csv(
                &source::read_limited(path)?,
                &file,
                &stem,
            )?])
        }
    }
}

fn import_json(
    store: &dyn Store,
    path: &Path,
    opts: &ImportOptions,
    mut report: ImportReport,
    progress: Progress,
) -> Result<ImportReport> {
    let snap = super::json::read(path)?;
    let total = snap.records.len();
    if store.is_empty()? {
        let problems = check_records(&snap.records, &snap.counters);
        if let Some(p) = problems.first() {
            return Err(ExchangeError::Options(msg::msg!(
                "json_inconsistent",
                path = path.display(),
                count = problems.len(),
                first = p
            )));
        }
        if !opts.dry_run {
            store.restore(&snap, false)?;
        }
        progress(total, total);
        report.restored = Some((total, snap.history.len()));
        return Ok(report);
    }
    let index = Index::read(store)?;
    let mut differing = Vec::new();
    for (n, r) in snap.records.iter().enumerate() {
        if index.get(r.id()) == Some(r) {
            report.unchanged += 1;
        } else {
            differing.push(r.id());
        }
        if n % 1024 == 0 {
            progress(n, total);
        }
    }
    progress(total, total);
    if differing.is_empty() {
        return Ok(report);
    }
    let first: Vec<String> = differing.iter().take(5).map(|i| i.to_string()).collect();
    Err(ExchangeError::Options(msg::msg!(
        "json_not_empty",
        db = store.location(),
        count = differing.len(),
        path = path.display(),
        first = first.join(", ")
    )))
}

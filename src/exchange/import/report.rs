//! What an import did, or would do: created, updated, unchanged, duplicate
//! and rejected rows, each traced to its file (or sheet) and row.

use std::fmt;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use super::msg::{msg, plural};
use super::plan::Planner;
use crate::model::{Id, Kind};

/// How many records, and how many problems, a report lists one by one;
/// beyond that it gives counts and writes the full list to a file.
pub const LISTED: usize = 20;

/// Where a row came from: `agreements.csv` row 5.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file, or the workbook and sheet.
    pub table: Arc<str>,
    pub row: usize,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&msg!("source", table = self.table, row = self.row))
    }
}

/// A record the import creates or updates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub id: Id,
    pub title: String,
    pub source: Source,
    /// For updates: the fields that change (and the names added).
    pub fields: Vec<String>,
    /// What else to know: the partnership an agreement was put in, a
    /// partner created with `--create-missing`. Empty when nothing.
    pub note: String,
}

/// A row that is not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub source: Source,
    /// The column at fault, as headed in the file.
    pub column: Option<String>,
    pub reason: String,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = match &self.column {
            Some(c) => msg!(
                "at_column",
                source = self.source,
                column = c,
                reason = self.reason
            ),
            None => msg!("at_row", source = self.source, reason = self.reason),
        };
        f.write_str(&line)
    }
}

/// The outcome of an import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// The file or directory read.
    pub path: String,
    pub dry_run: bool,
    pub created: Vec<Planned>,
    pub updated: Vec<Planned>,
    /// Rows that match a record exactly.
    pub unchanged: usize,
    /// Rows that repeat an earlier row; skipped.
    pub duplicates: Vec<Rejection>,
    pub rejected: Vec<Rejection>,
    /// Things worth knowing that stop nothing (unused columns, skipped sheets).
    pub warnings: Vec<String>,
    /// Each table read, as what kind of records, with its rows.
    pub read_as: Vec<(String, Kind, usize)>,
    /// Cells that look like spreadsheet formulas, imported as text.
    pub formulas: Vec<Rejection>,
    /// The file holding the full list, when the report shows only the
    /// first records and problems.
    pub full_list: Option<PathBuf>,
    /// The history entry of the change, once written (`accord undo` removes it).
    pub applied: Option<u64>,
    /// A JSON import into an empty database: records and history entries restored.
    pub restored: Option<(usize, usize)>,
    /// Rejected rows stopped a real import from writing anything.
    pub blocked: bool,
}

impl ImportReport {
    pub fn new(path: &str, dry_run: bool) -> ImportReport {
        ImportReport {
            path: path.to_string(),
            dry_run,
            ..ImportReport::default()
        }
    }

    pub(super) fn absorb(&mut self, p: &mut Planner) {
        self.created = std::mem::take(&mut p.created);
        self.updated = std::mem::take(&mut p.updated);
        self.unchanged = p.unchanged;
        self.duplicates = std::mem::take(&mut p.duplicates);
        self.rejected = std::mem::take(&mut p.rejected);
        self.formulas = std::mem::take(&mut p.formulas);
        self.warnings.append(&mut p.warnings);
    }

    /// Whether the records written (or to be written) are listed one by
    /// one; a real import that wrote nothing lists none.
    fn lists_records(&self) -> bool {
        !self.blocked && self.changes() <= LISTED
    }

    /// The records written, or to be written, one line each.
    fn record_lines(&self) -> Vec<String> {
        if self.blocked {
            return Vec::new();
        }
        let would = self.dry_run || self.applied.is_none();
        let mut out = Vec::new();
        for p in &self.created {
            let title = crate::text::clean(&p.title);
            let line = if would {
                msg!("would_create", id = p.id, title = title, source = p.source)
            } else {
                msg!("created", id = p.id, title = title, source = p.source)
            };
            out.push(with_note(line, &p.note));
        }
        for p in &self.updated {
            let title = crate::text::clean(&p.title);
            let fields = p.fields.join(", ");
            let line = if would {
                msg!(
                    "would_update",
                    id = p.id,
                    title = title,
                    source = p.source,
                    fields = fields
                )
            } else {
                msg!(
                    "updated",
                    id = p.id,
                    title = title,
                    source = p.source,
                    fields = fields
                )
            };
            out.push(with_note(line, &p.note));
        }
        out
    }

    /// Formula warnings, repeats and rejections, one line each.
    fn problem_lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for w in &self.formulas {
            out.push(msg!(
                "warning_line",
                what = crate::text::clean(&w.to_string())
            ));
        }
        for d in &self.duplicates {
            out.push(msg!("skipped_line", what = d));
        }
        for r in &self.rejected {
            out.push(msg!(
                "rejected_line",
                what = crate::text::clean(&r.to_string())
            ));
        }
        out
    }

    /// When the report shows only the first records or problems, writes
    /// them all to `path` and keeps the path for the report.
    pub fn write_full_list(&mut self, path: &Path) {
        let problems = self.problem_lines();
        let long_records = !self.blocked && !self.lists_records();
        if !long_records && problems.len() <= LISTED {
            return;
        }
        let mut text = String::new();
        for line in self.record_lines().iter().chain(problems.iter()) {
            text.push_str(line);
            text.push('\n');
        }
        match std::fs::write(path, text) {
            Ok(()) => self.full_list = Some(path.to_path_buf()),
            Err(e) => self.warnings.push(msg!(
                "full_list_not_written",
                path = path.display(),
                detail = e
            )),
        }
    }

    /// How many records were (or, in a dry run, would be) written.
    pub fn changes(&self) -> usize {
        self.created.len() + self.updated.len()
    }

    /// The rows rejected, counted once per row.
    pub fn rejected_rows(&self) -> usize {
        let mut rows: Vec<(&str, usize)> = self
            .rejected
            .iter()
            .map(|r| (&*r.source.table, r.source.row))
            .collect();
        rows.sort();
        rows.dedup();
        rows.len()
    }
}

fn with_note(line: String, note: &str) -> String {
    if note.is_empty() {
        line
    } else {
        msg!("with_note", line = line, note = note)
    }
}

/// A plain-text account of the report, one fact a line, for the CLI and
/// the TUI's import dialog: the first records and problems, counts, and
/// where the full list is when it is long.
impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let would = self.dry_run;
        if let Some((records, history)) = self.restored {
            let line = if would {
                msg!(
                    "would_restore",
                    records = records,
                    history = history,
                    path = self.path
                )
            } else {
                msg!(
                    "restored",
                    records = records,
                    history = history,
                    path = self.path
                )
            };
            return writeln!(f, "{line}");
        }
        for w in &self.warnings {
            writeln!(f, "{}", msg!("note_line", what = w))?;
        }
        for (table, kind, rows) in &self.read_as {
            writeln!(
                f,
                "{}",
                msg!("read_as", table = table, kind = plural(*kind), rows = rows)
            )?;
        }
        if self.lists_records() {
            for line in self.record_lines() {
                writeln!(f, "{line}")?;
            }
        } else if !self.blocked {
            let mut counts: Vec<(Kind, usize)> = Vec::new();
            for p in &self.created {
                match counts.iter_mut().find(|(k, _)| *k == p.id.kind) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((p.id.kind, 1)),
                }
            }
            counts.sort();
            let counts: Vec<String> = counts
                .iter()
                .map(|(k, n)| msg!("count", kind = plural(*k), n = n))
                .collect();
            if !counts.is_empty() {
                let counts = counts.join(", ");
                let line = if would || self.applied.is_none() {
                    msg!("would_create_counts", counts = counts)
                } else {
                    msg!("created_counts", counts = counts)
                };
                writeln!(f, "{line}")?;
            }
        }
        let problems = self.problem_lines();
        for line in problems.iter().take(LISTED) {
            writeln!(f, "{line}")?;
        }
        if self.full_list.is_none() && problems.len() > LISTED {
            let more = problems.len() - LISTED;
            writeln!(f, "{}", msg!("more_problems_unlisted", more = more))?;
        }
        if let Some(path) = &self.full_list {
            let path = path.display();
            if problems.len() > LISTED {
                writeln!(
                    f,
                    "{}",
                    msg!(
                        "more_problems",
                        more = problems.len() - LISTED,
                        total = problems.len(),
                        path = path
                    )
                )?;
            } else {
                writeln!(f, "{}", msg!("full_list", path = path))?;
            }
        }
        let (created, updated) = (self.created.len(), self.updated.len());
        let (unchanged, duplicate) = (self.unchanged, self.duplicates.len());
        let rejected = self.rejected_rows();
        let line = if would {
            msg!(
                "tally_dry_run",
                path = self.path,
                created = created,
                updated = updated,
                unchanged = unchanged,
                duplicate = duplicate,
                rejected = rejected
            )
        } else if self.blocked {
            msg!("tally_blocked", path = self.path, rejected = rejected)
        } else if let Some(seq) = self.applied {
            msg!(
                "tally_imported",
                path = self.path,
                created = created,
                updated = updated,
                unchanged = unchanged,
                duplicate = duplicate,
                rejected = rejected,
                seq = seq
            )
        } else {
            msg!(
                "tally_nothing",
                path = self.path,
                unchanged = unchanged,
                duplicate = duplicate,
                rejected = rejected
            )
        };
        writeln!(f, "{line}")
    }
}

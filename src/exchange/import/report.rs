//! What an import did, or would do: created, updated, unchanged, duplicate
//! and rejected rows, each traced to its file (or sheet) and row.

use std::fmt;
use std::sync::Arc;

use super::plan::Planner;
use crate::model::Id;

/// Where a row came from: `agreements.csv` row 5.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file, or the workbook and sheet.
    pub table: Arc<str>,
    pub row: usize,
}

impl Source {
    pub fn describe(&self) -> String {
        format!("row {}", self.row)
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} row {}", self.table, self.row)
    }
}

/// A record the import creates or updates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub id: Id,
    pub title: String,
    pub source: Source,
    /// For updates: the fields that change.
    pub fields: Vec<String>,
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
        match &self.column {
            Some(c) => write!(f, "{}, column {c}: {}", self.source, self.reason),
            None => write!(f, "{}: {}", self.source, self.reason),
        }
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
        self.warnings.append(&mut p.warnings);
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

/// A plain-text account of the report, one fact a line, for the CLI and
/// the TUI's import dialog.
impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let would = self.dry_run;
        if let Some((records, history)) = self.restored {
            let verb = if would { "Would restore" } else { "Restored" };
            return writeln!(
                f,
                "{verb} {records} records and {history} changes from {} into the empty database.",
                self.path
            );
        }
        for w in &self.warnings {
            writeln!(f, "Note: {w}")?;
        }
        let (create, update) = if would {
            ("Would create", "Would update")
        } else {
            ("Created", "Updated")
        };
        for p in &self.created {
            writeln!(
                f,
                "{create} {} {} ({})",
                p.id,
                crate::text::clean(&p.title),
                p.source
            )?;
        }
        for p in &self.updated {
            writeln!(
                f,
                "{update} {} {} ({}): {}",
                p.id,
                crate::text::clean(&p.title),
                p.source,
                p.fields.join(", ")
            )?;
        }
        for d in &self.duplicates {
            writeln!(f, "Skipped {d}")?;
        }
        for r in &self.rejected {
            writeln!(f, "Rejected {}", crate::text::clean(&r.to_string()))?;
        }
        let (c, u) = if would {
            ("to create", "to update")
        } else {
            ("created", "updated")
        };
        let tally = format!(
            "{} {c}, {} {u}, {} unchanged, {} duplicate, {} rejected",
            self.created.len(),
            self.updated.len(),
            self.unchanged,
            self.duplicates.len(),
            self.rejected_rows()
        );
        if would {
            writeln!(f, "Dry run of {}: {tally}. Nothing was written.", self.path)
        } else if self.blocked {
            writeln!(
                f,
                "Nothing was imported from {}: {} rows were rejected (listed above). Fix them and import again, or give --skip-rejected to import the other rows.",
                self.path,
                self.rejected_rows()
            )
        } else if let Some(seq) = self.applied {
            writeln!(
                f,
                "Imported {}: {tally}. Recorded as change {seq}; `accord undo` removes it.",
                self.path
            )
        } else {
            writeln!(f, "Nothing to import from {}: {tally}.", self.path)
        }
    }
}

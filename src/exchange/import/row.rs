//! One row being read: its cells by field, read as text, dates, lists and
//! references, with every problem tied to the column it came from.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::headers::{ColumnMap, Target};
use super::index::Index;
use super::msg::{msg, one};
use super::names::{party_items, spellings};
use super::source::{Cell, Row};
use super::values::{self, DateOrder};
use crate::model::{Id, Kind};

/// A problem with one cell (or with the row, when `column` is `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub column: Option<String>,
    pub reason: String,
}

/// The row being read, and what it needs to resolve references.
pub struct RowReader<'a> {
    pub row: &'a Row,
    pub cols: &'a ColumnMap,
    pub date_order: Option<DateOrder>,
    pub index: &'a Index,
    /// Ids written in the file → the ids they have in this database.
    pub file_ids: &'a HashMap<Id, Id>,
    pub problems: Vec<Problem>,
    /// Whether `--create-missing` is given (for the message about a name
    /// that names no institution).
    pub may_create: bool,
    /// Cells read as text that look like spreadsheet formulas.
    pub formulas: Vec<Problem>,
}

/// Why a name found no single record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// No record has that name.
    Nothing,
    /// Several records do.
    Many(Vec<Id>),
    /// Anything else, explained.
    Other(String),
}

const EMPTY: Cell = Cell::Empty;

impl<'a> RowReader<'a> {
    /// The cell of a field; `None` when the table has no such column.
    pub fn cell(&self, field: &str) -> Option<&'a Cell> {
        let i = self.cols.index(field)?;
        Some(self.row.cells.get(i).unwrap_or(&EMPTY))
    }

    fn header(&self, field: &str) -> String {
        self.cols
            .header_of
            .get(field)
            .cloned()
            .unwrap_or_else(|| field.to_string())
    }

    /// Notes a problem with a field's column.
    pub fn fail(&mut self, field: &str, reason: impl Into<String>) {
        let column = Some(self.header(field));
        self.problems.push(Problem {
            column,
            reason: reason.into(),
        });
    }

    /// Notes a problem with the whole row.
    pub fn fail_row(&mut self, reason: impl Into<String>) {
        self.problems.push(Problem {
            column: None,
            reason: reason.into(),
        });
    }

    /// The text of a field: `None` when the column is absent or unreadable.
    /// A cell that looks like a spreadsheet formula is kept as text and
    /// noted, so the report can warn about it.
    pub fn text(&mut self, field: &str) -> Option<String> {
        let cell = self.cell(field)?;
        if let Cell::Text(raw) = cell
            && values::looks_like_formula(raw)
        {
            let column = Some(self.header(field));
            if !self.formulas.iter().any(|f| f.column == column) {
                self.formulas.push(Problem {
                    column,
                    reason: raw.trim().to_string(),
                });
            }
        }
        match values::text(cell) {
            Ok(t) => Some(t),
            Err(e) => {
                self.fail(field, e);
                None
            }
        }
    }

    /// Text that is not empty.
    pub fn filled(&mut self, field: &str) -> Option<String> {
        self.text(field).filter(|t| !t.is_empty())
    }

    /// A date field: `None` when absent or unreadable, `Some(None)` when empty.
    pub fn date(&mut self, field: &str) -> Option<Option<NaiveDate>> {
        let cell = self.cell(field)?;
        match values::date(cell, self.date_order) {
            Ok(d) => Some(d),
            Err(e) => {
                self.fail(field, e);
                None
            }
        }
    }

    /// A list field, split on `;`.
    pub fn list(&mut self, field: &str) -> Option<Vec<String>> {
        self.text(field).map(|t| values::list(&t, false))
    }

    /// A vocabulary field read by `parse`; `None` when absent, empty or bad.
    pub fn word<T>(&mut self, field: &str, parse: fn(&str) -> Result<T, String>) -> Option<T> {
        let t = self.filled(field)?;
        match parse(&t) {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(field, e);
                None
            }
        }
    }

    /// The values of the `name_XX` columns: (language, text).
    pub fn names_in_languages(&mut self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (i, t) in self.cols.targets.iter().enumerate() {
            if let Some(Target::NameIn(lang)) = t {
                let cell = self.row.cells.get(i).unwrap_or(&EMPTY);
                match values::text(cell) {
                    Ok(s) if !s.is_empty() => out.push((lang.clone(), s)),
                    Ok(_) => {}
                    Err(e) => self.problems.push(Problem {
                        column: Some(format!("name_{lang}")),
                        reason: e,
                    }),
                }
            }
        }
        out
    }

    /// Finds the one record of `kinds` an id or a name stands for. A name
    /// written in two scripts (`中文 / English`) is found by either
    /// spelling, when both spellings that name anything name the same one.
    pub fn find(&self, typed: &str, kinds: &[Kind]) -> Result<Id, Miss> {
        let typed = typed.trim();
        if let Ok(id) = typed.parse::<Id>() {
            if !kinds.contains(&id.kind) {
                return Err(Miss::Other(msg!(
                    "wrong_kind",
                    id = id,
                    is = one(id.kind),
                    expected = expected(kinds)
                )));
            }
            let id = self.file_ids.get(&id).copied().unwrap_or(id);
            return if self.index.exists(id) {
                Ok(id)
            } else {
                Err(Miss::Other(msg!("no_such_record", id = id)))
            };
        }
        let named = |name: &str| {
            let mut found: Vec<Id> = Vec::new();
            for k in kinds {
                found.extend_from_slice(self.index.named(*k, name));
            }
            found
        };
        let mut found = named(typed);
        if found.is_empty() {
            let parts = spellings(typed);
            if parts.len() > 1 {
                for p in &parts {
                    for id in named(p) {
                        if !found.contains(&id) {
                            found.push(id);
                        }
                    }
                }
            }
        }
        match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(Miss::Nothing),
            many => Err(Miss::Many(many.to_vec())),
        }
    }

    /// Resolves an id or a name to a record of one of `kinds`, or explains
    /// why not.
    pub fn resolve(&self, typed: &str, kinds: &[Kind]) -> Result<Id, String> {
        self.find(typed, kinds)
            .map_err(|m| self.explain(typed.trim(), kinds, m))
    }

    /// The sentence for a name that found no single record.
    pub fn explain(&self, typed: &str, kinds: &[Kind], miss: Miss) -> String {
        match miss {
            Miss::Other(e) => e,
            Miss::Nothing if kinds == [Kind::Institution] && self.may_create => {
                msg!("no_institution_named", name = typed)
            }
            Miss::Nothing if kinds == [Kind::Institution] => {
                msg!("no_institution_named_create", name = typed)
            }
            Miss::Nothing => msg!("nothing_named", what = nouns(kinds), name = typed),
            Miss::Many(many) => {
                let shown: Vec<String> = many
                    .iter()
                    .take(5)
                    .map(|i| self.index.describe(*i))
                    .collect();
                msg!("ambiguous", name = typed, records = shown.join(", "))
            }
        }
    }

    /// A reference given by an id column or, when that is absent or empty,
    /// a name column. `None` when neither column is there (or on error);
    /// `Some(None)` when they are there and empty.
    pub fn reference(
        &mut self,
        id_field: &str,
        name_field: &str,
        kinds: &[Kind],
    ) -> Option<Option<Id>> {
        let by_id = self.text(id_field);
        let by_name = self.text(name_field);
        let (field, typed) = match (by_id, by_name) {
            (Some(i), _) if !i.is_empty() => (id_field, i),
            (_, Some(n)) if !n.is_empty() => (name_field, n),
            (None, None) => return None,
            _ => return Some(None),
        };
        match self.resolve(&typed, kinds) {
            Ok(id) => Some(Some(id)),
            Err(e) => {
                self.fail(field, e);
                None
            }
        }
    }

    /// Several references: ids or names, by the id column first.
    pub fn references(
        &mut self,
        id_field: &str,
        name_field: &str,
        kinds: &[Kind],
    ) -> Option<Vec<Id>> {
        let by_id = self.text(id_field);
        let by_name = self.text(name_field);
        let (field, items) = match (by_id, by_name) {
            (Some(i), _) if !i.is_empty() => (id_field, split_refs(&i)),
            (_, Some(n)) if !n.is_empty() => (name_field, party_items(&n)),
            (None, None) => return None,
            _ => return Some(Vec::new()),
        };
        let mut out = Vec::new();
        let mut ok = true;
        for item in items {
            match self.resolve(&item, kinds) {
                Ok(id) if !out.contains(&id) => out.push(id),
                Ok(_) => {}
                Err(e) => {
                    self.fail(field, e);
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }
}

/// Id lists may also be separated by commas or ideographic commas.
fn split_refs(s: &str) -> Vec<String> {
    let ids_only = s
        .split([',', ';', '、', '；', '\n', ' '])
        .filter(|p| !p.trim().is_empty())
        .all(|p| p.trim().parse::<Id>().is_ok());
    if ids_only {
        s.split([',', ';', '、', '；', '\n', ' '])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect()
    } else {
        party_items(s)
    }
}

/// "an institution or a partnership", in the language in force.
fn expected(kinds: &[Kind]) -> String {
    kinds
        .iter()
        .map(|k| one(*k))
        .collect::<Vec<_>>()
        .join(&msg!("or"))
}

/// "agreement or partnership", in the language in force.
fn nouns(kinds: &[Kind]) -> String {
    kinds
        .iter()
        .map(|k| super::msg::fill(&format!("import.noun.{}", k.name()), &[]))
        .collect::<Vec<_>>()
        .join(&msg!("or"))
}

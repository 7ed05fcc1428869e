//! Turning tables into one change: each row is matched to a record (by the
//! accord id in its id column, or else by its natural key), built, checked,
//! and planned as a create, an update, nothing (unchanged), a duplicate of
//! an earlier row, or a rejection with its row, column and reason.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::build::build;
use super::headers::ColumnMap;
use super::index::{Index, natural_keys};
use super::msg::msg;
use super::row::{Problem, RowReader};
use super::source::{Row, Table};
use super::values::DateOrder;
use super::{Planned, Rejection, Source};
use crate::model::*;
use crate::store::{Change, Edit, field_changes};

/// The change being planned.
pub struct Planner {
    pub index: Index,
    pub date_order: Option<DateOrder>,
    /// Ids written in the files → ids in this database.
    file_ids: HashMap<Id, Id>,
    /// Ids from the files that are free and kept for their rows.
    reserved: HashSet<Id>,
    next: HashMap<Kind, u32>,
    /// Records this import touches → the row that planned them.
    touched: HashMap<Id, Source>,
    pub created: Vec<Planned>,
    pub updated: Vec<Planned>,
    pub unchanged: usize,
    pub duplicates: Vec<Rejection>,
    pub rejected: Vec<Rejection>,
    pub warnings: Vec<String>,
    /// The records to write, in order: true for a create. The records
    /// themselves stay in the index until [`Planner::take_edits`].
    edits: Vec<(bool, Id)>,
    /// `--create-missing`: unknown partners are created.
    pub create_missing: bool,
    /// The day a register's remarks are noted on.
    pub today: Option<NaiveDate>,
    /// Records the row being planned creates besides its own (new
    /// partners, the partnership of an agreement), with what the report
    /// says of them; in the index until the row is accepted or withdrawn.
    pub(super) pending: Vec<(Id, String)>,
    /// Cells that look like spreadsheet formulas, imported as text.
    pub formulas: Vec<Rejection>,
}

impl Planner {
    pub fn new(index: Index, date_order: Option<DateOrder>) -> Planner {
        let next = Kind::ALL
            .iter()
            .map(|k| (*k, index.counters.get(k).copied().unwrap_or(0) + 1))
            .collect();
        Planner {
            index,
            date_order,
            file_ids: HashMap::new(),
            reserved: HashSet::new(),
            next,
            touched: HashMap::new(),
            created: Vec::new(),
            updated: Vec::new(),
            unchanged: 0,
            duplicates: Vec::new(),
            rejected: Vec::new(),
            warnings: Vec::new(),
            edits: Vec::new(),
            create_missing: false,
            today: None,
            pending: Vec::new(),
            formulas: Vec::new(),
        }
    }

    /// Reads the id column of a table: accord ids of this kind that are
    /// free in this database are kept for their rows.
    fn reserve(&mut self, kind: Kind, table: &Table, cols: &ColumnMap) {
        let Some(i) = cols.index("id") else { return };
        let counter = self.index.counters.get(&kind).copied().unwrap_or(0);
        let mut foreign = false;
        for row in &table.rows {
            let Some(super::source::Cell::Text(t)) = row.cells.get(i) else {
                continue;
            };
            match t.trim().parse::<Id>() {
                Ok(id) if id.kind == kind && id.n > counter && !self.index.exists(id) => {
                    self.reserved.insert(id);
                }
                Ok(_) => {}
                Err(_) => foreign = true,
            }
        }
        if foreign {
            self.warnings.push(msg!(
                "foreign_ids",
                table = table.name,
                column = cols.header_of.get("id").map(String::as_str).unwrap_or("id")
            ));
        }
    }

    pub(super) fn allocate(&mut self, kind: Kind) -> Id {
        let n = self.next.entry(kind).or_insert(1);
        loop {
            let id = Id::new(kind, *n);
            *n += 1;
            if !self.reserved.contains(&id) && !self.index.exists(id) {
                return id;
            }
        }
    }

    /// Plans every row of a table of `kind`.
    pub fn table(
        &mut self,
        kind: Kind,
        table: &Table,
        cols: &ColumnMap,
        progress: &mut dyn FnMut(usize),
    ) {
        self.reserve(kind, table, cols);
        let name: std::sync::Arc<str> = table.name.as_str().into();
        for (n, row) in table.rows.iter().enumerate() {
            let source = Source {
                table: name.clone(),
                row: row.number,
            };
            self.row(kind, table, cols, row, source);
            if n % 256 == 0 {
                progress(n);
            }
        }
        progress(table.rows.len());
    }

    pub(super) fn reader<'a>(
        &'a self,
        cols: &'a ColumnMap,
        row: &'a super::source::Row,
    ) -> RowReader<'a> {
        RowReader {
            row,
            cols,
            date_order: self.date_order,
            index: &self.index,
            file_ids: &self.file_ids,
            problems: Vec::new(),
            may_create: self.create_missing,
            formulas: Vec::new(),
        }
    }

    fn reject(&mut self, source: &Source, problems: Vec<Problem>) {
        for p in problems {
            self.rejected.push(Rejection {
                source: source.clone(),
                column: p.column,
                reason: p.reason,
            });
        }
    }

    fn row(&mut self, kind: Kind, table: &Table, cols: &ColumnMap, row: &Row, source: Source) {
        let mut formulas = Vec::new();
        self.plan_row(kind, table, cols, row, &source, &mut formulas);
        // What a rejected row would have created is withdrawn.
        for (id, _) in std::mem::take(&mut self.pending) {
            self.index.remove(id);
        }
        for f in formulas {
            if !self
                .formulas
                .iter()
                .any(|x| x.source == source && x.column == f.column)
            {
                self.formulas.push(Rejection {
                    source: source.clone(),
                    column: f.column,
                    reason: msg!("formula_kept", text = f.reason),
                });
            }
        }
    }

    /// Moves the records this row creates besides its own into the plan.
    pub(super) fn flush_pending(&mut self, source: &Source) {
        for (id, note) in std::mem::take(&mut self.pending) {
            let title = self.index.get(id).map(Record::title).unwrap_or_default();
            self.touched.insert(id, source.clone());
            self.created.push(Planned {
                id,
                title,
                source: source.clone(),
                fields: Vec::new(),
                note,
            });
            self.edits.push((true, id));
        }
    }

    fn plan_row(
        &mut self,
        kind: Kind,
        table: &Table,
        cols: &ColumnMap,
        row: &Row,
        source: &Source,
        formulas: &mut Vec<Problem>,
    ) {
        let source = source.clone();
        // The id column, when it holds an accord id of this kind.
        let mut r = self.reader(cols, row);
        let typed = r.filled("id");
        let mut problems = std::mem::take(&mut r.problems);
        let file_id = match typed.as_deref().map(|t| t.parse::<Id>()) {
            Some(Ok(id)) if id.kind == kind => Some(id),
            Some(Ok(id)) => {
                problems.push(Problem {
                    column: cols.header_of.get("id").cloned(),
                    reason: msg!(
                        "id_of_other_kind",
                        id = id,
                        is = super::msg::one(id.kind),
                        table = table.name,
                        kind = super::msg::plural(kind)
                    ),
                });
                None
            }
            _ => None,
        };
        if !problems.is_empty() {
            return self.reject(&source, problems);
        }
        if self.create_missing
            && let Err(problems) = self.create_partners(kind, cols, row, formulas)
        {
            return self.reject(&source, problems);
        }
        let by_id = file_id
            .map(|f| self.file_ids.get(&f).copied().unwrap_or(f))
            .filter(|id| self.index.exists(*id));
        // Build once from nothing (or the record with that id), then look
        // for the record the natural key names.
        let base = by_id.and_then(|id| self.index.get(id)).cloned();
        let mut r = self.reader(cols, row);
        let mut record = build(kind, &mut r, base.as_ref());
        let mut problems = std::mem::take(&mut r.problems);
        formulas.append(&mut r.formulas);
        let mut note = String::new();
        if let Record::Agreement(a) = &mut record
            && a.partnership.n == 0
            && problems.is_empty()
        {
            match self.partnership_for(a) {
                Ok(n) => note = n,
                Err(p) => problems.push(p),
            }
        }
        let mut target = by_id;
        if target.is_none() && problems.is_empty() {
            // A row with its own (free) id is a record of its own: it may
            // match a record already here, not another row of this import.
            let found = natural_keys(&record)
                .iter()
                .find_map(|k| self.index.by_key(k))
                .or_else(|| self.by_name_alone(&record))
                .filter(|id| file_id.is_none() || !self.touched.contains_key(id));
            if let Some(id) = found {
                let base = self.index.get(id).cloned();
                let mut r = self.reader(cols, row);
                record = build(kind, &mut r, base.as_ref());
                problems = std::mem::take(&mut r.problems);
                target = Some(id);
            }
        }
        if !problems.is_empty() {
            return self.reject(&source, problems);
        }
        let id = match target {
            Some(id) => id,
            None => match file_id.filter(|f| self.reserved.contains(f) && !self.index.exists(*f)) {
                Some(f) => f,
                None => self.allocate(kind),
            },
        };
        record.set_id(id);
        let lookup = |i: Id| self.index.get(i).map(|r| r.kind());
        if let Err(invalid) = validate(&record, &lookup) {
            let problems = invalid
                .errors
                .iter()
                .map(|e| Problem {
                    column: column_of(cols, e.field),
                    reason: e.message.clone(),
                })
                .collect();
            return self.reject(&source, problems);
        }
        let before = self.index.get(id).cloned();
        if let Some(earlier) = self.touched.get(&id).cloned() {
            let key = natural_keys(&record)
                .first()
                .map(|k| k.describe())
                .unwrap_or_else(|| msg!("key.id"));
            if before.as_ref() == Some(&record) {
                self.duplicates.push(Rejection {
                    source,
                    column: None,
                    reason: msg!("repeats", row = earlier.row, key = key),
                });
            } else {
                self.rejected.push(Rejection {
                    source,
                    column: None,
                    reason: msg!("repeats_differently", row = earlier.row, key = key),
                });
            }
            return;
        }
        if let Some(f) = file_id {
            self.file_ids.insert(f, id);
        }
        self.flush_pending(&source);
        self.touched.insert(id, source.clone());
        let planned = |fields: Vec<String>| Planned {
            id,
            title: record.title(),
            source: source.clone(),
            fields,
            note: note.clone(),
        };
        match &before {
            Some(b) if *b == record => self.unchanged += 1,
            Some(b) => {
                let change = Change {
                    id,
                    before: before.clone(),
                    after: Some(record.clone()),
                };
                let mut fields: Vec<String> = field_changes(&change)
                    .into_iter()
                    .map(|c| c.field)
                    .collect();
                let added = added_names(b, &record);
                if !added.is_empty() {
                    fields.retain(|f| f != "names");
                    fields.extend(added);
                }
                self.updated.push(planned(fields));
                self.edits.push((false, id));
            }
            None => {
                self.created.push(planned(Vec::new()));
                self.edits.push((true, id));
            }
        }
        self.index.put(record);
        if kind == Kind::Agreement {
            self.remark(cols, row, id, &source);
        }
    }
}

/// "name added: Peking University Shougang Hospital (en)" for each
/// spelling an update adds.
fn added_names(before: &Record, after: &Record) -> Vec<String> {
    let names = |r: &Record| match r {
        Record::Institution(i) => i.names.clone(),
        Record::Contact(c) => c.names.clone(),
        _ => Vec::new(),
    };
    let old = names(before);
    names(after)
        .into_iter()
        .filter(|n| !old.contains(n))
        .map(|n| {
            let lang = if n.lang.is_empty() {
                "?".to_string()
            } else {
                n.lang.clone()
            };
            msg!(
                "name_added",
                name = crate::text::clean(&n.text),
                lang = lang
            )
        })
        .collect()
}

impl Planner {
    pub fn has_edits(&self) -> bool {
        !self.edits.is_empty()
    }

    /// The planned creates and updates, taking the records out of the index.
    pub fn take_edits(&mut self) -> Vec<Edit> {
        let planned = std::mem::take(&mut self.edits);
        planned
            .into_iter()
            .filter_map(|(create, id)| {
                let r = self.index.take(id)?;
                Some(if create {
                    Edit::Create(r)
                } else {
                    Edit::Update(r)
                })
            })
            .collect()
    }

    /// An institution row without a country matches the one institution of
    /// that name, if there is exactly one.
    fn by_name_alone(&self, record: &Record) -> Option<Id> {
        let Record::Institution(i) = record else {
            return None;
        };
        if !i.country.is_empty() {
            return None;
        }
        let name = i.names.first()?;
        match self.index.named(Kind::Institution, &name.text) {
            [one] => Some(*one),
            _ => None,
        }
    }
}

/// The column a model field came from, for validation messages.
fn column_of(cols: &ColumnMap, field: &str) -> Option<String> {
    let candidates: &[&str] = match field {
        "names" => &["name", "other_names"],
        "partners" => &["partners", "partner_names"],
        "parties" => &["parties", "party_names"],
        "partnership" => &["partnership", "partnership_title"],
        "parent" => &["parent", "parent_title"],
        "institution" => &["institution", "institution_name"],
        "kind" => &["type"],
        other => {
            return cols
                .header_of
                .get(other)
                .cloned()
                .or(Some(other.to_string()));
        }
    };
    candidates
        .iter()
        .find_map(|f| cols.header_of.get(*f).cloned())
        .or_else(|| candidates.first().map(|f| f.to_string()))
}

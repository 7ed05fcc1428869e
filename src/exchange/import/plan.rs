//! Turning tables into one change: each row is matched to a record (by the
//! accord id in its id column, or else by its natural key), built, checked,
//! and planned as a create, an update, nothing (unchanged), a duplicate of
//! an earlier row, or a rejection with its row, column and reason.

use std::collections::{HashMap, HashSet};

use super::build::build;
use super::headers::ColumnMap;
use super::index::{Index, natural_keys};
use super::row::{Problem, RowReader};
use super::source::Table;
use super::values::DateOrder;
use super::{Planned, Rejection, Source};
use crate::model::{Id, Kind, Record, validate};
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
            self.warnings.push(format!(
                "{}: the '{}' column holds values that are not accord ids (like I3 or P12); those rows are matched by name instead",
                table.name,
                cols.header_of.get("id").map(String::as_str).unwrap_or("id")
            ));
        }
    }

    fn allocate(&mut self, kind: Kind) -> Id {
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

    fn reader<'a>(&'a self, cols: &'a ColumnMap, row: &'a super::source::Row) -> RowReader<'a> {
        RowReader {
            row,
            cols,
            date_order: self.date_order,
            index: &self.index,
            file_ids: &self.file_ids,
            problems: Vec::new(),
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

    fn row(
        &mut self,
        kind: Kind,
        table: &Table,
        cols: &ColumnMap,
        row: &super::source::Row,
        source: Source,
    ) {
        // The id column, when it holds an accord id of this kind.
        let mut r = self.reader(cols, row);
        let typed = r.filled("id");
        let mut problems = std::mem::take(&mut r.problems);
        let file_id = match typed.as_deref().map(|t| t.parse::<Id>()) {
            Some(Ok(id)) if id.kind == kind => Some(id),
            Some(Ok(id)) => {
                problems.push(Problem {
                    column: cols.header_of.get("id").cloned(),
                    reason: format!(
                        "{id} is {} id, but {} holds {}",
                        crate::text::with_article(id.kind.name()),
                        table.name,
                        kind.plural()
                    ),
                });
                None
            }
            _ => None,
        };
        if !problems.is_empty() {
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
                .unwrap_or("the same id");
            if before.as_ref() == Some(&record) {
                self.duplicates.push(Rejection {
                    source,
                    column: None,
                    reason: format!("repeats {} ({key})", earlier.describe()),
                });
            } else {
                self.rejected.push(Rejection {
                    source,
                    column: None,
                    reason: format!(
                        "repeats {} ({key}) with different values; keep one of the two rows",
                        earlier.describe()
                    ),
                });
            }
            return;
        }
        if let Some(f) = file_id {
            self.file_ids.insert(f, id);
        }
        self.touched.insert(id, source.clone());
        let planned = |fields: Vec<String>| Planned {
            id,
            title: record.title(),
            source: source.clone(),
            fields,
        };
        match &before {
            Some(b) if *b == record => self.unchanged += 1,
            Some(_) => {
                let change = Change {
                    id,
                    before: before.clone(),
                    after: Some(record.clone()),
                };
                let fields = field_changes(&change)
                    .into_iter()
                    .map(|c| c.field)
                    .collect();
                self.updated.push(planned(fields));
                self.edits.push((false, id));
            }
            None => {
                self.created.push(planned(Vec::new()));
                self.edits.push((true, id));
            }
        }
        self.index.put(record);
    }
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

//! One record's part of a stored history entry. A big change (an import,
//! `generate`) is one entry holding every record it touched, tens of
//! megabytes at 100k records; a record's history (its detail, the table's
//! side pane) needs only that record's change, so the others are read
//! past, never decoded into records, and not kept.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::model::{Id, Record};
use crate::store::history::{Change, HistoryEntry};

/// A history entry as stored, its records left as JSON text. The fields
/// are [`HistoryEntry`]'s (the test below keeps them in step).
#[derive(Deserialize)]
struct Stored<'a> {
    seq: u64,
    at: DateTime<Utc>,
    #[serde(default)]
    author: Option<String>,
    summary: String,
    #[serde(borrow)]
    changes: Vec<StoredChange<'a>>,
    #[serde(default)]
    undoes: Option<u64>,
    #[serde(default)]
    undone_by: Option<u64>,
}

#[derive(Deserialize)]
struct StoredChange<'a> {
    id: Id,
    #[serde(borrow, default)]
    before: Option<&'a RawValue>,
    #[serde(borrow, default)]
    after: Option<&'a RawValue>,
}

/// The entry stored as `bytes`, with only the changes of `id`.
pub(super) fn entry_of(bytes: &[u8], id: Id) -> serde_json::Result<HistoryEntry> {
    let stored: Stored<'_> = serde_json::from_slice(bytes)?;
    let record = |raw: Option<&RawValue>| -> serde_json::Result<Option<Record>> {
        raw.map(|r| serde_json::from_str(r.get())).transpose()
    };
    let mut changes = Vec::new();
    for c in stored.changes.iter().filter(|c| c.id == id) {
        changes.push(Change {
            id: c.id,
            before: record(c.before)?,
            after: record(c.after)?,
        });
    }
    Ok(HistoryEntry {
        seq: stored.seq,
        at: stored.at,
        author: stored.author,
        summary: stored.summary,
        changes,
        undoes: stored.undoes,
        undone_by: stored.undone_by,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Institution, InstitutionKind, Kind, Name};

    fn institution(n: u32, name: &str) -> Record {
        Record::Institution(Institution {
            id: Id::new(Kind::Institution, n),
            names: vec![Name::new(name, "en")],
            short_name: String::new(),
            country: "KZ".into(),
            city: String::new(),
            kind: InstitutionKind::Hospital,
            tags: Vec::new(),
            website: String::new(),
            home: false,
        })
    }

    #[test]
    fn a_records_part_of_an_entry_is_the_entry_with_its_changes_only() {
        let change = |n: u32, before: Option<&str>, after: Option<&str>| Change {
            id: Id::new(Kind::Institution, n),
            before: before.map(|b| institution(n, b)),
            after: after.map(|a| institution(n, a)),
        };
        let whole = HistoryEntry {
            seq: 7,
            at: "2026-11-23T10:00:00Z".parse().unwrap(),
            author: Some("lina".into()),
            summary: "import 3 rows".into(),
            changes: vec![
                change(1, None, Some("Almaty Clinic")),
                change(2, Some("Astana"), Some("Astana Clinic")),
                change(3, Some("Gone"), None),
            ],
            undoes: Some(3),
            undone_by: Some(9),
        };
        let bytes = serde_json::to_vec(&whole).unwrap();
        for n in 1..=3 {
            let id = Id::new(Kind::Institution, n);
            let part = entry_of(&bytes, id).unwrap();
            let mut expected = whole.clone();
            expected.changes.retain(|c| c.id == id);
            assert_eq!(part, expected);
        }
        // Every field of an entry is kept: the JSON of the whole entry with
        // one change is that of the part.
        let one = HistoryEntry {
            changes: vec![change(2, Some("Astana"), Some("Astana Clinic"))],
            ..whole.clone()
        };
        let part = entry_of(
            &serde_json::to_vec(&one).unwrap(),
            Id::new(Kind::Institution, 2),
        );
        assert_eq!(
            serde_json::to_value(part.unwrap()).unwrap(),
            serde_json::to_value(&one).unwrap()
        );
        assert!(entry_of(b"{\"seq\":1}", Id::new(Kind::Institution, 1)).is_err());
    }
}

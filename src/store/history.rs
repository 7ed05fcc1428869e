//! The history of changes: what changed, when, from what to what.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{Id, Record};

/// One record's before and after within a change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub id: Id,
    #[serde(default)]
    pub before: Option<Record>,
    #[serde(default)]
    pub after: Option<Record>,
}

/// A stored change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub seq: u64,
    pub at: DateTime<Utc>,
    /// Who made the change: the PostgreSQL login on a team server, the
    /// operating-system user on a personal database (absent in entries
    /// written before accord recorded it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    pub summary: String,
    pub changes: Vec<Change>,
    /// Set on an undo: the change it reverted.
    #[serde(default)]
    pub undoes: Option<u64>,
    /// Set on a change that has been undone: the undo that reverted it.
    #[serde(default)]
    pub undone_by: Option<u64>,
}

/// One field of one record, old → new, for history listings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub id: Id,
    pub field: String,
    pub old: String,
    pub new: String,
}

/// The fields that differ between before and after, in field order.
pub fn field_changes(change: &Change) -> Vec<FieldChange> {
    let to_map = |r: &Option<Record>| match r.as_ref().and_then(|r| serde_json::to_value(r).ok()) {
        Some(Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    let before = to_map(&change.before);
    let after = to_map(&change.after);
    let mut keys: Vec<&String> = after.keys().chain(before.keys()).collect();
    keys.dedup();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for k in keys {
        if k == "id" || k == "kind" || !seen.insert(k.clone()) {
            continue;
        }
        let (o, n) = (before.get(k), after.get(k));
        if o != n {
            out.push(FieldChange {
                id: change.id,
                field: k.clone(),
                old: o.map(show).unwrap_or_default(),
                new: n.map(show).unwrap_or_default(),
            });
        }
    }
    out
}

fn show(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(show).collect::<Vec<_>>().join(", "),
        Value::Object(m) => match m.get("text") {
            Some(t) => show(t),
            None => v.to_string(),
        },
        other => other.to_string(),
    }
}

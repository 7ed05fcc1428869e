//! A complete copy of a database: the backup and JSON export format.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::history::HistoryEntry;
use crate::model::Record;

pub const BACKUP_FORMAT: &str = "accord-backup";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Always [`BACKUP_FORMAT`].
    pub format: String,
    pub schema_version: u32,
    pub exported_at: DateTime<Utc>,
    /// The highest number ever given per id letter ("P": 12), so ids are
    /// never reused after a restore.
    #[serde(default)]
    pub counters: BTreeMap<String, u32>,
    pub records: Vec<Record>,
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
}

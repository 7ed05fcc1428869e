//! What can go wrong with storage, in sentences a user understands, in
//! the interface language (the catalog's `store.*` keys, locales/store.yml).

use rust_i18n::t;

use crate::model::{Id, Invalid};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}", t!("store.locked", path = .path))]
    Locked { path: String },

    #[error("{}", t!("store.corrupt", path = .path, detail = .detail))]
    Corrupt { path: String, detail: String },

    #[error("{}", t!("store.newer", path = .path, found = .found, supported = .supported))]
    Newer {
        path: String,
        found: u32,
        supported: u32,
    },

    #[error("{}", t!("store.not_a_database", path = .path))]
    NotADatabase { path: String },

    #[error("{}", t!("store.io", path = .path, detail = .detail))]
    Io { path: String, detail: String },

    #[error("{0}")]
    Invalid(#[from] Invalid),

    #[error("{}", t!("store.not_found", id = .0))]
    NotFound(Id),

    #[error("{}", t!("store.exists", id = .id))]
    Exists { id: Id },

    #[error("{}", t!("store.in_use", id = .id, by = list(.by)))]
    InUse { id: Id, by: Vec<Id> },

    #[error("{}", t!("store.not_empty", path = .path, records = .records))]
    NotEmpty { path: String, records: usize },

    #[error("{0}")]
    Conflict(String),

    /// Someone else changed the record since it was read.
    #[error("{}", super::rules::changed_since_text(*.id, .author, *.at, .field.as_deref(), .theirs, .yours))]
    ChangedSince {
        id: Id,
        author: String,
        at: Option<chrono::DateTime<chrono::Utc>>,
        field: Option<String>,
        theirs: String,
        yours: String,
    },

    /// The shared server could not be reached or did not answer.
    #[error("{0}")]
    Server(String),

    /// The server is busy with a colleague's long change (an import).
    #[error("{}", t!("store.busy", location = .location))]
    Busy { location: String },

    /// The database opened behind the last change accord acknowledged
    /// (its seal): changes `from..=sealed` are missing.
    #[error("{}", rust_i18n::t!("durable.rolled_back", path = path, found = found, sealed = sealed, from = found + 1, since = since, until = until))]
    RolledBack {
        path: String,
        found: u64,
        sealed: u64,
        since: String,
        until: String,
    },

    /// sled found damaged data (its own words are not shown).
    #[error("{}", rust_i18n::t!("durable.damaged", path = path))]
    Damaged { path: String },

    /// The seal file itself cannot be read.
    #[error("{}", rust_i18n::t!("durable.seal_unreadable", path = path, file = file))]
    SealUnreadable { path: String, file: String },

    /// A database not closed cleanly could not be copied before opening.
    #[error("{}", rust_i18n::t!("durable.copy_failed", path = path, detail = detail))]
    CopyFailed { path: String, detail: String },
}

fn list(ids: &[Id]) -> String {
    let shown: Vec<String> = ids.iter().take(8).map(|i| i.to_string()).collect();
    if ids.len() > 8 {
        t!("store.and_more", list = shown.join(", "), n = ids.len() - 8).into_owned()
    } else {
        shown.join(", ")
    }
}

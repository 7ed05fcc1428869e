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
}

fn list(ids: &[Id]) -> String {
    let shown: Vec<String> = ids.iter().take(8).map(|i| i.to_string()).collect();
    if ids.len() > 8 {
        t!("store.and_more", list = shown.join(", "), n = ids.len() - 8).into_owned()
    } else {
        shown.join(", ")
    }
}

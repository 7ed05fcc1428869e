//! What can go wrong with storage, in sentences a user understands.

use crate::model::{Id, Invalid};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the database at {path} is already open in another accord process; close it there and try again"
    )]
    Locked { path: String },

    #[error(
        "the database at {path} is damaged or unreadable ({detail}); nothing was changed. Restore it from a backup with `accord restore BACKUP.json --db {path}`"
    )]
    Corrupt { path: String, detail: String },

    #[error(
        "the database at {path} was written by a newer accord (schema {found}; this accord reads up to schema {supported}); please upgrade accord"
    )]
    Newer {
        path: String,
        found: u32,
        supported: u32,
    },

    #[error(
        "{path} is not an accord database (it exists but holds other files); choose another path with --db"
    )]
    NotADatabase { path: String },

    #[error("could not use the database at {path}: {detail}")]
    Io { path: String, detail: String },

    #[error("{0}")]
    Invalid(#[from] Invalid),

    #[error("there is no record {0}")]
    NotFound(Id),

    #[error("{id} already exists")]
    Exists { id: Id },

    #[error("{id} cannot be deleted while {} refer to it; delete or change those first", list(.by))]
    InUse { id: Id, by: Vec<Id> },

    #[error(
        "the database at {path} is not empty; restore would replace its {records} records. Use --force to replace them"
    )]
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
    #[error(
        "the server at {location} is busy with another change (perhaps a colleague's import); nothing was saved: try again in a moment"
    )]
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
        format!("{} and {} more", shown.join(", "), ids.len() - 8)
    } else {
        shown.join(", ")
    }
}

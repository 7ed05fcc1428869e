//! Opening sled safely: refusing foreign directories, private permissions,
//! and turning sled's lock errors, corruption reports and panics into
//! sentences.

use std::path::Path;

use crate::store::{Result, StoreError};

/// Returns whether an existing directory already holds a sled database with
/// data; refuses paths that are something else.
pub(super) fn inspect_existing(path: &Path) -> Result<bool> {
    let shown = path.display().to_string();
    if !path.exists() {
        return Ok(false);
    }
    if !path.is_dir() {
        return Err(StoreError::NotADatabase { path: shown });
    }
    let mut entries = std::fs::read_dir(path)
        .map_err(|e| StoreError::Io {
            path: shown.clone(),
            detail: e.to_string(),
        })?
        .peekable();
    let empty = entries.peek().is_none();
    let db_file = path.join("db");
    if !empty && !db_file.exists() && !path.join("conf").exists() {
        return Err(StoreError::NotADatabase { path: shown });
    }
    // Once accord has used a directory it holds a non-empty `db` file or a
    // `snap.*` page-table snapshot; either means there is data to protect.
    let snapshot = std::fs::read_dir(path)
        .map(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("snap."))
        })
        .unwrap_or(false);
    Ok(snapshot || db_file.metadata().map(|m| m.len() > 0).unwrap_or(false))
}

#[cfg(unix)]
pub(crate) fn create_private_dir(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)
}

#[cfg(not(unix))]
pub(crate) fn create_private_dir(path: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(path)
}

/// Opens sled, turning its lock error, corruption reports and panics into
/// clear errors.
pub(super) fn open_sled(config: sled::Config, shown: &str) -> Result<sled::Db> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| config.open()));
    std::panic::set_hook(previous);
    match outcome {
        Ok(Ok(db)) => Ok(db),
        Ok(Err(sled::Error::Io(e))) if e.to_string().contains("could not acquire lock") => {
            Err(StoreError::Locked {
                path: shown.to_string(),
            })
        }
        Ok(Err(sled::Error::Io(e))) if is_sled_damage(&e.to_string()) => Err(StoreError::Damaged {
            path: shown.to_string(),
        }),
        Ok(Err(sled::Error::Io(e))) => Err(StoreError::Io {
            path: shown.to_string(),
            detail: e.to_string(),
        }),
        Ok(Err(sled::Error::Corruption { .. })) | Err(_) => Err(StoreError::Damaged {
            path: shown.to_string(),
        }),
        Ok(Err(e)) if is_sled_damage(&e.to_string()) => Err(StoreError::Damaged {
            path: shown.to_string(),
        }),
        Ok(Err(e)) => Err(StoreError::Corrupt {
            path: shown.to_string(),
            detail: e.to_string(),
        }),
    }
}

/// Whether an error text is sled's report of damaged data, which quotes
/// its internals ("Read corrupted data at file offset None backtrace ()").
pub(super) fn is_sled_damage(text: &str) -> bool {
    text.starts_with("Read corrupted data") || text.contains("corruption encountered")
}

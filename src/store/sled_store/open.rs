//! Opening a database: through a copy unless it was closed cleanly,
//! refusing foreign directories, private permissions, and turning sled's
//! lock errors, corruption reports and panics into sentences.

use std::path::Path;

use super::{CACHE_BYTES, SledStore, guard};
use crate::clock::SharedClock;
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

impl SledStore {
    /// Opens (or creates) the database directory at `path`.
    ///
    /// sled opens the real files only when they are as accord left them
    /// at a clean close; otherwise it works on a copy first, and the real
    /// files are replaced by the copy only once it opens and matches the
    /// seal (see [`guard`]). A database that fails is never written to.
    pub fn open(path: &Path, clock: SharedClock) -> Result<SledStore> {
        SledStore::open_sized(path, clock, CACHE_BYTES)
    }

    /// [`SledStore::open`] with a page cache of `cache` bytes.
    pub fn open_sized(path: &Path, clock: SharedClock, cache: u64) -> Result<SledStore> {
        let shown = path.display().to_string();
        let had_data = inspect_existing(path)?;
        if !path.exists() {
            create_private_dir(path).map_err(|e| StoreError::Io {
                path: shown.clone(),
                detail: format!("the directory could not be created: {e}"),
            })?;
        }
        if had_data && !guard::closed_cleanly(path) {
            return SledStore::open_through_copy(path, clock, cache);
        }
        SledStore::open_in(path, path, had_data, clock, cache)
    }

    /// Lets sled open the files in `files` for the database known as `path`.
    fn open_in(
        path: &Path,
        files: &Path,
        had_data: bool,
        clock: SharedClock,
        cache: u64,
    ) -> Result<SledStore> {
        let shown = path.display().to_string();
        // sled's page cache defaults to 1 GB; the interface keeps its own
        // copy of the records, so a small cache is enough and keeps the
        // resident size down.
        let config = sled::Config::new().path(files).cache_capacity(cache);
        let db = open_sled(config, &shown)?;
        let mut store = SledStore::from_db(db, path.to_path_buf(), had_data, clock)?;
        store.files = Some(files.to_path_buf());
        store.closer.dir = Some(files.to_path_buf());
        store.on_disk = true;
        store.verify_seal()?;
        store.note_staff();
        Ok(store)
    }

    /// Opens a database that was not closed cleanly (or was changed since)
    /// on a copy; see [`guard`].
    fn open_through_copy(path: &Path, clock: SharedClock, cache: u64) -> Result<SledStore> {
        let shown = path.display().to_string();
        let failed = |e: std::io::Error| StoreError::CopyFailed {
            path: shown.clone(),
            detail: e.to_string(),
        };
        let (lock, scratch) = guard::locked_copy(path, "opening")?;
        match SledStore::open_in(path, &scratch, true, clock.clone(), CACHE_BYTES) {
            Ok(store) => drop(store),
            Err(e) => {
                guard::discard(&scratch);
                return Err(e);
            }
        }
        let stamp = clock.now().format("%Y-%m-%dT%H-%M-%S").to_string();
        let kept = guard::take_over(path, &scratch, &stamp).map_err(failed)?;
        drop(lock);
        // sled's threads may hold the copy's lock a moment after it closed.
        let mut tries = 0;
        let mut store = loop {
            match SledStore::open_in(path, path, true, clock.clone(), cache) {
                Err(StoreError::Locked { .. }) if tries < 100 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                other => break other?,
            }
        };
        store.notices.push(
            rust_i18n::t!(
                "durable.kept",
                path = shown,
                kept = kept.display().to_string()
            )
            .into_owned(),
        );
        Ok(store)
    }
}

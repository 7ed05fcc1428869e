//! The search index kept between runs, in a file beside the database
//! (`search-index.bin`): loading it takes milliseconds where reading and
//! spelling every record takes hundreds. The file is stamped with the
//! store [`Version`] it reflects. When the store has changed since, the
//! changes recorded after it are applied from the history; when it cannot
//! be trusted (missing, damaged, written by another accord or for another
//! database, or ahead of the store) the index is built from the records
//! and the file written again. Deleting the file is always safe.
//!
//! ```
//! # use std::sync::Arc;
//! # use accord::clock::FixedClock;
//! # use accord::store::SledStore;
//! use accord::search::{Origin, SearchOptions, cache};
//! # let dir = tempfile::tempdir().unwrap();
//! # let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
//! # let store = SledStore::open(&dir.path().join("db"), Arc::new(FixedClock(day))).unwrap();
//! let (index, origin) = cache::load(&store).unwrap();
//! assert!(matches!(origin, Origin::Built(_))); // first time: built, then saved
//! let (index, origin) = cache::load(&store).unwrap();
//! assert_eq!(origin, Origin::Saved);
//! # let _ = index.search("shougang", &SearchOptions::default());
//! ```

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use crate::model::{Id, Record};
use crate::store::{self, Store, Version};

use super::SearchIndex;
use super::saved::{self, HEADER_LEN, Summing, Unusable, stamp};

/// The name of the cache file in the database directory.
pub const CACHE_FILE: &str = "search-index.bin";

/// Changes applied from the history beyond which the file is rewritten
/// (fewer are applied again next time, which is cheaper than writing 70 MB
/// at 100k records). Below the 32 changes kept beside a closed database
/// (`accord.recent`), so that a command can catch up from them without
/// opening it.
const REWRITE_AFTER: usize = 28;

/// History entries read at a time while catching up.
const PAGE: usize = 16;

/// Where an index came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The saved index was current.
    Saved,
    /// The saved index was this many changes behind; they were applied.
    CaughtUp(usize),
    /// Built from the records, for this reason.
    Built(Rebuilt),
}

/// Why the saved index was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rebuilt {
    /// There is no cache file (or the store keeps no files).
    Missing,
    /// The file is truncated, damaged or unreadable.
    Damaged,
    /// Written by another version of accord.
    OtherFormat,
    /// Written for another database (a restore replaced the contents).
    OtherDatabase,
    /// Stamped with changes the store does not have.
    Ahead,
    /// So many changes behind that building is faster.
    FarBehind,
}

/// An index read from a cache file, and the store version it reflects.
pub struct Saved {
    pub index: SearchIndex,
    pub version: Version,
    /// Changes applied to the index since it was read (see
    /// [`catch_up_quietly`]): the file is older than `version` by these.
    pub caught_up: usize,
    /// The note that the file's checksum held, when it was summed now:
    /// written once the store has opened (see [`bring_up_to_date`]).
    pub checked: Option<saved::Checked>,
}

/// Reads the cache file of the database in `dir`. Needs no store: it can
/// run while the store is being opened.
pub fn read(dir: &Path) -> Result<Saved, Rebuilt> {
    read_summing(dir, Summing::Read)
}

/// Like [`read`], checking the file through its mapping: faster, for a
/// command that ends soon (every page of the file then counts as its
/// memory until it does).
pub fn read_briefly(dir: &Path) -> Result<Saved, Rebuilt> {
    read_summing(dir, Summing::Mapped)
}

fn read_summing(dir: &Path, summing: Summing) -> Result<Saved, Rebuilt> {
    match saved::read(&dir.join(CACHE_FILE), summing) {
        Ok(Ok((index, version, checked))) => Ok(Saved {
            index,
            version,
            caught_up: 0,
            checked,
        }),
        Ok(Err(Unusable::Damaged)) => Err(Rebuilt::Damaged),
        Ok(Err(Unusable::OtherFormat)) => Err(Rebuilt::OtherFormat),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Rebuilt::Missing),
        Err(_) => Err(Rebuilt::Damaged),
    }
}

/// Whether the cache file of `store` is stamped for its current contents
/// or earlier ones of the same database (only its first bytes are read;
/// the rest is checked by [`load`]). An interface that holds every record
/// already builds the index from them when this fails, rather than reading
/// the store again.
pub fn probe(store: &dyn Store) -> store::Result<Result<(), Rebuilt>> {
    let now = store.version()?;
    let Some(dir) = store.directory() else {
        return Ok(Err(Rebuilt::Missing));
    };
    let mut head = [0; HEADER_LEN];
    let read = std::fs::File::open(dir.join(CACHE_FILE)).and_then(|mut f| f.read_exact(&mut head));
    Ok(match read {
        Ok(()) => match stamp(&head) {
            Ok(saved) => trust(&saved, &now),
            Err(Unusable::Damaged) => Err(Rebuilt::Damaged),
            Err(Unusable::OtherFormat) => Err(Rebuilt::OtherFormat),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Rebuilt::Missing),
        Err(_) => Err(Rebuilt::Damaged),
    })
}

/// Writes the cache file of the database in `dir` atomically (a
/// temporary file renamed over it). Not synced to disk: a file damaged by
/// a crash is noticed on reading and rebuilt.
pub fn write(dir: &Path, index: &SearchIndex, version: Version) -> std::io::Result<()> {
    let temporary = dir.join(format!("{CACHE_FILE}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&temporary)
        .and_then(|f| saved::write_to(std::io::BufWriter::new(f), index, version));
    let renamed = written.and_then(|()| std::fs::rename(&temporary, dir.join(CACHE_FILE)));
    if renamed.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    renamed
}

/// The search index of `store`: its cache when it can be trusted,
/// brought up to date; else built from the records. The cache is written
/// when the index was built or caught up with more than a few changes
/// (failures to write are ignored: the cache is an optimisation).
pub fn load(store: &dyn Store) -> store::Result<(SearchIndex, Origin)> {
    let saved = match store.directory() {
        Some(dir) => read(&dir),
        None => Err(Rebuilt::Missing),
    };
    load_with(store, saved)
}

/// Like [`load`], with the cache file already read (see [`read`]).
pub fn load_with(
    store: &dyn Store,
    saved: Result<Saved, Rebuilt>,
) -> store::Result<(SearchIndex, Origin)> {
    let loaded = bring_up_to_date(store, saved)?;
    loaded.save(store);
    Ok((loaded.index, loaded.origin))
}

/// An index brought up to date with its store, not yet saved.
pub struct Loaded {
    pub index: SearchIndex,
    pub origin: Origin,
    /// The store version the index reflects.
    version: Version,
}

impl Loaded {
    /// The store version the index reflects.
    pub fn version(&self) -> Version {
        self.version
    }

    /// Writes the cache file when the index was built or caught up with
    /// more than a few changes (failures are ignored: the cache is an
    /// optimisation).
    pub fn save(&self, store: &dyn Store) {
        let stale = match self.origin {
            Origin::Saved => false,
            Origin::CaughtUp(n) => n > REWRITE_AFTER,
            Origin::Built(_) => true,
        };
        if stale && let Some(dir) = store.directory() {
            let _ = write(&dir, &self.index, self.version);
        }
    }
}

/// Like [`load_with`], leaving the cache file to [`Loaded::save`] (a
/// command answers first and saves after).
pub fn bring_up_to_date(
    store: &dyn Store,
    mut saved: Result<Saved, Rebuilt>,
) -> store::Result<Loaded> {
    let version = store.version()?;
    // The database opened: the note that the file was found sound may be
    // written into its directory.
    if let Some(note) = saved.as_mut().ok().and_then(|s| s.checked.take()) {
        note.write();
    }
    let (index, origin) = match saved {
        Ok(mut saved) => match trust(&saved.version, &version) {
            Ok(()) if saved.version.seq == version.seq && saved.caught_up == 0 => {
                (saved.index, Origin::Saved)
            }
            Ok(()) if saved.version.seq == version.seq => {
                (saved.index, Origin::CaughtUp(saved.caught_up))
            }
            Ok(()) => match catch_up(store, &mut saved.index, saved.version.seq, version.seq)? {
                Some(n) => (saved.index, Origin::CaughtUp(saved.caught_up + n)),
                None => (build(store)?, Origin::Built(Rebuilt::FarBehind)),
            },
            Err(why) => (build(store)?, Origin::Built(why)),
        },
        Err(why) => (build(store)?, Origin::Built(why)),
    };
    Ok(Loaded {
        index,
        origin,
        version,
    })
}

/// Whether an index saved at `saved` can be brought to `now`.
fn trust(saved: &Version, now: &Version) -> Result<(), Rebuilt> {
    if saved.instance != now.instance {
        Err(Rebuilt::OtherDatabase)
    } else if saved.seq > now.seq {
        Err(Rebuilt::Ahead)
    } else {
        Ok(())
    }
}

fn build(store: &dyn Store) -> store::Result<SearchIndex> {
    SearchIndex::from_store(store)
}

/// Brings `saved` up to `now`, the version of the closed database in `dir`
/// (see [`store::quiet::current_version`]), from the last changes kept
/// beside it, without opening the database: a command reading the cache
/// ahead catches up while the store opens. Returns whether it did (not
/// when those changes are not all there, or are too many).
pub fn catch_up_quietly(dir: &Path, saved: &mut Saved, now: Version) -> bool {
    if saved.version == now {
        return true;
    }
    if trust(&saved.version, &now).is_err() {
        return false;
    }
    let Some(entries) = store::recent_changes(dir, saved.version.seq, now) else {
        return false;
    };
    let changes: usize = entries.iter().map(|e| e.changes.len()).sum();
    if changes > budget(&saved.index) {
        return false;
    }
    apply(&mut saved.index, entries);
    saved.caught_up += (now.seq - saved.version.seq) as usize;
    saved.version = now;
    true
}

/// Beyond this many record changes, reading and applying them takes about
/// as long as building from the records.
fn budget(index: &SearchIndex) -> usize {
    index.len() / 16 + 256
}

/// Applies history entries, in order: each record they touched is indexed
/// as the last of them left it.
fn apply(index: &mut SearchIndex, entries: impl IntoIterator<Item = store::HistoryEntry>) {
    let mut latest: HashMap<Id, Option<Record>> = HashMap::new();
    let mut order = Vec::new();
    for entry in entries {
        for c in entry.changes {
            if latest.insert(c.id, c.after).is_none() {
                order.push(c.id);
            }
        }
    }
    for id in order {
        match latest.remove(&id).flatten() {
            Some(record) => index.upsert(&record),
            None => index.remove(id),
        }
    }
}

/// Applies the changes recorded after `from` up to `to`: each record they
/// touched is indexed as it was left by the last of them. Returns how many
/// changes were applied, or `None` when building would be faster or the
/// history has a gap.
fn catch_up(
    store: &dyn Store,
    index: &mut SearchIndex,
    from: u64,
    to: u64,
) -> store::Result<Option<usize>> {
    let budget = budget(index);
    let mut read = Vec::new();
    let (mut seq, mut changes) = (from, 0);
    while seq < to {
        let page = store.history_after(seq, PAGE)?;
        if page.is_empty() {
            return Ok(None);
        }
        for entry in page {
            if entry.seq != seq + 1 {
                return Ok(None);
            }
            if entry.seq > to {
                break;
            }
            seq = entry.seq;
            changes += entry.changes.len();
            if changes > budget {
                return Ok(None);
            }
            read.push(entry);
        }
    }
    apply(index, read);
    Ok(Some((to - from) as usize))
}

//! Storage at the level of the domain: records, indexes, history.
//!
//! The rest of the program talks to a [`Store`]; [`SledStore`] is the
//! embedded backend. A shared server backend can implement the same trait
//! without the interface noticing.

pub mod backups;
mod check;
pub mod due_copy;
mod error;
mod history;
mod keys;
pub mod pg;
pub mod quiet;
mod quiet_store;
pub mod records_cache;
pub mod recovery;
pub mod rules;
mod sled_store;
mod snapshot;

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::model::{Id, Kind, Record};

pub use check::{Problem, check_records};
pub use error::StoreError;
pub use history::{Change, FieldChange, HistoryEntry, field_changes};
pub use keys::{DueEntry, DueSlot, due_entries};
pub use pg::PgStore;
pub use quiet_store::QuietStore;
pub use records_cache::Progress;
pub use sled_store::{
    BULK_CACHE_BYTES, BackupWhen, Rescued, Seal, SealRead, SledStore, kept_dir, read_seal,
    recent_changes,
};
pub use snapshot::{BACKUP_FORMAT, Snapshot};

/// The schema this accord writes. Bump it when a stored shape changes in a
/// way older versions cannot read; adding a `#[serde(default)]` field does not.
pub const SCHEMA_VERSION: u32 = 1;

/// One edit inside a change.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Store a new record. An id numbered 0 is given the next free number.
    Create(Record),
    /// Replace an existing record (matched by id).
    Update(Record),
    /// Remove a record nothing else refers to.
    Delete(Id),
}

/// A user-visible change: one or more edits applied atomically, recorded in
/// history under `summary` ("mark T4 done").
#[derive(Debug, Clone)]
pub struct ChangeSet {
    pub summary: String,
    pub edits: Vec<Edit>,
    /// The records as the user saw them before editing: an update of a
    /// record someone else changed since is merged field by field, or
    /// refused when both changed the same field (see [`rules`]).
    pub seen: Vec<Record>,
}

impl ChangeSet {
    pub fn new(summary: impl Into<String>) -> ChangeSet {
        ChangeSet {
            summary: summary.into(),
            edits: Vec::new(),
            seen: Vec::new(),
        }
    }
    pub fn one(summary: impl Into<String>, edit: Edit) -> ChangeSet {
        ChangeSet {
            summary: summary.into(),
            edits: vec![edit],
            seen: Vec::new(),
        }
    }
    pub fn push(&mut self, edit: Edit) -> &mut ChangeSet {
        self.edits.push(edit);
        self
    }
    /// Records `record` as what the user saw before this change.
    pub fn saw(mut self, record: Record) -> ChangeSet {
        self.seen.push(record);
        self
    }
}

/// What a stored change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The history sequence number of the change.
    pub seq: u64,
    /// The ids the edits touched, in order (new ids for creates).
    pub ids: Vec<Id>,
    /// The connection broke while the change was being saved, and the
    /// server confirmed (by the change's id) that it had been saved.
    pub recovered: bool,
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Which database a store holds and how many changes it has recorded:
/// what a cache derived from the records (the search index) was built
/// from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Version {
    /// Chosen at random when the database is created, and again on every
    /// restore: the same sequence number in another instance says nothing.
    pub instance: u64,
    /// The sequence number of the last change recorded (0: none yet).
    pub seq: u64,
}

/// The storage interface the core, CLI and TUI use.
pub trait Store: Send + Sync {
    /// Where the data lives, for messages ("/home/ana/.local/share/accord/accord.db").
    fn location(&self) -> String;

    fn get(&self, id: Id) -> Result<Option<Record>>;

    /// Every record of one kind, in id order.
    fn list(&self, kind: Kind) -> Result<Vec<Record>>;

    /// How many records of one kind exist.
    fn count(&self, kind: Kind) -> Result<usize>;

    /// The id the next record of `kind` created with number 0 would get.
    /// Not reserved: use it to link several new records inside one
    /// [`ChangeSet`] (create them with these explicit ids).
    fn next_id(&self, kind: Kind) -> Result<Id>;

    /// Applies a change atomically, records it in history and makes it
    /// durable before returning.
    fn apply(&self, change: ChangeSet) -> Result<Applied>;

    /// Open dated items whose date falls in `from..=to` (either end open),
    /// in date order. Undated open actions are included only when
    /// `include_undated` is set, after all dated ones.
    fn due(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        include_undated: bool,
    ) -> Result<Vec<DueEntry>>;

    /// The triage queue's items dated up to `to` (any date when `None`),
    /// and the undated ones when `include_undated`, in urgency order as of
    /// `today`, when the store keeps them ready (see [`due_copy`]); `None`
    /// when it does not (ask [`Store::due`] and the records then).
    fn due_queue(
        &self,
        _today: NaiveDate,
        _to: Option<NaiveDate>,
        _include_undated: bool,
    ) -> Option<Vec<crate::due::DueItem>> {
        None
    }

    /// Agreements (any status) with an expiry date before `date`, soonest first.
    fn expiring_before(&self, date: NaiveDate) -> Result<Vec<Id>>;

    /// Ids of the records that refer to `id` (its children, the partnerships
    /// an institution is in, the agreements it is party to…).
    fn referrers(&self, id: Id) -> Result<Vec<Id>>;

    /// History, newest first; of one record when `id` is given.
    fn history(&self, id: Option<Id>, limit: usize) -> Result<Vec<HistoryEntry>>;

    /// Reverts the most recent change not yet undone; `None` when there is
    /// nothing left to undo. Returns the entry that was reverted.
    fn undo(&self, summary_prefix: &str) -> Result<Option<HistoryEntry>>;

    /// Verifies every invariant; an empty list means the database is sound.
    fn check(&self) -> Result<Vec<Problem>>;

    /// Everything: records, history and id counters.
    fn snapshot(&self) -> Result<Snapshot>;

    /// Replaces the contents with a snapshot. Refused on a non-empty store
    /// unless `force` is set.
    fn restore(&self, snapshot: &Snapshot, force: bool) -> Result<()>;

    /// Every record, in id order, as fast as the backend can (the sled
    /// backend reads its start-up copy when it is current), counting
    /// `progress` as it goes.
    fn read_everything(&self, progress: &Progress) -> Result<Vec<Record>> {
        let all = load_all(self)?;
        progress.set_total(all.len());
        progress.add(all.len());
        Ok(all)
    }

    /// [`Store::read_everything`], each kind in its own list (slot `kind
    /// as usize`), each in id order.
    fn read_by_kind(&self, progress: &Progress) -> Result<records_cache::ByKind> {
        let mut all = records_cache::ByKind::default();
        for r in self.read_everything(progress)? {
            all[r.kind() as usize].push(r);
        }
        Ok(all)
    }

    /// The records of `kinds` (at least those; others may come along),
    /// shared rather than copied where the store keeps them in memory.
    fn shared_kinds(&self, _kinds: &[Kind]) -> Result<Vec<std::sync::Arc<Vec<Record>>>> {
        Ok(vec![std::sync::Arc::new(
            self.read_everything(&Progress::default())?,
        )])
    }

    /// Keeps a start-up copy of `records`, which must be every record in
    /// the store now, for the next [`Store::read_everything`]. Best effort:
    /// a copy that cannot be written is not an error.
    fn remember_everything(&self, _records: &mut dyn Iterator<Item = &Record>) {}

    /// Lets the day's automatic backup, when one is waiting for the close,
    /// start now on its own thread (the close still waits for it).
    fn start_backup(&self) {}

    /// The version of the records the last [`Store::read_everything`]
    /// served from a local copy because the store could not be asked (an
    /// offline start); a watcher catches up from there once it can.
    fn served_version(&self) -> Option<Version> {
        None
    }

    /// Which database this is and its last change; cheap (no record is read).
    fn version(&self) -> Result<Version>;

    /// The changes recorded after sequence number `seq`, oldest first, at
    /// most `limit` of them (to bring a cache up to date).
    fn history_after(&self, seq: u64, limit: usize) -> Result<Vec<HistoryEntry>>;

    /// Who this store records as the author of the changes made through
    /// it (the login on a server, the operating-system user on sled).
    fn author(&self) -> String {
        os_user()
    }

    /// The staff a shared server knows, as (login, display name), by
    /// login; empty for a personal database (owners are typed there).
    fn staff(&self) -> Result<Vec<(String, String)>> {
        Ok(Vec::new())
    }

    /// The staff directory with email addresses and languages (see
    /// [`crate::staff`]), in no particular order.
    fn staff_directory(&self) -> Result<Vec<crate::staff::StaffMember>> {
        Ok(Vec::new())
    }

    /// Adds `member` to the staff directory, or replaces the member named
    /// `replacing` (or of the same name), durably.
    fn put_staff(
        &self,
        _member: &crate::staff::StaffMember,
        _replacing: Option<&str>,
    ) -> Result<()> {
        Err(StoreError::Server(
            rust_i18n::t!("staff.err_no_directory", location = self.location()).into_owned(),
        ))
    }

    /// Removes the member named `name`; `false` when there was none.
    fn remove_staff(&self, _name: &str) -> Result<bool> {
        Ok(false)
    }

    /// A hint that the store may have changed under this process (a
    /// colleague's change on a shared server): a message arrives soon after
    /// a change is made elsewhere. Only a hint, which may be missed: watchers
    /// still compare [`Store::version`] now and then. `None` for a store no
    /// one else writes to.
    fn changes_hint(&self) -> Option<std::sync::mpsc::Receiver<()>> {
        None
    }

    /// The directory the store keeps its files in, where caches may be
    /// kept beside them; `None` for a store without one (temporary).
    fn directory(&self) -> Option<PathBuf> {
        None
    }

    /// Ends the session when the process is about to exit without
    /// dropping the store (the interface leaves its memory to the exit):
    /// finishes what runs in the background and, for a personal database,
    /// records the clean close so the next start needs no copy.
    fn close(&self) {}

    /// Whether the store is still being opened behind a first frame drawn
    /// from its start-up copy: a change made now waits until it is open.
    fn opening(&self) -> bool {
        false
    }

    /// Whether the store holds no records at all.
    fn is_empty(&self) -> Result<bool> {
        for k in Kind::ALL {
            if self.count(k)? > 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// The operating-system user running accord, whom a personal database
/// records as the author of each change: `USER` (or `LOGNAME`), else the
/// password database's name for this process's user.
pub fn os_user() -> String {
    for var in ["USER", "LOGNAME", "USERNAME"] {
        if let Ok(v) = std::env::var(var)
            && !v.trim().is_empty()
        {
            return v.trim().to_string();
        }
    }
    pg::pgfiles::os_user(false).unwrap_or_else(|| "unknown".to_string())
}

/// 64 random bits (the standard library's per-process random keys, the
/// time and the process id, hashed): instance numbers and change ids.
pub(crate) fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(CALLS.fetch_add(1, Ordering::Relaxed));
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    h.write_u32(std::process::id());
    h.finish()
}

/// Who "me" and "mine" mean, as owners are written: `configured` (`me`
/// in the configuration file) when set; else, on a team database, the
/// display name of my login (or the login); else the operating-system user.
pub fn me(store: &dyn Store, configured: Option<&str>) -> String {
    me_among(
        &store.author(),
        &store.staff().unwrap_or_default(),
        configured,
    )
}

/// [`me`] with the staff list already read: `login`'s display name among
/// `staff`, unless `configured` says otherwise.
pub fn me_among(login: &str, staff: &[(String, String)], configured: Option<&str>) -> String {
    if let Some(m) = configured.map(str::trim).filter(|m| !m.is_empty()) {
        return m.to_string();
    }
    staff
        .iter()
        .find(|(l, _)| l == login)
        .map(|(_, n)| n.clone())
        .unwrap_or_else(|| login.to_string())
}

/// Every record of every kind, read on two threads (see [`on_two_threads`]):
/// what an interface needs at start-up, in about half the time.
pub fn load_all<S: Store + ?Sized>(store: &S) -> Result<Vec<Record>> {
    on_two_threads(|kinds| {
        let mut out = Vec::new();
        for k in kinds {
            out.extend(store.list(*k)?);
        }
        Ok(out)
    })
}

/// Runs `read` over the kinds split in two halves of a typical database
/// (institutions and action items; everything else), one half on another
/// thread, and joins the results (all on this thread if that one fails).
pub(crate) fn on_two_threads(
    read: impl Fn(&[Kind]) -> Result<Vec<Record>> + Sync,
) -> Result<Vec<Record>> {
    let first = &[Kind::Institution, Kind::Action][..];
    let second = &[
        Kind::Contact,
        Kind::Partnership,
        Kind::Agreement,
        Kind::FollowUp,
        Kind::Note,
    ][..];
    let (a, b) = std::thread::scope(|s| {
        let other = s.spawn(|| read(second));
        let mine = read(first);
        (mine, other.join())
    });
    let mut all = a?;
    match b {
        Ok(rest) => all.extend(rest?),
        Err(_) => all.extend(read(second)?),
    }
    Ok(all)
}

/// Open items (actions and follow-ups) of a partnership, directly or under
/// its agreements.
pub fn open_items_of(store: &dyn Store, partnership: Id) -> Result<Vec<Record>> {
    let mut out = Vec::new();
    let mut parents = vec![partnership];
    for r in store.referrers(partnership)? {
        if r.kind == Kind::Agreement {
            parents.push(r);
        }
    }
    for p in parents {
        for c in store.referrers(p)? {
            if matches!(c.kind, Kind::Action | Kind::FollowUp)
                && let Some(rec) = store.get(c)?
                && rec.is_open()
            {
                out.push(rec);
            }
        }
    }
    out.sort_by_key(|r| (r.date().is_none(), r.date(), r.id()));
    Ok(out)
}

//! The team backend: one shared PostgreSQL database behind the same
//! [`Store`]. The server is the authority: every change is resolved by the
//! rulebook ([`crate::store::rules`]) against what the server holds, then
//! written by one call of the server function `accord.apply_change`, which
//! serialises changes on one sequence row, checks each record against the
//! version this client read, and records the author and the server's time.

mod conn;
pub mod conninfo;
pub mod pgfiles;
mod schema;
mod staff;
pub mod tls;
pub mod uri;
mod write;

use std::path::PathBuf;
use std::sync::Mutex;

use chrono::NaiveDate;

use super::check::Problem;
use super::history::HistoryEntry;
use super::keys::DueEntry;
use super::records_cache::{self, Stamp};
use super::{Applied, ChangeSet, Result, Snapshot, Store, StoreError, Version};
use crate::clock::SharedClock;
use crate::model::{Id, Kind, Record};
use conn::Conn;
pub use conninfo::Target;
pub use schema::{SCHEMA_SQL, ServerSetup, init, migrate};

/// The local copy of the records, in the cache directory.
const CACHE_FILE: &str = "records.cache";

/// The warning for a password written inside the server address.
pub const PASSWORD_WARNING: &str = "a password written in the server address can be seen by other users of this machine (ps, shell history); put it in ~/.pgpass (mode 0600) or a service file instead";

/// A store on a shared PostgreSQL database.
pub struct PgStore {
    target: Target,
    shown: String,
    /// The query connection; reconnected when it breaks.
    conn: Mutex<Option<Conn>>,
    /// The login changes are recorded under (`session_user`).
    author: String,
    #[allow(dead_code)]
    clock: SharedClock,
    /// Where this client keeps its caches of this database.
    cache_dir: Option<PathBuf>,
    /// The version of the records last served from the local copy while
    /// the server could not be asked (an offline start).
    served: Mutex<Option<Version>>,
}

impl PgStore {
    /// Connects to the database `conninfo` names (a libpq keyword string
    /// or URI, completed from PG* variables, service and password files).
    pub fn open(conninfo: &str, clock: SharedClock) -> Result<PgStore> {
        let target =
            conninfo::resolve_from_env(conninfo).map_err(|e| StoreError::Server(e.to_string()))?;
        PgStore::connect(target, clock)
    }

    /// Connects to a resolved target.
    pub fn connect(target: Target, clock: SharedClock) -> Result<PgStore> {
        let shown = target.shown();
        let conn = Conn::open(&target, &shown)?;
        Ok(PgStore::over(target, Some(conn), clock))
    }

    /// The store over `target`, connected or not (offline: it connects at
    /// the first read or write that can).
    fn over(target: Target, conn: Option<Conn>, clock: SharedClock) -> PgStore {
        let shown = target.shown();
        let author = match &conn {
            Some(c) => c.author.clone(),
            None => target.user().to_string(),
        };
        let cache_dir = cache_dir_for(&shown);
        PgStore {
            target,
            shown,
            conn: Mutex::new(conn),
            author,
            clock,
            cache_dir,
            served: Mutex::new(None),
        }
    }

    /// Like [`PgStore::open`], but when the server cannot be reached and
    /// this client keeps a copy of the database, a store that serves that
    /// copy read-only and connects as soon as the server answers (the
    /// interface's offline start). The error when there is no copy.
    pub fn open_or_offline(conninfo: &str, clock: SharedClock) -> Result<PgStore> {
        let target =
            conninfo::resolve_from_env(conninfo).map_err(|e| StoreError::Server(e.to_string()))?;
        let shown = target.shown();
        match Conn::open(&target, &shown) {
            Ok(conn) => Ok(PgStore::over(target, Some(conn), clock)),
            Err(e @ StoreError::Server(_)) => {
                let offline = PgStore::over(target, None, clock);
                match offline
                    .cache_path()
                    .and_then(|p| records_cache::peek_stamp(&p))
                {
                    Some(_) => Ok(offline),
                    None => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    }

    fn cache_path(&self) -> Option<PathBuf> {
        self.cache_dir.as_ref().map(|d| d.join(CACHE_FILE))
    }

    /// Every record: the local copy caught up from history when there is
    /// one, else a full read (which then leaves a copy); the copy as it is
    /// when the server cannot be reached.
    fn read_all(&self, progress: &super::Progress) -> Result<Vec<Record>> {
        let path = self.cache_path();
        let now = match self.version() {
            Ok(v) => v,
            Err(e) => {
                let copy = path.as_ref().and_then(|p| {
                    let stamp = records_cache::peek_stamp(p)?;
                    records_cache::read(p, &stamp, progress)
                });
                let Some((stamp, records)) = copy else {
                    return Err(e);
                };
                *self.served.lock().unwrap_or_else(|p| p.into_inner()) = Some(Version {
                    instance: stamp.instance,
                    seq: stamp.seq,
                });
                return Ok(records);
            }
        };
        let stamp = Stamp {
            instance: now.instance,
            seq: now.seq,
        };
        if let Some(p) = &path
            && let Some((records, changed)) = records_cache::read_current(self, p, &stamp, progress)
        {
            if changed > 0 {
                write_copy(p, &stamp, &records);
            }
            return Ok(records);
        }
        progress.done.store(0, std::sync::atomic::Ordering::Relaxed);
        let records = self.with(|c| c.list(None, progress))?;
        if let Some(p) = &path {
            write_copy(p, &stamp, &records);
        }
        Ok(records)
    }

    /// Warnings about how the connection was set up (a password file
    /// ignored for its permissions, a password on the command line).
    pub fn warnings(&self) -> Vec<String> {
        let mut w = self.target.warnings.clone();
        if self.target.password_in_conninfo() {
            w.push(PASSWORD_WARNING.into());
        }
        w
    }

    /// Runs `f` on the connection, connecting again first if it broke.
    fn with<T>(&self, f: impl FnOnce(&mut Conn) -> Result<T>) -> Result<T> {
        let mut guard = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        if guard.as_ref().is_none_or(|c| c.client.is_closed()) {
            *guard = None;
            *guard = Some(Conn::open(&self.target, &self.shown)?);
        }
        match guard.as_mut() {
            Some(c) => {
                let out = f(c);
                if c.client.is_closed() {
                    *guard = None;
                }
                out
            }
            None => Err(StoreError::Server(format!(
                "the server at {} cannot be reached",
                self.shown
            ))),
        }
    }

    /// A second connection for the listener and the watchers.
    fn fresh_connection(&self) -> Result<postgres::Client> {
        self.target
            .connect()
            .map_err(|e| StoreError::Server(e.to_string()))
    }
}

/// `~/.cache/accord/servers/<user@host_port_db>/`: where this client
/// keeps its copy of a team database (made, private to the user, when a
/// copy is first written).
fn cache_dir_for(shown: &str) -> Option<PathBuf> {
    let base = directories::ProjectDirs::from("org", "accord", "accord")?
        .cache_dir()
        .join("servers");
    let name: String = shown
        .trim_start_matches("postgresql://")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '@' | '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    Some(base.join(name))
}

/// Writes this client's copy of the records, making its directory (mode
/// 0700, and its parents') first. Best effort: a copy that cannot be
/// written is read from the server next time.
fn write_copy(path: &std::path::Path, stamp: &Stamp, records: &[Record]) {
    let made = path
        .parent()
        .is_none_or(|dir| super::sled_store::create_private_dir(dir).is_ok());
    if made {
        let _ = records_cache::write(path, stamp, records.iter());
    }
}

impl Store for PgStore {
    fn location(&self) -> String {
        self.shown.clone()
    }

    fn get(&self, id: Id) -> Result<Option<Record>> {
        self.with(|c| c.get(id).map(|r| r.map(|(r, _)| r)))
    }

    fn list(&self, kind: Kind) -> Result<Vec<Record>> {
        self.with(|c| c.list(Some(kind), &super::Progress::default()))
    }

    fn count(&self, kind: Kind) -> Result<usize> {
        self.with(|c| c.count(kind))
    }

    fn next_id(&self, kind: Kind) -> Result<Id> {
        let n = self.with(|c| c.counter(kind))?;
        n.checked_add(1)
            .map(|n| Id::new(kind, n))
            .ok_or_else(|| StoreError::Conflict(format!("no {kind} ids are left")))
    }

    fn apply(&self, change: ChangeSet) -> Result<Applied> {
        self.apply_change(change, None).map(|(a, _)| a)
    }

    fn due(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        include_undated: bool,
    ) -> Result<Vec<DueEntry>> {
        self.with(|c| c.due(from, to, include_undated))
    }

    fn expiring_before(&self, date: NaiveDate) -> Result<Vec<Id>> {
        self.with(|c| c.expiring_before(date))
    }

    fn referrers(&self, id: Id) -> Result<Vec<Id>> {
        self.with(|c| c.referrers(id))
    }

    fn history(&self, id: Option<Id>, limit: usize) -> Result<Vec<HistoryEntry>> {
        self.with(|c| c.history(id, limit))
    }

    fn undo(&self, summary_prefix: &str) -> Result<Option<HistoryEntry>> {
        self.undo_mine(summary_prefix)
    }

    fn check(&self) -> Result<Vec<Problem>> {
        self.with(|c| c.check())
    }

    fn snapshot(&self) -> Result<Snapshot> {
        self.with(|c| c.snapshot())
    }

    fn restore(&self, snapshot: &Snapshot, force: bool) -> Result<()> {
        self.restore_from(snapshot, force)
    }

    fn read_everything(&self, progress: &super::Progress) -> Result<Vec<Record>> {
        self.read_all(progress)
    }

    fn served_version(&self) -> Option<Version> {
        *self.served.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn version(&self) -> Result<Version> {
        self.with(|c| c.version())
    }

    fn history_after(&self, seq: u64, limit: usize) -> Result<Vec<HistoryEntry>> {
        self.with(|c| c.history_after(seq, limit))
    }

    fn author(&self) -> String {
        self.author.clone()
    }

    fn staff(&self) -> Result<Vec<(String, String)>> {
        self.with(|c| c.staff())
    }

    fn staff_directory(&self) -> Result<Vec<crate::staff::StaffMember>> {
        self.with(|c| c.staff_directory())
    }

    fn put_staff(&self, member: &crate::staff::StaffMember, replacing: Option<&str>) -> Result<()> {
        self.with(|c| c.put_staff(member, replacing))
    }

    fn remove_staff(&self, name: &str) -> Result<bool> {
        self.with(|c| c.remove_staff(name))
    }

    fn changes_hint(&self) -> Option<std::sync::mpsc::Receiver<()>> {
        self.listen().ok()
    }

    fn directory(&self) -> Option<PathBuf> {
        self.cache_dir.clone()
    }

    fn is_empty(&self) -> Result<bool> {
        self.with(|c| c.is_empty())
    }
}

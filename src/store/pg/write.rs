//! Writing: a change resolved by the rulebook against the server's records
//! (read in one round trip), then one call of `accord.apply_change` with a
//! fresh change id. A record changed by a colleague in between is resolved
//! again (their edit merged or refused); a reply lost with the connection
//! is recovered by resending the same change id, which the server applies
//! at most once.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::mpsc::{Receiver, sync_channel};
use std::time::Duration;

use postgres::fallible_iterator::FallibleIterator;
use serde_json::{Value, json};

use super::PgStore;
use super::conn::{Conn, server_error};
use crate::model::{Id, Kind, Record};
use crate::store::history::HistoryEntry;
use crate::store::keys::{DueSlot, due_entries};
use crate::store::rules::{self, Ground, Resolved};
use crate::store::{Applied, ChangeSet, Edit, Result, Snapshot, StoreError};

/// How often a change is resolved again after colleagues' changes got in
/// between before giving up.
const ATTEMPTS: usize = 5;

/// The rulebook's view of the server during one resolution: records read
/// once, with the version each was read at.
struct PgGround<'a> {
    conn: RefCell<&'a mut Conn>,
    records: RefCell<HashMap<Id, Option<(Record, i64)>>>,
    counters: RefCell<HashMap<Kind, u32>>,
}

impl<'a> PgGround<'a> {
    fn new(conn: &'a mut Conn, change: &ChangeSet) -> Result<PgGround<'a>> {
        // The records edited and those they refer to (which validation
        // looks up): all read in one round trip.
        let mut ids: Vec<Id> = Vec::with_capacity(change.edits.len() * 2);
        for e in &change.edits {
            match e {
                Edit::Create(r) | Edit::Update(r) => {
                    if r.id().n != 0 {
                        ids.push(r.id());
                    }
                    ids.extend(r.references());
                }
                Edit::Delete(id) => ids.push(*id),
            }
        }
        ids.sort();
        ids.dedup();
        let mut records: HashMap<Id, Option<(Record, i64)>> =
            ids.iter().map(|id| (*id, None)).collect();
        if !ids.is_empty() {
            for (r, v) in conn.get_many(&ids)? {
                records.insert(r.id(), Some((r, v)));
            }
        }
        // New records get ids the server reserves for them.
        let mut wanted: HashMap<Kind, i32> = HashMap::new();
        for e in &change.edits {
            if let Edit::Create(r) = e
                && r.id().n == 0
            {
                *wanted.entry(r.kind()).or_default() += 1;
            }
        }
        let mut counters = HashMap::new();
        for (kind, n) in wanted {
            counters.insert(kind, conn.reserve(kind, n)?);
        }
        Ok(PgGround {
            conn: RefCell::new(conn),
            records: RefCell::new(records),
            counters: RefCell::new(counters),
        })
    }

    fn version_of(&self, id: Id) -> Option<i64> {
        self.records
            .borrow()
            .get(&id)
            .and_then(|r| r.as_ref().map(|(_, v)| *v))
    }
}

impl Ground for PgGround<'_> {
    fn get(&self, id: Id) -> Result<Option<Record>> {
        if let Some(r) = self.records.borrow().get(&id) {
            return Ok(r.as_ref().map(|(r, _)| r.clone()));
        }
        let got = self.conn.borrow_mut().get(id)?;
        self.records.borrow_mut().insert(id, got.clone());
        Ok(got.map(|(r, _)| r))
    }
    fn counter(&self, kind: Kind) -> Result<u32> {
        if let Some(n) = self.counters.borrow().get(&kind) {
            return Ok(*n);
        }
        let n = self.conn.borrow_mut().counter(kind)?;
        self.counters.borrow_mut().insert(kind, n);
        Ok(n)
    }
    fn referrers(&self, id: Id) -> Result<Vec<Id>> {
        self.conn.borrow_mut().referrers(id)
    }
    fn last_change_of(&self, id: Id) -> Result<Option<HistoryEntry>> {
        Ok(self
            .conn
            .borrow_mut()
            .history(Some(id), 1)?
            .into_iter()
            .next())
    }
}

/// A fresh change id: 128 random bits in hex.
fn change_id() -> String {
    format!(
        "{:016x}{:016x}",
        crate::store::random_u64(),
        crate::store::random_u64()
    )
}

/// What the server function needs of one record: its index rows too, so
/// the server and sled derive them from the same code.
pub(super) fn record_row(
    id: Id,
    ver: Option<i64>,
    fresh: bool,
    before: Option<&Record>,
    after: Option<&Record>,
) -> Value {
    let (refs, due, expiry) = match after {
        Some(r) => {
            let mut refs: Vec<String> = r.references().iter().map(Id::to_string).collect();
            refs.sort();
            refs.dedup();
            let due: Vec<Value> = due_entries(r)
                .iter()
                .map(|d| {
                    let slot = match d.slot {
                        DueSlot::Item => 0,
                        DueSlot::RenewalNotice => 1,
                        DueSlot::Expiry => 2,
                    };
                    json!({ "slot": slot, "date": d.date })
                })
                .collect();
            let expiry = match r {
                Record::Agreement(a) => a.expires,
                _ => None,
            };
            (refs, due, expiry)
        }
        None => (Vec::new(), Vec::new(), None),
    };
    json!({
        "id": id.to_string(),
        "kind": id.kind.prefix().to_string(),
        "tag": id.kind.tag(),
        "num": id.n,
        "ver": ver,
        "fresh": fresh,
        "before": before,
        "after": after,
        "refs": refs,
        "due": due,
        "expiry": expiry,
    })
}

/// How one call ended.
enum Outcome {
    Done(Applied),
    /// A record changed since it was read: resolve again.
    Stale,
}

impl PgStore {
    /// Resolves and writes a change (an undo when `undoes` is set).
    pub(super) fn apply_change(
        &self,
        change: ChangeSet,
        undoes: Option<u64>,
    ) -> Result<(Applied, Resolved)> {
        let id = change_id();
        for _ in 0..ATTEMPTS {
            let attempt = change.clone();
            let (resolved, changes, counters) = self.with(|c| {
                let ground = PgGround::new(c, &attempt)?;
                let resolved = rules::resolve(&ground, attempt)?;
                let rows: Vec<Value> = resolved
                    .changes
                    .iter()
                    .map(|ch| {
                        record_row(
                            ch.id,
                            ground.version_of(ch.id),
                            resolved.fresh.contains(&ch.id),
                            ch.before.as_ref(),
                            ch.after.as_ref(),
                        )
                    })
                    .collect();
                let counters: serde_json::Map<String, Value> = resolved
                    .counters
                    .iter()
                    .map(|(k, n)| (k.prefix().to_string(), json!(n)))
                    .collect();
                Ok((
                    resolved,
                    Value::Array(rows).to_string(),
                    Value::Object(counters).to_string(),
                ))
            })?;
            match self.call(&id, &resolved, &changes, &counters, undoes)? {
                Outcome::Done(applied) => return Ok((applied, resolved)),
                Outcome::Stale => continue,
            }
        }
        Err(StoreError::Conflict(format!(
            "'{}' could not be saved: colleagues kept changing the same records; try again",
            change.summary
        )))
    }

    /// One call of the server function; after a broken connection, the
    /// same change id is sent again on a new one (applied at most once).
    fn call(
        &self,
        id: &str,
        resolved: &Resolved,
        changes: &str,
        counters: &str,
        undoes: Option<u64>,
    ) -> Result<Outcome> {
        let undoes = undoes.and_then(|u| i64::try_from(u).ok());
        let mut lost = false;
        for attempt in 0..3 {
            let result = self.with(|c| {
                let stmt = c.apply.clone();
                Ok(c.client.query_one(
                    &stmt,
                    &[&id, &resolved.summary, &changes, &counters, &undoes],
                ))
            });
            let result = match result {
                Ok(r) => r,
                // Could not even reconnect.
                Err(e) if lost => {
                    return Err(StoreError::Server(format!(
                        "the connection to {} broke while '{}' was being saved, and the server cannot be reached to tell whether it was ({e}); look at `accord history` once it is back",
                        self.shown, resolved.summary
                    )));
                }
                Err(e) => return Err(e),
            };
            match result {
                Ok(row) => {
                    let seq: i64 = row.try_get(0).map_err(|e| server_error(&self.shown, &e))?;
                    let repeated: bool = row.try_get(3).unwrap_or(false);
                    return Ok(Outcome::Done(Applied {
                        seq: u64::try_from(seq).unwrap_or(0),
                        ids: resolved.ids.clone(),
                        // The first attempt had been saved when the
                        // connection broke: the server says so by its id.
                        recovered: lost && repeated,
                    }));
                }
                Err(e) => {
                    let code = e.as_db_error().map(|d| d.code().code().to_string());
                    let detail = e
                        .as_db_error()
                        .map(|d| d.message().to_string())
                        .unwrap_or_default();
                    match code.as_deref() {
                        Some("AC000") => continue,
                        Some("AC002") => return Ok(Outcome::Stale),
                        Some("AC001") => {
                            return Err(StoreError::Conflict(format!(
                                "'{}' cannot be undone: it was undone already (perhaps in another window)",
                                resolved.summary
                            )));
                        }
                        Some("AC003") => {
                            let mut it = detail.split(' ');
                            let src = it.next().unwrap_or("");
                            let target = it.next().unwrap_or("");
                            return Err(StoreError::Conflict(format!(
                                "{src} cannot refer to {target}: {target} was deleted by a colleague a moment ago; nothing was saved"
                            )));
                        }
                        Some("AC004") => {
                            let mut ids = detail.split(' ').filter_map(|s| s.parse::<Id>().ok());
                            if let (Some(id), Some(by)) = (ids.next(), ids.next()) {
                                return Err(StoreError::InUse { id, by: vec![by] });
                            }
                            return Err(StoreError::Conflict(detail));
                        }
                        Some(_) => return Err(server_error(&self.shown, &e)),
                        None => {
                            // The connection broke: the change may or may
                            // not have been committed. Send it again.
                            lost = true;
                            if attempt == 2 {
                                return Err(server_error(&self.shown, &e));
                            }
                            std::thread::sleep(Duration::from_millis(200));
                        }
                    }
                }
            }
        }
        Err(StoreError::Server(format!(
            "'{}' could not be saved on {}; try again",
            resolved.summary, self.shown
        )))
    }

    /// Reverts my newest change not yet undone.
    pub(super) fn undo_mine(&self, summary_prefix: &str) -> Result<Option<HistoryEntry>> {
        for _ in 0..ATTEMPTS {
            let plan = self.with(|c| {
                let mine = c.my_history(&self.author, 1)?;
                let dummy = ChangeSet::new("");
                let ground = PgGround::new(c, &dummy)?;
                let mut it = mine.into_iter().map(Ok);
                rules::undo_plan(&ground, &mut it, &self.author, summary_prefix)
            })?;
            let Some((entry, change)) = plan else {
                return Ok(None);
            };
            match self.apply_change(change, Some(entry.seq)) {
                Ok(_) => return Ok(Some(entry)),
                // Undone meanwhile from another window: look again.
                Err(StoreError::Conflict(m)) if m.contains("undone already") => continue,
                Err(e) => return Err(e),
            }
        }
        Ok(None)
    }

    pub(super) fn restore_from(&self, snapshot: &Snapshot, force: bool) -> Result<()> {
        if snapshot.schema_version > crate::store::SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path: self.shown.clone(),
                found: snapshot.schema_version,
                supported: crate::store::SCHEMA_VERSION,
            });
        }
        let records: Vec<Value> = snapshot
            .records
            .iter()
            .map(|r| record_row(r.id(), None, false, None, Some(r)))
            .collect();
        let records = Value::Array(records).to_string();
        let history = serde_json::to_string(&snapshot.history)
            .map_err(|e| StoreError::Conflict(format!("the backup could not be encoded: {e}")))?;
        let counters = serde_json::to_string(&snapshot.counters)
            .map_err(|e| StoreError::Conflict(format!("the backup could not be encoded: {e}")))?;
        let count = snapshot.records.len();
        self.with(|c| {
            let r = c.client.query_one(
                "SELECT accord.restore($1::text::jsonb, $2::text::jsonb, $3::text::jsonb, $4)",
                &[&records, &history, &counters, &force],
            );
            match r {
                Ok(_) => Ok(()),
                Err(e) if e.code().map(|c| c.code()) == Some("AC005") => {
                    let records = c.list(None, &crate::store::Progress::default())?.len();
                    let _ = count;
                    Err(StoreError::NotEmpty {
                        path: c.shown.clone(),
                        records,
                    })
                }
                Err(e) => Err(c.err(e)),
            }
        })
    }

    /// A listener on its own connection: a message for every change
    /// notified, until the receiver is dropped or the connection breaks
    /// (the watcher then relies on polling the version).
    pub(super) fn listen(&self) -> Result<Receiver<()>> {
        let mut client = self.fresh_connection()?;
        client
            .batch_execute("LISTEN accord_changes")
            .map_err(|e| server_error(&self.shown, &e))?;
        let (tx, rx) = sync_channel(1);
        std::thread::Builder::new()
            .name("accord-listen".into())
            .spawn(move || {
                loop {
                    let mut notes = client.notifications();
                    let mut it = notes.timeout_iter(Duration::from_secs(5));
                    match it.next() {
                        Ok(Some(_)) => {
                            if let Err(std::sync::mpsc::TrySendError::Disconnected(_)) =
                                tx.try_send(())
                            {
                                return;
                            }
                        }
                        // Nothing for a while: listen on.
                        Ok(None) => {}
                        Err(_) => return,
                    }
                    drop(it);
                }
            })
            .map_err(|e| StoreError::Server(format!("the listener could not start: {e}")))?;
        Ok(rx)
    }
}

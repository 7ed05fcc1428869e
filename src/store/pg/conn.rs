//! One connection to the server with its prepared statements, and every
//! read the store makes through it. Everything read from the server is
//! untrusted input: a row that does not decode is an error naming it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use postgres::{Client, Statement};

use super::Target;
use crate::model::{Id, Kind, Record};
use crate::store::check::{Problem, check_records, compare_index};
use crate::store::history::HistoryEntry;
use crate::store::keys::{DueEntry, DueSlot, due_entries, due_key, expiry_key, ref_keys};
use crate::store::{
    BACKUP_FORMAT, Progress, Result, SCHEMA_VERSION, Snapshot, StoreError, Version,
};

/// The columns of a history entry, as one JSON object per row.
pub(super) const ENTRY_JSON: &str = "json_build_object('seq', h.seq, 'at', h.at, 'author', h.author, \
     'summary', h.summary, 'changes', h.changes, 'undoes', h.undoes, 'undone_by', h.undone_by)::text";

pub(super) struct Conn {
    pub client: Client,
    pub author: String,
    pub shown: String,
    get: Statement,
    get_many: Statement,
    version: Statement,
    pub apply: Statement,
}

/// A database error as a sentence naming the server.
pub(super) fn server_error(shown: &str, e: &postgres::Error) -> StoreError {
    if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        if matches!(code, "55P03" | "57014") {
            return StoreError::Busy {
                location: shown.to_string(),
            };
        }
        if code == "42P01" || code == "3F000" {
            return StoreError::Server(format!(
                "{shown} holds no accord database yet; an admin creates it with `accord --server \"…\" server init` (or runs the SQL of `accord server sql`)"
            ));
        }
        if code == "42501" {
            return StoreError::Server(format!(
                "{shown} refused: {} (is this login a member of accord_user?)",
                db.message()
            ));
        }
        return StoreError::Server(format!("{shown} answered: {}", db.message()));
    }
    if e.is_closed() {
        return StoreError::Server(format!(
            "the connection to {shown} was lost; accord connects again at the next step"
        ));
    }
    StoreError::Server(format!("the server at {shown} cannot be reached ({e})"))
}

fn bad(shown: &str, what: &str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        path: shown.to_string(),
        detail: format!("{what} cannot be read: {detail}"),
    }
}

impl Conn {
    pub fn open(target: &Target, shown: &str) -> Result<Conn> {
        let mut client = target
            .connect()
            .map_err(|e| StoreError::Server(e.to_string()))?;
        let err = |e: postgres::Error| server_error(shown, &e);
        // A change waits at most 4 s for a colleague's: an act then fails
        // with "busy" rather than freezing the interface.
        client
            .batch_execute("SET lock_timeout = '4s'; SET application_name = 'accord'")
            .map_err(err)?;
        let author: String = client
            .query_one("SELECT session_user::text", &[])
            .and_then(|r| r.try_get(0))
            .map_err(err)?;
        let prepare = |client: &mut Client, sql: &str| client.prepare(sql).map_err(err);
        let get = prepare(
            &mut client,
            "SELECT data::text, seq FROM accord.records WHERE id = $1",
        )?;
        let get_many = prepare(
            &mut client,
            "SELECT id, data::text, seq FROM accord.records WHERE id = ANY($1)",
        )?;
        let version = prepare(
            &mut client,
            "SELECT (SELECT value FROM accord.meta WHERE key = 'instance'), (SELECT v FROM accord.seq)",
        )?;
        let apply = prepare(
            &mut client,
            "SELECT seq, at, author, repeated FROM accord.apply_change($1, $2, $3::text::jsonb, $4::text::jsonb, $5)",
        )?;
        Ok(Conn {
            client,
            author,
            shown: shown.to_string(),
            get,
            get_many,
            version,
            apply,
        })
    }

    pub fn err(&self, e: postgres::Error) -> StoreError {
        server_error(&self.shown, &e)
    }

    pub fn decode(&self, id: &str, text: &str) -> Result<Record> {
        serde_json::from_str(text).map_err(|e| bad(&self.shown, &format!("record {id}"), e))
    }

    /// A record and the change that last wrote it.
    pub fn get(&mut self, id: Id) -> Result<Option<(Record, i64)>> {
        let key = id.to_string();
        let row = self
            .client
            .query_opt(&self.get, &[&key])
            .map_err(|e| server_error(&self.shown, &e))?;
        match row {
            Some(row) => {
                let text: String = row.try_get(0).map_err(|e| self.err(e))?;
                let seq: i64 = row.try_get(1).map_err(|e| self.err(e))?;
                Ok(Some((self.decode(&key, &text)?, seq)))
            }
            None => Ok(None),
        }
    }

    /// Several records at once (one round trip), with their versions.
    pub fn get_many(&mut self, ids: &[Id]) -> Result<Vec<(Record, i64)>> {
        let keys: Vec<String> = ids.iter().map(Id::to_string).collect();
        let rows = self
            .client
            .query(&self.get_many, &[&keys])
            .map_err(|e| server_error(&self.shown, &e))?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let id: String = row.try_get(0).map_err(|e| self.err(e))?;
            let text: String = row.try_get(1).map_err(|e| self.err(e))?;
            let seq: i64 = row.try_get(2).map_err(|e| self.err(e))?;
            out.push((self.decode(&id, &text)?, seq));
        }
        Ok(out)
    }

    /// Every record (of one kind, or all), in id order.
    pub fn list(&mut self, kind: Option<Kind>, progress: &Progress) -> Result<Vec<Record>> {
        let tag = kind.map(|k| i16::from(k.tag()));
        let rows = self
            .client
            .query(
                "SELECT id, data::text FROM accord.records WHERE $1::smallint IS NULL OR tag = $1 ORDER BY tag, num",
                &[&tag],
            )
            .map_err(|e| self.err(e))?;
        // The rows arrive together; decoding them is what takes a while.
        progress.set_total(rows.len());
        let mut out = Vec::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            let id: String = row.try_get(0).map_err(|e| self.err(e))?;
            let text: &str = row.try_get(1).map_err(|e| self.err(e))?;
            out.push(self.decode(&id, text)?);
            if i % 4096 == 4095 {
                progress.add(4096);
            }
        }
        progress.add(out.len() % 4096);
        Ok(out)
    }

    pub fn count(&mut self, kind: Kind) -> Result<usize> {
        let n: i64 = self
            .client
            .query_one(
                "SELECT count(*) FROM accord.records WHERE tag = $1",
                &[&i16::from(kind.tag())],
            )
            .and_then(|r| r.try_get(0))
            .map_err(|e| self.err(e))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    pub fn is_empty(&mut self) -> Result<bool> {
        let any: bool = self
            .client
            .query_one("SELECT EXISTS (SELECT 1 FROM accord.records)", &[])
            .and_then(|r| r.try_get(0))
            .map_err(|e| self.err(e))?;
        Ok(!any)
    }

    pub fn counter(&mut self, kind: Kind) -> Result<u32> {
        let row = self
            .client
            .query_opt(
                "SELECT n FROM accord.counters WHERE kind = $1",
                &[&kind.prefix().to_string()],
            )
            .map_err(|e| self.err(e))?;
        let n: i64 = match row {
            Some(r) => r.try_get(0).map_err(|e| self.err(e))?,
            None => 0,
        };
        u32::try_from(n).map_err(|_| bad(&self.shown, &format!("the {kind} id counter"), n))
    }

    /// Reserves `n` new ids of `kind`; returns the number before them.
    pub fn reserve(&mut self, kind: Kind, n: i32) -> Result<u32> {
        let before: i64 = self
            .client
            .query_one(
                "SELECT accord.reserve_ids($1, $2)",
                &[&kind.prefix().to_string(), &n],
            )
            .and_then(|r| r.try_get(0))
            .map_err(|e| self.err(e))?;
        u32::try_from(before).map_err(|_| StoreError::Conflict(format!("no {kind} ids are left")))
    }

    pub fn counters(&mut self) -> Result<BTreeMap<String, u32>> {
        let mut m = BTreeMap::new();
        for k in Kind::ALL {
            m.insert(k.prefix().to_string(), self.counter(k)?);
        }
        Ok(m)
    }

    pub fn due(
        &mut self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        include_undated: bool,
    ) -> Result<Vec<DueEntry>> {
        let rows = self
            .client
            .query(
                "SELECT id, slot, date FROM accord.due \
                 WHERE (date IS NOT NULL AND ($1::date IS NULL OR date >= $1) AND ($2::date IS NULL OR date <= $2)) \
                    OR (date IS NULL AND $3) \
                 ORDER BY date NULLS LAST, tag, num, slot",
                &[&from, &to, &include_undated],
            )
            .map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let id: String = row.try_get(0).map_err(|e| self.err(e))?;
            let slot: i16 = row.try_get(1).map_err(|e| self.err(e))?;
            let date: Option<NaiveDate> = row.try_get(2).map_err(|e| self.err(e))?;
            let id: Id = id.parse().map_err(|e| bad(&self.shown, "a due entry", e))?;
            let slot = match slot {
                0 => DueSlot::Item,
                1 => DueSlot::RenewalNotice,
                2 => DueSlot::Expiry,
                other => return Err(bad(&self.shown, &format!("the due entry of {id}"), other)),
            };
            out.push(DueEntry { date, id, slot });
        }
        Ok(out)
    }

    pub fn expiring_before(&mut self, date: NaiveDate) -> Result<Vec<Id>> {
        let rows = self
            .client
            .query(
                "SELECT id FROM accord.expiry WHERE date < $1 ORDER BY date, tag, num",
                &[&date],
            )
            .map_err(|e| self.err(e))?;
        self.ids(rows, 0)
    }

    fn ids(&self, rows: Vec<postgres::Row>, col: usize) -> Result<Vec<Id>> {
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let id: String = row.try_get(col).map_err(|e| self.err(e))?;
            out.push(id.parse().map_err(|e| bad(&self.shown, "an id", e))?);
        }
        Ok(out)
    }

    pub fn referrers(&mut self, id: Id) -> Result<Vec<Id>> {
        let rows = self
            .client
            .query(
                "SELECT source FROM accord.refs WHERE target = $1",
                &[&id.to_string()],
            )
            .map_err(|e| self.err(e))?;
        let mut ids = self.ids(rows, 0)?;
        ids.sort();
        Ok(ids)
    }

    fn entries(
        &mut self,
        sql: &str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<Vec<HistoryEntry>> {
        let rows = self.client.query(sql, params).map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let text: &str = row.try_get(0).map_err(|e| self.err(e))?;
            out.push(
                serde_json::from_str(text).map_err(|e| bad(&self.shown, "a history entry", e))?,
            );
        }
        Ok(out)
    }

    pub fn history(&mut self, id: Option<Id>, limit: usize) -> Result<Vec<HistoryEntry>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        match id {
            Some(id) => self.entries(
                &format!(
                    "SELECT {ENTRY_JSON} FROM accord.history h JOIN accord.history_records x ON x.seq = h.seq \
                     WHERE x.id = $1 ORDER BY h.seq DESC LIMIT $2"
                ),
                &[&id.to_string(), &limit],
            ),
            None => self.entries(
                &format!("SELECT {ENTRY_JSON} FROM accord.history h ORDER BY h.seq DESC LIMIT $1"),
                &[&limit],
            ),
        }
    }

    pub fn history_after(&mut self, seq: u64, limit: usize) -> Result<Vec<HistoryEntry>> {
        let seq = i64::try_from(seq).unwrap_or(i64::MAX);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.entries(
            &format!(
                "SELECT {ENTRY_JSON} FROM accord.history h WHERE h.seq > $1 ORDER BY h.seq LIMIT $2"
            ),
            &[&seq, &limit],
        )
    }

    /// My newest changes first, for undo.
    pub fn my_history(&mut self, me: &str, limit: usize) -> Result<Vec<HistoryEntry>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.entries(
            &format!(
                "SELECT {ENTRY_JSON} FROM accord.history h \
                 WHERE (h.author = $1 OR h.author IS NULL) AND h.undoes IS NULL AND h.undone_by IS NULL \
                 ORDER BY h.seq DESC LIMIT $2"
            ),
            &[&me, &limit],
        )
    }

    pub fn version(&mut self) -> Result<Version> {
        let row = self
            .client
            .query_one(&self.version, &[])
            .map_err(|e| server_error(&self.shown, &e))?;
        let instance: Option<String> = row.try_get(0).map_err(|e| self.err(e))?;
        let seq: Option<i64> = row.try_get(1).map_err(|e| self.err(e))?;
        let instance = instance
            .and_then(|s| s.parse::<i64>().ok())
            .ok_or_else(|| bad(&self.shown, "the database's instance number", "missing"))?;
        Ok(Version {
            instance: instance as u64,
            seq: seq.unwrap_or(0).max(0) as u64,
        })
    }

    pub fn staff(&mut self) -> Result<Vec<(String, String)>> {
        let rows = self
            .client
            .query(
                "SELECT login, display_name FROM accord.staff_members ORDER BY login",
                &[],
            )
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            out.push((
                row.try_get(0).map_err(|e| self.err(e))?,
                row.try_get(1).map_err(|e| self.err(e))?,
            ));
        }
        Ok(out)
    }

    pub fn snapshot(&mut self) -> Result<Snapshot> {
        let records = self.list(None, &Progress::default())?;
        let mut history = self.history(None, usize::MAX)?;
        history.reverse();
        Ok(Snapshot {
            format: BACKUP_FORMAT.to_string(),
            schema_version: SCHEMA_VERSION,
            exported_at: chrono::Utc::now(),
            counters: self.counters()?,
            records,
            history,
        })
    }

    /// Every invariant: records decode and are valid, indexes match the
    /// records, the history is gapless and ends at the sequence.
    pub fn check(&mut self) -> Result<Vec<Problem>> {
        let mut problems = Vec::new();
        let rows = self
            .client
            .query(
                "SELECT id, data::text FROM accord.records ORDER BY tag, num",
                &[],
            )
            .map_err(|e| self.err(e))?;
        let mut records = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: String = row.try_get(0).map_err(|e| self.err(e))?;
            let text: &str = row.try_get(1).map_err(|e| self.err(e))?;
            match serde_json::from_str::<Record>(text) {
                Ok(r) => {
                    if r.id().to_string() != id {
                        problems.push(Problem::new(
                            Some(r.id()),
                            rust_i18n::t!("check.stored_under", id = id.to_string()),
                        ));
                    }
                    records.push(r);
                }
                Err(e) => problems.push(Problem {
                    id: Some(id),
                    message: rust_i18n::t!("check.unreadable", problem = e.to_string())
                        .into_owned(),
                }),
            }
        }
        problems.extend(check_records(&records, &self.counters()?));
        let expected = |f: &dyn Fn(&Record) -> Vec<Vec<u8>>| -> BTreeSet<Vec<u8>> {
            records.iter().flat_map(f).collect()
        };
        let due: BTreeSet<Vec<u8>> = self.due(None, None, true)?.iter().map(due_key).collect();
        problems.extend(compare_index(
            "due",
            &expected(&|r| due_entries(r).iter().map(due_key).collect()),
            &due,
        ));
        let mut refs = BTreeSet::new();
        for row in self
            .client
            .query("SELECT target, source FROM accord.refs", &[])
            .map_err(|e| self.err(e))?
        {
            let t: String = row.try_get(0).map_err(|e| self.err(e))?;
            let s: String = row.try_get(1).map_err(|e| self.err(e))?;
            match (t.parse::<Id>(), s.parse::<Id>()) {
                (Ok(t), Ok(s)) => {
                    refs.insert([t.to_bytes(), s.to_bytes()].concat());
                }
                _ => problems.push(Problem::new(
                    None,
                    rust_i18n::t!(
                        "check.dangling",
                        source = s.to_string(),
                        target = t.to_string()
                    ),
                )),
            }
        }
        problems.extend(compare_index("reference", &expected(&ref_keys), &refs));
        let mut expiry = BTreeSet::new();
        for row in self
            .client
            .query("SELECT id, date FROM accord.expiry", &[])
            .map_err(|e| self.err(e))?
        {
            let id: String = row.try_get(0).map_err(|e| self.err(e))?;
            let date: NaiveDate = row.try_get(1).map_err(|e| self.err(e))?;
            if let Ok(id) = id.parse::<Id>() {
                expiry.insert([&crate::store::keys::date_key(date)[..], &id.to_bytes()].concat());
            }
        }
        problems.extend(compare_index(
            "expiry",
            &expected(&|r| expiry_key(r).into_iter().collect()),
            &expiry,
        ));
        let row = self
            .client
            .query_one(
                "SELECT (SELECT v FROM accord.seq), coalesce(max(seq), 0), count(*) FROM accord.history",
                &[],
            )
            .map_err(|e| self.err(e))?;
        let seq: i64 = row.try_get(0).map_err(|e| self.err(e))?;
        let top: i64 = row.try_get(1).map_err(|e| self.err(e))?;
        let count: i64 = row.try_get(2).map_err(|e| self.err(e))?;
        if top != seq {
            problems.push(Problem::new(
                None,
                rust_i18n::t!(
                    "check.history_behind",
                    top = top.to_string(),
                    seq = seq.to_string()
                ),
            ));
        }
        if count != top {
            problems.push(Problem::new(
                None,
                rust_i18n::t!(
                    "check.history_gaps",
                    count = count.to_string(),
                    top = top.to_string()
                ),
            ));
        }
        Ok(problems)
    }
}

//! The rulebook every backend follows: how a change is resolved against
//! what is stored (new ids, what was there before, a colleague's edit
//! merged or refused), validated as a whole, and how an undo is chosen.
//! The backends only lend it reads ([`Ground`]) and write what it
//! resolved, so sled and PostgreSQL give the same answers.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rust_i18n::t;
use serde_json::Value;

use super::history::{Change, HistoryEntry};
use super::{ChangeSet, Edit, Result, StoreError};
use crate::model::{Id, Kind, Record, validate};

/// What the rulebook reads from a backend while resolving a change.
pub trait Ground {
    fn get(&self, id: Id) -> Result<Option<Record>>;
    /// The highest number ever given to a `kind` id.
    fn counter(&self, kind: Kind) -> Result<u32>;
    /// Whether a record exists (cheaper than `get` where it can be).
    fn exists(&self, id: Id) -> Result<bool> {
        Ok(self.get(id)?.is_some())
    }
    fn referrers(&self, id: Id) -> Result<Vec<Id>>;
    /// The newest history entry that touched `id`, for naming who changed
    /// a record.
    fn last_change_of(&self, id: Id) -> Result<Option<HistoryEntry>>;
}

/// A change resolved against the stored records: ready to be written.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub summary: String,
    /// Each record the change touches, once, in the order first touched,
    /// with what it was and what it becomes.
    pub changes: Vec<Change>,
    /// New highest id numbers per kind.
    pub counters: HashMap<Kind, u32>,
    /// Records created with a number the rulebook chose (which a server
    /// must confirm is still free).
    pub fresh: HashSet<Id>,
    /// The ids the edits touched, in edit order (new ids for creates).
    pub ids: Vec<Id>,
}

/// Resolves and validates `change` against `ground`.
pub fn resolve(ground: &dyn Ground, change: ChangeSet) -> Result<Resolved> {
    if change.edits.is_empty() {
        return Err(StoreError::Conflict(
            t!("rules.nothing_to_change").into_owned(),
        ));
    }
    let n = change.edits.len();
    let seen: HashMap<Id, Record> = change.seen.into_iter().map(|r| (r.id(), r)).collect();
    let mut after: HashMap<Id, Option<Record>> = HashMap::with_capacity(n);
    let mut before: HashMap<Id, Option<Record>> = HashMap::with_capacity(n);
    let mut order: Vec<Id> = Vec::with_capacity(n);
    let mut ids = Vec::with_capacity(n);
    let mut counters: HashMap<Kind, u32> = HashMap::new();
    let mut stored: HashMap<Kind, u32> = HashMap::new();
    let mut fresh = HashSet::new();
    for edit in change.edits {
        let (id, new) = match edit {
            Edit::Create(mut r) => {
                let kind = r.kind();
                let on_disk = match stored.get(&kind) {
                    Some(c) => *c,
                    None => {
                        let c = ground.counter(kind)?;
                        stored.insert(kind, c);
                        c
                    }
                };
                let top = counters.get(&kind).copied().unwrap_or(on_disk);
                let id = if r.id().n == 0 {
                    let id = Id::new(
                        kind,
                        top.checked_add(1).ok_or_else(|| {
                            StoreError::Conflict(
                                t!("rules.no_ids_left", kind = crate::i18n::kind(kind))
                                    .into_owned(),
                            )
                        })?,
                    );
                    fresh.insert(id);
                    id
                } else {
                    r.id()
                };
                r.set_id(id);
                // An id above the stored counter cannot be stored yet
                // (`check` verifies it): only this change may hold it.
                let exists = if id.n > on_disk {
                    matches!(after.get(&id), Some(Some(_)))
                } else {
                    current(ground, id, &after)?.is_some()
                };
                if exists {
                    return Err(StoreError::Exists { id });
                }
                if id.n > on_disk && !before.contains_key(&id) {
                    before.insert(id, None);
                    order.push(id);
                }
                counters.insert(kind, top.max(id.n));
                (id, Some(r))
            }
            Edit::Update(r) => {
                let id = r.id();
                let Some(now) = current(ground, id, &after)? else {
                    return Err(StoreError::NotFound(id));
                };
                let r = match seen.get(&id) {
                    Some(base) if *base != now && !after.contains_key(&id) => {
                        merge(ground, base, &now, r)?
                    }
                    _ => r,
                };
                (id, Some(r))
            }
            Edit::Delete(id) => {
                let Some(now) = current(ground, id, &after)? else {
                    return Err(StoreError::NotFound(id));
                };
                if let Some(base) = seen.get(&id)
                    && *base != now
                    && !after.contains_key(&id)
                {
                    return Err(changed_since(ground, id, None)?);
                }
                (id, None)
            }
        };
        if let std::collections::hash_map::Entry::Vacant(e) = before.entry(id) {
            e.insert(ground.get(id)?);
            order.push(id);
        }
        after.insert(id, new);
        ids.push(id);
    }
    validate_change(ground, &after, &before)?;
    let changes = order
        .iter()
        .map(|id| Change {
            id: *id,
            before: before.remove(id).flatten(),
            after: after.remove(id).flatten(),
        })
        .collect();
    Ok(Resolved {
        summary: change.summary,
        changes,
        counters,
        fresh,
        ids,
    })
}

fn current(
    ground: &dyn Ground,
    id: Id,
    overlay: &HashMap<Id, Option<Record>>,
) -> Result<Option<Record>> {
    match overlay.get(&id) {
        Some(r) => Ok(r.clone()),
        None => ground.get(id),
    }
}

fn validate_change(
    ground: &dyn Ground,
    after: &HashMap<Id, Option<Record>>,
    before: &HashMap<Id, Option<Record>>,
) -> Result<()> {
    let lookup = |id: Id| match after.get(&id) {
        Some(Some(r)) => Some(r.kind()),
        Some(None) => None,
        None => ground.exists(id).ok().filter(|b| *b).map(|_| id.kind),
    };
    let mut sorted: Vec<&Id> = after.keys().collect();
    sorted.sort();
    for id in sorted {
        match after.get(id) {
            Some(Some(r)) => validate(r, &lookup).map_err(|mut e| {
                // A record that does not exist yet has no id to speak of.
                if before.get(id).is_none_or(|b| b.is_none()) {
                    e.id = Id::new(e.id.kind, 0);
                }
                e
            })?,
            Some(None) if before.get(id).is_some_and(|b| b.is_some()) => {
                let mut by = Vec::new();
                for src in ground.referrers(*id)? {
                    let still = match after.get(&src) {
                        Some(Some(r)) => r.references().contains(id),
                        Some(None) => false,
                        None => true,
                    };
                    if still {
                        by.push(src);
                    }
                }
                if !by.is_empty() {
                    return Err(StoreError::InUse { id: *id, by });
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The fields of a record as a JSON object (empty if it is not one).
fn fields(r: &Record) -> serde_json::Map<String, Value> {
    match serde_json::to_value(r) {
        Ok(Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    }
}

/// My edit of a record someone else changed since I saw it: the fields
/// only I changed go onto theirs; a field we both changed differently, or
/// an item closed meanwhile, refuses the change, naming who and when.
fn merge(ground: &dyn Ground, base: &Record, now: &Record, mine: Record) -> Result<Record> {
    let id = mine.id();
    if base.is_open() && !now.is_open() && mine.is_open() {
        return Err(changed_since(ground, id, Some(("status", now, &mine)))?);
    }
    let (b, n, m) = (fields(base), fields(now), fields(&mine));
    let mut merged = n.clone();
    let keys: HashSet<&String> = b.keys().chain(m.keys()).collect();
    let mut keys: Vec<&String> = keys.into_iter().collect();
    keys.sort();
    for k in keys {
        let (bv, nv, mv) = (b.get(k), n.get(k), m.get(k));
        if mv == bv {
            continue; // not mine
        }
        if nv != bv && nv != mv {
            return Err(changed_since(ground, id, Some((k, now, &mine)))?);
        }
        match mv {
            Some(v) => merged.insert(k.clone(), v.clone()),
            None => merged.remove(k),
        };
    }
    serde_json::from_value(Value::Object(merged)).map_err(|e| {
        StoreError::Conflict(t!("rules.not_combined", id = id, problem = e).into_owned())
    })
}

/// The refusal of a change to `id`, which someone changed since it was
/// read: who, when and, for a field, both values.
fn changed_since(
    ground: &dyn Ground,
    id: Id,
    field: Option<(&str, &Record, &Record)>,
) -> Result<StoreError> {
    let last = ground.last_change_of(id)?;
    let author = last
        .as_ref()
        .and_then(|e| e.author.clone())
        .unwrap_or_else(|| t!("rules.someone").into_owned());
    let at = last.as_ref().map(|e| e.at);
    let (field, theirs, yours) = match field {
        Some((f, now, mine)) => {
            let (n, m) = (fields(now), fields(mine));
            let show = |v: Option<&Value>| match v {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Null) | None => t!("rules.empty").into_owned(),
                Some(v) => v.to_string(),
            };
            (Some(f.to_string()), show(n.get(f)), show(m.get(f)))
        }
        None => (None, String::new(), String::new()),
    };
    Ok(StoreError::ChangedSince {
        id,
        author,
        at,
        field,
        theirs,
        yours,
    })
}

/// The wording of a refusal: "T7 was marked done by lina at 10:42" and the
/// like; used by [`StoreError::ChangedSince`].
pub fn changed_since_text(
    id: Id,
    author: &str,
    at: Option<DateTime<Utc>>,
    field: Option<&str>,
    theirs: &str,
    yours: &str,
) -> String {
    let when = at
        .map(|at| {
            let time = at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M");
            t!("rules.at_time", time = time).into_owned()
        })
        .unwrap_or_default();
    match field {
        Some("status") if matches!(theirs, "done" | "cancelled" | "closed") => t!(
            "rules.marked_by",
            id = id,
            status = crate::i18n::vocab(theirs),
            author = author,
            when = when
        )
        .into_owned(),
        Some(f) => t!(
            "rules.field_changed_by",
            id = id,
            field = crate::i18n::field(f),
            author = author,
            when = when,
            theirs = theirs,
            yours = yours
        )
        .into_owned(),
        None => t!("rules.changed_by", id = id, author = author, when = when).into_owned(),
    }
}

/// The change `undo` reverts for `me`: my newest change not yet undone
/// (entries without an author count as mine), as the change that reverts
/// it. `entries` are newest first. Refused, naming the colleague, when
/// someone changed those records since.
pub fn undo_plan(
    ground: &dyn Ground,
    entries: &mut dyn Iterator<Item = Result<HistoryEntry>>,
    me: &str,
    summary_prefix: &str,
) -> Result<Option<(HistoryEntry, ChangeSet)>> {
    let mut target = None;
    for e in entries {
        let e = e?;
        let mine = e.author.as_deref().is_none_or(|a| a == me);
        if mine && e.undoes.is_none() && e.undone_by.is_none() {
            target = Some(e);
            break;
        }
    }
    let Some(entry) = target else { return Ok(None) };
    let mut change = ChangeSet::new(format!("{summary_prefix}{}", entry.summary));
    // Reverse order of the original edits: deletes come before the records
    // they unblock are deleted in turn, creates before their referrers.
    for c in entry.changes.iter().rev() {
        let now = ground.get(c.id)?;
        if now != c.after {
            let last = ground.last_change_of(c.id)?;
            let who = last
                .as_ref()
                .and_then(|e| e.author.clone())
                .filter(|a| a != me);
            return Err(StoreError::Conflict(match who {
                Some(who) => t!(
                    "rules.undo_changed_by",
                    change = entry.summary,
                    author = who,
                    id = c.id,
                    when = last
                        .map(|e| {
                            let time = e.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M");
                            t!("rules.in_brackets", time = time).into_owned()
                        })
                        .unwrap_or_default()
                )
                .into_owned(),
                None => t!("rules.undo_changed", change = entry.summary, id = c.id).into_owned(),
            }));
        }
        change.push(match (&c.before, &c.after) {
            (None, _) => Edit::Delete(c.id),
            (Some(b), None) => Edit::Create(b.clone()),
            (Some(b), Some(_)) => Edit::Update(b.clone()),
        });
    }
    Ok(Some((entry, change)))
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;

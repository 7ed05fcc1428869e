//! The demo dataset: the institutions, people, partnerships, agreements and
//! commitments of five press reports of medical cooperation
//! (/work/shared/seeds), loaded in one change that a single `undo` removes.
//!
//! Reported events keep their dates. Deadlines are set relative to the day
//! the demo is loaded, so that the triage queue always has overdue, today,
//! this-week, later and undated items, and renewal notices fall due.
//!
//! Loading twice creates nothing the second time: records are matched by
//! natural keys (institution by primary name, contact by primary name and
//! institution, partnership and agreement by title, action and follow-up by
//! title and parent, note by parent and text).

mod institutions;
mod partnerships;
mod people;
mod rows;
mod work;

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use chrono::NaiveDate;

use crate::model::{
    ActionItem, Agreement, Contact, FollowUp, Id, Institution, Kind, Name, Note, Partnership,
    Record,
};
use crate::store::{ChangeSet, Edit, Store, StoreError};

use rows::When;

/// The summary under which the demo appears in history (and in `undo`).
pub const DEMO_SUMMARY: &str = "load the demo data";

/// What loading the demo did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoOutcome {
    /// Records created, by kind.
    pub created: BTreeMap<Kind, usize>,
    /// Demo records already present (matched by natural key), by kind.
    pub skipped: BTreeMap<Kind, usize>,
    /// The history sequence number of the change, when anything was created.
    pub seq: Option<u64>,
}

impl DemoOutcome {
    pub fn total_created(&self) -> usize {
        self.created.values().sum()
    }

    pub fn total_skipped(&self) -> usize {
        self.skipped.values().sum()
    }

    pub fn created_of(&self, kind: Kind) -> usize {
        self.created.get(&kind).copied().unwrap_or(0)
    }
}

impl fmt::Display for DemoOutcome {
    /// "created 42 institutions, 19 contacts, …; 0 already present".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .created
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(k, n)| format!("{n} {}", if *n == 1 { k.name() } else { k.plural() }))
            .collect();
        if parts.is_empty() {
            write!(f, "created nothing")?;
        } else {
            write!(f, "created {}", parts.join(", "))?;
        }
        write!(f, "; {} already present", self.total_skipped())
    }
}

/// Loads the demo dataset into `store`, with deadlines relative to `today`.
/// Everything is written in one change ("load the demo data"); records that
/// already exist are reused, so running it again creates nothing.
pub fn load_demo(store: &dyn Store, today: NaiveDate) -> Result<DemoOutcome, StoreError> {
    let mut plan = Plan::new(store, today)?;
    for r in institutions::INSTITUTIONS {
        plan.institution(r)?;
    }
    for r in people::CONTACTS {
        plan.contact(r)?;
    }
    for r in partnerships::PARTNERSHIPS {
        plan.partnership(r)?;
    }
    for r in partnerships::AGREEMENTS {
        plan.agreement(r)?;
    }
    for r in work::ACTIONS {
        plan.action(r)?;
    }
    for r in work::FOLLOW_UPS {
        plan.follow_up(r)?;
    }
    for r in work::NOTES {
        plan.note(r)?;
    }
    plan.commit()
}

/// Normalises a natural key: trimmed, case-insensitive.
fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

/// The records already in the store, indexed by natural key.
#[derive(Default)]
struct Existing {
    institutions: HashMap<String, Id>,
    contacts: HashMap<(String, Id), Id>,
    titles: HashMap<(Kind, String), Id>,
    items: HashMap<(Kind, String, Id), Id>,
    notes: HashMap<(Id, String), Id>,
    has_home: bool,
}

impl Existing {
    fn read(store: &dyn Store) -> Result<Existing, StoreError> {
        let mut e = Existing::default();
        for kind in Kind::ALL {
            for r in store.list(kind)? {
                let id = r.id();
                match &r {
                    Record::Institution(i) => {
                        e.has_home |= i.home;
                        e.institutions.insert(norm(&r.title()), id);
                    }
                    Record::Contact(c) => {
                        e.contacts.insert((norm(&r.title()), c.institution), id);
                    }
                    Record::Partnership(_) | Record::Agreement(_) => {
                        e.titles.insert((kind, norm(&r.title())), id);
                    }
                    Record::Action(a) => {
                        e.items.insert((kind, norm(&a.title), a.parent), id);
                    }
                    Record::FollowUp(f) => {
                        e.items.insert((kind, norm(&f.title), f.parent), id);
                    }
                    Record::Note(n) => {
                        e.notes.insert((n.parent, norm(&n.text)), id);
                    }
                }
            }
        }
        Ok(e)
    }
}

/// The change being built: demo keys resolved to ids, new records queued.
struct Plan<'a> {
    store: &'a dyn Store,
    today: NaiveDate,
    existing: Existing,
    keys: HashMap<&'static str, Id>,
    next: HashMap<Kind, u32>,
    change: ChangeSet,
    outcome: DemoOutcome,
}

impl<'a> Plan<'a> {
    fn new(store: &'a dyn Store, today: NaiveDate) -> Result<Plan<'a>, StoreError> {
        let mut next = HashMap::new();
        for kind in Kind::ALL {
            next.insert(kind, store.next_id(kind)?.n);
        }
        Ok(Plan {
            store,
            today,
            existing: Existing::read(store)?,
            keys: HashMap::new(),
            next,
            change: ChangeSet::new(DEMO_SUMMARY),
            outcome: DemoOutcome::default(),
        })
    }

    fn date(&self, w: When) -> Option<NaiveDate> {
        w.resolve(self.today)
    }

    /// The id a demo key stands for.
    fn id(&self, key: &str) -> Result<Id, StoreError> {
        self.keys.get(key).copied().ok_or_else(|| {
            StoreError::Conflict(format!(
                "the demo data refers to '{key}', which it does not define before use"
            ))
        })
    }

    fn ids(&self, keys: &[&str]) -> Result<Vec<Id>, StoreError> {
        keys.iter().map(|k| self.id(k)).collect()
    }

    fn remember(&mut self, key: &'static str, id: Id) -> Result<(), StoreError> {
        if self.keys.insert(key, id).is_some() {
            return Err(StoreError::Conflict(format!(
                "the demo data defines '{key}' twice"
            )));
        }
        Ok(())
    }

    /// Counts an existing record as skipped, or queues `make(new id)`.
    fn add(&mut self, kind: Kind, found: Option<Id>, make: impl FnOnce(Id) -> Record) -> Id {
        if let Some(id) = found {
            *self.outcome.skipped.entry(kind).or_default() += 1;
            return id;
        }
        let n = self.next.entry(kind).or_insert(1);
        let id = Id::new(kind, *n);
        *n += 1;
        self.change.push(Edit::Create(make(id)));
        *self.outcome.created.entry(kind).or_default() += 1;
        id
    }

    fn institution(&mut self, r: &'static rows::InstRow) -> Result<(), StoreError> {
        let found = r
            .names
            .iter()
            .find_map(|(t, _)| self.existing.institutions.get(&norm(t)).copied());
        let home = r.home && !self.existing.has_home;
        let id = self.add(Kind::Institution, found, |id| {
            Record::Institution(Institution {
                id,
                names: names(r.names),
                short_name: r.short.to_string(),
                country: r.country.to_string(),
                city: r.city.to_string(),
                kind: r.kind,
                tags: strings(r.tags),
                website: String::new(),
                home,
            })
        });
        self.remember(r.key, id)
    }

    fn contact(&mut self, r: &'static rows::ContactRow) -> Result<(), StoreError> {
        let institution = self.id(r.institution)?;
        let found = r
            .names
            .iter()
            .find_map(|(t, _)| self.existing.contacts.get(&(norm(t), institution)).copied());
        let id = self.add(Kind::Contact, found, |id| {
            Record::Contact(Contact {
                id,
                institution,
                names: names(r.names),
                title: r.title.to_string(),
                email: String::new(),
                phone: String::new(),
                notes: r.notes.to_string(),
            })
        });
        self.remember(r.key, id)
    }

    fn partnership(&mut self, r: &'static rows::PartRow) -> Result<(), StoreError> {
        let partners = self.ids(r.partners)?;
        let found = self.titled(Kind::Partnership, r.title);
        let start = self.date(r.start);
        let id = self.add(Kind::Partnership, found, |id| {
            Record::Partnership(Partnership {
                id,
                title: r.title.to_string(),
                partners,
                status: r.status,
                areas: strings(r.areas),
                owner: r.owner.to_string(),
                start,
                description: r.description.to_string(),
            })
        });
        self.remember(r.key, id)
    }

    fn agreement(&mut self, r: &'static rows::AgreeRow) -> Result<(), StoreError> {
        let partnership = self.id(r.partnership)?;
        let parties = self.ids(r.parties)?;
        let found = self.titled(Kind::Agreement, r.title);
        let (signed, expires) = (self.date(r.signed), self.date(r.expires));
        let id = self.add(Kind::Agreement, found, |id| {
            Record::Agreement(Agreement {
                id,
                partnership,
                kind: r.kind,
                title: r.title.to_string(),
                parties,
                status: r.status,
                signed,
                effective: signed,
                expires,
                notice_days: r.notice_days,
                scope: strings(r.scope),
                signatories: strings(r.signatories),
                document: r.document.to_string(),
                owner: r.owner.to_string(),
                renewal_raised_for: None,
            })
        });
        self.remember(r.key, id)
    }

    fn action(&mut self, r: &'static rows::ActionRow) -> Result<(), StoreError> {
        let parent = self.id(r.parent)?;
        let found = self.item(Kind::Action, r.title, parent);
        let (due, completed) = (self.date(r.due), self.date(r.completed));
        self.add(Kind::Action, found, |id| {
            Record::Action(ActionItem {
                id,
                parent,
                title: r.title.to_string(),
                owner: r.owner.to_string(),
                due,
                status: r.status,
                priority: r.priority,
                completed,
            })
        });
        Ok(())
    }

    fn follow_up(&mut self, r: &'static rows::FollowRow) -> Result<(), StoreError> {
        let parent = self.id(r.parent)?;
        let due = self.date(r.due).ok_or_else(|| {
            StoreError::Conflict(format!(
                "the demo follow-up '{}' has no valid due date",
                r.title
            ))
        })?;
        let found = self.item(Kind::FollowUp, r.title, parent);
        let completed = self.date(r.completed);
        self.add(Kind::FollowUp, found, |id| {
            Record::FollowUp(FollowUp {
                id,
                parent,
                title: r.title.to_string(),
                due,
                owner: r.owner.to_string(),
                status: r.status,
                completed,
            })
        });
        Ok(())
    }

    fn note(&mut self, r: &'static rows::NoteRow) -> Result<(), StoreError> {
        let parent = self.id(r.parent)?;
        let date = self.date(r.date).ok_or_else(|| {
            StoreError::Conflict(format!("the demo note on {} has no valid date", r.parent))
        })?;
        let found = self.existing.notes.get(&(parent, norm(r.text))).copied();
        self.add(Kind::Note, found, |id| {
            Record::Note(Note {
                id,
                parent,
                date,
                kind: r.kind,
                text: r.text.to_string(),
                author: r.author.to_string(),
            })
        });
        Ok(())
    }

    fn titled(&self, kind: Kind, title: &str) -> Option<Id> {
        self.existing.titles.get(&(kind, norm(title))).copied()
    }

    fn item(&self, kind: Kind, title: &str, parent: Id) -> Option<Id> {
        self.existing
            .items
            .get(&(kind, norm(title), parent))
            .copied()
    }

    /// Applies the change, unless every demo record already exists.
    fn commit(self) -> Result<DemoOutcome, StoreError> {
        let mut outcome = self.outcome;
        if !self.change.edits.is_empty() {
            outcome.seq = Some(self.store.apply(self.change)?.seq);
        }
        Ok(outcome)
    }
}

fn names(ns: &[rows::N]) -> Vec<Name> {
    ns.iter().map(|(t, l)| Name::new(*t, *l)).collect()
}

fn strings(s: &[&str]) -> Vec<String> {
    s.iter().map(|x| x.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outcome_reads_as_a_sentence() {
        let mut o = DemoOutcome::default();
        assert_eq!(o.to_string(), "created nothing; 0 already present");
        o.created.insert(Kind::Institution, 2);
        o.created.insert(Kind::Agreement, 1);
        o.skipped.insert(Kind::Note, 3);
        assert_eq!(
            o.to_string(),
            "created 2 institutions, 1 agreement; 3 already present"
        );
    }

    #[test]
    fn every_demo_key_is_defined_once() {
        let mut keys = std::collections::HashSet::new();
        let all = institutions::INSTITUTIONS
            .iter()
            .map(|r| r.key)
            .chain(people::CONTACTS.iter().map(|r| r.key))
            .chain(partnerships::PARTNERSHIPS.iter().map(|r| r.key))
            .chain(partnerships::AGREEMENTS.iter().map(|r| r.key));
        for k in all {
            assert!(keys.insert(k), "'{k}' is defined twice");
        }
    }
}

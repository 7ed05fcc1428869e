//! The search index: one entry per record, kept up to date record by record.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};

use chrono::Datelike;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::model::{Id, Kind, Record};
use crate::store::{self, Store};

use super::arena::{Arena, Place, Region};
use super::derive::Masks;
use super::entry::{EntryData, Field, entry_data, links, spell_all};
use super::query::Query;
use super::{Results, SearchOptions};

/// Tells indexes apart, so a [`super::Searcher`] never reuses results of
/// another index.
static INSTANCES: AtomicU64 = AtomicU64::new(1);

/// What a search reads of every record, kept together.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hot {
    /// Summary of every spelling the record is searched by.
    pub masks: Masks,
    /// Where its spellings are.
    pub place: Place,
    /// Days since the common era of the record's date, or `i32::MIN`.
    pub recency: i32,
    pub id: Id,
    /// A slot also exists for an id referred to but not (yet) indexed.
    pub present: bool,
    pub open: bool,
}

/// What only updates need.
#[derive(Debug, Default)]
struct Cold {
    region: Region,
    own_masks: Masks,
    lend_masks: Masks,
    /// Slots whose lent fields this record is searched by, and as what.
    borrows: Vec<(u32, Field)>,
    /// Slots that borrow from this record.
    lent_to: Vec<u32>,
    /// The links this record declared: (owner, source, field).
    declared: Vec<(u32, u32, Field)>,
}

/// Every record's names and titles in every spelling, ready to search.
///
/// Build it once ([`SearchIndex::build`] or [`SearchIndex::from_store`]),
/// then keep it current with [`SearchIndex::upsert`] and
/// [`SearchIndex::remove`] as records change. A partnership is also found
/// by its partners' names, an agreement by its parties' and partnership's,
/// an institution by its contacts' names, a contact by its institution's,
/// an item or note by its parent's title.
pub struct SearchIndex {
    pub(crate) hot: Vec<Hot>,
    cold: Vec<Cold>,
    pub(crate) arena: Arena,
    slots: HashMap<Id, u32>,
    len: usize,
    pub(crate) generation: u64,
    pub(crate) instance: u64,
    pub(crate) skim: SkimMatcherV2,
}

impl Default for SearchIndex {
    fn default() -> SearchIndex {
        SearchIndex::new()
    }
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("records", &self.len)
            .finish()
    }
}

impl SearchIndex {
    /// An empty index.
    pub fn new() -> SearchIndex {
        SearchIndex {
            hot: Vec::new(),
            cold: Vec::new(),
            arena: Arena::default(),
            slots: HashMap::new(),
            len: 0,
            generation: 0,
            instance: INSTANCES.fetch_add(1, AtomicOrdering::Relaxed),
            skim: SkimMatcherV2::default().ignore_case(),
        }
    }

    /// Indexes every record of the slice (a later duplicate id replaces an
    /// earlier one).
    pub fn build(records: &[Record]) -> SearchIndex {
        let mut index = SearchIndex::new();
        index.hot.reserve(records.len());
        index.slots.reserve(records.len());
        index.arena = Arena::with_capacity(records.len());
        let mut datas: Vec<Option<EntryData>> = Vec::new();
        let spelled = spell_all(records);
        let mut ignored = Vec::new();
        for (record, data) in records.iter().zip(spelled) {
            let slot = index.insert(record, &data, &mut ignored) as usize;
            ignored.clear();
            if datas.len() <= slot {
                datas.resize_with(slot + 1, || None);
            }
            datas[slot] = Some(data);
        }
        datas.resize_with(index.hot.len(), || None);
        let empty = EntryData::default();
        for slot in 0..index.hot.len() {
            let Some(own) = datas[slot].as_ref() else {
                continue;
            };
            let borrowed: Vec<(&EntryData, Field)> = index
                .sources(slot as u32)
                .into_iter()
                .map(|(src, kind)| (datas[src as usize].as_ref().unwrap_or(&empty), kind))
                .collect();
            let region = index.arena.write(own, &borrowed);
            index.set_region(slot as u32, region);
            index.refresh_masks(slot as u32);
        }
        index
    }

    /// Indexes every record of a store.
    pub fn from_store(store: &dyn Store) -> store::Result<SearchIndex> {
        let mut records = Vec::new();
        for kind in Kind::ALL {
            records.extend(store.list(kind)?);
        }
        Ok(SearchIndex::build(&records))
    }

    /// Adds a record or replaces its previous version, and refreshes what
    /// related records are found by (a contact's new name finds its
    /// institution).
    pub fn upsert(&mut self, record: &Record) {
        let data = entry_data(record);
        let mut dirty = Vec::new();
        let slot = self.insert(record, &data, &mut dirty);
        self.rewrite(slot, Some(&data));
        self.finish(slot, dirty);
    }

    /// Forgets a record. Unknown ids are ignored.
    pub fn remove(&mut self, id: Id) {
        let Some(&slot) = self.slots.get(&id) else {
            return;
        };
        let mut dirty = Vec::new();
        self.unlink(slot, &mut dirty);
        let (Some(h), Some(c)) = (
            self.hot.get_mut(slot as usize),
            self.cold.get_mut(slot as usize),
        ) else {
            return;
        };
        if h.present {
            self.len -= 1;
        }
        h.present = false;
        self.arena.release(&c.region);
        c.region = Region::default();
        h.place = Place::default();
        h.masks = Masks::default();
        c.own_masks = Masks::default();
        c.lend_masks = Masks::default();
        dirty.extend(c.lent_to.iter().copied());
        self.finish(slot, dirty);
    }

    /// How many records are indexed.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bytes of text the index holds (for tests of its housekeeping).
    #[cfg(test)]
    pub(crate) fn arena_bytes(&self) -> usize {
        self.arena.text_len()
    }

    /// Whether a record is indexed.
    pub fn contains(&self, id: Id) -> bool {
        self.slots
            .get(&id)
            .and_then(|&s| self.hot.get(s as usize))
            .is_some_and(|h| h.present)
    }

    /// Searches every record. Each space-separated term must match some
    /// name, title or other field; the best records come first. For
    /// results that update on every keystroke use a [`super::Searcher`].
    pub fn search(&self, query: &str, options: &SearchOptions) -> Results {
        self.run(&Query::parse(query), options, None).0
    }

    /// The slot of `id`, made empty if the id is new.
    fn slot(&mut self, id: Id) -> u32 {
        if let Some(&s) = self.slots.get(&id) {
            return s;
        }
        let s = self.hot.len() as u32;
        self.hot.push(Hot {
            masks: Masks::default(),
            place: Place::default(),
            recency: i32::MIN,
            id,
            present: false,
            open: false,
        });
        self.cold.push(Cold::default());
        self.slots.insert(id, s);
        s
    }

    /// Records what the index needs of `record` but its region: flags,
    /// masks and links. Pushes the slots whose regions must be rewritten.
    fn insert(&mut self, record: &Record, data: &EntryData, dirty: &mut Vec<u32>) -> u32 {
        let slot = self.slot(record.id());
        self.unlink(slot, dirty);
        if let (Some(h), Some(c)) = (
            self.hot.get_mut(slot as usize),
            self.cold.get_mut(slot as usize),
        ) {
            if !h.present {
                self.len += 1;
            }
            h.present = true;
            h.open = record.is_open();
            h.recency = record.date().map_or(i32::MIN, |d| d.num_days_from_ce());
            c.own_masks = data.masks;
            c.lend_masks = data.lend_masks;
            dirty.extend(c.lent_to.iter().copied());
        }
        for link in links(record) {
            let owner = self.slot(link.owner);
            let source = self.slot(link.source);
            if let Some(o) = self.cold.get_mut(owner as usize) {
                o.borrows.push((source, link.field));
            }
            if let Some(s) = self.cold.get_mut(source as usize) {
                s.lent_to.push(owner);
            }
            if let Some(c) = self.cold.get_mut(slot as usize) {
                c.declared.push((owner, source, link.field));
            }
            dirty.push(owner);
        }
        slot
    }

    /// Undoes the links the record in `slot` declared.
    fn unlink(&mut self, slot: u32, dirty: &mut Vec<u32>) {
        let declared = match self.cold.get_mut(slot as usize) {
            Some(c) => std::mem::take(&mut c.declared),
            None => return,
        };
        for (owner, source, field) in declared {
            if let Some(o) = self.cold.get_mut(owner as usize)
                && let Some(i) = o.borrows.iter().position(|&b| b == (source, field))
            {
                o.borrows.remove(i);
            }
            if let Some(s) = self.cold.get_mut(source as usize)
                && let Some(i) = s.lent_to.iter().position(|&o| o == owner)
            {
                s.lent_to.remove(i);
            }
            dirty.push(owner);
        }
    }

    /// Writes a new region for `slot` from its own data (read back from its
    /// old region when not given) and the lent fields of what it borrows.
    fn rewrite(&mut self, slot: u32, own: Option<&EntryData>) {
        if !self.hot.get(slot as usize).is_some_and(|h| h.present) {
            return;
        }
        let Some(old) = self.cold.get(slot as usize).map(|c| c.region) else {
            return;
        };
        let read_back;
        let own = match own {
            Some(own) => own,
            None => {
                read_back = self.arena.own(&old);
                &read_back
            }
        };
        let sources: Vec<(EntryData, Field)> = self
            .sources(slot)
            .into_iter()
            .filter_map(|(src, kind)| {
                self.hot.get(src as usize).filter(|s| s.present)?;
                Some((self.arena.own(&self.cold.get(src as usize)?.region), kind))
            })
            .collect();
        let borrowed: Vec<(&EntryData, Field)> = sources.iter().map(|(d, k)| (d, *k)).collect();
        self.arena.release(&old);
        let region = self.arena.write(own, &borrowed);
        self.set_region(slot, region);
        self.refresh_masks(slot);
    }

    /// Rewrites the records touched by a change to `slot`, then tidies up.
    fn finish(&mut self, slot: u32, mut dirty: Vec<u32>) {
        dirty.sort_unstable();
        dirty.dedup();
        for other in dirty.into_iter().filter(|&d| d != slot) {
            self.rewrite(other, None);
        }
        if self.arena.wants_compaction() {
            let mut regions: Vec<Region> = self.cold.iter().map(|c| c.region).collect();
            self.arena.compact(&mut regions);
            for (slot, r) in regions.into_iter().enumerate() {
                self.set_region(slot as u32, r);
            }
        }
        self.generation += 1;
    }

    /// What `slot` borrows from, in a fixed order (by id), so that a record
    /// is laid out the same however the index came to hold it.
    fn sources(&self, slot: u32) -> Vec<(u32, Field)> {
        let mut sources = self
            .cold
            .get(slot as usize)
            .map(|c| c.borrows.clone())
            .unwrap_or_default();
        let id = |s: u32| self.hot.get(s as usize).map(|h| h.id);
        sources.sort_by_key(|&(src, kind)| (id(src), kind.name()));
        sources
    }

    fn set_region(&mut self, slot: u32, region: Region) {
        if let (Some(h), Some(c)) = (
            self.hot.get_mut(slot as usize),
            self.cold.get_mut(slot as usize),
        ) {
            h.place = region.place();
            c.region = region;
        }
    }

    fn refresh_masks(&mut self, slot: u32) {
        let Some(c) = self.cold.get(slot as usize) else {
            return;
        };
        let mut masks = c.own_masks;
        for &(src, _) in &c.borrows {
            if let Some(s) = self.cold.get(src as usize) {
                masks.borrow(&s.lend_masks);
            }
        }
        if let Some(h) = self.hot.get_mut(slot as usize) {
            h.masks = masks;
        }
    }
}

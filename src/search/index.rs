//! The search index: one entry per record, kept up to date record by record.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};

use chrono::Datelike;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::model::{Id, Record};
use crate::store::{self, Store};

use super::arena::{Arena, Place, Region};
use super::derive::Masks;
use super::entry::{Field, links};
use super::mapped::Table;
use super::query::Query;
use super::slots::Slots;
pub(crate) use super::slots::{Hot, SavedLink};
use super::spelled::{Item, Own, Spelled, masks_of, spell_all};
use super::thaw::Pending;
use super::{Results, SearchOptions};

/// Tells indexes apart, so a [`super::Searcher`] never reuses results of
/// another index.
static INSTANCES: AtomicU64 = AtomicU64::new(1);

/// What only updates need.
#[derive(Debug, Default)]
pub(crate) struct Cold {
    pub region: Region,
    /// The masks of the record's own spellings and of those it lends;
    /// `None` until known (an index loaded from a saved copy computes them
    /// from the spellings when first needed). Boxed: a loaded index makes
    /// every record's `Cold` at its first update, and needs few of these.
    masks: Option<Box<(Masks, Masks)>>,
    /// Slots whose lent fields this record is searched by, and as what.
    borrows: Vec<(u32, Field)>,
    /// Slots that borrow from this record.
    lent_to: Vec<u32>,
    /// The links this record declared: (owner, source, field).
    declared: Vec<(u32, u32, Field)>,
    /// `borrows`, `lent_to` and `declared` are still in the index's
    /// pending links (see [`SearchIndex::know_links`]).
    unknown: bool,
}

/// What a saved copy holds: every slot's entry, the regions, the arena
/// and the links records declare.
pub(crate) type Parts<'a> = (
    &'a [Hot],
    Cow<'a, [Region]>,
    &'a Arena,
    Cow<'a, [SavedLink]>,
);

/// The regions and links of a saved copy, until the first update.
struct Frozen {
    regions: Table<Region>,
    links: Table<SavedLink>,
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
    pub(crate) hot: Table<Hot>,
    cold: Vec<Cold>,
    /// What updates need of an index loaded from a saved copy, turned into
    /// `cold` at the first update (searching does not need it).
    frozen: Option<Frozen>,
    /// The saved links of a thawed copy, for the records an update has
    /// not reached yet.
    pending: Option<Pending>,
    pub(crate) arena: Arena,
    slots: Slots,
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
            hot: Table::default(),
            cold: Vec::new(),
            frozen: None,
            pending: None,
            arena: Arena::default(),
            slots: Slots::default(),
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
        index.hot.to_mut().reserve(records.len());
        let parts = spell_all(records);
        let spelled: Vec<(Own<'_>, &Item)> = parts
            .iter()
            .flat_map(|p| (0..p.len()).filter_map(|i| p.get(i)))
            .collect();
        // Room for every record's own data, and as much again for the
        // names records borrow from each other.
        let sum = |f: fn(&Own<'_>) -> usize| spelled.iter().map(|(o, _)| f(o)).sum::<usize>() * 2;
        index.arena = Arena::with_capacity(
            sum(|o| o.text.len()),
            sum(|o| o.fields.len()),
            sum(|o| o.spans.len()),
        );
        // For each slot, which record (position in `spelled`) fills it.
        let mut filled: Vec<Option<usize>> = Vec::new();
        let mut ignored = Vec::new();
        for (i, (record, (_, item))) in records.iter().zip(&spelled).enumerate() {
            let slot = index.insert(record, item, &mut ignored) as usize;
            ignored.clear();
            if filled.len() <= slot {
                filled.resize(slot + 1, None);
            }
            if let Some(f) = filled.get_mut(slot) {
                *f = Some(i);
            }
        }
        filled.resize(index.hot.len(), None);
        let own_of = |slot: u32| {
            let i = filled.get(slot as usize).copied().flatten()?;
            spelled.get(i).map(|(own, _)| *own)
        };
        let mut borrowed = Vec::new();
        for slot in 0..index.hot.len() as u32 {
            let Some(own) = own_of(slot) else {
                continue;
            };
            borrowed.clear();
            for (src, kind) in index.sources(slot) {
                borrowed.extend(own_of(src).map(|o| (o, kind)));
            }
            let region = index.arena.write(own, &borrowed);
            index.set_region(slot, region);
            index.refresh_masks(slot);
        }
        index
    }

    /// Every slot's entry, its region, the arena and the links records
    /// declare, for a saved copy (see `super::saved`).
    pub(crate) fn parts(&self) -> Parts<'_> {
        if let Some(f) = &self.frozen {
            return (
                &self.hot,
                Cow::Borrowed(&f.regions),
                &self.arena,
                Cow::Borrowed(&f.links),
            );
        }
        let regions = self.cold.iter().map(|c| c.region).collect();
        let mut links = Vec::new();
        for (slot, c) in self.cold.iter().enumerate() {
            let pending;
            let declared = match &self.pending {
                Some(p) if c.unknown => {
                    pending = p.declared(slot as u32);
                    &pending
                }
                _ => &c.declared,
            };
            links.extend(
                declared
                    .iter()
                    .map(|&(o, s, f)| SavedLink::new(slot as u32, o, s, f)),
            );
        }
        (
            &self.hot,
            Cow::Owned(regions),
            &self.arena,
            Cow::Owned(links),
        )
    }

    /// An index from saved parts: each slot's entry (with its masks) and
    /// region, the arena, and the links records declared. What each record
    /// borrows and lends is worked out at the first update.
    pub(crate) fn assemble(
        hot: Table<Hot>,
        regions: Table<Region>,
        arena: Arena,
        links: Table<SavedLink>,
    ) -> SearchIndex {
        let mut index = SearchIndex {
            hot,
            arena,
            ..SearchIndex::new()
        };
        for (slot, h) in index.hot.iter().enumerate() {
            index.slots.insert(h.id(), slot as u32);
            index.len += usize::from(h.present());
        }
        index.frozen = Some(Frozen { regions, links });
        index
    }

    /// Gives the regions of a saved copy to the records, and groups its
    /// links for them (before an update). Each record takes its links when
    /// an update first reaches it ([`SearchIndex::know_links`]).
    fn thaw(&mut self) {
        let Some(Frozen { regions, links }) = self.frozen.take() else {
            return;
        };
        self.pending = Some(Pending::of(self.hot.len(), links));
        self.cold = regions
            .iter()
            .map(|&region| Cold {
                region,
                unknown: true,
                ..Cold::default()
            })
            .collect();
        self.cold.resize_with(self.hot.len(), Cold::default);
    }

    /// Gives a record of a thawed copy its links, if it has not had them.
    fn know_links(&mut self, slot: u32) {
        let Some(p) = &mut self.pending else {
            return;
        };
        let Some(c) = self.cold.get_mut(slot as usize) else {
            return;
        };
        if c.unknown {
            (c.declared, c.borrows, c.lent_to) = p.links(slot);
            c.unknown = false;
        }
    }

    /// Indexes every record of a store. (An interface that already holds
    /// every record, e.g. from [`store::load_all`], calls
    /// [`SearchIndex::build`] on them instead.)
    pub fn from_store(store: &dyn Store) -> store::Result<SearchIndex> {
        // Through the start-up copy when it is current: reading the
        // records out of sled takes longer than indexing them.
        let records = store.read_everything(&store::Progress::default())?;
        Ok(SearchIndex::build(&records))
    }

    /// Adds a record or replaces its previous version, and refreshes what
    /// related records are found by (a contact's new name finds its
    /// institution).
    pub fn upsert(&mut self, record: &Record) {
        self.thaw();
        let mut spelled = Spelled::default();
        spelled.push(record);
        let Some((own, item)) = spelled.get(0) else {
            return;
        };
        let mut dirty = Vec::new();
        let slot = self.insert(record, item, &mut dirty);
        self.rewrite(slot, Some(own));
        self.finish(slot, dirty);
    }

    /// Forgets a record. Unknown ids are ignored.
    pub fn remove(&mut self, id: Id) {
        let Some(slot) = self.slots.get(id) else {
            return;
        };
        self.thaw();
        let mut dirty = Vec::new();
        self.unlink(slot, &mut dirty);
        let (Some(h), Some(c)) = (
            self.hot.to_mut().get_mut(slot as usize),
            self.cold.get_mut(slot as usize),
        ) else {
            return;
        };
        if h.present() {
            self.len -= 1;
        }
        h.set_flags(false, h.open());
        self.arena.release(&c.region);
        c.region = Region::default();
        h.place = Place::default();
        h.masks = Masks::default();
        c.masks = None;
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
            .get(id)
            .and_then(|s| self.hot.get(s as usize))
            .is_some_and(|h| h.present())
    }

    /// Searches every record. Each space-separated term must match some
    /// name, title or other field; the best records come first. For
    /// results that update on every keystroke use a [`super::Searcher`].
    pub fn search(&self, query: &str, options: &SearchOptions) -> Results {
        self.run(&Query::parse(query), options, None).0
    }

    /// The slot of `id`, made empty if the id is new.
    fn slot(&mut self, id: Id) -> u32 {
        if let Some(s) = self.slots.get(id) {
            return s;
        }
        let s = self.hot.len() as u32;
        self.hot.to_mut().push(Hot::empty(id));
        self.cold.push(Cold::default());
        self.slots.insert(id, s);
        s
    }

    /// Records what the index needs of `record` but its region: flags,
    /// masks and links. Pushes the slots whose regions must be rewritten.
    fn insert(&mut self, record: &Record, data: &Item, dirty: &mut Vec<u32>) -> u32 {
        let slot = self.slot(record.id());
        self.unlink(slot, dirty);
        if let (Some(h), Some(c)) = (
            self.hot.to_mut().get_mut(slot as usize),
            self.cold.get_mut(slot as usize),
        ) {
            if !h.present() {
                self.len += 1;
            }
            h.set_flags(true, record.is_open());
            h.recency = record.date().map_or(i32::MIN, |d| d.num_days_from_ce());
            match &mut c.masks {
                Some(m) => **m = (data.masks, data.lend_masks),
                None => c.masks = Some(Box::new((data.masks, data.lend_masks))),
            }
            dirty.extend(c.lent_to.iter().copied());
        }
        for link in links(record) {
            let owner = self.slot(link.owner);
            let source = self.slot(link.source);
            self.know_links(owner);
            self.know_links(source);
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
        self.know_links(slot);
        let declared = match self.cold.get_mut(slot as usize) {
            Some(c) => std::mem::take(&mut c.declared),
            None => return,
        };
        for (owner, source, field) in declared {
            self.know_links(owner);
            self.know_links(source);
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
    fn rewrite(&mut self, slot: u32, own: Option<Own<'_>>) {
        if !self.hot.get(slot as usize).is_some_and(|h| h.present()) {
            return;
        }
        self.know_links(slot);
        let Some(old) = self.cold.get(slot as usize).map(|c| c.region) else {
            return;
        };
        // Copies: the arena grows while they are written back into it.
        let mut copies = Spelled::default();
        copies.push_own(own.unwrap_or_else(|| self.arena.own(&old)));
        let mut kinds = Vec::new();
        for (src, kind) in self.sources(slot) {
            if self.hot.get(src as usize).is_some_and(|s| s.present())
                && let Some(c) = self.cold.get(src as usize)
            {
                copies.push_own(self.arena.own(&c.region));
                kinds.push(kind);
            }
        }
        let Some((own, _)) = copies.get(0) else {
            return;
        };
        let borrowed: Vec<(Own<'_>, Field)> = kinds
            .iter()
            .enumerate()
            .filter_map(|(i, &kind)| copies.get(i + 1).map(|(o, _)| (o, kind)))
            .collect();
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
        let id = |s: u32| self.hot.get(s as usize).map(|h| h.id());
        sources.sort_by_key(|&(src, kind)| (id(src), kind.name()));
        sources
    }

    fn set_region(&mut self, slot: u32, region: Region) {
        if let (Some(h), Some(c)) = (
            self.hot.to_mut().get_mut(slot as usize),
            self.cold.get_mut(slot as usize),
        ) {
            h.place = region.place();
            c.region = region;
        }
    }

    fn refresh_masks(&mut self, slot: u32) {
        self.know_links(slot);
        self.know_masks(slot);
        let sources = self.cold.get(slot as usize).map_or(0, |c| c.borrows.len());
        for i in 0..sources {
            if let Some(&(src, _)) = self.cold.get(slot as usize).and_then(|c| c.borrows.get(i)) {
                self.know_masks(src);
            }
        }
        let Some(c) = self.cold.get(slot as usize) else {
            return;
        };
        let mut masks = c.masks.as_deref().map(|m| m.0).unwrap_or_default();
        for &(src, _) in &c.borrows {
            if let Some(lent) = self.cold.get(src as usize).and_then(|s| s.masks.as_deref()) {
                masks.borrow(&lent.1);
            }
        }
        if let Some(h) = self.hot.to_mut().get_mut(slot as usize) {
            h.masks = masks;
        }
    }

    /// Computes the masks of a record's own spellings when they are not
    /// known (in an index loaded from a saved copy).
    fn know_masks(&mut self, slot: u32) {
        let Some(c) = self.cold.get(slot as usize) else {
            return;
        };
        if c.masks.is_some() {
            return;
        }
        let masks = masks_of(self.arena.own(&c.region));
        if let Some(c) = self.cold.get_mut(slot as usize) {
            c.masks = Some(Box::new(masks));
        }
    }
}

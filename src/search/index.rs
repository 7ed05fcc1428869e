//! The search index: one entry per record, kept up to date record by record.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};

use chrono::Datelike;
use fuzzy_matcher::skim::SkimMatcherV2;
use rustc_hash::FxHashMap;

use crate::model::{Id, Record};
use crate::store::{self, Store};

use super::arena::{Arena, Place, Region};
use super::derive::Masks;
use super::entries::{Entries, Halves};
use super::entry::{Field, links, links_into};
use super::mapped::Table;
use super::query::Query;
use super::slots::Slots;
pub(crate) use super::slots::{Hot, SavedLink};
use super::spelled::{Item, Own, Spelled, masks_of, shortest, spell_all};
use super::thaw::{Grouped, Pending};
use super::{Results, SearchOptions};

/// Tells indexes apart, so a [`super::Searcher`] never reuses results of
/// another index.
static INSTANCES: AtomicU64 = AtomicU64::new(1);

/// A record's links, as updates need them (kept only for the records an
/// update has reached in an index loaded from a saved copy; the others'
/// are in its saved links, see [`SearchIndex::know_links`]).
#[derive(Debug, Default)]
pub(crate) struct Cold {
    /// Slots whose lent fields this record is searched by, and as what.
    borrows: Vec<(u32, Field)>,
    /// Slots that borrow from this record.
    lent_to: Vec<u32>,
    /// The links this record declared: (owner, source, field).
    declared: Vec<(u32, u32, Field)>,
}

/// What a saved copy holds: every slot's entry, the regions, the arena
/// and the links records declare.
pub(crate) type Parts<'a> = (
    Halves<'a, Hot>,
    Halves<'a, Region>,
    &'a Arena,
    Cow<'a, [SavedLink]>,
);

/// Every record's names and titles in every spelling, ready to search.
///
/// Build it once ([`SearchIndex::build`] or [`SearchIndex::from_store`]),
/// then keep it current with [`SearchIndex::upsert`] and
/// [`SearchIndex::remove`] as records change. A partnership is also found
/// by its partners' names, an agreement by its parties' and partnership's,
/// an institution by its contacts' names, a contact by its institution's,
/// an item or note by its parent's title.
pub struct SearchIndex {
    pub(crate) hot: Entries<Hot>,
    /// Where each slot's data is in the arena (updates need it, searching
    /// does not).
    regions: Entries<Region>,
    /// The links of the records an update has reached (of every record in
    /// an index built here). Nothing is made per record on a change.
    cold: FxHashMap<u32, Cold>,
    /// The masks of a record's own spellings and of those it lends, once
    /// known (an index loaded from a saved copy computes them from the
    /// spellings of the records an update reaches).
    masks: FxHashMap<u32, (Masks, Masks)>,
    /// The links saved with a loaded copy, for the records an update has
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
            hot: Entries::default(),
            regions: Entries::default(),
            cold: FxHashMap::default(),
            masks: FxHashMap::default(),
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
    ///
    /// The index is laid out as if the records were added one by one (the
    /// same slots, regions, masks and saved copy), in a few passes over
    /// plain tables: the links records declare are kept as a saved copy
    /// keeps them, and handed to a record when an update first reaches it
    /// (as in an index loaded from a saved copy, see [`Pending`]).
    pub fn build(records: &[Record]) -> SearchIndex {
        let mut index = SearchIndex::new();
        index.hot.reserve(records.len());
        index.regions.reserve(records.len());
        let parts = spell_all(records);
        let spelled: Vec<(Own<'_>, &Item)> = parts
            .iter()
            .flat_map(|p| (0..p.len()).filter_map(|i| p.get(i)))
            .collect();
        // Room for every record's own data, and for the fields and
        // spellings records borrow from each other (their text is not
        // copied).
        let sum = |f: fn(&Own<'_>) -> usize| spelled.iter().map(|(o, _)| f(o)).sum::<usize>();
        index.arena = Arena::with_capacity(
            sum(|o| o.text.len()),
            sum(|o| o.fields.len()) * 2,
            sum(|o| o.spans.len()) * 2,
        );
        // Slots in the order records, and the records they link to, are
        // first met (as `insert` gives them out); which record (position in
        // `spelled`) fills each slot; the links each record declares.
        let mut filled: Vec<Option<usize>> = Vec::with_capacity(records.len());
        let mut declared: Vec<(usize, SavedLink)> = Vec::with_capacity(records.len() * 2);
        let mut links = Vec::new();
        let mut replaced = false;
        for (i, record) in records.iter().enumerate().take(spelled.len()) {
            let slot = index.slot_of(record.id()).0;
            if let Some(h) = index.hot.get_mut(slot as usize) {
                if !h.present() {
                    index.len += 1;
                }
                h.set_flags(true, record.is_open());
                h.recency = record.date().map_or(i32::MIN, |d| d.num_days_from_ce());
            }
            if filled.len() <= slot as usize {
                filled.resize(slot as usize + 1, None);
            }
            if let Some(f) = filled.get_mut(slot as usize) {
                replaced |= f.is_some();
                *f = Some(i);
            }
            links.clear();
            links_into(record, &mut links);
            for link in &links {
                let owner = index.slot_of(link.owner).0;
                let source = index.slot_of(link.source).0;
                declared.push((i, SavedLink::new(slot, owner, source, link.field)));
            }
        }
        let slots = index.hot.len();
        filled.resize(slots, None);
        if replaced {
            // A record given again declares only its last version's links.
            declared.retain(|(i, l)| filled.get(l.slot as usize) == Some(&Some(*i)));
        }
        // As saved: by the slot that declared them, in the order declared.
        let saved = Grouped::of(slots, declared.into_iter().map(|(_, l)| (l.slot, l))).items();
        let borrows = Grouped::of(
            slots,
            saved.iter().map(|l| (l.owner, (l.source, l.field()))),
        );
        let own_of = |slot: u32| {
            let i = filled.get(slot as usize).copied().flatten()?;
            spelled.get(i).copied()
        };
        // Where each slot's text will start: regions are written in slot
        // order, each with its own text only.
        let mut text_at = vec![0u32; slots];
        let mut next = index.arena.text_len();
        for (slot, at) in text_at.iter_mut().enumerate() {
            if let Some((own, _)) = own_of(slot as u32) {
                *at = u32::try_from(next).unwrap_or(u32::MAX);
                next += own.text.len();
            }
        }
        let mut sources: Vec<(u32, Field)> = Vec::new();
        let mut borrowed = Vec::new();
        for slot in 0..slots as u32 {
            let Some((own, item)) = own_of(slot) else {
                continue;
            };
            // What it borrows, in the order `sources` gives.
            sources.clear();
            sources.extend_from_slice(borrows.get(slot));
            let hot = &index.hot;
            let id = |s: u32| hot.get(s as usize).map(|h| h.id());
            sources.sort_by_key(|&(src, kind)| (id(src), kind.name()));
            borrowed.clear();
            let mut masks = item.masks;
            for &(src, kind) in &sources {
                if let Some((lender, lent)) = own_of(src) {
                    let at = text_at.get(src as usize).copied().unwrap_or(0);
                    borrowed.push((lender, at, kind));
                    masks.borrow(&lent.lend_masks);
                }
            }
            let region = index.arena.write(own, None, &borrowed);
            debug_assert_eq!(Some(&region.text), text_at.get(slot as usize));
            index.set_region(slot, region);
            if let Some(h) = index.hot.get_mut(slot as usize) {
                h.masks = masks;
                h.set_shortest(item.shortest);
            }
        }
        index.pending = Some(Pending::of(slots, Table::owned(saved)));
        index
    }

    /// Every slot's entry, its region, the arena and the links records
    /// declare, for a saved copy (see `super::saved`).
    pub(crate) fn parts(&self) -> Parts<'_> {
        let saved = self.pending.as_ref().map(|p| p.saved());
        if self.cold.is_empty()
            && let Some(saved) = saved
        {
            return (
                self.hot.halves(),
                self.regions.halves(),
                &self.arena,
                Cow::Borrowed(saved),
            );
        }
        let mut links = Vec::new();
        for slot in 0..self.hot.len() as u32 {
            match (self.cold.get(&slot), &self.pending) {
                (Some(c), _) => links.extend(
                    c.declared
                        .iter()
                        .map(|&(o, s, f)| SavedLink::new(slot, o, s, f)),
                ),
                (None, Some(p)) => links.extend_from_slice(p.saved_by(slot)),
                (None, None) => {}
            }
        }
        (
            self.hot.halves(),
            self.regions.halves(),
            &self.arena,
            Cow::Owned(links),
        )
    }

    /// An index from saved parts: each slot's entry (with its masks) and
    /// region, the arena, and the links records declared. What each record
    /// borrows and lends is worked out when an update first reaches it.
    pub(crate) fn assemble(
        hot: Entries<Hot>,
        regions: Entries<Region>,
        arena: Arena,
        links: Table<SavedLink>,
    ) -> SearchIndex {
        let mut index = SearchIndex {
            hot,
            regions,
            arena,
            ..SearchIndex::new()
        };
        for (slot, h) in index.hot.iter().enumerate() {
            index.slots.insert(h.id(), slot as u32);
            index.len += usize::from(h.present());
        }
        index.pending = Some(Pending::of(index.hot.len(), links));
        index
    }

    /// Gives a record its links, if it has none yet: from the saved links
    /// of a loaded copy (none for a record added since, or in an index
    /// built here, where every record has its links from the start).
    fn know_links(&mut self, slot: u32) {
        if let Entry::Vacant(e) = self.cold.entry(slot) {
            let mut c = Cold::default();
            if let Some(p) = &mut self.pending {
                (c.declared, c.borrows, c.lent_to) = p.links(slot);
            }
            e.insert(c);
        }
    }

    /// A record's links, for changing them.
    fn cold_mut(&mut self, slot: u32) -> &mut Cold {
        self.know_links(slot);
        self.cold.entry(slot).or_default()
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
        let mut dirty = Vec::new();
        self.unlink(slot, &mut dirty);
        let Some(h) = self.hot.get_mut(slot as usize) else {
            return;
        };
        if h.present() {
            self.len -= 1;
        }
        h.set_flags(false, h.open());
        h.place = Place::default();
        h.masks = Masks::default();
        if let Some(r) = self.regions.get_mut(slot as usize) {
            self.arena.release(r);
            *r = Region::default();
        }
        self.masks.remove(&slot);
        dirty.extend(self.cold_mut(slot).lent_to.iter().copied());
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

    /// How many records have links and masks kept for updates, and
    /// whether the entries and regions are changed where they lie in a
    /// mapped file (for tests of what a change costs).
    #[cfg(test)]
    pub(crate) fn bookkeeping(&self) -> (usize, usize, bool) {
        let private = self.hot.is_private() && self.regions.is_private();
        (self.cold.len(), self.masks.len(), private)
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
        let (s, new) = self.slot_of(id);
        if new {
            // A new slot has no saved links.
            self.cold.insert(s, Cold::default());
        }
        s
    }

    /// The slot of `id`, and whether it was made (empty) for it.
    fn slot_of(&mut self, id: Id) -> (u32, bool) {
        if let Some(s) = self.slots.get(id) {
            return (s, false);
        }
        let s = self.hot.len() as u32;
        self.hot.push(Hot::empty(id));
        self.regions.push(Region::default());
        self.slots.insert(id, s);
        (s, true)
    }

    /// Records what the index needs of `record` but its region: flags,
    /// masks and links. Pushes the slots whose regions must be rewritten.
    fn insert(&mut self, record: &Record, data: &Item, dirty: &mut Vec<u32>) -> u32 {
        let slot = self.slot(record.id());
        self.unlink(slot, dirty);
        if let Some(h) = self.hot.get_mut(slot as usize) {
            if !h.present() {
                self.len += 1;
            }
            h.set_flags(true, record.is_open());
            h.recency = record.date().map_or(i32::MIN, |d| d.num_days_from_ce());
        }
        self.masks.insert(slot, (data.masks, data.lend_masks));
        dirty.extend(self.cold_mut(slot).lent_to.iter().copied());
        for link in links(record) {
            let owner = self.slot(link.owner);
            let source = self.slot(link.source);
            self.cold_mut(owner).borrows.push((source, link.field));
            self.cold_mut(source).lent_to.push(owner);
            self.cold_mut(slot)
                .declared
                .push((owner, source, link.field));
            dirty.push(owner);
        }
        slot
    }

    /// Undoes the links the record in `slot` declared.
    fn unlink(&mut self, slot: u32, dirty: &mut Vec<u32>) {
        let declared = std::mem::take(&mut self.cold_mut(slot).declared);
        for (owner, source, field) in declared {
            let o = self.cold_mut(owner);
            if let Some(i) = o.borrows.iter().position(|&b| b == (source, field)) {
                o.borrows.remove(i);
            }
            let s = self.cold_mut(source);
            if let Some(i) = s.lent_to.iter().position(|&o| o == owner) {
                s.lent_to.remove(i);
            }
            dirty.push(owner);
        }
    }

    /// Writes a new region for `slot` from its own data and the lent
    /// fields of what it borrows. Without its own data (only what it
    /// borrows changed), its fields and spellings are read back from its
    /// old region and its text stays where it is, so that the records
    /// borrowing from it still find it.
    fn rewrite(&mut self, slot: u32, own: Option<Own<'_>>) {
        if !self.hot.get(slot as usize).is_some_and(|h| h.present()) {
            return;
        }
        self.know_links(slot);
        let Some(old) = self.regions.get(slot as usize).copied() else {
            return;
        };
        let keep = own.is_none();
        // Copies: the arena grows while they are written back into it
        // (texts, which are not copied, are left out).
        fn fields_and_spans(o: Own<'_>) -> Own<'_> {
            Own { text: "", ..o }
        }
        let mut copies = Spelled::default();
        copies.push_own(own.unwrap_or_else(|| fields_and_spans(self.arena.own(&old))));
        let mut lenders = Vec::new();
        for (src, kind) in self.sources(slot) {
            if self.hot.get(src as usize).is_some_and(|s| s.present())
                && let Some(r) = self.regions.get(src as usize)
            {
                copies.push_own(fields_and_spans(self.arena.own(r)));
                lenders.push((r.text, kind));
            }
        }
        let Some((own, _)) = copies.get(0) else {
            return;
        };
        let borrowed: Vec<(Own<'_>, u32, Field)> = lenders
            .iter()
            .enumerate()
            .filter_map(|(i, &(at, kind))| copies.get(i + 1).map(|(o, _)| (o, at, kind)))
            .collect();
        if keep {
            self.arena.forsake(&old);
        } else {
            self.arena.release(&old);
        }
        let region = self.arena.write(own, keep.then_some(&old), &borrowed);
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
            let mut regions: Vec<Region> = self.regions.iter().copied().collect();
            self.arena.compact(&mut regions);
            for (slot, r) in regions.iter().enumerate() {
                if let Some(h) = self.hot.get_mut(slot) {
                    h.place = r.place();
                }
            }
            self.regions = Entries::owned(regions);
        }
        self.generation += 1;
    }

    /// What `slot` borrows from, in a fixed order (by id), so that a record
    /// is laid out the same however the index came to hold it.
    fn sources(&self, slot: u32) -> Vec<(u32, Field)> {
        let mut sources = self
            .cold
            .get(&slot)
            .map(|c| c.borrows.clone())
            .unwrap_or_default();
        let id = |s: u32| self.hot.get(s as usize).map(|h| h.id());
        sources.sort_by_key(|&(src, kind)| (id(src), kind.name()));
        sources
    }

    fn set_region(&mut self, slot: u32, region: Region) {
        if let (Some(h), Some(r)) = (
            self.hot.get_mut(slot as usize),
            self.regions.get_mut(slot as usize),
        ) {
            h.place = region.place();
            *r = region;
        }
    }

    fn refresh_masks(&mut self, slot: u32) {
        self.know_links(slot);
        self.know_masks(slot);
        let sources = self.sources(slot);
        for &(src, _) in &sources {
            self.know_masks(src);
        }
        let mut masks = self.masks.get(&slot).map(|m| m.0).unwrap_or_default();
        for (src, _) in sources {
            if let Some(lent) = self.masks.get(&src) {
                masks.borrow(&lent.1);
            }
        }
        let shortest = self
            .regions
            .get(slot as usize)
            .map(|r| shortest(self.arena.own(r)));
        if let Some(h) = self.hot.get_mut(slot as usize) {
            h.masks = masks;
            if let Some(shortest) = shortest {
                h.set_shortest(shortest);
            }
        }
    }

    /// Computes the masks of a record's own spellings when they are not
    /// known (in an index loaded from a saved copy).
    fn know_masks(&mut self, slot: u32) {
        if self.masks.contains_key(&slot) {
            return;
        }
        let Some(r) = self.regions.get(slot as usize) else {
            return;
        };
        let masks = masks_of(self.arena.own(r));
        self.masks.insert(slot, masks);
    }
}

#[cfg(test)]
mod one_by_one;

//! The triage queue, in urgency order, held in blocks of at most
//! [`MAX_BLOCK`] items: an item taken out or put in moves the items of its
//! block only, not the hundreds of thousands after it (at a million records
//! the queue holds about 400,000 items of some 120 bytes, and shifting a
//! flat vector for one snooze moved tens of megabytes). Positions still
//! count from the start of the whole queue, found by halving the blocks'
//! first positions.

use std::ops::Range;

use crate::due::DueItem;

/// Items a block holds at most: past it the block is split in two (eight
/// in unit tests, so that every test of the interface splits and empties
/// blocks).
const MAX_BLOCK: usize = if cfg!(test) { 8 } else { 1024 };

#[derive(Debug, Clone, Default)]
pub struct Queue {
    /// The items, in order, block after block; no block is empty.
    blocks: Vec<Vec<DueItem>>,
    /// The position in the queue of each block's first item.
    starts: Vec<usize>,
    len: usize,
}

impl Queue {
    /// The queue of `items`, already in urgency order.
    pub fn from_sorted(items: Vec<DueItem>) -> Queue {
        let len = items.len();
        let mut blocks = Vec::with_capacity(len.div_ceil(MAX_BLOCK / 2).max(1));
        let mut items = items.into_iter();
        loop {
            // Half full, so that puts after loading seldom split a block.
            let block: Vec<DueItem> = items.by_ref().take(MAX_BLOCK / 2).collect();
            if block.is_empty() {
                break;
            }
            blocks.push(block);
        }
        let mut q = Queue {
            blocks,
            starts: Vec::new(),
            len,
        };
        q.restart(0);
        q
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The item at position `at`.
    pub fn get(&self, at: usize) -> Option<&DueItem> {
        let (b, i) = self.locate(at)?;
        self.blocks.get(b)?.get(i)
    }

    pub fn first(&self) -> Option<&DueItem> {
        self.blocks.first()?.first()
    }

    pub fn last(&self) -> Option<&DueItem> {
        self.blocks.last()?.last()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &DueItem> + '_ {
        self.blocks.iter().flatten()
    }

    /// The items at the positions of `range` (those that exist).
    pub fn range(&self, range: Range<usize>) -> impl Iterator<Item = &DueItem> + '_ {
        let (b, i) = self.locate(range.start).unwrap_or((self.blocks.len(), 0));
        self.blocks
            .get(b..)
            .unwrap_or_default()
            .iter()
            .flatten()
            .skip(i)
            .take(range.end.saturating_sub(range.start))
    }

    /// The number of items from the start for which `pred` holds, `pred`
    /// holding for a leading run of the queue (as `slice::partition_point`).
    pub fn partition_point(&self, mut pred: impl FnMut(&DueItem) -> bool) -> usize {
        let b = self
            .blocks
            .partition_point(|block| block.last().is_some_and(&mut pred));
        match (self.blocks.get(b), self.starts.get(b)) {
            (Some(block), Some(start)) => start + block.partition_point(pred),
            _ => self.len,
        }
    }

    /// Puts `item` at position `at` (at most the length).
    pub fn insert(&mut self, at: usize, item: DueItem) {
        let at = at.min(self.len);
        // The block holding the position, or the last one for the end.
        let (b, i) = match self.locate(at) {
            Some(found) => found,
            None => match self.blocks.len().checked_sub(1) {
                Some(last) => (last, self.blocks.get(last).map_or(0, Vec::len)),
                None => {
                    self.blocks.push(Vec::with_capacity(MAX_BLOCK / 2));
                    (0, 0)
                }
            },
        };
        let Some(block) = self.blocks.get_mut(b) else {
            return;
        };
        block.insert(i.min(block.len()), item);
        self.len += 1;
        if block.len() > MAX_BLOCK {
            let tail = block.split_off(block.len() / 2);
            self.blocks.insert(b + 1, tail);
        }
        self.restart(b);
    }

    /// Takes out the item at position `at`.
    pub fn remove(&mut self, at: usize) -> Option<DueItem> {
        let (b, i) = self.locate(at)?;
        let block = self.blocks.get_mut(b)?;
        if i >= block.len() {
            return None;
        }
        let item = block.remove(i);
        if block.is_empty() {
            self.blocks.remove(b);
        }
        self.len -= 1;
        self.restart(b);
        Some(item)
    }

    /// Keeps only the items for which `keep` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(&DueItem) -> bool) {
        for block in &mut self.blocks {
            block.retain(&mut keep);
        }
        self.blocks.retain(|b| !b.is_empty());
        self.len = self.blocks.iter().map(Vec::len).sum();
        self.restart(0);
    }

    /// Adds `items` anywhere and puts the whole queue in urgency order
    /// again (for changes too big to put item by item).
    pub fn extend_and_sort(&mut self, items: Vec<DueItem>) {
        let mut all: Vec<DueItem> = Vec::with_capacity(self.len + items.len());
        for block in self.blocks.drain(..) {
            all.extend(block);
        }
        all.extend(items);
        // Urgency keys are unique: an unstable sort gives the one order.
        all.sort_unstable_by_key(DueItem::urgency);
        *self = Queue::from_sorted(all);
    }

    /// The block and the place in it of position `at`; `None` past the end.
    fn locate(&self, at: usize) -> Option<(usize, usize)> {
        if at >= self.len {
            return None;
        }
        let b = self.starts.partition_point(|s| *s <= at).checked_sub(1)?;
        Some((b, at - self.starts.get(b)?))
    }

    /// Recounts the blocks' first positions from block `from` on.
    fn restart(&mut self, from: usize) {
        self.starts.truncate(from);
        let mut at = match from.checked_sub(1) {
            Some(prev) => {
                self.starts.get(prev).copied().unwrap_or(0)
                    + self.blocks.get(prev).map_or(0, Vec::len)
            }
            None => 0,
        };
        for block in self.blocks.get(from..).unwrap_or_default() {
            self.starts.push(at);
            at += block.len();
        }
    }
}

impl PartialEq for Queue {
    fn eq(&self, other: &Queue) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::due::Bucket;
    use crate::model::{Id, Kind, Priority};
    use crate::store::DueSlot;
    use proptest::prelude::*;

    fn item(n: u32) -> DueItem {
        DueItem {
            id: Id::new(Kind::Action, n),
            slot: DueSlot::Item,
            date: None,
            bucket: Bucket::NoDate,
            title: format!("T{n}"),
            owner: String::new(),
            priority: Priority::Normal,
            status: "open",
            partnership: None,
            days: None,
        }
    }

    #[derive(Debug, Clone)]
    enum Step {
        Insert(usize, u32),
        Remove(usize),
        Retain(u32),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            4 => (any::<usize>(), any::<u32>()).prop_map(|(a, n)| Step::Insert(a, n)),
            3 => any::<usize>().prop_map(Step::Remove),
            1 => (2u32..9).prop_map(Step::Retain),
        ]
    }

    proptest! {
        /// Whatever is put in and taken out, the blocks hold what a flat
        /// vector would, at the same positions.
        #[test]
        fn a_queue_in_blocks_is_a_vector(
            start in 0usize..3000,
            steps in proptest::collection::vec(step(), 0..400),
        ) {
            let mut flat: Vec<DueItem> = (0..start as u32).map(item).collect();
            let mut q = Queue::from_sorted(flat.clone());
            for s in steps {
                match s {
                    Step::Insert(at, n) => {
                        let at = at % (flat.len() + 1);
                        flat.insert(at, item(n));
                        q.insert(at, item(n));
                    }
                    Step::Remove(at) => {
                        let at = at % (flat.len() + 1);
                        let want = (at < flat.len()).then(|| flat.remove(at));
                        prop_assert_eq!(q.remove(at), want);
                    }
                    Step::Retain(m) => {
                        let keep = |d: &DueItem| !d.id.n.is_multiple_of(m);
                        flat.retain(keep);
                        q.retain(keep);
                    }
                }
                prop_assert_eq!(q.len(), flat.len());
                prop_assert!(q.blocks.iter().all(|b| !b.is_empty() && b.len() <= MAX_BLOCK));
            }
            prop_assert!(q.iter().eq(flat.iter()));
            for at in (0..flat.len() + 2).step_by(7) {
                prop_assert_eq!(q.get(at), flat.get(at));
                let r = at..at + 13;
                let want: Vec<&DueItem> = flat.iter().skip(at).take(13).collect();
                prop_assert_eq!(q.range(r).collect::<Vec<_>>(), want);
            }
            // Any cut point of a sorted run is where the flat vector has it.
            let sorted: Vec<DueItem> = (0..flat.len() as u32).map(item).collect();
            let q = Queue::from_sorted(sorted.clone());
            for cut in (0..sorted.len() as u32 + 2).step_by(5) {
                prop_assert_eq!(
                    q.partition_point(|d| d.id.n < cut),
                    sorted.partition_point(|d| d.id.n < cut)
                );
            }
        }
    }

    #[test]
    fn puts_at_the_end_of_an_empty_queue() {
        let mut q = Queue::default();
        q.insert(5, item(1));
        q.insert(0, item(0));
        q.insert(2, item(2));
        let ids: Vec<u32> = q.iter().map(|d| d.id.n).collect();
        assert_eq!(ids, [0, 1, 2]);
        assert_eq!(q.remove(3), None);
        assert_eq!(q.remove(1).map(|d| d.id.n), Some(1));
        assert_eq!(q.partition_point(|_| true), 2);
    }
}

//! What records borrow, lend and declare, in an index loaded from a saved
//! copy: handed to a record only when an update reaches it. The first few
//! records look theirs up in the saved links (a command catching up with a
//! change or two touches a handful); after that the links are grouped by
//! record once, which takes a few milliseconds.

use super::entry::Field;
use super::index::SavedLink;
use super::mapped::Table;

/// Items grouped by slot: those of slot `s` are `items[start[s]..start[s + 1]]`.
pub(super) struct Grouped<T> {
    start: Vec<u32>,
    items: Vec<T>,
}

impl<T: Copy> Grouped<T> {
    /// `items` (each with its slot) grouped by slot, in their order.
    pub(super) fn of(slots: usize, items: impl Iterator<Item = (u32, T)>) -> Grouped<T> {
        let items: Vec<(u32, T)> = items.filter(|(s, _)| (*s as usize) < slots).collect();
        let mut start = vec![0u32; slots + 1];
        for (slot, _) in &items {
            if let Some(c) = start.get_mut(*slot as usize + 1) {
                *c += 1;
            }
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        // Where each item goes, then the items in that order.
        let mut next = start.clone();
        let mut order = vec![0u32; items.len()];
        for (i, (slot, _)) in items.iter().enumerate() {
            if let Some(at) = next.get_mut(*slot as usize)
                && let Some(place) = order.get_mut(*at as usize)
            {
                *place = i as u32;
                *at += 1;
            }
        }
        let grouped = order
            .iter()
            .filter_map(|&i| items.get(i as usize).map(|(_, item)| *item))
            .collect();
        Grouped {
            start,
            items: grouped,
        }
    }

    /// Every item, slot after slot.
    pub(super) fn items(self) -> Vec<T> {
        self.items
    }

    pub(super) fn get(&self, slot: u32) -> &[T] {
        let s = slot as usize;
        match (self.start.get(s), self.start.get(s + 1)) {
            (Some(&a), Some(&b)) => self.items.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// Records looked up in the saved links before they are grouped.
const LOOKUPS: usize = 48;

/// The saved links, by the slot that declared them, by owner and by source.
struct Groups {
    declared: Grouped<(u32, u32, Field)>,
    borrows: Grouped<(u32, Field)>,
    lent_to: Grouped<u32>,
}

/// What a record declared, borrows and lends to.
pub(crate) type Links = (Vec<(u32, u32, Field)>, Vec<(u32, Field)>, Vec<u32>);

/// The saved links of a thawed index, for the records an update has not
/// reached yet.
pub(crate) struct Pending {
    /// In the order they were saved: by the slot that declared them.
    links: Table<SavedLink>,
    slots: usize,
    groups: Option<Groups>,
    looked_up: usize,
}

impl Pending {
    pub fn of(slots: usize, links: Table<SavedLink>) -> Pending {
        Pending {
            links,
            slots,
            groups: None,
            looked_up: 0,
        }
    }

    /// The links as saved, in the order they were.
    pub fn saved(&self) -> &[SavedLink] {
        &self.links
    }

    /// The links `slot` declared, as saved.
    pub fn saved_by(&self, slot: u32) -> &[SavedLink] {
        let from = self.links.partition_point(|l| l.slot < slot);
        let to = self.links.partition_point(|l| l.slot <= slot);
        self.links.get(from..to).unwrap_or(&[])
    }

    /// The links `slot` declared: (owner, source, field).
    pub fn declared(&self, slot: u32) -> Vec<(u32, u32, Field)> {
        if let Some(g) = &self.groups {
            return g.declared.get(slot).to_vec();
        }
        self.saved_by(slot)
            .iter()
            .map(|l| (l.owner, l.source, l.field()))
            .collect()
    }

    /// Everything a record's links are: what it declared, what it borrows
    /// from (and as what) and the records that borrow from it.
    pub fn links(&mut self, slot: u32) -> Links {
        self.looked_up += 1;
        if self.groups.is_none() && self.looked_up > LOOKUPS {
            self.groups = Some(self.grouped());
        }
        if let Some(g) = &self.groups {
            return (
                g.declared.get(slot).to_vec(),
                g.borrows.get(slot).to_vec(),
                g.lent_to.get(slot).to_vec(),
            );
        }
        let (mut borrows, mut lent_to) = (Vec::new(), Vec::new());
        for l in self.links.iter() {
            if l.owner == slot {
                borrows.push((l.source, l.field()));
            }
            if l.source == slot {
                lent_to.push(l.owner);
            }
        }
        (self.declared(slot), borrows, lent_to)
    }

    fn grouped(&self) -> Groups {
        let all = self
            .links
            .iter()
            .map(|l| (l.slot, l.owner, l.source, l.field()));
        Groups {
            declared: Grouped::of(self.slots, all.clone().map(|(d, o, s, f)| (d, (o, s, f)))),
            borrows: Grouped::of(self.slots, all.clone().map(|(_, o, s, f)| (o, (s, f)))),
            lent_to: Grouped::of(self.slots, all.map(|(_, o, s, _)| (s, o))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_looked_up_and_grouped_agree() {
        let links = vec![
            SavedLink::new(2, 2, 0, Field::Parent),
            SavedLink::new(3, 0, 3, Field::Contact),
            SavedLink::new(3, 3, 0, Field::Institution),
            SavedLink::new(4, 4, 0, Field::Partner),
        ];
        let mut looked_up = Pending::of(5, Table::owned(links.clone()));
        let mut grouped = Pending::of(5, Table::owned(links));
        grouped.groups = Some(grouped.grouped());
        for p in [&mut looked_up, &mut grouped] {
            let (declared, borrows, lent_to) = p.links(3);
            assert_eq!(
                declared,
                [(0, 3, Field::Contact), (3, 0, Field::Institution)]
            );
            assert_eq!(borrows, [(0, Field::Institution)]);
            assert_eq!(lent_to, [0]);
            let (declared, borrows, lent_to) = p.links(0);
            assert!(declared.is_empty());
            assert_eq!(borrows, [(3, Field::Contact)]);
            assert_eq!(lent_to, [2, 3, 4]);
            assert!(p.links(9).0.is_empty() && p.declared(1).is_empty());
            assert_eq!(p.saved_by(3).len(), 2);
            assert!(p.saved_by(1).is_empty() && p.saved_by(9).is_empty());
        }
    }
}

//! What records borrow, lend and declare, in an index loaded from a saved
//! copy: worked out from the saved links for all records at once at the
//! first update (a few milliseconds, no allocation per record), and handed
//! to a record only when an update reaches it.

use super::entry::Field;
use super::index::SavedLink;

/// Items grouped by slot: those of slot `s` are `items[start[s]..start[s + 1]]`.
struct Grouped<T> {
    start: Vec<u32>,
    items: Vec<T>,
}

impl<T: Copy> Grouped<T> {
    /// `items` (each with its slot) grouped by slot, in their order.
    fn of(slots: usize, items: impl Iterator<Item = (u32, T)>) -> Grouped<T> {
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

    fn get(&self, slot: u32) -> &[T] {
        let s = slot as usize;
        match (self.start.get(s), self.start.get(s + 1)) {
            (Some(&a), Some(&b)) => self.items.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// The saved links, by the slot that declared them, by owner and by source.
pub(crate) struct Pending {
    declared: Grouped<(u32, u32, Field)>,
    borrows: Grouped<(u32, Field)>,
    lent_to: Grouped<u32>,
}

impl Pending {
    pub fn of(slots: usize, links: &[SavedLink]) -> Pending {
        let all = links.iter().map(|l| (l.slot, l.owner, l.source, l.field()));
        Pending {
            declared: Grouped::of(slots, all.clone().map(|(d, o, s, f)| (d, (o, s, f)))),
            borrows: Grouped::of(slots, all.clone().map(|(_, o, s, f)| (o, (s, f)))),
            lent_to: Grouped::of(slots, all.map(|(_, o, s, _)| (s, o))),
        }
    }

    /// The links `slot` declared: (owner, source, field).
    pub fn declared(&self, slot: u32) -> &[(u32, u32, Field)] {
        self.declared.get(slot)
    }

    /// What `slot` borrows from, and as what.
    pub fn borrows(&self, slot: u32) -> &[(u32, Field)] {
        self.borrows.get(slot)
    }

    /// The slots that borrow from `slot`.
    pub fn lent_to(&self, slot: u32) -> &[u32] {
        self.lent_to.get(slot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_grouped_by_each_of_their_slots_in_order() {
        let links = [
            SavedLink::new(2, 2, 0, Field::Parent),
            SavedLink::new(3, 0, 3, Field::Contact),
            SavedLink::new(3, 3, 0, Field::Institution),
            SavedLink::new(4, 4, 0, Field::Partner),
        ];
        let p = Pending::of(5, &links);
        assert_eq!(
            p.declared(3),
            [(0, 3, Field::Contact), (3, 0, Field::Institution)]
        );
        assert_eq!(p.borrows(0), [(3, Field::Contact)]);
        assert_eq!(p.lent_to(0), [2, 3, 4]);
        assert_eq!(p.lent_to(3), [0]);
        assert!(p.declared(1).is_empty() && p.borrows(9).is_empty());
    }
}

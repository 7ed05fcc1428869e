//! A table of one item per slot (entries, regions) that an index loaded
//! from a saved copy changes where it lies: the part read from the file
//! is mapped copy-on-write (private), so a change turns only the pages it
//! writes into the process's own memory; slots added since go in a tail.
//!
//! Nothing here grows with the number of records on a change: the first
//! change of an interface session costs a page per changed entry, not a
//! copy of the table.

use std::marker::PhantomData;

use super::mapped::Section;

/// The items read from a file, as they can be changed.
enum Base<T> {
    /// A private copy-on-write mapping of `len` items: written pages
    /// become the process's own, the file never changes.
    Private(memmap2::MmapMut, usize, PhantomData<T>),
    /// Used in place read-only (a file that could not be mapped privately),
    /// copied into memory at the first change.
    Shared(Section<T>),
    Owned(Vec<T>),
}

/// Items `0..base.len()` from a saved index (or built), then a tail of
/// items added since.
pub(crate) struct Entries<T> {
    base: Base<T>,
    tail: Vec<T>,
}

impl<T> Default for Entries<T> {
    fn default() -> Entries<T> {
        Entries {
            base: Base::Owned(Vec::new()),
            tail: Vec::new(),
        }
    }
}

/// The two parts of a table, for reading many items (found once).
#[derive(Clone, Copy)]
pub(crate) struct Halves<'a, T> {
    pub base: &'a [T],
    pub tail: &'a [T],
}

impl<'a, T> Halves<'a, T> {
    pub fn get(&self, i: usize) -> Option<&'a T> {
        match i.checked_sub(self.base.len()) {
            None => self.base.get(i),
            Some(t) => self.tail.get(t),
        }
    }

    pub fn len(&self) -> usize {
        self.base.len() + self.tail.len()
    }
}

impl<T: bytemuck::Pod> Entries<T> {
    /// A table held in memory.
    pub fn owned(items: Vec<T>) -> Entries<T> {
        Entries {
            base: Base::Owned(items),
            tail: Vec::new(),
        }
    }

    /// `len` items at byte `at` of `file`, mapped copy-on-write; else the
    /// same items used in place from `shared` (copied at the first change).
    pub fn private(file: Option<&std::fs::File>, at: usize, shared: Section<T>) -> Entries<T> {
        let len = shared.len();
        let size = len * std::mem::size_of::<T>();
        let mapped = file.filter(|_| size > 0).and_then(|file| {
            // SAFETY: a private mapping of the saved index, which accord
            // never changes in place: a new file is written and renamed
            // over it, which leaves the mapped file (the old inode) as it
            // was. Writes go to the process's own copies of the pages.
            let map = unsafe {
                memmap2::MmapOptions::new()
                    .offset(at as u64)
                    .len(size)
                    .map_copy(file)
            };
            let map = map.ok()?;
            // The items must be aligned where the mapping puts them (the
            // same bytes of the same open file as `shared`, whose bounds
            // and checksum were checked when it was read).
            bytemuck::try_cast_slice::<u8, T>(&map).ok()?;
            Some(map)
        });
        let base = match mapped {
            Some(map) => Base::Private(map, len, PhantomData),
            None => Base::Shared(shared),
        };
        Entries {
            base,
            tail: Vec::new(),
        }
    }

    fn base(&self) -> &[T] {
        match &self.base {
            Base::Private(map, _, _) => bytemuck::try_cast_slice(map).unwrap_or(&[]),
            Base::Shared(s) => s.get(),
            Base::Owned(v) => v,
        }
    }

    pub fn halves(&self) -> Halves<'_, T> {
        Halves {
            base: self.base(),
            tail: &self.tail,
        }
    }

    pub fn len(&self) -> usize {
        self.base_len() + self.tail.len()
    }

    fn base_len(&self) -> usize {
        match &self.base {
            Base::Private(_, len, _) => *len,
            Base::Shared(s) => s.len(),
            Base::Owned(v) => v.len(),
        }
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        match i.checked_sub(self.base_len()) {
            None => self.base().get(i),
            Some(t) => self.tail.get(t),
        }
    }

    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        let base_len = self.base_len();
        if let Some(t) = i.checked_sub(base_len) {
            return self.tail.get_mut(t);
        }
        if let Base::Shared(s) = &self.base {
            self.base = Base::Owned(s.get().to_vec());
        }
        match &mut self.base {
            Base::Private(map, _, _) => bytemuck::try_cast_slice_mut::<u8, T>(map).ok()?.get_mut(i),
            Base::Owned(v) => v.get_mut(i),
            Base::Shared(_) => None,
        }
    }

    pub fn push(&mut self, item: T) {
        match &mut self.base {
            Base::Owned(v) if self.tail.is_empty() => v.push(item),
            _ => self.tail.push(item),
        }
    }

    pub fn reserve(&mut self, n: usize) {
        if let Base::Owned(v) = &mut self.base {
            v.reserve(n);
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.base().iter().chain(self.tail.iter())
    }

    /// Whether the part read from a file is changed where it lies
    /// (mapped copy-on-write).
    #[cfg(test)]
    pub fn is_private(&self) -> bool {
        matches!(self.base, Base::Private(..))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::mapped::Mapped;

    #[test]
    fn a_private_table_changes_in_memory_not_in_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("items");
        let items: Vec<u64> = (0..2000).collect();
        let mut bytes = vec![0u8; 8];
        bytes.extend_from_slice(bytemuck::cast_slice(&items));
        std::fs::write(&path, &bytes).unwrap();
        let file = std::fs::File::open(&path).unwrap();
        let map = Mapped::of(&file).unwrap();
        let section = Section::<u64>::new(&map, 8, items.len()).unwrap();
        let mut table = Entries::private(Some(&file), 8, section.clone());
        assert!(table.is_private());
        *table.get_mut(1500).unwrap() = 7;
        table.push(99);
        assert_eq!(table.len(), 2001);
        assert_eq!(table.get(1500), Some(&7));
        assert_eq!(table.get(2000), Some(&99));
        assert_eq!(table.halves().get(2000), Some(&99));
        assert_eq!(table.iter().filter(|&&n| n == 7).count(), 2);
        // The file, and the other mapping of it, are as they were.
        assert_eq!(section.get()[1500], 1500);
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
        // Without a file to map, the items are copied at the first change.
        let mut shared = Entries::private(None, 8, section.clone());
        assert!(!shared.is_private());
        *shared.get_mut(3).unwrap() = 4;
        assert_eq!(shared.get(3), Some(&4));
        assert_eq!(section.get()[3], 3);
    }
}

//! Parts of a saved search index used in place, straight from the file
//! mapped into memory: loading one costs no decoding and no copy, and the
//! pages a search never reads are never read from disk at all.
//!
//! A [`Section`] is a run of plain numbers ([`bytemuck::Pod`] types, laid
//! out as the file holds them) in a mapped file; its bounds, alignment and
//! values are checked once when the file is mapped (`super::saved`).

use std::marker::PhantomData;
use std::sync::Arc;

/// A saved index file mapped into memory, read-only (or, where a file
/// cannot be mapped, read into memory aligned as a mapping is).
pub(crate) enum Mapped {
    Map(memmap2::Mmap),
    Read(Vec<u64>, usize),
}

impl Mapped {
    /// Maps `file` whole. Its pages are usually in the page cache already,
    /// and only those a search touches are mapped in (and count as the
    /// process's memory).
    pub fn of(file: &std::fs::File) -> std::io::Result<Arc<Mapped>> {
        // accord never changes a saved index in place: it writes a new file
        // and renames it over the old one, as `WholeFile` requires.
        Ok(match crate::fileio::WholeFile::of(file)? {
            crate::fileio::WholeFile::Mapped(map) => Arc::new(Mapped::Map(map)),
            crate::fileio::WholeFile::Read(bytes) => Mapped::copy_of(&bytes),
        })
    }

    /// `bytes` copied into memory aligned as a mapped file is.
    pub fn copy_of(bytes: &[u8]) -> Arc<Mapped> {
        let mut words = vec![0u64; bytes.len().div_ceil(8)];
        if let Some(to) = bytemuck::cast_slice_mut::<u64, u8>(&mut words).get_mut(..bytes.len()) {
            to.copy_from_slice(bytes);
        }
        Arc::new(Mapped::Read(words, bytes.len()))
    }

    pub fn bytes(&self) -> &[u8] {
        match self {
            Mapped::Map(map) => map,
            Mapped::Read(words, len) => bytemuck::cast_slice::<u64, u8>(words)
                .get(..*len)
                .unwrap_or(&[]),
        }
    }
}

/// `len` items of `T` at byte `at` of a mapped file, or nothing.
pub(crate) struct Section<T> {
    map: Option<Arc<Mapped>>,
    at: usize,
    len: usize,
    item: PhantomData<T>,
}

impl<T> Default for Section<T> {
    fn default() -> Section<T> {
        Section {
            map: None,
            at: 0,
            len: 0,
            item: PhantomData,
        }
    }
}

impl<T> Clone for Section<T> {
    fn clone(&self) -> Section<T> {
        Section {
            map: self.map.clone(),
            at: self.at,
            len: self.len,
            item: PhantomData,
        }
    }
}

impl<T: bytemuck::Pod> Section<T> {
    /// The section, when the file holds `len` whole items of `T` at `at`,
    /// aligned for `T`; `None` otherwise.
    pub fn new(map: &Arc<Mapped>, at: usize, len: usize) -> Option<Section<T>> {
        let size = len.checked_mul(std::mem::size_of::<T>())?;
        let bytes = map.bytes().get(at..at.checked_add(size)?)?;
        bytemuck::try_cast_slice::<u8, T>(bytes).ok()?;
        Some(Section {
            map: Some(map.clone()),
            at,
            len,
            item: PhantomData,
        })
    }

    pub fn get(&self) -> &[T] {
        let Some(map) = &self.map else {
            return &[];
        };
        let size = self.len * std::mem::size_of::<T>();
        map.bytes()
            .get(self.at..self.at + size)
            .and_then(|b| bytemuck::try_cast_slice(b).ok())
            .unwrap_or(&[])
    }

    pub fn len(&self) -> usize {
        self.len
    }
}

/// Whether `bytes` are UTF-8, the second half checked on another thread
/// (split where a character starts).
fn utf8(bytes: &[u8]) -> bool {
    let check = |b: &[u8]| simdutf8::basic::from_utf8(b).is_ok();
    let mut mid = bytes.len() / 2;
    while bytes.get(mid).is_some_and(|b| b & 0xC0 == 0x80) {
        mid += 1;
    }
    let (first, second) = bytes.split_at(mid.min(bytes.len()));
    if second.len() < 1 << 20 {
        return check(bytes);
    }
    std::thread::scope(|s| {
        let later = std::thread::Builder::new()
            .name("accord-cache-utf8".into())
            .spawn_scoped(s, || check(second));
        let first = check(first);
        let second = match later {
            Ok(job) => job.join().unwrap_or(false),
            Err(_) => check(second),
        };
        first && second
    })
}

/// Text in a mapped file, checked to be UTF-8 when made.
#[derive(Default, Clone)]
pub(crate) struct MappedText(Section<u8>);

impl MappedText {
    /// The text of `len` bytes at `at`, when they are UTF-8.
    pub fn new(map: &Arc<Mapped>, at: usize, len: usize) -> Option<MappedText> {
        let section = Section::<u8>::new(map, at, len)?;
        utf8(section.get()).then_some(MappedText(section))
    }

    pub fn get(&self) -> &str {
        let bytes = self.0.get();
        // SAFETY: the bytes were checked to be UTF-8 when the text was
        // made, and a mapped file does not change (see `Mapped::of`).
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

/// Items used in place from a mapped file (never changed: see
/// [`super::entries::Entries`] for what is).
pub(crate) struct Table<T> {
    mapped: Section<T>,
    owned: Option<Vec<T>>,
}

impl<T> Default for Table<T> {
    fn default() -> Table<T> {
        Table {
            mapped: Section::default(),
            owned: Some(Vec::new()),
        }
    }
}

impl<T: bytemuck::Pod> Table<T> {
    pub fn owned(items: Vec<T>) -> Table<T> {
        Table {
            mapped: Section::default(),
            owned: Some(items),
        }
    }

    pub fn mapped(mapped: Section<T>) -> Table<T> {
        Table {
            mapped,
            owned: None,
        }
    }
}

impl<T: bytemuck::Pod> std::ops::Deref for Table<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match &self.owned {
            Some(items) => items,
            None => self.mapped.get(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_checked_whole_whatever_its_halves() {
        // Big enough to be checked in two halves, the middle inside a character.
        let text = "北京大学首钢医院 Назарбаев ".repeat(40_000);
        assert!(utf8(text.as_bytes()));
        let mut bad = text.clone().into_bytes();
        let n = bad.len();
        bad[n - 2] = 0xFF;
        assert!(!utf8(&bad), "damage in the second half");
        let mut bad = text.into_bytes();
        bad[3] = 0x80;
        assert!(!utf8(&bad), "damage in the first half");
        let map = Mapped::copy_of("ok".as_bytes());
        assert_eq!(
            MappedText::new(&map, 0, 2).map(|t| t.get().to_string()),
            Some("ok".into())
        );
        assert!(MappedText::new(&map, 1, 2).is_none(), "past the end");
    }
}

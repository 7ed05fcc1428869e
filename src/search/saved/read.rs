//! Reading a saved index: the file is mapped, its checksum checked (in
//! two halves on two threads), and the index uses its arrays in place.

use std::sync::Arc;

use super::checked::Checked;
use super::*;
use crate::search::arena::{Arena, Base};
use crate::search::entries::Entries;
use crate::search::mapped::{Mapped, MappedText, Section, Table};

// The sizes the layout (and `FORMAT`) is written for.
const _: () = assert!(std::mem::size_of::<FieldSpan>() == 12);
const _: () = assert!(std::mem::size_of::<Span>() == 24);
const _: () = assert!(std::mem::size_of::<Hot>() == 136);
const _: () = assert!(std::mem::size_of::<Region>() == 36);
const _: () = assert!(std::mem::size_of::<SavedLink>() == 16);

/// The index saved in `bytes` and the store version it reflects.
#[cfg(test)]
pub fn decode(bytes: &[u8]) -> Result<(SearchIndex, Version), Unusable> {
    let h = Header::parse(bytes)?;
    if h.layout().end != bytes.len() || checksum_of(bytes) != h.sum {
        return Err(Unusable::Damaged);
    }
    open(Mapped::copy_of(bytes), None)
}

/// How a file's checksum is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Summing {
    /// Through the mapping: fastest, but every page then stays mapped
    /// and counts as the process's memory (a command that ends soon).
    Mapped,
    /// Read from the file a block at a time: only the pages a search
    /// touches are ever mapped (a long-lived interface).
    Read,
}

/// The index saved in a file, the store version it reflects, and, when
/// its checksum was summed now, the note that it held (for the caller to
/// write once the database has opened).
pub type Read = (SearchIndex, Version, Option<Checked>);

/// The index saved in a file and the store version it reflects.
pub fn read(path: &std::path::Path, summing: Summing) -> std::io::Result<Result<Read, Unusable>> {
    let file = std::fs::File::open(path)?;
    // The header is checked before the file is mapped: a file of another
    // format is not read further.
    let mut head = [0u8; HEADER];
    {
        use std::io::Read;
        let mut reader = &file;
        if reader.read_exact(&mut head).is_err() {
            return Ok(Err(Unusable::Damaged));
        }
    }
    let h = match Header::parse(&head) {
        Ok(h) if h.layout().end as u64 == file.metadata()?.len() => h,
        Ok(_) => return Ok(Err(Unusable::Damaged)),
        Err(e) => return Ok(Err(e)),
    };
    let map = Mapped::of(&file)?;
    let mut checked = None;
    if !super::checked::known_good(path, &file, h.sum) {
        let sum = match summing {
            Summing::Mapped => Ok(checksum_of(map.bytes())),
            Summing::Read => checksum(&file, h.layout().end),
        };
        match sum {
            Ok(sum) if sum == h.sum => checked = super::checked::note_good(path, &file, sum),
            // Shorter than it said (changed meanwhile) or not what was written.
            _ => return Ok(Err(Unusable::Damaged)),
        }
    }
    Ok(open(map, Some(&file)).map(|(index, version)| (index, version, checked)))
}

/// The checksum of the header's first 56 bytes and everything after it,
/// the second half summed on another thread. Read from the file rather
/// than through the mapping: pages summed through a mapping would stay
/// mapped, and count as the process's memory, though a search may never
/// need them.
fn checksum(file: &std::fs::File, len: usize) -> std::io::Result<u32> {
    let half = HEADER + (len - HEADER) / 2;
    let sum = |from: usize, to: usize| -> std::io::Result<crc32fast::Hasher> {
        let mut h = crc32fast::Hasher::new();
        let mut buffer = vec![0u8; 1 << 16];
        let mut at = from;
        while at < to {
            let n = (to - at).min(buffer.len());
            let block = buffer.get_mut(..n).unwrap_or(&mut []);
            crate::fileio::read_exact_at(file, block, at as u64)?;
            h.update(block);
            at += n;
        }
        Ok(h)
    };
    let (first, second) = std::thread::scope(|s| {
        let later = std::thread::Builder::new()
            .name("accord-cache-sum".into())
            .spawn_scoped(s, || sum(half, len));
        let first = sum(HEADER, half);
        let second = match later {
            Ok(job) => job.join().unwrap_or_else(|_| sum(half, len)),
            // No thread to spare: sum it here.
            Err(_) => sum(half, len),
        };
        (first, second)
    });
    let mut head = [0u8; 56];
    crate::fileio::read_exact_at(file, &mut head, 0)?;
    let mut h = crc32fast::Hasher::new();
    h.update(&head);
    h.combine(&first?);
    h.combine(&second?);
    Ok(h.finalize())
}

/// The checksum of bytes in memory, as [`checksum`] sums a file, the
/// second half summed on another thread.
fn checksum_of(bytes: &[u8]) -> u32 {
    let rest = bytes.get(HEADER..).unwrap_or(&[]);
    let (first, second) = rest.split_at(rest.len() / 2);
    let sum = |part: &[u8]| {
        let mut h = crc32fast::Hasher::new();
        h.update(part);
        h
    };
    let later = std::thread::scope(|s| {
        let job = std::thread::Builder::new()
            .name("accord-cache-sum".into())
            .spawn_scoped(s, || sum(second));
        let first = sum(first);
        let second = match job {
            Ok(job) => job.join().unwrap_or_else(|_| sum(second)),
            Err(_) => sum(second),
        };
        (first, second)
    });
    let mut h = crc32fast::Hasher::new();
    h.update(bytes.get(..56).unwrap_or(&[]));
    h.combine(&later.0);
    h.combine(&later.1);
    h.finalize()
}

/// The index in a mapped file whose checksum was found to hold, when its
/// parts are where the header says. The entries and regions are mapped
/// again, copy-on-write, from `file` (when given): an update changes them
/// where they lie.
fn open(
    map: Arc<Mapped>,
    file: Option<&std::fs::File>,
) -> Result<(SearchIndex, Version), Unusable> {
    use Unusable::Damaged;
    let bytes = map.bytes();
    let h = Header::parse(bytes)?;
    let at = h.layout();
    if at.end != bytes.len() {
        return Err(Damaged);
    }
    let base = Base {
        text: MappedText::new(&map, at.text, h.text).ok_or(Damaged)?,
        fields: Section::new(&map, at.fields, h.fields).ok_or(Damaged)?,
        spans: Section::new(&map, at.spans, h.spans).ok_or(Damaged)?,
    };
    let hot = Section::new(&map, at.slots, h.slots).ok_or(Damaged)?;
    let regions = Section::new(&map, at.regions, h.slots).ok_or(Damaged)?;
    let links = Section::new(&map, at.links, h.links).ok_or(Damaged)?;
    let index = SearchIndex::assemble(
        Entries::private(file, at.slots, hot),
        Entries::private(file, at.regions, regions),
        Arena::mapped(base, h.dead),
        Table::mapped(links),
    );
    Ok((index, h.version))
}

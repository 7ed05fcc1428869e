//! Reading a saved index: the file is mapped, its checksum checked (in
//! two halves on two threads), and the index uses its arrays in place.

use std::sync::Arc;

use super::*;
use crate::search::arena::{Arena, Base};
use crate::search::mapped::{Mapped, MappedText, Section, Table};

// The sizes the layout (and `FORMAT`) is written for.
const _: () = assert!(std::mem::size_of::<FieldSpan>() == 12);
const _: () = assert!(std::mem::size_of::<Span>() == 32);
const _: () = assert!(std::mem::size_of::<Hot>() == 136);
const _: () = assert!(std::mem::size_of::<Region>() == 36);
const _: () = assert!(std::mem::size_of::<SavedLink>() == 16);

/// The index saved in `bytes` and the store version it reflects.
#[cfg(test)]
pub fn decode(bytes: &[u8]) -> Result<(SearchIndex, Version), Unusable> {
    open(Mapped::copy_of(bytes))
}

/// The index saved in a file and the store version it reflects.
pub fn read(path: &std::path::Path) -> std::io::Result<Result<(SearchIndex, Version), Unusable>> {
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
    match Header::parse(&head) {
        Ok(h) if h.layout().end as u64 == file.metadata()?.len() => {}
        Ok(_) => return Ok(Err(Unusable::Damaged)),
        Err(e) => return Ok(Err(e)),
    }
    Ok(open(Mapped::of(&file)?))
}

/// The checksum of the header's first 56 bytes and everything after it,
/// the second half computed on another thread.
fn checksum(bytes: &[u8]) -> u32 {
    let head = bytes.get(..56).unwrap_or(&[]);
    let rest = bytes.get(HEADER..).unwrap_or(&[]);
    let (first, second) = rest.split_at(rest.len() / 2);
    let sum = |parts: &[&[u8]]| {
        let mut h = crc32fast::Hasher::new();
        for p in parts {
            h.update(p);
        }
        h
    };
    let (mut a, b) = std::thread::scope(|s| {
        let later = std::thread::Builder::new()
            .name("accord-cache-sum".into())
            .spawn_scoped(s, || sum(&[second]));
        let a = sum(&[head, first]);
        let b = match later {
            Ok(job) => job.join().unwrap_or_else(|_| sum(&[second])),
            // No thread to spare: sum it here.
            Err(_) => sum(&[second]),
        };
        (a, b)
    });
    a.combine(&b);
    a.finalize()
}

/// The index in a mapped file, when its checksum holds and its parts are
/// where the header says.
fn open(map: Arc<Mapped>) -> Result<(SearchIndex, Version), Unusable> {
    use Unusable::Damaged;
    let bytes = map.bytes();
    let h = Header::parse(bytes)?;
    let at = h.layout();
    if at.end != bytes.len() || checksum(bytes) != h.sum {
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
        Table::mapped(hot),
        Table::mapped(regions),
        Arena::mapped(base, h.dead),
        Table::mapped(links),
    );
    Ok((index, h.version))
}

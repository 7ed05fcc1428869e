//! The search index as bytes, for the cache file: a flat layout of
//! fixed-width little-endian numbers, read back with no parsing of
//! variable-length numbers and no allocation per record.
//!
//! ```text
//! header (64 bytes): magic, format, code fingerprint, the store version
//!     it reflects (instance, seq), the counts below, released text bytes,
//!     CRC-32 of the header's first 56 bytes and everything after it
//! text        the arena's text (UTF-8)
//! fields      10 bytes each: start, end, field, lent
//! spans       32 bytes each: mask (all, starts, first), start, end,
//!             variant (tag, position, reading), field index, field, alt
//! slots       150 bytes each: id (kind, number), flags, recency, region
//!             (9 numbers), masks (104 bytes)
//! links       13 bytes each: declaring slot, owner, source, field
//! ```
//!
//! Which slot holds an id is worked out on loading; what records borrow
//! and lend, and the masks of their own spellings, at the first update.

use crate::model::{Id, Kind};
use crate::store::Version;

use super::arena::{Arena, Region};
use super::derive::{Masks, SpanMask, Variant};
use super::entry::{Field, FieldSpan, Span};
use super::index::{Hot, SavedLink, SearchIndex};

const MAGIC: &[u8; 8] = b"ACCORDSI";
/// The layout. A file of another format is not read (the index is built
/// again and the file rewritten).
const FORMAT: u32 = 1;
const HEADER: usize = 64;
const FIELD: usize = 10;
const SPAN: usize = 32;
const MASKS: usize = 8 + 4 * 6 * 4;
const SLOT: usize = 1 + 4 + 1 + 4 + 9 * 4 + MASKS;
const LINK: usize = 13;
/// Bytes read or written at a time after the text.
const BLOCK: usize = 1 << 16;

/// Why bytes are not a usable saved index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusable {
    /// Truncated, damaged or not a saved index at all.
    Damaged,
    /// Written by another version of accord (another layout, or other
    /// rules for what is searched).
    OtherFormat,
}

/// What decides the contents of a saved index besides the records: the
/// code that spells and lays them out. A file written by a build whose
/// indexing code differs is rebuilt rather than trusted.
fn fingerprint() -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    for source in [
        &include_bytes!("../derive.rs")[..],
        include_bytes!("../fold.rs"),
        include_bytes!("../entry.rs"),
        include_bytes!("../spelled.rs"),
        include_bytes!("../arena.rs"),
        include_bytes!("../index.rs"),
        include_bytes!("mod.rs"),
        include_bytes!("read.rs"),
        include_bytes!("write.rs"),
    ] {
        h.update(source);
    }
    h.finalize()
}

fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_masks(out: &mut Vec<u8>, m: &Masks) {
    out.extend_from_slice(&m.all.to_le_bytes());
    for grams in [&m.first, &m.words, &m.other_first, &m.other_words] {
        for g in grams.0 {
            put_u32(out, g);
        }
    }
}

fn variant_bytes(v: Variant) -> (u8, u16, u8) {
    match v {
        Variant::Fold => (0, 0, 0),
        Variant::Latin => (1, 0, 0),
        Variant::Russian => (2, 0, 0),
        Variant::Initials => (3, 0, 0),
        Variant::PinyinAlt { pos, reading } => (4, pos, reading),
        Variant::InitialsAlt { pos, reading } => (5, pos, reading),
        Variant::LatinV => (6, 0, 0),
        Variant::LatinYu => (7, 0, 0),
    }
}

fn variant_of(tag: u8, pos: u16, reading: u8) -> Option<Variant> {
    Some(match tag {
        0 => Variant::Fold,
        1 => Variant::Latin,
        2 => Variant::Russian,
        3 => Variant::Initials,
        4 => Variant::PinyinAlt { pos, reading },
        5 => Variant::InitialsAlt { pos, reading },
        6 => Variant::LatinV,
        7 => Variant::LatinYu,
        _ => return None,
    })
}

fn field_of(b: u8) -> Option<Field> {
    Field::ALL.get(usize::from(b)).copied()
}

/// Reads little-endian numbers from a slice; past its end they read as 0
/// (callers check lengths first).
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    fn take<const N: usize>(&mut self) -> [u8; N] {
        let b = self
            .bytes
            .get(self.at..self.at + N)
            .and_then(|s| s.try_into().ok())
            .unwrap_or([0; N]);
        self.at += N;
        b
    }

    fn u8(&mut self) -> u8 {
        let [b] = self.take::<1>();
        b
    }

    fn u16(&mut self) -> u16 {
        u16::from_le_bytes(self.take())
    }

    fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take())
    }

    fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.take())
    }

    fn masks(&mut self) -> Masks {
        let mut m = Masks {
            all: self.u64(),
            ..Masks::default()
        };
        for grams in [
            &mut m.first,
            &mut m.words,
            &mut m.other_first,
            &mut m.other_words,
        ] {
            for g in grams.0.iter_mut() {
                *g = self.u32();
            }
        }
        m
    }
}

/// What the header says.
struct Header {
    version: Version,
    text: usize,
    fields: usize,
    spans: usize,
    slots: usize,
    links: usize,
    dead: usize,
    sum: u32,
}

impl Header {
    fn parse(bytes: &[u8]) -> Result<Header, Unusable> {
        let header = bytes.get(..HEADER).ok_or(Unusable::Damaged)?;
        if header.get(..8) != Some(&MAGIC[..]) || header.get(60..) != Some(&[0; 4][..]) {
            return Err(Unusable::Damaged);
        }
        let mut r = Reader::new(header);
        r.take::<8>();
        if r.u32() != FORMAT || r.u32() != fingerprint() {
            return Err(Unusable::OtherFormat);
        }
        let version = Version {
            instance: r.u64(),
            seq: r.u64(),
        };
        let [text, fields, spans, slots, links, dead] = [(); 6].map(|_| r.u32() as usize);
        Ok(Header {
            version,
            text,
            fields,
            spans,
            slots,
            links,
            dead,
            sum: r.u32(),
        })
    }

    /// The bytes after the text (fields, spans, slots, links).
    fn rest(&self) -> u64 {
        [
            (self.fields, FIELD),
            (self.spans, SPAN),
            (self.slots, SLOT),
            (self.links, LINK),
        ]
        .iter()
        .map(|&(n, w)| n as u64 * w as u64)
        .sum()
    }

    /// The length of the whole file.
    fn file_len(&self) -> u64 {
        HEADER as u64 + self.text as u64 + self.rest()
    }

    /// Where the spans start (the second half, read on its own thread).
    fn later_at(&self) -> u64 {
        HEADER as u64 + self.text as u64 + self.fields as u64 * FIELD as u64
    }
}

/// The store version a saved index reflects, read from its first
/// [`HEADER_LEN`] bytes only (the rest is checked when it is read).
pub fn stamp(bytes: &[u8]) -> Result<Version, Unusable> {
    Header::parse(bytes).map(|h| h.version)
}

/// The length of the part of a file [`stamp`] reads.
pub const HEADER_LEN: usize = HEADER;

mod read;
mod write;

#[cfg(test)]
pub use read::decode;
pub use read::read;
#[cfg(test)]
pub use write::encode;
pub use write::write_to;

#[cfg(test)]
mod tests;

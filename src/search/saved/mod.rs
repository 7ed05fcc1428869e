//! The search index as bytes, for the cache file: the index's own arrays
//! of plain numbers, written as they are in memory (little-endian), so
//! that reading the file back is mapping it: nothing is decoded, nothing
//! copied, and a search reads only the pages it needs.
//!
//! ```text
//! header (64 bytes): magic, format, code fingerprint, the store version
//!     it reflects (instance, seq), the counts below, released text bytes,
//!     CRC-32 of the header's first 56 bytes and everything after it
//! text        the arena's text (UTF-8), then zeros to a multiple of 8
//! fields      12 bytes each (`FieldSpan`), then zeros to a multiple of 8
//! spans       24 bytes each (`Span`)
//! slots       136 bytes each (`Hot`: masks, place, recency, id, flags)
//! regions     36 bytes each (`Region`, for updates), zeros to a multiple of 8
//! links       16 bytes each (`SavedLink`: declaring slot, owner, source, field)
//! ```
//!
//! Which slot holds an id is worked out on loading; what records borrow
//! and lend, and the masks of their own spellings, at the first update.

use crate::store::Version;

use super::arena::Region;
use super::entry::{FieldSpan, Span};
use super::index::{Hot, SavedLink, SearchIndex};

const MAGIC: &[u8; 8] = b"ACCORDSI";
/// The layout. A file of another format is not read (the index is built
/// again and the file rewritten).
const FORMAT: u32 = 4;
const HEADER: usize = 64;

/// Why bytes are not a usable saved index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusable {
    /// Truncated, damaged or not a saved index at all.
    Damaged,
    /// Written by another version of accord (another layout, or other
    /// rules for what is searched), or on a machine of other byte order.
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
        include_bytes!("../slots.rs"),
        include_bytes!("mod.rs"),
        include_bytes!("read.rs"),
        include_bytes!("write.rs"),
    ] {
        h.update(source);
    }
    h.finalize()
}

/// `n` rounded up to a multiple of 8.
fn aligned(n: usize) -> usize {
    n.div_ceil(8) * 8
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

/// Where each part starts, and where the file ends.
struct Layout {
    text: usize,
    fields: usize,
    spans: usize,
    slots: usize,
    regions: usize,
    links: usize,
    end: usize,
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

impl Header {
    fn parse(bytes: &[u8]) -> Result<Header, Unusable> {
        let header = bytes.get(..HEADER).ok_or(Unusable::Damaged)?;
        if header.get(..8) != Some(&MAGIC[..]) || header.get(60..) != Some(&[0; 4][..]) {
            return Err(Unusable::Damaged);
        }
        if u32_at(header, 8) != FORMAT
            || u32_at(header, 12) != fingerprint()
            || cfg!(target_endian = "big")
        {
            return Err(Unusable::OtherFormat);
        }
        let count = |i: usize| u32_at(header, 32 + 4 * i) as usize;
        Ok(Header {
            version: Version {
                instance: u64_at(header, 16),
                seq: u64_at(header, 24),
            },
            text: count(0),
            fields: count(1),
            spans: count(2),
            slots: count(3),
            links: count(4),
            dead: count(5),
            sum: u32_at(header, 56),
        })
    }

    /// The header's bytes, with `sum` as the checksum.
    fn bytes(&self) -> [u8; HEADER] {
        let mut b = [0u8; HEADER];
        let mut at = 0;
        let mut put = |bytes: &[u8]| {
            if let Some(to) = b.get_mut(at..at + bytes.len()) {
                to.copy_from_slice(bytes);
            }
            at += bytes.len();
        };
        put(MAGIC);
        put(&FORMAT.to_le_bytes());
        put(&fingerprint().to_le_bytes());
        put(&self.version.instance.to_le_bytes());
        put(&self.version.seq.to_le_bytes());
        for n in [
            self.text,
            self.fields,
            self.spans,
            self.slots,
            self.links,
            self.dead,
        ] {
            put(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
        }
        put(&self.sum.to_le_bytes());
        b
    }

    fn layout(&self) -> Layout {
        let size = std::mem::size_of::<Hot>();
        let text = HEADER;
        let fields = aligned(text + self.text);
        let spans = aligned(fields + self.fields * std::mem::size_of::<FieldSpan>());
        let slots = spans + self.spans * std::mem::size_of::<Span>();
        let regions = slots + self.slots * size;
        let links = aligned(regions + self.slots * std::mem::size_of::<Region>());
        let end = links + self.links * std::mem::size_of::<SavedLink>();
        Layout {
            text,
            fields,
            spans,
            slots,
            regions,
            links,
            end,
        }
    }
}

/// The store version a saved index reflects, read from its first
/// [`HEADER_LEN`] bytes only (the rest is checked when it is read).
pub fn stamp(bytes: &[u8]) -> Result<Version, Unusable> {
    Header::parse(bytes).map(|h| h.version)
}

/// The length of the part of a file [`stamp`] reads.
pub const HEADER_LEN: usize = HEADER;

mod checked;
mod read;
mod write;

pub use checked::Checked;
#[cfg(test)]
pub use read::decode;
pub use read::{Summing, read};
#[cfg(test)]
pub use write::encode;
pub use write::write_to;

#[cfg(test)]
mod tests;

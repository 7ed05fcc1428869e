//! The search index as bytes, for the cache file: a flat layout of
//! fixed-width little-endian numbers, read back in one pass with no
//! parsing of variable-length numbers and no allocation per record but
//! its links.
//!
//! ```text
//! header (64 bytes): magic, format, code fingerprint, the store version
//!     it reflects (instance, seq), the counts below, released text bytes,
//!     CRC-32 of the header and everything after it
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
        &include_bytes!("derive.rs")[..],
        include_bytes!("fold.rs"),
        include_bytes!("entry.rs"),
        include_bytes!("spelled.rs"),
        include_bytes!("arena.rs"),
        include_bytes!("index.rs"),
        include_bytes!("saved.rs"),
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
        _ => return None,
    })
}

fn field_of(b: u8) -> Option<Field> {
    Field::ALL.get(usize::from(b)).copied()
}

/// Writes a block at a time to `W`, keeping the checksum of what it wrote.
struct Out<W: std::io::Write> {
    w: W,
    buf: Vec<u8>,
    crc: crc32fast::Hasher,
}

impl<W: std::io::Write> Out<W> {
    /// Writes out the buffer once it holds a block.
    fn item_done(&mut self) -> std::io::Result<()> {
        if self.buf.len() >= BLOCK {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.crc.update(&self.buf);
        self.w.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }
}

/// Writes `index`, stamped with the store version it reflects, a block at
/// a time (never the whole file in memory); the checksum is written into
/// the header last.
pub fn write_to<W>(w: W, index: &SearchIndex, version: Version) -> std::io::Result<()>
where
    W: std::io::Write + std::io::Seek,
{
    use std::io::SeekFrom;
    let (hot, regions, arena, links) = index.parts();
    let (text, fields, spans, dead) = arena.parts();
    let mut header = Vec::with_capacity(HEADER);
    header.extend_from_slice(MAGIC);
    put_u32(&mut header, FORMAT);
    put_u32(&mut header, fingerprint());
    header.extend_from_slice(&version.instance.to_le_bytes());
    header.extend_from_slice(&version.seq.to_le_bytes());
    let counts = [
        text.len(),
        fields.len(),
        spans.len(),
        hot.len(),
        links.len(),
        dead,
    ];
    for n in counts {
        put_u32(&mut header, u32::try_from(n).unwrap_or(u32::MAX));
    }
    let mut out = Out {
        w,
        buf: Vec::with_capacity(BLOCK + HEADER),
        crc: crc32fast::Hasher::new(),
    };
    out.crc.update(&header);
    header.resize(HEADER, 0);
    out.w.write_all(&header)?;
    out.crc.update(text.as_bytes());
    out.w.write_all(text.as_bytes())?;
    for f in fields {
        let b = &mut out.buf;
        put_u32(b, f.start);
        put_u32(b, f.end);
        b.push(f.field as u8);
        b.push(u8::from(f.lend));
        out.item_done()?;
    }
    for s in spans {
        let (tag, pos, reading) = variant_bytes(s.variant);
        let b = &mut out.buf;
        b.extend_from_slice(&s.mask.all.to_le_bytes());
        for n in [s.mask.starts, s.mask.first, s.start, s.end] {
            put_u32(b, n);
        }
        b.push(tag);
        b.extend_from_slice(&pos.to_le_bytes());
        b.push(reading);
        b.extend_from_slice(&s.field.to_le_bytes());
        b.push(s.kind as u8);
        b.push(u8::from(s.alt));
        out.item_done()?;
    }
    for (h, r) in hot.iter().zip(&regions) {
        let b = &mut out.buf;
        b.push(h.id.kind.tag());
        put_u32(b, h.id.n);
        b.push(u8::from(h.present) | u8::from(h.open) << 1);
        b.extend_from_slice(&h.recency.to_le_bytes());
        for n in [
            r.text,
            r.text_len,
            r.own_text,
            r.fields,
            r.fields_len,
            r.own_fields,
            r.spans,
            r.spans_len,
            r.own_spans,
        ] {
            put_u32(b, n);
        }
        put_masks(b, &h.masks);
        out.item_done()?;
    }
    for (slot, owner, source, field) in links {
        let b = &mut out.buf;
        for n in [slot, owner, source] {
            put_u32(b, n);
        }
        b.push(field as u8);
        out.item_done()?;
    }
    out.flush()?;
    let sum = out.crc.finalize();
    out.w.seek(SeekFrom::Start(56))?;
    out.w.write_all(&sum.to_le_bytes())?;
    out.w.flush()
}

/// The bytes [`write_to`] writes.
#[cfg(test)]
pub fn encode(index: &SearchIndex, version: Version) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let _ = write_to(&mut out, index, version);
    out.into_inner()
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
}

/// The store version a saved index reflects, read from its first
/// [`HEADER_LEN`] bytes only (the rest is checked when it is read).
pub fn stamp(bytes: &[u8]) -> Result<Version, Unusable> {
    Header::parse(bytes).map(|h| h.version)
}

/// The length of the part of a file [`stamp`] reads.
pub const HEADER_LEN: usize = HEADER;

/// The index saved in `bytes` and the store version it reflects.
#[cfg(test)]
pub fn decode(bytes: &[u8]) -> Result<(SearchIndex, Version), Unusable> {
    let h = Header::parse(bytes)?;
    if h.file_len() != bytes.len() as u64 {
        return Err(Unusable::Damaged);
    }
    let text = bytes.get(HEADER..HEADER + h.text).unwrap_or(&[]).to_vec();
    let mut rest = bytes.get(HEADER + h.text..).unwrap_or(&[]);
    decode_body(&h, bytes, text, &mut rest)
}

/// The index saved in a file: the text is read straight into its place,
/// the rest a block at a time (the file is never held whole in memory).
pub fn read(path: &std::path::Path) -> std::io::Result<Result<(SearchIndex, Version), Unusable>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let mut header = [0u8; HEADER];
    if file.read_exact(&mut header).is_err() {
        return Ok(Err(Unusable::Damaged));
    }
    // The lengths are checked against the file before anything is
    // allocated for them.
    let h = match Header::parse(&header) {
        Ok(h) if h.file_len() == len => h,
        Ok(_) => return Ok(Err(Unusable::Damaged)),
        Err(e) => return Ok(Err(e)),
    };
    let mut text = vec![0; h.text];
    if file.read_exact(&mut text).is_err() {
        return Ok(Err(Unusable::Damaged));
    }
    Ok(decode_body(&h, &header, text, &mut file))
}

/// Bytes read at a time after the text.
const BLOCK: usize = 1 << 16;

/// Reads `n` items of `W` bytes from `src` a block at a time, adding them
/// to the checksum and handing each to `item`.
fn each<const W: usize>(
    src: &mut impl std::io::Read,
    crc: &mut crc32fast::Hasher,
    buffer: &mut [u8],
    n: usize,
    mut item: impl FnMut(&[u8; W]) -> Result<(), Unusable>,
) -> Result<(), Unusable> {
    let per_block = (buffer.len() / W).max(1);
    let mut left = n;
    while left > 0 {
        let k = left.min(per_block);
        let block = buffer.get_mut(..k * W).ok_or(Unusable::Damaged)?;
        src.read_exact(block).map_err(|_| Unusable::Damaged)?;
        crc.update(block);
        for chunk in block.as_chunks::<W>().0 {
            item(chunk)?;
        }
        left -= k;
    }
    Ok(())
}

fn decode_body(
    h: &Header,
    header: &[u8],
    text: Vec<u8>,
    rest: &mut impl std::io::Read,
) -> Result<(SearchIndex, Version), Unusable> {
    use Unusable::*;
    let mut crc = crc32fast::Hasher::new();
    crc.update(header.get(..56).unwrap_or(&[]));
    crc.update(&text);
    let text = String::from_utf8(text).map_err(|_| Damaged)?;
    let mut buffer = vec![0u8; BLOCK];

    let mut fields = Vec::with_capacity(h.fields);
    each::<FIELD>(rest, &mut crc, &mut buffer, h.fields, |chunk| {
        let mut r = Reader::new(chunk);
        let (start, end) = (r.u32(), r.u32());
        let field = field_of(r.u8()).ok_or(Damaged)?;
        let lend = r.u8() != 0;
        fields.push(FieldSpan {
            start,
            end,
            field,
            lend,
        });
        Ok(())
    })?;

    let mut spans = Vec::with_capacity(h.spans);
    each::<SPAN>(rest, &mut crc, &mut buffer, h.spans, |chunk| {
        let mut r = Reader::new(chunk);
        let mask = SpanMask {
            all: r.u64(),
            starts: r.u32(),
            first: r.u32(),
        };
        let (start, end) = (r.u32(), r.u32());
        let (tag, pos, reading) = (r.u8(), r.u16(), r.u8());
        let variant = variant_of(tag, pos, reading).ok_or(Damaged)?;
        let field = r.u16();
        let kind = field_of(r.u8()).ok_or(Damaged)?;
        let alt = r.u8() != 0;
        spans.push(Span {
            mask,
            start,
            end,
            variant,
            field,
            kind,
            alt,
        });
        Ok(())
    })?;

    let within = |start: u32, len: u32, total: usize| start as usize + len as usize <= total;
    let mut hot = Vec::with_capacity(h.slots);
    let mut regions = Vec::with_capacity(h.slots);
    each::<SLOT>(rest, &mut crc, &mut buffer, h.slots, |chunk| {
        let mut r = Reader::new(chunk);
        let kind = Kind::from_tag(r.u8()).ok_or(Damaged)?;
        let id = Id::new(kind, r.u32());
        let flags = r.u8();
        let recency = i32::from_le_bytes(r.take());
        let [t, tl, ot, f, fl, of, s, sl, os] = [(); 9].map(|_| r.u32());
        let region = Region {
            text: t,
            text_len: tl,
            own_text: ot,
            fields: f,
            fields_len: fl,
            own_fields: of,
            spans: s,
            spans_len: sl,
            own_spans: os,
        };
        let fits = within(t, tl, text.len())
            && within(f, fl, fields.len())
            && within(s, sl, spans.len())
            && ot <= tl
            && of <= fl
            && os <= sl;
        if !fits {
            return Err(Damaged);
        }
        hot.push(Hot {
            masks: r.masks(),
            place: region.place(),
            recency,
            id,
            present: flags & 1 != 0,
            open: flags & 2 != 0,
        });
        regions.push(region);
        Ok(())
    })?;

    let mut links: Vec<SavedLink> = Vec::with_capacity(h.links);
    each::<LINK>(rest, &mut crc, &mut buffer, h.links, |chunk| {
        let mut r = Reader::new(chunk);
        let (slot, owner, source) = (r.u32(), r.u32(), r.u32());
        let field = field_of(r.u8()).ok_or(Damaged)?;
        if [slot, owner, source].iter().any(|&s| s as usize >= h.slots) {
            return Err(Damaged);
        }
        links.push((slot, owner, source, field));
        Ok(())
    })?;

    // Nothing may follow, and the checksum must hold.
    if rest.read(&mut [0u8; 1]).map_or(true, |n| n != 0) || crc.finalize() != h.sum {
        return Err(Damaged);
    }
    let arena = Arena::from_parts(text, fields, spans, h.dead);
    Ok((SearchIndex::assemble(hot, regions, arena, links), h.version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_and_variant_survives_its_byte() {
        for (i, f) in Field::ALL.iter().enumerate() {
            assert_eq!(*f as usize, i);
            assert_eq!(field_of(*f as u8), Some(*f));
        }
        assert_eq!(field_of(Field::ALL.len() as u8), None);
        for v in [
            Variant::Fold,
            Variant::Latin,
            Variant::Russian,
            Variant::Initials,
            Variant::PinyinAlt { pos: 3, reading: 2 },
            Variant::InitialsAlt {
                pos: 700,
                reading: 1,
            },
        ] {
            let (t, p, r) = variant_bytes(v);
            assert_eq!(variant_of(t, p, r), Some(v));
        }
        assert_eq!(variant_of(6, 0, 0), None);
    }

    #[test]
    fn every_truncation_and_flipped_byte_is_refused() {
        let mut index = SearchIndex::new();
        index.upsert(&crate::model::Record::Institution(
            crate::model::Institution {
                id: Id::new(Kind::Institution, 1),
                names: vec![crate::model::Name::new("北京大学首钢医院", "zh")],
                short_name: String::new(),
                country: "CN".into(),
                city: String::new(),
                kind: crate::model::InstitutionKind::Hospital,
                tags: Vec::new(),
                website: String::new(),
                home: false,
            },
        ));
        let version = Version {
            instance: 7,
            seq: 3,
        };
        let bytes = encode(&index, version);
        let (back, v) = decode(&bytes).unwrap();
        assert_eq!(v, version);
        assert_eq!(back.len(), 1);
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        for at in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x10;
            assert!(decode(&damaged).is_err(), "flipped byte {at}");
        }
    }
}

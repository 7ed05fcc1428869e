//! Reading a saved index: the text straight into its place, the rest a
//! block at a time (the file is never held whole in memory), in two
//! halves on two threads (text and fields; spans, slots and links), each
//! with its own checksum, combined at the end.

use std::io::Read;

use super::*;

/// The index saved in `bytes` and the store version it reflects.
#[cfg(test)]
pub fn decode(bytes: &[u8]) -> Result<(SearchIndex, Version), Unusable> {
    let h = Header::parse(bytes)?;
    if h.file_len() != bytes.len() as u64 {
        return Err(Unusable::Damaged);
    }
    let mut first = bytes.get(HEADER..).unwrap_or(&[]);
    let mut later = bytes.get(h.later_at() as usize..).unwrap_or(&[]);
    finish(&h, early(&h, bytes, &mut first), late(&h, &mut later))
}

/// Reads a file from an offset without moving a shared position, so that
/// two threads read two parts of one open file (the very file checked,
/// even if another is renamed over it meanwhile).
struct At<'a> {
    file: &'a std::fs::File,
    pos: u64,
}

impl Read for At<'_> {
    #[cfg(unix)]
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use std::os::unix::fs::FileExt;
        let n = self.file.read_at(buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }

    #[cfg(windows)]
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use std::os::windows::fs::FileExt;
        let n = self.file.seek_read(buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }

    #[cfg(not(any(unix, windows)))]
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use std::io::{Seek, SeekFrom};
        let mut f = self.file;
        f.seek(SeekFrom::Start(self.pos))?;
        let n = f.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

/// The index saved in a file and the store version it reflects.
pub fn read(path: &std::path::Path) -> std::io::Result<Result<(SearchIndex, Version), Unusable>> {
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let mut header = [0u8; HEADER];
    if (At {
        file: &file,
        pos: 0,
    })
    .read_exact(&mut header)
    .is_err()
    {
        return Ok(Err(Unusable::Damaged));
    }
    // The lengths are checked against the file before anything is
    // allocated for them.
    let h = match Header::parse(&header) {
        Ok(h) if h.file_len() == len => h,
        Ok(_) => return Ok(Err(Unusable::Damaged)),
        Err(e) => return Ok(Err(e)),
    };
    let (h, header) = (&h, &header);
    let mut first = At {
        file: &file,
        pos: HEADER as u64,
    };
    let mut second = At {
        file: &file,
        pos: h.later_at(),
    };
    Ok(std::thread::scope(|s| {
        let later = std::thread::Builder::new()
            .name("accord-cache-read".into())
            .spawn_scoped(s, move || late(h, &mut second));
        let first = early(h, header, &mut first);
        let later = match later {
            Ok(job) => job.join().unwrap_or(Err(Unusable::Damaged)),
            // No thread to spare: read it here.
            Err(_) => late(
                h,
                &mut At {
                    file: &file,
                    pos: h.later_at(),
                },
            ),
        };
        finish(h, first, later)
    }))
}

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

/// The text and the fields, and the checksum of the header and of them.
type Early = (String, Vec<FieldSpan>, crc32fast::Hasher);

/// The spans, slots (entries and regions) and links, and their checksum.
type Late = (
    Vec<Span>,
    Vec<Hot>,
    Vec<Region>,
    Vec<SavedLink>,
    crc32fast::Hasher,
);

fn early(h: &Header, header: &[u8], src: &mut impl Read) -> Result<Early, Unusable> {
    use Unusable::*;
    let mut text = vec![0; h.text];
    src.read_exact(&mut text).map_err(|_| Damaged)?;
    let mut crc = crc32fast::Hasher::new();
    crc.update(header.get(..56).unwrap_or(&[]));
    crc.update(&text);
    let text = String::from_utf8(text).map_err(|_| Damaged)?;
    let mut buffer = vec![0u8; BLOCK];
    let mut fields = Vec::with_capacity(h.fields);
    each::<FIELD>(src, &mut crc, &mut buffer, h.fields, |chunk| {
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

    Ok((text, fields, crc))
}

fn late(h: &Header, src: &mut impl Read) -> Result<Late, Unusable> {
    use Unusable::*;
    let mut crc = crc32fast::Hasher::new();
    let mut buffer = vec![0u8; BLOCK];
    let mut spans = Vec::with_capacity(h.spans);
    each::<SPAN>(src, &mut crc, &mut buffer, h.spans, |chunk| {
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
    each::<SLOT>(src, &mut crc, &mut buffer, h.slots, |chunk| {
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
        let fits = within(t, tl, h.text)
            && within(f, fl, h.fields)
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
    each::<LINK>(src, &mut crc, &mut buffer, h.links, |chunk| {
        let mut r = Reader::new(chunk);
        let (slot, owner, source) = (r.u32(), r.u32(), r.u32());
        let field = field_of(r.u8()).ok_or(Damaged)?;
        if [slot, owner, source].iter().any(|&s| s as usize >= h.slots) {
            return Err(Damaged);
        }
        links.push((slot, owner, source, field));
        Ok(())
    })?;

    Ok((spans, hot, regions, links, crc))
}

/// The index from both halves, when the checksum of the whole holds.
fn finish(
    h: &Header,
    early: Result<Early, Unusable>,
    late: Result<Late, Unusable>,
) -> Result<(SearchIndex, Version), Unusable> {
    let (text, fields, mut crc) = early?;
    let (spans, hot, regions, links, later) = late?;
    crc.combine(&later);
    if crc.finalize() != h.sum {
        return Err(Unusable::Damaged);
    }
    let arena = Arena::from_parts(text, fields, spans, h.dead);
    Ok((SearchIndex::assemble(hot, regions, arena, links), h.version))
}

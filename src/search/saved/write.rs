//! Writing a saved index a block at a time.

use super::*;

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

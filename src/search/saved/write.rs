//! Writing a saved index: its arrays as they are in memory.

use super::*;

/// Zeros to pad a part to a multiple of 8 bytes.
const ZEROS: [u8; 8] = [0; 8];

/// Writes `bytes` to `w`, adding them to the checksum.
fn put<W: std::io::Write>(
    w: &mut W,
    crc: &mut crc32fast::Hasher,
    bytes: &[u8],
) -> std::io::Result<()> {
    crc.update(bytes);
    w.write_all(bytes)
}

/// Writes `index`, stamped with the store version it reflects; the
/// checksum is written into the header last.
pub fn write_to<W>(mut w: W, index: &SearchIndex, version: Version) -> std::io::Result<()>
where
    W: std::io::Write + std::io::Seek,
{
    use std::io::SeekFrom;
    let (hot, regions, arena, links) = index.parts();
    let parts = arena.parts();
    let total = |two: [usize; 2]| two[0] + two[1];
    let mut header = Header {
        version,
        text: total(parts.text.map(str::len)),
        fields: total(parts.fields.map(<[_]>::len)),
        spans: total(parts.spans.map(<[_]>::len)),
        slots: hot.len(),
        links: links.len(),
        dead: parts.dead,
        sum: 0,
    };
    let at = header.layout();
    let head = header.bytes();
    let mut crc = crc32fast::Hasher::new();
    crc.update(head.get(..56).unwrap_or(&[]));
    w.write_all(&head)?;
    let mut written = HEADER;
    let mut part = |w: &mut W, crc: &mut crc32fast::Hasher, bytes: &[u8]| {
        written += bytes.len();
        put(w, crc, bytes)
    };
    for t in parts.text {
        part(&mut w, &mut crc, t.as_bytes())?;
    }
    part(
        &mut w,
        &mut crc,
        ZEROS
            .get(..at.fields - (at.text + header.text))
            .unwrap_or(&[]),
    )?;
    for f in parts.fields {
        part(&mut w, &mut crc, bytemuck::cast_slice(f))?;
    }
    let fields_end = at.fields + header.fields * std::mem::size_of::<FieldSpan>();
    part(
        &mut w,
        &mut crc,
        ZEROS.get(..at.spans - fields_end).unwrap_or(&[]),
    )?;
    for s in parts.spans {
        part(&mut w, &mut crc, bytemuck::cast_slice(s))?;
    }
    for h in [hot.base, hot.tail] {
        part(&mut w, &mut crc, bytemuck::cast_slice(h))?;
    }
    for r in [regions.base, regions.tail] {
        part(&mut w, &mut crc, bytemuck::cast_slice(r))?;
    }
    let regions_end = at.regions + header.slots * std::mem::size_of::<Region>();
    part(
        &mut w,
        &mut crc,
        ZEROS.get(..at.links - regions_end).unwrap_or(&[]),
    )?;
    part(&mut w, &mut crc, bytemuck::cast_slice(&links))?;
    if written != at.end {
        return Err(std::io::Error::other("search index layout mismatch"));
    }
    header.sum = crc.finalize();
    w.seek(SeekFrom::Start(0))?;
    w.write_all(&header.bytes())?;
    w.flush()
}

/// The bytes [`write_to`] writes.
#[cfg(test)]
pub fn encode(index: &SearchIndex, version: Version) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let _ = write_to(&mut out, index, version);
    out.into_inner()
}

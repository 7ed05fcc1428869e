//! Where the index keeps every record's texts and spellings: three large
//! arrays, one region per record, laid out in record order so that a
//! search reads memory front to back.
//!
//! A record's region holds its own fields and spellings, then copies of
//! the lent fields (names, titles) of the records it refers to, so that
//! searching a record never jumps elsewhere. A changed record gets a new
//! region at the end; old regions are reclaimed by [`Arena::compact`].

use super::entry::{Field, FieldSpan, Span};
use super::spelled::Own;

/// Where one record's data lies in the arena.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Region {
    pub text: u32,
    pub text_len: u32,
    /// Bytes of text that are the record's own (the rest is borrowed).
    pub own_text: u32,
    pub fields: u32,
    pub fields_len: u32,
    pub own_fields: u32,
    pub spans: u32,
    pub spans_len: u32,
    pub own_spans: u32,
}

/// The part of a [`Region`] a search reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Place {
    pub text: u32,
    pub fields: u32,
    pub spans: u32,
    pub fields_len: u16,
    pub spans_len: u16,
    pub own_spans: u16,
}

impl Region {
    pub fn place(&self) -> Place {
        let short = |n: u32| u16::try_from(n).unwrap_or(u16::MAX);
        Place {
            text: self.text,
            fields: self.fields,
            spans: self.spans,
            fields_len: short(self.fields_len),
            spans_len: short(self.spans_len),
            own_spans: short(self.own_spans),
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct Arena {
    text: String,
    fields: Vec<FieldSpan>,
    spans: Vec<Span>,
    /// Bytes of text in regions no longer used.
    dead: usize,
}

impl Arena {
    /// An arena with room for about this much text, fields and spans.
    pub fn with_capacity(text: usize, fields: usize, spans: usize) -> Arena {
        Arena {
            text: String::with_capacity(text),
            fields: Vec::with_capacity(fields),
            spans: Vec::with_capacity(spans),
            ..Arena::default()
        }
    }

    /// Everything the arena holds: text, fields, spans, and how many
    /// bytes of text are in released regions (for a saved copy).
    pub fn parts(&self) -> (&str, &[FieldSpan], &[Span], usize) {
        (&self.text, &self.fields, &self.spans, self.dead)
    }

    /// An arena from saved parts.
    pub fn from_parts(
        text: String,
        fields: Vec<FieldSpan>,
        spans: Vec<Span>,
        dead: usize,
    ) -> Arena {
        Arena {
            text,
            fields,
            spans,
            dead,
        }
    }

    pub fn spans(&self, p: &Place) -> &[Span] {
        let start = p.spans as usize;
        self.spans
            .get(start..start + usize::from(p.spans_len))
            .unwrap_or(&[])
    }

    fn region_text(&self, r: &Region) -> &str {
        let start = r.text as usize;
        self.text
            .get(start..start + r.text_len as usize)
            .unwrap_or("")
    }

    pub fn span_text(&self, p: &Place, s: &Span) -> &str {
        let base = p.text as usize;
        self.text
            .get(base + s.start as usize..base + s.end as usize)
            .unwrap_or("")
    }

    fn field(&self, p: &Place, i: usize) -> Option<&FieldSpan> {
        if i >= usize::from(p.fields_len) {
            return None;
        }
        self.fields.get(p.fields as usize + i)
    }

    pub fn field_text(&self, p: &Place, i: usize) -> &str {
        let base = p.text as usize;
        self.field(p, i)
            .and_then(|f| {
                self.text
                    .get(base + f.start as usize..base + f.end as usize)
            })
            .unwrap_or("")
    }

    #[cfg(test)]
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Gives up a region (its record changed or went away).
    pub fn release(&mut self, r: &Region) {
        self.dead += r.text_len as usize;
    }

    /// Whether more than half the text is in released regions.
    pub fn wants_compaction(&self) -> bool {
        self.dead > 1 << 16 && self.dead * 2 > self.text.len()
    }

    /// Writes a record's region: its own data, then the lent fields of the
    /// records it borrows from (`(their own data, what they are to it)`).
    pub fn write(&mut self, own: Own<'_>, borrowed: &[(Own<'_>, Field)]) -> Region {
        let mut r = Region {
            text: self.text.len() as u32,
            fields: self.fields.len() as u32,
            spans: self.spans.len() as u32,
            ..Region::default()
        };
        self.text.push_str(own.text);
        self.fields.extend_from_slice(own.fields);
        self.spans.extend_from_slice(own.spans);
        r.own_text = own.text.len() as u32;
        r.own_fields = own.fields.len() as u32;
        r.own_spans = own.spans.len() as u32;
        for &(src, kind) in borrowed {
            self.copy_lent(&r, src, kind);
        }
        r.text_len = (self.text.len() - r.text as usize) as u32;
        r.fields_len = self.fields.len() as u32 - r.fields;
        r.spans_len = self.spans.len() as u32 - r.spans;
        r
    }

    /// Appends copies of the lent fields of `src` (and their spellings) to
    /// the region being written, as fields of kind `kind`.
    fn copy_lent(&mut self, r: &Region, src: Own<'_>, kind: Field) {
        let base = r.text as usize;
        let copy = |arena: &mut Arena, start: u32, end: u32| {
            let at = (arena.text.len() - base) as u32;
            arena
                .text
                .push_str(src.text.get(start as usize..end as usize).unwrap_or(""));
            (at, (arena.text.len() - base) as u32)
        };
        for (fi, f) in src.fields.iter().enumerate() {
            if !f.lend {
                continue;
            }
            let field = copy(self, f.start, f.end);
            let new_index = (self.fields.len() as u32 - r.fields) as u16;
            self.fields.push(FieldSpan {
                start: field.0,
                end: field.1,
                field: kind,
                lend: false,
            });
            // Other readings of polyphonic characters stay with their record.
            for s in src
                .spans
                .iter()
                .filter(|s| usize::from(s.field) == fi && !s.alt)
            {
                // A spelling that is the field as entered shares its copy.
                let (start, end) = if (s.start, s.end) == (f.start, f.end) {
                    field
                } else {
                    copy(self, s.start, s.end)
                };
                self.spans.push(Span {
                    start,
                    end,
                    field: new_index,
                    kind,
                    ..*s
                });
            }
        }
    }

    /// The record's own data, as it was given to [`Arena::write`].
    pub fn own(&self, r: &Region) -> Own<'_> {
        let text = self.region_text(r);
        let fields = (r.fields as usize, (r.fields + r.own_fields) as usize);
        let spans = (r.spans as usize, (r.spans + r.own_spans) as usize);
        Own {
            text: text.get(..r.own_text as usize).unwrap_or(""),
            fields: self.fields.get(fields.0..fields.1).unwrap_or(&[]),
            spans: self.spans.get(spans.0..spans.1).unwrap_or(&[]),
        }
    }

    /// Rewrites the arena with only the given regions, in order, updating
    /// them in place.
    pub fn compact(&mut self, regions: &mut [Region]) {
        let live: usize = regions.iter().map(|r| r.text_len as usize).sum();
        let fields = regions.iter().map(|r| r.fields_len as usize).sum();
        let spans = regions.iter().map(|r| r.spans_len as usize).sum();
        let mut next = Arena::with_capacity(live, fields, spans);
        for r in regions.iter_mut() {
            let moved = Region {
                text: next.text.len() as u32,
                fields: next.fields.len() as u32,
                spans: next.spans.len() as u32,
                ..*r
            };
            next.text.push_str(self.region_text(r));
            next.fields.extend_from_slice(
                self.fields
                    .get(r.fields as usize..(r.fields + r.fields_len) as usize)
                    .unwrap_or(&[]),
            );
            let (from, to) = (r.spans as usize, (r.spans + r.spans_len) as usize);
            next.spans
                .extend_from_slice(self.spans.get(from..to).unwrap_or(&[]));
            *r = moved;
        }
        *self = next;
    }
}

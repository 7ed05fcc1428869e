//! Where the index keeps every record's texts and spellings: three large
//! arrays, one region per record, laid out in record order so that a
//! search reads memory front to back.
//!
//! A record's region holds its own text, fields and spellings, then the
//! fields and spellings of the records it refers to that they lend it
//! (names, titles): those point at the lending record's text, which is
//! stored once, where that record's region has it. A changed record gets
//! a new region at the end (the records borrowing from it are written
//! again to point there); a record whose borrowed fields change keeps its
//! text where it is. Old regions are reclaimed by [`Arena::compact`].

use super::entry::{Field, FieldSpan, Span};
use super::mapped::{MappedText, Section};
use super::spelled::Own;

/// Where one record's data lies in the arena.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub(crate) struct Region {
    pub text: u32,
    pub text_len: u32,
    /// Bytes of text that are the record's own (all of it: borrowed
    /// fields point at the text of the record that lends them).
    pub own_text: u32,
    pub fields: u32,
    pub fields_len: u32,
    pub own_fields: u32,
    pub spans: u32,
    pub spans_len: u32,
    pub own_spans: u32,
}

/// The part of a [`Region`] a search reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub(crate) struct Place {
    pub text: u32,
    pub fields: u32,
    pub spans: u32,
    pub fields_len: u16,
    pub spans_len: u16,
    pub own_spans: u16,
    pub _pad: u16,
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
            _pad: 0,
        }
    }
}

/// The part of an arena read from a saved index: used in place from the
/// mapped file, never changed (changed records get regions in the tail).
#[derive(Default, Clone)]
pub(crate) struct Base {
    pub text: MappedText,
    pub fields: Section<FieldSpan>,
    pub spans: Section<Span>,
}

/// The arena: a base from a saved index, if any, and a tail of regions
/// written since. Offsets count the base first, so a region's offsets
/// are the same whether it lies in the base or the tail (and the two,
/// one after the other, are the arena as saved).
#[derive(Default)]
pub(crate) struct Arena {
    base: Base,
    text: String,
    fields: Vec<FieldSpan>,
    spans: Vec<Span>,
    /// Bytes of text in regions no longer used.
    dead: usize,
    /// Fields and spellings no longer used (not saved: a loaded arena
    /// counts from nothing).
    dead_items: usize,
}

impl std::fmt::Debug for Arena {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Arena")
            .field("text", &self.text_len())
            .field("fields", &self.fields_len())
            .field("spans", &self.spans_len())
            .finish()
    }
}

/// Items `start..start + len` of base-then-tail storage: wholly in one
/// or the other (a region never straddles them).
fn pick<'a, T>(base: &'a [T], tail: &'a [T], start: usize, len: usize) -> &'a [T] {
    let end = start + len;
    if end <= base.len() {
        base.get(start..end).unwrap_or(&[])
    } else if start >= base.len() {
        tail.get(start - base.len()..end - base.len())
            .unwrap_or(&[])
    } else {
        &[]
    }
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

    /// An arena of a saved index, used in place.
    pub fn mapped(base: Base, dead: usize) -> Arena {
        Arena {
            base,
            dead,
            ..Arena::default()
        }
    }

    /// Everything the arena holds, each as base then tail, and how many
    /// bytes of text are in released regions (for a saved copy).
    pub fn parts(&self) -> ArenaParts<'_> {
        ArenaParts {
            text: [self.base.text.get(), &self.text],
            fields: [self.base.fields.get(), &self.fields],
            spans: [self.base.spans.get(), &self.spans],
            dead: self.dead,
        }
    }

    pub fn text_len(&self) -> usize {
        self.base.text.len() + self.text.len()
    }

    fn fields_len(&self) -> usize {
        self.base.fields.len() + self.fields.len()
    }

    fn spans_len(&self) -> usize {
        self.base.spans.len() + self.spans.len()
    }

    /// Text `start..end` of the whole arena, or nothing.
    fn text(&self, start: usize, end: usize) -> &str {
        let base = self.base.text.get();
        if end <= base.len() {
            base.get(start..end).unwrap_or("")
        } else if start >= base.len() {
            self.text
                .get(start - base.len()..end - base.len())
                .unwrap_or("")
        } else {
            ""
        }
    }

    pub fn spans(&self, p: &Place) -> &[Span] {
        pick(
            self.base.spans.get(),
            &self.spans,
            p.spans as usize,
            usize::from(p.spans_len),
        )
    }

    fn region_fields(&self, start: u32, len: u32) -> &[FieldSpan] {
        pick(
            self.base.fields.get(),
            &self.fields,
            start as usize,
            len as usize,
        )
    }

    fn region_spans(&self, start: u32, len: u32) -> &[Span] {
        pick(
            self.base.spans.get(),
            &self.spans,
            start as usize,
            len as usize,
        )
    }

    fn region_text(&self, r: &Region) -> &str {
        let start = r.text as usize;
        self.text(start, start + r.text_len as usize)
    }

    /// A record's spellings and its text, looked up once for reading many
    /// spellings (the arena's parts are found once, not per spelling).
    pub fn view(&self, p: &Place) -> View<'_> {
        let base = self.base.text.get();
        let at = p.text as usize;
        let (text, at) = if at < base.len() {
            (base, at)
        } else {
            (self.text.as_str(), at - base.len())
        };
        View {
            spans: self.spans(p),
            text,
            at,
            arena: self,
        }
    }

    /// Asks for the first spans and text of a region to be loaded
    /// (see [`super::sift::prefetch`]).
    pub fn prefetch(&self, p: &Place) {
        let spans = self.spans(p);
        super::sift::prefetch(spans.first());
        super::sift::prefetch(spans.get(4));
        let base = self.base.text.get();
        let at = p.text as usize;
        let text = if at < base.len() {
            base.as_bytes().get(at)
        } else {
            self.text.as_bytes().get(at - base.len())
        };
        super::sift::prefetch(text);
    }

    pub fn span_text(&self, p: &Place, s: &Span) -> &str {
        let base = if s.is_lent() { 0 } else { p.text as usize };
        self.text(base + s.start as usize, base + s.end() as usize)
    }

    fn field(&self, p: &Place, i: usize) -> Option<&FieldSpan> {
        if i >= usize::from(p.fields_len) {
            return None;
        }
        self.region_fields(p.fields, u32::from(p.fields_len)).get(i)
    }

    pub fn field_text(&self, p: &Place, i: usize) -> &str {
        self.field(p, i)
            .map(|f| {
                let base = if f.is_lent() { 0 } else { p.text as usize };
                self.text(base + f.start as usize, base + f.end as usize)
            })
            .unwrap_or("")
    }

    /// Gives up a region (its record changed or went away).
    pub fn release(&mut self, r: &Region) {
        self.dead += r.text_len as usize;
        self.forsake(r);
    }

    /// Gives up a region's fields and spellings but not its text, which
    /// the record's next region keeps using (see [`Arena::write`]).
    pub fn forsake(&mut self, r: &Region) {
        self.dead_items += (r.fields_len + r.spans_len) as usize;
    }

    /// Whether more than half the text, or more than half the fields and
    /// spellings, are in released regions.
    pub fn wants_compaction(&self) -> bool {
        let items = self.fields_len() + self.spans_len();
        (self.dead > 1 << 16 && self.dead * 2 > self.text_len())
            || (self.dead_items > 1 << 14 && self.dead_items * 2 > items)
    }

    /// Writes a record's region (at the end of the tail): its own data,
    /// then the lent fields of the records it borrows from (`(their own
    /// data, where their text starts in the whole arena, what they are to
    /// it)`; their text is not copied, and need not be given). With
    /// `keep`, the record's text stays where that region of it has it
    /// (`own.text` is not read): only what it borrows changed.
    pub fn write(
        &mut self,
        own: Own<'_>,
        keep: Option<&Region>,
        borrowed: &[(Own<'_>, u32, Field)],
    ) -> Region {
        let mut r = Region {
            text: self.text_len() as u32,
            fields: self.fields_len() as u32,
            spans: self.spans_len() as u32,
            ..Region::default()
        };
        match keep {
            Some(old) => {
                r.text = old.text;
                r.text_len = old.text_len;
                r.own_text = old.own_text;
            }
            None => {
                self.text.push_str(own.text);
                r.text_len = own.text.len() as u32;
                r.own_text = r.text_len;
            }
        }
        self.fields.extend_from_slice(own.fields);
        self.spans.extend_from_slice(own.spans);
        r.own_fields = own.fields.len() as u32;
        r.own_spans = own.spans.len() as u32;
        for &(src, at, kind) in borrowed {
            self.lend(&r, src, at, kind);
        }
        r.fields_len = self.fields_len() as u32 - r.fields;
        r.spans_len = self.spans_len() as u32 - r.spans;
        r
    }

    /// Appends the lent fields of `src` (and their spellings) to the
    /// region being written, as fields of kind `kind`, pointing at the
    /// text of `src`, which starts at `at` of the whole arena.
    fn lend(&mut self, r: &Region, src: Own<'_>, at: u32, kind: Field) {
        let place = |from: u32, to: u32| (at.saturating_add(from), at.saturating_add(to));
        for (fi, f) in src.fields.iter().enumerate() {
            if !f.lends() {
                continue;
            }
            let (start, end) = place(f.start, f.end);
            let new_index = (self.fields_len() as u32 - r.fields) as u16;
            self.fields.push(FieldSpan::lent(start, end, kind));
            // Other readings of polyphonic characters stay with their record.
            for s in src
                .spans
                .iter()
                .filter(|s| usize::from(s.field) == fi && !s.alt())
            {
                self.spans
                    .push(s.lent(place(s.start, s.end()).0, new_index, kind));
            }
        }
    }

    /// The record's own data, as it was given to [`Arena::write`].
    pub fn own(&self, r: &Region) -> Own<'_> {
        let text = self.region_text(r);
        Own {
            text: text.get(..r.own_text as usize).unwrap_or(""),
            fields: self.region_fields(r.fields, r.own_fields),
            spans: self.region_spans(r.spans, r.own_spans),
        }
    }

    /// Rewrites the arena with only the given regions, in order, updating
    /// them in place (the result is all tail: a mapped base is let go).
    /// Lent fields and spellings are pointed at where the text of the
    /// record lending them moved.
    pub fn compact(&mut self, regions: &mut [Region]) {
        let live: usize = regions.iter().map(|r| r.text_len as usize).sum();
        let fields = regions.iter().map(|r| r.fields_len as usize).sum();
        let spans = regions.iter().map(|r| r.spans_len as usize).sum();
        let mut next = Arena::with_capacity(live, fields, spans);
        // (old start, new start) of every region's text.
        let mut moves: Vec<(u32, u32)> = Vec::with_capacity(regions.len());
        for r in regions.iter_mut() {
            if r.text_len > 0 {
                moves.push((r.text, next.text.len() as u32));
            }
            let moved = Region {
                text: next.text.len() as u32,
                fields: next.fields.len() as u32,
                spans: next.spans.len() as u32,
                ..*r
            };
            next.text.push_str(self.region_text(r));
            next.fields
                .extend_from_slice(self.region_fields(r.fields, r.fields_len));
            next.spans
                .extend_from_slice(self.region_spans(r.spans, r.spans_len));
            *r = moved;
        }
        moves.sort_unstable();
        let to = |start: u32, end: u32| {
            let i = moves.partition_point(|&(old, _)| old <= start);
            match i.checked_sub(1).and_then(|i| moves.get(i)) {
                Some(&(old, new)) => (
                    (start - old).saturating_add(new),
                    (end - old).saturating_add(new),
                ),
                None => (start, end),
            }
        };
        for f in next.fields.iter_mut().filter(|f| f.is_lent()) {
            (f.start, f.end) = to(f.start, f.end.max(f.start));
        }
        for s in next.spans.iter_mut().filter(|s| s.is_lent()) {
            s.start = to(s.start, s.start).0;
        }
        *self = next;
    }
}

/// One record's spellings, and the part of the arena's text its own
/// text lies in (see [`Arena::view`]).
#[derive(Clone, Copy)]
pub(crate) struct View<'a> {
    pub spans: &'a [Span],
    text: &'a str,
    /// Where the record's text starts in `text`.
    at: usize,
    /// For spellings lent by other records.
    arena: &'a Arena,
}

impl<'a> View<'a> {
    pub fn span_text(&self, s: &Span) -> &'a str {
        if s.is_lent() {
            return self.arena.text(s.start as usize, s.end() as usize);
        }
        self.text
            .get(self.at + s.start as usize..self.at + s.end() as usize)
            .unwrap_or("")
    }
}

/// An arena's contents as [`Arena::parts`] gives them: each kind of item
/// as its base then its tail.
pub(crate) struct ArenaParts<'a> {
    pub text: [&'a str; 2],
    pub fields: [&'a [FieldSpan]; 2],
    pub spans: [&'a [Span]; 2],
    pub dead: usize,
}

//! What search knows of one record: its searchable texts and their derived
//! spellings, packed into one string per record.

use crate::model::{Id, Record, country_name};

use super::derive::{SpanMask, Variant};

/// Long free text (descriptions, notes) is searched up to this many characters.
const MAX_BODY_CHARS: usize = 1000;

/// Which part of a record a match was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The text shown for the record ([`Record::title`]).
    Title,
    /// Another name of an institution or contact (other language or script).
    Name,
    ShortName,
    Id,
    /// Country code or English country name.
    Country,
    City,
    Tag,
    /// A contact's title or role.
    Role,
    Email,
    /// An agreement's instrument (mou, framework…).
    Instrument,
    Area,
    Scope,
    Signatory,
    /// Owner of a partnership, agreement or item; author of a note.
    Owner,
    /// Description of a partnership, the text of a note after its first line.
    Body,
    /// The name of a contact of an institution.
    Contact,
    /// The name of a contact's institution.
    Institution,
    /// The name of a partner institution or agreement party.
    Partner,
    /// The title of an agreement's partnership.
    Partnership,
    /// The title of the record an item or note belongs to.
    Parent,
}

impl Field {
    /// Every field, in the order of their numbers (`field as u8`).
    pub(crate) const ALL: [Field; 20] = [
        Field::Title,
        Field::Name,
        Field::ShortName,
        Field::Id,
        Field::Country,
        Field::City,
        Field::Tag,
        Field::Role,
        Field::Email,
        Field::Instrument,
        Field::Area,
        Field::Scope,
        Field::Signatory,
        Field::Owner,
        Field::Body,
        Field::Contact,
        Field::Institution,
        Field::Partner,
        Field::Partnership,
        Field::Parent,
    ];

    /// The field numbered `n` (`field as u8`); a title for a number that
    /// is none (a saved index's numbers are checked before use).
    pub(crate) fn of(n: u8) -> Field {
        Field::ALL
            .get(usize::from(n))
            .copied()
            .unwrap_or(Field::Title)
    }

    /// Lower-case machine name, for JSON and for labels.
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Name => "name",
            Field::ShortName => "short_name",
            Field::Id => "id",
            Field::Country => "country",
            Field::City => "city",
            Field::Tag => "tag",
            Field::Role => "role",
            Field::Email => "email",
            Field::Instrument => "instrument",
            Field::Area => "area",
            Field::Scope => "scope",
            Field::Signatory => "signatory",
            Field::Owner => "owner",
            Field::Body => "text",
            Field::Contact => "contact",
            Field::Institution => "institution",
            Field::Partner => "partner",
            Field::Partnership => "partnership",
            Field::Parent => "parent",
        }
    }

    /// How much a match in this field counts, in percent of a title match.
    pub(crate) fn weight(self) -> i32 {
        match self {
            Field::Title | Field::Id => 100,
            Field::Name | Field::ShortName => 95,
            Field::Body => 40,
            Field::Contact
            | Field::Institution
            | Field::Partner
            | Field::Partnership
            | Field::Parent => 45,
            _ => 50,
        }
    }
}

/// One searchable text of a record, as entered. Offsets are relative to
/// the start of the record's text. Plain numbers only, so that a saved
/// index is used straight from its file (see `super::saved`).
#[derive(Debug, Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub(crate) struct FieldSpan {
    pub start: u32,
    pub end: u32,
    /// The [`Field`] (`field as u8`).
    field: u8,
    /// Whether records that refer to this one search this field too
    /// (names and titles are lent; tags and owners are not).
    lend: u8,
    /// 1: the field is another record's, lent to this one, and its
    /// offsets are where that record's text lies in the whole arena (the
    /// text is stored once, with the record it belongs to).
    lent: u8,
    _pad: u8,
}

impl FieldSpan {
    pub fn new(start: u32, end: u32, field: Field, lend: bool) -> FieldSpan {
        FieldSpan {
            start,
            end,
            field: field as u8,
            lend: u8::from(lend),
            lent: 0,
            _pad: 0,
        }
    }

    /// Another record's field lent to this one as `kind`, its text at
    /// `start..end` of the whole arena.
    pub fn lent(start: u32, end: u32, kind: Field) -> FieldSpan {
        FieldSpan {
            lent: 1,
            ..FieldSpan::new(start, end, kind, false)
        }
    }

    /// Whether the offsets are in the whole arena (see [`FieldSpan::lent`]).
    pub fn is_lent(&self) -> bool {
        self.lent != 0
    }

    pub fn field(&self) -> Field {
        Field::of(self.field)
    }

    pub fn lends(&self) -> bool {
        self.lend != 0
    }
}

/// A spelling is searched up to this many bytes (its length is kept in
/// 16 bits; no name comes near).
pub(crate) const MAX_SPELLING_BYTES: usize = u16::MAX as usize;

/// Another reading of a polyphonic character is spelled for characters
/// before this position only (its position is kept in 13 bits).
pub(crate) const MAX_ALT_POS: usize = 1 << 13;

/// … and for readings among the first this many of a character's.
pub(crate) const MAX_ALT_READING: usize = 1 << 4;

/// One derived spelling of a field. Offsets are relative to the start of
/// the record's text (of the whole arena for a lent one). Plain numbers
/// only, like [`FieldSpan`]; 24 bytes, read for every spelling of every
/// record a search does not rule out.
#[derive(Debug, Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub(crate) struct Span {
    /// Every character ([`SpanMask::all`]).
    pub all: u64,
    /// Characters that start a word ([`SpanMask::starts`]).
    starts: u32,
    pub start: u32,
    /// Bytes, at most [`MAX_SPELLING_BYTES`].
    len: u16,
    /// Index of the field among the record's fields.
    pub field: u16,
    /// Bits 0–4: what the field is, to this record (`Field as u8`);
    /// 5: another record's spelling, lent to this one, its offsets in the
    /// whole arena (see [`FieldSpan::lent`]); 6–8, 9–12 and 19–31: the
    /// [`Variant`]'s tag, reading and position ([`Variant::code`]);
    /// 13–18: the first character's bit of [`SpanMask::first`], plus one
    /// (0: none).
    code: u32,
}

const KIND_BITS: u32 = 0x1f;
const LENT: u32 = 1 << 5;
const TAG_AT: u32 = 6;
const READING_AT: u32 = 9;
const FIRST_AT: u32 = 13;
const POS_AT: u32 = 19;

impl Span {
    /// A spelling of `start..end` (callers keep it within
    /// [`MAX_SPELLING_BYTES`], and an alternative reading's place within
    /// [`MAX_ALT_POS`] and [`MAX_ALT_READING`]).
    pub fn new(
        mask: SpanMask,
        (start, end): (u32, u32),
        variant: Variant,
        field: u16,
        kind: Field,
    ) -> Span {
        let (tag, pos, reading) = variant.code();
        let first = match mask.first {
            0 => 0,
            bit => bit.trailing_zeros() + 1,
        };
        let code = (kind as u32 & KIND_BITS)
            | (u32::from(tag) & 7) << TAG_AT
            | (u32::from(reading) & 0xf) << READING_AT
            | (first & 0x3f) << FIRST_AT
            | (u32::from(pos) & 0x1fff) << POS_AT;
        Span {
            all: mask.all,
            starts: mask.starts,
            start,
            len: u16::try_from(end.saturating_sub(start)).unwrap_or(u16::MAX),
            field,
            code,
        }
    }

    /// The character summary the spelling was made with.
    pub fn mask(&self) -> SpanMask {
        let first = (self.code >> FIRST_AT) & 0x3f;
        SpanMask {
            all: self.all,
            starts: self.starts,
            first: first
                .checked_sub(1)
                .and_then(|b| 1u32.checked_shl(b))
                .unwrap_or(0),
        }
    }

    /// Where the spelling ends.
    pub fn end(&self) -> u32 {
        self.start.saturating_add(u32::from(self.len))
    }

    /// Its length in bytes.
    pub fn bytes(&self) -> u32 {
        u32::from(self.len)
    }

    pub fn variant(&self) -> Variant {
        let tag = (self.code >> TAG_AT) & 7;
        let reading = (self.code >> READING_AT) & 0xf;
        let pos = (self.code >> POS_AT) & 0x1fff;
        Variant::from_code(tag as u8, pos as u16, reading as u8).unwrap_or(Variant::Fold)
    }

    pub fn kind(&self) -> Field {
        Field::of((self.code & KIND_BITS) as u8)
    }

    /// The same spelling lent to another record, as a field of another
    /// kind, its text starting at `start` of the whole arena.
    pub fn lent(&self, start: u32, field: u16, kind: Field) -> Span {
        Span {
            start,
            field,
            code: (self.code & !KIND_BITS) | (kind as u32 & KIND_BITS) | LENT,
            ..*self
        }
    }

    /// Another reading of a polyphonic character: skipped once the usual
    /// spellings gave a run.
    pub fn alt(&self) -> bool {
        // The tags of `Variant::PinyinAlt` and `Variant::InitialsAlt`.
        matches!((self.code >> TAG_AT) & 7, 4 | 5)
    }

    /// Whether the offsets are in the whole arena (see [`Span::lent`]).
    pub fn is_lent(&self) -> bool {
        self.code & LENT != 0
    }
}

/// The text after the first line, cut to [`MAX_BODY_CHARS`] characters.
fn body(text: &str) -> &str {
    let rest = text.split_once('\n').map(|(_, r)| r).unwrap_or("");
    cut(rest)
}

fn cut(text: &str) -> &str {
    match text.char_indices().nth(MAX_BODY_CHARS) {
        Some((b, _)) => text.get(..b).unwrap_or(text),
        None => text,
    }
}

/// Calls `add` with every searchable text of a record (without what it
/// borrows from the records it refers to; see [`links`]): the title first,
/// then other names, the id, and the other fields. `add` is told whether
/// records referring to this one search the text too.
pub(crate) fn fields_of(record: &Record, add: &mut impl FnMut(Field, &str, bool)) {
    add(Field::Title, &record.title(), true);
    let id = record.id().to_string();
    match record {
        Record::Institution(r) => {
            for n in r.names.iter().skip(1) {
                add(Field::Name, &n.text, true);
            }
            add(Field::ShortName, &r.short_name, true);
            add(Field::Id, &id, false);
            add(Field::Country, &r.country, false);
            let country = country_name(r.country.trim());
            if country != r.country.trim() {
                add(Field::Country, &country, false);
            }
            add(Field::City, &r.city, false);
            for t in &r.tags {
                add(Field::Tag, t, false);
            }
        }
        Record::Contact(r) => {
            for n in r.names.iter().skip(1) {
                add(Field::Name, &n.text, true);
            }
            add(Field::Id, &id, false);
            add(Field::Role, &r.title, false);
            add(Field::Email, &r.email, false);
        }
        Record::Partnership(r) => {
            add(Field::Id, &id, false);
            for a in &r.areas {
                add(Field::Area, a, false);
            }
            add(Field::Owner, &r.owner, false);
            add(Field::Body, cut(&r.description), false);
        }
        Record::Agreement(r) => {
            add(Field::Id, &id, false);
            add(Field::Instrument, r.kind.name(), false);
            for s in &r.scope {
                add(Field::Scope, s, false);
            }
            for s in &r.signatories {
                add(Field::Signatory, s, false);
            }
            add(Field::Owner, &r.owner, false);
        }
        Record::Action(r) => {
            add(Field::Id, &id, false);
            add(Field::Owner, &r.owner, false);
        }
        Record::FollowUp(r) => {
            add(Field::Id, &id, false);
            add(Field::Owner, &r.owner, false);
        }
        Record::Note(r) => {
            add(Field::Id, &id, false);
            add(Field::Body, body(&r.text), false);
            add(Field::Owner, &r.author, false);
        }
    }
}

/// A record's entry searches the lent spellings of another record's entry,
/// under the name `field` ("partner", "contact"…).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Link {
    pub owner: Id,
    pub source: Id,
    pub field: Field,
}

/// The links a record declares: a partnership searches its partners'
/// names, an institution its contacts' names, an item its parent's title…
pub(crate) fn links(record: &Record) -> Vec<Link> {
    let mut out = Vec::new();
    links_into(record, &mut out);
    out
}

/// [`links`], appended to `out` (no allocation per record when `out` is
/// reused).
pub(crate) fn links_into(record: &Record, out: &mut Vec<Link>) {
    let id = record.id();
    let to = |source: Id, field: Field| Link {
        owner: id,
        source,
        field,
    };
    match record {
        Record::Institution(_) => {}
        Record::Contact(r) => out.extend([
            to(r.institution, Field::Institution),
            Link {
                owner: r.institution,
                source: id,
                field: Field::Contact,
            },
        ]),
        Record::Partnership(r) => out.extend(r.partners.iter().map(|p| to(*p, Field::Partner))),
        Record::Agreement(r) => out.extend(
            std::iter::once(to(r.partnership, Field::Partnership))
                .chain(r.parties.iter().map(|p| to(*p, Field::Partner))),
        ),
        Record::Action(r) => out.push(to(r.parent, Field::Parent)),
        Record::FollowUp(r) => out.push(to(r.parent, Field::Parent)),
        Record::Note(r) => out.push(to(r.parent, Field::Parent)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything a spelling was made with comes back out of its 24 bytes.
    #[test]
    fn a_spelling_keeps_what_it_was_made_with() {
        let variants = [
            Variant::Fold,
            Variant::Latin,
            Variant::Russian,
            Variant::Initials,
            Variant::PinyinAlt {
                pos: (MAX_ALT_POS - 1) as u16,
                reading: (MAX_ALT_READING - 1) as u8,
            },
            Variant::InitialsAlt { pos: 3, reading: 1 },
            Variant::LatinV,
            Variant::LatinYu,
        ];
        for (i, &variant) in variants.iter().enumerate() {
            for (k, &kind) in Field::ALL.iter().enumerate() {
                let mut masks = super::super::derive::Masks::default();
                let text = ["Shou Gang", "9 zz", "", "Éa"][(i + k) % 4];
                let mask = masks.add(text, k % 2 == 0);
                let end = 7 + MAX_SPELLING_BYTES as u32 * (k as u32 % 2);
                let span = Span::new(mask, (7, end), variant, k as u16, kind);
                assert_eq!(span.variant(), variant);
                assert_eq!(span.kind(), kind);
                assert_eq!((span.start, span.end(), span.field), (7, end, k as u16));
                assert_eq!(span.mask(), mask, "{text}");
                let alt = matches!(
                    variant,
                    Variant::PinyinAlt { .. } | Variant::InitialsAlt { .. }
                );
                assert_eq!(span.alt(), alt);
                assert!(!span.is_lent());
                let lent = span.lent(1 << 30, 9, Field::Partner);
                assert!(lent.is_lent());
                assert_eq!(lent.kind(), Field::Partner);
                assert_eq!(
                    (lent.start, lent.bytes(), lent.field),
                    (1 << 30, span.bytes(), 9)
                );
                assert_eq!(
                    (lent.variant(), lent.alt(), lent.mask()),
                    (variant, alt, mask)
                );
            }
        }
    }
}

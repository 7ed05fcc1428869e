//! What search knows of one record: its searchable texts and their derived
//! spellings, packed into one string per record.

use crate::model::{Id, Record, country_name};

use super::derive::{Masks, SpanMask, Variant, derive, variants};

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
/// the start of the record's text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FieldSpan {
    pub start: u32,
    pub end: u32,
    pub field: Field,
    /// Whether records that refer to this one search this field too
    /// (names and titles are lent; tags and owners are not).
    pub lend: bool,
}

/// One derived spelling of a field. Offsets are relative to the start of
/// the record's text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    pub mask: SpanMask,
    pub start: u32,
    pub end: u32,
    pub variant: Variant,
    /// Index of the field among the record's fields.
    pub field: u16,
    /// What the field is, to this record.
    pub kind: Field,
    /// Another reading of a polyphonic character: skipped once the usual
    /// spellings gave a run.
    pub alt: bool,
}

/// The searchable texts of one record and their spellings, before they
/// are laid out in the index. Field 0 is always the title.
#[derive(Debug, Clone, Default)]
pub(crate) struct EntryData {
    /// The texts as entered, then every derived spelling.
    pub text: String,
    pub fields: Vec<FieldSpan>,
    pub spans: Vec<Span>,
    /// Summary of every spelling.
    pub masks: Masks,
    /// Summary of the lent spellings.
    pub lend_masks: Masks,
}

/// Collects fields and spells them.
struct Builder {
    data: EntryData,
}

impl Builder {
    fn new() -> Builder {
        Builder {
            data: EntryData::default(),
        }
    }

    fn add(&mut self, field: Field, text: &str, lend: bool) {
        if text.trim().is_empty() && field != Field::Title {
            return;
        }
        let d = &mut self.data;
        let start = d.text.len() as u32;
        d.text.push_str(text);
        d.fields.push(FieldSpan {
            start,
            end: d.text.len() as u32,
            field,
            lend,
        });
    }

    fn finish(mut self) -> EntryData {
        let d = &mut self.data;
        let originals = d.text.clone();
        d.text.reserve(originals.len() * 3);
        let mut spellings = Vec::new();
        for (i, f) in d.fields.iter().enumerate() {
            let text = originals
                .get(f.start as usize..f.end as usize)
                .unwrap_or("");
            variants(text, &mut spellings);
            let first_of_field = d.spans.len();
            for &variant in &spellings {
                let start = d.text.len();
                derive(text, variant, &mut d.text, None);
                let spelled = d.text.get(start..).unwrap_or("");
                let repeated = d.spans[first_of_field..]
                    .iter()
                    .any(|e| d.text.get(e.start as usize..e.end as usize) == Some(spelled));
                if spelled.is_empty() || repeated {
                    d.text.truncate(start);
                    continue;
                }
                let alt = matches!(
                    variant,
                    Variant::PinyinAlt { .. } | Variant::InitialsAlt { .. }
                );
                // Lent fields are all names (or titles).
                let mut summary = Masks::default();
                let mask = summary.add(spelled, f.field.weight() >= 95);
                d.masks.merge(&summary);
                // Other readings are not lent (see `Arena::write`).
                if f.lend && !alt {
                    d.lend_masks.merge(&summary);
                }
                d.spans.push(Span {
                    mask,
                    start: start as u32,
                    end: d.text.len() as u32,
                    variant,
                    field: i as u16,
                    kind: f.field,
                    alt,
                });
            }
        }
        d.text.shrink_to_fit();
        self.data
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

/// Builds the searchable texts of a record (without what it borrows from
/// the records it refers to; see [`links`]).
pub(crate) fn entry_data(record: &Record) -> EntryData {
    let mut b = Builder::new();
    b.add(Field::Title, &record.title(), true);
    let id = record.id().to_string();
    match record {
        Record::Institution(r) => {
            for n in r.names.iter().skip(1) {
                b.add(Field::Name, &n.text, true);
            }
            b.add(Field::ShortName, &r.short_name, true);
            b.add(Field::Id, &id, false);
            b.add(Field::Country, &r.country, false);
            let country = country_name(r.country.trim());
            if country != r.country.trim() {
                b.add(Field::Country, &country, false);
            }
            b.add(Field::City, &r.city, false);
            for t in &r.tags {
                b.add(Field::Tag, t, false);
            }
        }
        Record::Contact(r) => {
            for n in r.names.iter().skip(1) {
                b.add(Field::Name, &n.text, true);
            }
            b.add(Field::Id, &id, false);
            b.add(Field::Role, &r.title, false);
            b.add(Field::Email, &r.email, false);
        }
        Record::Partnership(r) => {
            b.add(Field::Id, &id, false);
            for a in &r.areas {
                b.add(Field::Area, a, false);
            }
            b.add(Field::Owner, &r.owner, false);
            b.add(Field::Body, cut(&r.description), false);
        }
        Record::Agreement(r) => {
            b.add(Field::Id, &id, false);
            b.add(Field::Instrument, r.kind.name(), false);
            for s in &r.scope {
                b.add(Field::Scope, s, false);
            }
            for s in &r.signatories {
                b.add(Field::Signatory, s, false);
            }
            b.add(Field::Owner, &r.owner, false);
        }
        Record::Action(r) => {
            b.add(Field::Id, &id, false);
            b.add(Field::Owner, &r.owner, false);
        }
        Record::FollowUp(r) => {
            b.add(Field::Id, &id, false);
            b.add(Field::Owner, &r.owner, false);
        }
        Record::Note(r) => {
            b.add(Field::Id, &id, false);
            b.add(Field::Body, body(&r.text), false);
            b.add(Field::Owner, &r.author, false);
        }
    }
    b.finish()
}

/// [`entry_data`] for many records, on every core when there are many.
pub(crate) fn spell_all(records: &[Record]) -> Vec<EntryData> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads < 2 || records.len() < 4096 {
        return records.iter().map(entry_data).collect();
    }
    let chunk = records.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let jobs: Vec<_> = records
            .chunks(chunk)
            .map(|part| {
                (
                    part,
                    scope.spawn(move || part.iter().map(entry_data).collect::<Vec<_>>()),
                )
            })
            .collect();
        let mut out = Vec::with_capacity(records.len());
        for (part, job) in jobs {
            match job.join() {
                Ok(datas) => out.extend(datas),
                // A thread that could not finish: spell its records here.
                Err(_) => out.extend(part.iter().map(entry_data)),
            }
        }
        out
    })
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
    let id = record.id();
    let to = |source: Id, field: Field| Link {
        owner: id,
        source,
        field,
    };
    match record {
        Record::Institution(_) => Vec::new(),
        Record::Contact(r) => vec![
            to(r.institution, Field::Institution),
            Link {
                owner: r.institution,
                source: id,
                field: Field::Contact,
            },
        ],
        Record::Partnership(r) => r.partners.iter().map(|p| to(*p, Field::Partner)).collect(),
        Record::Agreement(r) => std::iter::once(to(r.partnership, Field::Partnership))
            .chain(r.parties.iter().map(|p| to(*p, Field::Partner)))
            .collect(),
        Record::Action(r) => vec![to(r.parent, Field::Parent)],
        Record::FollowUp(r) => vec![to(r.parent, Field::Parent)],
        Record::Note(r) => vec![to(r.parent, Field::Parent)],
    }
}

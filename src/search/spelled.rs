//! Spelling records: their searchable texts and every derived spelling,
//! written back to back into one buffer for many records (no allocation
//! per record), before they are laid out in the index.

use crate::model::Record;

use super::derive::{Masks, Variant, derive, variants};
use super::entry::{Field, FieldSpan, MAX_SPELLING_BYTES, Span, fields_of};

/// One record's own data: its texts as entered, then its spellings, with
/// fields and spans whose offsets are relative to the start of `text`.
/// Field 0 is always the title.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Own<'a> {
    pub text: &'a str,
    pub fields: &'a [FieldSpan],
    pub spans: &'a [Span],
}

/// Where one record's data lies in a [`Spelled`] buffer, and its summaries.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Item {
    text: (usize, usize),
    fields: (usize, usize),
    spans: (usize, usize),
    /// Summary of every spelling.
    pub masks: Masks,
    /// Summary of the spellings lent to records that refer to this one.
    pub lend_masks: Masks,
    /// Characters in the shortest of its own names and titles, in any
    /// spelling (not its id; `usize::MAX` without any): see
    /// [`super::slots::Hot::finest`].
    pub shortest: usize,
}

/// Many records' own data, back to back.
#[derive(Debug, Default)]
pub(crate) struct Spelled {
    text: String,
    fields: Vec<FieldSpan>,
    spans: Vec<Span>,
    items: Vec<Item>,
    /// The texts of the record being spelled, as entered.
    originals: String,
    variants: Vec<Variant>,
}

impl Spelled {
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn get(&self, i: usize) -> Option<(Own<'_>, &Item)> {
        self.own_of(self.items.get(i)?)
    }

    fn own_of<'a>(&'a self, item: &'a Item) -> Option<(Own<'a>, &'a Item)> {
        let own = Own {
            text: self.text.get(item.text.0..item.text.1)?,
            fields: self.fields.get(item.fields.0..item.fields.1)?,
            spans: self.spans.get(item.spans.0..item.spans.1)?,
        };
        Some((own, item))
    }

    /// Spells a record and appends it.
    pub fn push(&mut self, record: &Record) {
        let start = (self.text.len(), self.fields.len(), self.spans.len());
        self.originals.clear();
        let (originals, fields) = (&mut self.originals, &mut self.fields);
        fields_of(record, &mut |field, text, lend| {
            if text.trim().is_empty() && field != Field::Title {
                return;
            }
            let at = originals.len() as u32;
            originals.push_str(text);
            fields.push(FieldSpan::new(at, originals.len() as u32, field, lend));
        });
        self.text.push_str(&self.originals);
        let mut item = Item {
            text: (start.0, 0),
            fields: (start.1, self.fields.len()),
            spans: (start.2, 0),
            masks: Masks::default(),
            lend_masks: Masks::default(),
            shortest: usize::MAX,
        };
        for i in start.1..self.fields.len() {
            self.spell_field(start.0, i, &mut item);
        }
        item.text.1 = self.text.len();
        item.spans.1 = self.spans.len();
        if let Some((own, _)) = self.own_of(&item) {
            item.shortest = shortest(own);
        }
        self.items.push(item);
    }

    /// Appends the spellings of field `i` of the record that starts at
    /// byte `base` of the buffer.
    fn spell_field(&mut self, base: usize, i: usize, item: &mut Item) {
        let Some(&f) = self.fields.get(i) else {
            return;
        };
        let index = (i - item.fields.0) as u16;
        let named = f.field().weight() >= 95;
        let Some(text) = self.originals.get(f.start as usize..f.end as usize) else {
            return;
        };
        if text.is_ascii() {
            // ASCII text is searched as entered: matching ignores ASCII case,
            // and its one spelling would be its lower case.
            let text = text.get(..MAX_SPELLING_BYTES).unwrap_or(text);
            let mut summary = Masks::default();
            let mask = summary.add(text, named);
            item.masks.merge(&summary);
            if f.lends() {
                item.lend_masks.merge(&summary);
            }
            if !text.is_empty() {
                self.spans.push(Span::new(
                    mask,
                    (f.start, f.start + text.len() as u32),
                    Variant::Fold,
                    index,
                    f.field(),
                ));
            }
            return;
        }
        variants(text, &mut self.variants);
        let first_of_field = self.spans.len();
        for &variant in &self.variants {
            let start = self.text.len();
            derive(text, variant, &mut self.text, None);
            let mut end = self.text.len().min(start + MAX_SPELLING_BYTES);
            while !self.text.is_char_boundary(end) {
                end -= 1;
            }
            self.text.truncate(end);
            let spelled = self.text.get(start..).unwrap_or("");
            let repeated = self
                .spans
                .get(first_of_field..)
                .unwrap_or(&[])
                .iter()
                .any(|e| {
                    self.text
                        .get(base + e.start as usize..base + e.end() as usize)
                        == Some(spelled)
                });
            if spelled.is_empty() || repeated {
                self.text.truncate(start);
                continue;
            }
            let alt = matches!(
                variant,
                Variant::PinyinAlt { .. } | Variant::InitialsAlt { .. }
            );
            let mut summary = Masks::default();
            let mask = summary.add(spelled, named);
            item.masks.merge(&summary);
            // Lent fields are all names (or titles); other readings of
            // polyphonic characters are not lent (see `Arena::write`).
            if f.lends() && !alt {
                item.lend_masks.merge(&summary);
            }
            self.spans.push(Span::new(
                mask,
                ((start - base) as u32, (self.text.len() - base) as u32),
                variant,
                index,
                f.field(),
            ));
        }
    }

    /// Appends a copy of a record's own data (masks are not kept).
    pub fn push_own(&mut self, own: Own<'_>) {
        let item = Item {
            text: (self.text.len(), self.text.len() + own.text.len()),
            fields: (self.fields.len(), self.fields.len() + own.fields.len()),
            spans: (self.spans.len(), self.spans.len() + own.spans.len()),
            masks: Masks::default(),
            lend_masks: Masks::default(),
            shortest: usize::MAX,
        };
        self.text.push_str(own.text);
        self.fields.extend_from_slice(own.fields);
        self.spans.extend_from_slice(own.spans);
        self.items.push(item);
    }
}

/// Characters in the shortest of a record's own names and titles, in any
/// spelling, its id left out (`usize::MAX` without any).
pub(crate) fn shortest(own: Own<'_>) -> usize {
    own.spans
        .iter()
        .filter(|s| s.kind().weight() >= 95 && s.kind() != Field::Id)
        .map(|s| {
            let text = own
                .text
                .get(s.start as usize..s.end() as usize)
                .unwrap_or("");
            text.chars().count()
        })
        .min()
        .unwrap_or(usize::MAX)
}

/// The masks of a record's own spellings and of those it lends, as
/// [`Spelled::push`] computes them (for an index loaded from a saved copy,
/// which keeps neither).
pub(crate) fn masks_of(own: Own<'_>) -> (Masks, Masks) {
    let (mut all, mut lent) = (Masks::default(), Masks::default());
    for s in own.spans {
        let text = own
            .text
            .get(s.start as usize..s.end() as usize)
            .unwrap_or("");
        let mut summary = Masks::default();
        summary.add(text, s.kind().weight() >= 95);
        all.merge(&summary);
        let lends = own
            .fields
            .get(usize::from(s.field))
            .is_some_and(|f| f.lends());
        if lends && !s.alt() {
            lent.merge(&summary);
        }
    }
    (all, lent)
}

/// Spells every record, on every core when there are many: the parts
/// returned hold the records in order.
pub(crate) fn spell_all(records: &[Record]) -> Vec<Spelled> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let spell = |part: &[Record]| {
        let mut s = Spelled {
            text: String::with_capacity(part.len() * 160),
            fields: Vec::with_capacity(part.len() * 6),
            spans: Vec::with_capacity(part.len() * 8),
            items: Vec::with_capacity(part.len()),
            ..Spelled::default()
        };
        part.iter().for_each(|r| s.push(r));
        s
    };
    if threads < 2 || records.len() < 4096 {
        return vec![spell(records)];
    }
    let chunk = records.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let jobs: Vec<_> = records
            .chunks(chunk)
            .map(|part| (part, scope.spawn(move || spell(part))))
            .collect();
        jobs.into_iter()
            .map(|(part, job)| {
                // A thread that could not finish: spell its records here.
                job.join().unwrap_or_else(|_| spell(part))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    #[test]
    fn each_record_gets_its_own_texts_and_spellings() {
        let mut s = Spelled::default();
        for (n, name) in [(1, "北京大学首钢医院"), (2, "Université"), (3, "Peking")] {
            s.push(&Record::Institution(Institution {
                id: Id::new(Kind::Institution, n),
                names: vec![Name::new(name, "")],
                short_name: String::new(),
                country: "CN".into(),
                city: String::new(),
                kind: InstitutionKind::Hospital,
                tags: Vec::new(),
                website: String::new(),
                home: false,
            }));
        }
        assert_eq!(s.len(), 3);
        let (own, _) = s.get(0).unwrap();
        let spelled: Vec<&str> = own
            .spans
            .iter()
            .filter(|sp| sp.field == 0)
            .map(|sp| &own.text[sp.start as usize..sp.end() as usize])
            .collect();
        assert!(
            spelled.contains(&"BeiJingDaXueShouGangYiYuan"),
            "{spelled:?}"
        );
        assert!(spelled.contains(&"BJDXSGYY"), "{spelled:?}");
        let (own, _) = s.get(1).unwrap();
        assert_eq!(&own.text[..own.fields[0].end as usize], "Université");
        let title_spans: Vec<&str> = own
            .spans
            .iter()
            .filter(|sp| sp.field == 0)
            .map(|sp| &own.text[sp.start as usize..sp.end() as usize])
            .collect();
        assert_eq!(title_spans, ["universite"]);
        // The masks can be worked out again from the spellings alone.
        for i in 0..s.len() {
            let (own, item) = s.get(i).unwrap();
            assert_eq!(masks_of(own), (item.masks, item.lend_masks), "{i}");
        }
        // ASCII is searched as entered.
        let (own, _) = s.get(2).unwrap();
        let sp = own.spans[0];
        assert_eq!(&own.text[sp.start as usize..sp.end() as usize], "Peking");
        assert!(s.get(3).is_none());
    }
}

//! What a register row (one row per agreement) brings besides its own
//! record: partners not yet known (with `--create-missing`), the
//! partnership found from the parties or created after them, and the
//! remarks kept as a note.

use super::headers::ColumnMap;
use super::msg::msg;
use super::names::{add_spelling, detect_lang, party_items, spellings};
use super::plan::Planner;
use super::row::{Miss, Problem};
use super::source::Row;
use super::values::looks_like_formula;
use super::{Source, vocab};
use crate::model::*;

impl Planner {
    /// With `--create-missing`: creates, in the index, the institutions
    /// the party or partner column names that are not there yet, with
    /// both spellings of a bilingual name and the row's country.
    pub(super) fn create_partners(
        &mut self,
        kind: Kind,
        cols: &ColumnMap,
        row: &Row,
        formulas: &mut Vec<Problem>,
    ) -> Result<(), Vec<Problem>> {
        let (ids, names) = match kind {
            Kind::Agreement => ("parties", "party_names"),
            Kind::Partnership => ("partners", "partner_names"),
            _ => return Ok(()),
        };
        let mut r = self.reader(cols, row);
        let missing: Vec<String> = match (r.filled(ids), r.filled(names)) {
            (None, Some(cell)) => party_items(&cell)
                .into_iter()
                .filter(|i| matches!(r.find(i, &[Kind::Institution]), Err(Miss::Nothing)))
                .collect(),
            _ => Vec::new(),
        };
        let country = r.filled("country");
        let header = r.cols.header_of.get(names).cloned();
        formulas.append(&mut r.formulas);
        if missing.is_empty() {
            return Ok(());
        }
        let country = match country.map(|c| vocab::country(&c)) {
            Some(Ok(c)) => c,
            Some(Err(e)) => {
                return Err(vec![Problem {
                    column: cols.header_of.get("country").cloned(),
                    reason: e,
                }]);
            }
            None => String::new(),
        };
        if let Some(f) = missing.iter().find(|i| looks_like_formula(i)) {
            return Err(vec![Problem {
                column: header,
                reason: msg!("formula_not_partner", text = f),
            }]);
        }
        for item in missing {
            let taken = spellings(&item)
                .iter()
                .any(|s| !self.index.named(Kind::Institution, s).is_empty());
            if taken {
                continue;
            }
            let id = self.allocate(Kind::Institution);
            let mut names = Vec::new();
            for s in spellings(&item) {
                add_spelling(&mut names, &s, detect_lang(&s));
            }
            let record = Record::Institution(Institution {
                id,
                names,
                short_name: String::new(),
                country: country.clone(),
                city: String::new(),
                kind: guess_kind(&item),
                tags: Vec::new(),
                website: String::new(),
                home: false,
            });
            if let Err(invalid) = validate(&record, &|_| None) {
                let why: Vec<String> = invalid.errors.iter().map(|e| e.message.clone()).collect();
                return Err(vec![Problem {
                    column: header,
                    reason: msg!("cannot_create_partner", name = item, why = why.join("; ")),
                }]);
            }
            self.index.put(record);
            self.pending.push((id, msg!("new_partner")));
        }
        Ok(())
    }

    /// The partnership of an agreement row that names none: the one
    /// whose partners are its parties (or include them), else a new one
    /// named after the partners. Returns what the report says about it.
    pub(super) fn partnership_for(&mut self, a: &mut Agreement) -> Result<String, Problem> {
        let (exact, wider) = self.index.partnerships_of(&a.parties);
        let found = match (exact.as_slice(), wider.as_slice()) {
            ([one], _) | ([], [one]) => Some(*one),
            ([], []) => None,
            (exact, wider) => {
                let many = if exact.is_empty() { wider } else { exact };
                let shown: Vec<String> = many
                    .iter()
                    .take(5)
                    .map(|i| self.index.describe(*i))
                    .collect();
                return Err(Problem {
                    column: None,
                    reason: msg!("partnership_ambiguous", partnerships = shown.join(", ")),
                });
            }
        };
        if let Some(p) = found {
            a.partnership = p;
            return Ok(msg!("partnership_found", id = self.index.describe(p)));
        }
        let partners: Vec<Id> = a
            .parties
            .iter()
            .copied()
            .filter(|i| !matches!(self.index.get(*i), Some(Record::Institution(x)) if x.home))
            .collect();
        if partners.is_empty() {
            return Err(Problem {
                column: None,
                reason: msg!("agreement_needs_partnership_column"),
            });
        }
        let names: Vec<String> = partners
            .iter()
            .filter_map(|i| match self.index.get(*i) {
                Some(Record::Institution(x)) => x.names.first().map(|n| n.text.clone()),
                _ => None,
            })
            .collect();
        let base = names.join(" & ");
        let mut title = base.clone();
        let mut n = 2;
        while !self.index.named(Kind::Partnership, &title).is_empty() {
            title = format!("{base} ({n})");
            n += 1;
        }
        let id = self.allocate(Kind::Partnership);
        let status = match a.status {
            AgreementStatus::Draft | AgreementStatus::InReview => PartnershipStatus::Negotiating,
            AgreementStatus::Signed | AgreementStatus::Renewed => PartnershipStatus::Active,
            AgreementStatus::Expired | AgreementStatus::Terminated => PartnershipStatus::Closed,
        };
        self.index.put(Record::Partnership(Partnership {
            id,
            title: title.clone(),
            partners,
            status,
            areas: Vec::new(),
            owner: a.owner.clone(),
            start: a.signed,
            description: String::new(),
        }));
        self.pending.push((id, msg!("new_partnership")));
        a.partnership = id;
        Ok(msg!("partnership_new", id = id, title = title))
    }

    /// A register's remarks, kept as a note on the agreement (once).
    pub(super) fn remark(&mut self, cols: &ColumnMap, row: &Row, agreement: Id, source: &Source) {
        let mut r = self.reader(cols, row);
        let Some(text) = r.filled("notes") else {
            return;
        };
        if self.index.note_on(agreement, &text).is_some() {
            return;
        }
        let Some(date) = self.today else { return };
        let id = self.allocate(Kind::Note);
        let note = Record::Note(Note {
            id,
            parent: agreement,
            date,
            kind: NoteKind::Other,
            text,
            author: String::new(),
        });
        self.index.put(note);
        self.pending.push((id, msg!("new_remark", id = agreement)));
        self.flush_pending(source);
    }
}

/// The kind of an institution created from a name alone, from its words.
fn guess_kind(name: &str) -> InstitutionKind {
    let n = name.to_lowercase();
    let any = |words: &[&str]| words.iter().any(|w| n.contains(w));
    if any(&[
        "hospital",
        "clinic",
        "医院",
        "卫生院",
        "больница",
        "госпиталь",
    ]) {
        InstitutionKind::Hospital
    } else if any(&[
        "university",
        "college",
        "school",
        "大学",
        "学院",
        "университет",
    ]) {
        InstitutionKind::University
    } else if any(&["association", "society", "alliance", "协会", "学会", "联盟"]) {
        InstitutionKind::Association
    } else if any(&[
        "ministry",
        "government",
        "政府",
        "卫生健康委",
        "министерство",
    ]) {
        InstitutionKind::Government
    } else {
        InstitutionKind::Other
    }
}

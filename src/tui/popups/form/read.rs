//! Reading a form's fields back into a record: human dates, numbers,
//! lists and names, with each problem named by its field.

use chrono::NaiveDate;

use super::fields::{Field, Value};
use crate::dates::parse_date;
use crate::model::*;

/// Problems found while reading the fields (before validation).
pub type FieldProblems = Vec<(&'static str, String)>;

struct Reader<'a> {
    fields: &'a [Field],
    today: NaiveDate,
    words: &'a Words,
    problems: FieldProblems,
}

impl Reader<'_> {
    fn get(&self, name: &str) -> Option<&Value> {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| &f.value)
    }
    fn text(&self, name: &str) -> String {
        match self.get(name) {
            Some(
                Value::Text(i)
                | Value::Owner(i)
                | Value::List(i)
                | Value::Date(i)
                | Value::Number(i),
            ) => i.text().trim().to_string(),
            _ => String::new(),
        }
    }
    fn list(&self, name: &str) -> Vec<String> {
        let t = self.text(name);
        let sep: &[char] = if t.contains(';') || t.contains('；') {
            &[';', '；']
        } else {
            &[',', '，']
        };
        t.split(sep)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }
    fn date(&mut self, name: &'static str) -> Option<NaiveDate> {
        let t = self.text(name);
        if t.is_empty() {
            return None;
        }
        match parse_date(&t, self.today) {
            Ok(d) => Some(d),
            Err(_) => {
                let msg = self.words.bad_date.replace("{typed}", &t);
                self.problems.push((name, msg));
                None
            }
        }
    }
    fn required_date(&mut self, name: &'static str, msg: String) -> NaiveDate {
        match self.date(name) {
            Some(d) => d,
            None => {
                if !self.problems.iter().any(|(n, _)| *n == name) {
                    self.problems.push((name, msg));
                }
                self.today
            }
        }
    }
    fn number(&mut self, name: &'static str, msg: String) -> u32 {
        let t = self.text(name);
        if t.is_empty() {
            return 0;
        }
        t.parse().unwrap_or_else(|_| {
            self.problems.push((name, msg));
            0
        })
    }
    fn choice(&self, name: &str) -> &'static str {
        match self.get(name) {
            Some(Value::Choice(all, i)) => all.get(*i).copied().unwrap_or(""),
            _ => "",
        }
    }
    fn one(&self, name: &str) -> Id {
        match self.get(name) {
            Some(Value::Ref(kinds, id)) => id.unwrap_or(Id::new(
                kinds.first().copied().unwrap_or(Kind::Partnership),
                0,
            )),
            _ => Id::new(Kind::Partnership, 0),
        }
    }
    fn many(&self, name: &str) -> Vec<Id> {
        match self.get(name) {
            Some(Value::Refs(_, ids)) => ids.clone(),
            _ => Vec::new(),
        }
    }
    fn flag(&self, name: &str) -> bool {
        matches!(self.get(name), Some(Value::Flag(true)))
    }
    fn names(&self) -> Vec<Name> {
        let mut v = vec![Name::new(self.text("names"), self.text("name_lang"))];
        for item in self.list("other_names") {
            match item.split_once([':', '：']) {
                Some((l, t)) if l.trim().len() <= 8 && !l.trim().contains(' ') => {
                    v.push(Name::new(t.trim(), l.trim()))
                }
                _ => v.push(Name::new(item, "")),
            }
        }
        v
    }
}

/// Messages the reader needs, in the interface language.
pub struct Words {
    pub date_required: String,
    pub not_a_number: String,
    /// For a date that cannot be read; `{typed}` is replaced by the text.
    pub bad_date: String,
}

/// Reads the fields into a record of `base`'s kind (keeping what the form
/// does not show). Problems name the field.
pub fn read(
    base: &Record,
    fields: &[Field],
    today: NaiveDate,
    words: &Words,
) -> Result<Record, FieldProblems> {
    let mut r = Reader {
        fields,
        today,
        words,
        problems: Vec::new(),
    };
    let out = match base.clone() {
        Record::Institution(mut i) => {
            i.names = r.names();
            i.short_name = r.text("short_name");
            i.country = r.text("country").to_uppercase();
            i.city = r.text("city");
            i.kind = InstitutionKind::parse(r.choice("kind")).unwrap_or(i.kind);
            i.website = r.text("website");
            i.tags = r.list("tags");
            i.home = r.flag("home");
            Record::Institution(i)
        }
        Record::Contact(mut c) => {
            c.institution = r.one("institution");
            c.names = r.names();
            c.title = r.text("title");
            c.email = r.text("email");
            c.phone = r.text("phone");
            c.notes = r.text("notes");
            Record::Contact(c)
        }
        Record::Partnership(mut p) => {
            p.title = r.text("title");
            p.partners = r.many("partners");
            p.status = PartnershipStatus::parse(r.choice("status")).unwrap_or(p.status);
            p.owner = r.text("owner");
            p.start = r.date("start");
            p.areas = r.list("areas");
            p.description = r.text("description");
            Record::Partnership(p)
        }
        Record::Agreement(mut a) => {
            a.title = r.text("title");
            a.partnership = r.one("partnership");
            a.kind = AgreementKind::parse(r.choice("kind")).unwrap_or(a.kind);
            a.parties = r.many("parties");
            a.status = AgreementStatus::parse(r.choice("status")).unwrap_or(a.status);
            a.signed = r.date("signed");
            a.effective = r.date("effective");
            a.expires = r.date("expires");
            a.notice_days = r.number("notice_days", words.not_a_number.clone());
            a.scope = r.list("scope");
            a.signatories = r.list("signatories");
            a.document = r.text("document");
            a.owner = r.text("owner");
            Record::Agreement(a)
        }
        Record::Action(mut a) => {
            a.title = r.text("title");
            a.parent = r.one("parent");
            a.owner = r.text("owner");
            a.due = r.date("due");
            let st = ActionStatus::parse(r.choice("status")).unwrap_or(a.status);
            if st == ActionStatus::Done && a.status != ActionStatus::Done {
                a.completed = Some(today);
            }
            a.status = st;
            a.priority = Priority::parse(r.choice("priority")).unwrap_or(a.priority);
            Record::Action(a)
        }
        Record::FollowUp(mut x) => {
            x.title = r.text("title");
            x.parent = r.one("parent");
            x.due = r.required_date("due", words.date_required.clone());
            x.owner = r.text("owner");
            let st = FollowUpStatus::parse(r.choice("status")).unwrap_or(x.status);
            if st == FollowUpStatus::Done && x.status != FollowUpStatus::Done {
                x.completed = Some(today);
            }
            x.status = st;
            Record::FollowUp(x)
        }
        Record::Note(mut n) => {
            n.parent = r.one("parent");
            n.date = r.required_date("date", words.date_required.clone());
            n.kind = NoteKind::parse(r.choice("kind")).unwrap_or(n.kind);
            n.text = r.text("text");
            n.author = r.text("author");
            Record::Note(n)
        }
    };
    if r.problems.is_empty() {
        Ok(out)
    } else {
        Err(r.problems)
    }
}

#[cfg(test)]
mod tests {
    use super::super::blank::blank;
    use super::super::fields::*;
    use super::*;
    use crate::tui::widgets::input::LineInput;

    fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(|v| name(*v)).collect()
    }

    #[test]
    fn choice_lists_follow_the_vocabularies() {
        assert_eq!(
            INSTITUTION_KINDS,
            names(InstitutionKind::ALL, InstitutionKind::name)
        );
        assert_eq!(
            PARTNERSHIP_STATUSES,
            names(PartnershipStatus::ALL, PartnershipStatus::name)
        );
        assert_eq!(
            AGREEMENT_KINDS,
            names(AgreementKind::ALL, AgreementKind::name)
        );
        assert_eq!(
            AGREEMENT_STATUSES,
            names(AgreementStatus::ALL, AgreementStatus::name)
        );
        assert_eq!(
            ACTION_STATUSES,
            names(ActionStatus::ALL, ActionStatus::name)
        );
        assert_eq!(
            FOLLOWUP_STATUSES,
            names(FollowUpStatus::ALL, FollowUpStatus::name)
        );
        assert_eq!(PRIORITIES, names(Priority::ALL, Priority::name));
        assert_eq!(NOTE_KINDS, names(NoteKind::ALL, NoteKind::name));
    }

    #[test]
    fn every_kind_round_trips_through_its_form() {
        let today: NaiveDate = "2026-11-23".parse().unwrap();
        let words = Words {
            date_required: "req".into(),
            not_a_number: "nan".into(),
            bad_date: "'{typed}' is not a date".into(),
        };
        for r in crate::tui::fixture::records() {
            let back = read(&r, &fields_of(&r), today, &words).unwrap();
            assert_eq!(back, r, "{}", r.id());
        }
    }

    #[test]
    fn a_bad_date_is_reported_on_its_field() {
        let today: NaiveDate = "2026-11-23".parse().unwrap();
        let words = Words {
            date_required: "req".into(),
            not_a_number: "nan".into(),
            bad_date: "'{typed}' is not a date".into(),
        };
        let base = blank(Kind::Agreement, None, today);
        let mut fields = fields_of(&base);
        for f in &mut fields {
            if f.name == "expires" {
                f.value = Value::Date(LineInput::new("someday"));
            }
        }
        let e = read(&base, &fields, today, &words).unwrap_err();
        assert_eq!(e[0].0, "expires");
        assert!(e[0].1.contains("'someday' is not a date"));
    }
}

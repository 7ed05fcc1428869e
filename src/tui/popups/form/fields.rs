//! The fields of each record kind's form, filled from a record and read
//! back into one. Field names are the model's, so validation messages land
//! next to the right field.

use chrono::NaiveDate;

use crate::dates::parse_date;
use crate::model::*;
use crate::tui::widgets::input::LineInput;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(LineInput),
    /// A human date (`fri`, `+2w`, `2026-01-15`), read when saving.
    Date(LineInput),
    Number(LineInput),
    /// One of a vocabulary's machine names.
    Choice(&'static [&'static str], usize),
    /// A record chosen with a picker.
    Ref(Vec<Kind>, Option<Id>),
    Refs(Vec<Kind>, Vec<Id>),
    /// A person, typed or picked from the owners in use.
    Owner(LineInput),
    /// Items separated by `;` (or `,` for short words).
    List(LineInput),
    Flag(bool),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The model's field name (`title`, `expires`, `partners`…); the label
    /// is `field.<name>` in the catalog.
    pub name: &'static str,
    pub value: Value,
    pub required: bool,
}

fn f(name: &'static str, value: Value) -> Field {
    Field {
        name,
        value,
        required: false,
    }
}

fn req(name: &'static str, value: Value) -> Field {
    Field {
        name,
        value,
        required: true,
    }
}

fn text(s: &str) -> Value {
    Value::Text(LineInput::new(s))
}

fn date(d: Option<NaiveDate>) -> Value {
    Value::Date(LineInput::new(
        &d.map(|d| d.to_string()).unwrap_or_default(),
    ))
}

fn list(v: &[String]) -> Value {
    Value::List(LineInput::new(&v.join("; ")))
}

fn owner(s: &str) -> Value {
    Value::Owner(LineInput::new(s))
}

// Vocabulary names as static slices (the `name()` of each variant, in order).
const INSTITUTION_KINDS: &[&str] = &[
    "hospital",
    "university",
    "association",
    "government",
    "company",
    "other",
];
const PARTNERSHIP_STATUSES: &[&str] = &["prospect", "negotiating", "active", "dormant", "closed"];
const AGREEMENT_KINDS: &[&str] = &[
    "mou",
    "moa",
    "framework",
    "exchange",
    "letter_of_intent",
    "consortium",
];
const AGREEMENT_STATUSES: &[&str] = &[
    "draft",
    "in_review",
    "signed",
    "expired",
    "renewed",
    "terminated",
];
const ACTION_STATUSES: &[&str] = &["open", "in_progress", "blocked", "done", "cancelled"];
const FOLLOWUP_STATUSES: &[&str] = &["open", "done", "cancelled"];
const PRIORITIES: &[&str] = &["high", "normal", "low"];
const NOTE_KINDS: &[&str] = &[
    "meeting",
    "visit",
    "delegation",
    "call",
    "email",
    "signing",
    "other",
];

fn choice(all: &'static [&'static str], current: &str) -> Value {
    Value::Choice(all, all.iter().position(|n| *n == current).unwrap_or(0))
}

/// Any record a follow-up or note may hang under.
const ANY_PARENT: [Kind; 5] = [
    Kind::Partnership,
    Kind::Agreement,
    Kind::Action,
    Kind::Institution,
    Kind::Contact,
];

fn other_names(names: &[Name]) -> Value {
    let s = names
        .iter()
        .skip(1)
        .map(|n| {
            if n.lang.is_empty() {
                n.text.clone()
            } else {
                format!("{}: {}", n.lang, n.text)
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    Value::List(LineInput::new(&s))
}

/// The fields showing `r`.
pub fn fields_of(r: &Record) -> Vec<Field> {
    match r {
        Record::Institution(i) => {
            let first = i.names.first();
            vec![
                req(
                    "names",
                    text(first.map(|n| n.text.as_str()).unwrap_or_default()),
                ),
                f(
                    "name_lang",
                    text(first.map(|n| n.lang.as_str()).unwrap_or_default()),
                ),
                f("other_names", other_names(&i.names)),
                f("short_name", text(&i.short_name)),
                req("country", text(&i.country)),
                f("city", text(&i.city)),
                f("kind", choice(INSTITUTION_KINDS, i.kind.name())),
                f("website", text(&i.website)),
                f("tags", list(&i.tags)),
                f("home", Value::Flag(i.home)),
            ]
        }
        Record::Contact(c) => {
            let first = c.names.first();
            vec![
                req(
                    "institution",
                    Value::Ref(
                        vec![Kind::Institution],
                        Some(c.institution).filter(|i| i.n > 0),
                    ),
                ),
                req(
                    "names",
                    text(first.map(|n| n.text.as_str()).unwrap_or_default()),
                ),
                f(
                    "name_lang",
                    text(first.map(|n| n.lang.as_str()).unwrap_or_default()),
                ),
                f("other_names", other_names(&c.names)),
                f("title", text(&c.title)),
                f("email", text(&c.email)),
                f("phone", text(&c.phone)),
                f("notes", text(&c.notes)),
            ]
        }
        Record::Partnership(p) => vec![
            req("title", text(&p.title)),
            req(
                "partners",
                Value::Refs(vec![Kind::Institution], p.partners.clone()),
            ),
            f("status", choice(PARTNERSHIP_STATUSES, p.status.name())),
            f("owner", owner(&p.owner)),
            f("start", date(p.start)),
            f("areas", list(&p.areas)),
            f("description", text(&p.description)),
        ],
        Record::Agreement(a) => vec![
            req("title", text(&a.title)),
            req(
                "partnership",
                Value::Ref(
                    vec![Kind::Partnership],
                    Some(a.partnership).filter(|i| i.n > 0),
                ),
            ),
            f("kind", choice(AGREEMENT_KINDS, a.kind.name())),
            f(
                "parties",
                Value::Refs(vec![Kind::Institution], a.parties.clone()),
            ),
            f("status", choice(AGREEMENT_STATUSES, a.status.name())),
            f("signed", date(a.signed)),
            f("effective", date(a.effective)),
            f("expires", date(a.expires)),
            f(
                "notice_days",
                Value::Number(LineInput::new(&a.notice_days.to_string())),
            ),
            f("scope", list(&a.scope)),
            f("signatories", list(&a.signatories)),
            f("document", text(&a.document)),
            f("owner", owner(&a.owner)),
        ],
        Record::Action(a) => vec![
            req("title", text(&a.title)),
            req(
                "parent",
                Value::Ref(
                    vec![Kind::Agreement, Kind::Partnership],
                    Some(a.parent).filter(|i| i.n > 0),
                ),
            ),
            f("owner", owner(&a.owner)),
            f("due", date(a.due)),
            f("status", choice(ACTION_STATUSES, a.status.name())),
            f("priority", choice(PRIORITIES, a.priority.name())),
        ],
        Record::FollowUp(x) => vec![
            req("title", text(&x.title)),
            req(
                "parent",
                Value::Ref(ANY_PARENT.to_vec(), Some(x.parent).filter(|i| i.n > 0)),
            ),
            req("due", date(Some(x.due))),
            f("owner", owner(&x.owner)),
            f("status", choice(FOLLOWUP_STATUSES, x.status.name())),
        ],
        Record::Note(n) => vec![
            req(
                "parent",
                Value::Ref(ANY_PARENT.to_vec(), Some(n.parent).filter(|i| i.n > 0)),
            ),
            req("date", date(Some(n.date))),
            f("kind", choice(NOTE_KINDS, n.kind.name())),
            req("text", text(&n.text)),
            f("author", owner(&n.author)),
        ],
    }
}

/// Problems found while reading the fields (before validation).
pub type FieldProblems = Vec<(&'static str, String)>;

struct Reader<'a> {
    fields: &'a [Field],
    today: NaiveDate,
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
            Err(e) => {
                self.problems.push((name, e.to_string()));
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

/// A blank record of `kind` to start a new one from, linked to `parent`
/// where the kind allows it.
pub fn blank(kind: Kind, parent: Option<&Record>, today: NaiveDate) -> Record {
    let none = |k| Id::new(k, 0);
    let pid = |allowed: &[Kind], fallback: Kind| {
        parent
            .map(Record::id)
            .filter(|p| allowed.contains(&p.kind))
            .unwrap_or(none(fallback))
    };
    match kind {
        Kind::Institution => Record::Institution(Institution {
            id: none(kind),
            names: vec![Name::new("", "")],
            short_name: String::new(),
            country: String::new(),
            city: String::new(),
            kind: InstitutionKind::Hospital,
            tags: vec![],
            website: String::new(),
            home: false,
        }),
        Kind::Contact => Record::Contact(Contact {
            id: none(kind),
            institution: pid(&[Kind::Institution], Kind::Institution),
            names: vec![Name::new("", "")],
            title: String::new(),
            email: String::new(),
            phone: String::new(),
            notes: String::new(),
        }),
        Kind::Partnership => Record::Partnership(Partnership {
            id: none(kind),
            title: String::new(),
            partners: parent
                .filter(|p| p.kind() == Kind::Institution)
                .map(|p| vec![p.id()])
                .unwrap_or_default(),
            status: PartnershipStatus::Prospect,
            areas: vec![],
            owner: String::new(),
            start: None,
            description: String::new(),
        }),
        Kind::Agreement => {
            let (partnership, parties) = match parent {
                Some(Record::Partnership(p)) => (p.id, p.partners.clone()),
                _ => (none(Kind::Partnership), vec![]),
            };
            Record::Agreement(Agreement {
                id: none(kind),
                partnership,
                kind: AgreementKind::Mou,
                title: String::new(),
                parties,
                status: AgreementStatus::Draft,
                signed: None,
                effective: None,
                expires: None,
                notice_days: 90,
                scope: vec![],
                signatories: vec![],
                document: String::new(),
                owner: parent
                    .and_then(|p| p.owner())
                    .unwrap_or_default()
                    .to_string(),
                renewal_raised_for: None,
            })
        }
        Kind::Action => Record::Action(ActionItem {
            id: none(kind),
            parent: pid(&[Kind::Agreement, Kind::Partnership], Kind::Agreement),
            title: String::new(),
            owner: parent
                .and_then(|p| p.owner())
                .unwrap_or_default()
                .to_string(),
            due: None,
            status: ActionStatus::Open,
            priority: Priority::Normal,
            completed: None,
        }),
        Kind::FollowUp => Record::FollowUp(FollowUp {
            id: none(kind),
            parent: pid(&ANY_PARENT, Kind::Partnership),
            title: String::new(),
            due: today,
            owner: parent
                .and_then(|p| p.owner())
                .unwrap_or_default()
                .to_string(),
            status: FollowUpStatus::Open,
            completed: None,
        }),
        Kind::Note => Record::Note(Note {
            id: none(kind),
            parent: pid(&ANY_PARENT, Kind::Partnership),
            date: today,
            kind: NoteKind::Meeting,
            text: String::new(),
            author: String::new(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

//! The fields of each record kind's form, filled from a record. Field
//! names are the model's, so validation messages land next to the right
//! field; `read` turns the fields back into a record.

use chrono::NaiveDate;

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

impl Value {
    /// The same value, wherever the cursor stands in it.
    pub fn same(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Text(a), Value::Text(b))
            | (Value::Date(a), Value::Date(b))
            | (Value::Number(a), Value::Number(b))
            | (Value::Owner(a), Value::Owner(b))
            | (Value::List(a), Value::List(b)) => a.text() == b.text(),
            _ => self == other,
        }
    }
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

// The choices of each vocabulary, from the model (the `name()` of each variant, in order).
pub(super) const INSTITUTION_KINDS: &[&str] = InstitutionKind::NAMES;
pub(super) const PARTNERSHIP_STATUSES: &[&str] = PartnershipStatus::NAMES;
pub(super) const AGREEMENT_KINDS: &[&str] = AgreementKind::NAMES;
pub(super) const AGREEMENT_STATUSES: &[&str] = AgreementStatus::NAMES;
pub(super) const ACTION_STATUSES: &[&str] = ActionStatus::NAMES;
pub(super) const FOLLOWUP_STATUSES: &[&str] = FollowUpStatus::NAMES;
pub(super) const PRIORITIES: &[&str] = Priority::NAMES;
pub(super) const NOTE_KINDS: &[&str] = NoteKind::NAMES;

fn choice(all: &'static [&'static str], current: &str) -> Value {
    Value::Choice(all, all.iter().position(|n| *n == current).unwrap_or(0))
}

/// Any record a follow-up or note may hang under.
pub(super) const ANY_PARENT: [Kind; 5] = [
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

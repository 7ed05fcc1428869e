//! The columns of each entity in CSV and XLSX, and how a record fills them.
//! Import reads the same columns (see `import::fields`), so an export can
//! be edited in a spreadsheet and imported back.
//!
//! Lists (tags, partners, scope items…) are joined with "; "; a `;`, a
//! backslash or a line break inside an item is escaped with a backslash.
//! Names in other scripts are `lang:text` items (`zh:北京大学首钢医院`).
//! Columns marked derived (partner names, days to expiry…) are written
//! for readers and ignored by import when the id columns are present.

use chrono::NaiveDate;

use super::dataset::Dataset;
use crate::model::{Id, Kind, Name, Record};

/// One cell's value, typed so XLSX can write real dates and links.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Date(Option<NaiveDate>),
    Number(Option<i64>),
    Bool(bool),
    /// A reference to another record (an internal link in XLSX).
    Link(Option<Id>),
    /// Several references, written as a list.
    Links(Vec<Id>),
}

impl Value {
    /// The text of the value in a CSV cell (before neutralisation).
    pub fn text(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Date(d) => d.map(|d| d.to_string()).unwrap_or_default(),
            Value::Number(n) => n.map(|n| n.to_string()).unwrap_or_default(),
            Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
            Value::Link(id) => id.map(|i| i.to_string()).unwrap_or_default(),
            Value::Links(ids) => ids
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

/// The field names of an entity's columns, in order.
pub fn fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Institution => &[
            "id",
            "name",
            "name_lang",
            "other_names",
            "short_name",
            "country",
            "city",
            "type",
            "tags",
            "website",
            "home",
        ],
        Kind::Contact => &[
            "id",
            "institution",
            "institution_name",
            "name",
            "name_lang",
            "other_names",
            "title",
            "email",
            "phone",
            "notes",
        ],
        Kind::Partnership => &[
            "id",
            "title",
            "status",
            "partners",
            "partner_names",
            "areas",
            "owner",
            "start",
            "description",
            "last_contact",
        ],
        Kind::Agreement => &[
            "id",
            "partnership",
            "partnership_title",
            "type",
            "title",
            "status",
            "standing",
            "signed",
            "effective",
            "expires",
            "days_to_expiry",
            "notice_days",
            "notice_date",
            "parties",
            "party_names",
            "scope",
            "signatories",
            "document",
            "owner",
            "renewal_raised_for",
        ],
        Kind::Action => &[
            "id",
            "parent",
            "parent_title",
            "title",
            "owner",
            "due",
            "status",
            "priority",
            "completed",
        ],
        Kind::FollowUp => &[
            "id",
            "parent",
            "parent_title",
            "title",
            "due",
            "owner",
            "status",
            "completed",
        ],
        Kind::Note => &[
            "id",
            "parent",
            "parent_title",
            "date",
            "type",
            "text",
            "author",
        ],
    }
}

/// Joins list items with "; ", escaping separators inside items.
pub fn join_list<S: AsRef<str>>(items: &[S]) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        for c in item.as_ref().chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                ';' => out.push_str("\\;"),
                '；' => out.push_str("\\；"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                c => out.push(c),
            }
        }
    }
    out
}

/// Whether `s` starts like a `lang:` prefix, so a name without a language
/// that happens to look like one is written with a leading colon.
pub fn lang_prefix(s: &str) -> Option<(&str, &str)> {
    let (lang, rest) = s.split_once(':')?;
    let mut parts = lang.split('-');
    let first = parts.next()?;
    let ok = (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    ok.then_some((lang, rest))
}

/// Other names as list items: `zh:北京大学首钢医院`.
pub fn names_list(names: &[Name]) -> String {
    let items: Vec<String> = names
        .iter()
        .map(|n| {
            if n.lang.is_empty() {
                if lang_prefix(&n.text).is_some() || n.text.starts_with(':') {
                    format!(":{}", n.text)
                } else {
                    n.text.clone()
                }
            } else {
                format!("{}:{}", n.lang, n.text)
            }
        })
        .collect();
    join_list(&items)
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn list(items: &[String]) -> Value {
    Value::Text(join_list(items))
}

fn title_of(data: &Dataset, id: Id) -> Value {
    Value::Text(data.get(id).map(|r| r.title()).unwrap_or_default())
}

fn names_of(data: &Dataset, ids: &[Id]) -> Value {
    let names: Vec<String> = ids.iter().map(|i| data.display_name(*i)).collect();
    Value::Text(join_list(&names))
}

/// The values of a record's columns, in [`fields`] order.
pub fn values(data: &Dataset, r: &Record) -> Vec<Value> {
    let today = data.today;
    let id = Value::Link(Some(r.id()));
    match r {
        Record::Institution(i) => vec![
            id,
            text(i.names.first().map(|n| n.text.as_str()).unwrap_or("")),
            text(i.names.first().map(|n| n.lang.as_str()).unwrap_or("")),
            Value::Text(names_list(i.names.get(1..).unwrap_or(&[]))),
            text(&i.short_name),
            text(&i.country),
            text(&i.city),
            text(i.kind.name()),
            list(&i.tags),
            text(&i.website),
            Value::Bool(i.home),
        ],
        Record::Contact(c) => vec![
            id,
            Value::Link(Some(c.institution)),
            title_of(data, c.institution),
            text(c.names.first().map(|n| n.text.as_str()).unwrap_or("")),
            text(c.names.first().map(|n| n.lang.as_str()).unwrap_or("")),
            Value::Text(names_list(c.names.get(1..).unwrap_or(&[]))),
            text(&c.title),
            text(&c.email),
            text(&c.phone),
            text(&c.notes),
        ],
        Record::Partnership(p) => vec![
            id,
            text(&p.title),
            text(p.status.name()),
            Value::Links(p.partners.clone()),
            names_of(data, &p.partners),
            list(&p.areas),
            text(&p.owner),
            Value::Date(p.start),
            text(&p.description),
            Value::Date(data.last_contact(p.id)),
        ],
        Record::Agreement(a) => vec![
            id,
            Value::Link(Some(a.partnership)),
            title_of(data, a.partnership),
            text(a.kind.name()),
            text(&a.title),
            text(a.status.name()),
            text(a.standing_name(today)),
            Value::Date(a.signed),
            Value::Date(a.effective),
            Value::Date(a.expires),
            Value::Number(a.days_to_expiry(today)),
            Value::Number(Some(i64::from(a.notice_days))),
            Value::Date(a.notice_date().filter(|_| a.notice_days > 0)),
            Value::Links(a.parties.clone()),
            names_of(data, &a.parties),
            list(&a.scope),
            list(&a.signatories),
            text(&a.document),
            text(&a.owner),
            Value::Date(a.renewal_raised_for),
        ],
        Record::Action(t) => vec![
            id,
            Value::Link(Some(t.parent)),
            title_of(data, t.parent),
            text(&t.title),
            text(&t.owner),
            Value::Date(t.due),
            text(t.status.name()),
            text(t.priority.name()),
            Value::Date(t.completed),
        ],
        Record::FollowUp(f) => vec![
            id,
            Value::Link(Some(f.parent)),
            title_of(data, f.parent),
            text(&f.title),
            Value::Date(Some(f.due)),
            text(&f.owner),
            text(f.status.name()),
            Value::Date(f.completed),
        ],
        Record::Note(n) => vec![
            id,
            Value::Link(Some(n.parent)),
            title_of(data, n.parent),
            Value::Date(Some(n.date)),
            text(n.kind.name()),
            text(&n.text),
            text(&n.author),
        ],
    }
}

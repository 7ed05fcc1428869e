//! What the detail of a record shows: its names in every script, its
//! fields, and every linked record (parties, agreements, items, notes).

use crate::model::{Id, Kind, Record};
use crate::tui::app::App;
use crate::tui::words::{ago, country, date, kind, kinds, opt_date, relative, tr, vocab};

/// One labelled value.
pub struct Field {
    pub label: String,
    pub value: String,
    pub status: Option<&'static str>,
}

/// One linked record (or a plain line when `id` is `None`).
pub struct Row {
    pub id: Option<Id>,
    pub text: String,
    pub status: Option<&'static str>,
}

pub struct Group {
    pub title: String,
    pub rows: Vec<Row>,
    /// How many records the group has (rows may show fewer).
    pub total: usize,
}

pub struct Content {
    pub heading: String,
    pub title: String,
    pub names: Vec<(String, String)>,
    pub fields: Vec<Field>,
    pub groups: Vec<Group>,
}

impl Content {
    /// The linked records in display order (what the cursor moves over).
    pub fn links(&self) -> Vec<Id> {
        self.groups
            .iter()
            .flat_map(|g| g.rows.iter().filter_map(|r| r.id))
            .collect()
    }
}

fn field(app: &App, key: &str, value: impl Into<String>) -> Field {
    Field {
        label: crate::tui::words::lookup(app.lang, &format!("field.{key}")),
        value: value.into(),
        status: None,
    }
}

fn status_field(app: &App, key: &str, name: &'static str) -> Field {
    Field {
        status: Some(name),
        value: vocab(app.lang, name),
        ..field(app, key, "")
    }
}

/// A one-line summary of a linked record.
pub fn summary(app: &App, r: &Record) -> Row {
    let lang = app.lang;
    let today = app.data.today;
    let when = |d: Option<chrono::NaiveDate>| match d {
        Some(d) => format!("{} ({})", date(d), relative(lang, (d - today).num_days())),
        None => tr!(lang, "detail.no_date"),
    };
    let (text, status): (String, Option<&'static str>) = match r {
        Record::Institution(i) => {
            let names: Vec<&str> = i.names.iter().map(|n| n.text.as_str()).collect();
            (
                format!("{} · {}", names.join(" / "), country(lang, &i.country)),
                None,
            )
        }
        Record::Contact(c) => {
            let names: Vec<&str> = c.names.iter().map(|n| n.text.as_str()).collect();
            let mut parts = vec![names.join(" / ")];
            parts.extend(
                [c.title.clone(), c.email.clone(), c.phone.clone()]
                    .into_iter()
                    .filter(|s| !s.is_empty()),
            );
            (parts.join(" · "), None)
        }
        Record::Partnership(p) => (
            format!("{} · {}", p.title, vocab(lang, p.status.name())),
            Some(p.status.name()),
        ),
        Record::Agreement(a) => {
            let st = a.standing_name(today);
            let exp = a
                .expires
                .map(|e| format!(" · {} {}", tr!(lang, "detail.expires"), date(e)))
                .unwrap_or_default();
            (
                format!(
                    "{} · {} · {}{exp}",
                    vocab(lang, a.kind.name()),
                    a.title,
                    vocab(lang, st)
                ),
                Some(st),
            )
        }
        Record::Action(a) => (
            format!(
                "{} · {} · {} · {}",
                a.title,
                vocab(lang, a.status.name()),
                if a.owner.is_empty() { "—" } else { &a.owner },
                when(a.due)
            ),
            Some(a.status.name()),
        ),
        Record::FollowUp(f) => (
            format!(
                "{} · {} · {} · {}",
                f.title,
                vocab(lang, f.status.name()),
                if f.owner.is_empty() { "—" } else { &f.owner },
                when(Some(f.due))
            ),
            Some(f.status.name()),
        ),
        Record::Note(n) => (
            format!(
                "{} · {} · {}",
                date(n.date),
                vocab(lang, n.kind.name()),
                n.text
            ),
            None,
        ),
    };
    Row {
        id: Some(r.id()),
        text,
        status,
    }
}

/// Groups show at most this many records, then say how many more.
const GROUP_MAX: usize = 200;

fn group_of(app: &App, title: String, ids: impl IntoIterator<Item = Id>) -> Option<Group> {
    let ids: Vec<Id> = ids.into_iter().collect();
    let mut rows: Vec<Row> = ids
        .iter()
        .take(GROUP_MAX)
        .filter_map(|id| app.data.get(*id))
        .map(|r| summary(app, r))
        .collect();
    if ids.len() > GROUP_MAX {
        rows.push(Row {
            id: None,
            text: tr!(app.lang, "detail.more", n = ids.len() - GROUP_MAX),
            status: None,
        });
    }
    (!rows.is_empty()).then_some(Group {
        title,
        rows,
        total: ids.len(),
    })
}

/// Children of `ids` of one kind; open items first, then by date.
fn children(app: &App, ids: &[Id], k: Kind) -> Vec<Id> {
    let mut v: Vec<&Record> = ids
        .iter()
        .flat_map(|p| app.data.children(*p))
        .filter(|c| c.kind() == k)
        .collect();
    if k == Kind::Note {
        v.sort_by_key(|r| std::cmp::Reverse((r.date(), r.id())));
    } else {
        v.sort_by_key(|r| (!r.is_open(), r.date().is_none(), r.date(), r.id()));
    }
    v.dedup_by_key(|r| r.id());
    v.into_iter().map(|r| r.id()).collect()
}

pub fn build(app: &App, id: Id) -> Option<Content> {
    let r = app.data.get(id)?;
    let lang = app.lang;
    let today = app.data.today;
    let mut c = Content {
        heading: format!("{id} · {}", kind(lang, id.kind)),
        title: r.title(),
        names: Vec::new(),
        fields: Vec::new(),
        groups: Vec::new(),
    };
    let mut scope = vec![id];
    let g = |k: Kind| kinds(lang, k);
    match r {
        Record::Institution(i) => {
            c.names = i
                .names
                .iter()
                .map(|n| (n.lang.clone(), n.text.clone()))
                .collect();
            if i.home {
                c.heading
                    .push_str(&format!(" · {}", tr!(lang, "detail.home")));
            }
            c.fields
                .push(field(app, "kind", vocab(lang, i.kind.name())));
            c.fields.push(field(app, "short_name", &i.short_name));
            c.fields.push(field(
                app,
                "country",
                format!("{} {}", i.country, country(lang, &i.country)),
            ));
            c.fields.push(field(app, "city", &i.city));
            c.fields.push(field(app, "website", &i.website));
            c.fields.push(field(app, "tags", i.tags.join(", ")));
            c.groups.extend(group_of(
                app,
                g(Kind::Contact),
                children(app, &[id], Kind::Contact),
            ));
            c.groups.extend(group_of(
                app,
                g(Kind::Partnership),
                children(app, &[id], Kind::Partnership),
            ));
            c.groups.extend(group_of(
                app,
                g(Kind::Agreement),
                children(app, &[id], Kind::Agreement),
            ));
        }
        Record::Contact(ct) => {
            c.names = ct
                .names
                .iter()
                .map(|n| (n.lang.clone(), n.text.clone()))
                .collect();
            c.fields.push(field(app, "title", &ct.title));
            c.fields.push(field(app, "email", &ct.email));
            c.fields.push(field(app, "phone", &ct.phone));
            c.fields.push(field(app, "notes", &ct.notes));
            c.groups.extend(group_of(
                app,
                kind(lang, Kind::Institution),
                [ct.institution],
            ));
        }
        Record::Partnership(p) => {
            c.fields.push(status_field(app, "status", p.status.name()));
            c.fields.push(field(app, "owner", &p.owner));
            c.fields.push(field(app, "start", opt_date(p.start)));
            c.fields.push(field(app, "areas", p.areas.join(", ")));
            let last = app.data.last_contact.get(&id).copied();
            c.fields.push(field(
                app,
                "last_contact",
                match last {
                    Some(d) => format!("{} ({})", date(d), ago(lang, (d - today).num_days())),
                    None => tr!(lang, "detail.never"),
                },
            ));
            c.fields.push(field(app, "description", &p.description));
            c.groups.extend(group_of(
                app,
                tr!(lang, "detail.partners"),
                p.partners.iter().copied(),
            ));
            let agreements = children(app, &[id], Kind::Agreement);
            scope.extend(agreements.iter().copied());
            c.groups
                .extend(group_of(app, g(Kind::Agreement), agreements));
        }
        Record::Agreement(a) => {
            let st = a.standing_name(today);
            c.fields
                .push(field(app, "type", vocab(lang, a.kind.name())));
            c.fields.push(status_field(app, "status", st));
            c.fields.push(field(app, "owner", &a.owner));
            c.fields.push(field(app, "signed", opt_date(a.signed)));
            c.fields
                .push(field(app, "effective", opt_date(a.effective)));
            c.fields.push(field(
                app,
                "expires",
                match a.expires {
                    Some(e) => format!("{} ({})", date(e), ago(lang, (e - today).num_days())),
                    None => String::new(),
                },
            ));
            if a.notice_days > 0 {
                let date = opt_date(a.notice_date());
                let value = if a.renewal_raised_for.is_some() && a.renewal_raised_for == a.expires {
                    let state = tr!(lang, "detail.notice_raised");
                    tr!(
                        lang,
                        "detail.notice",
                        days = a.notice_days,
                        date = date,
                        state = state
                    )
                } else if a.notice_pending() {
                    let state = tr!(lang, "detail.notice_pending");
                    tr!(
                        lang,
                        "detail.notice",
                        days = a.notice_days,
                        date = date,
                        state = state
                    )
                } else {
                    tr!(
                        lang,
                        "detail.notice_plain",
                        days = a.notice_days,
                        date = date
                    )
                };
                c.fields.push(field(app, "notice", value));
            }
            c.fields.push(field(app, "scope", a.scope.join("; ")));
            c.fields
                .push(field(app, "signatories", a.signatories.join("; ")));
            c.fields.push(field(app, "document", &a.document));
            c.groups.extend(group_of(
                app,
                kind(lang, Kind::Partnership),
                [a.partnership],
            ));
            c.groups.extend(group_of(
                app,
                tr!(lang, "detail.parties"),
                a.parties.iter().copied(),
            ));
        }
        Record::Action(a) => {
            c.fields.push(status_field(app, "status", a.status.name()));
            c.fields
                .push(field(app, "priority", vocab(lang, a.priority.name())));
            c.fields.push(field(app, "owner", &a.owner));
            c.fields.push(field(app, "due", opt_date(a.due)));
            c.fields
                .push(field(app, "completed", opt_date(a.completed)));
            c.groups
                .extend(group_of(app, tr!(lang, "detail.parent"), [a.parent]));
        }
        Record::FollowUp(f) => {
            c.fields.push(status_field(app, "status", f.status.name()));
            c.fields.push(field(app, "owner", &f.owner));
            c.fields.push(field(app, "due", date(f.due)));
            c.fields
                .push(field(app, "completed", opt_date(f.completed)));
            c.groups
                .extend(group_of(app, tr!(lang, "detail.parent"), [f.parent]));
        }
        Record::Note(n) => {
            c.title = tr!(
                lang,
                "detail.note_title",
                kind = vocab(lang, n.kind.name()),
                date = date(n.date)
            );
            c.fields.push(field(app, "author", &n.author));
            c.fields.push(field(app, "text", &n.text));
            c.groups
                .extend(group_of(app, tr!(lang, "detail.parent"), [n.parent]));
        }
    }
    c.fields.retain(|f| !f.value.trim().is_empty());
    for k in [Kind::Action, Kind::FollowUp, Kind::Note] {
        c.groups
            .extend(group_of(app, g(k), children(app, &scope, k)));
    }
    Some(c)
}

//! Forms to create and edit every kind of record: one line per field,
//! human dates, pickers that filter as you type, validation messages next
//! to the field they are about.

mod blank;
pub mod fields;
pub mod picker;
mod read;
mod render;

use std::collections::BTreeMap;

use crate::model::{Id, Kind, Record, validate};
use crate::store::{ChangeSet, Edit, StoreError};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::popups::Overlay;
use crate::tui::popups::confirm::{self, OnYes};
use crate::tui::words::{kind, tr};

pub use fields::{Field, Value};
pub use picker::PickerState;
pub use render::render;

pub struct FormState {
    /// The record being edited (id 0 when new); fields not on the form
    /// are kept from it.
    pub base: Record,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub picker: Option<PickerState>,
    /// Messages by field name, shown next to the field.
    pub errors: BTreeMap<&'static str, String>,
    /// A message about the whole record (a store refusal).
    pub error: Option<String>,
    /// The fields as the form opened, to know what closing would discard.
    pub opened: Vec<Field>,
}

impl FormState {
    pub fn is_new(&self) -> bool {
        self.base.id().n == 0
    }
    pub fn kind(&self) -> Kind {
        self.base.kind()
    }

    /// The names of the fields changed since the form opened (where the
    /// cursor stands does not count).
    pub fn changed(&self) -> Vec<&'static str> {
        self.fields
            .iter()
            .zip(&self.opened)
            .filter(|(now, then)| !now.value.same(&then.value))
            .map(|(now, _)| now.name)
            .collect()
    }
}

fn open(app: &mut App, base: Record) {
    let fields = fields::fields_of(&base);
    // Start on the first field with nothing in it yet (a link already made
    // from where the form was opened is skipped), or the first field.
    let focus = if base.id().n == 0 {
        fields
            .iter()
            .position(|f| match &f.value {
                Value::Ref(_, id) => id.is_none(),
                Value::Refs(_, ids) => ids.is_empty(),
                Value::Text(i) | Value::Owner(i) | Value::List(i) => i.is_empty(),
                _ => false,
            })
            .unwrap_or(0)
    } else {
        0
    };
    app.overlays.push(Overlay::Form(Box::new(FormState {
        base,
        opened: fields.clone(),
        fields,
        focus,
        picker: None,
        errors: BTreeMap::new(),
        error: None,
    })));
}

/// A form for a new record of `kind`, linked to `parent` where that fits.
pub fn open_new(app: &mut App, k: Kind, parent: Option<Id>) {
    let parent = parent.and_then(|p| app.data.get(p)).cloned();
    let base = blank::blank(k, parent.as_ref(), app.data.today);
    open(app, base);
}

pub fn open_edit(app: &mut App, id: Id) {
    match app.data.get(id).cloned() {
        Some(r) => open(app, r),
        None => app.error(tr!(app.lang, "status.gone", id = id.to_string())),
    }
}

pub(crate) fn state(app: &mut App) -> Option<&mut FormState> {
    match app.overlays.last_mut() {
        Some(Overlay::Form(f)) => Some(f),
        _ => None,
    }
}

pub fn type_char(app: &mut App, c: char) {
    if app
        .overlays
        .last()
        .is_some_and(|o| matches!(o, Overlay::Form(f) if f.picker.is_some()))
    {
        picker::type_char(app, c);
        return;
    }
    let Some(f) = state(app) else { return };
    let name = f.fields.get(f.focus).map(|x| x.name);
    let Some(field) = f.fields.get_mut(f.focus) else {
        return;
    };
    match &mut field.value {
        Value::Text(i) | Value::Date(i) | Value::Owner(i) | Value::List(i) => i.insert(c),
        Value::Number(i) if c.is_ascii_digit() => i.insert(c),
        Value::Number(_) => {}
        Value::Choice(all, idx) => {
            // Jump to the first choice starting with the letter typed.
            let lc = c.to_lowercase().to_string();
            if let Some(p) = all.iter().position(|n| n.starts_with(&lc)) {
                *idx = p;
            }
        }
        Value::Flag(b) => {
            if c == ' ' {
                *b = !*b;
            }
        }
        Value::Ref(..) | Value::Refs(..) => {
            picker::open(app, Some(c));
            return;
        }
    }
    if let (Some(f), Some(n)) = (state(app), name) {
        f.errors.remove(n);
    }
}

/// Pasted text: into the picker's filter (searched once) or the field.
pub fn type_str(app: &mut App, s: &str) {
    if app
        .overlays
        .last()
        .is_some_and(|o| matches!(o, Overlay::Form(f) if f.picker.is_some()))
    {
        picker::type_str(app, s);
    } else {
        s.chars().for_each(|c| type_char(app, c));
    }
}

pub fn update(app: &mut App, action: Action) -> bool {
    if app
        .overlays
        .last()
        .is_some_and(|o| matches!(o, Overlay::Form(f) if f.picker.is_some()))
    {
        return picker::update(app, action);
    }
    let Some(f) = state(app) else { return false };
    let n = f.fields.len();
    match action {
        Action::NextField | Action::Down => f.focus = (f.focus + 1) % n.max(1),
        Action::PrevField | Action::Up => f.focus = (f.focus + n.max(1) - 1) % n.max(1),
        Action::Save => save(app),
        Action::Close => close(app),
        Action::Submit => {
            let opens = matches!(
                f.fields.get(f.focus).map(|x| &x.value),
                Some(Value::Ref(..) | Value::Refs(..) | Value::Owner(_))
            );
            match f.fields.get_mut(f.focus).map(|x| &mut x.value) {
                _ if opens => picker::open(app, None),
                Some(Value::Flag(b)) => *b = !*b,
                _ => f.focus = (f.focus + 1) % n.max(1),
            }
        }
        Action::Left | Action::Right => {
            let right = action == Action::Right;
            match f.fields.get_mut(f.focus).map(|x| &mut x.value) {
                Some(Value::Choice(all, i)) => {
                    let len = all.len().max(1);
                    *i = if right {
                        (*i + 1) % len
                    } else {
                        (*i + len - 1) % len
                    };
                }
                Some(Value::Flag(b)) => *b = !*b,
                Some(
                    Value::Text(i)
                    | Value::Date(i)
                    | Value::Owner(i)
                    | Value::List(i)
                    | Value::Number(i),
                ) => {
                    i.edit(action);
                }
                _ => {}
            }
        }
        a => {
            let name = f.fields.get(f.focus).map(|x| x.name);
            match f.fields.get_mut(f.focus).map(|x| &mut x.value) {
                Some(
                    Value::Text(i)
                    | Value::Date(i)
                    | Value::Owner(i)
                    | Value::List(i)
                    | Value::Number(i),
                ) => {
                    if !i.edit(a) {
                        return false;
                    }
                }
                Some(Value::Refs(_, ids))
                    if matches!(a, Action::DeleteBack | Action::ClearLine) =>
                {
                    if a == Action::ClearLine {
                        ids.clear();
                    } else {
                        ids.pop();
                    }
                }
                Some(Value::Ref(_, id)) if matches!(a, Action::DeleteBack | Action::ClearLine) => {
                    *id = None
                }
                _ => return false,
            }
            if let Some(n) = name {
                f.errors.remove(n);
            }
        }
    }
    true
}

/// Closes the form; with changes typed, asks first what would be lost.
fn close(app: &mut App) {
    let lang = app.lang;
    let Some(Overlay::Form(f)) = app.overlays.last() else {
        return;
    };
    let changed = f.changed();
    if changed.is_empty() {
        app.overlays.pop();
        return;
    }
    let what = if f.is_new() {
        tr!(lang, "form.new_title", kind = kind(lang, f.kind()))
    } else {
        f.base.id().to_string()
    };
    let fields: Vec<String> = changed.iter().map(|n| render::label(app, n)).collect();
    let sep = tr!(lang, "form.list_sep");
    let msg = tr!(
        lang,
        "form.discard_ask",
        what = what,
        fields = fields.join(&sep)
    );
    confirm::ask(app, msg, OnYes::Discard);
}

/// Reads, validates and stores the record; on problems, keeps the form
/// open with each message next to its field.
fn save(app: &mut App) {
    let lang = app.lang;
    let today = app.data.today;
    let words = read::Words {
        date_required: tr!(lang, "form.date_required"),
        not_a_number: tr!(lang, "form.not_a_number"),
        bad_date: tr!(lang, "form.bad_date", typed = "{typed}"),
    };
    let Some(Overlay::Form(f)) = app.overlays.last() else {
        return;
    };
    let result = read::read(&f.base, &f.fields, today, &words);
    let is_new = f.is_new();
    let seen = f.base.clone();
    let record = match result {
        Ok(r) => r,
        Err(problems) => {
            if let Some(f) = state(app) {
                f.errors = problems.into_iter().collect();
                f.error = Some(tr!(lang, "form.fix"));
                focus_first_error(f);
            }
            return;
        }
    };
    let data = &app.data;
    if let Err(invalid) = validate(&record, &|id| data.kind_of(id)) {
        if let Some(f) = state(app) {
            f.errors = invalid
                .errors
                .iter()
                .map(|e| (e.field, explain(lang, e)))
                .collect();
            f.error = Some(tr!(lang, "form.fix"));
            focus_first_error(f);
        }
        return;
    }
    if !is_new && app.data.get(record.id()) == Some(&record) {
        app.overlays.pop();
        app.info(tr!(lang, "form.unchanged"));
        return;
    }
    let what = kind(lang, record.kind());
    let change = if is_new {
        ChangeSet::one(
            tr!(
                lang,
                "form.created_summary",
                kind = what.clone(),
                title = record.title()
            ),
            Edit::Create(record.clone()),
        )
    } else {
        ChangeSet::one(
            tr!(
                lang,
                "form.saved_summary",
                id = record.id().to_string(),
                title = record.title()
            ),
            Edit::Update(record.clone()),
        )
        .saw(seen)
    };
    match app.store.apply(change) {
        Ok(applied) => {
            app.live.own_write(applied.seq);
            app.overlays.pop();
            app.refresh(&applied.ids);
            let id = applied.ids.first().copied().unwrap_or(record.id());
            let undo = app.undo_key();
            let msg = if is_new {
                tr!(lang, "form.created", kind = what, id = id.to_string())
            } else {
                tr!(lang, "form.saved", id = id.to_string())
            };
            app.done(tr!(lang, "status.with_undo", what = msg, key = undo));
            let data = &app.data;
            if let Some(t) = match app.view {
                crate::tui::views::View::Partnerships if id.kind == Kind::Partnership => {
                    Some(&mut app.partnerships)
                }
                crate::tui::views::View::Agreements if id.kind == Kind::Agreement => {
                    Some(&mut app.agreements)
                }
                crate::tui::views::View::Institutions if id.kind == Kind::Institution => {
                    Some(&mut app.institutions)
                }
                _ => None,
            } && let Some(p) = t.rows.iter().position(|r| *r == id)
            {
                t.selected = p;
            }
            let _ = data;
        }
        Err(StoreError::Invalid(invalid)) => {
            if let Some(f) = state(app) {
                f.errors = invalid
                    .errors
                    .iter()
                    .map(|e| (e.field, explain(lang, e)))
                    .collect();
                f.error = Some(tr!(lang, "form.fix"));
                focus_first_error(f);
            }
        }
        Err(e) => {
            if let Some(f) = state(app) {
                f.error = Some(e.to_string());
            }
        }
    }
}

/// A validation problem in the interface language: the core's own
/// sentence in English, the catalog's for the field otherwise.
fn explain(lang: crate::i18n::Lang, e: &crate::model::FieldError) -> String {
    let key = format!("form.invalid.{}", e.field);
    if lang != crate::i18n::Lang::En && crate::tui::words::has(lang, &key) {
        crate::tui::words::lookup(lang, &key)
    } else {
        e.message.clone()
    }
}

fn focus_first_error(f: &mut FormState) {
    if let Some(i) = f.fields.iter().position(|x| {
        f.errors.contains_key(x.name) || (x.name == "names" && f.errors.contains_key("names"))
    }) {
        f.focus = i;
    }
}

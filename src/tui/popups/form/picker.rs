//! Choosing institutions, partnerships, parents and owners: a list that
//! filters as you type (any script), one or several picks.

use super::{Value, state};
use crate::model::{Id, Kind};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::popups::Overlay;
use crate::tui::widgets::input::LineInput;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    /// A record, with the text shown and the characters that matched.
    Record(Id, String, Vec<usize>),
    /// A name (owners).
    Text(String),
}

#[derive(Debug, Clone)]
pub struct PickerState {
    pub input: LineInput,
    pub kinds: Vec<Kind>,
    pub multi: bool,
    /// Picking a person's name rather than a record.
    pub owner: bool,
    pub items: Vec<Pick>,
    pub cursor: usize,
    pub chosen: Vec<Id>,
}

fn picker(app: &mut App) -> Option<&mut PickerState> {
    match app.overlays.last_mut() {
        Some(Overlay::Form(f)) => f.picker.as_mut(),
        _ => None,
    }
}

/// Opens the picker for the focused field, optionally with a first
/// character already typed.
pub fn open(app: &mut App, first: Option<char>) {
    let Some(f) = state(app) else { return };
    let Some(field) = f.fields.get(f.focus) else {
        return;
    };
    let mut p = match &field.value {
        Value::Ref(kinds, _) => PickerState::new(kinds.clone(), false, false, Vec::new()),
        Value::Refs(kinds, ids) => PickerState::new(kinds.clone(), true, false, ids.clone()),
        Value::Owner(i) => {
            let mut p = PickerState::new(Vec::new(), false, true, Vec::new());
            p.input = LineInput::new(&i.text());
            p
        }
        _ => return,
    };
    if let Some(c) = first {
        p.input.insert(c);
    }
    f.picker = Some(p);
    refresh(app);
}

impl PickerState {
    fn new(kinds: Vec<Kind>, multi: bool, owner: bool, chosen: Vec<Id>) -> PickerState {
        PickerState {
            input: LineInput::default(),
            kinds,
            multi,
            owner,
            items: Vec::new(),
            cursor: 0,
            chosen,
        }
    }
}

const MAX: usize = 200;

fn refresh(app: &mut App) {
    let Some(Overlay::Form(f)) = app.overlays.last() else {
        return;
    };
    let Some(p) = &f.picker else { return };
    let q = p.input.text();
    let items: Vec<Pick> = if p.owner {
        let names = crate::tui::find::owner_choices(app, &q);
        let known = |n: &String| {
            if app.staff.is_empty() {
                n == q.trim()
            } else {
                crate::due::same_owner(n, &q)
            }
        };
        // Known names first (staff, then owners in use); the typed one, if
        // new (an external owner), last.
        let new =
            !q.trim().is_empty() && !app.data.owners.iter().chain(app.staff.iter()).any(known);
        let mut v: Vec<Pick> = names.into_iter().map(Pick::Text).collect();
        if new {
            v.push(Pick::Text(q.trim().to_string()));
        }
        v
    } else if q.trim().is_empty() {
        p.kinds
            .iter()
            .flat_map(|k| app.data.of_kind(*k))
            .take(MAX)
            .map(|r| Pick::Record(r.id(), r.title(), Vec::new()))
            .collect()
    } else if !app.finder.is_ready() {
        // The index is still being built: titles as typed meanwhile.
        p.kinds
            .iter()
            .flat_map(|k| app.data.of_kind(*k))
            .filter(|r| crate::tui::find::Finder::title_matches(r, &q))
            .take(MAX)
            .map(|r| Pick::Record(r.id(), r.title(), Vec::new()))
            .collect()
    } else {
        app.finder
            .search(&q, &p.kinds, MAX)
            .into_iter()
            .map(|h| Pick::Record(h.id, h.text, h.indices))
            .collect()
    };
    if let Some(p) = picker(app) {
        p.items = items;
        p.cursor = 0;
    }
}

/// Filters the open picker again (the index has just become ready).
pub fn rerun(app: &mut App) {
    if matches!(app.overlays.last(), Some(Overlay::Form(f)) if f.picker.is_some()) {
        refresh(app);
    }
}

pub fn type_char(app: &mut App, c: char) {
    if let Some(p) = picker(app) {
        p.input.insert(c);
    }
    refresh(app);
}

pub fn type_str(app: &mut App, s: &str) {
    if let Some(p) = picker(app) {
        s.chars().for_each(|c| p.input.insert(c));
    }
    refresh(app);
}

pub fn update(app: &mut App, action: Action) -> bool {
    let page = app.page();
    let Some(p) = picker(app) else { return false };
    let last = p.items.len().saturating_sub(1);
    match action {
        Action::Up => p.cursor = p.cursor.saturating_sub(1),
        Action::Down => p.cursor = (p.cursor + 1).min(last),
        Action::PageUp => p.cursor = p.cursor.saturating_sub(page),
        Action::PageDown => p.cursor = (p.cursor + page).min(last),
        Action::ToggleSelect if p.multi => {
            if let Some(Pick::Record(id, ..)) = p.items.get(p.cursor) {
                let id = *id;
                match p.chosen.iter().position(|c| *c == id) {
                    Some(i) => {
                        p.chosen.remove(i);
                    }
                    None => p.chosen.push(id),
                }
            }
        }
        Action::Submit => choose(app),
        Action::Close => {
            if let Some(f) = state(app) {
                f.picker = None;
            }
        }
        a => {
            if p.input.edit(a) {
                refresh(app);
            } else {
                return false;
            }
        }
    }
    true
}

/// Puts the pick into the field and closes the picker.
fn choose(app: &mut App) {
    // A new agreement's parties start as its partnership's partners.
    let partners: Vec<Id> = match app.overlays.last() {
        Some(Overlay::Form(f)) => match (
            f.fields.get(f.focus).map(|x| x.name),
            f.picker.as_ref().and_then(|p| p.items.get(p.cursor)),
        ) {
            (Some("partnership"), Some(Pick::Record(id, ..))) => match app.data.get(*id) {
                Some(crate::model::Record::Partnership(p)) => p.partners.clone(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    let Some(f) = state(app) else { return };
    let Some(p) = f.picker.take() else { return };
    let current = p.items.get(p.cursor).cloned();
    let name = f.fields.get(f.focus).map(|x| x.name);
    if let Some(field) = f.fields.get_mut(f.focus) {
        match (&mut field.value, current) {
            (Value::Ref(_, id), Some(Pick::Record(pick, ..))) => *id = Some(pick),
            (Value::Refs(_, ids), pick) => {
                let mut chosen = p.chosen.clone();
                if let Some(Pick::Record(pick, ..)) = pick
                    && !chosen.contains(&pick)
                    && chosen == *ids
                {
                    chosen.push(pick);
                }
                *ids = chosen;
            }
            (Value::Owner(i), Some(Pick::Text(t))) => i.set(&t),
            (Value::Owner(i), None) => i.set(p.input.text().trim()),
            _ => {}
        }
    }
    if let Some(n) = name {
        f.errors.remove(n);
    }
    if !partners.is_empty()
        && let Some(Value::Refs(_, ids)) = f
            .fields
            .iter_mut()
            .find(|x| x.name == "parties")
            .map(|x| &mut x.value)
        && ids.is_empty()
    {
        *ids = partners;
    }
    f.focus = (f.focus + 1) % f.fields.len().max(1);
}

//! A record in full: fields, names in every script, everything linked, and
//! its history. Opened full screen (Enter, search, links) or shown as a
//! pane beside a table.

pub mod content;
mod render;

use crate::model::Id;
use crate::store::{HistoryEntry, Store};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::popups::{confirm, form};

pub use render::{render_full, render_pane};

#[derive(Debug, Clone)]
pub struct DetailState {
    pub id: Id,
    pub history: Vec<HistoryEntry>,
    /// Index of the selected linked record.
    pub cursor: usize,
}

impl DetailState {
    pub fn new(id: Id) -> DetailState {
        DetailState {
            id,
            history: Vec::new(),
            cursor: 0,
        }
    }

    /// Loads the record's history (done on open and after changes, never
    /// while drawing).
    pub fn reload(&mut self, store: &dyn Store) {
        self.history = store.history(Some(self.id), 30).unwrap_or_default();
    }
}

pub fn update(app: &mut App, action: Action) -> bool {
    let page = app.page();
    let Some(d) = app.details.last() else {
        return false;
    };
    let id = d.id;
    let links = content::build(app, id)
        .map(|c| c.links())
        .unwrap_or_default();
    let last = links.len().saturating_sub(1);
    let cur = d.cursor.min(last);
    let target = match action {
        Action::Up => Some(cur.saturating_sub(1)),
        Action::Down => Some((cur + 1).min(last)),
        Action::PageUp => Some(cur.saturating_sub(page)),
        Action::PageDown => Some((cur + page).min(last)),
        Action::Top => Some(0),
        Action::Bottom => Some(last),
        _ => None,
    };
    if let Some(t) = target {
        if let Some(d) = app.details.last_mut() {
            d.cursor = t;
        }
        return true;
    }
    match action {
        Action::Open => {
            if let Some(link) = links.get(cur) {
                app.open(*link);
            }
        }
        Action::OpenParent => match app.data.get(id).and_then(|r| r.parent()) {
            Some(p) => app.open(p),
            None => app.info(crate::tui::words::tr!(
                app.lang,
                "status.no_parent",
                id = id.to_string()
            )),
        },
        Action::EditRecord => form::open_edit(app, id),
        Action::DeleteRecord => confirm::ask_delete(app, id),
        Action::AddNote => form::open_new(app, crate::model::Kind::Note, Some(id)),
        Action::AddFollowUp => form::open_new(app, crate::model::Kind::FollowUp, Some(id)),
        Action::AddAction => form::open_new(app, crate::model::Kind::Action, Some(id)),
        Action::AddAgreement => form::open_new(app, crate::model::Kind::Agreement, Some(id)),
        Action::AddContact => form::open_new(app, crate::model::Kind::Contact, Some(id)),
        _ => return false,
    }
    true
}

//! The Partnerships, Agreements and Institutions tables: sortable columns,
//! a filter line, and a detail pane following the cursor.

pub mod columns;
mod render;

use crate::i18n::Lang;
use crate::model::{Id, Kind};
use crate::store::HistoryEntry;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::data::Data;
use crate::tui::find::Finder;
use crate::tui::popups::{confirm, form};
use crate::tui::widgets::input::LineInput;

pub use render::{PANE_MIN_WIDTH, first_row_y, offset, render};

use columns::{Ctx, columns};

#[derive(Debug, Clone)]
pub struct TableState {
    pub kind: Kind,
    /// The ids shown, filtered and sorted.
    pub rows: Vec<Id>,
    pub sort: usize,
    pub desc: bool,
    pub filter: LineInput,
    pub editing_filter: bool,
    /// The filter before editing began, restored by Close.
    filter_before: String,
    pub selected: usize,
    pub offset: usize,
    pub show_detail: bool,
    /// History of the selected record, for the detail pane.
    pub history: Vec<HistoryEntry>,
    history_of: Option<Id>,
    /// Records changed while the table was out of sight: `rows` wait for
    /// [`TableState::sync`] until it is shown.
    pub behind: bool,
}

impl TableState {
    pub fn new(kind: Kind) -> TableState {
        TableState {
            kind,
            rows: Vec::new(),
            sort: if kind == Kind::Agreement { 6 } else { 0 },
            desc: false,
            filter: LineInput::default(),
            editing_filter: false,
            filter_before: String::new(),
            selected: 0,
            offset: 0,
            show_detail: true,
            history: Vec::new(),
            history_of: None,
            behind: true,
        }
    }

    pub fn current(&self) -> Option<Id> {
        self.rows.get(self.selected).copied()
    }

    /// Rebuilds the rows from data, keeping the cursor on the same record.
    pub fn sync(&mut self, data: &Data, finder: &Finder, lang: Lang) {
        self.behind = false;
        let keep = self.current();
        let q = self.filter.text();
        let found =
            (!q.trim().is_empty() && finder.is_ready()).then(|| finder.matching(&q, self.kind));
        let mut rows: Vec<&crate::model::Record> = data
            .of_kind(self.kind)
            .filter(|r| match &found {
                _ if q.trim().is_empty() => true,
                Some(set) => set.contains(&r.id()),
                None => Finder::title_matches(r, &q),
            })
            .collect();
        let cols = columns(self.kind);
        if let Some(col) = cols.get(self.sort) {
            let ctx = Ctx { data, lang };
            rows.sort_by_cached_key(|r| ((col.sort)(&ctx, r), r.id()));
            if self.desc {
                rows.reverse();
            }
        }
        self.rows = rows.iter().map(|r| r.id()).collect();
        self.selected = keep
            .and_then(|k| self.rows.iter().position(|r| *r == k))
            .unwrap_or(self.selected)
            .min(self.rows.len().saturating_sub(1));
    }

    fn move_to(&mut self, i: usize, page: usize) {
        self.selected = i.min(self.rows.len().saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
    }

    /// Reads the pane's history again when the selected record is among
    /// `ids` (changed by someone else).
    pub fn history_changed(&mut self, ids: &[Id], store: &dyn crate::store::Store) {
        if self.history_of.is_some_and(|h| ids.contains(&h)) {
            self.history_of = None;
            self.load_history(store);
        }
    }

    /// Loads the history of the selected record for the pane.
    fn load_history(&mut self, store: &dyn crate::store::Store) {
        let cur = self.current();
        if cur != self.history_of {
            self.history = cur
                .and_then(|id| store.history(Some(id), 12).ok())
                .unwrap_or_default();
            self.history_of = cur;
        }
    }
}

/// Puts the cursor on row `i` (a mouse click).
pub fn select(app: &mut App, i: usize) {
    let page = app.page();
    let store = app.store.clone();
    if let Some(t) = app.table_mut() {
        t.move_to(i, page);
        t.load_history(store.as_ref());
    }
}

/// Re-applies the filter as it is typed.
pub fn refilter(app: &mut App) {
    let (data, finder, lang) = (&app.data, &app.finder, app.lang);
    let t = match app.view {
        crate::tui::views::View::Partnerships => &mut app.partnerships,
        crate::tui::views::View::Agreements => &mut app.agreements,
        crate::tui::views::View::Institutions => &mut app.institutions,
        _ => return,
    };
    t.selected = 0;
    t.offset = 0;
    t.sync(data, finder, lang);
    t.load_history(app.store.as_ref());
}

/// Keys while the filter line has the focus.
pub fn filter_update(app: &mut App, action: Action) {
    // The arrows move through the rows while the filter is typed.
    if matches!(
        action,
        Action::Up | Action::Down | Action::PageUp | Action::PageDown
    ) {
        update(app, action);
        return;
    }
    let Some(t) = app.table_mut() else { return };
    match action {
        Action::Submit => t.editing_filter = false,
        Action::Close => {
            let before = t.filter_before.clone();
            t.filter.set(&before);
            t.editing_filter = false;
            refilter(app);
        }
        a => {
            if t.filter.edit(a) {
                refilter(app);
            }
        }
    }
}

/// The width of the table itself (the detail pane takes the rest).
pub fn list_width(screen: u16, show_detail: bool) -> u16 {
    let lw = if show_detail && screen >= render::PANE_MIN_WIDTH {
        screen * 60 / 100
    } else {
        screen
    };
    lw.saturating_sub(1)
}

pub fn update(app: &mut App, action: Action) -> bool {
    let page = app.page();
    let width = app.size.0;
    let store = app.store.clone();
    let Some(t) = app.table_mut() else {
        return false;
    };
    let kind = t.kind;
    let current = t.current();
    let last = t.rows.len().saturating_sub(1);
    let sel = t.selected;
    match action {
        Action::Up => t.move_to(sel.saturating_sub(1), page),
        Action::Down => t.move_to(sel + 1, page),
        Action::PageUp => t.move_to(sel.saturating_sub(page), page),
        Action::PageDown => t.move_to(sel + page, page),
        Action::Top => t.move_to(0, page),
        Action::Bottom => t.move_to(last, page),
        Action::SortNext => {
            // Cycle through the columns on screen, in screen order.
            let visible: Vec<usize> =
                columns::layout(columns(kind), list_width(width, t.show_detail))
                    .into_iter()
                    .map(|(i, _)| i)
                    .collect();
            let at = visible.iter().position(|i| *i == t.sort);
            t.sort = match at {
                Some(p) => visible[(p + 1) % visible.len()],
                None => visible.first().copied().unwrap_or(0),
            };
            t.desc = false;
            resort(app);
        }
        Action::SortReverse => {
            t.desc = !t.desc;
            resort(app);
        }
        Action::Filter => {
            t.filter_before = t.filter.text();
            t.editing_filter = true;
        }
        Action::ClearFilter => {
            t.filter.set("");
            refilter(app);
        }
        Action::Back if !t.filter.is_empty() => {
            t.filter.set("");
            refilter(app);
        }
        Action::ToggleDetail => t.show_detail = !t.show_detail,
        Action::Open => {
            if let Some(id) = current {
                app.open(id);
            }
        }
        Action::NewRecord => form::open_new(app, kind, None),
        Action::EditRecord => {
            if let Some(id) = current {
                form::open_edit(app, id);
            }
        }
        Action::DeleteRecord => {
            if let Some(id) = current {
                confirm::ask_delete(app, id);
            }
        }
        Action::AddNote => add_child(app, current, Kind::Note),
        Action::AddFollowUp => add_child(app, current, Kind::FollowUp),
        Action::AddAction => add_child(app, current, Kind::Action),
        Action::AddAgreement => add_child(app, current, Kind::Agreement),
        Action::AddContact => add_child(app, current, Kind::Contact),
        _ => return false,
    }
    if let Some(t) = app.table_mut() {
        t.load_history(store.as_ref());
    }
    true
}

fn resort(app: &mut App) {
    let (data, finder, lang) = (&app.data, &app.finder, app.lang);
    if let Some(t) = match app.view {
        crate::tui::views::View::Partnerships => Some(&mut app.partnerships),
        crate::tui::views::View::Agreements => Some(&mut app.agreements),
        crate::tui::views::View::Institutions => Some(&mut app.institutions),
        _ => None,
    } {
        t.sync(data, finder, lang);
    }
}

/// Opens the form for a new record under `parent` (a note on a
/// partnership, a contact at an institution…).
pub fn add_child(app: &mut App, parent: Option<Id>, kind: Kind) {
    form::open_new(app, kind, parent);
}

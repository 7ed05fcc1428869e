//! The triage queue: every open dated item grouped Overdue / Today / This
//! week / Later / No date, with one key per decision and bulk selection.

pub mod acts;
mod render;
mod rows;

use std::collections::BTreeSet;

use crate::due::DueItem;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::data::Data;
use crate::tui::words::tr;

pub use render::{FIRST_ROW, render};
pub use rows::{Row, Rows};

#[derive(Debug, Clone, Default)]
pub struct TriageState {
    pub rows: Rows,
    /// Index into `rows`; always an item row when there is one.
    pub cursor: usize,
    pub offset: usize,
    /// Keys (`T4`, `A3:notice`) picked for a bulk action.
    pub marked: BTreeSet<String>,
    /// Whether the current item's record shows beside the queue.
    pub show_detail: bool,
    /// Only the items of this person ("mine"), when on.
    pub mine: Option<String>,
    /// The key under the cursor, to find it again after a refresh.
    cursor_key: Option<String>,
}

impl TriageState {
    /// Rebuilds the rows from the queue, keeping the cursor on its item
    /// (or at the same place when the item left the queue).
    pub fn sync(&mut self, data: &Data) {
        self.rows = match &self.mine {
            None => Rows::every(data),
            Some(_) => Rows::only(data, |d| self.shows(d)),
        };
        if !self.marked.is_empty() {
            // Each mark still on a line shown (a few lookups, not a key
            // made for every item).
            let marked = std::mem::take(&mut self.marked);
            self.marked = marked
                .into_iter()
                .filter(|k| self.position_of(data, k).is_some())
                .collect();
        }
        let want = self.cursor_key.clone();
        match want.and_then(|k| self.position_of(data, &k)) {
            Some(p) => self.cursor = p,
            None => self.cursor = self.cursor.min(self.rows.len().saturating_sub(1)),
        }
        self.settle(data);
    }

    /// Whether the queue shows the item: every item, or with "mine" on,
    /// the items whose owner is that person (see [`crate::due::same_owner`]).
    pub fn shows(&self, item: &DueItem) -> bool {
        match &self.mine {
            None => true,
            Some(me) => crate::due::same_owner(&item.owner, me),
        }
    }

    /// How many items the queue shows.
    pub fn shown(&self) -> usize {
        self.rows.items()
    }

    /// Shows only the items of `me`, or every item again; the cursor stays
    /// on its item when it is still shown, else goes to the first.
    pub fn toggle_mine(&mut self, data: &Data, me: &str) {
        self.mine = match self.mine {
            Some(_) => None,
            None => Some(me.to_string()),
        };
        if !self.current(data).is_some_and(|d| self.shows(d)) {
            self.cursor = 0;
            self.offset = 0;
            self.cursor_key = None;
        }
        self.sync(data);
    }

    /// The line of the item with `key`, when the queue shows it.
    fn position_of(&self, data: &Data, key: &str) -> Option<usize> {
        let (id, slot) = crate::triage::parse_key(key).ok()?;
        let is = |r: usize| match self.rows.get(r) {
            Some(Row::Item(i)) => data
                .due
                .get(i)
                .is_some_and(|d| d.id == id && d.slot == slot),
            _ => false,
        };
        // Near the cursor first: after an act the item is usually a
        // neighbour of where the cursor was (keys are unique).
        let near = self.cursor.saturating_sub(8)..(self.cursor + 8).min(self.rows.len());
        if let Some(p) = near.clone().find(|r| is(*r)) {
            return Some(p);
        }
        // Else where its urgency puts it in the queue.
        self.rows.row_of(data.queue_position(id, slot)?)
    }

    /// Puts the cursor on an item row: the first at or below it, else the
    /// last above it.
    fn settle(&mut self, data: &Data) {
        if self.rows.ordinal(self.cursor).is_none() {
            let after = self
                .rows
                .below(self.cursor)
                .find(|(_, r)| matches!(r, Row::Item(_)))
                .map(|(n, _)| n);
            // The last line is always an item (each heading has items).
            let before = self.rows.items().checked_sub(1);
            let before = before.and_then(|k| self.rows.row_of_ordinal(k));
            if let Some(p) = after.or(before) {
                self.cursor = p;
            }
        }
        self.cursor_key = self.current(data).map(DueItem::key);
    }

    pub fn current<'a>(&self, data: &'a Data) -> Option<&'a DueItem> {
        match self.rows.get(self.cursor) {
            Some(Row::Item(i)) => data.due.get(i),
            _ => None,
        }
    }

    /// Moves to the item `steps` items away (negative: up), skipping
    /// headings; stops at the first or last item.
    fn step(&mut self, data: &Data, steps: isize) {
        if self.rows.ordinal(self.cursor).is_none() {
            self.settle(data);
        }
        if let Some(k) = self.rows.ordinal(self.cursor) {
            let last = self.rows.items().saturating_sub(1);
            let to = k.saturating_add_signed(steps).min(last);
            if let Some(r) = self.rows.row_of_ordinal(to) {
                self.cursor = r;
            }
        }
        self.cursor_key = self.current(data).map(DueItem::key);
    }

    /// A click on the `row`-th visible line of a list `height` lines high.
    pub fn click(&mut self, data: &Data, row: usize, height: usize) {
        let h = height.max(1);
        let off = if self.cursor < self.offset {
            self.cursor
        } else if self.cursor >= self.offset + h {
            self.cursor + 1 - h
        } else {
            self.offset
        };
        let at = off + row;
        if matches!(self.rows.get(at), Some(Row::Item(_))) {
            self.cursor = at;
            self.cursor_key = self.current(data).map(DueItem::key);
        }
    }

    /// Places the cursor on the item with `key` if it is still queued.
    pub fn select_key(&mut self, data: &Data, key: &str) {
        if let Some(p) = self.position_of(data, key) {
            self.cursor = p;
            self.cursor_key = Some(key.to_string());
        }
    }

    /// The items an act applies to: the marked ones (in queue order),
    /// else the current one.
    pub fn targets(&self, data: &Data) -> Vec<DueItem> {
        if self.marked.is_empty() {
            return self.current(data).cloned().into_iter().collect();
        }
        let mut at: Vec<usize> = self
            .marked
            .iter()
            .filter_map(|k| crate::triage::parse_key(k).ok())
            .filter_map(|(id, slot)| data.queue_position(id, slot))
            .collect();
        at.sort_unstable();
        at.iter()
            .filter_map(|i| data.due.get(*i))
            .cloned()
            .collect()
    }

    /// The item the eyes go to after acting on `targets`: the next one
    /// below the cursor that is not a target, else the nearest above.
    pub fn next_after(&self, data: &Data, targets: &[DueItem]) -> Option<String> {
        let keys: Vec<String> = targets.iter().map(DueItem::key).collect();
        let item_key = |r: Row| match r {
            Row::Item(i) => data
                .due
                .get(i)
                .map(DueItem::key)
                .filter(|k| !keys.contains(k)),
            Row::Header(..) => None,
        };
        self.rows
            .below(self.cursor + 1)
            .find_map(|(_, r)| item_key(r))
            .or_else(|| {
                (0..self.cursor)
                    .rev()
                    .filter_map(|r| self.rows.get(r))
                    .find_map(item_key)
            })
    }
}

pub fn update(app: &mut App, action: Action) -> bool {
    let page = app.page() as isize;
    let data = &app.data;
    let t = &mut app.triage;
    match action {
        Action::Up => t.step(data, -1),
        Action::Down => t.step(data, 1),
        Action::PageUp => t.step(data, -page),
        Action::PageDown => t.step(data, page),
        Action::Top => t.step(data, isize::MIN / 2),
        Action::Bottom => t.step(data, isize::MAX / 2),
        Action::ToggleSelect => {
            if let Some(k) = t.current(data).map(DueItem::key) {
                if !t.marked.remove(&k) {
                    t.marked.insert(k);
                }
                t.step(data, 1);
            }
        }
        Action::SelectAll => {
            if let Some(b) = t.current(data).map(|d| d.bucket) {
                let keys: Vec<String> = data
                    .due
                    .iter()
                    .filter(|d| d.bucket == b && t.shows(d))
                    .map(DueItem::key)
                    .collect();
                let all = keys.iter().all(|k| t.marked.contains(k));
                for k in keys {
                    if all {
                        t.marked.remove(&k);
                    } else {
                        t.marked.insert(k);
                    }
                }
            }
        }
        Action::ClearSelection => t.marked.clear(),
        Action::ToggleDetail => t.show_detail = !t.show_detail,
        Action::ToggleMine => {
            t.toggle_mine(data, &app.me);
            let msg = match &app.triage.mine {
                Some(me) if me.trim().is_empty() => {
                    let who = tr!(app.lang, "triage.mine_nobody");
                    tr!(app.lang, "triage.mine_on", who = who)
                }
                Some(me) => tr!(app.lang, "triage.mine_on", who = me.trim()),
                None => tr!(app.lang, "triage.mine_off"),
            };
            app.info(msg);
        }
        Action::Back if !t.marked.is_empty() => t.marked.clear(),
        Action::Open => {
            if let Some(d) = t.current(data) {
                let id = d.id;
                app.open(id);
            }
        }
        Action::OpenParent => {
            if let Some(d) = t.current(data) {
                let id = d.id;
                match app.data.get(id).and_then(|r| r.parent()) {
                    Some(p) => app.open(p),
                    None => app.open(id),
                }
            }
        }
        Action::EditRecord => {
            if let Some(d) = t.current(data) {
                let id = d.id;
                crate::tui::popups::form::open_edit(app, id);
            }
        }
        Action::Done
        | Action::SnoozeDay
        | Action::SnoozeWeek
        | Action::SnoozeCustom
        | Action::Reschedule
        | Action::Reassign
        | Action::AddNote
        | Action::CancelItem => acts::start(app, action),
        _ => return false,
    }
    let page = app.page();
    let t = &mut app.triage;
    if t.cursor < t.offset {
        t.offset = t.cursor;
    } else if t.cursor >= t.offset + page {
        t.offset = t.cursor + 1 - page;
    }
    true
}

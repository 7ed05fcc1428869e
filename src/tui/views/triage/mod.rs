//! The triage queue: every open dated item grouped Overdue / Today / This
//! week / Later / No date, with one key per decision and bulk selection.

pub mod acts;
mod render;

use std::collections::BTreeSet;

use crate::due::{Bucket, DueItem};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::data::Data;
use crate::tui::words::tr;

pub use render::{FIRST_ROW, render};

/// A line of the queue: a group heading or an item (index into `data.due`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Header(Bucket, usize),
    Item(usize),
}

#[derive(Debug, Clone, Default)]
pub struct TriageState {
    pub rows: Vec<Row>,
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

/// Every item of the queue under its bucket's heading: the queue is in
/// bucket order, so each bucket is one run of it, found by halving.
fn every_row(data: &Data) -> Vec<Row> {
    let mut rows = Vec::with_capacity(data.due.len() + Bucket::ALL.len());
    let mut at = 0;
    while let Some(b) = data.due.get(at).map(|d| d.bucket) {
        let len = data
            .due
            .get(at..)
            .map_or(0, |rest| rest.partition_point(|d| d.bucket == b))
            .max(1);
        rows.push(Row::Header(b, len));
        rows.extend((at..at + len).map(Row::Item));
        at += len;
    }
    rows
}

impl TriageState {
    /// Rebuilds the rows from the queue, keeping the cursor on its item
    /// (or at the same place when the item left the queue).
    pub fn sync(&mut self, data: &Data) {
        self.rows = if self.mine.is_none() {
            every_row(data)
        } else {
            self.rows_shown(data)
        };
        if !self.marked.is_empty() {
            let keys: BTreeSet<String> = self
                .rows
                .iter()
                .filter_map(|r| match r {
                    Row::Item(i) => data.due.get(*i),
                    Row::Header(..) => None,
                })
                .map(DueItem::key)
                .collect();
            self.marked.retain(|k| keys.contains(k));
        }
        let want = self.cursor_key.clone();
        match want.and_then(|k| self.position_of(data, &k)) {
            Some(p) => self.cursor = p,
            None => self.cursor = self.cursor.min(self.rows.len().saturating_sub(1)),
        }
        self.settle(data);
    }

    /// The rows of the items [`TriageState::shows`], under their buckets.
    fn rows_shown(&self, data: &Data) -> Vec<Row> {
        let shown: Vec<usize> = (0..data.due.len())
            .filter(|i| data.due.get(*i).is_some_and(|d| self.shows(d)))
            .collect();
        let mut rows = Vec::with_capacity(shown.len() + 5);
        let mut at = 0;
        while let Some(b) = shown
            .get(at)
            .and_then(|i| data.due.get(*i))
            .map(|d| d.bucket)
        {
            let group: Vec<usize> = shown[at..]
                .iter()
                .copied()
                .take_while(|i| data.due.get(*i).is_some_and(|d| d.bucket == b))
                .collect();
            rows.push(Row::Header(b, group.len()));
            at += group.len();
            rows.extend(group.into_iter().map(Row::Item));
        }
        rows
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
        self.rows
            .iter()
            .filter(|r| matches!(r, Row::Item(_)))
            .count()
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

    fn position_of(&self, data: &Data, key: &str) -> Option<usize> {
        let (id, slot) = crate::triage::parse_key(key).ok()?;
        let is = |r: &Row| match r {
            Row::Item(i) => data
                .due
                .get(*i)
                .is_some_and(|d| d.id == id && d.slot == slot),
            Row::Header(..) => false,
        };
        // Near the cursor first: after an act the item is usually a
        // neighbour of where the cursor was (keys are unique).
        let near = self.cursor.saturating_sub(8)..(self.cursor + 8).min(self.rows.len());
        if let Some(p) = self
            .rows
            .get(near.clone())
            .and_then(|w| w.iter().position(is))
        {
            return Some(near.start + p);
        }
        self.rows.iter().position(is)
    }

    /// Puts the cursor on an item row: the first at or below it, else the
    /// last above it.
    fn settle(&mut self, data: &Data) {
        let is_item = |r: &Row| matches!(r, Row::Item(_));
        if !self.rows.get(self.cursor).is_some_and(is_item) {
            let after = self
                .rows
                .iter()
                .skip(self.cursor)
                .position(is_item)
                .map(|p| p + self.cursor);
            let before = self.rows.iter().take(self.cursor).rposition(is_item);
            if let Some(p) = after.or(before) {
                self.cursor = p;
            }
        }
        self.cursor_key = self.current(data).map(DueItem::key);
    }

    pub fn current<'a>(&self, data: &'a Data) -> Option<&'a DueItem> {
        match self.rows.get(self.cursor) {
            Some(Row::Item(i)) => data.due.get(*i),
            _ => None,
        }
    }

    /// Moves to the item `steps` items away (negative: up), skipping
    /// headings; stops at the first or last item.
    fn step(&mut self, data: &Data, steps: isize) {
        if !matches!(self.rows.get(self.cursor), Some(Row::Item(_))) {
            self.settle(data);
        }
        let is_item = |r: &Row| matches!(r, Row::Item(_));
        let mut left = steps.unsigned_abs();
        let mut at = self.cursor;
        if steps > 0 {
            let mut j = at + 1;
            while left > 0 && j < self.rows.len() {
                if is_item(&self.rows[j]) {
                    at = j;
                    left -= 1;
                }
                j += 1;
            }
        } else {
            let mut j = at;
            while left > 0 && j > 0 {
                j -= 1;
                if is_item(&self.rows[j]) {
                    at = j;
                    left -= 1;
                }
            }
        }
        self.cursor = at;
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

    /// The items an act applies to: the marked ones, else the current one.
    pub fn targets(&self, data: &Data) -> Vec<DueItem> {
        if self.marked.is_empty() {
            self.current(data).cloned().into_iter().collect()
        } else {
            data.due
                .iter()
                .filter(|d| self.marked.contains(&d.key()))
                .cloned()
                .collect()
        }
    }

    /// The item the eyes go to after acting on `targets`: the next one
    /// below the cursor that is not a target, else the nearest above.
    pub fn next_after(&self, data: &Data, targets: &[DueItem]) -> Option<String> {
        let keys: Vec<String> = targets.iter().map(DueItem::key).collect();
        let item_key = |r: &Row| match r {
            Row::Item(i) => data
                .due
                .get(*i)
                .map(DueItem::key)
                .filter(|k| !keys.contains(k)),
            Row::Header(..) => None,
        };
        self.rows
            .iter()
            .skip(self.cursor + 1)
            .find_map(item_key)
            .or_else(|| self.rows.iter().take(self.cursor).rev().find_map(item_key))
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

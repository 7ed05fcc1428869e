//! The mouse where it is natural: the wheel scrolls lists, a click picks a
//! tab or a row, a click on the picked row opens it.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use super::action::Action;
use super::app::App;
use super::views::{self, View};

pub fn handle(app: &mut App, m: MouseEvent) {
    match m.kind {
        MouseEventKind::ScrollDown => app.act(Action::Down),
        MouseEventKind::ScrollUp => app.act(Action::Up),
        MouseEventKind::Down(MouseButton::Left) => click(app, m.column, m.row),
        _ => {}
    }
}

fn click(app: &mut App, x: u16, y: u16) {
    let full = Rect::new(0, 0, app.size.0, app.size.1);
    let Some(a) = views::areas(full) else { return };
    if !app.overlays.is_empty() {
        return;
    }
    if y == a.tabs.y {
        for (v, x0, x1) in views::tab_spans(app) {
            if x >= x0 && x < x1 {
                app.act(v.action());
            }
        }
        return;
    }
    if !a.body.contains(ratatui::layout::Position::new(x, y)) || !app.details.is_empty() {
        return;
    }
    match app.view {
        View::Partnerships | View::Agreements | View::Institutions => {
            let Some(t) = app.table() else { return };
            let first = views::table::first_row_y(t, a.body);
            if y < first {
                return;
            }
            let height = usize::from(a.body.bottom().saturating_sub(first));
            let row = views::table::offset(t, height) + usize::from(y - first);
            if row < t.rows.len() {
                if row == t.selected {
                    app.act(Action::Open);
                } else {
                    views::table::select(app, row);
                }
            }
        }
        View::Triage => {
            let first = a.body.y + views::triage::FIRST_ROW;
            if y >= first {
                app.triage.click(
                    &app.data,
                    usize::from(y - first),
                    usize::from(a.body.height - views::triage::FIRST_ROW),
                );
            }
        }
        _ => {}
    }
}

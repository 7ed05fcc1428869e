//! A yes/no question before something consequential (deleting), or an
//! offer (edit the agreement whose date a notice follows).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Overlay, form};
use crate::model::Id;
use crate::store::{ChangeSet, Edit};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::Section;
use crate::tui::text;
use crate::tui::views::triage::acts;
use crate::tui::words::{kind, tr};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnYes {
    Delete(Id),
    Edit(Id),
    /// Cancel these triage items (terminating agreements among them).
    Cancel(Vec<String>),
    /// Remove this name from the staff directory.
    RemoveStaff(String),
    /// Close the form under the question, dropping what was typed.
    Discard,
}

pub struct ConfirmState {
    pub message: String,
    pub on_yes: OnYes,
}

pub fn ask(app: &mut App, message: String, on_yes: OnYes) {
    app.overlays
        .push(Overlay::Confirm(ConfirmState { message, on_yes }));
}

/// Asks before deleting `id`, saying what it is and that it can be undone.
pub fn ask_delete(app: &mut App, id: Id) {
    let Some(r) = app.data.get(id) else { return };
    let refs = app.data.children(id).count();
    let msg = if refs > 0 {
        tr!(
            app.lang,
            "confirm.delete_linked",
            id = id.to_string(),
            kind = kind(app.lang, id.kind),
            title = r.title(),
            n = refs
        )
    } else {
        tr!(
            app.lang,
            "confirm.delete",
            id = id.to_string(),
            kind = kind(app.lang, id.kind),
            title = r.title()
        )
    };
    ask(app, msg, OnYes::Delete(id));
}

pub fn update(app: &mut App, action: Action) -> bool {
    let Some(Overlay::Confirm(c)) = app.overlays.last() else {
        return false;
    };
    let on_yes = c.on_yes.clone();
    match action {
        Action::Confirm => {
            app.overlays.pop();
            match on_yes {
                OnYes::Delete(id) => delete(app, id),
                OnYes::Edit(id) => form::open_edit(app, id),
                OnYes::RemoveStaff(name) => super::staff::remove(app, &name),
                OnYes::Discard => {
                    if matches!(app.overlays.last(), Some(Overlay::Form(_))) {
                        app.overlays.pop();
                    }
                }
                OnYes::Cancel(keys) => {
                    let targets = acts::resolve(app, &keys);
                    acts::perform(app, &targets, acts::Act::Cancel);
                }
            }
        }
        Action::Close | Action::Back => {
            app.overlays.pop();
        }
        _ => return false,
    }
    true
}

fn delete(app: &mut App, id: Id) {
    let msg = tr!(
        app.lang,
        "status.deleted",
        id = id.to_string(),
        title = app.data.title(id)
    );
    if app
        .apply(ChangeSet::one(msg.clone(), Edit::Delete(id)), msg)
        .is_some()
    {
        app.details.retain(|d| d.id != id);
    }
}

pub fn render(app: &App, c: &ConfirmState, frame: &mut Frame, body: Rect) {
    let th = &app.theme;
    let w = body.width.saturating_sub(4).min(70);
    let lines = text::wrap(&text::clean(&c.message), usize::from(w.saturating_sub(4)));
    let h = (lines.len() as u16 + 5).min(body.height);
    let area = super::centred(body, w, h);
    let inner = super::frame_box(app, frame, area, &tr!(app.lang, "confirm.title"));
    let yes = app
        .keymap
        .key_for(Section::Confirm, Action::Confirm)
        .unwrap_or_default();
    let no = app
        .keymap
        .key_for(Section::Confirm, Action::Close)
        .unwrap_or_default();
    let mut ls: Vec<Line> = lines.into_iter().map(Line::raw).collect();
    ls.push(Line::raw(""));
    ls.push(Line::from(vec![
        Span::styled(format!(" {yes} "), th.key()),
        Span::raw(tr!(app.lang, "confirm.yes")),
        Span::raw("    "),
        Span::styled(format!(" {no} "), th.key()),
        Span::raw(tr!(app.lang, "confirm.no")),
    ]));
    frame.render_widget(
        Paragraph::new(ls).wrap(Wrap { trim: false }),
        Rect::new(
            inner.x + 1,
            inner.y,
            inner.width.saturating_sub(2),
            inner.height,
        ),
    );
}

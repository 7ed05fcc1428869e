//! The first screen on an empty database: what accord is, and one key to
//! load the demo data or create the first record.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::model::Kind;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::Section;
use crate::tui::popups::form;
use crate::tui::text;
use crate::tui::words::tr;

pub fn update(app: &mut App, action: Action) -> bool {
    match action {
        Action::LoadDemo => load_demo(app),
        Action::NewRecord => form::open_new(app, Kind::Institution, None),
        _ => return false,
    }
    true
}

/// Loads the demo dataset as one undoable change.
fn load_demo(app: &mut App) {
    let today = app.data.today;
    match crate::demo::load_demo(app.store.as_ref(), today) {
        Ok(outcome) => match crate::tui::data::Data::load(app.store.as_ref(), today) {
            Ok(data) => {
                app.data = data;
                app.finder = crate::tui::find::Finder::new(&app.data);
                app.sync_views();
                let undo = app.undo_key();
                app.done(tr!(
                    app.lang,
                    "welcome.loaded",
                    n = outcome.total_created(),
                    key = undo
                ));
            }
            Err(e) => app.error(e.to_string()),
        },
        Err(e) => app.error(e.to_string()),
    }
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let th = &app.theme;
    let lang = app.lang;
    let key = |a: Action| {
        app.keymap
            .key_for(Section::Welcome, a)
            .unwrap_or_else(|| "—".into())
    };
    let lines = vec![
        Line::styled(tr!(lang, "welcome.title"), th.title()),
        Line::raw(""),
        Line::raw(tr!(lang, "welcome.what")),
        Line::raw(""),
        Line::styled(
            tr!(
                lang,
                "welcome.empty",
                path = text::clean(&app.store.location())
            ),
            th.dim(),
        ),
        Line::raw(""),
        Line::from(vec![
            Span::styled(format!("  {}  ", key(Action::LoadDemo)), th.key()),
            Span::raw(tr!(lang, "welcome.demo")),
        ]),
        Line::from(vec![
            Span::styled(format!("  {}  ", key(Action::NewRecord)), th.key()),
            Span::raw(tr!(lang, "welcome.new")),
        ]),
        Line::from(vec![
            Span::styled(format!("  {}  ", key(Action::Help)), th.key()),
            Span::raw(tr!(lang, "welcome.help")),
        ]),
        Line::from(vec![
            Span::styled(format!("  {}  ", key(Action::Quit)), th.key()),
            Span::raw(tr!(lang, "welcome.quit")),
        ]),
    ];
    let w = area.width.min(76);
    let h = (lines.len() as u16 + 4).min(area.height);
    let x = area.x + (area.width - w) / 2;
    let y = area.y + area.height.saturating_sub(h) / 2;
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }),
        Rect::new(x, y, w, h),
    );
}

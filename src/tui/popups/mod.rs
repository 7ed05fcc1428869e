//! Popups over the views, one file each: help, search, a one-line prompt,
//! a confirmation, a day's items, the record forms and the export dialog.

pub mod confirm;
pub mod day;
pub mod export;
pub mod form;
pub mod help;
pub mod prompt;
pub mod search;
pub mod staff;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear};

use super::action::Action;
use super::app::App;
use super::keymap::Section;
use super::text;

pub enum Overlay {
    Help(help::HelpState),
    Search(search::SearchState),
    Prompt(prompt::PromptState),
    Confirm(confirm::ConfirmState),
    Day(day::DayState),
    Form(Box<form::FormState>),
    Export(export::ExportState),
    Staff(staff::StaffState),
}

impl Overlay {
    pub fn section(&self) -> Section {
        match self {
            Overlay::Help(_) => Section::Help,
            Overlay::Search(_) => Section::Search,
            Overlay::Prompt(_) => Section::Prompt,
            Overlay::Confirm(_) => Section::Confirm,
            Overlay::Day(_) => Section::Day,
            Overlay::Form(f) if f.picker.is_some() => Section::Picker,
            Overlay::Form(_) => Section::Form,
            Overlay::Export(_) => Section::Form,
            Overlay::Staff(_) => Section::Staff,
        }
    }
}

/// The topmost popup handles the action. Undo, quit and help work from
/// every popup; other global actions are ignored while one is open.
pub fn update(app: &mut App, action: Action) {
    let handled = match app.overlays.last() {
        Some(Overlay::Help(_)) => help::update(app, action),
        Some(Overlay::Search(_)) => search::update(app, action),
        Some(Overlay::Prompt(_)) => prompt::update(app, action),
        Some(Overlay::Confirm(_)) => confirm::update(app, action),
        Some(Overlay::Day(_)) => day::update(app, action),
        Some(Overlay::Form(_)) => form::update(app, action),
        Some(Overlay::Export(_)) => export::update(app, action),
        Some(Overlay::Staff(_)) => staff::update(app, action),
        None => false,
    };
    if handled {
        return;
    }
    match action {
        Action::Quit => app.quit = true,
        Action::Undo => app.undo(),
        Action::Back | Action::Close => {
            app.overlays.pop();
        }
        Action::Help if !matches!(app.overlays.last(), Some(Overlay::Help(_))) => {
            let section = app.section();
            app.overlays
                .push(Overlay::Help(help::HelpState::new(section)));
        }
        _ => {}
    }
}

pub fn type_char(app: &mut App, c: char) {
    match app.overlays.last() {
        Some(Overlay::Search(_)) => search::type_char(app, c),
        Some(Overlay::Prompt(_)) => prompt::type_char(app, c),
        Some(Overlay::Form(_)) => form::type_char(app, c),
        Some(Overlay::Export(_)) => export::type_char(app, c),
        _ => {}
    }
}

pub fn type_str(app: &mut App, s: &str) {
    match app.overlays.last() {
        Some(Overlay::Search(_)) => search::type_str(app, s),
        Some(Overlay::Form(_)) => form::type_str(app, s),
        _ => s.chars().for_each(|c| type_char(app, c)),
    }
}

pub fn render(app: &App, o: &Overlay, frame: &mut Frame, body: Rect) {
    match o {
        Overlay::Help(s) => help::render(app, s, frame, body),
        Overlay::Search(s) => search::render(app, s, frame, body),
        Overlay::Prompt(s) => prompt::render(app, s, frame, body),
        Overlay::Confirm(s) => confirm::render(app, s, frame, body),
        Overlay::Day(s) => day::render(app, s, frame, body),
        Overlay::Form(s) => form::render(app, s, frame, body),
        Overlay::Export(s) => export::render(app, s, frame, body),
        Overlay::Staff(s) => staff::render(app, s, frame, body),
    }
}

/// A rectangle of at most `w`×`h` centred in `area`.
pub fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Blanks wide (CJK) characters that start just left of `area` and would
/// spill into it: a popup's border must not be half-covered.
pub fn guard_edges(frame: &mut Frame, area: Rect) {
    if area.x == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        let pos = ratatui::layout::Position::new(area.x - 1, y);
        if let Some(cell) = buf.cell_mut(pos)
            && text::width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

/// Clears `area`, draws a titled border and returns the inside.
pub fn frame_box(app: &App, frame: &mut Frame, area: Rect, title: &str) -> Rect {
    guard_edges(frame, area);
    frame.render_widget(Clear, area);
    frame.buffer_mut().set_style(area, app.theme.panel());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.title())
        .style(app.theme.panel())
        .title(Span::styled(
            format!(" {} ", text::clean(title)),
            app.theme.title(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

//! The views in the tab bar, and the frame around them: tabs on top, the
//! status line and key hints at the bottom.

pub mod calendar;
pub mod dashboard;
pub mod detail;
mod frame;
pub mod table;
pub mod triage;
pub mod welcome;

use ratatui::Frame;
use ratatui::layout::Rect;

pub use frame::{Areas, MIN_HEIGHT, MIN_WIDTH, areas, tab_spans};

use super::action::Action;
use super::app::App;
use super::keymap::Section;
use super::popups;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Dashboard,
    Partnerships,
    Agreements,
    Institutions,
    Triage,
    Calendar,
}

impl View {
    pub const ALL: [View; 6] = [
        View::Dashboard,
        View::Partnerships,
        View::Agreements,
        View::Institutions,
        View::Triage,
        View::Calendar,
    ];

    pub fn section(self) -> Section {
        match self {
            View::Dashboard => Section::Dashboard,
            View::Partnerships | View::Agreements | View::Institutions => Section::Tables,
            View::Triage => Section::Triage,
            View::Calendar => Section::Calendar,
        }
    }

    /// The action that switches to this view (its key is shown in the tab).
    pub fn action(self) -> Action {
        match self {
            View::Dashboard => Action::ViewDashboard,
            View::Partnerships => Action::ViewPartnerships,
            View::Agreements => Action::ViewAgreements,
            View::Institutions => Action::ViewInstitutions,
            View::Triage => Action::ViewTriage,
            View::Calendar => Action::ViewCalendar,
        }
    }
}

/// Passes an action to the view on screen; `false` leaves it to the
/// global handler.
pub fn update(app: &mut App, action: Action) -> bool {
    match app.view {
        View::Dashboard => dashboard::update(app, action),
        View::Partnerships | View::Agreements | View::Institutions => table::update(app, action),
        View::Triage => triage::update(app, action),
        View::Calendar => calendar::update(app, action),
    }
}

/// Draws the whole screen from the app's state.
pub fn render(app: &App, frame: &mut Frame) {
    let full = frame.area();
    frame.buffer_mut().set_style(full, app.theme.base());
    let Some(a) = areas(full) else {
        frame::too_small(app, frame, full);
        return;
    };
    frame::tabs(app, frame, a.tabs);
    body(app, frame, a.body);
    for o in &app.overlays {
        popups::render(app, o, frame, a.body);
    }
    frame::status(app, frame, a.status);
    frame::hints(app, frame, a.hints);
}

fn body(app: &App, frame: &mut Frame, area: Rect) {
    if app.data.is_empty() {
        welcome::render(app, frame, area);
    } else if let Some(d) = app.details.last() {
        detail::render_full(app, d, frame, area);
    } else {
        match app.view {
            View::Dashboard => dashboard::render(app, frame, area),
            View::Partnerships => table::render(app, &app.partnerships, frame, area),
            View::Agreements => table::render(app, &app.agreements, frame, area),
            View::Institutions => table::render(app, &app.institutions, frame, area),
            View::Triage => triage::render(app, frame, area),
            View::Calendar => calendar::render(app, frame, area),
        }
    }
}

//! `update(&mut App, Action)`: the one place state changes. Popups get the
//! action first, then the view on screen, then the global handler.

use super::action::Action;
use super::app::App;
use super::popups::{self, help::HelpState, search::SearchState};
use super::views::{self, View, detail, table, welcome};
use super::words::tr;

pub fn update(app: &mut App, action: Action) {
    if !app.overlays.is_empty() {
        popups::update(app, action);
        return;
    }
    if app.table().is_some_and(|t| t.editing_filter) {
        table::filter_update(app, action);
        return;
    }
    let handled = if app.data.is_empty() {
        welcome::update(app, action)
    } else if !app.details.is_empty() {
        detail::update(app, action)
    } else {
        views::update(app, action)
    };
    if !handled {
        global(app, action);
    }
}

/// A typed character, for the text field that has the focus.
pub fn type_char(app: &mut App, c: char) {
    if !app.overlays.is_empty() {
        popups::type_char(app, c);
    } else if let Some(t) = app.table_mut()
        && t.editing_filter
    {
        t.filter.insert(c);
        table::refilter(app);
    }
}

/// Text pasted at once: inserted, then searched or filtered once.
pub fn type_str(app: &mut App, s: &str) {
    if !app.overlays.is_empty() {
        popups::type_str(app, s);
    } else if let Some(t) = app.table_mut()
        && t.editing_filter
    {
        for c in s.chars() {
            t.filter.insert(c);
        }
        table::refilter(app);
    }
}

fn global(app: &mut App, action: Action) {
    use Action::*;
    match action {
        Quit => app.quit = true,
        Help => {
            let section = app.section();
            app.overlays
                .push(popups::Overlay::Help(HelpState::new(section)));
        }
        Search => app
            .overlays
            .push(popups::Overlay::Search(SearchState::default())),
        Undo => app.undo(),
        Back if app.details.pop().is_none() => app.status = None,
        NextView | PrevView => {
            let all = View::ALL;
            let i = all.iter().position(|v| *v == app.view).unwrap_or(0);
            let n = all.len();
            let j = if action == NextView {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            switch(app, all[j]);
        }
        ViewDashboard => switch(app, View::Dashboard),
        ViewPartnerships => switch(app, View::Partnerships),
        ViewAgreements => switch(app, View::Agreements),
        ViewInstitutions => switch(app, View::Institutions),
        ViewTriage => switch(app, View::Triage),
        ViewCalendar => switch(app, View::Calendar),
        ToggleLanguage => {
            app.lang = match app.lang {
                crate::i18n::Lang::En => crate::i18n::Lang::Zh,
                crate::i18n::Lang::Zh => crate::i18n::Lang::En,
            };
            app.sync_views();
            app.info(tr!(app.lang, "status.language"));
        }
        LeadershipSummary => super::jobs::start_summary(app),
        Export => popups::export::open(app),
        StaffDirectory => popups::staff::open(app),
        _ => {}
    }
}

fn switch(app: &mut App, view: View) {
    app.details.clear();
    app.view = view;
    app.show_table();
}

//! The terminal interface: views over the store, driven by the keyboard.
//!
//! The loop: a key event → the keymap resolves (section, key) to an
//! [`Action`](action::Action) → `update(&mut App, action)` changes state and
//! the store → `render(&App, frame)` draws from prepared state only.

pub mod action;
pub mod app;
pub mod data;
pub mod find;
pub mod jobs;
pub mod keymap;
mod mouse;
pub mod popups;
pub mod svg;
mod terminal;
pub mod testing;
pub mod text;
pub mod theme;
pub mod update;
pub mod views;
pub mod widgets;
pub mod words;

#[cfg(test)]
mod fixture;

use std::path::PathBuf;
use std::sync::Arc;

pub use app::App;
pub use views::render;

use crate::clock::SharedClock;
use crate::i18n::Lang;
use crate::store::Store;

/// How the interface is started (from the command line).
pub struct TuiOptions {
    pub store: Arc<dyn Store>,
    pub clock: SharedClock,
    pub lang: Lang,
    /// `--keymap FILE`; else the user's file in the configuration
    /// directory if present; else the embedded default.
    pub keymap: Option<PathBuf>,
    /// `NO_COLOR` is set.
    pub no_color: bool,
}

/// Runs the interface until the user quits. The terminal is restored on
/// every exit path and on panic.
pub fn run(opts: TuiOptions) -> Result<(), String> {
    let (keymap, errors) = keymap::load(opts.keymap.as_deref(), opts.lang);
    let mut guard = terminal::Guard::enter()
        .map_err(|e| format!("the terminal could not be set up for the interface: {e}"))?;
    // A large database takes a moment to read: say so at once.
    let loading = text::clean(&words::tr!(
        opts.lang,
        "loading",
        path = opts.store.location()
    ));
    let _ = guard.terminal.draw(|f| {
        let area = f.area();
        let y = area.height / 2;
        let line = ratatui::text::Line::from(loading.as_str()).centered();
        f.render_widget(
            line,
            ratatui::layout::Rect::new(area.x, area.y + y, area.width, 1.min(area.height)),
        );
    });
    let mut app =
        App::with_background_index(opts.store, opts.clock, opts.lang, keymap, opts.no_color)?;
    app.report_keymap_errors(&errors);
    let result = terminal::event_loop(&mut app, &mut guard);
    drop(guard);
    result.map_err(|e| format!("the terminal stopped responding: {e}"))
}

#[cfg(test)]
mod smoke_tests;

/// Builds the interface exactly as [`run`] does and renders its first frame
/// off-screen at `width`×`height`, returning the screen as text. Used to
/// measure start-up (`accord --first-frame`) without a terminal.
pub fn first_frame(opts: TuiOptions, width: u16, height: u16) -> Result<String, String> {
    let (keymap, errors) = keymap::load(opts.keymap.as_deref(), opts.lang);
    let mut app =
        App::with_background_index(opts.store, opts.clock, opts.lang, keymap, opts.no_color)?;
    app.report_keymap_errors(&errors);
    Ok(testing::screen(&mut app, width, height))
}

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
pub mod live;
pub mod loading;
mod memory;
mod mouse;
pub mod popups;
mod signals;
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
    /// Who "mine" means, from the configuration file (else my display
    /// name on a team server, else my login).
    pub me: Option<String>,
    /// Partnerships silent this many days count as "no contact"
    /// (`no_contact_days` in the configuration file; else 90).
    pub no_contact_days: Option<u32>,
    /// The configuration file's problems, worded, shown in the status line.
    pub config_problems: Vec<String>,
}

/// Runs the interface until the user quits. The terminal is restored on
/// every exit path and on panic.
pub fn run(opts: TuiOptions) -> Result<(), String> {
    memory::give_back_promptly();
    signals::watch(opts.store.clone());
    let (keymap, errors) = keymap::load(opts.keymap.as_deref(), opts.lang);
    let mut guard = terminal::Guard::enter()
        .map_err(|e| format!("the terminal could not be set up for the interface: {e}"))?;
    let theme = theme::Theme::new(opts.no_color);
    let mut reading = loading::Loading::start(opts.store.clone(), opts.clock.today());
    let data = terminal::loading_loop(&mut reading, &keymap, opts.lang, &theme, &mut guard);
    if !matches!(data, Ok(Some(_))) {
        signals::left();
    }
    let data = data.map_err(|e| format!("the terminal stopped responding: {e}"))?;
    let Some(data) = data else {
        return Ok(());
    };
    let store = opts.store.clone();
    let mut app = session(opts, keymap, &errors, data?);
    for key in std::mem::take(&mut reading.typed) {
        app.key(key);
    }
    let result = terminal::event_loop(&mut app, &mut guard);
    signals::left();
    app.stop_watching();
    drop(guard);
    // The next start reads this copy instead of every record.
    store.remember_everything(&mut app.data.all());
    // Freeing a large session's memory piece by piece takes longer than
    // the process's exit does at once.
    std::mem::forget(app);
    result.map_err(|e| format!("the terminal stopped responding: {e}"))
}

/// The session over the records read, with the keymap's problems reported
/// in the status line.
fn session(
    opts: TuiOptions,
    keymap: keymap::Keymap,
    errors: &[keymap::KeymapError],
    data: data::Data,
) -> App {
    let mut app = App::from_data(
        opts.store,
        opts.clock,
        opts.lang,
        keymap,
        opts.no_color,
        data,
    );
    app.set_me(opts.me.as_deref());
    if let Some(days) = opts.no_contact_days {
        app.stale_days = days;
        app.sync_views();
    }
    if let Some(first) = opts.config_problems.first() {
        app.error(first.clone());
    }
    app.report_keymap_errors(errors);
    app.watch(live::Timing::default());
    app
}

#[cfg(test)]
mod smoke_tests;

/// Builds the interface exactly as [`run`] does and renders its first frame
/// off-screen at `width`×`height`, returning the screen as text. Used to
/// measure start-up (`accord --first-frame`) without a terminal.
pub fn first_frame(opts: TuiOptions, width: u16, height: u16) -> Result<String, String> {
    let (keymap, errors) = keymap::load(opts.keymap.as_deref(), opts.lang);
    let reading = loading::Loading::start(opts.store.clone(), opts.clock.today());
    let data = reading.wait()?;
    let mut app = session(opts, keymap, &errors, data);
    let screen = testing::screen(&mut app, width, height);
    app.stop_watching();
    std::mem::forget(app);
    Ok(screen)
}

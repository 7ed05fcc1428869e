//! The real terminal: raw mode, alternate screen, mouse and paste, and a
//! guard that restores everything on every exit path and on panic.

use std::io::{self, Stdout, stdout};
use std::mem::ManuallyDrop;
use std::sync::Once;
use std::time::Duration;

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::action::Action;
use super::app::App;
use super::data::Data;
use super::keymap::{Key, Keymap, Resolved, Section};
use super::loading::Loading;
use super::theme::Theme;
use super::{mouse, views};
use crate::i18n::Lang;

/// Puts the terminal back as it was. Safe to call more than once.
fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

static HOOK: Once = Once::new();

/// Restores the terminal before a panic message is printed.
fn install_panic_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// Owns the terminal while the interface runs; dropping it restores.
pub struct Guard {
    /// Never dropped: ratatui's drop shows the cursor again with
    /// `eprintln!` on failure, which panics when the terminal has gone
    /// (the window closed) before the database is closed. [`restore`]
    /// shows it instead, ignoring a terminal that is gone.
    pub terminal: ManuallyDrop<Terminal<CrosstermBackend<Stdout>>>,
}

impl Guard {
    pub fn enter() -> io::Result<Guard> {
        install_panic_hook();
        enable_raw_mode()?;
        let entered = execute!(
            stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste
        )
        .and_then(|_| Terminal::new(CrosstermBackend::new(stdout())));
        match entered {
            Ok(terminal) => Ok(Guard {
                terminal: ManuallyDrop::new(terminal),
            }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Shows the loading screen until the records are read (`Some`) or the
/// user quits (`None`). Other keys are kept in `loading.typed`.
pub fn loading_loop(
    loading: &mut Loading,
    keymap: &Keymap,
    lang: Lang,
    theme: &Theme,
    guard: &mut Guard,
) -> io::Result<Option<Result<Data, String>>> {
    loop {
        if let Some(done) = loading.poll() {
            return Ok(Some(done));
        }
        if super::signals::asked() {
            return Ok(None);
        }
        guard
            .terminal
            .draw(|f| super::loading::render(loading, lang, theme, f))?;
        if !super::signals::waiting(|| event::poll(Duration::from_millis(50)))? {
            continue;
        }
        if let Event::Key(k) = super::signals::waiting(event::read)?
            && k.kind != KeyEventKind::Release
            && let Some(key) = Key::from_event(&k)
        {
            match keymap.resolve(Section::Global, &[], key) {
                Resolved::Action(Action::Quit) => return Ok(None),
                _ => loading.typed.push(key),
            }
        }
    }
}

/// Runs the event loop until the user quits.
pub fn event_loop(app: &mut App, guard: &mut Guard) -> io::Result<()> {
    // Whether anything happened since memory was last given back.
    let mut worked = true;
    loop {
        let size = guard.terminal.size()?;
        app.size = (size.width, size.height);
        // Asked to end by a signal (the window closed): no frame to draw.
        if super::signals::asked() {
            return Ok(());
        }
        guard.terminal.draw(|f| views::render(app, f))?;
        if app.quit {
            return Ok(());
        }
        // While background work runs, look for its result often; else
        // often enough that a colleague's change shows within a second
        // without a key press.
        let wait = if app.busy() { 50 } else { 200 };
        if !super::signals::waiting(|| event::poll(Duration::from_millis(wait)))? {
            worked |= app.poll_background();
            app.tick();
            if worked && !app.busy() {
                super::memory::give_back();
                worked = false;
            }
            continue;
        }
        worked = true;
        app.poll_background();
        match super::signals::waiting(event::read)? {
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                if let Some(key) = Key::from_event(&k) {
                    app.key(key);
                }
            }
            Event::Mouse(m) => mouse::handle(app, m),
            Event::Paste(s) => app.paste(&s),
            _ => {}
        }
    }
}

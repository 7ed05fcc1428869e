//! The real terminal: raw mode, alternate screen, mouse and paste, and a
//! guard that restores everything on every exit path and on panic.

use std::io::{self, Stdout, stdout};
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

use super::app::App;
use super::keymap::Key;
use super::{mouse, views};

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
    pub terminal: Terminal<CrosstermBackend<Stdout>>,
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
            Ok(terminal) => Ok(Guard { terminal }),
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

/// Runs the event loop until the user quits.
pub fn event_loop(app: &mut App, guard: &mut Guard) -> io::Result<()> {
    loop {
        let size = guard.terminal.size()?;
        app.size = (size.width, size.height);
        guard.terminal.draw(|f| views::render(app, f))?;
        if app.quit {
            return Ok(());
        }
        // While background work runs, look for its result often.
        let wait = if app.busy() { 50 } else { 1000 };
        if !event::poll(Duration::from_millis(wait))? {
            app.poll_background();
            app.tick();
            continue;
        }
        app.poll_background();
        match event::read()? {
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

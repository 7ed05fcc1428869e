//! Driving the interface without a terminal: build a session on the demo
//! data at a fixed day, press keys, render to a `TestBackend`. Used by the
//! integration tests, the benchmarks and the screenshots example.

use std::sync::Arc;

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use super::app::App;
use super::keymap::{self, Key, Keymap};
use crate::clock::{FixedClock, SharedClock};
use crate::i18n::Lang;
use crate::store::{SledStore, Store};

/// The day the demo data, snapshots and screenshots are rendered at.
pub fn demo_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

/// A shipped keymap by name (`default` or `vim`).
pub fn shipped_keymap(name: &str, lang: Lang) -> Keymap {
    let (text, file) = match name {
        "vim" => (keymap::VIM_TOML, "vim.toml"),
        _ => (keymap::DEFAULT_TOML, "default.toml"),
    };
    let mut km = keymap::parse(text, file, lang).unwrap_or_default();
    km.name = name.to_string();
    km
}

/// A temporary store at the demo day, empty.
pub fn empty_store() -> Result<Arc<dyn Store>, String> {
    let clock: SharedClock = Arc::new(FixedClock(demo_day()));
    let s = SledStore::temporary(clock).map_err(|e| e.to_string())?;
    Ok(Arc::new(s))
}

/// A session on a store.
pub fn app_on(store: Arc<dyn Store>, lang: Lang, keymap: &str) -> Result<App, String> {
    let clock: SharedClock = Arc::new(FixedClock(demo_day()));
    App::new(store, clock, lang, shipped_keymap(keymap, lang), false)
}

/// A session on a fresh temporary store holding the demo data.
pub fn demo_app(lang: Lang, keymap: &str) -> Result<App, String> {
    let store = empty_store()?;
    crate::demo::load_demo(store.as_ref(), demo_day()).map_err(|e| e.to_string())?;
    app_on(store, lang, keymap)
}

/// Presses keys written as in keymap files, separated by spaces
/// (`5 down d`, `ctrl-k`, `g g`). Unknown names panic: tests only.
pub fn press(app: &mut App, keys: &str) {
    for k in keys.split_whitespace() {
        match Key::parse(k) {
            Ok(key) => app.key(key),
            Err(e) => panic!("bad key in test: {e}"),
        }
    }
}

/// Types text into whatever has the focus, one character at a time.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.key(Key::char(c));
    }
}

/// Renders one frame at `width`×`height`.
pub fn render(app: &mut App, width: u16, height: u16) -> Buffer {
    app.size = (width, height);
    match Terminal::new(TestBackend::new(width, height)) {
        Ok(mut t) => {
            let _ = t.draw(|f| super::views::render(app, f));
            t.backend().buffer().clone()
        }
        Err(e) => panic!("test backend: {e}"),
    }
}

/// The text of a buffer, one line per row, wide characters once.
pub fn buffer_text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let s = buf[(x, y)].symbol();
            skip = super::text::width(s).saturating_sub(1);
            line.push_str(s);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Renders and returns the screen as text.
pub fn screen(app: &mut App, width: u16, height: u16) -> String {
    buffer_text(&render(app, width, height))
}

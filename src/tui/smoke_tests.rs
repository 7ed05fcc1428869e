//! Unit tests driving the whole app on the fixture (integration tests in
//! `tests/tui_*.rs` use the demo data).

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::app::App;
use super::fixture;
use super::keymap::{self, Key};
use crate::i18n::Lang;

pub fn app(lang: Lang) -> App {
    let km = keymap::parse(keymap::DEFAULT_TOML, "default.toml", lang).unwrap();
    let clock: crate::clock::SharedClock =
        std::sync::Arc::new(crate::clock::FixedClock(fixture::today()));
    App::new(fixture::store(), clock, lang, km, false).unwrap()
}

pub fn screen(app: &mut App, w: u16, h: u16) -> String {
    app.size = (w, h);
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| super::views::render(app, f)).unwrap();
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut skip = 0;
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let s = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(s).saturating_sub(1);
            out.push_str(s);
        }
        out.push('\n');
    }
    out
}

pub fn keys(app: &mut App, seq: &str) {
    for k in seq.split_whitespace() {
        app.key(Key::parse(k).unwrap());
    }
}

#[test]
fn every_view_renders_at_common_sizes() {
    let mut a = app(Lang::En);
    for v in ["1", "2", "3", "4", "5", "6"] {
        keys(&mut a, v);
        for (w, h) in [(120, 40), (80, 24), (60, 15), (20, 5), (1, 1)] {
            let s = screen(&mut a, w, h);
            assert!(!s.is_empty());
        }
    }
}

#[test]
#[ignore]
fn print_screens() {
    let mut a = app(Lang::En);
    for v in ["1", "2", "3", "4", "5", "6"] {
        keys(&mut a, v);
        println!("{}", screen(&mut a, 120, 40));
        println!("{}", screen(&mut a, 80, 24));
    }
}

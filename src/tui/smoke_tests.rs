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

fn current_key(a: &App) -> Option<String> {
    a.triage.current(&a.data).map(|d| d.key())
}

fn due_of(a: &App, id: &str) -> Option<chrono::NaiveDate> {
    let id: crate::model::Id = id.parse().unwrap();
    a.data.get(id).and_then(|r| r.date())
}

#[test]
fn triage_acts_move_the_cursor_to_the_next_item_and_undo() {
    let mut a = app(Lang::En);
    keys(&mut a, "5");
    // Queue: A1:notice, T1 (overdue), T2, F1 (today), F2, A1:expiry, T3.
    assert_eq!(current_key(&a).as_deref(), Some("A1:notice"));
    keys(&mut a, "down");
    assert_eq!(current_key(&a).as_deref(), Some("T1"));
    keys(&mut a, "d");
    assert_eq!(
        current_key(&a).as_deref(),
        Some("T2"),
        "eyes stay on the next item"
    );
    let st = a.status.clone().unwrap();
    assert!(
        st.text.contains("Marked T1 done") && st.text.contains("u undoes"),
        "{}",
        st.text
    );
    assert!(!a.data.due.iter().any(|d| d.key() == "T1"));
    keys(&mut a, "u");
    assert!(a.data.due.iter().any(|d| d.key() == "T1"));
    assert!(a.status.clone().unwrap().text.starts_with("Undone:"));
}

#[test]
fn snooze_and_reschedule_with_human_dates() {
    let mut a = app(Lang::En);
    keys(&mut a, "5 down down");
    assert_eq!(current_key(&a).as_deref(), Some("T2"));
    keys(&mut a, "s");
    assert_eq!(due_of(&a, "T2"), Some(fixture::d("2026-11-24")));
    // Reschedule F1 (now under the cursor) to Friday.
    assert_eq!(current_key(&a).as_deref(), Some("F1"));
    keys(&mut a, "r f r i enter");
    assert_eq!(due_of(&a, "F1"), Some(fixture::d("2026-11-27")));
    // And T2 by +2w from today.
    let data = &a.data;
    a.triage.select_key(data, "T2");
    keys(&mut a, "r + 2 w enter");
    assert_eq!(due_of(&a, "T2"), Some(fixture::d("2026-12-07")));
    // Nonsense keeps the prompt open with the reason.
    keys(&mut a, "r s o o n enter");
    assert!(!a.overlays.is_empty());
    keys(&mut a, "esc");
    assert!(a.overlays.is_empty());
}

#[test]
fn bulk_done_and_agreement_dates_are_explained() {
    let mut a = app(Lang::En);
    keys(&mut a, "5 down space space");
    assert_eq!(a.triage.marked.len(), 2);
    keys(&mut a, "d");
    assert!(a.triage.marked.is_empty());
    assert!(
        !a.data
            .due
            .iter()
            .any(|d| d.key() == "T1" || d.key() == "T2")
    );
    // Snoozing a renewal notice explains and offers to edit the agreement.
    keys(&mut a, "home s");
    assert!(matches!(
        a.overlays.last(),
        Some(super::popups::Overlay::Confirm(_))
    ));
    keys(&mut a, "y");
    assert!(matches!(
        a.overlays.last(),
        Some(super::popups::Overlay::Form(_))
    ));
    keys(&mut a, "esc home d");
    let Some(crate::model::Record::Agreement(ag)) = a.data.get("A1".parse().unwrap()) else {
        panic!()
    };
    assert_eq!(ag.renewal_raised_for, ag.expires);
}

#[test]
fn an_agreement_is_created_through_the_form_after_fixing_a_date() {
    let mut a = app(Lang::En);
    keys(&mut a, "3 n");
    let typed = |a: &mut App, s: &str| {
        for c in s.chars() {
            a.key(Key::char(c));
        }
    };
    typed(&mut a, "Exchange of residents");
    keys(&mut a, "tab");
    typed(&mut a, "P1");
    keys(&mut a, "enter");
    // title, partnership, kind, parties, status, signed, effective, expires
    keys(&mut a, "tab tab tab tab tab");
    typed(&mut a, "someday");
    keys(&mut a, "ctrl-s");
    let Some(super::popups::Overlay::Form(f)) = a.overlays.last() else {
        panic!("form closed")
    };
    assert!(
        f.errors
            .get("expires")
            .is_some_and(|e| e.contains("'someday' is not a date"))
    );
    keys(&mut a, "ctrl-u");
    typed(&mut a, "2028-06-30");
    keys(&mut a, "ctrl-s");
    assert!(a.overlays.is_empty(), "{:?}", a.status);
    let created = a
        .data
        .of_kind(crate::model::Kind::Agreement)
        .find(|r| r.title() == "Exchange of residents")
        .cloned();
    let Some(crate::model::Record::Agreement(ag)) = created else {
        panic!()
    };
    assert_eq!(ag.expires, Some(fixture::d("2028-06-30")));
    assert_eq!(ag.partnership, "P1".parse().unwrap());
}

#[test]
fn search_opens_a_record_found_by_pinyin() {
    let mut a = app(Lang::En);
    keys(&mut a, "ctrl-k s g y y enter");
    assert_eq!(a.details.last().map(|d| d.id), "I1".parse().ok());
    keys(&mut a, "esc");
    assert!(a.details.is_empty());
}

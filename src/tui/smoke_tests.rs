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

/// Triage acts recount only the deadline figures; after each, the
/// dashboard shows what counting everything again would.
#[test]
fn triage_acts_leave_the_dashboard_as_a_full_count_would() {
    let mut a = app(Lang::En);
    keys(&mut a, "5 down down");
    for step in ["s", "d", "u", "S", "u", "u", "d", "u"] {
        let version = a.data.version;
        keys(&mut a, step);
        assert!(a.data.version > version, "{step} changed nothing");
        let fresh = super::data::compute_stats(&a.data, a.stale_days);
        assert_eq!(
            format!("{:?}", a.stats),
            format!("{fresh:?}"),
            "after {step}"
        );
    }
}

/// An action item moved to another partnership takes its notes along:
/// the silent partnerships on the dashboard follow, though only an item
/// changed.
#[test]
fn an_item_moved_with_its_notes_moves_the_latest_contact() {
    use crate::model::{Id, Kind, Note, NoteKind, Record};
    use crate::store::{ChangeSet, Edit};
    let mut a = app(Lang::En);
    let t2 = Id::new(Kind::Action, 2);
    let note = Note {
        id: Id::new(Kind::Note, 0),
        parent: t2,
        date: fixture::today(),
        kind: NoteKind::Meeting,
        text: "met".into(),
        author: String::new(),
    };
    a.apply(
        ChangeSet::one("note", Edit::Create(Record::Note(note))),
        "noted".into(),
    )
    .unwrap();
    let Some(Record::Action(mut t)) = a.data.get(t2).cloned() else {
        panic!("T2")
    };
    t.parent = Id::new(Kind::Partnership, 1);
    a.apply(
        ChangeSet::one("move", Edit::Update(Record::Action(t))),
        "moved".into(),
    )
    .unwrap();
    let fresh = super::data::compute_stats(&a.data, a.stale_days);
    assert_eq!(format!("{:?}", a.stats.stale), format!("{:?}", fresh.stale));
    assert!(
        !a.stats.stale.iter().any(|(p, _)| p.n == 1),
        "{:?}",
        a.stats.stale
    );
}

/// A table out of sight is only marked behind after a change; shown
/// again, it holds the change.
#[test]
fn a_table_changed_out_of_sight_catches_up_when_shown() {
    use crate::model::{Id, Kind, Record};
    use crate::store::{ChangeSet, Edit};
    let mut a = app(Lang::En);
    keys(&mut a, "2");
    let before = a.partnerships.rows.clone();
    assert_eq!(before.len(), 2);
    keys(&mut a, "1");
    let Some(Record::Partnership(mut p)) = a.data.get(Id::new(Kind::Partnership, 1)).cloned()
    else {
        panic!("P1")
    };
    p.id = Id::new(Kind::Partnership, 0);
    p.title = "A new one".into();
    let made = a.apply(
        ChangeSet::one("add", Edit::Create(Record::Partnership(p))),
        "added".into(),
    );
    let new = made.and_then(|ids| ids.first().copied()).unwrap();
    assert!(a.partnerships.behind);
    assert_eq!(a.partnerships.rows, before);
    keys(&mut a, "2");
    assert!(!a.partnerships.behind);
    assert!(
        a.partnerships.rows.contains(&new),
        "{:?}",
        a.partnerships.rows
    );
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

#[test]
fn reassign_note_cancel_and_open_parent() {
    let mut a = app(Lang::En);
    keys(&mut a, "5 down");
    assert_eq!(current_key(&a).as_deref(), Some("T1"));
    // Reassign: the owners in use are suggested; ↓ picks one.
    keys(&mut a, "a ctrl-u down down enter");
    let t1: crate::model::Id = "T1".parse().unwrap();
    assert_eq!(
        a.data
            .get(t1)
            .and_then(|r| r.owner().map(str::to_string))
            .as_deref(),
        Some("Wang Wei")
    );
    // A note with its kind from the first word.
    let data = &a.data;
    a.triage.select_key(data, "T1");
    keys(
        &mut a,
        "m c a l l : space c a l l e d space t h e space d e a n enter",
    );
    let note = a
        .data
        .children(t1)
        .find(|r| r.kind() == crate::model::Kind::Note)
        .cloned();
    let Some(crate::model::Record::Note(n)) = note else {
        panic!("no note")
    };
    assert_eq!(n.kind, crate::model::NoteKind::Call);
    assert_eq!(n.text, "called the dean");
    // The partnership now counts as contacted today.
    assert_eq!(
        a.data.last_contact.get(&"P1".parse().unwrap()),
        Some(&fixture::today())
    );
    // Cancel an item; cancelling an agreement date asks first.
    keys(&mut a, "c");
    assert!(!a.data.due.iter().any(|d| d.key() == "T1"));
    keys(&mut a, "home c");
    assert!(matches!(
        a.overlays.last(),
        Some(super::popups::Overlay::Confirm(_))
    ));
    keys(&mut a, "n");
    assert!(a.overlays.is_empty());
    // Open the parent of the current item.
    keys(&mut a, "down p");
    assert!(a.details.last().is_some());
}

#[test]
fn the_mouse_picks_tabs_rows_and_scrolls() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut a = app(Lang::En);
    let _ = screen(&mut a, 120, 40);
    let ev = |kind, column, row| MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    // Click on the Triage tab.
    let (_, x0, _) = super::views::tab_spans(&a)[4];
    super::mouse::handle(
        &mut a,
        ev(MouseEventKind::Down(MouseButton::Left), x0 + 1, 0),
    );
    assert_eq!(a.view, super::views::View::Triage);
    super::mouse::handle(&mut a, ev(MouseEventKind::ScrollDown, 10, 10));
    assert_eq!(current_key(&a).as_deref(), Some("T1"));
    // A click on a row selects it; on the selected row, opens it.
    keys(&mut a, "2");
    let body_y = 1;
    let first_row = super::views::table::first_row_y(
        &a.partnerships,
        ratatui::layout::Rect::new(0, body_y, 120, 37),
    );
    super::mouse::handle(
        &mut a,
        ev(MouseEventKind::Down(MouseButton::Left), 5, first_row + 1),
    );
    assert_eq!(a.partnerships.selected, 1);
    super::mouse::handle(
        &mut a,
        ev(MouseEventKind::Down(MouseButton::Left), 5, first_row + 1),
    );
    assert_eq!(a.details.last().map(|d| d.id), a.partnerships.current());
}

#[test]
fn no_color_means_no_colour_only_emphasis() {
    let km = keymap::parse(keymap::DEFAULT_TOML, "default.toml", Lang::En).unwrap();
    let clock: crate::clock::SharedClock =
        std::sync::Arc::new(crate::clock::FixedClock(fixture::today()));
    let mut a = App::new(fixture::store(), clock, Lang::En, km, true).unwrap();
    for v in ["1", "2", "5", "6", "ctrl-k"] {
        keys(&mut a, v);
        let buf = super::testing::render(&mut a, 120, 40);
        for c in buf.content() {
            assert_eq!(c.fg, ratatui::style::Color::Reset, "{v}");
            assert_eq!(c.bg, ratatui::style::Color::Reset, "{v}");
        }
        assert!(
            buf.content().iter().any(|c| !c.modifier.is_empty()),
            "{v}: emphasis remains"
        );
    }
}

#[test]
fn the_search_index_arrives_from_the_background() {
    let km = keymap::parse(keymap::DEFAULT_TOML, "default.toml", Lang::En).unwrap();
    let clock: crate::clock::SharedClock =
        std::sync::Arc::new(crate::clock::FixedClock(fixture::today()));
    let mut a = App::with_background_index(fixture::store(), clock, Lang::En, km, false).unwrap();
    // Usable at once: filters match titles while the index is built.
    keys(&mut a, "4 / 首 钢 enter");
    assert_eq!(a.institutions.rows.len(), 1);
    keys(&mut a, "ctrl-k s g y y");
    for _ in 0..500 {
        if a.poll_background() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(!a.indexing());
    // The open search ran again with the index.
    let Some(super::popups::Overlay::Search(s)) = a.overlays.last() else {
        panic!()
    };
    assert_eq!(s.hits.first().map(|h| h.id), "I1".parse().ok());
}

#[test]
fn the_search_index_is_saved_for_the_next_start_and_caught_up() {
    use crate::model::{Id, Institution, InstitutionKind, Kind, Name, Record};
    use crate::search::cache;
    use crate::store::{ChangeSet, Edit, SledStore, Store};
    let dir = tempfile::tempdir().unwrap();
    let clock: crate::clock::SharedClock =
        std::sync::Arc::new(crate::clock::FixedClock(fixture::today()));
    let store: std::sync::Arc<dyn Store> =
        std::sync::Arc::new(SledStore::open(&dir.path().join("db"), clock.clone()).unwrap());
    let mut c = ChangeSet::new("fixture");
    for r in fixture::records() {
        c.push(Edit::Create(r));
    }
    store.apply(c).unwrap();
    let start = || {
        let km = keymap::parse(keymap::DEFAULT_TOML, "default.toml", Lang::En).unwrap();
        let mut a =
            App::with_background_index(store.clone(), clock.clone(), Lang::En, km, false).unwrap();
        for _ in 0..1000 {
            if a.poll_background() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(!a.indexing());
        a
    };
    assert!(cache::probe(store.as_ref()).unwrap().is_err());
    let mut first = start();
    assert!(dir.path().join("db").join(cache::CACHE_FILE).exists());
    let before = first.finder.search("sgyy", &[], 10);
    // Changed by another session: the next start catches up from history.
    let added = store
        .apply(ChangeSet::one(
            "add",
            Edit::Create(Record::Institution(Institution {
                id: Id::new(Kind::Institution, 0),
                names: vec![Name::new("Шымкентская городская больница", "ru")],
                short_name: String::new(),
                country: "KZ".into(),
                city: String::new(),
                kind: InstitutionKind::Hospital,
                tags: Vec::new(),
                website: String::new(),
                home: false,
            })),
        ))
        .unwrap()
        .ids[0];
    assert_eq!(cache::probe(store.as_ref()).unwrap(), Ok(()));
    let mut second = start();
    assert_eq!(second.finder.search("sgyy", &[], 10), before);
    let found = second.finder.search("shymkentskaya", &[], 10);
    assert_eq!(found.first().map(|h| h.id), Some(added));
}

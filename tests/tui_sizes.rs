//! No panic at any terminal size from 1x1 to 300x100, with data full of
//! CJK, emoji, 10 kB strings, control characters and escape sequences; and
//! nothing from the data ever reaches the terminal as a control character.

use accord::i18n::Lang;
use accord::model::*;
use accord::store::{ChangeSet, Edit};
use accord::tui::App;
use accord::tui::testing::{app_on, demo_day, empty_store, press, render, type_text};

fn nasty(seed: &str, len: usize) -> String {
    let parts = [
        "北京大学首钢医院",
        "🏥👩‍⚕️🇰🇿",
        "Монгол Улсын",
        "\u{1b}[31mred\u{1b}[0m",
        "\u{1b}]0;pwned\u{7}",
        "tab\there",
        "new\nline",
        "\u{202e}reversed",
        "zero\u{200b}width",
        "é́́",
        "ｆｕｌｌ",
        seed,
    ];
    let mut s = String::new();
    let mut i = 0;
    while s.len() < len {
        s.push_str(parts[i % parts.len()]);
        s.push(' ');
        i += 1;
    }
    s
}

fn app() -> App {
    let store = empty_store().unwrap();
    accord::demo::load_demo(store.as_ref(), demo_day()).unwrap();
    let i = Id::new(Kind::Institution, 900);
    let p = Id::new(Kind::Partnership, 900);
    let a = Id::new(Kind::Agreement, 900);
    let mut c = ChangeSet::new("nasty data");
    c.push(Edit::Create(Record::Institution(Institution {
        id: i,
        names: vec![
            Name::new(nasty("inst", 10_000), "zh"),
            Name::new(nasty("ru", 3_000), "ru"),
        ],
        short_name: nasty("short", 200),
        country: "KZ".into(),
        city: nasty("city", 500),
        kind: InstitutionKind::Hospital,
        tags: vec![nasty("tag", 300)],
        website: "https://example.kz".into(),
        home: false,
    })));
    c.push(Edit::Create(Record::Partnership(Partnership {
        id: p,
        title: nasty("partnership", 10_000),
        partners: vec![i],
        status: PartnershipStatus::Active,
        areas: vec![nasty("area", 1000)],
        owner: nasty("owner", 100),
        start: Some(demo_day()),
        description: nasty("desc", 10_000),
    })));
    c.push(Edit::Create(Record::Agreement(Agreement {
        id: a,
        partnership: p,
        kind: AgreementKind::Mou,
        title: nasty("agreement", 10_000),
        parties: vec![i],
        status: AgreementStatus::Signed,
        signed: Some(demo_day()),
        effective: None,
        expires: Some(demo_day() + chrono::Duration::days(30)),
        notice_days: 60,
        scope: vec![nasty("scope", 2000)],
        signatories: vec![],
        document: nasty("doc", 100),
        owner: nasty("owner", 50),
        renewal_raised_for: None,
    })));
    c.push(Edit::Create(Record::Action(ActionItem {
        id: Id::new(Kind::Action, 900),
        parent: a,
        title: nasty("action", 10_000),
        owner: nasty("owner", 80),
        due: Some(demo_day()),
        status: ActionStatus::Open,
        priority: Priority::High,
        completed: None,
    })));
    c.push(Edit::Create(Record::Note(Note {
        id: Id::new(Kind::Note, 900),
        parent: p,
        date: demo_day(),
        kind: NoteKind::Call,
        text: nasty("note", 10_000),
        author: nasty("author", 40),
    })));
    store.apply(c).unwrap();
    app_on(store, Lang::Zh, "default").unwrap()
}

/// The screens to sweep: each view, a detail, and every popup.
const SCREENS: &[&str] = &[
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "6 m",
    "2 / 首 esc",
    "2 enter",
    "5 ?",
    "5 ctrl-k",
    "3 n",
    "5 r",
    "6 enter",
];

fn setup(app: &mut App, keys: &str) {
    app.overlays.clear();
    app.details.clear();
    press(app, "esc esc 1");
    press(app, keys);
    if keys == "5 ctrl-k" {
        type_text(app, "bei");
    }
}

fn check(app: &mut App, w: u16, h: u16, what: &str) {
    let buf = render(app, w, h);
    for cell in buf.content() {
        let s = cell.symbol();
        assert!(
            !s.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{what} at {w}x{h}: control character {s:?} reached a cell"
        );
    }
}

#[test]
fn every_screen_survives_every_size() {
    let mut app = app();
    // The nasty records are first in the tables when sorted by id descending.
    press(&mut app, "2 S 3 S 4 S");
    // Both ends, the minimum size and its neighbours, and the usual sizes.
    let widths = [1, 2, 3, 4, 7, 30, 59, 60, 61, 80, 120, 300];
    let heights = [1, 2, 3, 5, 14, 15, 16, 24, 40, 100];
    for keys in SCREENS {
        setup(&mut app, keys);
        for w in &widths {
            for h in &heights {
                check(&mut app, *w, *h, keys);
            }
        }
    }
}

#[test]
fn every_width_and_every_height_on_the_busiest_screens() {
    let mut app = app();
    for keys in ["5", "2 enter"] {
        setup(&mut app, keys);
        for w in 1..=300 {
            check(&mut app, w, 24, keys);
        }
        for h in 1..=100 {
            check(&mut app, 80, h, keys);
        }
    }
}

#[test]
fn typing_nasty_text_into_every_input_is_safe() {
    let mut app = app();
    for keys in ["5 ctrl-k", "3 n", "5 m", "2 /"] {
        setup(&mut app, keys);
        type_text(&mut app, &nasty("typed", 40));
        app.paste(&nasty("pasted", 5000));
        for (w, h) in [(120, 40), (80, 24), (61, 15), (300, 100)] {
            check(&mut app, w, h, keys);
        }
    }
}

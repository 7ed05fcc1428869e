//! Every view of the interface at 120x40 and 80x24, in English and Chinese,
//! on the demo data at 2026-11-23. Review changes with `cargo insta review`.

use accord::i18n::Lang;
use accord::tui::App;
use accord::tui::testing::{app_on, demo_app, empty_store, press, screen, type_text};

const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];

fn code(lang: Lang) -> &'static str {
    lang.code()
}

/// Renders `app` at both sizes under `name`.
fn snap(app: &mut App, name: &str) {
    for (w, h) in SIZES {
        let text = screen(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
    }
}

fn each_lang(f: impl Fn(Lang)) {
    f(Lang::En);
    f(Lang::Zh);
}

#[test]
fn dashboard() {
    each_lang(|l| {
        let mut app = demo_app(l, "default").unwrap();
        snap(&mut app, &format!("dashboard_{}", code(l)));
    });
}

#[test]
fn tables_with_detail() {
    each_lang(|l| {
        let mut app = demo_app(l, "default").unwrap();
        for (key, name) in [
            ("2", "partnerships"),
            ("3", "agreements"),
            ("4", "institutions"),
        ] {
            press(&mut app, key);
            snap(&mut app, &format!("{name}_{}", code(l)));
        }
        // A filter line narrowing the partnerships.
        press(&mut app, "2 /");
        type_text(&mut app, "tibet");
        snap(&mut app, &format!("partnerships_filtered_{}", code(l)));
    });
}

#[test]
fn detail_screen() {
    each_lang(|l| {
        let mut app = demo_app(l, "default").unwrap();
        press(&mut app, "2 enter");
        snap(&mut app, &format!("detail_partnership_{}", code(l)));
        press(&mut app, "esc 3 enter");
        snap(&mut app, &format!("detail_agreement_{}", code(l)));
    });
}

#[test]
fn triage() {
    each_lang(|l| {
        let mut app = demo_app(l, "default").unwrap();
        press(&mut app, "5 down space down space");
        snap(&mut app, &format!("triage_{}", code(l)));
        press(&mut app, "r");
        type_text(&mut app, "fri");
        snap(&mut app, &format!("triage_reschedule_{}", code(l)));
    });
}

#[test]
fn calendar() {
    each_lang(|l| {
        let mut app = demo_app(l, "default").unwrap();
        press(&mut app, "6");
        snap(&mut app, &format!("calendar_month_{}", code(l)));
        press(&mut app, "m");
        snap(&mut app, &format!("calendar_week_{}", code(l)));
        press(&mut app, "m enter");
        snap(&mut app, &format!("calendar_day_{}", code(l)));
    });
}

#[test]
fn overlays() {
    each_lang(|l| {
        let mut app = demo_app(l, "default").unwrap();
        press(&mut app, "5 ?");
        snap(&mut app, &format!("help_triage_{}", code(l)));
        press(&mut app, "esc ctrl-k");
        type_text(&mut app, "sgyy");
        snap(&mut app, &format!("search_{}", code(l)));
        press(&mut app, "esc 3 n");
        type_text(&mut app, "Exchange of residents");
        press(&mut app, "tab");
        type_text(&mut app, "P1");
        // kind, parties (filled from the partnership), status, signed,
        // effective, expires.
        press(&mut app, "enter tab tab tab tab tab");
        type_text(&mut app, "someday");
        press(&mut app, "ctrl-s");
        snap(&mut app, &format!("form_agreement_{}", code(l)));
    });
}

#[test]
fn welcome_and_too_small() {
    each_lang(|l| {
        let mut app = app_on(empty_store().unwrap(), l, "default").unwrap();
        snap(&mut app, &format!("welcome_{}", code(l)));
        let text = screen(&mut app, 50, 10);
        insta::assert_snapshot!(format!("too_small_{}", code(l)), text);
    });
}

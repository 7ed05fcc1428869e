//! Forms create and edit every kind of record: pickers filter as you type,
//! validation messages sit next to their field, saving is one undoable
//! change.

use accord::i18n::Lang;
use accord::model::*;
use accord::tui::App;
use accord::tui::popups::Overlay;
use accord::tui::testing::{demo_app, demo_day, press, screen, type_text};

fn newest(app: &App, kind: Kind) -> Record {
    app.data.of_kind(kind).last().cloned().unwrap()
}

fn form_errors(app: &App) -> Vec<(String, String)> {
    match app.overlays.last() {
        Some(Overlay::Form(f)) => f
            .errors
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

#[test]
fn an_institution_with_names_in_three_scripts_and_a_checked_country() {
    let mut app = demo_app(Lang::En, "default").unwrap();
    press(&mut app, "4 n");
    type_text(&mut app, "阿拉木图市立第一医院");
    press(&mut app, "tab");
    type_text(&mut app, "zh");
    press(&mut app, "tab");
    type_text(
        &mut app,
        "ru: Городская больница №1; en: Almaty City Hospital No. 1",
    );
    press(&mut app, "tab tab");
    type_text(&mut app, "XX");
    press(&mut app, "ctrl-s");
    let errors = form_errors(&app);
    assert!(
        errors
            .iter()
            .any(|(f, m)| f == "country" && m.contains("'XX' is not an ISO 3166-1")),
        "{errors:?}"
    );
    assert!(screen(&mut app, 120, 40).contains("✗ 'XX' is not an ISO 3166-1"));
    press(&mut app, "ctrl-u");
    type_text(&mut app, "kz");
    press(&mut app, "ctrl-s");
    assert!(app.overlays.is_empty());
    let Record::Institution(i) = newest(&app, Kind::Institution) else {
        panic!()
    };
    assert_eq!(i.country, "KZ");
    let names: Vec<(&str, &str)> = i
        .names
        .iter()
        .map(|n| (n.lang.as_str(), n.text.as_str()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("zh", "阿拉木图市立第一医院"),
            ("ru", "Городская больница №1"),
            ("en", "Almaty City Hospital No. 1")
        ]
    );
    // A contact at it, from the table (the institution is linked already).
    press(&mut app, "C");
    type_text(&mut app, "Aigerim Nurlanovna");
    press(&mut app, "tab tab tab");
    type_text(&mut app, "International Office");
    press(&mut app, "tab");
    type_text(&mut app, "not-an-email");
    press(&mut app, "ctrl-s");
    assert!(form_errors(&app).iter().any(|(f, _)| f == "email"));
    press(&mut app, "ctrl-u");
    type_text(&mut app, "aigerim@example.kz");
    press(&mut app, "ctrl-s");
    let Record::Contact(c) = newest(&app, Kind::Contact) else {
        panic!()
    };
    assert_eq!(c.institution, i.id);
    assert_eq!(c.email, "aigerim@example.kz");
}

#[test]
fn a_partnership_picks_several_partners_and_an_owner() {
    let mut app = demo_app(Lang::En, "default").unwrap();
    press(&mut app, "2 n");
    type_text(&mut app, "Almaty pediatric surgery exchange");
    press(&mut app, "tab enter");
    // The picker filters as you type, in any script; tab adds to the choice.
    type_text(&mut app, "syzganov");
    press(&mut app, "tab ctrl-u");
    type_text(&mut app, "shougang");
    press(&mut app, "tab enter");
    // status: active
    press(&mut app, "right right");
    press(&mut app, "tab enter");
    type_text(&mut app, "Zhao");
    // Choosing moves on to the next field (start).
    press(&mut app, "enter");
    type_text(&mut app, "+1m");
    press(&mut app, "ctrl-s");
    assert!(app.overlays.is_empty(), "{:?}", form_errors(&app));
    let Record::Partnership(p) = newest(&app, Kind::Partnership) else {
        panic!()
    };
    assert_eq!(p.partners.len(), 2, "{:?}", p.partners);
    assert_eq!(p.status, PartnershipStatus::Active);
    assert_eq!(p.owner, "Zhao Min");
    assert_eq!(p.start, Some(demo_day() + chrono::Duration::days(30)));
    // An action item and a follow-up under it, a note on it.
    press(&mut app, "t");
    type_text(&mut app, "Send the surgery schedule");
    press(&mut app, "tab tab tab");
    type_text(&mut app, "fri");
    press(&mut app, "ctrl-s");
    let Record::Action(a) = newest(&app, Kind::Action) else {
        panic!()
    };
    assert_eq!(a.parent, p.id);
    assert_eq!(a.owner, "Zhao Min", "the owner follows the partnership");
    assert_eq!(a.due, Some("2026-11-27".parse().unwrap()));
    press(&mut app, "f");
    type_text(&mut app, "Chase the visa letters");
    press(&mut app, "tab tab ctrl-u");
    type_text(&mut app, "next month");
    press(&mut app, "ctrl-s");
    let Record::FollowUp(f) = newest(&app, Kind::FollowUp) else {
        panic!()
    };
    assert_eq!((f.parent, f.due), (p.id, "2026-12-23".parse().unwrap()));
    // The note form opens on its text; the kind is one field up.
    press(&mut app, "m");
    type_text(&mut app, "Called the head of surgery");
    press(&mut app, "shift-tab right right right ctrl-s");
    let Record::Note(n) = newest(&app, Kind::Note) else {
        panic!()
    };
    assert_eq!(
        (n.parent, n.kind, n.date),
        (p.id, NoteKind::Call, demo_day())
    );
    assert_eq!(app.data.last_contact.get(&p.id), Some(&demo_day()));
}

#[test]
fn editing_keeps_what_the_form_does_not_show_and_unchanged_saves_nothing() {
    let mut app = demo_app(Lang::En, "default").unwrap();
    press(&mut app, "3");
    let id = app.agreements.current().unwrap();
    let before = app.data.get(id).cloned().unwrap();
    press(&mut app, "e ctrl-s");
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("Nothing changed")
    );
    press(&mut app, "e");
    type_text(&mut app, " (renewed)");
    press(&mut app, "ctrl-s");
    let Some(Record::Agreement(after)) = app.data.get(id).cloned() else {
        panic!()
    };
    let Record::Agreement(before) = before else {
        panic!()
    };
    assert_eq!(after.title, format!("{} (renewed)", before.title));
    assert_eq!(after.renewal_raised_for, before.renewal_raised_for);
    press(&mut app, "u");
    assert_eq!(app.data.get(id).map(Record::title), Some(before.title));
}

#[test]
fn closing_a_form_with_changes_asks_before_they_are_lost() {
    let mut app = demo_app(Lang::En, "default").unwrap();
    press(&mut app, "3");
    let id = app.agreements.current().unwrap();
    let title = app.data.title(id);
    // Opened and closed untouched: closes at once. Moving the cursor is
    // not a change.
    press(&mut app, "e left left esc");
    assert!(app.overlays.is_empty());
    press(&mut app, "e");
    type_text(&mut app, " (renewed)");
    press(&mut app, "esc");
    let shown = screen(&mut app, 120, 40);
    assert!(
        shown.contains(&format!("Your changes to {id} (Title) will be lost")),
        "{shown}"
    );
    // No: back to the form, the text still there, then saved.
    press(&mut app, "n");
    assert!(matches!(app.overlays.last(), Some(Overlay::Form(_))));
    press(&mut app, "ctrl-s");
    assert_eq!(app.data.title(id), format!("{title} (renewed)"));
    // Yes: closed, nothing saved.
    press(&mut app, "e");
    type_text(&mut app, " again");
    press(&mut app, "esc y");
    assert!(app.overlays.is_empty());
    assert_eq!(app.data.title(id), format!("{title} (renewed)"));
    // A new record typed into is asked about by its kind, in Chinese too.
    let mut app = demo_app(Lang::Zh, "default").unwrap();
    press(&mut app, "4 n");
    type_text(&mut app, "阿拉木图市立第一医院");
    press(&mut app, "esc");
    let shown = screen(&mut app, 120, 40);
    assert!(
        shown.contains("不保存就关闭？对 新建机构 的修改"),
        "{shown}"
    );
    press(&mut app, "y");
    assert!(app.overlays.is_empty());
}

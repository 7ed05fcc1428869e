//! The staff directory in the interface: opened with one key in both
//! keymaps, a colleague added, edited and removed through the prompt and
//! the confirmation, errors as sentences in the status line, and the
//! directory's names offered as owners.

use std::sync::Arc;

use accord::i18n::Lang;
use accord::store::Store;
use accord::tui::App;
use accord::tui::popups::Overlay;
use accord::tui::testing::{Shared, demo_app, demo_day, press, screen, type_text};

fn directory(app: &App) -> Vec<String> {
    accord::staff::directory(app.store.as_ref())
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{} <{}> {}",
                m.name,
                m.email,
                m.lang.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn a_colleague_is_added_edited_and_removed() {
    let mut app = demo_app(Lang::En, "default").unwrap();
    press(&mut app, "O");
    assert!(matches!(app.overlays.last(), Some(Overlay::Staff(_))));
    insta::assert_snapshot!("staff_empty", screen(&mut app, 100, 24));

    // Add: name, address, language, one question after the other.
    press(&mut app, "n");
    type_text(&mut app, "Li Na");
    press(&mut app, "enter");
    type_text(&mut app, "li.na@hospital");
    press(&mut app, "enter");
    // A typo keeps the question open with the sentence naming it.
    insta::assert_snapshot!("staff_bad_email", screen(&mut app, 100, 24));
    type_text(&mut app, ".example");
    press(&mut app, "enter");
    type_text(&mut app, "zh");
    press(&mut app, "enter");
    assert_eq!(directory(&app), ["Li Na <li.na@hospital.example> zh"]);
    assert!(status(&app).contains("Added Li Na"), "{}", status(&app));
    press(&mut app, "n");
    type_text(&mut app, "Ivan Petrov");
    press(&mut app, "enter enter enter");
    insta::assert_snapshot!("staff_two", screen(&mut app, 100, 24));

    // The directory's names are offered as owners on a personal database.
    assert!(app.staff.iter().any(|n| n == "Li Na"), "{:?}", app.staff);

    // Edit the first by name, Ivan Petrov: a new name, address, language.
    press(&mut app, "home e");
    press(&mut app, "ctrl-u");
    type_text(&mut app, "Ivan Petrovich");
    press(&mut app, "enter");
    type_text(&mut app, "ivan@hospital.example");
    press(&mut app, "enter");
    type_text(&mut app, "en");
    press(&mut app, "enter");
    assert_eq!(
        directory(&app),
        [
            "Ivan Petrovich <ivan@hospital.example> en",
            "Li Na <li.na@hospital.example> zh"
        ]
    );

    // Remove Li Na after the question.
    press(&mut app, "end D");
    assert!(matches!(app.overlays.last(), Some(Overlay::Confirm(_))));
    press(&mut app, "y");
    assert_eq!(
        directory(&app),
        ["Ivan Petrovich <ivan@hospital.example> en"]
    );
    assert!(status(&app).contains("Removed Li Na"), "{}", status(&app));
    assert!(!app.staff.iter().any(|n| n == "Li Na"));
    insta::assert_snapshot!("staff_after_remove", screen(&mut app, 100, 24));
    press(&mut app, "esc");
    assert!(app.overlays.is_empty());
}

#[test]
fn the_vim_keymap_opens_and_edits_the_directory_too() {
    let mut app = demo_app(Lang::Zh, "vim").unwrap();
    press(&mut app, "O a");
    type_text(&mut app, "王军");
    press(&mut app, "enter enter");
    type_text(&mut app, "zh");
    press(&mut app, "enter");
    assert_eq!(directory(&app), ["王军 <> zh"]);
    press(&mut app, "d d y");
    assert!(directory(&app).is_empty());
    insta::assert_snapshot!("staff_vim_zh", screen(&mut app, 80, 24));
    // Help speaks of colleagues here, not of records.
    press(&mut app, "?");
    let help = screen(&mut app, 100, 50);
    assert!(help.contains("添加同事"), "{help}");
    assert!(help.contains("O "), "{help}");
}

#[test]
fn a_refused_colleague_is_a_sentence_in_the_status_line() {
    // A store with no directory of its own refuses, as a team server
    // refuses a colleague who is not the administrator.
    let shared = Shared::demo(demo_day()).unwrap();
    let store: Arc<dyn Store> = Arc::new(shared);
    let mut app = accord::tui::testing::app_on(store, Lang::En, "default").unwrap();
    press(&mut app, "O n");
    type_text(&mut app, "Li Na");
    press(&mut app, "enter enter enter");
    let s = app.status.clone().unwrap();
    assert_eq!(s.tone, accord::tui::app::Tone::Error);
    assert!(s.text.contains("keeps no staff directory"), "{}", s.text);
    assert!(matches!(app.overlays.last(), Some(Overlay::Staff(_))));
}

#[test]
fn the_directorys_names_are_suggested_when_reassigning_on_a_personal_database() {
    let mut app = demo_app(Lang::En, "default").unwrap();
    press(&mut app, "O n");
    type_text(&mut app, "Ivan Petrov");
    press(&mut app, "enter enter enter esc");
    assert!(app.overlays.is_empty());
    press(&mut app, "5 a ctrl-u");
    type_text(&mut app, "ivpe");
    let Some(Overlay::Prompt(p)) = app.overlays.last() else {
        panic!("no reassign prompt");
    };
    let names = accord::tui::popups::prompt::suggestions(&app, p);
    assert_eq!(
        names.first().map(String::as_str),
        Some("Ivan Petrov"),
        "{names:?}"
    );
}

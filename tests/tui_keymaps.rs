//! Shipped keymaps load without conflicts; broken ones are reported with
//! file, line and problem, and the default stays in force.

use std::io::Write;

use accord::i18n::Lang;
use accord::tui::action::Action;
use accord::tui::keymap::{self, Key, Resolved, Section};

fn parse(text: &str) -> Result<keymap::Keymap, Vec<keymap::KeymapError>> {
    keymap::parse(text, "user.toml", Lang::En)
}

#[test]
fn every_shipped_keymap_loads_without_conflicts_and_describes_every_binding() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("keymaps");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            n += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            let km = keymap::load_user(&path, Lang::En)
                .unwrap_or_else(|e| panic!("{}: {:?}", path.display(), e));
            // Every binding has a description in the file.
            for line in text.lines().filter(|l| l.contains("action =")) {
                assert!(
                    line.contains("desc = \""),
                    "{}: no desc: {line}",
                    path.display()
                );
            }
            // Every view can quit, get help and move.
            for s in [
                Section::Dashboard,
                Section::Tables,
                Section::Triage,
                Section::Calendar,
            ] {
                for a in [
                    Action::Help,
                    Action::Quit,
                    Action::Down,
                    Action::Up,
                    Action::Search,
                ] {
                    assert!(
                        km.key_for(s, a).is_some(),
                        "{}: {a:?} unbound in {s:?}",
                        path.display()
                    );
                }
            }
            // Triage switches between every item and mine on one key.
            assert!(
                km.key_for(Section::Triage, Action::ToggleMine).is_some(),
                "{}: toggle_mine unbound in triage",
                path.display()
            );
        }
    }
    assert!(n >= 2, "default.toml and vim.toml are shipped");
    // The embedded default is the file.
    assert_eq!(
        keymap::DEFAULT_TOML,
        std::fs::read_to_string(dir.join("default.toml")).unwrap()
    );
}

#[test]
fn an_unknown_action_names_the_file_and_line() {
    let e = parse("[triage]\n\nd = { action = \"explode\", desc = \"Boom\" }\n").unwrap_err();
    assert_eq!(e[0].file, "user.toml");
    assert_eq!(e[0].line, Some(3));
    assert!(
        e[0].problem.contains("unknown action 'explode'"),
        "{}",
        e[0]
    );
    assert_eq!(
        e[0].to_string().split(':').next(),
        Some("user.toml, line 3")
    );
}

#[test]
fn an_unparseable_key_and_a_bad_section_are_reported() {
    let e = parse("[triage]\n\"hyper-x\" = \"done\"\n[nowhere]\nq = \"quit\"\n").unwrap_err();
    assert!(
        e.iter()
            .any(|e| e.line == Some(2) && e.problem.contains("'hyper-x' is not a key")),
        "{e:?}"
    );
    assert!(
        e.iter()
            .any(|e| e.line == Some(3) && e.problem.contains("no section [nowhere]")),
        "{e:?}"
    );
}

#[test]
fn a_conflicting_binding_is_reported_on_the_users_line() {
    // `g` alone would hide the vim `g g` sequence.
    let e =
        parse("base = \"vim\"\n[global]\ng = { action = \"view_triage\", desc = \"Triage\" }\n")
            .unwrap_err();
    assert!(
        e.iter()
            .any(|e| e.file == "user.toml" && e.line == Some(3) && e.problem.contains("hides")),
        "{e:?}"
    );
    // Two spellings of one key in one section.
    let e = parse("[triage]\n\"ctrl-k\" = \"done\"\n\"C-k\" = \"cancel_item\"\n").unwrap_err();
    assert!(
        e.iter()
            .any(|e| e.line == Some(3) && e.problem.contains("bound twice")),
        "{e:?}"
    );
    // An action that does nothing where it is bound.
    let e = parse("[calendar]\nx = \"done\"\n").unwrap_err();
    assert!(e[0].problem.contains("does nothing in [calendar]"), "{e:?}");
    // Broken TOML says where.
    let e = parse("[triage]\nd = { action = \"done\"\n").unwrap_err();
    assert_eq!(e[0].line, Some(2), "{e:?}");
}

#[test]
fn users_override_and_unbind_single_keys() {
    let km = parse("[triage]\nx = { action = \"done\", desc = \"Tick it off\" }\nd = \"unbind\"\n")
        .unwrap();
    assert_eq!(
        km.resolve(Section::Triage, &[], Key::char('x')),
        Resolved::Action(Action::Done)
    );
    assert_eq!(
        km.resolve(Section::Triage, &[], Key::char('d')),
        Resolved::Unbound
    );
    // Everything else is the default.
    assert_eq!(
        km.resolve(Section::Triage, &[], Key::char('s')),
        Resolved::Action(Action::SnoozeDay)
    );
    let b = km
        .bindings(Section::Triage)
        .iter()
        .find(|b| b.keys == vec![Key::char('x')])
        .unwrap();
    assert!(b.user_desc && b.desc == "Tick it off");
    // On top of vim.
    let km = parse("base = \"vim\"\n[triage]\nD = \"done\"\n").unwrap();
    assert_eq!(
        km.resolve(Section::Triage, &[], Key::char('x')),
        Resolved::Action(Action::Done)
    );
    assert_eq!(
        km.resolve(Section::Triage, &[], Key::char('D')),
        Resolved::Action(Action::Done)
    );
}

#[test]
fn a_broken_file_falls_back_to_the_default_with_its_errors() {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    writeln!(f, "[global]\nq = \"quit\"\n[triage]\nd = \"explode\"").unwrap();
    let (km, errors) = keymap::load(Some(f.path()), Lang::En);
    assert_eq!(km.name, "default");
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]
            .file
            .ends_with(&*f.path().file_name().unwrap().to_string_lossy())
    );
    assert_eq!(errors[0].line, Some(4));
    assert_eq!(
        km.resolve(Section::Triage, &[], Key::char('d')),
        Resolved::Action(Action::Done)
    );
    // A missing file is an error too, not a crash.
    let (km, errors) = keymap::load(
        Some(std::path::Path::new("/nonexistent/keymap.toml")),
        Lang::En,
    );
    assert_eq!(km.name, "default");
    assert!(errors[0].problem.contains("cannot be read"), "{:?}", errors);
    // Errors come in Chinese too.
    let (_, errors) = keymap::load(Some(f.path()), Lang::Zh);
    assert!(errors[0].problem.contains("未知动作"), "{:?}", errors);
}

#[test]
fn the_app_reports_a_broken_keymap_in_the_status_line() {
    let mut app = accord::tui::testing::demo_app(Lang::En, "default").unwrap();
    let errors = vec![keymap::KeymapError {
        file: "/home/ana/.config/accord/keymap.toml".into(),
        line: Some(7),
        problem: "unknown action 'explode'".into(),
    }];
    app.report_keymap_errors(&errors);
    let screen = accord::tui::testing::screen(&mut app, 120, 40);
    assert!(
        screen.contains("keymap.toml, line 7: unknown action 'explode'"),
        "{screen}"
    );
}

#[test]
fn both_shipped_keymaps_open_and_work_the_staff_directory() {
    for name in ["default", "vim"] {
        let km = accord::tui::testing::shipped_keymap(name, Lang::En);
        assert_eq!(
            km.resolve(Section::Dashboard, &[], Key::char('O')),
            Resolved::Action(Action::StaffDirectory),
            "{name}"
        );
        for a in [
            Action::NewRecord,
            Action::EditRecord,
            Action::DeleteRecord,
            Action::Close,
            Action::Down,
            Action::Help,
        ] {
            assert!(km.key_for(Section::Staff, a).is_some(), "{name}: {a:?}");
        }
    }
}

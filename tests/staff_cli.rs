//! `accord staff add|list|edit|remove` on a personal database.

use assert_cmd::Command;

fn accord(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("accord")
        .unwrap()
        .env("ACCORD_TODAY", "2026-11-23")
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("ACCORD_CONFIG", "/nonexistent/accord-config.toml")
        .env_remove("ACCORD_SERVER")
        .arg("--db")
        .arg(dir.join("db"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(dir: &std::path::Path, args: &[&str]) -> String {
    let out = accord(dir, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn err(dir: &std::path::Path, args: &[&str]) -> String {
    let out = accord(dir, args);
    assert!(!out.status.success(), "{args:?} succeeded");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn the_office_lists_its_staff_once_and_keeps_it_current() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let said = ok(
        d,
        &[
            "staff",
            "add",
            "Li Na",
            "--email",
            "li.na@hospital.example",
            "--lang",
            "zh",
        ],
    );
    // --lang here is Li Na's language; the messages stay in ours.
    assert_eq!(
        said.trim(),
        "Added Li Na (li.na@hospital.example, zh) to the staff directory."
    );
    ok(
        d,
        &[
            "staff",
            "add",
            "Айгерим Сапарова",
            "--email",
            "aigerim@hospital.example",
        ],
    );
    ok(d, &["staff", "add", "王军"]);
    let list = ok(d, &["staff", "list"]);
    let lines: Vec<&str> = list.lines().collect();
    assert!(lines[0].starts_with("Name"), "{list}");
    assert!(
        lines.iter().any(|l| l.contains("Li Na")
            && l.contains("li.na@hospital.example")
            && l.contains("zh"))
    );
    assert!(list.contains("Айгерим Сапарова") && list.contains("王军"));

    let e = err(d, &["staff", "add", "li na"]);
    assert!(e.contains("li na is already in the staff directory"), "{e}");
    let e = err(d, &["staff", "add", "Zhao Min", "--email", "zhao.min"]);
    assert!(e.contains("'zhao.min' of Zhao Min"), "{e}");
    let e = err(d, &["staff", "add", "Zhao Min", "--lang", "fr"]);
    assert!(e.contains("'fr'"), "{e}");

    ok(
        d,
        &[
            "staff",
            "edit",
            "LI NA",
            "--rename",
            "Li Na (Dr)",
            "--lang",
            "en",
        ],
    );
    ok(
        d,
        &[
            "staff",
            "edit",
            "王军",
            "--email",
            "wang.jun@hospital.example",
        ],
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(d, &["staff", "list", "--json"])).unwrap();
    let names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Li Na (Dr)", "Айгерим Сапарова", "王军"]);
    assert_eq!(json[0]["lang"], "en");
    assert_eq!(json[0]["email"], "li.na@hospital.example");
    assert_eq!(json[2]["email"], "wang.jun@hospital.example");

    ok(d, &["staff", "remove", "王军"]);
    let e = err(d, &["staff", "remove", "王军"]);
    assert!(e.contains("王军 is not in the staff directory"), "{e}");
    let e = err(d, &["staff", "edit", "Nobody", "--email", "x@y.example"]);
    assert!(e.contains("Nobody is not in the staff directory"), "{e}");
    assert!(!ok(d, &["staff", "list"]).contains("王军"));
}

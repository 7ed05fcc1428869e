//! `accord digest` as printed: snapshots of the text and HTML digest on
//! the demo data at 2026-11-23 in English and Chinese (review changes with
//! `cargo insta review`); the head of office's digest; the timer units.

use assert_cmd::Command;

struct Db(tempfile::TempDir);

impl Db {
    fn new() -> Db {
        let d = Db(tempfile::tempdir().unwrap());
        d.ok(&["demo"]);
        d
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = Command::cargo_bin("accord")
            .unwrap()
            .env("ACCORD_TODAY", "2026-11-23")
            .env("LANG", "en_US.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("ACCORD_CONFIG", "/nonexistent/accord-config.toml")
            .env_remove("ACCORD_SERVER")
            .arg("--db")
            .arg(self.0.path().join("db"))
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

#[test]
fn the_digest_of_a_person_in_text_and_html_in_both_languages() {
    let db = Db::new();
    insta::assert_snapshot!("li_na_text_en", db.ok(&["digest", "--owner", "Li Na"]));
    insta::assert_snapshot!(
        "li_na_text_zh",
        db.ok(&["digest", "--owner", "Li Na", "--lang", "zh"])
    );
    insta::assert_snapshot!(
        "li_na_html_en",
        db.ok(&["digest", "--owner", "Li Na", "--format", "html"])
    );
    insta::assert_snapshot!(
        "li_na_html_zh",
        db.ok(&[
            "digest", "--owner", "Li Na", "--format", "html", "--lang", "zh"
        ])
    );
    insta::assert_snapshot!(
        "chen_md_en",
        db.ok(&["digest", "--owner", "Chen Yinghui", "--format", "md"])
    );
}

#[test]
fn the_office_digest_counts_per_owner() {
    let db = Db::new();
    insta::assert_snapshot!("office_text_en", db.ok(&["digest", "--all"]));
    insta::assert_snapshot!(
        "office_text_zh",
        db.ok(&["digest", "--all", "--lang", "zh"])
    );
}

#[test]
fn the_persons_language_is_that_of_the_staff_directory_unless_lang_says_otherwise() {
    let db = Db::new();
    db.ok(&[
        "staff",
        "add",
        "Li Na",
        "--email",
        "li.na@hospital.example",
        "--lang",
        "zh",
    ]);
    let zh = db.ok(&["digest", "--owner", "li na"]);
    assert!(zh.starts_with("Li Na 的摘要（2026-11-23）"), "{zh}");
    let en = db.ok(&["digest", "--owner", "Li Na", "--lang", "en"]);
    assert!(en.starts_with("Digest for Li Na, 2026-11-23"), "{en}");
    // A longer window holds at least as much.
    let month = db.ok(&[
        "digest", "--owner", "Li Na", "--within", "1m", "--lang", "en",
    ]);
    assert!(month.contains("(the next 30 days)"), "{month}");
    assert!(month.lines().count() >= en.lines().count());
}

#[test]
fn print_timer_prints_a_service_and_a_timer_for_weekday_mornings() {
    let db = Db::new();
    let units = db.ok(&["digest", "--print-timer"]);
    assert!(units.contains("[Service]\nType=oneshot\n"), "{units}");
    assert!(units.contains(" digest --send\n"), "{units}");
    assert!(units.contains(&format!(
        "Environment=ACCORD_DB={}",
        db.0.path().join("db").display()
    )));
    assert!(
        units.contains("[Timer]\nOnCalendar=Mon..Fri 07:30\nPersistent=true\n"),
        "{units}"
    );
    assert!(units.contains("WantedBy=timers.target"));
}

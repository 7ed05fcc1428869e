//! The real binary over the demo data at a fixed clock.

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use tempfile::TempDir;

/// A database with the demo data loaded on 2026-11-23 (a Monday).
struct Demo {
    dir: TempDir,
}

impl Demo {
    fn new() -> Demo {
        let d = Demo {
            dir: tempfile::tempdir().unwrap(),
        };
        d.run(&["demo"])
            .success()
            .stdout(contains("created 43 institutions"));
        d
    }

    fn db(&self) -> String {
        self.dir.path().join("accord.db").display().to_string()
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("accord").unwrap();
        c.env("ACCORD_TODAY", "2026-11-23")
            .env_remove("ACCORD_DB")
            .env("LANG", "C")
            .arg("--db")
            .arg(self.db())
            .args(args);
        c
    }

    fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        self.cmd(args).assert()
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.cmd(args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

#[test]
fn demo_is_safe_to_run_twice() {
    let d = Demo::new();
    d.run(&["demo"])
        .success()
        .stdout(contains("created nothing"));
    d.run(&["check"])
        .success()
        .stdout(contains("131 records, no problems"));
}

#[test]
fn list_due_orders_by_urgency() {
    let d = Demo::new();
    let due = d.json(&["list", "due", "--json"]);
    let items = due.as_array().unwrap();
    assert!(items.len() > 20);
    for item in items {
        for key in ["id", "kind", "title"] {
            assert!(item.get(key).is_some_and(|v| v.is_string()), "{item}");
        }
    }
    let buckets: Vec<&str> = items
        .iter()
        .map(|i| i["bucket"].as_str().unwrap())
        .collect();
    let order = ["overdue", "today", "this_week", "later", "no_date"];
    let ranks: Vec<usize> = buckets
        .iter()
        .map(|b| order.iter().position(|o| o == b).unwrap())
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{buckets:?}");
    assert_eq!(items[0]["key"], "A6:notice");
    assert_eq!(items[0]["date"], "2026-10-29");
    let overdue = d.json(&["list", "due", "--overdue", "--json"]);
    assert!(
        overdue
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["bucket"] == "overdue")
    );
    let week = d.json(&["list", "due", "--within", "7d", "--json"]);
    assert!(
        week.as_array()
            .unwrap()
            .iter()
            .all(|i| i["date"].as_str().is_some_and(|s| s <= "2026-11-30"))
    );
    d.run(&["list", "due"])
        .success()
        .stdout(contains("25 d overdue").and(contains("A6:notice")));
}

#[test]
fn filters_by_owner_status_and_country() {
    let d = Demo::new();
    let mine = d.json(&["list", "actions", "--owner", "li na", "--json"]);
    assert!(!mine.as_array().unwrap().is_empty());
    assert!(
        mine.as_array()
            .unwrap()
            .iter()
            .all(|a| a["owner"] == "Li Na")
    );
    let active = d.json(&["list", "partnerships", "--status", "active", "--json"]);
    assert!(
        active
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["status"] == "active")
    );
    let kz = d.json(&["list", "institutions", "--country", "kz", "--json"]);
    assert!(kz.as_array().unwrap().len() >= 4);
    assert!(kz.as_array().unwrap().iter().all(|i| i["country"] == "KZ"));
    d.run(&["list", "institutions", "--country", "XX"])
        .failure()
        .stderr(contains("'XX' is not an ISO 3166-1 country code"));
    // A status that does not exist is a mistake to say, not an empty list.
    d.run(&["list", "agreements", "--status", "bogus"])
        .failure()
        .stderr(contains(
            "--status 'bogus' is not a status of agreements; one of: draft, in_review, signed",
        ));
    d.run(&["list", "contacts", "--status", "open"])
        .failure()
        .stderr(contains("contacts have no status to filter by"));
    d.run(&["list", "due", "--status", "signed"])
        .failure()
        .stderr(contains("not a status of due items"));
    // An agreement shown as expiring is found by that word, and still by
    // its recorded status.
    let expiring = d.json(&["list", "agreements", "--status", "expiring", "--json"]);
    let ids: Vec<&str> = expiring
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    assert!(ids.contains(&"A7"), "{ids:?}");
    let signed = d.json(&["list", "agreements", "--status", "signed", "--json"]);
    assert!(signed.as_array().unwrap().iter().any(|a| a["id"] == "A7"));
    d.run(&["list", "agreements", "--status", "in review"])
        .success()
        .stdout(contains("A5"));
}

#[test]
fn an_item_named_twice_is_closed_once() {
    let d = Demo::new();
    d.run(&["done", "T4", "t4", "A6:notice", "a6:NOTICE"])
        .success()
        .stdout(contains("Done: T4, A6:notice."));
    assert_eq!(d.json(&["show", "T4", "--json"])["status"], "done");
    d.run(&["history", "--limit", "1"])
        .success()
        .stdout(contains("mark done T4, A6:notice"));
}

#[test]
fn done_undo_and_history() {
    let d = Demo::new();
    d.run(&["done", "T13", "F10"])
        .success()
        .stdout(contains("Done: T13, F10"));
    let t = d.json(&["show", "T13", "--json"]);
    assert_eq!(t["status"], "done");
    assert_eq!(t["completed"], "2026-11-23");
    d.run(&["done", "T13"])
        .failure()
        .stderr(contains("T13 is already done"));
    d.run(&["history", "T13"])
        .success()
        .stdout(contains("T13 status: open → done"));
    d.run(&["undo"])
        .success()
        .stdout(contains("Undid: mark done T13, F10"));
    assert_eq!(d.json(&["show", "T13", "--json"])["status"], "open");
    assert_eq!(d.json(&["show", "F10", "--json"])["status"], "open");
    // Undo again reverts the demo load itself; a third time there is nothing left.
    d.run(&["undo"])
        .success()
        .stdout(contains("Undid: load the demo data"));
    d.run(&["undo"])
        .success()
        .stdout(contains("Nothing to undo"));
    d.run(&["check"]).success().stdout(contains("0 records"));
    let h = d.json(&["history", "--json"]);
    assert_eq!(h[0]["undoes"], 1);
    assert_eq!(h[1]["undoes"], 2);
    assert_eq!(h[2]["undone_by"], 3);
}

#[test]
fn human_dates_for_snooze_and_reschedule() {
    let d = Demo::new();
    d.run(&["reschedule", "T13", "fri"])
        .success()
        .stdout(contains("T13 is now due 2026-11-27 (Fri)"));
    d.run(&["reschedule", "T13", "+2w"])
        .success()
        .stdout(contains("2026-12-07"));
    d.run(&["reschedule", "T13", "15.01.2027"])
        .success()
        .stdout(contains("2027-01-15"));
    d.run(&["reschedule", "T13", "next month"])
        .success()
        .stdout(contains("2026-12-23"));
    d.run(&["reschedule", "T13", "end of month"])
        .success()
        .stdout(contains("2026-11-30"));
    // Snoozing an overdue item counts from today.
    d.run(&["snooze", "T1", "1w"])
        .success()
        .stdout(contains("2026-11-30"));
    d.run(&["reschedule", "T13", "the day after never"])
        .failure()
        .stderr(contains(
            "'the day after never' is not a date accord understands",
        ));
    d.run(&["snooze", "A6:notice", "1w"])
        .failure()
        .stderr(contains("follows the agreement's expiry date"));
    // A snooze takes a period: a date is pointed at the command that
    // takes one, and nonsense is not offered dates it would refuse.
    d.run(&["snooze", "T13", "fri"]).failure().stderr(contains(
        "'fri' is a date, not a period to snooze by: `accord reschedule T13 fri` moves it to 2026-11-27",
    ));
    d.run(&["snooze", "T13", "3x"])
        .failure()
        .stderr(contains("'3x' is not a period accord understands; try 1d"));
    d.run(&["list", "due", "--within", "soon"])
        .failure()
        .stderr(contains("--within: 'soon' is not a period"));
}

#[test]
fn renewal_notices_and_expiries_are_handled_on_the_agreement() {
    let d = Demo::new();
    d.run(&["done", "A6:notice"]).success();
    let due = d.json(&["list", "due", "--json"]);
    assert!(
        !due.as_array()
            .unwrap()
            .iter()
            .any(|i| i["key"] == "A6:notice")
    );
    assert!(
        due.as_array()
            .unwrap()
            .iter()
            .any(|i| i["key"] == "A6:expiry")
    );
    d.run(&["done", "A6:expiry"]).success();
    assert_eq!(d.json(&["show", "A6", "--json"])["status"], "expired");
}

#[test]
fn add_edit_and_validation_messages() {
    let d = Demo::new();
    d.run(&[
        "add",
        "institution",
        "--name",
        "zh:乌兰巴托第一医院",
        "--name",
        "en:First Hospital of Ulaanbaatar",
        "--country",
        "MN",
    ])
    .success()
    .stdout(contains("Created I44 “乌兰巴托第一医院”"));
    d.run(&[
        "add",
        "partnership",
        "--title",
        "Ulaanbaatar exchange",
        "--partner",
        "I44",
        "--owner",
        "Li Na",
    ])
    .success()
    .stdout(contains("Created P8"));
    d.run(&[
        "add",
        "agreement",
        "--partnership",
        "P8",
        "--title",
        "MOU",
        "--signed",
        "2026-01-10",
        "--expires",
        "2025-01-10",
    ])
    .failure()
    .stderr(contains(
        "the agreement expires (2025-01-10) before it is signed (2026-01-10)",
    ));
    d.run(&[
        "add", "followup", "--parent", "P99", "--title", "x", "--due", "fri",
    ])
    .failure()
    .stderr(contains("parent: P99 does not exist"));
    d.run(&["add", "institution", "--name", "X", "--country", "ZZ"])
        .failure()
        .stderr(contains("'ZZ' is not an ISO 3166-1 country code"));
    d.run(&[
        "add",
        "action",
        "--parent",
        "P8",
        "--title",
        "Send CVs",
        "--due",
        "-3d",
        "--priority",
        "high",
    ])
    .success();
    d.run(&["edit", "P8", "--status", "in progress"])
        .failure()
        .stderr(contains("not one of: prospect, negotiating"));
    d.run(&["edit", "P8", "--status", "active", "--start", "2026-01-10"])
        .success()
        .stdout(contains("P8 status: prospect → active"));
    d.run(&[
        "edit",
        "I44",
        "--kind",
        "university",
        "--add-name",
        "mn:Улаанбаатарын нэгдүгээр эмнэлэг",
    ])
    .success()
    .stdout(contains("type: hospital → university"));
    d.run(&["edit", "P8", "--colour", "red"])
        .failure()
        .stderr(contains("has no field --colour"));
    d.run(&["show", "I44"])
        .success()
        .stdout(contains("name (mn)").and(contains("Улаанбаатарын")));
    d.run(&["delete", "I44"])
        .failure()
        .stderr(contains("I44 cannot be deleted while P8"));
    d.run(&[
        "note",
        "P8",
        "Video call with the director",
        "--kind",
        "call",
    ])
    .success()
    .stdout(contains("Noted N14 on P8"));
    d.run(&["check"]).success();
}

#[test]
fn unknown_ids_and_bad_input_are_sentences() {
    let d = Demo::new();
    d.run(&["show", "T999"])
        .failure()
        .stderr(contains("there is no record T999"));
    d.run(&["show", "首钢"])
        .failure()
        .stderr(contains("'首钢' is not a record id"));
    d.run(&["done", "I1"])
        .failure()
        .stderr(contains("I1 is an institution; only action items"));
    d.run(&["list", "due", "--within", "soon"])
        .failure()
        .stderr(contains("--within: 'soon'"));
    d.run(&["--lang", "fr", "list", "due"])
        .failure()
        .stderr(contains("accord speaks en"));
}

#[test]
fn backup_and_restore_round_trip() {
    let d = Demo::new();
    d.run(&["done", "T1"]).success();
    let file = d.dir.path().join("backup.json");
    let file_s = file.display().to_string();
    d.run(&["backup", &file_s])
        .success()
        .stdout(contains("Backed up 131 records"));
    let other = tempfile::tempdir().unwrap();
    let other_db = other.path().join("copy.db").display().to_string();
    let restore = |args: &[&str]| {
        let mut c = Command::cargo_bin("accord").unwrap();
        c.env("ACCORD_TODAY", "2026-11-23")
            .arg("--db")
            .arg(&other_db)
            .args(args);
        c.assert()
    };
    restore(&["restore", &file_s])
        .success()
        .stdout(contains("Restored 131 records"));
    restore(&["check"]).success();
    restore(&["restore", &file_s])
        .failure()
        .stderr(contains("is not empty").and(contains("--force")));
    restore(&["restore", &file_s, "--force"]).success();
    // The restored database continues the history: undo reverts the last change.
    restore(&["undo"])
        .success()
        .stdout(contains("Undid: mark done T1"));
    let bad = d.dir.path().join("bad.json");
    std::fs::write(&bad, "{\"format\": \"accord-backup\",\n \"records\": [}").unwrap();
    restore(&["restore", &bad.display().to_string()])
        .failure()
        .stderr(contains("bad.json is not an accord backup: line 2"));
}

#[test]
fn tables_line_up_with_chinese_names() {
    let d = Demo::new();
    let out = d.cmd(&["list", "institutions"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    use unicode_width::UnicodeWidthStr;
    // The "Other names" column starts at the same display column on every row.
    assert!(text.lines().count() > 40);
    let header = text.lines().next().unwrap();
    let start = header[..header.find("Other names").unwrap()].width();
    for line in text.lines().skip(2).filter(|l| l.contains('医')) {
        let before: String = line
            .chars()
            .scan(0, |w, c| {
                *w += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                Some((*w, c))
            })
            .take_while(|(w, _)| *w <= start)
            .map(|(_, c)| c)
            .collect();
        assert_eq!(before.width(), start, "{line}");
    }
}

#[test]
fn help_everywhere_and_completions() {
    let d = Demo::new();
    for sub in [
        vec!["--help"],
        vec!["list", "--help"],
        vec!["add", "agreement", "--help"],
        vec!["edit", "--help"],
    ] {
        d.run(&sub).success().stdout(contains("Usage"));
    }
    d.run(&["completions", "bash"])
        .success()
        .stdout(contains("_accord"));
}

#[test]
fn the_default_database_lives_in_a_private_data_directory() {
    let home = tempfile::tempdir().unwrap();
    let mut c = Command::cargo_bin("accord").unwrap();
    c.env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env_remove("ACCORD_DB")
        .env("ACCORD_TODAY", "2026-11-23")
        .arg("check");
    c.assert().success().stdout(contains("sound: 0 records"));
    let db = home.path().join("data/accord/accord.db");
    assert!(db.is_dir(), "{db:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{mode:o}");
        let parent = std::fs::metadata(db.parent().unwrap())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(parent, 0o700, "{parent:o}");
    }
    // ACCORD_DB chooses another one.
    let other = home.path().join("elsewhere.db");
    let mut c = Command::cargo_bin("accord").unwrap();
    c.env("HOME", home.path())
        .env("ACCORD_DB", &other)
        .env("ACCORD_TODAY", "2026-11-23")
        .arg("check");
    c.assert()
        .success()
        .stdout(contains(other.display().to_string()));
}

#[test]
fn search_finds_names_in_every_script() {
    let d = Demo::new();
    for (query, top) in [
        ("shougang", "北京大学首钢医院"),
        ("sgyy", "北京大学首钢医院"),
        ("首钢", "北京大学首钢医院"),
        ("mongolia cancer", "National Cancer Center of Mongolia"),
    ] {
        let hits = d.json(&["search", query, "--json"]);
        assert_eq!(hits[0]["title"], top, "{query}: {hits}");
        for key in ["id", "kind", "title", "score"] {
            assert!(hits[0].get(key).is_some(), "{key}");
        }
    }
    let exact = d.json(&["search", "A3", "--json"]);
    assert_eq!(exact[0]["id"], "A3");
    let only = d.json(&[
        "search",
        "kazakh",
        "--kind",
        "institution",
        "--limit",
        "3",
        "--json",
    ]);
    assert!(only.as_array().unwrap().len() <= 3);
    assert!(
        only.as_array()
            .unwrap()
            .iter()
            .all(|h| h["kind"] == "institution")
    );
    d.run(&["search", "shougang"])
        .success()
        .stdout(contains("I1").and(contains("北京大学首钢医院")));
    d.run(&["search", "zzzzqqq"])
        .success()
        .stdout(contains("Nothing matches"));
    d.run(&["search", "  "])
        .failure()
        .stderr(contains("there is nothing to search for"));
    d.run(&["search", "x", "--kind", "planet"])
        .failure()
        .stderr(contains("--kind 'planet' is not one of"));
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    use std::io::{BufRead, BufReader};
    let d = Demo::new();
    // More than a pipe holds (64 KiB), so the writer meets the closed end.
    d.run(&["generate", "--records", "3000", "--seed", "1"])
        .success();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("accord"))
        .env("ACCORD_TODAY", "2026-11-23")
        .args(["--db", &d.db(), "list", "actions"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Like `| head -1`: read one line, then close the pipe.
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(!first.is_empty());
}

#[test]
fn a_reader_gone_before_the_first_line_leaves_the_database_closed_cleanly() {
    let d = Demo::new();
    for args in [
        &["show", "A6"][..],
        &["history"],
        &["list", "due", "--json"],
        &["search", "univ"],
        &["done", "T13"],
        &["undo"],
        &["completions", "bash"],
    ] {
        // The reading end is closed before accord starts, so its first
        // write meets a reader that has gone away (`| true`, without the
        // race of a real one).
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("accord"))
            .env("ACCORD_TODAY", "2026-11-23")
            .env_remove("ACCORD_DB")
            .env("LANG", "C")
            .arg("--db")
            .arg(d.db())
            .args(args)
            .stdout(std::process::Stdio::from(writer))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?} {err}", out.status);
        assert_eq!(err, "", "{args:?}");
        // The next command finds the database closed cleanly: no warning,
        // and no copy of its files kept.
        d.run(&["list", "agreements"])
            .success()
            .stderr(predicate::str::is_empty());
        let kept = d.dir.path().join("accord.db.kept");
        assert!(!kept.exists(), "{args:?} left {}", kept.display());
    }
    // The change made with nobody reading was made, and undone.
    d.run(&["show", "T13"])
        .success()
        .stdout(predicate::str::is_match(r"status\s+open").unwrap());
}

#[test]
fn a_big_change_in_history_shows_its_first_lines_and_how_many_more() {
    let d = Demo::new();
    // Loading the demo created 131 records: 12 lines, then the rest counted.
    d.run(&["history"])
        .success()
        .stdout(contains("I12 created:"))
        .stdout(contains("I13 created:").not())
        .stdout(contains("… and 119 more (--full shows every one)"));
    d.run(&["history", "--full"])
        .success()
        .stdout(contains("N13 created:"))
        .stdout(contains("more (--full").not());
}

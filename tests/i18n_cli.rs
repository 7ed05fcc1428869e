//! The command line in Chinese: under `LANG=zh_CN.UTF-8` every error path
//! and every message answers in Chinese sentences from the catalog, with
//! no English left over; a broken configuration file is reported by file,
//! line and problem, in Chinese, and the command still runs.

use assert_cmd::Command;
use tempfile::TempDir;

/// A demo database and a configuration directory of its own.
struct Office {
    dir: TempDir,
}

impl Office {
    fn new() -> Office {
        let o = Office {
            dir: tempfile::tempdir().unwrap(),
        };
        let out = o.cmd("C", &["demo"]).output().unwrap();
        assert!(out.status.success());
        o
    }

    fn db(&self) -> String {
        self.dir.path().join("accord.db").display().to_string()
    }

    fn config(&self) -> std::path::PathBuf {
        self.dir.path().join("config.toml")
    }

    fn cmd(&self, lang: &str, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("accord").unwrap();
        c.env("ACCORD_TODAY", "2026-11-23")
            .env("ACCORD_CONFIG", self.config())
            .env_remove("ACCORD_DB")
            .env_remove("ACCORD_SERVER")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", lang)
            .arg("--db")
            .arg(self.db())
            .args(args);
        c
    }

    /// Runs `args` in Chinese; (success, stdout, stderr).
    fn zh(&self, args: &[&str]) -> (bool, String, String) {
        let out = self.cmd("zh_CN.UTF-8", args).output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Runs `args` in Chinese, expecting a refusal; its message.
    fn refused(&self, args: &[&str]) -> String {
        let (ok, out, err) = self.zh(args);
        assert!(!ok, "{args:?} succeeded: {out}");
        assert!(err.starts_with("accord: "), "{args:?}: {err}");
        err
    }
}

/// Words a user types as they are in either language: the settings of
/// the configuration file and the vocabulary's values (`--status signed`).
fn typed_words() -> Vec<&'static str> {
    use accord::model::*;
    let mut words: Vec<&'static str> = accord::config::SETTINGS.to_vec();
    for names in [
        InstitutionKind::NAMES,
        PartnershipStatus::NAMES,
        AgreementKind::NAMES,
        AgreementStatus::NAMES,
        ActionStatus::NAMES,
        FollowUpStatus::NAMES,
        Priority::NAMES,
        NoteKind::NAMES,
    ] {
        words.extend_from_slice(names);
    }
    words
}

/// English words left in a Chinese message: ASCII words of three letters
/// or more, once what the user typed or must type is set aside (quoted
/// values, `commands`, --flags, ids, paths, settings, vocabulary values).
fn english_left(s: &str) -> Vec<String> {
    let mut kept = String::new();
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '“' => quote = Some('”'),
                '`' => quote = Some('`'),
                '"' => quote = Some('"'),
                c => kept.push(c),
            },
        }
    }
    const ALLOWED: &[&str] = &["accord", "ISO", "TOML"];
    kept.split(|c: char| c.is_whitespace() || "，。：；（）、".contains(c))
        .filter(|w| !w.starts_with("--") && !w.contains('/') && !w.contains('='))
        .flat_map(|w| w.split(|c: char| !c.is_ascii_alphanumeric() && c != '_'))
        .filter(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .filter(|w| !ALLOWED.contains(w) && !typed_words().contains(w))
        .map(str::to_string)
        .collect()
}

fn assert_chinese(what: &str, s: &str) {
    assert!(
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{what}: not Chinese: {s}"
    );
    let left = english_left(s);
    assert!(
        left.is_empty(),
        "{what}: English left over {left:?} in: {s}"
    );
}

#[test]
fn the_leftover_check_sees_english() {
    assert_eq!(
        english_left("accord: there is no record P99"),
        ["there", "record"]
    );
    assert!(english_left("accord: 没有编号为 P99 的记录").is_empty());
    assert!(english_left("accord: --due 的值“someday soon”无效").is_empty());
}

#[test]
fn error_paths_answer_in_chinese() {
    let o = Office::new();
    let cases: &[(&str, &[&str], &str)] = &[
        ("unknown id", &["show", "P99"], "没有编号为 P99 的记录"),
        (
            "unknown id (edit)",
            &["edit", "P99", "--owner", "王芳"],
            "P99",
        ),
        ("not an id", &["show", "XYZ"], "不是记录编号"),
        (
            "invalid date",
            &[
                "add", "followup", "--parent", "P1", "--title", "跟进", "--due", "someday",
            ],
            "无法识别日期",
        ),
        (
            "invalid field",
            &["edit", "P1", "--colour", "red"],
            "没有字段 --colour",
        ),
        (
            "invalid value",
            &["edit", "A1", "--status", "maybe"],
            "可选值为",
        ),
        (
            "invalid record",
            &[
                "add",
                "institution",
                "--name",
                "测试医院",
                "--country",
                "XX",
            ],
            "国家：“XX”不是 ISO 3166-1 国家代码",
        ),
        (
            "invalid country filter",
            &["list", "institutions", "--country", "ZZ"],
            "国家代码",
        ),
        ("refused delete", &["delete", "I1"], "因此无法删除"),
        ("refused act", &["done", "I1"], "只有行动项"),
        ("bad item key", &["done", "A1:later"], "不是事项编号"),
        (
            "missing file",
            &["restore", "/nonexistent/accord-backup.json"],
            "文件或目录不存在",
        ),
        (
            "unknown language",
            &["--lang", "fr", "check"],
            "accord 支持",
        ),
    ];
    for (what, args, expect) in cases {
        let err = o.refused(args);
        assert!(err.contains(expect), "{what}: expected {expect} in: {err}");
        assert_chinese(what, &err);
    }
}

#[test]
fn messages_and_tables_are_chinese() {
    let o = Office::new();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "add", "followup", "--parent", "P1", "--title", "跟进", "--due", "fri",
            ],
            "已创建",
        ),
        (&["snooze", "F1", "1w"], "现在的到期日为"),
        (&["done", "F1"], "已完成：F1"),
        (&["undo"], "已撤销"),
        (&["edit", "P1", "--owner", "王芳"], "P1 负责人："),
        (&["list", "partnerships"], "负责人"),
        (&["list", "due", "--within", "1w"], "到期日"),
        (&["show", "I1"], "国家"),
        (&["show", "A1"], "签署日期"),
        (&["check"], "数据库完好"),
        (&["demo"], "已存在 131 条"),
    ];
    for (args, expect) in cases {
        let (ok, out, err) = o.zh(args);
        assert!(ok, "{args:?}: {err}");
        assert!(
            out.contains(expect),
            "{args:?}: expected {expect} in:\n{out}"
        );
        // Each line a sentence or a row: its words are Chinese, or data.
        let first = out.lines().next().unwrap_or_default();
        if !args[0].starts_with("list") && args[0] != "show" {
            assert_chinese(&format!("{args:?}"), first);
        }
    }
    let (_, out, _) = o.zh(&["show", "I1"]);
    assert!(out.contains("CN 中国"), "{out}");
    let (_, out, _) = o.zh(&["list", "partnerships"]);
    let head = out.lines().next().unwrap();
    assert_chinese("the table's headings", head);
    let (_, out, _) = o.zh(&["search", "吕梁"]);
    let head = out.lines().next().unwrap();
    assert_chinese("the search table's headings", head);
    assert!(out.contains("I33   机构"), "{out}");
    let (ok, _, err) = o.zh(&["search", "x", "--kind", "foo"]);
    assert!(!ok);
    // The kinds stay as they are typed, each with its Chinese name.
    assert!(
        err.contains("不是可用的类别") && err.contains("agreement（协议）"),
        "{err}"
    );
}

#[test]
fn a_broken_configuration_is_reported_by_line_in_chinese_and_the_defaults_stay() {
    let o = Office::new();
    std::fs::write(
        o.config(),
        "me = \"Wang Jun\"\nlang = \"fr\"\nno_contact_days = \"ninety\"\ncolour = \"red\"\n",
    )
    .unwrap();
    let (ok, out, err) = o.zh(&["list", "partnerships", "--mine"]);
    assert!(ok, "{err}");
    let file = o.config().display().to_string();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    for (line, n) in lines.iter().zip([2, 3, 4]) {
        assert!(
            line.starts_with(&format!("accord: 警告：{file} 第 {n} 行：")),
            "{line}"
        );
        assert!(line.ends_with("已改用默认设置"), "{line}");
        assert_chinese("config problem", &line.replace(&file, ""));
    }
    // The rest of the file is in force: `me` chose whose partnerships.
    assert!(out.contains("负责人") && out.contains("P2"), "{out}");
    assert!(!out.contains("P1 "), "{out}");

    // A file that is not TOML at all: its line, and every default.
    std::fs::write(o.config(), "lang = \"en\"\nme = 王芳\n").unwrap();
    let (ok, _, err) = o.zh(&["check"]);
    assert!(ok, "{err}");
    assert!(
        err.starts_with(&format!("accord: 警告：{file} 第 2 行：不是有效的 TOML")),
        "{err}"
    );
}

#[test]
fn the_configuration_file_sets_language_database_and_me() {
    let o = Office::new();
    let other = o.dir.path().join("elsewhere.db");
    std::fs::write(
        o.config(),
        format!(
            "lang = \"zh\"\nme = \"Li Na\"\ndb = \"{}\"\n",
            other.display()
        ),
    )
    .unwrap();
    // No --db: the file's database (empty), in the file's language.
    let out = Command::cargo_bin("accord")
        .unwrap()
        .env("ACCORD_TODAY", "2026-11-23")
        .env("ACCORD_CONFIG", o.config())
        .env_remove("ACCORD_DB")
        .env_remove("ACCORD_SERVER")
        .env("LANG", "C")
        .args(["list", "partnerships"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "没有符合条件的合作关系。\n"
    );
    assert!(other.exists());
    // --db and --lang still win over the file.
    let (ok, out, _) = o.zh(&["--lang", "en", "list", "partnerships", "--mine"]);
    assert!(ok);
    assert!(out.starts_with("ID"), "{out}");
    assert!(
        out.contains("Li Na") || out.contains("No partnerships match."),
        "{out}"
    );
}

#[test]
fn the_no_contact_period_and_the_problems_of_the_file_reach_the_interface() {
    let o = Office::new();
    std::fs::write(o.config(), "no_contact_days = 30\ncolour = \"red\"\n").unwrap();
    let out = o
        .cmd("zh_CN.UTF-8", &["--first-frame"])
        .env("ACCORD_PRINT_FRAME", "1")
        .output()
        .unwrap();
    assert!(out.status.success());
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(screen.contains("超过 30 天未联系"), "{screen}");
    assert!(
        screen.contains("第 2 行：“colour”不是可用的设置"),
        "{screen}"
    );
}

#[test]
fn the_configuration_file_sets_the_date_order_for_imports() {
    let o = Office::new();
    let csv = o.dir.path().join("followups.csv");
    std::fs::write(
        &csv,
        "parent,title,due,owner,status\nP1,Ask about the visit,03/04/2027,Li Na,open\n",
    )
    .unwrap();
    let csv = csv.display().to_string();
    let import = |o: &Office| {
        o.cmd("C", &["import", &csv, "--entity", "followups"])
            .output()
            .unwrap()
    };
    // Without a date order, 03/04/2027 is refused as ambiguous.
    assert!(!import(&o).status.success());
    std::fs::write(o.config(), "date_order = \"mdy\"\n").unwrap();
    let out = import(&o);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = o.cmd("C", &["list", "followups"]).output().unwrap();
    let list = String::from_utf8_lossy(&list.stdout);
    let row = list
        .lines()
        .find(|l| l.contains("Ask about the visit"))
        .unwrap();
    assert!(row.contains("2027-03-04"), "{row}");
}

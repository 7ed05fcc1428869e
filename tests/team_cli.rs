//! The real binary on a team database: server init/sql, demo, triage from
//! two logins, history with authors, undo per person, check, moving a
//! personal database to the team; a password never shown.

#[path = "support/pg_cluster.rs"]
mod pg_cluster;
#[path = "support/team.rs"]
mod team;

use assert_cmd::Command;

fn accord(t: &team::Team, login: &str) -> Command {
    let mut c = Command::cargo_bin("accord").unwrap();
    c.env("PGPASSFILE", t.passfile())
        .env("ACCORD_TODAY", "2026-11-23")
        .env("LANG", "en_US.UTF-8")
        .env("ACCORD_CONFIG", "/nonexistent/accord-config.toml")
        .env_remove("ACCORD_SERVER")
        .env_remove("ACCORD_DB")
        .env_remove("PGPASSWORD")
        .arg("--server")
        .arg(t.conninfo(login));
    c
}

fn stdout(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn server_sql_prints_the_schema_for_a_dba_without_connecting() {
    let out = Command::cargo_bin("accord")
        .unwrap()
        .args(["server", "sql"])
        .env("ACCORD_CONFIG", "/nonexistent/accord-config.toml")
        .output()
        .unwrap();
    assert!(out.status.success());
    let sql = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "CREATE SCHEMA IF NOT EXISTS accord",
        "CREATE ROLE accord_user NOLOGIN",
        "SECURITY DEFINER",
        "GRANT EXECUTE ON FUNCTION accord.apply_change",
    ] {
        assert!(sql.contains(needle), "{needle}");
    }
}

#[test]
fn two_colleagues_work_one_database_from_the_command_line() {
    let Some(t) = team::team() else { return };
    // server init on an initialised database changes nothing.
    let admin = format!(
        "{} password={}",
        t.cluster.conninfo(&t.db),
        t.cluster.superpass
    );
    let mut init = Command::cargo_bin("accord").unwrap();
    init.env("ACCORD_CONFIG", "/nonexistent/x.toml")
        .args(["--server", &admin, "server", "init"]);
    let out = init.output().unwrap();
    assert!(out.status.success());
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("already holds an accord database"), "{said}");
    assert!(
        !said.contains(&t.cluster.superpass),
        "the password was shown: {said}"
    );
    assert!(
        said.contains("warning") && said.contains(".pgpass"),
        "no warning about the password: {said}"
    );

    assert!(stdout(accord(&t, "lina").arg("demo")).contains("created"));
    let due = stdout(accord(&t, "wang").args(["list", "due"]));
    assert!(due.contains("T13"), "{due}");
    stdout(accord(&t, "lina").args(["done", "T13"]));
    stdout(accord(&t, "wang").args(["snooze", "T1", "1w"]));
    // lina's undo reverts her own change, not wang's newer one.
    let undone = stdout(accord(&t, "lina").arg("undo"));
    assert!(undone.contains("mark done T13"), "{undone}");
    let history = stdout(accord(&t, "wang").args(["history", "--limit", "3"]));
    assert!(history.contains("lina  undo: mark done T13"), "{history}");
    assert!(history.contains("wang  snooze T1"), "{history}");
    let json: serde_json::Value = serde_json::from_str(&stdout(
        accord(&t, "wang").args(["history", "--json", "--limit", "3"]),
    ))
    .unwrap();
    let authors: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["author"].as_str().unwrap())
        .collect();
    assert_eq!(authors, ["lina", "wang", "lina"]);
    // With a display name for her login, history shows it; JSON keeps the
    // login, for scripts.
    t.cluster
        .psql(&t.db, "SELECT accord.set_display_name('lina', 'Li Na')");
    let history = stdout(accord(&t, "wang").args(["history", "--limit", "3"]));
    assert!(history.contains("Li Na  undo: mark done T13"), "{history}");
    assert!(history.contains("wang  snooze T1"), "{history}");
    let json = stdout(accord(&t, "wang").args(["history", "--json", "--limit", "1"]));
    assert!(json.contains("\"author\": \"lina\""), "{json}");
    let check = stdout(accord(&t, "wang").arg("check"));
    assert!(check.contains("is sound"), "{check}");
    assert!(
        check.contains(&format!(
            "postgresql://wang@127.0.0.1:{}/{}",
            t.cluster.port, t.db
        )),
        "{check}"
    );
}

#[test]
fn a_personal_database_moves_to_the_team_with_its_history() {
    let Some(t) = team::team() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mine.db");
    let backup = dir.path().join("backup.json");
    let personal = || {
        let mut c = Command::cargo_bin("accord").unwrap();
        c.env("ACCORD_TODAY", "2026-11-23")
            .env("ACCORD_CONFIG", "/nonexistent/x.toml")
            .env_remove("ACCORD_SERVER")
            .arg("--db")
            .arg(&db);
        c
    };
    stdout(personal().arg("demo"));
    stdout(personal().args(["done", "T1"]));
    stdout(personal().arg("backup").arg(&backup));
    let restored = stdout(accord(&t, "lina").arg("restore").arg(&backup));
    assert!(!restored.is_empty());
    let mine = stdout(personal().args(["history", "--json"]));
    let team = stdout(accord(&t, "lina").args(["history", "--json"]));
    assert_eq!(mine, team, "the history moved whole");
    assert!(stdout(accord(&t, "wang").arg("check")).contains("is sound"));
    // A second restore into the now non-empty team database is refused.
    let out = accord(&t, "lina")
        .arg("restore")
        .arg(&backup)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
}

#[test]
fn an_unreachable_server_is_a_sentence_naming_it() {
    let out = Command::cargo_bin("accord")
        .unwrap()
        .env("ACCORD_CONFIG", "/nonexistent/x.toml")
        .args([
            "--server",
            "host=127.0.0.1 port=9 dbname=accord user=lina password=hunter2",
            "list",
            "due",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("127.0.0.1:9"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
}

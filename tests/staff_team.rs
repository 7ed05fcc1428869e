//! The staff directory on a team database: the server's logins with
//! display names, extended with email and language; only the admin may
//! change it; every colleague reads it; digests use it.

#[path = "support/pg_cluster.rs"]
mod pg_cluster;
#[path = "support/team.rs"]
mod team;

use assert_cmd::Command;

fn accord(t: &team::Team, conninfo: &str, cache: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("accord").unwrap();
    c.env("PGPASSFILE", t.passfile())
        .env("ACCORD_TODAY", "2026-11-23")
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("XDG_CACHE_HOME", cache)
        .env("ACCORD_CONFIG", "/nonexistent/accord-config.toml")
        .env_remove("ACCORD_SERVER")
        .env_remove("ACCORD_DB")
        .env_remove("PGPASSWORD")
        .arg("--server")
        .arg(conninfo);
    c
}

fn run(c: &mut Command, args: &[&str]) -> (bool, String, String) {
    let out = c.args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_admin_gives_logins_an_address_and_a_language_and_everyone_reads_them() {
    let Some(t) = team::team() else { return };
    let cache = tempfile::tempdir().unwrap();
    let admin = format!(
        "{} password={}",
        t.cluster.conninfo(&t.db),
        t.cluster.superpass
    );
    let lina = t.conninfo("lina");

    // A colleague may not change the directory.
    let (ok, _, err) = run(
        &mut accord(&t, &lina, cache.path()),
        &[
            "staff",
            "add",
            "Li Na",
            "--login",
            "lina",
            "--email",
            "li.na@hospital.example",
        ],
    );
    assert!(!ok);
    assert!(err.contains("only the administrator"), "{err}");

    // The admin: a login by --login, with its display name set at once.
    let (ok, out, err) = run(
        &mut accord(&t, &admin, cache.path()),
        &[
            "staff",
            "add",
            "Li Na",
            "--login",
            "lina",
            "--email",
            "li.na@hospital.example",
            "--lang",
            "zh",
        ],
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("Added Li Na (li.na@hospital.example, zh)"),
        "{out}"
    );
    // A name that is no login's is refused with what to do.
    let (ok, _, err) = run(
        &mut accord(&t, &admin, cache.path()),
        &[
            "staff",
            "add",
            "Wang Jun",
            "--email",
            "wang.jun@hospital.example",
        ],
    );
    assert!(!ok);
    assert!(
        err.contains("Wang Jun is not a login") && err.contains("--login"),
        "{err}"
    );
    // A login found by its name (the display name is the login until set).
    let (ok, _, err) = run(
        &mut accord(&t, &admin, cache.path()),
        &[
            "staff",
            "edit",
            "wang",
            "--rename",
            "Wang Jun",
            "--email",
            "wang.jun@hospital.example",
        ],
    );
    assert!(ok, "{err}");

    // Every colleague reads it; the server's staff names follow.
    let (ok, out, err) = run(
        &mut accord(&t, &lina, cache.path()),
        &["staff", "list", "--json"],
    );
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let by_login = |l: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|m| m["login"] == l)
            .cloned()
            .unwrap_or_else(|| panic!("{l} missing: {out}"))
    };
    assert_eq!(by_login("lina")["name"], "Li Na");
    assert_eq!(by_login("lina")["email"], "li.na@hospital.example");
    assert_eq!(by_login("lina")["lang"], "zh");
    assert_eq!(by_login("wang")["name"], "Wang Jun");
    assert_eq!(by_login("wang")["lang"], serde_json::Value::Null);
    let (_, out, _) = run(&mut accord(&t, &lina, cache.path()), &["server", "staff"]);
    assert!(out.contains("Li Na") && out.contains("Wang Jun"), "{out}");

    // Digests use it: demo data owned by Li Na and Wang Jun.
    let (ok, _, err) = run(&mut accord(&t, &lina, cache.path()), &["demo"]);
    assert!(ok, "{err}");
    let (ok, out, err) = run(
        &mut accord(&t, &lina, cache.path()),
        &["digest", "--send", "--dry-run"],
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("Would send to Li Na <li.na@hospital.example> (zh,"),
        "{out}"
    );
    assert!(
        out.contains("Would send to Wang Jun <wang.jun@hospital.example> (en,"),
        "{out}"
    );
    // "me" on a team database is my login's display name: my digest.
    let (ok, out, _) = run(&mut accord(&t, &lina, cache.path()), &["digest"]);
    assert!(ok);
    assert!(out.starts_with("Li Na 的摘要"), "{out}");

    // Removing takes the address off; the login stays the server's.
    let (ok, _, err) = run(
        &mut accord(&t, &admin, cache.path()),
        &["staff", "remove", "Wang Jun"],
    );
    assert!(ok, "{err}");
    let (_, out, _) = run(
        &mut accord(&t, &lina, cache.path()),
        &["staff", "list", "--json"],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let wang = v
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["login"] == "wang")
        .unwrap();
    assert_eq!(wang["email"], "");
}

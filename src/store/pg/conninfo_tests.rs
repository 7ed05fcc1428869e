//! Unit tests of the conninfo parsing and resolution (no server needed).

use super::*;
use std::collections::HashMap;
use std::os::unix::fs::PermissionsExt;

fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let m: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| m.get(k).cloned()
}

fn res(conninfo: &str, env: &[(&str, &str)]) -> Target {
    resolve(conninfo, &env_of(env), None).unwrap()
}

fn err(conninfo: &str, env: &[(&str, &str)]) -> String {
    resolve(conninfo, &env_of(env), None)
        .unwrap_err()
        .to_string()
}

fn write(dir: &Path, name: &str, text: &str, mode: u32) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
    p
}

#[test]
fn keyword_strings_with_quotes_and_escapes() {
    let kv = parse(r"host=db  port = 6543 dbname='my db' user=a\ b password='it\'s \\ x'").unwrap();
    let m: HashMap<_, _> = kv.into_iter().collect();
    assert_eq!(m["host"], "db");
    assert_eq!(m["port"], "6543");
    assert_eq!(m["dbname"], "my db");
    assert_eq!(m["user"], "a b");
    assert_eq!(m["password"], r"it's \ x");
    assert!(parse("").unwrap().is_empty());
    assert!(parse("host").unwrap_err().0.contains("\"=\""));
    assert!(parse("host='x").unwrap_err().0.contains("not terminated"));
    let e = parse("hots=db").unwrap_err().to_string();
    assert!(e.contains("\"hots\"") && e.contains("not a known"), "{e}");
    assert!(
        parse("sslcert=x")
            .unwrap_err()
            .0
            .contains("does not support")
    );
}

#[test]
fn uris_with_percent_encoding_and_params() {
    let t = res(
        "postgresql://li%40na:p%3Ass@db.example.org:6000/acc%20ord?sslmode=require&application_name=x%20y",
        &[],
    );
    assert_eq!(t.user(), "li@na");
    assert_eq!(t.password.as_deref(), Some("p:ss"));
    assert_eq!(t.host(), "db.example.org");
    assert_eq!(t.port(), 6000);
    assert_eq!(t.dbname(), "acc ord");
    assert_eq!(t.sslmode(), SslMode::Require);
    assert_eq!(t.application_name.as_deref(), Some("x y"));
    assert!(t.password_in_conninfo());

    let t = res("postgres://[::1]:5433,h2/db", &[("PGUSER", "u")]);
    assert_eq!(t.hosts, vec!["::1".to_string(), "h2".to_string()]);
    assert_eq!(t.ports, vec![5433, 5432]);
    let t = res("postgresql://%2Fvar%2Frun%2Fpg/db?user=u", &[]);
    assert_eq!(t.host(), "/var/run/pg");
    assert_eq!(t.sslmode(), SslMode::Prefer);
    let t = res("postgresql:///db?host=/tmp&port=7777&ssl=true&user=u", &[]);
    assert_eq!((t.host(), t.port()), ("/tmp", 7777));
    assert_eq!(t.sslmode(), SslMode::Require);
    assert!(err("postgresql://h/db?bogus=1", &[]).contains("\"bogus\""));
    assert!(err("postgresql://h/d%zzb", &[]).contains("percent"));
}

#[test]
fn precedence_conninfo_then_service_then_env_then_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let svc = write(
        dir.path(),
        "svc.conf",
        "# comment\n[other]\nhost=wrong\n[s1]\nhost=svc-host\nport=7000\ndbname=svcdb\n\n[s2]\nuser=x\n",
        0o644,
    );
    let svcfile = svc.to_str().unwrap();
    let env = [
        ("PGSERVICEFILE", svcfile),
        ("PGHOST", "env-host"),
        ("PGUSER", "envuser"),
        ("PGPORT", "6000"),
        ("PGSYSCONFDIR", "/nonexistent"),
    ];
    let t = res("service=s1 port=9000", &env);
    assert_eq!(t.host(), "svc-host");
    assert_eq!(t.port(), 9000);
    assert_eq!(t.dbname(), "svcdb");
    assert_eq!(t.user(), "envuser");
    let mut env2 = env.to_vec();
    env2.push(("PGSERVICE", "s1"));
    let t = res("host=kw-host", &env2);
    assert_eq!((t.host(), t.port(), t.user()), ("kw-host", 7000, "envuser"));
    let e = err("service=nope", &env);
    assert!(e.contains("\"nope\"") && e.contains(svcfile), "{e}");

    let t = res("", &[("PGHOST", "127.0.0.1"), ("PGUSER", "u")]);
    assert_eq!((t.port(), t.dbname()), (5432, "u"));
    assert_eq!(t.connect_timeout(), Duration::from_secs(5));
    let t = res("connect_timeout=1 host=h user=u", &[]);
    assert_eq!(t.connect_timeout(), Duration::from_secs(2));
    let t = res(
        "",
        &[
            ("PGCONNECT_TIMEOUT", "30"),
            ("PGUSER", "u"),
            ("PGHOST", "h"),
        ],
    );
    assert_eq!(t.connect_timeout(), Duration::from_secs(30));
    assert!(err("port=abc user=u", &[]).contains("\"abc\""));
    assert!(err("sslmode=strict user=u", &[]).contains("\"strict\""));
}

#[test]
fn sslmode_defaults_are_strict_for_remote_hosts() {
    assert_eq!(
        res("host=db.example.org user=u", &[]).sslmode(),
        SslMode::VerifyFull
    );
    assert_eq!(
        res("host=10.1.2.3 user=u", &[]).sslmode(),
        SslMode::VerifyFull
    );
    assert_eq!(res("host=localhost user=u", &[]).sslmode(), SslMode::Prefer);
    assert_eq!(res("host=127.0.0.1 user=u", &[]).sslmode(), SslMode::Prefer);
    assert_eq!(res("host=::1 user=u", &[]).sslmode(), SslMode::Prefer);
    assert_eq!(res("host=/tmp user=u", &[]).sslmode(), SslMode::Prefer);
    assert_eq!(
        res("host=db user=u", &[("PGSSLMODE", "require")]).sslmode(),
        SslMode::Require
    );
    assert_eq!(
        res("host=db user=u sslmode=disable", &[]).sslmode(),
        SslMode::Disable
    );
}

#[test]
fn pgpass_matching_wildcards_and_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let pass = write(
        dir.path(),
        "pgpass",
        "# a comment\n\
         other:5432:*:u:wrong\n\
         db\\:x:*:*:u:colon\\:host\n\
         db:5432:acc:*:first\\\\pw\n\
         db:5432:acc:u:second\n\
         *:*:*:u:fallback:extra\n\
         localhost:5432:*:s:sockpw\n",
        0o600,
    );
    let p = pass.to_str().unwrap();
    let env = [("PGPASSFILE", p)];
    let t = res("host=db dbname=acc user=u", &env);
    assert_eq!(t.password.as_deref(), Some("first\\pw"));
    assert!(!t.password_in_conninfo());
    assert_eq!(
        res("host=db:x user=u", &env).password.as_deref(),
        Some("colon:host")
    );
    assert_eq!(
        res("host=elsewhere port=1 user=u", &env)
            .password
            .as_deref(),
        Some("fallback")
    );
    assert_eq!(
        res("host=/tmp user=s", &env).password.as_deref(),
        Some("sockpw")
    );
    assert_eq!(res("host=db user=nobody", &env).password, None);
    // An explicit password wins over the file; the passfile keyword works too.
    let t = res(
        "host=db dbname=acc user=u",
        &[("PGPASSWORD", "envpw"), ("PGPASSFILE", p)],
    );
    assert_eq!(t.password.as_deref(), Some("envpw"));
    let t = res(&format!("host=db dbname=acc user=u passfile={p}"), &[]);
    assert_eq!(t.password.as_deref(), Some("first\\pw"));
    // ~/.pgpass through `home`.
    std::fs::copy(&pass, dir.path().join(".pgpass")).unwrap();
    let t = resolve("host=db dbname=acc user=u", &env_of(&[]), Some(dir.path())).unwrap();
    assert_eq!(t.password.as_deref(), Some("first\\pw"));
}

#[test]
fn group_readable_pgpass_is_ignored_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let pass = write(dir.path(), "pgpass", "*:*:*:*:pw\n", 0o644);
    let t = res("host=db user=u", &[("PGPASSFILE", pass.to_str().unwrap())]);
    assert_eq!(t.password, None);
    assert_eq!(
        t.warnings,
        vec![format!(
            "WARNING: password file \"{}\" has group or world access; permissions should be u=rw (0600) or less",
            pass.display()
        )]
    );
}

#[test]
fn shown_and_debug_never_contain_the_password() {
    let t = res("postgresql://lina:hunter2@db.example.org:5432/accord", &[]);
    assert_eq!(t.shown(), "postgresql://lina@db.example.org:5432/accord");
    let dbg = format!("{t:?}");
    assert!(
        !dbg.contains("hunter2") && dbg.contains("<redacted>"),
        "{dbg}"
    );
    let t = res(
        "host=/var/run/postgresql user=u password=hunter2 dbname=d",
        &[],
    );
    assert_eq!(
        t.shown(),
        "postgresql://u@/d?host=/var/run/postgresql&port=5432"
    );
    let t = res("host=::1 user=u password=hunter2", &[]);
    assert_eq!(t.shown(), "postgresql://u@[::1]:5432/u");
    assert!(!format!("{t:?}").contains("hunter2"));
}

#[test]
fn service_file_fallbacks_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let sys = dir.path().join("sys");
    std::fs::create_dir(&sys).unwrap();
    write(
        &sys,
        "pg_service.conf",
        "[team]\nhost=sys-host\npassword=svcpw\n",
        0o644,
    );
    let user = write(dir.path(), "user.conf", "[mine]\nhost=user-host\n", 0o644);
    let env = [
        ("PGSERVICEFILE", user.to_str().unwrap()),
        ("PGSYSCONFDIR", sys.to_str().unwrap()),
        ("PGUSER", "u"),
    ];
    // Not in the user's file: PGSYSCONFDIR/pg_service.conf.
    let t = res("service=team", &env);
    assert_eq!(t.host(), "sys-host");
    assert_eq!(t.password.as_deref(), Some("svcpw"));
    assert!(!t.password_in_conninfo());
    assert_eq!(res("service=mine", &env).host(), "user-host");
    // ~/.pg_service.conf when PGSERVICEFILE is not set.
    write(
        dir.path(),
        ".pg_service.conf",
        "[home]\n  port = 6000  \n",
        0o644,
    );
    let t = resolve(
        "host=h",
        &env_of(&[("PGSERVICE", "home"), ("PGUSER", "u")]),
        Some(dir.path()),
    )
    .unwrap();
    assert_eq!(t.port(), 6000);

    let bad = write(dir.path(), "bad.conf", "[s]\nhots=x\n", 0o644);
    let e = err("service=s", &[("PGSERVICEFILE", bad.to_str().unwrap())]);
    assert!(
        e.contains("\"hots\"") && e.contains("line 2") && e.contains("bad.conf"),
        "{e}"
    );
    let nested = write(dir.path(), "nested.conf", "[s]\nservice=t\n", 0o644);
    let e = err("service=s", &[("PGSERVICEFILE", nested.to_str().unwrap())]);
    assert!(e.contains("another service"), "{e}");
}

#[test]
fn password_sources_and_the_command_line_flag() {
    let t = res("host=h user=u password=pw", &[("PGPASSWORD", "envpw")]);
    assert!(t.password_in_conninfo());
    assert_eq!(t.password.as_deref(), Some("pw"));
    let t = res("host=h user=u", &[("PGPASSWORD", "envpw")]);
    assert!(!t.password_in_conninfo());
    assert!(t.has_password());
    let t = res("host=h user=u password=", &[]);
    assert!(!t.has_password() && !t.password_in_conninfo());
    let e = ConnError("x".into());
    let boxed: Box<dyn std::error::Error> = Box::new(e);
    assert_eq!(boxed.to_string(), "x");
}

#[test]
fn hostaddr_and_multiple_hosts() {
    let t = res("hostaddr=127.0.0.1 user=u", &[]);
    assert_eq!(t.host(), "127.0.0.1");
    assert_eq!(t.sslmode(), SslMode::Prefer);
    let t = res("host=db.example.org hostaddr=10.0.0.5 user=u", &[]);
    assert_eq!(t.sslmode(), SslMode::VerifyFull);
    assert!(err("host=a,b hostaddr=10.0.0.5 user=u", &[]).contains("hostaddr"));
    assert!(err("hostaddr=db user=u", &[]).contains("\"db\""));
    let t = res("host=a,b port=1,2 user=u dbname=d", &[]);
    assert_eq!(t.shown(), "postgresql://u@a:1,b:2/d");
    assert!(err("host=a,b port=1,2,3 user=u", &[]).contains("3 ports"));
}

#[test]
fn a_dbname_holding_a_conninfo_stays_a_name_as_in_psql() {
    // psql "port=1 dbname='host=h dbname=d'" connects to a database named
    // "host=h dbname=d": only the conninfo argument itself is expanded.
    let t = res("port=1 dbname='host=h dbname=d' user=u host=x", &[]);
    assert_eq!(
        (t.host(), t.dbname(), t.port()),
        ("x", "host=h dbname=d", 1)
    );
}

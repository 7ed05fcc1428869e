//! accord's libpq conventions against psql's: for each set-up (variables,
//! service file, password files, URI, keyword string), psql and
//! `resolve` + `connect` reach the same server, role and database, or both
//! fail. Then TLS: verify-full, a wrong CA, a host name mismatch, require.

#[path = "support/pg_cluster.rs"]
mod pg_cluster;

use std::collections::HashMap;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use accord::store::pg::conninfo::{self, SslMode};
use pg_cluster::Cluster;

const QUERY: &str = "select inet_server_port(), current_user, current_database()";
const USER: &str = "conn_lina";
const PASSWORD: &str = "pa:ss\\wörd";

/// psql's answer ("port|user|db") or Err(stderr), with exactly `env` and HOME = `home`.
fn via_psql(conninfo: &str, env: &HashMap<String, String>, home: &Path) -> Result<String, String> {
    let mut cmd = Command::new("psql");
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .envs(env)
        .args(["-XAtw", "-c", QUERY]);
    if !conninfo.is_empty() {
        cmd.arg(conninfo);
    }
    let out = cmd.output().unwrap();
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// accord's answer, same format, with the same variables and home.
fn via_accord(
    conninfo: &str,
    env: &HashMap<String, String>,
    home: &Path,
) -> Result<String, String> {
    let target = conninfo::resolve(conninfo, &|k| env.get(k).cloned(), Some(home))
        .map_err(|e| e.to_string())?;
    let mut client = target.connect().map_err(|e| e.to_string())?;
    let row = client.query_one(QUERY, &[]).map_err(|e| e.to_string())?;
    let (port, user, db): (i32, String, String) = (row.get(0), row.get(1), row.get(2));
    Ok(format!("{port}|{user}|{db}"))
}

fn write(path: &Path, text: &str, mode: u32) -> String {
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    path.display().to_string()
}

fn pgpass_line(c: &Cluster, db: &str) -> String {
    format!(
        "127.0.0.1:{}:{}:{}:{}\n",
        c.port,
        db,
        USER,
        pg_cluster::pgpass_escape(PASSWORD)
    )
}

#[test]
fn psql_and_accord_agree() {
    let Some(c) = pg_cluster::shared() else {
        return;
    };
    c.create_login(USER, PASSWORD);
    let db = c.fresh_database();
    let port = c.port.to_string();
    let expected = format!("{}|{USER}|{db}", c.port);

    // (name, conninfo, env, files: (name, text, mode), expect success)
    type Case<'a> = (
        &'a str,
        String,
        Vec<(&'a str, String)>,
        Vec<(&'a str, String, u32)>,
        bool,
    );
    let base = |extra: &[(&'static str, String)]| {
        let mut v: Vec<(&str, String)> = vec![
            ("PGHOST", "127.0.0.1".into()),
            ("PGPORT", port.clone()),
            ("PGUSER", USER.into()),
            ("PGDATABASE", db.clone()),
        ];
        v.extend_from_slice(extra);
        v
    };
    let cases: Vec<Case> = vec![
        (
            "env vars only",
            String::new(),
            base(&[("PGPASSWORD", PASSWORD.into())]),
            vec![],
            true,
        ),
        (
            "service file via PGSERVICEFILE, beating PGHOST/PGDATABASE",
            String::new(),
            vec![
                ("PGSERVICEFILE", "@svc".into()),
                ("PGSERVICE", "accord".into()),
                ("PGHOST", "no-such-host.invalid".into()),
                ("PGDATABASE", "postgres".into()),
                ("PGPASSWORD", PASSWORD.into()),
                ("PGSYSCONFDIR", "@".into()),
            ],
            vec![(
                "svc",
                format!(
                    "# team\n[other]\nport=1\n\n[accord]\nhost=127.0.0.1\nport={port}\nuser={USER}\ndbname={db}\n"
                ),
                0o644,
            )],
            true,
        ),
        (
            "pgpass via PGPASSFILE",
            String::new(),
            base(&[("PGPASSFILE", "@pass".into())]),
            vec![(
                "pass",
                format!("# x\n127.0.0.1:1:*:*:nope\n{}", pgpass_line(c, &db)),
                0o600,
            )],
            true,
        ),
        (
            "~/.pgpass through HOME",
            String::new(),
            base(&[]),
            vec![(".pgpass", pgpass_line(c, "*"), 0o600)],
            true,
        ),
        (
            "a URI, password from PGPASSFILE",
            format!("postgresql://{USER}@127.0.0.1:{port}/{db}?application_name=t"),
            vec![
                ("PGPASSFILE", "@pass".into()),
                ("PGDATABASE", "postgres".into()),
            ],
            vec![("pass", pgpass_line(c, &db), 0o600)],
            true,
        ),
        (
            "a URI with a percent-encoded password",
            format!("postgres://{USER}:pa%3Ass%5Cw%C3%B6rd@127.0.0.1:{port}/{db}"),
            vec![],
            vec![],
            true,
        ),
        (
            "a keyword string overriding env vars",
            format!("port={port} dbname='{db}'"),
            base(&[("PGPASSWORD", PASSWORD.into())])
                .into_iter()
                .map(|(k, v)| match k {
                    "PGPORT" => (k, "1".to_string()),
                    "PGDATABASE" => (k, "postgres".to_string()),
                    _ => (k, v),
                })
                .collect(),
            vec![],
            true,
        ),
        (
            "a 0644 pgpass is ignored",
            String::new(),
            base(&[("PGPASSFILE", "@pass".into())]),
            vec![("pass", pgpass_line(c, &db), 0o644)],
            false,
        ),
        (
            "a wrong password",
            String::new(),
            base(&[("PGPASSWORD", "wrong".into())]),
            vec![],
            false,
        ),
        (
            "an unknown database",
            "dbname=no_such_db".into(),
            base(&[("PGPASSWORD", PASSWORD.into())]),
            vec![],
            false,
        ),
    ];

    for (name, conninfo, env, files, ok) in cases {
        let home = tempfile::tempdir().unwrap();
        let mut paths = HashMap::new();
        for (f, text, mode) in &files {
            paths.insert(format!("@{f}"), write(&home.path().join(f), text, *mode));
        }
        let env: HashMap<String, String> = env
            .into_iter()
            .map(|(k, v)| {
                let v = match v.as_str() {
                    "@" => home.path().display().to_string(),
                    _ => paths.get(&v).cloned().unwrap_or(v),
                };
                (k.to_string(), v)
            })
            .collect();
        let p = via_psql(&conninfo, &env, home.path());
        let a = via_accord(&conninfo, &env, home.path());
        eprintln!("{name}:\n  psql:   {p:?}\n  accord: {a:?}");
        if ok {
            assert_eq!(p.as_deref(), Ok(expected.as_str()), "{name}: psql");
            assert_eq!(a.as_deref(), Ok(expected.as_str()), "{name}: accord");
        } else {
            assert!(p.is_err(), "{name}: psql should fail: {p:?}");
            let e = a.expect_err(name);
            assert!(!e.contains(PASSWORD), "{name}: {e}");
        }
    }

    // The 0644 file: the same warning as psql's, and a sentence naming the user.
    let home = tempfile::tempdir().unwrap();
    let pass = write(&home.path().join("pass"), &pgpass_line(c, &db), 0o644);
    let env: HashMap<String, String> = [("PGPASSFILE", pass.clone())]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    let info = format!("host=127.0.0.1 port={port} user={USER} dbname={db}");
    let t = conninfo::resolve(&info, &|k| env.get(k).cloned(), Some(home.path())).unwrap();
    let psql_err = via_psql(&info, &env, home.path()).unwrap_err();
    assert_eq!(t.warnings.len(), 1);
    assert!(
        psql_err.contains(&t.warnings[0]),
        "{psql_err} / {:?}",
        t.warnings
    );
    let e = t.connect().err().unwrap().to_string();
    assert!(e.contains(USER) && e.contains("password"), "{e}");

    let e = conninfo::resolve(
        &format!("host=127.0.0.1 port={port} user={USER} dbname=nope password=x"),
        &|_| None,
        None,
    )
    .unwrap()
    .connect()
    .err()
    .unwrap()
    .to_string();
    assert!(e.contains(USER) && !e.contains("password=x"), "{e}");
}

#[test]
fn refused_and_unknown_database_are_sentences() {
    let Some(c) = pg_cluster::shared() else {
        return;
    };
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_port = dead.local_addr().unwrap().port();
    drop(dead);
    let t = conninfo::resolve(
        &format!("host=127.0.0.1 port={dead_port} user=x"),
        &|_| None,
        None,
    )
    .unwrap();
    let e = t.connect().err().unwrap().to_string();
    assert!(
        e.contains(&format!("127.0.0.1:{dead_port}")) && e.contains("refused"),
        "{e}"
    );

    let passfile = c.passfile.display().to_string();
    let t = conninfo::resolve(
        &c.conninfo("no_such_db"),
        &|k| (k == "PGPASSFILE").then(|| passfile.clone()),
        None,
    )
    .unwrap();
    let e = t.connect().err().unwrap().to_string();
    assert!(
        e.contains("\"no_such_db\"") && e.contains("does not exist"),
        "{e}"
    );

    // The shared cluster has no TLS: require fails for both, with a sentence.
    let info = format!("{} sslmode=require", c.conninfo("postgres"));
    let env: HashMap<String, String> = [("PGPASSFILE".to_string(), passfile.clone())].into();
    let home = tempfile::tempdir().unwrap();
    assert!(via_psql(&info, &env, home.path()).is_err());
    let e = via_accord(&info, &env, home.path()).unwrap_err();
    assert!(e.contains("does not support encrypted"), "{e}");
    let info = format!("{} sslmode=allow", c.conninfo("postgres"));
    assert_eq!(
        via_psql(&info, &env, home.path()).is_ok(),
        via_accord(&info, &env, home.path()).is_ok()
    );
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn make_ca(dir: &Path, name: &str) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            &format!("/CN={name}"),
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.crt"),
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
}

#[test]
fn tls_verify_full_wrong_ca_mismatch_and_require() {
    if !pg_cluster::available() {
        return;
    }
    let certs = tempfile::tempdir().unwrap();
    let d = certs.path();
    make_ca(d, "ca");
    make_ca(d, "wrongca");
    openssl(
        d,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=localhost",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
        ],
    );
    std::fs::write(
        d.join("ext.cnf"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    openssl(
        d,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-out",
            "server.crt",
            "-extfile",
            "ext.cnf",
        ],
    );
    let cert = d.join("server.crt").display().to_string();
    let key = d.join("server.key").display().to_string();
    let c = Cluster::start_with(&[
        ("ssl", "on"),
        ("ssl_cert_file", &cert),
        ("ssl_key_file", &key),
    ]);
    let passfile = c.passfile.display().to_string();
    let env: HashMap<String, String> = [("PGPASSFILE".to_string(), passfile)].into();
    let ca = d.join("ca.crt").display().to_string();
    let wrong = d.join("wrongca.crt").display().to_string();
    let base = c.conninfo("postgres");
    let run = |extra: &str| -> Result<bool, String> {
        let info = format!("{base} {extra}");
        let t = conninfo::resolve(&info, &|k| env.get(k).cloned(), Some(d))
            .map_err(|e| e.to_string())?;
        let psql = via_psql(&info, &env, d);
        let accord = t.connect().map_err(|e| e.to_string()).and_then(|mut cl| {
            cl.query_one(
                "select ssl from pg_stat_ssl where pid = pg_backend_pid()",
                &[],
            )
            .map(|r| r.get::<_, bool>(0))
            .map_err(|e| e.to_string())
        });
        eprintln!("{extra}:\n  psql:   {psql:?}\n  accord: {accord:?}");
        assert_eq!(
            psql.is_ok(),
            accord.is_ok(),
            "{info}: psql {psql:?} accord {accord:?}"
        );
        accord
    };

    assert_eq!(
        run(&format!("sslmode=verify-full sslrootcert={ca}")),
        Ok(true)
    );
    assert_eq!(
        run(&format!("sslmode=verify-ca sslrootcert={ca}")),
        Ok(true)
    );
    let e = run(&format!("sslmode=verify-full sslrootcert={wrong}")).unwrap_err();
    assert!(
        e.contains("certificate") && e.contains("not signed by a trusted"),
        "{e}"
    );
    assert!(e.contains("wrongca.crt"), "{e}");
    let e = run(&format!(
        "sslmode=verify-full sslrootcert={ca} host=db.example.org hostaddr=127.0.0.1"
    ))
    .unwrap_err();
    assert!(
        e.contains("db.example.org") && e.contains("another host name"),
        "{e}"
    );
    // verify-ca does not check the name.
    assert_eq!(
        run(&format!(
            "sslmode=verify-ca sslrootcert={ca} host=db.example.org hostaddr=127.0.0.1"
        )),
        Ok(true)
    );
    assert_eq!(run("sslmode=require"), Ok(true));
    assert_eq!(run("sslmode=prefer"), Ok(true));
    assert_eq!(run("sslmode=disable"), Ok(false));
    assert_eq!(run("sslmode=allow"), Ok(false));
    // Without sslrootcert, ~/.postgresql/root.crt as libpq does.
    std::fs::create_dir(d.join(".postgresql")).unwrap();
    std::fs::copy(d.join("ca.crt"), d.join(".postgresql/root.crt")).unwrap();
    assert_eq!(run("sslmode=verify-full"), Ok(true));
    std::fs::copy(d.join("wrongca.crt"), d.join(".postgresql/root.crt")).unwrap();
    let e = run("sslmode=verify-full").unwrap_err();
    assert!(e.contains("root.crt") && e.contains("certificate"), "{e}");
    let t = conninfo::resolve(&format!("{base} sslmode=require"), &|_| None, None).unwrap();
    assert_eq!(t.sslmode(), SslMode::Require);
}

#[test]
fn connect_timeout_covers_a_server_that_never_answers() {
    // A listener that never accepts: the TCP handshake completes (backlog),
    // then nothing is ever said. libpq's connect_timeout covers this.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let t = conninfo::resolve(
        &format!("host=127.0.0.1 port={port} user=x password=y connect_timeout=2"),
        &|_| None,
        None,
    )
    .unwrap();
    assert_eq!(t.connect_timeout(), std::time::Duration::from_secs(2));
    let start = std::time::Instant::now();
    let e = t.connect().err().unwrap().to_string();
    let took = start.elapsed();
    assert!(took < std::time::Duration::from_secs(5), "{took:?}");
    assert!(
        e.contains(&format!("127.0.0.1:{port}")) && e.contains("2 s"),
        "{e}"
    );
    drop(silent);
}

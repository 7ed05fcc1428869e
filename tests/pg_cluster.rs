//! The throwaway-cluster harness tests itself: start, fresh database, psql,
//! the `postgres` crate with the password from the passfile, logins, kill -9
//! and restart.

#[path = "support/pg_cluster.rs"]
mod pg_cluster;

use pg_cluster::Cluster;

/// The password of `user` in a pgpass file written by the harness (`*:*:*:user:pw`).
fn password_from(passfile: &std::path::Path, user: &str) -> String {
    let text = std::fs::read_to_string(passfile).unwrap();
    let prefix = format!("*:*:*:{}:", pg_cluster::pgpass_escape(user));
    let line = text.lines().find(|l| l.starts_with(&prefix)).unwrap();
    line[prefix.len()..]
        .replace("\\:", ":")
        .replace("\\\\", "\\")
}

fn query_one(c: &Cluster, db: &str, user: &str) -> (i32, String, String) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&c.passfile).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let mut client = postgres::Config::new()
        .host(&c.host)
        .port(c.port)
        .user(user)
        .password(password_from(&c.passfile, user))
        .dbname(db)
        .connect(postgres::NoTls)
        .unwrap();
    let row = client
        .query_one(
            "select 1, current_user::text, current_database()::text",
            &[],
        )
        .unwrap();
    (row.get(0), row.get(1), row.get(2))
}

#[test]
fn shared_cluster_psql_and_postgres_crate() {
    let Some(c) = pg_cluster::shared() else {
        return;
    };
    let db = c.fresh_database();
    assert_eq!(c.psql(&db, "select 1").trim(), "1");
    assert_eq!(c.psql(&db, "select current_database()").trim(), db.as_str());
    let (one, user, got_db) = query_one(c, &db, &c.superuser);
    assert_eq!(
        (one, user.as_str(), got_db.as_str()),
        (1, c.superuser.as_str(), db.as_str())
    );
    assert!(!c.conninfo(&db).contains(&c.superpass));

    c.create_login("lina", "s3cr:et\\x");
    c.create_login("lina", "s3cr:et\\x"); // idempotent
    let (_, user, _) = query_one(c, &db, "lina");
    assert_eq!(user, "lina");
}

#[test]
fn private_cluster_kill9_restart_and_cleanup() {
    if !pg_cluster::available() {
        return;
    }
    let c = Cluster::start();
    let db = c.fresh_database();
    c.psql(&db, "create table t(x int); insert into t values (42);");
    let pid = c.pid().unwrap();
    c.kill9();
    assert!(
        !std::path::Path::new(&format!("/proc/{pid}/cmdline")).exists()
            || std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .unwrap_or_default()
                .contains(") Z")
    );
    c.restart();
    assert_eq!(c.psql(&db, "select x from t").trim(), "42");
    c.stop();
    c.restart();
    assert_eq!(c.psql(&db, "select count(*) from t").trim(), "1");
    let data = c.data_dir.clone();
    drop(c);
    assert!(!data.exists(), "data dir removed on drop");
}

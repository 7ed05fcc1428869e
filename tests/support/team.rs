//! A team database for tests: a fresh accord database on the test
//! binary's throwaway cluster (copied from an initialised template), with
//! two staff logins, lina and wang, members of accord_user.
//!
//! Include it after the harness:
//! `#[path = "support/pg_cluster.rs"] mod pg_cluster;`
//! `#[path = "support/team.rs"] mod team;`

#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

use accord::clock::FixedClock;
use accord::store::{PgStore, Store, pg};
use chrono::NaiveDate;

use crate::pg_cluster::{self, Cluster};

pub const STAFF: [&str; 2] = ["lina", "wang"];

static TEMPLATE: OnceLock<()> = OnceLock::new();
static COUNTER: AtomicU32 = AtomicU32::new(0);

pub struct Team {
    pub cluster: &'static Cluster,
    pub db: String,
}

pub fn password(login: &str) -> String {
    format!("{login}-pw")
}

/// Makes `accord_tmpl` on `cluster`: the accord schema, and the staff.
pub fn prepare(cluster: &Cluster) {
    cluster.psql("postgres", "CREATE DATABASE accord_tmpl");
    let conninfo = format!(
        "{} password={}",
        cluster.conninfo("accord_tmpl"),
        cluster.superpass
    );
    let target = pg::conninfo::resolve_from_env(&conninfo).expect("template conninfo");
    pg::init(&target).expect("server init on the template");
    for s in STAFF {
        cluster.create_login(s, &password(s));
        cluster.psql("postgres", &format!("GRANT accord_user TO {s}"));
    }
}

/// A new database made from the template on `cluster`.
pub fn database_on(cluster: &Cluster) -> String {
    let db = format!(
        "team_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    cluster.psql(
        "postgres",
        &format!("CREATE DATABASE {db} TEMPLATE accord_tmpl"),
    );
    cluster.psql(
        &db,
        "UPDATE accord.meta SET value = (1 + floor(random() * 9.0e18))::bigint::text WHERE key = 'instance'",
    );
    db
}

/// A fresh team database, or `None` where PostgreSQL is not installed
/// (never under CI, where the harness fails instead).
pub fn team() -> Option<Team> {
    let cluster = pg_cluster::shared()?;
    TEMPLATE.get_or_init(|| prepare(cluster));
    let db = database_on(cluster);
    Some(Team { cluster, db })
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

impl Team {
    /// The conninfo of `login`, without a password (give the binary
    /// PGPASSFILE = [`Team::passfile`]).
    pub fn conninfo(&self, login: &str) -> String {
        format!(
            "host={} port={} user={login} dbname={}",
            self.cluster.host, self.cluster.port, self.db
        )
    }

    pub fn passfile(&self) -> &std::path::Path {
        &self.cluster.passfile
    }

    /// A store connected as `login` (password in the conninfo: tests
    /// cannot set the process's environment safely).
    pub fn store(&self, login: &str) -> PgStore {
        let conninfo = format!("{} password={}", self.conninfo(login), password(login));
        PgStore::open(&conninfo, Arc::new(FixedClock(today())))
            .expect("connect to the team database")
    }

    pub fn shared(&self, login: &str) -> Arc<dyn Store> {
        Arc::new(self.store(login))
    }
}

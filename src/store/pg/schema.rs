//! The server side: the schema, its functions and roles, as one SQL text
//! that `server init` runs, `server migrate` runs again on an older
//! database, and `server sql` prints for a DBA.

use super::conninfo::Target;
use crate::store::{Result, SCHEMA_VERSION, StoreError};

/// Everything accord needs on the server, idempotent.
pub const SCHEMA_SQL: &str = include_str!("schema.sql");

/// What `server init` or `migrate` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerSetup {
    pub location: String,
    /// The schema version before (`None`: there was no accord schema).
    pub before: Option<u32>,
    pub after: u32,
}

fn connect(target: &Target) -> Result<postgres::Client> {
    target
        .connect()
        .map_err(|e| StoreError::Server(e.to_string()))
}

fn schema_version(client: &mut postgres::Client, shown: &str) -> Result<Option<u32>> {
    let exists: bool = client
        .query_one("SELECT to_regclass('accord.meta') IS NOT NULL", &[])
        .and_then(|r| r.try_get(0))
        .map_err(|e| super::conn::server_error(shown, &e))?;
    if !exists {
        return Ok(None);
    }
    let v: Option<String> = client
        .query_opt(
            "SELECT value FROM accord.meta WHERE key = 'schema_version'",
            &[],
        )
        .map_err(|e| super::conn::server_error(shown, &e))?
        .map(|r| r.try_get(0))
        .transpose()
        .map_err(|e| super::conn::server_error(shown, &e))?;
    Ok(v.and_then(|v| v.parse().ok()))
}

fn run_script(client: &mut postgres::Client, shown: &str) -> Result<()> {
    let mut tx = client
        .transaction()
        .map_err(|e| super::conn::server_error(shown, &e))?;
    tx.batch_execute(SCHEMA_SQL).map_err(|e| {
        let detail = e
            .as_db_error()
            .map(|d| d.message().to_string())
            .unwrap_or_else(|| e.to_string());
        StoreError::Server(format!(
            "the accord schema could not be created on {shown}: {detail}. If this login may not create roles or schemas, give `accord server sql` to the database's administrator to run"
        ))
    })?;
    tx.commit()
        .map_err(|e| super::conn::server_error(shown, &e))
}

/// Creates the schema `accord`, its tables, functions and the group role
/// `accord_user` (idempotent: an initialised database is left as it is).
pub fn init(target: &Target) -> Result<ServerSetup> {
    let shown = target.shown();
    let mut client = connect(target)?;
    let before = schema_version(&mut client, &shown)?;
    if let Some(v) = before
        && v > SCHEMA_VERSION
    {
        return Err(StoreError::Newer {
            path: shown,
            found: v,
            supported: SCHEMA_VERSION,
        });
    }
    run_script(&mut client, &shown)?;
    Ok(ServerSetup {
        location: shown,
        before,
        after: SCHEMA_VERSION,
    })
}

/// Upgrades a database made by an older accord to this version's schema.
pub fn migrate(target: &Target) -> Result<ServerSetup> {
    let shown = target.shown();
    let mut client = connect(target)?;
    let Some(before) = schema_version(&mut client, &shown)? else {
        return Err(StoreError::Server(format!(
            "{shown} holds no accord database to upgrade; create one with `accord server init`"
        )));
    };
    if before > SCHEMA_VERSION {
        return Err(StoreError::Newer {
            path: shown,
            found: before,
            supported: SCHEMA_VERSION,
        });
    }
    run_script(&mut client, &shown)?;
    client
        .execute(
            "UPDATE accord.meta SET value = $1 WHERE key = 'schema_version'",
            &[&SCHEMA_VERSION.to_string()],
        )
        .map_err(|e| super::conn::server_error(&shown, &e))?;
    Ok(ServerSetup {
        location: shown,
        before: Some(before),
        after: SCHEMA_VERSION,
    })
}

//! libpq's connection conventions (keyword strings, URIs, PG* variables,
//! service and password files, sslmode), for the `postgres` crate, which
//! follows none of them by itself.
//!
//! (Interim: keyword strings and URIs as the `postgres` crate reads them.)

use std::time::Duration;

/// A connection problem, as a sentence (never holding a password).
#[derive(Debug)]
pub struct ConnError(pub String);

impl std::fmt::Display for ConnError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConnError {}

/// Where to connect, resolved.
pub struct Target {
    config: postgres::Config,
    pub warnings: Vec<String>,
}

/// Resolves `conninfo` with the real environment.
pub fn resolve_from_env(conninfo: &str) -> Result<Target, ConnError> {
    let mut config: postgres::Config = conninfo
        .parse()
        .map_err(|e| ConnError(format!("the server address could not be read: {e}")))?;
    if config.get_password().is_none()
        && let Ok(p) = std::env::var("PGPASSWORD")
    {
        config.password(p);
    }
    if config.get_user().is_none() {
        config.user(crate::store::os_user().as_str());
    }
    if config.get_hosts().is_empty() {
        config.host("localhost");
    }
    Ok(Target {
        config,
        warnings: Vec::new(),
    })
}

impl Target {
    pub fn user(&self) -> &str {
        self.config.get_user().unwrap_or("")
    }
    pub fn dbname(&self) -> &str {
        self.config.get_dbname().unwrap_or(self.user())
    }
    pub fn host(&self) -> String {
        match self.config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(h)) => h.clone(),
            #[cfg(unix)]
            Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
            None => "localhost".into(),
        }
    }
    pub fn port(&self) -> u16 {
        self.config.get_ports().first().copied().unwrap_or(5432)
    }
    pub fn shown(&self) -> String {
        format!(
            "postgresql://{}@{}:{}/{}",
            self.user(),
            self.host(),
            self.port(),
            self.dbname()
        )
    }
    pub fn password_in_conninfo(&self) -> bool {
        false
    }
    pub fn connect_timeout(&self) -> Duration {
        Duration::from_secs(5)
    }
    pub fn connect(&self) -> Result<postgres::Client, ConnError> {
        let mut c = self.config.clone();
        c.connect_timeout(self.connect_timeout());
        c.connect(postgres::NoTls)
            .map_err(|e| ConnError(format!("could not connect to {}: {e}", self.shown())))
    }
}

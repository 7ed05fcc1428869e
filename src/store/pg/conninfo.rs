//! libpq's connection conventions (keyword strings, URIs, PG* variables,
//! service and password files, sslmode), for the `postgres` crate, which
//! follows none of them by itself.
//!
//! Precedence is libpq's (checked against psql): a keyword written in the
//! conninfo string wins; then the entries of the service named by `service=`
//! or `PGSERVICE`; then the PG* environment variables; then the defaults.
//! The password, when none was given, comes from the password file
//! (`passfile=`, `PGPASSFILE` or `~/.pgpass`), which is ignored with a
//! warning unless its mode is 0600 or stricter.
//!
//! One deliberate difference from libpq: when `sslmode` is not given
//! anywhere and a host is neither a unix socket nor a loopback address, the
//! mode is `verify-full` (a verified certificate chain and host name), not
//! libpq's `prefer`. Loopback and socket connections default to `prefer`.

use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::pgfiles;

/// A connection problem, as one English sentence (never with a password).
#[derive(Clone, PartialEq, Eq)]
pub struct ConnError(pub(crate) String);

impl fmt::Display for ConnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ConnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConnError({:?})", self.0)
    }
}

impl std::error::Error for ConnError {}

/// libpq's `sslmode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SslMode {
    /// Plain connection only.
    Disable,
    /// Plain first; TLS (unverified) if the server insists.
    Allow,
    /// TLS (unverified) if the server offers it, else plain.
    Prefer,
    /// TLS, without verifying the certificate.
    Require,
    /// TLS with a certificate chain signed by a trusted authority.
    VerifyCa,
    /// Like `VerifyCa`, and the certificate must name the host.
    VerifyFull,
}

impl SslMode {
    /// Parses libpq's spelling (`disable` … `verify-full`).
    pub fn parse(s: &str) -> Option<SslMode> {
        Some(match s {
            "disable" => SslMode::Disable,
            "allow" => SslMode::Allow,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => return None,
        })
    }

    /// libpq's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Allow => "allow",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }
}

/// Where the password came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PasswordSource {
    /// None found.
    None,
    /// Written in the conninfo string.
    Conninfo,
    /// From the service file.
    Service,
    /// From PGPASSWORD.
    Env,
    /// From the password file.
    Passfile,
}

/// A fully resolved connection target.
#[derive(Clone)]
pub struct Target {
    pub(crate) hosts: Vec<String>,
    pub(crate) hostaddrs: Vec<IpAddr>,
    pub(crate) ports: Vec<u16>,
    pub(crate) dbname: String,
    pub(crate) user: String,
    pub(crate) password: Option<String>,
    pub(crate) password_source: PasswordSource,
    pub(crate) sslmode: SslMode,
    pub(crate) sslmode_explicit: bool,
    pub(crate) sslrootcert: Option<String>,
    pub(crate) home: Option<PathBuf>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) application_name: Option<String>,
    pub(crate) options: Option<String>,
    /// Things worth telling the user (an ignored password file, …).
    pub warnings: Vec<String>,
}

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Target")
            .field("hosts", &self.hosts)
            .field("hostaddrs", &self.hostaddrs)
            .field("ports", &self.ports)
            .field("dbname", &self.dbname)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("password_source", &self.password_source)
            .field("sslmode", &self.sslmode)
            .field("sslrootcert", &self.sslrootcert)
            .field("connect_timeout", &self.connect_timeout)
            .field("application_name", &self.application_name)
            .field("warnings", &self.warnings)
            .finish()
    }
}

/// The keywords accord understands, with their environment variables.
const KEYWORDS: &[(&str, Option<&str>)] = &[
    ("host", Some("PGHOST")),
    ("hostaddr", Some("PGHOSTADDR")),
    ("port", Some("PGPORT")),
    ("dbname", Some("PGDATABASE")),
    ("user", Some("PGUSER")),
    ("password", Some("PGPASSWORD")),
    ("passfile", Some("PGPASSFILE")),
    ("service", Some("PGSERVICE")),
    ("sslmode", Some("PGSSLMODE")),
    ("sslrootcert", Some("PGSSLROOTCERT")),
    ("connect_timeout", Some("PGCONNECT_TIMEOUT")),
    ("application_name", Some("PGAPPNAME")),
    ("fallback_application_name", None),
    ("options", Some("PGOPTIONS")),
];

/// libpq keywords that accord does not implement (an error, not a silent no-op).
const UNSUPPORTED: &[&str] = &[
    "sslcert",
    "sslkey",
    "sslpassword",
    "sslcrl",
    "sslcrldir",
    "sslsni",
    "sslcompression",
    "requirepeer",
    "ssl_min_protocol_version",
    "ssl_max_protocol_version",
    "gssencmode",
    "krbsrvname",
    "gsslib",
    "target_session_attrs",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_count",
    "tcp_user_timeout",
    "replication",
    "client_encoding",
    "channel_binding",
    "load_balance_hosts",
    "require_auth",
];

/// Checks that `key` is a keyword accord understands.
pub(crate) fn check_keyword(key: &str, place: &str) -> Result<(), ConnError> {
    if KEYWORDS.iter().any(|(k, _)| *k == key) {
        Ok(())
    } else if UNSUPPORTED.contains(&key) {
        Err(ConnError(format!(
            "the connection option \"{key}\" ({place}) is a libpq option that accord does not support"
        )))
    } else {
        Err(ConnError(format!(
            "\"{key}\" ({place}) is not a known connection option"
        )))
    }
}

/// Parses a keyword/value string or a URI into (keyword, value) pairs.
pub(crate) fn parse(conninfo: &str) -> Result<Vec<(String, String)>, ConnError> {
    let t = conninfo.trim_start();
    if t.starts_with("postgresql://") || t.starts_with("postgres://") {
        super::uri::parse_uri(t.trim_end())
    } else {
        parse_keywords(conninfo)
    }
}

fn parse_keywords(s: &str) -> Result<Vec<(String, String)>, ConnError> {
    let mut out = Vec::new();
    let mut it = s.chars().peekable();
    loop {
        while it.next_if(|c| c.is_whitespace()).is_some() {}
        if it.peek().is_none() {
            return Ok(out);
        }
        let mut key = String::new();
        while let Some(c) = it.next_if(|c| !c.is_whitespace() && *c != '=') {
            key.push(c);
        }
        while it.next_if(|c| c.is_whitespace()).is_some() {}
        if it.next() != Some('=') {
            return Err(ConnError(format!(
                "the connection string has no \"=\" after \"{key}\""
            )));
        }
        while it.next_if(|c| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if it.next_if_eq(&'\'').is_some() {
            loop {
                match it.next() {
                    None => {
                        return Err(ConnError(format!(
                            "the quoted value of \"{key}\" in the connection string is not terminated"
                        )));
                    }
                    Some('\\') => {
                        if let Some(c) = it.next() {
                            value.push(c);
                        }
                    }
                    Some('\'') => break,
                    Some(c) => value.push(c),
                }
            }
        } else {
            while let Some(c) = it.next_if(|c| !c.is_whitespace()) {
                if c == '\\' {
                    if let Some(n) = it.next() {
                        value.push(n);
                    }
                } else {
                    value.push(c);
                }
            }
        }
        check_keyword(&key, "in the connection string")?;
        out.push((key, value));
    }
}

/// Is `host` a unix socket directory or a loopback name/address?
pub(crate) fn is_local(host: &str) -> bool {
    host.starts_with('/')
        || host.starts_with('@')
        || host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',').map(|p| p.trim().to_string()).collect()
}

/// Resolves `conninfo` with the environment `env` and the home directory
/// `home` (for `~/.pgpass`, `~/.pg_service.conf`, `~/.postgresql/root.crt`).
pub fn resolve(
    conninfo: &str,
    env: &dyn Fn(&str) -> Option<String>,
    home: Option<&Path>,
) -> Result<Target, ConnError> {
    let env = |k: &str| env(k).filter(|v| !v.is_empty());
    let mut opts: HashMap<String, String> = HashMap::new();
    for (k, v) in parse(conninfo)? {
        opts.insert(k, v);
    }
    opts.retain(|_, v| !v.is_empty());
    let mut password_source = if opts.contains_key("password") {
        PasswordSource::Conninfo
    } else {
        PasswordSource::None
    };
    let mut warnings = Vec::new();

    // The service file fills what the conninfo did not give.
    let service = opts.get("service").cloned().or_else(|| env("PGSERVICE"));
    if let Some(service) = service {
        let entries = pgfiles::service_entries(&service, &env, home)?;
        for (k, v) in entries {
            if !opts.contains_key(&k) && !v.is_empty() {
                if k == "password" {
                    password_source = PasswordSource::Service;
                }
                opts.insert(k, v);
            }
        }
    }
    // Then the environment variables.
    for (k, var) in KEYWORDS {
        if let Some(var) = var
            && !opts.contains_key(*k)
            && let Some(v) = env(var)
        {
            if *k == "password" {
                password_source = PasswordSource::Env;
            }
            opts.insert(k.to_string(), v);
        }
    }

    let user = match opts.get("user") {
        Some(u) => u.clone(),
        None => pgfiles::os_user(false).ok_or_else(|| {
            ConnError("no user name was given and the OS user name is unknown".into())
        })?,
    };
    let dbname = opts.get("dbname").cloned().unwrap_or_else(|| user.clone());

    let hostaddrs = match opts.get("hostaddr") {
        Some(list) => split_list(list)
            .iter()
            .map(|a| {
                a.parse::<IpAddr>()
                    .map_err(|_| ConnError(format!("hostaddr \"{a}\" is not a numeric IP address")))
            })
            .collect::<Result<Vec<_>, _>>()?,
        None => Vec::new(),
    };
    let hosts = match opts.get("host") {
        Some(list) => split_list(list),
        None if !hostaddrs.is_empty() => hostaddrs.iter().map(|a| a.to_string()).collect(),
        None if Path::new("/var/run/postgresql").is_dir() => vec!["/var/run/postgresql".into()],
        None => vec!["localhost".into()],
    };
    if !hostaddrs.is_empty() && hostaddrs.len() != hosts.len() {
        return Err(ConnError(format!(
            "{} host names but {} host addresses (hostaddr) were given",
            hosts.len(),
            hostaddrs.len()
        )));
    }
    let port_text = opts.get("port").cloned().unwrap_or_else(|| "5432".into());
    let mut ports = Vec::new();
    for p in split_list(&port_text) {
        let p = if p.is_empty() { "5432".to_string() } else { p };
        match p.parse::<u16>() {
            Ok(n) if n > 0 => ports.push(n),
            _ => {
                return Err(ConnError(format!(
                    "port \"{p}\" is not a valid port number"
                )));
            }
        }
    }
    if ports.len() != 1 && ports.len() != hosts.len() {
        return Err(ConnError(format!(
            "{} ports were given for {} hosts",
            ports.len(),
            hosts.len()
        )));
    }

    let sslmode_explicit = opts.contains_key("sslmode");
    let sslmode = match opts.get("sslmode") {
        Some(m) => SslMode::parse(m).ok_or_else(|| {
            ConnError(format!(
                "sslmode \"{m}\" is not one of disable, allow, prefer, require, verify-ca, verify-full"
            ))
        })?,
        None => {
            let local = if hostaddrs.is_empty() {
                hosts.iter().all(|h| is_local(h))
            } else {
                hostaddrs.iter().all(|a| a.is_loopback())
            };
            if local {
                SslMode::Prefer
            } else {
                SslMode::VerifyFull
            }
        }
    };
    let connect_timeout = match opts.get("connect_timeout") {
        None => Some(Duration::from_secs(5)),
        Some(t) => match t.trim().parse::<i64>() {
            Ok(n) if n <= 0 => None,
            Ok(n) => Some(Duration::from_secs(n.max(2) as u64)),
            Err(_) => {
                return Err(ConnError(format!(
                    "connect_timeout \"{t}\" is not a whole number of seconds"
                )));
            }
        },
    };

    let mut password = opts.get("password").cloned();
    if password.is_none() {
        let passfile = opts
            .get("passfile")
            .map(PathBuf::from)
            .or_else(|| home.map(|h| h.join(".pgpass")));
        if let Some(passfile) = passfile {
            let first_host = match (hosts.first(), hostaddrs.first()) {
                (Some(h), _) if !h.is_empty() => h.clone(),
                (_, Some(a)) => a.to_string(),
                _ => String::new(),
            };
            let port = split_list(&port_text)
                .first()
                .filter(|p| !p.is_empty())
                .cloned()
                .unwrap_or_else(|| "5432".into());
            let key = pgfiles::PassKey {
                host: &first_host,
                port: &port,
                dbname: &dbname,
                user: &user,
            };
            password = pgfiles::pgpass_lookup(&passfile, &key, &mut warnings);
            if password.is_some() {
                password_source = PasswordSource::Passfile;
            }
        }
    }
    if password.is_none() {
        password_source = PasswordSource::None;
    }
    let application_name = opts
        .get("application_name")
        .or_else(|| opts.get("fallback_application_name"))
        .cloned();

    Ok(Target {
        hosts,
        hostaddrs,
        ports,
        dbname,
        user,
        password,
        password_source,
        sslmode,
        sslmode_explicit,
        sslrootcert: opts.get("sslrootcert").cloned(),
        home: home.map(Path::to_path_buf),
        connect_timeout,
        application_name,
        options: opts.get("options").cloned(),
        warnings,
    })
}

/// [`resolve`] with the process environment and the home directory (`HOME`,
/// else the password database).
pub fn resolve_from_env(conninfo: &str) -> Result<Target, ConnError> {
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .or_else(|| pgfiles::os_user(true).map(PathBuf::from));
    resolve(conninfo, &|k| std::env::var(k).ok(), home.as_deref())
}

impl Target {
    /// A URI for messages, never with a password:
    /// `postgresql://lina@db.example.org:5432/accord`.
    pub fn shown(&self) -> String {
        let enc = super::uri::encode;
        let mut netloc = Vec::new();
        let mut sockets = Vec::new();
        for (i, h) in self.hosts.iter().enumerate() {
            let port = self.port_of(i);
            if h.starts_with('/') || h.starts_with('@') {
                sockets.push((h.clone(), port));
            } else if h.contains(':') {
                netloc.push(format!("[{h}]:{port}"));
            } else {
                netloc.push(format!("{}:{port}", enc(h)));
            }
        }
        let mut s = format!(
            "postgresql://{}@{}/{}",
            enc(&self.user),
            netloc.join(","),
            enc(&self.dbname)
        );
        if let Some((h, port)) = sockets.first() {
            s.push_str(&format!("?host={h}&port={port}"));
        }
        s
    }

    fn port_of(&self, i: usize) -> u16 {
        self.ports
            .get(i)
            .or_else(|| self.ports.first())
            .copied()
            .unwrap_or(5432)
    }

    /// The role name.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// The database name.
    pub fn dbname(&self) -> &str {
        &self.dbname
    }

    /// The (first) host: a name, an address or a unix socket directory.
    pub fn host(&self) -> &str {
        self.hosts
            .first()
            .map(String::as_str)
            .unwrap_or("localhost")
    }

    /// The (first) port.
    pub fn port(&self) -> u16 {
        self.port_of(0)
    }

    /// The sslmode in effect (given, or accord's default).
    pub fn sslmode(&self) -> SslMode {
        self.sslmode
    }

    /// Whether `sslmode` was given (conninfo, service file or PGSSLMODE)
    /// rather than chosen by accord's default.
    pub fn sslmode_given(&self) -> bool {
        self.sslmode_explicit
    }

    /// Whether a password was found (anywhere).
    pub fn has_password(&self) -> bool {
        self.password.is_some()
    }

    /// A password was written in the conninfo string itself; callers warn:
    /// "a password on the command line can be seen by other users of this
    /// machine (ps, shell history); put it in ~/.pgpass (mode 0600) or a
    /// service file instead".
    pub fn password_in_conninfo(&self) -> bool {
        self.password_source == PasswordSource::Conninfo
    }

    /// The connect timeout: the given one, 5 s by default;
    /// `Duration::ZERO` means none (`connect_timeout=0`).
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout.unwrap_or(Duration::ZERO)
    }

    /// Connects (TLS as `sslmode` says) and maps failures to sentences.
    pub fn connect(&self) -> Result<postgres::Client, ConnError> {
        super::tls::connect(self)
    }
}

#[cfg(test)]
#[path = "conninfo_tests.rs"]
mod tests;

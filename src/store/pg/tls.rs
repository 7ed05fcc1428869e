//! Connecting a resolved [`Target`]: sslmode on top of native-tls, and
//! connection failures as sentences.

use std::error::Error as _;
use std::path::PathBuf;

use native_tls::{Certificate, TlsConnector};
use postgres::Socket;
use postgres::config::SslMode as PgSslMode;
use postgres::tls::{MakeTlsConnect, TlsConnect};

use super::conninfo::{ConnError, SslMode, Target};

/// Where the trusted authorities come from.
enum Roots {
    /// The system trust store.
    System,
    /// Only the certificates of this file.
    File(PathBuf),
}

impl Target {
    fn roots(&self) -> Roots {
        match self.sslrootcert.as_deref() {
            Some("system") => Roots::System,
            Some(f) => Roots::File(PathBuf::from(f)),
            None => match &self.home {
                Some(h) if h.join(".postgresql/root.crt").is_file() => {
                    Roots::File(h.join(".postgresql/root.crt"))
                }
                _ => Roots::System,
            },
        }
    }

    fn roots_shown(&self) -> String {
        match self.roots() {
            Roots::System => "the system trust store".to_string(),
            Roots::File(f) => format!("sslrootcert {}", f.display()),
        }
    }

    fn where_(&self) -> String {
        let h = self.host();
        if h.starts_with('/') {
            format!("the socket {h}/.s.PGSQL.{}", self.port())
        } else if h.contains(':') {
            format!("[{h}]:{}", self.port())
        } else {
            format!("{h}:{}", self.port())
        }
    }
}

fn connector(target: &Target, verify: bool, verify_host: bool) -> Result<Lazy, ConnError> {
    let mut b = TlsConnector::builder();
    if verify {
        if let Roots::File(f) = target.roots() {
            let pem = std::fs::read(&f).map_err(|e| {
                ConnError(format!(
                    "the root certificate file {} (sslrootcert) cannot be read: {e}",
                    f.display()
                ))
            })?;
            let certs = Certificate::stack_from_pem(&pem).map_err(|e| {
                ConnError(format!(
                    "the root certificate file {} (sslrootcert) holds no usable PEM certificate: {e}",
                    f.display()
                ))
            })?;
            if certs.is_empty() {
                return Err(ConnError(format!(
                    "the root certificate file {} (sslrootcert) holds no PEM certificate",
                    f.display()
                )));
            }
            b.disable_built_in_roots(true);
            for c in certs {
                b.add_root_certificate(c);
            }
        }
        b.danger_accept_invalid_hostnames(!verify_host);
    } else {
        // Nothing is verified (require, prefer, allow): loading the
        // system's trust store would only cost start-up time.
        b.disable_built_in_roots(true);
        b.danger_accept_invalid_certs(true);
        b.danger_accept_invalid_hostnames(true);
    }
    Ok(Lazy(std::sync::Arc::new(b)))
}

/// A TLS connector made only when the server agrees to TLS: making one
/// loads the system's trust store (tens of milliseconds at every start),
/// which a loopback server without TLS under `sslmode=prefer` never needs.
#[derive(Clone)]
struct Lazy(std::sync::Arc<native_tls::TlsConnectorBuilder>);

/// [`Lazy`] for one host.
struct LazyConnect {
    builder: std::sync::Arc<native_tls::TlsConnectorBuilder>,
    domain: String,
}

type BoxError = Box<dyn std::error::Error + Sync + Send>;

impl MakeTlsConnect<Socket> for Lazy {
    type Stream = postgres_native_tls::TlsStream<Socket>;
    type TlsConnect = LazyConnect;
    type Error = BoxError;

    fn make_tls_connect(&mut self, domain: &str) -> Result<LazyConnect, BoxError> {
        Ok(LazyConnect {
            builder: self.0.clone(),
            domain: domain.to_string(),
        })
    }
}

impl TlsConnect<Socket> for LazyConnect {
    type Stream = postgres_native_tls::TlsStream<Socket>;
    type Error = BoxError;
    type Future =
        std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self::Stream, BoxError>> + Send>>;

    fn connect(self, stream: Socket) -> Self::Future {
        let made = self.builder.build();
        Box::pin(async move {
            let connector = made.map_err(|e| -> BoxError {
                format!("the TLS library could not be set up: {e}").into()
            })?;
            postgres_native_tls::TlsConnector::new(connector, &self.domain)
                .connect(stream)
                .await
                .map_err(BoxError::from)
        })
    }
}

fn config(target: &Target, mode: PgSslMode) -> postgres::Config {
    let mut c = postgres::Config::new();
    for h in &target.hosts {
        c.host(h);
    }
    for a in &target.hostaddrs {
        c.hostaddr(*a);
    }
    for p in &target.ports {
        c.port(*p);
    }
    c.user(&target.user).dbname(&target.dbname).ssl_mode(mode);
    if let Some(p) = &target.password {
        c.password(p.as_bytes());
    }
    if let Some(a) = &target.application_name {
        c.application_name(a);
    }
    if let Some(o) = &target.options {
        c.options(o);
    }
    if let Some(t) = target.connect_timeout {
        c.connect_timeout(t);
    }
    // A server that stops answering mid-session (a dead network, a host
    // gone) is noticed within seconds, not the system's minutes: while
    // sending (tcp_user_timeout) and while waiting for a reply (keepalives,
    // which the server's kernel answers even during a long query).
    c.tcp_user_timeout(std::time::Duration::from_secs(5));
    c.keepalives(true)
        .keepalives_idle(std::time::Duration::from_secs(3))
        .keepalives_interval(std::time::Duration::from_secs(1))
        .keepalives_retries(2);
    c
}

/// Connects as `target.sslmode` says.
pub(crate) fn connect(target: &Target) -> Result<postgres::Client, ConnError> {
    // libpq never uses TLS on unix sockets, whatever the sslmode.
    let socket = target
        .hosts
        .iter()
        .all(|h| h.starts_with('/') || h.starts_with('@'))
        && target.hostaddrs.is_empty();
    let mode = if socket {
        SslMode::Disable
    } else {
        target.sslmode
    };
    let attempt = |pg: PgSslMode, verify: bool, verify_host: bool| {
        let tls = connector(target, verify, verify_host)?;
        let config = config(target, pg);
        let Some(limit) = target.connect_timeout else {
            return config.connect(tls).map_err(|e| explain(target, &e, verify));
        };
        // The postgres crate's connect_timeout only bounds the TCP connect;
        // libpq's bounds the whole start-up (TLS, authentication), so a
        // server that accepts and then says nothing cannot hang us. The
        // abandoned thread ends when the socket does.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("pg-connect".into())
            .spawn(move || {
                let _ = tx.send(config.connect(tls));
            })
            .map_err(|e| ConnError(format!("cannot start a connection thread: {e}")))?;
        let hosts = u32::try_from(target.hosts.len().max(1)).unwrap_or(u32::MAX);
        match rx.recv_timeout(limit.saturating_mul(hosts)) {
            Ok(r) => r.map_err(|e| explain(target, &e, verify)),
            Err(_) => Err(timed_out(target)),
        }
    };
    match mode {
        SslMode::Disable => attempt(PgSslMode::Disable, false, false),
        SslMode::Allow => attempt(PgSslMode::Disable, false, false)
            .or_else(|_| attempt(PgSslMode::Require, false, false)),
        SslMode::Prefer => attempt(PgSslMode::Prefer, false, false),
        SslMode::Require => attempt(PgSslMode::Require, false, false),
        SslMode::VerifyCa => attempt(PgSslMode::Require, true, false),
        SslMode::VerifyFull => attempt(PgSslMode::Require, true, true),
    }
}

fn timed_out(t: &Target) -> ConnError {
    ConnError(format!(
        "the server {} did not answer within {} s (connect_timeout)",
        t.where_(),
        t.connect_timeout().as_secs()
    ))
}

/// The error and all its sources, as one lowercase text.
fn chain_text(e: &postgres::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(x) = src {
        s.push_str(" / ");
        s.push_str(&x.to_string());
        src = x.source();
    }
    s.to_lowercase()
}

fn io_kind(e: &postgres::Error) -> Option<std::io::ErrorKind> {
    let mut src = e.source();
    while let Some(x) = src {
        if let Some(io) = x.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        src = x.source();
    }
    None
}

/// Said when accord's own default (verify-full for a remote host) applied.
fn default_hint(t: &Target) -> &'static str {
    if t.sslmode_given() {
        ""
    } else {
        " (accord verifies the certificate of a server that is not on this machine unless sslmode is given)"
    }
}

/// Maps a connection failure to one sentence naming the problem.
fn explain(t: &Target, e: &postgres::Error, verified: bool) -> ConnError {
    let at = t.where_();
    let host = t.host();
    if let Some(db) = e.as_db_error() {
        let msg = db.message();
        return ConnError(match db.code().code() {
            "28P01" => format!(
                "the server {at} refused the password of user \"{}\"",
                t.user
            ),
            "3D000" => format!(
                "the database \"{}\" does not exist on the server {at}",
                t.dbname
            ),
            "28000" => format!(
                "the server {at} does not let user \"{}\" connect to database \"{}\" this way: {msg}",
                t.user, t.dbname
            ),
            "57P03" => format!("the server {at} is not accepting connections yet: {msg}"),
            "53300" => format!("the server {at} has too many connections: {msg}"),
            code => format!("the server {at} refused the connection ({code}): {msg}"),
        });
    }
    let text = chain_text(e);
    let trust = t.roots_shown();
    if verified && text.contains("hostname mismatch") {
        return ConnError(format!(
            "the server {host} presented a certificate that is for another host name: it does not name \"{host}\" (sslmode {}){}",
            t.sslmode.as_str(),
            default_hint(t)
        ));
    }
    if verified && text.contains("certificate has expired") {
        return ConnError(format!(
            "the server {host} presented a certificate that has expired"
        ));
    }
    if verified
        && (text.contains("certificate verify failed")
            || text.contains("unable to get local issuer")
            || text.contains("self-signed")
            || text.contains("self signed")
            || text.contains("unable to verify"))
    {
        return ConnError(format!(
            "the server {host} presented a certificate that is not signed by a trusted authority ({trust}); \
             give the right CA certificate with sslrootcert=FILE{}",
            default_hint(t)
        ));
    }
    if text.contains("server does not support tls") || text.contains("server does not support ssl")
    {
        return ConnError(format!(
            "the server {at} does not support encrypted (TLS) connections, which sslmode {} requires",
            t.sslmode.as_str()
        ));
    }
    if text.contains("password missing") {
        return ConnError(format!(
            "the server {at} asks for a password for user \"{}\" and none was found \
             (password=, PGPASSWORD, a service file or the password file ~/.pgpass){}",
            t.user,
            t.warnings
                .iter()
                .map(|w| format!("; {}", w.trim_start_matches("WARNING: ")))
                .collect::<String>()
        ));
    }
    match io_kind(e) {
        Some(std::io::ErrorKind::ConnectionRefused) => {
            return ConnError(format!(
                "nothing accepts connections at {at} (connection refused): is the server running there?"
            ));
        }
        Some(std::io::ErrorKind::TimedOut) => return timed_out(t),
        Some(std::io::ErrorKind::NotFound) if host.starts_with('/') => {
            return ConnError(format!("there is no server socket at {at}"));
        }
        _ => {}
    }
    if text.contains("timed out") || text.contains("timeout") {
        return timed_out(t);
    }
    if text.contains("lookup") || text.contains("name or service not known") {
        return ConnError(format!("the host name \"{host}\" cannot be resolved"));
    }
    let mut detail = e.to_string();
    if let Some(s) = e.source() {
        detail = format!("{detail}: {s}");
    }
    if let Some(p) = &t.password
        && !p.is_empty()
    {
        detail = detail.replace(p.as_str(), "<password>");
    }
    ConnError(format!(
        "cannot connect to {at} as user \"{}\": {detail}",
        t.user
    ))
}

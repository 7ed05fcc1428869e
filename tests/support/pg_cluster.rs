//! A throwaway PostgreSQL cluster for integration tests.
//!
//! Include it with `#[path = "support/pg_cluster.rs"] mod pg_cluster;`.
//! Each cluster lives in its own temp directory (data dir, socket dir, server
//! log, a 0600 password file) on a free loopback port. The server is the
//! `postgres` binary started as our child (as the `postgres` OS user when the
//! tests run as root) and is stopped by its PID: by `Drop`, and by a small
//! watchdog process that waits for the test process to end (also when it
//! panics or is killed) and then stops the server and removes the directory.
#![allow(dead_code)]

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::net::TcpListener;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// One running (or stopped) throwaway cluster.
pub struct Cluster {
    /// The TCP port it listens on (127.0.0.1 only).
    pub port: u16,
    /// Always "127.0.0.1".
    pub host: String,
    /// The superuser's role name.
    pub superuser: String,
    /// The superuser's password (also in `passfile`).
    pub superpass: String,
    /// A 0600 pgpass file holding the superuser's (and `create_login`'s) passwords.
    pub passfile: PathBuf,
    /// The unix socket directory.
    pub socket_dir: PathBuf,
    /// The data directory.
    pub data_dir: PathBuf,
    /// The server's log (stderr).
    pub log: PathBuf,
    dir: PathBuf,
    bindir: PathBuf,
    owner: Option<(u32, u32)>,
    settings: Vec<(String, String)>,
    child: Mutex<Option<Child>>,
    watchdog: Mutex<Option<Child>>,
    passfile_lock: Mutex<()>,
}

static SHARED: OnceLock<Option<Cluster>> = OnceLock::new();
static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The cluster of this test binary, started on first use. `None` (after
/// saying why on stderr) when PostgreSQL is not installed, unless the
/// environment variable CI is "true": then a missing PostgreSQL panics.
pub fn shared() -> Option<&'static Cluster> {
    SHARED
        .get_or_init(|| available().then(Cluster::start))
        .as_ref()
}

/// Whether PostgreSQL is installed, without starting anything: false (after
/// saying why on stderr) when it is not, unless CI is "true": then it panics.
/// For tests that only use private clusters: `if !pg_cluster::available() { return; }`.
pub fn available() -> bool {
    if find_bindir().is_some() {
        return true;
    }
    let why = "PostgreSQL server binaries (initdb, postgres) not found in \
               $ACCORD_PG_BINDIR, /usr/lib/postgresql/*/bin or PATH";
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{why}; CI=true so the PostgreSQL tests must not be skipped");
    }
    eprintln!("skipping PostgreSQL tests: {why}");
    false
}

/// The directory holding initdb and postgres.
pub fn find_bindir() -> Option<PathBuf> {
    if let Ok(d) = std::env::var("ACCORD_PG_BINDIR") {
        let d = PathBuf::from(d);
        if d.join("initdb").exists() {
            return Some(d);
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Some(bin);
    }
    std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p).find(|d| d.join("initdb").exists() && d.join("postgres").exists())
    })
}

fn owner_ids() -> Option<(u32, u32)> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return None;
    }
    let id = |flag: &str| -> u32 {
        let out = Command::new("id")
            .args([flag, "postgres"])
            .output()
            .expect("run id");
        assert!(
            out.status.success(),
            "running as root needs a `postgres` OS user to run initdb/postgres"
        );
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .expect("numeric id")
    };
    Some((id("-u"), id("-g")))
}

fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    l.local_addr().expect("local addr").port()
}

fn random_hex() -> String {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    let mut h = RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    format!("{:016x}", h.finish())
}

/// Prints `msg` on stderr when ACCORD_PG_VERBOSE is set.
fn verbose(msg: &str) {
    if std::env::var_os("ACCORD_PG_VERBOSE").is_some() {
        eprintln!("pg_cluster: {msg}");
    }
}

/// Escapes a pgpass field (`:` and `\`).
pub fn pgpass_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace(':', "\\:")
}

fn quote_ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn quote_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

impl Cluster {
    /// A private cluster (for kill tests), stopped on drop.
    pub fn start() -> Cluster {
        Cluster::start_with(&[])
    }

    /// A private cluster with extra server settings (`-c key=value`). A
    /// setting whose name ends in `_file` and whose value is an existing file
    /// (ssl_cert_file, ssl_key_file, ssl_ca_file) is copied into the
    /// cluster's directory, owned by the server's user with mode 0600.
    pub fn start_with(settings: &[(&str, &str)]) -> Cluster {
        let t0 = Instant::now();
        let bindir = find_bindir().expect(
            "PostgreSQL server binaries not found (install postgresql or set ACCORD_PG_BINDIR)",
        );
        let owner = owner_ids();
        let dir = tempfile::Builder::new()
            .prefix("accord-pg-")
            .tempdir()
            .expect("temp dir")
            .keep();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).expect("chmod temp dir");
        let data_dir = dir.join("data");
        let socket_dir = dir.join("sock");
        let log = dir.join("server.log");
        let pwfile = dir.join("pwfile");
        let passfile = dir.join("pgpass");
        // From here on, the watchdog removes `dir` when this process ends.
        let watchdog = Cluster::spawn_watchdog(&data_dir, &dir);
        let superuser = "accord_admin".to_string();
        let superpass = format!("pw{}", random_hex());
        for d in [&data_dir, &socket_dir] {
            fs::create_dir(d).expect("mkdir");
            fs::set_permissions(d, fs::Permissions::from_mode(0o700)).expect("chmod");
        }
        fs::write(&pwfile, format!("{superpass}\n")).expect("write pwfile");
        fs::set_permissions(&pwfile, fs::Permissions::from_mode(0o600)).expect("chmod pwfile");
        let chown = |p: &Path| {
            if let Some((u, g)) = owner {
                std::os::unix::fs::chown(p, Some(u), Some(g)).expect("chown to postgres");
            }
        };
        chown(&data_dir);
        chown(&socket_dir);
        chown(&pwfile);
        let mut server_settings = Vec::new();
        for (k, v) in settings {
            let src = Path::new(v);
            if k.ends_with("_file") && src.is_file() {
                let dst = dir.join(format!("server-{k}"));
                fs::copy(src, &dst).expect("copy server file");
                fs::set_permissions(&dst, fs::Permissions::from_mode(0o600)).expect("chmod");
                chown(&dst);
                server_settings.push((k.to_string(), dst.display().to_string()));
            } else {
                server_settings.push((k.to_string(), v.to_string()));
            }
        }
        let mut pass = OpenOptions::new()
            .create_new(true)
            .write(true)
            .mode(0o600)
            .open(&passfile)
            .expect("create pgpass");
        writeln!(
            pass,
            "*:*:*:{}:{}",
            pgpass_escape(&superuser),
            pgpass_escape(&superpass)
        )
        .expect("write pgpass");

        let mut initdb = Command::new(bindir.join("initdb"));
        initdb
            .arg("-D")
            .arg(&data_dir)
            .args([
                "--no-sync",
                "-A",
                "scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C",
            ])
            .arg("-U")
            .arg(&superuser)
            .arg(format!("--pwfile={}", pwfile.display()))
            .current_dir(&dir);
        if let Some((u, g)) = owner {
            initdb.uid(u).gid(g);
        }
        let out = initdb.output().expect("run initdb");
        let _ = fs::remove_file(&pwfile);
        if !out.status.success() {
            let _ = fs::remove_dir_all(&dir);
            panic!(
                "initdb failed:\n{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }

        let mut cluster = Cluster {
            port: 0,
            host: "127.0.0.1".into(),
            superuser,
            superpass,
            passfile,
            socket_dir,
            data_dir,
            log,
            dir,
            bindir,
            owner,
            settings: server_settings,
            child: Mutex::new(None),
            watchdog: Mutex::new(Some(watchdog)),
            passfile_lock: Mutex::new(()),
        };
        let mut last = String::new();
        for _ in 0..5 {
            cluster.port = free_port();
            match cluster.try_start() {
                Ok(()) => {
                    verbose(&format!(
                        "port {} ready in {:?}",
                        cluster.port,
                        t0.elapsed()
                    ));
                    return cluster;
                }
                Err(log) if log.contains("could not bind") || log.contains("in use") => last = log,
                Err(log) => panic!("PostgreSQL did not start; server log:\n{log}"),
            }
        }
        panic!("PostgreSQL did not start (no free port); server log:\n{last}");
    }

    fn spawn_watchdog(data_dir: &Path, dir: &Path) -> Child {
        let script = include_str!("pg_watchdog.sh");
        Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg("pg_cluster_watchdog")
            .arg(std::process::id().to_string())
            .arg(data_dir)
            .arg(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("spawn watchdog")
    }

    /// Starts the server; Err(server log) when it exits or is not ready in 60 s.
    fn try_start(&self) -> Result<(), String> {
        let log = File::options()
            .create(true)
            .append(true)
            .open(&self.log)
            .expect("open server log");
        let mut cmd = Command::new(self.bindir.join("postgres"));
        cmd.arg("-D")
            .arg(&self.data_dir)
            .arg("-p")
            .arg(self.port.to_string())
            .arg("-k")
            .arg(&self.socket_dir)
            .args(["-c", "listen_addresses=127.0.0.1", "-c", "fsync=on"])
            .current_dir(&self.dir)
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("dup log"))
            .stderr(log);
        for (k, v) in &self.settings {
            cmd.arg("-c").arg(format!("{k}={v}"));
        }
        if let Some((u, g)) = self.owner {
            cmd.uid(u).gid(g);
        }
        let log_start = fs::metadata(&self.log).map(|m| m.len()).unwrap_or(0) as usize;
        let read_log = || {
            let all = fs::read_to_string(&self.log).unwrap_or_default();
            all.get(log_start..).unwrap_or(&all).to_string()
        };
        let mut child = cmd.spawn().expect("spawn postgres");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return Err(format!("(postgres exited: {status})\n{}", read_log()));
            }
            let ready = Command::new(self.bindir.join("pg_isready"))
                .args([
                    "-q",
                    "-t",
                    "1",
                    "-h",
                    &self.host,
                    "-p",
                    &self.port.to_string(),
                ])
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            if ready {
                *self.child.lock().unwrap_or_else(|e| e.into_inner()) = Some(child);
                return Ok(());
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("(not ready after 60 s)\n{}", read_log()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The postmaster's PID, when running.
    pub fn pid(&self) -> Option<u32> {
        self.child
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(|c| c.id())
    }

    /// A keyword conninfo for the superuser without the password (clients
    /// find it through PGPASSFILE = `self.passfile`).
    pub fn conninfo(&self, db: &str) -> String {
        format!(
            "host={} port={} user={} dbname={}",
            self.host, self.port, self.superuser, db
        )
    }

    /// Creates a database with a unique name and returns the name.
    pub fn fresh_database(&self) -> String {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let name = format!("t_{}_{}", std::process::id(), n);
        self.psql(
            "postgres",
            &format!("CREATE DATABASE {} TEMPLATE template0", quote_ident(&name)),
        );
        name
    }

    /// Runs `sql` through psql as the superuser; panics with stderr on
    /// failure; returns stdout (unaligned, tuples only).
    pub fn psql(&self, db: &str, sql: &str) -> String {
        let mut cmd = Command::new("psql");
        cmd.args(["-XAtq", "-v", "ON_ERROR_STOP=1", "-h", &self.host])
            .args([
                "-p",
                &self.port.to_string(),
                "-U",
                &self.superuser,
                "-d",
                db,
            ])
            .args(["-f", "-"])
            .env("PGPASSFILE", &self.passfile)
            .env("PGCONNECT_TIMEOUT", "10");
        for v in [
            "PGPASSWORD",
            "PGSERVICE",
            "PGSERVICEFILE",
            "PGSSLMODE",
            "PGHOSTADDR",
            "PGOPTIONS",
        ] {
            cmd.env_remove(v);
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn psql");
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(sql.as_bytes()).expect("write sql to psql");
        }
        let out = child.wait_with_output().expect("wait psql");
        if !out.status.success() {
            panic!(
                "psql failed on {db} ({}):\n{sql}\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Creates (or updates) a login role with this password and adds its
    /// line to the passfile.
    pub fn create_login(&self, name: &str, password: &str) {
        let lit = quote_literal(name);
        let ident = quote_ident(name);
        self.psql(
            "postgres",
            &format!(
                "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {lit}) THEN \
                 CREATE ROLE {ident} LOGIN; END IF; END$$;\n\
                 ALTER ROLE {ident} LOGIN PASSWORD {};\n",
                quote_literal(password)
            ),
        );
        let _guard = self.passfile_lock.lock().unwrap_or_else(|e| e.into_inner());
        let mut f = OpenOptions::new()
            .append(true)
            .open(&self.passfile)
            .expect("open pgpass");
        writeln!(
            f,
            "*:*:*:{}:{}",
            pgpass_escape(name),
            pgpass_escape(password)
        )
        .expect("append pgpass");
    }

    fn children_of(pid: u32) -> Vec<u32> {
        let mut out = Vec::new();
        for e in fs::read_dir("/proc").into_iter().flatten().flatten() {
            let Some(p) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
                continue;
            };
            if let Ok(stat) = fs::read_to_string(format!("/proc/{p}/stat")) {
                // pid (comm) state ppid ...
                let after = stat.rsplit_once(')').map(|x| x.1).unwrap_or("");
                let ppid = after.split_whitespace().nth(1).and_then(|s| s.parse().ok());
                if ppid == Some(pid) {
                    out.push(p);
                }
            }
        }
        out
    }

    fn alive(pid: u32) -> bool {
        match fs::read_to_string(format!("/proc/{pid}/stat")) {
            Ok(stat) => {
                let state = stat
                    .rsplit_once(')')
                    .map(|x| x.1.trim_start())
                    .unwrap_or("");
                !state.starts_with('Z') && !state.starts_with('X')
            }
            Err(_) => false,
        }
    }

    /// kill -9 the postmaster, then waits until every process of it is gone.
    pub fn kill9(&self) {
        let t0 = Instant::now();
        let Some(mut child) = self.child.lock().unwrap_or_else(|e| e.into_inner()).take() else {
            return;
        };
        let pid = child.id();
        let backends = Self::children_of(pid);
        let _ = child.kill();
        let _ = child.wait();
        let deadline = Instant::now() + Duration::from_secs(20);
        while backends.iter().any(|&p| Self::alive(p)) {
            if Instant::now() > deadline {
                for &p in &backends {
                    // SAFETY: plain kill(2) on a PID we saw as our server's child.
                    unsafe { libc::kill(p as i32, libc::SIGKILL) };
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        verbose(&format!(
            "kill -9 of port {}: all gone in {:?}",
            self.port,
            t0.elapsed()
        ));
    }

    /// Starts the server again on the same port and data dir.
    pub fn restart(&self) {
        if self.pid().is_some() {
            return;
        }
        let t0 = Instant::now();
        if let Err(log) = self.try_start() {
            panic!("PostgreSQL did not restart; server log:\n{log}");
        }
        verbose(&format!(
            "port {} restarted in {:?}",
            self.port,
            t0.elapsed()
        ));
    }

    /// Fast shutdown (SIGINT), waiting for the postmaster to exit.
    pub fn stop(&self) {
        let t0 = Instant::now();
        let Some(mut child) = self.child.lock().unwrap_or_else(|e| e.into_inner()).take() else {
            return;
        };
        // SAFETY: plain kill(2) on our child's PID.
        unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(_)) = child.try_wait() {
                break;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        verbose(&format!("port {} stopped in {:?}", self.port, t0.elapsed()));
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
        let _ = fs::remove_dir_all(&self.dir);
        if let Some(mut w) = self
            .watchdog
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        {
            let _ = w.kill();
            let _ = w.wait();
        }
    }
}

//! libpq's files: the password file (`~/.pgpass`, `PGPASSFILE`) and the
//! connection service file (`~/.pg_service.conf`, `PGSERVICEFILE`,
//! `PGSYSCONFDIR/pg_service.conf`).

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use super::conninfo::{ConnError, check_keyword};

/// Where `PGSYSCONFDIR` points when unset (Debian's libpq).
const DEFAULT_SYSCONFDIR: &str = "/etc/postgresql-common";

/// What a password file line is matched against.
pub(crate) struct PassKey<'a> {
    /// Host name, address or socket directory.
    pub host: &'a str,
    /// Port as text.
    pub port: &'a str,
    /// Database name.
    pub dbname: &'a str,
    /// Role name.
    pub user: &'a str,
}

/// Matches one `:`-terminated pgpass field against `want`; returns the rest
/// of the line after the field's `:` when it matches.
fn match_field<'l>(line: &'l str, want: &str) -> Option<&'l str> {
    if let Some(rest) = line.strip_prefix("*:") {
        return Some(rest);
    }
    let mut want = want.chars();
    let mut chars = line.char_indices();
    while let Some((i, c)) = chars.next() {
        let c = match c {
            ':' => {
                return if want.next().is_none() {
                    line.get(i + 1..)
                } else {
                    None
                };
            }
            '\\' => match chars.next() {
                Some((_, n)) => n,
                None => '\\',
            },
            c => c,
        };
        if want.next() != Some(c) {
            return None;
        }
    }
    None
}

/// The password field: up to the first unescaped `:`, unescaped.
fn password_field(rest: &str) -> String {
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            ':' => break,
            '\\' => match chars.next() {
                Some(n) => out.push(n),
                None => out.push('\\'),
            },
            c => out.push(c),
        }
    }
    out
}

/// Finds the password for `key` in the password file `path`, as libpq does:
/// the first matching line wins; a missing file is silently skipped; a file
/// that is not a plain file or is readable by group or others is ignored
/// with a warning in `warnings`.
pub(crate) fn pgpass_lookup(
    path: &Path,
    key: &PassKey<'_>,
    warnings: &mut Vec<String>,
) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        warnings.push(format!(
            "WARNING: password file \"{}\" is not a plain file",
            path.display()
        ));
        return None;
    }
    if meta.permissions().mode() & 0o077 != 0 {
        warnings.push(format!(
            "WARNING: password file \"{}\" has group or world access; permissions should be u=rw (0600) or less",
            path.display()
        ));
        return None;
    }
    let text = std::fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&text);
    // A unix socket (or no host) is matched as "localhost", like libpq.
    let host = if key.host.is_empty() || key.host.starts_with('/') || key.host.starts_with('@') {
        "localhost"
    } else {
        key.host
    };
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let rest = match_field(line, host)
            .and_then(|r| match_field(r, key.port))
            .and_then(|r| match_field(r, key.dbname))
            .and_then(|r| match_field(r, key.user));
        if let Some(rest) = rest {
            let pw = password_field(rest);
            return (!pw.is_empty()).then_some(pw);
        }
    }
    None
}

/// Looks `service` up in one service file; `Ok(None)` when the file or the
/// section does not exist.
fn service_in_file(path: &Path, service: &str) -> Result<Option<Vec<(String, String)>>, ConnError> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(None);
    };
    let mut in_section = false;
    let mut found = false;
    let mut out = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[') {
            if found {
                break;
            }
            in_section = name.strip_suffix(']').map(str::trim) == Some(service);
            found = in_section;
            continue;
        }
        if !in_section {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            return Err(ConnError(format!(
                "line {} of the service file {} is not \"keyword=value\"",
                n + 1,
                path.display()
            )));
        };
        let (k, v) = (k.trim(), v.trim());
        if k == "service" {
            return Err(ConnError(format!(
                "line {} of the service file {} names another service, which is not allowed",
                n + 1,
                path.display()
            )));
        }
        check_keyword(
            k,
            &format!("line {} of the service file {}", n + 1, path.display()),
        )?;
        out.push((k.to_string(), v.to_string()));
    }
    Ok(found.then_some(out))
}

/// The entries of `service`: from `PGSERVICEFILE` (or `~/.pg_service.conf`),
/// else from `PGSYSCONFDIR/pg_service.conf`. A service that is in none of
/// them is an error naming the files searched.
pub(crate) fn service_entries(
    service: &str,
    env: &dyn Fn(&str) -> Option<String>,
    home: Option<&Path>,
) -> Result<Vec<(String, String)>, ConnError> {
    let mut files: Vec<PathBuf> = Vec::new();
    match env("PGSERVICEFILE") {
        Some(f) => files.push(PathBuf::from(f)),
        None => {
            if let Some(h) = home {
                files.push(h.join(".pg_service.conf"));
            }
        }
    }
    let sysconf = env("PGSYSCONFDIR").unwrap_or_else(|| DEFAULT_SYSCONFDIR.to_string());
    files.push(Path::new(&sysconf).join("pg_service.conf"));
    for f in &files {
        if let Some(entries) = service_in_file(f, service)? {
            return Ok(entries);
        }
    }
    let searched: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    Err(ConnError(format!(
        "the connection service \"{service}\" is not defined in {}",
        searched.join(" or ")
    )))
}

/// The OS user's name (or, with `home`, home directory) from the password
/// database, as libpq finds them.
pub(crate) fn os_user(home: bool) -> Option<String> {
    // SAFETY: getpwuid_r writes into our buffer and `pwd`; the fields are
    // read only when the call succeeded and set `result`, while `buf` lives.
    unsafe {
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut buf = vec![0 as libc::c_char; 16384];
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwuid_r(
            libc::geteuid(),
            &mut pwd,
            buf.as_mut_ptr(),
            buf.len(),
            &mut result,
        );
        let field = if home { pwd.pw_dir } else { pwd.pw_name };
        if rc != 0 || result.is_null() || field.is_null() {
            return None;
        }
        std::ffi::CStr::from_ptr(field)
            .to_str()
            .ok()
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    }
}

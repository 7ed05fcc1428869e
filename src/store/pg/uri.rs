//! libpq connection URIs:
//! `postgresql://[user[:password]@][host][:port][,...][/dbname][?key=value&...]`.

use super::conninfo::{ConnError, check_keyword};

/// Percent-decodes one URI component.
pub(crate) fn decode(s: &str, what: &str) -> Result<String, ConnError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            match hex {
                Some(0) | None => {
                    return Err(ConnError(format!(
                        "the connection URI has an invalid percent-encoded value in its {what}"
                    )));
                }
                Some(v) => out.push(v),
            }
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| {
        ConnError(format!(
            "the connection URI's {what} is not valid UTF-8 once percent-decoded"
        ))
    })
}

/// Percent-encodes what a URI component may not hold literally.
pub(crate) fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Parses a `postgres://` or `postgresql://` URI into keyword/value pairs.
pub(crate) fn parse_uri(uri: &str) -> Result<Vec<(String, String)>, ConnError> {
    let rest = uri
        .strip_prefix("postgresql://")
        .or_else(|| uri.strip_prefix("postgres://"))
        .ok_or_else(|| ConnError("the connection URI does not start with postgresql://".into()))?;
    let mut out = Vec::new();
    let (before_query, query) = match rest.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (rest, None),
    };
    let (authority, path) = match before_query.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (before_query, None),
    };
    let hostlist = match authority.rsplit_once('@') {
        Some((userinfo, hosts)) => {
            let (user, password) = match userinfo.split_once(':') {
                Some((u, p)) => (u, Some(p)),
                None => (userinfo, None),
            };
            if !user.is_empty() {
                out.push(("user".to_string(), decode(user, "user name")?));
            }
            if let Some(p) = password {
                out.push(("password".to_string(), decode(p, "password")?));
            }
            hosts
        }
        None => authority,
    };
    if !hostlist.is_empty() {
        let mut hosts = Vec::new();
        let mut ports = Vec::new();
        for item in hostlist.split(',') {
            let (host, port) = if let Some(v6) = item.strip_prefix('[') {
                let (h, after) = v6.split_once(']').ok_or_else(|| {
                    ConnError(format!(
                        "the IPv6 host address \"{item}\" in the connection URI has no closing \"]\""
                    ))
                })?;
                let port = match after {
                    "" => "",
                    p => p.strip_prefix(':').ok_or_else(|| {
                        ConnError(format!(
                            "unexpected \"{p}\" after the IPv6 host address in the connection URI"
                        ))
                    })?,
                };
                (h.to_string(), port)
            } else {
                match item.split_once(':') {
                    Some((h, p)) => (decode(h, "host name")?, p),
                    None => (decode(item, "host name")?, ""),
                }
            };
            hosts.push(host);
            ports.push(decode(port, "port")?);
        }
        if hosts.iter().any(|h| !h.is_empty()) {
            out.push(("host".to_string(), hosts.join(",")));
        }
        if ports.iter().any(|p| !p.is_empty()) {
            out.push(("port".to_string(), ports.join(",")));
        }
    }
    if let Some(path) = path
        && !path.is_empty()
    {
        out.push(("dbname".to_string(), decode(path, "database name")?));
    }
    if let Some(query) = query {
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').ok_or_else(|| {
                ConnError(format!(
                    "the connection URI parameter \"{pair}\" has no \"=\""
                ))
            })?;
            let k = decode(k, "parameters")?;
            let v = decode(v, "parameters")?;
            // JDBC's ssl=true, as libpq accepts it.
            let (k, v) = if k == "ssl" && v == "true" {
                ("sslmode".to_string(), "require".to_string())
            } else {
                (k, v)
            };
            check_keyword(&k, "in the connection URI")?;
            out.retain(|(key, _)| *key != k);
            out.push((k, v));
        }
    }
    Ok(out)
}

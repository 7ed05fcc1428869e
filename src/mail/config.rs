//! The `[mail]` section of `config.toml`:
//!
//! ```toml
//! [mail]
//! smtp = "smtp.hospital.example:587"      # host:port
//! security = "starttls"                   # starttls | tls | none (none only for localhost)
//! user = "intl-office"                    # optional
//! password_file = "~/.config/accord/smtp-password"   # or ACCORD_SMTP_PASSWORD
//! from = "International Office <intl@hospital.example>"
//! ```
//!
//! or `sendmail = "/usr/sbin/sendmail"` instead of `smtp`. The password is
//! never a setting or an argument: it comes from the environment or a file.

use lettre::message::Mailbox;
use serde::Deserialize;

use super::t;

#[derive(Debug, Default, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MailConfig {
    pub smtp: Option<String>,
    pub security: Option<String>,
    pub user: Option<String>,
    pub password_file: Option<String>,
    pub from: Option<String>,
    pub sendmail: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    StartTls,
    Tls,
    None,
}

/// Where SMTP mail goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpServer {
    pub host: String,
    pub port: u16,
    pub security: Security,
}

impl SmtpServer {
    pub fn shown(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// Whether `host` is this machine: the only place mail may go unencrypted.
fn is_loopback(host: &str) -> bool {
    let h = host.trim().to_lowercase();
    h == "localhost"
        || h.ends_with(".localhost")
        || h.parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

impl MailConfig {
    /// The sendmail program, when configured instead of SMTP.
    pub fn sendmail_path(&self) -> Option<String> {
        self.sendmail
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| expand_tilde(s).display().to_string())
    }

    /// The SMTP server, port and security, checked.
    pub fn smtp_server(&self) -> Result<SmtpServer, String> {
        let Some(smtp) = self
            .smtp
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        else {
            return Err(t("mail.err_no_server", &[]));
        };
        let security = match self
            .security
            .as_deref()
            .map(|s| s.trim().to_lowercase())
            .as_deref()
        {
            None | Some("starttls") => Security::StartTls,
            Some("tls") => Security::Tls,
            Some("none") => Security::None,
            Some(other) => return Err(t("mail.err_security", &[("value", other)])),
        };
        let default_port = match security {
            Security::StartTls => 587,
            Security::Tls => 465,
            Security::None => 25,
        };
        let (host, port) =
            split_host_port(smtp).ok_or_else(|| t("mail.err_smtp", &[("value", smtp)]))?;
        let port = match port {
            Some(p) => p
                .parse::<u16>()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| t("mail.err_smtp", &[("value", smtp)]))?,
            None => default_port,
        };
        if security == Security::None && !is_loopback(&host) {
            return Err(t("mail.err_none_remote", &[("host", &host)]));
        }
        Ok(SmtpServer {
            host,
            port,
            security,
        })
    }

    /// The sender, checked.
    pub fn from_mailbox(&self) -> Result<Mailbox, String> {
        let Some(from) = self
            .from
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        else {
            return Err(t("mail.err_no_from", &[]));
        };
        from.parse()
            .map_err(|_| t("mail.err_from", &[("value", from)]))
    }

    /// The SMTP password: `ACCORD_SMTP_PASSWORD`, else the first line of
    /// `password_file`; `None` when neither is set.
    pub fn password(&self) -> Result<Option<String>, String> {
        if let Ok(p) = std::env::var("ACCORD_SMTP_PASSWORD")
            && !p.is_empty()
        {
            return Ok(Some(p));
        }
        let Some(file) = self
            .password_file
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        else {
            return Ok(None);
        };
        let path = expand_tilde(file);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            t(
                "mail.err_password_file",
                &[
                    ("path", &path.display().to_string()),
                    ("detail", &e.to_string()),
                ],
            )
        })?;
        Ok(Some(
            text.lines()
                .next()
                .unwrap_or_default()
                .trim_end()
                .to_string(),
        ))
    }
}

/// `~/x` under the home directory; anything else as written.
fn expand_tilde(s: &str) -> std::path::PathBuf {
    if let Some(rest) = s.strip_prefix("~/")
        && let Some(home) = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf())
    {
        return home.join(rest);
    }
    std::path::PathBuf::from(s)
}

/// `host:port`, `host`, `[::1]:2525`.
fn split_host_port(s: &str) -> Option<(String, Option<String>)> {
    if let Some(rest) = s.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p.to_string()),
            None if after.is_empty() => None,
            None => return None,
        };
        return Some((host.to_string(), port));
    }
    match s.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') && !h.is_empty() => {
            Some((h.to_string(), Some(p.to_string())))
        }
        Some(_) => None,
        None => Some((s.to_string(), None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(smtp: &str, security: Option<&str>) -> MailConfig {
        MailConfig {
            smtp: Some(smtp.into()),
            security: security.map(Into::into),
            ..MailConfig::default()
        }
    }

    #[test]
    fn servers_ports_and_security_are_read_and_checked() {
        let s = cfg("smtp.hospital.example:587", None)
            .smtp_server()
            .unwrap();
        assert_eq!(
            (s.host.as_str(), s.port, s.security),
            ("smtp.hospital.example", 587, Security::StartTls)
        );
        let s = cfg("smtp.hospital.example", Some("tls"))
            .smtp_server()
            .unwrap();
        assert_eq!(s.port, 465);
        let s = cfg("[::1]:2525", Some("none")).smtp_server().unwrap();
        assert_eq!((s.host.as_str(), s.port), ("::1", 2525));
        assert!(cfg("127.0.0.1:2525", Some("none")).smtp_server().is_ok());
        assert!(cfg("localhost", Some("NONE")).smtp_server().is_ok());
        let e = cfg("smtp.hospital.example:25", Some("none"))
            .smtp_server()
            .unwrap_err();
        assert!(e.contains("smtp.hospital.example"), "{e}");
        assert!(cfg("smtp.hospital.example:x", None).smtp_server().is_err());
        assert!(cfg("smtp.hospital.example:0", None).smtp_server().is_err());
        assert!(
            cfg("h:25", Some("ssl"))
                .smtp_server()
                .unwrap_err()
                .contains("ssl")
        );
        assert!(MailConfig::default().smtp_server().is_err());
    }

    #[test]
    fn the_mail_section_of_the_configuration_file_is_read_and_checked() {
        let (c, problems) = crate::config::parse(
            "me = \"Li Na\"\n[mail]\nsmtp = \"smtp.hospital.example:587\"\nsecurity = \"starttls\"\nuser = \"intl-office\"\npassword_file = \"~/.config/accord/smtp-password\"\nfrom = \"International Office <intl@hospital.example>\"\n",
            "config.toml",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let mail = c.mail.unwrap();
        assert_eq!(mail.user.as_deref(), Some("intl-office"));
        assert_eq!(mail.smtp_server().unwrap().port, 587);
        // A password is never a setting: refused, on its line.
        let (c, problems) =
            crate::config::parse("lang = \"en\"\n[mail]\npassword = \"x\"\n", "config.toml");
        assert!(c.mail.is_none());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(3));
        let (c, problems) =
            crate::config::parse("[mail]\nsendmail = \"/usr/sbin/sendmail\"\n", "config.toml");
        assert!(problems.is_empty());
        assert_eq!(
            c.mail.unwrap().sendmail.as_deref(),
            Some("/usr/sbin/sendmail")
        );
    }

    #[test]
    fn the_sender_must_be_an_address() {
        let mut c = MailConfig {
            from: Some("International Office <intl@hospital.example>".into()),
            ..MailConfig::default()
        };
        let m = c.from_mailbox().unwrap();
        assert_eq!(m.name.as_deref(), Some("International Office"));
        c.from = Some("International Office".into());
        assert!(
            c.from_mailbox()
                .unwrap_err()
                .contains("International Office")
        );
    }

    #[test]
    fn the_password_comes_from_its_file_without_the_newline() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("pw");
        std::fs::write(&f, "s3cret pass\n").unwrap();
        let c = MailConfig {
            password_file: Some(f.display().to_string()),
            ..MailConfig::default()
        };
        if std::env::var_os("ACCORD_SMTP_PASSWORD").is_none() {
            assert_eq!(c.password().unwrap().as_deref(), Some("s3cret pass"));
        }
        let missing = MailConfig {
            password_file: Some(dir.path().join("nope").display().to_string()),
            ..MailConfig::default()
        };
        if std::env::var_os("ACCORD_SMTP_PASSWORD").is_none() {
            let e = missing.password().unwrap_err();
            assert!(e.contains("nope"), "{e}");
        }
    }
}

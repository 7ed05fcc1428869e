//! Sending digests by mail: the `[mail]` settings, the message (plain text
//! and HTML alternatives, a calendar part), SMTP through `lettre` on one
//! connection for a whole run, or a local `sendmail`. Every failure is a
//! sentence; the password never appears in one.

mod config;
pub mod sent;

use std::time::Duration;

use chrono::{DateTime, Utc};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::{PoolConfig, SmtpTransport};
use lettre::{Message, SendmailTransport, Transport};

pub use config::{MailConfig, Security};

/// How long the SMTP server may take to answer one command.
const SMTP_TIMEOUT: Duration = Duration::from_secs(10);

fn t(key: &str, args: &[(&str, &str)]) -> String {
    let mut s = rust_i18n::t!(key).into_owned();
    for (name, value) in args {
        s = s.replace(&format!("%{{{name}}}"), value);
    }
    s
}

/// One digest to send.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub to_name: String,
    pub to_email: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The calendar of the dated items, when there are any.
    pub ics: Option<String>,
}

/// Builds the message: `multipart/mixed` of a `multipart/alternative`
/// (plain text, HTML) and the calendar as `digest.ics`; UTF-8 throughout
/// (lettre encodes non-ASCII headers per RFC 2047); Date and Message-ID
/// set; the recipient's name in To.
pub fn compose(from: &Mailbox, o: &Outgoing, now: DateTime<Utc>) -> Result<Message, String> {
    let address = o.to_email.trim().parse().map_err(|_| {
        t(
            "mail.err_address",
            &[("name", &o.to_name), ("email", &o.to_email)],
        )
    })?;
    let to = Mailbox::new(
        Some(o.to_name.trim().to_string()).filter(|n| !n.is_empty()),
        address,
    );
    let domain = from.email.domain().to_string();
    let message_id = format!(
        "<digest.{}.{:016x}@{domain}>",
        now.format("%Y%m%d%H%M%S"),
        crate::store::random_u64()
    );
    let alternative = MultiPart::alternative()
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .body(o.text.clone()),
        )
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_HTML)
                .body(o.html.clone()),
        );
    let builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(o.subject.clone())
        .date(std::time::SystemTime::from(now))
        .message_id(Some(message_id));
    let built =
        match &o.ics {
            Some(ics) => {
                let calendar = ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
                    .map_err(|e| e.to_string())?;
                builder.multipart(MultiPart::mixed().multipart(alternative).singlepart(
                    Attachment::new("digest.ics".to_string()).body(ics.clone(), calendar),
                ))
            }
            None => builder.multipart(alternative),
        };
    built.map_err(|e| {
        t(
            "mail.err_compose",
            &[("name", &o.to_name), ("detail", &e.to_string())],
        )
    })
}

/// Why one message was not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The server could not be reached, or broke off: no message will go
    /// through it in this run.
    Unreachable(String),
    /// The server refused the login: none will either.
    Login(String),
    /// The server refused this message or recipient; others may pass.
    Refused(String),
}

impl Failure {
    pub fn message(&self) -> &str {
        match self {
            Failure::Unreachable(m) | Failure::Login(m) | Failure::Refused(m) => m,
        }
    }

    /// Whether sending the others is pointless after this.
    pub fn stops_the_run(&self) -> bool {
        !matches!(self, Failure::Refused(_))
    }
}

/// A way to send mail, made once per run.
pub enum Mailer {
    Smtp {
        transport: SmtpTransport,
        server: String,
    },
    Sendmail {
        transport: SendmailTransport,
        path: String,
    },
}

impl Mailer {
    /// The mailer the configuration describes, with the password from
    /// `ACCORD_SMTP_PASSWORD` or the password file.
    pub fn from_config(cfg: &MailConfig) -> Result<Mailer, String> {
        if let Some(path) = cfg.sendmail_path() {
            return Ok(Mailer::Sendmail {
                transport: SendmailTransport::new_with_command(&path),
                path,
            });
        }
        let smtp = cfg.smtp_server()?;
        let builder = match smtp.security {
            Security::None => SmtpTransport::builder_dangerous(&smtp.host).tls(Tls::None),
            Security::StartTls | Security::Tls => {
                let params = TlsParameters::new(smtp.host.clone()).map_err(|e| {
                    t(
                        "mail.err_tls_setup",
                        &[("server", &smtp.shown()), ("detail", &e.to_string())],
                    )
                })?;
                let tls = if smtp.security == Security::Tls {
                    Tls::Wrapper(params)
                } else {
                    Tls::Required(params)
                };
                SmtpTransport::builder_dangerous(&smtp.host).tls(tls)
            }
        };
        let mut builder = builder
            .port(smtp.port)
            .timeout(Some(SMTP_TIMEOUT))
            // One connection for the whole run.
            .pool_config(PoolConfig::new().max_size(1));
        if let Some(user) = cfg.user.as_deref().filter(|u| !u.trim().is_empty()) {
            let password = cfg.password()?.unwrap_or_default();
            builder = builder.credentials(Credentials::new(user.trim().to_string(), password));
        }
        Ok(Mailer::Smtp {
            transport: builder.build(),
            server: smtp.shown(),
        })
    }

    /// Where mail goes, for messages ("smtp.hospital.example:587").
    pub fn shown(&self) -> &str {
        match self {
            Mailer::Smtp { server, .. } => server,
            Mailer::Sendmail { path, .. } => path,
        }
    }

    /// Sends one message to its one recipient.
    pub fn send(&self, message: &Message, to: &str) -> Result<(), Failure> {
        match self {
            Mailer::Smtp { transport, server } => transport
                .send(message)
                .map(|_| ())
                .map_err(|e| smtp_failure(&e, server, to)),
            Mailer::Sendmail { transport, path } => {
                transport.send(message).map(|_| ()).map_err(|e| {
                    Failure::Unreachable(t(
                        "mail.err_sendmail",
                        &[("path", path), ("detail", &e.to_string())],
                    ))
                })
            }
        }
    }
}

/// An SMTP error as a sentence, by what it means to the user.
fn smtp_failure(e: &lettre::transport::smtp::Error, server: &str, to: &str) -> Failure {
    let detail = e.to_string();
    let code = e.status().map(|c| c.to_string());
    match code.as_deref() {
        Some("530" | "534" | "535" | "538") => Failure::Login(t(
            "mail.err_login",
            &[("server", server), ("detail", &detail)],
        )),
        Some(_) if e.is_permanent() || e.is_transient() => Failure::Refused(t(
            "mail.err_refused",
            &[("server", server), ("to", to), ("detail", &detail)],
        )),
        _ if e.is_tls() => Failure::Unreachable(t(
            "mail.err_tls",
            &[("server", server), ("detail", &detail)],
        )),
        _ if e.is_timeout() => Failure::Unreachable(t(
            "mail.err_timeout",
            &[
                ("server", server),
                ("n", &SMTP_TIMEOUT.as_secs().to_string()),
            ],
        )),
        _ => Failure::Unreachable(t(
            "mail.err_unreachable",
            &[("server", server), ("detail", &detail)],
        )),
    }
}

#[cfg(test)]
mod tests;

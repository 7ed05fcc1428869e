//! `accord digest`: a person's digest printed, or every staff member's
//! mailed (`--send`), or one mailed to one address (`--to`); and the
//! systemd units that run it every weekday morning (`--print-timer`).

use clap::Args;

use super::{CmdResult, Context, Failure};
use crate::dates::add_duration;
use crate::digest::{self, Digest, Format, Office, Whose};
use crate::i18n::Lang;
use crate::mail::sent::{Sent, SentLog, already_sent};
use crate::mail::{self, MailConfig, Mailer, Outgoing};
use crate::staff::{self, StaffMember};

#[derive(Args, Debug)]
pub struct DigestArgs {
    /// Whose digest: an owner's name [default: me]
    #[arg(long, conflicts_with = "all")]
    pub owner: Option<String>,
    /// The head of office's digest: everyone's, grouped by owner, with counts per owner
    #[arg(long)]
    pub all: bool,
    /// text, md or html
    #[arg(long, default_value = "text", value_name = "FORMAT")]
    pub format: String,
    /// How far ahead: 7d, 2w, 1m
    #[arg(long, default_value = "7d", value_name = "SPAN")]
    pub within: String,
    /// Mail every staff member with something in their digest their own (with --owner: only that one)
    #[arg(long, conflicts_with = "to")]
    pub send: bool,
    /// Show who would get what, and send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Mail this digest to one address
    #[arg(long, value_name = "ADDR")]
    pub to: Option<String>,
    /// With --send: send again to those who already had today's
    #[arg(long)]
    pub force: bool,
    /// Print a systemd user service and timer that send the digests every weekday morning
    #[arg(long)]
    pub print_timer: bool,
}

fn t(key: &str, args: &[(&str, &str)]) -> String {
    let mut s = rust_i18n::t!(key).into_owned();
    for (name, value) in args {
        s = s.replace(&format!("%{{{name}}}"), value);
    }
    s
}

pub fn run(
    ctx: &Context,
    args: DigestArgs,
    lang_flag: Option<Lang>,
    mail: Option<&MailConfig>,
) -> CmdResult {
    if args.print_timer {
        out!("{}", timer_units(ctx));
        return Ok(());
    }
    let format = Format::parse(&args.format)
        .ok_or_else(|| t("digest.err_format", &[("value", &args.format)]))?;
    let today = ctx.today();
    let until = add_duration(&args.within, today)
        .map_err(|e| format!("--within: {e}"))?
        .max(today);
    let directory = staff::directory(ctx.store.as_ref())?;
    let office = Office::load(ctx.store.as_ref(), directory, today, until)?;
    let interface = crate::i18n::language();
    if args.send {
        return send_all(ctx, &args, &office, lang_flag, mail);
    }
    let (whose, lang) = if args.all {
        (Whose::Everyone, lang_flag.unwrap_or(interface))
    } else {
        let name = args.owner.clone().unwrap_or_else(|| ctx.me());
        let member = staff::find(office.staff(), &name)
            .cloned()
            .unwrap_or(StaffMember {
                name: name.trim().to_string(),
                email: String::new(),
                lang: None,
                login: None,
            });
        let lang = lang_flag.unwrap_or(member.language(interface));
        (Whose::Person(member), lang)
    };
    let d = office.digest(&whose);
    if let Some(to) = &args.to {
        let name = d.person.clone().unwrap_or_default();
        return send_one(ctx, &args, &d, lang, &name, to, mail);
    }
    out!("{}", digest::render(&d, format, lang));
    Ok(())
}

/// The message of a digest, in `lang`.
fn outgoing(ctx: &Context, d: &Digest, lang: Lang, name: &str, email: &str) -> Outgoing {
    Outgoing {
        to_name: name.to_string(),
        to_email: email.to_string(),
        subject: digest::subject(d, lang),
        text: digest::render(d, Format::Text, lang),
        html: digest::render(d, Format::Html, lang),
        ics: digest::calendar(d, lang, ctx.clock.now()),
    }
}

fn mail_settings(mail: Option<&MailConfig>) -> Result<&MailConfig, Failure> {
    mail.ok_or_else(|| t("mail.err_no_server", &[]).into())
}

fn sent_log(ctx: &Context) -> Result<SentLog, Failure> {
    let dir = ctx
        .store
        .directory()
        .ok_or_else(|| Failure::from(t("mail.err_no_log_dir", &[])))?;
    Ok(SentLog::in_dir(&dir))
}

fn send_one(
    ctx: &Context,
    args: &DigestArgs,
    d: &Digest,
    lang: Lang,
    name: &str,
    to: &str,
    mail: Option<&MailConfig>,
) -> CmdResult {
    if !staff::looks_like_email(to.trim()) {
        return Err(t("digest.err_to", &[("value", to)]).into());
    }
    let o = outgoing(ctx, d, lang, name, to.trim());
    if args.dry_run {
        outln!(
            "{}",
            t(
                "digest.would_send",
                &[
                    ("who", to.trim()),
                    ("lang", lang.code()),
                    ("subject", &o.subject),
                    ("n", &d.lines().count().to_string())
                ]
            )
        );
        return Ok(());
    }
    let cfg = mail_settings(mail)?;
    let from = cfg.from_mailbox()?;
    let mailer = Mailer::from_config(cfg)?;
    let log = sent_log(ctx)?;
    let message = mail::compose(&from, &o, ctx.clock.now())?;
    mailer
        .send(&message, to.trim())
        .map_err(|f| Failure::from(f.message().to_string()))?;
    log.append(&Sent {
        day: ctx.today(),
        at: ctx.clock.now(),
        name: name.to_string(),
        email: to.trim().to_string(),
        subject: o.subject.clone(),
        items: d.lines().count(),
    })?;
    outln!(
        "{}",
        t(
            "digest.sent_to",
            &[("who", to.trim()), ("subject", &o.subject)]
        )
    );
    Ok(())
}

/// Mails every staff member (or the one `--owner` names) their digest:
/// none to those with nothing in it, none again to those who had today's
/// (unless `--force`); a refused recipient does not stop the others.
fn send_all(
    ctx: &Context,
    args: &DigestArgs,
    office: &Office,
    lang_flag: Option<Lang>,
    mail: Option<&MailConfig>,
) -> CmdResult {
    let interface = crate::i18n::language();
    let mut targets: Vec<&StaffMember> = office.staff().iter().collect();
    if let Some(o) = &args.owner {
        let Some(m) = staff::find(office.staff(), o) else {
            return Err(t("staff.err_unknown", &[("name", o.trim())]).into());
        };
        targets = vec![m];
    }
    let log = sent_log(ctx)?;
    let before = log.read()?;
    // Checked before anything is sent, so a broken setting sends nothing.
    let setup = if args.dry_run {
        None
    } else {
        let cfg = mail_settings(mail)?;
        Some((cfg.from_mailbox()?, Mailer::from_config(cfg)?))
    };
    let today = ctx.today();
    let (mut sent, mut empty, mut again, mut no_address) = (0usize, 0usize, Vec::new(), Vec::new());
    let mut failed: Vec<(String, String)> = Vec::new();
    let mut stopped: Option<String> = None;
    for m in targets {
        let d = office.digest(&Whose::Person(m.clone()));
        if d.is_empty() {
            empty += 1;
            continue;
        }
        if m.email.trim().is_empty() {
            no_address.push(m.name.clone());
            continue;
        }
        if !args.force && already_sent(&before, today, &m.name, &m.email) {
            again.push(m.name.clone());
            continue;
        }
        let who = format!("{} <{}>", m.name, m.email.trim());
        if let Some(reason) = &stopped {
            failed.push((who, reason.clone()));
            continue;
        }
        let lang = lang_flag.unwrap_or(m.language(interface));
        let o = outgoing(ctx, &d, lang, &m.name, m.email.trim());
        let Some((from, mailer)) = &setup else {
            outln!(
                "{}",
                t(
                    "digest.would_send",
                    &[
                        ("who", &who),
                        ("lang", lang.code()),
                        ("subject", &o.subject),
                        ("n", &d.lines().count().to_string())
                    ]
                )
            );
            sent += 1;
            continue;
        };
        let result = mail::compose(from, &o, ctx.clock.now())
            .map_err(mail::Failure::Refused)
            .and_then(|msg| mailer.send(&msg, &who));
        match result {
            Ok(()) => {
                sent += 1;
                log.append(&Sent {
                    day: today,
                    at: ctx.clock.now(),
                    name: m.name.clone(),
                    email: m.email.trim().to_string(),
                    subject: o.subject.clone(),
                    items: d.lines().count(),
                })?;
                outln!(
                    "{}",
                    t("digest.sent_to", &[("who", &who), ("subject", &o.subject)])
                );
            }
            Err(f) => {
                eprintln!("accord: {}", f.message());
                if f.stops_the_run() {
                    stopped = Some(f.message().to_string());
                }
                failed.push((who, f.message().to_string()));
            }
        }
    }
    let n = |v: usize| v.to_string();
    let key = if args.dry_run {
        "digest.summary_dry"
    } else {
        "digest.summary"
    };
    outln!(
        "{}",
        t(
            key,
            &[
                ("sent", &n(sent)),
                ("empty", &n(empty)),
                ("again", &n(again.len()))
            ]
        )
    );
    if !again.is_empty() {
        outln!(
            "{}",
            t("digest.summary_again", &[("names", &again.join(", "))])
        );
    }
    if !no_address.is_empty() {
        outln!(
            "{}",
            t(
                "digest.summary_no_address",
                &[("names", &no_address.join(", "))]
            )
        );
    }
    if failed.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = failed.iter().map(|(w, _)| w.as_str()).collect();
    Err(Failure {
        message: t(
            "digest.summary_failed",
            &[("n", &n(failed.len())), ("names", &names.join(", "))],
        ),
        code: 1,
    })
}

/// A systemd user service and timer that send the digests at 07:30 every
/// weekday, on this database.
fn timer_units(ctx: &Context) -> String {
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "accord".to_string());
    let db = match (
        ctx.store.directory(),
        ctx.store.location().starts_with("postgresql://"),
    ) {
        (Some(dir), false) => format!("Environment=ACCORD_DB={}\n", dir.display()),
        _ => String::new(),
    };
    format!(
        "# ~/.config/systemd/user/accord-digest.service\n\
[Unit]\n\
Description=accord: mail each colleague their digest\n\
\n\
[Service]\n\
Type=oneshot\n\
{db}ExecStart={exe} digest --send\n\
\n\
# ~/.config/systemd/user/accord-digest.timer\n\
[Unit]\n\
Description=accord digest every weekday morning\n\
\n\
[Timer]\n\
OnCalendar=Mon..Fri 07:30\n\
Persistent=true\n\
\n\
[Install]\n\
WantedBy=timers.target\n"
    )
}

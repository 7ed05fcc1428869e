//! `accord digest --send` against a real SMTP server on loopback (started
//! by the test): one message per person with something in their digest,
//! parsed back with a MIME parser; content matching `list due`; subjects
//! and bodies in Chinese and English; a valid calendar part; nothing sent
//! twice; a refused recipient, a refused login and an unreachable server.

#[path = "support/smtp.rs"]
mod smtp;

use assert_cmd::Command;
use mail_parser::MessageParser;
use mail_parser::MimeHeaders;
use smtp::SmtpServer;

const TODAY: &str = "2026-11-23";
const PASSWORD: &str = "Pa55-w0rd-never-shown";

struct Office {
    dir: tempfile::TempDir,
}

impl Office {
    fn db(&self) -> std::path::PathBuf {
        self.dir.path().join("db")
    }

    fn config(&self) -> std::path::PathBuf {
        self.dir.path().join("config.toml")
    }

    fn accord(&self) -> Command {
        let mut c = Command::cargo_bin("accord").unwrap();
        c.env("ACCORD_TODAY", TODAY)
            .env("LANG", "en_US.UTF-8")
            .env("ACCORD_CONFIG", self.config())
            .env_remove("ACCORD_SERVER")
            .env_remove("ACCORD_SMTP_PASSWORD")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .arg("--db")
            .arg(self.db());
        c
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        self.accord().args(args).output().unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn mail_to(&self, port: u16, extra: &str) {
        std::fs::write(
            self.config(),
            format!(
                "[mail]\nsmtp = \"127.0.0.1:{port}\"\nsecurity = \"none\"\nfrom = \"International Office <intl@hospital.example>\"\n{extra}"
            ),
        )
        .unwrap();
    }
}

/// The demo data and five colleagues; Zhou has nothing in the demo.
fn office() -> Office {
    let o = Office {
        dir: tempfile::tempdir().unwrap(),
    };
    o.ok(&["demo"]);
    o.ok(&[
        "staff",
        "add",
        "Li Na",
        "--email",
        "li.na@hospital.example",
        "--lang",
        "zh",
    ]);
    o.ok(&[
        "staff",
        "add",
        "Wang Jun",
        "--email",
        "wang.jun@hospital.example",
        "--lang",
        "en",
    ]);
    o.ok(&[
        "staff",
        "add",
        "Zhao Min",
        "--email",
        "zhao.min@hospital.example",
        "--lang",
        "zh",
    ]);
    o.ok(&[
        "staff",
        "add",
        "Chen Yinghui",
        "--email",
        "chen@hospital.example",
    ]);
    o.ok(&[
        "staff",
        "add",
        "Zhou Xiaoyan",
        "--email",
        "zhou@hospital.example",
    ]);
    o
}

fn recipient(m: &smtp::Received) -> String {
    assert_eq!(m.to.len(), 1, "one recipient per message");
    m.to[0].clone()
}

fn find<'a>(msgs: &'a [smtp::Received], to: &str) -> &'a smtp::Received {
    msgs.iter()
        .find(|m| m.to.iter().any(|t| t == to))
        .unwrap_or_else(|| panic!("no message to {to}"))
}

/// The keys `list due --owner NAME --within 7d` shows.
fn due_keys(o: &Office, owner: &str) -> Vec<String> {
    let out = o.ok(&["list", "due", "--owner", owner, "--within", "7d", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| i["key"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn each_colleague_gets_one_digest_in_their_language_over_one_connection_and_only_once() {
    let server = SmtpServer::start();
    let o = office();
    o.mail_to(server.port, "");
    let out = o.ok(&["digest", "--send"]);
    let msgs = server.messages();
    let mut to: Vec<String> = msgs.iter().map(recipient).collect();
    to.sort();
    assert_eq!(
        to,
        [
            "chen@hospital.example",
            "li.na@hospital.example",
            "wang.jun@hospital.example",
            "zhao.min@hospital.example"
        ],
        "{out}"
    );
    assert_eq!(server.connections(), 1, "one SMTP connection for the run");
    assert!(
        out.contains("Digests sent: 4. Staff with nothing in theirs: 1."),
        "{out}"
    );

    for (name, addr, zh) in [
        ("Li Na", "li.na@hospital.example", true),
        ("Wang Jun", "wang.jun@hospital.example", false),
        ("Zhao Min", "zhao.min@hospital.example", true),
        ("Chen Yinghui", "chen@hospital.example", false),
    ] {
        let raw = &find(&msgs, addr).data;
        let m = MessageParser::default().parse(raw).unwrap();
        let subject = m.subject().unwrap();
        if zh {
            assert_eq!(
                subject.split('：').next(),
                Some(format!("accord 摘要（{name}）").as_str())
            );
        } else {
            assert!(
                subject.starts_with(&format!("accord digest for {name}: ")),
                "{subject}"
            );
        }
        let head = String::from_utf8_lossy(&raw[..raw.len().min(3000)]).to_string();
        let subject_header = head.lines().find(|l| l.starts_with("Subject:")).unwrap();
        assert!(
            subject_header.is_ascii(),
            "the subject header is encoded: {subject_header}"
        );
        let to = m.to().unwrap().first().unwrap();
        assert_eq!(to.name(), Some(name));
        assert!(m.date().is_some() && m.message_id().is_some());
        let text = m.body_text(0).unwrap();
        let html = m.body_html(0).unwrap();
        if zh {
            assert!(text.contains(&format!("{name} 的摘要")), "{text}");
            assert!(html.contains("<html lang=\"zh\">"));
        } else {
            assert!(text.contains(&format!("Digest for {name}")), "{text}");
        }
        // Everything `list due` shows for the owner within the week is in
        // both alternatives.
        let keys = due_keys(&o, name);
        assert!(!keys.is_empty(), "{name} has items in the demo");
        for k in &keys {
            assert!(
                text.contains(k.as_str()),
                "{name}: {k} missing from the text"
            );
            assert!(
                html.contains(k.as_str()),
                "{name}: {k} missing from the HTML"
            );
        }
        assert!(
            !html.contains("http://") && !html.contains("https://") && !html.contains(" src=\"")
        );
        // The calendar part: valid, one event per dated item of the week.
        let ics_part = m
            .attachments()
            .find(|a| a.attachment_name() == Some("digest.ics"));
        let dated_this_week = keys.len();
        if let Some(part) = ics_part {
            let ics = String::from_utf8(part.contents().to_vec()).unwrap();
            assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
            assert!(ics.contains("VERSION:2.0") && ics.contains("PRODID:"));
            assert_eq!(
                ics.matches("BEGIN:VEVENT").count(),
                ics.matches("END:VEVENT").count()
            );
            for line in ics.split("\r\n") {
                assert!(line.len() <= 75, "{line}");
            }
            for block in ics.split("BEGIN:VEVENT").skip(1) {
                for field in ["UID:", "DTSTAMP:", "DTSTART;VALUE=DATE:", "SUMMARY:"] {
                    assert!(block.contains(field), "{field} missing in {block}");
                }
            }
            assert!(ics.matches("BEGIN:VEVENT").count() <= dated_this_week);
        }
    }

    // A second run the same day sends nothing new …
    let again = o.ok(&["digest", "--send"]);
    assert_eq!(server.messages().len(), 4, "{again}");
    assert!(
        again.contains("Digests sent: 0.") && again.contains("Had today's already: 4"),
        "{again}"
    );
    assert!(again.contains("Li Na"), "{again}");
    // … unless forced.
    o.ok(&["digest", "--send", "--force", "--owner", "Wang Jun"]);
    let msgs = server.messages();
    assert_eq!(msgs.len(), 5);
    assert_eq!(recipient(&msgs[4]), "wang.jun@hospital.example");
    // What was sent, to whom and when is recorded.
    let log = std::fs::read_to_string(o.db().join("digests-sent.jsonl")).unwrap();
    assert_eq!(log.lines().count(), 5);
    assert!(
        log.contains("\"email\":\"li.na@hospital.example\"")
            && log.contains("\"day\":\"2026-11-23\"")
    );
}

#[test]
fn a_refused_recipient_does_not_stop_the_others_and_a_rerun_sends_only_to_them() {
    let server = SmtpServer::start();
    server.refuse("wang.jun@hospital.example");
    let o = office();
    o.mail_to(server.port, "");
    let out = o.run(&["digest", "--send"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("refused the message to Wang Jun <wang.jun@hospital.example>"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Not sent (1): Wang Jun <wang.jun@hospital.example>"),
        "{stderr}"
    );
    let mut got: Vec<String> = server.messages().iter().map(recipient).collect();
    got.sort();
    assert_eq!(
        got,
        [
            "chen@hospital.example",
            "li.na@hospital.example",
            "zhao.min@hospital.example"
        ]
    );
    server.accept_everyone();
    let rerun = o.ok(&["digest", "--send"]);
    let msgs = server.messages();
    assert_eq!(msgs.len(), 4, "{rerun}");
    assert_eq!(recipient(&msgs[3]), "wang.jun@hospital.example");
}

#[test]
fn a_refused_login_and_an_unreachable_server_are_sentences_without_the_password() {
    let server = SmtpServer::start();
    server.refuse_logins();
    let o = office();
    let pwfile = o.dir.path().join("smtp-password");
    std::fs::write(&pwfile, format!("{PASSWORD}\n")).unwrap();
    o.mail_to(
        server.port,
        &format!(
            "user = \"intl-office\"\npassword_file = \"{}\"\n",
            pwfile.display()
        ),
    );
    let out = o.run(&["digest", "--send"]);
    assert!(!out.status.success());
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("refused the login"), "{said}");
    assert!(said.contains("Not sent (4):"), "{said}");
    assert!(!said.contains(PASSWORD), "the password was shown: {said}");
    assert!(server.messages().is_empty());
    // The password reached the server, from the file.
    assert!(server.logins().iter().any(|l| l.ends_with(PASSWORD)));
    // ACCORD_SMTP_PASSWORD also works and is not shown either.
    let out = o
        .accord()
        .env("ACCORD_SMTP_PASSWORD", "env-secret-1")
        .args(["digest", "--send"])
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(!said.contains("env-secret-1"), "{said}");
    assert!(server.logins().iter().any(|l| l.ends_with("env-secret-1")));

    // A port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    o.mail_to(port, "");
    let out = o.run(&["digest", "--send"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "The mail server 127.0.0.1:{port} cannot be reached"
        )),
        "{stderr}"
    );
    // Nothing was recorded as sent: the next run tries everyone.
    assert!(!o.db().join("digests-sent.jsonl").exists());
}

#[test]
fn dry_run_shows_who_would_get_what_and_to_sends_one_digest_to_one_address() {
    let server = SmtpServer::start();
    let o = office();
    o.mail_to(server.port, "");
    let out = o.ok(&["digest", "--send", "--dry-run"]);
    assert!(
        out.contains("Would send to Li Na <li.na@hospital.example> (zh,"),
        "{out}"
    );
    assert!(out.contains("Nothing was sent"), "{out}");
    assert!(
        !out.contains("Zhou Xiaoyan"),
        "nobody gets an empty digest: {out}"
    );
    assert!(server.messages().is_empty());
    assert_eq!(server.connections(), 0);

    o.ok(&[
        "digest",
        "--all",
        "--to",
        "head@hospital.example",
        "--lang",
        "zh",
    ]);
    let msgs = server.messages();
    assert_eq!(msgs.len(), 1);
    assert_eq!(recipient(&msgs[0]), "head@hospital.example");
    let m = MessageParser::default().parse(&msgs[0].data).unwrap();
    assert!(m.subject().unwrap().starts_with("accord 全办公室摘要"));
    let text = m.body_text(0).unwrap();
    assert!(
        text.contains("按负责人") && text.contains("Li Na") && text.contains("Wang Jun"),
        "{text}"
    );
}

#[test]
fn a_broken_mail_setting_sends_nothing_and_says_what_is_wrong() {
    let o = office();
    std::fs::write(
        o.config(),
        "[mail]\nsmtp = \"smtp.hospital.example:25\"\nsecurity = \"none\"\nfrom = \"intl@hospital.example\"\n",
    )
    .unwrap();
    let out = o.run(&["digest", "--send"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("only for a server on this machine, not smtp.hospital.example"),
        "{stderr}"
    );
    std::fs::write(o.config(), "").unwrap();
    let out = o.run(&["digest", "--send"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("No mail server is configured"), "{stderr}");
}

/// The figure for the README: `digest --send --all` to 30 staff on
/// generated data (100k records unless `ACCORD_FIGURE_RECORDS` says
/// otherwise). Prints the time; checks the run used one connection.
#[test]
#[ignore = "a figure: cargo test --release --test digest_mail -- --ignored --nocapture"]
fn figure_send_to_thirty_staff() {
    let records: usize = std::env::var("ACCORD_FIGURE_RECORDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let server = SmtpServer::start();
    let o = Office {
        dir: tempfile::tempdir().unwrap(),
    };
    o.ok(&["generate", "--records", &records.to_string(), "--seed", "1"]);
    // The generator's eight owners, and 22 colleagues who own nothing.
    let owners = [
        "Li Na",
        "Wang Jun",
        "Chen Yinghui",
        "Zhao Min",
        "Liu Yang",
        "Zhang Wei",
        "Sun Li",
        "Xu Ping",
    ];
    for i in 0..30 {
        let name = owners
            .get(i)
            .map(|s| s.to_string())
            .unwrap_or(format!("Colleague {i}"));
        let lang = if i % 2 == 0 { "zh" } else { "en" };
        o.ok(&[
            "staff",
            "add",
            &name,
            "--email",
            &format!("staff{i}@hospital.example"),
            "--lang",
            lang,
        ]);
    }
    o.mail_to(server.port, "");
    let start = std::time::Instant::now();
    let out = o.ok(&["digest", "--send", "--all"]);
    let took = start.elapsed();
    let msgs = server.messages();
    let bytes: usize = msgs.iter().map(|m| m.data.len()).sum();
    eprintln!(
        "digest --send --all, {records} records, 30 staff: {:.2} s, {} messages ({:.1} MB), {} SMTP connection(s)\n{}",
        took.as_secs_f64(),
        msgs.len(),
        bytes as f64 / 1e6,
        server.connections(),
        out.lines().last().unwrap_or_default()
    );
    assert_eq!(msgs.len(), 8);
    assert_eq!(server.connections(), 1);
}

#[test]
fn sendmail_instead_of_smtp_gets_the_same_message() {
    let o = office();
    let out_file = o.dir.path().join("sent.eml");
    let args_file = o.dir.path().join("args.txt");
    let script = o.dir.path().join("fake-sendmail");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$@\" > '{}'\ncat > '{}'\n",
            args_file.display(),
            out_file.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::write(
        o.config(),
        format!(
            "[mail]\nsendmail = \"{}\"\nfrom = \"International Office <intl@hospital.example>\"\n",
            script.display()
        ),
    )
    .unwrap();
    o.ok(&["digest", "--send", "--owner", "Li Na"]);
    let args = std::fs::read_to_string(&args_file).unwrap();
    assert!(args.contains("li.na@hospital.example"), "{args}");
    let raw = std::fs::read(&out_file).unwrap();
    let m = MessageParser::default().parse(&raw).unwrap();
    assert!(m.subject().unwrap().starts_with("accord 摘要（Li Na）"));
    assert_eq!(m.to().unwrap().first().unwrap().name(), Some("Li Na"));
}

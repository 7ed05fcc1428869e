//! `accord recover` and `accord backups`: what to do when a database is
//! damaged, without ever writing to it.

use std::path::{Path, PathBuf};

use clap::Args;

use super::CmdResult;
use crate::clock::SharedClock;
use crate::store::backups::{self, Every};
use crate::store::recovery::{self, Source};

#[derive(Args, Debug)]
pub struct RecoverArgs {
    /// The new directory for the rebuilt database [default: beside the damaged one]
    #[arg(long, value_name = "DIR")]
    to: Option<PathBuf>,
}

fn say(key: &str, args: &[(&str, String)]) -> String {
    let mut text = rust_i18n::t!(key).into_owned();
    for (name, value) in args {
        text = text.replace(&format!("%{{{name}}}"), value);
    }
    text
}

pub fn recover(db: &Path, a: RecoverArgs, clock: SharedClock) -> CmdResult {
    let target = a.to.unwrap_or_else(|| recovery::default_target(db, &clock));
    let r = recovery::recover(db, &target, clock)?;
    let source = match &r.source {
        Source::Database => say("recover.source.database", &[]),
        Source::StartupCopy => say("recover.source.startup_copy", &[]),
        Source::Backup(p) => say(
            "recover.source.backup",
            &[("file", p.display().to_string())],
        ),
    };
    let shown_target = r.target.display().to_string();
    let shown_db = db.display().to_string();
    outln!(
        "{}",
        say(
            "recover.done",
            &[
                ("records", r.records.to_string()),
                ("seq", r.seq.to_string()),
                ("source", source),
                ("target", shown_target.clone()),
                ("path", shown_db.clone()),
            ]
        )
    );
    match (&r.sealed, r.lost()) {
        (Some(s), Some((from, to))) => outln!(
            "{}",
            say(
                "recover.lost",
                &[
                    ("from", from.to_string()),
                    ("to", to.to_string()),
                    (
                        "since",
                        r.recovered_at
                            .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                            .unwrap_or_else(|| say("recover.unknown_time", &[])),
                    ),
                    ("until", s.when()),
                    ("summary", s.summary.clone()),
                ]
            )
        ),
        (Some(s), None) => outln!(
            "{}",
            say("recover.nothing_lost", &[("seq", s.seq.to_string())])
        ),
        (None, _) => outln!("{}", say("recover.no_seal", &[])),
    }
    outln!(
        "{}",
        say(
            "recover.use",
            &[("target", shown_target), ("path", shown_db)]
        )
    );
    Ok(())
}

pub fn list(db: &Path) -> CmdResult {
    let all = backups::list(db);
    let dir = backups::dir_for(db).display().to_string();
    if all.is_empty() {
        outln!("{}", say("backups.none", &[("dir", dir)]));
        return Ok(());
    }
    outln!("{}", say("backups.header", &[("dir", dir)]));
    for b in &all {
        let every = match b.every {
            Every::Day => say("backups.daily", &[]),
            Every::Week => say("backups.weekly", &[]),
        };
        outln!(
            "  {}  {:<8} {}",
            b.date,
            every,
            say(
                "backups.line",
                &[
                    ("records", b.records.to_string()),
                    ("seq", b.seq.to_string()),
                    ("size", size(b.bytes)),
                ]
            )
        );
    }
    if let Some(newest) = all.first() {
        outln!(
            "{}",
            say(
                "backups.restore",
                &[
                    ("file", newest.path.display().to_string()),
                    ("path", db.display().to_string()),
                ]
            )
        );
    }
    Ok(())
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1u64 << 20) as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

//! Runs the interface on a database directory given on the command line
//! (until `accord` with no subcommand does the same):
//!
//!     cargo run --example tui -- /tmp/accord-db [--lang zh] [--keymap FILE]
//!
//! `ACCORD_TODAY=2026-11-23` fixes the day; `NO_COLOR` turns colours off.

use std::path::PathBuf;
use std::sync::Arc;

use accord::i18n::Lang;
use accord::store::SledStore;
use accord::tui::{TuiOptions, run};

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut db = None;
    let mut lang = Lang::from_env();
    let mut keymap = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--lang" => lang = args.next().and_then(|l| Lang::parse(&l)).unwrap_or(lang),
            "--keymap" => keymap = args.next().map(PathBuf::from),
            other => db = Some(PathBuf::from(other)),
        }
    }
    let db = db.ok_or("usage: cargo run --example tui -- DB_DIR [--lang en|zh] [--keymap FILE]")?;
    let clock = accord::clock::from_env()?;
    let store = SledStore::open(&db, clock.clone()).map_err(|e| e.to_string())?;
    let (config, problems) = accord::config::load();
    run(TuiOptions {
        store: Arc::new(store),
        clock,
        lang,
        keymap,
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        me: config.me,
        no_contact_days: config.no_contact_days,
        config_problems: problems.iter().map(|p| p.to_string()).collect(),
    })
}

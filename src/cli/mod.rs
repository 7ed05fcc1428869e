//! The command line: `accord <command>`; with no command, the TUI.

/// `println!` for commands: ends the command quietly when the reader of
/// standard output has gone away (see [`out`]). Used with `?` semantics, so
/// only inside functions returning [`CmdResult`].
macro_rules! outln {
    () => {
        $crate::cli::out::text("\n")?
    };
    ($($arg:tt)*) => {
        $crate::cli::out::line(format_args!($($arg)*))?
    };
}

/// `print!` for commands, as [`outln!`].
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::out::text(&format!($($arg)*))?
    };
}

mod add;
mod admin;
mod digest;
mod edit;
mod export;
mod import;
mod items;
mod list;
mod out;
mod recover;
mod search;
mod server;
mod show;
mod staff;
mod table;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use rust_i18n::t;

use crate::clock::SharedClock;
use crate::i18n::Lang;
use crate::store::{PgStore, QuietStore, SledStore, Store};

#[derive(Parser, Debug)]
#[command(
    name = "accord",
    version,
    about = "Partnerships, agreements, action items and follow-ups of an international cooperation office",
    long_about = "accord keeps an international cooperation office's partnerships, the agreements signed \
under them, the action items they commit to and the follow-ups that keep them alive.\n\n\
With no command it opens the interactive application on the database.",
    after_help = "Dates can be typed as 2026-01-15, 15.01.2026, today, tomorrow, fri, +3d, +2w, +1m, next month or end of month."
)]
pub struct Cli {
    /// The database directory [default: the platform data directory]
    #[arg(long, global = true, env = "ACCORD_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// The team database: a PostgreSQL connection string or URI ("service=accord", "host=db.example.org dbname=accord")
    #[arg(
        long,
        global = true,
        env = "ACCORD_SERVER",
        hide_env_values = true,
        value_name = "CONNINFO",
        conflicts_with = "db"
    )]
    pub server: Option<String>,

    /// Interface language: en or zh [default: from LANG]
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,

    /// A keymap file for the interactive application
    #[arg(long, global = true, value_name = "FILE")]
    pub keymap: Option<PathBuf>,

    /// Render the interface's first frame off-screen and exit (start-up benchmarks)
    #[arg(long, hide = true)]
    pub first_frame: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load the demo dataset (safe to run twice)
    Demo,
    /// Create a record
    #[command(subcommand)]
    Add(add::AddCommand),
    /// Record an interaction (meeting, visit, call…) on a record
    Note(items::NoteArgs),
    /// List records, or `due` for the triage queue
    List(list::ListArgs),
    /// Find any record by name in any script: shougang, sgyy, kazakh, A3
    Search(search::SearchArgs),
    /// Show one record with everything linked to it
    Show(show::ShowArgs),
    /// Change fields of a record: accord edit T4 --due fri --owner "Li Na"
    Edit(edit::EditArgs),
    /// Mark action items or follow-ups done (A3:notice marks a renewal raised)
    Done(items::DoneArgs),
    /// Cancel action items or follow-ups
    Cancel(items::DoneArgs),
    /// Push a due date back: accord snooze T4 1w
    Snooze(items::SnoozeArgs),
    /// Set a new due date: accord reschedule T4 fri
    Reschedule(items::RescheduleArgs),
    /// Delete a record nothing else refers to (undo brings it back)
    Delete(items::DeleteArgs),
    /// Revert the last change (repeat to go further back)
    Undo,
    /// List changes, of one record or of everything
    History(items::HistoryArgs),
    /// Verify the database: indexes, references, ids
    Check,
    /// Write a complete JSON copy of the database
    Backup(admin::BackupArgs),
    /// Load a backup into an empty database (or replace with --force)
    Restore(admin::RestoreArgs),
    /// Print shell completions: bash, zsh, fish, elvish or powershell
    Completions(admin::CompletionsArgs),
    /// Write a status summary, spreadsheet, calendar or the whole database
    Export(export::ExportArgs),
    /// Read records from CSV, XLSX or a JSON export (try --dry-run first)
    Import(import::ImportArgs),
    /// The staff directory: who gets which digest, where, in which language
    #[command(subcommand)]
    Staff(staff::StaffCommand),
    /// What needs each person: printed, or mailed to every staff member (--send)
    Digest(digest::DigestArgs),
    /// Set up the team database on a PostgreSQL server: init, migrate, sql, staff
    #[command(subcommand)]
    Server(server::ServerCommand),
    /// Rebuild a damaged database into a new directory (the damaged one is only read)
    Recover(recover::RecoverArgs),
    /// List the automatic backups kept beside the database
    Backups,
    /// Write a deterministic synthetic dataset (benchmarks, scale tests)
    #[command(hide = true)]
    Generate(admin::GenerateArgs),
}

/// What every command gets: the store, the clock and the chosen options.
pub struct Context {
    pub store: Arc<dyn Store>,
    pub clock: SharedClock,
    /// Who "mine" means, from the configuration file (else my login's name).
    pub me: Option<String>,
    /// How imports read 03/04/2026, from the configuration file
    /// (`import --date-order` wins).
    pub date_order: Option<crate::config::DateOrder>,
}

impl Context {
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }

    /// Who "mine" means: `me` in the configuration file, else the name the
    /// store records changes under (the login on a team database).
    pub fn me(&self) -> String {
        crate::store::me(self.store.as_ref(), self.me.as_deref())
    }
}

/// A command's failure: the message to print and the exit code.
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    /// The reader of standard output went away (`accord history | head`):
    /// the command ends there, with nothing to say and exit status 0, as
    /// `accord export … | head` always did.
    pub fn reader_gone() -> Failure {
        Failure {
            message: String::new(),
            code: 0,
        }
    }

    /// Whether this ends the command without a message.
    pub fn is_quiet(&self) -> bool {
        self.message.is_empty() && self.code == 0
    }
}

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure {
            message: e.to_string(),
            code: 1,
        }
    }
}

pub type CmdResult = Result<(), Failure>;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) if f.is_quiet() => ExitCode::SUCCESS,
        Err(f) => {
            // Not `eprintln!`: a terminal closed under the interface fails
            // the write, which must not become a panic.
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "accord: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

fn run(cli: Cli) -> CmdResult {
    // The file's own language words its problems, so the language is
    // settled first: --lang, else the file's lang, else LANG.
    let (config, problems) = crate::config::load();
    crate::i18n::set_language(config.lang.unwrap_or_else(Lang::from_env));
    // On `staff add|edit`, --lang is the colleague's language, not ours.
    let lang_flag = match &cli.command {
        Some(Command::Staff(_)) => None,
        _ => cli.lang.as_deref(),
    };
    let lang = match lang_flag {
        Some(l) => Lang::parse(l).ok_or_else(|| t!("cli.bad_lang", lang = l).into_owned())?,
        None => config.lang.unwrap_or_else(Lang::from_env),
    };
    crate::i18n::set_language(lang);
    for p in &problems {
        eprintln!("accord: {}", t!("config.warning", problem = p.to_string()));
    }
    if let Some(Command::Completions(args)) = &cli.command {
        return admin::completions(args);
    }
    let clock = crate::clock::from_env()?;
    // --server (or ACCORD_SERVER) first; then --db (or ACCORD_DB); then the
    // configuration file's server, then its db.
    let server = cli
        .server
        .clone()
        .or_else(|| {
            if cli.db.is_some() {
                None
            } else {
                config.server.clone()
            }
        })
        .filter(|s| !s.trim().is_empty());
    if let Some(Command::Server(c)) = &cli.command {
        return server::run(c, server.as_deref());
    }
    if server.is_none() && matches!(cli.command, Some(Command::Recover(_) | Command::Backups)) {
        let path = match &cli.db {
            Some(p) => p.clone(),
            None => crate::paths::default_db()?,
        };
        return match cli.command {
            Some(Command::Recover(a)) => recover::recover(&path, a, clock),
            _ => recover::list(&path),
        };
    }
    let (store, prefetched): (Arc<dyn Store>, _) = match &server {
        Some(conninfo) => {
            // The interface opens on this client's copy when the server
            // cannot be reached (read-only, offline until it answers).
            let store = if cli.command.is_none() && !cli.first_frame {
                PgStore::open_or_offline(conninfo, clock.clone())?
            } else {
                PgStore::open(conninfo, clock.clone())?
            };
            for w in store.warnings() {
                eprintln!("accord: {}", t!("cli.warning", problem = w));
            }
            (Arc::new(store), None)
        }
        None => {
            let path = match cli.db.as_ref().or(config.db.as_ref()) {
                Some(p) => p.clone(),
                None => crate::paths::default_db()?,
            };
            let prefetched = match &cli.command {
                Some(Command::Search(a)) => search::prefetch(&path, a),
                _ => None,
            };
            // Read-only commands and the interface's first frame are
            // answered from the start-up copy of a cleanly closed
            // database without opening sled (the interface opens it
            // behind its first frame).
            let quiet = match &cli.command {
                None if cli.first_frame => Some(None),
                None => Some(Some(crate::store::BackupWhen::After(
                    std::time::Duration::from_secs(3),
                ))),
                // Not `show`: it reads history, which only sled has.
                Some(Command::List(_) | Command::Search(_)) => {
                    Some(Some(crate::store::BackupWhen::AtClose))
                }
                Some(_) => None,
            };
            if let Some(backups) = quiet
                && let Some(q) = QuietStore::open(&path, clock.clone(), backups)
            {
                let q = Arc::new(if cli.command.is_none() {
                    q.handing_over()
                } else {
                    q
                });
                if cli.command.is_none() && !cli.first_frame {
                    q.open_behind();
                }
                let store: Arc<dyn Store> = q;
                (store, prefetched)
            } else {
                let store = match &cli.command {
                    Some(Command::Generate(_)) => {
                        SledStore::open_sized(&path, clock.clone(), crate::store::BULK_CACHE_BYTES)
                    }
                    _ => SledStore::open(&path, clock.clone()),
                }?;
                for n in store.notices() {
                    eprintln!("accord: {n}");
                }
                match cli.command {
                    None if cli.first_frame => {}
                    None => store.keep_backups(crate::store::BackupWhen::After(
                        std::time::Duration::from_secs(3),
                    )),
                    Some(_) => store.keep_backups(crate::store::BackupWhen::AtClose),
                }
                (Arc::new(store), prefetched)
            }
        }
    };
    let ctx = Context {
        store,
        clock,
        me: config.me.clone(),
        date_order: config.date_order,
    };
    let Some(command) = cli.command else {
        let problems = problems.iter().map(|p| p.to_string()).collect();
        return interactive(ctx, lang, cli.keymap, cli.first_frame, &config, problems);
    };
    match command {
        Command::Demo => admin::demo(&ctx),
        Command::Add(a) => add::run(&ctx, a),
        Command::Note(a) => items::note(&ctx, a),
        Command::List(a) => list::run(&ctx, a),
        Command::Show(a) => show::run(&ctx, a),
        Command::Search(a) => search::run(&ctx, a, prefetched),
        Command::Edit(a) => edit::run(&ctx, a),
        Command::Done(a) => items::done(&ctx, a, false),
        Command::Cancel(a) => items::done(&ctx, a, true),
        Command::Snooze(a) => items::snooze(&ctx, a),
        Command::Reschedule(a) => items::reschedule(&ctx, a),
        Command::Delete(a) => items::delete(&ctx, a),
        Command::Undo => items::undo(&ctx),
        Command::History(a) => items::history(&ctx, a),
        Command::Check => admin::check(&ctx),
        Command::Backup(a) => admin::backup(&ctx, a),
        Command::Restore(a) => admin::restore(&ctx, a),
        Command::Completions(_) | Command::Server(_) | Command::Recover(_) | Command::Backups => {
            Ok(())
        }
        Command::Export(a) => export::run(&ctx, a),
        Command::Import(a) => import::run(&ctx, a),
        Command::Generate(a) => admin::generate(&ctx, a),
        Command::Staff(c) => staff::run(&ctx, c, cli.lang.as_deref()),
        Command::Digest(a) => digest::run(
            &ctx,
            a,
            cli.lang.as_deref().and(Some(lang)),
            config.mail.as_ref(),
        ),
    }
}

fn interactive(
    ctx: Context,
    lang: Lang,
    keymap: Option<PathBuf>,
    first_frame: bool,
    config: &crate::config::Config,
    config_problems: Vec<String>,
) -> CmdResult {
    // The interface leaves the store to the process's exit; closing it
    // records the clean close (and finishes the day's backup).
    let store = ctx.store.clone();
    let opts = crate::tui::TuiOptions {
        store: ctx.store,
        clock: ctx.clock,
        lang,
        keymap,
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        me: ctx.me.clone(),
        no_contact_days: config.no_contact_days,
        config_problems,
    };
    if first_frame {
        let screen = crate::tui::first_frame(opts, 120, 40)?;
        if std::env::var_os("ACCORD_PRINT_FRAME").is_some() {
            out!("{screen}");
        }
        // Nothing was written; skip tearing down what was loaded, so the
        // measurement is start-up to first frame and nothing else.
        use std::io::Write;
        let _ = std::io::stdout().flush();
        store.close();
        std::process::exit(0);
    }
    let result = crate::tui::run(opts);
    store.close();
    result?;
    Ok(())
}

/// Prints JSON to stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> CmdResult {
    let s = serde_json::to_string_pretty(value)?;
    outln!("{s}");
    Ok(())
}

/// Parses a record id typed on the command line.
pub fn parse_id(s: &str) -> Result<crate::model::Id, Failure> {
    Ok(s.parse()?)
}

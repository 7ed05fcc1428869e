//! Whole-database commands: demo, check, backup, restore, completions.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, CmdResult, Context, Failure};
use crate::store::{BACKUP_FORMAT, Snapshot};

#[derive(Args, Debug)]
pub struct BackupArgs {
    /// Where to write the JSON backup
    #[arg(value_name = "PATH")]
    path: PathBuf,
}

#[derive(Args, Debug)]
pub struct RestoreArgs {
    /// A backup written by `accord backup` (or `accord export --format json`)
    #[arg(value_name = "PATH")]
    path: PathBuf,
    /// Replace the records of a database that is not empty
    #[arg(long)]
    force: bool,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    shell: Shell,
}

pub fn demo(ctx: &Context) -> CmdResult {
    let outcome = crate::demo::load_demo(ctx.store.as_ref(), ctx.today())?;
    println!("{outcome}");
    Ok(())
}

pub fn check(ctx: &Context) -> CmdResult {
    let problems = ctx.store.check()?;
    if problems.is_empty() {
        let mut n = 0;
        for k in crate::model::Kind::ALL {
            n += ctx.store.count(k)?;
        }
        println!(
            "The database at {} is sound: {n} records, no problems.",
            ctx.store.location()
        );
        return Ok(());
    }
    for p in &problems {
        println!("{p}");
    }
    Err(Failure {
        message: format!(
            "{} problems found in {}",
            problems.len(),
            ctx.store.location()
        ),
        code: 1,
    })
}

/// Writes `bytes` to `path` through a temporary file in the same directory,
/// so a crash never leaves a half-written file under the real name.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), Failure> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "backup".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let shown = path.display();
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("could not write {shown}: {e}").into());
    }
    Ok(())
}

pub fn backup(ctx: &Context, a: BackupArgs) -> CmdResult {
    let snap = ctx.store.snapshot()?;
    let bytes = serde_json::to_vec_pretty(&snap)?;
    write_atomically(&a.path, &bytes)?;
    println!(
        "Backed up {} records and {} changes to {}.",
        snap.records.len(),
        snap.history.len(),
        a.path.display()
    );
    Ok(())
}

/// Reads a backup file, with errors naming the file and the line.
pub fn read_backup(path: &std::path::Path) -> Result<Snapshot, Failure> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| {
        rust_i18n::t!(
            "cli.could_not_read",
            file = shown,
            problem = crate::i18n::io_problem(&e)
        )
        .into_owned()
    })?;
    let snap: Snapshot = serde_json::from_slice(&bytes).map_err(|e| {
        format!(
            "{shown} is not an accord backup: line {}, column {}: {e}",
            e.line(),
            e.column()
        )
    })?;
    if snap.format != BACKUP_FORMAT {
        return Err(format!(
            "{shown} is not an accord backup (its format is '{}')",
            snap.format
        )
        .into());
    }
    Ok(snap)
}

pub fn restore(ctx: &Context, a: RestoreArgs) -> CmdResult {
    let snap = read_backup(&a.path)?;
    ctx.store.restore(&snap, a.force)?;
    println!(
        "Restored {} records and {} changes from {} into {}.",
        snap.records.len(),
        snap.history.len(),
        a.path.display(),
        ctx.store.location()
    );
    Ok(())
}

#[derive(Args, Debug)]
pub struct GenerateArgs {
    /// About how many records to write
    #[arg(long, default_value_t = 1000)]
    records: usize,
    /// The same seed gives the same data
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub fn generate(ctx: &Context, a: GenerateArgs) -> CmdResult {
    let start = std::time::Instant::now();
    let mut last = std::time::Instant::now();
    let mut progress = |done: usize, total: usize| {
        if last.elapsed().as_millis() >= 500 {
            eprint!("\rwritten {done} of about {total} records");
            last = std::time::Instant::now();
        }
    };
    let g = crate::generate::generate(
        ctx.store.as_ref(),
        a.records,
        a.seed,
        ctx.today(),
        &mut progress,
    )?;
    // Leave the start-up copy of the records behind, as a session would.
    ctx.store
        .read_everything(&crate::store::Progress::default())?;
    eprint!("\r");
    println!(
        "Generated {} records in {} changes (seed {}) in {:.1} s.",
        g.records,
        g.changes,
        a.seed,
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

pub fn completions(a: &CompletionsArgs) -> CmdResult {
    let mut cmd = Cli::command();
    clap_complete::generate(a.shell, &mut cmd, "accord", &mut std::io::stdout());
    Ok(())
}

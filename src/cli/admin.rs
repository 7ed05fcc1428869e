//! Whole-database commands: demo, check, backup, restore, completions.

use crate::i18n::Lang;
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
    outln!("{}", demo_outcome(&outcome));
    Ok(())
}

pub fn check(ctx: &Context) -> CmdResult {
    let problems = ctx.store.check()?;
    if problems.is_empty() {
        let mut n = 0;
        for k in crate::model::Kind::ALL {
            n += ctx.store.count(k)?;
        }
        outln!(
            "{}",
            rust_i18n::t!(
                "cli.check_sound",
                db = ctx.store.location(),
                n = n.to_string()
            )
        );
        return Ok(());
    }
    for p in &problems {
        outln!("{p}");
    }
    Err(Failure {
        message: rust_i18n::t!(
            "cli.check_problems",
            n = problems.len().to_string(),
            db = ctx.store.location()
        )
        .into_owned(),
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
    outln!(
        "{}",
        rust_i18n::t!(
            "cli.backed_up",
            records = snap.records.len().to_string(),
            changes = snap.history.len().to_string(),
            file = a.path.display()
        )
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
        rust_i18n::t!(
            "cli.not_a_backup_at",
            file = shown,
            line = e.line().to_string(),
            column = e.column().to_string(),
            problem = e.to_string()
        )
        .into_owned()
    })?;
    if snap.format != BACKUP_FORMAT {
        return Err(rust_i18n::t!(
            "cli.not_a_backup_format",
            file = shown,
            format = snap.format
        )
        .into_owned()
        .into());
    }
    Ok(snap)
}

pub fn restore(ctx: &Context, a: RestoreArgs) -> CmdResult {
    let snap = read_backup(&a.path)?;
    ctx.store.restore(&snap, a.force)?;
    outln!(
        "{}",
        rust_i18n::t!(
            "cli.restored",
            records = snap.records.len().to_string(),
            changes = snap.history.len().to_string(),
            file = a.path.display(),
            db = ctx.store.location()
        )
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
    let (g, all) = crate::generate::generate_keeping(
        ctx.store.as_ref(),
        a.records,
        a.seed,
        ctx.today(),
        &mut progress,
    )?;
    // The day's backup is taken now, on its own thread, while the
    // start-up copy is written.
    ctx.store.start_backup();
    // Leave the start-up copy of the records behind, as a session would:
    // from the records in hand when they are all there are.
    match all {
        Some(all) if ctx.store.directory().is_some() => {
            ctx.store.remember_everything(&mut all.iter());
        }
        _ => {
            ctx.store
                .read_everything(&crate::store::Progress::default())?;
        }
    }
    eprint!("\r");
    outln!(
        "{}",
        rust_i18n::t!(
            "cli.generated",
            records = g.records.to_string(),
            changes = g.changes.to_string(),
            seed = a.seed.to_string(),
            seconds = format!("{:.1}", start.elapsed().as_secs_f64())
        )
    );
    Ok(())
}

pub fn completions(a: &CompletionsArgs) -> CmdResult {
    let mut cmd = Cli::command();
    // Made whole first: clap_complete panics on a failed write.
    let mut script = Vec::new();
    clap_complete::generate(a.shell, &mut cmd, "accord", &mut script);
    super::out::text(&String::from_utf8_lossy(&script))
}

/// "created 42 institutions, 19 contacts, …; 0 already present" (English
/// plurals from the model), or its Chinese from the catalog.
fn demo_outcome(o: &crate::demo::DemoOutcome) -> String {
    if crate::i18n::language() == Lang::En {
        return o.to_string();
    }
    let parts: Vec<String> = o
        .created
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| {
            rust_i18n::t!(
                "cli.demo_count",
                n = n.to_string(),
                kind = crate::i18n::text(&format!("kind.{}", k.name())).to_lowercase()
            )
            .into_owned()
        })
        .collect();
    let skipped = o.total_skipped().to_string();
    if parts.is_empty() {
        rust_i18n::t!("cli.demo_nothing", skipped = skipped).into_owned()
    } else {
        rust_i18n::t!(
            "cli.demo_created",
            list = parts.join(&rust_i18n::t!("cli.list_sep")),
            skipped = skipped
        )
        .into_owned()
    }
}

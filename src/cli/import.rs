//! `accord import`: records from CSV, XLSX or a JSON export.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::export::EntityArg;
use super::{CmdResult, Context, Failure};
use crate::exchange::import::{
    DateOrder, ImportFormat, ImportOptions, import, parse_map, text as fill,
};

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportFormatArg {
    Csv,
    Xlsx,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrderArg {
    /// 03/04/2025 is 3 April
    Dmy,
    /// 03/04/2025 is 4 March
    Mdy,
    /// 25/03/04 is 4 March 2025
    Ymd,
}

#[derive(Args, Debug)]
#[command(
    after_help = "Rows are matched to records by an id column (accord ids such as P3) or by name \
(institution name and country, partnership title, agreement title and partnership…), so importing a file \
twice creates nothing the second time. Headers are matched case-insensitively, in English or Chinese \
(合作单位, 签署日期, 到期日期…), and decide what the rows are.\n\nExamples:\n  accord import agreements.csv --dry-run\n  accord import register.xlsx --create-missing --dry-run   (one row per agreement)\n  accord import tracker.xlsx --map 'Partner=party_names,Signed on=signed' --date-order dmy\n  accord import exports/            (every CSV file of an export directory)\n  accord import backup.json         (into an empty database: restores it exactly)"
)]
pub struct ImportArgs {
    /// A CSV file, a directory of CSV files, an XLSX workbook or a JSON export
    #[arg(value_name = "PATH")]
    path: PathBuf,
    /// The file's format [default: from its name]
    #[arg(long, value_enum)]
    format: Option<ImportFormatArg>,
    /// What the rows are [default: from the file or sheet name, or the headers]
    #[arg(long, value_enum)]
    entity: Option<EntityArg>,
    /// Show what would be created, updated and rejected; write nothing
    #[arg(long)]
    dry_run: bool,
    /// Which column holds which field: 'Column=field,Sheet!Column=field'
    #[arg(long, value_name = "MAP")]
    map: Option<String>,
    /// How to read ambiguous dates such as 03/04/2025 [default: date_order in config.toml]
    #[arg(long, value_enum)]
    date_order: Option<DateOrderArg>,
    /// Import the good rows even when some are rejected
    #[arg(long)]
    skip_rejected: bool,
    /// Create the partner institutions a register names that are not in the database yet
    #[arg(long)]
    create_missing: bool,
    /// Where to write the full list of records and problems when the report is too long to print [default: a file in the temporary directory]
    #[arg(long, value_name = "FILE")]
    problems_file: Option<PathBuf>,
}

pub fn run(ctx: &Context, a: ImportArgs) -> CmdResult {
    let opts = ImportOptions {
        format: a.format.map(|f| match f {
            ImportFormatArg::Csv => ImportFormat::Csv,
            ImportFormatArg::Xlsx => ImportFormat::Xlsx,
            ImportFormatArg::Json => ImportFormat::Json,
        }),
        entity: a.entity.map(EntityArg::kind),
        dry_run: a.dry_run,
        map: match &a.map {
            Some(m) => parse_map(m)?,
            None => Vec::new(),
        },
        date_order: match a.date_order {
            Some(DateOrderArg::Dmy) => Some(DateOrder::Dmy),
            Some(DateOrderArg::Mdy) => Some(DateOrder::Mdy),
            Some(DateOrderArg::Ymd) => Some(DateOrder::Ymd),
            None => ctx.date_order,
        },
        skip_rejected: a.skip_rejected,
        create_missing: a.create_missing,
        problems_file: Some(a.problems_file.clone().unwrap_or_else(|| {
            let stem = a
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_else(|| "import".into());
            std::env::temp_dir().join(format!("accord-import-{stem}-{}.txt", std::process::id()))
        })),
        today: Some(ctx.today()),
    };
    let mut bar = Bar::new(&a.path, a.dry_run);
    let report = import(ctx.store.as_ref(), &a.path, &opts, &mut |d, t| {
        bar.show(d, t)
    });
    bar.finish();
    let report = report?;
    out!("{report}");
    if report.blocked {
        return Err(Failure {
            message: fill(
                "import.cli_rejected",
                &[
                    ("rows", &report.rejected_rows().to_string()),
                    ("path", &a.path.display().to_string()),
                ],
            ),
            code: 1,
        });
    }
    if a.dry_run && !report.rejected.is_empty() && !a.skip_rejected {
        return Err(Failure {
            message: fill(
                "import.cli_would_reject",
                &[
                    ("rows", &report.rejected_rows().to_string()),
                    ("path", &a.path.display().to_string()),
                ],
            ),
            code: 1,
        });
    }
    Ok(())
}

/// `date_order` in config.toml, when --date-order is not given.
/// Progress on standard error while a big import is read and checked,
/// only when it is a terminal and only once it takes more than a moment;
/// the line is erased before the report prints.
struct Bar {
    name: String,
    dry_run: bool,
    tty: bool,
    start: std::time::Instant,
    last: Option<std::time::Instant>,
}

impl Bar {
    fn new(path: &std::path::Path, dry_run: bool) -> Bar {
        use std::io::IsTerminal;
        Bar {
            name: path.display().to_string(),
            dry_run,
            tty: std::io::stderr().is_terminal(),
            start: std::time::Instant::now(),
            last: None,
        }
    }

    fn show(&mut self, done: usize, total: usize) {
        let now = std::time::Instant::now();
        let due = match self.last {
            None => now.duration_since(self.start).as_millis() >= 300,
            Some(last) => now.duration_since(last).as_millis() >= 100 || done == total,
        };
        if !self.tty || !due {
            return;
        }
        self.last = Some(now);
        eprint!(
            "\r\x1b[2K{}",
            progress_line(&self.name, done, total, self.dry_run)
        );
    }

    fn finish(&self) {
        if self.last.is_some() {
            eprint!("\r\x1b[2K");
        }
    }
}

/// "Importing exports/: 41000 of 100000 rows checked"; once every row is
/// checked, a real import still has its change to write.
fn progress_line(name: &str, done: usize, total: usize, dry_run: bool) -> String {
    let writing = done >= total && !dry_run;
    let (done, total) = (done.to_string(), total.to_string());
    if writing {
        fill(
            "import.progress_writing",
            &[("name", name), ("total", &total)],
        )
    } else {
        fill(
            "import.progress",
            &[("name", name), ("done", &done), ("total", &total)],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::progress_line;

    #[test]
    fn the_progress_line_says_what_is_happening() {
        assert_eq!(
            progress_line("big.csv", 500, 2000, false),
            "Importing big.csv: 500 of 2000 rows checked"
        );
        assert_eq!(
            progress_line("big.csv", 2000, 2000, false),
            "Importing big.csv: 2000 rows checked; writing the change…"
        );
        assert_eq!(
            progress_line("big.csv", 2000, 2000, true),
            "Importing big.csv: 2000 of 2000 rows checked"
        );
    }
}

//! `accord export`: status summaries, spreadsheets, the database, calendars.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{CmdResult, Context, Failure, parse_id};
use crate::dates::parse_date;
use crate::exchange::{ExportOptions, Format, Scope, Source, Window, export, export_to_path};
use crate::i18n::Lang;
use crate::model::Kind;

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatArg {
    /// Status summary in Markdown
    Md,
    /// Status summary as one self-contained HTML file
    Html,
    /// One entity per file (UTF-8 with BOM)
    Csv,
    /// A workbook: a summary sheet and a sheet per entity (needs --output)
    Xlsx,
    /// The complete database, as `accord backup` writes it
    Json,
    /// Open dated items as all-day calendar events
    Ics,
    /// The leadership summary: dated Markdown and HTML files in a directory
    Summary,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntityArg {
    Institutions,
    Contacts,
    Partnerships,
    Agreements,
    Actions,
    Followups,
    Notes,
}

impl EntityArg {
    pub fn kind(self) -> Kind {
        match self {
            EntityArg::Institutions => Kind::Institution,
            EntityArg::Contacts => Kind::Contact,
            EntityArg::Partnerships => Kind::Partnership,
            EntityArg::Agreements => Kind::Agreement,
            EntityArg::Actions => Kind::Action,
            EntityArg::Followups => Kind::FollowUp,
            EntityArg::Notes => Kind::Note,
        }
    }
}

#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  accord export --format md --country KZ\n  accord export --format html --output summary.html --from 'this month'\n  accord export --format csv --output exports/        (every entity, one file each)\n  accord export --format csv --entity agreements > agreements.csv\n  accord export --format xlsx --output accord.xlsx\n  accord export --format ics --owner 'Li Na' --output deadlines.ics\n  accord export --format summary --output reports/"
)]
pub struct ExportArgs {
    /// What to write
    #[arg(long, short, value_enum)]
    format: FormatArg,
    /// The file to write (a directory for csv of every entity, and for
    /// summary); text formats go to standard output without it
    #[arg(long, short, value_name = "PATH")]
    output: Option<PathBuf>,
    /// CSV: the one entity to write
    #[arg(long, value_enum)]
    entity: Option<EntityArg>,
    /// Only this partnership and what belongs to it
    #[arg(long, value_name = "ID")]
    partnership: Option<String>,
    /// Only partnerships with a partner in this country (ISO code such as KZ)
    #[arg(long, value_name = "CC")]
    country: Option<String>,
    /// Only records of this owner (case does not matter)
    #[arg(long, value_name = "NAME")]
    owner: Option<String>,
    /// Only records with this status (active, signed, open, expiring…)
    #[arg(long, value_name = "S")]
    status: Option<String>,
    /// Only records dated on or after this day (2026-01-01, 'this month'…)
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Only records dated on or before this day
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
}

pub fn run(ctx: &Context, a: ExportArgs) -> CmdResult {
    let lang = crate::i18n::language();
    let today = ctx.today();
    let date = |flag: &str, s: &Option<String>| -> Result<_, Failure> {
        s.as_deref()
            .map(|s| parse_date(s, today).map_err(|e| Failure::from(format!("{flag}: {e}"))))
            .transpose()
    };
    let scope = Scope {
        partnership: a.partnership.as_deref().map(parse_id).transpose()?,
        country: a.country.clone(),
        owner: a.owner.clone(),
        status: a.status.clone(),
    };
    let window = Window {
        from: date("--from", &a.from)?,
        to: date("--to", &a.to)?,
    };
    if a.format == FormatArg::Summary {
        return summary(ctx, lang, &a, &scope, &window);
    }
    let format = match a.format {
        FormatArg::Md => Format::Markdown,
        FormatArg::Html => Format::Html,
        FormatArg::Csv => Format::Csv,
        FormatArg::Xlsx => Format::Xlsx,
        FormatArg::Json => Format::Json,
        FormatArg::Ics => Format::Ics,
        FormatArg::Summary => Format::Markdown,
    };
    let mut opts = ExportOptions::new(format, lang, ctx.clock.as_ref());
    opts.scope = scope;
    opts.window = window;
    opts.entity = a.entity.map(EntityArg::kind);
    let store = ctx.store.as_ref();
    match &a.output {
        Some(path) => {
            let mut bar = Bar::new(format);
            let files = export_to_path(&Source::Store(store), &opts, path, &mut |d, t| bar.show(d, t))?;
            bar.finish();
            for f in files {
                outln!("{}", rust_i18n::t!("cli.wrote", file = f.display()));
            }
            Ok(())
        }
        None if format == Format::Xlsx => Err(
            "an XLSX workbook is not text: give the file to write with --output accord.xlsx".into(),
        ),
        None if format == Format::Csv && opts.entity.is_none() => Err(
            "CSV holds one entity per file: choose one with --entity (e.g. --entity agreements), or give a directory with --output to write them all".into(),
        ),
        None => {
            let stdout = std::io::stdout();
            let mut out = Pipe {
                inner: std::io::BufWriter::new(stdout.lock()),
                closed: false,
            };
            let result = export(&Source::Store(store), &opts, &mut out, &mut |_, _| {}).map(|_| ());
            let result = result.and_then(|_| {
                out.flush().map_err(|e| crate::exchange::ExchangeError::Write {
                    path: "standard output".into(),
                    detail: e.to_string(),
                })
            });
            match result {
                // The reader went away (`accord export … | head`): not an error.
                Err(_) if out.closed => Ok(()),
                other => Ok(other?),
            }
        }
    }
}

fn summary(ctx: &Context, lang: Lang, a: &ExportArgs, scope: &Scope, window: &Window) -> CmdResult {
    if *scope != Scope::default() || *window != Window::default() {
        return Err(
            "the leadership summary covers everything; for a scope or window use --format md or --format html".into(),
        );
    }
    let dir = a.output.clone().unwrap_or_else(|| PathBuf::from("."));
    let files = crate::exchange::leadership_summary(
        &crate::exchange::Source::Store(ctx.store.as_ref()),
        ctx.today(),
        lang,
        &dir,
        &mut |_, _| {},
    )?;
    for f in files {
        outln!("{}", rust_i18n::t!("cli.wrote", file = f.display()));
    }
    Ok(())
}

/// Progress on standard error for big exports, only when it is a terminal.
struct Bar {
    shown: bool,
    tty: bool,
    last: usize,
    what: &'static str,
}

impl Bar {
    fn new(format: Format) -> Bar {
        use std::io::IsTerminal;
        Bar {
            shown: false,
            tty: std::io::stderr().is_terminal(),
            last: 0,
            what: format.extension(),
        }
    }

    fn show(&mut self, done: usize, total: usize) {
        if !self.tty || total < 5_000 || done.saturating_sub(self.last) < total / 50 {
            return;
        }
        self.last = done;
        self.shown = true;
        eprint!("\rExporting {}: {done} of {total} records", self.what);
    }

    fn finish(&self) {
        if self.shown {
            eprintln!();
        }
    }
}

/// Standard output that notices when the reader has gone away.
struct Pipe<W: Write> {
    inner: W,
    closed: bool,
}

impl<W: Write> Write for Pipe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf).inspect_err(|e| {
            self.closed |= e.kind() == std::io::ErrorKind::BrokenPipe;
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush().inspect_err(|e| {
            self.closed |= e.kind() == std::io::ErrorKind::BrokenPipe;
        })
    }
}

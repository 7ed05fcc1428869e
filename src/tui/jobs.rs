//! Exports running on worker threads: the leadership summary and the
//! export dialog's files. The event loop polls them through
//! [`App::poll_background`](super::app::App::poll_background); the status
//! line shows their progress and, at the end, where they wrote.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::Instant;

use crate::exchange::{self, ExportOptions};

use super::app::App;
use super::words::tr;

/// What a worker reports.
enum Report {
    Progress(usize, usize),
    Finished(Result<Vec<PathBuf>, String>),
}

/// What a job writes, for its messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    Summary,
    Export(String),
}

/// One export under way.
pub struct Job {
    work: Work,
    rx: Receiver<Report>,
    done: usize,
    total: usize,
    started: Instant,
    /// The seconds shown last, when there is no count to show.
    shown_secs: u64,
}

impl Job {
    fn label(&self, app: &App) -> String {
        match &self.work {
            Work::Summary => tr!(app.lang, "export.writing_summary"),
            Work::Export(name) => tr!(app.lang, "export.writing", file = name.clone()),
        }
    }
}

/// Starts the leadership summary (Markdown and HTML of everything, dated)
/// into the session's output directory.
pub fn start_summary(app: &mut App) {
    let store = app.store.clone();
    // The records on screen, shared with the worker rather than read again.
    let records = app.data.snapshot();
    let today = app.clock.today();
    let lang = app.lang;
    let dir = app.out_dir.clone();
    spawn(app, Work::Summary, move |tx| {
        let mut progress = throttled(tx);
        let source = exchange::Source::Held(store.as_ref(), records);
        exchange::leadership_summary(&source, today, lang, &dir, &mut progress)
            .map_err(|e| e.to_string())
    });
}

/// Passes progress on to the status line, a message per percent at most
/// so the channel stays small.
fn throttled(tx: &Sender<Report>) -> impl FnMut(usize, usize) + '_ {
    let mut last = (usize::MAX, 0);
    move |done: usize, total: usize| {
        let step = (total / 100).max(1);
        if done / step != last.0 || total != last.1 || done == total {
            last = (done / step, total);
            let _ = tx.send(Report::Progress(done, total));
        }
    }
}

/// Starts one export to `path`.
pub fn start_export(app: &mut App, opts: ExportOptions, path: PathBuf) {
    let store = app.store.clone();
    let records = app.data.snapshot();
    let name = file_name(&path);
    spawn(app, Work::Export(name), move |tx| {
        let mut progress = throttled(tx);
        let source = exchange::Source::Held(store.as_ref(), records);
        exchange::export_to_path(&source, &opts, &path, &mut progress).map_err(|e| e.to_string())
    });
}

fn spawn(
    app: &mut App,
    work: Work,
    run: impl FnOnce(&Sender<Report>) -> Result<Vec<PathBuf>, String> + Send + 'static,
) {
    let (tx, rx) = channel();
    let spawned = std::thread::Builder::new()
        .name("accord-export".into())
        .spawn(move || {
            let result = run(&tx);
            let _ = tx.send(Report::Finished(result));
        });
    match spawned {
        Ok(_) => {
            let job = Job {
                work,
                rx,
                done: 0,
                total: 0,
                started: Instant::now(),
                shown_secs: 0,
            };
            let label = job.label(app);
            app.info(label);
            app.jobs.push(job);
        }
        Err(e) => app.error(tr!(app.lang, "export.no_thread", detail = e.to_string())),
    }
}

/// Takes in the workers' reports; `true` when the status line changed.
pub fn poll(app: &mut App) -> bool {
    let mut changed = false;
    let mut i = 0;
    while i < app.jobs.len() {
        let mut finished = None;
        let mut moved = false;
        loop {
            match app.jobs[i].rx.try_recv() {
                Ok(Report::Progress(d, t)) => {
                    app.jobs[i].done = d;
                    app.jobs[i].total = t;
                    moved = true;
                }
                Ok(Report::Finished(r)) => {
                    finished = Some(r);
                    break;
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    finished = Some(Err(tr!(app.lang, "export.worker_died")));
                    break;
                }
            }
        }
        if let Some(result) = finished {
            let job = app.jobs.remove(i);
            report(app, &job.work, result);
            changed = true;
            continue;
        }
        let secs = app.jobs[i].started.elapsed().as_secs();
        if app.jobs[i].total == 0 && secs != app.jobs[i].shown_secs {
            // No count to show: the seconds say it is not stuck.
            app.jobs[i].shown_secs = secs;
            moved = true;
        }
        if moved {
            changed = true;
            let job = &app.jobs[i];
            let mut text = job.label(app);
            if job.total > 0 {
                text.push_str(&format!(
                    " {}/{} ({}%)",
                    job.done,
                    job.total,
                    job.done * 100 / job.total
                ));
            } else if job.shown_secs > 0 {
                text.push_str(&format!(" {} s", job.shown_secs));
            }
            app.info(text);
        }
        i += 1;
    }
    changed
}

fn report(app: &mut App, work: &Work, result: Result<Vec<PathBuf>, String>) {
    match (work, result) {
        (_, Err(e)) => app.error(tr!(app.lang, "export.failed", detail = e)),
        (Work::Summary, Ok(files)) => {
            let first = files.first().map(|p| file_name(p)).unwrap_or_default();
            let dir = files
                .first()
                .and_then(|p| p.parent())
                .map(shown_dir)
                .unwrap_or_default();
            app.done(tr!(
                app.lang,
                "export.wrote_summary",
                file = first,
                dir = dir
            ));
        }
        (Work::Export(_), Ok(files)) => {
            let msg = match files.as_slice() {
                [one] => tr!(
                    app.lang,
                    "export.wrote_file",
                    file = file_name(one),
                    dir = one.parent().map(shown_dir).unwrap_or_default()
                ),
                many => tr!(
                    app.lang,
                    "export.wrote_files",
                    n = many.len(),
                    dir = many
                        .first()
                        .and_then(|p| p.parent())
                        .map(shown_dir)
                        .unwrap_or_default()
                ),
            };
            app.done(msg);
        }
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| p.display().to_string())
}

/// A directory as the user knows it: absolute, `.` resolved.
fn shown_dir(p: &Path) -> String {
    let p = if p.as_os_str().is_empty() {
        Path::new(".")
    } else {
        p
    };
    std::fs::canonicalize(p)
        .unwrap_or_else(|_| p.to_path_buf())
        .display()
        .to_string()
}

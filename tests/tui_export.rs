//! Exports from the interface: `P` writes the leadership summary, `E` opens
//! the export dialog; both run on a worker thread and say where they wrote.

use std::path::Path;
use std::time::{Duration, Instant};

use accord::i18n::Lang;
use accord::tui::app::App;
use accord::tui::testing::{demo_app, press, screen, type_text};

/// Polls the background work until `done` holds (at most ten seconds).
fn wait_for(app: &mut App, done: impl Fn(&App) -> bool) {
    let start = Instant::now();
    while !done(app) {
        app.poll_background();
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "background export did not finish; status: {:?}",
            app.status
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn p_writes_the_dated_leadership_summary_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(Lang::En, "default").unwrap();
    app.out_dir = dir.path().to_path_buf();
    press(&mut app, "P");
    assert!(status(&app).starts_with("Writing the leadership summary"));
    wait_for(&mut app, |a| a.jobs.is_empty());
    let md = dir.path().join("accord-summary-2026-11-23.md");
    let html = dir.path().join("accord-summary-2026-11-23.html");
    assert!(md.is_file() && html.is_file());
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.contains('#'), "a Markdown summary: {text}");
    assert!(std::fs::read_to_string(&html).unwrap().contains("<html"));
    let shown = std::fs::canonicalize(dir.path()).unwrap();
    assert_eq!(
        status(&app),
        format!(
            "Wrote accord-summary-2026-11-23.md and .html in {}",
            shown.display()
        )
    );
    let s = screen(&mut app, 200, 40);
    assert!(s.contains("Wrote accord-summary-2026-11-23.md"), "{s}");
}

fn export(app: &mut App, format: &str, dir: &Path) -> std::path::PathBuf {
    press(app, "E");
    let s = screen(app, 120, 40);
    assert!(s.contains("Format") && s.contains("Save to"), "{s}");
    press(app, "ctrl-u");
    type_text(app, format);
    let path = dir.join(format!("accord-export-2026-11-23.{format}"));
    // The path follows the format.
    let s = screen(app, 200, 40);
    assert!(
        s.contains(&format!("accord-export-2026-11-23.{format}")),
        "{s}"
    );
    press(app, "enter");
    assert!(app.overlays.is_empty(), "the dialog closes on Enter");
    wait_for(app, |a| a.jobs.is_empty());
    assert!(path.is_file(), "{} written", path.display());
    path
}

#[test]
fn the_export_dialog_writes_xlsx_and_ics_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(Lang::En, "default").unwrap();
    app.out_dir = dir.path().to_path_buf();
    let xlsx = export(&mut app, "xlsx", dir.path());
    let bytes = std::fs::read(&xlsx).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip");
    assert!(status(&app).starts_with("Wrote accord-export-2026-11-23.xlsx in"));
    let ics = export(&mut app, "ics", dir.path());
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR") && text.contains("BEGIN:VEVENT"));
    assert!(status(&app).starts_with("Wrote accord-export-2026-11-23.ics in"));
}

#[test]
fn the_dialog_explains_bad_choices_and_scopes_to_the_partnership_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(Lang::En, "default").unwrap();
    app.out_dir = dir.path().to_path_buf();
    press(&mut app, "E ctrl-u");
    type_text(&mut app, "pdf");
    press(&mut app, "enter");
    let s = screen(&mut app, 120, 40);
    assert!(s.contains("“pdf” is not a format accord writes"), "{s}");
    press(&mut app, "ctrl-u");
    type_text(&mut app, "md");
    press(&mut app, "tab");
    type_text(&mut app, "ZZ");
    press(&mut app, "enter");
    assert!(screen(&mut app, 120, 40).contains("ZZ is not an ISO country code"));
    // The window: human dates, checked before anything is written.
    press(&mut app, "ctrl-u tab");
    type_text(&mut app, "someday");
    press(&mut app, "enter");
    let s = screen(&mut app, 160, 40);
    assert!(s.contains("From:") && s.contains("someday"), "{s}");
    press(&mut app, "ctrl-u");
    type_text(&mut app, "2026-06-30");
    press(&mut app, "tab");
    type_text(&mut app, "2026-01-01");
    press(&mut app, "enter");
    let s = screen(&mut app, 160, 40);
    assert!(
        s.contains("The window ends (2026-01-01) before it starts (2026-06-30)"),
        "{s}"
    );
    press(&mut app, "ctrl-u");
    type_text(&mut app, "end of year");
    press(&mut app, "tab ctrl-u");
    type_text(&mut app, "no/such/folder/x.md");
    press(&mut app, "enter");
    assert!(screen(&mut app, 160, 40).contains("does not exist"));
    press(&mut app, "esc");
    assert!(app.overlays.is_empty());
    // From a partnership's row, the scope is that partnership.
    press(&mut app, "2 E");
    let s = screen(&mut app, 120, 40);
    let first = app.partnerships.current().unwrap().to_string();
    let line = s.lines().find(|l| l.contains("Scope")).unwrap_or_default();
    assert!(line.contains(&first), "{line}");
    press(&mut app, "left left left");
    press(&mut app, "enter");
    wait_for(&mut app, |a| a.jobs.is_empty());
    let md = dir.path().join("accord-export-2026-11-23.md");
    assert!(md.is_file(), "{}", status(&app));
}

#[test]
fn a_summary_that_cannot_be_written_says_why_as_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    let mut app = demo_app(Lang::En, "default").unwrap();
    app.out_dir = blocker.clone();
    press(&mut app, "P");
    wait_for(&mut app, |a| a.jobs.is_empty());
    let s = app.status.clone().unwrap();
    assert_eq!(s.tone, accord::tui::app::Tone::Error);
    assert!(
        s.text.starts_with("The export failed: could not write"),
        "{}",
        s.text
    );
    assert!(s.text.contains("not-a-folder"), "{}", s.text);
}

#[test]
fn the_dialogs_window_reaches_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(Lang::En, "default").unwrap();
    app.out_dir = dir.path().to_path_buf();
    press(&mut app, "E ctrl-u");
    type_text(&mut app, "md");
    press(&mut app, "tab tab");
    type_text(&mut app, "2026-01-01");
    press(&mut app, "tab");
    type_text(&mut app, "end of year");
    let Some(accord::tui::popups::Overlay::Export(s)) = app.overlays.last() else {
        panic!("the export dialog is open")
    };
    let (opts, _) = accord::tui::popups::export::check(&app, s).unwrap();
    assert_eq!(opts.window.from, "2026-01-01".parse().ok());
    assert_eq!(opts.window.to, "2026-12-31".parse().ok());
    press(&mut app, "enter");
    wait_for(&mut app, |a| a.jobs.is_empty());
    let md = std::fs::read_to_string(dir.path().join("accord-export-2026-11-23.md")).unwrap();
    assert!(
        md.contains("2026-01-01"),
        "the window is stated in the summary"
    );
}

//! The export dialog: a format, an optional scope (everything, one
//! partnership, a country, an owner), an optional date window (human
//! dates, either end open) and a path with a dated default.
//! Enter starts the export on a worker thread (see [`crate::tui::jobs`]);
//! what is wrong with the choices is said in the dialog.

use std::path::{Path, PathBuf};

use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Overlay, centred, frame_box};
use crate::exchange::{ExportOptions, Format, Scope};
use crate::model::{Id, Kind, is_country};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::jobs;
use crate::tui::text;
use crate::tui::widgets::input::LineInput;
use crate::tui::words::tr;

/// The fields, top to bottom.
const FIELDS: usize = 5;
const FORMAT: usize = 0;
const SCOPE: usize = 1;
const FROM: usize = 2;
const TO: usize = 3;
const PATH: usize = 4;

pub struct ExportState {
    pub format: LineInput,
    pub scope: LineInput,
    /// The window's first and last day, as typed (`2026-01-01`, `-3m`…).
    pub from: LineInput,
    pub to: LineInput,
    pub path: LineInput,
    /// The field with the focus: [`FORMAT`], [`SCOPE`], [`FROM`], [`TO`]
    /// or [`PATH`].
    pub focus: usize,
    /// Whether the path was typed (else it follows the format).
    pub path_typed: bool,
    pub error: Option<String>,
}

/// Opens the dialog; the scope starts as the partnership on screen, if any.
pub fn open(app: &mut App) {
    let scope = current_partnership(app)
        .map(|id| id.to_string())
        .unwrap_or_default();
    let format = Format::Xlsx;
    app.overlays.push(Overlay::Export(ExportState {
        format: LineInput::new(format.extension()),
        scope: LineInput::new(&scope),
        from: LineInput::new(""),
        to: LineInput::new(""),
        path: LineInput::new(&default_path(app, format)),
        focus: 0,
        path_typed: false,
        error: None,
    }));
}

/// The partnership open full screen, or the selected row of the
/// partnerships table.
fn current_partnership(app: &App) -> Option<Id> {
    if let Some(d) = app.details.last() {
        return (d.id.kind == Kind::Partnership).then_some(d.id);
    }
    if app.view == crate::tui::views::View::Partnerships {
        return app.partnerships.current();
    }
    None
}

/// `accord-export-YYYY-MM-DD.ext` in the output directory; for CSV a
/// directory of that name, one file per entity.
pub fn default_path(app: &App, format: Format) -> String {
    let stem = format!("accord-export-{}", app.clock.today().format("%Y-%m-%d"));
    let name = match format {
        Format::Csv => stem,
        f => format!("{stem}.{}", f.extension()),
    };
    app.out_dir.join(name).display().to_string()
}

fn state(app: &mut App) -> Option<&mut ExportState> {
    match app.overlays.last_mut() {
        Some(Overlay::Export(s)) => Some(s),
        _ => None,
    }
}

fn field(s: &mut ExportState) -> &mut LineInput {
    match s.focus {
        FORMAT => &mut s.format,
        SCOPE => &mut s.scope,
        FROM => &mut s.from,
        TO => &mut s.to,
        _ => &mut s.path,
    }
}

pub fn type_char(app: &mut App, c: char) {
    if let Some(s) = state(app) {
        field(s).insert(c);
        edited(app);
    }
}

/// After an edit: clear the message, let the path follow the format.
fn edited(app: &mut App) {
    let Some(Overlay::Export(s)) = app.overlays.last() else {
        return;
    };
    let follow = !s.path_typed && s.focus == FORMAT;
    let format = Format::parse(&s.format.text());
    let path = format.map(|f| default_path(app, f));
    if let Some(s) = state(app) {
        s.error = None;
        if s.focus == PATH {
            s.path_typed = true;
        }
        if follow && let Some(p) = path {
            s.path.set(&p);
        }
    }
}

pub fn update(app: &mut App, action: Action) -> bool {
    let Some(s) = state(app) else { return false };
    match action {
        Action::NextField | Action::Down => s.focus = (s.focus + 1) % FIELDS,
        Action::PrevField | Action::Up => s.focus = (s.focus + FIELDS - 1) % FIELDS,
        Action::Left | Action::Right if s.focus == FORMAT => {
            let all = Format::ALL;
            let n = all.len();
            let i = Format::parse(&s.format.text())
                .and_then(|f| all.iter().position(|x| *x == f))
                .unwrap_or(0);
            let j = if action == Action::Right {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            s.format.set(all[j].extension());
            edited(app);
        }
        Action::Close => {
            app.overlays.pop();
        }
        Action::Submit | Action::Save => submit(app),
        a => {
            if field(s).edit(a) {
                edited(app);
            } else {
                return false;
            }
        }
    }
    true
}

fn submit(app: &mut App) {
    let Some(Overlay::Export(s)) = app.overlays.last() else {
        return;
    };
    let checked = check(app, s);
    match checked {
        Ok((opts, path)) => {
            app.overlays.pop();
            jobs::start_export(app, opts, path);
        }
        Err(e) => {
            if let Some(s) = state(app) {
                s.error = Some(e);
            }
        }
    }
}

/// The export the dialog describes, or what is wrong with it.
pub fn check(app: &App, s: &ExportState) -> Result<(ExportOptions, PathBuf), String> {
    let typed = s.format.text();
    let format = Format::parse(&typed).ok_or_else(|| {
        tr!(
            app.lang,
            "export.bad_format",
            format = typed.trim().to_string()
        )
    })?;
    let mut opts = ExportOptions::new(format, app.lang, app.clock.as_ref());
    opts.scope = scope(app, &s.scope.text())?;
    let today = app.clock.today();
    let day = |typed: String, field: &str| -> Result<Option<chrono::NaiveDate>, String> {
        let t = typed.trim();
        if t.is_empty() {
            return Ok(None);
        }
        crate::dates::parse_date(t, today)
            .map(Some)
            .map_err(|e| format!("{field}: {e}"))
    };
    opts.window.from = day(s.from.text(), &tr!(app.lang, "export.from"))?;
    opts.window.to = day(s.to.text(), &tr!(app.lang, "export.to"))?;
    if let (Some(f), Some(t)) = (opts.window.from, opts.window.to)
        && t < f
    {
        return Err(tr!(
            app.lang,
            "export.bad_window",
            from = f.to_string(),
            to = t.to_string()
        ));
    }
    let path = path(app, &s.path.text(), format)?;
    Ok((opts, path))
}

fn scope(app: &App, typed: &str) -> Result<Scope, String> {
    let t = typed.trim();
    let mut scope = Scope::default();
    if t.is_empty() || t.eq_ignore_ascii_case("all") {
        return Ok(scope);
    }
    if let Ok(id) = t.parse::<Id>() {
        if id.kind != Kind::Partnership || app.data.get(id).is_none() {
            return Err(tr!(app.lang, "export.bad_partnership", id = t.to_string()));
        }
        scope.partnership = Some(id);
    } else if t.chars().count() == 2 && t.chars().all(|c| c.is_ascii_alphabetic()) {
        if !is_country(t) {
            return Err(tr!(app.lang, "export.bad_country", code = t.to_string()));
        }
        scope.country = Some(t.to_ascii_uppercase());
    } else if let Some(owner) = app.data.owners.iter().find(|o| o.eq_ignore_ascii_case(t)) {
        scope.owner = Some(owner.clone());
    } else {
        return Err(tr!(app.lang, "export.bad_scope", scope = t.to_string()));
    }
    Ok(scope)
}

fn path(app: &App, typed: &str, format: Format) -> Result<PathBuf, String> {
    let t = typed.trim();
    if t.is_empty() {
        return Err(tr!(app.lang, "export.no_path"));
    }
    let raw = Path::new(t);
    let path = if raw.is_absolute() {
        raw.to_path_buf()
    } else {
        app.out_dir.join(raw)
    };
    if format != Format::Csv && path.is_dir() {
        return Err(tr!(
            app.lang,
            "export.path_is_dir",
            path = path.display().to_string()
        ));
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !parent.is_dir() {
        return Err(tr!(
            app.lang,
            "export.no_folder",
            dir = parent.display().to_string()
        ));
    }
    Ok(path)
}

pub fn render(app: &App, s: &ExportState, frame: &mut Frame, body: Rect) {
    let th = &app.theme;
    let area = centred(body, 76, 11);
    let inner = frame_box(app, frame, area, &tr!(app.lang, "export.title"));
    if inner.height < 2 || inner.width < 20 {
        return;
    }
    let labels = [
        tr!(app.lang, "export.format"),
        tr!(app.lang, "export.scope"),
        tr!(app.lang, "export.from"),
        tr!(app.lang, "export.to"),
        tr!(app.lang, "export.path"),
    ];
    let lw = labels.iter().map(|l| text::width(l)).max().unwrap_or(0) + 2;
    let lw = lw.min(usize::from(inner.width) / 3) as u16;
    let inputs = [&s.format, &s.scope, &s.from, &s.to, &s.path];
    for (i, (label, input)) in labels.iter().zip(inputs).enumerate() {
        let y = inner.y + i as u16;
        if y >= inner.bottom() {
            return;
        }
        let focus = s.focus == i;
        let style = if focus { th.key() } else { th.dim() };
        frame.buffer_mut().set_stringn(
            inner.x,
            y,
            text::truncate(label, usize::from(lw)),
            usize::from(lw),
            style,
        );
        input.render(
            frame,
            Rect::new(inner.x + lw, y, inner.width - lw, 1),
            th.panel(),
            focus,
        );
    }
    let y = inner.y + FIELDS as u16 + 1;
    if y >= inner.bottom() {
        return;
    }
    let (msg, style) = match &s.error {
        Some(e) => (e.clone(), th.error()),
        None => {
            let key = match s.focus {
                FORMAT => "export.format_hint",
                SCOPE => "export.scope_hint",
                FROM | TO => "export.window_hint",
                _ => "export.path_hint",
            };
            (crate::tui::words::lookup(app.lang, key), th.dim())
        }
    };
    let w = usize::from(inner.width);
    let lines = text::wrap(&text::clean(&msg), w);
    for (k, line) in lines.iter().enumerate() {
        let yy = y + k as u16;
        if yy >= inner.bottom() {
            break;
        }
        frame.buffer_mut().set_stringn(inner.x, yy, line, w, style);
    }
}

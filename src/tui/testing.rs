//! Driving the interface without a terminal: build a session on the demo
//! data at a fixed day, press keys, render to a `TestBackend`. Used by the
//! integration tests, the benchmarks and the screenshots example.

use std::sync::Arc;

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use super::app::App;
use super::keymap::{self, Key, Keymap};
use crate::clock::{FixedClock, SharedClock};
use crate::i18n::Lang;
use crate::model::{Id, Kind, Record};
use crate::store::{
    Applied, ChangeSet, DueEntry, HistoryEntry, Problem, Progress, Result as StoreResult,
    SledStore, Snapshot, Store, Version,
};

/// The day the demo data, snapshots and screenshots are rendered at.
pub fn demo_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

/// A shipped keymap by name (`default` or `vim`).
pub fn shipped_keymap(name: &str, lang: Lang) -> Keymap {
    let (text, file) = match name {
        "vim" => (keymap::VIM_TOML, "vim.toml"),
        _ => (keymap::DEFAULT_TOML, "default.toml"),
    };
    let mut km = keymap::parse(text, file, lang).unwrap_or_default();
    km.name = name.to_string();
    km
}

/// A temporary store at the demo day, empty.
pub fn empty_store() -> Result<Arc<dyn Store>, String> {
    let clock: SharedClock = Arc::new(FixedClock(demo_day()));
    let s = SledStore::temporary(clock).map_err(|e| e.to_string())?;
    Ok(Arc::new(s))
}

/// A session on a store.
pub fn app_on(store: Arc<dyn Store>, lang: Lang, keymap: &str) -> Result<App, String> {
    let clock: SharedClock = Arc::new(FixedClock(demo_day()));
    App::new(store, clock, lang, shipped_keymap(keymap, lang), false)
}

/// A session on a fresh temporary store holding the demo data.
pub fn demo_app(lang: Lang, keymap: &str) -> Result<App, String> {
    let store = empty_store()?;
    crate::demo::load_demo(store.as_ref(), demo_day()).map_err(|e| e.to_string())?;
    app_on(store, lang, keymap)
}

/// Presses keys written as in keymap files, separated by spaces
/// (`5 down d`, `ctrl-k`, `g g`). Unknown names panic: tests only.
pub fn press(app: &mut App, keys: &str) {
    for k in keys.split_whitespace() {
        match Key::parse(k) {
            Ok(key) => app.key(key),
            Err(e) => panic!("bad key in test: {e}"),
        }
    }
}

/// Types text into whatever has the focus, one character at a time.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.key(Key::char(c));
    }
}

/// Renders one frame at `width`×`height`.
pub fn render(app: &mut App, width: u16, height: u16) -> Buffer {
    app.size = (width, height);
    match Terminal::new(TestBackend::new(width, height)) {
        Ok(mut t) => {
            let _ = t.draw(|f| super::views::render(app, f));
            t.backend().buffer().clone()
        }
        Err(e) => panic!("test backend: {e}"),
    }
}

/// The text of a buffer, one line per row, wide characters once.
pub fn buffer_text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let s = buf[(x, y)].symbol();
            skip = super::text::width(s).saturating_sub(1);
            line.push_str(s);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Renders and returns the screen as text.
pub fn screen(app: &mut App, width: u16, height: u16) -> String {
    buffer_text(&render(app, width, height))
}

/// The pictures in `screenshots/`: (file name, what it shows, keys that
/// lead there from the dashboard, language, width, height).
pub const SCREENSHOTS: &[(&str, &str, &str, &str, u16, u16)] = &[
    ("dashboard.svg", "Dashboard", "", "en", 120, 40),
    (
        "dashboard-zh.svg",
        "Dashboard in Chinese",
        "",
        "zh",
        120,
        40,
    ),
    (
        "partnerships.svg",
        "Partnerships with the detail pane",
        "2 down",
        "en",
        120,
        40,
    ),
    ("agreements.svg", "Agreements by expiry", "3", "en", 120, 40),
    (
        "institutions.svg",
        "Institutions with names in every script",
        "4 down down",
        "en",
        120,
        40,
    ),
    (
        "detail.svg",
        "A partnership with everything linked",
        "2 enter",
        "en",
        120,
        40,
    ),
    (
        "triage.svg",
        "Triage, two items selected, the record beside",
        "5 down space down space v",
        "en",
        120,
        40,
    ),
    ("triage-zh.svg", "Triage in Chinese", "5", "zh", 120, 40),
    (
        "triage-reschedule.svg",
        "Rescheduling with a human date",
        "5 down r f r i",
        "en",
        120,
        40,
    ),
    ("triage-80x24.svg", "Triage at 80x24", "5", "en", 80, 24),
    ("calendar.svg", "Calendar month grid", "6", "en", 120, 40),
    (
        "calendar-week.svg",
        "Calendar week agenda",
        "6 m",
        "en",
        120,
        40,
    ),
    (
        "search.svg",
        "Search by pinyin initials",
        "ctrl-k s g y y",
        "en",
        120,
        40,
    ),
    (
        "help.svg",
        "Help generated from the keymap",
        "5 ?",
        "en",
        120,
        40,
    ),
    (
        "form.svg",
        "Agreement form with a date error",
        "3 n",
        "en",
        120,
        40,
    ),
    (
        "welcome.svg",
        "Welcome screen on an empty database",
        "",
        "en",
        120,
        40,
    ),
];

/// Renders every picture of [`SCREENSHOTS`]: (file name, SVG).
pub fn screenshots() -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for (file, what, keys, lang, w, h) in SCREENSHOTS {
        let lang = Lang::parse(lang).unwrap_or(Lang::En);
        let mut app = if *file == "welcome.svg" {
            app_on(empty_store()?, lang, "default")?
        } else {
            demo_app(lang, "default")?
        };
        press(&mut app, keys);
        if *file == "form.svg" {
            type_text(&mut app, "Resident exchange with Almaty");
            press(&mut app, "tab");
            type_text(&mut app, "anesthesia");
            press(&mut app, "enter tab tab tab tab tab");
            type_text(&mut app, "the 31st of never");
            press(&mut app, "ctrl-s");
        }
        let buf = render(&mut app, *w, *h);
        out.push((
            file.to_string(),
            super::svg::render(&buf, &format!("accord — {what}")),
        ));
    }
    Ok(out)
}

/// A store shared with a colleague, for tests of live refresh: delegates
/// to a temporary [`SledStore`] holding the demo data, reads every change
/// made after the demo data back from history as made by `lina`, and fails the reads a watcher makes
/// ([`Store::version`], [`Store::history_after`]) while
/// [`Shared::set_unreachable`] is on, like a team server out of reach.
pub struct Shared {
    inner: Arc<dyn Store>,
    unreachable: std::sync::atomic::AtomicBool,
    /// The last change of the demo data.
    demo: u64,
    /// What [`Store::staff`] answers (login, display name).
    staff: Vec<(String, String)>,
}

impl Shared {
    /// The demo data at `day`, on a temporary store.
    pub fn demo(day: NaiveDate) -> Result<Shared, String> {
        let clock: SharedClock = Arc::new(FixedClock(day));
        let s = SledStore::temporary(clock).map_err(|e| e.to_string())?;
        crate::demo::load_demo(&s, day).map_err(|e| e.to_string())?;
        let demo = s.version().map_err(|e| e.to_string())?.seq;
        Ok(Shared {
            demo,
            inner: Arc::new(s),
            unreachable: std::sync::atomic::AtomicBool::new(false),
            staff: Vec::new(),
        })
    }

    /// The same, with the staff a team server would know (login, display
    /// name).
    pub fn with_staff(mut self, staff: &[(&str, &str)]) -> Shared {
        self.staff = staff
            .iter()
            .map(|(l, n)| (l.to_string(), n.to_string()))
            .collect();
        self
    }

    /// Makes the watcher's reads fail (`true`) or work again.
    pub fn set_unreachable(&self, on: bool) {
        self.unreachable
            .store(on, std::sync::atomic::Ordering::Relaxed);
    }

    /// The store underneath, which always answers.
    pub fn inner(&self) -> &dyn Store {
        self.inner.as_ref()
    }

    fn reachable(&self) -> crate::store::Result<()> {
        if self.unreachable.load(std::sync::atomic::Ordering::Relaxed) {
            Err(crate::store::StoreError::Io {
                path: "team server".into(),
                detail: "connection refused".into(),
            })
        } else {
            Ok(())
        }
    }

    /// Names the colleague as the author of the changes after the demo data.
    fn by_lina(&self, mut entries: Vec<HistoryEntry>) -> Vec<HistoryEntry> {
        for e in entries.iter_mut().filter(|e| e.seq > self.demo) {
            e.author = Some("lina".into());
        }
        entries
    }
}

impl Store for Shared {
    fn location(&self) -> String {
        self.inner.location()
    }
    fn get(&self, id: Id) -> StoreResult<Option<Record>> {
        self.inner.get(id)
    }
    fn list(&self, kind: Kind) -> StoreResult<Vec<Record>> {
        self.inner.list(kind)
    }
    fn count(&self, kind: Kind) -> StoreResult<usize> {
        self.inner.count(kind)
    }
    fn next_id(&self, kind: Kind) -> StoreResult<Id> {
        self.inner.next_id(kind)
    }
    fn apply(&self, change: ChangeSet) -> StoreResult<Applied> {
        self.inner.apply(change)
    }
    fn due(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        include_undated: bool,
    ) -> StoreResult<Vec<DueEntry>> {
        self.inner.due(from, to, include_undated)
    }
    fn expiring_before(&self, date: NaiveDate) -> StoreResult<Vec<Id>> {
        self.inner.expiring_before(date)
    }
    fn referrers(&self, id: Id) -> StoreResult<Vec<Id>> {
        self.inner.referrers(id)
    }
    fn history(&self, id: Option<Id>, limit: usize) -> StoreResult<Vec<HistoryEntry>> {
        self.inner.history(id, limit).map(|e| self.by_lina(e))
    }
    fn undo(&self, summary_prefix: &str) -> StoreResult<Option<HistoryEntry>> {
        self.inner.undo(summary_prefix)
    }
    fn check(&self) -> StoreResult<Vec<Problem>> {
        self.inner.check()
    }
    fn snapshot(&self) -> StoreResult<Snapshot> {
        self.inner.snapshot()
    }
    fn restore(&self, snapshot: &Snapshot, force: bool) -> StoreResult<()> {
        self.inner.restore(snapshot, force)
    }
    fn read_everything(&self, progress: &Progress) -> StoreResult<Vec<Record>> {
        self.inner.read_everything(progress)
    }
    fn version(&self) -> StoreResult<Version> {
        self.reachable()?;
        self.inner.version()
    }
    fn history_after(&self, seq: u64, limit: usize) -> StoreResult<Vec<HistoryEntry>> {
        self.reachable()?;
        self.inner
            .history_after(seq, limit)
            .map(|e| self.by_lina(e))
    }
    fn author(&self) -> String {
        self.inner.author()
    }
    fn staff(&self) -> StoreResult<Vec<(String, String)>> {
        Ok(self.staff.clone())
    }
}

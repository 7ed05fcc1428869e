//! The state of one session and the way keys reach it.

use std::sync::Arc;

use crate::clock::SharedClock;
use crate::i18n::Lang;
use crate::model::{Id, Kind};
use crate::search::{SearchIndex, cache};
use crate::store::{ChangeSet, Store};

use super::action::Action;
use super::data::{Data, Stats, compute_stats};
use super::find::Finder;
use super::keymap::{Key, Keymap, KeymapError, Resolved, Section};
use super::popups::Overlay;
use super::theme::Theme;
use super::update;
use super::views::View;
use super::views::calendar::CalendarState;
use super::views::dashboard::DashboardState;
use super::views::detail::DetailState;
use super::views::table::TableState;
use super::views::triage::TriageState;
use super::words::tr;

/// How a status message should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Done,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub tone: Tone,
}

pub struct App {
    pub store: Arc<dyn Store>,
    pub clock: SharedClock,
    pub lang: Lang,
    pub theme: Theme,
    pub keymap: Keymap,
    /// Keys typed so far of a multi-key sequence.
    pub pending: Vec<Key>,
    pub data: Data,
    pub finder: Finder,
    pub stats: Stats,
    /// Partnerships silent this many days count as "no contact".
    pub stale_days: u32,
    pub view: View,
    pub dashboard: DashboardState,
    pub partnerships: TableState,
    pub agreements: TableState,
    pub institutions: TableState,
    pub triage: TriageState,
    pub calendar: CalendarState,
    /// Records opened full screen, most recent last; Back closes one.
    pub details: Vec<DetailState>,
    /// Popups, topmost last; the topmost gets the keys.
    pub overlays: Vec<Overlay>,
    pub status: Option<Status>,
    /// The search index being built in the background, and the records
    /// changed meanwhile (re-indexed when it arrives).
    indexing: Option<(std::sync::mpsc::Receiver<Finder>, Vec<Id>)>,
    /// Exports running on worker threads.
    pub jobs: Vec<super::jobs::Job>,
    /// Others' changes, taken in as they happen (see [`super::live`]).
    pub live: super::live::LiveState,
    /// Where the leadership summary and exports go by default (the
    /// directory accord was started in).
    pub out_dir: std::path::PathBuf,
    /// The terminal size of the last frame, for page moves and mouse hits.
    pub size: (u16, u16),
    /// Who "mine" means, as owners are written (see [`crate::store::me`]).
    pub me: String,
    /// The names of the staff (the team server's and the staff
    /// directory's), read at start and after the directory changes: the
    /// first owner suggestions.
    pub staff: Vec<String>,
    pub quit: bool,
}

impl App {
    /// A session on `store`; reads every record once and builds the
    /// search index before returning.
    pub fn new(
        store: Arc<dyn Store>,
        clock: SharedClock,
        lang: Lang,
        keymap: Keymap,
        no_color: bool,
    ) -> Result<App, String> {
        let mut app = App::without_index(store, clock, lang, keymap, no_color)?;
        app.finder = Finder::new(&app.data);
        app.sync_views();
        Ok(app)
    }

    /// A session whose search index is built on another thread, so that
    /// the first frame does not wait for it ([`App::poll_background`]
    /// takes it in).
    pub fn with_background_index(
        store: Arc<dyn Store>,
        clock: SharedClock,
        lang: Lang,
        keymap: Keymap,
        no_color: bool,
    ) -> Result<App, String> {
        let mut app = App::without_index(store, clock, lang, keymap, no_color)?;
        app.index_in_background();
        Ok(app)
    }

    /// A session over records already read (see [`super::loading`]); the
    /// search index is built on another thread.
    pub fn from_data(
        store: Arc<dyn Store>,
        clock: SharedClock,
        lang: Lang,
        keymap: Keymap,
        no_color: bool,
        data: Data,
    ) -> App {
        let mut app = App::assemble(store, clock, lang, keymap, no_color, data);
        app.index_in_background();
        app
    }

    /// Loads the search index from the search cache beside the database
    /// when it is for this database (catching up with the changes made
    /// since), else builds it from the records held and saves it for the
    /// next start; on another thread either way.
    pub(crate) fn index_in_background(&mut self) {
        let (tx, rx) = std::sync::mpsc::channel();
        let thread = std::thread::Builder::new().name("accord-index".into());
        let spawned = if matches!(cache::probe(self.store.as_ref()), Ok(Ok(()))) {
            let store = self.store.clone();
            thread.spawn(move || {
                // A damaged file is built from the store instead; a store
                // that cannot be read leaves it to `poll_index`.
                if let Ok((index, _)) = cache::load(store.as_ref()) {
                    let _ = tx.send(Finder::from_index(index));
                }
            })
        } else {
            let snapshot = self.data.snapshot();
            // No change was made since the records were read.
            let saving = self.store.directory().zip(self.store.version().ok());
            thread.spawn(move || {
                let records: Vec<crate::model::Record> =
                    snapshot.iter().flatten().cloned().collect();
                drop(snapshot);
                let index = SearchIndex::build(&records);
                drop(records);
                if let Some((dir, version)) = saving {
                    let _ = cache::write(&dir, &index, version);
                }
                let _ = tx.send(Finder::from_index(index));
            })
        };
        match spawned {
            Ok(_) => self.indexing = Some((rx, Vec::new())),
            // No thread to spare: build it here.
            Err(_) => self.finder = Finder::new(&self.data),
        }
    }

    /// Takes in work finished in the background; `true` when something
    /// changed on screen.
    pub fn poll_background(&mut self) -> bool {
        let jobs = super::jobs::poll(self);
        let live = self.poll_live();
        self.poll_index() || jobs || live
    }

    fn poll_index(&mut self) -> bool {
        let Some((rx, _)) = &self.indexing else {
            return false;
        };
        match rx.try_recv() {
            Ok(finder) => {
                let changed = self.indexing.take().map(|(_, c)| c).unwrap_or_default();
                self.finder = finder;
                self.finder.refresh(&self.data, &changed);
                self.sync_views();
                crate::tui::popups::search::rerun(self);
                crate::tui::popups::form::picker::rerun(self);
                super::memory::give_back();
                true
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => false,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                // The thread died: build the index here rather than never.
                self.indexing = None;
                self.finder = Finder::new(&self.data);
                self.sync_views();
                true
            }
        }
    }

    /// Whether the search index is still being built.
    pub fn indexing(&self) -> bool {
        self.indexing.is_some()
    }

    /// Whether work runs in the background (the index, exports, every
    /// record read again).
    pub fn busy(&self) -> bool {
        self.indexing() || !self.jobs.is_empty() || self.live.reloading()
    }

    fn without_index(
        store: Arc<dyn Store>,
        clock: SharedClock,
        lang: Lang,
        keymap: Keymap,
        no_color: bool,
    ) -> Result<App, String> {
        let data = Data::load(store.as_ref(), clock.today()).map_err(|e| e.to_string())?;
        Ok(App::assemble(store, clock, lang, keymap, no_color, data))
    }

    fn assemble(
        store: Arc<dyn Store>,
        clock: SharedClock,
        lang: Lang,
        keymap: Keymap,
        no_color: bool,
        data: Data,
    ) -> App {
        let today = data.today;
        let finder = Finder::default();
        let me = store.author();
        // Read once: the owner suggestions and who "mine" means.
        let known = store.staff().unwrap_or_default();
        let mine = crate::store::me_among(&me, &known, None);
        let directory = crate::staff::directory(store.as_ref()).unwrap_or_default();
        let staff = super::popups::staff::known_names(&known, &directory);
        let mut app = App {
            store,
            clock,
            lang,
            theme: Theme::new(no_color),
            keymap,
            pending: Vec::new(),
            stats: Stats::default(),
            stale_days: 90,
            view: View::Dashboard,
            dashboard: DashboardState::default(),
            partnerships: TableState::new(crate::model::Kind::Partnership),
            agreements: TableState::new(crate::model::Kind::Agreement),
            institutions: TableState::new(crate::model::Kind::Institution),
            triage: TriageState::default(),
            calendar: CalendarState::new(today),
            details: Vec::new(),
            overlays: Vec::new(),
            status: None,
            indexing: None,
            jobs: Vec::new(),
            live: super::live::LiveState::new(me, crate::staff::Authors::new(&known)),
            out_dir: std::env::current_dir().unwrap_or_else(|_| ".".into()),
            size: (120, 40),
            me: mine,
            staff,
            quit: false,
            data,
            finder,
        };
        app.sync_views();
        app
    }

    /// Sets who "mine" means from the configuration file's `me`, if set
    /// (else it stays my display name or login; see [`crate::store::me`]).
    pub fn set_me(&mut self, configured: Option<&str>) {
        if let Some(m) = configured.map(str::trim).filter(|m| !m.is_empty()) {
            self.me = m.to_string();
        }
    }

    /// Reports keymap problems found at start (the default is in force).
    pub fn report_keymap_errors(&mut self, errors: &[KeymapError]) {
        if let Some(first) = errors.first() {
            let more = if errors.len() > 1 {
                tr!(self.lang, "status.more_problems", n = errors.len() - 1)
            } else {
                String::new()
            };
            self.error(tr!(
                self.lang,
                "status.keymap_broken",
                problem = first.to_string(),
                more = more
            ));
        }
    }

    /// The keymap section that receives keys now.
    pub fn section(&self) -> Section {
        if let Some(o) = self.overlays.last() {
            return o.section();
        }
        if self.table().is_some_and(|t| t.editing_filter) {
            return Section::Prompt;
        }
        if self.data.is_empty() {
            return Section::Welcome;
        }
        if !self.details.is_empty() {
            return Section::Detail;
        }
        self.view.section()
    }

    /// Handles one key press.
    pub fn key(&mut self, key: Key) {
        let section = self.section();
        let explicit = self
            .keymap
            .bindings(section)
            .iter()
            .any(|b| b.keys.len() == 1 && b.keys[0] == key);
        if section.takes_text()
            && self.pending.is_empty()
            && !explicit
            && let Some(c) = key.text()
        {
            update::type_char(self, c);
            return;
        }
        match self.keymap.resolve(section, &self.pending, key) {
            Resolved::Action(a) => {
                self.pending.clear();
                self.act(a);
            }
            Resolved::Pending => self.pending.push(key),
            Resolved::Unbound => {
                self.pending.clear();
                let help = self
                    .keymap
                    .key_for(section, Action::Help)
                    .unwrap_or_else(|| "?".into());
                self.info(tr!(
                    self.lang,
                    "status.unbound",
                    key = key.to_string(),
                    help = help
                ));
            }
        }
    }

    /// Runs an action (what a key resolved to).
    pub fn act(&mut self, action: Action) {
        update::update(self, action);
    }

    /// Called about once a second: a new day moves buckets and deadlines.
    pub fn tick(&mut self) {
        let today = self.clock.today();
        if today != self.data.today {
            self.data.set_today(today);
            self.sync_views();
        }
    }

    pub fn info(&mut self, text: String) {
        self.status = Some(Status {
            text,
            tone: Tone::Info,
        });
    }

    pub fn done(&mut self, text: String) {
        self.status = Some(Status {
            text,
            tone: Tone::Done,
        });
    }

    pub fn error(&mut self, text: String) {
        self.status = Some(Status {
            text,
            tone: Tone::Error,
        });
    }

    /// The key that undoes, for messages ("u to undo").
    pub fn undo_key(&self) -> String {
        self.keymap
            .key_for(Section::Global, Action::Undo)
            .unwrap_or_else(|| "undo".into())
    }

    /// Stores a change, refreshes memory and says what happened and how
    /// to undo it. Returns the ids touched, or `None` after an error
    /// (which the status bar shows).
    pub fn apply(&mut self, change: ChangeSet, message: String) -> Option<Vec<Id>> {
        match self.store.apply(change) {
            Ok(applied) => {
                self.live.own_write(applied.seq);
                self.refresh(&applied.ids);
                let undo = self.undo_key();
                let message = if applied.recovered {
                    tr!(self.lang, "status.recovered", what = message)
                } else {
                    message
                };
                self.done(tr!(
                    self.lang,
                    "status.with_undo",
                    what = message,
                    key = undo
                ));
                Some(applied.ids)
            }
            Err(e) => {
                self.error(e.to_string());
                None
            }
        }
    }

    /// Reverts the last change, from anywhere.
    pub fn undo(&mut self) {
        let prefix = tr!(self.lang, "history.undo_prefix");
        match self.store.undo(&prefix) {
            Ok(Some(entry)) => {
                self.live.own_undo(entry.seq);
                let ids: Vec<Id> = entry.changes.iter().map(|c| c.id).collect();
                self.refresh(&ids);
                // In triage, the eyes go to the item that came back.
                if let Some(key) = self
                    .data
                    .due
                    .iter()
                    .find(|d| ids.contains(&d.id))
                    .map(crate::due::DueItem::key)
                {
                    let data = &self.data;
                    self.triage.select_key(data, &key);
                }
                self.done(tr!(self.lang, "status.undone", what = entry.summary));
            }
            Ok(None) => self.info(tr!(self.lang, "status.nothing_to_undo")),
            Err(e) => self.error(e.to_string()),
        }
    }

    /// Re-reads records after a change and lets every view catch up.
    pub fn refresh(&mut self, ids: &[Id]) {
        let counted_all = match self.data.refresh(self.store.as_ref(), ids) {
            Ok(all) => all,
            Err(e) => {
                self.error(e.to_string());
                true
            }
        };
        self.finder.refresh(&self.data, ids);
        if let Some((_, changed)) = &mut self.indexing {
            changed.extend_from_slice(ids);
        }
        // Action items and follow-ups move only the dashboard's deadline
        // figures (the rest are partnerships, agreements and notes), unless
        // one moved and took notes along (everything was counted again).
        if !counted_all
            && ids
                .iter()
                .all(|id| matches!(id.kind, Kind::Action | Kind::FollowUp))
        {
            crate::tui::data::stats::recount_due(&mut self.stats, &self.data);
            self.sync_lists();
        } else {
            self.sync_views();
        }
    }

    /// Rebuilds what the views derive from data (after a change, a new
    /// day, a language switch).
    pub fn sync_views(&mut self) {
        self.stats = compute_stats(&self.data, self.stale_days);
        self.sync_lists();
    }

    /// The tables, queue, calendar and open records after a change.
    /// Tables out of sight are only marked behind, and catch up when
    /// shown ([`App::show_table`]): at a million records each sync sorts
    /// hundreds of thousands of rows.
    fn sync_lists(&mut self) {
        for (view, t) in [
            (View::Partnerships, &mut self.partnerships),
            (View::Agreements, &mut self.agreements),
            (View::Institutions, &mut self.institutions),
        ] {
            if view == self.view {
                t.sync(&self.data, &self.finder, self.lang);
            } else {
                t.behind = true;
            }
        }
        self.triage.sync(&self.data);
        self.details.retain(|d| self.data.get(d.id).is_some());
        for d in &mut self.details {
            d.reload(self.store.as_ref());
        }
    }

    /// Brings the table of the current view up to date if changes were
    /// made while it was out of sight.
    pub fn show_table(&mut self) {
        let t = match self.view {
            View::Partnerships => &mut self.partnerships,
            View::Agreements => &mut self.agreements,
            View::Institutions => &mut self.institutions,
            _ => return,
        };
        if t.behind {
            t.sync(&self.data, &self.finder, self.lang);
        }
    }

    /// The table of the current view, if it is one.
    pub fn table(&self) -> Option<&TableState> {
        match self.view {
            View::Partnerships => Some(&self.partnerships),
            View::Agreements => Some(&self.agreements),
            View::Institutions => Some(&self.institutions),
            _ => None,
        }
    }

    pub fn table_mut(&mut self) -> Option<&mut TableState> {
        match self.view {
            View::Partnerships => Some(&mut self.partnerships),
            View::Agreements => Some(&mut self.agreements),
            View::Institutions => Some(&mut self.institutions),
            _ => None,
        }
    }

    /// Opens a record full screen (from search, a link, the triage queue).
    pub fn open(&mut self, id: Id) {
        if self.data.get(id).is_none() {
            self.error(tr!(self.lang, "status.gone", id = id.to_string()));
            return;
        }
        self.overlays.clear();
        let mut d = DetailState::new(id);
        d.reload(self.store.as_ref());
        self.details.push(d);
    }

    /// Rows that fit in the body, for page moves.
    pub fn page(&self) -> usize {
        usize::from(self.size.1.saturating_sub(8)).max(1)
    }
}

impl App {
    /// Pasted text goes into the text field that has the focus, as if typed
    /// (line breaks become spaces).
    pub fn paste(&mut self, s: &str) {
        if !self.section().takes_text() {
            return;
        }
        let text: String = s
            .chars()
            .take(4000)
            .map(|c| {
                if matches!(c, '\n' | '\r' | '\t') {
                    ' '
                } else {
                    c
                }
            })
            .filter(|c| !c.is_control())
            .collect();
        update::type_str(self, &text);
    }
}

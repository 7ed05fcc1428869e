//! Colleagues' changes, live: a [`watch`] thread notices changes made
//! elsewhere and the event loop takes them in through
//! [`App::poll_background`] — the records they touched are read again, the
//! views keep their cursors, and the status line says who changed what.
//! A restore makes every record be read again (on a worker thread); a store
//! out of reach shows "offline since …" until it answers again.

mod watch;

use std::collections::{BTreeSet, HashSet};
use std::sync::mpsc::{Receiver, TryRecvError};

use chrono::{DateTime, Local, Utc};

use super::app::{App, Tone};
use super::data::Data;
use super::words::tr;
use crate::i18n::Lang;
use crate::model::Id;
use crate::store::HistoryEntry;

pub use watch::{Feed, Live, Timing, Watch, start};

/// Every record being read again, on a worker thread.
type Reading = Receiver<Result<Data, String>>;

/// A session's side of live refresh.
#[derive(Default)]
pub struct LiveState {
    feed: Option<Feed>,
    /// Sequence numbers of the changes this session made (forgotten once
    /// the watcher has passed them).
    own: HashSet<u64>,
    /// Changes this session undid: its undo entries name them.
    own_undoes: HashSet<u64>,
    /// Since when the store cannot be read; shown until it answers again.
    pub offline: Option<DateTime<Utc>>,
    /// Every record being read again after a restore, and the records
    /// changed meanwhile (read again once it arrives).
    reloading: Option<(Reading, Vec<Id>)>,
    /// The newest change the watcher has reported.
    seen: u64,
    /// Who this session writes as ([`crate::store::Store::author`]): the
    /// history shows "you" for these changes.
    pub me: String,
    /// The names shown for colleagues' logins.
    pub authors: crate::staff::Authors,
}

impl LiveState {
    /// The state of a session writing as `me`, before any watching;
    /// colleagues' logins are shown as `authors` names them.
    pub fn new(me: String, authors: crate::staff::Authors) -> LiveState {
        LiveState {
            me,
            authors,
            ..LiveState::default()
        }
    }

    /// Notes a change this session stored, so that it is not announced as
    /// someone else's.
    pub fn own_write(&mut self, seq: u64) {
        self.own.insert(seq);
    }

    /// Notes that this session undid the change numbered `undone`.
    pub fn own_undo(&mut self, undone: u64) {
        self.own_undoes.insert(undone);
    }

    /// The sequence number of the newest change the watcher reported.
    pub fn seen(&self) -> u64 {
        self.seen
    }

    /// Whether a watcher runs.
    pub fn watching(&self) -> bool {
        self.feed.is_some()
    }

    /// Whether every record is being read again.
    pub fn reloading(&self) -> bool {
        self.reloading.is_some()
    }

    /// Whether this session made `e` (forgetting it: each change is
    /// reported once).
    fn take_own(&mut self, e: &HistoryEntry) -> bool {
        let undid = e.undoes.is_some_and(|u| self.own_undoes.remove(&u));
        self.own.remove(&e.seq) || undid
    }

    /// The messages waiting, and whether the watcher has gone.
    fn drain(&self) -> (Vec<Live>, bool) {
        let mut out = Vec::new();
        let Some(feed) = &self.feed else {
            return (out, false);
        };
        loop {
            match feed.rx.try_recv() {
                Ok(m) => out.push(m),
                Err(TryRecvError::Empty) => return (out, false),
                Err(TryRecvError::Disconnected) => return (out, true),
            }
        }
    }
}

impl App {
    /// Starts watching the store for changes made elsewhere, from the
    /// version the records were read at.
    pub fn watch(&mut self, timing: Timing) {
        let watch = Watch::new(self.store.clone(), self.clock.clone(), self.data.source);
        self.live.feed = start(watch, timing);
    }

    /// Stops the watcher (it ends at its next look).
    pub fn stop_watching(&mut self) {
        self.live.feed = None;
    }

    /// Takes in what the watcher and a reload report; `true` when
    /// something changed on screen.
    pub(crate) fn poll_live(&mut self) -> bool {
        let mut changed = self.poll_reload();
        let (messages, gone) = self.live.drain();
        if gone {
            self.live.feed = None;
        }
        let mut entries = Vec::new();
        for m in messages {
            changed = true;
            match m {
                Live::Changes(e) => entries.extend(e),
                Live::Reload => self.reload(),
                Live::Offline(at) => self.live.offline = Some(at),
                Live::Online => {
                    self.live.offline = None;
                    self.info(tr!(self.lang, "live.online"));
                }
            }
        }
        if !entries.is_empty() {
            self.take_changes(entries);
        }
        changed
    }

    /// Reads again what others changed and says so.
    fn take_changes(&mut self, entries: Vec<HistoryEntry>) {
        if let Some(newest) = entries.iter().map(|e| e.seq).max() {
            self.live.seen = self.live.seen.max(newest);
        }
        let others: Vec<HistoryEntry> = entries
            .into_iter()
            .filter(|e| !self.live.take_own(e))
            .collect();
        if others.is_empty() {
            return;
        }
        let ids: Vec<Id> = others
            .iter()
            .flat_map(|e| e.changes.iter().map(|c| c.id))
            .collect::<BTreeSet<Id>>()
            .into_iter()
            .collect();
        if let Some((_, meanwhile)) = &mut self.live.reloading {
            meanwhile.extend_from_slice(&ids);
        }
        let before = self.status.clone();
        self.refresh(&ids);
        for t in [
            &mut self.partnerships,
            &mut self.agreements,
            &mut self.institutions,
        ] {
            t.history_changed(&ids, self.store.as_ref());
        }
        // A record that could not be read again says so instead.
        if self.status != before && self.status.as_ref().is_some_and(|s| s.tone == Tone::Error) {
            return;
        }
        self.info(colleagues(self.lang, &others, &self.live.authors));
    }

    /// Reads every record again on a worker thread (after a restore).
    fn reload(&mut self) {
        let store = self.store.clone();
        let today = self.clock.today();
        let (tx, rx) = std::sync::mpsc::channel();
        let read = move || {
            let _ = tx.send(Data::load(store.as_ref(), today).map_err(|e| e.to_string()));
        };
        let spawned = std::thread::Builder::new()
            .name("accord-reload".into())
            .spawn(read.clone());
        if spawned.is_err() {
            // No thread to spare: read here rather than never.
            read();
        }
        self.live.reloading = Some((rx, Vec::new()));
        self.info(tr!(self.lang, "live.reloading"));
    }

    fn poll_reload(&mut self) -> bool {
        let Some((rx, _)) = &self.live.reloading else {
            return false;
        };
        let result = match rx.try_recv() {
            Ok(r) => r,
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => Err(tr!(self.lang, "live.reload_stopped")),
        };
        let meanwhile = self
            .live
            .reloading
            .take()
            .map(|(_, ids)| ids)
            .unwrap_or_default();
        match result {
            Ok(data) => {
                self.data = data;
                self.data.set_today(self.clock.today());
                self.index_in_background();
                if meanwhile.is_empty() {
                    self.sync_views();
                } else {
                    self.refresh(&meanwhile);
                }
                self.info(tr!(self.lang, "live.reloaded"));
            }
            Err(e) => self.error(tr!(self.lang, "live.reload_failed", detail = e)),
        }
        true
    }

    /// "offline since 10:42" while the store is out of reach.
    pub fn offline_label(&self) -> Option<String> {
        self.live
            .offline
            .map(|at| tr!(self.lang, "live.offline", time = clock_time(at)))
    }
}

/// An instant as the user's wall clock shows it: `10:42`.
pub fn clock_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local).format("%H:%M").to_string()
}

/// The status line for others' changes: "Li Na: mark T7 done", or "3
/// changes by Li Na, Wang Jun" (display names where the server has them).
pub fn colleagues(lang: Lang, others: &[HistoryEntry], authors: &crate::staff::Authors) -> String {
    let who = |e: &HistoryEntry| {
        e.author
            .as_deref()
            .filter(|a| !a.trim().is_empty())
            .map(|a| authors.name_of(a))
            .unwrap_or_else(|| tr!(lang, "live.someone"))
    };
    if let [one] = others {
        return tr!(lang, "live.one", who = who(one), what = one.summary.clone());
    }
    let mut names: Vec<String> = Vec::new();
    for e in others {
        let n = who(e);
        if !names.contains(&n) {
            names.push(n);
        }
    }
    let mut shown: Vec<String> = names.iter().take(3).cloned().collect();
    if names.len() > 3 {
        shown.push("…".into());
    }
    tr!(lang, "live.many", n = others.len(), who = shown.join(", "))
}

#[cfg(test)]
mod tests;

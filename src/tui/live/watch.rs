//! The watcher: a thread with its own handle on the store that notices
//! changes made elsewhere (a colleague on the team server, another
//! terminal) and reports them to the interface through a channel. It waits
//! on the store's hints when there are any, and reads the version every
//! period regardless: hints may be missed, the sequence log is the truth.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::clock::SharedClock;
use crate::store::{HistoryEntry, Store, Version};

/// How many history entries one read asks for.
const BATCH: usize = 1000;

/// What the watcher tells the interface.
#[derive(Debug, Clone, PartialEq)]
pub enum Live {
    /// Changes recorded since the last report, oldest first (the
    /// interface's own among them).
    Changes(Vec<HistoryEntry>),
    /// The database was replaced (a restore): every record must be read
    /// again.
    Reload,
    /// The store cannot be read since this instant (sent once).
    Offline(DateTime<Utc>),
    /// The store can be read again (sent once, after [`Live::Offline`]).
    Online,
}

/// How often the watcher looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// Between two reads of the version while the store answers.
    pub period: Duration,
    /// Between two attempts while it does not.
    pub retry: Duration,
}

impl Default for Timing {
    fn default() -> Timing {
        Timing {
            period: Duration::from_secs(1),
            retry: Duration::from_secs(3),
        }
    }
}

/// The watcher's memory: the last version reported and whether the store
/// answered last time. [`Watch::step`] is one look, without waiting.
pub struct Watch {
    store: Arc<dyn Store>,
    clock: SharedClock,
    /// The version the interface's records reflect; `None` until known.
    last: Option<Version>,
    offline: bool,
}

impl Watch {
    /// A watch over `store` whose reader's records reflect `since` (when
    /// known; else the first version read is taken as the start).
    pub fn new(store: Arc<dyn Store>, clock: SharedClock, since: Option<Version>) -> Watch {
        Watch {
            store,
            clock,
            last: since,
            offline: false,
        }
    }

    /// Whether the last look failed.
    pub fn offline(&self) -> bool {
        self.offline
    }

    /// Looks once: what changed since the last look, in the order to
    /// report it.
    pub fn step(&mut self) -> Vec<Live> {
        let mut out = Vec::new();
        let now = match self.store.version() {
            Ok(v) => v,
            Err(_) => {
                self.went_offline(&mut out);
                return out;
            }
        };
        if std::mem::take(&mut self.offline) {
            out.push(Live::Online);
        }
        let Some(last) = self.last else {
            self.last = Some(now);
            return out;
        };
        if last.instance != now.instance || now.seq < last.seq {
            self.last = Some(now);
            out.push(Live::Reload);
            return out;
        }
        let mut seq = last.seq;
        let mut entries: Vec<HistoryEntry> = Vec::new();
        let mut failed = false;
        while seq < now.seq {
            match self.store.history_after(seq, BATCH) {
                Ok(batch) => match batch.last().map(|e| e.seq) {
                    Some(newest) if newest > seq => {
                        seq = newest;
                        entries.extend(batch);
                    }
                    _ => break,
                },
                Err(_) => {
                    failed = true;
                    break;
                }
            }
        }
        self.last = Some(Version {
            instance: now.instance,
            seq,
        });
        // What was read is reported before the store went away.
        if !entries.is_empty() {
            out.push(Live::Changes(entries));
        }
        if failed {
            self.went_offline(&mut out);
        }
        out
    }

    fn went_offline(&mut self, out: &mut Vec<Live>) {
        if !self.offline {
            self.offline = true;
            out.push(Live::Offline(self.clock.now()));
        }
    }
}

/// The interface's end of a running watcher. Dropping it stops the thread
/// (at its next look at the latest).
pub struct Feed {
    pub rx: Receiver<Live>,
    stop: Arc<AtomicBool>,
}

impl Drop for Feed {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Starts a watcher on its own thread; `None` when no thread can be had
/// (the interface then simply does not see others' changes live).
pub fn start(watch: Watch, timing: Timing) -> Option<Feed> {
    let (tx, rx) = std::sync::mpsc::channel();
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = stop.clone();
    std::thread::Builder::new()
        .name("accord-live".into())
        .spawn(move || run(watch, &tx, &stopped, timing))
        .ok()?;
    Some(Feed { rx, stop })
}

fn run(mut watch: Watch, tx: &Sender<Live>, stop: &AtomicBool, timing: Timing) {
    let mut hint = watch.store.changes_hint();
    let hinted = hint.is_some();
    loop {
        for message in watch.step() {
            if tx.send(message).is_err() {
                return;
            }
        }
        if hinted && hint.is_none() && !watch.offline() {
            // The nudges stopped (a lost connection): ask for them anew.
            hint = watch.store.changes_hint();
        }
        let pause = if watch.offline() {
            timing.retry
        } else {
            timing.period
        };
        wait(&mut hint, pause, stop);
        if stop.load(Ordering::Relaxed) {
            return;
        }
    }
}

/// Waits `pause`, or less when the store hints at a change, looking at
/// `stop` at least every 100 ms.
fn wait(hint: &mut Option<Receiver<()>>, pause: Duration, stop: &AtomicBool) {
    let until = Instant::now() + pause;
    let slice = Duration::from_millis(100);
    loop {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return;
        }
        let step = left.min(slice);
        match hint {
            Some(rx) => match rx.recv_timeout(step) {
                Ok(()) => {
                    // One look covers every nudge queued so far.
                    while rx.try_recv().is_ok() {}
                    return;
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => *hint = None,
            },
            None => std::thread::sleep(step),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Record;
    use crate::store::{ChangeSet, Edit};
    use crate::tui::testing::{Shared, demo_day};

    fn demo() -> Arc<Shared> {
        let shared = Shared::demo(demo_day()).unwrap();
        Arc::new(shared)
    }

    fn clock() -> SharedClock {
        Arc::new(crate::clock::FixedClock(demo_day()))
    }

    /// Renames the first institution: one change, one record.
    fn rename(store: &dyn Store, name: &str) -> u64 {
        let kind = crate::model::Kind::Institution;
        let mut r: Record = store.list(kind).unwrap().remove(0);
        if let Record::Institution(i) = &mut r {
            i.city = name.to_string();
        }
        store
            .apply(ChangeSet::one(format!("rename to {name}"), Edit::Update(r)))
            .unwrap()
            .seq
    }

    #[test]
    fn the_first_look_only_takes_the_version_in() {
        let s = demo();
        let mut w = Watch::new(s.clone(), clock(), None);
        assert!(w.step().is_empty());
        assert!(w.step().is_empty());
        rename(s.as_ref(), "One");
        match w.step().as_slice() {
            [Live::Changes(e)] => assert_eq!(e.len(), 1),
            other => panic!("{other:?}"),
        }
        assert!(w.step().is_empty(), "reported once");
    }

    #[test]
    fn changes_since_the_records_were_read_are_all_reported_in_order() {
        let s = demo();
        let since = s.version().unwrap();
        let a = rename(s.as_ref(), "One");
        let b = rename(s.as_ref(), "Two");
        let mut w = Watch::new(s.clone(), clock(), Some(since));
        match w.step().as_slice() {
            [Live::Changes(e)] => {
                assert_eq!(e.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![a, b]);
                assert_eq!(e[1].author.as_deref(), Some("lina"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn many_changes_are_read_in_batches_until_caught_up() {
        let s = demo();
        let mut w = Watch::new(s.clone(), clock(), None);
        w.step();
        let mut last = 0;
        for i in 0..(BATCH + 5) {
            last = rename(s.as_ref(), &format!("N{i}"));
        }
        match w.step().as_slice() {
            [Live::Changes(e)] => {
                assert_eq!(e.len(), BATCH + 5);
                assert_eq!(e.last().map(|e| e.seq), Some(last));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_restore_asks_for_everything_to_be_read_again() {
        let s = demo();
        let mut w = Watch::new(s.clone(), clock(), None);
        w.step();
        let snap = s.snapshot().unwrap();
        s.restore(&snap, true).unwrap();
        assert_eq!(w.step(), vec![Live::Reload]);
        assert!(w.step().is_empty());
    }

    #[test]
    fn offline_and_back_online_are_said_once_each() {
        let s = demo();
        let mut w = Watch::new(s.clone(), clock(), None);
        w.step();
        s.set_unreachable(true);
        let at = clock().now();
        assert_eq!(w.step(), vec![Live::Offline(at)]);
        assert!(w.step().is_empty(), "no repeat while still offline");
        assert!(w.offline());
        rename(s.inner(), "While away");
        s.set_unreachable(false);
        match w.step().as_slice() {
            [Live::Online, Live::Changes(e)] => assert_eq!(e.len(), 1),
            other => panic!("{other:?}"),
        }
        assert!(!w.offline());
    }

    #[test]
    fn the_thread_reports_and_stops_when_its_feed_is_dropped() {
        let s = demo();
        let timing = Timing {
            period: Duration::from_millis(5),
            retry: Duration::from_millis(5),
        };
        let feed = start(Watch::new(s.clone(), clock(), None), timing).unwrap();
        // The thread has its first look before the rename or after it.
        rename(s.as_ref(), "Seen");
        s.set_unreachable(true);
        let mut got = Vec::new();
        while !got.iter().any(|m| matches!(m, Live::Offline(_))) {
            got.push(feed.rx.recv_timeout(Duration::from_secs(20)).unwrap());
        }
        drop(feed);
    }
}

//! The automatic daily backup (see [`crate::store::backups`]), taken on
//! its own thread from the trees so no change waits for it.

use std::sync::mpsc;
use std::time::Duration;

use super::{SEQ_KEY, SledStore};
use crate::store::backups;

/// When the day's backup is written.
#[derive(Debug, Clone, Copy)]
pub enum BackupWhen {
    /// When the store is closed (a command: after its output).
    AtClose,
    /// This long after opening, or at close if that comes first (the
    /// interface: once the first screen is up).
    After(Duration),
}

/// The backup's thread and the way to tell it to go now.
pub(super) struct Pending {
    go: mpsc::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl Pending {
    /// Lets the backup run now without waiting for it.
    pub(super) fn start(&self) {
        let _ = self.go.send(());
    }

    /// Lets the backup run now and waits for it.
    pub(super) fn finish(self) {
        drop(self.go);
        let _ = self.thread.join();
    }
}

fn seq_of(meta: &sled::Tree) -> Option<u64> {
    meta.get(SEQ_KEY).ok()?.map_or(Some(0), |v| {
        v.as_ref().try_into().ok().map(u64::from_be_bytes)
    })
}

impl SledStore {
    /// Starts today's backup on another thread if the database has none
    /// for today yet. Only for a database opened in its own directory.
    pub fn keep_backups(&self, when: BackupWhen) {
        if self.files.as_deref() != Some(self.path.as_path()) {
            return;
        }
        let today = self.clock.today();
        if !backups::due(&self.path, today) {
            return;
        }
        let (records, history, apart, meta) = (
            self.records.clone(),
            self.history.clone(),
            self.apart.clone(),
            self.meta.clone(),
        );
        let clock = self.clock.clone();
        let db = self.path.clone();
        let (go, wait) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            match when {
                BackupWhen::AtClose => {
                    let _ = wait.recv();
                }
                BackupWhen::After(d) => {
                    let _ = wait.recv_timeout(d);
                }
            }
            // A change made while the trees were read: read them again.
            for _ in 0..3 {
                // Nothing to keep in an empty new database.
                let Some(before) = seq_of(&meta).filter(|s| *s > 0) else {
                    return;
                };
                let written = backups::write_with(&db, today, before, &mut |out| {
                    let n = super::backup_stream::write(
                        out,
                        &records,
                        &history,
                        &apart,
                        &meta,
                        clock.now(),
                    )?;
                    if seq_of(&meta) != Some(before) {
                        return Err(std::io::Error::other("changed while it was read"));
                    }
                    Ok(n)
                });
                if written.is_ok() || seq_of(&meta) == Some(before) {
                    return;
                }
            }
        });
        *self.closer.backup.lock().unwrap_or_else(|p| p.into_inner()) =
            Some(Pending { go, thread });
    }
}

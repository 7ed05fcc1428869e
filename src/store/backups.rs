//! Rolling backups beside a personal database: `NAME.backups/` next to
//! the database directory holds one JSON backup a day for the last 7 days
//! and one a week for the last 4 weeks, each the same format as
//! `accord backup` writes (so `accord restore FILE` reads it).
//!
//! A file's name says what it holds, so listing them reads no file:
//! `2026-12-06-daily-s1234-r100000.json` is the daily backup of 6 December
//! 2026, after change 1234, with 100,000 records. Files are written
//! through a temporary name, synced and renamed, so a kill never leaves a
//! half-written backup under a real name; a weekly backup is a hard link
//! to the daily one of the same day where the file system allows.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::Snapshot;

/// Daily backups kept.
pub const DAILY: usize = 7;
/// Weekly backups kept.
pub const WEEKLY: usize = 4;

/// Daily or weekly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    Day,
    Week,
}

impl Every {
    fn word(self) -> &'static str {
        match self {
            Every::Day => "daily",
            Every::Week => "weekly",
        }
    }
}

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    pub path: PathBuf,
    pub date: NaiveDate,
    pub every: Every,
    /// The last change it holds.
    pub seq: u64,
    pub records: usize,
    pub bytes: u64,
}

/// `NAME.backups` beside the database directory.
pub fn dir_for(db: &Path) -> PathBuf {
    let name = db
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "accord.db".into());
    super::sled_store::sibling_of(db, &format!("{name}.backups"))
}

fn file_name(date: NaiveDate, every: Every, seq: u64, records: usize) -> String {
    format!("{date}-{}-s{seq}-r{records}.json", every.word())
}

fn parse(path: &Path) -> Option<Backup> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".json")?;
    let date = NaiveDate::parse_from_str(stem.get(..10)?, "%Y-%m-%d").ok()?;
    let mut rest = stem.get(11..)?.split('-');
    let every = match rest.next()? {
        "daily" => Every::Day,
        "weekly" => Every::Week,
        _ => return None,
    };
    let seq = rest.next()?.strip_prefix('s')?.parse().ok()?;
    let records = rest.next()?.strip_prefix('r')?.parse().ok()?;
    if rest.next().is_some() {
        return None;
    }
    let bytes = std::fs::metadata(path).ok()?.len();
    Some(Backup {
        path: path.to_path_buf(),
        date,
        every,
        seq,
        records,
        bytes,
    })
}

/// The backups of the database at `db`, newest first (daily before weekly
/// on the same day).
pub fn list(db: &Path) -> Vec<Backup> {
    let Ok(entries) = std::fs::read_dir(dir_for(db)) else {
        return Vec::new();
    };
    let mut all: Vec<Backup> = entries.flatten().filter_map(|e| parse(&e.path())).collect();
    all.sort_by(|a, b| {
        (b.date, b.every == Every::Day, b.seq).cmp(&(a.date, a.every == Every::Day, a.seq))
    });
    all
}

/// Whether the database at `db` has no daily backup of `today` yet.
pub fn due(db: &Path, today: NaiveDate) -> bool {
    !list(db)
        .iter()
        .any(|b| b.every == Every::Day && b.date == today)
}

fn same_week(a: NaiveDate, b: NaiveDate) -> bool {
    a.iso_week() == b.iso_week()
}

/// Writes today's daily backup (and this week's weekly one if there is
/// none yet), then removes the ones past [`DAILY`] days and [`WEEKLY`]
/// weeks. Returns the daily backup's path.
pub fn write(
    db: &Path,
    today: NaiveDate,
    snapshot: &Snapshot,
    seq: u64,
) -> std::io::Result<PathBuf> {
    write_with(db, today, seq, &mut |out| {
        serde_json::to_writer(out, snapshot).map_err(std::io::Error::other)?;
        Ok(snapshot.records.len())
    })
}

/// As [`write`], the backup's JSON written by `fill` (which returns how
/// many records it wrote, for the file's name) instead of encoded from a
/// snapshot in memory. An error from `fill` leaves no file behind.
pub fn write_with(
    db: &Path,
    today: NaiveDate,
    seq: u64,
    fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<usize>,
) -> std::io::Result<PathBuf> {
    let dir = dir_for(db);
    super::sled_store::create_private_dir(&dir)?;
    // Leftovers of a process that died while writing one.
    for e in std::fs::read_dir(&dir)?.flatten() {
        if e.file_name().to_string_lossy().starts_with(".tmp-") {
            let _ = std::fs::remove_file(e.path());
        }
    }
    let tmp = dir.join(format!(".tmp-{}", std::process::id()));
    let written = (|| {
        let mut f = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?);
        let records = fill(&mut f)?;
        let f = f.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        let daily = dir.join(file_name(today, Every::Day, seq, records));
        std::fs::rename(&tmp, &daily)?;
        Ok((daily, records))
    })();
    let (daily, records) = match written {
        Ok(done) => done,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    let existing = list(db);
    if !existing
        .iter()
        .any(|b| b.every == Every::Week && same_week(b.date, today))
    {
        let weekly = dir.join(file_name(today, Every::Week, seq, records));
        if std::fs::hard_link(&daily, &weekly).is_err() {
            std::fs::copy(&daily, &tmp)?;
            std::fs::rename(&tmp, &weekly)?;
        }
    }
    prune(db, today);
    super::sled_store::sync_dir(&dir)?;
    Ok(daily)
}

/// Keeps one daily backup per day for the newest [`DAILY`] days and one
/// weekly per week for the newest [`WEEKLY`] weeks.
fn prune(db: &Path, today: NaiveDate) {
    let all = list(db);
    let mut days = Vec::new();
    let mut weeks = Vec::new();
    for b in all {
        // A backup dated after today (a clock set back) is left alone.
        if b.date > today {
            continue;
        }
        let keep = match b.every {
            Every::Day => {
                let fresh = !days.contains(&b.date) && days.len() < DAILY;
                if fresh {
                    days.push(b.date);
                }
                fresh
            }
            Every::Week => {
                let w = b.date.iso_week();
                let fresh = !weeks.contains(&w) && weeks.len() < WEEKLY;
                if fresh {
                    weeks.push(w);
                }
                fresh
            }
        };
        if !keep {
            let _ = std::fs::remove_file(&b.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(n: usize) -> Snapshot {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let clock = std::sync::Arc::new(crate::clock::FixedClock(today));
        let store = crate::store::SledStore::temporary(clock).unwrap();
        crate::demo::load_demo(&store, today).unwrap();
        let mut s = crate::store::Store::snapshot(&store).unwrap();
        s.records.truncate(n);
        s
    }

    #[test]
    fn backups_roll_seven_days_and_four_weeks() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("accord.db");
        let snap = snapshot(5);
        let start = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        for d in 0..60 {
            let day = start + chrono::Days::new(d);
            assert!(due(&db, day));
            write(&db, day, &snap, d + 1).unwrap();
            assert!(!due(&db, day));
        }
        let all = list(&db);
        let daily: Vec<_> = all.iter().filter(|b| b.every == Every::Day).collect();
        let weekly: Vec<_> = all.iter().filter(|b| b.every == Every::Week).collect();
        assert_eq!(daily.len(), DAILY);
        assert_eq!(weekly.len(), WEEKLY);
        let last = start + chrono::Days::new(59);
        assert_eq!(all[0].date, last);
        assert_eq!(all[0].seq, 60);
        assert_eq!(all[0].records, 5);
        assert!(daily.iter().all(|b| (last - b.date).num_days() < 7));
        // Each one reads back as a backup.
        let back: Snapshot = serde_json::from_slice(&std::fs::read(&all[0].path).unwrap()).unwrap();
        assert_eq!(back.records, snap.records);
        // Nothing half-written is left.
        assert_eq!(
            std::fs::read_dir(dir_for(&db)).unwrap().count(),
            DAILY + WEEKLY
        );
    }
}

//! Reading a personal database without opening sled: when it was closed
//! cleanly and nothing touched sled's files since, its version is known
//! from accord's own files, and a start-up copy of the records stamped
//! with that version holds exactly what sled would give.
//!
//! Two files say so together: `accord.closed` (sled's files as they were
//! at the last clean close, and the version the database had then, see
//! `sled_store::guard`) and `accord.seal` (the last acknowledged change).
//! A writer that is running at the same moment (an interface holding the
//! database open) changes sled's files before it acknowledges a change and
//! rewrites the seal right after, so either file then disagrees; a reader
//! checks the version again after it has read what it answers from (see
//! [`read_kinds`]), so its answer was still the truth at that moment.

use std::path::Path;

use crate::fileio::WholeFile;
use crate::model::Kind;
use crate::store::Version;
use crate::store::records_cache::{self, ByKind, Progress};
use crate::store::sled_store::{CACHE_FILE, SealRead, closed_staff, closed_version, read_seal};

/// The version of the database in `dir` when it is closed cleanly and
/// unchanged since, learnt without opening sled (`None` whenever that is
/// not certain: no clean-close record or one from before versions were
/// recorded, sled's files changed since, the seal missing, unreadable or
/// naming another change).
pub fn current_version(dir: &Path) -> Option<Version> {
    let closed = closed_version(dir)?;
    match read_seal(dir) {
        SealRead::Found(s) if s.instance == closed.instance && s.seq == closed.seq => Some(closed),
        _ => None,
    }
}

/// The records of `kinds` (every kind when `None`) of the database in
/// `dir`, each kind in id order, from its start-up copy, when the database
/// is closed cleanly at `version`, the copy reflects it, and both still
/// hold once the copy has been read; `None` otherwise (the caller opens
/// sled).
pub fn read_kinds(
    dir: &Path,
    version: Version,
    kinds: Option<&[Kind]>,
    progress: &Progress,
) -> Option<ByKind> {
    let bytes = read_copy(dir, version)?;
    decode_kinds(dir, version, &bytes, kinds, progress)
}

/// The bytes of the start-up copy of the database in `dir`, when it is
/// closed cleanly at `version` (for [`decode_kinds`], which checks them).
pub fn read_copy(dir: &Path, version: Version) -> Option<WholeFile> {
    if current_version(dir)? != version {
        return None;
    }
    WholeFile::open(&dir.join(CACHE_FILE)).ok()
}

/// [`read_kinds`] over `bytes` from [`read_copy`]: the records of `kinds`
/// when the copy reflects `version` and the database is still closed
/// cleanly at it.
pub fn decode_kinds(
    dir: &Path,
    version: Version,
    bytes: &[u8],
    kinds: Option<&[Kind]>,
    progress: &Progress,
) -> Option<ByKind> {
    let stamp = records_cache::Stamp {
        instance: version.instance,
        seq: version.seq,
    };
    let records = records_cache::decode_by_kind(bytes, &stamp, kinds, progress)?;
    (current_version(dir)? == version).then_some(records)
}

/// The staff directory of the database in `dir` as at its last clean
/// close, when it is still closed cleanly at `version` (see
/// [`read_kinds`]); `None` otherwise.
pub fn read_staff(dir: &Path, version: Version) -> Option<Vec<crate::staff::StaffMember>> {
    if current_version(dir)? != version {
        return None;
    }
    let staff = serde_json::from_slice(&closed_staff(dir)?).ok()?;
    (current_version(dir)? == version).then_some(staff)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::FixedClock;
    use crate::model::{Id, Record};
    use crate::store::{ChangeSet, Edit, SledStore, Store};

    fn open(path: &Path) -> SledStore {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        SledStore::open(path, Arc::new(FixedClock(day))).unwrap()
    }

    /// A demo database in `dir`, closed cleanly, its copy written; its version.
    fn closed_demo(path: &Path) -> Version {
        let store = open(path);
        crate::demo::load_demo(
            &store,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        )
        .unwrap();
        store.read_everything(&Progress::default()).unwrap();
        let v = store.version().unwrap();
        drop(store);
        v
    }

    fn delete_a_note(store: &SledStore) {
        store
            .apply(ChangeSet::one(
                "delete",
                Edit::Delete(Id::new(Kind::Note, 1)),
            ))
            .unwrap();
    }

    #[test]
    fn a_clean_close_is_known_and_its_copy_served() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("accord.db");
        let v = closed_demo(&path);
        assert!(v.seq > 0);
        assert_eq!(current_version(&path), Some(v));
        let records: Vec<Record> = read_kinds(&path, v, None, &Progress::default())
            .unwrap()
            .into_iter()
            .flatten()
            .collect();
        let store = open(&path);
        let mut all = crate::store::load_all(&store).unwrap();
        all.sort_by_key(Record::id);
        assert!(records == all, "the quiet read differs from sled");
    }

    #[test]
    fn a_change_without_a_clean_close_is_not_current() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("accord.db");
        closed_demo(&path);
        let store = open(&path);
        delete_a_note(&store);
        // A writer holding the database open with a change made.
        assert_eq!(current_version(&path), None);
        let v = store.version().unwrap();
        assert!(read_kinds(&path, v, None, &Progress::default()).is_none());
        // The process dies without closing.
        std::mem::forget(store);
        assert_eq!(current_version(&path), None);
    }

    #[test]
    fn while_sled_is_open_the_version_is_unknown_and_known_again_after() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("accord.db");
        let v = closed_demo(&path);
        // sled writes to its files when it opens (a snapshot, a segment):
        // an interface holding the database is never read around.
        let store = open(&path);
        assert_eq!(current_version(&path), None);
        drop(store);
        assert_eq!(current_version(&path), Some(v));
        let store = open(&path);
        delete_a_note(&store);
        drop(store);
        let after = current_version(&path).unwrap();
        assert_eq!(after.seq, v.seq + 1);
        // The copy was not rewritten by that change: not served.
        assert!(read_kinds(&path, after, None, &Progress::default()).is_none());
        assert!(read_kinds(&path, v, None, &Progress::default()).is_none());
    }

    #[test]
    fn a_missing_or_damaged_seal_or_record_is_not_current() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("accord.db");
        let v = closed_demo(&path);
        let seal = path.join("accord.seal");
        let closed = path.join("accord.closed");
        let (good_seal, good_closed) = (
            std::fs::read(&seal).unwrap(),
            std::fs::read(&closed).unwrap(),
        );
        assert_eq!(current_version(&path), Some(v));

        std::fs::remove_file(&seal).unwrap();
        assert_eq!(current_version(&path), None);
        let mut bad = good_seal.clone();
        bad[30] ^= 1;
        std::fs::write(&seal, &bad).unwrap();
        assert_eq!(current_version(&path), None);
        std::fs::write(&seal, &good_seal).unwrap();
        assert_eq!(current_version(&path), Some(v));

        std::fs::remove_file(&closed).unwrap();
        assert_eq!(current_version(&path), None);
        let text = String::from_utf8(good_closed.clone()).unwrap();
        let (files, last) = text.rsplit_once('\n').unwrap();
        assert_eq!(last, format!("accord.version\t{} {}", v.instance, v.seq));
        let other = format!("{files}\naccord.version\t{} {}", v.instance, v.seq + 1);
        std::fs::write(&closed, other).unwrap();
        assert_eq!(current_version(&path), None);
        std::fs::write(&closed, &good_closed[..good_closed.len() - 1]).unwrap();
        assert_eq!(current_version(&path), None);
        std::fs::write(&closed, &good_closed).unwrap();
        assert_eq!(current_version(&path), Some(v));
    }

    #[test]
    fn a_seal_that_could_not_be_written_leaves_the_version_unknown() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("accord.db");
        closed_demo(&path);
        let store = open(&path);
        // The seal's temporary file cannot be created: the change is made,
        // its seal is not.
        std::fs::create_dir(path.join("accord.seal.tmp")).unwrap();
        delete_a_note(&store);
        drop(store);
        std::fs::remove_dir(path.join("accord.seal.tmp")).unwrap();
        assert_eq!(current_version(&path), None);
    }
}

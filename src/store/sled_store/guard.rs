//! Keeping sled away from files it might damage further.
//!
//! sled writes when it opens a database that was not closed cleanly: it
//! zeroes the tail of the log after the last message it can read, writes a
//! new snapshot and removes blob files. On a damaged database that makes
//! the loss permanent. So accord lets sled open the real files only when
//! they are exactly as accord left them at a clean close (the list of
//! sled's files with their sizes, times and inode numbers, written to
//! `accord.closed` after sled let go of them). Otherwise sled works on a
//! copy: if the copy opens and matches the seal, the copy takes the real
//! directory's place (one atomic exchange of the two directories) and the
//! files as they were are kept in `NAME.kept/`; if not, the copy is thrown
//! away and the real files were never touched.
//!
//! A leftover `snap.*.generating` (a snapshot sled was writing when the
//! process died) is never copied: sled picks the newest snapshot file, so
//! an empty or half-written one would stop it, and it never needs one it
//! did not finish (the previous snapshot and the log still hold
//! everything).

use std::path::{Path, PathBuf};

use crate::store::Version;

/// The clean-close record's file name inside the database directory.
pub(crate) const CLOSED_FILE: &str = "accord.closed";
/// How many kept copies of a database's files are kept (the oldest go).
const KEEP_COPIES: usize = 3;

/// Whether a file in the database directory is one of sled's.
fn is_sled_file(name: &str) -> bool {
    name == "db" || name == "conf" || name.starts_with("snap.") || name == "blobs"
}

fn is_leftover_snapshot(name: &str) -> bool {
    name.starts_with("snap.") && name.ends_with(".generating")
}

/// sled's files under `dir` with what identifies their exact state, one
/// line each, sorted.
fn fingerprint(dir: &Path) -> std::io::Result<String> {
    let mut lines = Vec::new();
    let mut todo = vec![(dir.to_path_buf(), String::new())];
    while let Some((d, prefix)) = todo.pop() {
        for e in std::fs::read_dir(&d)? {
            let e = e?;
            let name = e.file_name().to_string_lossy().to_string();
            if prefix.is_empty() && !is_sled_file(&name) {
                continue;
            }
            let meta = e.metadata()?;
            let shown = format!("{prefix}{name}");
            if meta.is_dir() {
                todo.push((e.path(), format!("{shown}/")));
            }
            lines.push(format!("{shown}\t{}", crate::fileio::identity(&meta)));
        }
    }
    lines.sort();
    Ok(lines.join("\n"))
}

/// Lines after the fingerprint in the clean-close record (no sled file is
/// named like these): the version the database had at the close, when its
/// seal was written for it, and the digest of the copy of the staff
/// directory written beside it.
const VERSION_LINE: &str = "accord.version\t";
const STAFF_LINE: &str = "accord.staff\t";
/// The copy of the staff directory at the last clean close (JSON).
pub(crate) const STAFF_FILE: &str = "accord.staff";

/// What the clean-close record of a directory says.
struct Closed {
    fingerprint: String,
    /// `None` in records written before versions were kept.
    version: Option<Version>,
    staff: Option<String>,
}

fn read_closed(dir: &Path) -> Option<Closed> {
    let recorded = std::fs::read_to_string(dir.join(CLOSED_FILE)).ok()?;
    let mut closed = Closed {
        fingerprint: String::new(),
        version: None,
        staff: None,
    };
    let mut files = Vec::new();
    for line in recorded.split('\n') {
        if let Some(numbers) = line.strip_prefix(VERSION_LINE) {
            let (instance, seq) = numbers.split_once(' ')?;
            closed.version = Some(Version {
                instance: instance.parse().ok()?,
                seq: seq.parse().ok()?,
            });
        } else if let Some(digest) = line.strip_prefix(STAFF_LINE) {
            closed.staff = Some(digest.to_string());
        } else {
            files.push(line);
        }
    }
    closed.fingerprint = files.join("\n");
    Some(closed)
}

/// Whether sled's files in `dir` are exactly as at accord's last clean close.
pub(super) fn closed_cleanly(dir: &Path) -> bool {
    let Some(closed) = read_closed(dir) else {
        return false;
    };
    fingerprint(dir).is_ok_and(|now| now == closed.fingerprint)
}

/// The version the database in `dir` had at its last clean close, when
/// sled's files are exactly as they were then and the close knew it
/// (its seal was written); `None` otherwise.
pub(crate) fn closed_version(dir: &Path) -> Option<Version> {
    let closed = read_closed(dir)?;
    let version = closed.version?;
    fingerprint(dir)
        .is_ok_and(|now| now == closed.fingerprint)
        .then_some(version)
}

/// The staff directory (JSON) as it was at the last clean close, when the
/// copy beside the database is the one that close wrote. The caller makes
/// sure sled's files are unchanged since ([`closed_version`]).
pub(crate) fn closed_staff(dir: &Path) -> Option<Vec<u8>> {
    let digest = read_closed(dir)?.staff?;
    let bytes = std::fs::read(dir.join(STAFF_FILE)).ok()?;
    (hex(&super::seal::digest(&bytes)) == digest).then_some(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Records that sled's files in `dir` were left as they are now, the
/// version the database had when its seal was last written (`sealed`) and
/// the staff directory (`staff`, JSON, copied beside them); called once
/// sled has let go of them. Best effort: without it the next open only
/// costs a copy.
pub(super) fn record_clean_close(dir: &Path, sealed: Option<Version>, staff: Option<&[u8]>) {
    if let Ok(mut f) = fingerprint(dir) {
        let copy = dir.join(STAFF_FILE);
        let tmp = dir.join(format!("{STAFF_FILE}.tmp"));
        match staff {
            Some(bytes)
                if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, &copy).is_ok() =>
            {
                f.push_str(&format!(
                    "\n{STAFF_LINE}{}",
                    hex(&super::seal::digest(bytes))
                ));
            }
            _ => {
                let _ = std::fs::remove_file(&copy);
            }
        }
        if let Some(v) = sealed {
            f.push_str(&format!("\n{VERSION_LINE}{} {}", v.instance, v.seq));
        }
        let tmp = dir.join(format!("{CLOSED_FILE}.tmp"));
        if std::fs::write(&tmp, f).is_ok() {
            let _ = std::fs::rename(&tmp, dir.join(CLOSED_FILE));
        }
    }
}

/// `parent/.NAME.opening-PID`: where sled works on a copy (`rescue-PID`
/// when only reading what a damaged database still holds).
pub(super) fn scratch_path(path: &Path, purpose: &str) -> PathBuf {
    sibling(
        path,
        &format!(".{}.{purpose}-{}", name_of(path), std::process::id()),
    )
}

/// Moves the copies that processes killed while opening left behind into
/// the kept directory (one killed between the exchange and the move holds
/// the files as they were). Called with the lock held, so no other process
/// is working on one.
fn tidy_leftovers(path: &Path) {
    let prefix = format!(".{}.opening-", name_of(path));
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let mine = scratch_path(path, "opening");
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if let Some(n) = name.strip_prefix(&prefix)
            && e.path().file_name() != mine.file_name()
        {
            let kept = kept_dir(path);
            if super::create_private_dir(&kept).is_ok() {
                let _ = std::fs::rename(e.path(), kept.join(format!("unfinished-{n}")));
            }
        }
    }
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "accord.db".into())
}

pub(crate) fn sibling(path: &Path, name: &str) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join(name),
        _ => PathBuf::from(name),
    }
}

/// Where the copies of a database's files as they were are kept.
pub fn kept_dir(path: &Path) -> PathBuf {
    sibling(path, &format!("{}.kept", name_of(path)))
}

/// An exclusive lock on the real database file while it is copied, so no
/// other accord opens it meanwhile (sled takes the same kind of lock).
pub(super) struct Lock {
    #[allow(dead_code)]
    file: Option<std::fs::File>,
}

/// Takes the lock; `Ok(None)` means another process holds it.
pub(super) fn lock(dir: &Path) -> std::io::Result<Option<Lock>> {
    let db = dir.join("db");
    if !db.exists() {
        return Ok(Some(Lock { file: None }));
    }
    let file = std::fs::OpenOptions::new().read(true).open(&db)?;
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: flock on a file descriptor this function owns.
        let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if r != 0 {
            return Ok(None);
        }
    }
    Ok(Some(Lock { file: Some(file) }))
}

/// Copies every file of the database at `path` except leftover snapshot
/// files (and accord's clean-close record) into a new scratch directory.
pub(super) fn scratch_copy(path: &Path, purpose: &str) -> std::io::Result<PathBuf> {
    if purpose == "opening" {
        tidy_leftovers(path);
    }
    let scratch = scratch_path(path, purpose);
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch)?;
    }
    copy_tree(path, &scratch, true)?;
    Ok(scratch)
}

fn copy_tree(from: &Path, to: &Path, top: bool) -> std::io::Result<()> {
    super::create_private_dir(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let name = e.file_name().to_string_lossy().to_string();
        if top && (is_leftover_snapshot(&name) || name == CLOSED_FILE) {
            continue;
        }
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_tree(&e.path(), &target, false)?;
        } else {
            std::fs::copy(e.path(), &target)?;
        }
    }
    Ok(())
}

/// Takes the lock of the database at `path` and makes a scratch copy of
/// its files for `purpose`; a copy that failed halfway is thrown away.
/// Errors are the store's sentences naming the database.
pub(super) fn locked_copy(path: &Path, purpose: &str) -> crate::store::Result<(Lock, PathBuf)> {
    let shown = path.display().to_string();
    let failed = |e: std::io::Error| crate::store::StoreError::CopyFailed {
        path: shown.clone(),
        detail: e.to_string(),
    };
    let Some(lock) = lock(path).map_err(failed)? else {
        return Err(crate::store::StoreError::Locked { path: shown });
    };
    let scratch = scratch_copy(path, purpose).map_err(|e| {
        discard(&scratch_path(path, purpose));
        failed(e)
    })?;
    Ok((lock, scratch))
}

/// Throws a scratch copy away (never the real directory).
pub(super) fn discard(scratch: &Path) {
    let _ = std::fs::remove_dir_all(scratch);
}

/// Puts the verified copy at `scratch` in the place of `path`, and keeps
/// the files as they were in the kept directory. Returns where they are.
pub(super) fn take_over(path: &Path, scratch: &Path, stamp: &str) -> std::io::Result<PathBuf> {
    exchange(path, scratch)?;
    let kept = kept_dir(path);
    super::create_private_dir(&kept)?;
    let mut target = kept.join(stamp);
    let mut n = 1;
    while target.exists() {
        n += 1;
        target = kept.join(format!("{stamp}-{n}"));
    }
    std::fs::rename(scratch, &target)?;
    prune(&kept);
    Ok(target)
}

/// Leaves the newest [`KEEP_COPIES`] kept copies.
fn prune(kept: &Path) {
    let Ok(entries) = std::fs::read_dir(kept) else {
        return;
    };
    let mut names: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    names.sort();
    let excess = names.len().saturating_sub(KEEP_COPIES);
    for old in names.into_iter().take(excess) {
        let _ = std::fs::remove_dir_all(old);
    }
}

/// Swaps two directories in one step where the system can.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: two valid NUL-terminated paths; renameat2 only reads them.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        return Ok(());
    }
    let e = std::io::Error::last_os_error();
    if e.raw_os_error() == Some(libc::EINVAL) || e.raw_os_error() == Some(libc::ENOSYS) {
        return exchange_in_two(a, b);
    }
    Err(e)
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    exchange_in_two(a, b)
}

/// Two renames through a third name (where there is no atomic exchange).
fn exchange_in_two(a: &Path, b: &Path) -> std::io::Result<()> {
    let mid = sibling(a, &format!(".{}.swapping", name_of(a)));
    std::fs::rename(a, &mid)?;
    if let Err(e) = std::fs::rename(b, a) {
        let _ = std::fs::rename(&mid, a);
        return Err(e);
    }
    std::fs::rename(&mid, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_sees_any_write_and_ignores_our_files() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        std::fs::create_dir_all(db.join("blobs")).unwrap();
        std::fs::write(db.join("db"), b"data").unwrap();
        std::fs::write(db.join("conf"), b"conf").unwrap();
        assert!(!closed_cleanly(&db));
        record_clean_close(&db, None, None);
        assert!(closed_cleanly(&db));
        assert_eq!(closed_version(&db), None);
        std::fs::write(db.join("records.cache"), b"ours").unwrap();
        assert!(closed_cleanly(&db));
        std::fs::write(db.join("db"), b"dat4").unwrap();
        assert!(!closed_cleanly(&db));
        let v = Version {
            instance: 9,
            seq: 4,
        };
        record_clean_close(&db, Some(v), Some(b"[]"));
        assert_eq!(closed_staff(&db).as_deref(), Some(&b"[]"[..]));
        std::fs::write(db.join(STAFF_FILE), b"[{}]").unwrap();
        assert_eq!(closed_staff(&db), None);
        assert!(closed_cleanly(&db));
        assert_eq!(closed_version(&db), Some(v));
        std::fs::write(db.join("snap.0000000000000001.generating"), b"").unwrap();
        assert!(!closed_cleanly(&db));
        assert_eq!(closed_version(&db), None);
    }

    #[test]
    fn a_copy_leaves_out_leftover_snapshots_and_takes_over_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        std::fs::create_dir_all(db.join("blobs")).unwrap();
        std::fs::write(db.join("db"), b"old").unwrap();
        std::fs::write(db.join("blobs/12"), b"blob").unwrap();
        std::fs::write(db.join("snap.00000000000000AA.generating"), b"").unwrap();
        let scratch = scratch_copy(&db, "opening").unwrap();
        assert!(!scratch.join("snap.00000000000000AA.generating").exists());
        assert_eq!(std::fs::read(scratch.join("blobs/12")).unwrap(), b"blob");
        std::fs::write(scratch.join("db"), b"new").unwrap();
        let kept = take_over(&db, &scratch, "2026-12-06T10-00-00").unwrap();
        assert_eq!(std::fs::read(db.join("db")).unwrap(), b"new");
        assert_eq!(std::fs::read(kept.join("db")).unwrap(), b"old");
        assert!(kept.join("snap.00000000000000AA.generating").exists());
        assert!(!scratch.exists());
    }
}

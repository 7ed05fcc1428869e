//! Remembering that a saved index's checksum held (`search-index.checked`
//! beside it), so that the next process need not read the whole file to
//! check it again: at a million records summing it takes longer than the
//! search.
//!
//! The note names the file as the system sees it (inode, size, times of
//! change) and the boot it was checked in. A file replaced, rewritten or
//! touched since no longer matches; after a restart (when what reached the
//! disk may differ from what was written) every file is checked once
//! again. Like the clean-close record of sled's files, it does not catch a
//! bit the disk itself flips in a file nobody touched.

use std::path::{Path, PathBuf};

/// The note's path for the index at `path`.
fn note_path(path: &Path) -> PathBuf {
    path.with_extension("checked")
}

/// What identifies the file `file` in this boot, or `None` where that
/// cannot be known (then the file is always checked).
fn identity(file: &std::fs::File) -> Option<String> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt;
        let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").ok()?;
        let m = file.metadata().ok()?;
        Some(format!(
            "{} {} {}",
            boot.trim(),
            m.dev(),
            crate::fileio::identity(&m)
        ))
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = file;
        None
    }
}

/// Whether the note says `file` (at `path`) was found to hold checksum
/// `sum` in this boot, unchanged since.
pub(super) fn known_good(path: &Path, file: &std::fs::File, sum: u32) -> bool {
    let Some(me) = identity(file) else {
        return false;
    };
    std::fs::read_to_string(note_path(path)).is_ok_and(|note| note == format!("{me} {sum:08x}\n"))
}

/// A note that a file's checksum held, to be written once the database
/// it belongs to has opened without complaint (a command that reports an
/// error writes nothing into a database's directory).
#[derive(Debug)]
pub struct Checked {
    note: PathBuf,
    line: String,
}

impl Checked {
    /// Writes the note (best effort: without it the next process checks
    /// the file itself).
    pub fn write(self) {
        let temporary = self
            .note
            .with_extension(format!("checked.{}.tmp", std::process::id()));
        let written = std::fs::write(&temporary, &self.line)
            .and_then(|()| std::fs::rename(&temporary, &self.note));
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
    }
}

/// The note that `file` (at `path`) was found to hold checksum `sum`, to
/// write later; `None` where files cannot be told apart.
pub(super) fn note_good(path: &Path, file: &std::fs::File, sum: u32) -> Option<Checked> {
    let me = identity(file)?;
    Some(Checked {
        note: note_path(path),
        line: format!("{me} {sum:08x}\n"),
    })
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn a_note_holds_for_the_same_file_unchanged_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("search-index.bin");
        std::fs::write(&path, b"index").unwrap();
        let file = std::fs::File::open(&path).unwrap();
        assert!(!known_good(&path, &file, 7));
        note_good(&path, &file, 7).unwrap().write();
        assert!(known_good(&path, &file, 7));
        assert!(!known_good(&path, &file, 8), "another checksum");
        // The file replaced (another inode), even with the same bytes.
        std::fs::write(dir.path().join("new"), b"index").unwrap();
        std::fs::rename(dir.path().join("new"), &path).unwrap();
        let file = std::fs::File::open(&path).unwrap();
        assert!(!known_good(&path, &file, 7));
        // Rewritten in place: its times change.
        note_good(&path, &file, 7).unwrap().write();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&path, b"inde+").unwrap();
        assert!(!known_good(&path, &file, 7));
    }
}

//! Reading a file at an offset without moving a shared position (two
//! threads read one open file), reading a whole file in place (mapped),
//! and telling a file's state apart.

/// Fills `buf` from byte `at` of `file`.
pub fn read_exact_at(file: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        file.read_exact_at(buf, at)
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::FileExt;
        let mut done = 0;
        while done < buf.len() {
            let rest = buf.get_mut(done..).unwrap_or(&mut []);
            match file.seek_read(rest, at + done as u64)? {
                0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                n => done += n,
            }
        }
        Ok(())
    }
    #[cfg(not(any(unix, windows)))]
    {
        use std::io::{Read, Seek, SeekFrom};
        let mut f = file;
        f.seek(SeekFrom::Start(at))?;
        f.read_exact(buf)
    }
}

/// What tells a file's exact state apart (inode, size and times where
/// the system has them): it changes whenever the file is written or
/// replaced.
#[cfg(unix)]
pub fn identity(m: &std::fs::Metadata) -> String {
    use std::os::unix::fs::MetadataExt;
    format!(
        "{} {} {}.{} {}.{}",
        m.ino(),
        m.size(),
        m.mtime(),
        m.mtime_nsec(),
        m.ctime(),
        m.ctime_nsec()
    )
}

/// What tells a file's exact state apart (its size and time of change).
#[cfg(not(unix))]
pub fn identity(m: &std::fs::Metadata) -> String {
    let t = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{} {t}", m.len())
}

/// A digest (FNV-1a) of the source files that decide a binary file's
/// layout, mixed with its format number: a copy written by another build
/// of accord, whose types may differ, is never read as this one's.
pub fn layout_digest(sources: &[&str], format: u32) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for s in sources {
        for b in s.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h ^ u64::from(format)
}

/// A whole file's bytes: the file mapped into memory where it can be (its
/// pages come straight from the page cache, with no copy and no fresh
/// memory to fill), else read.
pub enum WholeFile {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl WholeFile {
    /// Only for files accord replaces whole (written to a temporary file
    /// and renamed over the old one), never changes in place: a mapping
    /// keeps the inode it was made from, so what it reads cannot change
    /// under it.
    pub fn open(path: &std::path::Path) -> std::io::Result<WholeFile> {
        WholeFile::of(&std::fs::File::open(path)?)
    }

    /// [`WholeFile::open`] for a file already open (the same condition).
    pub fn of(file: &std::fs::File) -> std::io::Result<WholeFile> {
        // SAFETY: mapping is undefined behaviour if the file changes while
        // mapped; the callers' files are only ever replaced by a rename
        // (see above), which leaves the mapped inode as it was.
        match unsafe { memmap2::Mmap::map(file) } {
            Ok(map) => Ok(WholeFile::Mapped(map)),
            Err(_) => {
                use std::io::Read;
                let mut bytes = Vec::new();
                let mut reader = file;
                reader.read_to_end(&mut bytes)?;
                Ok(WholeFile::Read(bytes))
            }
        }
    }
}

impl std::ops::Deref for WholeFile {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            WholeFile::Mapped(map) => map,
            WholeFile::Read(bytes) => bytes,
        }
    }
}

#[cfg(test)]
mod whole_file_tests {
    use super::WholeFile;

    #[test]
    fn a_whole_file_reads_as_its_bytes_even_when_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"abc").unwrap();
        assert_eq!(&*WholeFile::open(&path).unwrap(), b"abc");
        std::fs::write(&path, b"").unwrap();
        assert_eq!(&*WholeFile::open(&path).unwrap(), b"");
        assert!(WholeFile::open(&dir.path().join("missing")).is_err());
    }
}

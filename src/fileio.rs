//! Reading a file at an offset without moving a shared position (two
//! threads read one open file), and telling a file's state apart.

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

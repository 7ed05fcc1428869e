//! The seal: accord's own record of the last change it acknowledged,
//! kept outside sled's files (`accord.seal` in the database directory).
//!
//! sled takes damage in its log for the end of the log, so a damaged
//! database can open "sound" but older. After every acknowledged change
//! (once sled has flushed it) accord writes the change's sequence number,
//! the number of records and a digest of its history entry to the seal,
//! through a temporary file, synced, then renamed. A database that opens
//! behind its seal is not used.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

const MAGIC: &[u8; 8] = b"ACCORDSL";
const FORMAT: u32 = 1;
/// The seal's file name inside the database directory.
pub(crate) const SEAL_FILE: &str = "accord.seal";
/// The fixed part: magic, format, four numbers, digest, summary length.
const FIXED: usize = 8 + 4 + 8 + 8 + 8 + 8 + 32 + 2;
/// At most this many bytes of the change's summary are kept.
const SUMMARY_BYTES: usize = 240;

/// The last acknowledged change of a database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seal {
    /// The database's instance number (new on every restore).
    pub instance: u64,
    /// The sequence number of the last acknowledged change.
    pub seq: u64,
    /// How many records the database held after it.
    pub records: u64,
    /// When that change was made (seconds since 1970, UTC).
    pub at: i64,
    /// SHA-256 of the change's stored history entry (zeros for none).
    pub digest: [u8; 32],
    /// The change's summary ("mark T4 done"), shortened.
    pub summary: String,
}

/// The digest of a stored history entry.
pub(crate) fn digest(entry: &[u8]) -> [u8; 32] {
    Sha256::digest(entry).into()
}

impl Seal {
    fn encode(&self) -> Vec<u8> {
        let mut summary = self.summary.as_str();
        while summary.len() > SUMMARY_BYTES {
            let mut end = SUMMARY_BYTES;
            while !summary.is_char_boundary(end) {
                end -= 1;
            }
            summary = &summary[..end];
        }
        let mut b = Vec::with_capacity(FIXED + summary.len() + 4);
        b.extend_from_slice(MAGIC);
        b.extend_from_slice(&FORMAT.to_le_bytes());
        b.extend_from_slice(&self.instance.to_le_bytes());
        b.extend_from_slice(&self.seq.to_le_bytes());
        b.extend_from_slice(&self.records.to_le_bytes());
        b.extend_from_slice(&self.at.to_le_bytes());
        b.extend_from_slice(&self.digest);
        b.extend_from_slice(&(summary.len() as u16).to_le_bytes());
        b.extend_from_slice(summary.as_bytes());
        b.extend_from_slice(&crc32fast::hash(&b).to_le_bytes());
        b
    }

    fn decode(b: &[u8]) -> Option<Seal> {
        if b.len() < FIXED + 4 || b.get(..8)? != MAGIC {
            return None;
        }
        let (body, crc) = b.split_at(b.len() - 4);
        if crc32fast::hash(body).to_le_bytes() != crc {
            return None;
        }
        let u64_at = |i: usize| b.get(i..i + 8)?.try_into().ok().map(u64::from_le_bytes);
        if b.get(8..12)? != FORMAT.to_le_bytes() {
            return None;
        }
        let n = usize::from(u16::from_le_bytes(b.get(76..78)?.try_into().ok()?));
        if body.len() != FIXED + n {
            return None;
        }
        let summary = String::from_utf8(body.get(FIXED..)?.to_vec()).ok()?;
        Some(Seal {
            summary,
            instance: u64_at(12)?,
            seq: u64_at(20)?,
            records: u64_at(28)?,
            at: u64_at(36)? as i64,
            digest: b.get(44..76)?.try_into().ok()?,
        })
    }

    /// When the sealed change was made, for messages.
    pub fn when(&self) -> String {
        when(self.at)
    }
}

/// A time in seconds since 1970 as the user reads it (UTC).
pub(crate) fn when(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| rust_i18n::t!("recover.unknown_time").into_owned())
}

pub(crate) fn path_in(dir: &Path) -> PathBuf {
    dir.join(SEAL_FILE)
}

/// What reading the seal found.
#[derive(Debug)]
pub enum Read {
    /// No seal yet (a new database, or one from before accord kept seals).
    Missing,
    Found(Seal),
    /// The file is there but cannot be read.
    Unreadable,
}

pub fn read(dir: &Path) -> Read {
    match std::fs::read(path_in(dir)) {
        Ok(b) => Seal::decode(&b).map_or(Read::Unreadable, Read::Found),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Read::Missing,
        Err(_) => Read::Unreadable,
    }
}

/// Writes the seal durably: a temporary file, synced, renamed over the
/// old one, and the directory synced.
pub fn write(dir: &Path, seal: &Seal) -> std::io::Result<()> {
    let tmp = dir.join(format!("{SEAL_FILE}.tmp"));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(&seal.encode())?;
    f.sync_data()?;
    drop(f);
    std::fs::rename(&tmp, path_in(dir))?;
    sync_dir(dir)
}

/// Makes a rename inside `dir` durable.
pub(crate) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seal() -> Seal {
        Seal {
            instance: 42,
            seq: 7,
            records: 120,
            at: 1_790_000_000,
            digest: digest(b"entry"),
            summary: "mark T4 done".into(),
        }
    }

    #[test]
    fn a_seal_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(read(dir.path()), Read::Missing));
        write(dir.path(), &seal()).unwrap();
        match read(dir.path()) {
            Read::Found(s) => assert_eq!(s, seal()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_damaged_byte_is_noticed() {
        let good = seal().encode();
        for i in 0..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0x10;
            assert_eq!(Seal::decode(&bad), None, "byte {i}");
        }
        for cut in 0..good.len() {
            assert_eq!(Seal::decode(&good[..cut]), None, "cut at {cut}");
        }
    }
}

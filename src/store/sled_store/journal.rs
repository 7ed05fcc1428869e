//! The last few changes, beside the database (`accord.recent`), so that a
//! read-only command after a change (a search after `accord done`) can
//! bring its caches up to date without opening sled.
//!
//! Each acknowledged change appends its history entry, exactly as stored,
//! as one line: `instance TAB entry-as-JSON`. It is only ever a copy: a
//! reader uses it only when its entries follow on from where its cache
//! stands without a gap, up to the seal's change, and the last one's
//! digest is the seal's (so it is that very change, not an older one of
//! a database restored since). Anything else (a big change left out, a
//! line cut short by a crash, another database's entries) sends the
//! reader to sled. Deleting the file is always safe.

use std::io::Write;
use std::path::Path;

use super::seal::{self, Seal};
use crate::store::Version;
use crate::store::history::HistoryEntry;

/// The file's name in the database directory.
pub(crate) const JOURNAL_FILE: &str = "accord.recent";
/// Entries bigger than this (imports, generated data) are not kept: the
/// reader then goes to sled, which is no slower than reading them.
const MAX_ENTRY: usize = 256 << 10;
/// The largest entry [`append`] keeps.
pub(super) const MAX_KEPT: usize = MAX_ENTRY;
/// Beyond this size the file is started again with its last entries.
const MAX_FILE: u64 = 2 << 20;
/// At most this many entries, and half the largest size, are kept when
/// the file is started again.
const KEEP: usize = 32;

/// Appends change `seq`'s stored history `entry` (best effort: a copy
/// that cannot be written only means a reader opens sled).
pub(super) fn append(dir: &Path, instance: u64, entry: &[u8]) {
    let path = dir.join(JOURNAL_FILE);
    if entry.len() > MAX_ENTRY || entry.contains(&b'\n') {
        // Left out: the gap sends readers to sled until the file starts
        // again after later changes.
        return;
    }
    let mut line = format!("{instance}\t").into_bytes();
    line.extend_from_slice(entry);
    line.push(b'\n');
    let len = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    if len + line.len() as u64 > MAX_FILE || !ends_a_line(&path, len) {
        let mut kept = match std::fs::read(&path) {
            Ok(bytes) if len <= MAX_FILE => last_lines(&bytes, KEEP - 1, MAX_FILE as usize / 2),
            _ => Vec::new(),
        };
        kept.extend_from_slice(&line);
        let temporary = dir.join(format!("{JOURNAL_FILE}.tmp"));
        let written =
            std::fs::write(&temporary, &kept).and_then(|()| std::fs::rename(&temporary, &path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
            let _ = std::fs::remove_file(&path);
        }
        return;
    }
    let appended = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut f| f.write_all(&line));
    if appended.is_err() {
        let _ = std::fs::remove_file(&path);
    }
}

/// Forgets every entry (after a restore: a new database).
pub(super) fn clear(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(JOURNAL_FILE));
}

/// Whether the file of `len` bytes ends with a whole line (or is empty).
fn ends_a_line(path: &Path, len: u64) -> bool {
    if len == 0 {
        return true;
    }
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut last = [0u8; 1];
    crate::fileio::read_exact_at(&file, &mut last, len - 1).is_ok() && last == [b'\n']
}

/// The last whole lines of `bytes`, at most `n` of them and `budget`
/// bytes.
fn last_lines(bytes: &[u8], n: usize, budget: usize) -> Vec<u8> {
    let whole = match bytes.iter().rposition(|&b| b == b'\n') {
        Some(end) => bytes.get(..=end).unwrap_or(&[]),
        None => return Vec::new(),
    };
    let mut start = whole.len();
    let mut kept = 0;
    // Each line's start: after the newline before it, or the beginning.
    let mut ends = whole
        .iter()
        .enumerate()
        .rev()
        .skip(1)
        .filter(|&(_, &b)| b == b'\n')
        .map(|(i, _)| i + 1)
        .chain(std::iter::once(0));
    while kept < n {
        let Some(line_start) = ends.next() else { break };
        if whole.len() - line_start > budget {
            break;
        }
        start = line_start;
        kept += 1;
    }
    whole.get(start..).unwrap_or(&[]).to_vec()
}

/// The changes after `from` up to the database's last change `now`, from
/// the file in `dir`, when it holds every one of them and the last is the
/// change the seal names; `None` otherwise (read them from sled).
pub fn after(dir: &Path, from: u64, now: Version) -> Option<Vec<HistoryEntry>> {
    if from >= now.seq {
        return Some(Vec::new());
    }
    let seal = match seal::read(dir) {
        seal::Read::Found(s) => s,
        _ => return None,
    };
    if (seal.instance, seal.seq) != (now.instance, now.seq) {
        return None;
    }
    let file = std::fs::File::open(dir.join(JOURNAL_FILE)).ok()?;
    if file.metadata().ok()?.len() > MAX_FILE + MAX_ENTRY as u64 {
        return None;
    }
    let bytes = std::fs::read(dir.join(JOURNAL_FILE)).ok()?;
    entries(&bytes, from, &seal)
}

/// The entries of `bytes` after `from` up to the seal's change, in order
/// and without a gap, the last one the seal's.
fn entries(bytes: &[u8], from: u64, seal: &Seal) -> Option<Vec<HistoryEntry>> {
    let instance = seal.instance.to_string();
    let mut out: Vec<HistoryEntry> = Vec::new();
    let mut last_digest = None;
    for line in bytes.split(|&b| b == b'\n') {
        let Some(tab) = line.iter().position(|&b| b == b'\t') else {
            continue;
        };
        let (owner, json) = (line.get(..tab)?, line.get(tab + 1..)?);
        if owner != instance.as_bytes() {
            continue;
        }
        let Ok(entry) = serde_json::from_slice::<HistoryEntry>(json) else {
            continue;
        };
        if entry.seq <= from || entry.seq > seal.seq {
            continue;
        }
        // A line for a change number seen already (written again after
        // an undo of a change not in the file): the later one counts.
        out.retain(|e| e.seq < entry.seq);
        if out.last().map_or(from, |e| e.seq) + 1 != entry.seq {
            out.clear();
            last_digest = None;
            if entry.seq != from + 1 {
                continue;
            }
        }
        last_digest = Some(seal::digest(json));
        out.push(entry);
    }
    let complete = out.first().is_some_and(|e| e.seq == from + 1)
        && out.last().is_some_and(|e| e.seq == seal.seq)
        && last_digest == Some(seal.digest);
    complete.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: u64) -> Vec<u8> {
        format!(
            r#"{{"seq":{seq},"at":"2026-11-23T10:00:00Z","author":"me","summary":"change {seq}","changes":[]}}"#
        )
        .into_bytes()
    }

    fn sealed(dir: &Path, instance: u64, seq: u64) {
        let s = Seal {
            instance,
            seq,
            records: 1,
            at: 0,
            digest: seal::digest(&entry(seq)),
            summary: format!("change {seq}"),
        };
        seal::write(dir, &s).unwrap();
    }

    fn now(instance: u64, seq: u64) -> Version {
        Version { instance, seq }
    }

    fn seqs(found: Option<Vec<HistoryEntry>>) -> Option<Vec<u64>> {
        found.map(|es| es.iter().map(|e| e.seq).collect())
    }

    #[test]
    fn the_changes_since_a_cache_are_served_up_to_the_seal() {
        let dir = tempfile::tempdir().unwrap();
        for seq in 1..=5 {
            append(dir.path(), 7, &entry(seq));
        }
        sealed(dir.path(), 7, 5);
        assert_eq!(seqs(after(dir.path(), 2, now(7, 5))), Some(vec![3, 4, 5]));
        assert_eq!(seqs(after(dir.path(), 5, now(7, 5))), Some(vec![]));
        // The seal names a change the file does not have: sled it is.
        append(dir.path(), 7, &entry(6));
        sealed(dir.path(), 7, 7);
        assert_eq!(after(dir.path(), 2, now(7, 7)), None);
    }

    #[test]
    fn a_gap_a_cut_line_or_another_database_is_never_served() {
        let dir = tempfile::tempdir().unwrap();
        append(dir.path(), 7, &entry(1));
        append(dir.path(), 7, &entry(3));
        sealed(dir.path(), 7, 3);
        assert_eq!(after(dir.path(), 0, now(7, 3)), None, "2 is missing");
        assert_eq!(seqs(after(dir.path(), 2, now(7, 3))), Some(vec![3]));

        // A restored database (instance 8) with the same change numbers.
        sealed(dir.path(), 8, 3);
        assert_eq!(after(dir.path(), 2, now(8, 3)), None);

        // A line cut short by a crash: the next append starts the file
        // again, so the entries after it are whole.
        let cut = dir.path().join(JOURNAL_FILE);
        let bytes = std::fs::read(&cut).unwrap();
        std::fs::write(&cut, &bytes[..bytes.len() - 5]).unwrap();
        sealed(dir.path(), 7, 3);
        assert_eq!(after(dir.path(), 2, now(7, 3)), None);
        append(dir.path(), 7, &entry(4));
        sealed(dir.path(), 7, 4);
        assert_eq!(seqs(after(dir.path(), 3, now(7, 4))), Some(vec![4]));
        assert!(std::fs::read(&cut).unwrap().ends_with(b"\n"));

        // An entry whose digest is not the seal's.
        std::fs::write(
            &cut,
            format!(
                "7\t{}\n",
                String::from_utf8(entry(4)).unwrap().replace("me", "you")
            ),
        )
        .unwrap();
        assert_eq!(after(dir.path(), 3, now(7, 4)), None);
    }

    #[test]
    fn the_file_starts_again_with_its_last_entries_when_it_grows() {
        let dir = tempfile::tempdir().unwrap();
        let big = |seq: u64| {
            let mut e = entry(seq);
            let pad = format!(r#","pad":"{}"}}"#, "x".repeat(100_000));
            e.truncate(e.len() - 1);
            e.extend_from_slice(pad.as_bytes());
            e
        };
        for seq in 1..=40 {
            append(dir.path(), 7, &big(seq));
        }
        let len = std::fs::metadata(dir.path().join(JOURNAL_FILE))
            .unwrap()
            .len();
        assert!(len <= MAX_FILE, "{len}");
        let s = Seal {
            instance: 7,
            seq: 40,
            records: 1,
            at: 0,
            digest: seal::digest(&big(40)),
            summary: String::new(),
        };
        seal::write(dir.path(), &s).unwrap();
        assert_eq!(seqs(after(dir.path(), 38, now(7, 40))), Some(vec![39, 40]));
        assert!(
            after(dir.path(), 0, now(7, 40)).is_none(),
            "only the last are kept"
        );
        // A change too big to keep leaves a gap.
        append(dir.path(), 7, &vec![b'x'; MAX_ENTRY + 1]);
        assert!(after(dir.path(), 38, now(7, 41)).is_none());
    }
}

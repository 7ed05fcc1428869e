//! What digests were sent, to whom and when: `digests-sent.jsonl` beside
//! the database (one JSON object a line, appended and flushed after each
//! message the server accepted). A second `digest --send` the same day
//! sends only to those not in it.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::t;

pub const FILE: &str = "digests-sent.jsonl";

/// One digest sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sent {
    /// The day the digest was of.
    pub day: NaiveDate,
    /// When the server accepted it.
    pub at: DateTime<Utc>,
    /// The staff member (or `--to`'s address).
    pub name: String,
    pub email: String,
    pub subject: String,
    /// How many lines the digest had.
    pub items: usize,
}

/// The record of sent digests in one directory.
pub struct SentLog {
    path: PathBuf,
}

impl SentLog {
    pub fn in_dir(dir: &Path) -> SentLog {
        SentLog {
            path: dir.join(FILE),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every entry; none when the file does not exist yet. A line that
    /// cannot be read is an error naming the file and the line.
    pub fn read(&self) -> Result<Vec<Sent>, String> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => {
                return Err(t(
                    "mail.err_log_read",
                    &[
                        ("path", &self.path.display().to_string()),
                        ("detail", &e.to_string()),
                    ],
                ));
            }
        };
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let entry: Sent = serde_json::from_str(line).map_err(|e| {
                t(
                    "mail.err_log_line",
                    &[
                        ("path", &self.path.display().to_string()),
                        ("line", &(i + 1).to_string()),
                        ("detail", &e.to_string()),
                    ],
                )
            })?;
            out.push(entry);
        }
        Ok(out)
    }

    /// Appends one entry and flushes it to disk.
    pub fn append(&self, entry: &Sent) -> Result<(), String> {
        let fail = |e: &dyn std::fmt::Display| {
            t(
                "mail.err_log_write",
                &[
                    ("path", &self.path.display().to_string()),
                    ("detail", &e.to_string()),
                ],
            )
        };
        let mut line = serde_json::to_string(entry).map_err(|e| fail(&e))?;
        line.push('\n');
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| fail(&e))?;
        f.write_all(line.as_bytes()).map_err(|e| fail(&e))?;
        f.sync_data().map_err(|e| fail(&e))
    }
}

/// Whether `entries` hold a digest of `day` sent to this name at this
/// address.
pub fn already_sent(entries: &[Sent], day: NaiveDate, name: &str, email: &str) -> bool {
    entries.iter().any(|e| {
        e.day == day
            && crate::staff::key(&e.name) == crate::staff::key(name)
            && e.email.trim().eq_ignore_ascii_case(email.trim())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_appended_and_read_back_and_a_broken_line_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let log = SentLog::in_dir(dir.path());
        assert!(log.read().unwrap().is_empty());
        let day: NaiveDate = "2026-11-23".parse().unwrap();
        let e = Sent {
            day,
            at: Utc::now(),
            name: "Li Na".into(),
            email: "li.na@h.example".into(),
            subject: "accord 摘要".into(),
            items: 3,
        };
        log.append(&e).unwrap();
        let read = log.read().unwrap();
        assert_eq!(read, vec![e]);
        assert!(already_sent(&read, day, "li na", "LI.NA@h.example"));
        assert!(!already_sent(
            &read,
            day.succ_opt().unwrap(),
            "Li Na",
            "li.na@h.example"
        ));
        assert!(!already_sent(&read, day, "Wang Jun", "li.na@h.example"));
        std::fs::write(log.path(), "{not json\n").unwrap();
        let err = log.read().unwrap_err();
        assert!(err.contains(FILE) && err.contains('1'), "{err}");
    }
}

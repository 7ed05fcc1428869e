//! Keeping the seal (see [`super::seal`]) in step with the database:
//! verified when the database opens and by `check`, renewed after every
//! acknowledged change.

use chrono::{DateTime, Utc};

use super::SledStore;
use super::seal::{self, Read, Seal};
use crate::store::check::Problem;
use crate::store::{Result, Store, StoreError, Version};

/// Meta key of the digest of the last change's history entry, written in
/// the same transaction as the change.
pub(super) const LAST_DIGEST_KEY: &[u8] = b"last_digest";

impl SledStore {
    fn stored_digest(&self) -> Result<Option<[u8; 32]>> {
        Ok(self
            .meta
            .get(LAST_DIGEST_KEY)
            .map_err(|e| self.corrupt(e))?
            .and_then(|v| v.as_ref().try_into().ok()))
    }

    /// When change `seq` was made, for messages.
    fn when_of(&self, seq: u64) -> String {
        match self.entry(seq) {
            Ok(Some(e)) => seal::when(e.at.timestamp()),
            _ if seq == 0 => rust_i18n::t!("durable.the_start").into_owned(),
            _ => rust_i18n::t!("recover.unknown_time").into_owned(),
        }
    }

    /// Compares the database with its seal: refused when it ends before
    /// the last acknowledged change; a missing seal (a new database, or
    /// one from before seals) is written now.
    pub(super) fn verify_seal(&self) -> Result<()> {
        let Some(dir) = self.files.clone() else {
            return Ok(());
        };
        let v = self.current_version()?;
        let digest = self.stored_digest()?;
        match seal::read(&dir) {
            Read::Unreadable => Err(StoreError::SealUnreadable {
                path: self.location(),
                file: seal::path_in(&self.path).display().to_string(),
            }),
            Read::Found(s) if s.seq > v.seq => Err(StoreError::RolledBack {
                path: self.location(),
                found: v.seq,
                sealed: s.seq,
                since: self.when_of(v.seq),
                until: s.when(),
            }),
            Read::Found(s) if s.seq == v.seq && s.instance == v.instance => {
                if digest.is_some_and(|d| d != s.digest) {
                    return Err(StoreError::Damaged {
                        path: self.location(),
                    });
                }
                self.closer.note_sealed(Some(v));
                *self.seal.lock().unwrap_or_else(|p| p.into_inner()) = Some(s);
                Ok(())
            }
            // No seal yet, or one the database is ahead of (the process
            // died between sled's flush and the seal, or a restore).
            _ => {
                let records = self.records.len() as u64;
                let (at, summary) = match self.entry(v.seq)? {
                    Some(e) => (e.at.timestamp(), e.summary),
                    None => (self.clock.now().timestamp(), String::new()),
                };
                let s = Seal {
                    instance: v.instance,
                    seq: v.seq,
                    records,
                    at,
                    digest: digest.unwrap_or([0; 32]),
                    summary,
                };
                let written = seal::write(&dir, &s).is_ok();
                self.closer.note_sealed(written.then_some(v));
                *self.seal.lock().unwrap_or_else(|p| p.into_inner()) = Some(s);
                Ok(())
            }
        }
    }

    /// Renews the seal after change `seq` (already flushed): `delta`
    /// records more or fewer, made at `at`, its entry's `digest`. A seal
    /// that cannot be written is renewed from the database at the next
    /// open (which then sees the database ahead of it).
    pub(super) fn reseal(
        &self,
        seq: u64,
        delta: i64,
        at: DateTime<Utc>,
        digest: [u8; 32],
        summary: &str,
    ) {
        let Some(dir) = &self.files else { return };
        let mut held = self.seal.lock().unwrap_or_else(|p| p.into_inner());
        let Some(current) = held.as_ref() else {
            self.closer.note_sealed(None);
            return;
        };
        let next = Seal {
            instance: current.instance,
            seq,
            records: u64::try_from((current.records as i64).saturating_add(delta)).unwrap_or(0),
            at: at.timestamp(),
            digest,
            summary: summary.to_string(),
        };
        let written = seal::write(dir, &next).is_ok();
        self.closer.note_sealed(written.then_some(Version {
            instance: next.instance,
            seq,
        }));
        *held = Some(next);
    }

    /// Keeps the entry of the change just sealed in the journal of recent
    /// changes (`None`: too big to keep; the gap sends readers to sled).
    pub(super) fn note_recent(&self, entry: Option<&[u8]>) {
        let Some(dir) = &self.files else { return };
        let instance = self
            .seal
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(|s| s.instance);
        if let (Some(entry), Some(instance)) = (entry, instance) {
            super::journal::append(dir, instance, entry);
        }
    }

    /// After a restore: a new instance, its records and last change.
    pub(super) fn reseal_all(
        &self,
        instance: u64,
        seq: u64,
        records: usize,
        at: DateTime<Utc>,
        digest: [u8; 32],
        summary: &str,
    ) {
        let Some(dir) = &self.files else { return };
        super::journal::clear(dir);
        let next = Seal {
            instance,
            seq,
            records: records as u64,
            at: at.timestamp(),
            digest,
            summary: summary.to_string(),
        };
        let written = seal::write(dir, &next).is_ok();
        self.closer
            .note_sealed(written.then_some(Version { instance, seq }));
        *self.seal.lock().unwrap_or_else(|p| p.into_inner()) = Some(next);
    }

    /// `check`'s part: the database against its seal, counting `records`.
    pub(super) fn check_seal(&self, records: usize) -> Result<Vec<Problem>> {
        let Some(dir) = &self.files else {
            return Ok(Vec::new());
        };
        let file = seal::path_in(&self.path).display().to_string();
        let s = match seal::read(dir) {
            Read::Missing => return Ok(Vec::new()),
            Read::Unreadable => {
                let m = rust_i18n::t!("durable.check.seal_unreadable", file = file);
                return Ok(vec![Problem::new(None, m)]);
            }
            Read::Found(s) => s,
        };
        let v = self.current_version()?;
        let mut problems = Vec::new();
        if s.seq > v.seq {
            let m = rust_i18n::t!("durable.check.seal_behind", found = v.seq, sealed = s.seq);
            problems.push(Problem::new(None, m));
            return Ok(problems);
        }
        if s.seq == v.seq && s.instance == v.instance {
            let entry = self
                .history
                .get(v.seq.to_be_bytes())
                .map_err(|e| self.corrupt(e))?;
            let actual = match entry {
                Some(e) => super::apart::digest(&e, &self.apart).map_err(|e| self.corrupt(e))?,
                None => [0; 32],
            };
            let known = self.stored_digest()?.is_some() || s.digest != [0; 32];
            if known && actual != s.digest && v.seq > 0 {
                let m = rust_i18n::t!("durable.check.seal_digest", seq = v.seq);
                problems.push(Problem::new(None, m));
            }
            if s.records != records as u64 {
                let m = rust_i18n::t!(
                    "durable.check.seal_count",
                    found = records,
                    sealed = s.records
                );
                problems.push(Problem::new(None, m));
            }
        }
        Ok(problems)
    }
}

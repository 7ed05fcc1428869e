//! How records and index entries are written to and read from sled.

use serde::{Deserialize, Serialize};

use super::{DUE, EXPIRY, EnvelopeIn, EnvelopeOut, RECORDS, REFS, Writes};
use crate::model::{Id, Kind, Record};
use crate::store::keys::*;
use crate::store::{Result, SCHEMA_VERSION, StoreError};

/// Decodes a stored record. The key's first byte says the kind, so the
/// record is read straight into its struct (twice as fast as going
/// through the tagged enum); the `kind` tag inside is then ignored.
pub(super) fn decode_record(key: &[u8], bytes: &[u8]) -> serde_json::Result<Record> {
    #[derive(Deserialize)]
    struct Of<T> {
        record: T,
    }
    fn of<T: serde::de::DeserializeOwned>(b: &[u8]) -> serde_json::Result<T> {
        serde_json::from_slice::<Of<T>>(b).map(|e| e.record)
    }
    match key.first().copied().and_then(Kind::from_tag) {
        Some(Kind::Institution) => of(bytes).map(Record::Institution),
        Some(Kind::Contact) => of(bytes).map(Record::Contact),
        Some(Kind::Partnership) => of(bytes).map(Record::Partnership),
        Some(Kind::Agreement) => of(bytes).map(Record::Agreement),
        Some(Kind::Action) => of(bytes).map(Record::Action),
        Some(Kind::FollowUp) => of(bytes).map(Record::FollowUp),
        Some(Kind::Note) => of(bytes).map(Record::Note),
        None => serde_json::from_slice::<EnvelopeIn>(bytes).map(|e| e.record),
    }
}

pub(super) fn to_json<T: Serialize>(v: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(v)
        .map_err(|e| StoreError::Conflict(format!("the change could not be encoded: {e}")))
}

pub(super) fn counter_key(kind: Kind) -> Vec<u8> {
    format!("counter:{}", kind.prefix()).into_bytes()
}

/// Record, index removals and index additions for one record's change.
pub(super) fn index_writes(
    w: &mut Writes,
    id: Id,
    old: Option<&Record>,
    new: Option<&Record>,
) -> Result<()> {
    let keys = |r: Option<&Record>| -> [Vec<Vec<u8>>; 3] {
        match r {
            Some(r) => [
                due_entries(r).iter().map(due_key).collect(),
                ref_keys(r),
                expiry_key(r).into_iter().collect(),
            ],
            None => Default::default(),
        }
    };
    let (o, n) = (keys(old), keys(new));
    for (i, tree) in [DUE, REFS, EXPIRY].into_iter().enumerate() {
        // A record has a handful of keys per index: a scan beats a set.
        for k in &o[i] {
            if !n[i].contains(k) {
                w.dels.push((tree, k.clone()));
            }
        }
        for k in &n[i] {
            if !o[i].contains(k) {
                w.puts.push((tree, k.clone(), Vec::new()));
            }
        }
    }
    match new {
        Some(r) => w.puts.push((
            RECORDS,
            id.to_bytes().to_vec(),
            to_json(&EnvelopeOut {
                v: SCHEMA_VERSION,
                record: r,
            })?,
        )),
        None => w.dels.push((RECORDS, id.to_bytes().to_vec())),
    }
    Ok(())
}

//! How records and index entries are written to and read from sled.

use serde::{Deserialize, Serialize};

use super::{DUE, EXPIRY, EnvelopeIn, RECORDS, REFS, Writes};
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

/// Record, index removals and index additions for one record's change;
/// the new record's JSON (as the history entry holds it too).
pub(super) fn index_writes(
    w: &mut Writes,
    id: Id,
    old: Option<&Record>,
    new: Option<&Record>,
) -> Result<Option<Vec<u8>>> {
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
        Some(r) => {
            let json = to_json(r)?;
            w.puts
                .push((RECORDS, id.to_bytes().to_vec(), envelope(&json)));
            Ok(Some(json))
        }
        None => {
            w.dels.push((RECORDS, id.to_bytes().to_vec()));
            Ok(None)
        }
    }
}

/// A record's stored value from its JSON: `{"v":1,"record":RECORD}`, the
/// bytes serde encodes `{v, record}` to.
fn envelope(record: &[u8]) -> Vec<u8> {
    let head = format!("{{\"v\":{SCHEMA_VERSION},\"record\":");
    let mut out = Vec::with_capacity(head.len() + record.len() + 1);
    out.extend_from_slice(head.as_bytes());
    out.extend_from_slice(record);
    out.push(b'}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct EnvelopeOut<'a> {
        v: u32,
        record: &'a Record,
    }

    #[test]
    fn a_stored_value_is_the_envelope_encoded() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let clock = std::sync::Arc::new(crate::clock::FixedClock(today));
        let store = crate::store::SledStore::temporary(clock).unwrap();
        crate::demo::load_demo(&store, today).unwrap();
        for r in crate::store::Store::snapshot(&store).unwrap().records {
            let json = to_json(&r).unwrap();
            let whole = to_json(&EnvelopeOut {
                v: SCHEMA_VERSION,
                record: &r,
            })
            .unwrap();
            assert!(envelope(&json) == whole, "{}", r.id());
        }
    }
}

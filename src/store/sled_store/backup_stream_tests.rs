use std::sync::Arc;

use chrono::NaiveDate;

use super::*;
use crate::clock::FixedClock;
use crate::model::{Kind, Record};
use crate::store::sled_store::SledStore;
use crate::store::sled_store::whole::snapshot_of;
use crate::store::{ChangeSet, Edit, Store};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn store() -> SledStore {
    SledStore::temporary(Arc::new(FixedClock(today()))).unwrap()
}

fn streamed(s: &SledStore) -> io::Result<(Vec<u8>, usize)> {
    let mut out = Vec::new();
    let n = write(
        &mut out,
        &s.records,
        &s.history,
        &s.apart,
        &s.meta,
        s.clock.now(),
    )?;
    Ok((out, n))
}

/// The backup as it was written before: every record and entry decoded,
/// the snapshot encoded.
fn read_back(s: &SledStore) -> Vec<u8> {
    let snap = snapshot_of(&s.records, &s.history, &s.apart, &s.meta, s.clock.now()).unwrap();
    serde_json::to_vec(&snap).unwrap()
}

/// The demo, a generated change big enough to be stored apart, another
/// one undone (its stub marked), and a small change after.
fn varied() -> SledStore {
    let s = store();
    crate::demo::load_demo(&s, today()).unwrap();
    crate::generate::generate(&s, 3000, 1, today(), &mut |_, _| {}).unwrap();
    let stubs = s
        .history
        .iter()
        .values()
        .filter(|v| super::super::apart::is_stub(v.as_ref().unwrap()))
        .count();
    assert!(stubs > 0, "some entry is stored apart");
    s.undo("Undo: ").unwrap().unwrap();
    let Some(Record::Action(mut a)) = s.get(crate::model::Id::new(Kind::Action, 1)).unwrap() else {
        panic!("the demo has T1")
    };
    a.title = "Ring \"Ulaanbaatar\" — 乌兰巴托\n".into();
    s.apply(ChangeSet::one("rename", Edit::Update(Record::Action(a))))
        .unwrap();
    s
}

#[test]
fn the_streamed_backup_is_the_snapshot_byte_for_byte() {
    let s = varied();
    let (bytes, n) = streamed(&s).unwrap();
    assert_eq!(n, s.records.len());
    assert!(bytes == read_back(&s), "the bytes differ");
    let back: Snapshot = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(back, s.snapshot().unwrap());
}

#[test]
fn an_empty_database_streams_as_its_snapshot() {
    let s = store();
    assert_eq!(streamed(&s).unwrap(), (read_back(&s), 0));
}

#[test]
fn a_record_stored_another_way_is_decoded_and_encoded_again() {
    let s = varied();
    let key = crate::model::Id::new(Kind::Action, 2).to_bytes();
    let value = s.records.get(key).unwrap().unwrap();
    let json = stored_record(&value).unwrap();
    // An older envelope version, and the same with spaces.
    let old = [&b"{\"v\":0,\"record\":"[..], json, b"}"].concat();
    let spaced = [&b"{ \"v\": 1, \"record\": "[..], json, b" }"].concat();
    for v in [old, spaced] {
        assert!(stored_record(&v).is_none());
        s.records.insert(key, v).unwrap();
        assert!(streamed(&s).unwrap().0 == read_back(&s));
    }
}

#[test]
fn an_unreadable_record_or_change_gives_no_backup() {
    let s = varied();
    let key = crate::model::Id::new(Kind::Action, 2).to_bytes();
    let good = s.records.get(key).unwrap().unwrap();
    s.records.insert(key, &good[..good.len() - 3]).unwrap();
    let e = streamed(&s).unwrap_err();
    assert!(e.to_string().contains("T2 cannot be read"), "{e}");
    s.records.insert(key, good).unwrap();
    assert!(streamed(&s).is_ok());

    // A change stored apart cut inside its JSON (its length kept).
    let (k, chunk) = s.apart.iter().next().unwrap().unwrap();
    let mut cut = chunk.to_vec();
    let len = u32::from_be_bytes(cut[9..13].try_into().unwrap()) as usize;
    cut[13 + len - 1] = b' ';
    s.apart.insert(&k, cut).unwrap();
    let e = streamed(&s).unwrap_err();
    assert!(e.to_string().contains("history entry"), "{e}");
}

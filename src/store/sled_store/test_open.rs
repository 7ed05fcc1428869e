//! For tests: opening a database that was just closed in the same process.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::clock::FixedClock;
use crate::store::{SledStore, StoreError};

/// Opens the database at `path` on `today`, waiting a moment for the lock
/// when it was just dropped (sled's background threads let go of it
/// shortly after).
pub fn open_when_free(path: &Path, today: NaiveDate) -> SledStore {
    let mut tries = 0;
    loop {
        match SledStore::open(path, Arc::new(FixedClock(today))) {
            Ok(s) => return s,
            Err(StoreError::Locked { .. }) if tries < 250 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => panic!("{e}"),
        }
    }
}

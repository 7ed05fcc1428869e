//! Each record's entry, as a search reads it; where each id's entry is;
//! and the links between records, as a saved index keeps them.

use std::collections::HashMap;

use super::arena::Place;
use super::derive::Masks;
use super::entry::Field;
use crate::model::{Id, Kind};

/// What a search reads of every record, kept together. Plain numbers
/// only, so that a saved index is used straight from its file.
#[derive(Debug, Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub(crate) struct Hot {
    /// Summary of every spelling the record is searched by.
    pub masks: Masks,
    /// Where its spellings are.
    pub place: Place,
    /// Days since the common era of the record's date, or `i32::MIN`.
    pub recency: i32,
    /// The id's number and kind (`Kind::tag`).
    n: u32,
    kind: u8,
    /// 1: a record is indexed (a slot also exists for an id referred to
    /// but not (yet) indexed); 2: it is open.
    flags: u8,
    /// Characters in the shortest of its own names and titles, in any
    /// spelling (not its id): a match there scores the finest grain a
    /// name can give (see [`Hot::finest`]).
    shortest: u16,
}

impl Hot {
    pub(super) fn empty(id: Id) -> Hot {
        Hot {
            masks: Masks::default(),
            place: Place::default(),
            recency: i32::MIN,
            n: id.n,
            kind: id.kind.tag(),
            flags: 0,
            shortest: u16::MAX,
        }
    }

    pub fn id(&self) -> Id {
        Id::new(
            Kind::from_tag(self.kind).unwrap_or(Kind::Institution),
            self.n,
        )
    }

    pub fn present(&self) -> bool {
        self.flags & 1 != 0
    }

    pub fn open(&self) -> bool {
        self.flags & 2 != 0
    }

    pub(super) fn set_shortest(&mut self, chars: usize) {
        self.shortest = u16::try_from(chars).unwrap_or(u16::MAX);
    }

    /// The most a term of `chars` characters matched as a run in one of
    /// the record's own names or titles can add to the finer grain of its
    /// score (`rank::score`: coverage of the spelling, and 100 at most
    /// for an early place).
    pub fn finest(&self, chars: u32) -> i32 {
        let shortest = i64::from(self.shortest.max(1));
        let coverage = i64::from(chars) * 1000 / shortest;
        i32::try_from(coverage + 100).unwrap_or(i32::MAX)
    }

    /// The mask of every character of its id (`I123`).
    pub fn id_mask(&self) -> u64 {
        let id = self.id();
        let mut mask = super::derive::char_bit(id.kind.prefix());
        let mut n = id.n;
        loop {
            mask |= 1 << (26 + n % 10);
            n /= 10;
            if n == 0 {
                break;
            }
        }
        mask
    }

    pub(super) fn set_flags(&mut self, present: bool, open: bool) {
        self.flags = u8::from(present) | u8::from(open) << 1;
    }
}

/// Where each id's entry is: a table per kind for the ids a store hands
/// out (small numbers, dense), a map for any others.
#[derive(Debug, Default)]
pub(super) struct Slots {
    dense: [Vec<u32>; Kind::ALL.len()],
    sparse: HashMap<Id, u32>,
}

impl Slots {
    /// Ids numbered below this are kept in the tables.
    const DENSE: u32 = 1 << 22;
    const NONE: u32 = u32::MAX;

    pub(super) fn get(&self, id: Id) -> Option<u32> {
        if id.n >= Slots::DENSE {
            return self.sparse.get(&id).copied();
        }
        let table = self.dense.get(id.kind as usize)?;
        table
            .get(id.n as usize)
            .copied()
            .filter(|&s| s != Slots::NONE)
    }

    pub(super) fn insert(&mut self, id: Id, slot: u32) {
        match self.dense.get_mut(id.kind as usize) {
            Some(table) if id.n < Slots::DENSE => {
                let n = id.n as usize;
                if table.len() <= n {
                    table.resize(n + 1, Slots::NONE);
                }
                if let Some(s) = table.get_mut(n) {
                    *s = slot;
                }
            }
            _ => {
                self.sparse.insert(id, slot);
            }
        }
    }
}

/// A link as saved: the declaring slot, the owner, the source, the field.
#[derive(Debug, Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub(crate) struct SavedLink {
    pub slot: u32,
    pub owner: u32,
    pub source: u32,
    field: u8,
    _pad: [u8; 3],
}

impl SavedLink {
    pub(crate) fn new(slot: u32, owner: u32, source: u32, field: Field) -> SavedLink {
        SavedLink {
            slot,
            owner,
            source,
            field: field as u8,
            _pad: [0; 3],
        }
    }

    pub fn field(&self) -> Field {
        Field::of(self.field)
    }
}

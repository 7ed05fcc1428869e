//! A deterministic synthetic dataset at realistic proportions, for
//! benchmarks and scale tests: institutions in 36 countries with names in
//! Chinese, Cyrillic and Latin scripts, partnerships with 1–5 partners,
//! agreements with spread dates, action items and follow-ups (about a
//! third closed), notes and history. Written through the `Store` API.

use chrono::{Days, NaiveDate};

use crate::model::*;
use crate::store::{ChangeSet, Edit, Result, Store};

mod names;

/// SplitMix64: small, fast, and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

use names::*;

/// How many records were written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Generated {
    pub records: usize,
    pub changes: usize,
}

/// Writes about `records` records generated from `seed`, relative to
/// `today`, in changes of up to `batch` records. `progress` is called with
/// (written, total) after each change.
pub fn generate(
    store: &dyn Store,
    records: usize,
    seed: u64,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Generated> {
    generate_into(store, records, seed, today, progress, None)
}

/// As [`generate`], also returning every record of the database in id
/// order when it held none before (so the start-up copy can be written
/// without reading a million records back); `None` when it held some.
pub fn generate_keeping(
    store: &dyn Store,
    records: usize,
    seed: u64,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Generated, Option<Vec<Record>>)> {
    // No id was ever given: no record is stored.
    let mut empty = true;
    for k in Kind::ALL {
        empty &= store.next_id(k)?.n == 1;
    }
    let mut kept = empty.then(Vec::new);
    let g = generate_into(store, records, seed, today, progress, kept.as_mut())?;
    if let Some(all) = kept.as_mut() {
        // Written kind by kind in id order already; sorting a sorted list
        // only checks it.
        all.sort_by_key(Record::id);
    }
    Ok((g, kept))
}

fn generate_into(
    store: &dyn Store,
    records: usize,
    seed: u64,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
    mut kept: Option<&mut Vec<Record>>,
) -> Result<Generated> {
    let mut rng = Rng::new(seed);
    let plan = Plan::for_total(records);
    let mut out = Generated::default();
    let mut institutions: Vec<Id> = Vec::new();
    let mut labels: Vec<String> = Vec::new();
    let mut partnerships: Vec<(Id, Vec<Id>)> = Vec::new();
    let mut parents: Vec<Id> = Vec::new();
    let batch = 10_000;
    let mut pending: Vec<Record> = Vec::new();
    let next = |kind: Kind, counters: &mut [u32; 7]| {
        let slot = &mut counters[kind.tag() as usize - 1];
        *slot += 1;
        Id::new(kind, *slot)
    };
    let mut counters = [0u32; 7];
    for k in Kind::ALL {
        counters[k.tag() as usize - 1] = store.next_id(k)?.n - 1;
    }
    let mut flush = |pending: &mut Vec<Record>, out: &mut Generated| -> Result<()> {
        if pending.is_empty() {
            return Ok(());
        }
        let mut c = ChangeSet::new(format!("generate {} records", pending.len()));
        for r in pending.drain(..) {
            if let Some(k) = kept.as_mut() {
                k.push(r.clone());
            }
            c.push(Edit::Create(r));
        }
        let n = c.edits.len();
        store.apply(c)?;
        out.records += n;
        out.changes += 1;
        progress(out.records, records);
        Ok(())
    };
    let day = |n: i64| {
        today
            .checked_add_signed(chrono::Duration::days(n))
            .unwrap_or(today)
    };
    for _ in 0..plan.institutions {
        let id = next(Kind::Institution, &mut counters);
        let inst = institution(&mut rng, id);
        let label = inst
            .names
            .last()
            .map(|n| n.text.clone())
            .unwrap_or_default();
        if labels.len() <= id.n as usize {
            labels.resize(id.n as usize + 1, String::new());
        }
        labels[id.n as usize] = label;
        pending.push(Record::Institution(inst));
        institutions.push(id);
    }
    for _ in 0..plan.contacts {
        let id = next(Kind::Contact, &mut counters);
        let inst = *rng.pick(&institutions);
        let n = rng.below(10_000);
        pending.push(Record::Contact(Contact {
            id,
            institution: inst,
            names: vec![Name::new(format!("{} {n}", rng.pick(GIVEN)), "en")],
            title: rng
                .pick(&[
                    "Director",
                    "Dean",
                    "Head of International Office",
                    "Professor",
                ])
                .to_string(),
            email: format!("contact{n}@example.org"),
            phone: String::new(),
            notes: String::new(),
        }));
    }
    flush(&mut pending, &mut out)?;
    for _ in 0..plan.partnerships {
        let id = next(Kind::Partnership, &mut counters);
        let k = 1 + rng.below(5);
        let mut partners: Vec<Id> = (0..k).map(|_| *rng.pick(&institutions)).collect();
        partners.sort();
        partners.dedup();
        let status = *rng.pick(PartnershipStatus::ALL);
        let first = partners
            .first()
            .and_then(|p| labels.get(p.n as usize))
            .cloned()
            .unwrap_or_default();
        let title = format!(
            "{} with {first}",
            capitalise(TOPICS[rng.below(TOPICS.len())])
        );
        pending.push(Record::Partnership(Partnership {
            id,
            title,
            partners: partners.clone(),
            status,
            areas: vec![rng.pick(AREAS).to_string(), rng.pick(AREAS).to_string()],
            owner: rng.pick(GIVEN).to_string(),
            start: Some(day(-(rng.below(2500) as i64))),
            description: String::new(),
        }));
        partnerships.push((id, partners));
        parents.push(id);
        if pending.len() >= batch {
            flush(&mut pending, &mut out)?;
        }
    }
    flush(&mut pending, &mut out)?;
    for _ in 0..plan.agreements {
        let id = next(Kind::Agreement, &mut counters);
        let (p, partners) = rng.pick(&partnerships).clone();
        let signed = day(-(rng.below(2000) as i64));
        let years = 1 + rng.below(5) as u64;
        let expires = signed
            .checked_add_days(Days::new(365 * years))
            .unwrap_or(signed);
        let status = match rng.below(10) {
            0 => AgreementStatus::Draft,
            1 => AgreementStatus::InReview,
            2 => AgreementStatus::Terminated,
            3 => AgreementStatus::Renewed,
            _ if expires < today => AgreementStatus::Expired,
            _ => AgreementStatus::Signed,
        };
        pending.push(Record::Agreement(Agreement {
            id,
            partnership: p,
            kind: *rng.pick(AgreementKind::ALL),
            title: format!(
                "{} on {}",
                rng.pick(&[
                    "MOU",
                    "Framework agreement",
                    "Exchange agreement",
                    "Letter of intent"
                ]),
                rng.pick(TOPICS)
            ),
            parties: partners,
            status,
            signed: Some(signed),
            effective: Some(signed),
            expires: Some(expires),
            notice_days: *rng.pick(&[0, 30, 60, 90, 180]),
            scope: vec![rng.pick(TOPICS).to_string()],
            signatories: vec![],
            document: String::new(),
            owner: rng.pick(GIVEN).to_string(),
            renewal_raised_for: None,
        }));
        parents.push(id);
        if pending.len() >= batch {
            flush(&mut pending, &mut out)?;
        }
    }
    flush(&mut pending, &mut out)?;
    for _ in 0..plan.actions {
        let id = next(Kind::Action, &mut counters);
        let closed = rng.chance(33);
        let status = if closed {
            if rng.chance(85) {
                ActionStatus::Done
            } else {
                ActionStatus::Cancelled
            }
        } else {
            *rng.pick(&[
                ActionStatus::Open,
                ActionStatus::Open,
                ActionStatus::InProgress,
                ActionStatus::Blocked,
            ])
        };
        let due = (!rng.chance(8)).then(|| day(rng.below(240) as i64 - 60));
        pending.push(Record::Action(ActionItem {
            id,
            parent: *rng.pick(&parents),
            title: format!("{} the {}", rng.pick(VERBS), rng.pick(TOPICS)),
            owner: rng.pick(GIVEN).to_string(),
            due,
            status,
            priority: *rng.pick(Priority::ALL),
            completed: closed.then_some(today),
        }));
        if pending.len() >= batch {
            flush(&mut pending, &mut out)?;
        }
    }
    for _ in 0..plan.followups {
        let id = next(Kind::FollowUp, &mut counters);
        let closed = rng.chance(33);
        pending.push(Record::FollowUp(FollowUp {
            id,
            parent: *rng.pick(&parents),
            title: format!("{} about the {}", rng.pick(VERBS), rng.pick(TOPICS)),
            due: day(rng.below(180) as i64 - 45),
            owner: rng.pick(GIVEN).to_string(),
            status: if closed {
                FollowUpStatus::Done
            } else {
                FollowUpStatus::Open
            },
            completed: closed.then_some(today),
        }));
        if pending.len() >= batch {
            flush(&mut pending, &mut out)?;
        }
    }
    for _ in 0..plan.notes {
        let id = next(Kind::Note, &mut counters);
        let (p, _) = rng.pick(&partnerships);
        pending.push(Record::Note(Note {
            id,
            parent: *p,
            date: day(-(rng.below(900) as i64)),
            kind: *rng.pick(NoteKind::ALL),
            text: format!("Discussed the {} and next steps", rng.pick(TOPICS)),
            author: rng.pick(GIVEN).to_string(),
        }));
        if pending.len() >= batch {
            flush(&mut pending, &mut out)?;
        }
    }
    flush(&mut pending, &mut out)?;
    Ok(out)
}

/// Record counts per kind for a total.
struct Plan {
    institutions: usize,
    contacts: usize,
    partnerships: usize,
    agreements: usize,
    actions: usize,
    followups: usize,
    notes: usize,
}

impl Plan {
    fn for_total(n: usize) -> Plan {
        let share = |pct: usize| (n * pct / 100).max(1);
        let institutions = share(12);
        let contacts = share(10);
        let partnerships = share(8);
        let agreements = share(10);
        let followups = share(15);
        let notes = share(12);
        let used = institutions + contacts + partnerships + agreements + followups + notes;
        Plan {
            institutions,
            contacts,
            partnerships,
            agreements,
            actions: n.saturating_sub(used).max(1),
            followups,
            notes,
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

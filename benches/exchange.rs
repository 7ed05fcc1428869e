//! Export (Markdown, CSV, XLSX, ICS) and CSV import at 1k, 10k and 100k
//! generated records. Goals at 100k on a release build: import ≤ 3 s,
//! Markdown ≤ 1 s, XLSX ≤ 5 s.
//!
//! `cargo bench --bench exchange` (all sizes) or
//! `cargo bench --bench exchange -- 100000` (one size).

use std::sync::Arc;

use accord::clock::FixedClock;
use accord::exchange::import::{ImportOptions, import};
use accord::exchange::{ExportOptions, Format, export, export_to_path};
use accord::i18n::Lang;
use accord::model::*;
use accord::store::{ChangeSet, Edit, SledStore, Store};
use chrono::{Duration, NaiveDate};
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn store() -> SledStore {
    SledStore::temporary(Arc::new(FixedClock(today()))).unwrap()
}

const OWNERS: [&str; 5] = ["Li Na", "Wang Jun", "Chen Yinghui", "Zhao Min", "Aliya"];
const COUNTRIES: [&str; 6] = ["CN", "KZ", "MN", "UZ", "TJ", "KG"];

/// About `n` records: 2% institutions, 2% contacts, 4% partnerships, 10%
/// agreements, 50% action items, 15% follow-ups, the rest notes.
fn generate(store: &dyn Store, n: usize) {
    let count = |pct: usize| (n * pct / 100).max(1);
    let (ni, nc, np, na, nt, nf) = (
        count(2),
        count(2),
        count(4),
        count(10),
        count(50),
        count(15),
    );
    let nn = n.saturating_sub(ni + nc + np + na + nt + nf).max(1);
    let id = |k, i: usize| Id::new(k, i as u32 + 1);
    let day = |i: usize| today() + Duration::days((i % 900) as i64 - 300);
    let mut edits: Vec<Edit> = Vec::with_capacity(n);
    for i in 0..ni {
        edits.push(Edit::Create(Record::Institution(Institution {
            id: id(Kind::Institution, i),
            names: vec![
                Name::new(format!("Partner Hospital {i}"), "en"),
                Name::new(format!("合作医院{i}"), "zh"),
                Name::new(format!("Больница {i}"), "ru"),
            ],
            short_name: format!("PH{i}"),
            country: COUNTRIES[i % COUNTRIES.len()].into(),
            city: "Almaty".into(),
            kind: InstitutionKind::Hospital,
            tags: vec!["oncology".into()],
            website: String::new(),
            home: i == 0,
        })));
    }
    for i in 0..nc {
        edits.push(Edit::Create(Record::Contact(Contact {
            id: id(Kind::Contact, i),
            institution: id(Kind::Institution, i % ni),
            names: vec![Name::new(format!("Contact {i}"), "en")],
            title: "Director".into(),
            email: format!("c{i}@example.org"),
            phone: String::new(),
            notes: String::new(),
        })));
    }
    for i in 0..np {
        edits.push(Edit::Create(Record::Partnership(Partnership {
            id: id(Kind::Partnership, i),
            title: format!("Cooperation programme {i}"),
            partners: vec![
                id(Kind::Institution, i % ni),
                id(Kind::Institution, (i + 1) % ni),
            ],
            status: PartnershipStatus::ALL[i % PartnershipStatus::ALL.len()],
            areas: vec!["research".into(), "training".into()],
            owner: OWNERS[i % OWNERS.len()].into(),
            start: Some(day(i)),
            description: "Joint research, exchange visits and training.".into(),
        })));
    }
    for i in 0..na {
        let signed = day(i * 7);
        edits.push(Edit::Create(Record::Agreement(Agreement {
            id: id(Kind::Agreement, i),
            partnership: id(Kind::Partnership, i % np),
            kind: AgreementKind::Mou,
            title: format!("Memorandum of understanding {i}"),
            parties: vec![id(Kind::Institution, i % ni)],
            status: AgreementStatus::Signed,
            signed: Some(signed),
            effective: Some(signed),
            expires: Some(signed + Duration::days(365 * 3)),
            notice_days: 90,
            scope: vec!["joint research".into(), "exchange visits".into()],
            signatories: vec!["Director".into()],
            document: format!("MOU-{i}.pdf"),
            owner: OWNERS[i % OWNERS.len()].into(),
            renewal_raised_for: None,
        })));
    }
    let parent = |i: usize| {
        if i.is_multiple_of(2) {
            id(Kind::Agreement, i % na)
        } else {
            id(Kind::Partnership, i % np)
        }
    };
    for i in 0..nt {
        edits.push(Edit::Create(Record::Action(ActionItem {
            id: id(Kind::Action, i),
            parent: parent(i),
            title: format!("Send the joint research proposal, round {i}"),
            owner: OWNERS[i % OWNERS.len()].into(),
            due: Some(day(i)),
            status: ActionStatus::ALL[i % ActionStatus::ALL.len()],
            priority: Priority::ALL[i % 3],
            completed: None,
        })));
    }
    for i in 0..nf {
        edits.push(Edit::Create(Record::FollowUp(FollowUp {
            id: id(Kind::FollowUp, i),
            parent: parent(i + 1),
            title: format!("Chase the CVs of visiting doctors {i}"),
            due: day(i * 3),
            owner: OWNERS[i % OWNERS.len()].into(),
            status: FollowUpStatus::Open,
            completed: None,
        })));
    }
    for i in 0..nn {
        edits.push(Edit::Create(Record::Note(Note {
            id: id(Kind::Note, i),
            parent: id(Kind::Partnership, i % np),
            date: day(i * 5),
            kind: NoteKind::Meeting,
            text: format!("Meeting {i}: agreed the next exchange visit and the training plan."),
            author: OWNERS[i % OWNERS.len()].into(),
        })));
    }
    for chunk in edits.chunks(5_000) {
        store
            .apply(ChangeSet {
                summary: "generated".into(),
                edits: chunk.to_vec(),
            })
            .unwrap();
    }
}

fn exports(c: &mut Criterion) {
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    for n in [1_000, 10_000, 100_000] {
        let db = store();
        generate(&db, n);
        for (name, format, entity) in [
            ("md", Format::Markdown, None),
            ("csv_actions", Format::Csv, Some(Kind::Action)),
            ("xlsx", Format::Xlsx, None),
            ("ics", Format::Ics, None),
        ] {
            let mut opts = ExportOptions::new(format, Lang::En, &FixedClock(today()));
            opts.entity = entity;
            group.bench_with_input(BenchmarkId::new(name, n), &n, |b, _| {
                b.iter(|| {
                    let mut out = Vec::with_capacity(1 << 20);
                    export(&db, &opts, &mut out, &mut |_, _| {}).unwrap();
                    out.len()
                })
            });
        }
    }
    group.finish();
}

fn imports(c: &mut Criterion) {
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    for n in [1_000, 10_000, 100_000] {
        let db = store();
        generate(&db, n);
        let dir = tempfile::tempdir().unwrap();
        let opts = ExportOptions::new(Format::Csv, Lang::En, &FixedClock(today()));
        export_to_path(&db, &opts, dir.path(), &mut |_, _| {}).unwrap();
        // Planning alone (reading, matching, checking every row), no writing.
        group.bench_with_input(BenchmarkId::new("csv_dry_run", n), &n, |b, _| {
            let target = store();
            let dry = ImportOptions {
                dry_run: true,
                ..ImportOptions::default()
            };
            b.iter(|| {
                import(&target, dir.path(), &dry, &mut |_, _| {})
                    .unwrap()
                    .created
                    .len()
            })
        });
        group.bench_with_input(BenchmarkId::new("csv", n), &n, |b, _| {
            b.iter_batched(
                store,
                |target| {
                    let report = import(
                        &target,
                        dir.path(),
                        &ImportOptions::default(),
                        &mut |_, _| {},
                    )
                    .unwrap();
                    assert!(report.rejected.is_empty());
                    report.created.len()
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, exports, imports);
criterion_main!(benches);

//! Moving through a 1k/10k/100k-row table and triage queue: one key press
//! (update) plus one frame (render) on a 120x40 `TestBackend`.
//!
//!     cargo bench --bench tui

use std::time::Duration;

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use accord::i18n::Lang;
use accord::model::*;
use accord::tui::App;
use accord::tui::data::Data;
use accord::tui::find::Finder;
use accord::tui::keymap::Key;
use accord::tui::testing::{app_on, demo_day, empty_store};

/// `n` agreements and `n` open action items under a few partnerships.
fn records(n: usize, today: NaiveDate) -> Vec<Record> {
    let mut v = Vec::with_capacity(2 * n + 40);
    for i in 1..=20u32 {
        v.push(Record::Institution(Institution {
            id: Id::new(Kind::Institution, i),
            names: vec![
                Name::new(format!("医院 {i}"), "zh"),
                Name::new(format!("Hospital {i}"), "en"),
            ],
            short_name: String::new(),
            country: ["CN", "KZ", "MN", "UZ", "TJ"][i as usize % 5].into(),
            city: String::new(),
            kind: InstitutionKind::Hospital,
            tags: vec![],
            website: String::new(),
            home: i == 1,
        }));
        v.push(Record::Partnership(Partnership {
            id: Id::new(Kind::Partnership, i),
            title: format!("Partnership {i}"),
            partners: vec![Id::new(Kind::Institution, 1), Id::new(Kind::Institution, i)],
            status: PartnershipStatus::Active,
            areas: vec![],
            owner: format!("Owner {}", i % 7),
            start: None,
            description: String::new(),
        }));
    }
    let day = |k: usize| today + chrono::Duration::days((k % 400) as i64 - 60);
    for k in 1..=n {
        let p = Id::new(Kind::Partnership, (k % 20) as u32 + 1);
        v.push(Record::Agreement(Agreement {
            id: Id::new(Kind::Agreement, k as u32),
            partnership: p,
            kind: AgreementKind::Mou,
            title: format!("Agreement {k} 合作协议"),
            parties: vec![
                Id::new(Kind::Institution, 1),
                Id::new(Kind::Institution, (k % 20) as u32 + 1),
            ],
            status: AgreementStatus::Draft,
            signed: None,
            effective: None,
            expires: Some(day(k)),
            notice_days: 90,
            scope: vec![],
            signatories: vec![],
            document: String::new(),
            owner: String::new(),
            renewal_raised_for: None,
        }));
        v.push(Record::Action(ActionItem {
            id: Id::new(Kind::Action, k as u32),
            parent: p,
            title: format!("Action {k}: send the documents 发送文件"),
            owner: format!("Owner {}", k % 7),
            due: Some(day(k * 7)),
            status: ActionStatus::Open,
            priority: Priority::Normal,
            completed: None,
        }));
    }
    v
}

fn session(n: usize) -> App {
    let mut app = app_on(empty_store().unwrap(), Lang::En, "default").unwrap();
    app.data = Data::from_records(records(n, demo_day()), demo_day());
    app.finder = Finder::new(&app.data);
    app.sync_views();
    app.size = (120, 40);
    app
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("move_and_render_120x40");
    group.measurement_time(Duration::from_secs(4));
    group.sample_size(40);
    for n in [1_000usize, 10_000, 100_000] {
        let mut app = session(n);
        let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
        for (name, view) in [("agreements_table", "3"), ("triage_queue", "5")] {
            app.key(Key::parse(view).unwrap());
            let down = Key::parse("down").unwrap();
            let home = Key::parse("home").unwrap();
            let mut moves = 0usize;
            group.bench_with_input(BenchmarkId::new(name, n), &n, |b, _| {
                b.iter(|| {
                    moves += 1;
                    // Down through the rows, back to the top now and then.
                    app.key(if moves.is_multiple_of(5_000) {
                        home
                    } else {
                        down
                    });
                    term.draw(|f| accord::tui::render(&app, f)).unwrap();
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

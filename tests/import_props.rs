//! Property tests: any database survives CSV export → import into an empty
//! database, and JSON export → import, exactly; the CSV importer never
//! panics, whatever bytes it is given.

use std::sync::Arc;

use accord::clock::FixedClock;
use accord::exchange::import::{ImportOptions, import};
use accord::exchange::{ExportOptions, Format, export_to_path};
use accord::i18n::Lang;
use accord::model::*;
use accord::store::{ChangeSet, Edit, SledStore, Store};
use chrono::NaiveDate;
use proptest::prelude::*;

fn today() -> NaiveDate {
    "2026-11-23".parse().unwrap()
}

fn store() -> SledStore {
    SledStore::temporary(Arc::new(FixedClock(today()))).unwrap()
}

/// Text as people type it, hostile characters included, without leading
/// or trailing whitespace (import trims cells).
fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "[a-zA-Z0-9北京医院Сз=+@'\";,\\\\|<>&:-]([a-zA-Z0-9 北京医院Сз=+@'\";,\\\\|<>&:\n-]{0,14}[a-zA-Z0-9北京医院Сз=+@'\";,\\\\|<>&:-])?",
    )
    .unwrap()
}

fn maybe_text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), text()]
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (0i64..4000)
        .prop_map(|n| NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Duration::days(n))
}

fn name() -> impl Strategy<Value = Name> {
    (
        text(),
        prop::sample::select(vec!["", "en", "zh", "ru", "kk"]),
    )
        .prop_map(|(t, l)| Name::new(t, l))
}

fn pick<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    prop::sample::select(all)
}

/// A sound database: up to 4 institutions, contacts, partnerships,
/// agreements, actions, follow-ups and notes linked to each other.
fn database() -> impl Strategy<Value = Vec<Record>> {
    let inst = (
        prop::collection::vec(name(), 1..3),
        maybe_text(),
        pick(&["CN", "KZ", "MN", "UZ", "TJ"]),
        maybe_text(),
        pick(InstitutionKind::ALL),
        prop::collection::vec(text(), 0..3),
        prop_oneof![Just(String::new()), Just("example.org".to_string())],
        any::<bool>(),
    );
    (
        prop::collection::vec(inst, 1..4),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                name(),
                maybe_text(),
                maybe_text(),
            ),
            0..3,
        ),
        prop::collection::vec(
            (
                text(),
                pick(PartnershipStatus::ALL),
                prop::collection::vec(text(), 0..3),
                maybe_text(),
                prop::option::of(date()),
                maybe_text(),
            ),
            1..3,
        ),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                pick(AgreementKind::ALL),
                text(),
                pick(AgreementStatus::ALL),
                prop::option::of(date()),
                0u32..800,
                prop::option::of(0u32..400),
                prop::collection::vec(text(), 0..3),
                maybe_text(),
            ),
            0..3,
        ),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                text(),
                maybe_text(),
                prop::option::of(date()),
                pick(ActionStatus::ALL),
                pick(Priority::ALL),
                prop::option::of(date()),
            ),
            0..4,
        ),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                text(),
                date(),
                maybe_text(),
                pick(FollowUpStatus::ALL),
            ),
            0..3,
        ),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                date(),
                pick(NoteKind::ALL),
                text(),
                maybe_text(),
            ),
            0..3,
        ),
    )
        .prop_map(
            |(insts, contacts, parts, agreements, actions, followups, notes)| {
                let mut out = Vec::new();
                let iid = |n: usize| Id::new(Kind::Institution, n as u32 + 1);
                let ni = insts.len();
                for (n, (names, short, country, city, kind, tags, website, home)) in
                    insts.into_iter().enumerate()
                {
                    out.push(Record::Institution(Institution {
                        id: iid(n),
                        names,
                        short_name: short,
                        country: country.into(),
                        city,
                        kind,
                        tags,
                        website,
                        home,
                    }));
                }
                for (n, (i, name, title, phone)) in contacts.into_iter().enumerate() {
                    out.push(Record::Contact(Contact {
                        id: Id::new(Kind::Contact, n as u32 + 1),
                        institution: iid(i.index(ni)),
                        names: vec![name],
                        title,
                        email: String::new(),
                        phone,
                        notes: String::new(),
                    }));
                }
                let np = parts.len();
                for (n, (title, status, areas, owner, start, description)) in
                    parts.into_iter().enumerate()
                {
                    let partners = (0..=n.min(ni - 1)).map(iid).collect();
                    out.push(Record::Partnership(Partnership {
                        id: Id::new(Kind::Partnership, n as u32 + 1),
                        title,
                        partners,
                        status,
                        areas,
                        owner,
                        start,
                        description,
                    }));
                }
                let na = agreements.len();
                for (n, (p, kind, title, status, signed, days, notice, scope, owner)) in
                    agreements.into_iter().enumerate()
                {
                    let expires = signed.map(|s| s + chrono::Duration::days(i64::from(days)));
                    out.push(Record::Agreement(Agreement {
                        id: Id::new(Kind::Agreement, n as u32 + 1),
                        partnership: Id::new(Kind::Partnership, p.index(np) as u32 + 1),
                        kind,
                        title,
                        parties: vec![iid(0)],
                        status,
                        signed,
                        effective: signed,
                        expires,
                        notice_days: notice.unwrap_or(0),
                        scope,
                        signatories: vec![],
                        document: String::new(),
                        owner,
                        renewal_raised_for: notice.and(expires),
                    }));
                }
                let parent = |i: prop::sample::Index| {
                    if na > 0 && i.index(2) == 0 {
                        Id::new(Kind::Agreement, i.index(na) as u32 + 1)
                    } else {
                        Id::new(Kind::Partnership, i.index(np) as u32 + 1)
                    }
                };
                for (n, (p, title, owner, due, status, priority, completed)) in
                    actions.into_iter().enumerate()
                {
                    out.push(Record::Action(ActionItem {
                        id: Id::new(Kind::Action, n as u32 + 1),
                        parent: parent(p),
                        title,
                        owner,
                        due,
                        status,
                        priority,
                        completed,
                    }));
                }
                for (n, (p, title, due, owner, status)) in followups.into_iter().enumerate() {
                    out.push(Record::FollowUp(FollowUp {
                        id: Id::new(Kind::FollowUp, n as u32 + 1),
                        parent: parent(p),
                        title,
                        due,
                        owner,
                        status,
                        completed: None,
                    }));
                }
                for (n, (p, date, kind, text, author)) in notes.into_iter().enumerate() {
                    out.push(Record::Note(Note {
                        id: Id::new(Kind::Note, n as u32 + 1),
                        parent: parent(p),
                        date,
                        kind,
                        text,
                        author,
                    }));
                }
                out
            },
        )
}

fn load(records: &[Record]) -> SledStore {
    let s = store();
    let mut change = ChangeSet::new("generated");
    for r in records {
        change.push(Edit::Create(r.clone()));
    }
    s.apply(change).unwrap();
    s
}

fn all(store: &dyn Store) -> Vec<Record> {
    Kind::ALL
        .iter()
        .flat_map(|k| store.list(*k).unwrap())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn csv_round_trips_into_an_empty_database(records in database()) {
        let source = load(&records);
        let dir = tempfile::tempdir().unwrap();
        let opts = ExportOptions::new(Format::Csv, Lang::En, &FixedClock(today()));
        export_to_path(&accord::exchange::Source::Store(&source), &opts, dir.path(), &mut |_, _| {}).unwrap();
        let target = store();
        let report = import(&target, dir.path(), &ImportOptions::default(), &mut |_, _| {}).unwrap();
        prop_assert!(report.rejected.is_empty(), "{}", report);
        prop_assert_eq!(all(&target), all(&source));
        let again = import(&target, dir.path(), &ImportOptions::default(), &mut |_, _| {}).unwrap();
        prop_assert_eq!(again.changes(), 0, "{}", again);
    }

    #[test]
    fn json_round_trips_into_an_empty_database(records in database()) {
        let source = load(&records);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.json");
        let opts = ExportOptions::new(Format::Json, Lang::En, &FixedClock(today()));
        export_to_path(&accord::exchange::Source::Store(&source), &opts, &path, &mut |_, _| {}).unwrap();
        let target = store();
        import(&target, &path, &ImportOptions::default(), &mut |_, _| {}).unwrap();
        let (a, b) = (source.snapshot().unwrap(), target.snapshot().unwrap());
        prop_assert_eq!(a.records, b.records);
        prop_assert_eq!(a.history, b.history);
        prop_assert_eq!(a.counters, b.counters);
    }
}

/// CSV-looking input: known headers and plausible or odd cells.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let header = prop::sample::subsequence(
        vec![
            "id",
            "name",
            "国家",
            "title",
            "parent",
            "partners",
            "合作单位",
            "签署日期",
            "to",
            "due",
            "status",
            "other_names",
            "home",
            "notice_days",
            "date",
            "text",
            "partnership",
        ],
        1..8,
    );
    let cell = prop_oneof![
        Just("P1".to_string()),
        Just("I1; I2".to_string()),
        Just("03/04/2025".to_string()),
        Just("45961".to_string()),
        Just("2025-10-31".to_string()),
        Just("yes".to_string()),
        Just("\"quoted, \n cell\"".to_string()),
        Just("".to_string()),
        Just("zh:北京".to_string()),
        Just("=1+1".to_string()),
        "[ -~]{0,12}".prop_map(String::from),
    ];
    (
        header,
        prop::collection::vec(prop::collection::vec(cell, 0..9), 0..6),
    )
        .prop_map(|(h, rows)| {
            let mut s = h.join(",");
            for r in rows {
                s.push_str("\r\n");
                s.push_str(&r.join(","));
            }
            s.into_bytes()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_csv_importer_never_panics(bytes in prop_oneof![prop::collection::vec(any::<u8>(), 0..600), csvish()], kind in pick(&Kind::ALL)) {
        let db = fuzz_store();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fuzz.csv");
        std::fs::write(&path, &bytes).unwrap();
        for entity in [Some(kind), None] {
            let opts = ImportOptions { entity, dry_run: true, ..ImportOptions::default() };
            let _ = import(db, &path, &opts, &mut |_, _| {});
        }
    }
}

/// One demo database shared by the fuzz cases (dry runs never write).
fn fuzz_store() -> &'static SledStore {
    static DB: std::sync::OnceLock<SledStore> = std::sync::OnceLock::new();
    DB.get_or_init(|| {
        let s = store();
        accord::demo::load_demo(&s, today()).unwrap();
        s
    })
}

#[test]
fn a_generated_database_round_trips_through_csv_and_xlsx() {
    let source = store();
    accord::generate::generate(&source, 3_000, 7, today(), &mut |_, _| {}).unwrap();
    for format in [Format::Csv, Format::Xlsx] {
        let dir = tempfile::tempdir().unwrap();
        let path = match format {
            Format::Csv => dir.path().to_path_buf(),
            _ => dir.path().join("all.xlsx"),
        };
        let opts = ExportOptions::new(format, Lang::Zh, &FixedClock(today()));
        export_to_path(
            &accord::exchange::Source::Store(&source),
            &opts,
            &path,
            &mut |_, _| {},
        )
        .unwrap();
        let target = store();
        let report = import(&target, &path, &ImportOptions::default(), &mut |_, _| {}).unwrap();
        assert!(
            report.rejected.is_empty(),
            "{format:?}: {}",
            report.rejected[0]
        );
        for kind in Kind::ALL {
            assert_eq!(
                target.list(kind).unwrap(),
                source.list(kind).unwrap(),
                "{format:?} {kind}"
            );
        }
    }
}

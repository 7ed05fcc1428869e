use chrono::TimeZone;

use super::*;
use crate::staff::Authors;
use crate::store::Change;

fn entry(seq: u64, author: Option<&str>, summary: &str) -> HistoryEntry {
    HistoryEntry {
        seq,
        at: Utc.with_ymd_and_hms(2026, 12, 6, 10, 42, 0).unwrap(),
        author: author.map(str::to_string),
        summary: summary.into(),
        changes: vec![Change {
            id: "T7".parse().unwrap(),
            before: None,
            after: None,
        }],
        undoes: None,
        undone_by: None,
    }
}

#[test]
fn one_change_names_its_author_and_summary() {
    let e = [entry(4, Some("lina"), "mark T7 done")];
    assert_eq!(
        colleagues(Lang::En, &e, &Authors::default()),
        "lina: mark T7 done"
    );
    assert_eq!(
        colleagues(Lang::Zh, &e, &Authors::default()),
        "lina：mark T7 done"
    );
    let anon = [entry(4, None, "mark T7 done")];
    assert_eq!(
        colleagues(Lang::En, &anon, &Authors::default()),
        "someone: mark T7 done"
    );
    assert_eq!(
        colleagues(Lang::Zh, &anon, &Authors::default()),
        "某人：mark T7 done"
    );
}

#[test]
fn several_changes_are_counted_with_their_authors_once_each() {
    let e = [
        entry(4, Some("lina"), "a"),
        entry(5, Some("wang"), "b"),
        entry(6, Some("lina"), "c"),
    ];
    assert_eq!(
        colleagues(Lang::En, &e, &Authors::default()),
        "3 changes by lina, wang"
    );
    assert_eq!(
        colleagues(Lang::Zh, &e, &Authors::default()),
        "lina, wang 做了 3 处更改"
    );
    let crowd: Vec<HistoryEntry> = ["a", "b", "c", "d"]
        .iter()
        .enumerate()
        .map(|(i, n)| entry(i as u64 + 1, Some(n), "x"))
        .collect();
    assert_eq!(
        colleagues(Lang::En, &crowd, &Authors::default()),
        "4 changes by a, b, c, …"
    );
    // The display names the server has for the logins.
    let known = Authors::new(&[("lina".into(), "Li Na".into())]);
    assert_eq!(colleagues(Lang::En, &e, &known), "3 changes by Li Na, wang");
    assert_eq!(colleagues(Lang::En, &e[..1], &known), "Li Na: a");
}

#[test]
fn own_changes_and_undos_are_recognised_once() {
    let mut live = LiveState::default();
    live.own_write(7);
    live.own_undo(3);
    let mut undo = entry(9, Some("me"), "Undo: x");
    undo.undoes = Some(3);
    assert!(live.take_own(&entry(7, Some("me"), "mine")));
    assert!(live.take_own(&undo));
    assert!(!live.take_own(&entry(8, Some("me"), "another terminal of mine")));
    // Forgotten once seen.
    assert!(!live.take_own(&entry(7, Some("me"), "mine")));
    assert!(!live.take_own(&undo));
}

#[test]
fn the_offline_label_tells_the_local_time() {
    let mut app = crate::tui::smoke_tests::app(Lang::En);
    assert_eq!(app.offline_label(), None);
    let at = Utc.with_ymd_and_hms(2026, 12, 6, 10, 42, 0).unwrap();
    app.live.offline = Some(at);
    let time = clock_time(at);
    assert_eq!(
        app.offline_label().as_deref(),
        Some(format!("offline since {time}").as_str())
    );
    app.lang = Lang::Zh;
    assert_eq!(
        app.offline_label().as_deref(),
        Some(format!("自 {time} 起离线").as_str())
    );
    let screen = crate::tui::smoke_tests::screen(&mut app, 100, 30);
    assert!(screen.contains(&format!("自 {time} 起离线")), "{screen}");
}

//! Live refresh through the real update loop: a colleague's change, made
//! through the same store while the interface is open, shows without a key
//! press; the interface's own changes are not announced as someone else's;
//! a store out of reach says so until it answers again; a restore makes
//! every record be read again. The loop is stepped as the event loop does
//! when no key arrives (take in background work, then draw), a bounded
//! number of times.

use std::sync::Arc;
use std::time::Duration;

use accord::i18n::Lang;
use accord::model::{ActionStatus, Id, Kind, Record};
use accord::store::{ChangeSet, Edit, Store};
use accord::tui::App;
use accord::tui::live::Timing;
use accord::tui::testing::{Shared, app_on, demo_day, press, screen};

/// Looks every few milliseconds, so that the tests do not wait long.
const FAST: Timing = Timing {
    period: Duration::from_millis(10),
    retry: Duration::from_millis(10),
};

fn open_triage() -> (Arc<Shared>, App) {
    let shared = Arc::new(Shared::demo(demo_day()).unwrap());
    let store: Arc<dyn Store> = shared.clone();
    let mut app = app_on(store, Lang::En, "default").unwrap();
    app.watch(FAST);
    press(&mut app, "5");
    (shared, app)
}

/// One turn of the event loop without input, until `done` holds (at most
/// 1000 turns).
fn step_until(app: &mut App, what: &str, done: impl Fn(&App) -> bool) {
    for _ in 0..1000 {
        app.poll_background();
        app.tick();
        let _ = screen(app, 120, 40);
        if done(app) {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("never happened: {what}");
}

fn status_text(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

fn current(app: &App) -> Option<String> {
    app.triage.current(&app.data).map(|d| d.key())
}

/// An open action item in the queue other than the one under the cursor.
fn other_action(app: &App) -> Id {
    let cur = current(app);
    app.data
        .due
        .iter()
        .find(|d| d.id.kind == Kind::Action && Some(d.key()) != cur)
        .map(|d| d.id)
        .unwrap()
}

/// Marks an action item done as a colleague would, in another process.
fn mark_done_outside(store: &dyn Store, id: Id) {
    let Some(Record::Action(mut a)) = store.get(id).unwrap() else {
        panic!("{id} is not an action item");
    };
    a.status = ActionStatus::Done;
    a.completed = Some(demo_day());
    store
        .apply(ChangeSet::one(
            format!("mark {id} done"),
            Edit::Update(Record::Action(a)),
        ))
        .unwrap();
}

#[test]
fn a_colleagues_change_shows_without_a_key_press() {
    let (shared, mut app) = open_triage();
    let before = current(&app);
    let id = other_action(&app);
    mark_done_outside(shared.as_ref(), id);
    let said = format!("lina: mark {id} done");
    step_until(&mut app, "the change is taken in", |a| {
        status_text(a) == said
    });
    assert!(
        !app.data.due.iter().any(|d| d.id == id),
        "{id} left the queue"
    );
    assert_eq!(current(&app), before, "the cursor stays on its item");
    let text = screen(&mut app, 120, 40);
    assert!(text.contains(&said), "{text}");
    insta::assert_snapshot!("colleague_marks_done_120x40", text);
    // The record's history names who did it; the demo data was loaded by
    // this session's own user.
    app.open(id);
    let text = screen(&mut app, 120, 40);
    assert!(
        text.contains(&format!("12:00  lina  mark {id} done")),
        "{text}"
    );
}

#[test]
fn the_sessions_own_changes_are_not_announced() {
    let (shared, mut app) = open_triage();
    press(&mut app, "d");
    let mine = status_text(&app);
    assert!(mine.ends_with("u undoes"), "{mine}");
    let seq = shared.version().unwrap().seq;
    step_until(&mut app, "the watcher passes the change", |a| {
        a.live.seen() >= seq
    });
    assert_eq!(status_text(&app), mine);
    press(&mut app, "u");
    let undone = status_text(&app);
    assert!(undone.starts_with("Undone"), "{undone}");
    let seq = shared.version().unwrap().seq;
    step_until(&mut app, "the watcher passes the undo", |a| {
        a.live.seen() >= seq
    });
    assert_eq!(status_text(&app), undone);
    // Someone else's change right after is still announced, alone.
    let id = other_action(&app);
    mark_done_outside(shared.as_ref(), id);
    let said = format!("lina: mark {id} done");
    step_until(&mut app, "the colleague's change", |a| {
        status_text(a) == said
    });
}

#[test]
fn offline_is_shown_until_the_store_answers_again() {
    let (shared, mut app) = open_triage();
    shared.set_unreachable(true);
    step_until(&mut app, "offline", |a| a.live.offline.is_some());
    let label = app.offline_label().unwrap();
    assert!(label.starts_with("offline since "), "{label}");
    for _ in 0..5 {
        app.poll_background();
        assert!(screen(&mut app, 120, 40).contains(&label));
    }
    // A change made meanwhile arrives once the store answers.
    let id = other_action(&app);
    mark_done_outside(shared.inner(), id);
    shared.set_unreachable(false);
    step_until(&mut app, "back online", |a| a.live.offline.is_none());
    step_until(&mut app, "the change made meanwhile", |a| {
        !a.data.due.iter().any(|d| d.id == id)
    });
    assert!(!screen(&mut app, 120, 40).contains("offline since"));
    // In Chinese too.
    app.lang = Lang::Zh;
    shared.set_unreachable(true);
    step_until(&mut app, "offline again", |a| a.live.offline.is_some());
    assert!(screen(&mut app, 120, 40).contains("起离线"));
    shared.set_unreachable(false);
    step_until(&mut app, "online again", |a| a.live.offline.is_none());
    assert_eq!(status_text(&app), "已恢复连接。");
}

#[test]
fn a_restore_makes_every_record_be_read_again() {
    let (shared, mut app) = open_triage();
    let snapshot = shared.snapshot().unwrap();
    let id = other_action(&app);
    mark_done_outside(shared.as_ref(), id);
    step_until(&mut app, "the change", |a| {
        !a.data.due.iter().any(|d| d.id == id)
    });
    shared.restore(&snapshot, true).unwrap();
    step_until(&mut app, "the records read again", |a| {
        !a.live.reloading() && status_text(a).contains("every record has been read again")
    });
    assert!(
        app.data.due.iter().any(|d| d.id == id),
        "{id} is back in the queue"
    );
}

#[test]
fn the_detail_pane_beside_a_table_shows_the_colleagues_change() {
    let (shared, mut app) = open_triage();
    press(&mut app, "4 down down");
    let id = app.institutions.current().unwrap();
    assert!(screen(&mut app, 120, 40).contains("you  load the demo data"));
    let Some(Record::Institution(mut i)) = shared.get(id).unwrap() else {
        panic!("{id} is not an institution");
    };
    i.city = "Almaty".into();
    let summary = format!("move {id} to Almaty");
    shared
        .apply(ChangeSet::one(
            summary.clone(),
            Edit::Update(Record::Institution(i)),
        ))
        .unwrap();
    let said = format!("lina: {summary}");
    step_until(&mut app, "the change", |a| status_text(a) == said);
    assert_eq!(
        app.institutions.current(),
        Some(id),
        "the row stays selected"
    );
    let text = screen(&mut app, 120, 40);
    assert!(text.contains(&format!("lina  {summary}")), "{text}");
}

//! Two colleagues on one team database, one of them in the interface: a
//! change the other makes from their own connection shows in the open
//! interface without a key press (through the server's notifications and
//! history), naming who made it; the interface's own triage act is stored
//! under its login.

#[path = "support/pg_cluster.rs"]
mod pg_cluster;
#[path = "support/team.rs"]
mod team;

use std::sync::Arc;
use std::time::Duration;

use accord::i18n::Lang;
use accord::model::{ActionStatus, Kind, Record};
use accord::store::{ChangeSet, Edit, Store};
use accord::tui::App;
use accord::tui::live::Timing;
use accord::tui::testing::{app_on, press, screen};

fn step_until(app: &mut App, what: &str, done: impl Fn(&App) -> bool) {
    for _ in 0..1000 {
        app.poll_background();
        app.tick();
        let _ = screen(app, 120, 40);
        if done(app) {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("never happened: {what}");
}

#[test]
fn a_colleagues_change_on_the_server_shows_in_the_open_interface() {
    let Some(t) = team::team() else { return };
    let wang = t.store("wang");
    accord::demo::load_demo(&wang, accord::tui::testing::demo_day()).unwrap();
    let lina: Arc<dyn Store> = t.shared("lina");
    let mut app = app_on(lina.clone(), Lang::En, "default").unwrap();
    app.watch(Timing {
        period: Duration::from_millis(50),
        retry: Duration::from_millis(50),
    });
    press(&mut app, "5");
    let target = app
        .data
        .due
        .iter()
        .find(|d| d.id.kind == Kind::Action)
        .map(|d| d.id)
        .unwrap();
    let Some(Record::Action(mut a)) = wang.get(target).unwrap() else {
        panic!("{target} is not an action");
    };
    a.status = ActionStatus::Done;
    a.completed = Some(accord::tui::testing::demo_day());
    wang.apply(ChangeSet::one(
        format!("mark {target} done"),
        Edit::Update(Record::Action(a)),
    ))
    .unwrap();
    step_until(&mut app, "the colleague's change arrives", |app| {
        !app.data.due.iter().any(|d| d.id == target)
    });
    let status = app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert_eq!(status, format!("wang: mark {target} done"));

    // lina's own triage act is hers on the server.
    press(&mut app, "d");
    let last = wang.history(None, 1).unwrap();
    assert_eq!(
        last[0].author.as_deref(),
        Some("lina"),
        "{:?}",
        last[0].summary
    );
    // The copy this client kept of the throwaway database.
    if let Some(d) = lina.directory() {
        let _ = std::fs::remove_dir_all(d);
    }
}

#[test]
fn with_the_server_down_the_interface_opens_on_its_copy_and_catches_up_when_it_is_back() {
    if pg_cluster::shared().is_none() {
        return;
    }
    let cluster: &'static pg_cluster::Cluster = Box::leak(Box::new(pg_cluster::Cluster::start()));
    team::prepare(cluster);
    let t = team::Team {
        cluster,
        db: team::database_on(cluster),
    };
    let conninfo = format!("{} password={}", t.conninfo("lina"), team::password("lina"));
    let clock: accord::clock::SharedClock =
        Arc::new(accord::clock::FixedClock(accord::tui::testing::demo_day()));
    let total = {
        let lina = t.store("lina");
        accord::demo::load_demo(&lina, accord::tui::testing::demo_day()).unwrap();
        // The first read leaves this client's copy behind.
        lina.read_everything(&accord::store::Progress::default())
            .unwrap()
            .len()
    };
    cluster.stop();
    let e = accord::store::PgStore::open(&conninfo, clock.clone())
        .err()
        .expect("the server is down");
    assert!(
        e.to_string()
            .contains(&format!("127.0.0.1:{}", cluster.port)),
        "{e}"
    );

    let store: Arc<dyn Store> =
        Arc::new(accord::store::PgStore::open_or_offline(&conninfo, clock).unwrap());
    let dir = store.directory();
    let mut app = app_on(store.clone(), Lang::En, "default").unwrap();
    assert_eq!(app.data.all().count(), total, "every record from the copy");
    app.watch(Timing {
        period: Duration::from_millis(50),
        retry: Duration::from_millis(50),
    });
    step_until(&mut app, "offline is shown", |app| {
        app.live.offline.is_some()
    });
    assert!(screen_text(&mut app).contains("offline since"));

    cluster.restart();
    let wang = t.store("wang");
    let Some(Record::Action(mut a)) = wang.get("T13".parse().unwrap()).unwrap() else {
        panic!("T13 is not an action");
    };
    a.status = ActionStatus::Done;
    wang.apply(ChangeSet::one(
        "mark T13 done",
        Edit::Update(Record::Action(a)),
    ))
    .unwrap();
    step_until(&mut app, "the change made while offline arrives", |app| {
        !app.data.due.iter().any(|d| d.id.to_string() == "T13")
    });
    assert!(app.live.offline.is_none());
    assert!(!screen_text(&mut app).contains("offline since"));
    cluster.stop();
    if let Some(d) = dir {
        let _ = std::fs::remove_dir_all(d);
    }
}

fn screen_text(app: &mut App) -> String {
    screen(app, 120, 40)
}

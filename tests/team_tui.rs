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
}

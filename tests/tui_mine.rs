//! "Mine" in triage (one key between every item and only my items, kept
//! through a colleague's change) and owners picked from the staff a team
//! server knows, driven through the real key loop on a test backend.

use std::sync::Arc;
use std::time::Duration;

use accord::due::same_owner;
use accord::i18n::Lang;
use accord::model::{Id, Kind, Record};
use accord::store::{ChangeSet, Edit, Store};
use accord::tui::App;
use accord::tui::live::Timing;
use accord::tui::testing::{Shared, app_on, demo_app, demo_day, press, screen, type_text};

const STAFF: &[(&str, &str)] = &[
    ("lina", "Li Na"),
    ("wangjun", "Wang Jun"),
    ("zhou", "Zhou Xiaoyan"),
    ("chen", "陈晓东"),
];

fn status_text(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// The owners of the items the queue shows.
fn shown_owners(app: &App) -> Vec<String> {
    app.triage
        .rows
        .iter()
        .filter_map(|r| match r {
            accord::tui::views::triage::Row::Item(i) => app.data.due.get(i),
            _ => None,
        })
        .map(|d| d.owner.clone())
        .collect()
}

fn mine_only(app: &App, me: &str) {
    let owners = shown_owners(app);
    assert!(!owners.is_empty());
    assert!(owners.iter().all(|o| same_owner(o, me)), "{owners:?}");
}

#[test]
fn one_key_shows_only_my_items_and_back_in_english() {
    let mut app = demo_app(Lang::En, "default").unwrap();
    app.set_me(Some(" li na "));
    press(&mut app, "5");
    let all = app.triage.shown();
    press(&mut app, "M");
    mine_only(&app, "Li Na");
    let mine = app.triage.shown();
    assert!(mine < all);
    // Li Na's renewal notices and expiries are hers too (A6 is hers).
    assert!(
        app.triage
            .rows
            .iter()
            .filter_map(|r| match r {
                accord::tui::views::triage::Row::Item(i) => app.data.due.get(i),
                _ => None,
            })
            .any(|d| d.id.kind == Kind::Agreement)
    );
    assert_eq!(status_text(&app), "Showing items of li na");
    let s = screen(&mut app, 120, 40);
    assert!(s.contains(&format!("Triage {mine} open · mine")), "{s}");
    assert!(s.contains("M Mine"), "the footer shows the key:\n{s}");
    insta::assert_snapshot!("triage_mine_en_120x40", s);
    // The cursor is on one of the items shown.
    let cur = app.triage.current(&app.data).unwrap();
    assert!(same_owner(&cur.owner, "Li Na"));
    // Moving stays within my items.
    press(&mut app, "down down G");
    assert!(same_owner(
        &app.triage.current(&app.data).unwrap().owner,
        "Li Na"
    ));
    // And back: every item, the cursor on the same one.
    let key = app.triage.current(&app.data).map(|d| d.key());
    press(&mut app, "M");
    assert_eq!(app.triage.shown(), all);
    assert_eq!(app.triage.current(&app.data).map(|d| d.key()), key);
    assert_eq!(status_text(&app), "Showing everyone's items");
    let s = screen(&mut app, 120, 40);
    assert!(s.contains(&format!("Triage {all} open\n")), "{s}");
}

#[test]
fn one_key_shows_only_my_items_in_chinese_and_in_the_vim_keymap() {
    let mut app = demo_app(Lang::Zh, "vim").unwrap();
    app.set_me(Some("Wang Jun"));
    press(&mut app, "5 M");
    mine_only(&app, "Wang Jun");
    assert_eq!(status_text(&app), "只显示 Wang Jun 的事项");
    let s = screen(&mut app, 120, 40);
    assert!(
        s.contains(&format!("{} 项待办 · 我的", app.triage.shown())),
        "{s}"
    );
    insta::assert_snapshot!("triage_mine_zh_120x40", s);
    press(&mut app, "M");
    assert_eq!(status_text(&app), "显示所有人的事项");
}

#[test]
fn with_no_name_for_me_the_toggle_shows_nothing_and_says_why() {
    let mut app = demo_app(Lang::En, "default").unwrap();
    app.me = String::new();
    press(&mut app, "5 M");
    assert_eq!(app.triage.shown(), 0);
    assert!(app.triage.current(&app.data).is_none());
    assert!(status_text(&app).starts_with("Showing items of nobody"));
    let s = screen(&mut app, 120, 40);
    assert!(s.contains("Triage 0 open · mine"), "{s}");
    assert!(s.contains("Nothing of yours is open."), "{s}");
    // Keys do nothing harmful on an empty queue.
    press(&mut app, "down d a");
    assert!(app.overlays.is_empty());
    press(&mut app, "M");
    assert!(app.triage.shown() > 0);
}

/// Gives an item to another owner as a colleague would, elsewhere.
fn reassign_outside(store: &dyn Store, id: Id, owner: &str) {
    let Some(Record::Action(mut a)) = store.get(id).unwrap() else {
        panic!("{id} is not an action item");
    };
    a.owner = owner.to_string();
    store
        .apply(ChangeSet::one(
            format!("reassign {id}"),
            Edit::Update(Record::Action(a)),
        ))
        .unwrap();
}

#[test]
fn the_filter_survives_a_colleagues_change() {
    let shared = Arc::new(Shared::demo(demo_day()).unwrap());
    let store: Arc<dyn Store> = shared.clone();
    let mut app = app_on(store, Lang::En, "default").unwrap();
    app.watch(Timing {
        period: Duration::from_millis(10),
        retry: Duration::from_millis(10),
    });
    app.set_me(Some("Li Na"));
    press(&mut app, "5 M down");
    let before = app.triage.shown();
    let cursor = app.triage.current(&app.data).map(|d| d.key());
    // Someone else's action item becomes mine.
    let theirs = app
        .data
        .due
        .iter()
        .find(|d| d.id.kind == Kind::Action && !same_owner(&d.owner, "Li Na"))
        .map(|d| d.id)
        .unwrap();
    reassign_outside(shared.as_ref(), theirs, "Li Na");
    for _ in 0..1000 {
        app.poll_background();
        app.tick();
        let _ = screen(&mut app, 120, 40);
        if app.triage.shown() == before + 1 {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(app.triage.shown(), before + 1, "the new item of mine shows");
    mine_only(&app, "Li Na");
    assert_eq!(
        app.triage.current(&app.data).map(|d| d.key()),
        cursor,
        "the cursor stays on its item"
    );
    let s = screen(&mut app, 120, 40);
    assert!(
        s.contains(&format!("Triage {} open · mine", before + 1)),
        "{s}"
    );
    // One of mine goes to someone else: it leaves the filtered queue.
    reassign_outside(shared.as_ref(), theirs, "Wang Jun");
    for _ in 0..1000 {
        app.poll_background();
        app.tick();
        let _ = screen(&mut app, 120, 40);
        if app.triage.shown() == before {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(app.triage.shown(), before);
    mine_only(&app, "Li Na");
    app.stop_watching();
}

fn team_app(lang: Lang) -> App {
    let shared = Shared::demo(demo_day()).unwrap().with_staff(STAFF);
    let store: Arc<dyn Store> = Arc::new(shared);
    app_on(store, lang, "default").unwrap()
}

#[test]
fn reassigning_offers_the_staff_and_accepts_a_typed_name() {
    let mut app = team_app(Lang::En);
    assert_eq!(app.staff.len(), STAFF.len(), "read once at the start");
    press(&mut app, "5");
    let first = app.triage.current(&app.data).unwrap().clone();
    press(&mut app, "a ctrl-u");
    type_text(&mut app, "zhou");
    let s = screen(&mut app, 120, 40);
    assert!(s.contains("Zhou Xiaoyan"), "{s}");
    insta::assert_snapshot!("reassign_staff_en_120x40", s);
    press(&mut app, "down enter");
    assert!(app.overlays.is_empty());
    let owner = |app: &App, id: Id| app.data.get(id).and_then(|r| r.owner().map(String::from));
    assert_eq!(owner(&app, first.id).as_deref(), Some("Zhou Xiaoyan"));
    // Someone the server does not know: typed, kept as typed.
    let key = first.key();
    app.triage.select_key(&app.data, &key);
    press(&mut app, "a ctrl-u");
    type_text(&mut app, "Dr. Aliya Outside");
    press(&mut app, "enter");
    assert_eq!(owner(&app, first.id).as_deref(), Some("Dr. Aliya Outside"));
}

#[test]
fn the_owner_field_picks_from_the_staff_fuzzily_or_takes_a_new_name() {
    let mut app = team_app(Lang::Zh);
    press(&mut app, "5");
    // An action item's form: title, parent, owner.
    let id = app
        .data
        .due
        .iter()
        .find(|d| d.id.kind == Kind::Action)
        .map(|d| d.key())
        .unwrap();
    app.triage.select_key(&app.data, &id);
    press(&mut app, "e tab tab enter ctrl-u");
    type_text(&mut app, "zxy");
    let s = screen(&mut app, 120, 40);
    assert!(s.contains("Zhou Xiaoyan"), "{s}");
    insta::assert_snapshot!("owner_picker_staff_zh_120x40", s);
    press(&mut app, "enter ctrl-s");
    assert!(app.overlays.is_empty());
    let owner = |app: &App| {
        let (id, _) = accord::triage::parse_key(&id).unwrap();
        app.data.get(id).and_then(|r| r.owner().map(String::from))
    };
    assert_eq!(owner(&app).as_deref(), Some("Zhou Xiaoyan"));
    // The staff is offered with nothing typed; a new name is kept.
    app.triage.select_key(&app.data, &id);
    press(&mut app, "e tab tab enter ctrl-u");
    let s = screen(&mut app, 120, 40);
    assert!(s.contains("陈晓东") && s.contains("Wang Jun"), "{s}");
    type_text(&mut app, "Dr. Aliya Outside");
    press(&mut app, "enter ctrl-s");
    assert_eq!(owner(&app).as_deref(), Some("Dr. Aliya Outside"));
}

#[test]
fn on_a_personal_database_owners_are_offered_as_before() {
    let mut app = demo_app(Lang::En, "default").unwrap();
    assert!(app.staff.is_empty());
    press(&mut app, "5 a ctrl-u");
    type_text(&mut app, "zhou");
    let s = screen(&mut app, 120, 40);
    assert!(!s.contains("Zhou Xiaoyan"), "{s}");
    assert_eq!(
        accord::tui::find::owner_choices(&app, "li"),
        app.data
            .owners
            .iter()
            .filter(|o| o.to_lowercase().contains("li"))
            .cloned()
            .collect::<Vec<_>>()
    );
}

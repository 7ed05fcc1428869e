//! Scenarios that drive the real update loop with key presses, on the demo
//! data at 2026-11-23: triaging a day, creating an agreement through the
//! form, working with the vim keymap.

use std::io::Write;

use accord::due::Bucket;
use accord::i18n::Lang;
use accord::model::{ActionStatus, FollowUpStatus, Id, Kind, Record};
use accord::tui::App;
use accord::tui::popups::Overlay;
use accord::tui::testing::{demo_app, demo_day, press, screen, type_text};

fn id(s: &str) -> Id {
    s.parse().unwrap()
}

fn current(app: &App) -> String {
    app.triage
        .current(&app.data)
        .map(|d| d.key())
        .unwrap_or_default()
}

fn day(n: i64) -> chrono::NaiveDate {
    demo_day() + chrono::Duration::days(n)
}

fn status_text(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// Moves the triage cursor down to the first item of `bucket`.
fn go_to_bucket(app: &mut App, bucket: Bucket) {
    for _ in 0..200 {
        if app
            .triage
            .current(&app.data)
            .is_some_and(|d| d.bucket == bucket)
        {
            return;
        }
        press(app, "down");
    }
    panic!("no {bucket:?} item");
}

#[test]
fn triage_a_days_items_done_snooze_reschedule_bulk_and_undo() {
    let mut app = demo_app(Lang::En, "default").unwrap();
    press(&mut app, "5");
    go_to_bucket(&mut app, Bucket::Today);
    let today: Vec<String> = app
        .data
        .due
        .iter()
        .filter(|d| d.bucket == Bucket::Today)
        .map(|d| d.key())
        .collect();
    assert!(
        today.len() >= 3,
        "the demo has several items due today: {today:?}"
    );
    let (first, second, third) = (today[0].clone(), today[1].clone(), today[2].clone());
    assert_eq!(current(&app), first);

    // Done: the item leaves the queue and the cursor stays where the eyes are.
    press(&mut app, "d");
    assert!(!app.data.due.iter().any(|d| d.key() == first));
    assert_eq!(current(&app), second);
    assert!(
        status_text(&app).contains(&format!("Marked {first} done")),
        "{}",
        status_text(&app)
    );
    assert!(status_text(&app).contains("u undoes"));

    // Snooze one day: the item moves to tomorrow, the cursor to the next.
    press(&mut app, "s");
    assert_eq!(
        app.data.get(id(&second)).and_then(|r| r.date()),
        Some(day(1))
    );
    assert_eq!(current(&app), third);

    // Reschedule to Friday with a human date.
    press(&mut app, "r");
    type_text(&mut app, "fri");
    assert!(screen(&mut app, 120, 40).contains("→ 2026-11-27 Fri"));
    press(&mut app, "enter");
    assert_eq!(
        app.data.get(id(&third)).and_then(|r| r.date()),
        Some(day(4))
    );
    assert!(status_text(&app).contains("Rescheduled") && status_text(&app).contains("2026-11-27"));

    // Reschedule the snoozed item by +2w.
    let data = &app.data;
    app.triage.select_key(data, &second);
    press(&mut app, "r");
    type_text(&mut app, "+2w");
    press(&mut app, "enter");
    assert_eq!(
        app.data.get(id(&second)).and_then(|r| r.date()),
        Some(day(14))
    );

    // Bulk: mark the first two overdue action items, done in one change.
    press(&mut app, "home");
    let mut marked = Vec::new();
    while marked.len() < 2 {
        let d = app.triage.current(&app.data).cloned().unwrap();
        if d.id.kind == Kind::Action || d.id.kind == Kind::FollowUp {
            press(&mut app, "space");
            marked.push(d.id);
        } else {
            press(&mut app, "down");
        }
    }
    assert_eq!(app.triage.marked.len(), 2);
    press(&mut app, "d");
    assert!(app.triage.marked.is_empty());
    for m in &marked {
        assert!(
            !app.data.due.iter().any(|d| d.id == *m),
            "{m} left the queue"
        );
    }
    assert!(
        status_text(&app).contains("2 items"),
        "{}",
        status_text(&app)
    );

    // Undo from anywhere: the whole bulk change comes back at once.
    press(&mut app, "1 u");
    for m in &marked {
        match app.data.get(*m) {
            Some(Record::Action(a)) => assert_eq!(a.status, ActionStatus::Open),
            Some(Record::FollowUp(f)) => assert_eq!(f.status, FollowUpStatus::Open),
            other => panic!("{other:?}"),
        }
    }
    assert!(status_text(&app).starts_with("Undone:"));
    // And the earlier acts are still there.
    assert_eq!(
        app.data.get(id(&third)).and_then(|r| r.date()),
        Some(day(4))
    );
    // Nonsense dates are refused with a reason and the prompt stays open.
    press(&mut app, "5");
    let data = &app.data;
    app.triage.select_key(data, &third);
    press(&mut app, "r");
    type_text(&mut app, "someday soon");
    press(&mut app, "enter");
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Prompt(p)) if p.error.as_deref().is_some_and(|e| e.contains("'someday soon' is not a date")))
    );
}

#[test]
fn create_an_agreement_through_the_form_with_an_invalid_then_a_valid_date() {
    let mut app = demo_app(Lang::En, "default").unwrap();
    let before = app.data.count(Kind::Agreement);
    press(&mut app, "3 n");
    type_text(&mut app, "Resident exchange with Almaty");
    press(&mut app, "tab");
    // The partnership picker filters as you type.
    type_text(&mut app, "anesthesia");
    press(&mut app, "enter");
    // kind, parties, status, signed, effective, expires
    press(&mut app, "tab tab tab tab tab");
    type_text(&mut app, "the 31st of never");
    press(&mut app, "ctrl-s");
    let Some(Overlay::Form(f)) = app.overlays.last() else {
        panic!("the form stays open")
    };
    let msg = f.errors.get("expires").cloned().unwrap_or_default();
    assert!(msg.contains("'the 31st of never' is not a date"), "{msg}");
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("✗ 'the 31st of never' is not a date"),
        "{shown}"
    );
    assert_eq!(app.data.count(Kind::Agreement), before);
    // Fix it with a human date.
    press(&mut app, "ctrl-u");
    type_text(&mut app, "end of year");
    press(&mut app, "ctrl-s");
    assert!(app.overlays.is_empty(), "{}", status_text(&app));
    assert_eq!(app.data.count(Kind::Agreement), before + 1);
    let a = app
        .data
        .of_kind(Kind::Agreement)
        .find_map(|r| match r {
            Record::Agreement(a) if a.title == "Resident exchange with Almaty" => Some(a.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(a.expires, Some("2026-12-31".parse().unwrap()));
    assert_eq!(
        app.data.title(a.partnership),
        "China–Central Asia anesthesia cooperation"
    );
    assert!(!a.parties.is_empty(), "parties follow the partnership");
    assert!(status_text(&app).contains(&format!("Created Agreement {}", a.id)));
    // The new row is selected in the table; Enter shows it.
    press(&mut app, "enter");
    assert_eq!(app.details.last().map(|d| d.id), Some(a.id));
    // Deleting asks first, and can be undone.
    press(&mut app, "D");
    assert!(matches!(app.overlays.last(), Some(Overlay::Confirm(_))));
    press(&mut app, "y");
    assert!(app.data.get(a.id).is_none());
    press(&mut app, "u");
    assert!(app.data.get(a.id).is_some());
}

#[test]
fn switch_to_the_vim_keymap_and_navigate() {
    // A user's file starting from vim, with one key of their own.
    let mut f = tempfile::NamedTempFile::new().unwrap();
    writeln!(
        f,
        "base = \"vim\"\n[triage]\nD = {{ action = \"done\", desc = \"Done, my way\" }}"
    )
    .unwrap();
    let (km, errors) = accord::tui::keymap::load(Some(f.path()), Lang::En);
    assert!(errors.is_empty(), "{errors:?}");
    let mut app = demo_app(Lang::En, "default").unwrap();
    app.keymap = km;
    // Views by sequences.
    press(&mut app, "g p");
    assert_eq!(app.view, accord::tui::views::View::Partnerships);
    press(&mut app, "g t");
    assert_eq!(app.view, accord::tui::views::View::Agreements);
    press(&mut app, "g q");
    assert_eq!(app.view, accord::tui::views::View::Triage);
    // hjkl, gg and G.
    let first = current(&app);
    press(&mut app, "j j");
    let third = current(&app);
    assert_ne!(third, first);
    press(&mut app, "k");
    press(&mut app, "G");
    let last = current(&app);
    assert_eq!(Some(last.clone()), app.data.due.last().map(|d| d.key()));
    press(&mut app, "g g");
    assert_eq!(current(&app), first);
    // A pending sequence shows in the status line until it completes.
    press(&mut app, "g");
    assert!(screen(&mut app, 80, 24).contains("g …"));
    press(&mut app, "g");
    assert!(app.pending.is_empty());
    // The user's own key works and help lists it with their description.
    press(&mut app, "j D");
    assert!(status_text(&app).contains("done"), "{}", status_text(&app));
    press(&mut app, "?");
    let help = screen(&mut app, 120, 40);
    assert!(help.contains("Done, my way"), "{help}");
    assert!(help.contains("z d"), "{help}");
    press(&mut app, "esc");
    // Snooze with a two-key sequence; the calendar moves with h and l.
    while !current(&app).starts_with('T') {
        press(&mut app, "j");
    }
    let target = current(&app);
    press(&mut app, "z w");
    assert!(status_text(&app).contains(&format!("Snoozed {}", target.split(':').next().unwrap())));
    press(&mut app, "g c l l");
    assert_eq!(app.calendar.cursor, day(2));
    press(&mut app, "j");
    assert_eq!(app.calendar.cursor, day(9));
    press(&mut app, "Z Z");
    assert!(app.quit);
}

#[test]
fn help_says_how_many_keys_are_below_the_box() {
    // The box's bottom border, where the count is written.
    let border = |s: &str| {
        s.lines()
            .find(|l| l.contains('└'))
            .unwrap_or_default()
            .to_string()
    };
    let mut app = demo_app(Lang::En, "default").unwrap();
    press(&mut app, "6 ?");
    // At 80x24 the calendar's keys and the global ones do not fit.
    let top = border(&screen(&mut app, 80, 24));
    assert!(top.contains("↓ 18 more"), "{top}");
    press(&mut app, "end");
    let bottom = border(&screen(&mut app, 80, 24));
    assert!(!bottom.contains("more"), "{bottom}");
    // Tall enough for every line: nothing to say.
    press(&mut app, "home");
    let tall = border(&screen(&mut app, 120, 80));
    assert!(!tall.contains("more"), "{tall}");
}

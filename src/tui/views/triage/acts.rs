//! The decisions triage makes: done, snooze, reschedule, reassign, note,
//! cancel — on one item or on every marked one, in one undoable change.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::dates::{add_duration, parse_date};
use crate::due::DueItem;
use crate::model::{Id, Kind, Note, NoteKind, Record};
use crate::store::{ChangeSet, DueSlot, Edit};
use crate::triage;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::popups::confirm::{self, OnYes};
use crate::tui::popups::prompt::{self, Purpose};
use crate::tui::words::{date, tr, weekday_short};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Act {
    Done,
    /// By a duration such as `1d`, `1w`, `3 days`.
    Snooze(String),
    Reschedule(NaiveDate),
    Reassign(String),
    Note(String),
    Cancel,
}

/// A key of the triage section was pressed.
pub fn start(app: &mut App, action: Action) {
    let targets = app.triage.targets(&app.data);
    if targets.is_empty() {
        app.info(tr!(app.lang, "triage.nothing"));
        return;
    }
    let keys: Vec<String> = targets.iter().map(DueItem::key).collect();
    let moves = matches!(
        action,
        Action::SnoozeDay | Action::SnoozeWeek | Action::SnoozeCustom | Action::Reschedule
    );
    if moves && targets.iter().all(|t| t.slot != DueSlot::Item) {
        explain_agreement_date(app, &targets[0]);
        return;
    }
    match action {
        Action::Done => perform(app, &targets, Act::Done),
        Action::SnoozeDay => perform(app, &targets, Act::Snooze("1d".into())),
        Action::SnoozeWeek => perform(app, &targets, Act::Snooze("1w".into())),
        Action::CancelItem if targets.iter().any(|t| t.slot != DueSlot::Item) => {
            // Cancelling an agreement's date terminates the agreement: ask.
            let mut ids: Vec<String> = targets
                .iter()
                .filter(|t| t.slot != DueSlot::Item)
                .map(|t| t.id.to_string())
                .collect();
            ids.dedup();
            let msg = tr!(app.lang, "triage.terminate_ask", ids = ids.join(", "));
            confirm::ask(app, msg, OnYes::Cancel(keys));
        }
        Action::CancelItem => perform(app, &targets, Act::Cancel),
        Action::SnoozeCustom => prompt::open(app, Purpose::Snooze(keys), ""),
        Action::Reschedule => prompt::open(app, Purpose::Reschedule(keys), ""),
        Action::Reassign => {
            let owner = if targets.len() == 1 {
                targets[0].owner.clone()
            } else {
                String::new()
            };
            prompt::open(app, Purpose::Reassign(keys), &owner)
        }
        Action::AddNote => prompt::open(app, Purpose::Note(keys), ""),
        _ => {}
    }
}

/// Renewal notices and expiries are dates of the agreement: moving them
/// means editing the agreement. Say so and offer to.
fn explain_agreement_date(app: &mut App, item: &DueItem) {
    let Some(Record::Agreement(a)) = app.data.get(item.id) else {
        return;
    };
    let msg = match item.slot {
        DueSlot::RenewalNotice => tr!(
            app.lang,
            "triage.notice_follows",
            id = a.id.to_string(),
            expires = a.expires.map(date).unwrap_or_default(),
            days = a.notice_days
        ),
        _ => tr!(app.lang, "triage.expiry_follows", id = a.id.to_string()),
    };
    confirm::ask(app, msg, OnYes::Edit(a.id));
}

/// The items the prompt was opened for, as they are now.
pub fn resolve(app: &App, keys: &[String]) -> Vec<DueItem> {
    app.data
        .due
        .iter()
        .filter(|d| keys.contains(&d.key()))
        .cloned()
        .collect()
}

/// The current date of a queued item by its key, without scanning the
/// queue (`Some(None)`: an item without a date).
fn due_date_of(app: &App, key: &str) -> Option<Option<NaiveDate>> {
    let (id, slot) = triage::parse_key(key).ok()?;
    let r = app.data.get(id)?;
    Some(match (slot, r) {
        (DueSlot::RenewalNotice, Record::Agreement(a)) => a.notice_date(),
        (DueSlot::Expiry, Record::Agreement(a)) => a.expires,
        _ => r.date(),
    })
}

fn day(app: &App, d: NaiveDate) -> String {
    format!(
        "{} {}",
        date(d),
        weekday_short(app.lang, d.weekday().num_days_from_monday())
    )
}

/// The date an item moves to when snoozed by `by`: from its due date, or
/// from today when it is already overdue.
pub fn snoozed(item_date: Option<NaiveDate>, today: NaiveDate, by: &str) -> Option<NaiveDate> {
    let from = item_date.map_or(today, |d| d.max(today));
    add_duration(by, from).ok()
}

/// Parses what was typed into a prompt, for its preview line.
pub fn preview(app: &App, purpose: &Purpose, typed: &str) -> Result<String, String> {
    let today = app.data.today;
    match purpose {
        Purpose::Snooze(keys) => {
            let first = keys.first().and_then(|k| due_date_of(app, k));
            let d = snoozed(first.flatten(), today, typed);
            d.map(|d| day(app, d))
                .ok_or_else(|| tr!(app.lang, "triage.bad_period", typed = typed))
        }
        Purpose::Reschedule(_) => parse_date(typed, today)
            .map(|d| day(app, d))
            .map_err(|_| tr!(app.lang, "form.bad_date", typed = typed)),
        Purpose::Reassign(_) | Purpose::Note(_) | Purpose::Staff(_) => Ok(String::new()),
    }
}

/// The prompt was submitted with `typed`.
pub fn finish(app: &mut App, purpose: Purpose, typed: &str) -> Result<(), String> {
    let today = app.data.today;
    let (keys, act) = match purpose {
        Purpose::Snooze(k) => {
            if snoozed(Some(today), today, typed).is_none() {
                return Err(tr!(app.lang, "triage.bad_period", typed = typed));
            }
            (k, Act::Snooze(typed.to_string()))
        }
        Purpose::Reschedule(k) => {
            let d = parse_date(typed, today)
                .map_err(|_| tr!(app.lang, "form.bad_date", typed = typed))?;
            (k, Act::Reschedule(d))
        }
        Purpose::Reassign(k) => (k, Act::Reassign(typed.trim().to_string())),
        Purpose::Staff(step) => return crate::tui::popups::staff::finish(app, *step, typed),
        Purpose::Note(k) => {
            if typed.trim().is_empty() {
                return Err(tr!(app.lang, "triage.empty_note"));
            }
            (k, Act::Note(typed.to_string()))
        }
    };
    let targets = resolve(app, &keys);
    perform(app, &targets, act);
    Ok(())
}

/// A note's kind from a leading word (`call: …`, `会议：…`), else `other`.
pub fn note_kind(text: &str) -> (NoteKind, String) {
    for sep in [':', '：'] {
        if let Some((head, rest)) = text.split_once(sep) {
            let head = head.trim();
            let found = NoteKind::parse(head).or_else(|| {
                NoteKind::ALL
                    .iter()
                    .copied()
                    .find(|k| crate::tui::words::vocab(crate::i18n::Lang::Zh, k.name()) == head)
            });
            if let Some(k) = found {
                return (k, rest.trim().to_string());
            }
        }
    }
    (NoteKind::Other, text.trim().to_string())
}

/// Applies `act` to `targets` as one change and moves the cursor to the
/// next item.
pub fn perform(app: &mut App, targets: &[DueItem], act: Act) {
    let lang = app.lang;
    let today = app.data.today;
    // Acts that settle or move the item send the eyes to the next one;
    // a note or a new owner leaves the item where it is.
    let next = match act {
        Act::Note(_) | Act::Reassign(_) => app.triage.current(&app.data).map(DueItem::key),
        _ => app.triage.next_after(&app.data, targets),
    };
    let mut work: BTreeMap<Id, Record> = BTreeMap::new();
    let mut creates = Vec::new();
    let mut acted: Vec<String> = Vec::new();
    let mut skipped: Vec<String> = Vec::new();
    let mut last_date = None;
    for t in targets {
        let Some(mut rec) = work
            .get(&t.id)
            .cloned()
            .or_else(|| app.data.get(t.id).cloned())
        else {
            continue;
        };
        let ok = match &act {
            Act::Note(text) => {
                let (kind, text) = note_kind(text);
                creates.push(Record::Note(Note {
                    id: Id::new(Kind::Note, 0),
                    parent: t.id,
                    date: today,
                    kind,
                    text,
                    author: String::new(),
                }));
                true
            }
            other => match apply(other, &rec, t.slot, today) {
                Ok(r) => {
                    if matches!(other, Act::Snooze(_) | Act::Reschedule(_)) {
                        last_date = r.date();
                    }
                    rec = r;
                    true
                }
                Err(_) => false,
            },
        };
        if ok {
            acted.push(t.key().replace(":notice", "").replace(":expiry", ""));
            if !matches!(act, Act::Note(_)) {
                work.insert(t.id, rec);
            }
        } else {
            skipped.push(t.id.to_string());
        }
    }
    acted.dedup();
    if acted.is_empty() {
        let why = match act {
            Act::Cancel => tr!(lang, "triage.cannot_cancel", ids = skipped.join(", ")),
            _ => tr!(lang, "triage.cannot", ids = skipped.join(", ")),
        };
        app.error(why);
        return;
    }
    let who = if acted.len() == 1 {
        acted[0].clone()
    } else {
        tr!(lang, "triage.n_items", n = acted.len())
    };
    let when = last_date.map(|d| day(app, d)).unwrap_or_default();
    let mut msg = match &act {
        Act::Done => match targets.first().map(|t| t.slot) {
            Some(DueSlot::RenewalNotice) if targets.len() == 1 => {
                tr!(lang, "triage.raised", who = who)
            }
            Some(DueSlot::Expiry) if targets.len() == 1 => tr!(lang, "triage.expired", who = who),
            _ => tr!(lang, "triage.done", who = who),
        },
        Act::Snooze(_) if acted.len() == 1 => {
            tr!(lang, "triage.snoozed_to", who = who, when = when)
        }
        Act::Snooze(by) => tr!(lang, "triage.snoozed_by", who = who, by = by),
        Act::Reschedule(_) => tr!(lang, "triage.rescheduled", who = who, when = when),
        Act::Reassign(owner) if owner.is_empty() => tr!(lang, "triage.unassigned", who = who),
        Act::Reassign(owner) => tr!(lang, "triage.reassigned", who = who, owner = owner),
        Act::Note(_) => tr!(lang, "triage.noted", who = who),
        Act::Cancel if targets.iter().all(|t| t.slot != DueSlot::Item) => {
            tr!(lang, "triage.terminated", who = who)
        }
        Act::Cancel => tr!(lang, "triage.cancelled", who = who),
    };
    if !skipped.is_empty() {
        msg.push_str(&tr!(lang, "triage.skipped", ids = skipped.join(", ")));
    }
    let mut change = ChangeSet::new(msg.clone());
    for r in work.into_values() {
        // What the user saw: a colleague's change since is merged, or the
        // act is refused naming them.
        if let Some(seen) = app.data.get(r.id()) {
            change.seen.push(seen.clone());
        }
        change.push(Edit::Update(r));
    }
    for r in creates {
        change.push(Edit::Create(r));
    }
    if app.apply(change, msg).is_some() {
        app.triage.marked.clear();
        if let Some(k) = next {
            let data = &app.data;
            app.triage.select_key(data, &k);
        }
    }
}

/// What an act does to one record: the core triage rules shared with the
/// command line.
fn apply(
    act: &Act,
    r: &Record,
    slot: DueSlot,
    today: NaiveDate,
) -> Result<Record, triage::ActError> {
    match act {
        Act::Done => triage::close(r, slot, false, today),
        Act::Cancel => triage::close(r, slot, true, today),
        Act::Snooze(by) => triage::snooze(r, slot, by, today),
        Act::Reschedule(d) => triage::reschedule(r, slot, &d.to_string(), today),
        Act::Reassign(who) => triage::reassign(r, who),
        Act::Note(_) => Ok(r.clone()),
    }
}

//! Acting on items: done, cancel, snooze, reschedule, delete, notes, undo, history.

use clap::Args;
use rust_i18n::t;
use serde_json::json;

use super::{CmdResult, Context, Failure, parse_id, print_json};
use crate::model::{Id, Note, NoteKind, Record};
use crate::store::{ChangeSet, Edit, HistoryEntry, field_changes};
use crate::text::clean;
use crate::triage::{self, ActError};

#[derive(Args, Debug)]
pub struct DoneArgs {
    /// Item ids: T4 F2, or A3:notice / A3:expiry for an agreement
    #[arg(required = true, value_name = "ID")]
    ids: Vec<String>,
}

#[derive(Args, Debug)]
pub struct SnoozeArgs {
    #[arg(value_name = "ID")]
    id: String,
    /// How long: 1d, 3d, 1w, 2w, 1m
    #[arg(value_name = "SPAN")]
    span: String,
}

#[derive(Args, Debug)]
pub struct RescheduleArgs {
    #[arg(value_name = "ID")]
    id: String,
    /// The new date: 2026-01-15, fri, +2w, next month…
    #[arg(value_name = "DATE")]
    date: String,
}

#[derive(Args, Debug)]
pub struct DeleteArgs {
    #[arg(required = true, value_name = "ID")]
    ids: Vec<String>,
}

#[derive(Args, Debug)]
pub struct NoteArgs {
    /// The record the note is about (usually a partnership)
    #[arg(value_name = "ID")]
    id: String,
    /// What happened
    #[arg(value_name = "TEXT")]
    text: String,
    /// meeting, visit, delegation, call, email, signing or other
    #[arg(long, default_value = "meeting")]
    kind: String,
    /// When it happened [default: today]
    #[arg(long)]
    date: Option<String>,
    #[arg(long, default_value = "")]
    author: String,
}

#[derive(Args, Debug)]
pub struct HistoryArgs {
    /// Only changes to this record
    #[arg(value_name = "ID")]
    id: Option<String>,
    /// How many changes to show
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Every record and field a change touched (without it, the first 12
    /// lines of each, then how many more)
    #[arg(long)]
    full: bool,
    #[arg(long)]
    json: bool,
}

fn act_err(e: ActError) -> Failure {
    Failure::from(e)
}

fn fetch(ctx: &Context, id: Id) -> Result<Record, Failure> {
    ctx.store
        .get(id)?
        .ok_or_else(|| Failure::from(crate::store::StoreError::NotFound(id)))
}

pub fn done(ctx: &Context, args: DoneArgs, cancel: bool) -> CmdResult {
    // The same item named twice (`done T4 t4`) is closed once.
    let mut keys = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for key in &args.ids {
        let parsed = triage::parse_key(key).map_err(act_err)?;
        if seen.insert(parsed) {
            keys.push((key.as_str(), parsed));
        }
    }
    let listed = keys.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ");
    let mut change = ChangeSet::new(if cancel {
        t!("cli.summary.cancel", ids = listed).into_owned()
    } else {
        t!("cli.summary.done", ids = listed).into_owned()
    });
    let mut pending: std::collections::HashMap<Id, Record> = std::collections::HashMap::new();
    for &(_, (id, slot)) in &keys {
        let current = match pending.get(&id) {
            Some(r) => r.clone(),
            None => fetch(ctx, id)?,
        };
        let updated = triage::close(&current, slot, cancel, ctx.today()).map_err(act_err)?;
        pending.insert(id, updated);
    }
    let mut ids: Vec<&Id> = pending.keys().collect();
    ids.sort();
    for id in ids {
        change.push(Edit::Update(pending[id].clone()));
    }
    ctx.store.apply(change)?;
    if cancel {
        outln!("{}", t!("cli.items.cancelled", ids = listed));
    } else {
        outln!("{}", t!("cli.items.done", ids = listed));
    }
    Ok(())
}

fn update_one(
    ctx: &Context,
    key: &str,
    summary: String,
    f: impl Fn(&Record, crate::store::DueSlot) -> Result<Record, ActError>,
) -> CmdResult {
    let (id, slot) = triage::parse_key(key).map_err(act_err)?;
    let updated = f(&fetch(ctx, id)?, slot).map_err(act_err)?;
    let date = updated.date();
    ctx.store
        .apply(ChangeSet::one(summary, Edit::Update(updated)))?;
    match date {
        Some(d) => {
            use chrono::Datelike;
            let day =
                crate::i18n::text(&format!("cal.wd{}", d.weekday().num_days_from_monday() % 7));
            outln!("{}", t!("cli.items.now_due", id = id, date = d, day = day));
        }
        None => outln!("{}", t!("cli.items.updated", id = id)),
    }
    Ok(())
}

pub fn snooze(ctx: &Context, a: SnoozeArgs) -> CmdResult {
    let today = ctx.today();
    // `snooze T4 fri`: a date where a period belongs; say which command
    // takes it rather than only that it is not a period.
    if crate::dates::add_duration(&a.span, today).is_err()
        && let Ok(d) = crate::dates::parse_date(&a.span, today)
    {
        return Err(t!(
            "cli.snooze_a_date",
            typed = a.span.trim(),
            id = a.id,
            date = d.to_string()
        )
        .into_owned()
        .into());
    }
    update_one(
        ctx,
        &a.id,
        t!("cli.summary.snooze", id = a.id, span = a.span).into_owned(),
        |r, s| triage::snooze(r, s, &a.span, today),
    )
}

pub fn reschedule(ctx: &Context, a: RescheduleArgs) -> CmdResult {
    let today = ctx.today();
    update_one(
        ctx,
        &a.id,
        t!("cli.summary.reschedule", id = a.id, date = a.date).into_owned(),
        |r, s| triage::reschedule(r, s, &a.date, today),
    )
}

pub fn delete(ctx: &Context, a: DeleteArgs) -> CmdResult {
    let mut change = ChangeSet::new(t!("cli.summary.delete", ids = a.ids.join(", ")).into_owned());
    for s in &a.ids {
        let id = parse_id(s)?;
        fetch(ctx, id)?;
        change.push(Edit::Delete(id));
    }
    ctx.store.apply(change)?;
    outln!("{}", t!("cli.items.deleted", ids = a.ids.join(", ")));
    Ok(())
}

pub fn note(ctx: &Context, a: NoteArgs) -> CmdResult {
    let parent = parse_id(&a.id)?;
    let kind = super::add::vocab("kind", &a.kind, NoteKind::parse, NoteKind::choices)?;
    let date = super::add::date_arg("date", a.date.as_deref(), ctx.today())?.unwrap_or(ctx.today());
    let note = Record::Note(Note {
        id: Id::new(crate::model::Kind::Note, 0),
        parent,
        date,
        kind,
        text: a.text,
        author: a.author,
    });
    let applied = ctx.store.apply(ChangeSet::one(
        t!(
            "cli.summary.note",
            kind = crate::i18n::vocab(kind.name()),
            parent = parent
        )
        .into_owned(),
        Edit::Create(note),
    ))?;
    if let Some(id) = applied.ids.first() {
        outln!(
            "{}",
            t!(
                "cli.items.noted",
                id = id,
                parent = parent,
                kind = crate::i18n::vocab(kind.name()),
                date = date
            )
        );
    }
    Ok(())
}

pub fn undo(ctx: &Context) -> CmdResult {
    match ctx.store.undo(&t!("cli.summary.undo"))? {
        Some(e) => outln!("{}", t!("cli.items.undid", change = clean(&e.summary))),
        None => outln!("{}", t!("cli.items.nothing_to_undo")),
    }
    Ok(())
}

pub fn history(ctx: &Context, a: HistoryArgs) -> CmdResult {
    let id = a.id.as_deref().map(parse_id).transpose()?;
    let entries = ctx.store.history(id, a.limit)?;
    if a.json {
        let out: Vec<_> = entries.iter().map(|e| entry_json(e, id)).collect();
        return print_json(&out);
    }
    if entries.is_empty() {
        outln!("{}", t!("cli.items.no_history"));
        return Ok(());
    }
    let names = crate::staff::Authors::of(ctx.store.as_ref());
    for e in &entries {
        let mark = if e.undone_by.is_some() {
            t!("cli.items.undone_mark").into_owned()
        } else {
            String::new()
        };
        let by = e
            .author
            .as_deref()
            .map(|a| format!("{}  ", clean(&names.name_of(a))))
            .unwrap_or_default();
        outln!(
            "#{:<5} {}  {by}{}{mark}",
            e.seq,
            e.at.format("%Y-%m-%d %H:%M"),
            clean(&e.summary)
        );
        let limit = if a.full { usize::MAX } else { CHANGES_SHOWN };
        let (lines, total) = change_lines(e, id, limit);
        for line in &lines {
            outln!("       {line}");
        }
        if total > lines.len() {
            outln!(
                "       {}",
                t!("cli.items.more_changes", n = total - lines.len())
            );
        }
    }
    Ok(())
}

/// How many lines of one entry's changes `history` shows without `--full`.
const CHANGES_SHOWN: usize = 12;

/// The first `limit` lines of an entry's changes (a line for each record
/// it created or deleted, and for each field it changed; only those of
/// `only`, when given), and how many there are in all. Lines past the
/// limit are counted, not worded: a generated entry holds 10,000 records.
fn change_lines(e: &HistoryEntry, only: Option<Id>, limit: usize) -> (Vec<String>, usize) {
    let mut lines = Vec::new();
    let mut total = 0;
    for c in e.changes.iter().filter(|c| only.is_none_or(|i| i == c.id)) {
        let room = lines.len() < limit;
        match (&c.before, &c.after) {
            (None, Some(r)) | (Some(r), None) => {
                total += 1;
                if room {
                    let key = if c.before.is_none() {
                        "cli.items.was_created"
                    } else {
                        "cli.items.was_deleted"
                    };
                    lines.push(t!(key, id = c.id, title = clean(&r.title())).into_owned());
                }
            }
            _ => {
                let fields = field_changes(c);
                total += fields.len();
                let room = limit.saturating_sub(lines.len());
                for f in fields.into_iter().take(room) {
                    lines.push(
                        t!(
                            "cli.edit.changed",
                            id = f.id,
                            field = crate::i18n::field(&f.field),
                            old = clean(&f.old),
                            new = clean(&f.new)
                        )
                        .into_owned(),
                    );
                }
            }
        }
    }
    (lines, total)
}

fn entry_json(e: &HistoryEntry, only: Option<Id>) -> serde_json::Value {
    let changes: Vec<_> = e
        .changes
        .iter()
        .filter(|c| only.is_none_or(|i| i == c.id))
        .map(|c| {
            let what = match (&c.before, &c.after) {
                (None, _) => "created",
                (_, None) => "deleted",
                _ => "updated",
            };
            json!({ "id": c.id, "change": what, "fields": field_changes(c) })
        })
        .collect();
    json!({
        "seq": e.seq,
        "at": e.at,
        "author": e.author,
        "summary": e.summary,
        "undoes": e.undoes,
        "undone_by": e.undone_by,
        "changes": changes,
    })
}

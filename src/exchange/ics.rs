//! Every open dated item as an all-day calendar event (RFC 5545): action
//! items, follow-ups, renewal notices and expiries. UIDs are derived from
//! record ids (`T4@accord`, `A3-notice@accord`), so a calendar that
//! subscribes to the file updates events instead of duplicating them.
//!
//! Events (not to-dos) because the calendars people subscribe with
//! (Outlook, Google, Apple) show events; the item's status and owner are in
//! the description.

use std::io::Write;

use chrono::{Days, NaiveDate};

use super::atomic::io;
use super::dataset::Dataset;
use super::escape::{fold_ics_line, ics_text};
use super::labels::{fill, label, word};
use super::scope::Selection;
use super::{ExportOptions, Progress, Result};
use crate::model::{Id, Kind, Record};
use crate::store::{DueEntry, DueSlot, due_entries};

fn line(out: &mut dyn Write, name: &str, value: &str) -> Result<()> {
    out.write_all(fold_ics_line(&format!("{name}:{value}")).as_bytes())
        .map_err(io)
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// The stable UID of a dated item.
pub fn uid(e: &DueEntry) -> String {
    match e.slot {
        DueSlot::Item => format!("{}@accord", e.id),
        DueSlot::RenewalNotice => format!("{}-notice@accord", e.id),
        DueSlot::Expiry => format!("{}-expiry@accord", e.id),
    }
}

/// Writes the calendar; returns the number of events.
pub fn write(
    data: &Dataset,
    sel: &Selection,
    opts: &ExportOptions,
    out: &mut dyn Write,
    progress: Progress,
) -> Result<usize> {
    let mut entries: Vec<(DueEntry, &Record)> = Vec::new();
    for kind in [Kind::Agreement, Kind::Action, Kind::FollowUp] {
        for r in sel.of(kind) {
            for e in due_entries(r) {
                if e.date.is_some_and(|d| sel.window.contains(d)) {
                    entries.push((e, r));
                }
            }
        }
    }
    entries.sort_by_key(|(e, _)| (e.date, e.id, e.slot));
    let lang = opts.lang;
    let stamp = opts.now.format("%Y%m%dT%H%M%SZ").to_string();
    for (k, v) in [
        ("BEGIN", "VCALENDAR"),
        ("VERSION", "2.0"),
        ("PRODID", "-//accord//accord export//EN"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
    ] {
        line(out, k, v)?;
    }
    line(
        out,
        "X-WR-CALNAME",
        &ics_text(&label(lang, "report.calendar_name")),
    )?;
    let total = entries.len();
    for (n, (e, r)) in entries.iter().enumerate() {
        let Some(date) = e.date else { continue };
        line(out, "BEGIN", "VEVENT")?;
        line(out, "UID", &uid(e))?;
        line(out, "DTSTAMP", &stamp)?;
        line(out, "DTSTART;VALUE=DATE", &ymd(date))?;
        let next = date.checked_add_days(Days::new(1)).unwrap_or(date);
        line(out, "DTEND;VALUE=DATE", &ymd(next))?;
        line(out, "SUMMARY", &ics_text(&summary(data, e, r, opts)))?;
        line(
            out,
            "DESCRIPTION",
            &ics_text(&description(data, e, r, opts)),
        )?;
        let category = match e.slot {
            DueSlot::Item => r.kind().name(),
            DueSlot::RenewalNotice => "renewal_notice",
            DueSlot::Expiry => "expiry",
        };
        line(out, "CATEGORIES", &format!("accord,{category}"))?;
        line(out, "TRANSP", "TRANSPARENT")?;
        line(out, "END", "VEVENT")?;
        if n % 1024 == 0 {
            progress(n, total);
        }
    }
    line(out, "END", "VCALENDAR")?;
    progress(total, total);
    Ok(total)
}

/// `T4 Send the call for applications — KazNMU, Turakulov +2`.
fn summary(data: &Dataset, e: &DueEntry, r: &Record, opts: &ExportOptions) -> String {
    let title = r.title();
    let what = match e.slot {
        DueSlot::Item => title,
        DueSlot::RenewalNotice => fill(opts.lang, "report.notice_due", &[("title", &title)]),
        DueSlot::Expiry => fill(opts.lang, "report.expires_on", &[("title", &title)]),
    };
    let partner = partners(data, r);
    if partner.is_empty() {
        format!("{} {what}", e.id)
    } else {
        format!("{} {what} — {partner}", e.id)
    }
}

/// The partner institutions of the item's partnership (or the institution
/// it hangs under), by short name: the first two and how many more.
fn partners(data: &Dataset, r: &Record) -> String {
    let ids: Vec<Id> = match data
        .partnership_of(r.id())
        .and_then(|p| data.partnership(p))
    {
        Some(p) => p.partners.clone(),
        None => match r.parent().and_then(|p| data.get(p)) {
            Some(Record::Institution(i)) => vec![i.id],
            Some(Record::Contact(c)) => vec![c.institution],
            _ => Vec::new(),
        },
    };
    let mut names: Vec<String> = ids.iter().take(2).map(|i| data.display_name(*i)).collect();
    if ids.len() > 2 {
        names.push(format!("+{}", ids.len() - 2));
    }
    names.join(", ")
}

fn description(data: &Dataset, e: &DueEntry, r: &Record, opts: &ExportOptions) -> String {
    let lang = opts.lang;
    let mut lines = Vec::new();
    let owner = data.effective_owner(r);
    if !owner.is_empty() {
        lines.push(format!("{}: {owner}", label(lang, "report.owner")));
    }
    let status = match (e.slot, r) {
        (DueSlot::Item, _) => word(lang, r.status_name()),
        (_, Record::Agreement(a)) => word(lang, a.status.name()),
        _ => String::new(),
    };
    lines.push(format!("{}: {status}", label(lang, "report.status")));
    if let Record::Action(a) = r {
        lines.push(format!(
            "{}: {}",
            super::labels::column(lang, "priority"),
            word(lang, a.priority.name())
        ));
    }
    if let Some(p) = data
        .partnership_of(r.id())
        .and_then(|p| data.partnership(p))
    {
        lines.push(format!(
            "{}: {} {}",
            label(lang, "report.partnership"),
            p.id,
            p.title
        ));
    }
    lines.push(format!("accord: {}", r.id()));
    lines.join("\n")
}

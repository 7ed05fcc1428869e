//! The calendar attached to a digest: the dated items of the window as
//! all-day events, with the same UIDs as `accord export --format ics`
//! (so a calendar that has both keeps one event per item) and its escaping
//! and line folding.

use chrono::{DateTime, Days, Utc};

use super::{Digest, Section};
use crate::exchange::{fold_ics_line, ics_text, ics_uid};
use crate::i18n::Lang;
use crate::store::{DueEntry, DueSlot};

/// The calendar of `d`'s dated items from today to the end of the window;
/// `None` when there are none.
pub fn calendar(d: &Digest, lang: Lang, now: DateTime<Utc>) -> Option<String> {
    let mut out = String::new();
    let mut line =
        |name: &str, value: &str| out.push_str(&fold_ics_line(&format!("{name}:{value}")));
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    let mut events = 0;
    for (k, v) in [
        ("BEGIN", "VCALENDAR"),
        ("VERSION", "2.0"),
        ("PRODID", "-//accord//accord digest//EN"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
    ] {
        line(k, v);
    }
    for l in d.lines() {
        let Some(date) = l.date.filter(|x| *x >= d.today && *x <= d.until) else {
            continue;
        };
        if l.section == Section::NoContact {
            continue;
        }
        let slot = if l.key.ends_with(":notice") {
            DueSlot::RenewalNotice
        } else if l.key.ends_with(":expiry") {
            DueSlot::Expiry
        } else {
            DueSlot::Item
        };
        let entry = DueEntry {
            id: l.id,
            slot,
            date: Some(date),
        };
        let what = match slot {
            DueSlot::Item => l.title.clone(),
            DueSlot::RenewalNotice => {
                super::render::tr(lang, "digest.ics_notice", &[("title", &l.title)])
            }
            DueSlot::Expiry => super::render::tr(lang, "digest.ics_expiry", &[("title", &l.title)]),
        };
        let summary = if l.partners.is_empty() {
            format!("{} {what}", l.id)
        } else {
            format!("{} {what} — {}", l.id, l.partners)
        };
        line("BEGIN", "VEVENT");
        line("UID", &ics_uid(&entry));
        line("DTSTAMP", &stamp);
        line("DTSTART;VALUE=DATE", &date.format("%Y%m%d").to_string());
        let next = date.checked_add_days(Days::new(1)).unwrap_or(date);
        line("DTEND;VALUE=DATE", &next.format("%Y%m%d").to_string());
        line("SUMMARY", &ics_text(&summary));
        let mut desc = format!("accord show {}", l.id);
        if !l.owner.is_empty() {
            desc = format!("{}\n{desc}", l.owner);
        }
        line("DESCRIPTION", &ics_text(&desc));
        line("TRANSP", "TRANSPARENT");
        line("END", "VEVENT");
        events += 1;
    }
    line("END", "VCALENDAR");
    (events > 0).then_some(out)
}

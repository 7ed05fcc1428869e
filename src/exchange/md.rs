//! The status summary in Markdown (GitHub-flavoured tables). Every data
//! value goes through [`md_escape`], so record text never becomes markup.

use std::io::Write;

use super::atomic::io;
use super::escape::md_escape as esc;
use super::labels::{column, days_from_today, fill, label, scope_text, window_text, word};
use super::summary::{ItemLine, Section, Summary};
use super::{Progress, Result};
use crate::i18n::Lang;

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// Writes the summary; returns the number of partnerships written.
pub fn write(s: &Summary, lang: Lang, out: &mut dyn Write, progress: Progress) -> Result<usize> {
    let l = |k: &str| label(lang, k);
    let total = s.size();
    let mut done = 0;
    let h = &s.headline;
    let mut head = String::new();
    head.push_str(&format!("# {} — {}\n\n", esc(&s.title(lang)), s.today));
    head.push_str(&format!(
        "{}: {} · {}: {}\n\n",
        l("report.scope"),
        esc(&scope_text(lang, &s.scope)),
        l("report.window"),
        window_text(lang, &s.window)
    ));
    head.push_str(&format!("## {}\n\n", l("report.headline")));
    let signed = fill(
        lang,
        "report.signed_in_window",
        &[("from", &date(h.signed_from)), ("to", &date(h.signed_to))],
    );
    head.push_str(&format!(
        "| {} | {} |\n|---|---:|\n",
        l("report.metric"),
        l("report.value")
    ));
    for (k, v) in [
        (l("report.active_partnerships"), h.active_partnerships),
        (signed, h.signed),
        (l("report.expiring"), h.expiring),
        (l("report.overdue"), h.overdue),
        (l("report.due_soon"), h.due_soon),
    ] {
        head.push_str(&format!("| {k} | {v} |\n"));
    }
    head.push('\n');
    if !s.countries.is_empty() {
        head.push_str(&format!("### {}\n\n", l("report.by_country")));
        head.push_str(&format!(
            "| {} | {} | {} |\n|---|---:|---:|\n",
            l("report.country"),
            l("report.partnerships"),
            l("report.open_items")
        ));
        for c in &s.countries {
            head.push_str(&format!(
                "| {} {} | {} | {} |\n",
                esc(&c.code),
                esc(&crate::model::country_name_in(lang, &c.code)),
                c.partnerships,
                c.open_items
            ));
        }
        head.push('\n');
        done += s.countries.len();
    }
    out.write_all(head.as_bytes()).map_err(io)?;
    progress(done, total);
    if s.sections.is_empty() {
        writeln!(out, "{}", l("report.no_partnerships")).map_err(io)?;
    }
    for sec in &s.sections {
        let text = section(sec, lang, s.today);
        out.write_all(text.as_bytes()).map_err(io)?;
        done += sec.size();
        progress(done, total);
    }
    if !s.outside.is_empty() {
        let mut o = format!("## {}\n\n", l("report.outside"));
        items(&mut o, lang, "report.actions", &s.outside.actions);
        items(&mut o, lang, "report.followups", &s.outside.followups);
        out.write_all(o.as_bytes()).map_err(io)?;
        done += s.outside.size();
        progress(done, total);
    }
    Ok(s.sections.len())
}

fn section(sec: &Section, lang: Lang, today: chrono::NaiveDate) -> String {
    let l = |k: &str| label(lang, k);
    let mut o = String::new();
    o.push_str(&format!("## {} {}\n\n", sec.id, esc(&sec.title)));
    let mut facts = vec![format!(
        "{}: {}",
        l("report.status"),
        word(lang, sec.status)
    )];
    if !sec.owner.trim().is_empty() {
        facts.push(format!("{}: {}", l("report.owner"), esc(&sec.owner)));
    }
    if let Some(d) = sec.start {
        facts.push(format!("{}: {d}", l("report.since")));
    }
    let contact = match sec.last_contact {
        Some(d) => format!(
            "{d} ({})",
            fill(
                lang,
                "report.days_ago",
                &[("n", &(today - d).num_days().to_string())]
            )
        ),
        None => l("report.no_contact"),
    };
    facts.push(format!("{}: {contact}", l("report.last_contact")));
    o.push_str(&facts.join(" · "));
    o.push_str("\n\n");
    if !sec.areas.is_empty() {
        let areas: Vec<String> = sec.areas.iter().map(|a| esc(a)).collect();
        o.push_str(&format!("{}: {}\n\n", l("report.areas"), areas.join(", ")));
    }
    o.push_str(&format!("### {}\n\n", l("report.partners")));
    if sec.partners.is_empty() {
        o.push_str(&format!("{}\n\n", l("report.none")));
    }
    for p in &sec.partners {
        let place = [p.city.trim(), p.country.trim()]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| esc(s))
            .collect::<Vec<_>>()
            .join(", ");
        o.push_str(&format!("- {} {} ({place})\n", p.id, esc(&p.names)));
    }
    if !sec.partners.is_empty() {
        o.push('\n');
    }
    o.push_str(&format!("### {}\n\n", l("report.agreements")));
    if sec.agreements.is_empty() {
        o.push_str(&format!("{}\n\n", l("report.none")));
    } else {
        let c = |f: &str| column(lang, f);
        o.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|---:|\n",
            c("id"),
            c("type"),
            c("title"),
            c("status"),
            c("signed"),
            c("expires"),
            c("days_to_expiry")
        ));
        for a in &sec.agreements {
            let status = match a.notice_date {
                Some(n) if a.status == "expiring" => {
                    format!("**{}** ({} {n})", word(lang, a.status), c("notice_date"))
                }
                _ => word(lang, a.status),
            };
            o.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} |\n",
                a.id,
                super::labels::kind_short(lang, a.kind),
                esc(&a.title),
                status,
                date(a.signed),
                date(a.expires),
                a.days_to_expiry.map(|d| d.to_string()).unwrap_or_default()
            ));
        }
        o.push('\n');
    }
    items(&mut o, lang, "report.actions", &sec.actions);
    items(&mut o, lang, "report.followups", &sec.followups);
    o
}

fn items(o: &mut String, lang: Lang, heading: &str, list: &[ItemLine]) {
    let c = |f: &str| column(lang, f);
    o.push_str(&format!("### {}\n\n", label(lang, heading)));
    if list.is_empty() {
        o.push_str(&format!("{}\n\n", label(lang, "report.none")));
        return;
    }
    o.push_str(&format!(
        "| {} | {} | {} | {} | {} |\n|---|---|---|---|---|\n",
        c("id"),
        c("due"),
        c("title"),
        c("owner"),
        c("status")
    ));
    for i in list {
        let due = match (i.due, i.days) {
            (Some(d), Some(n)) if i.overdue => format!("**{d}** ⚠ {}", days_from_today(lang, n)),
            (Some(d), Some(n)) if i.open => format!("{d} ({})", days_from_today(lang, n)),
            (Some(d), _) => d.to_string(),
            _ => String::new(),
        };
        let status = match (i.status, i.completed) {
            ("done", Some(d)) => fill(lang, "report.completed", &[("date", &d.to_string())]),
            _ => word(lang, i.status),
        };
        let title = match &i.on {
            Some(on) => format!(
                "{} ({})",
                esc(&i.title),
                esc(&fill(lang, "report.on", &[("record", on)]))
            ),
            None => esc(&i.title),
        };
        o.push_str(&format!(
            "| {} | {due} | {title} | {} | {status} |\n",
            i.id,
            esc(&i.owner)
        ));
    }
    o.push('\n');
}

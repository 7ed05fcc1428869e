//! The status summary as one self-contained HTML file: inline CSS (also
//! for print), an inline SVG chart, no scripts and no external resources
//! (a Content-Security-Policy says so to the browser). Every data value is
//! escaped.

use std::io::Write;

use super::atomic::io;
use super::escape::html_escape as esc;
use super::labels::{column, days_from_today, fill, label, scope_text, window_text, word};
use super::summary::{ItemLine, Section, Summary};
use super::svg::country_chart;
use super::{Progress, Result};
use crate::i18n::Lang;

const STYLE: &str = "\
:root{--ink:#1d2430;--muted:#5b6573;--line:#d6dbe1;--accent:#1f5f8b;--warn:#a4262c;--bg2:#f4f6f8}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;color:var(--ink);max-width:1100px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.25rem;margin:2rem 0 .4rem;border-bottom:2px solid var(--accent);padding-bottom:.2rem}
h3{font-size:1rem;margin:1rem 0 .3rem;color:var(--accent)}
.meta{color:var(--muted);margin:0 0 1rem}
.cards{display:flex;flex-wrap:wrap;gap:.6rem;margin:.6rem 0 1rem}
.card{border:1px solid var(--line);border-radius:6px;padding:.5rem .8rem;min-width:150px;background:var(--bg2)}
.card b{display:block;font-size:1.5rem}.card.warn b{color:var(--warn)}
table{border-collapse:collapse;width:100%;margin:.3rem 0 .8rem}
th,td{border:1px solid var(--line);padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:var(--bg2)}td.n{text-align:right;font-variant-numeric:tabular-nums}
.overdue{color:var(--warn);font-weight:600}.id{font-family:ui-monospace,Consolas,monospace;white-space:nowrap}
.date,.id,td.n,.nw,th{white-space:nowrap}.on{color:var(--muted)}
ul{margin:.2rem 0 .8rem;padding-left:1.2rem}
.chart text{font:12px system-ui,sans-serif;fill:var(--ink)}.chart .b1{fill:#1f5f8b}.chart .b2{fill:#e0a030}
section{break-inside:avoid-page}
h1,h2,h3{break-after:avoid;page-break-after:avoid;break-inside:avoid;page-break-inside:avoid}
@page{size:A4;margin:16mm 14mm 18mm}
@media print{body{margin:0;max-width:none;font-size:11px}table,ul{break-inside:avoid}tr,li{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}.card{background:none}a{color:inherit}}
";

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// Writes the summary; returns the number of partnerships written.
pub fn write(s: &Summary, lang: Lang, out: &mut dyn Write, progress: Progress) -> Result<usize> {
    let l = |k: &str| label(lang, k);
    let total = s.size();
    let h = &s.headline;
    let mut o = String::new();
    let title = format!("{} — {}", s.title(lang), s.today);
    o.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        if lang == Lang::Zh { "zh-CN" } else { "en" },
        esc(&title)
    ));
    o.push_str(&format!(
        "<h1>{} — <span class=\"date\">{}</span></h1>\n",
        esc(&s.title(lang)),
        s.today
    ));
    o.push_str(&format!(
        "<p class=\"meta\">{}: {} · {}: {}</p>\n",
        l("report.scope"),
        esc(&scope_text(lang, &s.scope)),
        l("report.window"),
        esc(&window_text(lang, &s.window))
    ));
    o.push_str(&format!(
        "<h2>{}</h2>\n<div class=\"cards\">\n",
        l("report.headline")
    ));
    let signed = fill(
        lang,
        "report.signed_in_window",
        &[("from", &date(h.signed_from)), ("to", &date(h.signed_to))],
    );
    for (k, v, warn) in [
        (
            l("report.active_partnerships"),
            h.active_partnerships,
            false,
        ),
        (signed, h.signed, false),
        (l("report.expiring"), h.expiring, h.expiring > 0),
        (l("report.overdue"), h.overdue, h.overdue > 0),
        (l("report.due_soon"), h.due_soon, false),
    ] {
        let class = if warn { "card warn" } else { "card" };
        o.push_str(&format!(
            "<div class=\"{class}\"><b>{v}</b>{}</div>\n",
            esc(&k)
        ));
    }
    o.push_str("</div>\n");
    if !s.countries.is_empty() {
        o.push_str(&format!("<h3>{}</h3>\n", l("report.by_country")));
        // Country names in the report's language.
        let countries: Vec<_> = s
            .countries
            .iter()
            .map(|c| super::summary::CountryRow {
                name: crate::model::country_name_in(lang, &c.code),
                ..c.clone()
            })
            .collect();
        o.push_str(&country_chart(
            &countries,
            &l("report.chart_title"),
            (&l("report.partnerships"), &l("report.open_items")),
        ));
        o.push_str(&format!(
            "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
            l("report.country"),
            l("report.partnerships"),
            l("report.open_items")
        ));
        for c in &s.countries {
            o.push_str(&format!(
                "<tr><td>{} {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                esc(&c.code),
                esc(&crate::model::country_name_in(lang, &c.code)),
                c.partnerships,
                c.open_items
            ));
        }
        o.push_str("</tbody>\n</table>\n");
    }
    out.write_all(o.as_bytes()).map_err(io)?;
    let mut done = s.countries.len();
    progress(done, total);
    if s.sections.is_empty() {
        writeln!(out, "<p>{}</p>", esc(&l("report.no_partnerships"))).map_err(io)?;
    }
    for sec in &s.sections {
        out.write_all(section(sec, lang, s.today).as_bytes())
            .map_err(io)?;
        done += sec.size();
        progress(done, total);
    }
    if !s.outside.is_empty() {
        let mut o = format!(
            "<section id=\"outside\">\n<h2>{}</h2>\n",
            esc(&l("report.outside"))
        );
        items(&mut o, lang, "report.actions", &s.outside.actions);
        items(&mut o, lang, "report.followups", &s.outside.followups);
        o.push_str("</section>\n");
        out.write_all(o.as_bytes()).map_err(io)?;
        done += s.outside.size();
        progress(done, total);
    }
    out.write_all(b"</body>\n</html>\n").map_err(io)?;
    Ok(s.sections.len())
}

fn section(sec: &Section, lang: Lang, today: chrono::NaiveDate) -> String {
    let l = |k: &str| label(lang, k);
    let c = |f: &str| column(lang, f);
    let mut o = String::new();
    o.push_str(&format!(
        "<section id=\"{id}\">\n<h2><span class=\"id\">{id}</span> {}</h2>\n",
        esc(&sec.title),
        id = sec.id
    ));
    let mut facts = vec![format!(
        "{}: {}",
        l("report.status"),
        esc(&word(lang, sec.status))
    )];
    if !sec.owner.trim().is_empty() {
        facts.push(format!("{}: {}", l("report.owner"), esc(&sec.owner)));
    }
    if let Some(d) = sec.start {
        facts.push(format!(
            "{}: <span class=\"date\">{d}</span>",
            l("report.since")
        ));
    }
    let contact = match sec.last_contact {
        Some(d) => format!(
            "<span class=\"date\">{d}</span> ({})",
            esc(&fill(
                lang,
                "report.days_ago",
                &[("n", &(today - d).num_days().to_string())]
            ))
        ),
        None => esc(&l("report.no_contact")).into_owned(),
    };
    facts.push(format!("{}: {contact}", l("report.last_contact")));
    if !sec.areas.is_empty() {
        facts.push(format!(
            "{}: {}",
            l("report.areas"),
            esc(&sec.areas.join(", "))
        ));
    }
    o.push_str(&format!("<p class=\"meta\">{}</p>\n", facts.join(" · ")));
    o.push_str(&format!("<h3>{}</h3>\n", l("report.partners")));
    if sec.partners.is_empty() {
        o.push_str(&format!("<p>{}</p>\n", l("report.none")));
    } else {
        o.push_str("<ul>\n");
        for p in &sec.partners {
            let place = [p.city.trim(), p.country.trim()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            o.push_str(&format!(
                "<li><span class=\"id\">{}</span> {} ({})</li>\n",
                p.id,
                esc(&p.names),
                esc(&place)
            ));
        }
        o.push_str("</ul>\n");
    }
    o.push_str(&format!("<h3>{}</h3>\n", l("report.agreements")));
    if sec.agreements.is_empty() {
        o.push_str(&format!("<p>{}</p>\n", l("report.none")));
    } else {
        o.push_str(&format!(
            "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
            c("id"), c("type"), c("title"), c("status"), c("signed"), c("expires"), c("days_to_expiry")
        ));
        for a in &sec.agreements {
            let warn = matches!(a.status, "expiring" | "lapsed");
            let mut status = esc(&word(lang, a.status)).into_owned();
            if let (Some(n), true) = (a.notice_date, warn) {
                status.push_str(&format!(
                    " ({} <span class=\"date\">{n}</span>)",
                    esc(&c("notice_date"))
                ));
            }
            o.push_str(&format!(
                "<tr><td class=\"id\">{}</td><td class=\"nw\">{}</td><td>{}</td><td{}>{status}</td><td class=\"date\">{}</td><td class=\"date\">{}</td><td class=\"n\">{}</td></tr>\n",
                a.id,
                esc(&super::labels::kind_short(lang, a.kind)),
                esc(&a.title),
                if warn { " class=\"overdue\"" } else { "" },
                date(a.signed),
                date(a.expires),
                a.days_to_expiry.map(|d| d.to_string()).unwrap_or_default()
            ));
        }
        o.push_str("</tbody>\n</table>\n");
    }
    items(&mut o, lang, "report.actions", &sec.actions);
    items(&mut o, lang, "report.followups", &sec.followups);
    o.push_str("</section>\n");
    o
}

fn items(o: &mut String, lang: Lang, heading: &str, list: &[ItemLine]) {
    let c = |f: &str| column(lang, f);
    o.push_str(&format!("<h3>{}</h3>\n", label(lang, heading)));
    if list.is_empty() {
        o.push_str(&format!("<p>{}</p>\n", label(lang, "report.none")));
        return;
    }
    o.push_str(&format!(
        "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        c("id"), c("due"), c("title"), c("owner"), c("status")
    ));
    for i in list {
        let due = match (i.due, i.days) {
            (Some(d), Some(n)) if i.open => format!(
                "<span class=\"date\">{d}</span> ({})",
                esc(&days_from_today(lang, n))
            ),
            (Some(d), _) => format!("<span class=\"date\">{d}</span>"),
            _ => String::new(),
        };
        let status = match (i.status, i.completed) {
            ("done", Some(d)) => fill(lang, "report.completed", &[("date", &d.to_string())]),
            _ => word(lang, i.status),
        };
        let mut title = esc(&i.title).into_owned();
        if let Some(on) = &i.on {
            let on = fill(lang, "report.on", &[("record", on)]);
            title.push_str(&format!(" <span class=\"on\">({})</span>", esc(&on)));
        }
        o.push_str(&format!(
            "<tr{}><td class=\"id\">{}</td><td>{due}</td><td>{title}</td><td class=\"nw\">{}</td><td class=\"nw\">{}</td></tr>\n",
            if i.overdue { " class=\"overdue\"" } else { "" },
            i.id,
            esc(&i.owner),
            esc(&status)
        ));
    }
    o.push_str("</tbody>\n</table>\n");
}

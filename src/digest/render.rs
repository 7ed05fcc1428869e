//! A digest as plain text, Markdown or HTML, and a mail subject, in the
//! reader's language (catalog: `locales/digest.yml`). Every value is
//! escaped for its format as the reports escape it; the HTML loads nothing
//! from outside (a content security policy that forbids it, no links to
//! fetch, the style inline).

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::{Digest, Group, Line, Section};
use crate::exchange::{html_escape, md_escape};
use crate::i18n::Lang;

/// How a digest is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_lowercase().as_str() {
            "text" | "txt" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" => Some(Format::Html),
            _ => None,
        }
    }
}

/// The catalog text of `key` in `lang`, `%{name}` filled in.
pub(super) fn tr(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut s = rust_i18n::t!(key, locale = lang.code()).into_owned();
    for (name, value) in args {
        s = s.replace(&format!("%{{{name}}}"), value);
    }
    s
}

fn n(v: impl ToString) -> String {
    v.to_string()
}

/// The heading: whose digest, of which day.
fn title(d: &Digest, lang: Lang) -> String {
    let date = d.today.format("%Y-%m-%d").to_string();
    match &d.person {
        Some(p) => tr(lang, "digest.title_person", &[("name", p), ("date", &date)]),
        None => tr(lang, "digest.title_office", &[("date", &date)]),
    }
}

fn window(d: &Digest, lang: Lang) -> String {
    tr(
        lang,
        "digest.window",
        &[
            ("until", &d.until.format("%Y-%m-%d").to_string()),
            ("n", &n(d.within_days())),
        ],
    )
}

/// "2 overdue · 3 due · …", the parts that are not zero; "nothing" when
/// all are.
fn counts(counts: impl Fn(Section) -> usize, lang: Lang, sep: &str) -> String {
    let parts: Vec<String> = Section::ALL
        .iter()
        .filter(|s| counts(**s) > 0)
        .map(|s| {
            tr(
                lang,
                &format!(
                    "digest.count_{}{}",
                    s.name(),
                    if counts(*s) == 1 { "_one" } else { "" }
                ),
                &[("n", &n(counts(*s)))],
            )
        })
        .collect();
    if parts.is_empty() {
        tr(lang, "digest.nothing", &[])
    } else {
        parts.join(sep)
    }
}

fn heading(s: Section, d: &Digest, lang: Lang) -> String {
    tr(
        lang,
        &format!("digest.section_{}", s.name()),
        &[
            ("n", &n(d.within_days())),
            ("horizon", &n(super::EXPIRY_HORIZON_DAYS)),
            ("silent", &n(super::NO_CONTACT_DAYS)),
        ],
    )
}

/// How near the line's date is, in words.
fn when(l: &Line, lang: Lang) -> String {
    let Some(days) = l.days else {
        return tr(lang, "digest.when_never_contacted", &[]);
    };
    let ago = n(-days);
    let ahead = n(days);
    let key = match (l.section, days) {
        (Section::Overdue, _) => ("digest.when_overdue", &ago),
        (Section::NoContact, _) => ("digest.when_last_contact", &ago),
        (Section::Notice, d) if d < 0 => ("digest.when_notice_began", &ago),
        (Section::Expiring, d) if d < 0 => ("digest.when_expired", &ago),
        (Section::Expiring, 0) => ("digest.when_expires_today", &ahead),
        (Section::Expiring, _) => ("digest.when_expires_in", &ahead),
        (_, 0) => ("digest.when_today", &ahead),
        (_, 1) => ("digest.when_tomorrow", &ahead),
        (_, _) => ("digest.when_in", &ahead),
    };
    tr(lang, key.0, &[("n", key.1)])
}

fn date(l: &Line) -> String {
    l.date
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The record to open: the first line's (`accord show T13`).
fn open_hint(d: &Digest, lang: Lang) -> Option<String> {
    let first = d.lines().next()?;
    Some(tr(
        lang,
        "digest.open_hint",
        &[("command", &format!("accord show {}", first.id))],
    ))
}

/// The digest in `format` and `lang`.
pub fn render(d: &Digest, format: Format, lang: Lang) -> String {
    match format {
        Format::Text => text(d, lang),
        Format::Markdown => markdown(d, lang),
        Format::Html => html(d, lang),
    }
}

/// The subject of the digest's mail.
pub fn subject(d: &Digest, lang: Lang) -> String {
    let c = counts(|s| d.count(s), lang, &tr(lang, "digest.count_sep", &[]));
    match &d.person {
        Some(p) => tr(
            lang,
            "digest.subject_person",
            &[("name", p), ("counts", &c)],
        ),
        None => tr(lang, "digest.subject_office", &[("counts", &c)]),
    }
}

fn owner_name(g: &Group, lang: Lang) -> String {
    if g.owner.is_empty() {
        tr(lang, "digest.no_owner", &[])
    } else {
        g.owner.clone()
    }
}

fn text(d: &Digest, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", title(d, lang));
    let _ = writeln!(out, "{}", window(d, lang));
    let _ = writeln!(out, "{}", counts(|s| d.count(s), lang, " · "));
    if d.person.is_none() && !d.is_empty() {
        let _ = writeln!(out, "\n{}", tr(lang, "digest.by_owner", &[]));
        for g in &d.groups {
            let _ = writeln!(
                out,
                "  {}: {}",
                owner_name(g, lang),
                counts(|s| g.count(s), lang, " · ")
            );
        }
    }
    for g in &d.groups {
        if d.person.is_none() {
            let name = owner_name(g, lang);
            let _ = writeln!(
                out,
                "\n{name}\n{}",
                "=".repeat(UnicodeWidthStr::width(name.as_str()).max(3))
            );
        }
        for s in Section::ALL {
            let lines: Vec<&Line> = g.lines.iter().filter(|l| l.section == s).collect();
            if lines.is_empty() {
                continue;
            }
            let h = heading(s, d, lang);
            let _ = writeln!(
                out,
                "\n{h}\n{}",
                "-".repeat(UnicodeWidthStr::width(h.as_str()).max(3))
            );
            // Ids and "when" padded to the widest of the section, so
            // that dates and titles line up (F5 under F10).
            let whens: Vec<String> = lines.iter().map(|l| when(l, lang)).collect();
            let width = |s: &str| UnicodeWidthStr::width(s);
            let key_w = lines.iter().map(|l| width(&l.key)).max().unwrap_or(0);
            let when_w = whens.iter().map(|w| width(w)).max().unwrap_or(0);
            let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(width(s))));
            for (l, w) in lines.into_iter().zip(&whens) {
                let _ = write!(
                    out,
                    "  {}  {}  {}  {}",
                    pad(&l.key, key_w),
                    date(l),
                    pad(w, when_w),
                    l.title
                );
                if !l.partners.is_empty() {
                    let _ = write!(out, " — {}", l.partners);
                }
                out.push('\n');
            }
        }
    }
    if let Some(h) = open_hint(d, lang) {
        let _ = writeln!(out, "\n{h}");
    }
    out
}

fn markdown(d: &Digest, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md_escape(&title(d, lang)));
    let _ = writeln!(out, "{}\n", md_escape(&window(d, lang)));
    let _ = writeln!(
        out,
        "**{}**",
        md_escape(&counts(|s| d.count(s), lang, " · "))
    );
    if d.person.is_none() && !d.is_empty() {
        let _ = writeln!(
            out,
            "\n## {}\n",
            md_escape(&tr(lang, "digest.by_owner", &[]))
        );
        for g in &d.groups {
            let _ = writeln!(
                out,
                "- {}: {}",
                md_escape(&owner_name(g, lang)),
                md_escape(&counts(|s| g.count(s), lang, " · "))
            );
        }
    }
    let level = if d.person.is_none() { "###" } else { "##" };
    for g in &d.groups {
        if d.person.is_none() {
            let _ = writeln!(out, "\n## {}", md_escape(&owner_name(g, lang)));
        }
        for s in Section::ALL {
            let lines: Vec<&Line> = g.lines.iter().filter(|l| l.section == s).collect();
            if lines.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n{level} {}\n", md_escape(&heading(s, d, lang)));
            for l in lines {
                let _ = write!(
                    out,
                    "- `{}` {} ({}) {}",
                    l.key,
                    date(l),
                    md_escape(&when(l, lang)),
                    md_escape(&l.title)
                );
                if !l.partners.is_empty() {
                    let _ = write!(out, " — {}", md_escape(&l.partners));
                }
                out.push('\n');
            }
        }
    }
    if let Some(h) = open_hint(d, lang) {
        let _ = writeln!(out, "\n{}", md_escape(&h));
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI','Noto Sans','Noto Sans CJK SC','Microsoft YaHei',sans-serif;color:#1a1a1a;max-width:48em;margin:1em auto;padding:0 1em;line-height:1.45}\
h1{font-size:1.4em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}h3{font-size:1.05em;margin-top:1.2em}\
.window{color:#555;margin-top:0}.counts{font-weight:600}\
table{border-collapse:collapse;width:100%}td,th{text-align:left;vertical-align:top;padding:.2em .6em .2em 0;border-bottom:1px solid #eee}\
.key{font-family:ui-monospace,Menlo,Consolas,monospace;white-space:nowrap}.date{white-space:nowrap}.when{color:#555;white-space:nowrap}\
.overdue .when{color:#b00020;font-weight:600}.partners{color:#555}.open{margin-top:1.5em;color:#555}";

fn html(d: &Digest, lang: Lang) -> String {
    let e = |s: &str| html_escape(s).into_owned();
    let mut out = String::new();
    let t = title(d, lang);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        lang.code(),
        e(&t)
    );
    let _ = writeln!(out, "<h1>{}</h1>", e(&t));
    let _ = writeln!(out, "<p class=\"window\">{}</p>", e(&window(d, lang)));
    let _ = writeln!(
        out,
        "<p class=\"counts\">{}</p>",
        e(&counts(|s| d.count(s), lang, " · "))
    );
    if d.person.is_none() && !d.is_empty() {
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n<table class=\"owners\">",
            e(&tr(lang, "digest.by_owner", &[]))
        );
        let _ = write!(out, "<tr><th>{}</th>", e(&tr(lang, "digest.owner", &[])));
        for s in Section::ALL {
            let _ = write!(
                out,
                "<th>{}</th>",
                e(&tr(lang, &format!("digest.col_{}", s.name()), &[]))
            );
        }
        out.push_str("</tr>\n");
        for g in &d.groups {
            let _ = write!(out, "<tr><td>{}</td>", e(&owner_name(g, lang)));
            for s in Section::ALL {
                let _ = write!(out, "<td>{}</td>", g.count(s));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</table>\n");
    }
    let level = if d.person.is_none() { "h3" } else { "h2" };
    for g in &d.groups {
        if d.person.is_none() {
            let _ = writeln!(out, "<h2>{}</h2>", e(&owner_name(g, lang)));
        }
        for s in Section::ALL {
            let lines: Vec<&Line> = g.lines.iter().filter(|l| l.section == s).collect();
            if lines.is_empty() {
                continue;
            }
            let _ = writeln!(out, "<{level}>{}</{level}>", e(&heading(s, d, lang)));
            let _ = writeln!(out, "<table class=\"{}\">", s.name());
            for l in lines {
                let _ = write!(
                    out,
                    "<tr><td class=\"key\">{}</td><td class=\"date\">{}</td><td class=\"when\">{}</td><td>{}",
                    e(&l.key),
                    e(&date(l)),
                    e(&when(l, lang)),
                    e(&l.title)
                );
                if !l.partners.is_empty() {
                    let _ = write!(
                        out,
                        "<br><span class=\"partners\">{}</span>",
                        e(&l.partners)
                    );
                }
                out.push_str("</td></tr>\n");
            }
            out.push_str("</table>\n");
        }
    }
    if let Some(h) = open_hint(d, lang) {
        let _ = writeln!(out, "<p class=\"open\">{}</p>", e(&h));
    }
    out.push_str("</body>\n</html>\n");
    out
}

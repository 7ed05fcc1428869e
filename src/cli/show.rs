//! `accord show ID`: one record with everything linked to it.

use clap::Args;
use rust_i18n::t;
use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

use super::list::record_json;
use super::{CmdResult, Context, Failure, parse_id, print_json};
use crate::i18n::vocab;
use crate::model::{Kind, Record, Standing, country_name_in};
use crate::store::Store;
use crate::text::clean;

#[derive(Args, Debug)]
pub struct ShowArgs {
    #[arg(value_name = "ID")]
    id: String,
    /// Print JSON: the record's fields, its title and its links
    #[arg(long)]
    json: bool,
}

fn label(store: &dyn Store, id: crate::model::Id) -> Result<String, Failure> {
    Ok(match store.get(id)? {
        Some(r) => format!("{id} {}", clean(&r.title())),
        None => t!("cli.show.missing", id = id).into_owned(),
    })
}

pub fn run(ctx: &Context, args: ShowArgs) -> CmdResult {
    let store = ctx.store.as_ref();
    let id = parse_id(&args.id)?;
    let record = store
        .get(id)?
        .ok_or_else(|| Failure::from(crate::store::StoreError::NotFound(id)))?;
    let mut linked: Vec<Record> = Vec::new();
    for r in store.referrers(id)? {
        linked.extend(store.get(r)?);
    }
    if args.json {
        let mut v = record_json(&record);
        if let Value::Object(m) = &mut v {
            let links: Vec<Value> = linked
                .iter()
                .map(|r| json!({"id": r.id(), "kind": r.kind().name(), "title": r.title()}))
                .collect();
            m.insert("linked".into(), Value::Array(links));
        }
        return print_json(&v);
    }
    let today = ctx.today();
    // The page is made whole, then written at once (see `out`).
    let page = std::cell::RefCell::new(String::new());
    macro_rules! put {
        ($($arg:tt)*) => {{
            use std::fmt::Write as _;
            let _ = writeln!(page.borrow_mut(), $($arg)*);
        }};
    }
    put!("{id}  {}", clean(&record.title()));
    let field = |name: &str, value: String| {
        if !value.trim().is_empty() {
            let pad = " ".repeat(13usize.saturating_sub(name.width()));
            put!("  {name}{pad} {}", clean(&value));
        }
    };
    let l = |key: &str| crate::i18n::text(&format!("cli.show.{key}"));
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    match &record {
        Record::Institution(i) => {
            for n in &i.names {
                field(&t!("cli.show.name", lang = n.lang), n.text.clone());
            }
            field(&l("short_name"), i.short_name.clone());
            field(
                &l("country"),
                format!(
                    "{} {}",
                    i.country,
                    country_name_in(crate::i18n::language(), &i.country)
                ),
            );
            field(&l("city"), i.city.clone());
            field(&l("type"), vocab(i.kind.name()));
            field(&l("tags"), i.tags.join(", "));
            field(&l("website"), i.website.clone());
            if i.home {
                field(&l("home"), l("home_text"));
            }
        }
        Record::Contact(c) => {
            for n in &c.names {
                field(&t!("cli.show.name", lang = n.lang), n.text.clone());
            }
            field(&l("institution"), label(store, c.institution)?);
            field(&l("title"), c.title.clone());
            field(&l("email"), c.email.clone());
            field(&l("phone"), c.phone.clone());
            field(&l("notes"), c.notes.clone());
        }
        Record::Partnership(p) => {
            field(&l("status"), vocab(p.status.name()));
            for partner in &p.partners {
                field(&l("partner"), label(store, *partner)?);
            }
            field(&l("areas"), p.areas.join(", "));
            field(&l("owner"), p.owner.clone());
            field(&l("start"), date(p.start));
            field(&l("description"), p.description.clone());
        }
        Record::Agreement(a) => {
            field(&l("type"), crate::i18n::agreement_kind_short(a.kind));
            let status = vocab(a.status.name());
            let standing = match a.standing(today) {
                Standing::Expiring => t!(
                    "cli.show.expiring",
                    status = status,
                    date = date(a.notice_date())
                )
                .into_owned(),
                Standing::Lapsed => t!("cli.show.lapsed", status = status).into_owned(),
                Standing::AsRecorded => status,
            };
            field(&l("status"), standing);
            field(&l("partnership"), label(store, a.partnership)?);
            for p in &a.parties {
                field(&l("party"), label(store, *p)?);
            }
            field(&l("signed"), date(a.signed));
            field(&l("effective"), date(a.effective));
            if let Some(days) = a.days_to_expiry(today) {
                field(
                    &l("expires"),
                    t!("cli.show.expires_in", date = date(a.expires), n = days).into_owned(),
                );
            }
            field(
                &l("notice"),
                t!("cli.show.days", n = a.notice_days).into_owned(),
            );
            for s in &a.scope {
                field(&l("scope"), s.clone());
            }
            field(&l("signatories"), a.signatories.join("; "));
            field(&l("document"), a.document.clone());
            field(&l("owner"), a.owner.clone());
        }
        Record::Action(a) => {
            field(&l("status"), vocab(a.status.name()));
            field(&l("priority"), vocab(a.priority.name()));
            field(&l("due"), date(a.due));
            field(&l("owner"), a.owner.clone());
            field(&l("for"), label(store, a.parent)?);
            field(&l("completed"), date(a.completed));
        }
        Record::FollowUp(f) => {
            field(&l("status"), vocab(f.status.name()));
            field(&l("due"), date(Some(f.due)));
            field(&l("owner"), f.owner.clone());
            field(&l("on"), label(store, f.parent)?);
            field(&l("completed"), date(f.completed));
        }
        Record::Note(n) => {
            field(&l("type"), vocab(n.kind.name()));
            field(&l("date"), date(Some(n.date)));
            field(&l("on"), label(store, n.parent)?);
            field(&l("author"), n.author.clone());
            for line in n.text.lines() {
                put!("    {}", clean(line));
            }
        }
    }
    for kind in Kind::ALL {
        let of_kind: Vec<&Record> = linked.iter().filter(|r| r.kind() == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        put!(
            "\n  {} ({})",
            crate::i18n::text(&format!("cli.show.linked.{}", kind.name())),
            of_kind.len()
        );
        for r in of_kind {
            let when = r.date().map(|d| d.to_string()).unwrap_or_default();
            let status = vocab(r.status_name());
            let pad = " ".repeat(12usize.saturating_sub(status.width()));
            put!(
                "    {:<6} {:<10} {status}{pad} {}",
                r.id().to_string(),
                when,
                clean(&r.title())
            );
        }
    }
    let history = store.history(Some(id), 5)?;
    if !history.is_empty() {
        put!("\n  {}", l("recent_changes"));
        for e in history {
            put!(
                "    #{:<5} {}  {}",
                e.seq,
                e.at.format("%Y-%m-%d %H:%M"),
                clean(&e.summary)
            );
        }
    }
    super::out::text(&page.into_inner())
}

//! `accord show ID`: one record with everything linked to it.

use clap::Args;
use serde_json::{Value, json};

use super::list::record_json;
use super::{CmdResult, Context, Failure, parse_id, print_json};
use crate::model::{Kind, Record, Standing, country_name};
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
        None => format!("{id} (missing)"),
    })
}

pub fn run(ctx: &Context, args: ShowArgs) -> CmdResult {
    let store = ctx.store.as_ref();
    let id = parse_id(&args.id)?;
    let record = store
        .get(id)?
        .ok_or_else(|| Failure::from(format!("there is no record {id}")))?;
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
    println!("{id}  {}", clean(&record.title()));
    let field = |name: &str, value: String| {
        if !value.trim().is_empty() {
            println!("  {name:<13} {}", clean(&value));
        }
    };
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    match &record {
        Record::Institution(i) => {
            for n in &i.names {
                field(&format!("name ({})", n.lang), n.text.clone());
            }
            field("short name", i.short_name.clone());
            field(
                "country",
                format!("{} {}", i.country, country_name(&i.country)),
            );
            field("city", i.city.clone());
            field("type", i.kind.to_string());
            field("tags", i.tags.join(", "));
            field("website", i.website.clone());
            if i.home {
                field("home", "this is the office's own institution".into());
            }
        }
        Record::Contact(c) => {
            for n in &c.names {
                field(&format!("name ({})", n.lang), n.text.clone());
            }
            field("institution", label(store, c.institution)?);
            field("title", c.title.clone());
            field("email", c.email.clone());
            field("phone", c.phone.clone());
            field("notes", c.notes.clone());
        }
        Record::Partnership(p) => {
            field("status", p.status.to_string());
            for partner in &p.partners {
                field("partner", label(store, *partner)?);
            }
            field("areas", p.areas.join(", "));
            field("owner", p.owner.clone());
            field("start", date(p.start));
            field("description", p.description.clone());
        }
        Record::Agreement(a) => {
            field("type", a.kind.short().to_string());
            let standing = match a.standing(today) {
                Standing::Expiring => format!(
                    "{} (expiring: renewal notice due {})",
                    a.status,
                    date(a.notice_date())
                ),
                Standing::Lapsed => format!("{} (its expiry date has passed)", a.status),
                Standing::AsRecorded => a.status.to_string(),
            };
            field("status", standing);
            field("partnership", label(store, a.partnership)?);
            for p in &a.parties {
                field("party", label(store, *p)?);
            }
            field("signed", date(a.signed));
            field("effective", date(a.effective));
            if let Some(days) = a.days_to_expiry(today) {
                field("expires", format!("{} ({days} days)", date(a.expires)));
            }
            field("notice", format!("{} days", a.notice_days));
            for s in &a.scope {
                field("scope", s.clone());
            }
            field("signatories", a.signatories.join("; "));
            field("document", a.document.clone());
            field("owner", a.owner.clone());
        }
        Record::Action(a) => {
            field("status", a.status.to_string());
            field("priority", a.priority.to_string());
            field("due", date(a.due));
            field("owner", a.owner.clone());
            field("for", label(store, a.parent)?);
            field("completed", date(a.completed));
        }
        Record::FollowUp(f) => {
            field("status", f.status.to_string());
            field("due", date(Some(f.due)));
            field("owner", f.owner.clone());
            field("on", label(store, f.parent)?);
            field("completed", date(f.completed));
        }
        Record::Note(n) => {
            field("type", n.kind.to_string());
            field("date", date(Some(n.date)));
            field("on", label(store, n.parent)?);
            field("author", n.author.clone());
            for line in n.text.lines() {
                println!("    {}", clean(line));
            }
        }
    }
    for kind in Kind::ALL {
        let of_kind: Vec<&Record> = linked.iter().filter(|r| r.kind() == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        println!("\n  {} ({})", kind.plural(), of_kind.len());
        for r in of_kind {
            let when = r.date().map(|d| d.to_string()).unwrap_or_default();
            println!(
                "    {:<6} {:<10} {:<12} {}",
                r.id().to_string(),
                when,
                r.status_name(),
                clean(&r.title())
            );
        }
    }
    let history = store.history(Some(id), 5)?;
    if !history.is_empty() {
        println!("\n  recent changes");
        for e in history {
            println!(
                "    #{:<5} {}  {}",
                e.seq,
                e.at.format("%Y-%m-%d %H:%M"),
                clean(&e.summary)
            );
        }
    }
    Ok(())
}

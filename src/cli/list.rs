//! `accord list …`: records and the triage queue, as tables or JSON.

use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use rust_i18n::t;
use serde_json::Value;

use super::table::Table;
use super::{CmdResult, Context, Failure, print_json};
use crate::dates::add_duration;
use crate::due::{DueItem, queue_between};
use crate::i18n::vocab;
use crate::model::{Id, Kind, Record, country_name_in};
use crate::store::Store;

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    Institutions,
    Contacts,
    Partnerships,
    Agreements,
    Actions,
    Followups,
    Notes,
    /// Every open dated item, most urgent first
    Due,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// What to list
    #[arg(value_enum)]
    what: What,
    /// Only records with this status
    #[arg(long)]
    status: Option<String>,
    /// Only records of this owner (case does not matter)
    #[arg(long)]
    owner: Option<String>,
    /// Only my records: owned by `me` from the configuration file, else my display name or login (team) or user name
    #[arg(long, conflicts_with = "owner")]
    mine: bool,
    /// Only records of institutions in this country (ISO code such as KZ)
    #[arg(long)]
    country: Option<String>,
    /// Only items whose date has passed
    #[arg(long)]
    overdue: bool,
    /// Only items due within this span from today: 7d, 2w, 1m
    #[arg(long, value_name = "SPAN")]
    within: Option<String>,
    /// Print a JSON array instead of a table
    #[arg(long)]
    json: bool,
}

fn kind_of(what: What) -> Option<Kind> {
    Some(match what {
        What::Institutions => Kind::Institution,
        What::Contacts => Kind::Contact,
        What::Partnerships => Kind::Partnership,
        What::Agreements => Kind::Agreement,
        What::Actions => Kind::Action,
        What::Followups => Kind::FollowUp,
        What::Notes => Kind::Note,
        What::Due => return None,
    })
}

/// The statuses `--status` can name for a list: the recorded ones, and
/// for agreements also the standing their dates give them (`expiring`,
/// `lapsed`, as the table shows); for institutions and notes, their type.
fn statuses(what: What) -> Vec<&'static str> {
    use crate::model::{
        ActionStatus, AgreementStatus, FollowUpStatus, InstitutionKind, NoteKind, PartnershipStatus,
    };
    let mut names: Vec<&'static str> = match what {
        What::Institutions => InstitutionKind::NAMES.to_vec(),
        What::Contacts => Vec::new(),
        What::Partnerships => PartnershipStatus::NAMES.to_vec(),
        What::Agreements => [AgreementStatus::NAMES, &["expiring", "lapsed"]].concat(),
        What::Actions => ActionStatus::NAMES.to_vec(),
        What::Followups => FollowUpStatus::NAMES.to_vec(),
        What::Notes => NoteKind::NAMES.to_vec(),
        What::Due => [
            ActionStatus::NAMES,
            FollowUpStatus::NAMES,
            &["renewal_notice", "expiry"],
        ]
        .concat(),
    };
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(*n));
    names
}

/// The filters shared by every list.
struct Filter {
    status: Option<String>,
    owner: Option<String>,
    country: Option<String>,
    overdue: bool,
    until: Option<NaiveDate>,
    today: NaiveDate,
}

impl Filter {
    fn from(args: &ListArgs, today: NaiveDate) -> Result<Filter, Failure> {
        let status = args
            .status
            .as_ref()
            .map(|s| s.trim().to_lowercase().replace([' ', '-'], "_"));
        if let Some(s) = &status {
            let known = statuses(args.what);
            if !known.contains(&s.as_str()) {
                let kinds = crate::i18n::text(&format!(
                    "cli.list.kinds.{}",
                    kind_of(args.what).map_or("due", Kind::name)
                ));
                return Err(match known.is_empty() {
                    true => t!("cli.list.no_status", kinds = kinds),
                    false => t!(
                        "cli.list.bad_status",
                        status = s,
                        kinds = kinds,
                        known = known.join(", ")
                    ),
                }
                .into_owned()
                .into());
            }
        }
        let until = match &args.within {
            Some(w) => {
                Some(add_duration(w, today).map_err(|e| super::add::flag_problem("within", &e))?)
            }
            None => None,
        };
        let country = args.country.as_ref().map(|c| c.trim().to_uppercase());
        if let Some(c) = &country
            && !crate::model::is_country(c)
        {
            return Err(t!("cli.list.bad_country", code = c).into_owned().into());
        }
        Ok(Filter {
            status,
            owner: args.owner.as_ref().map(|o| o.trim().to_lowercase()),
            country,
            overdue: args.overdue,
            until,
            today,
        })
    }

    fn dates_ok(&self, date: Option<NaiveDate>) -> bool {
        if self.overdue && date.is_none_or(|d| d >= self.today) {
            return false;
        }
        if let Some(u) = self.until
            && date.is_none_or(|d| d > u)
        {
            return false;
        }
        true
    }

    fn owner_ok(&self, owner: Option<&str>) -> bool {
        match &self.owner {
            Some(o) => owner.is_some_and(|x| x.to_lowercase() == *o),
            None => true,
        }
    }
}

/// The countries of the institutions a record involves.
pub fn countries(store: &dyn Store, record: &Record) -> Result<Vec<String>, Failure> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut todo = vec![record.clone()];
    while let Some(r) = todo.pop() {
        if !seen.insert(r.id()) || seen.len() > 64 {
            continue;
        }
        match &r {
            Record::Institution(i) => out.push(i.country.clone()),
            Record::Partnership(p) => {
                for id in &p.partners {
                    todo.extend(store.get(*id)?);
                }
            }
            Record::Agreement(a) => {
                for id in &a.parties {
                    todo.extend(store.get(*id)?);
                }
            }
            other => {
                if let Some(p) = other.parent() {
                    todo.extend(store.get(p)?);
                }
            }
        }
    }
    Ok(out)
}

pub fn run(ctx: &Context, mut args: ListArgs) -> CmdResult {
    if args.mine {
        args.owner = Some(ctx.me());
    }
    let filter = Filter::from(&args, ctx.today())?;
    match kind_of(args.what) {
        Some(kind) => list_records(ctx, kind, &filter, args.json),
        None => list_due(ctx, &filter, args.json),
    }
}

fn list_records(ctx: &Context, kind: Kind, f: &Filter, json: bool) -> CmdResult {
    let store = ctx.store.as_ref();
    let mut rows = Vec::new();
    for r in store.list(kind)? {
        if let Some(s) = &f.status
            && !r.has_status(s, f.today)
        {
            continue;
        }
        if !f.owner_ok(r.owner()) || !f.dates_ok(r.date()) {
            continue;
        }
        if (f.overdue || f.until.is_some()) && !r.is_open() {
            continue;
        }
        if let Some(c) = &f.country
            && !countries(store, &r)?.contains(c)
        {
            continue;
        }
        rows.push(r);
    }
    if json {
        let out: Vec<Value> = rows.iter().map(record_json).collect();
        return print_json(&out);
    }
    if rows.is_empty() {
        outln!(
            "{}",
            t!(
                "cli.list.none",
                kinds = crate::i18n::text(&format!("cli.list.kinds.{}", kind.name()))
            )
        );
        return Ok(());
    }
    super::out::text(&record_table(store, kind, &rows, ctx.today())?.render())
}

/// A record as a JSON object with its `title` alongside its fields.
pub fn record_json(r: &Record) -> Value {
    let mut v = serde_json::to_value(r).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        m.insert("title".into(), Value::String(r.title()));
    }
    v
}

fn names(store: &dyn Store, ids: &[Id]) -> Result<String, Failure> {
    let mut out = Vec::new();
    for id in ids {
        out.push(match store.get(*id)? {
            Some(Record::Institution(i)) if !i.short_name.is_empty() => i.short_name.clone(),
            Some(r) => r.title(),
            None => id.to_string(),
        });
    }
    Ok(out.join(", "))
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn record_table(
    store: &dyn Store,
    kind: Kind,
    rows: &[Record],
    today: NaiveDate,
) -> Result<Table, Failure> {
    let mut t = match kind {
        Kind::Institution => {
            Table::headed(&["id", "name", "other_names", "country", "city", "kind"]).limit(3, 18)
        }
        Kind::Contact => Table::headed(&["id", "name", "title", "institution", "email"]),
        Kind::Partnership => {
            Table::headed(&["id", "title", "status", "partners", "owner", "start"])
        }
        Kind::Agreement => Table::headed(&[
            "id",
            "type",
            "title",
            "status",
            "signed",
            "expires",
            "days_left",
            "partnership",
        ]),
        Kind::Action => Table::headed(&[
            "id", "due", "status", "priority", "title", "owner", "parent",
        ]),
        Kind::FollowUp => Table::headed(&["id", "due", "status", "title", "owner", "on"]),
        Kind::Note => Table::headed(&["id", "date", "kind", "text", "on"]),
    };
    for r in rows {
        let id = r.id().to_string();
        t.row(match r {
            Record::Institution(i) => vec![
                id,
                r.title(),
                i.names
                    .iter()
                    .skip(1)
                    .map(|n| n.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" / "),
                format!(
                    "{} {}",
                    i.country,
                    country_name_in(crate::i18n::language(), &i.country)
                ),
                i.city.clone(),
                vocab(i.kind.name()),
            ],
            Record::Contact(c) => vec![
                id,
                r.title(),
                c.title.clone(),
                names(store, &[c.institution])?,
                c.email.clone(),
            ],
            Record::Partnership(p) => vec![
                id,
                p.title.clone(),
                vocab(p.status.name()),
                names(store, &p.partners)?,
                p.owner.clone(),
                date(p.start),
            ],
            Record::Agreement(a) => vec![
                id,
                crate::i18n::agreement_kind_short(a.kind),
                a.title.clone(),
                vocab(a.standing_name(today)),
                date(a.signed),
                date(a.expires),
                a.days_to_expiry(today)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                a.partnership.to_string(),
            ],
            Record::Action(a) => vec![
                id,
                date(a.due),
                vocab(a.status.name()),
                vocab(a.priority.name()),
                a.title.clone(),
                a.owner.clone(),
                a.parent.to_string(),
            ],
            Record::FollowUp(f) => vec![
                id,
                date(Some(f.due)),
                vocab(f.status.name()),
                f.title.clone(),
                f.owner.clone(),
                f.parent.to_string(),
            ],
            Record::Note(n) => vec![
                id,
                date(Some(n.date)),
                vocab(n.kind.name()),
                r.title(),
                n.parent.to_string(),
            ],
        });
    }
    Ok(t)
}

/// The JSON form of a triage item (its keys in alphabetical order, as
/// every JSON object accord prints).
#[derive(serde::Serialize)]
pub struct DueJson<'a> {
    bucket: crate::due::Bucket,
    date: Option<NaiveDate>,
    days: Option<i64>,
    id: String,
    key: String,
    kind: &'static str,
    owner: &'a str,
    partnership: Option<String>,
    priority: crate::model::Priority,
    status: &'static str,
    title: &'a str,
    what: crate::store::DueSlot,
}

/// The JSON form of a triage item.
pub fn due_json(item: &DueItem) -> DueJson<'_> {
    DueJson {
        bucket: item.bucket,
        date: item.date,
        days: item.days,
        id: item.id.to_string(),
        key: item.key(),
        kind: item.id.kind.name(),
        owner: &item.owner,
        partnership: item.partnership.map(|p| p.to_string()),
        priority: item.priority,
        status: item.status,
        title: &item.title,
        what: item.slot,
    }
}

/// Prints `items` as a JSON array, as [`print_json`] would, written as it
/// is made.
fn print_due_json(items: &[DueItem]) -> CmdResult {
    use std::io::Write;
    let rows: Vec<DueJson> = items.iter().map(due_json).collect();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, &rows)
        .map_err(std::io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush())
        .map_err(super::out::failure)
}

fn list_due(ctx: &Context, f: &Filter, json: bool) -> CmdResult {
    let store = ctx.store.as_ref();
    let mut items = Vec::new();
    // The date filters narrow the range scan itself.
    let today = ctx.today();
    let to = match (f.overdue, f.until) {
        (true, Some(u)) => Some(u.min(today.pred_opt().unwrap_or(today))),
        (true, None) => today.pred_opt(),
        (false, u) => u,
    };
    let include_undated = to.is_none();
    for item in queue_between(store, today, None, to, include_undated)? {
        if let Some(s) = &f.status
            && item.status != *s
        {
            continue;
        }
        if !f.owner_ok(Some(&item.owner)) || !f.dates_ok(item.date) {
            continue;
        }
        if let Some(c) = &f.country {
            let Some(r) = store.get(item.id)? else {
                continue;
            };
            if !countries(store, &r)?.contains(c) {
                continue;
            }
        }
        items.push(item);
    }
    if json {
        return print_due_json(&items);
    }
    if items.is_empty() {
        outln!("{}", t!("cli.list.nothing_due"));
        return Ok(());
    }
    let mut t = Table::headed(&["when", "due", "id", "what", "title", "owner", "partnership"]);
    // Many rows share their texts: each made once.
    let mut whats = std::collections::HashMap::new();
    let mut whens = std::collections::HashMap::new();
    for i in items {
        let what = whats
            .entry((i.slot, i.id.kind))
            .or_insert_with(|| match i.slot {
                crate::store::DueSlot::Item => crate::i18n::kind(i.id.kind),
                crate::store::DueSlot::RenewalNotice => {
                    t!("triage.what.renewal_notice").into_owned()
                }
                crate::store::DueSlot::Expiry => t!("triage.what.expiry").into_owned(),
            })
            .clone();
        let when = whens
            .entry(i.days)
            .or_insert_with(|| match i.days {
                Some(d) if d < 0 => t!("cli.list.overdue", n = -d).into_owned(),
                Some(0) => t!("cli.list.today").into_owned(),
                Some(1) => t!("cli.list.tomorrow").into_owned(),
                Some(d) => t!("cli.list.in_days", n = d).into_owned(),
                None => t!("cli.list.no_date").into_owned(),
            })
            .clone();
        t.row(vec![
            when,
            date(i.date),
            i.key(),
            what,
            i.title,
            i.owner,
            i.partnership.map(|p| p.to_string()).unwrap_or_default(),
        ]);
    }
    super::out::text(&t.render())
}

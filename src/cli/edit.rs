//! `accord edit ID --FIELD VALUE…`: change any field of a record.

use clap::Args;
use rust_i18n::t;
use serde_json::Value;

use super::add::parse_name;
use super::{CmdResult, Context, Failure, parse_id};
use crate::dates::parse_date;
use crate::model::*;
use crate::store::{ChangeSet, Edit, field_changes};

#[derive(Args, Debug)]
#[command(
    after_help = "Fields are the record's own: --title, --status, --owner, --due, --expires, --notice-days, --partners P1,P2, --tags a,b …\n\
--name TEXT replaces the primary name; --add-name zh:名称 adds a name in another language.\n\
Give an empty value (\"\") to clear an optional field. `accord show ID --json` lists a record's fields."
)]
pub struct EditArgs {
    #[arg(value_name = "ID")]
    id: String,
    /// --FIELD VALUE pairs
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "--FIELD VALUE"
    )]
    fields: Vec<String>,
}

const DATE_FIELDS: &[&str] = &[
    "due",
    "signed",
    "effective",
    "expires",
    "start",
    "date",
    "completed",
    "renewal_raised_for",
];
const LIST_FIELDS: &[&str] = &[
    "partners",
    "parties",
    "tags",
    "areas",
    "scope",
    "signatories",
];

/// `--a x --b=y` → [(a, x), (b, y)].
fn pairs(args: &[String]) -> Result<Vec<(String, String)>, Failure> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let Some(flag) = a.strip_prefix("--") else {
            return Err(t!("cli.edit.not_a_flag", arg = a).into_owned().into());
        };
        let (name, value) = match flag.split_once('=') {
            Some((n, v)) => (n.to_string(), v.to_string()),
            None => {
                let v = it
                    .next()
                    .ok_or_else(|| Failure::from(t!("cli.edit.needs_value", flag = flag)))?;
                (flag.to_string(), v.clone())
            }
        };
        out.push((name.replace('-', "_"), value));
    }
    if out.is_empty() {
        return Err(t!("cli.edit.say_what").into_owned().into());
    }
    Ok(out)
}

fn vocab_check(kind: Kind, field: &str, value: &str) -> Result<String, String> {
    let norm = value.trim().to_lowercase().replace([' ', '-'], "_");
    let ok: Option<(bool, String)> = match (kind, field) {
        (Kind::Institution, "type") => Some((
            InstitutionKind::parse(&norm).is_some(),
            InstitutionKind::choices(),
        )),
        (Kind::Partnership, "status") => Some((
            PartnershipStatus::parse(&norm).is_some(),
            PartnershipStatus::choices(),
        )),
        (Kind::Agreement, "status") => Some((
            AgreementStatus::parse(&norm).is_some(),
            AgreementStatus::choices(),
        )),
        (Kind::Agreement, "type") => Some((
            AgreementKind::parse(&norm).is_some(),
            AgreementKind::choices(),
        )),
        (Kind::Action, "status") => Some((
            ActionStatus::parse(&norm).is_some(),
            ActionStatus::choices(),
        )),
        (Kind::Action, "priority") => Some((Priority::parse(&norm).is_some(), Priority::choices())),
        (Kind::FollowUp, "status") => Some((
            FollowUpStatus::parse(&norm).is_some(),
            FollowUpStatus::choices(),
        )),
        (Kind::Note, "type") => Some((NoteKind::parse(&norm).is_some(), NoteKind::choices())),
        _ => None,
    };
    match ok {
        Some((true, _)) => Ok(norm),
        Some((false, choices)) => Err(super::add::not_one_of(field, value, &choices)),
        None => Ok(value.to_string()),
    }
}

/// Applies `--field value` pairs to a record.
pub fn apply_fields(
    record: &Record,
    fields: &[(String, String)],
    today: chrono::NaiveDate,
) -> Result<Record, Failure> {
    let id = record.id();
    let mut v = serde_json::to_value(record)?;
    let Value::Object(obj) = &mut v else {
        return Err(t!("cli.edit.unreadable").into_owned().into());
    };
    for (field, value) in fields {
        let field = field.as_str();
        if field == "id" {
            return Err(t!("cli.edit.id_fixed", id = id).into_owned().into());
        }
        // `kind` is the record kind in JSON; the institution, agreement or note kind is `type`.
        let field = if field == "kind" { "type" } else { field };
        if field == "name" || field == "add_name" {
            let Some(Value::Array(names)) = obj.get_mut("names") else {
                return Err(t!("cli.edit.no_names", id = id).into_owned().into());
            };
            let name = serde_json::to_value(parse_name(value))?;
            if field == "add_name" || names.is_empty() {
                names.push(name);
            } else if let Some(first) = names.first_mut() {
                *first = name;
            }
            continue;
        }
        let Some(slot) = obj.get_mut(field) else {
            let mut known: Vec<&String> = Default::default();
            let fresh = serde_json::to_value(record)?;
            if let Value::Object(m) = &fresh {
                known = m.keys().filter(|k| *k != "id" && *k != "kind").collect();
            }
            let known: Vec<String> = known
                .into_iter()
                .map(|k| format!("--{}", k.replace('_', "-")))
                .collect();
            return Err(t!(
                "cli.edit.no_such_field",
                id = id,
                kind = crate::i18n::kind(id.kind),
                field = field.replace('_', "-"),
                known = known.join(", ")
            )
            .into_owned()
            .into());
        };
        let value = vocab_check(id.kind, field, value)?;
        *slot = if DATE_FIELDS.contains(&field) {
            if value.trim().is_empty() || value.trim() == "none" {
                Value::Null
            } else {
                let d =
                    parse_date(&value, today).map_err(|e| super::add::flag_problem(field, &e))?;
                Value::String(d.to_string())
            }
        } else if LIST_FIELDS.contains(&field) {
            Value::Array(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| {
                        Value::String(if matches!(field, "partners" | "parties") {
                            s.to_uppercase()
                        } else {
                            s.to_string()
                        })
                    })
                    .collect(),
            )
        } else if slot.is_number() {
            let n: u32 = value
                .trim()
                .parse()
                .map_err(|_| t!("cli.edit.not_days", field = field, value = value).into_owned())?;
            Value::from(n)
        } else if slot.is_boolean() {
            match value.trim().to_lowercase().as_str() {
                "true" | "yes" | "1" => Value::Bool(true),
                "false" | "no" | "0" => Value::Bool(false),
                _ => {
                    return Err(t!("cli.edit.not_yes_no", field = field, value = value)
                        .into_owned()
                        .into());
                }
            }
        } else if matches!(field, "institution" | "parent" | "partnership") {
            let id: Id = value.parse()?;
            Value::String(id.to_string())
        } else {
            Value::String(value)
        };
    }
    serde_json::from_value(v)
        .map_err(|e| Failure::from(t!("cli.edit.cannot_take", id = id, problem = e)))
}

pub fn run(ctx: &Context, args: EditArgs) -> CmdResult {
    let id = parse_id(&args.id)?;
    let record = ctx
        .store
        .get(id)?
        .ok_or_else(|| Failure::from(crate::store::StoreError::NotFound(id)))?;
    let fields = pairs(&args.fields)?;
    let updated = apply_fields(&record, &fields, ctx.today())?;
    let names: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
    let change = crate::store::Change {
        id,
        before: Some(record),
        after: Some(updated.clone()),
    };
    let diffs = field_changes(&change);
    if diffs.is_empty() {
        outln!("{}", t!("cli.edit.unchanged", id = id));
        return Ok(());
    }
    ctx.store.apply(ChangeSet::one(
        t!("cli.summary.edit", id = id, fields = names.join(", ")).into_owned(),
        Edit::Update(updated),
    ))?;
    for d in diffs {
        outln!(
            "{}",
            t!(
                "cli.edit.changed",
                id = id,
                field = crate::i18n::field(&d.field),
                old = crate::text::clean(&d.old),
                new = crate::text::clean(&d.new)
            )
        );
    }
    Ok(())
}

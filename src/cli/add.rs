//! `accord add …`: create records from flags.

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use rust_i18n::t;

use super::{CmdResult, Context, Failure, parse_id};
use crate::dates::parse_date;
use crate::model::*;
use crate::store::{ChangeSet, Edit};

#[derive(Subcommand, Debug)]
pub enum AddCommand {
    /// An institution: accord add institution --name "zh:北京大学首钢医院" --name "en:Peking University Shougang Hospital" --country CN --kind hospital
    Institution(InstitutionArgs),
    /// A person at an institution
    Contact(ContactArgs),
    /// A cooperation with one or more partner institutions
    Partnership(PartnershipArgs),
    /// An MOU, MOA, framework, exchange agreement or letter of intent under a partnership
    Agreement(AgreementArgs),
    /// Something an agreement or partnership commits to
    Action(ActionArgs),
    /// A dated next step on any record
    Followup(FollowUpArgs),
}

#[derive(Args, Debug)]
pub struct InstitutionArgs {
    /// A name, optionally with its language: "zh:北京大学首钢医院" (repeat; the first is primary)
    #[arg(long = "name", required = true)]
    names: Vec<String>,
    /// ISO 3166-1 country code: CN, KZ, MN, UZ, TJ…
    #[arg(long)]
    country: String,
    /// hospital, university, association, government, company or other
    #[arg(long, default_value = "hospital")]
    kind: String,
    #[arg(long, default_value = "")]
    city: String,
    #[arg(long = "short", default_value = "")]
    short_name: String,
    /// A tag (repeat or separate with commas)
    #[arg(long = "tag", value_delimiter = ',')]
    tags: Vec<String>,
    #[arg(long, default_value = "")]
    website: String,
    /// This is the office's own institution
    #[arg(long)]
    home: bool,
}

#[derive(Args, Debug)]
pub struct ContactArgs {
    /// The institution the person works at (an id such as I3)
    #[arg(long)]
    institution: String,
    /// A name, optionally with its language: "ru:Оксана" (repeat)
    #[arg(long = "name", required = true)]
    names: Vec<String>,
    /// Title or role
    #[arg(long, default_value = "")]
    title: String,
    #[arg(long, default_value = "")]
    email: String,
    #[arg(long, default_value = "")]
    phone: String,
    #[arg(long, default_value = "")]
    notes: String,
}

#[derive(Args, Debug)]
pub struct PartnershipArgs {
    #[arg(long)]
    title: String,
    /// A partner institution id (repeat or separate with commas)
    #[arg(long = "partner", value_delimiter = ',', required = true)]
    partners: Vec<String>,
    /// prospect, negotiating, active, dormant or closed
    #[arg(long, default_value = "prospect")]
    status: String,
    /// An area: research, education, clinical, exchange… (repeat or commas)
    #[arg(long = "area", value_delimiter = ',')]
    areas: Vec<String>,
    #[arg(long, default_value = "")]
    owner: String,
    /// Start date
    #[arg(long, allow_hyphen_values = true)]
    start: Option<String>,
    #[arg(long, default_value = "")]
    description: String,
}

#[derive(Args, Debug)]
pub struct AgreementArgs {
    /// The partnership it is signed under (an id such as P2)
    #[arg(long)]
    partnership: String,
    #[arg(long)]
    title: String,
    /// mou, moa, framework, exchange, letter_of_intent or consortium
    #[arg(long, default_value = "mou")]
    kind: String,
    /// A party institution id (repeat or commas) [default: the partnership's partners]
    #[arg(long = "party", value_delimiter = ',')]
    parties: Vec<String>,
    /// draft, in_review, signed, expired, renewed or terminated
    #[arg(long, default_value = "draft")]
    status: String,
    #[arg(long, allow_hyphen_values = true)]
    signed: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    effective: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    expires: Option<String>,
    /// Days before expiry by which renewal must be raised
    #[arg(long, default_value_t = 90)]
    notice_days: u32,
    /// An agreed scope item (repeat)
    #[arg(long = "scope")]
    scope: Vec<String>,
    /// A signatory (repeat)
    #[arg(long = "signatory")]
    signatories: Vec<String>,
    /// Where the signed document is (path or URL)
    #[arg(long, default_value = "")]
    document: String,
    #[arg(long, default_value = "")]
    owner: String,
}

#[derive(Args, Debug)]
pub struct ActionArgs {
    /// The agreement or partnership that commits to it
    #[arg(long)]
    parent: String,
    #[arg(long)]
    title: String,
    #[arg(long, default_value = "")]
    owner: String,
    #[arg(long, allow_hyphen_values = true)]
    due: Option<String>,
    /// high, normal or low
    #[arg(long, default_value = "normal")]
    priority: String,
    /// open, in_progress, blocked, done or cancelled
    #[arg(long, default_value = "open")]
    status: String,
}

#[derive(Args, Debug)]
pub struct FollowUpArgs {
    /// The record it follows up on
    #[arg(long)]
    parent: String,
    #[arg(long)]
    title: String,
    #[arg(long, allow_hyphen_values = true)]
    due: String,
    #[arg(long, default_value = "")]
    owner: String,
}

/// `zh:北京大学首钢医院` → a Chinese name; a bare name gets its language from its script.
pub fn parse_name(s: &str) -> Name {
    if let Some((lang, text)) = s.split_once(':') {
        let lang = lang.trim();
        if is_lang_tag(lang) {
            return Name::new(text.trim(), lang.to_ascii_lowercase());
        }
    }
    Name::new(s.trim(), guess_lang(s))
}

/// `zh`, `ru`, `kk`, `zh-Hans`, `uz-Latn`: a short BCP 47 tag.
fn is_lang_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (2..=4).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn guess_lang(s: &str) -> &'static str {
    if s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        "zh"
    } else if s.chars().any(|c| ('\u{0400}'..='\u{04ff}').contains(&c)) {
        "ru"
    } else {
        "en"
    }
}

pub fn vocab<T>(
    field: &str,
    value: &str,
    parse: fn(&str) -> Option<T>,
    choices: fn() -> String,
) -> Result<T, Failure> {
    parse(value).ok_or_else(|| Failure::from(not_one_of(field, value, &choices())))
}

/// "--status 'x' is not one of: draft, in_review…" (in Chinese with the
/// words beside the values to type).
pub fn not_one_of(field: &str, value: &str, choices: &str) -> String {
    let shown: Vec<String> = choices
        .split(", ")
        .map(|c| {
            let word = crate::i18n::vocab(c);
            if word == c {
                c.to_string()
            } else {
                t!("cli.choice", value = c, word = word).into_owned()
            }
        })
        .collect();
    t!(
        "cli.not_one_of",
        field = field,
        value = value,
        choices = shown.join(&t!("cli.list_separator"))
    )
    .into_owned()
}

/// "--due: 'someday' is not a date…"
pub fn flag_problem(field: &str, problem: &dyn std::fmt::Display) -> String {
    t!("cli.flag_problem", field = field, problem = problem).into_owned()
}

pub fn date_arg(
    field: &str,
    value: Option<&str>,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, Failure> {
    value
        .map(|v| parse_date(v, today).map_err(|e| Failure::from(flag_problem(field, &e))))
        .transpose()
}

fn ids(field: &str, values: &[String]) -> Result<Vec<Id>, Failure> {
    values
        .iter()
        .filter(|v| !v.trim().is_empty())
        .map(|v| parse_id(v).map_err(|e| Failure::from(flag_problem(field, &e.message))))
        .collect()
}

fn placeholder(kind: Kind) -> Id {
    Id::new(kind, 0)
}

pub fn run(ctx: &Context, cmd: AddCommand) -> CmdResult {
    let today = ctx.today();
    let record = match cmd {
        AddCommand::Institution(a) => Record::Institution(Institution {
            id: placeholder(Kind::Institution),
            names: a.names.iter().map(|n| parse_name(n)).collect(),
            short_name: a.short_name,
            country: a.country.trim().to_uppercase(),
            city: a.city,
            kind: vocab(
                "kind",
                &a.kind,
                InstitutionKind::parse,
                InstitutionKind::choices,
            )?,
            tags: a.tags,
            website: a.website,
            home: a.home,
        }),
        AddCommand::Contact(a) => Record::Contact(Contact {
            id: placeholder(Kind::Contact),
            institution: parse_id(&a.institution)?,
            names: a.names.iter().map(|n| parse_name(n)).collect(),
            title: a.title,
            email: a.email,
            phone: a.phone,
            notes: a.notes,
        }),
        AddCommand::Partnership(a) => Record::Partnership(Partnership {
            id: placeholder(Kind::Partnership),
            title: a.title,
            partners: ids("partner", &a.partners)?,
            status: vocab(
                "status",
                &a.status,
                PartnershipStatus::parse,
                PartnershipStatus::choices,
            )?,
            areas: a.areas,
            owner: a.owner,
            start: date_arg("start", a.start.as_deref(), today)?,
            description: a.description,
        }),
        AddCommand::Agreement(a) => {
            let partnership = parse_id(&a.partnership)?;
            let mut parties = ids("party", &a.parties)?;
            if parties.is_empty()
                && let Some(Record::Partnership(p)) = ctx.store.get(partnership)?
            {
                parties = p.partners;
            }
            Record::Agreement(Agreement {
                id: placeholder(Kind::Agreement),
                partnership,
                kind: vocab(
                    "kind",
                    &a.kind,
                    AgreementKind::parse,
                    AgreementKind::choices,
                )?,
                title: a.title,
                parties,
                status: vocab(
                    "status",
                    &a.status,
                    AgreementStatus::parse,
                    AgreementStatus::choices,
                )?,
                signed: date_arg("signed", a.signed.as_deref(), today)?,
                effective: date_arg("effective", a.effective.as_deref(), today)?,
                expires: date_arg("expires", a.expires.as_deref(), today)?,
                notice_days: a.notice_days,
                scope: a.scope,
                signatories: a.signatories,
                document: a.document,
                owner: a.owner,
                renewal_raised_for: None,
            })
        }
        AddCommand::Action(a) => Record::Action(ActionItem {
            id: placeholder(Kind::Action),
            parent: parse_id(&a.parent)?,
            title: a.title,
            owner: a.owner,
            due: date_arg("due", a.due.as_deref(), today)?,
            status: vocab(
                "status",
                &a.status,
                ActionStatus::parse,
                ActionStatus::choices,
            )?,
            priority: vocab("priority", &a.priority, Priority::parse, Priority::choices)?,
            completed: None,
        }),
        AddCommand::Followup(a) => Record::FollowUp(FollowUp {
            id: placeholder(Kind::FollowUp),
            parent: parse_id(&a.parent)?,
            title: a.title,
            due: date_arg("due", Some(&a.due), today)?.unwrap_or(today),
            owner: a.owner,
            status: FollowUpStatus::Open,
            completed: None,
        }),
    };
    let kind = record.kind();
    let title = record.title();
    let applied = ctx.store.apply(ChangeSet::one(
        t!(
            "cli.summary.add",
            kind = crate::i18n::kind(kind),
            title = title
        )
        .into_owned(),
        Edit::Create(record),
    ))?;
    if let Some(id) = applied.ids.first() {
        outln!(
            "{}",
            t!("cli.created", id = id, title = crate::text::clean(&title))
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_their_language() {
        assert_eq!(parse_name("zh:北京大学首钢医院").lang, "zh");
        assert_eq!(parse_name("北京大学首钢医院").lang, "zh");
        assert_eq!(parse_name("Казахский университет").lang, "ru");
        assert_eq!(parse_name("kk:Қазақ университеті").lang, "kk");
        assert_eq!(
            parse_name("Hospital: main building").text,
            "Hospital: main building"
        );
    }
}

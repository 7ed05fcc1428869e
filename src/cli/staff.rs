//! `accord staff add|list|edit|remove`: the staff directory, whose digests
//! go where and in which language.

use clap::{Args, Subcommand};

use super::table::Table;
use super::{CmdResult, Context, print_json};
use crate::staff::{self, StaffMember};

#[derive(Subcommand, Debug)]
pub enum StaffCommand {
    /// Add a colleague: accord staff add "Li Na" --email li.na@hospital.example --lang zh
    Add(AddArgs),
    /// List the staff directory
    List(ListArgs),
    /// Change a colleague's name, address or language: accord staff edit "Li Na" --lang en
    Edit(EditArgs),
    /// Remove a colleague from the directory (their records keep them as owner)
    Remove(RemoveArgs),
}

#[derive(Args, Debug)]
pub struct AddArgs {
    /// The name, as owners are written on records
    pub name: String,
    /// Where their digest goes
    #[arg(long)]
    pub email: Option<String>,
    /// Their login on a team database [default: the login whose display name this is]
    #[arg(long)]
    pub login: Option<String>,
}

#[derive(Args, Debug)]
pub struct EditArgs {
    /// The name now in the directory
    pub name: String,
    /// A new name
    #[arg(long, value_name = "NAME")]
    pub rename: Option<String>,
    /// A new address ("" removes it)
    #[arg(long)]
    pub email: Option<String>,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Print a JSON array instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct RemoveArgs {
    pub name: String,
}

fn t(key: &str, args: &[(&str, &str)]) -> String {
    let mut s = rust_i18n::t!(key).into_owned();
    for (name, value) in args {
        s = s.replace(&format!("%{{{name}}}"), value);
    }
    s
}

/// The language given with `--lang`, which on these commands is the
/// member's digest language.
fn member_lang(lang: Option<&str>) -> Result<Option<String>, String> {
    match lang.map(str::trim).filter(|l| !l.is_empty()) {
        None => Ok(None),
        Some(l) => crate::i18n::Lang::parse(l)
            .map(|l| Some(l.code().to_string()))
            .ok_or_else(|| t("staff.err_lang", &[("name", ""), ("lang", l)])),
    }
}

fn described(m: &StaffMember) -> String {
    let mut parts = Vec::new();
    if !m.email.is_empty() {
        parts.push(m.email.clone());
    }
    if let Some(l) = &m.lang {
        parts.push(l.clone());
    }
    if parts.is_empty() {
        m.name.clone()
    } else {
        format!("{} ({})", m.name, parts.join(", "))
    }
}

pub fn run(ctx: &Context, command: StaffCommand, lang: Option<&str>) -> CmdResult {
    let store = ctx.store.as_ref();
    match command {
        StaffCommand::Add(a) => {
            let existing = staff::directory(store)?;
            let member = StaffMember {
                name: a.name.trim().to_string(),
                email: a.email.unwrap_or_default().trim().to_string(),
                lang: member_lang(lang)?,
                login: a
                    .login
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty()),
            };
            staff::validate(&member)?;
            // On a personal database a name is added once; on a team
            // database the logins are the server's, so adding sets one.
            if existing
                .iter()
                .any(|m| staff::key(&m.name) == staff::key(&member.name))
                && existing.iter().all(|m| m.login.is_none())
            {
                return Err(t("staff.err_exists", &[("name", &member.name)]).into());
            }
            store.put_staff(&member, None)?;
            outln!("{}", t("staff.added", &[("who", &described(&member))]));
            Ok(())
        }
        StaffCommand::List(a) => {
            let all = staff::directory(store)?;
            if a.json {
                return print_json(&all);
            }
            if all.is_empty() {
                outln!("{}", t("staff.none", &[]));
                return Ok(());
            }
            let heads: Vec<String> = ["name", "email", "lang", "login"]
                .iter()
                .map(|c| t(&format!("staff.col_{c}"), &[]))
                .collect();
            let heads: Vec<&str> = heads.iter().map(String::as_str).collect();
            let mut table = Table::new(&heads);
            for m in &all {
                table.row(vec![
                    m.name.clone(),
                    m.email.clone(),
                    m.lang.clone().unwrap_or_default(),
                    m.login.clone().unwrap_or_default(),
                ]);
            }
            out!("{}", table.render());
            Ok(())
        }
        StaffCommand::Edit(a) => {
            let all = staff::directory(store)?;
            let wanted = staff::key(&a.name);
            let Some(old) = all.iter().find(|m| {
                staff::key(&m.name) == wanted
                    || m.login.as_deref().is_some_and(|l| staff::key(l) == wanted)
            }) else {
                return Err(t("staff.err_unknown", &[("name", a.name.trim())]).into());
            };
            let mut member = old.clone();
            if let Some(n) = a.rename {
                member.name = n.trim().to_string();
            }
            if let Some(e) = a.email {
                member.email = e.trim().to_string();
            }
            if let Some(l) = member_lang(lang)? {
                member.lang = Some(l);
            }
            staff::validate(&member)?;
            store.put_staff(&member, Some(&old.name))?;
            outln!("{}", t("staff.changed", &[("who", &described(&member))]));
            Ok(())
        }
        StaffCommand::Remove(a) => {
            if store.remove_staff(&a.name)? {
                outln!("{}", t("staff.removed", &[("name", a.name.trim())]));
                Ok(())
            } else {
                Err(t("staff.err_unknown", &[("name", a.name.trim())]).into())
            }
        }
    }
}

//! `accord server init|migrate|sql|staff`: setting up the team database.

use clap::Subcommand;
use rust_i18n::t;

use super::{CmdResult, Failure};
use crate::store::pg::{self, SCHEMA_SQL};

#[derive(Subcommand, Debug)]
pub enum ServerCommand {
    /// Create the schema `accord`, its tables and functions and the group role accord_user (safe to run twice)
    Init,
    /// Upgrade a team database made by an older accord
    Migrate,
    /// Print the SQL that init runs, for a database administrator to review and run by hand
    Sql,
    /// List the staff the server knows (logins in accord_user, with their names)
    Staff,
}

fn target(server: Option<&str>) -> Result<pg::Target, Failure> {
    let Some(conninfo) = server else {
        return Err(t!("cli.server.needs_server").into_owned().into());
    };
    let t = pg::conninfo::resolve_from_env(conninfo)?;
    for w in &t.warnings {
        eprintln!("accord: {}", t!("cli.warning", problem = w));
    }
    if t.password_in_conninfo() {
        eprintln!(
            "accord: {}",
            t!("cli.warning", problem = pg::PASSWORD_WARNING)
        );
    }
    Ok(t)
}

pub fn run(command: &ServerCommand, server: Option<&str>) -> CmdResult {
    match command {
        ServerCommand::Sql => {
            out!("{SCHEMA_SQL}");
            Ok(())
        }
        ServerCommand::Init => {
            let t = target(server)?;
            let done = pg::init(&t)?;
            match done.before {
                Some(v) => outln!(
                    "{}",
                    t!("cli.server.already", location = done.location, schema = v)
                ),
                None => outln!(
                    "{}",
                    t!(
                        "cli.server.created",
                        location = done.location,
                        schema = done.after
                    )
                ),
            }
            Ok(())
        }
        ServerCommand::Migrate => {
            let t = target(server)?;
            let done = pg::migrate(&t)?;
            match done.before {
                Some(v) if v == done.after => outln!(
                    "{}",
                    t!(
                        "cli.server.up_to_date",
                        location = done.location,
                        schema = v
                    )
                ),
                Some(v) => outln!(
                    "{}",
                    t!(
                        "cli.server.upgraded",
                        location = done.location,
                        from = v,
                        to = done.after
                    )
                ),
                None => {}
            }
            Ok(())
        }
        ServerCommand::Staff => {
            let t = target(server)?;
            let store = pg::PgStore::connect(t, crate::clock::from_env()?)?;
            let staff = crate::store::Store::staff(&store)?;
            if staff.is_empty() {
                outln!("{}", t!("cli.server.no_staff"));
            }
            for (login, name) in staff {
                if login == name {
                    outln!("{login}");
                } else {
                    outln!("{login}\t{name}");
                }
            }
            Ok(())
        }
    }
}

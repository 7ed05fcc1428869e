//! `accord server init|migrate|sql|staff`: setting up the team database.

use clap::Subcommand;

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
        return Err(
            "this command needs the team database: give it with --server \"service=accord\" (or ACCORD_SERVER, or server = \"…\" in the configuration file)".into(),
        );
    };
    let t = pg::conninfo::resolve_from_env(conninfo)?;
    for w in &t.warnings {
        eprintln!("accord: warning: {w}");
    }
    if t.password_in_conninfo() {
        eprintln!("accord: warning: {}", pg::PASSWORD_WARNING);
    }
    Ok(t)
}

pub fn run(command: &ServerCommand, server: Option<&str>) -> CmdResult {
    match command {
        ServerCommand::Sql => {
            print!("{SCHEMA_SQL}");
            Ok(())
        }
        ServerCommand::Init => {
            let t = target(server)?;
            let done = pg::init(&t)?;
            match done.before {
                Some(v) => println!(
                    "{} already holds an accord database (schema {v}); its functions and grants were refreshed.",
                    done.location
                ),
                None => println!(
                    "Created the accord database on {} (schema {}). Give each staff member a login in the group role accord_user: CREATE ROLE lina LOGIN PASSWORD '…' IN ROLE accord_user;",
                    done.location, done.after
                ),
            }
            Ok(())
        }
        ServerCommand::Migrate => {
            let t = target(server)?;
            let done = pg::migrate(&t)?;
            match done.before {
                Some(v) if v == done.after => println!(
                    "{} is already at schema {v}; its functions and grants were refreshed.",
                    done.location
                ),
                Some(v) => println!(
                    "Upgraded {} from schema {v} to {}.",
                    done.location, done.after
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
                println!(
                    "No staff yet: give each person a login in accord_user (CREATE ROLE lina LOGIN PASSWORD '…' IN ROLE accord_user;)."
                );
            }
            for (login, name) in staff {
                if login == name {
                    println!("{login}");
                } else {
                    println!("{login}\t{name}");
                }
            }
            Ok(())
        }
    }
}

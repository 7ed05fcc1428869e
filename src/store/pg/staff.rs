//! The staff directory on a team database: the server's staff (every login
//! in `accord_user`, with the display name an admin set) with an email
//! address and a digest language. Changing it is the admin's (the schema
//! owner's) job, like display names: `accord.set_staff` is not granted
//! to staff.

use super::conn::{Conn, server_error};
use crate::staff::{StaffMember, key};
use crate::store::{Result, StoreError};

const DIRECTORY: &str =
    "SELECT login, display_name, email, lang FROM accord.staff_members ORDER BY login";

impl Conn {
    pub fn staff_directory(&mut self) -> Result<Vec<StaffMember>> {
        let rows = self
            .client
            .query(DIRECTORY, &[])
            .map_err(|e| self.staff_error(&e))?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let login: String = row.try_get(0).map_err(|e| self.err(e))?;
            let name: String = row.try_get(1).map_err(|e| self.err(e))?;
            let email: Option<String> = row.try_get(2).map_err(|e| self.err(e))?;
            let lang: Option<String> = row.try_get(3).map_err(|e| self.err(e))?;
            out.push(StaffMember {
                name,
                email: email.unwrap_or_default(),
                lang,
                login: Some(login),
            });
        }
        Ok(out)
    }

    /// Sets a login's name, address and language. The login is the
    /// member's own, else that of the member named `replacing` (or of the
    /// same name) among the staff the server knows.
    pub fn put_staff(&mut self, member: &StaffMember, replacing: Option<&str>) -> Result<()> {
        let login = match member
            .login
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            Some(l) => l.to_string(),
            None => {
                let wanted = key(replacing.unwrap_or(&member.name));
                let staff = self.staff_directory()?;
                let found = staff.iter().find(|m| {
                    key(&m.name) == wanted || m.login.as_deref().is_some_and(|l| key(l) == wanted)
                });
                match found.and_then(|m| m.login.clone()) {
                    Some(l) => l,
                    None => {
                        return Err(StoreError::Server(
                            rust_i18n::t!(
                                "staff.err_no_login",
                                name = replacing.unwrap_or(&member.name).trim(),
                                location = self.shown.as_str()
                            )
                            .into_owned(),
                        ));
                    }
                }
            }
        };
        let email = Some(member.email.trim()).filter(|e| !e.is_empty());
        self.client
            .execute(
                "SELECT accord.set_staff($1, $2, $3, $4)",
                &[&login, &member.name.trim(), &email, &member.lang],
            )
            .map_err(|e| self.staff_error(&e))?;
        Ok(())
    }

    /// Takes the address and language off the login named `name`: the
    /// login stays (it is the server's), but gets no digest.
    pub fn remove_staff(&mut self, name: &str) -> Result<bool> {
        let wanted = key(name);
        let staff = self.staff_directory()?;
        let Some(m) = staff.into_iter().find(|m| {
            key(&m.name) == wanted || m.login.as_deref().is_some_and(|l| key(l) == wanted)
        }) else {
            return Ok(false);
        };
        let cleared = StaffMember {
            email: String::new(),
            lang: None,
            ..m
        };
        self.put_staff(&cleared, None)?;
        Ok(true)
    }

    /// A refusal as a sentence: a login that may not change the staff, a
    /// database from before the staff had addresses.
    fn staff_error(&self, e: &postgres::Error) -> StoreError {
        match e.as_db_error().map(|d| d.code().code()) {
            Some("42501") => StoreError::Server(
                rust_i18n::t!("staff.err_not_admin", location = self.shown.as_str()).into_owned(),
            ),
            Some("42703" | "42883") => StoreError::Server(
                rust_i18n::t!("staff.err_migrate", location = self.shown.as_str()).into_owned(),
            ),
            _ => server_error(&self.shown, e),
        }
    }
}

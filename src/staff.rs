//! The staff directory: who works in the office, where their digest goes
//! and in which language. On a personal database it is kept in the
//! database; on a team database it is the server's staff (logins with
//! display names) with an email address and a language added.
//!
//! Owners are free text on records: an owner that names a staff member
//! (or, on a team database, their login) is that person.

use serde::{Deserialize, Serialize};

use crate::due::same_owner;
use crate::i18n::Lang;
use crate::store::{Result, Store};

/// One person in the staff directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    /// The name as owners are written ("Li Na").
    pub name: String,
    /// Where the digest goes; empty when none is known.
    #[serde(default)]
    pub email: String,
    /// The language of their digest (`en`, `zh`); `None`: the office's.
    #[serde(default)]
    pub lang: Option<String>,
    /// Their login on a team database.
    #[serde(default)]
    pub login: Option<String>,
}

impl StaffMember {
    /// Whether a record's owner names this person: their name, or their
    /// login on a team database (trimmed, case-insensitive).
    pub fn owns(&self, owner: &str) -> bool {
        same_owner(&self.name, owner) || self.login.as_deref().is_some_and(|l| same_owner(l, owner))
    }

    /// The language of their digest, else `fallback`.
    pub fn language(&self, fallback: Lang) -> Lang {
        self.lang
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or(fallback)
    }
}

/// Checks a member before it is stored: a name, an address that looks
/// like one, a language accord speaks. The error is a sentence naming the
/// field at fault.
pub fn validate(m: &StaffMember) -> std::result::Result<(), String> {
    if m.name.trim().is_empty() {
        return Err(rust_i18n::t!("staff.err_no_name").into_owned());
    }
    if !m.email.trim().is_empty() && !looks_like_email(m.email.trim()) {
        return Err(rust_i18n::t!(
            "staff.err_email",
            name = m.name.trim(),
            email = m.email.trim()
        )
        .into_owned());
    }
    if let Some(l) = &m.lang
        && Lang::parse(l).is_none()
    {
        return Err(rust_i18n::t!("staff.err_lang", name = m.name.trim(), lang = l).into_owned());
    }
    Ok(())
}

/// `local@domain` with no spaces, angle brackets or commas: enough to
/// catch a typo; the mail server has the last word.
pub fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';' | '"')
        })
}

/// The directory key of a name: trimmed and lower-cased, so that "li na"
/// and "Li Na" are one person.
pub fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The member of `staff` an owner names, if any.
pub fn find<'a>(staff: &'a [StaffMember], owner: &str) -> Option<&'a StaffMember> {
    staff.iter().find(|m| m.owns(owner))
}

/// The staff directory of `store`, sorted by name.
pub fn directory(store: &dyn Store) -> Result<Vec<StaffMember>> {
    let mut v = store.staff_directory()?;
    v.sort_by_key(|m| key(&m.name));
    Ok(v)
}

/// The names history shows for its authors: on a team database the
/// display name the server knows for a login ("Li Na" for `lina`); the
/// login itself when it has none, and always on a personal database.
#[derive(Debug, Clone, Default)]
pub struct Authors {
    names: std::collections::HashMap<String, String>,
}

impl Authors {
    /// From logins and display names (`Store::staff`).
    pub fn new(staff: &[(String, String)]) -> Authors {
        Authors {
            names: staff
                .iter()
                .filter(|(_, name)| !name.trim().is_empty())
                .map(|(login, name)| (login.trim().to_string(), name.trim().to_string()))
                .collect(),
        }
    }

    /// Those of `store`; none when it cannot say.
    pub fn of(store: &dyn Store) -> Authors {
        Authors::new(&store.staff().unwrap_or_default())
    }

    /// The name to show for `login`.
    pub fn name_of(&self, login: &str) -> String {
        let login = login.trim();
        self.names
            .get(login)
            .cloned()
            .unwrap_or_else(|| login.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_author_is_shown_by_the_display_name_of_their_login() {
        let a = Authors::new(&[("lina".into(), "Li Na".into()), ("wang".into(), " ".into())]);
        assert_eq!(a.name_of("lina"), "Li Na");
        assert_eq!(a.name_of(" lina "), "Li Na");
        // No display name, or not a login the server knows: the login.
        assert_eq!(a.name_of("wang"), "wang");
        assert_eq!(a.name_of("root"), "root");
    }

    fn member(name: &str, email: &str, lang: Option<&str>) -> StaffMember {
        StaffMember {
            name: name.into(),
            email: email.into(),
            lang: lang.map(Into::into),
            login: None,
        }
    }

    #[test]
    fn addresses_are_checked_for_typos_only() {
        assert!(looks_like_email("li.na@hospital.example"));
        assert!(looks_like_email("王@医院.中国"));
        for bad in [
            "li.na",
            "@x.org",
            "li@",
            "li na@x.org",
            "li@x",
            "a@b.",
            "<a@b.c>",
        ] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }

    #[test]
    fn validation_names_the_field_at_fault() {
        assert!(validate(&member("Li Na", "li.na@hospital.example", Some("zh"))).is_ok());
        assert!(validate(&member("Li Na", "", None)).is_ok());
        let e = validate(&member("Li Na", "li.na", None)).unwrap_err();
        assert!(e.contains("li.na") && e.contains("Li Na"), "{e}");
        let e = validate(&member("Li Na", "", Some("fr"))).unwrap_err();
        assert!(e.contains("fr"), "{e}");
        assert!(validate(&member("  ", "", None)).is_err());
    }

    #[test]
    fn an_owner_is_a_member_by_name_or_login() {
        let mut m = member("Li Na", "", None);
        m.login = Some("lina".into());
        let staff = vec![member("Wang Jun", "", None), m];
        assert_eq!(
            find(&staff, " li na ").map(|m| m.name.as_str()),
            Some("Li Na")
        );
        assert_eq!(find(&staff, "LINA").map(|m| m.name.as_str()), Some("Li Na"));
        assert!(find(&staff, "Li").is_none());
        assert!(find(&staff, "").is_none());
    }
}

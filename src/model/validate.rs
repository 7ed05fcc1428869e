//! Checks that make a record acceptable before it is stored.

use std::fmt;

use super::id::{Id, Kind};
use super::records::*;

/// One problem with one field, in words a user understands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// All the problems found with a record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Invalid {
    pub id: Id,
    pub errors: Vec<FieldError>,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.errors.iter().map(|e| e.to_string()).collect();
        write!(
            f,
            "{} cannot be saved: {}",
            describe(self.id),
            parts.join("; ")
        )
    }
}

fn describe(id: Id) -> String {
    if id.n == 0 {
        format!("the new {}", id.kind)
    } else {
        format!("{} {id}", id.kind)
    }
}

/// Whether `code` is an ISO 3166-1 alpha-2 country code.
pub fn is_country(code: &str) -> bool {
    isocountry::CountryCode::for_alpha2(code).is_ok()
}

/// The English name of a country code, or the code itself.
pub fn country_name(code: &str) -> String {
    isocountry::CountryCode::for_alpha2(code)
        .map(|c| c.name().to_string())
        .unwrap_or_else(|_| code.to_string())
}

/// Validates `record`; `lookup` finds the kind of an existing record.
pub fn validate(record: &Record, lookup: &dyn Fn(Id) -> Option<Kind>) -> Result<(), Invalid> {
    let mut errors = Vec::new();
    let mut err = |field: &'static str, message: String| errors.push(FieldError { field, message });
    let expect = |field: &'static str,
                  id: Id,
                  allowed: &[Kind],
                  err: &mut dyn FnMut(&'static str, String)| {
        match lookup(id) {
            None => err(field, format!("{id} does not exist")),
            Some(k) if !allowed.contains(&k) => {
                let names: Vec<&str> = allowed.iter().map(|k| k.name()).collect();
                err(
                    field,
                    format!(
                        "{id} is {}, not {}",
                        crate::text::with_article(k.name()),
                        names.join(" or ")
                    ),
                )
            }
            Some(_) => {}
        }
    };
    match record {
        Record::Institution(r) => {
            names_present(&r.names, &mut err);
            let code = r.country.trim();
            if code.is_empty() {
                err(
                    "country",
                    "a country is required (an ISO code such as CN, KZ, MN)".into(),
                );
            } else if !is_country(code) || code != code.to_uppercase() {
                err(
                    "country",
                    format!(
                        "'{code}' is not an ISO 3166-1 country code (such as CN, KZ, MN, UZ, TJ)"
                    ),
                );
            }
            if !r.website.is_empty() && !r.website.contains('.') {
                err(
                    "website",
                    format!("'{}' does not look like a web address", r.website),
                );
            }
        }
        Record::Contact(r) => {
            names_present(&r.names, &mut err);
            expect("institution", r.institution, &[Kind::Institution], &mut err);
            if !r.email.is_empty() && !looks_like_email(&r.email) {
                err("email", format!("'{}' is not an e-mail address", r.email));
            }
        }
        Record::Partnership(r) => {
            title_present(&r.title, &mut err);
            if r.partners.is_empty() {
                err(
                    "partners",
                    "a partnership needs at least one partner institution".into(),
                );
            }
            for p in &r.partners {
                expect("partners", *p, &[Kind::Institution], &mut err);
            }
        }
        Record::Agreement(r) => {
            title_present(&r.title, &mut err);
            expect("partnership", r.partnership, &[Kind::Partnership], &mut err);
            for p in &r.parties {
                expect("parties", *p, &[Kind::Institution], &mut err);
            }
            if let (Some(s), Some(e)) = (r.signed, r.expires)
                && e < s
            {
                err(
                    "expires",
                    format!("the agreement expires ({e}) before it is signed ({s})"),
                );
            }
            if let (Some(f), Some(e)) = (r.effective, r.expires)
                && e < f
            {
                err(
                    "expires",
                    format!("the agreement expires ({e}) before it takes effect ({f})"),
                );
            }
            if r.notice_days > 3660 {
                err(
                    "notice_days",
                    format!(
                        "a notice period of {} days is longer than ten years",
                        r.notice_days
                    ),
                );
            }
        }
        Record::Action(r) => {
            title_present(&r.title, &mut err);
            expect(
                "parent",
                r.parent,
                &[Kind::Agreement, Kind::Partnership],
                &mut err,
            );
        }
        Record::FollowUp(r) => {
            title_present(&r.title, &mut err);
            if lookup(r.parent).is_none() {
                err("parent", format!("{} does not exist", r.parent));
            }
        }
        Record::Note(r) => {
            if r.text.trim().is_empty() {
                err("text", "a note needs some text".into());
            }
            if lookup(r.parent).is_none() {
                err("parent", format!("{} does not exist", r.parent));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Invalid {
            id: record.id(),
            errors,
        })
    }
}

fn names_present(names: &[Name], err: &mut dyn FnMut(&'static str, String)) {
    if names.iter().all(|n| n.text.trim().is_empty()) {
        err("names", "a name is required".into());
    }
}

fn title_present(title: &str, err: &mut dyn FnMut(&'static str, String)) {
    if title.trim().is_empty() {
        err("title", "a title is required".into());
    }
}

fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((user, host)) => !user.is_empty() && host.contains('.') && !s.contains(' '),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::vocab::*;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn lookup(id: Id) -> Option<Kind> {
        (id.n < 10).then_some(id.kind)
    }

    #[test]
    fn an_agreement_that_expires_before_it_is_signed_is_refused() {
        let a = Record::Agreement(Agreement {
            id: Id::new(Kind::Agreement, 1),
            partnership: Id::new(Kind::Partnership, 1),
            kind: AgreementKind::Mou,
            title: "MOU".into(),
            parties: vec![],
            status: AgreementStatus::Signed,
            signed: Some(d("2025-10-31")),
            effective: None,
            expires: Some(d("2024-10-31")),
            notice_days: 90,
            scope: vec![],
            signatories: vec![],
            document: String::new(),
            owner: String::new(),
            renewal_raised_for: None,
        });
        let e = validate(&a, &lookup).unwrap_err();
        assert!(
            e.to_string()
                .contains("expires (2024-10-31) before it is signed (2025-10-31)"),
            "{e}"
        );
    }

    #[test]
    fn a_follow_up_on_a_missing_record_and_an_unknown_country_are_refused() {
        let f = Record::FollowUp(FollowUp {
            id: Id::new(Kind::FollowUp, 1),
            parent: Id::new(Kind::Partnership, 99),
            title: "Chase CVs".into(),
            due: d("2026-01-15"),
            owner: String::new(),
            status: FollowUpStatus::Open,
            completed: None,
        });
        assert!(
            validate(&f, &lookup)
                .unwrap_err()
                .to_string()
                .contains("P99 does not exist")
        );
        let i = Record::Institution(Institution {
            id: Id::new(Kind::Institution, 0),
            names: vec![Name::new("X", "en")],
            short_name: String::new(),
            country: "XX".into(),
            city: String::new(),
            kind: InstitutionKind::Hospital,
            tags: vec![],
            website: String::new(),
            home: false,
        });
        let msg = validate(&i, &lookup).unwrap_err().to_string();
        assert!(
            msg.contains("'XX' is not an ISO 3166-1 country code"),
            "{msg}"
        );
    }
}

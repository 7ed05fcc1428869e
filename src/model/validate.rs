//! Checks that make a record acceptable before it is stored.

use std::fmt;

use rust_i18n::t;

use super::id::{Id, Kind};
use super::records::*;

/// One problem with one field, in words a user understands (in the
/// interface language: the catalog's `invalid.*` keys, locales/store.yml).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&t!(
            "invalid.field",
            field = crate::i18n::field(self.field),
            message = self.message
        ))
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
        f.write_str(&t!(
            "invalid.record",
            what = describe(self.id),
            problems = parts.join(&t!("invalid.separator"))
        ))
    }
}

fn describe(id: Id) -> String {
    let kind = crate::i18n::kind(id.kind);
    if id.n == 0 {
        t!("invalid.new", kind = kind).into_owned()
    } else {
        t!("invalid.existing", kind = kind, id = id).into_owned()
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

/// The name of a country code in `lang` (locales/countries.yml), falling
/// back to the English name and then to the code itself.
pub fn country_name_in(lang: crate::i18n::Lang, code: &str) -> String {
    let key = format!("country.{code}");
    match crate::_rust_i18n_try_translate(lang.code(), &key) {
        Some(name) if lang != crate::i18n::Lang::En => name.into_owned(),
        _ => country_name(code),
    }
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
            None => err(field, t!("invalid.missing", id = id).into_owned()),
            Some(k) if !allowed.contains(&k) => {
                let english = crate::i18n::language() == crate::i18n::Lang::En;
                let is = if english {
                    crate::text::with_article(k.name())
                } else {
                    crate::i18n::kind(k)
                };
                let names: Vec<String> = allowed.iter().map(|k| crate::i18n::kind(*k)).collect();
                err(
                    field,
                    t!(
                        "invalid.wrong_kind",
                        id = id,
                        is = is,
                        allowed = names.join(&t!("invalid.or"))
                    )
                    .into_owned(),
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
                err("country", t!("invalid.country_required").into_owned());
            } else if !is_country(code) || code != code.to_uppercase() {
                err(
                    "country",
                    t!("invalid.country_code", code = code).into_owned(),
                );
            }
            if !r.website.is_empty() && !r.website.contains('.') {
                err(
                    "website",
                    t!("invalid.website", website = r.website).into_owned(),
                );
            }
        }
        Record::Contact(r) => {
            names_present(&r.names, &mut err);
            expect("institution", r.institution, &[Kind::Institution], &mut err);
            if !r.email.is_empty() && !looks_like_email(&r.email) {
                err("email", t!("invalid.email", email = r.email).into_owned());
            }
        }
        Record::Partnership(r) => {
            title_present(&r.title, &mut err);
            if r.partners.is_empty() {
                err("partners", t!("invalid.no_partners").into_owned());
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
                    t!("invalid.expires_before_signed", expires = e, signed = s).into_owned(),
                );
            }
            if let (Some(f), Some(e)) = (r.effective, r.expires)
                && e < f
            {
                err(
                    "expires",
                    t!(
                        "invalid.expires_before_effective",
                        expires = e,
                        effective = f
                    )
                    .into_owned(),
                );
            }
            if r.notice_days > 3660 {
                err(
                    "notice_days",
                    t!("invalid.notice_too_long", n = r.notice_days).into_owned(),
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
                err("parent", t!("invalid.missing", id = r.parent).into_owned());
            }
        }
        Record::Note(r) => {
            if r.text.trim().is_empty() {
                err("text", t!("invalid.note_text").into_owned());
            }
            if lookup(r.parent).is_none() {
                err("parent", t!("invalid.missing", id = r.parent).into_owned());
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
        err("names", t!("invalid.name_required").into_owned());
    }
}

fn title_present(title: &str, err: &mut dyn FnMut(&'static str, String)) {
    if title.trim().is_empty() {
        err("title", t!("invalid.title_required").into_owned());
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

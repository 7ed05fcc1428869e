//! Which column holds which field: headers are matched case-insensitively,
//! ignoring spaces, underscores, hyphens and punctuation, against the field
//! names of the CSV export, the XLSX headings in English and Chinese, and
//! common synonyms (合作单位, 签署日期, 到期日期, Due date, Partner…).
//! `--map 'Column=field'` decides for any header.

use std::collections::HashMap;

use super::msg::{msg, plural};
use super::synonyms::synonyms;
use crate::exchange::columns::fields;
use crate::exchange::labels::{column, label};
use crate::i18n::Lang;
use crate::model::Kind;

/// A header reduced to what matters for matching.
pub fn norm(h: &str) -> String {
    crate::exchange::fold::fold(h)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Where a header leads: a field of the entity, or a name in one language
/// (`name_en`, 英文名称).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Field(&'static str),
    NameIn(String),
}

/// A `--map` entry: `Column=field`, or `Sheet!Column=field` for one sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub sheet: Option<String>,
    pub column: String,
    pub field: String,
}

/// Parses `--map 'Sheet column=field,...'`.
pub fn parse_map(s: &str) -> std::result::Result<Vec<Mapping>, String> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((left, field)) = part.rsplit_once('=') else {
            return Err(msg!("map_not_column_field", part = part));
        };
        let (sheet, column) = match left.split_once('!') {
            Some((s, c)) => (Some(s.trim().to_string()), c.trim().to_string()),
            None => (None, left.trim().to_string()),
        };
        let field = field.trim().to_lowercase();
        if column.is_empty() || field.is_empty() {
            return Err(msg!("map_needs_both", part = part));
        }
        out.push(Mapping {
            sheet,
            column,
            field,
        });
    }
    Ok(out)
}

/// `name_en`, `name (ru)`, `English name`, 英文名称 → the language.
#[rustfmt::skip]
fn name_language(h: &str) -> Option<String> {
    let n = norm(h);
    let known: &[(&str, &str)] = &[
        ("englishname", "en"),
        ("nameinenglish", "en"),
        ("英文名称", "en"),
        ("英文名", "en"),
        ("chinesename", "zh"),
        ("nameinchinese", "zh"),
        ("中文名称", "zh"),
        ("中文名", "zh"),
        ("russianname", "ru"),
        ("俄文名称", "ru"),
        ("俄文名", "ru"),
        ("kazakhname", "kk"),
        ("mongolianname", "mn"),
        ("uzbekname", "uz"),
    ];
    if let Some((_, l)) = known.iter().find(|(k, _)| *k == n) {
        return Some(l.to_string());
    }
    let rest = n.strip_prefix("name")?;
    ((2..=3).contains(&rest.len()) && rest.chars().all(|c| c.is_ascii_lowercase()))
        .then(|| rest.to_string())
}

/// The target of one header of a `kind` table, if any.
pub fn target(kind: Kind, header: &str) -> Option<Target> {
    let n = norm(header);
    if n.is_empty() {
        return None;
    }
    let fs = fields(kind);
    if let Some(f) = fs.iter().find(|f| norm(f) == n) {
        return Some(Target::Field(f));
    }
    for lang in [Lang::En, Lang::Zh] {
        if let Some(f) = fs.iter().find(|f| norm(&column(lang, f)) == n) {
            return Some(Target::Field(f));
        }
    }
    for (field, words) in synonyms(kind) {
        if words.iter().any(|w| norm(w) == n) {
            return Some(Target::Field(field));
        }
    }
    if matches!(kind, Kind::Institution | Kind::Contact) {
        return name_language(header).map(Target::NameIn);
    }
    None
}

/// The target a `--map` field name stands for.
pub fn mapped_target(kind: Kind, field: &str) -> std::result::Result<Target, String> {
    let f = field.trim().to_lowercase().replace([' ', '-'], "_");
    if let Some(f) = fields(kind).iter().find(|x| **x == f) {
        return Ok(Target::Field(f));
    }
    // Register columns that are not fields of the record (see synonyms).
    let extra: &[&'static str] = match kind {
        Kind::Agreement => &["country", "notes"],
        Kind::Partnership => &["country"],
        _ => &[],
    };
    if let Some(f) = extra.iter().find(|x| **x == f) {
        return Ok(Target::Field(f));
    }
    if matches!(kind, Kind::Institution | Kind::Contact)
        && let Some(l) = name_language(&f)
    {
        return Ok(Target::NameIn(l));
    }
    Err(msg!(
        "map_no_field",
        kind = plural(kind),
        field = field,
        fields = fields(kind).join(", ")
    ))
}

/// The columns of a table resolved to targets, with the headers nobody
/// claimed.
pub struct ColumnMap {
    pub targets: Vec<Option<Target>>,
    pub unused: Vec<String>,
    /// Field → the header it came from, for messages.
    pub header_of: HashMap<&'static str, String>,
}

impl ColumnMap {
    /// The column index of a field.
    pub fn index(&self, field: &str) -> Option<usize> {
        self.targets
            .iter()
            .position(|t| matches!(t, Some(Target::Field(f)) if *f == field))
    }

    pub fn has(&self, field: &str) -> bool {
        self.index(field).is_some()
    }
}

/// Resolves every header of a table.
pub fn resolve(
    kind: Kind,
    table_label: &str,
    headers: &[String],
    map: &[Mapping],
) -> std::result::Result<ColumnMap, String> {
    let mut targets: Vec<Option<Target>> = Vec::with_capacity(headers.len());
    let mut unused = Vec::new();
    let mut header_of = HashMap::new();
    for h in headers {
        let mapped = map.iter().find(|m| {
            norm(&m.column) == norm(h)
                && m.sheet
                    .as_ref()
                    .is_none_or(|s| norm(s) == norm(table_label))
        });
        let t = match mapped {
            Some(m) => Some(mapped_target(kind, &m.field)?),
            None => target(kind, h),
        };
        let taken = |t: &Target| targets.iter().flatten().any(|x| x == t);
        match t {
            Some(t) if !taken(&t) => {
                if let Target::Field(f) = &t {
                    header_of.insert(*f, h.clone());
                }
                targets.push(Some(t));
            }
            _ => {
                if !h.trim().is_empty() {
                    unused.push(h.clone());
                }
                targets.push(None);
            }
        }
    }
    Ok(ColumnMap {
        targets,
        unused,
        header_of,
    })
}

/// What a file or sheet name says about its rows: `partnerships.csv`,
/// `Agreements`, 协议, `accord-actions`.
pub fn entity_from_label(name: &str) -> Option<Kind> {
    let n = norm(name);
    for kind in Kind::ALL {
        let mut names: Vec<String> = vec![norm(kind.plural()), norm(kind.name())];
        for lang in [Lang::En, Lang::Zh] {
            names.push(norm(&label(
                lang,
                &format!("report.sheet.{}", kind.plural()),
            )));
            names.push(norm(&label(lang, &format!("kind.{}", kind.name()))));
        }
        if kind == Kind::Action {
            names.extend(["tasks".into(), "actionitems".into(), "task".into()]);
        }
        let words: Vec<String> = name
            .split(|c: char| !c.is_alphanumeric())
            .map(norm)
            .filter(|w| !w.is_empty())
            .collect();
        if names
            .iter()
            .any(|x| !x.is_empty() && (n == *x || n.ends_with(x.as_str()) || words.contains(x)))
        {
            return Some(kind);
        }
    }
    None
}

/// Guesses the entity from the headers: the kind whose fields claim the
/// most columns, when one clearly does.
pub fn entity_from_headers(headers: &[String]) -> Option<Kind> {
    let mut scores: Vec<(usize, Kind)> = Kind::ALL
        .iter()
        .map(|k| {
            (
                headers.iter().filter(|h| target(*k, h).is_some()).count(),
                *k,
            )
        })
        .collect();
    scores.sort_by_key(|s| std::cmp::Reverse(s.0));
    match scores.as_slice() {
        [(a, k), (b, _), ..] if *a >= 2 && a > b => Some(*k),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_english_headers_find_their_fields() {
        let f = |k, h| target(k, h);
        assert_eq!(
            f(Kind::Agreement, "签署日期"),
            Some(Target::Field("signed"))
        );
        assert_eq!(
            f(Kind::Agreement, "到期日期"),
            Some(Target::Field("expires"))
        );
        assert_eq!(
            f(Kind::Agreement, "合作单位"),
            Some(Target::Field("party_names"))
        );
        assert_eq!(
            f(Kind::Partnership, "合作单位"),
            Some(Target::Field("partner_names"))
        );
        assert_eq!(
            f(Kind::Institution, "机构名称"),
            Some(Target::Field("name"))
        );
        assert_eq!(f(Kind::Institution, "国家"), Some(Target::Field("country")));
        assert_eq!(f(Kind::Action, "负责人"), Some(Target::Field("owner")));
        assert_eq!(f(Kind::Action, "截止日期"), Some(Target::Field("due")));
        assert_eq!(f(Kind::Action, "Due Date"), Some(Target::Field("due")));
        assert_eq!(f(Kind::Action, "STATUS"), Some(Target::Field("status")));
        assert_eq!(
            f(Kind::Institution, "name_en"),
            Some(Target::NameIn("en".into()))
        );
        assert_eq!(
            f(Kind::Institution, "英文名称"),
            Some(Target::NameIn("en".into()))
        );
        assert_eq!(
            f(Kind::Agreement, "Days to expiry"),
            Some(Target::Field("days_to_expiry"))
        );
        assert_eq!(
            f(Kind::Agreement, "续签通知期（天）"),
            Some(Target::Field("notice_days"))
        );
        assert_eq!(f(Kind::Agreement, "Remarks"), Some(Target::Field("notes")));
        assert_eq!(f(Kind::Agreement, "备注"), Some(Target::Field("notes")));
        assert_eq!(f(Kind::Agreement, "国家"), Some(Target::Field("country")));
        assert_eq!(f(Kind::Agreement, "Colour"), None);
    }

    #[test]
    fn maps_override_and_bad_maps_are_explained() {
        let m = parse_map("Remarks=description, Sheet1!Who=owner").unwrap();
        assert_eq!(m[1].sheet.as_deref(), Some("Sheet1"));
        let cm = resolve(
            Kind::Partnership,
            "Sheet1",
            &[
                "Title".into(),
                "Remarks".into(),
                "Who".into(),
                "Other".into(),
            ],
            &m,
        )
        .unwrap();
        assert_eq!(cm.index("description"), Some(1));
        assert_eq!(cm.index("owner"), Some(2));
        assert_eq!(cm.unused, vec!["Other".to_string()]);
        assert!(parse_map("nonsense").is_err());
        assert!(
            resolve(
                Kind::Partnership,
                "x",
                &["a".into()],
                &parse_map("a=colour").unwrap()
            )
            .is_err()
        );
    }

    #[test]
    fn entities_are_recognised_by_name_and_headers() {
        assert_eq!(entity_from_label("partnerships"), Some(Kind::Partnership));
        assert_eq!(
            entity_from_label("accord-agreements"),
            Some(Kind::Agreement)
        );
        assert_eq!(entity_from_label("协议"), Some(Kind::Agreement));
        assert_eq!(entity_from_label("Follow-ups"), Some(Kind::FollowUp));
        assert_eq!(entity_from_label("followups_en"), Some(Kind::FollowUp));
        assert_eq!(
            entity_from_label("2025 agreements (final)"),
            Some(Kind::Agreement)
        );
        assert_eq!(entity_from_label("Summary"), None);
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            entity_from_headers(&h(&["合作单位", "协议名称", "签署日期", "到期日期"])),
            Some(Kind::Agreement)
        );
    }
}

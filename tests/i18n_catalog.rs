//! Every catalog file in `locales/` speaks both languages: each key has an
//! English and a Chinese text, with the same placeholders; a key is
//! defined once; every key the core and the command line ask for by name
//! exists; and every ISO 3166-1 country has a Chinese name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_yaml::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn catalog_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("locales"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "yml" || e == "yaml" || e == "json" || e == "toml")
        })
        .collect();
    files.sort();
    files
}

/// `key -> (file, en, zh)` over every catalog file; the problems found
/// while reading (a key without a language, a key defined twice).
type Catalog = BTreeMap<String, (String, Option<String>, Option<String>)>;

fn read_all() -> (Catalog, Vec<String>) {
    let mut all = Catalog::new();
    let mut problems = Vec::new();
    for path in catalog_files() {
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            file.ends_with(".yml"),
            "{file}: catalogs are YAML files (this test reads only those)"
        );
        let text = std::fs::read_to_string(&path).unwrap();
        let doc: Value =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{file} is not valid YAML: {e}"));
        let Value::Mapping(map) = doc else {
            panic!("{file} is not a mapping of keys")
        };
        assert_eq!(
            map.get("_version").and_then(Value::as_u64),
            Some(2),
            "{file}: starts with _version: 2"
        );
        for (k, v) in map {
            let key = k.as_str().unwrap().to_string();
            if key == "_version" {
                continue;
            }
            let text_of = |lang: &str| -> Option<String> {
                match v.get(lang) {
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(Value::Number(n)) => Some(n.to_string()),
                    Some(Value::Bool(b)) => Some(b.to_string()),
                    _ => None,
                }
            };
            let (en, zh) = (text_of("en"), text_of("zh"));
            if let Value::Mapping(langs) = &v {
                for lang in langs.keys() {
                    let lang = lang.as_str().unwrap_or("?");
                    if lang != "en" && lang != "zh" {
                        problems.push(format!("{file}: {key} has a text in '{lang}'"));
                    }
                }
            }
            if let Some((other, _, _)) = all.get(&key) {
                problems.push(format!("{key} is defined in {other} and again in {file}"));
            }
            all.insert(key, (file.clone(), en, zh));
        }
    }
    (all, problems)
}

fn placeholders(s: &str) -> BTreeSet<String> {
    s.split("%{")
        .skip(1)
        .filter_map(|p| p.split('}').next())
        .map(str::to_string)
        .collect()
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Whether an English text says something in words (two English words in
/// a row outside placeholders and `code`), so that its Chinese text must
/// be Chinese rather than a copy.
fn is_prose(en: &str) -> bool {
    let mut s = String::new();
    let mut in_code = false;
    let mut rest = en;
    while let Some(c) = rest.chars().next() {
        if !in_code && rest.starts_with("%{") {
            rest = rest.split_once('}').map(|(_, r)| r).unwrap_or("");
            s.push(' ');
            continue;
        }
        if c == '`' {
            in_code = !in_code;
        } else if !in_code {
            s.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    let words: Vec<&str> = s.split(|c: char| !c.is_ascii_alphabetic()).collect();
    words
        .windows(2)
        .any(|w| w[0].len() >= 2 && w[1].len() >= 2 && s.contains(&format!("{} {}", w[0], w[1])))
}

#[test]
fn every_key_of_every_catalog_has_english_and_chinese_with_the_same_placeholders() {
    let (all, mut problems) = read_all();
    assert!(all.len() > 1000, "{} keys", all.len());
    for (key, (file, en, zh)) in &all {
        match (en, zh) {
            (None, _) => problems.push(format!("{file}: {key} has no English text")),
            (_, None) => problems.push(format!("{file}: {key} has no Chinese text")),
            (Some(en), Some(zh)) => {
                if en.trim().is_empty() || zh.trim().is_empty() {
                    problems.push(format!("{file}: {key} has an empty text"));
                } else if placeholders(en) != placeholders(zh) {
                    problems.push(format!("{file}: {key}: the placeholders differ"));
                } else if is_prose(en) && !has_cjk(zh) {
                    problems.push(format!(
                        "{file}: {key}: the Chinese text is not Chinese: {zh}"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_check_finds_a_missing_chinese_text() {
    // The checks above on a catalog made to fail, so that they cannot
    // pass by reading nothing.
    let doc: Value =
        serde_yaml::from_str("_version: 2\na.b:\n  en: \"Nothing to undo.\"\n").unwrap();
    assert!(doc.get("a.b").unwrap().get("zh").is_none());
    assert!(is_prose("Nothing to undo."));
    assert!(is_prose(
        "%{id} is now due %{date} (%{day}). `accord undo` reverts it."
    ));
    assert!(!is_prose("%{file}: %{problem}"));
    assert!(!is_prose("MOU"));
    assert!(!has_cjk("Nothing is due."));
}

/// The string literals after `t!(` in a source tree.
fn keys_used(dir: &Path, out: &mut BTreeSet<(String, String)>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            keys_used(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&p).unwrap();
            for (at, _) in text.match_indices("t!(\"") {
                // `t!(` itself, not the end of `format!(` or `print!(`.
                let before = text[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let rest = &text[at + 4..];
                if let Some(key) = rest.split('"').next() {
                    out.insert((key.to_string(), p.display().to_string()));
                }
            }
        }
    }
}

#[test]
fn every_key_the_code_asks_for_by_name_exists() {
    let (all, _) = read_all();
    let mut used = BTreeSet::new();
    keys_used(&root().join("src"), &mut used);
    assert!(used.len() > 80, "{} keys used", used.len());
    let missing: Vec<String> = used
        .iter()
        .filter(|(k, _)| !all.contains_key(k))
        .map(|(k, file)| format!("{k} (in {file})"))
        .collect();
    assert!(missing.is_empty(), "\n{}", missing.join("\n"));
}

#[test]
fn every_iso_country_has_a_chinese_name() {
    let (all, _) = read_all();
    let mut missing = Vec::new();
    for c in isocountry::CountryCode::iter() {
        let key = format!("country.{}", c.alpha2());
        match all.get(&key) {
            Some((_, Some(en), Some(zh))) if has_cjk(zh) && en == c.name() => {}
            other => missing.push(format!("{key}: {other:?}")),
        }
    }
    assert!(isocountry::CountryCode::iter().count() >= 249);
    assert!(missing.is_empty(), "\n{}", missing.join("\n"));
}

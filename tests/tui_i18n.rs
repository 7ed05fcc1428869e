//! The interface speaks English and Simplified Chinese completely: every
//! message the code asks for exists in both, with the same placeholders.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use accord::due::Bucket;
use accord::i18n::Lang;
use accord::model::*;
use accord::tui::action::Action;
use accord::tui::keymap::Section;
use accord::tui::words::has;

/// `key -> (en, zh)` from a v2 catalog file.
fn catalog(path: &Path) -> BTreeMap<String, (Option<String>, Option<String>)> {
    let mut out: BTreeMap<String, (Option<String>, Option<String>)> = BTreeMap::new();
    let mut key = String::new();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        if let Some(k) = line.strip_suffix(':').filter(|_| !line.starts_with(' ')) {
            key = k.to_string();
            out.entry(key.clone()).or_default();
        } else if let Some(v) = line.strip_prefix("  en: ") {
            out.entry(key.clone()).or_default().0 = Some(v.to_string());
        } else if let Some(v) = line.strip_prefix("  zh: ") {
            out.entry(key.clone()).or_default().1 = Some(v.to_string());
        }
    }
    out
}

fn placeholders(s: &str) -> BTreeSet<String> {
    s.split("%{")
        .skip(1)
        .filter_map(|p| p.split('}').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_message_of_the_interface_is_in_both_languages_with_the_same_placeholders() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tui = catalog(&root.join("locales/tui.yml"));
    assert!(tui.len() > 400);
    for (k, (en, zh)) in &tui {
        let (Some(en), Some(zh)) = (en, zh) else {
            panic!("{k} lacks a language")
        };
        assert!(en.len() > 2 && zh.len() > 2, "{k} is empty");
        assert_eq!(
            placeholders(en),
            placeholders(zh),
            "{k}: placeholders differ"
        );
    }
}

/// String literals after `tr!(lang, ` and `lookup(lang, ` in the sources.
fn keys_used(dir: &Path, out: &mut BTreeSet<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            keys_used(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            let src = std::fs::read_to_string(&p).unwrap();
            for marker in ["tr!(", "lookup("] {
                for part in src.split(marker).skip(1) {
                    // The key is the first string literal of the call.
                    let head: String = part.chars().take(120).collect();
                    if let Some(start) = head.find('"') {
                        let rest = &head[start + 1..];
                        if let Some(end) = rest.find('"') {
                            let k = &rest[..end];
                            if k.contains('.') && !k.contains([' ', '{', '/']) {
                                out.insert(k.to_string());
                            }
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn every_key_the_code_uses_exists_in_both_languages() {
    let mut used = BTreeSet::new();
    keys_used(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui"),
        &mut used,
    );
    assert!(used.len() > 150, "found {} keys", used.len());
    for a in Action::ALL {
        used.insert(format!("act.{}", a.name()));
        used.insert(format!("help.act.{}", a.name()));
    }
    for s in Section::ALL {
        used.insert(format!("help.section.{}", s.name()));
    }
    for b in Bucket::ALL {
        used.insert(format!("bucket.{}", b.name()));
    }
    for k in Kind::ALL {
        used.insert(format!("kind.{}", k.name()));
        used.insert(format!("kinds.{}", k.name()));
    }
    for v in [
        "tab.dashboard",
        "tab.partnerships",
        "tab.agreements",
        "tab.institutions",
        "tab.triage",
        "tab.calendar",
    ] {
        used.insert(v.to_string());
    }
    let mut vocab: Vec<&str> = Vec::new();
    vocab.extend(InstitutionKind::ALL.iter().map(|v| v.name()));
    vocab.extend(PartnershipStatus::ALL.iter().map(|v| v.name()));
    vocab.extend(AgreementKind::ALL.iter().map(|v| v.name()));
    vocab.extend(AgreementStatus::ALL.iter().map(|v| v.name()));
    vocab.extend(ActionStatus::ALL.iter().map(|v| v.name()));
    vocab.extend(FollowUpStatus::ALL.iter().map(|v| v.name()));
    vocab.extend(Priority::ALL.iter().map(|v| v.name()));
    vocab.extend(NoteKind::ALL.iter().map(|v| v.name()));
    vocab.extend(["expiring", "lapsed", "renewal_notice", "expiry"]);
    for v in vocab {
        used.insert(format!("vocab.{v}"));
    }
    for i in 0..7 {
        used.insert(format!("cal.wd{i}"));
    }
    for m in 1..=12 {
        used.insert(format!("cal.m{m}"));
    }
    let missing: Vec<String> = used
        .iter()
        .filter(|k| !has(Lang::En, k) || !has(Lang::Zh, k))
        .cloned()
        .collect();
    assert!(missing.is_empty(), "missing in the catalog: {missing:?}");
}

#[test]
fn chinese_screens_show_no_english_interface_words() {
    let mut app = accord::tui::testing::demo_app(Lang::Zh, "default").unwrap();
    for keys in ["1", "5", "6", "2"] {
        accord::tui::testing::press(&mut app, keys);
        let s = accord::tui::testing::screen(&mut app, 120, 40);
        for word in [
            "Overdue",
            "Today",
            "Partnerships",
            "Agreements",
            "Deadlines",
            "Filter",
            "sorted by",
            "Status",
        ] {
            assert!(
                !s.contains(word),
                "'{word}' on the Chinese screen {keys}:\n{s}"
            );
        }
    }
}

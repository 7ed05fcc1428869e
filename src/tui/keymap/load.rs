//! Reading keymap files, layering a user's file over a shipped one, and
//! finding conflicts. Every problem names the file, the line and what is
//! wrong; a broken file never takes the application down.

use crate::text::line_of;
use std::fmt;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use super::key::{parse_seq, show_seq};
use super::{Binding, Keymap, Origin, Section};
use crate::i18n::Lang;
use crate::tui::action::Action;
use crate::tui::words::tr;

pub const DEFAULT_TOML: &str = include_str!("../../../keymaps/default.toml");
pub const VIM_TOML: &str = include_str!("../../../keymaps/vim.toml");

/// One problem in one keymap file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    pub file: String,
    pub line: Option<usize>,
    pub problem: String,
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}, line {}: {}", self.file, l, self.problem),
            None => write!(f, "{}: {}", self.file, self.problem),
        }
    }
}

/// Parses a keymap file (its text, and the name to report it by), layered
/// on the base it names (`default` when it names none).
pub fn parse(text: &str, file: &str, lang: Lang) -> Result<Keymap, Vec<KeymapError>> {
    let err = |line: Option<usize>, problem: String| KeymapError {
        file: file.to_string(),
        line,
        problem,
    };
    let doc = DeTable::parse(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        vec![err(line, e.message().trim().to_string())]
    })?;
    // Shipped files (also when loaded from keymaps/ by path) describe their
    // bindings in the catalog, in every language.
    let shipped = text == DEFAULT_TOML || text == VIM_TOML;
    let mut errors = Vec::new();
    let mut base_name = "default".to_string();
    let mut entries: Vec<(Section, Binding, bool)> = Vec::new();
    let mut top: Vec<_> = doc.get_ref().iter().collect();
    top.sort_by_key(|(k, _)| k.span().start);
    for (key, value) in top {
        let line = Some(line_of(text, key.span().start));
        let name = key.get_ref().as_ref();
        if name == "base" {
            match value.get_ref() {
                DeValue::String(s) if ["default", "vim", "none"].contains(&s.as_ref()) => {
                    base_name = s.to_string();
                }
                _ => errors.push(err(line, tr!(lang, "keymap.bad_base"))),
            }
            continue;
        }
        let Some(section) = Section::parse(name) else {
            let all: Vec<&str> = Section::ALL.iter().map(|s| s.name()).collect();
            errors.push(err(
                line,
                tr!(
                    lang,
                    "keymap.unknown_section",
                    name = name,
                    all = all.join(", ")
                ),
            ));
            continue;
        };
        let DeValue::Table(table) = value.get_ref() else {
            errors.push(err(line, tr!(lang, "keymap.not_a_section", name = name)));
            continue;
        };
        let mut rows: Vec<_> = table.iter().collect();
        rows.sort_by_key(|(k, _)| k.span().start);
        for (k, v) in rows {
            let line = line_of(text, k.span().start);
            match entry(k.get_ref().as_ref(), v.get_ref(), section, lang) {
                Ok((keys, action)) => {
                    let (action, desc) = match action {
                        Some((a, d)) => (Some(a), d),
                        None => (None, None),
                    };
                    let b = Binding {
                        keys,
                        action: action.unwrap_or(Action::Quit),
                        user_desc: desc.is_some() && !shipped,
                        desc: desc.unwrap_or_default(),
                        origin: Origin {
                            file: file.to_string(),
                            line,
                        },
                    };
                    entries.push((section, b, action.is_none()));
                }
                Err(p) => errors.push(err(Some(line), p)),
            }
        }
    }
    // The shipped default is the root of every chain.
    if std::ptr::eq(text, DEFAULT_TOML) {
        base_name = "none".into();
    }
    let mut km = match base_name.as_str() {
        "none" => Keymap::default(),
        "vim" => parse(VIM_TOML, "vim.toml", lang).map_err(|mut e| {
            e.append(&mut errors);
            e
        })?,
        _ => parse(DEFAULT_TOML, "default.toml", lang).map_err(|mut e| {
            e.append(&mut errors);
            e
        })?,
    };
    km.name = file.to_string();
    let mut seen: Vec<(Section, Vec<super::Key>)> = Vec::new();
    for (section, b, unbind) in entries {
        if seen.iter().any(|(s, k)| *s == section && *k == b.keys) {
            errors.push(err(
                Some(b.origin.line),
                tr!(
                    lang,
                    "keymap.twice",
                    keys = show_seq(&b.keys),
                    section = section.name()
                ),
            ));
            continue;
        }
        seen.push((section, b.keys.clone()));
        let list = km.bindings_mut(section);
        let at = list.iter().position(|o| o.keys == b.keys);
        match (unbind, at) {
            (true, Some(i)) => {
                list.remove(i);
            }
            (true, None) => {}
            (false, Some(i)) => list[i] = b,
            (false, None) => list.push(b),
        }
    }
    errors.extend(conflicts(&km, file, lang));
    if errors.is_empty() {
        Ok(km)
    } else {
        Err(errors)
    }
}

type Entry = (Vec<super::Key>, Option<(Action, Option<String>)>);

/// One `keys = …` line: the keys and the action (`None` to unbind).
fn entry(keys: &str, value: &DeValue<'_>, section: Section, lang: Lang) -> Result<Entry, String> {
    let keys = parse_seq(keys).map_err(|e| tr!(lang, "keymap.bad_key", problem = e))?;
    let (action, desc) = match value {
        DeValue::String(s) => (s.to_string(), None),
        DeValue::Table(t) => {
            let mut action = None;
            let mut desc = None;
            for (k, v) in t.iter() {
                match (k.get_ref().as_ref(), v.get_ref()) {
                    ("action", DeValue::String(s)) => action = Some(s.to_string()),
                    ("desc", DeValue::String(s)) => desc = Some(s.to_string()),
                    (other, _) => {
                        return Err(tr!(lang, "keymap.bad_field", field = other));
                    }
                }
            }
            (
                action.ok_or_else(|| tr!(lang, "keymap.no_action"))?,
                desc.filter(|d| !d.trim().is_empty()),
            )
        }
        _ => return Err(tr!(lang, "keymap.bad_value")),
    };
    if action == "unbind" {
        return Ok((keys, None));
    }
    let a = Action::parse(&action)
        .ok_or_else(|| tr!(lang, "keymap.unknown_action", action = action))?;
    if !section.accepts(a) {
        return Err(tr!(
            lang,
            "keymap.wrong_section",
            action = action,
            section = section.name()
        ));
    }
    Ok((keys, Some((a, desc))))
}

/// Sequences that can never be reached because a shorter one in the same
/// scope fires first, or because two spellings bind the same keys.
fn conflicts(km: &Keymap, file: &str, lang: Lang) -> Vec<KeymapError> {
    let mut out = Vec::new();
    for section in Section::ALL {
        let scope = km.in_force_all(section);
        for (i, (sa, a)) in scope.iter().enumerate() {
            for (sb, b) in scope.iter().skip(i + 1) {
                let (short, long) = if a.keys.len() <= b.keys.len() {
                    ((sa, a), (sb, b))
                } else {
                    ((sb, b), (sa, a))
                };
                if long.1.keys.len() > short.1.keys.len() && long.1.keys.starts_with(&short.1.keys)
                {
                    // Report on the binding written in this file, if either is.
                    let at = if long.1.origin.file == file {
                        long.1
                    } else {
                        short.1
                    };
                    let msg = tr!(
                        lang,
                        "keymap.prefix",
                        short = show_seq(&short.1.keys),
                        short_section = short.0.name(),
                        long = show_seq(&long.1.keys),
                        long_section = long.0.name()
                    );
                    let e = KeymapError {
                        file: at.origin.file.clone(),
                        line: Some(at.origin.line),
                        problem: msg,
                    };
                    if !out.contains(&e) {
                        out.push(e);
                    }
                }
            }
        }
    }
    out
}

impl Keymap {
    /// Like `in_force`, but with shadowed global bindings too (a global
    /// prefix of a view's sequence is a conflict even when shadowed).
    fn in_force_all(&self, section: Section) -> Vec<(Section, &Binding)> {
        let mut out: Vec<(Section, &Binding)> = self
            .bindings(section)
            .iter()
            .map(|b| (section, b))
            .collect();
        if section != Section::Global {
            for b in self.bindings(Section::Global) {
                if Keymap::scope(section, b.keys.first()).contains(&Section::Global)
                    && !out.iter().any(|(_, o)| o.keys == b.keys)
                {
                    out.push((Section::Global, b));
                }
            }
        }
        out
    }
}

/// Reads and parses a user's keymap file.
pub fn load_user(path: &Path, lang: Lang) -> Result<Keymap, Vec<KeymapError>> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![KeymapError {
            file: shown.clone(),
            line: None,
            problem: tr!(lang, "keymap.unreadable", problem = e.to_string()),
        }]
    })?;
    parse(&text, &shown, lang)
}

/// The user's keymap file in the platform configuration directory.
pub fn user_file() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "accord", "accord")
        .map(|d| d.config_dir().join("keymap.toml"))
        .filter(|p| p.exists())
}

/// The keymap in force: `explicit` (from `--keymap`), else the user's file
/// if there is one, else the default. A broken file gives its errors and
/// the default keymap.
pub fn load(explicit: Option<&Path>, lang: Lang) -> (Keymap, Vec<KeymapError>) {
    let default = || {
        let mut km = parse(DEFAULT_TOML, "default.toml", lang).unwrap_or_default();
        km.name = "default".into();
        km
    };
    let path = explicit.map(Path::to_path_buf).or_else(user_file);
    match path {
        None => (default(), Vec::new()),
        Some(p) => match load_user(&p, lang) {
            Ok(km) => (km, Vec::new()),
            Err(e) => (default(), e),
        },
    }
}

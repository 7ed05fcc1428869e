//! The user's configuration file, `config.toml` in the configuration
//! directory (`~/.config/accord/config.toml` on Linux, or `ACCORD_CONFIG`):
//!
//! ```toml
//! lang = "zh"                 # as --lang
//! me = "Li Na"                # who "mine" means
//! db = "~/accord/office.db"   # the personal database (as --db)
//! server = "service=accord"   # or the team database (as --server)
//! no_contact_days = 90        # partnerships silent this long count as "no contact"
//! date_order = "dmy"          # how imports read 03/04/2026: dmy, mdy or ymd
//! ```
//!
//! A broken file never stops accord: each problem is reported with the
//! file, the line and what is wrong, and the defaults stay in force for
//! what could not be read (like a broken keymap).

use crate::text::line_of;
use std::fmt;
use std::path::{Path, PathBuf};

use rust_i18n::t;
use toml::de::{DeTable, DeValue};

pub use crate::exchange::import::DateOrder;
use crate::i18n::Lang;

/// The settings the file gave; `None` where it gave none (or a broken one).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Config {
    pub server: Option<String>,
    pub lang: Option<Lang>,
    pub me: Option<String>,
    pub db: Option<PathBuf>,
    pub no_contact_days: Option<u32>,
    pub date_order: Option<DateOrder>,
    /// How digests are mailed (`[mail]`, see [`crate::mail::MailConfig`]).
    pub mail: Option<crate::mail::MailConfig>,
}

/// The settings a file may hold, in the order the README lists them.
pub const SETTINGS: &[&str] = &[
    "lang",
    "me",
    "db",
    "server",
    "no_contact_days",
    "date_order",
    "mail",
];

/// The longest no-contact period accepted, in days (ten years).
const MAX_NO_CONTACT_DAYS: i64 = 3650;

/// One problem in the configuration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: Option<usize>,
    pub what: What,
}

/// What is wrong; worded in the interface language when shown, so that
/// the file's own `lang` can choose the language of its problems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    Unreadable(String),
    Syntax(String),
    Unknown(String),
    NotText(String),
    BadLang(String),
    BadDays(String),
    BadDateOrder(String),
    Mail(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let problem = match &self.what {
            What::Unreadable(e) => t!("config.unreadable", problem = e),
            What::Syntax(e) => t!("config.syntax", problem = e),
            What::Unknown(k) => t!("config.unknown", key = k, all = SETTINGS.join(", ")),
            What::NotText(k) => t!("config.not_text", key = k),
            What::BadLang(v) => t!("config.bad_lang", value = v),
            What::BadDays(v) => t!(
                "config.bad_days",
                value = v,
                max = MAX_NO_CONTACT_DAYS.to_string()
            ),
            What::BadDateOrder(v) => t!("config.bad_date_order", value = v),
            What::Mail(e) => t!("config.mail", problem = e),
        };
        match self.line {
            Some(line) => f.write_str(&t!(
                "config.at_line",
                file = self.file,
                line = line.to_string(),
                problem = problem
            )),
            None => f.write_str(&t!("config.in_file", file = self.file, problem = problem)),
        }
    }
}

/// The configuration file's path.
pub fn path() -> Option<PathBuf> {
    match std::env::var_os("ACCORD_CONFIG") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => crate::paths::config_dir().map(|d| d.join("config.toml")),
    }
}

/// Reads the configuration file: a missing file is an empty
/// configuration; a broken one gives what could be read and its problems.
pub fn load() -> (Config, Vec<Problem>) {
    let Some(path) = path() else {
        return (Config::default(), Vec::new());
    };
    read(&path)
}

/// Reads the configuration file at `path`.
pub fn read(path: &Path) -> (Config, Vec<Problem>) {
    let file = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, &file),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), Vec::new()),
        Err(e) => (
            Config::default(),
            vec![Problem {
                file,
                line: None,
                what: What::Unreadable(crate::i18n::io_problem(&e)),
            }],
        ),
    }
}

/// Parses the text of a configuration file (`file` names it in problems).
pub fn parse(text: &str, file: &str) -> (Config, Vec<Problem>) {
    let mut config = Config::default();
    let mut problems = Vec::new();
    let problem = |line: usize, what: What| Problem {
        file: file.to_string(),
        line: Some(line),
        what,
    };
    let doc = match DeTable::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let line = e.span().map(|s| line_of(text, s.start));
            problems.push(Problem {
                file: file.to_string(),
                line,
                what: What::Syntax(e.message().trim().to_string()),
            });
            return (config, problems);
        }
    };
    let mut entries: Vec<_> = doc.get_ref().iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    for (key, value) in entries {
        let line = line_of(text, key.span().start);
        let name = key.get_ref().as_ref();
        if !SETTINGS.contains(&name) {
            problems.push(problem(line, What::Unknown(name.to_string())));
            continue;
        }
        if name == "mail" {
            match mail_section(text) {
                Ok(mail) => config.mail = mail,
                Err((at, e)) => problems.push(problem(at.unwrap_or(line), What::Mail(e))),
            }
            continue;
        }
        let shown = shown(text, value.span());
        if name == "no_contact_days" {
            match value.get_ref() {
                DeValue::Integer(i) => {
                    match i64::from_str_radix(i.as_str(), i.radix())
                        .ok()
                        .filter(|d| (1..=MAX_NO_CONTACT_DAYS).contains(d))
                        .and_then(|d| u32::try_from(d).ok())
                    {
                        Some(d) => config.no_contact_days = Some(d),
                        None => problems.push(problem(line, What::BadDays(shown))),
                    }
                }
                _ => problems.push(problem(line, What::BadDays(shown))),
            }
            continue;
        }
        let DeValue::String(s) = value.get_ref() else {
            problems.push(problem(line, What::NotText(name.to_string())));
            continue;
        };
        let s = s.as_ref().trim();
        match name {
            "lang" => match Lang::parse(s) {
                Some(l) => config.lang = Some(l),
                None => problems.push(problem(line, What::BadLang(s.to_string()))),
            },
            "date_order" => match DateOrder::parse(s) {
                Some(o) => config.date_order = Some(o),
                None => problems.push(problem(line, What::BadDateOrder(s.to_string()))),
            },
            "me" => config.me = Some(s.to_string()).filter(|s| !s.is_empty()),
            "server" => config.server = Some(s.to_string()).filter(|s| !s.is_empty()),
            "db" => config.db = Some(expand_home(s)).filter(|_| !s.is_empty()),
            _ => {}
        }
    }
    (config, problems)
}

/// The `[mail]` table, read with its own rules (unknown keys refused, so a
/// `password = …` is never accepted); an error carries its line.
fn mail_section(text: &str) -> Result<Option<crate::mail::MailConfig>, (Option<usize>, String)> {
    #[derive(serde::Deserialize)]
    struct MailOnly {
        mail: Option<crate::mail::MailConfig>,
    }
    toml::from_str::<MailOnly>(text)
        .map(|m| m.mail)
        .map_err(|e| {
            (
                e.span().map(|s| line_of(text, s.start)),
                e.message().trim().to_string(),
            )
        })
}

/// The text of a value as written in the file, shortened for a message.
fn shown(text: &str, span: std::ops::Range<usize>) -> String {
    let s = text.get(span).unwrap_or_default().trim();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(39).collect::<String>())
    } else {
        s.to_string()
    }
}

/// `~/accord.db` is in the home directory.
fn expand_home(s: &str) -> PathBuf {
    match s.strip_prefix("~/") {
        Some(rest) => match directories::BaseDirs::new() {
            Some(b) => b.home_dir().join(rest),
            None => PathBuf::from(s),
        },
        None => PathBuf::from(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Problems in English, the language unit tests run in (no test
    /// changes the process's language: the Chinese ones run the binary).
    fn en(p: &Problem) -> String {
        p.to_string()
    }

    #[test]
    fn reads_every_setting() {
        let (c, problems) = parse(
            "lang = \"zh\"\nme = \"Li Na\"\ndb = \"/tmp/office.db\"\nserver = \"service=accord\"\n\
             no_contact_days = 60\ndate_order = \"mdy\"\n",
            "config.toml",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(c.lang, Some(Lang::Zh));
        assert_eq!(c.me.as_deref(), Some("Li Na"));
        assert_eq!(c.db, Some(PathBuf::from("/tmp/office.db")));
        assert_eq!(c.server.as_deref(), Some("service=accord"));
        assert_eq!(c.no_contact_days, Some(60));
        assert_eq!(c.date_order, Some(DateOrder::Mdy));
    }

    #[test]
    fn a_bad_setting_is_reported_by_line_and_the_others_still_apply() {
        let (c, problems) = parse(
            "me = \"Li Na\"\n\nsever = \"x\"\nno_contact_days = \"ninety\"\nlang = \"fr\"\n\
             date_order = \"dd/mm\"\nme2 = 1\ndb = 7\n",
            "/home/li/.config/accord/config.toml",
        );
        assert_eq!(c.me.as_deref(), Some("Li Na"));
        assert_eq!(c.no_contact_days, None);
        assert_eq!(c.lang, None);
        let lines: Vec<Option<usize>> = problems.iter().map(|p| p.line).collect();
        assert_eq!(
            lines,
            vec![Some(3), Some(4), Some(5), Some(6), Some(7), Some(8)]
        );
        let first = en(&problems[0]);
        assert!(
            first.starts_with("/home/li/.config/accord/config.toml, line 3: ")
                && first.contains("sever"),
            "{first}"
        );
        assert!(
            en(&problems[1]).contains("\"ninety\""),
            "{}",
            en(&problems[1])
        );
    }

    #[test]
    fn a_syntax_error_names_its_line_and_keeps_every_default() {
        let (c, problems) = parse("lang = \"zh\"\nme = Li Na\n", "config.toml");
        assert_eq!(c, Config::default());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(2));
    }

    #[test]
    fn out_of_range_periods_are_refused() {
        for bad in ["0", "-5", "99999", "99999999999999999999"] {
            let (c, problems) = parse(&format!("no_contact_days = {bad}\n"), "c");
            assert_eq!(c.no_contact_days, None, "{bad}");
            assert_eq!(problems.len(), 1, "{bad}");
        }
    }
}

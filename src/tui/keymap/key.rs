//! One key press as keymap files write it: `q`, `G`, `ctrl-k`, `shift-tab`,
//! `enter`, `pgdn`, `f1`, `space`. Sequences are keys separated by spaces
//! (`g g`).

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

/// A key with its modifiers. Shift is folded into characters (`G`, `?`),
/// and shift-tab is `BackTab`, so that one press has one spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: Code,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

const NAMED: &[(&str, Code)] = &[
    ("enter", Code::Enter),
    ("return", Code::Enter),
    ("esc", Code::Esc),
    ("escape", Code::Esc),
    ("tab", Code::Tab),
    ("backtab", Code::BackTab),
    ("backspace", Code::Backspace),
    ("bs", Code::Backspace),
    ("delete", Code::Delete),
    ("del", Code::Delete),
    ("insert", Code::Insert),
    ("ins", Code::Insert),
    ("up", Code::Up),
    ("down", Code::Down),
    ("left", Code::Left),
    ("right", Code::Right),
    ("home", Code::Home),
    ("end", Code::End),
    ("pageup", Code::PageUp),
    ("pgup", Code::PageUp),
    ("pagedown", Code::PageDown),
    ("pgdn", Code::PageDown),
    ("space", Code::Char(' ')),
];

impl Key {
    pub const fn plain(code: Code) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    pub const fn char(c: char) -> Key {
        Key::plain(Code::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: Code::Char(c),
            ctrl: true,
            alt: false,
            shift: false,
        }
    }

    /// A printable character typed without ctrl or alt: text for inputs.
    pub fn text(&self) -> Option<char> {
        match self.code {
            Code::Char(c) if !self.ctrl && !self.alt => Some(c),
            _ => None,
        }
    }

    /// Parses one key such as `ctrl-k`; the error says what is wrong.
    pub fn parse(s: &str) -> Result<Key, String> {
        let mut ctrl = false;
        let mut alt = false;
        let mut shift = false;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            let cut = ["ctrl-", "c-", "alt-", "a-", "m-", "shift-", "s-"]
                .iter()
                .find(|p| lower.starts_with(*p) && rest.len() > p.len());
            match cut {
                Some(p) => {
                    match *p {
                        "ctrl-" | "c-" => ctrl = true,
                        "alt-" | "a-" | "m-" => alt = true,
                        _ => shift = true,
                    }
                    rest = &rest[p.len()..];
                }
                None => break,
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => Code::Char(c),
            (None, _) => return Err(format!("'{s}' names no key")),
            _ => {
                let lower = rest.to_ascii_lowercase();
                if let Some((_, code)) = NAMED.iter().find(|(n, _)| *n == lower) {
                    *code
                } else if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok())
                    && (1..=24).contains(&n)
                {
                    Code::F(n)
                } else {
                    return Err(format!(
                        "'{s}' is not a key; write a character (q, G, ?), a name (enter, esc, tab, backtab, up, down, left, right, home, end, pgup, pgdn, backspace, delete, space, f1…f12) or add ctrl-, alt-, shift-"
                    ));
                }
            }
        };
        Ok(Key::normalise(code, ctrl, alt, shift))
    }

    /// One spelling per press: shift goes into the character.
    fn normalise(code: Code, ctrl: bool, alt: bool, shift: bool) -> Key {
        match code {
            Code::Char(c) if ctrl => Key {
                code: Code::Char(c.to_ascii_lowercase()),
                ctrl,
                alt,
                shift,
            },
            Code::Char(c) if shift => Key {
                code: Code::Char(c.to_uppercase().next().unwrap_or(c)),
                ctrl,
                alt,
                shift: false,
            },
            Code::Tab if shift => Key {
                code: Code::BackTab,
                ctrl,
                alt,
                shift: false,
            },
            Code::BackTab => Key {
                code: Code::BackTab,
                ctrl,
                alt,
                shift: false,
            },
            _ => Key {
                code,
                ctrl,
                alt,
                shift,
            },
        }
    }

    /// From a terminal event; `None` for keys accord does not bind.
    pub fn from_event(e: &KeyEvent) -> Option<Key> {
        let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
        let alt = e.modifiers.contains(KeyModifiers::ALT);
        let shift = e.modifiers.contains(KeyModifiers::SHIFT);
        let code = match e.code {
            KeyCode::Char(c) => {
                // The terminal already applied shift to the character; with
                // ctrl the case is lost, so shift is kept as a modifier.
                return Some(Key::normalise(Code::Char(c), ctrl, alt, ctrl && shift));
            }
            KeyCode::Enter => Code::Enter,
            KeyCode::Esc => Code::Esc,
            KeyCode::Tab => Code::Tab,
            KeyCode::BackTab => Code::BackTab,
            KeyCode::Backspace => Code::Backspace,
            KeyCode::Delete => Code::Delete,
            KeyCode::Insert => Code::Insert,
            KeyCode::Up => Code::Up,
            KeyCode::Down => Code::Down,
            KeyCode::Left => Code::Left,
            KeyCode::Right => Code::Right,
            KeyCode::Home => Code::Home,
            KeyCode::End => Code::End,
            KeyCode::PageUp => Code::PageUp,
            KeyCode::PageDown => Code::PageDown,
            KeyCode::F(n) => Code::F(n),
            _ => return None,
        };
        Some(Key::normalise(code, ctrl, alt, shift))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        if self.shift {
            f.write_str("shift-")?;
        }
        match self.code {
            Code::Char(' ') => f.write_str("space"),
            Code::Char(c) => write!(f, "{c}"),
            Code::F(n) => write!(f, "f{n}"),
            Code::PageUp => f.write_str("pgup"),
            Code::PageDown => f.write_str("pgdn"),
            Code::BackTab => f.write_str("shift-tab"),
            other => {
                let name = NAMED
                    .iter()
                    .find(|(_, c)| *c == other)
                    .map(|(n, _)| *n)
                    .unwrap_or("?");
                f.write_str(name)
            }
        }
    }
}

/// Parses a sequence such as `g g`.
pub fn parse_seq(s: &str) -> Result<Vec<Key>, String> {
    let keys: Result<Vec<Key>, String> = s.split_whitespace().map(Key::parse).collect();
    let keys = keys?;
    if keys.is_empty() {
        return Err("an empty key".into());
    }
    if keys.len() > 4 {
        return Err(format!("'{s}' is longer than four keys"));
    }
    Ok(keys)
}

/// How a sequence is shown in help and hints: `g g`, `ctrl-k`, `↑`.
pub fn show_seq(keys: &[Key]) -> String {
    keys.iter()
        .map(|k| match (k.code, k.ctrl || k.alt || k.shift) {
            (Code::Up, false) => "↑".to_string(),
            (Code::Down, false) => "↓".to_string(),
            (Code::Left, false) => "←".to_string(),
            (Code::Right, false) => "→".to_string(),
            _ => k.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_press_are_one_key() {
        assert_eq!(Key::parse("ctrl-k"), Key::parse("C-k"));
        assert_eq!(Key::parse("Ctrl-K").unwrap(), Key::ctrl('k'));
        assert_ne!(Key::parse("ctrl-shift-k").unwrap(), Key::ctrl('k'));
        assert_eq!(Key::parse("shift-g"), Key::parse("G"));
        assert_eq!(Key::parse("shift-tab"), Key::parse("backtab"));
        assert_eq!(Key::parse("space").unwrap(), Key::char(' '));
        assert_eq!(Key::parse("-").unwrap(), Key::char('-'));
        assert_eq!(Key::parse("ctrl--").unwrap(), Key::ctrl('-'));
        assert_eq!(Key::parse("PgDn").unwrap(), Key::plain(Code::PageDown));
        assert_eq!(Key::parse("f1").unwrap(), Key::plain(Code::F(1)));
    }

    #[test]
    fn keys_print_as_they_parse() {
        for s in [
            "q",
            "G",
            "ctrl-k",
            "shift-tab",
            "enter",
            "pgdn",
            "f5",
            "space",
            "alt-x",
        ] {
            let k = Key::parse(s).unwrap();
            assert_eq!(Key::parse(&k.to_string()).unwrap(), k, "{s}");
        }
    }

    #[test]
    fn events_map_to_the_keys_files_name() {
        let e = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&e), Key::parse("G").ok());
        let e = KeyEvent::new(KeyCode::Char('k'), KeyModifiers::CONTROL);
        assert_eq!(Key::from_event(&e), Key::parse("ctrl-k").ok());
        let e = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&e), Key::parse("shift-tab").ok());
    }

    #[test]
    fn nonsense_is_refused_with_the_text() {
        let e = Key::parse("hyper-q").unwrap_err();
        assert!(e.contains("'hyper-q' is not a key"), "{e}");
        assert!(parse_seq("").is_err());
        assert!(parse_seq("a b c d e").is_err());
    }
}

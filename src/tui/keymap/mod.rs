//! Keymaps: which key does what in which part of the interface.
//!
//! A keymap file has one section per view (and per popup) plus `[global]`;
//! each entry binds a key or a key sequence to an [`Action`] with a
//! description. The default is embedded; the user's file may start from the
//! default or the vim map (`base = "vim"`) and override or unbind single keys.

mod key;
mod load;
mod section;

use std::collections::BTreeMap;

pub use key::{Code, Key, parse_seq, show_seq};
pub use load::{DEFAULT_TOML, KeymapError, VIM_TOML, load, load_user, parse};
pub use section::Section;

use super::action::Action;

/// Where a binding was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub keys: Vec<Key>,
    pub action: Action,
    pub desc: String,
    /// Set when the description was written by the user (shown as is);
    /// shipped descriptions are replaced by the catalog's in help.
    pub user_desc: bool,
    pub origin: Origin,
}

/// What a key press means so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    Action(Action),
    /// The keys so far start a longer sequence: wait for the next key.
    Pending,
    Unbound,
}

#[derive(Debug, Clone, Default)]
pub struct Keymap {
    /// Shown in help: `default`, `vim`, or the user's file.
    pub name: String,
    sections: BTreeMap<Section, Vec<Binding>>,
}

impl Keymap {
    pub fn bindings(&self, section: Section) -> &[Binding] {
        self.sections
            .get(&section)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    fn bindings_mut(&mut self, section: Section) -> &mut Vec<Binding> {
        self.sections.entry(section).or_default()
    }

    /// The sections consulted for `key` in `section`, in order.
    fn scope(section: Section, key: Option<&Key>) -> Vec<Section> {
        let global = match key {
            _ if section == Section::Global => false,
            Some(k) if section.takes_text() || section == Section::Confirm => {
                k.ctrl || k.alt || matches!(k.code, Code::F(_))
            }
            _ => true,
        };
        if global {
            vec![section, Section::Global]
        } else {
            vec![section]
        }
    }

    /// Resolves `pending` followed by `key` in `section`.
    pub fn resolve(&self, section: Section, pending: &[Key], key: Key) -> Resolved {
        let mut seq = pending.to_vec();
        seq.push(key);
        let first = seq.first().copied();
        let scope = Keymap::scope(section, first.as_ref());
        for s in &scope {
            if let Some(b) = self.bindings(*s).iter().find(|b| b.keys == seq) {
                return Resolved::Action(b.action);
            }
        }
        let longer = scope.iter().any(|s| {
            self.bindings(*s)
                .iter()
                .any(|b| b.keys.len() > seq.len() && b.keys.starts_with(&seq))
        });
        if longer {
            Resolved::Pending
        } else if !pending.is_empty() {
            // The sequence broke off: the new key counts on its own.
            self.resolve(section, &[], key)
        } else {
            Resolved::Unbound
        }
    }

    /// Every binding in force in `section`: its own, then the global ones
    /// it does not shadow.
    pub fn in_force(&self, section: Section) -> Vec<(Section, &Binding)> {
        let mut out: Vec<(Section, &Binding)> = self
            .bindings(section)
            .iter()
            .map(|b| (section, b))
            .collect();
        if section != Section::Global {
            for b in self.bindings(Section::Global) {
                let reachable = Keymap::scope(section, b.keys.first()).contains(&Section::Global);
                let shadowed = out.iter().any(|(_, o)| o.keys == b.keys);
                if reachable && !shadowed {
                    out.push((Section::Global, b));
                }
            }
        }
        out
    }

    /// The first key sequence bound to `action` in `section` (or global),
    /// as shown to the user; `None` when the action is unbound.
    pub fn key_for(&self, section: Section, action: Action) -> Option<String> {
        self.in_force(section)
            .into_iter()
            .find(|(_, b)| b.action == action)
            .map(|(_, b)| show_seq(&b.keys))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn default() -> Keymap {
        parse(DEFAULT_TOML, "default.toml", Lang::En).unwrap()
    }

    #[test]
    fn view_bindings_come_before_global_ones() {
        let km = parse(
            "base = \"none\"\n[global]\nq = { action = \"quit\", desc = \"Quit\" }\n\
             [triage]\nq = { action = \"done\", desc = \"Done\" }\n",
            "t.toml",
            Lang::En,
        )
        .unwrap();
        assert_eq!(
            km.resolve(Section::Triage, &[], Key::char('q')),
            Resolved::Action(Action::Done)
        );
        assert_eq!(
            km.resolve(Section::Dashboard, &[], Key::char('q')),
            Resolved::Action(Action::Quit)
        );
    }

    #[test]
    fn sequences_wait_for_their_next_key() {
        let km = parse(VIM_TOML, "vim.toml", Lang::En).unwrap();
        let g = Key::char('g');
        assert_eq!(km.resolve(Section::Tables, &[], g), Resolved::Pending);
        assert_eq!(
            km.resolve(Section::Tables, &[g], g),
            Resolved::Action(Action::Top)
        );
        // A broken-off sequence lets the new key count on its own.
        assert_eq!(
            km.resolve(Section::Tables, &[g], Key::char('j')),
            Resolved::Action(Action::Down)
        );
    }

    #[test]
    fn typing_in_a_text_field_is_not_taken_by_global_keys() {
        let km = default();
        assert_eq!(
            km.resolve(Section::Search, &[], Key::char('q')),
            Resolved::Unbound
        );
        assert_eq!(
            km.resolve(Section::Search, &[], Key::ctrl('c')),
            Resolved::Action(Action::Quit)
        );
    }

    #[test]
    fn help_lists_what_is_in_force_and_hints_find_keys() {
        let km = default();
        let triage = km.in_force(Section::Triage);
        assert!(triage.iter().any(|(_, b)| b.action == Action::Done));
        assert!(triage.iter().any(|(_, b)| b.action == Action::Quit));
        assert_eq!(
            km.key_for(Section::Triage, Action::Undo).as_deref(),
            Some("u")
        );
    }
}

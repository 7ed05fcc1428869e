//! A one-line text field: typing, cursor movement, deletion by character
//! and by word, and drawing scrolled so the cursor stays visible.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

use crate::tui::action::Action;
use crate::tui::text;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    chars: Vec<char>,
    /// Cursor position in characters (0..=len).
    cursor: usize,
}

impl LineInput {
    pub fn new(s: &str) -> LineInput {
        let chars: Vec<char> = s.chars().filter(|c| !c.is_control()).collect();
        let cursor = chars.len();
        LineInput { chars, cursor }
    }

    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    pub fn set(&mut self, s: &str) {
        *self = LineInput::new(s);
    }

    pub fn insert(&mut self, c: char) {
        if c.is_control() || self.chars.len() >= 4000 {
            return;
        }
        self.chars.insert(self.cursor.min(self.chars.len()), c);
        self.cursor += 1;
    }

    /// Applies an editing action; `false` when the action is not editing.
    pub fn edit(&mut self, action: Action) -> bool {
        let len = self.chars.len();
        match action {
            Action::DeleteBack if self.cursor > 0 => {
                self.cursor -= 1;
                self.chars.remove(self.cursor);
            }
            Action::DeleteForward if self.cursor < len => {
                self.chars.remove(self.cursor);
            }
            Action::DeleteWord => {
                let mut start = self.cursor;
                while start > 0 && self.chars[start - 1] == ' ' {
                    start -= 1;
                }
                while start > 0 && self.chars[start - 1] != ' ' {
                    start -= 1;
                }
                self.chars.drain(start..self.cursor);
                self.cursor = start;
            }
            Action::ClearLine => {
                self.chars.clear();
                self.cursor = 0;
            }
            Action::Left => self.cursor = self.cursor.saturating_sub(1),
            Action::Right => self.cursor = (self.cursor + 1).min(len),
            Action::LineStart => self.cursor = 0,
            Action::LineEnd => self.cursor = len,
            Action::DeleteBack | Action::DeleteForward => {}
            _ => return false,
        }
        true
    }

    /// Draws the text in `area` (one line); with `focus`, shows the cursor
    /// and places the terminal cursor there (for input methods).
    pub fn render(&self, frame: &mut Frame, area: Rect, style: Style, focus: bool) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let width = usize::from(area.width);
        let cursor = self.cursor.min(self.chars.len());
        let cw = |c: &char| unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
        // Scroll so that the cursor cell fits.
        let mut start = 0;
        let mut used: usize = self.chars[..cursor].iter().map(cw).sum();
        while used >= width && start < cursor {
            used -= cw(&self.chars[start]);
            start += 1;
        }
        let shown: String = self.chars[start..].iter().collect();
        let buf = frame.buffer_mut();
        buf.set_style(area, style);
        buf.set_stringn(area.x, area.y, text::clean(&shown), width, style);
        if focus {
            let x = area
                .x
                .saturating_add(u16::try_from(used).unwrap_or(u16::MAX));
            if x < area.right() {
                let pos = Position::new(x, area.y);
                if let Some(cell) = buf.cell_mut(pos) {
                    cell.set_style(style.add_modifier(ratatui::style::Modifier::REVERSED));
                }
                frame.set_cursor_position(pos);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_works_on_characters_not_bytes() {
        let mut i = LineInput::new("首钢");
        i.insert('医');
        assert_eq!(i.text(), "首钢医");
        i.edit(Action::Left);
        i.edit(Action::DeleteBack);
        assert_eq!(i.text(), "首医");
        i.edit(Action::LineEnd);
        i.insert(' ');
        i.insert('x');
        i.edit(Action::DeleteWord);
        assert_eq!(i.text(), "首医 ");
        i.edit(Action::ClearLine);
        assert!(i.is_empty());
        assert!(!i.edit(Action::Done));
    }
}

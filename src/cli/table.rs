//! Aligned plain-text tables whose columns line up with CJK text.

use unicode_width::UnicodeWidthStr;

use crate::text::{clean, truncate_to_width};

/// A table printed with columns padded by display width.
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    /// The widest a column may grow before its text is cut with `…`.
    max_width: usize,
    /// Narrower limits for particular columns.
    limits: Vec<(usize, usize)>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            max_width: 48,
            limits: Vec::new(),
        }
    }

    /// A table whose headings are the catalog's `cli.col.KEY` texts.
    pub fn headed(keys: &[&str]) -> Table {
        let headers: Vec<String> = keys
            .iter()
            .map(|k| crate::i18n::text(&format!("cli.col.{k}")))
            .collect();
        let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
        Table::new(&refs)
    }

    /// Caps column `col` at `width` display columns.
    pub fn limit(mut self, col: usize, width: usize) -> Table {
        self.limits.push((col, width));
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(
            cells
                .into_iter()
                .map(|c| {
                    if !plain(&c) && c.chars().any(char::is_control) {
                        clean(&c)
                    } else {
                        c
                    }
                })
                .collect(),
        );
    }

    pub fn render(&self) -> String {
        let n = self.headers.len();
        let caps: Vec<usize> = (0..n)
            .map(|i| {
                self.limits
                    .iter()
                    .find(|(c, _)| *c == i)
                    .map_or(self.max_width, |(_, w)| *w)
            })
            .collect();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        let mut bytes = 0;
        for r in &self.rows {
            for ((c, w), cap) in r.iter().zip(widths.iter_mut()).zip(&caps) {
                *w = (*w).max(width(c).min(*cap));
                bytes += c.len() + 2;
            }
        }
        // Room for every cell, padded, without growing as it goes.
        let line_room = widths.iter().sum::<usize>() + 2 * n + 1;
        let mut out = String::with_capacity(bytes + (self.rows.len() + 2) * line_room * 3 / 2);
        // Cells padded to their column's width and two spaces apart, the
        // last not padded, trailing blanks trimmed.
        let line = |cells: &[String], out: &mut String| {
            let start = out.len();
            for (i, w) in widths.iter().enumerate() {
                if i > 0 {
                    out.push_str("  ");
                }
                let cell = cells.get(i).map(String::as_str).unwrap_or("");
                let width = width(cell);
                let used = if width <= *w {
                    out.push_str(cell);
                    width
                } else {
                    let text = truncate_to_width(cell, *w);
                    out.push_str(&text);
                    text.width()
                };
                if i + 1 < n {
                    out.extend(std::iter::repeat_n(' ', w.saturating_sub(used)));
                }
            }
            let kept = out.get(start..).map_or(0, |l| l.trim_end().len());
            out.truncate(start + kept);
            out.push('\n');
        };
        line(&self.headers, &mut out);
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        out.push_str(&rule.join("  "));
        out.push('\n');
        for r in &self.rows {
            line(r, &mut out);
        }
        out
    }
}

/// Printable ASCII only: one column per byte, nothing to clean.
fn plain(s: &str) -> bool {
    s.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// The display width of `s` (quickly for printable ASCII).
fn width(s: &str) -> usize {
    if plain(s) { s.len() } else { s.width() }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The table as it was rendered before it was made faster: every
    /// cell formatted on its own, each line joined and trimmed.
    fn reference(t: &Table) -> String {
        let n = t.headers.len();
        let mut widths: Vec<usize> = t.headers.iter().map(|h| h.width()).collect();
        for r in &t.rows {
            for (i, c) in r.iter().enumerate().take(n) {
                let cap = t
                    .limits
                    .iter()
                    .find(|(c, _)| *c == i)
                    .map_or(t.max_width, |(_, w)| *w);
                widths[i] = widths[i].max(c.width().min(cap));
            }
        }
        let mut out = String::new();
        let line = |cells: &[String], out: &mut String| {
            let mut parts = Vec::with_capacity(n);
            for (i, w) in widths.iter().enumerate() {
                let cell = cells.get(i).map(String::as_str).unwrap_or("");
                let text = truncate_to_width(cell, *w);
                let pad = w.saturating_sub(text.width());
                if i + 1 == n {
                    parts.push(text);
                } else {
                    parts.push(format!("{text}{}", " ".repeat(pad)));
                }
            }
            out.push_str(parts.join("  ").trim_end());
            out.push('\n');
        };
        line(&t.headers, &mut out);
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        out.push_str(&rule.join("  "));
        out.push('\n');
        for r in &t.rows {
            line(r, &mut out);
        }
        out
    }

    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z0-9 .:-]{0,60}",
            "[a-z 合作医院大学 ]{0,30}",
            "[a-zА-Яа-я \\t\\n\\x1b\\u{85}é́]{0,20}",
            "[ ]{0,4}[a-z]{0,5}[ ]{0,4}",
        ]
    }

    proptest! {
        #[test]
        fn renders_as_before(
            headers in prop::collection::vec("[A-Za-z期限 ]{1,8}", 1..5),
            rows in prop::collection::vec(prop::collection::vec(cell(), 0..6), 0..12),
            limit in prop::option::of((0usize..5, 0usize..20)),
        ) {
            let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
            let mut t = Table::new(&refs);
            if let Some((col, w)) = limit {
                t = t.limit(col, w);
            }
            for r in &rows {
                t.row(r.clone());
            }
            let cleaned: Vec<Vec<String>> =
                rows.iter().map(|r| r.iter().map(|c| clean(c)).collect()).collect();
            prop_assert_eq!(&t.rows, &cleaned);
            prop_assert_eq!(t.render(), reference(&t));
        }
    }
}

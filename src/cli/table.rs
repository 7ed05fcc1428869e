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
        self.rows
            .push(cells.into_iter().map(|c| clean(&c)).collect());
    }

    pub fn render(&self) -> String {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate().take(n) {
                let cap = self
                    .limits
                    .iter()
                    .find(|(c, _)| *c == i)
                    .map_or(self.max_width, |(_, w)| *w);
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

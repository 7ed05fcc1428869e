//! Pictures of the interface: a rendered buffer as an SVG with true
//! colours, double-width CJK cells and a monospace font stack that
//! includes CJK fonts. Deterministic, so committed pictures can be checked.

use std::fmt::Write;

use ratatui::buffer::{Buffer, Cell};
use ratatui::style::{Color, Modifier};

use super::text;
use super::theme::{BG, FG};

const CELL_W: f32 = 10.0;
const CELL_H: f32 = 20.0;
const PAD: f32 = 12.0;
const FONTS: &str = "'JetBrains Mono', 'Cascadia Mono', 'DejaVu Sans Mono', 'Sarasa Mono SC', 'Noto Sans Mono CJK SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', monospace";

fn hex(c: Color, default: Color) -> String {
    let c = if c == Color::Reset { default } else { c };
    let (r, g, b) = match c {
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Black => (0x1e, 0x22, 0x2a),
        Color::Red => (0xe0, 0x6c, 0x75),
        Color::Green => (0xa3, 0xbe, 0x8c),
        Color::Yellow => (0xeb, 0xcb, 0x8b),
        Color::Blue => (0x81, 0xa1, 0xc1),
        Color::Magenta => (0xb4, 0x8e, 0xad),
        Color::Cyan => (0x88, 0xc0, 0xd0),
        Color::Gray => (0xa0, 0xa8, 0xb7),
        Color::DarkGray => (0x4c, 0x56, 0x6a),
        Color::White => (0xec, 0xef, 0xf4),
        Color::LightRed => (0xef, 0x8a, 0x92),
        Color::LightGreen => (0xb8, 0xd4, 0xa0),
        Color::LightYellow => (0xf2, 0xda, 0xa6),
        Color::LightBlue => (0x9f, 0xbc, 0xd9),
        Color::LightMagenta => (0xc9, 0xa9, 0xc4),
        Color::LightCyan => (0xa5, 0xd6, 0xe0),
        Color::Indexed(i) => (i, i, i),
        Color::Reset => (0xd8, 0xde, 0xe9),
    };
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Foreground and background of a cell, after `REVERSED`.
fn colours(cell: &Cell) -> (String, String) {
    let fg = hex(cell.fg, FG);
    let bg = hex(cell.bg, BG);
    if cell.modifier.contains(Modifier::REVERSED) {
        (bg, fg)
    } else {
        (fg, bg)
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Box-drawing characters as arms from the cell centre (left, right, up,
/// down), drawn as lines so borders join up whatever the font.
fn arms(sym: &str) -> Option<[bool; 4]> {
    Some(match sym {
        "─" => [true, true, false, false],
        "│" => [false, false, true, true],
        "┌" => [false, true, false, true],
        "┐" => [true, false, false, true],
        "└" => [false, true, true, false],
        "┘" => [true, false, true, false],
        "├" => [false, true, true, true],
        "┤" => [true, false, true, true],
        "┬" => [true, true, false, true],
        "┴" => [true, true, true, false],
        "┼" => [true, true, true, true],
        _ => return None,
    })
}

fn box_path(path: &mut String, col: u16, row: u16, a: [bool; 4]) {
    let x0 = PAD + f32::from(col) * CELL_W;
    let y0 = PAD + f32::from(row) * CELL_H;
    let (cx, cy) = (x0 + CELL_W / 2.0, y0 + CELL_H / 2.0);
    if a[0] {
        let _ = write!(path, "M{x0:.1} {cy:.1}H{cx:.1}");
    }
    if a[1] {
        let _ = write!(path, "M{cx:.1} {cy:.1}H{:.1}", x0 + CELL_W);
    }
    if a[2] {
        let _ = write!(path, "M{cx:.1} {y0:.1}V{cy:.1}");
    }
    if a[3] {
        let _ = write!(path, "M{cx:.1} {cy:.1}V{:.1}", y0 + CELL_H);
    }
}

/// A run of narrow characters with one style, or one wide character.
struct Run {
    x: u16,
    cells: u16,
    text: String,
    fg: String,
    modifier: Modifier,
}

fn text_element(out: &mut String, y: u16, r: &Run) {
    if r.text.trim().is_empty() {
        return;
    }
    let x = PAD + f32::from(r.x) * CELL_W;
    let base = PAD + f32::from(y) * CELL_H + CELL_H * 0.78;
    let mut attrs = format!("x=\"{x:.1}\" y=\"{base:.1}\" fill=\"{}\"", r.fg);
    if r.modifier.contains(Modifier::BOLD) {
        attrs.push_str(" font-weight=\"bold\"");
    }
    if r.modifier.contains(Modifier::ITALIC) {
        attrs.push_str(" font-style=\"italic\"");
    }
    if r.modifier.contains(Modifier::UNDERLINED) {
        attrs.push_str(" text-decoration=\"underline\"");
    }
    if r.modifier.contains(Modifier::DIM) {
        attrs.push_str(" opacity=\"0.6\"");
    }
    // Every run is stretched to exactly its cells, whatever the font.
    let len = f32::from(r.cells) * CELL_W;
    let _ = writeln!(
        out,
        "<text {attrs} textLength=\"{len:.1}\" lengthAdjust=\"spacingAndGlyphs\">{}</text>",
        escape(&r.text)
    );
}

/// The cell whose background shows at `x`: the cell itself, or the wide
/// character just left of it that covers it (as a terminal draws it).
fn owner(buf: &Buffer, x: u16, y: u16) -> &Cell {
    if x > buf.area.left() {
        let prev = &buf[(x - 1, y)];
        if text::width(prev.symbol()) > 1 {
            return prev;
        }
    }
    &buf[(x, y)]
}

/// The SVG of `buf`, titled `title` (for screen readers and file lists).
pub fn render(buf: &Buffer, title: &str) -> String {
    let area = buf.area;
    let width = PAD * 2.0 + f32::from(area.width) * CELL_W;
    let height = PAD * 2.0 + f32::from(area.height) * CELL_H;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" aria-label=\"{}\">",
        escape(title)
    );
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(
        out,
        "<rect width=\"100%\" height=\"100%\" rx=\"8\" fill=\"{}\"/>",
        hex(BG, BG)
    );
    let _ = writeln!(
        out,
        "<g font-family=\"{FONTS}\" font-size=\"16.5px\" xml:space=\"preserve\">"
    );
    for y in area.top()..area.bottom() {
        // Backgrounds: one rectangle per run of equal colour.
        let mut x = area.left();
        while x < area.right() {
            let (_, bg) = colours(owner(buf, x, y));
            let start = x;
            while x < area.right() && colours(owner(buf, x, y)).1 == bg {
                x += 1;
            }
            if bg != hex(BG, BG) {
                let _ = writeln!(
                    out,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{CELL_H:.1}\" fill=\"{bg}\"/>",
                    PAD + f32::from(start - area.left()) * CELL_W,
                    PAD + f32::from(y - area.top()) * CELL_H,
                    f32::from(x - start) * CELL_W
                );
            }
        }
        // Text: runs of narrow characters, and each wide one on its own.
        let mut run: Option<Run> = None;
        let mut lines: std::collections::BTreeMap<String, String> = Default::default();
        let mut x = area.left();
        while x < area.right() {
            let cell = &buf[(x, y)];
            let sym = cell.symbol();
            let w = text::width(sym).max(1) as u16;
            let (fg, _) = colours(cell);
            let col = x - area.left();
            let row = y - area.top();
            if let Some(a) = arms(sym) {
                if let Some(r) = run.take() {
                    text_element(&mut out, row, &r);
                }
                box_path(lines.entry(fg).or_default(), col, row, a);
                x += 1;
                continue;
            }
            if w > 1 {
                if let Some(r) = run.take() {
                    text_element(&mut out, row, &r);
                }
                text_element(
                    &mut out,
                    row,
                    &Run {
                        x: col,
                        cells: w,
                        text: sym.to_string(),
                        fg,
                        modifier: cell.modifier,
                    },
                );
                x += w;
                continue;
            }
            match &mut run {
                Some(r) if r.fg == fg && r.modifier == cell.modifier => {
                    r.text.push_str(sym);
                    r.cells += 1;
                }
                _ => {
                    if let Some(r) = run.take() {
                        text_element(&mut out, row, &r);
                    }
                    run = Some(Run {
                        x: col,
                        cells: 1,
                        text: sym.to_string(),
                        fg,
                        modifier: cell.modifier,
                    });
                }
            }
            x += 1;
        }
        if let Some(r) = run.take() {
            text_element(&mut out, y - area.top(), &r);
        }
        for (colour, d) in lines {
            let _ = writeln!(
                out,
                "<path d=\"{d}\" stroke=\"{colour}\" stroke-width=\"1.3\" fill=\"none\"/>"
            );
        }
    }
    out.push_str("</g>\n</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;

    #[test]
    fn wide_characters_take_two_cells_and_text_is_escaped() {
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 12, 1));
        buf.set_string(0, 0, "首钢 <a&b>", Style::default().fg(Color::Rgb(1, 2, 3)));
        let svg = render(&buf, "t");
        assert!(
            svg.contains(">首</text>") && svg.contains(">钢</text>"),
            "{svg}"
        );
        assert!(svg.contains("textLength=\"20.0\""));
        assert!(svg.contains("&lt;a&amp;b&gt;"));
        assert!(svg.contains("#010203"));
        assert!(svg.contains("Noto Sans CJK SC"));
    }
}

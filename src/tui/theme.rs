//! Colours and emphasis. True colours when allowed; with `NO_COLOR` only
//! bold, reverse, underline and dim carry meaning.

use ratatui::style::{Color, Modifier, Style};

use crate::due::Bucket;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

/// The palette (also used by the SVG screenshots for the default colours).
pub const FG: Color = Color::Rgb(0xd8, 0xde, 0xe9);
pub const BG: Color = Color::Rgb(0x1e, 0x22, 0x2a);
const PANEL: Color = Color::Rgb(0x2a, 0x30, 0x3b);
const DIM: Color = Color::Rgb(0x7b, 0x86, 0x99);
const ACCENT: Color = Color::Rgb(0x88, 0xc0, 0xd0);
const ACCENT2: Color = Color::Rgb(0x81, 0xa1, 0xc1);
const RED: Color = Color::Rgb(0xe0, 0x6c, 0x75);
const ORANGE: Color = Color::Rgb(0xd0, 0x87, 0x70);
const YELLOW: Color = Color::Rgb(0xeb, 0xcb, 0x8b);
const GREEN: Color = Color::Rgb(0xa3, 0xbe, 0x8c);
const PURPLE: Color = Color::Rgb(0xb4, 0x8e, 0xad);
const SELECT_BG: Color = Color::Rgb(0x3b, 0x4a, 0x62);
const MARK_BG: Color = Color::Rgb(0x4c, 0x3f, 0x5a);

impl Theme {
    pub fn new(no_color: bool) -> Theme {
        Theme { color: !no_color }
    }

    fn pick(&self, colored: Style, plain: Style) -> Style {
        if self.color { colored } else { plain }
    }

    /// The whole screen.
    pub fn base(&self) -> Style {
        self.pick(Style::new().fg(FG).bg(BG), Style::new())
    }

    pub fn panel(&self) -> Style {
        self.pick(Style::new().fg(FG).bg(PANEL), Style::new())
    }

    pub fn dim(&self) -> Style {
        self.pick(
            Style::new().fg(DIM),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    pub fn title(&self) -> Style {
        self.pick(
            Style::new().fg(ACCENT).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn header(&self) -> Style {
        self.pick(
            Style::new().fg(ACCENT2).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    pub fn key(&self) -> Style {
        self.pick(
            Style::new().fg(YELLOW).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn id(&self) -> Style {
        self.pick(Style::new().fg(PURPLE), Style::new())
    }

    pub fn selected(&self) -> Style {
        self.pick(
            Style::new().bg(SELECT_BG).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    /// Rows picked for a bulk action.
    pub fn marked(&self) -> Style {
        self.pick(
            Style::new().bg(MARK_BG),
            Style::new().add_modifier(Modifier::UNDERLINED),
        )
    }

    pub fn tab(&self, active: bool) -> Style {
        match (active, self.color) {
            (true, true) => Style::new().fg(BG).bg(ACCENT).add_modifier(Modifier::BOLD),
            (true, false) => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            (false, _) => self.dim(),
        }
    }

    pub fn error(&self) -> Style {
        self.pick(
            Style::new().fg(RED).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn ok(&self) -> Style {
        self.pick(Style::new().fg(GREEN), Style::new())
    }

    pub fn warn(&self) -> Style {
        self.pick(Style::new().fg(YELLOW), Style::new())
    }

    pub fn highlight(&self) -> Style {
        self.pick(
            Style::new()
                .fg(YELLOW)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    pub fn bar(&self) -> Style {
        self.pick(Style::new().fg(ACCENT2), Style::new())
    }

    pub fn bucket(&self, b: Bucket) -> Style {
        let c = match b {
            Bucket::Overdue => RED,
            Bucket::Today => ORANGE,
            Bucket::ThisWeek => YELLOW,
            Bucket::Later => GREEN,
            Bucket::NoDate => DIM,
        };
        self.pick(
            Style::new().fg(c).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// A status word: red for trouble, yellow for soon, green for fine.
    pub fn status(&self, name: &str) -> Style {
        let c = match name {
            "expired" | "lapsed" | "terminated" | "blocked" | "overdue" => RED,
            "expiring" | "negotiating" | "in_review" | "renewal_notice" | "expiry" => YELLOW,
            "active" | "signed" | "renewed" | "done" => GREEN,
            "dormant" | "closed" | "cancelled" | "draft" => DIM,
            _ => FG,
        };
        self.pick(Style::new().fg(c), Style::new())
    }
}

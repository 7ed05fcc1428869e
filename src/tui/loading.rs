//! Start-up: the records are read on a worker thread while the screen says
//! how far it has come, so even a million-record database never leaves a
//! frozen terminal. Keys typed meanwhile are kept and replayed once the
//! interface is ready; the quit key works at once.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Gauge, Paragraph};

use super::data::Data;
use super::keymap::Key;
use super::text::{clean, fit};
use super::theme::Theme;
use super::words::tr;
use crate::i18n::Lang;
use crate::store::{Progress, Store};

/// The records being read.
pub struct Loading {
    pub progress: Arc<Progress>,
    started: Instant,
    result: Receiver<Result<Data, String>>,
    location: String,
    /// Keys typed before the interface was ready, in order.
    pub typed: Vec<Key>,
}

impl Loading {
    /// Starts reading every record of `store` on a worker thread.
    pub fn start(store: Arc<dyn Store>, today: NaiveDate) -> Loading {
        let progress = Arc::new(Progress::default());
        let (tx, rx) = std::sync::mpsc::channel();
        let location = store.location();
        let counting = progress.clone();
        let read = move || {
            let data =
                Data::load_counting(store.as_ref(), today, &counting).map_err(|e| e.to_string());
            let _ = tx.send(data);
        };
        let spawned = std::thread::Builder::new()
            .name("accord-load".into())
            .spawn(read.clone());
        if spawned.is_err() {
            // No thread to spare: read here, before the first frame.
            read();
        }
        Loading {
            progress,
            started: Instant::now(),
            result: rx,
            location,
            typed: Vec::new(),
        }
    }

    /// The records, once read; `None` while the reading goes on.
    pub fn poll(&self) -> Option<Result<Data, String>> {
        match self.result.try_recv() {
            Ok(r) => Some(r),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(
                "the database could not be read (the reading stopped unexpectedly)".into(),
            )),
        }
    }

    /// Waits for the records.
    pub fn wait(self) -> Result<Data, String> {
        self.result
            .recv()
            .unwrap_or_else(|_| Err("the database could not be read".into()))
    }

    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}

/// `12 345` style grouping, readable in every language the interface has.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// The loading screen: where, how many of how many, how long so far.
pub fn render(loading: &Loading, lang: Lang, theme: &Theme, frame: &mut Frame) {
    let full = frame.area();
    frame.buffer_mut().set_style(full, theme.base());
    if full.width < 20 || full.height < 5 {
        let line = fit(&tr!(lang, "loading.short"), full.width as usize);
        frame.render_widget(Paragraph::new(line).style(theme.base()), full);
        return;
    }
    let width = full.width.saturating_sub(4).min(72);
    let area = Rect::new(
        full.x + (full.width - width) / 2,
        full.y + full.height.saturating_sub(7) / 2,
        width,
        7.min(full.height),
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim())
        .title(Span::styled(" accord ", theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .split(inner);
    let w = inner.width as usize;
    let place = tr!(lang, "loading.where", path = clean(&loading.location));
    frame.render_widget(Line::from(fit(&place, w)), rows[0]);
    let (done, total) = loading.progress.get();
    let ratio = if total == 0 {
        0.0
    } else {
        (done as f64 / total as f64).clamp(0.0, 1.0)
    };
    let secs = format!("{:.1}", loading.elapsed().as_secs_f64());
    let count = if total > 0 && done >= total {
        // Every record is read; the tables and the triage queue are built.
        tr!(
            lang,
            "loading.preparing",
            total = grouped(total),
            secs = secs
        )
    } else {
        tr!(
            lang,
            "loading.count",
            done = grouped(done),
            total = grouped(total.max(done)),
            secs = secs
        )
    };
    frame.render_widget(
        Gauge::default()
            .gauge_style(theme.highlight())
            .ratio(ratio)
            .label(fit(&count, w)),
        rows[2],
    );
    frame.render_widget(
        Line::from(Span::styled(
            fit(&tr!(lang, "loading.hint"), w),
            theme.dim(),
        )),
        rows[3],
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1 000");
        assert_eq!(grouped(1234567), "1 234 567");
    }
}

//! The staff directory: who works in the office, where their digest goes
//! and in which language (the TUI side of `accord staff`). Adding and
//! editing ask name, address and language one after the other in the
//! one-line prompt; removing asks first. The directory is read when the
//! popup opens and after each change, never while drawing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::confirm::{self, OnYes};
use super::prompt::{self, Purpose};
use super::{Overlay, frame_box};
use crate::i18n::Lang;
use crate::staff::{self, StaffMember};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::Section;
use crate::tui::text;
use crate::tui::words::{lookup, tr};

pub struct StaffState {
    pub members: Vec<StaffMember>,
    pub cursor: usize,
}

/// Which question of an addition or edit the prompt is asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Email,
    Lang,
}

/// A member being added or edited, and the question asked about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub field: Field,
    pub member: StaffMember,
    /// The name in the directory of the member being edited; `None` adds.
    pub replacing: Option<String>,
}

/// The names owner suggestions offer: the team server's staff and the
/// staff directory, each person once (by [`staff::key`]), in that order.
pub fn known_names(team: &[(String, String)], directory: &[StaffMember]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let names = team
        .iter()
        .map(|(_, name)| name.as_str())
        .chain(directory.iter().map(|m| m.name.as_str()));
    for name in names.map(str::trim).filter(|n| !n.is_empty()) {
        if !out.iter().any(|o| staff::key(o) == staff::key(name)) {
            out.push(name.to_string());
        }
    }
    out
}

pub fn open(app: &mut App) {
    match staff::directory(app.store.as_ref()) {
        Ok(members) => {
            app.staff = known_names(&app.store.staff().unwrap_or_default(), &members);
            app.overlays
                .push(Overlay::Staff(StaffState { members, cursor: 0 }));
        }
        Err(e) => app.error(e.to_string()),
    }
}

/// Re-reads the directory after a change, keeping the cursor on `name`.
fn reload(app: &mut App, name: Option<&str>) {
    let members = match staff::directory(app.store.as_ref()) {
        Ok(m) => m,
        Err(e) => return app.error(e.to_string()),
    };
    app.staff = known_names(&app.store.staff().unwrap_or_default(), &members);
    for o in app.overlays.iter_mut() {
        if let Overlay::Staff(s) = o {
            let at = name.and_then(|n| {
                members
                    .iter()
                    .position(|m| staff::key(&m.name) == staff::key(n))
            });
            s.cursor = at.unwrap_or(s.cursor).min(members.len().saturating_sub(1));
            s.members = members.clone();
        }
    }
}

pub fn update(app: &mut App, action: Action) -> bool {
    let Some(Overlay::Staff(s)) = app.overlays.last_mut() else {
        return false;
    };
    let last = s.members.len().saturating_sub(1);
    let page = 10;
    match action {
        Action::Up => s.cursor = s.cursor.saturating_sub(1),
        Action::Down => s.cursor = (s.cursor + 1).min(last),
        Action::PageUp => s.cursor = s.cursor.saturating_sub(page),
        Action::PageDown => s.cursor = (s.cursor + page).min(last),
        Action::Top => s.cursor = 0,
        Action::Bottom => s.cursor = last,
        Action::NewRecord => {
            let member = StaffMember {
                name: String::new(),
                email: String::new(),
                lang: None,
                login: None,
            };
            ask(app, Field::Name, member, None);
        }
        Action::EditRecord => {
            if let Some(m) = s.members.get(s.cursor).cloned() {
                let old = m.name.clone();
                ask(app, Field::Name, m, Some(old));
            }
        }
        Action::DeleteRecord => {
            if let Some(m) = s.members.get(s.cursor) {
                let name = m.name.clone();
                let msg = tr!(app.lang, "staffui.confirm_remove", name = name.as_str());
                confirm::ask(app, msg, OnYes::RemoveStaff(name));
            }
        }
        Action::Close | Action::Back => {
            app.overlays.pop();
        }
        _ => return false,
    }
    true
}

fn ask(app: &mut App, field: Field, member: StaffMember, replacing: Option<String>) {
    let initial = match field {
        Field::Name => member.name.clone(),
        Field::Email => member.email.clone(),
        Field::Lang => member.lang.clone().unwrap_or_default(),
    };
    let step = Step {
        field,
        member,
        replacing,
    };
    prompt::open(app, Purpose::Staff(Box::new(step)), &initial);
}

/// Takes the answer to one question: asks the next, or stores the member
/// after the last. A typing mistake keeps the prompt open with the
/// sentence saying what is wrong; a refusal by the store goes to the
/// status line.
pub fn finish(app: &mut App, step: Step, typed: &str) -> Result<(), String> {
    let typed = typed.trim();
    let mut member = step.member;
    let name = member.name.clone();
    match step.field {
        Field::Name => {
            if typed.is_empty() {
                return Err(tr!(app.lang, "staff.err_no_name"));
            }
            let taken = app.overlays.iter().any(|o| {
                matches!(o, Overlay::Staff(s) if s.members.iter().any(|m| {
                    staff::key(&m.name) == staff::key(typed)
                        && step.replacing.as_deref().is_none_or(|r| staff::key(r) != staff::key(typed))
                        && m.login.is_none()
                }))
            });
            if taken {
                return Err(tr!(app.lang, "staff.err_exists", name = typed));
            }
            member.name = typed.to_string();
            ask(app, Field::Email, member, step.replacing);
        }
        Field::Email => {
            if !typed.is_empty() && !staff::looks_like_email(typed) {
                return Err(tr!(
                    app.lang,
                    "staff.err_email",
                    name = name.as_str(),
                    email = typed
                ));
            }
            member.email = typed.to_string();
            ask(app, Field::Lang, member, step.replacing);
        }
        Field::Lang => {
            member.lang = match typed {
                "" => None,
                t => match Lang::parse(t) {
                    Some(l) => Some(l.code().to_string()),
                    None => {
                        return Err(tr!(
                            app.lang,
                            "staff.err_lang",
                            name = name.as_str(),
                            lang = t
                        ));
                    }
                },
            };
            store(app, &member, step.replacing.as_deref());
        }
    }
    Ok(())
}

fn store(app: &mut App, member: &StaffMember, replacing: Option<&str>) {
    match app.store.put_staff(member, replacing) {
        Ok(()) => {
            let who = described(member);
            let msg = if replacing.is_some() {
                tr!(app.lang, "staff.changed", who = who.as_str())
            } else {
                tr!(app.lang, "staff.added", who = who.as_str())
            };
            reload(app, Some(&member.name));
            app.done(msg);
        }
        Err(e) => app.error(e.to_string()),
    }
}

/// Removes `name` after the confirmation.
pub fn remove(app: &mut App, name: &str) {
    match app.store.remove_staff(name) {
        Ok(true) => {
            reload(app, None);
            app.done(tr!(app.lang, "staff.removed", name = name));
        }
        Ok(false) => {
            reload(app, None);
            app.error(tr!(app.lang, "staff.err_unknown", name = name));
        }
        Err(e) => app.error(e.to_string()),
    }
}

fn described(m: &StaffMember) -> String {
    let parts: Vec<&str> = [Some(m.email.as_str()), m.lang.as_deref()]
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        m.name.clone()
    } else {
        format!("{} ({})", m.name, parts.join(", "))
    }
}

/// The prompt's title for `step`.
pub fn question(app: &App, step: &Step) -> String {
    let name = step.member.name.as_str();
    match (step.field, &step.replacing) {
        (Field::Name, None) => tr!(app.lang, "staffui.ask_name"),
        (Field::Name, Some(old)) => tr!(app.lang, "staffui.ask_rename", name = old.as_str()),
        (Field::Email, _) => tr!(app.lang, "staffui.ask_email", name = name),
        (Field::Lang, _) => tr!(app.lang, "staffui.ask_lang", name = name),
    }
}

/// The hint under the prompt for `step`.
pub fn hint(app: &App, step: &Step) -> String {
    match step.field {
        Field::Name => tr!(app.lang, "staffui.hint_name"),
        Field::Email => tr!(app.lang, "staffui.hint_email"),
        Field::Lang => tr!(app.lang, "staffui.hint_lang"),
    }
}

pub fn render(app: &App, s: &StaffState, frame: &mut Frame, body: Rect) {
    let th = &app.theme;
    let rows = s.members.len().max(1) as u16;
    let h = (rows + 5).min(body.height.saturating_sub(2)).max(5);
    let w = body.width.saturating_sub(4).min(100);
    let area = super::centred(body, w, h);
    let inner = frame_box(app, frame, area, &tr!(app.lang, "staffui.title"));
    if inner.height < 2 || inner.width < 10 {
        return;
    }
    let width = usize::from(inner.width);
    // Name, email, language, login: the name and address share what the
    // two short columns leave.
    let heads =
        ["name", "email", "lang", "login"].map(|c| lookup(app.lang, &format!("staff.col_{c}")));
    let wl = text::width(&heads[2]).clamp(4, 10);
    let wg = (width / 6).clamp(text::width(&heads[3]).min(10), 16);
    let rest = width.saturating_sub(2 + wl + wg + 3);
    let wn = (rest * 2 / 5).max(4);
    let we = rest.saturating_sub(wn);
    let cols = |n: &str, e: &str, l: &str, g: &str| -> String {
        format!(
            "{} {} {} {}",
            text::fit(&text::clean(n), wn),
            text::fit(&text::clean(e), we),
            text::fit(&text::clean(l), wl),
            text::fit(&text::clean(g), wg)
        )
    };
    let head = cols(&heads[0], &heads[1], &heads[2], &heads[3]);
    let buf = frame.buffer_mut();
    buf.set_stringn(inner.x, inner.y, format!("  {head}"), width, th.dim());
    let list_h = usize::from(inner.height.saturating_sub(3));
    let start = (s.cursor + 1).saturating_sub(list_h.max(1));
    if s.members.is_empty() {
        let add = key(app, Action::NewRecord);
        let msg = tr!(app.lang, "staffui.empty", key = add.as_str());
        buf.set_stringn(
            inner.x + 2,
            inner.y + 1,
            text::truncate(&msg, width.saturating_sub(2)),
            width.saturating_sub(2),
            th.dim(),
        );
    }
    for (n, m) in s.members.iter().enumerate().skip(start).take(list_h) {
        let sel = n == s.cursor;
        let st = if sel { th.selected() } else { th.panel() };
        let y = inner.y + 1 + (n - start) as u16;
        let row = cols(
            &m.name,
            &m.email,
            m.lang.as_deref().unwrap_or(""),
            m.login.as_deref().unwrap_or(""),
        );
        let line = Line::from(vec![
            Span::styled(if sel { "▸ " } else { "  " }, st),
            Span::styled(row, st),
        ]);
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), st);
        buf.set_line(inner.x, y, &line, inner.width);
    }
    let keys = tr!(
        app.lang,
        "staffui.keys",
        add = key(app, Action::NewRecord).as_str(),
        edit = key(app, Action::EditRecord).as_str(),
        remove = key(app, Action::DeleteRecord).as_str(),
        close = key(app, Action::Close).as_str()
    );
    buf.set_stringn(
        inner.x,
        inner.bottom() - 1,
        text::truncate(&keys, width),
        width,
        th.dim(),
    );
}

fn key(app: &App, action: Action) -> String {
    app.keymap
        .key_for(Section::Staff, action)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str) -> StaffMember {
        StaffMember {
            name: name.into(),
            email: String::new(),
            lang: None,
            login: None,
        }
    }

    #[test]
    fn suggestions_join_the_team_and_the_directory_once_each() {
        let team = vec![("lina".to_string(), "Li Na".to_string())];
        let dir = vec![member("li na"), member("Ivan Petrov"), member("  ")];
        assert_eq!(known_names(&team, &dir), vec!["Li Na", "Ivan Petrov"]);
        assert_eq!(known_names(&[], &dir), vec!["li na", "Ivan Petrov"]);
    }
}

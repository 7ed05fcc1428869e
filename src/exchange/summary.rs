//! The status summary as data: the headline and one section per
//! partnership. Markdown and HTML render the same [`Summary`].

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use super::dataset::Dataset;
use super::scope::{Selection, Window, select};
use crate::model::{Id, Kind, Record, Standing, country_name};
use crate::store::due_entries;

/// The summary's numbers at the top.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    pub active_partnerships: usize,
    /// The window the "signed" count covers (the last year when none was given).
    pub signed_from: Option<NaiveDate>,
    pub signed_to: Option<NaiveDate>,
    pub signed: usize,
    pub expiring: usize,
    pub overdue: usize,
    pub due_soon: usize,
}

/// Partnerships and open items per partner country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryRow {
    pub code: String,
    pub name: String,
    pub partnerships: usize,
    pub open_items: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerLine {
    pub id: Id,
    /// Every name, in every script, joined with " / ".
    pub names: String,
    pub country: String,
    pub city: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementLine {
    pub id: Id,
    pub kind: &'static str,
    pub title: String,
    /// A vocabulary word: the status, or `expiring` / `lapsed`.
    pub status: &'static str,
    pub signed: Option<NaiveDate>,
    pub expires: Option<NaiveDate>,
    pub days_to_expiry: Option<i64>,
    pub notice_date: Option<NaiveDate>,
}

/// An action item or a follow-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemLine {
    pub id: Id,
    pub title: String,
    pub owner: String,
    pub status: &'static str,
    pub due: Option<NaiveDate>,
    /// Days from today to the due date; negative when overdue.
    pub days: Option<i64>,
    pub overdue: bool,
    /// Still to be done (open, in progress or blocked).
    pub open: bool,
    pub completed: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub id: Id,
    pub title: String,
    pub status: &'static str,
    pub owner: String,
    pub start: Option<NaiveDate>,
    pub areas: Vec<String>,
    pub last_contact: Option<NaiveDate>,
    pub partners: Vec<PartnerLine>,
    pub agreements: Vec<AgreementLine>,
    pub actions: Vec<ItemLine>,
    pub followups: Vec<ItemLine>,
}

impl Section {
    /// How many lines the section has, for progress.
    pub fn size(&self) -> usize {
        1 + self.partners.len() + self.agreements.len() + self.actions.len() + self.followups.len()
    }
}

/// A status summary, ready to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub today: NaiveDate,
    pub scope: super::Scope,
    pub window: Window,
    pub headline: Headline,
    pub countries: Vec<CountryRow>,
    pub sections: Vec<Section>,
}

impl Summary {
    /// Builds the summary of the selected records. Open overdue items are
    /// listed even when they fall before the window: they still need doing.
    pub fn build(data: &Dataset, sel: &Selection) -> Summary {
        let today = data.today;
        let unwindowed = if sel.window.is_open() {
            None
        } else {
            select(data, &sel.scope, &Window::default()).ok()
        };
        let all = unwindowed.as_ref().unwrap_or(sel);
        let headline = headline(all, sel, today);
        let countries = countries(data, all);
        let mut sections = Vec::new();
        let mut by_partnership: BTreeMap<Id, Vec<&Record>> = BTreeMap::new();
        for kind in [Kind::Agreement, Kind::Action, Kind::FollowUp] {
            for r in sel.of(kind) {
                if let Some(p) = data.partnership_of(r.id()) {
                    by_partnership.entry(p).or_default().push(r);
                }
            }
            if unwindowed.is_some() {
                for r in all.of(kind) {
                    let overdue = r.is_open()
                        && kind != Kind::Agreement
                        && r.date().is_some_and(|d| d < today);
                    if overdue
                        && !sel.contains(r.id())
                        && let Some(p) = data.partnership_of(r.id())
                    {
                        by_partnership.entry(p).or_default().push(r);
                    }
                }
            }
        }
        for r in sel.of(Kind::Partnership) {
            let Record::Partnership(p) = r else { continue };
            let mut records = by_partnership.remove(&p.id).unwrap_or_default();
            records.sort_by_key(|r| r.id());
            sections.push(section(data, p, &records, sel.window, today));
        }
        Summary {
            today,
            scope: sel.scope.clone(),
            window: sel.window,
            headline,
            countries,
            sections,
        }
    }

    /// The number of lines to write, for progress.
    pub fn size(&self) -> usize {
        self.countries.len() + self.sections.iter().map(Section::size).sum::<usize>()
    }
}

fn headline(all: &Selection, sel: &Selection, today: NaiveDate) -> Headline {
    let (signed_from, signed_to) = if sel.window.is_open() {
        (today.checked_sub_days(Days::new(364)), Some(today))
    } else {
        (sel.window.from, sel.window.to)
    };
    let signed_window = Window {
        from: signed_from,
        to: signed_to,
    };
    let mut h = Headline {
        active_partnerships: all
            .of(Kind::Partnership)
            .iter()
            .filter(|r| r.status_name() == "active")
            .count(),
        signed_from,
        signed_to,
        signed: 0,
        expiring: 0,
        overdue: 0,
        due_soon: 0,
    };
    for r in all.of(Kind::Agreement) {
        if let Record::Agreement(a) = r {
            if a.signed.is_some_and(|d| signed_window.contains(d)) {
                h.signed += 1;
            }
            if a.standing(today) == Standing::Expiring {
                h.expiring += 1;
            }
        }
    }
    for kind in [Kind::Agreement, Kind::Action, Kind::FollowUp] {
        for r in all.of(kind) {
            for e in due_entries(r) {
                match e.date.map(|d| (d - today).num_days()) {
                    Some(d) if d < 0 => h.overdue += 1,
                    Some(d) if d <= 7 => h.due_soon += 1,
                    _ => {}
                }
            }
        }
    }
    h
}

fn countries(data: &Dataset, all: &Selection) -> Vec<CountryRow> {
    let mut agreements: BTreeMap<Id, Vec<&Record>> = BTreeMap::new();
    let mut open: BTreeMap<Id, usize> = BTreeMap::new();
    for kind in [Kind::Agreement, Kind::Action, Kind::FollowUp] {
        for r in all.of(kind) {
            let Some(p) = data.partnership_of(r.id()) else {
                continue;
            };
            if kind == Kind::Agreement {
                agreements.entry(p).or_default().push(r);
            }
            *open.entry(p).or_default() += due_entries(r).len();
        }
    }
    let mut rows: BTreeMap<String, CountryRow> = BTreeMap::new();
    for r in all.of(Kind::Partnership) {
        let Record::Partnership(p) = r else { continue };
        let ags = agreements.get(&p.id).map(Vec::as_slice).unwrap_or(&[]);
        for code in data.countries_of(p, ags) {
            let row = rows.entry(code.clone()).or_insert_with(|| CountryRow {
                name: country_name(&code),
                code,
                partnerships: 0,
                open_items: 0,
            });
            row.partnerships += 1;
            row.open_items += open.get(&p.id).copied().unwrap_or(0);
        }
    }
    let mut out: Vec<CountryRow> = rows.into_values().collect();
    out.sort_by(|a, b| {
        b.partnerships
            .cmp(&a.partnerships)
            .then(b.open_items.cmp(&a.open_items))
            .then(a.code.cmp(&b.code))
    });
    out
}

fn section(
    data: &Dataset,
    p: &crate::model::Partnership,
    records: &[&Record],
    window: Window,
    today: NaiveDate,
) -> Section {
    let mut s = Section {
        id: p.id,
        title: p.title.clone(),
        status: p.status.name(),
        owner: p.owner.clone(),
        start: p.start,
        areas: p.areas.clone(),
        last_contact: data.last_contact(p.id),
        partners: Vec::new(),
        agreements: Vec::new(),
        actions: Vec::new(),
        followups: Vec::new(),
    };
    for id in &p.partners {
        if let Some(i) = data.institution(*id) {
            s.partners.push(PartnerLine {
                id: *id,
                names: data.all_names(*id),
                country: i.country.clone(),
                city: i.city.clone(),
            });
        }
    }
    // Closed items are shown only when a window asks what got done in it.
    let shown = |r: &Record| r.is_open() || !window.is_open();
    for r in records {
        match r {
            Record::Agreement(a) => s.agreements.push(AgreementLine {
                id: a.id,
                kind: a.kind.short(),
                title: a.title.clone(),
                status: match a.standing(today) {
                    Standing::Expiring => "expiring",
                    Standing::Lapsed => "lapsed",
                    Standing::AsRecorded => a.status.name(),
                },
                signed: a.signed,
                expires: a.expires,
                days_to_expiry: a.days_to_expiry(today),
                notice_date: a.notice_date().filter(|_| a.notice_pending()),
            }),
            Record::Action(a) if shown(r) => s.actions.push(ItemLine {
                id: a.id,
                title: a.title.clone(),
                owner: data.effective_owner(r),
                status: a.status.name(),
                due: a.due,
                days: a.due.map(|d| (d - today).num_days()),
                overdue: r.is_open() && a.due.is_some_and(|d| d < today),
                open: r.is_open(),
                completed: a.completed,
            }),
            Record::FollowUp(f) if shown(r) => s.followups.push(ItemLine {
                id: f.id,
                title: f.title.clone(),
                owner: data.effective_owner(r),
                status: f.status.name(),
                due: Some(f.due),
                days: Some((f.due - today).num_days()),
                overdue: r.is_open() && f.due < today,
                open: r.is_open(),
                completed: f.completed,
            }),
            _ => {}
        }
    }
    let order = |i: &ItemLine| (!i.overdue, i.due.is_none(), i.due, i.id);
    s.actions.sort_by_key(order);
    s.followups.sort_by_key(order);
    s
}

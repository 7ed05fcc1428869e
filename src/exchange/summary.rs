//! The status summary as data: the headline and one section per
//! partnership. Markdown and HTML render the same [`Summary`].
//!
//! Every item the headline counts is listed: under the partnership it
//! belongs to; an item on a contact or an institution under the
//! partnerships that institution takes part in (as a partner or an
//! agreement party); anything else in a section of its own.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{Days, NaiveDate};

use super::dataset::Dataset;
use super::labels::{fill, label};
use super::scope::{Selection, Window, select};
use crate::i18n::Lang;
use crate::model::{Id, Kind, Name, Record, Standing, country_name};
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
    /// The contact or institution the item is on ("C3 Rakhmankulov"),
    /// when it is not on a partnership or something under one.
    pub on: Option<String>,
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

/// Items that belong to no partnership in the summary (on the home
/// institution, on an institution in no partnership…).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outside {
    pub actions: Vec<ItemLine>,
    pub followups: Vec<ItemLine>,
}

impl Outside {
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty() && self.followups.is_empty()
    }

    pub fn size(&self) -> usize {
        self.actions.len() + self.followups.len()
    }
}

/// A status summary, ready to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub today: NaiveDate,
    pub scope: super::Scope,
    pub window: Window,
    /// The names of the home institution (`Institution::home`), for the
    /// title; empty when none is marked.
    pub home: Vec<Name>,
    pub headline: Headline,
    pub countries: Vec<CountryRow>,
    pub sections: Vec<Section>,
    pub outside: Outside,
}

impl Summary {
    /// Builds the summary of the selected records. Whatever the headline
    /// counts is listed even when it falls outside the window (an overdue
    /// item still needs doing).
    pub fn build(data: &Dataset, sel: &Selection) -> Summary {
        Summary::build_with(data, sel, true)
    }

    /// The headline and the countries alone, without a section per
    /// partnership: what a workbook's summary sheet shows (the sections of
    /// 8,000 partnerships took tens of megabytes to build for nothing).
    pub fn headline_only(data: &Dataset, sel: &Selection) -> Summary {
        Summary::build_with(data, sel, false)
    }

    fn build_with(data: &Dataset, sel: &Selection, with_sections: bool) -> Summary {
        let today = data.today;
        let unwindowed = if sel.window.is_open() {
            None
        } else {
            select(data, &sel.scope, &Window::default()).ok()
        };
        let all = unwindowed.as_ref().unwrap_or(sel);
        let headline = headline(all, sel, today);
        let countries = countries(data, all);
        let home = data
            .of(Kind::Institution)
            .iter()
            .find_map(|r| match r {
                Record::Institution(i) if i.home => Some(i.names.clone()),
                _ => None,
            })
            .unwrap_or_default();
        let (sections, outside) = if with_sections {
            Summary::sections_of(data, sel, unwindowed.as_ref(), &headline)
        } else {
            (Vec::new(), Outside::default())
        };
        Summary {
            today,
            scope: sel.scope.clone(),
            window: sel.window,
            home,
            headline,
            countries,
            sections,
            outside,
        }
    }

    /// A section per partnership selected, and the items counted that
    /// belong to none of them.
    fn sections_of(
        data: &Dataset,
        sel: &Selection,
        unwindowed: Option<&Selection>,
        headline: &Headline,
    ) -> (Vec<Section>, Outside) {
        let today = data.today;
        let shown: BTreeSet<Id> = sel.of(Kind::Partnership).iter().map(|r| r.id()).collect();
        let taking_part = taking_part(data, &shown);
        let mut by_partnership: BTreeMap<Id, Vec<&Record>> = BTreeMap::new();
        let mut outside: Vec<&Record> = Vec::new();
        let mut seen: HashSet<Id> = HashSet::new();
        for kind in [Kind::Agreement, Kind::Action, Kind::FollowUp] {
            let counted = unwindowed
                .map(|u| u.of(kind))
                .unwrap_or(&[])
                .iter()
                .filter(|r| headline.counts(r, today));
            for r in sel.of(kind).iter().chain(counted) {
                if !seen.insert(r.id()) {
                    continue;
                }
                let homes = homes(data, r, &shown, &taking_part);
                if homes.is_empty() {
                    outside.push(r);
                }
                for p in homes {
                    by_partnership.entry(p).or_default().push(r);
                }
            }
        }
        let mut sections = Vec::new();
        for r in sel.of(Kind::Partnership) {
            let Record::Partnership(p) = r else { continue };
            let mut records = by_partnership.remove(&p.id).unwrap_or_default();
            records.sort_by_key(|r| r.id());
            sections.push(section(data, p, &records, sel.window, today));
        }
        outside.sort_by_key(|r| r.id());
        let mut rest = Outside::default();
        for r in outside {
            match item_line(data, r, sel.window, today) {
                Some(line) if r.kind() == Kind::Action => rest.actions.push(line),
                Some(line) => rest.followups.push(line),
                None => {}
            }
        }
        rest.actions.sort_by_key(order);
        rest.followups.sort_by_key(order);
        (sections, rest)
    }

    /// The title: "Peking University Shougang Hospital · status summary"
    /// (the home institution's name in `lang`), or "Status summary" when
    /// no institution is marked as home.
    pub fn title(&self, lang: Lang) -> String {
        match self.home_name(lang.code()) {
            Some(home) => fill(lang, "report.title_home", &[("home", home)]),
            None => label(lang, "report.title"),
        }
    }

    /// The home institution's name in `lang` where it has one, else its
    /// primary name; `None` when no institution is marked as home.
    pub fn home_name(&self, lang: &str) -> Option<&str> {
        let usable = |n: &&Name| !n.text.trim().is_empty();
        let tagged = self.home.iter().filter(usable).find(|n| {
            let tag = n.lang.trim().to_ascii_lowercase();
            tag == lang || tag.starts_with(&format!("{lang}-"))
        });
        tagged
            .or_else(|| self.home.iter().find(usable))
            .map(|n| n.text.trim())
    }

    /// The number of lines to write, for progress.
    pub fn size(&self) -> usize {
        self.countries.len()
            + self.sections.iter().map(Section::size).sum::<usize>()
            + self.outside.size()
    }
}

impl Headline {
    /// Whether the headline counts `r`: an item or agreement date overdue
    /// or due within 7 days, an agreement in its renewal notice period or
    /// signed in the headline's window.
    pub fn counts(&self, r: &Record, today: NaiveDate) -> bool {
        if let Record::Agreement(a) = r {
            let window = Window {
                from: self.signed_from,
                to: self.signed_to,
            };
            if a.standing(today) == Standing::Expiring
                || a.signed.is_some_and(|d| window.contains(d))
            {
                return true;
            }
        }
        due_entries(r)
            .iter()
            .any(|e| e.date.is_some_and(|d| (d - today).num_days() <= 7))
    }
}

/// The partnerships (among those shown) each institution takes part in, as
/// a partner or as a party to one of their agreements. The home
/// institution is left out: it takes part in everything.
fn taking_part(data: &Dataset, shown: &BTreeSet<Id>) -> HashMap<Id, BTreeSet<Id>> {
    let mut map: HashMap<Id, BTreeSet<Id>> = HashMap::new();
    let mut add = |i: Id, p: Id| {
        if data.institution(i).is_some_and(|i| !i.home) {
            map.entry(i).or_default().insert(p);
        }
    };
    for p in shown {
        if let Some(p) = data.partnership(*p) {
            p.partners.iter().for_each(|i| add(*i, p.id));
        }
    }
    for r in data.of(Kind::Agreement) {
        if let Record::Agreement(a) = r
            && shown.contains(&a.partnership)
        {
            a.parties.iter().for_each(|i| add(*i, a.partnership));
        }
    }
    map
}

/// The record an item is on when that is a contact or an institution.
fn contact_or_institution(data: &Dataset, r: &Record) -> Option<Id> {
    let parent = r
        .parent()
        .filter(|p| matches!(p.kind, Kind::Contact | Kind::Institution))?;
    data.get(parent).map(Record::id)
}

/// The sections an item is listed in: its partnership's, or for an item on
/// a contact or an institution those of the partnerships the institution
/// takes part in. Empty when none is shown.
fn homes(
    data: &Dataset,
    r: &Record,
    shown: &BTreeSet<Id>,
    taking_part: &HashMap<Id, BTreeSet<Id>>,
) -> Vec<Id> {
    if let Some(p) = data.partnership_of(r.id()) {
        return if shown.contains(&p) { vec![p] } else { vec![] };
    }
    let institution = match contact_or_institution(data, r).and_then(|id| data.get(id)) {
        Some(Record::Contact(c)) => c.institution,
        Some(Record::Institution(i)) => i.id,
        _ => return vec![],
    };
    taking_part
        .get(&institution)
        .map(|ps| ps.iter().copied().collect())
        .unwrap_or_default()
}

/// How items are listed: overdue first, then by due date (undated last).
fn order(i: &ItemLine) -> (bool, bool, Option<NaiveDate>, Id) {
    (!i.overdue, i.due.is_none(), i.due, i.id)
}

/// The line of an action item or follow-up; `None` for other records and
/// for closed items when no window asks what got done.
fn item_line(data: &Dataset, r: &Record, window: Window, today: NaiveDate) -> Option<ItemLine> {
    // Closed items are shown only when a window asks what got done in it.
    if !r.is_open() && window.is_open() {
        return None;
    }
    let on = contact_or_institution(data, r).map(|id| format!("{id} {}", data.display_name(id)));
    match r {
        Record::Action(a) => Some(ItemLine {
            id: a.id,
            title: a.title.clone(),
            owner: data.effective_owner(r),
            status: a.status.name(),
            due: a.due,
            days: a.due.map(|d| (d - today).num_days()),
            overdue: r.is_open() && a.due.is_some_and(|d| d < today),
            open: r.is_open(),
            completed: a.completed,
            on,
        }),
        Record::FollowUp(f) => Some(ItemLine {
            id: f.id,
            title: f.title.clone(),
            owner: data.effective_owner(r),
            status: f.status.name(),
            due: Some(f.due),
            days: Some((f.due - today).num_days()),
            overdue: r.is_open() && f.due < today,
            open: r.is_open(),
            completed: f.completed,
            on,
        }),
        _ => None,
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
    for r in records {
        match r {
            Record::Agreement(a) => s.agreements.push(AgreementLine {
                id: a.id,
                kind: a.kind.short(),
                title: a.title.clone(),
                status: a.standing_name(today),
                signed: a.signed,
                expires: a.expires,
                days_to_expiry: a.days_to_expiry(today),
                notice_date: a.notice_date().filter(|_| a.notice_pending()),
            }),
            Record::Action(_) => s.actions.extend(item_line(data, r, window, today)),
            Record::FollowUp(_) => s.followups.extend(item_line(data, r, window, today)),
            _ => {}
        }
    }
    s.actions.sort_by_key(order);
    s.followups.sort_by_key(order);
    s
}

//! The columns of the Partnerships, Agreements and Institutions tables:
//! what each cell shows and how the column sorts.

use std::cmp::Ordering;

use chrono::NaiveDate;

use crate::i18n::Lang;
use crate::model::{Kind, Record};
use crate::tui::data::Data;
use crate::tui::words::{country, opt_date, vocab};

/// What a cell needs to know besides its record.
pub struct Ctx<'a> {
    pub data: &'a Data,
    pub lang: Lang,
}

/// A sort key; empty dates and texts sort last.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey {
    Text(bool, String),
    Num(i64),
    Date(bool, Option<NaiveDate>),
}

fn text_key(s: &str) -> SortKey {
    SortKey::Text(s.trim().is_empty(), s.to_lowercase())
}

fn date_key(d: Option<NaiveDate>) -> SortKey {
    SortKey::Date(d.is_none(), d)
}

/// A cell's text and, for status cells, the vocabulary name that colours it.
pub struct Cell {
    pub text: String,
    pub status: Option<&'static str>,
}

impl Cell {
    fn plain(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            status: None,
        }
    }
    fn status(lang: Lang, name: &'static str) -> Cell {
        Cell {
            text: vocab(lang, name),
            status: Some(name),
        }
    }
}

pub struct Column {
    /// Catalog key of the heading (`col.title`).
    pub heading: &'static str,
    /// Narrowest useful width and share of spare width.
    pub min: u16,
    pub grow: u16,
    /// Lower numbers survive on narrow screens.
    pub priority: u8,
    pub right: bool,
    pub cell: fn(&Ctx, &Record) -> Cell,
    pub sort: fn(&Ctx, &Record) -> SortKey,
}

const fn col(
    heading: &'static str,
    min: u16,
    grow: u16,
    priority: u8,
    cell: fn(&Ctx, &Record) -> Cell,
    sort: fn(&Ctx, &Record) -> SortKey,
) -> Column {
    Column {
        heading,
        min,
        grow,
        priority,
        right: false,
        cell,
        sort,
    }
}

fn id_cell(_: &Ctx, r: &Record) -> Cell {
    Cell::plain(r.id().to_string())
}
fn id_sort(_: &Ctx, r: &Record) -> SortKey {
    SortKey::Num(i64::from(r.id().n))
}
fn title_cell(_: &Ctx, r: &Record) -> Cell {
    Cell::plain(r.title())
}
fn title_sort(_: &Ctx, r: &Record) -> SortKey {
    text_key(&r.title())
}
fn owner_cell(_: &Ctx, r: &Record) -> Cell {
    Cell::plain(r.owner().unwrap_or_default())
}
fn owner_sort(_: &Ctx, r: &Record) -> SortKey {
    text_key(r.owner().unwrap_or_default())
}

/// The partner institutions other than the home one, by name.
fn partners_text(ctx: &Ctx, ids: &[crate::model::Id]) -> String {
    ids.iter()
        .filter_map(|i| match ctx.data.get(*i) {
            Some(Record::Institution(inst)) if !inst.home => Some(if inst.short_name.is_empty() {
                inst.names
                    .first()
                    .map(|n| n.text.clone())
                    .unwrap_or_default()
            } else {
                inst.short_name.clone()
            }),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn countries_of(ctx: &Ctx, ids: &[crate::model::Id]) -> Vec<String> {
    let mut v: Vec<String> = ids
        .iter()
        .filter_map(|i| match ctx.data.get(*i) {
            Some(Record::Institution(inst)) if !inst.home => Some(inst.country.clone()),
            _ => None,
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

fn children_count(ctx: &Ctx, r: &Record, kind: Kind) -> usize {
    ctx.data.count_children(r.id(), kind)
}

/// Open action items and follow-ups of a partnership or agreement,
/// including those under a partnership's agreements.
fn open_items(ctx: &Ctx, r: &Record) -> usize {
    ctx.data.open_items.get(&r.id()).copied().unwrap_or(0)
}

pub const PARTNERSHIPS: &[Column] = &[
    col("col.id", 4, 0, 0, id_cell, id_sort),
    col("col.title", 16, 3, 0, title_cell, title_sort),
    col(
        "col.partners",
        14,
        2,
        2,
        |c, r| match r {
            Record::Partnership(p) => Cell::plain(partners_text(c, &p.partners)),
            _ => Cell::plain(""),
        },
        |c, r| match r {
            Record::Partnership(p) => text_key(&partners_text(c, &p.partners)),
            _ => text_key(""),
        },
    ),
    col(
        "col.country",
        7,
        0,
        3,
        |c, r| match r {
            Record::Partnership(p) => Cell::plain(countries_of(c, &p.partners).join(" ")),
            _ => Cell::plain(""),
        },
        |c, r| match r {
            Record::Partnership(p) => text_key(&countries_of(c, &p.partners).join(" ")),
            _ => text_key(""),
        },
    ),
    col(
        "col.status",
        10,
        0,
        1,
        |c, r| match r {
            Record::Partnership(p) => Cell::status(c.lang, p.status.name()),
            _ => Cell::plain(""),
        },
        |_, r| match r {
            Record::Partnership(p) => SortKey::Num(p.status as i64),
            _ => SortKey::Num(0),
        },
    ),
    col("col.owner", 8, 1, 4, owner_cell, owner_sort),
    Column {
        right: true,
        ..col(
            "col.open_items",
            5,
            0,
            3,
            |c, r| Cell::plain(open_items(c, r).to_string()),
            |c, r| SortKey::Num(open_items(c, r) as i64),
        )
    },
    col(
        "col.last_contact",
        10,
        0,
        2,
        |c, r| Cell::plain(opt_date(c.data.last_contact.get(&r.id()).copied())),
        |c, r| date_key(c.data.last_contact.get(&r.id()).copied()),
    ),
];

fn standing(c: &Ctx, r: &Record) -> &'static str {
    match r {
        Record::Agreement(a) => a.standing_name(c.data.today),
        _ => "",
    }
}

fn expires(r: &Record) -> Option<NaiveDate> {
    match r {
        Record::Agreement(a) => a.expires,
        _ => None,
    }
}

pub const AGREEMENTS: &[Column] = &[
    col("col.id", 4, 0, 0, id_cell, id_sort),
    col("col.title", 16, 3, 0, title_cell, title_sort),
    col(
        "col.type",
        6,
        0,
        4,
        |c, r| match r {
            Record::Agreement(a) => Cell::plain(crate::tui::words::lookup(
                c.lang,
                &format!("agkind.short.{}", a.kind.name()),
            )),
            _ => Cell::plain(""),
        },
        |_, r| match r {
            Record::Agreement(a) => SortKey::Num(a.kind as i64),
            _ => SortKey::Num(0),
        },
    ),
    col(
        "col.parties",
        14,
        2,
        2,
        |c, r| match r {
            Record::Agreement(a) => Cell::plain(partners_text(c, &a.parties)),
            _ => Cell::plain(""),
        },
        |c, r| match r {
            Record::Agreement(a) => text_key(&partners_text(c, &a.parties)),
            _ => text_key(""),
        },
    ),
    col(
        "col.status",
        10,
        0,
        1,
        |c, r| Cell::status(c.lang, standing(c, r)),
        |c, r| text_key(standing(c, r)),
    ),
    col(
        "col.signed",
        10,
        0,
        5,
        |_, r| match r {
            Record::Agreement(a) => Cell::plain(opt_date(a.signed)),
            _ => Cell::plain(""),
        },
        |_, r| match r {
            Record::Agreement(a) => date_key(a.signed),
            _ => date_key(None),
        },
    ),
    col(
        "col.expires",
        10,
        0,
        1,
        |_, r| Cell::plain(opt_date(expires(r))),
        |_, r| date_key(expires(r)),
    ),
    Column {
        right: true,
        ..col(
            "col.days_left",
            6,
            0,
            3,
            |c, r| {
                Cell::plain(
                    expires(r)
                        .map(|e| (e - c.data.today).num_days().to_string())
                        .unwrap_or_default(),
                )
            },
            |_, r| date_key(expires(r)),
        )
    },
    col("col.owner", 8, 1, 4, owner_cell, owner_sort),
];

fn inst_names(r: &Record) -> (String, String) {
    match r {
        Record::Institution(i) => {
            let first = i.names.first().map(|n| n.text.clone()).unwrap_or_default();
            let others = i
                .names
                .iter()
                .skip(1)
                .map(|n| n.text.as_str())
                .collect::<Vec<_>>()
                .join(" / ");
            (first, others)
        }
        _ => (String::new(), String::new()),
    }
}

pub const INSTITUTIONS: &[Column] = &[
    col("col.id", 4, 0, 0, id_cell, id_sort),
    col(
        "col.name",
        16,
        3,
        0,
        |_, r| {
            let (n, _) = inst_names(r);
            let home = matches!(r, Record::Institution(i) if i.home);
            Cell::plain(if home { format!("{n} ⌂") } else { n })
        },
        |_, r| text_key(&inst_names(r).0),
    ),
    col(
        "col.other_names",
        14,
        2,
        3,
        |_, r| Cell::plain(inst_names(r).1),
        |_, r| text_key(&inst_names(r).1),
    ),
    col(
        "col.country",
        10,
        1,
        1,
        |c, r| match r {
            Record::Institution(i) => {
                Cell::plain(format!("{} {}", i.country, country(c.lang, &i.country)))
            }
            _ => Cell::plain(""),
        },
        |c, r| match r {
            Record::Institution(i) => text_key(&country(c.lang, &i.country)),
            _ => text_key(""),
        },
    ),
    col(
        "col.city",
        8,
        0,
        4,
        |_, r| match r {
            Record::Institution(i) => Cell::plain(i.city.clone()),
            _ => Cell::plain(""),
        },
        |_, r| match r {
            Record::Institution(i) => text_key(&i.city),
            _ => text_key(""),
        },
    ),
    col(
        "col.type",
        9,
        0,
        3,
        |c, r| match r {
            Record::Institution(i) => Cell::plain(vocab(c.lang, i.kind.name())),
            _ => Cell::plain(""),
        },
        |_, r| match r {
            Record::Institution(i) => SortKey::Num(i.kind as i64),
            _ => SortKey::Num(0),
        },
    ),
    Column {
        right: true,
        ..col(
            "col.contacts",
            5,
            0,
            2,
            |c, r| Cell::plain(children_count(c, r, Kind::Contact).to_string()),
            |c, r| SortKey::Num(children_count(c, r, Kind::Contact) as i64),
        )
    },
    Column {
        right: true,
        ..col(
            "col.partnerships",
            5,
            0,
            2,
            |c, r| Cell::plain(children_count(c, r, Kind::Partnership).to_string()),
            |c, r| SortKey::Num(children_count(c, r, Kind::Partnership) as i64),
        )
    },
];

pub fn columns(kind: Kind) -> &'static [Column] {
    match kind {
        Kind::Partnership => PARTNERSHIPS,
        Kind::Agreement => AGREEMENTS,
        _ => INSTITUTIONS,
    }
}

/// Which columns fit in `width` and how wide each is (one space between).
pub fn layout(cols: &[Column], width: u16) -> Vec<(usize, u16)> {
    let mut keep: Vec<usize> = (0..cols.len()).collect();
    let need = |keep: &[usize]| -> u16 { keep.iter().map(|i| cols[*i].min + 1).sum::<u16>() };
    while need(&keep) > width && keep.len() > 1 {
        // Drop the least important (highest priority number), rightmost first.
        let worst = keep
            .iter()
            .enumerate()
            .max_by(|(ai, a), (bi, b)| cols[**a].priority.cmp(&cols[**b].priority).then(ai.cmp(bi)))
            .map(|(i, _)| i);
        match worst {
            Some(i) => {
                keep.remove(i);
            }
            None => break,
        }
    }
    let spare = width.saturating_sub(need(&keep));
    let grow: u16 = keep.iter().map(|i| cols[*i].grow).sum();
    let mut out: Vec<(usize, u16)> = keep.iter().map(|i| (*i, cols[*i].min)).collect();
    if grow > 0 {
        let mut given = 0;
        for (i, w) in out.iter_mut() {
            let extra = (spare * cols[*i].grow).checked_div(grow).unwrap_or(0);
            *w += extra;
            given += extra;
        }
        // Rounding leftovers go to the first growing column.
        if let Some((_, w)) = out.iter_mut().find(|(i, _)| cols[*i].grow > 0) {
            *w += spare - given;
        }
    }
    if let Some((_, w)) = out.first_mut() {
        *w = (*w).min(width);
    }
    out
}

/// Compares two records by a column, for sorting.
pub fn compare(ctx: &Ctx, col: &Column, a: &Record, b: &Record) -> Ordering {
    (col.sort)(ctx, a).cmp(&(col.sort)(ctx, b))
}

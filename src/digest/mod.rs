//! A person's digest: what they own that needs them, from the triage
//! queue ([`crate::due`]) and the records: overdue items, items due within
//! the window, renewal notices in the window (or whose notice period has
//! begun), agreements expiring within 90 days, partnerships without
//! contact for the no-contact period. The office's digest (`--all`) is
//! every owner's, grouped by owner, with the counts per owner.
//!
//! [`Office`] reads the database once; any number of digests are then
//! made from memory.

mod ics;
mod render;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::due::{DueItem, queue_between};
use crate::exchange::Dataset;
use crate::model::{Id, Kind, PartnershipStatus, Record};
use crate::staff::StaffMember;
use crate::store::{DueSlot, Result, Store};

pub use ics::calendar;
pub use render::{Format, render, subject};

/// Agreements expiring within this many days are in the digest.
pub const EXPIRY_HORIZON_DAYS: u64 = 90;
/// Partnerships without a note for this many days are "without contact"
/// (the dashboard's default).
pub const NO_CONTACT_DAYS: i64 = 90;

/// The parts of a digest, most pressing first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Overdue,
    Due,
    Notice,
    Expiring,
    NoContact,
}

impl Section {
    pub const ALL: [Section; 5] = [
        Section::Overdue,
        Section::Due,
        Section::Notice,
        Section::Expiring,
        Section::NoContact,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Section::Overdue => "overdue",
            Section::Due => "due",
            Section::Notice => "notice",
            Section::Expiring => "expiring",
            Section::NoContact => "no_contact",
        }
    }
}

/// One line of a digest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub section: Section,
    /// `T13`, `A6:notice`, `A6:expiry`, `P3`.
    pub key: String,
    pub id: Id,
    pub title: String,
    /// The partner institutions, by name as entered.
    pub partners: String,
    /// The item's date; for a partnership, its last contact.
    pub date: Option<NaiveDate>,
    /// Days from today to the date (negative: past).
    pub days: Option<i64>,
    pub owner: String,
}

/// The lines of one owner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// The owner as a staff member is named (or as typed); empty for
    /// items nobody owns.
    pub owner: String,
    pub lines: Vec<Line>,
}

impl Group {
    pub fn count(&self, s: Section) -> usize {
        self.lines.iter().filter(|l| l.section == s).count()
    }
}

/// Whose digest.
#[derive(Debug, Clone)]
pub enum Whose {
    /// One person: what they own.
    Person(StaffMember),
    /// The head of office's: everyone's, grouped by owner.
    Everyone,
}

/// A digest, ready to render.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Digest {
    /// The person's name; `None` for the office's digest.
    pub person: Option<String>,
    pub today: NaiveDate,
    /// The last day of the window.
    pub until: NaiveDate,
    pub groups: Vec<Group>,
}

impl Digest {
    pub fn is_empty(&self) -> bool {
        self.groups.iter().all(|g| g.lines.is_empty())
    }

    pub fn count(&self, s: Section) -> usize {
        self.groups.iter().map(|g| g.count(s)).sum()
    }

    pub fn lines(&self) -> impl Iterator<Item = &Line> {
        self.groups.iter().flat_map(|g| g.lines.iter())
    }

    /// The window in days.
    pub fn within_days(&self) -> i64 {
        (self.until - self.today).num_days()
    }
}

/// The office's records read once, for any number of digests.
pub struct Office {
    data: Dataset,
    queue: Vec<DueItem>,
    staff: Vec<StaffMember>,
    today: NaiveDate,
    until: NaiveDate,
}

impl Office {
    /// Reads the store: the triage queue up to the later of `until` and
    /// the expiry horizon, and every record (names, last contacts).
    pub fn load(
        store: &dyn Store,
        staff: Vec<StaffMember>,
        today: NaiveDate,
        until: NaiveDate,
    ) -> Result<Office> {
        let horizon = today
            .checked_add_days(chrono::Days::new(EXPIRY_HORIZON_DAYS))
            .unwrap_or(today)
            .max(until);
        let queue = queue_between(store, today, None, Some(horizon), false)?;
        let data = Dataset::load(store, today)?;
        Ok(Office {
            data,
            queue,
            staff,
            today,
            until,
        })
    }

    pub fn staff(&self) -> &[StaffMember] {
        &self.staff
    }

    /// The digest of `whose`.
    pub fn digest(&self, whose: &Whose) -> Digest {
        let mut lines = Vec::new();
        let wanted = |owner: &str| match whose {
            Whose::Person(m) => m.owns(owner),
            Whose::Everyone => true,
        };
        for item in &self.queue {
            if !wanted(&item.owner) {
                continue;
            }
            if let Some(section) = self.section_of(item) {
                lines.push(self.line_of(section, item));
            }
        }
        for r in self.data.of(Kind::Partnership) {
            let Record::Partnership(p) = r else { continue };
            if !p.status.is_live() || p.status == PartnershipStatus::Prospect || !wanted(&p.owner) {
                continue;
            }
            let last = self.data.last_contact(p.id);
            let silent = last.map(|d| (self.today - d).num_days());
            if silent.is_some_and(|d| d < NO_CONTACT_DAYS) {
                continue;
            }
            lines.push(Line {
                section: Section::NoContact,
                key: p.id.to_string(),
                id: p.id,
                title: p.title.clone(),
                partners: self.partners(Some(p.id)),
                date: last,
                days: silent.map(|d| -d),
                owner: p.owner.trim().to_string(),
            });
        }
        // Most urgent first: by section, then as the queue orders them
        // (kept by a stable sort); partnerships longest silent first.
        lines.sort_by_key(|l| {
            (
                l.section,
                if l.section == Section::NoContact {
                    l.date
                } else {
                    None
                },
            )
        });
        let groups = match whose {
            Whose::Person(_) => vec![Group {
                owner: String::new(),
                lines,
            }],
            Whose::Everyone => self.by_owner(lines),
        };
        Digest {
            person: match whose {
                Whose::Person(m) => Some(m.name.trim().to_string()),
                Whose::Everyone => None,
            },
            today: self.today,
            until: self.until,
            groups,
        }
    }

    /// Which part of the digest a queue item is in, if any.
    fn section_of(&self, item: &DueItem) -> Option<Section> {
        let date = item.date?;
        match item.slot {
            DueSlot::Item if date < self.today => Some(Section::Overdue),
            DueSlot::Item if date <= self.until => Some(Section::Due),
            DueSlot::Item => None,
            // In the window, or the notice period has begun.
            DueSlot::RenewalNotice if date <= self.until => Some(Section::Notice),
            DueSlot::RenewalNotice => None,
            // Within the horizon (the queue was read up to it), or past.
            DueSlot::Expiry => Some(Section::Expiring),
        }
    }

    fn line_of(&self, section: Section, item: &DueItem) -> Line {
        Line {
            section,
            key: item.key(),
            id: item.id,
            title: item.title.clone(),
            partners: self.partners(item.partnership),
            date: item.date,
            days: item.days,
            owner: item.owner.trim().to_string(),
        }
    }

    /// The partners of a partnership by the name shown for each (short
    /// name, else the primary name, as entered): three, then how many more.
    fn partners(&self, partnership: Option<Id>) -> String {
        let Some(p) = partnership.and_then(|p| self.data.partnership(p)) else {
            return String::new();
        };
        let mut names: Vec<String> = p
            .partners
            .iter()
            .take(3)
            .map(|i| self.data.display_name(*i))
            .collect();
        if p.partners.len() > 3 {
            names.push(format!("+{}", p.partners.len() - 3));
        }
        names.join(", ")
    }

    /// Lines grouped by owner: a staff member under their name, anyone
    /// else as typed (case-insensitively one), nobody's last; owners in
    /// name order.
    fn by_owner(&self, lines: Vec<Line>) -> Vec<Group> {
        let mut order: Vec<String> = Vec::new();
        let mut groups: HashMap<String, Group> = HashMap::new();
        for l in lines {
            let owner = match crate::staff::find(&self.staff, &l.owner) {
                Some(m) => m.name.trim().to_string(),
                None => l.owner.clone(),
            };
            let k = crate::staff::key(&owner);
            let g = groups.entry(k.clone()).or_insert_with(|| {
                order.push(k);
                Group {
                    owner,
                    lines: Vec::new(),
                }
            });
            g.lines.push(l);
        }
        order.sort_by(|a, b| (a.is_empty(), a).cmp(&(b.is_empty(), b)));
        order
            .into_iter()
            .filter_map(|k| groups.remove(&k))
            .collect()
    }
}

#[cfg(test)]
mod tests;

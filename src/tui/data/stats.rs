//! The dashboard's figures, computed from memory after each change.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};
use rustc_hash::FxHashMap;

use super::Data;
use crate::due::{DueItem, end_of_week};
use crate::model::{AgreementStatus, Id, Kind, PartnershipStatus, Record};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryCount {
    pub code: String,
    pub partnerships: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub partnerships: Vec<(PartnershipStatus, usize)>,
    /// Agreement counts by status, with `expiring` and `lapsed` derived
    /// from dates taking precedence over the recorded status.
    pub agreements: Vec<(&'static str, usize)>,
    pub overdue: usize,
    pub due_this_week: usize,
    pub due_this_month: usize,
    /// Open items without a date.
    pub undated: usize,
    /// Agreements in their renewal-notice window, lapsed, or expiring within
    /// 90 days, soonest first.
    pub renewals: Vec<Id>,
    /// Live partnerships without a note for at least the chosen number of
    /// days (or never), longest silence first.
    pub stale: Vec<(Id, Option<NaiveDate>)>,
    pub countries: Vec<CountryCount>,
    /// The next dated deadlines from today on.
    pub next: Vec<DueItem>,
}

pub fn compute_stats(data: &Data, stale_days: u32) -> Stats {
    let today = data.today;
    let mut s = Stats::default();
    let mut by_status: BTreeMap<PartnershipStatus, usize> = BTreeMap::new();
    // Hashed, and sorted once at the end: a tree keyed by text compared
    // strings on every level for each partner of 100k partnerships.
    let mut countries: FxHashMap<&str, usize> = FxHashMap::default();
    let mut seen = Vec::new();
    for r in data.of_kind(Kind::Partnership) {
        let Record::Partnership(p) = r else { continue };
        *by_status.entry(p.status).or_default() += 1;
        seen.clear();
        for i in &p.partners {
            if let Some(Record::Institution(inst)) = data.get(*i)
                && !inst.home
                && !seen.contains(&inst.country.as_str())
            {
                seen.push(inst.country.as_str());
                *countries.entry(inst.country.as_str()).or_default() += 1;
            }
        }
        if p.status.is_live() && p.status != PartnershipStatus::Prospect {
            let last = data.last_contact.get(&p.id).copied();
            let silent = last.map(|d| (today - d).num_days()).unwrap_or(i64::MAX);
            if silent >= i64::from(stale_days) {
                s.stale.push((p.id, last));
            }
        }
    }
    s.stale.sort_by_key(|(id, d)| (*d, *id));
    s.partnerships = PartnershipStatus::ALL
        .iter()
        .map(|st| (*st, by_status.get(st).copied().unwrap_or(0)))
        .collect();
    let mut ag: FxHashMap<&'static str, usize> = FxHashMap::default();
    let horizon = today.checked_add_days(Days::new(90)).unwrap_or(today);
    let mut renewals = Vec::new();
    for r in data.of_kind(Kind::Agreement) {
        let Record::Agreement(a) = r else { continue };
        let st = a.standing_name(today);
        *ag.entry(st).or_default() += 1;
        let soon = a.status.in_force() && a.expires.is_some_and(|e| e <= horizon);
        if st == "expiring" || st == "lapsed" || soon {
            renewals.push((a.expires, a.id));
        }
    }
    renewals.sort();
    s.renewals = renewals.into_iter().map(|(_, id)| id).collect();
    let order = [
        "draft",
        "in_review",
        "signed",
        "expiring",
        "lapsed",
        "renewed",
        "expired",
        "terminated",
    ];
    debug_assert!(
        AgreementStatus::ALL
            .iter()
            .all(|x| order.contains(&x.name()))
    );
    s.agreements = order
        .iter()
        .map(|n| (*n, ag.get(n).copied().unwrap_or(0)))
        .collect();
    count_due(&mut s, data);
    let mut c: Vec<CountryCount> = countries
        .into_iter()
        .map(|(code, partnerships)| CountryCount {
            code: code.to_string(),
            partnerships,
        })
        .collect();
    c.sort_by(|a, b| {
        b.partnerships
            .cmp(&a.partnerships)
            .then(a.code.cmp(&b.code))
    });
    s.countries = c;
    s
}

/// The figures that come from the triage queue alone: after a change to
/// action items and follow-ups only, these are all that can move.
pub fn recount_due(s: &mut Stats, data: &Data) {
    s.overdue = 0;
    s.due_this_week = 0;
    s.due_this_month = 0;
    s.undated = 0;
    count_due(s, data);
}

/// Counts by halving the queue: it is in urgency order, which puts dated
/// items in date order (each bucket a span of dates, in date order) and
/// undated ones last, so every figure is where a date falls in it.
fn count_due(s: &mut Stats, data: &Data) {
    let today = data.today;
    let week_end = end_of_week(today);
    let month_end = end_of_month(today);
    let due = &data.due;
    let dated_to = |end: NaiveDate| due.partition_point(|d| d.date.is_some_and(|x| x <= end));
    let overdue = due.partition_point(|d| d.date.is_some_and(|x| x < today));
    s.overdue += overdue;
    s.due_this_week += dated_to(week_end).saturating_sub(overdue);
    s.due_this_month += dated_to(month_end).saturating_sub(overdue);
    s.undated += due.len() - due.partition_point(|d| d.date.is_some());
    s.next = due
        .range(overdue..due.len())
        .filter(|d| d.date.is_some_and(|x| x >= today))
        .take(10)
        .cloned()
        .collect();
}

fn end_of_month(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), d.month(), 1)
        .and_then(|f| f.checked_add_months(chrono::Months::new(1)))
        .and_then(|n| n.pred_opt())
        .unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::tui::testing::demo_app;

    /// The figures counted by halving are those of counting every item,
    /// on days before, among and after the demo's deadlines.
    #[test]
    fn deadline_figures_by_halving_are_a_full_count() {
        let mut data = demo_app(Lang::En, "default").unwrap().data;
        let first = data.today;
        for offset in [-400i64, -30, -1, 0, 1, 3, 6, 20, 45, 200, 2000] {
            let today = first + chrono::Duration::days(offset);
            data.set_today(today);
            let mut s = Stats::default();
            count_due(&mut s, &data);
            let (week_end, month_end) = (end_of_week(today), end_of_month(today));
            let dated = |f: &dyn Fn(NaiveDate) -> bool| {
                data.due.iter().filter(|d| d.date.is_some_and(f)).count()
            };
            assert_eq!(s.overdue, dated(&|x| x < today), "{today}");
            assert_eq!(
                s.due_this_week,
                dated(&|x| x >= today && x <= week_end),
                "{today}"
            );
            assert_eq!(
                s.due_this_month,
                dated(&|x| x >= today && x <= month_end),
                "{today}"
            );
            assert_eq!(
                s.undated,
                data.due.iter().filter(|d| d.date.is_none()).count()
            );
            let next: Vec<String> = data
                .due
                .iter()
                .filter(|d| d.date.is_some_and(|x| x >= today))
                .take(10)
                .map(DueItem::key)
                .collect();
            assert_eq!(s.next.iter().map(DueItem::key).collect::<Vec<_>>(), next);
        }
    }
}

//! Which records an export covers: a scope (one partnership, one country,
//! one owner, one status) and a date window.
//!
//! - `partnership`: that partnership and everything under it.
//! - `country`: partnerships with a partner (or agreement party) in that
//!   country, everything under them, and the institutions of that country.
//! - `owner`: the records whose owner is that person (a record without an
//!   owner takes its parent's), with the partnerships they belong to.
//! - `status`: records of the kinds whose vocabulary has that status must
//!   have it (`active` keeps active partnerships, `open` open items,
//!   `signed` signed agreements; `expiring` and `lapsed` agreements by their
//!   dates), with the partnerships they belong to.
//! - the window keeps dated records dated within it: action items and
//!   follow-ups due or completed in it, notes written in it, agreements in
//!   force during it. Institutions, contacts and partnerships have no date
//!   to filter by.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::dataset::Dataset;
use super::{ExchangeError, Result};
use crate::model::{
    ActionStatus, AgreementStatus, FollowUpStatus, Id, Kind, PartnershipStatus, Record, is_country,
};

/// Which records to cover; everything when empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    pub partnership: Option<Id>,
    /// ISO 3166-1 alpha-2, any case.
    pub country: Option<String>,
    /// Compared case-insensitively.
    pub owner: Option<String>,
    /// A status of any kind: `active`, `open`, `signed`, `expiring`…
    pub status: Option<String>,
}

/// A date window, inclusive at both ends; either end may be open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Window {
    pub fn is_open(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t)
    }

    /// Whether the span `start..=end` (open ends unbounded) meets the window.
    pub fn overlaps(&self, start: Option<NaiveDate>, end: Option<NaiveDate>) -> bool {
        let starts_in_time = match (start, self.to) {
            (Some(s), Some(t)) => s <= t,
            _ => true,
        };
        let ends_in_time = match (end, self.from) {
            (Some(e), Some(f)) => e >= f,
            _ => true,
        };
        starts_in_time && ends_in_time
    }
}

/// The records an export covers, by kind, in id order.
pub struct Selection<'a> {
    ids: Vec<Vec<&'a Record>>,
    pub scope: Scope,
    pub window: Window,
}

impl<'a> Selection<'a> {
    /// The selected records of one kind.
    pub fn of(&self, kind: Kind) -> &[&'a Record] {
        &self.ids[kind as usize]
    }

    pub fn contains(&self, id: Id) -> bool {
        self.of(id.kind)
            .binary_search_by_key(&id, |r| r.id())
            .is_ok()
    }

    /// How many records in all.
    pub fn len(&self) -> usize {
        self.ids.iter().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The words `--status` accepts, for error messages.
fn all_statuses() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Vec::new();
    v.extend(PartnershipStatus::ALL.iter().map(|s| s.name()));
    v.extend(AgreementStatus::ALL.iter().map(|s| s.name()));
    v.extend(["expiring", "lapsed"]);
    v.extend(ActionStatus::ALL.iter().map(|s| s.name()));
    v.extend(FollowUpStatus::ALL.iter().map(|s| s.name()));
    let mut seen = HashSet::new();
    v.retain(|s| seen.insert(*s));
    v
}

/// Whether `status` belongs to the vocabulary of `kind`.
fn kind_has_status(kind: Kind, status: &str) -> bool {
    match kind {
        Kind::Partnership => PartnershipStatus::parse(status).is_some(),
        Kind::Agreement => {
            AgreementStatus::parse(status).is_some() || matches!(status, "expiring" | "lapsed")
        }
        Kind::Action => ActionStatus::parse(status).is_some(),
        Kind::FollowUp => FollowUpStatus::parse(status).is_some(),
        Kind::Institution | Kind::Contact | Kind::Note => false,
    }
}

/// Whether a record's own dates meet the window.
fn in_window(r: &Record, w: &Window) -> bool {
    if w.is_open() {
        return true;
    }
    let hit = |d: Option<NaiveDate>| d.is_some_and(|d| w.contains(d));
    match r {
        Record::Agreement(a) => w.overlaps(a.effective.or(a.signed), a.expires),
        Record::Action(a) => hit(a.due) || hit(a.completed),
        Record::FollowUp(f) => hit(Some(f.due)) || hit(f.completed),
        Record::Note(n) => hit(Some(n.date)),
        Record::Institution(_) | Record::Contact(_) | Record::Partnership(_) => true,
    }
}

/// Checks the scope against the data, and picks the records it covers.
pub fn select<'a>(data: &'a Dataset, scope: &Scope, window: &Window) -> Result<Selection<'a>> {
    let scope = normalise(data, scope)?;
    if let (Some(f), Some(t)) = (window.from, window.to)
        && t < f
    {
        return Err(ExchangeError::Options(format!(
            "the window ends ({t}) before it starts ({f}); swap --from and --to"
        )));
    }
    let today = data.today;
    let owner_ok = |r: &Record| match &scope.owner {
        Some(o) => data.effective_owner(r).to_lowercase() == *o,
        None => true,
    };
    let status_ok = |r: &Record| match &scope.status {
        Some(s) if kind_has_status(r.kind(), s) => r.has_status(s, today),
        _ => true,
    };
    // The kinds that a status or owner scope filters directly.
    let owner_kinds = [
        Kind::Partnership,
        Kind::Agreement,
        Kind::Action,
        Kind::FollowUp,
    ];
    let item_ok = |r: &Record| {
        let owned = scope.owner.is_none() || !owner_kinds.contains(&r.kind()) || owner_ok(r);
        owned && status_ok(r) && in_window(r, window)
    };

    // Partnerships by id and country.
    let in_country: HashSet<Id> = match &scope.country {
        Some(c) => partnerships_in(data, c),
        None => HashSet::new(),
    };
    let mut base: HashSet<Id> = HashSet::new();
    for r in data.of(Kind::Partnership) {
        let id = r.id();
        let by_id = scope.partnership.is_none_or(|p| p == id);
        let by_country = scope.country.is_none() || in_country.contains(&id);
        if by_id && by_country {
            base.insert(id);
        }
    }
    // Dated and owned records under those partnerships that pass the
    // filters; the partnerships holding them, for owner and status scopes.
    let item_status = scope
        .status
        .as_deref()
        .filter(|s| !kind_has_status(Kind::Partnership, s));
    let mut ids: Vec<Vec<&Record>> = Kind::ALL.iter().map(|_| Vec::new()).collect();
    let mut holders: HashSet<Id> = HashSet::new();
    for kind in [Kind::Agreement, Kind::Action, Kind::FollowUp, Kind::Note] {
        for r in data.of(kind) {
            let home = data.partnership_of(r.id());
            let inside = match home {
                Some(p) => base.contains(&p),
                None => everything(&scope),
            };
            if !inside || !item_ok(r) {
                continue;
            }
            ids[kind as usize].push(r);
            let speaks = kind != Kind::Note && item_status.is_none_or(|s| kind_has_status(kind, s));
            if let (Some(p), true) = (home, speaks) {
                holders.insert(p);
            }
        }
    }
    for r in data.of(Kind::Partnership) {
        let id = r.id();
        if !base.contains(&id) {
            continue;
        }
        let keep = match (&scope.status, item_status) {
            (Some(_), Some(_)) => holders.contains(&id),
            (Some(_), None) => status_ok(r) && (owner_ok(r) || holders.contains(&id)),
            (None, _) => owner_ok(r) || holders.contains(&id),
        };
        if keep {
            ids[Kind::Partnership as usize].push(r);
        }
    }
    let kept: HashSet<Id> = ids[Kind::Partnership as usize]
        .iter()
        .map(|r| r.id())
        .collect();
    for kind in [Kind::Agreement, Kind::Action, Kind::FollowUp, Kind::Note] {
        ids[kind as usize].retain(|r| {
            data.partnership_of(r.id())
                .is_none_or(|p| kept.contains(&p))
        });
    }
    // Institutions: all, or those the kept records involve (and, for a
    // country, those of that country).
    let mut involved: HashSet<Id> = HashSet::new();
    for r in ids[Kind::Partnership as usize]
        .iter()
        .chain(&ids[Kind::Agreement as usize])
    {
        match r {
            Record::Partnership(p) => involved.extend(p.partners.iter().copied()),
            Record::Agreement(a) => involved.extend(a.parties.iter().copied()),
            _ => {}
        }
    }
    for r in data.of(Kind::Institution) {
        let Record::Institution(i) = r else { continue };
        let of_country = scope.country.as_ref().is_some_and(|c| i.country == *c);
        if everything(&scope) || involved.contains(&i.id) || of_country {
            ids[Kind::Institution as usize].push(r);
        }
    }
    let institutions: HashSet<Id> = ids[Kind::Institution as usize]
        .iter()
        .map(|r| r.id())
        .collect();
    for r in data.of(Kind::Contact) {
        if let Record::Contact(c) = r
            && institutions.contains(&c.institution)
        {
            ids[Kind::Contact as usize].push(r);
        }
    }
    // Items on institutions or contacts follow them.
    for kind in [Kind::FollowUp, Kind::Note] {
        let extra: Vec<&Record> = data
            .of(kind)
            .iter()
            .filter(|r| data.partnership_of(r.id()).is_none())
            .filter(|r| {
                r.parent().is_some_and(|p| {
                    institutions.contains(&p) || contact_in(data, p, &institutions)
                })
            })
            .filter(|r| item_ok(r))
            .collect();
        let list = &mut ids[kind as usize];
        for r in extra {
            if list.binary_search_by_key(&r.id(), |x| x.id()).is_err() {
                list.push(r);
            }
        }
        list.sort_by_key(|r| r.id());
    }
    Ok(Selection {
        ids,
        scope,
        window: *window,
    })
}

fn contact_in(data: &Dataset, id: Id, institutions: &HashSet<Id>) -> bool {
    matches!(data.get(id), Some(Record::Contact(c)) if institutions.contains(&c.institution))
}

/// Whether the scope covers everything (records under no partnership, such
/// as notes on an institution, are then included as they are).
fn everything(scope: &Scope) -> bool {
    scope.partnership.is_none()
        && scope.country.is_none()
        && scope.owner.is_none()
        && scope.status.is_none()
}

/// The partnerships with a partner, or an agreement party, in `country`.
fn partnerships_in(data: &Dataset, country: &str) -> HashSet<Id> {
    let in_country = |id: &Id| data.institution(*id).is_some_and(|i| i.country == country);
    let mut out = HashSet::new();
    for r in data.of(Kind::Partnership) {
        if let Record::Partnership(p) = r
            && p.partners.iter().any(in_country)
        {
            out.insert(p.id);
        }
    }
    for r in data.of(Kind::Agreement) {
        if let Record::Agreement(a) = r
            && a.parties.iter().any(in_country)
        {
            out.insert(a.partnership);
        }
    }
    out
}

/// Checks and normalises a scope: the partnership exists, the country is a
/// code, the status is a word some kind uses.
fn normalise(data: &Dataset, scope: &Scope) -> Result<Scope> {
    let mut out = Scope::default();
    if let Some(id) = scope.partnership {
        if id.kind != Kind::Partnership {
            return Err(ExchangeError::Options(format!(
                "--partnership {id}: that is {}, not a partnership (partnership ids start with P)",
                crate::text::with_article(id.kind.name())
            )));
        }
        if data.partnership(id).is_none() {
            return Err(ExchangeError::Options(format!(
                "--partnership {id}: there is no partnership {id}"
            )));
        }
        out.partnership = Some(id);
    }
    if let Some(c) = &scope.country {
        let c = c.trim().to_uppercase();
        if !is_country(&c) {
            return Err(ExchangeError::Options(format!(
                "--country '{c}' is not an ISO 3166-1 country code (such as CN, KZ, MN)"
            )));
        }
        out.country = Some(c);
    }
    if let Some(o) = &scope.owner {
        let o = o.trim().to_lowercase();
        if !o.is_empty() {
            out.owner = Some(o);
        }
    }
    if let Some(s) = &scope.status {
        let s = s.trim().to_lowercase().replace([' ', '-'], "_");
        if !all_statuses().contains(&s.as_str()) {
            return Err(ExchangeError::Options(format!(
                "--status '{s}' is not a status; use one of {}",
                all_statuses().join(", ")
            )));
        }
        out.status = Some(s);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Two partnerships: P1 (Li Na, KZ partner) with agreement A1 (no owner,
    /// party in MN) and items T1 (Wang Jun, open, due 2026-12-01) and T2
    /// (done); P2 (Wang Jun, dormant, CN partner) with T3 (open, no owner).
    fn data() -> Dataset {
        let inst = |n, c: &str| {
            Record::Institution(Institution {
                id: Id::new(Kind::Institution, n),
                names: vec![Name::new(format!("I{n}"), "en")],
                short_name: String::new(),
                country: c.into(),
                city: String::new(),
                kind: InstitutionKind::Hospital,
                tags: vec![],
                website: String::new(),
                home: false,
            })
        };
        let part = |n, owner: &str, status, partner| {
            Record::Partnership(Partnership {
                id: Id::new(Kind::Partnership, n),
                title: format!("P{n}"),
                partners: vec![Id::new(Kind::Institution, partner)],
                status,
                areas: vec![],
                owner: owner.into(),
                start: None,
                description: String::new(),
            })
        };
        let action = |n, parent: Id, owner: &str, status, due: &str| {
            Record::Action(ActionItem {
                id: Id::new(Kind::Action, n),
                parent,
                title: format!("T{n}"),
                owner: owner.into(),
                due: Some(d(due)),
                status,
                priority: Priority::Normal,
                completed: None,
            })
        };
        let a1 = Id::new(Kind::Agreement, 1);
        Dataset::from_list(
            vec![
                inst(1, "KZ"),
                inst(2, "MN"),
                inst(3, "CN"),
                part(1, "Li Na", PartnershipStatus::Active, 1),
                part(2, "Wang Jun", PartnershipStatus::Dormant, 3),
                Record::Agreement(Agreement {
                    id: a1,
                    partnership: Id::new(Kind::Partnership, 1),
                    kind: AgreementKind::Mou,
                    title: "A1".into(),
                    parties: vec![Id::new(Kind::Institution, 2)],
                    status: AgreementStatus::Signed,
                    signed: Some(d("2025-01-01")),
                    effective: None,
                    expires: Some(d("2027-01-01")),
                    notice_days: 0,
                    scope: vec![],
                    signatories: vec![],
                    document: String::new(),
                    owner: String::new(),
                    renewal_raised_for: None,
                }),
                action(1, a1, "Wang Jun", ActionStatus::Open, "2026-12-01"),
                action(2, a1, "", ActionStatus::Done, "2026-10-01"),
                action(
                    3,
                    Id::new(Kind::Partnership, 2),
                    "",
                    ActionStatus::Open,
                    "2026-11-25",
                ),
            ],
            d("2026-11-23"),
        )
    }

    fn ids(sel: &Selection, kind: Kind) -> Vec<String> {
        sel.of(kind).iter().map(|r| r.id().to_string()).collect()
    }

    fn scope(f: impl FnOnce(&mut Scope)) -> Scope {
        let mut s = Scope::default();
        f(&mut s);
        s
    }

    #[test]
    fn an_owner_keeps_their_records_and_inherits_down_the_tree() {
        let data = data();
        let s = select(
            &data,
            &scope(|s| s.owner = Some("LI NA".into())),
            &Window::default(),
        )
        .unwrap();
        assert_eq!(ids(&s, Kind::Partnership), ["P1"]);
        assert_eq!(
            ids(&s, Kind::Agreement),
            ["A1"],
            "A1 has no owner: it is Li Na's"
        );
        assert_eq!(
            ids(&s, Kind::Action),
            ["T2"],
            "T1 is Wang Jun's; T2 inherits Li Na"
        );
        let s = select(
            &data,
            &scope(|s| s.owner = Some("wang jun".into())),
            &Window::default(),
        )
        .unwrap();
        assert_eq!(ids(&s, Kind::Partnership), ["P1", "P2"], "P1 holds his T1");
        assert_eq!(ids(&s, Kind::Action), ["T1", "T3"]);
    }

    #[test]
    fn a_status_filters_the_kinds_that_have_it() {
        let data = data();
        let s = select(
            &data,
            &scope(|s| s.status = Some("open".into())),
            &Window::default(),
        )
        .unwrap();
        assert_eq!(ids(&s, Kind::Action), ["T1", "T3"]);
        assert_eq!(ids(&s, Kind::Partnership), ["P1", "P2"]);
        let s = select(
            &data,
            &scope(|s| s.status = Some("dormant".into())),
            &Window::default(),
        )
        .unwrap();
        assert_eq!(ids(&s, Kind::Partnership), ["P2"]);
        assert_eq!(ids(&s, Kind::Action), ["T3"]);
        assert!(
            select(
                &data,
                &scope(|s| s.status = Some("sleepy".into())),
                &Window::default()
            )
            .is_err()
        );
    }

    #[test]
    fn a_country_counts_agreement_parties_and_a_window_keeps_dated_items() {
        let data = data();
        let s = select(
            &data,
            &scope(|s| s.country = Some("mn".into())),
            &Window::default(),
        )
        .unwrap();
        assert_eq!(ids(&s, Kind::Partnership), ["P1"]);
        assert_eq!(ids(&s, Kind::Institution), ["I1", "I2"]);
        let w = Window {
            from: Some(d("2026-11-01")),
            to: Some(d("2026-11-30")),
        };
        let s = select(&data, &Scope::default(), &w).unwrap();
        assert_eq!(ids(&s, Kind::Action), ["T3"]);
        assert_eq!(
            ids(&s, Kind::Agreement),
            ["A1"],
            "in force during the window"
        );
        let bad = Window {
            from: Some(d("2026-12-01")),
            to: Some(d("2026-11-01")),
        };
        assert!(select(&data, &Scope::default(), &bad).is_err());
    }
}

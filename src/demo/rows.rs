//! The shapes of the demo tables and the small builders that keep them
//! readable. Records refer to each other by short keys (`"pkush"`,
//! `"mou-mn"`), which the loader turns into ids.

use chrono::{Days, NaiveDate};

use crate::model::{
    ActionStatus, AgreementKind, AgreementStatus, FollowUpStatus, InstitutionKind, NoteKind,
    PartnershipStatus, Priority,
};

/// A date in the demo: a reported date, a deadline relative to the day the
/// demo is loaded, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    On(i32, u32, u32),
    In(i64),
    Undated,
}

/// A reported date (past events keep them).
pub const fn on(y: i32, m: u32, d: u32) -> When {
    When::On(y, m, d)
}

/// A deadline `n` days after the day the demo is loaded (negative: before).
pub const fn days(n: i64) -> When {
    When::In(n)
}

impl When {
    /// The calendar day, or `None` when undated or out of range.
    pub fn resolve(self, today: NaiveDate) -> Option<NaiveDate> {
        match self {
            When::On(y, m, d) => NaiveDate::from_ymd_opt(y, m, d),
            When::In(n) if n >= 0 => today.checked_add_days(Days::new(n.unsigned_abs())),
            When::In(n) => today.checked_sub_days(Days::new(n.unsigned_abs())),
            When::Undated => None,
        }
    }
}

/// A name and its language tag.
pub type N = (&'static str, &'static str);

pub const fn zh(t: &'static str) -> N {
    (t, "zh")
}
pub const fn en(t: &'static str) -> N {
    (t, "en")
}
pub const fn ru(t: &'static str) -> N {
    (t, "ru")
}
pub const fn kk(t: &'static str) -> N {
    (t, "kk")
}
pub const fn mn(t: &'static str) -> N {
    (t, "mn")
}
pub const fn uz(t: &'static str) -> N {
    (t, "uz")
}
pub const fn tg(t: &'static str) -> N {
    (t, "tg")
}
pub const fn fr(t: &'static str) -> N {
    (t, "fr")
}

pub struct InstRow {
    pub key: &'static str,
    pub names: &'static [N],
    pub short: &'static str,
    pub country: &'static str,
    pub city: &'static str,
    pub kind: InstitutionKind,
    pub tags: &'static [&'static str],
    pub home: bool,
}

pub const fn inst(
    key: &'static str,
    country: &'static str,
    city: &'static str,
    kind: InstitutionKind,
    names: &'static [N],
) -> InstRow {
    InstRow {
        key,
        names,
        short: "",
        country,
        city,
        kind,
        tags: &[],
        home: false,
    }
}

impl InstRow {
    pub const fn short(mut self, s: &'static str) -> Self {
        self.short = s;
        self
    }
    pub const fn tags(mut self, t: &'static [&'static str]) -> Self {
        self.tags = t;
        self
    }
    pub const fn home(mut self) -> Self {
        self.home = true;
        self
    }
}

pub struct ContactRow {
    pub key: &'static str,
    pub institution: &'static str,
    pub names: &'static [N],
    pub title: &'static str,
    pub notes: &'static str,
}

pub const fn person(
    key: &'static str,
    institution: &'static str,
    names: &'static [N],
    title: &'static str,
) -> ContactRow {
    ContactRow {
        key,
        institution,
        names,
        title,
        notes: "",
    }
}

impl ContactRow {
    pub const fn notes(mut self, n: &'static str) -> Self {
        self.notes = n;
        self
    }
}

pub struct PartRow {
    pub key: &'static str,
    pub title: &'static str,
    pub partners: &'static [&'static str],
    pub status: PartnershipStatus,
    pub areas: &'static [&'static str],
    pub owner: &'static str,
    pub start: When,
    pub description: &'static str,
}

pub struct AgreeRow {
    pub key: &'static str,
    pub partnership: &'static str,
    pub kind: AgreementKind,
    pub title: &'static str,
    pub parties: &'static [&'static str],
    pub status: AgreementStatus,
    pub signed: When,
    pub expires: When,
    pub notice_days: u32,
    pub scope: &'static [&'static str],
    pub signatories: &'static [&'static str],
    pub document: &'static str,
    pub owner: &'static str,
}

pub const fn agreement(
    key: &'static str,
    partnership: &'static str,
    kind: AgreementKind,
    title: &'static str,
    parties: &'static [&'static str],
) -> AgreeRow {
    AgreeRow {
        key,
        partnership,
        kind,
        title,
        parties,
        status: AgreementStatus::Draft,
        signed: When::Undated,
        expires: When::Undated,
        notice_days: 0,
        scope: &[],
        signatories: &[],
        document: "",
        owner: "",
    }
}

impl AgreeRow {
    /// Signed on `signed`, in force until `expires`, renewal to be raised
    /// `notice_days` before.
    pub const fn signed(mut self, signed: When, expires: When, notice_days: u32) -> Self {
        self.status = AgreementStatus::Signed;
        self.signed = signed;
        self.expires = expires;
        self.notice_days = notice_days;
        self
    }
    pub const fn status(mut self, s: AgreementStatus) -> Self {
        self.status = s;
        self
    }
    pub const fn scope(mut self, s: &'static [&'static str]) -> Self {
        self.scope = s;
        self
    }
    pub const fn signatories(mut self, s: &'static [&'static str]) -> Self {
        self.signatories = s;
        self
    }
    pub const fn document(mut self, d: &'static str) -> Self {
        self.document = d;
        self
    }
    pub const fn owner(mut self, o: &'static str) -> Self {
        self.owner = o;
        self
    }
}

pub struct ActionRow {
    pub parent: &'static str,
    pub title: &'static str,
    pub owner: &'static str,
    pub due: When,
    pub status: ActionStatus,
    pub priority: Priority,
    pub completed: When,
}

/// An open action item of normal priority.
pub const fn action(
    parent: &'static str,
    owner: &'static str,
    due: When,
    title: &'static str,
) -> ActionRow {
    ActionRow {
        parent,
        title,
        owner,
        due,
        status: ActionStatus::Open,
        priority: Priority::Normal,
        completed: When::Undated,
    }
}

impl ActionRow {
    pub const fn high(mut self) -> Self {
        self.priority = Priority::High;
        self
    }
    pub const fn low(mut self) -> Self {
        self.priority = Priority::Low;
        self
    }
    pub const fn status(mut self, s: ActionStatus) -> Self {
        self.status = s;
        self
    }
    pub const fn done(mut self, on: When) -> Self {
        self.status = ActionStatus::Done;
        self.completed = on;
        self
    }
}

pub struct FollowRow {
    pub parent: &'static str,
    pub title: &'static str,
    pub owner: &'static str,
    pub due: When,
    pub status: FollowUpStatus,
    pub completed: When,
}

/// An open follow-up.
pub const fn follow(
    parent: &'static str,
    owner: &'static str,
    due: When,
    title: &'static str,
) -> FollowRow {
    FollowRow {
        parent,
        title,
        owner,
        due,
        status: FollowUpStatus::Open,
        completed: When::Undated,
    }
}

impl FollowRow {
    pub const fn done(mut self, on: When) -> Self {
        self.status = FollowUpStatus::Done;
        self.completed = on;
        self
    }
}

pub struct NoteRow {
    pub parent: &'static str,
    pub date: When,
    pub kind: NoteKind,
    pub author: &'static str,
    pub text: &'static str,
}

pub const fn note(
    parent: &'static str,
    date: When,
    kind: NoteKind,
    author: &'static str,
    text: &'static str,
) -> NoteRow {
    NoteRow {
        parent,
        date,
        kind,
        author,
        text,
    }
}

pub const fn partnership(
    key: &'static str,
    title: &'static str,
    status: PartnershipStatus,
    owner: &'static str,
    start: When,
    partners: &'static [&'static str],
) -> PartRow {
    PartRow {
        key,
        title,
        partners,
        status,
        areas: &[],
        owner,
        start,
        description: "",
    }
}

impl PartRow {
    pub const fn areas(mut self, a: &'static [&'static str]) -> Self {
        self.areas = a;
        self
    }
    pub const fn describe(mut self, d: &'static str) -> Self {
        self.description = d;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_dates_count_from_the_day_of_loading_and_reported_ones_do_not() {
        let today: NaiveDate = "2026-11-23".parse().unwrap();
        assert_eq!(days(0).resolve(today), Some(today));
        assert_eq!(days(-30).resolve(today), "2026-10-24".parse().ok());
        assert_eq!(days(45).resolve(today), "2027-01-07".parse().ok());
        assert_eq!(on(2025, 10, 31).resolve(today), "2025-10-31".parse().ok());
        assert_eq!(on(2025, 2, 30).resolve(today), None);
        assert_eq!(When::Undated.resolve(today), None);
    }
}

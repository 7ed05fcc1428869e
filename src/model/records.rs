//! The records accord keeps. Every field added later must be `#[serde(default)]`
//! so that databases written by this version keep opening.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::id::{Id, Kind};
use super::vocab::*;

/// A name in one language or script, e.g. `zh` 北京大学首钢医院.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Name {
    pub text: String,
    /// A BCP 47 language tag such as `en`, `zh`, `ru`, `kk`, `mn`, `uz`, `tg`.
    #[serde(default)]
    pub lang: String,
}

impl Name {
    pub fn new(text: impl Into<String>, lang: impl Into<String>) -> Name {
        Name {
            text: text.into(),
            lang: lang.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Institution {
    pub id: Id,
    /// The first name is the primary one; the rest are other languages/scripts.
    pub names: Vec<Name>,
    #[serde(default)]
    pub short_name: String,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: String,
    #[serde(default)]
    pub city: String,
    /// Stored as `type`: `kind` names the record kind in JSON.
    #[serde(rename = "type")]
    pub kind: InstitutionKind,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub website: String,
    /// Set for the home institution (the office's own).
    #[serde(default)]
    pub home: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: Id,
    pub institution: Id,
    pub names: Vec<Name>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partnership {
    pub id: Id,
    pub title: String,
    pub partners: Vec<Id>,
    pub status: PartnershipStatus,
    #[serde(default)]
    pub areas: Vec<String>,
    #[serde(default)]
    pub owner: String,
    #[serde(default, with = "super::day::maybe")]
    pub start: Option<NaiveDate>,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub id: Id,
    pub partnership: Id,
    #[serde(rename = "type")]
    pub kind: AgreementKind,
    pub title: String,
    pub parties: Vec<Id>,
    pub status: AgreementStatus,
    #[serde(default, with = "super::day::maybe")]
    pub signed: Option<NaiveDate>,
    #[serde(default, with = "super::day::maybe")]
    pub effective: Option<NaiveDate>,
    #[serde(default, with = "super::day::maybe")]
    pub expires: Option<NaiveDate>,
    /// Days before expiry by which renewal must be raised.
    #[serde(default)]
    pub notice_days: u32,
    #[serde(default)]
    pub scope: Vec<String>,
    #[serde(default)]
    pub signatories: Vec<String>,
    #[serde(default)]
    pub document: String,
    #[serde(default)]
    pub owner: String,
    /// The expiry date for which renewal has been raised (the notice is
    /// handled); a new expiry date makes the notice due again.
    #[serde(default, with = "super::day::maybe")]
    pub renewal_raised_for: Option<NaiveDate>,
}

/// How an agreement stands on a given day, derived from status and dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// In force, and the renewal notice window has begun.
    Expiring,
    /// In force, but its expiry date has passed.
    Lapsed,
    /// Anything else: the recorded status speaks for itself.
    AsRecorded,
}

impl Agreement {
    /// The day renewal must be raised by, if the agreement expires.
    pub fn notice_date(&self) -> Option<NaiveDate> {
        let exp = self.expires?;
        exp.checked_sub_days(Days::new(u64::from(self.notice_days)))
    }

    /// Whether the renewal notice is still waiting to be raised.
    pub fn notice_pending(&self) -> bool {
        match (self.status.in_force(), self.notice_date()) {
            (true, Some(_)) if self.notice_days > 0 => self.renewal_raised_for != self.expires,
            _ => false,
        }
    }

    pub fn days_to_expiry(&self, today: NaiveDate) -> Option<i64> {
        self.expires.map(|e| (e - today).num_days())
    }

    pub fn standing(&self, today: NaiveDate) -> Standing {
        match (self.status.in_force(), self.expires, self.notice_date()) {
            (true, Some(exp), _) if exp < today => Standing::Lapsed,
            (true, Some(_), Some(n)) if n <= today => Standing::Expiring,
            _ => Standing::AsRecorded,
        }
    }

    /// How it stands, as a vocabulary name: `expiring`, `lapsed`, or its
    /// recorded status.
    pub fn standing_name(&self, today: NaiveDate) -> &'static str {
        match self.standing(today) {
            Standing::Expiring => "expiring",
            Standing::Lapsed => "lapsed",
            Standing::AsRecorded => self.status.name(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    pub id: Id,
    /// The agreement or partnership that commits to it.
    pub parent: Id,
    pub title: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default, with = "super::day::maybe")]
    pub due: Option<NaiveDate>,
    pub status: ActionStatus,
    #[serde(default)]
    pub priority: Priority,
    #[serde(default, with = "super::day::maybe")]
    pub completed: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub id: Id,
    /// Any record.
    pub parent: Id,
    pub title: String,
    #[serde(with = "super::day::one")]
    pub due: NaiveDate,
    #[serde(default)]
    pub owner: String,
    pub status: FollowUpStatus,
    #[serde(default, with = "super::day::maybe")]
    pub completed: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: Id,
    /// Usually a partnership; any record may carry notes.
    pub parent: Id,
    #[serde(with = "super::day::one")]
    pub date: NaiveDate,
    #[serde(rename = "type")]
    pub kind: NoteKind,
    pub text: String,
    #[serde(default)]
    pub author: String,
}

/// Any record, tagged by its kind in JSON (`"kind": "agreement"`); the
/// institution, agreement and note kinds are stored as `type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    Institution(Institution),
    Contact(Contact),
    Partnership(Partnership),
    Agreement(Agreement),
    Action(ActionItem),
    #[serde(rename = "followup")]
    FollowUp(FollowUp),
    Note(Note),
}

impl Record {
    pub fn id(&self) -> Id {
        match self {
            Record::Institution(r) => r.id,
            Record::Contact(r) => r.id,
            Record::Partnership(r) => r.id,
            Record::Agreement(r) => r.id,
            Record::Action(r) => r.id,
            Record::FollowUp(r) => r.id,
            Record::Note(r) => r.id,
        }
    }

    pub fn set_id(&mut self, id: Id) {
        match self {
            Record::Institution(r) => r.id = id,
            Record::Contact(r) => r.id = id,
            Record::Partnership(r) => r.id = id,
            Record::Agreement(r) => r.id = id,
            Record::Action(r) => r.id = id,
            Record::FollowUp(r) => r.id = id,
            Record::Note(r) => r.id = id,
        }
    }

    pub fn kind(&self) -> Kind {
        match self {
            Record::Institution(_) => Kind::Institution,
            Record::Contact(_) => Kind::Contact,
            Record::Partnership(_) => Kind::Partnership,
            Record::Agreement(_) => Kind::Agreement,
            Record::Action(_) => Kind::Action,
            Record::FollowUp(_) => Kind::FollowUp,
            Record::Note(_) => Kind::Note,
        }
    }

    /// The text a person sees for this record in a list.
    pub fn title(&self) -> String {
        match self {
            Record::Institution(r) => r.names.first().map(|n| n.text.clone()).unwrap_or_default(),
            Record::Contact(r) => r.names.first().map(|n| n.text.clone()).unwrap_or_default(),
            Record::Partnership(r) => r.title.clone(),
            Record::Agreement(r) => r.title.clone(),
            Record::Action(r) => r.title.clone(),
            Record::FollowUp(r) => r.title.clone(),
            Record::Note(r) => first_line(&r.text),
        }
    }

    /// Every record this one refers to (parent, partners, parties, institution).
    pub fn references(&self) -> Vec<Id> {
        self.each_reference().collect()
    }

    /// [`Record::references`] one by one, without collecting them.
    pub fn each_reference(&self) -> impl Iterator<Item = Id> + '_ {
        let (first, rest): (Option<Id>, &[Id]) = match self {
            Record::Institution(_) => (None, &[]),
            Record::Contact(r) => (Some(r.institution), &[]),
            Record::Partnership(r) => (None, &r.partners),
            Record::Agreement(r) => (Some(r.partnership), &r.parties),
            Record::Action(r) => (Some(r.parent), &[]),
            Record::FollowUp(r) => (Some(r.parent), &[]),
            Record::Note(r) => (Some(r.parent), &[]),
        };
        first.into_iter().chain(rest.iter().copied())
    }

    /// The record this one hangs under, if any.
    pub fn parent(&self) -> Option<Id> {
        match self {
            Record::Contact(r) => Some(r.institution),
            Record::Agreement(r) => Some(r.partnership),
            Record::Action(r) => Some(r.parent),
            Record::FollowUp(r) => Some(r.parent),
            Record::Note(r) => Some(r.parent),
            Record::Institution(_) | Record::Partnership(_) => None,
        }
    }

    /// The owner responsible, where the kind has one.
    pub fn owner(&self) -> Option<&str> {
        match self {
            Record::Partnership(r) => Some(&r.owner),
            Record::Agreement(r) => Some(&r.owner),
            Record::Action(r) => Some(&r.owner),
            Record::FollowUp(r) => Some(&r.owner),
            Record::Note(r) => Some(&r.author),
            _ => None,
        }
    }

    /// A status word for lists (the vocabulary's machine name).
    pub fn status_name(&self) -> &'static str {
        match self {
            Record::Institution(r) => r.kind.name(),
            Record::Contact(_) => "",
            Record::Partnership(r) => r.status.name(),
            Record::Agreement(r) => r.status.name(),
            Record::Action(r) => r.status.name(),
            Record::FollowUp(r) => r.status.name(),
            Record::Note(r) => r.kind.name(),
        }
    }

    /// Whether the record has `status`: its recorded one, or for an
    /// agreement also the standing its dates give it (`expiring`,
    /// `lapsed`), as tables and exports show it.
    pub fn has_status(&self, status: &str, today: NaiveDate) -> bool {
        self.status_name() == status
            || matches!(self, Record::Agreement(a) if a.standing_name(today) == status)
    }

    /// Whether the record still asks for attention (open items, live partnerships…).
    pub fn is_open(&self) -> bool {
        match self {
            Record::Partnership(r) => r.status.is_live(),
            Record::Agreement(r) => !matches!(
                r.status,
                AgreementStatus::Expired | AgreementStatus::Terminated
            ),
            Record::Action(r) => r.status.is_open(),
            Record::FollowUp(r) => r.status == FollowUpStatus::Open,
            _ => true,
        }
    }

    /// The date a person would sort this record by (due, expiry, note date).
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            Record::Partnership(r) => r.start,
            Record::Agreement(r) => r.expires.or(r.signed),
            Record::Action(r) => r.due,
            Record::FollowUp(r) => Some(r.due),
            Record::Note(r) => Some(r.date),
            _ => None,
        }
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_with_a_kind_field_round_trip_through_json() {
        let r = Record::Institution(Institution {
            id: Id::new(Kind::Institution, 1),
            names: vec![Name::new("北京大学首钢医院", "zh")],
            short_name: String::new(),
            country: "CN".into(),
            city: String::new(),
            kind: InstitutionKind::Hospital,
            tags: vec![],
            website: String::new(),
            home: true,
        });
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains(r#""kind":"institution""#), "{json}");
        assert!(json.contains(r#""type":"hospital""#), "{json}");
        assert_eq!(serde_json::from_str::<Record>(&json).unwrap(), r);
    }
}

//! The record a "new" form starts from, linked to where it was opened.

use chrono::NaiveDate;

use super::fields::ANY_PARENT;
use crate::model::*;

/// A blank record of `kind` to start a new one from, linked to `parent`
/// where the kind allows it.
pub fn blank(kind: Kind, parent: Option<&Record>, today: NaiveDate) -> Record {
    let none = |k| Id::new(k, 0);
    let pid = |allowed: &[Kind], fallback: Kind| {
        parent
            .map(Record::id)
            .filter(|p| allowed.contains(&p.kind))
            .unwrap_or(none(fallback))
    };
    match kind {
        Kind::Institution => Record::Institution(Institution {
            id: none(kind),
            names: vec![Name::new("", "")],
            short_name: String::new(),
            country: String::new(),
            city: String::new(),
            kind: InstitutionKind::Hospital,
            tags: vec![],
            website: String::new(),
            home: false,
        }),
        Kind::Contact => Record::Contact(Contact {
            id: none(kind),
            institution: pid(&[Kind::Institution], Kind::Institution),
            names: vec![Name::new("", "")],
            title: String::new(),
            email: String::new(),
            phone: String::new(),
            notes: String::new(),
        }),
        Kind::Partnership => Record::Partnership(Partnership {
            id: none(kind),
            title: String::new(),
            partners: parent
                .filter(|p| p.kind() == Kind::Institution)
                .map(|p| vec![p.id()])
                .unwrap_or_default(),
            status: PartnershipStatus::Prospect,
            areas: vec![],
            owner: String::new(),
            start: None,
            description: String::new(),
        }),
        Kind::Agreement => {
            let (partnership, parties) = match parent {
                Some(Record::Partnership(p)) => (p.id, p.partners.clone()),
                _ => (none(Kind::Partnership), vec![]),
            };
            Record::Agreement(Agreement {
                id: none(kind),
                partnership,
                kind: AgreementKind::Mou,
                title: String::new(),
                parties,
                status: AgreementStatus::Draft,
                signed: None,
                effective: None,
                expires: None,
                notice_days: 90,
                scope: vec![],
                signatories: vec![],
                document: String::new(),
                owner: parent
                    .and_then(|p| p.owner())
                    .unwrap_or_default()
                    .to_string(),
                renewal_raised_for: None,
            })
        }
        Kind::Action => Record::Action(ActionItem {
            id: none(kind),
            parent: pid(&[Kind::Agreement, Kind::Partnership], Kind::Agreement),
            title: String::new(),
            owner: parent
                .and_then(|p| p.owner())
                .unwrap_or_default()
                .to_string(),
            due: None,
            status: ActionStatus::Open,
            priority: Priority::Normal,
            completed: None,
        }),
        Kind::FollowUp => Record::FollowUp(FollowUp {
            id: none(kind),
            parent: pid(&ANY_PARENT, Kind::Partnership),
            title: String::new(),
            due: today,
            owner: parent
                .and_then(|p| p.owner())
                .unwrap_or_default()
                .to_string(),
            status: FollowUpStatus::Open,
            completed: None,
        }),
        Kind::Note => Record::Note(Note {
            id: none(kind),
            parent: pid(&ANY_PARENT, Kind::Partnership),
            date: today,
            kind: NoteKind::Meeting,
            text: String::new(),
            author: String::new(),
        }),
    }
}

//! What the triage acts do to a record: done, cancel, snooze, reschedule,
//! reassign. Pure functions shared by the CLI and the TUI; callers store
//! the returned record through one `ChangeSet`.

use chrono::NaiveDate;
use rust_i18n::t;

use crate::dates::{BadDate, add_duration, parse_date};
use crate::model::*;
use crate::store::DueSlot;

/// Why an act cannot be applied to a record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActError {
    #[error("{}", wrong_kind(*.id, *.kind, .act))]
    WrongKind {
        id: Id,
        kind: Kind,
        act: &'static str,
    },
    #[error("{0}")]
    Date(#[from] BadDate),
    #[error("{}", t!("triage.follows_expiry", what = crate::i18n::text(&format!("triage.what.{}", .what.replace(' ', "_"))), id = .id, expires = .expires))]
    FollowsExpiry {
        id: Id,
        what: &'static str,
        expires: String,
    },
    #[error("{}", t!("triage.already", id = .id, status = crate::i18n::vocab(.status)))]
    AlreadyClosed { id: Id, status: &'static str },
    #[error("{}", t!("triage.bad_key", key = .0))]
    BadKey(String),
}

/// "I2 is an institution; only action items, follow-ups and agreement
/// notices can be marked done", in the interface language.
fn wrong_kind(id: Id, kind: Kind, act: &str) -> String {
    let is = if crate::i18n::language() == crate::i18n::Lang::En {
        crate::text::with_article(kind.name())
    } else {
        crate::i18n::kind(kind)
    };
    let act = crate::i18n::text(&format!("triage.act.{}", act.replace(' ', "_")));
    t!("triage.wrong_kind", id = id, is = is, act = act).into_owned()
}

/// Parses `T4`, `A3:notice`, `A3:expiry`. A bare agreement id means its
/// renewal notice.
pub fn parse_key(s: &str) -> Result<(Id, DueSlot), ActError> {
    let bad = || ActError::BadKey(s.to_string());
    let (id, slot) = match s.trim().split_once(':') {
        Some((id, slot)) => {
            let slot = match slot.trim().to_lowercase().as_str() {
                "notice" | "renewal" => DueSlot::RenewalNotice,
                "expiry" | "expires" => DueSlot::Expiry,
                _ => return Err(bad()),
            };
            (id.parse::<Id>().map_err(|_| bad())?, slot)
        }
        None => {
            let id: Id = s.parse().map_err(|_| bad())?;
            let slot = if id.kind == Kind::Agreement {
                DueSlot::RenewalNotice
            } else {
                DueSlot::Item
            };
            (id, slot)
        }
    };
    if slot != DueSlot::Item && id.kind != Kind::Agreement {
        return Err(bad());
    }
    Ok((id, slot))
}

/// Marks an item done (or cancelled). On an agreement, done on the notice
/// records that renewal was raised; done on the expiry marks it expired;
/// cancel on either marks it terminated.
pub fn close(
    record: &Record,
    slot: DueSlot,
    cancel: bool,
    today: NaiveDate,
) -> Result<Record, ActError> {
    let act = if cancel { "cancelled" } else { "marked done" };
    let mut r = record.clone();
    match &mut r {
        Record::Action(a) => {
            if !a.status.is_open() {
                return Err(ActError::AlreadyClosed {
                    id: a.id,
                    status: a.status.name(),
                });
            }
            a.status = if cancel {
                ActionStatus::Cancelled
            } else {
                ActionStatus::Done
            };
            a.completed = Some(today);
        }
        Record::FollowUp(f) => {
            if f.status != FollowUpStatus::Open {
                return Err(ActError::AlreadyClosed {
                    id: f.id,
                    status: f.status.name(),
                });
            }
            f.status = if cancel {
                FollowUpStatus::Cancelled
            } else {
                FollowUpStatus::Done
            };
            f.completed = Some(today);
        }
        Record::Agreement(a) if cancel => a.status = AgreementStatus::Terminated,
        Record::Agreement(a) if slot == DueSlot::Expiry => a.status = AgreementStatus::Expired,
        Record::Agreement(a) => a.renewal_raised_for = a.expires,
        other => {
            return Err(ActError::WrongKind {
                id: other.id(),
                kind: other.kind(),
                act,
            });
        }
    }
    Ok(r)
}

fn set_due(
    record: &Record,
    slot: DueSlot,
    act: &'static str,
    new: impl Fn(Option<NaiveDate>) -> Result<NaiveDate, ActError>,
) -> Result<Record, ActError> {
    let mut r = record.clone();
    match &mut r {
        Record::Action(a) => a.due = Some(new(a.due)?),
        Record::FollowUp(f) => f.due = new(Some(f.due))?,
        Record::Agreement(a) => {
            return Err(ActError::FollowsExpiry {
                id: a.id,
                what: if slot == DueSlot::Expiry {
                    "expiry"
                } else {
                    "renewal notice"
                },
                expires: a
                    .expires
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "not set".into()),
            });
        }
        other => {
            return Err(ActError::WrongKind {
                id: other.id(),
                kind: other.kind(),
                act,
            });
        }
    }
    Ok(r)
}

/// Pushes the due date back by a span (`1d`, `1w`, `2w`, `1m`), counted
/// from the later of the current due date and today.
pub fn snooze(
    record: &Record,
    slot: DueSlot,
    span: &str,
    today: NaiveDate,
) -> Result<Record, ActError> {
    set_due(record, slot, "snoozed", |due| {
        let from = due.map_or(today, |d| d.max(today));
        Ok(add_duration(span, from)?)
    })
}

/// Sets a new due date typed as a person would (`fri`, `+2w`, `2026-01-15`).
pub fn reschedule(
    record: &Record,
    slot: DueSlot,
    typed: &str,
    today: NaiveDate,
) -> Result<Record, ActError> {
    let date = parse_date(typed, today)?;
    set_due(record, slot, "rescheduled", |_| Ok(date))
}

/// Gives the item to another owner.
pub fn reassign(record: &Record, owner: &str) -> Result<Record, ActError> {
    let mut r = record.clone();
    let owner = owner.trim().to_string();
    match &mut r {
        Record::Action(a) => a.owner = owner,
        Record::FollowUp(f) => f.owner = owner,
        Record::Agreement(a) => a.owner = owner,
        Record::Partnership(p) => p.owner = owner,
        other => {
            return Err(ActError::WrongKind {
                id: other.id(),
                kind: other.kind(),
                act: "reassigned",
            });
        }
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn action(due: Option<&str>) -> Record {
        Record::Action(ActionItem {
            id: Id::new(Kind::Action, 4),
            parent: Id::new(Kind::Partnership, 1),
            title: "Send CVs".into(),
            owner: "Li Na".into(),
            due: due.map(d),
            status: ActionStatus::Open,
            priority: Priority::Normal,
            completed: None,
        })
    }

    #[test]
    fn done_closes_and_stamps_the_day() {
        let r = close(
            &action(Some("2026-11-20")),
            DueSlot::Item,
            false,
            d("2026-11-23"),
        )
        .unwrap();
        let Record::Action(a) = r else { panic!() };
        assert_eq!(a.status, ActionStatus::Done);
        assert_eq!(a.completed, Some(d("2026-11-23")));
        assert!(close(&Record::Action(a), DueSlot::Item, false, d("2026-11-23")).is_err());
    }

    #[test]
    fn snooze_counts_from_today_when_overdue() {
        let r = snooze(
            &action(Some("2026-11-01")),
            DueSlot::Item,
            "1w",
            d("2026-11-23"),
        )
        .unwrap();
        assert_eq!(r.date(), Some(d("2026-11-30")));
        let r = snooze(
            &action(Some("2026-12-10")),
            DueSlot::Item,
            "+1d",
            d("2026-11-23"),
        )
        .unwrap();
        assert_eq!(r.date(), Some(d("2026-12-11")));
    }

    #[test]
    fn reschedule_accepts_human_dates() {
        let r = reschedule(&action(None), DueSlot::Item, "fri", d("2026-11-23")).unwrap();
        assert_eq!(r.date(), Some(d("2026-11-27")));
        let e = reschedule(&action(None), DueSlot::Item, "whenever", d("2026-11-23")).unwrap_err();
        assert!(e.to_string().contains("'whenever'"));
    }

    #[test]
    fn keys_name_agreement_slots() {
        assert_eq!(
            parse_key("A3:expiry").unwrap(),
            (Id::new(Kind::Agreement, 3), DueSlot::Expiry)
        );
        assert_eq!(parse_key("a3").unwrap().1, DueSlot::RenewalNotice);
        assert!(parse_key("T3:notice").is_err());
        assert!(parse_key("nonsense").is_err());
    }
}

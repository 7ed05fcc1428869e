//! A record from a row: starting from the matched record (an update) or an
//! empty one (a create), every column present sets its field; columns
//! absent leave fields as they are. New records get sensible defaults
//! (a partnership is active, an agreement signed when it has a signing
//! date and a draft otherwise, items open, done when completed).

use super::msg::{msg, one};
use super::names::{add_spelling, detect_lang, spellings};
use super::row::RowReader;
use super::values;
use super::vocab;
use crate::exchange::columns::lang_prefix;
use crate::model::*;

/// Builds the record of `kind` for the row; `base` is the matched record.
pub fn build(kind: Kind, r: &mut RowReader, base: Option<&Record>) -> Record {
    let id = base.map(Record::id).unwrap_or(Id::new(kind, 0));
    match kind {
        Kind::Institution => institution(r, base, id),
        Kind::Contact => contact(r, base, id),
        Kind::Partnership => partnership(r, base, id),
        Kind::Agreement => agreement(r, base, id),
        Kind::Action => action(r, base, id),
        Kind::FollowUp => follow_up(r, base, id),
        Kind::Note => note(r, base, id),
    }
}

/// Applies `name`, `name_lang`, `other_names` and `name_XX` columns. A
/// spelling the record lacks is added, tagged with the language its column
/// says or else the one its script shows; the primary name stays first and
/// no name is removed or retagged. A
/// cell with the name in two scripts adds both spellings.
fn names(r: &mut RowReader, mut names: Vec<Name>) -> Vec<Name> {
    // A `name_lang` column (as accord exports write) says the language,
    // even when empty (the name has none); without it the script tells.
    let lang = r.text("name_lang");
    let exported = lang.is_some();
    // A record new to this database, read from an accord export, gets its
    // names exactly as exported (duplicates and all).
    let verbatim = exported && names.is_empty();
    let add = |names: &mut Vec<Name>, text: &str, lang: &str| {
        if verbatim {
            names.push(Name::new(text.trim(), lang));
        } else {
            add_spelling(names, text, lang);
        }
    };
    if let Some(text) = r.filled("name") {
        // An accord export's name is one name, whatever brackets it has.
        let parts = if exported {
            vec![text.clone()]
        } else {
            spellings(&text)
        };
        let single = parts.len() == 1;
        for part in &parts {
            let l = match &lang {
                Some(l) if single => l.clone(),
                _ => detect_lang(part).to_string(),
            };
            add(&mut names, part, &l);
        }
    } else if let (Some(l), Some(first)) = (lang, names.first_mut())
        && first.lang.is_empty()
        && !l.is_empty()
    {
        first.lang = l;
    }
    if let Some(others) = r.text("other_names") {
        for item in values::list(&others, false) {
            let (lang, text) = if let Some(rest) = item.strip_prefix(':') {
                (String::new(), rest.trim().to_string())
            } else if let Some((l, t)) = lang_prefix(&item) {
                (l.to_string(), t.trim().to_string())
            } else if exported {
                (String::new(), item.clone())
            } else {
                (detect_lang(&item).to_string(), item.clone())
            };
            if !text.is_empty() {
                add(&mut names, &text, &lang);
            }
        }
    }
    for (lang, text) in r.names_in_languages() {
        add_spelling(&mut names, &text, &lang);
    }
    names
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

fn institution(r: &mut RowReader, base: Option<&Record>, id: Id) -> Record {
    let mut i = match base {
        Some(Record::Institution(i)) => i.clone(),
        _ => Institution {
            id,
            names: Vec::new(),
            short_name: String::new(),
            country: String::new(),
            city: String::new(),
            kind: InstitutionKind::Other,
            tags: Vec::new(),
            website: String::new(),
            home: false,
        },
    };
    i.names = names(r, std::mem::take(&mut i.names));
    set(&mut i.short_name, r.text("short_name"));
    if let Some(c) = r.filled("country") {
        match vocab::country(&c) {
            Ok(c) => i.country = c,
            Err(e) => r.fail("country", e),
        }
    }
    set(&mut i.city, r.text("city"));
    set(&mut i.kind, r.word("type", vocab::institution_kind));
    set(&mut i.tags, r.list("tags"));
    set(&mut i.website, r.text("website"));
    if let Some(cell) = r.cell("home") {
        match values::boolean(cell) {
            Ok(b) => i.home = b,
            Err(e) => r.fail("home", e),
        }
    }
    Record::Institution(i)
}

fn contact(r: &mut RowReader, base: Option<&Record>, id: Id) -> Record {
    let mut c = match base {
        Some(Record::Contact(c)) => c.clone(),
        _ => Contact {
            id,
            institution: Id::new(Kind::Institution, 0),
            names: Vec::new(),
            title: String::new(),
            email: String::new(),
            phone: String::new(),
            notes: String::new(),
        },
    };
    match r.reference("institution", "institution_name", &[Kind::Institution]) {
        Some(Some(i)) => c.institution = i,
        Some(None) => r.fail("institution", msg!("contact_needs_institution")),
        None if c.institution.n == 0 && r.problems.is_empty() => {
            r.fail_row(msg!("contact_needs_institution_column"))
        }
        None => {}
    }
    c.names = names(r, std::mem::take(&mut c.names));
    set(&mut c.title, r.text("title"));
    set(&mut c.email, r.text("email"));
    set(&mut c.phone, r.text("phone"));
    set(&mut c.notes, r.text("notes"));
    Record::Contact(c)
}

fn partnership(r: &mut RowReader, base: Option<&Record>, id: Id) -> Record {
    let mut p = match base {
        Some(Record::Partnership(p)) => p.clone(),
        _ => Partnership {
            id,
            title: String::new(),
            partners: Vec::new(),
            status: PartnershipStatus::Active,
            areas: Vec::new(),
            owner: String::new(),
            start: None,
            description: String::new(),
        },
    };
    set(&mut p.title, r.text("title"));
    set(&mut p.status, r.word("status", vocab::partnership_status));
    set(
        &mut p.partners,
        r.references("partners", "partner_names", &[Kind::Institution]),
    );
    set(&mut p.areas, r.list("areas"));
    set(&mut p.owner, r.text("owner"));
    set(&mut p.start, r.date("start"));
    set(&mut p.description, r.text("description"));
    Record::Partnership(p)
}

fn agreement(r: &mut RowReader, base: Option<&Record>, id: Id) -> Record {
    let new = base.is_none();
    let mut a = match base {
        Some(Record::Agreement(a)) => a.clone(),
        _ => Agreement {
            id,
            partnership: Id::new(Kind::Partnership, 0),
            kind: AgreementKind::Mou,
            title: String::new(),
            parties: Vec::new(),
            status: AgreementStatus::Draft,
            signed: None,
            effective: None,
            expires: None,
            notice_days: 0,
            scope: Vec::new(),
            signatories: Vec::new(),
            document: String::new(),
            owner: String::new(),
            renewal_raised_for: None,
        },
    };
    match r.reference("partnership", "partnership_title", &[Kind::Partnership]) {
        Some(Some(p)) => a.partnership = p,
        Some(None) if !has_parties(r) => r.fail("partnership", msg!("agreement_needs_partnership")),
        // Without a partnership, the planner finds it from the parties.
        Some(None) => {}
        None if new && r.problems.is_empty() && !has_parties(r) => {
            r.fail_row(msg!("agreement_needs_partnership_column"))
        }
        None => {}
    }
    set(&mut a.kind, r.word("type", vocab::agreement_kind));
    set(&mut a.title, r.text("title"));
    set(&mut a.signed, r.date("signed"));
    set(&mut a.effective, r.date("effective"));
    set(&mut a.expires, r.date("expires"));
    match r.word("status", vocab::agreement_status) {
        Some(s) => a.status = s,
        None if new && a.signed.is_some() => a.status = AgreementStatus::Signed,
        None => {}
    }
    if let Some(cell) = r.cell("notice_days") {
        match values::days(cell) {
            Ok(d) => a.notice_days = d,
            Err(e) => r.fail("notice_days", e),
        }
    }
    match r.references("parties", "party_names", &[Kind::Institution]) {
        Some(p) => a.parties = p,
        None if new && !r.cols.has("parties") && !r.cols.has("party_names") => {
            if let Some(Record::Partnership(p)) = r.index.get(a.partnership) {
                a.parties = p.partners.clone();
            }
        }
        None => {}
    }
    set(&mut a.scope, r.list("scope"));
    set(&mut a.signatories, r.list("signatories"));
    set(&mut a.document, r.text("document"));
    set(&mut a.owner, r.text("owner"));
    set(&mut a.renewal_raised_for, r.date("renewal_raised_for"));
    Record::Agreement(a)
}

/// Whether the row names the agreement's parties (by id or name).
fn has_parties(r: &mut RowReader) -> bool {
    ["parties", "party_names"]
        .iter()
        .any(|f| r.text(f).is_some_and(|t| !t.is_empty()))
}

/// The parent of an item, by id or title; `kinds` are the kinds allowed.
fn parent(r: &mut RowReader, current: Id, kinds: &[Kind], kind: Kind) -> Id {
    let what = one(kind);
    match r.reference("parent", "parent_title", kinds) {
        Some(Some(p)) => p,
        Some(None) => {
            r.fail("parent", msg!("needs_parent", what = what));
            current
        }
        None if current.n == 0 && r.problems.is_empty() => {
            r.fail_row(msg!("needs_parent_column", what = what));
            current
        }
        None => current,
    }
}

const ANY_PARENT: &[Kind] = &[
    Kind::Partnership,
    Kind::Agreement,
    Kind::Institution,
    Kind::Contact,
    Kind::Action,
];

fn action(r: &mut RowReader, base: Option<&Record>, id: Id) -> Record {
    let new = base.is_none();
    let mut t = match base {
        Some(Record::Action(t)) => t.clone(),
        _ => ActionItem {
            id,
            parent: Id::new(Kind::Partnership, 0),
            title: String::new(),
            owner: String::new(),
            due: None,
            status: ActionStatus::Open,
            priority: Priority::Normal,
            completed: None,
        },
    };
    t.parent = parent(
        r,
        t.parent,
        &[Kind::Agreement, Kind::Partnership],
        Kind::Action,
    );
    set(&mut t.title, r.text("title"));
    set(&mut t.owner, r.text("owner"));
    set(&mut t.due, r.date("due"));
    set(&mut t.completed, r.date("completed"));
    match r.word("status", vocab::action_status) {
        Some(s) => t.status = s,
        None if new && t.completed.is_some() => t.status = ActionStatus::Done,
        None => {}
    }
    set(&mut t.priority, r.word("priority", vocab::priority));
    Record::Action(t)
}

fn follow_up(r: &mut RowReader, base: Option<&Record>, id: Id) -> Record {
    let new = base.is_none();
    let mut f = match base {
        Some(Record::FollowUp(f)) => f.clone(),
        _ => FollowUp {
            id,
            parent: Id::new(Kind::Partnership, 0),
            title: String::new(),
            due: chrono::NaiveDate::MIN,
            owner: String::new(),
            status: FollowUpStatus::Open,
            completed: None,
        },
    };
    f.parent = parent(r, f.parent, ANY_PARENT, Kind::FollowUp);
    set(&mut f.title, r.text("title"));
    match r.date("due") {
        Some(Some(d)) => f.due = d,
        Some(None) => r.fail("due", msg!("followup_needs_due")),
        None if new && r.cell("due").is_none() => r.fail_row(msg!("followup_needs_due_column")),
        None => {}
    }
    set(&mut f.owner, r.text("owner"));
    set(&mut f.completed, r.date("completed"));
    match r.word("status", vocab::followup_status) {
        Some(s) => f.status = s,
        None if new && f.completed.is_some() => f.status = FollowUpStatus::Done,
        None => {}
    }
    Record::FollowUp(f)
}

fn note(r: &mut RowReader, base: Option<&Record>, id: Id) -> Record {
    let new = base.is_none();
    let mut n = match base {
        Some(Record::Note(n)) => n.clone(),
        _ => Note {
            id,
            parent: Id::new(Kind::Partnership, 0),
            date: chrono::NaiveDate::MIN,
            kind: NoteKind::Other,
            text: String::new(),
            author: String::new(),
        },
    };
    n.parent = parent(r, n.parent, ANY_PARENT, Kind::Note);
    match r.date("date") {
        Some(Some(d)) => n.date = d,
        Some(None) => r.fail("date", msg!("note_needs_date")),
        None if new && r.cell("date").is_none() => r.fail_row(msg!("note_needs_date_column")),
        None => {}
    }
    set(&mut n.kind, r.word("type", vocab::note_kind));
    if let Some(cell) = r.cell("text") {
        // Note text keeps its line breaks and inner spacing.
        match values::text(cell) {
            Ok(t) => n.text = t,
            Err(e) => r.fail("text", e),
        }
    }
    set(&mut n.author, r.text("author"));
    Record::Note(n)
}

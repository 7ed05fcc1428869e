use super::*;
use crate::i18n::Lang;
use crate::store::SledStore;

fn today() -> NaiveDate {
    "2026-11-23".parse().unwrap()
}

fn demo() -> SledStore {
    let store =
        SledStore::temporary(std::sync::Arc::new(crate::clock::FixedClock(today()))).unwrap();
    crate::demo::load_demo(&store, today()).unwrap();
    store
}

fn person(name: &str) -> StaffMember {
    StaffMember {
        name: name.into(),
        email: String::new(),
        lang: None,
        login: None,
    }
}

fn office(store: &SledStore, staff: Vec<StaffMember>) -> Office {
    let until = today() + chrono::Duration::days(7);
    Office::load(store, staff, today(), until).unwrap()
}

#[test]
fn a_persons_digest_is_their_part_of_the_triage_queue() {
    let store = demo();
    let o = office(&store, vec![]);
    let until = today() + chrono::Duration::days(7);
    let queue = crate::due::queue_between(&store, today(), None, Some(until), false).unwrap();
    for name in ["Li Na", "Wang Jun", "Zhao Min", "Chen Yinghui"] {
        let d = o.digest(&Whose::Person(person(name)));
        // Everything `list due --owner NAME --within 7d` shows …
        let due: Vec<String> = queue
            .iter()
            .filter(|i| same_owner(&i.owner, name))
            .map(DueItem::key)
            .collect();
        // … is in the digest, and the digest's dated lines in the window
        // are exactly those.
        let mut in_window: Vec<String> = d
            .lines()
            .filter(|l| l.section != Section::NoContact && l.date.is_some_and(|x| x <= until))
            .map(|l| l.key.clone())
            .collect();
        let mut expected = due.clone();
        in_window.sort();
        expected.sort();
        assert_eq!(in_window, expected, "{name}");
        for l in d.lines() {
            assert!(same_owner(&l.owner, name), "{name}: {l:?}");
        }
    }
}

use crate::due::same_owner;

#[test]
fn sections_hold_what_they_say_and_most_urgent_comes_first() {
    let store = demo();
    let o = office(&store, vec![]);
    let d = o.digest(&Whose::Everyone);
    assert!(!d.is_empty());
    let until = d.until;
    for l in d.lines() {
        match l.section {
            Section::Overdue => assert!(l.days.unwrap() < 0 && !l.key.contains(':'), "{l:?}"),
            Section::Due => assert!(l.date.unwrap() >= d.today && l.date.unwrap() <= until),
            Section::Notice => {
                assert!(l.key.ends_with(":notice") && l.date.unwrap() <= until)
            }
            Section::Expiring => {
                assert!(l.key.ends_with(":expiry") && l.days.unwrap() <= EXPIRY_HORIZON_DAYS as i64)
            }
            Section::NoContact => {
                assert_eq!(l.id.kind, Kind::Partnership);
                assert!(l.days.is_none_or(|x| -x >= NO_CONTACT_DAYS));
            }
        }
    }
    for g in &d.groups {
        let sections: Vec<Section> = g.lines.iter().map(|l| l.section).collect();
        assert!(sections.is_sorted(), "{}", g.owner);
        let overdue: Vec<i64> = g
            .lines
            .iter()
            .filter(|l| l.section == Section::Overdue)
            .map(|l| l.days.unwrap())
            .collect();
        assert!(overdue.is_sorted(), "oldest overdue first: {overdue:?}");
    }
    // The office's digest is every person's, grouped.
    let total: usize = ["Li Na", "Wang Jun", "Zhao Min", "Chen Yinghui"]
        .iter()
        .map(|n| o.digest(&Whose::Person(person(n))).lines().count())
        .sum();
    let owned: usize = d
        .groups
        .iter()
        .filter(|g| !g.owner.is_empty())
        .map(|g| g.lines.len())
        .sum();
    assert_eq!(owned, total);
}

#[test]
fn a_staff_login_or_other_case_is_the_same_owner_and_nobody_is_last() {
    let store = demo();
    let mut li = person("LI NA");
    li.login = Some("lina".into());
    let o = office(&store, vec![li.clone()]);
    let by_name = o.digest(&Whose::Person(person("Li Na")));
    assert_eq!(
        o.digest(&Whose::Person(li)),
        Digest {
            person: Some("LI NA".into()),
            ..by_name.clone()
        }
    );
    let all = o.digest(&Whose::Everyone);
    assert!(all.groups.iter().any(|g| g.owner == "LI NA"));
    if let Some(pos) = all.groups.iter().position(|g| g.owner.is_empty()) {
        assert_eq!(pos, all.groups.len() - 1);
    }
}

#[test]
fn every_value_is_escaped_in_html_and_markdown_and_nothing_is_loaded() {
    let d = Digest {
        person: Some("<b>Li</b> & Na".into()),
        today: today(),
        until: today() + chrono::Duration::days(7),
        groups: vec![Group {
            owner: String::new(),
            lines: vec![Line {
                section: Section::Due,
                key: "T1".into(),
                id: "T1".parse().unwrap(),
                title: "<script>alert('x')</script> *bold* [link](http://evil.example)".into(),
                partners: "A \"quoted\" <img src=x>".into(),
                date: Some(today()),
                days: Some(0),
                owner: "Li Na".into(),
            }],
        }],
    };
    let html = render(&d, Format::Html, Lang::En);
    assert!(!html.contains("<script>") && !html.contains("<img") && !html.contains("<b>"));
    assert!(html.contains("&lt;script&gt;") && html.contains("&amp;"));
    // Nothing to fetch: no element with a source or link, no CSS url().
    assert!(!html.contains(" src=\"") && !html.contains("href=") && !html.contains("url("));
    assert!(html.contains("default-src 'none'"));
    let md = render(&d, Format::Markdown, Lang::En);
    assert!(md.contains("\\[link\\]") && md.contains("\\*bold\\*") && md.contains("\\<script\\>"));
    let text = render(&d, Format::Text, Lang::Zh);
    assert!(text.contains("accord show T1"), "{text}");
    assert!(text.contains("今天"), "{text}");
}

#[test]
fn the_calendar_holds_the_dated_items_of_the_window() {
    let store = demo();
    let o = office(&store, vec![]);
    let d = o.digest(&Whose::Everyone);
    let now = crate::clock::Clock::now(&crate::clock::FixedClock(today()));
    let ics = calendar(&d, Lang::En, now).expect("the demo has items this week");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    let events = ics.matches("BEGIN:VEVENT").count();
    let expected = d
        .lines()
        .filter(|l| l.section != Section::NoContact)
        .filter(|l| l.date.is_some_and(|x| x >= d.today && x <= d.until))
        .count();
    assert_eq!(events, expected);
    assert_eq!(ics.matches("END:VEVENT").count(), events);
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "unfolded: {line}");
    }
    let empty = Digest {
        groups: vec![],
        ..d
    };
    assert!(calendar(&empty, Lang::En, now).is_none());
}

#[test]
fn subjects_count_in_the_readers_language() {
    let store = demo();
    let o = office(&store, vec![]);
    let d = o.digest(&Whose::Person(person("Li Na")));
    let en = subject(&d, Lang::En);
    let zh = subject(&d, Lang::Zh);
    assert!(en.starts_with("accord digest for Li Na: "), "{en}");
    assert!(zh.starts_with("accord 摘要（Li Na）："), "{zh}");
    let nobody = o.digest(&Whose::Person(person("Nobody Here")));
    assert!(nobody.is_empty());
    assert!(subject(&nobody, Lang::En).contains("nothing"));
}

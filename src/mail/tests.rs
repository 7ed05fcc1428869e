use super::*;
use mail_parser::MimeHeaders;

fn outgoing() -> Outgoing {
    Outgoing {
        to_name: "李娜".into(),
        to_email: "li.na@hospital.example".into(),
        subject: "accord 摘要（李娜）：逾期 2".into(),
        text: "逾期\n  T13  Қазақ ұлттық медицина университеті\n".into(),
        html: "<!DOCTYPE html><html><body><p>逾期 — Казахский</p></body></html>".into(),
        ics: Some("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n".into()),
    }
}

fn now() -> DateTime<Utc> {
    "2026-11-23T06:30:00Z".parse().unwrap()
}

#[test]
fn a_message_is_text_and_html_alternatives_with_the_calendar_in_utf8() {
    let from: Mailbox = "International Office <intl@hospital.example>"
        .parse()
        .unwrap();
    let msg = compose(&from, &outgoing(), now()).unwrap();
    let raw = msg.formatted();
    let head = String::from_utf8_lossy(&raw[..raw.len().min(2000)]).to_string();
    // The subject is encoded (RFC 2047), not raw UTF-8 in the header.
    let subject_line = head.lines().find(|l| l.starts_with("Subject:")).unwrap();
    assert!(subject_line.contains("=?utf-8?"), "{subject_line}");
    let parsed = mail_parser::MessageParser::default().parse(&raw).unwrap();
    assert_eq!(parsed.subject(), Some("accord 摘要（李娜）：逾期 2"));
    let to = parsed.to().unwrap().first().unwrap();
    assert_eq!(to.name(), Some("李娜"));
    assert_eq!(to.address(), Some("li.na@hospital.example"));
    assert!(parsed.message_id().unwrap().ends_with("@hospital.example"));
    assert_eq!(parsed.date().unwrap().to_timestamp(), now().timestamp());
    // SMTP lines end in CRLF.
    assert_eq!(
        parsed
            .body_text(0)
            .unwrap()
            .replace("\r\n", "\n")
            .trim_end(),
        outgoing().text.trim_end()
    );
    assert!(parsed.body_html(0).unwrap().contains("逾期 — Казахский"));
    let att = parsed.attachment(0).unwrap();
    assert_eq!(att.attachment_name(), Some("digest.ics"));
    assert!(att.content_type().unwrap().subtype() == Some("calendar"));
    // Without a calendar, the alternatives alone.
    let mut o = outgoing();
    o.ics = None;
    let parsed_raw = compose(&from, &o, now()).unwrap().formatted();
    let parsed = mail_parser::MessageParser::default()
        .parse(&parsed_raw)
        .unwrap();
    assert_eq!(parsed.attachment_count(), 0);
    assert!(parsed.body_html(0).is_some());
}

#[test]
fn a_bad_recipient_address_is_a_sentence_naming_them() {
    let from: Mailbox = "intl@hospital.example".parse().unwrap();
    let mut o = outgoing();
    o.to_email = "li.na at hospital".into();
    let e = compose(&from, &o, now()).unwrap_err();
    assert!(e.contains("李娜") && e.contains("li.na at hospital"), "{e}");
}

//! How the records' dates are written: ISO text (`2026-11-23`, as chrono
//! writes it) in JSON and every other human-readable format, so backups,
//! exports and the databases are unchanged; in the binary start-up copy
//! (postcard) the day's number, which decodes without parsing text.
//! Used as `#[serde(with = "day::one")]` and `#[serde(default, with =
//! "day::maybe")]` on the record fields.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

fn from_number<E: serde::de::Error>(n: i32) -> Result<NaiveDate, E> {
    NaiveDate::from_num_days_from_ce_opt(n)
        .ok_or_else(|| E::custom(format!("day number {n} is not a date")))
}

/// A date that is always there.
pub mod one {
    use super::*;

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            d.serialize(s)
        } else {
            d.num_days_from_ce().serialize(s)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        if d.is_human_readable() {
            NaiveDate::deserialize(d)
        } else {
            from_number(i32::deserialize(d)?)
        }
    }
}

/// A date that may be missing.
pub mod maybe {
    use super::*;

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            d.serialize(s)
        } else {
            d.map(|d| d.num_days_from_ce()).serialize(s)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        if d.is_human_readable() {
            Option::<NaiveDate>::deserialize(d)
        } else {
            Option::<i32>::deserialize(d)?.map(from_number).transpose()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Dated {
        #[serde(with = "one")]
        on: NaiveDate,
        #[serde(default, with = "maybe")]
        until: Option<NaiveDate>,
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn dates_are_text_in_json_and_numbers_in_the_binary_copy() {
        for d in [
            Dated {
                on: date("2026-11-23"),
                until: None,
            },
            Dated {
                on: date("0001-01-01"),
                until: Some(date("9999-12-31")),
            },
            Dated {
                on: date("-0044-03-15"),
                until: Some(date("2026-02-28")),
            },
        ] {
            let json = serde_json::to_string(&d).unwrap();
            assert!(json.contains(&format!("\"{}\"", d.on)), "{json}");
            assert_eq!(serde_json::from_str::<Dated>(&json).unwrap(), d);
            let bytes = postcard::to_allocvec(&d).unwrap();
            assert!(bytes.len() <= 9, "{} bytes", bytes.len());
            assert_eq!(postcard::from_bytes::<Dated>(&bytes).unwrap(), d);
        }
        // A missing optional date in JSON is still no date.
        let d: Dated = serde_json::from_str(r#"{"on":"2026-01-02"}"#).unwrap();
        assert_eq!(d.until, None);
    }

    #[test]
    fn a_day_number_that_is_no_date_is_refused() {
        let bytes = postcard::to_allocvec(&(i32::MAX, Some(1))).unwrap();
        let e = postcard::from_bytes::<Dated>(&bytes);
        assert!(e.is_err(), "{e:?}");
    }
}

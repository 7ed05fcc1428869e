//! Short, stable, typable record ids such as `I7`, `P12`, `A3`, `T104`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The kinds of record accord keeps. The order is the order of display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Institution,
    Contact,
    Partnership,
    Agreement,
    Action,
    FollowUp,
    Note,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Institution,
        Kind::Contact,
        Kind::Partnership,
        Kind::Agreement,
        Kind::Action,
        Kind::FollowUp,
        Kind::Note,
    ];

    /// The letter that starts ids of this kind.
    pub fn prefix(self) -> char {
        match self {
            Kind::Institution => 'I',
            Kind::Contact => 'C',
            Kind::Partnership => 'P',
            Kind::Agreement => 'A',
            Kind::Action => 'T',
            Kind::FollowUp => 'F',
            Kind::Note => 'N',
        }
    }

    pub fn from_prefix(c: char) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.prefix() == c.to_ascii_uppercase())
    }

    /// One byte used as the first byte of storage keys.
    pub fn tag(self) -> u8 {
        self as u8 + 1
    }

    pub fn from_tag(b: u8) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.tag() == b)
    }

    /// Lower-case machine name used in JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Institution => "institution",
            Kind::Contact => "contact",
            Kind::Partnership => "partnership",
            Kind::Agreement => "agreement",
            Kind::Action => "action",
            Kind::FollowUp => "followup",
            Kind::Note => "note",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            Kind::Institution => "institutions",
            Kind::Contact => "contacts",
            Kind::Partnership => "partnerships",
            Kind::Agreement => "agreements",
            Kind::Action => "actions",
            Kind::FollowUp => "followups",
            Kind::Note => "notes",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.trim().to_ascii_lowercase();
        Kind::ALL.into_iter().find(|k| {
            k.name() == s
                || k.plural() == s
                || (s == "follow-up" && *k == Kind::FollowUp)
                || (s == "task" && *k == Kind::Action)
        })
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A record id: a kind and a number that is never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id {
    pub kind: Kind,
    pub n: u32,
}

impl Id {
    pub const fn new(kind: Kind, n: u32) -> Id {
        Id { kind, n }
    }

    /// Five bytes, big-endian, so that keys sort by kind then number.
    pub fn to_bytes(self) -> [u8; 5] {
        let n = self.n.to_be_bytes();
        [self.kind.tag(), n[0], n[1], n[2], n[3]]
    }

    pub fn from_bytes(b: &[u8]) -> Option<Id> {
        let kind = Kind::from_tag(*b.first()?)?;
        let n: [u8; 4] = b.get(1..5)?.try_into().ok()?;
        Some(Id::new(kind, u32::from_be_bytes(n)))
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.kind.prefix(), self.n)
    }
}

/// Why a typed id was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", rust_i18n::t!("id.bad", typed = .0))]
pub struct BadId(pub String);

impl FromStr for Id {
    type Err = BadId;
    fn from_str(s: &str) -> Result<Id, BadId> {
        let t = s.trim();
        let mut chars = t.chars();
        let kind = chars
            .next()
            .and_then(Kind::from_prefix)
            .ok_or_else(|| BadId(s.to_string()))?;
        let rest = chars.as_str();
        if rest.is_empty() || !rest.chars().all(|c| c.is_ascii_digit()) {
            return Err(BadId(s.to_string()));
        }
        let n: u32 = rest.parse().map_err(|_| BadId(s.to_string()))?;
        if n == 0 {
            return Err(BadId(s.to_string()));
        }
        Ok(Id::new(kind, n))
    }
}

/// Text (`P12`) in JSON and every other human-readable format; in the
/// binary start-up copy (postcard) the kind's tag and the number, which
/// decode without parsing.
impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.collect_str(self)
        } else {
            (self.kind.tag(), self.n).serialize(s)
        }
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Id, D::Error> {
        // Read in place: no string is allocated for each id (a start-up
        // copy of 100k records holds about 250k of them).
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a record id such as P12")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Id, E> {
                s.parse().map_err(E::custom)
            }
        }
        if !d.is_human_readable() {
            let (tag, n) = <(u8, u32)>::deserialize(d)?;
            return match Kind::from_tag(tag) {
                Some(kind) if n > 0 => Ok(Id::new(kind, n)),
                _ => Err(serde::de::Error::custom(format!(
                    "no record id has kind tag {tag} and number {n}"
                ))),
            };
        }
        d.deserialize_str(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text_and_bytes() {
        for kind in Kind::ALL {
            let id = Id::new(kind, 104);
            assert_eq!(id.to_string().parse::<Id>(), Ok(id));
            assert_eq!(Id::from_bytes(&id.to_bytes()), Some(id));
        }
        assert_eq!("t104".parse::<Id>(), Ok(Id::new(Kind::Action, 104)));
    }

    #[test]
    fn ids_are_text_in_json_and_tag_and_number_in_the_binary_copy() {
        let id = Id::new(Kind::FollowUp, 70_000);
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"F70000\"");
        assert_eq!(serde_json::from_str::<Id>("\"F70000\"").unwrap(), id);
        let bytes = postcard::to_allocvec(&id).unwrap();
        assert_eq!(bytes.len(), 4);
        assert_eq!(postcard::from_bytes::<Id>(&bytes).unwrap(), id);
        for bad in [(0u8, 5u32), (9, 5), (Kind::Note.tag(), 0)] {
            let bytes = postcard::to_allocvec(&bad).unwrap();
            assert!(postcard::from_bytes::<Id>(&bytes).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn bad_ids_are_refused() {
        for s in ["", "P", "X3", "P0", "P-1", "P3a", "首钢"] {
            assert!(s.parse::<Id>().is_err(), "{s}");
        }
    }
}

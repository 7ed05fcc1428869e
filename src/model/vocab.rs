//! The closed vocabularies of the domain: statuses, kinds, priorities.
//!
//! Each is serialised in snake_case, parsed case-insensitively from what a
//! user types, and listed in `ALL` so that pickers and help can show them.

use std::fmt;

/// Declares a vocabulary enum with its machine names.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The machine names of [`Self::ALL`], in the same order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The machine name, as stored, exported and typed on the command line.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses a typed value; spaces and hyphens count as underscores.
            pub fn parse(s: &str) -> Option<$name> {
                let t = s.trim().to_lowercase().replace([' ', '-'], "_");
                $name::ALL.iter().copied().find(|v| v.name() == t)
            }

            /// The accepted values, for error messages.
            pub fn choices() -> String {
                $name::ALL.iter().map(|v| v.name()).collect::<Vec<_>>().join(", ")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

vocabulary!(
    /// What sort of body an institution is.
    InstitutionKind {
        Hospital => "hospital",
        University => "university",
        Association => "association",
        Government => "government",
        Company => "company",
        Other => "other",
    }
);

vocabulary!(
    /// Where a partnership stands, in the order it usually moves.
    PartnershipStatus {
        Prospect => "prospect",
        Negotiating => "negotiating",
        Active => "active",
        Dormant => "dormant",
        Closed => "closed",
    }
);

vocabulary!(
    /// The instrument an agreement is.
    AgreementKind {
        Mou => "mou",
        Moa => "moa",
        Framework => "framework",
        Exchange => "exchange",
        LetterOfIntent => "letter_of_intent",
        ConsortiumAgreement => "consortium",
    }
);

vocabulary!(
    /// The recorded status of an agreement. "Expiring" is derived from dates,
    /// see [`crate::model::Agreement::standing`].
    AgreementStatus {
        Draft => "draft",
        InReview => "in_review",
        Signed => "signed",
        Expired => "expired",
        Renewed => "renewed",
        Terminated => "terminated",
    }
);

vocabulary!(
    /// Progress of an action item.
    ActionStatus {
        Open => "open",
        InProgress => "in_progress",
        Blocked => "blocked",
        Done => "done",
        Cancelled => "cancelled",
    }
);

vocabulary!(
    /// Progress of a follow-up.
    FollowUpStatus {
        Open => "open",
        Done => "done",
        Cancelled => "cancelled",
    }
);

vocabulary!(
    /// How urgent an action item is.
    Priority {
        High => "high",
        Normal => "normal",
        Low => "low",
    }
);

vocabulary!(
    /// What kind of interaction a note records.
    NoteKind {
        Meeting => "meeting",
        Visit => "visit",
        Delegation => "delegation",
        Call => "call",
        Email => "email",
        Signing => "signing",
        Other => "other",
    }
);

impl ActionStatus {
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ActionStatus::Open | ActionStatus::InProgress | ActionStatus::Blocked
        )
    }
}

impl AgreementKind {
    /// A short label for tables: MOU, MOA, LOI…
    pub fn short(self) -> &'static str {
        match self {
            AgreementKind::Mou => "MOU",
            AgreementKind::Moa => "MOA",
            AgreementKind::Framework => "Framework",
            AgreementKind::Exchange => "Exchange",
            AgreementKind::LetterOfIntent => "LOI",
            AgreementKind::ConsortiumAgreement => "Consortium",
        }
    }
}

impl AgreementStatus {
    /// Signed or renewed agreements are in force until they expire.
    pub fn in_force(self) -> bool {
        matches!(self, AgreementStatus::Signed | AgreementStatus::Renewed)
    }
}

impl PartnershipStatus {
    pub fn is_live(self) -> bool {
        !matches!(self, PartnershipStatus::Closed)
    }
}

#[allow(clippy::derivable_impls)]
impl Default for Priority {
    fn default() -> Self {
        Priority::Normal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_parse_what_users_type() {
        assert_eq!(
            ActionStatus::parse("In Progress"),
            Some(ActionStatus::InProgress)
        );
        assert_eq!(
            ActionStatus::parse("in-progress"),
            Some(ActionStatus::InProgress)
        );
        assert_eq!(
            AgreementKind::parse("letter of intent"),
            Some(AgreementKind::LetterOfIntent)
        );
        assert_eq!(
            PartnershipStatus::parse("ACTIVE"),
            Some(PartnershipStatus::Active)
        );
        assert_eq!(Priority::parse("urgent"), None);
        assert!(NoteKind::choices().contains("delegation"));
    }
}

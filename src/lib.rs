//! accord: partnerships, agreements, action items and follow-ups of an
//! international cooperation office, kept in an embedded database.
//!
//! The core (everything but [`tui`] and [`cli`]) never touches the terminal.

pub mod clock;
pub mod dates;
pub mod due;
pub mod i18n;
pub mod model;
pub mod search;
pub mod store;

rust_i18n::i18n!("locales", fallback = "en");

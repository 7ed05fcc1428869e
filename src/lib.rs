//! accord: partnerships, agreements, action items and follow-ups of an
//! international cooperation office, kept in an embedded database.
//!
//! The core (everything but [`tui`] and [`cli`]) never touches the terminal.

pub mod cli;
pub mod clock;
pub mod config;
pub mod dates;
pub mod demo;
pub mod digest;
pub mod due;
pub mod exchange;
pub mod fileio;
pub mod generate;
pub mod i18n;
pub mod mail;
pub mod model;
pub mod paths;
pub mod search;
pub mod staff;
pub mod store;
pub mod text;
pub mod triage;

rust_i18n::i18n!("locales", fallback = "en");
pub mod tui;

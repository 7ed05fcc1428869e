//! The domain: records, their ids, vocabularies and validation. No I/O here.

mod day;
mod id;
mod records;
mod validate;
mod vocab;

pub use id::{BadId, Id, Kind};
pub use records::*;
pub use validate::{FieldError, Invalid, country_name, country_name_in, is_country, validate};
pub use vocab::*;

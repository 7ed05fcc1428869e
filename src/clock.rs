//! Where "today" comes from. Everything that depends on the date asks a
//! [`Clock`], so tests and screenshots run at a fixed day.

use std::sync::Arc;

use chrono::{DateTime, Local, NaiveDate, NaiveTime, TimeZone, Utc};

pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
    /// The user's calendar day.
    fn today(&self) -> NaiveDate;
}

/// The machine's clock, in the local time zone.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
    fn today(&self) -> NaiveDate {
        Local::now().date_naive()
    }
}

/// A clock stopped at one day (noon UTC), for tests and demos.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub NaiveDate);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        Utc.from_utc_datetime(
            &self
                .0
                .and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default()),
        )
    }
    fn today(&self) -> NaiveDate {
        self.0
    }
}

pub type SharedClock = Arc<dyn Clock>;

/// The clock the program runs on: the system clock, unless `ACCORD_TODAY`
/// (a `YYYY-MM-DD` date, used by tests and screenshots) fixes the day.
pub fn from_env() -> Result<SharedClock, String> {
    match std::env::var("ACCORD_TODAY") {
        Ok(s) if !s.trim().is_empty() => s
            .trim()
            .parse::<NaiveDate>()
            .map(|d| Arc::new(FixedClock(d)) as SharedClock)
            .map_err(|_| rust_i18n::t!("clock.bad_today", value = s).into_owned()),
        _ => Ok(Arc::new(SystemClock)),
    }
}

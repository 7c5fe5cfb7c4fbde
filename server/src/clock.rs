//! The server's notion of "now". Handlers ask the clock in the state, so tests
//! can pin time and check rules such as "a started slot can't be booked".

use std::time::{SystemTime, UNIX_EPOCH};

use linli_model::time::UTC_OFFSET_MINUTES;
use linli_model::{Date, LocalDateTime, TimeOfDay};

pub trait Clock: Send + Sync + 'static {
    /// Milliseconds since the Unix epoch.
    fn unix_millis(&self) -> i64;

    /// The centres' local time (UTC+8).
    fn now(&self) -> LocalDateTime {
        LocalDateTime::from_unix_millis(self.unix_millis())
    }
}

/// The machine's clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn unix_millis(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
    }
}

/// A clock that never moves, for tests.
pub struct FixedClock(pub i64);

impl FixedClock {
    /// A fixed local time, e.g. `FixedClock::at("2026-11-27", "10:00")`.
    pub fn at(date: &str, time: &str) -> Option<FixedClock> {
        let date: Date = date.parse().ok()?;
        let time: TimeOfDay = time.parse().ok()?;
        let minutes =
            date.days_since_epoch() * 24 * 60 + i64::from(time.minutes()) - UTC_OFFSET_MINUTES;
        Some(FixedClock(minutes * 60_000))
    }
}

impl Clock for FixedClock {
    fn unix_millis(&self) -> i64 {
        self.0
    }
}

pub use linli_model::time::rfc3339;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_reads_local_time() {
        let clock = FixedClock::at("2026-11-27", "10:30").expect("valid");
        assert_eq!(clock.0, 1_795_746_600_000);
        assert_eq!(clock.now().to_rfc3339(), "2026-11-27T10:30:00+08:00");
        assert_eq!(rfc3339(clock.0 + 9_500), "2026-11-27T10:30:09+08:00");
    }
}

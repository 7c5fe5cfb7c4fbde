//! How many wrong PINs or passwords a key (a centre, an account, a client
//! address) may have in a sliding window. The failures are kept in the database
//! ([`crate::store::Store::begin_pin_attempt`]), so every instance on one
//! database counts the same ones; this is only the decision.

#[derive(Clone, Copy, Debug)]
pub struct FailureLimiter {
    pub max_failures: usize,
    pub window_millis: i64,
}

/// The two limits on volunteer sign-ins. One address gets five tries a
/// minute; a centre locks only after many failures from many addresses,
/// so one person's wrong PINs never lock the centre's volunteers out.
#[derive(Clone, Copy, Debug)]
pub struct PinLimits {
    pub per_address: FailureLimiter,
    pub per_centre: FailureLimiter,
}

impl PinLimits {
    /// 5 a minute per address; 30 in ten minutes per centre (a million
    /// six-digit PINs would take decades at that pace).
    pub fn standard() -> PinLimits {
        PinLimits {
            per_address: FailureLimiter {
                max_failures: 5,
                window_millis: 60_000,
            },
            per_centre: FailureLimiter {
                max_failures: 30,
                window_millis: 600_000,
            },
        }
    }

    /// Failures at or before this count under no limit any more.
    pub fn forget_before(&self, now_millis: i64) -> i64 {
        self.per_address
            .since(now_millis)
            .min(self.per_centre.since(now_millis))
    }
}

/// The two limits on staff sign-ins (and on wrong current passwords):
/// per client address as for PINs, and per account, looser, so that
/// nobody can try one account's password from many addresses quickly,
/// nor lock its owner out for long.
#[derive(Clone, Copy, Debug)]
pub struct StaffLimits {
    pub per_address: FailureLimiter,
    pub per_account: FailureLimiter,
}

impl StaffLimits {
    /// 5 a minute per address; 10 in fifteen minutes per account.
    pub fn standard() -> StaffLimits {
        StaffLimits {
            per_address: FailureLimiter {
                max_failures: 5,
                window_millis: 60_000,
            },
            per_account: FailureLimiter {
                max_failures: 10,
                window_millis: 900_000,
            },
        }
    }

    /// Failures at or before this count under no limit any more.
    pub fn forget_before(&self, now_millis: i64) -> i64 {
        self.per_address
            .since(now_millis)
            .min(self.per_account.since(now_millis))
    }
}

impl FailureLimiter {
    /// Failures at or before this no longer count.
    pub fn since(&self, now_millis: i64) -> i64 {
        now_millis - self.window_millis
    }

    /// Seconds to wait if any key has used up its failures, else `None`.
    /// `recent` holds each key's failures in the window, newest first (at
    /// most `max_failures` of them are needed).
    pub fn blocked(&self, recent: &[Vec<i64>], now_millis: i64) -> Option<u64> {
        recent
            .iter()
            .filter_map(|times| {
                // The oldest of the newest `max_failures` decides when one
                // of them leaves the window.
                let deciding = *times.get(self.max_failures.checked_sub(1)?)?;
                let wait = deciding + self.window_millis - now_millis;
                Some(u64::try_from(wait.max(1)).unwrap_or(1).div_ceil(1000))
            })
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_limit_until_the_window_passes() {
        let l = FailureLimiter {
            max_failures: 3,
            window_millis: 60_000,
        };
        let within = |times: &[i64], now: i64| -> Vec<i64> {
            let mut t: Vec<i64> = times
                .iter()
                .copied()
                .filter(|t| *t > l.since(now))
                .collect();
            t.reverse();
            t
        };
        let failures = [0, 10_000, 20_000];
        assert_eq!(l.blocked(&[within(&failures[..2], 15_000)], 15_000), None);
        assert_eq!(l.blocked(&[within(&failures, 20_500)], 20_500), Some(40));
        assert_eq!(l.blocked(&[within(&failures, 59_999)], 59_999), Some(1));
        // The first failure has left the window.
        assert_eq!(l.blocked(&[within(&failures, 60_000)], 60_000), None);
        // One key over the limit is enough.
        let other = within(&[30_000], 60_001);
        let more = within(&[10_000, 20_000, 60_000], 60_001);
        assert_eq!(l.blocked(&[other, more], 60_001), Some(10));
    }
}

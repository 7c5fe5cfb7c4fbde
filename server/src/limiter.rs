//! Counting wrong PINs per key (a centre, a client address) over a sliding
//! window. In memory: a restart forgets, which is fine at a few tries a
//! minute against a million PINs. Successes are never counted.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// Above this many keys, keys with no recent failure are dropped.
const MAX_KEYS: usize = 10_000;

pub struct FailureLimiter {
    max_failures: usize,
    window_millis: i64,
    failures: Mutex<HashMap<String, VecDeque<i64>>>,
}

impl FailureLimiter {
    pub fn new(max_failures: usize, window_millis: i64) -> FailureLimiter {
        FailureLimiter {
            max_failures,
            window_millis,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// Five wrong PINs a minute per key.
    pub fn for_pins() -> FailureLimiter {
        FailureLimiter::new(5, 60_000)
    }

    /// Seconds to wait if any key has used up its failures, else `None`.
    pub fn blocked(&self, keys: &[String], now_millis: i64) -> Option<u64> {
        let mut map = self.lock();
        let since = now_millis - self.window_millis;
        keys.iter()
            .filter_map(|k| {
                let times = map.get_mut(k)?;
                while times.front().is_some_and(|t| *t <= since) {
                    times.pop_front();
                }
                let oldest = *times.front()?;
                (times.len() >= self.max_failures).then(|| {
                    let wait = oldest + self.window_millis - now_millis;
                    u64::try_from(wait.max(1)).unwrap_or(1).div_ceil(1000)
                })
            })
            .max()
    }

    pub fn record_failure(&self, keys: &[String], now_millis: i64) {
        let mut map = self.lock();
        if map.len() > MAX_KEYS {
            let since = now_millis - self.window_millis;
            map.retain(|_, times| times.back().is_some_and(|t| *t > since));
        }
        for k in keys {
            let times = map.entry(k.clone()).or_default();
            times.push_back(now_millis);
            // Only the newest `max_failures` matter for the decision.
            while times.len() > self.max_failures {
                times.pop_front();
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, VecDeque<i64>>> {
        // A panic while holding the lock leaves consistent data: carry on.
        self.failures
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_limit_until_the_window_passes() {
        let l = FailureLimiter::new(3, 60_000);
        let keys = vec!["center:a".to_owned(), "ip:1".to_owned()];
        for t in [0, 10_000, 20_000] {
            assert_eq!(l.blocked(&keys, t), None);
            l.record_failure(&keys, t);
        }
        assert_eq!(l.blocked(&keys, 20_500), Some(40));
        assert_eq!(l.blocked(&keys, 59_999), Some(1));
        // The first failure has left the window.
        assert_eq!(l.blocked(&keys, 60_000), None);
        // Another key is not affected.
        assert_eq!(l.blocked(&["ip:2".to_owned()], 20_500), None);
        // One key over the limit is enough.
        let mixed = vec!["center:a".to_owned(), "ip:2".to_owned()];
        l.record_failure(&["center:a".to_owned()], 60_000);
        assert_eq!(l.blocked(&mixed, 60_001), Some(10));
    }
}

//! A cap on failed console sign-ins across all accounts: beyond
//! [`MAX_FAILURES`] in a minute, sign-in waits for the next minute. Each
//! account also locks itself after repeated wrong passwords (the store's
//! rule); this cap slows guessing spread over many NIPs.

use std::sync::Mutex;

/// Failed sign-ins allowed per minute, all accounts together.
pub const MAX_FAILURES: u32 = 20;
const WINDOW_MS: i64 = 60_000;

#[derive(Debug, Default)]
pub struct SignInLimiter {
    /// The current window's start and its failures.
    window: Mutex<(i64, u32)>,
}

impl SignInLimiter {
    fn with<T>(&self, now_ms: i64, f: impl FnOnce(&mut u32) -> T) -> T {
        let mut w = self
            .window
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if now_ms - w.0 >= WINDOW_MS {
            *w = (now_ms, 0);
        }
        f(&mut w.1)
    }

    pub fn allow(&self, now_ms: i64) -> bool {
        self.with(now_ms, |n| *n < MAX_FAILURES)
    }

    pub fn failed(&self, now_ms: i64) {
        self.with(now_ms, |n| *n = n.saturating_add(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_beyond_the_cap_wait_for_the_next_minute() {
        let l = SignInLimiter::default();
        for _ in 0..MAX_FAILURES {
            assert!(l.allow(1_000));
            l.failed(1_000);
        }
        assert!(!l.allow(30_000));
        assert!(l.allow(61_001));
    }
}

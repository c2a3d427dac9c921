//! Where a replica gets the time and new record ids: the system's in the
//! app, a fixed one in tests (the history, `created_at` and ids of a test
//! are then the same on every run).

use chrono::{DateTime, Datelike, Local, Utc};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

/// The time and new ids of a replica.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;
    /// A new record id, unique and ordered by creation.
    fn new_id(&self) -> String;
    /// The local date, for "not in the future" checks and the current year.
    fn today(&self) -> chrono::NaiveDate {
        self.now().with_timezone(&Local).date_naive()
    }
}

/// The system clock and UUIDv7 ids.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
    fn new_id(&self) -> String {
        uuid::Uuid::now_v7().to_string()
    }
}

/// A clock that stands still until it is set, with ids counted from 1
/// (`id-000001`).
#[derive(Debug)]
pub struct FixedClock {
    now_ms: AtomicI64,
    next: AtomicU64,
}

impl FixedClock {
    pub fn new(now: DateTime<Utc>) -> FixedClock {
        FixedClock {
            now_ms: AtomicI64::new(now.timestamp_millis()),
            next: AtomicU64::new(1),
        }
    }

    /// Moves the clock to `now`.
    pub fn set(&self, now: DateTime<Utc>) {
        self.now_ms.store(now.timestamp_millis(), Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.now_ms.load(Ordering::SeqCst)).unwrap_or_default()
    }
    fn new_id(&self) -> String {
        format!("id-{:06}", self.next.fetch_add(1, Ordering::SeqCst))
    }
    fn today(&self) -> chrono::NaiveDate {
        self.now().date_naive()
    }
}

/// An instant as the records store it: RFC 3339 with milliseconds, UTC.
pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// The current year by a clock.
pub fn year(clock: &dyn Clock) -> i32 {
    clock.today().year()
}

//! One direction of a link: when each segment written now arrives.

use crate::profile::LinkProfile;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// Bytes per segment (an Ethernet-sized TCP payload).
pub const SEGMENT: usize = 1460;

/// A shared link in one direction.
#[derive(Debug)]
pub struct Link {
    bps: Option<u64>,
    one_way: Duration,
    loss: f64,
    /// A lost segment arrives this much later (a retransmission timeout).
    rto: Duration,
    free_at: Mutex<Instant>,
}

impl Link {
    pub fn new(profile: &LinkProfile, bps: Option<u64>) -> Link {
        Link {
            bps,
            one_way: profile.rtt / 2,
            loss: profile.loss,
            rto: (profile.rtt * 2).max(Duration::from_millis(200)),
            free_at: Mutex::new(Instant::now()),
        }
    }

    /// Forgets what was queued: after a cut, the bytes of the dropped
    /// connections no longer occupy the link.
    pub fn reset(&self) {
        *self
            .free_at
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Instant::now();
    }

    /// When a segment of `len` bytes handed to the link now is delivered.
    pub fn schedule(&self, len: usize) -> Instant {
        let now = Instant::now();
        let wire = self.bps.map_or(Duration::ZERO, |b| {
            Duration::from_secs_f64(len as f64 * 8.0 / b as f64)
        });
        let sent = {
            let mut free = self
                .free_at
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let start = (*free).max(now);
            *free = start + wire;
            *free
        };
        let lost = self.loss > 0.0 && fastrand::f64() < self.loss;
        sent + self.one_way + if lost { self.rto } else { Duration::ZERO }
    }
}

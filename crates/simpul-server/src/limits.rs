//! The server's limits, each named in the `[limits]` table of the config
//! file (`simpul serve --config`), with defaults for a regency's data
//! center on a small machine. Every refusal names the limit it hit.

use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerLimits {
    /// The largest sync request body, compressed (bytes).
    pub max_body_bytes: usize,
    /// The largest sync request once inflated (bytes).
    pub max_inflated_bytes: u64,
    /// The largest USB bundle uploaded to the server (bytes).
    pub max_bundle_bytes: usize,
    /// Rounds inflated and processed at once; a round holds its request
    /// in memory from inflation to its answer.
    pub parallel_rounds: usize,
    /// Bytes of round uploads not answered yet, over all devices (the
    /// bytes themselves wait in the database, see `store::slots`).
    pub upload_buffer_bytes: usize,
    /// Open connections at once; more are closed as they arrive.
    pub max_connections: usize,
    /// Seconds a client has to send a request's headers (also the
    /// longest a kept-alive connection may sit idle).
    pub header_timeout_s: u64,
    /// Seconds one request may take to send its body. A sync upload cut by
    /// it resumes where it stopped, so a slow link still gets through.
    pub body_timeout_s: u64,
    /// Seconds for a TLS handshake.
    pub handshake_timeout_s: u64,
    /// Estimated memory the documents loaded for rounds may take
    /// (bytes); beyond it the least recently used are evicted. The
    /// default leaves a 4 GB machine room for the rounds themselves and
    /// the database's own cache.
    pub memory_budget_bytes: usize,
    /// Bounds on the sync messages themselves.
    pub messages: simpul_sync::Limits,
}

/// The default memory budget for loaded documents: 1.5 GiB.
pub const DEFAULT_MEMORY_BUDGET: usize = 1536 * 1024 * 1024;

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            max_body_bytes: 32 * 1024 * 1024,
            max_inflated_bytes: 128 * 1024 * 1024,
            max_bundle_bytes: simpul_sync::bundle::MAX_BUNDLE,
            parallel_rounds: 2,
            upload_buffer_bytes: 512 * 1024 * 1024,
            max_connections: 1024,
            header_timeout_s: 30,
            body_timeout_s: 120,
            handshake_timeout_s: 10,
            memory_budget_bytes: DEFAULT_MEMORY_BUDGET,
            messages: simpul_sync::Limits::default(),
        }
    }
}

impl ServerLimits {
    pub fn header_timeout(&self) -> Duration {
        Duration::from_secs(self.header_timeout_s.max(1))
    }

    pub fn body_timeout(&self) -> Duration {
        Duration::from_secs(self.body_timeout_s.max(1))
    }

    pub fn handshake_timeout(&self) -> Duration {
        Duration::from_secs(self.handshake_timeout_s.max(1))
    }
}

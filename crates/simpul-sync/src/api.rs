//! The HTTP contract between a device and the data center, written once
//! for the client (`http.rs`) and the server (`simpul-server`'s routes):
//! paths, headers, JSON bodies and the error body with its codes.

use serde::{Deserialize, Serialize};

/// Paths, as the server routes them (`{id}` is a round id).
pub mod path {
    pub const HEALTH: &str = "/health";
    pub const ENROLL: &str = "/api/v1/enroll";
    /// `POST`: one resumable round (a deflated postcard [`crate::SyncRequest`]).
    pub const SYNC: &str = "/api/v1/sync";
    /// `GET`: how far a round got ([`super::RoundStatus`]).
    pub const ROUND: &str = "/api/v1/round/{id}";
    /// `GET ?from=N`: the rest of a round's response.
    pub const ROUND_RESPONSE: &str = "/api/v1/round/{id}/response";
    /// `POST`: a sealed USB bundle, with an upload credential.
    pub const BUNDLE: &str = "/api/v1/bundle";
    /// `GET`: every OPD's update status (`simpul_core::regency::
    /// update_status::UpdateStatus`), for a Diskominfo device only.
    pub const STATUS: &str = "/api/v1/status";

    /// [`ROUND`] of one round.
    pub fn round(id: &str) -> String {
        ROUND.replace("{id}", id)
    }

    /// [`ROUND_RESPONSE`] of one round, from byte `from`.
    pub fn round_response(id: &str, from: usize) -> String {
        format!("{}?from={from}", ROUND_RESPONSE.replace("{id}", id))
    }
}

/// Headers of a sync round.
pub mod header {
    /// Names a round (chosen by the device, 8 to 64 letters/digits).
    pub const ROUND: &str = "x-simpul-round";
    /// The total length of a round's compressed body (request or response).
    pub const LENGTH: &str = "x-simpul-length";
    /// The offset the request body starts at (after a cut).
    pub const OFFSET: &str = "x-simpul-offset";
}

/// The `code` of an [`ErrorBody`].
pub mod code {
    pub const UNAUTHORIZED: &str = "unauthorized";
    pub const BAD_CODE: &str = "bad_code";
    pub const BAD_REQUEST: &str = "bad_request";
    pub const PROTOCOL: &str = "protocol";
    pub const REVOKED: &str = "revoked";
    pub const BAD_MESSAGE: &str = "bad_message";
    pub const LIMIT: &str = "limit";
    pub const FORBIDDEN: &str = "forbidden";
    pub const INTERNAL: &str = "internal";
    pub const BUSY: &str = "busy";
    pub const ROUND_OFFSET: &str = "round_offset";
    pub const UNKNOWN_ROUND: &str = "unknown_round";
    pub const CUT: &str = "cut";
    pub const ACTOR_TAKEN: &str = "actor_taken";
    pub const DEVICE_BUSY: &str = "device_busy";
    pub const OVERLOADED: &str = "overloaded";
    pub const TOO_SLOW: &str = "too_slow";

    /// Refusals that go away by themselves: the device tries again later.
    pub const TRANSIENT: &[&str] = &[OVERLOADED, DEVICE_BUSY, TOO_SLOW, BUSY];
}

/// `POST /api/v1/enroll`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollRequest {
    /// The one-time code from Diskominfo.
    pub code: String,
    pub device_name: String,
    /// The Automerge actor id (hex) the device writes with.
    pub actor: String,
    /// The device's public signing key (hex); every change it writes
    /// carries its signature.
    #[serde(default)]
    pub public_key: Option<String>,
}

/// What enrollment returns; the token is shown by the server only once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrollment {
    pub device_id: String,
    pub token: String,
    /// The OPD code, or None for a Diskominfo device.
    pub opd: Option<String>,
    /// The data center's own public key (hex), which signs its bundles.
    #[serde(default)]
    pub server_key: Option<String>,
}

/// A device's view of its round (`GET /api/v1/round/{id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundStatus {
    /// Bytes of the request the server holds.
    pub received: usize,
    /// The request's announced length.
    pub length: usize,
    pub processing: bool,
    /// The compressed response's length, once there is one.
    pub response_length: Option<usize>,
}

/// The query of [`path::ROUND_RESPONSE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseFrom {
    pub from: usize,
}

/// What `POST /api/v1/bundle` answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleUploaded {
    /// Documents the bundle changed (0 when it was imported before).
    pub changed_docs: u64,
}

/// What `GET /health` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `ok`, or `unhealthy` when storage cannot be written.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// What the data center holds, for its operators' monitoring (absent
    /// from servers of earlier versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<HealthData>,
}

/// The data center's figures in `/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthData {
    /// `sqlite` or `postgres`.
    pub storage: String,
    /// Documents held in memory now.
    pub documents_loaded: u64,
    /// Enrolled devices not revoked.
    pub devices: u64,
    /// When the last backup was taken (`simpul admin backup`), RFC 3339.
    pub last_backup: Option<String>,
    /// The database's size on disk, in bytes (0 from an older server).
    #[serde(default)]
    pub storage_bytes: u64,
}

/// The body of every refusal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// One of [`code`].
    pub code: String,
    /// What happened, in Indonesian.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_paths_fill_the_route_patterns() {
        assert_eq!(path::round("ab12cd34"), "/api/v1/round/ab12cd34");
        assert_eq!(
            path::round_response("ab12cd34", 512),
            "/api/v1/round/ab12cd34/response?from=512"
        );
    }
}

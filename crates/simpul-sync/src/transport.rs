//! How a round reaches the hub: over HTTP (`http` feature), or directly
//! to an in-process [`crate::Hub`] in tests.

use crate::api::{code, ErrorBody};
use crate::hub::{Hub, Refusal};
use crate::wire::{SyncRequest, SyncResponse};

/// Why a round did not complete.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No link, a timeout, or the connection dropped: try again later.
    #[error("tidak terhubung ke server: {0}")]
    Offline(String),
    /// The server answered that it is busy (this device's other round, a
    /// round being resumed, too many at once): it works, so ask again soon.
    #[error("server sedang sibuk: {0}")]
    Busy(String),
    /// The server answered and refused (scope, revoked, version, ...).
    #[error("{message}")]
    Refused { code: String, message: String },
    /// The answer could not be read.
    #[error("jawaban server rusak: {0}")]
    Corrupt(String),
}

impl TransportError {
    /// What a refusal of the server means to a device, by its code (and
    /// whether the server itself failed): over HTTP and in process alike.
    pub fn from_answer(server_failed: bool, answer: ErrorBody) -> TransportError {
        if [code::BUSY, code::DEVICE_BUSY, code::OVERLOADED].contains(&answer.code.as_str()) {
            // The server works but is busy: ask again soon.
            TransportError::Busy(answer.message)
        } else if server_failed || code::TRANSIENT.contains(&answer.code.as_str()) {
            // The server is failing, or the link too slow: try later.
            TransportError::Offline(answer.message)
        } else {
            TransportError::Refused {
                code: answer.code,
                message: answer.message,
            }
        }
    }

    /// Whether retrying later may help (as opposed to a refusal).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            TransportError::Offline(_) | TransportError::Busy(_) | TransportError::Corrupt(_)
        )
    }
}

/// One round trip to the hub.
pub trait Transport {
    fn round(&mut self, req: &SyncRequest) -> Result<SyncResponse, TransportError>;
}

/// A device talking to an in-process hub.
#[derive(Debug)]
pub struct LocalHub<'a> {
    pub hub: &'a mut Hub,
    pub device: String,
}

impl Transport for LocalHub<'_> {
    fn round(&mut self, req: &SyncRequest) -> Result<SyncResponse, TransportError> {
        self.hub
            .handle(&self.device, req)
            .map_err(|r: Refusal| TransportError::Refused {
                code: "refused".into(),
                message: r.to_string(),
            })
    }
}

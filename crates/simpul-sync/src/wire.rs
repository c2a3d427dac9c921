//! What travels between a device and the hub, versioned.

use crate::certificate::PersonCertificate;
use crate::signature::ChangeSignature;
use serde::{Deserialize, Serialize};

/// Bumped on any incompatible change; the hub refuses other versions with
/// a message telling the user to update.
pub const PROTOCOL_VERSION: u32 = 3;

/// One document's Automerge sync message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocMessage {
    pub doc: String,
    #[serde(with = "serde_bytes_compat")]
    pub message: Vec<u8>,
    /// The signatures of the changes the message carries (those the sender holds).
    pub signatures: Vec<ChangeSignature>,
}

/// A device's half of a round trip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncRequest {
    pub protocol: u32,
    /// True on the first round of a session: the hub forgets what it
    /// believes it already sent (a previous response may have been lost).
    pub new_session: bool,
    /// Every document id the device holds (so the hub can offer the others).
    pub known: Vec<String>,
    pub messages: Vec<DocMessage>,
    /// The device's public key (hex): registered when the server has none.
    pub device_key: Option<String>,
    /// Signatures of the device's own changes the server already holds
    /// unsigned (written before the device had a key), sent once.
    pub late_signatures: Vec<LateSignature>,
    /// The certificates of the people whose signatures the request carries.
    pub certificates: Vec<PersonCertificate>,
}

/// The signature of a change already at the server, and its document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateSignature {
    pub doc: String,
    pub signature: ChangeSignature,
}

/// The hub's half of a round trip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncResponse {
    pub protocol: u32,
    pub messages: Vec<DocMessage>,
    /// The certificates of the people whose signatures the response carries.
    pub certificates: Vec<PersonCertificate>,
    /// The key of each device whose changes the response carries, as the
    /// data center registered it (replicas check signatures with it).
    pub device_keys: Vec<DeviceKeyNote>,
    /// The data center's own public key (which signs its bundles), on the
    /// first response of a session.
    pub server_key: Option<[u8; 32]>,
}

/// A device's actor (hex) and its registered public key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DeviceKeyNote {
    pub actor: String,
    pub key: [u8; 32],
}

/// Automerge sends the whole document instead of changes when the peer
/// lacks more than a third of the changes *by count*. Bulk imports make a
/// few large changes, so ten small edits after a 10,000-asset import would
/// resend ~750 KB. A peer that already has history therefore gets changes
/// (v1 messages); a peer with nothing still gets the compact whole document.
fn send_changes_to_a_peer_with_history(state: &mut automerge::sync::State) {
    if state.their_heads.as_ref().is_some_and(|h| !h.is_empty()) {
        state.their_capabilities = None;
    }
}

/// Automerge never sends a change twice in a session (`sent_hashes`),
/// assuming the peer kept every change it was sent. A peer can lose one:
/// a change whose dependencies had not arrived waits in the document's
/// in-memory queue, which is gone when the document is reloaded from disk
/// (a replica's document cache) or when a response is lost. The peer then
/// names the change in `need`, and Automerge answered with no change at
/// all, round after round, until the session ended. What the peer says it
/// needs is sent again.
fn resend_what_they_need(state: &mut automerge::sync::State) {
    if let Some(need) = &state.their_need {
        for hash in need {
            state.sent_hashes.remove(hash);
        }
    }
}

/// Adjusts a sync state before `generate_sync_message`, on both sides.
pub(crate) fn prepare_state(state: &mut automerge::sync::State) {
    send_changes_to_a_peer_with_history(state);
    resend_what_they_need(state);
}

/// The protocol version an encoded request or response declares (its
/// first field), read before the rest so another version gets a clear
/// answer rather than a decoding error.
pub fn protocol_of(bytes: &[u8]) -> Option<u32> {
    postcard::take_from_bytes::<u32>(bytes).ok().map(|(v, _)| v)
}

#[derive(Debug, thiserror::Error)]
#[error("pesan sinkronisasi tidak dapat dibaca: {0}")]
pub struct WireError(#[from] postcard::Error);

macro_rules! codec {
    ($t:ty) => {
        impl $t {
            /// Compact binary encoding (postcard).
            pub fn encode(&self) -> Vec<u8> {
                postcard::to_stdvec(self).unwrap_or_default()
            }
            pub fn decode(bytes: &[u8]) -> Result<Self, WireError> {
                Ok(postcard::from_bytes(bytes)?)
            }
        }
    };
}
codec!(SyncRequest);
codec!(SyncResponse);

/// Byte vectors as one length-prefixed blob (not a sequence of numbers).
mod serde_bytes_compat {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(v)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let b: &[u8] = <&[u8]>::deserialize(d)?;
        Ok(b.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_compactly() {
        let r = SyncRequest {
            protocol: PROTOCOL_VERSION,
            new_session: true,
            known: vec!["opd/DINKES/meta".into()],
            messages: vec![DocMessage {
                doc: "opd/DINKES/meta".into(),
                message: vec![7; 100],
                signatures: vec![],
            }],
            device_key: None,
            late_signatures: vec![],
            certificates: vec![],
        };
        let bytes = r.encode();
        assert!(bytes.len() < 150, "binary, not JSON: {} bytes", bytes.len());
        assert_eq!(SyncRequest::decode(&bytes).expect("decode"), r);
        assert!(SyncRequest::decode(&[0xff, 0xff, 0xff]).is_err());
    }
}

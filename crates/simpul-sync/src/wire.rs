//! What travels between a device and the hub, versioned.

use crate::certificate::PersonCertificate;
use crate::signature::ChangeSignature;
use serde::{Deserialize, Serialize};

/// Bumped on any incompatible change; the hub refuses other versions with
/// a message telling the user to update. 4: stock-take documents
/// (`opd/X/stock/NN`), which a version-3 device cannot read.
pub const PROTOCOL_VERSION: u32 = 4;

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

/// Automerge never sends a change twice in a session (`sent_hashes`), and
/// leaves out the changes the peer's Bloom filter seems to hold. Both can
/// leave the peer short: a Bloom filter has false positives (about one in
/// a hundred for a small filter), and a change whose dependencies had not
/// arrived waits in the document's in-memory queue, which is gone when the
/// document is reloaded (a replica's document cache, a data center that
/// evicts documents beyond its memory budget) or a response is lost. The
/// peer then names what it lacks in `need`; Automerge answered with the
/// named changes only, which wait again for their own missing ancestors,
/// and the session stalled. When the peer needs anything, everything after
/// the heads known to be shared is sent again, with no filter: the peer's
/// gap closes in one message whatever caused it.
fn resend_what_they_need(state: &mut automerge::sync::State) {
    if state.their_need.as_ref().is_none_or(Vec::is_empty) {
        return;
    }
    state.sent_hashes.clear();
    let last_sync = state
        .their_have
        .as_ref()
        .and_then(|h| h.first())
        .map_or_else(|| state.shared_heads.clone(), |h| h.last_sync.clone());
    state.their_have = Some(vec![automerge::sync::Have {
        last_sync,
        bloom: automerge::sync::BloomFilter::default(),
    }]);
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

    /// Five changes in a chain; the second reached the peer in a response
    /// that was lost (or was left out by a Bloom filter's false positive),
    /// and the peer reloads its document between messages, so what waits
    /// for it is dropped each time (a data center evicting its documents).
    /// Sending only what the peer names would stall for ever; the sync
    /// completes in a few messages.
    #[test]
    fn a_peer_that_lost_a_change_and_its_queue_catches_up() {
        use automerge::sync::{State, SyncDoc};
        use automerge::transaction::Transactable;
        let genesis = {
            let mut d = automerge::AutoCommit::new().with_actor(automerge::ActorId::from(b"g"));
            d.put(automerge::ROOT, "genesis", 1).expect("put");
            d.save()
        };
        let mut writer = automerge::Automerge::load(&genesis).expect("load");
        writer.set_actor(automerge::ActorId::from(b"w"));
        let mut hashes = Vec::new();
        for i in 0..5_i64 {
            let mut tx = writer.transaction();
            tx.put(automerge::ROOT, format!("k{i}"), i).expect("put");
            hashes.push(tx.commit().0.expect("a change"));
        }
        let mut peer = automerge::Automerge::load(&genesis).expect("load");
        let (mut ours, mut theirs) = (State::new(), State::new());
        let mut messages = 0;
        for round in 0..12 {
            prepare_state(&mut ours);
            if round == 1 {
                // As if the second change went out in a lost response.
                ours.sent_hashes.insert(hashes[1]);
            }
            let out = writer.generate_sync_message(&mut ours);
            if let Some(m) = out {
                messages += 1;
                peer.receive_sync_message(&mut theirs, m).expect("receive");
            }
            // The peer's document is read again from the changes it applied.
            let applied: Vec<u8> = peer
                .get_changes(&[])
                .iter()
                .flat_map(|c| c.raw_bytes().to_vec())
                .collect();
            peer = automerge::Automerge::load(&applied).expect("reload");
            prepare_state(&mut theirs);
            match peer.generate_sync_message(&mut theirs) {
                Some(m) => writer.receive_sync_message(&mut ours, m).expect("receive"),
                None if peer.get_heads() == writer.get_heads() => break,
                None => {}
            }
        }
        assert_eq!(
            peer.get_heads(),
            writer.get_heads(),
            "after {messages} messages"
        );
        assert!(messages <= 6, "{messages} messages");
    }
}

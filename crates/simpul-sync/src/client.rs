//! The device's side of sync, without IO. The caller owns the documents
//! (in memory, or loaded from a store) and hands them over one at a time.

use crate::signature::ChangeSignature;
use crate::wire::{DocMessage, SyncRequest, SyncResponse, WireError, PROTOCOL_VERSION};
use automerge::sync::{Message, State, SyncDoc};
use automerge::{Automerge, AutomergeError, ChangeHash};
use simpul_core::schema::genesis_for;
use simpul_core::DocId;
use std::collections::{BTreeMap, HashMap};

/// What one round trip did on the device.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundResult {
    /// Documents that received changes.
    pub changed: Vec<DocId>,
    /// Neither side had anything to say: the session is complete.
    pub quiet: bool,
}

/// Errors applying the hub's answer.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error(transparent)]
    Wire(#[from] WireError),
    #[error("server mengirim id dokumen yang tidak dikenal: {0}")]
    BadDocId(String),
    #[error("pesan sinkronisasi rusak: {0}")]
    BadMessage(String),
    #[error(transparent)]
    Automerge(#[from] AutomergeError),
}

/// One sync session of a device: the sync state of each document, started
/// from the shared heads persisted by the previous session.
#[derive(Debug, Default)]
pub struct ClientSession {
    states: HashMap<DocId, State>,
    started: bool,
    sent_last: usize,
}

/// A response's message for one document, decoded.
#[derive(Debug)]
pub struct Incoming {
    pub doc: DocId,
    message: Message,
    /// The signatures the peer sent with the message's changes.
    pub signatures: Vec<ChangeSignature>,
}

impl ClientSession {
    /// A session resuming from persisted shared heads (`State::encode`).
    pub fn resume(persisted: impl IntoIterator<Item = (DocId, Vec<u8>)>) -> ClientSession {
        let states = persisted
            .into_iter()
            .filter_map(|(id, b)| State::decode(&b).ok().map(|s| (id, s)))
            .collect();
        ClientSession {
            states,
            started: false,
            sent_last: 0,
        }
    }

    /// The message for one document, if it has something to say, with the
    /// signatures (`signed` looks them up) of the changes it carries.
    pub fn message_for(
        &mut self,
        id: &DocId,
        doc: &Automerge,
        signed: &mut dyn FnMut(&ChangeHash) -> Option<ChangeSignature>,
    ) -> Option<DocMessage> {
        let state = self.states.entry(id.clone()).or_default();
        crate::wire::prepare_state(state);
        crate::signature::signed_message(doc, state, signed).map(|(m, signatures)| DocMessage {
            doc: id.to_string(),
            message: m.encode(),
            signatures,
        })
    }

    /// Whether no request of this session was made yet.
    pub fn is_new(&self) -> bool {
        !self.started
    }

    /// Wraps the messages of one round into a request.
    pub fn request_of(
        &mut self,
        known: Vec<String>,
        messages: Vec<DocMessage>,
        device_key: Option<String>,
    ) -> SyncRequest {
        let new_session = !self.started;
        self.started = true;
        self.sent_last = messages.len();
        SyncRequest {
            protocol: PROTOCOL_VERSION,
            new_session,
            known,
            messages,
            device_key,
            late_signatures: Vec::new(),
            certificates: Vec::new(),
        }
    }

    /// Decodes a response into per-document messages; nothing is applied.
    pub fn decode(&self, resp: &SyncResponse) -> Result<Vec<Incoming>, ClientError> {
        resp.messages
            .iter()
            .map(|m| {
                let doc: DocId = m
                    .doc
                    .parse()
                    .map_err(|_| ClientError::BadDocId(m.doc.clone()))?;
                let message = Message::decode(&m.message)
                    .map_err(|e| ClientError::BadMessage(e.to_string()))?;
                Ok(Incoming {
                    doc,
                    message,
                    signatures: m.signatures.clone(),
                })
            })
            .collect()
    }

    /// Applies one decoded message to its document; returns whether it changed.
    pub fn apply(&mut self, doc: &mut Automerge, incoming: Incoming) -> Result<bool, ClientError> {
        let before = doc.get_heads();
        doc.receive_sync_message(
            self.states.entry(incoming.doc).or_default(),
            incoming.message,
        )?;
        Ok(doc.get_heads() != before)
    }

    /// Whether the round that ended with `resp` was quiet on both sides.
    pub fn quiet(&self, resp: &SyncResponse) -> bool {
        self.sent_last == 0 && resp.messages.is_empty()
    }

    /// Documents this session has exchanged messages about (including ones
    /// the hub offered that the device does not store yet).
    pub fn docs(&self) -> impl Iterator<Item = &DocId> {
        self.states.keys()
    }

    /// Whether both sides of `id` hold the same changes: the heads the
    /// peer last announced are `doc`'s own. What the peer had has arrived
    /// here, and what this side wrote has arrived there.
    pub fn in_step(&self, id: &DocId, doc: &Automerge) -> bool {
        let Some(theirs) = self.states.get(id).and_then(|s| s.their_heads.as_ref()) else {
            return false;
        };
        let mut ours = doc.get_heads();
        let mut theirs = theirs.clone();
        ours.sort_unstable();
        theirs.sort_unstable();
        ours == theirs
    }

    /// The shared heads of one document, to persist.
    pub fn persisted_state(&self, id: &DocId) -> Option<Vec<u8>> {
        self.states.get(id).map(State::encode)
    }

    /// Shared heads of every document, to persist.
    pub fn persisted(&self) -> Vec<(DocId, Vec<u8>)> {
        self.states
            .iter()
            .map(|(id, s)| (id.clone(), s.encode()))
            .collect()
    }

    /// The next request over documents held in memory, with the
    /// signatures in `signed` and the device's public key.
    pub fn request(
        &mut self,
        docs: &BTreeMap<DocId, Automerge>,
        signed: &HashMap<ChangeHash, ChangeSignature>,
        device_key: Option<String>,
    ) -> SyncRequest {
        let mut lookup = |h: &ChangeHash| signed.get(h).cloned();
        let messages = docs
            .iter()
            .filter_map(|(id, doc)| self.message_for(id, doc, &mut lookup))
            .collect();
        self.request_of(
            docs.keys().map(ToString::to_string).collect(),
            messages,
            device_key,
        )
    }

    /// Applies a response to documents held in memory; documents the device
    /// did not have yet are started from the shared genesis.
    pub fn receive(
        &mut self,
        docs: &mut BTreeMap<DocId, Automerge>,
        resp: &SyncResponse,
    ) -> Result<RoundResult, ClientError> {
        let mut changed = Vec::new();
        for incoming in self.decode(resp)? {
            let id = incoming.doc.clone();
            let doc = docs.entry(id.clone()).or_insert_with(|| genesis_for(&id));
            if self.apply(doc, incoming)? {
                changed.push(id);
            }
        }
        Ok(RoundResult {
            changed,
            quiet: self.quiet(resp),
        })
    }
}

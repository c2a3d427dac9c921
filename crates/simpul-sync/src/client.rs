//! The device's side of sync, without IO.

use crate::wire::{DocMessage, SyncRequest, SyncResponse, WireError, PROTOCOL_VERSION};
use automerge::sync::{Message, State, SyncDoc};
use automerge::{Automerge, AutomergeError};
use simpul_core::schema::genesis;
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

impl ClientSession {
    /// A session resuming from persisted shared heads (`State::encode`).
    pub fn resume(persisted: impl IntoIterator<Item = (DocId, Vec<u8>)>) -> ClientSession {
        let states = persisted.into_iter().filter_map(|(id, b)| State::decode(&b).ok().map(|s| (id, s))).collect();
        ClientSession { states, started: false, sent_last: 0 }
    }

    /// The next request: a message for every document with something to say.
    pub fn request(&mut self, docs: &BTreeMap<DocId, Automerge>) -> SyncRequest {
        let mut messages = Vec::new();
        for (id, doc) in docs {
            let state = self.states.entry(id.clone()).or_default();
            if let Some(m) = doc.generate_sync_message(state) {
                messages.push(DocMessage { doc: id.to_string(), message: m.encode() });
            }
        }
        let new_session = !self.started;
        self.started = true;
        self.sent_last = messages.len();
        SyncRequest { protocol: PROTOCOL_VERSION, new_session, known: docs.keys().map(ToString::to_string).collect(), messages }
    }

    /// Applies the hub's answer; documents the device did not have yet are
    /// started from the shared genesis.
    pub fn receive(&mut self, docs: &mut BTreeMap<DocId, Automerge>, resp: &SyncResponse) -> Result<RoundResult, ClientError> {
        let mut changed = Vec::new();
        for m in &resp.messages {
            let id: DocId = m.doc.parse().map_err(|_| ClientError::BadDocId(m.doc.clone()))?;
            let msg = Message::decode(&m.message).map_err(|e| ClientError::BadMessage(e.to_string()))?;
            let doc = docs.entry(id.clone()).or_insert_with(genesis);
            let before = doc.get_heads();
            doc.receive_sync_message(self.states.entry(id.clone()).or_default(), msg)?;
            if doc.get_heads() != before {
                changed.push(id);
            }
        }
        Ok(RoundResult { changed, quiet: self.sent_last == 0 && resp.messages.is_empty() })
    }

    /// Shared heads to persist, so the next session resumes from here.
    pub fn persisted(&self) -> Vec<(DocId, Vec<u8>)> {
        self.states.iter().map(|(id, s)| (id.clone(), s.encode())).collect()
    }
}

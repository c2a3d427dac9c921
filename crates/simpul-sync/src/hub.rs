//! The data center's side of sync, without IO: documents, enrolled devices,
//! and one Automerge sync state per (device, document).
//!
//! Every incoming message is first applied to a copy of its document; the
//! copy is kept only when every change it brought was written by an actor
//! bound to a device allowed on that document (whoever relays it). One
//! refused message refuses the whole request and nothing of it is applied.

use crate::scope::Device;
use crate::wire::{DocMessage, SyncRequest, SyncResponse, PROTOCOL_VERSION};
use automerge::sync::{Message, State, SyncDoc};
use automerge::Automerge;
use simpul_core::schema::genesis_for;
use simpul_core::DocId;
use std::collections::{BTreeMap, HashMap};

/// Why the hub refused a request; nothing of it was applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("versi aplikasi tidak cocok dengan server (aplikasi {client}, server {server}); perbarui Simpul")]
    Protocol { client: u32, server: u32 },
    #[error("perangkat tidak terdaftar di server; daftarkan ulang dengan kode pendaftaran")]
    UnknownDevice,
    #[error("perangkat ini telah dicabut oleh Diskominfo")]
    Revoked,
    #[error("dokumen {0} di luar wewenang perangkat ini")]
    OutOfScope(String),
    #[error(
        "dokumen {0} hanya boleh diubah oleh Diskominfo; perubahan dari perangkat ini ditolak"
    )]
    ReadOnly(String),
    #[error("dokumen {doc} berisi perubahan dari perangkat yang tidak berhak ({actor})")]
    ForeignActor { doc: String, actor: String },
    #[error("pesan untuk dokumen {doc} rusak: {reason}")]
    BadMessage { doc: String, reason: String },
}

/// The hub: every document of the regency and who may touch what.
#[derive(Debug, Default)]
pub struct Hub {
    docs: BTreeMap<DocId, Automerge>,
    devices: HashMap<String, Device>,
    actor_device: HashMap<String, String>,
    states: HashMap<(String, DocId), State>,
}

fn parse_doc(doc: &str) -> Result<DocId, Refusal> {
    doc.parse().map_err(|_| Refusal::BadMessage {
        doc: doc.to_owned(),
        reason: "id dokumen tidak dikenal".into(),
    })
}

const GENESIS_ACTOR_HEX: &str = "73696d70756c2e67656e657369732e31"; // "simpul.genesis.1"

impl Hub {
    pub fn new() -> Hub {
        Hub::default()
    }

    pub fn add_device(&mut self, device: Device) {
        self.actor_device
            .insert(device.actor.clone(), device.id.clone());
        self.devices.insert(device.id.clone(), device);
    }

    /// Revokes a device: its next request is refused, and so are changes it
    /// wrote that another device tries to relay.
    pub fn revoke(&mut self, device_id: &str) {
        if let Some(d) = self.devices.get_mut(device_id) {
            d.revoked = true;
        }
    }

    pub fn docs(&self) -> &BTreeMap<DocId, Automerge> {
        &self.docs
    }

    /// Loads a stored document (at start-up of a persistent hub).
    pub fn insert_doc(&mut self, id: DocId, doc: Automerge) {
        self.docs.insert(id, doc);
    }

    /// Restores persisted sync states (at start-up).
    pub fn restore_states(&mut self, states: Vec<(String, DocId, Vec<u8>)>) {
        for (device, id, bytes) in states {
            if let Ok(s) = State::decode(&bytes) {
                self.states.insert((device, id), s);
            }
        }
    }

    /// The shared heads of a device's sync states, to persist.
    pub fn device_states(&self, device_id: &str) -> Vec<(DocId, Vec<u8>)> {
        self.states
            .iter()
            .filter(|((d, _), _)| d == device_id)
            .map(|((_, id), s)| (id.clone(), s.encode()))
            .collect()
    }

    fn actor_allowed(&self, actor: &str, doc: &DocId) -> bool {
        actor == GENESIS_ACTOR_HEX
            || self
                .actor_device
                .get(actor)
                .and_then(|d| self.devices.get(d))
                .is_some_and(|d| d.can_write(doc))
    }

    /// Applies `apply` to a copy of document `doc` and checks that the device
    /// may read it and that every change it added was written by an actor
    /// allowed to write it (a device that only reads a document may still
    /// acknowledge it, which adds no change). Returns the copy to keep; the hub is not touched.
    fn stage(
        &self,
        device: &Device,
        doc: &str,
        apply: impl FnOnce(&mut Automerge) -> Result<(), automerge::AutomergeError>,
    ) -> Result<Automerge, Refusal> {
        let id = parse_doc(doc)?;
        if !device.can_read(&id) {
            return Err(Refusal::OutOfScope(doc.to_owned()));
        }
        let (mut copy, before) = match self.docs.get(&id) {
            Some(d) => (d.fork(), d.get_heads()),
            None => (genesis_for(&id), Vec::new()),
        };
        apply(&mut copy).map_err(|e| Refusal::BadMessage {
            doc: doc.to_owned(),
            reason: e.to_string(),
        })?;
        for change in copy.get_changes(&before) {
            let actor = change.actor_id().to_hex_string();
            if !self.actor_allowed(&actor, &id) {
                if actor == device.actor {
                    return Err(Refusal::ReadOnly(doc.to_owned()));
                }
                return Err(Refusal::ForeignActor {
                    doc: doc.to_owned(),
                    actor,
                });
            }
        }
        Ok(copy)
    }

    /// Imports a bundle's changes from `device_id` with the checks of a
    /// sync, all or nothing. Returns the new bytes of each changed document
    /// (to persist); changes already present change nothing.
    pub fn import_changes(
        &mut self,
        device_id: &str,
        docs: &[crate::bundle::BundleDoc],
    ) -> Result<Vec<(DocId, Vec<u8>)>, Refusal> {
        let device = self
            .devices
            .get(device_id)
            .cloned()
            .ok_or(Refusal::UnknownDevice)?;
        if device.revoked {
            return Err(Refusal::Revoked);
        }
        let mut staged = Vec::with_capacity(docs.len());
        for d in docs {
            let copy = self.stage(&device, &d.doc, |c| {
                c.load_incremental(&d.changes).map(|_| ())
            })?;
            staged.push((parse_doc(&d.doc)?, copy));
        }
        let mut persisted = Vec::new();
        for (id, copy) in staged {
            let before = self
                .docs
                .get(&id)
                .map(Automerge::get_heads)
                .unwrap_or_default();
            if copy.get_heads() != before {
                persisted.push((id.clone(), copy.save_after(&before)));
                self.docs.insert(id, copy);
            }
        }
        Ok(persisted)
    }

    /// The changes a device lacks, as far as the hub knows (from the shared
    /// heads of its last sync), for a bundle the data center writes for it.
    pub fn changes_for(&self, device_id: &str) -> Result<Vec<crate::bundle::BundleDoc>, Refusal> {
        let device = self.devices.get(device_id).ok_or(Refusal::UnknownDevice)?;
        Ok(self
            .docs
            .iter()
            .filter(|(id, _)| device.can_read(id))
            .filter_map(|(id, doc)| {
                let shared = self
                    .states
                    .get(&(device_id.to_owned(), id.clone()))
                    .map(|s| s.shared_heads.clone())
                    .unwrap_or_default();
                let changes = doc.save_after(&shared);
                (!doc.get_changes(&shared).is_empty()).then(|| crate::bundle::BundleDoc {
                    doc: id.to_string(),
                    changes,
                })
            })
            .collect())
    }

    /// Handles one round trip from `device_id`.
    pub fn handle(&mut self, device_id: &str, req: &SyncRequest) -> Result<SyncResponse, Refusal> {
        if req.protocol != PROTOCOL_VERSION {
            return Err(Refusal::Protocol {
                client: req.protocol,
                server: PROTOCOL_VERSION,
            });
        }
        let device = self
            .devices
            .get(device_id)
            .cloned()
            .ok_or(Refusal::UnknownDevice)?;
        if device.revoked {
            return Err(Refusal::Revoked);
        }
        if req.new_session {
            for ((d, _), state) in self.states.iter_mut() {
                if d == device_id {
                    *state = State::decode(&state.encode()).unwrap_or_default();
                }
            }
        }
        // Phase 1: apply every message to copies; refuse on the first problem.
        let mut staged: Vec<(DocId, Automerge, State)> = Vec::with_capacity(req.messages.len());
        for m in &req.messages {
            let msg = Message::decode(&m.message).map_err(|e| Refusal::BadMessage {
                doc: m.doc.clone(),
                reason: e.to_string(),
            })?;
            let mut state = State::default();
            let id = parse_doc(&m.doc)?;
            if let Some(s) = self.states.get(&(device_id.to_owned(), id.clone())) {
                state = s.clone();
            }
            let copy = self.stage(&device, &m.doc, |copy| {
                copy.receive_sync_message(&mut state, msg).map(|_| ())
            })?;
            staged.push((id, copy, state));
        }
        // Phase 2: keep the copies.
        for (id, doc, state) in staged {
            self.states
                .insert((device_id.to_owned(), id.clone()), state);
            self.docs.insert(id, doc);
        }
        // Answer for every document in the device's scope.
        let mut messages = Vec::new();
        for (id, doc) in &self.docs {
            if !device.can_read(id) {
                continue;
            }
            let state = self
                .states
                .entry((device_id.to_owned(), id.clone()))
                .or_default();
            crate::wire::send_changes_to_a_peer_with_history(state);
            if let Some(msg) = doc.generate_sync_message(state) {
                messages.push(DocMessage {
                    doc: id.to_string(),
                    message: msg.encode(),
                });
            }
        }
        Ok(SyncResponse {
            protocol: PROTOCOL_VERSION,
            messages,
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn genesis_actor_constant_matches_the_schema() {
        let g = simpul_core::schema::genesis();
        let actor = g
            .get_changes(&[])
            .first()
            .map(|c| c.actor_id().to_hex_string());
        assert_eq!(actor.as_deref(), Some(super::GENESIS_ACTOR_HEX));
    }
}

//! The data center's side of sync, without IO: documents, enrolled devices,
//! and one Automerge sync state per (device, document).
//!
//! A round has three steps, so that nothing is visible before it is stored:
//! [`Hub::receive`] applies every message to copies (a message that brings
//! no change touches no document) and checks that every change it brought
//! was written by an actor bound to a device allowed on that document
//! (whoever relays it); one refused message refuses the whole request.
//! The caller stores the [`Staged`] round, then [`Hub::publish`]es it and
//! asks for the [`Hub::answer`]. A round whose storage failed is dropped and
//! leaves the hub exactly as it was. Automerge runs under `catch_unwind`, so
//! a message that makes it panic fails its own round only.

use crate::limits::Limits;
pub use crate::refusal::Refusal;
use crate::scope::Device;
use crate::staged::Staged;
use crate::wire::{DocMessage, SyncRequest, SyncResponse, PROTOCOL_VERSION};
use automerge::sync::{State, SyncDoc};
use automerge::Automerge;
use simpul_core::schema::genesis_for;
use simpul_core::DocId;
use std::collections::{BTreeMap, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The hub: every document of the regency and who may touch what.
#[derive(Debug, Default)]
pub struct Hub {
    docs: BTreeMap<DocId, Automerge>,
    devices: HashMap<String, Device>,
    actor_device: HashMap<String, String>,
    states: HashMap<(String, DocId), State>,
    limits: Limits,
}

fn parse_doc(doc: &str) -> Result<DocId, Refusal> {
    doc.parse().map_err(|_| Refusal::BadMessage {
        doc: doc.to_owned(),
        reason: "id dokumen tidak dikenal".into(),
    })
}

/// Runs Automerge work on untrusted input; a panic becomes a refusal.
fn guarded<T>(doc: &str, work: impl FnOnce() -> T) -> Result<T, Refusal> {
    catch_unwind(AssertUnwindSafe(work)).map_err(|_| {
        // The panic hook has printed the panic itself; name the document.
        eprintln!("simpul hub: a message for {doc} made Automerge panic; round refused");
        Refusal::BadMessage {
            doc: doc.to_owned(),
            reason: "Automerge gagal memprosesnya".into(),
        }
    })
}

const GENESIS_ACTOR_HEX: &str = "73696d70756c2e67656e657369732e31"; // "simpul.genesis.1"

impl Hub {
    pub fn new() -> Hub {
        Hub::default()
    }

    pub fn with_limits(limits: Limits) -> Hub {
        Hub {
            limits,
            ..Hub::default()
        }
    }

    pub fn add_device(&mut self, device: Device) {
        self.actor_device
            .insert(device.actor.clone(), device.id.clone());
        self.devices.insert(device.id.clone(), device);
    }

    /// Replaces the hub's view of every device (read from storage before
    /// each round, so a revocation made anywhere counts at once).
    pub fn set_devices(&mut self, devices: impl IntoIterator<Item = Device>) {
        self.devices.clear();
        self.actor_device.clear();
        for d in devices {
            self.add_device(d);
        }
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

    /// Adds stored changes written elsewhere (another process on the same
    /// database); changes already present are no-ops.
    pub fn load_changes(
        &mut self,
        id: DocId,
        bytes: &[u8],
    ) -> Result<(), automerge::AutomergeError> {
        let doc = self
            .docs
            .entry(id.clone())
            .or_insert_with(|| genesis_for(&id));
        doc.load_incremental(bytes).map(|_| ())
    }

    /// Restores persisted sync states (at start-up).
    pub fn restore_states(&mut self, states: Vec<(String, DocId, Vec<u8>)>) {
        for (device, id, bytes) in states {
            if let Ok(s) = State::decode(&bytes) {
                self.states.insert((device, id), s);
            }
        }
    }

    fn actor_allowed(&self, actor: &str, doc: &DocId) -> bool {
        actor == GENESIS_ACTOR_HEX
            || self
                .actor_device
                .get(actor)
                .and_then(|d| self.devices.get(d))
                .is_some_and(|d| d.can_write(doc))
    }

    fn device(&self, device_id: &str) -> Result<Device, Refusal> {
        let device = self
            .devices
            .get(device_id)
            .cloned()
            .ok_or(Refusal::UnknownDevice)?;
        if device.revoked {
            return Err(Refusal::Revoked);
        }
        Ok(device)
    }

    /// Checks every change `copy` has beyond `before` against the writers
    /// allowed on `id` (a device that only reads a document may still
    /// acknowledge it, which adds no change).
    fn check_authors(
        &self,
        device: &Device,
        id: &DocId,
        copy: &Automerge,
        before: &[automerge::ChangeHash],
    ) -> Result<(), Refusal> {
        for change in copy.get_changes(before) {
            let actor = change.actor_id().to_hex_string();
            if !self.actor_allowed(&actor, id) {
                if actor == device.actor {
                    return Err(Refusal::ReadOnly(id.to_string()));
                }
                return Err(Refusal::ForeignActor {
                    doc: id.to_string(),
                    actor,
                });
            }
        }
        Ok(())
    }

    /// A copy of document `id` (or its genesis) with `apply` done to it,
    /// when `apply` added changes that pass [`Hub::check_authors`].
    fn stage_changes(
        &self,
        device: &Device,
        doc: &str,
        apply: impl FnOnce(&mut Automerge) -> Result<(), automerge::AutomergeError>,
    ) -> Result<(DocId, Automerge, Vec<automerge::ChangeHash>), Refusal> {
        let id = parse_doc(doc)?;
        if !device.can_read(&id) {
            return Err(Refusal::OutOfScope(doc.to_owned()));
        }
        let (mut copy, before) = match self.docs.get(&id) {
            Some(d) => (d.clone(), d.get_heads()),
            None => (genesis_for(&id), Vec::new()),
        };
        guarded(doc, || apply(&mut copy))?.map_err(|e| Refusal::BadMessage {
            doc: doc.to_owned(),
            reason: e.to_string(),
        })?;
        self.check_authors(device, &id, &copy, &before)?;
        // Kept even when its heads did not move: changes waiting for their
        // dependencies sit in the copy's queue and must not be dropped.
        Ok((id, copy, before))
    }

    /// Receives a bundle's changes from `device_id` with the checks of a
    /// sync, all or nothing; nothing is visible until [`Hub::publish`].
    pub fn receive_bundle(
        &self,
        device_id: &str,
        docs: &[crate::bundle::BundleDoc],
    ) -> Result<Staged, Refusal> {
        let device = self.device(device_id)?;
        let mut staged = Staged::new(device_id, false);
        for d in docs {
            let copy = self.stage_changes(&device, &d.doc, |c| {
                c.load_incremental(&d.changes).map(|_| ())
            })?;
            staged.docs.push(copy);
        }
        Ok(staged)
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

    /// The sync state a round starts from: the stored one, reduced to its
    /// persistent part at the start of a session (the hub forgets what it
    /// believes it sent: a previous response may have been lost).
    fn state_for(&self, device_id: &str, id: &DocId, new_session: bool) -> State {
        let state = self
            .states
            .get(&(device_id.to_owned(), id.clone()))
            .cloned()
            .unwrap_or_default();
        if new_session {
            State::decode(&state.encode()).unwrap_or_default()
        } else {
            state
        }
    }

    /// Step 1 of a round: checks the request and receives every message
    /// into copies. The hub's documents and states are not changed.
    pub fn receive(&mut self, device_id: &str, req: &SyncRequest) -> Result<Staged, Refusal> {
        if req.protocol != PROTOCOL_VERSION {
            return Err(Refusal::Protocol {
                client: req.protocol,
                server: PROTOCOL_VERSION,
            });
        }
        let device = self.device(device_id)?;
        self.limits.check_request(req)?;
        let mut staged = Staged::new(device_id, req.new_session);
        for m in &req.messages {
            let msg = self.limits.decode_message(&m.doc, &m.message)?;
            let id = parse_doc(&m.doc)?;
            let mut state = self.state_for(device_id, &id, req.new_session);
            let shared_before = state.shared_heads.clone();
            if msg.changes.is_empty() && self.docs.contains_key(&id) {
                // Only the sync state moves: no copy of the document needed.
                if !device.can_read(&id) {
                    return Err(Refusal::OutOfScope(m.doc.clone()));
                }
                let doc = self.docs.get_mut(&id).ok_or(Refusal::UnknownDevice)?;
                guarded(&m.doc, || doc.receive_sync_message(&mut state, msg))?.map_err(|e| {
                    Refusal::BadMessage {
                        doc: m.doc.clone(),
                        reason: e.to_string(),
                    }
                })?;
            } else {
                let copy = self.stage_changes(&device, &m.doc, |copy| {
                    copy.receive_sync_message(&mut state, msg)
                })?;
                staged.docs.push(copy);
            }
            let moved = state.shared_heads != shared_before;
            staged.states.push((id, state, moved));
        }
        Ok(staged)
    }

    /// Step 2: makes a stored round visible. A document changed meanwhile
    /// (it cannot be under one lock, but stay safe) is merged, not replaced.
    pub fn publish(&mut self, staged: Staged) {
        if staged.new_session {
            for ((d, _), state) in self.states.iter_mut() {
                if *d == staged.device {
                    *state = State::decode(&state.encode()).unwrap_or_default();
                }
            }
        }
        for (id, copy, before) in staged.docs {
            match self.docs.get_mut(&id) {
                Some(current) if current.get_heads() != before => {
                    let mut copy = copy;
                    let _ = current.merge(&mut copy);
                }
                _ => {
                    self.docs.insert(id, copy);
                }
            }
        }
        for (id, state, _) in staged.states {
            self.states.insert((staged.device.clone(), id), state);
        }
    }

    /// Step 3: the answer for every document in the device's scope.
    pub fn answer(&mut self, device_id: &str) -> Result<SyncResponse, Refusal> {
        let device = self.device(device_id)?;
        let mut messages = Vec::new();
        for (id, doc) in &self.docs {
            if !device.can_read(id) {
                continue;
            }
            let key = (device_id.to_owned(), id.clone());
            let state = self.states.entry(key.clone()).or_default();
            crate::wire::prepare_state(state);
            match guarded(&id.to_string(), || doc.generate_sync_message(state)) {
                Ok(Some(msg)) => messages.push(DocMessage {
                    doc: id.to_string(),
                    message: msg.encode(),
                }),
                Ok(None) => {}
                Err(refusal) => {
                    // Start this document over with the device next time.
                    self.states.remove(&key);
                    return Err(refusal);
                }
            }
        }
        Ok(SyncResponse {
            protocol: PROTOCOL_VERSION,
            messages,
        })
    }

    /// One round trip from `device_id` with nothing to store (tests, and
    /// hubs kept only in memory).
    pub fn handle(&mut self, device_id: &str, req: &SyncRequest) -> Result<SyncResponse, Refusal> {
        let staged = self.receive(device_id, req)?;
        self.publish(staged);
        self.answer(device_id)
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

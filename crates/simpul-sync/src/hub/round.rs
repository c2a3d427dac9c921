//! One sync round at the hub: the request checked and received, stored,
//! published, and the answer for every document of the device's scope.

use super::checks::{guarded, offered, parse_doc, take_certificates, Bringing};
use super::device_states::{self, DeviceStates};
use super::doc_table::{self, HubDoc};
use super::registry::Registry;
use super::{lock_all, Hub, Incoming};
use crate::audit::Via;
use crate::refusal::Refusal;
use crate::scope::Device;
use crate::signature::{signed_message, PublicKey};
use crate::staged::Staged;
use crate::wire::{DocMessage, SyncRequest, SyncResponse, PROTOCOL_VERSION};
use automerge::sync::{State, SyncDoc};
use automerge::ChangeHash;
use simpul_core::DocId;

impl Hub {
    /// One round from `device_id`: received and checked, stored by
    /// `commit`, published, answered.
    pub fn round<E: From<Refusal>>(
        &self,
        device_id: &str,
        req: &SyncRequest,
        commit: impl FnOnce(&Staged) -> Result<(), E>,
    ) -> Result<SyncResponse, E> {
        if req.protocol != PROTOCOL_VERSION {
            return Err(Refusal::Protocol {
                client: req.protocol,
                server: PROTOCOL_VERSION,
            }
            .into());
        }
        let registry = self.registry.read();
        let device = registry.device(device_id)?;
        self.limits.check_request(req)?;
        let handle = self.device_states(device_id, req.new_session)?;
        let mut states = device_states::lock(&handle);
        let mut staged = Staged::new(device_id);
        // A device of an earlier version registers its key on its first
        // sync; a key that differs from the registered one is refused.
        let new_key = match (&device.key, &req.device_key) {
            (None, Some(k)) => {
                let key = PublicKey::from_hex(k).map_err(|_| Refusal::KeyMismatch)?;
                staged.device_key = Some(k.trim().to_ascii_lowercase());
                Some(key)
            }
            (Some(have), Some(k)) if !have.eq_ignore_ascii_case(k.trim()) => {
                return Err(Refusal::KeyMismatch.into())
            }
            _ => None,
        };
        let offered = offered(req.messages.iter().flat_map(|m| &m.signatures));
        staged.offered = offered.values().cloned().collect();
        let certificates = take_certificates(&registry, &req.certificates, &mut staged)?;
        let mut incoming = Vec::new();
        for m in &req.messages {
            let message = self.limits.decode_message(&m.doc, &m.message)?;
            let id = parse_doc(&m.doc)?;
            if !device.can_read(&id) {
                return Err(Refusal::OutOfScope(m.doc.clone()).into());
            }
            incoming.push(Incoming {
                id,
                name: &m.doc,
                message,
            });
        }
        let (reads, changes): (Vec<Incoming>, Vec<Incoming>) = incoming
            .into_iter()
            .partition(|m| m.message.changes.is_empty() && self.docs.is_known(&m.id));
        // Messages that bring no change move only the sync state: each
        // document is locked briefly, no copy made.
        for m in reads {
            let mut state = self.state_of(&states, &m.id);
            let shared_before = state.shared_heads.clone();
            if let Some(h) = self.docs.get(&m.id, self.loader())? {
                let mut d = doc_table::lock(&h);
                guarded(m.name, || d.doc.receive_sync_message(&mut state, m.message))?.map_err(
                    |e| Refusal::BadMessage {
                        doc: m.name.to_owned(),
                        reason: e.to_string(),
                    },
                )?;
            }
            let moved = state.shared_heads != shared_before;
            staged.states.push((m.id, state, moved));
        }
        self.take_late_signatures(&registry, &device, new_key.as_ref(), req, &mut staged)?;
        let writes = self.write_handles(&device, changes.iter().map(|m| m.id.clone()).collect())?;
        let guards = lock_all(&writes);
        for m in changes {
            let bringing = Bringing {
                offered: &offered,
                new_key: new_key.as_ref(),
                certificates: &certificates,
                via: Via::Sync,
            };
            let mut state = self.state_of(&states, &m.id);
            let shared_before = state.shared_heads.clone();
            self.stage(
                &registry,
                &device,
                &m.id,
                &guards,
                bringing,
                &mut staged,
                |copy| copy.receive_sync_message(&mut state, m.message),
            )?;
            let moved = state.shared_heads != shared_before;
            staged.states.push((m.id, state, moved));
        }
        self.finish(&writes, guards, staged, Some(&mut states), commit)?;
        drop(writes);
        drop(registry);
        let answer = self.answer(&device, &mut states);
        self.docs.trim();
        Ok(answer?)
    }

    /// The sync state a round starts from for one document.
    fn state_of(&self, states: &DeviceStates, id: &DocId) -> State {
        states.states.get(id).cloned().unwrap_or_default()
    }

    /// Keeps the valid signatures a device sends for its own changes the
    /// hub holds unsigned (written before it had a key). Others (unknown
    /// changes, someone else's, invalid) are ignored: nothing depends on them.
    fn take_late_signatures(
        &self,
        registry: &Registry,
        device: &Device,
        new_key: Option<&PublicKey>,
        req: &SyncRequest,
        staged: &mut Staged,
    ) -> Result<(), Refusal> {
        let Some(key) = new_key.or_else(|| registry.ring.device(&device.actor)) else {
            return Ok(());
        };
        for l in &req.late_signatures {
            let hash = ChangeHash(l.signature.hash);
            let Ok(id) = parse_doc(&l.doc) else {
                continue;
            };
            let Some(h) = self.docs.get(&id, self.loader())? else {
                continue;
            };
            let d = doc_table::lock(&h);
            if d.signatures.contains_key(&hash) {
                continue;
            }
            let actor = automerge::ReadDoc::get_change_by_hash(&d.doc, &hash)
                .map(|c| c.actor_id().to_hex_string());
            if actor.as_deref() == Some(device.actor.as_str())
                && key.verify(&hash, &l.signature).is_ok()
            {
                staged.signatures.push((id, l.signature.clone()));
            }
        }
        Ok(())
    }

    /// The answer for every document in the device's scope.
    fn answer(&self, device: &Device, states: &mut DeviceStates) -> Result<SyncResponse, Refusal> {
        let mut messages = Vec::new();
        self.each_in_scope(device, |id, d| {
            let state = states.states.entry(id.clone()).or_default();
            crate::wire::prepare_state(state);
            let mut signed = |h: &ChangeHash| d.signatures.get(h).cloned();
            match guarded(&id.to_string(), || {
                signed_message(&d.doc, state, &mut signed)
            }) {
                Ok(Some((msg, signatures))) => messages.push(DocMessage {
                    doc: id.to_string(),
                    message: msg.encode(),
                    signatures,
                }),
                Ok(None) => {}
                Err(refusal) => {
                    // Start this document over with the device next time.
                    states.states.remove(id);
                    return Err(refusal);
                }
            }
            Ok(())
        })?;
        let registry = self.registry.read();
        let signed = || messages.iter().flat_map(|m: &DocMessage| &m.signatures);
        let certificates = registry.ring.certificates_for(signed());
        let device_keys = registry.ring.device_keys_for(signed());
        let server_key = registry.server_key.filter(|_| !states.told_key);
        if server_key.is_some() {
            states.told_key = true;
        }
        Ok(SyncResponse {
            protocol: PROTOCOL_VERSION,
            messages,
            certificates,
            device_keys,
            server_key,
        })
    }

    /// Visits each document of the device's scope, loaded and locked in
    /// turn, in document order.
    pub(super) fn each_in_scope(
        &self,
        device: &Device,
        mut visit: impl FnMut(&DocId, &HubDoc) -> Result<(), Refusal>,
    ) -> Result<(), Refusal> {
        for id in self.docs.known() {
            if !device.can_read(&id) {
                continue;
            }
            if let Some(h) = self.docs.get(&id, self.loader())? {
                visit(&id, &doc_table::lock(&h))?;
            }
        }
        Ok(())
    }
}

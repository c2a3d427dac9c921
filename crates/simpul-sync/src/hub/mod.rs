//! The data center's side of sync, without IO: documents, enrolled devices,
//! and one Automerge sync state per (device, document).
//!
//! A round ([`Hub::round`]) receives every message into copies (a message
//! that brings no change touches no document) and checks that every change
//! it brought was written by an actor bound to a device allowed on that
//! document (whoever relays it) and carries that device's valid signature
//! (sent with the message, or held by the hub since an earlier round); one
//! refused message refuses the whole request. The caller's `commit` stores
//! the [`Staged`] round; only then is it published and answered. A round
//! whose storage failed leaves the hub exactly as it was. Automerge runs
//! under `catch_unwind`, so a message that makes it panic fails its own
//! round only.
//!
//! Rounds run in parallel: each document has its own lock, taken in
//! document order by the rounds that change it and held until they are
//! published; a device's rounds run one at a time. With a [`DocLoader`]
//! the hub loads documents and sync states when a round needs them and
//! keeps the loaded documents within a memory budget.

mod checks;
mod device_states;
mod doc_table;
mod registry;

pub use doc_table::{DocLoader, StoredDoc, MEMORY_PER_STORED_BYTE};

use crate::audit::Via;
use crate::certificate::PersonCertificate;
use crate::limits::Limits;
pub use crate::refusal::Refusal;
use crate::scope::Device;
use crate::signature::{signed_message, ChangeSignature, PublicKey};
use crate::staged::Staged;
use crate::wire::{DocMessage, SyncRequest, SyncResponse, PROTOCOL_VERSION};
use automerge::sync::{State, SyncDoc};
use automerge::{Automerge, ChangeHash};
use checks::{check_authors, guarded, offered, parse_doc, take_certificates, Bringing, Held};
use device_states::{DeviceStates, StatesTable};
use doc_table::{DocHandle, DocTable, HubDoc};
use registry::{Registries, Registry};
use simpul_core::DocId;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Signatures kept waiting for their change, at most.
const PENDING_SIGNATURES: usize = 100_000;

/// The hub: the regency's documents and who may touch what.
#[derive(Default)]
pub struct Hub {
    registry: Registries,
    docs: DocTable,
    states: StatesTable,
    limits: Limits,
    loader: Option<Box<dyn DocLoader>>,
    /// Signatures offered with changes that did not apply yet (a change
    /// waiting for a dependency that comes in a later round); checked
    /// like any other once their change applies. Memory only, bounded.
    pending: Mutex<HashMap<ChangeHash, ChangeSignature>>,
}

impl Default for DocTable {
    fn default() -> DocTable {
        DocTable::new(usize::MAX)
    }
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub")
            .field("loaded", &self.docs.loaded())
            .finish_non_exhaustive()
    }
}

/// A message of a request, decoded.
struct Incoming<'a> {
    id: DocId,
    name: &'a str,
    message: automerge::sync::Message,
}

impl Hub {
    /// A hub that holds every document in memory.
    pub fn new() -> Hub {
        Hub::default()
    }

    pub fn with_limits(limits: Limits) -> Hub {
        Hub {
            limits,
            ..Hub::default()
        }
    }

    /// A hub over storage: documents and sync states load when a round
    /// needs them; the loaded documents are kept within `budget` bytes
    /// (estimated), least recently used evicted first.
    pub fn with_loader(limits: Limits, budget: usize, loader: Box<dyn DocLoader>) -> Hub {
        Hub {
            limits,
            docs: DocTable::new(budget),
            loader: Some(loader),
            ..Hub::default()
        }
    }

    fn loader(&self) -> Option<&dyn DocLoader> {
        self.loader.as_deref()
    }

    fn pending(&self) -> MutexGuard<'_, HashMap<ChangeHash, ChangeSignature>> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The data center's own public key, told to each device once a session.
    pub fn set_server_key(&self, key: [u8; 32]) {
        self.registry.write(|r| r.server_key = Some(key));
    }

    pub fn add_device(&self, device: Device) {
        self.registry.write(|r| r.add_device(device));
    }

    /// Replaces the hub's view of every device (read from storage when it
    /// changed, so a revocation made anywhere counts at once).
    pub fn set_devices(&self, devices: impl IntoIterator<Item = Device>) {
        self.registry.write(|r| {
            r.devices.clear();
            r.actor_device.clear();
            r.ring.forget_devices();
            for d in devices {
                r.add_device(d);
            }
        });
    }

    /// Revokes a device: its next request is refused, and so are changes it
    /// wrote that another device tries to relay.
    pub fn revoke(&self, device_id: &str) {
        self.registry.write(|r| {
            if let Some(d) = r.devices.get_mut(device_id) {
                d.revoked = true;
            }
        });
    }

    /// Adds stored certificates of people (at start-up); one whose
    /// signature does not hold is left out.
    pub fn insert_certificates(&self, certificates: impl IntoIterator<Item = PersonCertificate>) {
        self.registry.write(|r| r.add_certificates(certificates));
    }

    /// The certificates of the people who signed the changes of `docs`,
    /// and the keys of the devices behind them (to travel with a bundle).
    pub fn signers_for(
        &self,
        docs: &[crate::bundle::BundleDoc],
    ) -> (Vec<PersonCertificate>, Vec<crate::wire::DeviceKeyNote>) {
        let registry = self.registry.read();
        let signed = || docs.iter().flat_map(|d| &d.signatures);
        (
            registry.ring.certificates_for(signed()),
            registry.ring.device_keys_for(signed()),
        )
    }

    /// Documents that exist in storage (at start-up; none is loaded).
    pub fn add_stored(&self, ids: impl IntoIterator<Item = DocId>) {
        self.docs.add_known(ids);
    }

    /// How many documents are in memory now.
    pub fn loaded_docs(&self) -> usize {
        self.docs.loaded()
    }

    /// A copy of every document in memory.
    pub fn docs(&self) -> BTreeMap<DocId, Automerge> {
        self.docs.snapshot().into_iter().collect()
    }

    /// Puts a document in the hub (a hub kept in memory, and tests).
    pub fn insert_doc(&self, id: DocId, doc: Automerge) {
        self.docs.put(id, doc);
    }

    /// Adds a chunk stored by another process on the same database (a
    /// loaded document takes it at once; changes already present are
    /// no-ops), and reads every device's sync states again before its
    /// next round: that process may have served it.
    pub fn apply_stored(&self, id: &DocId, chunk: i64, bytes: &[u8]) -> Result<(), Refusal> {
        self.docs.apply_stored(id, chunk, bytes)?;
        self.states.stale_everywhere();
        Ok(())
    }

    /// Another process served rounds: sync states are read again.
    pub fn states_changed_elsewhere(&self) {
        self.states.stale_everywhere();
    }

    /// A device's states, ready for a round (see [`DeviceStates::begin`]).
    fn device_states(
        &self,
        device_id: &str,
        new_session: bool,
    ) -> Result<(device_states::StatesHandle, u64), Refusal> {
        let handle = self.states.of(device_id);
        device_states::lock(&handle).begin(
            device_id,
            new_session,
            self.states.epoch(),
            self.loader(),
        )?;
        Ok((handle, self.states.epoch()))
    }

    /// The changes a device lacks, as far as the hub knows (from the shared
    /// heads of its last sync), for a bundle the data center writes for it.
    pub fn changes_for(&self, device_id: &str) -> Result<Vec<crate::bundle::BundleDoc>, Refusal> {
        let device = self
            .registry
            .read()
            .devices
            .get(device_id)
            .cloned()
            .ok_or(Refusal::UnknownDevice)?;
        let (handle, _) = self.device_states(device_id, false)?;
        let states = device_states::lock(&handle);
        let mut out = Vec::new();
        let done = self.each_in_scope(&device, |id, d| {
            let shared = states
                .states
                .get(id)
                .map(|s| s.shared_heads.clone())
                .unwrap_or_default();
            let new = d.doc.get_changes(&shared);
            if !new.is_empty() {
                out.push(crate::bundle::BundleDoc {
                    doc: id.to_string(),
                    changes: d.doc.save_after(&shared),
                    signatures: new
                        .iter()
                        .filter_map(|c| d.signatures.get(&c.hash()).cloned())
                        .collect(),
                });
            }
            Ok(())
        });
        self.docs.trim();
        done.map(|()| out)
    }

    /// Visits each document of the device's scope, loaded and locked in
    /// turn, in document order.
    fn each_in_scope(
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

    /// Receives a bundle's changes from `device_id` with the checks of a
    /// sync, all or nothing: `commit` stores them, then they are
    /// published. Returns how many documents changed.
    pub fn bundle<E: From<Refusal>>(
        &self,
        device_id: &str,
        docs: &[crate::bundle::BundleDoc],
        certificates: &[PersonCertificate],
        commit: impl FnOnce(&Staged) -> Result<(), E>,
    ) -> Result<usize, E> {
        let registry = self.registry.read();
        let device = registry.device(device_id)?;
        let mut staged = Staged::new(device_id);
        let certificates = take_certificates(&registry, certificates, &mut staged)?;
        let ids: Vec<DocId> = docs
            .iter()
            .map(|d| parse_doc(&d.doc))
            .collect::<Result<_, _>>()?;
        let writes = self.write_handles(&device, ids.iter().cloned().collect())?;
        let guards = lock_all(&writes);
        for (d, id) in docs.iter().zip(&ids) {
            staged.offered.extend(d.signatures.iter().cloned());
            let bringing = Bringing {
                offered: &offered(&d.signatures),
                new_key: None,
                certificates: &certificates,
                via: Via::Bundle,
            };
            self.stage(
                &registry,
                &device,
                id,
                &guards,
                bringing,
                &mut staged,
                |c| c.load_incremental(&d.changes).map(|_| ()),
            )?;
        }
        let changed = staged.changed();
        let done = self.finish(&writes, guards, staged, None, commit);
        drop(writes);
        self.docs.trim();
        done.map(|()| changed)
    }

    /// The documents a round changes, locked in document order (so two
    /// rounds never wait on each other in a circle); a new one is made at
    /// its genesis.
    fn write_handles(&self, device: &Device, ids: BTreeSet<DocId>) -> Result<Writes, Refusal> {
        let mut handles = Vec::new();
        for id in ids {
            if !device.can_read(&id) {
                return Err(Refusal::OutOfScope(id.to_string()));
            }
            let handle = self.docs.get_or_genesis(&id, self.loader())?;
            handles.push((id, handle));
        }
        Ok(handles)
    }

    /// Receives one document's changes into a copy of it and checks them.
    #[allow(clippy::too_many_arguments)]
    fn stage(
        &self,
        registry: &Registry,
        device: &Device,
        id: &DocId,
        guards: &Guards<'_>,
        bringing: Bringing<'_>,
        staged: &mut Staged,
        apply: impl FnOnce(&mut Automerge) -> Result<(), automerge::AutomergeError>,
    ) -> Result<(), Refusal> {
        let name = id.to_string();
        let current: &HubDoc = guards.get(id).ok_or(Refusal::Unavailable)?;
        // Under the lock: a round that made the document before this one
        // got its lock has published it by now.
        let new = !current.stored;
        let mut copy = current.doc.clone();
        let before = if new {
            Vec::new()
        } else {
            current.doc.get_heads()
        };
        guarded(&name, || apply(&mut copy))?.map_err(|e| Refusal::BadMessage {
            doc: name.clone(),
            reason: e.to_string(),
        })?;
        let pending = |h: &ChangeHash| self.pending().get(h).cloned();
        let held = Held {
            doc: &current.signatures,
            pending: &pending,
        };
        let accepted = check_authors(registry, device, id, &copy, &before, &held, bringing)?;
        staged.accept(id, accepted);
        // Kept even when its heads did not move: changes waiting for their
        // dependencies sit in the copy's queue and must not be dropped.
        staged.docs.push((id.clone(), copy, before));
        Ok(())
    }

    /// Stores a staged round with `commit`, then publishes it: the
    /// changed documents (still locked), the device's states, signatures,
    /// certificates and key.
    fn finish<E: From<Refusal>>(
        &self,
        writes: &Writes,
        mut guards: Guards<'_>,
        staged: Staged,
        states: Option<&mut DeviceStates>,
        commit: impl FnOnce(&Staged) -> Result<(), E>,
    ) -> Result<(), E> {
        if let Err(e) = commit(&staged) {
            let unstored: Vec<&DocId> = guards
                .iter()
                .filter(|(_, g)| !g.stored)
                .map(|(id, _)| id)
                .collect();
            for id in unstored {
                self.docs.forget_unpublished(id);
            }
            return Err(e);
        }
        let Staged {
            device,
            docs,
            states: new_states,
            signatures,
            device_key,
            offered,
            certificates,
            ..
        } = staged;
        let mut by_doc: HashMap<DocId, Vec<ChangeSignature>> = HashMap::new();
        for (id, s) in signatures {
            self.pending().remove(&ChangeHash(s.hash));
            by_doc.entry(id).or_default().push(s);
        }
        {
            for (id, copy, before) in docs {
                if let Some(g) = guards.get_mut(&id) {
                    let grown = if before.is_empty() {
                        copy.save().len()
                    } else {
                        copy.save_after(&before).len()
                    };
                    g.doc = copy;
                    g.stored = true;
                    g.stored_bytes += grown;
                    for s in by_doc.remove(&id).unwrap_or_default() {
                        g.signatures.insert(ChangeHash(s.hash), s);
                    }
                }
            }
        }
        drop(guards);
        for (id, handle) in writes {
            self.docs.published(id, handle);
        }
        // Late signatures, for documents the round did not change.
        for (id, sigs) in by_doc {
            if let Some(h) = self.docs.get(&id, self.loader())? {
                let mut d = doc_table::lock(&h);
                for s in sigs {
                    d.signatures.insert(ChangeHash(s.hash), s);
                }
            }
        }
        if let Some(states) = states {
            for (id, state, _) in new_states {
                states.states.insert(id, state);
            }
        }
        {
            let mut pending = self.pending();
            if pending.len() + offered.len() > PENDING_SIGNATURES {
                pending.clear();
            }
            for s in offered {
                pending.insert(ChangeHash(s.hash), s);
            }
        }
        if !certificates.is_empty() || device_key.is_some() {
            self.registry.write(|r| {
                r.add_certificates(certificates);
                if let Some(key) = device_key {
                    if let Some(mut d) = r.devices.get(&device).cloned() {
                        d.key = Some(key);
                        r.add_device(d);
                    }
                }
            });
        }
        Ok(())
    }

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
        let (handle, _) = self.device_states(device_id, req.new_session)?;
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

    /// One round trip from `device_id` with nothing to store (tests, and
    /// hubs kept only in memory).
    pub fn handle(&self, device_id: &str, req: &SyncRequest) -> Result<SyncResponse, Refusal> {
        self.round(device_id, req, |_| Ok::<_, Refusal>(()))
    }
}

/// The documents a round changes, in document order.
type Writes = Vec<(DocId, DocHandle)>;

/// The changed documents, locked.
type Guards<'a> = HashMap<DocId, MutexGuard<'a, HubDoc>>;

/// Locks every document a round changes, in document order (`writes` is
/// sorted), so two rounds never wait on each other in a circle.
fn lock_all(writes: &Writes) -> Guards<'_> {
    let mut guards = HashMap::new();
    for (id, h) in writes {
        guards.insert(id.clone(), doc_table::lock(h));
    }
    guards
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
        assert_eq!(actor.as_deref(), Some(super::checks::GENESIS_ACTOR_HEX));
    }
}

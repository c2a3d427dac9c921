//! The data center's side of sync, without IO: documents, enrolled devices,
//! and one Automerge sync state per (device, document).
//!
//! A round has three steps, so that nothing is visible before it is stored:
//! [`Hub::receive`] applies every message to copies (a message that brings
//! no change touches no document) and checks that every change it brought
//! was written by an actor bound to a device allowed on that document
//! (whoever relays it) and carries that device's valid signature (sent
//! with the message, or held by the hub since an earlier round); one
//! refused message refuses the whole request.
//! The caller stores the [`Staged`] round, then [`Hub::publish`]es it and
//! asks for the [`Hub::answer`]. A round whose storage failed is dropped and
//! leaves the hub exactly as it was. Automerge runs under `catch_unwind`, so
//! a message that makes it panic fails its own round only.

use crate::audit::{AuditEntry, Via};
use crate::certificate::PersonCertificate;
use crate::keyring::KeyRing;
use crate::limits::Limits;
pub use crate::refusal::Refusal;
use crate::scope::Device;
use crate::signature::{signed_message, ChangeSignature, PublicKey};
use crate::staged::Staged;
use crate::wire::{DocMessage, SyncRequest, SyncResponse, PROTOCOL_VERSION};
use automerge::sync::{State, SyncDoc};
use automerge::{Automerge, ChangeHash};
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
    /// Each device's public key, by the actor it writes under, and the
    /// people the devices certified.
    ring: KeyRing,
    /// The signature of every change the hub holds one for.
    signatures: HashMap<ChangeHash, ChangeSignature>,
    /// Signatures offered with changes that did not apply yet (a change
    /// waiting for a dependency that comes in a later round); checked
    /// like any other once their change applies. Memory only, bounded.
    pending: HashMap<ChangeHash, ChangeSignature>,
    /// The data center's own public key, told once per session.
    server_key: Option<[u8; 32]>,
    /// Devices told the server key in their current session.
    told_key: std::collections::HashSet<String>,
}

/// Signatures kept waiting for their change, at most.
const PENDING_SIGNATURES: usize = 100_000;

/// A new change accepted: its verified signature and its audit entry.
type Accepted = (ChangeSignature, AuditEntry);

/// A document received into a copy: its id, the copy, its heads before,
/// and the changes accepted.
type StagedDoc = (DocId, Automerge, Vec<ChangeHash>, Vec<Accepted>);

/// What a request brings for its changes' checks: the signatures it
/// offered, the key it registers, the certificates of people, and how it came.
#[derive(Clone, Copy)]
struct Bringing<'a> {
    offered: &'a Offered,
    new_key: Option<&'a PublicKey>,
    certificates: &'a Certificates,
    via: Via,
}

/// Certificates a request brought, by person key.
type Certificates = HashMap<[u8; 32], PersonCertificate>;

/// Signatures offered with a request, by change hash.
type Offered = HashMap<ChangeHash, ChangeSignature>;

fn offered<'a>(signatures: impl IntoIterator<Item = &'a ChangeSignature>) -> Offered {
    signatures
        .into_iter()
        .map(|s| (ChangeHash(s.hash), s.clone()))
        .collect()
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

    /// The data center's own public key, told to each device once a session.
    pub fn set_server_key(&mut self, key: [u8; 32]) {
        self.server_key = Some(key);
    }

    pub fn add_device(&mut self, device: Device) {
        self.actor_device
            .insert(device.actor.clone(), device.id.clone());
        // A key that does not parse counts as none: the device's changes are refused.
        if let Some(key) = device
            .key
            .as_deref()
            .and_then(|k| PublicKey::from_hex(k).ok())
        {
            self.ring.set_device(&device.actor, key);
        }
        self.devices.insert(device.id.clone(), device);
    }

    /// Adds stored signatures (at start-up).
    pub fn insert_signatures(&mut self, signatures: impl IntoIterator<Item = ChangeSignature>) {
        for s in signatures {
            self.signatures.insert(ChangeHash(s.hash), s);
        }
    }

    /// Adds stored certificates of people (at start-up); one whose
    /// signature does not hold is left out.
    pub fn insert_certificates(
        &mut self,
        certificates: impl IntoIterator<Item = PersonCertificate>,
    ) {
        for c in certificates {
            let _ = self.ring.add_certificate(c);
        }
    }

    /// The hub's signature of one change.
    fn signature(&self, hash: &ChangeHash) -> Option<ChangeSignature> {
        self.signatures.get(hash).cloned()
    }

    /// The certificates of the people who signed the changes of `docs`,
    /// and the keys of the devices behind them (to travel with a bundle).
    pub fn signers_for(
        &self,
        docs: &[crate::bundle::BundleDoc],
    ) -> (Vec<PersonCertificate>, Vec<crate::wire::DeviceKeyNote>) {
        let signed = || docs.iter().flat_map(|d| &d.signatures);
        (
            self.ring.certificates_for(signed()),
            self.ring.device_keys_for(signed()),
        )
    }

    /// Replaces the hub's view of every device (read from storage before
    /// each round, so a revocation made anywhere counts at once).
    pub fn set_devices(&mut self, devices: impl IntoIterator<Item = Device>) {
        self.devices.clear();
        self.actor_device.clear();
        self.ring.forget_devices();
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

    /// Another server process may have run the device's last rounds: the
    /// hub's states for it are reduced to their persistent part (as at the
    /// start of a session: what this process believes it sent may not be
    /// what the device last heard), and the stored ones taken where they
    /// differ.
    pub fn reconcile_states(&mut self, device_id: &str, states: Vec<(DocId, Vec<u8>)>) {
        for ((d, _), state) in self.states.iter_mut() {
            if d == device_id {
                *state = State::decode(&state.encode()).unwrap_or_default();
            }
        }
        for (id, bytes) in states {
            let key = (device_id.to_owned(), id);
            if self.states.get(&key).map(State::encode).as_deref() != Some(bytes.as_slice()) {
                if let Ok(s) = State::decode(&bytes) {
                    self.states.insert(key, s);
                }
            }
        }
    }

    fn actor_allowed(&self, actor: &str, doc: &DocId) -> bool {
        self.actor_device
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
    /// acknowledge it, which adds no change) and their signatures; returns
    /// the signatures of the new changes, to store.
    fn check_authors(
        &self,
        device: &Device,
        id: &DocId,
        copy: &Automerge,
        before: &[automerge::ChangeHash],
        Bringing {
            offered,
            new_key,
            certificates,
            via,
        }: Bringing<'_>,
    ) -> Result<Vec<Accepted>, Refusal> {
        let mut verified = Vec::new();
        for change in copy.get_changes(before) {
            let actor = change.actor_id().to_hex_string();
            // The genesis actor wrote exactly one change, known to everyone;
            // anything else written under its public id is a forgery.
            if actor == GENESIS_ACTOR_HEX {
                if genesis_for(id).get_heads() == [change.hash()] {
                    continue;
                }
                return Err(Refusal::ForeignActor {
                    doc: id.to_string(),
                    actor,
                });
            }
            if !self.actor_allowed(&actor, id) {
                if actor == device.actor {
                    return Err(Refusal::ReadOnly(id.to_string()));
                }
                return Err(Refusal::ForeignActor {
                    doc: id.to_string(),
                    actor,
                });
            }
            let unsigned = || Refusal::Unsigned {
                doc: id.to_string(),
                actor: actor.clone(),
            };
            let key = match new_key {
                Some(k) if actor == device.actor => Some(k),
                _ => self.ring.device(&actor),
            }
            .ok_or_else(unsigned)?;
            let hash = change.hash();
            let signature = offered
                .get(&hash)
                .cloned()
                .or_else(|| self.signature(&hash))
                .or_else(|| self.pending.get(&hash).cloned())
                .ok_or_else(unsigned)?;
            let signer = self
                .ring
                .check_with(key, &actor, &hash, &signature, Some(certificates))
                .map_err(|_| Refusal::BadSignature {
                    doc: id.to_string(),
                    actor: actor.clone(),
                })?;
            let author = self.actor_device.get(&actor).map_or("", String::as_str);
            verified.push((
                signature,
                AuditEntry::of(&change, id, (author, &signer), &device.id, via),
            ));
        }
        Ok(verified)
    }

    /// A copy of document `id` (or its genesis) with `apply` done to it,
    /// when `apply` added changes that pass [`Hub::check_authors`].
    fn stage_changes(
        &self,
        device: &Device,
        doc: &str,
        bringing: Bringing<'_>,
        apply: impl FnOnce(&mut Automerge) -> Result<(), automerge::AutomergeError>,
    ) -> Result<StagedDoc, Refusal> {
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
        let signatures = self.check_authors(device, &id, &copy, &before, bringing)?;
        // Kept even when its heads did not move: changes waiting for their
        // dependencies sit in the copy's queue and must not be dropped.
        Ok((id, copy, before, signatures))
    }

    /// Receives a bundle's changes from `device_id` with the checks of a
    /// sync, all or nothing; nothing is visible until [`Hub::publish`].
    pub fn receive_bundle(
        &self,
        device_id: &str,
        docs: &[crate::bundle::BundleDoc],
        certificates: &[PersonCertificate],
    ) -> Result<Staged, Refusal> {
        let device = self.device(device_id)?;
        let mut staged = Staged::new(device_id, false);
        let certificates = self.take_certificates(certificates, &mut staged)?;
        for d in docs {
            staged.offered.extend(d.signatures.iter().cloned());
            let bringing = Bringing {
                offered: &offered(&d.signatures),
                new_key: None,
                certificates: &certificates,
                via: Via::Bundle,
            };
            let (id, copy, before, accepted) =
                self.stage_changes(&device, &d.doc, bringing, |c| {
                    c.load_incremental(&d.changes).map(|_| ())
                })?;
            staged.accept(&id, accepted);
            staged.docs.push((id, copy, before));
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
                let new = doc.get_changes(&shared);
                let signatures = new
                    .iter()
                    .filter_map(|c| self.signature(&c.hash()))
                    .collect();
                (!new.is_empty()).then(|| crate::bundle::BundleDoc {
                    doc: id.to_string(),
                    changes: doc.save_after(&shared),
                    signatures,
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
        // A device of an earlier version registers its key on its first
        // sync; a key that differs from the registered one is refused.
        let new_key = match (&device.key, &req.device_key) {
            (None, Some(k)) => {
                let key = PublicKey::from_hex(k).map_err(|_| Refusal::KeyMismatch)?;
                staged.device_key = Some(k.trim().to_ascii_lowercase());
                Some(key)
            }
            (Some(have), Some(k)) if !have.eq_ignore_ascii_case(k.trim()) => {
                return Err(Refusal::KeyMismatch)
            }
            _ => None,
        };
        let offered = offered(req.messages.iter().flat_map(|m| &m.signatures));
        staged.offered = offered.values().cloned().collect();
        let certificates = self.take_certificates(&req.certificates, &mut staged)?;
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
                let bringing = Bringing {
                    offered: &offered,
                    new_key: new_key.as_ref(),
                    certificates: &certificates,
                    via: Via::Sync,
                };
                let (id, copy, before, accepted) =
                    self.stage_changes(&device, &m.doc, bringing, |copy| {
                        copy.receive_sync_message(&mut state, msg)
                    })?;
                staged.accept(&id, accepted);
                staged.docs.push((id, copy, before));
            }
            let moved = state.shared_heads != shared_before;
            staged.states.push((id, state, moved));
        }
        self.take_late_signatures(&device, new_key.as_ref(), &req.late_signatures, &mut staged);
        Ok(staged)
    }

    /// The certificates a request brought: each must hold, and those the
    /// hub does not hold yet are staged to store. Which actor a person may
    /// sign for is checked per change ([`KeyRing::check_with`]).
    fn take_certificates(
        &self,
        brought: &[PersonCertificate],
        staged: &mut Staged,
    ) -> Result<Certificates, Refusal> {
        let mut out = Certificates::new();
        for c in brought {
            c.check()
                .map_err(|_| Refusal::BadCertificate(c.claim.name.clone()))?;
            if self.ring.certificate(&c.claim.person_key) != Some(c) {
                staged.certificates.push(c.clone());
            }
            out.insert(c.claim.person_key, c.clone());
        }
        Ok(out)
    }

    /// Keeps the valid signatures a device sends for its own changes the
    /// hub holds unsigned (written before it had a key). Others (unknown
    /// changes, someone else's, invalid) are ignored: nothing depends on them.
    fn take_late_signatures(
        &self,
        device: &Device,
        new_key: Option<&PublicKey>,
        late: &[crate::wire::LateSignature],
        staged: &mut Staged,
    ) {
        let Some(key) = new_key.or_else(|| self.ring.device(&device.actor)) else {
            return;
        };
        for l in late {
            let hash = ChangeHash(l.signature.hash);
            if self.signatures.contains_key(&hash) {
                continue;
            }
            let Ok(id) = parse_doc(&l.doc) else {
                continue;
            };
            let actor = self
                .docs
                .get(&id)
                .and_then(|d| automerge::ReadDoc::get_change_by_hash(d, &hash))
                .map(|c| c.actor_id().to_hex_string());
            if actor.as_deref() == Some(device.actor.as_str())
                && key.verify(&hash, &l.signature).is_ok()
            {
                staged.signatures.push((id, l.signature.clone()));
            }
        }
    }

    /// Step 2: makes a stored round visible. A document changed meanwhile
    /// (it cannot be under one lock, but stay safe) is merged, not replaced.
    pub fn publish(&mut self, staged: Staged) {
        if staged.new_session {
            self.told_key.remove(&staged.device);
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
        for (_, s) in staged.signatures {
            self.pending.remove(&ChangeHash(s.hash));
            self.signatures.insert(ChangeHash(s.hash), s);
        }
        self.insert_certificates(staged.certificates);
        if self.pending.len() + staged.offered.len() > PENDING_SIGNATURES {
            self.pending.clear();
        }
        for s in staged.offered {
            let hash = ChangeHash(s.hash);
            if !self.signatures.contains_key(&hash) {
                self.pending.insert(hash, s);
            }
        }
        if let Some(key) = staged.device_key {
            if let Some(mut device) = self.devices.get(&staged.device).cloned() {
                device.key = Some(key);
                self.add_device(device);
            }
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
            let signatures = &self.signatures;
            let mut signed = |h: &ChangeHash| signatures.get(h).cloned();
            match guarded(&id.to_string(), || signed_message(doc, state, &mut signed)) {
                Ok(Some((msg, signatures))) => messages.push(DocMessage {
                    doc: id.to_string(),
                    message: msg.encode(),
                    signatures,
                }),
                Ok(None) => {}
                Err(refusal) => {
                    // Start this document over with the device next time.
                    self.states.remove(&key);
                    return Err(refusal);
                }
            }
        }
        let signed = || messages.iter().flat_map(|m: &DocMessage| &m.signatures);
        let certificates = self.ring.certificates_for(signed());
        let device_keys = self.ring.device_keys_for(signed());
        let server_key = self
            .server_key
            .filter(|_| self.told_key.insert(device_id.to_owned()));
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

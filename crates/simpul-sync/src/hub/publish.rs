//! Storing and publishing a round: the documents it changes are locked in
//! document order, received into copies and checked, stored by the
//! caller's `commit`, published, and only then unlocked.

use super::checks::{check_authors, guarded, Bringing, Held};
use super::device_states::DeviceStates;
use super::doc_table::{self, DocHandle, HubDoc};
use super::registry::Registry;
use super::{Hub, PENDING_SIGNATURES};
use crate::refusal::Refusal;
use crate::scope::Device;
use crate::signature::ChangeSignature;
use crate::staged::Staged;
use automerge::{Automerge, ChangeHash};
use simpul_core::DocId;
use std::collections::{BTreeSet, HashMap};
use std::sync::MutexGuard;

impl Hub {
    /// The documents a round changes, locked in document order (so two
    /// rounds never wait on each other in a circle); a new one is made at
    /// its genesis.
    pub(super) fn write_handles(
        &self,
        device: &Device,
        ids: BTreeSet<DocId>,
    ) -> Result<Writes, Refusal> {
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
    pub(super) fn stage(
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
    pub(super) fn finish<E: From<Refusal>>(
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
}

/// The documents a round changes, in document order.
pub(super) type Writes = Vec<(DocId, DocHandle)>;

/// The changed documents, locked.
pub(super) type Guards<'a> = HashMap<DocId, MutexGuard<'a, HubDoc>>;

/// Locks every document a round changes, in document order (`writes` is
/// sorted), so two rounds never wait on each other in a circle.
pub(super) fn lock_all(writes: &Writes) -> Guards<'_> {
    let mut guards = HashMap::new();
    for (id, h) in writes {
        guards.insert(id.clone(), doc_table::lock(h));
    }
    guards
}

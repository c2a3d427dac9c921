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

mod bundle;
mod checks;
mod device_states;
mod doc_table;
mod publish;
mod registry;
mod round;

pub use doc_table::{DocLoader, StoredDoc, MEMORY_PER_STORED_BYTE};

use crate::certificate::PersonCertificate;
use crate::limits::Limits;
pub use crate::refusal::Refusal;
use crate::scope::Device;
use crate::signature::ChangeSignature;
use crate::wire::{SyncRequest, SyncResponse};
use automerge::{Automerge, ChangeHash};
use device_states::StatesTable;
use doc_table::DocTable;
use publish::lock_all;
use registry::Registries;
use simpul_core::DocId;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Signatures kept waiting for their change, at most.
pub(crate) const PENDING_SIGNATURES: usize = 100_000;

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
    ) -> Result<device_states::StatesHandle, Refusal> {
        let handle = self.states.of(device_id);
        device_states::lock(&handle).begin(
            device_id,
            new_session,
            self.states.epoch(),
            self.loader(),
        )?;
        Ok(handle)
    }

    /// One round trip from `device_id` with nothing to store (tests, and
    /// hubs kept only in memory).
    pub fn handle(&self, device_id: &str, req: &SyncRequest) -> Result<SyncResponse, Refusal> {
        self.round(device_id, req, |_| Ok::<_, Refusal>(()))
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
        assert_eq!(actor.as_deref(), Some(super::checks::GENESIS_ACTOR_HEX));
    }
}

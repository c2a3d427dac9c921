//! The server's state: the hub core and its storage, behind one lock
//! (a round is short; rounds of different devices simply queue).

use crate::error::ServerError;
use crate::rounds::Rounds;
use crate::store::HubStore;
use automerge::Automerge;
use simpul_sync::bundle::{Bundle, BundleError};
use simpul_sync::{Device, Hub, SyncRequest, SyncResponse};
use std::sync::{Arc, Mutex, MutexGuard};

pub(crate) struct Inner {
    pub hub: Hub,
    pub store: Box<dyn HubStore>,
}

/// Shared by every request.
#[derive(Clone)]
pub struct ServerState {
    inner: Arc<Mutex<Inner>>,
    pub(crate) rounds: Rounds,
}

impl std::fmt::Debug for ServerState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerState")
    }
}

impl ServerState {
    /// Loads every stored document and device into the hub.
    pub fn load(store: Box<dyn HubStore>) -> Result<ServerState, ServerError> {
        let mut hub = Hub::new();
        for (id, bytes) in store.documents()? {
            let doc = Automerge::load(&bytes)
                .map_err(|e| ServerError::Automerge(format!("{id}: {e}")))?;
            hub.insert_doc(id, doc);
        }
        for row in store.devices()? {
            hub.add_device(row.device);
        }
        hub.restore_states(store.sync_states()?);
        Ok(ServerState {
            inner: Arc::new(Mutex::new(Inner { hub, store })),
            rounds: Rounds::default(),
        })
    }

    pub(crate) fn lock(&self) -> Result<MutexGuard<'_, Inner>, ServerError> {
        self.inner
            .lock()
            .map_err(|_| ServerError::Automerge("server state poisoned".into()))
    }

    /// The device holding `token_hash`, refused when unknown or revoked.
    pub fn authorize(&self, token_hash: &str) -> Result<Device, ServerError> {
        let inner = self.lock()?;
        match inner.store.device_by_token(token_hash)? {
            None => Err(ServerError::Unauthorized),
            Some(d) if d.revoked => Err(ServerError::Refused(simpul_sync::Refusal::Revoked)),
            Some(d) => Ok(d),
        }
    }

    /// One sync round for the device holding `token_hash`: the hub handles
    /// it, then the new bytes of every changed document and the device's
    /// sync states are stored in one transaction before answering.
    pub fn round(&self, token_hash: &str, req: &SyncRequest) -> Result<SyncResponse, ServerError> {
        let mut inner = self.lock()?;
        let device: Device = inner
            .store
            .device_by_token(token_hash)?
            .ok_or(ServerError::Unauthorized)?;
        if device.revoked {
            inner.hub.revoke(&device.id);
        } else {
            inner.hub.add_device(device.clone());
        }
        let before: Vec<_> = req
            .messages
            .iter()
            .filter_map(|m| m.doc.parse().ok())
            .map(|id| {
                let heads = inner
                    .hub
                    .docs()
                    .get(&id)
                    .map(Automerge::get_heads)
                    .unwrap_or_default();
                (id, heads)
            })
            .collect();
        let resp = inner.hub.handle(&device.id, req)?;
        let mut docs = Vec::new();
        for (id, heads) in before {
            if let Some(doc) = inner.hub.docs().get(&id) {
                if doc.get_heads() != heads {
                    docs.push((id, doc.save_after(&heads)));
                }
            }
        }
        let states = inner.hub.device_states(&device.id);
        inner.store.commit_round(&device.id, &docs, &states)?;
        Ok(resp)
    }
}

impl ServerState {
    /// Imports a device's USB bundle with the checks of a sync, all or
    /// nothing; returns how many documents changed (0 when already imported).
    pub fn import_bundle(&self, bytes: &[u8]) -> Result<usize, ServerError> {
        let device_id =
            Bundle::peek_device(bytes).map_err(|e| ServerError::BadRequest(e.to_string()))?;
        let mut inner = self.lock()?;
        let (device, key) = inner
            .store
            .device_key(&device_id)?
            .ok_or_else(|| ServerError::BadRequest(BundleError::Foreign.to_string()))?;
        let bundle =
            Bundle::open(bytes, &key).map_err(|e| ServerError::BadRequest(e.to_string()))?;
        if bundle.from_server {
            return Err(ServerError::BadRequest(
                "bundel ini ditujukan untuk perangkat, bukan untuk server".into(),
            ));
        }
        if device.revoked {
            inner.hub.revoke(&device.id);
        } else {
            inner.hub.add_device(device.clone());
        }
        let changed = inner.hub.import_changes(&device.id, &bundle.docs)?;
        inner.store.commit_round(&device.id, &changed, &[])?;
        tracing::info!(device = %device.id, docs = changed.len(), "bundle imported");
        Ok(changed.len())
    }

    /// A bundle for a device holding what it lacks (as of its last sync).
    pub fn export_bundle(&self, device_id: &str) -> Result<Vec<u8>, ServerError> {
        let inner = self.lock()?;
        let (device, key) = inner
            .store
            .device_key(device_id)?
            .ok_or(ServerError::Unauthorized)?;
        if device.revoked {
            return Err(ServerError::Refused(simpul_sync::Refusal::Revoked));
        }
        let docs = inner.hub.changes_for(device_id)?;
        let bundle = Bundle {
            protocol: simpul_sync::PROTOCOL_VERSION,
            device: device.id,
            from_server: true,
            created: chrono::Utc::now().to_rfc3339(),
            docs,
        };
        Ok(bundle.seal(&key))
    }
}

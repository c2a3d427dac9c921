//! The server's state: the hub core and its storage behind one lock, the
//! resumable round slots (in the database, on their own connection), and
//! the limits.
//!
//! A round is received into copies, stored, and only then published to the
//! hub (see [`simpul_sync::Hub`]): a failed write leaves the hub as it was,
//! and the device's next session sends the changes again. Before every
//! round the hub reads the device table and any chunk another process
//! stored (`simpul admin bundle import` into the file), so its view is
//! never staler than the database. Automerge panics are caught inside the
//! hub; the lock recovers from poisoning all the same, since a round
//! changes nothing shared until its publish step.

use crate::error::ServerError;
use crate::limits::ServerLimits;
use crate::rounds::Rounds;
use crate::store::HubStore;
use automerge::Automerge;
use simpul_sync::bundle::{Bundle, BundleError};
use simpul_sync::signature::{KeyPair, PublicKey};
use simpul_sync::{Device, Hub, Staged, SyncRequest, SyncResponse};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Now, as the server's tables store times (seconds, UTC, "Z").
fn now_stamp() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub(crate) struct Inner {
    pub hub: Hub,
    pub store: Box<dyn HubStore>,
    /// The newest stored chunk the hub holds.
    watermark: i64,
    /// The data center's own key (see [`crate::server_key`]), which signs
    /// the bundles it writes.
    server_key: Option<KeyPair>,
}

/// Shared by every request.
#[derive(Clone)]
pub struct ServerState {
    inner: Arc<Mutex<Inner>>,
    pub(crate) rounds: Rounds,
    pub(crate) limits: Arc<ServerLimits>,
    /// Rounds inflated and processed at once.
    pub(crate) work: Arc<tokio::sync::Semaphore>,
}

impl std::fmt::Debug for ServerState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerState")
    }
}

impl Inner {
    /// Brings the hub up to the database when another connection wrote to
    /// it: devices (revocations made by `simpul admin` count at once) and
    /// chunks stored by another process. This connection's own writes go
    /// through the hub already.
    fn refresh(&mut self) -> Result<bool, ServerError> {
        if !self.store.changed_elsewhere()? {
            return Ok(false);
        }
        let devices = self.store.devices()?.into_iter().map(|r| r.device);
        self.hub.set_devices(devices);
        for (n, id, bytes) in self.store.chunks_after(self.watermark)? {
            self.hub
                .load_changes(id.clone(), &bytes)
                .map_err(|e| ServerError::Automerge(format!("{id}: {e}")))?;
            self.watermark = n;
        }
        Ok(true)
    }

    /// Stores a staged round, then publishes it.
    fn commit(&mut self, device: &str, staged: Staged) -> Result<(), ServerError> {
        let round = crate::store::RoundWrite {
            device,
            docs: &staged.changed_docs(),
            states: &staged.states(),
            signatures: staged.signatures(),
            device_key: staged.device_key(),
            audit: staged.audit(),
            certificates: staged.certificates(),
        };
        self.watermark = self.store.commit_round(&round, self.watermark)?;
        self.hub.publish(staged);
        Ok(())
    }
}

impl ServerState {
    /// Loads every stored document and device into the hub, with the
    /// default limits.
    pub fn load(store: Box<dyn HubStore>) -> Result<ServerState, ServerError> {
        ServerState::load_with(store, ServerLimits::default())
    }

    pub fn load_with(
        store: Box<dyn HubStore>,
        limits: ServerLimits,
    ) -> Result<ServerState, ServerError> {
        let mut hub = Hub::with_limits(limits.messages.clone());
        let (docs, watermark) = store.documents()?;
        for (id, bytes) in docs {
            let doc = Automerge::load(&bytes)
                .map_err(|e| ServerError::Automerge(format!("{id}: {e}")))?;
            hub.insert_doc(id, doc);
        }
        hub.restore_states(store.sync_states()?);
        hub.insert_signatures(store.signatures()?);
        hub.insert_certificates(store.certificates()?);
        let slots = store.slots()?;
        let mut inner = Inner {
            hub,
            store,
            watermark,
            server_key: None,
        };
        inner.refresh()?;
        Ok(ServerState {
            inner: Arc::new(Mutex::new(inner)),
            rounds: Rounds::new(slots, limits.upload_buffer_bytes),
            work: Arc::new(tokio::sync::Semaphore::new(limits.parallel_rounds.max(1))),
            limits: Arc::new(limits),
        })
    }

    /// Gives the server its own key: it signs the bundles it writes, and
    /// devices learn its public half at enrollment and on their first sync.
    pub fn with_server_key(self, key: KeyPair) -> ServerState {
        {
            let mut inner = self.lock();
            inner.hub.set_server_key(key.public_bytes());
            inner.server_key = Some(key);
        }
        self
    }

    /// The server key's public half (hex), when it has one.
    pub fn server_public_key(&self) -> Option<String> {
        self.lock().server_key.as_ref().map(KeyPair::public_hex)
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn limits(&self) -> &ServerLimits {
        &self.limits
    }

    /// Whether storage can be written now, and what the data center
    /// holds (for `/health`).
    pub fn healthy(&self) -> Result<simpul_sync::api::HealthData, ServerError> {
        let mut inner = self.lock();
        inner.store.probe_write()?;
        let devices = inner.store.devices()?;
        Ok(simpul_sync::api::HealthData {
            storage: inner.store.backend().into(),
            documents_loaded: inner.hub.docs().len() as u64,
            devices: devices.iter().filter(|d| !d.device.revoked).count() as u64,
            last_backup: inner.store.last_backup()?,
        })
    }

    /// The device holding `token_hash`, refused when unknown or revoked.
    pub fn authorize(&self, token_hash: &str) -> Result<Device, ServerError> {
        let inner = self.lock();
        match inner.store.device_by_token(token_hash)? {
            None => Err(ServerError::Unauthorized),
            Some(d) if d.revoked => Err(ServerError::Refused(simpul_sync::Refusal::Revoked)),
            Some(d) => Ok(d),
        }
    }

    /// Every OPD's update status at `now`, against the regency's allowance.
    pub fn update_status(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<simpul_core::regency::update_status::UpdateStatus, ServerError> {
        let mut inner = self.lock();
        let admin = crate::admin::Admin::new(inner.store.as_mut());
        let allowed_days = admin.allowed_days()?;
        Ok(simpul_core::regency::update_status::UpdateStatus {
            at: now.to_rfc3339(),
            allowed_days,
            opds: admin.status(now, allowed_days)?,
        })
    }

    /// Whether `token_hash` is a valid bundle upload credential.
    pub fn authorize_upload(&self, token_hash: &str) -> Result<(), ServerError> {
        let now = chrono::Utc::now().to_rfc3339();
        if self.lock().store.upload_token_valid(token_hash, &now)? {
            Ok(())
        } else {
            Err(ServerError::UploadUnauthorized)
        }
    }

    /// One sync round for the device holding `token_hash`: received,
    /// stored in one transaction, published, answered.
    pub fn round(&self, token_hash: &str, req: &SyncRequest) -> Result<SyncResponse, ServerError> {
        let mut inner = self.lock();
        let changed = inner.refresh()?;
        let device: Device = inner
            .store
            .device_by_token(token_hash)?
            .ok_or(ServerError::Unauthorized)?;
        if changed {
            // Another server process may have run this device's last rounds.
            let states = inner.store.sync_states_of(&device.id)?;
            inner.hub.reconcile_states(&device.id, states);
        }
        let staged = inner.hub.receive(&device.id, req).inspect_err(|e| {
            tracing::warn!(device = %device.id, error = %e, "round refused");
        })?;
        inner.commit(&device.id, staged)?;
        let answer = inner.hub.answer(&device.id)?;
        if req.new_session {
            // Once a session: when the device last reached the data center.
            inner.store.touch_device(&device.id, &now_stamp())?;
        }
        Ok(answer)
    }
}

impl ServerState {
    /// Imports a device's USB bundle with the checks of a sync, all or
    /// nothing; returns the device and how many documents changed (0 when
    /// already imported). A device's first bundle after enrollment by file
    /// enrolls it first (once: importing it again finds the device).
    pub fn import_bundle_from(&self, bytes: &[u8]) -> Result<(String, usize), ServerError> {
        let bad = |e: BundleError| ServerError::BadRequest(e.to_string());
        let peeked = Bundle::peek(bytes).map_err(bad)?;
        let mut inner = self.lock();
        inner.refresh()?;
        let (device, bundle) = match &peeked.enroll {
            Some(answer) => {
                let key = PublicKey::from_bytes(&answer.public_key)
                    .map_err(|e| ServerError::BadRequest(e.to_string()))?;
                let bundle = Bundle::open(bytes, &key).map_err(bad)?;
                let key_hex = hex::encode(answer.public_key);
                let known = inner
                    .store
                    .devices()?
                    .into_iter()
                    .map(|r| r.device)
                    .find(|d| d.actor.eq_ignore_ascii_case(&bundle.actor));
                let device = match known {
                    Some(d) if d.key.as_deref() == Some(key_hex.as_str()) => d,
                    Some(_) => return Err(ServerError::ActorTaken),
                    None => {
                        let d = crate::admin::Admin::new(inner.store.as_mut()).enroll_with(
                            &answer.code,
                            &answer.name,
                            &bundle.actor,
                            Some(&key_hex),
                            &answer.token_hash,
                        )?;
                        tracing::info!(device = %d.id, name = %answer.name, "device enrolled by file");
                        d
                    }
                };
                inner.hub.add_device(device.clone());
                (device, bundle)
            }
            None => {
                let (device, _) = inner
                    .store
                    .device_key(&peeked.device)?
                    .ok_or_else(|| bad(BundleError::Foreign))?;
                let key = device
                    .key
                    .as_deref()
                    .and_then(|k| PublicKey::from_hex(k).ok())
                    .ok_or_else(|| ServerError::DeviceWithoutKey(device.id.clone()))?;
                (device, Bundle::open(bytes, &key).map_err(bad)?)
            }
        };
        if bundle.from_server {
            return Err(ServerError::BadRequest(
                "bundel ini ditujukan untuk perangkat, bukan untuk server".into(),
            ));
        }
        let staged = inner
            .hub
            .receive_bundle(&device.id, &bundle.docs, &bundle.certificates)?;
        let changed = staged.changed();
        inner.commit(&device.id, staged)?;
        inner.store.touch_device(&device.id, &now_stamp())?;
        tracing::info!(device = %device.id, docs = changed, "bundle imported");
        Ok((device.id, changed))
    }

    /// [`ServerState::import_bundle_from`], the number of changed documents only.
    pub fn import_bundle(&self, bytes: &[u8]) -> Result<usize, ServerError> {
        Ok(self.import_bundle_from(bytes)?.1)
    }

    /// An enrollment file for an OPD (or Diskominfo): a one-time code,
    /// signed with the server's key (see [`simpul_sync::bundle::EnrollFile`]).
    pub fn enroll_file(
        &self,
        opd: Option<&str>,
        valid_hours: i64,
        server_address: Option<String>,
    ) -> Result<(crate::admin::EnrollCode, Vec<u8>), ServerError> {
        let mut inner = self.lock();
        let key = inner.server_key.clone().ok_or(ServerError::NoServerKey)?;
        let code = crate::admin::Admin::new(inner.store.as_mut()).enroll_code(opd, valid_hours)?;
        let file = simpul_sync::bundle::EnrollFile {
            protocol: simpul_sync::PROTOCOL_VERSION,
            code: code.code.clone(),
            opd: match &code.scope {
                simpul_sync::Scope::Opd(o) => Some(o.clone()),
                simpul_sync::Scope::Diskominfo => None,
            },
            expires_at: code.expires_at.clone(),
            server_address,
            server_key: key.public_bytes(),
        };
        Ok((code, file.seal(&key)))
    }

    /// A bundle for a device holding what it lacks (as of its last sync).
    pub fn export_bundle(&self, device_id: &str) -> Result<Vec<u8>, ServerError> {
        let mut inner = self.lock();
        inner.refresh()?;
        let (device, _) = inner
            .store
            .device_key(device_id)?
            .ok_or(ServerError::Unauthorized)?;
        let key = inner.server_key.clone().ok_or(ServerError::NoServerKey)?;
        if device.revoked {
            return Err(ServerError::Refused(simpul_sync::Refusal::Revoked));
        }
        let docs = inner.hub.changes_for(device_id)?;
        let (certificates, device_keys) = inner.hub.signers_for(&docs);
        let bundle = Bundle {
            protocol: simpul_sync::PROTOCOL_VERSION,
            device: device.id,
            actor: device.actor,
            enroll: None,
            from_server: true,
            created: chrono::Utc::now().to_rfc3339(),
            docs,
            certificates,
            device_keys,
        };
        Ok(bundle.seal(&key))
    }

    /// Enrolls a device with a one-time code; returns it and its token.
    pub fn enroll(
        &self,
        code: &str,
        name: &str,
        actor: &str,
        key: Option<&str>,
    ) -> Result<(Device, String), ServerError> {
        let mut inner = self.lock();
        let (device, token) =
            crate::admin::Admin::new(inner.store.as_mut()).enroll(code, name, actor, key)?;
        inner.hub.add_device(device.clone());
        Ok((device, token))
    }
}

//! The server's state: the hub core (documents loaded on demand within a
//! memory budget, each behind its own lock), the database connections
//! (one writer, a pool of readers), the resumable round slots, and the
//! limits.
//!
//! A round is received into copies, stored, and only then published to the
//! hub (see [`simpul_sync::Hub::round`]): a failed write leaves the hub as
//! it was, and the device's next session sends the changes again. Rounds of
//! different devices run in parallel; two that change one document take
//! its lock in turn. Before every round the hub reads the device table and
//! any chunk another process stored (`simpul admin bundle import`, a
//! second `simpul serve`) when the writer's connection saw another commit,
//! so its view is never staler than the database.

use crate::error::ServerError;
use crate::limits::ServerLimits;
use crate::pool::Connections;
use crate::rounds::Rounds;
use crate::store::{HubStore, StoredDoc};
use simpul_core::DocId;
use simpul_sync::bundle::{Bundle, BundleError};
use simpul_sync::signature::{KeyPair, PublicKey};
use simpul_sync::{Device, DocLoader, Hub, Refusal, Staged, SyncRequest, SyncResponse};
use std::sync::Arc;

/// Now, as the server's tables store times (seconds, UTC, "Z").
fn now_stamp() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Shared by every request.
#[derive(Clone)]
pub struct ServerState {
    hub: Arc<Hub>,
    db: Arc<Connections>,
    /// The data center's own key (see [`crate::server_key`]), which signs
    /// the bundles it writes.
    server_key: Option<Arc<KeyPair>>,
    pub(crate) rounds: Rounds,
    pub(crate) limits: Arc<ServerLimits>,
    /// Rounds inflated and processed at once.
    pub(crate) work: Arc<tokio::sync::Semaphore>,
    /// Counts the commits that changed documents, with the device of the
    /// last one (the console's replica follows it, see
    /// [`ServerState::stored_changes`]).
    stored: Arc<tokio::sync::watch::Sender<(u64, String)>>,
}

impl std::fmt::Debug for ServerState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerState")
    }
}

/// The hub's way to the database: a reader from the pool per load.
struct Loader(Arc<Connections>);

impl Loader {
    fn read<T>(
        &self,
        what: &str,
        read: impl FnOnce(&dyn HubStore) -> crate::store::StoreResult<T>,
    ) -> Result<T, Refusal> {
        let reader = self.0.reader().map_err(|e| {
            tracing::error!(error = %e, "no database connection");
            Refusal::Unavailable
        })?;
        read(&*reader).map_err(|e| {
            tracing::error!(error = %e, what, "reading from the database failed");
            Refusal::Unavailable
        })
    }
}

impl DocLoader for Loader {
    fn load_doc(&self, id: &DocId) -> Result<Option<StoredDoc>, Refusal> {
        self.read(&id.to_string(), |s| s.load_document(id))
    }

    fn load_states(&self, device: &str) -> Result<Vec<(DocId, Vec<u8>)>, Refusal> {
        self.read(device, |s| s.sync_states_of(device))
    }
}

impl ServerState {
    /// Reads the devices and the ids of the stored documents (no document
    /// is loaded before a round needs it), with the default limits.
    pub fn load(store: Box<dyn HubStore>) -> Result<ServerState, ServerError> {
        ServerState::load_with(store, ServerLimits::default())
    }

    pub fn load_with(
        store: Box<dyn HubStore>,
        limits: ServerLimits,
    ) -> Result<ServerState, ServerError> {
        let (ids, watermark) = store.doc_ids()?;
        let slots = store.slots()?;
        let devices = store.devices()?;
        let certificates = store.certificates()?;
        let db = Connections::new(store, watermark)?;
        let hub = Hub::with_loader(
            limits.messages.clone(),
            limits.memory_budget_bytes,
            Box::new(Loader(db.clone())),
        );
        hub.add_stored(ids);
        hub.set_devices(devices.into_iter().map(|r| r.device));
        hub.insert_certificates(certificates);
        let state = ServerState {
            hub: Arc::new(hub),
            db,
            server_key: None,
            rounds: Rounds::new(slots, limits.upload_buffer_bytes),
            work: Arc::new(tokio::sync::Semaphore::new(limits.parallel_rounds.max(1))),
            limits: Arc::new(limits),
            stored: Arc::new(tokio::sync::watch::Sender::new((0, String::new()))),
        };
        state.refresh()?;
        Ok(state)
    }

    /// Gives the server its own key: it signs the bundles it writes, and
    /// devices learn its public half at enrollment and on their first sync.
    pub fn with_server_key(mut self, key: KeyPair) -> ServerState {
        self.hub.set_server_key(key.public_bytes());
        self.server_key = Some(Arc::new(key));
        self
    }

    /// The server key's public half (hex), when it has one.
    pub fn server_public_key(&self) -> Option<String> {
        self.server_key.as_deref().map(KeyPair::public_hex)
    }

    pub fn limits(&self) -> &ServerLimits {
        &self.limits
    }

    /// Brings the hub up to the database when another connection wrote to
    /// it: devices (revocations made by `simpul admin` count at once) and
    /// chunks stored by another process. The writer is released before the
    /// hub is touched: a round holding a document may be waiting for it.
    fn refresh(&self) -> Result<(), ServerError> {
        let (devices, chunks) = {
            let mut w = self.db.writer();
            if !w.store.changed_elsewhere()? {
                return Ok(());
            }
            let devices = w.store.devices()?;
            let chunks = w.store.chunks_after(w.watermark)?;
            if let Some((n, _, _)) = chunks.last() {
                w.watermark = *n;
            }
            (devices, chunks)
        };
        self.hub.set_devices(devices.into_iter().map(|r| r.device));
        if !chunks.is_empty() {
            self.stored_by("");
        }
        for (n, id, bytes) in chunks {
            self.hub.apply_stored(&id, n, &bytes)?;
        }
        // Another process may have served any device's last rounds.
        self.hub.states_changed_elsewhere();
        Ok(())
    }

    /// Stores a staged round through the writer.
    fn commit(&self, device: &str, staged: &Staged) -> Result<(), ServerError> {
        let round = crate::store::RoundWrite {
            device,
            docs: &staged.changed_docs(),
            states: &staged.states(),
            signatures: staged.signatures(),
            device_key: staged.device_key(),
            audit: staged.audit(),
            certificates: staged.certificates(),
        };
        let mut w = self.db.writer();
        let watermark = w.watermark;
        w.watermark = w.store.commit_round(&round, watermark)?;
        drop(w);
        if !round.docs.is_empty() {
            self.stored_by(device);
        }
        Ok(())
    }

    fn stored_by(&self, device: &str) {
        self.stored.send_modify(|(n, by)| {
            *n += 1;
            device.clone_into(by);
        });
    }

    /// Wakes whenever a round, a bundle or another process stored changed
    /// documents: the count of such commits and the device of the last
    /// one (empty when another process stored them).
    pub fn stored_changes(&self) -> tokio::sync::watch::Receiver<(u64, String)> {
        self.stored.subscribe()
    }

    /// Runs `f` on a reader from the pool.
    fn read<T>(
        &self,
        f: impl FnOnce(&dyn HubStore) -> crate::store::StoreResult<T>,
    ) -> Result<T, ServerError> {
        Ok(f(&*self.db.reader()?)?)
    }

    /// Runs an administrator's act (OPDs, codes, devices) on the
    /// database, as `simpul admin` does, while serving.
    pub fn administer<T>(
        &self,
        act: impl FnOnce(&mut crate::admin::Admin<'_>) -> Result<T, ServerError>,
    ) -> Result<T, ServerError> {
        let mut writer = self.db.writer();
        act(&mut crate::admin::Admin::new(writer.store.as_mut()))
    }

    /// Whether storage can be written now, and what the data center
    /// holds (for `/health`).
    pub fn healthy(&self) -> Result<simpul_sync::api::HealthData, ServerError> {
        self.db.writer().store.probe_write()?;
        let (devices, last_backup, storage, storage_bytes) =
            self.read(|s| Ok((s.devices()?, s.last_backup()?, s.backend(), s.size_bytes()?)))?;
        Ok(simpul_sync::api::HealthData {
            storage: storage.into(),
            documents_loaded: self.hub.loaded_docs() as u64,
            devices: devices.iter().filter(|d| !d.device.revoked).count() as u64,
            last_backup,
            storage_bytes,
        })
    }

    /// The device holding `token_hash`, refused when unknown or revoked.
    pub fn authorize(&self, token_hash: &str) -> Result<Device, ServerError> {
        match self.read(|s| s.device_by_token(token_hash))? {
            None => Err(ServerError::Unauthorized),
            Some(d) if d.revoked => Err(ServerError::Refused(Refusal::Revoked)),
            Some(d) => Ok(d),
        }
    }

    /// Every OPD's update status at `now`, against the regency's allowance.
    pub fn update_status(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<simpul_core::regency::update_status::UpdateStatus, ServerError> {
        let mut reader = self.db.reader()?;
        let admin = crate::admin::Admin::new(&mut *reader);
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
        if self.read(|s| s.upload_token_valid(token_hash, &now))? {
            Ok(())
        } else {
            Err(ServerError::UploadUnauthorized)
        }
    }

    /// One sync round for the device holding `token_hash`: received,
    /// stored in one transaction, published, answered.
    pub fn round(&self, token_hash: &str, req: &SyncRequest) -> Result<SyncResponse, ServerError> {
        self.refresh()?;
        let device: Device = self
            .read(|s| s.device_by_token(token_hash))?
            .ok_or(ServerError::Unauthorized)?;
        let answer = self
            .hub
            .round(&device.id, req, |staged| self.commit(&device.id, staged))
            .inspect_err(|e| {
                if let ServerError::Refused(r) = e {
                    tracing::warn!(device = %device.id, error = %r, "round refused");
                }
            })?;
        if req.new_session {
            // Once a session: when the device last reached the data center.
            self.db
                .writer()
                .store
                .touch_device(&device.id, &now_stamp())?;
        }
        Ok(answer)
    }

    /// How many documents are in memory now.
    pub fn documents_loaded(&self) -> usize {
        self.hub.loaded_docs()
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
        self.refresh()?;
        let (device, bundle) = match &peeked.enroll {
            Some(answer) => {
                let key = PublicKey::from_bytes(&answer.public_key)
                    .map_err(|e| ServerError::BadRequest(e.to_string()))?;
                let bundle = Bundle::open(bytes, &key).map_err(bad)?;
                let key_hex = hex::encode(answer.public_key);
                let known = self
                    .read(|s| s.devices())?
                    .into_iter()
                    .map(|r| r.device)
                    .find(|d| d.actor.eq_ignore_ascii_case(&bundle.actor));
                let device = match known {
                    Some(d) if d.key.as_deref() == Some(key_hex.as_str()) => d,
                    Some(_) => return Err(ServerError::ActorTaken),
                    None => {
                        let mut w = self.db.writer();
                        let d = crate::admin::Admin::new(w.store.as_mut()).enroll_with(
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
                self.hub.add_device(device.clone());
                (device, bundle)
            }
            None => {
                let (device, _) = self
                    .read(|s| s.device_key(&peeked.device))?
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
        let changed =
            self.hub
                .bundle(&device.id, &bundle.docs, &bundle.certificates, |staged| {
                    self.commit(&device.id, staged)
                })?;
        self.db
            .writer()
            .store
            .touch_device(&device.id, &now_stamp())?;
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
        let key = self.server_key.clone().ok_or(ServerError::NoServerKey)?;
        let code = crate::admin::Admin::new(self.db.writer().store.as_mut())
            .enroll_code(opd, valid_hours)?;
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
        self.refresh()?;
        let (device, _) = self
            .read(|s| s.device_key(device_id))?
            .ok_or(ServerError::Unauthorized)?;
        let key = self.server_key.clone().ok_or(ServerError::NoServerKey)?;
        if device.revoked {
            return Err(ServerError::Refused(simpul_sync::Refusal::Revoked));
        }
        let docs = self.hub.changes_for(device_id)?;
        let (certificates, device_keys) = self.hub.signers_for(&docs);
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

    /// Enrolls the console replica of this very server as a Diskominfo
    /// device. Its token is made and forgotten here: only the hash is
    /// returned, which reaches [`ServerState::round`] in process and is no
    /// credential over the network.
    pub fn enroll_in_process(
        &self,
        name: &str,
        actor: &str,
        key: Option<&str>,
    ) -> Result<(Device, String), ServerError> {
        let token_hash = crate::credentials::hash(&crate::credentials::new_token());
        let device = {
            let mut w = self.db.writer();
            let mut admin = crate::admin::Admin::new(w.store.as_mut());
            let code = admin.enroll_code(None, 1)?;
            admin.enroll_with(&code.code, name, actor, key, &token_hash)?
        };
        self.hub.add_device(device.clone());
        tracing::info!(device = %device.id, name, "console replica enrolled in process");
        Ok((device, token_hash))
    }

    /// Enrolls a device with a one-time code; returns it and its token.
    pub fn enroll(
        &self,
        code: &str,
        name: &str,
        actor: &str,
        key: Option<&str>,
    ) -> Result<(Device, String), ServerError> {
        let (device, token) = crate::admin::Admin::new(self.db.writer().store.as_mut())
            .enroll(code, name, actor, key)?;
        self.hub.add_device(device.clone());
        Ok((device, token))
    }
}

//! Enrollment with the data center, sync sessions and USB bundles.

use super::count;
use crate::sync_worker::{refresh, Nudge, SyncStatus};
use crate::uplink::{DeviceClaim, Registration, IN_PROCESS};
use crate::Service;
use serde::Serialize;
use simpul_core::{ApiError, ErrorCode};
use simpul_store::{run_session, ServerLink, StoreError, SyncFailure, SyncReport};
use simpul_sync::http::HttpHub;
use simpul_sync::{ClientConfig, TransportError, SERVER_PEER};
use specta::Type;
use std::path::Path;

/// A device just enrolled.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Enrolled {
    pub device_name: String,
    pub server: String,
    /// The OPD the device writes for; empty for a Diskominfo device.
    pub opd: String,
    pub status: SyncStatus,
}

/// What a bundle brought in.
#[derive(Debug, Clone, Serialize, Type)]
pub struct BundleRead {
    pub changed_docs: u32,
    pub changed_records: u32,
}

impl Service {
    pub fn sync_status(&self) -> SyncStatus {
        self.sync_worker().status()
    }

    /// Enrolls this device with the data center using a one-time code
    /// (blocks on the network).
    pub fn enroll(
        &self,
        address: &str,
        code: &str,
        ca_path: Option<&Path>,
    ) -> Result<Enrolled, ApiError> {
        let (device, actor, key) = {
            let r = self.configured()?;
            let p = r.profile()?;
            (p.device_name.clone(), p.actor.clone(), r.public_key()?)
        };
        let address = address.trim();
        if address.is_empty() || code.trim().is_empty() {
            return Err(ApiError::new(
                ErrorCode::Validation,
                "Isi alamat server dan kode pendaftaran dari Diskominfo.",
            ));
        }
        let ca_pem = match ca_path.filter(|p| !p.as_os_str().is_empty()) {
            Some(p) => Some(std::fs::read_to_string(p).map_err(|e| {
                tracing::warn!(error = %e, path = %p.display(), "CA certificate unreadable");
                ApiError::new(
                    ErrorCode::Validation,
                    format!("Berkas sertifikat CA {} tidak dapat dibaca.", p.display()),
                )
            })?),
            None => None,
        };
        let config = ClientConfig {
            ca_pem: ca_pem.as_ref().map(|p| p.as_bytes().to_vec()),
            ..ClientConfig::default()
        };
        let enrolled = HttpHub::enroll(
            address,
            code.trim(),
            &device,
            &actor,
            key.as_deref(),
            &config,
        )
        .map_err(|e| ApiError::new(ErrorCode::Sync, format!("Pendaftaran gagal: {e}")))?;
        let server_key = enrolled
            .server_key
            .as_deref()
            .and_then(|k| hex::decode(k.trim()).ok())
            .and_then(|b| <[u8; 32]>::try_from(b).ok());
        self.linked(
            &ServerLink {
                address: address.to_owned(),
                device_id: enrolled.device_id,
                diskominfo: enrolled.opd.is_none(),
                token: enrolled.token,
                ca_pem,
            },
            server_key,
        )?;
        Ok(Enrolled {
            device_name: device,
            server: address.to_owned(),
            opd: enrolled.opd.unwrap_or_default(),
            status: self.sync_status(),
        })
    }

    /// Enrolls this replica with the server it runs in (the data center's
    /// console): `register` enrolls the device there and answers with the
    /// hash of a token no one keeps, for a device of Diskominfo's scope.
    pub fn enroll_in_process(
        &self,
        register: impl FnOnce(&DeviceClaim) -> Result<Registration, ApiError>,
    ) -> Result<(), ApiError> {
        let claim = {
            let r = self.configured()?;
            let p = r.profile()?;
            DeviceClaim {
                name: p.device_name.clone(),
                actor: p.actor.clone(),
                public_key: r.public_key()?,
            }
        };
        let reg = register(&claim)?;
        self.linked(
            &ServerLink {
                address: IN_PROCESS.to_owned(),
                device_id: reg.device_id,
                diskominfo: true,
                token: reg.token_hash,
                ca_pem: None,
            },
            reg.server_key,
        )
    }

    /// Stores the link of a device just enrolled and starts its first sync.
    fn linked(&self, link: &ServerLink, server_key: Option<[u8; 32]>) -> Result<(), ApiError> {
        {
            let mut r = self.replica()?;
            r.set_server(link)?;
            if let Some(k) = server_key {
                r.pin_server_key(&k)?;
            }
        }
        refresh(self);
        self.sync_worker().nudge(Nudge::Now);
        Ok(())
    }

    /// Asks the background worker for a session now (progress arrives
    /// through the host).
    pub fn sync_now(&self) -> SyncStatus {
        self.sync_worker().nudge(Nudge::Now);
        self.sync_status()
    }

    /// One session with the data center, in the calling thread; the
    /// replica is locked only around local steps.
    pub fn sync_session(&self) -> Result<SyncReport, SyncFailure> {
        let link = simpul_store::ReplicaAccess::lock(&mut self.shared_replica())?
            .server()?
            .ok_or(StoreError::NotEnrolled)?;
        let report = if link.address == IN_PROCESS {
            let mut hub = self
                .uplink()
                .ok_or_else(|| {
                    TransportError::Offline(
                        "replika konsol ini hanya sinkron di dalam `simpul serve`".into(),
                    )
                })?
                .transport(&link.token)?;
            run_session(&mut self.shared_replica(), SERVER_PEER, hub.as_mut())?
        } else {
            let mut hub = HttpHub::new(&link.address, &link.token, &link.client_config())?;
            run_session(&mut self.shared_replica(), SERVER_PEER, &mut hub)?
        };
        if report.changed_records > 0 {
            self.changed();
        }
        Ok(report)
    }

    /// Writes a USB bundle of the changes the data center lacks; returns
    /// how many documents it holds.
    pub fn bundle_export(&self, path: &Path) -> Result<u32, ApiError> {
        let (sealed, n) = self.configured()?.bundle_write(SERVER_PEER)?;
        std::fs::write(path, sealed).map_err(|e| {
            ApiError::new(
                ErrorCode::Storage,
                format!("Berkas {} tidak dapat ditulis: {e}.", path.display()),
            )
        })?;
        Ok(count(n))
    }

    /// Enrolls with an enrollment file from Diskominfo (no link needed).
    pub fn enroll_file(&self, path: &Path) -> Result<simpul_sync::bundle::EnrollFile, ApiError> {
        let bytes = simpul_sync::bundle::read_file(path).map_err(StoreError::Bundle)?;
        let file = self.configured()?.enroll_from_file(&bytes)?;
        self.changed();
        refresh(self);
        Ok(file)
    }

    /// Reads a USB bundle the data center wrote for this device.
    pub fn bundle_import(&self, path: &Path) -> Result<BundleRead, ApiError> {
        let bytes = simpul_sync::bundle::read_file(path).map_err(StoreError::Bundle)?;
        let applied = self.configured()?.bundle_read(&bytes)?;
        self.changed();
        refresh(self);
        Ok(BundleRead {
            changed_docs: count(applied.changed_docs),
            changed_records: count(applied.changed_records),
        })
    }
}

//! The console's replica inside the server it runs in: enrolled there
//! without a network credential, syncing by calling the server's rounds
//! directly, and following what devices store so the browser sees an
//! OPD's sync within seconds rather than at the next timed session.

use simpul_server::{ServerError, ServerState};
use simpul_service::uplink::{DeviceClaim, Registration, Uplink};
use simpul_service::Service;
use simpul_store::ServerLink;
use simpul_sync::{SyncRequest, SyncResponse, Transport, TransportError};
use std::time::Duration;

/// The server, as the way in for its own console replica.
#[derive(Debug, Clone)]
pub struct DataCenterUplink(pub ServerState);

impl Uplink for DataCenterUplink {
    fn transport(&self, token_hash: &str) -> Result<Box<dyn Transport + '_>, TransportError> {
        Ok(Box::new(InProcessRound {
            state: &self.0,
            token_hash: token_hash.to_owned(),
        }))
    }

    fn update_status(
        &self,
    ) -> Result<simpul_core::regency::update_status::UpdateStatus, TransportError> {
        self.0
            .update_status(chrono::Utc::now())
            .map_err(|e| e.to_transport())
    }
}

struct InProcessRound<'a> {
    state: &'a ServerState,
    token_hash: String,
}

impl Transport for InProcessRound<'_> {
    fn round(&mut self, req: &SyncRequest) -> Result<SyncResponse, TransportError> {
        self.state
            .round(&self.token_hash, req)
            .map_err(|e: ServerError| e.to_transport())
    }
}

/// Enrolls the replica of `service` (set up, not yet enrolled) as the
/// console of the data center `state`.
pub fn enroll(service: &Service, state: &ServerState) -> Result<(), simpul_service::ApiError> {
    service.enroll_in_process(|claim: &DeviceClaim| {
        let (device, token_hash) = state
            .enroll_in_process(&claim.name, &claim.actor, claim.public_key.as_deref())
            .map_err(|e| {
                simpul_service::ApiError::new(
                    simpul_core::ErrorCode::Sync,
                    format!("Replika konsol tidak dapat didaftarkan di server: {e}."),
                )
            })?;
        Ok(Registration {
            device_id: device.id,
            token_hash,
            server_key: state
                .server_public_key()
                .and_then(|k| hex::decode(k).ok())
                .and_then(|b| <[u8; 32]>::try_from(b).ok()),
        })
    })
}

/// How long the console waits after a device stored changes before it
/// syncs, so a burst of devices is fetched in one session.
const SETTLE: Duration = Duration::from_secs(2);

/// Runs for as long as the server: after a device other than the console
/// (`own_device`) stores changes, asks the console's replica to sync.
pub async fn follow(service: Service, state: ServerState, own_device: String) {
    let mut stored = state.stored_changes();
    let mut seen = stored.borrow_and_update().0;
    while stored.changed().await.is_ok() {
        let (n, by) = stored.borrow_and_update().clone();
        // Only the console's own round since the last look: nothing new.
        let own_only = n == seen + 1 && by == own_device;
        seen = n;
        if own_only {
            continue;
        }
        tokio::time::sleep(SETTLE).await;
        seen = stored.borrow_and_update().0;
        service.sync_now();
    }
}

/// The console replica's OPD and device, when `prepare` sets it up.
pub const CONSOLE_OPD: (&str, &str) = ("DISKOMINFO", "Diskominfo");
pub const CONSOLE_DEVICE: &str = "Konsol pusat data";

/// Makes `service`'s replica the console of the data center `state`: set
/// up for `regency` when new, enrolled in process when not enrolled yet.
/// A replica enrolled over the network with Diskominfo's scope is kept as
/// it is; one of an OPD is refused. Returns the console's link.
pub fn prepare(
    service: &Service,
    state: &ServerState,
    regency: Option<&str>,
) -> Result<ServerLink, simpul_service::ApiError> {
    use simpul_core::ErrorCode;
    use simpul_service::ApiError;
    if !service.replica()?.is_configured() {
        let regency = regency.map(str::trim).filter(|r| !r.is_empty()).ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotConfigured,
                "Replika konsol belum ada: beri nama kabupaten dengan --regency (atau `regency` di berkas konfigurasi) agar disiapkan.",
            )
        })?;
        service.profile_save(&simpul_store::ProfileInput {
            regency: regency.to_owned(),
            opd_code: CONSOLE_OPD.0.into(),
            opd_name: CONSOLE_OPD.1.into(),
            device_name: CONSOLE_DEVICE.into(),
            language: "id".into(),
        })?;
    }
    let (link, opd) = {
        let r = service.replica()?;
        (r.server()?, r.profile()?.opd_code.clone())
    };
    let foreign = || {
        ApiError::new(
            ErrorCode::Validation,
            "Replika ini milik sebuah OPD, bukan replika Diskominfo; konsol memerlukan replikanya sendiri (berkas baru).",
        )
    };
    match link {
        None if !opd.eq_ignore_ascii_case(CONSOLE_OPD.0) => Err(foreign()),
        None => {
            enroll(service, state)?;
            service.replica()?.server()?.ok_or_else(foreign)
        }
        Some(l) if l.diskominfo => Ok(l),
        Some(_) => Err(foreign()),
    }
}

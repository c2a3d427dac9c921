//! The service: the replica behind one lock, the front end's host and the
//! background work (warm-up, sync).

use crate::host::Host;
use crate::sync_worker::{Nudge, SyncWorker};
use simpul_core::{ApiError, ErrorCode};
use simpul_store::Replica;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

/// Every operation of the app; cheap to clone (all clones share one
/// replica).
#[derive(Clone)]
pub struct Service {
    inner: Arc<Inner>,
}

struct Inner {
    replica: Mutex<Replica>,
    host: Box<dyn Host>,
    sync: SyncWorker,
    /// Background work runs (a window or a server, not a one-shot command).
    background: AtomicBool,
    /// Held while one console request acts as its person.
    acting: Mutex<()>,
    /// The server this replica runs in, for a replica enrolled in process.
    uplink: OnceLock<Arc<dyn crate::uplink::Uplink>>,
    /// The KIB B table and plan last previewed, for the import confirmed
    /// after it.
    kib_kept: KibKept,
}

/// What a KIB B preview keeps for the import confirmed after it.
#[derive(Debug, Default)]
pub(crate) struct KibKept {
    pub table: simpul_kib::TableCache,
    pub plan: simpul_store::KeptPlan,
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service").finish_non_exhaustive()
    }
}

impl Service {
    /// Opens (or creates) the replica at `path`, creating its folder.
    pub fn open(path: &Path, host: impl Host) -> Result<Service, ApiError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                ApiError::new(
                    ErrorCode::Storage,
                    format!("Folder {} tidak dapat dibuat: {e}.", dir.display()),
                )
            })?;
        }
        let replica = Replica::open(path)?;
        Ok(Service {
            inner: Arc::new(Inner {
                replica: Mutex::new(replica),
                host: Box::new(host),
                sync: SyncWorker::new(),
                background: AtomicBool::new(false),
                acting: Mutex::new(()),
                uplink: OnceLock::new(),
                kib_kept: Default::default(),
            }),
        })
    }

    /// The KIB B table and plan last previewed (see
    /// [`simpul_kib::TableCache`] and [`simpul_store::KeptPlan`]).
    pub(crate) fn kib_kept(&self) -> &KibKept {
        &self.inner.kib_kept
    }

    /// The replica, locked for one operation.
    pub fn replica(&self) -> Result<MutexGuard<'_, Replica>, ApiError> {
        self.inner.replica.lock().map_err(|_| {
            tracing::error!("replica mutex poisoned");
            ApiError::new(
                ErrorCode::Internal,
                "Terjadi galat internal; mulai ulang Simpul.",
            )
        })
    }

    /// The replica, refusing one that has not been set up yet.
    pub fn configured(&self) -> Result<MutexGuard<'_, Replica>, ApiError> {
        let r = self.replica()?;
        if !r.is_configured() {
            return Err(ApiError::new(
                ErrorCode::NotConfigured,
                format!(
                    "Replika {} belum disiapkan; jalankan dulu `simpul setup` atau buka aplikasinya.",
                    r.path().display()
                ),
            ));
        }
        Ok(r)
    }

    /// The console's gate: one request at a time acts as its person.
    pub(crate) fn acting_gate(&self) -> &Mutex<()> {
        &self.inner.acting
    }

    /// The lock itself, for work that locks per step (a sync session).
    pub(crate) fn shared_replica(&self) -> &Mutex<Replica> {
        &self.inner.replica
    }

    pub(crate) fn host(&self) -> &dyn Host {
        self.inner.host.as_ref()
    }

    /// Gives a replica enrolled in process the server it runs in (once;
    /// before [`Service::start_background`]).
    pub fn set_uplink(&self, uplink: Arc<dyn crate::uplink::Uplink>) {
        let _ = self.inner.uplink.set(uplink);
    }

    pub(crate) fn uplink(&self) -> Option<&dyn crate::uplink::Uplink> {
        self.inner.uplink.get().map(|u| u.as_ref())
    }

    pub(crate) fn sync_worker(&self) -> &SyncWorker {
        &self.inner.sync
    }

    /// Stored data changed here: open lists query again and the sync
    /// worker has something to send.
    pub(crate) fn edited(&self) {
        self.host().data_changed();
        self.inner.sync.nudge(Nudge::Edited);
    }

    /// Stored data changed from outside (a sync, a bundle, set-up).
    pub(crate) fn changed(&self) {
        self.host().data_changed();
    }

    /// Starts the background work of a desktop or server session: loading
    /// the OPD's documents and syncing with the data center.
    pub fn start_background(&self) {
        self.inner.background.store(true, Ordering::SeqCst);
        self.spawn_warm_up();
        crate::sync_worker::spawn(self.clone());
    }

    /// Loads the OPD's documents one at a time in the background, releasing
    /// the replica between documents so operations are never held up long.
    /// Nothing happens for a one-shot command, which exits right away.
    pub(crate) fn spawn_warm_up(&self) {
        if !self.inner.background.load(Ordering::SeqCst) {
            return;
        }
        let svc = self.clone();
        std::thread::spawn(move || loop {
            let more = match svc.replica() {
                Ok(mut r) if r.is_configured() => r.warm_up_step(),
                _ => Ok(false),
            };
            match more {
                Ok(true) => std::thread::yield_now(),
                Ok(false) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "warm-up stopped");
                    break;
                }
            }
        });
    }
}

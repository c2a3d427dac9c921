//! The app's shared state: the replica behind a mutex, and where it lives.

use simpul_core::{ApiError, ErrorCode};
use simpul_store::Replica;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use tauri::{AppHandle, Manager};

#[derive(Debug)]
pub struct AppState {
    replica: Mutex<Replica>,
    pub sync: crate::sync_worker::SyncWorker,
}

/// `$SIMPUL_DB` when set (tests, several replicas), else the app data folder.
pub fn replica_path(app: &AppHandle) -> Result<PathBuf, Box<dyn std::error::Error>> {
    if let Some(p) = std::env::var_os("SIMPUL_DB") {
        return Ok(PathBuf::from(p));
    }
    let dir = app.path().app_data_dir()?;
    std::fs::create_dir_all(&dir)?;
    Ok(dir.join("replika.db"))
}

impl AppState {
    pub fn open(path: &std::path::Path) -> Result<AppState, simpul_store::StoreError> {
        Ok(AppState {
            replica: Mutex::new(Replica::open(path)?),
            sync: crate::sync_worker::SyncWorker::new(),
        })
    }

    /// The replica, locked for one command.
    pub fn replica(&self) -> Result<MutexGuard<'_, Replica>, ApiError> {
        self.replica.lock().map_err(|_| {
            tracing::error!("replica mutex poisoned");
            ApiError::new(
                ErrorCode::Internal,
                "Terjadi galat internal; mulai ulang Simpul.",
            )
        })
    }
}

/// Loads the OPD's documents one at a time in the background, releasing the
/// replica between documents so commands are never held up for long.
pub fn spawn_warm_up(app: AppHandle) {
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        loop {
            let more = match state.replica() {
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
        }
    });
}

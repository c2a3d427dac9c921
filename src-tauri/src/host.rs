//! The window as the service's host: changes and sync status become
//! events the UI listens to.

use simpul_service::{Host, SyncStatus};
use tauri::{AppHandle, Emitter};

#[derive(Debug)]
pub struct Window(pub AppHandle);

impl Host for Window {
    fn data_changed(&self) {
        if let Err(e) = self.0.emit("data-changed", ()) {
            tracing::warn!(error = %e, "could not emit data-changed");
        }
    }

    fn sync_status(&self, status: &SyncStatus) {
        let _ = self.0.emit("sync-status", status.clone());
    }
}

/// `$SIMPUL_DB` when set (tests, several replicas), else the app data folder.
pub fn replica_path(app: &AppHandle) -> Result<std::path::PathBuf, tauri::Error> {
    use tauri::Manager;
    if let Some(p) = std::env::var_os("SIMPUL_DB") {
        return Ok(std::path::PathBuf::from(p));
    }
    Ok(app.path().app_data_dir()?.join("replika.db"))
}

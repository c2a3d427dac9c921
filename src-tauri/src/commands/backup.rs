//! Backups of this replica: "Cadangkan" in Settings and restoring a
//! backup on first run.

use super::{blocking, Svc};
use simpul_core::ApiError;
use simpul_service::ops::backup::{BackupRestored, BackupWritten};
use std::path::PathBuf;

/// Writes a backup into the folder (or file) `target`.
#[tauri::command]
#[specta::specta]
pub async fn backup_save(svc: Svc<'_>, target: String) -> Result<BackupWritten, ApiError> {
    blocking(&svc, move |s| s.backup_save(&PathBuf::from(target))).await
}

/// Restores the backup `file` into this (not yet set up) app.
#[tauri::command]
#[specta::specta]
pub async fn backup_restore(svc: Svc<'_>, file: String) -> Result<BackupRestored, ApiError> {
    blocking(&svc, move |s| s.backup_restore(&PathBuf::from(file))).await
}

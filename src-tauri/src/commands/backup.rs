//! Backups of this replica: "Cadangkan" in Settings, the reminder, and
//! restoring a backup on first run.

use super::{blocking, Svc};
use simpul_core::ApiError;
use simpul_service::ops::backup::{BackupRestored, BackupWritten};
use simpul_store::BackupStatus;
use std::path::PathBuf;

#[tauri::command]
#[specta::specta]
pub fn backup_status(svc: Svc<'_>) -> Result<BackupStatus, ApiError> {
    svc.backup_status()
}

/// Writes a backup into the folder (or file) `target`.
#[tauri::command]
#[specta::specta]
pub async fn backup_save(svc: Svc<'_>, target: String) -> Result<BackupWritten, ApiError> {
    blocking(&svc, move |s| s.backup_save(&PathBuf::from(target))).await
}

#[tauri::command]
#[specta::specta]
pub fn backup_reminder_set(svc: Svc<'_>, days: u32) -> Result<BackupStatus, ApiError> {
    svc.backup_reminder_set(days)
}

/// Restores the backup `file` into this (not yet set up) app.
#[tauri::command]
#[specta::specta]
pub async fn backup_restore(svc: Svc<'_>, file: String) -> Result<BackupRestored, ApiError> {
    blocking(&svc, move |s| s.backup_restore(&PathBuf::from(file))).await
}

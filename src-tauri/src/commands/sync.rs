//! Enrollment, sync status, "sync now", settling conflicts and USB bundles.

use super::{blocking, Svc};
use simpul_core::ApiError;
use simpul_service::SyncStatus;
use simpul_store::FieldConflict;
use std::path::PathBuf;

#[tauri::command]
#[specta::specta]
pub fn sync_status(svc: Svc<'_>) -> SyncStatus {
    svc.sync_status()
}

/// Enrolls this device with the data center using a one-time code.
#[tauri::command]
#[specta::specta]
pub async fn server_enroll(
    svc: Svc<'_>,
    address: String,
    code: String,
    ca_path: Option<String>,
) -> Result<SyncStatus, ApiError> {
    blocking(&svc, move |s| {
        Ok(
            s.enroll(&address, &code, ca_path.map(PathBuf::from).as_deref())?
                .status,
        )
    })
    .await
}

/// Starts a sync session now (progress arrives as `sync-status` events).
#[tauri::command]
#[specta::specta]
pub fn sync_now(svc: Svc<'_>) -> SyncStatus {
    svc.sync_now()
}

#[tauri::command]
#[specta::specta]
pub fn asset_conflicts(svc: Svc<'_>, id: String) -> Result<Vec<FieldConflict>, ApiError> {
    svc.asset_conflicts(&id)
}

/// Settles a conflicted field of an asset or a cable with the value the user picked.
#[tauri::command]
#[specta::specta]
pub fn conflict_settle(
    svc: Svc<'_>,
    id: String,
    field: String,
    value: String,
) -> Result<(), ApiError> {
    svc.conflict_settle(&id, &field, &value)
}

/// Writes a USB bundle of the changes the data center lacks; returns how
/// many documents it holds.
#[tauri::command]
#[specta::specta]
pub fn bundle_export(svc: Svc<'_>, path: String) -> Result<u32, ApiError> {
    svc.bundle_export(&PathBuf::from(path))
}

/// Enrolls with an enrollment file from Diskominfo; returns its OPD (empty
/// for a Diskominfo device).
#[tauri::command]
#[specta::specta]
pub fn enroll_file(svc: Svc<'_>, path: String) -> Result<String, ApiError> {
    Ok(svc
        .enroll_file(&PathBuf::from(path))?
        .opd
        .unwrap_or_default())
}

/// Reads a USB bundle from the data center; returns how many records changed.
#[tauri::command]
#[specta::specta]
pub fn bundle_import(svc: Svc<'_>, path: String) -> Result<u32, ApiError> {
    Ok(svc.bundle_import(&PathBuf::from(path))?.changed_records)
}

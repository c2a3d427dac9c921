//! Enrollment and USB bundles.

use super::{blocking, Svc};
use simpul_core::ApiError;
use simpul_service::SyncStatus;
use std::path::PathBuf;

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

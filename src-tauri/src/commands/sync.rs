//! Enrollment, sync status, "sync now", and settling conflicts.

use crate::state::AppState;
use crate::sync_worker::{Nudge, SyncStatus};
use simpul_core::{ApiError, ErrorCode};
use simpul_store::{FieldConflict, ServerLink};
use simpul_sync::http::HttpHub;
use simpul_sync::ClientConfig;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub fn sync_status(state: State<'_, AppState>) -> SyncStatus {
    state.sync.status()
}

/// Enrolls this device with the data center using a one-time code.
#[tauri::command]
#[specta::specta]
pub async fn server_enroll(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
    address: String,
    code: String,
    ca_path: Option<String>,
) -> Result<SyncStatus, ApiError> {
    let (device, actor) = {
        let r = state.replica()?;
        let p = r.profile()?;
        (p.device_name.clone(), p.actor.clone())
    };
    if address.trim().is_empty() || code.trim().is_empty() {
        return Err(ApiError::new(
            ErrorCode::Validation,
            "Isi alamat server dan kode pendaftaran dari Diskominfo.",
        ));
    }
    let ca_pem = match ca_path.filter(|p| !p.trim().is_empty()) {
        Some(p) => Some(std::fs::read_to_string(&p).map_err(|e| {
            tracing::warn!(error = %e, path = %p, "CA certificate unreadable");
            ApiError::new(
                ErrorCode::Validation,
                "Berkas sertifikat CA tidak dapat dibaca.",
            )
        })?),
        None => None,
    };
    let config = ClientConfig {
        ca_pem: ca_pem.as_ref().map(|p| p.as_bytes().to_vec()),
        ..ClientConfig::default()
    };
    let addr = address.trim().to_owned();
    let enrolled = tauri::async_runtime::spawn_blocking(move || {
        HttpHub::enroll(&addr, &code, &device, &actor, &config)
    })
    .await
    .map_err(|_| ApiError::new(ErrorCode::Internal, "Pendaftaran terhenti; coba lagi."))?
    .map_err(|e| ApiError::new(ErrorCode::Validation, format!("Pendaftaran gagal: {e}")))?;
    let diskominfo = enrolled.opd.is_none();
    state.replica()?.set_server(&ServerLink {
        address: address.trim().to_owned(),
        device_id: enrolled.device_id,
        diskominfo,
        token: enrolled.token,
        ca_pem,
    })?;
    crate::sync_worker::refresh(&app);
    state.sync.nudge(Nudge::Now);
    Ok(state.sync.status())
}

/// Starts a sync session now (progress arrives as `sync-status` events).
#[tauri::command]
#[specta::specta]
pub fn sync_now(state: State<'_, AppState>) -> SyncStatus {
    state.sync.nudge(Nudge::Now);
    state.sync.status()
}

#[tauri::command]
#[specta::specta]
pub fn asset_conflicts(
    state: State<'_, AppState>,
    id: String,
) -> Result<Vec<FieldConflict>, ApiError> {
    Ok(state.replica()?.asset_conflicts(&id)?)
}

/// Settles a conflicted field of an asset or a cable with the value the user picked.
#[tauri::command]
#[specta::specta]
pub fn conflict_settle(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
    id: String,
    field: String,
    value: String,
) -> Result<(), ApiError> {
    state.replica()?.settle_conflict(&id, &field, &value)?;
    super::edited(&app);
    Ok(())
}

/// Writes a USB bundle of the changes the data center lacks; returns how
/// many documents it holds.
#[tauri::command]
#[specta::specta]
pub fn bundle_export(state: State<'_, AppState>, path: String) -> Result<u32, ApiError> {
    let (sealed, n) = state
        .replica()?
        .bundle_write(crate::sync_worker::SERVER_PEER)?;
    std::fs::write(&path, sealed).map_err(|e| {
        ApiError::new(
            ErrorCode::Storage,
            format!("Berkas tidak dapat ditulis: {e}."),
        )
    })?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Reads a USB bundle from the data center; returns how many records changed.
#[tauri::command]
#[specta::specta]
pub fn bundle_import(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
    path: String,
) -> Result<u32, ApiError> {
    let bytes = simpul_sync::bundle::read_file(std::path::Path::new(&path))
        .map_err(|e| ApiError::new(ErrorCode::Import, format!("{e}.")))?;
    let applied = state.replica()?.bundle_read(&bytes)?;
    super::data_changed(&app);
    crate::sync_worker::refresh(&app);
    Ok(u32::try_from(applied.changed_records).unwrap_or(u32::MAX))
}

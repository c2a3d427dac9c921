//! Serah terima and the holder's page.

use super::{blocking, Svc};
use simpul_core::handover::{Handover, HandoverInput};
use simpul_core::ApiError;
use simpul_service::ops::report::DocumentWritten;
use simpul_store::HolderView;
use std::path::PathBuf;

/// Hands assets over (or back to the store room): one change.
#[tauri::command]
#[specta::specta]
pub fn handover_save(svc: Svc<'_>, input: HandoverInput) -> Result<Handover, ApiError> {
    svc.handover_save(&input)
}

#[tauri::command]
#[specta::specta]
pub fn holder(svc: Svc<'_>, nip: String) -> Result<HolderView, ApiError> {
    svc.holder(&nip)
}

/// Writes a handover's Berita Acara Serah Terima (PDF).
#[tauri::command]
#[specta::specta]
pub async fn bast_save(
    svc: Svc<'_>,
    path: String,
    id: String,
    place: String,
) -> Result<DocumentWritten, ApiError> {
    blocking(&svc, move |s| {
        s.bast_save(&PathBuf::from(path), &id, &place)
    })
    .await
}

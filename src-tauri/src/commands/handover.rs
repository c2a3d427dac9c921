//! The Berita Acara Serah Terima of a handover.

use super::{blocking, Svc};
use simpul_core::ApiError;
use simpul_service::ops::report::DocumentWritten;
use std::path::PathBuf;

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

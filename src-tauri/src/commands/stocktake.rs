//! The stock-take's Berita Acara.

use super::Svc;
use simpul_core::ApiError;
use simpul_service::ops::report::DocumentWritten;
use std::path::PathBuf;

/// Writes the session's Berita Acara Inventarisasi (PDF) or result (XLSX).
#[tauri::command]
#[specta::specta]
pub async fn stocktake_report_save(
    svc: Svc<'_>,
    path: String,
    id: String,
    place: String,
) -> Result<DocumentWritten, ApiError> {
    super::blocking(&svc, move |s| {
        s.stocktake_report_save(&PathBuf::from(path), &id, &place)
    })
    .await
}

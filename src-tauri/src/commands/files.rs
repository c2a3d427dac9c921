//! KIB B import (preview, then import) and export from the window (the
//! file path comes from the open/save dialog), off the main thread so the
//! window stays responsive on a large file.

use super::{blocking, Svc};
use simpul_core::kib::{ImportSummary, KibUnit};
use simpul_core::ApiError;
use std::path::PathBuf;

/// What importing the file would do; stores nothing.
#[tauri::command]
#[specta::specta]
pub async fn kib_preview(svc: Svc<'_>, path: String) -> Result<ImportSummary, ApiError> {
    blocking(&svc, move |s| s.kib_preview(&PathBuf::from(path))).await
}

/// Imports the file (all rows or none), checked again as it is written.
#[tauri::command]
#[specta::specta]
pub async fn kib_import(svc: Svc<'_>, path: String) -> Result<ImportSummary, ApiError> {
    blocking(&svc, move |s| {
        Ok(s.kib_import(&PathBuf::from(path), &mut |_, _| {})?)
    })
    .await
}

/// Writes KIB B for the given units (.xlsx: one sheet each; .csv: one
/// unit); remembers their kode lokasi and nama UPB. Returns the assets written.
#[tauri::command]
#[specta::specta]
pub async fn kib_export(svc: Svc<'_>, path: String, units: Vec<KibUnit>) -> Result<u32, ApiError> {
    blocking(&svc, move |s| {
        s.kib_export(&PathBuf::from(path), &units, &mut |_, _| {})
    })
    .await
}

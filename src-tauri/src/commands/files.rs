//! KIB B import (preview, then import) and export from the window (the
//! file path comes from the open/save dialog). Reading and planning run off
//! the main thread so the window stays responsive on a large file.

use crate::state::AppState;
use simpul_core::kib::{ImportSummary, KibUnit};
use simpul_core::{ApiError, ErrorCode};
use tauri::Manager;

fn file_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        ErrorCode::Import,
        format!("Berkas tidak dapat dipakai: {e}."),
    )
}

/// Runs blocking work on a worker thread with the app state.
async fn blocking<T: Send + 'static>(
    app: tauri::AppHandle,
    work: impl FnOnce(&AppState) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tauri::async_runtime::spawn_blocking(move || work(&app.state::<AppState>()))
        .await
        .map_err(|_| ApiError::new(ErrorCode::Internal, "Pekerjaan terhenti; coba lagi."))?
}

/// What importing the file would do; stores nothing.
#[tauri::command]
#[specta::specta]
pub async fn kib_preview(app: tauri::AppHandle, path: String) -> Result<ImportSummary, ApiError> {
    blocking(app, move |state| {
        let table = simpul_kib::read_table(std::path::Path::new(&path)).map_err(file_error)?;
        Ok(state.replica()?.import_plan(&table)?.summary(false))
    })
    .await
}

/// Imports the file (all rows or none), checked again as it is written.
#[tauri::command]
#[specta::specta]
pub async fn kib_import(app: tauri::AppHandle, path: String) -> Result<ImportSummary, ApiError> {
    let handle = app.clone();
    let summary = blocking(app, move |state| {
        let table = simpul_kib::read_table(std::path::Path::new(&path)).map_err(file_error)?;
        Ok(state.replica()?.import_table(&table, &mut |_, _| {})?)
    })
    .await?;
    super::edited(&handle);
    Ok(summary)
}

/// The units an export can hold, with their remembered kode lokasi.
#[tauri::command]
#[specta::specta]
pub fn kib_units(state: tauri::State<'_, AppState>) -> Result<Vec<KibUnit>, ApiError> {
    Ok(state.replica()?.kib_units()?)
}

/// Writes KIB B for the given units (.xlsx: one sheet each; .csv: one
/// unit); remembers their kode lokasi and nama UPB. Returns the assets written.
#[tauri::command]
#[specta::specta]
pub async fn kib_export(
    app: tauri::AppHandle,
    path: String,
    units: Vec<KibUnit>,
) -> Result<u32, ApiError> {
    blocking(app, move |state| {
        let path = std::path::PathBuf::from(path);
        let csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if units.is_empty() || (csv && units.len() > 1) {
            return Err(ApiError::new(
                ErrorCode::Validation,
                "Pilih satu OPD untuk berkas CSV, atau simpan sebagai .xlsx (satu lembar per OPD).",
            ));
        }
        let sheets = {
            let mut r = state.replica()?;
            for u in &units {
                r.remember_kib_unit(u)?;
            }
            r.kib_sheets(&units)?
        };
        if csv {
            simpul_kib::write_kib_csv(&path, &sheets[0]).map_err(file_error)?;
        } else {
            simpul_kib::write_kib_b(&path, &sheets, &mut |_, _| {}).map_err(file_error)?;
        }
        Ok(u32::try_from(sheets.iter().map(|s| s.assets.len()).sum::<usize>()).unwrap_or(u32::MAX))
    })
    .await
}

//! KIB B import and export from the window (the file path comes from the
//! open/save dialog).

use crate::state::AppState;
use simpul_core::{ApiError, ErrorCode};
use simpul_kib::{read_cells, write_kib_b, KibHeader};
use simpul_store::ImportReport;
use tauri::State;

fn file_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        ErrorCode::Import,
        format!("Berkas tidak dapat dipakai: {e}."),
    )
}

#[tauri::command]
#[specta::specta]
pub fn kib_import(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
    path: String,
) -> Result<ImportReport, ApiError> {
    let cells = read_cells(std::path::Path::new(&path)).map_err(file_error)?;
    let rows = simpul_core::kib::read_rows(&cells).map_err(|e| file_error(e.message))?;
    let report = state.replica()?.import_rows(&rows, &mut |_, _| {})?;
    super::edited(&app);
    Ok(report)
}

/// Writes the KIB B workbook; returns how many assets were written.
#[tauri::command]
#[specta::specta]
pub fn kib_export(state: State<'_, AppState>, path: String) -> Result<u32, ApiError> {
    let (assets, header) = {
        let r = state.replica()?;
        let p = r.profile()?.clone();
        (
            r.all_assets()?,
            KibHeader {
                regency: p.regency,
                opd_name: p.opd_name,
                opd_code: p.opd_code,
                kode_lokasi: String::new(),
            },
        )
    };
    write_kib_b(
        std::path::Path::new(&path),
        &header,
        &assets,
        &mut |_, _| {},
    )
    .map_err(file_error)?;
    Ok(u32::try_from(assets.len()).unwrap_or(u32::MAX))
}

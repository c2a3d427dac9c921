//! The asset list, form, detail and dashboard.

use crate::state::AppState;
use simpul_core::{ApiError, Asset, AssetInput, FieldError, MaintenanceEntry, MaintenanceInput};
use simpul_store::{AssetDetail, AssetPage, AssetQuery, Stats};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub fn assets_page(state: State<'_, AppState>, query: AssetQuery) -> Result<AssetPage, ApiError> {
    Ok(state.replica()?.assets(&query)?)
}

#[tauri::command]
#[specta::specta]
pub fn asset_detail(state: State<'_, AppState>, id: String) -> Result<AssetDetail, ApiError> {
    Ok(state.replica()?.asset_detail(&id)?)
}

#[tauri::command]
#[specta::specta]
pub fn asset_save(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
    input: AssetInput,
) -> Result<Asset, ApiError> {
    let saved = state.replica()?.save_asset(&input)?;
    super::edited(&app);
    Ok(saved)
}

/// Inline validation while the form is being filled in.
#[tauri::command]
#[specta::specta]
pub fn asset_validate(
    state: State<'_, AppState>,
    input: AssetInput,
) -> Result<Vec<FieldError>, ApiError> {
    Ok(state.replica()?.validate_asset(&input))
}

/// The asset a scanned code names exactly (serial, tag or id).
#[tauri::command]
#[specta::specta]
pub fn code_lookup(state: State<'_, AppState>, code: String) -> Result<Option<String>, ApiError> {
    Ok(state.replica()?.lookup_code(&code)?)
}

#[tauri::command]
#[specta::specta]
pub fn stats(state: State<'_, AppState>) -> Result<Stats, ApiError> {
    Ok(state.replica()?.stats()?)
}

#[tauri::command]
#[specta::specta]
pub fn maintenance_add(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
    input: MaintenanceInput,
) -> Result<MaintenanceEntry, ApiError> {
    let entry = state.replica()?.add_maintenance(&input)?;
    super::edited(&app);
    Ok(entry)
}

/// One entry of the kode barang picker.
#[derive(Debug, serde::Serialize, specta::Type)]
pub struct KodeBarangItem {
    pub code: String,
    pub name: String,
    pub category: String,
}

/// The ICT codes of Permendagri 108/2016 offered by the form.
#[tauri::command]
#[specta::specta]
pub fn kode_barang_list() -> Vec<KodeBarangItem> {
    simpul_core::kode_barang::ITEM_CODES
        .iter()
        .map(|i| KodeBarangItem {
            code: i.code.to_owned(),
            name: i.name.to_owned(),
            category: i.category.label().to_owned(),
        })
        .collect()
}

//! The asset list, form, detail and dashboard.

use super::Svc;
use simpul_core::bulk_edit::BulkEdit;
use simpul_core::{ApiError, Asset, AssetInput, FieldError, MaintenanceEntry, MaintenanceInput};
use simpul_service::ops::assets::KodeBarangItem;
use simpul_service::ops::bulk::{BulkDone, BulkSelection};
use simpul_store::{AssetDetail, AssetPage, AssetQuery, Stats};

#[tauri::command]
#[specta::specta]
pub fn assets_page(svc: Svc<'_>, query: AssetQuery) -> Result<AssetPage, ApiError> {
    svc.assets_page(&query)
}

#[tauri::command]
#[specta::specta]
pub fn asset_detail(svc: Svc<'_>, id: String) -> Result<AssetDetail, ApiError> {
    svc.asset_detail(&id)
}

#[tauri::command]
#[specta::specta]
pub fn asset_save(svc: Svc<'_>, input: AssetInput) -> Result<Asset, ApiError> {
    svc.asset_save(&input)
}

/// Inline validation while the form is being filled in.
#[tauri::command]
#[specta::specta]
pub fn asset_validate(svc: Svc<'_>, input: AssetInput) -> Result<Vec<FieldError>, ApiError> {
    svc.asset_validate(&input)
}

/// The asset a scanned code names exactly (serial, tag or id).
#[tauri::command]
#[specta::specta]
pub fn code_lookup(svc: Svc<'_>, code: String) -> Result<Option<String>, ApiError> {
    svc.code_lookup(&code)
}

#[tauri::command]
#[specta::specta]
pub fn stats(svc: Svc<'_>) -> Result<Stats, ApiError> {
    svc.stats()
}

#[tauri::command]
#[specta::specta]
pub fn maintenance_add(
    svc: Svc<'_>,
    input: MaintenanceInput,
) -> Result<MaintenanceEntry, ApiError> {
    svc.maintenance_add(&input)
}

/// Corrects a logged maintenance entry (its history keeps the old values).
#[tauri::command]
#[specta::specta]
pub fn maintenance_update(
    svc: Svc<'_>,
    id: String,
    input: MaintenanceInput,
) -> Result<MaintenanceEntry, ApiError> {
    svc.maintenance_update(&id, &input)
}

#[tauri::command]
#[specta::specta]
pub fn plans(svc: Svc<'_>) -> Result<Vec<simpul_store::PlanView>, ApiError> {
    svc.plans()
}

#[tauri::command]
#[specta::specta]
pub fn plan_save(
    svc: Svc<'_>,
    input: simpul_core::maintenance_plan::MaintenancePlanInput,
) -> Result<simpul_core::maintenance_plan::MaintenancePlan, ApiError> {
    svc.plan_save(&input)
}

/// What the plans make due today (overdue and within 30 days, or all),
/// of one asset when `asset` is given.
#[tauri::command]
#[specta::specta]
pub fn maintenance_due(
    svc: Svc<'_>,
    asset: Option<String>,
    all: bool,
) -> Result<Vec<simpul_store::DueItem>, ApiError> {
    svc.maintenance_due("", asset.as_deref(), all)
}

#[tauri::command]
#[specta::specta]
pub fn visits(
    svc: Svc<'_>,
) -> Result<Vec<simpul_core::regency::oversight::OversightVisit>, ApiError> {
    svc.visits()
}

#[tauri::command]
#[specta::specta]
pub fn visit_save(
    svc: Svc<'_>,
    input: simpul_core::regency::oversight::OversightVisitInput,
) -> Result<simpul_core::regency::oversight::OversightVisit, ApiError> {
    svc.visit_save(&input)
}

/// The ICT codes of Permendagri 108/2016 offered by the form.
#[tauri::command]
#[specta::specta]
pub fn kode_barang_list(svc: Svc<'_>) -> Vec<KodeBarangItem> {
    svc.kode_barang_list()
}

/// One edit (move, holder, condition) to many assets: one change.
#[tauri::command]
#[specta::specta]
pub fn assets_bulk_edit(
    svc: Svc<'_>,
    selection: BulkSelection,
    edit: BulkEdit,
) -> Result<BulkDone, ApiError> {
    svc.assets_bulk_edit(&selection, &edit)
}

/// One maintenance entry logged on many assets: one change.
#[tauri::command]
#[specta::specta]
pub fn assets_bulk_maintenance(
    svc: Svc<'_>,
    selection: BulkSelection,
    entry: MaintenanceInput,
) -> Result<BulkDone, ApiError> {
    svc.assets_bulk_maintenance(&selection, &entry)
}

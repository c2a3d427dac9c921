//! Network registration (OPD side), the regency document (Diskominfo side)
//! and the conflict inbox.

use crate::state::AppState;
use simpul_core::checks::Conflict;
use simpul_core::regency::{
    DecisionInput, IpPool, IpPoolInput, OpdEntry, OpdEntryInput, SecurityLevel, SecurityLevelInput,
};
use simpul_core::{ApiError, RegistrationInput, RegistrationStatus};
use simpul_store::{RegencyView, RegistrationView};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub fn registration_of(
    state: State<'_, AppState>,
    asset_id: String,
) -> Result<Option<RegistrationView>, ApiError> {
    Ok(state.replica()?.registration_of(&asset_id)?)
}

/// Every registration this device may see, optionally of one status.
#[tauri::command]
#[specta::specta]
pub fn registrations(
    state: State<'_, AppState>,
    status: Option<RegistrationStatus>,
) -> Result<Vec<RegistrationView>, ApiError> {
    Ok(state.replica()?.registrations(status)?)
}

#[tauri::command]
#[specta::specta]
pub fn register(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
    input: RegistrationInput,
) -> Result<RegistrationView, ApiError> {
    let v = state.replica()?.register(&input)?;
    super::edited(&app);
    Ok(v)
}

/// The first free address of an OPD's pools, as far as this device knows.
#[tauri::command]
#[specta::specta]
pub fn next_free_ip(state: State<'_, AppState>, opd: String) -> Result<Option<String>, ApiError> {
    Ok(state.replica()?.next_free_ip(&opd)?)
}

#[tauri::command]
#[specta::specta]
pub fn registration_decide(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
    input: DecisionInput,
) -> Result<RegistrationView, ApiError> {
    let v = state.replica()?.decide(&input)?;
    super::edited(&app);
    Ok(v)
}

#[tauri::command]
#[specta::specta]
pub fn regency(state: State<'_, AppState>) -> Result<RegencyView, ApiError> {
    Ok(state.replica()?.regency()?)
}

#[tauri::command]
#[specta::specta]
pub fn regency_opd_save(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
    input: OpdEntryInput,
) -> Result<OpdEntry, ApiError> {
    let o = state.replica()?.save_opd_entry(&input)?;
    super::edited(&app);
    Ok(o)
}

#[tauri::command]
#[specta::specta]
pub fn pool_save(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
    input: IpPoolInput,
) -> Result<IpPool, ApiError> {
    let p = state.replica()?.save_pool(&input)?;
    super::edited(&app);
    Ok(p)
}

#[tauri::command]
#[specta::specta]
pub fn level_save(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
    input: SecurityLevelInput,
) -> Result<SecurityLevel, ApiError> {
    let l = state.replica()?.save_level(&input)?;
    super::edited(&app);
    Ok(l)
}

/// Fills an empty list of security levels with the suggested three.
#[tauri::command]
#[specta::specta]
pub fn levels_seed(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
) -> Result<Vec<SecurityLevel>, ApiError> {
    let l = state.replica()?.seed_levels()?;
    super::edited(&app);
    Ok(l)
}

#[tauri::command]
#[specta::specta]
pub fn conflicts(state: State<'_, AppState>) -> Result<Vec<Conflict>, ApiError> {
    Ok(state.replica()?.conflicts()?)
}

/// The inbox entries that involve one asset or cable.
#[tauri::command]
#[specta::specta]
pub fn conflicts_of(
    state: State<'_, AppState>,
    record_id: String,
) -> Result<Vec<Conflict>, ApiError> {
    Ok(state.replica()?.conflicts_of(&record_id)?)
}

/// Gives an asset the next free address of its OPD's pools.
#[tauri::command]
#[specta::specta]
pub fn conflict_reassign_ip(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
    asset_id: String,
) -> Result<String, ApiError> {
    let ip = state.replica()?.reassign_ip(&asset_id)?;
    super::edited(&app);
    Ok(ip)
}

/// Gives an asset the next nomor register of its kode barang.
#[tauri::command]
#[specta::specta]
pub fn conflict_renumber(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
    asset_id: String,
) -> Result<String, ApiError> {
    let a = state.replica()?.renumber_register(&asset_id)?;
    super::edited(&app);
    Ok(a.nomor_register)
}

/// Gives a cable the next free code.
#[tauri::command]
#[specta::specta]
pub fn conflict_recode(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
    cable_id: String,
) -> Result<String, ApiError> {
    let c = state.replica()?.recode_cable(&cable_id)?;
    super::edited(&app);
    Ok(c.code)
}

/// Marks a cable removed, freeing its ports (settles a port with two cables).
#[tauri::command]
#[specta::specta]
pub fn conflict_retire_cable(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
    cable_id: String,
) -> Result<String, ApiError> {
    let c = state.replica()?.retire_cable(&cable_id)?;
    super::edited(&app);
    Ok(c.code)
}

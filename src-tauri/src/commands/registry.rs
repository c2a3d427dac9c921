//! Network registration (OPD side), the regency document (Diskominfo side)
//! and the conflict inbox.

use super::Svc;
use simpul_core::checks::Conflict;
use simpul_core::regency::{
    DecisionInput, IpPool, IpPoolInput, OpdEntry, OpdEntryInput, SecurityLevel, SecurityLevelInput,
};
use simpul_core::{ApiError, RegistrationInput, RegistrationStatus};
use simpul_store::{RegencyView, RegistrationView};

#[tauri::command]
#[specta::specta]
pub fn registration_of(
    svc: Svc<'_>,
    asset_id: String,
) -> Result<Option<RegistrationView>, ApiError> {
    svc.registration_of(&asset_id)
}

/// Every registration this device may see, optionally of one status.
#[tauri::command]
#[specta::specta]
pub fn registrations(
    svc: Svc<'_>,
    status: Option<RegistrationStatus>,
) -> Result<Vec<RegistrationView>, ApiError> {
    svc.registrations(status)
}

#[tauri::command]
#[specta::specta]
pub fn register(svc: Svc<'_>, input: RegistrationInput) -> Result<RegistrationView, ApiError> {
    svc.register(&input)
}

/// The first free address of an OPD's pools, as far as this device knows.
#[tauri::command]
#[specta::specta]
pub fn next_free_ip(svc: Svc<'_>, opd: String) -> Result<Option<String>, ApiError> {
    svc.next_free_ip(&opd)
}

#[tauri::command]
#[specta::specta]
pub fn registration_decide(
    svc: Svc<'_>,
    input: DecisionInput,
) -> Result<RegistrationView, ApiError> {
    svc.registration_decide(&input)
}

#[tauri::command]
#[specta::specta]
pub fn regency(svc: Svc<'_>) -> Result<RegencyView, ApiError> {
    svc.regency()
}

/// The regency's days before an OPD is overdue (Diskominfo only).
#[tauri::command]
#[specta::specta]
pub fn overdue_days_set(svc: Svc<'_>, days: String) -> Result<i64, ApiError> {
    svc.overdue_days_set(&days)
}

#[tauri::command]
#[specta::specta]
pub fn regency_opd_save(svc: Svc<'_>, input: OpdEntryInput) -> Result<OpdEntry, ApiError> {
    svc.regency_opd_save(&input)
}

#[tauri::command]
#[specta::specta]
pub fn pool_save(svc: Svc<'_>, input: IpPoolInput) -> Result<IpPool, ApiError> {
    svc.pool_save(&input)
}

#[tauri::command]
#[specta::specta]
pub fn level_save(svc: Svc<'_>, input: SecurityLevelInput) -> Result<SecurityLevel, ApiError> {
    svc.level_save(&input)
}

/// Fills an empty list of security levels with the suggested three.
#[tauri::command]
#[specta::specta]
pub fn levels_seed(svc: Svc<'_>) -> Result<Vec<SecurityLevel>, ApiError> {
    svc.levels_seed()
}

#[tauri::command]
#[specta::specta]
pub fn conflicts(svc: Svc<'_>) -> Result<Vec<Conflict>, ApiError> {
    svc.conflicts()
}

/// The inbox entries that involve one asset or cable.
#[tauri::command]
#[specta::specta]
pub fn conflicts_of(svc: Svc<'_>, record_id: String) -> Result<Vec<Conflict>, ApiError> {
    svc.conflicts_of(&record_id)
}

/// Gives an asset the next free address of its OPD's pools.
#[tauri::command]
#[specta::specta]
pub fn conflict_reassign_ip(svc: Svc<'_>, asset_id: String) -> Result<String, ApiError> {
    svc.conflict_reassign_ip(&asset_id)
}

/// Gives an asset the next nomor register of its kode barang in its OPD.
#[tauri::command]
#[specta::specta]
pub fn conflict_renumber(svc: Svc<'_>, asset_id: String) -> Result<String, ApiError> {
    svc.conflict_renumber(&asset_id)
}

/// Gives a cable the next free code.
#[tauri::command]
#[specta::specta]
pub fn conflict_recode(svc: Svc<'_>, cable_id: String) -> Result<String, ApiError> {
    svc.conflict_recode(&cable_id)
}

/// Marks a cable removed, freeing its ports (settles a port with two cables).
#[tauri::command]
#[specta::specta]
pub fn conflict_retire_cable(svc: Svc<'_>, cable_id: String) -> Result<String, ApiError> {
    svc.conflict_retire_cable(&cable_id)
}

/// Gives a node the next free code of its room.
#[tauri::command]
#[specta::specta]
pub fn conflict_rename_node(svc: Svc<'_>, node_id: String) -> Result<String, ApiError> {
    svc.conflict_rename_node(&node_id)
}

/// Gives a room the next free code on its floor.
#[tauri::command]
#[specta::specta]
pub fn conflict_rename_room(svc: Svc<'_>, room_id: String) -> Result<String, ApiError> {
    svc.conflict_rename_room(&room_id)
}

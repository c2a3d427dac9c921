//! First run, profile and demo data.

use super::Svc;
use simpul_core::ApiError;
use simpul_service::ops::app::{AppInfo, ChoiceLists};
use simpul_store::{Profile, ProfileInput, Stats};

#[tauri::command]
#[specta::specta]
pub fn app_info(svc: Svc<'_>) -> Result<AppInfo, ApiError> {
    svc.app_info()
}

#[tauri::command]
#[specta::specta]
pub fn profile_save(svc: Svc<'_>, input: ProfileInput) -> Result<Profile, ApiError> {
    svc.profile_save(&input)
}

/// Sets up the demo OPD (when not set up yet) and fills it with demo data.
#[tauri::command]
#[specta::specta]
pub fn demo_load(svc: Svc<'_>) -> Result<Stats, ApiError> {
    Ok(svc.demo_load(1500, 1, &mut |_, _| {})?.stats)
}

/// The closed lists (conditions, kinds, statuses...) with both labels.
#[tauri::command]
#[specta::specta]
pub fn choices(svc: Svc<'_>) -> ChoiceLists {
    svc.choices()
}

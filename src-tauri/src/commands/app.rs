//! First run, profile and demo data.

use crate::state::AppState;
use serde::Serialize;
use simpul_core::ApiError;
use simpul_store::{Profile, ProfileInput, Stats};
use specta::Type;
use tauri::State;

#[derive(Debug, Serialize, Type)]
pub struct AppInfo {
    pub profile: Option<Profile>,
    pub replica_path: String,
    pub version: String,
    /// A Diskominfo device: the asset list shows every OPD, with a picker.
    pub diskominfo: bool,
}

#[tauri::command]
#[specta::specta]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, ApiError> {
    let r = state.replica()?;
    Ok(AppInfo {
        profile: r.profile().ok().cloned(),
        replica_path: r.path().display().to_string(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        diskominfo: r.server().ok().flatten().is_some_and(|l| l.diskominfo),
    })
}

#[tauri::command]
#[specta::specta]
pub fn profile_save(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
    input: ProfileInput,
) -> Result<Profile, ApiError> {
    let profile = state.replica()?.setup(&input)?;
    crate::state::spawn_warm_up(app.clone());
    super::data_changed(&app);
    Ok(profile)
}

/// Sets up the demo OPD (when not set up yet) and fills it with demo data.
#[tauri::command]
#[specta::specta]
pub fn demo_load(state: State<'_, AppState>, app: tauri::AppHandle) -> Result<Stats, ApiError> {
    let mut r = state.replica()?;
    r.start_demo(1500, 1, &mut |_, _| {})?;
    let stats = r.stats()?;
    drop(r);
    crate::state::spawn_warm_up(app.clone());
    super::data_changed(&app);
    Ok(stats)
}

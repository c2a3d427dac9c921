//! Demo data.

use super::Svc;
use simpul_core::ApiError;
use simpul_store::Stats;

/// Sets up the demo OPD (when not set up yet) and fills it with demo data.
#[tauri::command]
#[specta::specta]
pub async fn demo_load(svc: Svc<'_>) -> Result<Stats, ApiError> {
    super::blocking(&svc, |s| Ok(s.demo_load(1500, 1, &mut |_, _| {})?.stats)).await
}

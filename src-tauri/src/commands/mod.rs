//! Tauri commands, grouped by page. Each locks the replica, calls one store
//! method and turns its error into the UI's `ApiError`.

pub mod app;
pub mod assets;
pub mod files;
pub mod labels;
pub mod network;
pub mod registry;
pub mod rooms;
pub mod sync;

use tauri::Emitter;

/// Tells the window that stored data changed, so open lists re-query, and
/// the sync worker that there may be something to send.
pub fn edited(app: &tauri::AppHandle) {
    data_changed(app);
    use tauri::Manager;
    app.state::<crate::state::AppState>()
        .sync
        .nudge(crate::sync_worker::Nudge::Edited);
}

/// Tells the window that stored data changed, so open lists re-query.
pub fn data_changed(app: &tauri::AppHandle) {
    if let Err(e) = app.emit("data-changed", ()) {
        tracing::warn!(error = %e, "could not emit data-changed");
    }
}

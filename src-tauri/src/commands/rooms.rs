//! The locations page.

use super::Svc;
use simpul_core::{ApiError, RoomInput, RoomView};

#[tauri::command]
#[specta::specta]
pub fn rooms(svc: Svc<'_>) -> Result<Vec<RoomView>, ApiError> {
    svc.rooms()
}

#[tauri::command]
#[specta::specta]
pub fn room_save(svc: Svc<'_>, input: RoomInput) -> Result<RoomView, ApiError> {
    svc.room_save(&input)
}

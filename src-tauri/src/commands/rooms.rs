//! The locations page.

use crate::state::AppState;
use simpul_core::{ApiError, Room, RoomInput};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub fn rooms(state: State<'_, AppState>) -> Result<Vec<Room>, ApiError> {
    Ok(state.replica()?.rooms()?)
}

#[tauri::command]
#[specta::specta]
pub fn room_save(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
    input: RoomInput,
) -> Result<Room, ApiError> {
    let room = state.replica()?.save_room(&input)?;
    super::edited(&app);
    Ok(room)
}

//! The stock-take pages: sessions, the scan page, closing rooms.

use super::Svc;
use simpul_core::stocktake::{ScanInput, StockTake, StockTakeInput};
use simpul_core::ApiError;
use simpul_service::ops::report::DocumentWritten;
use simpul_service::ops::stocktake::ScanDone;
use simpul_store::{RoomCheck, StockTakeView};
use std::path::PathBuf;

#[tauri::command]
#[specta::specta]
pub fn stocktakes(svc: Svc<'_>) -> Result<Vec<StockTakeView>, ApiError> {
    svc.stocktakes()
}

#[tauri::command]
#[specta::specta]
pub fn stocktake(svc: Svc<'_>, id: String) -> Result<StockTakeView, ApiError> {
    svc.stocktake(&id)
}

#[tauri::command]
#[specta::specta]
pub fn stocktake_start(svc: Svc<'_>, input: StockTakeInput) -> Result<StockTake, ApiError> {
    svc.stocktake_start(&input)
}

#[tauri::command]
#[specta::specta]
pub fn stocktake_finish(svc: Svc<'_>, id: String) -> Result<StockTake, ApiError> {
    svc.stocktake_finish(&id)
}

#[tauri::command]
#[specta::specta]
pub fn stocktake_room(svc: Svc<'_>, id: String, room_id: String) -> Result<RoomCheck, ApiError> {
    svc.stocktake_room(&id, &room_id)
}

/// One tag read (or typed) in a room: the scan and the room after it.
#[tauri::command]
#[specta::specta]
pub fn stocktake_scan(svc: Svc<'_>, input: ScanInput) -> Result<ScanDone, ApiError> {
    svc.stocktake_scan(&input)
}

/// Moves what a scan found into the room it was found in.
#[tauri::command]
#[specta::specta]
pub fn stocktake_move(svc: Svc<'_>, scan_id: String) -> Result<RoomCheck, ApiError> {
    svc.stocktake_move(&scan_id)
}

#[tauri::command]
#[specta::specta]
pub fn stocktake_close_room(
    svc: Svc<'_>,
    id: String,
    room_id: String,
) -> Result<RoomCheck, ApiError> {
    svc.stocktake_close_room(&id, &room_id)
}

/// Writes the session's Berita Acara Inventarisasi (PDF) or result (XLSX).
#[tauri::command]
#[specta::specta]
pub async fn stocktake_report_save(
    svc: Svc<'_>,
    path: String,
    id: String,
    place: String,
) -> Result<DocumentWritten, ApiError> {
    super::blocking(&svc, move |s| {
        s.stocktake_report_save(&PathBuf::from(path), &id, &place)
    })
    .await
}

//! Cable labels and asset tags: the print preview and the PDF.

use super::Svc;
use simpul_core::ApiError;
use simpul_labels::LabelFormat;
use simpul_service::ops::labels::{LabelPreview, LabelSelection, LabelsWritten};
use simpul_service::ops::tags::{TagPreview, TagSelection, TagsWritten};
use simpul_store::CableLabel;
use std::path::PathBuf;

/// The labels printed here that no longer match their cable.
#[tauri::command]
#[specta::specta]
pub fn labels_stale(svc: Svc<'_>) -> Result<Vec<CableLabel>, ApiError> {
    svc.stale_labels()
}

#[tauri::command]
#[specta::specta]
pub fn labels_preview(
    svc: Svc<'_>,
    selection: LabelSelection,
    format: LabelFormat,
    max_pages: u32,
) -> Result<LabelPreview, ApiError> {
    svc.labels_preview(&selection, format, max_pages)
}

/// Writes the label PDF to `path`, or to the default folder when empty.
#[tauri::command]
#[specta::specta]
pub fn labels_save(
    svc: Svc<'_>,
    selection: LabelSelection,
    format: LabelFormat,
    path: Option<String>,
) -> Result<LabelsWritten, ApiError> {
    svc.labels_save(&selection, format, path.map(PathBuf::from).as_deref())
}

#[tauri::command]
#[specta::specta]
pub fn tags_preview(
    svc: Svc<'_>,
    selection: TagSelection,
    format: LabelFormat,
    max_pages: u32,
) -> Result<TagPreview, ApiError> {
    svc.tags_preview(&selection, format, max_pages)
}

/// Writes the asset tag PDF to `path`, or to the default folder when empty.
#[tauri::command]
#[specta::specta]
pub fn tags_save(
    svc: Svc<'_>,
    selection: TagSelection,
    format: LabelFormat,
    path: Option<String>,
) -> Result<TagsWritten, ApiError> {
    svc.tags_save(&selection, format, path.map(PathBuf::from).as_deref())
}

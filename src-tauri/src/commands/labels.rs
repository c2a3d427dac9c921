//! Cable labels and asset tags: the PDF.

use super::Svc;
use simpul_core::ApiError;
use simpul_labels::LabelFormat;
use simpul_service::ops::labels::{LabelSelection, LabelsWritten};
use simpul_service::ops::tags::{TagSelection, TagsWritten};
use std::path::PathBuf;

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

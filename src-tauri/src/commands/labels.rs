//! Cable labels: the print preview (the PDF's own layout drawn as SVG) and
//! the PDF written to the path chosen in the save dialog.

use crate::state::AppState;
use serde::{Deserialize, Serialize};
use simpul_core::{ApiError, ErrorCode};
use simpul_labels::{layout, pdf, svg, LabelFormat, Page};
use specta::Type;
use tauri::State;

/// Which cables to label: one cable, a room's, or all.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct LabelSelection {
    pub room_id: Option<String>,
    pub cable_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct LabelPreview {
    /// The first pages, as SVG documents.
    pub pages: Vec<String>,
    pub total_pages: u32,
    pub labels: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct LabelsWritten {
    pub pages: u32,
    pub labels: u32,
    pub path: String,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn pages_for(
    state: &AppState,
    sel: &LabelSelection,
    format: LabelFormat,
) -> Result<(Vec<Page>, usize, String), ApiError> {
    let r = state.replica()?;
    let mut labels = r.labels(sel.room_id.as_deref())?;
    if let Some(id) = &sel.cable_id {
        labels.retain(|l| &l.cable_id == id);
    }
    let title = match &sel.room_id {
        Some(id) => format!("Label kabel {}", r.find_room(id)?.short_code()),
        None => format!("Label kabel {}", r.profile()?.opd_code),
    };
    drop(r);
    Ok((layout(&labels, format), labels.len() * 2, title))
}

#[tauri::command]
#[specta::specta]
pub fn labels_preview(
    state: State<'_, AppState>,
    selection: LabelSelection,
    format: LabelFormat,
    max_pages: u32,
) -> Result<LabelPreview, ApiError> {
    let (pages, labels, _) = pages_for(&state, &selection, format)?;
    Ok(LabelPreview {
        pages: pages
            .iter()
            .take(max_pages as usize)
            .map(svg::render)
            .collect(),
        total_pages: count(pages.len()),
        labels: count(labels),
    })
}

/// Where "Simpan PDF" puts labels without asking: `Documents/Simpul Label`,
/// or a `label` folder beside the replica when there is no Documents folder.
fn default_path(
    app: &tauri::AppHandle,
    title: &str,
    format: LabelFormat,
) -> Result<String, ApiError> {
    use tauri::Manager;
    let dir = app
        .path()
        .document_dir()
        .ok()
        .filter(|d| d.is_dir())
        .map(|d| d.join("Simpul Label"))
        .or_else(|| {
            crate::state::replica_path(app)
                .ok()
                .and_then(|p| p.parent().map(|d| d.join("label")))
        })
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::Storage,
                "Folder untuk label tidak ditemukan; pilih dengan \"Simpan sebagai…\".",
            )
        })?;
    std::fs::create_dir_all(&dir).map_err(|e| {
        ApiError::new(
            ErrorCode::Storage,
            format!("Folder {} tidak dapat dibuat: {e}.", dir.display()),
        )
    })?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let name = format!("{} {} {stamp}.pdf", title, format.key()).replace(['/', '\\', ':'], "-");
    Ok(dir.join(name).to_string_lossy().into_owned())
}

/// Writes the label PDF to `path`, or to the default folder when empty.
#[tauri::command]
#[specta::specta]
pub fn labels_save(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
    selection: LabelSelection,
    format: LabelFormat,
    path: Option<String>,
) -> Result<LabelsWritten, ApiError> {
    let (pages, labels, title) = pages_for(&state, &selection, format)?;
    let path = match path.filter(|p| !p.trim().is_empty()) {
        Some(p) => p,
        None => default_path(&app, &title, format)?,
    };
    if labels == 0 {
        return Err(ApiError::new(
            ErrorCode::Validation,
            "Tidak ada kabel terpasang untuk dicetak labelnya.",
        ));
    }
    std::fs::write(&path, pdf::render(&pages, &title)).map_err(|e| {
        tracing::warn!(error = %e, path, "could not write the label PDF");
        ApiError::new(
            ErrorCode::Storage,
            format!("Berkas label tidak dapat ditulis ke {path}: {e}."),
        )
    })?;
    Ok(LabelsWritten {
        pages: count(pages.len()),
        labels: count(labels),
        path,
    })
}

//! Cable labels: the print preview (the PDF's own layout drawn as SVG) and
//! the PDF, for one cable, a room or the whole OPD.

use super::count;
use super::report::write_whole;
use crate::Service;
use serde::{Deserialize, Serialize};
use simpul_core::{ApiError, ErrorCode};
use simpul_labels::{layout, pdf, svg, LabelFormat, Page};
use simpul_store::CableLabel;
use specta::Type;
use std::path::{Path, PathBuf};

/// Which cables to label: one cable, a room's, or all.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct LabelSelection {
    /// A room id, short code (`G1L2.R07`) or room code (`R07`).
    pub room_id: Option<String>,
    pub cable_id: Option<String>,
    /// Only the labels printed here that no longer match their cable.
    pub stale: bool,
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
    /// Labels printed (two per cable, one for each end).
    pub labels: u32,
    pub cables: u32,
    pub path: String,
}

/// The laid-out pages of a selection, with the document's title.
struct LabelRun {
    pages: Vec<Page>,
    labels: Vec<CableLabel>,
    title: String,
}

/// The title of a label document: `Label kabel DINKES G1L2.R07`.
pub fn label_title(opd: &str, room_code: Option<&str>) -> String {
    match room_code {
        Some(room) => format!("Label kabel {opd} {room}"),
        None => format!("Label kabel {opd}"),
    }
}

/// The first `max_pages` pages as SVG documents, for a print preview.
pub(crate) fn svg_pages(pages: &[Page], max_pages: u32) -> Vec<String> {
    pages
        .iter()
        .take(max_pages as usize)
        .map(svg::render)
        .collect()
}

impl Service {
    /// Writes laid-out pages as a PDF to `path`, or to the default label
    /// folder when none; returns where.
    pub(crate) fn write_label_pdf(
        &self,
        pages: &[Page],
        title: &str,
        format: LabelFormat,
        path: Option<&Path>,
    ) -> Result<PathBuf, ApiError> {
        let path = match path.filter(|p| !p.as_os_str().is_empty()) {
            Some(p) => p.to_path_buf(),
            None => self.default_label_path(title, format)?,
        };
        write_whole(&path, &pdf::render(pages, title))?;
        Ok(path)
    }

    /// The labels printed here that no longer match their cable.
    pub fn stale_labels(&self) -> Result<Vec<CableLabel>, ApiError> {
        Ok(self.configured()?.stale_labels()?)
    }

    fn label_run(&self, sel: &LabelSelection, format: LabelFormat) -> Result<LabelRun, ApiError> {
        let r = self.configured()?;
        let room = sel
            .room_id
            .as_deref()
            .map(|key| r.find_room(key))
            .transpose()?;
        let mut labels = if sel.stale {
            r.stale_labels()?
        } else {
            r.labels(room.as_ref().map(|x| x.id.as_str()))?
        };
        if let Some(id) = &sel.cable_id {
            labels.retain(|l| &l.cable_id == id);
        }
        let title = label_title(
            &r.profile()?.opd_code,
            room.as_ref().map(|x| x.short_code()).as_deref(),
        );
        drop(r);
        Ok(LabelRun {
            pages: layout(&labels, format),
            labels,
            title,
        })
    }

    pub fn labels_preview(
        &self,
        selection: &LabelSelection,
        format: LabelFormat,
        max_pages: u32,
    ) -> Result<LabelPreview, ApiError> {
        let run = self.label_run(selection, format)?;
        Ok(LabelPreview {
            pages: svg_pages(&run.pages, max_pages),
            total_pages: count(run.pages.len()),
            labels: count(run.labels.len() * 2),
        })
    }

    /// Writes the label PDF to `path`, or to the default folder when none.
    pub fn labels_save(
        &self,
        selection: &LabelSelection,
        format: LabelFormat,
        path: Option<&Path>,
    ) -> Result<LabelsWritten, ApiError> {
        let run = self.label_run(selection, format)?;
        if run.labels.is_empty() {
            return Err(ApiError::new(
                ErrorCode::Validation,
                "Tidak ada kabel terpasang untuk dicetak labelnya.",
            ));
        }
        let path = self.write_label_pdf(&run.pages, &run.title, format, path)?;
        self.replica()?.remember_printed(&run.labels)?;
        self.changed();
        Ok(LabelsWritten {
            pages: count(run.pages.len()),
            labels: count(run.labels.len() * 2),
            cables: count(run.labels.len()),
            path: path.display().to_string(),
        })
    }

    /// Where labels go without asking: `Documents/Simpul Label`, or a
    /// `label` folder beside the replica when there is no Documents folder.
    fn default_label_path(&self, title: &str, format: LabelFormat) -> Result<PathBuf, ApiError> {
        let beside = self.replica()?.path().parent().map(|d| d.join("label"));
        let dir = dirs::document_dir()
            .filter(|d| d.is_dir())
            .map(|d| d.join("Simpul Label"))
            .or(beside)
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
        Ok(dir.join(name))
    }
}

//! Asset tags: the print preview (the PDF's own layout drawn as SVG) and
//! the PDF, for some assets, a room, or every asset, optionally only the
//! ones never tagged on this device.

use super::count;
use super::labels::svg_pages;
use crate::Service;
use serde::{Deserialize, Serialize};
use simpul_core::asset_tag::AssetTag;
use simpul_core::{ApiError, ErrorCode};
use simpul_labels::{layout_tags, LabelFormat, Page};
use simpul_store::TagScope;
use specta::Type;
use std::path::Path;

/// Which assets to tag: these ids, else a room's, else all; with
/// `unprinted`, only those never tagged here.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct TagSelection {
    pub asset_ids: Vec<String>,
    /// A room id, short code (`G1L2.R07`) or room code (`R07`).
    pub room_id: Option<String>,
    pub unprinted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct TagPreview {
    /// The first pages, as SVG documents.
    pub pages: Vec<String>,
    pub total_pages: u32,
    pub tags: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct TagsWritten {
    pub pages: u32,
    pub tags: u32,
    pub path: String,
}

struct TagRun {
    pages: Vec<Page>,
    tags: Vec<AssetTag>,
    title: String,
}

/// The title of a tag document: `Label aset DINKES G1L2.R07`.
pub fn tag_title(opd: &str, room_code: Option<&str>) -> String {
    match room_code {
        Some(room) => format!("Label aset {opd} {room}"),
        None => format!("Label aset {opd}"),
    }
}

impl Service {
    fn tag_run(&self, sel: &TagSelection, format: LabelFormat) -> Result<TagRun, ApiError> {
        let r = self.configured()?;
        let room = match (&sel.room_id, sel.asset_ids.is_empty()) {
            (Some(key), true) => Some(r.find_room(key)?),
            _ => None,
        };
        let scope = match &room {
            _ if !sel.asset_ids.is_empty() => TagScope::Assets(&sel.asset_ids),
            Some(room) => TagScope::Room(&room.id),
            None => TagScope::All,
        };
        let tags = r.asset_tags(scope, sel.unprinted)?;
        let title = tag_title(
            &r.profile()?.opd_code,
            room.as_ref().map(|x| x.short_code()).as_deref(),
        );
        drop(r);
        Ok(TagRun {
            pages: layout_tags(&tags, format),
            tags,
            title,
        })
    }

    pub fn tags_preview(
        &self,
        selection: &TagSelection,
        format: LabelFormat,
        max_pages: u32,
    ) -> Result<TagPreview, ApiError> {
        let run = self.tag_run(selection, format)?;
        Ok(TagPreview {
            pages: svg_pages(&run.pages, max_pages),
            total_pages: count(run.pages.len()),
            tags: count(run.tags.len()),
        })
    }

    /// Writes the tag PDF to `path`, or to the default folder when none,
    /// and remembers the tags as printed here.
    pub fn tags_save(
        &self,
        selection: &TagSelection,
        format: LabelFormat,
        path: Option<&Path>,
    ) -> Result<TagsWritten, ApiError> {
        let run = self.tag_run(selection, format)?;
        if run.tags.is_empty() {
            return Err(ApiError::new(
                ErrorCode::Validation,
                if selection.unprinted {
                    "Semua aset yang dipilih sudah pernah dicetak labelnya di perangkat ini."
                } else {
                    "Tidak ada aset untuk dicetak labelnya."
                },
            ));
        }
        let path = self.write_label_pdf(&run.pages, &run.title, format, path)?;
        self.replica()?.remember_tags_printed(&run.tags)?;
        self.changed();
        Ok(TagsWritten {
            pages: count(run.pages.len()),
            tags: count(run.tags.len()),
            path: path.display().to_string(),
        })
    }
}

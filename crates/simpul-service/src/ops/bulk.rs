//! The asset list's bulk actions: a selection (ids, or every asset a list
//! query matches) and one edit, stored as one change.

use super::count;
use crate::Service;
use serde::{Deserialize, Serialize};
use simpul_core::bulk_edit::BulkEdit;
use simpul_core::{ApiError, ErrorCode, MaintenanceInput};
use simpul_store::AssetQuery;
use specta::Type;

/// The assets a bulk action takes: these ids, or, with `query`, every
/// asset the list's query matches ("all matching the filter").
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct BulkSelection {
    pub ids: Vec<String>,
    pub query: Option<AssetQuery>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct BulkDone {
    /// Assets the selection held.
    pub selected: u32,
    /// Assets changed (the others already were as asked).
    pub changed: u32,
}

impl Service {
    /// The ids a selection names.
    pub fn bulk_ids(&self, selection: &BulkSelection) -> Result<Vec<String>, ApiError> {
        match &selection.query {
            Some(q) => Ok(self.replica()?.matching_ids(q)?),
            None => Ok(selection.ids.clone()),
        }
    }

    /// The ids a selection names, refused when it names none.
    fn chosen_ids(&self, selection: &BulkSelection) -> Result<Vec<String>, ApiError> {
        let ids = self.bulk_ids(selection)?;
        if ids.is_empty() {
            return Err(ApiError::new(
                ErrorCode::Validation,
                "Pilih dulu aset yang akan diubah.",
            ));
        }
        Ok(ids)
    }

    /// Applies one edit to every asset of the selection: all or nothing.
    pub fn assets_bulk_edit(
        &self,
        selection: &BulkSelection,
        edit: &BulkEdit,
    ) -> Result<BulkDone, ApiError> {
        let ids = self.chosen_ids(selection)?;
        let changed = self.replica()?.bulk_edit(&ids, edit)?;
        if changed > 0 {
            self.edited();
        }
        Ok(BulkDone {
            selected: count(ids.len()),
            changed,
        })
    }

    /// Logs one maintenance entry (a service visit, a batch of repairs) on
    /// every asset of the selection: all or nothing, one entry each.
    pub fn assets_bulk_maintenance(
        &self,
        selection: &BulkSelection,
        entry: &MaintenanceInput,
    ) -> Result<BulkDone, ApiError> {
        let ids = self.chosen_ids(selection)?;
        let changed = self.replica()?.bulk_add_maintenance(&ids, entry)?;
        if changed > 0 {
            self.edited();
        }
        Ok(BulkDone {
            selected: count(ids.len()),
            changed,
        })
    }
}

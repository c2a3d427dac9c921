//! Bulk actions on assets: one edit applied to many assets, stored as one
//! change per document (one transaction), so each asset's history shows
//! it once and a failure leaves every asset as it was.

use crate::error::StoreError;
use crate::query::{self, AssetQuery};
use crate::replica::Replica;
use simpul_core::bulk_edit::BulkEdit;
use simpul_core::{DocId, FieldError, ValidationErrors};

/// At most this many problems are named when a bulk edit is refused.
const NAMED_PROBLEMS: usize = 5;

impl Replica {
    /// The ids of every asset a list query matches (the list's "all
    /// matching the filter"), in no set order.
    pub fn matching_ids(&self, q: &AssetQuery) -> Result<Vec<String>, StoreError> {
        query::matching_ids(&self.conn, q)
    }

    /// Applies `edit` to the assets `ids`: all or nothing. Returns how many
    /// assets changed (those already as asked are left alone).
    pub fn bulk_edit(&mut self, ids: &[String], edit: &BulkEdit) -> Result<u32, StoreError> {
        if let BulkEdit::Move { room_id } = edit {
            if let Some(problem) = self.room_problem(room_id)? {
                return Err(ValidationErrors(vec![problem]).into());
            }
        }
        let now = self.now_rfc3339();
        let mut changed = Vec::new();
        let mut problems: Vec<FieldError> = Vec::new();
        for id in ids {
            let asset = self.asset(id)?;
            self.require_write(&DocId::for_asset(&asset.opd, &asset.id))?;
            match edit.apply(&asset) {
                Ok(Some(mut a)) => {
                    a.updated_at.clone_from(&now);
                    changed.push(a);
                }
                Ok(None) => {}
                Err(e) => {
                    // The same value is wrong for every asset: say it once.
                    problems.extend(e.0);
                    break;
                }
            }
        }
        if !problems.is_empty() {
            problems.truncate(NAMED_PROBLEMS);
            return Err(ValidationErrors(problems).into());
        }
        if !changed.is_empty() {
            self.write_assets_bulk(&changed, edit.action(), &mut |_, _| {})?;
        }
        Ok(u32::try_from(changed.len()).unwrap_or(u32::MAX))
    }
}

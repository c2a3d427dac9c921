//! Concurrent edits of one field: Automerge keeps every value; the asset
//! page shows them and the user's choice is written as a new change that
//! supersedes them all (and syncs like any edit).

use crate::error::StoreError;
use crate::index;
use crate::replica::{DocWrite, Replica};
use serde::{Deserialize, Serialize};
use simpul_core::schema::{
    display_scalar, read_record, record_conflicts, settle_field, Collection,
};
use simpul_core::{Asset, DocId, FieldError, ValidationErrors};
use specta::Type;
use std::cell::RefCell;

/// One field of an asset with several values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FieldConflict {
    pub field: String,
    /// Every value; the one the list currently shows first.
    pub values: Vec<String>,
}

impl Replica {
    /// The conflicted fields of an asset.
    pub fn asset_conflicts(&mut self, id: &str) -> Result<Vec<FieldConflict>, StoreError> {
        let asset = self.asset(id)?;
        let doc_id = DocId::for_asset(&asset.opd, id);
        let doc = self.doc(&doc_id)?;
        let found =
            record_conflicts(doc, Collection::Assets, id).map_err(StoreError::doc(&doc_id))?;
        Ok(found
            .into_iter()
            .filter(|(f, _)| f != "updated_at")
            .map(|(field, values)| FieldConflict {
                field,
                values: values.iter().map(display_scalar).collect(),
            })
            .collect())
    }

    /// Settles a conflicted field with one of its values.
    pub fn settle_conflict(
        &mut self,
        id: &str,
        field: &str,
        value: &str,
    ) -> Result<Asset, StoreError> {
        let asset = self.asset(id)?;
        let doc_id = DocId::for_asset(&asset.opd, id);
        let doc = self.doc(&doc_id)?;
        let found =
            record_conflicts(doc, Collection::Assets, id).map_err(StoreError::doc(&doc_id))?;
        let chosen = found
            .into_iter()
            .find(|(f, _)| f == field)
            .and_then(|(_, values)| values.into_iter().find(|v| display_scalar(v) == value))
            .ok_or_else(|| {
                ValidationErrors(vec![FieldError::new(
                    field,
                    "conflict.gone",
                    "Nilai ini tidak lagi bertentangan; muat ulang halaman.",
                )])
            })?;
        let note = self.note("conflict.settle", vec![id.to_owned()])?;
        let (rid, f) = (id.to_owned(), field.to_owned());
        // The record as the settling change leaves it, for the index rows
        // written in the same transaction.
        let settled: RefCell<Option<Asset>> = RefCell::new(None);
        self.write(
            vec![DocWrite {
                id: doc_id.clone(),
                note,
                apply: Box::new(|tx| {
                    settle_field(tx, Collection::Assets, &rid, &f, chosen)?;
                    *settled.borrow_mut() = read_record(tx, Collection::Assets, &rid)?;
                    Ok(())
                }),
            }],
            |tx| match settled.borrow().as_ref() {
                Some(a) => index::put_asset(tx, a),
                None => Err(StoreError::NotFound("Aset")),
            },
        )?;
        settled.into_inner().ok_or(StoreError::NotFound("Aset"))
    }
}

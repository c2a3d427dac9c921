//! Concurrent edits of one field: Automerge keeps every value; the asset
//! and cable pages (and the inbox) show them and the user's choice is
//! written as a new change that supersedes them all (and syncs like any
//! edit).

use crate::error::StoreError;
use crate::index;
use crate::replica::{DocWrite, Replica};
use serde::{Deserialize, Serialize};
use simpul_core::schema::{
    display_scalar, read_record, record_conflicts, settle_field, Collection,
};
use simpul_core::{Asset, DocId, FieldError, ValidationErrors};
use specta::Type;
use std::sync::{Mutex, PoisonError};

/// One field of an asset with several values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FieldConflict {
    pub field: String,
    /// Every value; the one the list currently shows first.
    pub values: Vec<String>,
}

impl Replica {
    /// Where record `id` lives: an asset's shard or a cable's.
    fn record_site(&self, id: &str) -> Result<(DocId, Collection), StoreError> {
        match self.asset(id) {
            Ok(a) => Ok((DocId::for_asset(&a.opd, id), Collection::Assets)),
            Err(StoreError::NotFound(_)) => {
                let c = self.cable(id)?;
                Ok((DocId::for_network(&c.opd, id), Collection::Cables))
            }
            Err(e) => Err(e),
        }
    }

    /// The conflicted fields of an asset or a cable.
    pub fn asset_conflicts(&mut self, id: &str) -> Result<Vec<FieldConflict>, StoreError> {
        let (doc_id, coll) = self.record_site(id)?;
        let doc = self.doc(&doc_id)?;
        let found = record_conflicts(doc, coll, id).map_err(StoreError::doc(&doc_id))?;
        Ok(found
            .into_iter()
            .filter(|(f, _)| f != "updated_at")
            .map(|(field, values)| FieldConflict {
                field,
                values: values.iter().map(display_scalar).collect(),
            })
            .collect())
    }

    /// Settles a conflicted field of an asset or a cable with one of its values.
    pub fn settle_conflict(
        &mut self,
        id: &str,
        field: &str,
        value: &str,
    ) -> Result<(), StoreError> {
        let (doc_id, coll) = self.record_site(id)?;
        self.require_write(&doc_id)?;
        let doc = self.doc(&doc_id)?;
        let found = record_conflicts(doc, coll, id).map_err(StoreError::doc(&doc_id))?;
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
        let settled: Mutex<Option<Settled>> = Mutex::new(None);
        self.write(
            vec![DocWrite {
                id: doc_id.clone(),
                note,
                apply: Box::new(|tx| {
                    settle_field(tx, coll, &rid, &f, chosen)?;
                    *settled.lock().unwrap_or_else(PoisonError::into_inner) = match coll {
                        Collection::Cables => {
                            read_record(tx, coll, &rid)?.map(|c| Settled::Cable(Box::new(c)))
                        }
                        _ => read_record(tx, coll, &rid)?.map(|a| Settled::Asset(Box::new(a))),
                    };
                    Ok(())
                }),
            }],
            |tx| match settled
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .as_ref()
            {
                Some(Settled::Asset(a)) => index::put_asset(tx, a),
                Some(Settled::Cable(c)) => crate::net_index::put_cable(tx, c),
                None => Err(StoreError::NotFound("Rekaman")),
            },
        )
    }
}

enum Settled {
    Asset(Box<Asset>),
    Cable(Box<simpul_core::cabling::Cable>),
}

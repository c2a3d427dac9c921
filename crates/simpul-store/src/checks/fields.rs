//! Concurrent values of one field: read from the document by the write and
//! merge paths, stored as a `concurrent_edit` entry in the same transaction.

use super::evaluate::{asset_record, cable_records};
use super::store;
use crate::error::StoreError;
use rusqlite::Transaction;
use simpul_core::checks::{CheckKey, Conflict, ConflictKind, RecordKind};

/// The concurrent values of one record's fields, read from its document.
pub(crate) struct FieldValues {
    record: String,
    kind: RecordKind,
    opd: String,
    fields: Vec<String>,
}

/// Reads the fields of `record` that hold several values, if the record is
/// an asset or a cable of document `id`.
pub(crate) fn field_values_of(
    doc: &automerge::Automerge,
    id: &simpul_core::DocId,
    record: &str,
) -> Result<Option<FieldValues>, StoreError> {
    use simpul_core::schema::{record_conflicts, Collection};
    use simpul_core::DocId;
    let (coll, kind) = match id {
        DocId::Assets { .. } => (Collection::Assets, RecordKind::Asset),
        DocId::Network { .. } => (Collection::Cables, RecordKind::Cable),
        _ => return Ok(None),
    };
    let found = record_conflicts(doc, coll, record).map_err(StoreError::doc(id))?;
    if simpul_core::schema::record_obj(doc, coll, record)
        .map_err(StoreError::doc(id))?
        .is_none()
    {
        return Ok(None);
    }
    Ok(Some(FieldValues {
        record: record.to_owned(),
        kind,
        opd: id.opd().unwrap_or_default().to_owned(),
        fields: found
            .into_iter()
            .map(|(f, _)| f)
            .filter(|f| f != "updated_at")
            .collect(),
    }))
}

/// Stores (or clears) a record's concurrent-edit conflict.
pub(crate) fn put_fields(tx: &Transaction<'_>, fv: &FieldValues) -> Result<(), StoreError> {
    let key = CheckKey::Fields {
        record: fv.record.clone(),
    }
    .to_string();
    if fv.fields.is_empty() {
        return store(tx, &key, None);
    }
    let record = match fv.kind {
        RecordKind::Asset => asset_record(tx, &fv.record, &fv.opd)?,
        RecordKind::Cable => cable_records(tx, vec![(fv.record.clone(), fv.opd.clone())])?
            .pop()
            .ok_or(StoreError::NotFound("Kabel"))?,
        // Concurrent values are read for assets and cables only.
        RecordKind::Node
        | RecordKind::Room
        | RecordKind::Registration
        | RecordKind::Pool
        | RecordKind::Decision
        | RecordKind::Maintenance
        | RecordKind::Plan
        | RecordKind::Visit => return store(tx, &key, None),
    };
    let c = Conflict {
        key: key.clone(),
        kind: ConflictKind::ConcurrentEdit,
        subject: fv.fields.join(", "),
        records: vec![record],
    };
    store(tx, &key, Some(&c))
}

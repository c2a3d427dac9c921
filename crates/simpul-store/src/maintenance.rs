//! An asset's maintenance log, kept in the asset's own document.

use crate::error::StoreError;
use crate::index;
use crate::replica::{DocWrite, Replica};
use rusqlite::params;
use simpul_core::schema::Collection;
use simpul_core::{DocId, MaintenanceEntry, MaintenanceInput};
use std::collections::BTreeMap;

impl Replica {
    /// Adds a maintenance entry to an asset's log (same document as the asset).
    pub fn add_maintenance(
        &mut self,
        input: &MaintenanceInput,
    ) -> Result<MaintenanceEntry, StoreError> {
        let asset = self.asset(&input.asset_id)?;
        let mut entry = input.validate(self.clock().today())?;
        entry.id = self.new_id();
        entry.created_at = self.now_rfc3339();
        let note = self.note("maintenance.add", vec![entry.id.clone(), asset.id.clone()])?;
        let doc = DocId::for_asset(&asset.opd, &asset.id);
        let e = &entry;
        self.write(
            vec![DocWrite::record(
                doc,
                note,
                Collection::Maintenance,
                &e.id,
                e,
            )],
            |tx| index::put_maintenance(tx, e),
        )?;
        Ok(entry)
    }

    /// Adds the same maintenance entry (one service visit, one batch of
    /// repairs) to each asset of `ids`: validated once, all or nothing, one
    /// change per document. Returns how many entries were added. The
    /// entry's own `asset_id` is ignored.
    pub fn bulk_add_maintenance(
        &mut self,
        ids: &[String],
        input: &MaintenanceInput,
    ) -> Result<u32, StoreError> {
        let template = input.validate(self.clock().today())?;
        let created_at = self.now_rfc3339();
        let mut by_doc: BTreeMap<DocId, Vec<MaintenanceEntry>> = BTreeMap::new();
        for id in ids {
            let asset = self.asset(id)?;
            let doc = DocId::for_asset(&asset.opd, &asset.id);
            self.require_write(&doc)?;
            let mut entry = template.clone();
            entry.id = self.new_id();
            entry.asset_id.clone_from(&asset.id);
            entry.created_at.clone_from(&created_at);
            by_doc.entry(doc).or_default().push(entry);
        }
        if by_doc.is_empty() {
            return Ok(0);
        }
        let note = self.note("maintenance.add", Vec::new())?;
        let writes = by_doc
            .iter()
            .map(|(id, list)| {
                let records = list.iter().map(|e| (e.id.as_str(), e)).collect();
                DocWrite::records(id.clone(), note.clone(), Collection::Maintenance, records)
            })
            .collect();
        self.write(writes, |tx| {
            for e in by_doc.values().flatten() {
                index::put_maintenance(tx, e)?;
            }
            Ok(())
        })?;
        let added = by_doc.values().map(Vec::len).sum::<usize>();
        Ok(u32::try_from(added).unwrap_or(u32::MAX))
    }

    /// An asset's maintenance log, newest first.
    pub fn maintenance_of(&self, asset_id: &str) -> Result<Vec<MaintenanceEntry>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT record FROM maintenance WHERE asset_id = ?1 ORDER BY date DESC, id DESC",
        )?;
        let rows = stmt.query_map(params![asset_id], |r| r.get::<_, String>(0))?;
        rows.map(|json| Ok(serde_json::from_str(&json?)?)).collect()
    }
}

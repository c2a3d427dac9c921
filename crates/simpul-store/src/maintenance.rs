//! An asset's maintenance log, kept in the asset's own document.

use crate::error::StoreError;
use crate::index;
use crate::replica::{DocWrite, Replica};
use rusqlite::params;
use simpul_core::schema::Collection;
use simpul_core::{DocId, MaintenanceEntry, MaintenanceInput};

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

    /// An asset's maintenance log, newest first.
    pub fn maintenance_of(&self, asset_id: &str) -> Result<Vec<MaintenanceEntry>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT record FROM maintenance WHERE asset_id = ?1 ORDER BY date DESC, id DESC",
        )?;
        let rows = stmt.query_map(params![asset_id], |r| r.get::<_, String>(0))?;
        rows.map(|json| Ok(serde_json::from_str(&json?)?)).collect()
    }
}

//! The change history of any record a page shows: which document holds it
//! and under which collection, then the one history reader
//! (`simpul_core::history`) with who signed each change.

use crate::error::StoreError;
use crate::replica::Replica;
use rusqlite::{params, OptionalExtension};
use simpul_core::checks::RecordKind;
use simpul_core::history::HistoryEntry;
use simpul_core::schema::Collection;
use simpul_core::DocId;

impl Replica {
    /// The OPD of a record of an OPD's documents, from its index table.
    fn opd_of(
        &self,
        table: &'static str,
        id: &str,
        what: &'static str,
    ) -> Result<String, StoreError> {
        self.conn
            .prepare_cached(&format!("SELECT opd FROM {table} WHERE id = ?1"))?
            .query_row(params![id], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NotFound(what))
    }

    /// The history of one record, oldest first, each change naming who
    /// signed it. A registration's includes Diskominfo's decisions on it.
    pub fn record_history(
        &mut self,
        kind: RecordKind,
        id: &str,
    ) -> Result<Vec<HistoryEntry>, StoreError> {
        let (doc, collection) = match kind {
            RecordKind::Asset => (
                DocId::for_asset(&self.opd_of("asset", id, "Aset")?, id),
                Collection::Assets,
            ),
            RecordKind::Cable => (
                DocId::for_network(&self.opd_of("cable", id, "Kabel")?, id),
                Collection::Cables,
            ),
            RecordKind::Room => (
                DocId::OpdMeta {
                    opd: self.opd_of("room", id, "Ruangan")?,
                },
                Collection::Rooms,
            ),
            RecordKind::Node => (
                DocId::for_network(&self.opd_of("node", id, "Perangkat jaringan")?, id),
                Collection::Nodes,
            ),
            RecordKind::Registration => (
                DocId::Registrations {
                    opd: self.opd_of("registration", id, "Pendaftaran jaringan")?,
                },
                Collection::Registrations,
            ),
            RecordKind::Pool => (DocId::Regency, Collection::Pools),
            RecordKind::Decision => (DocId::Regency, Collection::Decisions),
            RecordKind::Maintenance => {
                let asset: String = self
                    .conn
                    .prepare_cached("SELECT asset_id FROM maintenance WHERE id = ?1")?
                    .query_row(params![id], |r| r.get(0))
                    .optional()?
                    .ok_or(StoreError::NotFound("Catatan pemeliharaan"))?;
                (
                    DocId::for_asset(&self.opd_of("asset", &asset, "Aset")?, &asset),
                    Collection::Maintenance,
                )
            }
            RecordKind::Visit => {
                let mut entries = self.history_of(
                    &DocId::Regency,
                    Collection::Visits,
                    &format!("{}{id}", simpul_core::regency::oversight::KEY_PREFIX),
                )?;
                entries.sort_by(|a, b| a.time_ms.total_cmp(&b.time_ms));
                return Ok(entries);
            }
            RecordKind::Plan => (
                DocId::OpdMeta {
                    opd: self.opd_of("maintenance_plan", id, "Rencana pemeliharaan")?,
                },
                Collection::Plans,
            ),
        };
        let mut entries = self.history_of(&doc, collection, id)?;
        if kind == RecordKind::Registration {
            entries.extend(self.history_of(&DocId::Regency, Collection::Decisions, id)?);
            entries.sort_by(|a, b| a.time_ms.total_cmp(&b.time_ms));
        }
        Ok(entries)
    }
}

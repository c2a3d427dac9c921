//! Diskominfo's oversight visits (pengawasan), in the regency document:
//! recorded by a Diskominfo device, read by every device (an OPD sees the
//! findings and the follow-up asked of it).

use crate::error::StoreError;
use crate::regency_index as ri;
use crate::replica::Replica;
use rusqlite::{params, OptionalExtension};
use simpul_core::regency::oversight::{OversightVisit, OversightVisitInput};
use simpul_core::schema::Collection;
use simpul_core::DocId;

impl Replica {
    /// Records or corrects a visit (Diskominfo only).
    pub fn save_visit(
        &mut self,
        input: &OversightVisitInput,
    ) -> Result<OversightVisit, StoreError> {
        self.require_write(&DocId::Regency)?;
        let base = if input.id.trim().is_empty() {
            OversightVisit {
                id: self.new_id(),
                ..OversightVisit::default()
            }
        } else {
            self.visit(input.id.trim())?
        };
        let visit = input.apply_to(&base, self.clock().today())?;
        let v = &visit;
        self.put_record(
            DocId::Regency,
            Collection::Visits,
            &v.key(),
            v,
            "visit.save",
            |tx| ri::put_visit(tx, v),
        )?;
        Ok(visit)
    }

    pub fn visit(&self, id: &str) -> Result<OversightVisit, StoreError> {
        let json: String = self
            .conn
            .prepare_cached("SELECT record FROM oversight_visit WHERE id = ?1")?
            .query_row(params![id], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NotFound("Kunjungan pengawasan"))?;
        Ok(serde_json::from_str(&json)?)
    }

    /// The visits this device shows (every OPD's on a Diskominfo device,
    /// the own OPD's elsewhere), newest first.
    pub fn visits(&self) -> Result<Vec<OversightVisit>, StoreError> {
        let opd = self.visible_opd()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT record FROM oversight_visit WHERE (?1 IS NULL OR opd = ?1) ORDER BY date DESC, id DESC",
        )?;
        let rows = stmt.query_map(params![opd], |r| r.get::<_, String>(0))?;
        rows.map(|j| Ok(serde_json::from_str(&j?)?)).collect()
    }
}

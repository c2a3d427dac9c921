//! Assets: the form's validation and save (numbering within the OPD), one
//! asset with its room, history and maintenance, the list and the figures.

use crate::error::StoreError;
use crate::index;
use crate::query::{self, AssetPage, AssetQuery};
use crate::replica::{DocWrite, Replica};
use crate::stats::{self, Stats};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use simpul_core::history::HistoryEntry;
use simpul_core::nomor_register;
use simpul_core::schema::Collection;
use simpul_core::{Asset, AssetInput, DocId, FieldError, MaintenanceEntry, ValidationErrors};
use specta::Type;

/// An asset with everything its detail page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct AssetDetail {
    pub asset: Asset,
    pub room: Option<simpul_core::RoomView>,
    pub history: Vec<HistoryEntry>,
    pub maintenance: Vec<MaintenanceEntry>,
    /// Its loans, newest first.
    pub loans: Vec<simpul_core::handover::Loan>,
}

impl Replica {
    fn current_year(&self) -> i32 {
        crate::clock::year(self.clock())
    }

    /// Validates a form without saving (inline validation in the UI).
    pub fn validate_asset(&self, input: &AssetInput) -> Result<Vec<FieldError>, StoreError> {
        let base = Asset::default();
        let mut errs = match input.apply_to(&base, self.current_year()) {
            Ok(_) => Vec::new(),
            Err(e) => e.0,
        };
        errs.extend(self.room_problem(&input.room_id)?);
        Ok(errs)
    }

    /// The problem with a room id, if the room does not exist (a database
    /// failure is an error, never read as "no such room").
    pub(crate) fn room_problem(&self, room_id: &str) -> Result<Option<FieldError>, StoreError> {
        if room_id.trim().is_empty() {
            return Ok(None);
        }
        let found = self
            .conn
            .prepare_cached("SELECT 1 FROM room WHERE id = ?1")?
            .query_row(params![room_id.trim()], |_| Ok(()))
            .optional()?
            .is_some();
        if found {
            Ok(None)
        } else {
            Ok(Some(FieldError::new(
                "room_id",
                "room_id.unknown",
                "Ruangan tidak ditemukan; pilih dari daftar ruangan.",
            )))
        }
    }

    /// The next nomor register for a kode barang in this OPD (`0001` onwards).
    pub(crate) fn next_register(&self, opd: &str, kode_barang: &str) -> Result<String, StoreError> {
        let max: Option<i64> = self
            .conn
            .prepare_cached(&format!(
                "SELECT {} FROM asset WHERE opd = ?1 AND kode_barang = ?2",
                nomor_register::SQL_MAX
            ))?
            .query_row(params![opd, kode_barang], |r| r.get(0))?;
        Ok(nomor_register::next(
            max.and_then(|m| u64::try_from(m).ok()),
        ))
    }

    /// Creates (empty `id`) or updates an asset: one Automerge change and its
    /// index rows in one SQLite transaction. Returns the stored record.
    pub fn save_asset(&mut self, input: &AssetInput) -> Result<Asset, StoreError> {
        let profile = self.profile()?.clone();
        let (base, action) = if input.id.trim().is_empty() {
            let now = self.now_rfc3339();
            let id = self.new_id();
            (
                Asset {
                    id,
                    opd: profile.opd_code.clone(),
                    created_at: now.clone(),
                    updated_at: now,
                    ..Default::default()
                },
                "asset.create",
            )
        } else {
            (self.asset(input.id.trim())?, "asset.update")
        };
        let mut asset = match input.apply_to(&base, self.current_year()) {
            Ok(a) => a,
            Err(mut e) => {
                if let Some(room) = self.room_problem(&input.room_id)? {
                    e.push(room);
                }
                return Err(e.into());
            }
        };
        if let Some(room) = self.room_problem(&asset.room_id)? {
            return Err(ValidationErrors(vec![room]).into());
        }
        if asset.nomor_register.is_empty() {
            asset.nomor_register = self.next_register(&asset.opd, &asset.kode_barang)?;
        }
        if action == "asset.update" && asset == base {
            return Ok(base);
        }
        asset.updated_at = self.now_rfc3339();
        let doc = DocId::for_asset(&asset.opd, &asset.id);
        self.require_write(&doc)?;
        let note = self.note(action, vec![asset.id.clone()])?;
        // A registered asset whose addresses change is registered anew.
        let follow = self.registration_following(&asset)?;
        let a = &asset;
        let mut writes = vec![DocWrite::record(doc, note, Collection::Assets, &a.id, a)];
        if let Some(reg) = &follow {
            writes.push(self.resubmission(reg)?);
        }
        self.write(writes, |tx| {
            index::put_asset(tx, a)?;
            match &follow {
                Some(reg) => crate::regency_index::put_registration(tx, reg),
                None => Ok(()),
            }
        })?;
        Ok(asset)
    }

    /// One asset, from the index.
    pub fn asset(&self, id: &str) -> Result<Asset, StoreError> {
        let json: Option<String> =
            self.conn.prepare_cached("SELECT r.record FROM asset a JOIN asset_record r ON r.rowid = a.rowid WHERE a.id = ?1")?.query_row(params![id], |r| r.get(0)).optional()?;
        let json = json.ok_or(StoreError::NotFound("Aset"))?;
        Ok(serde_json::from_str(&json)?)
    }

    /// An asset with its room, full change history and maintenance log.
    pub fn asset_detail(&mut self, id: &str) -> Result<AssetDetail, StoreError> {
        let asset = self.asset(id)?;
        let room = self.rooms()?.into_iter().find(|r| r.id == asset.room_id);
        let maintenance = self.maintenance_of(id)?;
        let history = self.history_of(
            &DocId::for_asset(&asset.opd, &asset.id),
            Collection::Assets,
            id,
        )?;
        Ok(AssetDetail {
            loans: self.loans_of(id)?,
            asset,
            room: room.map(Into::into),
            history,
            maintenance,
        })
    }

    /// A page of the asset list.
    pub fn assets(&self, q: &AssetQuery) -> Result<AssetPage, StoreError> {
        query::assets(&self.conn, q)
    }

    /// Every asset not disposed, in KIB B order (kode barang, register).
    pub fn all_assets(&self) -> Result<Vec<Asset>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT r.record FROM asset a JOIN asset_record r ON r.rowid = a.rowid
             WHERE a.lifecycle <> 'dihapus' ORDER BY a.kode_barang, CAST(a.nomor_register AS INTEGER), a.nomor_register",
        )?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.map(|json| Ok(serde_json::from_str(&json?)?)).collect()
    }

    /// The asset a scanned or typed code names exactly, if exactly one.
    pub fn lookup_code(&self, code: &str) -> Result<Option<String>, StoreError> {
        query::lookup_code(&self.conn, code)
    }

    pub fn stats(&self) -> Result<Stats, StoreError> {
        let mut s = stats::stats(&self.conn)?;
        s.conflicts = self.conflict_count()?;
        s.registrations_waiting = self.registrations_waiting()?;
        Ok(s)
    }
}

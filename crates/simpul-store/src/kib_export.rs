//! What a KIB B export holds: each OPD's live assets with its rooms, under
//! the kode lokasi and nama UPB last given for that OPD on this device.

use crate::error::StoreError;
use crate::replica::Replica;
use rusqlite::params;
use simpul_core::kib::{KibSheet, KibUnit};

impl Replica {
    /// The units an export can cover: this OPD, or on a Diskominfo device
    /// every OPD that has assets.
    pub fn kib_units(&self) -> Result<Vec<KibUnit>, StoreError> {
        let p = self.profile()?.clone();
        let names = crate::regency_index::opds(&self.conn)?;
        let mut codes = vec![p.opd_code.clone()];
        if self.is_diskominfo()? {
            let mut stmt = self.conn.prepare(
                "SELECT DISTINCT opd FROM asset WHERE lifecycle <> 'dihapus' ORDER BY opd",
            )?;
            for code in stmt.query_map([], |r| r.get::<_, String>(0))? {
                let code = code?;
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
        }
        codes
            .into_iter()
            .map(|code| {
                let opd_name = if code == p.opd_code {
                    p.opd_name.clone()
                } else {
                    names
                        .iter()
                        .find(|o| o.code == code)
                        .map_or_else(|| code.clone(), |o| o.name.clone())
                };
                Ok(KibUnit {
                    nama_upb: self
                        .meta(&format!("kib.nama_upb.{code}"))?
                        .unwrap_or_else(|| opd_name.clone()),
                    kode_lokasi: self.kode_lokasi(&code)?,
                    opd_name,
                    opd_code: code,
                })
            })
            .collect()
    }

    /// Remembers a unit's kode lokasi and nama UPB for the next export.
    pub fn remember_kib_unit(&mut self, unit: &KibUnit) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for (k, v) in [
            ("kode_lokasi", &unit.kode_lokasi),
            ("nama_upb", &unit.nama_upb),
        ] {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![format!("kib.{k}.{}", unit.opd_code), v.trim()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The kode lokasi last given for an OPD's KIB B (empty when never):
    /// the export and the room card print the same one.
    pub(crate) fn kode_lokasi(&self, opd: &str) -> Result<String, StoreError> {
        Ok(self
            .meta(&format!("kib.kode_lokasi.{opd}"))?
            .unwrap_or_default())
    }

    /// One sheet per unit: its live assets in KIB B order, and its rooms.
    pub fn kib_sheets(&self, units: &[KibUnit]) -> Result<Vec<KibSheet>, StoreError> {
        let regency = self.profile()?.regency.clone();
        let rooms = self.rooms()?;
        let mut stmt = self.conn.prepare(
            "SELECT r.record FROM asset a JOIN asset_record r ON r.rowid = a.rowid
             WHERE a.opd = ?1 AND a.lifecycle <> 'dihapus'
             ORDER BY a.kode_barang, CAST(a.nomor_register AS INTEGER), a.nomor_register",
        )?;
        units
            .iter()
            .map(|u| {
                let assets = stmt
                    .query_map([&u.opd_code], |r| r.get::<_, String>(0))?
                    .map(|json| Ok(serde_json::from_str(&json?)?))
                    .collect::<Result<Vec<_>, StoreError>>()?;
                Ok(KibSheet {
                    regency: regency.clone(),
                    unit: u.clone(),
                    assets,
                    rooms: rooms
                        .iter()
                        .filter(|r| r.opd == u.opd_code)
                        .cloned()
                        .collect(),
                })
            })
            .collect()
    }
}

//! Handovers on the replica: the record in the OPD's stock documents and
//! every asset's new holder in one write, all or nothing; a holder's page
//! (what a NIP holds, the handovers naming it); the BAST's content.

use crate::error::StoreError;
use crate::index;
use crate::replica::{DocWrite, Replica};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use simpul_core::handover::{Handover, HandoverInput};
use simpul_core::report::{BastData, KirRow};
use simpul_core::schema::Collection;
use simpul_core::{Asset, DocId, FieldError, ValidationErrors};
use specta::Type;
use std::collections::BTreeMap;

/// At most this many assets are named when a handover is refused.
const NAMED_PROBLEMS: usize = 5;

/// What a person (by NIP) holds and the handovers that name them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct HolderView {
    pub nip: String,
    /// The name the records give (the latest handover's, else an asset's).
    pub name: String,
    pub assets: Vec<HeldAsset>,
    /// Newest first.
    pub handovers: Vec<Handover>,
}

/// One asset a holder has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct HeldAsset {
    pub id: String,
    /// `Laptop 1.3.2.10.02.03.001.0004`.
    pub label: String,
    pub room: String,
    pub condition: String,
}

impl Replica {
    /// Records a handover: every asset passes to the receiving party (or
    /// back to the store room) in the same change. Refused, with nothing
    /// written, when an asset is not the OPD's or not held by the handing
    /// party.
    pub fn hand_over(&mut self, input: &HandoverInput) -> Result<Handover, StoreError> {
        let mut h = input.validate(self.clock().today())?;
        let opd = self.profile()?.opd_code.clone();
        let now = self.now_rfc3339();
        let mut changed = Vec::with_capacity(h.asset_ids.len());
        let mut problems: Vec<FieldError> = Vec::new();
        for id in &h.asset_ids {
            let asset = self.asset(id)?;
            if asset.opd != opd {
                problems.push(FieldError::new(
                    "asset_ids",
                    "handover.other_opd",
                    format!("{} milik {}, bukan {opd}.", asset.nama, asset.opd),
                ));
                continue;
            }
            match h.apply(&asset) {
                Ok(a) if a != asset => changed.push(Asset {
                    updated_at: now.clone(),
                    ..a
                }),
                Ok(_) => {}
                Err(e) => problems.push(e),
            }
        }
        if !problems.is_empty() {
            problems.truncate(NAMED_PROBLEMS);
            return Err(ValidationErrors(problems).into());
        }
        h.id = self.new_id();
        h.opd = opd;
        h.made_at = now;
        h.by = self.person_name()?;
        self.write_handover(&h, &changed)?;
        Ok(h)
    }

    /// The handover record and the assets' new holder: one change per
    /// document, one transaction.
    fn write_handover(&mut self, h: &Handover, assets: &[Asset]) -> Result<(), StoreError> {
        let doc = DocId::for_stocktake(&h.opd, &h.id);
        self.require_write(&doc)?;
        let mut by_doc: BTreeMap<DocId, Vec<&Asset>> = BTreeMap::new();
        for a in assets {
            let d = DocId::for_asset(&a.opd, &a.id);
            self.require_write(&d)?;
            by_doc.entry(d).or_default().push(a);
        }
        let note = self.note(h.kind.action(), vec![h.id.clone()])?;
        // The asset documents' changes name no records, as a bulk edit's:
        // each asset's history finds its own change by what it touched.
        let assets_note = self.note(h.kind.action(), Vec::new())?;
        let mut writes = vec![DocWrite::record(doc, note, Collection::Handovers, &h.id, h)];
        for (id, list) in by_doc {
            let records = list.into_iter().map(|a| (a.id.as_str(), a)).collect();
            writes.push(DocWrite::records(
                id,
                assets_note.clone(),
                Collection::Assets,
                records,
            ));
        }
        self.write(writes, |tx| {
            put_handover(tx, h)?;
            for a in assets {
                index::put_asset(tx, a)?;
            }
            Ok(())
        })
    }

    pub fn handover(&self, id: &str) -> Result<Handover, StoreError> {
        let json: String = self
            .conn
            .prepare_cached("SELECT record FROM handover WHERE id = ?1")?
            .query_row(params![id.trim()], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NotFound("Berita acara serah terima"))?;
        Ok(serde_json::from_str(&json)?)
    }

    /// What `nip` holds now (on this device's records) and the handovers
    /// that name them.
    pub fn holder(&self, nip: &str) -> Result<HolderView, StoreError> {
        let nip = simpul_core::Nip::parse("nip", nip)
            .map_err(|e| ValidationErrors(vec![e]))?
            .digits()
            .to_owned();
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.nama || ' ' || a.kode_barang || '.' || a.nomor_register,
                    coalesce(r.short_code || ' ' || r.name, ''), a.condition, a.holder_name
             FROM asset a LEFT JOIN room r ON r.id = a.room_id
             WHERE a.holder_nip = ?1 AND a.lifecycle <> 'dihapus'",
        )?;
        let mut name = String::new();
        let mut assets = Vec::new();
        let rows = stmt.query_map(params![nip], |r| {
            Ok((
                HeldAsset {
                    id: r.get(0)?,
                    label: r.get(1)?,
                    room: r.get(2)?,
                    condition: r.get(3)?,
                },
                r.get::<_, String>(4)?,
            ))
        })?;
        for row in rows {
            let (a, holder) = row?;
            name = holder;
            assets.push(a);
        }
        assets.sort_by(|a, b| a.label.cmp(&b.label));
        let mut stmt = self.conn.prepare_cached(
            "SELECT record FROM handover WHERE from_nip = ?1 UNION SELECT record FROM handover WHERE to_nip = ?1",
        )?;
        let mut handovers: Vec<Handover> = stmt
            .query_map(params![nip], |r| r.get::<_, String>(0))?
            .map(|j| Ok(serde_json::from_str::<Handover>(&j?)?))
            .collect::<Result<_, StoreError>>()?;
        handovers.sort_by(|a, b| (&b.date, &b.made_at).cmp(&(&a.date, &a.made_at)));
        if let Some(latest) = handovers.first() {
            name = if latest.to.nip == nip {
                latest.to.name.clone()
            } else {
                latest.from.name.clone()
            };
        }
        Ok(HolderView {
            nip,
            name,
            assets,
            handovers,
        })
    }

    /// The BAST of handover `id`, to be signed at `place`.
    pub fn bast_data(&self, id: &str, place: &str) -> Result<BastData, StoreError> {
        let h = self.handover(id)?;
        let mut rows = Vec::with_capacity(h.asset_ids.len());
        for aid in &h.asset_ids {
            rows.push(KirRow::of(&self.asset(aid)?));
        }
        rows.sort_by(|a, b| {
            (&a.kode_barang, &a.nomor_register).cmp(&(&b.kode_barang, &b.nomor_register))
        });
        Ok(BastData {
            regency: self.profile()?.regency.clone(),
            opd_name: self.opd_name(&h.opd)?,
            place: place.split_whitespace().collect::<Vec<_>>().join(" "),
            handover: h,
            rows,
        })
    }
}

pub(crate) fn put_handover(tx: &Transaction<'_>, h: &Handover) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO handover (id, opd, date, from_nip, to_nip, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(id) DO UPDATE SET opd = excluded.opd, date = excluded.date,
           from_nip = excluded.from_nip, to_nip = excluded.to_nip, record = excluded.record",
    )?
    .execute(params![
        h.id,
        h.opd,
        h.date,
        h.from.nip,
        h.to.nip,
        serde_json::to_string(h)?
    ])?;
    Ok(())
}

//! Stock-take on the replica: sessions, scans, moving what a scan found
//! elsewhere, closing rooms. Each lives in the OPD's `opd/X/stock/NN`
//! documents (one record per scan, so devices scanning offline merge);
//! what a room's scans mean is `simpul_core::stocktake::tally_room`, read
//! by [`Replica::room_check`].

use crate::error::StoreError;
use crate::index;
use crate::replica::{DocWrite, Replica};
use rusqlite::{params, OptionalExtension, Transaction};
use simpul_core::choice::from_key;
use simpul_core::schema::Collection;
use simpul_core::stocktake::{
    AssetAt, ClosedRoom, Scan, ScanInput, ScanStamp, StockTake, StockTakeInput,
};
use simpul_core::{Asset, Condition, DocId, ValidationErrors};

impl Replica {
    /// Starts a session for this device's OPD.
    pub fn start_stocktake(&mut self, input: &StockTakeInput) -> Result<StockTake, StoreError> {
        let mut session = input.validate(self.clock().today())?;
        let opd = self.profile()?.opd_code.clone();
        for room in &session.rooms {
            if let Some(problem) = self.room_problem(room)? {
                return Err(ValidationErrors(vec![problem]).into());
            }
        }
        session.id = self.new_id();
        session.opd = opd;
        self.put_session(&session, "stocktake.start")?;
        Ok(session)
    }

    /// Ends a session: no more scans. Rooms not closed stay as they are.
    pub fn finish_stocktake(&mut self, id: &str) -> Result<StockTake, StoreError> {
        let mut session = self.stocktake(id)?;
        if session.is_open() {
            session.closed_at = self.now_rfc3339();
            self.put_session(&session, "stocktake.finish")?;
        }
        Ok(session)
    }

    fn put_session(&mut self, s: &StockTake, action: &str) -> Result<(), StoreError> {
        let doc = DocId::for_stocktake(&s.opd, &s.id);
        self.require_write(&doc)?;
        self.put_record(doc, Collection::StockTakes, &s.id, s, action, |tx| {
            put_stocktake(tx, s)
        })
    }

    pub fn stocktake(&self, id: &str) -> Result<StockTake, StoreError> {
        let json: String = self
            .conn
            .prepare_cached("SELECT record FROM stocktake WHERE id = ?1")?
            .query_row(params![id.trim()], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NotFound("Inventarisasi"))?;
        Ok(serde_json::from_str(&json)?)
    }

    /// Records a scan: what the code names in the session's OPD, and the
    /// condition given, which the asset takes in the same change.
    pub fn scan(&mut self, input: &ScanInput) -> Result<Scan, StoreError> {
        let session = self.stocktake(&input.stocktake_id)?;
        let asset = match self.lookup_code_in(&input.code, &session.opd)? {
            Some(id) => Some(self.asset(&id)?),
            None => None,
        };
        let at = asset.as_ref().map(asset_at);
        let id = self.new_id();
        let now = self.now_rfc3339();
        let by = self.person_name()?;
        let stamp = ScanStamp {
            id: &id,
            at: &now,
            by: &by,
        };
        let scan = Scan::record(&session, input, at.as_ref(), stamp)?;
        let rerated = match (scan.rerated(), asset) {
            (Some(c), Some(a)) => Some(Asset {
                condition: c,
                updated_at: now.clone(),
                ..a
            }),
            _ => None,
        };
        self.write_scan(&session, &scan, rerated.as_ref(), "stocktake.scan")?;
        Ok(scan)
    }

    /// Moves the asset a scan found in another room into the scan's room
    /// (the record was wrong, the item stays where it was found).
    pub fn move_scanned(&mut self, scan_id: &str) -> Result<Asset, StoreError> {
        let scan = self.scan_record(scan_id)?;
        if scan.asset_id.is_empty() {
            return Err(StoreError::Forbidden(format!(
                "Kode \"{}\" tidak menunjuk aset terdaftar: daftarkan dulu.",
                scan.code
            )));
        }
        let asset = self.asset(&scan.asset_id)?;
        if asset.room_id == scan.room_id {
            return Ok(asset);
        }
        if let Some(problem) = self.room_problem(&scan.room_id)? {
            return Err(ValidationErrors(vec![problem]).into());
        }
        let moved = Asset {
            room_id: scan.room_id.clone(),
            updated_at: self.now_rfc3339(),
            ..asset
        };
        let doc = DocId::for_asset(&moved.opd, &moved.id);
        self.require_write(&doc)?;
        let m = &moved;
        self.put_record(doc, Collection::Assets, &m.id, m, "stocktake.move", |tx| {
            index::put_asset(tx, m)
        })?;
        Ok(moved)
    }

    /// Closes a room of a session: what it should hold and nobody scanned
    /// is missing from now on.
    pub fn close_room(&mut self, stocktake_id: &str, room_id: &str) -> Result<(), StoreError> {
        let session = self.stocktake(stocktake_id)?;
        if !session.covers(room_id) {
            return Err(StoreError::Forbidden(
                "Ruangan itu tidak termasuk dalam inventarisasi ini.".into(),
            ));
        }
        let closed = ClosedRoom {
            id: ClosedRoom::key(&session.id, room_id),
            stocktake_id: session.id.clone(),
            room_id: room_id.to_owned(),
            closed_at: self.now_rfc3339(),
            by: self.person_name()?,
        };
        if self.is_room_closed(&session, room_id)? {
            return Ok(());
        }
        let doc = DocId::for_stocktake(&session.opd, &closed.id);
        self.require_write(&doc)?;
        let c = &closed;
        self.put_record(
            doc,
            Collection::ClosedRooms,
            &c.id,
            c,
            "stocktake.close_room",
            |tx| put_closed_room(tx, &session.opd, c),
        )
    }

    pub(crate) fn is_room_closed(
        &self,
        session: &StockTake,
        room_id: &str,
    ) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM stocktake_closed WHERE id = ?1 AND opd = ?2")?
            .query_row(
                params![ClosedRoom::key(&session.id, room_id), session.opd],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    pub fn scan_record(&self, id: &str) -> Result<Scan, StoreError> {
        let json: String = self
            .conn
            .prepare_cached("SELECT record FROM stocktake_scan WHERE id = ?1")?
            .query_row(params![id.trim()], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NotFound("Hasil pindai"))?;
        Ok(serde_json::from_str(&json)?)
    }

    /// The scan and, when it re-rated an asset, the asset: one action.
    fn write_scan(
        &mut self,
        session: &StockTake,
        scan: &Scan,
        rerated: Option<&Asset>,
        action: &str,
    ) -> Result<(), StoreError> {
        let doc = DocId::for_stocktake(&session.opd, &scan.id);
        let opd = &session.opd;
        self.put_with_asset(
            (doc, Collection::Scans, &scan.id, scan),
            rerated,
            action,
            |tx| put_scan(tx, opd, scan),
        )
    }

    /// A record of a stock document and, when given, the asset it
    /// changes: one action, one transaction.
    pub(crate) fn put_with_asset<T: serde::Serialize + Sync>(
        &mut self,
        (doc, collection, key, record): (DocId, Collection, &str, &T),
        asset: Option<&Asset>,
        action: &str,
        index: impl FnOnce(&Transaction<'_>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.require_write(&doc)?;
        let mut records = vec![key.to_owned()];
        records.extend(asset.map(|a| a.id.clone()));
        let note = self.note(action, records)?;
        let mut writes = vec![DocWrite::record(doc, note.clone(), collection, key, record)];
        if let Some(a) = asset {
            let asset_doc = DocId::for_asset(&a.opd, &a.id);
            self.require_write(&asset_doc)?;
            writes.push(DocWrite::record(
                asset_doc,
                note,
                Collection::Assets,
                &a.id,
                a,
            ));
        }
        self.write(writes, |tx| {
            index(tx)?;
            match asset {
                Some(a) => index::put_asset(tx, a),
                None => Ok(()),
            }
        })
    }

    /// Who a record says did it: the person signed in, else the device.
    pub(crate) fn person_name(&self) -> Result<String, StoreError> {
        Ok(match self.signed_in() {
            Some(p) => p.name.clone(),
            None => self.profile()?.device_name.clone(),
        })
    }

    /// The asset a code names, among one OPD's.
    fn lookup_code_in(&self, code: &str, opd: &str) -> Result<Option<String>, StoreError> {
        crate::query::lookup_code_in(&self.conn, code, Some(opd))
    }
}

/// An asset as a scan sees it.
pub(crate) fn asset_at(a: &Asset) -> AssetAt {
    AssetAt {
        id: a.id.clone(),
        room_id: a.room_id.clone(),
        condition: a.condition,
    }
}

/// A condition as the index stores it, read back.
pub(crate) fn condition_of(key: &str) -> Condition {
    from_key(key).unwrap_or_default()
}

pub(crate) fn put_stocktake(tx: &Transaction<'_>, s: &StockTake) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO stocktake (id, opd, record) VALUES (?1, ?2, ?3)
         ON CONFLICT(id) DO UPDATE SET opd = excluded.opd, record = excluded.record",
    )?
    .execute(params![s.id, s.opd, serde_json::to_string(s)?])?;
    Ok(())
}

/// A scan, as stored in a document of `opd`.
pub(crate) fn put_scan(tx: &Transaction<'_>, opd: &str, s: &Scan) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO stocktake_scan (id, opd, stocktake_id, room_id, asset_id, home_room, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(id) DO UPDATE SET opd = excluded.opd, stocktake_id = excluded.stocktake_id,
           room_id = excluded.room_id, asset_id = excluded.asset_id,
           home_room = excluded.home_room, record = excluded.record",
    )?
    .execute(params![
        s.id,
        opd,
        s.stocktake_id,
        s.room_id,
        s.asset_id,
        s.home_room,
        serde_json::to_string(s)?
    ])?;
    Ok(())
}

/// A closed room, as stored in a document of `opd`.
pub(crate) fn put_closed_room(
    tx: &Transaction<'_>,
    opd: &str,
    c: &ClosedRoom,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO stocktake_closed (id, opd, stocktake_id, room_id, record)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(id) DO UPDATE SET opd = excluded.opd, stocktake_id = excluded.stocktake_id,
           room_id = excluded.room_id, record = excluded.record",
    )?
    .execute(params![
        c.id,
        opd,
        c.stocktake_id,
        c.room_id,
        serde_json::to_string(c)?
    ])?;
    Ok(())
}

//! Stock-take: sessions, scanning room by room, moving what was found
//! elsewhere, closing rooms. Each write answers with the room's new check,
//! so a scan costs the front end one call.

use crate::Service;
use serde::Serialize;
use simpul_core::stocktake::{Scan, ScanInput, StockTake, StockTakeInput};
use simpul_core::ApiError;
use simpul_store::{RoomCheck, StockTakeView};
use specta::Type;

/// A scan and the room as it stands after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ScanDone {
    pub scan: Scan,
    pub check: RoomCheck,
}

impl Service {
    /// The sessions this device shows (every OPD's on a Diskominfo device).
    pub fn stocktakes(&self) -> Result<Vec<StockTakeView>, ApiError> {
        Ok(self.configured()?.stocktakes()?)
    }

    pub fn stocktake(&self, id: &str) -> Result<StockTakeView, ApiError> {
        Ok(self.configured()?.stocktake_view(id)?)
    }

    pub fn stocktake_start(&self, input: &StockTakeInput) -> Result<StockTake, ApiError> {
        let s = self.configured()?.start_stocktake(input)?;
        self.edited();
        Ok(s)
    }

    pub fn stocktake_finish(&self, id: &str) -> Result<StockTake, ApiError> {
        let s = self.configured()?.finish_stocktake(id)?;
        self.edited();
        Ok(s)
    }

    pub fn stocktake_room(&self, id: &str, room_id: &str) -> Result<RoomCheck, ApiError> {
        Ok(self.configured()?.room_check(id, room_id)?)
    }

    pub fn stocktake_scan(&self, input: &ScanInput) -> Result<ScanDone, ApiError> {
        let done = {
            let mut r = self.configured()?;
            let scan = r.scan(input)?;
            let check = r.room_check(&scan.stocktake_id, &scan.room_id)?;
            ScanDone { scan, check }
        };
        self.edited();
        Ok(done)
    }

    /// Moves the asset a scan found into the scan's room.
    pub fn stocktake_move(&self, scan_id: &str) -> Result<RoomCheck, ApiError> {
        let check = {
            let mut r = self.configured()?;
            r.move_scanned(scan_id)?;
            let scan = r.scan_record(scan_id)?;
            r.room_check(&scan.stocktake_id, &scan.room_id)?
        };
        self.edited();
        Ok(check)
    }

    pub fn stocktake_close_room(&self, id: &str, room_id: &str) -> Result<RoomCheck, ApiError> {
        let check = {
            let mut r = self.configured()?;
            r.close_room(id, room_id)?;
            r.room_check(id, room_id)?
        };
        self.edited();
        Ok(check)
    }
}

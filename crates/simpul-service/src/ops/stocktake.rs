//! Stock-take: sessions, scanning room by room, moving what was found
//! elsewhere, closing rooms, the Berita Acara with its annex. Each write answers with the room's new check,
//! so a scan costs the front end one call.

use super::report::{doc_error, format_of, tidy, write_whole, DocumentWritten, Format};
use crate::Service;
use serde::Serialize;
use simpul_core::stocktake::{Scan, ScanInput, StockTake, StockTakeInput};
use simpul_core::ApiError;
use simpul_store::{RoomCheck, StockTakeView};
use specta::Type;
use std::path::Path;

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

    /// Writes the session's Berita Acara Inventarisasi with its annex to
    /// `path` (`.pdf`), or its result as a workbook (`.xlsx`).
    pub fn stocktake_report_save(
        &self,
        path: &Path,
        id: &str,
        place: &str,
    ) -> Result<DocumentWritten, ApiError> {
        let format = format_of(path)?;
        let data = self.configured()?.stocktake_report(id, &tidy(place))?;
        let (bytes, pages) = match format {
            Format::Pdf => {
                let pdf = simpul_report::stocktake_pdf(&data).map_err(doc_error)?;
                (pdf.bytes, pdf.pages)
            }
            Format::Xlsx => (simpul_report::stocktake_xlsx(&data).map_err(doc_error)?, 0),
        };
        write_whole(path, &bytes)?;
        Ok(DocumentWritten {
            path: path.display().to_string(),
            pages: super::count(pages),
            assets: data.totals().expected,
        })
    }
}

//! The stock-take's result as handed over: the Berita Acara Inventarisasi
//! (who took stock, when, what they found) with its annex, per room found
//! / moved / missing / unregistered / re-rated, and every item that was
//! not simply found where the record placed it.

use crate::stocktake::TeamMember;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One room's counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomResult {
    /// `G1L2.R07 Ruang Server`.
    pub room: String,
    pub closed: bool,
    pub expected: u32,
    pub found: u32,
    pub moved_in: u32,
    pub moved_out: u32,
    pub missing: u32,
    pub unregistered: u32,
    pub condition_changed: u32,
}

/// One item of the annex: missing, moved, unregistered or re-rated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultLine {
    pub room: String,
    /// `Hilang`, `Pindahan masuk`, `Tidak terdaftar`, `Didaftarkan`,
    /// `Kondisi berubah`.
    pub state: String,
    /// `Laptop 1.3.2.10.02.03.001.0004`, or the code read.
    pub item: String,
    /// Where it came from, where it was seen, the new condition.
    pub note: String,
}

/// Everything the session's documents show.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockTakeReport {
    pub regency: String,
    pub opd_code: String,
    pub opd_name: String,
    pub kode_lokasi: String,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub started_on: String,
    /// RFC 3339; empty while the session runs.
    pub closed_at: String,
    pub team: Vec<TeamMember>,
    pub rooms: Vec<RoomResult>,
    pub lines: Vec<ResultLine>,
    pub made_on: NaiveDate,
    /// Where it is signed.
    pub place: String,
}

impl StockTakeReport {
    /// The counts of every room together (`room`: `JUMLAH`).
    pub fn totals(&self) -> RoomResult {
        let mut t = RoomResult {
            room: "JUMLAH".into(),
            closed: self.rooms.iter().all(|r| r.closed),
            ..RoomResult::default()
        };
        for r in &self.rooms {
            t.expected += r.expected;
            t.found += r.found;
            t.moved_in += r.moved_in;
            t.moved_out += r.moved_out;
            t.missing += r.missing;
            t.unregistered += r.unregistered;
            t.condition_changed += r.condition_changed;
        }
        t
    }
}

//! One scan of a stock-take: a tag (or serial, or typed code) read in a
//! room, what it was, and the condition the team gave it.

use super::session::StockTake;
use crate::choice::key_of;
use crate::condition::Condition;
use crate::error::{FieldError, ValidationErrors};
use serde::{Deserialize, Serialize};
use specta::Type;

/// What a scan found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum ScanOutcome {
    /// An asset recorded in this room.
    #[default]
    Found,
    /// An asset recorded in another room (or in none).
    Moved,
    /// A code that names no asset: an item to register.
    Unregistered,
}

/// An asset as a scan sees it: where the record says it is, its condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetAt {
    pub id: String,
    pub room_id: String,
    pub condition: Condition,
}

impl ScanOutcome {
    /// What scanning `asset` (none: the code named no asset) in `room_id` means.
    pub fn of(asset: Option<&AssetAt>, room_id: &str) -> ScanOutcome {
        match asset {
            None => ScanOutcome::Unregistered,
            Some(a) if a.room_id == room_id => ScanOutcome::Found,
            Some(_) => ScanOutcome::Moved,
        }
    }
}

/// One scan, a record of its own (two devices' scans of one session merge).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct Scan {
    pub id: String,
    pub stocktake_id: String,
    /// Where it was scanned.
    pub room_id: String,
    /// The code as read or typed.
    pub code: String,
    /// The asset it named; empty when unregistered.
    pub asset_id: String,
    /// The asset's room in the record when it was scanned (where a moved
    /// asset came from).
    pub home_room: String,
    pub outcome: ScanOutcome,
    /// The condition the team gave it (`B`, `KB`, `RB`); empty: not re-rated.
    pub condition: String,
    /// The condition the record held when it was scanned.
    pub condition_before: String,
    /// When (RFC 3339), and who.
    pub at: String,
    pub by: String,
}

/// The longest code a scan takes (a tag's QR holds far less; a scanner
/// left pressed, or a pasted text, is not a code).
const MAX_CODE: usize = 200;

/// What the team entered: the code read in a room, and the condition they
/// gave the item (none: not re-rated).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ScanInput {
    pub stocktake_id: String,
    pub room_id: String,
    pub code: String,
    pub condition: Option<Condition>,
}

/// Who scanned, when, and under which id: passed in, so the rule stays
/// free of clocks and randomness.
#[derive(Debug, Clone, Copy)]
pub struct ScanStamp<'a> {
    pub id: &'a str,
    pub at: &'a str,
    pub by: &'a str,
}

impl Scan {
    /// The scan of `input` in `session`, where the code named `asset` (none:
    /// no asset). Refused when the session is closed, the room is not one
    /// it covers, or the code is empty or too long.
    pub fn record(
        session: &StockTake,
        input: &ScanInput,
        asset: Option<&AssetAt>,
        stamp: ScanStamp<'_>,
    ) -> Result<Scan, ValidationErrors> {
        let code = input.code.trim();
        let mut errs = ValidationErrors::default();
        if !session.is_open() {
            errs.push(FieldError::new(
                "stocktake_id",
                "stocktake.closed",
                format!("Inventarisasi \"{}\" sudah ditutup.", session.title),
            ));
        }
        if input.room_id.trim().is_empty() || !session.covers(input.room_id.trim()) {
            errs.push(FieldError::new(
                "room_id",
                "room.not_covered",
                "Pilih ruangan yang termasuk dalam inventarisasi ini.",
            ));
        }
        if code.is_empty() {
            errs.push(FieldError::new(
                "code",
                "code.required",
                "Pindai label atau ketik kode barang, nomor seri, atau id aset.",
            ));
        } else if code.chars().count() > MAX_CODE {
            errs.push(FieldError::new(
                "code",
                "code.too_long",
                format!("Kode terlalu panjang (lebih dari {MAX_CODE} karakter): bukan isi label."),
            ));
        }
        if !errs.is_empty() {
            return Err(errs);
        }
        let room_id = input.room_id.trim().to_owned();
        Ok(Scan {
            id: stamp.id.to_owned(),
            stocktake_id: session.id.clone(),
            outcome: ScanOutcome::of(asset, &room_id),
            room_id,
            code: code.to_owned(),
            asset_id: asset.map(|a| a.id.clone()).unwrap_or_default(),
            home_room: asset.map(|a| a.room_id.clone()).unwrap_or_default(),
            condition: input.condition.map(|c| key_of(&c)).unwrap_or_default(),
            condition_before: asset.map(|a| key_of(&a.condition)).unwrap_or_default(),
            at: stamp.at.to_owned(),
            by: stamp.by.to_owned(),
        })
    }

    /// The condition the team gave, when it differs from the record's.
    pub fn rerated(&self) -> Option<Condition> {
        if self.condition.is_empty() || self.condition == self.condition_before {
            return None;
        }
        crate::choice::from_key(&self.condition)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scan_is_found_here_moved_from_elsewhere_or_unregistered() {
        let laptop = AssetAt {
            id: "a".into(),
            room_id: "r1".into(),
            condition: Condition::B,
        };
        assert_eq!(ScanOutcome::of(Some(&laptop), "r1"), ScanOutcome::Found);
        assert_eq!(ScanOutcome::of(Some(&laptop), "r2"), ScanOutcome::Moved);
        assert_eq!(ScanOutcome::of(None, "r1"), ScanOutcome::Unregistered);
    }

    fn session() -> StockTake {
        StockTake {
            id: "s1".into(),
            title: "Inventarisasi 2026".into(),
            rooms: vec!["r1".into(), "r2".into()],
            ..StockTake::default()
        }
    }

    const STAMP: ScanStamp<'static> = ScanStamp {
        id: "x1",
        at: "2026-12-01T09:00:00Z",
        by: "Siti",
    };

    #[test]
    fn a_scan_records_where_the_asset_was_and_the_condition_given() {
        let laptop = AssetAt {
            id: "a".into(),
            room_id: "r1".into(),
            condition: Condition::B,
        };
        let input = ScanInput {
            stocktake_id: "s1".into(),
            room_id: "r2".into(),
            code: " 1.3.2.10.02.03.001.0004 ".into(),
            condition: Some(Condition::KB),
        };
        let s = Scan::record(&session(), &input, Some(&laptop), STAMP).expect("scan");
        assert_eq!(s.outcome, ScanOutcome::Moved);
        assert_eq!((s.home_room.as_str(), s.room_id.as_str()), ("r1", "r2"));
        assert_eq!(s.code, "1.3.2.10.02.03.001.0004");
        assert_eq!(
            (s.condition_before.as_str(), s.rerated()),
            ("B", Some(Condition::KB))
        );

        let same = ScanInput {
            condition: Some(Condition::B),
            ..input.clone()
        };
        let s = Scan::record(&session(), &same, Some(&laptop), STAMP).expect("scan");
        assert_eq!(s.rerated(), None);
    }

    #[test]
    fn a_scan_outside_the_session_or_without_a_code_is_refused() {
        let outside = ScanInput {
            stocktake_id: "s1".into(),
            room_id: "r9".into(),
            code: " ".into(),
            condition: None,
        };
        let errs = Scan::record(&session(), &outside, None, STAMP).expect_err("refused");
        let fields: Vec<&str> = errs.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["room_id", "code"]);

        let closed = StockTake {
            closed_at: "2026-12-01T10:00:00Z".into(),
            ..session()
        };
        let typed = ScanInput {
            room_id: "r1".into(),
            code: "X".into(),
            ..outside.clone()
        };
        let errs = Scan::record(&closed, &typed, None, STAMP).expect_err("closed");
        assert_eq!(errs.0[0].code, "stocktake.closed");
        let long = ScanInput {
            code: "9".repeat(201),
            ..typed
        };
        let errs = Scan::record(&session(), &long, None, STAMP).expect_err("long");
        assert_eq!(errs.0[0].code, "code.too_long");
    }
}

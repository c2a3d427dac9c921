//! One scan of a stock-take: a tag (or serial, or typed code) read in a
//! room, what it was, and the condition the team gave it.

use crate::condition::Condition;
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
}

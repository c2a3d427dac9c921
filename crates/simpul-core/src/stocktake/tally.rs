//! What a room's scans say: found, moved in and out, missing (once the
//! room is closed), unregistered, re-rated. Scans of one session from
//! several devices are read together: an asset seen twice counts once,
//! and where an asset was seen last (by time, then id) is where it is.

use super::scan::{AssetAt, Scan, ScanOutcome};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::{BTreeMap, BTreeSet};

/// One room's result.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RoomTally {
    pub room_id: String,
    /// Assets the record places in the room.
    pub expected: u32,
    /// Of those, seen here.
    pub found: Vec<String>,
    /// Seen here, recorded elsewhere (or in no room).
    pub moved_in: Vec<String>,
    /// Recorded here, seen in another room.
    pub moved_out: Vec<String>,
    /// Recorded here, seen nowhere: only once the room is closed.
    pub missing: Vec<String>,
    /// Codes read here that named no asset.
    pub unregistered: Vec<String>,
    /// Assets registered during the stock-take: a code first read here
    /// unregistered, then naming them.
    pub registered: Vec<String>,
    /// Assets seen here whose condition the team changed.
    pub condition_changed: Vec<String>,
}

/// The tally of `room_id`. `assets` are the OPD's assets as recorded now
/// (an asset moved by a scan already counts in its new room, with its
/// scan as "moved in"); `scans` are every scan of the session; `closed`
/// says whether the room is done, so that what was not seen is missing.
pub fn tally_room(room_id: &str, assets: &[AssetAt], scans: &[Scan], closed: bool) -> RoomTally {
    // Where each asset was seen last, and the scan that saw it.
    let mut last: BTreeMap<&str, &Scan> = BTreeMap::new();
    let mut unregistered = BTreeSet::new();
    // Codes read here that name an asset: an item registered during the
    // stock-take and scanned again is no longer unregistered.
    let mut named: BTreeMap<&str, &str> = BTreeMap::new();
    for s in scans {
        if s.outcome == ScanOutcome::Unregistered || s.asset_id.is_empty() {
            if s.room_id == room_id {
                unregistered.insert(s.code.trim().to_owned());
            }
            continue;
        }
        if s.room_id == room_id {
            named.insert(s.code.trim(), s.asset_id.as_str());
        }
        let newer = last
            .get(s.asset_id.as_str())
            .is_none_or(|l| (l.at.as_str(), l.id.as_str()) < (s.at.as_str(), s.id.as_str()));
        if newer {
            last.insert(s.asset_id.as_str(), s);
        }
    }
    let by_id: BTreeMap<&str, &AssetAt> = assets.iter().map(|a| (a.id.as_str(), a)).collect();
    let (registered, unregistered): (Vec<String>, Vec<String>) = unregistered
        .into_iter()
        .partition(|c| named.contains_key(c.as_str()));
    let mut t = RoomTally {
        room_id: room_id.to_owned(),
        registered: registered
            .iter()
            .filter_map(|c| named.get(c.as_str()).map(|id| (*id).to_owned()))
            .collect(),
        unregistered,
        ..RoomTally::default()
    };
    for a in assets.iter().filter(|a| a.room_id == room_id) {
        t.expected += 1;
        match last.get(a.id.as_str()) {
            Some(s) if s.room_id == room_id && s.home_room == room_id => t.found.push(a.id.clone()),
            // Moved here by its scan: it came from elsewhere.
            Some(s) if s.room_id == room_id => t.moved_in.push(a.id.clone()),
            Some(_) => t.moved_out.push(a.id.clone()),
            None if closed => t.missing.push(a.id.clone()),
            None => {}
        }
    }
    // Seen here, still recorded elsewhere (seen, not moved).
    for (id, s) in &last {
        if s.room_id == room_id && by_id.get(id).is_some_and(|a| a.room_id != room_id) {
            t.moved_in.push((*id).to_owned());
        }
        // Recorded here when scanned elsewhere, and moved there since.
        if s.room_id != room_id
            && s.home_room == room_id
            && by_id.get(id).is_some_and(|a| a.room_id != room_id)
        {
            t.moved_out.push((*id).to_owned());
        }
        if s.room_id == room_id && !s.condition.is_empty() && s.condition != s.condition_before {
            t.condition_changed.push((*id).to_owned());
        }
    }
    for list in [
        &mut t.found,
        &mut t.moved_in,
        &mut t.moved_out,
        &mut t.missing,
        &mut t.condition_changed,
        &mut t.registered,
    ] {
        list.sort();
        list.dedup();
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::condition::Condition;

    fn at(id: &str, room: &str) -> AssetAt {
        AssetAt {
            id: id.into(),
            room_id: room.into(),
            condition: Condition::B,
        }
    }

    fn scan(id: &str, at: &str, room: &str, asset: &str, home: &str) -> Scan {
        Scan {
            id: id.into(),
            stocktake_id: "st".into(),
            room_id: room.into(),
            code: asset.into(),
            asset_id: asset.into(),
            home_room: home.into(),
            outcome: if asset.is_empty() {
                ScanOutcome::Unregistered
            } else if room == home {
                ScanOutcome::Found
            } else {
                ScanOutcome::Moved
            },
            at: at.into(),
            ..Scan::default()
        }
    }

    #[test]
    fn two_devices_scans_give_found_moved_missing_and_unregistered_per_room() {
        // a5 was moved to r1 with one click when scanned there: the record
        // says r1 now, its scan remembers r2.
        let assets = [
            at("a1", "r1"),
            at("a2", "r1"),
            at("a3", "r1"),
            at("a4", "r2"),
            at("a5", "r1"),
        ];
        let device_x = [
            scan("x1", "2026-12-01T09:00:00Z", "r1", "a1", "r1"),
            scan("x2", "2026-12-01T09:01:00Z", "r1", "a4", "r2"),
            Scan {
                code: "SN-TIDAK-DIKENAL".into(),
                ..scan("x3", "2026-12-01T09:02:00Z", "r1", "", "")
            },
        ];
        let device_y = [
            scan("y1", "2026-12-01T09:00:30Z", "r1", "a1", "r1"),
            Scan {
                condition: "KB".into(),
                condition_before: "B".into(),
                ..scan("y2", "2026-12-01T09:03:00Z", "r1", "a2", "r1")
            },
            scan("y3", "2026-12-01T09:04:00Z", "r1", "a5", "r2"),
        ];
        let scans: Vec<Scan> = device_x.iter().chain(&device_y).cloned().collect();

        let open = tally_room("r1", &assets, &scans, false);
        assert!(
            open.missing.is_empty(),
            "nothing is missing while the room is open"
        );
        let r1 = tally_room("r1", &assets, &scans, true);
        assert_eq!(r1.expected, 4);
        assert_eq!(
            r1.found,
            ["a1", "a2"],
            "a1 scanned on both devices counts once"
        );
        assert_eq!(r1.moved_in, ["a4", "a5"]);
        assert_eq!(r1.missing, ["a3"]);
        assert_eq!(r1.unregistered, ["SN-TIDAK-DIKENAL"]);
        assert_eq!(r1.condition_changed, ["a2"]);
        assert!(r1.moved_out.is_empty());

        let r2 = tally_room("r2", &assets, &scans, true);
        assert_eq!(r2.expected, 1);
        assert_eq!(
            r2.moved_out,
            ["a4", "a5"],
            "seen in r1, one of them moved there"
        );
        assert!(r2.missing.is_empty() && r2.found.is_empty());

        // The unknown item registered during the stock-take and scanned
        // again is found, no longer unregistered.
        let mut registered = scans.clone();
        registered.push(Scan {
            code: "SN-TIDAK-DIKENAL".into(),
            ..scan("x4", "2026-12-01T09:05:00Z", "r1", "a6", "r1")
        });
        let mut with_a6 = assets.to_vec();
        with_a6.push(at("a6", "r1"));
        let after = tally_room("r1", &with_a6, &registered, true);
        assert!(after.unregistered.is_empty());
        assert_eq!(after.registered, ["a6"]);
        assert!(after.found.contains(&"a6".to_owned()));

        // The order the devices' scans arrive in changes nothing.
        let mut reversed = scans.clone();
        reversed.reverse();
        assert_eq!(tally_room("r1", &assets, &reversed, true), r1);
    }

    #[test]
    fn the_latest_scan_of_an_asset_says_where_it_is() {
        let assets = [at("a1", "r1")];
        let scans = [
            scan("s1", "2026-12-01T09:00:00Z", "r2", "a1", "r1"),
            scan("s2", "2026-12-01T10:00:00Z", "r1", "a1", "r1"),
        ];
        let r1 = tally_room("r1", &assets, &scans, true);
        assert_eq!(r1.found, ["a1"]);
        assert!(tally_room("r2", &assets, &scans, true).moved_in.is_empty());
    }
}

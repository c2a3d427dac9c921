//! What the stock-take pages show: the sessions with their progress (on a
//! Diskominfo device, every OPD's), and one room's check line by line,
//! from `tally_room` over the scans of the room's assets.

use crate::error::StoreError;
use crate::replica::Replica;
use crate::stocktake::condition_of;
use rusqlite::params;
use serde::Serialize;
use simpul_core::stocktake::{tally_room, AssetAt, RoomTally, Scan, StockTake};
use specta::Type;
use std::collections::{BTreeMap, BTreeSet};

/// A session with how far it has come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct StockTakeView {
    #[serde(flatten)]
    pub session: StockTake,
    /// The rooms it covers (every room of the OPD when it names none).
    pub rooms: Vec<RoomProgress>,
    /// Assets the covered rooms hold, and how many of them were seen.
    pub expected: u32,
    pub seen: u32,
}

/// One covered room's state in a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RoomProgress {
    pub room_id: String,
    /// `G1L2.R07 Ruang Server`.
    pub room: String,
    pub closed: bool,
}

/// Where one line of a room's check stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LineState {
    /// Recorded here, not scanned yet.
    Waiting,
    Found,
    /// Seen here, recorded (or until moved, recorded) elsewhere.
    MovedIn,
    /// Recorded here, seen in another room.
    MovedOut,
    /// Recorded here, not seen, room closed.
    Missing,
    /// A code read here that names no asset.
    Unregistered,
}

/// One line of a room's check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RoomLine {
    /// Empty for an unregistered code.
    pub asset_id: String,
    /// `Laptop 1.3.2.10.02.03.001.0004`, or the code read.
    pub label: String,
    pub state: LineState,
    /// The other room: where a moved-in asset came from, where a
    /// moved-out one was seen.
    pub other_room: String,
    /// The scan that saw it here (to move the asset with one click).
    pub scan_id: String,
    /// The record still places a moved-in asset elsewhere.
    pub can_move: bool,
    /// The condition the team gave, when it changed (`KB`, ...).
    pub rerated: String,
    /// Registered during the stock-take (its code was first unknown).
    pub registered: bool,
}

/// One room of a session, as the scan page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RoomCheck {
    pub stocktake_id: String,
    pub room_id: String,
    pub room: String,
    pub closed: bool,
    pub tally: RoomTally,
    /// Newest first for what was scanned, then what is still awaited.
    pub lines: Vec<RoomLine>,
}

impl Replica {
    /// The sessions this device shows, newest first.
    pub fn stocktakes(&self) -> Result<Vec<StockTakeView>, StoreError> {
        let opd = self.visible_opd()?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT record FROM stocktake WHERE (?1 IS NULL OR opd = ?1)")?;
        let sessions = stmt
            .query_map(params![opd], |r| r.get::<_, String>(0))?
            .map(|j| Ok(serde_json::from_str::<StockTake>(&j?)?))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let mut out = Vec::with_capacity(sessions.len());
        for s in sessions {
            out.push(self.progress(s)?);
        }
        out.sort_by(|a, b| {
            (&b.session.started_on, &b.session.id).cmp(&(&a.session.started_on, &a.session.id))
        });
        Ok(out)
    }

    pub fn stocktake_view(&self, id: &str) -> Result<StockTakeView, StoreError> {
        let s = self.stocktake(id)?;
        self.progress(s)
    }

    fn progress(&self, session: StockTake) -> Result<StockTakeView, StoreError> {
        let labels = self.room_labels(&session.opd)?;
        let room_ids: Vec<String> = if session.rooms.is_empty() {
            labels.keys().cloned().collect()
        } else {
            session.rooms.clone()
        };
        let mut rooms = Vec::with_capacity(room_ids.len());
        let mut expected = 0u32;
        let mut count = self.conn.prepare_cached(
            "SELECT count(*) FROM asset WHERE opd = ?1 AND room_id = ?2 AND lifecycle <> 'dihapus'",
        )?;
        for id in room_ids {
            expected += count.query_row(params![session.opd, id], |r| r.get::<_, u32>(0))?;
            rooms.push(RoomProgress {
                room: labels.get(&id).cloned().unwrap_or_else(|| "?".into()),
                closed: self.is_room_closed(&session, &id)?,
                room_id: id,
            });
        }
        let seen: u32 = self
            .conn
            .prepare_cached(
                "SELECT count(DISTINCT asset_id) FROM stocktake_scan
                 WHERE stocktake_id = ?1 AND opd = ?2 AND asset_id <> ''",
            )?
            .query_row(params![session.id, session.opd], |r| r.get(0))?;
        rooms.sort_by(|a, b| a.room.cmp(&b.room));
        Ok(StockTakeView {
            session,
            rooms,
            expected,
            seen: seen.min(expected),
        })
    }

    /// One room of a session: its tally and every line.
    pub fn room_check(&self, stocktake_id: &str, room_id: &str) -> Result<RoomCheck, StoreError> {
        let session = self.stocktake(stocktake_id)?;
        let closed = self.is_room_closed(&session, room_id)?;
        // The assets the room holds and those scanned in it; then every
        // scan of those assets (a later scan elsewhere moves them out).
        let mut ids: BTreeSet<String> = BTreeSet::new();
        let mut here = self.conn.prepare_cached(
            "SELECT id FROM asset WHERE opd = ?1 AND room_id = ?2 AND lifecycle <> 'dihapus'",
        )?;
        for id in here.query_map(params![session.opd, room_id], |r| r.get::<_, String>(0))? {
            ids.insert(id?);
        }
        let mut scans = self.scans_where("room_id", &session, room_id)?;
        scans.extend(self.scans_where("home_room", &session, room_id)?);
        ids.extend(
            scans
                .iter()
                .filter(|s| !s.asset_id.is_empty())
                .map(|s| s.asset_id.clone()),
        );
        let mut seen: BTreeSet<String> = BTreeSet::new();
        scans.retain(|s| seen.insert(s.id.clone()));
        let mut assets = Vec::with_capacity(ids.len());
        let mut labels = BTreeMap::new();
        let mut row = self.conn.prepare_cached(
            "SELECT room_id, condition, nama || ' ' || kode_barang || '.' || nomor_register
             FROM asset WHERE id = ?1",
        )?;
        for id in &ids {
            for s in self.scans_where("asset_id", &session, id)? {
                if seen.insert(s.id.clone()) {
                    scans.push(s);
                }
            }
            let (room, condition, label) = row.query_row(params![id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?;
            labels.insert(id.clone(), label);
            assets.push(AssetAt {
                id: id.clone(),
                room_id: room,
                condition: condition_of(&condition),
            });
        }
        let tally = tally_room(room_id, &assets, &scans, closed);
        let room_labels = self.room_labels(&session.opd)?;
        let lines = lines_of(&tally, &assets, &scans, &labels, &room_labels);
        Ok(RoomCheck {
            stocktake_id: session.id,
            room_id: room_id.to_owned(),
            room: room_labels
                .get(room_id)
                .cloned()
                .unwrap_or_else(|| "?".into()),
            closed,
            tally,
            lines,
        })
    }

    /// The scans of a session whose `column` (`room_id`, `home_room` or
    /// `asset_id`) is `value`, from the session's own OPD's documents.
    fn scans_where(
        &self,
        column: &str,
        session: &StockTake,
        value: &str,
    ) -> Result<Vec<Scan>, StoreError> {
        let sql = match column {
            "room_id" => {
                "SELECT record FROM stocktake_scan WHERE stocktake_id = ?1 AND room_id = ?2 AND opd = ?3"
            }
            "home_room" => {
                "SELECT record FROM stocktake_scan WHERE stocktake_id = ?1 AND home_room = ?2 AND opd = ?3"
            }
            _ => "SELECT record FROM stocktake_scan WHERE stocktake_id = ?1 AND asset_id = ?2 AND opd = ?3",
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params![session.id, value, session.opd], |r| {
            r.get::<_, String>(0)
        })?;
        rows.map(|j| Ok(serde_json::from_str(&j?)?)).collect()
    }

    /// Room id -> `G1L2.R07 Ruang Server`, for one OPD.
    fn room_labels(&self, opd: &str) -> Result<BTreeMap<String, String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, short_code || ' ' || name FROM room WHERE opd = ?1")?;
        let rows = stmt.query_map(params![opd], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// The lines of a room's check: what was scanned (newest first), then
/// what is awaited or missing.
fn lines_of(
    t: &RoomTally,
    assets: &[AssetAt],
    scans: &[Scan],
    labels: &BTreeMap<String, String>,
    rooms: &BTreeMap<String, String>,
) -> Vec<RoomLine> {
    let room_label = |id: &str| rooms.get(id).cloned().unwrap_or_default();
    // The latest scan of each asset (the tally's rule: time, then id).
    let mut last: BTreeMap<&str, &Scan> = BTreeMap::new();
    for s in scans.iter().filter(|s| !s.asset_id.is_empty()) {
        let newer = last
            .get(s.asset_id.as_str())
            .is_none_or(|l| (l.at.as_str(), l.id.as_str()) < (s.at.as_str(), s.id.as_str()));
        if newer {
            last.insert(s.asset_id.as_str(), s);
        }
    }
    let recorded: BTreeMap<&str, &AssetAt> = assets.iter().map(|a| (a.id.as_str(), a)).collect();
    let rerated: BTreeSet<&str> = t.condition_changed.iter().map(String::as_str).collect();
    let registered: BTreeSet<&str> = t.registered.iter().map(String::as_str).collect();
    let mut scanned: Vec<(String, RoomLine)> = Vec::new();
    let mut line = |id: &String, state: LineState| {
        let s = last.get(id.as_str());
        let other = match (state, s) {
            (LineState::MovedIn, Some(s)) if s.home_room != t.room_id => room_label(&s.home_room),
            (LineState::MovedIn, _) => recorded
                .get(id.as_str())
                .map(|a| room_label(&a.room_id))
                .unwrap_or_default(),
            (LineState::MovedOut, Some(s)) => room_label(&s.room_id),
            _ => String::new(),
        };
        let l = RoomLine {
            asset_id: id.clone(),
            label: labels.get(id).cloned().unwrap_or_else(|| id.clone()),
            state,
            other_room: other,
            scan_id: s.map(|s| s.id.clone()).unwrap_or_default(),
            can_move: state == LineState::MovedIn
                && recorded
                    .get(id.as_str())
                    .is_some_and(|a| a.room_id != t.room_id),
            rerated: if rerated.contains(id.as_str()) {
                s.map(|s| s.condition.clone()).unwrap_or_default()
            } else {
                String::new()
            },
            registered: registered.contains(id.as_str()),
        };
        scanned.push((s.map(|s| s.at.clone()).unwrap_or_default(), l));
    };
    for id in &t.found {
        line(id, LineState::Found);
    }
    for id in &t.moved_in {
        line(id, LineState::MovedIn);
    }
    for id in &t.moved_out {
        line(id, LineState::MovedOut);
    }
    for id in &t.missing {
        line(id, LineState::Missing);
    }
    let mut lines: Vec<(String, RoomLine)> = scanned;
    for code in &t.unregistered {
        let at = scans
            .iter()
            .filter(|s| s.asset_id.is_empty() && s.room_id == t.room_id && s.code == *code)
            .map(|s| s.at.clone())
            .max()
            .unwrap_or_default();
        lines.push((
            at,
            RoomLine {
                asset_id: String::new(),
                label: code.clone(),
                state: LineState::Unregistered,
                other_room: String::new(),
                scan_id: String::new(),
                can_move: false,
                rerated: String::new(),
                registered: false,
            },
        ));
    }
    let listed: BTreeSet<String> = lines.iter().map(|(_, l)| l.asset_id.clone()).collect();
    let mut waiting: Vec<RoomLine> = assets
        .iter()
        .filter(|a| a.room_id == t.room_id && !listed.contains(&a.id))
        .map(|a| RoomLine {
            asset_id: a.id.clone(),
            label: labels.get(&a.id).cloned().unwrap_or_else(|| a.id.clone()),
            state: LineState::Waiting,
            other_room: String::new(),
            scan_id: String::new(),
            can_move: false,
            rerated: String::new(),
            registered: false,
        })
        .collect();
    waiting.sort_by(|a, b| a.label.cmp(&b.label));
    // Newest scan first; missing lines have no scan and come last.
    lines.sort_by(|a, b| b.0.cmp(&a.0));
    let mut out: Vec<RoomLine> = lines.into_iter().map(|(_, l)| l).collect();
    out.extend(waiting);
    out
}

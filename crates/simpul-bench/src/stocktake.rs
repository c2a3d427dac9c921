//! The stock-take benchmark: builds a replica of N assets (one OPD),
//! gathers `--room-assets` into a room, starts a session, scans 2,000 assets of
//! other rooms (not timed), then scans the room as a team does: most of
//! its assets by their tag's barcode, some assets of other rooms, some
//! unknown codes. Each scan is timed from the code to the room's new
//! check (what the scan page waits for after Enter); then closing the room.

use crate::stats::{percentile, round2};
use anyhow::{Context, Result};
use simpul_core::asset_tag::tag_code;
use simpul_core::bulk_edit::BulkEdit;
use simpul_core::stocktake::{ScanInput, StockTakeInput, TeamMember};
use simpul_core::RoomInput;
use simpul_store::{AssetQuery, Replica};
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, default_value_t = 20_000)]
    assets: usize,
    /// Assets of the room that is scanned and closed.
    #[arg(long, default_value_t = 300)]
    room_assets: usize,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    #[arg(long)]
    json: bool,
}

/// Assets of other rooms scanned in the measured room, and unknown codes.
const MOVED_IN: usize = 10;
const UNKNOWN: usize = 5;
/// Scans made in other rooms before the measured room (a session under way).
const EARLIER: usize = 2_000;

fn room(r: &mut Replica, code: &str, name: &str) -> Result<String> {
    Ok(r.save_room(&RoomInput {
        building: "G9".into(),
        floor: "L1".into(),
        code: code.into(),
        name: name.into(),
        ..Default::default()
    })?
    .id)
}

fn scan(r: &mut Replica, session: &str, room_id: &str, code: &str) -> Result<()> {
    r.scan(&ScanInput {
        stocktake_id: session.into(),
        room_id: room_id.into(),
        code: code.into(),
        condition: None,
    })?;
    Ok(())
}

pub fn run(a: Args) -> Result<()> {
    anyhow::ensure!(
        a.assets >= a.room_assets + MOVED_IN + EARLIER,
        "--assets must exceed --room-assets + {}",
        MOVED_IN + EARLIER
    );
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("bench.db");
    crate::replica::build(&db, a.assets, crate::replica::PER_OPD, 0, a.seed)?;
    let mut r = Replica::open(&db)?;
    let ids = r.matching_ids(&AssetQuery::default())?;
    let mut rng = fastrand::Rng::with_seed(a.seed);
    let mut ids = ids;
    rng.shuffle(&mut ids);
    let (counted, rest) = ids.split_at(a.room_assets);
    let (elsewhere, rest) = rest.split_at(MOVED_IN);
    let earlier = &rest[..EARLIER];

    let target = room(&mut r, "R99", "Ruang Inventarisasi")?;
    r.bulk_edit(
        counted,
        &BulkEdit::Move {
            room_id: target.clone(),
        },
    )?;
    let session = r
        .start_stocktake(&StockTakeInput {
            title: "Inventarisasi".into(),
            started_on: r.today().format("%Y-%m-%d").to_string(),
            rooms: Vec::new(),
            team: vec![TeamMember {
                name: "Bench".into(),
                nip: "198503122010012004".into(),
                role: String::new(),
            }],
        })?
        .id;
    for id in earlier {
        let home = r.asset(id)?.room_id;
        if !home.is_empty() {
            scan(&mut r, &session, &home, &tag_code(id).context("tag")?)?;
        }
    }

    // The room: its assets but the last few (missing), assets of other
    // rooms and unknown codes spread among them.
    let seen = a.room_assets.saturating_sub(15);
    let mut codes: Vec<String> = counted[..seen]
        .iter()
        .map(|id| tag_code(id).context("tag"))
        .collect::<Result<_>>()?;
    for id in elsewhere {
        codes.insert(rng.usize(..=codes.len()), tag_code(id).context("tag")?);
    }
    for k in 0..UNKNOWN {
        codes.insert(rng.usize(..=codes.len()), format!("SN-TIDAK-DIKENAL-{k}"));
    }
    let mut samples = Vec::with_capacity(codes.len());
    for code in &codes {
        let t = Instant::now();
        scan(&mut r, &session, &target, code)?;
        let check = r.room_check(&session, &target)?;
        samples.push(t.elapsed().as_secs_f64() * 1000.0);
        anyhow::ensure!(!check.lines.is_empty(), "no lines");
    }
    let t = Instant::now();
    r.close_room(&session, &target)?;
    let closed = r.room_check(&session, &target)?;
    let close_room_ms = t.elapsed().as_secs_f64() * 1000.0;
    let tally = &closed.tally;
    anyhow::ensure!(
        tally.found.len() == seen
            && tally.moved_in.len() == MOVED_IN
            && tally.missing.len() == a.room_assets - seen
            && tally.unregistered.len() == UNKNOWN,
        "tally found {} moved in {} missing {} unregistered {}",
        tally.found.len(),
        tally.moved_in.len(),
        tally.missing.len(),
        tally.unregistered.len()
    );
    let scans = samples.len();
    let result = serde_json::json!({
        "assets": a.assets,
        "room_assets": a.room_assets,
        "scans": scans,
        "scan_p50_ms": round2(percentile(&mut samples, 50.0)),
        "scan_p99_ms": round2(percentile(&mut samples, 99.0)),
        "scan_max_ms": round2(percentile(&mut samples, 100.0)),
        "close_room_ms": round2(close_room_ms),
    });
    crate::stats::emit(&result, a.json)?;
    Ok(())
}

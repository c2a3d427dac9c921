//! The replica benchmark.

use crate::stats::{peak_rss_mb, percentile, round2};
use anyhow::{Context, Result};
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use simpul_core::{demo, Asset, AssetInput, Room};
use simpul_store::{AssetQuery, ProfileInput, Replica, SortKey};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, default_value_t = 20_000)]
    assets: usize,
    /// Assets per OPD: more assets than this make a Diskominfo replica of
    /// several OPDs.
    #[arg(long, default_value_t = PER_OPD)]
    per_opd: usize,
    /// Edits to time.
    #[arg(long, default_value_t = 300)]
    edits: usize,
    /// Searches to time.
    #[arg(long, default_value_t = 300)]
    searches: usize,
    /// Cables (with their panels, switches, outlets and PCs) in the first OPD.
    #[arg(long, default_value_t = 0)]
    cables: usize,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Rows of the KIB B workbook whose import is timed.
    #[arg(long, default_value_t = 20_000)]
    kib_rows: usize,
    /// Print one JSON object (the default output is the same JSON, pretty).
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
pub struct MeasureArgs {
    #[arg(long)]
    db: PathBuf,
    #[arg(long)]
    edits: usize,
    #[arg(long)]
    searches: usize,
    #[arg(long)]
    seed: u64,
}

#[derive(Debug, Serialize, Deserialize)]
struct Measured {
    open_ms: f64,
    warm_up_ms: f64,
    edit_p50_ms: f64,
    edit_p99_ms: f64,
    search_p50_ms: f64,
    search_p99_ms: f64,
    search_by_name_p99_ms: f64,
    cable_lookup_p99_ms: f64,
    bulk_move_500_ms: f64,
    peak_rss_mb: f64,
    documents_loaded: usize,
}

pub const OPD_CODES: &[&str] = &[
    "DINKES",
    "DISDIK",
    "BAPPEDA",
    "DISKOMINFO",
    "DPUPR",
    "BKD",
    "DUKCAPIL",
    "DINSOS",
    "SETDA",
    "INSPEKTORAT",
];

/// Assets per OPD in a built replica, by default.
pub const PER_OPD: usize = 20_000;

/// Builds the replica: rooms, then N assets spread over OPDs of `per_opd`
/// each, then `cables` cables in the first OPD. Up to `per_opd` assets it
/// is an OPD device's replica (DINKES); beyond, it holds several OPDs,
/// which only a Diskominfo device does: it is then enrolled with the
/// Diskominfo scope, so the figures are those of the merged view Diskominfo
/// works in.
pub fn build(
    path: &std::path::Path,
    n: usize,
    per_opd: usize,
    cables: usize,
    seed: u64,
) -> Result<f64> {
    let per_opd = per_opd.max(1);
    let mut r = Replica::open(path)?;
    let merged = n > per_opd;
    r.setup(&ProfileInput {
        regency: "Kabupaten Contoh".into(),
        opd_code: if merged { "DISKOMINFO" } else { OPD_CODES[0] }.into(),
        opd_name: if merged {
            "Dinas Komunikasi dan Informatika"
        } else {
            "Dinas Kesehatan"
        }
        .into(),
        device_name: "Bench".into(),
        language: "id".into(),
    })?;
    if merged {
        crate::checks::as_diskominfo(&mut r)?;
    }
    let rooms: Vec<Room> = demo::rooms()
        .iter()
        .map(|i| {
            i.apply_to(&Room {
                id: uuid::Uuid::now_v7().to_string(),
                opd: OPD_CODES[0].into(),
                ..Default::default()
            })
        })
        .collect::<Result<_, _>>()?;
    r.write_rooms_bulk(&rooms)?;
    let room_ids: Vec<String> = rooms.iter().map(|r| r.id.clone()).collect();
    let year = chrono::Local::now().year();
    let started = Instant::now();
    let mut done = 0;
    for (k, chunk_start) in (0..n).step_by(per_opd).enumerate() {
        let count = per_opd.min(n - chunk_start);
        let opd = OPD_CODES[k % OPD_CODES.len()];
        let mut next_reg: HashMap<String, u32> = HashMap::new();
        let inputs = demo::assets(count, seed + k as u64, &room_ids, year);
        let assets: Vec<Asset> = inputs
            .into_iter()
            .map(|input| {
                let base = Asset {
                    id: uuid::Uuid::now_v7().to_string(),
                    opd: opd.into(),
                    ..Default::default()
                };
                let mut a = input.apply_to(&base, year)?;
                // Each OPD numbers from its own /16 (the demo data starts
                // every OPD at 10.20.x.x).
                if let Some(rest) = a.ip.strip_prefix("10.20.") {
                    a.ip = format!("10.{}.{rest}", 20 + k);
                }
                // And names its computers after itself.
                if let Some(rest) = a.hostname.strip_prefix("opd-") {
                    a.hostname = format!("{}-{rest}", opd.to_lowercase());
                }
                let reg = next_reg.entry(a.kode_barang.clone()).or_insert(0);
                *reg += 1;
                a.nomor_register = format!("{reg:04}");
                Ok(a)
            })
            .collect::<Result<_, simpul_core::ValidationErrors>>()?;
        r.write_assets_bulk(&assets, "import", &mut |_, _| {})?;
        done += count;
    }
    let asset_rate = done as f64 / started.elapsed().as_secs_f64();
    let (nodes, cables) =
        simpul_core::cabling::demo::network(OPD_CODES[0], &rooms, cables, seed, &mut || {
            uuid::Uuid::now_v7().to_string()
        });
    r.write_network_bulk(&nodes, &cables, "import")?;
    Ok(asset_rate)
}

/// Realistic things people type: prefixes of brands, names, serials, rooms.
fn search_terms(r: &Replica, k: usize, rng: &mut fastrand::Rng) -> Result<Vec<String>> {
    let sample = r
        .assets(&AssetQuery {
            limit: 1000,
            ..Default::default()
        })?
        .rows;
    let mut terms = Vec::with_capacity(k);
    for _ in 0..k {
        let row = &sample[rng.usize(..sample.len())];
        let source = match rng.u8(..5) {
            0 => row.merk_type.clone(),
            1 => row.holder_name.clone(),
            2 => row.nomor_pabrik.clone(),
            3 => row.room.clone(),
            _ => row.nama.clone(),
        };
        let word = source.split_whitespace().next().unwrap_or("a").to_owned();
        let len = rng.usize(1..=word.chars().count().clamp(1, 6));
        terms.push(word.chars().take(len).collect());
    }
    Ok(terms)
}

pub fn measure(a: MeasureArgs) -> Result<()> {
    let t = Instant::now();
    let mut r = Replica::open(&a.db)?;
    let first = r.assets(&AssetQuery {
        limit: 100,
        ..Default::default()
    })?;
    let open_ms = t.elapsed().as_secs_f64() * 1000.0;
    anyhow::ensure!(!first.rows.is_empty(), "the replica is empty");
    let mut rng = fastrand::Rng::with_seed(a.seed);

    let terms = search_terms(&r, a.searches, &mut rng)?;
    let mut search = Vec::with_capacity(terms.len());
    let mut search_by_name = Vec::with_capacity(terms.len());
    for term in &terms {
        for (sort, out) in [
            (SortKey::Terbaru, &mut search),
            (SortKey::Nama, &mut search_by_name),
        ] {
            let t = Instant::now();
            let page = r.assets(&AssetQuery {
                text: term.clone(),
                limit: 100,
                sort,
                ..Default::default()
            })?;
            out.push(t.elapsed().as_secs_f64() * 1000.0);
            std::hint::black_box(page);
        }
    }

    // The app warms the OPD's documents up in the background after opening.
    let t = Instant::now();
    while r.warm_up_step()? {}
    let warm_up_ms = t.elapsed().as_secs_f64() * 1000.0;

    // A scanned label: the exact cable code, then the cable's page.
    let cable_count = r.cables_count()?;
    let mut cable_lookup = Vec::with_capacity(a.searches);
    for _ in 0..if cable_count > 0 { a.searches } else { 0 } {
        let code = format!("K{:04}", rng.usize(1..=cable_count));
        let t = Instant::now();
        let id = r
            .lookup_cable(&code)?
            .context("a cable code from the build")?;
        std::hint::black_box(r.cable(&id)?);
        cable_lookup.push(t.elapsed().as_secs_f64() * 1000.0);
    }

    let ids = r
        .assets(&AssetQuery {
            limit: 1000,
            offset: 0,
            ..Default::default()
        })?
        .rows;
    let mut edits = Vec::with_capacity(a.edits);
    for i in 0..a.edits {
        let id = &ids[rng.usize(..ids.len())].id;
        let mut input = AssetInput::from_asset(&r.asset(id)?);
        input.keterangan = format!("diperiksa {i}");
        let t = Instant::now();
        r.save_asset(&input)?;
        edits.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    // A bulk move from the list: 500 assets of one OPD to a new room, one
    // action.
    let opd = r.asset(&ids[0].id)?.opd;
    let room = r.save_room(&simpul_core::RoomInput {
        building: "G9".into(),
        floor: "L9".into(),
        code: "GDG".into(),
        name: "Gudang".into(),
        ..Default::default()
    })?;
    let chosen: Vec<String> = r
        .assets(&AssetQuery {
            opd,
            limit: 500,
            ..Default::default()
        })?
        .rows
        .into_iter()
        .map(|row| row.id)
        .collect();
    let t = Instant::now();
    let moved = r.bulk_edit(
        &chosen,
        &simpul_core::bulk_edit::BulkEdit::Move { room_id: room.id },
    )?;
    let bulk_move_500_ms = t.elapsed().as_secs_f64() * 1000.0;
    anyhow::ensure!(
        moved as usize == chosen.len(),
        "moved {moved} of {}",
        chosen.len()
    );
    let m = Measured {
        open_ms: round2(open_ms),
        warm_up_ms: round2(warm_up_ms),
        edit_p50_ms: round2(percentile(&mut edits, 50.0)),
        edit_p99_ms: round2(percentile(&mut edits, 99.0)),
        search_p50_ms: round2(percentile(&mut search, 50.0)),
        search_p99_ms: round2(percentile(&mut search, 99.0)),
        search_by_name_p99_ms: round2(percentile(&mut search_by_name, 99.0)),
        cable_lookup_p99_ms: round2(percentile(&mut cable_lookup, 99.0)),
        bulk_move_500_ms: round2(bulk_move_500_ms),
        peak_rss_mb: round2(peak_rss_mb()),
        documents_loaded: r.loaded_documents(),
    };
    println!("{}", serde_json::to_string(&m)?);
    Ok(())
}

pub fn run(a: Args) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("bench.db");
    let built = Instant::now();
    let bulk_rate = build(&db, a.assets, a.per_opd, a.cables, a.seed)?;
    let kib = crate::kib::measure(dir.path(), a.kib_rows, a.seed)?;
    let build_s = built.elapsed().as_secs_f64();
    let db_mb = std::fs::metadata(&db)
        .map(|m| m.len() as f64 / 1e6)
        .unwrap_or(0.0);
    let out = std::process::Command::new(std::env::current_exe()?)
        .args(["replica-measure", "--db"])
        .arg(&db)
        .args([
            "--edits",
            &a.edits.to_string(),
            "--searches",
            &a.searches.to_string(),
            "--seed",
            &a.seed.to_string(),
        ])
        .output()
        .context("running the measuring child")?;
    anyhow::ensure!(
        out.status.success(),
        "measure failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m: Measured = serde_json::from_slice(&out.stdout)?;
    let result = serde_json::json!({
        "assets": a.assets,
        "open_ms": m.open_ms,
        "warm_up_ms": m.warm_up_ms,
        "edit_p50_ms": m.edit_p50_ms,
        "edit_p99_ms": m.edit_p99_ms,
        "search_p50_ms": m.search_p50_ms,
        "search_p99_ms": m.search_p99_ms,
        "search_by_name_p99_ms": m.search_by_name_p99_ms,
        "cables": a.cables,
        "cable_lookup_p99_ms": m.cable_lookup_p99_ms,
        "bulk_move_500_ms": m.bulk_move_500_ms,
        "import_records_per_s": kib.import_records_per_s.round(),
        "kib_rows": kib.rows,
        "kib_preview_s": round2(kib.preview_s),
        "kib_import_s": round2(kib.import_s),
        "kib_cold_import_s": round2(kib.cold_import_s),
        "kib_reimport_s": round2(kib.reimport_s),
        "bulk_write_records_per_s": bulk_rate.round(),
        "peak_rss_mb": m.peak_rss_mb,
        "documents_loaded": m.documents_loaded,
        "shards_per_opd": simpul_core::doc_id::ASSET_SHARDS,
        "build_s": round2(build_s),
        "db_mb": round2(db_mb),
    });
    crate::stats::emit(&result, a.json)?;
    Ok(())
}

//! The KIB B import figures: a workbook of N rows as an OPD has it (written
//! from demo assets, with rooms, holders and addresses) previewed and then
//! imported into a fresh replica as the app does (the import confirmed
//! after the preview keeps the table the preview read and writes its
//! plan), imported into
//! another fresh replica without a preview, then imported again (nothing
//! changes).

use anyhow::{ensure, Result};
use chrono::Datelike;
use serde::Serialize;
use simpul_core::kib::KibSheet;
use simpul_core::{demo, Asset, Room};
use simpul_store::{ProfileInput, Replica};
use std::path::Path;
use std::time::Instant;

/// Seconds for each step, and the import rate.
#[derive(Debug, Serialize)]
pub struct KibFigures {
    pub rows: usize,
    /// Reading the file and planning (what the preview shows).
    pub preview_s: f64,
    /// The import confirmed after the preview: writing every row (the
    /// file, unchanged, is not read again, nor its rows planned again).
    pub import_s: f64,
    /// An import without a preview: reading, planning and writing.
    pub cold_import_s: f64,
    /// The same file again: read, matched, nothing written.
    pub reimport_s: f64,
    pub import_records_per_s: f64,
}

fn replica(path: &Path) -> Result<Replica> {
    let mut r = Replica::open(path)?;
    r.setup(&ProfileInput::demo())?;
    Ok(r)
}

/// Writes an N-row KIB B workbook and times its import into a fresh replica.
pub fn measure(dir: &Path, rows: usize, seed: u64) -> Result<KibFigures> {
    let mut r = replica(&dir.join("kib-import.db"))?;
    let mut cold = replica(&dir.join("kib-cold.db"))?;
    let opd = r.profile()?.opd_code.clone();
    let rooms: Vec<Room> = demo::rooms()
        .iter()
        .map(|i| {
            i.apply_to(&Room {
                id: uuid::Uuid::now_v7().to_string(),
                opd: opd.clone(),
                ..Default::default()
            })
        })
        .collect::<Result<_, _>>()?;
    r.write_rooms_bulk(&rooms)?;
    cold.write_rooms_bulk(&rooms)?;
    let room_ids: Vec<String> = rooms.iter().map(|r| r.id.clone()).collect();
    let year = chrono::Local::now().year();
    let assets: Vec<Asset> = demo::assets(rows, seed, &room_ids, year)
        .into_iter()
        .enumerate()
        .map(|(i, input)| {
            let mut a = input.apply_to(&Asset::default(), year)?;
            a.nomor_register = format!("{:06}", i + 1);
            a.opd = opd.clone();
            Ok(a)
        })
        .collect::<Result<_, simpul_core::ValidationErrors>>()?;
    let file = dir.join("kib-b.xlsx");
    let sheet = KibSheet {
        regency: "Kabupaten Contoh".into(),
        assets,
        rooms,
        ..Default::default()
    };
    simpul_kib::write_kib_b(&file, &[sheet], &mut |_, _| {})?;

    let tables = simpul_kib::TableCache::default();
    let kept = simpul_store::KeptPlan::default();
    let started = Instant::now();
    let table = tables.read(&file)?;
    let preview = r.preview_import(&table, &kept)?;
    let preview_s = started.elapsed().as_secs_f64();
    ensure!(
        preview.errors.is_empty(),
        "preview: {:?}",
        preview.errors.first()
    );

    let started = Instant::now();
    let table = tables.read(&file)?;
    let done = r.import_previewed(&table, &kept, &mut |_, _| {});
    let import_s = started.elapsed().as_secs_f64();
    let done = done.map_err(|e| anyhow::anyhow!("import: {e}"))?;
    ensure!(
        done.added as usize == rows,
        "imported {} of {rows}",
        done.added
    );

    let started = Instant::now();
    let table = simpul_kib::read_table(&file)?;
    let done = cold.import_table(&table, &mut |_, _| {});
    let cold_import_s = started.elapsed().as_secs_f64();
    let done = done.map_err(|e| anyhow::anyhow!("import without a preview: {e}"))?;
    ensure!(
        done.added as usize == rows,
        "imported {} of {rows} without a preview",
        done.added
    );
    drop(cold);

    let started = Instant::now();
    let table = simpul_kib::read_table(&file)?;
    let again = r.import_table(&table, &mut |_, _| {});
    let reimport_s = started.elapsed().as_secs_f64();
    let again = again.map_err(|e| anyhow::anyhow!("re-import: {e}"))?;
    ensure!(
        again.unchanged as usize == rows,
        "re-import changed {} rows",
        rows - again.unchanged as usize
    );
    Ok(KibFigures {
        rows,
        preview_s,
        import_s,
        cold_import_s,
        reimport_s,
        import_records_per_s: rows as f64 / import_s,
    })
}

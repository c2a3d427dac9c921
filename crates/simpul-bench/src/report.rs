//! The report benchmark: builds a replica of N assets (one OPD per 20,000,
//! held as a Diskominfo device holds them), then times the regency report:
//! gathering (index and every asset document's history), the PDF and the
//! XLSX. Then the room card of a room of about 300 assets.

use crate::stats::round2;
use anyhow::{Context, Result};
use simpul_core::report::{KirSigner, Period, Signer};
use simpul_store::{Replica, ReportRequest};
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, default_value_t = 100_000)]
    assets: usize,
    /// Assets of the room whose card is timed (about).
    #[arg(long, default_value_t = 300)]
    room_assets: usize,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("bench.db");
    crate::replica::build(&db, a.assets, crate::replica::PER_OPD, 0, a.seed)?;

    let mut r = Replica::open(&db)?;
    let today = r.today();
    let req = ReportRequest {
        period: Period::parse(&today.format("%Y").to_string(), today)
            .map_err(|e| anyhow::anyhow!(e.message))?,
        opd: None,
        signer: Signer {
            title: "Kepala Dinas Komunikasi dan Informatika".into(),
            name: "Bench".into(),
            nip: "196608011988031001".into(),
            place: "Contoh".into(),
        },
    };
    let started = Instant::now();
    let data = r.report_data(&req, &mut |_, _| {})?;
    let gather_s = started.elapsed().as_secs_f64();
    let t = Instant::now();
    let pdf = simpul_report::report_pdf(&data)?;
    let pdf_render_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let xlsx = simpul_report::report_xlsx(&data)?;
    let xlsx_render_s = t.elapsed().as_secs_f64();
    let total = data.totals().total;
    anyhow::ensure!(
        total as usize == a.assets,
        "report counts {total} of {} assets",
        a.assets
    );
    drop(r);

    // A replica whose twelve demo rooms hold about `room_assets` each.
    let small = dir.path().join("room.db");
    crate::replica::build(
        &small,
        a.room_assets * 12,
        crate::replica::PER_OPD,
        0,
        a.seed,
    )?;
    let r = Replica::open(&small)?;
    let room = r
        .stats()?
        .by_room
        .into_iter()
        .max_by_key(|c| c.count)
        .context("no room")?;
    let t = Instant::now();
    let kir = r.kir_data(&room.key, "Contoh", KirSigner::default())?;
    let kir_pdf = simpul_report::kir_pdf(&kir)?;
    let kir_s = t.elapsed().as_secs_f64();

    let result = serde_json::json!({
        "assets": total,
        "opds": data.opds.len(),
        "pages": pdf.pages,
        "gather_seconds": round2(gather_s),
        "pdf_seconds": round2(gather_s + pdf_render_s),
        "xlsx_seconds": round2(gather_s + xlsx_render_s),
        "pdf_kb": round2(pdf.bytes.len() as f64 / 1024.0),
        "xlsx_kb": round2(xlsx.len() as f64 / 1024.0),
        "annex_rows": data.disposal.len(),
        "kir_assets": kir.rows.len(),
        "kir_pages": kir_pdf.pages,
        "kir_seconds": round2(kir_s),
    });
    crate::stats::emit(&result, a.json)?;
    Ok(())
}

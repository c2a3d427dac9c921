//! The labels benchmark: builds a replica with N cables, then times what
//! "print labels" does: read the labels from the replica, lay them out and
//! write the PDF.

use crate::stats::round2;
use anyhow::{Context, Result};
use simpul_labels::{layout, pdf, LabelFormat};
use simpul_store::Replica;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, default_value_t = 1000)]
    cables: usize,
    /// tape12, tape18, tape24 or a4.
    #[arg(long, default_value = "tape24")]
    format: String,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> Result<()> {
    let format = LabelFormat::from_key(&a.format).context("unknown --format")?;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("bench.db");
    crate::replica::build(&db, 0, crate::replica::PER_OPD, a.cables, a.seed)?;
    let out = dir.path().join("labels.pdf");

    let r = Replica::open(&db)?;
    let started = Instant::now();
    let cables = r.labels(None)?;
    let read_s = started.elapsed().as_secs_f64();
    let pages = layout(&cables, format);
    let bytes = pdf::render(&pages, "Label kabel");
    std::fs::write(&out, &bytes)?;
    let seconds = started.elapsed().as_secs_f64();
    anyhow::ensure!(cables.len() == a.cables, "built {} cables", cables.len());

    let result = serde_json::json!({
        "cables": cables.len(),
        "labels": cables.len() * 2,
        "format": format.key(),
        "pages": pages.len(),
        "seconds": round2(seconds),
        "read_seconds": round2(read_s),
        "pdf_kb": round2(bytes.len() as f64 / 1024.0),
    });
    crate::stats::emit(&result, a.json)?;
    Ok(())
}

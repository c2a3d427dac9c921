//! The asset tags benchmark: builds a replica of N assets, then times what
//! "print tags" does: read the assets' tags, lay them out, write the PDF
//! and remember them as printed.

use crate::stats::round2;
use anyhow::{Context, Result};
use simpul_labels::{layout_tags, pdf, LabelFormat};
use simpul_store::{Replica, TagScope};
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, default_value_t = 1000)]
    assets: usize,
    /// tape12, tape18, tape24, a4, a4x40 or roll58.
    #[arg(long, default_value = "a4")]
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
    crate::replica::build(&db, a.assets, crate::replica::PER_OPD, 0, a.seed)?;
    let out = dir.path().join("tags.pdf");

    let mut r = Replica::open(&db)?;
    let started = Instant::now();
    let tags = r.asset_tags(TagScope::All, false)?;
    let read_s = started.elapsed().as_secs_f64();
    let pages = layout_tags(&tags, format);
    let bytes = pdf::render(&pages, "Label aset");
    std::fs::write(&out, &bytes)?;
    r.remember_tags_printed(&tags)?;
    let seconds = started.elapsed().as_secs_f64();
    anyhow::ensure!(tags.len() == a.assets, "built {} tags", tags.len());
    let left = r.asset_tags(TagScope::All, true)?.len();
    anyhow::ensure!(left == 0, "{left} tags still unprinted");

    let result = serde_json::json!({
        "tags": tags.len(),
        "format": format.key(),
        "pages": pages.len(),
        "seconds": round2(seconds),
        "read_seconds": round2(read_s),
        "pdf_kb": round2(bytes.len() as f64 / 1024.0),
    });
    crate::stats::emit(&result, a.json)?;
    Ok(())
}

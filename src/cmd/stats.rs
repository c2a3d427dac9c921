//! `simpul stats`: inventory figures, as text or JSON.

use anyhow::{Context, Result};
use std::path::Path;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long)]
    json: bool,
}

pub fn run(db: &Path, a: Args) -> Result<std::process::ExitCode> {
    let svc = super::service(db)?;
    let s = svc.stats()?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&s)?);
        return Ok(std::process::ExitCode::SUCCESS);
    }
    let p = svc.app_info()?.profile.context("replika belum disiapkan")?;
    println!("{} — {} ({})", p.regency, p.opd_name, p.opd_code);
    println!(
        "Aset aktif: {}   dihapus: {}   ruangan: {}   catatan pemeliharaan: {}",
        s.total, s.disposed, s.rooms, s.maintenance_entries
    );
    println!(
        "Nilai perolehan: Rp {}",
        simpul_core::rupiah::format_rupiah(s.total_value)
    );
    println!("Menurut kondisi:");
    for c in &s.by_condition {
        println!("  {:<3} {:<12} {:>7}", c.key, c.label, c.count);
    }
    println!("Menurut kategori:");
    for c in &s.by_category {
        println!("  {:<24} {:>7}", c.label, c.count);
    }
    Ok(std::process::ExitCode::SUCCESS)
}

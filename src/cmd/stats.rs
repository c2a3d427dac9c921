//! `simpul stats`: inventory figures, as text or JSON.

use anyhow::Result;
use std::path::Path;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long)]
    json: bool,
}

pub fn run(db: &Path, a: Args) -> Result<std::process::ExitCode> {
    let r = super::open_configured(db)?;
    let s = r.stats()?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&s)?);
        return Ok(std::process::ExitCode::SUCCESS);
    }
    let p = r.profile()?;
    println!("{} — {} ({})", p.regency, p.opd_name, p.opd_code);
    println!(
        "Aset aktif: {}   dihapus: {}   ruangan: {}   catatan pemeliharaan: {}",
        s.total, s.disposed, s.rooms, s.maintenance_entries
    );
    println!("Nilai perolehan: Rp {}", rupiah(s.total_value));
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

/// 12500000 -> "12.500.000".
pub fn rupiah(v: i64) -> String {
    let digits = v.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    if v < 0 {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn rupiah_groups_thousands_with_dots() {
        assert_eq!(super::rupiah(12_500_000), "12.500.000");
        assert_eq!(super::rupiah(500), "500");
        assert_eq!(super::rupiah(0), "0");
    }
}

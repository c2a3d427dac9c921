//! `simpul verify`: re-reads every stored document of this replica and
//! checks the signature of each change the device wrote. Exits non-zero
//! when anything is unsigned, altered or unreadable.

use anyhow::Result;
use simpul_sync::verify::Verification;
use std::path::Path;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long)]
    json: bool,
}

pub fn run(db: &Path, a: Args) -> Result<std::process::ExitCode> {
    let svc = super::service(db)?;
    let report = svc.verify_signatures()?;
    print(
        &report,
        a.json,
        "Perubahan perangkat ini dengan tanda tangan sah",
        "Perubahan perangkat lain (diperiksa pusat data)",
    )?;
    Ok(if report.ok() {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::from(1)
    })
}

/// Prints a verification (`simpul verify` and `simpul admin verify`).
pub fn print(report: &Verification, json: bool, verified: &str, others: &str) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(report)?);
        return Ok(());
    }
    println!("{verified}: {}", report.verified);
    println!("{others}: {}", report.others);
    for (what, list) in [
        ("Tanpa tanda tangan", &report.unsigned),
        ("Tanda tangan tidak sah", &report.invalid),
        (
            "Dokumen tidak dapat dibaca (rusak atau diubah)",
            &report.unreadable,
        ),
    ] {
        if !list.is_empty() {
            println!("{what}: {}", list.len());
            for item in list {
                println!("  {item}");
            }
        }
    }
    println!(
        "{}",
        if report.ok() {
            "Semua tanda tangan sah."
        } else {
            "PERINGATAN: data ini memuat perubahan yang tidak dapat dibuktikan keasliannya."
        }
    );
    Ok(())
}

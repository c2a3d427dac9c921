//! `simpul import FILE`: KIB B rows into the replica, all or nothing.

use anyhow::{Context, Result};
use simpul_core::kib::read_rows;
use simpul_store::ImportFailure;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// An .xlsx, .xls, .ods or .csv file in KIB B layout.
    file: PathBuf,
    /// Check every row and report, but store nothing.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(db: &Path, a: Args) -> Result<std::process::ExitCode> {
    let cells =
        simpul_kib::read_cells(&a.file).with_context(|| format!("membaca {}", a.file.display()))?;
    let rows = match read_rows(&cells) {
        Ok(rows) => rows,
        Err(e) => {
            eprintln!("{}", e.message);
            return Ok(std::process::ExitCode::from(1));
        }
    };
    eprintln!(
        "{} baris aset terbaca dari {}.",
        rows.len(),
        a.file.display()
    );
    let mut r = super::open_configured(db)?;
    if a.dry_run {
        let problems: Vec<_> = rows
            .iter()
            .flat_map(|row| {
                r.validate_asset(&row.input)
                    .into_iter()
                    .map(move |e| (row.row, e))
            })
            .collect();
        for (row, e) in &problems {
            eprintln!("  baris {row}, {}: {}", e.field, e.message);
        }
        println!(
            "Pemeriksaan selesai: {} masalah; tidak ada yang disimpan.",
            problems.len()
        );
        return Ok(if problems.is_empty() {
            std::process::ExitCode::SUCCESS
        } else {
            std::process::ExitCode::from(1)
        });
    }
    let pb = super::progress_bar(rows.len() as u64, "Menyimpan");
    let result = r.import_rows(&rows, &mut |done, total| {
        pb.set_length(u64::from(total));
        pb.set_position(u64::from(done));
    });
    pb.finish_and_clear();
    match result {
        Ok(report) => {
            for n in &report.notes {
                println!("  {n}");
            }
            println!(
                "{} aset diimpor ({} kode lama dikonversi, {} diberi nomor register).",
                report.imported, report.converted_old_codes, report.numbered
            );
            Ok(std::process::ExitCode::SUCCESS)
        }
        Err(ImportFailure::Rows(errors)) => {
            eprintln!(
                "Impor dibatalkan: {} masalah ditemukan, tidak ada baris yang disimpan.",
                errors.len()
            );
            for e in &errors {
                if e.row == 0 {
                    eprintln!("  {}", e.message);
                } else {
                    eprintln!("  baris {}, {}: {}", e.row, e.field, e.message);
                }
            }
            Ok(std::process::ExitCode::from(1))
        }
        Err(ImportFailure::Store(e)) => {
            Err(e).context("penyimpanan gagal; tidak ada baris yang disimpan")
        }
    }
}

//! `simpul import FILE`: KIB B rows into the replica, all or nothing, with
//! `--dry-run` showing exactly what the import would do.

use anyhow::{Context, Result};
use simpul_core::kib::ImportSummary;
use simpul_core::{ApiError, ErrorCode};
use simpul_service::ImportError;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// An .xlsx, .xls, .ods or .csv file in KIB B layout.
    file: PathBuf,
    /// Check every row and show what would be added, changed or skipped,
    /// but store nothing.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(db: &Path, a: Args) -> Result<ExitCode> {
    let svc = super::service(db)?;
    if a.dry_run {
        let summary = match svc.kib_preview(&a.file) {
            Ok(s) => s,
            Err(e) => return refused(&a.file, &e),
        };
        print_summary(&summary);
        return Ok(if summary.errors.is_empty() {
            println!("Pemeriksaan selesai; tidak ada yang disimpan.");
            ExitCode::SUCCESS
        } else {
            println!(
                "Pemeriksaan selesai: {} masalah; impor akan dibatalkan. Tidak ada yang disimpan.",
                summary.errors.len()
            );
            ExitCode::from(1)
        });
    }
    let pb = super::progress_bar(0, "Menyimpan");
    let result = svc.kib_import(&a.file, &mut |done, total| {
        pb.set_length(u64::from(total));
        pb.set_position(u64::from(done));
    });
    pb.finish_and_clear();
    match result {
        Ok(summary) => {
            print_summary(&summary);
            println!(
                "Impor selesai: {} aset ditambah, {} diubah, {} tetap, {} baris bukan TIK dilewati.",
                summary.added, summary.updated, summary.unchanged, summary.skipped
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(ImportError::Rows(summary)) => {
            print_summary(&summary);
            eprintln!(
                "Impor dibatalkan: {} masalah ditemukan, tidak ada baris yang disimpan.",
                summary.errors.len()
            );
            Ok(ExitCode::from(1))
        }
        Err(ImportError::Failed(e)) => refused(&a.file, &e),
    }
}

/// A file that could not be read or a replica that refused: the message,
/// and nothing stored.
fn refused(file: &Path, e: &ApiError) -> Result<ExitCode> {
    match e.code {
        ErrorCode::Import | ErrorCode::NotConfigured => {
            eprintln!("{}: {}", file.display(), e.message);
            Ok(ExitCode::from(1))
        }
        _ => Err(e.clone()).context("penyimpanan gagal; tidak ada baris yang disimpan"),
    }
}

fn row_label(row: u32) -> String {
    if row == 0 {
        "berkas".to_owned()
    } else {
        format!("baris {row}")
    }
}

/// Prints what an import does or would do: counts, then every row behind them.
fn print_summary(s: &ImportSummary) {
    println!(
        "{} baris data: {} ditambah, {} diubah, {} tetap, {} dilewati (bukan TIK), {} masalah.",
        s.rows,
        s.added,
        s.updated,
        s.unchanged,
        s.skipped,
        s.errors.len()
    );
    if s.converted + s.numbered > 0 {
        println!(
            "{} kode dikonversi ke kode 108, {} aset baru diberi nomor register.",
            s.converted, s.numbered
        );
    }
    for u in &s.updates {
        let changes: Vec<String> = u
            .changes
            .iter()
            .map(|c| format!("{}: \"{}\" -> \"{}\"", c.column, c.old, c.new))
            .collect();
        println!(
            "  diubah, baris {} ({} {}): {}",
            u.row,
            u.nama,
            u.nomor_register,
            changes.join("; ")
        );
    }
    for k in &s.skipped_rows {
        println!(
            "  dilewati, baris {}: {} - {}",
            k.row,
            if k.nama.is_empty() {
                "(tanpa nama)"
            } else {
                &k.nama
            },
            k.reason
        );
    }
    for n in &s.notes {
        println!("  catatan, {}: {}", row_label(n.row), n.message);
    }
    for e in &s.errors {
        if e.field.is_empty() {
            eprintln!("  masalah, {}: {}", row_label(e.row), e.message);
        } else {
            eprintln!(
                "  masalah, {}, kolom \"{}\": {}",
                row_label(e.row),
                e.field,
                e.message
            );
        }
    }
}

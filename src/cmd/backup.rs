//! `simpul backup` and `simpul restore`: the replica's backup to a folder
//! or USB stick, and its restore as a new device.

use anyhow::Result;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// A folder (the file is named after the OPD and the time) or a file.
    #[arg(short, long)]
    output: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// The backup file (`.simpulbk`).
    file: PathBuf,
    /// Replace a replica that holds data (kept as `.sebelum-pulih`).
    #[arg(long)]
    force: bool,
    /// Only check that the backup is whole; change nothing.
    #[arg(long)]
    check: bool,
}

pub fn backup(db: &Path, a: BackupArgs) -> Result<std::process::ExitCode> {
    let w = super::service(db)?.backup_save(&a.output)?;
    println!(
        "Cadangan ditulis ke {}: {} aset, {} dokumen, {} KB. Tanpa kunci perangkat, token atau PIN.",
        w.path,
        w.assets,
        w.documents,
        w.bytes / 1024
    );
    Ok(std::process::ExitCode::SUCCESS)
}

pub fn restore(db: &Path, a: RestoreArgs) -> Result<std::process::ExitCode> {
    if a.check {
        let m = simpul_store::backup::verify(&a.file)?;
        println!(
            "Cadangan utuh: OPD {}, perangkat {}, {} aset, dibuat {}.",
            m.opd.unwrap_or_default(),
            m.device_name.unwrap_or_default(),
            m.assets,
            m.created_at
        );
        return Ok(std::process::ExitCode::SUCCESS);
    }
    let r = simpul_service::ops::backup::restore_file(&a.file, db, a.force)?;
    println!(
        "Dipulihkan ke {}: OPD {}, {} aset, dari cadangan {} (perangkat {}).",
        db.display(),
        r.opd,
        r.assets,
        r.created_at,
        r.device_name
    );
    if let Some(p) = r.previous {
        println!("Replika sebelumnya disimpan di {p}.");
    }
    println!(
        "Ini perangkat baru: daftarkan lagi ke pusat data (simpul enroll), dan tambahkan lagi orang-orangnya (simpul people add)."
    );
    Ok(std::process::ExitCode::SUCCESS)
}

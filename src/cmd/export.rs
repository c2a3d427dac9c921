//! `simpul export kib-b -o FILE`: KIB B as .xlsx (one sheet per OPD) or
//! .csv (one OPD), with the ICT columns after the 16.

use anyhow::{bail, Result};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum Target {
    /// The 16 KIB B columns and the ICT columns, as .xlsx or .csv.
    KibB {
        #[arg(short, long)]
        output: PathBuf,
        /// Kode lokasi of the owner unit, printed in the header (remembered).
        #[arg(long)]
        kode_lokasi: Option<String>,
        /// Nama UPB, printed in the header (remembered; the OPD's name by default).
        #[arg(long)]
        nama_upb: Option<String>,
        /// Only this OPD (a Diskominfo device exports every OPD otherwise).
        #[arg(long)]
        opd: Option<String>,
    },
}

pub fn run(db: &Path, t: Target) -> Result<std::process::ExitCode> {
    let Target::KibB {
        output,
        kode_lokasi,
        nama_upb,
        opd,
    } = t;
    let svc = super::service(db)?;
    let mut units = svc.kib_units()?;
    if let Some(code) = &opd {
        units.retain(|u| u.opd_code.eq_ignore_ascii_case(code));
        if units.is_empty() {
            bail!("OPD {code} tidak punya aset di replika ini");
        }
    }
    if kode_lokasi.is_some() || nama_upb.is_some() {
        if units.len() > 1 {
            bail!("--kode-lokasi dan --nama-upb berlaku untuk satu OPD; pilih dengan --opd");
        }
        for u in &mut units {
            if let Some(k) = &kode_lokasi {
                u.kode_lokasi = k.trim().to_owned();
            }
            if let Some(n) = &nama_upb {
                u.nama_upb = n.trim().to_owned();
            }
        }
    }
    let pb = super::progress_bar(0, "Menulis KIB B");
    let total = svc.kib_export(&output, &units, &mut |done, total| {
        pb.set_length(total as u64);
        pb.set_position(done as u64);
    })?;
    pb.finish_and_clear();
    println!(
        "{total} aset dari {} OPD ditulis ke {}.",
        units.len(),
        output.display()
    );
    Ok(std::process::ExitCode::SUCCESS)
}

//! `simpul export kib-b -o FILE`: KIB B as .xlsx (one sheet per OPD) or
//! .csv (one OPD), with the ICT columns after the 16.

use anyhow::{bail, Context, Result};
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
    let mut r = super::open_configured(db)?;
    let mut units = r.kib_units()?;
    if let Some(code) = &opd {
        units.retain(|u| u.opd_code.eq_ignore_ascii_case(code));
        if units.is_empty() {
            bail!("OPD {code} tidak punya aset di replika ini");
        }
    }
    let csv = output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if csv && units.len() > 1 {
        bail!("CSV memuat satu OPD; pilih dengan --opd (ada {} OPD), atau tulis .xlsx untuk satu lembar per OPD", units.len());
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
            r.remember_kib_unit(u)?;
        }
    }
    let sheets = r.kib_sheets(&units)?;
    let total: usize = sheets.iter().map(|s| s.assets.len()).sum();
    let pb = super::progress_bar(total as u64, "Menulis KIB B");
    if csv {
        simpul_kib::write_kib_csv(&output, &sheets[0])
    } else {
        simpul_kib::write_kib_b(&output, &sheets, &mut |done, _| {
            pb.set_position(done as u64)
        })
    }
    .with_context(|| format!("menulis {}", output.display()))?;
    pb.finish_and_clear();
    println!(
        "{total} aset dari {} OPD ditulis ke {}.",
        sheets.len(),
        output.display()
    );
    Ok(std::process::ExitCode::SUCCESS)
}

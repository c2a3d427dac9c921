//! `simpul export kib-b -o FILE`.

use anyhow::{Context, Result};
use simpul_kib::{write_kib_b, KibHeader};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum Target {
    /// The 16 KIB B columns with the OPD header, as .xlsx.
    KibB {
        #[arg(short, long)]
        output: PathBuf,
        /// Kode lokasi of the owner unit, printed in the header.
        #[arg(long, default_value = "")]
        kode_lokasi: String,
    },
}

pub fn run(db: &Path, t: Target) -> Result<std::process::ExitCode> {
    let Target::KibB {
        output,
        kode_lokasi,
    } = t;
    let r = super::open_configured(db)?;
    let p = r.profile()?.clone();
    let assets = r.all_assets()?;
    let header = KibHeader {
        regency: p.regency,
        opd_name: p.opd_name,
        opd_code: p.opd_code,
        kode_lokasi,
    };
    let pb = super::progress_bar(assets.len() as u64, "Menulis KIB B");
    write_kib_b(&output, &header, &assets, &mut |done, _| {
        pb.set_position(done as u64)
    })
    .with_context(|| format!("menulis {}", output.display()))?;
    pb.finish_and_clear();
    println!("{} aset ditulis ke {}.", assets.len(), output.display());
    Ok(std::process::ExitCode::SUCCESS)
}

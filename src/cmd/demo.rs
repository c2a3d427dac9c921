//! `simpul demo`: a demo OPD with rooms and assets, for trying Simpul out.

use anyhow::Result;
use std::path::Path;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, default_value_t = 1500)]
    assets: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub fn run(db: &Path, a: Args) -> Result<std::process::ExitCode> {
    let svc = super::service(db)?;
    let pb = super::progress_bar(a.assets as u64, "Membuat data demo");
    let loaded = svc.demo_load(a.assets, a.seed, &mut |done, _| {
        pb.set_position(u64::from(done))
    })?;
    pb.finish_and_clear();
    if !loaded.written {
        anyhow::bail!(
            "replika {} sudah berisi data; data demo hanya untuk replika kosong",
            db.display()
        );
    }
    println!("{} aset demo dibuat di {}.", a.assets, db.display());
    Ok(std::process::ExitCode::SUCCESS)
}

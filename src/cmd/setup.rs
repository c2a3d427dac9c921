//! `simpul setup`: first-run settings without the window.

use anyhow::Result;
use simpul_store::ProfileInput;
use std::path::Path;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long)]
    regency: String,
    #[arg(long)]
    opd_code: String,
    #[arg(long)]
    opd_name: String,
    #[arg(long)]
    device: String,
}

pub fn run(db: &Path, a: Args) -> Result<std::process::ExitCode> {
    let svc = super::service(db)?;
    let input = ProfileInput {
        regency: a.regency,
        opd_code: a.opd_code,
        opd_name: a.opd_name,
        device_name: a.device,
        language: "id".into(),
    };
    match svc.profile_save(&input) {
        Ok(p) => {
            println!(
                "Replika {} siap: {} — {} ({}), perangkat {}.",
                db.display(),
                p.regency,
                p.opd_name,
                p.opd_code,
                p.device_name
            );
            Ok(std::process::ExitCode::SUCCESS)
        }
        Err(api) => {
            eprintln!("{}", api.message);
            for f in api.fields {
                eprintln!("  {}: {}", f.field, f.message);
            }
            Ok(std::process::ExitCode::from(1))
        }
    }
}

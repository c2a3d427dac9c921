//! `simpul bundle export/import`: a device's side of USB bundles.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Write the changes the data center lacks to a file.
    Export {
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Read a bundle the data center wrote for this device.
    Import { file: PathBuf },
}

pub fn run(db: &Path, c: Command) -> Result<std::process::ExitCode> {
    let mut r = super::open_configured(db)?;
    match c {
        Command::Export { output } => {
            let (sealed, n) = r.bundle_write(super::sync::SERVER_PEER)?;
            std::fs::write(&output, sealed)
                .with_context(|| format!("menulis {}", output.display()))?;
            println!(
                "{n} dokumen ditulis ke {}. Bawa berkas ini ke Diskominfo.",
                output.display()
            );
        }
        Command::Import { file } => {
            let bytes = crate::cmd::admin::read_bundle(&file)?;
            let applied = r.bundle_read(&bytes)?;
            println!(
                "Bundel diimpor: {} dokumen dan {} rekaman diperbarui.",
                applied.changed_docs, applied.changed_records
            );
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}

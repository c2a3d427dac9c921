//! `simpul bundle export/import`: a device's side of USB bundles.

use anyhow::Result;
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
    let svc = super::service(db)?;
    match c {
        Command::Export { output } => {
            let n = svc.bundle_export(&output)?;
            println!(
                "{n} dokumen ditulis ke {}. Bawa berkas ini ke Diskominfo.",
                output.display()
            );
        }
        Command::Import { file } => {
            let read = svc.bundle_import(&file)?;
            println!(
                "Bundel diimpor: {} dokumen dan {} rekaman diperbarui.",
                read.changed_docs, read.changed_records
            );
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}

//! `simpul bundle export/import`: a device's side of USB bundles.

use anyhow::{Context, Result};
use simpul_sync::bundle::{secret_hash, Bundle};
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
    let link = r.server()?.context("perangkat ini belum terdaftar di pusat data; bundel memerlukan pendaftaran")?;
    let key = secret_hash(&link.token);
    match c {
        Command::Export { output } => {
            let docs = r.bundle_changes(super::sync::SERVER_PEER)?;
            let n = docs.len();
            let bundle = Bundle { protocol: simpul_sync::PROTOCOL_VERSION, device: link.device_id, from_server: false, created: chrono::Utc::now().to_rfc3339(), docs };
            std::fs::write(&output, bundle.seal(&key)).with_context(|| format!("menulis {}", output.display()))?;
            println!("{n} dokumen ditulis ke {}. Bawa berkas ini ke Diskominfo.", output.display());
        }
        Command::Import { file } => {
            let bytes = std::fs::read(&file).with_context(|| format!("membaca {}", file.display()))?;
            let bundle = Bundle::open(&bytes, &key).map_err(|e| anyhow::anyhow!("{e}"))?;
            if !bundle.from_server || bundle.device != link.device_id {
                anyhow::bail!("bundel ini bukan untuk perangkat ini");
            }
            let applied = r.bundle_apply(&bundle.docs)?;
            println!("Bundel diimpor: {} dokumen dan {} rekaman diperbarui.", applied.changed_docs, applied.changed_records);
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}

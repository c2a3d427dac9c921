//! `simpul enroll` and `simpul sync`: a device and the data center.

use anyhow::{Context, Result};
use simpul_store::{ServerLink, SyncFailure};
use simpul_sync::http::HttpHub;
use simpul_sync::ClientConfig;
use std::path::Path;

/// The sync peer name under which shared heads are kept.
pub use simpul_sync::SERVER_PEER;

#[derive(Debug, clap::Args)]
pub struct EnrollArgs {
    /// The server address, e.g. 10.1.2.3:8440.
    #[arg(long)]
    server: String,
    /// The one-time code from Diskominfo.
    #[arg(long)]
    code: String,
    /// The data center's own certificate authority (PEM), when its TLS
    /// certificate is not signed by a public one.
    #[arg(long)]
    ca_cert: Option<std::path::PathBuf>,
}

pub fn enroll(db: &Path, a: EnrollArgs) -> Result<std::process::ExitCode> {
    let mut r = super::open_configured(db)?;
    let p = r.profile()?.clone();
    let ca_pem = match &a.ca_cert {
        Some(f) => Some(
            std::fs::read_to_string(f)
                .with_context(|| format!("membaca sertifikat CA {}", f.display()))?,
        ),
        None => None,
    };
    let config = ClientConfig {
        ca_pem: ca_pem.as_ref().map(|p| p.as_bytes().to_vec()),
        ..ClientConfig::default()
    };
    let e = HttpHub::enroll(&a.server, &a.code, &p.device_name, &p.actor, &config)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    r.set_server(&ServerLink {
        address: a.server.clone(),
        device_id: e.device_id.clone(),
        diskominfo: e.opd.is_none(),
        token: e.token,
        ca_pem,
    })?;
    println!(
        "Perangkat {} terdaftar di {} ({}).",
        p.device_name,
        a.server,
        e.opd.unwrap_or_else(|| "Diskominfo".into())
    );
    Ok(std::process::ExitCode::SUCCESS)
}

pub fn sync(db: &Path) -> Result<std::process::ExitCode> {
    let mut r = super::open_configured(db)?;
    let link = r
        .server()?
        .context("perangkat ini belum terdaftar; jalankan `simpul enroll` dulu")?;
    let mut hub = HttpHub::new(&link.address, &link.token, &link.client_config())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    match r.sync_with(SERVER_PEER, &mut hub) {
        Ok(report) => {
            println!(
                "Sinkron: {} putaran, {} dokumen dan {} rekaman diterima.",
                report.rounds, report.changed_docs, report.changed_records
            );
            Ok(std::process::ExitCode::SUCCESS)
        }
        Err(SyncFailure::Transport(t)) if t.is_transient() => {
            eprintln!("Belum tersambung: {t}. Perubahan tetap tersimpan di perangkat ini.");
            Ok(std::process::ExitCode::from(3))
        }
        Err(e) => Err(e.into()),
    }
}

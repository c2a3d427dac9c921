//! `simpul enroll` and `simpul sync`: a device and the data center.

use anyhow::Result;
use simpul_store::{StoreError, SyncFailure};
use std::path::Path;

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
    let svc = super::service(db)?;
    let e = svc.enroll(&a.server, &a.code, a.ca_cert.as_deref())?;
    println!(
        "Perangkat {} terdaftar di {} ({}).",
        e.device_name,
        e.server,
        if e.opd.is_empty() {
            "Diskominfo"
        } else {
            &e.opd
        }
    );
    Ok(std::process::ExitCode::SUCCESS)
}

pub fn sync(db: &Path) -> Result<std::process::ExitCode> {
    let svc = super::service(db)?;
    drop(svc.configured()?);
    match svc.sync_session() {
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
        Err(SyncFailure::Store(StoreError::NotEnrolled)) => {
            anyhow::bail!("perangkat ini belum terdaftar; jalankan `simpul enroll` dulu")
        }
        Err(e) => Err(e.into()),
    }
}

//! `simpul enroll` and `simpul sync`: a device and the data center.

use anyhow::Result;
use simpul_store::{StoreError, SyncFailure};
use std::path::Path;

#[derive(Debug, clap::Args)]
pub struct EnrollArgs {
    /// The server address, e.g. 10.1.2.3:8440.
    #[arg(long, required_unless_present = "file", requires = "code")]
    server: Option<String>,
    /// The one-time code from Diskominfo.
    #[arg(long)]
    code: Option<String>,
    /// An enrollment file from Diskominfo, for a device with no link: the
    /// device's next bundle (`simpul bundle export`) then enrolls it.
    #[arg(long, conflicts_with_all = ["server", "code"])]
    file: Option<std::path::PathBuf>,
    /// The data center's own certificate authority (PEM), when its TLS
    /// certificate is not signed by a public one.
    #[arg(long)]
    ca_cert: Option<std::path::PathBuf>,
}

pub fn enroll(db: &Path, a: EnrollArgs) -> Result<std::process::ExitCode> {
    let svc = super::service(db)?;
    if let Some(file) = a.file {
        let f = svc.enroll_file(&file)?;
        println!(
            "Berkas pendaftaran dibaca ({}). Tulis bundel dengan `simpul bundle export -o BERKAS` dan bawa ke Diskominfo; bundel balasannya menyelesaikan pendaftaran.",
            f.opd.as_deref().unwrap_or("Diskominfo")
        );
        return Ok(std::process::ExitCode::SUCCESS);
    }
    let (Some(server), Some(code)) = (a.server, a.code) else {
        anyhow::bail!("beri --server dan --code, atau --file");
    };
    let e = svc.enroll(&server, &code, a.ca_cert.as_deref())?;
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

//! `simpul enroll` and `simpul sync`: a device and the data center.

use anyhow::{Context, Result};
use simpul_store::{ServerLink, SyncFailure};
use simpul_sync::http::HttpHub;
use std::path::Path;
use std::time::Duration;

/// The sync peer name under which shared heads are kept.
pub const SERVER_PEER: &str = "server";

#[derive(Debug, clap::Args)]
pub struct EnrollArgs {
    /// The server address, e.g. 10.1.2.3:8440.
    #[arg(long)]
    server: String,
    /// The one-time code from Diskominfo.
    #[arg(long)]
    code: String,
}

pub fn enroll(db: &Path, a: EnrollArgs) -> Result<std::process::ExitCode> {
    let mut r = super::open_configured(db)?;
    let p = r.profile()?.clone();
    let e = HttpHub::enroll(&a.server, &a.code, &p.device_name, &p.actor).map_err(|e| anyhow::anyhow!("{e}"))?;
    r.set_server(&ServerLink { address: a.server.clone(), device_id: e.device_id.clone(), diskominfo: e.opd.is_none(), token: e.token })?;
    println!("Perangkat {} terdaftar di {} ({}).", p.device_name, a.server, e.opd.unwrap_or_else(|| "Diskominfo".into()));
    Ok(std::process::ExitCode::SUCCESS)
}

pub fn sync(db: &Path) -> Result<std::process::ExitCode> {
    let mut r = super::open_configured(db)?;
    let link = r.server()?.context("perangkat ini belum terdaftar; jalankan `simpul enroll` dulu")?;
    let mut hub = HttpHub::new(&link.address, &link.token, Duration::from_secs(120));
    match r.sync_with(SERVER_PEER, &mut hub) {
        Ok(report) => {
            println!("Sinkron: {} putaran, {} dokumen dan {} rekaman diterima.", report.rounds, report.changed_docs, report.changed_records);
            Ok(std::process::ExitCode::SUCCESS)
        }
        Err(SyncFailure::Transport(t)) if t.is_transient() => {
            eprintln!("Belum tersambung: {t}. Perubahan tetap tersimpan di perangkat ini.");
            Ok(std::process::ExitCode::from(3))
        }
        Err(e) => Err(e.into()),
    }
}

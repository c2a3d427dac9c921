//! One module per subcommand; each opens the service and calls the same
//! operations as the desktop window, then prints their result.

pub mod admin;
pub mod backup;
pub mod bundle;
pub mod demo;
pub mod export;
pub mod import;
pub mod labels;
pub mod maintenance;
pub mod people;
pub mod report;
pub mod serve;
pub mod setup;
pub mod staff;
pub mod stats;
pub mod sync;
pub mod tags;
pub mod verify;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use simpul_service::{Headless, Service};
use std::path::{Path, PathBuf};

/// The desktop app's identifier: its data lives in `<data dir>/<identifier>`.
pub const APP_IDENTIFIER: &str = "id.simpul.desktop";

/// The replica path: `--db`, `$SIMPUL_DB`, or the desktop app's own file.
pub fn db_path(given: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(p) = given {
        return Ok(p);
    }
    let dir = dirs::data_dir()
        .context("folder data pengguna tidak diketahui; gunakan --db")?
        .join(APP_IDENTIFIER);
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("tidak dapat membuat {}", dir.display()))?;
    Ok(dir.join("replika.db"))
}

/// The application layer over the replica at `db` (created when new),
/// with the person of `--person` signed in.
pub fn service(db: &Path) -> Result<Service> {
    let svc = Service::open(db, Headless)
        .with_context(|| format!("tidak dapat membuka replika {}", db.display()))?;
    people::sign_in(&svc)?;
    Ok(svc)
}

/// A progress bar on stderr (hidden when stderr is not a terminal).
pub fn progress_bar(len: u64, what: &str) -> ProgressBar {
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    pb.set_message(what.to_owned());
    pb
}

//! One module per subcommand; each opens the replica and calls the store.

pub mod admin;
pub mod bundle;
pub mod demo;
pub mod export;
pub mod import;
pub mod labels;
pub mod serve;
pub mod setup;
pub mod stats;
pub mod sync;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use simpul_store::Replica;
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

pub fn open(db: &Path) -> Result<Replica> {
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("tidak dapat membuat {}", dir.display()))?;
    }
    Replica::open(db).with_context(|| format!("tidak dapat membuka replika {}", db.display()))
}

/// Opens a replica that must already be set up.
pub fn open_configured(db: &Path) -> Result<Replica> {
    let r = open(db)?;
    if !r.is_configured() {
        anyhow::bail!(
            "replika {} belum disiapkan; jalankan dulu `simpul setup` atau buka aplikasinya",
            db.display()
        );
    }
    Ok(r)
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

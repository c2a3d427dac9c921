//! `simpul labels --opd X [--room Y] [--format tape24] -o labels.pdf`.

use anyhow::{bail, Result};
use simpul_labels::LabelFormat;
use simpul_service::ops::labels::LabelSelection;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The OPD code; it must be this replica's OPD.
    #[arg(long)]
    opd: String,
    /// Only cables with an end in this room (id, `R07` or `G1L2.R07`).
    #[arg(long)]
    room: Option<String>,
    /// tape12, tape18, tape24 or a4 (3 x 8 labels of 63.5 x 33.9 mm).
    #[arg(long, default_value = "tape24", value_parser = parse_format)]
    format: LabelFormat,
    /// Only the labels printed on this device that no longer match their
    /// cable (an end renamed, moved or recoded since).
    #[arg(long)]
    stale: bool,
    #[arg(short, long)]
    output: PathBuf,
}

fn parse_format(s: &str) -> Result<LabelFormat, String> {
    LabelFormat::from_key(s).ok_or_else(|| {
        format!("format label tidak dikenal: {s}; pilih tape12, tape18, tape24 atau a4")
    })
}

pub fn run(db: &Path, a: Args) -> Result<std::process::ExitCode> {
    let svc = super::service(db)?;
    let opd = svc
        .app_info()?
        .profile
        .map(|p| p.opd_code)
        .unwrap_or_default();
    if !opd.eq_ignore_ascii_case(a.opd.trim()) {
        bail!("replika ini milik OPD {opd}, bukan {}", a.opd.trim());
    }
    let selection = LabelSelection {
        room_id: a.room,
        cable_id: None,
        stale: a.stale,
    };
    let written = svc.labels_save(&selection, a.format, Some(&a.output))?;
    println!(
        "{} label ({} kabel, {}) di {} halaman ditulis ke {}.",
        written.labels,
        written.cables,
        a.format.label(),
        written.pages,
        a.output.display()
    );
    Ok(std::process::ExitCode::SUCCESS)
}

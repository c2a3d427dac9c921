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
    /// tape12, tape18, tape24, a4 (3 x 8 labels of 63.5 x 33.9 mm), a4x40
    /// (4 x 10 labels of 52.5 x 29.7 mm) or roll58 (58 x 40 mm).
    #[arg(long, default_value = "tape24", value_parser = parse_format)]
    format: LabelFormat,
    /// Only the labels printed on this device that no longer match their
    /// cable (an end renamed, moved or recoded since).
    #[arg(long)]
    stale: bool,
    #[arg(short, long)]
    output: PathBuf,
}

pub(super) fn parse_format(s: &str) -> Result<LabelFormat, String> {
    LabelFormat::from_key(s).ok_or_else(|| {
        format!(
            "format label tidak dikenal: {s}; pilih {}",
            LabelFormat::keys()
        )
    })
}

/// Refuses a replica of another OPD than the one named on the command line.
pub(super) fn require_opd(svc: &simpul_service::Service, named: &str) -> Result<()> {
    let opd = svc
        .app_info()?
        .profile
        .map(|p| p.opd_code)
        .unwrap_or_default();
    if !opd.eq_ignore_ascii_case(named.trim()) {
        bail!("replika ini milik OPD {opd}, bukan {}", named.trim());
    }
    Ok(())
}

pub fn run(db: &Path, a: Args) -> Result<std::process::ExitCode> {
    let svc = super::service(db)?;
    require_opd(&svc, &a.opd)?;
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

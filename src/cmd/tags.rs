//! `simpul tags --opd X [--room Y | --asset ID ...] [--new] [--format a4] -o tags.pdf`.

use super::labels::{parse_format, require_opd};
use anyhow::Result;
use simpul_labels::LabelFormat;
use simpul_service::ops::tags::TagSelection;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The OPD code; it must be this replica's OPD.
    #[arg(long)]
    opd: String,
    /// Only this room's assets (id, `R07` or `G1L2.R07`).
    #[arg(long, conflicts_with = "asset")]
    room: Option<String>,
    /// Only these assets (ids; repeat the option), in this order.
    #[arg(long)]
    asset: Vec<String>,
    /// Only the assets whose tag was never printed on this device.
    #[arg(long)]
    new: bool,
    /// tape12, tape18, tape24, a4 (3 x 8), a4x40 (4 x 10) or roll58.
    #[arg(long, default_value = "a4", value_parser = parse_format)]
    format: LabelFormat,
    #[arg(short, long)]
    output: PathBuf,
}

pub fn run(db: &Path, a: Args) -> Result<std::process::ExitCode> {
    let svc = super::service(db)?;
    require_opd(&svc, &a.opd)?;
    let selection = TagSelection {
        asset_ids: a.asset,
        room_id: a.room,
        unprinted: a.new,
    };
    let written = svc.tags_save(&selection, a.format, Some(&a.output))?;
    println!(
        "{} label aset ({}) di {} halaman ditulis ke {}.",
        written.tags,
        a.format.label(),
        written.pages,
        a.output.display()
    );
    Ok(std::process::ExitCode::SUCCESS)
}

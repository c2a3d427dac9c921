//! `simpul labels --opd X [--room Y] [--format tape24] -o labels.pdf`.

use anyhow::{bail, Context, Result};
use simpul_labels::{layout, pdf, LabelFormat};
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
    #[arg(short, long)]
    output: PathBuf,
}

fn parse_format(s: &str) -> Result<LabelFormat, String> {
    LabelFormat::from_key(s).ok_or_else(|| {
        format!("format label tidak dikenal: {s}; pilih tape12, tape18, tape24 atau a4")
    })
}

pub fn run(db: &Path, a: Args) -> Result<std::process::ExitCode> {
    let r = super::open_configured(db)?;
    let opd = r.profile()?.opd_code.clone();
    if !opd.eq_ignore_ascii_case(a.opd.trim()) {
        bail!("replika ini milik OPD {opd}, bukan {}", a.opd.trim());
    }
    let room = a
        .room
        .as_deref()
        .map(|key| r.find_room(key).with_context(|| format!("ruangan {key}")))
        .transpose()?;
    let labels = r.labels(room.as_ref().map(|x| x.id.as_str()))?;
    if labels.is_empty() {
        bail!("tidak ada kabel terpasang untuk dicetak labelnya");
    }
    let cables = labels;
    let pages = layout(&cables, a.format);
    let title = match &room {
        Some(room) => format!("Label kabel {opd} {}", room.short_code()),
        None => format!("Label kabel {opd}"),
    };
    std::fs::write(&a.output, pdf::render(&pages, &title))
        .with_context(|| format!("menulis {}", a.output.display()))?;
    println!(
        "{} label ({} kabel, {}) di {} halaman ditulis ke {}.",
        cables.len() * 2,
        cables.len(),
        a.format.label(),
        pages.len(),
        a.output.display()
    );
    Ok(std::process::ExitCode::SUCCESS)
}

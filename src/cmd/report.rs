//! `simpul report --period 2026 -o laporan.pdf` (or .xlsx) and
//! `simpul kir --room G1L2.R07 -o kir.pdf`: the same operations as the
//! Laporan page.

use anyhow::Result;
use simpul_core::report::{KirSigner, Signer};
use simpul_service::ops::report::{KirInput, ReportInput};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// A year (`2026`), a semester (`2026-S1`, `2026-S2`) or a range
    /// (`2026-01-01..2026-03-31`).
    #[arg(long)]
    period: String,
    /// Only this OPD (a Diskominfo device; an OPD device reports on itself).
    #[arg(long)]
    opd: Option<String>,
    /// The signer's office, e.g. "Kepala Dinas Komunikasi dan Informatika".
    #[arg(long)]
    signer_title: Option<String>,
    #[arg(long)]
    signer_name: Option<String>,
    #[arg(long)]
    signer_nip: Option<String>,
    /// Where it is signed.
    #[arg(long)]
    place: Option<String>,
    /// The file: .pdf or .xlsx.
    #[arg(short, long)]
    output: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct KirArgs {
    /// The room: its id, `R07` or `G1L2.R07`.
    #[arg(long)]
    room: String,
    /// Where it is signed.
    #[arg(long)]
    place: Option<String>,
    #[arg(long)]
    pengurus_name: Option<String>,
    #[arg(long)]
    pengurus_nip: Option<String>,
    #[arg(short, long)]
    output: PathBuf,
}

/// A value given on the command line, else the one used last.
fn or_last(given: Option<String>, last: String) -> String {
    given.unwrap_or(last)
}

pub fn report(db: &Path, a: ReportArgs) -> Result<std::process::ExitCode> {
    let svc = super::service(db)?;
    let last = svc.document_defaults()?.signer;
    let input = ReportInput {
        period: a.period,
        opd: a.opd.unwrap_or_default(),
        signer: Signer {
            title: or_last(a.signer_title, last.title),
            name: or_last(a.signer_name, last.name),
            nip: or_last(a.signer_nip, last.nip),
            place: or_last(a.place, last.place),
        },
    };
    let pb = super::progress_bar(0, "Membaca riwayat aset");
    let written = svc.report_save(&a.output, &input, &mut |done, of| {
        pb.set_length(u64::from(of));
        pb.set_position(u64::from(done));
    })?;
    pb.finish_and_clear();
    if written.pages > 0 {
        println!(
            "Laporan {} aset, {} halaman, ditulis ke {}.",
            written.assets, written.pages, written.path
        );
    } else {
        println!(
            "Laporan {} aset ditulis ke {}.",
            written.assets, written.path
        );
    }
    Ok(std::process::ExitCode::SUCCESS)
}

pub fn kir(db: &Path, a: KirArgs) -> Result<std::process::ExitCode> {
    let svc = super::service(db)?;
    let last = svc.document_defaults()?;
    let input = KirInput {
        room: a.room,
        place: or_last(a.place, last.signer.place),
        pengurus_barang: KirSigner {
            name: or_last(a.pengurus_name, last.pengurus_barang.name),
            nip: or_last(a.pengurus_nip, last.pengurus_barang.nip),
        },
    };
    let written = svc.kir_save(&a.output, &input)?;
    println!(
        "KIR {} aset, {} halaman, ditulis ke {}.",
        written.assets, written.pages, written.path
    );
    Ok(std::process::ExitCode::SUCCESS)
}

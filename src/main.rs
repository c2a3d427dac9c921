//! `simpul`: the headless command. It works on the same replica file as the
//! desktop app (or the one given with `--db`).

mod cmd;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "simpul",
    version,
    about = "Inventaris aset TIK OPD — perintah tanpa jendela dan server pusat data"
)]
struct Cli {
    /// The replica file (default: the desktop app's, or $SIMPUL_DB).
    #[arg(long, global = true, env = "SIMPUL_DB")]
    db: Option<PathBuf>,
    /// Act as this person (NIP) instead of the device; asks for the PIN.
    #[arg(long, global = true)]
    person: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Set the regency, OPD and device name of a new replica.
    Setup(cmd::setup::Args),
    /// Import KIB B rows from an .xlsx or .csv file (all rows or none).
    Import(cmd::import::Args),
    /// Export the inventory.
    #[command(subcommand)]
    Export(cmd::export::Target),
    /// Print inventory figures.
    Stats(cmd::stats::Args),
    /// Fill an empty replica with demo data.
    Demo(cmd::demo::Args),
    /// The TIK inventory report for a period, as PDF or XLSX.
    Report(cmd::report::ReportArgs),
    /// The room card (Kartu Inventaris Ruangan) of a room, as PDF.
    Kir(cmd::report::KirArgs),
    /// Maintenance plans and what they make due.
    #[command(subcommand)]
    Maintenance(cmd::maintenance::Command),
    /// Print cable labels (both ends of every cable) to a PDF.
    Labels(cmd::labels::Args),
    /// Print asset tags (barcode, QR code, kode lokasi, kode barang and
    /// register) to a PDF.
    Tags(cmd::tags::Args),
    /// Enroll this replica with the data center using a one-time code.
    Enroll(cmd::sync::EnrollArgs),
    /// Sync this replica with the data center now.
    Sync,
    /// USB bundles for when there is no link.
    #[command(subcommand)]
    Bundle(cmd::bundle::Command),
    /// The people who sign in on this device.
    #[command(subcommand)]
    People(cmd::people::Command),
    /// Check the signature of every change this device wrote.
    Verify(cmd::verify::Args),
    /// Back this replica up to a folder or USB stick (no keys, tokens or PINs in it).
    Backup(cmd::backup::BackupArgs),
    /// Restore a backup as this replica: a new device, to enroll again.
    Restore(cmd::backup::RestoreArgs),
    /// Run the Diskominfo data-center server.
    Serve(cmd::serve::Args),
    /// Administer the data-center server's OPDs, codes and devices.
    Admin(cmd::admin::Args),
}

/// Logs to standard error: `SIMPUL_LOG` filters (default `warn`), and
/// `SIMPUL_LOG_FORMAT=json` writes one JSON object a line (with the
/// request's device and round) for a log collector; colours only on a
/// terminal.
fn init_logs() {
    use std::io::IsTerminal;
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("SIMPUL_LOG").unwrap_or_else(|_| "warn".into());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    if std::env::var("SIMPUL_LOG_FORMAT").is_ok_and(|f| f == "json") {
        logs.json().init();
    } else {
        logs.init();
    }
}

fn main() -> std::process::ExitCode {
    init_logs();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("Galat: {e:#}");
            // A form's problems, one per line (the message only counts them).
            if let Some(api) = e.downcast_ref::<simpul_core::ApiError>() {
                for f in &api.fields {
                    eprintln!("  - {}", f.message);
                }
            }
            std::process::ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<std::process::ExitCode> {
    let db = || cmd::db_path(cli.db.clone());
    if let Some(nip) = cli.person {
        cmd::people::act_as(nip);
    }
    match cli.command {
        Command::Setup(a) => cmd::setup::run(&db()?, a),
        Command::Import(a) => cmd::import::run(&db()?, a),
        Command::Export(t) => cmd::export::run(&db()?, t),
        Command::Stats(a) => cmd::stats::run(&db()?, a),
        Command::Demo(a) => cmd::demo::run(&db()?, a),
        Command::Report(a) => cmd::report::report(&db()?, a),
        Command::Kir(a) => cmd::report::kir(&db()?, a),
        Command::Maintenance(c) => cmd::maintenance::run(&db()?, c),
        Command::Labels(a) => cmd::labels::run(&db()?, a),
        Command::Tags(a) => cmd::tags::run(&db()?, a),
        Command::Enroll(a) => cmd::sync::enroll(&db()?, a),
        Command::Sync => cmd::sync::sync(&db()?),
        Command::Bundle(c) => cmd::bundle::run(&db()?, c),
        Command::People(c) => cmd::people::run(&db()?, c),
        Command::Verify(a) => cmd::verify::run(&db()?, a),
        Command::Backup(a) => cmd::backup::backup(&db()?, a),
        Command::Restore(a) => cmd::backup::restore(&db()?, a),
        Command::Serve(a) => cmd::serve::run(a),
        Command::Admin(a) => cmd::admin::run(a),
    }
}

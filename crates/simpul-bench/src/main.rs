//! `simpul-bench`: measures Simpul on realistic data and prints ONE JSON
//! object. Not a test: figures depend on the machine.
//!
//! `sync --assets N --edits M --link L` measures a sync session through a
//! throttling proxy (see `sync.rs`).
//!
//! `labels --cables N` times printing the labels of N cables to PDF.
//!
//! `tags --assets N` times printing the tags of N assets to PDF.
//!
//! `checks --assets N --cables C --edits M` times the conflict checks: all
//! of them, and those a merge of M changes reruns (see `checks.rs`).
//!
//! `load --devices N --opds K` starts N devices' first sync at once against
//! one server in a child process (see `load.rs`).
//!
//! `console --assets N --link L` times the browser console's list page
//! over HTTP and its first page load through the link simulator.
//!
//! `stocktake --assets N` times a stock-take's scans (code to the room's
//! new check) and closing a room of 300 assets.
//!
//! `report --assets N` times the regency report (PDF and XLSX) and the
//! room card of a room of about 300 assets.
//!
//! `replica --assets N [--cables C]` builds a replica of N assets (one OPD per 20,000),
//! then measures in a fresh child process so that the peak memory is that
//! of a user's session (open, list, search, edits), not of the build.

mod checks;
mod console;
mod kib;
mod labels;
mod load;
mod replica;
mod report;
mod stats;
mod stocktake;
mod sync;
mod tags;
mod verify;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "simpul-bench")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build a replica of N assets, then time open, edits, search and import.
    Replica(replica::Args),
    /// Time the conflict checks: all of them, and after a merge.
    Checks(checks::Args),
    /// Print the labels of N cables to PDF.
    Labels(labels::Args),
    /// Print the tags of N assets to PDF.
    Tags(tags::Args),
    /// One device's sync through a throttled (and optionally cut) link.
    Sync(sync::Args),
    /// N devices' first sync at once against one server.
    Load(load::Args),
    /// The regency report of N assets (PDF, XLSX) and a room card.
    Report(report::Args),
    /// The browser console: list page over HTTP, first page load on a link.
    Console(console::Args),
    /// A stock-take: scans and closing a room.
    Stocktake(stocktake::Args),
    /// `simpul admin verify` over a server database of N signed changes.
    Verify(verify::Args),
    /// (internal) the server child of `load`.
    #[command(hide = true)]
    LoadServer(load::ServerArgs),
    /// (internal) the measuring child of `replica`.
    #[command(hide = true)]
    ReplicaMeasure(replica::MeasureArgs),
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Replica(a) => replica::run(a),
        Command::Sync(a) => sync::run(a),
        Command::Console(a) => console::run(a),
        Command::Labels(a) => labels::run(a),
        Command::Tags(a) => tags::run(a),
        Command::Checks(a) => checks::run(a),
        Command::ReplicaMeasure(a) => replica::measure(a),
        Command::Load(a) => load::run(a),
        Command::Verify(a) => verify::run(a),
        Command::Stocktake(a) => stocktake::run(a),
        Command::Report(a) => report::run(a),
        Command::LoadServer(a) => load::serve_child(a),
    }
}

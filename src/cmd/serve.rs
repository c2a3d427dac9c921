//! `simpul serve`: the Diskominfo data-center server.

use anyhow::{Context, Result};
use serde::Deserialize;
use simpul_server::{ServerState, SqliteHubStore};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A TOML file with `bind` and `data` (flags override it).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Address to listen on; loopback unless told otherwise.
    #[arg(long)]
    bind: Option<String>,
    /// The server's database file.
    #[arg(long)]
    data: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
struct FileConfig {
    bind: Option<String>,
    data: Option<PathBuf>,
}

pub fn run(a: Args) -> Result<std::process::ExitCode> {
    let file: FileConfig = match &a.config {
        Some(p) => toml::from_str(&std::fs::read_to_string(p).with_context(|| format!("membaca {}", p.display()))?)
            .with_context(|| format!("berkas konfigurasi {} tidak sah", p.display()))?,
        None => FileConfig::default(),
    };
    let bind = a.bind.or(file.bind).unwrap_or_else(|| "127.0.0.1:8440".into());
    let data = a.data.or(file.data).unwrap_or_else(|| PathBuf::from("simpul-server.db"));
    let store = SqliteHubStore::open(&data).with_context(|| format!("membuka {}", data.display()))?;
    let state = ServerState::load(Box::new(store)).context("memuat dokumen server")?;
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&bind).await.with_context(|| format!("tidak dapat mendengarkan di {bind}"))?;
        tracing::info!(bind = %bind, data = %data.display(), "simpul server listening");
        println!("Server Simpul mendengarkan di http://{bind} (data: {}).", data.display());
        simpul_server::serve(listener, state, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
        anyhow::Ok(())
    })?;
    Ok(std::process::ExitCode::SUCCESS)
}

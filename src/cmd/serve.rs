//! `simpul serve`: the Diskominfo data-center server.

use anyhow::{Context, Result};
use serde::Deserialize;
use simpul_server::{Database, ServerLimits, ServerState, TlsFiles};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A TOML file with `bind`, `database`, `key`, TLS and limits (flags
    /// override it).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Address to listen on; loopback unless told otherwise.
    #[arg(long)]
    bind: Option<String>,
    /// The server's database: a SQLite file (default simpul-server.db) or a
    /// PostgreSQL connection string (postgres://user@host/db), also from
    /// SIMPUL_DATABASE, which keeps a password out of the process list.
    #[arg(long = "database", alias = "data", env = "SIMPUL_DATABASE")]
    database: Option<String>,
    /// The server's own key (default: beside a SQLite file, else
    /// simpul-server.key in the working folder). Every server process of
    /// one regency uses the same key.
    #[arg(long, env = "SIMPUL_KEY")]
    key: Option<PathBuf>,
    /// TLS certificate chain (PEM); with --tls-key, serves HTTPS.
    #[arg(long, requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// TLS private key (PEM).
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Memory the documents loaded for rounds may take, in MB (estimated;
    /// default 1536, for a 4 GB machine); beyond it the least recently
    /// used are evicted and read again from the database when needed.
    #[arg(long, value_parser = clap::value_parser!(u64).range(16..))]
    memory_budget: Option<u64>,
    /// Rounds processed at once (default 2).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=256))]
    parallel_rounds: Option<u64>,
    /// Serve the browser console for Diskominfo staff from this replica
    /// file, the server's own Diskominfo replica: set up (with --regency)
    /// and enrolled in process when new. Staff accounts come from
    /// `simpul admin user add --console`.
    #[arg(long)]
    console: Option<PathBuf>,
    /// The regency's name, for setting up a new console replica.
    #[arg(long, requires = "console")]
    regency: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    bind: Option<String>,
    /// A SQLite file or a PostgreSQL connection string.
    #[serde(alias = "data")]
    database: Option<String>,
    key: Option<PathBuf>,
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
    /// The browser console's replica (see `--console`).
    console: Option<PathBuf>,
    /// The regency's name, for setting up a new console replica.
    regency: Option<String>,
    /// Every limit of the server (see `ServerLimits`), each with a default.
    #[serde(default)]
    limits: ServerLimits,
}

pub fn run(a: Args) -> Result<std::process::ExitCode> {
    let file: FileConfig = match &a.config {
        Some(p) => toml::from_str(
            &std::fs::read_to_string(p).with_context(|| format!("membaca {}", p.display()))?,
        )
        .with_context(|| format!("berkas konfigurasi {} tidak sah", p.display()))?,
        None => FileConfig::default(),
    };
    let bind = a
        .bind
        .or(file.bind)
        .unwrap_or_else(|| "127.0.0.1:8440".into());
    let data = Database::parse(
        &a.database
            .or(file.database)
            .unwrap_or_else(|| "simpul-server.db".into()),
    );
    let mut store = data.open().with_context(|| format!("membuka {data}"))?;
    store.probe_write().with_context(|| {
        format!(
            "basis data server {data} tidak dapat ditulis (hanya-baca, disk penuh, atau izin berkas)"
        )
    })?;
    let key_path = a
        .key
        .or(file.key)
        .unwrap_or_else(|| data.default_key_path());
    let key = simpul_server::server_key::load_or_create(&key_path)
        .with_context(|| format!("kunci server {}", key_path.display()))?;
    let mut limits = file.limits;
    if let Some(mb) = a.memory_budget {
        limits.memory_budget_bytes = usize::try_from(mb.saturating_mul(1024 * 1024))
            .context("--memory-budget terlalu besar")?;
    }
    if let Some(n) = a.parallel_rounds {
        limits.parallel_rounds = n as usize;
    }
    let state = ServerState::load_with(store, limits)
        .context("memuat dokumen server")?
        .with_server_key(key);
    let tls = match (a.tls_cert.or(file.tls_cert), a.tls_key.or(file.tls_key)) {
        (Some(cert), Some(key)) => {
            for f in [&cert, &key] {
                std::fs::metadata(f)
                    .with_context(|| format!("berkas TLS {} tidak dapat dibaca", f.display()))?;
            }
            Some(TlsFiles { cert, key })
        }
        (None, None) => None,
        _ => anyhow::bail!("TLS perlu tls_cert dan tls_key sekaligus"),
    };
    let limits = state.limits().clone();
    let mut app = simpul_server::router(state.clone());
    let mut follow = None;
    if let Some(path) = a.console.or(file.console) {
        let (counter, feed) = simpul_console::change_feed();
        let svc = simpul_service::Service::open(&path, counter)
            .with_context(|| format!("membuka replika konsol {}", path.display()))?;
        let regency = a.regency.or(file.regency);
        let link = simpul_console::uplink::prepare(&svc, &state, regency.as_deref())
            .with_context(|| format!("replika konsol {}", path.display()))?;
        if link.address == simpul_service::uplink::IN_PROCESS {
            svc.set_uplink(std::sync::Arc::new(
                simpul_console::uplink::DataCenterUplink(state.clone()),
            ));
            follow = Some(simpul_console::uplink::follow(
                svc.clone(),
                state.clone(),
                link.device_id,
            ));
        }
        if svc.staff()?.is_empty() {
            eprintln!(
                "Konsol belum punya akun: tambahkan admin pertama dengan `simpul admin user add --console {} --admin --name ... --nip ...`.",
                path.display()
            );
        }
        if !simpul_console::pages_built() {
            eprintln!(
                "Halaman konsol tidak ikut dibangun (ui/dist kosong); hanya API-nya yang melayani."
            );
        }
        svc.start_background();
        app = app.merge(simpul_console::router(
            simpul_console::Console::new(svc)
                .with_data_center(state)
                .with_changes(feed),
        ));
        println!("Konsol peramban aktif dari replika {}.", path.display());
    }
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async move {
        if let Some(f) = follow {
            tokio::spawn(f);
        }
        let listener = std::net::TcpListener::bind(&bind)
            .with_context(|| format!("tidak dapat mendengarkan di {bind}"))?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        tracing::info!(bind = %bind, data = %data, tls = tls.is_some(), "simpul server listening");
        println!("Server Simpul mendengarkan di {scheme}://{bind} (data: {data}).");
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        match tls {
            Some(t) => simpul_server::serve_app_tls(listener, app, &limits, &t, stop)
                .await
                .context("sertifikat atau kunci TLS tidak sah")?,
            None => simpul_server::serve_app(listener, app, &limits, stop).await?,
        }
        anyhow::Ok(())
    })?;
    Ok(std::process::ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::FileConfig;

    #[test]
    fn the_sample_config_in_deploy_is_valid() {
        let c: FileConfig = toml::from_str(include_str!("../../deploy/simpul-server.toml"))
            .expect("deploy/simpul-server.toml");
        assert_eq!(c.bind.as_deref(), Some("0.0.0.0:8440"));
        assert!(c.database.is_some() && c.key.is_some());
    }

    #[test]
    fn limits_are_read_from_the_config_file_with_defaults_for_the_rest() {
        let c: FileConfig = toml::from_str(
            "bind = \"0.0.0.0:8440\"\n[limits]\nbody_timeout_s = 60\n[limits.messages]\nmax_bloom_probes = 16\n",
        )
        .expect("config");
        assert_eq!(c.limits.body_timeout_s, 60);
        assert_eq!(c.limits.messages.max_bloom_probes, 16);
        let d = simpul_server::ServerLimits::default();
        assert_eq!(c.limits.max_connections, d.max_connections);
        assert!(
            toml::from_str::<FileConfig>("[limits]\nbody_timeout = 60\n").is_err(),
            "a misspelt limit is refused, not ignored"
        );
    }
}

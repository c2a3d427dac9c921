//! `load`: many devices syncing with one server at once.
//!
//! The server runs in a child process (`load-server`), so that its peak
//! memory is its own; N real replicas (K OPDs, round-robin), each holding
//! a few assets made offline, are enrolled, then all start their first
//! sync at the same instant over real HTTP, one thread each. A session
//! that fails is retried after a pause, as the app's worker does, until
//! the deadline. Every round's latency is recorded. With `--postgres` the
//! server keeps its data in a PostgreSQL cluster started for the run
//! (Debian's binaries, default durability) instead of a SQLite file.

use anyhow::{Context, Result};
use serde::Serialize;
use simpul_core::AssetInput;
use simpul_server::{Admin, Database, ServerState};
use simpul_store::{ProfileInput, Replica};
use simpul_sync::http::HttpHub;
use simpul_sync::{ClientConfig, SyncRequest, SyncResponse, Transport, TransportError};
use std::io::BufRead;
use std::path::Path;
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use simpul_sync::SERVER_PEER as PEER;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, default_value_t = 50)]
    devices: usize,
    #[arg(long, default_value_t = 5)]
    opds: usize,
    /// Assets each device makes offline before the first sync.
    #[arg(long, default_value_t = 20)]
    assets_per_device: usize,
    /// Stop retrying after this long (seconds).
    #[arg(long, default_value_t = 300)]
    deadline_s: u64,
    /// Keep the server's data in PostgreSQL (a cluster started for the run).
    #[arg(long)]
    postgres: bool,
    /// Print JSON (the only output format; accepted for symmetry).
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ServerArgs {
    /// A SQLite file or a PostgreSQL connection string.
    #[arg(long)]
    data: String,
}

#[derive(Debug, Serialize)]
struct Figures {
    storage: &'static str,
    devices: usize,
    opds: usize,
    assets_per_device: usize,
    completed: usize,
    errors: usize,
    sessions: usize,
    rounds: usize,
    round_p50_ms: f64,
    round_p99_ms: f64,
    round_max_ms: f64,
    seconds: f64,
    server_peak_rss_mb: f64,
}

/// The child: serves `--data` on a loopback port, prints the address,
/// and stops when its standard input closes.
pub fn serve_child(a: ServerArgs) -> Result<()> {
    let state = ServerState::load(Database::parse(&a.data).open()?)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    println!("{}", listener.local_addr()?);
    let stop = async {
        let _ = tokio::task::spawn_blocking(|| {
            let mut s = String::new();
            while std::io::stdin().read_line(&mut s).is_ok_and(|n| n > 0) {}
        })
        .await;
    };
    rt.block_on(simpul_server::serve(listener, state, stop))?;
    Ok(())
}

/// Peak resident memory of a process, in MB.
fn peak_rss_of(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// A transport that records how long each round took.
struct Timed {
    hub: HttpHub,
    rounds: Arc<Mutex<Vec<f64>>>,
}

impl Transport for Timed {
    fn round(&mut self, req: &SyncRequest) -> Result<SyncResponse, TransportError> {
        let start = Instant::now();
        let r = self.hub.round(req);
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        self.rounds
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(ms);
        r
    }
}

fn device(dir: &Path, i: usize, opd: &str, assets: usize) -> Result<Replica> {
    let mut r = Replica::open(&dir.join(format!("d{i}.db")))?;
    r.setup(&ProfileInput {
        regency: "Kab. Muna".into(),
        opd_code: opd.into(),
        opd_name: opd.into(),
        device_name: format!("perangkat {i}"),
        language: String::new(),
    })?;
    for n in 0..assets {
        r.save_asset(&AssetInput {
            kode_barang: "1.3.2.10.01.02.002".into(),
            nama: "Laptop".into(),
            nomor_pabrik: format!("SN-{i}-{n}"),
            ..Default::default()
        })?;
    }
    Ok(r)
}

pub fn run(a: Args) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let cluster = if a.postgres {
        Some(simpul_pgtest::Cluster::start(
            simpul_pgtest::Durability::Durable,
        )?)
    } else {
        None
    };
    let database = match &cluster {
        Some(c) => Database::Postgres(c.database()?),
        None => Database::Sqlite(dir.path().join("server.db")),
    };
    let data = match &database {
        Database::Sqlite(p) => p.display().to_string(),
        Database::Postgres(url) => url.clone(),
    };
    let opds: Vec<String> = (0..a.opds.max(1)).map(|i| format!("OPD{i:02}")).collect();
    let codes: Vec<String> = {
        let mut store = database.open()?;
        let mut admin = Admin::new(store.as_mut());
        for o in &opds {
            admin.add_opd(o, o)?;
        }
        (0..a.devices)
            .map(|i| Ok(admin.enroll_code(Some(&opds[i % opds.len()]), 24)?.code))
            .collect::<Result<_>>()?
    };
    let mut child = std::process::Command::new(std::env::current_exe()?)
        .args(["load-server", "--data", &data])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .context("starting the server child")?;
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().context("child stdout")?).read_line(&mut line)?;
    let addr = line.trim().to_owned();

    let mut devices = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        let r = device(dir.path(), i, &opds[i % opds.len()], a.assets_per_device)?;
        let actor = r.profile()?.actor.clone();
        let e = HttpHub::enroll(
            &addr,
            code,
            &format!("perangkat {i}"),
            &actor,
            r.public_key()?.as_deref(),
            &ClientConfig::default(),
        )
        .map_err(|e| anyhow::anyhow!("enroll: {e}"))?;
        let hub = HttpHub::new(&addr, &e.token, &ClientConfig::default())
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        devices.push((r, hub));
    }

    let rounds = Arc::new(Mutex::new(Vec::new()));
    let start_line = Arc::new(Barrier::new(devices.len() + 1));
    let deadline = Duration::from_secs(a.deadline_s);
    let workers: Vec<_> = devices
        .into_iter()
        .map(|(mut r, hub)| {
            let (rounds, start_line) = (rounds.clone(), start_line.clone());
            std::thread::spawn(move || {
                let mut t = Timed { hub, rounds };
                start_line.wait();
                let begun = Instant::now();
                let (mut sessions, mut errors) = (0usize, 0usize);
                while begun.elapsed() < deadline {
                    sessions += 1;
                    match r.sync_with(PEER, &mut t) {
                        Ok(_) => return (true, sessions, errors),
                        Err(e) => {
                            errors += 1;
                            eprintln!("session failed: {e}");
                            std::thread::sleep(Duration::from_secs(2));
                        }
                    }
                }
                (false, sessions, errors)
            })
        })
        .collect();
    start_line.wait();
    let begun = Instant::now();
    let (mut completed, mut sessions, mut errors) = (0, 0, 0);
    for w in workers {
        let (done, s, e) = w
            .join()
            .map_err(|_| anyhow::anyhow!("a device thread panicked"))?;
        completed += usize::from(done);
        sessions += s;
        errors += e;
    }
    let seconds = begun.elapsed().as_secs_f64();
    let server_peak_rss_mb = peak_rss_of(child.id());
    drop(child.stdin.take());
    let _ = child.wait();
    let mut samples = rounds
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    if let Some(c) = &cluster {
        c.stop();
    }
    let f = Figures {
        storage: if a.postgres { "postgres" } else { "sqlite" },
        devices: a.devices,
        opds: opds.len(),
        assets_per_device: a.assets_per_device,
        completed,
        errors,
        sessions,
        rounds: samples.len(),
        round_p50_ms: crate::stats::round2(crate::stats::percentile(&mut samples, 50.0)),
        round_p99_ms: crate::stats::round2(crate::stats::percentile(&mut samples, 99.0)),
        round_max_ms: crate::stats::round2(crate::stats::percentile(&mut samples, 100.0)),
        seconds: crate::stats::round2(seconds),
        server_peak_rss_mb: crate::stats::round2(server_peak_rss_mb),
    };
    println!("{}", serde_json::to_string(&f)?);
    Ok(())
}

//! `load`: many devices syncing with one server at once.
//!
//! The server runs in a child process (`load-server`), so that its peak
//! memory is its own; N real replicas (K OPDs, round-robin), each holding
//! a few assets made offline, are enrolled, then start their sync over
//! real HTTP, one thread each, spread evenly over `--ramp-s` seconds (0:
//! all at the same instant). A session that fails is retried after a
//! pause, as the app's worker does, until the deadline. Every round's
//! latency is recorded.
//!
//! With `--seed-per-opd M` each OPD first holds M assets: its first device
//! writes them (bulk, as a KIB import does) and syncs them up; its other
//! devices are restores of that device's backup (a new identity each), so
//! every device holds its OPD's data before the measured sync, as in a
//! regency that has been running. The server is then restarted, and the
//! time it takes to answer is the start-up figure; its peak memory is the
//! restarted process's. A device opens its replica only when its turn
//! comes, so the benchmark itself stays small.
//!
//! With `--postgres` the server keeps its data in a PostgreSQL cluster
//! started for the run (Debian's binaries, default durability) instead of
//! a SQLite file.

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
    /// Devices start spread evenly over this many seconds (0: at once).
    #[arg(long, default_value_t = 60.0)]
    ramp_s: f64,
    /// Assets each OPD holds before the run (see the module docs).
    #[arg(long, default_value_t = 0)]
    seed_per_opd: usize,
    /// The server's memory budget for documents, in MB (default: the
    /// server's own default).
    #[arg(long)]
    memory_budget_mb: Option<usize>,
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
    /// The memory budget for documents, in MB.
    #[arg(long)]
    memory_budget_mb: Option<usize>,
}

#[derive(Debug, Serialize)]
struct Figures {
    storage: &'static str,
    devices: usize,
    opds: usize,
    assets_per_device: usize,
    ramp_s: f64,
    assets_stored: usize,
    server_start_ms: f64,
    completed: usize,
    errors: usize,
    sessions: usize,
    rounds: usize,
    round_p50_ms: f64,
    round_p99_ms: f64,
    round_max_ms: f64,
    seconds: f64,
    server_peak_rss_mb: f64,
    /// The stored documents' bytes, and the memory the server estimates
    /// they take loaded (see `simpul_sync::MEMORY_PER_STORED_BYTE`).
    stored_mb: f64,
    loaded_estimate_mb: f64,
}

/// The stored documents' bytes and the hub's memory estimate for them.
fn stored_size(database: &Database) -> Result<(f64, f64)> {
    let store = database.open()?;
    let (ids, _) = store.doc_ids()?;
    let (mut bytes, mut estimate) = (0usize, 0usize);
    for id in ids {
        let n = store.document(&id)?.map_or(0, |d| d.len());
        bytes += n;
        estimate += 64 * 1024 + n * simpul_sync::MEMORY_PER_STORED_BYTE;
    }
    let mb = |n: usize| n as f64 / (1024.0 * 1024.0);
    Ok((mb(bytes), mb(estimate)))
}

/// The child: serves `--data` on a loopback port, prints the address,
/// and stops when its standard input closes.
pub fn serve_child(a: ServerArgs) -> Result<()> {
    let mut limits = simpul_server::ServerLimits::default();
    if let Some(mb) = a.memory_budget_mb {
        limits.memory_budget_bytes = mb * 1024 * 1024;
    }
    let state = ServerState::load_with(Database::parse(&a.data).open()?, limits)?;
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

fn device(dir: &Path, i: usize, opd: &str) -> Result<Replica> {
    let mut r = Replica::open(&dir.join(format!("d{i}.db")))?;
    r.setup(&ProfileInput {
        regency: "Kab. Muna".into(),
        opd_code: opd.into(),
        opd_name: opd.into(),
        device_name: format!("perangkat {i}"),
        language: String::new(),
    })?;
    Ok(r)
}

/// Assets a device makes offline before its measured sync.
fn edit_offline(r: &mut Replica, i: usize, assets: usize) -> Result<()> {
    for n in 0..assets {
        r.save_asset(&AssetInput {
            kode_barang: "1.3.2.10.01.02.002".into(),
            nama: "Laptop".into(),
            nomor_pabrik: format!("SN-{i}-{n}"),
            ..Default::default()
        })?;
    }
    Ok(())
}

/// Writes `n` demo assets of `opd` in bulk (as a KIB import does).
fn seed(r: &mut Replica, opd: &str, n: usize, seed: u64) -> Result<()> {
    use chrono::Datelike;
    let year = chrono::Local::now().year();
    let assets: Vec<simpul_core::Asset> = simpul_core::demo::assets(n, seed, &[], year)
        .into_iter()
        .enumerate()
        .map(|(k, input)| {
            let base = simpul_core::Asset {
                id: uuid::Uuid::now_v7().to_string(),
                opd: opd.into(),
                ..Default::default()
            };
            let mut a = input.apply_to(&base, year)?;
            a.nomor_register = format!("{:05}", k + 1);
            a.ip = String::new();
            a.hostname = String::new();
            Ok(a)
        })
        .collect::<Result<_, simpul_core::ValidationErrors>>()?;
    r.write_assets_bulk(&assets, "import", &mut |_, _| {})?;
    Ok(())
}

/// Enrolls a replica; returns its token.
fn enroll(r: &Replica, addr: &str, code: &str, i: usize) -> Result<String> {
    let e = HttpHub::enroll(
        addr,
        code,
        &format!("perangkat {i}"),
        &r.profile()?.actor,
        r.public_key()?.as_deref(),
        &ClientConfig::default(),
    )
    .map_err(|e| anyhow::anyhow!("enroll: {e}"))?;
    Ok(e.token)
}

/// The server child: started, and how long it took to answer.
struct Child {
    process: std::process::Child,
    addr: String,
    start_ms: f64,
}

fn start_server(data: &str, budget_mb: Option<usize>) -> Result<Child> {
    let begun = Instant::now();
    let mut args = vec!["load-server".to_owned(), "--data".into(), data.into()];
    if let Some(mb) = budget_mb {
        args.extend(["--memory-budget-mb".into(), mb.to_string()]);
    }
    let mut process = std::process::Command::new(std::env::current_exe()?)
        .args(&args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .context("starting the server child")?;
    let mut line = String::new();
    std::io::BufReader::new(process.stdout.take().context("child stdout")?).read_line(&mut line)?;
    let addr = line.trim().to_owned();
    // Answering /health is being up.
    let probe = HttpHub::new(&addr, "probe", &ClientConfig::default())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    while !probe.reachable() {
        if begun.elapsed() > Duration::from_secs(120) {
            anyhow::bail!("the server did not answer /health");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Ok(Child {
        process,
        addr,
        start_ms: begun.elapsed().as_secs_f64() * 1000.0,
    })
}

fn stop_server(mut c: Child) {
    drop(c.process.stdin.take());
    let _ = c.process.wait();
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
    let server = start_server(&data, a.memory_budget_mb)?;

    // Every device, enrolled, with its offline edits; the seeding device
    // of each OPD syncs its data up first and is backed up for the others.
    let mut devices: Vec<(std::path::PathBuf, String)> = Vec::new();
    let mut backups: std::collections::HashMap<usize, std::path::PathBuf> = Default::default();
    for (i, code) in codes.iter().enumerate() {
        let k = i % opds.len();
        let path = dir.path().join(format!("d{i}.db"));
        let mut r = match backups.get(&k) {
            Some(file) => {
                simpul_store::backup::restore(file, &path, false)?;
                Replica::open(&path)?
            }
            None => device(dir.path(), i, &opds[k])?,
        };
        let token = enroll(&r, &server.addr, code, i)?;
        if a.seed_per_opd > 0 && !backups.contains_key(&k) {
            seed(&mut r, &opds[k], a.seed_per_opd, k as u64)?;
            let mut hub = HttpHub::new(&server.addr, &token, &ClientConfig::default())
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            r.sync_with(PEER, &mut hub)?;
            let file = dir.path().join(format!("seed-{k}.simpulbk"));
            r.backup_to(&file)?;
            backups.insert(k, file);
        }
        edit_offline(&mut r, i, a.assets_per_device)?;
        devices.push((path, token));
    }
    // A restart: what start-up costs with the regency's data stored.
    stop_server(server);
    let server = start_server(&data, a.memory_budget_mb)?;
    let addr = server.addr.clone();

    let rounds = Arc::new(Mutex::new(Vec::new()));
    let start_line = Arc::new(Barrier::new(devices.len() + 1));
    let deadline = Duration::from_secs(a.deadline_s);
    let spacing = Duration::from_secs_f64(a.ramp_s.max(0.0) / devices.len().max(1) as f64);
    let workers: Vec<_> = devices
        .into_iter()
        .enumerate()
        .map(|(i, (path, token))| {
            let (rounds, start_line, addr) = (rounds.clone(), start_line.clone(), addr.clone());
            std::thread::spawn(move || -> Result<(bool, usize, usize)> {
                let hub = HttpHub::new(&addr, &token, &ClientConfig::default())
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                let mut t = Timed { hub, rounds };
                start_line.wait();
                let begun = Instant::now();
                std::thread::sleep(spacing * i as u32);
                let mut r = Replica::open(&path)?;
                let (mut sessions, mut errors) = (0usize, 0usize);
                while begun.elapsed() < deadline {
                    sessions += 1;
                    match r.sync_with(PEER, &mut t) {
                        Ok(_) => return Ok((true, sessions, errors)),
                        Err(e) => {
                            errors += 1;
                            eprintln!("session failed: {e}");
                            std::thread::sleep(Duration::from_secs(2));
                        }
                    }
                }
                Ok((false, sessions, errors))
            })
        })
        .collect();
    start_line.wait();
    let begun = Instant::now();
    let (mut completed, mut sessions, mut errors) = (0, 0, 0);
    for w in workers {
        let (done, s, e) = w
            .join()
            .map_err(|_| anyhow::anyhow!("a device thread panicked"))??;
        completed += usize::from(done);
        sessions += s;
        errors += e;
    }
    let seconds = begun.elapsed().as_secs_f64();
    let server_peak_rss_mb = peak_rss_of(server.process.id());
    let server_start_ms = server.start_ms;
    stop_server(server);
    let (stored_mb, loaded_estimate_mb) = stored_size(&database)?;
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
        ramp_s: a.ramp_s,
        assets_stored: a.seed_per_opd * opds.len() + a.assets_per_device * a.devices,
        server_start_ms: crate::stats::round2(server_start_ms),
        completed,
        errors,
        sessions,
        rounds: samples.len(),
        round_p50_ms: crate::stats::round2(crate::stats::percentile(&mut samples, 50.0)),
        round_p99_ms: crate::stats::round2(crate::stats::percentile(&mut samples, 99.0)),
        round_max_ms: crate::stats::round2(crate::stats::percentile(&mut samples, 100.0)),
        seconds: crate::stats::round2(seconds),
        server_peak_rss_mb: crate::stats::round2(server_peak_rss_mb),
        stored_mb: crate::stats::round2(stored_mb),
        loaded_estimate_mb: crate::stats::round2(loaded_estimate_mb),
    };
    println!("{}", serde_json::to_string(&f)?);
    Ok(())
}

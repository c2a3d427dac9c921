//! `sync`: one device's sync with a real server on loopback, through the
//! throttling proxy of `simpul-linksim`.
//!
//! Normal mode: a device holding N assets is in sync with the server (over
//! an unthrottled link), makes M edits (one change each), then syncs over
//! the chosen link. `--first-sync`: a device that never synced uploads its
//! whole replica, then a second device of the same OPD downloads it, both
//! over the chosen link cut every `--cut-every-s` seconds; sessions are
//! retried the way the app's worker does until both complete.

use anyhow::{Context, Result};
use serde::Serialize;
use simpul_core::AssetInput;
use simpul_linksim::{LinkProfile, Proxy};
use simpul_server::{Admin, ServerState, SqliteHubStore};
use simpul_store::{AssetQuery, ProfileInput, Replica};
use simpul_sync::http::HttpHub;
use simpul_sync::ClientConfig;
use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use simpul_sync::SERVER_PEER as PEER;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, default_value_t = 10_000)]
    assets: usize,
    #[arg(long, default_value_t = 100)]
    edits: usize,
    /// lan, 3g, edge or 2g-rural.
    #[arg(long, default_value = "lan")]
    link: String,
    /// Upload a never-synced replica, then download it on a new device.
    #[arg(long)]
    first_sync: bool,
    /// Cut every open connection this often (seconds).
    #[arg(long)]
    cut_every_s: Option<f64>,
    /// Give up after this long (seconds).
    #[arg(long, default_value_t = 3_600)]
    deadline_s: u64,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Print JSON (the only output format; accepted for symmetry).
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Serialize)]
struct Figures {
    link: &'static str,
    assets: usize,
    edits: usize,
    first_sync: bool,
    round_trips: u64,
    sync_rounds: u32,
    sessions: u32,
    bytes_up: u64,
    bytes_down: u64,
    changes_bytes: usize,
    seconds: f64,
    floor_seconds: f64,
    cuts: u64,
    completed: bool,
}

/// The server on its own runtime, alive as long as this value.
struct Server {
    addr: SocketAddr,
    _rt: tokio::runtime::Runtime,
}

fn start_server(db: &Path) -> Result<Server> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let state = ServerState::load(Box::new(SqliteHubStore::open(db)?))?;
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    drop(rt.spawn(simpul_server::serve(
        listener,
        state,
        std::future::pending(),
    )));
    Ok(Server { addr, _rt: rt })
}

fn device(dir: &Path, name: &str, server: &Server, code: &str) -> Result<(Replica, String)> {
    let mut r = Replica::open(&dir.join(format!("{name}.db")))?;
    r.setup(&ProfileInput {
        regency: "Kab. Lamandau".into(),
        opd_code: "DINKES".into(),
        opd_name: "Dinas Kesehatan".into(),
        device_name: name.into(),
        language: String::new(),
    })?;
    let actor = r.profile()?.actor.clone();
    let e = HttpHub::enroll(
        &server.addr.to_string(),
        code,
        name,
        &actor,
        r.public_key()?.as_deref(),
        &ClientConfig::default(),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok((r, e.token))
}

/// Runs sessions until one completes, as the app's worker would.
fn sync_until_done(
    r: &mut Replica,
    hub: &mut HttpHub,
    deadline: Instant,
    f: &mut Figures,
) -> Result<bool> {
    while Instant::now() < deadline {
        f.sessions += 1;
        match r.sync_with(PEER, hub) {
            Ok(report) => {
                f.sync_rounds += report.rounds;
                return Ok(true);
            }
            Err(simpul_store::SyncFailure::Transport(e)) if e.is_transient() => {
                std::thread::sleep(Duration::from_secs(1))
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(false)
}

pub fn run(a: Args) -> Result<()> {
    let profile = LinkProfile::named(&a.link)?;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("server.db");
    let codes = {
        let mut store = SqliteHubStore::open(&db)?;
        let mut admin = Admin::new(&mut store);
        admin.add_opd("DINKES", "Dinas Kesehatan")?;
        [
            admin.enroll_code(Some("DINKES"), 24)?.code,
            admin.enroll_code(Some("DINKES"), 24)?.code,
        ]
    };
    let server = start_server(&db)?;
    let (mut r, token) = device(dir.path(), "pc-aset", &server, &codes[0])?;
    r.load_demo(a.assets, a.seed, &mut |_, _| {})?;
    let deadline = Instant::now() + Duration::from_secs(a.deadline_s);
    let mut f = Figures {
        link: profile.name,
        assets: a.assets,
        edits: if a.first_sync { 0 } else { a.edits },
        first_sync: a.first_sync,
        round_trips: 0,
        sync_rounds: 0,
        sessions: 0,
        bytes_up: 0,
        bytes_down: 0,
        changes_bytes: 0,
        seconds: 0.0,
        floor_seconds: 0.0,
        cuts: 0,
        completed: false,
    };

    if !a.first_sync {
        let mut direct = HttpHub::new(&server.addr.to_string(), &token, &ClientConfig::default())
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        r.sync_with(PEER, &mut direct).context("the initial sync")?;
        anyhow::ensure!(
            r.pending_changes(PEER)? == 0,
            "the initial sync left changes behind"
        );
        let ids = r
            .assets(&AssetQuery {
                limit: 10_000,
                ..Default::default()
            })?
            .rows;
        let mut rng = fastrand::Rng::with_seed(a.seed);
        for i in 0..a.edits {
            let id = &ids[rng.usize(..ids.len())].id;
            let mut input = AssetInput::from_asset(&r.asset(id)?);
            input.keterangan = format!("diperiksa {i}");
            r.save_asset(&input)?;
        }
    }
    f.changes_bytes = r.pending_change_bytes(PEER)?;

    let proxy = Proxy::start(
        server.addr,
        profile,
        a.cut_every_s.map(Duration::from_secs_f64),
    )?;
    let via = proxy.addr().to_string();
    let client = |token: &str| {
        HttpHub::new(
            &via,
            token,
            &ClientConfig::with_idle(Duration::from_secs(60)),
        )
        .map_err(|e| anyhow::anyhow!("{e}"))
    };
    let t = Instant::now();
    let mut hub = client(&token)?;
    f.completed =
        sync_until_done(&mut r, &mut hub, deadline, &mut f)? && r.pending_changes(PEER)? == 0;
    f.round_trips = hub.requests();
    if a.first_sync && f.completed {
        let (mut b, token_b) = device(dir.path(), "laptop-baru", &server, &codes[1])?;
        let mut hub = client(&token_b)?;
        let done = sync_until_done(&mut b, &mut hub, deadline, &mut f)?;
        f.round_trips += hub.requests();
        let all = AssetQuery {
            lifecycle: "semua".into(),
            ..Default::default()
        };
        f.completed = done && b.assets(&all)?.total == r.assets(&all)?.total;
    }
    f.seconds = round3(t.elapsed().as_secs_f64());
    f.bytes_up = proxy.stats().up();
    f.bytes_down = proxy.stats().down();
    f.cuts = proxy.stats().cut_count();
    f.floor_seconds = round3(
        profile
            .floor(f.bytes_up, f.bytes_down, f.round_trips)
            .as_secs_f64(),
    );
    println!("{}", serde_json::to_string(&f)?);
    Ok(())
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

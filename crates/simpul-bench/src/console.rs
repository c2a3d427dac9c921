//! The browser console's figures: builds a Diskominfo replica of N
//! assets, serves the console on loopback (the real router: sessions,
//! CSRF, role checks, JSON), signs in, then
//! * times `POST /api/v1/app/assets_page` as the asset list calls it
//!   (first page, an OPD, a search, a sort, a deep page), p50 / p99;
//! * loads the first page (HTML, then its script and style sheet) through
//!   the link simulator on `--link` (default `edge`), as a browser asking
//!   for Brotli or gzip: bytes on the wire and seconds.

use crate::stats::{emit, percentile, round2};
use anyhow::{Context, Result};
use simpul_core::staff::{StaffInput, StaffRole};
use simpul_linksim::{LinkProfile, Proxy};
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, default_value_t = 100_000)]
    assets: usize,
    /// List requests timed.
    #[arg(long, default_value_t = 300)]
    requests: usize,
    /// The link of the first page load (lan, 3g, edge, 2g-rural).
    #[arg(long, default_value = "edge")]
    link: String,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    #[arg(long)]
    json: bool,
}

const NIP: &str = "198001012005011001";
const PASSWORD: &str = "gerbang data 2026";

/// A signed-in client of the console.
struct Client {
    agent: ureq::Agent,
    base: String,
    cookie: String,
    csrf: String,
}

impl Client {
    fn sign_in(base: &str) -> Result<Client> {
        let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
        let mut res = agent
            .post(&format!("{base}/api/v1/console/sign-in"))
            .send_json(serde_json::json!({ "nip": NIP, "password": PASSWORD }))?;
        let cookie = res
            .headers()
            .get("set-cookie")
            .and_then(|c| c.to_str().ok())
            .and_then(|c| c.split(';').next())
            .context("no session cookie")?
            .to_owned();
        let session: serde_json::Value = res.body_mut().read_json()?;
        Ok(Client {
            agent,
            base: base.to_owned(),
            cookie,
            csrf: session["csrf"].as_str().context("no csrf")?.to_owned(),
        })
    }

    /// One operation; the answer's size in bytes.
    fn call(&self, op: &str, args: &serde_json::Value) -> Result<usize> {
        let mut res = self
            .agent
            .post(&format!("{}/api/v1/app/{op}", self.base))
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .send_json(args)?;
        Ok(res.body_mut().read_to_vec()?.len())
    }
}

/// The kinds of list request, in the order [`queries`] gives them.
const KINDS: [&str; 6] = [
    "first",
    "opd",
    "text",
    "sort_price",
    "condition",
    "deep_page",
];

/// The asset list's queries, as the page sends them.
fn queries(rng: &mut fastrand::Rng, total: usize) -> Vec<serde_json::Value> {
    let words = ["laptop", "printer", "dell", "lenovo", "switch", "ruang"];
    let mut out = Vec::new();
    for i in 0..KINDS.len() {
        let q = match i {
            0 => serde_json::json!({ "limit": 100 }),
            1 => {
                serde_json::json!({ "limit": 100, "opd": crate::replica::OPD_CODES[rng.usize(..2)] })
            }
            2 => serde_json::json!({ "limit": 100, "text": words[rng.usize(..words.len())] }),
            3 => serde_json::json!({ "limit": 100, "sort": "harga", "descending": true }),
            4 => serde_json::json!({ "limit": 100, "condition": "KB" }),
            _ => serde_json::json!({ "limit": 100, "offset": rng.usize(..total.max(1)) }),
        };
        out.push(serde_json::json!({ "query": q }));
    }
    out
}

/// The scripts and style sheets the console's page names.
fn page_files(base: &str) -> Result<Vec<String>> {
    let html = ureq::get(&format!("{base}/"))
        .call()?
        .body_mut()
        .read_to_string()?;
    let mut files = Vec::new();
    for attr in ["src=\"", "href=\""] {
        for part in html.split(attr).skip(1) {
            let path = part.split('"').next().unwrap_or("");
            if path.starts_with("/assets/") {
                files.push(path.to_owned());
            }
        }
    }
    anyhow::ensure!(
        !files.is_empty(),
        "the console's page names no script: is ui/dist built?"
    );
    Ok(files)
}

/// The first page through `via`: index.html, then `files`, each asked
/// for with Brotli or gzip as a browser does (not decoded here: the
/// bytes on the wire are what counts).
fn first_load(via: &str, files: &[String]) -> Result<()> {
    let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
    for path in std::iter::once("/").chain(files.iter().map(String::as_str)) {
        agent
            .get(&format!("http://{via}{path}"))
            .header("accept-encoding", "br, gzip")
            .call()?
            .body_mut()
            .with_config()
            .limit(50 * 1024 * 1024)
            .read_to_vec()?;
    }
    Ok(())
}

pub fn run(a: Args) -> Result<()> {
    let profile = LinkProfile::named(&a.link)?;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("konsol.db");
    let started = Instant::now();
    crate::replica::build(&db, a.assets, crate::replica::PER_OPD, 0, a.seed)?;
    let build_s = started.elapsed().as_secs_f64();
    let svc = simpul_service::Service::open(&db, simpul_service::Headless)?;
    svc.staff_add(&StaffInput {
        name: "Budi Santoso".into(),
        nip: NIP.into(),
        role: StaffRole::Viewer,
        password: PASSWORD.into(),
        password_again: PASSWORD.into(),
    })?;
    let runtime = tokio::runtime::Runtime::new()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let addr = listener.local_addr()?;
    let app = simpul_console::router(simpul_console::Console::new(svc));
    runtime.spawn(async move { axum::serve(listener, app).await });
    let base = format!("http://{addr}");
    let client = Client::sign_in(&base)?;

    let mut rng = fastrand::Rng::with_seed(a.seed);
    let mut times = Vec::with_capacity(a.requests);
    let mut by_kind: Vec<Vec<f64>> = vec![Vec::new(); KINDS.len()];
    let mut bytes = 0;
    let mut i = 0;
    while times.len() < a.requests {
        let qs = queries(&mut rng, a.assets);
        let kind = i % qs.len();
        i += 1;
        let t = Instant::now();
        bytes += client.call("assets_page", &qs[kind])?;
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        times.push(ms);
        by_kind[kind].push(ms);
    }
    let p99_by_kind: serde_json::Map<String, serde_json::Value> = KINDS
        .iter()
        .zip(by_kind.iter_mut())
        .map(|(k, t)| ((*k).to_owned(), round2(percentile(t, 99.0)).into()))
        .collect();

    let files = page_files(&base)?;
    let proxy = Proxy::start(addr, profile, None)?;
    let t = Instant::now();
    first_load(&proxy.addr().to_string(), &files)?;
    let load_s = t.elapsed().as_secs_f64();
    let result = serde_json::json!({
        "assets": a.assets,
        "build_s": round2(build_s),
        "list_requests": times.len(),
        "list_p50_ms": round2(percentile(&mut times, 50.0)),
        "list_p99_ms": round2(percentile(&mut times, 99.0)),
        "list_max_ms": round2(percentile(&mut times, 100.0)),
        "list_p99_ms_by_kind": p99_by_kind,
        "list_answer_kb": round2(bytes as f64 / times.len().max(1) as f64 / 1024.0),
        "first_load_link": profile.name,
        "first_load_files": files.len() + 1,
        "first_load_bytes": proxy.stats().down(),
        "first_load_s": round2(load_s),
    });
    emit(&result, a.json)
}

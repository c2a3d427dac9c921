//! Two `simpul serve` processes on one PostgreSQL database, behind a
//! loopback proxy that sends each HTTP request to the next process in
//! turn and cuts every upload halfway (the rest of a cut upload too, until
//! it is under 1 KiB): a device enrolls, syncs a
//! large first round across both processes and the cuts (a round begun on
//! one process is continued on the other from its byte offset), a second
//! device receives it all, and a revocation made with `simpul admin`
//! holds on both processes at once.

mod common;

use common::{code_from, free_port, ok, simpul, start_serve};
use simpul_linksim::RoundRobin;
use simpul_store::{AssetQuery, ProfileInput, Replica, SyncFailure};
use simpul_sync::http::HttpHub;
use simpul_sync::{ClientConfig, TransportError};
use std::net::SocketAddr;
use std::time::Duration;

fn replica(dir: &std::path::Path, name: &str) -> Replica {
    let mut r = Replica::open(&dir.join(format!("{name}.db"))).expect("open");
    r.setup(&ProfileInput {
        regency: "Kab. Lamandau".into(),
        opd_code: "DINKES".into(),
        opd_name: "Dinas Kesehatan".into(),
        device_name: name.into(),
        language: "id".into(),
    })
    .expect("setup");
    r
}

/// Enrolls `r` through `via` and returns its client, retrying quickly.
fn enrolled(r: &Replica, via: &str, code: &str) -> HttpHub {
    let p = r.profile().expect("profile");
    let e = HttpHub::enroll(
        via,
        code,
        &p.device_name,
        &p.actor,
        r.public_key().expect("key").as_deref(),
        &ClientConfig::default(),
    )
    .expect("enroll through the proxy");
    let mut hub = HttpHub::new(
        via,
        &e.token,
        &ClientConfig::with_idle(Duration::from_secs(20)),
    )
    .expect("client");
    hub.retry_pause = Duration::from_millis(50);
    hub.patience = 20;
    hub
}

fn all(r: &Replica) -> u32 {
    r.assets(&AssetQuery::default()).expect("list").total
}

#[test]
fn two_server_processes_share_one_postgres_database() {
    let dir = tempfile::tempdir().expect("dir");
    let url = simpul_pgtest::database();
    let key = dir.path().join("server.key");
    let db: &[&str] = &["--database", &url, "--key", key.to_str().expect("path")];
    let admin = |args: &[&str]| simpul(&[&["admin"], db, args].concat());
    ok(admin(&["opd", "add", "DINKES", "Dinas Kesehatan"]));
    let code_a = code_from(&ok(admin(&["enroll-code", "--opd", "DINKES"])));
    let code_b = code_from(&ok(admin(&["enroll-code", "--opd", "DINKES"])));

    let ports = [free_port(), free_port()];
    let mut servers: Vec<_> = ports.iter().map(|p| start_serve(db, *p)).collect();
    let addrs: Vec<SocketAddr> = ports
        .iter()
        .map(|p| SocketAddr::from(([127, 0, 0, 1], *p)))
        .collect();
    let proxy = RoundRobin::start(addrs, Some(1)).expect("proxy");
    let via = proxy.addr().to_string();

    let mut a = replica(dir.path(), "tu");
    a.load_demo(800, 3, &mut |_, _| {}).expect("demo");
    let mut ha = enrolled(&a, &via, &code_a);
    a.sync_with("server", &mut ha)
        .expect("a syncs across both processes");
    assert_eq!(
        a.pending_changes("server").expect("pending"),
        0,
        "one session sent everything"
    );

    let mut b = replica(dir.path(), "aset");
    let mut hb = enrolled(&b, &via, &code_b);
    b.sync_with("server", &mut hb).expect("b syncs");
    assert_eq!(all(&b), 800, "everything a sent, whichever process took it");
    let served = proxy.stats().served();
    assert!(
        served.iter().all(|n| *n >= 3),
        "both processes served: {served:?}"
    );
    assert!(proxy.stats().cuts() >= 1, "an upload was cut");
    assert!(
        ha.requests() > 4,
        "the cut round was resumed: {} requests",
        ha.requests()
    );

    // A revocation made at the database holds on both processes.
    let devices = ok(admin(&["devices"]));
    let a_id = devices
        .lines()
        .find(|l| l.contains("tu"))
        .and_then(|l| l.split_whitespace().next())
        .expect("a's id")
        .to_owned();
    ok(admin(&["devices", "--revoke", &a_id]));
    for round in 0..2 {
        a.save_asset(&simpul_core::AssetInput {
            kode_barang: "1.3.2.10.01.02.002".into(),
            nama: "Laptop".into(),
            nomor_pabrik: format!("SETELAH-{round}"),
            ..Default::default()
        })
        .expect("save");
        match a.sync_with("server", &mut ha) {
            Err(SyncFailure::Transport(TransportError::Refused { code, .. })) => {
                assert_eq!(code, "revoked")
            }
            other => panic!("a revoked device must be refused: {other:?}"),
        }
    }
    b.sync_with("server", &mut hb).expect("b goes on");
    assert_eq!(all(&b), 800);
    for s in &mut servers {
        let _ = s.kill();
        let _ = s.wait();
    }
}

//! The server over real links: HTTPS with the data center's own CA, and a
//! throttled link cut every few hundred milliseconds in the middle of
//! large transfers, which must resume rather than start over.

use simpul_linksim::{LinkProfile, Proxy};
use simpul_server::{ServerState, TlsFiles};
use simpul_store::{AssetQuery, ProfileInput, Replica};
use simpul_sync::http::HttpHub;
use simpul_sync::{ClientConfig, TransportError};
use std::path::Path;
use std::time::Duration;

mod common;

use common::{Backend, TestDb, PEER};

fn replica(dir: &Path, name: &str) -> Replica {
    let mut r = Replica::open(&dir.join(format!("{name}.db"))).expect("open");
    r.setup(&ProfileInput {
        regency: "Kab. Muna".into(),
        opd_code: "DINKES".into(),
        opd_name: "Dinkes".into(),
        device_name: name.into(),
        language: String::new(),
    })
    .expect("setup");
    r
}

fn all(r: &Replica) -> u32 {
    r.assets(&AssetQuery {
        lifecycle: "semua".into(),
        ..Default::default()
    })
    .expect("q")
    .total
}

/// A server on its own runtime; stops when dropped.
struct Running {
    addr: std::net::SocketAddr,
    _rt: tokio::runtime::Runtime,
}

fn start(db: &TestDb, tls: Option<TlsFiles>) -> Running {
    start_at(db, tls, "127.0.0.1:0")
}

/// [`start`] on `addr` (the same port again after a restart: its old
/// listener may take a moment to close).
fn start_at(db: &TestDb, tls: Option<TlsFiles>, addr: &str) -> Running {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let state = ServerState::load(db.open()).expect("load");
    let mut tries = 0;
    let listener = loop {
        match std::net::TcpListener::bind(addr) {
            Ok(l) => break l,
            Err(e) if tries < 50 => {
                tries += 1;
                eprintln!("binding {addr} again: {e}");
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(e) => panic!("bind {addr}: {e}"),
        }
    };
    let addr = listener.local_addr().expect("addr");
    let never = std::future::pending::<()>();
    match tls {
        Some(t) => drop(
            rt.spawn(async move { simpul_server::serve_tls(listener, state, &t, never).await }),
        ),
        None => drop(rt.spawn(simpul_server::serve(listener, state, never))),
    }
    Running { addr, _rt: rt }
}

fn https_with_the_data_center_ca(backend: Backend) {
    let dir = tempfile::tempdir().expect("dir");
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()])
        .expect("cert");
    let (cert_pem, key_pem) = (cert.cert.pem(), cert.signing_key.serialize_pem());
    let tls = TlsFiles {
        cert: dir.path().join("cert.pem"),
        key: dir.path().join("key.pem"),
    };
    std::fs::write(&tls.cert, &cert_pem).expect("write");
    std::fs::write(&tls.key, &key_pem).expect("write");
    let db = TestDb::new(backend, dir.path());
    let codes = db.codes(1);
    let server = start(&db, Some(tls));
    let url = format!("https://localhost:{}", server.addr.port());

    let mut r = replica(dir.path(), "a");
    r.load_demo(50, 1, &mut |_, _| {}).expect("demo");
    let actor = r.profile().expect("p").actor.clone();
    // Without the CA the certificate is not trusted and nothing is sent.
    let untrusted = HttpHub::enroll(&url, &codes[0], "a", &actor, None, &ClientConfig::default());
    assert!(
        matches!(&untrusted, Err(TransportError::Offline(m)) if m.to_lowercase().contains("cert")),
        "{untrusted:?}"
    );
    let bad = ClientConfig {
        ca_pem: Some(b"bukan sertifikat".to_vec()),
        ..ClientConfig::default()
    };
    assert!(matches!(
        HttpHub::enroll(&url, &codes[0], "a", &actor, None, &bad),
        Err(TransportError::Refused { .. })
    ));

    let config = ClientConfig {
        ca_pem: Some(cert_pem.into_bytes()),
        ..ClientConfig::default()
    };
    let e = HttpHub::enroll(&url, &codes[0], "a", &actor, None, &config).expect("enroll over TLS");
    let mut hub = HttpHub::new(&url, &e.token, &config).expect("client");
    let report = r.sync_with(PEER, &mut hub).expect("sync over TLS");
    assert!(report.rounds >= 2);
    assert_eq!(r.pending_changes(PEER).expect("pending"), 0);
    // Plain HTTP to the TLS port gets nowhere.
    let mut plain = HttpHub::new(
        &server.addr.to_string(),
        &e.token,
        &ClientConfig::with_idle(Duration::from_secs(5)),
    )
    .expect("client");
    plain.patience = 1;
    assert!(r.sync_with(PEER, &mut plain).is_err());
}

/// Enrolls `r` directly, then talks to the server through `via` (the
/// proxy), retrying quickly after a cut.
fn enrolled_via(r: &Replica, server: &Running, code: &str, via: &str) -> HttpHub {
    let p = r.profile().expect("p");
    let e = HttpHub::enroll(
        &server.addr.to_string(),
        code,
        &p.device_name,
        &p.actor,
        None,
        &ClientConfig::default(),
    )
    .expect("enroll");
    let mut hub = HttpHub::new(
        via,
        &e.token,
        &ClientConfig::with_idle(Duration::from_secs(10)),
    )
    .expect("client");
    hub.retry_pause = Duration::from_millis(50);
    hub
}

fn link_cut_mid_transfer_resumes(backend: Backend) {
    let dir = tempfile::tempdir().expect("dir");
    let db = TestDb::new(backend, dir.path());
    let codes = db.codes(2);
    let server = start(&db, None);
    // 400 kbit/s each way, cut every 700 ms: a transfer needing several
    // seconds completes only if each attempt continues the last one.
    let profile = LinkProfile {
        name: "cut",
        down_bps: Some(400_000),
        up_bps: Some(400_000),
        rtt: Duration::from_millis(40),
        loss: 0.0,
    };
    let proxy =
        Proxy::start(server.addr, profile, Some(Duration::from_millis(700))).expect("proxy");
    let via = proxy.addr().to_string();

    let mut a = replica(dir.path(), "a");
    a.load_demo(2_000, 7, &mut |_, _| {}).expect("demo");
    let mut hub = enrolled_via(&a, &server, &codes[0], &via);
    let up = a
        .sync_with(PEER, &mut hub)
        .expect("the upload completes across cuts");
    assert_eq!(a.pending_changes(PEER).expect("pending"), 0);
    let cuts_up = proxy.stats().cut_count();
    assert!(cuts_up >= 2, "the upload was cut {cuts_up} times");
    assert!(
        hub.requests() > u64::from(up.rounds),
        "resumed: {} requests for {} rounds",
        hub.requests(),
        up.rounds
    );

    // A new device of the same OPD downloads everything, across cuts.
    let mut b = replica(dir.path(), "b");
    let mut hub = enrolled_via(&b, &server, &codes[1], &via);
    let before = proxy.stats().down();
    let down = b
        .sync_with(PEER, &mut hub)
        .expect("the download completes across cuts");
    assert!(
        proxy.stats().cut_count() > cuts_up,
        "the download was cut too"
    );
    assert!(hub.requests() > u64::from(down.rounds));
    assert_eq!(all(&b), 2_000);
    assert_eq!(all(&a), all(&b));
    let moved = proxy.stats().down() - before;
    // About 180 KB of changes: resumed, not sent again from the start.
    assert!((150_000..260_000).contains(&moved), "{moved} bytes down");
}

/// The server restarts in the middle of a large upload (an update, a
/// crash): the bytes that arrived are in the database, so the device asks
/// the new process how far it got and sends only the rest.
fn a_round_cut_by_a_server_restart_resumes_from_its_byte_offset(backend: Backend) {
    let dir = tempfile::tempdir().expect("dir");
    let db = TestDb::new(backend, dir.path());
    let codes = db.codes(1);
    let server = start(&db, None);
    let addr = server.addr.to_string();
    let slow = LinkProfile {
        name: "lambat",
        down_bps: Some(2_000_000),
        up_bps: Some(400_000),
        rtt: Duration::from_millis(20),
        loss: 0.0,
    };
    let proxy = Proxy::start(server.addr, slow, None).expect("proxy");
    let via = proxy.addr().to_string();
    let mut a = replica(dir.path(), "a");
    a.load_demo(2_000, 7, &mut |_, _| {}).expect("demo");
    let mut hub = enrolled_via(&a, &server, &codes[0], &via);
    // Stopping the old process (it lets the upload in flight finish for up
    // to ten seconds) and starting the new one may take that and more on a
    // loaded machine: the device keeps trying for about a minute (pauses
    // of 50 ms doubling up to 1.6 s, 40 tries).
    hub.patience = 40;
    let device = db.open().devices().expect("devices")[0].device.id.clone();

    let syncing = std::thread::spawn(move || {
        let report = a.sync_with(PEER, &mut hub).map(|r| r.rounds);
        (a, report)
    });
    // Once a good part of the first round is up, the server goes away.
    let start = std::time::Instant::now();
    while proxy.stats().up() < 60_000 {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the upload never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(server);
    let up_at_restart = proxy.stats().up();
    let slot = db
        .open()
        .slots()
        .expect("slots")
        .slot(&device)
        .expect("slot")
        .expect("the cut round is stored");
    assert!(
        slot.received > 0 && slot.received < slot.length,
        "{} of {} bytes stored",
        slot.received,
        slot.length
    );
    let _server = start_at(&db, None, &addr);
    let (mut a, report) = syncing.join().expect("sync thread");
    report.expect("the sync completes after the restart");
    assert_eq!(a.pending_changes(PEER).expect("pending"), 0);
    let sent_after = proxy.stats().up() - up_at_restart;
    assert!(
        sent_after < slot.length,
        "resumed: {sent_after} bytes sent after the restart for a round of {} of which {} had arrived",
        slot.length,
        slot.received
    );
}

crate::on_both_backends!(
    https_with_the_data_center_ca,
    link_cut_mid_transfer_resumes,
    a_round_cut_by_a_server_restart_resumes_from_its_byte_offset,
);

//! The data center under attack and under a failing disk: each finding of
//! a hostile probe reproduced against the real server on loopback.

use simpul_server::{Admin, ServerLimits, ServerState, SqliteHubStore};
use simpul_store::AssetQuery;
use simpul_sync::http::HttpHub;
use simpul_sync::{ClientConfig, DocMessage, SyncRequest, TransportError, PROTOCOL_VERSION};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;

use common::failing::FailingStore;
use common::{add, enroll, replica, total, Backend, Server, TestDb, PEER};

/// `n` one-time codes for DINKES.
fn codes(db: &TestDb, n: usize) -> Vec<String> {
    db.codes(n)
}

/// A fresh server database with `n` DINKES codes, and the server on it.
fn started(backend: Backend, n: usize) -> (tempfile::TempDir, TestDb, Vec<String>, Server) {
    let dir = tempfile::tempdir().expect("dir");
    let db = TestDb::new(backend, dir.path());
    let c = codes(&db, n);
    let server = Server::start(&db);
    (dir, db, c, server)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    use flate2::write::DeflateEncoder;
    let mut e = DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).expect("deflate");
    e.finish().expect("deflate")
}

/// One raw round: status and body text.
fn raw_round(addr: &str, token: &str, body: &[u8]) -> (u16, String) {
    let mut resp = agent()
        .post(format!("http://{addr}/api/v1/sync"))
        .header("Authorization", format!("Bearer {token}"))
        .header("X-Simpul-Round", format!("raw{:016x}", fastrand::u64(..)))
        .header("X-Simpul-Length", body.len().to_string())
        .header("X-Simpul-Offset", "0")
        .send(body)
        .expect("answered");
    let status = resp.status().as_u16();
    (status, resp.body_mut().read_to_string().unwrap_or_default())
}

fn health(addr: &str) -> u16 {
    agent()
        .get(format!("http://{addr}/health"))
        .call()
        .expect("health")
        .status()
        .as_u16()
}

fn the_divide_by_zero_message_fails_its_round_only(backend: Backend) {
    let (dir, _db, c, server) = started(backend, 2);
    let mut a = replica(dir.path(), "a", "DINKES");
    let mut b = replica(dir.path(), "b", "DINKES");
    let mut ha = enroll(&server.addr, &c[0], &a);
    let mut hb = enroll(&server.addr, &c[1], &b);
    add(&mut a, 2, "A");
    a.sync_with(PEER, &mut ha).expect("first sync");

    // No heads, no need, one `have` whose Bloom filter declares 1 entry,
    // 0 bits per entry, 1 probe: automerge 0.12 divides by zero on it.
    let bloom = vec![0x42, 0x00, 0x00, 0x01, 0x00, 0x03, 0x01, 0x00, 0x01, 0x00];
    let req = SyncRequest {
        protocol: PROTOCOL_VERSION,
        new_session: false,
        known: vec![],
        messages: vec![DocMessage {
            doc: "opd/DINKES/meta".into(),
            message: bloom,
            signatures: vec![],
        }],
        device_key: None,
        late_signatures: vec![],
        certificates: vec![],
    };
    let body = deflate(&req.encode());
    assert!(body.len() <= 40, "a tiny request: {} bytes", body.len());
    for _ in 0..3 {
        let (status, text) = raw_round(&server.addr, ha.token(), &body);
        assert_eq!(status, 400, "{text}");
        assert!(text.contains("Bloom"), "{text}");
    }
    assert_eq!(health(&server.addr), 200);
    add(&mut b, 1, "B");
    b.sync_with(PEER, &mut hb)
        .expect("another device still syncs");
    assert_eq!(total(&b), 3);
    a.sync_with(PEER, &mut ha).expect("and so does the sender");
    assert_eq!(total(&a), 3);
    server.stop();
}

fn a_failed_write_publishes_nothing_and_the_next_session_stores_it(backend: Backend) {
    let dir = tempfile::tempdir().expect("dir");
    let db = TestDb::new(backend, dir.path());
    let c = codes(&db, 2);
    let fail = Arc::new(AtomicBool::new(false));
    let store = FailingStore {
        inner: db.open(),
        fail: fail.clone(),
    };
    let server = Server::start_state(ServerState::load(Box::new(store)).expect("load"));
    let mut a = replica(dir.path(), "a", "DINKES");
    let mut b = replica(dir.path(), "b", "DINKES");
    let mut ha = enroll(&server.addr, &c[0], &a);
    let mut hb = enroll(&server.addr, &c[1], &b);
    b.sync_with(PEER, &mut hb).expect("b starts");

    add(&mut a, 3, "A");
    ha.retry_pause = Duration::from_millis(10);
    fail.store(true, Ordering::SeqCst);
    match a.sync_with(PEER, &mut ha) {
        Err(simpul_store::SyncFailure::Transport(e)) => {
            assert!(e.is_transient(), "a server failure is retried later: {e}")
        }
        other => panic!("the write failed: {other:?}"),
    }
    assert_eq!(health(&server.addr), 503, "unhealthy while it cannot write");
    fail.store(false, Ordering::SeqCst);
    assert_eq!(health(&server.addr), 200);
    b.sync_with(PEER, &mut hb).expect("b syncs");
    assert_eq!(total(&b), 0, "nothing unstored was served to others");

    a.sync_with(PEER, &mut ha).expect("a sends again");
    b.sync_with(PEER, &mut hb).expect("b syncs");
    assert_eq!(total(&b), 3, "the next session stored and published it");
    server.stop();

    // And it is on disk: a restarted server serves it to a new device.
    let server = Server::start(&db);
    let mut fresh = replica(dir.path(), "fresh", "DINKES");
    let code = codes(&db, 1).remove(0);
    let mut hf = enroll(&server.addr, &code, &fresh);
    fresh.sync_with(PEER, &mut hf).expect("fresh");
    assert_eq!(total(&fresh), 3);
    server.stop();
}

fn a_revoked_device_changes_are_refused_when_relayed_without_a_restart(backend: Backend) {
    use automerge::ActorId;
    use simpul_core::DocId;
    use std::collections::BTreeMap;

    let (_dir, db, c, server) = started(backend, 2);
    let actor_a = ActorId::random();
    let cfg = ClientConfig::default();
    let ea = HttpHub::enroll(
        &server.addr,
        &c[0],
        "a",
        &actor_a.to_hex_string(),
        None,
        &cfg,
    )
    .expect("enroll a");
    let eb = HttpHub::enroll(
        &server.addr,
        &c[1],
        "b",
        &ActorId::random().to_hex_string(),
        None,
        &cfg,
    )
    .expect("enroll b");

    // The device is revoked by `simpul admin` on the database while serving.
    let mut admin_store = db.open();
    assert!(Admin::new(admin_store.as_mut())
        .revoke(&ea.device_id)
        .expect("revoke"));

    // Its edit, written offline, is relayed by a colleague's replica.
    let id = DocId::Assets {
        opd: "DINKES".into(),
        shard: 1,
    };
    let doc = asset_written_as(&actor_a, &id, "x", "dari perangkat dicabut");
    let docs = BTreeMap::from([(id, doc)]);
    let mut hb = HttpHub::new(&server.addr, &eb.token, &cfg).expect("b");
    let mut docs = docs;
    let mut session = simpul_sync::ClientSession::default();
    let refusal = (0..6).find_map(|_| {
        let req = session.request(&docs, &std::collections::HashMap::new(), None);
        match simpul_sync::Transport::round(&mut hb, &req) {
            Ok(resp) => {
                session.receive(&mut docs, &resp).expect("apply");
                None
            }
            Err(e) => Some(e),
        }
    });
    match refusal {
        Some(TransportError::Refused { code, message }) => {
            assert_eq!(code, "forbidden", "{message}");
            assert!(message.contains("tidak berhak"), "{message}");
        }
        other => panic!("a revoked device's change must be refused: {other:?}"),
    }
    let mut ha = HttpHub::new(&server.addr, &ea.token, &cfg).expect("a");
    let req = simpul_sync::ClientSession::default().request(
        &docs,
        &std::collections::HashMap::new(),
        None,
    );
    assert!(matches!(
        simpul_sync::Transport::round(&mut ha, &req),
        Err(TransportError::Refused { .. })
    ));
    server.stop();
}

fn read_closes_within(s: &mut TcpStream, within: Duration) -> bool {
    s.set_read_timeout(Some(within)).expect("timeout");
    let start = Instant::now();
    let mut buf = [0u8; 512];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return start.elapsed() <= within,
            Ok(_) => continue, // an error answer, then the close
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut =>
            {
                return false
            }
            Err(_) => return start.elapsed() <= within,
        }
    }
}

fn bombs_slow_clients_and_idle_connections_are_cut_within_their_limits(backend: Backend) {
    let dir = tempfile::tempdir().expect("dir");
    let db = TestDb::new(backend, dir.path());
    let c = codes(&db, 2);
    let limits = ServerLimits {
        max_inflated_bytes: 1024 * 1024,
        header_timeout_s: 2,
        body_timeout_s: 2,
        max_connections: 24,
        ..ServerLimits::default()
    };
    let server = Server::start_with(&db, limits);
    let addr = server.addr.clone();
    let mut a = replica(dir.path(), "a", "DINKES");
    let mut b = replica(dir.path(), "b", "DINKES");
    let ha = enroll(&addr, &c[0], &a);
    let mut hb = enroll(&addr, &c[1], &b);
    add(&mut a, 1, "A");

    // A deflate bomb: 64 MiB of zeros in a few dozen KB.
    let bomb = deflate(&vec![0u8; 64 * 1024 * 1024]);
    assert!(bomb.len() < 200_000);
    let (status, text) = raw_round(&addr, ha.token(), &bomb);
    assert_eq!(status, 413, "{text}");
    assert!(text.contains("1048576"), "the limit is named: {text}");

    // Slow and idle clients hold connections while another device syncs.
    let mut idle: Vec<TcpStream> = (0..10)
        .map(|_| TcpStream::connect(&addr).expect("connect"))
        .collect();
    let mut slow_header = TcpStream::connect(&addr).expect("connect");
    slow_header
        .write_all(b"POST /api/v1/sync HTTP/1.1\r\nHost: x\r\n")
        .expect("half a header");
    let mut slow_body = TcpStream::connect(&addr).expect("connect");
    write!(
        slow_body,
        "POST /api/v1/sync HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nX-Simpul-Round: slowloris01\r\nX-Simpul-Length: 1000\r\nX-Simpul-Offset: 0\r\nContent-Length: 1000\r\n\r\n",
        ha.token()
    )
    .expect("headers");
    let dripping = std::thread::spawn(move || {
        for _ in 0..20 {
            if slow_body.write_all(b"x").is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(300));
        }
        let mut answer = String::new();
        slow_body
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let _ = slow_body.read_to_string(&mut answer);
        answer
    });
    add(&mut b, 2, "B");
    b.sync_with(PEER, &mut hb)
        .expect("a normal device syncs meanwhile");
    assert_eq!(total(&b), 2);

    assert!(
        read_closes_within(&mut slow_header, Duration::from_secs(6)),
        "a half-sent header is cut"
    );
    for s in &mut idle {
        assert!(
            read_closes_within(s, Duration::from_secs(6)),
            "an idle connection is closed"
        );
    }
    let answer = dripping.join().expect("drip");
    assert!(
        answer.contains("408"),
        "a 1-byte-per-300-ms body is cut: {answer}"
    );

    // Beyond max_connections, a connection is closed on arrival.
    let _held: Vec<TcpStream> = (0..24)
        .map(|_| TcpStream::connect(&addr).expect("connect"))
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let mut extra = TcpStream::connect(&addr).expect("connect");
    assert!(
        read_closes_within(&mut extra, Duration::from_secs(1)),
        "closed at once"
    );
    server.stop();
}

fn a_fresh_device_joins_an_opd_built_by_twenty_devices_in_one_session(backend: Backend) {
    let dir = tempfile::tempdir().expect("dir");
    let db = TestDb::new(backend, dir.path());
    let c = codes(&db, 21);
    // Twenty other OPDs, each with a registered computer: their public
    // registration documents make every device follow more documents than
    // its document cache holds, so documents are reloaded between rounds.
    let others: Vec<(String, String)> = {
        let mut store = db.open();
        let mut admin = Admin::new(store.as_mut());
        (0..20)
            .map(|i| {
                let opd = format!("OPD{i:02}");
                admin.add_opd(&opd, &opd).expect("opd");
                let code = admin.enroll_code(Some(&opd), 24).expect("code").code;
                (opd, code)
            })
            .collect()
    };
    let server = Server::start(&db);
    for (n, (opd, code)) in others.iter().enumerate() {
        let mut r = replica(dir.path(), opd, opd);
        let mut h = enroll(&server.addr, code, &r);
        add(&mut r, 1, opd);
        let asset = r.assets(&AssetQuery::default()).expect("list").rows[0]
            .id
            .clone();
        r.register(&simpul_core::RegistrationInput {
            asset_id: asset,
            macs: format!("AA:BB:CC:DD:EE:{n:02X}"),
            hostname: format!("pc-{}", opd.to_lowercase()),
            ip: format!("10.9.{n}.2"),
            purpose: "kantor".into(),
        })
        .expect("register");
        r.sync_with(PEER, &mut h).expect("other OPD sync");
    }
    for (i, code) in c[..20].iter().enumerate() {
        let mut r = replica(dir.path(), &format!("d{i}"), "DINKES");
        let mut h = enroll(&server.addr, code, &r);
        add(&mut r, 12, &format!("D{i}"));
        r.sync_with(PEER, &mut h).expect("builder sync");
    }
    let mut fresh = replica(dir.path(), "fresh", "DINKES");
    let mut hf = enroll(&server.addr, &c[20], &fresh);
    let report = fresh
        .sync_with(PEER, &mut hf)
        .expect("the first session completes");
    assert!(
        fresh.document_ids().expect("ids").len() > 35,
        "more documents than the replica's cache of 35 holds"
    );
    assert_eq!(
        total(&fresh),
        240,
        "every asset arrived ({} rounds)",
        report.rounds
    );
    server.stop();
}

fn enrolling_with_a_taken_actor_keeps_the_code(backend: Backend) {
    let (_dir, _db, c, server) = started(backend, 2);
    let cfg = ClientConfig::default();
    let actor = automerge::ActorId::random().to_hex_string();
    HttpHub::enroll(&server.addr, &c[0], "a", &actor, None, &cfg).expect("first");
    match HttpHub::enroll(&server.addr, &c[1], "b", &actor, None, &cfg) {
        Err(TransportError::Refused { code, message }) => {
            assert_eq!(code, "actor_taken", "{message}");
            assert!(message.contains("tidak terpakai"), "{message}");
        }
        other => panic!("a taken actor must be refused clearly: {other:?}"),
    }
    let other = automerge::ActorId::random().to_hex_string();
    HttpHub::enroll(&server.addr, &c[1], "b", &other, None, &cfg).expect("the code still works");
    server.stop();
}

fn bundles_need_a_credential_and_reach_a_running_server_either_way(backend: Backend) {
    let (dir, db, c, server) = started(backend, 2);
    let mut a = replica(dir.path(), "a", "DINKES");
    let mut b = replica(dir.path(), "b", "DINKES");
    let ha = enroll(&server.addr, &c[0], &a);
    let mut hb = enroll(&server.addr, &c[1], &b);
    let who = |h: &HttpHub, addr: &str| simpul_store::ServerLink {
        address: addr.into(),
        device_id: String::new(),
        diskominfo: false,
        token: h.token().into(),
        ca_pem: None,
    };
    // The device id the bundle names comes from the server's list.
    let devices = Admin::new(db.open().as_mut()).devices().expect("devices");
    let mut link = who(&ha, &server.addr);
    link.device_id = devices[0].id.clone();
    a.set_server(&link).expect("link");
    add(&mut a, 4, "A");
    let (sealed, _) = a.bundle_write(PEER).expect("bundle");

    // No credential: refused before the body is read.
    let resp = agent()
        .post(format!("http://{}/api/v1/bundle", server.addr))
        .send(&sealed[..])
        .expect("answered");
    assert_eq!(resp.status().as_u16(), 401);

    // Into the running server's file, as `simpul admin bundle import`
    // without --server does: the running server serves it at once.
    let side = ServerState::load(db.open()).expect("load");
    assert!(side.import_bundle(&sealed).expect("import") > 0);
    assert_eq!(side.import_bundle(&sealed).expect("again"), 0, "idempotent");
    b.sync_with(PEER, &mut hb).expect("b syncs");
    assert_eq!(total(&b), 4, "served without a restart");

    // A bundle over the old 32 MB body limit gets a real answer.
    let token = Admin::new(db.open().as_mut())
        .upload_token(5)
        .expect("token");
    let big = a
        .seal_bundle(&simpul_sync::bundle::Bundle {
            protocol: PROTOCOL_VERSION,
            device: devices[0].id.clone(),
            actor: String::new(),
            enroll: None,
            from_server: false,
            created: "2026-11-30T08:00:00Z".into(),
            docs: vec![simpul_sync::bundle::BundleDoc {
                doc: "opd/DINKES/meta".into(),
                changes: (0..40 * 1024 * 1024).map(|_| fastrand::u8(..)).collect(),
                signatures: vec![],
            }],
            certificates: vec![],
            device_keys: vec![],
        })
        .expect("sealed");
    assert!(big.len() > 40 * 1024 * 1024);
    let answer = HttpHub::upload_bundle(&server.addr, &token, &big, &ClientConfig::default());
    assert!(answer.is_ok(), "read whole and answered: {answer:?}");
    server.stop();
}

fn a_bundle_forged_with_a_copy_of_server_db_is_refused(backend: Backend) {
    use automerge::ActorId;
    use simpul_core::schema::genesis_for;
    use simpul_core::DocId;
    use simpul_sync::bundle::{Bundle, BundleDoc};
    use simpul_sync::signature::KeyPair;

    let (dir, db, c, server) = started(backend, 1);
    let mut a = replica(dir.path(), "a", "DINKES");
    let mut ha = enroll(&server.addr, &c[0], &a);
    let device_id = db.open().devices().expect("devices")[0].device.id.clone();
    a.set_server(&simpul_store::ServerLink {
        address: server.addr.clone(),
        device_id,
        diskominfo: false,
        token: ha.token().to_owned(),
        ca_pem: None,
    })
    .expect("link");
    add(&mut a, 2, "A");
    a.sync_with(PEER, &mut ha).expect("honest sync");
    assert!(
        a.server_key().expect("key").is_some(),
        "the first sync told the server's key"
    );
    server.stop();
    let before = chunks(&db);

    // What a stolen copy of the database gives (a SQLite file, as a copy
    // of the server's file or of a backup restored anywhere is): the
    // device and its actor.
    let stolen = dir.path().join("salinan.db");
    let backup_file = dir.path().join("curian.simpulbk");
    simpul_server::backup::backup(&db.database, &backup_file, chrono::Utc::now()).expect("backup");
    simpul_server::backup::restore(
        &backup_file,
        &simpul_server::Database::Sqlite(stolen.clone()),
        false,
    )
    .expect("restored by the thief");
    let (device, actor): (String, String) = rusqlite::Connection::open(&stolen)
        .expect("open copy")
        .query_row("SELECT id, actor FROM device", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("device row");

    // A change written under the device's actor, "signed" with a key the
    // forger made (in a shard the device has not written, so it is new),
    // in a bundle the forger can only seal with a key of their own: the
    // stolen database holds the device's public key and a token hash, no
    // secret that signs.
    let held = a.document_ids().expect("ids");
    let id = (0..simpul_core::doc_id::ASSET_SHARDS)
        .map(|shard| DocId::Assets {
            opd: "DINKES".into(),
            shard,
        })
        .find(|id| !held.contains(&id.to_string()))
        .expect("a shard the device has not written");
    let actor = ActorId::try_from(actor.as_str()).expect("actor");
    let doc = asset_written_as(&actor, &id, "palsu", "Aset palsu");
    let forger = KeyPair::from_seed([9; 32]);
    let signatures: Vec<_> = doc
        .get_changes(&genesis_for(&id).get_heads())
        .iter()
        .map(|c| forger.sign(&c.hash()))
        .collect();
    let forged = |from_server: bool, signatures: Vec<_>| {
        Bundle {
            protocol: PROTOCOL_VERSION,
            device: device.clone(),
            actor: String::new(),
            enroll: None,
            from_server,
            created: "2026-12-01T08:00:00Z".into(),
            docs: vec![BundleDoc {
                doc: id.to_string(),
                changes: doc.save(),
                signatures,
            }],
            certificates: vec![],
            device_keys: vec![],
        }
        .seal(&forger)
    };
    let state = ServerState::load(db.open()).expect("state");
    for signatures in [signatures.clone(), Vec::new()] {
        let refused = state
            .import_bundle(&forged(false, signatures))
            .expect_err("a forged bundle is refused");
        assert!(
            refused.to_string().contains("telah diubah"),
            "refused for the bundle's signature: {refused}"
        );
    }
    // The stolen copy cannot write a bundle for the device either: the
    // server's key is not in it, and one made anew is not the one the
    // device learned at enrollment.
    let copy =
        ServerState::load(Box::new(SqliteHubStore::open(&stolen).expect("copy"))).expect("copy");
    assert!(
        copy.export_bundle(&device).is_err(),
        "no server key in the copy"
    );
    let posing = copy.with_server_key(KeyPair::from_seed([7; 32]));
    let written = posing
        .export_bundle(&device)
        .expect("written with the wrong key");
    let refused = a.bundle_read(&written);
    assert!(
        matches!(refused, Err(simpul_store::StoreError::Bundle(_))),
        "the device refuses it: {refused:?}"
    );
    assert!(
        matches!(
            a.bundle_read(&forged(true, signatures)),
            Err(simpul_store::StoreError::Bundle(_))
        ),
        "and a hand-made one"
    );
    assert_eq!(chunks(&db), before, "nothing of the forgery was stored");
}

/// A DINKES asset document holding one asset written under `actor` (as a
/// hostile or revoked device would write it, outside any replica).
fn asset_written_as(
    actor: &automerge::ActorId,
    id: &simpul_core::DocId,
    record: &str,
    nama: &str,
) -> automerge::Automerge {
    use simpul_core::schema::{
        commit_options, genesis_for, write_record, ChangeNote, Collection, SchemaError,
    };
    let mut doc = genesis_for(id);
    doc.set_actor(actor.clone());
    let note = ChangeNote {
        action: "asset.create".into(),
        records: vec![record.into()],
        device: "a".into(),
    };
    doc.transact_with::<_, _, SchemaError, _>(
        |_| commit_options(&note, 1),
        |tx| {
            let a = simpul_core::Asset {
                id: record.into(),
                opd: "DINKES".into(),
                nama: nama.into(),
                ..Default::default()
            };
            write_record(tx, Collection::Assets, record, &a).map(|_| ())
        },
    )
    .expect("edit");
    doc
}

/// The stored chunks, as a fingerprint.
fn chunks(db: &TestDb) -> (Vec<(simpul_core::DocId, Vec<u8>)>, i64) {
    db.open().documents().expect("documents")
}

crate::on_both_backends!(
    the_divide_by_zero_message_fails_its_round_only,
    a_failed_write_publishes_nothing_and_the_next_session_stores_it,
    a_revoked_device_changes_are_refused_when_relayed_without_a_restart,
    bombs_slow_clients_and_idle_connections_are_cut_within_their_limits,
    enrolling_with_a_taken_actor_keeps_the_code,
    bundles_need_a_credential_and_reach_a_running_server_either_way,
    a_bundle_forged_with_a_copy_of_server_db_is_refused,
    a_fresh_device_joins_an_opd_built_by_twenty_devices_in_one_session,
);

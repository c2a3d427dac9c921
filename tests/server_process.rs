//! The `simpul serve` process killed with SIGKILL in the middle of a sync
//! session, then restarted on its file: nothing acknowledged is lost and
//! the next session completes. Also the admin and enroll commands as a
//! Diskominfo operator and a device would run them.

mod common;

use common::{code_from, free_port, ok, simpul, start_serve, text};
use simpul_store::{AssetQuery, Replica, SyncFailure};
use simpul_sync::http::HttpHub;
use simpul_sync::ClientConfig;
use simpul_sync::{SyncRequest, SyncResponse, Transport, TransportError};
use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

/// `simpul serve` on `db` (its `--database` and `--key`), once the health
/// endpoint answers.
fn start_server_ready(db: &[&str], port: u16) -> common::Serving {
    let child = start_serve(db, port);
    let start = Instant::now();
    while !HttpHub::new(
        &format!("127.0.0.1:{port}"),
        "",
        &ClientConfig::with_idle(Duration::from_secs(1)),
    )
    .expect("client")
    .reachable()
    {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "server did not answer"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

/// A DINKES replica set up as `device` with `assets` demo assets.
fn dinkes_device(db: &str, device: &str, assets: &str) {
    common::setup_replica(db, "DINKES", device);
    ok(simpul(&["--db", db, "demo", "--assets", assets]));
}

/// Kills the server process just before sending round `kill_at`.
struct KillBefore<'a> {
    inner: HttpHub,
    round: u32,
    kill_at: u32,
    server: &'a mut Child,
}

impl Transport for KillBefore<'_> {
    fn round(&mut self, req: &SyncRequest) -> Result<SyncResponse, TransportError> {
        self.round += 1;
        if self.round == self.kill_at {
            self.server.kill().expect("SIGKILL");
            self.server.wait().expect("reap");
        }
        self.inner.round(req)
    }
}

#[test]
fn server_killed_mid_sync_loses_nothing_sqlite() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("server.db");
    server_killed_mid_sync_loses_nothing(dir.path(), data.to_str().expect("path"));
}

#[test]
fn server_killed_mid_sync_loses_nothing_postgres() {
    let dir = tempfile::tempdir().expect("dir");
    server_killed_mid_sync_loses_nothing(dir.path(), &simpul_pgtest::database());
}

/// The kill and restart on `database` (a SQLite file or PostgreSQL), with
/// the server's key in `dir`.
fn server_killed_mid_sync_loses_nothing(dir: &Path, database: &str) {
    let key = dir.join("server.key");
    let db: &[&str] = &["--database", database, "--key", key.to_str().expect("path")];
    let admin = |args: &[&str]| simpul(&[&["admin"], db, args].concat());
    ok(admin(&["opd", "add", "DINKES", "Dinas Kesehatan"]));
    let code_a = code_from(&ok(admin(&["enroll-code", "--opd", "DINKES"])));
    let code_k = code_from(&ok(admin(&["enroll-code", "--diskominfo"])));
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let mut server = start_server_ready(db, port);

    let a_db = dir.join("a.db");
    let a = a_db.to_str().expect("path");
    dinkes_device(a, "PC Aset", "800");
    ok(simpul(&[
        "--db", a, "enroll", "--server", &addr, "--code", &code_a,
    ]));

    // Round 1 reaches the server; it is killed before round 2.
    let mut replica = Replica::open(&a_db).expect("open");
    let link = replica.server().expect("link").expect("enrolled");
    let mut t = KillBefore {
        inner: HttpHub::new(
            &addr,
            &link.token,
            &ClientConfig::with_idle(Duration::from_secs(30)),
        )
        .expect("client"),
        round: 0,
        kill_at: 2,
        server: &mut server,
    };
    match replica.sync_with("server", &mut t) {
        Err(SyncFailure::Transport(e)) => {
            assert!(e.is_transient(), "a dead server is 'offline': {e}")
        }
        other => panic!("the session must be cut: {other:?}"),
    }
    assert!(
        replica.pending_changes("server").expect("pending") > 0,
        "not acknowledged yet"
    );
    drop(replica);

    // Restarted on the same database, the next session completes.
    let mut server = start_server_ready(db, port);
    let out = ok(simpul(&["--db", a, "sync"]));
    assert!(out.contains("Sinkron"), "{out}");
    let mut replica = Replica::open(&a_db).expect("open");
    assert_eq!(replica.pending_changes("server").expect("pending"), 0);

    // A Diskominfo device sees every asset.
    let k_db = dir.join("k.db");
    let k = k_db.to_str().expect("path");
    ok(simpul(&[
        "--db",
        k,
        "setup",
        "--regency",
        "Kab. Lamandau",
        "--opd-code",
        "KOMINFO",
        "--opd-name",
        "Diskominfo",
        "--device",
        "Pusat Data",
    ]));
    ok(simpul(&[
        "--db", k, "enroll", "--server", &addr, "--code", &code_k,
    ]));
    ok(simpul(&["--db", k, "sync"]));
    let kr = Replica::open(&k_db).expect("open");
    assert!(
        kr.server().expect("link").expect("enrolled").diskominfo,
        "enrolled with the Diskominfo scope"
    );
    assert!(
        !replica
            .server()
            .expect("link")
            .expect("enrolled")
            .diskominfo
    );
    let all = AssetQuery {
        lifecycle: "semua".into(),
        ..Default::default()
    };
    assert_eq!(kr.assets(&all).expect("q").total, 800);

    let devices = ok(admin(&["devices"]));
    assert!(
        devices.contains("PC Aset") && devices.contains("Pusat Data"),
        "{devices}"
    );
    server.kill().expect("stop");
    let _ = server.wait();
}

#[test]
fn sync_without_server_keeps_working_offline() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("r.db");
    let r = db.to_str().expect("path");
    ok(simpul(&[
        "--db",
        r,
        "setup",
        "--regency",
        "Kab",
        "--opd-code",
        "DINKES",
        "--opd-name",
        "Dinkes",
        "--device",
        "PC",
    ]));
    let o = simpul(&["--db", r, "sync"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("belum terdaftar"));
    let o = simpul(&[
        "--db",
        r,
        "enroll",
        "--server",
        "127.0.0.1:1",
        "--code",
        "AAAA-BBBB-CCCC",
    ]);
    assert!(!o.status.success(), "no server: enrollment fails cleanly");
}

/// A database the server cannot write (here an immutable file, as a
/// read-only mount or a full disk would leave it): `simpul serve` refuses
/// to start instead of answering every device 500 while `/health` says ok.
#[test]
fn serve_refuses_a_database_it_cannot_write() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("server.db");
    let data_s = data.to_str().expect("path");
    ok(simpul(&[
        "admin",
        "--data",
        data_s,
        "opd",
        "add",
        "DINKES",
        "Dinas Kesehatan",
    ]));
    let frozen = std::process::Command::new("chattr")
        .args(["+i", data_s])
        .status()
        .is_ok_and(|s| s.success());
    if !frozen {
        eprintln!("chattr +i is not available on this file system; nothing to check");
        return;
    }
    let port = free_port().to_string();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_simpul"))
        .args([
            "serve",
            "--data",
            data_s,
            "--bind",
            &format!("127.0.0.1:{port}"),
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let running = child.try_wait().expect("wait").is_none();
    if running {
        let _ = child.kill();
    }
    let out = child.wait_with_output().expect("output");
    let _ = std::process::Command::new("chattr")
        .args(["-i", data_s])
        .status();
    let t = text(&out);
    assert!(!running && !out.status.success(), "must not start: {t}");
    assert!(!t.contains("mendengarkan"), "{t}");
    assert!(t.contains("server.db"), "names the file: {t}");
}

#[test]
fn admin_audit_names_each_accepted_change_and_admin_verify_finds_a_forged_signature() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("server.db");
    let data_s = data.to_str().expect("path");
    let admin = |args: &[&str]| common::admin(data_s, args);
    ok(admin(&["opd", "add", "DINKES", "Dinas Kesehatan"]));
    let code = code_from(&ok(admin(&["enroll-code", "--opd", "DINKES"])));
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let mut server = start_server_ready(&["--data", data_s], port);

    let a_db = dir.path().join("a.db");
    let a = a_db.to_str().expect("path");
    dinkes_device(a, "PC Aset Lantai 2", "20");
    ok(simpul(&[
        "--db", a, "enroll", "--server", &addr, "--code", &code,
    ]));
    ok(simpul(&["--db", a, "sync"]));
    server.kill().expect("stop");
    server.wait().expect("reap");

    // Every change the device wrote is in the trail, by that device, by sync.
    let rows: serde_json::Value =
        serde_json::from_str(&ok(admin(&["audit", "--opd", "DINKES", "--json"]))).expect("json");
    let rows = rows.as_array().expect("rows");
    assert!(!rows.is_empty(), "the demo's changes are in the trail");
    for r in rows {
        assert_eq!(r["author_name"], "PC Aset Lantai 2", "{r}");
        assert_eq!(r["via"], "sync", "{r}");
        assert!(
            r["doc"].as_str().is_some_and(|d| d.contains("DINKES")),
            "{r}"
        );
    }
    assert!(rows.iter().any(|r| r["action"] == "demo"), "{rows:?}");
    let none = ok(admin(&["audit", "--opd", "DISDIK"]));
    assert!(none.contains("Tidak ada perubahan"), "{none}");
    // The day the first of them arrived (not "today": a run may cross midnight).
    let today: String = rows
        .iter()
        .filter_map(|r| r["received_at"].as_str())
        .min()
        .expect("a time")
        .chars()
        .take(10)
        .collect();
    let since: serde_json::Value =
        serde_json::from_str(&ok(admin(&["audit", "--since", &today, "--json"]))).expect("json");
    assert_eq!(
        since.as_array().map(Vec::len),
        Some(rows.len()),
        "all of today's"
    );
    let later = ok(admin(&["audit", "--since", "2999-01-01"]));
    assert!(later.contains("Tidak ada perubahan"), "{later}");
    let bad = admin(&["audit", "--since", "kemarin"]);
    assert!(
        !bad.status.success() && text(&bad).contains("YYYY-MM-DD"),
        "{}",
        text(&bad)
    );

    let out = ok(admin(&["verify"]));
    assert!(out.contains("Semua tanda tangan sah"), "{out}");
    // The key registered at enrollment is the device's, as both sides show it.
    let key = Replica::open(&a_db)
        .expect("replica")
        .public_key()
        .expect("key")
        .expect("a key");
    let listed = ok(admin(&["devices"]));
    assert!(
        listed.contains(&format!(
            "kunci {}",
            simpul_sync::signature::fingerprint(&key)
        )),
        "{listed}"
    );

    // A signature altered in the server's database.
    rusqlite::Connection::open(&data)
        .expect("db")
        .execute(
            "UPDATE change_signature SET sig = zeroblob(64) WHERE hash = (SELECT min(hash) FROM change_signature)",
            [],
        )
        .expect("forge");
    let o = admin(&["verify"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("Tanda tangan tidak sah: 1"),
        "{}",
        text(&o)
    );
}

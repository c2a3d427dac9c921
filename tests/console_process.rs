//! `simpul serve --console` as the data center runs it: an OPD device
//! enrolled over the network; the first admin added on the command line,
//! which makes the console's Diskominfo replica and enrolls it in the
//! server's database (no network credential kept); then the console over
//! real HTTP: signing in, the regency's assets as the OPD synced them, a
//! later sync of the OPD seen within seconds, and refusals.

mod common;

use common::{
    admin, code_from, free_port, ok, setup_replica, simpul, simpul_with_input, start_serve, text,
};
use serde_json::{json, Value};

const ADMIN_NIP: &str = "198001012005011001";
const PASSWORD: &str = "gerbang data 2026";

/// `simpul admin user add` (with `extra` arguments), the password typed
/// twice on stdin.
fn add_admin(data: &str, console: &str, extra: &[&str]) -> std::process::Output {
    simpul_with_input(
        &[
            &[
                "admin",
                "--data",
                data,
                "user",
                "add",
                "--console",
                console,
                "--admin",
                "--name",
                "Budi Santoso",
                "--nip",
                ADMIN_NIP,
            ],
            extra,
        ]
        .concat(),
        &format!("{PASSWORD}\n{PASSWORD}\n"),
    )
}

/// Calls an operation of the console as the signed-in person.
fn call(http: &ureq::Agent, base: &str, session: &(String, String), op: &str) -> (u16, Value) {
    let mut answer = http
        .post(&format!("{base}/api/v1/app/{op}"))
        .header("cookie", &session.0)
        .header("x-csrf-token", &session.1)
        .send_json(json!({}))
        .expect("request");
    (
        answer.status().as_u16(),
        answer.body_mut().read_json().expect("json"),
    )
}

/// The console's asset count once it is `want`, polled for up to `secs`.
fn total_within(
    http: &ureq::Agent,
    base: &str,
    session: &(String, String),
    want: u64,
    secs: u64,
) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        let (status, stats) = call(http, base, session, "stats");
        assert_eq!(status, 200, "{stats}");
        if stats["total"] == want || std::time::Instant::now() > deadline {
            return stats;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

#[test]
fn staff_sign_in_to_the_console_and_read_what_the_opds_synced() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("server.db");
    let data_s = data.to_str().expect("path");
    let admin = |args: &[&str]| admin(data_s, args);
    ok(admin(&["opd", "add", "DINKES", "Dinas Kesehatan"]));
    let code_a = code_from(&ok(admin(&["enroll-code", "--opd", "DINKES"])));
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let mut server = start_serve(&["--data", data_s], port);

    let a_db = dir.path().join("a.db");
    let a = a_db.to_str().expect("path");
    setup_replica(a, "DINKES", "PC Aset");
    ok(simpul(&["--db", a, "demo", "--assets", "12"]));
    ok(simpul(&[
        "--db", a, "enroll", "--server", &addr, "--code", &code_a,
    ]));
    ok(simpul(&["--db", a, "sync"]));

    let _ = server.kill();
    let _ = server.wait();

    let k_db = dir.path().join("konsol.db");
    let k = k_db.to_str().expect("path");
    let refused = simpul(&[
        "serve",
        "--data",
        data_s,
        "--bind",
        "127.0.0.1:0",
        "--console",
        a,
    ]);
    assert!(!refused.status.success(), "an OPD's replica is no console");
    assert!(text(&refused).contains("Diskominfo"), "{}", text(&refused));
    let unnamed = add_admin(data_s, k, &[]);
    assert!(!unnamed.status.success(), "a new console needs its regency");
    assert!(text(&unnamed).contains("--regency"), "{}", text(&unnamed));
    let made = ok(add_admin(data_s, k, &["--regency", "Kab. Lamandau"]));
    assert!(made.contains("disiapkan dan terdaftar"), "{made}");
    assert!(made.contains("Admin"), "{made}");

    // The console's replica holds the hash of a token no one has: it is no
    // credential over the network, and the replica does not sync outside
    // the server.
    let token_hash: String = rusqlite::Connection::open(&k_db)
        .expect("replica")
        .query_row(
            "SELECT value FROM meta WHERE key = 'server_token'",
            [],
            |r| r.get(0),
        )
        .expect("token");
    let outside = simpul(&["--db", k, "sync"]);
    assert!(!outside.status.success(), "{}", text(&outside));
    assert!(
        text(&outside).contains("simpul serve"),
        "{}",
        text(&outside)
    );

    let mut server = start_serve(&["--data", data_s, "--console", k], port);
    let http = agent();
    let base = format!("http://{addr}");
    let mut none = http
        .post(&format!("{base}/api/v1/app/stats"))
        .send_json(json!({}))
        .expect("request");
    assert_eq!(none.status(), 401, "no session, no data");
    let _ = none.body_mut().read_to_string();

    let mut wrong = http
        .post(&format!("{base}/api/v1/console/sign-in"))
        .send_json(json!({ "nip": ADMIN_NIP, "password": "bukan sandinya" }))
        .expect("request");
    assert_eq!(wrong.status(), 401);
    let body: Value = wrong.body_mut().read_json().expect("json");
    assert_eq!(body["message"], "NIP atau kata sandi salah.");

    let mut signed = http
        .post(&format!("{base}/api/v1/console/sign-in"))
        .send_json(json!({ "nip": ADMIN_NIP, "password": PASSWORD }))
        .expect("request");
    assert_eq!(signed.status(), 200);
    let csp = signed.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .to_owned();
    assert!(csp.contains("frame-ancestors 'none'"));
    let cookie = signed.headers()["set-cookie"]
        .to_str()
        .expect("cookie")
        .to_owned();
    let cookie = cookie.split(';').next().expect("pair").to_owned();
    let session: Value = signed.body_mut().read_json().expect("json");
    assert_eq!(session["role"], "admin");
    let csrf = session["csrf"].as_str().expect("csrf").to_owned();

    let session = (cookie, csrf);
    let stats = total_within(&http, &base, &session, 12, 60);
    assert_eq!(stats["total"], 12, "the OPD's assets, synced: {stats}");

    let mut as_device = http
        .post(&format!("{base}/api/v1/sync"))
        .header("authorization", &format!("Bearer {token_hash}"))
        .send(&b"bukan putaran"[..])
        .expect("request");
    assert_eq!(as_device.status(), 401, "the stored hash is no token");
    let _ = as_device.body_mut().read_to_string();

    // The OPD syncs again: the console follows within seconds, not at its
    // next timed session (five minutes).
    let kib = dir.path().join("kib.csv");
    std::fs::write(
        &kib,
        "No;Kode Barang;Nama Barang;Tahun Pembelian;Harga;Kondisi\n\
         1;1.3.2.10.01.02.002;Laptop;2024;12.500.000;B\n\
         2;1.3.2.10.01.02.002;Laptop;2024;12.500.000;B\n\
         3;1.3.2.10.02.03.004;Printer;2023;3.000.000;B\n",
    )
    .expect("csv");
    ok(simpul(&["--db", a, "import", kib.to_str().expect("path")]));
    ok(simpul(&["--db", a, "sync"]));
    let stats = total_within(&http, &base, &session, 15, 30);
    assert_eq!(stats["total"], 15, "the OPD's later sync: {stats}");

    // The OPD status page reads the server in process: live, with the OPD.
    let (status, view) = call(&http, &base, &session, "update_status");
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["live"], true, "{view}");
    let opds = view["status"]["opds"].as_array().expect("opds");
    assert!(opds.iter().any(|o| o["code"] == "DINKES"), "{view}");
    let (cookie, csrf) = session;

    let mut foreign = http
        .post(&format!("{base}/api/v1/app/stats"))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .header("origin", "http://evil.example")
        .send_json(json!({}))
        .expect("request");
    assert_eq!(foreign.status(), 403);
    let _ = foreign.body_mut().read_to_string();
    let _ = server.kill();
    let _ = server.wait();
}

//! `simpul serve --console` as the data center runs it: an OPD device and
//! the console's Diskominfo replica enrolled with the server, the first
//! admin added on the command line, then the console over real HTTP:
//! signing in, the regency's assets as the OPD synced them, and refusals.

mod common;

use common::{
    admin, code_from, free_port, ok, setup_replica, simpul, simpul_with_input, start_serve, text,
};
use serde_json::{json, Value};

const ADMIN_NIP: &str = "198001012005011001";
const PASSWORD: &str = "gerbang data 2026";

/// `simpul admin user add`, the password typed twice on stdin.
fn add_admin(console: &str) -> String {
    ok(simpul_with_input(
        &[
            "admin",
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
        &format!("{PASSWORD}\n{PASSWORD}\n"),
    ))
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
    let code_k = code_from(&ok(admin(&["enroll-code", "--diskominfo"])));
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

    let k_db = dir.path().join("konsol.db");
    let k = k_db.to_str().expect("path");
    setup_replica(k, "DISKOMINFO", "Konsol pusat data");
    ok(simpul(&[
        "--db", k, "enroll", "--server", &addr, "--code", &code_k,
    ]));
    ok(simpul(&["--db", k, "sync"]));
    let _ = server.kill();
    let _ = server.wait();

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
    assert!(add_admin(k).contains("Admin"));

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

    let mut stats = http
        .post(&format!("{base}/api/v1/app/stats"))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .send_json(json!({}))
        .expect("request");
    assert_eq!(stats.status(), 200);
    let stats: Value = stats.body_mut().read_json().expect("json");
    assert_eq!(stats["total"], 12, "the OPD's assets, synced: {stats}");

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

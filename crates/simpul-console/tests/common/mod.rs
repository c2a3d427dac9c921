//! The console's router over a real Diskominfo replica with three staff
//! accounts, and a browser's requests to it.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use simpul_console::{router, Console};
use simpul_core::staff::{StaffInput, StaffRole};
use simpul_service::{Headless, Service};
use simpul_store::{ProfileInput, ServerLink};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use tower::ServiceExt;

pub const ADMIN: &str = "198001012005011001";
pub const OPERATOR: &str = "198706152010011002";
pub const VIEWER: &str = "199202022019022002";
pub const PASSWORD: &str = "gerbang data 2026";

pub struct Setup {
    pub dir: tempfile::TempDir,
    pub app: axum::Router,
    pub service: Service,
    pub clock: Arc<AtomicI64>,
}

pub fn setup() -> Setup {
    let dir = tempfile::tempdir().expect("dir");
    let service = Service::open(&dir.path().join("konsol.db"), Headless).expect("open");
    service
        .profile_save(&ProfileInput {
            regency: "Kabupaten Contoh".into(),
            opd_code: "DISKOMINFO".into(),
            opd_name: "Dinas Komunikasi dan Informatika".into(),
            device_name: "Konsol pusat data".into(),
            language: "id".into(),
        })
        .expect("profile");
    service
        .replica()
        .expect("replica")
        .set_server(&ServerLink {
            address: "pusat".into(),
            device_id: "konsol".into(),
            diskominfo: true,
            token: "t".into(),
            ca_pem: None,
        })
        .expect("link");
    for (name, nip, role) in [
        ("Budi Santoso", ADMIN, StaffRole::Admin),
        ("Dewi Lestari", OPERATOR, StaffRole::Operator),
        ("Rina Wulandari", VIEWER, StaffRole::Viewer),
    ] {
        service
            .staff_add(&StaffInput {
                name: name.into(),
                nip: nip.into(),
                role,
                password: PASSWORD.into(),
                password_again: PASSWORD.into(),
            })
            .expect("account");
    }
    let clock = Arc::new(AtomicI64::new(1_800_000_000_000));
    let c = clock.clone();
    let hub = simpul_server::SqliteHubStore::open(&dir.path().join("server.db")).expect("hub");
    let state = simpul_server::ServerState::load(Box::new(hub)).expect("server");
    let console = Console::with_clock(service.clone(), move || c.load(Ordering::SeqCst))
        .with_data_center(state);
    Setup {
        dir,
        app: router(console),
        service,
        clock,
    }
}

/// A signed-in browser: its cookie and CSRF token.
pub struct Browser {
    pub cookie: String,
    pub csrf: String,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
}

pub async fn send(app: &axum::Router, req: Request<Body>) -> Answer {
    let res = app.clone().oneshot(req).await.expect("answer");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        body,
    }
}

pub fn post(path: &str) -> axum::http::request::Builder {
    Request::post(path)
        .header(header::HOST, "127.0.0.1:8440")
        .header(header::CONTENT_TYPE, "application/json")
}

pub async fn sign_in(app: &axum::Router, nip: &str, password: &str) -> Result<Browser, Answer> {
    let body = json!({ "nip": nip, "password": password });
    let a = send(
        app,
        post("/api/v1/console/sign-in")
            .body(Body::from(body.to_string()))
            .expect("request"),
    )
    .await;
    if a.status != StatusCode::OK {
        return Err(a);
    }
    let cookie = a.headers[header::SET_COOKIE]
        .to_str()
        .expect("cookie")
        .to_owned();
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("Secure")
            && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    Ok(Browser {
        cookie: cookie.split(';').next().expect("pair").to_owned(),
        csrf: a.body["csrf"].as_str().expect("csrf").to_owned(),
    })
}

pub async fn call(app: &axum::Router, b: Option<&Browser>, op: &str, args: Value) -> Answer {
    let mut req = post(&format!("/api/v1/app/{op}"));
    if let Some(b) = b {
        req = req
            .header(header::COOKIE, &b.cookie)
            .header("x-csrf-token", &b.csrf);
    }
    send(
        app,
        req.body(Body::from(args.to_string())).expect("request"),
    )
    .await
}

//! The console's HTTP API over a real Diskominfo replica, through the
//! whole router: who may call what, CSRF, cross-origin requests, idle
//! expiry and lock-out.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use simpul_core::checks::RecordKind;
use std::sync::atomic::Ordering;
use tower::ServiceExt;

fn room(code: &str) -> Value {
    json!({ "input": { "id": "", "building": "G1", "floor": "L1", "code": code, "name": "Ruang Server", "notes": "" } })
}

#[tokio::test]
async fn each_role_calls_what_it_may_and_writes_name_the_person() {
    let s = setup();
    let none = call(&s.app, None, "rooms", json!({})).await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED, "no session, no data");

    let operator = sign_in(&s.app, OPERATOR, PASSWORD)
        .await
        .ok()
        .expect("operator");
    let saved = call(&s.app, Some(&operator), "room_save", room("R01")).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(
        saved.headers.contains_key("x-simpul-changed"),
        "a write tells the page to refetch"
    );
    let room_id = saved.body["id"].as_str().expect("id").to_owned();
    let history = s
        .service
        .record_history(RecordKind::Room, &room_id)
        .expect("history");
    let by = history[0].person.as_ref().expect("a person");
    assert_eq!(
        (by.nip.as_str(), by.name.as_str()),
        (OPERATOR, "Dewi Lestari")
    );
    let refused = call(
        &s.app,
        Some(&operator),
        "person_remove",
        json!({ "nip": VIEWER }),
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "an operator does not administer"
    );

    let viewer = sign_in(&s.app, VIEWER, PASSWORD)
        .await
        .ok()
        .expect("viewer");
    let rooms = call(&s.app, Some(&viewer), "rooms", json!({})).await;
    assert_eq!(rooms.status, StatusCode::OK);
    assert_eq!(rooms.body.as_array().map(Vec::len), Some(1));
    let page = call(
        &s.app,
        Some(&viewer),
        "assets_page",
        json!({ "query": { "offset": 0, "limit": 50 } }),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let write = call(&s.app, Some(&viewer), "room_save", room("R02")).await;
    assert_eq!(write.status, StatusCode::FORBIDDEN, "a viewer cannot write");
    assert_eq!(
        s.service.rooms().expect("rooms").len(),
        1,
        "nothing written"
    );

    let admin = sign_in(&s.app, ADMIN, PASSWORD).await.ok().expect("admin");
    let unknown = call(
        &s.app,
        Some(&admin),
        "kib_import",
        json!({ "path": "/etc/passwd" }),
    )
    .await;
    assert_eq!(
        unknown.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a file operation reads only what this session uploaded, never a path of the server"
    );
    assert!(
        unknown.body["message"]
            .as_str()
            .is_some_and(|m| m.contains("diunggah")),
        "{}",
        unknown.body
    );
    let bad = call(
        &s.app,
        Some(&admin),
        "room_save",
        json!({ "input": { "code": 5 } }),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.body["code"], "validation");
}

#[tokio::test]
async fn writes_need_the_csrf_token_and_cross_origin_requests_are_refused() {
    let s = setup();
    let b = sign_in(&s.app, OPERATOR, PASSWORD)
        .await
        .ok()
        .expect("operator");
    let no_token = send(
        &s.app,
        post("/api/v1/app/room_save")
            .header(header::COOKIE, &b.cookie)
            .body(Body::from(room("R01").to_string()))
            .expect("request"),
    )
    .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    let forged = Browser {
        cookie: b.cookie.clone(),
        csrf: "0".repeat(64),
    };
    assert_eq!(
        call(&s.app, Some(&forged), "room_save", room("R01"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let foreign = send(
        &s.app,
        post("/api/v1/app/room_save")
            .header(header::COOKIE, &b.cookie)
            .header("x-csrf-token", &b.csrf)
            .header(header::ORIGIN, "https://evil.example")
            .body(Body::from(room("R01").to_string()))
            .expect("request"),
    )
    .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let csp = foreign.headers["content-security-policy"]
        .to_str()
        .expect("csp");
    assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(foreign.headers["x-content-type-options"], "nosniff");
    assert!(
        s.service.rooms().expect("rooms").is_empty(),
        "nothing written"
    );
}

#[tokio::test]
async fn an_idle_session_ends_and_signing_out_ends_it_at_once() {
    let s = setup();
    let b = sign_in(&s.app, ADMIN, PASSWORD).await.ok().expect("admin");
    s.clock.fetch_add(29 * 60_000, Ordering::SeqCst);
    assert_eq!(
        call(&s.app, Some(&b), "rooms", json!({})).await.status,
        StatusCode::OK
    );
    s.clock.fetch_add(29 * 60_000, Ordering::SeqCst);
    assert_eq!(
        call(&s.app, Some(&b), "rooms", json!({})).await.status,
        StatusCode::OK,
        "each request resets the idle time"
    );
    s.clock.fetch_add(31 * 60_000, Ordering::SeqCst);
    assert_eq!(
        call(&s.app, Some(&b), "rooms", json!({})).await.status,
        StatusCode::UNAUTHORIZED
    );

    let b = sign_in(&s.app, ADMIN, PASSWORD).await.ok().expect("again");
    let out = send(
        &s.app,
        post("/api/v1/console/sign-out")
            .header(header::COOKIE, &b.cookie)
            .header("x-csrf-token", &b.csrf)
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert_eq!(
        call(&s.app, Some(&b), "rooms", json!({})).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn wrong_passwords_lock_the_account_and_do_not_tell_which_nip_exists() {
    let s = setup();
    let unknown = sign_in(&s.app, "199909092020091009", PASSWORD)
        .await
        .err()
        .expect("refused");
    let wrong = sign_in(&s.app, OPERATOR, "bukan sandinya")
        .await
        .err()
        .expect("refused");
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.body["message"], wrong.body["message"]);
    for _ in 0..4 {
        sign_in(&s.app, OPERATOR, "bukan sandinya")
            .await
            .err()
            .expect("refused");
    }
    let locked = sign_in(&s.app, OPERATOR, PASSWORD)
        .await
        .err()
        .expect("locked");
    assert!(
        locked.body["message"]
            .as_str()
            .is_some_and(|m| m.contains("terkunci")),
        "{}",
        locked.body
    );
    assert!(
        sign_in(&s.app, ADMIN, PASSWORD).await.is_ok(),
        "others still sign in"
    );
}

#[tokio::test]
async fn the_pages_are_served_for_any_path_of_the_ui_with_the_security_headers() {
    let s = setup();
    let res = s
        .app
        .clone()
        .oneshot(
            Request::get("/stocktake/abc")
                .header(header::HOST, "127.0.0.1:8440")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("answer");
    assert!(res.headers().contains_key("content-security-policy"));
    if simpul_console::pages_built() {
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-cache");
        let html = res.into_body().collect().await.expect("body").to_bytes();
        let html = String::from_utf8_lossy(&html);
        assert!(html.contains("<div id=\"root\">"), "{html}");
        assert!(
            !html.contains("<script>"),
            "no inline script: the CSP allows none"
        );
    } else {
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    }
    let api = send(
        &s.app,
        Request::get("/api/v1/app/stats")
            .header(header::HOST, "127.0.0.1:8440")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_ne!(api.status, StatusCode::OK, "the API is never a page");
}

async fn admin_call(app: &axum::Router, b: &Browser, what: &str, body: Value) -> Answer {
    send(
        app,
        post(&format!("/api/v1/console/admin/{what}"))
            .header(header::COOKIE, &b.cookie)
            .header("x-csrf-token", &b.csrf)
            .body(Body::from(body.to_string()))
            .expect("request"),
    )
    .await
}

#[tokio::test]
async fn only_an_admin_manages_opds_codes_and_devices() {
    let s = setup();
    let operator = sign_in(&s.app, OPERATOR, PASSWORD)
        .await
        .ok()
        .expect("operator");
    for (what, body) in [
        ("overview", json!({})),
        ("opd", json!({ "code": "BAPPEDA", "name": "Bappeda" })),
        ("enroll-code", json!({ "opd": null, "hours": 24 })),
        ("revoke", json!({ "id": "x" })),
        (
            "staff-add",
            json!({ "name": "Andi", "nip": "199303032020031003", "role": "admin", "password": "naik pangkat 12", "password_again": "naik pangkat 12" }),
        ),
    ] {
        let a = admin_call(&s.app, &operator, what, body).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "operator: {what}");
    }

    let admin = sign_in(&s.app, ADMIN, PASSWORD).await.ok().expect("admin");
    let saved = admin_call(
        &s.app,
        &admin,
        "opd",
        json!({ "code": "bappeda", "name": "Bappeda" }),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let bad = admin_call(&s.app, &admin, "opd", json!({ "code": "?", "name": "" })).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let code = admin_call(
        &s.app,
        &admin,
        "enroll-code",
        json!({ "opd": "BAPPEDA", "hours": 24 }),
    )
    .await;
    assert_eq!(code.status, StatusCode::OK, "{}", code.body);
    assert!(code.body["qr_svg"]
        .as_str()
        .is_some_and(|q| q.starts_with("<svg")));
    let too_long = admin_call(
        &s.app,
        &admin,
        "enroll-code",
        json!({ "opd": null, "hours": 10_000 }),
    )
    .await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = admin_call(
        &s.app,
        &admin,
        "enroll-code",
        json!({ "opd": "DINSOS", "hours": 24 }),
    )
    .await;
    assert_eq!(
        unknown.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an OPD on no list"
    );
    let overview = admin_call(&s.app, &admin, "overview", json!({})).await;
    assert_eq!(overview.status, StatusCode::OK);
    assert_eq!(
        overview.body["opds"],
        json!([{ "code": "BAPPEDA", "name": "Bappeda", "on_server": true, "in_regency": true }]),
        "one OPD, on both lists"
    );
    let history = s.service.regency().expect("regency");
    assert_eq!(history.opds.len(), 1);

    // The Registrasi page's own OPD form writes both lists as well.
    let by_op = call(
        &s.app,
        Some(&admin),
        "regency_opd_save",
        json!({ "input": { "code": "DINSOS", "name": "Dinas Sosial" } }),
    )
    .await;
    assert_eq!(by_op.status, StatusCode::OK, "{}", by_op.body);
    assert!(by_op.headers.contains_key("x-simpul-changed"));
    let overview = admin_call(&s.app, &admin, "overview", json!({})).await;
    assert_eq!(
        overview.body["opds"][1],
        json!({ "code": "DINSOS", "name": "Dinas Sosial", "on_server": true, "in_regency": true }),
        "{}",
        overview.body
    );
    let by_operator = call(
        &s.app,
        Some(&operator),
        "regency_opd_save",
        json!({ "input": { "code": "DPMPTSP", "name": "DPMPTSP" } }),
    )
    .await;
    assert_eq!(by_operator.status, StatusCode::FORBIDDEN);
    let none = admin_call(&s.app, &admin, "revoke", json!({ "id": "tidak-ada" })).await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
    let weak = admin_call(
        &s.app,
        &admin,
        "staff-add",
        json!({ "name": "Andi Saputra", "nip": "199303032020031003", "role": "operator", "password": "pendek", "password_again": "pendek" }),
    )
    .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(weak.body["fields"][0]["field"], "password");
    let added = admin_call(
        &s.app,
        &admin,
        "staff-add",
        json!({ "name": "Andi Saputra", "nip": "199303032020031003", "role": "operator", "password": "jaringan desa 7", "password_again": "jaringan desa 7" }),
    )
    .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    assert!(sign_in(&s.app, "199303032020031003", "jaringan desa 7")
        .await
        .is_ok());
    let nobody = admin_call(
        &s.app,
        &admin,
        "bundle-export",
        json!({ "device": "tidak-ada" }),
    )
    .await;
    assert_ne!(
        nobody.status,
        StatusCode::OK,
        "no bundle for an unknown device"
    );
    let garbage = send(
        &s.app,
        post("/api/v1/console/admin/bundle-import")
            .header(header::COOKIE, &admin.cookie)
            .header("x-csrf-token", &admin.csrf)
            .body(Body::from(vec![7u8; 4096]))
            .expect("request"),
    )
    .await;
    assert_eq!(
        garbage.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        garbage.body
    );
}

//! Files in the browser: a KIB B uploaded, previewed and imported as the
//! signed-in person; a report written on the server and downloaded once
//! by the session that asked; another session, another role or a path of
//! the server refused.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

/// A SIMDA BMD KIB B as an OPD keeps it: a title block, semicolons, prices
/// with thousands dots, a row that is not ICT.
const KIB: &str = "KARTU INVENTARIS BARANG (KIB) B\n\
    SKPD : Dinas Komunikasi dan Informatika\n\
    \n\
    No;Kode Barang;Nama Barang;Nomor Register;Tahun Pembelian;Harga;Kondisi\n\
    1;1.3.2.10.01.02.002;Laptop;000001;2024;12.500.000;B\n\
    2;1.3.2.10.02.03.004;Printer;000001;2023;3.000.000;KB\n\
    3;1.3.2.05.01.04.001;Lemari Arsip;000001;2019;1.500.000;B\n";

async fn upload(s: &Setup, b: Option<&Browser>, name: &str, bytes: &[u8]) -> Answer {
    let mut req = post(&format!(
        "/api/v1/console/upload?name={}",
        name.replace(' ', "%20")
    ))
    .header(header::CONTENT_TYPE, "application/octet-stream");
    if let Some(b) = b {
        req = req
            .header(header::COOKIE, &b.cookie)
            .header("x-csrf-token", &b.csrf);
    }
    send(
        &s.app,
        req.body(Body::from(bytes.to_vec())).expect("request"),
    )
    .await
}

/// `GET` a download as `b`: the status, headers and raw bytes.
async fn fetch(s: &Setup, b: &Browser, url: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let res = s
        .app
        .clone()
        .oneshot(
            Request::get(url)
                .header(header::HOST, "127.0.0.1:8440")
                .header(header::COOKIE, &b.cookie)
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("answer");
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (status, headers, bytes.to_vec())
}

#[tokio::test]
async fn a_kib_b_uploaded_in_the_browser_is_previewed_then_imported_as_the_person() {
    let s = setup();
    let operator = sign_in(&s.app, OPERATOR, PASSWORD).await.ok().expect("op");
    let viewer = sign_in(&s.app, VIEWER, PASSWORD)
        .await
        .ok()
        .expect("viewer");

    assert_eq!(
        upload(&s, None, "kib.csv", KIB.as_bytes()).await.status,
        StatusCode::UNAUTHORIZED,
        "no session, no upload"
    );
    let forged = Browser {
        cookie: operator.cookie.clone(),
        csrf: "palsu".into(),
    };
    assert_eq!(
        upload(&s, Some(&forged), "kib.csv", KIB.as_bytes())
            .await
            .status,
        StatusCode::FORBIDDEN,
        "an upload needs the CSRF token"
    );
    let up = upload(
        &s,
        Some(&operator),
        "../../KIB B Diskominfo.csv",
        KIB.as_bytes(),
    )
    .await;
    assert_eq!(up.status, StatusCode::OK, "{}", up.body);
    let path = up.body["path"].as_str().expect("path").to_owned();
    assert!(path.starts_with("upload:"), "{path}");
    assert!(
        path.ends_with("/KIB B Diskominfo.csv"),
        "the name shown keeps no folder of the browser's: {path}"
    );

    let theirs = call(
        &s.app,
        Some(&viewer),
        "kib_preview",
        json!({ "path": path }),
    )
    .await;
    assert_eq!(
        theirs.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "another session cannot read this upload"
    );

    let preview = call(
        &s.app,
        Some(&operator),
        "kib_preview",
        json!({ "path": path }),
    )
    .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert_eq!(preview.body["added"], 2, "{}", preview.body);
    assert_eq!(preview.body["skipped"], 1, "the cabinet is not ICT");
    assert_eq!(preview.body["stored"], false);
    let none = call(&s.app, Some(&operator), "stats", json!({})).await;
    assert_eq!(none.body["total"], 0, "a preview stores nothing");

    let own = upload(&s, Some(&viewer), "kib.csv", KIB.as_bytes()).await;
    let own = own.body["path"].as_str().expect("path").to_owned();
    let read = call(&s.app, Some(&viewer), "kib_preview", json!({ "path": own })).await;
    assert_eq!(read.status, StatusCode::OK, "a viewer may preview");
    let refused = call(&s.app, Some(&viewer), "kib_import", json!({ "path": own })).await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "a viewer may not import"
    );

    let imported = call(
        &s.app,
        Some(&operator),
        "kib_import",
        json!({ "path": path }),
    )
    .await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.body);
    assert_eq!(imported.body["stored"], true);
    assert!(imported.headers.contains_key("x-simpul-changed"));
    let stats = call(&s.app, Some(&operator), "stats", json!({})).await;
    assert_eq!(stats.body["total"], 2, "{}", stats.body);
    let again = call(
        &s.app,
        Some(&operator),
        "kib_preview",
        json!({ "path": path }),
    )
    .await;
    assert_eq!(again.body["added"], 0, "the same file again adds nothing");
    assert_eq!(again.body["unchanged"], 2, "{}", again.body);
}

#[tokio::test]
async fn a_report_written_in_the_browser_is_downloaded_once_by_its_session() {
    let s = setup();
    let viewer = sign_in(&s.app, VIEWER, PASSWORD)
        .await
        .ok()
        .expect("viewer");
    let admin = sign_in(&s.app, ADMIN, PASSWORD).await.ok().expect("admin");
    let input = json!({
        "period": "2026",
        "opd": "",
        "signer": { "title": "Kepala Dinas", "name": "Budi Santoso", "nip": ADMIN, "place": "Nanga Bulik" }
    });

    let server_path = call(
        &s.app,
        Some(&viewer),
        "report_save",
        json!({ "path": "/tmp/laporan.pdf", "input": input }),
    )
    .await;
    assert_eq!(
        server_path.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a document is written only to the console's own folder"
    );

    let written = call(
        &s.app,
        Some(&viewer),
        "report_save",
        json!({ "path": "download:../Laporan TIK 2026.pdf", "input": input, "onProgress": "__CHANNEL__:1" }),
    )
    .await;
    assert_eq!(written.status, StatusCode::OK, "{}", written.body);
    assert_eq!(
        written.body["path"], "Laporan TIK 2026.pdf",
        "the answer names the file, not the server's folder"
    );
    let url = written.headers["x-simpul-download"]
        .to_str()
        .expect("url")
        .to_owned();
    assert!(url.starts_with("/api/v1/console/download/"), "{url}");
    assert!(
        !written.headers.contains_key("x-simpul-changed"),
        "a report changes nothing"
    );

    let (status, _, _) = fetch(&s, &admin, &url).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "another session cannot take it"
    );
    let (status, headers, pdf) = fetch(&s, &viewer, &url).await;
    assert_eq!(status, StatusCode::OK);
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
    assert!(headers[header::CONTENT_DISPOSITION]
        .to_str()
        .expect("disposition")
        .contains("attachment; filename=\"Laporan TIK 2026.pdf\""));
    let (status, _, _) = fetch(&s, &viewer, &url).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "handed over once");

    let export = call(
        &s.app,
        Some(&viewer),
        "kib_export",
        json!({ "path": "download:kib.xlsx", "units": [] }),
    )
    .await;
    assert_eq!(
        export.status,
        StatusCode::FORBIDDEN,
        "exporting KIB B remembers its kode lokasi: a write"
    );
}

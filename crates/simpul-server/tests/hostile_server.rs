//! A device against a broken or hostile server: an answer the client
//! cannot trust is an error the status pill can show, never a panic that
//! leaves it on "syncing".

use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use simpul_sync::api::{code, header, path, ErrorBody, RoundStatus};
use simpul_sync::http::HttpHub;
use simpul_sync::{ClientConfig, SyncRequest, Transport, TransportError, PROTOCOL_VERSION};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A server that takes no upload ("offset conflict") and then reports,
/// for the round, `received` and `length` computed from the real length.
fn lying_server(
    rt: &tokio::runtime::Runtime,
    lie: fn(usize) -> (usize, usize),
) -> std::net::SocketAddr {
    let announced = Arc::new(AtomicUsize::new(0));
    let seen = announced.clone();
    let app = Router::new()
        .route(
            path::SYNC,
            post(move |headers: HeaderMap| async move {
                let len = headers
                    .get(header::LENGTH)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                seen.store(len, Ordering::SeqCst);
                (
                    StatusCode::CONFLICT,
                    Json(ErrorBody {
                        code: code::ROUND_OFFSET.into(),
                        message: "lanjutkan".into(),
                    }),
                )
            }),
        )
        .route(
            path::ROUND,
            get(move || async move {
                let (received, length) = lie(announced.load(Ordering::SeqCst));
                Json(RoundStatus {
                    received,
                    length,
                    processing: false,
                    response_length: None,
                })
            }),
        );
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    rt.spawn(async move { axum::serve(listener, app).await });
    addr
}

fn round_against(lie: fn(usize) -> (usize, usize)) -> TransportError {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let addr = lying_server(&rt, lie);
    let mut hub = HttpHub::new(&addr.to_string(), "token", &ClientConfig::default()).expect("hub");
    hub.retry_pause = Duration::from_millis(5);
    let req = SyncRequest {
        protocol: PROTOCOL_VERSION,
        new_session: true,
        known: vec![],
        messages: vec![],
        device_key: None,
        late_signatures: vec![],
        certificates: vec![],
    };
    hub.round(&req).expect_err("a lying server")
}

#[test]
fn a_resume_offset_past_the_request_is_an_error_not_a_panic() {
    let e = round_against(|len| (len + 100, len));
    assert!(matches!(e, TransportError::Corrupt(_)), "{e:?}");
    assert!(e.to_string().contains("server melaporkan"), "{e}");
}

#[test]
fn a_round_of_another_length_is_an_error_not_a_panic() {
    let e = round_against(|_| (1 << 30, 1 << 30));
    assert!(matches!(e, TransportError::Corrupt(_)), "{e:?}");
}

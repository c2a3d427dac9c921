//! HTTP routes: `/health`, `POST /api/v1/enroll`, `POST /api/v1/sync`
//! (resumable, see [`crate::rounds`]), `GET /api/v1/round/{id}` and
//! `GET /api/v1/round/{id}/response?from=N`, `POST /api/v1/bundle`,
//! `GET /api/v1/status` (every OPD's update status, Diskominfo devices only).

use crate::body;
use crate::credentials;
use crate::error::ServerError;
use crate::rounds::Begin;
use crate::state::ServerState;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use http_body_util::BodyExt;
use simpul_sync::api::RoundStatus;
use simpul_sync::api::{
    self, path, BundleUploaded, EnrollRequest, Enrollment, Health, ResponseFrom,
};
use simpul_sync::{Scope, SyncRequest};

pub fn router(state: ServerState) -> Router {
    Router::new()
        .route(path::HEALTH, get(health))
        .route(path::ENROLL, post(enroll))
        .route(path::SYNC, post(sync))
        .route(path::ROUND, get(round_status))
        .route(path::ROUND_RESPONSE, get(round_response))
        .route(path::BUNDLE, post(bundle))
        .route(path::STATUS, get(update_status))
        .layer(DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn(traced))
        .with_state(state)
}

/// Every request runs in a span naming it; the sync routes add the device
/// and the round, so each log line of a round (a refusal, a cut, a
/// storage failure) says whose round it was.
async fn traced(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    use tracing::Instrument;
    let span = tracing::info_span!(
        "request",
        method = %req.method(),
        path = %req.uri().path(),
        device = tracing::field::Empty,
        round = tracing::field::Empty,
    );
    let start = std::time::Instant::now();
    let resp = next.run(req).instrument(span.clone()).await;
    span.in_scope(|| {
        tracing::debug!(
            status = resp.status().as_u16(),
            ms = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX),
            "answered"
        );
    });
    resp
}

/// Names the device (and round) in the request's span.
fn record(device: &str, round: Option<&str>) -> tracing::Span {
    let span = tracing::Span::current();
    span.record("device", device);
    if let Some(r) = round {
        span.record("round", r);
    }
    span
}

/// `200 ok` only while storage can be written: a supervisor restarts or
/// alerts on anything else.
async fn health(State(state): State<ServerState>) -> Response {
    match blocking(move || state.healthy()).await {
        Ok(data) => Json(Health {
            status: "ok".into(),
            protocol: Some(simpul_sync::PROTOCOL_VERSION),
            message: None,
            data: Some(data),
        })
        .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "storage cannot be written");
            (
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                Json(Health {
                    status: "unhealthy".into(),
                    protocol: None,
                    message: Some("penyimpanan server tidak dapat ditulis".into()),
                    data: None,
                }),
            )
                .into_response()
        }
    }
}

/// Every OPD's update status, for a Diskominfo device's status page.
async fn update_status(
    State(state): State<ServerState>,
    headers: HeaderMap,
) -> Result<Response, ServerError> {
    let token_hash = bearer(&headers)?;
    let status = blocking(move || {
        let device = state.authorize(&token_hash)?;
        if device.scope != Scope::Diskominfo {
            return Err(ServerError::Refused(simpul_sync::Refusal::OutOfScope(
                "status pembaruan OPD".into(),
            )));
        }
        state.update_status(chrono::Utc::now())
    })
    .await?;
    Ok(Json(status).into_response())
}

async fn enroll(
    State(state): State<ServerState>,
    Json(req): Json<EnrollRequest>,
) -> Result<Json<Enrollment>, ServerError> {
    blocking(move || {
        let server_key = state.server_public_key();
        let (device, token) = state.enroll(
            &req.code,
            &req.device_name,
            &req.actor,
            req.public_key.as_deref(),
        )?;
        tracing::info!(device = %device.id, name = %req.device_name, "device enrolled");
        let opd = match device.scope {
            Scope::Opd(o) => Some(o),
            Scope::Diskominfo => None,
        };
        Ok(Json(Enrollment {
            device_id: device.id,
            token,
            opd,
            server_key,
        }))
    })
    .await
}

fn bearer(headers: &HeaderMap) -> Result<String, ServerError> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(credentials::hash)
        .ok_or(ServerError::Unauthorized)
}

fn header_usize(headers: &HeaderMap, name: &str) -> Result<usize, ServerError> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| ServerError::BadRequest(format!("kepala {name} tidak ada atau tidak sah")))
}

fn round_id(id: &str) -> Result<&str, ServerError> {
    let ok =
        (8..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    ok.then_some(id)
        .ok_or_else(|| ServerError::BadRequest("id putaran tidak sah".into()))
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ServerError> + Send + 'static,
) -> Result<T, ServerError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ServerError::Automerge(format!("tugas server gagal: {e}")))?
}

fn compressed(bytes: Bytes) -> Response {
    let len = bytes.len().to_string();
    (
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (header::HeaderName::from_static(api::header::LENGTH), len),
        ],
        bytes,
    )
        .into_response()
}

/// A place among the rounds inflated and processed at once.
async fn work_permit(
    state: &ServerState,
) -> Result<tokio::sync::OwnedSemaphorePermit, ServerError> {
    state
        .work
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| ServerError::Overloaded("server berhenti".into()))
}

/// One round: the body is kept as it arrives, so that after a cut the
/// device sends only the rest; once complete it is processed exactly once.
async fn sync(
    State(state): State<ServerState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ServerError> {
    let token_hash = bearer(&headers)?;
    let device = {
        let (state, t) = (state.clone(), token_hash.clone());
        blocking(move || state.authorize(&t)).await?
    };
    let id = round_id(
        headers
            .get(api::header::ROUND)
            .and_then(|v| v.to_str().ok())
            .unwrap_or(""),
    )?
    .to_owned();
    let span = record(&device.id, Some(&id));
    let length = header_usize(&headers, api::header::LENGTH)?;
    let offset = header_usize(&headers, api::header::OFFSET)?;
    let limits = state.limits.clone();
    if length > limits.max_body_bytes {
        return Err(ServerError::TooLarge {
            what: "isi sinkronisasi",
            limit: limits.max_body_bytes as u64,
        });
    }
    let begun = {
        let (st, dev, round) = (state.clone(), device.id.clone(), id.clone());
        blocking(move || st.rounds.begin(&dev, &round, length, offset)).await?
    };
    if let Begin::Answered(resp) = begun {
        return Ok(compressed(resp));
    }
    let receive = async {
        let mut body = body;
        let mut at = offset;
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| {
                tracing::info!(device = %device.id, error = %e, "round upload cut; kept for resumption");
                ServerError::Cut
            })?;
            if let Ok(data) = frame.into_data() {
                let n = data.len();
                let (st, dev, round) = (state.clone(), device.id.clone(), id.clone());
                blocking(move || st.rounds.append(&dev, &round, at, &data)).await?;
                at += n;
            }
        }
        Ok::<(), ServerError>(())
    };
    // A cut by the deadline keeps what arrived: the device resumes from there.
    tokio::time::timeout(limits.body_timeout(), receive)
        .await
        .map_err(|_| ServerError::TooSlow(limits.body_timeout_s))??;
    // At most `parallel_rounds` requests are held inflated at once. The
    // permit is taken before the round is marked as processing, so a
    // device that drops while waiting simply resumes.
    let permit = work_permit(&state).await?;
    let claimed = {
        let (st, dev, round) = (state.clone(), device.id.clone(), id.clone());
        blocking(move || {
            Ok(match st.rounds.complete(&dev, &round)? {
                Some(request) => Ok(request),
                None => Err(st.rounds.status(&dev, &round)?.map_or(0, |s| s.received)),
            })
        })
        .await?
    };
    let request = claimed.map_err(|received| ServerError::RoundOffset { received })?;
    // Inflated, processed and remembered on a blocking thread that runs to
    // the end even when the device's connection drops meanwhile.
    let (st, dev) = (state.clone(), device.id.clone());
    let resp = blocking(move || {
        let _in_round = span.enter();
        let processed = body::inflate(&request, st.limits.max_inflated_bytes)
            .and_then(|raw| {
                // Another version gets "update Simpul", not a decoding error.
                match simpul_sync::protocol_of(&raw) {
                    Some(v) if v != simpul_sync::PROTOCOL_VERSION => {
                        return Err(ServerError::Refused(simpul_sync::Refusal::Protocol {
                            client: v,
                            server: simpul_sync::PROTOCOL_VERSION,
                        }))
                    }
                    _ => {}
                }
                SyncRequest::decode(&raw).map_err(|e| ServerError::BadRequest(e.to_string()))
            })
            .and_then(|req| st.round(&token_hash, &req));
        drop(request);
        drop(permit);
        match processed {
            Ok(resp) => st
                .rounds
                .finish(&dev, &id, Some(body::deflate(&resp.encode())))?
                .ok_or(ServerError::UnknownRound),
            Err(e) => {
                st.rounds.finish(&dev, &id, None)?;
                Err(e)
            }
        }
    })
    .await?;
    Ok(compressed(resp))
}

async fn round_status(
    State(state): State<ServerState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<RoundStatus>, ServerError> {
    let token_hash = bearer(&headers)?;
    let device = blocking({
        let state = state.clone();
        move || state.authorize(&token_hash)
    })
    .await?;
    let id = round_id(&id)?.to_owned();
    blocking(move || state.rounds.status(&device.id, &id))
        .await?
        .map(Json)
        .ok_or(ServerError::UnknownRound)
}

async fn round_response(
    State(state): State<ServerState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<ResponseFrom>,
) -> Result<Response, ServerError> {
    let token_hash = bearer(&headers)?;
    let device = blocking({
        let state = state.clone();
        move || state.authorize(&token_hash)
    })
    .await?;
    let id = round_id(&id)?.to_owned();
    let resp = blocking(move || state.rounds.response(&device.id, &id))
        .await?
        .ok_or(ServerError::UnknownRound)?;
    if q.from > resp.len() {
        return Err(ServerError::BadRequest(
            "posisi melewati akhir jawaban".into(),
        ));
    }
    let rest = resp.slice(q.from..);
    Ok(([(header::CONTENT_TYPE, "application/octet-stream")], rest).into_response())
}

/// A device's USB bundle, uploaded at the data center with an upload
/// credential (`simpul admin bundle import --server` makes one); the
/// credential is checked before any of the body is read, the body is read
/// within its size and time limits, and the bundle's own signature then
/// authenticates its device.
async fn bundle(
    State(state): State<ServerState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<BundleUploaded>, ServerError> {
    let token_hash = bearer(&headers).map_err(|_| ServerError::UploadUnauthorized)?;
    blocking({
        let state = state.clone();
        move || state.authorize_upload(&token_hash)
    })
    .await?;
    let limits = state.limits.clone();
    let max = limits.max_bundle_bytes;
    let too_large = ServerError::TooLarge {
        what: "bundel",
        limit: max as u64,
    };
    if header_usize(&headers, header::CONTENT_LENGTH.as_str()).is_ok_and(|n| n > max) {
        return Err(too_large);
    }
    let permit = work_permit(&state).await?;
    let limited = http_body_util::Limited::new(body, max);
    let bytes = tokio::time::timeout(limits.body_timeout(), limited.collect())
        .await
        .map_err(|_| ServerError::TooSlow(limits.body_timeout_s))?
        .map_err(|e| {
            if e.is::<http_body_util::LengthLimitError>() {
                too_large
            } else {
                ServerError::Cut
            }
        })?
        .to_bytes();
    blocking(move || {
        let changed = state.import_bundle(&bytes)?;
        drop(permit);
        Ok(Json(BundleUploaded {
            changed_docs: changed as u64,
        }))
    })
    .await
}

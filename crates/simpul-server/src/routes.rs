//! HTTP routes: `/health`, `POST /api/v1/enroll`, `POST /api/v1/sync`.

use crate::admin::Admin;
use crate::body;
use crate::credentials;
use crate::error::ServerError;
use crate::state::ServerState;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use simpul_sync::{Scope, SyncRequest};

pub fn router(state: ServerState) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/api/v1/enroll", post(enroll))
        .route("/api/v1/sync", post(sync))
        .route("/api/v1/bundle", post(bundle))
        .layer(DefaultBodyLimit::max(body::MAX_COMPRESSED))
        .with_state(state)
}

async fn health() -> impl IntoResponse {
    Json(serde_json::json!({ "status": "ok", "protocol": simpul_sync::PROTOCOL_VERSION }))
}

#[derive(Debug, Deserialize)]
pub struct EnrollRequest {
    pub code: String,
    pub device_name: String,
    pub actor: String,
}

#[derive(Debug, Serialize)]
pub struct EnrollResponse {
    pub device_id: String,
    pub token: String,
    /// The OPD code, or null for a Diskominfo device.
    pub opd: Option<String>,
}

async fn enroll(State(state): State<ServerState>, Json(req): Json<EnrollRequest>) -> Result<Json<EnrollResponse>, ServerError> {
    tokio::task::spawn_blocking(move || {
        let mut inner = state.lock()?;
        let (device, token) = Admin::new(inner.store.as_mut()).enroll(&req.code, &req.device_name, &req.actor)?;
        inner.hub.add_device(device.clone());
        tracing::info!(device = %device.id, name = %req.device_name, "device enrolled");
        let opd = match device.scope {
            Scope::Opd(o) => Some(o),
            Scope::Diskominfo => None,
        };
        Ok(Json(EnrollResponse { device_id: device.id, token, opd }))
    })
    .await
    .map_err(|e| ServerError::Automerge(e.to_string()))?
}

fn bearer(headers: &HeaderMap) -> Result<String, ServerError> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(credentials::hash)
        .ok_or(ServerError::Unauthorized)
}

async fn sync(State(state): State<ServerState>, headers: HeaderMap, body: Bytes) -> Result<impl IntoResponse, ServerError> {
    let token_hash = bearer(&headers)?;
    tokio::task::spawn_blocking(move || {
        let req = SyncRequest::decode(&body::inflate(&body)?).map_err(|e| ServerError::BadRequest(e.to_string()))?;
        let resp = state.round(&token_hash, &req)?;
        Ok(([(header::CONTENT_TYPE, "application/octet-stream")], body::deflate(&resp.encode())))
    })
    .await
    .map_err(|e| ServerError::Automerge(e.to_string()))?
}

/// A device's USB bundle, uploaded at the data center (the bundle's own
/// signature authenticates it).
async fn bundle(State(state): State<ServerState>, body: Bytes) -> Result<Json<serde_json::Value>, ServerError> {
    tokio::task::spawn_blocking(move || {
        let changed = state.import_bundle(&body)?;
        Ok(Json(serde_json::json!({ "changed_docs": changed })))
    })
    .await
    .map_err(|e| ServerError::Automerge(e.to_string()))?
}

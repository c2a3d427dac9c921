//! The HTTP client of the data-center server (`POST /api/v1/sync` with a
//! deflated postcard body, `POST /api/v1/enroll` with JSON).

use crate::transport::{Transport, TransportError};
use crate::wire::{SyncRequest, SyncResponse};
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::time::Duration;

/// What enrollment returns; the token is shown by the server only once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrollment {
    pub device_id: String,
    pub token: String,
    /// The OPD code, or None for a Diskominfo device.
    pub opd: Option<String>,
}

/// A connection to one server.
#[derive(Debug, Clone)]
pub struct HttpHub {
    base: String,
    token: String,
    agent: ureq::Agent,
}

const MAX_RESPONSE: u64 = 128 * 1024 * 1024;

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder().timeout_global(Some(timeout)).http_status_as_error(false).build().into()
}

fn refused(mut resp: ureq::http::Response<ureq::Body>) -> TransportError {
    #[derive(Deserialize)]
    struct Body {
        code: String,
        message: String,
    }
    let status = resp.status();
    match resp.body_mut().read_json::<Body>() {
        Ok(b) => TransportError::Refused { code: b.code, message: b.message },
        Err(_) if status.is_server_error() => TransportError::Offline(format!("server menjawab {status}")),
        Err(_) => TransportError::Refused { code: status.as_u16().to_string(), message: format!("server menolak ({status})") },
    }
}

fn offline(e: ureq::Error) -> TransportError {
    TransportError::Offline(e.to_string())
}

/// Normalizes a typed server address (`10.1.2.3:8440`, `https://sync.example/`).
pub fn base_url(address: &str) -> String {
    let a = address.trim().trim_end_matches('/');
    if a.starts_with("http://") || a.starts_with("https://") {
        a.to_owned()
    } else {
        format!("http://{a}")
    }
}

impl HttpHub {
    pub fn new(address: &str, token: &str, timeout: Duration) -> HttpHub {
        HttpHub { base: base_url(address), token: token.to_owned(), agent: agent(timeout) }
    }

    /// Enrolls this device with a one-time code.
    pub fn enroll(address: &str, code: &str, device_name: &str, actor: &str) -> Result<Enrollment, TransportError> {
        let body = serde_json::json!({ "code": code, "device_name": device_name, "actor": actor });
        let mut resp = agent(Duration::from_secs(60)).post(format!("{}/api/v1/enroll", base_url(address))).send_json(&body).map_err(offline)?;
        if !resp.status().is_success() {
            return Err(refused(resp));
        }
        resp.body_mut().read_json::<Enrollment>().map_err(|e| TransportError::Corrupt(e.to_string()))
    }

    /// Uploads a sealed USB bundle to a running server; returns how many
    /// documents changed (0 when it was imported before).
    pub fn upload_bundle(address: &str, sealed: &[u8]) -> Result<u64, TransportError> {
        let mut resp = agent(Duration::from_secs(600))
            .post(format!("{}/api/v1/bundle", base_url(address)))
            .header("Content-Type", "application/octet-stream")
            .send(sealed)
            .map_err(offline)?;
        if !resp.status().is_success() {
            return Err(refused(resp));
        }
        let v: serde_json::Value = resp.body_mut().read_json().map_err(|e| TransportError::Corrupt(e.to_string()))?;
        Ok(v["changed_docs"].as_u64().unwrap_or(0))
    }

    /// The device token this connection uses.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Whether the server answers at all (a cheap probe).
    pub fn reachable(&self) -> bool {
        self.agent.get(format!("{}/health", self.base)).call().is_ok_and(|r| r.status().is_success())
    }
}

impl Transport for HttpHub {
    fn round(&mut self, req: &SyncRequest) -> Result<SyncResponse, TransportError> {
        let mut enc = DeflateEncoder::new(Vec::new(), Compression::default());
        enc.write_all(&req.encode()).map_err(|e| TransportError::Corrupt(e.to_string()))?;
        let body = enc.finish().map_err(|e| TransportError::Corrupt(e.to_string()))?;
        let mut resp = self
            .agent
            .post(format!("{}/api/v1/sync", self.base))
            .header("Authorization", format!("Bearer {}", self.token))
            .header("Content-Type", "application/octet-stream")
            .send(&body[..])
            .map_err(offline)?;
        if !resp.status().is_success() {
            return Err(refused(resp));
        }
        let bytes = resp.body_mut().with_config().limit(MAX_RESPONSE).read_to_vec().map_err(offline)?;
        let mut raw = Vec::new();
        DeflateDecoder::new(&bytes[..]).take(MAX_RESPONSE).read_to_end(&mut raw).map_err(|e| TransportError::Corrupt(e.to_string()))?;
        SyncResponse::decode(&raw).map_err(|e| TransportError::Corrupt(e.to_string()))
    }
}

//! The HTTP client of the data-center server (`POST /api/v1/sync` with a
//! deflated postcard body, `POST /api/v1/enroll` with JSON).
//!
//! Every round is resumable: it carries an id, and when the link drops
//! mid-upload the client asks the server how many bytes arrived and sends
//! only the rest; when it drops mid-download it fetches the response from
//! the byte where it stopped. It keeps trying while bytes get through and
//! gives up (as offline) after several attempts in a row move nothing.
//!
//! One file on purpose: the resumable round (post, status, fetch) is one
//! state machine over [`crate::api`].

use crate::api::{header, path, BundleUploaded, EnrollRequest, ErrorBody, RoundStatus};
use crate::config::ClientConfig;
use crate::transport::{Transport, TransportError};
use crate::wire::{SyncRequest, SyncResponse};
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use std::io::{Read, Write};
use std::time::Duration;

pub use crate::api::Enrollment;

/// A connection to one server.
#[derive(Debug, Clone)]
pub struct HttpHub {
    base: String,
    token: String,
    agent: ureq::Agent,
    /// HTTP requests made (for the benchmark and tests).
    requests: u64,
    /// Attempts in a row that moved no byte before a round gives up.
    pub patience: u32,
    /// The first pause after a cut; doubled after each fruitless attempt.
    pub retry_pause: Duration,
}

const MAX_RESPONSE: usize = 128 * 1024 * 1024;
/// How often to ask about a round the server is still processing, and
/// for how long (10 minutes).
const POLL_PAUSE: Duration = Duration::from_millis(250);
const MAX_POLLS: u32 = 2_400;

trait Agent {
    fn agent(&self) -> Result<ureq::Agent, TransportError>;
}

impl Agent for ClientConfig {
    fn agent(&self) -> Result<ureq::Agent, TransportError> {
        let mut tls = ureq::tls::TlsConfig::builder();
        if let Some(pem) = &self.ca_pem {
            let certs = ureq::tls::parse_pem(pem)
                .filter_map(|i| match i {
                    Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
                    _ => None,
                })
                .collect::<Vec<_>>();
            if certs.is_empty() {
                return Err(TransportError::Refused {
                    code: "ca".into(),
                    message: "berkas sertifikat CA tidak berisi sertifikat".into(),
                });
            }
            tls = tls.root_certs(ureq::tls::RootCerts::new_with_certs(&certs));
        }
        Ok(ureq::Agent::config_builder()
            .timeout_connect(Some(self.idle.min(Duration::from_secs(30))))
            .timeout_per_read(Some(self.idle))
            .timeout_per_write(Some(self.idle))
            .http_status_as_error(false)
            .tls_config(tls.build())
            .build()
            .into())
    }
}

fn refused(mut resp: ureq::http::Response<ureq::Body>) -> TransportError {
    let status = resp.status();
    match resp.body_mut().read_json::<ErrorBody>() {
        Ok(b) => TransportError::from_answer(status.is_server_error(), b),
        Err(_) if status.is_server_error() => {
            TransportError::Offline(format!("server menjawab {status}"))
        }
        Err(_) => TransportError::Refused {
            code: status.as_u16().to_string(),
            message: format!("server menolak ({status})"),
        },
    }
}

fn offline(e: ureq::Error) -> TransportError {
    TransportError::Offline(e.to_string())
}

/// Whether a request failed before any connection was made (nothing
/// listens, no route, no name): the server is down or out of reach.
fn never_connected(e: &ureq::Error) -> bool {
    use std::io::ErrorKind;
    match e {
        ureq::Error::ConnectionFailed
        | ureq::Error::HostNotFound
        | ureq::Error::ConnectProxyFailed(_)
        | ureq::Error::Timeout(ureq::Timeout::Connect | ureq::Timeout::Resolve) => true,
        ureq::Error::Io(io) => matches!(
            io.kind(),
            ErrorKind::ConnectionRefused
                | ErrorKind::AddrNotAvailable
                | ErrorKind::NetworkUnreachable
                | ErrorKind::HostUnreachable
        ),
        _ => false,
    }
}

/// [`offline`] for a request of a round, noting when the failure came
/// after the connection was made.
fn cut(p: &mut RoundProgress) -> impl FnOnce(ureq::Error) -> TransportError + '_ {
    move |e| {
        if !never_connected(&e) {
            p.reached = true;
        }
        offline(e)
    }
}

fn corrupt(e: impl std::fmt::Display) -> TransportError {
    TransportError::Corrupt(e.to_string())
}

/// Where a round stands on this side.
#[derive(Debug, Default)]
struct RoundProgress {
    /// Bytes of the request the server holds, when known (None: ask).
    sent: Option<usize>,
    /// The most the server was ever known to hold.
    known_sent: usize,
    /// The server no longer knows the round (it restarted).
    lost: bool,
    /// Status requests answered "still processing".
    polls: u32,
    /// The response's length, once known, and its bytes so far.
    response_len: Option<usize>,
    response: Vec<u8>,
    /// A request of this round got past connecting: the server (or the
    /// proxy before it) is there, and a failure is a cut, not an outage.
    reached: bool,
}

impl RoundProgress {
    fn moved(&self) -> usize {
        self.known_sent + self.response.len()
    }

    fn done(&self) -> bool {
        self.response_len.is_some_and(|l| self.response.len() >= l)
    }

    fn learn_sent(&mut self, n: usize) {
        self.sent = Some(n);
        self.known_sent = self.known_sent.max(n);
    }
}

/// Reads a body into `into` until it ends or the link drops; a drop is
/// not an error here (the caller resumes from `into.len()`).
fn read_some(
    resp: &mut ureq::http::Response<ureq::Body>,
    into: &mut Vec<u8>,
    limit: usize,
) -> Result<(), TransportError> {
    let mut reader = resp.body_mut().with_config().limit(limit as u64).reader();
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        match reader.read(&mut buf) {
            Ok(0) | Err(_) => return Ok(()),
            Ok(n) if into.len() + n > limit => {
                return Err(corrupt("jawaban melebihi panjang yang diumumkan"))
            }
            Ok(n) => into.extend_from_slice(&buf[..n]),
        }
    }
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
    pub fn new(
        address: &str,
        token: &str,
        config: &ClientConfig,
    ) -> Result<HttpHub, TransportError> {
        Ok(HttpHub {
            base: base_url(address),
            token: token.to_owned(),
            agent: config.agent()?,
            requests: 0,
            patience: 6,
            retry_pause: Duration::from_millis(500),
        })
    }

    /// HTTP requests made so far by this connection.
    pub fn requests(&self) -> u64 {
        self.requests
    }

    /// Enrolls this device with a one-time code.
    pub fn enroll(
        address: &str,
        code: &str,
        device_name: &str,
        actor: &str,
        public_key: Option<&str>,
        config: &ClientConfig,
    ) -> Result<Enrollment, TransportError> {
        let body = EnrollRequest {
            code: code.to_owned(),
            device_name: device_name.to_owned(),
            actor: actor.to_owned(),
            public_key: public_key.map(str::to_owned),
        };
        let mut resp = config
            .agent()?
            .post(format!("{}{}", base_url(address), path::ENROLL))
            .send_json(&body)
            .map_err(offline)?;
        if !resp.status().is_success() {
            return Err(refused(resp));
        }
        resp.body_mut()
            .read_json::<Enrollment>()
            .map_err(|e| TransportError::Corrupt(e.to_string()))
    }

    /// Uploads a sealed USB bundle to a running server; returns how many
    /// documents changed (0 when it was imported before).
    pub fn upload_bundle(
        address: &str,
        upload_token: &str,
        sealed: &[u8],
        config: &ClientConfig,
    ) -> Result<u64, TransportError> {
        let mut resp = config
            .agent()?
            .post(format!("{}{}", base_url(address), path::BUNDLE))
            .header("Authorization", format!("Bearer {upload_token}"))
            .header("Content-Type", "application/octet-stream")
            .send(sealed)
            .map_err(offline)?;
        if !resp.status().is_success() {
            return Err(refused(resp));
        }
        let v: BundleUploaded = resp
            .body_mut()
            .read_json()
            .map_err(|e| TransportError::Corrupt(e.to_string()))?;
        Ok(v.changed_docs)
    }

    /// The device token this connection uses.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Every OPD's update status (a Diskominfo device only; others are refused).
    pub fn update_status(
        &mut self,
    ) -> Result<simpul_core::regency::update_status::UpdateStatus, TransportError> {
        let url = format!("{}{}", self.base, path::STATUS);
        let mut resp = self
            .authorized(self.agent.get(url))
            .call()
            .map_err(offline)?;
        if !resp.status().is_success() {
            return Err(refused(resp));
        }
        resp.body_mut()
            .read_json()
            .map_err(|e| TransportError::Corrupt(e.to_string()))
    }

    /// Whether the server answers at all (a cheap probe).
    pub fn reachable(&self) -> bool {
        self.agent
            .get(format!("{}{}", self.base, path::HEALTH))
            .call()
            .is_ok_and(|r| r.status().is_success())
    }
}

impl HttpHub {
    fn authorized<B>(&mut self, req: ureq::RequestBuilder<B>) -> ureq::RequestBuilder<B> {
        self.requests += 1;
        req.header("Authorization", format!("Bearer {}", self.token))
    }

    /// Sends the request from `p.sent` on and reads what comes back.
    fn post(&mut self, id: &str, body: &[u8], p: &mut RoundProgress) -> Result<(), TransportError> {
        let from = p.sent.unwrap_or(0);
        // The offset comes from the server: one past the request is a
        // broken server, not a reason to panic.
        let rest = body.get(from..).ok_or_else(|| {
            corrupt(format!(
                "server melaporkan posisi {from} di luar permintaan"
            ))
        })?;
        let req = self
            .authorized(self.agent.post(format!("{}{}", self.base, path::SYNC)))
            .header("Content-Type", "application/octet-stream")
            .header(header::ROUND, id)
            .header(header::LENGTH, body.len().to_string())
            .header(header::OFFSET, from.to_string());
        let result = req.send(rest);
        p.sent = None;
        let mut resp = result.map_err(cut(p))?;
        if resp.status().as_u16() == 409 {
            return Err(TransportError::Busy("putaran dilanjutkan".into()));
        }
        if !resp.status().is_success() {
            return Err(refused(resp));
        }
        p.learn_sent(body.len());
        let len = resp
            .headers()
            .get(header::LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok())
            .ok_or_else(|| corrupt("panjang jawaban tidak diumumkan"))?;
        if len > MAX_RESPONSE {
            return Err(corrupt("jawaban terlalu besar"));
        }
        p.response_len = Some(len);
        read_some(&mut resp, &mut p.response, len)
    }

    /// Asks how far the round got.
    fn status(
        &mut self,
        id: &str,
        body_len: usize,
        p: &mut RoundProgress,
    ) -> Result<(), TransportError> {
        let mut resp = self
            .authorized(self.agent.get(format!("{}{}", self.base, path::round(id))))
            .call()
            .map_err(cut(p))?;
        if resp.status().as_u16() == 404 && p.known_sent == 0 {
            // The request never reached the server: send it again.
            p.sent = Some(0);
            return Ok(());
        }
        if resp.status().as_u16() == 404 {
            p.lost = true;
            return Err(TransportError::Offline(
                "server tidak lagi menyimpan putaran ini; sesi dimulai lagi nanti".into(),
            ));
        }
        if !resp.status().is_success() {
            return Err(refused(resp));
        }
        let s: RoundStatus = resp.body_mut().read_json().map_err(offline)?;
        if s.length != body_len || s.received > s.length {
            return Err(corrupt(format!(
                "server melaporkan {} dari {} bita untuk permintaan {body_len} bita",
                s.received, s.length
            )));
        }
        if s.response_length.is_some_and(|l| l > MAX_RESPONSE) {
            return Err(corrupt("jawaban terlalu besar"));
        }
        if s.processing {
            // A large round takes the server a while: wait for it.
            p.polls += 1;
            if p.polls > MAX_POLLS {
                return Err(TransportError::Offline(
                    "server terlalu lama memproses".into(),
                ));
            }
            p.known_sent = p.known_sent.max(s.length);
            std::thread::sleep(POLL_PAUSE);
            return Ok(());
        }
        p.response_len = s.response_length;
        p.learn_sent(if s.response_length.is_some() {
            s.length
        } else {
            s.received
        });
        Ok(())
    }

    /// Fetches the rest of the response.
    fn fetch(&mut self, id: &str, p: &mut RoundProgress, len: usize) -> Result<(), TransportError> {
        let url = format!(
            "{}{}",
            self.base,
            path::round_response(id, p.response.len())
        );
        let mut resp = self
            .authorized(self.agent.get(url))
            .call()
            .map_err(cut(p))?;
        if !resp.status().is_success() {
            return Err(refused(resp));
        }
        read_some(&mut resp, &mut p.response, len)
    }
}

fn round_id() -> String {
    format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..))
}

impl Transport for HttpHub {
    fn round(&mut self, req: &SyncRequest) -> Result<SyncResponse, TransportError> {
        let mut enc = DeflateEncoder::new(Vec::new(), Compression::default());
        enc.write_all(&req.encode()).map_err(corrupt)?;
        let body = enc.finish().map_err(corrupt)?;
        let id = round_id();
        let mut p = RoundProgress {
            sent: Some(0),
            ..RoundProgress::default()
        };
        let (mut fruitless, mut mark) = (0u32, 0usize);
        while !p.done() {
            let step = match (p.response_len, p.sent) {
                (Some(len), _) => self.fetch(&id, &mut p, len),
                (None, Some(_)) => self.post(&id, &body, &mut p),
                (None, None) => self.status(&id, body.len(), &mut p),
            };
            match step {
                Ok(()) => p.reached = true,
                Err(e) if !e.is_transient() || p.lost => return Err(e),
                Err(e @ TransportError::Busy(_)) => {
                    // A working server: ask again at a short, steady pace
                    // (a growing pause would outlast the server's own work).
                    p.polls += 1;
                    if p.polls > MAX_POLLS {
                        return Err(e);
                    }
                    p.reached = true;
                    std::thread::sleep(self.retry_pause.min(POLL_PAUSE * 4));
                }
                Err(_) if p.moved() > mark => {
                    // A cut after progress: resume at once.
                    (fruitless, mark) = (0, p.moved());
                }
                Err(e) => {
                    fruitless += 1;
                    // A server never reached in this round is down, not cut:
                    // one more try, then report offline.
                    let patience = if p.reached || p.moved() > 0 {
                        self.patience
                    } else {
                        2
                    };
                    if fruitless >= patience {
                        return Err(e);
                    }
                    std::thread::sleep(self.retry_pause * 2u32.pow(fruitless.min(6) - 1));
                }
            }
        }
        let mut raw = Vec::new();
        DeflateDecoder::new(&p.response[..])
            .take(MAX_RESPONSE as u64)
            .read_to_end(&mut raw)
            .map_err(corrupt)?;
        SyncResponse::decode(&raw).map_err(corrupt)
    }
}

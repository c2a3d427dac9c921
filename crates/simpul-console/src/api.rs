//! The console's endpoints: signing in and out, the session, and every
//! listed operation at `POST /api/v1/app/<name>` (its arguments as the
//! desktop sends them, its answer as JSON), called as the signed-in
//! person when their role allows it.

use crate::sessions::Session;
use crate::Console;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use simpul_core::staff::{Access, StaffRole};
use simpul_core::{ApiError, ErrorCode};
use simpul_service::operations::{access_of, call_json};

/// The session cookie's name.
pub const COOKIE: &str = "simpul_console";

/// Who is signed in, as the console page needs it.
#[derive(Debug, Serialize)]
pub struct SessionView {
    pub name: String,
    pub nip: String,
    pub role: StaffRole,
    pub role_label: &'static str,
    /// To repeat in `X-CSRF-Token` on every write.
    pub csrf: String,
}

impl SessionView {
    fn of(s: &Session) -> SessionView {
        let p = s.signer.person();
        SessionView {
            name: p.name.clone(),
            nip: p.nip.clone(),
            role: s.role,
            role_label: s.role.label(),
            csrf: s.csrf.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    pub nip: String,
    pub password: String,
}

/// An [`ApiError`] with the HTTP status its code means.
pub struct Refusal(pub ApiError);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let status = match self.0.code {
            ErrorCode::Validation | ErrorCode::Import => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::SignIn => StatusCode::UNAUTHORIZED,
            ErrorCode::NotConfigured => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Sync => StatusCode::BAD_GATEWAY,
            ErrorCode::Storage | ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        };
        (status, Json(self.0)).into_response()
    }
}

pub(crate) fn refuse(code: ErrorCode, message: &str) -> Refusal {
    Refusal(ApiError::new(code, message))
}

/// The session token from the `Cookie` header.
fn cookie_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v)
}

impl Console {
    /// The live session of a request, or a refusal (logged).
    fn session(&self, headers: &HeaderMap, path: &str) -> Result<Session, Refusal> {
        let found = cookie_token(headers).and_then(|t| self.sessions().touch(t, self.now_ms()));
        found.ok_or_else(|| {
            tracing::info!(path, "console request refused: not signed in");
            refuse(
                ErrorCode::SignIn,
                "Sesi berakhir atau belum masuk; silakan masuk lagi.",
            )
        })
    }

    /// [`Console::session`], and the CSRF token a write must repeat.
    pub(crate) fn writing_session(
        &self,
        headers: &HeaderMap,
        path: &str,
    ) -> Result<Session, Refusal> {
        let s = self.session(headers, path)?;
        let sent = headers.get("x-csrf-token").map(HeaderValue::as_bytes);
        if !sent.is_some_and(|t| same_token(t, s.csrf.as_bytes())) {
            tracing::warn!(path, nip = %s.signer.person().nip, "console request refused: CSRF token missing or wrong");
            return Err(refuse(
                ErrorCode::Forbidden,
                "Permintaan ditolak (token keamanan tidak cocok); muat ulang halaman.",
            ));
        }
        Ok(s)
    }
}

/// Compares two tokens in time that does not depend on where they differ.
fn same_token(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn session_cookie(token: &str, max_age_s: i64) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={max_age_s}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub async fn sign_in(
    State(console): State<Console>,
    Json(form): Json<SignIn>,
) -> Result<Response, Refusal> {
    if !console.limiter().allow(console.now_ms()) {
        tracing::warn!("console sign-in refused: too many failures this minute");
        return Err(refuse(
            ErrorCode::SignIn,
            "Terlalu banyak percobaan masuk yang gagal; tunggu satu menit.",
        ));
    }
    let svc = console.service().clone();
    let nip = form.nip.clone();
    let signed = tokio::task::spawn_blocking(move || svc.staff_sign_in(&form.nip, &form.password))
        .await
        .map_err(|_| refuse(ErrorCode::Internal, "Pekerjaan terhenti; coba lagi."))?;
    let signed = match signed {
        Ok(s) => s,
        Err(e) => {
            console.limiter().failed(console.now_ms());
            tracing::warn!(nip, reason = %e.message, "console sign-in refused");
            return Err(Refusal(e));
        }
    };
    let (token, _) = console
        .sessions()
        .open(signed.role, signed.signer, console.now_ms())
        .map_err(|_| refuse(ErrorCode::Internal, "Sesi tidak dapat dibuat."))?;
    let session = console
        .sessions()
        .touch(&token, console.now_ms())
        .ok_or_else(|| refuse(ErrorCode::Internal, "Sesi tidak dapat dibuat."))?;
    tracing::info!(nip = %session.signer.person().nip, role = session.role.key(), "console sign-in");
    let mut response = Json(SessionView::of(&session)).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie(&token, console.max_age_s()),
    );
    Ok(response)
}

pub async fn sign_out(
    State(console): State<Console>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    console.writing_session(&headers, "sign-out")?;
    if let Some(t) = cookie_token(&headers) {
        console.sessions().close(t);
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie("", 0));
    Ok(response)
}

pub async fn session(
    State(console): State<Console>,
    headers: HeaderMap,
) -> Result<Json<SessionView>, Refusal> {
    let s = console.session(&headers, "session")?;
    Ok(Json(SessionView::of(&s)))
}

#[derive(Debug, Deserialize)]
pub struct Since {
    #[serde(default)]
    pub since: u64,
}

/// The replica's change count once it differs from `since` (or after a
/// while); the session's idle time keeps running meanwhile.
pub async fn changes(
    State(console): State<Console>,
    headers: HeaderMap,
    axum::extract::Query(q): axum::extract::Query<Since>,
) -> Result<Json<serde_json::Value>, Refusal> {
    let alive =
        cookie_token(&headers).is_some_and(|t| console.sessions().alive_now(t, console.now_ms()));
    if !alive {
        return Err(refuse(
            ErrorCode::SignIn,
            "Sesi berakhir atau belum masuk; silakan masuk lagi.",
        ));
    }
    let generation = match console.changes() {
        Some(feed) => feed.after(q.since, crate::changes::WAIT).await,
        None => q.since,
    };
    Ok(Json(serde_json::json!({ "generation": generation })))
}

/// One listed operation, as the signed-in person. Every call needs the
/// CSRF token (reads too: none is a simple cross-site request then).
pub async fn call(
    State(console): State<Console>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, Refusal> {
    if name == "regency_opd_save" && console.data_center().is_some() {
        return opd_on_both_lists(console, headers, &body).await;
    }
    let s = console.writing_session(&headers, &name)?;
    let file_op = crate::files::file_operation(&name);
    let Some(access) = access_of(&name).or(file_op.map(|o| o.access)) else {
        return Err(refuse(
            ErrorCode::NotFound,
            "Operasi ini tidak ada di konsol.",
        ));
    };
    if !s.role.may(access) {
        tracing::warn!(op = %name, nip = %s.signer.person().nip, role = s.role.key(), "console call refused: role");
        return Err(refuse(
            ErrorCode::Forbidden,
            "Peran Anda tidak mengizinkan tindakan ini.",
        ));
    }
    let args: serde_json::Value = if body.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            refuse(
                ErrorCode::Validation,
                &format!("Isi permintaan bukan JSON yang sah: {e}."),
            )
        })?
    };
    let mut response = match file_op {
        Some(op) => {
            let answer = console.run_file_operation(s, op, args).await?;
            let mut response = Json(answer.json).into_response();
            if let Some(id) = answer.download {
                if let Ok(v) = HeaderValue::from_str(&format!("/api/v1/console/download/{id}")) {
                    response.headers_mut().insert("x-simpul-download", v);
                }
            }
            response
        }
        None => {
            let svc = console.service().clone();
            let answer = tokio::task::spawn_blocking(move || {
                svc.acting_as(&s.signer, |svc| call_json(svc, &name, args))
            })
            .await
            .map_err(|_| refuse(ErrorCode::Internal, "Pekerjaan terhenti; coba lagi."))?;
            Json(answer.map_err(Refusal)?).into_response()
        }
    };
    if access != Access::Read {
        // The page refetches what it shows, as the desktop does on its
        // data-changed event.
        response
            .headers_mut()
            .insert("x-simpul-changed", HeaderValue::from_static("1"));
    }
    Ok(response)
}

/// The Registrasi page's OPD form in the console: the OPD goes on the
/// regency document and the server's list together, as from the Server
/// page (one list of OPDs, [`crate::admin::opd_save`]).
async fn opd_on_both_lists(
    console: Console,
    headers: HeaderMap,
    body: &[u8],
) -> Result<Response, Refusal> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Args {
        input: simpul_core::regency::OpdEntryInput,
    }
    let args: Args = serde_json::from_slice(body).map_err(|e| {
        refuse(
            ErrorCode::Validation,
            &format!("Isi permintaan tidak sah: {e}."),
        )
    })?;
    let mut response = crate::admin::opd_save(State(console), headers, Json(args.input))
        .await?
        .into_response();
    response
        .headers_mut()
        .insert("x-simpul-changed", HeaderValue::from_static("1"));
    Ok(response)
}

#[derive(Debug, Deserialize)]
pub struct UploadQuery {
    pub name: String,
}

/// A file chosen in the browser, kept for the session's next file
/// operation (see [`crate::files`]).
pub async fn upload(
    State(console): State<Console>,
    Query(q): Query<UploadQuery>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<serde_json::Value>, Refusal> {
    let s = console.writing_session(&headers, "upload")?;
    if body.is_empty() {
        return Err(refuse(
            ErrorCode::Validation,
            "Berkas yang diunggah kosong.",
        ));
    }
    let path = console
        .files()
        .upload(&s.csrf, &q.name, &body, console.now_ms())
        .map_err(Refusal)?;
    Ok(Json(serde_json::json!({ "path": path })))
}

/// A file an operation wrote, handed over once to the session that asked.
pub async fn download(
    State(console): State<Console>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    let s = console.session(&headers, "download")?;
    let (name, bytes) = console.files().download(&s.csrf, &id).ok_or_else(|| {
        refuse(
            ErrorCode::NotFound,
            "Berkas ini sudah diunduh atau kedaluwarsa.",
        )
    })?;
    let kind = match name
        .rsplit('.')
        .next()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("pdf") => "application/pdf",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("csv") => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    };
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response())
}

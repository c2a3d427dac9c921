//! The server's administration from the console (admin role): the OPD
//! list, kept as one (adding an OPD writes the regency document, signed
//! by the admin, and the server's list together), enrollment codes with
//! their QR code, staff accounts, the devices (revoking one), USB bundles (a device's
//! uploaded, one for a device downloaded) and the server's health.

use crate::api::{refuse, Refusal};
use crate::sessions::Session;
use crate::Console;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use serde::{Deserialize, Serialize};
use simpul_core::regency::{OpdEntry, OpdEntryInput};
use simpul_core::staff::Access;
use simpul_core::{ApiError, ErrorCode};
use simpul_server::{DeviceInfo, ServerError, ServerState};

/// What the administration page shows.
#[derive(Debug, Serialize)]
pub struct Overview {
    /// The regency's OPDs, each marked when the server's list lacks it
    /// (a list kept twice before the console made it one).
    pub opds: Vec<OpdLine>,
    pub devices: Vec<DeviceInfo>,
    pub health: simpul_sync::api::HealthData,
    /// The console's accounts.
    pub staff: Vec<simpul_store::StaffView>,
}

#[derive(Debug, Serialize)]
pub struct OpdLine {
    pub code: String,
    pub name: String,
    /// On the server's list (devices can be enrolled for it).
    pub on_server: bool,
    /// In the regency document (pools, reports, status).
    pub in_regency: bool,
}

/// A new enrollment code, shown once.
#[derive(Debug, Serialize)]
pub struct CodeIssued {
    pub code: String,
    /// `DISKOMINFO` or the OPD's code.
    pub scope: String,
    pub expires_at: String,
    /// The code as a QR code (SVG), to scan instead of typing.
    pub qr_svg: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeRequest {
    /// None: a Diskominfo device.
    pub opd: Option<String>,
    pub hours: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revoke {
    pub id: String,
}

fn server_error(e: ServerError) -> Refusal {
    tracing::warn!(error = %e, "console administration refused");
    let code = match e {
        ServerError::BadRequest(_) => ErrorCode::Validation,
        _ => ErrorCode::Internal,
    };
    Refusal(ApiError::new(code, e.to_string()))
}

impl Console {
    /// The admin's session and the data center, or a refusal.
    fn administrator(
        &self,
        headers: &HeaderMap,
        what: &str,
    ) -> Result<(Session, ServerState), Refusal> {
        let s = self.writing_session(headers, what)?;
        if !s.role.may(Access::Admin) {
            tracing::warn!(what, nip = %s.signer.person().nip, "console administration refused: role");
            return Err(refuse(
                ErrorCode::Forbidden,
                "Hanya admin yang dapat mengatur server.",
            ));
        }
        let dc = self.data_center().cloned().ok_or_else(|| {
            refuse(
                ErrorCode::NotConfigured,
                "Konsol ini tidak terhubung ke server.",
            )
        })?;
        Ok((s, dc))
    }
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, Refusal> + Send + 'static,
) -> Result<T, Refusal> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| refuse(ErrorCode::Internal, "Pekerjaan terhenti; coba lagi."))?
}

pub async fn overview(
    State(console): State<Console>,
    headers: HeaderMap,
) -> Result<Json<Overview>, Refusal> {
    let (_, dc) = console.administrator(&headers, "admin/overview")?;
    let svc = console.service().clone();
    blocking(move || {
        let regency = svc.regency().map_err(Refusal)?;
        let server = dc.administer(|a| a.opds()).map_err(server_error)?;
        let mut opds: Vec<OpdLine> = regency
            .opds
            .iter()
            .map(|o| OpdLine {
                code: o.code.clone(),
                name: o.name.clone(),
                on_server: server.iter().any(|(c, _)| *c == o.code),
                in_regency: true,
            })
            .collect();
        for (code, name) in &server {
            if !opds.iter().any(|o| o.code == *code) {
                opds.push(OpdLine {
                    code: code.clone(),
                    name: name.clone(),
                    on_server: true,
                    in_regency: false,
                });
            }
        }
        opds.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(Json(Overview {
            staff: svc.staff().map_err(Refusal)?,
            opds,
            devices: dc.administer(|a| a.devices()).map_err(server_error)?,
            health: dc.healthy().map_err(server_error)?,
        }))
    })
    .await
}

/// Adds (or renames) an OPD in both lists: the regency document first
/// (validated there, signed by the admin), then the server's.
pub async fn opd_save(
    State(console): State<Console>,
    headers: HeaderMap,
    Json(input): Json<OpdEntryInput>,
) -> Result<Json<OpdEntry>, Refusal> {
    let (s, dc) = console.administrator(&headers, "admin/opd")?;
    let svc = console.service().clone();
    blocking(move || {
        let saved = svc
            .acting_as(&s.signer, |svc| svc.regency_opd_save(&input))
            .map_err(Refusal)?;
        dc.administer(|a| a.add_opd(&saved.code, &saved.name))
            .map_err(server_error)?;
        tracing::info!(opd = %saved.code, nip = %s.signer.person().nip, "OPD saved from the console");
        Ok(Json(saved))
    })
    .await
}

pub async fn enroll_code(
    State(console): State<Console>,
    headers: HeaderMap,
    Json(req): Json<CodeRequest>,
) -> Result<Json<CodeIssued>, Refusal> {
    let (s, dc) = console.administrator(&headers, "admin/enroll-code")?;
    if !(1..=24 * 30).contains(&req.hours) {
        return Err(refuse(
            ErrorCode::Validation,
            "Masa berlaku kode 1 jam sampai 30 hari.",
        ));
    }
    blocking(move || {
        let issued = dc
            .administer(|a| a.enroll_code(req.opd.as_deref().filter(|o| !o.is_empty()), req.hours))
            .map_err(server_error)?;
        let scope = match &issued.scope {
            simpul_sync::Scope::Opd(o) => o.clone(),
            simpul_sync::Scope::Diskominfo => "DISKOMINFO".into(),
        };
        tracing::info!(scope, nip = %s.signer.person().nip, "enrollment code issued from the console");
        Ok(Json(CodeIssued {
            qr_svg: qr_svg(&issued.code),
            code: issued.code,
            scope,
            expires_at: issued.expires_at,
        }))
    })
    .await
}

pub async fn revoke(
    State(console): State<Console>,
    headers: HeaderMap,
    Json(req): Json<Revoke>,
) -> Result<Json<bool>, Refusal> {
    let (s, dc) = console.administrator(&headers, "admin/revoke")?;
    blocking(move || {
        let done = dc.administer(|a| a.revoke(&req.id)).map_err(server_error)?;
        if !done {
            return Err(refuse(ErrorCode::NotFound, "Perangkat itu tidak ada."));
        }
        tracing::warn!(device = %req.id, nip = %s.signer.person().nip, "device revoked from the console");
        Ok(Json(true))
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForDevice {
    pub device: String,
}

/// What importing an uploaded bundle did.
#[derive(Debug, Serialize)]
pub struct BundleImported {
    pub device: String,
    /// Documents changed (0: already imported).
    pub documents: usize,
}

/// Imports a device's bundle carried to the data center (the upload's
/// body, at most the server's bundle limit), with the checks of a sync,
/// all or nothing.
pub async fn bundle_import(
    State(console): State<Console>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<BundleImported>, Refusal> {
    let (s, dc) = console.administrator(&headers, "admin/bundle-import")?;
    if body.len() > dc.limits().max_bundle_bytes {
        return Err(refuse(ErrorCode::Validation, "Bundel terlalu besar."));
    }
    blocking(move || {
        let (device, documents) = dc.import_bundle_from(&body).map_err(server_error)?;
        tracing::info!(device, documents, nip = %s.signer.person().nip, "bundle imported from the console");
        Ok(Json(BundleImported { device, documents }))
    })
    .await
}

/// A bundle of what a device lacks, to carry to it on a USB stick.
pub async fn bundle_export(
    State(console): State<Console>,
    headers: HeaderMap,
    Json(req): Json<ForDevice>,
) -> Result<axum::response::Response, Refusal> {
    use axum::response::IntoResponse;
    let (s, dc) = console.administrator(&headers, "admin/bundle-export")?;
    blocking(move || {
        let bytes = dc.export_bundle(&req.device).map_err(server_error)?;
        tracing::info!(device = %req.device, bytes = bytes.len(), nip = %s.signer.person().nip, "bundle exported from the console");
        let name = format!("untuk-{}.simpul", req.device);
        Ok((
            [
                (axum::http::header::CONTENT_TYPE, "application/octet-stream".to_owned()),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            bytes,
        )
            .into_response())
    })
    .await
}

/// Adds a console account (the admin's act, recorded in the log).
pub async fn staff_add(
    State(console): State<Console>,
    headers: HeaderMap,
    Json(input): Json<simpul_core::staff::StaffInput>,
) -> Result<Json<simpul_store::StaffView>, Refusal> {
    let (s, _) = console.administrator(&headers, "admin/staff-add")?;
    let svc = console.service().clone();
    blocking(move || {
        let added = svc
            .acting_as(&s.signer, |svc| svc.staff_add(&input))
            .map_err(Refusal)?;
        tracing::info!(account = %added.nip, role = added.role.key(), nip = %s.signer.person().nip, "console account added");
        Ok(Json(added))
    })
    .await
}

/// A QR code as SVG: one path of dark runs on white, quiet zone included.
pub fn qr_svg(text: &str) -> String {
    let m = simpul_labels::QrMatrix::encode(text);
    let q = simpul_labels::QR_QUIET;
    let span = m.span();
    let mut path = String::new();
    for (x, y, len) in m.runs() {
        path.push_str(&format!("M{} {}h{}v1h-{}z", x + q, y + q, len, len));
    }
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {span} {span}" shape-rendering="crispEdges"><rect width="{span}" height="{span}" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    )
}

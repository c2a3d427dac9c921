//! OPD update status for a Diskominfo device: asked of the data center
//! (which records every device's last sync), kept so the page still shows
//! the last answer offline, and the printable list of late OPDs.

use crate::Service;
use serde::Serialize;
use simpul_core::regency::update_status::UpdateStatus;
use simpul_core::report::Signer;
use simpul_core::{ApiError, ErrorCode};
use simpul_store::StoreError;
use simpul_sync::http::HttpHub;
use simpul_sync::TransportError;
use specta::Type;
use std::path::Path;

const KEPT: &str = "update_status";

/// The status page's data.
#[derive(Debug, Clone, Serialize, Type)]
pub struct StatusView {
    /// The data center's answer, or the one kept from the last time.
    pub status: Option<UpdateStatus>,
    /// Whether `status` was asked just now.
    pub live: bool,
    /// Why the data center could not be asked, when it could not.
    pub error: String,
}

impl Service {
    fn require_diskominfo(&self) -> Result<(), ApiError> {
        if self.configured()?.is_diskominfo()? {
            return Ok(());
        }
        Err(
            StoreError::Forbidden("Status pembaruan OPD hanya untuk perangkat Diskominfo.".into())
                .into(),
        )
    }

    /// Every OPD's update status: from the data center when it answers,
    /// else the last answer kept here.
    pub fn update_status(&self) -> Result<StatusView, ApiError> {
        self.require_diskominfo()?;
        let link = self
            .configured()?
            .server()?
            .ok_or(StoreError::NotEnrolled)?;
        let asked = if link.address == crate::uplink::IN_PROCESS {
            self.uplink()
                .ok_or_else(|| TransportError::Offline("hanya di dalam `simpul serve`".into()))
                .and_then(|u| u.update_status())
        } else {
            HttpHub::new(&link.address, &link.token, &link.client_config())
                .and_then(|mut hub| hub.update_status())
        };
        match asked {
            Ok(status) => {
                let json = serde_json::to_string(&status).map_err(StoreError::from)?;
                self.configured()?.remember(KEPT, &json)?;
                Ok(StatusView {
                    status: Some(status),
                    live: true,
                    error: String::new(),
                })
            }
            Err(e) => {
                tracing::info!(error = %e, "update status not reachable; showing the kept one");
                Ok(StatusView {
                    status: self.kept_status()?,
                    live: false,
                    error: format!("Pusat data tidak dapat dihubungi: {e}"),
                })
            }
        }
    }

    /// The data center's last answer kept here (None on an OPD device).
    pub(crate) fn kept_status(&self) -> Result<Option<UpdateStatus>, ApiError> {
        Ok(self
            .configured()?
            .remembered(KEPT)?
            .and_then(|json| serde_json::from_str(&json).ok()))
    }

    /// Writes the list of late OPDs (the last status asked) as a PDF signed by `signer`.
    pub fn overdue_list_save(&self, path: &Path, signer: &Signer) -> Result<u32, ApiError> {
        self.require_diskominfo()?;
        let status = self.kept_status()?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::Sync,
                "Status OPD belum pernah diterima dari pusat data; buka halaman ini saat terhubung.",
            )
        })?;
        let (regency, today) = {
            let r = self.configured()?;
            (r.profile()?.regency.clone(), r.today())
        };
        let pdf = simpul_report::overdue_pdf(&status, &regency, signer, today).map_err(|e| {
            ApiError::new(
                ErrorCode::Storage,
                format!("Dokumen tidak dapat dibuat: {e}."),
            )
        })?;
        super::report::write_whole(path, &pdf.bytes)?;
        Ok(super::count(
            status.opds.iter().filter(|o| o.overdue.is_some()).count(),
        ))
    }
}

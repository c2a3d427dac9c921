//! The TIK inventory report (PDF or XLSX) and the room card (KIR, PDF):
//! gathered from the replica, laid out by `simpul-report`, and written to
//! the file whole (a failed write leaves no half-written file behind).

use crate::Service;
use serde::{Deserialize, Serialize};
use simpul_core::report::{DocumentDefaults, KirSigner, Period, Signer};
use simpul_core::{ApiError, ErrorCode, FieldError, Nip, ValidationErrors};
use simpul_store::ReportRequest;
use specta::Type;
use std::path::Path;

/// The report form.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Type)]
#[serde(default)]
pub struct ReportInput {
    /// `2026`, `2026-S1` or `2026-01-01..2026-03-31`.
    pub period: String,
    /// One OPD's code, or empty for every OPD (Diskominfo).
    pub opd: String,
    pub signer: Signer,
}

/// The room card form.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Type)]
#[serde(default)]
pub struct KirInput {
    /// The room's id or short code.
    pub room: String,
    /// Where it is signed.
    pub place: String,
    pub pengurus_barang: KirSigner,
}

/// How far a long report is (documents read of documents to read).
#[derive(Debug, Clone, Copy, Serialize, Type)]
pub struct Progress {
    pub done: u32,
    pub total: u32,
}

/// A document written to disk.
#[derive(Debug, Clone, Serialize, Type)]
pub struct DocumentWritten {
    pub path: String,
    /// Pages of a PDF (0 for a workbook).
    pub pages: u32,
    /// Assets the document covers.
    pub assets: u32,
}

/// The NIP as its 18 digits, or a field error naming `field`.
fn nip_of(field: &str, raw: &str, errs: &mut ValidationErrors) -> String {
    if raw.trim().is_empty() {
        return String::new();
    }
    errs.check(Nip::parse(field, raw))
        .map(|n| n.digits().to_owned())
        .unwrap_or_default()
}

pub(crate) fn tidy(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Writes a document whole: beside it first, then renamed into place.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), ApiError> {
    let fail = |e: std::io::Error| {
        tracing::warn!(error = %e, path = %path.display(), "could not write a document");
        ApiError::new(
            ErrorCode::Storage,
            format!("Berkas tidak dapat ditulis ke {}: {e}.", path.display()),
        )
    };
    let mut part = path.as_os_str().to_owned();
    part.push(".sebagian");
    let part = std::path::PathBuf::from(part);
    std::fs::write(&part, bytes).map_err(fail)?;
    std::fs::rename(&part, path).map_err(|e| {
        let _ = std::fs::remove_file(&part);
        fail(e)
    })
}

pub(crate) fn doc_error(e: simpul_report::DocumentError) -> ApiError {
    ApiError::new(
        ErrorCode::Storage,
        format!("Dokumen tidak dapat dibuat: {e}."),
    )
}

/// A document's kind, from its file name.
pub(crate) enum Format {
    Pdf,
    Xlsx,
}

pub(crate) fn format_of(path: &Path) -> Result<Format, ApiError> {
    match path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .as_deref()
    {
        Some("pdf") => Ok(Format::Pdf),
        Some("xlsx") => Ok(Format::Xlsx),
        _ => Err(ValidationErrors(vec![FieldError::new(
            "path",
            "path.format",
            "Simpan laporan sebagai berkas .pdf atau .xlsx.",
        )])
        .into()),
    }
}

impl Service {
    /// What the report and room card forms start with.
    pub fn document_defaults(&self) -> Result<DocumentDefaults, ApiError> {
        Ok(self.configured()?.document_defaults()?)
    }

    /// Makes the report for the period and writes it to `path` (.pdf or
    /// .xlsx). `progress` hears (documents read, documents to read).
    pub fn report_save(
        &self,
        path: &Path,
        input: &ReportInput,
        progress: &mut dyn FnMut(u32, u32),
    ) -> Result<DocumentWritten, ApiError> {
        let format = format_of(path)?;
        let mut errs = ValidationErrors::default();
        let today = self.configured()?.today();
        let period = errs.check(Period::parse(&input.period, today).map_err(|mut e| {
            e.field = "period".into();
            e
        }));
        let signer = Signer {
            title: tidy(&input.signer.title),
            name: tidy(&input.signer.name),
            nip: nip_of("signer.nip", &input.signer.nip, &mut errs),
            place: tidy(&input.signer.place),
        };
        let (Some(period), true) = (period, errs.is_empty()) else {
            return Err(errs.into());
        };
        let req = ReportRequest {
            period,
            opd: Some(input.opd.trim().to_owned()).filter(|o| !o.is_empty()),
            signer: signer.clone(),
        };
        let kept = self.kept_status()?;
        let data = {
            let mut r = self.configured()?;
            let mut data = r.report_data(&req, progress)?;
            data.server_status = kept.map(|mut s| {
                s.opds
                    .retain(|o| req.opd.as_ref().is_none_or(|only| *only == o.code));
                s
            });
            let mut d = r.document_defaults()?;
            d.signer = signer;
            r.remember_document_defaults(&d)?;
            data
        };
        let (bytes, pages) = match format {
            Format::Pdf => {
                let pdf = simpul_report::report_pdf(&data).map_err(doc_error)?;
                (pdf.bytes, pdf.pages)
            }
            Format::Xlsx => (simpul_report::report_xlsx(&data).map_err(doc_error)?, 0),
        };
        write_whole(path, &bytes)?;
        Ok(DocumentWritten {
            path: path.display().to_string(),
            pages: super::count(pages),
            assets: data.totals().total,
        })
    }

    /// Writes the room card of a room to `path` (PDF).
    pub fn kir_save(&self, path: &Path, input: &KirInput) -> Result<DocumentWritten, ApiError> {
        let mut errs = ValidationErrors::default();
        let pengurus = KirSigner {
            name: tidy(&input.pengurus_barang.name),
            nip: nip_of("pengurus_barang.nip", &input.pengurus_barang.nip, &mut errs),
        };
        if !errs.is_empty() {
            return Err(errs.into());
        }
        let data = {
            let mut r = self.configured()?;
            let data = r.kir_data(&input.room, &tidy(&input.place), pengurus.clone())?;
            let mut d = r.document_defaults()?;
            d.pengurus_barang = pengurus;
            d.signer.place = tidy(&input.place);
            r.remember_document_defaults(&d)?;
            data
        };
        let pdf = simpul_report::kir_pdf(&data).map_err(doc_error)?;
        write_whole(path, &pdf.bytes)?;
        Ok(DocumentWritten {
            path: path.display().to_string(),
            pages: super::count(pdf.pages),
            assets: super::count(data.rows.len()),
        })
    }
}

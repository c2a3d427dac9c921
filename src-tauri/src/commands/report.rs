//! The Laporan page: the TIK inventory report and room cards, written
//! off the main thread, the report's progress streamed to the window.

use super::{blocking, Svc};
use simpul_core::ApiError;
use simpul_service::ops::report::{DocumentWritten, KirInput, Progress, ReportInput};
use std::path::PathBuf;
use tauri::ipc::Channel;

/// Makes the report and writes it to `path` (.pdf or .xlsx).
#[tauri::command]
#[specta::specta]
pub async fn report_save(
    svc: Svc<'_>,
    path: String,
    input: ReportInput,
    on_progress: Channel<Progress>,
) -> Result<DocumentWritten, ApiError> {
    blocking(&svc, move |s| {
        s.report_save(&PathBuf::from(path), &input, &mut |done, total| {
            let _ = on_progress.send(Progress { done, total });
        })
    })
    .await
}

/// Writes a room's card (KIR) to `path` as PDF.
#[tauri::command]
#[specta::specta]
pub async fn kir_save(
    svc: Svc<'_>,
    path: String,
    input: KirInput,
) -> Result<DocumentWritten, ApiError> {
    blocking(&svc, move |s| s.kir_save(&PathBuf::from(path), &input)).await
}

/// Writes the list of late OPDs (a PDF signed by `signer`); returns how many.
#[tauri::command]
#[specta::specta]
pub async fn overdue_list_save(
    svc: Svc<'_>,
    path: String,
    signer: simpul_core::report::Signer,
) -> Result<u32, ApiError> {
    blocking(&svc, move |s| {
        s.overdue_list_save(&PathBuf::from(path), &signer)
    })
    .await
}

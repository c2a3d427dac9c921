//! Serah terima, the holder's page, lending.

use super::{blocking, Svc};
use simpul_core::handover::{Handover, HandoverInput, Loan, LoanInput};
use simpul_core::ApiError;
use simpul_service::ops::report::DocumentWritten;
use simpul_store::{HolderView, OverdueLoan};
use std::path::PathBuf;

/// Hands assets over (or back to the store room): one change.
#[tauri::command]
#[specta::specta]
pub fn handover_save(svc: Svc<'_>, input: HandoverInput) -> Result<Handover, ApiError> {
    svc.handover_save(&input)
}

#[tauri::command]
#[specta::specta]
pub fn holder(svc: Svc<'_>, nip: String) -> Result<HolderView, ApiError> {
    svc.holder(&nip)
}

/// Writes a handover's Berita Acara Serah Terima (PDF).
#[tauri::command]
#[specta::specta]
pub async fn bast_save(
    svc: Svc<'_>,
    path: String,
    id: String,
    place: String,
) -> Result<DocumentWritten, ApiError> {
    blocking(&svc, move |s| {
        s.bast_save(&PathBuf::from(path), &id, &place)
    })
    .await
}

/// Lends an asset until a due date.
#[tauri::command]
#[specta::specta]
pub fn loan_lend(svc: Svc<'_>, input: LoanInput) -> Result<Loan, ApiError> {
    svc.loan_lend(&input)
}

#[tauri::command]
#[specta::specta]
pub fn loan_return(svc: Svc<'_>, id: String, on: String) -> Result<Loan, ApiError> {
    svc.loan_return(&id, &on)
}

#[tauri::command]
#[specta::specta]
pub fn loans_overdue(svc: Svc<'_>) -> Result<Vec<OverdueLoan>, ApiError> {
    svc.loans_overdue()
}

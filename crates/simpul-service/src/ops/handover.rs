//! Serah terima: handing assets to a person or back to the store room,
//! a holder's page by NIP, and the BAST; lending and the overdue list.

use super::report::{doc_error, format_of, tidy, write_whole, DocumentWritten, Format};
use crate::Service;
use simpul_core::handover::{Handover, HandoverInput, Loan, LoanInput};
use simpul_core::{ApiError, FieldError, ValidationErrors};
use simpul_store::{HolderView, OverdueLoan};
use std::path::Path;

impl Service {
    pub fn handover_save(&self, input: &HandoverInput) -> Result<Handover, ApiError> {
        let h = self.configured()?.hand_over(input)?;
        self.edited();
        Ok(h)
    }

    pub fn loan_lend(&self, input: &LoanInput) -> Result<Loan, ApiError> {
        let l = self.configured()?.lend(input)?;
        self.edited();
        Ok(l)
    }

    /// Records a loan's return on `on` (`YYYY-MM-DD`).
    pub fn loan_return(&self, id: &str, on: &str) -> Result<Loan, ApiError> {
        let l = self.configured()?.return_loan(id, on)?;
        self.edited();
        Ok(l)
    }

    /// Loans past their due date, most late first.
    pub fn loans_overdue(&self) -> Result<Vec<OverdueLoan>, ApiError> {
        Ok(self.configured()?.overdue_loans()?)
    }

    /// What a NIP holds and the handovers naming it.
    pub fn holder(&self, nip: &str) -> Result<HolderView, ApiError> {
        Ok(self.configured()?.holder(nip)?)
    }

    /// Writes the BAST of handover `id` to `path` (PDF).
    pub fn bast_save(
        &self,
        path: &Path,
        id: &str,
        place: &str,
    ) -> Result<DocumentWritten, ApiError> {
        if !matches!(format_of(path)?, Format::Pdf) {
            return Err(ValidationErrors(vec![FieldError::new(
                "path",
                "path.format",
                "Simpan berita acara sebagai berkas .pdf.",
            )])
            .into());
        }
        let data = self.configured()?.bast_data(id, &tidy(place))?;
        let pdf = simpul_report::bast_pdf(&data).map_err(doc_error)?;
        write_whole(path, &pdf.bytes)?;
        Ok(DocumentWritten {
            path: path.display().to_string(),
            pages: super::count(pdf.pages),
            assets: super::count(data.rows.len()),
        })
    }
}

//! Serah terima: handing assets to a person or back to the store room,
//! a holder's page by NIP, and the BAST.

use super::report::{doc_error, format_of, tidy, write_whole, DocumentWritten, Format};
use crate::Service;
use simpul_core::handover::{Handover, HandoverInput};
use simpul_core::{ApiError, FieldError, ValidationErrors};
use simpul_store::HolderView;
use std::path::Path;

impl Service {
    pub fn handover_save(&self, input: &HandoverInput) -> Result<Handover, ApiError> {
        let h = self.configured()?.hand_over(input)?;
        self.edited();
        Ok(h)
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

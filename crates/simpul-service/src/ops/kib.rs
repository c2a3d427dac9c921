//! KIB B import (preview, then import) and export. The preview and the
//! import run the same plan, so a preview checks everything the import
//! will.

use crate::Service;
use simpul_core::kib::{ImportSummary, KibTable, KibUnit};
use simpul_core::{ApiError, ErrorCode};
use simpul_store::ImportFailure;
use std::path::Path;
use std::sync::Arc;

/// Why an import stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Rows (or the file) are wrong; the summary lists every problem and
    /// everything else the import would have done.
    #[error("{} masalah ditemukan; tidak ada yang diimpor", .0.errors.len())]
    Rows(Box<ImportSummary>),
    #[error(transparent)]
    Failed(#[from] ApiError),
}

impl From<ImportError> for ApiError {
    fn from(e: ImportError) -> Self {
        match e {
            ImportError::Rows(summary) => ImportFailure::Rows(summary).into(),
            ImportError::Failed(api) => api,
        }
    }
}

fn file_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        ErrorCode::Import,
        format!("Berkas tidak dapat dipakai: {e}."),
    )
}

impl Service {
    /// What importing the file would do; stores nothing.
    pub fn kib_preview(&self, path: &Path) -> Result<ImportSummary, ApiError> {
        let table = self.kib_table(path)?;
        Ok(self
            .configured()?
            .preview_import(&table, &self.kib_kept().plan)?)
    }

    /// Imports the file (all rows or none). A file unchanged since its
    /// preview is not read again, and the preview's plan is written when
    /// the replica has not changed either (see [`simpul_store::KeptPlan`]).
    pub fn kib_import(
        &self,
        path: &Path,
        progress: &mut dyn FnMut(u32, u32),
    ) -> Result<ImportSummary, ImportError> {
        let table = self.kib_table(path)?;
        let result = self
            .configured()?
            .import_previewed(&table, &self.kib_kept().plan, progress);
        match result {
            Ok(summary) => {
                self.kib_kept().table.forget();
                self.edited();
                Ok(summary)
            }
            Err(ImportFailure::Rows(summary)) => Err(ImportError::Rows(summary)),
            Err(ImportFailure::Store(e)) => Err(ImportError::Failed(e.into())),
        }
    }

    fn kib_table(&self, path: &Path) -> Result<Arc<KibTable>, ApiError> {
        self.kib_kept().table.read(path).map_err(file_error)
    }

    /// The units an export can hold, with their remembered kode lokasi.
    pub fn kib_units(&self) -> Result<Vec<KibUnit>, ApiError> {
        Ok(self.configured()?.kib_units()?)
    }

    /// Writes KIB B for the given units (.xlsx: one sheet each; .csv: one
    /// unit) and remembers their kode lokasi and nama UPB. Returns the
    /// assets written.
    pub fn kib_export(
        &self,
        path: &Path,
        units: &[KibUnit],
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<u32, ApiError> {
        let csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if units.is_empty() || (csv && units.len() > 1) {
            return Err(ApiError::new(
                ErrorCode::Validation,
                format!(
                    "Berkas CSV memuat satu OPD ({} dipilih); pilih satu OPD, atau simpan sebagai .xlsx (satu lembar per OPD).",
                    units.len()
                ),
            ));
        }
        let sheets = {
            let mut r = self.configured()?;
            for u in units {
                r.remember_kib_unit(u)?;
            }
            r.kib_sheets(units)?
        };
        if csv {
            simpul_kib::write_kib_csv(path, &sheets[0]).map_err(file_error)?;
        } else {
            simpul_kib::write_kib_b(path, &sheets, progress).map_err(file_error)?;
        }
        Ok(super::count(sheets.iter().map(|s| s.assets.len()).sum()))
    }
}

//! The asset list, form, detail, maintenance and the kode barang picker.

use crate::Service;
use serde::Serialize;
use simpul_core::{ApiError, Asset, AssetInput, FieldError, MaintenanceEntry, MaintenanceInput};
use simpul_store::{AssetDetail, AssetPage, AssetQuery};
use specta::Type;

/// One entry of the kode barang picker.
#[derive(Debug, Serialize, Type)]
pub struct KodeBarangItem {
    pub code: String,
    pub name: String,
    pub category: String,
}

impl Service {
    pub fn assets_page(&self, query: &AssetQuery) -> Result<AssetPage, ApiError> {
        Ok(self.replica()?.assets(query)?)
    }

    pub fn asset_detail(&self, id: &str) -> Result<AssetDetail, ApiError> {
        Ok(self.replica()?.asset_detail(id)?)
    }

    pub fn asset_save(&self, input: &AssetInput) -> Result<Asset, ApiError> {
        let saved = self.replica()?.save_asset(input)?;
        self.edited();
        Ok(saved)
    }

    /// Inline validation while the form is being filled in.
    pub fn asset_validate(&self, input: &AssetInput) -> Result<Vec<FieldError>, ApiError> {
        Ok(self.replica()?.validate_asset(input)?)
    }

    /// The asset a scanned code names exactly (serial, tag or id).
    pub fn code_lookup(&self, code: &str) -> Result<Option<String>, ApiError> {
        Ok(self.replica()?.lookup_code(code)?)
    }

    pub fn maintenance_add(&self, input: &MaintenanceInput) -> Result<MaintenanceEntry, ApiError> {
        let entry = self.replica()?.add_maintenance(input)?;
        self.edited();
        Ok(entry)
    }

    /// The ICT codes of Permendagri 108/2016 offered by the form.
    pub fn kode_barang_list(&self) -> Vec<KodeBarangItem> {
        simpul_core::kode_barang::ITEM_CODES
            .iter()
            .map(|i| KodeBarangItem {
                code: i.code.to_owned(),
                name: i.name.to_owned(),
                category: i.category.label().to_owned(),
            })
            .collect()
    }
}

//! The device's profile, chosen at first run: regency, OPD, device name,
//! language, and the device's own Automerge actor id.

use serde::{Deserialize, Serialize};
use simpul_core::regency::opd_entry::parse_opd_code;
use simpul_core::{FieldError, ValidationErrors};
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Profile {
    pub regency: String,
    /// Short OPD code used in document ids and labels (`DINKES`).
    pub opd_code: String,
    pub opd_name: String,
    pub device_name: String,
    /// `id` or `en`.
    pub language: String,
    /// This device's Automerge actor id (hex).
    pub actor: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct ProfileInput {
    pub regency: String,
    pub opd_code: String,
    pub opd_name: String,
    pub device_name: String,
    pub language: String,
}

impl ProfileInput {
    /// The demo OPD's profile.
    pub fn demo() -> ProfileInput {
        ProfileInput {
            regency: "Kabupaten Contoh".into(),
            opd_code: "DINKES".into(),
            opd_name: "Dinas Kesehatan".into(),
            device_name: "Perangkat Demo".into(),
            language: "id".into(),
        }
    }

    pub fn validate(&self) -> Result<ProfileInput, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let mut p = self.clone();
        p.regency = p.regency.trim().to_owned();
        p.opd_name = p.opd_name.trim().to_owned();
        p.device_name = p.device_name.trim().to_owned();
        if p.regency.is_empty() {
            errs.push(FieldError::new(
                "regency",
                "regency.required",
                "Nama kabupaten wajib diisi.",
            ));
        }
        match parse_opd_code("opd_code", &p.opd_code) {
            Ok(code) => p.opd_code = code,
            Err(e) => errs.push(e),
        }
        if p.opd_name.is_empty() {
            errs.push(FieldError::new(
                "opd_name",
                "opd_name.required",
                "Nama OPD wajib diisi.",
            ));
        }
        if p.device_name.is_empty() {
            errs.push(FieldError::new(
                "device_name",
                "device_name.required",
                "Beri nama perangkat ini, mis. Laptop Pengurus Barang.",
            ));
        }
        if p.language != "en" {
            p.language = "id".into();
        }
        errs.into_result(p)
    }
}

//! The regency's security levels (Mukomuko Ps.5: the head of the data
//! center sets the security level of registered equipment).

use crate::error::{FieldError, ValidationErrors};
use serde::{Deserialize, Serialize};
use specta::Type;

/// One level, keyed by its code in the regency document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct SecurityLevel {
    /// Short code (`L2`).
    pub code: String,
    pub name: String,
    pub description: String,
}

impl SecurityLevel {
    /// The list offered when a regency has none yet.
    pub fn defaults() -> Vec<SecurityLevel> {
        [
            (
                "L1",
                "Rendah",
                "Perangkat umum: akses internet dan layanan publik saja.",
            ),
            (
                "L2",
                "Sedang",
                "Perangkat kerja: akses aplikasi e-government internal.",
            ),
            (
                "L3",
                "Tinggi",
                "Server dan perangkat jaringan inti: akses terbatas, diawasi.",
            ),
        ]
        .into_iter()
        .map(|(code, name, description)| SecurityLevel {
            code: code.into(),
            name: name.into(),
            description: description.into(),
        })
        .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct SecurityLevelInput {
    pub code: String,
    pub name: String,
    pub description: String,
}

impl SecurityLevelInput {
    pub fn validate(&self) -> Result<SecurityLevel, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let code = self.code.trim().to_uppercase();
        if code.is_empty() || code.len() > 8 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            errs.push(FieldError::new(
                "code",
                "level_code.format",
                "Kode tingkat 1-8 huruf/angka, mis. L2.",
            ));
        }
        let name = self.name.trim().to_owned();
        if name.is_empty() {
            errs.push(FieldError::new(
                "name",
                "level_name.required",
                "Nama tingkat wajib diisi.",
            ));
        }
        errs.into_result(SecurityLevel {
            code,
            name,
            description: self.description.trim().to_owned(),
        })
    }
}

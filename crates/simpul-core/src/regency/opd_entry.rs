//! An OPD of the regency as Diskominfo lists it.

use crate::error::{FieldError, ValidationErrors};
use serde::{Deserialize, Serialize};
use specta::Type;

/// One OPD, keyed by its code in the regency document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct OpdEntry {
    /// Short code used in document ids and labels (`DINKES`).
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct OpdEntryInput {
    pub code: String,
    pub name: String,
}

/// Checks an OPD code: 2-12 letters or digits, upper-cased.
pub fn parse_opd_code(field: &str, raw: &str) -> Result<String, FieldError> {
    let code = raw.trim().to_uppercase();
    if (2..=12).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(code)
    } else {
        Err(FieldError::new(
            field,
            "opd_code.format",
            "Kode OPD 2-12 huruf/angka tanpa spasi, mis. DINKES.",
        ))
    }
}

impl OpdEntryInput {
    pub fn validate(&self) -> Result<OpdEntry, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let code = errs
            .check(parse_opd_code("code", &self.code))
            .unwrap_or_default();
        let name = self.name.trim().to_owned();
        if name.is_empty() {
            errs.push(FieldError::new(
                "name",
                "opd_name.required",
                "Nama OPD wajib diisi.",
            ));
        }
        errs.into_result(OpdEntry { code, name })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_upper_cased_and_checked() {
        let ok = OpdEntryInput {
            code: " dinkes ".into(),
            name: "Dinas Kesehatan".into(),
        };
        assert_eq!(ok.validate().expect("valid").code, "DINKES");
        let bad = OpdEntryInput {
            code: "DIN KES".into(),
            name: String::new(),
        };
        assert_eq!(bad.validate().expect_err("invalid").0.len(), 2);
    }
}

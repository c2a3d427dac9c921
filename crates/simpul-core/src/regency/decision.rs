//! Diskominfo's decision on a network registration. It names the revision
//! of the registration it decided, so a registration the OPD changes
//! afterwards goes back to the queue.

use crate::error::{FieldError, ValidationErrors};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    #[default]
    Disetujui,
    Ditolak,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Disetujui => "Disetujui",
            Verdict::Ditolak => "Ditolak",
        }
    }
}

/// One decision, keyed by the registration's id (the asset id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct Decision {
    pub registration_id: String,
    pub opd: String,
    /// The registration revision this decides.
    pub revision: i64,
    pub verdict: Verdict,
    /// Why it was refused (required then).
    pub reason: String,
    /// The security level code set by Diskominfo (approvals).
    pub level: String,
    pub decided_at: String,
    pub decided_by: String,
}

/// The decision form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct DecisionInput {
    pub registration_id: String,
    pub verdict: Verdict,
    pub reason: String,
    pub level: String,
}

impl DecisionInput {
    /// Checks the form against the regency's level codes.
    pub fn validate(&self, levels: &[String]) -> Result<DecisionInput, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let mut d = self.clone();
        d.reason = d.reason.trim().to_owned();
        d.level = d.level.trim().to_uppercase();
        match d.verdict {
            Verdict::Ditolak if d.reason.is_empty() => errs.push(FieldError::new(
                "reason",
                "reason.required",
                "Tulis alasan penolakan agar OPD dapat memperbaikinya.",
            )),
            Verdict::Disetujui if d.level.is_empty() => errs.push(FieldError::new(
                "level",
                "level.required",
                "Pilih tingkat keamanan perangkat sebelum menyetujui.",
            )),
            Verdict::Disetujui if !levels.contains(&d.level) => errs.push(FieldError::new(
                "level",
                "level.unknown",
                format!(
                    "Tingkat keamanan {} tidak ada di daftar kabupaten.",
                    d.level
                ),
            )),
            _ => {}
        }
        errs.into_result(d)
    }
}

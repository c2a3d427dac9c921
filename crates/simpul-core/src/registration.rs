//! A network registration: an OPD asks Diskominfo to admit an asset to the
//! e-government network (Mukomuko Ps.4, Muna Ps.5) with its MAC addresses,
//! hostname, an IP from the OPD's pool and its purpose.
//!
//! It lives in the OPD's `opd/X/reg` document keyed by the asset id, and
//! the asset keeps the same MAC, hostname and IP. Each submission raises
//! `revision`; Diskominfo's [`Decision`] names the revision it decided, so
//! the status is read from both documents and never written twice.

use crate::error::{FieldError, ValidationErrors};
use crate::mac::parse_mac_list;
use crate::network::{parse_hostname, parse_ipv4};
use crate::regency::{Decision, Verdict};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct Registration {
    /// The asset's id.
    pub id: String,
    pub opd: String,
    /// The asset's name and register tag, for lists outside the OPD.
    pub asset_name: String,
    pub hostname: String,
    /// Normalized MAC addresses, `, ` separated (as on the asset).
    pub macs: String,
    pub ip: String,
    pub purpose: String,
    /// 1 for the first submission, +1 for each change.
    pub revision: i64,
    pub submitted_at: String,
    pub submitted_by: String,
}

impl Registration {
    pub fn mac_list(&self) -> impl Iterator<Item = &str> {
        self.macs
            .split(',')
            .map(str::trim)
            .filter(|m| !m.is_empty())
    }
}

/// Where a registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    Diajukan,
    Disetujui,
    Ditolak,
}

impl RegistrationStatus {
    pub const ALL: [RegistrationStatus; 3] = [
        RegistrationStatus::Diajukan,
        RegistrationStatus::Disetujui,
        RegistrationStatus::Ditolak,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RegistrationStatus::Diajukan => "Diajukan",
            RegistrationStatus::Disetujui => "Disetujui",
            RegistrationStatus::Ditolak => "Ditolak",
        }
    }

    /// The status given the regency document's decision, if any.
    pub fn of(reg: &Registration, decision: Option<&Decision>) -> RegistrationStatus {
        match decision {
            Some(d) if d.revision == reg.revision => match d.verdict {
                Verdict::Disetujui => RegistrationStatus::Disetujui,
                Verdict::Ditolak => RegistrationStatus::Ditolak,
            },
            _ => RegistrationStatus::Diajukan,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            RegistrationStatus::Diajukan => "diajukan",
            RegistrationStatus::Disetujui => "disetujui",
            RegistrationStatus::Ditolak => "ditolak",
        }
    }
}

/// The registration form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct RegistrationInput {
    pub asset_id: String,
    pub macs: String,
    pub hostname: String,
    pub ip: String,
    pub purpose: String,
}

/// A validated form: normalized values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationFields {
    pub macs: Vec<String>,
    pub hostname: String,
    pub ip: std::net::Ipv4Addr,
    pub purpose: String,
}

impl RegistrationInput {
    pub fn validate(&self) -> Result<RegistrationFields, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let macs = errs
            .check(parse_mac_list("macs", &self.macs))
            .unwrap_or_default();
        if macs.is_empty() && !self.macs.trim().is_empty() {
            // parse_mac_list reported the error already
        } else if macs.is_empty() {
            errs.push(FieldError::new(
                "macs",
                "macs.required",
                "Isi minimal satu alamat MAC (lihat label perangkat atau `ipconfig /all`).",
            ));
        }
        let hostname = if self.hostname.trim().is_empty() {
            errs.push(FieldError::new(
                "hostname",
                "hostname.required",
                "Nama host wajib diisi, mis. dinkes-pc-04.",
            ));
            String::new()
        } else {
            errs.check(parse_hostname("hostname", &self.hostname))
                .unwrap_or_default()
        };
        let ip = if self.ip.trim().is_empty() {
            errs.push(FieldError::new(
                "ip",
                "ip.required",
                "Pilih alamat IP dari kumpulan OPD (tombol \"IP bebas berikutnya\").",
            ));
            None
        } else {
            errs.check(parse_ipv4("ip", &self.ip))
        };
        let purpose = self.purpose.trim().to_owned();
        if purpose.is_empty() {
            errs.push(FieldError::new(
                "purpose",
                "purpose.required",
                "Tulis untuk apa perangkat ini tersambung ke jaringan.",
            ));
        }
        let fields = RegistrationFields {
            macs,
            hostname,
            ip: ip.unwrap_or(std::net::Ipv4Addr::UNSPECIFIED),
            purpose,
        };
        errs.into_result(fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_follows_the_decided_revision() {
        let mut reg = Registration {
            id: "a".into(),
            revision: 1,
            ..Default::default()
        };
        assert_eq!(
            RegistrationStatus::of(&reg, None),
            RegistrationStatus::Diajukan
        );
        let d = Decision {
            revision: 1,
            verdict: Verdict::Ditolak,
            ..Default::default()
        };
        assert_eq!(
            RegistrationStatus::of(&reg, Some(&d)),
            RegistrationStatus::Ditolak
        );
        reg.revision = 2;
        assert_eq!(
            RegistrationStatus::of(&reg, Some(&d)),
            RegistrationStatus::Diajukan,
            "a changed registration goes back to the queue"
        );
    }

    #[test]
    fn form_needs_every_field() {
        let e = RegistrationInput::default().validate().expect_err("empty");
        let codes: Vec<_> = e.0.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "macs.required",
                "hostname.required",
                "ip.required",
                "purpose.required"
            ]
        );
        let ok = RegistrationInput {
            asset_id: "a".into(),
            macs: "3c-52-82-1a-2b-3c, 3C52821A2B3D".into(),
            hostname: "DINKES-PC-04".into(),
            ip: "10.20.1.15".into(),
            purpose: "SIMPUS".into(),
        }
        .validate()
        .expect("valid");
        assert_eq!(ok.macs, ["3C:52:82:1A:2B:3C", "3C:52:82:1A:2B:3D"]);
        assert_eq!(ok.hostname, "dinkes-pc-04");
    }
}

crate::labelled!(RegistrationStatus, RegistrationStatus::ALL, {
    RegistrationStatus::Diajukan => "Submitted",
    RegistrationStatus::Disetujui => "Approved",
    RegistrationStatus::Ditolak => "Rejected",
});

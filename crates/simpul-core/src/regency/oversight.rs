//! Pengawasan: Diskominfo's oversight visits to an OPD (Mukomuko Ps.23-24:
//! registered equipment is overseen periodically): when, by whom, what was
//! found and what the OPD must do. Written by Diskominfo only, read by
//! every OPD (it lives in the regency document, see
//! `schema::Collection::Visits`).

use crate::error::{FieldError, ValidationErrors};
use crate::nip::Nip;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

/// The regency document's settings map holds visits under keys with this prefix.
pub const KEY_PREFIX: &str = "visit/";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct OversightVisit {
    pub id: String,
    pub opd: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub officer: String,
    /// The officer's NIP (18 digits).
    pub officer_nip: String,
    pub findings: String,
    /// What the OPD is to do about them.
    pub follow_up: String,
    /// The follow-up is done.
    pub settled: bool,
}

impl OversightVisit {
    /// The key of the visit in the regency document.
    pub fn key(&self) -> String {
        format!("{KEY_PREFIX}{}", self.id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct OversightVisitInput {
    /// Empty for a new visit.
    pub id: String,
    pub opd: String,
    pub date: String,
    pub officer: String,
    pub officer_nip: String,
    pub findings: String,
    pub follow_up: String,
    pub settled: bool,
}

fn text(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl OversightVisitInput {
    /// The visit over `base` (its id); `today` bounds the date.
    pub fn apply_to(
        &self,
        base: &OversightVisit,
        today: NaiveDate,
    ) -> Result<OversightVisit, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let mut v = base.clone();
        v.opd = self.opd.trim().to_uppercase();
        if v.opd.is_empty() {
            errs.push(FieldError::new(
                "opd",
                "opd.required",
                "Pilih OPD yang diawasi.",
            ));
        }
        if let Some(d) = errs.check(crate::past_date::past_date(
            "date",
            &self.date,
            today,
            "Tanggal kunjungan",
        )) {
            v.date = d.to_string();
        }
        v.officer = text(&self.officer);
        if v.officer.is_empty() {
            errs.push(FieldError::new(
                "officer",
                "officer.required",
                "Nama petugas pengawasan wajib diisi.",
            ));
        }
        v.officer_nip = if self.officer_nip.trim().is_empty() {
            String::new()
        } else {
            errs.check(Nip::parse("officer_nip", &self.officer_nip))
                .map(|n| n.digits().to_owned())
                .unwrap_or_default()
        };
        v.findings = self.findings.trim().to_owned();
        if v.findings.is_empty() {
            errs.push(FieldError::new(
                "findings",
                "findings.required",
                "Tuliskan temuan pengawasan.",
            ));
        }
        v.follow_up = self.follow_up.trim().to_owned();
        v.settled = self.settled;
        errs.into_result(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visit_needs_its_opd_date_officer_and_findings() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
        let ok = OversightVisitInput {
            opd: "dinkes".into(),
            date: "2026-11-30".into(),
            officer: " Dedi  Kurniawan ".into(),
            officer_nip: "19800214 200312 1 002".into(),
            findings: "Antivirus 4 PC kedaluwarsa.".into(),
            follow_up: "Perbarui sebelum 15 Desember.".into(),
            ..Default::default()
        }
        .apply_to(&OversightVisit::default(), today)
        .expect("valid");
        assert_eq!(
            (
                ok.opd.as_str(),
                ok.officer.as_str(),
                ok.officer_nip.as_str()
            ),
            ("DINKES", "Dedi Kurniawan", "198002142003121002")
        );
        let bad = OversightVisitInput {
            date: "2026-12-02".into(),
            officer_nip: "123".into(),
            ..Default::default()
        }
        .apply_to(&OversightVisit::default(), today)
        .expect_err("bad");
        let fields: Vec<&str> = bad.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["opd", "date", "officer", "officer_nip", "findings"]
        );
    }
}

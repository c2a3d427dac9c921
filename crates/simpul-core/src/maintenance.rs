//! Maintenance log entries (Mukomuko Ps.23-26, Muna Ps.26): hardware,
//! software, virus & spam checks of one asset.

use crate::error::{FieldError, ValidationErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum MaintenanceKind {
    #[default]
    PerangkatKeras,
    PerangkatLunak,
    VirusSpam,
}

impl MaintenanceKind {
    pub const ALL: [MaintenanceKind; 3] = [
        MaintenanceKind::PerangkatKeras,
        MaintenanceKind::PerangkatLunak,
        MaintenanceKind::VirusSpam,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MaintenanceKind::PerangkatKeras => "Perangkat keras",
            MaintenanceKind::PerangkatLunak => "Perangkat lunak",
            MaintenanceKind::VirusSpam => "Virus & spam",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct MaintenanceEntry {
    pub id: String,
    pub asset_id: String,
    pub kind: MaintenanceKind,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub technician: String,
    pub result: String,
    /// What it cost, in whole rupiah, when known.
    pub cost: Option<i64>,
    /// Where the money came from (`APBD 2026`, `BOS`, ...).
    pub funding: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct MaintenanceInput {
    pub asset_id: String,
    pub kind: MaintenanceKind,
    pub date: String,
    pub technician: String,
    pub result: String,
    /// Rupiah as typed (`1.500.000`); empty when unknown.
    pub cost: String,
    pub funding: String,
}

impl MaintenanceInput {
    /// Validates the entry; `today` bounds the date (no future maintenance).
    pub fn validate(&self, today: NaiveDate) -> Result<MaintenanceEntry, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        errs.check(crate::past_date::past_date(
            "date",
            &self.date,
            today,
            "Tanggal pemeliharaan",
        ));
        if self.technician.trim().is_empty() {
            errs.push(FieldError::new(
                "technician",
                "technician.required",
                "Nama teknisi wajib diisi.",
            ));
        }
        if self.result.trim().is_empty() {
            errs.push(FieldError::new(
                "result",
                "result.required",
                "Hasil pemeliharaan wajib diisi.",
            ));
        }
        let cost = match crate::rupiah::parse_rupiah("cost", &self.cost) {
            Ok(c) => c,
            Err(e) => {
                errs.push(e);
                None
            }
        };
        errs.into_result(MaintenanceEntry {
            asset_id: self.asset_id.clone(),
            kind: self.kind,
            date: self.date.trim().to_owned(),
            technician: self.technician.trim().to_owned(),
            result: self.result.trim().to_owned(),
            cost,
            funding: self
                .funding
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            ..Default::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_future_and_empty() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
        let ok = MaintenanceInput {
            date: "2026-11-20".into(),
            technician: "Budi".into(),
            result: "Bersih".into(),
            ..Default::default()
        };
        assert!(ok.validate(today).is_ok());
        let bad = MaintenanceInput {
            date: "2026-12-01".into(),
            ..Default::default()
        };
        let e = bad.validate(today).expect_err("bad").0;
        assert_eq!(
            e.iter().map(|e| e.code.as_str()).collect::<Vec<_>>(),
            ["date.future", "technician.required", "result.required"]
        );
    }

    #[test]
    fn a_cost_is_whole_rupiah_with_its_funding() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
        let entry = |cost: &str| MaintenanceInput {
            date: "2026-11-20".into(),
            technician: "Budi".into(),
            result: "Bersih".into(),
            cost: cost.into(),
            funding: "  APBD   2026 ".into(),
            ..Default::default()
        };
        let ok = entry("Rp 1.500.000").validate(today).expect("valid");
        assert_eq!(
            (ok.cost, ok.funding.as_str()),
            (Some(1_500_000), "APBD 2026")
        );
        assert_eq!(entry("").validate(today).expect("valid").cost, None);
        let bad = entry("satu juta").validate(today).expect_err("bad").0;
        assert_eq!(bad[0].field, "cost");
    }
}

crate::labelled!(MaintenanceKind, MaintenanceKind::ALL, {
    MaintenanceKind::PerangkatKeras => "Hardware",
    MaintenanceKind::PerangkatLunak => "Software",
    MaintenanceKind::VirusSpam => "Virus & spam",
});

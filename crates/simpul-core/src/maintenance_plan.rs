//! Maintenance plans (Mukomuko Ps.23-27: registered equipment is overseen
//! and maintained periodically for hardware, software and virus/spam): an
//! interval for one asset or for every asset of a category in an OPD, and
//! when each asset is next due. Logging a maintenance entry of the plan's
//! kind moves the due date: the next one is the interval after the last.

use crate::error::{FieldError, ValidationErrors};
use crate::kode_barang::Category;
use crate::maintenance::MaintenanceKind;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use specta::Type;

/// What a plan covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum PlanTarget {
    /// One asset.
    Asset,
    /// Every active asset of a category in the OPD.
    #[default]
    Category,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct MaintenancePlan {
    pub id: String,
    pub opd: String,
    pub target: PlanTarget,
    /// The asset, for a plan of one asset.
    pub asset_id: String,
    /// The category's key (`komputer`, `server`, ...), for a category plan.
    pub category: String,
    pub kind: MaintenanceKind,
    /// Months between two maintenances (1 to 60).
    pub every_months: u32,
    /// `YYYY-MM-DD`: when the first is due (an asset never maintained is due then).
    pub start: String,
    pub note: String,
    /// A stopped plan stays in the record but lists nothing due.
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct MaintenancePlanInput {
    /// Empty for a new plan.
    pub id: String,
    /// The OPD, on a Diskominfo device (others plan for their own).
    pub opd: String,
    pub target: PlanTarget,
    pub asset_id: String,
    pub category: String,
    pub kind: MaintenanceKind,
    /// As typed: `6`.
    pub every_months: String,
    pub start: String,
    pub note: String,
    pub active: bool,
}

impl MaintenancePlanInput {
    /// The plan, over `base` (its id and OPD).
    pub fn apply_to(&self, base: &MaintenancePlan) -> Result<MaintenancePlan, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let mut p = base.clone();
        p.target = self.target;
        p.kind = self.kind;
        p.active = self.active;
        p.note = self.note.split_whitespace().collect::<Vec<_>>().join(" ");
        match self.target {
            PlanTarget::Asset => {
                p.asset_id = self.asset_id.trim().to_owned();
                p.category = String::new();
                if p.asset_id.is_empty() {
                    errs.push(FieldError::new(
                        "asset_id",
                        "asset_id.required",
                        "Pilih aset yang direncanakan pemeliharaannya.",
                    ));
                }
            }
            PlanTarget::Category => {
                p.asset_id = String::new();
                match crate::choice::from_key::<Category>(self.category.trim()) {
                    Some(c) => p.category = crate::choice::key_of(&c),
                    None => errs.push(FieldError::new(
                        "category",
                        "category.unknown",
                        "Pilih kategori aset (mis. Komputer (PC), Server).",
                    )),
                }
            }
        }
        match self.every_months.trim().parse::<u32>() {
            Ok(m) if (1..=60).contains(&m) => p.every_months = m,
            _ => errs.push(FieldError::new(
                "every_months",
                "every_months.range",
                format!(
                    "Selang pemeliharaan \"{}\" harus 1 sampai 60 bulan.",
                    self.every_months.trim()
                ),
            )),
        }
        match NaiveDate::parse_from_str(self.start.trim(), "%Y-%m-%d") {
            Ok(d) => p.start = d.to_string(),
            Err(_) => errs.push(FieldError::new(
                "start",
                "date.format",
                "Tanggal mulai harus berformat TTTT-BB-HH.",
            )),
        }
        errs.into_result(p)
    }
}

impl MaintenancePlan {
    /// The plan's first due date.
    pub fn start_date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&self.start, "%Y-%m-%d").ok()
    }

    /// When an asset last maintained (of this plan's kind) on `last` is
    /// next due: the interval after the last, never before the plan starts.
    pub fn next_due(&self, last: Option<NaiveDate>) -> Option<NaiveDate> {
        let start = self.start_date()?;
        let after_last = last.and_then(|d| d.checked_add_months(Months::new(self.every_months)));
        Some(after_last.map_or(start, |d| d.max(start)))
    }
}

/// Where a due date stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DueState {
    /// Past its date.
    Overdue,
    /// Within the next [`DUE_SOON_DAYS`] days.
    DueSoon,
    Later,
}

/// How far ahead "due soon" looks.
pub const DUE_SOON_DAYS: i64 = 30;

pub fn due_state(due: NaiveDate, today: NaiveDate) -> DueState {
    let days = (due - today).num_days();
    if days < 0 {
        DueState::Overdue
    } else if days <= DUE_SOON_DAYS {
        DueState::DueSoon
    } else {
        DueState::Later
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn input() -> MaintenancePlanInput {
        MaintenancePlanInput {
            target: PlanTarget::Category,
            category: "komputer".into(),
            kind: MaintenanceKind::VirusSpam,
            every_months: "6".into(),
            start: "2026-01-15".into(),
            active: true,
            ..Default::default()
        }
    }

    #[test]
    fn logging_an_entry_moves_the_due_date_by_the_interval() {
        let p = input()
            .apply_to(&MaintenancePlan::default())
            .expect("valid");
        assert_eq!(
            p.next_due(None),
            Some(day("2026-01-15")),
            "never done: due at the start"
        );
        assert_eq!(p.next_due(Some(day("2026-03-31"))), Some(day("2026-09-30")));
        assert_eq!(
            p.next_due(Some(day("2025-02-01"))),
            Some(day("2026-01-15")),
            "not before the plan starts"
        );
        assert_eq!(
            due_state(day("2026-09-30"), day("2026-10-01")),
            DueState::Overdue
        );
        assert_eq!(
            due_state(day("2026-09-30"), day("2026-09-10")),
            DueState::DueSoon
        );
        assert_eq!(
            due_state(day("2026-12-30"), day("2026-09-10")),
            DueState::Later
        );
    }

    #[test]
    fn bad_plans_name_their_fields() {
        let bad = MaintenancePlanInput {
            category: "kursi".into(),
            every_months: "0".into(),
            start: "15/01/2026".into(),
            ..input()
        };
        let fields: Vec<String> = bad
            .apply_to(&MaintenancePlan::default())
            .expect_err("bad")
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["category", "every_months", "start"]);
        let no_asset = MaintenancePlanInput {
            target: PlanTarget::Asset,
            ..input()
        };
        assert_eq!(
            no_asset
                .apply_to(&MaintenancePlan::default())
                .expect_err("asset")
                .0[0]
                .field,
            "asset_id"
        );
    }
}

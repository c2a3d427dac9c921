//! Maintenance plans and what they make due; correcting a logged entry;
//! Diskominfo's oversight visits.

use crate::Service;
use chrono::NaiveDate;
use simpul_core::maintenance_plan::{MaintenancePlan, MaintenancePlanInput};
use simpul_core::regency::oversight::{OversightVisit, OversightVisitInput};
use simpul_core::{ApiError, FieldError, MaintenanceEntry, MaintenanceInput, ValidationErrors};
use simpul_store::{DueItem, PlanView};

impl Service {
    pub fn plans(&self) -> Result<Vec<PlanView>, ApiError> {
        Ok(self.configured()?.plans()?)
    }

    pub fn plan_save(&self, input: &MaintenancePlanInput) -> Result<MaintenancePlan, ApiError> {
        let plan = self.configured()?.save_plan(input)?;
        self.edited();
        Ok(plan)
    }

    /// What the plans make due on `on` (`YYYY-MM-DD`, empty for today):
    /// overdue and due within 30 days, or every covered asset when `all`;
    /// of one asset when `asset` is given.
    pub fn maintenance_due(
        &self,
        on: &str,
        asset: Option<&str>,
        all: bool,
    ) -> Result<Vec<DueItem>, ApiError> {
        let r = self.configured()?;
        let day = if on.trim().is_empty() {
            r.today()
        } else {
            NaiveDate::parse_from_str(on.trim(), "%Y-%m-%d").map_err(|_| {
                ValidationErrors(vec![FieldError::new(
                    "on",
                    "date.format",
                    "Tanggal harus berformat TTTT-BB-HH.",
                )])
            })?
        };
        Ok(r.maintenance_due(day, None, asset, all)?)
    }

    /// Corrects a logged maintenance entry; its history keeps the old values.
    pub fn maintenance_update(
        &self,
        id: &str,
        input: &MaintenanceInput,
    ) -> Result<MaintenanceEntry, ApiError> {
        let entry = self.configured()?.update_maintenance(id, input)?;
        self.edited();
        Ok(entry)
    }

    /// The oversight visits this device shows.
    pub fn visits(&self) -> Result<Vec<OversightVisit>, ApiError> {
        Ok(self.configured()?.visits()?)
    }

    /// Records or corrects an oversight visit (a Diskominfo device).
    pub fn visit_save(&self, input: &OversightVisitInput) -> Result<OversightVisit, ApiError> {
        let visit = self.configured()?.save_visit(input)?;
        self.edited();
        Ok(visit)
    }
}

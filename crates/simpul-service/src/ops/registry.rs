//! Network registration (the OPD's side) and the regency document
//! (Diskominfo's side: OPDs, IP pools, security levels, decisions).

use crate::Service;
use simpul_core::regency::{
    DecisionInput, IpPool, IpPoolInput, OpdEntry, OpdEntryInput, SecurityLevel, SecurityLevelInput,
};
use simpul_core::{ApiError, RegistrationInput, RegistrationStatus};
use simpul_store::{RegencyView, RegistrationView};

impl Service {
    pub fn registration_of(&self, asset_id: &str) -> Result<Option<RegistrationView>, ApiError> {
        Ok(self.replica()?.registration_of(asset_id)?)
    }

    /// Every registration this device may see, optionally of one status.
    pub fn registrations(
        &self,
        status: Option<RegistrationStatus>,
    ) -> Result<Vec<RegistrationView>, ApiError> {
        Ok(self.replica()?.registrations(status)?)
    }

    pub fn register(&self, input: &RegistrationInput) -> Result<RegistrationView, ApiError> {
        let v = self.replica()?.register(input)?;
        self.edited();
        Ok(v)
    }

    /// The first free address of an OPD's pools, as far as this device knows.
    pub fn next_free_ip(&self, opd: &str) -> Result<Option<String>, ApiError> {
        Ok(self.replica()?.next_free_ip(opd)?)
    }

    pub fn registration_decide(&self, input: &DecisionInput) -> Result<RegistrationView, ApiError> {
        let v = self.replica()?.decide(input)?;
        self.edited();
        Ok(v)
    }

    pub fn regency(&self) -> Result<RegencyView, ApiError> {
        Ok(self.replica()?.regency()?)
    }

    /// Sets the days without a sync or a change before an OPD is overdue.
    pub fn overdue_days_set(&self, days: &str) -> Result<i64, ApiError> {
        let d = self.replica()?.set_overdue_days(days)?;
        self.edited();
        Ok(d)
    }

    pub fn regency_opd_save(&self, input: &OpdEntryInput) -> Result<OpdEntry, ApiError> {
        let o = self.replica()?.save_opd_entry(input)?;
        self.edited();
        Ok(o)
    }

    pub fn pool_save(&self, input: &IpPoolInput) -> Result<IpPool, ApiError> {
        let p = self.replica()?.save_pool(input)?;
        self.edited();
        Ok(p)
    }

    pub fn level_save(&self, input: &SecurityLevelInput) -> Result<SecurityLevel, ApiError> {
        let l = self.replica()?.save_level(input)?;
        self.edited();
        Ok(l)
    }

    /// Fills an empty list of security levels with the suggested three.
    pub fn levels_seed(&self) -> Result<Vec<SecurityLevel>, ApiError> {
        let l = self.replica()?.seed_levels()?;
        self.edited();
        Ok(l)
    }
}

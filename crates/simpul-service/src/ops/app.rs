//! First run, profile, demo data and the enum option lists.

use crate::Service;
use serde::Serialize;
use simpul_core::cabling::{CableKind, CableStatus, NodeKind};
use simpul_core::choice::{choices, Choice};
use simpul_core::{ApiError, Condition, Lifecycle, MaintenanceKind, RegistrationStatus};
use simpul_store::{Profile, ProfileInput, Stats};
use specta::Type;

#[derive(Debug, Serialize, Type)]
pub struct AppInfo {
    pub profile: Option<Profile>,
    pub replica_path: String,
    pub version: String,
    /// A Diskominfo device: the asset list shows every OPD, with a picker.
    pub diskominfo: bool,
    /// The fingerprint of the device's signing key, as `simpul admin
    /// devices` shows it at the data center.
    pub key_fingerprint: Option<String>,
}

/// Every closed list a front end offers, with both labels of each value.
#[derive(Debug, Serialize, Type)]
pub struct ChoiceLists {
    pub condition: Vec<Choice>,
    pub lifecycle: Vec<Choice>,
    pub maintenance_kind: Vec<Choice>,
    /// Asset categories (maintenance plans by category).
    pub category: Vec<Choice>,
    pub node_kind: Vec<Choice>,
    pub cable_kind: Vec<Choice>,
    pub cable_status: Vec<Choice>,
    pub registration_status: Vec<Choice>,
    pub label_format: Vec<Choice>,
    pub role: Vec<Choice>,
}

/// What loading demo data did.
#[derive(Debug, Serialize, Type)]
pub struct DemoLoaded {
    /// False when the replica already held data (nothing was written).
    pub written: bool,
    pub stats: Stats,
}

impl Service {
    pub fn app_info(&self) -> Result<AppInfo, ApiError> {
        let r = self.replica()?;
        Ok(AppInfo {
            profile: r.profile().ok().cloned(),
            replica_path: r.path().display().to_string(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            diskominfo: r.is_configured() && r.is_diskominfo()?,
            key_fingerprint: r
                .public_key()?
                .map(|k| simpul_sync::signature::fingerprint(&k)),
        })
    }

    /// Sets up (or changes) the device's profile.
    pub fn profile_save(&self, input: &ProfileInput) -> Result<Profile, ApiError> {
        let profile = self.replica()?.setup(input)?;
        self.spawn_warm_up();
        self.changed();
        Ok(profile)
    }

    /// Sets up the demo OPD (when not set up yet) and fills it with
    /// `assets` demo assets, unless the replica already holds data.
    pub fn demo_load(
        &self,
        assets: usize,
        seed: u64,
        progress: &mut dyn FnMut(u32, u32),
    ) -> Result<DemoLoaded, ApiError> {
        let loaded = {
            let mut r = self.replica()?;
            let written = r.start_demo(assets, seed, progress)?;
            DemoLoaded {
                written,
                stats: r.stats()?,
            }
        };
        self.spawn_warm_up();
        self.changed();
        Ok(loaded)
    }

    /// The closed lists and their labels (loaded once by a front end).
    pub fn choices(&self) -> ChoiceLists {
        ChoiceLists {
            condition: choices::<Condition>(),
            lifecycle: choices::<Lifecycle>(),
            maintenance_kind: choices::<MaintenanceKind>(),
            category: choices::<simpul_core::kode_barang::Category>(),
            node_kind: choices::<NodeKind>(),
            cable_kind: choices::<CableKind>(),
            cable_status: choices::<CableStatus>(),
            registration_status: choices::<RegistrationStatus>(),
            label_format: choices::<simpul_labels::LabelFormat>(),
            role: choices::<simpul_core::person::Role>(),
        }
    }

    pub fn stats(&self) -> Result<Stats, ApiError> {
        Ok(self.configured()?.stats()?)
    }
}
